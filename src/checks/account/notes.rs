//! Reading notes the way people write them.
//!
//! A notes line or a custom field is read with a small grammar over its
//! normalised text (NFKC, lower case). One table, [`LEXICON`], holds the
//! words of both languages and what kind of word each is: a 2FA label, a
//! phone label, "on", "off", intent, a second-factor method, or a word that
//! only hides a shorter one (`オンライン` is not `オン`). The lexer makes
//! one pass over the text, longest word first; ASCII words must stand alone
//! (`on` is not in `phone`), Japanese ones need not (`2段階認証ON`).
//!
//! The reading:
//!
//! - **The subject** is a 2FA or phone label. In `label: value` (also `：`,
//!   `=`, `【label】value`) the label is the part before the separator. In
//!   a line written any other way (`2段階認証ON`, `SMS認証あり`,
//!   `2段階認証→SMS`, `電話番号 090…`) each label word is a subject and
//!   the value is the rest of the line, before and after it.
//! - **2FA state** ([`declaration`]): intent or a question (`そのうち`,
//!   `予定`, `できない?`) says nothing. Otherwise the value's first clause
//!   decides: an "off" word (`なし`, `未設定`, `まだ`, `not`) is off; a
//!   method (`SMS`, `アプリ`, `パスキー`, a phone number) is on with that
//!   method; an "on" word (`有効`, `ON`, `済`, `あり`) is on, with a method
//!   named anywhere in the value. The label never names the method
//!   (`SMS認証あり` is on, method not noted: see `account/sms-only-2fa`).
//! - **A phone number** ([`super::phone`]) is noted under a phone or 2FA
//!   label, or when a Japanese mobile number (070/080/090, with or without
//!   +81) stands alone on its line.
//!
//! Every line is read up to [`MAX_LINE`] characters, in time linear in its
//! length.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

use super::phone::{self, Context, Kind};
use crate::text::fold;

/// The second factor, when the sign says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    App,
    Passkey,
    SecurityKey,
    Sms,
    Call,
    Email,
    /// "on", with no method named.
    Declared,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::App => "app",
            Method::Passkey => "passkey",
            Method::SecurityKey => "security-key",
            Method::Sms => "sms",
            Method::Call => "call",
            Method::Email => "email",
            Method::Declared => "declared",
        }
    }

    /// Which of two methods named in one clause counts: the strongest.
    fn precedence(self) -> u8 {
        match self {
            Method::Passkey => 6,
            Method::SecurityKey => 5,
            Method::App => 4,
            Method::Sms => 3,
            Method::Call => 2,
            Method::Email => 1,
            Method::Declared => 0,
        }
    }
}

/// What a 2FA declaration says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Declared {
    On(Method),
    Off,
}

/// What kind of word a lexicon entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A label meaning two-step verification, and the method it names when
    /// it stands in a value (`2FA: 認証アプリ`).
    TwoFactor(Option<Method>),
    /// A label about something beside 2FA (backup codes, recovery).
    NotTwoFactor,
    /// A label meaning a phone number, and the method it names as a value
    /// (`2FA: 電話番号` is SMS, `2FA: 電話` a call).
    Phone(Option<Method>),
    On,
    Off,
    /// Intent or a question: not a state.
    Intent,
    Method(Method),
    /// A word that only hides a shorter one (`有効期限` is not `有効`).
    Other,
}

/// One word of the lexicon. ASCII words match only as whole words (or, with
/// `prefix`, at the start of one: `phone` in `phones`, `tel` in `tel.`).
#[derive(Debug)]
pub struct Word {
    pub text: &'static str,
    pub class: Class,
    pub prefix: bool,
}

const fn w(text: &'static str, class: Class) -> Word {
    Word {
        text,
        class,
        prefix: false,
    }
}

const fn p(text: &'static str, class: Class) -> Word {
    Word {
        text,
        class,
        prefix: true,
    }
}

