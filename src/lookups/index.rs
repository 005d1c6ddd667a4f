//! The compact breach index: `kdbx-audit breach-index build SRC OUT`.
//!
//! Layout (little-endian integers):
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `KDBXABIX` |
//! | 8 | 4 | format version, 1 |
//! | 12 | 4 | `key_bytes` k: bytes kept of each hash after its 20-bit prefix (1–13) |
//! | 16 | 4 | count bytes, 4 (counts saturate at 2^32 − 1) |
//! | 20 | 4 | reserved, 0 |
//! | 24 | 8 | number of records |
//! | 32 | 32 | SHA-256 of the prefix table |
//! | 64 | 32 | SHA-256 of the records |
//! | 96 | 32 | reserved, 0 |
//! | 128 | 8 × (2^20 + 1) | prefix table: index of the first record of each 20-bit prefix, then the record count |
//! | 8,388,744 | n × (k + 4) | records: bits 20 … 20 + 8k of the hash, big-endian, then the count; sorted and unique within each prefix |
//!
//! A lookup reads two table entries and one bucket. The records are the
//! hashes of a public corpus; nothing of the user's passwords is in the file.
//! Size: 8 MiB + n × (k + 4) bytes, 10 GB per billion hashes at the default
//! k = 6. False positives: a password that is not in the corpus matches a
//! record with probability about n / 2^(20 + 8k), 3.4 × 10^-12 for 10^9 hashes
//! at k = 6.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sha2::{Digest as _, Sha256};

use super::{Digest, Progress, SourceError, Verdict, prefix_of, range, show, sorted};

pub const MAGIC: &[u8; 8] = b"KDBXABIX";
pub const VERSION: u32 = 1;
pub const HEADER_LEN: u64 = 128;
pub const BUCKETS: usize = 1 << 20;
pub const TABLE_LEN: u64 = 8 * (BUCKETS as u64 + 1);
pub const RECORDS_OFF: u64 = HEADER_LEN + TABLE_LEN;
pub const COUNT_BYTES: u32 = 4;
pub const DEFAULT_KEY_BYTES: u32 = 6;
pub const MAX_KEY_BYTES: u32 = 13;
/// No real bucket comes near this (about 2,000 records for the whole
/// corpus); a larger one is refused rather than allocated.
const MAX_BUCKET: u64 = 1 << 20;

/// Bits 20 … 20 + 8k of a hash.
pub fn key_of(h: &[u8; 20], key_bytes: u32) -> u128 {
    let mut first = [0u8; 16];
    first.copy_from_slice(&h[..16]);
    (u128::from_be_bytes(first) << 20) >> (128 - 8 * key_bytes)
}

fn write_key(key: u128, key_bytes: u32, out: &mut Vec<u8>) {
    out.extend_from_slice(&key.to_be_bytes()[16 - key_bytes as usize..]);
}

fn read_key(b: &[u8]) -> u128 {
    b.iter().fold(0u128, |acc, x| (acc << 8) | u128::from(*x))
}

/// What a build did, for the report printed by the command.
#[derive(Debug, Clone)]
pub struct BuildStats {
    pub source_bytes: u64,
    pub hashes_read: u64,
    pub records: u64,
    pub index_bytes: u64,
    pub key_bytes: u32,
    pub elapsed: Duration,
}

/// Expected false-positive probability of one lookup of a password that is
/// not in the corpus.
pub fn false_positive_rate(records: u64, key_bytes: u32) -> f64 {
    records as f64 / 2f64.powi(20 + 8 * key_bytes as i32)
}

struct Writer {
    out: BufWriter<File>,
    key_bytes: u32,
    table: Vec<u64>,
    records: u64,
    /// Hashes taken (count above 0), before truncated keys are merged.
    hashes: u64,
    bucket: Vec<(u128, u64)>,
    current: Option<u32>,
    hasher: Sha256,
    buf: Vec<u8>,
}

