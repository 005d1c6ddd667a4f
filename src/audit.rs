//! From unlocked vaults to a [`Report`].

use crate::checks::{self, Options};
use crate::i18n::Lang;
use crate::i18n::fill;
use crate::model::Vault;
use crate::report::{
    Finding, FindingText, IgnoreNote, ReasonText, Report, ReportText, SCHEMA_VERSION, Settings,
    SiteText, Summary, Timings, Tool, VaultInfo,
};

/// Run every check and assemble the report. Findings are ordered by
/// severity (highest first), then rule, then the entries they name, so the
/// same vault always gives the same report.
///
/// With `translate` (a JSON report, which `render --lang` may print in the
/// other language) the checks run a second time in every other language on
/// the same lookups and scores, and each finding, check reason and warning
/// carries its text in those languages.
pub fn build_report(
    vaults: &[Vault],
    opts: &Options,
    settings: Settings,
    translate: bool,
) -> Report {
    let others: Vec<Options> = Lang::ALL
        .into_iter()
        .filter(|l| translate && *l != opts.lang)
        .map(|lang| Options {
            lang,
            ..opts.clone()
        })
        .collect();
    let ctx = checks::Ctx::new(vaults, opts);
    let copies: Vec<checks::Ctx<'_>> = others.iter().map(|o| ctx.copy_with(o)).collect();
    // The checks in the report's language and, beside them, in the others
    // (each run is one thread: two cores do both at once).
    let (mut outcomes, (translated, second)) = rayon::join(
        || checks::run_checks(&ctx),
        || checks::timed(|| copies.iter().map(checks::run_checks).collect::<Vec<_>>()),
    );
    let ms = Timings::millis;
    let stage = |name: &str| {
        ctx.timings
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(0, |(_, d)| ms(*d))
    };
    let timings = Timings {
        unlock_ms: vaults
            .iter()
            .map(|v| (v.name.clone(), ms(v.open_time)))
            .collect(),
        index_ms: stage("index"),
        lookups_ms: stage("lookups"),
        sites_ms: stage("sites"),
        scoring_ms: stage("scoring"),
        strength_ms: stage("strength"),
        similar_ms: stage("similar"),
        checks_ms: outcomes
            .iter()
            .map(|o| (o.info.id.clone(), ms(o.elapsed)))
            .collect(),
        translations_ms: ms(second),
        ..Timings::default()
    };
    for (other, run) in others.iter().zip(translated) {
        add_translations(&mut outcomes, run, other.lang);
    }
    drop(copies);
    drop(ctx);
    let mut checks_info = Vec::new();
    let mut findings = Vec::new();
    let mut accounts = Vec::new();
    let mut phones = Vec::new();
    for o in outcomes {
        checks_info.push(o.info);
        findings.extend(o.findings);
        accounts.extend(o.accounts);
        phones.extend(o.phones);
    }
    // The policy's severity overrides, before anything counts severities.
    for f in &mut findings {
        if let Some(s) = opts.policy.severity.get(&f.rule) {
            f.severity = *s;
        }
    }
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.rule_position().cmp(&b.rule_position()))
            .then_with(|| a.entries.cmp(&b.entries))
    });

    let vault_infos: Vec<VaultInfo> = vaults
        .iter()
        .map(|v| VaultInfo {
            name: v.name.clone(),
            path: v.path.clone(),
            format: v.format.clone(),
            kdf: v.kdf.clone(),
            cipher: v.cipher.clone(),
            entries_audited: v.audited().count(),
            entries_excluded: v.excluded_count(),
            entries_in_recycle_bin: v.recycle_bin.len(),
            summary: Summary::default(),
        })
        .collect();
    let (findings, ignored, used) = apply_ignores(findings, opts);
    let mut report = Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME").to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data: [
                ("2fa.directory", crate::sites::SNAPSHOT_DATE),
                ("passkeys.directory", crate::sites::PASSKEYS_SNAPSHOT_DATE),
                ("publicsuffix.org", crate::url::PSL_VERSION),
                ("kdbx-audit-jp-sites", crate::sites::JP_SITES_DATE),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        },
        generated_at: opts.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        settings,
        vaults: vault_infos,
        checks: checks_info,
        findings,
        summary: Summary::default(),
        accounts,
        ignored,
        baseline: None,
        resolved: Vec::new(),
        not_rechecked: Vec::new(),
        vaults_failed: Vec::new(),
        phones,
        timings: Some(timings),
        warnings: Vec::new(),
        translations: others
            .iter()
            .map(|o| (o.lang.code().to_owned(), ReportText::default()))
            .collect(),
    };
    for v in vaults {
        vault_warnings(&mut report, v);
    }
    ignore_warnings(&mut report, opts, &used);
    report.recount();
    report
}

