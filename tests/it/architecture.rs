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
        if f.ends_with("unlock/mod.rs") {
            assert!(uses, "unlock/mod.rs should be the module using keepass");
        } else {
            assert!(
                !uses,
                "{} uses the keepass crate; only src/unlock/mod.rs may",
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

/// The registry is the one list of rules: each has a section in
/// docs/rules.md, a check that makes its findings (the check module names
/// its `RuleId`), and a test that expects a finding of it. (Its messages
/// come from `i18n::Messages`, whose every field the English and the
/// Japanese catalogues must fill: the compiler checks that.)
#[test]
fn every_rule_has_docs_a_check_and_a_test_that_makes_it_fire() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/rules.md")).unwrap();
    let read_all = |dir: &Path, skip: &Path| {
        let mut files = Vec::new();
        rust_files(dir, &mut files);
        files
            .iter()
            .filter(|f| f.as_path() != skip)
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let checks = read_all(&root.join("src/checks"), &root.join("src/checks/mod.rs"));
    let tests = read_all(
        &root.join("tests/it"),
        &root.join("tests/it/architecture.rs"),
    );
    // The rule unit tests on in-memory vaults assert that a rule fires:
    // `assert!(has(&found, RuleId::X, …))`.
    let checks_mod = std::fs::read_to_string(root.join("src/checks/mod.rs")).unwrap();
    let unit_tests = checks_mod
        .split_once("mod tests")
        .map_or(String::new(), |(_, t)| t.to_owned());
    for r in kdbx_audit::rules::RULES {
        assert!(
            doc.contains(&format!("## `{}`", r.name)),
            "docs/rules.md has no section for {}",
            r.name
        );
        let variant = format!("RuleId::{:?}", r.id);
        assert!(
            checks.contains(&variant),
            "no check in src/checks makes findings of {} ({variant})",
            r.name
        );
        let quoted = format!("\"{}\"", r.name);
        assert!(
            tests.contains(&quoted)
                || unit_tests.contains(&format!("assert!(has(&found, {variant},")),
            "no test in tests/it names {} and no unit test in src/checks/mod.rs fires it",
            r.name
        );
    }
}

#[test]
fn rule_ids_are_written_once_in_the_code() {
    // Outside the registry and the message catalogues, the code names
    // rules by `RuleId`, never by their string (tests aside).
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for f in files {
        let rel = f.strip_prefix(&src).unwrap().to_string_lossy().into_owned();
        if rel == "rules.rs" || rel.starts_with("i18n") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        // Only the code before the unit tests, without comments.
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for r in kdbx_audit::rules::RULES {
            let quoted = format!("\"{}\"", r.name);
            assert!(
                !code.contains(&quoted),
                "{rel} writes the rule id {quoted}: use RuleId"
            );
        }
    }
}

/// The stages depend on each other one way: no cycle between the top-level
/// modules of `src/` (a `crate::x` path outside comments and unit tests is
/// a dependency on `x`).
#[test]
fn no_import_cycles_between_top_level_modules() {
    use std::collections::{BTreeMap, BTreeSet};
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_owned();
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for part in line.split("crate::").skip(1) {
                let dep: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !dep.is_empty() && dep != module {
                    deps.entry(module.clone()).or_default().insert(dep);
                }
            }
        }
    }
    // Depth-first search for a back edge.
    fn visit(
        m: &str,
        deps: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if let Some(i) = path.iter().position(|p| p == m) {
            panic!("import cycle: {} -> {m}", path[i..].join(" -> "));
        }
        if done.contains(m) {
            return;
        }
        path.push(m.to_owned());
        for d in deps.get(m).into_iter().flatten() {
            visit(d, deps, path, done);
        }
        path.pop();
        done.insert(m.to_owned());
    }
    let mut done = BTreeSet::new();
    for m in deps.keys() {
        visit(m, &deps, &mut Vec::new(), &mut done);
    }
    assert!(deps.contains_key("app") && deps["app"].contains("unlock"));
}
