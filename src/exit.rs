//! The exit status, decided in one place.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | every enabled check completed and no finding is at or above `--fail-on` |
//! | 1 | at least one finding is at or above `--fail-on` |
//! | 2 | the tool could not run (bad input, wrong key, bad option) or a check could not complete |
//!
//! A check that did not complete outranks findings: a gate that did not run
//! must never look green, and "incomplete" is the louder signal. With
//! `--allow-incomplete` (recorded in the report's settings) an incomplete
//! check no longer forces 2 and the findings decide.

use crate::report::{Report, Severity};

pub const OK: u8 = 0;
pub const FINDINGS: u8 = 1;
pub const ERROR: u8 = 2;

/// The `--fail-on` threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    At(Severity),
    Never,
}

impl FailOn {
    pub fn label(self) -> &'static str {
        match self {
            FailOn::At(s) => s.as_str(),
            FailOn::Never => "never",
        }
    }
}

pub fn exit_code(report: &Report, fail_on: FailOn) -> u8 {
    if report.incomplete() && !report.settings.allow_incomplete {
        return ERROR;
    }
    match fail_on {
        FailOn::At(threshold) if report.findings.iter().any(|f| f.severity >= threshold) => {
            FINDINGS
        }
        _ => OK,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::*;

    fn report(sevs: &[Severity], status: CheckStatus, allow_incomplete: bool) -> Report {
        let findings: Vec<Finding> = sevs
            .iter()
            .map(|s| Finding {
                rule: "x/y".into(),
                severity: *s,
                message: String::new(),
                remediation: String::new(),
                entries: vec![],
                details: Details::default(),
            })
            .collect();
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: "t".into(),
                version: "0".into(),
            },
            generated_at: String::new(),
            settings: Settings {
                min_score: 3,
                fail_on: "high".into(),
                breach: "off".into(),
                allow_incomplete,
                lang: "en".into(),
                config: None,
            },
            vaults: vec![],
            checks: vec![CheckInfo {
                id: "c".into(),
                rules: vec![],
                status,
                reason: None,
                passwords_checked: None,
                passwords_unchecked: None,
            }],
            summary: Summary::from_findings(&findings),
            findings,
            accounts: vec![],
            warnings: vec![],
        }
    }

    #[test]
    fn exit_code_table() {
        use CheckStatus::*;
        use Severity::*;
        let cases: &[(&[Severity], CheckStatus, FailOn, bool, u8)] = &[
            (&[], Complete, FailOn::At(High), false, 0),
            (&[Medium], Complete, FailOn::At(High), false, 0),
            (&[High], Complete, FailOn::At(High), false, 1),
            (&[Critical], Complete, FailOn::At(High), false, 1),
            (&[Info], Complete, FailOn::At(Info), false, 1),
            (&[Low], Complete, FailOn::At(Medium), false, 0),
            (&[Critical], Complete, FailOn::Never, false, 0),
            (&[], Skipped, FailOn::At(High), false, 0),
            (&[], Incomplete, FailOn::At(High), false, 2),
            (&[Critical], Incomplete, FailOn::At(High), false, 2),
            (&[Critical], Incomplete, FailOn::Never, false, 2),
            // --allow-incomplete: the findings decide.
            (&[], Incomplete, FailOn::At(High), true, 0),
            (&[Medium], Incomplete, FailOn::At(High), true, 0),
            (&[Critical], Incomplete, FailOn::At(High), true, 1),
            (&[Critical], Incomplete, FailOn::Never, true, 0),
            (&[Critical], Complete, FailOn::At(High), true, 1),
        ];
        for (sevs, status, fail_on, allow, want) in cases {
            assert_eq!(
                exit_code(&report(sevs, *status, *allow), *fail_on),
                *want,
                "{sevs:?} {status:?} {fail_on:?} allow_incomplete={allow}"
            );
        }
    }
}
