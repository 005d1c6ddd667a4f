//! Command-line definitions (clap). Only `app` turns these into settings; the
//! rest of the library never sees clap types.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "kdbx-audit",
    version = concat!(env!("CARGO_PKG_VERSION"), " (site data: ", crate::site_data_version!(), ")"),
    args_override_self = true,
    about = "Audit KeePass (.kdbx) vaults for password hygiene and print a hardening report",
    long_about = "Audit KeePass (.kdbx) vaults for password hygiene and print a hardening report.\n\nThe vault is opened locally and nothing is written anywhere but the report. Exit status: 0 clean, 1 findings at or above --fail-on (with --fail-on-new: new findings only; findings ignored by the policy file never count), 2 error or incomplete run."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit one or more vaults (a household) and print one report.
    Audit(Box<AuditArgs>),
    /// List every rule id with its default severity and what it checks.
    Rules {
        /// Language of the output (in Japanese: each rule's title). Default: the locale (LC_ALL, LC_MESSAGES, LANG).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Show what kdbx-audit knows about sites: shopping or not, 2FA methods, passkeys, our Japanese site data with its sources.
    Sites {
        /// Domains or URLs, e.g. amazon.co.jp or https://www.amazon.co.jp/.
        #[arg(required = true, value_name = "DOMAIN")]
        domains: Vec<String>,
        /// Language of the output. Default: the locale (LC_ALL, LC_MESSAGES, LANG).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// text (default) or json (one document for scripts: `sites[]` in the order given, and `data`).
        #[arg(long, short = 'f', value_enum, default_value = "text")]
        format: SitesFormat,
    },
    /// Render a saved JSON report as text, Markdown or HTML (no vault needed).
    Render(RenderArgs),
    /// The phone map: for each phone number noted in the vaults, the accounts that send codes there, whether each has another way in, and what to do before the number changes. Numbers are shown by their last four digits only. No breach lookups.
    Phones(Box<PhonesArgs>),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff): `kdbx-audit man > kdbx-audit.1`, `kdbx-audit man audit > kdbx-audit-audit.1`.
    Man {
        /// A subcommand's page instead of the main one.
        subcommand: Option<String>,
    },
    /// Build or verify a compact offline index of the Pwned Passwords corpus.
    #[command(subcommand)]
    BreachIndex(BreachIndexCommand),
}

#[derive(Debug, Subcommand)]
pub enum BreachIndexCommand {
    /// Build an index from the downloader's single SHA-1 file or its per-prefix directory.
    Build {
        /// The Pwned Passwords SHA-1 file (sorted `HASH:COUNT` lines) or directory of `XXXXX.txt` range files.
        src: PathBuf,
        /// Where to write the index (replaced atomically when complete).
        out: PathBuf,
        /// Bytes kept of each hash after its 20-bit prefix (1-13): more bytes, fewer false positives, larger index.
        #[arg(long, default_value_t = crate::lookups::index::DEFAULT_KEY_BYTES, value_parser = clap::value_parser!(u32).range(1..=13))]
        key_bytes: u32,
        /// Do not print the summary or a progress bar.
        #[arg(long, short = 'q')]
        quiet: bool,
    },
    /// Verify an index: header, checksums, and the order of every record.
    Check {
        /// The index file.
        index: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    Markdown,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PrivacyArg {
    Full,
    Summary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Ja,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SitesFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Info,
    Low,
    Medium,
    High,
    Critical,
    Never,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// A JSON report written by `kdbx-audit audit --format json`.
    pub report: PathBuf,

    /// Print the report in this language (its findings and warnings from the translations a JSON report carries). Default: the language it was written in.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,

    #[command(flatten)]
    pub out: OutputArgs,
}

/// How and where a report is written (`audit` and `render`).
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(
        help_heading = "Output",
        long,
        short = 'f',
        value_enum,
        default_value = "text"
    )]
    pub format: FormatArg,

    /// Write the report to this file (atomically) instead of standard output (`-` for standard output). Never an input's file; never a FIFO, a device other than /dev/null, or a symbolic link owned by another user.
    #[arg(help_heading = "Output", long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Colour the text report: auto = only on a terminal, and not when NO_COLOR is set.
    #[arg(help_heading = "Output", long, value_enum, default_value = "auto")]
    pub color: ColorArg,

    /// List the findings the policy file's [[ignore]] tables set aside (text, Markdown, HTML; JSON always lists them).
    #[arg(help_heading = "Output", long)]
    pub show_ignored: bool,
}

/// Which vaults to open and how: `audit` and `phones`.
#[derive(Debug, Clone, Args)]
pub struct VaultArgs {
    /// The vaults (.kdbx). Several vaults on the command line share the credential options (or each prompts); for per-member credentials use --family.
    #[arg(help_heading = "Input")]
    pub vaults: Vec<PathBuf>,

