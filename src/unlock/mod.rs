//! Opening a vault: the only module that knows the `keepass` crate.
//!
//! It reads the file itself first so that the common mistakes (missing file,
//! a directory, an empty file, a KeePass 1.x `.kdb`, something that is not a
//! vault at all) get a precise message naming the file, before any key
//! derivation runs. Errors from the parser are mapped to a fixed set of
//! descriptions: the parser's own messages can quote decrypted XML, so they
//! never reach the user verbatim.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use keepass::config::{DatabaseVersion, KdfConfig, OuterCipherConfig};
use keepass::db::{CustomDataValue, EntryRef, GroupRef};
use keepass::error::DatabaseFormatError;
use keepass::error::{
    BlockStreamError, DatabaseKeyError, DatabaseOpenError, DatabaseVersionParseError,
    Kdbx3OpenError, Kdbx4OpenError,
};
use keepass::{Database, DatabaseKey};
use zeroize::Zeroizing;

pub mod credentials;
pub mod limits;
pub mod refs;

use crate::model::{CustomField, Entry, FieldValue, HistoryVersion, Vault};
use crate::secret::Secret;
use limits::Limits;

/// What opens a vault: a master password, a key file, or both.
#[derive(Debug, Default)]
pub struct Credentials {
    pub password: Option<Secret>,
    pub keyfile: Option<PathBuf>,
}

/// Why a vault could not be opened. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum UnlockError {
    #[error("{path}: no such file")]
    NotFound { path: String },
    #[error("{path}: is a directory, not a vault file")]
    IsDirectory { path: String },
    #[error("{path}: cannot be read: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("{path}: the file is empty (0 bytes), not a KeePass vault")]
    EmptyFile { path: String },
    #[error("{path}: not a KeePass vault (no KDBX signature at the start of the file)")]
    NotKdbx { path: String },
    #[error(
        "{path}: is a KeePass 1.x database (.kdb), which kdbx-audit does not read; import it into KeePassXC or KeePass 2 and save it as .kdbx"
    )]
    Kdb1 { path: String },
    #[error(
        "{path}: uses the pre-release KDBX 2.x format, which kdbx-audit does not read; open and save it in KeePass 2 to convert it"
    )]
    Kdbx2 { path: String },
    #[error(
        "{path}: uses the old KDBX {version} format of KeePass 2.0 to 2.19, which kdbx-audit does not read"
    )]
    OldKdbx { path: String, version: String },
    #[error("{path}: {reason}")]
    Refused { path: String, reason: String },
    #[error("{path}: unsupported KDBX version {version}")]
    UnsupportedVersion { path: String, version: String },
    #[error("{path}: the file is truncated (it ends before the vault does)")]
    Truncated { path: String },
    #[error("{path}: the file is corrupt: {what}")]
    Corrupt { path: String, what: &'static str },
    #[error(
        "{path}: the key is right and the vault decrypted, but its XML content could not be read by kdbx-audit's KDBX reader"
    )]
    UnreadableContent { path: String },
    #[error("{path}: wrong password or key file")]
    WrongKey { path: String },
    #[error("{path}: key file cannot be used: {reason}")]
    KeyFile { path: String, reason: String },
    #[error("{path}: no password and no key file given")]
    NoKey { path: String },
}

impl UnlockError {
    /// A line telling the user what to do next.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            UnlockError::NotFound { .. } => Some("check the path to the .kdbx file"),
            UnlockError::Truncated { .. } | UnlockError::Corrupt { .. } => {
                Some("restore the vault from a backup or a synced copy, then audit that copy")
            }
            UnlockError::UnreadableContent { .. } => Some(
                "if KeePassXC opens the vault, save it once there (it rewrites every entry) and audit it again",
            ),
            UnlockError::NoKey { .. } => {
                Some("give a password source, or --keyfile PATH with --no-password")
            }
            UnlockError::WrongKey { .. } => Some(
                "check the master password and the key file; a vault that KeePassXC opens only with a hardware key (YubiKey challenge-response) cannot be opened by kdbx-audit",
            ),
            UnlockError::OldKdbx { .. } => Some(
                "open the file in KeePassXC or a current KeePass 2 and save it once: that upgrades it to KDBX 4",
            ),
            _ => None,
        }
    }
}

