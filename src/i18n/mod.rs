//! User-facing wording, one catalogue per language: [`en`] and [`ja`].
//!
//! A catalogue is a struct, so a message missing from one language is a
//! compile error; a test checks that both spell the same `{placeholders}`.
//! Vault text is filled in by [`fill`] and escaped later by the renderers.

/// Declares [`Messages`] with its English text (in [`en`], the only
/// caller), so a message is named once: the Japanese catalogue is a struct
/// literal of the same type, and one missing there is a compile error.
/// `all()` lists the `(name, template)` pairs for the placeholder test.
macro_rules! messages {
    ($($(#[$m:meta])* $name:ident: $text:expr,)*) => {
        /// Every message outside the account checks: the other rules, the
        /// report's headings and labels, warnings, the action plan.
        pub struct Messages {
            $($(#[$m])* pub $name: &'static str,)*
        }

        impl Messages {
            pub fn all(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($name), self.$name),)*]
            }
        }

        /// The English messages.
        pub const MESSAGES: Messages = Messages {
            $($name: $text,)*
        };
    };
}

pub mod en;
pub mod ja;

pub use en::Messages;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Ja,
}

impl Lang {
    /// Every language a report can be written in.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    pub fn from_code(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    /// The locale's language (`LC_ALL`, then `LC_MESSAGES`, then `LANG`,
    /// as POSIX orders them): Japanese for `ja*`, English otherwise.
    pub fn from_env() -> Lang {
        Self::from_locale(|k| std::env::var(k).ok())
    }

    pub fn from_locale(get: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| get(k))
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        if locale.to_ascii_lowercase().starts_with("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    pub fn text(self) -> &'static Catalog {
        match self {
            Lang::En => &en::CATALOG,
            Lang::Ja => &ja::CATALOG,
        }
    }
}

/// Site-specific advice, keyed by the site id of [`crate::sites`].
pub struct SiteAdvice {
    pub site: &'static str,
    /// Where the 2FA setting lives, as a sentence.
    pub enable_2fa: &'static str,
    /// Why the registered phone number matters on this site, as a sentence.
    pub phone: Option<&'static str>,
    /// How to create a passkey on this site (`{doc}`: its page).
    pub passkey: Option<&'static str>,
    /// How to add an authenticator app when SMS is all that is noted.
    pub add_app: Option<&'static str>,
}

impl Messages {
    /// How often a breached password was seen, in words, from its band
    /// (`details.breach_band`): never the exact count.
    pub fn breach_times(&self, band: &str) -> &'static str {
        match band {
            "1-9" => self.breached_band_1,
            "10-99" => self.breached_band_10,
            "100-999" => self.breached_band_100,
            _ => self.breached_band_1000,
        }
    }
}

/// Every message of the account checks. Placeholders: `{site}`, `{where}`,
/// `{methods}`, `{doc}`, `{date}`, `{note}`.
pub struct Catalog {
    /// The language this catalogue is written in.
    pub lang: Lang,
    /// Shown for an account with no known site.
    pub this_account: &'static str,
    pub no_2fa: &'static str,
    pub no_2fa_declared_off: &'static str,
    pub no_2fa_not_offered: &'static str,
    /// Generic "where to turn it on", with the directory's page.
    pub enable_2fa_doc: &'static str,
    /// Generic "where to turn it on", no page known.
    pub enable_2fa_generic: &'static str,
    pub offers: &'static str,
    pub directory_note: &'static str,
    pub record_2fa: &'static str,
    pub not_offered_fix: &'static str,
    pub unknown_offer: &'static str,
    /// Our Japanese site data has the setting's place but no source says
    /// which second factors the site offers (`{where}`: the place).
    pub unknown_offer_at: &'static str,
    /// Where to turn 2FA on, from our Japanese site data (`{where}`).
    pub enable_2fa_at: &'static str,
    pub no_phone: &'static str,
    pub phone_fix: &'static str,
    /// `{where}` forms: a custom field, a notes line, a tag, the user name,
    /// a stored OTP secret, a stored passkey.
    pub where_field: &'static str,
    pub where_notes: &'static str,
    pub where_tag: &'static str,
    pub where_username: &'static str,
    pub list_sep: &'static str,
    /// The text report's list of accounts (`{n}`: how many).
    pub accounts_heading: &'static str,
    pub two_factor_on: &'static str,
    pub two_factor_off: &'static str,
    pub two_factor_none: &'static str,
    pub phone_noted: &'static str,
    pub phone_none: &'static str,
    /// `{n}` more entries of the same account.
    pub more_entries: &'static str,
    /// `{where}` in parentheses.
    pub in_parens: &'static str,
    /// Sign method id (`app`, `sms`, …, `declared`) -> name.
    pub sign_methods: &'static [(&'static str, &'static str)],
    /// Between sentences: a space in English, nothing in Japanese.
    pub sentence_sep: &'static str,
    /// Directory method id -> name.
    pub methods: &'static [(&'static str, &'static str)],
    pub sites: &'static [SiteAdvice],
    /// Rule id -> its short title, every rule (a test checks), shown as the
    /// heading of its findings with the id beside it.
    pub rule_titles: &'static [(&'static str, &'static str)],
    /// Check id -> its short title, every check.
    pub check_titles: &'static [(&'static str, &'static str)],
    /// Site category (2fa.directory's, and ours) -> its name; a category
    /// not listed is shown as it is named.
    pub category_names: &'static [(&'static str, &'static str)],
    /// Everything else.
    pub msg: Messages,
}

