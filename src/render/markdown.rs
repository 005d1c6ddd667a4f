//! Markdown output for a CI job summary or an issue comment.
//!
//! GitHub-flavoured tables; every piece of vault text goes through
//! [`crate::sanitize::markdown`], which escapes `|`, backticks, HTML and
//! anything else that could start Markdown syntax.

use std::fmt::Write;

use super::Options;
use super::shared::{
    Markup, checks_table, finding_sections, findings_line, household, is_summary, nothing_audited,
    plan_lines, score_explain, section,
};
use crate::i18n::fill;
use crate::report::{CheckStatus, Report, VaultInfo};
use crate::sanitize::markdown as esc;

/// A rule or check id as code when it is one of ours in shape (lower-case
/// letters, digits, `/`, `-`); anything else (a hand-edited saved report)
/// as escaped text.
fn code(id: &str) -> String {
    let plain = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '/' || c == '-');
    if plain { format!("`{id}`") } else { esc(id) }
}

/// Markdown's way of writing a findings table.
const MD: Markup = Markup {
    esc,
    code,
    rule_heading: |t, rule, severity, n| {
        format!(
            "### {}{} — {} {}\n\n",
            esc(&t.rule_title(rule)),
            esc(&fill(t.msg.heading_count, &[("n", &n.to_string())])),
            esc(t.severity(severity)),
            code(rule)
        )
    },
    table: |out, head, rows, _entries| {
        let _ = writeln!(out, "| {} |", head.join(" | "));
        let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
        for r in rows {
            // A short row (a member whose vault did not open) is filled.
            let fill = " — |".repeat(head.len().saturating_sub(r.len()));
            let _ = writeln!(out, "| {} |{fill}", r.join(" | "));
        }
        out.push('\n');
    },
    new_mark: ("**", "**"),
    aside: ("", ""),
    remark: ("_", "_"),
    bracket: ("\\[", "\\]"),
    group: ("", " / "),
    severity: |t, s| esc(t.severity(s)),
    good: ("", ""),
    bad: ("", ""),
    alert: ("**", "**"),
    score: ("", ""),
    after_table: "",
    note: ("", "\n\n"),
    section: |out, _id, heading| {
        let _ = writeln!(out, "## {heading}\n");
    },
    section_end: "",
    place: ("", ""),
};

fn vault_row(v: &VaultInfo) -> String {
    format!(
        "| {} | {} | {} / {} | {} | {} | {} | {} |",
        esc(&v.name),
        esc(&v.format),
        esc(&v.kdf),
        esc(&v.cipher),
        v.entries_audited,
        v.entries_excluded,
        v.entries_in_recycle_bin,
        v.summary.score
    )
}

pub fn render(report: &Report, opts: &Options) -> String {
    let t = report.catalog();
    let m = &t.msg;
    let mut out = String::new();
    let s = &report.summary;
    let _ = writeln!(out, "# {}\n", esc(m.report_title));
    let tool = format!("{} {}", report.tool.name, report.tool.version);
    let _ = writeln!(
        out,
        "{}\n",
        esc(&fill(
            m.generated,
            &[
                ("date", &t.local_time(&report.generated_at, opts.zone())),
                ("tool", &tool)
            ]
        ))
    );
    if nothing_audited(report) {
        let _ = writeln!(out, "**{}**\n", esc(m.nothing_audited));
    } else {
        let _ = writeln!(
            out,
            "**{}** — {}\n",
            esc(&fill(m.score_line, &[("score", &s.score.to_string())])),
            esc(&score_explain(t, s))
        );
    }
    if s.total == 0 {
        let _ = writeln!(out, "{}\n", esc(m.no_findings));
    } else {
        let _ = writeln!(out, "{}\n", esc(&findings_line(t, s)));
    }
    if s.ignored > 0 && !opts.show_ignored {
        let _ = writeln!(
            out,
            "{}\n",
            esc(&fill(m.ignored_hint, &[("n", &s.ignored.to_string())]))
        );
    }
    if let (Some(b), Some(p)) = (&report.baseline, &report.settings.baseline) {
        let _ = writeln!(
            out,
            "{}\n",
            esc(&fill(
                m.baseline_line,
                &[
                    ("path", p),
                    ("date", &t.date(&b.generated_at)),
                    ("new", &b.new.to_string()),
                    ("known", &b.known.to_string()),
                    ("resolved", &b.resolved.to_string()),
                ]
            ))
        );
    }

    household(&MD, &mut out, report);
    let summary_only = is_summary(report);
    if summary_only {
        let _ = writeln!(out, "## {}\n", esc(m.checks_heading));
        let _ = writeln!(
            out,
            "| {} | {} |\n|---|---|",
            esc(m.col_check),
            esc(m.col_status)
        );
        for c in &report.checks {
            let status = match c.status {
                CheckStatus::Complete => m.status_complete,
                CheckStatus::Incomplete => m.status_incomplete,
                CheckStatus::Skipped => m.status_skipped,
            };
            let _ = writeln!(out, "| {} | {} |", esc(&c.id), esc(status));
        }
        return out;
    }

    // Action plan.
    let _ = writeln!(out, "## {}\n", esc(m.plan_heading));
    let (lines, more) = plan_lines(&MD, report);
    if lines.is_empty() {
        let _ = writeln!(out, "{}\n", esc(m.plan_none));
    }
    for (i, l) in lines.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. **{}** {}{} — {}{}",
            i + 1,
            esc(&t.severity(l.severity).to_uppercase()),
            l.label,
            l.place,
            l.sentence,
            l.new
        );
    }
    if let Some(more) = more {
        let _ = writeln!(out, "\n{more}");
    }
    out.push('\n');

    finding_sections(&MD, &mut out, report, opts.show_ignored);

    section(&MD, &mut out, "checks", m.checks_heading, |out| {
        checks_table(&MD, out, report);
    });
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|---|",
        esc(m.col_vault),
        esc(m.col_format),
        esc(m.col_kdf),
        esc(m.col_audited),
        esc(m.col_excluded),
        esc(m.col_bin),
        esc(m.col_score)
    );
    for v in &report.vaults {
        let _ = writeln!(out, "{}", vault_row(v));
    }
    if !report.warnings.is_empty() {
        let _ = writeln!(out, "\n## {}\n", esc(m.warnings_heading));
        for w in &report.warnings {
            let _ = writeln!(out, "- {}", esc(w));
        }
    }
    out
}
