//! The mailbox behind an account: the address an account signs in with or
//! recovers through (its user name, or a noted `Email`/`メール` field or
//! notes line), the entry of the vaults (or household) that holds that
//! mailbox, and what is wrong with that entry.
//!
//! A mailbox entry is one at a mail provider's sign-in site (Google,
//! Microsoft, Yahoo! JAPAN, Yahoo, Apple, docomo, au, SoftBank) whose user
//! name is the address, or its local part; or an entry of the `email`
//! category (its site, group or tag) whose user name is the address. An
//! address no entry holds is "not in this vault": no finding.

use std::collections::HashMap;

use super::signs::{self, TwoFactor};
use crate::checks::{Ctx, Loc, account_key};
use crate::lookups::{Lookups, Verdict};
use crate::model::{Entry, FieldValue};
use crate::rules::Protects;
use crate::url;

/// Mail providers: the domains of their addresses and the registrable
/// domains people sign in at.
const PROVIDERS: &[(&[&str], &[&str])] = &[
    (
        &["gmail.com", "googlemail.com"],
        &["google.com", "gmail.com"],
    ),
    (
        &[
            "outlook.com",
            "outlook.jp",
            "hotmail.com",
            "hotmail.co.jp",
            "live.com",
            "live.jp",
            "msn.com",
        ],
        &["live.com", "outlook.com", "microsoft.com", "hotmail.com"],
    ),
    (&["yahoo.co.jp", "ymail.ne.jp"], &["yahoo.co.jp"]),
    (&["yahoo.com", "ymail.com"], &["yahoo.com"]),
    (
        &["icloud.com", "me.com", "mac.com"],
        &["apple.com", "icloud.com"],
    ),
    (&["docomo.ne.jp"], &["docomo.ne.jp"]),
    (
        &["ezweb.ne.jp", "au.com"],
        &["au.com", "kddi.com", "ezweb.ne.jp"],
    ),
    (
        &["softbank.ne.jp", "i.softbank.jp"],
        &["softbank.jp", "softbank.ne.jp"],
    ),
];

/// The provider (index into [`PROVIDERS`]) of an address's domain.
fn provider_of_address(domain: &str) -> Option<usize> {
    PROVIDERS.iter().position(|(a, _)| a.contains(&domain))
}

/// The provider whose sign-in site this registrable domain is.
fn provider_of_site(registrable: &str) -> Option<usize> {
    PROVIDERS.iter().position(|(_, s)| s.contains(&registrable))
}

/// `local@domain.tld`, lower-cased, when `s` is one address and nothing else.
pub fn address(s: &str) -> Option<String> {
    let s = s
        .trim()
        .trim_matches(|c| matches!(c, '<' | '>'))
        .to_lowercase();
    let (local, domain) = s.split_once('@')?;
    let ok_local = !local.is_empty()
        && local.len() <= 64
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._+-".contains(c));
    let ok_domain = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    (ok_local && ok_domain).then_some(s)
}

/// Field names and notes labels that hold the account's address.
fn email_label(label: &str) -> bool {
    let l = crate::text::fold(label);
    let l = l.trim().trim_end_matches([':', '：']).trim();
    matches!(
        l,
        "email"
            | "e-mail"
            | "mail"
            | "email address"
            | "e-mail address"
            | "mail address"
            | "recovery email"
            | "recovery e-mail"
            | "メール"
            | "メールアドレス"
            | "eメール"
            | "登録メール"
            | "登録メールアドレス"
            | "連絡先メール"
            | "再設定用メール"
            | "再設定用メールアドレス"
            | "予備のメールアドレス"
    )
}

/// The addresses an entry signs in with or recovers through: its user
/// name when it is one, then noted `Email` fields and notes lines.
pub fn addresses(e: &Entry) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |a: Option<String>| {
        if let Some(a) = a
            && !out.contains(&a)
        {
            out.push(a);
        }
    };
    add(address(e.username_for_matching()));
    for f in &e.custom_fields {
        if email_label(&f.name) {
            let v = match &f.value {
                FieldValue::Plain(s) => s.as_str(),
                // A protected field is a secret, never read here.
                FieldValue::Protected(_) => continue,
            };
            add(address(v));
        }
    }
    for line in e.notes.lines().take(200) {
        let Some((label, value)) = line.split_once(':').or_else(|| line.split_once('：')) else {
            continue;
        };
        if email_label(label) {
            add(address(value));
        }
    }
    out
}

/// The entries that hold a mailbox, by address and by (local part,
/// provider) for entries whose user name is only the local part.
#[derive(Debug, Default)]
pub struct Mailboxes {
    by_address: HashMap<String, Vec<Loc>>,
    by_local: HashMap<(String, usize), Vec<Loc>>,
}

