//! `entry/insecure-url`: a plain `http://` URL on a public host.
//!
//! Loopback, private, link-local and single-label or `.local` names are left
//! alone: routers and NAS boxes often have no certificate, and the traffic
//! does not cross the internet.

use super::{CheckId, Ctx, Outcome, RuleId};
use crate::report::Details;
use crate::url;

pub const RULE: RuleId = RuleId::InsecureUrl;

pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let m = &ctx.opts.lang.text().msg;
    let mut findings = Vec::new();
    for (loc, e) in ctx.audited() {
        // Compared resolved, shown as written (without user info, query
        // or fragment: they can hold a password, a token or a phone number).
        let bad = e.urls_for_matching().zip(&e.urls).find(|(u, _)| {
            url::scheme(u).as_deref() == Some("http")
                && url::host(u).is_some_and(|h| !url::is_local_host(&h))
        });
        if let Some((_, u)) = bad {
            findings.push(RULE.finding(
                m.insecure_msg.to_owned(),
                m.insecure_fix,
                ctx.entry_refs(&[loc]),
                Details {
                    url: Some(url::displayed(u)),
                    ..Details::default()
                },
            ));
        }
    }
    Outcome::complete(CheckId::InsecureUrl, findings)
}
