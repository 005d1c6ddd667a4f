//! What the entries' histories tell: `password/stale`, `password/similar`,
//! `password/reused-old` and `vault/history-secrets`.
//!
//! KeePass saves a copy of an entry before every edit, with that copy's
//! own modification time. The time a password was set is therefore the
//! modification time of the oldest copy, going back from the current
//! entry, that already holds the current password ([`password_set_at`]):
//! editing the title or notes does not make an old password young.
//!
//! `password/similar` compares the distinct current passwords after NFKC
//! and lower-casing: two belong together when they have the same shape
//! with every run of digits taken as one counter ("Sakura2020!" /
//! "sakura2021!"), or, when both have at least [`MIN_EDIT_LEN`]
//! characters, when deleting at most one character from each makes them
//! equal (one character changed, added, removed or two swapped). That is
//! found through single-deletion variants bucketed by a keyed hash, so no
//! variant of any password is ever stored as text, and the work grows with
//! the number of passwords, not its square. Clusters are closed under
//! "similar to" (union-find), and each cluster is one finding.
//!
//! Old passwords (history copies whose password differs from the entry's
//! current one, and everything in the recycle bin) are looked up in the
//! breach source like current ones; a failed lookup leaves them unchecked
//! and the check incomplete.

use std::collections::hash_map::RandomState;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasher, Hash, Hasher};

use chrono::{DateTime, Utc};
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use super::{CheckId, Ctx, Loc, Outcome, RuleId};
use crate::i18n::fill;
use crate::lookups::Verdict;
use crate::model::{Entry, Vault};
use crate::report::{CheckStatus, Details, EntryRef, OldPasswords};

pub const STALE: RuleId = RuleId::Stale;

pub const SIMILAR: RuleId = RuleId::Similar;

pub const REUSED_OLD: RuleId = RuleId::ReusedOld;

pub const HISTORY_SECRETS: RuleId = RuleId::HistorySecrets;

/// Passwords shorter than this are only compared by shape, not by edits.
pub const MIN_EDIT_LEN: usize = 8;
/// Characters of a password compared (like the strength score's cap).
const MAX_CHARS: usize = 100;

/// When the entry's current password was set, from its history: the
/// modification time of the oldest copy that still holds it, going back
/// from now without a different password in between. With no history, the
/// entry's own modification time (the only safe bound).
pub fn password_set_at(e: &Entry) -> Option<DateTime<Utc>> {
    let mut copies: Vec<(Option<DateTime<Utc>>, &str)> = e
        .history
        .iter()
        .map(|h| (h.modified, h.password.expose()))
        .collect();
    copies.sort_by_key(|c| c.0);
    let current = e.password.expose();
    let mut set = e.modified;
    for (when, pw) in copies.iter().rev() {
        if *pw != current {
            break;
        }
        set = *when;
    }
    set
}

pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let mut findings = stale(ctx);
    findings.extend(similar(ctx));
    findings.extend(reused_old(ctx));
    let (secrets, lookups) = history_secrets(ctx);
    findings.extend(secrets);
    let m = &ctx.opts.lang.text().msg;
    let (status, reason) = match &lookups {
        Lookups::Off => (CheckStatus::Complete, Some(m.history_breach_off.to_owned())),
        Lookups::Done { unchecked: 0, .. } => (CheckStatus::Complete, None),
        Lookups::Done {
            unchecked, total, ..
        } => (
            CheckStatus::Incomplete,
            Some(fill(
                m.history_incomplete,
                &[("n", &unchecked.to_string()), ("total", &total.to_string())],
            )),
        ),
    };
    let mut out = Outcome::complete(CheckId::History, findings);
    out.info.status = status;
    out.info.reason = reason;
    if let Lookups::Done {
        unchecked, total, ..
    } = lookups
    {
        out.info.passwords_checked = Some(total - unchecked);
        out.info.passwords_unchecked = Some(unchecked);
    }
    out
}

