//! Which site an entry's URL belongs to, what kind of site it is, and which
//! second factors it offers.
//!
//! Two sources, both compiled in so that the audit stays offline:
//! - the 2fa.directory snapshot in `data/2fa-directory/` (MIT, notice kept
//!   beside it), 2,566 sites with their categories and 2FA methods;
//! - [`PROJECT_SITES`], our own list for what that data misses or files
//!   elsewhere: Japanese shops, Amazon Seller Central, storefront domains.
//!
//! A host is looked up from the most specific name to its registrable
//! domain, so `aws.amazon.com` is Amazon Web Services (cloud) and
//! `www.amazon.co.jp` is Amazon (a shop). At the same name our own list wins.
//!
//! The directory's `retail` category is called `shopping` here.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::url;

/// The date of the 2fa.directory snapshot in `data/2fa-directory/`.
pub const SNAPSHOT_DATE: &str = "2026-08-04";

/// The date of the passkeys.directory snapshot in `data/passkeys-directory/`.
pub const PASSKEYS_SNAPSHOT_DATE: &str = "2026-08-04";

/// The date our own data on Japanese sites (`data/jp-sites/sites.json`)
/// was checked against its sources.
pub const JP_SITES_DATE: &str = "2026-12-02";

/// The snapshot dates as `--version` prints them (a literal, for `concat!`).
#[macro_export]
macro_rules! site_data_version {
    () => {
        "2fa.directory 2026-08-04 (MIT), passkeys.directory 2026-08-04 (CC BY 4.0), Japanese sites 2026-12-02"
    };
}

/// The category our shopping checks use (the directory's `retail`).
pub const SHOPPING: &str = "shopping";

/// What a site offers as a second factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offered {
    /// Neither source says.
    Unknown,
    /// The directory lists the site with no 2FA method.
    Nothing,
    /// These methods (directory names: `sms`, `call`, `email`, `totp`,
    /// `u2f`, `custom-software`, `custom-hardware`).
    Methods(Vec<String>),
}

impl Offered {
    /// `offered`, `not-offered` or `unknown` (the report's wording).
    pub fn state(&self) -> crate::report::OfferState {
        use crate::report::OfferState;
        match self {
            Offered::Unknown => OfferState::Unknown,
            Offered::Nothing => OfferState::NotOffered,
            Offered::Methods(_) => OfferState::Offered,
        }
    }

    pub fn methods(&self) -> &[String] {
        match self {
            Offered::Methods(m) => m,
            _ => &[],
        }
    }
}

/// Where a site record comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Directory,
    Project,
}

#[derive(Debug, Clone)]
pub struct Site {
    /// Stable key: the directory's main domain, or our own id for
    /// [`PROJECT_SITES`]. Advice texts are keyed by it.
    pub id: String,
    pub name: String,
    pub categories: Vec<String>,
    pub offered: Offered,
    /// The site's page on turning 2FA on.
    pub documentation: Option<String>,
    /// The directory's caveat, in English (e.g. Amazon: SMS first).
    pub notes: Option<String>,
    pub origin: Origin,
    /// The passkeys.directory domain to look up for this site.
    passkeys_as: Option<String>,
}

impl Site {
    pub fn in_category(&self, c: &str) -> bool {
        self.categories.iter().any(|x| x == c)
    }
}

/// One record of our own list.
pub struct ProjectSite {
    pub id: &'static str,
    pub name: &'static str,
    pub domains: &'static [&'static str],
    pub categories: &'static [&'static str],
    /// Take 2FA methods, documentation and notes from this directory site
    /// (same account system); `None`: unknown.
    pub same_account_as: Option<&'static str>,
    /// Take passkey support from this passkeys.directory site; `None`: the
    /// directory does not say (never guessed from the host).
    pub passkeys_as: Option<&'static str>,
}

