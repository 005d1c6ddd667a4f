//! The one error type the program reports: what went wrong, and what to do
//! about it. Every stage's error converts into it (each stage writes its
//! own `From`, so this module depends on none of them); `app` prints it,
//! made safe for the terminal, and exits with status 2.

/// An error for the user: what went wrong, and what to do about it.
#[derive(Debug)]
pub struct AppError {
    pub message: String,
    pub hint: Option<String>,
    /// The same, in words every report language has: set for the failures
    /// a household member's vault most often meets, which the report (in
    /// its own language) lists.
    pub why: Option<Why>,
}

/// Why a vault could not be audited, for the report's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// The master password was to come from this environment variable.
    NoPasswordEnv {
        vault: String,
        name: String,
    },
    /// No password source and no terminal to ask on.
    NoPasswordNoTerminal {
        vault: String,
    },
    /// `prompt = true`, but no terminal to ask on.
    PromptNoTerminal {
        vault: String,
    },
    WrongKey {
        vault: String,
    },
    /// Not a KeePass database at all (empty, no KDBX signature, a .kdb).
    NotAVault {
        vault: String,
    },
    /// Cut short or damaged.
    Damaged {
        vault: String,
    },
    /// Decrypted, but its content could not be read.
    Unreadable {
        vault: String,
    },
    NotFound {
        vault: String,
    },
    /// The policy or household file cannot be read (missing, not a
    /// regular file, too large).
    ConfigUnreadable {
        what: ConfigFile,
        file: String,
    },
    /// The policy or household file is not UTF-8 text.
    ConfigNotText {
        what: ConfigFile,
        file: String,
    },
    /// The policy or household file has problems, each `file:line:col:
    /// message` (the messages quote the file's keys, in English).
    ConfigProblems {
        what: ConfigFile,
        file: String,
        problems: Vec<String>,
    },
    /// `--breach` names something that is no breach corpus or index.
    BreachSource {
        arg: String,
    },
    /// `--baseline` (or `render`'s report) is not a report this version reads.
    BadReport {
        file: String,
        baseline: bool,
    },
}

/// Which of our TOML files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigFile {
    Policy,
    Household,
}

impl Why {
    /// The reason in the catalogue's language.
    pub fn text(&self, t: &crate::i18n::Catalog) -> String {
        use crate::i18n::fill;
        let m = &t.msg;
        match self {
            Why::NoPasswordEnv { vault, name } => {
                fill(m.why_no_password_env, &[("vault", vault), ("name", name)])
            }
            Why::NoPasswordNoTerminal { vault } => {
                fill(m.why_no_password_no_terminal, &[("vault", vault)])
            }
            Why::PromptNoTerminal { vault } => fill(m.why_prompt_no_terminal, &[("vault", vault)]),
            Why::WrongKey { vault } => fill(m.why_wrong_key, &[("vault", vault)]),
            Why::NotAVault { vault } => fill(m.why_not_a_vault, &[("vault", vault)]),
            Why::Damaged { vault } => fill(m.why_damaged, &[("vault", vault)]),
            Why::Unreadable { vault } => fill(m.why_unreadable, &[("vault", vault)]),
            Why::NotFound { vault } => fill(m.why_not_found, &[("vault", vault)]),
            Why::ConfigUnreadable { what, file } => fill(
                m.why_config_unreadable,
                &[("what", what.name(m)), ("file", file)],
            ),
            Why::ConfigNotText { what, file } => fill(
                m.why_config_not_text,
                &[("what", what.name(m)), ("file", file)],
            ),
            Why::ConfigProblems {
                what,
                file,
                problems,
            } => {
                let mut out = fill(
                    m.why_config_problems,
                    &[
                        ("what", what.name(m)),
                        ("file", file),
                        ("n", &problems.len().to_string()),
                    ],
                );
                for p in problems {
                    out.push_str("\n  ");
                    out.push_str(p);
                }
                out
            }
            Why::BreachSource { arg } => fill(m.why_breach_source, &[("file", arg)]),
            Why::BadReport { file, baseline } => fill(
                if *baseline {
                    m.why_bad_baseline
                } else {
                    m.why_bad_report
                },
                &[("file", file)],
            ),
        }
    }
}

impl Why {
    /// What to do about it, in the catalogue's language, where there is
    /// something to say.
    pub fn hint(&self, t: &crate::i18n::Catalog) -> Option<String> {
        let m = &t.msg;
        Some(
            match self {
                Why::WrongKey { .. } => m.hint_wrong_key,
                Why::NotFound { .. } => m.hint_not_found,
                Why::Damaged { .. } => m.hint_damaged,
                Why::Unreadable { .. } => m.hint_unreadable,
                Why::NoPasswordNoTerminal { .. } => m.hint_no_password,
                Why::ConfigUnreadable {
                    what: ConfigFile::Policy,
                    ..
                } => m.hint_policy_path,
                Why::ConfigUnreadable {
                    what: ConfigFile::Household,
                    ..
                } => m.hint_household_path,
                Why::ConfigProblems {
                    what: ConfigFile::Policy,
                    ..
                } => m.hint_policy_keys,
                Why::ConfigProblems {
                    what: ConfigFile::Household,
                    ..
                } => m.hint_household_keys,
                Why::BreachSource { .. } => m.hint_breach_source,
                Why::BadReport { baseline: true, .. } => m.hint_bad_baseline,
                Why::BadReport {
                    baseline: false, ..
                } => m.hint_bad_report,
                _ => return None,
            }
            .to_owned(),
        )
    }
}

impl ConfigFile {
    pub fn name(self, m: &crate::i18n::Messages) -> &'static str {
        match self {
            ConfigFile::Policy => m.policy_file_name,
            ConfigFile::Household => m.household_file_name,
        }
    }
}

impl AppError {
    pub fn new(message: String) -> Self {
        AppError {
            message,
            hint: None,
            why: None,
        }
    }

    pub fn with_why(mut self, why: Why) -> Self {
        self.why = Some(why);
        self
    }

    pub fn with_hint(mut self, hint: String) -> Self {
        self.hint = Some(hint);
        self
    }
}
