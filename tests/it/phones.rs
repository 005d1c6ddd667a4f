//! The phone and recovery rules and the phone map, on a household written
//! by keepassxc-cli (tests/fixtures/src/make_phones_xml.py, phones.toml):
//! Mama's old number on Amazon and her current one (full-width) on 楽天, a
//! reused Gmail behind both shops, a shop whose mailbox is not in the
//! vault; Papa's current number in two forms and a weak Outlook behind his
//! Yahoo!ショッピング. Numbers are only ever shown by their last four digits.

use crate::common::*;

fn household(extra: &[&str]) -> std::process::Output {
    run(cmd()
        .args(["audit", "--as-of", AS_OF, "--breach", "off", "--no-config"])
        .arg("--family")
        .arg(fixture("phones.toml"))
        .args(["--fail-on", "never", "--color", "never"])
        .args(extra))
}

/// The titles (`vault/title`) a rule's findings name.
fn named(r: &serde_json::Value, rule: &str) -> Vec<String> {
    let mut out: Vec<String> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .flat_map(|f| f["entries"].as_array().unwrap().clone())
        .map(|e| {
            format!(
                "{}/{}",
                e["vault"].as_str().unwrap(),
                e["title"].as_str().unwrap()
            )
        })
        .collect();
    out.sort();
    out
}

fn the<'a>(
    r: &'a serde_json::Value,
    rule: &str,
    vault: &str,
    title: &str,
) -> &'a serde_json::Value {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["rule"] == rule
                && f["entries"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|e| e["vault"] == vault && e["title"] == title)
        })
        .unwrap_or_else(|| panic!("no {rule} on {vault}/{title}"))
}

