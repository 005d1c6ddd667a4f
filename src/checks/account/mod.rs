//! `account/no-2fa` and `account/no-phone`: does each shopping account (or
//! other category the policy names) note that two-step verification is on
//! and which phone number it is registered with?
//!
//! An entry is in a category when its URL's site is (2fa.directory plus our
//! own list, [`crate::sites`]), when a policy domain says so, when one of
//! its groups is named like the category (Shopping, ショッピング, 買い物,
//! 通販) or when it has one of the category's tags. Entries of the same
//! account (same vault, site and user name) are judged together: a TOTP
//! secret in one of them counts for all.
//!
//! The findings say which site, what it offers (from the directory), where
//! to turn 2FA on when we know, and never the phone number itself.

pub mod notes;
pub use crate::phone;
pub mod phonemap;
pub mod recovery;
pub mod signs;

use std::collections::{BTreeMap, BTreeSet};

use super::{CheckId, Ctx, Loc, Outcome, RuleId};
use crate::config::policy::{Policy, fold, host_in};
use crate::i18n::{Catalog, fill};
use crate::model::Entry;
use crate::report::{
    Account, CheckStatus, Details, NoteRef, PasskeysNote, PhoneNote, PhoneState, TwoFactorNote,
    TwoFactorState,
};
use crate::rules::Protects;
use crate::sites::{self, Directory, Facts, JP_SITES_DATE, Offered, Passkeys, SNAPSHOT_DATE, Site};
use crate::url;
use signs::{Method, Sign, TwoFactor, Where};

pub const NO_2FA: RuleId = RuleId::No2fa;

pub const NO_PHONE: RuleId = RuleId::NoPhone;

pub const PASSKEY_AVAILABLE: RuleId = RuleId::PasskeyAvailable;

pub const SMS_ONLY: RuleId = RuleId::SmsOnly2fa;

pub const PHONE_OUTDATED: RuleId = RuleId::PhoneOutdated;

pub const RECOVERY_WEAK: RuleId = RuleId::RecoveryEmailWeak;

/// The rules of this check, in report order.
pub const RULES: [RuleId; 6] = [
    NO_2FA,
    NO_PHONE,
    PASSKEY_AVAILABLE,
    SMS_ONLY,
    PHONE_OUTDATED,
    RECOVERY_WEAK,
];

/// How an entry came to be in a category: the report's `matched_by`.
use crate::report::MatchKind as MatchedBy;

/// The first of the entry's URLs that belongs to a known site.
fn site_of<'d>(dir: &'d Directory, e: &Entry) -> Option<&'d Site> {
    e.urls_for_matching().find_map(|u| dir.lookup_url(u))
}

fn hosts(e: &Entry) -> Vec<String> {
    e.urls_for_matching().filter_map(url::host).collect()
}

/// What each entry's account protects, by vault then entry: the most a
/// category of its site or of the policy (groups, tags, domains) gives it.
/// A category's class is the policy's (`[categories.X] protects`), else
/// [`Protects::of_category`]; a shop is `Shop` when the site data knows
/// the site, `UnlistedShop` when only a group or tag makes it one.
pub fn protection(
    vaults: &[crate::model::Vault],
    policy: &Policy,
    sites: &[Vec<Option<&Site>>],
) -> Vec<Vec<Option<Protects>>> {
    let names: BTreeSet<&str> = policy.categories.keys().map(String::as_str).collect();
    let prepared = prepare(policy, &names);
    let class = |category: &str, listed: bool| match policy.category(category) {
        Some(c) if c.protects.is_some() => c.protects.flatten(),
        _ => Protects::of_category(category, listed),
    };
    vaults
        .iter()
        .zip(sites)
        .map(|(v, sites)| {
            v.entries
                .iter()
                .zip(sites)
                .map(|(e, site)| {
                    let site = *site;
                    let listed = site.is_some_and(|s| s.in_category(sites::SHOPPING));
                    let groups: Vec<String> = e.group.iter().map(|g| fold(g)).collect();
                    let from_site = site.into_iter().flat_map(|s| s.categories.iter());
                    let matched = classify(e, site, &groups, &prepared);
                    from_site
                        .map(String::as_str)
                        .chain(matched.keys().map(String::as_str))
                        .filter_map(|c| class(c, listed))
                        .max()
                })
                .collect()
        })
        .collect()
}

