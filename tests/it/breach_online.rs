//! `password/breached` against a fake range server on 127.0.0.1 (see
//! tests/it/common/range_server.rs): what is sent, what is found, and that a
//! failed lookup is never reported as clean.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Output;
use std::time::Duration;

use crate::common::range_server::{Config, Fault, RangeServer};
use crate::common::*;

fn prefixes(pws: &[&str]) -> BTreeSet<String> {
    pws.iter().map(|p| sha1_hex(p)[..5].to_owned()).collect()
}

fn audit_online(server: &RangeServer, extra: &[&str]) -> Output {
    audit_url(&server.url(), extra)
}

/// Audit audit.kdbx against a range API at `url`, JSON report.
fn audit_url(url: &str, extra: &[&str]) -> Output {
    let v = find("audit.kdbx");
    let mut c = cmd();
    c.args(["audit", "--as-of", AS_OF])
        .arg(fixture(&v.file))
        .arg("--password-file")
        .arg(fixture(v.password_file.as_deref().unwrap()))
        .args(["--format", "json", "--breach", "hibp", "--hibp-url", url])
        .args(extra);
    run(&mut c)
}

fn standard_corpus() -> Config {
    Config::new()
        .breached("Sakura-Reuse-2024!x", 885)
        .breached("password1", 2_413_945)
        .breached("qwerty", 10_000_000)
        .breached("123456", 40_000_000)
        // Bank's password shows up only as a padding line (count 0).
        .zero_padding_for("gzmTPZ0ToRoZnELqCSPiFA.W")
}