use Class::{Intent, NotTwoFactor, Off, On, Other, Phone, TwoFactor};

const APP: Class = Class::Method(Method::App);
const PASSKEY: Class = Class::Method(Method::Passkey);
const KEY: Class = Class::Method(Method::SecurityKey);
const SMS: Class = Class::Method(Method::Sms);
const CALL: Class = Class::Method(Method::Call);
const EMAIL: Class = Class::Method(Method::Email);

/// Every word the reading knows, both languages, in their folded form
/// (NFKC, lower case; `-`, `_` and `.` read as a blank).
pub const LEXICON: &[Word] = &[
    // 2FA labels.
    w("2fa", TwoFactor(None)),
    w("mfa", TwoFactor(None)),
    w("2sv", TwoFactor(None)),
    w("tfa", TwoFactor(None)),
    w("otp", TwoFactor(Some(Method::App))),
    w("totp", TwoFactor(Some(Method::App))),
    w("two factor", TwoFactor(None)),
    p("twofactor", TwoFactor(None)),
    w("2 factor", TwoFactor(None)),
    p("2factor", TwoFactor(None)),
    w("two step", TwoFactor(None)),
    p("twostep", TwoFactor(None)),
    w("2 step", TwoFactor(None)),
    p("2step", TwoFactor(None)),
    w("multi factor", TwoFactor(None)),
    p("multifactor", TwoFactor(None)),
    p("authenticator", TwoFactor(Some(Method::App))),
    w("段階認証", TwoFactor(None)),
    w("2段階認証", TwoFactor(None)),
    w("二段階認証", TwoFactor(None)),
    w("2段階", TwoFactor(None)),
    w("二段階", TwoFactor(None)),
    w("要素認証", TwoFactor(None)),
    w("2要素認証", TwoFactor(None)),
    w("二要素認証", TwoFactor(None)),
    w("多要素認証", TwoFactor(None)),
    w("2ステップ", TwoFactor(None)),
    w("認証アプリ", TwoFactor(Some(Method::App))),
    w("ワンタイムパスワード", TwoFactor(None)),
    w("sms認証", TwoFactor(Some(Method::Sms))),
    w("sms 認証", TwoFactor(Some(Method::Sms))),
    w("ログイン認証", TwoFactor(None)),
    // Labels about something else.
    p("backup", NotTwoFactor),
    p("recovery", NotTwoFactor),
    w("バックアップ", NotTwoFactor),
    w("リカバリ", NotTwoFactor),
    w("復旧", NotTwoFactor),
    w("予備", NotTwoFactor),
    // Phone labels.
    p("phone", Phone(None)),
    p("mobile", Phone(None)),
    p("tel", Phone(None)),
    p("cell", Phone(None)),
    p("smartphone", Phone(None)),
    w("sms", Phone(Some(Method::Sms))),
    w("電話番号", Phone(Some(Method::Sms))),
    w("電話", Phone(Some(Method::Call))),
    w("携帯", Phone(Some(Method::Sms))),
    w("ケータイ", Phone(Some(Method::Sms))),
    w("けいたい", Phone(Some(Method::Sms))),
    w("スマホ", Phone(Some(Method::Sms))),
    w("連絡先", Phone(None)),
    // Methods.
    w("passkey", PASSKEY),
    w("passkeys", PASSKEY),
    w("パスキー", PASSKEY),
    w("生体認証", PASSKEY),
    w("security key", KEY),
    w("yubikey", KEY),
    w("fido", KEY),
    w("fido2", KEY),
    w("u2f", KEY),
    w("webauthn", KEY),
    w("セキュリティキー", KEY),
    w("app", APP),
    w("apps", APP),
    w("authy", APP),
    w("アプリ", APP),
    w("認証システム", APP),
    w("text", SMS),
    w("ショートメッセージ", SMS),
    w("ショートメール", SMS),
    w("call", CALL),
    w("voice", CALL),
    w("音声", CALL),
    w("email", EMAIL),
    w("e mail", EMAIL),
    w("mail", EMAIL),
    w("メール", EMAIL),
    // On.
    w("on", On),
    w("yes", On),
    w("y", On),
    w("enabled", On),
    w("enable", On),
    w("true", On),
    w("active", On),
    w("activated", On),
    w("set", On),
    w("setup", On),
    w("configured", On),
    w("done", On),
    w("ok", On),
    w("有効", On),
    w("オン", On),
    w("設定済", On),
    w("済", On),
    w("あり", On),
    w("有り", On),
    w("使用中", On),
    w("利用中", On),
    w("登録済", On),
    w("登録した", On),
    w("設定した", On),
    w("している", On),
    w("してる", On),
    w("対応", On),
    // Off (and "not yet").
    w("no", Off),
    w("none", Off),
    w("off", Off),
    w("disabled", Off),
    w("disable", Off),
    w("false", Off),
    w("never", Off),
    w("not", Off),
    w("without", Off),
    w("nope", Off),
    w("isn", Off),
    w("aren", Off),
    w("wasn", Off),
    w("doesn", Off),
    w("don", Off),
    w("todo", Off),
    w("pending", Off),
    w("n/a", Off),
    w("なし", Off),
    w("無し", Off),
    w("無効", Off),
    w("オフ", Off),
    w("未設定", Off),
    w("未登録", Off),
    w("未対応", Off),
    w("非対応", Off),
    w("していない", Off),
    w("してない", Off),
    w("やってない", Off),
    w("しない", Off),
    w("未使用", Off),
    w("使っていない", Off),
    w("停止", Off),
    w("まだ", Off),
    w("ない", Off),
    w("ません", Off),
    // Intent and questions: no state.
    w("そのうち", Intent),
    w("予定", Intent),
    w("したい", Intent),
    w("しよう", Intent),
    w("する", Intent),
    w("つもり", Intent),
    w("検討", Intent),
    w("できない", Intent),
    w("できる", Intent),
    w("あとで", Intent),
    w("後で", Intent),
    w("今度", Intent),
    w("かも", Intent),
    w("?", Intent),
    w("later", Intent),
    w("plan", Intent),
    w("planned", Intent),
    w("want", Intent),
    w("should", Intent),
    w("maybe", Intent),
    w("soon", Intent),
    w("will", Intent),
    w("tbd", Intent),
    // Words that only hide a shorter one.
    w("オンライン", Other),
    w("有効期限", Other),
    w("決済", Other),
    w("返済", Other),
    w("ありがとう", Other),
    w("アプリケーション", Other),
];