impl Catalog {
    pub fn method(&self, id: &str) -> String {
        named(self.methods, id)
    }

    pub fn sign_method(&self, id: &str) -> String {
        named(self.sign_methods, id)
    }

    /// A day as this language writes it: `2023-04-01` in English,
    /// `2023年4月1日` in Japanese. Anything that is not a date (from a
    /// hand-edited saved report) is kept as it is.
    pub fn date(&self, iso: &str) -> String {
        iso.get(..10)
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or_else(|| iso.to_owned(), |day| self.day(day))
    }

    /// A day as this language writes it (see [`Self::date`]).
    pub fn day(&self, day: chrono::NaiveDate) -> String {
        match self.lang {
            Lang::En => day.format("%Y-%m-%d").to_string(),
            Lang::Ja => day.format("%Y年%-m月%-d日").to_string(),
        }
    }

    /// A span of days as years and months: `3 years 7 months`, `3年7か月`
    /// (months of 30.44 days, rounded down).
    pub fn duration(&self, days: i64) -> String {
        let months = (days.max(0) as f64 / 30.436_875) as i64;
        let (y, mo) = (months / 12, months % 12);
        match self.lang {
            Lang::En => {
                let unit = |n: i64, one: &str, many: &str| {
                    format!("{n} {}", if n == 1 { one } else { many })
                };
                match (y, mo) {
                    (0, mo) => unit(mo, "month", "months"),
                    (y, 0) => unit(y, "year", "years"),
                    (y, mo) => format!(
                        "{} {}",
                        unit(y, "year", "years"),
                        unit(mo, "month", "months")
                    ),
                }
            }
            Lang::Ja => match (y, mo) {
                (0, mo) => format!("{mo}か月"),
                (y, 0) => format!("{y}年"),
                (y, mo) => format!("{y}年{mo}か月"),
            },
        }
    }

    /// A moment (RFC 3339) in the reader's time zone, with the zone:
    /// `2026-12-02 06:33 (UTC+09:00)`, `2026年12月2日 6:33（日本時間）`.
    pub fn local_time(&self, rfc3339: &str, zone: chrono::FixedOffset) -> String {
        let Ok(t) = chrono::DateTime::parse_from_rfc3339(rfc3339) else {
            return rfc3339.to_owned();
        };
        let t = t.with_timezone(&zone);
        let offset = zone.local_minus_utc();
        let zone_name = if offset == 0 {
            "UTC".to_owned()
        } else {
            let sign = if offset < 0 { '-' } else { '+' };
            let m = offset.unsigned_abs() / 60;
            format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
        };
        match self.lang {
            Lang::En => format!("{} ({zone_name})", t.format("%Y-%m-%d %H:%M")),
            Lang::Ja => {
                let zone_name = if offset == 9 * 3600 {
                    "日本時間".to_owned()
                } else {
                    zone_name
                };
                format!("{}（{zone_name}）", t.format("%Y年%-m月%-d日 %-H:%M"))
            }
        }
    }

    /// A rule's title; its id for a rule this version does not know (a
    /// saved report of another version).
    pub fn rule_title(&self, id: &str) -> String {
        named(self.rule_titles, id)
    }

    /// A category's name in this language.
    pub fn category(&self, id: &str) -> String {
        named(self.category_names, id)
    }

    /// A check's title, or its id.
    pub fn check_title(&self, id: &str) -> String {
        named(self.check_titles, id)
    }

    pub fn site(&self, id: &str) -> Option<&SiteAdvice> {
        self.sites.iter().find(|s| s.site == id)
    }

