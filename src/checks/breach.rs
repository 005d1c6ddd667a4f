//! `password/breached`: the breach check (Have I Been Pwned).
//!
//! The lookups themselves are not part of this version. The check is always
//! reported as `skipped` with the reason, never as complete, so a reader can
//! see that no password was compared with a breach corpus.

use super::{BreachSource, Ctx, Outcome, Rule};
use crate::report::{CheckInfo, CheckStatus, Severity};

pub const RULE: Rule = Rule {
    id: "password/breached",
    severity: Severity::Critical,
    summary: "the password appears in the Pwned Passwords breach corpus",
};

pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let reason = match &ctx.opts.breach {
        BreachSource::Off => "disabled with --breach off".to_owned(),
        other => format!(
            "breach lookups are not available in this version of kdbx-audit (requested source: {}); no password was checked against a breach corpus",
            other.label()
        ),
    };
    Outcome {
        info: CheckInfo {
            id: "breach".to_owned(),
            rules: vec![RULE.id.to_owned()],
            status: CheckStatus::Skipped,
            reason: Some(reason),
        },
        findings: Vec::new(),
    }
}
