//! The official downloader's single file: `40-hex:count` lines sorted by
//! hash, LF or CRLF, tens of gigabytes. Looked up in place by interpolation
//! search over byte offsets: SHA-1 hashes are uniform, so the place of a
//! hash in the file is about its value's place between the hashes known at
//! the ends of the range. Each probe reads a few hundred bytes at the
//! estimated offset, finds the next line start and compares its hash. When
//! 16 KiB are left they are read at once and the search goes on in memory,
//! down to a few lines scanned. Two or three reads per lookup on the real
//! corpus instead of about log2(size / 16 KiB) + 1 for bisection; every
//! other probe after the third bisects, so a file that is not uniform (or
//! is hostile) still takes at most about twice bisection's probes.

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
/// What one probe on disk reads: about 90 lines, a page's worth.
const WINDOW: u64 = 4096;
/// Below this many bytes the search stops probing and scans the lines.
const SCAN: u64 = 512;

#[cfg(test)]
thread_local! {
    static PROBES: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

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

/// The first 8 bytes of a hash as a number, for interpolation.
fn key(h: &[u8; 20]) -> u64 {
    u64::from_be_bytes([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]])
}

/// The byte offset to probe for `target` in [lo, hi): where its value lies
/// between the hashes at the ends (0 and all-ones when not known yet),
/// kept at least a line away from both ends so that the line found there
/// starts inside the range.
fn interpolate(
    lo: u64,
    hi: u64,
    lo_hash: Option<&[u8; 20]>,
    hi_hash: Option<&[u8; 20]>,
    target: &[u8; 20],
) -> u64 {
    let low = lo_hash.map_or(0, key);
    let high = hi_hash.map_or(u64::MAX, key);
    let t = key(target);
    let frac = if high > low {
        (t.saturating_sub(low) as f64 / (high - low) as f64).clamp(0.0, 1.0)
    } else {
        0.5
    };
    let span = hi - lo;
    let at = lo + (span as f64 * frac) as u64;
    at.clamp(lo, hi - 1)
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
        #[cfg(test)]
        PROBES.with(|p| p.set(p.get() + 1));
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
        // Phase 1, on disk: read a window of WINDOW bytes where the hash
        // should be. Its first and last whole lines bound the target from
        // both sides, or hold it.
        let mut probe = 0u32;
        while hi - lo > CHUNK {
            probe += 1;
            let at = if probe > 3 && probe.is_multiple_of(2) {
                lo + (hi - lo) / 2
            } else {
                interpolate(lo, hi, lo_hash.as_ref(), hi_hash.as_ref(), target)
            };
            let start = at.saturating_sub(WINDOW / 2).max(lo);
            let end = (start + WINDOW).min(hi);
            let buf = self.read(start, (end - start) as usize).map_err(io)?;
            // Whole lines only: from the first line start in the window (lo
            // is one) to the last newline (or the file's end).
            let first = if start == lo {
                0
            } else {
                buf.iter().position(|b| *b == b'\n').ok_or_else(malformed)? + 1
            };
            // Line starts only (a newline search); hashes are parsed where
            // they are compared: the first and last whole lines, then, when
            // they bound the target, the lines between them in order.
            // (start, end) of each whole line in the window.
            let mut spans: Vec<(usize, usize)> = Vec::with_capacity(128);
            let mut pos = first;
            while pos < buf.len() {
                match buf[pos..].iter().position(|b| *b == b'\n') {
                    Some(len) => {
                        spans.push((pos, pos + len));
                        pos += len + 1;
                    }
                    None => {
                        if end == self.len {
                            spans.push((pos, buf.len()));
                        }
                        break;
                    }
                }
            }
            let line_at = |k: usize| -> Result<([u8; 20], u64), String> {
                let (from, to) = spans[k];
                parse_line(&buf[from..to]).ok_or_else(malformed)
            };
            let starts: Vec<usize> = spans.iter().map(|s| s.0).collect();
            let (Some(&first_off), Some(&last_off)) = (starts.first(), starts.last()) else {
                return Err(malformed());
            };
            let (first_at, last_at) = (start + first_off as u64, start + last_off as u64);
            let (first_hash, _) = line_at(0)?;
            let (last_hash, _) = line_at(starts.len() - 1)?;
            // In order, and strictly between the hashes at the ends.
            if (starts.len() > 1 && first_hash >= last_hash)
                || (first_at != lo && lo_hash.is_some_and(|l| first_hash <= l))
                || hi_hash.is_some_and(|u| last_hash >= u)
            {
                return Err(malformed());
            }
            if *target < first_hash {
                if first_at == lo {
                    // Below the range's first line: before the whole file
                    // (lo = 0), else the file is out of order.
                    return if lo_hash.is_none() {
                        Ok(0)
                    } else {
                        Err(malformed())
                    };
                }
                hi = first_at;
                hi_hash = Some(first_hash);
            } else if *target > last_hash {
                if last_at == lo {
                    return Err(malformed());
                }
                lo = last_at;
                lo_hash = Some(last_hash);
            } else {
                // Bounded: the lines between, checked for order up to the
                // first one at or past the target.
                let mut prev = first_hash;
                for k in 0..starts.len() {
                    let (h, count) = line_at(k)?;
                    if k > 0 && h <= prev {
                        return Err(malformed());
                    }
                    match h.cmp(target) {
                        Ordering::Less => prev = h,
                        Ordering::Equal => return Ok(count),
                        Ordering::Greater => return Ok(0),
                    }
                }
                return Ok(0);
            }
        }
        // Phase 2, in memory: the rest of the range (at most CHUNK bytes)
        // read at once and bisected.
        while hi - lo > SCAN {
            if chunk.is_none() {
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

    /// Reads a lookup makes (for tests and benchmarks): the probes before
    /// the range is small enough, plus the final read.
    #[cfg(test)]
    fn probes(&self, target: &[u8; 20]) -> u32 {
        PROBES.with(|p| p.set(0));
        let _ = self.lookup(target);
        PROBES.with(|p| p.get())
    }

    pub fn lookup_all(&self, digests: &[Digest], progress: &Progress) -> Vec<Verdict> {
        super::lookup_each(digests, progress, |h| self.lookup(h))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha1::{Digest as _, Sha1};

    fn hex(h: &[u8; 20]) -> String {
        h.iter().map(|b| format!("{b:02X}")).collect()
    }

    /// A corpus file of these hashes (sorted here), each seen `i + 1` times.
    fn corpus(dir: &Path, name: &str, mut hashes: Vec<[u8; 20]>) -> (SortedFile, Vec<[u8; 20]>) {
        hashes.sort();
        hashes.dedup();
        let mut text = String::with_capacity(hashes.len() * 48);
        for (i, h) in hashes.iter().enumerate() {
            text.push_str(&format!("{}:{}\r\n", hex(h), i + 1));
        }
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        (SortedFile::open(&p).unwrap(), hashes)
    }

    fn sha1(n: u64) -> [u8; 20] {
        Sha1::digest(n.to_le_bytes()).into()
    }

    #[test]
    fn interpolation_finds_every_hash_in_a_few_reads() {
        let dir = tempfile::tempdir().unwrap();
        // 200,000 uniform hashes, about 9.6 MB: bisection needs about
        // log2(9.6 MB / 16 KiB) + 1 = 11 reads per lookup.
        let (f, hashes) = corpus(dir.path(), "uniform.txt", (0..200_000).map(sha1).collect());
        let mut total = 0u32;
        let mut worst = 0u32;
        for (i, h) in hashes.iter().enumerate().step_by(997) {
            assert_eq!(f.lookup(h), Ok(i as u64 + 1), "{}", hex(h));
            let p = f.probes(h);
            total += p;
            worst = worst.max(p);
        }
        let n = hashes.iter().step_by(997).count() as u32;
        let mean = f64::from(total) / f64::from(n);
        eprintln!("uniform 200,000 lines: {mean:.2} reads per lookup, worst {worst}");
        assert!(mean <= 3.0, "mean {mean} reads per lookup");
        assert!(worst <= 7, "worst {worst} reads");
        // Absent hashes: 0, as cheaply.
        for k in 0..200u64 {
            let absent = sha1(1_000_000 + k);
            assert_eq!(f.lookup(&absent), Ok(0));
        }
    }

    #[test]
    fn skewed_file_still_costs_at_most_about_twice_bisection() {
        let dir = tempfile::tempdir().unwrap();
        // Every hash squeezed into the first 1/2^16 of the key space, and a
        // few at the very end: interpolation guesses badly at first.
        let mut hashes: Vec<[u8; 20]> = (0..100_000)
            .map(|n| {
                let mut h = sha1(n);
                h[0] = 0;
                h[1] = 0;
                h
            })
            .collect();
        hashes.extend((0..10).map(|n| {
            let mut h = sha1(500_000 + n);
            h[0] = 0xFF;
            h[1] = 0xFF;
            h[2] = 0xF0;
            h
        }));
        let (f, hashes) = corpus(dir.path(), "skewed.txt", hashes);
        // log2(4.8 MB / 16 KiB) + 1 is about 10.
        for (i, h) in hashes.iter().enumerate().step_by(1009) {
            assert_eq!(f.lookup(h), Ok(i as u64 + 1));
            assert!(f.probes(h) <= 24, "{} reads", f.probes(h));
        }
    }
}
