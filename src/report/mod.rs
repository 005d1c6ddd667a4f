//! The report: what the checks found, as plain serde data.
//!
//! The JSON output is exactly this type (`schema_version` 1, documented in
//! `docs/report-format.md`). Nothing here can hold a [`crate::secret::Secret`]:
//! findings carry titles, group paths, UUIDs and numbers (a strength score,
//! a breach band, counts), never a password or anything derived from one
//! beyond those.

pub mod baseline;
pub mod plan;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: u32 = 2;

/// The earliest schema `render` and `--baseline` still read (version 1:
/// exact breach counts, which are turned into bands on reading, and
/// fingerprints without the time the password was set).
pub const OLDEST_READABLE_SCHEMA: u32 = 1;

/// How often a breached password was seen, as a band: an exact count
/// identifies one hash of the public corpus, and with it the password, to
/// anyone who reads the report. The values are API (`details.breach_band`).
pub const BREACH_BANDS: [(&str, u64); 4] =
    [("1-9", 1), ("10-99", 10), ("100-999", 100), ("1000+", 1000)];

/// The band of a corpus count (at least 1).
pub fn breach_band(count: u64) -> &'static str {
    BREACH_BANDS
        .iter()
        .rev()
        .find(|(_, low)| count >= *low)
        .map_or(BREACH_BANDS[0].0, |(band, _)| band)
}

pub use crate::rules::{RuleId, Severity};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
    /// The site data compiled in, by source, with its snapshot date:
    /// `{"2fa.directory": "2026-08-04", "passkeys.directory": "2026-08-04"}`.
    #[serde(default)]
    pub data: std::collections::BTreeMap<String, String>,
}

/// The settings that produced the report, so a reader knows what was checked.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    pub min_score: u8,
    pub fail_on: crate::rules::FailOn,
    pub breach: String,
    /// `--allow-incomplete`: an incomplete check does not force exit status 2.
    pub allow_incomplete: bool,
    /// Language of the messages: `en` or `ja`.
    pub lang: String,
    /// The policy file used, or `null` for the built-in policy.
    pub config: Option<String>,
    /// `--baseline`: the previous report compared against, or `null`.
    #[serde(default)]
    pub baseline: Option<String>,
    /// `--fail-on-new`: only new findings (see `baseline`) decide exit status 1.
    #[serde(default)]
    pub fail_on_new: bool,
    /// `--family`: the household file, or `null`.
    #[serde(default)]
    pub family: Option<String>,
    /// `full`, or `summary` (`--privacy summary`: counts per member only).
    #[serde(default)]
    pub privacy: Privacy,
    /// The moment the audit was judged as of, when it is not the time of
    /// the run (`--as-of` or `KDBX_AUDIT_AS_OF`), RFC 3339; else `null`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Where `as_of` came from: `--as-of` or `KDBX_AUDIT_AS_OF`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of_source: Option<String>,
}

/// How much a report shows (`settings.privacy`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Privacy {
    /// The whole report.
    #[default]
    Full,
    /// `--privacy summary`: the member table and counts only.
    Summary,
}

/// Whether a finding was in the baseline (`findings[].baseline`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BaselineMark {
    New,
    Known,
}

/// A vault that could not be opened: not audited, and the run is
/// incomplete (exit status 2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedVault {
    /// The member (household file) or the file's stem.
    pub name: String,
    pub path: String,
    /// Why, e.g. a wrong password or a damaged file. Never the password.
    pub reason: String,
    /// `reason` in the other languages (JSON output), by language code.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, ReasonText>,
}

/// A reason in another language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonText {
    pub reason: String,
}

/// A finding's sentences in another language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingText {
    pub message: String,
    pub remediation: String,
    /// `details.site`, when the finding names a site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
}

