//! `account/no-2fa` and `account/no-phone` on shopping.kdbx, a vault written
//! by keepassxc-cli from tests/fixtures/src/shopping.xml (each entry there is
//! commented with what the audit must report), in both languages and under
//! policy files.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::*;

fn shopping() -> Vault {
    find("shopping.kdbx")
}

fn report(extra: &[&str]) -> serde_json::Value {
    shopping_report(extra)
}

/// (rule, entry title) of the account findings; each names one account.
fn account_findings(r: &serde_json::Value) -> BTreeSet<(String, String)> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("account/no-"))
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["entries"][0]["title"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn set(items: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// What the default policy must report, and nothing else.
const DEFAULT: &[(&str, &str)] = &[
    ("account/no-2fa", "Seller Central"),
    ("account/no-2fa", "Qoo10"),
    ("account/no-2fa", "AliExpress"),
    ("account/no-2fa", "Amazon DE"),
    ("account/no-2fa", "Local bakery"),
    ("account/no-phone", "Yahoo Shopping"),
    ("account/no-phone", "ZOZOTOWN"),
    ("account/no-phone", "AliExpress"),
    ("account/no-phone", "PayPayモール"),
    ("account/no-phone", "Amazon DE"),
    ("account/no-phone", "Local bakery"),
    ("account/no-phone", "Flower shop"),
];

const NOT_SHOPPING: &[&str] = &[
    "Gmail",
    "AWS console",
    "Rakuten Mobile",
    "Yahoo! JAPAN ID",
    "Shopping list",
    "Mizuho",
    "Amazon (excluded)",
];

#[test]
fn exactly_the_shopping_accounts_without_2fa_or_phone_are_reported() {
    let r = report(&[]);
    assert_eq!(account_findings(&r), set(DEFAULT));
    for f in r["findings"].as_array().unwrap() {
        let rule = f["rule"].as_str().unwrap();
        if rule.starts_with("account/no-") {
            assert_eq!(f["entries"].as_array().unwrap().len(), 1, "{f}");
            let title = f["entries"][0]["title"].as_str().unwrap();
            assert!(!NOT_SHOPPING.contains(&title), "{rule} on {title}");
            assert_eq!(f["details"]["category"], "shopping");
        }
    }
    let accounts = r["accounts"].as_array().unwrap();
    let listed: BTreeSet<&str> = accounts
        .iter()
        .flat_map(|a| a["entries"].as_array().unwrap())
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    for t in NOT_SHOPPING {
        assert!(!listed.contains(t), "{t} is not a shopping account");
    }
    // Both Amazon JP entries are one account (same site and user name, any
    // case): the TOTP secret and phone field of one count for the other.
    let amazon_jp = accounts
        .iter()
        .find(|a| a["entries"][0]["title"] == "Amazon JP")
        .unwrap();
    let titles: Vec<&str> = amazon_jp["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Amazon JP", "Amazon JP (old copy)"]);
    assert_eq!(r["settings"]["lang"], "en");
    assert_eq!(r["settings"]["config"], serde_json::Value::Null);
    let accounts_check = r["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "accounts")
        .unwrap();
    assert_eq!(accounts_check["status"], "complete");
}

#[test]
fn every_convention_is_recognised_with_its_method_and_place() {
    let r = report(&[]);
    // title -> (2FA state, method, sign kind, sign label; phone kind, label)
    let want: BTreeMap<&str, (&str, &str, &str, &str, &str, &str)> = [
        (
            "Amazon JP",
            ("on", "app", "otp-secret", "otp", "field", "電話番号"),
        ),
        (
            "Amazon US",
            ("on", "app", "otp-secret", "otp", "notes", "Phone"),
        ),
        (
            "Seller Central",
            ("not-noted", "", "", "", "notes", "Mobile"),
        ),
        (
            "Amazon UK",
            (
                "on",
                "passkey",
                "passkey",
                "KPEX_PASSKEY_CREDENTIAL_ID",
                "notes",
                "Phone",
            ),
        ),
        (
            "Amazon FR",
            ("on", "sms", "notes", "2FA", "notes", "Mobile"),
        ),
        (
            "Rakuten",
            (
                "on",
                "app",
                "otp-secret",
                "TimeOtp-Secret-Base32",
                "username",
                "",
            ),
        ),
        (
            "Yahoo Shopping",
            ("on", "app", "otp-secret", "HmacOtp-Secret-Hex", "", ""),
        ),
        (
            "Mercari",
            ("on", "app", "otp-secret", "TOTP Seed", "notes", "携帯番号"),
        ),
        (
            "ZOZOTOWN",
            (
                "on",
                "passkey",
                "passkey",
                "KPEX_PASSKEY_CREDENTIAL_ID",
                "",
                "",
            ),
        ),
        (
            "ヨドバシ.com",
            (
                "on",
                "passkey",
                "passkey",
                "KPXC_PASSKEY_PRIVATE_KEY_PEM",
                "notes",
                "電話番号",
            ),
        ),
        (
            "BicCamera",
            (
                "on",
                "declared",
                "tag",
                "2段階認証",
                "field",
                "Phone (recovery)",
            ),
        ),
        ("Qoo10", ("off", "", "notes", "2段階認証", "notes", "電話")),
        ("eBay", ("on", "sms", "field", "2FA", "field", "SMS")),
        ("AliExpress", ("not-noted", "", "", "", "", "")),
        (
            "PayPayモール",
            ("on", "declared", "notes", "Two-factor", "", ""),
        ),
        (
            "Amazon DE",
            ("off", "", "notes", "2-Step Verification", "", ""),
        ),
        ("Local bakery", ("not-noted", "", "", "", "", "")),
        (
            "八百屋オンライン",
            ("on", "sms", "notes", "二段階認証", "notes", "携帯"),
        ),
        ("Flower shop", ("on", "app", "notes", "MFA", "", "")),
    ]
    .into_iter()
    .collect();
    let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_owned();
    let mut got = BTreeMap::new();
    for a in r["accounts"].as_array().unwrap() {
        let title = a["entries"][0]["title"].as_str().unwrap();
        let tf = &a["two_factor"];
        let ph = &a["phone"];
        got.insert(
            title,
            (
                s(&tf["state"]),
                s(&tf["method"]),
                s(&tf["sign"]["kind"]),
                s(&tf["sign"]["label"]),
                s(&ph["sign"]["kind"]),
                s(&ph["sign"]["label"]),
            ),
        );
        assert_eq!(
            ph["state"],
            if ph["sign"].is_null() {
                "not-noted"
            } else {
                "noted"
            }
        );
    }
    let want: BTreeMap<&str, (String, String, String, String, String, String)> = want
        .into_iter()
        .map(|(k, v)| {
            (
                k,
                (
                    v.0.into(),
                    v.1.into(),
                    v.2.into(),
                    v.3.into(),
                    v.4.into(),
                    v.5.into(),
                ),
            )
        })
        .collect();
    assert_eq!(got, want);
    let by: BTreeMap<&str, Vec<&str>> = r["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["entries"][0]["title"].as_str().unwrap(),
                a["matched_by"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m.as_str().unwrap())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(by["Local bakery"], ["group"]);
    assert_eq!(by["八百屋オンライン"], ["group"]);
    assert_eq!(by["Flower shop"], ["tag"]);
    assert_eq!(by["Seller Central"], ["site"]);
}

#[test]
fn messages_name_the_site_and_what_it_offers_in_english() {
    let r = report(&["--lang", "en"]);
    let seller = finding(&r, "account/no-2fa", "Seller Central");
    assert_eq!(seller["details"]["site"], "Amazon Seller Central");
    assert_eq!(seller["details"]["site_id"], "amazon-seller-central");
    assert!(
        seller["message"]
            .as_str()
            .unwrap()
            .starts_with("Amazon Seller Central:")
    );
    assert!(
        seller["remediation"]
            .as_str()
            .unwrap()
            .contains("Seller Central")
    );
    assert_eq!(
        seller["details"]["two_factor_methods_offered"],
        serde_json::json!(["sms", "call", "totp"])
    );

    let de = finding(&r, "account/no-2fa", "Amazon DE");
    assert_eq!(de["details"]["site"], "Amazon");
    assert_eq!(de["details"]["two_factor"]["state"], "off");
    let msg = de["message"].as_str().unwrap();
    assert!(
        msg.contains("noted as off") && msg.contains("2-Step Verification"),
        "{msg}"
    );
    let fix = de["remediation"].as_str().unwrap();
    assert!(
        fix.contains("Login & security → 2-Step Verification"),
        "{fix}"
    );
    assert!(fix.contains("phone number (SMS or a call) first"), "{fix}");

    // Qoo10: tagged 2FA, but the notes say なし: not on, and no source
    // says what Qoo10 offers; our Japanese site data knows where its
    // account pages are and says when it was checked.
    let q = finding(&r, "account/no-2fa", "Qoo10");
    assert_eq!(q["details"]["two_factor"]["sign"]["label"], "2段階認証");
    assert_eq!(q["details"]["two_factor_offered"], "unknown");
    let fix = q["remediation"].as_str().unwrap();
    assert!(
        fix.contains("no source saying whether Qoo10") && fix.contains("checked 2026-12-02"),
        "{fix}"
    );
    assert!(fix.contains("My Qoo10"), "{fix}");

    // The directory lists no 2FA for AliExpress: say so, and what to do instead.
    let ali = finding(&r, "account/no-2fa", "AliExpress");
    assert_eq!(ali["details"]["two_factor_offered"], "not-offered");
    assert_eq!(
        ali["details"]["two_factor_methods_offered"],
        serde_json::json!([])
    );
    assert!(ali["message"].as_str().unwrap().contains("lists none"));
    let fix = ali["remediation"].as_str().unwrap();
    assert!(fix.contains("2fa.directory (snapshot 2026-08-04)"), "{fix}");
    assert!(!fix.contains("Turn on"), "{fix}");

    let phone = finding(&r, "account/no-phone", "ZOZOTOWN");
    assert_eq!(phone["message"], "ZOZOTOWN: no phone number noted");
    let y = finding(&r, "account/no-phone", "Yahoo Shopping");
    assert!(
        y["remediation"]
            .as_str()
            .unwrap()
            .contains("Yahoo! JAPAN ID")
    );
    assert!(y["details"]["two_factor"].is_null());
}

#[test]
fn messages_in_japanese_from_the_flag_or_the_locale() {
    let r = report(&["--lang", "ja"]);
    assert_eq!(r["settings"]["lang"], "ja");
    let de = finding(&r, "account/no-2fa", "Amazon DE");
    assert_eq!(
        de["message"],
        "Amazon: 2段階認証は無効と記録されています（メモの「2-Step Verification」の行）"
    );
    let fix = de["remediation"].as_str().unwrap();
    assert!(
        fix.contains("アカウントサービス → ログインとセキュリティ → 2段階認証"),
        "{fix}"
    );
    assert!(fix.contains("SMSまたは音声通話"), "{fix}");
    let ali = finding(&r, "account/no-2fa", "AliExpress");
    assert!(
        ali["remediation"]
            .as_str()
            .unwrap()
            .contains("2026-08-04 時点")
    );
    assert_eq!(
        finding(&r, "account/no-phone", "ZOZOTOWN")["message"],
        "ZOZOTOWN: 電話番号の記録がありません"
    );
    // Same findings in both languages.
    assert_eq!(account_findings(&r), set(DEFAULT));

    // No --lang: the locale decides (LC_ALL before LANG).
    let out = run(audit_cmd(&shopping())
        .args(["--format", "json", "--fail-on", "never"])
        .env("LANG", "ja_JP.UTF-8"));
    assert_eq!(json(&out)["settings"]["lang"], "ja");
    let out = run(audit_cmd(&shopping())
        .args(["--format", "json", "--fail-on", "never"])
        .env("LANG", "ja_JP.UTF-8")
        .env("LC_ALL", "en_US.UTF-8"));
    assert_eq!(json(&out)["settings"]["lang"], "en");
}

#[test]
fn the_report_never_shows_a_phone_number() {
    // Every phone number in the fixture, as written and as bare digits.
    let numbers = [
        "090-1234-5678",
        "+1 415 555 2671",
        "０８０－１１１１－２２２２",
        "09012345678",
        "070-2222-3333",
        "03-1234-5678",
        "+81 90-9876-5432",
        "050-1234-5678",
        "+44 7700 900123",
        "０９０ー５５５５ー６６６６",
    ];
    let mut needles: Vec<String> = Vec::new();
    for n in numbers {
        needles.push(n.to_owned());
        let digits: String = n
            .chars()
            .filter_map(|c| {
                let c = char::from_u32(if ('０'..='９').contains(&c) {
                    c as u32 - '０' as u32 + '0' as u32
                } else {
                    c as u32
                })?;
                c.is_ascii_digit().then_some(c)
            })
            .collect();
        needles.push(digits.clone());
        needles.push(digits[digits.len() - 8..].to_owned());
    }
    // Rakuten's two entries share a user name that is a phone number: the
    // duplicate finding says so without printing it.
    let r = report(&[]);
    let dup = finding(&r, "account/duplicate", "Rakuten");
    assert!(dup["details"].get("username").is_none(), "{dup}");
    assert!(
        dup["message"]
            .as_str()
            .unwrap()
            .contains("a user name with a phone number")
    );
    for lang in ["en", "ja"] {
        for format in ["text", "json"] {
            let out = run(audit_cmd(&shopping()).args(["--lang", lang, "--format", format]));
            let all = format!("{}{}", stdout(&out), stderr(&out));
            for n in &needles {
                assert!(
                    !all.contains(n.as_str()),
                    "{lang} {format}: output shows {n}"
                );
            }
        }
    }
}

fn with_policy(text: &str, extra: &[&str]) -> (std::process::Output, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap().keep();
    let p = dir.join("policy.toml");
    std::fs::write(&p, text).unwrap();
    let out = run(audit_cmd(&shopping())
        .args(["--format", "json", "--fail-on", "never"])
        .arg("--config")
        .arg(&p)
        .args(extra));
    (out, p)
}

#[test]
fn the_policy_file_changes_what_is_required() {
    let (out, path) = with_policy(
        r#"
[rules."account/no-2fa"]
severity = "critical"
categories = ["shopping", "banking", "email"]

[rules."account/no-phone"]
categories = []

[categories.shopping]
remove-domains = ["aliexpress.com"]
remove-groups = ["Shopping"]
add-groups = ["General"]
"#,
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = json(&out);
    assert_eq!(r["settings"]["config"], path.display().to_string());
    let got = account_findings(&r);
    let want = set(&[
        ("account/no-2fa", "Seller Central"),
        ("account/no-2fa", "Qoo10"),
        ("account/no-2fa", "Amazon DE"),
        // banking and email are required now
        ("account/no-2fa", "Mizuho"),
        ("account/no-2fa", "Gmail"),
        ("account/no-2fa", "Yahoo! JAPAN ID"),
        // the group General is shopping now; Shopping is not (AliExpress
        // and Local bakery drop out)
        ("account/no-2fa", "AWS console"),
        ("account/no-2fa", "Rakuten Mobile"),
        ("account/no-2fa", "Shopping list"),
    ]);
    assert_eq!(got, want);
    for f in r["findings"].as_array().unwrap() {
        if f["rule"] == "account/no-2fa" {
            assert_eq!(f["severity"], "critical");
        }
    }
    assert_eq!(
        finding(&r, "account/no-2fa", "Mizuho")["details"]["category"],
        "banking"
    );
    // A known bank with no 2FA in the directory: the finding says so.
    assert_eq!(
        finding(&r, "account/no-2fa", "Mizuho")["details"]["two_factor_offered"],
        "not-offered"
    );
    let s = &r["summary"];
    assert_eq!(s["critical"], 9);
}

#[test]
fn a_policy_of_your_own_category_and_severity_changes_for_any_rule() {
    let (out, _) = with_policy(
        r#"
lang = "ja"
[rules."account/no-2fa"]
categories = ["family"]
[rules."account/no-phone"]
categories = ["family"]
severity = "low"
[rules."account/duplicate"]
severity = "medium"
[categories.family]
add-domains = ["example.jp"]
add-tags = ["家族"]
"#,
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = json(&out);
    assert_eq!(r["settings"]["lang"], "ja");
    // bakery.example.jp is the only example.jp host.
    assert_eq!(
        account_findings(&r),
        set(&[
            ("account/no-2fa", "Local bakery"),
            ("account/no-phone", "Local bakery")
        ])
    );
    assert_eq!(
        finding(&r, "account/no-phone", "Local bakery")["severity"],
        "low"
    );
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "account/duplicate")
            .all(|f| f["severity"] == "medium")
    );
    // --lang beats the file's lang.
    let (out, _) = with_policy("lang = \"ja\"\n", &["--lang", "en"]);
    assert_eq!(json(&out)["settings"]["lang"], "en");
}

#[test]
fn a_bad_policy_file_lists_every_problem_and_exits_2() {
    let (out, path) = with_policy(
        "lang = \"fr\"\n[rules.\"account/no-2fa\"]\ncategories = [\"bankng\"]\n[categories.shopping]\nadd-domain = [\"x.example\"]\n",
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("has 3 problems"), "{err}");
    let shown = path.display().to_string();
    assert!(err.contains(&format!("{shown}:1:8: lang must be")), "{err}");
    assert!(
        err.contains(&format!(
            "{shown}:3:15: unknown category 'bankng' (did you mean 'banking'?)"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{shown}:5:1: unknown key 'add-domain'")),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    assert!(!err.contains("panicked"));
    // One problem per line: the line breaks are printed, not escaped.
    assert!(!err.contains("\\u{000a}"), "{err}");
    assert!(
        err.lines()
            .any(|l| l.starts_with(&format!("  {shown}:3:15: unknown category"))),
        "{err}"
    );
    // In Japanese: the sentence and the hint in Japanese, the located
    // problems (which quote the file's keys) as they are.
    let (out, _) = with_policy(
        "lang = \"fr\"\n[rules.\"account/no-2fa\"]\ncategories = [\"bankng\"]\n",
        &["--lang", "ja"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2));
    let first = err.lines().next().unwrap();
    assert!(
        first.starts_with("kdbx-audit: エラー: 設定ファイル "),
        "{err}"
    );
    assert!(first.contains("直すところが2件あります"), "{err}");
    assert!(err.contains("kdbx-audit: ヒント: 書ける項目は"), "{err}");
    assert!(
        err.lines().any(|l| l.contains(":1:8: lang must be")),
        "{err}"
    );

    for text in ["[rules\n", "lang = 1\n", "\u{0}\u{1}garbage = = =\n"] {
        let (out, _) = with_policy(text, &[]);
        assert_eq!(out.status.code(), Some(2), "{text:?}");
        assert!(stderr(&out).contains("policy file"), "{}", stderr(&out));
    }
    // Not UTF-8
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bin.toml");
    std::fs::write(&p, [0xff, 0xfe, 0x00]).unwrap();
    let out = run(audit_cmd(&shopping()).arg("--config").arg(&p));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not UTF-8"));
    // Missing --config file
    let out = run(audit_cmd(&shopping()).args(["--config", "/nonexistent/policy.toml"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read the policy file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn policy_file_search_order() {
    let dir = tempfile::tempdir().unwrap();
    let cwd = dir.path().join("work");
    let conf = dir.path().join("conf");
    std::fs::create_dir_all(&cwd).unwrap();
    std::fs::create_dir_all(conf.join("kdbx-audit")).unwrap();
    let v = shopping();
    let cmd = |extra: &[&str]| {
        let mut c = audit_cmd(&v);
        c.current_dir(&cwd)
            .env("XDG_CONFIG_HOME", &conf)
            .args(["--format", "json", "--fail-on", "never"])
            .args(extra);
        c
    };
    let config_of = |extra: &[&str]| {
        let out = run(&mut cmd(extra));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        json(&out)["settings"]["config"].clone()
    };
    assert_eq!(config_of(&[]), serde_json::Value::Null);
    let user = conf.join("kdbx-audit/config.toml");
    std::fs::write(&user, "lang = \"ja\"\n").unwrap();
    assert_eq!(config_of(&[]), user.display().to_string());
    let local = cwd.join("kdbx-audit.toml");
    std::fs::write(&local, "lang = \"en\"\n").unwrap();
    assert_eq!(config_of(&[]), local.display().to_string());
    assert_eq!(config_of(&["--no-config"]), serde_json::Value::Null);
    // KDBX_AUDIT_CONFIG names the file like --config.
    let out = run(cmd(&[]).env("KDBX_AUDIT_CONFIG", &user));
    assert_eq!(json(&out)["settings"]["config"], user.display().to_string());
    // A broken file found by the search is an error too, not ignored.
    std::fs::write(&local, "nope = 1\n").unwrap();
    let out = run(&mut cmd(&[]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown key 'nope'"));
}

#[test]
fn the_text_report_lists_the_accounts_and_their_signs() {
    let out = run(audit_cmd(&shopping()).args(["--color", "never", "--lang", "en"]));
    let text = stdout(&out);
    assert!(
        text.contains("Accounts checked for 2FA, a phone number and passkeys (19):"),
        "{text}"
    );
    assert!(
        text.contains("ZOZOTOWN: Shops / ZOZOTOWN  2FA passkey (field KPEX_PASSKEY_CREDENTIAL_ID), no phone noted"),
        "{text}"
    );
    assert!(text.contains(
        "Amazon: Shops / Amazon JP (+1 more)  2FA app (field otp), phone (field 電話番号)"
    ));
    assert!(text.contains("Qoo10: Shops / Qoo10  2FA OFF (notes line 2段階認証)"));
}

#[test]
fn a_policy_that_requires_nothing_skips_the_check() {
    let (out, _) = with_policy(
        "[rules.\"account/no-2fa\"]\ncategories = []\n[rules.\"account/no-phone\"]\ncategories = []\n\
         [rules.\"account/passkey-available\"]\ncategories = []\n[rules.\"account/sms-only-2fa\"]\ncategories = []\n\
         [rules.\"account/phone-outdated\"]\ncategories = []\n[rules.\"account/recovery-email-weak\"]\ncategories = []\n",
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = json(&out);
    assert!(account_findings(&r).is_empty());
    assert!(r["accounts"].as_array().unwrap().is_empty());
    let c = r["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "accounts")
        .unwrap()
        .clone();
    assert_eq!(c["status"], "skipped");
    assert!(c["reason"].as_str().unwrap().contains("no category"));
}

#[test]
fn the_text_report_lists_the_accounts_in_japanese() {
    let out = run(audit_cmd(&shopping()).args(["--color", "never", "--lang", "ja"]));
    let text = stdout(&out);
    assert!(
        text.contains("2段階認証・電話番号・パスキーを確認したアカウント（19件）:"),
        "{text}"
    );
    assert!(text.contains(
        "Amazon.co.jp: Shops / Amazon JP（他1件）  2段階認証 認証アプリ（フィールド「otp」）、電話番号（フィールド「電話番号」）"
    ), "{text}");
    assert!(text.contains("Qoo10: Shops / Qoo10  2段階認証 無効（メモの「2段階認証」の行）"));
    assert!(text.contains("楽天市場（楽天ID）: Shops / Rakuten（他1件）  2段階認証 認証アプリ（フィールド「TimeOtp-Secret-Base32」）、電話番号（ユーザー名）"));
}

#[test]
fn no_config_wins_over_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.toml");
    std::fs::write(&p, "lang = \"ja\"\n").unwrap();
    let out = run(audit_cmd(&shopping())
        .args(["--format", "json", "--fail-on", "never", "--no-config"])
        .env("KDBX_AUDIT_CONFIG", &p));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["settings"]["config"], serde_json::Value::Null);
    // And the text report names a policy file that was used (in the
    // policy's language).
    let out = run(audit_cmd(&shopping())
        .args(["--color", "never", "--fail-on", "never"])
        .env("KDBX_AUDIT_CONFIG", &p));
    assert!(stdout(&out).contains(&format!("ポリシーファイル: {}", p.display())));
}
