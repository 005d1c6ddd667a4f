//! The program: settings from the command line, then unlock, audit, render,
//! write, exit status. `main` only calls [`main_with_args`].
//!
//! `household` turns the command line or a household file into vaults to
//! open and opens them; [`output`] writes the report.

mod household;
pub mod output;

pub use crate::error::AppError;
use household::{open_all, vault_jobs};
use output::{refuse_output_over_inputs, write_out, write_stdout};

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::checks::{Options, RULES};
use crate::cli::{
    AuditArgs, BreachIndexCommand, Cli, ColorArg, Command, FailOnArg, FormatArg, LangArg,
    PrivacyArg,
};
use crate::config::policy::{self, Policy};
use crate::exit::{self, FailOn};
use crate::i18n::Lang;
use crate::lookups::{self, Source};
use crate::render::{self, Format};
use crate::report::{Settings, Severity};

/// Resolved settings for one audit run.
struct AuditSettings {
    format: Format,
    color: bool,
    output: Option<PathBuf>,
    fail_on: FailOn,
    options: Options,
    quiet: bool,
}

fn format_of(a: FormatArg) -> Format {
    match a {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Html => Format::Html,
    }
}

fn fail_on(a: FailOnArg) -> FailOn {
    match a {
        FailOnArg::Info => FailOn::At(Severity::Info),
        FailOnArg::Low => FailOn::At(Severity::Low),
        FailOnArg::Medium => FailOn::At(Severity::Medium),
        FailOnArg::High => FailOn::At(Severity::High),
        FailOnArg::Critical => FailOn::At(Severity::Critical),
        FailOnArg::Never => FailOn::Never,
    }
}

/// Open the breach source before any vault is unlocked, so that a missing
/// or malformed corpus stops the run at once (exit 2), never reads as clean.
fn breach_source(args: &AuditArgs) -> Result<Source, AppError> {
    match args.breach.as_str() {
        "off" => Ok(Source::Off),
        "hibp" => {
            let base_url = lookups::hibp::validate_url(&args.hibp_url).map_err(|why| {
                AppError::new(format!(
                    "--hibp-url {}: {why}",
                    crate::sanitize::terminal(&args.hibp_url)
                ))
            })?;
            let extra_roots = match &args.hibp_ca {
                Some(p) => read_ca(p)?,
                None => Vec::new(),
            };
            Ok(Source::Hibp(lookups::hibp::Config {
                base_url,
                concurrency: args.hibp_concurrency,
                timeout: std::time::Duration::from_secs(args.hibp_timeout),
                retries: args.hibp_retries,
                extra_roots,
            }))
        }
        path => Source::open_path(Path::new(path)).map_err(|e| {
            AppError::from(e).with_why(crate::error::Why::BreachSource {
                arg: crate::sanitize::terminal(path),
            })
        }),
    }
}

/// The certificates of `--hibp-ca` (PEM), checked before any vault is opened.
fn read_ca(p: &Path) -> Result<Vec<reqwest::Certificate>, AppError> {
    let shown = crate::sanitize::terminal(&p.display().to_string());
    let bytes = crate::input::read_regular(p, 16 * 1024 * 1024)
        .map_err(|e| AppError::new(format!("--hibp-ca {shown}: {}", e.reason())))?;
    let certs = reqwest::Certificate::from_pem_bundle(&bytes).unwrap_or_default();
    if certs.is_empty() {
        return Err(AppError::new(format!(
            "--hibp-ca {shown}: no PEM certificate could be read from the file"
        ))
        .with_hint(
            "give the CA certificate in PEM form (-----BEGIN CERTIFICATE-----)".to_owned(),
        ));
    }
    Ok(certs)
}

fn use_color(arg: ColorArg, to_stdout: bool) -> bool {
    match arg {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            to_stdout
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map(|t| t != "dumb").unwrap_or(true)
        }
    }
}

