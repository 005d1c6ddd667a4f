//! Is there a phone number in this text?
//!
//! Numbers as people write them in Japan and elsewhere: half-width and
//! full-width digits, hyphens of every width (and the long-vowel mark people
//! type for one), spaces, dots and parentheses; Japanese mobile and landline
//! numbers with or without `+81`, and E.164 numbers of other countries.
//! Dates, postal codes, card and order numbers are not phone numbers: they
//! fail the digit counts and prefixes below.
//!
//! [`find`] says only that a number is there and what kind it is;
//! [`find_number`] also returns it as a [`Number`], which a report never
//! shows whole: it has no `Display` or `Serialize`, and its `Debug` and
//! [`Number::masked`] show the last four digits only.

use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 070/080/090 (and 020/050/060, 0800: other 11-digit numbers).
    JpMobile,
    /// 10-digit numbers: landlines, 0120, 0570.
    JpLandline,
    /// `+` (or `00`) and another country's number.
    International,
    /// A North American number without `+1` (only under a phone label).
    NorthAmerican,
    /// Partly masked, e.g. `090-****-5678` (only under a phone label).
    Masked,
}

/// How sure the surrounding text makes us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// The value of a field or line labelled phone/電話/…: looser forms too.
    Labelled,
    /// A whole user name: only unambiguous forms, and nothing else around.
    Bare,
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2015}'
            | '\u{2212}'
            | '\u{30FC}'
            | '\u{FF70}'
            | '\u{2500}'
            | '\u{2501}'
            | '\u{FE63}'
            | '\u{FF0D}'
    )
}

fn is_mask(c: char) -> bool {
    matches!(c, '*' | 'x' | 'X' | '●' | '○' | '×' | '#')
}

/// Normalise: NFKC (full-width digits and signs to ASCII), every dash to
/// `-`, ideographic space to a space.
fn normalise(s: &str) -> Vec<char> {
    s.nfkc()
        .map(|c| if is_dash(c) { '-' } else { c })
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

fn part_of_number(c: char, ctx: Context) -> bool {
    c.is_ascii_digit()
        || matches!(c, '-' | ' ' | '.' | '(' | ')')
        || (ctx == Context::Labelled && is_mask(c))
}

/// Only the start of a long value is searched.
const MAX_CHARS: usize = 256;

/// A phone number in one canonical form (country code and national number,
/// digits only, `?` for a masked digit): `090-1234-5678`, `+81 90 1234
/// 5678` and `０９０１２３４５６７８` are the same number.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Number(String);

impl Number {
    /// The last four digits, for a report: `…5678`.
    pub fn masked(&self) -> String {
        format!("…{}", self.last4())
    }

    /// The last four digits (or masks).
    pub fn last4(&self) -> String {
        let n = self.0.chars().count();
        self.0.chars().skip(n.saturating_sub(4)).collect()
    }

    /// Written partly masked (`090-****-5678`).
    pub fn is_masked(&self) -> bool {
        self.0.contains('?')
    }

    /// The same line: equal, a masked digit matching any digit.
    pub fn same_line(&self, other: &Number) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .bytes()
                .zip(other.0.bytes())
                .all(|(a, b)| a == b || a == b'?' || b == b'?')
    }
}

impl std::fmt::Debug for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Number({})", self.masked())
    }
}

/// The canonical form of a candidate `classify` accepted as `kind`.
fn canonical(cand: &str, kind: Kind) -> Number {
    let s: String = cand
        .chars()
        .filter_map(|c| {
            if c.is_ascii_digit() {
                Some(c)
            } else if is_mask(c) {
                Some('?')
            } else {
                None
            }
        })
        .collect();
    let out = if cand.starts_with('+') {
        match s.strip_prefix("81") {
            Some(national) => format!("81{}", national.strip_prefix('0').unwrap_or(national)),
            None => s,
        }
    } else if let Some(rest) = s.strip_prefix("00") {
        rest.to_owned()
    } else if kind == Kind::NorthAmerican {
        format!("1{s}")
    } else if let Some(national) = s.strip_prefix('0') {
        format!("81{national}")
    } else if kind == Kind::Masked && matches!(s.len(), 10 | 11) {
        // `***-****-5678`: a Japanese number whose 0 is masked too.
        format!("81{}", &s[1..])
    } else {
        s
    };
    Number(out)
}

