//! Text output for a person at a terminal.
//!
//! The score and counts first, then the action plan (what to do, account by
//! account), then the findings rule by rule with the entries they name and
//! what to do, the accounts the account rules looked at, ignored and
//! resolved findings, the status of every check and any warning.
//! All vault text goes through [`crate::sanitize::terminal`].

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use super::Options;
use super::shared::{
    PLAN_SHOWN, Tone, account_cells, by_rule, check_counts, findings_line, ignore_note, is_summary,
    item_place, members, merged, nothing_audited, phone_blocks, score_explain,
};
use crate::i18n::{Catalog, fill};
use crate::report::plan;
use crate::report::{CheckStatus, EntryRef, Finding, NoteRef, Report, Severity};
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

    /// A check's status, coloured by how much it matters.
    fn status(&self, m: &crate::i18n::Messages, s: CheckStatus) -> String {
        match s {
            CheckStatus::Complete => self.paint("32", m.status_complete),
            CheckStatus::Incomplete => self.paint("1;31", m.status_incomplete),
            CheckStatus::Skipped => self.paint("33", m.status_skipped),
        }
    }

    fn severity(&self, t: &Catalog, s: Severity) -> String {
        let label = t.severity(s).to_uppercase();
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

/// ` (field otp)`, ` (notes line 2FA)`, …: where a sign is, in the
/// report's language. The label is vault text, escaped here.
fn note_place(t: &Catalog, sign: Option<&NoteRef>) -> String {
    let Some(s) = sign else {
        return String::new();
    };
    let label = terminal(s.label.as_deref().unwrap_or(""));
    use crate::report::NoteKind;
    let tpl = match s.kind {
        NoteKind::Username => t.where_username,
        NoteKind::Notes => t.where_notes,
        NoteKind::Tag => t.where_tag,
        // A custom field: the OTP field, a passkey's fields or another.
        _ => t.where_field,
    };
    let place = fill(tpl, &[("where", &label)]);
    fill(t.in_parens, &[("where", &place)])
}

/// An entry as one line: `[vault] Group / Title`.
/// The phone map: per number, its line, its accounts and the checklist.
fn phone_section(out: &mut String, st: &Style, report: &Report, show_vault: bool) {
    let t = report.catalog();
    let m = &t.msg;
    let blocks = phone_blocks(report);
    if !blocks.is_empty() {
        let n = blocks.len().to_string();
        let _ = writeln!(
            out,
            "\n{}",
            st.paint("1;4", &fill(m.phones_heading, &[("n", &n)]))
        );
        for b in &blocks {
            let head = terminal(&b.heading);
            let _ = writeln!(
                out,
                "  {}",
                if b.outdated {
                    st.paint("1;31", &head)
                } else {
                    head
                }
            );
            for r in &b.rows {
                let ways = terminal(&r.ways);
                let mut line = format!(
                    "    {}: {}{}  {}",
                    terminal(&r.site),
                    entry_line(t, r.entry, show_vault),
                    terminal(&r.more),
                    if r.locked_out {
                        st.paint("1;31", &ways)
                    } else {
                        ways
                    }
                );
                if !r.mailbox.is_empty() {
                    let _ = write!(line, "{}{}", t.list_sep, terminal(&r.mailbox));
                }
                let _ = writeln!(out, "{line}");
            }
            let _ = writeln!(out, "    {}", terminal(&b.checklist_heading));
            for step in &b.steps {
                let _ = writeln!(out, "      {}", terminal(step));
            }
        }
    }
}

/// `kdbx-audit phones` as text: the vaults read, then the phone map.
pub fn phones(report: &Report) -> String {
    let st = Style { on: false };
    let t = report.catalog();
    let m = &t.msg;
    let mut out = String::new();
    let show_vault = report.vaults.len() > 1;
    for f in &report.vaults_failed {
        let _ = writeln!(
            out,
            "{}",
            terminal(&fill(
                m.err_vault_not_audited,
                &[("vault", &f.name), ("reason", &f.reason)]
            ))
        );
    }
    if report.phones.is_empty() {
        let _ = writeln!(out, "{}", m.phones_none);
        return out;
    }
    phone_section(&mut out, &st, report, show_vault);
    out.trim_start_matches('\n').to_owned()
}

fn entry_line(t: &Catalog, e: &EntryRef, show_vault: bool) -> String {
    let mut s = String::new();
    if show_vault {
        let _ = write!(s, "[{}] ", terminal(&e.vault));
    }
    if !e.group.is_empty() {
        let _ = write!(s, "{} / ", terminal(&e.group));
    }
    s.push_str(&terminal(&plan::title(t, e)));
    s
}

pub fn render(report: &Report, opts: &Options) -> String {
    let st = Style { on: opts.color };
    let t = report.catalog();
    let m = &t.msg;
    let show_vault = report.vaults.len() > 1;
    let mut out = String::new();
    // Everything read from the report may come from a saved file
    // (`kdbx-audit render`): escaped like vault text.
    let tool = terminal(&format!("{} {}", report.tool.name, report.tool.version));
    let generated_at = terminal(&t.local_time(&report.generated_at, opts.zone()));
    let _ = writeln!(out, "{}", st.paint("1", m.report_title));
    let _ = writeln!(
        out,
        "{}",
        fill(m.generated, &[("date", &generated_at), ("tool", &tool)])
    );
    let summary_only = is_summary(report);
    if summary_only {
        let _ = writeln!(out, "{}", m.privacy_note);
    } else {
        for v in &report.vaults {
            let _ = writeln!(out, "{}", vault_line(t, v));
        }
    }
    if let Some(p) = &report.settings.config {
        let _ = writeln!(out, "{}", fill(m.policy_line, &[("path", &terminal(p))]));
    }
    if let (Some(b), Some(p)) = (&report.baseline, &report.settings.baseline) {
        let _ = writeln!(out, "{}", baseline_line(t, b, p));
    }
    out.push('\n');

    let s = &report.summary;
    if nothing_audited(report) {
        // A score of 100 over nothing would read as clean.
        let _ = writeln!(out, "{}", st.paint("1;31", m.nothing_audited));
    } else {
        let _ = writeln!(
            out,
            "{}  {}",
            st.paint("1", &fill(m.score_line, &[("score", &s.score.to_string())])),
            st.paint("2", &score_explain(t, s))
        );
    }
    if nothing_audited(report) {
    } else if s.total == 0 {
        let _ = writeln!(out, "{}", st.paint("1;32", m.no_findings));
    } else {
        let _ = writeln!(out, "{}", findings_line(t, s));
    }
    if s.ignored > 0 && !opts.show_ignored {
        let _ = writeln!(
            out,
            "{}",
            fill(m.ignored_hint, &[("n", &s.ignored.to_string())])
        );
    }

    // The household: one line per member, failed vaults included.
    let rows = members(report);
    if rows.len() > 1 || summary_only || !report.vaults_failed.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            st.paint(
                "1;4",
                &fill(m.members_heading, &[("n", &rows.len().to_string())])
            )
        );
        // Columns padded by display width: 漢字 and かな take two cells.
        let names: Vec<String> = rows.iter().map(|r| terminal(&r.name)).collect();
        let width = names
            .iter()
            .map(|n| n.width())
            .chain([m.col_member.width()])
            .max()
            .unwrap_or(0);
        let head = [m.col_audited, m.col_score]
            .into_iter()
            .chain(Severity::ALL_DESC.iter().map(|x| t.severity(*x)))
            .map(|h| pad_left(h, 9))
            .collect::<String>();
        let _ = writeln!(out, "  {}{head}", pad_right(m.col_member, width));
        for (r, name) in rows.iter().zip(&names) {
            match &r.failed {
                Some(reason) => {
                    let msg = fill(m.member_failed, &[("reason", &terminal(reason))]);
                    let _ = writeln!(
                        out,
                        "  {}  {}",
                        pad_right(name, width),
                        st.paint("1;31", &msg)
                    );
                }
                None => {
                    let cells: String = [r.audited, usize::from(r.score)]
                        .into_iter()
                        .chain(r.counts)
                        .map(|c| pad_left(&c.to_string(), 9))
                        .collect();
                    let _ = writeln!(out, "  {}{cells}", pad_right(name, width));
                }
            }
        }
    }
    if summary_only {
        let _ = writeln!(out, "\n{}", st.paint("1;4", m.checks_heading));
        let titles = check_titles(t, report);
        for (c, title) in report.checks.iter().zip(&titles.0) {
            let status = st.status(m, c.status);
            let _ = writeln!(out, "  {} {status}", pad_right(title, titles.1));
        }
        return out;
    }

    // The action plan.
    let items = plan::build(report);
    let _ = writeln!(out, "\n{}", st.paint("1;4", m.plan_heading));
    if items.is_empty() {
        let _ = writeln!(out, "  {}", m.plan_none);
    }
    for (i, item) in items.iter().take(PLAN_SHOWN).enumerate() {
        let (label, place) = item_place(item, show_vault);
        let place = if place.is_empty() {
            String::new()
        } else {
            fill(t.in_parens, &[("where", &terminal(&place))])
        };
        let new = if item.new {
            format!(" {}", st.paint("1;33", m.new_mark))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{:>3}. {} {}{place}{new}",
            i + 1,
            st.severity(t, item.severity),
            st.paint("1", &terminal(&label)),
        );
        let _ = writeln!(out, "     {}", terminal(&item.sentence(t)));
    }
    if items.len() > PLAN_SHOWN {
        let n = (items.len() - PLAN_SHOWN).to_string();
        let _ = writeln!(out, "  {}", fill(m.plan_more, &[("n", &n)]));
    }

    // Details, rule by rule.
    if !report.findings.is_empty() {
        let _ = writeln!(out, "\n{}", st.paint("1;4", m.details_heading));
        details(&mut out, &st, t, &report.findings, show_vault, true);
    }

    if !report.accounts.is_empty() {
        let n = report.accounts.len().to_string();
        let _ = writeln!(out, "\n{}", fill(t.accounts_heading, &[("n", &n)]));
        for a in &report.accounts {
            let cells = account_cells(t, a);
            let mut parts = Vec::new();
            for (cell, sign) in [
                (cells.two_factor, a.two_factor.sign.as_ref()),
                (cells.phone, a.phone.sign.as_ref()),
            ] {
                if let Some((word, tone)) = cell {
                    let code = match tone {
                        Tone::Good => "32",
                        Tone::Bad => "1;31",
                        Tone::Warn => "33",
                    };
                    let place = note_place(t, sign);
                    parts.push(st.paint(code, &format!("{}{place}", terminal(&word))));
                }
            }
            let more = cells.more;
            let Some(first) = a.entries.first() else {
                continue;
            };
            let _ = writeln!(
                out,
                "  {}: {}{more}  {}",
                terminal(&a.site),
                entry_line(t, first, show_vault),
                parts.join(t.list_sep)
            );
        }
    }

    phone_section(&mut out, &st, report, show_vault);

    if opts.show_ignored && !report.ignored.is_empty() {
        let n = report.ignored.len().to_string();
        let _ = writeln!(
            out,
            "\n{}",
            st.paint("1;4", &fill(m.ignored_heading, &[("n", &n)]))
        );
        details(&mut out, &st, t, &report.ignored, show_vault, false);
    }
    // The baseline's findings that are gone, and those not re-checked.
    let gone = [
        (&report.resolved, m.resolved_heading, ("32", "✓")),
        (&report.not_rechecked, m.not_rechecked_heading, ("33", "?")),
    ];
    for (list, heading, (colour, sign)) in gone {
        if report.baseline.is_none() || list.is_empty() {
            continue;
        }
        let n = list.len().to_string();
        let _ = writeln!(out, "\n{}", st.paint("1;4", &fill(heading, &[("n", &n)])));
        for f in list {
            // The rule's title (its id beside it), then the finding as the
            // baseline worded it.
            let _ = writeln!(
                out,
                "  {} {}  {}\n      {}",
                st.paint(colour, sign),
                st.paint("1", &terminal(&t.rule_title(&f.rule))),
                st.paint("2", &terminal(&f.rule)),
                terminal(&f.message)
            );
            for e in &f.entries {
                let _ = writeln!(out, "      - {}", entry_line(t, e, show_vault));
            }
        }
    }

    let _ = writeln!(out, "\n{}", st.paint("1;4", m.checks_heading));
    let titles = check_titles(t, report);
    for (c, title) in report.checks.iter().zip(&titles.0) {
        let status = st.status(m, c.status);
        let counts = check_counts(t, c);
        let title = pad_right(title, titles.1);
        match &c.reason {
            Some(r) => {
                let _ = writeln!(out, "  {title} {status}{counts}: {}", terminal(r));
            }
            None => {
                let _ = writeln!(out, "  {title} {status}{counts}");
            }
        }
    }
    if !report.warnings.is_empty() {
        out.push('\n');
        for w in &report.warnings {
            let _ = writeln!(out, "{} {}", st.paint("1;33", m.warning_label), terminal(w));
        }
    }
    out
}