const AMAZON_SELLER: &[&str] = &[
    "sellercentral.amazon.com",
    "sellercentral.amazon.co.jp",
    "sellercentral-japan.amazon.com",
    "sellercentral-europe.amazon.com",
    "sellercentral.amazon.co.uk",
    "sellercentral.amazon.de",
    "sellercentral.amazon.fr",
    "sellercentral.amazon.it",
    "sellercentral.amazon.es",
    "sellercentral.amazon.nl",
    "sellercentral.amazon.se",
    "sellercentral.amazon.pl",
    "sellercentral.amazon.com.be",
    "sellercentral.amazon.com.tr",
    "sellercentral.amazon.ca",
    "sellercentral.amazon.com.mx",
    "sellercentral.amazon.com.br",
    "sellercentral.amazon.in",
    "sellercentral.amazon.com.au",
    "sellercentral.amazon.sg",
    "sellercentral.amazon.ae",
    "sellercentral.amazon.sa",
    "sellercentral.amazon.eg",
];

/// Our own list, on top of the directory. Sources for each are in
/// `docs/rules.md` (`account/no-2fa`).
pub const PROJECT_SITES: &[ProjectSite] = &[
    // Seller Central: the same Amazon sign-in, but passkeys.directory does
    // not list Seller Central, so no passkey support is claimed for it.
    ProjectSite {
        id: "amazon-seller-central",
        name: "Amazon Seller Central",
        domains: AMAZON_SELLER,
        categories: &[SHOPPING],
        same_account_as: Some("amazon.com"),
        passkeys_as: None,
    },
    // Storefronts the directory's Amazon record does not list; same account.
    ProjectSite {
        id: "amazon.com",
        name: "Amazon",
        domains: &["amazon.pl", "amazon.eg", "amazon.com.be", "amazon.ie"],
        categories: &[SHOPPING],
        same_account_as: Some("amazon.com"),
        passkeys_as: Some("amazon.com"),
    },
    // The directory files rakuten.co.jp under Rakuten (US, rakuten.com) with
    // no 2FA; Rakuten Ichiba uses its own Rakuten ID, so say "unknown"
    // rather than repeat a claim about a different account system.
    ProjectSite {
        id: "rakuten.co.jp",
        name: "楽天市場 (Rakuten)",
        domains: &[
            "rakuten.co.jp",
            "login.account.rakuten.com",
            "jp.account.rakuten.com",
        ],
        categories: &[SHOPPING],
        same_account_as: None,
        passkeys_as: None,
    },
    // Yahoo!ショッピング and the former PayPayモール use the Yahoo! JAPAN ID,
    // which the directory files under yahoo.co.jp (email).
    ProjectSite {
        id: "shopping.yahoo.co.jp",
        name: "Yahoo!ショッピング",
        domains: &["shopping.yahoo.co.jp", "store.shopping.yahoo.co.jp"],
        categories: &[SHOPPING],
        same_account_as: Some("yahoo.co.jp"),
        passkeys_as: Some("yahoo.co.jp"),
    },
    ProjectSite {
        id: "paypaymall.yahoo.co.jp",
        name: "PayPayモール",
        domains: &["paypaymall.yahoo.co.jp"],
        categories: &[SHOPPING],
        same_account_as: Some("yahoo.co.jp"),
        passkeys_as: Some("yahoo.co.jp"),
    },
    // mercari.com is Mercari US (and the old www.mercari.com/jp/ address of
    // Mercari Japan): a shop, but which account system it is cannot be told
    // from the host, so no methods are claimed for it.
    ProjectSite {
        id: "mercari.com",
        name: "Mercari",
        domains: &["mercari.com"],
        categories: &[SHOPPING],
        same_account_as: None,
        passkeys_as: None,
    },
    ProjectSite {
        id: "zozo.jp",
        name: "ZOZOTOWN",
        domains: &["zozo.jp"],
        categories: &[SHOPPING],
        same_account_as: None,
        passkeys_as: None,
    },
    ProjectSite {
        id: "yodobashi.com",
        name: "ヨドバシ.com",
        domains: &["yodobashi.com"],
        categories: &[SHOPPING],
        same_account_as: None,
        passkeys_as: None,
    },
    ProjectSite {
        id: "biccamera.com",
        name: "ビックカメラ.com",
        domains: &["biccamera.com"],
        categories: &[SHOPPING],
        same_account_as: None,
        passkeys_as: None,
    },
    ProjectSite {
        id: "qoo10.jp",
        name: "Qoo10",
        domains: &["qoo10.jp", "qoo10.com"],
        categories: &[SHOPPING],
        same_account_as: None,
        passkeys_as: None,
    },
    ProjectSite {
        id: "aliexpress.com",
        name: "AliExpress",
        domains: &["aliexpress.us", "aliexpress.ru"],
        categories: &[SHOPPING],
        same_account_as: Some("aliexpress.com"),
        passkeys_as: Some("aliexpress.com"),
    },
];

