//! Reading our TOML files (the policy file, the household file): every
//! problem found at once, each located by line and column, with a "did you
//! mean" for a misspelt key or value.

use std::path::Path;

use toml_span::value::{Table, Value};

/// A problem in the policy file, or a file that cannot be read.
#[derive(Debug)]
pub struct PolicyError {
    pub message: String,
    pub hint: Option<String>,
    /// The same in the words of each language.
    pub why: Option<crate::error::Why>,
}

/// Read one of our TOML files (`what`: "policy file", "household file")
/// and parse it; an unreadable file, one that is not UTF-8 and every
/// problem `parse` finds (all at once, each with its line and column) are
/// errors naming the file.
pub(crate) fn read_file_of<T>(
    path: &Path,
    kind: crate::error::ConfigFile,
    read_hint: Option<String>,
    problems_hint: &str,
    parse: impl FnOnce(&str) -> Result<T, Vec<Problem>>,
) -> Result<T, PolicyError> {
    use crate::error::Why;
    let what = kind.name(&crate::i18n::Lang::En.text().msg);
    let shown = crate::sanitize::terminal(&path.display().to_string());
    let file = shown.clone();
    // A regular file of at most 4 MiB: a FIFO or a device planted as
    // ./kdbx-audit.toml must not hang the run or fill the memory.
    let text = crate::input::read_regular(path, 4 * 1024 * 1024).map_err(|e| PolicyError {
        message: format!("cannot read the {what} {shown}: {}", e.reason()),
        // Only where the path was given: the hint says where to look.
        why: read_hint.as_ref().map(|_| Why::ConfigUnreadable {
            what: kind,
            file: file.clone(),
        }),
        hint: read_hint,
    })?;
    let text = String::from_utf8(text.to_vec()).map_err(|_| PolicyError {
        message: format!("the {what} {shown} is not UTF-8 text"),
        hint: None,
        why: Some(Why::ConfigNotText {
            what: kind,
            file: file.clone(),
        }),
    })?;
    parse(&text).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(|p| format!("{shown}:{p}")).collect();
        PolicyError {
            message: format!(
                "the {what} {shown} has {} problem{}:\n{}",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" },
                lines
                    .iter()
                    .map(|l| format!("  {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            hint: Some(problems_hint.to_owned()),
            why: Some(Why::ConfigProblems {
                what: kind,
                file,
                problems: lines,
            }),
        }
    })
}

/// One problem, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

pub(crate) struct Ctx<'t> {
    pub(crate) text: &'t str,
    pub(crate) problems: Vec<Problem>,
}

impl Ctx<'_> {
    pub(crate) fn at(&mut self, offset: usize, message: String) {
        // Point at a quoted string's opening quote, not its first letter.
        let offset = match offset.checked_sub(1).map(|i| self.text.as_bytes()[i]) {
            Some(b'"' | b'\'') => offset - 1,
            _ => offset,
        };
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        self.problems.push(Problem {
            line,
            col,
            message: crate::sanitize::terminal(&message),
        });
    }
}

pub(crate) fn closest<'a>(
    word: &str,
    options: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    options
        .into_iter()
        .map(|o| (edit_distance(word, o), o))
        .filter(|(d, o)| *d <= 2.max(o.len() / 4))
        .min()
        .map(|(_, o)| o)
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

pub(crate) fn did_you_mean<'a>(word: &str, options: impl IntoIterator<Item = &'a str>) -> String {
    match closest(word, options) {
        Some(o) => format!(" (did you mean '{o}'?)"),
        None => String::new(),
    }
}

