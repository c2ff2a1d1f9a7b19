//! The console's words live in its message catalogs (`locales/*.json`),
//! not in its views: a view that writes a sentence, a label or an
//! accessible name as a string literal fails here, and so does a message
//! key that the English catalog lacks. (That every language has every
//! message is the model's test, `language::tests`.)
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

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

/// The message keys a line asks the catalog for.
fn keys_asked(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for call in ["t(\"", "t_with(\"", "t_count(\""] {
        let mut rest = line;
        while let Some(at) = rest.find(call) {
            let before = rest[..at].chars().last();
            rest = &rest[at + call.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].to_string());
            }
        }
    }
    out
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
            let asked = keys_asked(line);
            for lit in literals(line) {
                if !asked.contains(&lit) && reads_as_words(&lit) {
                    own.push(format!("{rel}: {lit:?} in `{line}`"));
                }
            }
        }
        problems.extend(own);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_key_a_view_asks_for_is_in_the_english_catalog() {
    let english = std::fs::read_to_string(root().join("locales/en.json")).expect("locales/en.json");
    let catalog = payments_model::language::Catalog::parse(&english).expect("en.json");
    let known: Vec<&str> = catalog.keys().collect();
    let mut files = views();
    files.push(root().join("src/language.rs"));
    let mut asked = 0;
    let mut missing = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for line in code_lines(&text) {
            for key in keys_asked(line) {
                asked += 1;
                if !known.contains(&key.as_str()) {
                    missing.push(format!("{}: {key}", relative(&path)));
                }
            }
        }
    }
    assert!(asked > 50, "only {asked} keys found: the scan is broken");
    assert!(
        missing.is_empty(),
        "keys not in en.json:\n{}",
        missing.join("\n")
    );
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
    assert_eq!(
        keys_asked(r#"{t("a.b")} t_with("c", &[]) format("d") not_t("e")"#),
        ["a.b", "c"]
    );
}

/// Every word the model's registry shows people, in English: the labels
/// of each vendor's fields, filters, sorts, date ranges, columns, scopes
/// and credentials, its connection hints and what it cannot do.
fn model_words() -> Vec<&'static str> {
    use payments_model::columns::Column;
    let mut words: Vec<&'static str> = payments_model::local::LocalOrder::ALL
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

#[test]
fn every_word_of_the_model_is_in_the_english_catalog() {
    let english = std::fs::read_to_string(root().join("locales/en.json")).expect("locales/en.json");
    let catalog = payments_model::language::Catalog::parse(&english).expect("en.json");
    let words = model_words();
    assert!(
        words.len() > 100,
        "only {} words found: the registry was not read",
        words.len()
    );
    let missing: Vec<&str> = words
        .iter()
        .filter(|w| catalog.text(&format!("en:{w}"), &[]).as_deref() != Some(**w))
        .copied()
        .collect();
    if let Ok(path) = std::env::var("PC_MISSING_WORDS") {
        let list = missing
            .iter()
            .map(|w| format!("{w:?}"))
            .collect::<Vec<_>>()
            .join(",\n");
        std::fs::write(path, format!("[{list}]")).expect("the list of missing words");
    }
    assert!(
        missing.is_empty(),
        "{} words not in en.json as \"en:<word>\": {missing:#?}",
        missing.len()
    );
}

/// What the model says when input is wrong, produced by the model itself.
fn model_sentences() -> Vec<String> {
    use payments_model::connection::check_base_url;
    use payments_model::validate::*;
    use payments_model::{ApiError, Currency};
    let eur = Currency::from_code("EUR").expect("EUR");
    let jpy = Currency::from_code("JPY").expect("JPY");
    let mut said: Vec<String> = [
        required("Amount", None).map(|_| ()),
        max_length("Name", &"x".repeat(61), 60),
        amount("Amount", "abc", &eur).map(|_| ()),
        amount("Amount", "-5", &eur).map(|_| ()),
        amount("Amount", "5.123", &eur).map(|_| ()),
        amount("Amount", "5.1", &jpy).map(|_| ()),
        timestamp("Paid", "yesterday").map(|_| ()),
        one_of("Status", "lost", &["paid", "open"]),
        header_value("The token", "a\nb"),
        header_value("The token", "tökén"),
        currency_code("Currency", "EURO", Currency::from_code).map(|_| ()),
        whole_number_in("Amount in cents", "-1", 1, 99).map(|_| ()),
        check_base_url("https://api.example.com/v1?x=1"),
        check_base_url("http://api.example.com/v1"),
        check_base_url("https://user:pw@api.example.com"),
        check_base_url("https://api example.com"),
    ]
    .into_iter()
    .filter_map(Result::err)
    .collect();
    for status in [401, 403, 404, 422, 429, 500, 418] {
        said.push(ApiError::from_status(status, None).message);
    }
    said.push(ApiError::network("connection reset").message);
    said.push(ApiError::decode("a payment", "expected a string").message);
    said
}

#[test]
fn what_the_model_says_reads_in_every_language() {
    let read = |tag: &str| {
        let text =
            std::fs::read_to_string(root().join(format!("locales/{tag}.json"))).expect("catalog");
        payments_model::language::Catalog::parse(&text).expect("catalog")
    };
    let english = read("en");
    let said = model_sentences();
    assert!(said.len() >= 20, "the model said only {said:?}");
    let same = |w: &str| w.to_string();
    for sentence in &said {
        let written = english.sentence(sentence, &same);
        assert_eq!(
            written.as_deref(),
            Some(sentence.as_str()),
            "en.json has no template for it"
        );
    }
    for tag in ["de", "fr", "es"] {
        let catalog = read(tag);
        let words = |w: &str| {
            catalog
                .text(&format!("en:{w}"), &[])
                .unwrap_or_else(|| w.to_string())
        };
        for sentence in &said {
            let written = catalog.sentence(sentence, &words);
            assert!(
                written.as_ref().is_some_and(|w| w != sentence),
                "{tag}: {sentence:?} gave {written:?}"
            );
        }
    }
    let german = read("de");
    let words = |w: &str| {
        german
            .text(&format!("en:{w}"), &[])
            .unwrap_or_else(|| w.to_string())
    };
    assert_eq!(
        german
            .sentence("Amount can have at most 2 decimal places in EUR.", &words)
            .as_deref(),
        Some("Betrag darf in EUR höchstens 2 Nachkommastellen haben.")
    );
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