/// Give each finding and check reason of `outcomes` its text from the same
/// checks run in `lang`. The checks are pure, so the two runs list the same
/// findings in the same order; a finding that does not match (rule and
/// fingerprint) is left without a translation rather than given a wrong one.
fn add_translations(
    outcomes: &mut [checks::Outcome],
    translated: Vec<checks::Outcome>,
    lang: Lang,
) {
    let code = lang.code();
    for (o, t) in outcomes.iter_mut().zip(translated) {
        if o.info.id != t.info.id {
            continue;
        }
        if let Some(reason) = t.info.reason {
            o.info
                .translations
                .insert(code.to_owned(), ReasonText { reason });
        }
        for (f, tf) in o.findings.iter_mut().zip(t.findings) {
            if f.rule == tf.rule && f.fingerprint == tf.fingerprint {
                f.translations.insert(
                    code.to_owned(),
                    FindingText {
                        message: tf.message,
                        remediation: tf.remediation,
                        site: tf.details.site,
                    },
                );
            }
        }
        // The accounts of the phone map, then the accounts list: each
        // site name with the entries it names, on both sides.
        let ours = o
            .phones
            .iter_mut()
            .flat_map(|p| &mut p.accounts)
            .map(|a| (&a.entries, &mut a.translations))
            .chain(
                o.accounts
                    .iter_mut()
                    .map(|a| (&a.entries, &mut a.translations)),
            );
        let theirs = t
            .phones
            .into_iter()
            .flat_map(|p| p.accounts)
            .map(|a| (a.entries, a.site))
            .chain(t.accounts.into_iter().map(|a| (a.entries, a.site)));
        for ((entries, translations), (their_entries, site)) in ours.zip(theirs) {
            if *entries == their_entries {
                translations.insert(code.to_owned(), SiteText { site });
            }
        }
    }
}

/// The warnings about one vault: nothing audited, references too long,
/// passwords left unresolved.
fn vault_warnings(report: &mut Report, v: &Vault) {
    let audited = v.audited().count();
    if audited == 0 {
        let excluded = v.excluded_count().to_string();
        let bin = v.recycle_bin.len().to_string();
        report.warn(|t| {
            fill(
                t.msg.warn_nothing_audited,
                &[("vault", &v.name), ("excluded", &excluded), ("bin", &bin)],
            )
        });
    }
    if v.refs_too_long > 0 {
        let n = v.refs_too_long.to_string();
        report.warn(|t| fill(t.msg.warn_refs_too_long, &[("vault", &v.name), ("n", &n)]));
    }
    let unresolved = v.audited().filter(|e| e.password_unresolved).count();
    if unresolved > 0 {
        let n = unresolved.to_string();
        report.warn(|t| fill(t.msg.warn_unresolved, &[("vault", &v.name), ("n", &n)]));
    }
}

/// Set aside the findings an `[[ignore]]` covers: its rule, and every entry
/// the finding names inside its target. A lapsed ignore covers nothing.
/// Returns the findings, the ignored ones, and for each ignore how many
/// findings of its rule there were if it matched none (`None` when used).
fn apply_ignores(
    findings: Vec<Finding>,
    opts: &Options,
) -> (Vec<Finding>, Vec<Finding>, Vec<Option<usize>>) {
    // `until` is a day on the calendar of the person who wrote it.
    let today = opts.now.with_timezone(&chrono::Local).date_naive();
    let mut used = vec![false; opts.policy.ignores.len()];
    let mut rule_counts: std::collections::HashMap<String, usize> =
        std::collections::HashMap::new();
    for f in &findings {
        *rule_counts.entry(f.rule.clone()).or_default() += 1;
    }
    let mut active = Vec::new();
    let mut ignored = Vec::new();
    for mut f in findings {
        // Every matching ignore counts as used; the first one still in
        // force sets the finding aside (a lapsed one never does).
        let mut hit = None;
        for (i, ig) in opts.policy.ignores.iter().enumerate() {
            let covers = ig.rule == f.rule
                && if f.entries.is_empty() {
                    f.vault.as_deref().is_some_and(|v| ig.covers_vault(v))
                } else {
                    f.entries.iter().all(|e| ig.covers(&e.uuid, &e.group))
                };
            if covers {
                used[i] = true;
                if hit.is_none() && !ig.lapsed(today) {
                    hit = Some(ig);
                }
            }
        }
        match hit {
            Some(ig) => {
                f.ignore = Some(IgnoreNote {
                    index: ig.index,
                    reason: ig.reason.clone(),
                    until: ig.until.map(|d| d.format("%Y-%m-%d").to_string()),
                });
                ignored.push(f);
            }
            None => active.push(f),
        }
    }
    let unused = opts
        .policy
        .ignores
        .iter()
        .zip(used)
        .map(|(ig, used)| (!used).then(|| rule_counts.get(&ig.rule).copied().unwrap_or(0)))
        .collect();
    (active, ignored, unused)
}

/// The warnings about the policy's ignores: lapsed, or matching nothing
/// (with what it was matched against, and where that rule's findings are).
fn ignore_warnings(report: &mut Report, opts: &Options, unused: &[Option<usize>]) {
    let today = opts.now.with_timezone(&chrono::Local).date_naive();
    for (ig, unused) in opts.policy.ignores.iter().zip(unused) {
        let n = ig.index.to_string();
        if let Some(until) = ig.until.filter(|_| ig.lapsed(today)) {
            let date = until.format("%Y-%m-%d").to_string();
            report.warn(|t| {
                fill(
                    t.msg.ignore_lapsed,
                    &[("n", &n), ("rule", &ig.rule), ("date", &date)],
                )
            });
        } else if let Some(of_rule) = *unused {
            let target = ig.target_text();
            report.warn(|t| {
                let why = if of_rule == 0 {
                    t.msg.ignore_unused_none.to_owned()
                } else {
                    fill(
                        t.msg.ignore_unused_elsewhere,
                        &[("count", &of_rule.to_string())],
                    )
                };
                fill(
                    t.msg.ignore_unused,
                    &[
                        ("n", &n),
                        ("rule", &ig.rule),
                        ("where", &target),
                        ("why", &why),
                    ],
                )
            });
        }
    }
}
