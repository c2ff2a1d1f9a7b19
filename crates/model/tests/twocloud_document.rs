//! 2cloud's document (`shared/api-docs/twocloud.txt`) and what the real
//! service is known to do, one test per statement the console pins, named
//! for it; choices are named `silent_…`.

mod common;

use common::*;
use payments_model::connection::ConnectionDraft;
use payments_model::connection::Scope;
use payments_model::vendors::StatusChange;
use serde_json::json;

fn tc(access: &str) -> payments_model::Connection {
    connection(
        "twocloud",
        &[
            ("username", "ada"),
            ("secret", "s"),
            ("device_id", "desk"),
            ("access", access),
        ],
        Scope::all(),
    )
}

#[test]
fn put_status_requires_administrative_credentials() {
    // "This request requires administrative credentials. It will reply
    // with a 403 error if the authorising user does not have
    // administrative access to the server."
    assert!(
        matches!(tc("administrator").vendor.operations().status_change(&tc("administrator")), StatusChange::Offered(s) if s.contains(&"succeeded"))
    );
    match tc("user").vendor.operations().status_change(&tc("user")) {
        StatusChange::Refused(why) => assert!(
            why.english().contains("administrative credentials"),
            "{why:?}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn writes_send_the_device_in_the_from_header_so_a_device_id_is_required() {
    let mut d = ConnectionDraft::from_connection(&tc("user"));
    d.credentials.insert("device_id".into(), " ".into());
    let errs = d.validate(&[]).unwrap_err();
    assert_eq!(
        errs.english("device_id").as_deref(),
        Some("Device ID is required.")
    );
    let c = tc("user");
    let req = c
        .vendor
        .operations()
        .create_request(
            &c,
            &values(
                json!({"amount": "100", "user_id": "7", "funding_source_id": "8", "campaign": "9"}),
            ),
        )
        .unwrap()
        .unwrap();
    assert_eq!(header(&req, "From"), Some("desk"));
}

#[test]
fn ids_are_unsigned_64_bit_integers_kept_exact() {
    let c = tc("user");
    let big = u64::MAX;
    let page = c
        .vendor
        .decode_list(
            &c,
            &first_page(&c),
            &answer(
                200,
                &json!({"code": 200, "payments": [{"id": big, "amount": {"$numberLong": "1250"}}]}),
            ),
        )
        .unwrap();
    assert_eq!(page.items[0].id, big.to_string());
    assert_eq!(page.items[0].amount.clone().unwrap().amount_text(), "12.50");
}

#[test]
fn amount_is_in_us_cents() {
    let c = tc("user");
    let p = c
        .vendor
        .operations()
        .decode_payment(
            &c,
            &answer(
                200,
                &json!({"code": 200, "payments": [{"id": 1, "amount": "250"}]}),
            ),
        )
        .unwrap();
    assert_eq!(p.amount.unwrap().to_string(), "2.50 USD");
}

#[test]
fn valid_status_strings_are_pending_succeeded_error_and_retry() {
    // The document lists them as the valid strings: the status change
    // offers exactly those.
    match tc("administrator")
        .vendor
        .operations()
        .status_change(&tc("administrator"))
    {
        StatusChange::Offered(s) => assert_eq!(s, ["pending", "succeeded", "error", "retry"]),
        other => panic!("{other:?}"),
    }
}
