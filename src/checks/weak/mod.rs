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

pub mod bound;

pub const RULE: RuleId = RuleId::Weak;

/// How many characters of a password zxcvbn sees.
pub const SCORE_PREFIX_CHARS: usize = 64;

/// The least guesses zxcvbn 3.1.1 gives each score (its `calculate_score`).
const GUESSES_FOR_SCORE: [u64; 5] = [0, 1_005, 1_000_005, 100_000_005, 10_000_000_005];

/// NFKC, at most [`SCORE_PREFIX_CHARS`] characters, zeroed when dropped.
fn normalised(password: &str) -> Zeroizing<String> {
    Zeroizing::new(password.nfkc().take(SCORE_PREFIX_CHARS).collect())
}

fn prepared_inputs(user_inputs: &[String]) -> Vec<String> {
    user_inputs
        .iter()
        .map(|s| {
            s.nfkc()
                .take(SCORE_PREFIX_CHARS)
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// Score one password (0-4) with the given user inputs, bounded in time.
pub fn score(password: &str, user_inputs: &[String]) -> u8 {
    let normalised = normalised(password);
    let inputs = prepared_inputs(user_inputs);
    let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    u8::from(zxcvbn::zxcvbn(&normalised, &refs).score())
}

/// Whether the password scores at least `min`, with a shortcut: where
/// [`bound::reaches`] proves that zxcvbn would give it at least the
/// minimum's guesses, it is not scored in full (most random passwords; the
/// bound costs a few microseconds where zxcvbn costs a few hundred, and far
/// more on l33t-heavy strings). A password below the minimum is always
/// scored in full, so its score is exact.
///
/// Returns the score, or `min` itself (a lower bound) when the shortcut
/// decided it.
pub fn score_at_least(password: &str, user_inputs: &[String], min: u8) -> u8 {
    // zxcvbn scores 0 to 4: a higher minimum is never reached.
    let min = min.min(4);
    if min == 0 {
        return 0;
    }
    let normalised = normalised(password);
    let inputs = prepared_inputs(user_inputs);
    let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    if bound::reaches(&normalised, &refs, GUESSES_FOR_SCORE[usize::from(min)]) {
        return min;
    }
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
/// scored in parallel ([`score_at_least`]: a score below the minimum is
/// exact, one at or above it may be the minimum itself). `None`: not scored,
/// as the run's budget ([`Options::weak_budget`]) was spent first.
///
/// [`Options::weak_budget`]: super::Options::weak_budget
pub fn scores(ctx: &Ctx<'_>) -> Vec<Option<u8>> {
    let deadline = std::time::Instant::now() + ctx.opts.weak_budget;
    let min = ctx.opts.min_score;
    ctx.passwords
        .groups
        .par_iter()
        .map(|(pw, locs)| {
            (std::time::Instant::now() < deadline)
                .then(|| score_at_least(pw, &user_inputs(ctx, locs), min))
        })
        .collect()
}

pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let m = &ctx.opts.lang.text().msg;
    let min = ctx.opts.min_score;
    let mut findings = Vec::new();
    let mut unscored = 0usize;
    for (s, (_, locs)) in ctx.strength.iter().zip(&ctx.passwords.groups) {
        let Some(s) = *s else {
            unscored += 1;
            continue;
        };
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
    let mut out = Outcome::complete(CheckId::Weak, findings);
    // Fail closed: a password the budget left unscored is unchecked, never
    // strong, and the check says so.
    if unscored > 0 || ctx.strength.len() != ctx.passwords.groups.len() {
        out.info.status = crate::report::CheckStatus::Incomplete;
        out.info.reason = Some(fill(
            m.weak_budget_spent,
            &[
                ("n", &unscored.to_string()),
                ("total", &ctx.passwords.groups.len().to_string()),
                ("max", &ctx.opts.weak_budget.as_secs().to_string()),
            ],
        ));
    }
    out
}

#[cfg(test)]
pub(super) mod tests {
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

    /// Random, dictionary-heavy, keyboard, sequence, repeated, l33t, date
    /// and other-script strings for the property tests below and in
    /// `bound`.
    pub(super) fn corpus() -> Vec<String> {
        let mut rng = fastrand::Rng::with_seed(0x9e37_79b9_7f4a_7c15);
        let mut next = move || rng.u64(..);
        let pick = |r: u64, v: &[&'static str]| v[(r % v.len() as u64) as usize];
        let random_alpha: Vec<char> =
            "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.!#%+=@^~*&>}:\")"
                .chars()
                .collect();
        let words = [
            "password", "sunshine", "dragon", "monkey", "football", "iloveyou", "baseball",
            "superman", "letmein", "princess", "welcome", "shadow", "master", "michael",
            "jennifer", "trustno1", "hello", "summer", "tokyo", "sakura", "admin", "love",
        ];
        let keyboard = [
            "qwerty", "asdfgh", "zxcvbn", "!@#$%^", "#$%^&*", "1qaz2wsx", "qazwsx", "^&*()",
            "~!@#", "poiuy", "mnbvc",
        ];
        let sequences = ["abcdefg", "1234567", "98765", "mnopq", "ABCDE", "24680"];
        let seps = [
            "#", "^", "~", "&", ">", "}", ":", "\"", ")", "!", "1", "2024", "-", " ",
        ];
        let l33t: Vec<char> = "4@8({[</369&#!1/|0$5+7%2/".chars().collect();
        let mut cases: Vec<String> = vec![
            // Repeats of a random base and a word: 10^9.3 guesses in full
            // (score 3) where the random part alone looks far stronger.
            "xK7qZ#passwordxK7qZ#password".to_owned(),
            "xK7qZm#passwordxK7qZm#password".to_owned(),
            "xK7qZ#sunshinexK7qZ#sunshine".to_owned(),
            "Kq9vZ2mWpLr#xKq9vZ2mWpLr#x".to_owned(),
        ];
        for n in 0..4000u64 {
            let r = next();
            let s: String = match n % 10 {
                0 => {
                    let len = 12 + (r % 24) as usize;
                    (0..len)
                        .map(|_| random_alpha[(next() % random_alpha.len() as u64) as usize])
                        .collect()
                }
                1 => (0..2 + r % 4)
                    .map(|_| {
                        let w = pick(next(), &words);
                        let w = if next() % 3 == 0 {
                            let mut c = w.chars();
                            c.next()
                                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                                .unwrap_or_default()
                        } else {
                            w.to_owned()
                        };
                        w + pick(next(), &seps)
                    })
                    .collect(),
                2 => (0..2 + r % 4)
                    .map(|_| {
                        let part = if next() % 2 == 0 {
                            pick(next(), &keyboard)
                        } else {
                            pick(next(), &sequences)
                        };
                        part.to_owned() + pick(next(), &seps)
                    })
                    .collect(),
                3 => {
                    // A base (random, with a cut character) repeated.
                    let base: String = (0..3 + r % 10)
                        .map(|_| random_alpha[(next() % random_alpha.len() as u64) as usize])
                        .collect();
                    let head: String = (0..r % 6)
                        .map(|_| random_alpha[(next() % random_alpha.len() as u64) as usize])
                        .collect();
                    head + &base.repeat(2 + (next() % 3) as usize) + pick(next(), &words)
                }
                4 => {
                    let len = 12 + (r % 13) as usize;
                    (0..len)
                        .map(|_| l33t[(next() % l33t.len() as u64) as usize])
                        .collect()
                }
                5 => {
                    // Dates and years between words and random characters.
                    let dates = [
                        "1991",
                        "2024",
                        "19.5.2001",
                        "25/12/91",
                        "1-1-1999",
                        "11111991",
                        "2001_07_04",
                        "12 3 1985",
                        "200001",
                        "0101",
                        "31\\12\\2020",
                    ];
                    (0..2 + r % 3)
                        .map(|_| match next() % 3 {
                            0 => pick(next(), &dates).to_owned(),
                            1 => pick(next(), &words).to_owned(),
                            _ => random_alpha[(next() % random_alpha.len() as u64) as usize]
                                .to_string(),
                        })
                        .collect()
                }
                6 => {
                    // Keyboard walks: from key to neighbouring key (any graph).
                    let keys: Vec<(char, Vec<char>)> = bound::tests::adjacency();
                    let mut at = (next() % keys.len() as u64) as usize;
                    let mut walk = String::new();
                    for _ in 0..8 + r % 16 {
                        let (key, next_keys) = &keys[at];
                        walk.push(*key);
                        if next() % 5 == 0 {
                            at = (next() % keys.len() as u64) as usize;
                            continue;
                        }
                        let to = next_keys[(next() % next_keys.len() as u64) as usize];
                        at = keys.iter().position(|(k, _)| *k == to).unwrap_or(at);
                    }
                    walk
                }
                7 => {
                    // Sequences with steps, zero steps and turns.
                    let mut c = (b'0' + (r % 75) as u8) as char;
                    let mut seq = String::new();
                    let mut step = (next() % 11) as i32 - 5;
                    for _ in 0..8 + r % 16 {
                        seq.push(c);
                        if next() % 4 == 0 {
                            step = (next() % 11) as i32 - 5;
                        }
                        c = char::from_u32((c as i32 + step).clamp(33, 126) as u32).unwrap_or('a');
                    }
                    seq
                }
                8 => {
                    // Other scripts, case that changes length, the user inputs.
                    let parts = [
                        "さくら",
                        "ΣΟΦΙΑ",
                        "σοφία",
                        "İstanbul",
                        "ǅemal",
                        "ｐａｓｓ",
                        "hanako",
                        "example",
                        "Hanako",
                        "ELPMAXE",
                        "okanah",
                        "straße",
                        "ΑΣ",
                        "Ⅻ",
                        "١٢٣٤",
                        "zqxjkvw",
                        "WVKJXQZ",
                        "enihsnus",
                        "nogard",
                        "drowssap",
                        "yeknom",
                        "ssecnirp",
                        "ll@bes@b",
                        "3n1hsnus",
                        "zqxjkvwpfbmgtdhcylrnsuea",
                    ];
                    (0..2 + r % 4)
                        .map(|_| {
                            if next() % 3 == 0 {
                                pick(next(), &seps)
                            } else {
                                pick(next(), &parts)
                            }
                        })
                        .collect()
                }
                _ => {
                    // A word, random characters with a cut character, a word.
                    let mid: String = (0..4 + r % 10)
                        .map(|_| random_alpha[(next() % random_alpha.len() as u64) as usize])
                        .collect();
                    format!("{}{mid}{}", pick(next(), &words), pick(next(), &words))
                }
            };
            cases.push(s);
        }
        cases
    }

    /// The shortcut never turns a weak password strong: for every minimum
    /// score, a password the shortcut lets pass scores at least that in
    /// full, with and without user inputs.
    #[test]
    fn shortcut_never_turns_a_weak_password_strong() {
        let cases = corpus();
        let inputs = ["hanako".to_owned(), "example".to_owned()];
        let mut shortcuts = 0;
        let mut weak_seen = 0;
        for (k, s) in cases.iter().enumerate() {
            let user: &[String] = if k % 2 == 0 { &[] } else { &inputs };
            let full = score(s, user);
            if full < 4 {
                weak_seen += 1;
            }
            for min in 1..=4u8 {
                let at_least = score_at_least(s, user, min);
                assert!(
                    !(at_least >= min && full < min),
                    "{s:?}: full score {full}, the shortcut passed it at minimum {min}"
                );
                if at_least != full {
                    // Only ever the minimum, for a password that clears it.
                    assert_eq!(at_least, min, "{s:?}");
                    assert!(full >= min, "{s:?}");
                    shortcuts += 1;
                }
            }
        }
        // The test ran the shortcut and met weak passwords.
        assert!(shortcuts > 600, "the shortcut was used {shortcuts} times");
        assert!(weak_seen > 200, "{weak_seen} weak strings");
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
