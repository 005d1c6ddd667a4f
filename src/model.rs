//! The normalised vault model every check works on.
//!
//! Only `unlock` knows the `keepass` crate; it converts a decrypted database
//! into these plain types. Secret values stay wrapped in [`Secret`]; everything
//! else here is vault text, which is untrusted and must be escaped by the
//! renderers.

use chrono::{DateTime, Utc};

use crate::secret::Secret;

/// One unlocked vault.
#[derive(Debug)]
pub struct Vault {
    /// Display name: the database name, or the file stem when it has none.
    pub name: String,
    /// Path as given on the command line.
    pub path: String,
    /// File format, e.g. `KDBX 4.1`.
    pub format: String,
    /// Key derivation function, e.g. `Argon2id`.
    pub kdf: String,
    /// Outer cipher, e.g. `AES-256`.
    pub cipher: String,
    /// Every entry outside the recycle bin (excluded ones included, flagged).
    pub entries: Vec<Entry>,
    /// Entries found in the recycle bin, its subgroups included: not
    /// audited; only `vault/history-secrets` looks at their passwords.
    pub recycle_bin: Vec<Entry>,
    /// The key derivation's parameters (for `vault/weak-kdf`).
    pub kdf_params: KdfParams,
    /// KDBX major and minor version (for `vault/legacy-format`).
    pub version: (u16, u16),
    /// When the master key was last changed, from the vault's metadata.
    pub master_key_changed: Option<DateTime<Utc>>,
    /// Days after which KeePass recommends (`rec`) or forces (`force`) a
    /// master key change; `None` when not set (KeePass writes -1).
    pub master_key_change_rec_days: Option<u32>,
    pub master_key_change_force_days: Option<u32>,
    /// How long opening took on this machine: key derivation, decryption
    /// and parsing (for `vault/weak-kdf`).
    pub unlock_time: std::time::Duration,
    /// The whole opening, file read to normalised model (`--timings`).
    pub open_time: std::time::Duration,
    /// The master password the vault was opened with, when one was given
    /// (for `vault/weak-master-password` and `password/same-as-master`).
    pub master_password: Option<Secret>,
    /// Field references skipped because they went past a bound (too long,
    /// too many), by the `refs` module of `unlock`.
    pub refs_too_long: usize,
    /// The owner's current phone numbers, when the household file or the
    /// policy's `[[vault]]` table gives this member its own (`phones`);
    /// otherwise the policy's `[phones] current` applies.
    pub phones: Option<Vec<crate::phone::Number>>,
}

/// Key derivation parameters as the header states them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KdfParams {
    /// AES-KDF: this many rounds.
    Aes { rounds: u64 },
    /// Argon2d or Argon2id (`id`): memory in bytes, passes, lanes.
    Argon2 {
        id: bool,
        memory: u64,
        iterations: u64,
        parallelism: u32,
    },
    /// A KDF this version of the `keepass` crate names but we do not know.
    Unknown,
}

impl Vault {
    /// Entries that checks look at: not excluded from reports.
    pub fn audited(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| !e.excluded)
    }

    pub fn excluded_count(&self) -> usize {
        self.entries.iter().filter(|e| e.excluded).count()
    }
}

/// A custom string field of an entry.
#[derive(Debug)]
pub enum FieldValue {
    Plain(String),
    Protected(Secret),
}

#[derive(Debug)]
pub struct CustomField {
    pub name: String,
    pub value: FieldValue,
}

/// An earlier version of an entry, from its history.
#[derive(Debug)]
pub struct HistoryVersion {
    pub modified: Option<DateTime<Utc>>,
    pub password: Secret,
}

#[derive(Debug)]
pub struct Entry {
    /// Lowercase hyphenated UUID.
    pub uuid: String,
    pub title: String,
    /// Group names from the top-level group down (the root group's own name is
    /// left out).
    pub group: Vec<String>,
    /// The user name as written: what reports show (a field reference is
    /// shown as the reference, never as its value).
    pub username: String,
    /// The URL field first, then KeePassXC-style extra URLs (`KP2A_URL*`),
    /// as written.
    pub urls: Vec<String>,
    /// The user name with its field references resolved (through non-secret
    /// fields only), when it holds any: for comparisons, never displayed.
    pub username_resolved: Option<String>,
    /// The main URL with its field references resolved, likewise.
    pub url_resolved: Option<String>,
    pub notes: String,
    pub tags: Vec<String>,
    pub custom_fields: Vec<CustomField>,
    pub password: Secret,
    /// The password holds a field reference that could not be resolved; checks
    /// on the password skip this entry.
    pub password_unresolved: bool,
    pub created: Option<DateTime<Utc>>,
    pub modified: Option<DateTime<Utc>>,
    /// Set only when the entry is marked to expire.
    pub expires: Option<DateTime<Utc>>,
    pub history: Vec<HistoryVersion>,
    /// Excluded from reports (KDBX 4.1 `QualityCheck` false, or `KnownBad`).
    pub excluded: bool,
}