fn stale(ctx: &Ctx<'_>) -> Vec<crate::report::Finding> {
    let m = &ctx.opts.lang.text().msg;
    let max = ctx
        .opts
        .policy
        .thresholds
        .get(&crate::rules::STALE_MAX_AGE_DAYS);
    let mut out = Vec::new();
    for (loc, e) in ctx.audited().filter(|(_, e)| e.password_audited()) {
        let Some(set) = password_set_at(e) else {
            continue;
        };
        let days = (ctx.opts.now - set).num_days();
        if days < 0 || days as u64 <= max {
            continue;
        }
        let date = ctx.opts.lang.text().day(set.date_naive());
        out.push(STALE.finding(
            fill(
                m.stale_msg,
                &[
                    ("date", &date),
                    ("years", &ctx.opts.lang.text().duration(days)),
                ],
            ),
            m.stale_fix,
            ctx.entry_refs(&[loc]),
            Details {
                changed_at: Some(set.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                age_days: Some(days as u64),
                max_age_days: Some(max),
                ..Details::default()
            },
        ));
    }
    out
}

/// A password prepared for comparison: NFKC, lower case, capped.
fn folded(pw: &str) -> Zeroizing<Vec<char>> {
    Zeroizing::new(
        pw.nfkc()
            .take(MAX_CHARS)
            .flat_map(char::to_lowercase)
            .collect(),
    )
}

/// The shape of a folded password with each run of digits as one `#`,
/// fed to `h`; `None` when it has fewer than four other characters (too
/// little left to call two passwords alike).
fn shape(chars: &[char], h: &mut impl Hasher) -> Option<()> {
    let mut others = 0;
    let mut in_digits = false;
    for c in chars {
        if c.is_ascii_digit() {
            if !in_digits {
                '#'.hash(h);
            }
            in_digits = true;
        } else {
            c.hash(h);
            others += 1;
            in_digits = false;
        }
    }
    (others >= 4).then_some(())
}

fn same_shape(a: &[char], b: &[char]) -> bool {
    let squash = |s: &[char]| {
        let mut out: Vec<char> = Vec::with_capacity(s.len());
        for c in s {
            let c = if c.is_ascii_digit() { '#' } else { *c };
            if !(c == '#' && out.last() == Some(&'#')) {
                out.push(c);
            }
        }
        Zeroizing::new(out)
    };
    *squash(a) == *squash(b)
}

/// `s` without the character at `skip` (`None`: all of it).
fn without(s: &[char], skip: Option<usize>) -> impl Iterator<Item = &char> {
    s.iter()
        .enumerate()
        .filter(move |(i, _)| Some(*i) != skip)
        .map(|(_, c)| c)
}

/// The Mersenne prime 2^61 - 1, the modulus of the variants' hash.
const MODULUS: u64 = (1 << 61) - 1;

fn mul_mod(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    // 2^61 = 1 (mod MODULUS): fold the high bits onto the low ones.
    // Below 2^62: it fits.
    let folded = (p & u128::from(MODULUS)) + (p >> 61);
    u64::try_from(folded).unwrap_or(u64::MAX) % MODULUS
}

fn add_mod(a: u64, b: u64) -> u64 {
    (a + b) % MODULUS
}

/// Clusters of similar passwords, as indices into `passwords`.
pub fn similar_clusters(passwords: &[&str]) -> Vec<Vec<usize>> {
    let keys = RandomState::new();
    let folded: Vec<Zeroizing<Vec<char>>> = passwords.iter().map(|p| folded(p)).collect();
    let mut union = crate::union_find::UnionFind::new(passwords.len());

    // Same shape, digits as counters.
    let mut shapes: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, f) in folded.iter().enumerate() {
        let mut h = keys.build_hasher();
        if shape(f, &mut h).is_some() {
            shapes.entry(h.finish()).or_default().push(i);
        }
    }
    for bucket in shapes.values() {
        for &i in &bucket[1..] {
            if same_shape(&folded[bucket[0]], &folded[i]) {
                union.union(bucket[0], i);
            }
        }
    }

    // Equal after deleting at most one character from each: every
    // password and each of its one-deletion variants, bucketed by a hash
    // that takes O(length) for all the variants together (a keyed
    // polynomial hash, its base drawn afresh each run, so no vault can
    // choose passwords that collide; a collision would only cost a
    // comparison, and at most 1 in 10^16 a missed pair).
    let base = 2 + keys.hash_one(0x5eed_u64) % (MODULUS - 3);
    let longest = folded.iter().map(|f| f.len()).max().unwrap_or(0);
    let mut power = vec![1u64; longest + 1];
    for k in 1..power.len() {
        power[k] = mul_mod(power[k - 1], base);
    }
    // (hash, password, deleted position + 1 or 0 for none), sorted: one
    // allocation for all, each hash's entries together in insertion order.
    let mut variants: Vec<(u64, usize, usize)> = Vec::new();
    for (i, f) in folded.iter().enumerate() {
        let n = f.len();
        if n < MIN_EDIT_LEN - 1 {
            continue;
        }
        let symbol = |c: char| u64::from(c) + 1;
        // head[k]: the hash of f[..k]; tail[k]: of f[k..] as the end of a
        // string (each character weighted by its distance from the end).
        let mut head = vec![0u64; n + 1];
        let mut tail = vec![0u64; n + 1];
        for k in 0..n {
            head[k + 1] = add_mod(mul_mod(head[k], base), symbol(f[k]));
        }
        for k in (0..n).rev() {
            tail[k] = add_mod(mul_mod(symbol(f[k]), power[n - 1 - k]), tail[k + 1]);
        }
        variants.push((head[n], i, 0));
        for skip in 0..n {
            let h = add_mod(mul_mod(head[skip], power[n - 1 - skip]), tail[skip + 1]);
            variants.push((h, i, skip + 1));
        }
    }
    variants.sort_unstable();
    let skip_of = |s: usize| s.checked_sub(1);
    for bucket in variants.chunk_by(|a, b| a.0 == b.0) {
        let (_, first, first_skip) = bucket[0];
        for &(_, i, skip) in &bucket[1..] {
            if i == first {
                continue;
            }
            let long_enough = folded[first].len().min(folded[i].len()) >= MIN_EDIT_LEN
                || folded[first].len().max(folded[i].len()) >= MIN_EDIT_LEN
                    && folded[first].len() != folded[i].len();
            if long_enough
                && without(&folded[first], skip_of(first_skip))
                    .eq(without(&folded[i], skip_of(skip)))
            {
                union.union(first, i);
            }
        }
    }

    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..passwords.len() {
        let root = union.find(i);
        clusters.entry(root).or_default().push(i);
    }
    clusters.into_values().filter(|c| c.len() > 1).collect()
}

