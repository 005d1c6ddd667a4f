//! Renderers: they see only the [`crate::report::Report`], never the vault.

pub mod json;
pub mod text;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Render the report in the given format.
pub fn render(report: &crate::report::Report, format: Format, color: bool) -> String {
    match format {
        Format::Text => text::render(report, color),
        Format::Json => json::render(report),
    }
}