#[test]
fn outdated_numbers_and_weak_mailboxes_are_found_per_member() {
    let out = household(&["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = json(&out);
    // Mama's Amazon notes her old number; 楽天 her current one written
    // full-width, メルカリ with spaces; Papa's numbers are his own, one in
    // E.164 form.
    assert_eq!(named(&r, "account/phone-outdated"), ["Mama/Amazon"]);
    let f = the(&r, "account/phone-outdated", "Mama", "Amazon");
    assert_eq!(f["severity"], "high");
    assert_eq!(
        f["details"]["phones_outdated"],
        serde_json::json!(["…2222"])
    );
    assert!(f["message"].as_str().unwrap().contains("…2222"));
    assert!(f["remediation"].as_str().unwrap().contains("old number"));
    // Gmail (reused, no 2FA) resets both of Mama's shops; Outlook (weak)
    // resets Papa's Yahoo!ショッピング; メルカリ's and Papa's Amazon's
    // mailboxes are not in the vaults: no finding.
    assert_eq!(
        named(&r, "account/recovery-email-weak"),
        ["Mama/Amazon", "Mama/楽天市場", "Papa/Yahoo!ショッピング"]
    );
    let f = the(&r, "account/recovery-email-weak", "Mama", "楽天市場");
    assert_eq!(f["details"]["recovery_mailbox"]["title"], "Gmail");
    assert_eq!(
        f["details"]["mailbox_weaknesses"],
        serde_json::json!(["reused", "no-2fa"])
    );
    assert!(
        f["remediation"]
            .as_str()
            .unwrap()
            .starts_with("Secure Gmail first")
    );
    let f = the(
        &r,
        "account/recovery-email-weak",
        "Papa",
        "Yahoo!ショッピング",
    );
    assert_eq!(f["details"]["recovery_mailbox"]["title"], "Outlook");
    assert_eq!(
        f["details"]["mailbox_weaknesses"],
        serde_json::json!(["weak"])
    );

    // The phone map: each member's numbers, masked, current or not.
    let phones: Vec<(String, String, bool, Vec<String>)> = r["phones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["vault"].as_str().unwrap().to_owned(),
                p["number"].as_str().unwrap().to_owned(),
                p["current"].as_bool().unwrap(),
                p["accounts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a["entries"][0]["title"].as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        phones,
        [
            (
                "Mama".into(),
                "…6666".into(),
                true,
                s(&["メルカリ", "楽天市場"])
            ),
            ("Mama".into(), "…2222".into(), false, s(&["Amazon"])),
            (
                "Papa".into(),
                "…8888".into(),
                true,
                s(&["Outlook", "Yahoo!ショッピング", "Amazon"])
            ),
        ]
    );
    // Accounts with no other way in first; the mailbox behind each.
    let mama6666 = &r["phones"][0]["accounts"];
    assert_eq!(mama6666[0]["other_ways"], serde_json::json!([]));
    assert_eq!(mama6666[0]["recovery_mailbox"], "not-in-vault");
    assert_eq!(mama6666[1]["other_ways"], serde_json::json!(["app"]));
    assert_eq!(mama6666[1]["recovery_mailbox"], "in-vault");
    assert_eq!(mama6666[1]["recovery_mailbox_entry"]["title"], "Gmail");
    assert_eq!(r["phones"][0]["without_other_way"], 1);
}

#[test]
fn the_plan_puts_the_mailbox_before_the_accounts_it_can_reset() {
    for (lang, why) in [
        ("en", "Outlook can reset this account's password"),
        (
            "ja",
            "Outlookからこのアカウントのパスワードを再設定できるため",
        ),
    ] {
        let text = stdout(&household(&["--lang", lang]));
        let plan: Vec<&str> = text
            .lines()
            .skip_while(|l| !(l.starts_with("What to do first") || l.starts_with("まずやること")))
            .take_while(|l| !l.is_empty())
            .collect();
        // An item's first line: its number, severity, label and member.
        let pos = |label: &str, member: &str| {
            plan.iter()
                .position(|l| l.contains(&format!(" {label}")) && l.contains(member))
                .unwrap_or_else(|| panic!("{label} not in the plan:\n{}", plan.join("\n")))
        };
        // Outlook's own finding is medium, the shop's high: the mailbox
        // still comes first, and the shop's line says why.
        assert!(
            pos("Outlook", "Papa") < pos("Yahoo!ショッピング", "Papa"),
            "{lang}"
        );
        assert!(pos("Gmail", "Mama") < pos("Amazon", "Mama"), "{lang}");
        assert!(pos("Gmail", "Mama") < pos("楽天市場", "Mama"), "{lang}");
        let shop = pos("Yahoo!ショッピング", "Papa");
        assert!(plan[shop + 1].contains(why), "{lang}: {}", plan[shop + 1]);
    }
}

/// Every way the fixtures and phones.toml write a number, with the
/// separators taken out of the output: no full number may be left.
fn assert_no_full_number(what: &str, text: &str) {
    let squeezed: String = text
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '-' | ' ' | '－' | 'ー' | '(' | ')' | '+' | '\u{a0}' | '\u{3000}'
            )
        })
        .collect();
    for digits in [
        "11112222",
        "55556666",
        "77778888",
        "１１１１２２２２",
        "５５５５６６６６",
        "９０１１１１",
        "0901111",
        "0805555",
        "0907777",
        "901111",
        "805555",
        "907777",
    ] {
        assert!(
            !squeezed.contains(digits),
            "{what}: a whole phone number ({digits}) is shown"
        );
    }
}

