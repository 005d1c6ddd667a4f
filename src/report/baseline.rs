//! `--baseline PREVIOUS.json`: what is new since the last run.
//!
//! A finding is identified by its fingerprint ([`crate::report::fingerprint`]:
//! rule id and entry UUIDs, nothing derived from a secret), recomputed here
//! from the baseline's `rule` and `entries[].uuid` so that a hand-edited or
//! older `fingerprint` field cannot mislead. Current findings are marked
//! `new` or `known`; the baseline's findings (active or ignored) that are in
//! neither the current findings nor the current ignored list are listed as
//! `resolved`.
//!
//! A finding whose check did not complete this run (its lookups failed, or
//! it was skipped) is neither resolved nor new: it is carried in
//! `not_rechecked`, and the next complete run decides.
//!
//! A kdbx-audit JSON report of this `schema_version` or of version 1 is
//! accepted (a version 1 report is compared by the version 1 fingerprint,
//! with a warning to renew it); anything else is an error (exit 2) that
//! says what is wrong, never a silent "everything is new".

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

use crate::i18n::fill;
use crate::report::{
    BaselineMark, BaselineSummary, CheckStatus, Finding, OLDEST_READABLE_SCHEMA, Report,
    SCHEMA_VERSION, fingerprint, fingerprint_v1,
};

/// The parts of a previous report the comparison needs.
#[derive(Debug, Deserialize)]
pub struct Baseline {
    pub schema_version: u32,
    pub generated_at: String,
    pub findings: Vec<Finding>,
    #[serde(default)]
    pub ignored: Vec<Finding>,
    /// Findings the baseline's own run could not re-check: still known.
    #[serde(default)]
    pub not_rechecked: Vec<Finding>,
    #[serde(default)]
    pub checks: Vec<BaselineCheck>,
    #[serde(default)]
    pub vaults_failed: Vec<serde_json::Value>,
    #[serde(default)]
    pub vaults: Vec<BaselineVault>,
    #[serde(default)]
    pub settings: BaselineSettings,
}

#[derive(Debug, Default, Deserialize)]
pub struct BaselineSettings {
    #[serde(default)]
    pub privacy: Option<crate::report::Privacy>,
    /// The language its findings' sentences are in.
    #[serde(default)]
    pub lang: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct BaselineVault {
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub struct BaselineCheck {
    pub id: String,
    pub status: CheckStatus,
}

#[derive(Debug)]
pub struct BaselineError {
    pub message: String,
    pub hint: String,
}

/// Read and validate a baseline report.
pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
    let value = read_report(path, "the baseline")?;
    let shown = crate::sanitize::terminal(&path.display().to_string());
    let b = serde_json::from_value::<Baseline>(value).map_err(|e| BaselineError {
        message: format!(
            "the baseline {shown} is a damaged kdbx-audit report: {}",
            crate::sanitize::terminal(&e.to_string())
        ),
        hint: HINT.to_owned(),
    })?;
    if b.settings.privacy == Some(crate::report::Privacy::Summary) {
        return Err(BaselineError {
            message: format!(
                "the baseline {shown} is a --privacy summary report: it has no findings to compare with"
            ),
            hint: "keep the full JSON report of each run as the baseline, and share the summary"
                .to_owned(),
        });
    }
    Ok(b)
}

/// Read a whole report (for `kdbx-audit render`).
pub fn load_report(path: &Path) -> Result<Report, BaselineError> {
    let value = read_report(path, "the report")?;
    let shown = crate::sanitize::terminal(&path.display().to_string());
    serde_json::from_value::<Report>(value).map_err(|e| BaselineError {
        message: format!(
            "the report {shown} is a damaged kdbx-audit report: {}",
            crate::sanitize::terminal(&e.to_string())
        ),
        hint: HINT.to_owned(),
    })
}

const HINT: &str =
    "pass the JSON report of an earlier run: kdbx-audit audit VAULT --format json -o previous.json";

/// Read a file that must be a kdbx-audit JSON report of this schema
/// version; `what` names it in messages ("the baseline", "the report").
fn read_report(path: &Path, what: &str) -> Result<serde_json::Value, BaselineError> {
    let shown = crate::sanitize::terminal(&path.display().to_string());
    let err = |message: String| BaselineError {
        message,
        hint: HINT.to_owned(),
    };
    // A regular file of at most 1 GiB (a FIFO would block the run).
    let bytes = crate::input::read_regular(path, 1 << 30)
        .map_err(|e| err(format!("cannot read {what} {shown}: {}", e.reason())))?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        err(format!(
            "{what} {shown} is not valid JSON (line {}, column {}): a kdbx-audit JSON report is expected",
            e.line(),
            e.column()
        ))
    })?;
    let mut value = value;
    let version = value
        .get("schema_version")
        .ok_or_else(|| {
            err(format!(
                "{what} {shown} has no schema_version: it is not a kdbx-audit JSON report"
            ))
        })?
        .as_u64();
    let readable = u64::from(OLDEST_READABLE_SCHEMA)..=u64::from(SCHEMA_VERSION);
    if !version.is_some_and(|v| readable.contains(&v)) {
        let found = value
            .get("schema_version")
            .map(|v| crate::sanitize::terminal(&v.to_string()))
            .unwrap_or_default();
        return Err(BaselineError {
            message: format!(
                "{what} {shown} has schema_version {found}, and this kdbx-audit reads schema_version {OLDEST_READABLE_SCHEMA} to {SCHEMA_VERSION}"
            ),
            hint: "make a new report with this version of kdbx-audit (--format json -o FILE)"
                .to_owned(),
        });
    }
    let tool = value.pointer("/tool/name").and_then(|v| v.as_str());
    if tool != Some(env!("CARGO_PKG_NAME")) {
        return Err(err(format!(
            "{what} {shown} was not written by kdbx-audit (tool.name is missing or different)"
        )));
    }
    if version == Some(1) {
        upgrade_v1(&mut value);
    }
    Ok(value)
}

