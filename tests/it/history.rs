//! The vault and history rules on vaults written by keepassxc-cli
//! (history.kdbx, clean.kdbx), pykeepass (py-history.kdbx, hardened.kdbx,
//! py-argon2id-twofish.kdbx): each rule fires exactly where the fixture
//! plants it, ages come from the entries' histories, the thresholds come
//! from the policy file, and failed lookups of old passwords are never
//! clean. Every test audits as of 2026-11-23 (`--as-of`, passed by
//! `common::audit_cmd`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::range_server::{Config, Fault, RangeServer};
use crate::common::*;
use serde_json::Value;

/// The rules of issue 7.
const RULES: &[&str] = &[
    "vault/weak-kdf",
    "vault/legacy-format",
    "vault/weak-master-password",
    "vault/master-key-age",
    "password/same-as-master",
    "password/stale",
    "password/similar",
    "password/reused-old",
    "vault/history-secrets",
];

fn audit(file: &str, extra: &[&str]) -> std::process::Output {
    let v = find(file);
    run(audit_cmd(&v)
        .args(["--format", "json", "--fail-on", "never"])
        .args(extra))
}

fn sample() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/pwned-sample.txt")
        .display()
        .to_string()
}

/// rule -> one sorted list of entry titles per finding (`[vault]` for a
/// finding about the vault itself), for the issue-7 rules only.
fn by_rule(r: &Value) -> BTreeMap<String, Vec<Vec<String>>> {
    let mut out: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for f in r["findings"].as_array().unwrap() {
        let rule = f["rule"].as_str().unwrap();
        if !RULES.contains(&rule) {
            continue;
        }
        let mut titles: Vec<String> = match f["vault"].as_str() {
            Some(v) => {
                assert!(f["entries"].as_array().unwrap().is_empty(), "{f}");
                vec![format!("[{v}]")]
            }
            None => f["entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["title"].as_str().unwrap().to_owned())
                .collect(),
        };
        titles.sort();
        out.entry(rule.to_owned()).or_default().push(titles);
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

fn want(items: &[(&str, &[&[&str]])]) -> BTreeMap<String, Vec<Vec<String>>> {
    items
        .iter()
        .map(|(rule, findings)| {
            let mut f: Vec<Vec<String>> = findings
                .iter()
                .map(|titles| titles.iter().map(|t| (*t).to_owned()).collect())
                .collect();
            f.sort();
            ((*rule).to_owned(), f)
        })
        .collect()
}

fn one<'a>(r: &'a Value, rule: &str) -> &'a Value {
    let all: Vec<&Value> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect();
    assert_eq!(all.len(), 1, "{rule}: {all:?}");
    all[0]
}

fn check<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
}

const HISTORY_VAULT: &str = "[kdbx-audit history fixture]";
const PY_VAULT: &str = "[pykeepass history]";

