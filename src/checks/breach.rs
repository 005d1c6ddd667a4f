//! `password/breached`: the password is in the Pwned Passwords corpus.
//!
//! Each distinct password is hashed (SHA-1) and looked up once, however many
//! entries share it, in the source chosen with `--breach` (see
//! [`crate::breach`]). Every entry using a found password gets a finding with
//! the corpus count; the hash itself goes nowhere. A password whose lookup
//! failed is unchecked: the check is then `incomplete`, with the number of
//! unchecked passwords and why, and the run exits 2 unless
//! `--allow-incomplete`.

use std::collections::BTreeMap;

use super::{Ctx, Outcome, Rule};
use crate::breach::{Digest, Progress, Source, Verdict};
use crate::i18n::fill;
use crate::report::{CheckInfo, CheckStatus, Details, Severity};

pub const RULE: Rule = Rule {
    id: "password/breached",
    severity: Severity::Critical,
    summary: "the password appears in the Pwned Passwords breach corpus",
};

fn times(m: &crate::i18n::Messages, n: u64) -> String {
    if n == 1 {
        m.breached_once.to_owned()
    } else {
        fill(m.breached_times, &[("n", &n.to_string())])
    }
}

pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let m = &ctx.opts.lang.text().msg;
    let source: &Source = &ctx.opts.breach;
    if let Source::Off = source {
        return Outcome {
            info: CheckInfo {
                id: "breach".to_owned(),
                rules: vec![RULE.id.to_owned()],
                status: CheckStatus::Skipped,
                reason: Some(m.breach_off.to_owned()),
                passwords_checked: None,
                passwords_unchecked: None,
            },
            findings: Vec::new(),
            accounts: Vec::new(),
        };
    }
    let groups = &ctx.passwords.groups;
    // The old passwords kept in histories and the recycle bin go in the
    // same batch (one progress bar, one connection pool, one give-up
    // state); their verdicts are for `vault/history-secrets`.
    let digests: Vec<Digest> = groups
        .iter()
        .map(|(pw, _)| *pw)
        .chain(ctx.old_passwords.iter().copied())
        .map(Digest::of)
        .collect();
    let progress = if ctx.opts.progress && !digests.is_empty() {
        Progress::bar(digests.len() as u64, "breach lookups")
    } else {
        Progress::hidden()
    };
    let mut verdicts = source.lookup(&digests, &progress);
    progress.finish();
    if verdicts.len() != digests.len() {
        // Every source answers once per digest; should one ever not, no
        // password may pass for clean by falling off the end of a zip.
        verdicts = digests
            .iter()
            .map(|_| {
                Verdict::Unchecked(
                    "internal error: the breach source gave a wrong number of answers".to_owned(),
                )
            })
            .collect();
    }
    drop(digests);
    let old_verdicts = verdicts.split_off(groups.len());
    let _ = ctx.old_verdicts.set(old_verdicts);

    let mut findings = Vec::new();
    let mut unchecked = 0usize;
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for ((_, locs), verdict) in groups.iter().zip(&verdicts) {
        match verdict {
            Verdict::Count(0) => {}
            Verdict::Count(n) => {
                for loc in locs {
                    findings.push(RULE.finding(
                        fill(m.breached_msg, &[("times", &times(m, *n))]),
                        m.breached_fix,
                        ctx.entry_refs(&[*loc]),
                        Details {
                            breach_count: Some(*n),
                            ..Details::default()
                        },
                    ));
                }
            }
            Verdict::Unchecked(why) => {
                unchecked += 1;
                *reasons.entry(why.clone()).or_default() += 1;
            }
        }
    }
    let total = verdicts.len();
    let (status, reason) = if unchecked == 0 {
        (CheckStatus::Complete, None)
    } else {
        let why: Vec<String> = reasons.iter().map(|(r, n)| format!("{r} ({n})")).collect();
        (
            CheckStatus::Incomplete,
            Some(fill(
                m.breach_incomplete,
                &[
                    ("n", &unchecked.to_string()),
                    ("total", &total.to_string()),
                    ("source", source.kind()),
                    ("why", &why.join("; ")),
                ],
            )),
        )
    };
    Outcome {
        info: CheckInfo {
            id: "breach".to_owned(),
            rules: vec![RULE.id.to_owned()],
            status,
            reason,
            passwords_checked: Some(total - unchecked),
            passwords_unchecked: Some(unchecked),
        },
        findings,
        accounts: Vec::new(),
    }
}
