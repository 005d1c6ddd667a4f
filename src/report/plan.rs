//! The action plan: what to do, account by account, most urgent first.
//!
//! Every human-readable format opens with it. It is computed from the
//! [`Report`] alone (renderers never see the vault), so the same report
//! always gives the same plan.
//!
//! Entries are pooled into one item when an account rule names them
//! together (`account/no-2fa`, `account/no-phone`, `account/duplicate`,
//! `account/passkey-available`, `account/sms-only-2fa`, `account/shared`:
//! they are one account). Each finding then adds its action to every item it
//! touches: a breached, weak, reused, empty or expired password becomes
//! "change the password" with the reasons, so one account's findings appear
//! once, not once per rule. Items are ordered by their highest severity,
//! then the summed weight of their findings ([`crate::report::weight`]),
//! then their label. Ignored findings are not in the plan.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::i18n::{Catalog, fill};
use crate::report::{EntryRef, Finding, Report, Severity, weight};
use crate::rules::{PlanAction, Why};

/// One thing to do, with why (vault text inside: escape when rendering).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub kind: ActionKind,
    pub reasons: Vec<String>,
}

/// What to do, in the order the plan lists them within an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ActionKind {
    /// `account/recovery-email-weak`: the mailbox that can reset the
    /// account first.
    SecureMailbox,
    ChangePassword,
    Enable2fa,
    KeepUnique,
    /// `account/no-2fa` at a site no source says offers 2FA: look, and
    /// turn it on if it is there.
    Check2fa,
    AddApp,
    AddPasskey,
    NotePhone,
    Merge,
    FixUrl,
    /// `account/shared`: change the password in every member's vault at once.
    ChangeTogether,
    /// `vault/*`: the vault's own settings.
    HardenVault,
    /// `password/same-as-master`.
    ChangeMaster,
    /// `vault/history-secrets`: empty the recycle bin, delete old versions.
    PurgeHistory,
    /// `account/phone-outdated`: change the registered number, then the note.
    UpdatePhone,
    /// A rule this version does not know (a saved report from a newer one).
    Review,
}

/// One account's line of the plan.
#[derive(Debug, Clone)]
pub struct Item<'r> {
    /// The site's name (account rules) or the first entry's title.
    pub label: String,
    pub entries: Vec<&'r EntryRef>,
    pub severity: Severity,
    pub weight: usize,
    pub actions: Vec<Action>,
    /// Some finding of it is new since the baseline.
    pub new: bool,
}

impl Item<'_> {
    /// What the item's accounts protect: the most any of its entries does.
    pub fn protects(&self) -> Option<crate::rules::Protects> {
        self.entries.iter().filter_map(|e| e.protects).max()
    }

    /// The actions as one line: "change the password (found in breaches;
    /// weak, score 1/4), turn on 2FA".
    pub fn sentence(&self, t: &Catalog) -> String {
        // English: a list ("change the password (…), turn on 2FA"); Japanese:
        // a polite sentence per action, its reasons after it.
        self.actions
            .iter()
            .map(|a| {
                let name = action_name(t, a.kind);
                let why = if a.reasons.is_empty() {
                    String::new()
                } else {
                    fill(t.in_parens, &[("where", &a.reasons.join(t.list_sep))])
                };
                format!("{name}{why}{}", t.msg.action_end)
            })
            .collect::<Vec<_>>()
            .join(t.msg.action_sep)
    }
}

pub fn action_name(t: &Catalog, k: ActionKind) -> &'static str {
    match k {
        ActionKind::ChangePassword => t.msg.act_change_password,
        ActionKind::Enable2fa => t.msg.act_enable_2fa,
        ActionKind::KeepUnique => t.msg.act_keep_unique,
        ActionKind::Check2fa => t.msg.act_check_2fa,
        ActionKind::NotePhone => t.msg.act_note_phone,
        ActionKind::Merge => t.msg.act_merge,
        ActionKind::FixUrl => t.msg.act_fix_url,
        ActionKind::AddApp => t.msg.act_add_app,
        ActionKind::AddPasskey => t.msg.act_add_passkey,
        ActionKind::Review => t.msg.act_review,
        ActionKind::ChangeTogether => t.msg.act_change_together,
        ActionKind::HardenVault => t.msg.act_harden_vault,
        ActionKind::ChangeMaster => t.msg.act_change_master,
        ActionKind::PurgeHistory => t.msg.act_purge_history,
        ActionKind::UpdatePhone => t.msg.act_update_phone,
        ActionKind::SecureMailbox => t.msg.act_secure_mailbox,
    }
}

