//! KeePass field references (`{REF:P@I:UUID}` and friends).
//!
//! An entry whose password is `{REF:P@I:…}` uses another entry's password; the
//! checks must see that value, never the literal reference text. References
//! are resolved in the user name, password and URL fields, up to a fixed depth
//! so that cycles end. A reference that cannot be resolved is recorded on the
//! entry so that checks skip the password instead of auditing the literal.

use zeroize::Zeroizing;

use crate::model::Entry;
use crate::secret::Secret;

const MAX_DEPTH: usize = 10;

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

/// A copy of one field's value, zeroed on drop (it may be a password).
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

/// Find the entry a reference points at.
fn find_target(entries: &[Entry], search: Field, text: &str) -> Option<usize> {
    if search == Field::Uuid {
        let wanted: String = text
            .chars()
            .filter(|c| *c != '-')
            .collect::<String>()
            .to_ascii_lowercase();
        return entries
            .iter()
            .position(|e| e.uuid.replace('-', "") == wanted);
    }
    let needle = Zeroizing::new(text.to_lowercase());
    entries.iter().position(|e| {
        let v = Zeroizing::new(value_of(e, search).to_lowercase());
        v.contains(needle.as_str())
    })
}

/// Replace every reference in `text` once. Returns `None` when a reference
/// could not be resolved.
fn substitute(entries: &[Entry], text: &str) -> Option<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    let mut rest = text;
    loop {
        let Some(start) = find_ref(rest) else {
            out.push_str(rest);
            return Some(out);
        };
        out.push_str(&rest[..start]);
        let after = &rest[start + 5..];
        let end = after.find('}')?;
        let spec = &after[..end];
        // spec = W@S:text
        let mut chars = spec.chars();
        let wanted = Field::from_code(chars.next()?)?;
        if chars.next()? != '@' {
            return None;
        }
        let search = Field::from_code(chars.next()?)?;
        if chars.next()? != ':' {
            return None;
        }
        let needle = chars.as_str();
        let target = find_target(entries, search, needle)?;
        let value = value_of(&entries[target], wanted);
        out.push_str(&value);
        rest = &after[end + 1..];
    }
}

/// Resolve references in place. Entries whose password still holds a
/// reference afterwards are marked `password_unresolved`.
pub fn resolve(entries: &mut [Entry]) {
    for i in 0..entries.len() {
        for field in [Field::User, Field::Password, Field::Url] {
            let mut depth = 0;
            loop {
                let current = value_of(&entries[i], field);
                if !has_ref(&current) {
                    break;
                }
                if depth == MAX_DEPTH {
                    if field == Field::Password {
                        entries[i].password_unresolved = true;
                    }
                    break;
                }
                depth += 1;
                match substitute(entries, &current) {
                    Some(new) => {
                        let e = &mut entries[i];
                        match field {
                            Field::User => e.username = new.to_string(),
                            Field::Password => e.password = Secret::from_str_copy(&new),
                            Field::Url => {
                                if let Some(u) = e.urls.first_mut() {
                                    *u = new.to_string();
                                }
                            }
                            _ => {}
                        }
                    }
                    None => {
                        if field == Field::Password {
                            entries[i].password_unresolved = true;
                        }
                        break;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(uuid: &str, title: &str, pw: &str) -> Entry {
        Entry {
            uuid: uuid.to_owned(),
            title: title.to_owned(),
            group: vec![],
            username: String::new(),
            urls: vec![],
            notes: String::new(),
            tags: vec![],
            custom_fields: vec![],
            password: Secret::from_str_copy(pw),
            password_unresolved: false,
            created: None,
            modified: None,
            expires: None,
            history: vec![],
            excluded: false,
        }
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
}
