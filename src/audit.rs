//! From unlocked vaults to a [`Report`].

use crate::checks::{self, Options};
use crate::i18n::fill;
use crate::model::Vault;
use crate::report::{
    Finding, IgnoreNote, Report, SCHEMA_VERSION, Settings, Summary, Tool, VaultInfo,
};

/// Run every check and assemble the report. Findings are ordered by
/// severity (highest first), then rule, then the entries they name, so the
/// same vault always gives the same report.
pub fn build_report(vaults: &[Vault], opts: &Options, settings: Settings) -> Report {
    let outcomes = checks::run_all(vaults, opts);
    let mut checks_info = Vec::new();
    let mut findings = Vec::new();
    let mut accounts = Vec::new();
    for o in outcomes {
        checks_info.push(o.info);
        findings.extend(o.findings);
        accounts.extend(o.accounts);
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

    let m = &opts.lang.text().msg;
    let mut warnings = Vec::new();
    let vault_infos: Vec<VaultInfo> = vaults
        .iter()
        .map(|v| {
            let audited = v.audited().count();
            let excluded = v.excluded_count();
            if audited == 0 {
                warnings.push(fill(
                    m.warn_nothing_audited,
                    &[
                        ("vault", &v.name),
                        ("excluded", &excluded.to_string()),
                        ("bin", &v.recycle_bin.len().to_string()),
                    ],
                ));
            }
            if v.refs_too_long > 0 {
                warnings.push(fill(
                    m.warn_refs_too_long,
                    &[("vault", &v.name), ("n", &v.refs_too_long.to_string())],
                ));
            }
            let unresolved = v.audited().filter(|e| e.password_unresolved).count();
            if unresolved > 0 {
                warnings.push(fill(
                    m.warn_unresolved,
                    &[("vault", &v.name), ("n", &unresolved.to_string())],
                ));
            }
            VaultInfo {
                name: v.name.clone(),
                path: v.path.clone(),
                format: v.format.clone(),
                kdf: v.kdf.clone(),
                cipher: v.cipher.clone(),
                entries_audited: audited,
                entries_excluded: excluded,
                entries_in_recycle_bin: v.recycle_bin.len(),
                summary: Summary::default(),
            }
        })
        .collect();

    let (findings, ignored) = apply_ignores(findings, opts, &mut warnings);
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
        warnings,
    };
    report.recount();
    report
}

/// Set aside the findings an `[[ignore]]` covers: its rule, and every entry
/// the finding names inside its target. A lapsed ignore covers nothing and
/// says so, as does one that matches no finding.
fn apply_ignores(
    findings: Vec<Finding>,
    opts: &Options,
    warnings: &mut Vec<String>,
) -> (Vec<Finding>, Vec<Finding>) {
    let t = &opts.lang.text().msg;
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
    for (ig, used) in opts.policy.ignores.iter().zip(used) {
        let n = ig.index.to_string();
        if let Some(until) = ig.until.filter(|_| ig.lapsed(today)) {
            let date = until.format("%Y-%m-%d").to_string();
            warnings.push(fill(
                t.ignore_lapsed,
                &[("n", &n), ("rule", &ig.rule), ("date", &date)],
            ));
        } else if !used {
            // Say what it was matched against, and where that rule's
            // findings are instead.
            let of_rule = rule_counts.get(&ig.rule).copied().unwrap_or(0);
            let why = if of_rule == 0 {
                t.ignore_unused_none.to_owned()
            } else {
                fill(
                    t.ignore_unused_elsewhere,
                    &[("count", &of_rule.to_string())],
                )
            };
            warnings.push(fill(
                t.ignore_unused,
                &[
                    ("n", &n),
                    ("rule", &ig.rule),
                    ("where", &ig.target_text()),
                    ("why", &why),
                ],
            ));
        }
    }
    (active, ignored)
}
