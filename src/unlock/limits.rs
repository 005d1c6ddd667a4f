//! Bounds checked before any work is spent on untrusted input.
//!
//! A vault, key file or password file is someone else's file as far as the
//! tool knows: a FIFO blocks a read forever, `/dev/zero` never ends, and a
//! header may claim 2^60 AES rounds or 64 GiB of Argon2 memory. Everything
//! here is measured first: the file's type and size before it is read, the
//! key derivation's parameters (read from the outer header) before the key
//! is derived, with the derivation time estimated from a small sample run on
//! this machine.

use crate::input::show_bytes;
use std::time::{Duration, Instant};

/// Largest vault read by default (`--max-vault-mib` raises it).
pub const DEFAULT_MAX_VAULT_MIB: u64 = 512;
/// Largest key file read (KeePass accepts any file as a key file; one
/// larger than this is not a key file anyone uses).
pub const MAX_KEYFILE_BYTES: u64 = 64 * 1024 * 1024;
/// Default `--max-unlock-seconds`.
pub const DEFAULT_MAX_UNLOCK_SECONDS: u64 = 60;

/// What `unlock` may spend on one vault.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest vault file, in bytes.
    pub max_vault_bytes: u64,
    /// Longest estimated key derivation.
    pub max_unlock: Duration,
    /// Most Argon2 memory, in bytes ([`argon2_memory_limit`] by default).
    pub max_argon2_memory: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_vault_bytes: DEFAULT_MAX_VAULT_MIB * 1024 * 1024,
            max_unlock: Duration::from_secs(DEFAULT_MAX_UNLOCK_SECONDS),
            max_argon2_memory: argon2_memory_limit(),
        }
    }
}

/// Half of this machine's physical memory (Linux: `MemTotal` in
/// `/proc/meminfo`), else 4 GiB; never below 1 GiB.
pub fn argon2_memory_limit() -> u64 {
    let total = std::fs::read_to_string("/proc/meminfo").ok().and_then(|s| {
        s.lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kib| kib * 1024)
    });
    match total {
        Some(t) => (t / 2).max(1 << 30),
        None => 4 << 30,
    }
}

/// Key derivation parameters as the outer header states them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderKdf {
    Aes {
        rounds: u64,
    },
    Argon2 {
        id: bool,
        memory: u64,
        iterations: u64,
        parallelism: u64,
    },
}

impl HeaderKdf {
    /// As a message shows it: `AES-KDF, 1152921504606846976 rounds`.
    pub fn describe(&self) -> String {
        match self {
            HeaderKdf::Aes { rounds } => format!("AES-KDF, {rounds} rounds"),
            HeaderKdf::Argon2 {
                id,
                memory,
                iterations,
                parallelism,
            } => format!(
                "{}, {} of memory, {iterations} iterations, {parallelism} lanes",
                if *id { "Argon2id" } else { "Argon2d" },
                show_bytes(*memory)
            ),
        }
    }
}

const AES_KDF: [u8; 16] = [
    0xc9, 0xd9, 0xf3, 0x9a, 0x62, 0x8a, 0x44, 0x60, 0xbf, 0x74, 0x0d, 0x08, 0xc1, 0x8a, 0x4f, 0xea,
];
const AES_KDF_KDBX4: [u8; 16] = [
    0x7c, 0x02, 0xbb, 0x82, 0x79, 0xa7, 0x4a, 0xc0, 0x92, 0x7d, 0x11, 0x4a, 0x00, 0x64, 0x82, 0x38,
];
const ARGON2D: [u8; 16] = [
    0xef, 0x63, 0x6d, 0xdf, 0x8c, 0x29, 0x44, 0x4b, 0x91, 0xf7, 0xa9, 0xa4, 0x03, 0xe3, 0x0a, 0x0c,
];
const ARGON2ID: [u8; 16] = [
    0x9e, 0x29, 0x8b, 0x19, 0x56, 0xdb, 0x47, 0x73, 0xb2, 0x3d, 0xfc, 0x3e, 0xc6, 0xf0, 0xa1, 0xe6,
];

/// One field of a KDBX outer header: its id, its value, and the offset
/// just past it.
pub struct HeaderField<'a> {
    pub id: u8,
    pub value: &'a [u8],
    pub end: usize,
}

/// The fields of a KDBX 3.x or 4.x outer header, in order, up to and
/// including the end-of-header field (id 0); the walk stops early at a
/// field that runs past the data. KDBX 4 lengths are 32-bit, older ones
/// 16-bit.
pub fn header_fields(data: &[u8]) -> impl Iterator<Item = HeaderField<'_>> {
    let major = data
        .get(10..12)
        .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]));
    let mut pos = Some(12usize);
    std::iter::from_fn(move || {
        let at = pos.take()?;
        let id = *data.get(at)?;
        let (len, head) = if major >= 4 {
            let b = data.get(at + 1..at + 5)?;
            (u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize, 5)
        } else {
            let b = data.get(at + 1..at + 3)?;
            (usize::from(u16::from_le_bytes([b[0], b[1]])), 3)
        };
        let start = at.checked_add(head)?;
        let end = start.checked_add(len)?;
        let value = data.get(start..end)?;
        if id != 0 {
            pos = Some(end);
        }
        Some(HeaderField { id, value, end })
    })
}

