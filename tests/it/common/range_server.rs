//! A fake Pwned Passwords range server on 127.0.0.1 with an OS-assigned port.
//!
//! It answers `GET /range/{5 hex}` like the real one: the corpus's suffixes
//! for that prefix sorted, then (with `Add-Padding: true`) padding lines with
//! count 0 in no order, all joined by CRLF with no trailing newline. It speaks
//! keep-alive HTTP/1.1, one thread per connection, records every request and
//! the peak number in flight, and injects faults per prefix.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sha1::{Digest, Sha1};

pub fn sha1_hex(s: &str) -> String {
    Sha1::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// 503 on the first request for the prefix, then normal answers.
    Status503Once,
    /// 429 with `Retry-After: secs` on the first request.
    TooManyOnce {
        retry_after: u64,
    },
    /// The first request gets no answer for this long, then the connection closes.
    StallOnce(Duration),
    /// Every request stalls.
    StallAlways(Duration),
    /// The first answer announces the full length but sends half, then closes.
    TruncatedOnce,
    TruncatedAlways,
    /// The first answer is 200 with an HTML page (a captive portal).
    HtmlOnce,
    HtmlAlways,
    /// Every answer is 502 (a cached error at the CDN).
    Always502,
    Always503,
    /// 200 with an empty body (a misbehaving proxy).
    EmptyAlways,
    /// 204 No Content.
    NoContentAlways,
    /// 301 to another host.
    RedirectAlways,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    pub user_agent: Option<String>,
    pub add_padding: Option<String>,
    pub accept_encoding: Option<String>,
    pub at: Instant,
    pub connection: usize,
    /// The `Content-Encoding` of the answer, if compressed.
    pub encoded: Option<&'static str>,
}

#[derive(Default)]
struct State {
    requests: Vec<Request>,
    per_prefix: HashMap<String, usize>,
}

pub struct Config {
    /// prefix (5 upper hex) -> lines (35-hex suffix, count).
    pub corpus: HashMap<String, Vec<(String, u64)>>,
    /// Extra padding lines with count 0 whose suffix is given (to check that
    /// a count-0 line never matches).
    pub zero_lines: HashMap<String, Vec<String>>,
    pub faults: HashMap<String, Fault>,
    /// Added before every answer.
    pub latency: Duration,
    /// Padding lines per answer when `Add-Padding: true` is sent.
    pub padding: usize,
    /// Compress answers with this encoding (`gzip` or `br`) when the client
    /// accepts it.
    pub compress: Option<&'static str>,
}

impl Config {
    pub fn new() -> Self {
        Config {
            corpus: HashMap::new(),
            zero_lines: HashMap::new(),
            faults: HashMap::new(),
            latency: Duration::ZERO,
            padding: 50,
            compress: None,
        }
    }

    /// Put a password into the corpus with a count.
    pub fn breached(mut self, password: &str, count: u64) -> Self {
        let h = sha1_hex(password);
        self.corpus
            .entry(h[..5].to_owned())
            .or_default()
            .push((h[5..].to_owned(), count));
        self
    }

    /// A padding line (count 0) with this password's suffix.
    pub fn zero_padding_for(mut self, password: &str) -> Self {
        let h = sha1_hex(password);
        self.zero_lines
            .entry(h[..5].to_owned())
            .or_default()
            .push(h[5..].to_owned());
        self
    }

    pub fn fault_for(mut self, password: &str, f: Fault) -> Self {
        self.faults.insert(sha1_hex(password)[..5].to_owned(), f);
        self
    }

    pub fn compress(mut self, encoding: &'static str) -> Self {
        self.compress = Some(encoding);
        self
    }

    pub fn latency(mut self, d: Duration) -> Self {
        self.latency = d;
        self
    }
}

pub struct RangeServer {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
    in_flight: Arc<AtomicUsize>,
    max_in_flight: Arc<AtomicUsize>,
    connections: Arc<AtomicUsize>,
}

