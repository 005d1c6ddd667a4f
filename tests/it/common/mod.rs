//! Helpers shared by the integration tests: run the real binary on the
//! fixtures written by keepassxc-cli and pykeepass (see tests/fixtures/README.md).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub mod range_server;

pub use range_server::sha1_hex;

pub fn fixtures() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    private_password_files(&dir);
    dir
}

/// A checkout leaves the fixtures' password files readable by everyone
/// (git keeps no permission bits but the executable one), and kdbx-audit
/// warns about such a file: make them private once, as a user would.
fn private_password_files(dir: &Path) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use std::os::unix::fs::PermissionsExt;
        let Ok(list) = std::fs::read_dir(dir) else {
            return;
        };
        for e in list.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "password") {
                let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600));
            }
        }
    });
}

pub fn fixture(name: &str) -> PathBuf {
    fixtures().join(name)
}

/// A command for the binary with a clean environment for the variables it reads.
pub fn cmd() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kdbx-audit"));
    c.env_remove("KDBX_AUDIT_PASSWORD")
        .env_remove("NO_COLOR")
        // No policy file or locale from the machine running the tests.
        .env_remove("KDBX_AUDIT_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent/kdbx-audit-tests")
        .env("HOME", "/nonexistent/kdbx-audit-tests")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        // Ages are judged on a fixed day by `--as-of AS_OF`, which every
        // test's `audit` passes; the variable would be announced.
        .env_remove("KDBX_AUDIT_AS_OF")
        .stdin(Stdio::null());
    c
}

/// The day every test audits as of (`--as-of`): ages (password/stale,
/// vault/master-key-age) judged on a fixed day, so the fixtures do not age
/// out of their expectations.
pub const AS_OF: &str = "2026-11-23";

pub fn run(c: &mut Command) -> Output {
    c.output().expect("run kdbx-audit")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

/// One vault of tests/fixtures/manifest.json.
#[derive(Debug, Clone)]
pub struct Vault {
    pub file: String,
    pub password_file: Option<String>,
    pub keyfile: Option<String>,
    pub format: String,
    pub kdf: String,
    pub cipher: String,
    pub secrets: Vec<String>,
    pub entries_audited: u64,
    pub entries_excluded: u64,
    pub entries: serde_json::Map<String, serde_json::Value>,
}

pub fn manifest() -> Vec<Vault> {
    let text = std::fs::read_to_string(fixture("manifest.json")).expect("manifest");
    let v: serde_json::Value = serde_json::from_str(&text).expect("manifest json");
    v.as_array()
        .expect("array")
        .iter()
        .map(|o| {
            let s = |k: &str| o[k].as_str().map(str::to_owned);
            Vault {
                file: s("file").unwrap(),
                password_file: s("password_file"),
                keyfile: s("keyfile"),
                format: s("format").unwrap(),
                kdf: s("kdf").unwrap(),
                cipher: s("cipher").unwrap(),
                secrets: o["secrets"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap().to_owned())
                    .collect(),
                entries_audited: o["entries_audited"].as_u64().unwrap(),
                entries_excluded: o["entries_excluded"].as_u64().unwrap(),
                entries: o["entries"].as_object().cloned().unwrap_or_default(),
            }
        })
        .collect()
}

pub fn find(name: &str) -> Vault {
    manifest()
        .into_iter()
        .find(|v| v.file == name)
        .unwrap_or_else(|| panic!("{name} not in manifest"))
}

/// `audit VAULT` with the vault's own credentials from the manifest.
pub fn audit_cmd(v: &Vault) -> Command {
    let mut c = cmd();
    c.args(["audit", "--as-of", AS_OF])
        .arg(fixture(&v.file))
        .args(["--breach", "off"]);
    match &v.password_file {
        Some(p) => {
            c.arg("--password-file").arg(fixture(p));
        }
        None => {
            c.arg("--no-password");
        }
    }
    if let Some(k) = &v.keyfile {
        c.arg("--keyfile").arg(fixture(k));
    }
    c
}

pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\n{}", stdout(o), stderr(o)))
}

/// Deterministic pseudo-random 40-hex hashes, none of which is the hash of
/// a test password.
pub fn filler_hashes(n: usize, seed: u64) -> Vec<String> {
    range_server::pseudo_hex(seed, 40, n)
}

/// Write a corpus in the downloader's single-file layout: `HASH:COUNT`
/// lines sorted by hash, CRLF or LF, no trailing newline after the last.
pub fn write_sorted_corpus(path: &Path, breached: &[(&str, u64)], filler: usize, crlf: bool) {
    let mut lines: Vec<(String, u64)> = breached
        .iter()
        .filter(|(p, _)| !p.is_empty())
        .map(|(p, c)| (sha1_hex(p), *c))
        .collect();
    lines.extend(filler_hashes(filler, 42).into_iter().map(|h| (h, 3)));
    // Like the real corpus, reach the last range (FFFFF), or the file would
    // look truncated.
    lines.push((format!("FFFFF{}", "0".repeat(35)), 1));
    lines.sort();
    lines.dedup_by(|a, b| a.0 == b.0);
    let sep = if crlf { "\r\n" } else { "\n" };
    let text: Vec<String> = lines.iter().map(|(h, c)| format!("{h}:{c}")).collect();
    std::fs::write(path, text.join(sep)).unwrap();
}

