//! `account/passkey-available` and `account/sms-only-2fa` on shopping.kdbx
//! (written by keepassxc-cli from tests/fixtures/src/shopping.xml), the
//! site data's dates in `--version` and the report, and `kdbx-audit sites`.

use std::collections::BTreeSet;

use crate::common::*;

fn report(extra: &[&str]) -> serde_json::Value {
    shopping_report(extra)
}

fn titles_of(r: &serde_json::Value, rule: &str) -> BTreeSet<String> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| f["entries"][0]["title"].as_str().unwrap().to_owned())
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn exactly_the_accounts_without_a_passkey_on_passkey_sites() {
    let r = report(&[]);
    assert_eq!(
        titles_of(&r, "account/passkey-available"),
        set(&[
            // Amazon (every storefront is Amazon's passkeys.directory record)
            "Amazon JP",
            "Amazon US",
            "Amazon DE",
            "Amazon FR",
            // the Yahoo! JAPAN ID (passwordless)
            "Yahoo Shopping",
            "PayPayモール",
            "eBay",
            // no 2FA in 2fa.directory, passkeys as a second factor
            "AliExpress",
        ])
    );
    // Amazon UK holds a KeePassXC passkey: nothing at all for it.
    for f in r["findings"].as_array().unwrap() {
        let named = f["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["title"] == "Amazon UK");
        assert!(!named, "Amazon UK: {f}");
    }
    let uk = r["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["entries"][0]["title"] == "Amazon UK")
        .unwrap();
    assert_eq!(uk["passkeys"]["accepted"], true);
    assert_eq!(uk["passkeys"]["held"], true);
    assert_eq!(uk["passkeys"]["sign"]["kind"], "passkey");
    assert_eq!(uk["two_factor"]["method"], "passkey");
    // ZOZOTOWN and ヨドバシ hold passkeys but are not in passkeys.directory;
    // Seller Central is not either (no guess from amazon.co.jp); Rakuten,
    // Mercari, Qoo10 and sites neither list knows get nothing.
    let accounts = r["accounts"].as_array().unwrap();
    for title in [
        "ZOZOTOWN",
        "Seller Central",
        "Rakuten",
        "Local bakery",
        "八百屋オンライン",
    ] {
        let a = accounts
            .iter()
            .find(|a| a["entries"][0]["title"] == title)
            .unwrap_or_else(|| panic!("{title}"));
        assert_eq!(a["passkeys"]["accepted"], false, "{title}");
        assert!(
            a["rules"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x == "account/passkey-available"),
            "{title}: the rule applied and found nothing"
        );
    }
    // The Amazon finding gives the per-region note and the page.
    let jp = finding(&r, "account/passkey-available", "Amazon JP");
    assert_eq!(jp["severity"], "low");
    assert_eq!(jp["details"]["site"], "Amazon");
    assert_eq!(jp["details"]["passwordless"], true);
    let fix = jp["remediation"].as_str().unwrap();
    assert!(fix.contains("per regional site"), "{fix}");
    assert!(fix.contains("https://www.amazon.com/gp/help/"), "{fix}");
    assert!(fix.contains("the password can be retired"), "{fix}");
    assert!(
        jp["message"]
            .as_str()
            .unwrap()
            .starts_with("Amazon accepts passkeys")
    );
    // AliExpress: a passkey as the second factor, not instead of the password.
    let ali = finding(&r, "account/passkey-available", "AliExpress");
    assert_eq!(ali["details"]["passwordless"], false);
    assert!(
        ali["remediation"]
            .as_str()
            .unwrap()
            .contains("second factor")
    );
    // A site without our own advice: the directory's page and note.
    let ebay = finding(&r, "account/passkey-available", "eBay");
    let fix = ebay["remediation"].as_str().unwrap();
    assert!(fix.contains("https://www.ebay.com/help/"), "{fix}");
    assert!(fix.contains("Cannot register multiple passkeys"), "{fix}");
}

#[test]
fn sms_only_where_the_site_offers_an_app() {
    let r = report(&[]);
    assert_eq!(
        titles_of(&r, "account/sms-only-2fa"),
        set(&["eBay", "Amazon FR"])
    );
    let fr = finding(&r, "account/sms-only-2fa", "Amazon FR");
    assert_eq!(fr["severity"], "low");
    assert_eq!(
        fr["details"]["two_factor_methods_noted"],
        serde_json::json!(["sms"])
    );
    assert_eq!(
        fr["details"]["two_factor_methods_offered"],
        serde_json::json!(["sms", "call", "totp"])
    );
    assert_eq!(
        fr["message"],
        "Amazon: the only second factor noted is SMS; the site also offers: authenticator app"
    );
    let fix = fr["remediation"].as_str().unwrap();
    assert!(
        fix.contains("before an authenticator app can be added"),
        "{fix}"
    );
    // 八百屋オンライン declares SMS too, but the site is in neither list.
    assert!(!titles_of(&r, "account/sms-only-2fa").contains("八百屋オンライン"));
    // A stored app secret (Amazon JP) or a passkey (Amazon UK) is not SMS-only.
    let ebay = finding(&r, "account/sms-only-2fa", "eBay");
    assert!(
        ebay["remediation"]
            .as_str()
            .unwrap()
            .contains("On eBay, add one of these as well (authenticator app)")
    );
}

#[test]
fn both_rules_in_japanese() {
    let r = report(&["--lang", "ja"]);
    let jp = finding(&r, "account/passkey-available", "Amazon JP");
    assert_eq!(
        jp["message"],
        "Amazon.co.jpはパスキーに対応していますが、このアカウントにパスキーの記録がありません"
    );
    let fix = jp["remediation"].as_str().unwrap();
    assert!(fix.contains("地域のサイトごと"), "{fix}");
    assert!(fix.contains("パスワードは引退"), "{fix}");
    let fr = finding(&r, "account/sms-only-2fa", "Amazon FR");
    assert_eq!(
        fr["message"],
        "Amazon: 記録されている2段階認証はSMSだけですが、このサイトは認証アプリにも対応しています"
    );
    assert!(
        fr["remediation"]
            .as_str()
            .unwrap()
            .contains("認証アプリを追加する前に電話番号")
    );
}

#[test]
fn the_policy_scopes_and_grades_the_new_rules() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.toml");
    std::fs::write(
        &p,
        "[rules.\"account/passkey-available\"]\ncategories = []\n\n[rules.\"account/sms-only-2fa\"]\nseverity = \"medium\"\n",
    )
    .unwrap();
    let r = report(&["--config", p.to_str().unwrap()]);
    assert!(titles_of(&r, "account/passkey-available").is_empty());
    assert_eq!(
        finding(&r, "account/sms-only-2fa", "eBay")["severity"],
        "medium"
    );
}

#[test]
fn site_data_dates_in_version_and_report() {
    let out = run(cmd().arg("--version"));
    let v = stdout(&out);
    assert!(v.contains("2fa.directory 2026-08-04"), "{v}");
    assert!(v.contains("passkeys.directory 2026-08-04"), "{v}");
    let r = report(&[]);
    assert_eq!(r["tool"]["data"]["2fa.directory"], "2026-08-04");
    assert_eq!(r["tool"]["data"]["passkeys.directory"], "2026-08-04");
    // The licence notices travel with the data.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let credit = std::fs::read_to_string(root.join("data/passkeys-directory/README.md")).unwrap();
    assert!(credit.contains("passkeys.directory (2factorauth)"));
    assert!(credit.contains("https://creativecommons.org/licenses/by/4.0/"));
    assert!(root.join("data/passkeys-directory/LICENSE.md").exists());
}

#[test]
fn sites_shows_what_the_tool_knows() {
    let out = run(cmd().args(["sites", "https://www.amazon.co.jp/gp/", "--lang", "en"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = stdout(&out);
    for want in [
        "www.amazon.co.jp",
        "Site: Amazon (2fa.directory record amazon.com)",
        "Shopping account: yes",
        "Two-step verification offered: SMS, phone call, authenticator app",
        "SMS or phone call required to enable 2FA",
        "Passkeys: accepted (Amazon); instead of the password: yes; as a second factor: no",
        "Passkeys must be activated individually",
        "passkeys.directory (2factorauth) snapshot 2026-08-04, CC BY 4.0",
    ] {
        assert!(s.contains(want), "missing {want:?}:\n{s}");
    }
    let seller = stdout(&run(cmd().args([
        "sites",
        "sellercentral.amazon.co.jp",
        "--lang",
        "en",
    ])));
    assert!(seller.contains("kdbx-audit's own list"), "{seller}");
    assert!(seller.contains("Passkeys: not listed"), "{seller}");
    let ja = stdout(&run(cmd().args([
        "sites",
        "shopping.yahoo.co.jp",
        "--lang",
        "ja",
    ])));
    assert!(ja.contains("ショッピングのアカウント: はい"), "{ja}");
    assert!(ja.contains("パスキー: 対応（Yahoo! [JP]）"), "{ja}");
    let gmail = stdout(&run(cmd().args([
        "sites",
        "mail.google.com",
        "--lang",
        "en",
    ])));
    assert!(
        gmail.contains("Shopping account: no") || gmail.contains("in neither"),
        "{gmail}"
    );
    let unknown = stdout(&run(cmd().args([
        "sites",
        "bakery.example.jp",
        "--lang",
        "en",
    ])));
    assert!(
        unknown.contains("in neither 2fa.directory nor passkeys.directory"),
        "{unknown}"
    );
    for bad in ["", "not a domain", "localhost", "\u{1b}[2J"] {
        let out = run(cmd().args(["sites", bad]));
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(stderr(&out).contains("is not a domain name or URL"));
        assert!(!stderr(&out).contains('\u{1b}'));
    }
}

#[test]
fn sites_takes_several_domains_and_prints_json_for_scripts() {
    let out = run(cmd().args(["sites", "amazon.co.jp", "7net.omni7.jp", "--lang", "en"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = stdout(&out);
    let amazon = s.find("amazon.co.jp\n").unwrap();
    let seven = s.find("7net.omni7.jp\n").unwrap();
    assert!(amazon < seven, "{s}");
    // One data credit, at the end.
    assert_eq!(s.matches("Site data: 2fa.directory").count(), 1, "{s}");
    assert!(s.trim_end().ends_with("4.0/)."), "{s}");

    let out = run(cmd().args([
        "sites",
        "www.uniqlo.com",
        "https://direct.jp-bank.japanpost.jp/",
        "--format",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    let sites = v["sites"].as_array().unwrap();
    assert_eq!(sites.len(), 2);
    assert_eq!(sites[0]["domain"], "www.uniqlo.com");
    assert_eq!(sites[0]["site"]["id"], "uniqlo.com");
    assert_eq!(sites[0]["site"]["source"], "kdbx-audit");
    assert_eq!(sites[0]["site"]["shopping"], true);
    assert_eq!(sites[0]["site"]["two_factor_offered"], "unknown");
    let facts = &sites[0]["japanese_site_data"];
    assert_eq!(facts["name_ja"], "ユニクロ");
    assert!(
        facts["unsourced"]
            .as_array()
            .unwrap()
            .contains(&"methods".into())
    );
    assert!(!facts["sources"].as_array().unwrap().is_empty());
    assert!(sites[1]["site"].is_null());
    assert_eq!(v["data"]["kdbx-audit-jp-sites"], "2026-12-02");

    // One bad argument: nothing printed, exit 2.
    let out = run(cmd().args(["sites", "amazon.co.jp", "not a domain"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

/// The directories' notes are English: a Japanese report does not quote
/// them (an English one does).
#[test]
fn a_japanese_report_quotes_no_english_directory_note() {
    for (lang, quoted) in [("ja", false), ("en", true)] {
        let r = report(&["--lang", lang]);
        let notes = r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| {
                let fix = f["remediation"].as_str().unwrap_or("");
                fix.contains("directory notes") || fix.contains("の注記")
            })
            .count();
        assert_eq!(
            notes > 0,
            quoted,
            "{lang}: {notes} fixes quote a directory note"
        );
    }
}
