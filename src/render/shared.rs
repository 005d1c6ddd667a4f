//! What the three human renderers share: the rows and words they all show
//! (unescaped), and the findings tables of Markdown and HTML written once
//! against [`Markup`], which each of the two implements for its medium.

use std::fmt::Write;

use crate::i18n::{Catalog, fill};
use crate::report::plan;
use crate::report::{BaselineMark, CheckStatus, EntryRef, Finding, Report, Severity};

/// One number of the phone map as the human reports show it (unescaped):
/// the line about the number, its accounts, and the checklist.
pub(crate) struct PhoneBlock<'r> {
    pub heading: String,
    /// Not one of the owner's current numbers: shown as bad news.
    pub outdated: bool,
    pub rows: Vec<PhoneRow<'r>>,
    pub checklist_heading: String,
    pub steps: Vec<String>,
}

pub(crate) struct PhoneRow<'r> {
    pub site: String,
    pub entry: &'r EntryRef,
    pub more: String,
    /// The other ways in, in words; or that there is none.
    pub ways: String,
    pub locked_out: bool,
    /// The recovery mailbox, in words (empty when none is noted), and as
    /// a table cell.
    pub mailbox: String,
    pub mailbox_cell: String,
}

/// The phone map's blocks, in the report's order.
pub(crate) fn phone_blocks(report: &Report) -> Vec<PhoneBlock<'_>> {
    let t = report.catalog();
    let m = &t.msg;
    report
        .phones
        .iter()
        .filter(|p| !p.accounts.is_empty())
        .map(|p| {
            let status = match p.current {
                Some(true) => format!("{}{}", m.sentence_gap, m.phone_current),
                Some(false) => format!("{}{}", m.sentence_gap, m.phone_not_current),
                None => String::new(),
            };
            let heading = fill(
                m.phone_line,
                &[
                    ("number", &p.number),
                    ("vault", &p.vault),
                    ("n", &p.accounts_count.to_string()),
                    ("count", &p.without_other_way.to_string()),
                ],
            ) + &status;
            let rows: Vec<PhoneRow<'_>> = p
                .accounts
                .iter()
                .filter_map(|a| {
                    let entry = a.entries.first()?;
                    let ways: Vec<&str> = a.other_ways.iter().map(|w| way_name(t, w)).collect();
                    let (mailbox, mailbox_cell) =
                        match (&a.recovery_mailbox, &a.recovery_mailbox_entry) {
                            (crate::report::MailboxState::InVault, Some(e)) => {
                                let title = plan::title(t, e);
                                (fill(m.mailbox_in_vault, &[("mailbox", &title)]), title)
                            }
                            (crate::report::MailboxState::NotInVault, _) => (
                                m.mailbox_not_in_vault.to_owned(),
                                m.mailbox_not_here.to_owned(),
                            ),
                            _ => (String::new(), "—".to_owned()),
                        };
                    Some(PhoneRow {
                        site: a.site.clone(),
                        entry,
                        more: if a.entries.len() > 1 {
                            fill(t.more_entries, &[("n", &(a.entries.len() - 1).to_string())])
                        } else {
                            String::new()
                        },
                        locked_out: ways.is_empty(),
                        ways: if ways.is_empty() {
                            m.phone_no_other_way.to_owned()
                        } else {
                            fill(m.phone_other_ways, &[("ways", &ways.join(t.list_sep))])
                        },
                        mailbox,
                        mailbox_cell,
                    })
                })
                .collect();
            let sites = |keep: &dyn Fn(&PhoneRow<'_>) -> bool| -> String {
                let mut names: Vec<&str> = rows
                    .iter()
                    .filter(|r| keep(r))
                    .map(|r| r.site.as_str())
                    .collect();
                names.dedup();
                names.join(t.list_sep)
            };
            let mut steps = Vec::new();
            let locked = sites(&|r| r.locked_out);
            if !locked.is_empty() {
                steps.push(fill(m.step_add_way, &[("sites", &locked)]));
            }
            let vars = [("number", p.number.as_str()), ("sites", &sites(&|_| true))];
            steps.push(fill(m.step_change_at_sites, &vars));
            steps.push(m.step_update_notes.to_owned());
            steps.push(fill(m.step_keep_old, &vars));
            PhoneBlock {
                heading,
                outdated: p.current == Some(false),
                rows,
                checklist_heading: fill(m.before_change_heading, &[("number", &p.number)]),
                steps: steps
                    .into_iter()
                    .enumerate()
                    .map(|(i, s)| format!("{}. {s}", i + 1))
                    .collect(),
            }
        })
        .collect()
}

