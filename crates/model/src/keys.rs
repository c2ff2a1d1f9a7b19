//! The message catalog's keys, generated at build time from
//! `locales/en.json` (`build.rs`): one constant per message, grouped by
//! the part of the key before its dot, so `list.title` is
//! [`list::TITLE`]. A message with plural forms is a [`Counted`], any
//! other a [`Key`]; asking for a key English lacks does not compile, and
//! no key is built from text at run time. [`english`] gives every
//! message in English by key, [`name`] every key's name (to read the
//! other languages' files and a word named in a gateway's message).
//!
//! The groups the model itself speaks in: `word.*`, the model's words
//! (vendors' field labels, scopes, sorts and what a vendor cannot do),
//! and `msg.*`, the texts of [`crate::message`]'s codes.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A message of the catalog: a text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(u16);

/// A message of the catalog with plural forms, chosen by a count.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Counted(u16);

/// A message in English: a text, or its forms by plural category name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum English {
    Text(&'static str),
    Forms(Forms),
}

/// A counted message's forms in English, as the table holds them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Forms(&'static str);

impl Forms {
    /// Each form: its plural category's name and its text.
    pub fn iter(self) -> impl Iterator<Item = (&'static str, &'static str)> {
        self.0
            .split('\u{1e}')
            .filter_map(|form| form.split_once('\u{1f}'))
    }

    /// The form of category `plural`, else the "other" one.
    pub fn get(self, plural: &str) -> &'static str {
        self.iter()
            .find(|(name, _)| *name == plural)
            .or_else(|| self.iter().find(|(name, _)| *name == "other"))
            .map_or("", |(_, text)| text)
    }
}

include!(concat!(env!("OUT_DIR"), "/keys.rs"));

/// The pieces of a table each after a U+0001, found once.
fn pieces(table: &'static str) -> Vec<&'static str> {
    table.split('\u{1}').skip(1).collect()
}

/// The name of key `index` (`list.title`).
pub fn name(index: usize) -> &'static str {
    static NAMES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| pieces(NAME_TEXT))
        .get(index)
        .copied()
        .unwrap_or("")
}

/// Every key's name, in order (sorted).
pub fn names() -> impl Iterator<Item = &'static str> {
    (0..COUNT).map(name)
}

/// Message `index` in English.
pub fn english(index: usize) -> English {
    static TEXTS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let text = TEXTS
        .get_or_init(|| pieces(TEXT))
        .get(index)
        .copied()
        .unwrap_or("");
    let counted = u16::try_from(index).is_ok_and(|i| COUNTED.binary_search(&i).is_ok());
    if counted {
        English::Forms(Forms(text))
    } else {
        English::Text(text)
    }
}

/// The index of the key named `name`, if the catalog has it.
pub fn index_of(name: &str) -> Option<usize> {
    let (mut lo, mut hi) = (0, COUNT);
    while lo < hi {
        let mid = (lo + hi) / 2;
        match self::name(mid).cmp(name) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Some(mid),
        }
    }
    None
}

/// The key a name that travels (`msg.*` or `word.*`) names: found among
/// those names only, so a reader of messages (the console) carries no
/// other key's name.
fn wire_key(name: &str) -> Option<Key> {
    WIRE_NAMES
        .split('\u{1}')
        .skip(1)
        .position(|n| n == name)
        .map(|i| Key(WIRE_AT[i]))
}

/// The name of a key that travels (`msg.*`, `word.*`), found among those
/// names only; `None` for any other key.
pub fn wire_name(key: Key) -> Option<&'static str> {
    let i = WIRE_AT.binary_search(&key.0).ok()?;
    WIRE_NAMES.split('\u{1}').nth(i + 1)
}

/// The text of message code `code` (`msg.<code>`), if the catalog has it.
pub fn message(code: &str) -> Option<Key> {
    let i = WIRE_NAMES
        .split('\u{1}')
        .skip(1)
        .position(|n| n.strip_prefix("msg.") == Some(code))?;
    let key = Key(WIRE_AT[i]);
    matches!(english(key.index()), English::Text(_)).then_some(key)
}

impl Key {
    /// Its place in the catalog's tables.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// Its name in the catalog files (`list.title`).
    pub fn name(self) -> &'static str {
        name(self.index())
    }

    /// The text key named `name` that travels in messages (`msg.*`,
    /// `word.*`: a word a gateway's message names); `None` for any other
    /// name.
    pub fn named(name: &str) -> Option<Key> {
        wire_key(name).filter(|k| matches!(english(k.index()), English::Text(_)))
    }

    /// The message in English.
    pub fn english(self) -> &'static str {
        match english(self.index()) {
            English::Text(t) => t,
            English::Forms(forms) => forms.get("other"),
        }
    }
}

impl Counted {
    /// Its place in the catalog's tables.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// Its name in the catalog files.
    pub fn name(self) -> &'static str {
        name(self.index())
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::fmt::Debug for Counted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A key travels as its name (`"word.amount"`).
impl Serialize for Key {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        let name = String::deserialize(d)?;
        Key::named(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("no message {name:?} in the catalog")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_their_messages_and_read_back() {
        assert_eq!(list::TITLE.name(), "list.title");
        assert_eq!(list::TITLE.english(), "{connection} payments");
        assert_eq!(Key::named("word.amount"), Some(word::AMOUNT));
        assert_eq!(
            Key::named("list.title"),
            None,
            "the console's own keys do not travel"
        );
        assert_eq!(
            Key::named("list.count"),
            None,
            "a counted message is no text"
        );
        assert_eq!(Key::named("list.nonsense"), None);
        assert_eq!(list::COUNT.name(), "list.count");
        let json = serde_json::to_string(&word::AMOUNT).unwrap();
        assert_eq!(json, "\"word.amount\"");
        assert_eq!(serde_json::from_str::<Key>(&json).unwrap(), word::AMOUNT);
        assert!(serde_json::from_str::<Key>("\"word.nonsense\"").is_err());
    }

    #[test]
    fn names_are_sorted_so_they_can_be_searched() {
        let all: Vec<&str> = names().collect();
        assert_eq!(all.len(), COUNT);
        assert!(all.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(index_of(all[0]), Some(0));
        assert_eq!(index_of(all[COUNT - 1]), Some(COUNT - 1));
        assert_eq!(index_of("zzz.none"), None);
        match english(list::COUNT.index()) {
            English::Forms(f) => assert_eq!(f.get("one"), "{n} payment"),
            English::Text(t) => panic!("list.count is counted, not {t:?}"),
        }
        assert_eq!(message("required"), Some(msg::REQUIRED));
        assert_eq!(message("nonsense"), None);
    }
}
