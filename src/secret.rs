//! The one type that holds secret text.
//!
//! Passwords, protected custom fields and the master password are kept in
//! [`Secret`]. It deliberately has no `Display`, `Serialize` or `Clone`, and its
//! `Debug` prints a placeholder, so the compiler refuses to put a secret into a
//! report, a log line or an error message by accident. The bytes are zeroed when
//! the value is dropped.

use zeroize::Zeroizing;

/// Secret text, zeroed on drop. Read it only through [`Secret::expose`].
///
/// The compiler refuses to copy, print or serialise it:
///
/// ```compile_fail
/// let s = kdbx_audit::secret::Secret::new("pw".to_owned());
/// let _copy = s.clone();
/// ```
///
/// ```compile_fail
/// let s = kdbx_audit::secret::Secret::new("pw".to_owned());
/// println!("{}", s);
/// ```
///
/// ```compile_fail
/// let s = kdbx_audit::secret::Secret::new("pw".to_owned());
/// let _json = serde_json::to_string(&s);
/// ```
///
/// ```
/// let s = kdbx_audit::secret::Secret::new("pw".to_owned());
/// assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
/// ```
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wrap a string. The string is moved, not copied.
    pub fn new(value: String) -> Self {
        Secret(Zeroizing::new(value))
    }

    /// Copy secret text from a borrowed string (used when the source is
    /// itself owned by another zeroing container).
    pub fn from_str_copy(value: &str) -> Self {
        Secret(Zeroizing::new(value.to_owned()))
    }

    /// The secret text. Callers must not store or print it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Length in Unicode scalar values (safe to report).
    pub fn char_len(&self) -> usize {
        self.0.chars().count()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("hunter2-secret".to_owned());
        let shown = format!("{s:?}");
        assert!(!shown.contains("hunter2"));
        assert_eq!(shown, "Secret(<redacted>)");
        assert_eq!(s.char_len(), 14);
    }
}
