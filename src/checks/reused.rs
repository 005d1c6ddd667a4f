//! `password/reused`: one password on two or more different accounts.
//!
//! Entries of the same account (same registrable domain and user name, see
//! `account/duplicate`) sharing a password are not reuse. One finding per
//! cluster of entries sharing a password, naming every entry.

use std::collections::HashSet;

use super::{CheckId, Ctx, Outcome, RuleId, account_key};
use crate::i18n::fill;
use crate::report::Details;

pub const RULE: RuleId = RuleId::Reused;

pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let m = &ctx.opts.lang.text().msg;
    let mut findings = Vec::new();
    for locs in ctx.passwords.shared() {
        let accounts: HashSet<_> = locs
            .iter()
            .map(|l| {
                let e = ctx.entry(*l);
                account_key(e).ok_or_else(|| (l.0, e.uuid.clone()))
            })
            .collect();
        if accounts.len() < 2 {
            continue;
        }
        findings.push(RULE.finding(
            fill(
                m.reused_msg,
                &[
                    ("n", &locs.len().to_string()),
                    ("accounts", &accounts.len().to_string()),
                ],
            ),
            m.reused_fix,
            ctx.entry_refs(locs),
            Details {
                accounts: Some(accounts.len()),
                ..Details::default()
            },
        ));
    }
    Outcome::complete(CheckId::Reused, findings)
}
