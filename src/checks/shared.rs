//! `account/shared`: one account kept in two or more members' vaults with
//! the same password.
//!
//! A household shares some accounts on purpose (the family streaming or
//! shopping account). The same registrable domain and user name in several
//! vaults, with one password, is that: not `password/reused`, which
//! `reused` already leaves out (it counts accounts, not vaults). The risk is
//! different: a change made in one vault and forgotten in the others. One
//! finding per account, naming every entry.

use std::collections::{BTreeMap, BTreeSet};

use super::{CheckId, Ctx, Loc, Outcome, RuleId, account_key};
use crate::i18n::fill;
use crate::report::Details;

pub const RULE: RuleId = RuleId::Shared;

pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let m = &ctx.opts.lang.text().msg;
    let mut findings = Vec::new();
    for locs in ctx.passwords.shared() {
        let mut by_account: BTreeMap<(String, String), Vec<Loc>> = BTreeMap::new();
        for l in locs {
            if let Some(key) = account_key(ctx.entry(*l)) {
                by_account.entry(key).or_default().push(*l);
            }
        }
        for ((domain, _), locs) in by_account {
            let vaults: BTreeSet<usize> = locs.iter().map(|l| l.0).collect();
            if vaults.len() < 2 {
                continue;
            }
            let (shown, username) =
                super::shown_user(m, &super::shown_username(ctx.entry(locs[0])));
            let members: Vec<&str> = vaults
                .iter()
                .map(|v| ctx.vaults[*v].name.as_str())
                .collect();
            let t = ctx.opts.lang.text();
            findings.push(RULE.finding(
                fill(
                    m.shared_msg,
                    &[
                        ("account", &shown),
                        ("domain", &domain),
                        ("members", &members.join(t.list_sep)),
                    ],
                ),
                m.shared_fix,
                ctx.entry_refs(&locs),
                Details {
                    domain: Some(domain),
                    username,
                    ..Details::default()
                },
            ));
        }
    }
    Outcome::complete(CheckId::Shared, findings)
}
