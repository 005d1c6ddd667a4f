//! The rule registry: every rule the tool knows, in one table.
//!
//! A row holds what the rest of the program needs to know about a rule:
//! its stable id (API: never renamed), default severity, the check that
//! runs it, one line of description, what the action plan asks the reader
//! to do, whether the plan pools it per account, whether the policy scopes
//! it by categories, its policy threshold keys, and whether it judges the
//! password's value (which puts the time the password was set into its
//! fingerprint). Findings carry a [`RuleId`]; checks, the policy, the plan
//! and the report read this table, so a rule id is written once, here.
//!
//! A leaf module: it depends on nothing else in the crate.
//!
//! Adding a rule: a [`RuleId`] variant and its row below, the check that
//! makes its findings, its messages (`i18n`), its section in
//! `docs/rules.md`, and a test that makes it fire (see
//! `docs/contributing.md`).

use serde::{Deserialize, Serialize};

/// How serious a finding is, in increasing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL_DESC: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// The `--fail-on` threshold: `settings.fail_on` in the report, a
/// severity's name or `never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    At(Severity),
    Never,
}

impl FailOn {
    pub fn label(self) -> &'static str {
        match self {
            FailOn::At(s) => s.as_str(),
            FailOn::Never => "never",
        }
    }
}

impl Serialize for FailOn {
    fn serialize<Z: serde::Serializer>(&self, s: Z) -> Result<Z::Ok, Z::Error> {
        s.serialize_str(self.label())
    }
}

impl<'de> Deserialize<'de> for FailOn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        if name == "never" {
            return Ok(FailOn::Never);
        }
        Severity::ALL_DESC
            .iter()
            .find(|s| s.as_str() == name)
            .map(|s| FailOn::At(*s))
            .ok_or_else(|| serde::de::Error::custom(format!("unknown fail_on {name:?}")))
    }
}

/// A rule, by name. Its string form (`password/breached`) is API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    SameAsMaster,
    Breached,
    Reused,
    Empty,
    Weak,
    ReusedOld,
    Expired,
    Stale,
    Similar,
    InsecureUrl,
    Duplicate,
    Shared,
    No2fa,
    NoPhone,
    PasskeyAvailable,
    SmsOnly2fa,
    PhoneOutdated,
    RecoveryEmailWeak,
    WeakMaster,
    WeakKdf,
    MasterKeyAge,
    LegacyFormat,
    HistorySecrets,
}

/// A check: one pass over the vaults that makes the findings of its rules
/// and reports a status. Its string form (`breach`) is API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CheckId {
    Breach,
    Reused,
    Empty,
    Weak,
    Expired,
    InsecureUrl,
    Duplicate,
    Shared,
    Accounts,
    History,
    Vault,
}

impl CheckId {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::Breach => "breach",
            CheckId::Reused => "reused",
            CheckId::Empty => "empty",
            CheckId::Weak => "weak",
            CheckId::Expired => "expired",
            CheckId::InsecureUrl => "insecure-url",
            CheckId::Duplicate => "duplicate",
            CheckId::Shared => "shared",
            CheckId::Accounts => "accounts",
            CheckId::History => "history",
            CheckId::Vault => "vault",
        }
    }

    /// The rules this check makes findings of, in report order.
    pub fn rules(self) -> impl Iterator<Item = &'static Rule> {
        RULES.iter().filter(move |r| r.check == self)
    }
}

/// Why the plan asks for a new password, in the order the reasons are
/// listed ("change the password (breached, reused, …)").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Why {
    Breached,
    Reused,
    Empty,
    Weak,
    Expired,
    ReusedOld,
    Similar,
    Stale,
}

/// What the action plan asks the reader to do about a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanAction {
    /// Give the entry a new password, for this reason.
    ChangePassword(Why),
    /// Turn on two-step verification (or, where the site offers none,
    /// keep the password unique).
    TwoFactor,
    NotePhone,
    Merge,
    FixUrl,
    AddApp,
    AddPasskey,
    ChangeTogether,
    ChangeMaster,
    HardenVault,
    PurgeHistory,
    /// Change the number registered at the site, then the note.
    UpdatePhone,
    /// Secure the mailbox that can reset this account first.
    SecureMailbox,
}

/// What the policy file can narrow a rule to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every audited entry.
    Entries,
    /// The accounts of the categories listed in `[rules."ID"] categories`.
    Categories,
}