const KDBX_SIG1: [u8; 4] = [0x03, 0xD9, 0xA2, 0x9A];
const SIG2_KDB1: [u8; 4] = [0x65, 0xFB, 0x4B, 0xB5];
const SIG2_KDBX2: [u8; 4] = [0x66, 0xFB, 0x4B, 0xB5];
const SIG2_KDBX: [u8; 4] = [0x67, 0xFB, 0x4B, 0xB5];

/// Read a regular file of at most `limit` bytes whole, mapping errors to a
/// message that names it (`flag`: the option that raises the limit).
fn read_file(path: &Path, limit: u64, flag: &str) -> Result<Zeroizing<Vec<u8>>, UnlockError> {
    use crate::input::FileError;
    let shown = path.display().to_string();
    crate::input::read_regular(path, limit).map_err(|e| match e {
        FileError::NotFound => UnlockError::NotFound { path: shown },
        FileError::IsDirectory => UnlockError::IsDirectory { path: shown },
        FileError::TooLarge { limit } => UnlockError::Refused {
            path: shown,
            reason: format!(
                "the file is larger than {} and was not read{flag}",
                crate::input::show_bytes(limit)
            ),
        },
        other => UnlockError::Unreadable {
            path: shown,
            reason: other.reason(),
        },
    })
}

/// Check the signature and version before any key derivation.
fn sniff(path: &str, data: &[u8]) -> Result<(), UnlockError> {
    let path = path.to_owned();
    if data.is_empty() {
        return Err(UnlockError::EmptyFile { path });
    }
    if data.len() < 4 || data[..4] != KDBX_SIG1 {
        return Err(UnlockError::NotKdbx { path });
    }
    if data.len() < 12 {
        return Err(UnlockError::Truncated { path });
    }
    let sig2: [u8; 4] = [data[4], data[5], data[6], data[7]];
    match sig2 {
        SIG2_KDB1 => Err(UnlockError::Kdb1 { path }),
        SIG2_KDBX2 => Err(UnlockError::Kdbx2 { path }),
        SIG2_KDBX => {
            let minor = u16::from_le_bytes([data[8], data[9]]);
            let major = u16::from_le_bytes([data[10], data[11]]);
            if major == 3 || major == 4 {
                Ok(())
            } else if major == 1 || major == 2 {
                Err(UnlockError::OldKdbx {
                    path,
                    version: format!("{major}.{minor}"),
                })
            } else {
                Err(UnlockError::UnsupportedVersion {
                    path,
                    version: format!("{major}.{minor}"),
                })
            }
        }
        _ => Err(UnlockError::NotKdbx { path }),
    }
}

