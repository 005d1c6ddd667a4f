//! Markdown output for a CI job summary or an issue comment.
//!
//! GitHub-flavoured tables; every piece of vault text goes through
//! [`crate::sanitize::markdown`], which escapes `|`, backticks, HTML and
//! anything else that could start Markdown syntax.

use std::fmt::Write;

use super::Options;
use super::text::{
    PLAN_SHOWN, account_cells, by_rule, check_counts, findings_line, ignore_note, is_summary,
    item_place, members, nothing_audited, score_explain,
};
use crate::i18n::{Catalog, fill};
use crate::report::plan;
use crate::report::{CheckStatus, EntryRef, Finding, Report, Severity, VaultInfo};
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

/// Escape text that follows other text on the line: the catalogue's
/// leading blank (" (Shopping)") stays a blank, not an entity.
fn esc_after_blank(s: &str) -> String {
    match s.strip_prefix(' ') {
        Some(rest) => format!(" {}", esc(rest)),
        None => esc(s),
    }
}

fn entry_cell(t: &Catalog, e: &EntryRef, show_vault: bool) -> String {
    let mut s = String::new();
    if show_vault {
        let _ = write!(s, "\\[{}\\] ", esc(&e.vault));
    }
    if !e.group.is_empty() {
        let _ = write!(s, "{} / ", esc(&e.group));
    }
    s.push_str(&esc(&plan::title(t, e)));
    s
}

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
    let show_vault = report.vaults.len() > 1;
    let mut out = String::new();
    let s = &report.summary;
    let _ = writeln!(out, "# {}\n", esc(m.report_title));
    let tool = format!("{} {}", report.tool.name, report.tool.version);
    let _ = writeln!(
        out,
        "{}\n",
        esc(&fill(
            m.generated,
            &[("date", &report.generated_at), ("tool", &tool)]
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
                    ("date", &b.generated_at),
                    ("new", &b.new.to_string()),
                    ("known", &b.known.to_string()),
                    ("resolved", &b.resolved.to_string()),
                ]
            ))
        );
    }

    // The household.
    let rows = members(report);
    let summary_only = is_summary(report);
    if summary_only {
        let _ = writeln!(out, "{}\n", esc(m.privacy_note));
    }
    if rows.len() > 1 || summary_only || !report.vaults_failed.is_empty() {
        let _ = writeln!(
            out,
            "## {}\n",
            esc(&fill(m.members_heading, &[("n", &rows.len().to_string())]))
        );
        let sevs: Vec<String> = Severity::ALL_DESC
            .iter()
            .map(|s| esc(t.severity(*s)))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |\n|---|---|---|---|---|---|---|---|",
            esc(m.col_member),
            esc(m.col_audited),
            esc(m.col_score),
            sevs.join(" | ")
        );
        for r in &rows {
            match &r.failed {
                Some(reason) => {
                    let _ = writeln!(
                        out,
                        "| {} | **{}** | — | — | — | — | — | — |",
                        esc(&r.name),
                        esc(&fill(m.member_failed, &[("reason", reason)]))
                    );
                }
                None => {
                    let counts: Vec<String> = r.counts.iter().map(|c| c.to_string()).collect();
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {} |",
                        esc(&r.name),
                        r.audited,
                        r.score,
                        counts.join(" | ")
                    );
                }
            }
        }
        out.push('\n');
    }
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
    let items = plan::build(report);
    if items.is_empty() {
        let _ = writeln!(out, "{}\n", esc(m.plan_none));
    }
    for (i, item) in items.iter().take(PLAN_SHOWN).enumerate() {
        let (label, place) = item_place(item, show_vault);
        let place = if place.is_empty() {
            String::new()
        } else {
            esc_after_blank(&fill(t.in_parens, &[("where", &place)]))
        };
        let new = if item.new {
            format!(" **{}**", esc(m.new_mark))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{}. **{}** {}{place} — {}{new}",
            i + 1,
            esc(&t.severity(item.severity).to_uppercase()),
            esc(&label),
            esc(&item.sentence(t)),
        );
    }
    if items.len() > PLAN_SHOWN {
        let n = (items.len() - PLAN_SHOWN).to_string();
        let _ = writeln!(out, "\n{}", esc(&fill(m.plan_more, &[("n", &n)])));
    }
    out.push('\n');

    if !report.findings.is_empty() {
        let _ = writeln!(out, "## {}\n", esc(m.details_heading));
        details(&mut out, t, &report.findings, show_vault, true);
    }

    if !report.accounts.is_empty() {
        let n = report.accounts.len().to_string();
        let heading = fill(t.accounts_heading, &[("n", &n)]);
        let _ = writeln!(out, "## {}\n", esc(heading.trim_end_matches([':', '：'])));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |\n|---|---|---|---|",
            esc(m.col_site),
            esc(m.col_entry),
            esc(m.col_2fa),
            esc(m.col_phone)
        );
        for a in &report.accounts {
            let Some(first) = a.entries.first() else {
                continue;
            };
            let cells = account_cells(t, a);
            let cell = |c: Option<(String, _)>| c.map_or_else(|| "—".to_owned(), |(w, _)| w);
            let _ = writeln!(
                out,
                "| {} | {}{} | {} | {} |",
                esc(&a.site),
                entry_cell(t, first, show_vault),
                esc(&cells.more),
                esc(&cell(cells.two_factor)),
                esc(&cell(cells.phone))
            );
        }
        out.push('\n');
    }

    if opts.show_ignored && !report.ignored.is_empty() {
        let n = report.ignored.len().to_string();
        let _ = writeln!(out, "## {}\n", esc(&fill(m.ignored_heading, &[("n", &n)])));
        details(&mut out, t, &report.ignored, show_vault, false);
    }
    // The baseline's findings that are gone, and those not re-checked.
    for (list, heading) in [
        (&report.resolved, m.resolved_heading),
        (&report.not_rechecked, m.not_rechecked_heading),
    ] {
        if report.baseline.is_none() || list.is_empty() {
            continue;
        }
        let n = list.len().to_string();
        let _ = writeln!(out, "## {}\n", esc(&fill(heading, &[("n", &n)])));
        findings_table(
            &mut out,
            t,
            &list.iter().collect::<Vec<_>>(),
            show_vault,
            false,
            false,
        );
    }

    let _ = writeln!(out, "## {}\n", esc(m.checks_heading));
    let _ = writeln!(
        out,
        "| {} | {} | {} |\n|---|---|---|",
        esc(m.col_check),
        esc(m.col_status),
        esc(m.col_rule)
    );
    for c in &report.checks {
        let status = match c.status {
            CheckStatus::Complete => m.status_complete.to_owned(),
            CheckStatus::Incomplete => format!("**{}**", m.status_incomplete),
            CheckStatus::Skipped => m.status_skipped.to_owned(),
        };
        let mut status = format!("{status}{}", esc_after_blank(&check_counts(t, c)));
        if let Some(r) = &c.reason {
            let _ = write!(status, ": {}", esc(r));
        }
        let rules: Vec<String> = c.rules.iter().map(|r| code(r)).collect();
        let _ = writeln!(out, "| {} | {status} | {} |", esc(&c.id), rules.join(" "));
    }
    out.push('\n');
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