    /// A household file: [[vault]] tables with each member's name, path, keyfile, password source (password_file, password_env, prompt = true) and current phone numbers (phones). Paths are relative to the file.
    #[arg(help_heading = "Input", long, value_name = "FILE", conflicts_with_all = ["vaults", "password_file", "password_stdin", "no_password", "keyfile"])]
    pub family: Option<PathBuf>,

    /// Refuse a vault whose key derivation (read from its header before any work) would take longer than this here; estimated from a short sample run. Argon2 memory above half of this machine's memory is always refused.
    #[arg(help_heading = "Input", long, value_name = "SECS", default_value_t = crate::unlock::limits::DEFAULT_MAX_UNLOCK_SECONDS, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub max_unlock_seconds: u64,

    /// Refuse a vault file larger than this many MiB (it is read into memory whole).
    #[arg(help_heading = "Input", long, value_name = "MIB", default_value_t = crate::unlock::limits::DEFAULT_MAX_VAULT_MIB, value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub max_vault_mib: u64,

    /// Read the master password from the first line of this file (a regular file; a pipe belongs on --password-stdin).
    #[arg(help_heading = "Credentials", long, value_name = "PATH", conflicts_with_all = ["password_stdin", "no_password"])]
    pub password_file: Option<PathBuf>,

    /// Read the master password from the first line of standard input (without echo when it is a terminal).
    #[arg(help_heading = "Credentials", long, conflicts_with = "no_password")]
    pub password_stdin: bool,

    /// The vault has no password (key file only).
    #[arg(help_heading = "Credentials", long, requires = "keyfile")]
    pub no_password: bool,

    /// Key file (XML .keyx/.key, 32-byte binary, 64-hex text, or any file up to 64 MiB).
    #[arg(help_heading = "Credentials", long, short = 'k', value_name = "PATH")]
    pub keyfile: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub input: VaultArgs,

    /// Minimum zxcvbn score (0-4) a password needs to pass `password/weak`.
    #[arg(help_heading = "Checks", long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(0..=4))]
    pub min_score: u8,

    /// Wall time the password strength scores may take in all; passwords not scored by then are unchecked and the `weak` check incomplete (exit status 2).
    #[arg(help_heading = "Checks", long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub weak_budget_seconds: u64,

    /// Breach check source: hibp (the online range API, k-anonymity), off, or PATH: the Pwned Passwords SHA-1 file, its per-prefix directory, or an index from `breach-index build`.
    #[arg(
        help_heading = "Checks",
        long,
        value_name = "hibp|off|PATH",
        default_value = "hibp"
    )]
    pub breach: String,

    /// Base URL of the Pwned Passwords range API (a self-hosted mirror); `/range/XXXXX` is appended.
    #[arg(help_heading = "Checks", long, value_name = "URL", env = "KDBX_AUDIT_HIBP_URL", default_value = crate::lookups::hibp::DEFAULT_URL)]
    pub hibp_url: String,

    /// Range requests in flight at once.
    #[arg(help_heading = "Checks", long, value_name = "N", default_value_t = crate::lookups::hibp::DEFAULT_CONCURRENCY, value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u64).range(1..=256), |v| v as usize))]
    pub hibp_concurrency: usize,

    /// Seconds before one range request is abandoned (and retried).
    #[arg(help_heading = "Checks", long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub hibp_timeout: u64,

    /// A PEM file of CA certificates to trust for the range API besides the system's (a mirror behind a private CA).
    #[arg(help_heading = "Checks", long, value_name = "FILE")]
    pub hibp_ca: Option<PathBuf>,

    /// Retries of a failed range request (timeouts, connection errors, 429, 5xx) before its passwords are reported unchecked.
    #[arg(help_heading = "Checks", long, value_name = "N", default_value_t = crate::lookups::hibp::DEFAULT_RETRIES, value_parser = clap::value_parser!(u32).range(0..=10))]
    pub hibp_retries: u32,

    /// Judge password ages, master key age, expiry and ignore dates as of this moment instead of now (YYYY-MM-DD, midnight UTC, or RFC 3339): reproducible reports. The report's generated_at is this time.
    #[arg(help_heading = "Checks", long, value_name = "DATE", env = "KDBX_AUDIT_AS_OF", value_parser = parse_as_of)]
    pub as_of: Option<chrono::DateTime<chrono::Utc>>,

    /// Policy file (TOML): which accounts need 2FA and a phone number, severities. Default: ./kdbx-audit.toml, then kdbx-audit/config.toml in the user config directory.
    #[arg(
        help_heading = "Checks",
        long,
        value_name = "PATH",
        env = "KDBX_AUDIT_CONFIG"
    )]
    pub config: Option<PathBuf>,

    /// Use the built-in policy; read no policy file (not even --config or KDBX_AUDIT_CONFIG).
    #[arg(help_heading = "Checks", long)]
    pub no_config: bool,

    /// full: the whole report; summary: only the member table and counts (no titles, user names, URLs or paths), to share with the household.
    #[arg(help_heading = "Output", long, value_enum, default_value = "full")]
    pub privacy: PrivacyArg,

    #[command(flatten)]
    pub out: OutputArgs,

    /// Language of the findings. Default: the policy file's `lang`, else the locale (LC_ALL, LC_MESSAGES, LANG).
    #[arg(help_heading = "Output", long, value_enum)]
    pub lang: Option<LangArg>,

    /// Add where the run's time went (milliseconds per phase: each vault's unlock, lookups, scoring, each check, render) to the JSON report as `timings`, and one line of it to standard error.
    #[arg(help_heading = "Output", long)]
    pub timings: bool,

    /// Do not print warnings and notes on standard error. Errors still are, as is one line saying why when the exit status is 2, and a note when the audit is backdated by KDBX_AUDIT_AS_OF or uses ./kdbx-audit.toml from the working directory.
    #[arg(help_heading = "Output", long, short = 'q')]
    pub quiet: bool,

    /// A JSON report of an earlier run: mark each finding new or known, and list the resolved ones.
    #[arg(help_heading = "Output", long, value_name = "PREVIOUS.json")]
    pub baseline: Option<PathBuf>,

    /// Exit 1 when a finding is at or above this severity.
    #[arg(help_heading = "Exit status", long, value_enum, default_value = "high")]
    pub fail_on: FailOnArg,

    /// Exit by the findings even when a check could not complete (e.g. some breach lookups failed); the report still says what is unchecked.
    #[arg(help_heading = "Exit status", long)]
    pub allow_incomplete: bool,

    /// Exit 1 only for new findings (at or above --fail-on) since --baseline.
    #[arg(help_heading = "Exit status", long, requires = "baseline")]
    pub fail_on_new: bool,
}