fn pooled(f: &Finding) -> bool {
    f.rule_id().is_some_and(|r| r.rule().pooled)
}

/// The entries by title, "A, B and 3 more".
pub fn named(t: &Catalog, entries: &[EntryRef]) -> String {
    let names: Vec<String> = entries
        .iter()
        .take(OTHERS_SHOWN)
        .map(|e| title(t, e))
        .collect();
    others(t, &names, entries.len())
}

/// A title for people: the entry's, or "(untitled 1a2b3c4d)".
pub fn title(t: &Catalog, e: &EntryRef) -> String {
    if e.title.trim().is_empty() {
        let short: String = e.uuid.chars().take(8).collect();
        fill(t.msg.untitled, &[("id", &short)])
    } else {
        e.title.clone()
    }
}

/// How many other entries a reason names before "and N more".
const OTHERS_SHOWN: usize = 3;

/// Names of other entries, "A, B and 3 more": `names` holds at most
/// [`OTHERS_SHOWN`], `total` counts them all.
fn others(t: &Catalog, names: &[String], total: usize) -> String {
    let mut shown: Vec<String> = names.iter().take(OTHERS_SHOWN).cloned().collect();
    if total > shown.len() {
        shown.push(fill(
            t.msg.and_more,
            &[("n", &(total - shown.len()).to_string())],
        ));
    }
    match shown.len() {
        0 => String::new(),
        1 => shown.remove(0),
        _ => {
            let last = shown.pop().unwrap_or_default();
            format!("{}{}{last}", shown.join(t.list_sep), t.msg.list_and)
        }
    }
}