fn map_open_error(
    path: &str,
    err: DatabaseOpenError,
    keyfile: Option<&Path>,
    major: u16,
) -> UnlockError {
    let path = path.to_owned();
    let corrupt = |what| UnlockError::Corrupt {
        path: path.clone(),
        what,
    };
    match err {
        DatabaseOpenError::Key(DatabaseKeyError::IncorrectKey) => UnlockError::WrongKey { path },
        DatabaseOpenError::Key(DatabaseKeyError::EmptyKey) => UnlockError::NoKey { path },
        DatabaseOpenError::Key(_) => UnlockError::KeyFile {
            path: keyfile.map(|k| k.display().to_string()).unwrap_or(path),
            reason: "it could not be parsed".to_owned(),
        },
        DatabaseOpenError::UnexpectedEof
        | DatabaseOpenError::VersionParse(DatabaseVersionParseError::UnexpectedEof) => {
            UnlockError::Truncated { path }
        }
        DatabaseOpenError::Io(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            UnlockError::Truncated { path }
        }
        DatabaseOpenError::Io(_) => corrupt("the data could not be read"),
        DatabaseOpenError::VersionParse(_) => UnlockError::NotKdbx { path },
        DatabaseOpenError::UnsupportedVersion => UnlockError::UnsupportedVersion {
            path,
            version: "(unknown)".to_owned(),
        },
        // KDBX 3.1 has no header MAC: a wrong key shows up as bad padding
        // after AES-CBC decryption, before the stream start bytes are checked.
        DatabaseOpenError::Cryptography(_) if major == 3 => UnlockError::WrongKey { path },
        DatabaseOpenError::Cryptography(_) => corrupt("the encrypted data does not decrypt"),
        DatabaseOpenError::Format(f) => match f {
            DatabaseFormatError::Kdbx4(Kdbx4OpenError::BlockStream(BlockStreamError::Eof)) => {
                UnlockError::Truncated { path }
            }
            DatabaseFormatError::Kdbx4(Kdbx4OpenError::BlockStream(_))
            | DatabaseFormatError::Kdbx3(Kdbx3OpenError::BlockHashMismatch(_)) => {
                corrupt("a data block fails its integrity check")
            }
            DatabaseFormatError::Kdbx4(Kdbx4OpenError::HeaderHashMismatch) => {
                corrupt("the header fails its integrity check")
            }
            DatabaseFormatError::Kdbx4(Kdbx4OpenError::OuterHeader(_))
            | DatabaseFormatError::Kdbx3(Kdbx3OpenError::OuterHeader(_)) => {
                corrupt("the outer header is malformed")
            }
            DatabaseFormatError::Kdbx4(Kdbx4OpenError::InnerHeader(_)) => {
                corrupt("the inner header is malformed")
            }
            DatabaseFormatError::Kdbx4(Kdbx4OpenError::Xml(_))
            | DatabaseFormatError::Kdbx3(Kdbx3OpenError::Xml(_)) => {
                UnlockError::UnreadableContent { path }
            }
            _ => corrupt("the vault structure is invalid"),
        },
        _ => corrupt("the vault could not be parsed"),
    }
}

/// Open and normalise one vault, within the default [`Limits`].
pub fn open(path: &Path, creds: &Credentials) -> Result<Vault, UnlockError> {
    open_with(path, creds, &Limits::default())
}

/// Refuse a key derivation the header says would exceed the limits.
fn check_kdf(shown: &str, data: &[u8], limits: &Limits) -> Result<(), UnlockError> {
    use crate::unlock::limits::Refused;
    let Some(kdf) = crate::unlock::limits::header_kdf(data) else {
        return Ok(());
    };
    let major = u16::from_le_bytes([data[10], data[11]]);
    let derivations = if major == 3 { 2 } else { 1 };
    let reason = match crate::unlock::limits::check_kdf(&kdf, limits, derivations) {
        Ok(()) => return Ok(()),
        Err(Refused::Memory { asked, limit }) => format!(
            "its key derivation ({}) asks for {} of memory, more than the {} this machine allows (half of its memory); the vault was not opened",
            kdf.describe(),
            crate::input::show_bytes(asked),
            crate::input::show_bytes(limit)
        ),
        Err(Refused::Time { estimate, limit }) => format!(
            "its key derivation ({}) would take about {} on this machine, more than --max-unlock-seconds {}; the vault was not opened",
            kdf.describe(),
            show_duration(estimate),
            limit.as_secs()
        ),
        Err(Refused::OutOfRange) => format!(
            "its key derivation ({}) has parameters no KeePass program writes; the vault was not opened",
            kdf.describe()
        ),
    };
    Err(UnlockError::Refused {
        path: shown.to_owned(),
        reason,
    })
}

/// `45 s`, `3 h`, `more than 100 years`.
fn show_duration(d: std::time::Duration) -> String {
    let s = d.as_secs_f64();
    if s < 120.0 {
        format!("{s:.0} s")
    } else if s < 7200.0 {
        format!("{:.0} min", s / 60.0)
    } else if s < 172_800.0 {
        format!("{:.0} h", s / 3600.0)
    } else if s < 3.2e9 {
        format!("{:.0} days", s / 86400.0)
    } else {
        "more than 100 years".to_owned()
    }
}

