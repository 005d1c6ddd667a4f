//! The Pwned Passwords range API (k-anonymity).
//!
//! For each distinct 20-bit prefix, one `GET {base}/range/{5 hex}` with
//! `Add-Padding: true`; the match against the suffixes is made here. Only the
//! five hex digits leave the machine. Requests run concurrently on one
//! client (HTTP/2 multiplexing over TLS, or a pool of keep-alive HTTP/1.1
//! connections), at most `concurrency` at a time.
//!
//! Failures are retried with exponential backoff and full jitter: timeouts,
//! connection errors, a body that cannot be read or parsed, 429 and 5xx, with
//! `Retry-After` honoured when the server sends one. After `retries` retries
//! the prefix is given up and its passwords are `Unchecked`, never clean.
//! Nothing is written to disk.

use crate::lookups::Unchecked;
use std::sync::Arc;
use std::time::Duration;

use super::{Digest, Progress, Verdict, by_prefix, prefix_hex, range, spread};

pub const DEFAULT_URL: &str = "https://api.pwnedpasswords.com";
pub const URL_ENV: &str = "KDBX_AUDIT_HIBP_URL";
pub const DEFAULT_CONCURRENCY: usize = 32;
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_RETRIES: u32 = 3;
/// First backoff step; each retry doubles it, up to [`MAX_BACKOFF`].
pub const BACKOFF_BASE: Duration = Duration::from_millis(250);
pub const MAX_BACKOFF: Duration = Duration::from_secs(8);
/// A `Retry-After` longer than this gives the prefix up rather than stall the run.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// After this many prefixes in a row were given up, with no success in
/// between, the service is taken to be down and the prefixes not yet sent
/// are left unchecked at once (a blackholed host would otherwise cost
/// tries × timeout for every prefix).
pub const BREAKER: usize = 8;

pub fn user_agent() -> String {
    format!(
        "kdbx-audit/{} (+password audit; k-anonymity range lookups)",
        env!("CARGO_PKG_VERSION")
    )
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Base URL without the trailing `/range/`.
    pub base_url: String,
    pub concurrency: usize,
    pub timeout: Duration,
    pub retries: u32,
    /// Extra CA certificates to trust besides the system's (`--hibp-ca`).
    pub extra_roots: Vec<reqwest::Certificate>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            base_url: DEFAULT_URL.to_owned(),
            concurrency: DEFAULT_CONCURRENCY,
            timeout: DEFAULT_TIMEOUT,
            retries: DEFAULT_RETRIES,
            extra_roots: Vec::new(),
        }
    }
}

/// Check a base URL given by the user: https (plain http only to this
/// machine), no query or fragment.
pub fn validate_url(url: &str) -> Result<String, String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("not a URL ({e})"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err("only http:// and https:// are supported".to_owned());
    }
    if parsed.scheme() == "http" {
        let host = parsed.host_str().unwrap_or("");
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let loopback = host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if !loopback {
            return Err(
                "plain http:// is refused for a host other than this machine: the prefixes and the answers would be visible and forgeable on the network; use https:// (--hibp-ca FILE trusts a private CA)"
                    .to_owned(),
            );
        }
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err("the base URL must not have a query or fragment".to_owned());
    }
    if parsed.host_str().is_none() {
        return Err("the URL has no host".to_owned());
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// Why one attempt failed, and whether to try again.
enum Attempt {
    Retry {
        why: Unchecked,
        after: Option<Duration>,
    },
    GiveUp(Unchecked),
}

/// `Retry-After` in seconds (the HTTP-date form is treated as absent).
fn retry_after(resp: &reqwest::Response) -> Option<Duration> {
    resp.headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

/// The wait before retry number `n` (1-based): full jitter over an
/// exponentially growing ceiling, at least `Retry-After` when given.
pub fn backoff(n: u32, retry_after: Option<Duration>) -> Duration {
    let ceiling = BACKOFF_BASE
        .saturating_mul(1u32 << (n - 1).min(16))
        .min(MAX_BACKOFF);
    let jitter = ceiling.mul_f64(fastrand::f64());
    match retry_after {
        Some(ra) => ra + jitter.min(Duration::from_millis(250)),
        None => jitter,
    }
}

async fn attempt(client: &reqwest::Client, url: &str) -> Result<range::Range, Attempt> {
    let resp = client
        .get(url)
        .header("Add-Padding", "true")
        .send()
        .await
        .map_err(|e| Attempt::Retry {
            why: if e.is_timeout() {
                Unchecked::RequestTimedOut
            } else if e.is_connect() {
                Unchecked::NoConnection
            } else {
                Unchecked::RequestFailed
            },
            after: None,
        })?;
    let status = resp.status();
    if status == reqwest::StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
        let after = retry_after(&resp);
        if after.is_some_and(|a| a > MAX_RETRY_AFTER) {
            return Err(Attempt::GiveUp(Unchecked::RetryAfterTooLong(
                status.as_u16(),
            )));
        }
        return Err(Attempt::Retry {
            why: Unchecked::Http(status.as_u16()),
            after,
        });
    }
    if status.is_redirection() {
        return Err(Attempt::GiveUp(Unchecked::Redirect(status.as_u16())));
    }
    if status != reqwest::StatusCode::OK {
        return Err(Attempt::GiveUp(Unchecked::Http(status.as_u16())));
    }
    let mut resp = resp;
    let mut body: Vec<u8> = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(c)) => {
                if body.len() + c.len() > range::MAX_BODY {
                    return Err(Attempt::GiveUp(Unchecked::TooLarge));
                }
                body.extend_from_slice(&c);
            }
            Ok(None) => break,
            Err(e) => {
                return Err(Attempt::Retry {
                    why: if e.is_timeout() {
                        Unchecked::ResponseTimedOut
                    } else {
                        Unchecked::Cut
                    },
                    after: None,
                });
            }
        }
    }
    range::parse(&body).map_err(|e| Attempt::Retry {
        why: Unchecked::BadAnswer(e),
        after: None,
    })
}

