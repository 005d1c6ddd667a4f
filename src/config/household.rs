//! The household file (`--family`) and the policy file's `[[vault]]`
//! tables: each member's name, vault, key file and password source.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml_span::value::{Table, Value};

use super::policy::fold;
use super::toml::{
    Ctx, PolicyError, Problem, did_you_mean, read_file_of, table, unknown_key, with_top_table,
};

/// Where a household vault's master password comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSpec {
    /// The first line of this file.
    File(PathBuf),
    /// This environment variable.
    Env(String),
    /// An interactive prompt naming the member (needs a terminal).
    Prompt,
    /// No password: the key file alone opens it.
    None,
}

/// One member's vault in a household file or `[[vault]]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultSpec {
    /// The member: the vault's name in the report.
    pub name: String,
    pub path: PathBuf,
    pub keyfile: Option<PathBuf>,
    pub password: PasswordSpec,
    /// The member's current phone numbers (`phones`), when given.
    pub phones: Option<Vec<crate::phone::Number>>,
}

impl VaultSpec {
    /// Paths made relative to `dir` (the file's directory) when not absolute.
    pub(crate) fn resolve(mut self, dir: &Path) -> VaultSpec {
        let join = |p: PathBuf| if p.is_absolute() { p } else { dir.join(p) };
        self.path = join(self.path);
        self.keyfile = self.keyfile.map(join);
        if let PasswordSpec::File(f) = self.password {
            self.password = PasswordSpec::File(join(f));
        }
        self
    }
}

/// Read a household file (`--family FILE`): `[[vault]]` tables only, every
/// problem at once, paths relative to the file.
pub fn load_household(path: &Path) -> Result<Vec<VaultSpec>, PolicyError> {
    let specs = read_file_of(
        path,
        crate::error::ConfigFile::Household,
        Some("check the path given to --family".to_owned()),
        "see docs/config.md (Household) for the [[vault]] keys",
        parse_household,
    )?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(specs.into_iter().map(|v| v.resolve(&dir)).collect())
}

/// Parse a household file's text: only `[[vault]]` tables.
pub fn parse_household(text: &str) -> Result<Vec<VaultSpec>, Vec<Problem>> {
    with_top_table(text, household_of)
}

/// The vaults of a household file's top-level table.
fn household_of(cx: &mut Ctx<'_>, top: &Table<'_>) -> Vec<VaultSpec> {
    let mut specs = Vec::new();
    for (key, v) in top {
        match key.name.as_ref() {
            "vault" => specs = vault_tables(cx, v),
            other => cx.at(
                key.span.start,
                format!(
                    "unknown key '{other}': a household file holds [[vault]] tables only{}",
                    did_you_mean(other, ["vault"])
                ),
            ),
        }
    }
    if specs.is_empty() && cx.problems.is_empty() {
        cx.at(0, "no [[vault]] table: list each member's vault".to_owned());
    }
    specs
}

/// `[[vault]]`: name, path, keyfile, and at most one of password_file,
/// password_env, prompt = true.
pub(crate) fn vault_tables(cx: &mut Ctx<'_>, v: &Value<'_>) -> Vec<VaultSpec> {
    const KEYS: &[&str] = &[
        "name",
        "path",
        "keyfile",
        "password_file",
        "password_env",
        "prompt",
        "phones",
    ];
    let Some(arr) = v.as_array() else {
        cx.at(
            v.span.start,
            "vault must be an array of tables: write [[vault]]".to_owned(),
        );
        return Vec::new();
    };
    let mut out: Vec<VaultSpec> = Vec::new();
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    for (i, item) in arr.iter().enumerate() {
        let what = format!("[[vault]] #{}", i + 1);
        let Some(t) = table(cx, item, &what) else {
            continue;
        };
        let mut name = None;
        let mut path = None;
        let mut keyfile = None;
        let mut sources: Vec<(PasswordSpec, usize)> = Vec::new();
        let mut phones = None;
        for (key, kv) in t {
            let k = key.name.as_ref();
            if k == "phones" {
                phones = Some(super::toml::phone_list(cx, kv, &format!("{what} phones")));
                continue;
            }
            if k == "prompt" {
                match kv.as_bool() {
                    Some(true) => sources.push((PasswordSpec::Prompt, key.span.start)),
                    Some(false) => {}
                    None => cx.at(
                        kv.span.start,
                        format!("{what} prompt must be true or false"),
                    ),
                }
                continue;
            }
            if !KEYS.contains(&k) {
                unknown_key(cx, key.span.start, k, Some(&what), KEYS, true);
                continue;
            }
            let Some(text) = kv.as_str().map(str::trim).filter(|s| !s.is_empty()) else {
                cx.at(
                    kv.span.start,
                    format!("{what} {k} must be a non-empty string"),
                );
                continue;
            };
            match k {
                "name" => {
                    if let Some(first) = names.insert(fold(text), i + 1) {
                        cx.at(
                            kv.span.start,
                            format!(
                                "{what}: the name '{text}' is already used by [[vault]] #{first}"
                            ),
                        );
                    }
                    name = Some(text.to_owned());
                }
                "path" => path = Some(PathBuf::from(text)),
                "keyfile" => keyfile = Some(PathBuf::from(text)),
                "password_file" => {
                    sources.push((PasswordSpec::File(PathBuf::from(text)), key.span.start))
                }
                _ => {
                    let ok = text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        && !text.starts_with(|c: char| c.is_ascii_digit());
                    if ok {
                        sources.push((PasswordSpec::Env(text.to_owned()), key.span.start));
                    } else {
                        cx.at(
                            kv.span.start,
                            format!("{what} password_env must name an environment variable (letters, digits, _), not '{text}'"),
                        );
                    }
                }
            }
        }
        let at = item.span.start;
        if name.is_none() && !t.keys().any(|k| k.name == "name") {
            cx.at(
                at,
                format!("{what}: name is required (the member the vault belongs to)"),
            );
        }
        if path.is_none() && !t.keys().any(|k| k.name == "path") {
            cx.at(at, format!("{what}: path is required"));
        }
        if sources.len() > 1 {
            cx.at(
                sources[1].1,
                format!("{what}: give one of password_file, password_env, prompt = true (or none, for a key file alone)"),
            );
        }
        let password = sources
            .into_iter()
            .next()
            .map_or(PasswordSpec::None, |(s, _)| s);
        if password == PasswordSpec::None
            && keyfile.is_none()
            && t.keys().all(|k| k.name != "keyfile")
        {
            cx.at(
                at,
                format!("{what}: no password source and no keyfile: add password_file, password_env, prompt = true or keyfile"),
            );
        }
        if let (Some(name), Some(path)) = (name, path) {
            out.push(VaultSpec {
                name,
                path,
                keyfile,
                password,
                phones,
            });
        }
    }
    out
}