/// Open and normalise one vault: the file's size and the key derivation's
/// parameters are checked against `limits` before the key is derived.
pub fn open_with(path: &Path, creds: &Credentials, limits: &Limits) -> Result<Vault, UnlockError> {
    let opening = std::time::Instant::now();
    let shown = path.display().to_string();
    let data = read_file(
        path,
        limits.max_vault_bytes,
        " (--max-vault-mib raises the limit)",
    )?;
    sniff(&shown, &data)?;
    check_kdf(&shown, &data, limits)?;

    let mut key = DatabaseKey::new();
    if let Some(pw) = &creds.password {
        key = key.with_password(pw.expose());
    }
    if let Some(kf) = &creds.keyfile {
        let bytes = read_file(kf, crate::unlock::limits::MAX_KEYFILE_BYTES, "").map_err(|e| {
            UnlockError::KeyFile {
                path: kf.display().to_string(),
                reason: match e {
                    UnlockError::NotFound { .. } => "no such file".to_owned(),
                    UnlockError::IsDirectory { .. } => "is a directory".to_owned(),
                    UnlockError::Unreadable { reason, .. }
                    | UnlockError::Refused { reason, .. } => reason,
                    other => other.to_string(),
                },
            }
        })?;
        if bytes.is_empty() {
            return Err(UnlockError::KeyFile {
                path: kf.display().to_string(),
                reason: "the file is empty".to_owned(),
            });
        }
        key = key
            .with_keyfile(&mut bytes.as_slice())
            .map_err(|e| UnlockError::KeyFile {
                path: kf.display().to_string(),
                reason: crate::input::io_reason(&e),
            })?;
    }
    if key.is_empty() {
        return Err(UnlockError::NoKey { path: shown });
    }

    // The parser indexes into untrusted input; a panic there must still end
    // as a clear error, not a stack trace.
    let major = u16::from_le_bytes([data[10], data[11]]);
    let key_again = (major == 3).then(|| key.clone());
    let started = std::time::Instant::now();
    // KDBX 3.1: the header hash is checked on a second decryption (the
    // crate keeps no other path to the XML), run beside the first so that
    // the key derivation costs the wall time of one on two cores.
    let (parsed, header_check) = std::thread::scope(|scope| {
        let check = key_again.map(|k| {
            let data = &data;
            let shown = &shown;
            scope.spawn(move || verify_kdbx3_header_hash(shown, data, k))
        });
        let parsed =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| Database::parse(&data, key)));
        let header_check = check.map(|h| {
            h.join().unwrap_or(Err(UnlockError::Corrupt {
                path: shown.clone(),
                what: "the parser rejected its structure",
            }))
        });
        (parsed, header_check)
    });
    let unlock_time = started.elapsed();
    let db = match parsed {
        Ok(Ok(db)) => db,
        Ok(Err(e)) => {
            return Err(map_open_error(&shown, e, creds.keyfile.as_deref(), major));
        }
        Err(_) => {
            return Err(UnlockError::Corrupt {
                path: shown,
                what: "the parser rejected its structure",
            });
        }
    };
    if let Some(check) = header_check {
        check?;
    }
    let mut vault = normalise(&db, path);
    drop(db);
    vault.unlock_time = unlock_time;
    vault.open_time = opening.elapsed();
    vault.master_password = creds
        .password
        .as_ref()
        .map(|p| Secret::from_str_copy(p.expose()));
    Ok(vault)
}

/// Length of a KDBX 3.1 outer header: signature and version, then
/// `id u8, length u16, data` fields up to the end-of-header field (id 0).
fn kdbx3_header_len(data: &[u8]) -> Option<usize> {
    limits::header_fields(data)
        .find(|f| f.id == 0)
        .map(|f| f.end)
}

