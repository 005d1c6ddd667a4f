//! Trust under attack (issue 15): each test is named after an attack and
//! reproduces it with a vault, a file system or a network we did not write
//! ourselves. Vaults are written by keepassxc-cli (tests/fixtures); the
//! hostile headers are those vaults with one header value changed, as an
//! attacker would.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use sha1::Digest as _;

use crate::common::*;

/// `audit attack.kdbx` (see tests/fixtures/src/make_attack_xml.py).
fn attack_cmd() -> std::process::Command {
    let mut c = cmd();
    c.args(["audit", "--as-of", AS_OF])
        .arg(fixture("attack.kdbx"))
        .arg("--password-file")
        .arg(fixture("attack.password"))
        .args(["--breach", "off"]);
    c
}

/// Every secret of attack.kdbx: passwords, a protected field, an OTP
/// secret, a passkey key, and a URL's credentials, token, phone number and
/// fragment.
const ATTACK_SECRETS: &[&str] = &[
    "Bank-SECRET-pw-7781",
    "Pin-SECRET-4242",
    "SECRETOTPJBSWY3DPEHPK3PXP",
    "PasskeySECRETkey9911",
    "Url-SECRET-cred-5150",
    "Tok-SECRET-6060",
    "09012345678",
    "frag-SECRET",
    "test-only attack master pw 9E1D",
];

fn sha1_hex_of(s: &str) -> String {
    sha1::Sha1::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn assert_no_secret(label: &str, text: &str) {
    let plain = unescaped(text);
    for s in ATTACK_SECRETS {
        let hex = sha1_hex_of(s);
        for hay in [text, plain.as_str()] {
            assert!(!hay.contains(s), "{label}: output contains {s}");
            assert!(
                !hay.to_lowercase().contains(&hex),
                "{label}: output contains sha1({s})"
            );
        }
    }
}

#[test]
fn reference_in_displayed_fields_never_prints_the_referenced_secret() {
    for lang in ["en", "ja"] {
        for format in ["json", "text", "markdown", "html"] {
            let out = run(attack_cmd().args(["--format", format, "--lang", lang]));
            let label = format!("{format}/{lang}");
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "{label}: {}",
                stderr(&out)
            );
            assert_no_secret(&format!("{label} stdout"), &stdout(&out));
            assert_no_secret(&format!("{label} stderr"), &stderr(&out));
        }
    }
    // The fields that hold a reference show the reference.
    let r = json(&run(attack_cmd().args(["--format", "json"])));
    let dup = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "account/duplicate" && f["details"]["domain"] == "example.com")
        .expect("the two reference entries are one account");
    assert_eq!(
        dup["details"]["username"],
        "{ref:p@i:4b444258000940008000000000000001}"
    );
    let insecure: Vec<&serde_json::Value> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "entry/insecure-url")
        .collect();
    assert!(
        insecure.iter().any(|f| f["details"]["url"]
            == "http://forum.example.com/{REF:P@I:4B444258000940008000000000000001}{S:PIN}{S:otp}"),
        "{insecure:?}"
    );
}