    /// Every template with its name, for the placeholder test.
    pub fn templates(&self) -> Vec<(&'static str, &'static str)> {
        let mut v = vec![
            ("this_account", self.this_account),
            ("no_2fa", self.no_2fa),
            ("no_2fa_declared_off", self.no_2fa_declared_off),
            ("no_2fa_not_offered", self.no_2fa_not_offered),
            ("enable_2fa_doc", self.enable_2fa_doc),
            ("enable_2fa_generic", self.enable_2fa_generic),
            ("offers", self.offers),
            ("directory_note", self.directory_note),
            ("record_2fa", self.record_2fa),
            ("not_offered_fix", self.not_offered_fix),
            ("unknown_offer", self.unknown_offer),
            ("unknown_offer_at", self.unknown_offer_at),
            ("enable_2fa_at", self.enable_2fa_at),
            ("no_phone", self.no_phone),
            ("phone_fix", self.phone_fix),
            ("where_field", self.where_field),
            ("where_notes", self.where_notes),
            ("where_tag", self.where_tag),
            ("where_username", self.where_username),
            ("accounts_heading", self.accounts_heading),
            ("two_factor_on", self.two_factor_on),
            ("two_factor_off", self.two_factor_off),
            ("two_factor_none", self.two_factor_none),
            ("phone_noted", self.phone_noted),
            ("phone_none", self.phone_none),
            ("more_entries", self.more_entries),
            ("in_parens", self.in_parens),
        ];
        v.extend(self.msg.all());
        for s in self.sites {
            v.push((s.site, s.enable_2fa));
            for p in [s.phone, s.passkey, s.add_app].into_iter().flatten() {
                v.push((s.site, p));
            }
        }
        v
    }
}

impl Catalog {
    /// A severity's name in this language.
    pub fn severity(&self, s: crate::rules::Severity) -> &'static str {
        use crate::rules::Severity::*;
        match s {
            Critical => self.msg.sev_critical,
            High => self.msg.sev_high,
            Medium => self.msg.sev_medium,
            Low => self.msg.sev_low,
            Info => self.msg.sev_info,
        }
    }
}

/// The name an id has in a catalogue's list, or the id itself.
fn named(list: &[(&str, &str)], id: &str) -> String {
    list.iter()
        .find(|(k, _)| *k == id)
        .map_or_else(|| id.to_owned(), |(_, v)| (*v).to_owned())
}