/// What an account protects, for the action plan's order: money first,
/// then the mailboxes that reset other accounts, then the shops the site data
/// knows, then shops it does not. Ordered from least to most (`Money` is
/// the largest). `entries[].protects` in the JSON report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Protects {
    /// A shop no site list knows (matched by its group or tag).
    UnlistedShop,
    /// A shop the site data knows.
    Shop,
    /// A mailbox or identity account: it resets other accounts.
    Recovery,
    /// Banking, payments, finance, investing, cryptocurrencies.
    Money,
}

impl Protects {
    /// The class a category gives, by default: `None` for most.
    pub fn of_category(category: &str, site_listed: bool) -> Option<Protects> {
        match category {
            "banking" | "payments" | "finance" | "investing" | "cryptocurrencies" => {
                Some(Protects::Money)
            }
            "email" | "identity" => Some(Protects::Recovery),
            "shopping" if site_listed => Some(Protects::Shop),
            "shopping" => Some(Protects::UnlistedShop),
            _ => None,
        }
    }

    /// The policy file's word for it (`[categories.X] protects = "…"`).
    pub fn from_word(word: &str) -> Option<Option<Protects>> {
        match word {
            "money" => Some(Some(Protects::Money)),
            "recovery" => Some(Some(Protects::Recovery)),
            "shop" => Some(Some(Protects::Shop)),
            "other" => Some(None),
            _ => None,
        }
    }
}

/// A threshold the policy file sets in the rule's table. Checks read one
/// through [`crate::config::policy::Thresholds::get`] with the constant
/// below, so its key and default are written once, here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold {
    pub rule: RuleId,
    /// The key in `[rules."ID"]`.
    pub key: &'static str,
    /// The value when the policy file does not set one.
    pub default: u64,
    /// The largest value accepted.
    pub max: u64,
}

/// `vault/weak-kdf`: Argon2 memory below this many MiB is weak.
pub const MIN_ARGON2_MEMORY_MIB: Threshold = Threshold {
    rule: RuleId::WeakKdf,
    key: "min-argon2-memory-mib",
    default: 64,
    max: 1 << 20,
};

/// `vault/weak-kdf`: an Argon2 vault that opens faster than this many
/// milliseconds on the machine running the audit has too few passes.
pub const MIN_UNLOCK_MS: Threshold = Threshold {
    rule: RuleId::WeakKdf,
    key: "min-unlock-ms",
    default: 200,
    max: 600_000,
};

/// `password/stale`: a password unchanged for more days than this.
pub const STALE_MAX_AGE_DAYS: Threshold = Threshold {
    rule: RuleId::Stale,
    key: "max-age-days",
    default: 3 * 365,
    max: 36_500,
};

/// `vault/master-key-age`: a master key unchanged for more days than this;
/// `0` leaves only the vault's own change settings.
pub const MASTER_KEY_MAX_AGE_DAYS: Threshold = Threshold {
    rule: RuleId::MasterKeyAge,
    key: "max-age-days",
    default: 0,
    max: 36_500,
};

/// One row of the registry.
#[derive(Debug)]
pub struct Rule {
    pub id: RuleId,
    /// The stable id, `category/name`.
    pub name: &'static str,
    pub severity: Severity,
    pub check: CheckId,
    /// One line of description (`kdbx-audit rules`).
    pub summary: &'static str,
    pub action: PlanAction,
    /// The plan pools its findings per account (one line per site).
    pub pooled: bool,
    pub scope: Scope,
    /// It judges the password's value: the time each password was set is
    /// part of its fingerprint (a new password is a new finding).
    pub value: bool,
    pub thresholds: &'static [Threshold],
}

const fn row(
    id: RuleId,
    name: &'static str,
    severity: Severity,
    check: CheckId,
    action: PlanAction,
    summary: &'static str,
) -> Rule {
    Rule {
        id,
        name,
        severity,
        check,
        summary,
        action,
        pooled: false,
        scope: Scope::Entries,
        value: false,
        thresholds: &[],
    }
}

const fn value(mut r: Rule) -> Rule {
    r.value = true;
    r
}

const fn account(mut r: Rule) -> Rule {
    r.pooled = true;
    r
}

const fn scoped(mut r: Rule) -> Rule {
    r.scope = Scope::Categories;
    r
}

const fn thresholds(mut r: Rule, t: &'static [Threshold]) -> Rule {
    r.thresholds = t;
    r
}

use CheckId as C;
use PlanAction as A;
use RuleId as R;
use Severity as S;

