//! Command-line definitions (clap). Only `app` turns these into settings; the
//! rest of the library never sees clap types.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "kdbx-audit",
    version,
    args_override_self = true,
    about = "Audit KeePass (.kdbx) vaults for password hygiene and print a hardening report",
    long_about = "Audit KeePass (.kdbx) vaults for password hygiene and print a hardening report.\n\nThe vault is opened locally and nothing is written anywhere but the report. Exit status: 0 clean, 1 findings at or above --fail-on, 2 error or incomplete run."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit one vault and print a report.
    Audit(AuditArgs),
    /// List every rule id with its default severity.
    Rules,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
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
pub struct AuditArgs {
    /// The vault to audit (.kdbx).
    pub vault: PathBuf,

    /// Read the master password from the first line of this file.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["password_stdin", "no_password"])]
    pub password_file: Option<PathBuf>,

    /// Read the master password from the first line of standard input.
    #[arg(long, conflicts_with = "no_password")]
    pub password_stdin: bool,

    /// The vault has no password (key file only).
    #[arg(long, requires = "keyfile")]
    pub no_password: bool,

    /// Key file (XML .keyx/.key, 32-byte binary, 64-hex text, or any file).
    #[arg(long, value_name = "PATH")]
    pub keyfile: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: FormatArg,

    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Colour the text report: auto = only on a terminal, and not when NO_COLOR is set.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,

    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value = "high")]
    pub fail_on: FailOnArg,

    /// Minimum zxcvbn score (0-4) a password needs to pass `password/weak`.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(0..=4))]
    pub min_score: u8,

    /// Breach check source: off, hibp (the online range API) or PATH (local corpus).
    #[arg(long, value_name = "off|hibp|PATH", default_value = "hibp")]
    pub breach: String,

    /// Do not print warnings and notes on standard error (errors still are).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}