impl Writer {
    fn new(file: File, key_bytes: u32) -> std::io::Result<Writer> {
        let mut out = BufWriter::with_capacity(1 << 20, file);
        out.write_all(&vec![0u8; RECORDS_OFF as usize])?;
        Ok(Writer {
            out,
            key_bytes,
            table: vec![0u64; BUCKETS + 1],
            records: 0,
            hashes: 0,
            bucket: Vec::new(),
            current: None,
            hasher: Sha256::new(),
            buf: Vec::with_capacity(64 * 1024),
        })
    }

    /// Add one hash; a count of 0 (a padding line) is skipped. Prefixes
    /// must come in ascending order.
    fn push(&mut self, h: &[u8; 20], count: u64) -> Result<(), String> {
        if count == 0 {
            return Ok(());
        }
        self.hashes += 1;
        let p = prefix_of(h);
        match self.current {
            Some(c) if p < c => {
                return Err("the source is not sorted by hash (a hash with a lower prefix follows a higher one)".to_owned());
            }
            Some(c) if p == c => {}
            _ => {
                self.flush_bucket().map_err(|e| e.to_string())?;
                self.current = Some(p);
            }
        }
        self.bucket.push((key_of(h, self.key_bytes), count));
        Ok(())
    }

    fn flush_bucket(&mut self) -> std::io::Result<()> {
        let Some(p) = self.current else {
            return Ok(());
        };
        self.bucket.sort_unstable_by_key(|r| r.0);
        self.buf.clear();
        let mut n = 0u64;
        let mut i = 0;
        while i < self.bucket.len() {
            let key = self.bucket[i].0;
            let mut count = self.bucket[i].1;
            // Keys that collide after truncation become one record.
            while i + 1 < self.bucket.len() && self.bucket[i + 1].0 == key {
                i += 1;
                count = count.max(self.bucket[i].1);
            }
            write_key(key, self.key_bytes, &mut self.buf);
            self.buf
                .extend_from_slice(&(count.min(u64::from(u32::MAX)) as u32).to_le_bytes());
            n += 1;
            i += 1;
        }
        self.hasher.update(&self.buf);
        self.out.write_all(&self.buf)?;
        // table[q] = first record of bucket q; buckets after p start after it.
        self.table[p as usize + 1] = n;
        self.records += n;
        self.bucket.clear();
        Ok(())
    }

    /// Write the table and the header; returns (records, hashes).
    fn finish(mut self) -> std::io::Result<(u64, u64)> {
        self.flush_bucket()?;
        // Turn per-bucket counts (stored at q + 1) into starts.
        let mut acc = 0u64;
        for q in 0..=BUCKETS {
            acc += self.table[q];
            self.table[q] = acc;
        }
        debug_assert_eq!(acc, self.records);
        let mut table_bytes = Vec::with_capacity(TABLE_LEN as usize);
        for v in &self.table {
            table_bytes.extend_from_slice(&v.to_le_bytes());
        }
        let mut header = Vec::with_capacity(HEADER_LEN as usize);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&VERSION.to_le_bytes());
        header.extend_from_slice(&self.key_bytes.to_le_bytes());
        header.extend_from_slice(&COUNT_BYTES.to_le_bytes());
        header.extend_from_slice(&0u32.to_le_bytes());
        header.extend_from_slice(&self.records.to_le_bytes());
        header.extend_from_slice(&Sha256::digest(&table_bytes));
        header.extend_from_slice(&self.hasher.finalize());
        header.resize(HEADER_LEN as usize, 0);
        let mut file = self.out.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        file.write_all(&header)?;
        file.write_all(&table_bytes)?;
        file.sync_all()?;
        Ok((self.records, self.hashes))
    }
}

/// How much of the single file is read and parsed at a time.
const BLOCK: usize = 32 << 20;

