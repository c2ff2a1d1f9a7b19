use super::*;
use crate::payment::Payment;
use crate::vendors::{ShownAs, ALL};
use proptest::prelude::*;
use serde_json::json;

/// A payment of the first vendor holding `v`'s fields as sent.
fn payment(v: Value) -> Payment {
    let id = v["id"].as_str().unwrap_or("7").to_string();
    Payment::new(ALL[0], id, v.as_object().unwrap())
}

/// The status field the first vendor declares.
fn status_field() -> &'static str {
    let fields = ALL[0].profile().fields;
    fields
        .iter()
        .find(|f| f.shown == ShownAs::Status)
        .unwrap()
        .name
}

fn then() -> Payment {
    let mut v = json!({
        "id": "7", "amount": "100.00", "contact_id": "c-1",
        "tags": ["a", "b"], "meta": {"note": "first"}
    });
    v[status_field()] = json!("pending");
    payment(v)
}

#[test]
fn an_edit_names_what_it_sends_even_where_the_payment_had_nothing() {
    let read = then().read_of(["amount", "external_id", "meta.note"]);
    assert_eq!(
        read.0,
        vec![
            ("amount".to_string(), Some("100.00".to_string())),
            ("external_id".to_string(), None),
            ("meta.note".to_string(), Some("first".to_string())),
        ]
    );
}

#[test]
fn a_delete_names_every_declared_field_the_payment_showed() {
    let p = then();
    let read = p.read_whole();
    let declared: Vec<&str> = ALL[0].profile().fields.iter().map(|f| f.name).collect();
    let held: Vec<&str> = declared
        .into_iter()
        .filter(|f| p.field(f).is_some())
        .collect();
    let named: Vec<&str> = read.0.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(named, held);
    assert!(named.contains(&"amount") && !named.contains(&"meta"));
    let tags = read
        .0
        .iter()
        .find(|(f, _)| f == "tags")
        .map(|(_, v)| v.clone());
    if let Some(tags) = tags {
        assert_eq!(tags.as_deref(), Some(r#"["a","b"]"#));
    }
    assert_eq!(
        p.read_status().0,
        vec![(status_field().to_string(), Some("pending".to_string()))]
    );
}

#[test]
fn only_the_fields_read_that_differ_now_are_changes() {
    let read = then().read_of(["amount", "external_id"]);
    // Another field changed: no change for this write.
    let other = payment(json!({"id": "7", "amount": "100.00", "contact_id": "c-2"}));
    assert!(other.changed_since(&read).is_empty());
    // The same amount written another way is the same amount.
    let same_amount = payment(json!({"id": "7", "amount": 100, "external_id": ""}));
    assert!(same_amount.changed_since(&read).is_empty());
    // The amount changed, and a field that was empty was filled.
    let now = payment(json!({"id": "7", "amount": "111.11", "external_id": "inv-9"}));
    assert_eq!(
        now.changed_since(&read),
        vec![
            Change {
                field: "amount".into(),
                then: Some("100.00".into()),
                now: Some("111.11".into())
            },
            Change {
                field: "external_id".into(),
                then: None,
                now: Some("inv-9".into())
            },
        ]
    );
    // Gone: every field read is a change, with nothing now.
    let gone = read.changes(None);
    assert_eq!(gone.len(), 2);
    assert!(gone.iter().all(|c| c.now.is_none()));
}

#[test]
fn the_header_carries_any_text_as_ascii_and_refuses_what_is_too_large() {
    let read = Read(vec![
        ("note".into(), Some("Grüße, \"quoted\" %41 ✓".into())),
        ("gone".into(), None),
    ]);
    let header = read.to_header();
    assert!(header.is_ascii() && !header.contains(' '));
    assert_eq!(Read::from_header(&header), Ok(read));
    assert_eq!(Read::from_header("%5B"), Err(ReadError::Malformed));
    assert_eq!(Read::from_header("{}"), Err(ReadError::Malformed));
    let many = Read((0..=MAX_FIELDS).map(|i| (format!("f{i}"), None)).collect());
    assert_eq!(
        Read::from_header(&many.to_header()),
        Err(ReadError::TooLarge)
    );
    assert_eq!(
        Read::from_header(&"a".repeat(MAX_HEADER + 1)),
        Err(ReadError::TooLarge)
    );
}

#[test]
fn long_values_are_compared_by_their_first_characters() {
    let long = "x".repeat(MAX_TEXT + 50);
    let read = Read(vec![("note".into(), Some(long.clone()))]);
    let back = Read::from_header(&read.to_header()).unwrap();
    assert_eq!(
        back.0[0].1.as_ref().map(|v| v.chars().count()),
        Some(MAX_TEXT)
    );
    let now = payment(json!({"id": "7", "note": long}));
    assert!(now.changed_since(&back).is_empty());
}

#[test]
fn a_conflict_travels_as_json_and_lists_its_fields() {
    let c = Conflict {
        changes: vec![Change {
            field: "amount".into(),
            then: Some("100.00".into()),
            now: Some("111.11".into()),
        }],
        gone: false,
        by: Some(ChangedBy {
            person: "editor-2".into(),
            at: "2026-12-04T14:02:00Z".into(),
        }),
    };
    let v = serde_json::to_value(&c).unwrap();
    assert_eq!(v["changes"][0]["now"], "111.11");
    assert_eq!(Conflict::from_json(&v), Some(c.clone()));
    assert_eq!(serde_json::from_value::<Conflict>(v).unwrap(), c);
    let gone = json!({"changes": [{"field": "amount", "then": "1", "now": null}], "gone": true});
    let read = Conflict::from_json(&gone).unwrap();
    assert!(read.gone && read.by.is_none() && read.changes[0].now.is_none());
    assert_eq!(
        Conflict::from_json(&json!({"changes": [{"then": "1"}]})),
        None
    );
    assert_eq!(Conflict::from_json(&json!("nonsense")), None);
    assert_eq!(c.fields(), "amount");
}

proptest! {
    #[test]
    fn any_read_survives_its_header(pairs in prop::collection::vec((".{0,12}", proptest::option::of(".{0,40}")), 0..8)) {
        let read = Read(pairs);
        let header = read.to_header();
        prop_assert!(header.is_ascii());
        prop_assert_eq!(Read::from_header(&header), Ok(read));
    }

    #[test]
    fn arbitrary_headers_never_panic(text in ".{0,200}") {
        let _ = Read::from_header(&text);
    }

    #[test]
    fn a_value_is_always_the_same_as_itself(text in ".{0,300}") {
        prop_assert!(same(Some(text.as_str()), Some(text.as_str())));
    }
}