#[test]
fn url_with_credentials_token_and_phone_number_is_shown_without_them() {
    let r = json(&run(attack_cmd().args(["--format", "json"])));
    let urls: Vec<(String, String)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "entry/insecure-url")
        .map(|f| {
            (
                f["entries"][0]["title"].as_str().unwrap().to_owned(),
                f["details"]["url"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // The URL itself, and the entry whose URL is a reference to it (compared
    // resolved, shown as written).
    assert!(
        urls.contains(&(
            "Cred URL".to_owned(),
            "http://forum.example.net/login".to_owned()
        )),
        "{urls:?}"
    );
    assert!(
        urls.contains(&(
            "URL by reference".to_owned(),
            "{REF:A@I:4B444258000940008000000000000004}".to_owned()
        )),
        "{urls:?}"
    );
}

#[test]
fn self_reference_explosion_is_bounded_and_warned() {
    let started = Instant::now();
    let out = run(attack_cmd().args(["--format", "json"]));
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let r = json(&out);
    let warnings = r["warnings"].to_string();
    assert!(
        warnings.contains("field references were skipped"),
        "{warnings}"
    );
    assert!(warnings.contains("could not be resolved"), "{warnings}");
    // The exploding entries are not audited as their literal text.
    assert!(
        !r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["entries"][0]["title"] == "Explode 0"
                && f["rule"].as_str().unwrap().starts_with("password/")),
        "{r}"
    );
}

/// A corpus file listing `password1` (Rakuten's, in audit.kdbx) `count` times.
fn corpus_with(dir: &Path, entries: &[(&str, u64)]) -> PathBuf {
    let p = dir.join("pwned.txt");
    write_sorted_corpus(&p, entries, 200, false);
    p
}

#[test]
fn exact_breach_count_is_reported_as_a_band() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_with(dir.path(), &[("password1", 9590)]);
    for lang in ["en", "ja"] {
        for format in ["json", "text", "markdown", "html"] {
            let out = run(audit_cmd(&find("audit.kdbx"))
                .args(["--breach"])
                .arg(&corpus)
                .args(["--format", format, "--lang", lang]));
            assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
            let text = stdout(&out);
            for needle in ["9590", "9,590", "9 590"] {
                assert!(!text.contains(needle), "{format}/{lang}: {needle}");
            }
            if format == "json" {
                let r = json(&out);
                assert_eq!(r["schema_version"], 2);
                assert_eq!(breached(&r)["Rakuten"], "1000+");
            } else if lang == "en" {
                assert!(text.contains("1,000 times or more"), "{format}: {text}");
            } else {
                assert!(text.contains("1,000回以上"), "{format}: {text}");
            }
        }
    }
}

/// A version 1 report as kdbx-audit 0.1 wrote it: this run's report with
/// the exact count and the old schema number.
fn as_version_1(report: &serde_json::Value, count: u64) -> serde_json::Value {
    let mut v = report.clone();
    v["schema_version"] = 1.into();
    for f in v["findings"].as_array_mut().unwrap() {
        let d = f["details"].as_object_mut().unwrap();
        if d.remove("breach_band").is_some() {
            d.insert("breach_count".to_owned(), count.into());
            f["message"] = format!(
                "Breached password: it appears {count} times in the Pwned Passwords corpus of leaked passwords"
            )
            .into();
        }
        if f["rule"] == "password/weak" {
            f["details"]["length"] = 9.into();
            f["message"] = "Weak password: strength score 0 of 4 (minimum 3), 9 characters".into();
        }
        for e in f["entries"].as_array_mut().unwrap() {
            e.as_object_mut().unwrap().remove("password_set_at");
        }
    }
    v
}

#[test]
fn version_1_reports_are_still_read_without_printing_their_counts() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_with(dir.path(), &[("password1", 9590)]);
    let out = run(audit_cmd(&find("audit.kdbx"))
        .args(["--breach"])
        .arg(&corpus)
        .args(["--format", "json"]));
    let old = dir.path().join("v1.json");
    std::fs::write(&old, as_version_1(&json(&out), 9590).to_string()).unwrap();
    // render reads it and shows the band, never the count.
    for format in ["text", "markdown", "html", "json"] {
        let out = run(cmd().arg("render").arg(&old).args(["--format", format]));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        assert!(!text.contains("9590"), "{format}");
        assert!(!text.contains("9 characters"), "{format}");
        assert!(text.contains("1,000 times or more"), "{format}");
    }
    // --baseline reads it, matches by the version 1 fingerprint (nothing
    // new), and asks once for a new baseline.
    let out = run(audit_cmd(&find("audit.kdbx"))
        .args(["--breach"])
        .arg(&corpus)
        .args(["--format", "json", "--baseline"])
        .arg(&old));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let r = json(&out);
    assert_eq!(r["baseline"]["new"], 0, "{}", r["baseline"]);
    let warnings = r["warnings"].to_string();
    assert_eq!(
        warnings.matches("schema_version 1").count(),
        1,
        "{warnings}"
    );
}

#[test]
fn breached_password_replaced_by_another_breached_password_is_new() {
    // audit-repw.kdbx is audit.kdbx after keepassxc-cli edit changed
    // Rakuten's password from one breached password (password1) to another
    // (qwerty): same entry, same rule, a new problem.
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_with(dir.path(), &[("password1", 50), ("qwerty", 5000)]);
    let before = dir.path().join("before.json");
    let out = run(audit_cmd(&find("audit.kdbx"))
        .args(["--breach"])
        .arg(&corpus)
        .args(["--format", "json", "-o"])
        .arg(&before));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let mut c = cmd();
    c.args(["audit", "--as-of", AS_OF])
        .arg(fixture("audit-repw.kdbx"))
        .arg("--password-file")
        .arg(fixture("audit.password"))
        .arg("--breach")
        .arg(&corpus)
        .args(["--format", "json", "--baseline"])
        .arg(&before);
    let r = json(&run(&mut c));
    let rakuten: Vec<&serde_json::Value> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "password/breached" && f["entries"][0]["title"] == "Rakuten")
        .collect();
    assert_eq!(rakuten.len(), 1);
    assert_eq!(rakuten[0]["baseline"], "new", "{}", rakuten[0]);
    // The other breached entries kept their passwords: known.
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "password/breached" && f["entries"][0]["title"] != "Rakuten")
            .all(|f| f["baseline"] == "known")
    );
    // The finding about the old password is resolved.
    assert!(
        r["resolved"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "password/breached" && f["entries"][0]["title"] == "Rakuten")
    );
}