/// The first phone number in `text`, if any.
pub fn find(text: &str, ctx: Context) -> Option<Kind> {
    find_number(text, ctx).map(|(k, _)| k)
}

/// A number given as one of the owner's current numbers (the policy's
/// `[phones] current`, a member's `phones`): the whole value is one
/// unmasked number.
pub fn parse_current(text: &str) -> Option<Number> {
    match find_number(text, Context::Bare) {
        Some((Kind::Masked, _)) | None => None,
        Some((_, n)) => Some(n),
    }
}

/// The first phone number in `text` with its kind, if any.
pub fn find_number(text: &str, ctx: Context) -> Option<(Kind, Number)> {
    let mut chars = normalise(text);
    chars.truncate(MAX_CHARS);
    let n = chars.len();
    // Only ASCII letters and digits glue to a number: 携帯090-… and
    // …5678です are numbers in Japanese text.
    let word = |c: char| c.is_ascii_alphanumeric();
    for i in 0..n {
        let c = chars[i];
        let starts = c.is_ascii_digit()
            || c == '+'
            || c == '('
            || (ctx == Context::Labelled
                && is_mask(c)
                && (!matches!(c, 'x' | 'X')
                    || chars
                        .get(i + 1)
                        .is_some_and(|d| matches!(d, 'x' | 'X' | '-'))));
        let boundary = i == 0 || !(word(chars[i - 1]) || matches!(chars[i - 1], '/' | '.' | '-'));
        if !(starts && boundary) {
            continue;
        }
        if ctx == Context::Bare && chars[..i].iter().any(|c| *c != ' ') {
            // A user name must be the number and nothing else.
            return None;
        }
        let mut j = i + 1;
        while j < n && part_of_number(chars[j], ctx) {
            j += 1;
        }
        // The whole run first, then shorter ones ending at a space or a
        // parenthesis: "090-1234-5678 03-1234-5678", "… (2nd line)".
        let mut ends: Vec<usize> = (i + 1..=j)
            .filter(|&k| k == j || matches!(chars[k], ' ' | '('))
            .collect();
        ends.reverse();
        for k in ends {
            let mut end = k;
            while end > i && matches!(chars[end - 1], ' ' | '-' | '.' | '(') {
                end -= 1;
            }
            if end == i {
                continue;
            }
            let followed_ok = end >= n || !(word(chars[end]) || chars[end] == '/');
            if !followed_ok {
                continue;
            }
            let cand: String = chars[i..end].iter().collect();
            if let Some(kind) = classify(&cand, ctx) {
                let found = (kind, canonical(&cand, kind));
                if ctx == Context::Bare {
                    return chars[end..].iter().all(|c| *c == ' ').then_some(found);
                }
                return Some(found);
            }
        }
        if ctx == Context::Bare {
            return None;
        }
    }
    None
}

/// Digit groups split at separators, e.g. `03-1234-5678` -> [2, 4, 4].
fn groups(s: &str) -> Vec<usize> {
    s.split(|c: char| !(c.is_ascii_digit() || is_mask(c)))
        .filter(|g| !g.is_empty())
        .map(str::len)
        .collect()
}

fn jp_national(digits: &str) -> Option<Kind> {
    let b = digits.as_bytes();
    if b.first() != Some(&b'0') || b.len() < 10 {
        return None;
    }
    let d1 = b[1];
    let d2 = b[2];
    match b.len() {
        // 070/080/090 mobiles, 020, 050, 060, 0800
        11 if (b'2'..=b'9').contains(&d1) && d2 == b'0' => Some(Kind::JpMobile),
        10 if (b'1'..=b'9').contains(&d1) && (b'1'..=b'9').contains(&d2) => Some(Kind::JpLandline),
        _ => None,
    }
}