/// An unknown key, at its line:col: where it is (`in [[ignore]] #1`), the
/// keys allowed there when `list` is set, and the closest of them.
pub(crate) fn unknown_key(
    cx: &mut Ctx<'_>,
    at: usize,
    key: &str,
    what: Option<&str>,
    allowed: &[&str],
    list: bool,
) {
    let mut message = format!("unknown key '{key}'");
    if let Some(w) = what {
        message.push_str(&format!(" in {w}"));
    }
    if list {
        message.push_str(&format!(" (allowed: {})", allowed.join(", ")));
    }
    message.push_str(&did_you_mean(key, allowed.iter().copied()));
    cx.at(at, message);
}

pub(crate) fn table<'v, 'de>(
    cx: &mut Ctx<'_>,
    v: &'v Value<'de>,
    what: &str,
) -> Option<&'v Table<'de>> {
    match v.as_table() {
        Some(t) => Some(t),
        None => {
            cx.at(v.span.start, format!("{what} must be a table"));
            None
        }
    }
}

pub(crate) fn string_list(cx: &mut Ctx<'_>, v: &Value<'_>, what: &str) -> Vec<(String, usize)> {
    let Some(arr) = v.as_array() else {
        cx.at(v.span.start, format!("{what} must be a list of strings"));
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in arr {
        match item.as_str() {
            Some(s) if !s.trim().is_empty() => out.push((s.to_owned(), item.span.start)),
            Some(_) => cx.at(item.span.start, format!("{what}: empty string")),
            None => cx.at(item.span.start, format!("{what} must be a list of strings")),
        }
    }
    out
}

/// A list of the owner's current phone numbers: each one whole, unmasked
/// number (full-width digits, hyphens, spaces, `+81` and E.164 all read).
/// A value that is not one is an error at its line and column; the error
/// does not repeat it.
pub(crate) fn phone_list(cx: &mut Ctx<'_>, v: &Value<'_>, what: &str) -> Vec<crate::phone::Number> {
    let mut out = Vec::new();
    for (i, (text, at)) in string_list(cx, v, what).into_iter().enumerate() {
        match crate::phone::parse_current(&text) {
            Some(n) => {
                if !out.contains(&n) {
                    out.push(n)
                }
            }
            None => cx.at(
                at,
                format!(
                    "{what}: item {} is not a phone number: write one whole number per item, e.g. \"090-1234-5678\" or \"+81 90 1234 5678\"",
                    i + 1
                ),
            ),
        }
    }
    out
}

pub(crate) fn domain(cx: &mut Ctx<'_>, s: &str, at: usize, what: &str) -> Option<String> {
    let d = s.trim().trim_end_matches('.').to_ascii_lowercase();
    let ok = d.contains('.')
        && !d.starts_with('.')
        && d.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if ok {
        Some(d)
    } else {
        let hint = crate::url::host(s)
            .filter(|h| h.contains('.') && h != &d)
            .map(|h| format!(" (write the domain only: '{h}')"))
            .unwrap_or_default();
        cx.at(
            at,
            format!("{what}: '{s}' is not a domain name such as shop.example.jp{hint}"),
        );
        None
    }
}

/// Parse TOML text, hand its top-level table to `read`, and return what it
/// built, or every problem (TOML syntax or `read`'s), sorted by place.
pub(crate) fn with_top_table<T>(
    text: &str,
    read: impl FnOnce(&mut Ctx<'_>, &Table<'_>) -> T,
) -> Result<T, Vec<Problem>> {
    let mut cx = Ctx {
        text,
        problems: Vec::new(),
    };
    let root = match toml_span::parse(text) {
        Ok(v) => v,
        Err(e) => {
            // Line and column from the span, in characters like every
            // other problem (the parser's own column counts bytes).
            cx.at(e.span.start, format!("not valid TOML: {e}"));
            return Err(cx.problems);
        }
    };
    let Some(top) = table(&mut cx, &root, "the file") else {
        return Err(cx.problems);
    };
    let value = read(&mut cx, top);
    if cx.problems.is_empty() {
        Ok(value)
    } else {
        cx.problems.sort_by_key(|p| (p.line, p.col));
        Err(cx.problems)
    }
}