#[test]
fn incomplete_lookups_do_not_resolve_baseline_findings() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_with(dir.path(), &[("password1", 50)]);
    let baseline = dir.path().join("baseline.json");
    let out = run(audit_cmd(&find("audit.kdbx"))
        .args(["--breach"])
        .arg(&corpus)
        .args(["--format", "json", "-o"])
        .arg(&baseline));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let before = std::fs::read_to_string(&baseline).unwrap();
    let before_score =
        serde_json::from_str::<serde_json::Value>(&before).unwrap()["summary"]["score"].clone();
    // Every lookup fails: nothing listens on this port.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{dead}");
    for format in ["json", "text", "markdown", "html"] {
        let out = run(audit_cmd(&find("audit.kdbx")).args([
            "--breach",
            "hibp",
            "--hibp-url",
            &url,
            "--hibp-retries",
            "0",
            "--format",
            format,
            "--baseline",
            baseline.to_str().unwrap(),
        ]));
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let text = stdout(&out);
        if format == "json" {
            let r = json(&out);
            assert_eq!(
                r["resolved"].as_array().unwrap().len(),
                0,
                "{}",
                r["resolved"]
            );
            let carried = r["not_rechecked"].as_array().unwrap();
            assert_eq!(carried.len(), 1);
            assert_eq!(carried[0]["rule"], "password/breached");
            assert_eq!(r["baseline"]["not_rechecked"], 1);
            assert_eq!(r["baseline"]["resolved"], 0);
            assert!(r["summary"]["score"].as_u64() <= before_score.as_u64());
            // Saved as a baseline, this incomplete run keeps the finding
            // known and says it is incomplete.
            let second = dir.path().join("incomplete.json");
            std::fs::write(&second, &text).unwrap();
            let again = run(audit_cmd(&find("audit.kdbx"))
                .args(["--breach"])
                .arg(&corpus)
                .args(["--format", "json", "--baseline"])
                .arg(&second));
            let r = json(&again);
            assert_eq!(r["baseline"]["new"], 0, "{}", r["baseline"]);
            assert!(
                r["warnings"].to_string().contains("incomplete run"),
                "{}",
                r["warnings"]
            );
        } else {
            assert!(!text.contains("Resolved since"), "{format}");
            assert!(text.contains("Not re-checked"), "{format}: {text}");
        }
    }
}