/// The report's warnings in another language, in the same order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportText {
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VaultInfo {
    pub name: String,
    pub path: String,
    pub format: String,
    pub kdf: String,
    pub cipher: String,
    pub entries_audited: usize,
    pub entries_excluded: usize,
    pub entries_in_recycle_bin: usize,
    /// This vault's findings (those naming one of its entries) by severity,
    /// and its hygiene score.
    #[serde(default)]
    pub summary: Summary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    Complete,
    Incomplete,
    Skipped,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckInfo {
    pub id: String,
    pub rules: Vec<String>,
    pub status: CheckStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `reason` in the other languages (JSON output), by language code.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, ReasonText>,
    /// Distinct passwords looked up (the `breach` check only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passwords_checked: Option<usize>,
    /// Distinct passwords whose lookup failed: unchecked, not clean (the
    /// `breach` check only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passwords_unchecked: Option<usize>,
}

/// An entry named by a finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntryRef {
    pub vault: String,
    pub group: String,
    pub title: String,
    pub uuid: String,
    /// When the entry's current password was set (RFC 3339), from its
    /// history as `password/stale` works it out; the entry's modification
    /// time when it has no history. Part of the fingerprint of the rules
    /// about the password's value (`value` in [`crate::rules::RULES`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_set_at: Option<String>,
    /// What the entry's account protects (money, recovery, a shop), for
    /// the plan's order; absent for anything else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protects: Option<crate::rules::Protects>,
}

/// Rule-specific facts. Every field is optional and none is derived from a
/// secret beyond its strength score and a breach band.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Details {
    /// zxcvbn score 0-4 (`password/weak`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    /// Number of distinct accounts sharing the password (`password/reused`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accounts: Option<usize>,
    /// Registrable domain (`account/duplicate`, `account/shared`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Lower-cased user name (`account/duplicate`, `account/shared`); absent
    /// when the user name holds a phone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Whether the duplicated entries hold the same password (`account/duplicate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_password: Option<bool>,
    /// Expiry time, RFC 3339 (`entry/expired`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expired_at: Option<String>,
    /// The offending URL (`entry/insecure-url`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// How often the password was seen in the Pwned Passwords corpus, as a
    /// band of [`BREACH_BANDS`] (`password/breached`). Never the exact
    /// count, never the hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breach_band: Option<String>,
    /// Site name, ours or 2fa.directory's (`account/*`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// Stable site id: 2fa.directory's main domain or ours (`account/*`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_id: Option<String>,
    /// The policy category that requires this (`account/*`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// What the entry says about 2FA (`account/no-2fa`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub two_factor: Option<TwoFactorNote>,
    /// `offered`, `not-offered` or `unknown` (`account/no-2fa`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub two_factor_offered: Option<OfferState>,
    /// 2fa.directory method ids the site offers (`account/no-2fa`,
    /// `account/sms-only-2fa`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub two_factor_methods_offered: Option<Vec<String>>,
    /// Methods the account's entries note as on (`account/sms-only-2fa`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_factor_methods_noted: Option<Vec<String>>,
    /// The site lets a passkey replace the password
    /// (`account/passkey-available`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passwordless: Option<bool>,
    /// The vault's key derivation as its header states it, and how long
    /// opening took on the machine that ran the audit (`vault/weak-kdf`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kdf: Option<KdfNote>,
    /// When the password (`password/stale`) or the master key
    /// (`vault/master-key-age`) last changed, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_at: Option<String>,
    /// Whole days since then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_days: Option<u64>,
    /// The limit it is over, in days: the policy's, or the vault's own
    /// change setting (`password/stale`, `vault/master-key-age`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age_days: Option<u64>,
    /// Entries whose history holds this password as an old one
    /// (`password/reused-old`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_password_of: Option<Vec<EntryRef>>,
    /// Old passwords still kept in the vault (`vault/history-secrets`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_passwords: Option<OldPasswords>,
    /// The noted numbers that are not the owner's current ones, each as
    /// its last four digits (`…4444`), never whole
    /// (`account/phone-outdated`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phones_outdated: Option<Vec<String>>,
    /// The entry of the mailbox that can reset this account
    /// (`account/recovery-email-weak`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_mailbox: Option<EntryRef>,
    /// What is wrong with that mailbox's entry: `breached`, `reused`,
    /// `empty`, `weak`, `no-2fa`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mailbox_weaknesses: Option<Vec<String>>,
}

