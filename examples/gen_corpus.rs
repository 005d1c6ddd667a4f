//! Write a synthetic Pwned Passwords corpus in the official downloader's
//! single-file layout (upper-case `SHA1:COUNT` lines sorted by hash, each
//! ending in CRLF),
//! for the breach benchmarks. Not part of the tool.
//!
//! cargo run --release --example gen_corpus -- OUT LINES [PASSWORD ...]
//!
//! LINES random hashes (seeded, so the same LINES gives the same file) plus
//! the SHA-1 of every PASSWORD given, so that a benchmark vault has hits.

use std::io::Write;

use sha1::{Digest, Sha1};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: gen_corpus OUT LINES [PASSWORD ...]");
        std::process::exit(2);
    }
    let out = &args[1];
    let n: usize = args[2].parse().expect("LINES must be a number");
    let mut rng = fastrand::Rng::with_seed(0x6b64_6278 ^ n as u64);
    let mut hashes: Vec<[u8; 20]> = Vec::with_capacity(n + args.len());
    for _ in 0..n {
        let mut h = [0u8; 20];
        rng.fill(&mut h);
        hashes.push(h);
    }
    for pw in &args[3..] {
        let mut h = [0u8; 20];
        h.copy_from_slice(&Sha1::digest(pw.as_bytes()));
        hashes.push(h);
    }
    // The real corpus reaches the last range; so does this one.
    let mut last = [0xFFu8; 20];
    rng.fill(&mut last[3..]);
    last[2] |= 0xF0;
    hashes.push(last);
    hashes.sort_unstable();
    hashes.dedup();
    let f = std::fs::File::create(out).expect("create OUT");
    let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut line = Vec::with_capacity(64);
    for h in &hashes {
        line.clear();
        for b in h {
            line.push(HEX[(b >> 4) as usize]);
            line.push(HEX[(b & 15) as usize]);
        }
        line.push(b':');
        line.extend_from_slice(rng.u32(1..100_000).to_string().as_bytes());
        // keepassxc-cli 2.7.4 reports "parse error" on a last line without
        // a line break, so every line ends with CRLF here.
        line.extend_from_slice(b"\r\n");
        w.write_all(&line).expect("write");
    }
    w.flush().expect("flush");
    eprintln!("wrote {out}: {} lines", hashes.len());
}
