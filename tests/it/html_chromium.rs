//! The HTML report as a person sees it: rendered by headless Chromium
//! (Debian package `chromium`), then the page's text is read back from the
//! DOM Chromium built and a screenshot is taken at phone and laptop widths.
//!
//! `.ci/run` installs Chromium and sets `KDBX_AUDIT_REQUIRE_CHROMIUM=1`, so
//! in CI a missing browser fails the test. Elsewhere, without Chromium, the
//! test says it was skipped and passes (the README's test command must pass
//! on a fresh machine). Set `KDBX_AUDIT_SCREENSHOTS=DIR` to keep the PNGs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

fn require() -> Option<PathBuf> {
    let found = chromium();
    // The Japanese report needs a Japanese font to be read (and looked at in
    // the screenshots): .ci/run installs one with Chromium.
    if found.is_some() && std::env::var_os("KDBX_AUDIT_REQUIRE_CHROMIUM").is_some() {
        let fonts = Command::new("fc-list").arg(":lang=ja").output();
        let listed = fonts.map(|o| !o.stdout.is_empty()).unwrap_or(false);
        assert!(
            listed,
            "no Japanese font (fc-list :lang=ja): apt-get install fonts-ipafont-gothic"
        );
    }
    if found.is_none() {
        if std::env::var_os("KDBX_AUDIT_REQUIRE_CHROMIUM").is_some() {
            panic!(
                "Chromium is required (KDBX_AUDIT_REQUIRE_CHROMIUM) but not found: apt-get install chromium"
            );
        }
        eprintln!(
            "SKIPPED: Chromium not found (apt-get install chromium); the HTML was not rendered"
        );
    }
    found
}

