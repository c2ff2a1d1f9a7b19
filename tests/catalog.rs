//! The console's words live in its message catalogs (`locales/*.json`),
//! not in its views: a view that writes a sentence, a label or an
//! accessible name as a string literal fails here, and so does a key
//! named as text instead of by its generated constant. The model's words
//! are keys of their own, and what the model says reads in every
//! language by its code. (That every language has every message and
//! every code its arguments is the model's test, `language::tests`.)
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use payments_model::keys::Key;
use payments_model::message::Speaker;
use payments_model::Message;

/// How a line says its literals are code, not words.
const NOT_WORDS: &str = ", not words";

/// Names of the browser's objects and keyboard keys that views use,
/// which read like words.
const CODE_NAMES: &[&str] = &["Intl", "Home", "End", "Enter", "Escape", "Tab"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The views and the controllers: every file whose words people read.
fn views() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["src/ui", "src/state"] {
        let found: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .expect(dir)
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .collect();
        assert!(found.len() > 15, "{dir} was not found");
        files.extend(found);
    }
    files.sort();
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// The string literals of a line of code (`"…"`, escapes kept as written).
fn literals(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    let mut in_char = false;
    while let Some(c) = chars.next() {
        if c == '\'' && !in_char {
            // A char literal such as '"' or '\'' holds no string.
            let rest: String = chars.clone().take(3).collect();
            if rest.starts_with("\\") || rest.chars().nth(1) == Some('\'') {
                in_char = true;
            }
            continue;
        }
        if c == '\'' && in_char {
            in_char = false;
            continue;
        }
        if in_char || c != '"' {
            continue;
        }
        let mut text = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    text.push(c);
                    if let Some(n) = chars.next() {
                        text.push(n);
                    }
                }
                '"' => break,
                c => text.push(c),
            }
        }
        out.push(text);
    }
    out
}

/// Whether a literal reads as words for people, not as a class list, an
/// id, a key, a format of ids or an attribute value: it has a capital
/// followed by a small letter, or two words, or a sentence's mark.
fn reads_as_words(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    // A message key, or a format of keys (`preset.{}`).
    let key_like = text
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-{}".contains(c));
    if letters < 2 || key_like {
        return false;
    }
    // Placeholders of a format string are not words.
    let plain: String = {
        let mut out = String::new();
        let mut depth = 0;
        for c in text.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                c if depth == 0 => out.push(c),
                _ => {}
            }
        }
        out
    };
    let technical = |w: &str| {
        w.starts_with("pc-")
            || w.trim_end_matches(['.', ':'])
                .contains(['-', '_', '.', '#', '/', '='])
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.#/=:%".contains(c))
    };
    let words: Vec<&str> = plain
        .split_whitespace()
        .filter(|w| !technical(w))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let capitalised = words.iter().any(|w| {
        let mut cs = w.chars();
        matches!((cs.next(), cs.next()), (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase())
    });
    let formatted = text.contains('{') && plain.contains(char::is_whitespace);
    let sentence =
        words.len() >= 2 || formatted || plain.trim_end().ends_with(['.', '…', '?', '!', ':']);
    let code_name = CODE_NAMES.contains(&text)
        || (words.len() == 1 && text.chars().skip(1).any(char::is_uppercase) && text.is_ascii());
    !words.is_empty() && !code_name && (capitalised || sentence || !text.is_ascii())
}

/// The lines of code of a file before its test module, without comments
/// and attributes.
fn code_lines(text: &str) -> Vec<&str> {
    text.lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//") && !l.starts_with("#["))
        .collect()
}