fn way_name(t: &Catalog, w: &str) -> &'static str {
    let m = &t.msg;
    match w {
        "app" => m.way_app,
        "passkey" => m.way_passkey,
        "security-key" => m.way_security_key,
        "backup-codes" => m.way_backup_codes,
        _ => m.way_another_number,
    }
}

/// The phone map's section (Markdown and HTML): per number, its line, a
/// table of its accounts and the checklist.
pub(crate) fn phones_section(mk: &Markup, out: &mut String, report: &Report, show_vault: bool) {
    let t = report.catalog();
    let m = &t.msg;
    let blocks = phone_blocks(report);
    if blocks.is_empty() {
        return;
    }
    let heading = fill(m.phones_heading, &[("n", &blocks.len().to_string())]);
    section(mk, out, "phones", &heading, |out| {
        for b in &blocks {
            let line = if b.outdated {
                mk.wrap(mk.bad, &b.heading)
            } else {
                (mk.esc)(&b.heading)
            };
            out.push_str(&mk.wrap_escaped(mk.note, &line));
            let head: Vec<String> = [m.col_site, m.col_entry, m.col_other_ways, m.col_mailbox]
                .iter()
                .map(|h| (mk.esc)(h))
                .collect();
            let rows: Vec<Vec<String>> = b
                .rows
                .iter()
                .map(|r| {
                    vec![
                        (mk.esc)(&r.site),
                        format!("{}{}", entry(mk, t, r.entry, show_vault), (mk.esc)(&r.more)),
                        if r.locked_out {
                            mk.wrap(mk.bad, &r.ways)
                        } else {
                            (mk.esc)(&r.ways)
                        },
                        (mk.esc)(&r.mailbox_cell),
                    ]
                })
                .collect();
            (mk.table)(out, &head, &rows, usize::MAX);
            out.push_str(&mk.wrap(mk.note, &b.checklist_heading));
            for s in &b.steps {
                out.push_str(&mk.wrap(mk.note, s));
            }
        }
    });
}

/// The label of a plan item: the site or title, and where the first entry is.
pub(crate) fn item_place(item: &plan::Item<'_>, show_vault: bool) -> (String, String) {
    let place = item
        .entries
        .first()
        .map(|e| {
            let mut p = String::new();
            if show_vault {
                p.push_str(&e.vault);
                if !e.group.is_empty() {
                    p.push_str(" / ");
                }
            }
            p.push_str(&e.group);
            p
        })
        .unwrap_or_default();
    (item.label.clone(), place)
}

/// How many plan items the human formats show.
pub const PLAN_SHOWN: usize = 10;

/// No vault could be opened: there is no score to show.
pub(crate) fn nothing_audited(report: &Report) -> bool {
    report.vaults.is_empty() && !report.vaults_failed.is_empty()
}

/// How an accounts-table cell reads: good news, bad news, or a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    Good,
    Bad,
    Warn,
}

/// The words of an account's row, unescaped: its 2FA and phone cells
/// (`None` when the policy does not require them) and "(+N more)".
pub(crate) struct AccountCells {
    pub two_factor: Option<(String, Tone)>,
    pub phone: Option<(String, Tone)>,
    pub more: String,
}

