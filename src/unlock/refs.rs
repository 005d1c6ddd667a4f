//! KeePass field references (`{REF:P@I:UUID}` and friends).
//!
//! An entry whose password is `{REF:P@I:…}` uses another entry's password; the
//! checks must see that value, never the literal reference text. References
//! are resolved where a value is *compared*, never into anything displayed:
//!
//! - the password is resolved in place (it is a secret and never shown);
//! - the user name and the main URL keep their text as written (that is what
//!   reports show: a field holding a reference shows the reference), and
//!   their resolved values go to [`Entry::username_resolved`] and
//!   [`Entry::url_resolved`], which only comparisons read. Those two are
//!   resolved through non-secret fields only: a reference that would take or
//!   search another entry's password is left unresolved there, so nothing a
//!   report derives from a user name or URL (a domain, a site) can carry a
//!   password.
//!
//! Expansion is bounded before the work is done: at most [`MAX_DEPTH`]
//! rounds, [`MAX_SUBSTITUTIONS`] references per field, [`MAX_RESOLVED_CHARS`]
//! bytes of result, and [`MAX_TEXT_SEARCHES`] searches by text per vault
//! (UUID references use an index). A reference past any bound is skipped
//! like an unresolvable one: the password is marked `password_unresolved`
//! (not audited, with a warning), a user name or URL is compared as written.

use std::collections::HashMap;

use zeroize::Zeroizing;

use crate::model::Entry;
use crate::secret::Secret;

/// Rounds of substitution (a reference whose value holds references).
pub const MAX_DEPTH: usize = 10;
/// References substituted in one field of one entry, all rounds together.
pub const MAX_SUBSTITUTIONS: usize = 64;
/// Longest resolved value, in bytes.
pub const MAX_RESOLVED_CHARS: usize = 4096;
/// Searches by field text (`{REF:P@T:Amazon}`) per vault: each one scans
/// every entry. UUID references (what KeePassXC writes) are looked up in
/// an index and do not count.
pub const MAX_TEXT_SEARCHES: usize = 2000;

#[derive(Clone, Copy, PartialEq)]
enum Field {
    Title,
    User,
    Password,
    Url,
    Notes,
    Uuid,
}

impl Field {
    fn from_code(c: char) -> Option<Field> {
        match c.to_ascii_uppercase() {
            'T' => Some(Field::Title),
            'U' => Some(Field::User),
            'P' => Some(Field::Password),
            'A' => Some(Field::Url),
            'N' => Some(Field::Notes),
            'I' => Some(Field::Uuid),
            _ => None,
        }
    }
}

/// A copy of one field's value as written, zeroed on drop (it may be a
/// password).
fn value_of(e: &Entry, f: Field) -> Zeroizing<String> {
    Zeroizing::new(match f {
        Field::Title => e.title.clone(),
        Field::User => e.username.clone(),
        Field::Password => e.password.expose().to_owned(),
        Field::Url => e.url().unwrap_or_default().to_owned(),
        Field::Notes => e.notes.clone(),
        Field::Uuid => e.uuid.replace('-', "").to_uppercase(),
    })
}

/// Byte offset of the first `{REF:` marker, case-insensitive. Works on the
/// text in place: the text may be a password, so no upper-cased copy is made.
fn find_ref(text: &str) -> Option<usize> {
    text.as_bytes()
        .windows(5)
        .position(|w| w.eq_ignore_ascii_case(b"{REF:"))
}

/// Does the text hold a reference marker at all?
pub fn has_ref(text: &str) -> bool {
    find_ref(text).is_some()
}

/// Why a value could not be resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unresolved {
    /// Malformed, no such entry, a cycle, or a secret where none may go.
    NotFound,
    /// Past a bound: too long, too many references, too many searches.
    TooMuch,
}

/// The state of one vault's resolution: a UUID index and the search budget.
struct Resolver<'a> {
    entries: &'a [Entry],
    by_uuid: HashMap<String, usize>,
    text_searches: usize,
}

