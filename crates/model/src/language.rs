//! The languages the console speaks and their message catalogs, as plain
//! data. [`LANGUAGES`] lists every language in one `const`: its tag, its
//! name in itself, and its plural rule for counts. A [`Catalog`] is one
//! language's messages, read from a flat JSON object (`locales/de.json`):
//! a key names either a text (`"Sign in"`) or a set of plural forms
//! (`{"one": "{n} payment", "other": "{n} payments"}`), and `{name}`
//! marks a placeholder filled in when the message is shown.
//!
//! Adding a language is one line in [`LANGUAGES`] and one catalog file;
//! [`Catalog::problems`] names every key, placeholder or plural form the
//! file lacks against the English catalog, and a test runs it for each.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// A plural category of Unicode CLDR: which form of a word a count takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Plural {
    /// Every category, in CLDR's order.
    pub const ALL: [Plural; 6] = [
        Plural::Zero,
        Plural::One,
        Plural::Two,
        Plural::Few,
        Plural::Many,
        Plural::Other,
    ];

    /// The category's name, as catalogs and `Intl.PluralRules` write it.
    pub fn name(self) -> &'static str {
        match self {
            Plural::Zero => "zero",
            Plural::One => "one",
            Plural::Two => "two",
            Plural::Few => "few",
            Plural::Many => "many",
            Plural::Other => "other",
        }
    }

    /// The category named `name`.
    pub fn named(name: &str) -> Option<Plural> {
        Plural::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// A language of the console.
#[derive(Debug)]
pub struct Language {
    /// Its BCP 47 tag, the name of its catalog file (`de`).
    pub tag: &'static str,
    /// Its name in itself, as a language menu shows it (`Deutsch`).
    pub name: &'static str,
    /// The plural category of a whole count, by CLDR's cardinal rules.
    pub plural: fn(u64) -> Plural,
    /// The categories its counts take, which its catalog must write.
    pub plurals: &'static [Plural],
}

/// English and German: 1 is "one", everything else "other".
fn one_or_other(n: u64) -> Plural {
    if n == 1 {
        Plural::One
    } else {
        Plural::Other
    }
}

/// French: 0 and 1 are "one"; a whole number of millions is "many"
/// ("1 000 000 de paiements").
fn french(n: u64) -> Plural {
    match n {
        0 | 1 => Plural::One,
        n if n % 1_000_000 == 0 => Plural::Many,
        _ => Plural::Other,
    }
}

/// Spanish: 1 is "one"; a whole number of millions is "many"
/// ("1 000 000 de pagos").
fn spanish(n: u64) -> Plural {
    match n {
        1 => Plural::One,
        n if n != 0 && n % 1_000_000 == 0 => Plural::Many,
        _ => Plural::Other,
    }
}

const ONE_OTHER: &[Plural] = &[Plural::One, Plural::Other];
const ONE_MANY_OTHER: &[Plural] = &[Plural::One, Plural::Many, Plural::Other];

/// Every language the console speaks; the first is the one every other
/// falls back to, and the one its code is written in.
pub const LANGUAGES: &[Language] = &[
    Language {
        tag: "en",
        name: "English",
        plural: one_or_other,
        plurals: ONE_OTHER,
    },
    Language {
        tag: "de",
        name: "Deutsch",
        plural: one_or_other,
        plurals: ONE_OTHER,
    },
    Language {
        tag: "fr",
        name: "Français",
        plural: french,
        plurals: ONE_MANY_OTHER,
    },
    Language {
        tag: "es",
        name: "Español",
        plural: spanish,
        plurals: ONE_MANY_OTHER,
    },
];

impl PartialEq for Language {
    fn eq(&self, other: &Language) -> bool {
        self.tag == other.tag
    }
}

impl Eq for Language {}

impl Language {
    /// The language the console's own words are written in.
    pub fn english() -> &'static Language {
        &LANGUAGES[0]
    }

    /// The language `tag` names, by its primary subtag (`de-AT` is
    /// German), ignoring case; `None` for a language the console lacks.
    pub fn find(tag: &str) -> Option<&'static Language> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        LANGUAGES
            .iter()
            .find(|l| l.tag.eq_ignore_ascii_case(primary))
    }

    /// The first of `wanted` (a browser's `navigator.languages`, best
    /// first) that the console speaks, else English.
    pub fn negotiate<'a>(wanted: impl IntoIterator<Item = &'a str>) -> &'static Language {
        wanted
            .into_iter()
            .find_map(Language::find)
            .unwrap_or_else(Language::english)
    }
}

