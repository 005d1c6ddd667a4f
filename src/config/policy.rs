//! The policy file: which accounts need 2FA and a phone number, and rule
//! severities.
//!
//! Found as `--config PATH` (or `KDBX_AUDIT_CONFIG`), else `./kdbx-audit.toml`,
//! else `kdbx-audit/config.toml` in the user's config directory; `--no-config`
//! uses none. One file is read, never merged. Every problem in it is reported
//! at once with its line and column, and unknown keys are errors, so a typo
//! cannot silently turn a requirement off. `examples/kdbx-audit.toml` is the
//! commented reference, parsed by a test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use toml_span::value::{Table, Value};

pub use super::household::{PasswordSpec, load_household, parse_household};
use super::household::{VaultSpec, vault_tables};
use super::ignore::{Ignore, ignores};
pub use super::toml::PolicyError;
use super::toml::{
    Ctx, Problem, did_you_mean, domain, read_file_of, string_list, table, unknown_key,
    with_top_table,
};
use crate::i18n::Lang;
use crate::rules::Severity;
use crate::rules::{RULES, RuleId, Threshold};
use crate::sites::{self, Directory};

/// The rules whose scope is a list of categories (from the registry).
pub fn scoped_rules() -> impl Iterator<Item = &'static str> {
    RULES
        .iter()
        .filter(|r| r.scope == crate::rules::Scope::Categories)
        .map(|r| r.name)
}

/// Which entries belong to a category besides the directory's domains.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Category {
    /// Hosts or domains (subdomains included) that belong to it.
    pub add_domains: Vec<String>,
    /// Hosts or domains that do not, whatever the directory says.
    pub remove_domains: Vec<String>,
    /// Group names: an entry in a group whose name contains one belongs.
    pub groups: Vec<String>,
    /// Tags: an entry with one of these (exactly, any case) belongs.
    pub tags: Vec<String>,
    /// What its accounts protect, for the plan's order (`protects =
    /// "money" | "recovery" | "shop" | "other"`): `Some(None)` for "other",
    /// `None` to keep the default of [`crate::rules::Protects::of_category`].
    pub protects: Option<Option<crate::rules::Protects>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// The file it came from; `None`: built-in defaults.
    pub source: Option<PathBuf>,
    pub lang: Option<Lang>,
    /// Severity overrides by rule id.
    pub severity: BTreeMap<String, Severity>,
    /// Rule id (of [`scoped_rules`]) -> categories it applies to.
    pub scope: BTreeMap<String, BTreeSet<String>>,
    pub categories: BTreeMap<String, Category>,
    /// `[[ignore]]` tables, in file order.
    pub ignores: Vec<Ignore>,
    /// `[[vault]]` tables: the household's vaults, paths resolved against
    /// the file's directory by [`load`] / [`load_household`].
    pub vaults: Vec<VaultSpec>,
    /// Rule thresholds (`[rules."vault/weak-kdf"] min-unlock-ms = 200`, …).
    pub thresholds: Thresholds,
    /// `[phones] current`: the owner's current phone numbers (a single
    /// vault, and household members without `phones` of their own).
    pub phones: Vec<crate::phone::Number>,
}

/// The numbers the rules compare with, set in the rule's own
/// `[rules."…"]` table; the keys, defaults and bounds are the registry's
/// ([`crate::rules::Rule::thresholds`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Thresholds {
    set: BTreeMap<(RuleId, &'static str), u64>,
}

impl Thresholds {
    /// The policy's value, or the registry's default.
    pub fn get(&self, t: &Threshold) -> u64 {
        self.set.get(&(t.rule, t.key)).copied().unwrap_or(t.default)
    }

    /// Set a value (the caller has checked it against `t.max`).
    pub fn set(&mut self, t: &Threshold, value: u64) {
        self.set.insert((t.rule, t.key), value);
    }
}

/// A group path (`Shopping / Old`, `Shopping/Old`) as folded components.
pub fn group_parts(path: &str) -> Vec<String> {
    path.split('/')
        .map(fold)
        .filter(|s| !s.is_empty())
        .collect()
}