impl Mailboxes {
    pub fn index(ctx: &Ctx<'_>) -> Mailboxes {
        let mut by_address: HashMap<String, Vec<Loc>> = HashMap::new();
        let mut by_local: HashMap<(String, usize), Vec<Loc>> = HashMap::new();
        for (loc, e) in ctx.audited() {
            let user = e.username_for_matching().trim().to_lowercase();
            if user.is_empty() {
                continue;
            }
            let site = e
                .url_for_matching()
                .and_then(url::host)
                .map(|h| url::registrable_domain(&h));
            let provider = site.as_deref().and_then(provider_of_site);
            let email_entry = ctx.protects.get(loc.0).and_then(|v| v.get(loc.1)).copied()
                == Some(Some(Protects::Recovery));
            match (address(&user), provider) {
                (Some(a), Some(p)) => {
                    let domain = a.rsplit('@').next().unwrap_or_default();
                    if PROVIDERS[p].0.contains(&domain) {
                        by_address.entry(a).or_default().push(loc);
                    }
                }
                (Some(a), None) => {
                    // A mailbox of one's own domain: an email entry whose
                    // site is the address's domain.
                    let domain = a.rsplit('@').next().unwrap_or_default();
                    if email_entry && site.as_deref() == Some(&url::registrable_domain(domain)) {
                        by_address.entry(a).or_default().push(loc);
                    }
                }
                (None, Some(p)) if !user.contains('@') && !user.contains(' ') => {
                    by_local.entry((user, p)).or_default().push(loc);
                }
                _ => {}
            }
        }
        Mailboxes {
            by_address,
            by_local,
        }
    }

    /// The entry holding `address`'s mailbox, none of `own` (the account's
    /// own entries): the first in vault order, one of `vault` first.
    pub fn holder(&self, address: &str, vault: usize, own: &[Loc]) -> Option<Loc> {
        let (local, domain) = address.split_once('@')?;
        let mut found: Vec<Loc> = self.by_address.get(address).cloned().unwrap_or_default();
        if let Some(p) = provider_of_address(domain)
            && let Some(l) = self.by_local.get(&(local.to_owned(), p))
        {
            found.extend(l);
        }
        found.retain(|l| !own.contains(l));
        found.sort_by_key(|l| (l.0 != vault, *l));
        found.first().copied()
    }
}

/// What is wrong with a mailbox's entry, in the order the report lists it:
/// `breached`, `reused`, `empty`, `weak`, `no-2fa`.
pub fn weaknesses(ctx: &Ctx<'_>, loc: Loc) -> Vec<&'static str> {
    let e = ctx.entry(loc);
    let mut out = Vec::new();
    let pw = e.password.expose();
    if pw.is_empty() {
        out.push("empty");
    } else if let Some(slot) = ctx.passwords.slot(pw).filter(|_| e.password_audited()) {
        if let Lookups::Done { current, .. } = &ctx.lookups
            && matches!(current.get(slot), Some(Verdict::Count(n)) if *n > 0)
        {
            out.push("breached");
        }
        let locs = &ctx.passwords.groups[slot].1;
        let mut keys: Vec<_> = locs
            .iter()
            .map(|l| account_key(ctx.entry(*l)).ok_or(*l))
            .collect();
        keys.sort();
        keys.dedup();
        if keys.len() >= 2 {
            out.push("reused");
        }
        if ctx
            .strength
            .get(slot)
            .copied()
            .flatten()
            .is_some_and(|s| s < ctx.opts.min_score)
        {
            out.push("weak");
        }
    }
    if !matches!(signs::two_factor(e), TwoFactor::On { .. }) {
        out.push("no-2fa");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_read_from_the_user_name_fields_and_notes() {
        assert_eq!(
            address(" Hanako.Yamada+shop@Gmail.com "),
            Some("hanako.yamada+shop@gmail.com".to_owned())
        );
        for not in [
            "hanako",
            "a@b",
            "@gmail.com",
            "a b@gmail.com",
            "090-1234-5678",
        ] {
            assert_eq!(address(not), None, "{not}");
        }
        let e = Entry::for_test("Rakuten", "x")
            .with_user("hanako")
            .with_notes("メールアドレス：hanako@docomo.ne.jp\nPhone: 090-1234-5678\nemail: hanako@gmail.com");
        assert_eq!(addresses(&e), ["hanako@docomo.ne.jp", "hanako@gmail.com"]);
        let e = Entry::for_test("Amazon", "x").with_user("hanako@gmail.com");
        assert_eq!(addresses(&e), ["hanako@gmail.com"]);
    }
}