/// Build the plan from the report's (not ignored) findings.
pub fn build<'r>(report: &'r Report) -> Vec<Item<'r>> {
    let t = report.catalog();
    let several_vaults = report.vaults.len() > 1;
    // Every distinct entry gets an id; each finding's entries as ids.
    let mut ids: HashMap<(&'r str, &'r str), usize> = HashMap::new();
    let mut refs: Vec<&'r EntryRef> = Vec::new();
    let finding_ids: Vec<Vec<usize>> = report
        .findings
        .iter()
        .map(|f| {
            f.entries
                .iter()
                .map(|e| {
                    *ids.entry((e.vault.as_str(), e.uuid.as_str()))
                        .or_insert_with(|| {
                            refs.push(e);
                            refs.len() - 1
                        })
                })
                .collect()
        })
        .collect();
    // Entries pooled into one account.
    let mut pools = crate::union_find::UnionFind::new(refs.len());
    for (f, fids) in report.findings.iter().zip(&finding_ids) {
        if pooled(f)
            && let Some(first) = fids.first()
        {
            for id in &fids[1..] {
                pools.union(*first, *id);
            }
        }
    }
    let roots: Vec<usize> = (0..refs.len()).map(|i| pools.find(i)).collect();

    struct Acc {
        entries: BTreeSet<usize>,
        site: Option<String>,
        severity: Severity,
        weight: usize,
        actions: BTreeMap<ActionKind, BTreeSet<(u8, String)>>,
        new: bool,
    }
    let mut items: BTreeMap<usize, Acc> = BTreeMap::new();
    for (f, fids) in report.findings.iter().zip(&finding_ids) {
        let mut by_root: BTreeMap<usize, usize> = BTreeMap::new();
        for id in fids {
            *by_root.entry(roots[*id]).or_default() += 1;
        }
        for (&root, &own) in &by_root {
            let acc = items.entry(root).or_insert_with(|| Acc {
                entries: BTreeSet::new(),
                site: None,
                severity: Severity::Info,
                weight: 0,
                actions: BTreeMap::new(),
                new: false,
            });
            acc.entries
                .extend(fids.iter().copied().filter(|id| roots[*id] == root));
            acc.severity = acc.severity.max(f.severity);
            acc.weight += weight(f.severity);
            acc.new |= f.baseline == Some(crate::report::BaselineMark::New);
            // The site's name, from the first account finding that has one.
            if acc.site.is_none() && f.details.site.is_some() {
                acc.site = f.details.site.clone();
            }
            // Other entries sharing the password, for `password/reused`:
            // the first few by name, and how many in all.
            let other_names: Vec<String> = if matches!(
                f.rule_id().map(|r| r.rule().action),
                Some(PlanAction::ChangePassword(Why::Reused | Why::Similar))
            ) {
                fids.iter()
                    .filter(|id| roots[**id] != root)
                    .take(OTHERS_SHOWN)
                    .map(|id| {
                        // In a household, whose entry it is: "Mama's Amazon".
                        let e = refs[*id];
                        if several_vaults {
                            fill(t.msg.whose, &[("vault", &e.vault), ("title", &title(t, e))])
                        } else {
                            title(t, e)
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let other_total = fids.len() - own;
            if let Some((kind, reason)) = action_of(t, f, &other_names, other_total) {
                acc.actions
                    .entry(kind)
                    .or_default()
                    .extend(reason.map(|r| (rule_rank(f), r)));
            }
        }
    }

    // Findings about a vault itself: one line per vault, naming what is
    // wrong with it (the rules' titles), not a fixed list.
    type VaultAcc = (Severity, usize, bool, BTreeMap<ActionKind, Vec<String>>);
    let mut vault_items: BTreeMap<&str, VaultAcc> = BTreeMap::new();
    for f in &report.findings {
        if let (true, Some(v)) = (f.entries.is_empty(), f.vault.as_deref()) {
            let it = vault_items
                .entry(v)
                .or_insert((Severity::Info, 0, false, BTreeMap::new()));
            it.0 = it.0.max(f.severity);
            it.1 += weight(f.severity);
            it.2 |= f.baseline == Some(crate::report::BaselineMark::New);
            let purge = f.rule_id().map(|r| r.rule().action) == Some(PlanAction::PurgeHistory);
            let reasons =
                it.3.entry(if purge {
                    ActionKind::PurgeHistory
                } else {
                    ActionKind::HardenVault
                })
                .or_default();
            if !purge {
                let what = t.rule_title(&f.rule);
                if !reasons.contains(&what) {
                    reasons.push(what);
                }
            }
        }
    }
    let mut out: Vec<Item<'r>> = items
        .into_values()
        .map(|acc| {
            let mut entries: Vec<&EntryRef> = acc.entries.iter().map(|id| refs[*id]).collect();
            entries.sort();
            let label = acc
                .site
                .unwrap_or_else(|| entries.first().map(|e| title(t, e)).unwrap_or_default());
            let mut actions: Vec<Action> = acc
                .actions
                .into_iter()
                .map(|(kind, reasons)| Action {
                    kind,
                    reasons: reasons.into_iter().map(|(_, r)| r).collect(),
                })
                .collect();
            // "Keep it unique" says nothing more once "turn on 2FA" is there.
            if actions.iter().any(|a| a.kind == ActionKind::Enable2fa) {
                actions.retain(|a| a.kind != ActionKind::KeepUnique);
            }
            Item {
                label,
                entries,
                severity: acc.severity,
                weight: acc.weight,
                actions,
                new: acc.new,
            }
        })
        .collect();
    for (v, (severity, weight, new, kinds)) in vault_items {
        out.push(Item {
            label: v.to_owned(),
            entries: Vec::new(),
            severity,
            weight,
            actions: kinds
                .into_iter()
                .map(|(kind, reasons)| Action { kind, reasons })
                .collect(),
            new,
        });
    }
    // Most urgent first: severity, then what the account protects (money,
    // then the mailboxes that reset other accounts, then the shops the site
    // data knows, then other shops), then how many problems it has.
    out.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| b.protects().cmp(&a.protects()))
            .then(b.weight.cmp(&a.weight))
            .then_with(|| a.label.cmp(&b.label))
            .then_with(|| a.entries.cmp(&b.entries))
    });
    recovery_roots_first(report, &mut out);
    out
}