/// One message: a text, or its forms by plural category.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Message {
    Text(String),
    Counted(BTreeMap<Plural, String>),
}

/// Why a catalog file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogError(pub String);

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One language's messages by key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    messages: BTreeMap<String, Message>,
}

impl Catalog {
    /// Reads a catalog file: a JSON object whose values are texts or
    /// objects of plural forms.
    pub fn parse(json: &str) -> Result<Catalog, CatalogError> {
        let value: Value =
            serde_json::from_str(json).map_err(|e| CatalogError(format!("not JSON: {e}")))?;
        let Value::Object(entries) = value else {
            return Err(CatalogError("not a JSON object".into()));
        };
        let mut messages = BTreeMap::new();
        for (key, value) in entries {
            let message = match value {
                Value::String(text) => Message::Text(text),
                Value::Object(forms) => {
                    let mut counted = BTreeMap::new();
                    for (name, form) in forms {
                        let plural = Plural::named(&name).ok_or_else(|| {
                            CatalogError(format!("{key}: {name} is no plural category"))
                        })?;
                        let Value::String(form) = form else {
                            return Err(CatalogError(format!("{key}.{name} is not text")));
                        };
                        counted.insert(plural, form);
                    }
                    if !counted.contains_key(&Plural::Other) {
                        return Err(CatalogError(format!("{key} has no \"other\" form")));
                    }
                    Message::Counted(counted)
                }
                _ => return Err(CatalogError(format!("{key} is neither text nor forms"))),
            };
            messages.insert(key, message);
        }
        Ok(Catalog { messages })
    }

    /// Every key, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.messages.keys().map(String::as_str)
    }

    /// The message `key` with `args` filled in; `None` when the catalog
    /// has no such text. A counted message gives its "other" form.
    pub fn text(&self, key: &str, args: &[(&str, &str)]) -> Option<String> {
        self.counted(key, Plural::Other, args)
    }

    /// The form of `key` for the category `plural` (else its "other"
    /// form), with `args` filled in.
    pub fn counted(&self, key: &str, plural: Plural, args: &[(&str, &str)]) -> Option<String> {
        let form = match self.messages.get(key)? {
            Message::Text(text) => text,
            Message::Counted(forms) => forms.get(&plural).or_else(|| forms.get(&Plural::Other))?,
        };
        Some(fill(form, args))
    }

    /// What this catalog, for `language`, lacks against `english`: keys
    /// missing or unknown, a text where English counts (or the other way
    /// round), placeholders that differ, and plural forms the language's
    /// counts take but the file does not write. Empty when complete.
    pub fn problems(&self, language: &Language, english: &Catalog) -> Vec<String> {
        let mut found = Vec::new();
        for (key, theirs) in &english.messages {
            let Some(ours) = self.messages.get(key) else {
                found.push(format!("{key}: missing"));
                continue;
            };
            match (theirs, ours) {
                (Message::Text(_), Message::Counted(_))
                | (Message::Counted(_), Message::Text(_)) => {
                    found.push(format!("{key}: English is {}", kind(theirs)));
                    continue;
                }
                (_, Message::Counted(forms)) => {
                    for p in language.plurals {
                        if !forms.contains_key(p) {
                            found.push(format!("{key}: no \"{}\" form", p.name()));
                        }
                    }
                }
                _ => {}
            }
            let wanted = placeholders(theirs);
            for (name, form) in forms(ours) {
                let had = placeholders_in(form);
                if had != wanted {
                    found.push(format!(
                        "{key}{name}: placeholders {had:?}, English {wanted:?}"
                    ));
                }
            }
        }
        for key in self.messages.keys() {
            if !english.messages.contains_key(key) {
                found.push(format!("{key}: not in English"));
            }
        }
        found
    }
}

fn kind(m: &Message) -> &'static str {
    match m {
        Message::Text(_) => "a text",
        Message::Counted(_) => "counted",
    }
}