fn similar(ctx: &Ctx<'_>) -> Vec<crate::report::Finding> {
    let m = &ctx.opts.lang.text().msg;
    let groups = &ctx.passwords.groups;
    ctx.similar
        .iter()
        .map(|cluster| {
            let locs: Vec<Loc> = cluster
                .iter()
                .flat_map(|i| groups[*i].1.iter().copied())
                .collect();
            SIMILAR.finding(
                fill(
                    m.similar_msg,
                    &[
                        ("n", &locs.len().to_string()),
                        ("distinct", &cluster.len().to_string()),
                    ],
                ),
                m.similar_fix,
                ctx.entry_refs(&locs),
                Details::default(),
            )
        })
        .collect()
}

fn reused_old(ctx: &Ctx<'_>) -> Vec<crate::report::Finding> {
    let m = &ctx.opts.lang.text().msg;
    let groups = &ctx.passwords.groups;
    // Distinct current password -> entries whose history holds it.
    let mut old_of: BTreeMap<usize, BTreeSet<Loc>> = BTreeMap::new();
    for (loc, e) in ctx.audited() {
        let current = e.password.expose();
        for h in &e.history {
            let pw = h.password.expose();
            if pw.is_empty() || (!e.password_unresolved && pw == current) {
                continue;
            }
            if let Some(g) = ctx.passwords.slot(pw)
                && groups[g].1.iter().any(|l| *l != loc)
            {
                old_of.entry(g).or_default().insert(loc);
            }
        }
    }
    old_of
        .into_iter()
        .map(|(g, holders)| {
            let holders: Vec<Loc> = holders.into_iter().collect();
            let old_refs = ctx.entry_refs(&holders);
            let current: Vec<Loc> = groups[g]
                .1
                .iter()
                .copied()
                .filter(|l| !holders.contains(l))
                .collect();
            REUSED_OLD.finding(
                fill(
                    m.reused_old_msg,
                    &[(
                        "others",
                        &crate::report::plan::named(ctx.opts.lang.text(), &old_refs),
                    )],
                ),
                m.reused_old_fix,
                ctx.entry_refs(&current),
                Details {
                    old_password_of: Some(old_refs),
                    ..Details::default()
                },
            )
        })
        .collect()
}