#[test]
fn closed_pipe_keeps_the_findings_exit_status() {
    let v = find("audit.kdbx");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(r#"set -o pipefail; "$@" | true"#)
        .arg("bash")
        .arg(env!("CARGO_BIN_EXE_kdbx-audit"))
        .args(["audit", "--as-of", AS_OF])
        .arg(fixture(&v.file))
        .arg("--password-file")
        .arg(fixture(v.password_file.as_deref().unwrap()))
        .args(["--breach", "off", "--format", "json"])
        .env_remove("KDBX_AUDIT_CONFIG")
        .env("HOME", "/nonexistent/kdbx-audit-tests")
        .env("XDG_CONFIG_HOME", "/nonexistent/kdbx-audit-tests")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn history_check_run_first_still_reads_the_lookups() {
    use kdbx_audit::checks::{self, Options};
    let v = find("history.kdbx");
    let pw = std::fs::read_to_string(fixture(v.password_file.as_deref().unwrap())).unwrap();
    let creds = kdbx_audit::unlock::Credentials {
        password: Some(kdbx_audit::secret::Secret::new(
            pw.lines().next().unwrap().to_owned(),
        )),
        keyfile: None,
    };
    let vault = kdbx_audit::unlock::open(&fixture("history.kdbx"), &creds).unwrap();
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let opts = Options {
        min_score: 3,
        breach: std::sync::Arc::new(kdbx_audit::lookups::Source::Hibp(
            kdbx_audit::lookups::hibp::Config {
                base_url: format!("http://127.0.0.1:{dead}"),
                retries: 0,
                ..Default::default()
            },
        )),
        progress: false,
        now: chrono::Utc::now(),
        policy: std::sync::Arc::new(Default::default()),
        lang: kdbx_audit::i18n::Lang::En,
        weak_budget: std::time::Duration::from_secs(30),
    };
    let vaults = [vault];
    let ctx = checks::Ctx::new(&vaults, &opts);
    // The history check alone, before (without) the breach check: the old
    // passwords' lookups failed, so it is incomplete, never complete.
    let history = checks::history::run(&ctx);
    assert_eq!(
        history.info.status,
        kdbx_audit::report::CheckStatus::Incomplete,
        "{:?}",
        history.info
    );
    let breach = checks::breach::run(&ctx);
    assert_eq!(
        breach.info.status,
        kdbx_audit::report::CheckStatus::Incomplete
    );
}

/// Spawn, and kill it if it has not ended within `secs`.
fn run_with_timeout(c: &mut std::process::Command, secs: u64) -> std::process::Output {
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!("still running after {secs} s: {}", stderr(&out));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn mkfifo(p: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(p)
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

#[test]
fn fifo_or_endless_device_as_vault_password_or_key_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let vault = fixture("audit.kdbx");
    let pwfile = fixture("audit.password");
    let cases: Vec<(Vec<std::ffi::OsString>, &str)> = vec![
        (
            vec![
                fifo.clone().into(),
                "--password-file".into(),
                pwfile.clone().into(),
            ],
            "named pipe",
        ),
        (
            vec![
                vault.clone().into(),
                "--password-file".into(),
                fifo.clone().into(),
            ],
            "named pipe",
        ),
        (
            vec![
                vault.clone().into(),
                "--password-file".into(),
                pwfile.clone().into(),
                "--keyfile".into(),
                fifo.clone().into(),
            ],
            "named pipe",
        ),
        (
            vec![
                vault.clone().into(),
                "--password-file".into(),
                "/dev/zero".into(),
            ],
            "character device",
        ),
        (
            vec![
                vault.clone().into(),
                "--password-file".into(),
                pwfile.clone().into(),
                "--keyfile".into(),
                "/dev/zero".into(),
            ],
            "character device",
        ),
        (
            vec![
                "/dev/zero".into(),
                "--password-file".into(),
                pwfile.clone().into(),
            ],
            "character device",
        ),
    ];
    for (args, want) in cases {
        let out = run_with_timeout(
            cmd()
                .args(["audit", "--as-of", AS_OF, "--breach", "off"])
                .args(&args),
            20,
        );
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(want), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn fifo_planted_as_the_policy_file_or_baseline_does_not_hang_the_run() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("kdbx-audit.toml"));
    let out = run_with_timeout(audit_cmd(&find("clean.kdbx")).current_dir(dir.path()), 20);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("named pipe"), "{}", stderr(&out));
    let baseline = dir.path().join("baseline.json");
    mkfifo(&baseline);
    let out = run_with_timeout(
        audit_cmd(&find("clean.kdbx"))
            .arg("--baseline")
            .arg(&baseline),
        20,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("named pipe"), "{}", stderr(&out));
}

#[test]
fn oversized_vault_and_password_line_are_refused_with_the_limit_named() {
    let dir = tempfile::tempdir().unwrap();
    // A real vault followed by 2 MiB of padding: over --max-vault-mib 1.
    let big = dir.path().join("big.kdbx");
    let mut data = std::fs::read(fixture("audit.kdbx")).unwrap();
    data.resize(data.len() + (2 << 20), 0);
    std::fs::write(&big, &data).unwrap();
    let out = run(cmd()
        .args([
            "audit",
            "--as-of",
            AS_OF,
            "--breach",
            "off",
            "--max-vault-mib",
            "1",
        ])
        .arg(&big)
        .arg("--password-file")
        .arg(fixture("audit.password")));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("larger than 1 MiB") && err.contains("--max-vault-mib"),
        "{err}"
    );
    // A password file whose first line never ends.
    let long = dir.path().join("long.password");
    std::fs::write(&long, vec![b'a'; 200 * 1024]).unwrap();
    let out = run(cmd()
        .args(["audit", "--as-of", AS_OF, "--breach", "off"])
        .arg(fixture("audit.kdbx"))
        .arg("--password-file")
        .arg(&long));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("longer than 64 KiB"),
        "{}",
        stderr(&out)
    );
}

/// A copy of a fixture vault with one 8-byte KDF value replaced: in the
/// KDBX 4 VariantDictionary (`key`: "R", "M" or "I"), or the KDBX 3.1
/// TransformRounds field (`key` = "rounds").
fn hostile_kdf(dir: &Path, file: &str, key: &str, value: u64) -> PathBuf {
    let mut data = std::fs::read(fixture(file)).unwrap();
    let major = u16::from_le_bytes([data[10], data[11]]);
    let mut pos = 12;
    let at = loop {
        let id = data[pos];
        let (len, head) = if major >= 4 {
            (
                u32::from_le_bytes(data[pos + 1..pos + 5].try_into().unwrap()) as usize,
                5,
            )
        } else {
            (
                u16::from_le_bytes([data[pos + 1], data[pos + 2]]) as usize,
                3,
            )
        };
        let start = pos + head;
        if major == 3 && id == 6 && key == "rounds" {
            break start;
        }
        if major >= 4 && id == 11 {
            let dict = &data[start..start + len];
            let mut needle = vec![0x05];
            needle.extend(1u32.to_le_bytes());
            needle.extend(key.as_bytes());
            needle.extend(8u32.to_le_bytes());
            let i = dict
                .windows(needle.len())
                .position(|w| w == needle.as_slice())
                .unwrap_or_else(|| panic!("{file}: no {key}"));
            break start + i + needle.len();
        }
        assert_ne!(id, 0, "{file}: field not found");
        pos = start + len;
    };
    data[at..at + 8].copy_from_slice(&value.to_le_bytes());
    let p = dir.join(format!("hostile-{key}-{file}"));
    std::fs::write(&p, &data).unwrap();
    p
}