/// Each form of a message, named for reports (`""`, `".one"`).
fn forms(m: &Message) -> Vec<(String, &str)> {
    match m {
        Message::Text(t) => vec![(String::new(), t.as_str())],
        Message::Counted(forms) => forms
            .iter()
            .map(|(p, t)| (format!(".{}", p.name()), t.as_str()))
            .collect(),
    }
}

/// The placeholders of a message's "other" form (or its text).
fn placeholders(m: &Message) -> BTreeSet<String> {
    match m {
        Message::Text(t) => placeholders_in(t),
        Message::Counted(forms) => forms
            .get(&Plural::Other)
            .map(|t| placeholders_in(t))
            .unwrap_or_default(),
    }
}

/// Splits `text` at its placeholders: the literal runs and the names.
fn pieces(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + len];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push((false, &rest[..open + 1]));
            rest = &rest[open + 1..];
            continue;
        }
        out.push((false, &rest[..open]));
        out.push((true, name));
        rest = &rest[open + len + 1..];
    }
    out.push((false, rest));
    out
}

/// The placeholder names in `text`. A count's `{n}` may be left out of
/// a form ("one payment"), so it is not required.
fn placeholders_in(text: &str) -> BTreeSet<String> {
    pieces(text)
        .into_iter()
        .filter(|(is_name, name)| *is_name && *name != "n")
        .map(|(_, name)| name.to_string())
        .collect()
}

impl Catalog {
    /// A sentence of the model's, written in English (`Amount is
    /// required.`), in this catalog's language: its `en:` entry of that
    /// text, else the first `en:` template (the key is the English) whose
    /// shape it has (`en:{label} is required.`), filled with the values
    /// read from the sentence, each put through `words` (so a field's
    /// label is translated too). `None` when no entry fits.
    pub fn sentence(&self, text: &str, words: &dyn Fn(&str) -> String) -> Option<String> {
        let exact = format!("en:{text}");
        if self.messages.contains_key(&exact) {
            return self.text(&exact, &[]);
        }
        self.messages
            .iter()
            .filter(|(key, _)| key.starts_with("en:") && key.contains('{'))
            .find_map(|(key, _)| {
                let values = read_by(&key[3..], text)?;
                let translated: Vec<(&str, String)> =
                    values.iter().map(|(k, v)| (*k, words(v))).collect();
                let args: Vec<(&str, &str)> =
                    translated.iter().map(|(k, v)| (*k, v.as_str())).collect();
                self.text(key, &args)
            })
    }
}

/// The values of `template`'s placeholders in `text`, when `text` has the
/// template's shape: its literal runs in order, each placeholder taking
/// what lies between them (at least one character).
fn read_by<'t>(template: &'t str, text: &'t str) -> Option<Vec<(&'t str, &'t str)>> {
    let parts = pieces(template);
    let mut values = Vec::new();
    let mut rest = text;
    let mut pending: Option<&str> = None;
    let last = parts.len().saturating_sub(1);
    for (i, (is_name, piece)) in parts.iter().enumerate() {
        if *is_name {
            if pending.is_some() {
                return None; // two placeholders side by side cannot be told apart
            }
            pending = Some(piece);
            continue;
        }
        match pending.take() {
            None => rest = rest.strip_prefix(piece)?,
            Some(name) => {
                let at = if i == last {
                    rest.strip_suffix(piece).map(str::len)?
                } else {
                    rest.find(piece)?
                };
                if at == 0 {
                    return None;
                }
                values.push((name, &rest[..at]));
                rest = &rest[at + piece.len()..];
            }
        }
    }
    match pending {
        Some(name) if !rest.is_empty() => values.push((name, rest)),
        Some(_) => return None,
        None if !rest.is_empty() => return None,
        None => {}
    }
    Some(values)
}

/// `text` with each `{name}` replaced by its value in `args`; a name
/// without a value stays as written.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    for (is_name, piece) in pieces(text) {
        match args.iter().find(|(k, _)| is_name && *k == piece) {
            Some((_, value)) => out.push_str(value),
            None if is_name => {
                out.push('{');
                out.push_str(piece);
                out.push('}');
            }
            None => out.push_str(piece),
        }
    }
    out
}

#[cfg(test)]
#[path = "language_tests.rs"]
mod tests;