/// Key derivation parameters (`vault/weak-kdf`). Never the salt or seed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfNote {
    /// `AES-KDF`, `Argon2d` or `Argon2id`.
    pub name: String,
    /// AES-KDF rounds; `null` for Argon2.
    pub rounds: Option<u64>,
    /// Argon2 memory in MiB, passes and lanes; `null` for AES-KDF.
    pub memory_mib: Option<u64>,
    pub iterations: Option<u64>,
    pub parallelism: Option<u32>,
    /// Milliseconds the vault took to open on this machine (key
    /// derivation, decryption and parsing).
    pub unlock_ms: u64,
}

/// Counts of old passwords a vault still keeps (`vault/history-secrets`):
/// distinct values, none of them shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OldPasswords {
    /// Distinct old passwords that are breached or reused.
    pub flagged: usize,
    /// Of those: in the Pwned Passwords corpus.
    pub breached: usize,
    /// Of those: the current password of an entry, or kept by more than
    /// one entry.
    pub reused: usize,
    /// Where they are kept: entry histories, recycle-bin entries.
    pub in_history: usize,
    pub in_recycle_bin: usize,
    /// Old passwords whose breach lookup failed (not counted as clean).
    pub unchecked: usize,
    /// The entries keeping them (recycle-bin entries included).
    pub entries: Vec<EntryRef>,
}

/// Where an entry notes something: a field, a notes line, a tag, the user
/// name, a stored OTP secret or passkey. Never the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRef {
    /// `otp-secret`, `passkey`, `field`, `notes`, `tag` or `username`.
    pub kind: NoteKind,
    /// Field name, notes label or tag (vault text); `null` for the user name.
    pub label: Option<String>,
}

/// How an entry came to be in a category (`matched_by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKind {
    /// A site of the directory's category, by the entry's URL.
    Site,
    /// A domain the policy adds to the category.
    PolicyDomain,
    /// The entry's group.
    Group,
    /// The entry's tag.
    Tag,
}

/// Where a sign (of 2FA, a phone number, a passkey) was found in an entry
/// (`sign.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteKind {
    OtpSecret,
    Passkey,
    Field,
    Notes,
    Tag,
    Username,
}

/// Two-step verification as an account's entries note it
/// (`two_factor.state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TwoFactorState {
    On,
    /// Declared off.
    Off,
    NotNoted,
}

/// Whether a phone number is noted (`phone.state`; never the number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PhoneState {
    Noted,
    NotNoted,
}

/// What the site data says the site offers for two-step verification
/// (`two_factor_offered`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OfferState {
    Offered,
    NotOffered,
    Unknown,
}

/// What an account's entries say about two-step verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorNote {
    /// `on`, `off` (declared off) or `not-noted`.
    pub state: TwoFactorState,
    /// `app`, `sms`, `call`, `email`, `security-key`, `passkey` or
    /// `declared` (on, method not named); `null` unless on.
    pub method: Option<String>,
    /// The sign that decided the state; `null` when nothing was noted.
    pub sign: Option<NoteRef>,
}

/// What passkeys.directory says of the site, and whether the account's
/// entries hold or note a passkey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeysNote {
    /// The site is in passkeys.directory.
    pub accepted: bool,
    /// A passkey can replace the password there.
    pub passwordless: bool,
    /// A passkey can be the second factor there.
    pub mfa: bool,
    /// The entries hold a passkey (`KPEX_PASSKEY_*`, `KPXC_PASSKEY_*`) or
    /// note one (a passkey tag or declaration).
    pub held: bool,
    /// Where; `null` when none.
    pub sign: Option<NoteRef>,
}