fn load_policy(args: &AuditArgs) -> Result<Policy, AppError> {
    let choice = if args.no_config {
        policy::Choice::None
    } else {
        match &args.config {
            Some(p) => policy::Choice::Path(p.clone()),
            None => policy::Choice::Search,
        }
    };
    Ok(policy::load(&choice)?)
}

/// The language `--lang` names, else `default()`.
fn lang_or(arg: Option<LangArg>, default: impl FnOnce() -> Lang) -> Lang {
    match arg {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Ja) => Lang::Ja,
        None => default(),
    }
}

fn resolve(args: &AuditArgs) -> Result<AuditSettings, AppError> {
    let policy = load_policy(args)?;
    let lang = lang_or(args.lang, || policy.lang.unwrap_or_else(Lang::from_env));
    Ok(AuditSettings {
        format: format_of(args.out.format),
        color: use_color(args.out.color, args.out.output.is_none()),
        output: args.out.output.clone(),
        fail_on: fail_on(args.fail_on),
        options: Options {
            min_score: args.min_score,
            breach: std::sync::Arc::new(breach_source(args)?),
            progress: !args.quiet && std::io::stderr().is_terminal(),
            now: args.as_of.unwrap_or_else(chrono::Utc::now),
            policy: std::sync::Arc::new(policy),
            lang,
            weak_budget: std::time::Duration::from_secs(args.weak_budget_seconds),
        },
        quiet: args.quiet,
    })
}

/// Where `--as-of` came from, when it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOfSource {
    Flag,
    Env,
}

