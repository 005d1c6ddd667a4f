//! No secret leaves: audit every fixture in every format, to stdout and to a
//! file, with the right and with a wrong password, and search everything the
//! tool wrote for each fixture secret and its SHA-1 (hex, both cases).

use sha1::{Digest, Sha1};

use crate::common::*;

fn needles(secrets: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for s in secrets {
        if s.is_empty() {
            continue;
        }
        let hex: String = Sha1::digest(s.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        out.push((s.clone(), s.clone()));
        // Multi-line secrets (a passkey's PEM, with real or escaped line
        // breaks): each long line alone too.
        for part in s.split("\\n").flat_map(|p| p.split('\n')) {
            if part.len() >= 12 && part != s && !part.starts_with("-----") {
                out.push((format!("a line of {s}"), part.to_owned()));
            }
        }
        out.push((format!("sha1({s})"), hex.clone()));
        out.push((format!("SHA1({s})"), hex.to_uppercase()));
        // The 5-hex prefix a k-anonymity lookup would send must not be printed either.
        out.push((
            format!("sha1-prefix({s})"),
            hex.to_uppercase()[..5].to_owned(),
        ));
    }
    out
}

fn assert_clean(label: &str, haystack: &str, needles: &[(String, String)]) {
    if haystack.contains('\\') || haystack.contains('&') {
        let plain = unescaped(haystack);
        if plain != haystack {
            assert_clean_raw(&format!("{label} (unescaped)"), &plain, needles);
        }
    }
    assert_clean_raw(label, haystack, needles);
}

fn assert_clean_raw(label: &str, haystack: &str, needles: &[(String, String)]) {
    for (what, n) in needles {
        // 5-hex prefixes are short: only look for them as whole words.
        let hit = if what.starts_with("sha1-prefix") {
            haystack
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| w.eq_ignore_ascii_case(n))
        } else {
            haystack.contains(n.as_str())
        };
        assert!(!hit, "{label}: output contains {what}");
    }
}

