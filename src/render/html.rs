//! HTML output: one self-contained page.
//!
//! Inline CSS, an inline SVG score ring and HTML bar charts (their labels
//! wrap on a phone), no script, no remote fonts or images; a
//! Content-Security-Policy that forbids scripts and every remote load, so
//! that even a mistake in escaping could not run anything. Every piece of
//! vault text goes through [`crate::sanitize::html`]. The layout is one
//! column that reads on a phone and widens on a laptop; below 640 px a
//! table's rows are stacked, each cell naming its column.

use std::fmt::Write;

use super::Options;
use super::shared::{
    Markup, checks_table, finding_sections, findings_line, household, is_summary, nothing_audited,
    plan_lines, score_explain, section,
};
use crate::i18n::{Catalog, fill};
use crate::report::{Report, Severity};
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
td{overflow-wrap:break-word}
.bars{margin:4px 0}
.bar{display:grid;grid-template-columns:minmax(7em,42%) 1fr 2.5em;gap:8px;align-items:center;margin:6px 0}
.bl{font-size:.9em;overflow-wrap:break-word}
.bt{display:block;background:#eef1f5;border-radius:3px;height:14px}
.bf{display:block;height:14px;border-radius:3px}
.bn{text-align:right;font-variant-numeric:tabular-nums}
@media(max-width:640px){
.scroll table,.scroll tbody,.scroll tr,.scroll td{display:block;width:auto}
.scroll thead{display:none}
.scroll tr{border-bottom:1px solid var(--line);padding:6px 0}
.scroll td{border:0;padding:2px 0;min-width:0}
.scroll td[data-label]::before{content:attr(data-label);display:block;font-size:.78em;color:var(--muted)}
}
code.id{color:var(--muted);font-size:.8em}
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

/// HTML's way of writing a findings table.
const HTML: Markup = Markup {
    esc,
    code: |id| format!("<code>{}</code>", esc(id)),
    rule_heading: |t, rule, severity, n| {
        format!(
            "<h3>{} {}{} <code class=\"id\">{}</code></h3>\n",
            badge(t, severity),
            esc(&t.rule_title(rule)),
            esc(&fill(t.msg.heading_count, &[("n", &n.to_string())])),
            esc(rule)
        )
    },
    table: |out, head, rows, entries| {
        out.push_str("<div class=\"scroll\"><table><thead><tr>");
        for h in head {
            let _ = write!(out, "<th>{h}</th>");
        }
        out.push_str("</tr></thead><tbody>\n");
        for r in rows {
            out.push_str("<tr>");
            for (i, c) in r.iter().enumerate() {
                let class = if i == entries {
                    " class=\"entries\""
                } else {
                    ""
                };
                // On a phone the rows are stacked: each cell says its column
                // (the header row is hidden there). A short row (a member
                // whose vault did not open) spans the rest with its last cell.
                let label = head.get(i).map(|h| plain(h)).unwrap_or_default();
                let span = head.len().saturating_sub(r.len()) + 1;
                let span = if i + 1 == r.len() && span > 1 {
                    format!(" colspan=\"{span}\"")
                } else {
                    String::new()
                };
                let _ = write!(out, "<td{class}{span} data-label=\"{label}\">{c}</td>");
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table></div>");
    },
    new_mark: ("<span class=\"badge new\">", "</span>"),
    aside: ("<span class=\"muted\">", "</span>"),
    remark: ("<em class=\"muted\">", "</em>"),
    bracket: ("[", "]"),
    group: ("<span class=\"muted\">", " /</span> "),
    severity: badge,
    good: ("<span class=\"ok\">", "</span>"),
    bad: ("<span class=\"bad\">", "</span>"),
    alert: ("<span class=\"bad\">", "</span>"),
    score: ("<strong>", "</strong>"),
    after_table: "\n",
    note: ("<p class=\"muted\">", "</p>\n"),
    section: |out, id, heading| {
        let _ = writeln!(
            out,
            "<section class=\"card\" id=\"{id}\"><h2>{heading}</h2>"
        );
    },
    section_end: "</section>\n",
    place: (" <span class=\"muted\">", "</span>"),
};

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

/// A horizontal bar chart, one row per (label, count, colour), in HTML so
/// that long labels wrap on a phone instead of being cut.
fn bar_chart(title: &str, rows: &[(String, usize, &str)]) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let mut s = format!(
        "<div class=\"bars\" role=\"img\" aria-label=\"{}\">",
        esc(title)
    );
    for (label, n, colour) in rows {
        let pct = if *n == 0 {
            0
        } else {
            ((100 * *n as u128 / max as u128) as usize).max(2)
        };
        let _ = write!(
            s,
            "<div class=\"bar\"><span class=\"bl\">{}</span><span class=\"bt\">\
<span class=\"bf\" style=\"width:{pct}%;background:{colour}\"></span></span><span class=\"bn\">{n}</span></div>",
            esc(label)
        );
    }
    s.push_str("</div>");
    s
}

/// Text without its tags, for an attribute (a table's column names).
fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

pub fn render(report: &Report, opts: &Options) -> String {
    let t = report.catalog();
    let m = &t.msg;
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
            &[
                ("date", &t.local_time(&report.generated_at, opts.zone())),
                ("tool", &tool)
            ]
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
                ("date", &t.date(&b.generated_at)),
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
    // The chart says what each bar is in words, not by rule id.
    for r in &mut rule_rows {
        r.0 = t.rule_title(&r.0);
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

    household(&HTML, &mut out, report);
    let summary_only = is_summary(report);

    if !summary_only {
        // Action plan.
        let _ = writeln!(
            out,
            "<section class=\"card\" id=\"plan\"><h2>{}</h2>",
            esc(m.plan_heading)
        );
        let (lines, more) = plan_lines(&HTML, report);
        if lines.is_empty() {
            let _ = writeln!(out, "<p class=\"ok\">{}</p>", esc(m.plan_none));
        } else {
            out.push_str("<ol class=\"plan\">\n");
            for l in &lines {
                let _ = writeln!(
                    out,
                    "<li>{} <span class=\"label\">{}</span>{}{}<br>{}</li>",
                    badge(t, l.severity),
                    l.label,
                    l.place,
                    l.new,
                    l.sentence
                );
            }
            out.push_str("</ol>\n");
            if let Some(more) = more {
                let _ = writeln!(out, "<p class=\"muted\">{more}</p>");
            }
        }
        out.push_str("</section>\n");

        finding_sections(&HTML, &mut out, report, opts.show_ignored);
    }

    // Checks and warnings.
    section(&HTML, &mut out, "checks", m.checks_heading, |out| {
        checks_table(&HTML, out, report);
    });
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