/// A mailbox that can reset an account (`account/recovery-email-weak`)
/// comes before the account: securing it first is what makes the account's
/// own fixes hold. Each mailbox item moves up at most once, so mailboxes
/// that reset each other cannot loop.
fn recovery_roots_first(report: &Report, items: &mut Vec<Item<'_>>) {
    let holds = |item: &Item<'_>, e: &EntryRef| {
        item.entries
            .iter()
            .any(|x| x.vault == e.vault && x.uuid == e.uuid)
    };
    let mut moved: BTreeSet<(String, String)> = BTreeSet::new();
    let mut pos = 0;
    while pos < items.len() {
        let mailboxes: Vec<&EntryRef> = report
            .findings
            .iter()
            .filter(|f| f.rule_id() == Some(crate::rules::RuleId::RecoveryEmailWeak))
            .filter(|f| f.entries.iter().any(|e| holds(&items[pos], e)))
            .filter_map(|f| f.details.recovery_mailbox.as_ref())
            .collect();
        let mut jumped = false;
        for m in mailboxes {
            let key = (m.vault.clone(), m.uuid.clone());
            if let Some(j) = items.iter().position(|it| holds(it, m))
                && j > pos
                && moved.insert(key)
            {
                let item = items.remove(j);
                items.insert(pos, item);
                jumped = true;
                break;
            }
        }
        if !jumped {
            pos += 1;
        }
    }
}

/// Order of reasons inside "change the password (…)": breached first
/// (the order of [`Why`]); other actions have no reason to order.
fn rule_rank(f: &Finding) -> u8 {
    match f.rule_id().map(|r| r.rule().action) {
        Some(PlanAction::ChangePassword(why)) => why as u8,
        _ => u8::MAX,
    }
}

