//! A lower bound on zxcvbn 3.1.1's guesses, computed without its matchers.
//!
//! zxcvbn's guesses for a password are `l! * g_1 * ... * g_l + D^(l-1)`
//! (`D` = 10,000; the second term is 1 for `l` = 1) for some sequence of `l`
//! matches covering it: dictionary words (also reversed, l33t and the user
//! inputs), keyboard runs, repeats, sequences, years and dates, with the gaps
//! filled by brute force (`10^length` guesses, at least 11 for one character
//! and 51 for more). Every match but a whole-password one counts at least 10
//! guesses (one character) or 50 (more). Four matches or more cost at least
//! `D^3` = 10^12 guesses, past every score's threshold, so only sequences of
//! one, two or three parts matter.
//!
//! So a lower bound needs to know only *where* a match could be, never what
//! it would cost: for each span of the password, could any matcher produce a
//! match exactly there? This module answers with an over-approximation built
//! from zxcvbn's own data (its frequency lists' three-character pieces and
//! its keyboard graphs, derived from the crate's source by a test):
//!
//! - a dictionary, reversed or l33t word of three characters or more has all
//!   its three-character pieces in some word of the lists or the user
//!   inputs, read forwards or backwards, with each character lower-cased or
//!   read as a letter it stands for in zxcvbn's l33t table;
//! - a keyboard run (three characters or more) steps from key to
//!   neighbouring key in one of the four graphs;
//! - a sequence steps by at most 5 code points each time;
//! - a year or date is 4 to 10 characters of ASCII digits, blanks and
//!   `/ \ _ . -`;
//! - a repeat is a span made of two or more copies of a base;
//! - a span of one or two characters may be anything.
//!
//! Each span then costs at most what zxcvbn could charge for it: its brute
//! force, or its match floor where a match is possible. The least product
//! over all ways of cutting the password into one, two or three spans, with
//! the factorial and the additive term, is at most zxcvbn's guesses. The
//! property test `the_bound_never_exceeds_zxcvbn` checks this against zxcvbn
//! itself on random, dictionary, keyboard, repeated, l33t and date strings.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Every three-character piece of every word in zxcvbn 3.1.1's frequency
/// lists (passwords, English Wikipedia, female names, male names,
/// surnames, US TV and film), sorted, space-separated.
const TRIGRAMS: &str = include_str!("zxcvbn-trigrams.txt");

/// zxcvbn 3.1.1's keyboard graphs (QWERTY, Dvorak, keypad, Mac keypad)
/// merged: each line is a key, a tab, and every key next to it in any graph
/// (other lines are comments).
const ADJACENT: &str = include_str!("zxcvbn-adjacent.txt");

/// zxcvbn 3.1.1's l33t table: a letter and the characters read as it.
pub(super) const L33T: [(char, &str); 12] = [
    ('a', "4@"),
    ('b', "8"),
    ('c', "({[<"),
    ('e', "3"),
    ('g', "69"),
    ('i', "1!|"),
    ('l', "1|7"),
    ('o', "0"),
    ('s', "$5"),
    ('t', "+7"),
    ('x', "%"),
    ('z', "2"),
];

/// The longest word in those lists, in characters: no dictionary, reversed
/// or l33t match (all of one word's length) is longer, but for the user
/// inputs.
const LONGEST_WORD: usize = 23;

/// zxcvbn's largest step between the characters of a sequence.
const MAX_DELTA: i32 = 5;

/// Date separators besides blanks (zxcvbn's `[\s/\\_.-]`).
const DATE_SEPARATORS: &str = "/\\_.-";

/// The shortest and longest year or date zxcvbn matches (`1991`,
/// `11/11/1991`).
const DATE_CHARS: std::ops::RangeInclusive<usize> = 4..=10;

/// `D` above: zxcvbn's `MIN_GUESSES_BEFORE_GROWING_SEQUENCE`.
const GROWING: u64 = 10_000;