/// One table per rule: severity and rule id as a heading, then the
/// findings with their entries and fixes.
fn details(out: &mut String, t: &Catalog, findings: &[Finding], show_vault: bool, marks: bool) {
    for (rule, group) in by_rule(findings) {
        let Some(first) = group.first() else { continue };
        let _ = writeln!(
            out,
            "### {} — {} ({})\n",
            code(rule),
            esc(t.severity(first.severity)),
            group.len()
        );
        findings_table(out, t, &group, show_vault, true, marks);
    }
}

fn findings_table(
    out: &mut String,
    t: &Catalog,
    findings: &[&Finding],
    show_vault: bool,
    fix: bool,
    marks: bool,
) {
    let m = &t.msg;
    if fix {
        let _ = writeln!(
            out,
            "| {} | {} | {} |\n|---|---|---|",
            esc(m.col_finding),
            esc(m.col_entries),
            esc(m.col_fix)
        );
    } else {
        let _ = writeln!(
            out,
            "| {} | {} | {} |\n|---|---|---|",
            esc(m.col_rule),
            esc(m.col_finding),
            esc(m.col_entries)
        );
    }
    for f in findings {
        let mut entries: Vec<String> = f
            .entries
            .iter()
            .map(|e| entry_cell(t, e, show_vault))
            .collect();
        if let Some(v) = &f.vault {
            entries.push(format!("\\[{}\\]", esc(v)));
        }
        let mut message = esc(&f.message);
        if marks && f.baseline == Some(crate::report::BaselineMark::New) {
            message = format!("**{}** {message}", esc(m.new_mark));
        }
        if let Some(u) = &f.details.url {
            let _ = write!(message, "<br>{} {}", esc(m.url_label), esc(u));
        }
        if let Some(ig) = &f.ignore {
            let _ = write!(message, "<br>_{}_", esc(&ignore_note(t, ig)));
        }
        if fix {
            let _ = writeln!(
                out,
                "| {message} | {} | {} |",
                entries.join("<br>"),
                esc(&f.remediation)
            );
        } else {
            let _ = writeln!(
                out,
                "| {} | {message} | {} |",
                code(&f.rule),
                entries.join("<br>")
            );
        }
    }
    out.push('\n');
}
