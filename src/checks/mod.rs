//! The checks. Each module has one entry point that turns the vaults into
//! findings under its own stable rule ids; this module runs them in a fixed
//! order and records each check's status.
//!
//! The distinct passwords are indexed once ([`PasswordIndex`]) and shared by
//! the checks that look at passwords, so that each distinct password is
//! scored once however many entries share it.

pub mod account;
pub mod breach;
pub mod duplicate;
pub mod empty;
pub mod expired;
pub mod history;
pub mod insecure_url;
pub mod reused;
pub mod shared;
pub mod vault;
pub mod weak;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::model::{Entry, Vault};
use crate::report::{CheckInfo, CheckStatus, Details, EntryRef, Finding};
use crate::url;

/// What the checks need besides the vaults.
#[derive(Debug, Clone)]
pub struct Options {
    pub min_score: u8,
    /// Where `password/breached` looks passwords up (opened and checked
    /// before the vault is unlocked).
    pub breach: Arc<crate::lookups::Source>,
    /// Draw a progress bar on standard error while breach lookups run.
    pub progress: bool,
    pub now: DateTime<Utc>,
    /// Which accounts need 2FA and a phone number; severity overrides.
    pub policy: Arc<crate::config::policy::Policy>,
    /// Language of the messages.
    pub lang: crate::i18n::Lang,
    /// Wall time the strength scores may take in all (`--weak-budget-seconds`);
    /// the passwords not scored by then are unchecked.
    pub weak_budget: std::time::Duration,
}

pub use crate::rules::{CheckId, RULES, RuleId};

impl RuleId {
    /// A finding of this rule, at its default severity.
    pub fn finding(
        self,
        message: String,
        remediation: &str,
        entries: Vec<EntryRef>,
        details: Details,
    ) -> Finding {
        Finding {
            rule: self.as_str().to_owned(),
            severity: self.rule().severity,
            message,
            remediation: remediation.to_owned(),
            fingerprint: crate::report::fingerprint(self.as_str(), &entries),
            entries,
            details,
            baseline: None,
            ignore: None,
            vault: None,
            translations: Default::default(),
        }
    }

    /// A finding about a vault itself (no entry), at the default severity.
    pub fn vault_finding(
        self,
        vault: &str,
        message: String,
        remediation: &str,
        details: Details,
    ) -> Finding {
        Finding {
            fingerprint: crate::report::vault_fingerprint(self.as_str(), vault),
            vault: Some(vault.to_owned()),
            ..self.finding(message, remediation, Vec::new(), details)
        }
    }
}

/// Where an entry lives: vault index and entry index.
pub type Loc = (usize, usize);

/// Entries grouped by their (non-empty, resolved) password, built once.
#[derive(Clone)]
pub struct PasswordIndex<'a> {
    /// Distinct password -> entries using it, in vault order.
    pub groups: Vec<(&'a str, Vec<Loc>)>,
    /// Distinct password -> its index in `groups`.
    slots: HashMap<&'a str, usize>,
}

