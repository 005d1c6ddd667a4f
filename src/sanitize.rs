//! Make untrusted vault text safe for a terminal, Markdown and HTML.
//!
//! Titles, group names and URLs come from the vault, which may have been
//! shared or imported: they can hold escape sequences (rewrite the screen,
//! set the window title, hide text) and bidirectional overrides (make
//! `evil.com` read as something else). Control characters, bidi controls and
//! invisible format characters (zero-width space, word joiners, tag
//! characters, interlinear annotations) are replaced with a visible `\u{…}`
//! escape; everything else is kept, including the zero-width (non-)joiners
//! that emoji and some scripts need.

/// Is this character unsafe to print as-is?
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2028}' | '\u{2029}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}'
            | '\u{180E}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}')
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
/// backslash. GitHub's autolinks are broken too (`:` and `@` escaped, and
/// the dot of `www.`), so a vault URL or address is text, not a live link;
/// leading blanks, which could start a code block, are entities. Renders
/// as the original text.
pub fn markdown(text: &str) -> String {
    let visible = terminal(text);
    let mut out = String::with_capacity(visible.len() + 8);
    let mut leading = true;
    for (i, (at, c)) in visible.char_indices().enumerate() {
        if leading && (c == ' ' || c == '\t') {
            out.push_str(if c == ' ' { "&#32;" } else { "&#9;" });
            continue;
        }
        leading = false;
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '!' | '$' | '@' => {
                out.push('\\');
                out.push(c);
            }
            // The colon of `scheme://`, `mailto:` or `xmpp:` (autolinks).
            ':' if visible[at + 1..].starts_with("//")
                || ["mailto", "xmpp"].iter().any(|s| {
                    out.len() >= s.len()
                        && out.as_bytes()[out.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes())
                }) =>
            {
                out.push_str("\\:")
            }
            '.' if out.len() >= 3
                && out.as_bytes()[out.len() - 3..].eq_ignore_ascii_case(b"www") =>
            {
                out.push_str("\\.")
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
        // No autolinks: URLs, www. names and addresses stay text.
        assert_eq!(markdown("http://evil.example/"), "http\\://evil.example/");
        assert_eq!(markdown("see WWW.evil.example"), "see WWW\\.evil.example");
        assert_eq!(markdown("a@b.co"), "a\\@b.co");
        assert_eq!(markdown("MAILTO:x"), "MAILTO\\:x");
        assert_eq!(markdown("time 09:00: ok"), "time 09:00: ok");
        // Leading blanks cannot start a code block or a nested list.
        assert_eq!(markdown("    code"), "&#32;&#32;&#32;&#32;code");
        assert_eq!(markdown(" - x"), "&#32;- x");
        let h = html(hostile);
        assert!(!h.contains('<') && !h.contains('>') && !h.contains('\x1b'));
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(h.contains("\\u{202e}"));
        assert_eq!(html("a\"b'c&"), "a&quot;b&#39;c&amp;");
    }
}