/// Fill `buf` from `r`; fewer bytes only at the end of the file.
fn read_full(r: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Parse whole `SHA-1:count` lines into `pieces` (reused between blocks),
/// in parallel parts cut at line breaks; read the pieces in order for the
/// lines in file order. Empty lines are skipped. The error is the offset of
/// the first bad line.
fn parse_block(block: &[u8], pieces: &mut Vec<Vec<([u8; 20], u64)>>) -> Result<(), usize> {
    let parts = rayon::current_num_threads() * 4;
    let mut bounds = vec![0usize];
    for k in 1..parts {
        let guess = block.len() * k / parts;
        let last = *bounds.last().unwrap_or(&0);
        if guess <= last {
            continue;
        }
        match block[guess..].iter().position(|b| *b == b'\n') {
            Some(p) => bounds.push(guess + p + 1),
            None => break,
        }
    }
    bounds.push(block.len());
    bounds.dedup();
    pieces.resize_with(bounds.len() - 1, Vec::new);
    let errors: Vec<usize> = pieces
        .par_iter_mut()
        .zip(bounds.par_windows(2))
        .filter_map(|(out, w)| {
            out.clear();
            let mut at = w[0];
            for raw in block[w[0]..w[1]].split(|b| *b == b'\n') {
                let line = raw.strip_suffix(b"\r").unwrap_or(raw);
                if !line.is_empty() {
                    match sorted::parse_line(line) {
                        Some(r) => out.push(r),
                        None => return Some(at),
                    }
                }
                at += raw.len() + 1;
            }
            None
        })
        .collect();
    match errors.into_iter().min() {
        Some(at) => Err(at),
        None => Ok(()),
    }
}

type Pieces = Vec<Vec<([u8; 20], u64)>>;

/// The single file, in two stages that overlap: this thread reads a block
/// and parses it (on the rayon pool) while a second thread places the
/// previous block's records into buckets, checksums and writes them.
/// Returns the writer and the bytes read.
fn build_from_file(
    src: &Path,
    mut w: Writer,
    progress: &Progress,
) -> Result<(Writer, u64), String> {
    let mut f = File::open(src).map_err(|e| e.to_string())?;
    let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<(Pieces, u64)>(1);
    let (empty_tx, empty_rx) = std::sync::mpsc::channel::<Pieces>();
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<Writer, String> {
            for (pieces, offset) in full_rx {
                for (h, count) in pieces.iter().flatten() {
                    w.push(h, *count)
                        .map_err(|e| format!("near byte {offset}: {e}"))?;
                }
                let _ = empty_tx.send(pieces);
            }
            Ok(w)
        });
        let read = (|| -> Result<u64, String> {
            let mut buf = vec![0u8; 2 * BLOCK];
            let mut filled = 0usize;
            let mut offset = 0u64;
            loop {
                if buf.len() < filled + BLOCK {
                    buf.resize(filled + BLOCK, 0);
                }
                let n = read_full(&mut f, &mut buf[filled..filled + BLOCK])
                    .map_err(|e| e.to_string())?;
                filled += n;
                let eof = n < BLOCK;
                if filled == 0 {
                    return Ok(offset);
                }
                let cut = if eof {
                    filled
                } else {
                    buf[..filled]
                        .iter()
                        .rposition(|b| *b == b'\n')
                        .map(|p| p + 1)
                        .ok_or_else(|| format!("no line break in {BLOCK} bytes at byte {offset}"))?
                };
                let mut pieces = empty_rx.try_recv().unwrap_or_default();
                parse_block(&buf[..cut], &mut pieces).map_err(|at| {
                    format!(
                        "the line at byte {} is not 'SHA-1:count'",
                        offset + at as u64
                    )
                })?;
                progress.inc(pieces.iter().map(Vec::len).sum::<usize>() as u64);
                if full_tx.send((pieces, offset)).is_err() {
                    // The writer stopped; its error is the one to report.
                    return Ok(offset);
                }
                offset += cut as u64;
                buf.copy_within(cut..filled, 0);
                filled -= cut;
                if eof {
                    return Ok(offset);
                }
            }
        })();
        drop(full_tx);
        let w = writer
            .join()
            .map_err(|_| "the index writer stopped unexpectedly".to_owned())??;
        let bytes = read?;
        Ok((w, bytes))
    })
}

