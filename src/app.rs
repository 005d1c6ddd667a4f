//! The program: settings from the command line, then unlock, audit, render,
//! write, exit status. `main` only calls [`main_with_args`].

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::breach::{self, Source};
use crate::checks::{Options, RULES};
use crate::cli::{
    AuditArgs, BreachIndexCommand, Cli, ColorArg, Command, FailOnArg, FormatArg, LangArg,
    PrivacyArg,
};
use crate::exit::{self, FailOn};
use crate::i18n::Lang;
use crate::password;
use crate::policy::{self, Policy};
use crate::render::{self, Format};
use crate::report::{Settings, Severity};
use crate::unlock::{self, Credentials};

/// An error for the user: what went wrong, and what to do about it.
#[derive(Debug)]
pub struct AppError {
    pub message: String,
    pub hint: Option<String>,
}

impl AppError {
    pub fn new(message: String) -> Self {
        AppError {
            message,
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: String) -> Self {
        self.hint = Some(hint);
        self
    }
}

impl From<unlock::UnlockError> for AppError {
    fn from(e: unlock::UnlockError) -> Self {
        let hint = e.hint().map(str::to_owned);
        AppError {
            message: e.to_string(),
            hint,
        }
    }
}

/// Resolved settings for one audit run.
struct AuditSettings {
    format: Format,
    color: bool,
    output: Option<PathBuf>,
    fail_on: FailOn,
    options: Options,
    quiet: bool,
}

fn format_of(a: FormatArg) -> Format {
    match a {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Html => Format::Html,
    }
}

fn fail_on(a: FailOnArg) -> FailOn {
    match a {
        FailOnArg::Info => FailOn::At(Severity::Info),
        FailOnArg::Low => FailOn::At(Severity::Low),
        FailOnArg::Medium => FailOn::At(Severity::Medium),
        FailOnArg::High => FailOn::At(Severity::High),
        FailOnArg::Critical => FailOn::At(Severity::Critical),
        FailOnArg::Never => FailOn::Never,
    }
}

impl From<breach::SourceError> for AppError {
    fn from(e: breach::SourceError) -> Self {
        AppError {
            message: e.message,
            hint: e.hint,
        }
    }
}

/// Open the breach source before any vault is unlocked, so that a missing
/// or malformed corpus stops the run at once (exit 2), never reads as clean.
fn breach_source(args: &AuditArgs) -> Result<Source, AppError> {
    match args.breach.as_str() {
        "off" => Ok(Source::Off),
        "hibp" => {
            let base_url = breach::hibp::validate_url(&args.hibp_url).map_err(|why| {
                AppError::new(format!(
                    "--hibp-url {}: {why}",
                    crate::sanitize::terminal(&args.hibp_url)
                ))
            })?;
            let extra_roots = match &args.hibp_ca {
                Some(p) => read_ca(p)?,
                None => Vec::new(),
            };
            Ok(Source::Hibp(breach::hibp::Config {
                base_url,
                concurrency: args.hibp_concurrency,
                timeout: std::time::Duration::from_secs(args.hibp_timeout),
                retries: args.hibp_retries,
                extra_roots,
            }))
        }
        path => Ok(Source::open_path(Path::new(path))?),
    }
}

/// The certificates of `--hibp-ca` (PEM), checked before any vault is opened.
fn read_ca(p: &Path) -> Result<Vec<reqwest::Certificate>, AppError> {
    let shown = crate::sanitize::terminal(&p.display().to_string());
    let bytes = crate::limits::read_regular(p, 16 * 1024 * 1024)
        .map_err(|e| AppError::new(format!("--hibp-ca {shown}: {}", e.reason())))?;
    let certs = reqwest::Certificate::from_pem_bundle(&bytes).unwrap_or_default();
    if certs.is_empty() {
        return Err(AppError::new(format!(
            "--hibp-ca {shown}: no PEM certificate could be read from the file"
        ))
        .with_hint(
            "give the CA certificate in PEM form (-----BEGIN CERTIFICATE-----)".to_owned(),
        ));
    }
    Ok(certs)
}

fn use_color(arg: ColorArg, to_stdout: bool) -> bool {
    match arg {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            to_stdout
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map(|t| t != "dumb").unwrap_or(true)
        }
    }
}