#[derive(Deserialize)]
struct RawSite {
    name: String,
    domain: String,
    #[serde(default, rename = "additional-domains")]
    additional_domains: Vec<String>,
    #[serde(default)]
    tfa: Option<Vec<String>>,
    #[serde(default)]
    documentation: Option<String>,
    #[serde(default)]
    notes: Option<String>,
    #[serde(default)]
    categories: Vec<String>,
}

/// Every known site, indexed by domain.
pub struct Directory {
    sites: Vec<Site>,
    by_domain: HashMap<String, usize>,
    facts: Vec<Facts>,
    facts_by_domain: HashMap<String, usize>,
    categories: BTreeSet<String>,
    passkeys: Vec<Passkeys>,
    passkeys_by_domain: HashMap<String, usize>,
}

const ENTRIES_JSON: &str = include_str!("../data/2fa-directory/entries.json");
const JP_SITES_JSON: &str = include_str!("../data/jp-sites/sites.json");

/// Text in English and in Japanese.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Both {
    pub en: String,
    pub ja: String,
}

impl Both {
    pub fn get(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::En => &self.en,
            crate::i18n::Lang::Ja => &self.ja,
        }
    }
}

/// One source of our data on a Japanese site.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub url: String,
    /// Which claims it supports: `methods`, `setting`, `recovery`, `phone`.
    #[serde(default)]
    pub supports: Vec<String>,
    /// The date the page itself shows, when it shows one.
    #[serde(default)]
    pub page_date: Option<String>,
    /// What it says, in our words (English).
    #[serde(default)]
    pub note: String,
}

/// What our data says of a Japanese shopping, payment or telephone-company
/// site (`data/jp-sites/sites.json`): every claim with its sources, and
/// what no source could be found for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    pub id: String,
    pub name: String,
    pub name_ja: String,
    pub domains: Vec<String>,
    pub categories: Vec<String>,
    /// The domains already belong to a site of the directory or of our list:
    /// these facts add to it. Otherwise they make a site of their own.
    #[serde(default)]
    pub overlay: bool,
    /// The second factors it offers (`sms`, `call`, `email`, `totp`,
    /// `u2f`, `passkey`); absent when no source says.
    #[serde(default)]
    pub methods: Option<Vec<String>>,
    /// Where the 2FA setting is.
    #[serde(default)]
    pub setting: Option<Both>,
    /// How a locked account is recovered.
    #[serde(default)]
    pub recovery: Option<Both>,
    /// What the registered phone number is used for.
    #[serde(default)]
    pub phone: Option<Both>,
    #[serde(default)]
    pub sources: Vec<Source>,
    /// The claims (`methods`, `setting`, `recovery`) no source was found for.
    #[serde(default)]
    pub unsourced: Vec<String>,
    /// Why a claim was left out although a source seemed to make it.
    #[serde(default)]
    pub doubt: Option<Both>,
}

