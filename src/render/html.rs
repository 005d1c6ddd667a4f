//! HTML output: one self-contained page.
//!
//! Inline CSS, inline SVG charts, no script, no remote fonts or images; a
//! Content-Security-Policy that forbids scripts and every remote load, so
//! that even a mistake in escaping could not run anything. Every piece of
//! vault text goes through [`crate::sanitize::html`]. The layout is one
//! column that reads on a phone and widens on a laptop; wide tables scroll
//! inside their box.

use std::fmt::Write;

use super::Options;
use super::text::{
    PLAN_SHOWN, Tone, account_cells, by_rule, check_counts, findings_line, ignore_note, is_summary,
    item_place, members, nothing_audited, score_explain,
};
use crate::i18n::{Catalog, fill};
use crate::report::plan;
use crate::report::{CheckStatus, EntryRef, Finding, Report, Severity};
use crate::sanitize::html as esc;

const CSS: &str = r#"
:root{--bg:#f6f7f9;--card:#fff;--fg:#1d2330;--muted:#5b6475;--line:#dde1e8;
--critical:#8e1b6f;--high:#c62828;--medium:#b86e00;--low:#1f6fa8;--info:#6b7280;--ok:#2e7d32}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans CJK JP","Yu Gothic",sans-serif}
main{max-width:1100px;margin:0 auto;padding:16px}
header h1{font-size:1.5em;margin:0 0 4px}
.muted{color:var(--muted);font-size:.9em}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px;margin:16px 0}
.top{display:grid;grid-template-columns:1fr;gap:16px}
.top .card{margin:0}
@media(min-width:760px){.top{grid-template-columns:220px 1fr 1fr;align-items:start}}
.score{text-align:center}
.score .num{font-size:3em;font-weight:700;line-height:1}
.score svg{width:160px;height:160px}
h2{font-size:1.2em;margin:0 0 12px}
h3{font-size:1.05em;margin:20px 0 8px}
ol.plan{padding-left:1.6em;margin:0}
ol.plan li{margin:0 0 10px}
.badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:.78em;font-weight:700;color:#fff;vertical-align:1px;letter-spacing:.02em}
.critical{background:var(--critical)}.high{background:var(--high)}.medium{background:var(--medium)}.low{background:var(--low)}.info{background:var(--info)}
.new{background:#f2c200;color:#222}
.label{font-weight:600}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:600}
td.entries{min-width:12em}
td{overflow-wrap:anywhere}
code{font:0.92em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eef1f5;padding:0 3px;border-radius:3px}
.ok{color:var(--ok)}.bad{color:var(--high);font-weight:700}
svg text{font:14px system-ui,sans-serif;fill:var(--fg)}
footer{margin:24px 0;color:var(--muted);font-size:.85em}
"#;

fn sev_class(s: Severity) -> &'static str {
    s.as_str()
}

fn badge(t: &Catalog, s: Severity) -> String {
    format!(
        "<span class=\"badge {}\">{}</span>",
        sev_class(s),
        esc(&t.severity(s).to_uppercase())
    )
}

fn entry_html(t: &Catalog, e: &EntryRef, show_vault: bool) -> String {
    let mut s = String::new();
    if show_vault {
        let _ = write!(s, "[{}] ", esc(&e.vault));
    }
    if !e.group.is_empty() {
        let _ = write!(s, "<span class=\"muted\">{} /</span> ", esc(&e.group));
    }
    s.push_str(&esc(&plan::title(t, e)));
    s
}