fn audit_hostile(vault: &Path, password: &str, extra: &[&str]) -> std::process::Output {
    run_with_timeout(
        cmd()
            .args(["audit", "--as-of", AS_OF, "--breach", "off"])
            .arg(vault)
            .arg("--password-file")
            .arg(fixture(password))
            .args(extra),
        30,
    )
}

#[test]
fn kdf_header_claiming_absurd_work_is_refused_before_derivation() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        // 2^60 AES-KDF rounds, KDBX 4 (keepassxc-cli) and KDBX 3.1.
        ("audit.kdbx", "audit.password", "R", 1u64 << 60, "AES-KDF"),
        (
            "kdbx31.kdbx",
            "kdbx31.password",
            "rounds",
            1 << 60,
            "AES-KDF",
        ),
        // 2^31 Argon2 iterations of 1 MiB.
        (
            "py-argon2id-twofish.kdbx",
            "py-argon2id-twofish.password",
            "I",
            1 << 31,
            "iterations",
        ),
        // 2^32 iterations: more than the derivation can even take.
        (
            "py-argon2id-twofish.kdbx",
            "py-argon2id-twofish.password",
            "I",
            1 << 32,
            "parameters no KeePass program writes",
        ),
        // 64 GiB of Argon2 memory.
        (
            "py-argon2id-twofish.kdbx",
            "py-argon2id-twofish.password",
            "M",
            64 << 30,
            "64 GiB",
        ),
    ];
    for (file, password, key, value, want) in cases {
        let hostile = hostile_kdf(dir.path(), file, key, value);
        let started = Instant::now();
        let out = audit_hostile(&hostile, password, &[]);
        assert!(started.elapsed() < Duration::from_secs(10), "{file} {key}");
        assert_eq!(out.status.code(), Some(2), "{file} {key}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(want), "{file} {key}: {err}");
        assert!(err.contains("was not opened"), "{err}");
        if key != "M" && value < 1 << 32 {
            assert!(err.contains("--max-unlock-seconds"), "{err}");
        }
    }
}

#[test]
fn refused_member_of_a_household_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = hostile_kdf(dir.path(), "audit.kdbx", "R", 1 << 60);
    let out = run_with_timeout(
        cmd()
            .args([
                "audit", "--as-of", AS_OF, "--breach", "off", "--format", "json",
            ])
            .arg(fixture("audit.kdbx"))
            .arg(&hostile)
            .arg("--password-file")
            .arg(fixture("audit.password")),
        30,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let r = json(&out);
    assert_eq!(r["vaults"].as_array().unwrap().len(), 1);
    let failed = &r["vaults_failed"][0]["reason"];
    assert!(failed.as_str().unwrap().contains("AES-KDF"), "{failed}");
}

#[test]
fn output_over_an_input_is_refused_and_the_input_survives() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let copy = |name: &str| {
        let p = d.join(name);
        std::fs::copy(fixture(name), &p).unwrap();
        p
    };
    let vault = copy("keyx.kdbx");
    let key = copy("keyx.keyx");
    let pw = copy("keyx.password");
    let policy = d.join("policy.toml");
    std::fs::write(&policy, "lang = \"en\"\n").unwrap();
    let corpus = corpus_with(d, &[("password1", 3)]);
    let link = d.join("link-to-vault");
    std::os::unix::fs::symlink(&vault, &link).unwrap();
    let hard = d.join("hard-link-to-key");
    std::fs::hard_link(&key, &hard).unwrap();
    let base = || {
        let mut c = cmd();
        c.args(["audit", "--as-of", AS_OF, "--format", "json"])
            .arg(&vault)
            .arg("--keyfile")
            .arg(&key)
            .arg("--password-file")
            .arg(&pw)
            .arg("--config")
            .arg(&policy)
            .arg("--breach")
            .arg(&corpus);
        c
    };
    for (target, what) in [
        (&vault, "vault"),
        (&key, "key file"),
        (&pw, "password file"),
        (&policy, "policy file"),
        (&corpus, "breach corpus"),
        (&link, "vault"),
        (&hard, "key file"),
    ] {
        let before = std::fs::read(target).unwrap();
        let out = run(base().arg("-o").arg(target));
        assert_eq!(out.status.code(), Some(2), "{what}: {}", stderr(&out));
        assert!(stderr(&out).contains(what), "{}", stderr(&out));
        assert_eq!(std::fs::read(target).unwrap(), before, "{what} was changed");
    }
    // The household file too.
    let family = d.join("family.toml");
    std::fs::write(
        &family,
        "[[vault]]\nname = \"A\"\npath = \"keyx.kdbx\"\nkeyfile = \"keyx.keyx\"\npassword_file = \"keyx.password\"\n",
    )
    .unwrap();
    let before = std::fs::read(&family).unwrap();
    let out = run(cmd()
        .args(["audit", "--as-of", AS_OF, "--breach", "off", "--family"])
        .arg(&family)
        .arg("-o")
        .arg(&family));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(std::fs::read(&family).unwrap(), before);
    // Writing over the --baseline file is what a scheduled job does.
    let b = d.join("baseline.json");
    let out = run(base().arg("-o").arg(&b));
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let out = run(base().arg("--baseline").arg(&b).arg("-o").arg(&b));
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&b).unwrap()).unwrap();
    assert!(written["baseline"].is_object());
    // render: never over the report it reads.
    let out = run(cmd().arg("render").arg(&b).arg("-o").arg(&b));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn planted_fifo_at_the_output_path_receives_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.json");
    mkfifo(&fifo);
    // The attacker reads the FIFO (non-blocking, so the test cannot hang).
    let mut reader = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc_o_nonblock())
            .open(&fifo)
            .unwrap()
    };
    let out = run_with_timeout(
        audit_cmd(&find("audit.kdbx"))
            .args(["--format", "json", "-o"])
            .arg(&fifo),
        30,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("named pipe"), "{}", stderr(&out));
    let mut got = Vec::new();
    let _ = reader.read_to_end(&mut got);
    assert!(got.is_empty(), "the FIFO received {} bytes", got.len());
    // A symbolic link of ours to the FIFO: refused too.
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    let out = run_with_timeout(
        audit_cmd(&find("audit.kdbx"))
            .args(["--format", "json", "-o"])
            .arg(&link),
        30,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let _ = reader.read_to_end(&mut got);
    assert!(got.is_empty());
}

