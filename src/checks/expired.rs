//! `entry/expired`: the entry's expiry time has passed.

use super::{CheckId, Ctx, Outcome, RuleId};
use crate::i18n::fill;
use crate::report::Details;

pub const RULE: RuleId = RuleId::Expired;

pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let m = &ctx.opts.lang.text().msg;
    let findings = ctx
        .audited()
        .filter_map(|(loc, e)| e.expires.filter(|t| *t <= ctx.opts.now).map(|t| (loc, t)))
        .map(|(loc, t)| {
            RULE.finding(
                fill(
                    m.expired_msg,
                    &[("date", &ctx.opts.lang.text().day(t.date_naive()))],
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
    Outcome::complete(CheckId::Expired, findings)
}
