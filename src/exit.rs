//! The exit status, decided in one place.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | every enabled check completed and no finding is at or above `--fail-on` |
//! | 1 | at least one finding is at or above `--fail-on` |
//! | 2 | the tool could not run (bad input, wrong key, bad option), a check could not complete, or one of several vaults could not be opened |
//!
//! A check that did not complete outranks findings: a gate that did not run
//! must never look green, and "incomplete" is the louder signal. With
//! `--allow-incomplete` (recorded in the report's settings) an incomplete
//! check no longer forces 2 and the findings decide.

use crate::report::Report;

pub const OK: u8 = 0;
pub const FINDINGS: u8 = 1;
pub const ERROR: u8 = 2;

pub use crate::rules::FailOn;

pub fn exit_code(report: &Report, fail_on: FailOn) -> u8 {
    // A vault that could not be opened was not audited at all: never
    // green, whatever --allow-incomplete says about a check.
    if !report.vaults_failed.is_empty() {
        return ERROR;
    }
    if report.incomplete() && !report.settings.allow_incomplete {
        return ERROR;
    }
    // Ignored findings live in `report.ignored` and never count; with
    // `--fail-on-new` only findings the baseline did not have do.
    let counts = |f: &&crate::report::Finding| {
        !report.settings.fail_on_new || f.baseline == Some(crate::report::BaselineMark::New)
    };
    match fail_on {
        FailOn::At(threshold)
            if report
                .findings
                .iter()
                .filter(counts)
                .any(|f| f.severity >= threshold) =>
        {
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
        with_baseline(sevs, &[], status, allow_incomplete, false)
    }

    /// Findings of `known` severities marked known, of `sevs` marked new
    /// when `fail_on_new` (else unmarked).
    fn with_baseline(
        sevs: &[Severity],
        known: &[Severity],
        status: CheckStatus,
        allow_incomplete: bool,
        fail_on_new: bool,
    ) -> Report {
        let finding = |s: &Severity, mark: Option<BaselineMark>| Finding {
            rule: crate::rules::RuleId::Weak.as_str().to_owned(),
            severity: *s,
            message: String::new(),
            remediation: String::new(),
            entries: vec![],
            details: Details::default(),
            fingerprint: String::new(),
            baseline: mark,
            ignore: None,
            vault: None,
            translations: Default::default(),
        };
        let findings: Vec<Finding> = sevs
            .iter()
            .map(|s| finding(s, fail_on_new.then_some(BaselineMark::New)))
            .chain(known.iter().map(|s| finding(s, Some(BaselineMark::Known))))
            .collect();
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: "t".into(),
                version: "0".into(),
                data: Default::default(),
            },
            generated_at: String::new(),
            settings: Settings {
                min_score: 3,
                fail_on: FailOn::At(Severity::High),
                breach: "off".into(),
                allow_incomplete,
                lang: "en".into(),
                config: None,
                baseline: None,
                fail_on_new,
                family: None,
                privacy: crate::report::Privacy::Full,
                as_of: None,
                as_of_source: None,
            },
            vaults: vec![],
            checks: vec![CheckInfo {
                id: "c".into(),
                rules: vec![],
                status,
                reason: None,
                translations: Default::default(),
                passwords_checked: None,
                passwords_unchecked: None,
            }],
            summary: Summary::from_findings(&findings),
            findings,
            accounts: vec![],
            ignored: vec![],
            baseline: None,
            resolved: vec![],
            not_rechecked: vec![],
            vaults_failed: vec![],
            warnings: vec![],
            phones: vec![],
            timings: None,
            translations: Default::default(),
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

    #[test]
    fn fail_on_new_counts_only_new_findings() {
        use CheckStatus::*;
        use Severity::*;
        // (new, known, status, fail_on, allow_incomplete, want)
        type Case = (
            &'static [Severity],
            &'static [Severity],
            CheckStatus,
            FailOn,
            bool,
            u8,
        );
        let cases: &[Case] = &[
            (&[], &[Critical], Complete, FailOn::At(High), false, 0),
            (&[High], &[Critical], Complete, FailOn::At(High), false, 1),
            (&[Low], &[Critical], Complete, FailOn::At(High), false, 0),
            (&[Low], &[], Complete, FailOn::At(Low), false, 1),
            (&[Critical], &[], Complete, FailOn::Never, false, 0),
            // Incomplete still outranks everything.
            (&[], &[], Incomplete, FailOn::At(High), false, 2),
            (&[], &[Critical], Incomplete, FailOn::At(High), true, 0),
            (&[Critical], &[], Incomplete, FailOn::At(High), true, 1),
        ];
        for (new, known, status, fail_on, allow, want) in cases {
            let r = with_baseline(new, known, *status, *allow, true);
            assert_eq!(
                exit_code(&r, *fail_on),
                *want,
                "new {new:?} known {known:?} {status:?} {fail_on:?} allow={allow}"
            );
        }
        // A vault that could not be opened: 2, even with --allow-incomplete.
        let mut r = with_baseline(&[], &[], Complete, true, false);
        r.vaults_failed.push(FailedVault {
            name: "Ken".into(),
            path: "ken.kdbx".into(),
            reason: "wrong password".into(),
            translations: Default::default(),
        });
        assert_eq!(exit_code(&r, FailOn::Never), 2);
        // Without --fail-on-new a known finding counts like any other.
        let r = with_baseline(&[], &[Critical], Complete, false, false);
        assert_eq!(exit_code(&r, FailOn::At(High)), 1);
    }
}
