//! The exit status, decided in one place.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | every enabled check completed and no finding is at or above `--fail-on` |
//! | 1 | at least one finding is at or above `--fail-on` |
//! | 2 | the tool could not run (bad input, wrong key, bad option) or a check could not complete |
//!
//! A check that did not complete outranks findings: a gate that did not run
//! must never look green, and "incomplete" is the louder signal.

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
    if report.incomplete() {
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

    fn report(sevs: &[Severity], status: CheckStatus) -> Report {
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
            },
            vaults: vec![],
            checks: vec![CheckInfo {
                id: "c".into(),
                rules: vec![],
                status,
                reason: None,
            }],
            summary: Summary::from_findings(&findings),
            findings,
            warnings: vec![],
        }
    }

    #[test]
    fn exit_code_table() {
        use CheckStatus::*;
        use Severity::*;
        let cases: &[(&[Severity], CheckStatus, FailOn, u8)] = &[
            (&[], Complete, FailOn::At(High), 0),
            (&[Medium], Complete, FailOn::At(High), 0),
            (&[High], Complete, FailOn::At(High), 1),
            (&[Critical], Complete, FailOn::At(High), 1),
            (&[Info], Complete, FailOn::At(Info), 1),
            (&[Low], Complete, FailOn::At(Medium), 0),
            (&[Critical], Complete, FailOn::Never, 0),
            (&[], Skipped, FailOn::At(High), 0),
            (&[], Incomplete, FailOn::At(High), 2),
            (&[Critical], Incomplete, FailOn::At(High), 2),
            (&[Critical], Incomplete, FailOn::Never, 2),
        ];
        for (sevs, status, fail_on, want) in cases {
            assert_eq!(
                exit_code(&report(sevs, *status), *fail_on),
                *want,
                "{sevs:?} {status:?} {fail_on:?}"
            );
        }
    }
}