/// Every phone number written in a fixture's XML source (runs of 10 to 15
/// digits, half- or full-width, with hyphens and spaces between): as
/// written, and as its digits alone. The reports show only the last four.
fn phone_numbers_in_source(vault_file: &str) -> Vec<String> {
    let src = fixture("src").join(vault_file.replace(".kdbx", ".xml"));
    let Ok(text) = std::fs::read_to_string(src) else {
        return Vec::new();
    };
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let sep = |c: char| matches!(c, '-' | ' ' | '－' | 'ー');
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !digit(chars[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len()
            && (digit(chars[j]) || (sep(chars[j]) && chars.get(j + 1).is_some_and(|c| digit(*c))))
        {
            j += 1;
        }
        let run: String = chars[i..j].iter().collect();
        let digits: String = run
            .chars()
            .filter(|c| digit(*c))
            .map(|c| {
                char::from_digit(c.to_digit(10).unwrap_or_else(|| c as u32 - '０' as u32), 10)
                    .unwrap()
            })
            .collect();
        // A phone number has 10 to 15 digits and stands apart from letters
        // (not part of a UUID or a token).
        let apart = |c: Option<&char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
        if (10..=15).contains(&digits.len())
            && apart(i.checked_sub(1).and_then(|k| chars.get(k)))
            && apart(chars.get(j))
        {
            out.push(run);
            out.push(digits);
        }
        i = j;
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn no_fixture_secret_or_its_hash_appears_in_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let [runs, _] = on_two_workers(&manifest(), |v| [check_fixture(dir.path(), v), 0]);
    assert!(runs >= 4 * 13, "only {runs} runs");
    // The phone fixtures' numbers were among the needles, and the phone
    // rule fired on them (so the reports had numbers to leak).
    let mama = phone_numbers_in_source("phones-mama.kdbx");
    assert!(mama.contains(&"090-1111-2222".to_owned()), "{mama:?}");
    assert!(mama.contains(&"08055556666".to_owned()), "{mama:?}");
}

/// `each` over `items` on two workers, its two counts summed: the no-leak
/// tests are the suite's longest, and alone at the end of a run one
/// worker would leave a core idle.
fn on_two_workers<T: Sync>(items: &[T], each: impl Fn(&T) -> [usize; 2] + Sync) -> [usize; 2] {
    let add = |a: [usize; 2], b: [usize; 2]| [a[0] + b[0], a[1] + b[1]];
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(items.len().div_ceil(2).max(1))
            .map(|share| {
                let each = &each;
                scope.spawn(move || share.iter().map(each).fold([0, 0], add))
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .fold([0, 0], add)
    })
}

/// Every output of one fixture, searched for its secrets; how many runs.
fn check_fixture(dir: &std::path::Path, v: &Vault) -> usize {
    let mut runs = 0;
    let mut secrets = v.secrets.clone();
    if v.file == "attack.kdbx" {
        // Not protected fields, but never shown: a URL's user info,
        // token, phone number and fragment.
        secrets.extend(
            [
                "Url-SECRET-cred-5150",
                "Tok-SECRET-6060",
                "09012345678",
                "frag-SECRET",
            ]
            .map(str::to_owned),
        );
    }
    // Every phone number noted in the vault, and the owner's current
    // numbers configured for the phone rules (phones.toml's).
    secrets.extend(phone_numbers_in_source(&v.file));
    let policy = dir.join(format!("{}.phones.toml", v.file));
    let configured = ["080-5555-6666", "090-7777-8888"];
    std::fs::write(
        &policy,
        format!(
            "[phones]\ncurrent = [\"{}\", \"{}\"]\n",
            configured[0], configured[1]
        ),
    )
    .unwrap();
    secrets.extend(configured.map(str::to_owned));
    let secret_needles = needles(&secrets);
    assert!(
        !secret_needles.is_empty(),
        "{}: manifest lists no secrets",
        v.file
    );
    for format in ["text", "json", "markdown", "html"] {
        // Both languages in every format; colour matters to text only.
        // Colour wraps the same text in escape codes: once is enough.
        let runs_of: &[(&str, &str)] = if format == "text" {
            &[("en", "never"), ("en", "always"), ("ja", "never")]
        } else {
            &[("en", "never"), ("ja", "never")]
        };
        for (lang, color) in runs_of {
            let out = run(audit_cmd(v)
                .args([
                    "--format",
                    format,
                    "--color",
                    color,
                    "--lang",
                    lang,
                    "--min-score",
                    "4",
                    "--fail-on",
                    "never",
                    "--config",
                ])
                .arg(&policy));
            assert_eq!(out.status.code(), Some(0), "{}: {}", v.file, stderr(&out));
            let label = format!("{} {format} {lang} {color}", v.file);
            assert!(!out.stdout.is_empty(), "{label}: empty report");
            assert_clean(
                &format!("{label} stdout"),
                &String::from_utf8_lossy(&out.stdout),
                &secret_needles,
            );
            assert_clean(
                &format!("{label} stderr"),
                &String::from_utf8_lossy(&out.stderr),
                &secret_needles,
            );
            runs += 1;
        }
        // Written to a file: the same rendering; the two formats that
        // hold the most (JSON every field, HTML every section).
        if !matches!(format, "json" | "html") {
            continue;
        }
        let file = dir.join(format!("{}.{format}", v.file));
        let out = run(audit_cmd(v)
            .args(["--format", format, "--fail-on", "never", "--output"])
            .arg(&file));
        assert_eq!(out.status.code(), Some(0));
        let written = std::fs::read_to_string(&file).unwrap();
        assert!(!written.is_empty());
        assert_clean(
            &format!("{} {format} file", v.file),
            &written,
            &secret_needles,
        );
        assert_clean(
            &format!("{} {format} file stderr", v.file),
            &stderr(&out),
            &secret_needles,
        );
    }
    // Wrong password: the attempted password must not be echoed either.
    let attempted = "Wrong-Attempt-7781!";
    let pwfile = dir.join("wrong.password");
    std::fs::write(&pwfile, format!("{attempted}\n")).unwrap();
    let mut c = cmd();
    c.args(["audit", "--as-of", AS_OF])
        .arg(fixture(&v.file))
        .arg("--password-file")
        .arg(&pwfile);
    if let Some(k) = &v.keyfile {
        c.arg("--keyfile").arg(fixture(k));
    }
    let out = run(&mut c);
    if v.password_file.is_some() {
        assert_eq!(out.status.code(), Some(2), "{}", v.file);
    }
    let mut all = v.secrets.clone();
    all.push(attempted.to_owned());
    let n = needles(&all);
    assert_clean(
        &format!("{} wrong-password stderr", v.file),
        &stderr(&out),
        &n,
    );
    assert_clean(
        &format!("{} wrong-password stdout", v.file),
        &stdout(&out),
        &n,
    );
    runs
}

#[test]
fn the_needle_search_itself_finds_a_planted_secret() {
    // Guard against a search that cannot fail.
    let n = needles(&["Sakura-Reuse-2024!x".to_owned()]);
    let hex: String = Sha1::digest(b"Sakura-Reuse-2024!x")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    for planted in [
        "x Sakura-Reuse-2024!x y".to_owned(),
        hex.clone(),
        hex.to_uppercase(),
        format!("prefix {} here", &hex[..5]),
    ] {
        let r = std::panic::catch_unwind(|| assert_clean("planted", &planted, &n));
        assert!(r.is_err(), "search missed {planted}");
    }
}

#[test]
fn breach_lookups_leak_no_secret_hash_or_prefix() {
    // Every fixture secret is "breached" in an offline corpus and on a fake
    // range server; a second server fails every request. Findings, reasons,
    // warnings and errors must still name no secret, hash or prefix, and the
    // server must see nothing but five-hex prefixes.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.txt");
    write_corpus_of_all_secrets(&corpus, 12, 500, false);
    let all: Vec<String> = manifest().into_iter().flat_map(|v| v.secrets).collect();
    let index = dir.path().join("corpus.idx");
    let out = run(cmd()
        .args(["breach-index", "build"])
        .arg(&corpus)
        .arg(&index));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let mut good = range_server::Config::new();
    let mut bad = range_server::Config::new();
    for s in all.iter().filter(|s| !s.is_empty()) {
        good = good.breached(s, 12);
        bad = bad.fault_for(s, range_server::Fault::Always502);
    }
    let good = range_server::RangeServer::start(good);
    let bad = range_server::RangeServer::start(bad);

    let (good_url, bad_url) = (good.url(), bad.url());
    let [runs, findings] = on_two_workers(&manifest(), |v| {
        let (mut runs, mut findings) = (0, 0);
        let n = needles(&v.secrets);
        let sources: Vec<Vec<String>> = vec![
            vec!["--breach".into(), corpus.display().to_string()],
            vec!["--breach".into(), index.display().to_string()],
            vec![
                "--breach".into(),
                "hibp".into(),
                "--hibp-url".into(),
                good_url.clone(),
            ],
            vec![
                "--breach".into(),
                "hibp".into(),
                "--hibp-retries".into(),
                "0".into(),
                "--hibp-url".into(),
                bad_url.clone(),
            ],
        ];
        for (k, src) in sources.iter().enumerate() {
            // JSON holds every field of every source; the failing server's
            // reasons and warnings are read as text too.
            let formats: &[&str] = if k == 3 { &["text", "json"] } else { &["json"] };
            for &format in formats {
                let out = run(audit_cmd(v).args(src).args([
                    "--format",
                    format,
                    "--fail-on",
                    "never",
                    "--allow-incomplete",
                ]));
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "{} {src:?}: {}",
                    v.file,
                    stderr(&out)
                );
                let label = format!("{} {src:?} {format}", v.file);
                let text = String::from_utf8_lossy(&out.stdout);
                findings += text.matches("password/breached").count();
                assert_clean(&format!("{label} stdout"), &text, &n);
                assert_clean(&format!("{label} stderr"), &stderr(&out), &n);
                runs += 1;
            }
        }
        [runs, findings]
    });
    assert!(runs >= 13 * 5, "{runs} runs");
    assert!(
        findings > 30,
        "only {findings} breached findings: the corpus did not match"
    );
    for q in good.requests().iter().chain(bad.requests().iter()) {
        let p = q.path.strip_prefix("/range/").expect("range path");
        assert_eq!(p.len(), 5, "{}", q.path);
    }
}
