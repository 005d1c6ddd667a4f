//! The vault itself: `vault/legacy-format`, `vault/weak-kdf`,
//! `vault/weak-master-password`, and `password/same-as-master`.
//!
//! `vault/weak-kdf` judges the key derivation as the header states it and
//! as it ran here: AES-KDF is not memory-hard, so a GPU farm tries guesses
//! cheaply whatever the rounds; Argon2 below the policy's memory (64 MiB,
//! KeePassXC's default) or opening faster than the policy's time (200 ms)
//! on this machine makes each guess cheap. The thresholds are the policy
//! file's ([`crate::rules::Threshold`]); `vault/master-key-age` compares
//! the vault's `MasterKeyChanged` with the policy's limit and with the
//! vault's own "recommend / force a change after N days" settings. The master password is scored like entry passwords (zxcvbn, NFKC,
//! capped) and compared with every audited entry's password; neither it nor
//! anything derived from it appears in a finding.

use super::{CheckId, Ctx, Outcome, RuleId};
use crate::i18n::fill;
use crate::model::KdfParams;
use crate::model::Vault;
use crate::report::{Details, KdfNote};
use crate::rules::{MASTER_KEY_MAX_AGE_DAYS, MIN_ARGON2_MEMORY_MIB, MIN_UNLOCK_MS};

const MIB: u64 = 1024 * 1024;

fn kdf_note(v: &Vault) -> KdfNote {
    let (rounds, memory_mib, iterations, parallelism) = match v.kdf_params {
        KdfParams::Aes { rounds } => (Some(rounds), None, None, None),
        KdfParams::Argon2 {
            memory,
            iterations,
            parallelism,
            ..
        } => (
            None,
            Some(memory / MIB),
            Some(iterations),
            Some(parallelism),
        ),
        KdfParams::Unknown => (None, None, None, None),
    };
    KdfNote {
        name: v.kdf.clone(),
        rounds,
        memory_mib,
        iterations,
        parallelism,
        unlock_ms: u64::try_from(v.unlock_time.as_millis()).unwrap_or(u64::MAX),
    }
}

/// `vault/master-key-age`: the strictest limit the master key is over.
fn master_key_age(ctx: &Ctx<'_>, v: &Vault) -> Option<crate::report::Finding> {
    let m = &ctx.opts.lang.text().msg;
    let changed = v.master_key_changed?;
    let days = u64::try_from((ctx.opts.now - changed).num_days()).ok()?;
    let policy = ctx.opts.policy.thresholds.get(&MASTER_KEY_MAX_AGE_DAYS);
    let limits = [
        (
            v.master_key_change_force_days.map(u64::from),
            m.master_key_force_msg,
        ),
        (
            v.master_key_change_rec_days.map(u64::from),
            m.master_key_rec_msg,
        ),
        ((policy > 0).then_some(policy), m.master_key_age_msg),
    ];
    let (max, msg) = limits
        .into_iter()
        .filter_map(|(max, msg)| max.filter(|max| days > *max).map(|max| (max, msg)))
        .min_by_key(|(max, _)| *max)?;
    Some(MASTER_KEY_AGE.vault_finding(
        &v.name,
        fill(
            msg,
            &[
                ("date", &ctx.opts.lang.text().day(changed.date_naive())),
                ("days", &days.to_string()),
                ("max", &max.to_string()),
            ],
        ),
        m.master_key_age_fix,
        Details {
            changed_at: Some(changed.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            age_days: Some(days),
            max_age_days: Some(max),
            ..Details::default()
        },
    ))
}

pub const LEGACY_FORMAT: RuleId = RuleId::LegacyFormat;

pub const WEAK_KDF: RuleId = RuleId::WeakKdf;

pub const WEAK_MASTER: RuleId = RuleId::WeakMaster;

pub const MASTER_KEY_AGE: RuleId = RuleId::MasterKeyAge;

pub const SAME_AS_MASTER: RuleId = RuleId::SameAsMaster;

pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let m = &ctx.opts.lang.text().msg;
    let min_mib = ctx.opts.policy.thresholds.get(&MIN_ARGON2_MEMORY_MIB);
    let min_ms = ctx.opts.policy.thresholds.get(&MIN_UNLOCK_MS);
    let mut findings = Vec::new();
    for (vi, v) in ctx.vaults.iter().enumerate() {
        let ms = v.unlock_time.as_millis().to_string();
        if v.version.0 < 4 {
            findings.push(LEGACY_FORMAT.vault_finding(
                &v.name,
                fill(
                    m.vault_legacy_msg,
                    &[("format", &v.format), ("vault", &v.name)],
                ),
                m.vault_legacy_fix,
                Details::default(),
            ));
        }
        let kdf_msg = match v.kdf_params {
            KdfParams::Aes { rounds } => Some(fill(
                m.vault_kdf_aes_msg,
                &[("rounds", &rounds.to_string()), ("ms", &ms)],
            )),
            KdfParams::Argon2 {
                memory, iterations, ..
            } if memory < min_mib.saturating_mul(MIB)
                || v.unlock_time.as_millis() < u128::from(min_ms) =>
            {
                Some(fill(
                    m.vault_kdf_argon_msg,
                    &[
                        ("kdf", &v.kdf),
                        ("mib", &(memory / MIB).to_string()),
                        ("iterations", &iterations.to_string()),
                        ("ms", &ms),
                        ("min_mib", &min_mib.to_string()),
                        ("min_ms", &min_ms.to_string()),
                    ],
                ))
            }
            _ => None,
        };
        if let Some(msg) = kdf_msg {
            findings.push(WEAK_KDF.vault_finding(
                &v.name,
                msg,
                m.vault_kdf_fix,
                Details {
                    kdf: Some(kdf_note(v)),
                    ..Details::default()
                },
            ));
        }
        findings.extend(master_key_age(ctx, v));
        if let Some(master) = &v.master_password {
            // Exact below 4, the only scores reported (zxcvbn is spared
            // where the bound proves a 4).
            let s = super::weak::score_at_least(master.expose(), std::slice::from_ref(&v.name), 4);
            if s < 4 {
                findings.push(WEAK_MASTER.vault_finding(
                    &v.name,
                    fill(m.vault_master_weak_msg, &[("score", &s.to_string())]),
                    m.vault_master_weak_fix,
                    Details {
                        score: Some(s),
                        ..Details::default()
                    },
                ));
            }
            // The entries of this vault whose password is the master's.
            let same = ctx
                .passwords
                .slot(master.expose())
                .map(|g| ctx.passwords.groups[g].1.as_slice())
                .unwrap_or_default();
            for loc in same.iter().filter(|l| l.0 == vi) {
                findings.push(SAME_AS_MASTER.finding(
                    m.same_master_msg.to_owned(),
                    m.same_master_fix,
                    ctx.entry_refs(&[*loc]),
                    Details::default(),
                ));
            }
        }
    }
    Outcome::complete(CheckId::Vault, findings)
}