impl<'a> Resolver<'a> {
    fn new(entries: &'a [Entry]) -> Self {
        let by_uuid = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.uuid.replace('-', "").to_ascii_lowercase(), i))
            .collect();
        Resolver {
            entries,
            by_uuid,
            text_searches: 0,
        }
    }

    /// Find the entry a reference points at.
    fn find_target(&mut self, search: Field, text: &str) -> Result<usize, Unresolved> {
        if search == Field::Uuid {
            let wanted: String = text
                .chars()
                .filter(|c| *c != '-')
                .collect::<String>()
                .to_ascii_lowercase();
            return self
                .by_uuid
                .get(&wanted)
                .copied()
                .ok_or(Unresolved::NotFound);
        }
        if self.text_searches >= MAX_TEXT_SEARCHES {
            return Err(Unresolved::TooMuch);
        }
        self.text_searches += 1;
        let needle = Zeroizing::new(text.to_lowercase());
        self.entries
            .iter()
            .position(|e| {
                let v = Zeroizing::new(value_of(e, search).to_lowercase());
                v.contains(needle.as_str())
            })
            .ok_or(Unresolved::NotFound)
    }

    /// Replace every reference in `text` once; `secrets`: a reference may
    /// take or search a password. `budget` counts the references left for
    /// this field.
    fn substitute(
        &mut self,
        text: &str,
        secrets: bool,
        budget: &mut usize,
    ) -> Result<Zeroizing<String>, Unresolved> {
        let mut out = Zeroizing::new(String::with_capacity(text.len().min(MAX_RESOLVED_CHARS)));
        let mut rest = text;
        loop {
            let Some(start) = find_ref(rest) else {
                push_bounded(&mut out, rest)?;
                return Ok(out);
            };
            push_bounded(&mut out, &rest[..start])?;
            if *budget == 0 {
                return Err(Unresolved::TooMuch);
            }
            *budget -= 1;
            let after = &rest[start + 5..];
            let end = after.find('}').ok_or(Unresolved::NotFound)?;
            let spec = &after[..end];
            // spec = W@S:text
            let mut chars = spec.chars();
            let code = |c: Option<char>| c.and_then(Field::from_code).ok_or(Unresolved::NotFound);
            let wanted = code(chars.next())?;
            if chars.next() != Some('@') {
                return Err(Unresolved::NotFound);
            }
            let search = code(chars.next())?;
            if chars.next() != Some(':') {
                return Err(Unresolved::NotFound);
            }
            if !secrets && (wanted == Field::Password || search == Field::Password) {
                return Err(Unresolved::NotFound);
            }
            let needle = chars.as_str();
            let target = self.find_target(search, needle)?;
            let value = value_of(&self.entries[target], wanted);
            push_bounded(&mut out, &value)?;
            rest = &after[end + 1..];
        }
    }

    /// Resolve one field of entry `i`: `Ok(None)` when it holds no reference.
    fn resolve_field(
        &mut self,
        i: usize,
        field: Field,
        secrets: bool,
    ) -> Result<Option<Zeroizing<String>>, Unresolved> {
        let mut current = value_of(&self.entries[i], field);
        if !has_ref(&current) {
            return Ok(None);
        }
        if current.len() > MAX_RESOLVED_CHARS {
            return Err(Unresolved::TooMuch);
        }
        let mut budget = MAX_SUBSTITUTIONS;
        for _ in 0..MAX_DEPTH {
            current = self.substitute(&current, secrets, &mut budget)?;
            if !has_ref(&current) {
                return Ok(Some(current));
            }
        }
        // Still references after every round: a cycle.
        Err(Unresolved::NotFound)
    }
}

/// Append `s` unless the result would pass [`MAX_RESOLVED_CHARS`].
fn push_bounded(out: &mut Zeroizing<String>, s: &str) -> Result<(), Unresolved> {
    if out.len() + s.len() > MAX_RESOLVED_CHARS {
        return Err(Unresolved::TooMuch);
    }
    out.push_str(s);
    Ok(())
}

/// What resolution left undone, for the report's warnings.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Skipped {
    /// Fields (password, user name, URL) whose reference went past a bound.
    pub too_long: usize,
}

