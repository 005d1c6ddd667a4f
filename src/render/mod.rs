//! Renderers: they see only the [`crate::report::Report`], never the vault.
//!
//! Every human format (text, Markdown, HTML) opens with the score and the
//! action plan ([`crate::report::plan`]), uses the catalogue of the report's
//! language, and escapes vault text for its medium: [`crate::sanitize`].
//! What they show alike (the plan's lines, the household, the findings,
//! accounts and checks tables) is written once in `shared`, against a
//! table of markup that Markdown and HTML each fill in.

pub mod html;
pub mod json;
pub mod markdown;
mod shared;
pub mod sites;
pub mod text;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
    Html,
}

/// How to render, beyond the report itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// ANSI colours (text only).
    pub color: bool,
    /// List the findings ignored by the policy (human formats; JSON always
    /// has them under `ignored`).
    pub show_ignored: bool,
    /// The reader's time zone, seconds east of UTC: the human formats show
    /// times in it (the JSON keeps UTC).
    pub utc_offset: i32,
}

impl Options {
    /// [`Self::utc_offset`] as a time zone (UTC when out of range).
    pub fn zone(&self) -> chrono::FixedOffset {
        chrono::FixedOffset::east_opt(self.utc_offset)
            .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("UTC"))
    }

    /// The time zone of the machine running the tool.
    pub fn local_offset() -> i32 {
        chrono::Local::now().offset().local_minus_utc()
    }
}

/// `kdbx-audit phones`: the phone map alone, as text or JSON (`phones[]`
/// as in the report, with the tool, time, vaults and failed vaults).
pub fn phones(report: &crate::report::Report, format: Format, _utc_offset: i32) -> String {
    match format {
        Format::Json => {
            let doc = serde_json::json!({
                "schema_version": report.schema_version,
                "tool": report.tool,
                "generated_at": report.generated_at,
                "vaults": report.vaults.iter().map(|v| &v.name).collect::<Vec<_>>(),
                "vaults_failed": report.vaults_failed,
                "phones": report.phones,
            });
            let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
            s.push('\n');
            s
        }
        _ => text::phones(report),
    }
}

/// Render the report in the given format.
pub fn render(report: &crate::report::Report, format: Format, opts: &Options) -> String {
    match format {
        Format::Text => text::render(report, opts),
        Format::Json => json::render(report),
        Format::Markdown => markdown::render(report, opts),
        Format::Html => html::render(report, opts),
    }
}
