//! Generates the catalog's keys from `locales/en.json`, the English
//! catalog every other language follows: one constant per message
//! (`keys::list::TITLE` for `list.title`), a [`Key`] for a text and a
//! `Counted` for a message with plural forms, so that a missing or
//! misspelt key fails to compile and no key is built at run time. The
//! English texts themselves become one string with the offset of each
//! message, indexed by key (as are the keys' names), so the console
//! carries English without parsing it and without a pointer per text.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::Value;

fn main() {
    let source = "../../locales/en.json";
    println!("cargo::rerun-if-changed={source}");
    let text = std::fs::read_to_string(source).expect("locales/en.json");
    let all: BTreeMap<String, Value> =
        serde_json::from_str(&text).expect("locales/en.json is a JSON object");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("keys.rs");
    std::fs::write(out, generate(&all)).expect("keys.rs written");
}

/// A Rust string literal holding `text`.
fn literal(text: &str) -> String {
    format!("{text:?}")
}

/// The constant's name for the part of a key after its group.
fn constant(name: &str) -> String {
    let upper = name.to_ascii_uppercase();
    if upper.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{upper}")
    } else {
        upper
    }
}

/// `text` cut at `at` (each piece's end), each piece after a U+0001: the
/// offsets are found at run time rather than carried as a table.
fn separated(text: &str, at: &[usize]) -> String {
    let mut out = String::with_capacity(text.len() + at.len());
    for w in at.windows(2) {
        out.push('\u{1}');
        out.push_str(&text[w[0]..w[1]]);
    }
    out
}

/// FNV-1a, 64 bits, of `text`'s bytes (`scripts/catalogs.py` computes
/// the same).
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A plural form's name and its text, and one form from the next.
const FORM_NAME: char = '\u{1f}';
const NEXT_FORM: char = '\u{1e}';

fn generate(all: &BTreeMap<String, Value>) -> String {
    let mut names = String::new();
    let mut name_at = vec![0usize];
    let mut texts = String::new();
    let mut text_at = vec![0usize];
    let mut counted = Vec::new();
    let mut groups: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for (index, (key, value)) in all.iter().enumerate() {
        let (group, name) = key
            .split_once('.')
            .unwrap_or_else(|| panic!("key {key:?} has no group (group.name)"));
        assert!(
            !name.contains('.')
                && key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'),
            "key {key:?}: keys are group.name in a-z, 0-9 and _"
        );
        names.push_str(key);
        name_at.push(names.len());
        let kind = match value {
            Value::String(t) => {
                assert!(
                    !t.contains([FORM_NAME, NEXT_FORM]),
                    "{key}: a control character"
                );
                texts.push_str(t);
                "Key"
            }
            Value::Object(forms) => {
                let forms: Vec<String> = forms
                    .iter()
                    .map(|(plural, form)| {
                        let form = form.as_str().expect("a plural form is text");
                        format!("{plural}{FORM_NAME}{form}")
                    })
                    .collect();
                texts.push_str(&forms.join(&NEXT_FORM.to_string()));
                counted.push(index);
                "Counted"
            }
            _ => panic!("{key}: neither text nor plural forms"),
        };
        text_at.push(texts.len());
        groups
            .entry(group)
            .or_default()
            .push((constant(name), format!("{kind} = {kind}({index})")));
    }
    assert!(
        texts.len() < 65536 && names.len() < 65536,
        "the catalog outgrew u16 offsets"
    );
    let list = |v: &[usize]| {
        v.iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = String::new();
    let count = all.len();
    let _ = writeln!(
        out,
        "/// The keys' names' fingerprint (FNV-1a, 64 bits, over each name"
    );
    let _ = writeln!(
        out,
        "/// after a U+0001): a catalog shipped as an array starts with it."
    );
    let _ = writeln!(
        out,
        "pub const FINGERPRINT: &str = \"{:016x}\";",
        fnv(&separated(&names, &name_at))
    );
    let _ = writeln!(out, "/// How many messages the catalog holds.");
    let _ = writeln!(out, "pub const COUNT: usize = {count};");
    let _ = writeln!(out, "/// Every key's name, sorted, each after a U+0001.");
    let _ = writeln!(
        out,
        "static NAME_TEXT: &str = {};",
        literal(&separated(&names, &name_at))
    );
    let wire: Vec<(usize, &String)> = all
        .keys()
        .enumerate()
        .filter(|(_, k)| k.starts_with("msg.") || k.starts_with("word."))
        .collect();
    let wire_text: String = wire.iter().map(|(_, k)| format!("\u{1}{k}")).collect();
    let wire_at: Vec<usize> = wire.iter().map(|(i, _)| *i).collect();
    let _ = writeln!(
        out,
        "/// The names that travel (`msg.*`, `word.*`), each after a U+0001."
    );
    let _ = writeln!(out, "static WIRE_NAMES: &str = {};", literal(&wire_text));
    let _ = writeln!(out, "/// The key of each name of WIRE_NAMES.");
    let _ = writeln!(
        out,
        "static WIRE_AT: [u16; {}] = [{}];",
        wire_at.len(),
        list(&wire_at)
    );
    let _ = writeln!(
        out,
        "/// Every message in English, by key, each after a U+0001."
    );
    let _ = writeln!(
        out,
        "static TEXT: &str = {};",
        literal(&separated(&texts, &text_at))
    );
    let _ = writeln!(out, "/// The messages with plural forms.");
    let _ = writeln!(
        out,
        "static COUNTED: [u16; {}] = [{}];",
        counted.len(),
        list(&counted)
    );
    for (group, consts) in groups {
        let _ = writeln!(out, "/// The `{group}.*` messages.");
        let _ = writeln!(out, "pub mod {group} {{");
        let _ = writeln!(out, "    #[allow(unused_imports)]");
        let _ = writeln!(out, "    use super::{{Counted, Key}};");
        for (name, value) in consts {
            let (kind, rest) = value.split_once(" = ").expect("kind = value");
            let _ = writeln!(out, "    pub const {name}: {kind} = {rest};");
        }
        let _ = writeln!(out, "}}");
    }
    out
}