fn action_of(
    t: &Catalog,
    f: &Finding,
    other_names: &[String],
    other_total: usize,
) -> Option<(ActionKind, Option<String>)> {
    let m = &t.msg;
    let day = |d: Option<&str>| d.map(|d| t.date(d)).unwrap_or_default();
    // A rule of another version of the tool (a saved report): "review".
    let Some(rule) = f.rule_id() else {
        return Some((ActionKind::Review, None));
    };
    Some(match rule.rule().action {
        PlanAction::ChangePassword(why) => (
            ActionKind::ChangePassword,
            match why {
                Why::Breached => Some(m.why_breached.to_owned()),
                Why::Reused => Some(fill(
                    m.why_reused,
                    &[("others", &others(t, other_names, other_total))],
                )),
                Why::Empty => Some(m.why_empty.to_owned()),
                // The score is in the details; the plan says what it means.
                Why::Weak => Some(m.why_weak.to_owned()),
                Why::Expired => Some(fill(
                    m.why_expired,
                    &[("date", &day(f.details.expired_at.as_deref()))],
                )),
                Why::Stale => Some(fill(
                    m.why_stale,
                    &[("date", &day(f.details.changed_at.as_deref()))],
                )),
                Why::Similar => (other_total > 0).then(|| {
                    fill(
                        m.why_similar,
                        &[("others", &others(t, other_names, other_total))],
                    )
                }),
                Why::ReusedOld => Some(fill(
                    m.why_reused_old,
                    &[(
                        "others",
                        &named(t, f.details.old_password_of.as_deref().unwrap_or_default()),
                    )],
                )),
            },
        ),
        PlanAction::TwoFactor => match f.details.two_factor_offered {
            Some(crate::report::OfferState::NotOffered) => (ActionKind::KeepUnique, None),
            // A site no source says offers 2FA: "turn it on" would ask for
            // what may not exist.
            Some(crate::report::OfferState::Unknown) => (ActionKind::Check2fa, None),
            _ => (ActionKind::Enable2fa, None),
        },
        PlanAction::NotePhone => (ActionKind::NotePhone, None),
        PlanAction::Merge => (ActionKind::Merge, None),
        PlanAction::FixUrl => (ActionKind::FixUrl, None),
        PlanAction::AddApp => (ActionKind::AddApp, None),
        PlanAction::AddPasskey => (ActionKind::AddPasskey, None),
        PlanAction::ChangeTogether => (ActionKind::ChangeTogether, None),
        PlanAction::ChangeMaster => (ActionKind::ChangeMaster, None),
        PlanAction::UpdatePhone => (
            ActionKind::UpdatePhone,
            f.details
                .phones_outdated
                .as_ref()
                .map(|p| fill(m.why_phone_noted, &[("numbers", &p.join(t.list_sep))])),
        ),
        PlanAction::SecureMailbox => (
            ActionKind::SecureMailbox,
            f.details
                .recovery_mailbox
                .as_ref()
                .map(|e| fill(m.why_mailbox_resets, &[("mailbox", &title(t, e))])),
        ),
        // Vault findings have their own line (below the entries' items).
        PlanAction::HardenVault | PlanAction::PurgeHistory => (ActionKind::Review, None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::report::*;

    fn entry(title: &str, uuid: &str, group: &str) -> EntryRef {
        EntryRef {
            vault: "v".into(),
            group: group.into(),
            title: title.into(),
            uuid: uuid.into(),
            password_set_at: None,
            protects: None,
        }
    }

    fn finding(rule: &str, sev: Severity, entries: Vec<EntryRef>, details: Details) -> Finding {
        Finding {
            rule: rule.into(),
            severity: sev,
            message: String::new(),
            remediation: String::new(),
            fingerprint: fingerprint(rule, &entries),
            entries,
            details,
            baseline: None,
            ignore: None,
            vault: None,
            translations: Default::default(),
        }
    }

    fn report(findings: Vec<Finding>) -> Report {
        let r: Report = serde_json::from_str(
            r#"{"schema_version":1,"tool":{"name":"kdbx-audit","version":"0"},
            "generated_at":"","settings":{"min_score":3,"fail_on":"high","breach":"off",
            "allow_incomplete":false,"lang":"en","config":null},"vaults":[],"checks":[],
            "findings":[],"summary":{"critical":0,"high":0,"medium":0,"low":0,"info":0,"total":0},
            "accounts":[],"warnings":[]}"#,
        )
        .unwrap();
        Report { findings, ..r }
    }

    #[test]
    fn one_line_per_account_with_every_action_in_order() {
        let amazon = entry("Amazon", "a1", "Shopping");
        let seller = entry("Amazon Seller", "a2", "Shopping");
        let gmail = entry("Gmail", "g1", "Email");
        let forum = entry("Forum", "f1", "Web");
        let site = Details {
            site: Some("Amazon".into()),
            ..Details::default()
        };
        let r = report(vec![
            finding(
                "password/reused",
                Severity::High,
                vec![amazon.clone(), seller.clone(), gmail.clone(), forum.clone()],
                Details::default(),
            ),
            finding(
                "account/no-2fa",
                Severity::High,
                vec![amazon.clone(), seller.clone()],
                site.clone(),
            ),
            finding(
                "account/no-phone",
                Severity::Medium,
                vec![amazon.clone()],
                site,
            ),
            finding(
                "password/breached",
                Severity::Critical,
                vec![gmail.clone()],
                Details::default(),
            ),
            finding(
                "password/weak",
                Severity::Medium,
                vec![gmail.clone()],
                Details {
                    score: Some(1),
                    ..Details::default()
                },
            ),
            finding(
                "entry/insecure-url",
                Severity::Low,
                vec![forum.clone()],
                Details::default(),
            ),
        ]);
        let t = r.catalog();
        let plan = build(&r);
        let lines: Vec<(String, String)> = plan
            .iter()
            .map(|i| (i.label.clone(), i.sentence(t)))
            .collect();
        assert_eq!(
            lines,
            [
                (
                    "Gmail".to_owned(),
                    "change the password (found in breaches, same password as Amazon, Amazon Seller and Forum, easy to guess)".to_owned()
                ),
                (
                    "Amazon".to_owned(),
                    "change the password (same password as Gmail and Forum), turn on 2FA, note the phone number".to_owned()
                ),
                (
                    "Forum".to_owned(),
                    "change the password (same password as Amazon, Amazon Seller and Gmail), use https:// in the URL".to_owned()
                ),
            ]
        );
        // The Amazon line holds both entries of the account.
        assert_eq!(plan[1].entries.len(), 2);
        assert_eq!(plan[0].severity, Severity::Critical);
    }

    #[test]
    fn long_lists_of_names_are_cut() {
        let t = Lang::En.text();
        let names: Vec<String> = ["A", "B", "C"].iter().map(|s| s.to_string()).collect();
        assert_eq!(others(t, &names, 3), "A, B and C");
        assert_eq!(others(t, &names, 10), "A, B, C and 7 more");
        assert_eq!(others(t, &names[..1], 1), "A");
        let ja = Lang::Ja.text();
        assert_eq!(others(ja, &names, 5), "A、B、C、ほか2件");
    }
}
