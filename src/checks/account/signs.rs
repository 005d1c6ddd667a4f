//! What an entry says about its account's second factor and phone number.
//!
//! Signs of 2FA, strongest first: a stored one-time-password secret (every
//! convention in use), a stored passkey, a declaration (`2FA: SMS` as a
//! custom field or a notes line), a tag. A declaration that says 2FA is off
//! (`2段階認証: なし`) overrides tags and other declarations: the person
//! wrote it down. Only a stored secret or passkey outranks it.
//!
//! A phone number is noted when a field or notes line labelled phone/電話/…
//! holds one (see [`super::phone`]), when a 2FA declaration names one, or
//! when the user name is one. Secret values are only tested for presence
//! and shape, never copied.

use super::notes::{self, declaration, has_number, phone_label, two_factor_label};
pub use super::notes::{Declared, Method};
use super::phone::{self, Context};
use crate::model::{Entry, FieldValue};
use crate::text::fold as norm;

/// Where a sign was found: the report's [`crate::report::NoteKind`].
pub use crate::report::NoteKind as Where;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sign {
    pub place: Where,
    /// Field name, notes label or tag (vault text); empty for the user name.
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TwoFactor {
    On { method: Method, sign: Sign },
    Off { sign: Sign },
    NotNoted,
}

/// Custom fields that hold an OTP secret, by convention: KeePass 2.47+
/// (`TimeOtp-*`, `HmacOtp-*`) and KeeTrayTOTP (`TOTP Seed`). KeePassXC's
/// `otp` is handled apart, as its value has a shape.
const OTP_FIELDS: &[&str] = &[
    "timeotp-secret",
    "timeotp-secret-hex",
    "timeotp-secret-base32",
    "timeotp-secret-base64",
    "hmacotp-secret",
    "hmacotp-secret-hex",
    "hmacotp-secret-base32",
    "hmacotp-secret-base64",
    "totp seed",
];

const PASSKEY_PREFIXES: &[&str] = &["kpex_passkey_", "kpxc_passkey_"];

fn is_secret_convention(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "otp"
        || n == "totp settings"
        || OTP_FIELDS.contains(&n.as_str())
        || n.starts_with("timeotp-")
        || n.starts_with("hmacotp-")
        || PASSKEY_PREFIXES.iter().any(|p| n.starts_with(p))
}

fn field_text(v: &FieldValue) -> &str {
    match v {
        FieldValue::Plain(s) => s,
        FieldValue::Protected(s) => s.expose(),
    }
}

fn value_has<F: Fn(&str) -> bool>(v: &FieldValue, test: F) -> bool {
    test(field_text(v))
}

fn otp_shape(s: &str) -> bool {
    let t = s.trim();
    t.get(..10)
        .is_some_and(|p| p.eq_ignore_ascii_case("otpauth://"))
        || t.split('&').any(|kv| kv.trim().starts_with("key="))
}

fn hand_named_secret(name: &str) -> bool {
    let n = norm(name);
    ["secret", "seed", "key", "シークレット", "秘密鍵"]
        .iter()
        .any(|w| n.contains(w))
}

/// A label as the report shows it: a phone number inside it is masked
/// (`2FA 090-1234-5678` -> `2FA ***-****-****`), as the report never
/// shows one.
pub fn shown_label(label: &str) -> String {
    if phone::find(label, Context::Labelled).is_some() {
        // Mask runs of two or more digits, so "2FA" keeps its 2.
        let chars: Vec<char> = label.chars().collect();
        let digit = |k: usize| chars.get(k).is_some_and(|c| c.is_numeric());
        (0..chars.len())
            .map(|k| {
                if digit(k) && (digit(k + 1) || (k > 0 && digit(k - 1))) {
                    '*'
                } else {
                    chars[k]
                }
            })
            .collect()
    } else {
        label.to_owned()
    }
}

/// Tags that mean 2FA is on, and their method.
fn tag_method(tag: &str) -> Option<Method> {
    let n = norm(tag);
    match n.as_str() {
        "totp" | "otp" => Some(Method::App),
        "passkey" | "passkeys" | "パスキー" => Some(Method::Passkey),
        "2fa" | "mfa" | "2sv" | "two-factor" | "2段階認証" | "二段階認証" | "2要素認証"
        | "二要素認証" | "多要素認証" => Some(Method::Declared),
        _ => None,
    }
}

fn rank(t: &TwoFactor) -> u8 {
    match t {
        TwoFactor::On { sign, method } => match (sign.place, method) {
            (Where::OtpSecret, _) => 8,
            (Where::Passkey, _) => 7,
            (Where::Field | Where::Notes, m) if *m != Method::Declared => 4,
            (Where::Tag, m) if *m != Method::Declared => 3,
            (Where::Field | Where::Notes, _) => 2,
            _ => 1,
        },
        // A written "off" beats tags and other declarations; a stored
        // secret or passkey is stronger evidence than any note.
        TwoFactor::Off { .. } => 6,
        TwoFactor::NotNoted => 0,
    }
}

/// The strongest of two findings about the same account (an "off"
/// declaration beats everything but a stored secret or passkey).
pub fn stronger(a: TwoFactor, b: TwoFactor) -> TwoFactor {
    if rank(&b) > rank(&a) { b } else { a }
}

/// The 2FA evidence of one entry: the strongest of its signs.
pub fn two_factor(e: &Entry) -> TwoFactor {
    evidence(e).into_iter().fold(TwoFactor::NotNoted, stronger)
}

/// Every 2FA sign of one entry, in the order found (fields, notes, tags).
pub fn evidence(e: &Entry) -> Vec<TwoFactor> {
    let mut found = Vec::new();
    let on = |place, label: &str, method| TwoFactor::On {
        method,
        sign: Sign {
            place,
            label: shown_label(label),
        },
    };
    for f in &e.custom_fields {
        let n = f.name.to_ascii_lowercase();
        let otp = (n == "otp" && value_has(&f.value, otp_shape))
            || (OTP_FIELDS.contains(&n.as_str()) && value_has(&f.value, |s| !s.trim().is_empty()));
        if otp {
            found.push(on(Where::OtpSecret, &f.name, Method::App));
        } else if PASSKEY_PREFIXES.iter().any(|p| n.starts_with(p))
            && value_has(&f.value, |s| !s.trim().is_empty())
        {
            found.push(on(Where::Passkey, &f.name, Method::Passkey));
        } else if !is_secret_convention(&f.name)
            && two_factor_label(&f.name).is_some()
            && hand_named_secret(&f.name)
            && value_has(&f.value, |s| !s.trim().is_empty())
        {
            // "2FA secret", "TOTP key", "シークレット": a secret stored by hand.
            found.push(on(Where::OtpSecret, &f.name, Method::App));
        } else if !is_secret_convention(&f.name) && two_factor_label(&f.name).is_some() {
            found.push(declared(Where::Field, &f.name, field_text(&f.value)));
        }
    }
    for line in notes::lines(&e.notes) {
        if line.about_2fa {
            found.push(declared(Where::Notes, &line.label, &line.value));
        }
    }
    for t in &e.tags {
        if let Some(m) = tag_method(t) {
            found.push(on(Where::Tag, t, m));
        }
    }
    found.retain(|t| *t != TwoFactor::NotNoted);
    found
}

fn declared(place: Where, label: &str, value: &str) -> TwoFactor {
    let sign = Sign {
        place,
        label: shown_label(label),
    };
    match declaration(value) {
        Some(Declared::On(method)) => TwoFactor::On { method, sign },
        Some(Declared::Off) => TwoFactor::Off { sign },
        None => TwoFactor::NotNoted,
    }
}

/// Where the entry notes a phone number, if it does.
pub fn phone(e: &Entry) -> Option<Sign> {
    let sign = |place, label: &str| Sign {
        place,
        label: shown_label(label),
    };
    for f in &e.custom_fields {
        if is_secret_convention(&f.name) {
            continue;
        }
        if (phone_label(&f.name) || two_factor_label(&f.name).is_some())
            && value_has(&f.value, has_number)
        {
            return Some(sign(Where::Field, &f.name));
        }
    }
    for line in notes::lines(&e.notes) {
        if line.bare_mobile {
            // The label shown is the number, masked.
            return Some(sign(Where::Notes, &line.value));
        }
        if (line.about_phone || line.about_2fa) && has_number(&line.value) {
            return Some(sign(Where::Notes, &line.label));
        }
    }
    if phone::find(e.username_for_matching(), Context::Bare).is_some() {
        return Some(sign(Where::Username, ""));
    }
    None
}

/// Every phone number the entry notes (the places [`phone`] looks at), each
/// once, in the order found.
pub fn phone_numbers(e: &Entry) -> Vec<phone::Number> {
    let mut out: Vec<phone::Number> = Vec::new();
    let mut add = |n: Option<(phone::Kind, phone::Number)>| {
        let Some((_, n)) = n else { return };
        match out.iter().position(|o| o.same_line(&n)) {
            // A masked note of a number written out elsewhere: keep the
            // number written out.
            Some(i) if out[i].is_masked() && !n.is_masked() => out[i] = n,
            Some(_) => {}
            None => out.push(n),
        }
    };
    for f in &e.custom_fields {
        if is_secret_convention(&f.name) {
            continue;
        }
        if phone_label(&f.name) || two_factor_label(&f.name).is_some() {
            for line in field_text(&f.value).lines() {
                add(phone::find_number(line, Context::Labelled));
            }
        }
    }
    for line in notes::lines(&e.notes) {
        if line.bare_mobile || line.about_phone || line.about_2fa {
            add(phone::find_number(&line.value, Context::Labelled));
        }
    }
    add(phone::find_number(e.username_for_matching(), Context::Bare));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_factor_labels() {
        for l in [
            "2FA",
            "2fa method",
            "MFA",
            "Two-factor",
            "Two factor authentication",
            "2-Step Verification",
            "2-step",
            "2SV",
            "TOTP",
            "Authenticator app",
            "2段階認証",
            "２段階認証",
            "二段階認証",
            "2要素認証",
            "認証アプリ",
            "ワンタイムパスワード",
            "SMS認証",
        ] {
            assert!(two_factor_label(l).is_some(), "{l}");
        }
        for l in [
            "Notes",
            "Phone",
            "PIN",
            "Security question",
            "2FA backup codes",
            "バックアップコード",
            "Recovery codes",
            "Username",
            "Software",
            "ステップ",
            "Factory",
        ] {
            assert!(two_factor_label(l).is_none(), "{l}");
        }
    }

    #[test]
    fn phone_labels() {
        for l in [
            "Phone",
            "phone number",
            "Phone (recovery)",
            "Mobile",
            "TEL",
            "Tel.",
            "SMS",
            "Cell",
            "電話",
            "電話番号",
            "携帯",
            "携帯電話",
            "携帯番号",
            "登録電話番号",
            "電話番号（SMS）",
            "ＴＥＬ",
            "スマホ",
        ] {
            assert!(phone_label(l), "{l}");
        }
        for l in [
            "Notes",
            "Address",
            "住所",
            "会員番号",
            "Order number",
            "Hotel",
            "郵便番号",
        ] {
            assert!(!phone_label(l), "{l}");
        }
    }

    #[test]
    fn declarations_in_both_languages() {
        use Declared::*;
        let cases: &[(&str, Option<Declared>)] = &[
            ("SMS", Some(On(Method::Sms))),
            ("sms to 090-1234-5678", Some(On(Method::Sms))),
            ("090-1234-5678", Some(On(Method::Sms))),
            ("app", Some(On(Method::App))),
            ("Google Authenticator", Some(On(Method::App))),
            ("Authy", Some(On(Method::App))),
            ("TOTP", Some(On(Method::App))),
            ("security key (YubiKey)", Some(On(Method::SecurityKey))),
            ("passkey", Some(On(Method::Passkey))),
            ("voice call", Some(On(Method::Call))),
            ("email", Some(On(Method::Email))),
            ("on", Some(On(Method::Declared))),
            ("Yes", Some(On(Method::Declared))),
            ("enabled", Some(On(Method::Declared))),
            ("有効", Some(On(Method::Declared))),
            ("オン", Some(On(Method::Declared))),
            ("設定済み", Some(On(Method::Declared))),
            ("有効（SMS）", Some(On(Method::Sms))),
            ("認証アプリ", Some(On(Method::App))),
            ("ＳＭＳ", Some(On(Method::Sms))),
            ("メール", Some(On(Method::Email))),
            ("none", Some(Off)),
            ("No", Some(Off)),
            ("off", Some(Off)),
            ("disabled", Some(Off)),
            ("not enabled", Some(Off)),
            ("not set up yet", Some(Off)),
            ("なし", Some(Off)),
            ("無し", Some(Off)),
            ("無効", Some(Off)),
            ("オフ", Some(Off)),
            ("未設定", Some(Off)),
            ("設定していない", Some(Off)),
            ("", None),
            ("ask Bob", None),
            ("2023-04-01", None),
            // negatives that contain an "on" word
            ("有効ではない", Some(Off)),
            ("有効にしていません", Some(Off)),
            ("ありません", Some(Off)),
            ("対応していません", Some(Off)),
            ("isn't enabled", Some(Off)),
            ("TODO: enable", Some(Off)),
            ("なし（SMSは未設定）", Some(Off)),
            // the first clause decides
            ("authenticator app (SMS disabled)", Some(On(Method::App))),
            ("app, no SMS", Some(On(Method::App))),
            ("yes (no backup codes)", Some(On(Method::Declared))),
            ("SMS／認証アプリなし", Some(On(Method::Sms))),
        ];
        for (v, want) in cases {
            assert_eq!(notes::declaration(v), *want, "{v:?}");
        }
    }

    #[test]
    fn note_lines_split_labels() {
        let notes = "2FA: SMS\n- 電話番号：０９０－１２３４－５６７８\n【携帯】090-1111-2222\nThis is a long sentence that happens to contain a colon somewhere: yes\nno colon here\nPIN = 1234\n2段階認証ON";
        let got: Vec<(String, String)> = notes::lines(notes)
            .into_iter()
            .map(|l| (l.label, l.value))
            .collect();
        assert_eq!(
            got,
            vec![
                ("2FA".into(), "SMS".into()),
                ("電話番号".into(), "０９０－１２３４－５６７８".into()),
                ("携帯".into(), "090-1111-2222".into()),
                ("2段階認証".into(), "on".into()),
            ]
        );
    }
}

#[cfg(test)]
mod corpus {
    use super::*;

    /// `tests/data/notes-corpus.tsv`: realistic notes lines in both
    /// languages, each with the reading it must get as the whole notes of
    /// an entry.
    #[test]
    fn every_line_of_the_notes_corpus_reads_as_labelled() {
        let corpus = include_str!("../../../tests/data/notes-corpus.tsv");
        let mut failures = Vec::new();
        let mut counts = std::collections::BTreeMap::new();
        for row in corpus
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let cols: Vec<&str> = row.splitn(4, '\t').collect();
            let [lang, want_2fa, want_phone, line] = cols[..] else {
                panic!("malformed row: {row:?}");
            };
            *counts.entry(lang).or_insert(0) += 1;
            let e = Entry::for_test("Shop", "x").with_notes(line);
            let got_2fa = match two_factor(&e) {
                TwoFactor::On { method, .. } => format!("on:{}", method.as_str()),
                TwoFactor::Off { .. } => "off".to_owned(),
                TwoFactor::NotNoted => "-".to_owned(),
            };
            let got_phone = if phone(&e).is_some() { "phone" } else { "-" };
            if got_2fa != want_2fa || got_phone != want_phone {
                failures.push(format!(
                    "{line:?}: want {want_2fa} {want_phone}, got {got_2fa} {got_phone}"
                ));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
        assert!(counts.values().sum::<usize>() >= 100, "{counts:?}");
        assert!(counts["ja"] >= 50 && counts["en"] >= 30, "{counts:?}");
    }
}

#[cfg(test)]
mod entry_tests {
    use super::*;
    use crate::model::CustomField;
    use crate::secret::Secret;

    fn entry(fields: &[(&str, &str)], notes: &str, tags: &[&str]) -> Entry {
        Entry {
            uuid: String::new(),
            title: "t".into(),
            group: vec![],
            username: String::new(),
            urls: vec![],
            notes: notes.into(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            custom_fields: fields
                .iter()
                .map(|(k, v)| CustomField {
                    name: (*k).to_owned(),
                    value: FieldValue::Protected(Secret::from_str_copy(v)),
                })
                .collect(),
            password: Secret::from_str_copy(""),
            password_unresolved: false,
            username_resolved: None,
            url_resolved: None,
            created: None,
            modified: None,
            expires: None,
            history: vec![],
            excluded: false,
        }
    }

    #[test]
    fn a_stored_secret_beats_a_written_off_and_off_beats_a_tag() {
        let e = entry(
            &[("otp", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP")],
            "2FA: off",
            &[],
        );
        assert!(matches!(
            two_factor(&e),
            TwoFactor::On {
                method: Method::App,
                ..
            }
        ));
        let e = entry(&[], "2FA: off", &["2FA"]);
        assert!(matches!(two_factor(&e), TwoFactor::Off { .. }));
        let e = entry(&[("2FA secret", "JBSWY3DPEHPK3PXP")], "", &[]);
        match two_factor(&e) {
            TwoFactor::On { method, sign } => {
                assert_eq!(method, Method::App);
                assert_eq!(sign.place, Where::OtpSecret);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_phone_number_in_a_label_is_masked() {
        let e = entry(&[], "2FA 090-1234-5678: SMS", &[]);
        match two_factor(&e) {
            TwoFactor::On { sign, .. } => assert_eq!(sign.label, "2FA ***-****-****"),
            other => panic!("{other:?}"),
        }
        // The number is in the label, not the value: not "noted" there.
        assert_eq!(phone(&entry(&[], "2FA 090-1234-5678: SMS", &[])), None);
        assert_eq!(
            shown_label("Tel 03-1234-5678 (home)"),
            "Tel **-****-**** (home)"
        );
        assert_eq!(shown_label("Phone (recovery)"), "Phone (recovery)");
    }
}
