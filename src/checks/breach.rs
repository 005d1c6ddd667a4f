//! `password/breached`: the password is in the Pwned Passwords corpus.
//!
//! Each distinct password is hashed (SHA-1) and looked up once, however many
//! entries share it, in the source chosen with `--breach` (see
//! [`crate::lookups`]). Every entry using a found password gets a finding with
//! the corpus count; the hash itself goes nowhere. A password whose lookup
//! failed is unchecked: the check is then `incomplete`, with the number of
//! unchecked passwords and why, and the run exits 2 unless
//! `--allow-incomplete`.

use std::collections::BTreeMap;

use super::{Ctx, Outcome, RuleId};
use crate::i18n::fill;
use crate::lookups::{Source, Unchecked, Verdict};
use crate::report::{CheckInfo, CheckStatus, Details};

pub const RULE: RuleId = RuleId::Breached;

pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let t = ctx.opts.lang.text();
    let m = &t.msg;
    let source: &Source = &ctx.opts.breach;
    if let Source::Off = source {
        return Outcome {
            info: CheckInfo {
                id: "breach".to_owned(),
                rules: vec![RULE.as_str().to_owned()],
                status: CheckStatus::Skipped,
                reason: Some(m.breach_off.to_owned()),
                translations: Default::default(),
                passwords_checked: None,
                passwords_unchecked: None,
            },
            findings: Vec::new(),
            accounts: Vec::new(),
            phones: Vec::new(),
            elapsed: std::time::Duration::ZERO,
        };
    }
    let groups = &ctx.passwords.groups;
    // Looked up before any check ran ([`super::Lookups`]), with the old
    // passwords in the same batch.
    let verdicts: &[Verdict] = match &ctx.lookups {
        super::Lookups::Done { current, .. } => current,
        // The source is on, so the lookups were made; should they not
        // have been, every password is unchecked, never clean.
        super::Lookups::Off => &[],
    };
    let missing: Vec<Verdict>;
    let verdicts = if verdicts.len() == groups.len() {
        verdicts
    } else {
        missing = groups
            .iter()
            .map(|_| Verdict::Unchecked(Unchecked::Internal("no breach verdict")))
            .collect();
        &missing
    };

    let mut findings = Vec::new();
    let mut unchecked = 0usize;
    let mut reasons: BTreeMap<&Unchecked, usize> = BTreeMap::new();
    for ((_, locs), verdict) in groups.iter().zip(verdicts) {
        match verdict {
            Verdict::Count(0) => {}
            Verdict::Count(n) => {
                let band = crate::report::breach_band(*n);
                for loc in locs {
                    findings.push(RULE.finding(
                        fill(m.breached_msg, &[("times", m.breach_times(band))]),
                        m.breached_fix,
                        ctx.entry_refs(&[*loc]),
                        Details {
                            breach_band: Some(band.to_owned()),
                            ..Details::default()
                        },
                    ));
                }
            }
            Verdict::Unchecked(why) => {
                unchecked += 1;
                *reasons.entry(why).or_default() += 1;
            }
        }
    }
    let total = verdicts.len();
    let (status, reason) = if unchecked == 0 {
        (CheckStatus::Complete, None)
    } else {
        // Each reason with how many of the unchecked passwords it stopped.
        let why: Vec<String> = reasons
            .iter()
            .map(|(r, n)| {
                fill(
                    m.breach_reason_count,
                    &[("reason", &r.text(t)), ("n", &n.to_string())],
                )
            })
            .collect();
        (
            CheckStatus::Incomplete,
            Some(fill(
                m.breach_incomplete,
                &[
                    ("n", &unchecked.to_string()),
                    ("total", &total.to_string()),
                    ("source", source.name(t)),
                    ("why", &why.join("; ")),
                ],
            )),
        )
    };
    Outcome {
        info: CheckInfo {
            id: "breach".to_owned(),
            rules: vec![RULE.as_str().to_owned()],
            status,
            reason,
            translations: Default::default(),
            passwords_checked: Some(total - unchecked),
            passwords_unchecked: Some(unchecked),
        },
        findings,
        accounts: Vec::new(),
        phones: Vec::new(),
        elapsed: std::time::Duration::ZERO,
    }
}