/// KDBX 3.1 keeps a SHA-256 of the outer header in `Meta/HeaderHash` inside
/// the encrypted XML. KeePass and KeePassXC refuse a file whose header does not
/// match it; the `keepass` crate does not look, so this does. Costs a second
/// key derivation, for KDBX 3.1 files only. A vault without the element (some
/// old writers) is accepted, as KeePass does.
fn verify_kdbx3_header_hash(path: &str, data: &[u8], key: DatabaseKey) -> Result<(), UnlockError> {
    use sha2::{Digest, Sha256};
    let corrupt = |what| UnlockError::Corrupt {
        path: path.to_owned(),
        what,
    };
    let header_len =
        kdbx3_header_len(data).ok_or_else(|| corrupt("the outer header is malformed"))?;
    let xml = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Database::get_xml(&mut &data[..], key)
    }))
    .map_err(|_| corrupt("the parser rejected its structure"))?
    .map_err(|_| corrupt("the vault could not be decrypted a second time"))?;
    let xml = Zeroizing::new(xml);
    let Some(stored) = element_text(&xml, b"<HeaderHash>", b"</HeaderHash>") else {
        return Ok(());
    };
    let actual = base64_encode(&Sha256::digest(&data[..header_len]));
    if stored.trim() == actual {
        Ok(())
    } else {
        Err(corrupt(
            "its header does not match the header hash stored inside the vault (the header was changed after the vault was saved)",
        ))
    }
}

/// The text of the first `open`…`close` element in the XML's `<Meta>` part.
fn element_text(xml: &[u8], open: &[u8], close: &[u8]) -> Option<String> {
    let meta_end = find(xml, b"</Meta>").unwrap_or(xml.len());
    let meta = &xml[..meta_end];
    let start = find(meta, open)? + open.len();
    let len = find(&meta[start..], close)?;
    String::from_utf8(meta[start..start + len].to_vec()).ok()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn utc(t: Option<NaiveDateTime>) -> Option<DateTime<Utc>> {
    t.map(|t| t.and_utc())
}

fn version_numbers(v: &DatabaseVersion) -> (u16, u16) {
    match v {
        DatabaseVersion::KDB(m) => (1, *m),
        DatabaseVersion::KDB2(m) => (2, *m),
        DatabaseVersion::KDB3(m) => (3, *m),
        DatabaseVersion::KDB4(m) => (4, *m),
    }
}

fn format_name(v: &DatabaseVersion) -> String {
    match v {
        DatabaseVersion::KDB(_) => "KDB 1".to_owned(),
        DatabaseVersion::KDB2(m) => format!("KDBX 2.{m}"),
        DatabaseVersion::KDB3(m) => format!("KDBX 3.{m}"),
        DatabaseVersion::KDB4(m) => format!("KDBX 4.{m}"),
    }
}

fn kdf_name(k: &KdfConfig) -> &'static str {
    match k {
        KdfConfig::Aes { .. } => "AES-KDF",
        KdfConfig::Argon2 { .. } => "Argon2d",
        KdfConfig::Argon2id { .. } => "Argon2id",
        #[allow(unreachable_patterns)]
        _ => "unknown",
    }
}

fn cipher_name(c: &OuterCipherConfig) -> &'static str {
    match c {
        OuterCipherConfig::AES256 => "AES-256",
        OuterCipherConfig::Twofish => "Twofish",
        OuterCipherConfig::ChaCha20 => "ChaCha20",
        #[allow(unreachable_patterns)]
        _ => "unknown",
    }
}

const STANDARD_FIELDS: [&str; 5] = ["Title", "UserName", "Password", "URL", "Notes"];

fn is_excluded(e: &EntryRef<'_>) -> bool {
    if !e.quality_check {
        return true;
    }
    match e.custom_data.get("KnownBad").and_then(|i| i.value.as_ref()) {
        Some(CustomDataValue::String(s)) => s.trim().eq_ignore_ascii_case("true"),
        // keepass 0.17 decodes any custom-data text that happens to be valid
        // base64 ("true" is) into bytes; encode it back to compare.
        Some(CustomDataValue::Binary(b)) => base64_encode(b).eq_ignore_ascii_case("true"),
        None => false,
    }
}