/// Whether an account's entries note a phone number (never the number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneNote {
    /// `noted` or `not-noted`.
    pub state: PhoneState,
    pub sign: Option<NoteRef>,
}

/// An account the policy requires 2FA or a phone number for, and what its
/// entries note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub entries: Vec<EntryRef>,
    /// Site name; for an unknown site the entry title, else the registrable domain.
    pub site: String,
    pub site_id: Option<String>,
    /// Policy categories the account is in (of those some rule requires).
    pub categories: Vec<String>,
    /// How it was classified: `site`, `policy-domain`, `group`, `tag`.
    pub matched_by: Vec<MatchKind>,
    /// What the policy requires of it: `2fa`, `phone`.
    pub requires: Vec<String>,
    pub two_factor: TwoFactorNote,
    pub two_factor_offered: OfferState,
    pub two_factor_methods_offered: Vec<String>,
    /// Every method the entries note as on (`app`, `sms`, …).
    #[serde(default)]
    pub two_factor_methods_noted: Vec<String>,
    /// The account rules the policy applies to it.
    #[serde(default)]
    pub rules: Vec<String>,
    #[serde(default = "no_passkeys")]
    pub passkeys: PasskeysNote,
    pub phone: PhoneNote,
    /// `site` in the other languages (JSON output), by language code.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, SiteText>,
}

/// One phone number noted in a vault, and the accounts that use it (the
/// phone map). The number is only ever its last four digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneMap {
    /// The vault (member) whose entries note it.
    pub vault: String,
    /// `…4444`: the last four digits; `""` in a summary.
    pub number: String,
    /// One of the owner's current numbers (`true`), not one (`false`), or
    /// `null` when no current numbers are configured.
    pub current: Option<bool>,
    /// How many accounts note it, and how many of them have no other way
    /// in noted (kept in a summary).
    pub accounts_count: usize,
    pub without_other_way: usize,
    /// The accounts, those with no other way in first; empty in a summary.
    pub accounts: Vec<PhoneAccount>,
}

/// An account that notes a phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneAccount {
    pub site: String,
    pub site_id: Option<String>,
    pub entries: Vec<EntryRef>,
    /// Other ways in the entries note: `app`, `passkey`, `security-key`,
    /// `backup-codes`, `another-number`. Empty: a lost phone or a changed
    /// number locks the account.
    pub other_ways: Vec<String>,
    /// The mailbox that can reset it: `in-vault` (with its entry),
    /// `not-in-vault`, or `none` (no address noted).
    pub recovery_mailbox: MailboxState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_mailbox_entry: Option<EntryRef>,
    /// `site` in the other languages (JSON output), by language code.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, SiteText>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MailboxState {
    InVault,
    NotInVault,
    None,
}

/// Where a run's time went (`--timings`), in milliseconds of wall time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timings {
    /// Opening each vault (file read, key derivation, decryption, parsing,
    /// normalising), by vault name; the vaults open in parallel.
    pub unlock_ms: BTreeMap<String, u64>,
    /// Indexing the distinct passwords.
    pub index_ms: u64,
    /// Every breach lookup.
    pub lookups_ms: u64,
    /// Site, category, phone-number and mailbox lookups of every entry.
    pub sites_ms: u64,
    /// zxcvbn scores and similar-password clusters (side by side).
    pub scoring_ms: u64,
    /// Of which the zxcvbn scores (with the bound that spares most of them).
    #[serde(default)]
    pub strength_ms: u64,
    /// Of which the similar-password clusters.
    #[serde(default)]
    pub similar_ms: u64,
    /// Each check, by check id.
    pub checks_ms: BTreeMap<String, u64>,
    /// The checks again in the other language (JSON output only).
    pub translations_ms: u64,
    /// Rendering the report (for JSON: a first rendering, made to measure).
    pub render_ms: u64,
    /// From the start of the command to the report rendered.
    pub total_ms: u64,
}