/// Breach lookups of old passwords.
enum Lookups {
    Off,
    Done { total: usize, unchecked: usize },
}

/// One distinct old password of a vault.
#[derive(Default)]
struct Old {
    in_history: bool,
    in_bin: bool,
    /// Entries keeping it (by UUID, with their refs).
    keepers: BTreeMap<String, EntryRef>,
}

/// Where an old password is kept.
enum Keeper<'a> {
    /// In the history of the vault's entry at this index.
    History(usize),
    /// In a recycle-bin entry (its current password or its history).
    Bin(&'a Entry),
}

/// Every old password a vault keeps, with where: the history copies of
/// entries not excluded from reports whose password differs from the
/// entry's current one, and every password of the recycle-bin entries;
/// empty ones left out.
fn old_copies(v: &Vault) -> impl Iterator<Item = (&str, Keeper<'_>)> {
    let history = v
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.excluded)
        .flat_map(|(ei, e)| {
            e.history
                .iter()
                .map(|h| h.password.expose())
                .filter(move |pw| *pw != e.password.expose())
                .map(move |pw| (pw, Keeper::History(ei)))
        });
    let bin = v.recycle_bin.iter().flat_map(|e| {
        std::iter::once(e.password.expose())
            .chain(e.history.iter().map(|h| h.password.expose()))
            .map(move |pw| (pw, Keeper::Bin(e)))
    });
    history.chain(bin).filter(|(pw, _)| !pw.is_empty())
}

/// Every distinct old password worth a breach lookup ([`old_copies`] of
/// every vault) that is no audited entry's current password: the breach
/// check looks those up anyway.
pub fn old_passwords<'a>(vaults: &'a [Vault], current: &super::PasswordIndex<'a>) -> Vec<&'a str> {
    let all: BTreeSet<&'a str> = vaults
        .iter()
        .flat_map(|v| old_copies(v).map(|(pw, _)| pw))
        .collect();
    all.into_iter()
        .filter(|pw| current.slot(pw).is_none())
        .collect()
}