/// Standard base64 with padding.
fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn convert_entry(e: &EntryRef<'_>, group: &[String]) -> Entry {
    let field = |name: &str| e.get(name).unwrap_or_default().to_owned();
    let mut urls = Vec::new();
    let main_url = field("URL");
    if !main_url.trim().is_empty() {
        urls.push(main_url);
    }
    let mut custom: Vec<CustomField> = Vec::new();
    let mut names: Vec<&String> = e
        .fields
        .keys()
        .filter(|k| !STANDARD_FIELDS.contains(&k.as_str()))
        .collect();
    names.sort();
    for name in names {
        let value = &e.fields[name];
        let text = value.get();
        if name.starts_with("KP2A_URL") && !value.is_protected() && !text.trim().is_empty() {
            urls.push(text.clone());
        }
        custom.push(CustomField {
            name: name.clone(),
            value: if value.is_protected() {
                FieldValue::Protected(Secret::from_str_copy(text))
            } else {
                FieldValue::Plain(text.clone())
            },
        });
    }
    let history = e
        .history
        .as_ref()
        .map(|h| {
            h.get_entries()
                .iter()
                .map(|old| HistoryVersion {
                    modified: utc(old.times.last_modification),
                    password: Secret::from_str_copy(old.get_password().unwrap_or_default()),
                })
                .collect()
        })
        .unwrap_or_default();
    Entry {
        uuid: e.id().uuid().hyphenated().to_string(),
        title: field("Title"),
        group: group.to_vec(),
        username: field("UserName"),
        urls,
        notes: field("Notes"),
        tags: e.tags.clone(),
        custom_fields: custom,
        password: Secret::from_str_copy(e.get_password().unwrap_or_default()),
        password_unresolved: false,
        username_resolved: None,
        url_resolved: None,
        created: utc(e.times.creation),
        modified: utc(e.times.last_modification),
        expires: if e.times.expires == Some(true) {
            Some(e.times.expiry.and_utc())
        } else {
            None
        },
        history,
        excluded: is_excluded(e),
    }
}

struct Walk {
    recycle_bin: Option<uuid::Uuid>,
    entries: Vec<Entry>,
    /// Entries in the recycle bin, its subgroups included.
    binned: Vec<Entry>,
}

impl Walk {
    /// Convert `g`'s entries and its subgroups'; `in_bin`: `g` is inside
    /// the recycle bin, so they go to `binned`.
    fn group(&mut self, g: &GroupRef<'_>, path: &mut Vec<String>, is_root: bool, in_bin: bool) {
        let in_bin = in_bin || Some(g.id().uuid()) == self.recycle_bin;
        if !is_root {
            path.push(g.name.clone());
        }
        for e in g.entries() {
            let entry = convert_entry(&e, path);
            if in_bin {
                self.binned.push(entry);
            } else {
                self.entries.push(entry);
            }
        }
        for child in g.groups() {
            self.group(&child, path, false, in_bin);
        }
        if !is_root {
            path.pop();
        }
    }
}

fn normalise(db: &Database, path: &Path) -> Vault {
    let mut walk = Walk {
        recycle_bin: db.meta.recyclebin_uuid,
        entries: Vec::new(),
        binned: Vec::new(),
    };
    walk.group(&db.root(), &mut Vec::new(), true, false);
    let mut entries = walk.entries;
    let skipped = refs::resolve(&mut entries);
    let name = db
        .meta
        .database_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string())
        });
    Vault {
        name,
        path: path.display().to_string(),
        format: format_name(&db.config.version),
        kdf: kdf_name(&db.config.kdf_config).to_owned(),
        cipher: cipher_name(&db.config.outer_cipher_config).to_owned(),
        entries,
        recycle_bin: walk.binned,
        kdf_params: kdf_params(&db.config.kdf_config),
        version: version_numbers(&db.config.version),
        master_key_changed: db.meta.master_key_changed.and_then(|t| utc(Some(t))),
        master_key_change_rec_days: days(db.meta.master_key_change_rec),
        master_key_change_force_days: days(db.meta.master_key_change_force),
        unlock_time: std::time::Duration::ZERO,
        open_time: std::time::Duration::ZERO,
        master_password: None,
        refs_too_long: skipped.too_long,
        phones: None,
    }
}

/// KeePass writes -1 for "never"; anything not positive means not set.
fn days(v: Option<isize>) -> Option<u32> {
    v.filter(|d| *d > 0).and_then(|d| u32::try_from(d).ok())
}