impl Facts {
    /// The name in the report's language.
    pub fn name_in(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::En => &self.name,
            crate::i18n::Lang::Ja => &self.name_ja,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JpFile {
    checked: String,
    #[allow(dead_code)]
    about: String,
    sites: Vec<Facts>,
}
const PASSKEYS_JSON: &str = include_str!("../data/passkeys-directory/entries.json");

/// What passkeys.directory says of a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passkeys {
    pub name: String,
    /// Its main domain (the record's key).
    pub domain: String,
    /// A passkey can replace the password.
    pub passwordless: bool,
    /// A passkey can serve as the second factor.
    pub mfa: bool,
    /// How to set one up.
    pub documentation: Option<String>,
    /// The directory's caveat, in English (Amazon: one passkey per region).
    pub notes: Option<String>,
}

#[derive(Deserialize)]
struct RawPasskeys {
    name: String,
    domain: String,
    #[serde(default, rename = "additional-domains")]
    additional_domains: Vec<String>,
    #[serde(default)]
    passwordless: Option<String>,
    #[serde(default)]
    mfa: Option<String>,
    #[serde(default)]
    documentation: Option<String>,
    #[serde(default)]
    notes: Option<String>,
}

/// The index of the most specific name of `host` (itself, then each parent
/// down to its registrable domain) in `map`.
fn walk(map: &HashMap<String, usize>, host: &str) -> Option<usize> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let reg = url::registrable_domain(&host);
    let mut name = host.as_str();
    loop {
        if let Some(&i) = map.get(name) {
            return Some(i);
        }
        if name == reg {
            return None;
        }
        match name.split_once('.') {
            Some((_, rest)) if rest.len() >= reg.len() => name = rest,
            _ => return None,
        }
    }
}

fn category_name(c: &str) -> String {
    if c == "retail" {
        SHOPPING.to_owned()
    } else {
        c.to_owned()
    }
}

