//! The console's words live in its message catalogs (`locales/*.json`),
//! not in its views: a view that writes a sentence, a label or an
//! accessible name as a string literal fails here, and so does a message
//! key that the English catalog lacks. (That every language has every
//! message is the model's test, `language::tests`.)
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// Views whose words are not in the catalog yet; each is moved off this
/// list as its words move into `locales/`. A file listed here that holds
/// no word of its own fails the test, so the list only shrinks.
const NOT_YET_IN_THE_CATALOG: &[&str] = &[
    "src/ui/activity_page.rs",
    "src/ui/all_payments.rs",
    "src/ui/bulk.rs",
    "src/ui/chart.rs",
    "src/ui/column_chooser.rs",
    "src/ui/connections_page.rs",
    "src/ui/date_presets.rs",
    "src/ui/export.rs",
    "src/ui/payment_form.rs",
    "src/ui/saved_views.rs",
];

/// Names of the browser's objects that views call, which read like words.
const CODE_NAMES: &[&str] = &["Intl"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn views() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("src/ui"))
        .expect("src/ui")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    assert!(files.len() > 20, "src/ui was not found");
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
    if letters < 2 {
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
            let asked = keys_asked(line);
            for lit in literals(line) {
                if !asked.contains(&lit) && reads_as_words(&lit) {
                    own.push(format!("{rel}: {lit:?} in `{line}`"));
                }
            }
        }
        if NOT_YET_IN_THE_CATALOG.contains(&rel.as_str()) {
            if own.is_empty() {
                problems.push(format!("{rel} holds no words: take it off the list"));
            }
        } else {
            problems.extend(own);
        }
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