/// Every rule, in report order (within a severity, findings sort by this).
pub const RULES: &[Rule] = &[
    value(row(
        R::SameAsMaster,
        "password/same-as-master",
        S::Critical,
        C::Vault,
        A::ChangeMaster,
        "an entry's password is the vault's master password",
    )),
    value(row(
        R::Breached,
        "password/breached",
        S::Critical,
        C::Breach,
        A::ChangePassword(Why::Breached),
        "the password appears in the Pwned Passwords breach corpus",
    )),
    value(row(
        R::Reused,
        "password/reused",
        S::High,
        C::Reused,
        A::ChangePassword(Why::Reused),
        "the same password is used on two or more different accounts",
    )),
    row(
        R::Empty,
        "password/empty",
        S::High,
        C::Empty,
        A::ChangePassword(Why::Empty),
        "an entry with a user name or URL has an empty password",
    ),
    value(row(
        R::Weak,
        "password/weak",
        S::Medium,
        C::Weak,
        A::ChangePassword(Why::Weak),
        "the password's zxcvbn strength score is below the minimum",
    )),
    value(row(
        R::ReusedOld,
        "password/reused-old",
        S::Medium,
        C::History,
        A::ChangePassword(Why::ReusedOld),
        "a current password is an old password of another entry (it came back)",
    )),
    row(
        R::Expired,
        "entry/expired",
        S::Low,
        C::Expired,
        A::ChangePassword(Why::Expired),
        "the entry's expiry date is in the past",
    ),
    thresholds(
        row(
            R::Stale,
            "password/stale",
            S::Low,
            C::History,
            A::ChangePassword(Why::Stale),
            "the password has not changed for longer than the policy allows (3 years by default), judged from the entry's history",
        ),
        &[STALE_MAX_AGE_DAYS],
    ),
    value(row(
        R::Similar,
        "password/similar",
        S::Low,
        C::History,
        A::ChangePassword(Why::Similar),
        "passwords differ only by a counter, year, letter case or a character or two",
    )),
    row(
        R::InsecureUrl,
        "entry/insecure-url",
        S::Low,
        C::InsecureUrl,
        A::FixUrl,
        "the entry's URL uses plain http:// on a public host",
    ),
    account(row(
        R::Duplicate,
        "account/duplicate",
        S::Info,
        C::Duplicate,
        A::Merge,
        "the same account (registrable domain and user name) is stored more than once",
    )),
    account(row(
        R::Shared,
        "account/shared",
        S::Info,
        C::Shared,
        A::ChangeTogether,
        "the same account is kept in two or more members' vaults with the same password",
    )),
    scoped(account(row(
        R::No2fa,
        "account/no-2fa",
        S::High,
        C::Accounts,
        A::TwoFactor,
        "a shopping account (or a policy category) has no sign that two-step verification is on",
    ))),
    scoped(account(row(
        R::NoPhone,
        "account/no-phone",
        S::Medium,
        C::Accounts,
        A::NotePhone,
        "a shopping account (or a policy category) has no phone number noted",
    ))),
    scoped(account(row(
        R::PasskeyAvailable,
        "account/passkey-available",
        S::Low,
        C::Accounts,
        A::AddPasskey,
        "the site accepts passkeys (passkeys.directory) and the account holds none",
    ))),
    scoped(account(row(
        R::SmsOnly2fa,
        "account/sms-only-2fa",
        S::Low,
        C::Accounts,
        A::AddApp,
        "the only second factor noted is SMS or a call, and the site offers an authenticator app or a security key",
    ))),
    scoped(account(row(
        R::PhoneOutdated,
        "account/phone-outdated",
        S::High,
        C::Accounts,
        A::UpdatePhone,
        "the phone number noted for the account is not one of its owner's current numbers ([phones] current, a member's phones)",
    ))),
    scoped(account(row(
        R::RecoveryEmailWeak,
        "account/recovery-email-weak",
        S::High,
        C::Accounts,
        A::SecureMailbox,
        "the account signs in or recovers through a mailbox kept in the same vault or household, and that mailbox's entry is breached, reused, empty, weak or has no 2FA noted",
    ))),
    row(
        R::WeakMaster,
        "vault/weak-master-password",
        S::High,
        C::Vault,
        A::HardenVault,
        "the master password's zxcvbn strength score is below 4",
    ),
    thresholds(
        row(
            R::WeakKdf,
            "vault/weak-kdf",
            S::Medium,
            C::Vault,
            A::HardenVault,
            "the vault's key derivation is AES-KDF, or Argon2 with too little memory or too little time",
        ),
        &[MIN_ARGON2_MEMORY_MIB, MIN_UNLOCK_MS],
    ),
    thresholds(
        row(
            R::MasterKeyAge,
            "vault/master-key-age",
            S::Low,
            C::Vault,
            A::HardenVault,
            "the master key is older than the policy allows, or than the vault's own change setting",
        ),
        &[MASTER_KEY_MAX_AGE_DAYS],
    ),
    row(
        R::LegacyFormat,
        "vault/legacy-format",
        S::Low,
        C::Vault,
        A::HardenVault,
        "the vault is KDBX 3.1 or older",
    ),
    row(
        R::HistorySecrets,
        "vault/history-secrets",
        S::Info,
        C::History,
        A::PurgeHistory,
        "entry histories or the recycle bin still hold passwords that are breached or reused",
    ),
];