pub(crate) fn account_cells(t: &Catalog, a: &crate::report::Account) -> AccountCells {
    let requires = |what: &str| a.requires.iter().any(|r| r == what);
    use crate::report::TwoFactorState;
    let two_factor = requires("2fa").then(|| match a.two_factor.state {
        TwoFactorState::On => {
            let method = t.sign_method(a.two_factor.method.as_deref().unwrap_or(""));
            (fill(t.two_factor_on, &[("method", &method)]), Tone::Good)
        }
        TwoFactorState::Off => (t.two_factor_off.to_owned(), Tone::Bad),
        TwoFactorState::NotNoted => (t.two_factor_none.to_owned(), Tone::Bad),
    });
    let phone = requires("phone").then(|| match a.phone.sign {
        Some(_) => (t.phone_noted.to_owned(), Tone::Good),
        None => (t.phone_none.to_owned(), Tone::Warn),
    });
    let more = match a.entries.len() {
        0 | 1 => String::new(),
        k => fill(t.more_entries, &[("n", &(k - 1).to_string())]),
    };
    AccountCells {
        two_factor,
        phone,
        more,
    }
}

/// `--privacy summary`: counts only.
pub(crate) fn is_summary(report: &Report) -> bool {
    report.settings.privacy == crate::report::Privacy::Summary
}

/// One member of the household: a vault that was audited, or one that
/// could not be opened.
pub(crate) struct MemberRow {
    pub name: String,
    pub audited: usize,
    pub score: u8,
    /// Critical, high, medium, low, info.
    pub counts: [usize; 5],
    pub failed: Option<String>,
}

pub(crate) fn members(report: &Report) -> Vec<MemberRow> {
    let mut rows: Vec<MemberRow> = report
        .vaults
        .iter()
        .map(|v| MemberRow {
            name: v.name.clone(),
            audited: v.entries_audited,
            score: v.summary.score,
            counts: Severity::ALL_DESC.map(|s| v.summary.count(s)),
            failed: None,
        })
        .collect();
    rows.extend(report.vaults_failed.iter().map(|f| MemberRow {
        name: f.name.clone(),
        audited: 0,
        score: 0,
        counts: [0; 5],
        failed: Some(f.reason.clone()),
    }));
    rows
}

/// ` (804 passwords looked up, 3 UNCHECKED)` for the breach check.
pub(crate) fn check_counts(t: &Catalog, c: &crate::report::CheckInfo) -> String {
    match (c.passwords_checked, c.passwords_unchecked) {
        (Some(done), Some(0)) => {
            let s = fill(t.msg.looked_up, &[("n", &done.to_string())]);
            fill(t.in_parens, &[("where", &s)])
        }
        (Some(done), Some(missing)) => {
            let s = format!(
                "{}{}{}",
                fill(t.msg.looked_up, &[("n", &done.to_string())]),
                t.list_sep,
                fill(t.msg.unchecked, &[("n", &missing.to_string())])
            );
            fill(t.in_parens, &[("where", &s)])
        }
        _ => String::new(),
    }
}

/// The score's formula with this report's numbers.
pub(crate) fn score_explain(t: &Catalog, s: &crate::report::Summary) -> String {
    let penalty: usize = Severity::ALL_DESC
        .iter()
        .map(|sev| crate::report::weight(*sev) * s.count(*sev))
        .sum();
    fill(
        t.msg.score_explain,
        &[
            ("audited", &s.entries_audited.to_string()),
            ("penalty", &penalty.to_string()),
        ],
    )
}

/// "Findings: 14 (2 critical, 6 high)".
pub(crate) fn findings_line(t: &Catalog, s: &crate::report::Summary) -> String {
    let parts: Vec<String> = Severity::ALL_DESC
        .iter()
        .filter(|sev| s.count(**sev) > 0)
        .map(|sev| {
            fill(
                t.msg.severity_count,
                &[
                    ("n", &s.count(*sev).to_string()),
                    ("severity", t.severity(*sev)),
                ],
            )
        })
        .collect();
    fill(
        t.msg.findings_line,
        &[
            ("n", &s.total.to_string()),
            ("parts", &parts.join(t.list_sep)),
        ],
    )
}

