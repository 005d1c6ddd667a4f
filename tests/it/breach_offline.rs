//! `password/breached` against local corpora in every layout: the
//! downloader's single sorted file (LF and CRLF), its per-prefix directory,
//! and the index built by `breach-index build`; and every way such a source
//! can be missing, malformed or damaged.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::*;

fn audit_with(breach: &Path, extra: &[&str]) -> Output {
    let v = find("audit.kdbx");
    run(audit_cmd(&v)
        .args(["--format", "json", "--breach"])
        .arg(breach)
        .args(extra))
}

/// Run and expect a complete breach check with the standard findings.
fn assert_standard(out: &Output, label: &str) {
    assert_eq!(out.status.code(), Some(1), "{label}: {}", stderr(out));
    let r = json(out);
    assert_eq!(breached(&r), expected(885, 2_413_945), "{label}");
    let c = breach_check(&r);
    assert_eq!(c["status"], "complete", "{label}: {c}");
    assert_eq!(c["passwords_checked"], 10, "{label}");
    assert_eq!(c["passwords_unchecked"], 0, "{label}");
}

fn assert_refused(out: &Output, needle: &str, label: &str) {
    assert_eq!(out.status.code(), Some(2), "{label}: {}", stderr(out));
    assert!(out.stdout.is_empty(), "{label}: a report was printed");
    let err = stderr(out);
    assert!(err.contains(needle), "{label}: {err}");
    assert!(!err.contains("panicked"), "{label}: {err}");
}

const STANDARD: &[(&str, u64)] = &[
    ("Sakura-Reuse-2024!x", 885),
    ("password1", 2_413_945),
    ("qwerty", 10_000_000),
    ("123456", 40_000_000),
];

/// Sakura's hash (B9A8…) is the first line and password1's (E38A…) the
/// last; 30,000-odd filler lines lie between them, so the search probes
/// several times before it scans, and every other audited password sorts
/// before the first line or after the last.
fn first_and_last_corpus(path: &Path, crlf: bool) {
    let lo = sha1_hex("Sakura-Reuse-2024!x");
    let hi = sha1_hex("password1");
    let mut lines: Vec<String> = filler_hashes(200_000, 7)
        .into_iter()
        .filter(|h| *h > lo && *h < hi)
        .map(|h| format!("{h}:2"))
        .collect();
    lines.sort();
    assert!(lines.len() > 25_000, "{}", lines.len());
    lines.insert(0, format!("{lo}:885"));
    lines.push(format!("{hi}:2413945"));
    let sep = if crlf { "\r\n" } else { "\n" };
    std::fs::write(path, lines.join(sep)).unwrap();
}

#[test]
fn single_file_first_and_last_line_lf_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    for crlf in [false, true] {
        let p = dir.path().join(format!("edge-{crlf}.txt"));
        first_and_last_corpus(&p, crlf);
        assert!(std::fs::metadata(&p).unwrap().len() > 1_000_000);
        // The file stops at password1's hash (E38A…), before the last range
        // FFFFF, as a truncated download would. The first and the last line
        // are both found; the one password whose hash sorts after the last
        // line (FCD8…) is unchecked, not clean.
        for label in ["no trailing newline", "trailing newline"] {
            let r = incomplete(&audit_with(&p, &[]), 1);
            assert_eq!(
                breached(&r),
                expected(885, 2_413_945),
                "{label} crlf={crlf}"
            );
            let c = breach_check(&r);
            assert!(c["reason"].as_str().unwrap().contains("truncated"), "{c}");
            let mut text = std::fs::read(&p).unwrap();
            text.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
            std::fs::write(&p, text).unwrap();
        }
        // Completed up to the last range: everything is checked.
        let mut text = std::fs::read(&p).unwrap();
        text.extend_from_slice(format!("FFFFF{}:1", "0".repeat(35)).as_bytes());
        std::fs::write(&p, text).unwrap();
        assert_standard(&audit_with(&p, &[]), &format!("completed crlf={crlf}"));
    }
}

#[test]
fn single_file_with_hashes_all_around() {
    let dir = tempfile::tempdir().unwrap();
    for crlf in [false, true] {
        let p = dir.path().join(format!("corpus-{crlf}.txt"));
        write_sorted_corpus(&p, STANDARD, 100_000, crlf);
        assert_standard(&audit_with(&p, &[]), &format!("all around crlf={crlf}"));
    }
}