/// Each check's title (escaped), and the widest, for a column.
fn check_titles(t: &Catalog, report: &Report) -> (Vec<String>, usize) {
    let titles: Vec<String> = report
        .checks
        .iter()
        .map(|c| terminal(&t.check_title(&c.id)))
        .collect();
    let width = titles.iter().map(|x| x.width()).max().unwrap_or(0);
    (titles, width)
}

/// Right-aligned in `w` cells, with at least one blank before it.
fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(s.width()).max(1)))
}

fn pad_right(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(s.width())))
}

/// "Vault … : KDBX 4.0, …" (vault text escaped for a terminal).
fn vault_line(t: &Catalog, v: &crate::report::VaultInfo) -> String {
    fill(
        t.msg.vault_line,
        &[
            ("vault", &terminal(&v.name)),
            ("path", &terminal(&v.path)),
            ("format", &terminal(&v.format)),
            ("kdf", &terminal(&v.kdf)),
            ("cipher", &terminal(&v.cipher)),
            ("audited", &v.entries_audited.to_string()),
            ("excluded", &v.entries_excluded.to_string()),
            ("bin", &v.entries_in_recycle_bin.to_string()),
        ],
    )
}

pub(crate) fn baseline_line(t: &Catalog, b: &crate::report::BaselineSummary, path: &str) -> String {
    fill(
        t.msg.baseline_line,
        &[
            ("path", &terminal(path)),
            ("date", &terminal(&t.date(&b.generated_at))),
            ("new", &b.new.to_string()),
            ("known", &b.known.to_string()),
            ("resolved", &b.resolved.to_string()),
        ],
    )
}