/// Findings grouped by rule, each rule where it first appears (the report
/// orders findings by severity, then rule): one pass, no copies.
pub(crate) fn by_rule(findings: &[Finding]) -> Vec<(&str, Vec<&Finding>)> {
    let mut groups: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for f in findings {
        match groups.iter_mut().find(|(r, _)| *r == f.rule) {
            Some((_, g)) => g.push(f),
            None => groups.push((&f.rule, vec![f])),
        }
    }
    groups
}

/// Findings of one rule as the reader sees them: findings that say the
/// same thing (same message and fix, same mark, no URL, ignore or vault of
/// their own) are one item listing all their entries, as seven stale
/// passwords set on one day are. Display only: the JSON keeps each finding.
pub(crate) fn merged<'f>(
    findings: &[&'f Finding],
    marks: bool,
) -> Vec<(&'f Finding, Vec<&'f EntryRef>)> {
    let plain = |f: &Finding| {
        f.details.url.is_none() && f.ignore.is_none() && f.vault.is_none() && !f.entries.is_empty()
    };
    let mut out: Vec<(&Finding, Vec<&EntryRef>)> = Vec::new();
    for f in findings {
        let same = out.iter_mut().find(|(head, _)| {
            plain(head)
                && plain(f)
                && head.message == f.message
                && head.remediation == f.remediation
                && (!marks || head.baseline == f.baseline)
        });
        match same {
            Some((_, entries)) => entries.extend(f.entries.iter()),
            None => out.push((f, f.entries.iter().collect())),
        }
    }
    out
}

/// "ignored (#1): reason (until 2027-03-31)", unescaped: each renderer
/// escapes it for its medium.
pub(crate) fn ignore_note(t: &Catalog, ig: &crate::report::IgnoreNote) -> String {
    let mut s = fill(
        t.msg.ignored_reason,
        &[("n", &ig.index.to_string()), ("reason", &ig.reason)],
    );
    if let Some(u) = &ig.until {
        s.push_str(&fill(
            t.in_parens,
            &[("where", &fill(t.msg.ignored_until, &[("date", &t.date(u))]))],
        ));
    }
    s
}

/// Text before and after a piece of escaped text.
pub(crate) type Wrap = (&'static str, &'static str);

/// How Markdown and HTML write the pieces of a findings table: each
/// renderer fills one in for its medium. Every piece of vault text is
/// escaped with `esc` before it is wrapped.
pub(crate) struct Markup {
    /// Escape text for the medium.
    pub esc: fn(&str) -> String,
    /// A rule id (or another of our ids) as code.
    pub code: fn(&str) -> String,
    /// The heading of one rule's findings (severity, rule, how many), with
    /// its line breaks.
    pub rule_heading: fn(&Catalog, &str, Severity, usize) -> String,
    /// A table: its header cells and rows (already written for the
    /// medium), and the column that lists entries.
    pub table: fn(&mut String, &[String], &[Vec<String>], usize),
    /// The "new since the baseline" mark.
    pub new_mark: Wrap,
    /// Secondary text (a finding's URL).
    pub aside: Wrap,
    /// A remark in italics (why a finding is ignored).
    pub remark: Wrap,
    /// `[vault]`.
    pub bracket: Wrap,
    /// `Group / ` before an entry's title.
    pub group: Wrap,
    /// A severity's name in a table's header.
    pub severity: fn(&Catalog, Severity) -> String,
    /// Good news, bad news and a warning that must not be missed (a check
    /// that did not finish, a member whose vault did not open).
    pub good: Wrap,
    pub bad: Wrap,
    pub alert: Wrap,
    /// A member's score.
    pub score: Wrap,
    /// What follows a findings table.
    pub after_table: &'static str,
    /// A note in its own paragraph.
    pub note: Wrap,
    /// The start of a section: its id and its heading, escaped.
    pub section: fn(&mut String, &str, &str),
    /// The end of a section.
    pub section_end: &'static str,
    /// Where a plan item's entry is, after its label.
    pub place: Wrap,
}