/// A single-file corpus in which every secret of every fixture vault is
/// breached `count` times, with `filler` other hashes.
pub fn write_corpus_of_all_secrets(path: &Path, count: u64, filler: usize, crlf: bool) {
    let all: Vec<String> = manifest().into_iter().flat_map(|v| v.secrets).collect();
    let pairs: Vec<(&str, u64)> = all.iter().map(|s| (s.as_str(), count)).collect();
    write_sorted_corpus(path, &pairs, filler, crlf);
}

/// The passwords of the audited entries of audit.kdbx
/// (tests/fixtures/src/audit.xml): ten distinct ones. `qwerty` and `abc123`
/// are excluded from reports and `123456` is in the recycle bin, so they are
/// never looked up.
pub const AUDITED: &[&str] = &[
    "gzmTPZ0ToRoZnELqCSPiFA.W",
    "Sakura-Reuse-2024!x",
    "password1",
    "oE!c!HeOz7pYe%Cnkp25#Y+w",
    "gUFr2A8I^w@sN*jjs!AVs9sU",
    "GaXTCYqQGgD-IX+-#1k2Bb2K",
    "%kApCJQ.-0Vm1suKKXB-D~z@",
    "vflljJ4.X_XA.M~-L=YU0@Sq",
    "cAvM@P7n#_A23Gt0d3WSFtZZ",
    "vz6c^e-E_uJNF_09~oV3QXoU",
];

/// Old passwords audit.kdbx still keeps: Bank's history and the recycle
/// bin (`vault/history-secrets` looks them up too).
pub const OLD: &[&str] = &["OldBankPass1", "123456"];

/// Every password of audit.kdbx a breach source is asked about.
pub fn looked_up() -> Vec<&'static str> {
    AUDITED.iter().chain(OLD).copied().collect()
}

/// The audit.kdbx entries holding `Sakura-Reuse-2024!x` (one through a
/// `{REF:P@I:…}` reference); `password1` is Rakuten's.
pub const SAKURA_ENTRIES: &[&str] = &["Amazon", "Amazon Seller", "Gmail", "Ref entry"];

/// The band a report gives for a corpus count (`details.breach_band`).
pub fn band(count: u64) -> String {
    match count {
        0 => "",
        1..=9 => "1-9",
        10..=99 => "10-99",
        100..=999 => "100-999",
        _ => "1000+",
    }
    .to_owned()
}

/// `password/breached` findings of a JSON report: entry title -> band. The
/// exact count is never in the report.
pub fn breached(r: &serde_json::Value) -> std::collections::BTreeMap<String, String> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "password/breached")
        .map(|f| {
            assert_eq!(f["severity"], "critical");
            assert_eq!(f["entries"].as_array().unwrap().len(), 1);
            assert!(f["details"].get("breach_count").is_none(), "{f}");
            (
                f["entries"][0]["title"].as_str().unwrap().to_owned(),
                f["details"]["breach_band"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The `breach` object of a JSON report's `checks`.
pub fn breach_check(r: &serde_json::Value) -> serde_json::Value {
    r["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "breach")
        .cloned()
        .unwrap()
}

/// The breached findings audit.kdbx must give when `Sakura-Reuse-2024!x`
/// and `password1` are in the corpus with these counts.
pub fn expected(sakura: u64, password1: u64) -> std::collections::BTreeMap<String, String> {
    let mut m: std::collections::BTreeMap<String, String> = SAKURA_ENTRIES
        .iter()
        .map(|t| (t.to_string(), band(sakura)))
        .collect();
    m.insert("Rakuten".to_owned(), band(password1));
    m
}

/// The JSON report of a run that exited 2 because the breach check is
/// incomplete, with exactly `unchecked` passwords unchecked.
pub fn incomplete(out: &Output, unchecked: u64) -> serde_json::Value {
    assert_eq!(out.status.code(), Some(2), "{}", stderr(out));
    let r = json(out);
    let c = breach_check(&r);
    assert_eq!(c["status"], "incomplete", "{c}");
    assert_eq!(c["passwords_unchecked"], unchecked, "{c}");
    r
}

/// The JSON report of shopping.kdbx (account rules' fixture), every
/// finding reported (`--fail-on never --min-score 0`), with extra options.
pub fn shopping_report(extra: &[&str]) -> serde_json::Value {
    let out = run(audit_cmd(&find("shopping.kdbx"))
        .args(["--format", "json", "--fail-on", "never", "--min-score", "0"])
        .args(extra));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    json(&out)
}

/// The finding of `rule` whose first entry has this title.
pub fn finding<'a>(r: &'a serde_json::Value, rule: &str, title: &str) -> &'a serde_json::Value {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule && f["entries"][0]["title"] == title)
        .unwrap_or_else(|| panic!("no {rule} finding for {title}"))
}

/// Markdown and HTML escape punctuation: the text as a reader reads it,
/// for searching an output for a secret.
pub fn unescaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A TLS server configuration with the certificate and key
/// `tests/fixtures/tls/NAME-cert.pem` and `NAME-key.pem`.
pub fn tls_server_config(name: &str) -> std::sync::Arc<rustls::ServerConfig> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let cert = CertificateDer::from_pem_file(fixture(&format!("tls/{name}-cert.pem"))).unwrap();
    let key = PrivateKeyDer::from_pem_file(fixture(&format!("tls/{name}-key.pem"))).unwrap();
    std::sync::Arc::new(
        rustls::ServerConfig::builder_with_provider(std::sync::Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap(),
    )
}