/// The longest line read; the rest of a longer one is left out.
pub const MAX_LINE: usize = 256;

/// A word found in a text: its byte range in the folded text and its class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub class: Class,
}

/// A text as the lexicon reads it: `folded` is NFKC, lower case, at most
/// [`MAX_LINE`] characters; `lexed` is the same with `-`, `_` and `.` as
/// blanks, so that byte offsets in one are offsets in the other.
pub struct Prepared {
    pub folded: String,
    pub lexed: String,
}

pub fn prepare(s: &str) -> Prepared {
    let folded: String = fold(s).chars().take(MAX_LINE).collect();
    let lexed = folded
        .chars()
        .map(|c| if matches!(c, '-' | '_' | '.') { ' ' } else { c })
        .collect();
    Prepared { folded, lexed }
}

/// The lexed form alone.
pub fn normalise(s: &str) -> String {
    prepare(s).lexed
}

/// The lexicon by first character, built once.
fn by_first_char() -> &'static HashMap<char, Vec<&'static Word>> {
    static INDEX: OnceLock<HashMap<char, Vec<&'static Word>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: HashMap<char, Vec<&'static Word>> = HashMap::new();
        for word in LEXICON {
            if let Some(c) = word.text.chars().next() {
                index.entry(c).or_default().push(word);
            }
        }
        index
    })
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// The words of a normalised text, left to right, longest first.
pub fn lex(text: &str) -> Vec<Found> {
    lex_counting(text).0
}

