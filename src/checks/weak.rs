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

/// Characters that no zxcvbn 3.1.1 matcher puts inside a dictionary,
/// reversed or l33t dictionary, date or year match: not a letter or digit,
/// not in its l33t table (`4 @ 8 ( { [ < 3 6 9 1 ! | 7 0 $ 5 + % 2`), not a
/// date separator (`/ \ _ . -` and blanks), and in no word of its
/// frequency lists (checked against the crate's lists: `' * , ; = ? `` ` ``
/// and the others above do occur there). A prefix ending with one is cut
/// where no such match can cross.
const CUT_AFTER: &[char] = &['#', '^', '~', '&', '>', '}', ':', '"', ')'];

/// The shortest prefix the shortcut scores.
const MIN_PREFIX_CHARS: usize = 14;

/// How many powers of ten the prefix's guesses must clear the minimum
/// score's threshold by (see [`score_at_least`]).
const MARGIN_LOG10: f64 = 5.0;

/// zxcvbn's score from its guesses: score `s` needs at least
/// `10^THRESHOLD_LOG10[s]` guesses (plus 5).
const THRESHOLD_LOG10: [f64; 5] = [0.0, 3.0, 6.0, 8.0, 10.0];

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

/// Whether the password scores at least `min`, with a shortcut: when a
/// prefix that ends with a [`CUT_AFTER`] character (one no user input
/// holds) already has `10^(threshold + MARGIN_LOG10)` guesses, the whole
/// password is at least `min` and is not scored in full.
///
/// Why the shortcut is sound: zxcvbn's guesses for the password are
/// `l! * g_1 * ... * g_l` (plus a growing-sequence term) over its best
/// sequence of matches. Take the matches that end inside the prefix and
/// the one that crosses its end. No dictionary, l33t, reversed, date or
/// year match can cross, as the prefix's last character is in none of
/// them; a spatial or sequence match that crosses leaves in the prefix a
/// shorter match of its kind (no more guesses) or at most two characters
/// (at most 10^2 guesses as brute force). A repeat that crosses leaves
/// whole copies of its base (each no more guesses than the base) and a
/// partial copy; a partial copy of three characters or more would end with
/// three characters that occur earlier in the prefix, and such a prefix is
/// not used (`xK7qZm#passwordxK7qZm#password` has 10^9.3 guesses, its
/// prefix `xK7qZm#passwordxK7qZm#` 10^16.5). So the prefix has a
/// sequence of at most as many matches whose product is at most the
/// password's times 10^2, and its own best guesses are at most the
/// password's times `j * 10^2` with `j` <= 64: a margin of 10^5 covers
/// both. Every other term of the password's guesses is at least 1. The
/// property test `shortcut_never_turns_a_weak_password_strong` checks this
/// on random, dictionary-heavy, keyboard, repeated and l33t strings.
///
/// Returns the score, or `min` itself (a lower bound) when the shortcut
/// decided it.
pub fn score_at_least(password: &str, user_inputs: &[String], min: u8) -> u8 {
    let normalised = normalised(password);
    let inputs = prepared_inputs(user_inputs);
    let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    if min == 0 {
        return 0;
    }
    let threshold = THRESHOLD_LOG10[usize::from(min.min(4))] + MARGIN_LOG10;
    let chars: Vec<char> = normalised.chars().collect();
    let cut = (MIN_PREFIX_CHARS - 1..chars.len().saturating_sub(1)).find(|&i| {
        // The prefix's last three characters must not occur earlier in it:
        // else a repeat may cross the cut with a long partial copy.
        let tail = &chars[i - 2..=i];
        CUT_AFTER.contains(&chars[i])
            && !inputs.iter().any(|u| u.contains(chars[i]))
            && !chars[..i].windows(3).any(|w| w == tail)
    });
    if let Some(i) = cut {
        let prefix: Zeroizing<String> = Zeroizing::new(chars[..=i].iter().collect());
        if zxcvbn::zxcvbn(&prefix, &refs).guesses_log10() >= threshold {
            return min;
        }
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

    /// The shortcut never turns a weak password strong: for every minimum
    /// score, a password the shortcut lets pass scores at least that in
    /// full. Random, dictionary-heavy, keyboard, sequence, repeated and
    /// l33t strings, with and without user inputs.
    #[test]
    fn shortcut_never_turns_a_weak_password_strong() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
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
            // A repeat crossing the cut with a long partial copy.
            "xK7qZ#passwordxK7qZ#password".to_owned(),
            // Full: 10^9.3 (score 3); its prefix `xK7qZm#passwordxK7qZm#`
            // alone: 10^16.5, past the minimum 4's 10^15 with its margin.
            "xK7qZm#passwordxK7qZm#password".to_owned(),
            "xK7qZ#sunshinexK7qZ#sunshine".to_owned(),
            "Kq9vZ2mWpLr#xKq9vZ2mWpLr#x".to_owned(),
        ];
        for n in 0..2400u64 {
            let r = next();
            let s: String = match n % 6 {
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
