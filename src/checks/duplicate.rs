//! `account/duplicate`: the same account stored more than once.
//!
//! Same account = same registrable domain (Public Suffix List, so
//! `sellercentral.amazon.co.jp` and `www.amazon.co.jp` are both
//! `amazon.co.jp`) and the same user name, compared case-insensitively. When
//! the passwords differ, one of the entries is out of date.

use std::collections::BTreeMap;

use super::{CheckId, Ctx, Loc, Outcome, RuleId, account_key};
use crate::i18n::fill;
use crate::report::Details;

pub const RULE: RuleId = RuleId::Duplicate;

pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let m = &ctx.opts.lang.text().msg;
    let mut by_account: BTreeMap<(usize, String, String), Vec<Loc>> = BTreeMap::new();
    for (loc, e) in ctx.audited() {
        if let Some((domain, user)) = account_key(e) {
            by_account
                .entry((loc.0, domain, user))
                .or_default()
                .push(loc);
        }
    }
    let mut findings = Vec::new();
    for ((_, domain, _), locs) in by_account {
        if locs.len() < 2 {
            continue;
        }
        let first = ctx.entry(locs[0]);
        let (shown, username) = super::shown_user(m, &super::shown_username(first));
        let same = locs.iter().all(|l| {
            let e = ctx.entry(*l);
            !e.password_unresolved && e.password == first.password
        });
        let n = locs.len().to_string();
        let vars = [
            ("account", shown.as_str()),
            ("domain", domain.as_str()),
            ("n", n.as_str()),
        ];
        let (message, remediation) = if same {
            (fill(m.duplicate_same_msg, &vars), m.duplicate_same_fix)
        } else {
            (fill(m.duplicate_diff_msg, &vars), m.duplicate_diff_fix)
        };
        findings.push(RULE.finding(
            message,
            remediation,
            ctx.entry_refs(&locs),
            Details {
                domain: Some(domain),
                username,
                same_password: Some(same),
                ..Details::default()
            },
        ));
    }
    Outcome::complete(CheckId::Duplicate, findings)
}