impl Entry {
    /// The group path joined with ` / `, as shown in reports.
    pub fn group_path(&self) -> String {
        self.group.join(" / ")
    }

    /// Its password is one the password checks look at: the entry is not
    /// excluded, and the password is resolved and not empty.
    pub fn password_audited(&self) -> bool {
        !self.excluded && !self.password_unresolved && !self.password.is_empty()
    }

    /// The first URL as written, if any.
    pub fn url(&self) -> Option<&str> {
        self.urls.first().map(String::as_str)
    }

    /// The user name to compare accounts by: references resolved. Never
    /// for display (use `username`).
    pub fn username_for_matching(&self) -> &str {
        self.username_resolved.as_deref().unwrap_or(&self.username)
    }

    /// The main URL to compare by: references resolved. Never for display.
    pub fn url_for_matching(&self) -> Option<&str> {
        self.url_resolved.as_deref().or_else(|| self.url())
    }

    /// Every URL to compare by (the main one resolved).
    pub fn urls_for_matching(&self) -> impl Iterator<Item = &str> {
        self.url_for_matching()
            .into_iter()
            .chain(self.urls.iter().skip(1).map(String::as_str))
    }

    /// An entry with a title and a password and nothing else: the start of
    /// an in-memory vault for fast rule tests (with the `with_*` setters
    /// and [`Vault::for_test`]). Its UUID is made from the title.
    pub fn for_test(title: &str, password: &str) -> Entry {
        Entry {
            uuid: test_uuid(title),
            title: title.to_owned(),
            group: Vec::new(),
            username: String::new(),
            urls: Vec::new(),
            username_resolved: None,
            url_resolved: None,
            notes: String::new(),
            tags: Vec::new(),
            custom_fields: Vec::new(),
            password: Secret::from_str_copy(password),
            password_unresolved: false,
            created: None,
            modified: None,
            expires: None,
            history: Vec::new(),
            excluded: false,
        }
    }

    pub fn with_user(mut self, user: &str) -> Entry {
        self.username = user.to_owned();
        self
    }

    pub fn with_url(mut self, url: &str) -> Entry {
        self.urls.push(url.to_owned());
        self
    }

    pub fn with_notes(mut self, notes: &str) -> Entry {
        self.notes = notes.to_owned();
        self
    }

    pub fn with_group(mut self, path: &[&str]) -> Entry {
        self.group = path.iter().map(|g| (*g).to_owned()).collect();
        self
    }

    pub fn with_tags(mut self, tags: &[&str]) -> Entry {
        self.tags = tags.iter().map(|t| (*t).to_owned()).collect();
        self
    }

    pub fn with_times(
        mut self,
        modified: Option<DateTime<Utc>>,
        expires: Option<DateTime<Utc>>,
    ) -> Entry {
        self.created = modified;
        self.modified = modified;
        self.expires = expires;
        self
    }
}

/// A stable UUID-shaped id made from a title (in-memory test vaults).
fn test_uuid(title: &str) -> String {
    use sha2::{Digest, Sha256};
    let h = Sha256::digest(title.as_bytes());
    let hex: String = h[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

impl Vault {
    /// An in-memory vault holding these entries (rule tests): KDBX 4.1,
    /// Argon2id with 64 MiB, opened in 500 ms, no master password.
    pub fn for_test(name: &str, entries: Vec<Entry>) -> Vault {
        Vault {
            name: name.to_owned(),
            path: format!("{name}.kdbx"),
            format: "KDBX 4.1".to_owned(),
            kdf: "Argon2id".to_owned(),
            cipher: "AES-256".to_owned(),
            entries,
            recycle_bin: Vec::new(),
            kdf_params: KdfParams::Argon2 {
                id: true,
                memory: 64 << 20,
                iterations: 10,
                parallelism: 2,
            },
            version: (4, 1),
            master_key_changed: None,
            master_key_change_rec_days: None,
            master_key_change_force_days: None,
            unlock_time: std::time::Duration::from_millis(500),
            open_time: std::time::Duration::from_millis(500),
            master_password: None,
            refs_too_long: 0,
            phones: None,
        }
    }
}
