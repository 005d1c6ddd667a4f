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
                _ => return None,
            }
            .to_owned(),
        )
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