impl Directory {
    /// The compiled-in data, parsed on first use.
    pub fn builtin() -> &'static Directory {
        static DIR: OnceLock<Directory> = OnceLock::new();
        DIR.get_or_init(|| {
            Directory::from_parts(ENTRIES_JSON, PROJECT_SITES, PASSKEYS_JSON, JP_SITES_JSON)
                .expect("the compiled-in directory data is valid (tested)")
        })
    }

    fn from_parts(
        json: &str,
        project: &[ProjectSite],
        passkeys_json: &str,
        jp_json: &str,
    ) -> Result<Directory, String> {
        let jp: JpFile = serde_json::from_str(jp_json).map_err(|e| format!("jp-sites: {e}"))?;
        if jp.checked != JP_SITES_DATE {
            return Err(format!(
                "jp-sites: checked {} but JP_SITES_DATE is {JP_SITES_DATE}",
                jp.checked
            ));
        }
        let raw: Vec<RawSite> = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let raw_pk: Vec<RawPasskeys> =
            serde_json::from_str(passkeys_json).map_err(|e| e.to_string())?;
        let mut passkeys = Vec::with_capacity(raw_pk.len());
        let mut passkeys_by_domain = HashMap::new();
        for r in raw_pk {
            let idx = passkeys.len();
            for d in std::iter::once(&r.domain).chain(&r.additional_domains) {
                passkeys_by_domain
                    .entry(d.to_ascii_lowercase())
                    .or_insert(idx);
            }
            passkeys.push(Passkeys {
                name: r.name,
                domain: r.domain.to_ascii_lowercase(),
                passwordless: r.passwordless.as_deref() == Some("allowed"),
                mfa: r.mfa.as_deref() == Some("allowed"),
                documentation: r.documentation,
                notes: r.notes,
            });
        }
        for p in project {
            if let Some(d) = p.passkeys_as
                && !passkeys_by_domain.contains_key(d)
            {
                return Err(format!("{}: unknown passkeys.directory site {d}", p.id));
            }
        }
        let mut sites = Vec::with_capacity(raw.len() + project.len());
        let mut by_domain = HashMap::new();
        let mut categories = BTreeSet::new();
        // Our own list first: at the same domain it wins.
        let mut directory_ids: HashMap<String, usize> = HashMap::new();
        for (i, r) in raw.iter().enumerate() {
            directory_ids.insert(r.domain.to_ascii_lowercase(), i);
        }
        for p in project {
            let base = match p.same_account_as {
                Some(d) => Some(
                    &raw[*directory_ids
                        .get(d)
                        .ok_or_else(|| format!("{}: unknown directory site {d}", p.id))?],
                ),
                None => None,
            };
            let idx = sites.len();
            sites.push(Site {
                id: p.id.to_owned(),
                name: p.name.to_owned(),
                categories: p.categories.iter().map(|c| (*c).to_owned()).collect(),
                offered: base.map_or(Offered::Unknown, offered_of),
                documentation: base.and_then(|b| b.documentation.clone()),
                notes: base.and_then(|b| b.notes.clone()),
                origin: Origin::Project,
                passkeys_as: p.passkeys_as.map(str::to_owned),
            });
            for d in p.domains {
                by_domain.entry(d.to_string()).or_insert(idx);
            }
        }
        // Our Japanese sites that no other record knows: sites of their own,
        // also before the directory.
        let mut facts_by_domain = HashMap::new();
        for (fi, f) in jp.sites.iter().enumerate() {
            for d in &f.domains {
                if facts_by_domain.insert(d.clone(), fi).is_some() {
                    return Err(format!("jp-sites: {d} is listed twice"));
                }
            }
            if f.overlay {
                continue;
            }
            let idx = sites.len();
            sites.push(Site {
                id: f.id.clone(),
                name: f.name.clone(),
                categories: f.categories.clone(),
                offered: f
                    .methods
                    .clone()
                    .filter(|m| !m.is_empty())
                    .map_or(Offered::Unknown, Offered::Methods),
                documentation: None,
                notes: None,
                origin: Origin::Project,
                passkeys_as: None,
            });
            for d in &f.domains {
                if by_domain.insert(d.clone(), idx).is_some() {
                    return Err(format!("jp-sites: {d} already belongs to our own list"));
                }
            }
        }
        for r in &raw {
            let idx = sites.len();
            let cats: Vec<String> = r.categories.iter().map(|c| category_name(c)).collect();
            categories.extend(cats.iter().cloned());
            sites.push(Site {
                id: r.domain.to_ascii_lowercase(),
                name: r.name.clone(),
                categories: cats,
                offered: offered_of(r),
                documentation: r.documentation.clone(),
                notes: r.notes.clone(),
                origin: Origin::Directory,
                passkeys_as: Some(r.domain.to_ascii_lowercase()),
            });
            for d in std::iter::once(&r.domain).chain(&r.additional_domains) {
                by_domain.entry(d.to_ascii_lowercase()).or_insert(idx);
            }
        }
        categories.insert(SHOPPING.to_owned());
        // An overlay adds to a site that is there already, at each of its
        // domains; a site of its own claims domains no directory record has.
        for f in &jp.sites {
            for d in &f.domains {
                let owner = by_domain.get(d.as_str()).map(|&i| &sites[i]);
                match owner {
                    None if f.overlay => {
                        return Err(format!("jp-sites: {}: overlay, but no site has {d}", f.id));
                    }
                    Some(s) if !f.overlay && s.id != f.id => {
                        return Err(format!("jp-sites: {}: {d} belongs to {}", f.id, s.id));
                    }
                    _ => {}
                }
            }
            for m in f.methods.iter().flatten() {
                if !["sms", "call", "email", "totp", "u2f", "passkey"].contains(&m.as_str()) {
                    return Err(format!("jp-sites: {}: unknown method {m}", f.id));
                }
            }
        }
        Ok(Directory {
            sites,
            by_domain,
            facts: jp.sites,
            facts_by_domain,
            categories,
            passkeys,
            passkeys_by_domain,
        })
    }

    /// The site a host belongs to: the host itself, then each parent name
    /// down to its registrable domain.
    pub fn lookup_host(&self, host: &str) -> Option<&Site> {
        walk(&self.by_domain, host).map(|i| &self.sites[i])
    }

    /// What passkeys.directory says of an account at `site` (as
    /// [`Self::lookup_host`] found it) reached through `host`. Our own sites
    /// follow their `passkeys_as` only; a directory site its own domain, then
    /// the host; an unknown site the host.
    pub fn passkeys_for(&self, site: Option<&Site>, host: Option<&str>) -> Option<&Passkeys> {
        let by_site = site
            .and_then(|s| s.passkeys_as.as_deref())
            .and_then(|d| self.passkeys_by_domain.get(d));
        let i = match site {
            Some(s) if s.origin == Origin::Project => by_site.copied(),
            _ => by_site
                .copied()
                .or_else(|| host.and_then(|h| walk(&self.passkeys_by_domain, h))),
        }?;
        Some(&self.passkeys[i])
    }

    /// The passkeys.directory record of a host, whatever the 2FA data says.
    pub fn passkeys_of_host(&self, host: &str) -> Option<&Passkeys> {
        walk(&self.passkeys_by_domain, host).map(|i| &self.passkeys[i])
    }

    /// The site of a URL as written in a vault (scheme optional).
    pub fn lookup_url(&self, u: &str) -> Option<&Site> {
        self.lookup_host(&url::host(u)?)
    }

    /// What our Japanese site data says of a host (itself, then each parent
    /// name down to its registrable domain).
    /// Only when the host is of the site the facts describe: Seller Central
    /// (`sellercentral.amazon.co.jp`) is not the Amazon.co.jp shop.
    pub fn facts_for_host(&self, host: &str) -> Option<&Facts> {
        let f = &self.facts[walk(&self.facts_by_domain, host)?];
        let site_id = |h: &str| self.lookup_host(h).map(|s| s.id.as_str());
        (site_id(host) == f.domains.first().and_then(|d| site_id(d))).then_some(f)
    }

    /// [`Self::facts_for_host`] for a URL as written in a vault.
    pub fn facts_for_url(&self, u: &str) -> Option<&Facts> {
        self.facts_for_host(&url::host(u)?)
    }

    /// Every row of our Japanese site data.
    pub fn facts(&self) -> &[Facts] {
        &self.facts
    }

    /// What a site offers: our Japanese site data where it names the
    /// methods (sourced, and newer than the directory), else the site's.
    pub fn offered(site: Option<&Site>, facts: Option<&Facts>) -> Offered {
        match facts.and_then(|f| f.methods.as_ref()) {
            Some(m) if !m.is_empty() => Offered::Methods(m.clone()),
            _ => site.map_or(Offered::Unknown, |s| s.offered.clone()),
        }
    }

    /// Every category name (the directory's, with `retail` as `shopping`).
    pub fn categories(&self) -> &BTreeSet<String> {
        &self.categories
    }

    pub fn site_by_id(&self, id: &str) -> Option<&Site> {
        self.sites.iter().find(|s| s.id == id)
    }
}