const SHOPPING_GROUPS: &[&str] = &["shopping", "ショッピング", "買い物", "通販"];
const SHOPPING_TAGS: &[&str] = &["shopping", "ショッピング", "買い物"];
/// Groups and tags that make an entry a bank or a mailbox when its site is
/// not in the site data (for the plan's order only: no rule applies to
/// these categories unless the policy says so).
const BANKING_GROUPS: &[&str] = &["banking", "bank", "銀行", "ネットバンク", "証券"];
const EMAIL_GROUPS: &[&str] = &["email", "e-mail", "mail", "メール"];

impl Default for Policy {
    fn default() -> Self {
        let shopping = || BTreeSet::from([sites::SHOPPING.to_owned()]);
        Policy {
            source: None,
            lang: None,
            severity: BTreeMap::new(),
            scope: scoped_rules().map(|r| (r.to_owned(), shopping())).collect(),
            categories: BTreeMap::from([
                (
                    sites::SHOPPING.to_owned(),
                    Category {
                        groups: SHOPPING_GROUPS.iter().map(|s| (*s).to_owned()).collect(),
                        tags: SHOPPING_TAGS.iter().map(|s| (*s).to_owned()).collect(),
                        ..Category::default()
                    },
                ),
                (
                    "banking".to_owned(),
                    Category {
                        groups: BANKING_GROUPS.iter().map(|s| (*s).to_owned()).collect(),
                        tags: BANKING_GROUPS.iter().map(|s| (*s).to_owned()).collect(),
                        ..Category::default()
                    },
                ),
                (
                    "email".to_owned(),
                    Category {
                        groups: EMAIL_GROUPS.iter().map(|s| (*s).to_owned()).collect(),
                        tags: EMAIL_GROUPS.iter().map(|s| (*s).to_owned()).collect(),
                        ..Category::default()
                    },
                ),
            ]),
            ignores: Vec::new(),
            vaults: Vec::new(),
            thresholds: Thresholds::default(),
            phones: Vec::new(),
        }
    }
}

pub use crate::text::fold;

impl Policy {
    /// The categories a rule applies to (empty: the rule is off).
    pub fn scope_of(&self, rule: &str) -> &BTreeSet<String> {
        static EMPTY: BTreeSet<String> = BTreeSet::new();
        self.scope.get(rule).unwrap_or(&EMPTY)
    }

    /// Every category some account rule applies to.
    pub fn required_categories(&self) -> BTreeSet<&str> {
        self.scope
            .values()
            .flat_map(|s| s.iter().map(String::as_str))
            .collect()
    }

    pub fn category(&self, name: &str) -> Option<&Category> {
        self.categories.get(name)
    }
}

