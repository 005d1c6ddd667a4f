//! Small URL helpers: host extraction, registrable domain, local addresses.
//!
//! Vault URLs are often not well-formed (no scheme, placeholders, spaces), so
//! this is a forgiving parser that only answers the questions the checks ask.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The scheme (lower-cased) and the rest, when the text has `scheme://`.
pub fn scheme(url: &str) -> Option<String> {
    let (s, _) = url.trim().split_once("://")?;
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        Some(s.to_ascii_lowercase())
    } else {
        None
    }
}

/// The host of a URL, lower-cased, without port, user info or brackets.
pub fn host(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = match url.split_once("://") {
        Some((_, r)) => r,
        None => url,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let host = if let Some(inner) = authority.strip_prefix('[') {
        inner.split(']').next().unwrap_or("")
    } else {
        authority.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.').to_lowercase();
    if host.is_empty() || host.contains(char::is_whitespace) {
        None
    } else {
        Some(host)
    }
}

/// The Public Suffix List compiled in: the `psl` crate regenerates its code
/// from the list and bumps its patch version with every list update, so the
/// crate's version names the list (`tool.data` in the report). A test keeps
/// it equal to the version in Cargo.lock.
pub const PSL_VERSION: &str = "psl 2.1.247";

/// The registrable domain (eTLD+1 by the Public Suffix List) of a host, or the
/// host itself for IP addresses and names the list does not cover.
pub fn registrable_domain(host: &str) -> String {
    if host.parse::<IpAddr>().is_ok() {
        return host.to_owned();
    }
    match psl::domain_str(host) {
        Some(d) => d.to_owned(),
        None => host.to_owned(),
    }
}

/// Loopback, private, link-local or local-only names, where plain http is
/// not a finding.
pub fn is_local_host(host: &str) -> bool {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return match ip {
            IpAddr::V4(v4) => is_local_v4(v4),
            IpAddr::V6(v6) => is_local_v6(v6),
        };
    }
    host == "localhost"
        || host.ends_with(".localhost")
        || host.ends_with(".local")
        || host.ends_with(".lan")
        || host.ends_with(".internal")
        || host.ends_with(".home.arpa")
        || !host.contains('.')
}

fn is_local_v4(ip: Ipv4Addr) -> bool {
    ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_unspecified() || {
        // 100.64.0.0/10, carrier-grade NAT (shared address space)
        let o = ip.octets();
        o[0] == 100 && (64..128).contains(&o[1])
    }
}

fn is_local_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_local_v4(v4);
    }
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
}

/// For each byte offset of `s`: is it outside every `{…}`?
fn outside_braces(s: &str) -> Vec<bool> {
    let mut out = vec![true; s.len() + 1];
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        if c == '{' {
            depth += 1;
        }
        out[i] = depth == 0;
        if c == '}' {
            depth = depth.saturating_sub(1);
        }
    }
    out
}

/// A URL as a report may show it: scheme, host (with port) and path only.
/// User info (`admin:PW@`), the query (`?token=…`, `?tel=…`) and the
/// fragment can hold a password, a token or a phone number, and are never
/// shown.
pub fn displayed(url: &str) -> String {
    let url = url.trim();
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) if scheme(url).is_some() => (Some(s), r),
        _ => (None, url),
    };
    // Query and fragment go first: an `@` or `/` inside them is not the
    // authority's. Inside a `{…}` placeholder (a field reference such as
    // `{REF:A@I:…}`), `@`, `/`, `?` and `#` are the placeholder's own: a
    // reference is shown as written.
    let outside = outside_braces(rest);
    let cut = |set: &[char]| {
        rest.char_indices()
            .find(|(i, c)| set.contains(c) && outside[*i])
            .map_or(rest.len(), |(i, _)| i)
    };
    let rest = &rest[..cut(&['?', '#'])];
    let slash = cut(&['/']).min(rest.len());
    let (authority, path) = (&rest[..slash], &rest[slash..]);
    let host = match authority
        .char_indices()
        .rfind(|(i, c)| *c == '@' && outside[*i])
    {
        Some((i, _)) => &authority[i + 1..],
        None => authority,
    };
    let mut out = String::with_capacity(url.len());
    if let Some(s) = scheme {
        out.push_str(s);
        out.push_str("://");
    }
    out.push_str(host);
    out.push_str(path);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            host("https://www.amazon.co.jp/gp").as_deref(),
            Some("www.amazon.co.jp")
        );
        assert_eq!(
            host("http://user:pw@Example.COM:8080/x").as_deref(),
            Some("example.com")
        );
        assert_eq!(host("http://[::1]:8080/").as_deref(), Some("::1"));
        assert_eq!(
            host("www.rakuten.co.jp").as_deref(),
            Some("www.rakuten.co.jp")
        );
        assert_eq!(host(""), None);
    }

    #[test]
    fn registrable_domains() {
        assert_eq!(
            registrable_domain("sellercentral.amazon.co.jp"),
            "amazon.co.jp"
        );
        assert_eq!(registrable_domain("www.amazon.co.jp"), "amazon.co.jp");
        assert_eq!(registrable_domain("mail.google.com"), "google.com");
        assert_eq!(registrable_domain("192.168.1.1"), "192.168.1.1");
    }

    #[test]
    fn local_hosts() {
        for h in [
            "localhost",
            "127.0.0.1",
            "192.168.1.1",
            "10.0.0.8",
            "172.20.1.1",
            "::1",
            "fd00::1",
            "nas.local",
            "router",
        ] {
            assert!(is_local_host(h), "{h}");
        }
        for h in ["forum.example.com", "8.8.8.8", "172.32.0.1", "2001:db8::1"] {
            assert!(!is_local_host(h), "{h}");
        }
    }

    #[test]
    fn displayed_urls_drop_credentials_query_and_fragment() {
        for (given, shown) in [
            ("http://admin:PW@host.example/x", "http://host.example/x"),
            (
                "https://shop.example/login?token=abc&tel=09012345678",
                "https://shop.example/login",
            ),
            ("https://shop.example/#frag", "https://shop.example/"),
            ("user:pw@host.example:8080/a/b?q", "host.example:8080/a/b"),
            ("http://host.example/a@b/c", "http://host.example/a@b/c"),
            ("http://h.example?x=a@b/c", "http://h.example"),
            ("  https://www.amazon.co.jp/  ", "https://www.amazon.co.jp/"),
            ("{REF:A@I:4B44}", "{REF:A@I:4B44}"),
            (
                "http://h.example/{REF:P@I:1}?t=1",
                "http://h.example/{REF:P@I:1}",
            ),
            ("http://u:{REF:P@I:1}@h.example/", "http://h.example/"),
        ] {
            assert_eq!(displayed(given), shown, "{given}");
        }
    }

    #[test]
    fn psl_version_is_the_one_in_cargo_lock() {
        let lock = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock"),
        )
        .unwrap();
        let at = lock
            .find("name = \"psl\"\nversion = \"")
            .expect("psl in Cargo.lock");
        let rest = &lock[at + "name = \"psl\"\nversion = \"".len()..];
        let version = &rest[..rest.find('"').unwrap()];
        assert_eq!(PSL_VERSION, format!("psl {version}"));
    }
}
