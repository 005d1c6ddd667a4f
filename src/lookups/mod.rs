//! The lookup stage: every breach verdict of a run, made once, before any
//! check runs ([`Lookups::run`]), from one of the breach corpora.
//!
//! Every source answers the same question for a list of SHA-1 digests: how
//! often does each appear in the Pwned Passwords corpus? The answer per digest
//! is a [`Verdict`]: a count (0 = not in the corpus) or `Unchecked` with a
//! reason. A lookup that failed is never turned into a count of 0.
//!
//! Sources:
//! * [`hibp`]: the online range API with k-anonymity (only the first five hex
//!   digits of a digest leave the machine);
//! * [`sorted`]: the official downloader's single file, searched in place;
//! * [`dir`]: the downloader's per-prefix directory;
//! * [`index`]: the compact index built by `kdbx-audit breach-index build`.
//!
//! Digests are derived from secrets: [`Digest`] has no `Display`, `Serialize`
//! or `Clone`, is zeroed on drop, and no error message names a digest or its
//! prefix.

pub mod dir;
pub mod hibp;
pub mod index;
pub mod range;
pub mod sorted;

use std::fmt;
use std::path::Path;

use sha1::{Digest as _, Sha1};
use zeroize::Zeroizing;

/// The SHA-1 of a password (UTF-8 bytes, as Pwned Passwords hashes them).
pub struct Digest(Zeroizing<[u8; 20]>);

impl Digest {
    pub fn of(password: &str) -> Digest {
        let mut out = Zeroizing::new([0u8; 20]);
        let mut h = Sha1::new();
        h.update(password.as_bytes());
        out.copy_from_slice(&h.finalize());
        Digest(out)
    }

    /// Wrap raw digest bytes (tests and benchmarks).
    pub fn from_bytes(bytes: [u8; 20]) -> Digest {
        Digest(Zeroizing::new(bytes))
    }

    pub fn bytes(&self) -> &[u8; 20] {
        &self.0
    }

    /// The first 20 bits: the range the digest belongs to.
    pub fn prefix(&self) -> u32 {
        prefix_of(&self.0)
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Digest(<redacted>)")
    }
}

/// The first 20 bits of a SHA-1 digest.
pub fn prefix_of(h: &[u8; 20]) -> u32 {
    (u32::from(h[0]) << 12) | (u32::from(h[1]) << 4) | (u32::from(h[2]) >> 4)
}

/// Five upper-case hex digits of a 20-bit prefix, as the range API wants it.
pub fn prefix_hex(prefix: u32) -> String {
    format!("{prefix:05X}")
}