/// One prefix, with retries. The error names no prefix.
async fn fetch(
    client: &reqwest::Client,
    base: &str,
    prefix: u32,
    retries: u32,
) -> Result<range::Range, Unchecked> {
    // Holds 20 bits of the password's hash: zeroed when dropped.
    let url = zeroize::Zeroizing::new(format!("{base}/range/{}", prefix_hex(prefix)));
    let mut n = 0;
    loop {
        match attempt(client, &url).await {
            Ok(parsed) => return Ok(parsed),
            Err(Attempt::GiveUp(why)) => return Err(why),
            Err(Attempt::Retry { why, after }) => {
                if n >= retries {
                    return Err(Unchecked::GaveUp(Box::new(why), n + 1));
                }
                n += 1;
                tokio::time::sleep(backoff(n, after)).await;
            }
        }
    }
}

fn client(cfg: &Config) -> Result<reqwest::Client, String> {
    // reqwest is built without a TLS crypto provider; ring is ours. A
    // provider installed earlier in the process is kept.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .user_agent(user_agent())
        .timeout(cfg.timeout)
        .connect_timeout(cfg.timeout)
        .pool_max_idle_per_host(cfg.concurrency)
        // A redirect could send the prefix to another host or to plain http.
        .redirect(reqwest::redirect::Policy::none())
        // The system's trust store (rustls-platform-verifier), plus --hibp-ca.
        .tls_certs_merge(cfg.extra_roots.iter().cloned())
        .gzip(true)
        .brotli(true)
        .build()
        .map_err(|e| format!("the HTTP client could not be set up: {e}"))
}

/// Look every digest up; one request per distinct prefix.
pub fn lookup(cfg: &Config, digests: &[Digest], progress: &Progress) -> Vec<Verdict> {
    let groups = by_prefix(digests);
    let fail_all = |why: Unchecked| {
        digests
            .iter()
            .map(|_| Verdict::Unchecked(why.clone()))
            .collect::<Vec<_>>()
    };
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            return fail_all(Unchecked::NoNetwork(format!(
                "could not start the network runtime: {e}"
            )));
        }
    };
    let client = match client(cfg) {
        Ok(c) => c,
        Err(e) => return fail_all(Unchecked::NoNetwork(e)),
    };
    let answers: Vec<Result<range::Range, Unchecked>> = rt.block_on(async {
        let sem = Arc::new(tokio::sync::Semaphore::new(cfg.concurrency.max(1)));
        let failed_in_row = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut set = tokio::task::JoinSet::new();
        for (slot, (prefix, idx)) in groups.iter().enumerate() {
            let client = client.clone();
            let base = cfg.base_url.clone();
            let sem = sem.clone();
            let prefix = *prefix;
            let retries = cfg.retries;
            let n = idx.len() as u64;
            let failed_in_row = failed_in_row.clone();
            set.spawn(async move {
                use std::sync::atomic::Ordering;
                let _permit = sem.acquire_owned().await;
                if failed_in_row.load(Ordering::SeqCst) >= BREAKER {
                    return (slot, n, Err(Unchecked::Breaker));
                }
                let r = fetch(&client, &base, prefix, retries).await;
                if r.is_ok() {
                    failed_in_row.store(0, Ordering::SeqCst);
                } else {
                    failed_in_row.fetch_add(1, Ordering::SeqCst);
                }
                (slot, n, r)
            });
        }
        let mut answers: Vec<Result<range::Range, Unchecked>> = (0..groups.len())
            .map(|_| Err(Unchecked::NotLookedUp))
            .collect();
        while let Some(joined) = set.join_next().await {
            if let Ok((slot, n, r)) = joined {
                answers[slot] = r;
                progress.inc(n);
            }
        }
        answers
    });
    spread(digests, &groups, answers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_honours_retry_after() {
        for _ in 0..100 {
            assert!(backoff(1, None) <= BACKOFF_BASE);
            assert!(backoff(3, None) <= BACKOFF_BASE * 4);
            assert!(backoff(30, None) <= MAX_BACKOFF);
            let ra = backoff(1, Some(Duration::from_secs(2)));
            assert!(ra >= Duration::from_secs(2) && ra <= Duration::from_millis(2250));
        }
    }

    #[test]
    fn urls_are_validated() {
        assert_eq!(
            validate_url("http://127.0.0.1:8080/").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert!(validate_url("ftp://x").is_err());
        assert!(validate_url("not a url").is_err());
        assert!(validate_url("https://x/?a=1").is_err());
    }
}