impl<'a> PasswordIndex<'a> {
    pub fn build(vaults: &'a [Vault]) -> Self {
        let mut slots: HashMap<&'a str, usize> = HashMap::new();
        let mut groups: Vec<(&'a str, Vec<Loc>)> = Vec::new();
        for (vi, v) in vaults.iter().enumerate() {
            for (ei, e) in v.entries.iter().enumerate() {
                if !e.password_audited() {
                    continue;
                }
                let pw = e.password.expose();
                let slot = *slots.entry(pw).or_insert_with(|| {
                    groups.push((pw, Vec::new()));
                    groups.len() - 1
                });
                groups[slot].1.push((vi, ei));
            }
        }
        PasswordIndex { groups, slots }
    }

    /// The entries of each password two or more audited entries use.
    pub fn shared(&self) -> impl Iterator<Item = &[Loc]> {
        self.groups
            .iter()
            .map(|(_, locs)| locs.as_slice())
            .filter(|locs| locs.len() >= 2)
    }

    /// The index in `groups` of a password some audited entry uses now.
    pub fn slot(&self, password: &str) -> Option<usize> {
        self.slots.get(password).copied()
    }
}

pub struct Ctx<'a> {
    pub vaults: &'a [Vault],
    pub opts: &'a Options,
    pub passwords: PasswordIndex<'a>,
    /// Distinct old passwords (entry histories, the recycle bin) that are
    /// no audited entry's current password ([`history::old_passwords`]).
    pub old_passwords: Vec<&'a str>,
    /// Every breach verdict, looked up before any check runs.
    pub lookups: Lookups,
    /// The site of each entry (by vault, then entry), looked up once:
    /// [`account::sites_of`].
    pub sites: Vec<Vec<Option<&'static crate::sites::Site>>>,
    /// What each entry's account protects (by vault, then entry), for the
    /// plan's order: [`account::protection`].
    pub protects: Vec<Vec<Option<crate::rules::Protects>>>,
    /// The zxcvbn score of each distinct password (`passwords.groups`
    /// order), made once: [`weak::scores`]; `None` when the budget ran out.
    pub strength: Vec<Option<u8>>,
    /// Clusters of similar distinct passwords (indices into
    /// `passwords.groups`), made once: [`history::similar_clusters`].
    pub similar: Vec<Vec<usize>>,
    /// The mailbox entries of the vaults, by address ([`account::recovery`]).
    pub mailboxes: Arc<account::recovery::Mailboxes>,
    /// The phone numbers each audited entry notes (by vault, then entry;
    /// none for an excluded entry): [`account::signs::phone_numbers`].
    pub numbers: Arc<Vec<Vec<Vec<crate::phone::Number>>>>,
    /// How long each stage of making the context took (`--timings`):
    /// `index`, `lookups`, `sites`, `scoring`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

pub use crate::lookups::Lookups;

impl<'a> Ctx<'a> {
    /// The context of a run whose lookups are already made.
    pub fn with_lookups(
        vaults: &'a [Vault],
        opts: &'a Options,
        passwords: PasswordIndex<'a>,
        old_passwords: Vec<&'a str>,
        lookups: Lookups,
    ) -> Self {
        let started = std::time::Instant::now();
        let sites = account::sites_of(vaults);
        let protects = account::protection(vaults, &opts.policy, &sites);
        let numbers = vaults
            .iter()
            .map(|v| {
                v.entries
                    .iter()
                    .map(|e| {
                        if e.excluded {
                            Vec::new()
                        } else {
                            account::signs::phone_numbers(e)
                        }
                    })
                    .collect()
            })
            .collect();
        let mut ctx = Ctx {
            vaults,
            opts,
            passwords,
            old_passwords,
            lookups,
            sites,
            protects,
            strength: Vec::new(),
            similar: Vec::new(),
            mailboxes: Arc::default(),
            numbers: Arc::new(numbers),
            timings: Vec::new(),
        };
        ctx.mailboxes = Arc::new(account::recovery::Mailboxes::index(&ctx));
        ctx.timings.push(("sites", started.elapsed()));
        // The two costly computations on the passwords, side by side.
        let passwords: Vec<&str> = ctx.passwords.groups.iter().map(|(pw, _)| *pw).collect();
        let (((strength, strength_time), (similar, similar_time)), scoring) = timed(|| {
            rayon::join(
                || timed(|| weak::scores(&ctx)),
                || timed(|| history::similar_clusters(&passwords)),
            )
        });
        ctx.strength = strength;
        ctx.similar = similar;
        ctx.timings.push(("scoring", scoring));
        ctx.timings.push(("strength", strength_time));
        ctx.timings.push(("similar", similar_time));
        ctx
    }

    /// A copy of the context with other options (the same vaults, lookups,
    /// scores and clusters, copied, not made again): the checks again in
    /// another language, side by side with the first run.
    pub fn copy_with<'b>(&self, opts: &'b Options) -> Ctx<'b>
    where
        'a: 'b,
    {
        Ctx {
            vaults: self.vaults,
            opts,
            passwords: self.passwords.clone(),
            old_passwords: self.old_passwords.clone(),
            lookups: self.lookups.clone(),
            sites: self.sites.clone(),
            protects: self.protects.clone(),
            strength: self.strength.clone(),
            similar: self.similar.clone(),
            mailboxes: Arc::clone(&self.mailboxes),
            numbers: Arc::clone(&self.numbers),
            timings: Vec::new(),
        }
    }

