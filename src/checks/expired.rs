//! `entry/expired`: the entry's expiry time has passed.

use super::{Ctx, Outcome, Rule};
use crate::i18n::fill;
use crate::report::{Details, Severity};

pub const RULE: Rule = Rule {
    id: "entry/expired",
    severity: Severity::Low,
    summary: "the entry's expiry date is in the past",
};

pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let m = &ctx.opts.lang.text().msg;
    let findings = ctx
        .audited()
        .filter_map(|(loc, e)| e.expires.filter(|t| *t <= ctx.opts.now).map(|t| (loc, t)))
        .map(|(loc, t)| {
            RULE.finding(
                fill(
                    m.expired_msg,
                    &[("date", &t.format("%Y-%m-%d").to_string())],
                ),
                m.expired_fix,
                ctx.entry_refs(&[loc]),
                Details {
                    expired_at: Some(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                    ..Details::default()
                },
            )
        })
        .collect();
    Outcome::complete("expired", &[RULE], findings)
}
