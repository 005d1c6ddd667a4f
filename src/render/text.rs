//! Text output for a person at a terminal.
//!
//! A summary line first, then findings grouped by severity with the entries
//! they name and what to do, then the status of every check and any warning.
//! All vault text goes through [`crate::sanitize::terminal`].

use std::fmt::Write;

use crate::i18n::{Catalog, Lang, fill};
use crate::report::{CheckStatus, EntryRef, NoteRef, Report, Severity};
use crate::sanitize::terminal;

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn severity(&self, s: Severity) -> String {
        let label = s.as_str().to_uppercase();
        let code = match s {
            Severity::Critical => "1;35",
            Severity::High => "1;31",
            Severity::Medium => "33",
            Severity::Low => "36",
            Severity::Info => "2",
        };
        self.paint(code, &label)
    }
}

fn entry_label(e: &EntryRef, show_vault: bool) -> String {
    let title = if e.title.trim().is_empty() {
        format!("(untitled {})", &e.uuid[..e.uuid.len().min(8)])
    } else {
        terminal(&e.title)
    };
    let mut s = String::new();
    if show_vault {
        let _ = write!(s, "[{}] ", terminal(&e.vault));
    }
    if !e.group.is_empty() {
        let _ = write!(s, "{} / ", terminal(&e.group));
    }
    s.push_str(&title);
    s
}

/// ` (field otp)`, ` (notes line 2FA)`, …: where a sign is, in the
/// report's language. The label is vault text, escaped here.
fn note_place(t: &Catalog, sign: Option<&NoteRef>) -> String {
    let Some(s) = sign else {
        return String::new();
    };
    let label = terminal(s.label.as_deref().unwrap_or(""));
    let tpl = match s.kind.as_str() {
        "username" => t.where_username,
        "notes" => t.where_notes,
        "tag" => t.where_tag,
        _ => t.where_field,
    };
    let place = fill(tpl, &[("where", &label)]);
    fill(t.in_parens, &[("where", &place)])
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn render(report: &Report, color: bool) -> String {
    let st = Style { on: color };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}",
        st.paint(
            "1",
            &format!("{} {}", report.tool.name, report.tool.version)
        ),
        report.generated_at
    );
    for v in &report.vaults {
        let _ = writeln!(
            out,
            "Vault {} ({}): {}, {} / {}; {} audited, {} excluded from reports, {} in the recycle bin",
            terminal(&v.name),
            terminal(&v.path),
            v.format,
            v.kdf,
            v.cipher,
            v.entries_audited,
            v.entries_excluded,
            v.entries_in_recycle_bin
        );
    }
    if let Some(p) = &report.settings.config {
        let _ = writeln!(out, "Policy file: {}", terminal(p));
    }
    out.push('\n');

    let s = &report.summary;
    if s.total == 0 {
        let _ = writeln!(out, "{}", st.paint("1;32", "No findings."));
    } else {
        let parts: Vec<String> = Severity::ALL_DESC
            .iter()
            .filter(|sev| s.count(**sev) > 0)
            .map(|sev| format!("{} {}", s.count(*sev), sev.as_str()))
            .collect();
        let _ = writeln!(
            out,
            "{}: {}",
            st.paint("1", &plural(s.total, "finding", "findings")),
            parts.join(", ")
        );
    }

    let show_vault = report.vaults.len() > 1;
    for sev in Severity::ALL_DESC {
        let group: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.severity == sev)
            .collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{} ({})", st.severity(sev), group.len());
        for f in group {
            let _ = writeln!(out, "  {} {}", st.paint("1", &f.rule), terminal(&f.message));
            for e in &f.entries {
                let _ = writeln!(out, "      - {}", entry_label(e, show_vault));
            }
            if let Some(u) = &f.details.url {
                let _ = writeln!(out, "      URL: {}", terminal(u));
            }
            // The remediation may name the entry (an unknown site's title).
            let _ = writeln!(
                out,
                "      {} {}",
                st.paint("2", "fix:"),
                terminal(&f.remediation)
            );
        }
    }

    if !report.accounts.is_empty() {
        // This list is new with the account rules and follows the report's
        // language; the rest of the text report is English for now.
        let t = Lang::from_code(&report.settings.lang)
            .unwrap_or(Lang::En)
            .text();
        let n = report.accounts.len().to_string();
        let _ = writeln!(out, "\n{}", fill(t.accounts_heading, &[("n", &n)]));
        for a in &report.accounts {
            let mut parts = Vec::new();
            if a.requires.iter().any(|r| r == "2fa") {
                let tf = &a.two_factor;
                let place = note_place(t, tf.sign.as_ref());
                parts.push(match tf.state.as_str() {
                    "on" => {
                        let m = t.sign_method(tf.method.as_deref().unwrap_or(""));
                        let s = fill(t.two_factor_on, &[("method", &m)]);
                        st.paint("32", &format!("{s}{place}"))
                    }
                    "off" => st.paint("1;31", &format!("{}{place}", t.two_factor_off)),
                    _ => st.paint("1;31", t.two_factor_none),
                });
            }
            if a.requires.iter().any(|r| r == "phone") {
                parts.push(match &a.phone.sign {
                    Some(sign) => st.paint(
                        "32",
                        &format!("{}{}", t.phone_noted, note_place(t, Some(sign))),
                    ),
                    None => st.paint("33", t.phone_none),
                });
            }
            let more = match a.entries.len() {
                0 | 1 => String::new(),
                k => fill(t.more_entries, &[("n", &(k - 1).to_string())]),
            };
            let Some(first) = a.entries.first() else {
                continue;
            };
            let _ = writeln!(
                out,
                "  {}: {}{more}  {}",
                terminal(&a.site),
                entry_label(first, show_vault),
                parts.join(t.list_sep)
            );
        }
    }

    out.push('\n');
    let _ = writeln!(out, "Checks:");
    for c in &report.checks {
        let status = match c.status {
            CheckStatus::Complete => st.paint("32", "complete"),
            CheckStatus::Incomplete => st.paint("1;31", "INCOMPLETE"),
            CheckStatus::Skipped => st.paint("33", "skipped"),
        };
        let counts = match (c.passwords_checked, c.passwords_unchecked) {
            (Some(done), Some(0)) => {
                format!(" ({} looked up)", plural(done, "password", "passwords"))
            }
            (Some(done), Some(missing)) => format!(
                " ({} looked up, {} UNCHECKED)",
                plural(done, "password", "passwords"),
                missing
            ),
            _ => String::new(),
        };
        match &c.reason {
            Some(r) => {
                let _ = writeln!(out, "  {:<14} {status}{counts}: {}", c.id, terminal(r));
            }
            None => {
                let _ = writeln!(out, "  {:<14} {status}{counts}", c.id);
            }
        }
    }
    if !report.warnings.is_empty() {
        out.push('\n');
        for w in &report.warnings {
            let _ = writeln!(out, "{} {}", st.paint("1;33", "warning:"), terminal(w));
        }
    }
    out
}