fn libc_o_nonblock() -> i32 {
    0o4000 // O_NONBLOCK on Linux
}

#[test]
fn symlink_planted_by_another_user_at_the_output_path_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim-bashrc");
    std::fs::write(&victim, "precious").unwrap();
    let link = dir.path().join("report.html");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    // Give the link to another user (nobody), as if planted in /tmp.
    let chowned = std::process::Command::new("chown")
        .args(["-h", "65534:65534"])
        .arg(&link)
        .status()
        .is_ok_and(|s| s.success());
    if !chowned {
        eprintln!("skipped: cannot give a link to another user here (not root)");
        return;
    }
    let out = run(audit_cmd(&find("audit.kdbx"))
        .args(["--format", "html", "-o"])
        .arg(&link));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("owned by another user"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn core_dump_of_an_aborted_run_is_disabled() {
    let dir = tempfile::tempdir().unwrap();
    // Blocks reading the password from a pipe we keep open: hardening has
    // run by then (it is the first thing main does).
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -c unlimited 2>/dev/null; exec "$0" "$@""#)
        .arg(env!("CARGO_BIN_EXE_kdbx-audit"))
        .args(["audit", "--breach", "off", "--password-stdin"])
        .arg(fixture("audit.kdbx"))
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let limits_path = format!("/proc/{pid}/limits");
    let deadline = Instant::now() + Duration::from_secs(10);
    let limit = loop {
        let text = std::fs::read_to_string(&limits_path).unwrap_or_default();
        let exe = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap_or_default();
        if exe.ends_with("kdbx-audit") {
            let line = text
                .lines()
                .find(|l| l.starts_with("Max core file size"))
                .unwrap_or("")
                .to_owned();
            let fields: Vec<&str> = line.split_whitespace().collect();
            if fields.get(4) == Some(&"0") {
                break line;
            }
        }
        assert!(Instant::now() < deadline, "core limit not 0: {text}");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(limit.split_whitespace().nth(5) == Some("0"), "{limit}");
    // Abort it, as a crash would: no core file.
    let _ = std::process::Command::new("kill")
        .args(["-ABRT", &pid.to_string()])
        .status();
    let _ = child.stdin.take();
    let _ = child.wait();
    let cores: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("core"))
        .collect();
    assert!(cores.is_empty(), "{cores:?}");
}

/// python3's pty module runs argv[1:] with a terminal as its standard
/// input, waits for WAIT (default "password") on the screen, types TYPED and
/// a newline, and prints the screen.
const ON_A_TERMINAL: &str = r#"
import os, pty, sys, time, select
argv = sys.argv[1:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(argv[0], argv)
out = b""
def pump(until, secs):
    global out
    end = time.time() + secs
    while time.time() < end and (until is None or until not in out):
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                return False
            if not chunk:
                return False
            out += chunk
    return True
pump(os.environ.get("WAIT", "password").encode(), 20)
os.write(fd, os.environ["TYPED"].encode() + b"\n")
pump(None, 20)
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.exit(os.waitstatus_to_exitcode(status))
"#;

/// `kdbx-audit audit --password-stdin … audit.kdbx` on a terminal (a
/// pty), typing audit.kdbx's password when `wait` is on the screen: the
/// screen and the exit status.
fn audit_on_a_terminal(extra: &[&str], wait: &str) -> (String, Option<i32>) {
    let pw = std::fs::read_to_string(fixture("audit.password")).unwrap();
    let pw = pw.lines().next().unwrap().to_owned();
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(ON_A_TERMINAL)
        .arg(env!("CARGO_BIN_EXE_kdbx-audit"))
        .args([
            "audit",
            "--as-of",
            AS_OF,
            "--breach",
            "off",
            "--password-stdin",
        ])
        .args(extra)
        .arg(fixture("audit.kdbx"))
        .env("TYPED", &pw)
        .env("WAIT", wait)
        .env_remove("KDBX_AUDIT_PASSWORD")
        .env("HOME", "/nonexistent/kdbx-audit-tests")
        .env("XDG_CONFIG_HOME", "/nonexistent/kdbx-audit-tests")
        .output()
        .expect("python3");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

#[test]
fn password_stdin_on_a_terminal_is_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.json");
    let pw = std::fs::read_to_string(fixture("audit.password")).unwrap();
    let pw = pw.lines().next().unwrap();
    let (screen, code) = audit_on_a_terminal(
        &["--format", "json", "-o", report.to_str().unwrap()],
        "password",
    );
    assert!(!screen.contains(pw), "the password was echoed: {screen}");
    assert!(screen.contains("Master password"), "{screen}");
    assert_eq!(code, Some(1), "{screen}");
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("schema_version")
    );
}

/// The prompt is in the report's language.
#[test]
fn the_prompt_speaks_the_reports_language() {
    let pw = std::fs::read_to_string(fixture("audit.password")).unwrap();
    let pw = pw.lines().next().unwrap();
    let (screen, _) = audit_on_a_terminal(
        &["--lang", "ja", "--format", "json", "-o", "/dev/null"],
        "マスターパスワード: ",
    );
    assert!(
        screen.contains("audit.kdbx のマスターパスワード: "),
        "{screen}"
    );
    assert!(!screen.contains("Master password"), "{screen}");
    assert!(!screen.contains(pw), "{screen}");
}

#[test]
fn quiet_run_that_exits_2_still_says_why() {
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let out = run(audit_cmd(&find("clean.kdbx")).args([
        "--breach",
        "hibp",
        "--hibp-url",
        &format!("http://127.0.0.1:{dead}"),
        "--hibp-retries",
        "0",
        "-q",
    ]));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("incomplete") && err.contains("breach"),
        "{err}"
    );
}