fn classify(cand: &str, ctx: Context) -> Option<Kind> {
    let plus = cand.starts_with('+');
    if plus && cand[1..].contains('+') || !plus && cand.contains('+') {
        return None;
    }
    let digits: String = cand.chars().filter(char::is_ascii_digit).collect();
    let masks = cand.chars().filter(|c| is_mask(*c)).count();
    let gs = groups(cand);
    // Dots only as in 03.1234.5678: never mixed with hyphens.
    if cand.contains('.') && cand.contains('-') {
        return None;
    }
    if masks > 0 {
        if ctx != Context::Labelled {
            return None;
        }
        let total = digits.len() + masks;
        let last_digits = cand
            .trim_end()
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .count();
        return ((10..=15).contains(&total) && last_digits >= 2 && gs.len() >= 2)
            .then_some(Kind::Masked);
    }
    if plus {
        let rest = digits.as_str();
        if let Some(national) = rest.strip_prefix("81") {
            // +81 90-…, or +81 (0)90-…
            let national = if national.starts_with('0') {
                national.to_owned()
            } else {
                format!("0{national}")
            };
            return jp_national(&national);
        }
        let first = rest.as_bytes().first()?;
        return ((8..=15).contains(&rest.len()) && *first != b'0').then_some(Kind::International);
    }
    if let Some(rest) = digits.strip_prefix("00") {
        // 00 + country code, as dialled from Europe.
        let first = *rest.as_bytes().first()?;
        return (ctx == Context::Labelled && (8..=15).contains(&rest.len()) && first != b'0')
            .then_some(Kind::International);
    }
    if digits.starts_with('0') {
        let k = jp_national(&digits)?;
        if gs.len() > 1 {
            // 03-1234-5678, 090-1234-5678, 0120-123-456, (03) 1234-5678
            let last = *gs.last()?;
            if gs.len() > 3 || !(3..=4).contains(&last) || !(2..=5).contains(&gs[0]) {
                return None;
            }
        }
        return Some(k);
    }
    if ctx == Context::Labelled && digits.len() == 10 && gs == [3, 3, 4] {
        let b = digits.as_bytes();
        if (b'2'..=b'9').contains(&b[0]) && (b'2'..=b'9').contains(&b[3]) {
            return Some(Kind::NorthAmerican);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use Context::*;

    #[test]
    fn japanese_and_international_numbers() {
        let yes: &[(&str, Kind)] = &[
            ("090-1234-5678", Kind::JpMobile),
            ("09012345678", Kind::JpMobile),
            ("０９０－１２３４－５６７８", Kind::JpMobile),
            ("０９０ー１２３４ー５６７８", Kind::JpMobile),
            ("090 1234 5678", Kind::JpMobile),
            ("080.1234.5678", Kind::JpMobile),
            ("070-1234-5678", Kind::JpMobile),
            ("050-1234-5678", Kind::JpMobile),
            ("03-1234-5678", Kind::JpLandline),
            ("(03) 1234-5678", Kind::JpLandline),
            ("03(1234)5678", Kind::JpLandline),
            ("0120-123-456", Kind::JpLandline),
            ("06-6123-4567", Kind::JpLandline),
            ("0465-12-3456", Kind::JpLandline),
            ("+81 90-1234-5678", Kind::JpMobile),
            ("+819012345678", Kind::JpMobile),
            ("+81 (0)90 1234 5678", Kind::JpMobile),
            ("＋８１－９０－１２３４－５６７８", Kind::JpMobile),
            ("+81 3-1234-5678", Kind::JpLandline),
            ("+1 415 555 2671", Kind::International),
            ("+44 20 7946 0958", Kind::International),
            ("+86 138 0013 8000", Kind::International),
            ("+14155552671", Kind::International),
        ];
        for (s, k) in yes {
            assert_eq!(find(s, Labelled), Some(*k), "labelled {s}");
            assert_eq!(find(s, Bare), Some(*k), "bare {s}");
        }
    }

    #[test]
    fn labelled_values_with_words_around_and_looser_forms() {
        let yes: &[(&str, Kind)] = &[
            ("090-1234-5678 (docomo)", Kind::JpMobile),
            ("携帯 ０８０－１１１１－２２２２ です", Kind::JpMobile),
            ("SMS to +44 7700 900123", Kind::International),
            ("(415) 555-2671", Kind::NorthAmerican),
            ("415-555-2671", Kind::NorthAmerican),
            ("0044 20 7946 0958", Kind::International),
            ("090-****-5678", Kind::Masked),
            ("＊＊＊－＊＊＊＊－５６７８", Kind::Masked),
            ("xxx-xxxx-1234", Kind::Masked),
            ("携帯090-1234-5678", Kind::JpMobile),
            ("090-1234-5678です", Kind::JpMobile),
            ("090-1234-5678 (2nd line)", Kind::JpMobile),
            ("090-1234-5678 03-1234-5678", Kind::JpMobile),
            ("tel:+81-90-1234-5678", Kind::JpMobile),
            ("自宅03-1234-5678、携帯なし", Kind::JpLandline),
        ];
        for (s, k) in yes {
            assert_eq!(find(s, Labelled), Some(*k), "labelled {s}");
        }
        // Bare (a user name): only the number, and no loose forms.
        for s in [
            "090-1234-5678 (docomo)",
            "(415) 555-2671",
            "0044 20 7946 0958",
            "090-****-5678",
            "alice 09012345678",
        ] {
            assert_eq!(find(s, Bare), None, "bare {s}");
        }
    }

    #[test]
    fn every_way_of_writing_a_number_is_the_same_number() {
        let n = |s: &str| find_number(s, Labelled).map(|(_, n)| n).unwrap();
        let same = [
            "090-3333-4444",
            "09033334444",
            "０９０－３３３３－４４４４",
            "０９０ー３３３３ー４４４４",
            "+81 90-3333-4444",
            "+819033334444",
            "+81 (0)90 3333 4444",
            "＋８１－９０－３３３３－４４４４",
            "0081 90 3333 4444",
            "tel:+81-90-3333-4444",
            "携帯 090 3333 4444 です",
        ];
        for s in same {
            assert_eq!(n(s), n(same[0]), "{s}");
            assert!(n(s).same_line(&n(same[0])));
        }
        assert_ne!(n("090-3333-4445"), n(same[0]));
        assert!(!n("080-3333-4444").same_line(&n(same[0])));
        // Masked: matches the numbers it could be, shows its last digits.
        let masked = n("090-****-4444");
        assert!(masked.is_masked() && masked.same_line(&n(same[0])));
        assert!(!masked.same_line(&n("080-3333-4444")));
        assert_eq!(masked.masked(), "…4444");
        assert!(n("***-****-4444").same_line(&n(same[0])));
        // Other countries keep their country code.
        assert_eq!(n("+1 415 555 2671"), n("(415) 555-2671"));
        assert_ne!(n("+44 20 7946 0958"), n("020-7946-0958"));
        // Never printed whole, even by Debug.
        assert_eq!(format!("{:?}", n(same[0])), "Number(…4444)");
        assert_eq!(parse_current("090-3333-4444"), Some(n(same[0])));
        assert_eq!(parse_current("090-****-4444"), None);
        assert_eq!(parse_current("phone 090-3333-4444"), None);
        assert_eq!(parse_current("12345"), None);
    }

    #[test]
    fn not_phone_numbers() {
        let no = [
            "2024-01-15",
            "2024/01/15",
            "２０２４年１月１５日",
            "01-15-2024",
            "〒150-0001",
            "150-0001",
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "0000-1111-2222-3333",
            "249-1234567-1234567",
            "503-1234567-1234567",
            "D01-1234567-1234567",
            "12345678",
            "1234",
            "090-1234-567",
            "090-1234-56789",
            "0312345",
            "+0 123 456 789",
            "+81 1234",
            "alice@example.com",
            "v1.2.3",
            "192.168.0.1",
            "10:30-12:00",
            "none",
            "なし",
            "",
            "ab09012345678",
            "09012345678x1",
            "090-1234-5678-9999",
        ];
        for s in no {
            assert_eq!(find(s, Labelled), None, "labelled {s}");
            assert_eq!(find(s, Bare), None, "bare {s}");
        }
    }
}

#[cfg(test)]
mod robustness {
    use super::*;

    /// Random strings over digits, separators, masks, full-width and
    /// multi-byte characters never panic and never find a number with
    /// fewer than 8 digits in a bare user name.
    #[test]
    fn random_text_never_panics() {
        let alphabet: Vec<char> =
            "0123456789+-() .*x#/:０９－ー＋（）＊〒年月日abc電話\u{202e}\u{3000}"
                .chars()
                .collect();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 24) as usize;
            let s: String = (0..len)
                .map(|i| alphabet[((seed >> (i % 50)) as usize + i * 7) % alphabet.len()])
                .collect();
            let _ = find(&s, Context::Labelled);
            if find(&s, Context::Bare).is_some() {
                let digits = s.nfkc().filter(char::is_ascii_digit).count();
                assert!(digits >= 8, "{s:?}");
            }
        }
    }
}
