//! The billing platform's document (`shared/api-docs/billingplatform.txt`)
//! and what is assumed where nothing is published, one test per statement
//! the console pins, named for it; choices are named `silent_…`.

mod common;

use common::*;
use payments_model::connection::Scope;
use payments_model::payment::StatusKind;
use serde_json::json;

fn bp(scope: Scope) -> payments_model::Connection {
    connection("billingplatform", &[("token", "tok")], scope)
}

fn paid(amount: &str, status: serde_json::Value) -> serde_json::Value {
    json!({"id": "P1", "paymentAmount": amount, "status": status, "paymentDate": "2025-03-03"})
}

#[test]
fn amount_is_in_the_customers_currency_which_the_payload_does_not_carry() {
    // "Amount of the payment in the customer's currency"
    let c = bp(Scope::all());
    let page = c
        .vendor
        .decode_list(
            &c,
            &first_page(&c),
            &answer(
                200,
                &json!([
                    paid("10.50", json!(["Collected"])),
                    paid("3", json!(["Collected"]))
                ]),
            ),
        )
        .unwrap();
    let m = page.items[0].amount.clone().unwrap();
    assert!(!m.currency.is_stated(), "no currency is invented");
    assert_eq!(m.to_string(), "10.50");
    assert!(
        page.totals().is_empty(),
        "amounts of unknown currencies are never added up"
    );
    assert_eq!(page.untotalled(), 2);
    let c = in_currency(bp(Scope::named("customer", "1001")), "GBP");
    let page = c
        .vendor
        .decode_list(
            &c,
            &first_page(&c),
            &answer(
                200,
                &json!([
                    paid("10.50", json!(["Collected"])),
                    paid("3", json!(["Collected"]))
                ]),
            ),
        )
        .unwrap();
    assert_eq!(
        page.totals()[0].1.to_string(),
        "13.50",
        "totals within one confirmed currency"
    );
}

#[test]
fn status_is_an_array_of_preset_names_any_tenant_may_define() {
    // "Preset Value(s)": "Array of status names currently active"
    let c = bp(Scope::all());
    let p = c
        .vendor
        .operations()
        .decode_payment(
            &c,
            &answer(200, &paid("1", json!(["Collected", "On Hold"]))),
        )
        .unwrap();
    assert_eq!(p.status.raw, vec!["Collected", "On Hold"]);
    assert_eq!(p.status.kind, StatusKind::Succeeded);
    let p = c
        .vendor
        .operations()
        .decode_payment(&c, &answer(200, &paid("1", json!("Awaiting Mandate"))))
        .unwrap();
    assert_eq!(
        p.status.raw,
        vec!["Awaiting Mandate"],
        "a single name where the array is documented"
    );
    let req = c
        .vendor
        .operations()
        .update_request(&c, "P1", &values(json!({"status": "On Hold, Collected"})))
        .unwrap()
        .unwrap();
    assert_eq!(body(&req)["status"], json!(["On Hold", "Collected"]));
}

#[test]
fn since_filters_are_datetimes_sent_as_rfc3339_utc() {
    let c = bp(Scope::all());
    let q = first_page(&c).with_filter("reinstatedSince", "2025-03-03T12:00:00-05:00");
    assert_eq!(
        param(&c.vendor.list_request(&c, &q), "reinstatedSince"),
        Some("2025-03-03T17:00:00Z")
    );
}

#[test]
fn reversed_and_include_reversed_are_presence_flags() {
    let c = bp(Scope::all());
    let q = first_page(&c).with_filter("reversed", "true");
    assert_eq!(param(&c.vendor.list_request(&c, &q), "reversed"), Some(""));
}

#[test]
fn new_payments_are_added_under_a_customer() {
    let c = bp(Scope::named("customer", "1001"));
    let req = c
        .vendor
        .operations()
        .create_request(
            &c,
            &values(json!({"paymentDate": "2025-03-03", "paymentAmount": "12.5"})),
        )
        .unwrap()
        .unwrap();
    assert!(
        req.url.ends_with("/customers/1001/payments/"),
        "{}",
        req.url
    );
    assert_eq!(
        body(&req)["paymentAmount"],
        json!("12.5"),
        "digits kept as typed when no currency is stated"
    );
}