    /// Index the passwords, make every lookup, then the context.
    pub fn new(vaults: &'a [Vault], opts: &'a Options) -> Self {
        let ((passwords, old_passwords, current), index) = timed(|| {
            let passwords = PasswordIndex::build(vaults);
            let old_passwords = history::old_passwords(vaults, &passwords);
            let current: Vec<&str> = passwords.groups.iter().map(|(pw, _)| *pw).collect();
            (passwords, old_passwords, current)
        });
        let (lookups, lookups_time) =
            timed(|| Lookups::run(&opts.breach, opts.progress, &current, &old_passwords));
        let mut ctx = Ctx::with_lookups(vaults, opts, passwords, old_passwords, lookups);
        ctx.timings
            .splice(0..0, [("index", index), ("lookups", lookups_time)]);
        ctx
    }

    /// The site an entry's URL belongs to, if any list knows it.
    pub fn site(&self, loc: Loc) -> Option<&'static crate::sites::Site> {
        self.sites
            .get(loc.0)
            .and_then(|v| v.get(loc.1))
            .copied()
            .flatten()
    }

    /// The phone numbers an audited entry notes.
    pub fn numbers(&self, loc: Loc) -> &[crate::phone::Number] {
        self.numbers
            .get(loc.0)
            .and_then(|v| v.get(loc.1))
            .map_or(&[], Vec::as_slice)
    }

    pub fn entry(&self, loc: Loc) -> &'a Entry {
        &self.vaults[loc.0].entries[loc.1]
    }

    /// Every audited entry with its location.
    pub fn audited(&self) -> impl Iterator<Item = (Loc, &'a Entry)> + '_ {
        self.vaults.iter().enumerate().flat_map(|(vi, v)| {
            v.entries
                .iter()
                .enumerate()
                .filter(|(_, e)| !e.excluded)
                .map(move |(ei, e)| ((vi, ei), e))
        })
    }

    pub fn entry_ref(&self, loc: Loc) -> EntryRef {
        EntryRef {
            protects: self
                .protects
                .get(loc.0)
                .and_then(|v| v.get(loc.1))
                .copied()
                .flatten(),
            ..entry_ref_of(&self.vaults[loc.0], self.entry(loc))
        }
    }

    pub fn entry_refs(&self, locs: &[Loc]) -> Vec<EntryRef> {
        let mut refs: Vec<EntryRef> = locs.iter().map(|l| self.entry_ref(*l)).collect();
        refs.sort();
        refs
    }
}

/// How a report names an entry of `v` (recycle-bin entries included).
pub fn entry_ref_of(v: &Vault, e: &Entry) -> EntryRef {
    EntryRef {
        vault: v.name.clone(),
        group: e.group_path(),
        title: e.title.clone(),
        uuid: e.uuid.clone(),
        password_set_at: history::password_set_at(e)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        protects: None,
    }
}

/// The account an entry stands for: registrable domain of its first URL and
/// lower-cased user name, references resolved (a key to compare by: show
/// [`shown_username`] instead). `None` when either is missing.
pub fn account_key(e: &Entry) -> Option<(String, String)> {
    let host = url::host(e.url_for_matching()?)?;
    let user = e.username_for_matching().trim().to_lowercase();
    if user.is_empty() {
        return None;
    }
    Some((url::registrable_domain(&host), user))
}

/// The user name a finding about these entries shows: the first entry's
/// as written (a reference stays a reference), lower-cased.
pub fn shown_username(e: &Entry) -> String {
    e.username.trim().to_lowercase()
}

/// A user name as a finding may show it: `(in the message, in details)`.
/// One that is or holds a phone number is never printed (the report never
/// shows a phone number): a placeholder in the message, nothing in details.
pub fn shown_user(m: &crate::i18n::Messages, user: &str) -> (String, Option<String>) {
    if account::phone::find(user, account::phone::Context::Labelled).is_some() {
        (m.duplicate_phone_user.to_owned(), None)
    } else {
        (user.to_owned(), Some(user.to_owned()))
    }
}

/// One check's outcome.
pub struct Outcome {
    pub info: CheckInfo,
    pub findings: Vec<Finding>,
    /// The accounts the account rules looked at (the `accounts` check only).
    pub accounts: Vec<crate::report::Account>,
    /// The phone map (the `accounts` check only).
    pub phones: Vec<crate::report::PhoneMap>,
    /// How long the check took (`--timings`).
    pub elapsed: std::time::Duration,
}