/// Read a version 1 report as version 2: each exact breach count becomes
/// its band (and is dropped, from the details and from the message, which
/// is written again in the report's language), and the password length of
/// `password/weak` is dropped. `schema_version` stays 1, so the comparison
/// knows to use the version 1 fingerprints.
fn upgrade_v1(report: &mut serde_json::Value) {
    let lang = report
        .pointer("/settings/lang")
        .and_then(|l| l.as_str())
        .and_then(crate::i18n::Lang::from_code)
        .unwrap_or(crate::i18n::Lang::En);
    let m = &lang.text().msg;
    let min_score = report
        .pointer("/settings/min_score")
        .and_then(|s| s.as_u64())
        .unwrap_or(3)
        .to_string();
    for list in ["findings", "ignored", "resolved"] {
        let Some(findings) = report.get_mut(list).and_then(|v| v.as_array_mut()) else {
            continue;
        };
        for f in findings {
            let Some(details) = f.get_mut("details").and_then(|d| d.as_object_mut()) else {
                continue;
            };
            if details.remove("length").is_some()
                && let Some(score) = details.get("score").and_then(|s| s.as_u64())
            {
                let message = fill(
                    m.weak_msg,
                    &[("score", &score.to_string()), ("min", &min_score)],
                );
                f["message"] = message.into();
                continue;
            }
            let Some(count) = details.remove("breach_count") else {
                continue;
            };
            let band = crate::report::breach_band(count.as_u64().unwrap_or(1).max(1));
            details.insert("breach_band".to_owned(), band.into());
            let message = fill(m.breached_msg, &[("times", m.breach_times(band))]);
            f["message"] = message.into();
        }
    }
}

/// A finding's fingerprint, of the schema version compared (1 or 2).
fn print_of(f: &Finding, version: u32) -> String {
    match (&f.vault, f.entries.is_empty()) {
        // A finding about a vault itself: the rule and the vault's name.
        (Some(v), true) => crate::report::vault_fingerprint(&f.rule, v),
        _ if version == 1 => fingerprint_v1(&f.rule, &f.entries),
        _ => fingerprint(&f.rule, &f.entries),
    }
}

/// The key a finding is compared by: its fingerprint, and in a household
/// also the vaults it names (two members' vaults may share entry UUIDs: a
/// copied vault, a shared group).
fn key_of(f: &Finding, household: bool, version: u32) -> String {
    key_from(print_of(f, version), f, household)
}

/// [`key_of`] from a fingerprint already made.
fn key_from(print: String, f: &Finding, household: bool) -> String {
    if !household {
        return print;
    }
    let mut vaults: Vec<&str> = f.entries.iter().map(|e| e.vault.as_str()).collect();
    vaults.sort();
    vaults.dedup();
    format!("{print}|{}", vaults.join("|"))
}