impl From<crate::baseline::BaselineError> for AppError {
    fn from(e: crate::baseline::BaselineError) -> Self {
        AppError {
            message: e.message,
            hint: Some(e.hint),
        }
    }
}

impl From<policy::PolicyError> for AppError {
    fn from(e: policy::PolicyError) -> Self {
        AppError {
            message: e.message,
            hint: e.hint,
        }
    }
}

fn load_policy(args: &AuditArgs) -> Result<Policy, AppError> {
    let choice = if args.no_config {
        policy::Choice::None
    } else {
        match &args.config {
            Some(p) => policy::Choice::Path(p.clone()),
            None => policy::Choice::Search,
        }
    };
    Ok(policy::load(&choice)?)
}

fn resolve(args: &AuditArgs) -> Result<AuditSettings, AppError> {
    let policy = load_policy(args)?;
    let lang = match args.lang {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Ja) => Lang::Ja,
        None => policy.lang.unwrap_or_else(Lang::from_env),
    };
    Ok(AuditSettings {
        format: format_of(args.format),
        color: use_color(args.color, args.output.is_none()),
        output: args.output.clone(),
        fail_on: fail_on(args.fail_on),
        options: Options {
            min_score: args.min_score,
            breach: std::sync::Arc::new(breach_source(args)?),
            progress: !args.quiet && std::io::stderr().is_terminal(),
            now: args.as_of.unwrap_or_else(chrono::Utc::now),
            policy: std::sync::Arc::new(policy),
            lang,
        },
        quiet: args.quiet,
    })
}

/// Write the report to a file.
///
/// A regular file (or a new one) is written atomically: a temporary file
/// beside the target, then a rename, so a scheduled job never reads half a
/// report. The output path may be in a shared directory (`/tmp`), where
/// another user can plant something there first:
/// - a symbolic link is never followed by hand; one owned by another user
///   is refused (the kernel's protected-symlink rule would refuse to follow
///   it too), and one of our own is opened through the kernel, which
///   follows it under that rule, and written in place;
/// - a FIFO, socket or device is refused (a planted FIFO would receive
///   the whole report), except `/dev/null`; standard output (`-o -`, or no
///   `-o`) is the way to stream.
fn write_report(path: &Path, data: &str) -> Result<(), AppError> {
    let shown = crate::sanitize::terminal(&path.display().to_string());
    let fail =
        |e: std::io::Error| AppError::new(format!("cannot write the report to {shown}: {e}"));
    let refuse = |why: &str| {
        AppError::new(format!("cannot write the report to {shown}: {why}")).with_hint(
            "write to a regular file you own, or to standard output (-o - or no -o)".to_owned(),
        )
    };
    if path.as_os_str() == "-" {
        return write_stdout(data);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                if m.uid() != rustix::process::geteuid().as_raw() {
                    return Err(refuse(
                        "it is a symbolic link owned by another user (it is not followed)",
                    ));
                }
            }
            return write_in_place(path, data, &refuse, &fail);
        }
        Ok(m) if !m.is_file() => {
            if is_dev_null(&m) {
                return Ok(());
            }
            return Err(refuse(&format!(
                "it is a {}, not a regular file",
                special_kind(&m.file_type())
            )));
        }
        _ => {}
    }
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    tmp.write_all(data.as_bytes()).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Open `path` through the kernel (which follows a link under its own
/// rules), non-blocking so that a FIFO cannot stall the run, and write only
/// if what was opened is a regular file.
fn write_in_place(
    path: &Path,
    data: &str,
    refuse: &dyn Fn(&str) -> AppError,
    fail: &dyn Fn(std::io::Error) -> AppError,
) -> Result<(), AppError> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
            .mode(0o600);
    }
    let mut f = match opts.open(path) {
        Ok(f) => f,
        // A FIFO with no reader (ENXIO): still a FIFO.
        Err(e) if e.raw_os_error() == Some(rustix::io::Errno::NXIO.raw_os_error()) => {
            return Err(refuse("the link points to a named pipe (FIFO)"));
        }
        Err(e) => return Err(fail(e)),
    };
    let meta = f.metadata().map_err(fail)?;
    if !meta.is_file() {
        if is_dev_null(&meta) {
            return Ok(());
        }
        return Err(refuse(&format!(
            "the link points to a {}, not a regular file",
            special_kind(&meta.file_type())
        )));
    }
    f.set_len(0).map_err(fail)?;
    f.write_all(data.as_bytes()).map_err(fail)?;
    f.sync_all().map_err(fail)
}

