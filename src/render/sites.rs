//! `kdbx-audit sites DOMAIN`: what the compiled-in site data says about a
//! site, as text for a terminal (site names and notes are data from the
//! directories: escaped like vault text).

use crate::i18n::{Catalog, Lang, fill};
use crate::sites::{Facts, JP_SITES_DATE};

/// The lines for `host` (a lower-cased host name) in the catalogue's
/// language.
pub fn describe(host: &str, t: &Catalog) -> String {
    let m = &t.msg;
    let host = host.to_owned();
    let dir = crate::sites::Directory::builtin();
    let site = dir.lookup_host(&host);
    let facts = dir.facts_for_host(&host);
    let pk = dir.passkeys_for(site, Some(&host));
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&crate::sanitize::terminal(&s));
        out.push('\n');
    };
    line(host.clone());
    if site.is_none() && pk.is_none() {
        line(format!("  {}", fill(m.sites_unknown, &[("domain", &host)])));
    }
    if let Some(s) = site {
        let source = match s.origin {
            crate::sites::Origin::Directory => fill(m.sites_source_directory, &[("id", &s.id)]),
            crate::sites::Origin::Project => fill(m.sites_source_ours, &[("id", &s.id)]),
        };
        // A site of our Japanese data has a name in each language.
        let name = match facts {
            Some(f) if f.id == s.id && !f.overlay || t.lang == Lang::Ja => f.name_in(t.lang),
            _ => s.name.as_str(),
        };
        line(format!(
            "  {}",
            fill(m.sites_site, &[("site", name), ("source", &source)])
        ));
        line(format!(
            "  {}",
            fill(
                m.sites_categories,
                &[(
                    "list",
                    &s.categories
                        .iter()
                        .map(|c| t.category(c))
                        .collect::<Vec<_>>()
                        .join(t.list_sep)
                )]
            )
        ));
        line(format!(
            "  {}",
            if s.in_category(crate::sites::SHOPPING) {
                m.sites_shopping_yes
            } else {
                m.sites_shopping_no
            }
        ));
        let tfa = match crate::sites::Directory::offered(Some(s), facts) {
            crate::sites::Offered::Unknown => m.sites_2fa_unknown.to_owned(),
            crate::sites::Offered::Nothing => m.sites_2fa_none.to_owned(),
            crate::sites::Offered::Methods(ms) => {
                let names: Vec<String> = ms.iter().map(|x| t.method(x)).collect();
                fill(m.sites_2fa, &[("methods", &names.join(t.list_sep))])
            }
        };
        line(format!("  {tfa}"));
        if let Some(d) = &s.documentation {
            line(format!("  {}", fill(m.sites_doc, &[("doc", d)])));
        }
        if let Some(n) = &s.notes {
            line(format!("  {}", fill(m.sites_notes_2fa, &[("note", n)])));
        }
        if let Some(a) = t.site(&s.id) {
            let doc = s.documentation.as_deref().unwrap_or("");
            let advice = fill(a.enable_2fa, &[("doc", doc)]);
            line(format!("  {}", fill(m.sites_advice, &[("note", &advice)])));
        }
    }
    if let Some(f) = facts {
        for l in facts_lines(f, t) {
            line(l);
        }
    }
    match pk {
        Some(p) => {
            if let Some(a) = site.and_then(|s| t.site(&s.id)).and_then(|a| a.passkey) {
                let doc = p.documentation.as_deref().unwrap_or("");
                let advice = fill(a, &[("doc", doc)]);
                line(format!("  {}", fill(m.sites_advice, &[("note", &advice)])));
            }
            let yn = |b: bool| if b { m.yes } else { m.no };
            line(format!(
                "  {}",
                fill(
                    m.sites_passkeys,
                    &[
                        ("site", &p.name),
                        ("passwordless", yn(p.passwordless)),
                        ("mfa", yn(p.mfa)),
                    ]
                )
            ));
            if let Some(d) = &p.documentation {
                line(format!("  {}", fill(m.sites_passkeys_doc, &[("doc", d)])));
            }
            if let Some(n) = &p.notes {
                line(format!(
                    "  {}",
                    fill(m.sites_notes_passkeys, &[("note", n)])
                ));
            }
        }
        None if site.is_some() => line(format!("  {}", m.sites_passkeys_none)),
        None => {}
    }
    out
}

/// The data credit that ends the text output (once, after every site).
pub fn credit(t: &Catalog) -> String {
    fill(
        t.msg.sites_data,
        &[
            ("date", crate::sites::SNAPSHOT_DATE),
            ("date2", crate::sites::PASSKEYS_SNAPSHOT_DATE),
        ],
    )
}

