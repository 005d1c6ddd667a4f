//! `password/empty`: an entry with a user name or URL but no password.
//!
//! Entries with neither (plain notes) are not logins and are not flagged.

use super::{CheckId, Ctx, Outcome, RuleId};
use crate::report::Details;

pub const RULE: RuleId = RuleId::Empty;

pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let m = &ctx.opts.lang.text().msg;
    let findings = ctx
        .audited()
        .filter(|(_, e)| {
            e.password.is_empty() && (!e.username.trim().is_empty() || !e.urls.is_empty())
        })
        .map(|(loc, _)| {
            RULE.finding(
                m.empty_msg.to_owned(),
                m.empty_fix,
                ctx.entry_refs(&[loc]),
                Details::default(),
            )
        })
        .collect();
    Outcome::complete(CheckId::Empty, findings)
}
