//! The one error type the program reports: what went wrong, and what to do
//! about it. Every stage's error converts into it (each stage writes its
//! own `From`, so this module depends on none of them); `app` prints it,
//! made safe for the terminal, and exits with status 2.

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
