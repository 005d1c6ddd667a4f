//! User-facing wording, one catalogue per language: [`en`] and [`ja`].
//!
//! A catalogue is a struct, so a message missing from one language is a
//! compile error; a test checks that both spell the same `{placeholders}`.
//! Vault text is filled in by [`fill`] and escaped later by the renderers.

pub mod en;
pub mod ja;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Ja,
}

impl Lang {
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

/// Declares [`Messages`] and its list of `(name, template)` pairs, so that
/// a message added to one language is a compile error in the other and the
/// placeholder test sees every template.
macro_rules! messages {
    ($($(#[$m:meta])* $name:ident,)*) => {
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
    };
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

messages! {
    // The rules.
    breached_msg,
    breached_band_1,
    breached_band_10,
    breached_band_100,
    breached_band_1000,
    breached_fix,
    breach_off,
    breach_incomplete,
    accounts_off,
    reused_msg,
    reused_fix,
    empty_msg,
    empty_fix,
    weak_msg,
    weak_fix,
    expired_msg,
    expired_fix,
    insecure_msg,
    insecure_fix,
    duplicate_same_msg,
    duplicate_same_fix,
    duplicate_diff_msg,
    duplicate_diff_fix,
    duplicate_phone_user,
    shared_msg,
    shared_fix,
    vault_legacy_msg,
    vault_legacy_fix,
    vault_kdf_aes_msg,
    vault_kdf_argon_msg,
    vault_kdf_fix,
    vault_master_weak_msg,
    vault_master_weak_fix,
    same_master_msg,
    same_master_fix,
    master_key_age_msg,
    master_key_rec_msg,
    master_key_force_msg,
    master_key_age_fix,
    stale_msg,
    stale_fix,
    similar_msg,
    similar_fix,
    reused_old_msg,
    reused_old_fix,
    history_secrets_msg,
    history_secrets_fix,
    history_breach_off,
    history_incomplete,
    passkey_msg,
    passkey_fix_doc,
    passkey_fix_generic,
    passkeys_note,
    passkey_store,
    passkey_passwordless,
    passkey_mfa_only,
    sms_only_msg,
    sms_only_fix,
    sms_only_store,
    // `kdbx-audit sites DOMAIN`.
    sites_unknown,
    sites_site,
    sites_source_directory,
    sites_source_ours,
    sites_categories,
    sites_shopping_yes,
    sites_shopping_no,
    sites_2fa,
    sites_2fa_none,
    sites_2fa_unknown,
    sites_doc,
    sites_notes_2fa,
    sites_passkeys,
    sites_passkeys_none,
    sites_passkeys_doc,
    sites_notes_passkeys,
    sites_advice,
    yes,
    no,
    sites_data,
    // Warnings in the report.
    warn_nothing_audited,
    warn_unresolved,
    warn_refs_too_long,
    warn_as_of_env,
    ignore_lapsed,
    ignore_unused,
    // Headings and labels.
    report_title,
    generated,
    vault_line,
    policy_line,
    baseline_line,
    score_line,
    score_heading,
    score_explain,
    no_findings,
    nothing_audited,
    findings_line,
    severity_count,
    sev_critical,
    sev_high,
    sev_medium,
    sev_low,
    sev_info,
    plan_heading,
    plan_none,
    plan_more,
    details_heading,
    fix_label,
    url_label,
    untitled,
    new_mark,
    checks_heading,
    status_complete,
    status_incomplete,
    status_skipped,
    looked_up,
    unchecked,
    warnings_heading,
    warning_label,
    ignored_heading,
    ignored_hint,
    ignored_reason,
    ignored_until,
    resolved_heading,
    not_rechecked_heading,
    baseline_old_schema,
    baseline_incomplete,
    chart_severity,
    chart_rules,
    col_severity,
    col_rule,
    col_entries,
    col_finding,
    col_fix,
    col_check,
    col_status,
    col_site,
    col_entry,
    col_2fa,
    col_phone,
    col_vault,
    col_format,
    col_kdf,
    col_audited,
    col_excluded,
    col_bin,
    col_score,
    col_member,
    members_heading,
    member_failed,
    privacy_note,
    baseline_other_vaults,
    // The action plan.
    act_change_password,
    act_enable_2fa,
    act_keep_unique,
    act_note_phone,
    act_merge,
    act_fix_url,
    act_add_app,
    act_add_passkey,
    act_review,
    act_change_together,
    act_harden_vault,
    act_change_master,
    why_stale,
    why_similar,
    why_reused_old,
    act_purge_history,
    why_breached,
    why_reused,
    why_weak,
    why_empty,
    why_expired,
    and_more,
    list_and,
}

/// Every message of the account checks. Placeholders: `{site}`, `{where}`,
/// `{methods}`, `{doc}`, `{date}`, `{note}`.
pub struct Catalog {
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
    /// Everything else.
    pub msg: Messages,
}

impl Catalog {
    pub fn method(&self, id: &str) -> String {
        self.methods
            .iter()
            .find(|(k, _)| *k == id)
            .map_or_else(|| id.to_owned(), |(_, v)| (*v).to_owned())
    }

    pub fn sign_method(&self, id: &str) -> String {
        self.sign_methods
            .iter()
            .find(|(k, _)| *k == id)
            .map_or_else(|| id.to_owned(), |(_, v)| (*v).to_owned())
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
                "breached",
                "reused",
                "history",
                "entries",
            ]
            .into();
            assert!(!te.trim().is_empty(), "{ke}: empty in English");
            assert!(!tj.trim().is_empty(), "{ke}: empty in Japanese");
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
