use super::*;

#[test]
fn plural_rules_follow_cldr_for_whole_counts() {
    let en = Language::find("en").unwrap();
    let fr = Language::find("fr").unwrap();
    let es = Language::find("es").unwrap();
    let de = Language::find("de").unwrap();
    assert_eq!((en.plural)(0), Plural::Other);
    assert_eq!((en.plural)(1), Plural::One);
    assert_eq!((en.plural)(2), Plural::Other);
    assert_eq!((de.plural)(1), Plural::One);
    assert_eq!((de.plural)(21), Plural::Other);
    // French counts zero as one ("0 paiement").
    assert_eq!((fr.plural)(0), Plural::One);
    assert_eq!((fr.plural)(1), Plural::One);
    assert_eq!((fr.plural)(2), Plural::Other);
    assert_eq!((fr.plural)(1_000_000), Plural::Many);
    assert_eq!((fr.plural)(1_000_001), Plural::Other);
    assert_eq!((es.plural)(0), Plural::Other);
    assert_eq!((es.plural)(1), Plural::One);
    assert_eq!((es.plural)(2_000_000), Plural::Many);
}

#[test]
fn negotiation_takes_the_first_language_the_console_speaks() {
    assert_eq!(Language::negotiate(["de-AT", "en"]).tag, "de");
    assert_eq!(Language::negotiate(["ja", "FR-ca"]).tag, "fr");
    assert_eq!(Language::negotiate(["es_MX"]).tag, "es");
    assert_eq!(Language::negotiate(["ja", "zh"]).tag, "en");
    assert_eq!(Language::negotiate(std::iter::empty()).tag, "en");
    assert!(Language::find("").is_none());
    assert!(Language::find("deu").is_none());
}

#[test]
fn messages_fill_placeholders_and_pick_plural_forms() {
    use crate::keys::{list, msg};
    let c = Catalog::parse(
        r#"{"list.title": "Zahlungen von {connection}, {connection}!",
            "list.count": {"one": "{n} Zahlung", "other": "{n} Zahlungen"}}"#,
    )
    .unwrap();
    assert_eq!(
        c.text(list::TITLE, &[("connection", "Ann")]),
        "Zahlungen von Ann, Ann!"
    );
    assert_eq!(
        c.counted(list::COUNT, Plural::One, &[("n", "1")]),
        "1 Zahlung"
    );
    assert_eq!(
        c.counted(list::COUNT, Plural::Many, &[("n", "1.000.000")]),
        "1.000.000 Zahlungen"
    );
    // A message the file lacks reads as English; a placeholder without a
    // value stays as written.
    assert_eq!(c.text(msg::REQUIRED, &[]), "{label} is required.");
    assert_eq!(fill("{not a name} {}", &[]), "{not a name} {}");
    let en = Catalog::english();
    assert_eq!(
        en.counted(list::COUNT, Plural::One, &[("n", "1")]),
        "1 payment"
    );
}

#[test]
fn malformed_catalogs_are_refused_with_the_key() {
    assert!(Catalog::parse("[]").is_err());
    assert!(Catalog::parse("{").is_err());
    let e = Catalog::parse(r#"{"a": {"one": "x"}}"#).unwrap_err();
    assert!(e.0.contains("a has no \"other\""), "{e}");
    let e = Catalog::parse(r#"{"a": {"several": "x", "other": "y"}}"#).unwrap_err();
    assert!(e.0.contains("several"), "{e}");
    assert!(Catalog::parse(r#"{"a": 1}"#).is_err());
}

#[test]
fn problems_name_what_a_translation_lacks() {
    let fr = Catalog::parse(
        r#"{"list.title": "Paiements de {compte}", "list.count": {"one": "un", "other": "{n}"},
            "list.nonsense": "D"}"#,
    )
    .unwrap();
    let problems = fr.problems(Language::find("fr").unwrap());
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("list.title: placeholders")),
        "{problems:?}"
    );
    assert!(
        problems.contains(&"list.count: no \"many\" form".to_string()),
        "{problems:?}"
    );
    assert!(
        problems.contains(&"list.refresh: missing".to_string()),
        "{problems:?}"
    );
    assert!(
        problems.contains(&"list.nonsense: not in English".to_string()),
        "{problems:?}"
    );
}

fn locale(tag: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../locales");
    std::fs::read_to_string(format!("{dir}/{tag}.json")).unwrap()
}

/// Every catalog in `locales/` is complete against English.
#[test]
fn every_language_has_every_message() {
    const { assert!(keys::COUNT > 100) };
    for language in LANGUAGES {
        let catalog = Catalog::parse(&locale(language.tag))
            .unwrap_or_else(|e| panic!("{}: {e}", language.tag));
        let problems = catalog.problems(language);
        assert!(problems.is_empty(), "{}.json: {problems:#?}", language.tag);
    }
}

/// Every code the model, the network layer and the gateway can say is
/// worded in every language, with exactly its arguments.
#[test]
fn every_code_reads_in_every_language_with_its_arguments() {
    let codes: Vec<crate::message::Code> = crate::message::Message::codes().collect();
    assert!(codes.len() > 100);
    for language in LANGUAGES {
        let file: serde_json::Map<String, Value> =
            serde_json::from_str(&locale(language.tag)).unwrap();
        for code in &codes {
            let text = file
                .get(code.key.name())
                .and_then(Value::as_str)
                .unwrap_or_else(|| panic!("{}: no {}", language.tag, code.key.name()));
            let wanted: BTreeSet<String> = code.args.iter().map(|a| a.to_string()).collect();
            assert_eq!(
                placeholders_in(text),
                wanted,
                "{}: {} takes {:?}",
                language.tag,
                code.key.name(),
                code.args
            );
        }
    }
}

/// English is the table compiled in: every message of `en.json`, by
/// its key, and nothing else.
#[test]
fn english_is_the_table_compiled_in() {
    let file: serde_json::Map<String, Value> = serde_json::from_str(&locale("en")).unwrap();
    assert_eq!(file.len(), keys::COUNT);
    let english = Catalog::english();
    for (i, name) in keys::names().enumerate() {
        let text = match &file[name] {
            Value::String(s) => s.clone(),
            Value::Object(forms) => forms["other"].as_str().unwrap().to_string(),
            _ => unreachable!(),
        };
        assert_eq!(english.form(i, Plural::Other), text, "{name}");
    }
}

proptest::proptest! {
    #[test]
    fn filling_any_text_never_panics(text in "\\PC*", value in "\\PC*") {
        let out = fill(&text, &[("n", &value)]);
        if !text.contains('{') {
            proptest::prop_assert_eq!(out, text);
        }
    }
}