/// Replace each `{name}` in a template.
pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    // One pass over the template: a value that itself holds `{name}` (a
    // vault called "{excluded}") is copied as it is, never filled in.
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(t: &str) -> BTreeSet<String> {
        let mut set = BTreeSet::new();
        let mut rest = t;
        while let Some(i) = rest.find('{') {
            let after = &rest[i + 1..];
            match after.find('}') {
                Some(j) => {
                    set.insert(after[..j].to_owned());
                    rest = &after[j + 1..];
                }
                None => break,
            }
        }
        set
    }

    #[test]
    fn both_languages_have_the_same_placeholders_and_sites() {
        let en = Lang::En.text().templates();
        let ja = Lang::Ja.text().templates();
        assert_eq!(en.len(), ja.len());
        for ((ke, te), (kj, tj)) in en.iter().zip(&ja) {
            assert_eq!(ke, kj);
            assert_eq!(placeholders(te), placeholders(tj), "{ke}: {te} / {tj}");
            let known: BTreeSet<&str> = [
                "site",
                "where",
                "methods",
                "doc",
                "date",
                "note",
                "n",
                "method",
                "times",
                "total",
                "source",
                "why",
                "accounts",
                "score",
                "min",
                "len",
                "account",
                "domain",
                "vault",
                "title",
                "name",
                "value",
                "excluded",
                "bin",
                "rule",
                "tool",
                "path",
                "format",
                "kdf",
                "cipher",
                "audited",
                "new",
                "known",
                "resolved",
                "parts",
                "others",
                "label",
                "actions",
                "reason",
                "count",
                "penalty",
                "id",
                "severity",
                "offered",
                "list",
                "passwordless",
                "mfa",
                "date2",
                "members",
                "rounds",
                "ms",
                "mib",
                "iterations",
                "min_mib",
                "min_ms",
                "max",
                "days",
                "years",
                "distinct",
                "status",
                "what",
                "file",
                "numbers",
                "mailbox",
                "number",
                "sites",
                "ways",
                "breached",
                "reused",
                "history",
                "entries",
            ]
            .into();
            // Punctuation that one language does without.
            const MAY_BE_EMPTY: &[&str] = &["action_end", "action_sep"];
            if !MAY_BE_EMPTY.contains(ke) {
                assert!(!te.trim().is_empty(), "{ke}: empty in English");
                assert!(!tj.trim().is_empty(), "{ke}: empty in Japanese");
            }
            for p in placeholders(te) {
                assert!(known.contains(p.as_str()), "{ke}: unknown {{{p}}}");
            }
        }
        let me: Vec<_> = Lang::En.text().methods.iter().map(|m| m.0).collect();
        let mj: Vec<_> = Lang::Ja.text().methods.iter().map(|m| m.0).collect();
        assert_eq!(me, mj);
        let se: Vec<_> = Lang::En.text().sign_methods.iter().map(|m| m.0).collect();
        let sj: Vec<_> = Lang::Ja.text().sign_methods.iter().map(|m| m.0).collect();
        assert_eq!(se, sj);
        assert_eq!(
            se,
            [
                "app",
                "sms",
                "call",
                "email",
                "security-key",
                "passkey",
                "declared"
            ]
        );
        for s in Lang::En.text().sites {
            assert!(
                crate::sites::Directory::builtin()
                    .site_by_id(s.site)
                    .is_some(),
                "advice for unknown site {}",
                s.site
            );
        }
    }

    #[test]
    fn every_rule_and_check_has_a_title_in_both_languages() {
        for lang in [Lang::En, Lang::Ja] {
            let t = lang.text();
            let rules: Vec<&str> = t.rule_titles.iter().map(|r| r.0).collect();
            let want: Vec<&str> = crate::rules::RULES.iter().map(|r| r.name).collect();
            assert_eq!(rules, want, "{lang:?}: rule titles in the registry's order");
            let checks: Vec<&str> = t.check_titles.iter().map(|c| c.0).collect();
            for r in crate::rules::RULES {
                assert!(
                    checks.contains(&r.check.as_str()),
                    "{lang:?}: {:?}",
                    r.check
                );
            }
            for (_, title) in t.rule_titles.iter().chain(t.check_titles) {
                assert!(!title.trim().is_empty());
            }
        }
        for ((_, e), (_, j)) in Lang::En
            .text()
            .rule_titles
            .iter()
            .zip(Lang::Ja.text().rule_titles)
        {
            assert_ne!(e, j);
        }
    }

    #[test]
    fn every_message_is_translated() {
        // Same text in both languages only where it is a name or a symbol.
        const SAME: &[&str] = &["url_label"];
        let en = Lang::En.text().msg.all();
        let ja = Lang::Ja.text().msg.all();
        assert_eq!(en.len(), ja.len());
        for ((k, e), (_, j)) in en.iter().zip(&ja) {
            if SAME.contains(k) {
                continue;
            }
            assert_ne!(e, j, "{k} is not translated");
            let has_japanese = j.chars().any(|c| {
                ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c)
            });
            assert!(
                has_japanese || j.chars().all(|c| !c.is_ascii_alphabetic()),
                "{k}: {j}"
            );
        }
    }

    #[test]
    fn locale_picks_the_language() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|p| p.0 == k).map(|p| p.1.to_owned())
        };
        assert_eq!(Lang::from_locale(env(&[("LANG", "ja_JP.UTF-8")])), Lang::Ja);
        assert_eq!(Lang::from_locale(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale(env(&[
                ("LC_ALL", ""),
                ("LC_MESSAGES", "ja_JP"),
                ("LANG", "C")
            ])),
            Lang::Ja
        );
    }

    #[test]
    fn dates_and_times_in_each_language() {
        let (en, ja) = (Lang::En.text(), Lang::Ja.text());
        assert_eq!(en.date("2023-04-01T00:00:00Z"), "2023-04-01");
        assert_eq!(ja.date("2023-04-01"), "2023年4月1日");
        assert_eq!(ja.date("not a date"), "not a date");
        let tokyo = chrono::FixedOffset::east_opt(9 * 3600).unwrap();
        assert_eq!(
            ja.local_time("2026-12-01T21:33:00Z", tokyo),
            "2026年12月2日 6:33（日本時間）"
        );
        assert_eq!(
            en.local_time("2026-12-01T21:33:00Z", tokyo),
            "2026-12-02 06:33 (UTC+09:00)"
        );
        assert_eq!(ja.duration(1340), "3年8か月");
        assert_eq!(en.duration(1320), "3 years 7 months");
        assert_eq!(en.duration(366), "1 year");
        assert_eq!(ja.duration(40), "1か月");
        let utc = chrono::FixedOffset::east_opt(0).unwrap();
        assert_eq!(
            en.local_time("2026-12-01T21:33:00Z", utc),
            "2026-12-01 21:33 (UTC)"
        );
        let ny = chrono::FixedOffset::west_opt(5 * 3600).unwrap();
        assert_eq!(
            ja.local_time("2026-12-01T21:33:00Z", ny),
            "2026年12月1日 16:33（UTC-05:00）"
        );
    }

    #[test]
    fn fill_replaces_every_placeholder() {
        assert_eq!(
            fill("{site}: {where} {site}", &[("site", "A"), ("where", "b")]),
            "A: b A"
        );
        // Values are never filled in again; unknown names stay.
        assert_eq!(
            fill("{vault}: {n} {x}", &[("vault", "{n}"), ("n", "3")]),
            "{n}: 3 {x}"
        );
        assert_eq!(fill("a { b", &[("b", "c")]), "a { b");
        assert_eq!(fill("{", &[]), "{");
    }
}
