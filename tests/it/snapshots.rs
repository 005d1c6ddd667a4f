//! Snapshot tests: every format, in both languages, pinned on a fixed
//! report (tests/snapshots/input-*.json, made by make_input.sh from a real
//! audit) that holds hostile titles: HTML and script, terminal escape
//! sequences, `|`, backticks, Markdown links, line breaks and a
//! right-to-left override; new, known, ignored and resolved findings.
//!
//! A difference fails with the first lines that differ. After an intended
//! change: `UPDATE_SNAPSHOTS=1 cargo test --test it snapshots`, then read the
//! diff of tests/snapshots/ before committing it.

use std::path::{Path, PathBuf};

use kdbx_audit::render::{self, Format, Options};
use kdbx_audit::report::Report;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

fn input(lang: &str) -> Report {
    let p = dir().join(format!("input-{lang}.json"));
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn check(name: &str, got: &str) {
    let p = dir().join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&p, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&p).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with UPDATE_SNAPSHOTS=1 cargo test --test it snapshots",
            p.display()
        )
    });
    if want != got {
        let (n, (w, g)) = want
            .lines()
            .zip(got.lines())
            .enumerate()
            .find(|(_, (w, g))| w != g)
            .unwrap_or((
                want.lines().count().min(got.lines().count()),
                ("(end)", "(end)"),
            ));
        panic!(
            "{name} differs at line {}:\n  want: {w}\n  got:  {g}\n(UPDATE_SNAPSHOTS=1 to accept)",
            n + 1
        );
    }
}

/// Never raw in a human format.
const CONTROL: &[&str] = &["\u{1b}", "\u{7}", "\u{202e}", "\r"];
/// Never raw in Markdown or HTML (plain text in a terminal is harmless).
const MARKUP: &[&str] = &["<script>", "<img src=x", "<b>legacy"];

#[test]
fn every_format_in_both_languages_is_pinned() {
    for lang in ["en", "ja"] {
        let report = input(lang);
        // The input really is hostile.
        let raw = serde_json::to_string(&report).unwrap();
        assert!(raw.contains("<script>") && raw.contains("\\u001b") && raw.contains('\u{202e}'));
        for (format, ext) in [
            (Format::Text, "txt"),
            (Format::Markdown, "md"),
            (Format::Html, "html"),
            (Format::Json, "json"),
        ] {
            // The reader's time zone: Japan for the Japanese report.
            let opts = Options {
                color: false,
                show_ignored: true,
                utc_offset: if lang == "ja" { 9 * 3600 } else { 0 },
            };
            let got = render::render(&report, format, &opts);
            if format != Format::Json {
                for h in CONTROL {
                    assert!(!got.contains(h), "{lang}.{ext} contains {h:?} raw");
                }
            }
            if matches!(format, Format::Markdown | Format::Html) {
                for h in MARKUP {
                    assert!(!got.contains(h), "{lang}.{ext} contains {h:?} raw");
                }
            }
            if format == Format::Markdown {
                // Vault text never adds or removes a table column.
                for block in got.split("\n\n").filter(|b| b.starts_with('|')) {
                    let cols = |l: &str| l.replace("\\|", "").matches('|').count();
                    let mut lines = block.lines();
                    let head = cols(lines.next().unwrap());
                    for l in lines {
                        assert_eq!(cols(l), head, "{lang}.md: row breaks its table: {l}");
                    }
                }
            }
            check(&format!("{lang}.{ext}"), &got);
        }
        // Colour on: escape sequences are ours only (SGR), never the vault's.
        let coloured = render::render(
            &report,
            Format::Text,
            &Options {
                color: true,
                show_ignored: true,
                utc_offset: 0,
            },
        );
        for (i, _) in coloured.match_indices('\u{1b}') {
            let rest = &coloured[i + 1..];
            let sgr = rest.starts_with('[')
                && rest[1..]
                    .chars()
                    .take_while(|c| *c != 'm')
                    .all(|c| c.is_ascii_digit() || c == ';');
            assert!(
                sgr,
                "{lang}: a non-SGR escape: {:?}",
                &rest[..rest.len().min(12)]
            );
        }
        check(&format!("{lang}.color.txt"), &coloured);
    }
}

#[test]
fn json_round_trips_the_fixed_report() {
    for lang in ["en", "ja"] {
        let report = input(lang);
        let json = render::render(&report, Format::Json, &Options::default());
        let again: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(
            serde_json::to_value(&again).unwrap(),
            serde_json::to_value(&report).unwrap()
        );
    }
}