/// The score as a ring: the arc's length is the score.
fn score_ring(score: u8) -> String {
    let r = 64.0_f64;
    let c = 2.0 * std::f64::consts::PI * r;
    let filled = c * f64::from(score) / 100.0;
    let colour = match score {
        90..=100 => "var(--ok)",
        70..=89 => "var(--medium)",
        _ => "var(--high)",
    };
    format!(
        "<svg viewBox=\"0 0 160 160\" role=\"img\" aria-label=\"{score}/100\">\
<circle cx=\"80\" cy=\"80\" r=\"{r}\" fill=\"none\" stroke=\"#e3e6eb\" stroke-width=\"14\"/>\
<circle cx=\"80\" cy=\"80\" r=\"{r}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"14\" \
stroke-dasharray=\"{filled:.2} {c:.2}\" transform=\"rotate(-90 80 80)\"/>\
<text x=\"80\" y=\"92\" text-anchor=\"middle\" style=\"font-size:36px;font-weight:700\">{score}</text></svg>"
    )
}

/// A horizontal bar chart: one row per (label, count, colour).
fn bar_chart(title: &str, rows: &[(String, usize, &str)]) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let row_h = 28;
    let label_w = 170;
    let bar_w = 230;
    let h = row_h * rows.len().max(1) + 8;
    let mut s = format!(
        "<svg viewBox=\"0 0 {} {h}\" width=\"100%\" role=\"img\" aria-label=\"{}\">",
        label_w + bar_w + 50,
        esc(title)
    );
    for (i, (label, n, colour)) in rows.iter().enumerate() {
        let y = i * row_h + 4;
        let w = if *n == 0 {
            0
        } else {
            ((bar_w as u128 * *n as u128 / max as u128) as usize).max(3)
        };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
<rect x=\"{}\" y=\"{y}\" width=\"{w}\" height=\"{}\" rx=\"3\" fill=\"{colour}\"/>\
<text x=\"{}\" y=\"{}\">{n}</text>",
            label_w - 8,
            y + 15,
            esc(label),
            label_w,
            row_h - 8,
            label_w + w + 6,
            y + 15,
        );
    }
    s.push_str("</svg>");
    s
}