fn kdf_params(k: &KdfConfig) -> crate::model::KdfParams {
    use crate::model::KdfParams;
    match k {
        KdfConfig::Aes { rounds } => KdfParams::Aes { rounds: *rounds },
        KdfConfig::Argon2 {
            iterations,
            memory,
            parallelism,
            ..
        } => KdfParams::Argon2 {
            id: false,
            memory: *memory,
            iterations: *iterations,
            parallelism: *parallelism,
        },
        KdfConfig::Argon2id {
            iterations,
            memory,
            parallelism,
            ..
        } => KdfParams::Argon2 {
            id: true,
            memory: *memory,
            iterations: *iterations,
            parallelism: *parallelism,
        },
        #[allow(unreachable_patterns)]
        _ => KdfParams::Unknown,
    }
}

impl From<UnlockError> for crate::error::AppError {
    fn from(e: UnlockError) -> Self {
        use crate::error::Why;
        let hint = e.hint().map(str::to_owned);
        let why = match &e {
            UnlockError::WrongKey { path } => Some(Why::WrongKey {
                vault: path.clone(),
            }),
            UnlockError::NotFound { path } => Some(Why::NotFound {
                vault: path.clone(),
            }),
            UnlockError::EmptyFile { path }
            | UnlockError::NotKdbx { path }
            | UnlockError::Kdb1 { path } => Some(Why::NotAVault {
                vault: path.clone(),
            }),
            UnlockError::Truncated { path } | UnlockError::Corrupt { path, .. } => {
                Some(Why::Damaged {
                    vault: path.clone(),
                })
            }
            UnlockError::UnreadableContent { path } => Some(Why::Unreadable {
                vault: path.clone(),
            }),
            _ => None,
        };
        crate::error::AppError {
            message: e.to_string(),
            hint,
            why,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip_of_known_bad_value() {
        assert_eq!(base64_encode(&[0xB6, 0xBB, 0x9E]), "true");
        assert_eq!(base64_encode(b"ab"), "YWI=");
        assert_eq!(base64_encode(b"a"), "YQ==");
    }

    #[test]
    fn kdbx3_header_fields_are_walked_to_the_end_marker() {
        let mut h = vec![0x03, 0xD9, 0xA2, 0x9A, 0x67, 0xFB, 0x4B, 0xB5, 1, 0, 3, 0];
        h.extend([2, 2, 0, 0xAA, 0xBB]); // field 2, 2 bytes
        h.extend([0, 4, 0, 13, 10, 13, 10]); // end of header, 4 bytes
        let len = h.len();
        h.extend([0xEE; 10]); // payload
        assert_eq!(kdbx3_header_len(&h), Some(len));
        assert_eq!(kdbx3_header_len(&h[..len - 2]), None);
    }

    #[test]
    fn header_hash_is_read_from_meta_only() {
        let xml = b"<KeePassFile><Meta><HeaderHash>abc=</HeaderHash></Meta><Root><HeaderHash>x</HeaderHash></Root>";
        assert_eq!(
            element_text(xml, b"<HeaderHash>", b"</HeaderHash>").as_deref(),
            Some("abc=")
        );
        let none = b"<KeePassFile><Meta></Meta><Root><HeaderHash>x</HeaderHash></Root>";
        assert_eq!(element_text(none, b"<HeaderHash>", b"</HeaderHash>"), None);
    }

    #[test]
    fn sniff_classifies_headers() {
        assert!(matches!(
            sniff("f", b""),
            Err(UnlockError::EmptyFile { .. })
        ));
        assert!(matches!(
            sniff("f", b"hello world, not a vault"),
            Err(UnlockError::NotKdbx { .. })
        ));
        assert!(matches!(
            sniff("f", &[0x03, 0xD9, 0xA2, 0x9A, 0x67]),
            Err(UnlockError::Truncated { .. })
        ));
        let mut v = vec![0x03, 0xD9, 0xA2, 0x9A, 0x67, 0xFB, 0x4B, 0xB5, 0, 0, 5, 0];
        assert!(matches!(
            sniff("f", &v),
            Err(UnlockError::UnsupportedVersion { .. })
        ));
        v[10] = 2;
        assert!(matches!(sniff("f", &v), Err(UnlockError::OldKdbx { .. })));
        v[10] = 4;
        assert!(sniff("f", &v).is_ok());
    }
}
