//! The official downloader's single file: `40-hex:count` lines sorted by
//! hash, LF or CRLF, tens of gigabytes. Looked up in place by binary search
//! over byte offsets: each probe reads a few hundred bytes at an offset,
//! finds the next line start and compares its hash. When 16 KiB are left
//! they are read at once and the search goes on in memory, down to a few
//! lines scanned. No preprocessing, no scan of the file, and about
//! log2(size / 16 KiB) + 1 reads per lookup.

use std::cmp::Ordering;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

use super::{Digest, Progress, SourceError, Verdict, parse_count, parse_hex40, show};

/// Longest line accepted: 40 hex + ':' + 20 digits + CRLF is 63 bytes.
const MAX_LINE: usize = 128;
/// Below this many bytes the rest of the range is read at once and the
/// search goes on in memory.
const CHUNK: u64 = 16 * 1024;
/// Below this many bytes the search stops probing and scans the lines.
const SCAN: u64 = 512;

#[derive(Debug)]
pub struct SortedFile {
    file: File,
    len: u64,
    /// The hash on the last line.
    last: [u8; 20],
}

/// Does the file reach the last 20-bit prefix? The real corpus always has
/// hashes starting with FFFFF; a file that stops before may be a truncated
/// download, so what lies beyond its last line is not known.
pub fn reaches_the_end(last: &[u8; 20]) -> bool {
    super::prefix_of(last) == 0xFFFFF
}

/// One `hash:count` line, without its line ending.
pub fn parse_line(line: &[u8]) -> Option<([u8; 20], u64)> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.len() < 42 || line[40] != b':' {
        return None;
    }
    Some((parse_hex40(&line[..40])?, parse_count(&line[41..])?))
}

/// Why a first line is not a SHA-1 corpus line, for the error message.
fn diagnose(line: &[u8]) -> String {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let hex = line.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    match (hex, line.get(hex)) {
        (32, Some(b':')) => "it looks like the NTLM corpus (32-hex hashes); kdbx-audit needs the SHA-1 one".to_owned(),
        (35, Some(b':')) => "it looks like one range file (35-hex suffixes); give the directory that holds all of them".to_owned(),
        _ => "its first line is not a 40-hex SHA-1 hash, a colon and a count".to_owned(),
    }
}

impl SortedFile {
    pub fn open(path: &Path) -> Result<SortedFile, SourceError> {
        let fail = |why: String| {
            SourceError::new(format!(
                "{}: not a usable Pwned Passwords SHA-1 file: {why}",
                show(path)
            ))
        };
        let file = File::open(path).map_err(|e| fail(e.to_string()))?;
        let len = file.metadata().map_err(|e| fail(e.to_string()))?.len();
        if len == 0 {
            return Err(fail("the file is empty".to_owned()));
        }
        let mut sf = SortedFile {
            file,
            len,
            last: [0xFF; 20],
        };
        let head = sf.read(0, MAX_LINE).map_err(|e| fail(e.to_string()))?;
        let first_end = head.iter().position(|b| *b == b'\n').unwrap_or(head.len());
        let first = &head[..first_end];
        let Some((first_hash, _)) = parse_line(first) else {
            return Err(fail(diagnose(first)));
        };
        let tail_start = len.saturating_sub(MAX_LINE as u64);
        let tail = sf
            .read(tail_start, MAX_LINE)
            .map_err(|e| fail(e.to_string()))?;
        let mut trimmed: &[u8] = &tail;
        while let Some(t) = trimmed
            .strip_suffix(b"\n")
            .or_else(|| trimmed.strip_suffix(b"\r"))
        {
            trimmed = t;
        }
        let last_start = trimmed
            .iter()
            .rposition(|b| *b == b'\n')
            .map(|p| p + 1)
            .unwrap_or(0);
        let Some((last_hash, _)) = parse_line(&trimmed[last_start..]) else {
            return Err(fail(
                "its last line is not a 40-hex SHA-1 hash, a colon and a count (truncated download?)"
                    .to_owned(),
            ));
        };
        if last_hash < first_hash {
            return Err(fail(
                "its lines are not sorted by hash (the downloader's single file is); sort it by hash, or download it again".to_owned(),
            ));
        }
        sf.last = last_hash;
        Ok(sf)
    }

    /// The hash on the last line.
    pub fn last(&self) -> &[u8; 20] {
        &self.last
    }