#[test]
fn keepassxc_vault_each_rule_fires_exactly_where_planted() {
    let out = audit("history.kdbx", &["--breach", &sample()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = json(&out);
    assert_eq!(
        by_rule(&r),
        want(&[
            // keepassxc-cli import: AES-KDF (KDBX 4.1 here, so no legacy-format)
            ("vault/weak-kdf", &[&[HISTORY_VAULT]]),
            ("vault/weak-master-password", &[&[HISTORY_VAULT]]),
            // MasterKeyChangeRec 365 days, changed 2020-01-01
            ("vault/master-key-age", &[&[HISTORY_VAULT]]),
            ("password/same-as-master", &[&["Master copy"]]),
            // the title changed in 2026, the password did not; and an
            // entry with no history since 2020; not "Changed this year"
            // (created 2018), not "Excluded old"
            ("password/stale", &[&["No history"], &["Old forum"]]),
            ("password/similar", &[&["Hanami 1", "Hanami 2", "Hanami 3"]]),
            ("password/reused-old", &[&["New shop"]]),
            ("vault/history-secrets", &[&[HISTORY_VAULT]]),
        ])
    );
    let stale = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "password/stale" && f["entries"][0]["title"] == "Old forum")
        .unwrap();
    assert_eq!(stale["details"]["changed_at"], "2019-05-01T08:00:00Z");
    assert_eq!(stale["details"]["max_age_days"], 1095);
    let old = one(&r, "password/reused-old");
    assert_eq!(old["details"]["old_password_of"][0]["title"], "Old shop");
    assert!(old["message"].as_str().unwrap().contains("Old shop"));
    let age = one(&r, "vault/master-key-age");
    assert_eq!(age["details"]["max_age_days"], 365);
    assert_eq!(age["details"]["changed_at"], "2020-01-01T00:00:00Z");
    // password1 (a history copy) and doraemon (recycle bin) are breached;
    // New shop's password is reused from Old shop's history; the excluded
    // entry's breached "qwerty" is not counted.
    let secrets = &one(&r, "vault/history-secrets")["details"]["old_passwords"];
    assert_eq!(secrets["flagged"], 3, "{secrets}");
    assert_eq!(secrets["breached"], 2);
    assert_eq!(secrets["reused"], 1);
    assert_eq!(secrets["in_history"], 2);
    assert_eq!(secrets["in_recycle_bin"], 1);
    assert_eq!(secrets["unchecked"], 0);
    let keepers: Vec<&str> = secrets["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    // Sorted like `entries`: by group ("Recycle Bin" before "Web"), title.
    assert_eq!(keepers, ["Deleted forum", "Changed this year", "Old shop"]);
    let h = check(&r, "history");
    assert_eq!(h["status"], "complete");
    assert_eq!(h["passwords_unchecked"], 0);
}

#[test]
fn pykeepass_vault_each_rule_fires_exactly_where_planted() {
    let out = audit("py-history.kdbx", &["--breach", &sample()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = json(&out);
    assert_eq!(
        by_rule(&r),
        want(&[
            // Argon2id with 1 MiB; KDBX 4.0; no master key change setting
            ("vault/weak-kdf", &[&[PY_VAULT]]),
            ("vault/weak-master-password", &[&[PY_VAULT]]),
            ("password/same-as-master", &[&["Master again"]]),
            ("password/stale", &[&["Stale mail"]]),
            ("password/similar", &[&["Game 1", "Game 2", "Game 3"]]),
            ("password/reused-old", &[&["Video"]]),
            ("vault/history-secrets", &[&[PY_VAULT]]),
        ])
    );
    let kdf = &one(&r, "vault/weak-kdf")["details"]["kdf"];
    assert_eq!(kdf["name"], "Argon2id");
    assert_eq!(kdf["memory_mib"], 1);
    assert_eq!(kdf["iterations"], 2);
    assert_eq!(kdf["rounds"], Value::Null);
    let stale = one(&r, "password/stale");
    // save_history() copies: the notes changed in 2026, the password in 2018.
    assert_eq!(stale["details"]["changed_at"], "2018-04-01T00:00:00Z");
    let secrets = &one(&r, "vault/history-secrets")["details"]["old_passwords"];
    assert_eq!(
        [
            &secrets["breached"],
            &secrets["reused"],
            &secrets["in_recycle_bin"]
        ],
        [2, 1, 1]
    );
}

#[test]
fn a_hardened_vault_has_nothing_and_thresholds_come_from_the_policy() {
    let out = audit("hardened.kdbx", &["--breach", &sample()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = json(&out);
    assert!(r["findings"].as_array().unwrap().is_empty(), "{r}");
    assert_eq!(check(&r, "vault")["status"], "complete");

    let dir = tempfile::tempdir().unwrap();
    let policy = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    // The time test, made certain: no machine opens it in ten minutes.
    let slow = policy(
        "slow.toml",
        "[rules.\"vault/weak-kdf\"]\nmin-unlock-ms = 600000\n",
    );
    let r = json(&audit("hardened.kdbx", &["--config", &slow]));
    let f = one(&r, "vault/weak-kdf");
    let kdf = &f["details"]["kdf"];
    assert_eq!(
        [&kdf["memory_mib"], &kdf["iterations"], &kdf["parallelism"]],
        [64, 4, 1]
    );
    assert!(kdf["unlock_ms"].as_u64().unwrap() > 0);
    assert!(f["message"].as_str().unwrap().contains("600000 ms"));
    assert!(f["remediation"].as_str().unwrap().contains("Argon2id"));
    // Memory: 64 MiB is under a 128 MiB minimum.
    let big = policy(
        "big.toml",
        "[rules.\"vault/weak-kdf\"]\nmin-argon2-memory-mib = 128\n",
    );
    let r = json(&audit("hardened.kdbx", &["--config", &big]));
    assert!(
        one(&r, "vault/weak-kdf")["message"]
            .as_str()
            .unwrap()
            .contains("64 MiB")
    );
    // With the time test off, 1 MiB is weak by memory alone.
    let no_time = policy(
        "no-time.toml",
        "[rules.\"vault/weak-kdf\"]\nmin-unlock-ms = 0\nmin-argon2-memory-mib = 1\n",
    );
    let r = json(&audit("py-argon2id-twofish.kdbx", &["--config", &no_time]));
    assert!(!by_rule(&r).contains_key("vault/weak-kdf"), "{r}");
    let r = json(&audit("py-argon2id-twofish.kdbx", &[]));
    assert_eq!(one(&r, "vault/weak-kdf")["details"]["kdf"]["memory_mib"], 1);
    // AES-KDF is weak whatever the thresholds; KDBX 3.1 is legacy.
    let r = json(&audit("clean.kdbx", &["--config", &no_time]));
    assert_eq!(
        by_rule(&r),
        want(&[
            ("vault/weak-kdf", &[&["[kdbx-audit clean fixture]"]]),
            ("vault/legacy-format", &[&["[kdbx-audit clean fixture]"]]),
        ])
    );
    // Stale after a year; the master key after 1000 days.
    let strict = policy(
        "strict.toml",
        "[rules.\"password/stale\"]\nmax-age-days = 365\n\n[rules.\"vault/master-key-age\"]\nmax-age-days = 1000\n",
    );
    let r = json(&audit("py-history.kdbx", &["--config", &strict]));
    let age = one(&r, "vault/master-key-age");
    assert_eq!(age["details"]["max_age_days"], 1000);
    assert_eq!(age["details"]["changed_at"], "2021-03-01T00:00:00Z");
    let stale: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "password/stale")
        .map(|f| f["entries"][0]["title"].as_str().unwrap())
        .collect();
    // Music's password dates from 2025-07-01 (510 days); Fresh bank's
    // from 2026-02-01 (295 days).
    assert!(
        stale.contains(&"Stale mail") && stale.contains(&"Music"),
        "{stale:?}"
    );
    assert!(!stale.contains(&"Fresh bank"), "{stale:?}");
}

#[test]
fn ages_are_judged_as_of_the_given_day() {
    // On 2021-01-01 the 2019 password of Old forum was under three years old.
    let r = json(&audit("history.kdbx", &["--as-of", "2021-01-01"]));
    assert!(!by_rule(&r).contains_key("password/stale"));
    assert_eq!(r["generated_at"], "2021-01-01T00:00:00Z");
    let bad = audit("history.kdbx", &["--as-of", "next tuesday"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("is not a date"), "{}", stderr(&bad));
}

#[test]
fn bad_thresholds_are_refused_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    for (text, needle) in [
        (
            "[rules.\"password/stale\"]\nmax-age-days = -1\n",
            "2:16: [rules.\"password/stale\"] max-age-days must be a whole number from 0 to 36500",
        ),
        (
            "[rules.\"vault/weak-kdf\"]\nmin-unlock-ms = \"fast\"\n",
            "must be a whole number",
        ),
        (
            "[rules.\"password/stale\"]\nmax-age-day = 30\n",
            "did you mean 'max-age-days'?",
        ),
        (
            "[rules.\"password/weak\"]\nmax-age-days = 30\n",
            "unknown key 'max-age-days' in [rules.\"password/weak\"] (allowed: severity)",
        ),
    ] {
        let p = dir.path().join("p.toml");
        std::fs::write(&p, text).unwrap();
        let out = audit("hardened.kdbx", &["--config", p.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert!(stderr(&out).contains(needle), "{text}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn old_passwords_are_never_clean_when_their_lookup_failed() {
    // The range server answers every prefix except the one of
    // "password1", an old password in a history copy.
    let server = RangeServer::start(
        Config::new()
            .breached("doraemon", 12)
            .fault_for("password1", Fault::Always503),
    );
    let out = audit(
        "history.kdbx",
        &[
            "--breach",
            "hibp",
            "--hibp-url",
            &server.url(),
            "--hibp-retries",
            "0",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let r = json(&out);
    // The current passwords were all looked up.
    assert_eq!(check(&r, "breach")["status"], "complete");
    let h = check(&r, "history");
    assert_eq!(h["status"], "incomplete");
    assert_eq!(h["passwords_unchecked"], 1);
    // Two old passwords to look up: "New shop" has the third as its
    // current password, which the breach check looks up.
    assert!(h["reason"].as_str().unwrap().contains("1 of 2"), "{h}");
    let secrets = &one(&r, "vault/history-secrets")["details"]["old_passwords"];
    assert_eq!(secrets["breached"], 1);
    assert_eq!(secrets["unchecked"], 1);
    // Accepting an incomplete run: exit by the findings.
    let out = audit(
        "history.kdbx",
        &[
            "--breach",
            "hibp",
            "--hibp-url",
            &server.url(),
            "--hibp-retries",
            "0",
            "--allow-incomplete",
            "--fail-on",
            "critical",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn with_breach_lookups_off_only_reused_old_passwords_count() {
    let r = json(&audit("history.kdbx", &[]));
    let h = check(&r, "history");
    assert_eq!(h["status"], "complete");
    assert!(
        h["reason"]
            .as_str()
            .unwrap()
            .contains("breach lookups are off")
    );
    let secrets = &one(&r, "vault/history-secrets")["details"]["old_passwords"];
    assert_eq!(
        [
            &secrets["flagged"],
            &secrets["breached"],
            &secrets["reused"]
        ],
        [1, 0, 1]
    );
}

#[test]
fn reports_name_the_vault_and_plan_the_vault_work() {
    let v = find("history.kdbx");
    let text = stdout(&run(audit_cmd(&v).args([
        "--color",
        "never",
        "--fail-on",
        "never",
    ])));
    assert!(text.contains("[kdbx-audit history fixture]"), "{text}");
    assert!(
        text.contains("purge the old passwords kept in entry histories and the recycle bin"),
        "{text}"
    );
    assert!(text.contains("unchanged since 2019-05-01"), "{text}");
    assert!(text.contains("an old password of Old shop"), "{text}");
    let ja = stdout(&run(audit_cmd(&v).args([
        "--color",
        "never",
        "--fail-on",
        "never",
        "--lang",
        "ja",
    ])));
    assert!(ja.contains("2019年5月1日から変えていないため"), "{ja}");
    assert!(
        ja.contains("エントリーの履歴とゴミ箱に残っている古いパスワードを削除してください"),
        "{ja}"
    );
    for format in ["markdown", "html"] {
        let out = stdout(&run(audit_cmd(&v).args([
            "--format",
            format,
            "--fail-on",
            "never",
        ])));
        assert!(out.contains("vault/history-secrets"), "{format}");
        assert!(out.contains("kdbx-audit history fixture"), "{format}");
    }
}
