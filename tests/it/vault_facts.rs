//! What `unlock` reads about the vault itself (for the hardening rules of
//! issue 7): key derivation parameters, format version, master key dates.
//! Fixtures written by keepassxc-cli and pykeepass (tests/fixtures).

use std::path::Path;

use crate::common::*;
use kdbx_audit::model::KdfParams;
use kdbx_audit::unlock::{self, Credentials};

fn open(file: &str) -> kdbx_audit::model::Vault {
    let v = find(file);
    let password = v.password_file.as_ref().map(|p| {
        let text = std::fs::read_to_string(fixture(p)).unwrap();
        kdbx_audit::secret::Secret::new(text.lines().next().unwrap_or("").to_owned())
    });
    let creds = Credentials {
        password,
        keyfile: v.keyfile.as_ref().map(|k| fixture(k)),
    };
    unlock::open(Path::new(&fixture(file)), &creds).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn kdf_parameters_and_versions_are_read() {
    // keepassxc-cli without -t: AES-KDF, 1,000,000 rounds; KDBX 4.1.
    let audit = open("audit.kdbx");
    assert_eq!(audit.kdf_params, KdfParams::Aes { rounds: 1_000_000 });
    assert_eq!(audit.version, (4, 1));
    // pykeepass with the fixture script's cheap Argon2id: 1 MiB, 2 passes.
    let py = open("py-argon2id-twofish.kdbx");
    assert_eq!(
        py.kdf_params,
        KdfParams::Argon2 {
            id: true,
            memory: 1024 * 1024,
            iterations: 2,
            parallelism: 1
        }
    );
    assert_eq!(py.version, (4, 0));
    assert!(matches!(
        open("py-argon2d-chacha20.kdbx").kdf_params,
        KdfParams::Argon2 { id: false, .. }
    ));
    assert_eq!(open("kdbx31.kdbx").version, (3, 1));
    assert_eq!(open("py-kdbx41.kdbx").version, (4, 1));
}

#[test]
fn master_key_dates_are_read() {
    let audit = open("audit.kdbx");
    // KeePassXC writes MasterKeyChanged and -1 ("never") for the reminders.
    assert!(audit.master_key_changed.is_some());
    assert_eq!(audit.master_key_change_rec_days, None);
    assert_eq!(audit.master_key_change_force_days, None);
}