/// Run Chromium headless with the flags this closed network needs; kill it
/// if it hangs.
fn headless(bin: &Path, profile: &Path, args: &[String]) -> std::process::Output {
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish in 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The text a person reads: tags removed, entities decoded, blanks folded.
fn page_text(dom: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    let mut in_style = false;
    let lower = dom.to_ascii_lowercase();
    let mut i = 0;
    let bytes = dom.as_bytes();
    while i < bytes.len() {
        if !in_tag && lower[i..].starts_with("<style") {
            in_style = true;
        }
        if in_style && lower[i..].starts_with("</style>") {
            in_style = false;
        }
        let c = dom[i..].chars().next().unwrap();
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag && !in_style => text.push(c),
            _ => {}
        }
        i += c.len_utf8();
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How the page lays out at `width` CSS pixels: its scroll width, its
/// client width, and the narrowest table cell with text. Measured by a
/// harness page (its own script; the report has none and allows none) that
/// frames the report, read back from the DOM Chromium dumps.
fn layout(bin: &Path, dir: &Path, report: &Path, width: u32, lang: &str) -> (u32, u32, u32) {
    let harness = dir.join(format!("layout-{lang}-{width}.html"));
    std::fs::write(
        &harness,
        format!(
            r#"<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="{}" style="width:{width}px;height:900px;border:0"></iframe>
<script>
document.getElementById('f').onload = function () {{
  var d = this.contentDocument, r = d.documentElement, narrowest = 100000;
  Array.prototype.forEach.call(d.querySelectorAll('td'), function (td) {{
    var w = td.getBoundingClientRect().width;
    if (td.textContent.trim() && w > 0 && w < narrowest) narrowest = Math.round(w);
  }});
  document.body.setAttribute('data-layout', r.scrollWidth + ' ' + r.clientWidth + ' ' + narrowest);
}};
</script></body></html>"#,
            report.file_name().unwrap().to_string_lossy()
        ),
    )
    .unwrap();
    let out = headless(
        bin,
        &dir.join(format!("profile-layout-{lang}-{width}")),
        &[
            "--allow-file-access-from-files".to_owned(),
            "--virtual-time-budget=10000".to_owned(),
            "--dump-dom".to_owned(),
            format!("file://{}", harness.display()),
        ],
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let at = dom.find("data-layout=\"").unwrap_or_else(|| {
        panic!(
            "no layout measured: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let value = &dom[at + "data-layout=\"".len()..];
    let value = &value[..value.find('"').unwrap()];
    let n: Vec<u32> = value.split(' ').map(|x| x.parse().unwrap()).collect();
    (n[0], n[1], n[2])
}

fn png_size(path: &Path) -> (u32, u32) {
    let b = std::fs::read(path).expect("screenshot written");
    assert_eq!(&b[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let w = u32::from_be_bytes(b[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(b[20..24].try_into().unwrap());
    (w, h)
}

#[test]
fn html_report_renders_in_chromium_with_its_text_and_no_script() {
    let Some(bin) = require() else { return };
    let dir = tempfile::tempdir().unwrap();
    let keep = std::env::var_os("KDBX_AUDIT_SCREENSHOTS").map(PathBuf::from);
    let v = find("audit.kdbx");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/pwned-sample.txt");
    let langs = [
        (
            "en",
            &[
                "KeePass vault audit",
                "Hygiene score",
                "What to do first",
                "Findings by severity",
                "Details by rule",
                "Rakuten",
                "turn on 2FA",
            ][..],
        ),
        (
            "ja",
            &[
                "KeePass データベースの点検結果",
                "安全度スコア",
                "まずやること",
                "重大度別の指摘",
                "ルール別の詳細",
                "Rakuten",
                "2段階認証をオンにしてください",
            ][..],
        ),
    ];
    // The languages side by side, and in each the five Chromium runs side
    // by side: each run mostly waits (start-up, now and then a stall of
    // several seconds), so the test takes about as long as its slowest run.
    std::thread::scope(|s| {
        for (lang, want) in langs {
            let (bin, dir, keep, v, sample) = (&bin, dir.path(), &keep, &v, &sample);
            s.spawn(move || check_language(bin, dir, keep.as_deref(), v, sample, lang, want));
        }
    });
}

/// A run's result; its panic, if it panicked.
fn joined<T>(h: std::thread::ScopedJoinHandle<'_, T>) -> T {
    h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
}

/// One language's report: written, dumped, laid out at two widths and
/// photographed at two sizes, the Chromium runs side by side.
fn check_language(
    bin: &Path,
    dir: &Path,
    keep: Option<&Path>,
    v: &Vault,
    sample: &Path,
    lang: &str,
    want: &[&str],
) {
    let html_path = dir.join(format!("report-{lang}.html"));
    let out = run(audit_cmd(v).args([
        "--breach",
        sample.to_str().unwrap(),
        "--format",
        "html",
        "--lang",
        lang,
        "-o",
        html_path.to_str().unwrap(),
    ]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = json(&run(audit_cmd(v).args([
        "--breach",
        sample.to_str().unwrap(),
        "--format",
        "json",
    ])));
    let score = report["summary"]["score"].as_u64().unwrap();
    let url = format!("file://{}", html_path.display());

    // The five runs side by side; the checks below read their results.
    let sizes = [("phone", "390,2400"), ("laptop", "1280,900")];
    let (dom, layouts, shots) = std::thread::scope(|s| {
        let dom = s.spawn(|| {
            headless(
                bin,
                &dir.join(format!("profile-dom-{lang}")),
                &["--dump-dom".to_owned(), url.clone()],
            )
        });
        let layouts: Vec<_> = [390, 1280]
            .map(|width| {
                let html_path = &html_path;
                s.spawn(move || (width, layout(bin, dir, html_path, width, lang)))
            })
            .into_iter()
            .collect();
        let shots: Vec<_> = sizes
            .map(|(name, size)| {
                let url = &url;
                s.spawn(move || {
                    let png = dir.join(format!("{lang}-{name}.png"));
                    let shot = headless(
                        bin,
                        &dir.join(format!("profile-{lang}-{name}")),
                        &[
                            format!("--screenshot={}", png.display()),
                            format!("--window-size={size}"),
                            url.clone(),
                        ],
                    );
                    (name, png, shot)
                })
            })
            .into_iter()
            .collect();
        (
            joined(dom),
            layouts.into_iter().map(joined).collect::<Vec<_>>(),
            shots.into_iter().map(joined).collect::<Vec<_>>(),
        )
    });
    let dom_text = String::from_utf8_lossy(&dom.stdout).into_owned();
    assert!(
        dom_text.contains("<main>"),
        "chromium produced no DOM: {}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let text = page_text(&dom_text);
    for w in want {
        assert!(text.contains(w), "{lang}: page text lacks {w:?}:\n{text}");
    }
    assert!(
        dom_text.contains(&format!(">{score}</text>")),
        "the score ring shows {score}"
    );
    // The hostile title reads as text, its bidi override made visible.
    assert!(text.contains("\\u{202e}evil title"), "{text}");
    assert!(!dom_text.contains('\u{202e}'));
    // Chromium built no script element and nothing remote.
    assert!(!dom_text.to_ascii_lowercase().contains("<script"));
    assert!(dom_text.contains("<svg"), "the score ring");
    assert_eq!(
        dom_text.matches("class=\"bars\"").count(),
        2,
        "two bar charts, in HTML so that their labels wrap"
    );

    // Laid out for the width: the page never scrolls sideways, and on a
    // phone the tables' rows are stacked (no cell squeezed to a few
    // characters a line).
    for (width, (scroll, client, narrowest)) in layouts {
        assert!(
            scroll <= client,
            "{lang} at {width} px: scrolls sideways ({scroll} > {client})"
        );
        if width == 390 {
            assert!(
                narrowest >= 200,
                "{lang} at 390 px: a table cell only {narrowest} px wide"
            );
        }
    }

    for (name, png, shot) in shots {
        let (w, h) = png_size(&png);
        assert!(w >= 390 && h >= 800, "{name}: {w}x{h} {:?}", shot.status);
        assert!(
            std::fs::metadata(&png).unwrap().len() > 20_000,
            "{name}: a screenshot of a real page, not a blank one"
        );
        if let Some(k) = &keep {
            std::fs::create_dir_all(k).unwrap();
            std::fs::copy(&png, k.join(format!("{lang}-{name}.png"))).unwrap();
        }
    }
}
