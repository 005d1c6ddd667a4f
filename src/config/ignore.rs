//! `[[ignore]]` tables of the policy file: findings set aside on purpose,
//! by rule and entry or group, with a reason and an optional end date.

use toml_span::value::Value;

use super::policy::{Policy, group_parts};
use super::toml::{Ctx, did_you_mean, table, unknown_key};
use crate::rules::RULES;

/// What an `[[ignore]]` covers besides its rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IgnoreTarget {
    /// One entry, by UUID (normalised: lower-case hex, no hyphens).
    Entry(String),
    /// A group and everything under it: folded path components, from the
    /// top-level group down (the root group's name left out).
    Group(Vec<String>),
    /// A vault itself, by its name in the report (the household member's
    /// name, else the vault's): findings about the vault (`vault/*`).
    Vault(String),
}

/// An accepted risk: findings of `rule` on the target are set aside, with
/// the reason, until the day after `until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignore {
    /// Position among the `[[ignore]]` tables, from 1.
    pub index: usize,
    pub rule: String,
    pub target: IgnoreTarget,
    pub reason: String,
    /// Last day the ignore applies.
    pub until: Option<chrono::NaiveDate>,
}

impl Ignore {
    /// Does it cover this entry (by UUID and group path)?
    pub fn covers(&self, uuid: &str, group: &str) -> bool {
        match &self.target {
            IgnoreTarget::Entry(u) => crate::report::normalize_uuid(uuid) == *u,
            IgnoreTarget::Group(path) => {
                let parts = group_parts(group);
                parts.len() >= path.len() && parts[..path.len()] == path[..]
            }
            IgnoreTarget::Vault(_) => false,
        }
    }

    /// Does it cover a finding about the vault named `vault` itself?
    pub fn covers_vault(&self, vault: &str) -> bool {
        matches!(&self.target, IgnoreTarget::Vault(v) if *v == super::policy::fold(vault))
    }

    /// What it was matched against, as the policy file says it.
    pub fn target_text(&self) -> String {
        match &self.target {
            IgnoreTarget::Entry(u) => format!("entry {u}"),
            IgnoreTarget::Group(path) => format!("group \"{}\"", path.join(" / ")),
            IgnoreTarget::Vault(v) => format!("vault \"{v}\""),
        }
    }

    /// Has it lapsed on `today`?
    pub fn lapsed(&self, today: chrono::NaiveDate) -> bool {
        self.until.is_some_and(|u| today > u)
    }
}

/// `[[ignore]]`: rule, entry or group, reason, optional until.
pub(crate) fn ignores(cx: &mut Ctx<'_>, policy: &mut Policy, v: &Value<'_>) {
    const KEYS: &[&str] = &["rule", "entry", "group", "vault", "reason", "until"];
    let Some(arr) = v.as_array() else {
        cx.at(
            v.span.start,
            "ignore must be an array of tables: write [[ignore]]".to_owned(),
        );
        return;
    };
    for (i, item) in arr.iter().enumerate() {
        let index = i + 1;
        let what = format!("[[ignore]] #{index}");
        let Some(t) = table(cx, item, &what) else {
            continue;
        };
        let mut rule_id = None;
        let mut target = None;
        let mut reason = None;
        let mut until = None;
        for (key, kv) in t {
            let k = key.name.as_ref();
            let text = kv.as_str();
            if KEYS.contains(&k) && text.is_none() {
                cx.at(kv.span.start, format!("{what} {k} must be a string"));
                continue;
            }
            let text = text.unwrap_or("").trim();
            match k {
                "rule" => {
                    if RULES.iter().any(|r| r.name == text) {
                        rule_id = Some(text.to_owned());
                    } else {
                        cx.at(
                            kv.span.start,
                            format!(
                                "{what}: unknown rule '{text}'{}",
                                did_you_mean(text, RULES.iter().map(|r| r.name))
                            ),
                        );
                    }
                }
                "entry" => {
                    let u = crate::report::normalize_uuid(text);
                    let well_formed = u.len() == 32
                        && text
                            .chars()
                            .all(|c| c.is_ascii_hexdigit() || matches!(c, '-' | '{' | '}'));
                    if !well_formed {
                        cx.at(
                            kv.span.start,
                            format!("{what}: entry must be an entry UUID (32 hex digits, hyphens allowed), not '{text}'"),
                        );
                    } else if target.is_some() {
                        cx.at(
                            key.span.start,
                            format!("{what}: give one of entry, group or vault"),
                        );
                    } else {
                        target = Some(IgnoreTarget::Entry(u));
                    }
                }
                "group" => {
                    let parts = group_parts(text);
                    if parts.is_empty() {
                        cx.at(
                            kv.span.start,
                            format!("{what}: group must name a group, e.g. \"Shopping / Old\""),
                        );
                    } else if target.is_some() {
                        cx.at(
                            key.span.start,
                            format!("{what}: give one of entry, group or vault"),
                        );
                    } else {
                        target = Some(IgnoreTarget::Group(parts));
                    }
                }
                "vault" => {
                    if text.is_empty() {
                        cx.at(
                            kv.span.start,
                            format!("{what}: vault must name a vault as the report does"),
                        );
                    } else if target.is_some() {
                        cx.at(
                            key.span.start,
                            format!("{what}: give one of entry, group or vault"),
                        );
                    } else {
                        target = Some(IgnoreTarget::Vault(super::policy::fold(text)));
                    }
                }
                "reason" => {
                    if text.is_empty() {
                        cx.at(kv.span.start, format!("{what}: reason must not be empty"));
                    } else {
                        reason = Some(text.to_owned());
                    }
                }
                "until" => match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                    Ok(d) => until = Some(d),
                    Err(_) => cx.at(
                        kv.span.start,
                        format!("{what}: until must be a date written YYYY-MM-DD, not '{text}'"),
                    ),
                },
                other => unknown_key(cx, key.span.start, other, Some(&what), KEYS, true),
            }
        }
        let at = item.span.start;
        let has = |k: &str| t.keys().any(|key| key.name == k);
        if !has("rule") {
            cx.at(at, format!("{what}: rule is required"));
        }
        if !has("entry") && !has("group") && !has("vault") {
            cx.at(
                at,
                format!(
                    "{what}: say what it covers with entry = \"UUID\", group = \"PATH\" or vault = \"NAME\""
                ),
            );
        }
        if !has("reason") {
            cx.at(
                at,
                format!("{what}: reason is required: say why this risk is accepted"),
            );
        }
        if let (Some(rule), Some(target), Some(reason)) = (rule_id, target, reason) {
            policy.ignores.push(Ignore {
                index,
                rule,
                target,
                reason,
                until,
            });
        }
    }
}