/// [`lex`], and how many lexicon words it compared: at most the largest
/// group of words sharing a first character, per character of the text.
fn lex_counting(text: &str) -> (Vec<Found>, usize) {
    let mut steps = 0;
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let before = text[..at].chars().next_back();
        let Some(first) = rest.chars().next() else {
            break;
        };
        let best = by_first_char()
            .get(&first)
            .into_iter()
            .flatten()
            .inspect(|_| steps += 1)
            .filter(|word| rest.starts_with(word.text))
            .filter(|word| {
                let ascii_start = word.text.chars().next().is_some_and(is_word_char);
                let ascii_end = word.text.chars().next_back().is_some_and(is_word_char);
                let after = rest[word.text.len()..].chars().next();
                (!ascii_start || !before.is_some_and(is_word_char))
                    && (!ascii_end || word.prefix || !after.is_some_and(is_word_char))
            })
            .max_by_key(|word| word.text.len());
        match best {
            Some(word) => {
                found.push(Found {
                    start: at,
                    end: at + word.text.len(),
                    class: word.class,
                });
                at += word.text.len();
            }
            None => at += first.len_utf8(),
        }
    }
    (found, steps)
}

/// Does the label mean two-step verification? `Some(method it implies)`.
pub fn two_factor_label(label: &str) -> Option<Option<Method>> {
    let words = lex(&normalise(label));
    if words.iter().any(|f| f.class == NotTwoFactor) {
        return None;
    }
    words.iter().find_map(|f| match f.class {
        TwoFactor(m) => Some(m),
        _ => None,
    })
}

/// Does the label mean a phone number?
pub fn phone_label(label: &str) -> bool {
    lex(&normalise(label))
        .iter()
        .any(|f| matches!(f.class, Phone(_)))
}

/// The method a word names as a value, if any.
fn method_of(class: Class) -> Option<Method> {
    match class {
        Class::Method(m) | Phone(Some(m)) | TwoFactor(Some(m)) => Some(m),
        _ => None,
    }
}

/// The strongest method named in a folded text (a phone number counts as
/// SMS).
fn method_in(folded: &str, words: &[Found]) -> Option<Method> {
    words
        .iter()
        .filter_map(|f| method_of(f.class))
        .max_by_key(|m| m.precedence())
        .or_else(|| phone::find(folded, Context::Labelled).map(|_| Method::Sms))
}

/// What a 2FA declaration's value says; `None` when it says nothing we
/// understand, or only what someone means to do.
pub fn declaration(value: &str) -> Option<Declared> {
    let Prepared { folded, lexed } = prepare(value);
    let whole = lexed;
    let words = lex(&whole);
    if words.iter().any(|f| f.class == Intent) {
        return None;
    }
    // The first clause decides: "app (SMS disabled)" and "yes, no backup
    // codes" are on; "なし（SMSは未設定）" is off.
    let clause_end = whole
        .char_indices()
        .find(|(i, c)| {
            matches!(c, ',' | '、' | '(' | ';' | '/' | '|' | '。' | '[' | '「')
                && !whole[..*i].trim().is_empty()
        })
        .map_or(whole.len(), |(i, _)| i);
    let first = &folded[..clause_end];
    let in_first: Vec<Found> = words
        .iter()
        .copied()
        .filter(|f| f.end <= clause_end)
        .collect();
    if first.trim().is_empty() {
        return None;
    }
    if in_first.iter().any(|f| f.class == Off) {
        return Some(Declared::Off);
    }
    if let Some(m) = method_in(first, &in_first) {
        return Some(Declared::On(m));
    }
    in_first
        .iter()
        .any(|f| f.class == On)
        .then(|| Declared::On(method_in(&folded, &words).unwrap_or(Method::Declared)))
}