/// `audit`, or with `phones_only` the `phones` command: the same vaults
/// read the same way, the phone map printed instead of the report, exit 0
/// (2 when a vault could not be opened).
fn audit(
    args: &AuditArgs,
    as_of_source: Option<AsOfSource>,
    phones_only: bool,
) -> Result<u8, AppError> {
    let run_started = std::time::Instant::now();
    let settings = resolve(args)?;
    // Notes that change what the audit means are printed even with -q: a
    // policy file in the working directory (a pull request can add one to
    // a CI checkout) and a backdated clock from the environment.
    let mut as_of_env_note = None;
    if args.config.is_none()
        && !args.no_config
        && let Some(src) = &settings.options.policy.source
        && let Ok(cwd) = std::env::current_dir()
        && src.parent() == Some(cwd.as_path())
    {
        eprintln!(
            "kdbx-audit: note: using the policy file {} from the working directory (--no-config ignores it)",
            crate::sanitize::terminal(&src.display().to_string())
        );
    }
    let as_of = args
        .as_of
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    if let (Some(when), Some(AsOfSource::Env)) = (&as_of, as_of_source) {
        eprintln!(
            "kdbx-audit: note: KDBX_AUDIT_AS_OF is set in the environment: the audit is judged as of {when}, not now"
        );
        as_of_env_note = Some(when.clone());
    }
    // A bad baseline stops the run before the vault is unlocked.
    let baseline = match &args.baseline {
        Some(p) => Some(crate::report::baseline::load(p).map_err(|e| {
            AppError::from(e).with_why(crate::error::Why::BadReport {
                file: crate::sanitize::terminal(&p.display().to_string()),
                baseline: true,
            })
        })?),
        None => None,
    };
    let jobs = vault_jobs(args, &settings)?;
    // The report must never be written over one of the run's inputs.
    {
        let mut inputs: Vec<(&str, &Path)> = Vec::new();
        for j in &jobs {
            inputs.push(("vault", &j.path));
            if let Some(k) = &j.keyfile {
                inputs.push(("key file", k));
            }
            if let crate::config::policy::PasswordSpec::File(p) = &j.password {
                inputs.push(("password file", p));
            }
        }
        if let Some(p) = &args.input.password_file {
            inputs.push(("password file", p));
        }
        if let Some(p) = &settings.options.policy.source {
            inputs.push(("policy file", p));
        }
        if let Some(p) = &args.input.family {
            inputs.push(("household file", p));
        }
        if !matches!(args.breach.as_str(), "hibp" | "off") {
            inputs.push(("breach corpus or index", Path::new(&args.breach)));
        }
        if let Some(p) = &args.hibp_ca {
            inputs.push(("CA file", p));
        }
        refuse_output_over_inputs(settings.output.as_deref(), &inputs)?;
    }
    // One vault named on the command line (not a household of one).
    let single = args.input.vaults.len() == 1;
    let (vaults, mut failed) = open_all(jobs, args, settings.options.lang);
    // One vault named on the command line: an error is the whole answer,
    // as before. Several: the others are audited and the failure reported.
    if single && !failed.is_empty() {
        return Err(failed.remove(0).1);
    }
    let translate = settings.format == Format::Json;
    let failed: Vec<crate::report::FailedVault> = failed
        .into_iter()
        .map(|(f, e)| {
            // In each language where the reason is a common one; the
            // English message with its hint otherwise.
            let reason_in = |lang: Lang| {
                let mut reason = match (&e.why, &e.hint) {
                    (Some(why), _) if lang == Lang::Ja => why.text(lang.text()),
                    (_, Some(h)) => format!("{} ({h})", e.message),
                    (_, None) => e.message.clone(),
                };
                // A summary for the household names the member, not the files.
                if args.privacy == PrivacyArg::Summary {
                    let mut paths = f.paths.clone();
                    paths.sort_by_key(|p| std::cmp::Reverse(p.len()));
                    for p in paths.iter().filter(|p| !p.is_empty()) {
                        reason = reason.replace(p.as_str(), &f.name);
                        reason = reason.replace(&crate::sanitize::terminal(p), &f.name);
                    }
                }
                reason
            };
            let lang = settings.options.lang;
            let reason = reason_in(lang);
            let translations = Lang::ALL
                .into_iter()
                .filter(|l| translate && *l != lang)
                .map(|l| {
                    let reason = reason_in(l);
                    (l.code().to_owned(), crate::report::ReasonText { reason })
                })
                .collect();
            crate::report::FailedVault {
                reason,
                translations,
                name: f.name,
                path: f.path,
            }
        })
        .collect();
    let mut report = crate::audit::build_report(
        &vaults,
        &settings.options,
        Settings {
            min_score: settings.options.min_score,
            fail_on: settings.fail_on,
            breach: args.breach.clone(),
            allow_incomplete: args.allow_incomplete,
            lang: settings.options.lang.code().to_owned(),
            config: settings
                .options
                .policy
                .source
                .as_ref()
                .map(|p| p.display().to_string()),
            baseline: args.baseline.as_ref().map(|p| p.display().to_string()),
            fail_on_new: args.fail_on_new,
            family: args.input.family.as_ref().map(|p| p.display().to_string()),
            privacy: match args.privacy {
                PrivacyArg::Full => crate::report::Privacy::Full,
                PrivacyArg::Summary => crate::report::Privacy::Summary,
            },
            as_of_source: as_of.as_ref().map(|_| {
                match as_of_source {
                    Some(AsOfSource::Env) => "KDBX_AUDIT_AS_OF",
                    _ => "--as-of",
                }
                .to_owned()
            }),
            as_of,
        },
        translate,
    );
    report.vaults_failed = failed;
    drop(vaults);
    if let Some(b) = baseline {
        crate::report::baseline::apply(&mut report, b);
    }

    // The checks that could not complete, and why.
    let incomplete: Vec<(String, String)> = report
        .checks
        .iter()
        .filter(|c| c.status == crate::report::CheckStatus::Incomplete)
        .map(|c| {
            let why = crate::sanitize::terminal(c.reason.as_deref().unwrap_or(""));
            (c.id.clone(), why)
        })
        .collect();
    if !settings.quiet {
        for w in &report.warnings {
            eprintln!("kdbx-audit: warning: {}", crate::sanitize::terminal(w));
        }
        for (id, why) in &incomplete {
            eprintln!("kdbx-audit: warning: check '{id}' is incomplete: {why}");
        }
    }
    // Announced on stderr above already: in the report only.
    if let Some(when) = &as_of_env_note {
        report.warn(|t| crate::i18n::fill(t.msg.warn_as_of_env, &[("date", when)]));
    }

    {
        // An error, not a warning: printed even with --quiet.
        let m = &settings.options.lang.text().msg;
        for f in &report.vaults_failed {
            let line = crate::i18n::fill(
                m.err_vault_not_audited,
                &[("vault", &f.name), ("reason", &f.reason)],
            );
            eprintln!(
                "kdbx-audit: {line}",
                line = crate::sanitize::terminal(&line)
            );
        }
    }
    if phones_only {
        let rendered = render::phones(&report, settings.format, render::Options::local_offset());
        write_out(settings.output.as_deref(), &rendered)?;
        return Ok(if report.vaults_failed.is_empty() {
            exit::OK
        } else {
            exit::ERROR
        });
    }
    // The exit status is decided on the whole report, before a summary
    // for the household leaves the details out.
    let code = exit::exit_code(&report, settings.fail_on);
    // Exit 2 is never silent, even with --quiet: one line says why (a
    // failed vault has said so above).
    if code == exit::ERROR && settings.quiet && report.vaults_failed.is_empty() {
        let why: Vec<String> = incomplete
            .iter()
            .map(|(id, why)| format!("check '{id}': {why}"))
            .collect();
        eprintln!(
            "kdbx-audit: error: the audit is incomplete (exit status 2): {}",
            why.join("; ")
        );
    }
    if args.privacy == PrivacyArg::Summary {
        report.to_summary();
    }
    let render_opts = render::Options {
        color: settings.color,
        show_ignored: args.out.show_ignored,
        utc_offset: render::Options::local_offset(),
    };
    let timings = report.timings.take().filter(|_| args.timings);
    let rendered = match timings {
        None => render::render(&report, settings.format, &render_opts),
        Some(mut t) => {
            let (first, took) =
                crate::checks::timed(|| render::render(&report, settings.format, &render_opts));
            t.render_ms = crate::report::Timings::millis(took);
            t.total_ms = crate::report::Timings::millis(run_started.elapsed());
            eprintln!("kdbx-audit: {}", timings_line(&t));
            if settings.format == Format::Json {
                // The JSON report carries them: rendered again with them.
                report.timings = Some(t);
                render::render(&report, settings.format, &render_opts)
            } else {
                first
            }
        }
    };
    write_out(settings.output.as_deref(), &rendered)?;
    Ok(code)
}

