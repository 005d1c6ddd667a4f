//! From unlocked vaults to a [`Report`].

use crate::checks::{self, Options, RULES};
use crate::model::Vault;
use crate::report::{Report, SCHEMA_VERSION, Settings, Summary, Tool, VaultInfo};

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
    let rule_pos = |id: &str| RULES.iter().position(|r| r.id == id).unwrap_or(usize::MAX);
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| rule_pos(&a.rule).cmp(&rule_pos(&b.rule)))
            .then_with(|| a.entries.cmp(&b.entries))
    });

    let mut warnings = Vec::new();
    let vault_infos = vaults
        .iter()
        .map(|v| {
            let audited = v.audited().count();
            let excluded = v.excluded_count();
            if audited == 0 {
                warnings.push(format!(
                    "vault '{}' has no auditable entries ({} excluded from reports, {} in the recycle bin): nothing in it was checked",
                    v.name, excluded, v.recycle_bin_entries
                ));
            }
            let unresolved = v.audited().filter(|e| e.password_unresolved).count();
            if unresolved > 0 {
                warnings.push(format!(
                    "vault '{}': {unresolved} entries have a password field reference that could not be resolved; those passwords were not audited",
                    v.name
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
                entries_in_recycle_bin: v.recycle_bin_entries,
            }
        })
        .collect();

    let summary = Summary::from_findings(&findings);
    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME").to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        },
        generated_at: opts.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        settings,
        vaults: vault_infos,
        checks: checks_info,
        findings,
        summary,
        accounts,
        warnings,
    }
}