/// Rebuild a full hash from a prefix and a range suffix.
fn join(prefix: u32, suffix: &[u8; 18]) -> [u8; 20] {
    let mut nibbles = [0u8; 40];
    for (i, n) in nibbles.iter_mut().take(5).enumerate() {
        *n = ((prefix >> (16 - 4 * i)) & 0xf) as u8;
    }
    for k in 0..35 {
        nibbles[5 + k] = if k % 2 == 0 {
            suffix[k / 2] >> 4
        } else {
            suffix[k / 2] & 0xf
        };
    }
    let mut h = [0u8; 20];
    for (i, b) in h.iter_mut().enumerate() {
        *b = (nibbles[2 * i] << 4) | nibbles[2 * i + 1];
    }
    h
}

/// Build an index from the single file or the per-prefix directory. The
/// source is read once, front to back; memory is bounded whatever its size
/// (the 8 MiB table, one prefix's records, and for the single file up to
/// three 32 MiB blocks in flight). The output appears only when complete
/// (temporary file, then rename).
pub fn build(
    src: &Path,
    out: &Path,
    key_bytes: u32,
    progress: &Progress,
) -> Result<BuildStats, SourceError> {
    if !(1..=MAX_KEY_BYTES).contains(&key_bytes) {
        return Err(SourceError::new(format!(
            "--key-bytes {key_bytes}: must be between 1 and {MAX_KEY_BYTES}"
        )));
    }
    if let Err(e) = std::fs::metadata(src) {
        return Err(SourceError::new(format!(
            "cannot build from {}: {}",
            show(src),
            if e.kind() == std::io::ErrorKind::NotFound {
                "no such file or directory".to_owned()
            } else {
                e.to_string()
            }
        )));
    }
    let started = Instant::now();
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let out_fail =
        |e: std::io::Error| SourceError::new(format!("cannot write the index {}: {e}", show(out)));
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(out_fail)?;
    let file = tmp.as_file().try_clone().map_err(out_fail)?;
    let mut w = Writer::new(file, key_bytes).map_err(out_fail)?;
    let src_fail =
        |why: String| SourceError::new(format!("cannot build from {}: {why}", show(src)));

    let mut bytes = 0u64;
    if src.is_dir() {
        let d = super::dir::PrefixDir::open(src)?;
        for p in 0..BUCKETS as u32 {
            let body = d
                .read_file(p)
                .map_err(|e| src_fail(e.to_string()))?
                .ok_or_else(|| {
                    src_fail(format!(
                        "the range file {}.txt is missing (incomplete download?)",
                        super::prefix_hex(p)
                    ))
                })?;
            bytes += body.len() as u64;
            let parsed = range::parse(&body)
                .map_err(|e| src_fail(format!("{}.txt: {e}", super::prefix_hex(p))))?;
            let n_lines = parsed.len() as u64;
            for (suffix, count) in parsed {
                w.push(&join(p, &suffix), count).map_err(src_fail)?;
            }
            progress.inc(n_lines);
        }
    } else {
        let sf = sorted::SortedFile::open(src)?;
        if !sorted::reaches_the_end(sf.last()) {
            return Err(src_fail(format!(
                "its last line is in range {}, not FFFFF: the download looks truncated, and an index of it would call every later hash clean",
                super::prefix_hex(prefix_of(sf.last()))
            )));
        }
        drop(sf);
        let (w2, b) = build_from_file(src, w, progress).map_err(src_fail)?;
        w = w2;
        bytes = b;
    }
    let (records, hashes) = w.finish().map_err(out_fail)?;
    tmp.persist(out).map_err(|e| out_fail(e.error))?;
    progress.finish();
    Ok(BuildStats {
        source_bytes: bytes,
        hashes_read: hashes,
        records,
        index_bytes: RECORDS_OFF + records * u64::from(key_bytes + COUNT_BYTES),
        key_bytes,
        elapsed: started.elapsed(),
    })
}

#[derive(Debug)]
pub struct Index {
    file: File,
    pub key_bytes: u32,
    pub records: u64,
    width: u64,
    table_sha: [u8; 32],
    records_sha: [u8; 32],
}

impl Index {
    /// Does the file start with the index magic?
    pub fn sniff(path: &Path) -> Result<bool, SourceError> {
        let mut f = File::open(path)
            .map_err(|e| SourceError::new(format!("--breach {}: cannot open: {e}", show(path))))?;
        let mut magic = [0u8; 8];
        match f.read_exact(&mut magic) {
            Ok(()) => Ok(&magic == MAGIC),
            Err(_) => Ok(false),
        }
    }