pub fn render(report: &Report, opts: &Options) -> String {
    let t = report.catalog();
    let m = &t.msg;
    let show_vault = report.vaults.len() > 1;
    let s = &report.summary;
    let mut out = String::new();
    let tool = format!("{} {}", report.tool.name, report.tool.version);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
<meta name=\"generator\" content=\"{}\">\n<title>{} — {}/100</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        if report.settings.lang == "ja" {
            "ja"
        } else {
            "en"
        },
        esc(&tool),
        esc(m.report_title),
        s.score
    );

    // Header.
    let _ = writeln!(out, "<header><h1>{}</h1>", esc(m.report_title));
    let _ = writeln!(
        out,
        "<div class=\"muted\">{}</div>",
        esc(&fill(
            m.generated,
            &[("date", &report.generated_at), ("tool", &tool)]
        ))
    );
    for v in report.vaults.iter().filter(|_| !is_summary(report)) {
        let line = fill(
            m.vault_line,
            &[
                ("vault", &v.name),
                ("path", &v.path),
                ("format", &v.format),
                ("kdf", &v.kdf),
                ("cipher", &v.cipher),
                ("audited", &v.entries_audited.to_string()),
                ("excluded", &v.entries_excluded.to_string()),
                ("bin", &v.entries_in_recycle_bin.to_string()),
            ],
        );
        let _ = writeln!(out, "<div class=\"muted\">{}</div>", esc(&line));
    }
    if let Some(p) = &report.settings.config {
        let _ = writeln!(
            out,
            "<div class=\"muted\">{}</div>",
            esc(&fill(m.policy_line, &[("path", p)]))
        );
    }
    if let (Some(b), Some(p)) = (&report.baseline, &report.settings.baseline) {
        let line = fill(
            m.baseline_line,
            &[
                ("path", p),
                ("date", &b.generated_at),
                ("new", &b.new.to_string()),
                ("known", &b.known.to_string()),
                ("resolved", &b.resolved.to_string()),
            ],
        );
        let _ = writeln!(out, "<div class=\"muted\">{}</div>", esc(&line));
    }
    out.push_str("</header>\n");

    // Score and charts.
    if nothing_audited(report) {
        let _ = writeln!(out, "<p class=\"card bad\">{}</p>", esc(m.nothing_audited));
    }
    let _ = writeln!(out, "<section class=\"top\">");
    if !nothing_audited(report) {
        let _ = writeln!(
            out,
            "<div class=\"card score\"><h2>{}</h2>{}<div>{}</div><div class=\"muted\">{}</div></div>",
            esc(m.score_heading),
            score_ring(s.score),
            if s.total == 0 {
                esc(m.no_findings)
            } else {
                esc(&findings_line(t, s))
            },
            esc(&score_explain(t, s))
        );
    }
    let sev_rows: Vec<(String, usize, &str)> = Severity::ALL_DESC
        .iter()
        .map(|sev| {
            (
                t.severity(*sev).to_owned(),
                s.count(*sev),
                match sev {
                    Severity::Critical => "#8e1b6f",
                    Severity::High => "#c62828",
                    Severity::Medium => "#b86e00",
                    Severity::Low => "#1f6fa8",
                    Severity::Info => "#6b7280",
                },
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "<div class=\"card\"><h2>{}</h2>{}</div>",
        esc(m.chart_severity),
        bar_chart(m.chart_severity, &sev_rows)
    );
    let mut rule_rows: Vec<(String, usize, &str)> = Vec::new();
    for f in &report.findings {
        match rule_rows.iter_mut().find(|r| r.0 == f.rule) {
            Some(r) => r.1 += 1,
            None => rule_rows.push((f.rule.clone(), 1, "#3b5b92")),
        }
    }
    let rules_chart = if rule_rows.is_empty() {
        format!("<p>{}</p>", esc(m.no_findings))
    } else {
        bar_chart(m.chart_rules, &rule_rows)
    };
    // A summary for the household carries no findings to chart by rule.
    if !is_summary(report) {
        let _ = writeln!(
            out,
            "<div class=\"card\"><h2>{}</h2>{rules_chart}</div>",
            esc(m.chart_rules)
        );
    }
    out.push_str("</section>\n");
    if s.ignored > 0 && !opts.show_ignored {
        let _ = writeln!(
            out,
            "<p class=\"muted\">{}</p>",
            esc(&fill(m.ignored_hint, &[("n", &s.ignored.to_string())]))
        );
    }

    // The household.
    let rows = members(report);
    let summary_only = is_summary(report);
    if summary_only {
        let _ = writeln!(out, "<p class=\"muted\">{}</p>", esc(m.privacy_note));
    }
    if rows.len() > 1 || summary_only || !report.vaults_failed.is_empty() {
        let _ = write!(
            out,
            "<section class=\"card\" id=\"members\"><h2>{}</h2><div class=\"scroll\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th>",
            esc(&fill(m.members_heading, &[("n", &rows.len().to_string())])),
            esc(m.col_member),
            esc(m.col_audited),
            esc(m.col_score)
        );
        for s in Severity::ALL_DESC {
            let _ = write!(out, "<th>{}</th>", badge(t, s));
        }
        out.push_str("</tr></thead><tbody>\n");
        for r in &rows {
            match &r.failed {
                Some(reason) => {
                    let _ = writeln!(
                        out,
                        "<tr><td>{}</td><td colspan=\"7\" class=\"bad\">{}</td></tr>",
                        esc(&r.name),
                        esc(&fill(m.member_failed, &[("reason", reason)]))
                    );
                }
                None => {
                    let counts: String = r.counts.iter().map(|c| format!("<td>{c}</td>")).collect();
                    let _ = writeln!(
                        out,
                        "<tr><td>{}</td><td>{}</td><td><strong>{}</strong></td>{counts}</tr>",
                        esc(&r.name),
                        r.audited,
                        r.score
                    );
                }
            }
        }
        out.push_str("</tbody></table></div></section>\n");
    }

    if !summary_only {
        // Action plan.
        let _ = writeln!(
            out,
            "<section class=\"card\" id=\"plan\"><h2>{}</h2>",
            esc(m.plan_heading)
        );
        let items = plan::build(report);
        if items.is_empty() {
            let _ = writeln!(out, "<p class=\"ok\">{}</p>", esc(m.plan_none));
        } else {
            out.push_str("<ol class=\"plan\">\n");
            for item in items.iter().take(PLAN_SHOWN) {
                let (label, place) = item_place(item, show_vault);
                let place = if place.is_empty() {
                    String::new()
                } else {
                    format!(
                        " <span class=\"muted\">{}</span>",
                        esc(&fill(t.in_parens, &[("where", &place)]))
                    )
                };
                let new = if item.new {
                    format!(" <span class=\"badge new\">{}</span>", esc(m.new_mark))
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "<li>{} <span class=\"label\">{}</span>{place}{new}<br>{}</li>",
                    badge(t, item.severity),
                    esc(&label),
                    esc(&item.sentence(t))
                );
            }
            out.push_str("</ol>\n");
            if items.len() > PLAN_SHOWN {
                let n = (items.len() - PLAN_SHOWN).to_string();
                let _ = writeln!(
                    out,
                    "<p class=\"muted\">{}</p>",
                    esc(&fill(m.plan_more, &[("n", &n)]))
                );
            }
        }
        out.push_str("</section>\n");

        if !report.findings.is_empty() {
            let _ = writeln!(
                out,
                "<section class=\"card\" id=\"details\"><h2>{}</h2>",
                esc(m.details_heading)
            );
            details(&mut out, t, &report.findings, show_vault, true);
            out.push_str("</section>\n");
        }

        if !report.accounts.is_empty() {
            let n = report.accounts.len().to_string();
            let heading = fill(t.accounts_heading, &[("n", &n)]);
            let _ = writeln!(
                out,
                "<section class=\"card\" id=\"accounts\"><h2>{}</h2><div class=\"scroll\"><table>\
<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                esc(heading.trim_end_matches([':', '：'])),
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
                // A warning reads as bad news here: the page has two colours.
                let cell = |c: Option<(String, Tone)>| match c {
                    None => "—".to_owned(),
                    Some((w, tone)) => {
                        let class = if tone == Tone::Good { "ok" } else { "bad" };
                        format!("<span class=\"{class}\">{}</span>", esc(&w))
                    }
                };
                let (tf, phone) = (cell(cells.two_factor), cell(cells.phone));
                let more = cells.more;
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td>{}{}</td><td>{tf}</td><td>{phone}</td></tr>",
                    esc(&a.site),
                    entry_html(t, first, show_vault),
                    esc(&more)
                );
            }
            out.push_str("</tbody></table></div></section>\n");
        }

        if opts.show_ignored && !report.ignored.is_empty() {
            let n = report.ignored.len().to_string();
            let _ = writeln!(
                out,
                "<section class=\"card\" id=\"ignored\"><h2>{}</h2>",
                esc(&fill(m.ignored_heading, &[("n", &n)]))
            );
            details(&mut out, t, &report.ignored, show_vault, false);
            out.push_str("</section>\n");
        }
        // The baseline's findings that are gone, and those not re-checked.
        let gone = [
            (&report.resolved, m.resolved_heading, "resolved"),
            (
                &report.not_rechecked,
                m.not_rechecked_heading,
                "not-rechecked",
            ),
        ];
        for (list, heading, id) in gone {
            if report.baseline.is_none() || list.is_empty() {
                continue;
            }
            let n = list.len().to_string();
            let _ = writeln!(
                out,
                "<section class=\"card\" id=\"{id}\"><h2>{}</h2>",
                esc(&fill(heading, &[("n", &n)]))
            );
            table(
                &mut out,
                t,
                &list.iter().collect::<Vec<_>>(),
                show_vault,
                false,
                false,
            );
            out.push_str("</section>\n");
        }
    }

    // Checks and warnings.
    let _ = writeln!(
        out,
        "<section class=\"card\" id=\"checks\"><h2>{}</h2><div class=\"scroll\"><table>\
<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(m.checks_heading),
        esc(m.col_check),
        esc(m.col_status),
        esc(m.col_rule)
    );
    for c in &report.checks {
        let status = match c.status {
            CheckStatus::Complete => {
                format!("<span class=\"ok\">{}</span>", esc(m.status_complete))
            }
            CheckStatus::Incomplete => {
                format!("<span class=\"bad\">{}</span>", esc(m.status_incomplete))
            }
            CheckStatus::Skipped => esc(m.status_skipped),
        };
        let mut cell = format!("{status}{}", esc(&check_counts(t, c)));
        if let Some(r) = &c.reason {
            let _ = write!(cell, ": {}", esc(r));
        }
        let rules: Vec<String> = c
            .rules
            .iter()
            .map(|r| format!("<code>{}</code>", esc(r)))
            .collect();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{cell}</td><td>{}</td></tr>",
            esc(&c.id),
            rules.join(" ")
        );
    }
    out.push_str("</tbody></table></div></section>\n");
    if !report.warnings.is_empty() {
        let _ = writeln!(
            out,
            "<section class=\"card\" id=\"warnings\"><h2>{}</h2><ul>",
            esc(m.warnings_heading)
        );
        for w in &report.warnings {
            let _ = writeln!(out, "<li>{}</li>", esc(w));
        }
        out.push_str("</ul></section>\n");
    }
    let _ = writeln!(
        out,
        "<footer>{}</footer>\n</main>\n</body>\n</html>",
        esc(&tool)
    );
    out
}

