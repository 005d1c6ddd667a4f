//! Time breach lookups alone (no vault, no zxcvbn) against a local corpus:
//! the downloader's single file (binary search) or a `breach-index` file.
//! For docs/performance.md. Not part of the tool.
//!
//! cargo run --release --example breach_lookups -- SOURCE N
//!
//! Looks up N random SHA-1 digests (not in any corpus, so every search runs
//! to the end) plus the SHA-1 of "password", once single-threaded and once
//! with rayon, and prints the time per lookup.

use std::path::Path;
use std::time::Instant;

use kdbx_audit::lookups::{Digest, Progress, Source, Verdict};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, source, n] = args.as_slice() else {
        eprintln!("usage: breach_lookups SOURCE N");
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("N");
    let src = Source::open_path(Path::new(source)).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let mut rng = fastrand::Rng::with_seed(7);
    let mut digests: Vec<Digest> = (0..n)
        .map(|_| {
            let mut h = [0u8; 20];
            rng.fill(&mut h);
            Digest::from_bytes(h)
        })
        .collect();
    digests.push(Digest::of("password"));
    // Warm-up pass (page cache), then timed passes.
    let _ = src.lookup(&digests, &Progress::hidden());
    let pool1 = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let t = Instant::now();
    let v1 = pool1.install(|| src.lookup(&digests, &Progress::hidden()));
    let one = t.elapsed();
    let t = Instant::now();
    let v2 = src.lookup(&digests, &Progress::hidden());
    let all = t.elapsed();
    assert_eq!(v1, v2);
    let found = v2
        .iter()
        .filter(|v| matches!(v, Verdict::Count(c) if *c > 0))
        .count();
    let unchecked = v2
        .iter()
        .filter(|v| matches!(v, Verdict::Unchecked(_)))
        .count();
    println!(
        "{} ({}): {} lookups, {} found, {} unchecked; 1 thread {:.3} ms ({:.2} µs/lookup); {} threads {:.3} ms ({:.2} µs/lookup)",
        source,
        src.kind(),
        digests.len(),
        found,
        unchecked,
        one.as_secs_f64() * 1e3,
        one.as_secs_f64() * 1e6 / digests.len() as f64,
        rayon::current_num_threads(),
        all.as_secs_f64() * 1e3,
        all.as_secs_f64() * 1e6 / digests.len() as f64,
    );
}