    /// Open and check the header, the file size and the table's ends.
    pub fn open(path: &Path) -> Result<Index, SourceError> {
        let fail = |why: String| {
            SourceError::new(format!(
                "{}: not a usable kdbx-audit breach index: {why}",
                show(path)
            ))
            .with_hint("rebuild it with 'kdbx-audit breach-index build SRC OUT'")
        };
        let file = File::open(path).map_err(|e| fail(e.to_string()))?;
        let len = file.metadata().map_err(|e| fail(e.to_string()))?.len();
        let mut h = [0u8; HEADER_LEN as usize];
        file.read_exact_at(&mut h, 0)
            .map_err(|_| fail("the file is shorter than the header".to_owned()))?;
        if &h[..8] != MAGIC {
            return Err(fail("wrong magic bytes".to_owned()));
        }
        let u32_at = |o: usize| u32::from_le_bytes(h[o..o + 4].try_into().unwrap_or([0; 4]));
        let version = u32_at(8);
        if version != VERSION {
            return Err(fail(format!(
                "index format version {version}, this kdbx-audit reads version {VERSION}"
            )));
        }
        let key_bytes = u32_at(12);
        if !(1..=MAX_KEY_BYTES).contains(&key_bytes) || u32_at(16) != COUNT_BYTES {
            return Err(fail("the header's record layout is invalid".to_owned()));
        }
        let records = u64::from_le_bytes(h[24..32].try_into().unwrap_or([0; 8]));
        let width = u64::from(key_bytes + COUNT_BYTES);
        let want = records
            .checked_mul(width)
            .and_then(|r| r.checked_add(RECORDS_OFF));
        if want != Some(len) {
            return Err(fail(format!(
                "the file is {len} bytes but its header describes {} (truncated or damaged)",
                want.map_or_else(|| "an impossible size".to_owned(), |w| w.to_string())
            )));
        }
        let mut table_sha = [0u8; 32];
        table_sha.copy_from_slice(&h[32..64]);
        let mut records_sha = [0u8; 32];
        records_sha.copy_from_slice(&h[64..96]);
        let idx = Index {
            file,
            key_bytes,
            records,
            width,
            table_sha,
            records_sha,
        };
        if records == 0 {
            return Err(fail("it holds no records".to_owned()));
        }
        // The whole table (8 MiB) against its checksum: a damaged entry
        // would point a lookup at another prefix's records and miss.
        idx.verified_table().map_err(fail)?;
        let first = idx.table_at(0).map_err(&fail)?;
        let last = idx.table_at(BUCKETS as u32).map_err(&fail)?;
        if first != 0 || last != records {
            return Err(fail(
                "the prefix table does not match the record count".to_owned(),
            ));
        }
        Ok(idx)
    }

    /// The prefix table, read whole and compared with its checksum.
    fn verified_table(&self) -> Result<Vec<u64>, String> {
        let mut bytes = vec![0u8; TABLE_LEN as usize];
        self.file
            .read_exact_at(&mut bytes, HEADER_LEN)
            .map_err(|e| format!("reading the index failed: {e}"))?;
        if Sha256::digest(&bytes).as_slice() != self.table_sha {
            return Err("the prefix table's checksum does not match (damaged)".to_owned());
        }
        Ok(bytes
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
            .collect())
    }

    fn table_at(&self, q: u32) -> Result<u64, String> {
        let mut b = [0u8; 8];
        self.file
            .read_exact_at(&mut b, HEADER_LEN + 8 * u64::from(q))
            .map_err(|e| format!("reading the index failed: {e}"))?;
        Ok(u64::from_le_bytes(b))
    }

