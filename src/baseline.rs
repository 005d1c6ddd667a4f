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
//! Only a kdbx-audit JSON report of the same `schema_version` is accepted;
//! anything else is an error (exit 2) that says what is wrong, never a
//! silent "everything is new".

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

use crate::i18n::fill;
use crate::report::{BaselineSummary, Finding, Report, SCHEMA_VERSION, fingerprint};

/// The parts of a previous report the comparison needs.
#[derive(Debug, Deserialize)]
pub struct Baseline {
    pub generated_at: String,
    pub findings: Vec<Finding>,
    #[serde(default)]
    pub ignored: Vec<Finding>,
    #[serde(default)]
    pub vaults: Vec<BaselineVault>,
    #[serde(default)]
    pub settings: BaselineSettings,
}

#[derive(Debug, Default, Deserialize)]
pub struct BaselineSettings {
    #[serde(default)]
    pub privacy: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct BaselineVault {
    pub name: String,
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
    if b.settings.privacy.as_deref() == Some("summary") {
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
    let bytes = std::fs::read(path).map_err(|e| err(format!("cannot read {what} {shown}: {e}")))?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        err(format!(
            "{what} {shown} is not valid JSON (line {}, column {}): a kdbx-audit JSON report is expected",
            e.line(),
            e.column()
        ))
    })?;
    let version = value
        .get("schema_version")
        .ok_or_else(|| {
            err(format!(
                "{what} {shown} has no schema_version: it is not a kdbx-audit JSON report"
            ))
        })?
        .as_u64();
    if version != Some(u64::from(SCHEMA_VERSION)) {
        let found = value
            .get("schema_version")
            .map(|v| crate::sanitize::terminal(&v.to_string()))
            .unwrap_or_default();
        return Err(BaselineError {
            message: format!(
                "{what} {shown} has schema_version {found}, and this kdbx-audit reads schema_version {SCHEMA_VERSION}"
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
    Ok(value)
}

fn print_of(f: &Finding) -> String {
    match (&f.vault, f.entries.is_empty()) {
        // A finding about a vault itself: the rule and the vault's name.
        (Some(v), true) => crate::report::vault_fingerprint(&f.rule, v),
        _ => fingerprint(&f.rule, &f.entries),
    }
}

/// The key a finding is compared by: its fingerprint, and in a household
/// also the vaults it names (two members' vaults may share entry UUIDs: a
/// copied vault, a shared group).
fn key_of(f: &Finding, household: bool) -> String {
    let print = print_of(f);
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
        let t = crate::i18n::Catalog::of(report);
        let listed = before_vaults.join(t.list_sep);
        report
            .warnings
            .push(fill(t.msg.baseline_other_vaults, &[("vault", &listed)]));
    }
    // Only the baseline's active findings make a finding `known`: one that
    // was ignored then (and is not now, say its ignore lapsed) is new, so
    // that --fail-on-new notices it.
    let household =
        baseline.vaults.len() > 1 || report.vaults.len() + report.vaults_failed.len() > 1;
    let before: HashSet<String> = baseline
        .findings
        .iter()
        .map(|f| key_of(f, household))
        .collect();
    let mut new = 0;
    let mut known = 0;
    for f in &mut report.findings {
        if before.contains(&key_of(f, household)) {
            f.baseline = Some("known".to_owned());
            known += 1;
        } else {
            f.baseline = Some("new".to_owned());
            new += 1;
        }
    }
    for f in &mut report.ignored {
        let mark = if before.contains(&key_of(f, household)) {
            "known"
        } else {
            "new"
        };
        f.baseline = Some(mark.to_owned());
    }
    let now: HashSet<String> = report
        .findings
        .iter()
        .chain(&report.ignored)
        .map(|f| key_of(f, household))
        .collect();
    // When a vault could not be opened this time, a finding is resolved only
    // if every vault it names was opened: the others' findings are unknown
    // (and a failed vault's name may differ from the one it had).
    let opened: HashSet<String> = report.vaults.iter().map(|v| v.name.clone()).collect();
    let any_failed = !report.vaults_failed.is_empty();
    let mut seen = HashSet::new();
    let resolved: Vec<Finding> = baseline
        .findings
        .into_iter()
        .chain(baseline.ignored)
        .filter_map(|mut f| {
            let p = print_of(&f);
            let key = key_of(&f, household);
            let unknown = any_failed && f.entries.iter().any(|e| !opened.contains(&e.vault));
            if unknown || now.contains(&key) || !seen.insert(key) {
                return None;
            }
            f.fingerprint = p;
            f.baseline = None;
            f.ignore = None;
            Some(f)
        })
        .collect();
    report.baseline = Some(BaselineSummary {
        generated_at: baseline.generated_at,
        new,
        known,
        resolved: resolved.len(),
    });
    report.resolved = resolved;
}
