//! BuiltOn's document (`shared/api-docs/builton.txt`) and what the real
//! service is known to do, one test per statement the console pins, named
//! for it; choices are named `silent_…`.

mod common;

use common::*;
use payments_model::connection::Scope;
use payments_model::payment::StatusKind;
use serde_json::json;

fn bo() -> payments_model::Connection {
    connection("builton", &[("api_key", "k"), ("token", "t")], Scope::all())
}

#[test]
fn billing_address_is_an_object_so_it_is_sent_as_one() {
    // "billing_address object: The Address object with billing details";
    // the update's "string" is read as a slip of the document.
    let c = bo();
    let req = c
        .vendor
        .operations()
        .update_request(
            &c,
            "p1",
            &values(json!({"billing_address.city": "Oslo", "billing_address.zip_code": "0150"})),
        )
        .unwrap()
        .unwrap();
    assert_eq!(
        body(&req)["billing_address"],
        json!({"city": "Oslo", "zip_code": "0150"})
    );
    let errs = c
        .vendor
        .operations()
        .update_request(&c, "p1", &values(json!({"billing_address": "1 Main St"})))
        .unwrap()
        .unwrap_err();
    assert!(errs.english("billing_address").unwrap().contains("object"));
    let p = c
        .vendor
        .operations()
        .decode_payment(
            &c,
            &answer(
                200,
                &json!({"_id": {"$oid": "p1"}, "billing_address": {"city": "Oslo", "geo": [1, 2]}}),
            ),
        )
        .unwrap();
    assert_eq!(p.field_at("billing_address.city"), Some(&json!("Oslo")));
}

#[test]
fn current_state_takes_pending_beyond_the_documented_list() {
    let c = bo();
    let q = first_page(&c).with_filter("status", "pending");
    assert!(c.vendor.list_spec().validate(&q).is_empty());
    let q = first_page(&c).with_filter("status", "disputed");
    assert!(
        c.vendor.list_spec().validate(&q).is_empty(),
        "any state word filters"
    );
    let p = c
        .vendor
        .operations()
        .decode_payment(
            &c,
            &answer(200, &json!({"_id": "p1", "current_state": "pending"})),
        )
        .unwrap();
    assert_eq!(p.status.kind, StatusKind::Pending);
}

#[test]
fn amounts_are_floats_read_as_exact_decimals() {
    let c = bo();
    let p = c
        .vendor
        .operations()
        .decode_payment(
            &c,
            &answer(
                200,
                &json!({"_id": "p1", "amount": 10.23, "currency": "usd"}),
            ),
        )
        .unwrap();
    assert_eq!(p.amount.unwrap().to_string(), "10.23 USD");
}

#[test]
fn paying_for_orders_answers_an_array_of_payments() {
    let c = bo();
    let paid = c
        .vendor
        .operations()
        .decode_written(&c, &answer(200, &json!([{"_id": "a"}, {"_id": "b"}])))
        .unwrap();
    assert_eq!(paid.len(), 2);
}

#[test]
fn dates_arrive_as_mongodb_dates_in_milliseconds() {
    let c = bo();
    let p = c
        .vendor
        .operations()
        .decode_payment(
            &c,
            &answer(
                200,
                &json!({"_id": "p1", "created": {"$date": {"$numberLong": "1700000000000"}}}),
            ),
        )
        .unwrap();
    assert_eq!(p.created_at.unwrap().epoch_seconds(), 1_700_000_000);
}