/// The site of every entry (by vault, then entry), looked up once for the
/// checks and the plan's order.
pub fn sites_of(vaults: &[crate::model::Vault]) -> Vec<Vec<Option<&'static Site>>> {
    let dir = Directory::builtin();
    vaults
        .iter()
        .map(|v| v.entries.iter().map(|e| site_of(dir, e)).collect())
        .collect()
}

/// A required category with its policy words folded once.
struct Prepared<'p> {
    name: &'p str,
    add_domains: &'p [String],
    remove_domains: &'p [String],
    groups: Vec<String>,
    tags: Vec<String>,
}

fn prepare<'p>(policy: &'p Policy, required: &BTreeSet<&'p str>) -> Vec<Prepared<'p>> {
    required
        .iter()
        .map(|name| {
            let c = policy.category(name);
            Prepared {
                name,
                add_domains: c.map_or(&[][..], |c| &c.add_domains),
                remove_domains: c.map_or(&[][..], |c| &c.remove_domains),
                groups: c.map_or_else(Vec::new, |c| c.groups.iter().map(|g| fold(g)).collect()),
                tags: c.map_or_else(Vec::new, |c| c.tags.iter().map(|t| fold(t)).collect()),
            }
        })
        .collect()
}

/// The categories (of those required) an entry is in, and how. `groups`
/// are the entry's group names, folded.
fn classify(
    e: &Entry,
    site: Option<&Site>,
    groups: &[String],
    cats: &[Prepared<'_>],
) -> BTreeMap<String, BTreeSet<MatchedBy>> {
    let hosts = hosts(e);
    let tags: Vec<String> = e.tags.iter().map(|t| fold(t)).collect();
    let mut out: BTreeMap<String, BTreeSet<MatchedBy>> = BTreeMap::new();
    for cat in cats {
        let mut how = BTreeSet::new();
        let in_list = |list: &[String]| hosts.iter().any(|h| list.iter().any(|d| host_in(h, d)));
        if !in_list(cat.remove_domains) {
            if in_list(cat.add_domains) {
                how.insert(MatchedBy::PolicyDomain);
            }
            if site.is_some_and(|s| s.in_category(cat.name)) {
                how.insert(MatchedBy::Site);
            }
        }
        if cat
            .groups
            .iter()
            .any(|g| groups.iter().any(|eg| eg.contains(g.as_str())))
        {
            how.insert(MatchedBy::Group);
        }
        if cat.tags.iter().any(|t| tags.contains(t)) {
            how.insert(MatchedBy::Tag);
        }
        if !how.is_empty() {
            out.insert(cat.name.to_owned(), how);
        }
    }
    out
}

struct Acct<'a> {
    locs: Vec<Loc>,
    site: Option<&'a Site>,
    /// What our Japanese site data says of the first entry's host.
    facts: Option<&'a Facts>,
    /// The first entry's first host (for sites neither list knows).
    host: Option<String>,
    categories: BTreeMap<String, BTreeSet<MatchedBy>>,
    two_factor: TwoFactor,
    /// Every method some sign says is on (any entry of the account).
    methods: BTreeSet<Method>,
    /// The sign of a passkey: a stored one first, else a tag or note.
    passkey: Option<Sign>,
    phone: Option<Sign>,
}

fn note_ref(s: &Sign) -> NoteRef {
    NoteRef {
        kind: s.place,
        label: (s.place != Where::Username).then(|| s.label.clone()),
    }
}

fn two_factor_note(t: &TwoFactor) -> TwoFactorNote {
    match t {
        TwoFactor::On { method, sign } => TwoFactorNote {
            state: TwoFactorState::On,
            method: Some(method.as_str().to_owned()),
            sign: Some(note_ref(sign)),
        },
        TwoFactor::Off { sign } => TwoFactorNote {
            state: TwoFactorState::Off,
            method: None,
            sign: Some(note_ref(sign)),
        },
        TwoFactor::NotNoted => TwoFactorNote {
            state: TwoFactorState::NotNoted,
            method: None,
            sign: None,
        },
    }
}