/// Write the per-prefix layout: one `XXXXX.txt` range body per prefix that
/// has hashes, suffixes sorted, CRLF, no trailing newline.
fn write_prefix_dir(dir: &Path, breached: &[(&str, u64)], filler: usize, extra_prefixes: &[&str]) {
    std::fs::create_dir_all(dir).unwrap();
    let mut by: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (p, c) in breached {
        let h = sha1_hex(p);
        by.entry(h[..5].to_owned())
            .or_default()
            .push(format!("{}:{c}", &h[5..]));
    }
    for h in filler_hashes(filler, 11) {
        by.entry(h[..5].to_owned())
            .or_default()
            .push(format!("{}:1", &h[5..]));
    }
    for p in extra_prefixes {
        let h = sha1_hex(p);
        by.entry(h[..5].to_owned()).or_default();
    }
    for (prefix, mut lines) in by {
        if lines.is_empty() {
            // A range with no hash of the corpus: one padding line, as the
            // API would send (an empty file is a failed download).
            lines.push(format!("{}:0", "0".repeat(35)));
        }
        lines.sort();
        std::fs::write(dir.join(format!("{prefix}.txt")), lines.join("\r\n")).unwrap();
    }
}

#[test]
fn per_prefix_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("ranges");
    write_prefix_dir(&d, STANDARD, 5_000, &looked_up());
    assert_standard(&audit_with(&d, &[]), "directory");

    // A missing range file leaves that password unchecked, never clean.
    let p1 = d.join(format!("{}.txt", &sha1_hex("password1")[..5]));
    let saved = std::fs::read(&p1).unwrap();
    std::fs::remove_file(&p1).unwrap();
    let r = incomplete(&audit_with(&d, &[]), 1);
    let mut want = expected(885, 0);
    want.remove("Rakuten");
    assert_eq!(breached(&r), want);
    assert!(
        breach_check(&r)["reason"]
            .as_str()
            .unwrap()
            .contains("no range file")
    );

    // A range file that is an HTML page is a failed lookup, not an empty range.
    std::fs::write(&p1, b"<html><body>404</body></html>").unwrap();
    incomplete(&audit_with(&d, &[]), 1);
    // So is an empty one (a download that died before writing).
    std::fs::write(&p1, b"").unwrap();
    let c = breach_check(&incomplete(&audit_with(&d, &[]), 1));
    assert!(c["reason"].as_str().unwrap().contains("empty"), "{c}");
    std::fs::write(&p1, saved).unwrap();
    assert_standard(&audit_with(&d, &[]), "directory restored");
}

fn build(src: &Path, out: &Path, extra: &[&str]) -> Output {
    run(cmd()
        .args(["breach-index", "build"])
        .arg(src)
        .arg(out)
        .args(extra))
}

fn check_index(idx: &Path) -> Output {
    run(cmd().args(["breach-index", "check"]).arg(idx))
}