    /// Read up to `n` bytes at `off` (fewer at the end of the file).
    fn read(&self, off: u64, n: usize) -> std::io::Result<Vec<u8>> {
        let n = n.min(self.len.saturating_sub(off) as usize);
        let mut buf = vec![0u8; n];
        self.file.read_exact_at(&mut buf, off)?;
        Ok(buf)
    }

    /// The count for one digest: 0 when absent.
    pub fn lookup(&self, target: &[u8; 20]) -> Result<u64, String> {
        let io = |e: std::io::Error| format!("reading the corpus file failed: {e}");
        let malformed = || {
            "the corpus file has a malformed or unsorted line where the search looked; it may be truncated or damaged".to_owned()
        };
        if *target > self.last && !reaches_the_end(&self.last) {
            return Err("the corpus file ends before this password's hash (its last line does not reach prefix FFFFF: a truncated download?)".to_owned());
        }
        // Invariant: `lo` and `hi` are line starts (or the file's end), and a
        // line holding `target` starts in [lo, hi). Once the range is at most
        // CHUNK bytes it is read at once and the search goes on in memory.
        // Every probed hash must lie strictly between the hashes at `lo` and
        // `hi`: a line out of order is damage, not a reason to turn back.
        let mut lo = 0u64;
        let mut hi = self.len;
        let mut lo_hash: Option<[u8; 20]> = None;
        let mut hi_hash: Option<[u8; 20]> = None;
        let mut chunk: Option<(u64, Vec<u8>)> = None;
        while hi - lo > SCAN {
            if chunk.is_none() && hi - lo <= CHUNK {
                chunk = Some((lo, self.read(lo, (hi - lo) as usize).map_err(io)?));
            }
            let mid = lo + (hi - lo) / 2;
            let owned;
            let (buf, region_end): (&[u8], u64) = match &chunk {
                Some((base, bytes)) => {
                    let from = (mid - 1 - base) as usize;
                    let to = (from + 2 * MAX_LINE + 1).min(bytes.len());
                    (&bytes[from..to], base + bytes.len() as u64)
                }
                None => {
                    owned = self.read(mid - 1, 2 * MAX_LINE + 1).map_err(io)?;
                    (&owned, self.len)
                }
            };
            let nl = buf.iter().position(|b| *b == b'\n').ok_or_else(malformed)?;
            let start = mid + nl as u64;
            let rest = &buf[nl + 1..];
            let end = match rest.iter().position(|b| *b == b'\n') {
                Some(e) => e,
                None if start + rest.len() as u64 == region_end => rest.len(),
                None => return Err(malformed()),
            };
            if start >= hi {
                return Err(malformed());
            }
            let (h, count) = parse_line(&rest[..end]).ok_or_else(malformed)?;
            if lo_hash.is_some_and(|l| h <= l) || hi_hash.is_some_and(|u| h >= u) {
                return Err(malformed());
            }
            match h.cmp(target) {
                Ordering::Less => {
                    lo = start;
                    lo_hash = Some(h);
                }
                Ordering::Equal => return Ok(count),
                Ordering::Greater => {
                    hi = start;
                    hi_hash = Some(h);
                }
            }
        }
        let owned;
        let window: &[u8] = match &chunk {
            Some((base, bytes)) => &bytes[(lo - base) as usize..(hi - base) as usize],
            None => {
                owned = self.read(lo, (hi - lo) as usize).map_err(io)?;
                &owned
            }
        };
        // The window starts with the line at `lo` itself (already below the
        // target) and ends before the line at `hi`. All of it (a few lines)
        // is checked for order before answering.
        let mut prev: Option<[u8; 20]> = None;
        let mut found: Option<u64> = None;
        for raw in window.split(|b| *b == b'\n') {
            let line = raw.strip_suffix(b"\r").unwrap_or(raw);
            if line.is_empty() {
                continue;
            }
            let (h, count) = parse_line(line).ok_or_else(malformed)?;
            if prev.is_some_and(|p| p >= h)
                || (prev.is_none() && lo_hash.is_some_and(|l| h != l))
                || hi_hash.is_some_and(|u| h >= u)
            {
                return Err(malformed());
            }
            if h == *target {
                found = Some(count);
            }
            prev = Some(h);
        }
        Ok(found.unwrap_or(0))
    }

    pub fn lookup_all(&self, digests: &[Digest], progress: &Progress) -> Vec<Verdict> {
        super::lookup_each(digests, progress, |h| self.lookup(h))
    }
}