/// Is `host` this domain or under it?
pub fn host_in(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// Which file to read.
#[derive(Debug, Clone)]
pub enum Choice {
    /// `--config PATH`: must exist.
    Path(PathBuf),
    /// Look in the working directory, then the user config directory.
    Search,
    /// `--no-config`.
    None,
}

/// The file the search finds, if any.
pub fn find(cwd: &Path, config_dir: Option<&Path>) -> Option<PathBuf> {
    let local = cwd.join("kdbx-audit.toml");
    if local.exists() {
        return Some(local);
    }
    let user = config_dir?.join("kdbx-audit").join("config.toml");
    user.exists().then_some(user)
}

/// Load the policy the choice names.
pub fn load(choice: &Choice) -> Result<Policy, PolicyError> {
    let path = match choice {
        Choice::None => return Ok(Policy::default()),
        Choice::Path(p) => p.clone(),
        Choice::Search => {
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            match find(&cwd, dirs::config_dir().as_deref()) {
                Some(p) => p,
                None => return Ok(Policy::default()),
            }
        }
    };
    let mut policy = read_file_of(
        &path,
        crate::error::ConfigFile::Policy,
        matches!(choice, Choice::Path(_))
            .then(|| "check the path given to --config (or KDBX_AUDIT_CONFIG)".to_owned()),
        "see examples/kdbx-audit.toml and docs/config.md for every key",
        parse,
    )?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    policy.vaults = std::mem::take(&mut policy.vaults)
        .into_iter()
        .map(|v| v.resolve(&dir))
        .collect();
    policy.source = Some(path);
    Ok(policy)
}

/// Parse and validate a policy file's text; every problem at once.
pub fn parse(text: &str) -> Result<Policy, Vec<Problem>> {
    with_top_table(text, policy_of)
}

/// The policy of a policy file's top-level table.
fn policy_of(cx: &mut Ctx<'_>, top: &Table<'_>) -> Policy {
    let mut policy = Policy::default();
    let dir = Directory::builtin();

    // Categories first: rule scopes may name custom ones.
    let mut known: BTreeSet<String> = dir.categories().clone();
    if let Some(cats) = top.get("categories")
        && let Some(t) = table(cx, cats, "[categories]")
    {
        for (name, v) in t {
            if !known.contains(name.name.as_ref()) {
                if name.name == "retail" {
                    cx.at(
                        name.span.start,
                        "category 'retail' is called 'shopping' here".to_owned(),
                    );
                    continue;
                }
                // A category of your own: only what you list belongs.
                known.insert(name.name.to_string());
            }
            let what = format!("[categories.{}]", name.name);
            let Some(t) = table(cx, v, &what) else {
                continue;
            };
            let cat = policy.categories.entry(name.name.to_string()).or_default();
            category(cx, t, &what, cat);
        }
    }

    for (key, v) in top {
        match key.name.as_ref() {
            "categories" => {}
            "lang" => match v.as_str().and_then(Lang::from_code) {
                Some(l) => policy.lang = Some(l),
                None => cx.at(v.span.start, "lang must be \"en\" or \"ja\"".to_owned()),
            },
            "ignore" => ignores(cx, &mut policy, v),
            "vault" => policy.vaults = vault_tables(cx, v),
            "phones" => {
                let Some(t) = table(cx, v, "[phones]") else {
                    continue;
                };
                for (k, pv) in t {
                    match k.name.as_ref() {
                        "current" => {
                            policy.phones = super::toml::phone_list(cx, pv, "[phones] current")
                        }
                        other => unknown_key(
                            cx,
                            k.span.start,
                            other,
                            Some("[phones]"),
                            &["current"],
                            true,
                        ),
                    }
                }
            }
            "rules" => {
                let Some(t) = table(cx, v, "[rules]") else {
                    continue;
                };
                for (id, rv) in t {
                    rule(cx, &mut policy, &known, id.name.as_ref(), id.span.start, rv);
                }
            }
            other => unknown_key(
                cx,
                key.span.start,
                other,
                None,
                &["lang", "rules", "categories", "ignore", "vault", "phones"],
                false,
            ),
        }
    }
    // A category of your own that no rule applies to is most likely a typo.
    if let Some(t) = top.get("categories").and_then(|v| v.as_table()) {
        let used = policy.required_categories();
        for name in t.keys() {
            let n = name.name.as_ref();
            if !dir.categories().contains(n) && n != "retail" && !used.contains(n) {
                let msg = format!(
                    "category '{n}' is not a 2fa.directory category and no rule applies to it{}",
                    did_you_mean(n, dir.categories().iter().map(String::as_str))
                );
                cx.at(name.span.start, msg);
            }
        }
    }
    policy
}

fn rule(
    cx: &mut Ctx<'_>,
    policy: &mut Policy,
    known: &BTreeSet<String>,
    id: &str,
    at: usize,
    v: &Value<'_>,
) {
    let Some(rule) = RULES.iter().find(|r| r.name == id) else {
        cx.at(
            at,
            format!(
                "unknown rule '{id}'{}",
                did_you_mean(id, RULES.iter().map(|r| r.name))
            ),
        );
        return;
    };
    let what = format!("[rules.\"{id}\"]");
    let Some(t) = table(cx, v, &what) else {
        return;
    };
    let scoped = rule.scope == crate::rules::Scope::Categories;
    for (key, kv) in t {
        match key.name.as_ref() {
            "severity" => {
                let s = kv.as_str().unwrap_or("");
                match Severity::ALL_DESC.iter().find(|x| x.as_str() == s) {
                    Some(sev) => {
                        policy.severity.insert(id.to_owned(), *sev);
                    }
                    None => cx.at(
                        kv.span.start,
                        format!(
                            "{what} severity must be one of info, low, medium, high, critical{}",
                            did_you_mean(s, Severity::ALL_DESC.iter().map(|x| x.as_str()))
                        ),
                    ),
                }
            }
            "categories" if scoped => {
                let mut set = BTreeSet::new();
                for (c, at) in string_list(cx, kv, &format!("{what} categories")) {
                    if c == "retail" {
                        cx.at(at, "category 'retail' is called 'shopping' here".to_owned());
                    } else if known.contains(&c) {
                        set.insert(c);
                    } else {
                        cx.at(
                            at,
                            format!(
                                "unknown category '{c}'{}; categories are the 2fa.directory's (shopping, banking, email, payments, …) or ones defined under [categories]",
                                did_you_mean(&c, known.iter().map(String::as_str))
                            ),
                        );
                    }
                }
                policy.scope.insert(id.to_owned(), set);
            }
            other if let Some(t) = rule.thresholds.iter().find(|t| t.key == other) => {
                match kv.as_integer() {
                    Some(n) if n >= 0 && n as u64 <= t.max => {
                        policy.thresholds.set(t, n as u64);
                    }
                    _ => cx.at(
                        kv.span.start,
                        format!("{what} {other} must be a whole number from 0 to {}", t.max),
                    ),
                }
            }
            other => {
                let mut keys: Vec<&str> = vec!["severity"];
                if scoped {
                    keys.push("categories");
                }
                keys.extend(rule.thresholds.iter().map(|t| t.key));
                unknown_key(cx, key.span.start, other, Some(&what), &keys, true);
            }
        }
    }
}

fn category(cx: &mut Ctx<'_>, t: &Table<'_>, what: &str, cat: &mut Category) {
    const KEYS: &[&str] = &[
        "add-domains",
        "remove-domains",
        "add-groups",
        "remove-groups",
        "add-tags",
        "remove-tags",
        "protects",
    ];
    for (key, v) in t {
        let k = key.name.as_ref();
        if !KEYS.contains(&k) {
            unknown_key(cx, key.span.start, k, Some(what), KEYS, false);
            continue;
        }
        if k == "protects" {
            match v.as_str().and_then(crate::rules::Protects::from_word) {
                Some(p) => cat.protects = Some(p),
                None => cx.at(
                    v.span.start,
                    format!(
                        "{what} protects must be \"money\", \"recovery\", \"shop\" or \"other\""
                    ),
                ),
            }
            continue;
        }
        let items = string_list(cx, v, &format!("{what} {k}"));
        match k {
            "add-domains" | "remove-domains" => {
                let list: Vec<String> = items
                    .iter()
                    .filter_map(|(s, at)| domain(cx, s, *at, &format!("{what} {k}")))
                    .collect();
                if k == "add-domains" {
                    cat.add_domains.extend(list);
                } else {
                    cat.remove_domains.extend(list);
                }
            }
            "add-groups" => cat.groups.extend(items.into_iter().map(|(s, _)| s)),
            "add-tags" => cat.tags.extend(items.into_iter().map(|(s, _)| s)),
            "remove-groups" => {
                let gone: BTreeSet<String> = items.iter().map(|(s, _)| fold(s)).collect();
                cat.groups.retain(|g| !gone.contains(&fold(g)));
            }
            _ => {
                let gone: BTreeSet<String> = items.iter().map(|(s, _)| fold(s)).collect();
                cat.tags.retain(|g| !gone.contains(&fold(g)));
            }
        }
    }
}

impl From<PolicyError> for crate::error::AppError {
    fn from(e: PolicyError) -> Self {
        crate::error::AppError {
            message: e.message,
            hint: e.hint,
            why: e.why,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_the_default() {
        assert_eq!(parse("").unwrap(), Policy::default());
        assert_eq!(parse("# nothing\n").unwrap(), Policy::default());
    }

    #[test]
    fn the_shipped_example_parses() {
        let text = include_str!("../../examples/kdbx-audit.toml");
        let p = parse(text).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(p.scope_of("account/no-2fa").contains("shopping"));
    }

    #[test]
    fn ignores_are_parsed_and_match() {
        let p = parse(
            r#"
[[ignore]]
rule = "password/weak"
entry = "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9"
reason = "the router only takes 8 digits"
until = "2027-03-31"

[[ignore]]
rule = "entry/insecure-url"
group = "Work/ Intranet "
reason = "internal sites, http only"
"#,
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(p.ignores.len(), 2);
        let a = &p.ignores[0];
        assert_eq!(a.index, 1);
        assert!(a.covers("0a1b2c3d4e5f60718293a4b5c6d7e8f9", "anything"));
        assert!(!a.covers("0a1b2c3d4e5f60718293a4b5c6d7e8f0", ""));
        let d = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(!a.lapsed(d("2027-03-31")));
        assert!(a.lapsed(d("2027-04-01")));
        let b = &p.ignores[1];
        assert!(b.covers("x", "Work / Intranet"));
        assert!(b.covers("x", "work / intranet / Old"));
        assert!(!b.covers("x", "Work"));
        assert!(!b.covers("x", "Work / Intranet2"));
        assert!(!b.lapsed(d("2999-01-01")));
    }

    #[test]
    fn bad_ignores_are_all_reported() {
        let e = parse(
            r#"
[[ignore]]
rule = "password/weakk"
entry = "not-a-uuid"
group = "X"
until = "31/03/2027"
colour = "red"

[[ignore]]
reason = ""
"#,
        )
        .unwrap_err();
        let text: Vec<String> = e.iter().map(|p| p.to_string()).collect();
        let all = text.join("\n");
        for want in [
            "unknown rule 'password/weakk' (did you mean 'password/weak'?)",
            "entry must be an entry UUID",
            "until must be a date written YYYY-MM-DD",
            "unknown key 'colour' in [[ignore]] #1",
            "[[ignore]] #1: reason is required",
            "[[ignore]] #2: rule is required",
            "[[ignore]] #2: say what it covers",
            "[[ignore]] #2: reason must not be empty",
        ] {
            assert!(all.contains(want), "missing {want:?} in:\n{all}");
        }
        assert!(parse("ignore = 3").is_err());
    }

    #[test]
    fn household_files_parse_and_fail_with_every_problem() {
        let v = parse_household(
            r#"
[[vault]]
name = "Mom"
path = "mom.kdbx"
password_file = "mom.pw"

[[vault]]
name = "Ken"
path = "/vaults/ken.kdbx"
keyfile = "ken.keyx"
password_env = "KEN_PW"

[[vault]]
name = "Grandma"
path = "grandma.kdbx"
keyfile = "grandma.keyx"

[[vault]]
name = "Dad"
path = "dad.kdbx"
prompt = true
"#,
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(v.len(), 4);
        assert_eq!(v[0].password, PasswordSpec::File("mom.pw".into()));
        assert_eq!(v[1].password, PasswordSpec::Env("KEN_PW".into()));
        assert_eq!(v[2].password, PasswordSpec::None);
        assert_eq!(v[3].password, PasswordSpec::Prompt);
        let r = v[0].clone().resolve(Path::new("/home/h"));
        assert_eq!(r.path, Path::new("/home/h/mom.kdbx"));
        assert_eq!(r.password, PasswordSpec::File("/home/h/mom.pw".into()));
        let r = v[1].clone().resolve(Path::new("/home/h"));
        assert_eq!(r.path, Path::new("/vaults/ken.kdbx"));
        assert_eq!(r.keyfile.as_deref(), Some(Path::new("/home/h/ken.keyx")));

        let e = parse_household(
            r#"
lang = "ja"
[[vault]]
name = "Mom"
path = "a.kdbx"
password_file = "a.pw"
password_env = "1BAD"
colour = "red"

[[vault]]
name = "mom"
path = "b.kdbx"

[[vault]]
prompt = "yes"
"#,
        )
        .unwrap_err();
        let all: Vec<String> = e.iter().map(|p| p.to_string()).collect();
        let all = all.join("\n");
        for want in [
            "unknown key 'lang': a household file holds [[vault]] tables only",
            "password_env must name an environment variable",
            "unknown key 'colour' in [[vault]] #1",
            "[[vault]] #2: the name 'mom' is already used by [[vault]] #1",
            "[[vault]] #2: no password source and no keyfile",
            "[[vault]] #3 prompt must be true or false",
            "[[vault]] #3: name is required",
            "[[vault]] #3: path is required",
        ] {
            assert!(all.contains(want), "missing {want:?} in:\n{all}");
        }
        assert!(parse_household("").is_err());
        assert!(parse_household("vault = 1").is_err());
    }

    #[test]
    fn a_full_policy() {
        let p = parse(
            r#"
lang = "ja"
[rules."account/no-2fa"]
severity = "critical"
categories = ["shopping", "banking", "family-bank"]
[rules."account/no-phone"]
categories = []
[rules."password/weak"]
severity = "low"
[categories.shopping]
add-domains = ["Shop.Example.JP"]
remove-domains = ["ebay.com"]
add-groups = ["ネットショップ"]
remove-groups = ["通販"]
add-tags = ["ec"]
remove-tags = ["買い物"]
[categories.family-bank]
add-domains = ["bank.example"]
"#,
        )
        .unwrap();
        assert_eq!(p.lang, Some(Lang::Ja));
        assert_eq!(p.severity["account/no-2fa"], Severity::Critical);
        assert_eq!(p.severity["password/weak"], Severity::Low);
        assert_eq!(
            p.scope_of("account/no-2fa").iter().collect::<Vec<_>>(),
            ["banking", "family-bank", "shopping"]
        );
        assert!(p.scope_of("account/no-phone").is_empty());
        let s = p.category("shopping").unwrap();
        assert_eq!(s.add_domains, ["shop.example.jp"]);
        assert_eq!(s.remove_domains, ["ebay.com"]);
        assert_eq!(
            s.groups,
            ["shopping", "ショッピング", "買い物", "ネットショップ"]
        );
        assert_eq!(s.tags, ["shopping", "ショッピング", "ec"]);
        assert_eq!(
            p.category("family-bank").unwrap().add_domains,
            ["bank.example"]
        );
    }

    #[test]
    fn every_problem_is_reported_at_once_with_its_place() {
        let text = r#"langg = "ja"
lang = "de"
[rules."account/no-2fa"]
severity = "hihg"
categories = ["shoping", "retail"]
scope = 1
[rules."password/wek"]
severity = "low"
[categories.shopping]
add-domain = ["x.example"]
add-domains = ["https://shop.example/", 3]
[categories.retail]
"#;
        let problems = parse(text).unwrap_err();
        let msgs: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        let want = [
            "1:1: unknown key 'langg' (did you mean 'lang'?)",
            "2:8: lang must be \"en\" or \"ja\"",
            "4:12: [rules.\"account/no-2fa\"] severity must be one of info, low, medium, high, critical (did you mean 'high'?)",
            "5:15: unknown category 'shoping' (did you mean 'shopping'?)",
            "5:26: category 'retail' is called 'shopping' here",
            "6:1: unknown key 'scope' in [rules.\"account/no-2fa\"] (allowed: severity, categories)",
            "7:8: unknown rule 'password/wek' (did you mean 'password/weak'?)",
            "10:1: unknown key 'add-domain' in [categories.shopping] (did you mean 'add-domains'?)",
            "11:16: [categories.shopping] add-domains: 'https://shop.example/' is not a domain name such as shop.example.jp (write the domain only: 'shop.example')",
            "11:41: [categories.shopping] add-domains must be a list of strings",
            "12:13: category 'retail' is called 'shopping' here",
        ];
        assert_eq!(msgs.len(), want.len(), "{msgs:#?}");
        for (got, want) in msgs.iter().zip(want) {
            assert!(
                got.starts_with(want),
                "got {got}\nwant {want}\nall {msgs:#?}"
            );
        }
    }

    #[test]
    fn syntax_errors_have_a_place() {
        let p = parse("lang = \"ja\"\n[rules\n").unwrap_err();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, 2, "{:?}", p[0]);
        assert!(p[0].message.starts_with("not valid TOML"), "{:?}", p[0]);
    }

    #[test]
    fn search_order() {
        let d = tempfile::tempdir().unwrap();
        let cwd = d.path().join("cwd");
        let conf = d.path().join("conf");
        std::fs::create_dir_all(&cwd).unwrap();
        std::fs::create_dir_all(conf.join("kdbx-audit")).unwrap();
        assert_eq!(find(&cwd, Some(&conf)), None);
        std::fs::write(conf.join("kdbx-audit/config.toml"), "").unwrap();
        assert_eq!(
            find(&cwd, Some(&conf)),
            Some(conf.join("kdbx-audit/config.toml"))
        );
        std::fs::write(cwd.join("kdbx-audit.toml"), "").unwrap();
        assert_eq!(find(&cwd, Some(&conf)), Some(cwd.join("kdbx-audit.toml")));
    }

    #[test]
    fn host_matching() {
        assert!(host_in("shop.example", "shop.example"));
        assert!(host_in("www.shop.example", "shop.example"));
        assert!(!host_in("myshop.example", "shop.example"));
    }
}
