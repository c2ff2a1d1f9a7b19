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
//! Messages are found by [`crate::keys`]' constants, generated from the
//! English file, never by a name built at run time.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::keys::{self, Counted, English, Key};

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
enum Entry {
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

/// One language's messages, by key ([`crate::keys`]). English is the
/// table compiled in ([`Catalog::english`]); another language is read
/// from its file ([`Catalog::parse`]), and a key it lacks reads as
/// English.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    /// The file's messages by key index; `None` where it lacks one
    /// (or for English, whose texts are the compiled table).
    entries: Vec<Option<Entry>>,
    /// The names the file holds that English has not.
    unknown: Vec<String>,
}

impl Catalog {
    /// English: every message from the table compiled in.
    pub fn english() -> Catalog {
        Catalog::default()
    }

    /// Reads a catalog file: a JSON object whose values are texts or
    /// objects of plural forms, by key name.
    pub fn parse(json: &str) -> Result<Catalog, CatalogError> {
        let value: Value =
            serde_json::from_str(json).map_err(|e| CatalogError(format!("not JSON: {e}")))?;
        let Value::Object(all) = value else {
            return Err(CatalogError("not a JSON object".into()));
        };
        let mut entries = vec![None; keys::COUNT];
        let mut unknown = Vec::new();
        for (key, value) in all {
            let entry = entry(&key, value)?;
            match keys::index_of(&key) {
                Some(i) => entries[i] = Some(entry),
                None => unknown.push(key),
            }
        }
        Ok(Catalog { entries, unknown })
    }

    /// Reads a catalog as the build ships it (`scripts/catalogs.py`): a
    /// JSON array of the keys' fingerprint ([`keys::FINGERPRINT`]) and then
    /// each message by its key's place (`null` where the language lacks
    /// one), so reading it needs no key's name. Another build's catalog
    /// (another fingerprint) is refused, never read out of place.
    pub fn from_array(json: &str) -> Result<Catalog, CatalogError> {
        let value: Value =
            serde_json::from_str(json).map_err(|e| CatalogError(format!("not JSON: {e}")))?;
        let Value::Array(mut items) = value else {
            return Err(CatalogError("not a JSON array".into()));
        };
        let fits = items.len() == keys::COUNT + 1
            && items.first().and_then(Value::as_str) == Some(keys::FINGERPRINT);
        if !fits {
            return Err(CatalogError("another build's catalog".into()));
        }
        items.remove(0);
        let entries = items
            .into_iter()
            .map(|item| match item {
                Value::Null => Ok(None),
                other => entry("", other).map(Some),
            })
            .collect::<Result<_, _>>()?;
        Ok(Catalog {
            entries,
            unknown: Vec::new(),
        })
    }

    /// The form of message `index` for `plural` (else its "other"
    /// form); English's where this catalog lacks it.
    fn form(&self, index: usize, plural: Plural) -> &str {
        match self.entries.get(index).and_then(Option::as_ref) {
            Some(Entry::Text(text)) => text,
            Some(Entry::Counted(forms)) => forms
                .get(&plural)
                .or_else(|| forms.get(&Plural::Other))
                .map_or("", String::as_str),
            None => english_form(index, plural),
        }
    }

    /// The text of `key`, placeholders unfilled.
    pub fn raw(&self, key: Key) -> &str {
        self.form(key.index(), Plural::Other)
    }

    /// The text of `key` with `args` filled in.
    pub fn text(&self, key: Key, args: &[(&str, &str)]) -> String {
        fill(self.raw(key), args)
    }

    /// The form of `key` for the category `plural` (else its "other"
    /// form), with `args` filled in.
    pub fn counted(&self, key: Counted, plural: Plural, args: &[(&str, &str)]) -> String {
        fill(self.form(key.index(), plural), args)
    }

    /// What this catalog, for `language`, lacks against English: keys
    /// missing or unknown, a text where English counts (or the other way
    /// round), placeholders that differ, and plural forms the language's
    /// counts take but the file does not write. Empty when complete.
    pub fn problems(&self, language: &Language) -> Vec<String> {
        let mut found = Vec::new();
        for (i, name) in keys::names().enumerate() {
            let Some(ours) = self.entries.get(i).and_then(Option::as_ref) else {
                found.push(format!("{name}: missing"));
                continue;
            };
            let theirs = keys::english(i);
            match (theirs, ours) {
                (English::Text(_), Entry::Counted(_)) => {
                    found.push(format!("{name}: English is a text"));
                    continue;
                }
                (English::Forms(_), Entry::Text(_)) => {
                    found.push(format!("{name}: English is counted"));
                    continue;
                }
                (_, Entry::Counted(forms)) => {
                    for p in language.plurals {
                        if !forms.contains_key(p) {
                            found.push(format!("{name}: no \"{}\" form", p.name()));
                        }
                    }
                }
                _ => {}
            }
            let wanted = placeholders_in(english_form(i, Plural::Other));
            for (form, text) in forms(ours) {
                let had = placeholders_in(text);
                if had != wanted {
                    found.push(format!(
                        "{name}{form}: placeholders {had:?}, English {wanted:?}"
                    ));
                }
            }
        }
        for name in &self.unknown {
            found.push(format!("{name}: not in English"));
        }
        found
    }
}

/// One message of a catalog file: a text, or forms by plural category
/// (with an "other" form).
fn entry(key: &str, value: Value) -> Result<Entry, CatalogError> {
    match value {
        Value::String(text) => Ok(Entry::Text(text)),
        Value::Object(forms) => {
            let mut counted = BTreeMap::new();
            for (name, form) in forms {
                let plural = Plural::named(&name)
                    .ok_or_else(|| CatalogError(format!("{key}: {name} is no plural category")))?;
                let Value::String(form) = form else {
                    return Err(CatalogError(format!("{key}.{name} is not text")));
                };
                counted.insert(plural, form);
            }
            if !counted.contains_key(&Plural::Other) {
                return Err(CatalogError(format!("{key} has no \"other\" form")));
            }
            Ok(Entry::Counted(counted))
        }
        _ => Err(CatalogError(format!("{key} is neither text nor forms"))),
    }
}

/// English's form of message `index` for `plural`, else its "other".
fn english_form(index: usize, plural: Plural) -> &'static str {
    match keys::english(index) {
        English::Text(text) => text,
        English::Forms(forms) => forms.get(plural.name()),
    }
}

/// Each form of a message, named for reports (`""`, `".one"`).
fn forms(m: &Entry) -> Vec<(String, &str)> {
    match m {
        Entry::Text(t) => vec![(String::new(), t.as_str())],
        Entry::Counted(forms) => forms
            .iter()
            .map(|(p, t)| (format!(".{}", p.name()), t.as_str()))
            .collect(),
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
pub fn placeholders_in(text: &str) -> BTreeSet<String> {
    pieces(text)
        .into_iter()
        .filter(|(is_name, name)| *is_name && *name != "n")
        .map(|(_, name)| name.to_string())
        .collect()
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
