//! Structural rules of the code base that the compiler does not enforce.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn only_unlock_knows_the_keepass_crate() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 10);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let uses = text.lines().any(|l| {
            let l = l.trim_start();
            !l.starts_with("//") && (l.contains("keepass::") || l.starts_with("use keepass"))
        });
        if f.ends_with("unlock.rs") {
            assert!(uses, "unlock.rs should be the module using keepass");
        } else {
            assert!(
                !uses,
                "{} uses the keepass crate; only src/unlock.rs may",
                f.display()
            );
        }
    }
}

#[test]
fn renderers_see_only_the_report() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for forbidden in ["crate::model", "crate::secret", "crate::unlock", "Secret"] {
            assert!(
                !text.contains(forbidden),
                "{} refers to {forbidden}",
                f.display()
            );
        }
    }
}