#[test]
fn no_full_phone_number_appears_in_any_format_language_or_command() {
    for lang in ["en", "ja"] {
        for format in ["text", "json", "markdown", "html"] {
            let out = household(&["--lang", lang, "--format", format]);
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            assert_no_full_number(&format!("audit {lang} {format}"), &stdout(&out));
            assert_no_full_number(&format!("audit {lang} {format} stderr"), &stderr(&out));
            assert!(stdout(&out).contains("…2222"), "{lang} {format}");
        }
        for format in ["text", "json"] {
            let out = run(cmd()
                .args(["phones", "--no-config", "--lang", lang, "--format", format])
                .arg("--family")
                .arg(fixture("phones.toml")));
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            assert_no_full_number(&format!("phones {lang} {format}"), &stdout(&out));
            assert!(stdout(&out).contains("…8888"));
        }
    }
    // A saved report rendered again, and a summary for the household.
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("r.json");
    household(&["--format", "json", "-o", saved.to_str().unwrap()]);
    for lang in ["en", "ja"] {
        let out = run(cmd().args(["render", saved.to_str().unwrap(), "--lang", lang]));
        assert_no_full_number("render", &stdout(&out));
    }
    // The saved report in the other language reads as an audit in it.
    for lang in ["en", "ja"] {
        let rendered = run(cmd().args(["render", saved.to_str().unwrap(), "--lang", lang]));
        assert!(stderr(&rendered).is_empty(), "{}", stderr(&rendered));
        let direct = household(&["--lang", lang]);
        let section = |t: &str| {
            t.lines()
                .skip_while(|l| !(l.starts_with("Phone numbers") || l.starts_with("電話番号と")))
                .take_while(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert!(!section(&stdout(&direct)).is_empty());
        assert_eq!(
            section(&stdout(&rendered)),
            section(&stdout(&direct)),
            "{lang}"
        );
    }
    let summary = json(&household(&["--format", "json", "--privacy", "summary"]));
    for p in summary["phones"].as_array().unwrap() {
        assert_eq!(p["number"], "");
        assert_eq!(p["accounts"], serde_json::json!([]));
        assert!(p["accounts_count"].as_u64().unwrap() >= 1);
    }
    assert_no_full_number("summary", &summary.to_string());
}

#[test]
fn the_phones_command_shows_the_map_and_the_checklist() {
    for (lang, words) in [
        (
            "en",
            [
                "Before you change your number …2222:",
                "While …2222 still receives codes, change the registered number at each site: Amazon.",
                "recovery mailbox not in this vault",
            ],
        ),
        (
            "ja",
            [
                "電話番号 …2222 を変える前に:",
                "…2222 でまだコードを受け取れるうちに、各サイトで登録している電話番号を変えてください",
                "再設定用のメールはこのデータベースにありません",
            ],
        ),
    ] {
        let out = run(cmd()
            .args(["phones", "--no-config", "--lang", lang])
            .arg("--family")
            .arg(fixture("phones.toml")));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        for w in words {
            assert!(text.contains(w), "{lang}: {w} missing:\n{text}");
        }
        // Not the audit: no findings, no score.
        assert!(!text.contains("password/reused"), "{text}");
    }
    let r = json(&run(cmd()
        .args(["phones", "--no-config", "--format", "json"])
        .arg("--family")
        .arg(fixture("phones.toml"))));
    assert_eq!(r["phones"].as_array().unwrap().len(), 3);
    assert_eq!(r["vaults"], serde_json::json!(["Mama", "Papa"]));
}

#[test]
fn current_numbers_come_from_the_policy_for_one_vault_and_are_checked() {
    let v = find("phones-mama.kdbx");
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.toml");
    let with = |text: &str| {
        std::fs::write(&policy, text).unwrap();
        run(audit_cmd(&v)
            .args(["--format", "json", "--fail-on", "never", "--config"])
            .arg(&policy))
    };
    // Written as people write it: full-width, E.164.
    let r = json(&with(
        "[phones]\ncurrent = [\"＋８１ ８０－５５５５－６６６６\"]\n",
    ));
    assert_eq!(named(&r, "account/phone-outdated"), ["Mama/Amazon"]);
    // No current numbers: the rule is off, the map says nothing of them.
    let r = json(&with("lang = \"en\"\n"));
    assert!(named(&r, "account/phone-outdated").is_empty());
    assert!(
        r["phones"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["current"].is_null())
    );
    // A value that is not a number: exit 2, located, not repeated.
    let out = with("[phones]\ncurrent = [\"080-5555-6666\", \"090-12\"]\n");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(":2:29: [phones] current: item 2 is not a phone number"),
        "{err}"
    );
    assert!(!err.contains("\"090-12\""), "{err}");
    // A member's list is checked the same way.
    let family = dir.path().join("f.toml");
    std::fs::write(
        &family,
        format!(
            "[[vault]]\nname = \"Mama\"\npath = \"{}\"\npassword_file = \"{}\"\nphones = [\"mama\"]\n",
            fixture("phones-mama.kdbx").display(),
            fixture("phones-mama.password").display()
        ),
    )
    .unwrap();
    let out = run(cmd()
        .args(["audit", "--no-config", "--breach", "off", "--family"])
        .arg(&family));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(":5:11: [[vault]] #1 phones: item 1 is not a phone number"),
        "{}",
        stderr(&out)
    );
}
