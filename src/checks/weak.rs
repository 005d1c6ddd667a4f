//! `password/weak`: zxcvbn score below the minimum (default 3).
//!
//! Each distinct password is scored once, in parallel. Before scoring it is
//! NFKC-normalised (full-width `ｐａｓｓｗｏｒｄ１２３` is the same guess as
//! `password123`) and cut to its first [`SCORE_PREFIX_CHARS`] characters:
//! zxcvbn's matching is super-linear, and a very long or adversarial input must
//! not stall the run. A password longer than that is judged on its prefix,
//! which can only make the estimate more cautious for the prefix itself and is
//! documented in `docs/rules.md`. User inputs are the title, user name and the
//! URL host's labels of every entry using the password.

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use super::{CheckId, Ctx, Loc, Outcome, RuleId};
use crate::i18n::fill;
use crate::report::Details;
use crate::url;

pub const RULE: RuleId = RuleId::Weak;

/// How many characters of a password zxcvbn sees.
pub const SCORE_PREFIX_CHARS: usize = 64;

/// Score one password (0-4) with the given user inputs, bounded in time.
pub fn score(password: &str, user_inputs: &[String]) -> u8 {
    let normalised: Zeroizing<String> =
        Zeroizing::new(password.nfkc().take(SCORE_PREFIX_CHARS).collect());
    let inputs: Vec<String> = user_inputs
        .iter()
        .map(|s| {
            s.nfkc()
                .take(SCORE_PREFIX_CHARS)
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|s| !s.is_empty())
        .collect();
    let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    u8::from(zxcvbn::zxcvbn(&normalised, &refs).score())
}

fn user_inputs(ctx: &Ctx<'_>, locs: &[Loc]) -> Vec<String> {
    let mut inputs = Vec::new();
    for l in locs.iter().take(8) {
        let e = ctx.entry(*l);
        inputs.push(e.title.clone());
        let user = e.username_for_matching();
        inputs.push(user.to_owned());
        if let Some(at) = user.split_once('@') {
            inputs.push(at.0.to_owned());
        }
        for u in e.urls_for_matching() {
            if let Some(h) = url::host(u) {
                inputs.extend(h.split('.').filter(|p| p.len() > 2).map(str::to_owned));
            }
        }
    }
    inputs.sort();
    inputs.dedup();
    inputs
}

/// The score of each distinct password, in `ctx.passwords.groups` order,
/// scored in parallel.
pub fn scores(ctx: &Ctx<'_>) -> Vec<u8> {
    ctx.passwords
        .groups
        .par_iter()
        .map(|(pw, locs)| score(pw, &user_inputs(ctx, locs)))
        .collect()
}

pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let m = &ctx.opts.lang.text().msg;
    let min = ctx.opts.min_score;
    let mut findings = Vec::new();
    for (&s, (_, locs)) in ctx.strength.iter().zip(&ctx.passwords.groups) {
        if s >= min {
            continue;
        }
        for loc in locs {
            findings.push(RULE.finding(
                fill(
                    m.weak_msg,
                    &[("score", &s.to_string()), ("min", &min.to_string())],
                ),
                m.weak_fix,
                ctx.entry_refs(&[*loc]),
                Details {
                    score: Some(s),
                    ..Details::default()
                },
            ));
        }
    }
    Outcome::complete(CheckId::Weak, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_scores_like_half_width() {
        assert_eq!(
            score("ｐａｓｓｗｏｒｄ１２３", &[]),
            score("password123", &[])
        );
        assert!(score("password123", &[]) < 2);
    }

    #[test]
    fn user_inputs_lower_the_score() {
        let with = score("alicealice2024", &["alice".to_owned()]);
        let without = score("alicealice2024", &[]);
        assert!(with <= without);
    }

    #[test]
    fn huge_and_adversarial_inputs_stay_fast() {
        let start = std::time::Instant::now();
        let long = "aB3$".repeat(2500);
        let _ = score(&long, &[]);
        let adversarial: String = (0..10_000)
            .map(|i| if i % 2 == 0 { '1' } else { 'a' })
            .collect();
        let _ = score(&adversarial, &[]);
        let digits = "1234567890".repeat(1000);
        let _ = score(&digits, &[]);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
    }
}