/// `--timings` on standard error: one line, the slowest parts named.
fn timings_line(t: &crate::report::Timings) -> String {
    let unlock: Vec<String> = t
        .unlock_ms
        .iter()
        .map(|(v, ms)| format!("{} {ms}", crate::sanitize::terminal(v)))
        .collect();
    let checks: u64 = t.checks_ms.values().sum();
    let slowest = t
        .checks_ms
        .iter()
        .max_by_key(|(_, ms)| **ms)
        .map(|(id, ms)| format!(", slowest {id} {ms}"))
        .unwrap_or_default();
    format!(
        "timings (ms): unlock {} ({}), index {}, lookups {}, sites {}, scoring {} (strength {}, similar {}), checks {checks}{slowest}, translations {}, render {}, total {}",
        t.unlock_ms.values().max().copied().unwrap_or(0),
        unlock.join(", "),
        t.index_ms,
        t.lookups_ms,
        t.sites_ms,
        t.scoring_ms,
        t.strength_ms,
        t.similar_ms,
        t.translations_ms,
        t.render_ms,
        t.total_ms
    )
}

/// Render the report and write it to the file (atomically) or stdout.
fn emit(
    report: &crate::report::Report,
    format: Format,
    opts: &render::Options,
    output: Option<&Path>,
) -> Result<(), AppError> {
    write_out(output, &render::render(report, format, opts))
}