impl Timings {
    /// A duration as the whole milliseconds these fields hold.
    pub fn millis(d: std::time::Duration) -> u64 {
        u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
    }
}

/// A site's name in another language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteText {
    pub site: String,
}

fn no_passkeys() -> PasskeysNote {
    PasskeysNote {
        accepted: false,
        passwordless: false,
        mfa: false,
        held: false,
        sign: None,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's stable id (`password/breached`). A string, so that a
    /// report of a newer version, with rules this one does not know, still
    /// reads: [`Finding::rule_id`] says whether it is one of ours.
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub remediation: String,
    pub entries: Vec<EntryRef>,
    pub details: Details,
    /// Stable identity across runs: made from the rule id and the entries'
    /// UUIDs, and for the rules about the password's value the times the
    /// passwords were set ([`fingerprint`]); never from a secret.
    #[serde(default)]
    pub fingerprint: String,
    /// With `--baseline`: `new` or `known`; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineMark>,
    /// The policy's `[[ignore]]` that covers this finding (in `ignored` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore: Option<IgnoreNote>,
    /// The vault a finding about the vault itself concerns (`vault/*`
    /// rules, whose `entries` is empty); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vault: Option<String>,
    /// `message` and `remediation` in the other languages (JSON output),
    /// by language code: `kdbx-audit render --lang` prints them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, FindingText>,
}

impl Finding {
    /// Put the sentences of `lang` in place (the current ones go to
    /// `translations`); false when the finding has none in `lang`.
    fn switch_language(&mut self, from: &str, lang: &str) -> bool {
        if from == lang {
            return true;
        }
        let Some(t) = self.translations.remove(lang) else {
            return false;
        };
        let site = match (&mut self.details.site, t.site) {
            (Some(now), Some(other)) => Some(std::mem::replace(now, other)),
            (now, _) => now.clone(),
        };
        let old = FindingText {
            message: std::mem::replace(&mut self.message, t.message),
            remediation: std::mem::replace(&mut self.remediation, t.remediation),
            site,
        };
        self.translations.insert(from.to_owned(), old);
        true
    }

    /// The rule, when it is one this version knows.
    pub fn rule_id(&self) -> Option<RuleId> {
        RuleId::parse(&self.rule)
    }

    /// Its place in report order (a rule this version does not know sorts
    /// last).
    pub fn rule_position(&self) -> usize {
        self.rule_id().map_or(usize::MAX, RuleId::position)
    }
}

/// The fingerprint of a finding about a vault itself: the rule id and the
/// vault's name.
pub fn vault_fingerprint(rule: &str, vault: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(rule.as_bytes());
    h.update(b"\nvault:");
    h.update(vault.as_bytes());
    let digest = h.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Why a finding is ignored: the policy file's `[[ignore]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IgnoreNote {
    /// Its position among the file's `[[ignore]]` tables, from 1.
    pub index: usize,
    pub reason: String,
    /// Last day it applies (`YYYY-MM-DD`), or `null`.
    pub until: Option<String>,
}

/// A finding's fingerprint: SHA-256 over the rule id and the sorted entry
/// UUIDs (lower case, no hyphens), each followed by `@` and the time its
/// password was set for the rules about the password's value
/// ([`crate::rules::Rule::value`]); first 16
/// bytes in hex. The same finding on the same entries keeps it however its
/// message, severity or language change; a new password makes it new.
pub fn fingerprint(rule: &str, entries: &[EntryRef]) -> String {
    if !crate::rules::lookup(rule).is_some_and(|r| r.value) {
        return fingerprint_v1(rule, entries);
    }
    use sha2::{Digest, Sha256};
    let mut keys: Vec<String> = entries
        .iter()
        .map(|e| match &e.password_set_at {
            Some(t) => format!("{}@{t}", normalize_uuid(&e.uuid)),
            None => normalize_uuid(&e.uuid),
        })
        .collect();
    keys.sort();
    keys.dedup();
    let mut h = Sha256::new();
    h.update(rule.as_bytes());
    for k in &keys {
        h.update(b"\n");
        h.update(k.as_bytes());
    }
    let digest = h.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// The fingerprint of schema version 1: the rule and the entries' UUIDs
/// only, for every rule (`--baseline` with a version 1 report).
pub fn fingerprint_v1(rule: &str, entries: &[EntryRef]) -> String {
    use sha2::{Digest, Sha256};
    let mut uuids: Vec<String> = entries.iter().map(|e| normalize_uuid(&e.uuid)).collect();
    uuids.sort();
    uuids.dedup();
    let mut h = Sha256::new();
    h.update(rule.as_bytes());
    for u in &uuids {
        h.update(b"\n");
        h.update(u.as_bytes());
    }
    let digest = h.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// A UUID as compared everywhere: lower case, hyphens and braces removed.
pub fn normalize_uuid(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_hexdigit())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// What changed since the baseline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineSummary {
    /// The baseline report's `generated_at`.
    pub generated_at: String,
    pub new: usize,
    pub known: usize,
    pub resolved: usize,
    /// The baseline's findings whose check did not complete this run:
    /// neither resolved nor new, carried in `not_rechecked`.
    #[serde(default)]
    pub not_rechecked: usize,
}

/// Counts of findings by severity, and the hygiene score they give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
    pub total: usize,
    /// Findings covered by an `[[ignore]]` (not in the counts above).
    #[serde(default)]
    pub ignored: usize,
    /// Entries audited (the score's `N`).
    #[serde(default)]
    pub entries_audited: usize,
    /// Hygiene score 0-100, see [`score`].
    #[serde(default = "full_score")]
    pub score: u8,
}

fn full_score() -> u8 {
    100
}

impl Default for Summary {
    fn default() -> Self {
        Summary {
            critical: 0,
            high: 0,
            medium: 0,
            low: 0,
            info: 0,
            total: 0,
            ignored: 0,
            entries_audited: 0,
            score: 100,
        }
    }
}

/// How much one finding of a severity weighs in the score.
pub fn weight(s: Severity) -> usize {
    match s {
        Severity::Critical => 10,
        Severity::High => 5,
        Severity::Medium => 2,
        Severity::Low => 1,
        Severity::Info => 0,
    }
}

/// The hygiene score: `100 × N / (N + P)`, rounded to the nearest whole
/// number, where `N` is the number of entries audited and `P` the penalty
/// `10·critical + 5·high + 2·medium + 1·low` (info weighs nothing); 100 when
/// `N + P` is 0. Documented in `docs/rules.md`.
pub fn score(entries_audited: usize, s: &Summary) -> u8 {
    let penalty: u128 = Severity::ALL_DESC
        .iter()
        .map(|sev| weight(*sev) as u128 * s.count(*sev) as u128)
        .sum();
    let n = entries_audited as u128;
    let total = n + penalty;
    if total == 0 {
        return 100;
    }
    // Integer rounding: (200·N + total) / (2·total).
    let v = (200 * n + total) / (2 * total);
    v.min(100) as u8
}

impl Summary {
    /// Counts and score of these findings over `entries_audited` entries.
    pub fn scored<'a>(
        findings: impl IntoIterator<Item = &'a Finding>,
        ignored: usize,
        entries_audited: usize,
    ) -> Summary {
        let mut s = Summary::from_iter(findings);
        s.ignored = ignored;
        s.entries_audited = entries_audited;
        s.score = score(entries_audited, &s);
        s
    }

    pub fn from_findings(findings: &[Finding]) -> Summary {
        Summary::from_iter(findings)
    }

    fn from_iter<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Summary {
        let mut s = Summary::default();
        for f in findings {
            match f.severity {
                Severity::Critical => s.critical += 1,
                Severity::High => s.high += 1,
                Severity::Medium => s.medium += 1,
                Severity::Low => s.low += 1,
                Severity::Info => s.info += 1,
            }
            s.total += 1;
        }
        s
    }

    pub fn count(&self, sev: Severity) -> usize {
        match sev {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub generated_at: String,
    pub settings: Settings,
    pub vaults: Vec<VaultInfo>,
    pub checks: Vec<CheckInfo>,
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// Accounts the policy's account rules looked at (`account/no-2fa`,
    /// `account/no-phone`), found or not.
    pub accounts: Vec<Account>,
    /// Findings covered by the policy's `[[ignore]]` tables: not counted,
    /// not in the score or the exit status, listed here and by
    /// `--show-ignored`.
    #[serde(default)]
    pub ignored: Vec<Finding>,
    /// With `--baseline`: how this run compares; `null` otherwise.
    #[serde(default)]
    pub baseline: Option<BaselineSummary>,
    /// With `--baseline`: the baseline's findings that are gone.
    #[serde(default)]
    pub resolved: Vec<Finding>,
    /// With `--baseline`: the baseline's findings of checks that did not
    /// complete this run (lookups failed, or the check was skipped). They
    /// are not known to be gone, so they are not resolved.
    #[serde(default)]
    pub not_rechecked: Vec<Finding>,
    /// Vaults that could not be opened (several vaults in one run).
    #[serde(default)]
    pub vaults_failed: Vec<FailedVault>,
    /// The phone map: every number noted, the accounts that use it.
    #[serde(default)]
    pub phones: Vec<PhoneMap>,
    pub warnings: Vec<String>,
    /// With `--timings`: where the run's time went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timings: Option<Timings>,
    /// The warnings in the other languages (JSON output), by language
    /// code; the findings, checks and failed vaults carry their own.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, ReportText>,
}

impl Report {
    /// The message catalogue of the report's language (English when the
    /// language is unknown).
    pub fn catalog(&self) -> &'static crate::i18n::Catalog {
        crate::i18n::Lang::from_code(&self.settings.lang)
            .unwrap_or(crate::i18n::Lang::En)
            .text()
    }
}

/// A translation holding one text (`{"reason"}`, `{"site"}`).
trait OneText {
    fn text(&mut self) -> &mut String;
}

impl OneText for ReasonText {
    fn text(&mut self) -> &mut String {
        &mut self.reason
    }
}

impl OneText for SiteText {
    fn text(&mut self) -> &mut String {
        &mut self.site
    }
}

/// Put `lang`'s version of `now` in place, keeping the current one as the
/// translation into `from`; false when there is none in `lang`.
fn swap_in<T: OneText>(
    now: &mut String,
    translations: &mut BTreeMap<String, T>,
    from: &str,
    lang: &str,
) -> bool {
    let Some(mut t) = translations.remove(lang) else {
        return false;
    };
    std::mem::swap(now, t.text());
    translations.insert(from.to_owned(), t);
    true
}

impl Report {
    /// Add a warning in the report's language and in every language the
    /// report carries translations for.
    pub fn warn(&mut self, text: impl Fn(&crate::i18n::Catalog) -> String) {
        self.warnings.push(text(self.catalog()));
        for (code, t) in &mut self.translations {
            let lang = crate::i18n::Lang::from_code(code).unwrap_or(crate::i18n::Lang::En);
            t.warnings.push(text(lang.text()));
        }
    }

    /// Switch the report to `lang` (`kdbx-audit render --lang`): headings
    /// and labels follow `settings.lang`; the findings', checks', failed
    /// vaults' and warnings' sentences come from their translations.
    /// Returns how many texts had no translation (a report of an older
    /// version, or written in one language only): those keep their text.
    pub fn switch_language(&mut self, lang: crate::i18n::Lang) -> usize {
        let from = self.settings.lang.clone();
        let to = lang.code();
        if from == to {
            return 0;
        }
        let mut missing = 0;
        for f in self
            .findings
            .iter_mut()
            .chain(&mut self.ignored)
            .chain(&mut self.resolved)
            .chain(&mut self.not_rechecked)
        {
            if !f.switch_language(&from, to) {
                missing += 1;
            }
        }
        let sites = self
            .phones
            .iter_mut()
            .flat_map(|p| &mut p.accounts)
            .map(|a| (&mut a.site, &mut a.translations))
            .chain(
                self.accounts
                    .iter_mut()
                    .map(|a| (&mut a.site, &mut a.translations)),
            );
        for (site, translations) in sites {
            if !swap_in(site, translations, &from, to) {
                missing += 1;
            }
        }
        let reasons = self
            .checks
            .iter_mut()
            .filter_map(|c| Some((c.reason.as_mut()?, &mut c.translations)))
            .chain(
                self.vaults_failed
                    .iter_mut()
                    .map(|f| (&mut f.reason, &mut f.translations)),
            );
        for (reason, translations) in reasons {
            if !swap_in(reason, translations, &from, to) {
                missing += 1;
            }
        }
        if !self.warnings.is_empty() {
            match self.translations.remove(to) {
                Some(t) if t.warnings.len() == self.warnings.len() => {
                    let old = std::mem::replace(&mut self.warnings, t.warnings);
                    self.translations
                        .insert(from.clone(), ReportText { warnings: old });
                }
                _ => missing += self.warnings.len(),
            }
        }
        self.settings.lang = to.to_owned();
        missing
    }

    /// `--privacy summary`: keep the counts and scores per member and
    /// overall, the checks and the failed vaults' names; drop every finding,
    /// account, path and warning (they name entries, user names, URLs).
    pub fn to_summary(&mut self) {
        self.findings.clear();
        self.accounts.clear();
        self.ignored.clear();
        self.resolved.clear();
        self.not_rechecked.clear();
        self.warnings.clear();
        self.translations.clear();
        for p in &mut self.phones {
            p.number.clear();
            p.accounts.clear();
        }
        for v in &mut self.vaults {
            v.path.clear();
        }
        for f in &mut self.vaults_failed {
            f.path.clear();
            // The reason without the file names it quotes.
            let strip = |r: &str| {
                r.split_whitespace()
                    .filter(|w| !w.contains('/') && !w.contains('\\'))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            f.reason = strip(&f.reason);
            for t in f.translations.values_mut() {
                t.reason = strip(&t.reason);
            }
        }
        for c in &mut self.checks {
            c.reason = None;
            c.translations.clear();
        }
        if !matches!(self.settings.breach.as_str(), "hibp" | "off") {
            self.settings.breach = "file".to_owned();
        }
        self.settings.config = None;
        self.settings.baseline = None;
        self.settings.family = None;
        self.settings.privacy = Privacy::Summary;
    }

    /// Count the findings again and score them: the overall summary from
    /// `findings` and `ignored`, each vault's from the findings naming one
    /// of its entries. A report read from a file (`kdbx-audit render`) is
    /// recounted so that its numbers cannot contradict its findings.
    ///
    /// The baseline's findings that were not re-checked this run count as
    /// standing: a check that could not run must not raise the score.
    pub fn recount(&mut self) {
        for v in &mut self.vaults {
            let names = |f: &&Finding| {
                f.vault.as_deref() == Some(v.name.as_str())
                    || f.entries.iter().any(|e| e.vault == v.name)
            };
            v.summary = Summary::scored(
                self.findings
                    .iter()
                    .chain(&self.not_rechecked)
                    .filter(names),
                self.ignored.iter().filter(names).count(),
                v.entries_audited,
            );
        }
        let audited = self
            .vaults
            .iter()
            .fold(0usize, |a, v| a.saturating_add(v.entries_audited));
        self.summary = Summary::scored(
            self.findings.iter().chain(&self.not_rechecked),
            self.ignored.len(),
            audited,
        );
    }

    /// Is any check not complete (incomplete, not skipped)?
    pub fn incomplete(&self) -> bool {
        self.checks
            .iter()
            .any(|c| c.status == CheckStatus::Incomplete)
    }
}