impl Markup {
    /// Escaped text inside a wrap.
    pub fn wrap(&self, w: Wrap, s: &str) -> String {
        format!("{}{}{}", w.0, (self.esc)(s), w.1)
    }

    /// Wrap text already written for the medium.
    pub fn wrap_escaped(&self, w: Wrap, s: &str) -> String {
        format!("{}{}{}", w.0, s, w.1)
    }

    /// Escape text that follows other text on the line: the catalogue's
    /// leading blank (" (Shopping)") stays a blank, not an entity.
    pub fn esc_after_blank(&self, s: &str) -> String {
        match s.strip_prefix(' ') {
            Some(rest) => format!(" {}", (self.esc)(rest)),
            None => (self.esc)(s),
        }
    }
}

/// One line of the action plan, its parts escaped.
pub(crate) struct PlanLine {
    pub severity: Severity,
    pub label: String,
    /// ` (Shopping)`, or nothing.
    pub place: String,
    /// ` NEW`, or nothing.
    pub new: String,
    pub sentence: String,
}

/// The plan's first [`PLAN_SHOWN`] lines, and the "N more" line when
/// there are more.
pub(crate) fn plan_lines(mk: &Markup, report: &Report) -> (Vec<PlanLine>, Option<String>) {
    let t = report.catalog();
    let show_vault = report.vaults.len() > 1;
    let items = plan::build(report);
    let lines = items
        .iter()
        .take(PLAN_SHOWN)
        .map(|item| {
            let (label, place) = item_place(item, show_vault);
            PlanLine {
                severity: item.severity,
                label: (mk.esc)(&label),
                place: if place.is_empty() {
                    String::new()
                } else {
                    let p = fill(t.in_parens, &[("where", &place)]);
                    format!("{}{}{}", mk.place.0, mk.esc_after_blank(&p), mk.place.1)
                },
                new: if item.new {
                    format!(" {}", mk.wrap(mk.new_mark, t.msg.new_mark))
                } else {
                    String::new()
                },
                sentence: (mk.esc)(&item.sentence(t)),
            }
        })
        .collect();
    let more = (items.len() > PLAN_SHOWN).then(|| {
        let n = (items.len() - PLAN_SHOWN).to_string();
        (mk.esc)(&fill(t.msg.plan_more, &[("n", &n)]))
    });
    (lines, more)
}

/// A section: its heading (escaped here), what `body` writes, its end.
pub(crate) fn section(
    mk: &Markup,
    out: &mut String,
    id: &str,
    heading: &str,
    body: impl FnOnce(&mut String),
) {
    (mk.section)(out, id, &(mk.esc)(heading));
    body(out);
    out.push_str(mk.section_end);
}

/// The household's section, when there is more than one member, one that
/// could not be opened, or only counts are shown (`--privacy summary`).
pub(crate) fn household(mk: &Markup, out: &mut String, report: &Report) {
    let t = report.catalog();
    let m = &t.msg;
    let rows = members(report);
    let summary_only = is_summary(report);
    if summary_only {
        out.push_str(&mk.wrap(mk.note, m.privacy_note));
    }
    if rows.len() > 1 || summary_only || !report.vaults_failed.is_empty() {
        let heading = fill(m.members_heading, &[("n", &rows.len().to_string())]);
        section(mk, out, "members", &heading, |out| {
            members_table(mk, out, t, &rows);
        });
    }
}