/// `/dev/null` (character device 1:3 on Linux): writing to it is harmless.
fn is_dev_null(m: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{FileTypeExt, MetadataExt};
        if m.file_type().is_char_device()
            && let Ok(null) = std::fs::metadata("/dev/null")
        {
            return m.rdev() == null.rdev();
        }
    }
    let _ = m;
    false
}

fn special_kind(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "named pipe (FIFO)";
        }
        if ft.is_socket() {
            return "socket";
        }
        if ft.is_char_device() || ft.is_block_device() {
            return "device";
        }
    }
    if ft.is_dir() {
        return "directory";
    }
    "special file"
}

/// Write to stdout. A closed pipe (`| head`, `| true`) ends the writing
/// quietly; the run still exits with the status it computed.
fn write_stdout(data: &str) -> Result<(), AppError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(data.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(AppError::new(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

/// Refuse an output path that is the same file as one of the run's inputs
/// (directly, through a link, or a hard link): writing the report there
/// would destroy the vault, the key file or another input for good.
fn refuse_output_over_inputs(
    output: Option<&Path>,
    inputs: &[(&str, &Path)],
) -> Result<(), AppError> {
    let Some(out) = output else { return Ok(()) };
    if out.as_os_str() == "-" {
        return Ok(());
    }
    let Some(out_id) = file_id(out) else {
        return Ok(());
    };
    for (what, p) in inputs {
        if file_id(p) == Some(out_id) {
            return Err(AppError::new(format!(
                "-o {} is the {what} {}: writing the report there would destroy it",
                crate::sanitize::terminal(&out.display().to_string()),
                crate::sanitize::terminal(&p.display().to_string())
            ))
            .with_hint("write the report to another file".to_owned()));
        }
    }
    Ok(())
}

/// Device and inode of an existing file (links followed).
fn file_id(p: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(p).ok()?;
        Some((m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = p;
        None
    }
}

/// Where `--as-of` came from, when it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOfSource {
    Flag,
    Env,
}

fn audit(args: &AuditArgs, as_of_source: Option<AsOfSource>) -> Result<u8, AppError> {
    let settings = resolve(args)?;
    // Notes that change what the audit means are printed even with -q: a
    // policy file in the working directory (a pull request can add one to
    // a CI checkout) and a backdated clock from the environment.
    let mut notes: Vec<String> = Vec::new();
    if args.config.is_none()
        && !args.no_config
        && let Some(src) = &settings.options.policy.source
        && let Ok(cwd) = std::env::current_dir()
        && src.parent() == Some(cwd.as_path())
    {
        eprintln!(
            "kdbx-audit: note: using the policy file {} from the working directory (--no-config ignores it)",
            crate::sanitize::terminal(&src.display().to_string())
        );
    }
    let as_of = args
        .as_of
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    if let (Some(when), Some(AsOfSource::Env)) = (&as_of, as_of_source) {
        eprintln!(
            "kdbx-audit: note: KDBX_AUDIT_AS_OF is set in the environment: the audit is judged as of {when}, not now"
        );
        let m = &settings.options.lang.text().msg;
        notes.push(crate::i18n::fill(m.warn_as_of_env, &[("date", when)]));
    }
    // A bad baseline stops the run before the vault is unlocked.
    let baseline = match &args.baseline {
        Some(p) => Some(crate::baseline::load(p)?),
        None => None,
    };
    let jobs = vault_jobs(args, &settings)?;
    // The report must never be written over one of the run's inputs.
    {
        let mut inputs: Vec<(&str, &Path)> = Vec::new();
        for j in &jobs {
            inputs.push(("vault", &j.path));
            if let Some(k) = &j.keyfile {
                inputs.push(("key file", k));
            }
            if let crate::policy::PasswordSpec::File(p) = &j.password {
                inputs.push(("password file", p));
            }
        }
        if let Some(p) = &args.password_file {
            inputs.push(("password file", p));
        }
        if let Some(p) = &settings.options.policy.source {
            inputs.push(("policy file", p));
        }
        if let Some(p) = &args.family {
            inputs.push(("household file", p));
        }
        if !matches!(args.breach.as_str(), "hibp" | "off") {
            inputs.push(("breach corpus or index", Path::new(&args.breach)));
        }
        if let Some(p) = &args.hibp_ca {
            inputs.push(("CA file", p));
        }
        refuse_output_over_inputs(settings.output.as_deref(), &inputs)?;
    }
    // One vault named on the command line (not a household of one).
    let single = args.vaults.len() == 1;
    let (vaults, mut failed) = open_all(jobs, args);
    // One vault named on the command line: an error is the whole answer,
    // as before. Several: the others are audited and the failure reported.
    if single && !failed.is_empty() {
        return Err(failed.remove(0).1);
    }
    let failed: Vec<crate::report::FailedVault> = failed
        .into_iter()
        .map(|(f, e)| {
            let mut reason = match e.hint {
                Some(h) => format!("{} ({h})", e.message),
                None => e.message,
            };
            // A summary for the household names the member, not the files.
            if args.privacy == PrivacyArg::Summary {
                let mut paths = f.paths.clone();
                paths.sort_by_key(|p| std::cmp::Reverse(p.len()));
                for p in paths.iter().filter(|p| !p.is_empty()) {
                    reason = reason.replace(p.as_str(), &f.name);
                    reason = reason.replace(&crate::sanitize::terminal(p), &f.name);
                }
            }
            crate::report::FailedVault {
                name: f.name,
                path: f.path,
                reason,
            }
        })
        .collect();
    let mut report = crate::audit::build_report(
        &vaults,
        &settings.options,
        Settings {
            min_score: settings.options.min_score,
            fail_on: settings.fail_on.label().to_owned(),
            breach: args.breach.clone(),
            allow_incomplete: args.allow_incomplete,
            lang: settings.options.lang.code().to_owned(),
            config: settings
                .options
                .policy
                .source
                .as_ref()
                .map(|p| p.display().to_string()),
            baseline: args.baseline.as_ref().map(|p| p.display().to_string()),
            fail_on_new: args.fail_on_new,
            family: args.family.as_ref().map(|p| p.display().to_string()),
            privacy: match args.privacy {
                PrivacyArg::Full => "full",
                PrivacyArg::Summary => "summary",
            }
            .to_owned(),
            as_of_source: as_of.as_ref().map(|_| {
                match as_of_source {
                    Some(AsOfSource::Env) => "KDBX_AUDIT_AS_OF",
                    _ => "--as-of",
                }
                .to_owned()
            }),
            as_of,
        },
    );
    report.vaults_failed = failed;
    drop(vaults);
    if let Some(b) = baseline {
        crate::baseline::apply(&mut report, b);
    }

    if !settings.quiet {
        for w in &report.warnings {
            eprintln!("kdbx-audit: warning: {}", crate::sanitize::terminal(w));
        }
    }
    // Announced on stderr above already: in the report only.
    report.warnings.extend(notes);
    if !settings.quiet {
        for c in &report.checks {
            if c.status == crate::report::CheckStatus::Incomplete {
                eprintln!(
                    "kdbx-audit: warning: check '{}' is incomplete: {}",
                    c.id,
                    crate::sanitize::terminal(c.reason.as_deref().unwrap_or(""))
                );
            }
        }
    }

    {
        // An error, not a warning: printed even with --quiet.
        for f in &report.vaults_failed {
            eprintln!(
                "kdbx-audit: error: vault '{}' was not audited: {}",
                crate::sanitize::terminal(&f.name),
                crate::sanitize::terminal(&f.reason)
            );
        }
    }
    // The exit status is decided on the whole report, before a summary
    // for the household leaves the details out.
    let code = exit::exit_code(&report, settings.fail_on);
    // Exit 2 is never silent, even with --quiet: one line says why (a
    // failed vault has said so above).
    if code == exit::ERROR && settings.quiet && report.vaults_failed.is_empty() {
        let why: Vec<String> = report
            .checks
            .iter()
            .filter(|c| c.status == crate::report::CheckStatus::Incomplete)
            .map(|c| format!("check '{}': {}", c.id, c.reason.as_deref().unwrap_or("")))
            .collect();
        eprintln!(
            "kdbx-audit: error: the audit is incomplete (exit status 2): {}",
            crate::sanitize::terminal(&why.join("; "))
        );
    }
    if args.privacy == PrivacyArg::Summary {
        report.to_summary();
    }
    emit(
        &report,
        settings.format,
        &render::Options {
            color: settings.color,
            show_ignored: args.show_ignored,
        },
        settings.output.as_deref(),
    )?;
    Ok(code)
}

/// Render the report and write it to the file (atomically) or stdout.
fn emit(
    report: &crate::report::Report,
    format: Format,
    opts: &render::Options,
    output: Option<&Path>,
) -> Result<(), AppError> {
    let rendered = render::render(report, format, opts);
    match output {
        Some(path) => write_report(path, &rendered),
        None => write_stdout(&rendered),
    }
}

/// One vault to open: its member name (household) and its credentials.
struct Job {
    name: Option<String>,
    path: PathBuf,
    keyfile: Option<PathBuf>,
    password: crate::policy::PasswordSpec,
    /// The command line's own source (`--password-file`, `--password-stdin`,
    /// `--no-password`, or the default: environment, then a prompt).
    from_args: bool,
}

/// A vault that could not be opened: its name and path for the report.
struct Failed {
    name: String,
    path: String,
    /// Every path its error message may quote (vault, key file, password
    /// file), for --privacy summary.
    paths: Vec<String>,
}

/// The vaults to open, from the command line, `--family` or the policy
/// file's `[[vault]]` tables (in that order of precedence).
fn vault_jobs(args: &AuditArgs, settings: &AuditSettings) -> Result<Vec<Job>, AppError> {
    let specs = match &args.family {
        Some(f) => crate::policy::load_household(f)?,
        None if args.vaults.is_empty() => settings.options.policy.vaults.clone(),
        None => Vec::new(),
    };
    let flags = args.password_file.is_some()
        || args.password_stdin
        || args.no_password
        || args.keyfile.is_some();
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
            })
            .collect());
    }
    if args.vaults.is_empty() {
        return Err(AppError::new("no vault to audit".to_owned()).with_hint(
            "name a vault (kdbx-audit audit VAULT.kdbx), a household file (--family FILE) or [[vault]] tables in the policy file"
                .to_owned(),
        ));
    }
    if args.password_stdin && args.vaults.len() > 1 {
        return Err(AppError::new(
            "--password-stdin reads one password, and several vaults were given".to_owned(),
        )
        .with_hint("use --family FILE with a password source for each member".to_owned()));
    }
    Ok(args
        .vaults
        .iter()
        .map(|p| Job {
            name: None,
            path: p.clone(),
            keyfile: args.keyfile.clone(),
            password: crate::policy::PasswordSpec::None,
            from_args: true,
        })
        .collect())
}