/// `field 携帯`, `notes line 2FA`, … in the report's language.
pub fn where_text(t: &Catalog, s: &Sign) -> String {
    let tpl = match s.place {
        Where::Field | Where::OtpSecret | Where::Passkey => t.where_field,
        Where::Notes => t.where_notes,
        Where::Tag => t.where_tag,
        Where::Username => t.where_username,
    };
    fill(tpl, &[("where", &s.label)])
}

/// The entries of one account: same vault, site (or registrable domain)
/// and user name. `None` for an entry without a user name or a place: it
/// stands alone.
pub(crate) fn grouping_key(ctx: &Ctx<'_>, loc: Loc, e: &Entry) -> Option<(usize, String, String)> {
    let user = e.username_for_matching().trim().to_lowercase();
    let place = ctx.site(loc).map(|s| s.id.clone()).or_else(|| {
        e.url_for_matching()
            .and_then(url::host)
            .map(|h| url::registrable_domain(&h))
    })?;
    (!user.is_empty()).then_some((loc.0, place, user))
}

fn display_name(ctx: &Ctx<'_>, a: &Acct<'_>, t: &Catalog) -> String {
    display_name_of(ctx, a.site, a.facts, &a.locs, t)
}

/// An account's name: its site's (in Japanese, our Japanese data's name),
/// else the first entry's title, else its registrable domain.
fn display_name_of(
    ctx: &Ctx<'_>,
    site: Option<&Site>,
    facts: Option<&Facts>,
    locs: &[Loc],
    t: &Catalog,
) -> String {
    if let Some(s) = site {
        // A site of our Japanese data has a name in each language.
        return match facts {
            // In Japanese, every site of that data by its Japanese name.
            Some(f) if (f.id == s.id && !f.overlay) || t.lang == crate::i18n::Lang::Ja => {
                f.name_in(t.lang).to_owned()
            }
            _ => s.name.clone(),
        };
    }
    let e = ctx.entry(locs[0]);
    if !e.title.trim().is_empty() {
        return e.title.clone();
    }
    if let Some(h) = e.url_for_matching().and_then(url::host) {
        return url::registrable_domain(&h);
    }
    t.this_account.to_owned()
}

/// The site directories' notes are in English: quoted only in an English
/// report (a Japanese one mixes in no English sentence).
fn english(t: &Catalog) -> bool {
    t.lang == crate::i18n::Lang::En
}