/// The sections after the action plan: the findings rule by rule, the
/// accounts the account rules looked at, the ignored findings (when
/// asked for), and the baseline's findings that are gone or were not
/// re-checked.
pub(crate) fn finding_sections(mk: &Markup, out: &mut String, report: &Report, show_ignored: bool) {
    let t = report.catalog();
    let m = &t.msg;
    let show_vault = report.vaults.len() > 1;
    if !report.findings.is_empty() {
        section(mk, out, "details", m.details_heading, |out| {
            details(mk, out, t, &report.findings, show_vault, true);
        });
    }
    if !report.accounts.is_empty() {
        let n = report.accounts.len().to_string();
        let heading = fill(t.accounts_heading, &[("n", &n)]);
        section(
            mk,
            out,
            "accounts",
            heading.trim_end_matches([':', '：']),
            |out| {
                accounts_table(mk, out, report, show_vault);
            },
        );
    }
    phones_section(mk, out, report, show_vault);
    if show_ignored && !report.ignored.is_empty() {
        let n = report.ignored.len().to_string();
        let heading = fill(m.ignored_heading, &[("n", &n)]);
        section(mk, out, "ignored", &heading, |out| {
            details(mk, out, t, &report.ignored, show_vault, false);
        });
    }
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
        let heading = fill(heading, &[("n", &list.len().to_string())]);
        section(mk, out, id, &heading, |out| {
            let list: Vec<&Finding> = list.iter().collect();
            findings_table(mk, out, t, &list, show_vault, false, false);
        });
    }
}

/// The household: a row per member, a failed member's reason across the
/// rest of its row.
pub(crate) fn members_table(mk: &Markup, out: &mut String, t: &Catalog, rows: &[MemberRow]) {
    let m = &t.msg;
    let mut head: Vec<String> = [m.col_member, m.col_audited, m.col_score]
        .iter()
        .map(|h| (mk.esc)(h))
        .collect();
    head.extend(Severity::ALL_DESC.iter().map(|s| (mk.severity)(t, *s)));
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| match &r.failed {
            Some(reason) => vec![
                (mk.esc)(&r.name),
                mk.wrap(mk.alert, &fill(m.member_failed, &[("reason", reason)])),
            ],
            None => {
                let mut row = vec![
                    (mk.esc)(&r.name),
                    r.audited.to_string(),
                    mk.wrap(mk.score, &r.score.to_string()),
                ];
                row.extend(r.counts.iter().map(ToString::to_string));
                row
            }
        })
        .collect();
    (mk.table)(out, &head, &rows, usize::MAX);
}

/// The accounts the account rules looked at: site, entry, 2FA and phone.
pub(crate) fn accounts_table(mk: &Markup, out: &mut String, report: &Report, show_vault: bool) {
    let t = report.catalog();
    let m = &t.msg;
    let head: Vec<String> = [m.col_site, m.col_entry, m.col_2fa, m.col_phone]
        .iter()
        .map(|h| (mk.esc)(h))
        .collect();
    let cell = |c: Option<(String, Tone)>| match c {
        None => "—".to_owned(),
        Some((w, Tone::Good)) => mk.wrap(mk.good, &w),
        // A warning reads as bad news here: a table has two colours.
        Some((w, _)) => mk.wrap(mk.bad, &w),
    };
    let rows: Vec<Vec<String>> = report
        .accounts
        .iter()
        .filter_map(|a| {
            let first = a.entries.first()?;
            let cells = account_cells(t, a);
            Some(vec![
                (mk.esc)(&a.site),
                format!(
                    "{}{}",
                    entry(mk, t, first, show_vault),
                    (mk.esc)(&cells.more)
                ),
                cell(cells.two_factor),
                cell(cells.phone),
            ])
        })
        .collect();
    (mk.table)(out, &head, &rows, usize::MAX);
}