/// Read the KDF parameters from a KDBX 3.x or 4.x outer header (the file
/// starts with the signatures and the version). `None` when the header
/// has none that can be read: the parser then decides (it rejects them).
pub fn header_kdf(data: &[u8]) -> Option<HeaderKdf> {
    let major = u16::from_le_bytes([*data.get(10)?, *data.get(11)?]);
    header_fields(data).find_map(|f| match (major, f.id) {
        (3, 6) if f.value.len() == 8 => Some(HeaderKdf::Aes {
            rounds: u64::from_le_bytes(f.value.try_into().ok()?),
        }),
        (4.., 11) => variant_kdf(f.value),
        _ => None,
    })
}

/// The KDF parameters in a KDBX 4 VariantDictionary.
fn variant_kdf(d: &[u8]) -> Option<HeaderKdf> {
    let mut pos = 2usize; // format version
    let mut uuid: Option<&[u8]> = None;
    let (mut rounds, mut memory, mut iterations, mut parallelism) = (None, None, None, None);
    loop {
        let kind = *d.get(pos)?;
        if kind == 0 {
            break;
        }
        let klen = u32::from_le_bytes(d.get(pos + 1..pos + 5)?.try_into().ok()?) as usize;
        let kstart = pos + 5;
        let key = d.get(kstart..kstart.checked_add(klen)?)?;
        let vpos = kstart + klen;
        let vlen = u32::from_le_bytes(d.get(vpos..vpos + 4)?.try_into().ok()?) as usize;
        let value = d.get(vpos + 4..(vpos + 4).checked_add(vlen)?)?;
        let number = || -> Option<u64> {
            match value.len() {
                4 => Some(u64::from(u32::from_le_bytes(value.try_into().ok()?))),
                8 => Some(u64::from_le_bytes(value.try_into().ok()?)),
                _ => None,
            }
        };
        match key {
            b"$UUID" => uuid = Some(value),
            b"R" => rounds = number(),
            b"M" => memory = number(),
            b"I" => iterations = number(),
            b"P" => parallelism = number(),
            _ => {}
        }
        pos = vpos + 4 + vlen;
    }
    let uuid = uuid?;
    if uuid == AES_KDF || uuid == AES_KDF_KDBX4 {
        return Some(HeaderKdf::Aes { rounds: rounds? });
    }
    let id = if uuid == ARGON2ID {
        true
    } else if uuid == ARGON2D {
        false
    } else {
        return None;
    };
    Some(HeaderKdf::Argon2 {
        id,
        memory: memory?,
        iterations: iterations?,
        parallelism: parallelism?,
    })
}

/// Why a vault's key derivation is refused before it starts.
#[derive(Debug, Clone, PartialEq)]
pub enum Refused {
    /// Argon2 memory above the machine's limit: `(asked, limit)`.
    Memory { asked: u64, limit: u64 },
    /// Estimated time above `--max-unlock-seconds`.
    Time { estimate: Duration, limit: Duration },
    /// Parameters the derivation cannot take (the crate would truncate
    /// them): more than 2^32 - 1 iterations or lanes.
    OutOfRange,
}

/// Derivation speed measured once on this machine.
struct Speed {
    /// AES-KDF rounds per second.
    aes_rounds: f64,
    /// Argon2 one-lane passes per second over one KiB.
    argon2_kib_passes: f64,
}

fn speed() -> &'static Speed {
    static SPEED: std::sync::OnceLock<Speed> = std::sync::OnceLock::new();
    SPEED.get_or_init(|| Speed {
        aes_rounds: sample_aes(),
        argon2_kib_passes: sample_argon2(),
    })
}

fn sample_aes() -> f64 {
    use aes::cipher::{Array, BlockCipherEncrypt, KeyInit};
    const ROUNDS: u32 = 100_000;
    let cipher = aes::Aes256::new(&Array::from([7u8; 32]));
    let mut b1 = Array::from([1u8; 16]);
    let mut b2 = Array::from([2u8; 16]);
    let started = Instant::now();
    for _ in 0..ROUNDS {
        cipher.encrypt_block(&mut b1);
        cipher.encrypt_block(&mut b2);
    }
    std::hint::black_box((&b1, &b2));
    f64::from(ROUNDS) / started.elapsed().as_secs_f64().max(1e-6)
}

