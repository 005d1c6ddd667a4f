//! The JSON report contract (schema_version 2, docs/report-format.md).
//!
//! These structs are written independently of the library's types and reject
//! unknown fields, so renaming, adding or removing a field in the report
//! fails this test until the schema, its documentation and this contract
//! change together.

use serde::Deserialize;

use crate::common::*;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Report {
    schema_version: u32,
    tool: Tool,
    generated_at: String,
    settings: Settings,
    vaults: Vec<Vault>,
    checks: Vec<Check>,
    findings: Vec<Finding>,
    summary: Summary,
    accounts: Vec<Account>,
    ignored: Vec<Finding>,
    baseline: Option<BaselineSummary>,
    resolved: Vec<Finding>,
    not_rechecked: Vec<Finding>,
    vaults_failed: Vec<FailedVault>,
    /// The phone map: numbers by their last four digits only.
    phones: Vec<PhoneMap>,
    /// With --timings only.
    #[serde(default)]
    timings: Option<serde_json::Value>,
    warnings: Vec<String>,
    /// The warnings in the other languages, in the same order.
    #[serde(default)]
    translations: std::collections::BTreeMap<String, WarningsText>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct WarningsText {
    warnings: Vec<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ReasonText {
    reason: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct FindingText {
    message: String,
    remediation: String,
    site: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct FailedVault {
    name: String,
    path: String,
    reason: String,
    #[serde(default)]
    translations: std::collections::BTreeMap<String, ReasonText>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct BaselineSummary {
    generated_at: String,
    new: u64,
    known: u64,
    resolved: u64,
    not_rechecked: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct IgnoreNote {
    index: u64,
    reason: String,
    until: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Account {
    entries: Vec<EntryRef>,
    site: String,
    site_id: Option<String>,
    categories: Vec<String>,
    matched_by: Vec<String>,
    requires: Vec<String>,
    two_factor: TwoFactor,
    two_factor_offered: String,
    two_factor_methods_offered: Vec<String>,
    two_factor_methods_noted: Vec<String>,
    rules: Vec<String>,
    passkeys: Passkeys,
    phone: Phone,
    #[serde(default)]
    translations: std::collections::BTreeMap<String, SiteText>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct SiteText {
    site: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Passkeys {
    accepted: bool,
    passwordless: bool,
    mfa: bool,
    held: bool,
    sign: Option<NoteRef>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct NoteRef {
    kind: String,
    label: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct TwoFactor {
    state: String,
    method: Option<String>,
    sign: Option<NoteRef>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Phone {
    state: String,
    sign: Option<NoteRef>,
}

const NOTE_KINDS: [&str; 6] = ["otp-secret", "passkey", "field", "notes", "tag", "username"];

fn check_note(n: &NoteRef) {
    assert!(NOTE_KINDS.contains(&n.kind.as_str()), "{n:?}");
    assert_eq!(n.label.is_none(), n.kind == "username", "{n:?}");
}

fn check_two_factor(t: &TwoFactor) {
    match t.state.as_str() {
        "on" => {
            let m = t.method.as_deref().unwrap();
            assert!(
                [
                    "app",
                    "sms",
                    "call",
                    "email",
                    "security-key",
                    "passkey",
                    "declared"
                ]
                .contains(&m),
                "{t:?}"
            );
            check_note(t.sign.as_ref().unwrap());
        }
        "off" => {
            assert!(t.method.is_none());
            check_note(t.sign.as_ref().unwrap());
        }
        "not-noted" => assert!(t.method.is_none() && t.sign.is_none(), "{t:?}"),
        other => panic!("two_factor.state {other}"),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Tool {
    name: String,
    version: String,
    data: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Settings {
    min_score: u8,
    fail_on: String,
    breach: String,
    allow_incomplete: bool,
    lang: String,
    config: Option<String>,
    baseline: Option<String>,
    fail_on_new: bool,
    family: Option<String>,
    privacy: String,
    #[serde(default)]
    as_of: Option<String>,
    #[serde(default)]
    as_of_source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Vault {
    name: String,
    path: String,
    format: String,
    kdf: String,
    cipher: String,
    entries_audited: u64,
    entries_excluded: u64,
    entries_in_recycle_bin: u64,
    summary: Summary,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Check {
    id: String,
    rules: Vec<String>,
    status: Status,
    reason: Option<String>,
    #[serde(default)]
    translations: std::collections::BTreeMap<String, ReasonText>,
    passwords_checked: Option<u64>,
    passwords_unchecked: Option<u64>,
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(rename_all = "lowercase")]
enum Status {
    Complete,
    Incomplete,
    Skipped,
}

#[derive(Deserialize, PartialEq, PartialOrd, Debug, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Finding {
    rule: String,
    severity: Severity,
    message: String,
    remediation: String,
    entries: Vec<EntryRef>,
    details: Details,
    fingerprint: String,
    baseline: Option<String>,
    ignore: Option<IgnoreNote>,
    /// Findings about a vault itself (`vault/*`): its name; no entries.
    vault: Option<String>,
    #[serde(default)]
    translations: std::collections::BTreeMap<String, FindingText>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct EntryRef {
    vault: String,
    group: String,
    title: String,
    uuid: String,
    #[serde(default)]
    password_set_at: Option<String>,
    #[serde(default)]
    protects: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Details {
    score: Option<u8>,
    accounts: Option<u64>,
    domain: Option<String>,
    username: Option<String>,
    same_password: Option<bool>,
    expired_at: Option<String>,
    url: Option<String>,
    breach_band: Option<String>,
    site: Option<String>,
    site_id: Option<String>,
    category: Option<String>,
    two_factor: Option<TwoFactor>,
    two_factor_offered: Option<String>,
    two_factor_methods_offered: Option<Vec<String>>,
    two_factor_methods_noted: Option<Vec<String>>,
    passwordless: Option<bool>,
    kdf: Option<KdfNote>,
    changed_at: Option<String>,
    age_days: Option<u64>,
    max_age_days: Option<u64>,
    old_password_of: Option<Vec<EntryRef>>,
    old_passwords: Option<OldPasswords>,
    /// `account/phone-outdated`: last four digits only.
    phones_outdated: Option<Vec<String>>,
    /// `account/recovery-email-weak`.
    recovery_mailbox: Option<EntryRef>,
    mailbox_weaknesses: Option<Vec<String>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct PhoneMap {
    vault: String,
    number: String,
    current: Option<bool>,
    accounts_count: u64,
    without_other_way: u64,
    accounts: Vec<PhoneAccount>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct PhoneAccount {
    site: String,
    site_id: Option<String>,
    entries: Vec<EntryRef>,
    other_ways: Vec<String>,
    recovery_mailbox: String,
    recovery_mailbox_entry: Option<EntryRef>,
    #[serde(default)]
    translations: std::collections::BTreeMap<String, SiteText>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct KdfNote {
    name: String,
    rounds: Option<u64>,
    memory_mib: Option<u64>,
    iterations: Option<u64>,
    parallelism: Option<u32>,
    unlock_ms: u64,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct OldPasswords {
    flagged: u64,
    breached: u64,
    reused: u64,
    in_history: u64,
    in_recycle_bin: u64,
    unchecked: u64,
    entries: Vec<EntryRef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Summary {
    critical: u64,
    high: u64,
    medium: u64,
    low: u64,
    info: u64,
    total: u64,
    ignored: u64,
    entries_audited: u64,
    score: u8,
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && s.chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c))
}

const RULES: [(&str, Severity); 23] = [
    ("password/same-as-master", Severity::Critical),
    ("password/reused-old", Severity::Medium),
    ("password/stale", Severity::Low),
    ("password/similar", Severity::Low),
    ("vault/weak-master-password", Severity::High),
    ("vault/weak-kdf", Severity::Medium),
    ("vault/master-key-age", Severity::Low),
    ("vault/legacy-format", Severity::Low),
    ("vault/history-secrets", Severity::Info),
    ("password/breached", Severity::Critical),
    ("password/reused", Severity::High),
    ("password/empty", Severity::High),
    ("password/weak", Severity::Medium),
    ("entry/expired", Severity::Low),
    ("entry/insecure-url", Severity::Low),
    ("account/duplicate", Severity::Info),
    ("account/shared", Severity::Info),
    ("account/no-2fa", Severity::High),
    ("account/no-phone", Severity::Medium),
    ("account/passkey-available", Severity::Low),
    ("account/sms-only-2fa", Severity::Low),
    ("account/phone-outdated", Severity::High),
    ("account/recovery-email-weak", Severity::High),
];

#[test]
fn every_report_matches_the_schema() {
    // Each fixture with the breach check off, and each with an offline
    // corpus holding every fixture secret, so that breach findings and the
    // check's counts go through the contract too.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.txt");
    write_corpus_of_all_secrets(&corpus, 7, 2000, true);
    let mut breached_seen = 0;
    let mut accounts_seen = 0;
    for (v, breach) in manifest()
        .into_iter()
        .flat_map(|v| [(v.clone(), None), (v, Some(corpus.clone()))])
    {
        let mut c = audit_cmd(&v);
        c.args(["--format", "json", "--fail-on", "never"]);
        if let Some(p) = &breach {
            c.arg("--breach").arg(p);
        }
        let out = run(&mut c);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let r: Report = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{}: report does not match the contract: {e}", v.file));
        assert_eq!(r.schema_version, 2);
        // Every entry says when its password was set (audit.kdbx's entries
        // all have a modification time), in RFC 3339.
        for f in &r.findings {
            for e in &f.entries {
                let t = e
                    .password_set_at
                    .as_deref()
                    .unwrap_or_else(|| panic!("{e:?}"));
                assert!(chrono::DateTime::parse_from_rfc3339(t).is_ok(), "{t}");
                if let Some(p) = &e.protects {
                    assert!(
                        ["money", "recovery", "shop", "unlisted-shop"].contains(&p.as_str()),
                        "{p}"
                    );
                }
            }
        }
        assert_eq!(r.tool.name, "kdbx-audit");
        assert_eq!(r.tool.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(
            r.tool.data.get("2fa.directory").map(String::as_str),
            Some("2026-08-04")
        );
        assert_eq!(
            r.tool.data.get("passkeys.directory").map(String::as_str),
            Some("2026-08-04")
        );
        assert!(chrono_like(&r.generated_at), "{}", r.generated_at);
        assert_eq!(r.vaults.len(), 1);
        let ids: Vec<&str> = r.checks.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "breach",
                "reused",
                "empty",
                "weak",
                "expired",
                "insecure-url",
                "duplicate",
                "shared",
                "accounts",
                "history",
                "vault"
            ]
        );
        for c in &r.checks {
            if c.status != Status::Complete {
                assert!(c.reason.is_some(), "{} {} needs a reason", v.file, c.id);
            }
            assert!(!c.rules.is_empty());
            // The history check's old passwords go in the breach batch.
            if (c.id == "breach" || c.id == "history") && breach.is_some() {
                assert_eq!(c.status, Status::Complete);
                assert_eq!(c.passwords_unchecked, Some(0));
                assert!(c.passwords_checked.is_some());
            } else {
                assert_eq!(c.passwords_checked, None);
                assert_eq!(c.passwords_unchecked, None);
            }
        }
        // The phone map shows a number only as "…" and four digits.
        for p in &r.phones {
            assert!(
                p.number.starts_with('…') && p.number.chars().count() == 5,
                "{}: {}",
                v.file,
                p.number
            );
            assert_eq!(p.accounts_count as usize, p.accounts.len());
            for a in &p.accounts {
                assert!(
                    ["in-vault", "not-in-vault", "none"].contains(&a.recovery_mailbox.as_str())
                );
                assert_eq!(
                    a.recovery_mailbox == "in-vault",
                    a.recovery_mailbox_entry.is_some()
                );
                for w in &a.other_ways {
                    assert!(
                        [
                            "app",
                            "passkey",
                            "security-key",
                            "backup-codes",
                            "another-number"
                        ]
                        .contains(&w.as_str()),
                        "{w}"
                    );
                }
            }
        }
        // Every sentence also in Japanese, for `render --lang ja`.
        for f in &r.findings {
            let t = f
                .translations
                .get("ja")
                .unwrap_or_else(|| panic!("{} {}: no Japanese text", v.file, f.rule));
            assert!(!t.message.is_empty() && !t.remediation.is_empty());
            assert_ne!(t.message, f.message);
            assert_eq!(f.translations.len(), 1);
        }
        for c in &r.checks {
            assert_eq!(
                c.reason.is_some(),
                c.translations.contains_key("ja"),
                "{}",
                c.id
            );
        }
        if !r.warnings.is_empty() {
            assert_eq!(r.translations["ja"].warnings.len(), r.warnings.len());
        }
        assert!(!r.settings.allow_incomplete);
        assert_eq!(r.settings.lang, "en");
        assert_eq!(r.settings.config, None);
        assert_eq!(r.settings.baseline, None);
        assert!(!r.settings.fail_on_new);
        assert_eq!(r.settings.family, None);
        assert_eq!(r.settings.privacy, "full");
        assert!(r.vaults_failed.is_empty());
        assert!(r.baseline.is_none() && r.resolved.is_empty() && r.ignored.is_empty());
        assert_eq!(r.summary.ignored, 0);
        assert!(r.summary.score <= 100);
        assert_eq!(r.summary.entries_audited, r.vaults[0].entries_audited);
        assert_eq!(r.vaults[0].summary.score, r.summary.score);
        assert_eq!(r.vaults[0].summary.total, r.summary.total);
        for f in &r.findings {
            assert_eq!(f.fingerprint.len(), 32, "{}", f.fingerprint);
            assert!(f.fingerprint.chars().all(|c| c.is_ascii_hexdigit()));
            assert!(f.baseline.is_none() && f.ignore.is_none());
        }
        let prints: std::collections::HashSet<&str> =
            r.findings.iter().map(|f| f.fingerprint.as_str()).collect();
        assert_eq!(
            prints.len(),
            r.findings.len(),
            "{}: fingerprints are unique",
            v.file
        );
        for a in &r.accounts {
            assert!(!a.entries.is_empty() && !a.site.is_empty() && !a.categories.is_empty());
            assert!(!a.requires.is_empty() && !a.matched_by.is_empty());
            check_two_factor(&a.two_factor);
            assert!(!a.rules.is_empty());
            for r in &a.rules {
                assert!(r.starts_with("account/"), "{r}");
            }
            assert_eq!(a.passkeys.held, a.passkeys.sign.is_some());
            if let Some(s) = &a.passkeys.sign {
                check_note(s);
            }
            if !a.passkeys.accepted {
                assert!(!a.passkeys.passwordless && !a.passkeys.mfa);
            }
            if a.two_factor.state == "on" {
                let m = a.two_factor.method.as_ref().unwrap();
                assert!(a.two_factor_methods_noted.contains(m), "{a:?}");
            }
            assert!(["offered", "not-offered", "unknown"].contains(&a.two_factor_offered.as_str()));
            assert_eq!(
                a.two_factor_offered == "offered",
                !a.two_factor_methods_offered.is_empty()
            );
            match a.phone.state.as_str() {
                "noted" => check_note(a.phone.sign.as_ref().unwrap()),
                "not-noted" => assert!(a.phone.sign.is_none()),
                other => panic!("phone.state {other}"),
            }
        }
        accounts_seen += r.accounts.len();
        let mut prev = Severity::Critical;
        let mut counts = [0u64; 5];
        for f in &r.findings {
            let (_, sev) = RULES
                .iter()
                .find(|(id, _)| *id == f.rule)
                .unwrap_or_else(|| panic!("unknown rule {}", f.rule));
            assert_eq!(f.severity, *sev, "{}", f.rule);
            assert!(f.severity <= prev, "findings not ordered by severity");
            prev = f.severity;
            counts[f.severity as usize] += 1;
            assert_eq!(
                f.details.breach_band.is_some(),
                f.rule == "password/breached",
                "breach_band belongs to password/breached only"
            );
            let account_rule = f.rule.starts_with("account/") && f.rule != "account/duplicate";
            assert_eq!(f.details.site.is_some(), account_rule, "{}", f.rule);
            assert_eq!(f.details.category.is_some(), account_rule, "{}", f.rule);
            assert_eq!(
                f.details.two_factor.is_some(),
                f.rule == "account/no-2fa" || f.rule == "account/sms-only-2fa",
                "{}",
                f.rule
            );
            assert_eq!(
                f.details.passwordless.is_some(),
                f.rule == "account/passkey-available",
                "{}",
                f.rule
            );
            assert_eq!(
                f.details.two_factor_methods_noted.is_some(),
                f.rule == "account/sms-only-2fa",
                "{}",
                f.rule
            );
            assert_eq!(
                f.details.phones_outdated.is_some(),
                f.rule == "account/phone-outdated",
                "{}",
                f.rule
            );
            for n in f.details.phones_outdated.iter().flatten() {
                assert!(n.starts_with('…') && n.chars().count() == 5, "{n}");
            }
            assert_eq!(
                f.details.recovery_mailbox.is_some() && f.details.mailbox_weaknesses.is_some(),
                f.rule == "account/recovery-email-weak",
                "{}",
                f.rule
            );
            for w in f.details.mailbox_weaknesses.iter().flatten() {
                assert!(["breached", "reused", "empty", "weak", "no-2fa"].contains(&w.as_str()));
            }
            if let Some(t) = &f.details.two_factor {
                check_two_factor(t);
                if f.rule == "account/no-2fa" {
                    assert_ne!(t.state, "on");
                    assert!(f.details.two_factor_offered.is_some());
                } else {
                    // SMS-only: on, by SMS or a call.
                    assert_eq!(t.state, "on");
                    assert!(["sms", "call"].contains(&t.method.as_deref().unwrap()));
                }
                assert!(f.details.two_factor_methods_offered.is_some());
            }
            if f.rule == "password/breached" {
                // Seen 7 times: a band, never the count.
                assert_eq!(f.details.breach_band.as_deref(), Some("1-9"));
                breached_seen += 1;
            }
            assert!(!f.message.is_empty() && !f.remediation.is_empty());
            // A finding names entries, or (vault/* rules) the vault itself.
            match &f.vault {
                Some(v) => {
                    assert!(f.rule.starts_with("vault/"), "{}", f.rule);
                    assert!(f.entries.is_empty(), "{}", f.rule);
                    assert_eq!(v, &r.vaults[0].name);
                }
                None => assert!(!f.entries.is_empty(), "{}", f.rule),
            }
            for e in &f.entries {
                assert!(is_uuid(&e.uuid), "{}", e.uuid);
                assert_eq!(e.vault, r.vaults[0].name);
            }
        }
        let s = &r.summary;
        assert_eq!([s.info, s.low, s.medium, s.high, s.critical], counts);
        assert_eq!(s.total, r.findings.len() as u64);
    }
    assert!(breached_seen > 20, "only {breached_seen} breached findings");
    assert!(accounts_seen > 20, "only {accounts_seen} accounts");
}

fn chrono_like(s: &str) -> bool {
    s.len() == 20 && s.ends_with('Z') && s.as_bytes()[10] == b'T'
}

#[test]
fn entry_uuids_match_the_vault() {
    let v = find("audit.kdbx");
    let out = run(audit_cmd(&v).args(["--format", "json"]));
    let r: Report = serde_json::from_slice(&out.stdout).unwrap();
    for f in &r.findings {
        for e in &f.entries {
            let want = v.entries.get(&e.title).and_then(|u| u.as_str());
            assert_eq!(Some(e.uuid.as_str()), want, "{}", e.title);
        }
    }
}

#[test]
fn documented_fields_are_the_serialised_fields() {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report-format.md"),
    )
    .unwrap();
    for field in [
        "schema_version",
        "tool",
        "generated_at",
        "settings",
        "min_score",
        "fail_on",
        "breach",
        "vaults",
        "entries_audited",
        "entries_excluded",
        "entries_in_recycle_bin",
        "checks",
        "status",
        "reason",
        "findings",
        "rule",
        "severity",
        "message",
        "remediation",
        "entries",
        "uuid",
        "group",
        "details",
        "score",
        "accounts",
        "domain",
        "username",
        "same_password",
        "expired_at",
        "url",
        "breach_band",
        "password_set_at",
        "protects",
        "not_rechecked",
        "as_of",
        "as_of_source",
        "allow_incomplete",
        "passwords_checked",
        "passwords_unchecked",
        "summary",
        "warnings",
        "translations",
        "phones",
        "timings",
        "unlock_ms",
        "scoring_ms",
        "strength_ms",
        "similar_ms",
        "checks_ms",
        "render_ms",
        "total_ms",
        "number",
        "current",
        "accounts_count",
        "without_other_way",
        "other_ways",
        "recovery_mailbox",
        "recovery_mailbox_entry",
        "phones_outdated",
        "mailbox_weaknesses",
        "lang",
        "config",
        "site",
        "site_id",
        "category",
        "categories",
        "matched_by",
        "requires",
        "two_factor",
        "two_factor_offered",
        "two_factor_methods_offered",
        "phone",
        "state",
        "method",
        "sign",
        "kind",
        "label",
        "fingerprint",
        "baseline",
        "ignore",
        "index",
        "until",
        "ignored",
        "resolved",
        "new",
        "known",
        "fail_on_new",
        "score",
        "entries_audited",
        "data",
        "two_factor_methods_noted",
        "rules",
        "passkeys",
        "accepted",
        "passwordless",
        "mfa",
        "held",
        "vaults_failed",
        "family",
        "privacy",
        "reason",
        "vault",
        "kdf",
        "rounds",
        "memory_mib",
        "iterations",
        "parallelism",
        "unlock_ms",
        "changed_at",
        "age_days",
        "max_age_days",
        "old_password_of",
        "old_passwords",
        "flagged",
        "breached",
        "reused",
        "in_history",
        "in_recycle_bin",
        "unchecked",
    ] {
        assert!(
            doc.contains(&format!("`{field}`")),
            "docs/report-format.md does not document `{field}`"
        );
    }
}