/// Every check: its status (with how many passwords it looked up and why
/// it did not finish) and its rules.
pub(crate) fn checks_table(mk: &Markup, out: &mut String, report: &Report) {
    let t = report.catalog();
    let m = &t.msg;
    let head: Vec<String> = [m.col_check, m.col_status, m.col_rule]
        .iter()
        .map(|h| (mk.esc)(h))
        .collect();
    let rows: Vec<Vec<String>> = report
        .checks
        .iter()
        .map(|c| {
            let mut status = match c.status {
                CheckStatus::Complete => mk.wrap(mk.good, m.status_complete),
                CheckStatus::Incomplete => mk.wrap(mk.alert, m.status_incomplete),
                CheckStatus::Skipped => (mk.esc)(m.status_skipped),
            };
            status.push_str(&mk.esc_after_blank(&check_counts(t, c)));
            if let Some(r) = &c.reason {
                let _ = write!(status, ": {}", (mk.esc)(r));
            }
            let rules: Vec<String> = c.rules.iter().map(|r| (mk.code)(r)).collect();
            vec![
                format!("{} {}", (mk.esc)(&t.check_title(&c.id)), (mk.code)(&c.id)),
                status,
                rules.join(" "),
            ]
        })
        .collect();
    (mk.table)(out, &head, &rows, usize::MAX);
}

/// An entry: `[vault] Group / Title`.
pub(crate) fn entry(mk: &Markup, t: &Catalog, e: &EntryRef, show_vault: bool) -> String {
    let mut s = String::new();
    if show_vault {
        let _ = write!(s, "{} ", mk.wrap(mk.bracket, &e.vault));
    }
    if !e.group.is_empty() {
        s.push_str(&mk.wrap(mk.group, &e.group));
    }
    s.push_str(&(mk.esc)(&plan::title(t, e)));
    s
}

/// One table per rule: severity and rule id as a heading, then the
/// findings with their entries and fixes.
pub(crate) fn details(
    mk: &Markup,
    out: &mut String,
    t: &Catalog,
    findings: &[Finding],
    show_vault: bool,
    marks: bool,
) {
    for (rule, group) in by_rule(findings) {
        let Some(first) = group.first() else { continue };
        out.push_str(&(mk.rule_heading)(t, rule, first.severity, group.len()));
        findings_table(mk, out, t, &group, show_vault, true, marks);
    }
}

/// Findings as a table: message, entries and fix (`fix`), or rule,
/// message and entries (the baseline's resolved findings).
pub(crate) fn findings_table(
    mk: &Markup,
    out: &mut String,
    t: &Catalog,
    findings: &[&Finding],
    show_vault: bool,
    fix: bool,
    marks: bool,
) {
    let m = &t.msg;
    let (head, entries_col) = if fix {
        (vec![m.col_finding, m.col_entries, m.col_fix], 1)
    } else {
        (vec![m.col_rule, m.col_finding, m.col_entries], 2)
    };
    let head: Vec<String> = head.iter().map(|h| (mk.esc)(h)).collect();
    let rows: Vec<Vec<String>> = merged(findings, marks)
        .into_iter()
        .map(|(f, entries)| {
            let mut message = String::new();
            if marks && f.baseline == Some(BaselineMark::New) {
                let _ = write!(message, "{} ", mk.wrap(mk.new_mark, m.new_mark));
            }
            message.push_str(&(mk.esc)(&f.message));
            if let Some(u) = &f.details.url {
                let aside = format!(
                    "{}{} {}{}",
                    mk.aside.0,
                    (mk.esc)(m.url_label),
                    (mk.esc)(u),
                    mk.aside.1
                );
                let _ = write!(message, "<br>{aside}");
            }
            if let Some(ig) = &f.ignore {
                let _ = write!(message, "<br>{}", mk.wrap(mk.remark, &ignore_note(t, ig)));
            }
            let mut entries: Vec<String> = entries
                .iter()
                .map(|e| entry(mk, t, e, show_vault))
                .collect();
            if let Some(v) = &f.vault {
                entries.push(mk.wrap(mk.bracket, v));
            }
            let entries = entries.join("<br>");
            if fix {
                vec![message, entries, (mk.esc)(&f.remediation)]
            } else {
                vec![(mk.code)(&f.rule), message, entries]
            }
        })
        .collect();
    (mk.table)(out, &head, &rows, entries_col);
    out.push_str(mk.after_table);
}
