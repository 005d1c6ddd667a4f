//! How long the key-derivation estimate's sample run takes, and what it
//! estimates for a few headers: `cargo run --release --example kdf_sample_cost`.
use kdbx_audit::unlock::limits::{HeaderKdf, estimate};
use std::time::Instant;

fn main() {
    let t = Instant::now();
    let aes = estimate(&HeaderKdf::Aes { rounds: 1_000_000 });
    let first = t.elapsed();
    println!("sample run (once per process): {first:?}");
    println!("AES-KDF 1,000,000 rounds: estimated {aes:?}");
    for (m, i, p) in [(64u64 << 20, 2u64, 2u64), (1 << 30, 10, 4)] {
        let e = estimate(&HeaderKdf::Argon2 {
            id: true,
            memory: m,
            iterations: i,
            parallelism: p,
        });
        println!(
            "Argon2id {} MiB x {i} passes, {p} lanes: estimated {e:?}",
            m >> 20
        );
    }
}