/// ASCII byte -> hex digit value, 0xFF for anything else.
const HEX: [u8; 256] = {
    let mut t = [0xFFu8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'A' as usize + i] = 10 + i as u8;
        t[b'a' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// The value of one ASCII hex digit.
#[inline]
pub fn hex_val(b: u8) -> Option<u8> {
    let v = HEX[b as usize];
    (v != 0xFF).then_some(v)
}

/// 40 hex digits to 20 bytes. Branch-free over the digits: invalid bytes
/// map to 0xFF in the table, so one OR of all values tells.
#[inline]
pub fn parse_hex40(s: &[u8]) -> Option<[u8; 20]> {
    let s: &[u8; 40] = s.try_into().ok()?;
    let mut out = [0u8; 20];
    let mut bad = 0u8;
    for i in 0..20 {
        let hi = HEX[s[2 * i] as usize];
        let lo = HEX[s[2 * i + 1] as usize];
        bad |= hi | lo;
        out[i] = (hi << 4) | (lo & 0x0f);
    }
    (bad & 0xf0 == 0).then_some(out)
}

/// A decimal count (1 to 20 digits).
pub fn parse_count(s: &[u8]) -> Option<u64> {
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    let mut n: u64 = 0;
    for b in s {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    Some(n)
}

/// The result of looking one digest up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Times the password appears in the corpus; 0 means not in it.
    Count(u64),
    /// The lookup could not be made; the reason names no digest or prefix.
    Unchecked(Unchecked),
}

/// Why a password could not be looked up, in words for each language
/// ([`Unchecked::text`]). Names no digest or prefix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unchecked {
    /// `--breach off` (a source that is off was asked anyway).
    Off,
    RequestTimedOut,
    ResponseTimedOut,
    NoConnection,
    RequestFailed,
    /// An HTTP status that is not 200 (429, 5xx, or another refusal).
    Http(u16),
    /// 429 or 5xx asking to wait longer than we do.
    RetryAfterTooLong(u16),
    /// A redirect, not followed.
    Redirect(u16),
    /// A range answer over [`range::MAX_BODY`].
    TooLarge,
    /// The answer's body was cut short.
    Cut,
    /// The answer is not a range.
    BadAnswer(range::BadBody),
    /// Retries used up; the last attempt's reason and how many were made.
    GaveUp(Box<Unchecked>, u32),
    /// Not sent: too many ranges in a row had failed.
    Breaker,
    NotLookedUp,
    /// The network runtime or the HTTP client could not be set up.
    NoNetwork(String),
    /// A local corpus, directory or index could not answer (in English:
    /// the precise problem; in Japanese: that the file is damaged or
    /// incomplete).
    Corpus(String),
    Internal(&'static str),
}

impl Unchecked {
    /// The reason in the catalogue's language.
    pub fn text(&self, t: &crate::i18n::Catalog) -> String {
        use crate::i18n::fill;
        let m = &t.msg;
        let status = |s: &u16| s.to_string();
        match self {
            Unchecked::Off => m.unchecked_off.to_owned(),
            Unchecked::RequestTimedOut => m.unchecked_request_timeout.to_owned(),
            Unchecked::ResponseTimedOut => m.unchecked_response_timeout.to_owned(),
            Unchecked::NoConnection => m.unchecked_no_connection.to_owned(),
            Unchecked::RequestFailed => m.unchecked_request_failed.to_owned(),
            Unchecked::Http(s) => {
                let tpl = match s {
                    429 => m.unchecked_http_busy,
                    500..=599 => m.unchecked_http_server,
                    _ => m.unchecked_http_refused,
                };
                fill(tpl, &[("status", &status(s))])
            }
            Unchecked::RetryAfterTooLong(s) => fill(
                m.unchecked_retry_after,
                &[
                    ("status", &status(s)),
                    ("max", &hibp::MAX_RETRY_AFTER.as_secs().to_string()),
                ],
            ),
            Unchecked::Redirect(s) => fill(m.unchecked_redirect, &[("status", &status(s))]),
            Unchecked::TooLarge => fill(
                m.unchecked_too_large,
                &[("mib", &(range::MAX_BODY >> 20).to_string())],
            ),
            Unchecked::Cut => m.unchecked_cut.to_owned(),
            Unchecked::BadAnswer(b) => match t.lang {
                crate::i18n::Lang::En => b.to_string(),
                _ => m.unchecked_bad_answer.to_owned(),
            },
            Unchecked::GaveUp(why, n) => fill(
                m.unchecked_gave_up,
                &[("why", &why.text(t)), ("n", &n.to_string())],
            ),
            Unchecked::Breaker => fill(m.unchecked_breaker, &[("n", &hibp::BREAKER.to_string())]),
            Unchecked::NotLookedUp => m.unchecked_not_looked_up.to_owned(),
            Unchecked::NoNetwork(detail) => match t.lang {
                crate::i18n::Lang::En => detail.clone(),
                _ => m.unchecked_no_network.to_owned(),
            },
            Unchecked::Corpus(detail) => match t.lang {
                crate::i18n::Lang::En => detail.clone(),
                _ => m.unchecked_corpus.to_owned(),
            },
            Unchecked::Internal(what) => fill(m.unchecked_internal, &[("what", what)]),
        }
    }
}

/// A breach source that cannot be used at all (missing, not a corpus, bad index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    pub message: String,
    pub hint: Option<String>,
}

impl SourceError {
    pub fn new(message: impl Into<String>) -> Self {
        SourceError {
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Counts progress of lookups; draws a bar on standard error only when asked.
pub struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    pub fn hidden() -> Self {
        Progress(None)
    }

    /// A bar on standard error (the caller decides that it is a terminal).
    pub fn bar(total: u64, what: &str) -> Self {
        let pb = indicatif::ProgressBar::with_draw_target(
            Some(total),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {elapsed}")
        {
            pb.set_style(style.progress_chars("=> "));
        }
        pb.set_prefix(what.to_owned());
        Progress(Some(pb))
    }

    /// A running count on standard error, for work of unknown size.
    pub fn counter(what: &str) -> Self {
        let pb =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{spinner} {prefix}: {human_pos} {elapsed}")
        {
            pb.set_style(style);
        }
        pb.set_prefix(what.to_owned());
        Progress(Some(pb))
    }

    pub fn inc(&self, n: u64) {
        if let Some(pb) = &self.0 {
            pb.inc(n);
        }
    }

    pub fn finish(&self) {
        if let Some(pb) = &self.0 {
            pb.finish_and_clear();
        }
    }
}

/// Where `password/breached` looks passwords up.
#[derive(Debug)]
pub enum Source {
    Off,
    Hibp(hibp::Config),
    File(sorted::SortedFile),
    Dir(dir::PrefixDir),
    Index(index::Index),
}

impl Source {
    /// Open a local corpus: an index (by its magic bytes), the per-prefix
    /// directory, or the single sorted file. Checks enough to refuse a
    /// missing or malformed source before any vault is unlocked.
    pub fn open_path(path: &Path) -> Result<Source, SourceError> {
        let meta = std::fs::metadata(path).map_err(|e| {
            SourceError::new(format!(
                "--breach {}: {}",
                show(path),
                crate::input::io_reason(&e)
            ))
            .with_hint("give 'hibp' (the online range API), 'off', the Pwned Passwords SHA-1 file, its per-prefix directory, or an index built with 'kdbx-audit breach-index build'")
        })?;
        if meta.is_dir() {
            return dir::PrefixDir::open(path).map(Source::Dir);
        }
        if index::Index::sniff(path)? {
            return index::Index::open(path).map(Source::Index);
        }
        sorted::SortedFile::open(path).map(Source::File)
    }

    /// What kind of source this is, for messages.
    /// The source's name in the catalogue's language.
    pub fn name(&self, t: &crate::i18n::Catalog) -> &'static str {
        let m = &t.msg;
        match self {
            Source::Off => m.breach_off,
            Source::Hibp(_) => m.source_hibp,
            Source::File(_) => m.source_file,
            Source::Dir(_) => m.source_dir,
            Source::Index(_) => m.source_index,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Source::Off => "off",
            Source::Hibp(_) => "Have I Been Pwned range API",
            Source::File(_) => "Pwned Passwords file",
            Source::Dir(_) => "Pwned Passwords per-prefix directory",
            Source::Index(_) => "kdbx-audit breach index",
        }
    }

    /// Look every digest up. The result has one verdict per digest, in order.
    pub fn lookup(&self, digests: &[Digest], progress: &Progress) -> Vec<Verdict> {
        match self {
            Source::Off => digests
                .iter()
                .map(|_| Verdict::Unchecked(Unchecked::Off))
                .collect(),
            Source::Hibp(cfg) => hibp::lookup(cfg, digests, progress),
            Source::File(f) => f.lookup_all(digests, progress),
            Source::Dir(d) => d.lookup_all(digests, progress),
            Source::Index(i) => i.lookup_all(digests, progress),
        }
    }
}

/// Distinct prefixes of the digests, each with the positions of its digests,
/// in ascending prefix order.
pub fn by_prefix(digests: &[Digest]) -> Vec<(u32, Vec<usize>)> {
    let mut map: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
    for (i, d) in digests.iter().enumerate() {
        map.entry(d.prefix()).or_default().push(i);
    }
    map.into_iter().collect()
}

/// Verdicts for every digest from one answer per prefix group (as made by
/// [`by_prefix`]): the count from the range, or the group's failure.
pub fn spread(
    digests: &[Digest],
    groups: &[(u32, Vec<usize>)],
    answers: Vec<Result<range::Range, Unchecked>>,
) -> Vec<Verdict> {
    let mut out = vec![Verdict::Count(0); digests.len()];
    for ((_, idx), answer) in groups.iter().zip(answers) {
        for &i in idx {
            out[i] = match &answer {
                Ok(parsed) => Verdict::Count(range::count_in(parsed, digests[i].bytes())),
                Err(why) => Verdict::Unchecked(why.clone()),
            };
        }
    }
    out
}

/// Look each digest up on its own, in parallel (the local sources: one
/// search per digest, no network).
pub fn lookup_each(
    digests: &[Digest],
    progress: &Progress,
    lookup: impl Fn(&[u8; 20]) -> Result<u64, String> + Sync,
) -> Vec<Verdict> {
    use rayon::prelude::*;
    digests
        .par_iter()
        .map(|d| {
            let v = match lookup(d.bytes()) {
                Ok(c) => Verdict::Count(c),
                Err(e) => Verdict::Unchecked(Unchecked::Corpus(e)),
            };
            progress.inc(1);
            v
        })
        .collect()
}

/// A path for messages.
pub fn show(path: &Path) -> String {
    crate::sanitize::terminal(&path.display().to_string())
}

impl From<SourceError> for crate::error::AppError {
    fn from(e: SourceError) -> Self {
        crate::error::AppError {
            message: e.message,
            hint: e.hint,
            why: None,
        }
    }
}

/// The breach verdicts of one run: made once, before any check, so that no
/// check depends on another having run first.
#[derive(Debug, Clone)]
pub enum Lookups {
    /// `--breach off`: nothing was looked up.
    Off,
    /// One verdict per current password and per old password, each in
    /// the order given to [`Lookups::run`].
    Done {
        current: Vec<Verdict>,
        old: Vec<Verdict>,
    },
}

impl Lookups {
    /// Look up the distinct current passwords and the old ones in one
    /// batch (one progress bar, one connection pool, one give-up state).
    pub fn run(source: &Source, progress: bool, current: &[&str], old: &[&str]) -> Lookups {
        if let Source::Off = source {
            return Lookups::Off;
        }
        let n_current = current.len();
        let digests: Vec<Digest> = current
            .iter()
            .chain(old.iter())
            .copied()
            .map(Digest::of)
            .collect();
        let progress = if progress && !digests.is_empty() {
            Progress::bar(digests.len() as u64, "breach lookups")
        } else {
            Progress::hidden()
        };
        let mut verdicts = source.lookup(&digests, &progress);
        progress.finish();
        if verdicts.len() != digests.len() {
            // Every source answers once per digest; should one ever not, no
            // password may pass for clean by falling off the end of a zip.
            verdicts = digests
                .iter()
                .map(|_| {
                    Verdict::Unchecked(Unchecked::Internal(
                        "the breach source gave a wrong number of answers",
                    ))
                })
                .collect();
        }
        drop(digests);
        let old = verdicts.split_off(n_current);
        Lookups::Done {
            current: verdicts,
            old,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_and_prefix() {
        // SHA-1("password") = 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8
        let d = Digest::of("password");
        assert_eq!(d.prefix(), 0x5BAA6);
        assert_eq!(prefix_hex(d.prefix()), "5BAA6");
        assert_eq!(prefix_hex(0xA), "0000A");
        assert_eq!(format!("{d:?}"), "Digest(<redacted>)");
        assert_eq!(
            parse_hex40(b"5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8").as_ref(),
            Some(d.bytes())
        );
        assert!(parse_hex40(b"5baa61e4c9b93f3f0682250b6cf8331b7ee68fdg").is_none());
        assert_eq!(parse_count(b"0"), Some(0));
        assert_eq!(parse_count(b"12x"), None);
        assert_eq!(parse_count(b""), None);
        assert_eq!(parse_count(b"-1"), None);
    }
}