#[test]
fn one_request_per_distinct_prefix_with_padding_and_user_agent() {
    let server = RangeServer::start(standard_corpus());
    let out = audit_online(&server, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let r = json(&out);
    assert_eq!(breached(&r), expected(885, 2_413_945));
    let check = breach_check(&r);
    assert_eq!(check["status"], "complete");
    assert_eq!(check["passwords_checked"], 10);
    assert_eq!(check["passwords_unchecked"], 0);

    let reqs = server.requests();
    let sent: Vec<String> = reqs
        .iter()
        .map(|q| q.path.strip_prefix("/range/").unwrap().to_owned())
        .collect();
    let want = prefixes(&looked_up());
    assert_eq!(
        sent.len(),
        want.len(),
        "one request per distinct prefix: {sent:?}"
    );
    assert_eq!(sent.iter().cloned().collect::<BTreeSet<_>>(), want);
    for q in &reqs {
        let p = q.path.strip_prefix("/range/").unwrap();
        assert!(
            p.len() == 5
                && p.bytes()
                    .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)),
            "only five upper-case hex digits leave the machine: {}",
            q.path
        );
        assert_eq!(q.add_padding.as_deref(), Some("true"));
        let ua = q.user_agent.as_deref().unwrap_or("");
        assert!(
            ua.starts_with(&format!("kdbx-audit/{}", env!("CARGO_PKG_VERSION"))),
            "{ua}"
        );
        let enc = q.accept_encoding.as_deref().unwrap_or("");
        assert!(enc.contains("gzip") && enc.contains("br"), "{enc}");
    }
    // Excluded entries are not looked up; the recycle bin's old password
    // is (vault/history-secrets), in the same batch.
    assert!(sent.iter().any(|s| *s == sha1_hex("123456")[..5]));
    for p in ["qwerty", "abc123"] {
        let pre = &sha1_hex(p)[..5];
        assert!(!sent.iter().any(|s| s == pre), "{p} was looked up");
    }
    // --allow-incomplete changes nothing when the run is complete.
    let out = audit_online(&server, &["--allow-incomplete"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn transient_faults_are_retried_and_end_correctly_classified() {
    let server = RangeServer::start(
        standard_corpus()
            .fault_for("Sakura-Reuse-2024!x", Fault::Status503Once)
            .fault_for("password1", Fault::TooManyOnce { retry_after: 1 })
            .fault_for(
                "gzmTPZ0ToRoZnELqCSPiFA.W",
                Fault::StallOnce(Duration::from_secs(3)),
            )
            .fault_for("oE!c!HeOz7pYe%Cnkp25#Y+w", Fault::TruncatedOnce)
            .fault_for("gUFr2A8I^w@sN*jjs!AVs9sU", Fault::HtmlOnce),
    );
    let out = audit_online(&server, &["--hibp-timeout", "1"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let r = json(&out);
    assert_eq!(breached(&r), expected(885, 2_413_945));
    let check = breach_check(&r);
    assert_eq!(check["status"], "complete", "{check}");
    assert_eq!(check["passwords_unchecked"], 0);

    let reqs = server.requests();
    // Each faulted prefix was asked twice, every other one once.
    assert_eq!(reqs.len(), prefixes(&looked_up()).len() + 5);
    // The 429 retry waited for Retry-After.
    let p1 = format!("/range/{}", &sha1_hex("password1")[..5]);
    let times: Vec<_> = reqs.iter().filter(|q| q.path == p1).map(|q| q.at).collect();
    assert_eq!(times.len(), 2);
    assert!(
        times[1].duration_since(times[0]) >= Duration::from_millis(990),
        "{:?}",
        times[1].duration_since(times[0])
    );
}

#[test]
fn a_prefix_that_always_fails_is_unchecked_never_clean() {
    let server = RangeServer::start(
        standard_corpus()
            .fault_for("password1", Fault::Always502)
            .fault_for("GaXTCYqQGgD-IX+-#1k2Bb2K", Fault::Always502),
    );
    let out = audit_online(&server, &["--hibp-retries", "2"]);
    let r = incomplete(&out, 2);
    // Rakuten's breached password could not be looked up: no finding, and
    // not clean either.
    let mut want = expected(885, 0);
    want.remove("Rakuten");
    assert_eq!(breached(&r), want);
    let check = breach_check(&r);
    assert_eq!(check["passwords_checked"], 8);
    let reason = check["reason"].as_str().unwrap();
    assert!(
        reason.contains("2 of 10") && reason.contains("HTTP 502"),
        "{reason}"
    );
    assert!(stderr(&out).contains("incomplete"), "{}", stderr(&out));
    // Bounded: 1 try + 2 retries for each failing prefix, nothing more.
    let p1 = format!("/range/{}", &sha1_hex("password1")[..5]);
    assert_eq!(server.requests().iter().filter(|q| q.path == p1).count(), 3);
    assert_eq!(
        server.requests().len(),
        prefixes(&looked_up()).len() + 2 * 2
    );

    // --allow-incomplete: the findings decide the exit status, the report
    // still says what is unchecked.
    let out = audit_online(&server, &["--hibp-retries", "0", "--allow-incomplete"]);
    assert_eq!(out.status.code(), Some(1));
    let r = json(&out);
    assert_eq!(breach_check(&r)["passwords_unchecked"], 2);
    assert_eq!(r["settings"]["allow_incomplete"], true);
    let out = audit_online(
        &server,
        &[
            "--hibp-retries",
            "0",
            "--allow-incomplete",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn persistent_faults_of_every_kind_leave_passwords_unchecked() {
    let faults = [
        ("Sakura-Reuse-2024!x", Fault::HtmlAlways),
        ("password1", Fault::TruncatedAlways),
        ("gzmTPZ0ToRoZnELqCSPiFA.W", Fault::Always503),
        (
            "oE!c!HeOz7pYe%Cnkp25#Y+w",
            Fault::StallAlways(Duration::from_secs(3)),
        ),
    ];
    let mut cfg = standard_corpus();
    for (p, f) in faults {
        cfg = cfg.fault_for(p, f);
    }
    let server = RangeServer::start(cfg);
    let out = audit_online(&server, &["--hibp-retries", "1", "--hibp-timeout", "1"]);
    let r = incomplete(&out, 4);
    // Both breached passwords are behind faults: no finding, but the check
    // says four passwords are unchecked; nothing is called clean.
    assert_eq!(breached(&r), BTreeMap::new());
    let check = breach_check(&r);
    assert_eq!(check["passwords_checked"], 6);
    let reason = check["reason"].as_str().unwrap();
    for why in ["not a list of hash suffixes", "HTTP 503", "timed out"] {
        assert!(reason.contains(why), "{why} missing from: {reason}");
    }
    // The same reasons in Japanese words (for a Japanese report and for
    // `render --lang ja`): no English besides the service's name and HTTP.
    let ja = check["translations"]["ja"]["reason"].as_str().unwrap();
    for why in [
        "応答の形式が正しくありませんでした",
        "サーバー側でエラーが起きました（HTTP 503）",
        "時間切れになりました",
        "Have I Been Pwned の照会サービス",
    ] {
        assert!(ja.contains(why), "{why} missing from: {ja}");
    }
    let rest = ja.replace("Have I Been Pwned", "").replace("HTTP", "");
    assert!(
        !rest.chars().any(|c| c.is_ascii_alphabetic()),
        "English in the Japanese reason: {ja}"
    );
}

#[test]
fn empty_answers_and_redirects_are_failures_not_clean() {
    let faults = [
        ("Sakura-Reuse-2024!x", Fault::EmptyAlways),
        ("password1", Fault::NoContentAlways),
        ("gzmTPZ0ToRoZnELqCSPiFA.W", Fault::RedirectAlways),
    ];
    let mut cfg = standard_corpus();
    for (p, f) in faults {
        cfg = cfg.fault_for(p, f);
    }
    let server = RangeServer::start(cfg);
    let out = audit_online(&server, &["--hibp-retries", "1"]);
    let r = incomplete(&out, 3);
    assert_eq!(breached(&r), BTreeMap::new());
    let c = breach_check(&r);
    let reason = c["reason"].as_str().unwrap();
    for why in ["empty", "HTTP 204", "HTTP 301"] {
        assert!(reason.contains(why), "{why} missing from: {reason}");
    }
    // The redirect was not followed (it pointed elsewhere) and not retried.
    let redirected = format!("/range/{}", &sha1_hex("gzmTPZ0ToRoZnELqCSPiFA.W")[..5]);
    assert_eq!(
        server
            .requests()
            .iter()
            .filter(|q| q.path == redirected)
            .count(),
        1
    );
}

#[test]
fn a_service_that_keeps_failing_is_given_up_early() {
    // One request at a time, every range failing: after 8 ranges given up in
    // a row the other 2 are not sent, and all 10 passwords are unchecked.
    let mut cfg = Config::new();
    for p in looked_up() {
        cfg = cfg.fault_for(p, Fault::Always503);
    }
    let server = RangeServer::start(cfg);
    let out = audit_online(&server, &["--hibp-concurrency", "1", "--hibp-retries", "0"]);
    let c = breach_check(&incomplete(&out, 10));
    assert!(
        c["reason"].as_str().unwrap().contains("looks unavailable"),
        "{c}"
    );
    assert_eq!(server.requests().len(), 8);
}

#[test]
fn unreachable_server_is_incomplete_not_clean() {
    // A port that was free a moment ago: connection refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = audit_url(
        &format!("http://127.0.0.1:{port}"),
        &["--hibp-retries", "1"],
    );
    let check = breach_check(&incomplete(&out, 10));
    assert!(
        check["reason"]
            .as_str()
            .unwrap()
            .contains("could not connect")
    );
}

#[test]
fn requests_are_concurrent_and_bounded() {
    let server = RangeServer::start(standard_corpus().latency(Duration::from_millis(150)));
    let start = std::time::Instant::now();
    let out = audit_online(&server, &["--hibp-concurrency", "3"]);
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let n = prefixes(&looked_up()).len();
    assert_eq!(server.requests().len(), n);
    let peak = server.max_in_flight();
    assert!((2..=3).contains(&peak), "peak in flight {peak}");
    // Keep-alive: connections are reused, never more than the bound.
    assert!(
        server.connections() <= 3,
        "{} connections",
        server.connections()
    );
    // ceil(10 / 3) × 150 ms = 600 ms is the floor; serial would be 1.5 s.
    assert!(took < Duration::from_millis(1400), "{took:?}");
}

#[test]
fn compressed_answers_are_decoded() {
    for enc in ["gzip", "br"] {
        let server = RangeServer::start(standard_corpus().compress(enc));
        let out = audit_online(&server, &[]);
        assert_eq!(out.status.code(), Some(1), "{enc}: {}", stderr(&out));
        assert_eq!(breached(&json(&out)), expected(885, 2_413_945), "{enc}");
        let reqs = server.requests();
        assert!(
            reqs.iter().all(|q| q.encoded == Some(enc)),
            "{enc} not used"
        );
    }
}

#[test]
fn a_client_error_is_not_retried_and_leaves_passwords_unchecked() {
    // A mirror URL with a wrong path: the server answers 400 for every
    // request. 4xx other than 429 is not retried; nothing is called clean.
    let server = RangeServer::start(standard_corpus());
    let out = audit_url(&format!("{}/wrong/path", server.url()), &[]);
    let r = incomplete(&out, 10);
    assert_eq!(breached(&r), BTreeMap::new());
    let c = breach_check(&r);
    assert!(c["reason"].as_str().unwrap().contains("HTTP 400"), "{c}");
    assert_eq!(server.requests().len(), prefixes(&looked_up()).len());
}

#[test]
fn bad_hibp_url_is_a_clear_error() {
    let v = find("audit.kdbx");
    for url in ["ftp://example.org", "not a url"] {
        let out = run(audit_cmd(&v).args(["--breach", "hibp", "--hibp-url", url]));
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("--hibp-url"), "{}", stderr(&out));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn the_url_can_come_from_the_environment() {
    let server = RangeServer::start(standard_corpus());
    let v = find("audit.kdbx");
    let out = run(audit_cmd(&v)
        .args(["--breach", "hibp", "--format", "json"])
        .env("KDBX_AUDIT_HIBP_URL", server.url()));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(breached(&json(&out)), expected(885, 2_413_945));
    assert_eq!(server.requests().len(), prefixes(&looked_up()).len());
}

/// A TLS server on 127.0.0.1 with a self-signed certificate no system
/// trusts (tests/fixtures/tls). It records each handshake's error.
fn untrusted_tls_server() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let config = tls_server_config("untrusted");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let errors = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let errs = errors.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut tcp) = stream else { continue };
            let mut conn = rustls::ServerConnection::new(config.clone()).unwrap();
            let r = conn.complete_io(&mut tcp);
            errs.lock().unwrap().push(match r {
                Ok(_) => "handshake completed".to_owned(),
                Err(e) => e.to_string(),
            });
        }
    });
    (format!("https://127.0.0.1:{port}"), errors)
}

#[test]
fn an_unverifiable_certificate_leaves_passwords_unchecked() {
    let (url, errors) = untrusted_tls_server();
    let out = audit_url(&url, &["--hibp-retries", "1"]);
    let r = incomplete(&out, 10);
    assert_eq!(breached(&r), BTreeMap::new());
    // The client did speak TLS and refused the certificate: no handshake
    // completed, and the server saw the client's alert.
    // The server thread may still be reading the last alert.
    let want = 2 * prefixes(&looked_up()).len();
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while errors.lock().unwrap().len() < want && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let seen = errors.lock().unwrap().clone();
    assert!(!seen.is_empty(), "no TLS connection was made");
    assert!(!seen.iter().any(|e| e == "handshake completed"), "{seen:?}");
    assert!(
        seen.iter().all(|e| e.contains("CertificateUnknown")
            || e.contains("UnknownCA")
            || e.contains("BadCertificate")),
        "{seen:?}"
    );
    // One try and one retry per prefix.
    assert_eq!(seen.len(), want);
}