/// `kdbx-audit render`: a saved JSON report in another format. The report
/// is validated like a baseline (a kdbx-audit report of this schema).
fn render_saved(args: &crate::cli::RenderArgs) -> Result<u8, AppError> {
    refuse_output_over_inputs(args.out.output.as_deref(), &[("report", &args.report)])?;
    let mut report = crate::report::baseline::load_report(&args.report).map_err(|e| {
        AppError::from(e).with_why(crate::error::Why::BadReport {
            file: crate::sanitize::terminal(&args.report.display().to_string()),
            baseline: false,
        })
    })?;
    if let Some(lang) = args.lang {
        let lang = lang_or(Some(lang), || Lang::En);
        let missing = report.switch_language(lang);
        if missing > 0 {
            let m = &lang.text().msg;
            eprintln!(
                "kdbx-audit: {}",
                crate::i18n::fill(m.warn_untranslated, &[("n", &missing.to_string())])
            );
        }
    }
    // A summary for the household has no findings to count from.
    if report.settings.privacy != crate::report::Privacy::Summary {
        report.recount();
    }
    emit(
        &report,
        format_of(args.out.format),
        &render::Options {
            color: use_color(args.out.color, args.out.output.is_none()),
            show_ignored: args.out.show_ignored,
            utc_offset: render::Options::local_offset(),
        },
        args.out.output.as_deref(),
    )?;
    Ok(exit::OK)
}

/// `kdbx-audit sites DOMAIN`: what the compiled-in site data says.
fn sites(inputs: &[String], lang: Lang, format: crate::cli::SitesFormat) -> Result<u8, AppError> {
    let t = lang.text();
    // Every argument is checked before anything is printed.
    let hosts = inputs
        .iter()
        .map(|input| {
            let shown = crate::sanitize::terminal(input);
            crate::url::host(input)
                .filter(|h| h.contains('.') && !h.starts_with('.'))
                .ok_or_else(|| {
                    AppError::new(format!("'{shown}' is not a domain name or URL"))
                        .with_hint("give a domain such as amazon.co.jp, or a URL".to_owned())
                })
        })
        .collect::<Result<Vec<String>, AppError>>()?;
    let out = match format {
        crate::cli::SitesFormat::Text => {
            let parts: Vec<String> = hosts
                .iter()
                .map(|h| crate::render::sites::describe(h, t))
                .collect();
            format!("{}{}\n", parts.join("\n"), crate::render::sites::credit(t))
        }
        crate::cli::SitesFormat::Json => crate::render::sites::json(&hosts),
    };
    write_stdout(&out)?;
    Ok(exit::OK)
}

fn rules(lang: Lang) -> Result<u8, AppError> {
    let t = lang.text();
    let width = RULES.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut s = String::new();
    for r in RULES {
        // English: the registry's one line (docs/rules.md shows the same
        // list); Japanese: the rule's title.
        let (severity, text) = match lang {
            Lang::En => (r.severity.as_str().to_owned(), r.summary.to_owned()),
            Lang::Ja => (t.severity(r.severity).to_owned(), t.rule_title(r.name)),
        };
        s.push_str(&format!(
            "{:<width$} {} {text}\n",
            r.name,
            crate::text::pad_to(&severity, 9)
        ));
    }
    write_stdout(&s)?;
    Ok(exit::OK)
}

