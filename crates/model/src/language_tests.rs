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
    let c = Catalog::parse(
        r#"{"hi": "Hallo {name}, {name}!", "n": {"one": "{n} Zahlung", "other": "{n} Zahlungen"},
            "odd": "{not a name} {}", "left": "{missing}"}"#,
    )
    .unwrap();
    assert_eq!(c.text("hi", &[("name", "Ann")]).unwrap(), "Hallo Ann, Ann!");
    assert_eq!(
        c.counted("n", Plural::One, &[("n", "1")]).unwrap(),
        "1 Zahlung"
    );
    assert_eq!(
        c.counted("n", Plural::Many, &[("n", "1.000.000")]).unwrap(),
        "1.000.000 Zahlungen"
    );
    assert_eq!(c.text("n", &[("n", "3")]).unwrap(), "3 Zahlungen");
    assert_eq!(c.text("odd", &[]).unwrap(), "{not a name} {}");
    assert_eq!(c.text("left", &[]).unwrap(), "{missing}");
    assert_eq!(c.text("absent", &[]), None);
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
    let en =
        Catalog::parse(r#"{"a": "A {x}", "b": {"one": "{n} b", "other": "{n} bs"}, "c": "C"}"#)
            .unwrap();
    let fr = Catalog::parse(r#"{"a": "A {y}", "b": {"one": "un b", "other": "{n} b"}, "d": "D"}"#)
        .unwrap();
    let problems = fr.problems(Language::find("fr").unwrap(), &en);
    assert!(
        problems.iter().any(|p| p.starts_with("a: placeholders")),
        "{problems:?}"
    );
    assert!(
        problems.contains(&"b: no \"many\" form".to_string()),
        "{problems:?}"
    );
    assert!(problems.contains(&"c: missing".to_string()), "{problems:?}");
    assert!(
        problems.contains(&"d: not in English".to_string()),
        "{problems:?}"
    );
    assert!(en.problems(Language::english(), &en).is_empty());
}

/// Every catalog in `locales/` is complete against English.
#[test]
fn every_language_has_every_message() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../locales");
    let read = |tag: &str| {
        let text = std::fs::read_to_string(format!("{dir}/{tag}.json")).unwrap();
        Catalog::parse(&text).unwrap_or_else(|e| panic!("{tag}.json: {e}"))
    };
    let english = read("en");
    assert!(english.keys().count() > 100);
    for language in LANGUAGES {
        let problems = read(language.tag).problems(language, &english);
        assert!(problems.is_empty(), "{}.json: {problems:#?}", language.tag);
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

#[test]
fn a_model_sentence_is_read_by_its_english_template_and_written_anew() {
    let de = Catalog::parse(
        r#"{"en:{label} is required.": "{label} ist erforderlich.",
            "en:{later} cannot be before {earlier}.": "{later} darf nicht vor {earlier} liegen.",
            "en:Not found.": "Nicht gefunden.",
            "en:Amount": "Betrag", "en:To": "Bis", "en:From": "Von"}"#,
    )
    .unwrap();
    let words = |w: &str| {
        de.text(&format!("en:{w}"), &[])
            .unwrap_or_else(|| w.to_string())
    };
    assert_eq!(
        de.sentence("Amount is required.", &words).unwrap(),
        "Betrag ist erforderlich."
    );
    assert_eq!(
        de.sentence("Customer email is required.", &words).unwrap(),
        "Customer email ist erforderlich.",
        "a word the catalog lacks stays as written"
    );
    assert_eq!(
        de.sentence("To cannot be before From.", &words).unwrap(),
        "Bis darf nicht vor Von liegen."
    );
    assert_eq!(
        de.sentence("Not found.", &words).unwrap(),
        "Nicht gefunden."
    );
    assert_eq!(
        de.sentence(" is required.", &words),
        None,
        "a placeholder takes a character at least"
    );
    assert_eq!(
        de.sentence("Invalid API token", &words),
        None,
        "a vendor's words are not ours"
    );
}

proptest::proptest! {
    #[test]
    fn reading_any_sentence_never_panics(text in "\\PC*", template in "\\PC*") {
        let _ = read_by(&template, &text);
    }
}