/// Get every password first (prompts one after another, naming the
/// member), then unlock the vaults in parallel: key derivation dominates,
/// and two vaults on two cores take about as long as one.
fn open_all(
    jobs: Vec<Job>,
    args: &AuditArgs,
) -> (Vec<crate::model::Vault>, Vec<(Failed, AppError)>) {
    use rayon::prelude::*;
    let limits = crate::limits::Limits {
        max_vault_bytes: args.max_vault_mib.saturating_mul(1024 * 1024),
        max_unlock: std::time::Duration::from_secs(args.max_unlock_seconds),
        ..crate::limits::Limits::default()
    };
    let prepared: Vec<(Job, Result<Credentials, AppError>)> = jobs
        .into_iter()
        .map(|j| {
            let source = if j.from_args {
                if let Some(p) = &args.password_file {
                    password::Source::File(p)
                } else if args.password_stdin {
                    password::Source::Stdin
                } else if args.no_password {
                    password::Source::None
                } else {
                    password::Source::Default
                }
            } else {
                match &j.password {
                    crate::policy::PasswordSpec::File(p) => password::Source::File(p),
                    crate::policy::PasswordSpec::Env(v) => password::Source::Env(v),
                    crate::policy::PasswordSpec::Prompt => {
                        password::Source::Prompt(j.name.as_deref().unwrap_or(""))
                    }
                    crate::policy::PasswordSpec::None => password::Source::None,
                }
            };
            let creds = password::obtain(source, &j.path, &mut |w| {
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
                if let crate::policy::PasswordSpec::File(p) = &j.password {
                    paths.push(p.display().to_string());
                }
                if j.from_args
                    && let Some(p) = &args.password_file
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
    let mut take = |c: &str| taken.insert(crate::policy::fold(c));
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

/// `kdbx-audit render`: a saved JSON report in another format. The report
/// is validated like a baseline (a kdbx-audit report of this schema).
fn render_saved(args: &crate::cli::RenderArgs) -> Result<u8, AppError> {
    refuse_output_over_inputs(args.output.as_deref(), &[("report", &args.report)])?;
    let mut report = crate::baseline::load_report(&args.report)?;
    // A summary for the household has no findings to count from.
    if report.settings.privacy != "summary" {
        report.recount();
    }
    emit(
        &report,
        format_of(args.format),
        &render::Options {
            color: use_color(args.color, args.output.is_none()),
            show_ignored: args.show_ignored,
        },
        args.output.as_deref(),
    )?;
    Ok(exit::OK)
}

/// `kdbx-audit sites DOMAIN`: what the compiled-in site data says.
fn sites(input: &str, lang: Option<LangArg>) -> Result<u8, AppError> {
    use crate::i18n::fill;
    let lang = match lang {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Ja) => Lang::Ja,
        None => Lang::from_env(),
    };
    let t = lang.text();
    let m = &t.msg;
    let shown = crate::sanitize::terminal(input);
    let host = crate::url::host(input)
        .filter(|h| h.contains('.') && !h.starts_with('.'))
        .ok_or_else(|| {
            AppError::new(format!("'{shown}' is not a domain name or URL"))
                .with_hint("give a domain such as amazon.co.jp, or a URL".to_owned())
        })?;
    let dir = crate::sites::Directory::builtin();
    let site = dir.lookup_host(&host);
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
        line(format!(
            "  {}",
            fill(m.sites_site, &[("site", &s.name), ("source", &source)])
        ));
        line(format!(
            "  {}",
            fill(m.sites_categories, &[("list", &s.categories.join(", "))])
        ));
        line(format!(
            "  {}",
            if s.in_category(crate::sites::SHOPPING) {
                m.sites_shopping_yes
            } else {
                m.sites_shopping_no
            }
        ));
        let tfa = match &s.offered {
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
    line(fill(
        m.sites_data,
        &[
            ("date", crate::sites::SNAPSHOT_DATE),
            ("date2", crate::sites::PASSKEYS_SNAPSHOT_DATE),
        ],
    ));
    write_stdout(&out)?;
    Ok(exit::OK)
}

fn rules() -> Result<u8, AppError> {
    let width = RULES.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut s = String::new();
    for r in RULES {
        s.push_str(&format!(
            "{:<width$} {:<9} {}\n",
            r.name,
            r.severity.as_str(),
            r.summary
        ));
    }
    write_stdout(&s)?;
    Ok(exit::OK)
}

fn breach_index(cmd: &BreachIndexCommand) -> Result<u8, AppError> {
    match cmd {
        BreachIndexCommand::Build {
            src,
            out,
            key_bytes,
            quiet,
        } => {
            let progress = if !quiet && std::io::stderr().is_terminal() {
                breach::Progress::counter("building the index, hashes read")
            } else {
                breach::Progress::hidden()
            };
            let st = breach::index::build(src, out, *key_bytes, &progress)?;
            if !quiet {
                let secs = st.elapsed.as_secs_f64().max(1e-9);
                eprintln!(
                    "kdbx-audit: wrote {}: {} records from {} hashes ({} bytes of source in {:.2} s, {:.0} MB/s); {} bytes, {}-byte keys, false-positive rate per lookup about {:.1e}",
                    breach::show(out),
                    st.records,
                    st.hashes_read,
                    st.source_bytes,
                    secs,
                    st.source_bytes as f64 / 1e6 / secs,
                    st.index_bytes,
                    st.key_bytes,
                    breach::index::false_positive_rate(st.records, st.key_bytes)
                );
            }
            Ok(exit::OK)
        }
        BreachIndexCommand::Check { index } => {
            let idx = breach::index::Index::open(index)?;
            idx.check().map_err(|why| {
                AppError::new(format!(
                    "{}: the index is damaged: {why}",
                    breach::show(index)
                ))
                .with_hint("rebuild it with 'kdbx-audit breach-index build SRC OUT'".to_owned())
            })?;
            write_stdout(&format!(
                "{}: OK, {} records, {}-byte keys, false-positive rate per lookup about {:.1e}\n",
                breach::show(index),
                idx.records,
                idx.key_bytes,
                breach::index::false_positive_rate(idx.records, idx.key_bytes)
            ))?;
            Ok(exit::OK)
        }
    }
}

/// Parse arguments, run, and return the exit status. Usage errors are
/// reported by clap with status 2.
pub fn main_with_args() -> u8 {
    // Before anything can hold a secret: no core dump, no ptrace by
    // other processes of this user.
    crate::process::harden();
    let matches = <Cli as clap::CommandFactory>::command().get_matches();
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    let as_of_source = matches
        .subcommand_matches("audit")
        .and_then(|m| m.value_source("as_of"))
        .map(|s| match s {
            clap::parser::ValueSource::EnvVariable => AsOfSource::Env,
            _ => AsOfSource::Flag,
        });
    let result = match &cli.command {
        Command::Audit(args) => audit(args, as_of_source),
        Command::Rules => rules(),
        Command::Sites { domain, lang } => sites(domain, *lang),
        Command::Render(args) => render_saved(args),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "kdbx-audit", &mut buf);
            write_stdout(&String::from_utf8_lossy(&buf)).map(|_| exit::OK)
        }
        Command::Man { subcommand } => {
            let top = <Cli as clap::CommandFactory>::command();
            let cmd = match subcommand {
                None => top,
                Some(name) => {
                    let names: Vec<String> = top
                        .get_subcommands()
                        .map(|c| c.get_name().to_owned())
                        .collect();
                    let Some(sub) = top.find_subcommand(name).cloned() else {
                        return finish(Err(AppError::new(format!(
                            "no subcommand '{}'",
                            crate::sanitize::terminal(name)
                        ))
                        .with_hint(format!("one of: {}", names.join(", ")))));
                    };
                    let full = format!("kdbx-audit-{}", sub.get_name());
                    sub.name(full.clone()).bin_name(full)
                }
            };
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut buf)
                .map_err(|e| AppError::new(format!("cannot render the manual page: {e}")))
                .and_then(|_| write_stdout(&String::from_utf8_lossy(&buf)))
                .map(|_| exit::OK)
        }
        Command::BreachIndex(c) => breach_index(c),
    };
    finish(result)
}

fn finish(result: Result<u8, AppError>) -> u8 {
    match result {
        Ok(code) => code,
        Err(e) => {
            // Messages quote paths and other text from the user or a file:
            // made safe for the terminal here, once, whatever built them.
            eprintln!(
                "kdbx-audit: error: {}",
                crate::sanitize::terminal(&e.message)
            );
            if let Some(h) = e.hint {
                eprintln!("kdbx-audit: hint: {}", crate::sanitize::terminal(&h));
            }
            exit::ERROR
        }
    }
}