/// Mark the report's findings and list what the baseline had that is gone.
pub fn apply(report: &mut Report, baseline: Baseline) {
    // A baseline of other vaults compares nothing: say so.
    let names = |v: &mut dyn Iterator<Item = String>| {
        let mut n: Vec<String> = v.collect();
        n.sort();
        n
    };
    let before_vaults = names(&mut baseline.vaults.iter().map(|v| v.name.clone()));
    let now_vaults = names(
        &mut report
            .vaults
            .iter()
            .map(|v| v.name.clone())
            .chain(report.vaults_failed.iter().map(|f| f.name.clone())),
    );
    if before_vaults != now_vaults {
        report.warn(|t| {
            let listed = before_vaults.join(t.list_sep);
            fill(t.msg.baseline_other_vaults, &[("vault", &listed)])
        });
    }
    // Only the baseline's active findings make a finding `known`: one that
    // was ignored then (and is not now, say its ignore lapsed) is new, so
    // that --fail-on-new notices it.
    let household =
        baseline.vaults.len() > 1 || report.vaults.len() + report.vaults_failed.len() > 1;
    // A version 1 baseline is compared by version 1 fingerprints (rule and
    // entries only): a password changed since is not noticed. Say so once.
    let version = baseline.schema_version.min(SCHEMA_VERSION);
    if version < SCHEMA_VERSION {
        report.warn(|t| t.msg.baseline_old_schema.to_owned());
    }
    // A baseline made from an incomplete run misses what it could not check.
    let incomplete = baseline
        .checks
        .iter()
        .any(|c| c.status == CheckStatus::Incomplete);
    if incomplete || !baseline.vaults_failed.is_empty() {
        report.warn(|t| t.msg.baseline_incomplete.to_owned());
    }
    let key = |f: &Finding| key_of(f, household, version);
    let before: HashSet<String> = baseline
        .findings
        .iter()
        .chain(&baseline.not_rechecked)
        .map(key)
        .collect();
    let mut new = 0;
    let mut known = 0;
    for f in &mut report.findings {
        if before.contains(&key(f)) {
            f.baseline = Some(BaselineMark::Known);
            known += 1;
        } else {
            f.baseline = Some(BaselineMark::New);
            new += 1;
        }
    }
    for f in &mut report.ignored {
        f.baseline = Some(if before.contains(&key(f)) {
            BaselineMark::Known
        } else {
            BaselineMark::New
        });
    }
    let now: HashSet<String> = report
        .findings
        .iter()
        .chain(&report.ignored)
        .map(key)
        .collect();
    // A check that did not complete this run re-checked nothing: its
    // baseline findings that are not found now are not known to be gone.
    let rechecked = |rule: &str| {
        report
            .checks
            .iter()
            .find(|c| c.rules.iter().any(|r| r == rule))
            .is_some_and(|c| c.status == CheckStatus::Complete)
    };
    // When a vault could not be opened this time, a finding is resolved only
    // if every vault it names was opened: the others' findings are unknown
    // (and a failed vault's name may differ from the one it had).
    let opened: HashSet<String> = report.vaults.iter().map(|v| v.name.clone()).collect();
    let any_failed = !report.vaults_failed.is_empty();
    let mut seen = HashSet::new();
    let mut resolved: Vec<Finding> = Vec::new();
    let mut not_rechecked: Vec<Finding> = Vec::new();
    for mut f in baseline
        .findings
        .into_iter()
        .chain(baseline.not_rechecked)
        .chain(baseline.ignored)
    {
        let p = print_of(&f, version);
        let k = key_from(p.clone(), &f, household);
        let unknown = any_failed && f.entries.iter().any(|e| !opened.contains(&e.vault));
        if unknown || now.contains(&k) || !seen.insert(k) {
            continue;
        }
        f.fingerprint = p;
        f.baseline = None;
        f.ignore = None;
        // In this report's language when the baseline carries it.
        if let Some(lang) = &baseline.settings.lang {
            f.switch_language(lang, &report.settings.lang);
        }
        if rechecked(&f.rule) {
            resolved.push(f);
        } else {
            not_rechecked.push(f);
        }
    }
    report.baseline = Some(BaselineSummary {
        generated_at: baseline.generated_at,
        new,
        known,
        resolved: resolved.len(),
        not_rechecked: not_rechecked.len(),
    });
    report.resolved = resolved;
    report.not_rechecked = not_rechecked;
    if !report.not_rechecked.is_empty() {
        report.recount();
    }
}

impl From<BaselineError> for crate::error::AppError {
    fn from(e: BaselineError) -> Self {
        crate::error::AppError {
            message: e.message,
            hint: Some(e.hint),
            why: None,
        }
    }
}