impl RuleId {
    /// The registry row (every variant has one: a test checks it).
    pub fn rule(self) -> &'static Rule {
        RULES
            .iter()
            .find(|r| r.id == self)
            .expect("every RuleId has a registry row")
    }

    /// The stable id, `password/breached`.
    pub fn as_str(self) -> &'static str {
        self.rule().name
    }

    /// The rule of a stable id, if it is one.
    pub fn parse(name: &str) -> Option<RuleId> {
        RULES.iter().find(|r| r.name == name).map(|r| r.id)
    }

    /// Its place in report order.
    pub fn position(self) -> usize {
        RULES
            .iter()
            .position(|r| r.id == self)
            .expect("every RuleId has a registry row")
    }
}

/// The place in report order of a rule by its id; unknown ids (from a
/// report of another version) sort last.
pub fn position_of(name: &str) -> usize {
    RuleId::parse(name).map_or(usize::MAX, RuleId::position)
}

/// The registry row of a rule by its id.
pub fn lookup(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == name)
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleId {
    fn serialize<Z: serde::Serializer>(&self, s: Z) -> Result<Z::Ok, Z::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        RuleId::parse(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown rule id {name:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [RuleId; 23] = [
        R::SameAsMaster,
        R::Breached,
        R::Reused,
        R::Empty,
        R::Weak,
        R::ReusedOld,
        R::Expired,
        R::Stale,
        R::Similar,
        R::InsecureUrl,
        R::Duplicate,
        R::Shared,
        R::No2fa,
        R::NoPhone,
        R::PasskeyAvailable,
        R::SmsOnly2fa,
        R::PhoneOutdated,
        R::RecoveryEmailWeak,
        R::WeakMaster,
        R::WeakKdf,
        R::MasterKeyAge,
        R::LegacyFormat,
        R::HistorySecrets,
    ];

    #[test]
    fn every_rule_id_has_exactly_one_row_and_a_well_formed_name() {
        assert_eq!(RULES.len(), ALL.len());
        let mut names = std::collections::HashSet::new();
        for id in ALL {
            assert_eq!(RULES.iter().filter(|r| r.id == id).count(), 1, "{id:?}");
            let name = id.as_str();
            assert!(names.insert(name), "duplicate id {name}");
            assert_eq!(RuleId::parse(name), Some(id));
            let (cat, rest) = name.split_once('/').expect("category/name");
            assert!(!cat.is_empty() && !rest.is_empty());
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '/' || c == '-')
            );
        }
    }

    #[test]
    fn every_check_has_a_rule_and_scoped_rules_are_account_rules() {
        for c in [
            C::Breach,
            C::Reused,
            C::Empty,
            C::Weak,
            C::Expired,
            C::InsecureUrl,
            C::Duplicate,
            C::Shared,
            C::Accounts,
            C::History,
            C::Vault,
        ] {
            assert!(c.rules().next().is_some(), "{c:?}");
        }
        for r in RULES {
            if r.scope == Scope::Categories {
                assert!(r.name.starts_with("account/") && r.pooled, "{}", r.name);
            }
        }
    }

    #[test]
    fn thresholds_belong_to_their_row_and_their_defaults_are_allowed() {
        let mut n = 0;
        for r in RULES {
            let mut keys = std::collections::HashSet::new();
            for t in r.thresholds {
                assert_eq!(t.rule, r.id, "{} {}", r.name, t.key);
                assert!(t.max > 0 && t.default <= t.max, "{} {}", r.name, t.key);
                assert!(keys.insert(t.key), "{}: {} twice", r.name, t.key);
                n += 1;
            }
        }
        assert_eq!(n, 4);
    }
}