#[test]
fn backdating_through_the_environment_is_announced() {
    let v = find("clean.kdbx");
    let mut c = cmd();
    c.arg("audit")
        .arg(fixture(&v.file))
        .arg("--password-file")
        .arg(fixture(v.password_file.as_deref().unwrap()))
        .args(["--breach", "off", "--format", "json", "-q"])
        .env("KDBX_AUDIT_AS_OF", "2020-01-01");
    let out = run(&mut c);
    let err = stderr(&out);
    assert!(
        err.contains("KDBX_AUDIT_AS_OF") && err.contains("2020-01-01"),
        "{err}"
    );
    let r = json(&out);
    assert_eq!(r["settings"]["as_of"], "2020-01-01T00:00:00Z");
    assert_eq!(r["settings"]["as_of_source"], "KDBX_AUDIT_AS_OF");
    assert!(r["warnings"].to_string().contains("KDBX_AUDIT_AS_OF"));
    // The flag is a choice made on the command line: recorded, not shouted.
    let out = run(audit_cmd(&v).args(["--format", "json"]));
    let r = json(&out);
    assert_eq!(r["settings"]["as_of_source"], "--as-of");
    assert!(!stderr(&out).contains("KDBX_AUDIT_AS_OF"));
}

#[test]
fn policy_file_planted_in_the_working_directory_is_announced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kdbx-audit.toml"), "lang = \"en\"\n").unwrap();
    let v = find("clean.kdbx");
    let out = run(audit_cmd(&v).current_dir(dir.path()).arg("-q"));
    let err = stderr(&out);
    assert!(
        err.contains("kdbx-audit.toml") && err.contains("working directory"),
        "{err}"
    );
    let out = run(audit_cmd(&v).current_dir(dir.path()).arg("--no-config"));
    assert!(!stderr(&out).contains("kdbx-audit.toml"));
}

#[test]
fn plain_http_range_api_on_the_network_is_refused() {
    for url in [
        "http://pwned.example.com",
        "http://10.0.0.5:8080",
        "http://[2001:db8::1]",
    ] {
        let out = run(audit_cmd(&find("clean.kdbx")).args(["--breach", "hibp", "--hibp-url", url]));
        assert_eq!(out.status.code(), Some(2), "{url}");
        assert!(stderr(&out).contains("plain http://"), "{}", stderr(&out));
    }
}

