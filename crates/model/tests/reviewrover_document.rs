//! ReviewRover's document (`shared/api-docs/reviewrover.txt`) and what the
//! real service is known to do, one test per statement the console pins,
//! named for it; choices where both are silent are named `silent_…`.

mod common;

use common::*;
use payments_model::connection::Scope;
use payments_model::http::Method;
use payments_model::payment::StatusKind;
use payments_model::vendors::FieldKind;
use serde_json::json;

fn rr() -> payments_model::Connection {
    connection("reviewrover", &[("token", "tok")], Scope::all())
}

#[test]
fn status_is_given_by_example_so_any_word_is_taken() {
    // "Payment status (e.g. completed, pending, refunded)."
    let c = rr();
    let spec = c.vendor.list_spec();
    let q = first_page(&c).with_filter("status", "failed");
    assert!(spec.validate(&q).is_empty(), "a word beyond the examples");
    assert_eq!(
        param(&c.vendor.list_request(&c, &q), "status"),
        Some("failed")
    );
    assert!(matches!(spec.filters[0].kind, FieldKind::Suggest(s) if s.contains(&"refunded")));
    let create = c.vendor.operations().create_request(
        &c,
        &values(json!({"contact_id": "c1", "status": "disputed"})),
    );
    assert_eq!(body(&create.unwrap().unwrap())["status"], json!("disputed"));
    let p = c
        .vendor
        .operations()
        .decode_payment(&c, &answer(200, &json!({"id": 1, "status": "chargeback"})))
        .unwrap();
    assert_eq!(
        (p.status.text(), p.status.kind),
        ("chargeback".into(), StatusKind::Unknown)
    );
}

#[test]
fn amount_is_a_decimal_sent_as_a_string_and_read_in_either_form() {
    let c = rr();
    for amount in [json!("75.00"), json!(75), json!(75.0)] {
        let p = c
            .vendor
            .operations()
            .decode_payment(&c, &answer(200, &json!({"id": 1, "amount": amount})))
            .unwrap();
        assert_eq!(p.amount.unwrap().amount_text(), "75.00");
    }
    let req = c
        .vendor
        .operations()
        .create_request(&c, &values(json!({"contact_id": "c1", "amount": "75"})))
        .unwrap()
        .unwrap();
    assert_eq!(body(&req)["amount"], json!("75.00"));
}

#[test]
fn external_id_can_be_used_in_place_of_id() {
    let c = rr();
    let req = c.vendor.operations().get_request(&c, "inv 7/8").unwrap();
    assert_eq!(
        (req.method, req.url.as_str()),
        (
            Method::Get,
            "https://api.example.com/v1/payments/inv%207%2F8"
        )
    );
}

#[test]
fn tags_absent_from_examples_read_as_an_empty_list() {
    let c = rr();
    let p = c
        .vendor
        .operations()
        .decode_payment(&c, &answer(200, &json!({"id": 1})))
        .unwrap();
    assert!(p.problems.is_empty());
}

#[test]
fn silent_a_save_answered_with_an_empty_body_is_still_a_save() {
    // The document shows no answer to PUT: a 2xx without a payment is a
    // success to read back, an error only when the status says so.
    let c = rr();
    let empty = payments_model::http::HttpResponse {
        status: 200,
        headers: vec![],
        body: String::new(),
    };
    let e = c
        .vendor
        .operations()
        .decode_written(&c, &empty)
        .unwrap_err();
    assert_eq!(
        e.kind,
        payments_model::ErrorKind::Decode,
        "the caller reads it back"
    );
    let refused = answer(
        422,
        &json!({"error": "Validation failed", "errors": {"amount": ["is odd"]}}),
    );
    let e = c
        .vendor
        .operations()
        .decode_written(&c, &refused)
        .unwrap_err();
    assert_eq!(e.fields[0].field, "amount");
}

#[test]
fn silent_amounts_are_in_the_connections_currency_us_dollars_unless_set() {
    let c = rr();
    let p = c
        .vendor
        .operations()
        .decode_payment(&c, &answer(200, &json!({"id": 1, "amount": "5.00"})))
        .unwrap();
    assert_eq!(p.amount.unwrap().currency.code(), "USD");
    let c = in_currency(rr(), "EUR");
    let p = c
        .vendor
        .operations()
        .decode_payment(&c, &answer(200, &json!({"id": 1, "amount": "5.00"})))
        .unwrap();
    assert_eq!(p.amount.unwrap().currency.code(), "EUR");
}
