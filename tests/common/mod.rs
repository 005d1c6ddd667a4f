//! Helpers shared by the integration tests: run the real binary on the
//! fixtures written by keepassxc-cli and pykeepass (see tests/fixtures/README.md).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn fixture(name: &str) -> PathBuf {
    fixtures().join(name)
}

/// A command for the binary with a clean environment for the variables it reads.
pub fn cmd() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kdbx-audit"));
    c.env_remove("KDBX_AUDIT_PASSWORD")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    c
}

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
    c.arg("audit")
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
