//! `password/empty`: an entry with a user name or URL but no password.
//!
//! Entries with neither (plain notes) are not logins and are not flagged.

use super::{Ctx, Outcome, Rule};
use crate::report::{Details, Severity};

pub const RULE: Rule = Rule {
    id: "password/empty",
    severity: Severity::High,
    summary: "an entry with a user name or URL has an empty password",
};

pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let findings = ctx
        .audited()
        .filter(|(_, e)| {
            e.password.is_empty() && (!e.username.trim().is_empty() || !e.urls.is_empty())
        })
        .map(|(loc, _)| RULE.finding(
            "The entry has a user name or URL but an empty password".to_owned(),
            "Set the password this account really uses, or generate a new one and change it on the site; delete the entry if the account no longer exists.",
            ctx.entry_refs(&[loc]),
            Details::default(),
        ))
        .collect();
    Outcome::complete("empty", &[RULE], findings)
}