impl Outcome {
    /// A complete check's outcome; its rules come from the registry.
    pub fn complete(check: CheckId, findings: Vec<Finding>) -> Self {
        Outcome {
            info: CheckInfo {
                id: check.as_str().to_owned(),
                rules: check.rules().map(|r| r.name.to_owned()).collect(),
                status: CheckStatus::Complete,
                reason: None,
                translations: Default::default(),
                passwords_checked: None,
                passwords_unchecked: None,
            },
            findings,
            accounts: Vec::new(),
            phones: Vec::new(),
            elapsed: std::time::Duration::ZERO,
        }
    }
}

/// Make every lookup, then run every check in a fixed order (the checks
/// are pure functions of the vaults, the options and the lookups: their
/// order changes nothing).
pub fn run_all(vaults: &[Vault], opts: &Options) -> Vec<Outcome> {
    run_checks(&Ctx::new(vaults, opts))
}

/// `f`'s result and how long it took (`--timings`).
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, std::time::Duration) {
    let started = std::time::Instant::now();
    let t = f();
    (t, started.elapsed())
}

/// Every check, in a fixed order, on a context whose lookups are made.
pub fn run_checks(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let checks: [fn(&Ctx<'_>) -> Outcome; 11] = [
        breach::run,
        reused::run,
        empty::run,
        weak::run,
        expired::run,
        insecure_url::run,
        duplicate::run,
        shared::run,
        account::run,
        history::run,
        vault::run,
    ];
    checks
        .iter()
        .map(|check| {
            let (mut o, elapsed) = timed(|| check(ctx));
            o.elapsed = elapsed;
            o
        })
        .collect()
}

/// Rules on in-memory vaults ([`Vault::for_test`]): no binary, no KDF, no
/// fixture; each test makes a rule fire and shows where it must not.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Entry;

    fn opts() -> Options {
        Options {
            min_score: 3,
            breach: Arc::new(crate::lookups::Source::Off),
            progress: false,
            now: chrono::DateTime::parse_from_rfc3339("2026-11-23T00:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            policy: Arc::new(crate::config::policy::Policy::default()),
            lang: crate::i18n::Lang::En,
            weak_budget: std::time::Duration::from_secs(30),
        }
    }

    /// The titles each rule's findings name, for the given checks.
    fn fired(entries: Vec<Entry>) -> Vec<(String, String)> {
        let vaults = [Vault::for_test("v", entries)];
        let o = opts();
        let mut out: Vec<(String, String)> = run_all(&vaults, &o)
            .into_iter()
            .flat_map(|c| c.findings)
            .flat_map(|f| {
                f.entries
                    .iter()
                    .map(|e| (f.rule.clone(), e.title.clone()))
                    .collect::<Vec<_>>()
            })
            .collect();
        out.sort();
        out
    }

    fn has(found: &[(String, String)], rule: RuleId, title: &str) -> bool {
        found.iter().any(|(r, t)| r == rule.as_str() && t == title)
    }

    const STRONG: &str = "Vq7#mK2!pL9@xR4$tZ8&";

    #[test]
    fn reused_fires_across_accounts_not_for_one_entry() {
        let found = fired(vec![
            Entry::for_test("Shop", STRONG).with_url("https://shop.example.com/"),
            Entry::for_test("Mail", STRONG).with_url("https://mail.example.org/"),
            Entry::for_test("Bank", "Jw3$Qe8!Zr5@Tn1%Ux6^").with_url("https://bank.example.net/"),
        ]);
        assert!(has(&found, RuleId::Reused, "Shop") && has(&found, RuleId::Reused, "Mail"));
        assert!(!has(&found, RuleId::Reused, "Bank"));
    }

    #[test]
    fn empty_fires_only_with_a_user_name_or_url() {
        let found = fired(vec![
            Entry::for_test("Login", "").with_user("alice"),
            Entry::for_test("Just a note", ""),
        ]);
        assert!(has(&found, RuleId::Empty, "Login"));
        assert!(!has(&found, RuleId::Empty, "Just a note"));
    }

    #[test]
    fn weak_fires_below_the_minimum_score() {
        let found = fired(vec![
            Entry::for_test("Weak", "password1").with_url("https://a.example.com/"),
            Entry::for_test("Strong", STRONG).with_url("https://b.example.com/"),
        ]);
        assert!(has(&found, RuleId::Weak, "Weak"));
        assert!(!has(&found, RuleId::Weak, "Strong"));
    }

    /// A spent budget leaves passwords unchecked, never strong: no weak
    /// finding, the check incomplete with the count and the limit.
    #[test]
    fn weak_budget_spent_leaves_passwords_unchecked_and_the_check_incomplete() {
        let vaults = [Vault::for_test(
            "v",
            vec![
                Entry::for_test("Weak", "password1").with_url("https://a.example.com/"),
                Entry::for_test("Strong", STRONG).with_url("https://b.example.com/"),
            ],
        )];
        let o = Options {
            weak_budget: std::time::Duration::ZERO,
            ..opts()
        };
        let outcomes = run_all(&vaults, &o);
        let weak = outcomes.iter().find(|c| c.info.id == "weak").unwrap();
        assert_eq!(weak.info.status, CheckStatus::Incomplete);
        assert!(weak.findings.is_empty());
        let reason = weak.info.reason.as_deref().unwrap();
        assert!(
            reason.contains("2 of 2 distinct passwords were not scored within the 0-second budget"),
            "{reason}"
        );
        // With time to spare, the same vault is complete and Weak is found.
        let outcomes = run_all(&vaults, &opts());
        let weak = outcomes.iter().find(|c| c.info.id == "weak").unwrap();
        assert_eq!(weak.info.status, CheckStatus::Complete);
        assert_eq!(weak.findings.len(), 1);
    }

    #[test]
    fn insecure_url_fires_on_public_http_only() {
        let found = fired(vec![
            Entry::for_test("Forum", STRONG).with_url("http://forum.example.com/"),
            Entry::for_test("Router", "Ab3$Cd5!Ef7@Gh9%Ij2^").with_url("http://192.168.1.1/"),
        ]);
        assert!(has(&found, RuleId::InsecureUrl, "Forum"));
        assert!(!has(&found, RuleId::InsecureUrl, "Router"));
    }

    #[test]
    fn expired_fires_after_the_expiry_date() {
        let at = |s: &str| {
            Some(
                chrono::DateTime::parse_from_rfc3339(s)
                    .unwrap()
                    .with_timezone(&Utc),
            )
        };
        let found = fired(vec![
            Entry::for_test("Old VPN", STRONG)
                .with_times(at("2020-01-01T00:00:00Z"), at("2021-01-01T00:00:00Z")),
            Entry::for_test("New VPN", "Kq4$Wm8!Zp2@Xs6%Tv1^")
                .with_times(at("2020-01-01T00:00:00Z"), at("2030-01-01T00:00:00Z")),
        ]);
        assert!(has(&found, RuleId::Expired, "Old VPN"));
        assert!(!has(&found, RuleId::Expired, "New VPN"));
    }

    #[test]
    fn duplicate_fires_for_the_same_user_at_the_same_site() {
        let found = fired(vec![
            Entry::for_test("Amazon", STRONG)
                .with_url("https://www.amazon.co.jp/")
                .with_user("Alice@example.com"),
            Entry::for_test("Amazon Seller", "Rt5$Yu7!Io9@Pa2%Sd4^")
                .with_url("https://sellercentral.amazon.co.jp/")
                .with_user("alice@example.com"),
            Entry::for_test("Amazon Bob", "Fg6$Hj8!Kl1@Zx3%Cv5^")
                .with_url("https://www.amazon.co.jp/")
                .with_user("bob@example.com"),
        ]);
        assert!(has(&found, RuleId::Duplicate, "Amazon"));
        assert!(has(&found, RuleId::Duplicate, "Amazon Seller"));
        assert!(!has(&found, RuleId::Duplicate, "Amazon Bob"));
    }

    #[test]
    fn shopping_account_without_notes_gets_the_account_rules() {
        let found = fired(vec![
            Entry::for_test("Rakuten", STRONG)
                .with_url("https://www.rakuten.co.jp/")
                .with_user("alice"),
            Entry::for_test("Rakuten noted", "Nb7$Mq2!Lw4@Ke6%Jr8^")
                .with_url("https://www.rakuten.co.jp/")
                .with_user("bob")
                .with_notes("2FA: on (authenticator app)\nPhone: 090-1234-5678"),
        ]);
        assert!(has(&found, RuleId::No2fa, "Rakuten"));
        assert!(has(&found, RuleId::NoPhone, "Rakuten"));
        assert!(!has(&found, RuleId::No2fa, "Rakuten noted"));
        assert!(!has(&found, RuleId::NoPhone, "Rakuten noted"));
    }
}
