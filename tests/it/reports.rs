//! Reports people read and jobs consume: the four formats in both
//! languages, the score, the action plan, baselines, ignores, and the
//! `rules`, `completions` and `man` commands. Real vaults written by
//! keepassxc-cli (tests/fixtures).

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::*;

fn pwned_sample() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/pwned-sample.txt")
        .display()
        .to_string()
}

/// `audit audit.kdbx` with the offline breach sample, so every rule fires.
fn audit(extra: &[&str]) -> std::process::Output {
    let v = find("audit.kdbx");
    run(audit_cmd(&v)
        .args(["--breach", &pwned_sample(), "--color", "never"])
        .args(extra))
}

fn keys(v: &serde_json::Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                // The other language's texts are keyed by its code.
                let k = if prefix.ends_with("/translations") {
                    "*"
                } else {
                    k.as_str()
                };
                let p = format!("{prefix}/{k}");
                out.insert(p.clone());
                keys(v, &p, out);
            }
        }
        serde_json::Value::Array(a) => {
            for v in a {
                keys(v, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_format_in_both_languages_opens_with_score_and_plan() {
    let en = json(&audit(&["--format", "json", "--lang", "en"]));
    let ja = json(&audit(&["--format", "json", "--lang", "ja"]));
    // Rule ids, JSON keys and exit codes never change with the language.
    let (mut ke, mut kj) = (BTreeSet::new(), BTreeSet::new());
    keys(&en, "", &mut ke);
    keys(&ja, "", &mut kj);
    assert_eq!(ke, kj);
    let rules = |r: &serde_json::Value| -> Vec<String> {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(rules(&en), rules(&ja));
    assert_ne!(
        en["findings"][0]["message"], ja["findings"][0]["message"],
        "messages follow the language"
    );
    let score = en["summary"]["score"].as_u64().unwrap();
    assert_eq!(score, ja["summary"]["score"].as_u64().unwrap());

    // The score is the documented formula of the counts.
    let s = &en["summary"];
    let n = s["entries_audited"].as_u64().unwrap();
    let p = 10 * s["critical"].as_u64().unwrap()
        + 5 * s["high"].as_u64().unwrap()
        + 2 * s["medium"].as_u64().unwrap()
        + s["low"].as_u64().unwrap();
    let want = (100.0 * n as f64 / (n + p) as f64).round() as u64;
    assert_eq!(score, want, "score of N={n}, P={p}");
    assert!(score < 100 && p > 0);
    assert_eq!(en["vaults"][0]["summary"]["score"].as_u64(), Some(score));

    for (lang, plan, score_word, details_word) in [
        ("en", "What to do first", "Hygiene score", "Details by rule"),
        ("ja", "まずやること", "安全度スコア", "ルール別の詳細"),
    ] {
        for format in ["text", "markdown", "html"] {
            let out = audit(&["--format", format, "--lang", lang]);
            assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
            let body = stdout(&out);
            let at_score = body
                .find(score_word)
                .unwrap_or_else(|| panic!("{lang} {format}: no score\n{body}"));
            let at_plan = body
                .find(plan)
                .unwrap_or_else(|| panic!("{lang} {format}: no plan\n{body}"));
            let at_details = body.find(details_word).unwrap();
            assert!(body[at_details..].contains("password/weak"));
            assert!(
                at_score < at_plan && at_plan < at_details,
                "{lang} {format}: score, then plan, then details"
            );
            assert!(body.contains(&format!("{score}/100")) || body.contains(&format!(">{score}<")));
            // The plan names Rakuten once, with every action for it (by
            // its Japanese name in Japanese).
            let plan_part = &body[at_plan..at_details];
            let rakuten = if lang == "ja" {
                "楽天市場"
            } else {
                "Rakuten"
            };
            assert_eq!(
                plan_part.matches(rakuten).count(),
                1,
                "{lang} {format}:\n{plan_part}"
            );
        }
    }
}

#[test]
fn plan_groups_each_accounts_findings_into_one_line() {
    let text = stdout(&audit(&["--lang", "en"]));
    let plan_start = text.find("What to do first").unwrap();
    let plan_end = text.find("Details by rule").unwrap();
    let plan = &text[plan_start..plan_end];
    let rakuten = plan
        .lines()
        .skip_while(|l| !l.contains("Rakuten"))
        .nth(1)
        .unwrap_or_else(|| panic!("{plan}"));
    assert!(rakuten.contains("change the password ("), "{rakuten}");
    assert!(rakuten.contains("found in breaches"), "{rakuten}");
    assert!(rakuten.contains("easy to guess"), "{rakuten}");
    assert!(rakuten.contains("turn on 2FA"), "{rakuten}");
    assert!(rakuten.contains("note the phone number"), "{rakuten}");
    // Reuse names the other accounts.
    assert!(
        plan.contains("same password as"),
        "reuse names the other entries:\n{plan}"
    );
    // Highest severity first.
    let first = plan.lines().nth(1).unwrap();
    assert!(first.contains("CRITICAL"), "{plan}");
    let ja = stdout(&audit(&["--lang", "ja"]));
    assert!(
        ja.contains("パスワードを変えてください（漏えいしたパスワードの一覧に載っているため"),
        "{ja}"
    );
    assert!(ja.contains("2段階認証をオンにしてください。"));
}

fn fingerprints(r: &serde_json::Value, key: &str) -> BTreeSet<(String, String)> {
    r[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["fingerprint"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn baseline_marks_new_known_and_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.json");
    let out = audit(&["--format", "json", "-o", first.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let r1: serde_json::Value = serde_json::from_slice(&std::fs::read(&first).unwrap()).unwrap();
    assert!(r1["baseline"].is_null());
    assert!(r1["findings"][0].get("baseline").is_none());

    // Same vault again: nothing new, nothing resolved.
    let r2 = json(&audit(&[
        "--format",
        "json",
        "--baseline",
        first.to_str().unwrap(),
    ]));
    assert_eq!(r2["baseline"]["new"], 0);
    assert_eq!(r2["baseline"]["resolved"], 0);
    assert_eq!(
        r2["baseline"]["known"].as_u64().unwrap() as usize,
        r2["findings"].as_array().unwrap().len()
    );
    assert!(
        r2["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["baseline"] == "known")
    );
    assert_eq!(fingerprints(&r1, "findings"), fingerprints(&r2, "findings"));
    assert_eq!(r2["resolved"].as_array().unwrap().len(), 0);
    // --fail-on-new: the known findings no longer fail the run.
    let out = audit(&["--baseline", first.to_str().unwrap(), "--fail-on-new"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("0 new"), "{}", stdout(&out));

    // One password changed (Rakuten's, in a copy written by keepassxc-cli).
    let changed = find("audit-changed.kdbx");
    let rakuten = r1["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["entries"].as_array().unwrap())
        .find(|e| e["title"] == "Rakuten")
        .unwrap()["uuid"]
        .as_str()
        .unwrap()
        .to_owned();
    let r3 = json(&run(audit_cmd(&changed).args([
        "--breach",
        &pwned_sample(),
        "--format",
        "json",
        "--baseline",
        first.to_str().unwrap(),
    ])));
    // Exactly the password findings of the changed entry are resolved.
    let want_resolved: BTreeSet<(String, String)> = r1["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["rule"].as_str().unwrap().starts_with("password/")
                && f["entries"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|e| e["uuid"] == rakuten)
        })
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["fingerprint"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        want_resolved.len() >= 2,
        "weak and breached: {want_resolved:?}"
    );
    assert_eq!(fingerprints(&r3, "resolved"), want_resolved);
    assert_eq!(r3["baseline"]["new"], 0);
    assert_eq!(
        r3["baseline"]["resolved"].as_u64().unwrap() as usize,
        want_resolved.len()
    );
    let remaining: BTreeSet<_> = fingerprints(&r1, "findings")
        .difference(&want_resolved)
        .cloned()
        .collect();
    assert_eq!(fingerprints(&r3, "findings"), remaining);

    // The other way round: the changed vault as baseline, the original now:
    // the same findings come back as new, and --fail-on-new fails on them.
    let second = dir.path().join("changed.json");
    std::fs::write(&second, serde_json::to_vec(&r3).unwrap()).unwrap();
    let r4 = json(&audit(&[
        "--format",
        "json",
        "--baseline",
        second.to_str().unwrap(),
    ]));
    let new: BTreeSet<(String, String)> = r4["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["baseline"] == "new")
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["fingerprint"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(new, want_resolved);
    let out = audit(&["--baseline", second.to_str().unwrap(), "--fail-on-new"]);
    assert_eq!(out.status.code(), Some(1), "a new critical finding fails");
    let out = audit(&[
        "--baseline",
        second.to_str().unwrap(),
        "--fail-on-new",
        "--fail-on",
        "never",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&audit(&["--baseline", second.to_str().unwrap()]));
    assert!(text.contains("NEW"), "{text}");
}

#[test]
fn bad_baselines_exit_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let good = json(&audit(&["--format", "json"]));
    // A schema this version does not know (a newer kdbx-audit's).
    let mut v3 = good.clone();
    v3["schema_version"] = serde_json::json!(3);
    let mut other_tool = good.clone();
    other_tool["tool"]["name"] = serde_json::json!("something-else");
    let mut damaged = good.clone();
    damaged["findings"][0]["severity"] = serde_json::json!("catastrophic");
    let full = serde_json::to_string(&good).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("garbage", b"not json at all".to_vec(), "is not valid JSON"),
        (
            "truncated",
            full.as_bytes()[..full.len() / 2].to_vec(),
            "is not valid JSON",
        ),
        (
            "v3",
            serde_json::to_vec(&v3).unwrap(),
            "has schema_version 3",
        ),
        ("array", b"[1,2,3]".to_vec(), "has no schema_version"),
        (
            "other",
            serde_json::to_vec(&other_tool).unwrap(),
            "not written by kdbx-audit",
        ),
        (
            "damaged",
            serde_json::to_vec(&damaged).unwrap(),
            "damaged kdbx-audit report",
        ),
    ];
    for (name, bytes, want) in cases {
        let p = dir.path().join(format!("{name}.json"));
        std::fs::write(&p, bytes).unwrap();
        let out = audit(&["--baseline", p.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = stderr(&out);
        assert!(err.contains(want), "{name}: {err}");
        assert!(err.contains("hint:"), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(out.stdout.is_empty(), "{name}: no report on a bad baseline");
    }
    let out = audit(&["--baseline", "/nonexistent/previous.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read the baseline"));
    let out = audit(&["--fail-on-new"]);
    assert_eq!(out.status.code(), Some(2), "--fail-on-new needs --baseline");
}

#[test]
fn ignores_are_counted_listed_and_lapse() {
    let dir = tempfile::tempdir().unwrap();
    let base = json(&audit(&["--format", "json"]));
    let rakuten_weak = base["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "password/weak" && f["entries"][0]["title"] == "Rakuten")
        .unwrap()
        .clone();
    let uuid = rakuten_weak["entries"][0]["uuid"].as_str().unwrap();
    let vault = base["vaults"][0]["name"].as_str().unwrap();
    let total = base["summary"]["total"].as_u64().unwrap();
    let insecure_in_web = base["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "entry/insecure-url" && f["entries"][0]["group"] == "Web")
        .count() as u64;
    assert!(insecure_in_web >= 1);
    let policy = dir.path().join("policy.toml");
    std::fs::write(
        &policy,
        format!(
            r#"
[[ignore]]
rule = "password/weak"
entry = "{uuid}"
reason = "shared family login, changing it this weekend"
until = "2999-12-31"

[[ignore]]
rule = "entry/insecure-url"
group = "Web"
reason = "legacy intranet"

[[ignore]]
rule = "password/empty"
group = "Nowhere / Such"
reason = "matches nothing"

[[ignore]]
rule = "password/reused"
group = "Shopping"
reason = "lapsed"
until = "2020-01-01"

[[ignore]]
rule = "vault/weak-kdf"
vault = "{vault}"
reason = "keepassxc-cli wrote it; moving to Argon2id next month"

[[ignore]]
rule = "vault/legacy-format"
vault = "Somebody else"
reason = "not this vault"
"#
        ),
    )
    .unwrap();
    let p = policy.to_str().unwrap();
    let r = json(&audit(&["--format", "json", "--config", p]));
    let ignored = r["ignored"].as_array().unwrap();
    // The weak password, the insecure URLs, and the vault's weak KDF.
    assert_eq!(ignored.len() as u64, 2 + insecure_in_web);
    assert_eq!(
        r["summary"]["ignored"].as_u64().unwrap(),
        2 + insecure_in_web
    );
    assert_eq!(
        r["summary"]["total"].as_u64().unwrap(),
        total - 2 - insecure_in_web
    );
    let kdf = ignored
        .iter()
        .find(|f| f["rule"] == "vault/weak-kdf")
        .unwrap();
    assert_eq!(kdf["ignore"]["index"], 5);
    assert!(r["summary"]["score"].as_u64() > base["summary"]["score"].as_u64());
    let weak = ignored
        .iter()
        .find(|f| f["rule"] == "password/weak")
        .unwrap();
    assert_eq!(weak["ignore"]["index"], 1);
    assert_eq!(weak["ignore"]["until"], "2999-12-31");
    assert_eq!(weak["fingerprint"], rakuten_weak["fingerprint"]);
    assert!(
        !r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["fingerprint"] == rakuten_weak["fingerprint"])
    );
    let warnings = r["warnings"].to_string();
    // An unused ignore names what it was matched against.
    assert!(
        warnings.contains(
            "#3 (password/empty, group \\\"nowhere / such\\\") matched no finding: the rule's findings (1) are on other entries or vaults"
        ),
        "{warnings}"
    );
    assert!(
        warnings.contains("#6 (vault/legacy-format, vault \\\"somebody else\\\") matched no finding: the rule found nothing in this run"),
        "{warnings}"
    );
    assert!(
        warnings.contains("#4 (password/reused) lapsed after 2020-01-01"),
        "{warnings}"
    );
    // The lapsed ignore covers nothing: reuse is still reported.
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "password/reused")
    );

    // Human formats count them and list them only with --show-ignored.
    let text = stdout(&audit(&["--config", p]));
    assert!(
        text.contains("findings are ignored by the policy file"),
        "{text}"
    );
    assert!(!text.contains("shared family login"));
    let shown = stdout(&audit(&["--config", p, "--show-ignored"]));
    assert!(shown.contains("Ignored by the policy file ("), "{shown}");
    assert!(shown.contains("shared family login, changing it this weekend"));
    assert!(shown.contains("until 2999-12-31"));
    for format in ["markdown", "html"] {
        let body = stdout(&audit(&[
            "--config",
            p,
            "--show-ignored",
            "--format",
            format,
        ]));
        assert!(body.contains("shared family login"), "{format}");
    }
    // An ignored finding does not fail the run.
    let only_weak = dir.path().join("weak.toml");
    std::fs::write(
        &only_weak,
        format!("[[ignore]]\nrule = \"password/weak\"\nentry = \"{uuid}\"\nreason = \"x\"\n"),
    )
    .unwrap();
    let out = audit(&["--config", only_weak.to_str().unwrap(), "--fail-on", "info"]);
    assert_eq!(out.status.code(), Some(1), "other findings remain");

    // A bad ignore is a policy error: exit 2, every problem at once.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[[ignore]]\nrule = \"password/weak\"\n").unwrap();
    let out = audit(&["--config", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("2 problems"), "{err}");
    assert!(err.contains("reason is required"));
}

#[test]
fn markdown_and_html_escape_vault_text() {
    let md = stdout(&audit(&["--format", "markdown"]));
    assert!(!md.contains('\u{202e}') && !md.contains('\u{9b}'));
    assert!(
        md.contains("\\\\u\\{202e\\}evil title") || md.contains("\\\\u{202e}evil title"),
        "{md}"
    );
    // Every table row has the same number of unescaped pipes as its header.
    for table in md.split("\n\n").filter(|b| b.starts_with('|')) {
        let cols = |l: &str| l.replace("\\|", "").matches('|').count();
        let mut lines = table.lines();
        let head = cols(lines.next().unwrap());
        for l in lines {
            assert_eq!(cols(l), head, "row breaks its table: {l}");
        }
    }
    let html = stdout(&audit(&["--format", "html"]));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains('\u{202e}'));
    assert!(!html.contains("<script"), "no script at all");
    assert!(html.contains("Content-Security-Policy"));
    for attr in ["src=", "href=", "@import", "url("] {
        assert!(!html.contains(attr), "self-contained: {attr}");
    }
    assert!(html.contains("<svg"), "inline charts");
}

#[test]
fn rules_completions_and_man_page() {
    let out = run(cmd().args(["rules", "--lang", "en"]));
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("account/no-2fa"));
    // In Japanese: each rule's title, nothing in English but the ids.
    let ja = stdout(&run(cmd().args(["rules", "--lang", "ja"])));
    assert!(
        ja.contains("account/no-2fa") && ja.contains("2段階認証の記録なし"),
        "{ja}"
    );
    for line in ja.lines() {
        let (_, rest) = line.split_once(' ').unwrap();
        let rest = rest.replace("http://", "");
        assert!(!rest.chars().any(|c| c.is_ascii_lowercase()), "{line}");
    }
    // docs/rules.md shows exactly this list.
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md"))
        .unwrap();
    assert!(
        doc.contains(&format!("```text\n{}```", stdout(&out))),
        "docs/rules.md's rule list differs from `kdbx-audit rules`"
    );
    for shell in ["bash", "zsh", "fish"] {
        let out = run(cmd().args(["completions", shell]));
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let s = stdout(&out);
        assert!(s.contains("kdbx-audit"), "{shell}");
        assert!(
            s.contains("baseline"),
            "{shell}: audit's options are completed"
        );
    }
    let out = run(cmd().args(["completions", "tcsh"]));
    assert_eq!(out.status.code(), Some(2));
    let man = stdout(&run(cmd().arg("man")));
    assert!(man.starts_with(".ie") || man.contains(".TH"), "{man}");
    assert!(man.contains("kdbx\\-audit"));
    for section in [
        "EXIT STATUS",
        "ENVIRONMENT",
        "EXAMPLES",
        "KDBX_AUDIT_PASSWORD",
        "NO_COLOR",
    ] {
        assert!(man.contains(section), "{section}");
    }
    // The footer is the tool and its version, not the long version string.
    let th = man.lines().find(|l| l.starts_with(".TH")).unwrap();
    assert!(
        th.contains("kdbx-audit 0.1.0") || th.contains("kdbx\\-audit 0.1.0"),
        "{th}"
    );
    assert!(!th.contains("site data"), "{th}");
    let audit_man = stdout(&run(cmd().args(["man", "audit"])));
    assert!(audit_man.contains("baseline"), "{audit_man}");
    assert!(audit_man.contains("EXIT STATUS"));
    // Every page renders, the subcommands' (which have no version) too.
    for sub in [
        "rules",
        "sites",
        "render",
        "completions",
        "man",
        "breach-index",
    ] {
        let out = run(cmd().args(["man", sub]));
        assert_eq!(out.status.code(), Some(0), "{sub}: {}", stderr(&out));
        assert!(stdout(&out).contains("EXIT STATUS"), "{sub}");
    }
    assert!(audit_man.contains("fail\\-on\\-new"));
    let out = run(cmd().args(["man", "nope"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no subcommand 'nope'"));
}

/// What bash completes after `words` (the last one being completed), with
/// the script `kdbx-audit completions bash` prints loaded as bash loads it.
fn bash_completes(words: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("kdbx-audit.bash");
    std::fs::write(&script, run(cmd().args(["completions", "bash"])).stdout).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let line = words.join(" ");
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{line}'\nCOMP_POINT=${{#COMP_LINE}}\n\
         fn=$(complete -p kdbx-audit | sed -E 's/.* -F ([^ ]+) .*/\\1/')\n\
         \"$fn\" kdbx-audit '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len().saturating_sub(2)],
    );
    shell_says("bash", &program)
}

/// What a shell prints for `program` (`-c`), a word a line (before a tab:
/// fish adds the description after one).
fn shell_says(shell: &str, program: &str) -> Vec<String> {
    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(shell)
        .arg("-c")
        .arg(program)
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{shell}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn bash_completes_subcommands_and_their_options() {
    assert!(bash_completes(&["kdbx-audit", "au"]).contains(&"audit".to_owned()));
    let audit = bash_completes(&["kdbx-audit", "audit", "--fo"]);
    assert!(audit.contains(&"--format".to_owned()), "{audit:?}");
    let sites = bash_completes(&["kdbx-audit", "sites", "--la"]);
    assert_eq!(sites, vec!["--lang".to_owned()]);
    let format = bash_completes(&["kdbx-audit", "audit", "--format", "ma"]);
    assert_eq!(format, vec!["markdown".to_owned()]);
    let index = bash_completes(&["kdbx-audit", "breach-index", "b"]);
    assert_eq!(index, vec!["build".to_owned()]);
}

/// fish completes from the script `kdbx-audit completions fish` prints
/// (`complete -C` asks fish what it would offer). `.ci/run` installs fish
/// and sets KDBX_AUDIT_REQUIRE_FISH; elsewhere a missing fish skips.
#[test]
fn fish_completes_subcommands_and_their_options() {
    let found = std::process::Command::new("fish")
        .arg("--version")
        .output()
        .is_ok();
    if !found {
        assert!(
            std::env::var_os("KDBX_AUDIT_REQUIRE_FISH").is_none(),
            "fish is required (KDBX_AUDIT_REQUIRE_FISH) but not found: apt-get install fish"
        );
        eprintln!("SKIPPED: fish not found (apt-get install fish)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("kdbx-audit.fish");
    std::fs::write(&script, run(cmd().args(["completions", "fish"])).stdout).unwrap();
    let complete = |line: &str| {
        shell_says(
            "fish",
            &format!("source '{}'; complete -C '{line}'", script.display()),
        )
    };
    assert!(complete("kdbx-audit si").contains(&"sites".to_owned()));
    assert!(complete("kdbx-audit audit --fo").contains(&"--format".to_owned()));
    assert_eq!(
        complete("kdbx-audit audit --format ma"),
        vec!["markdown".to_owned()]
    );
    assert!(complete("kdbx-audit rules --la").contains(&"--lang".to_owned()));
}

/// zsh completes from the script `kdbx-audit completions zsh` prints, loaded
/// after compinit, with TAB pressed in an interactive zsh on a
/// pseudo-terminal (`tests/data/zsh-complete.zsh`). `.ci/run` installs zsh
/// and sets KDBX_AUDIT_REQUIRE_ZSH; elsewhere a missing zsh skips.
#[test]
fn zsh_completes_subcommands_and_their_options() {
    let found = std::process::Command::new("zsh")
        .arg("--version")
        .output()
        .is_ok();
    if !found {
        assert!(
            std::env::var_os("KDBX_AUDIT_REQUIRE_ZSH").is_none(),
            "zsh is required (KDBX_AUDIT_REQUIRE_ZSH) but not found: apt-get install zsh"
        );
        eprintln!("SKIPPED: zsh not found (apt-get install zsh)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("_kdbx-audit");
    std::fs::write(&script, run(cmd().args(["completions", "zsh"])).stdout).unwrap();
    let driver =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/zsh-complete.zsh");
    let complete = |line: &str| -> Vec<String> {
        let out = std::process::Command::new("zsh")
            .arg("-f")
            .arg(&driver)
            .arg(&script)
            .arg(line)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut words: Vec<String> = text
            .split("MATCH:")
            .skip(1)
            .map(|w| {
                w.chars()
                    .take_while(|c| !c.is_whitespace() && !c.is_control())
                    .collect()
            })
            .collect();
        words.sort();
        words.dedup();
        words
    };
    // Each completion waits for zsh to go quiet: all five side by side.
    let lines = [
        "kdbx-audit au",
        "kdbx-audit audit --fo",
        "kdbx-audit audit --format ",
        "kdbx-audit rules --la",
        "kdbx-audit render --lang ",
    ];
    let got: Vec<Vec<String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = lines.iter().map(|l| scope.spawn(|| complete(l))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(got[0], ["audit"]);
    assert!(got[1].contains(&"--format".to_owned()), "{:?}", got[1]);
    assert_eq!(got[2], ["html", "json", "markdown", "text"]);
    assert!(got[3].contains(&"--lang".to_owned()), "{:?}", got[3]);
    assert_eq!(got[4], ["en", "ja"]);
}

/// `--timings`: every phase in the JSON report (milliseconds), one line on
/// standard error; without it, no `timings` at all.
#[test]
fn timings_say_where_the_time_went() {
    let out = audit(&["--format", "json", "--timings"]);
    let r = json(&out);
    let t = &r["timings"];
    let vault = r["vaults"][0]["name"].as_str().unwrap();
    assert!(t["unlock_ms"][vault].as_u64().unwrap() > 0, "{t}");
    for k in [
        "index_ms",
        "lookups_ms",
        "sites_ms",
        "scoring_ms",
        "strength_ms",
        "similar_ms",
        "translations_ms",
        "render_ms",
        "total_ms",
    ] {
        assert!(t[k].is_u64(), "{k}: {t}");
    }
    let checks: Vec<&String> = t["checks_ms"].as_object().unwrap().keys().collect();
    assert_eq!(checks.len(), 11, "{checks:?}");
    assert!(t["total_ms"].as_u64() >= t["unlock_ms"][vault].as_u64());
    let line = stderr(&out);
    assert!(line.contains("kdbx-audit: timings (ms): unlock "), "{line}");
    assert!(line.contains(", total "), "{line}");
    // Text output: the line only.
    let out = audit(&["--timings"]);
    assert!(stderr(&out).contains("timings (ms)"));
    assert!(!stdout(&out).contains("timings"));
    assert!(json(&audit(&["--format", "json"])).get("timings").is_none());
}

#[test]
fn quiet_silences_warnings_but_not_errors() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.toml");
    std::fs::write(
        &policy,
        "[[ignore]]\nrule = \"password/empty\"\ngroup = \"Nowhere\"\nreason = \"x\"\n",
    )
    .unwrap();
    let p = policy.to_str().unwrap();
    let loud = audit(&["--config", p]);
    assert!(stderr(&loud).contains("matched no finding"));
    let quiet = audit(&["--config", p, "--quiet"]);
    assert_eq!(stderr(&quiet), "");
    assert_eq!(quiet.status.code(), loud.status.code());
    let err = audit(&["--quiet", "--baseline", "/nonexistent.json"]);
    assert!(stderr(&err).contains("error:"));
}

#[test]
fn render_turns_a_saved_report_into_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("r.json");
    let out = audit(&[
        "--format",
        "json",
        "--lang",
        "ja",
        "-o",
        saved.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let s = saved.to_str().unwrap();
    // JSON back to JSON is the same bytes.
    let again = run(cmd().args(["render", s, "--format", "json"]));
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(again.stdout, std::fs::read(&saved).unwrap());
    // The report's own language is kept; exit 0 whatever it found.
    let html = dir.path().join("r.html");
    let out = run(cmd().args([
        "render",
        s,
        "--format",
        "html",
        "-o",
        html.to_str().unwrap(),
    ]));
    assert_eq!(out.status.code(), Some(0));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("まずやること") && page.contains("lang=\"ja\""));
    let text = stdout(&run(cmd().args(["render", s, "--color", "never"])));
    assert!(text.contains("安全度スコア"));
    // Not a report: exit 2, clear message, nothing written.
    std::fs::write(dir.path().join("bad.json"), "{\"schema_version\": 9}").unwrap();
    let out = run(cmd().args(["render", dir.path().join("bad.json").to_str().unwrap()]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("the report"), "{}", stderr(&out));
    assert!(stderr(&out).contains("schema_version 9"));
    assert!(out.stdout.is_empty());
}

/// The text with the number before every ` ms` taken out.
fn without_ms(s: &str) -> String {
    s.split(" ms")
        .map(|part| part.trim_end_matches(|c: char| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(" ms")
}

/// `render --lang` prints a report in the other language exactly as an
/// audit in that language would have, warnings included; a report without
/// translations keeps its sentences and says how many.
#[test]
fn render_prints_a_report_in_the_other_language() {
    let dir = tempfile::tempdir().unwrap();
    // An ignore that matches nothing gives the report a warning to translate.
    let policy = dir.path().join("policy.toml");
    std::fs::write(
        &policy,
        "[[ignore]]\nrule = \"password/weak\"\ngroup = \"Nowhere\"\nreason = \"test\"\n",
    )
    .unwrap();
    let p = policy.to_str().unwrap();
    for (from, to) in [("ja", "en"), ("en", "ja")] {
        let saved = dir.path().join(format!("{from}.json"));
        let out = audit(&[
            "--format",
            "json",
            "--lang",
            from,
            "--config",
            p,
            "-o",
            saved.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        for format in ["text", "markdown", "html"] {
            let direct = audit(&["--format", format, "--lang", to, "--config", p]);
            let rendered = run(cmd().args([
                "render",
                saved.to_str().unwrap(),
                "--lang",
                to,
                "--format",
                format,
                "--color",
                "never",
            ]));
            assert_eq!(rendered.status.code(), Some(0), "{}", stderr(&rendered));
            assert!(stderr(&rendered).is_empty(), "{}", stderr(&rendered));
            assert!(stdout(&direct).contains(if to == "ja" {
                "一致する指摘がありません"
            } else {
                "matched no finding"
            }));
            // The vault's key derivation time is measured each run.
            assert_eq!(
                without_ms(&stdout(&rendered)),
                without_ms(&stdout(&direct)),
                "{from} report rendered in {to} as {format}"
            );
        }
    }
    // A report without translations (an older version's): rendered in the
    // other language with its sentences as written, and a note.
    let mut r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("ja.json")).unwrap()).unwrap();
    let findings = r["findings"].as_array().unwrap().len();
    for f in r["findings"].as_array_mut().unwrap() {
        f.as_object_mut().unwrap().remove("translations");
    }
    let old = dir.path().join("old.json");
    std::fs::write(&old, serde_json::to_vec(&r).unwrap()).unwrap();
    let out = run(cmd().args(["render", old.to_str().unwrap(), "--lang", "en"]));
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains(&format!(
            "{findings} texts of this report have no English version"
        )),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("Hygiene score") || stdout(&out).contains("score"));
}

#[test]
fn baseline_of_other_vaults_warns() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("shopping.json");
    let shop = find("shopping.kdbx");
    let out = run(audit_cmd(&shop).args(["--format", "json", "-o", other.to_str().unwrap()]));
    assert!(out.status.code() != Some(2), "{}", stderr(&out));
    let r = json(&audit(&[
        "--format",
        "json",
        "--baseline",
        other.to_str().unwrap(),
    ]));
    let warnings = r["warnings"].to_string();
    assert!(
        warnings.contains("the baseline is a report of other vaults"),
        "{warnings}"
    );
    assert_eq!(r["baseline"]["known"], 0);
}

#[test]
fn render_escapes_everything_in_a_hostile_saved_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = json(&audit(&["--format", "json", "--lang", "en"]));
    let esc = "\u{1b}]0;pwned\u{7}\u{1b}[2J";
    let md = "x`\n\n<img src=x onerror=alert(1)>\n| a | b |";
    r["tool"]["version"] = serde_json::json!(esc);
    r["generated_at"] = serde_json::json!(format!("{esc}{{new}}"));
    r["checks"][0]["id"] = serde_json::json!(format!("{esc}{md}"));
    r["checks"][0]["rules"][0] = serde_json::json!(md);
    r["vaults"][0]["kdf"] = serde_json::json!(format!("{esc}<b>kdf</b>"));
    r["findings"][0]["rule"] = serde_json::json!(format!("{esc}{md}"));
    r["findings"][0]["entries"][0]["uuid"] = serde_json::json!("ああああああああああ");
    r["findings"][0]["entries"][0]["title"] = serde_json::json!("");
    r["accounts"][0]["two_factor"] =
        serde_json::json!({"state": "on", "method": esc, "sign": null});
    // Counts that contradict the findings, and would overflow if trusted.
    r["summary"]["critical"] = serde_json::json!(u64::MAX / 2);
    r["vaults"][0]["summary"]["high"] = serde_json::json!(u64::MAX / 2);
    let p = dir.path().join("hostile.json");
    std::fs::write(&p, serde_json::to_vec(&r).unwrap()).unwrap();
    let s = p.to_str().unwrap();
    let base_score = json(&audit(&["--format", "json"]))["summary"]["score"].clone();
    for format in ["text", "markdown", "html", "json"] {
        for color in ["never", "always"] {
            let out = run(cmd().args(["render", s, "--format", format, "--color", color]));
            assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
            let body = stdout(&out);
            if format == "json" {
                let back: serde_json::Value = serde_json::from_str(&body).unwrap();
                assert_eq!(back["summary"]["score"], base_score, "recounted");
                assert_eq!(back["summary"]["critical"], 1);
                continue;
            }
            // Our own colour codes are SGR only; nothing else escapes.
            for (i, _) in body.match_indices('\u{1b}') {
                assert!(body[i + 1..].starts_with('['), "{format}: raw escape");
                let sgr: String = body[i + 2..].chars().take_while(|c| *c != 'm').collect();
                assert!(
                    sgr.chars().all(|c| c.is_ascii_digit() || c == ';'),
                    "{format}: {sgr:?}"
                );
            }
            assert!(!body.contains('\u{7}'), "{format}: BEL");
            assert!(
                body.contains("(untitled ああああああああ)") || format != "text",
                "{format}"
            );
            if format != "text" {
                assert!(!body.contains("<img"), "{format}: markup");
                assert!(!body.contains("<b>kdf"), "{format}: markup");
            }
            if format == "markdown" {
                for block in body.split("\n\n").filter(|b| b.starts_with('|')) {
                    let cols = |l: &str| l.replace("\\|", "").matches('|').count();
                    let mut lines = block.lines();
                    let head = cols(lines.next().unwrap());
                    for l in lines {
                        assert_eq!(cols(l), head, "row breaks its table: {l}");
                    }
                }
                assert!(!body.contains("\n<img"), "no raw HTML block");
            }
            if format == "text" {
                // A value is never filled in as a template.
                assert!(body.contains("{new} by kdbx-audit"), "{body}");
            }
        }
    }
}

#[test]
fn a_lapsed_ignore_is_new_under_fail_on_new() {
    let dir = tempfile::tempdir().unwrap();
    let base = json(&audit(&["--format", "json"]));
    let uuid = base["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "password/weak")
        .unwrap()["entries"][0]["uuid"]
        .as_str()
        .unwrap()
        .to_owned();
    // Last week the weak password was an accepted risk…
    let policy = dir.path().join("p.toml");
    std::fs::write(
        &policy,
        format!("[[ignore]]\nrule = \"password/weak\"\nentry = \"{uuid}\"\nreason = \"r\"\n"),
    )
    .unwrap();
    let before = dir.path().join("before.json");
    let out = audit(&[
        "--format",
        "json",
        "--config",
        policy.to_str().unwrap(),
        "-o",
        before.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    // …and this week the ignore is gone: the finding is new, and fails.
    let r = json(&audit(&[
        "--format",
        "json",
        "--baseline",
        before.to_str().unwrap(),
    ]));
    assert_eq!(r["baseline"]["new"], 1, "{}", r["baseline"]);
    let out = audit(&[
        "--baseline",
        before.to_str().unwrap(),
        "--fail-on-new",
        "--fail-on",
        "medium",
    ]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn baseline_with_odd_uuids_and_titles_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = json(&audit(&["--format", "json"]));
    let mut gone = r["findings"][0].clone();
    gone["rule"] = serde_json::json!("entry/expired");
    gone["entries"] = serde_json::json!([
        {"vault": "v", "group": "", "title": "", "uuid": "ああああああああああ"},
        {"vault": "v", "group": "", "title": "", "uuid": ""}
    ]);
    r["findings"].as_array_mut().unwrap().push(gone);
    let p = dir.path().join("b.json");
    std::fs::write(&p, serde_json::to_vec(&r).unwrap()).unwrap();
    for format in ["text", "markdown", "html", "json"] {
        let out = audit(&["--format", format, "--baseline", p.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
    }
    let r = json(&audit(&[
        "--format",
        "json",
        "--baseline",
        p.to_str().unwrap(),
    ]));
    assert_eq!(r["baseline"]["resolved"], 1);
}