#[test]
fn index_from_either_layout_gives_the_same_answers() {
    // A million small files: on tmpfs when there is one, which is an order
    // of magnitude faster to fill than a disk file system.
    let shm = Path::new("/dev/shm");
    let tmp = if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    let file = tmp.path().join("corpus.txt");
    write_sorted_corpus(&file, STANDARD, 50_000, true);
    // The same hashes in the per-prefix layout.
    let d = tmp.path().join("ranges");
    std::fs::create_dir_all(&d).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let mut by: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for l in text.split("\r\n") {
        by.entry(l[..5].to_owned())
            .or_default()
            .push(l[5..].to_owned());
    }
    // Ranges with no hash hold one padding line (count 0, skipped by the
    // build): an empty file would be a failed download. They are all the
    // same file, hard-linked (far fewer system calls than writing each);
    // two threads share the million names.
    let padding = tmp.path().join("padding.txt");
    std::fs::write(&padding, format!("{}:0", "0".repeat(35))).unwrap();
    std::thread::scope(|scope| {
        for half in 0..2u32 {
            let (d, by, padding) = (&d, &by, &padding);
            scope.spawn(move || {
                for q in (half..(1u32 << 20)).step_by(2) {
                    let prefix = format!("{q:05X}");
                    let path = d.join(format!("{prefix}.txt"));
                    match by.get(&prefix) {
                        Some(v) => std::fs::write(path, v.join("\r\n")).unwrap(),
                        None => std::fs::hard_link(padding, path).unwrap(),
                    }
                }
            });
        }
    });

    let from_file = tmp.path().join("from-file.idx");
    let from_dir = tmp.path().join("from-dir.idx");
    let out = build(&file, &from_file, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("records"), "{}", stderr(&out));
    let out = build(&d, &from_dir, &["--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty());
    assert_eq!(
        std::fs::read(&from_file).unwrap(),
        std::fs::read(&from_dir).unwrap(),
        "both layouts give the same index"
    );
    let out = check_index(&from_file);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("OK, 50005 records"),
        "{}",
        stdout(&out)
    );
    assert_standard(&audit_with(&from_file, &[]), "index");

    // Wider keys: same answers, bigger file.
    let wide = tmp.path().join("wide.idx");
    assert_eq!(
        build(&file, &wide, &["--key-bytes", "13"]).status.code(),
        Some(0)
    );
    assert!(std::fs::metadata(&wide).unwrap().len() > std::fs::metadata(&from_file).unwrap().len());
    assert_standard(&audit_with(&wide, &[]), "13-byte index");
    assert_eq!(check_index(&wide).status.code(), Some(0));
}

#[test]
fn damaged_indexes_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("corpus.txt");
    write_sorted_corpus(&file, STANDARD, 20_000, false);
    // Three more hashes in password1's range, so that its bucket has
    // records to swap.
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let p1 = sha1_hex("password1");
    for h in filler_hashes(3, 99) {
        lines.push(format!("{}{}:5", &p1[..5], &h[5..]));
    }
    lines.sort();
    std::fs::write(&file, lines.join("\n")).unwrap();
    let idx = tmp.path().join("good.idx");
    assert_eq!(build(&file, &idx, &[]).status.code(), Some(0));
    let good = std::fs::read(&idx).unwrap();
    // A copy of the good index with one change made to its bytes.
    let damaged = |name: &str, change: &dyn Fn(&mut Vec<u8>)| -> PathBuf {
        let mut b = good.clone();
        change(&mut b);
        let p = tmp.path().join(name);
        std::fs::write(&p, &b).unwrap();
        p
    };
    // password1's entry in the prefix table.
    let q = u32::from_str_radix(&sha1_hex("password1")[..5], 16).unwrap() as usize;
    let at = 128 + 8 * q;
    let table_entry = |b: &[u8], at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap());

    // A flipped record byte: the full check catches it by checksum.
    let p = damaged("flipped.idx", &|b| {
        let i = b.len() - 3;
        b[i] ^= 0x5a;
    });
    let out = check_index(&p);
    assert_refused(&out, "damaged", "flipped record");

    // A flipped table entry: refused by the check; the audit never reads clean.
    let p = damaged("table.idx", &|b| {
        b[at..at + 8].copy_from_slice(&u64::MAX.to_le_bytes())
    });
    assert_refused(&check_index(&p), "damaged", "table");
    assert_refused(
        &audit_with(&p, &[]),
        "checksum does not match",
        "table, audit",
    );
    // A plausible entry (one record earlier: the bucket would start in the
    // previous prefix's records and a lookup would miss) is refused as well.
    assert!(table_entry(&good, at) > 0);
    let p = damaged("table-shifted.idx", &|b| {
        let v = table_entry(b, at);
        b[at..at + 8].copy_from_slice(&(v - 1).to_le_bytes());
    });
    assert_refused(
        &audit_with(&p, &[]),
        "checksum does not match",
        "shifted table entry",
    );

    // Records swapped inside password1's bucket: the lookup sees them out of
    // order and leaves that password unchecked, never clean.
    let (start, end) = (
        table_entry(&good, at) as usize,
        table_entry(&good, at + 8) as usize,
    );
    assert!(end - start >= 2, "bucket too small for the test");
    let rec = |i: usize| 128 + 8 * ((1 << 20) + 1) + 10 * i;
    let p = damaged("swapped.idx", &|b| {
        let (x, y) = (rec(start), rec(end - 1));
        let first: Vec<u8> = b[x..x + 10].to_vec();
        let last: Vec<u8> = b[y..y + 10].to_vec();
        b[x..x + 10].copy_from_slice(&last);
        b[y..y + 10].copy_from_slice(&first);
    });
    let r = incomplete(&audit_with(&p, &[]), 1);
    assert!(!breached(&r).contains_key("Rakuten"));
    assert_refused(&check_index(&p), "damaged", "swapped records");

    // Truncated: refused before the vault is opened.
    let p = damaged("truncated.idx", &|b| b.truncate(b.len() - 7));
    assert_refused(
        &audit_with(&p, &[]),
        "truncated or damaged",
        "truncated audit",
    );
    assert_refused(&check_index(&p), "truncated or damaged", "truncated check");

    // Another format version.
    let p = damaged("version.idx", &|b| b[8] = 9);
    assert_refused(&audit_with(&p, &[]), "version 9", "version");

    // Header only.
    let p = tmp.path().join("header.idx");
    std::fs::write(&p, &good[..200]).unwrap();
    assert_refused(
        &audit_with(&p, &[]),
        "not a usable kdbx-audit breach index",
        "header only",
    );

    // check on something that is not an index at all.
    assert_refused(&check_index(&file), "wrong magic", "not an index");
    let out = audit_with(&idx, &[]);
    assert_standard(&out, "the original is fine");
}

