//! Make untrusted vault text safe for a terminal.
//!
//! Titles, group names and URLs come from the vault, which may have been
//! shared or imported: they can hold escape sequences (rewrite the screen,
//! set the window title, hide text) and bidirectional overrides (make
//! `evil.com` read as something else). Control characters and bidi controls
//! are replaced with a visible `\u{…}` escape; everything else is kept.

/// Is this character unsafe to print as-is?
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
            | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// Replace control and bidi characters with `\u{XXXX}`.
pub fn terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:04x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attack_strings_are_neutralised() {
        let attacks = [
            "\x1b[2J\x1b[Hcleared",
            "\x1b]0;pwned title\x07",
            "\u{202e}moc.live",
            "a\rb",
            "tab\there",
            "\u{9b}31m",
            "nul\0byte",
            "\u{2066}iso\u{2069}",
        ];
        for a in attacks {
            let s = terminal(a);
            assert!(!s.chars().any(is_unsafe), "{s:?}");
            assert!(!s.contains('\x1b'));
        }
        assert_eq!(terminal("\u{202e}evil"), "\\u{202e}evil");
        assert_eq!(terminal("ヨドバシ / 買い物"), "ヨドバシ / 買い物");
    }
}