fn offered_of(r: &RawSite) -> Offered {
    match &r.tfa {
        None => Offered::Nothing,
        Some(m) if m.is_empty() => Offered::Nothing,
        Some(m) => Offered::Methods(m.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(host: &str) -> Option<(String, String)> {
        Directory::builtin()
            .lookup_host(host)
            .map(|s| (s.name.clone(), s.id.clone()))
    }

    #[test]
    fn builtin_data_parses_and_has_every_project_site() {
        let d = Directory::builtin();
        assert!(d.sites.len() > 2500, "{}", d.sites.len());
        assert!(d.categories().contains("shopping"));
        assert!(d.categories().contains("banking"));
        assert!(!d.categories().contains("retail"));
        for p in PROJECT_SITES {
            for dom in p.domains {
                let s = d.lookup_host(dom).unwrap_or_else(|| panic!("{dom}"));
                assert_eq!(s.origin, Origin::Project, "{dom}");
                assert!(s.in_category(SHOPPING), "{dom}");
            }
        }
    }

    #[test]
    fn most_specific_name_wins() {
        let d = Directory::builtin();
        let amazon = d.lookup_host("www.amazon.co.jp").unwrap();
        assert_eq!(amazon.name, "Amazon");
        assert!(amazon.in_category(SHOPPING));
        assert_eq!(
            amazon.offered,
            Offered::Methods(vec!["sms".into(), "call".into(), "totp".into()])
        );
        let aws = d.lookup_host("console.aws.amazon.com").unwrap();
        assert_eq!(aws.name, "Amazon Web Services");
        assert!(!aws.in_category(SHOPPING));
        assert_eq!(
            site("sellercentral.amazon.co.jp").unwrap().1,
            "amazon-seller-central"
        );
        assert_eq!(
            site("sellercentral-japan.amazon.com").unwrap().1,
            "amazon-seller-central"
        );
        assert_eq!(site("amazon.pl").unwrap().0, "Amazon");
        assert_eq!(
            site("shopping.yahoo.co.jp").unwrap().0,
            "Yahoo!ショッピング"
        );
        // The Yahoo! JAPAN login itself is the directory's (email) record.
        let yj = d.lookup_host("login.yahoo.co.jp").unwrap();
        assert!(!yj.in_category(SHOPPING));
        assert_eq!(site("item.rakuten.co.jp").unwrap().1, "rakuten.co.jp");
        // Rakuten Mobile is a different directory record (utilities).
        let rm = d.lookup_host("network.mobile.rakuten.co.jp").unwrap();
        assert!(!rm.in_category(SHOPPING));
        assert_eq!(site("jp.mercari.com").unwrap().1, "jp.mercari.com");
        assert_eq!(site("www.ebay.co.jp").unwrap().0, "eBay");
        assert_eq!(d.lookup_host("zozo.jp").unwrap().offered, Offered::Unknown);
        assert_eq!(
            d.lookup_host("ja.aliexpress.com").unwrap().offered,
            Offered::Nothing
        );
        assert!(d.lookup_host("example.com").is_none());
        assert!(d.lookup_host("co.jp").is_none());
        assert!(d.lookup_host("").is_none());
    }

    #[test]
    fn version_string_carries_the_snapshot_dates() {
        let v = crate::site_data_version!();
        assert!(v.contains(&format!("2fa.directory {SNAPSHOT_DATE}")), "{v}");
        assert!(
            v.contains(&format!("passkeys.directory {PASSKEYS_SNAPSHOT_DATE}")),
            "{v}"
        );
    }

    #[test]
    fn passkeys_follow_the_account_system() {
        let d = Directory::builtin();
        let pk = |host: &str| {
            d.passkeys_for(d.lookup_host(host), Some(host))
                .map(|p| p.domain.clone())
        };
        // Every Amazon storefront is Amazon's record; so are ours.
        assert_eq!(pk("www.amazon.co.jp").as_deref(), Some("amazon.com"));
        assert_eq!(pk("www.amazon.de").as_deref(), Some("amazon.com"));
        assert_eq!(pk("amazon.pl").as_deref(), Some("amazon.com"));
        // Seller Central is not in passkeys.directory: nothing claimed.
        assert_eq!(pk("sellercentral.amazon.co.jp"), None);
        // Yahoo!ショッピング signs in with the Yahoo! JAPAN ID.
        assert_eq!(pk("shopping.yahoo.co.jp").as_deref(), Some("yahoo.co.jp"));
        let yj = d.passkeys_of_host("yahoo.co.jp").unwrap();
        assert!(yj.passwordless && !yj.mfa);
        // AliExpress: no 2FA in 2fa.directory, passkeys as a second factor.
        let ali = d
            .passkeys_for(
                d.lookup_host("ja.aliexpress.com"),
                Some("ja.aliexpress.com"),
            )
            .unwrap();
        assert!(ali.mfa && !ali.passwordless);
        assert_eq!(pk("www.ebay.co.jp").as_deref(), Some("ebay.com"));
        assert_eq!(pk("www.rakuten.co.jp"), None);
        assert_eq!(pk("zozo.jp"), None);
        assert_eq!(pk("example.com"), None);
        let amazon = d.passkeys_of_host("amazon.com").unwrap();
        assert!(amazon.notes.as_deref().unwrap().contains("regional"));
        assert!(d.passkeys.len() >= 250);
    }

    #[test]
    fn same_account_as_refers_to_directory_sites() {
        // A typo in PROJECT_SITES fails here, not at a user's run.
        let bad = [ProjectSite {
            id: "x",
            name: "X",
            domains: &["x.example"],
            categories: &[SHOPPING],
            same_account_as: Some("no-such.example"),
            passkeys_as: None,
        }];
        assert!(Directory::from_parts(ENTRIES_JSON, &bad, PASSKEYS_JSON, JP_SITES_JSON).is_err());
        let bad_pk = [ProjectSite {
            id: "x",
            name: "X",
            domains: &["x.example"],
            categories: &[SHOPPING],
            same_account_as: None,
            passkeys_as: Some("no-such.example"),
        }];
        assert!(
            Directory::from_parts(ENTRIES_JSON, &bad_pk, PASSKEYS_JSON, JP_SITES_JSON).is_err()
        );
    }

    #[test]
    fn every_japanese_site_claim_has_a_source_or_says_it_has_none() {
        let dir = Directory::builtin();
        assert!(dir.facts().len() >= 30, "{}", dir.facts().len());
        for f in dir.facts() {
            let present = [
                ("methods", f.methods.is_some()),
                ("setting", f.setting.is_some()),
                ("recovery", f.recovery.is_some()),
                ("phone", f.phone.is_some()),
            ];
            for (claim, is_there) in present {
                let sourced = f
                    .sources
                    .iter()
                    .any(|s| s.supports.iter().any(|c| c == claim));
                assert!(
                    !is_there
                        || sourced
                        || f.unsourced.iter().any(|c| c == claim)
                        || claim == "phone",
                    "{}: {claim} has no source and is not marked unsourced",
                    f.id
                );
                if sourced {
                    assert!(!f.unsourced.iter().any(|c| c == claim), "{}: {claim}", f.id);
                }
            }
            for s in &f.sources {
                assert!(
                    s.url.starts_with("https://") || s.url.starts_with("http://"),
                    "{}",
                    s.url
                );
                assert!(
                    !s.note.trim().is_empty(),
                    "{}: a source says what it says",
                    f.id
                );
            }
            for text in [&f.setting, &f.recovery, &f.phone].into_iter().flatten() {
                assert!(
                    !text.en.trim().is_empty() && !text.ja.trim().is_empty(),
                    "{}",
                    f.id
                );
            }
            // Each domain leads back to these facts, and to a site unless
            // the facts only add to one.
            for d in &f.domains {
                assert_eq!(dir.facts_for_host(d).map(|x| &x.id), Some(&f.id), "{d}");
                let site = dir.lookup_host(d).unwrap_or_else(|| panic!("{d}: no site"));
                if !f.overlay {
                    assert_eq!(site.id, f.id, "{d}");
                }
            }
        }
        // A shop the directory does not know is a shop now.
        let uniqlo = dir.lookup_host("www.uniqlo.com").unwrap();
        assert!(uniqlo.in_category(SHOPPING));
        assert_eq!(uniqlo.offered, Offered::Unknown);
        let docomo = dir.lookup_host("id.smt.docomo.ne.jp").unwrap();
        assert!(
            matches!(&docomo.offered, Offered::Methods(m) if m.contains(&"passkey".to_owned()))
        );
        // An overlay keeps the site it adds to.
        assert_eq!(
            dir.lookup_host("www.amazon.co.jp").unwrap().id,
            "amazon.com"
        );
        assert_eq!(
            dir.facts_for_host("www.amazon.co.jp").unwrap().id,
            "amazon.co.jp"
        );
    }
}
