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
        Ctx {
            vaults,
            opts,
            passwords,
            old_passwords,
            lookups,
        }
    }

    /// Index the passwords, make every lookup, then the context.
    pub fn new(vaults: &'a [Vault], opts: &'a Options) -> Self {
        let passwords = PasswordIndex::build(vaults);
        let old_passwords = history::old_passwords(vaults, &passwords);
        let current: Vec<&str> = passwords.groups.iter().map(|(pw, _)| *pw).collect();
        let lookups = Lookups::run(&opts.breach, opts.progress, &current, &old_passwords);
        Ctx::with_lookups(vaults, opts, passwords, old_passwords, lookups)
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
        entry_ref_of(&self.vaults[loc.0], self.entry(loc))
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
                passwords_checked: None,
                passwords_unchecked: None,
            },
            findings,
            accounts: Vec::new(),
        }
    }
}

/// Make every lookup, then run every check in a fixed order (the checks
/// are pure functions of the vaults, the options and the lookups: their
/// order changes nothing).
pub fn run_all(vaults: &[Vault], opts: &Options) -> Vec<Outcome> {
    let ctx = Ctx::new(vaults, opts);
    vec![
        breach::run(&ctx),
        reused::run(&ctx),
        empty::run(&ctx),
        weak::run(&ctx),
        expired::run(&ctx),
        insecure_url::run(&ctx),
        duplicate::run(&ctx),
        shared::run(&ctx),
        account::run(&ctx),
        history::run(&ctx),
        vault::run(&ctx),
    ]
}