/// Findings grouped by rule, in the order given: the rule and severity as
/// a heading, then each finding with its entries and fix. A fix shared by
/// every finding of the rule is printed once under the heading.
fn details(
    out: &mut String,
    st: &Style,
    t: &Catalog,
    findings: &[Finding],
    show_vault: bool,
    marks: bool,
) {
    for (rule, group) in by_rule(findings) {
        let Some(first) = group.first() else { continue };
        let shared_fix = group.iter().all(|f| f.remediation == first.remediation);
        // The rule's title, how many, and its id for scripts.
        let _ = writeln!(
            out,
            "\n{} {}{}  {}",
            st.severity(t, first.severity),
            st.paint("1", &terminal(&t.rule_title(rule))),
            fill(t.msg.heading_count, &[("n", &group.len().to_string())]),
            st.paint("2", &terminal(rule))
        );
        if shared_fix {
            let _ = writeln!(
                out,
                "  {} {}",
                st.paint("2", t.msg.fix_label),
                terminal(&first.remediation)
            );
        }
        for (f, entries) in merged(&group, marks) {
            let new = if marks && f.baseline == Some(crate::report::BaselineMark::New) {
                format!("{} ", st.paint("1;33", t.msg.new_mark))
            } else {
                String::new()
            };
            let _ = writeln!(out, "  - {new}{}", terminal(&f.message));
            if let Some(v) = &f.vault {
                let _ = writeln!(out, "      [{}]", terminal(v));
            }
            for e in entries {
                let _ = writeln!(out, "      {}", entry_line(t, e, show_vault));
            }
            if let Some(u) = &f.details.url {
                let _ = writeln!(out, "      {} {}", t.msg.url_label, terminal(u));
            }
            if let Some(ig) = &f.ignore {
                let s = terminal(&ignore_note(t, ig));
                let _ = writeln!(out, "      {}", st.paint("2", &s));
            }
            if !shared_fix {
                let _ = writeln!(
                    out,
                    "      {} {}",
                    st.paint("2", t.msg.fix_label),
                    terminal(&f.remediation)
                );
            }
        }
    }
}