fn breach_index(cmd: &BreachIndexCommand) -> Result<u8, AppError> {
    match cmd {
        BreachIndexCommand::Build {
            src,
            out,
            key_bytes,
            quiet,
        } => {
            let progress = if !quiet && std::io::stderr().is_terminal() {
                lookups::Progress::counter("building the index, hashes read")
            } else {
                lookups::Progress::hidden()
            };
            let st = lookups::index::build(src, out, *key_bytes, &progress)?;
            if !quiet {
                let secs = st.elapsed.as_secs_f64().max(1e-9);
                eprintln!(
                    "kdbx-audit: wrote {}: {} records from {} hashes ({} bytes of source in {:.2} s, {:.0} MB/s); {} bytes, {}-byte keys, false-positive rate per lookup about {:.1e}",
                    lookups::show(out),
                    st.records,
                    st.hashes_read,
                    st.source_bytes,
                    secs,
                    st.source_bytes as f64 / 1e6 / secs,
                    st.index_bytes,
                    st.key_bytes,
                    lookups::index::false_positive_rate(st.records, st.key_bytes)
                );
            }
            Ok(exit::OK)
        }
        BreachIndexCommand::Check { index } => {
            let idx = lookups::index::Index::open(index)?;
            idx.check().map_err(|why| {
                AppError::new(format!(
                    "{}: the index is damaged: {why}",
                    lookups::show(index)
                ))
                .with_hint("rebuild it with 'kdbx-audit breach-index build SRC OUT'".to_owned())
            })?;
            write_stdout(&format!(
                "{}: OK, {} records, {}-byte keys, false-positive rate per lookup about {:.1e}\n",
                lookups::show(index),
                idx.records,
                idx.key_bytes,
                lookups::index::false_positive_rate(idx.records, idx.key_bytes)
            ))?;
            Ok(exit::OK)
        }
    }
}

/// Parse arguments, run, and return the exit status. Usage errors are
/// reported by clap with status 2.
pub fn main_with_args() -> u8 {
    // Before anything can hold a secret: no core dump, no ptrace by
    // other processes of this user.
    crate::process::harden();
    let matches = match <Cli as clap::CommandFactory>::command().try_get_matches() {
        Ok(m) => m,
        Err(e) => usage_error(e),
    };
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    let as_of_source = matches
        .subcommand_matches("audit")
        .and_then(|m| m.value_source("as_of"))
        .map(|s| match s {
            clap::parser::ValueSource::EnvVariable => AsOfSource::Env,
            _ => AsOfSource::Flag,
        });
    // The language errors are told in: the command's --lang, else the
    // locale (a policy file's `lang` is not read yet when most errors occur).
    let arg_lang = match &cli.command {
        Command::Audit(a) => a.lang,
        Command::Rules { lang } | Command::Sites { lang, .. } => *lang,
        Command::Render(r) => r.lang,
        Command::Phones(p) => p.lang,
        _ => None,
    };
    let lang = lang_or(arg_lang, Lang::from_env);
    let finish = |result| finish(result, lang);
    let result = match &cli.command {
        Command::Audit(args) => audit(args, as_of_source, false),
        Command::Phones(args) => audit(&args.as_audit(), None, true),
        // The language was worked out above, from --lang or the locale.
        Command::Rules { .. } => rules(lang),
        Command::Sites {
            domains, format, ..
        } => sites(domains, lang, *format),
        Command::Render(args) => render_saved(args),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "kdbx-audit", &mut buf);
            let script = String::from_utf8_lossy(&buf);
            write_stdout(&completion_script(*shell, &script)).map(|_| exit::OK)
        }
        Command::Man { subcommand } => {
            let top = <Cli as clap::CommandFactory>::command();
            let cmd = match subcommand {
                None => top,
                Some(name) => {
                    let names: Vec<String> = top
                        .get_subcommands()
                        .map(|c| c.get_name().to_owned())
                        .collect();
                    let Some(sub) = top.find_subcommand(name).cloned() else {
                        return finish(Err(AppError::new(format!(
                            "no subcommand '{}'",
                            crate::sanitize::terminal(name)
                        ))
                        .with_hint(format!("one of: {}", names.join(", ")))));
                    };
                    let full = format!("kdbx-audit-{}", sub.get_name());
                    sub.name(full.clone()).bin_name(full)
                }
            };
            render_man(cmd, subcommand.is_none())
                .map_err(|e| AppError::new(format!("cannot render the manual page: {e}")))
                .and_then(|page| write_stdout(&page))
                .map(|_| exit::OK)
        }
        Command::BreachIndex(c) => breach_index(c),
    };
    finish(result)
}