/// Resolve references: passwords in place, user names and main URLs into
/// their `*_resolved` fields. Every value is computed from the fields as
/// written (a reference to a reference is followed by the rounds, not by
/// the order of the entries). Entries whose password could not be resolved
/// are marked `password_unresolved`.
pub fn resolve(entries: &mut [Entry]) -> Skipped {
    let mut skipped = Skipped::default();
    let mut passwords: Vec<(usize, Result<Zeroizing<String>, Unresolved>)> = Vec::new();
    let mut users = Vec::new();
    let mut urls = Vec::new();
    {
        let mut r = Resolver::new(entries);
        for i in 0..entries.len() {
            match r.resolve_field(i, Field::Password, true) {
                Ok(None) => {}
                Ok(Some(v)) => passwords.push((i, Ok(v))),
                Err(e) => passwords.push((i, Err(e))),
            }
            match r.resolve_field(i, Field::User, false) {
                Ok(Some(v)) => users.push((i, v)),
                Err(Unresolved::TooMuch) => skipped.too_long += 1,
                _ => {}
            }
            match r.resolve_field(i, Field::Url, false) {
                Ok(Some(v)) => urls.push((i, v)),
                Err(Unresolved::TooMuch) => skipped.too_long += 1,
                _ => {}
            }
        }
    }
    for (i, v) in passwords {
        match v {
            Ok(v) => entries[i].password = Secret::from_str_copy(&v),
            Err(e) => {
                if e == Unresolved::TooMuch {
                    skipped.too_long += 1;
                }
                entries[i].password_unresolved = true;
            }
        }
    }
    for (i, v) in users {
        entries[i].username_resolved = Some(v.to_string());
    }
    for (i, v) in urls {
        entries[i].url_resolved = Some(v.to_string());
    }
    skipped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(uuid: &str, title: &str, pw: &str) -> Entry {
        let mut e = Entry::for_test(title, pw);
        e.uuid = uuid.to_owned();
        e
    }

    const A: &str = "4b444258-0002-4000-8000-000000000001";

    #[test]
    fn resolves_password_by_uuid_and_title() {
        let mut es = vec![
            entry(A, "Amazon", "s3cret-A"),
            entry(
                "4b444258-0002-4000-8000-000000000002",
                "r1",
                "{REF:P@I:4B444258000240008000000000000001}",
            ),
            entry(
                "4b444258-0002-4000-8000-000000000003",
                "r2",
                "x{ref:p@t:amazon}y",
            ),
        ];
        resolve(&mut es);
        assert_eq!(es[1].password.expose(), "s3cret-A");
        assert_eq!(es[2].password.expose(), "xs3cret-Ay");
        assert!(!es[1].password_unresolved);
    }

    #[test]
    fn unresolvable_and_cyclic_references_are_marked() {
        let mut es = vec![
            entry(A, "a", "{REF:P@I:4B444258000240008000000000000002}"),
            entry(
                "4b444258-0002-4000-8000-000000000002",
                "b",
                "{REF:P@I:4B444258000240008000000000000001}",
            ),
            entry(
                "4b444258-0002-4000-8000-000000000003",
                "c",
                "{REF:P@I:00000000000000000000000000000000}",
            ),
        ];
        resolve(&mut es);
        assert!(es[0].password_unresolved);
        assert!(es[2].password_unresolved);
    }

    #[test]
    fn user_name_and_url_keep_their_text_and_never_take_a_password() {
        let mut es = vec![entry(A, "Amazon", "s3cret-A"), entry("b", "b", "pw-b")];
        es[0].username = "alice".to_owned();
        es[0].urls = vec!["https://www.amazon.co.jp/".to_owned()];
        es[1].username = "{REF:P@I:4B444258000240008000000000000001}".to_owned();
        es[1].urls = vec!["{REF:A@I:4B444258000240008000000000000001}".to_owned()];
        resolve(&mut es);
        // Shown as written; compared as resolved, but never via a password.
        assert_eq!(es[1].username, "{REF:P@I:4B444258000240008000000000000001}");
        assert_eq!(es[1].username_resolved, None);
        assert_eq!(es[1].username_for_matching(), es[1].username);
        assert_eq!(
            es[1].url(),
            Some("{REF:A@I:4B444258000240008000000000000001}")
        );
        assert_eq!(es[1].url_for_matching(), Some("https://www.amazon.co.jp/"));
        // Searching by password content is refused too.
        es[1].username = "{REF:U@P:s3cret}".to_owned();
        resolve(&mut es);
        assert_eq!(es[1].username_resolved, None);
    }

    #[test]
    fn self_reference_explosion_is_bounded() {
        // Each level holds twelve references to the level below: 12^10
        // characters if expanded without a bound.
        let twelve = |uuid: &str| format!("{{REF:P@I:{uuid}}}").repeat(12);
        let mut es: Vec<Entry> = (0..11)
            .map(|k| {
                entry(
                    &format!("4b444258-0002-4000-8000-0000000000{k:02}"),
                    "x",
                    "a",
                )
            })
            .collect();
        for (k, e) in es.iter_mut().take(10).enumerate() {
            let below = format!("4B4442580002400080000000000000{:02}", k + 1);
            e.password = Secret::from_str_copy(&twelve(&below));
        }
        let started = std::time::Instant::now();
        let skipped = resolve(&mut es);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert!(es[0].password_unresolved);
        assert!(skipped.too_long >= 1);
        assert!(!es[10].password_unresolved);
    }

    #[test]
    fn text_searches_are_capped_per_vault() {
        let mut es: Vec<Entry> = (0..MAX_TEXT_SEARCHES + 10)
            .map(|k| {
                entry(
                    &format!("u{k}"),
                    &format!("t{k}"),
                    "{REF:P@T:nothing-matches}",
                )
            })
            .collect();
        let skipped = resolve(&mut es);
        assert!(es.iter().all(|e| e.password_unresolved));
        assert_eq!(skipped.too_long, 10);
    }
}