impl RangeServer {
    pub fn start(cfg: Config) -> RangeServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State::default()));
        let in_flight = Arc::new(AtomicUsize::new(0));
        let max_in_flight = Arc::new(AtomicUsize::new(0));
        let connections = Arc::new(AtomicUsize::new(0));
        let cfg = Arc::new(cfg);
        {
            let (state, in_flight, max_in_flight, connections) = (
                state.clone(),
                in_flight.clone(),
                max_in_flight.clone(),
                connections.clone(),
            );
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    let Ok(stream) = stream else { continue };
                    let conn = connections.fetch_add(1, Ordering::SeqCst);
                    let (cfg, state, in_flight, max_in_flight) = (
                        cfg.clone(),
                        state.clone(),
                        in_flight.clone(),
                        max_in_flight.clone(),
                    );
                    std::thread::spawn(move || {
                        let _ = serve(stream, conn, &cfg, &state, &in_flight, &max_in_flight);
                    });
                }
            });
        }
        RangeServer {
            addr,
            state,
            in_flight,
            max_in_flight,
            connections,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.state.lock().unwrap().requests.clone()
    }

    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::SeqCst)
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// `count` deterministic pseudo-random strings of `digits` upper-case hex
/// digits (xorshift from `seed`): padding suffixes here, filler hashes for
/// the offline corpora in tests/it/common/mod.rs.
pub fn pseudo_hex(seed: u64, digits: usize, count: usize) -> Vec<String> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..count)
        .map(|_| {
            (0..digits)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    char::from_digit((x % 16) as u32, 16)
                        .unwrap()
                        .to_ascii_uppercase()
                })
                .collect()
        })
        .collect()
}

fn padding_suffix(seed: u64) -> String {
    pseudo_hex(seed, 35, 1).remove(0)
}

fn body_for(cfg: &Config, prefix: &str, padding: bool) -> String {
    let mut real: Vec<(String, u64)> = cfg.corpus.get(prefix).cloned().unwrap_or_default();
    real.sort();
    let mut lines: Vec<String> = real.iter().map(|(s, c)| format!("{s}:{c}")).collect();
    if padding {
        let seed = u64::from_str_radix(prefix, 16).unwrap_or(0);
        let mut pad: Vec<String> = (0..cfg.padding as u64)
            .map(|i| format!("{}:0", padding_suffix(seed * 1000 + i + 1)))
            .collect();
        for s in cfg.zero_lines.get(prefix).into_iter().flatten() {
            pad.insert(pad.len() / 2, format!("{s}:0"));
        }
        lines.extend(pad);
    }
    lines.join("\r\n")
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    // One write: head and body in separate small writes would meet Nagle's
    // algorithm and the client's delayed ACK (40 ms per answer).
    let mut msg = head.into_bytes();
    msg.extend_from_slice(body);
    stream.write_all(&msg)?;
    stream.flush()
}