/// A command line clap refused. In English, clap's own words; in Japanese
/// (`--lang ja` among the arguments, else the locale), the common mistakes
/// told in Japanese with the same facts. Exit status 2 either way; help and
/// version requests go to standard output with 0.
fn usage_error(e: clap::Error) -> ! {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let args: Vec<String> = std::env::args().collect();
    let ja_arg = args.windows(2).any(|w| w[0] == "--lang" && w[1] == "ja")
        || args.iter().any(|a| a == "--lang=ja");
    let en_arg = args.windows(2).any(|w| w[0] == "--lang" && w[1] == "en")
        || args.iter().any(|a| a == "--lang=en");
    let ja = ja_arg || (!en_arg && Lang::from_env() == Lang::Ja);
    let quiet_kind = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if !ja || quiet_kind {
        e.exit()
    }
    let ctx = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        _ => String::new(),
    };
    let m = &Lang::Ja.text().msg;
    let fill = crate::i18n::fill;
    let message = match e.kind() {
        ErrorKind::UnknownArgument => fill(
            m.usage_unknown_arg,
            &[("name", &ctx(ContextKind::InvalidArg))],
        ),
        ErrorKind::InvalidSubcommand => fill(
            m.usage_unknown_subcommand,
            &[("name", &ctx(ContextKind::InvalidSubcommand))],
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => fill(
            m.usage_bad_value,
            &[
                ("name", &ctx(ContextKind::InvalidArg)),
                ("value", &ctx(ContextKind::InvalidValue)),
                ("list", &ctx(ContextKind::ValidValue)),
            ],
        ),
        ErrorKind::MissingRequiredArgument => {
            fill(m.usage_missing, &[("name", &ctx(ContextKind::InvalidArg))])
        }
        ErrorKind::ArgumentConflict => fill(
            m.usage_conflict,
            &[
                ("name", &ctx(ContextKind::InvalidArg)),
                ("value", &ctx(ContextKind::PriorArg)),
            ],
        ),
        _ => e.kind().to_string(),
    };
    eprintln!(
        "kdbx-audit: {} {}",
        m.error_label,
        crate::sanitize::terminal(&message)
    );
    eprintln!("kdbx-audit: {} {}", m.hint_label, m.usage_hint);
    std::process::exit(i32::from(exit::ERROR))
}

