//! The vault itself: `vault/legacy-format`, `vault/weak-kdf`,
//! `vault/weak-master-password`, and `password/same-as-master`.
//!
//! WORK IN PROGRESS (issue 7): thresholds are fixed here for now and move
//! to the policy file; `vault/master-key-age` and the history rules are not
//! written yet.
//!
//! `vault/weak-kdf` judges the key derivation as the header states it and
//! as it ran here: AES-KDF is not memory-hard, so a GPU farm tries guesses
//! cheaply whatever the rounds; Argon2 below 64 MiB (KeePassXC's default)
//! or opening faster than [`MIN_UNLOCK`] on this machine makes each guess
//! cheap. The master password is scored like entry passwords (zxcvbn, NFKC,
//! capped) and compared with every audited entry's password; neither it nor
//! anything derived from it appears in a finding.

use std::time::Duration;

use super::{Ctx, Outcome, Rule};
use crate::i18n::fill;
use crate::model::KdfParams;
use crate::report::{Details, Severity};

pub const LEGACY_FORMAT: Rule = Rule {
    id: "vault/legacy-format",
    severity: Severity::Low,
    summary: "the vault is KDBX 3.1 or older",
};

pub const WEAK_KDF: Rule = Rule {
    id: "vault/weak-kdf",
    severity: Severity::Medium,
    summary: "the vault's key derivation is AES-KDF, or Argon2 with too little memory or too little time",
};

pub const WEAK_MASTER: Rule = Rule {
    id: "vault/weak-master-password",
    severity: Severity::High,
    summary: "the master password's zxcvbn strength score is below 4",
};

pub const SAME_AS_MASTER: Rule = Rule {
    id: "password/same-as-master",
    severity: Severity::Critical,
    summary: "an entry's password is the vault's master password",
};

/// Argon2 memory below this is weak (KeePassXC's default is 64 MiB).
pub const MIN_ARGON2_MEMORY: u64 = 64 * 1024 * 1024;
/// Opening faster than this on the machine running the audit is weak.
pub const MIN_UNLOCK: Duration = Duration::from_millis(500);

pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let m = &ctx.opts.lang.text().msg;
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
            } if memory < MIN_ARGON2_MEMORY || v.unlock_time < MIN_UNLOCK => Some(fill(
                m.vault_kdf_argon_msg,
                &[
                    ("kdf", &v.kdf),
                    ("mib", &(memory / (1024 * 1024)).to_string()),
                    ("iterations", &iterations.to_string()),
                    ("ms", &ms),
                ],
            )),
            _ => None,
        };
        if let Some(msg) = kdf_msg {
            findings.push(WEAK_KDF.vault_finding(
                &v.name,
                msg,
                m.vault_kdf_fix,
                Details::default(),
            ));
        }
        if let Some(master) = &v.master_password {
            let s = super::weak::score(master.expose(), std::slice::from_ref(&v.name));
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
            for (ei, e) in v.entries.iter().enumerate() {
                if e.excluded || e.password_unresolved || e.password.is_empty() {
                    continue;
                }
                if e.password.expose() == master.expose() {
                    findings.push(SAME_AS_MASTER.finding(
                        m.same_master_msg.to_owned(),
                        m.same_master_fix,
                        ctx.entry_refs(&[(vi, ei)]),
                        Details::default(),
                    ));
                }
            }
        }
    }
    Outcome::complete(
        "vault",
        &[LEGACY_FORMAT, WEAK_KDF, WEAK_MASTER, SAME_AS_MASTER],
        findings,
    )
}