struct Tables {
    /// Bit `a << 14 | b << 7 | c` set: the ASCII trigram `abc` is a piece of
    /// a word.
    ascii: Vec<u64>,
    /// Pieces with a character outside ASCII (none in 3.1.1's lists).
    other: HashSet<[char; 3]>,
    /// Bit `b` of `adjacent[a]`: ASCII key `b` is next to key `a`.
    adjacent: Vec<u128>,
    other_adjacent: HashSet<(char, char)>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut t = Tables {
        ascii: vec![0; (1 << 21) / 64],
        other: HashSet::new(),
        adjacent: vec![0; 128],
        other_adjacent: HashSet::new(),
    };
    // A plain loop over the bytes: this runs once per process, and the
    // test suite starts the program a few hundred times in a debug build.
    for line in TRIGRAMS.split('\n').filter(|l| !l.starts_with('#')) {
        for piece in line.split(' ') {
            match *piece.as_bytes() {
                [a, b, c] if a.is_ascii() && b.is_ascii() && c.is_ascii() => {
                    let i = usize::from(a) << 14 | usize::from(b) << 7 | usize::from(c);
                    t.ascii[i / 64] |= 1 << (i % 64);
                }
                _ => {
                    let c: Vec<char> = piece.chars().collect();
                    if let [a, b, c] = c[..] {
                        t.other.insert([a, b, c]);
                    }
                }
            }
        }
    }
    for line in ADJACENT.lines() {
        let mut chars = line.chars();
        let (Some(key), Some('\t')) = (chars.next(), chars.next()) else {
            continue;
        };
        for next in chars {
            if key.is_ascii() && next.is_ascii() {
                t.adjacent[key as usize] |= 1 << (next as u32);
            } else {
                t.other_adjacent.insert((key, next));
            }
        }
    }
    t
});

fn ascii_index(a: char, b: char, c: char) -> Option<usize> {
    (a.is_ascii() && b.is_ascii() && c.is_ascii())
        .then_some((a as usize) << 14 | (b as usize) << 7 | c as usize)
}

impl Tables {
    fn has_trigram(&self, t: [char; 3]) -> bool {
        match ascii_index(t[0], t[1], t[2]) {
            Some(i) => self.ascii[i / 64] & (1 << (i % 64)) != 0,
            None => self.other.contains(&t),
        }
    }

    fn adjacent(&self, a: char, b: char) -> bool {
        if a.is_ascii() && b.is_ascii() {
            self.adjacent[a as usize] & (1 << (b as u32)) != 0
        } else {
            self.other_adjacent.contains(&(a, b))
        }
    }
}

/// Whether zxcvbn 3.1.1 gives `password`, with these user inputs (as
/// passed to it), at least `enough` guesses, as far as the bound can tell:
/// `true` is proof, `false` means "score it".
pub fn reaches(password: &str, user_inputs: &[&str], enough: u64) -> bool {
    bound(password, user_inputs, Some(enough)).is_some_and(|b| b >= enough)
}

/// The least guesses zxcvbn 3.1.1 can give `password` with these user
/// inputs, or `None` where the bound does not apply (fewer than three
/// characters, more than 100, or a character whose lower case is not one
/// character, where zxcvbn's positions shift).
pub fn lower_bound(password: &str, user_inputs: &[&str]) -> Option<u64> {
    bound(password, user_inputs, None)
}

