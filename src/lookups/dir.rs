//! The downloader's per-prefix directory: `00000.txt` … `FFFFF.txt`, each a
//! raw range body (see [`super::range`]). One file is read per distinct
//! prefix. A prefix whose file is missing or malformed leaves its passwords
//! unchecked; it never counts as "not breached".

use crate::lookups::Unchecked;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Digest, Progress, SourceError, Verdict, by_prefix, prefix_hex, range, show, spread};

#[derive(Debug)]
pub struct PrefixDir {
    path: PathBuf,
}

fn is_range_file_name(name: &str) -> bool {
    name.len() == 9 && name.ends_with(".txt") && name[..5].bytes().all(|b| b.is_ascii_hexdigit())
}

impl PrefixDir {
    /// Accept a directory that holds at least one `XXXXX.txt` range file.
    pub fn open(path: &Path) -> Result<PrefixDir, SourceError> {
        let fail = |why: String| {
            SourceError::new(format!(
                "{}: not a usable Pwned Passwords directory: {why}",
                show(path)
            ))
        };
        let rd = std::fs::read_dir(path).map_err(|e| fail(e.to_string()))?;
        for e in rd {
            let e = e.map_err(|e| fail(e.to_string()))?;
            if e.file_name().to_str().is_some_and(is_range_file_name) {
                return Ok(PrefixDir {
                    path: path.to_path_buf(),
                });
            }
        }
        Err(fail(
            "it holds no range files named like 00000.txt … FFFFF.txt".to_owned(),
        )
        .with_hint("download them with the official PwnedPasswordsDownloader (haveibeenpwned-downloader) without --single, or give its single file"))
    }

    /// The bytes of the range file for a prefix: upper case as the
    /// downloader writes it, lower case accepted. `Ok(None)` when neither
    /// exists.
    pub fn read_file(&self, prefix: u32) -> std::io::Result<Option<Vec<u8>>> {
        let upper = prefix_hex(prefix);
        for name in [upper.clone(), upper.to_lowercase()] {
            match std::fs::File::open(self.path.join(format!("{name}.txt"))) {
                Ok(f) => {
                    // A real range file is about 35 KB; read at most a little
                    // over the limit so that a huge or endless file is refused.
                    let mut b = Vec::new();
                    f.take(range::MAX_BODY as u64 + 1).read_to_end(&mut b)?;
                    if b.len() > range::MAX_BODY {
                        return Err(std::io::Error::other(format!(
                            "a range file is larger than {} MiB",
                            range::MAX_BODY >> 20
                        )));
                    }
                    return Ok(Some(b));
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(None)
    }

    /// Read and parse one prefix's range file.
    pub fn read_range(&self, prefix: u32) -> Result<range::Range, String> {
        let body = self
            .read_file(prefix)
            .map_err(|e| format!("reading a range file failed: {e}"))?
            .ok_or_else(|| {
                "the corpus directory has no range file for this password's prefix (incomplete download?)".to_owned()
            })?;
        range::parse(&body)
            .map_err(|e| format!("a range file of the corpus directory is malformed: {e}"))
    }

    pub fn lookup_all(&self, digests: &[Digest], progress: &Progress) -> Vec<Verdict> {
        let groups = by_prefix(digests);
        let answers: Vec<Result<range::Range, Unchecked>> = groups
            .par_iter()
            .map(|(p, idx)| {
                let r = self.read_range(*p).map_err(Unchecked::Corpus);
                progress.inc(idx.len() as u64);
                r
            })
            .collect();
        spread(digests, &groups, answers)
    }
}