/// A range API over TLS with a certificate of the test CA
/// (tests/fixtures/tls/private-ca.pem), answering every prefix
/// with a padding line (count 0): every password clean.
fn tls_range_server() -> String {
    let config = tls_server_config("mirror");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(tcp) = stream else { continue };
            let _ = tcp.set_nodelay(true);
            let config = config.clone();
            std::thread::spawn(move || {
                let conn = rustls::ServerConnection::new(config).unwrap();
                let mut tls = rustls::StreamOwned::new(conn, tcp);
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        match tls.read(&mut chunk) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let end = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
                    buf.drain(..end);
                    let body = "0000000000000000000000000000000000A:0\r\n";
                    let reply = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if tls.write_all(reply.as_bytes()).is_err() || tls.flush().is_err() {
                        return;
                    }
                }
            });
        }
    });
    format!("https://127.0.0.1:{port}")
}

#[test]
fn https_mirror_behind_a_private_ca_works_with_hibp_ca() {
    let url = tls_range_server();
    let base = |extra: &[&str]| {
        let mut c = audit_cmd(&find("clean.kdbx"));
        c.args([
            "--breach",
            "hibp",
            "--hibp-url",
            &url,
            "--hibp-retries",
            "0",
            "--format",
            "json",
        ])
        .args(extra);
        run(&mut c)
    };
    // Without the CA: unverifiable, so unchecked (exit 2), never clean.
    assert_eq!(base(&[]).status.code(), Some(2));
    let ca = fixture("tls/private-ca.pem");
    let out = base(&["--hibp-ca", ca.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = json(&out);
    let breach = breach_check(&r);
    assert_eq!(breach["status"], "complete", "{breach}");
    // A CA file that holds no certificate is an error before any vault.
    let out = base(&["--hibp-ca", fixture("clean.password").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no PEM certificate"));
}

#[test]
fn escape_sequence_in_a_vault_path_does_not_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let evil = dir.path().join("\u{1b}]0;pwned\u{7}.kdbx");
    std::fs::copy(fixture("audit.kdbx"), &evil).unwrap();
    for pw in ["empty.password", "audit.password"] {
        let out = run(cmd()
            .args([
                "audit",
                "--as-of",
                AS_OF,
                "--breach",
                "off",
                "--max-unlock-seconds",
                "60",
            ])
            .arg(&evil)
            .arg("--password-file")
            .arg(fixture(pw))
            .arg("--keyfile")
            .arg(dir.path().join("\u{1b}[2Jmissing.key")));
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
        assert!(err.contains("\\u{001b}"), "{err}");
    }
    let out = run(cmd()
        .args([
            "audit",
            "--as-of",
            AS_OF,
            "--breach",
            "off",
            "--password-file",
            "x",
        ])
        .arg(dir.path().join("\u{1b}]0;gone\u{7}.kdbx")));
    assert!(!stderr(&out).contains('\u{1b}'), "{:?}", stderr(&out));
}

#[test]
fn password_file_readable_by_others_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let pw = dir.path().join("pw");
    std::fs::copy(fixture("clean.password"), &pw).unwrap();
    std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o644)).unwrap();
    let audit = || {
        run(cmd()
            .args(["audit", "--as-of", AS_OF, "--breach", "off"])
            .arg(fixture("clean.kdbx"))
            .arg("--password-file")
            .arg(&pw))
    };
    let err = stderr(&audit());
    assert!(
        err.contains("can be read by other users") && err.contains("chmod 600"),
        "{err}"
    );
    std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(!stderr(&audit()).contains("other users"));
}

#[test]
fn messages_say_no_more_than_is_known() {
    let dir = tempfile::tempdir().unwrap();
    // A KDBX 2.x release file (KeePass 2.0 to 2.19): signatures, version 2.0.
    let old = dir.path().join("old.kdbx");
    let mut data = vec![0x03, 0xD9, 0xA2, 0x9A, 0x67, 0xFB, 0x4B, 0xB5, 0, 0, 2, 0];
    data.extend([0u8; 64]);
    std::fs::write(&old, &data).unwrap();
    let out = run(cmd()
        .args(["audit", "--as-of", AS_OF, "--breach", "off"])
        .arg(&old)
        .arg("--password-file")
        .arg(fixture("audit.password")));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("KDBX 2.0") && err.contains("save it once"),
        "{err}"
    );
    // A wrong key may be a missing hardware key.
    let out = run(cmd()
        .args(["audit", "--as-of", AS_OF, "--breach", "off"])
        .arg(fixture("audit.kdbx"))
        .arg("--password-file")
        .arg(fixture("empty.password")));
    let err = stderr(&out);
    assert!(
        err.contains("wrong password or key file") && err.contains("YubiKey"),
        "{err}"
    );
    assert!(!err.contains("integrity checks"));
}