/// [`lower_bound`], or with `stop`, a value that is below `stop` as soon as
/// the bound is known to be (the work stops there).
fn bound(password: &str, user_inputs: &[&str], stop: Option<u64>) -> Option<u64> {
    let chars: Vec<char> = password.chars().collect();
    let n = chars.len();
    if !(3..=100).contains(&n) || chars.contains(&'Σ') {
        return None;
    }
    let mut lower = Vec::with_capacity(n);
    for &c in &chars {
        let mut l = c.to_lowercase();
        match (l.next(), l.next()) {
            (Some(one), None) => lower.push(one),
            _ => return None,
        }
    }
    let tables = &*TABLES;
    // The user inputs as zxcvbn matches them: lower-cased.
    let lowered: Vec<Vec<char>> = user_inputs
        .iter()
        .map(|u| u.to_lowercase().chars().collect())
        .collect();
    let longest_word = lowered.iter().map(Vec::len).fold(LONGEST_WORD, usize::max);
    let inputs: HashSet<[char; 3]> = lowered
        .iter()
        .flat_map(|u| u.windows(3).map(|w| [w[0], w[1], w[2]]))
        .collect();
    let piece = |t: [char; 3]| {
        let r = [t[2], t[1], t[0]];
        tables.has_trigram(t) || tables.has_trigram(r) || inputs.contains(&t) || inputs.contains(&r)
    };
    // Each character as a dictionary matcher may read it.
    let readings: Vec<Vec<char>> = chars
        .iter()
        .zip(&lower)
        .map(|(&c, &l)| {
            let mut v = vec![l];
            v.extend(
                L33T.iter()
                    .filter(|(_, subs)| subs.contains(c))
                    .map(|(letter, _)| *letter),
            );
            v
        })
        .collect();
    let word_piece: Vec<bool> = (0..n - 2)
        .map(|k| {
            readings[k].iter().any(|&a| {
                readings[k + 1]
                    .iter()
                    .any(|&b| readings[k + 2].iter().any(|&c| piece([a, b, c])))
            })
        })
        .collect();
    // runs[k]: how many consecutive steps from k on keep the property.
    let run = |ok: &dyn Fn(usize) -> bool, steps: usize| -> Vec<usize> {
        let mut r = vec![0; steps + 1];
        for k in (0..steps).rev() {
            r[k] = if ok(k) { r[k + 1] + 1 } else { 0 };
        }
        r
    };
    let words = run(&|k| word_piece[k], n - 2);
    let keys = run(&|k| tables.adjacent(chars[k], chars[k + 1]), n - 1);
    let steps = run(
        &|k| (chars[k + 1] as i32 - chars[k] as i32).abs() <= MAX_DELTA,
        n - 1,
    );
    let datey = run(
        &|k| {
            let c = chars[k];
            c.is_ascii_digit() || c.is_whitespace() || DATE_SEPARATORS.contains(c)
        },
        n,
    );
    // Longest common extension of the suffixes at a and b, for repeats.
    let mut lce = vec![0u8; (n + 1) * (n + 1)];
    let mut squares = false;
    for a in (0..n).rev() {
        for b in (a + 1..n).rev() {
            if chars[a] == chars[b] {
                let e = lce[(a + 1) * (n + 1) + b + 1] + 1;
                lce[a * (n + 1) + b] = e;
                // A repeat starts with a square: a base followed by itself.
                squares |= usize::from(e) >= b - a;
            }
        }
    }
    let could_match = |i: usize, j: usize| {
        let len = j - i + 1;
        len <= 2
            || (words[i] >= len - 2 && len <= longest_word)
            || keys[i] >= len - 1
            || steps[i] >= len - 1
            || (DATE_CHARS.contains(&len) && datey[i] >= len)
            || (squares
                && (1..=len / 2).any(|p| {
                    len.is_multiple_of(p) && usize::from(lce[i * (n + 1) + i + p]) >= len - p
                }))
    };
    let cost = |i: usize, j: usize| -> u64 {
        let len = j - i + 1;
        let brute = if len == 1 {
            11
        } else {
            10u64.saturating_pow(len as u32).max(51)
        };
        if !could_match(i, j) {
            return brute;
        }
        let floor = if len == n {
            1
        } else if len == 1 {
            10
        } else {
            50
        };
        brute.min(floor)
    };
    // One span, then two, then three (each of these at least 10 guesses).
    let mut best = cost(0, n - 1).saturating_add(1).min(GROWING.pow(3));
    let tail: Vec<u64> = (0..n).map(|a| cost(a, n - 1)).collect();
    let heads: Vec<u64> = (0..n).map(|a| cost(0, a)).collect();
    // heads[a] and tail[a + 1]: the password cut after a.
    for (head, rest) in heads.iter().zip(&tail[1..]) {
        let two = 2u64.saturating_mul(*head).saturating_mul(*rest);
        best = best.min(two.saturating_add(GROWING));
        if stop.is_some_and(|e| best < e) {
            return Some(best);
        }
    }
    // Three spans cost at least this: skip them when that is enough.
    if stop.is_none_or(|e| 6 * 10 * 10 * 10 + GROWING.pow(2) < e) {
        for (a, head) in heads.iter().enumerate().take(n - 1) {
            for (b, rest) in tail.iter().enumerate().skip(a + 2) {
                let three = 6u64
                    .saturating_mul(*head)
                    .saturating_mul(cost(a + 1, b - 1))
                    .saturating_mul(*rest);
                best = best.min(three.saturating_add(GROWING.pow(2)));
                if stop.is_some_and(|e| best < e) {
                    return Some(best);
                }
            }
        }
    }
    Some(best)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The merged keyboard graphs, for tests that walk them.
    pub fn adjacency() -> Vec<(char, Vec<char>)> {
        ADJACENT
            .lines()
            .filter_map(|l| {
                let mut c = l.chars();
                let key = c.next()?;
                (c.next() == Some('\t')).then(|| (key, c.collect()))
            })
            .collect()
    }

    /// The bound is at most zxcvbn's guesses, on every string of the
    /// corpus, with and without user inputs, and it is not vacuous.
    #[test]
    fn the_bound_never_exceeds_zxcvbn() {
        let inputs = [
            "hanako",
            "example",
            "さくらさくら",
            "hanakoexample",
            "zqxjkvw",
            "zqxjkvwpfbmgtdhcylrnsuea",
        ];
        let mut cases = super::super::tests::corpus();
        cases.extend(
            [
                "correct horse battery staple",
                "Tr0ub4dor&3",
                "hanakoexample2024",
                "ab",
                "abc",
            ]
            .map(str::to_owned),
        );
        let (mut bounded, mut decisive) = (0, 0);
        for (k, s) in cases.iter().enumerate() {
            let s: String = s.chars().take(64).collect();
            for user in [&[][..], &inputs[..]] {
                let guesses = zxcvbn::zxcvbn(&s, user).guesses();
                let Some(b) = lower_bound(&s, user) else {
                    continue;
                };
                bounded += 1;
                assert!(
                    b <= guesses,
                    "case {k} {s:?}: bound {b} > zxcvbn's {guesses}"
                );
                // Stopping early never claims more than the full bound.
                for enough in [1_005, 1_000_005, 100_000_005, 10_000_000_005] {
                    assert_eq!(reaches(&s, user, enough), b >= enough, "case {k} {s:?}");
                }
                decisive += usize::from(b >= 100_000_005);
            }
        }
        assert!(bounded > 7_000, "{bounded} bounded");
        assert!(decisive > 2_000, "the bound decided {decisive} strings");
    }

    /// The source of the zxcvbn crate this build uses, found with
    /// `cargo metadata`.
    fn zxcvbn_source(file: &str) -> String {
        let rustc = std::process::Command::new("rustc")
            .arg("-vV")
            .output()
            .unwrap();
        let host = String::from_utf8(rustc.stdout).unwrap();
        let host = host.lines().find_map(|l| l.strip_prefix("host: ")).unwrap();
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        // Only this platform's packages: the others need not be downloaded.
        let out = std::process::Command::new(cargo)
            .args(["metadata", "--format-version", "1", "--offline"])
            .args(["--filter-platform", host])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("cargo metadata runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let pkg = meta["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "zxcvbn")
            .expect("zxcvbn is a dependency");
        // The argument in this module's documentation is about this version.
        assert_eq!(
            pkg["version"], "3.1.1",
            "a new zxcvbn: check the bound's argument against its matchers and scoring"
        );
        let manifest = std::path::PathBuf::from(pkg["manifest_path"].as_str().unwrap());
        std::fs::read_to_string(manifest.parent().unwrap().join(file)).unwrap()
    }

    /// The string (`"`) and character (`'`) literals in Rust source with
    /// where each starts, unescaped (`\x` read as `x`, which is all the
    /// lists and graphs use); a lifetime (`'static`) is no literal.
    fn literals(src: &str) -> Vec<(usize, char, String)> {
        let chars: Vec<(usize, char)> = src.char_indices().collect();
        let mut out = Vec::new();
        let mut k = 0;
        while k < chars.len() {
            let (at, q) = chars[k];
            k += 1;
            if q == '\'' {
                let (len, c) = match chars.get(k..k + 3) {
                    Some([(_, '\\'), (_, c), (_, '\'')]) => (3, *c),
                    _ => match chars.get(k..k + 2) {
                        Some([(_, c), (_, '\'')]) => (2, *c),
                        _ => continue,
                    },
                };
                out.push((at, q, c.to_string()));
                k += len;
            } else if q == '"' {
                let mut s = String::new();
                while let Some(&(_, c)) = chars.get(k) {
                    k += 1;
                    match c {
                        '\\' => {
                            s.extend(chars.get(k).map(|(_, c)| *c));
                            k += 1;
                        }
                        '"' => break,
                        c => s.push(c),
                    }
                }
                out.push((at, q, s));
            }
        }
        out
    }

    fn derived_trigrams() -> String {
        let src = zxcvbn_source("src/frequency_lists.rs");
        let mut names = Vec::new();
        let mut set = std::collections::BTreeSet::new();
        let mut longest = 0;
        for (at, _, list) in literals(&src).into_iter().filter(|l| l.1 == '"') {
            let before = &src[..at];
            let Some(decl) = before.rfind("const ") else {
                continue;
            };
            if !before[decl..].ends_with(": &str = ") {
                continue;
            }
            names.push(before[decl + 6..].split(':').next().unwrap().to_owned());
            for word in list.split(',') {
                let w: Vec<char> = word.chars().collect();
                longest = longest.max(w.len());
                set.extend(w.windows(3).map(|t| t.iter().collect::<String>()));
            }
        }
        assert_eq!(
            names,
            [
                "PASSWORDS",
                "ENGLISH_WIKI",
                "FEMALE_NAMES",
                "SURNAMES",
                "US_TV_AND_FILM",
                "MALE_NAMES"
            ]
        );
        let mut text = String::from(
            "# Every three-character piece of every word in the frequency lists of the\n\
             # zxcvbn crate 3.1.1 (lists from Dropbox's zxcvbn), sorted. MIT licence:\n\
             # ZXCVBN-LICENSE.txt. Written by\n\
             # `UPDATE_ZXCVBN_TABLES=1 cargo test --lib zxcvbn_tables`.\n",
        );
        assert_eq!(longest, LONGEST_WORD, "the longest word in the lists");
        let all: Vec<String> = set.into_iter().collect();
        for line in all.chunks(20) {
            text.push_str(&line.join(" "));
            text.push('\n');
        }
        text
    }

    fn derived_adjacent() -> String {
        let src = zxcvbn_source("src/adjacency_graphs.rs");
        let mut map: std::collections::BTreeMap<char, std::collections::BTreeSet<char>> =
            Default::default();
        let graphs = src.matches("pub static ref ").count();
        for insert in src.split("table.insert(").skip(1) {
            let lits = literals(insert);
            let key = lits
                .iter()
                .find(|l| l.1 == '\'')
                .and_then(|l| l.2.chars().next())
                .expect("each insert starts with its key");
            for (_, _, s) in lits.iter().filter(|l| l.1 == '"') {
                map.entry(key).or_default().extend(s.chars());
            }
        }
        assert_eq!(graphs, 4, "QWERTY, Dvorak, keypad and Mac keypad");
        let mut text = String::from(
            "# The keyboard graphs of the zxcvbn crate 3.1.1 (QWERTY, Dvorak, keypad,\n\
             # Mac keypad) merged: a key, a tab, every key next to it. MIT licence:\n\
             # ZXCVBN-LICENSE.txt. Written by\n\
             # `UPDATE_ZXCVBN_TABLES=1 cargo test --lib zxcvbn_tables`.\n",
        );
        for (k, v) in map {
            text.push(k);
            text.push('\t');
            text.extend(v);
            text.push('\n');
        }
        text
    }

    /// The tables shipped are exactly what the zxcvbn source this build
    /// uses holds, and the constants above are its constants.
    #[test]
    fn zxcvbn_tables_match_the_crate() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/checks/weak");
        let trigrams = derived_trigrams();
        let adjacent = derived_adjacent();
        if std::env::var_os("UPDATE_ZXCVBN_TABLES").is_some() {
            std::fs::write(dir.join("zxcvbn-trigrams.txt"), &trigrams).unwrap();
            std::fs::write(dir.join("zxcvbn-adjacent.txt"), &adjacent).unwrap();
        }
        assert!(
            TRIGRAMS == trigrams,
            "zxcvbn-trigrams.txt is not the crate's lists"
        );
        assert!(
            ADJACENT == adjacent,
            "zxcvbn-adjacent.txt is not the crate's graphs"
        );

        let matching = zxcvbn_source("src/matching/mod.rs");
        let mut l33t = Vec::new();
        for line in matching.lines().map(str::trim) {
            if line.starts_with("table.insert('") {
                let lits = literals(line);
                let subs: String = lits[1..].iter().map(|l| l.2.as_str()).collect();
                l33t.push((lits[0].2.chars().next().unwrap(), subs));
            }
        }
        l33t.sort();
        let mut ours: Vec<(char, String)> =
            L33T.iter().map(|(c, s)| (*c, (*s).to_owned())).collect();
        ours.sort();
        assert_eq!(l33t, ours);
        for fact in [
            "const MAX_DELTA: i32 = 5;",
            r#"Regex::new(r"19[0-9]{2}|20[0-9]{2}")"#,
            r#"Regex::new(r"^[0-9]{4,8}$")"#,
            r#"Regex::new(r"^([0-9]{1,4})([\s/\\_.-])([0-9]{1,2})([\s/\\_.-])([0-9]{1,4})$")"#,
            "if password_len <= 2 {",
            "if j - i > 2 {",
            "static ref MATCHERS: [Box<dyn Matcher>; 8]",
        ] {
            assert!(matching.contains(fact), "zxcvbn's matching changed: {fact}");
        }
        let scoring = zxcvbn_source("src/scoring.rs");
        for fact in [
            "const BRUTEFORCE_CARDINALITY: u64 = 10;",
            "const MIN_GUESSES_BEFORE_GROWING_SEQUENCE: u64 = 10_000;",
            "const MIN_SUBMATCH_GUESSES_SINGLE_CHAR: u64 = 10;",
            "const MIN_SUBMATCH_GUESSES_MULTI_CHAR: u64 = 50;",
        ] {
            assert!(scoring.contains(fact), "zxcvbn's scoring changed: {fact}");
        }
    }
}
