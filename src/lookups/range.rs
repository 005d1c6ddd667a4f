//! The range body: what `GET /range/{prefix}` answers and what the
//! downloader's per-prefix files hold.
//!
//! Lines of `35-hex-suffix:count`, joined by CRLF with no trailing newline.
//! With `Add-Padding: true` the API appends lines with count 0, unsorted,
//! after the real ones; they never count as a match. The parser tolerates LF
//! or CRLF and empty lines, and rejects the whole body when any other line is
//! not 35 hex digits, a colon and a decimal count: a captive portal's HTML, a
//! truncated line or an error page is a failed lookup, never an empty range.

use super::{hex_val, parse_count};

/// A parsed range: (suffix, count) pairs, padding included.
pub type Range = Vec<([u8; 18], u64)>;

/// Why a body was rejected. Carries no hash text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BadBody {
    /// 1-based line number of the first invalid line.
    pub line: usize,
}

impl std::fmt::Display for BadBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            f.write_str("the range response is empty (a real range holds hundreds of hashes)")
        } else {
            write!(
                f,
                "the range response is not a list of hash suffixes and counts (line {} is invalid)",
                self.line
            )
        }
    }
}

/// 35 hex digits to the 140-bit suffix, as 18 bytes with the low nibble of
/// the last byte zero.
fn parse_suffix(s: &[u8]) -> Option<[u8; 18]> {
    if s.len() != 35 {
        return None;
    }
    let mut out = [0u8; 18];
    for (i, b) in s.iter().enumerate() {
        let v = hex_val(*b)?;
        if i % 2 == 0 {
            out[i / 2] = v << 4;
        } else {
            out[i / 2] |= v;
        }
    }
    Some(out)
}

/// The suffix of a digest (its last 35 hex digits) in the same form.
pub fn suffix_of(h: &[u8; 20]) -> [u8; 18] {
    let mut out = [0u8; 18];
    // Digit k of the suffix is digit k + 5 of the digest.
    for k in 0..35 {
        let d = k + 5;
        let nib = if d % 2 == 0 {
            h[d / 2] >> 4
        } else {
            h[d / 2] & 0x0f
        };
        if k % 2 == 0 {
            out[k / 2] |= nib << 4;
        } else {
            out[k / 2] |= nib;
        }
    }
    out
}

/// Largest range body accepted (a real one is about 30–40 KB).
pub const MAX_BODY: usize = 4 << 20;

/// Parse a whole body into (suffix, count) pairs, padding included. A body
/// with no line at all is refused too: every real prefix holds hundreds of
/// hashes, so an empty answer or file is a failure (a crashed write, a
/// proxy's empty 200), never an empty range.
pub fn parse(body: &[u8]) -> Result<Range, BadBody> {
    let mut out = Vec::with_capacity(body.len() / 40 + 1);
    for (i, raw) in body.split(|b| *b == b'\n').enumerate() {
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        if line.is_empty() {
            continue;
        }
        let bad = || BadBody { line: i + 1 };
        let colon = line.iter().position(|b| *b == b':').ok_or_else(bad)?;
        let suffix = parse_suffix(&line[..colon]).ok_or_else(bad)?;
        let count = parse_count(&line[colon + 1..]).ok_or_else(bad)?;
        out.push((suffix, count));
    }
    if out.is_empty() {
        return Err(BadBody { line: 0 });
    }
    Ok(out)
}

/// The count for `digest` in a parsed body: 0 when absent or only padding.
pub fn count_in(parsed: &[([u8; 18], u64)], digest: &[u8; 20]) -> u64 {
    let want = suffix_of(digest);
    parsed
        .iter()
        .filter(|(s, _)| *s == want)
        .map(|(_, c)| *c)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::Digest;

    // SHA-1("password") = 5BAA6 1E4C9B93F3F0682250B6CF8331B7EE68FD8
    const SUFFIX: &str = "1E4C9B93F3F0682250B6CF8331B7EE68FD8";

    #[test]
    fn finds_the_count_with_crlf_lf_and_padding() {
        let d = Digest::of("password");
        for body in [
            format!(
                "0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n{SUFFIX}:9659365\r\n011053FD0102E94D6AE2F8B83D76FAF94F6:0"
            ),
            format!(
                "0018A45C4D1DEF81644B54AB7F969B88D65:1\n{}:42\n\n",
                SUFFIX.to_lowercase()
            ),
            format!("{SUFFIX}:7"),
        ] {
            let parsed = parse(body.as_bytes()).unwrap();
            assert!(count_in(&parsed, d.bytes()) > 0, "{body}");
        }
        let padded = format!("0018A45C4D1DEF81644B54AB7F969B88D65:3\r\n{SUFFIX}:0");
        assert_eq!(count_in(&parse(padded.as_bytes()).unwrap(), d.bytes()), 0);
    }

    #[test]
    fn rejects_anything_that_is_not_a_range() {
        for (body, line) in [
            ("<html><body>Login</body></html>", 1),
            (
                "0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n1E4C9B93F3F06822",
                2,
            ),
            (
                "0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n1E4C9B93F3F0682250B6CF8331B7EE68FD8:",
                2,
            ),
            ("0018A45C4D1DEF81644B54AB7F969B88D6:1", 1),
            ("0018A45C4D1DEF81644B54AB7F969B88D65X:1", 1),
            ("0018A45C4D1DEF81644B54AB7F969B88D6G:1", 1),
            ("0018A45C4D1DEF81644B54AB7F969B88D65:1a", 1),
            ("0018A45C4D1DEF81644B54AB7F969B88D65 1", 1),
            ("0018A45C4D1DEF81644B54AB7F969B88D65:-1", 1),
            ("\r\n\r\nnot a line", 3),
            ("", 0),
            ("\r\n\n", 0),
        ] {
            assert_eq!(parse(body.as_bytes()), Err(BadBody { line }), "{body}");
        }
    }

    #[test]
    fn suffix_is_the_last_35_digits() {
        let d = Digest::of("password");
        assert_eq!(
            suffix_of(d.bytes()),
            parse_suffix(SUFFIX.as_bytes()).unwrap()
        );
    }
}
