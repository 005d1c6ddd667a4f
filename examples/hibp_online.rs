//! The online range lookups against the test suite's fake server with added
//! latency: wall time for P distinct prefixes beside the physical floor
//! ceil(P / in-flight) × latency. For docs/performance.md. Not part of the tool.
//!
//! cargo run --release --example hibp_online -- [PREFIXES] [LATENCY_MS] [CONCURRENCY]

#[path = "../tests/it/common/range_server.rs"]
mod range_server;

use std::time::{Duration, Instant};

use kdbx_audit::lookups::{Digest, Progress, Verdict, hibp};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let prefixes: u32 = args.get(1).map_or(1000, |s| s.parse().expect("PREFIXES"));
    let latency = Duration::from_millis(args.get(2).map_or(50, |s| s.parse().expect("LATENCY_MS")));
    let conc: usize = args.get(3).map_or(hibp::DEFAULT_CONCURRENCY, |s| {
        s.parse().expect("CONCURRENCY")
    });
    let server = range_server::RangeServer::start(range_server::Config::new().latency(latency));
    // One digest per prefix, spread over the prefix space.
    let digests: Vec<Digest> = (0..prefixes)
        .map(|i| {
            let p = (i as u64 * (1 << 20) / prefixes as u64) as u32;
            let mut h = [0x5Au8; 20];
            h[0] = (p >> 12) as u8;
            h[1] = (p >> 4) as u8;
            h[2] = ((p & 0xf) << 4) as u8 | 0x0A;
            Digest::from_bytes(h)
        })
        .collect();
    let cfg = hibp::Config {
        base_url: server.url(),
        concurrency: conc,
        ..hibp::Config::default()
    };
    let t = Instant::now();
    let v = hibp::lookup(&cfg, &digests, &Progress::hidden());
    let wall = t.elapsed();
    let unchecked = v
        .iter()
        .filter(|v| matches!(v, Verdict::Unchecked(_)))
        .count();
    let floor = latency * prefixes.div_ceil(conc as u32);
    println!(
        "{prefixes} prefixes, {} ms latency, {conc} in flight: {} requests, peak {} in flight, {} connections, {unchecked} unchecked; wall {:.0} ms, floor {:.0} ms, ratio {:.2}",
        latency.as_millis(),
        server.requests().len(),
        server.max_in_flight(),
        server.connections(),
        wall.as_secs_f64() * 1e3,
        floor.as_secs_f64() * 1e3,
        wall.as_secs_f64() / floor.as_secs_f64()
    );
}
