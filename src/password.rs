//! Where the master password comes from.
//!
//! Never from a command-line argument (visible in `ps` and shell history).
//! In order: `--password-file`, `--password-stdin`, the environment variable
//! `KDBX_AUDIT_PASSWORD`, then an interactive prompt, but only when standard
//! input is a terminal (rpassword reads `/dev/tty`, which a scheduled job does
//! not have).

use std::io::{BufRead, IsTerminal};
use std::path::Path;

use zeroize::Zeroizing;

use crate::app::AppError;
use crate::secret::Secret;

pub const ENV_VAR: &str = "KDBX_AUDIT_PASSWORD";

/// How the password is to be obtained.
#[derive(Debug)]
pub enum Source<'a> {
    File(&'a Path),
    Stdin,
    /// No password: key file only.
    None,
    /// Environment variable if set, else a prompt on a terminal.
    Default,
    /// This environment variable (a household file's `password_env`).
    Env(&'a str),
    /// A prompt on the terminal naming this member (`prompt = true`).
    Prompt(&'a str),
}

fn first_line(mut text: Zeroizing<String>) -> Secret {
    if let Some(pos) = text.find('\n') {
        text.truncate(pos);
    }
    if text.ends_with('\r') {
        text.pop();
    }
    Secret::new(std::mem::take(&mut *text))
}

pub fn obtain(source: Source<'_>, vault: &Path) -> Result<Option<Secret>, AppError> {
    match source {
        Source::None => Ok(None),
        Source::File(p) => {
            let bytes = Zeroizing::new(std::fs::read(p).map_err(|e| {
                AppError::new(format!(
                    "cannot read the password file {}: {}",
                    crate::sanitize::terminal(&p.display().to_string()),
                    match e.kind() {
                        std::io::ErrorKind::NotFound => "no such file".to_owned(),
                        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
                        _ => e.to_string(),
                    }
                ))
            })?);
            let text = std::str::from_utf8(&bytes).map_err(|_| {
                AppError::new(format!(
                    "the password file {} is not UTF-8 text",
                    crate::sanitize::terminal(&p.display().to_string())
                ))
            })?;
            Ok(Some(first_line(Zeroizing::new(text.to_owned()))))
        }
        Source::Stdin => {
            let mut line = Zeroizing::new(String::new());
            let n = std::io::stdin().lock().read_line(&mut line).map_err(|e| {
                AppError::new(format!("cannot read the password from standard input: {e}"))
            })?;
            if n == 0 {
                return Err(AppError::new(
                    "--password-stdin was given but standard input is empty".to_owned(),
                ));
            }
            Ok(Some(first_line(line)))
        }
        Source::Env(name) => match std::env::var_os(name) {
            Some(v) => {
                let v = v
                    .into_string()
                    .map_err(|_| AppError::new(format!("{name} is not valid UTF-8")))?;
                Ok(Some(Secret::new(v)))
            }
            None => Err(AppError::new(format!(
                "no master password for {}: the environment variable {name} is not set",
                crate::sanitize::terminal(&vault.display().to_string())
            ))),
        },
        Source::Prompt(member) => {
            if !std::io::stdin().is_terminal() {
                return Err(AppError::new(format!(
                    "no master password for {} ({}): prompt = true, but standard input is not a terminal",
                    crate::sanitize::terminal(member),
                    crate::sanitize::terminal(&vault.display().to_string())
                )));
            }
            let pw = rpassword::prompt_password(format!(
                "Master password for {} ({}): ",
                crate::sanitize::terminal(member),
                crate::sanitize::terminal(&vault.display().to_string())
            ))
            .map_err(|e| {
                AppError::new(format!("cannot read the password from the terminal: {e}"))
            })?;
            Ok(Some(Secret::new(pw)))
        }
        Source::Default => {
            if let Some(v) = std::env::var_os(ENV_VAR) {
                let v = v
                    .into_string()
                    .map_err(|_| AppError::new(format!("{ENV_VAR} is not valid UTF-8")))?;
                return Ok(Some(Secret::new(v)));
            }
            if std::io::stdin().is_terminal() {
                let pw = rpassword::prompt_password(format!(
                    "Master password for {}: ",
                    crate::sanitize::terminal(&vault.display().to_string())
                ))
                .map_err(|e| {
                    AppError::new(format!("cannot read the password from the terminal: {e}"))
                })?;
                return Ok(Some(Secret::new(pw)));
            }
            Err(AppError::new(format!(
                "no master password for {}: standard input is not a terminal, so there is no prompt",
                crate::sanitize::terminal(&vault.display().to_string())
            ))
            .with_hint(format!(
                "give one of --password-file PATH, --password-stdin, the {ENV_VAR} environment variable, or --no-password with --keyfile PATH for a key-file-only vault"
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_strips_newlines() {
        assert_eq!(
            first_line(Zeroizing::new("pw one\r\nrest".into())).expose(),
            "pw one"
        );
        assert_eq!(first_line(Zeroizing::new("pw".into())).expose(), "pw");
        assert_eq!(first_line(Zeroizing::new("\n".into())).expose(), "");
    }
}