/// The same facts as one JSON document: `sites[]` in the order given, and
/// `data` (each source's name mapped to its date, as in a report's
/// `tool.data`). Text from the data is not escaped here: it is JSON.
pub fn json(hosts: &[String]) -> String {
    use serde_json::json;
    let dir = crate::sites::Directory::builtin();
    let sites: Vec<serde_json::Value> = hosts
        .iter()
        .map(|host| {
            let site = dir.lookup_host(host);
            let facts = dir.facts_for_host(host);
            let pk = dir.passkeys_for(site, Some(host));
            let offered = crate::sites::Directory::offered(site, facts);
            json!({
                "domain": host,
                "site": site.map(|s| json!({
                    "id": s.id,
                    "name": s.name,
                    "source": match s.origin {
                        crate::sites::Origin::Directory => "2fa.directory",
                        crate::sites::Origin::Project => "kdbx-audit",
                    },
                    "categories": s.categories,
                    "shopping": s.in_category(crate::sites::SHOPPING),
                    "two_factor_offered": offered.state(),
                    "two_factor_methods_offered": offered.methods(),
                    "documentation": s.documentation,
                    "notes": s.notes,
                })),
                "japanese_site_data": facts,
                "passkeys": pk.map(|p| json!({
                    "name": p.name,
                    "domain": p.domain,
                    "passwordless": p.passwordless,
                    "mfa": p.mfa,
                    "documentation": p.documentation,
                    "notes": p.notes,
                })),
            })
        })
        .collect();
    let doc = json!({
        "sites": sites,
        "data": {
            "2fa.directory": crate::sites::SNAPSHOT_DATE,
            "passkeys.directory": crate::sites::PASSKEYS_SNAPSHOT_DATE,
            "kdbx-audit-jp-sites": JP_SITES_DATE,
        },
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// What our Japanese site data says of a site, claim by claim, each marked
/// when no source was found for it, then the sources.
fn facts_lines(f: &Facts, t: &Catalog) -> Vec<String> {
    let m = &t.msg;
    let lang = t.lang;
    let mut out = vec![format!(
        "  {}",
        fill(
            m.sites_jp,
            &[("site", f.name_in(lang)), ("date", JP_SITES_DATE)]
        )
    )];
    let no_source = |claim: &str| {
        if f.unsourced.iter().any(|c| c == claim) {
            m.sites_jp_no_source
        } else {
            ""
        }
    };
    let methods = match &f.methods {
        Some(ms) if !ms.is_empty() => {
            let names: Vec<String> = ms.iter().map(|x| t.method(x)).collect();
            fill(m.sites_jp_methods, &[("methods", &names.join(t.list_sep))])
        }
        _ => m.sites_jp_methods_unknown.to_owned(),
    };
    out.push(format!("    {methods}"));
    for (claim, tpl, text) in [
        ("setting", m.sites_jp_setting, &f.setting),
        ("recovery", m.sites_jp_recovery, &f.recovery),
        ("phone", m.sites_jp_phone, &f.phone),
    ] {
        if let Some(b) = text {
            out.push(format!(
                "    {}{}",
                fill(tpl, &[("where", b.get(lang))]),
                no_source(claim)
            ));
        }
    }
    if let Some(d) = &f.doubt {
        out.push(format!(
            "    {}",
            fill(m.sites_jp_doubt, &[("note", d.get(lang))])
        ));
    }
    let claim_name = |c: &str| match c {
        "methods" => m.claim_methods,
        "setting" => m.claim_setting,
        "recovery" => m.claim_recovery,
        _ => m.claim_phone,
    };
    if !f.sources.is_empty() {
        out.push(format!("    {}", m.sites_jp_sources));
        for s in &f.sources {
            let list: Vec<&str> = s.supports.iter().map(|c| claim_name(c)).collect();
            let list = list.join(t.list_sep);
            out.push(format!(
                "    {}",
                match &s.page_date {
                    _ if list.is_empty() => fill(m.sites_jp_source_context, &[("doc", &s.url)]),
                    Some(d) => fill(
                        m.sites_jp_source_dated,
                        &[("doc", &s.url), ("list", &list), ("date", d)]
                    ),
                    None => fill(m.sites_jp_source, &[("doc", &s.url), ("list", &list)]),
                }
            ));
            // The notes are in English: the Japanese report shows the pages.
            if lang == Lang::En && !s.note.is_empty() {
                out.push(format!("      {}", s.note));
            }
        }
    }
    let missing: Vec<&str> = f.unsourced.iter().map(|c| claim_name(c)).collect();
    if !missing.is_empty() {
        out.push(format!(
            "    {}",
            fill(m.sites_jp_unsourced, &[("list", &missing.join(t.list_sep))])
        ));
    }
    out
}