fn history_secrets(ctx: &Ctx<'_>) -> (Vec<crate::report::Finding>, Lookups) {
    let m = &ctx.opts.lang.text().msg;
    // Per vault: distinct old password -> where it is kept.
    let mut per_vault: Vec<BTreeMap<&str, Old>> = Vec::new();
    for (vi, v) in ctx.vaults.iter().enumerate() {
        let mut olds: BTreeMap<&str, Old> = BTreeMap::new();
        for (pw, keeper) in old_copies(v) {
            let o = olds.entry(pw).or_default();
            let e = match keeper {
                Keeper::History(ei) => {
                    o.in_history = true;
                    ctx.entry((vi, ei))
                }
                Keeper::Bin(e) => {
                    o.in_bin = true;
                    e
                }
            };
            o.keepers
                .entry(e.uuid.clone())
                .or_insert_with(|| super::entry_ref_of(v, e));
        }
        per_vault.push(olds);
    }

    // Looked up with the current ones before any check ran.
    let (verdicts, lookups): (HashMap<&str, &Verdict>, Lookups) = match &ctx.lookups {
        super::Lookups::Off => (HashMap::new(), Lookups::Off),
        super::Lookups::Done { old: answers, .. } => {
            let unchecked = answers
                .iter()
                .filter(|v| matches!(v, Verdict::Unchecked(_)))
                .count();
            (
                ctx.old_passwords.iter().copied().zip(answers).collect(),
                Lookups::Done {
                    total: answers.len(),
                    unchecked,
                },
            )
        }
    };

    // Kept by more than one entry anywhere, or current somewhere.
    let mut keepers_anywhere: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for olds in &per_vault {
        for (pw, o) in olds {
            keepers_anywhere
                .entry(pw)
                .or_default()
                .extend(o.keepers.keys().map(String::as_str));
        }
    }

    let mut findings = Vec::new();
    for (v, olds) in ctx.vaults.iter().zip(&per_vault) {
        let mut note = OldPasswords {
            flagged: 0,
            breached: 0,
            reused: 0,
            in_history: 0,
            in_recycle_bin: 0,
            unchecked: 0,
            entries: Vec::new(),
        };
        let mut keepers: BTreeSet<EntryRef> = BTreeSet::new();
        for (pw, o) in olds {
            let breached = matches!(verdicts.get(pw), Some(Verdict::Count(n)) if *n > 0);
            if matches!(verdicts.get(pw), Some(Verdict::Unchecked(_))) {
                note.unchecked += 1;
            }
            // A current password is reused by definition; its own lookup
            // is the breach check's.
            let reused = ctx.passwords.slot(pw).is_some() || keepers_anywhere[pw].len() > 1;
            if !(breached || reused) {
                continue;
            }
            note.flagged += 1;
            note.breached += usize::from(breached);
            note.reused += usize::from(reused);
            note.in_history += usize::from(o.in_history);
            note.in_recycle_bin += usize::from(o.in_bin);
            keepers.extend(o.keepers.values().cloned());
        }
        if note.flagged == 0 {
            continue;
        }
        note.entries = keepers.into_iter().collect();
        findings.push(HISTORY_SECRETS.vault_finding(
            &v.name,
            fill(
                m.history_secrets_msg,
                &[
                    ("n", &note.flagged.to_string()),
                    ("breached", &note.breached.to_string()),
                    ("reused", &note.reused.to_string()),
                    ("history", &note.in_history.to_string()),
                    ("bin", &note.in_recycle_bin.to_string()),
                    ("entries", &note.entries.len().to_string()),
                ],
            ),
            m.history_secrets_fix,
            Details {
                old_passwords: Some(note),
                ..Details::default()
            },
        ));
    }
    (findings, lookups)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clusters(pws: &[&str]) -> Vec<Vec<usize>> {
        similar_clusters(pws)
    }

    /// The bucketed, hashed search finds exactly the pairs that a plain
    /// comparison of every deletion variant finds: random strings and
    /// their one-character edits, no digits (so no shape matches).
    #[test]
    fn hashed_variants_agree_with_plain_comparison() {
        let mut rng = fastrand::Rng::with_seed(0x2545_f491_4f6c_dd1d);
        let mut next = move || rng.u64(..);
        let alphabet: Vec<char> = "abcxyzé!-ｑ".chars().collect();
        let plain = |a: &[char], b: &[char]| {
            let long_enough = a.len().min(b.len()) >= MIN_EDIT_LEN
                || a.len().max(b.len()) >= MIN_EDIT_LEN && a.len() != b.len();
            let skips = |n: usize| std::iter::once(None).chain((0..n).map(Some));
            long_enough
                && skips(a.len())
                    .any(|sa| skips(b.len()).any(|sb| without(a, sa).eq(without(b, sb))))
        };
        let (mut together, mut apart) = (0, 0);
        for _ in 0..3000 {
            let a: String = (0..6 + next() % 7)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let mut b: Vec<char> = a.chars().collect();
            let at = (next() % b.len() as u64) as usize;
            let c = alphabet[(next() % alphabet.len() as u64) as usize];
            match next() % 5 {
                0 => b[at] = c,
                1 => b.insert(at, c),
                2 => {
                    b.remove(at);
                }
                3 => {
                    let n = b.len();
                    b.swap(at, (at + 1) % n);
                }
                _ => {
                    b.remove(at);
                    b.insert((next() % (b.len() as u64 + 1)) as usize, c);
                }
            }
            let b: String = b.into_iter().collect();
            if a == b {
                continue;
            }
            let want = plain(&folded(&a), &folded(&b));
            let got = !clusters(&[&a, &b]).is_empty();
            assert_eq!(got, want, "{a:?} {b:?}");
            if want {
                together += 1;
            } else {
                apart += 1;
            }
        }
        assert!(
            together > 500 && apart > 500,
            "{together} together, {apart} apart"
        );
    }

    #[test]
    fn counters_years_and_case_make_a_cluster() {
        assert_eq!(
            clusters(&["Sakura2020!", "sakura2021!", "Sakura2019!", "unrelated-Q7x"]),
            vec![vec![0, 1, 2]]
        );
        // Full-width text is the same password.
        assert_eq!(
            clusters(&["ｓａｋｕｒａ２０２０！", "Sakura2024!"]),
            vec![vec![0, 1]]
        );
    }

    #[test]
    fn one_character_changed_added_removed_or_swapped() {
        for other in [
            "correct-horse-9",  // changed
            "correct-horse-88", // added
            "correct-horse-",   // removed
            "correct-hosre-8",  // swapped
        ] {
            assert_eq!(
                clusters(&["correct-horse-8", other]),
                vec![vec![0, 1]],
                "{other}"
            );
        }
    }

    #[test]
    fn different_passwords_stay_apart() {
        // Two characters changed (not digits): not similar.
        assert!(clusters(&["correct-horse-8", "correct-hxrsy-8"]).is_empty());
        // Short ones are compared by shape only.
        assert!(clusters(&["abcdefg", "abcdefh"]).is_empty());
        // Shapes need four characters besides the digits.
        assert!(clusters(&["ab12", "ab34"]).is_empty());
        assert!(clusters(&["123456", "1234567"]).is_empty());
        // Generated passwords.
        assert!(clusters(&["Xk9#mQ2$vL7@pR4!", "Tz3&nW8*hJ5^cF1%", "Qp0!rY6@sD2#gH9$"]).is_empty());
    }

    fn at(day: &str) -> Option<DateTime<Utc>> {
        Some(
            chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .unwrap()
                .and_time(chrono::NaiveTime::MIN)
                .and_utc(),
        )
    }

    fn entry(current: &str, modified: &str, history: &[(&str, &str)]) -> Entry {
        use crate::model::HistoryVersion;
        use crate::secret::Secret;
        Entry {
            uuid: String::new(),
            title: String::new(),
            group: Vec::new(),
            username: String::new(),
            urls: Vec::new(),
            notes: String::new(),
            tags: Vec::new(),
            custom_fields: Vec::new(),
            password: Secret::from_str_copy(current),
            password_unresolved: false,
            username_resolved: None,
            url_resolved: None,
            created: at("2010-01-01"),
            modified: at(modified),
            expires: None,
            // Out of order on purpose: KeePass keeps them oldest first, but
            // nothing here relies on it.
            history: history
                .iter()
                .rev()
                .map(|(pw, day)| HistoryVersion {
                    modified: at(day),
                    password: Secret::from_str_copy(pw),
                })
                .collect(),
            excluded: false,
        }
    }

    #[test]
    fn the_password_dates_from_the_oldest_copy_that_holds_it() {
        // Title edits after the password was set do not make it younger.
        let e = entry(
            "B",
            "2026-01-01",
            &[
                ("A", "2015-01-01"),
                ("B", "2018-01-01"),
                ("B", "2020-01-01"),
            ],
        );
        assert_eq!(password_set_at(&e), at("2018-01-01"));
        // Changed in the last edit: the entry's own time.
        let e = entry(
            "C",
            "2026-01-01",
            &[("A", "2015-01-01"), ("B", "2018-01-01")],
        );
        assert_eq!(password_set_at(&e), at("2026-01-01"));
        // A password that came back after another: from its return.
        let e = entry(
            "A",
            "2026-01-01",
            &[
                ("A", "2015-01-01"),
                ("B", "2018-01-01"),
                ("A", "2019-01-01"),
            ],
        );
        assert_eq!(password_set_at(&e), at("2019-01-01"));
        // No history: the entry's modification time.
        assert_eq!(
            password_set_at(&entry("A", "2021-01-01", &[])),
            at("2021-01-01")
        );
    }

    #[test]
    fn clusters_close_transitively() {
        assert_eq!(
            clusters(&[
                "blue-whale-01",
                "red-panda-77",
                "blue-whale-02",
                "blue-whale-02x"
            ]),
            vec![vec![0, 2, 3]]
        );
    }
}