    /// The count for one digest: 0 when absent.
    pub fn lookup(&self, target: &[u8; 20]) -> Result<u64, String> {
        let corrupt = || {
            "the breach index is damaged (check it with 'kdbx-audit breach-index check')".to_owned()
        };
        let p = prefix_of(target);
        let mut b = [0u8; 16];
        self.file
            .read_exact_at(&mut b, HEADER_LEN + 8 * u64::from(p))
            .map_err(|e| format!("reading the index failed: {e}"))?;
        let start = u64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8]));
        let end = u64::from_le_bytes(b[8..].try_into().unwrap_or([0; 8]));
        if start > end || end > self.records || end - start > MAX_BUCKET {
            return Err(corrupt());
        }
        let mut bucket = vec![0u8; ((end - start) * self.width) as usize];
        self.file
            .read_exact_at(&mut bucket, RECORDS_OFF + start * self.width)
            .map_err(|e| format!("reading the index failed: {e}"))?;
        let want = key_of(target, self.key_bytes);
        let kb = self.key_bytes as usize;
        // The whole bucket is checked for order before answering (it is
        // small), so swapped or damaged records never pass for "absent".
        let mut prev: Option<u128> = None;
        let mut found: Option<u32> = None;
        for rec in bucket.chunks_exact(self.width as usize) {
            let key = read_key(&rec[..kb]);
            if prev.is_some_and(|p| p >= key) {
                return Err(corrupt());
            }
            prev = Some(key);
            if key == want {
                found = Some(u32::from_le_bytes(rec[kb..].try_into().unwrap_or([0; 4])));
            }
        }
        match found {
            Some(0) => Err(corrupt()),
            Some(c) => Ok(u64::from(c)),
            None => Ok(0),
        }
    }

    pub fn lookup_all(&self, digests: &[Digest], progress: &Progress) -> Vec<Verdict> {
        super::lookup_each(digests, progress, |h| self.lookup(h))
    }

    /// Verify everything: both checksums, the table's order, and that every
    /// bucket's records are sorted, unique and non-zero. Reads the whole file.
    pub fn check(&self) -> Result<(), String> {
        let io = |e: std::io::Error| format!("reading the index failed: {e}");
        let table = self.verified_table()?;
        if table.windows(2).any(|w| w[0] > w[1]) {
            return Err("the prefix table is not in ascending order".to_owned());
        }
        let mut f = self.file.try_clone().map_err(io)?;
        f.seek(SeekFrom::Start(RECORDS_OFF)).map_err(io)?;
        let mut r = BufReader::with_capacity(4 << 20, f);
        let mut hasher = Sha256::new();
        let kb = self.key_bytes as usize;
        let mut rec = vec![0u8; self.width as usize];
        for q in 0..BUCKETS {
            let n = table[q + 1] - table[q];
            let mut prev: Option<u128> = None;
            for _ in 0..n {
                r.read_exact(&mut rec).map_err(io)?;
                hasher.update(&rec);
                let key = read_key(&rec[..kb]);
                if prev.is_some_and(|p| p >= key) {
                    return Err(format!(
                        "the records of prefix {} are not sorted and unique",
                        super::prefix_hex(q as u32)
                    ));
                }
                if rec[kb..].iter().all(|b| *b == 0) {
                    return Err(format!(
                        "a record of prefix {} has a count of 0",
                        super::prefix_hex(q as u32)
                    ));
                }
                prev = Some(key);
            }
        }
        if hasher.finalize().as_slice() != self.records_sha {
            return Err("the records' checksum does not match".to_owned());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_takes_the_bits_after_the_prefix() {
        let mut h = [0u8; 20];
        h[2] = 0x0A; // low nibble of byte 2 is the first key bit group
        h[3] = 0xBC;
        assert_eq!(key_of(&h, 1), 0xAB);
        assert_eq!(key_of(&h, 2), 0xABC0);
        let full = [0xFFu8; 20];
        assert_eq!(key_of(&full, 13), (1u128 << 104) - 1);
    }

    #[test]
    fn join_inverts_prefix_and_suffix() {
        let d = Digest::of("password");
        let h = join(d.prefix(), &range::suffix_of(d.bytes()));
        assert_eq!(&h, d.bytes());
    }

    #[test]
    fn false_positive_rate_formula() {
        let r = false_positive_rate(1_000_000_000, 6);
        assert!((r - 3.39e-12).abs() < 0.01e-12, "{r}");
    }
}
