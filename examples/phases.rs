//! Time the phases of one audit (unlock, each password check, render) on a
//! vault, for docs/performance.md. Not part of the tool.
//!
//! cargo run --release --example phases -- VAULT PASSWORD_FILE [POLICY_FILE]

use std::time::Instant;

use kdbx_audit::checks::{Ctx, Options, duplicate, reused, weak};
use kdbx_audit::{audit, render, report, secret::Secret, unlock};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (vault, pwfile, policy) = match args.as_slice() {
        [_, v, p] => (v, p, kdbx_audit::config::policy::Policy::default()),
        [_, v, p, c] => (
            v,
            p,
            kdbx_audit::config::policy::load(&kdbx_audit::config::policy::Choice::Path(c.into()))
                .unwrap_or_else(|e| panic!("{}", e.message)),
        ),
        _ => {
            eprintln!("usage: phases VAULT PASSWORD_FILE [POLICY_FILE]");
            std::process::exit(2);
        }
    };
    let text = std::fs::read_to_string(pwfile).expect("password file");
    let creds = unlock::Credentials {
        password: Some(Secret::from_str_copy(text.lines().next().unwrap_or(""))),
        keyfile: None,
    };
    let t = Instant::now();
    let v = unlock::open(std::path::Path::new(vault), &creds).expect("unlock");
    println!(
        "unlock + normalise: {:?} ({} entries)",
        t.elapsed(),
        v.entries.len()
    );
    let opts = Options {
        min_score: 3,
        breach: std::sync::Arc::new(kdbx_audit::lookups::Source::Off),
        progress: false,
        now: chrono::Utc::now(),
        policy: std::sync::Arc::new(policy),
        lang: kdbx_audit::i18n::Lang::En,
        weak_budget: std::time::Duration::from_secs(30),
    };
    let vaults = [v];
    let t = Instant::now();
    let ctx = Ctx::new(&vaults, &opts);
    println!(
        "password index, zxcvbn scores and similar-password clusters (Ctx::new): {:?} ({} distinct)",
        t.elapsed(),
        ctx.passwords.groups.len()
    );
    let t = Instant::now();
    let _ = weak::run(&ctx);
    println!("password/weak (reads the scores): {:?}", t.elapsed());
    let t = Instant::now();
    let _ = reused::run(&ctx);
    let _ = duplicate::run(&ctx);
    println!("password/reused + account/duplicate: {:?}", t.elapsed());
    let t = Instant::now();
    let sites = kdbx_audit::sites::Directory::builtin().categories().len();
    println!(
        "site data (2fa.directory and passkeys.directory JSON + our list, parsed once): {:?} ({sites} categories)",
        t.elapsed()
    );
    let t = Instant::now();
    let a = kdbx_audit::checks::account::run(&ctx);
    println!(
        "account rules (no-2fa, no-phone, passkey-available, sms-only-2fa): {:?} ({} accounts)",
        t.elapsed(),
        a.accounts.len()
    );
    let t = Instant::now();
    let passwords: Vec<&str> = ctx.passwords.groups.iter().map(|(pw, _)| *pw).collect();
    let clusters = kdbx_audit::checks::history::similar_clusters(&passwords);
    println!(
        "password/similar clustering: {:?} ({} clusters of {} passwords)",
        t.elapsed(),
        clusters.len(),
        clusters.iter().map(Vec::len).sum::<usize>()
    );
    let t = Instant::now();
    let h = kdbx_audit::checks::history::run(&ctx);
    println!(
        "history check (stale, similar, reused-old, history-secrets): {:?} ({} findings, {} old passwords)",
        t.elapsed(),
        h.findings.len(),
        ctx.old_passwords.len()
    );
    let t = Instant::now();
    let vf = kdbx_audit::checks::vault::run(&ctx);
    println!(
        "vault check (kdf, format, master password, master key age): {:?} ({} findings)",
        t.elapsed(),
        vf.findings.len()
    );
    let t = Instant::now();
    let settings = report::Settings {
        min_score: 3,
        fail_on: kdbx_audit::rules::FailOn::Never,
        breach: "off".into(),
        allow_incomplete: false,
        lang: "en".into(),
        config: None,
        baseline: None,
        fail_on_new: false,
        family: None,
        privacy: report::Privacy::Full,
        as_of: None,
        as_of_source: None,
    };
    let r = audit::build_report(&vaults, &opts, settings.clone(), false);
    println!(
        "all checks + report: {:?} ({} findings)",
        t.elapsed(),
        r.findings.len()
    );
    let t = Instant::now();
    let _ = audit::build_report(&vaults, &opts, settings, true);
    println!(
        "all checks + report, with the other language's texts: {:?}",
        t.elapsed()
    );
    let ropts = render::Options::default();
    for (name, format) in [
        ("JSON", render::Format::Json),
        ("text", render::Format::Text),
        ("Markdown", render::Format::Markdown),
        ("HTML", render::Format::Html),
    ] {
        let t = Instant::now();
        let s = render::render(&r, format, &ropts);
        println!("render {name}: {:?} ({} bytes)", t.elapsed(), s.len());
    }
    let t = Instant::now();
    let items = kdbx_audit::report::plan::build(&r);
    println!("action plan: {:?} ({} items)", t.elapsed(), items.len());
}