#[test]
fn views_hold_no_words_of_their_own() {
    let mut problems = Vec::new();
    for path in views() {
        let rel = relative(&path);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let mut own = Vec::new();
        for line in code_lines(&text) {
            // A literal that reads as words but is code (a selector, a
            // value the server sends) says so at the end of its line.
            if line.ends_with(NOT_WORDS) {
                continue;
            }
            for lit in literals(line) {
                if reads_as_words(&lit) {
                    own.push(format!("{rel}: {lit:?} in `{line}`"));
                }
            }
        }
        problems.extend(own);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// No key is built from text at run time or named as text: the catalog
/// is read only through the constants generated from English's file
/// (`k::list::TITLE`), so a literal such as `"list.title"` anywhere in
/// the console, the model or the server is a key that escaped them.
#[test]
fn no_key_is_named_as_text() {
    let mut files = Vec::new();
    for dir in ["src", "crates/model/src", "crates/server/src"] {
        sources(&root().join(dir), &mut files);
    }
    assert!(files.len() > 50, "the sources were not found");
    let mut named = Vec::new();
    // A file of tests only (`tests.rs`, `*_tests.rs`) names keys to test
    // the catalog's reading of them.
    let tests_only = |p: &Path| {
        p.file_stem()
            .is_some_and(|s| s == "tests" || s.to_string_lossy().ends_with("_tests"))
    };
    for path in files.into_iter().filter(|p| !tests_only(p)) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for line in code_lines(&text) {
            for lit in literals(line) {
                if payments_model::keys::index_of(&lit).is_some() {
                    named.push(format!("{}: {lit:?}", relative(&path)));
                }
            }
        }
    }
    assert!(
        named.is_empty(),
        "keys named as text:\n{}",
        named.join("\n")
    );
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_scan_tells_words_from_code() {
    for words in [
        "Sign in",
        "Loading…",
        "Payments",
        "{n} payments",
        "Total:",
        "Zahlung {id}",
        "Übersicht",
    ] {
        assert!(reads_as_words(words), "{words}");
    }
    for code in [
        "pc-button pc-button--danger",
        "button",
        "polite",
        "{id}-error",
        "#{id}",
        "true",
        "{}px",
        "pc-dates-{}",
        "status_kind.{}",
        "preset.{}",
        "—",
        "!",
        "UTC",
        "Intl",
        "NumberFormat",
    ] {
        assert!(!reads_as_words(code), "{code}");
    }
    assert_eq!(
        literals(r#"view! { <p class="a">"Hi there" {x}</p> }"#),
        ["a", "Hi there"]
    );
    assert_eq!(literals(r#"s.contains('"') && f("x \" y")"#), [r#"x \" y"#]);
}

/// Every word the model's registry shows people: the labels of each
/// vendor's fields, filters, sorts, date ranges, columns, scopes and
/// credentials, its connection hints and what it cannot do.
fn model_words() -> Vec<Key> {
    use payments_model::columns::Column;
    let mut words: Vec<Key> = payments_model::local::LocalOrder::ALL
        .iter()
        .map(|(_, _, words)| *words)
        .collect();
    for vendor in payments_model::vendors::ALL {
        let p = vendor.profile();
        for column in Column::standard() {
            words.push(column.heading(p));
        }
        words.extend(p.list.filters.iter().map(|f| f.label));
        words.extend(p.list.sorts.iter().map(|(_, label)| *label));
        words.extend(p.list.ranges.iter().map(|(_, _, label)| *label));
        words.push(p.capabilities.limits);
        for spec in [p.capabilities.create, p.capabilities.update]
            .into_iter()
            .flatten()
        {
            words.extend(spec.iter().map(|f| f.label));
        }
        words.extend(p.fields.iter().map(|f| f.label));
        for s in p.scopes {
            words.push(s.label);
            words.extend(s.id_label);
        }
        for c in p.credentials.fields {
            words.push(c.label);
            words.extend(c.hint);
        }
        words.extend(p.connection_currency);
    }
    words.sort_unstable();
    words.dedup();
    words
}

/// The model's words are its own keys (`word.*`), worded in every
/// language, none the same as English but names and codes.
#[test]
fn every_word_of_the_model_has_its_own_key() {
    let words = model_words();
    assert!(
        words.len() > 100,
        "only {} words: the registry was not read",
        words.len()
    );
    let stray: Vec<&str> = words
        .iter()
        .map(|k| k.name())
        .filter(|n| !n.starts_with("word."))
        .collect();
    assert!(stray.is_empty(), "words outside word.*: {stray:?}");
    let german = read("de");
    let untranslated: Vec<&str> = words
        .iter()
        .filter(|k| german.raw(**k) == k.english() && k.english().contains(' '))
        .map(|k| k.english())
        .collect();
    assert!(
        untranslated.len() < 5,
        "German copies English: {untranslated:?}"
    );
}

fn read(tag: &str) -> payments_model::language::Catalog {
    let text =
        std::fs::read_to_string(root().join(format!("locales/{tag}.json"))).expect("catalog");
    payments_model::language::Catalog::parse(&text).expect("catalog")
}

/// A language's catalog as a speaker, for the tests.
struct In(payments_model::language::Catalog);

impl Speaker for In {
    fn text(&self, key: Key) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Borrowed(self.0.raw(key))
    }
}

/// What the model says when input is wrong, produced by the model itself.
fn model_messages() -> Vec<Message> {
    use payments_model::connection::check_base_url;
    use payments_model::keys::word;
    use payments_model::validate::*;
    use payments_model::{ApiError, Currency};
    let eur = Currency::from_code("EUR").expect("EUR");
    let jpy = Currency::from_code("JPY").expect("JPY");
    let mut said: Vec<Message> = [
        required(word::AMOUNT, None).map(|_| ()),
        max_length(word::NAME, &"x".repeat(61), 60),
        amount(word::AMOUNT, "abc", &eur).map(|_| ()),
        amount(word::AMOUNT, "-5", &eur).map(|_| ()),
        amount(word::AMOUNT, "5.123", &eur).map(|_| ()),
        amount(word::AMOUNT, "5.1", &jpy).map(|_| ()),
        timestamp(word::PAID, "yesterday").map(|_| ()),
        one_of(word::STATUS, "lost", &["paid", "open"]),
        header_value(word::THE_TOKEN, "a\nb"),
        header_value(word::THE_TOKEN, "tökén"),
        currency_code(word::CURRENCY, "EURO", Currency::from_code).map(|_| ()),
        whole_number_in(word::AMOUNT_IN_CENTS, "-1", 1, 99).map(|_| ()),
        check_base_url("https://api.example.com/v1?x=1"),
        check_base_url("http://api.example.com/v1"),
        check_base_url("https://user:pw@api.example.com"),
        check_base_url("https://api example.com"),
    ]
    .into_iter()
    .filter_map(Result::err)
    .map(Message::from)
    .collect();
    for status in [401, 403, 404, 422, 429, 500, 418] {
        said.push(ApiError::from_status(status, None).message);
    }
    said.push(ApiError::network("connection reset").message);
    said.push(ApiError::decode(word::WHAT_PAYMENT, "expected a string").message);
    said
}

#[test]
fn what_the_model_says_reads_in_every_language() {
    let said = model_messages();
    assert!(said.len() >= 20, "the model said only {said:?}");
    let english: Vec<String> = said.iter().map(ToString::to_string).collect();
    for tag in ["de", "fr", "es"] {
        let speaker = In(read(tag));
        for (m, english) in said.iter().zip(&english) {
            let written = m.render(&speaker);
            assert!(
                written != *english && !written.contains('{'),
                "{tag}: {english:?} gave {written:?}"
            );
        }
    }
    let german = In(read("de"));
    let decimals = payments_model::validate::amount(
        payments_model::keys::word::AMOUNT,
        "5.123",
        &payments_model::Currency::from_code("EUR").expect("EUR"),
    )
    .unwrap_err();
    assert_eq!(
        Message::from(decimals).render(&german),
        "Betrag darf in EUR höchstens 2 Nachkommastellen haben."
    );
}

/// The catalogs as the build ships them (`scripts/catalogs.py`: arrays
/// by key place, the keys' fingerprint first) read as the files they come
/// from, message for message; one of another build is refused.
#[test]
fn the_shipped_catalogs_read_as_their_files() {
    let out = std::env::temp_dir().join(format!("pc-catalogs-{}", std::process::id()));
    let status = std::process::Command::new("python3")
        .arg(root().join("scripts/catalogs.py"))
        .arg(&out)
        .status()
        .expect("python3 runs scripts/catalogs.py");
    assert!(status.success());
    for language in payments_model::language::LANGUAGES {
        let shipped = std::fs::read_to_string(out.join(format!("{}.json", language.tag))).unwrap();
        let array = payments_model::language::Catalog::from_array(&shipped)
            .unwrap_or_else(|e| panic!("{}: {e}", language.tag));
        assert_eq!(array, read(language.tag), "{}", language.tag);
        let stale = shipped.replacen(payments_model::keys::FINGERPRINT, "0000000000000000", 1);
        assert!(payments_model::language::Catalog::from_array(&stale).is_err());
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// The start page preloads a language's words before the module runs, so
/// it names the languages itself: the same as the model's registry.
#[test]
fn the_start_page_knows_the_same_languages() {
    let start = std::fs::read_to_string(root().join("web/start.js")).expect("web/start.js");
    let listed = start
        .lines()
        .find_map(|l| l.trim().strip_prefix("const LANGUAGES = "))
        .expect("start.js lists its languages");
    let others: Vec<String> = payments_model::language::LANGUAGES
        .iter()
        .filter(|l| l.tag != "en")
        .map(|l| format!("{:?}", l.tag))
        .collect();
    assert_eq!(listed, format!("[{}];", others.join(", ")));
}