fn details(out: &mut String, t: &Catalog, findings: &[Finding], show_vault: bool, marks: bool) {
    for (rule, group) in by_rule(findings) {
        let Some(first) = group.first() else { continue };
        let _ = writeln!(
            out,
            "<h3>{} <code>{}</code> ({})</h3>",
            badge(t, first.severity),
            esc(rule),
            group.len()
        );
        table(out, t, &group, show_vault, true, marks);
    }
}

fn table(
    out: &mut String,
    t: &Catalog,
    findings: &[&Finding],
    show_vault: bool,
    fix: bool,
    marks: bool,
) {
    let m = &t.msg;
    let _ = write!(out, "<div class=\"scroll\"><table><thead><tr>");
    if !fix {
        let _ = write!(out, "<th>{}</th>", esc(m.col_rule));
    }
    let _ = write!(
        out,
        "<th>{}</th><th>{}</th>",
        esc(m.col_finding),
        esc(m.col_entries)
    );
    if fix {
        let _ = write!(out, "<th>{}</th>", esc(m.col_fix));
    }
    out.push_str("</tr></thead><tbody>\n");
    for f in findings {
        let mut msg = String::new();
        if marks && f.baseline == Some(crate::report::BaselineMark::New) {
            let _ = write!(msg, "<span class=\"badge new\">{}</span> ", esc(m.new_mark));
        }
        msg.push_str(&esc(&f.message));
        if let Some(u) = &f.details.url {
            let _ = write!(
                msg,
                "<br><span class=\"muted\">{} {}</span>",
                esc(m.url_label),
                esc(u)
            );
        }
        if let Some(ig) = &f.ignore {
            let _ = write!(
                msg,
                "<br><em class=\"muted\">{}</em>",
                esc(&ignore_note(t, ig))
            );
        }
        let mut entries: Vec<String> = f
            .entries
            .iter()
            .map(|e| entry_html(t, e, show_vault))
            .collect();
        if let Some(v) = &f.vault {
            entries.push(format!("[{}]", esc(v)));
        }
        out.push_str("<tr>");
        if !fix {
            let _ = write!(out, "<td><code>{}</code></td>", esc(&f.rule));
        }
        let _ = write!(
            out,
            "<td>{msg}</td><td class=\"entries\">{}</td>",
            entries.join("<br>")
        );
        if fix {
            let _ = write!(out, "<td>{}</td>", esc(&f.remediation));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
}