/// A manual page: clap_mangen's sections, then EXIT STATUS, ENVIRONMENT and
/// EXAMPLES, then the version. The footer names the tool and its version
/// only (the long version, with the site data, overlapped the title).
fn render_man(cmd: clap::Command, main_page: bool) -> std::io::Result<String> {
    let has_options = cmd.get_arguments().any(|a| !a.is_hide_set());
    let has_subcommands = cmd.get_subcommands().next().is_some();
    let has_version = cmd.get_version().is_some();
    let man = clap_mangen::Man::new(cmd)
        .source(format!("kdbx-audit {}", env!("CARGO_PKG_VERSION")))
        .manual("kdbx-audit");
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    if has_options {
        man.render_options_section(&mut buf)?;
    }
    if has_subcommands {
        man.render_subcommands_section(&mut buf)?;
    }
    buf.extend_from_slice(MAN_EXIT_STATUS.as_bytes());
    buf.extend_from_slice(MAN_ENVIRONMENT.as_bytes());
    if main_page {
        buf.extend_from_slice(MAN_EXAMPLES.as_bytes());
    }
    if has_version {
        man.render_version_section(&mut buf)?;
    }
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

const MAN_EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
B0R
Every check ran and no finding is at or above B\-\-fail\-onR (default high).
.TP
B1R
A finding is at or above B\-\-fail\-onR (with B\-\-fail\-on\-newR: a finding new since B\-\-baselineR). Findings the policy file ignores never count.
.TP
B2R
An error (wrong key, unreadable or corrupt file, not a vault, bad policy or baseline), or an incomplete run: a check could not finish (for example breach lookups failed), so the report is not clean. B\-\-allow\-incompleteR exits by the findings instead.
"#;

const MAN_ENVIRONMENT: &str = r#".SH ENVIRONMENT
.TP
BKDBX_AUDIT_PASSWORDR
The master password, when no B\-\-password\-fileR or B\-\-password\-stdinR is given (then a prompt on a terminal).
.TP
BKDBX_AUDIT_CONFIGR
The policy file, as B\-\-configR.
.TP
BKDBX_AUDIT_HIBP_URLR
The base URL of the Pwned Passwords range API, as B\-\-hibp\-urlR.
.TP
BKDBX_AUDIT_AS_OFR
Judge ages and expiry as of this date, as B\-\-as\-ofR (a note on standard error says so).
.TP
BNO_COLORR
No colours in the text report.
.TP
BLC_ALLR, BLC_MESSAGESR, BLANGR
The report's language when neither B\-\-langR nor the policy file says: Japanese for ja*, English otherwise.
"#;

const MAN_EXAMPLES: &str = r#".SH EXAMPLES
.TP
Bkdbx\-audit audit vault.kdbxR
Audit a vault (the master password is asked for) and print the report.
.TP
Bkdbx\-audit audit vault.kdbx \-\-format html \-o report.htmlR
The same report as a page to open in a browser.
.TP
Bkdbx\-audit audit \-\-family family.toml \-\-privacy summaryR
A household's vaults in one run, counts only, to share with the family.
.TP
Bkdbx\-audit audit vault.kdbx \-\-format json \-o today.json \-\-baseline last.json \-\-fail\-on\-newR
A scheduled run that fails only on findings new since the last one.
.TP
Bkdbx\-audit sites amazon.co.jp rakuten.co.jpR
What the site data says of two shops, without a vault.
"#;

/// clap_complete's bash script names a subcommand's state in two ways for
/// a binary with a `-` in its name: `cmd="kdbx__audit__subcmd__audit"` when
/// it walks the words, `kdbx__subcmd__audit__subcmd__audit)` in the `case`
/// that completes, so no subcommand ever completed. One name for both.
fn completion_script(shell: clap_complete::Shell, script: &str) -> String {
    match shell {
        clap_complete::Shell::Bash => script.replace("kdbx__subcmd__audit", "kdbx__audit"),
        _ => script.to_owned(),
    }
}

fn finish(result: Result<u8, AppError>, lang: Lang) -> u8 {
    match result {
        Ok(code) => code,
        Err(e) => {
            // Messages quote paths and other text from the user or a file:
            // made safe for the terminal here, once, whatever built them.
            // The common failures are told in the language; the others
            // keep their English words under the translated labels.
            let m = &lang.text().msg;
            // English keeps the precise message; another language gets the
            // common reason in its words where there is one.
            let (message, hint) = match (&e.why, lang) {
                (Some(why), Lang::Ja) => (why.text(lang.text()), why.hint(lang.text()).or(e.hint)),
                _ => (e.message, e.hint),
            };
            // One line per line of the message (a policy file's problems),
            // each made safe: the line breaks are the message's own.
            let mut lines = message.split('\n');
            eprintln!(
                "kdbx-audit: {} {}",
                m.error_label,
                crate::sanitize::terminal(lines.next().unwrap_or(""))
            );
            for line in lines {
                eprintln!("{}", crate::sanitize::terminal(line));
            }
            if let Some(h) = hint {
                eprintln!(
                    "kdbx-audit: {} {}",
                    m.hint_label,
                    crate::sanitize::terminal(&h)
                );
            }
            exit::ERROR
        }
    }
}