/// A notes line, split into the label it is about and the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// As written (NFKC); for a line that is a bare number, empty.
    pub label: String,
    pub value: String,
    /// The line is a Japanese mobile number and nothing else.
    pub bare_mobile: bool,
    /// The label means 2FA ([`two_factor_label`]), read once here.
    pub about_2fa: bool,
    /// The label means a phone number ([`phone_label`]).
    pub about_phone: bool,
}

impl Line {
    fn new(label: String, value: String) -> Line {
        Line {
            about_2fa: two_factor_label(&label).is_some(),
            about_phone: phone_label(&label),
            label,
            value,
            bare_mobile: false,
        }
    }
}

const BULLETS: &[char] = &[
    '-', '*', '•', '・', '■', '□', '●', '○', '◆', '>', '#', '－', '＊', '＃', '＞', '※',
];

/// The lines of the notes, each as label and value: `label: value` lines
/// once, other lines once per label word they hold.
pub fn lines(notes: &str) -> Vec<Line> {
    let mut out = Vec::new();
    for raw in notes.lines() {
        let line = raw.trim().trim_start_matches(BULLETS).trim();
        if line.is_empty() {
            continue;
        }
        // Long notes are common: only the start of a line is read.
        let line: String = line.chars().take(MAX_LINE).collect();
        if let Some((label, value)) = labelled(&line) {
            let l = Line::new(label, value);
            if l.about_2fa || l.about_phone {
                out.push(l);
                continue;
            }
        }
        if bare_mobile(&line) {
            out.push(Line {
                label: String::new(),
                value: line,
                bare_mobile: true,
                about_2fa: false,
                about_phone: false,
            });
            continue;
        }
        out.extend(free_form(&line));
    }
    out
}

/// `label: value` (also `：`, `=`, `＝`, `【label】value`) with a short label.
fn labelled(line: &str) -> Option<(String, String)> {
    let (label, value) = if let Some(rest) = line.strip_prefix('【') {
        rest.split_once('】')?
    } else {
        let cut = line.find([':', '：', '=', '＝'])?;
        let sep = line[cut..].chars().next()?.len_utf8();
        (&line[..cut], &line[cut + sep..])
    };
    let label = label.trim();
    // A label is short; a sentence with a colon in it is not one.
    if label.is_empty() || label.chars().nth(40).is_some() {
        return None;
    }
    let label: String = label.nfkc().collect();
    Some((label.trim().to_owned(), value.trim().to_owned()))
}

/// A line written without a separator: each 2FA or phone label word in it
/// is a subject, with the rest of the line as its value. A line about
/// backup or recovery codes is not about 2FA.
fn free_form(line: &str) -> Vec<Line> {
    let Prepared { folded, lexed } = prepare(line);
    let words = lex(&lexed);
    let about_codes = words.iter().any(|f| f.class == NotTwoFactor);
    let first_of = |want: fn(Class) -> bool| words.iter().find(|f| want(f.class)).copied();
    let two_factor = if about_codes {
        None
    } else {
        first_of(|c| matches!(c, TwoFactor(_)))
    };
    let phone_word = first_of(|c| matches!(c, Phone(_)));
    [two_factor, phone_word]
        .into_iter()
        .flatten()
        .map(|f| {
            Line::new(
                folded[f.start..f.end].to_owned(),
                format!("{} {}", &folded[..f.start], &folded[f.end..])
                    .trim()
                    .to_owned(),
            )
        })
        .collect()
}

/// A Japanese mobile number (070, 080, 090; with or without +81) and
/// nothing else.
pub fn bare_mobile(line: &str) -> bool {
    if phone::find(line, Context::Bare) != Some(Kind::JpMobile) {
        return false;
    }
    let folded: String = line.nfkc().collect();
    let digits: String = folded.chars().filter(char::is_ascii_digit).collect();
    let national = match folded.trim_start().strip_prefix('+') {
        Some(_) => match digits.strip_prefix("81") {
            Some(n) if n.starts_with('0') => n.to_owned(),
            Some(n) => format!("0{n}"),
            None => return false,
        },
        None => digits,
    };
    ["070", "080", "090"]
        .iter()
        .any(|p| national.starts_with(p))
}

