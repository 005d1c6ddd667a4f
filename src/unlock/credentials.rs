//! Where the master password comes from.
//!
//! Never from a command-line argument (visible in `ps` and shell history).
//! In order: `--password-file`, `--password-stdin`, the environment variable
//! `KDBX_AUDIT_PASSWORD`, then an interactive prompt, but only when standard
//! input is a terminal (a scheduled job has none). A prompt, and
//! `--password-stdin` on a terminal, read standard input with echo turned
//! off before the prompt is shown, so a password typed at once is never
//! echoed.

use std::io::{BufRead, IsTerminal};
use std::path::Path;

use zeroize::Zeroizing;

use crate::error::AppError;
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

/// Prompt on the terminal and read one line from standard input (a
/// terminal) without echo. Echo is turned off *before* the prompt is
/// shown, so that a password typed as soon as the prompt appears is never
/// echoed, and the terminal's settings are restored afterwards (also when
/// the read fails).
fn prompt_hidden(prompt: &str) -> std::io::Result<Secret> {
    #[cfg(unix)]
    {
        use rustix::termios::{LocalModes, OptionalActions, Termios, tcgetattr, tcsetattr};
        let old = tcgetattr(std::io::stdin())?;
        let mut quiet = old.clone();
        quiet
            .local_modes
            .remove(LocalModes::ECHO | LocalModes::ECHOE | LocalModes::ECHOK);
        quiet.local_modes.insert(LocalModes::ECHONL);
        tcsetattr(std::io::stdin(), OptionalActions::Now, &quiet)?;
        struct Restore(Termios);
        impl Drop for Restore {
            fn drop(&mut self) {
                let _ = tcsetattr(std::io::stdin(), OptionalActions::Now, &self.0);
            }
        }
        let _restore = Restore(old);
        show_prompt(prompt);
        let mut line = Zeroizing::new(String::new());
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(first_line(line))
    }
    #[cfg(not(unix))]
    {
        rpassword::prompt_password(prompt).map(Secret::new)
    }
}

/// "Master password for VAULT:" (naming the household member when there is
/// one), read without echo.
fn prompt_for(
    vault: &Path,
    member: Option<&str>,
    lang: crate::i18n::Lang,
) -> Result<Secret, AppError> {
    let shown = crate::sanitize::terminal(&vault.display().to_string());
    let m = &lang.text().msg;
    // In the report's language: "Master password for Ken (ken.kdbx): ",
    // 「Ken（ken.kdbx）のマスターパスワード: 」.
    let prompt = match member {
        Some(who) => crate::i18n::fill(
            m.prompt_member,
            &[("vault", &shown), ("name", &crate::sanitize::terminal(who))],
        ),
        None => crate::i18n::fill(m.prompt_vault, &[("vault", &shown)]),
    };
    prompt_hidden(&prompt)
        .map_err(|e| AppError::new(format!("cannot read the password from the terminal: {e}")))
}

/// The prompt goes to the terminal itself when there is one, else stderr.
#[cfg(unix)]
fn show_prompt(prompt: &str) {
    use std::io::Write;
    match std::fs::OpenOptions::new().write(true).open("/dev/tty") {
        Ok(mut tty) => {
            let _ = tty.write_all(prompt.as_bytes());
            let _ = tty.flush();
        }
        Err(_) => {
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(prompt.as_bytes());
            let _ = err.flush();
        }
    }
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

/// A warning when a password file can be read by other users (group or
/// others have a permission bit), as ssh warns about a private key.
pub fn file_permission_warning(p: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(p).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            return Some(format!(
                "the password file {} can be read by other users (permissions {:03o}); restrict it with: chmod 600 {}",
                crate::sanitize::terminal(&p.display().to_string()),
                mode & 0o777,
                crate::sanitize::terminal(&p.display().to_string())
            ));
        }
    }
    let _ = p;
    None
}

/// Obtain the master password; `warn` receives warnings (a password file
/// others can read).
pub fn obtain(
    source: Source<'_>,
    vault: &Path,
    lang: crate::i18n::Lang,
    warn: &mut dyn FnMut(String),
) -> Result<Option<Secret>, AppError> {
    match source {
        Source::None => Ok(None),
        Source::File(p) => {
            let shown = crate::sanitize::terminal(&p.display().to_string());
            let bytes = crate::input::read_first_line(p).map_err(|e| {
                let err = AppError::new(format!(
                    "cannot read the password file {shown}: {}",
                    match &e {
                        crate::input::FileError::TooLarge { limit } => format!(
                            "its first line is longer than {}",
                            crate::input::show_bytes(*limit)
                        ),
                        other => other.reason(),
                    }
                ));
                match e {
                    crate::input::FileError::NotRegular(_) => err.with_hint(
                        "to pass the password through a pipe, use --password-stdin".to_owned(),
                    ),
                    _ => err,
                }
            })?;
            if let Some(w) = file_permission_warning(p) {
                warn(w);
            }
            let text = std::str::from_utf8(&bytes).map_err(|_| {
                AppError::new(format!("the password file {shown} is not UTF-8 text"))
            })?;
            Ok(Some(first_line(Zeroizing::new(text.to_owned()))))
        }
        // On a terminal, read without echo (the typed password must not
        // appear on the screen or in a terminal recording).
        Source::Stdin if std::io::stdin().is_terminal() => prompt_for(vault, None, lang).map(Some),
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
            ))
            .with_why(crate::error::Why::NoPasswordEnv {
                vault: vault.display().to_string(),
                name: name.to_string(),
            })),
        },
        Source::Prompt(member) => {
            if !std::io::stdin().is_terminal() {
                return Err(AppError::new(format!(
                    "no master password for {} ({}): prompt = true, but standard input is not a terminal",
                    crate::sanitize::terminal(member),
                    crate::sanitize::terminal(&vault.display().to_string())
                ))
                .with_why(crate::error::Why::PromptNoTerminal {
                    vault: vault.display().to_string(),
                }));
            }
            prompt_for(vault, Some(member), lang).map(Some)
        }
        Source::Default => {
            if let Some(v) = std::env::var_os(ENV_VAR) {
                let v = v
                    .into_string()
                    .map_err(|_| AppError::new(format!("{ENV_VAR} is not valid UTF-8")))?;
                return Ok(Some(Secret::new(v)));
            }
            if std::io::stdin().is_terminal() {
                return prompt_for(vault, None, lang).map(Some);
            }
            Err(AppError::new(format!(
                "no master password for {}: standard input is not a terminal, so there is no prompt",
                crate::sanitize::terminal(&vault.display().to_string())
            ))
            .with_why(crate::error::Why::NoPasswordNoTerminal {
                vault: vault.display().to_string(),
            })
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
