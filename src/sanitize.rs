//! Make untrusted vault text safe for a terminal, Markdown and HTML.
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

/// Text safe inside Markdown (a paragraph, a list item or a table cell):
/// control and bidi characters made visible as in [`terminal`], HTML
/// turned into entities, and every character that could start Markdown
/// syntax (emphasis, code, links, tables, headings, lists) escaped with a
/// backslash. Renders as the original text.
pub fn markdown(text: &str) -> String {
    let visible = terminal(text);
    let mut out = String::with_capacity(visible.len() + 8);
    for (i, c) in visible.chars().enumerate() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            // A list marker or heading underline at the start of a cell or item.
            '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    // "1. text" or "1) text" at the start would begin an ordered list.
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && matches!(out[digits..].chars().next(), Some('.' | ')')) {
        out.insert(digits, '\\');
    }
    out
}

/// Text safe as HTML element content or a quoted attribute value: control
/// and bidi characters made visible as in [`terminal`], then `& < > " '`
/// as entities.
pub fn html(text: &str) -> String {
    let visible = terminal(text);
    let mut out = String::with_capacity(visible.len() + 8);
    for c in visible.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
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

    #[test]
    fn markdown_and_html_escape_hostile_titles() {
        let hostile = "<script>alert(1)</script> | `rm` **x** [a](b) \u{202e}gpj.exe\x1b[31m";
        let md = markdown(hostile);
        assert!(!md.contains('<') && !md.contains('\x1b') && !md.contains('\u{202e}'));
        assert!(md.contains("&lt;script&gt;"));
        assert!(md.contains("\\|") && md.contains("\\`rm\\`") && md.contains("\\*\\*x"));
        assert!(md.contains("\\[a\\](b)"));
        assert_eq!(markdown("# Heading"), "\\# Heading");
        assert_eq!(markdown("- item"), "\\- item");
        assert_eq!(markdown("1. one"), "1\\. one");
        assert_eq!(markdown("amazon.co.jp 楽天"), "amazon.co.jp 楽天");
        let h = html(hostile);
        assert!(!h.contains('<') && !h.contains('>') && !h.contains('\x1b'));
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(h.contains("\\u{202e}"));
        assert_eq!(html("a\"b'c&"), "a&quot;b&#39;c&amp;");
    }
}
