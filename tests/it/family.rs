//! Several vaults in one run: a household of three vaults written by
//! keepassxc-cli (tests/fixtures/src/make_family_xml.py): Hanako's with a
//! password, Ken's with a password and a key file, おばあちゃん's with a key
//! file alone, described by tests/fixtures/family.toml.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::common::*;

fn ken_password() -> String {
    std::fs::read_to_string(fixture("family-child.password"))
        .unwrap()
        .trim_end()
        .to_owned()
}

/// `audit --family family.toml` with Ken's password in the environment.
fn family(extra: &[&str]) -> std::process::Output {
    run(cmd()
        .args(["audit", "--as-of", AS_OF, "--family"])
        .arg(fixture("family.toml"))
        .args(["--breach", "off", "--color", "never"])
        .env("KDBX_AUDIT_TEST_KEN_PASSWORD", ken_password())
        .args(extra))
}

fn members_of(f: &serde_json::Value) -> BTreeSet<(String, String)> {
    f["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["vault"].as_str().unwrap().to_owned(),
                e["title"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn a_household_is_audited_in_one_run() {
    let out = family(&["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let r = json(&out);
    let names: Vec<&str> = r["vaults"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Hanako", "Ken", "おばあちゃん"]);
    assert!(r["vaults_failed"].as_array().unwrap().is_empty());
    let findings = r["findings"].as_array().unwrap();
    // Reuse across vaults: Ken's game password on the family Amazon account.
    let reused: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["rule"] == "password/reused")
        .collect();
    assert_eq!(reused.len(), 1, "{reused:?}");
    assert_eq!(
        members_of(reused[0]),
        pairs(&[("Hanako", "Amazon"), ("Ken", "Minecraft")])
    );
    // The streaming account kept by both with one password: shared, not reuse.
    let shared: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["rule"] == "account/shared")
        .collect();
    assert_eq!(shared.len(), 1);
    assert_eq!(
        members_of(shared[0]),
        pairs(&[("Hanako", "Netflix"), ("Ken", "Netflix")])
    );
    assert_eq!(shared[0]["severity"], "info");
    assert_eq!(shared[0]["details"]["domain"], "netflix.com");
    assert!(
        shared[0]["message"]
            .as_str()
            .unwrap()
            .contains("the vaults of Hanako, Ken")
    );
    // Every finding names its member.
    for f in findings {
        for e in f["entries"].as_array().unwrap() {
            assert!(names.contains(&e["vault"].as_str().unwrap()), "{f}");
        }
    }
    // Per member: counts and a score of their own; the total is the sum.
    let vaults = r["vaults"].as_array().unwrap();
    let by_name = |n: &str| vaults.iter().find(|v| v["name"] == n).unwrap();
    let grandma = &by_name("おばあちゃん")["summary"];
    assert_eq!(grandma["entries_audited"], 2);
    let weak = findings
        .iter()
        .filter(|f| f["rule"] == "password/weak")
        .map(members_of)
        .fold(BTreeSet::new(), |mut a, b| {
            a.extend(b);
            a
        });
    assert!(weak.contains(&("おばあちゃん".to_owned(), "楽天".to_owned())));
    assert!(grandma["medium"].as_u64().unwrap() >= 1);
    let total: u64 = vaults
        .iter()
        .map(|v| v["entries_audited"].as_u64().unwrap())
        .sum();
    assert_eq!(r["summary"]["entries_audited"].as_u64(), Some(total));
    assert_eq!(total, 8);
    // A cross-vault finding counts in each member it names.
    for n in ["Hanako", "Ken"] {
        assert!(by_name(n)["summary"]["high"].as_u64().unwrap() >= 1, "{n}");
        assert!(by_name(n)["summary"]["info"].as_u64().unwrap() >= 1, "{n}");
    }
    assert_eq!(
        r["settings"]["family"]
            .as_str()
            .map(|s| s.ends_with("family.toml")),
        Some(true)
    );
}

#[test]
fn the_member_table_and_household_plan_in_every_format() {
    let text = stdout(&family(&["--lang", "en"]));
    let at = |s: &str| {
        text.find(s)
            .unwrap_or_else(|| panic!("{s} missing:\n{text}"))
    };
    assert!(at("Members (3)") < at("What to do first"));
    let table = &text[at("Members (3)")..at("What to do first")];
    for name in ["Hanako", "Ken", "おばあちゃん"] {
        assert!(table.contains(name), "{table}");
    }
    // Entries are named with their member.
    assert!(text.contains("[Ken] Games / Minecraft"), "{text}");
    assert!(text.contains("[Hanako] Shopping / Amazon"), "{text}");
    for format in ["markdown", "html"] {
        let body = stdout(&family(&["--format", format, "--lang", "ja"]));
        assert!(body.contains("メンバーごとの状況（3人）"), "{format}");
        assert!(body.contains("おばあちゃん"), "{format}");
    }
}

#[test]
fn privacy_summary_shows_only_the_member_table_and_counts() {
    for format in ["text", "markdown", "html", "json"] {
        let out = family(&["--privacy", "summary", "--format", format]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: exit from the full audit"
        );
        let body = stdout(&out);
        for secret_ish in [
            "Minecraft",
            "Netflix",
            "Amazon",
            "楽天",
            "family@example.jp",
            "netflix.com",
            "rakuten",
            "family-parent.kdbx",
            "family.toml",
        ] {
            assert!(
                !body.contains(secret_ish),
                "{format} shows {secret_ish}:\n{body}"
            );
        }
        for name in ["Hanako", "Ken", "おばあちゃん"] {
            assert!(body.contains(name), "{format}: member {name}");
        }
        if format == "json" {
            let r: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert!(r["findings"].as_array().unwrap().is_empty());
            assert_eq!(r["settings"]["privacy"], "summary");
            assert!(
                r["summary"]["total"].as_u64().unwrap() > 0,
                "counts are kept"
            );
            // A saved summary renders without its counts being zeroed.
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join("s.json");
            std::fs::write(&p, &body).unwrap();
            let again = stdout(&run(cmd().args([
                "render",
                p.to_str().unwrap(),
                "--color",
                "never",
            ])));
            let total = r["summary"]["total"].as_u64().unwrap();
            assert!(again.contains(&format!("Findings: {total} (")), "{again}");
        }
    }
}

#[test]
fn a_wrong_password_fails_that_vault_and_the_others_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let fx = fixtures();
    let wrong = dir.path().join("wrong.password");
    std::fs::write(&wrong, "not the password\n").unwrap();
    let household = dir.path().join("family.toml");
    let path = |n: &str| fx.join(n).display().to_string();
    std::fs::write(
        &household,
        format!(
            "[[vault]]\nname = \"Hanako\"\npath = \"{}\"\npassword_file = \"{}\"\n\n\
             [[vault]]\nname = \"Ken\"\npath = \"{}\"\nkeyfile = \"{}\"\npassword_file = \"wrong.password\"\n\n\
             [[vault]]\nname = \"おばあちゃん\"\npath = \"{}\"\nkeyfile = \"{}\"\n\n\
             [[vault]]\nname = \"Missing\"\npath = \"nowhere.kdbx\"\npassword_env = \"KDBX_AUDIT_TEST_UNSET\"\n",
            path("family-parent.kdbx"),
            path("family-parent.password"),
            path("family-child.kdbx"),
            path("family-child.keyx"),
            path("family-grandma.kdbx"),
            path("family-grandma.keyx"),
        ),
    )
    .unwrap();
    let out = run(cmd()
        .args(["audit", "--as-of", AS_OF, "--family"])
        .arg(&household)
        .args(["--breach", "off", "--format", "json", "--fail-on", "never"])
        .env_remove("KDBX_AUDIT_TEST_UNSET"));
    assert_eq!(out.status.code(), Some(2), "a member not audited: exit 2");
    let r = json(&out);
    let audited: Vec<&str> = r["vaults"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(audited, ["Hanako", "おばあちゃん"]);
    let failed = r["vaults_failed"].as_array().unwrap();
    let reason = |n: &str| {
        failed
            .iter()
            .find(|f| f["name"] == n)
            .unwrap_or_else(|| panic!("{n} not listed as failed"))["reason"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(
        reason("Ken").contains("wrong password"),
        "{}",
        reason("Ken")
    );
    assert!(
        reason("Missing").contains("KDBX_AUDIT_TEST_UNSET is not set"),
        "{}",
        reason("Missing")
    );
    let err = stderr(&out);
    assert!(err.contains("vault 'Ken' was not audited"), "{err}");
    assert!(!err.contains("not the password"));
    // The reuse across Hanako and Ken is not seen, Ken being unopened: the
    // report says Ken was not audited, and the exit status says incomplete.
    let text = stdout(&run(cmd()
        .args(["audit", "--as-of", AS_OF, "--family"])
        .arg(&household)
        .args(["--breach", "off", "--color", "never", "--lang", "en"])));
    assert!(text.contains("NOT AUDITED"), "{text}");
}

#[test]
fn several_vaults_on_the_command_line() {
    // Two vaults with the same password file: shared credential options.
    let a = fixture("family-parent.kdbx");
    let out = run(cmd()
        .args(["audit", "--as-of", AS_OF])
        .arg(&a)
        .arg(fixture("audit.kdbx"))
        .args(["--password-file"])
        .arg(fixture("family-parent.password"))
        .args(["--breach", "off", "--format", "json"]));
    assert_eq!(
        out.status.code(),
        Some(2),
        "audit.kdbx has another password"
    );
    let r = json(&out);
    assert_eq!(r["vaults"].as_array().unwrap().len(), 1);
    assert_eq!(r["vaults_failed"][0]["name"], "audit");
    // The same vault twice gets two distinct names.
    let out = run(cmd()
        .args(["audit", "--as-of", AS_OF])
        .arg(&a)
        .arg(&a)
        .args(["--password-file"])
        .arg(fixture("family-parent.password"))
        .args(["--breach", "off", "--format", "json", "--fail-on", "never"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = json(&out);
    let names: BTreeSet<&str> = r["vaults"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    // One vault alone keeps the old behaviour: an error, no report.
    let out = run(cmd()
        .args(["audit", "--as-of", AS_OF])
        .arg(fixture("audit.kdbx"))
        .args(["--password-file"])
        .arg(fixture("family-parent.password"))
        .args(["--breach", "off", "--format", "json"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    // --password-stdin reads one password: not for several vaults.
    let out = run(cmd()
        .args(["audit", "--as-of", AS_OF])
        .arg(&a)
        .arg(&a)
        .arg("--password-stdin"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--password-stdin reads one password"));
}

#[test]
fn household_files_are_checked_and_prompts_need_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[[vault]]\nname = \"A\"\n\n[[vault]]\nname = \"a\"\npath = \"x.kdbx\"\nprompt = true\nnope = 1\n").unwrap();
    let out = run(cmd()
        .args(["audit", "--as-of", AS_OF, "--family"])
        .arg(&bad));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for want in [
        "[[vault]] #1: path is required",
        "the name 'a' is already used",
        "unknown key 'nope'",
    ] {
        assert!(err.contains(want), "{want}: {err}");
    }
    let out = run(cmd().args([
        "audit",
        "--as-of",
        AS_OF,
        "--family",
        "/nonexistent/family.toml",
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read the household file"));
    // prompt = true without a terminal: that member fails, clearly.
    let h = dir.path().join("prompt.toml");
    let p: PathBuf = fixture("family-parent.kdbx");
    std::fs::write(
        &h,
        format!(
            "[[vault]]\nname = \"Hanako\"\npath = \"{}\"\nprompt = true\n\n[[vault]]\nname = \"おばあちゃん\"\npath = \"{}\"\nkeyfile = \"{}\"\n",
            p.display(),
            fixture("family-grandma.kdbx").display(),
            fixture("family-grandma.keyx").display()
        ),
    )
    .unwrap();
    let out = run(cmd()
        .args(["audit", "--as-of", AS_OF, "--family"])
        .arg(&h)
        .args(["--breach", "off", "--format", "json"]));
    assert_eq!(out.status.code(), Some(2));
    let r = json(&out);
    assert!(
        r["vaults_failed"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("standard input is not a terminal")
    );
    // [[vault]] tables in the policy file work like --family.
    let policy = dir.path().join("kdbx-audit.toml");
    std::fs::write(
        &policy,
        format!(
            "[[vault]]\nname = \"おばあちゃん\"\npath = \"{}\"\nkeyfile = \"{}\"\n",
            fixture("family-grandma.kdbx").display(),
            fixture("family-grandma.keyx").display()
        ),
    )
    .unwrap();
    let out = run(cmd()
        .args(["audit", "--as-of", AS_OF, "--config"])
        .arg(&policy)
        .args(["--breach", "off", "--format", "json", "--fail-on", "never"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["vaults"][0]["name"], "おばあちゃん");
}

#[test]
fn no_member_secret_appears_in_any_format() {
    let secrets: Vec<String> = manifest()
        .into_iter()
        .filter(|v| v.file.starts_with("family-"))
        .flat_map(|v| v.secrets)
        .collect();
    assert!(secrets.len() >= 10, "{secrets:?}");
    for format in ["text", "json", "markdown", "html"] {
        for privacy in ["full", "summary"] {
            let out = family(&[
                "--format",
                format,
                "--privacy",
                privacy,
                "--color",
                "always",
            ]);
            for s in &secrets {
                for line in s.lines().filter(|l| l.len() >= 6) {
                    assert!(
                        !stdout(&out).contains(line) && !stderr(&out).contains(line),
                        "{format} {privacy}: a secret of the household leaked"
                    );
                }
            }
        }
    }
}

#[test]
fn baselines_across_a_household() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full.json");
    let out = family(&["--format", "json", "-o", full.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    // A summary cannot be a baseline: it has no findings.
    let summary = dir.path().join("summary.json");
    family(&[
        "--format",
        "json",
        "--privacy",
        "summary",
        "-o",
        summary.to_str().unwrap(),
    ]);
    let out = family(&["--baseline", summary.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is a --privacy summary report"));
    // Ken's vault cannot be opened this time: his findings are unknown, not
    // resolved, and Ken still counts as one of the vaults compared.
    let out = run(cmd()
        .args(["audit", "--as-of", AS_OF, "--family"])
        .arg(fixture("family.toml"))
        .args(["--breach", "off", "--format", "json", "--baseline"])
        .arg(&full)
        .env("KDBX_AUDIT_TEST_KEN_PASSWORD", "wrong"));
    assert_eq!(out.status.code(), Some(2));
    let r = json(&out);
    for f in r["resolved"].as_array().unwrap() {
        for e in f["entries"].as_array().unwrap() {
            assert_ne!(e["vault"], "Ken", "{f}");
        }
    }
    assert!(
        !r["warnings"].to_string().contains("other vaults"),
        "{}",
        r["warnings"]
    );
    // The reuse between Hanako and Ken is no longer seen: not "resolved".
    assert!(
        !r["resolved"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "password/reused")
    );
}

#[test]
fn the_policy_file_in_the_working_directory_can_name_the_vaults() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("kdbx-audit.toml"),
        format!(
            "[[vault]]\nname = \"おばあちゃん\"\npath = \"{}\"\nkeyfile = \"{}\"\n",
            fixture("family-grandma.kdbx").display(),
            fixture("family-grandma.keyx").display()
        ),
    )
    .unwrap();
    let out = run(cmd().current_dir(dir.path()).args([
        "audit",
        "--as-of",
        AS_OF,
        "--breach",
        "off",
        "--format",
        "json",
        "--fail-on",
        "never",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["vaults"][0]["name"], "おばあちゃん");
    // No vault anywhere: a clear error.
    let empty = tempfile::tempdir().unwrap();
    let out = run(cmd()
        .current_dir(empty.path())
        .args(["audit", "--as-of", AS_OF]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no vault to audit"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn review_cases_summary_paths_shared_uuids_flags_and_nothing_audited() {
    let dir = tempfile::tempdir().unwrap();
    // A household file with relative paths, run from its directory: a
    // failed member's reason in a summary names the member, not the files.
    for f in [
        "family-parent.kdbx",
        "family-grandma.kdbx",
        "family-grandma.keyx",
    ] {
        std::fs::copy(fixture(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(dir.path().join("mum.password"), "wrong\n").unwrap();
    std::fs::write(
        dir.path().join("family.toml"),
        "[[vault]]\nname = \"Mum\"\npath = \"family-parent.kdbx\"\npassword_file = \"mum.password\"\n\n\
         [[vault]]\nname = \"Gran\"\npath = \"family-grandma.kdbx\"\nkeyfile = \"family-grandma.keyx\"\n",
    )
    .unwrap();
    for format in ["json", "text", "markdown", "html"] {
        let out = run(cmd().current_dir(dir.path()).args([
            "audit",
            "--as-of",
            AS_OF,
            "--family",
            "family.toml",
            "--breach",
            "off",
            "--privacy",
            "summary",
            "--format",
            format,
        ]));
        assert_eq!(out.status.code(), Some(2));
        let body = stdout(&out);
        for p in [
            "family-parent",
            "mum.password",
            "family-grandma",
            ".kdbx",
            "family.toml",
        ] {
            assert!(!body.contains(p), "{format}: {p} in\n{body}");
        }
        assert!(body.contains("Mum"), "{format}");
    }
    // The same vault twice (shared UUIDs): a baseline of one member's
    // findings does not make the other member's findings known.
    let a = fixture("family-parent.kdbx");
    let pw = fixture("family-parent.password");
    let one = dir.path().join("one.json");
    run(cmd()
        .args(["audit", "--as-of", AS_OF])
        .arg(&a)
        .arg("--password-file")
        .arg(&pw)
        .args([
            "--breach",
            "off",
            "--format",
            "json",
            "-o",
            one.to_str().unwrap(),
        ]));
    let two = json(&run(cmd()
        .args(["audit", "--as-of", AS_OF])
        .arg(&a)
        .arg(&a)
        .arg("--password-file")
        .arg(&pw)
        .args([
            "--breach",
            "off",
            "--format",
            "json",
            "--baseline",
            one.to_str().unwrap(),
        ])));
    let names: Vec<&str> = two["vaults"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2);
    let new_in_second = two["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["baseline"] == "new" && f["entries"][0]["vault"] == names[1])
        .count();
    assert!(new_in_second > 0, "{}", two["findings"]);
    // Credential flags with [[vault]] tables: refused, not ignored.
    let out = run(cmd().current_dir(dir.path()).args([
        "audit",
        "--as-of",
        AS_OF,
        "--config",
        "family.toml",
        "--keyfile",
        "x.keyx",
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("apply to vaults named on the command line"),
        "{}",
        stderr(&out)
    );
    // Every vault failing: no clean-looking score.
    let out = run(cmd()
        .args(["audit", "--as-of", AS_OF])
        .arg(&a)
        .arg(fixture("audit.kdbx"))
        .args([
            "--password-file",
            "/nonexistent/pw",
            "--breach",
            "off",
            "--color",
            "never",
        ]));
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(text.contains("NOTHING WAS AUDITED"), "{text}");
    assert!(!text.contains("Hygiene score: 100/100"), "{text}");
}

/// `audit --family ranking.toml`: Papa's bank, two small shops and a
/// mailbox; Mama's big shop and bank.
fn ranking(extra: &[&str]) -> std::process::Output {
    run(cmd()
        .args(["audit", "--as-of", AS_OF, "--breach", "off", "--family"])
        .arg(fixture("ranking.toml"))
        .args(extra))
}

/// The plan's lines in order, as the text report prints them.
fn plan_labels(text: &str) -> Vec<String> {
    let plan = &text[text.find("What to do first").unwrap()..text.find("Details by rule").unwrap()];
    plan.lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let (n, rest) = l.split_once(". ")?;
            n.parse::<usize>().ok()?;
            let (_, label) = rest.split_once(' ')?;
            Some(label.split(" (").next()?.to_owned())
        })
        .collect()
}

#[test]
fn the_plan_puts_money_then_mailboxes_then_known_shops_first_within_a_severity() {
    let out = ranking(&["--color", "never", "--no-config"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let labels = plan_labels(&stdout(&out));
    let at = |l: &str| {
        labels
            .iter()
            .position(|x| x == l)
            .unwrap_or_else(|| panic!("{l} not in {labels:?}"))
    };
    // High first (the small shops' missing 2FA), whatever they protect.
    assert!(
        at("パン工房こむぎ") < at("ゆうちょダイレクト"),
        "{labels:?}"
    );
    assert!(at("ケーキのお店") < at("ゆうちょダイレクト"), "{labels:?}");
    // Within medium: the banks (one problem each), then the mailbox, then
    // Amazon, though Amazon has three things to do.
    assert!(at("ゆうちょダイレクト") < at("Yahoo!メール"), "{labels:?}");
    assert!(at("楽天銀行") < at("Yahoo!メール"), "{labels:?}");
    assert!(at("Yahoo!メール") < at("Amazon"), "{labels:?}");

    // The JSON says what each entry protects.
    let out = ranking(&["--format", "json", "--no-config"]);
    let r = json(&out);
    let protects = |title: &str| {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| f["entries"].as_array().unwrap().iter())
            .find(|e| e["title"] == title)
            .unwrap_or_else(|| panic!("{title}"))["protects"]
            .clone()
    };
    assert_eq!(protects("ゆうちょダイレクト"), "money");
    assert_eq!(protects("楽天銀行"), "money");
    assert_eq!(protects("Yahoo!メール"), "recovery");
    assert_eq!(protects("Amazon"), "shop");
    assert_eq!(protects("パン工房こむぎ"), "unlisted-shop");
}

#[test]
fn a_policy_can_say_what_a_category_protects() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    // Mail is not a recovery root here; shops are money.
    std::fs::write(
        &policy,
        "[categories.email]\nprotects = \"other\"\n[categories.shopping]\nprotects = \"money\"\n",
    )
    .unwrap();
    let out = ranking(&["--color", "never", "--config", policy.to_str().unwrap()]);
    let labels = plan_labels(&stdout(&out));
    let at = |l: &str| labels.iter().position(|x| x == l).unwrap();
    // Amazon is money now, and has more to do than the banks.
    assert!(at("Amazon") < at("ゆうちょダイレクト"), "{labels:?}");
    assert!(at("ゆうちょダイレクト") < at("Yahoo!メール"), "{labels:?}");

    std::fs::write(&policy, "[categories.email]\nprotects = \"everything\"\n").unwrap();
    let out = ranking(&["--config", policy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("2:12") && err.contains("protects must be"),
        "{err}"
    );
}

#[test]
fn a_household_report_says_whose_entry_and_why_a_vault_failed_in_its_language() {
    // Reuse across members names the member: "Ken's Minecraft".
    let out = family(&["--lang", "en"]);
    let text = stdout(&out);
    assert!(text.contains("same password as Ken's Minecraft"), "{text}");
    let out = family(&["--lang", "ja"]);
    let text = stdout(&out);
    assert!(
        text.contains("KenのMinecraftと同じパスワードのため"),
        "{text}"
    );

    // Ken's password is missing: the reason is in the report's language,
    // in the report and on standard error.
    let out = run(cmd()
        .args(["audit", "--as-of", AS_OF, "--family"])
        .arg(fixture("family.toml"))
        .args(["--breach", "off", "--lang", "ja", "--format", "json"])
        .env_remove("KDBX_AUDIT_TEST_KEN_PASSWORD"));
    assert_eq!(out.status.code(), Some(2));
    let r = json(&out);
    let reason = r["vaults_failed"][0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("マスターパスワードがありません")
            && reason.contains("KDBX_AUDIT_TEST_KEN_PASSWORD"),
        "{reason}"
    );
    assert!(!reason.contains("no master password"), "{reason}");
    let err = stderr(&out);
    assert!(
        err.contains("データベース「Ken」は点検できませんでした"),
        "{err}"
    );
}