/// `kdbx-audit phones`: the vaults are read as `audit` reads them.
#[derive(Debug, Args)]
pub struct PhonesArgs {
    #[command(flatten)]
    pub input: VaultArgs,

    /// Policy file: `[phones] current` (your current numbers) and `[[vault]]` tables.
    #[arg(long, value_name = "PATH", env = "KDBX_AUDIT_CONFIG")]
    pub config: Option<PathBuf>,

    /// Use the built-in policy; read no policy file.
    #[arg(long)]
    pub no_config: bool,

    /// text (default) or json (`phones[]` as in the audit's JSON report).
    #[arg(
        help_heading = "Output",
        long,
        short = 'f',
        value_enum,
        default_value = "text"
    )]
    pub format: SitesFormat,

    /// Write to this file instead of standard output.
    #[arg(help_heading = "Output", long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Language of the output. Default: the policy file's `lang`, else the locale.
    #[arg(help_heading = "Output", long, value_enum)]
    pub lang: Option<LangArg>,

    /// Do not print warnings on standard error.
    #[arg(help_heading = "Output", long, short = 'q')]
    pub quiet: bool,
}

impl PhonesArgs {
    /// The audit that reads the same vaults: no breach lookups, the phone
    /// map as its output.
    pub fn as_audit(&self) -> AuditArgs {
        AuditArgs {
            input: self.input.clone(),
            min_score: 3,
            weak_budget_seconds: 30,
            breach: "off".to_owned(),
            hibp_url: crate::lookups::hibp::DEFAULT_URL.to_owned(),
            hibp_concurrency: crate::lookups::hibp::DEFAULT_CONCURRENCY,
            hibp_timeout: 10,
            hibp_ca: None,
            hibp_retries: crate::lookups::hibp::DEFAULT_RETRIES,
            as_of: None,
            config: self.config.clone(),
            no_config: self.no_config,
            privacy: PrivacyArg::Full,
            out: OutputArgs {
                format: match self.format {
                    SitesFormat::Text => FormatArg::Text,
                    SitesFormat::Json => FormatArg::Json,
                },
                output: self.output.clone(),
                color: ColorArg::Never,
                show_ignored: false,
            },
            lang: self.lang,
            quiet: self.quiet,
            timings: false,
            baseline: None,
            fail_on: FailOnArg::Never,
            allow_incomplete: true,
            fail_on_new: false,
        }
    }
}

/// `--as-of`: a date (midnight UTC) or an RFC 3339 time.
fn parse_as_of(s: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    let s = s.trim();
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d.and_time(chrono::NaiveTime::MIN).and_utc());
    }
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|_| {
            format!("'{s}' is not a date (2026-11-23) or an RFC 3339 time (2026-11-23T09:00:00Z)")
        })
}