fn serve(
    stream: TcpStream,
    conn: usize,
    cfg: &Config,
    state: &Mutex<State>,
    in_flight: &AtomicUsize,
    max_in_flight: &AtomicUsize,
) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut stream = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut headers: HashMap<String, String> = HashMap::new();
        loop {
            let mut l = String::new();
            if reader.read_line(&mut l)? == 0 {
                return Ok(());
            }
            let l = l.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
            }
        }
        let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        max_in_flight.fetch_max(now, Ordering::SeqCst);
        let path = request_line
            .split_whitespace()
            .nth(1)
            .unwrap_or("")
            .to_owned();
        let prefix = path.strip_prefix("/range/").unwrap_or("").to_owned();
        let (nth, slot) = {
            let mut st = state.lock().unwrap();
            let slot = st.requests.len();
            st.requests.push(Request {
                path: path.clone(),
                user_agent: headers.get("user-agent").cloned(),
                add_padding: headers.get("add-padding").cloned(),
                accept_encoding: headers.get("accept-encoding").cloned(),
                at: Instant::now(),
                connection: conn,
                encoded: None,
            });
            let n = st.per_prefix.entry(prefix.clone()).or_default();
            *n += 1;
            (*n, slot)
        };
        std::thread::sleep(cfg.latency);
        let fault = cfg.faults.get(&prefix).copied();
        let first = nth == 1;
        let valid = prefix.len() == 5
            && prefix
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b));
        let padding = headers.get("add-padding").is_some_and(|v| v == "true");
        let result = match fault {
            _ if !valid => respond(
                &mut stream,
                "400 Bad Request",
                &[],
                b"The hash prefix was not in a valid format",
            ),
            Some(Fault::Status503Once) if first => {
                respond(&mut stream, "503 Service Unavailable", &[], b"")
            }
            Some(Fault::Always503) => respond(&mut stream, "503 Service Unavailable", &[], b""),
            Some(Fault::Always502) => respond(
                &mut stream,
                "502 Bad Gateway",
                &[("Cache-Control", "max-age=60".into())],
                b"<html>502 Bad Gateway</html>",
            ),
            Some(Fault::TooManyOnce { retry_after }) if first => respond(
                &mut stream,
                "429 Too Many Requests",
                &[("Retry-After", retry_after.to_string())],
                b"",
            ),
            Some(Fault::StallOnce(d)) if first => {
                std::thread::sleep(d);
                in_flight.fetch_sub(1, Ordering::SeqCst);
                return Ok(());
            }
            Some(Fault::StallAlways(d)) => {
                std::thread::sleep(d);
                in_flight.fetch_sub(1, Ordering::SeqCst);
                return Ok(());
            }
            Some(Fault::TruncatedOnce) if first => {
                truncated(&mut stream, &body_for(cfg, &prefix, padding))?;
                in_flight.fetch_sub(1, Ordering::SeqCst);
                return Ok(());
            }
            Some(Fault::TruncatedAlways) => {
                truncated(&mut stream, &body_for(cfg, &prefix, padding))?;
                in_flight.fetch_sub(1, Ordering::SeqCst);
                return Ok(());
            }
            Some(Fault::EmptyAlways) => respond(&mut stream, "200 OK", &[], b""),
            Some(Fault::NoContentAlways) => respond(&mut stream, "204 No Content", &[], b""),
            Some(Fault::RedirectAlways) => respond(
                &mut stream,
                "301 Moved Permanently",
                &[("Location", format!("http://attacker.invalid{path}"))],
                b"",
            ),
            Some(Fault::HtmlOnce) if first => html(&mut stream),
            Some(Fault::HtmlAlways) => html(&mut stream),
            _ => {
                let body = body_for(cfg, &prefix, padding);
                let accepts = headers.get("accept-encoding").cloned().unwrap_or_default();
                match cfg
                    .compress
                    .filter(|e| accepts.split(',').any(|a| a.trim() == *e))
                {
                    Some(enc) => {
                        let mut st = state.lock().unwrap();
                        st.requests[slot].encoded = Some(enc);
                        drop(st);
                        respond(
                            &mut stream,
                            "200 OK",
                            &[
                                ("Content-Type", "text/plain".into()),
                                ("Content-Encoding", enc.into()),
                            ],
                            &compress(enc, body.as_bytes()),
                        )
                    }
                    None => respond(
                        &mut stream,
                        "200 OK",
                        &[
                            ("Content-Type", "text/plain".into()),
                            ("Connection", "keep-alive".into()),
                        ],
                        body.as_bytes(),
                    ),
                }
            }
        };
        in_flight.fetch_sub(1, Ordering::SeqCst);
        result?;
    }
}

fn compress(encoding: &str, body: &[u8]) -> Vec<u8> {
    match encoding {
        "gzip" => {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(body).unwrap();
            e.finish().unwrap()
        }
        "br" => {
            let mut out = Vec::new();
            {
                let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
                w.write_all(body).unwrap();
            }
            out
        }
        other => panic!("unknown encoding {other}"),
    }
}

fn truncated(stream: &mut TcpStream, body: &str) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body.as_bytes()[..body.len() / 2])?;
    stream.flush()?;
    stream.shutdown(std::net::Shutdown::Both)
}

fn html(stream: &mut TcpStream) -> std::io::Result<()> {
    respond(
        stream,
        "200 OK",
        &[("Content-Type", "text/html".into())],
        b"<!DOCTYPE html>\n<html><head><title>Wi-Fi login</title></head><body>Please sign in</body></html>",
    )
}