#[test]
fn malformed_sources_are_clear_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let w = |name: &str, body: &[u8]| -> PathBuf {
        let p = tmp.path().join(name);
        std::fs::write(&p, body).unwrap();
        p
    };
    let h = sha1_hex("password1");
    let cases: Vec<(PathBuf, &str)> = vec![
        (w("empty.txt", b""), "empty"),
        (
            w("html.txt", b"<!DOCTYPE html><html>Not Found</html>\n"),
            "not a 40-hex SHA-1",
        ),
        (
            w("ntlm.txt", b"00000011059407D743D40689940F858C:3\r\n"),
            "NTLM",
        ),
        (
            w("range.txt", format!("{}:3\r\n", &h[5..]).as_bytes()),
            "range file",
        ),
        (
            w(
                "unsorted.txt",
                format!("{h}:3\n0000000000000000000000000000000000000001:1\n").as_bytes(),
            ),
            "not sorted",
        ),
        (
            w(
                "cut.txt",
                format!("0000000000000000000000000000000000000001:1\n{}", &h[..20]).as_bytes(),
            ),
            "last line",
        ),
        (tmp.path().join("missing.txt"), "no such file"),
    ];
    for (p, needle) in &cases {
        assert_refused(&audit_with(p, &[]), needle, &p.display().to_string());
        assert_refused(
            &build(p, &tmp.path().join("x.idx"), &[]),
            needle,
            &format!("build {}", p.display()),
        );
    }
    assert!(!tmp.path().join("x.idx").exists(), "no index left behind");
    let empty_dir = tmp.path().join("nothing-here");
    std::fs::create_dir(&empty_dir).unwrap();
    assert_refused(&audit_with(&empty_dir, &[]), "no range files", "empty dir");
}

#[test]
fn building_from_an_unsorted_middle_fails_and_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("swapped.txt");
    let mut lines: Vec<String> = filler_hashes(5_000, 3)
        .into_iter()
        .map(|h| format!("{h}:1"))
        .collect();
    lines.sort();
    lines.push(format!("FFFFF{}:1", "0".repeat(35)));
    lines.swap(1000, 4000);
    std::fs::write(&p, lines.join("\n")).unwrap();
    let out_path = tmp.path().join("out.idx");
    let out = build(&p, &out_path, &[]);
    assert_refused(&out, "not sorted", "swapped");
    assert!(!out_path.exists());
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "temporary file left behind");
}

#[test]
fn a_damaged_middle_never_reads_clean() {
    // Every third line of the corpus mangled: whatever the search reads is
    // malformed, so the passwords are unchecked and the run exits 2.
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("corpus.txt");
    write_sorted_corpus(&p, STANDARD, 60_000, false);
    let text = std::fs::read_to_string(&p).unwrap();
    let lines: Vec<String> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| {
            if i % 3 == 1 && i + 1 < 60_004 {
                l.replace(':', ";")
            } else {
                l.to_owned()
            }
        })
        .collect();
    std::fs::write(&p, lines.join("\n")).unwrap();
    // Building an index from it stops at the first bad line, leaving nothing.
    let idx = tmp.path().join("damaged.idx");
    assert_refused(&build(&p, &idx, &[]), "is not 'SHA-1:count'", "build");
    assert!(!idx.exists());
    let out = audit_with(&p, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let r = json(&out);
    let c = breach_check(&r);
    assert_eq!(c["status"], "incomplete");
    assert!(c["passwords_unchecked"].as_u64().unwrap() >= 5, "{c}");
    for (title, _) in breached(&r) {
        assert!(
            ["Amazon", "Amazon Seller", "Gmail", "Ref entry", "Rakuten"].contains(&title.as_str())
        );
    }
}