fn sample_argon2() -> f64 {
    const KIB: u32 = 4096;
    let config = argon2::Config {
        ad: &[],
        hash_length: 32,
        lanes: 1,
        mem_cost: KIB,
        secret: &[],
        thread_mode: argon2::ThreadMode::Sequential,
        time_cost: 1,
        variant: argon2::Variant::Argon2d,
        version: argon2::Version::Version13,
    };
    let started = Instant::now();
    let _ = std::hint::black_box(argon2::hash_raw(b"sample", b"sample-salt-16by", &config));
    f64::from(KIB) / started.elapsed().as_secs_f64().max(1e-6)
}

/// The estimated time of one key derivation with these parameters here.
pub fn estimate(kdf: &HeaderKdf) -> Duration {
    let s = speed();
    let secs = match *kdf {
        HeaderKdf::Aes { rounds } => rounds as f64 / s.aes_rounds,
        HeaderKdf::Argon2 {
            memory,
            iterations,
            parallelism,
            ..
        } => {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
            let lanes = (parallelism.max(1) as f64).min(cores);
            (memory as f64 / 1024.0) * iterations as f64 / s.argon2_kib_passes / lanes
        }
    };
    Duration::from_secs_f64(secs.clamp(0.0, 1e9))
}

/// Check a vault's KDF against the limits; `derivations`: how many times
/// the key is derived (two for KDBX 3.1, whose header hash is verified
/// with a second derivation).
pub fn check_kdf(kdf: &HeaderKdf, limits: &Limits, derivations: u32) -> Result<(), Refused> {
    if let HeaderKdf::Argon2 {
        memory,
        iterations,
        parallelism,
        ..
    } = *kdf
    {
        if memory > limits.max_argon2_memory {
            return Err(Refused::Memory {
                asked: memory,
                limit: limits.max_argon2_memory,
            });
        }
        if iterations > u64::from(u32::MAX) || parallelism > u64::from(u32::MAX) {
            return Err(Refused::OutOfRange);
        }
    }
    // Cheap parameters need no sample run.
    let cheap = match *kdf {
        HeaderKdf::Aes { rounds } => rounds <= 1_000_000,
        HeaderKdf::Argon2 {
            memory, iterations, ..
        } => memory.saturating_mul(iterations) <= 64 << 20,
    };
    if cheap {
        return Ok(());
    }
    let estimate = estimate(kdf) * derivations;
    if estimate > limits.max_unlock {
        return Err(Refused::Time {
            estimate,
            limit: limits.max_unlock,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kdbx3_header(rounds: u64) -> Vec<u8> {
        let mut h = vec![0x03, 0xD9, 0xA2, 0x9A, 0x67, 0xFB, 0x4B, 0xB5, 1, 0, 3, 0];
        h.extend([2, 16, 0]);
        h.extend([0u8; 16]);
        h.extend([6, 8, 0]);
        h.extend(rounds.to_le_bytes());
        h.extend([0, 4, 0, 13, 10, 13, 10]);
        h
    }

    #[test]
    fn kdbx3_rounds_are_read_from_the_header() {
        assert_eq!(
            header_kdf(&kdbx3_header(1 << 60)),
            Some(HeaderKdf::Aes { rounds: 1 << 60 })
        );
        // Truncated inside the field: nothing read.
        let h = kdbx3_header(5);
        assert_eq!(header_kdf(&h[..h.len() - 12]), None);
    }

    #[test]
    fn absurd_parameters_are_refused_before_any_sample() {
        let limits = Limits {
            max_vault_bytes: 1 << 20,
            max_unlock: Duration::from_secs(60),
            max_argon2_memory: 1 << 30,
        };
        let argon = |memory, iterations| HeaderKdf::Argon2 {
            id: true,
            memory,
            iterations,
            parallelism: 2,
        };
        assert!(matches!(
            check_kdf(&argon(64 << 30, 2), &limits, 1),
            Err(Refused::Memory { .. })
        ));
        assert!(matches!(
            check_kdf(&argon(64 << 20, 1 << 32), &limits, 1),
            Err(Refused::OutOfRange)
        ));
        assert!(matches!(
            check_kdf(&argon(64 << 20, 1 << 31), &limits, 1),
            Err(Refused::Time { .. })
        ));
        assert!(matches!(
            check_kdf(&HeaderKdf::Aes { rounds: 1 << 60 }, &limits, 1),
            Err(Refused::Time { .. })
        ));
        assert!(check_kdf(&argon(64 << 20, 2), &limits, 1).is_ok());
        assert!(check_kdf(&HeaderKdf::Aes { rounds: 60_000 }, &limits, 2).is_ok());
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(show_bytes(64 << 30), "64 GiB");
        assert_eq!(show_bytes(512 << 20), "512 MiB");
        assert_eq!(show_bytes(64 << 10), "64 KiB");
    }
}
