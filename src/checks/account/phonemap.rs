//! The phone map: for each number noted in a vault, the accounts that send
//! sign-in or recovery codes there, and whether each has another way in
//! noted (an authenticator app, a passkey, a security key, backup codes,
//! another number). A lost phone or a new number locks the accounts that
//! have none: they come first.
//!
//! Every audited entry that notes a number counts, whatever its category;
//! entries of one account (same vault, site and user name) are one account.

use std::collections::BTreeMap;

use super::phone::Number;
use super::recovery::addresses;
use super::signs::{self, Method, TwoFactor};
use crate::checks::{Ctx, Loc};
use crate::model::Entry;
use crate::report::{MailboxState, PhoneAccount, PhoneMap};

/// Words in the notes that say backup (recovery) codes are kept.
const BACKUP_CODES: &[&str] = &[
    "backup code",
    "recovery code",
    "backup codes",
    "recovery codes",
    "バックアップコード",
    "リカバリーコード",
    "リカバリコード",
    "予備コード",
    "確認コード（予備）",
];

fn notes_backup_codes(e: &Entry) -> bool {
    let n = crate::text::fold(&e.notes);
    BACKUP_CODES.iter().any(|w| n.contains(w))
        || e.custom_fields.iter().any(|f| {
            BACKUP_CODES
                .iter()
                .any(|w| crate::text::fold(&f.name).contains(w))
        })
}

/// The owner's current numbers for vault `v`: its member's own, else the
/// policy's `[phones] current`; empty when none are configured.
pub fn current_numbers<'a>(ctx: &'a Ctx<'_>, v: usize) -> &'a [Number] {
    match &ctx.vaults[v].phones {
        Some(own) => own,
        None => &ctx.opts.policy.phones,
    }
}

/// One account of the map while it is built.
struct Acc {
    locs: Vec<Loc>,
    numbers: Vec<Number>,
    ways: Vec<&'static str>,
}

/// Build the map. `name` gives an account's display name (the accounts
/// check's, so both say the same) from its entries.
pub fn build(ctx: &Ctx<'_>, name: &dyn Fn(&[Loc]) -> String) -> Vec<PhoneMap> {
    // Accounts: same vault, site (or registrable domain) and user name.
    let mut accounts: Vec<Acc> = Vec::new();
    let mut by_key: BTreeMap<(usize, String, String), usize> = BTreeMap::new();
    for (loc, e) in ctx.audited() {
        let numbers = ctx.numbers(loc);
        if numbers.is_empty() {
            continue;
        }
        let key = super::grouping_key(ctx, loc, e);
        let idx = match key.as_ref().and_then(|k| by_key.get(k)) {
            Some(i) => *i,
            None => {
                accounts.push(Acc {
                    locs: Vec::new(),
                    numbers: Vec::new(),
                    ways: Vec::new(),
                });
                if let Some(k) = key {
                    by_key.insert(k, accounts.len() - 1);
                }
                accounts.len() - 1
            }
        };
        let a = &mut accounts[idx];
        a.locs.push(loc);
        for n in numbers {
            if !a.numbers.iter().any(|o| o.same_line(n)) {
                a.numbers.push(n.clone());
            }
        }
        for ev in signs::evidence(e) {
            if let TwoFactor::On { method, .. } = ev {
                let way = match method {
                    Method::App => "app",
                    Method::Passkey => "passkey",
                    Method::SecurityKey => "security-key",
                    _ => continue,
                };
                if !a.ways.contains(&way) {
                    a.ways.push(way);
                }
            }
        }
        if notes_backup_codes(e) && !a.ways.contains(&"backup-codes") {
            a.ways.push("backup-codes");
        }
    }

    // (vault, number) -> the accounts noting it.
    let mut map: Vec<(usize, Number, Vec<PhoneAccount>)> = Vec::new();
    for a in &accounts {
        let vault = a.locs[0].0;
        let entry_refs = ctx.entry_refs(&a.locs);
        let address = a.locs.iter().flat_map(|l| addresses(ctx.entry(*l))).next();
        let (state, holder) = match &address {
            None => (MailboxState::None, None),
            Some(addr) => match ctx.mailboxes.holder(addr, vault, &a.locs) {
                Some(l) => (MailboxState::InVault, Some(ctx.entry_ref(l))),
                None => (MailboxState::NotInVault, None),
            },
        };
        let site_id = a
            .locs
            .iter()
            .find_map(|l| ctx.site(*l))
            .map(|s| s.id.clone());
        for n in &a.numbers {
            let mut ways: Vec<String> = a.ways.iter().map(|w| (*w).to_owned()).collect();
            if a.numbers.len() > 1 {
                ways.push("another-number".to_owned());
            }
            let account = PhoneAccount {
                site: name(&a.locs),
                site_id: site_id.clone(),
                entries: entry_refs.clone(),
                other_ways: ways,
                recovery_mailbox: state,
                recovery_mailbox_entry: holder.clone(),
                translations: Default::default(),
            };
            match map
                .iter_mut()
                .find(|(v, m, _)| *v == vault && m.same_line(n))
            {
                Some((_, _, list)) => list.push(account),
                None => map.push((vault, n.clone(), vec![account])),
            }
        }
    }
    let mut out: Vec<PhoneMap> = map
        .into_iter()
        .map(|(v, n, mut accounts)| {
            // Not by name: the order must not depend on the language (the
            // other language's names are matched to these by position).
            accounts.sort_by(|a, b| {
                a.other_ways
                    .is_empty()
                    .cmp(&b.other_ways.is_empty())
                    .reverse()
                    .then_with(|| a.entries.cmp(&b.entries))
            });
            let current = current_numbers(ctx, v);
            PhoneMap {
                vault: ctx.vaults[v].name.clone(),
                number: n.masked(),
                current: (!current.is_empty()).then(|| current.iter().any(|c| c.same_line(&n))),
                accounts_count: accounts.len(),
                without_other_way: accounts.iter().filter(|a| a.other_ways.is_empty()).count(),
                accounts,
            }
        })
        .collect();
    // Vault order, then the numbers most accounts depend on.
    let order: BTreeMap<&str, usize> = ctx
        .vaults
        .iter()
        .enumerate()
        .map(|(i, v)| (v.name.as_str(), i))
        .collect();
    out.sort_by(|a, b| {
        order[a.vault.as_str()]
            .cmp(&order[b.vault.as_str()])
            .then(b.accounts_count.cmp(&a.accounts_count))
            .then_with(|| a.number.cmp(&b.number))
    });
    out
}
