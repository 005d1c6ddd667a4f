//! The vaults of one run: from the command line, a household file or the
//! policy file's `[[vault]]` tables; every password obtained first (prompts
//! one after another), then the vaults unlocked in parallel.

use std::path::{Path, PathBuf};

use super::AuditSettings;
use crate::cli::AuditArgs;
use crate::error::AppError;
use crate::unlock::{self, Credentials, credentials};

/// One vault to open: its member name (household) and its credentials.
pub(super) struct Job {
    pub(super) name: Option<String>,
    pub(super) path: PathBuf,
    pub(super) keyfile: Option<PathBuf>,
    pub(super) password: crate::config::policy::PasswordSpec,
    /// The command line's own source (`--password-file`, `--password-stdin`,
    /// `--no-password`, or the default: environment, then a prompt).
    pub(super) from_args: bool,
    /// The member's own current phone numbers (`phones`).
    pub(super) phones: Option<Vec<crate::phone::Number>>,
}

/// A vault that could not be opened: its name and path for the report.
pub(super) struct Failed {
    pub(super) name: String,
    pub(super) path: String,
    /// Every path its error message may quote (vault, key file, password
    /// file), for --privacy summary.
    pub(super) paths: Vec<String>,
}

/// The vaults to open, from the command line, `--family` or the policy
/// file's `[[vault]]` tables (in that order of precedence).
pub(super) fn vault_jobs(args: &AuditArgs, settings: &AuditSettings) -> Result<Vec<Job>, AppError> {
    let specs = match &args.input.family {
        Some(f) => crate::config::policy::load_household(f)?,
        None if args.input.vaults.is_empty() => settings.options.policy.vaults.clone(),
        None => Vec::new(),
    };
    let flags = args.input.password_file.is_some()
        || args.input.password_stdin
        || args.input.no_password
        || args.input.keyfile.is_some();
    if !specs.is_empty() && flags {
        return Err(AppError::new(
            "--password-file, --password-stdin, --no-password and --keyfile apply to vaults named on the command line; the household's [[vault]] tables give each vault its own".to_owned(),
        )
        .with_hint("put the password source and key file in the [[vault]] table".to_owned()));
    }
    if !specs.is_empty() {
        return Ok(specs
            .into_iter()
            .map(|s| Job {
                name: Some(s.name),
                path: s.path,
                keyfile: s.keyfile,
                password: s.password,
                from_args: false,
                phones: s.phones,
            })
            .collect());
    }
    if args.input.vaults.is_empty() {
        return Err(AppError::new("no vault to audit".to_owned()).with_hint(
            "name a vault (kdbx-audit audit VAULT.kdbx), a household file (--family FILE) or [[vault]] tables in the policy file"
                .to_owned(),
        ));
    }
    if args.input.password_stdin && args.input.vaults.len() > 1 {
        return Err(AppError::new(
            "--password-stdin reads one password, and several vaults were given".to_owned(),
        )
        .with_hint("use --family FILE with a password source for each member".to_owned()));
    }
    Ok(args
        .input
        .vaults
        .iter()
        .map(|p| Job {
            name: None,
            path: p.clone(),
            keyfile: args.input.keyfile.clone(),
            password: crate::config::policy::PasswordSpec::None,
            from_args: true,
            phones: None,
        })
        .collect())
}

/// Get every password first (prompts one after another, naming the
/// member), then unlock the vaults in parallel: key derivation dominates,
/// and two vaults on two cores take about as long as one.
pub(super) fn open_all(
    jobs: Vec<Job>,
    args: &AuditArgs,
    lang: crate::i18n::Lang,
) -> (Vec<crate::model::Vault>, Vec<(Failed, AppError)>) {
    use rayon::prelude::*;
    let limits = crate::unlock::limits::Limits {
        max_vault_bytes: args.input.max_vault_mib.saturating_mul(1024 * 1024),
        max_unlock: std::time::Duration::from_secs(args.input.max_unlock_seconds),
        ..crate::unlock::limits::Limits::default()
    };
    let prepared: Vec<(Job, Result<Credentials, AppError>)> = jobs
        .into_iter()
        .map(|j| {
            let source = if j.from_args {
                if let Some(p) = &args.input.password_file {
                    credentials::Source::File(p)
                } else if args.input.password_stdin {
                    credentials::Source::Stdin
                } else if args.input.no_password {
                    credentials::Source::None
                } else {
                    credentials::Source::Default
                }
            } else {
                match &j.password {
                    crate::config::policy::PasswordSpec::File(p) => credentials::Source::File(p),
                    crate::config::policy::PasswordSpec::Env(v) => credentials::Source::Env(v),
                    crate::config::policy::PasswordSpec::Prompt => {
                        credentials::Source::Prompt(j.name.as_deref().unwrap_or(""))
                    }
                    crate::config::policy::PasswordSpec::None => credentials::Source::None,
                }
            };
            let creds = credentials::obtain(source, &j.path, lang, &mut |w| {
                if !args.quiet {
                    eprintln!("kdbx-audit: warning: {w}");
                }
            })
            .map(|password| Credentials {
                password,
                keyfile: j.keyfile.clone(),
            });
            (j, creds)
        })
        .collect();
    let opened: Vec<(Job, Result<crate::model::Vault, AppError>)> = prepared
        .into_par_iter()
        .map(|(j, creds)| {
            let r =
                creds.and_then(|c| unlock::open_with(&j.path, &c, &limits).map_err(AppError::from));
            (j, r)
        })
        .collect();
    let mut vaults = Vec::new();
    let mut failed = Vec::new();
    let mut taken: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for (j, r) in opened {
        let shown_path = j.path.display().to_string();
        match r {
            Ok(mut v) => {
                if let Some(n) = &j.name {
                    v.name = n.clone();
                }
                v.phones = j.phones.clone();
                v.name = unique_name(&v.name, &j.path, &mut taken);
                vaults.push(v);
            }
            Err(e) => {
                let name = j.name.clone().unwrap_or_else(|| {
                    j.path
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_else(|| shown_path.clone())
                });
                let name = unique_name(&name, &j.path, &mut taken);
                let mut paths = vec![shown_path.clone()];
                paths.extend(j.keyfile.iter().map(|k| k.display().to_string()));
                if let crate::config::policy::PasswordSpec::File(p) = &j.password {
                    paths.push(p.display().to_string());
                }
                if j.from_args
                    && let Some(p) = &args.input.password_file
                {
                    paths.push(p.display().to_string());
                }
                failed.push((
                    Failed {
                        name,
                        path: shown_path,
                        paths,
                    },
                    e,
                ));
            }
        }
    }
    (vaults, failed)
}

/// Vault names are the report's keys for members: make each unique (the
/// database name, else the file stem, else a counter).
fn unique_name(name: &str, path: &Path, taken: &mut std::collections::BTreeSet<String>) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut candidates = vec![name.to_owned()];
    if !stem.is_empty() && stem != name {
        candidates.push(format!("{name} ({stem})"));
    }
    // Names that differ only in case or width are the same member.
    let mut take = |c: &str| taken.insert(crate::config::policy::fold(c));
    for c in candidates {
        if take(&c) {
            return c;
        }
    }
    let mut k = 2;
    loop {
        let c = format!("{name} ({k})");
        if take(&c) {
            return c;
        }
        k += 1;
    }
}
