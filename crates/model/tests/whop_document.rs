//! Whop's document (`shared/api-docs/whop.txt`) and what the real API is
//! known to do, one test per statement the console pins, named for it;
//! choices are named `silent_…`.

mod common;

use common::*;
use payments_model::connection::Scope;
use serde_json::json;

fn whop() -> payments_model::Connection {
    connection("whop", &[("token", "key")], Scope::named("app", ""))
}

fn page(items: serde_json::Value, pagination: serde_json::Value) -> serde_json::Value {
    json!({"data": items, "pagination": pagination})
}

#[test]
fn paid_at_and_attempt_times_are_epoch_seconds_or_null() {
    let c = whop();
    let p = c
        .vendor
        .operations()
        .decode_payment(&c, &answer(200, &json!({"id": "pay_1", "paid_at": 1700000000, "refunded_at": null, "currency": "usd", "final_amount": 5})))
        .unwrap();
    assert_eq!(p.occurred_at.unwrap().epoch_seconds(), 1_700_000_000);
    assert!(p.problems.is_empty());
}

#[test]
fn next_page_and_prev_page_are_null_at_the_edges() {
    let c = whop();
    let last = c
        .vendor
        .decode_list(
            &c,
            &first_page(&c),
            &answer(
                200,
                &page(
                    json!([]),
                    json!({"current_page": 3, "total_pages": 3, "next_page": null, "prev_page": 2}),
                ),
            ),
        )
        .unwrap();
    assert!(!last.info.has_next && last.info.has_prev);
    let text_numbers = c
        .vendor
        .decode_list(&c, &first_page(&c), &answer(200, &page(json!([]), json!({"current_page": "1", "total_pages": "3", "next_page": "2", "prev_page": null}))))
        .unwrap();
    assert!(
        text_numbers.info.has_next,
        "page numbers sent as text count too"
    );
}

#[test]
fn page_and_per_page_through_the_list() {
    let c = whop();
    let q = first_page(&c).with_page(2);
    let req = c.vendor.list_request(&c, &q);
    assert_eq!(param(&req, "page"), Some("2"));
    assert!(param(&req, "per").is_some());
}

#[test]
fn silent_an_amount_without_a_currency_is_shown_plain_not_dropped() {
    let c = whop();
    let p = c
        .vendor
        .operations()
        .decode_payment(
            &c,
            &answer(200, &json!({"id": "pay_1", "final_amount": 12.5})),
        )
        .unwrap();
    let m = p.amount.expect("kept");
    assert!(!m.currency.is_stated());
    assert_eq!(m.to_string(), "12.5");
}

#[test]
fn silent_one_unreadable_payment_never_hides_the_others() {
    let c = whop();
    let list = c
        .vendor
        .decode_list(
            &c,
            &first_page(&c),
            &answer(
                200,
                &page(
                    json!([{"id": "pay_1"}, {"no": "id"}, {"id": "pay_3"}]),
                    json!({}),
                ),
            ),
        )
        .unwrap();
    assert_eq!(list.items.len(), 2);
    assert_eq!(list.unreadable[0].position, 2);
}