/// The remediation of `account/no-2fa`.
fn fix_2fa(t: &Catalog, site: Option<&Site>, facts: Option<&Facts>, name: &str) -> String {
    let doc = site.and_then(|s| s.documentation.as_deref());
    // Where the setting is, from our Japanese site data.
    let setting = facts
        .and_then(|f| f.setting.as_ref())
        .map(|b| b.get(t.lang));
    let vars = |extra: &[(&'static str, &str)]| {
        let mut v: Vec<(&str, &str)> = vec![("site", name), ("date", SNAPSHOT_DATE)];
        v.extend_from_slice(extra);
        v.push(("doc", doc.unwrap_or("")));
        v.into_iter()
            .map(|(k, v)| (k, v.to_owned()))
            .collect::<Vec<(&str, String)>>()
    };
    let f = |tpl: &str, extra: &[(&'static str, &str)]| {
        let v = vars(extra);
        let refs: Vec<(&str, &str)> = v.iter().map(|(k, v)| (*k, v.as_str())).collect();
        fill(tpl, &refs)
    };
    match Directory::offered(site, facts) {
        Offered::Nothing => f(t.not_offered_fix, &[]),
        Offered::Unknown => {
            if let Some(place) = setting {
                let sentence = fill(
                    t.unknown_offer_at,
                    &[("site", name), ("where", place), ("date", JP_SITES_DATE)],
                );
                return [sentence, t.record_2fa.to_owned()].join(t.sentence_sep);
            }
            let mut parts = vec![f(t.unknown_offer, &[])];
            if let Some(advice) = site.and_then(|s| t.site(&s.id)) {
                parts.push(f(advice.enable_2fa, &[]));
            }
            parts.push(t.record_2fa.to_owned());
            parts.join(t.sentence_sep)
        }
        Offered::Methods(methods) => {
            let mut parts = Vec::new();
            match (site.and_then(|s| t.site(&s.id)), setting) {
                (Some(advice), _) => parts.push(f(advice.enable_2fa, &[])),
                (None, Some(place)) => {
                    parts.push(f(t.enable_2fa_at, &[("where", place)]));
                    let names: Vec<String> = methods.iter().map(|m| t.method(m)).collect();
                    parts.push(f(t.offers, &[("methods", &names.join(t.list_sep))]));
                }
                (None, None) => {
                    let tpl = if doc.is_some() {
                        t.enable_2fa_doc
                    } else {
                        t.enable_2fa_generic
                    };
                    parts.push(f(tpl, &[]));
                    let names: Vec<String> = methods.iter().map(|m| t.method(m)).collect();
                    parts.push(f(t.offers, &[("methods", &names.join(t.list_sep))]));
                    // The directories' notes are English: not quoted in a
                    // Japanese report.
                    if let Some(note) = site.and_then(|s| s.notes.as_deref()).filter(|_| english(t))
                    {
                        parts.push(f(t.directory_note, &[("note", note)]));
                    }
                }
            }
            parts.push(t.record_2fa.to_owned());
            parts.join(t.sentence_sep)
        }
    }
}

/// The remediation of `account/passkey-available`.
fn fix_passkey(t: &Catalog, site: Option<&Site>, p: &Passkeys, name: &str) -> String {
    let m = &t.msg;
    let vars = |doc: &str| vec![("site", name.to_owned()), ("doc", doc.to_owned())];
    let filled = |tpl: &str, v: Vec<(&str, String)>| {
        let refs: Vec<(&str, &str)> = v.iter().map(|(k, v)| (*k, v.as_str())).collect();
        fill(tpl, &refs)
    };
    let mut parts = Vec::new();
    let advice = site.and_then(|s| t.site(&s.id)).and_then(|a| a.passkey);
    match (advice, p.documentation.as_deref()) {
        (Some(a), _) => parts.push(filled(a, vars(p.documentation.as_deref().unwrap_or("")))),
        (None, Some(doc)) => parts.push(filled(m.passkey_fix_doc, vars(doc))),
        (None, None) => parts.push(filled(m.passkey_fix_generic, vars(""))),
    }
    if advice.is_none()
        && english(t)
        && let Some(note) = p.notes.as_deref()
    {
        parts.push(fill(m.passkeys_note, &[("note", note)]));
    }
    parts.push(m.passkey_store.to_owned());
    if p.passwordless {
        parts.push(fill(m.passkey_passwordless, &[("site", name)]));
    } else if p.mfa {
        parts.push(fill(m.passkey_mfa_only, &[("site", name)]));
    }
    parts.join(t.sentence_sep)
}

/// The remediation of `account/sms-only-2fa`.
fn fix_sms_only(t: &Catalog, site: Option<&Site>, name: &str, offered: &str) -> String {
    let m = &t.msg;
    let mut parts = Vec::new();
    match site.and_then(|s| t.site(&s.id)).and_then(|a| a.add_app) {
        Some(a) => parts.push(a.to_owned()),
        None => {
            parts.push(fill(
                m.sms_only_fix,
                &[("site", name), ("offered", offered)],
            ));
            if let Some(note) = site.and_then(|s| s.notes.as_deref()).filter(|_| english(t)) {
                parts.push(fill(t.directory_note, &[("note", note)]));
            }
        }
    }
    parts.push(m.sms_only_store.to_owned());
    parts.join(t.sentence_sep)
}

/// The remediation of `account/phone-outdated`: the site's own sentence
/// about its registered number after the general steps, where we have one.
fn fix_phone_outdated(t: &Catalog, site: Option<&Site>, name: &str) -> String {
    let general = fill(t.msg.phone_outdated_fix, &[("site", name)]);
    match site.and_then(|s| t.site(&s.id)).and_then(|a| a.phone) {
        Some(p) => format!("{general}{}{p}", t.sentence_sep),
        None => general,
    }
}

/// The mailbox entry as a message names it: its title, with its member's
/// name when it is in another vault of the household.
fn mailbox_name(ctx: &Ctx<'_>, t: &Catalog, m: Loc, vault: usize) -> String {
    let e = ctx.entry_ref(m);
    let title = crate::report::plan::title(t, &e);
    if m.0 == vault {
        title
    } else {
        fill(t.msg.whose, &[("vault", &e.vault), ("title", &title)])
    }
}

fn weakness_word(t: &Catalog, w: &str) -> &'static str {
    match w {
        "breached" => t.msg.mailbox_breached,
        "reused" => t.msg.mailbox_reused,
        "empty" => t.msg.mailbox_empty,
        "weak" => t.msg.mailbox_weak,
        _ => t.msg.mailbox_no_2fa,
    }
}

fn fix_phone(t: &Catalog, site: Option<&Site>) -> String {
    match site.and_then(|s| t.site(&s.id)).and_then(|a| a.phone) {
        Some(p) => format!("{}{}{}", t.phone_fix, t.sentence_sep, p),
        None => t.phone_fix.to_owned(),
    }
}

pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let policy = &ctx.opts.policy;
    let t = ctx.opts.lang.text();
    let _rules = RULES;
    let dir = Directory::builtin();
    // The phone map covers every account that notes a number, whatever
    // the policy requires of it.
    let mailboxes = &ctx.mailboxes;
    let phones = phonemap::build(ctx, &|locs: &[Loc]| {
        let e = ctx.entry(locs[0]);
        let site = locs.iter().find_map(|l| ctx.site(*l));
        let facts = e.urls_for_matching().find_map(|u| dir.facts_for_url(u));
        display_name_of(ctx, site, facts, locs, t)
    });
    let required = policy.required_categories();
    if required.is_empty() {
        let mut o = Outcome::complete(CheckId::Accounts, Vec::new());
        o.info.status = CheckStatus::Skipped;
        o.info.reason = Some(t.msg.accounts_off.to_owned());
        o.phones = phones;
        return o;
    }
    let prepared = prepare(policy, &required);
    // Entries share groups: fold each group path once.
    let mut folded_groups: std::collections::HashMap<&[String], Vec<String>> =
        std::collections::HashMap::new();

    // Group the entries of each account: same vault, site (or registrable
    // domain) and user name; entries without a user name stand alone.
    let mut accounts: Vec<Acct<'_>> = Vec::new();
    let mut by_key: BTreeMap<(usize, String, String), usize> = BTreeMap::new();
    for (loc, e) in ctx.audited() {
        let site = ctx.site(loc);
        let groups = folded_groups
            .entry(e.group.as_slice())
            .or_insert_with(|| e.group.iter().map(|g| fold(g)).collect());
        let cats = classify(e, site, groups, &prepared);
        if cats.is_empty() {
            continue;
        }
        let key = grouping_key(ctx, loc, e);
        let slot = key.as_ref().and_then(|k| by_key.get(k).copied());
        let idx = match slot {
            Some(i) => i,
            None => {
                accounts.push(Acct {
                    locs: Vec::new(),
                    site,
                    facts: e.urls_for_matching().find_map(|u| dir.facts_for_url(u)),
                    host: e.url_for_matching().and_then(url::host),
                    categories: BTreeMap::new(),
                    two_factor: TwoFactor::NotNoted,
                    methods: BTreeSet::new(),
                    passkey: None,
                    phone: None,
                });
                if let Some(k) = key {
                    by_key.insert(k, accounts.len() - 1);
                }
                accounts.len() - 1
            }
        };
        let a = &mut accounts[idx];
        a.locs.push(loc);
        for (c, how) in cats {
            a.categories.entry(c).or_default().extend(how);
        }
        for ev in signs::evidence(e) {
            if let TwoFactor::On { method, sign } = &ev {
                a.methods.insert(*method);
                let stored =
                    |s: &Option<Sign>| s.as_ref().is_some_and(|s| s.place == Where::Passkey);
                if *method == Method::Passkey
                    && !stored(&a.passkey)
                    && (a.passkey.is_none() || sign.place == Where::Passkey)
                {
                    a.passkey = Some(sign.clone());
                }
            }
            a.two_factor = signs::stronger(
                std::mem::replace(&mut a.two_factor, TwoFactor::NotNoted),
                ev,
            );
        }
        if a.phone.is_none() {
            a.phone = signs::phone(e);
        }
    }

    let mut findings = Vec::new();
    let mut report_accounts = Vec::new();
    for a in &accounts {
        let name = display_name(ctx, a, t);
        let entries = ctx.entry_refs(&a.locs);
        let in_scope = |rule: &str| {
            policy
                .scope_of(rule)
                .iter()
                .find(|c| a.categories.contains_key(*c))
                .cloned()
        };
        let off = Directory::offered(a.site, a.facts);
        let site_details = || Details {
            site: Some(name.clone()),
            site_id: a.site.map(|s| s.id.clone()),
            ..Details::default()
        };
        let mut requires = Vec::new();
        if let Some(cat) = in_scope(NO_2FA.as_str()) {
            requires.push("2fa".to_owned());
            if !matches!(a.two_factor, TwoFactor::On { .. }) {
                let message = match (&a.two_factor, &off) {
                    (TwoFactor::Off { sign }, _) => fill(
                        t.no_2fa_declared_off,
                        &[("site", &name), ("where", &where_text(t, sign))],
                    ),
                    (_, Offered::Nothing) => fill(t.no_2fa_not_offered, &[("site", &name)]),
                    _ => fill(t.no_2fa, &[("site", &name)]),
                };
                findings.push(NO_2FA.finding(
                    message,
                    &fix_2fa(t, a.site, a.facts, &name),
                    entries.clone(),
                    Details {
                        category: Some(cat),
                        two_factor: Some(two_factor_note(&a.two_factor)),
                        two_factor_offered: Some(off.state()),
                        two_factor_methods_offered: Some(off.methods().to_vec()),
                        ..site_details()
                    },
                ));
            }
        }
        if let Some(cat) = in_scope(NO_PHONE.as_str()) {
            requires.push("phone".to_owned());
            if a.phone.is_none() {
                findings.push(NO_PHONE.finding(
                    fill(t.no_phone, &[("site", &name)]),
                    &fix_phone(t, a.site),
                    entries.clone(),
                    Details {
                        category: Some(cat),
                        ..site_details()
                    },
                ));
            }
        }
        let pk = dir.passkeys_for(a.site, a.host.as_deref());
        let mut applied: Vec<String> = Vec::new();
        for r in [NO_2FA, NO_PHONE] {
            if in_scope(r.as_str()).is_some() {
                applied.push(r.as_str().to_owned());
            }
        }
        if let Some(cat) = in_scope(PASSKEY_AVAILABLE.as_str()) {
            applied.push(PASSKEY_AVAILABLE.as_str().to_owned());
            if let (Some(p), None) = (pk, &a.passkey) {
                findings.push(PASSKEY_AVAILABLE.finding(
                    fill(t.msg.passkey_msg, &[("site", &name)]),
                    &fix_passkey(t, a.site, p, &name),
                    entries.clone(),
                    Details {
                        category: Some(cat),
                        passwordless: Some(p.passwordless),
                        ..site_details()
                    },
                ));
            }
        }
        let noted: Vec<String> = a.methods.iter().map(|m| m.as_str().to_owned()).collect();
        if let Some(cat) = in_scope(SMS_ONLY.as_str()) {
            applied.push(SMS_ONLY.as_str().to_owned());
            // "2FA: on" or a 2FA tag names no method: it neither makes nor
            // breaks "SMS only".
            let named: Vec<&Method> = a
                .methods
                .iter()
                .filter(|m| **m != Method::Declared)
                .collect();
            let phone_only = matches!(a.two_factor, TwoFactor::On { .. })
                && !named.is_empty()
                && named
                    .iter()
                    .all(|m| matches!(m, Method::Sms | Method::Call));
            let stronger_offered: Vec<&String> = off
                .methods()
                .iter()
                .filter(|m| matches!(m.as_str(), "totp" | "u2f"))
                .collect();
            if phone_only && !stronger_offered.is_empty() {
                let names = |ids: &mut dyn Iterator<Item = String>| {
                    ids.collect::<Vec<_>>().join(t.list_sep)
                };
                // Directory names ("SMS", "phone call") read better here.
                let noted_names = names(&mut named.iter().map(|m| match m {
                    Method::Call => t.method("call"),
                    _ => t.method("sms"),
                }));
                let offered_names = names(&mut stronger_offered.iter().map(|m| t.method(m)));
                findings.push(SMS_ONLY.finding(
                    fill(
                        t.msg.sms_only_msg,
                        &[
                            ("site", &name),
                            ("methods", &noted_names),
                            ("offered", &offered_names),
                        ],
                    ),
                    &fix_sms_only(t, a.site, &name, &offered_names),
                    entries.clone(),
                    Details {
                        category: Some(cat),
                        two_factor: Some(two_factor_note(&a.two_factor)),
                        two_factor_methods_noted: Some(noted.clone()),
                        two_factor_methods_offered: Some(off.methods().to_vec()),
                        ..site_details()
                    },
                ));
            }
        }
        let vault = a.locs[0].0;
        if let Some(cat) = in_scope(PHONE_OUTDATED.as_str()) {
            applied.push(PHONE_OUTDATED.as_str().to_owned());
            let current = phonemap::current_numbers(ctx, vault);
            let mut outdated: Vec<String> = Vec::new();
            if !current.is_empty() {
                for l in &a.locs {
                    for n in ctx.numbers(*l) {
                        let shown = n.masked();
                        if !current.iter().any(|c| c.same_line(n)) && !outdated.contains(&shown) {
                            outdated.push(shown);
                        }
                    }
                }
            }
            if !outdated.is_empty() {
                let numbers = outdated.join(t.list_sep);
                findings.push(PHONE_OUTDATED.finding(
                    fill(
                        t.msg.phone_outdated_msg,
                        &[("site", &name), ("numbers", &numbers)],
                    ),
                    &fix_phone_outdated(t, a.site, &name),
                    entries.clone(),
                    Details {
                        category: Some(cat),
                        phones_outdated: Some(outdated),
                        ..site_details()
                    },
                ));
            }
        }
        if let Some(cat) = in_scope(RECOVERY_WEAK.as_str()) {
            applied.push(RECOVERY_WEAK.as_str().to_owned());
            let holder = a
                .locs
                .iter()
                .flat_map(|l| recovery::addresses(ctx.entry(*l)))
                .find_map(|addr| mailboxes.holder(&addr, vault, &a.locs));
            if let Some(m) = holder {
                let weak = recovery::weaknesses(ctx, m);
                if !weak.is_empty() {
                    let mailbox = mailbox_name(ctx, t, m, vault);
                    let words: Vec<&str> = weak.iter().map(|w| weakness_word(t, w)).collect();
                    findings.push(RECOVERY_WEAK.finding(
                        fill(
                            t.msg.recovery_weak_msg,
                            &[
                                ("site", &name),
                                ("mailbox", &mailbox),
                                ("what", &words.join(t.list_sep)),
                            ],
                        ),
                        &fill(
                            t.msg.recovery_weak_fix,
                            &[("site", &name), ("mailbox", &mailbox)],
                        ),
                        entries.clone(),
                        Details {
                            category: Some(cat),
                            recovery_mailbox: Some(ctx.entry_ref(m)),
                            mailbox_weaknesses: Some(
                                weak.iter().map(|w| (*w).to_owned()).collect(),
                            ),
                            ..site_details()
                        },
                    ));
                }
            }
        }
        if applied.is_empty() {
            continue;
        }
        let matched: BTreeSet<MatchedBy> = a.categories.values().flatten().copied().collect();
        report_accounts.push(Account {
            entries,
            site: name,
            site_id: a.site.map(|s| s.id.clone()),
            categories: a.categories.keys().cloned().collect(),
            matched_by: matched.iter().copied().collect(),
            requires,
            two_factor: two_factor_note(&a.two_factor),
            two_factor_offered: off.state(),
            two_factor_methods_offered: off.methods().to_vec(),
            two_factor_methods_noted: noted,
            rules: applied,
            passkeys: PasskeysNote {
                accepted: pk.is_some(),
                passwordless: pk.is_some_and(|p| p.passwordless),
                mfa: pk.is_some_and(|p| p.mfa),
                held: a.passkey.is_some(),
                sign: a.passkey.as_ref().map(note_ref),
            },
            phone: PhoneNote {
                state: if a.phone.is_some() {
                    PhoneState::Noted
                } else {
                    PhoneState::NotNoted
                },
                sign: a.phone.as_ref().map(note_ref),
            },
            translations: Default::default(),
        });
    }
    report_accounts.sort_by(|x, y| x.entries.cmp(&y.entries));
    Outcome {
        accounts: report_accounts,
        phones,
        ..Outcome::complete(CheckId::Accounts, findings)
    }
}