/// Is a phone number noted in this value (under a phone or 2FA label)?
pub fn has_number(value: &str) -> bool {
    phone::find(value, Context::Labelled).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_words_stand_alone_and_japanese_ones_need_not() {
        let classes =
            |s: &str| -> Vec<Class> { lex(&normalise(s)).iter().map(|f| f.class).collect() };
        assert_eq!(classes("phone"), vec![Phone(None)]);
        assert_eq!(classes("hotel"), vec![]);
        assert_eq!(classes("2段階認証ON"), vec![TwoFactor(None), On]);
        assert_eq!(classes("オンラインで"), vec![Other]);
        assert_eq!(classes("有効期限"), vec![Other]);
        assert_eq!(
            classes("SMS認証あり"),
            vec![TwoFactor(Some(Method::Sms)), On]
        );
        assert_eq!(classes("電話番号090"), vec![Phone(Some(Method::Sms))]);
        assert_eq!(classes("two-factor"), vec![TwoFactor(None)]);
        assert_eq!(classes("Tel."), vec![Phone(None)]);
    }

    #[test]
    fn every_lexicon_word_is_in_folded_form_and_found_as_itself() {
        for word in LEXICON {
            assert_eq!(normalise(word.text), word.text, "{}", word.text);
            let found = lex(word.text);
            assert_eq!(found.len(), 1, "{}: {found:?}", word.text);
            assert_eq!(found[0].class, word.class, "{}", word.text);
        }
    }

    #[test]
    fn bare_mobile_numbers() {
        for yes in [
            "090-1234-5678",
            "０８０－１２３４－５６７８",
            "07012345678",
            "+81 90-1234-5678",
            "+81-80-1234-5678",
        ] {
            assert!(bare_mobile(yes), "{yes}");
        }
        for no in [
            "050-1234-5678",
            "03-1234-5678",
            "250-1234567-1234567",
            "090-1234-5678 です",
            "〒150-0001",
            "2024-01-15",
            "4111 1111 1111 1111",
        ] {
            assert!(!bare_mobile(no), "{no}");
        }
    }

    /// No input panics, and the lexer's work grows linearly with the text:
    /// at most the largest first-character group per character.
    #[test]
    fn random_text_never_panics_and_is_read_in_linear_time() {
        let pieces: Vec<&str> = LEXICON
            .iter()
            .map(|w| w.text)
            .chain([
                ":", "：", "=", "【", "】", "-", "－", "ー", " ", "\n", "\t", "0", "９", "+81",
                "090", "(", "（", "?", "İ", "\u{202e}", "\u{301}", "é", "💳", "/", "、",
            ])
            .collect();
        let widest = by_first_char().values().map(Vec::len).max().unwrap();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..3_000 {
            let n = (next() % if round % 100 == 0 { 2_000 } else { 24 }) as usize;
            let text: String = (0..n)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            for l in lines(&text) {
                let _ = declaration(&l.value);
                let _ = has_number(&l.value);
            }
            let _ = declaration(&text);
            let _ = two_factor_label(&text);
            let _ = phone_label(&text);
            let _ = bare_mobile(&text);
            let lexed = prepare(&text).lexed;
            let (_, steps) = lex_counting(&lexed);
            assert!(steps <= widest * (lexed.chars().count() + 1));
            if round % 50 == 0 {
                // Longer than MAX_LINE: read only up to it; and the lexer
                // stays linear on a long text of its own.
                let long = text.repeat(20);
                assert!(normalise(&long).chars().count() <= MAX_LINE);
                let (_, steps) = lex_counting(&long);
                assert!(steps <= widest * (long.chars().count() + 1));
            }
        }
    }
}
