//! All payments asks each vendor for what it can filter itself: these
//! tests pin which filters each vendor takes and that they reach the
//! request the vendor builds; every other filter is applied by the
//! console to what is loaded.

mod common;

use common::connection;
use payments_model::connection::Scope;
use payments_model::vendors;
use payments_model::workspace::WorkspaceQuery;
use payments_model::ListQuery;

fn query(params: &[(&str, &str)]) -> WorkspaceQuery {
    let p: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    WorkspaceQuery::from_params(&p).0
}

/// The filters `slug` applied, and the request's query string.
fn sent(slug: &str, q: &WorkspaceQuery) -> (Vec<&'static str>, String) {
    let conn = connection(slug, &[("token", "t"), ("api_key", "k")], Scope::all());
    let mut list = ListQuery::first_page(conn.vendor.list_spec().pagination);
    let applied = conn.vendor.operations().workspace_filters(q, &mut list);
    (
        applied,
        conn.vendor.list_request(&conn, &list).url_with_query(),
    )
}

#[test]
fn reviewrover_takes_the_status_in_its_own_words() {
    let (applied, url) = sent("reviewrover", &query(&[("status", "succeeded")]));
    assert_eq!(applied, ["status"]);
    assert!(url.contains("status=completed"), "{url}");
    let (applied, url) = sent("reviewrover", &query(&[("status", "failed")]));
    assert!(applied.is_empty() && !url.contains("status="), "{url}");
}

#[test]
fn billing_platform_takes_the_date_range_as_payment_dates() {
    let (applied, url) = sent(
        "billingplatform",
        &query(&[("from", "2025-02-01"), ("to", "2025-02-28")]),
    );
    assert_eq!(applied, ["from", "to"]);
    assert!(
        url.contains("minDate=2025-02-01") && url.contains("maxDate=2025-02-28"),
        "{url}"
    );
}

#[test]
fn builton_takes_the_date_range_and_sends_the_newest_first() {
    let (applied, url) = sent("builton", &query(&[("from", "2025-02-01")]));
    assert_eq!(applied, ["from"]);
    assert!(
        url.contains("from_date=") && url.contains("sort=-created"),
        "{url}"
    );
}

#[test]
fn no_vendor_claims_a_filter_its_request_does_not_carry() {
    let q = query(&[
        ("from", "2025-01-01"),
        ("to", "2025-12-31"),
        ("status", "pending"),
        ("currency", "USD"),
        ("min", "1"),
    ]);
    for v in vendors::ALL {
        let (applied, url) = sent(v.slug(), &q);
        for name in &applied {
            assert!(
                ["from", "to", "status"].contains(name),
                "{}: {name}",
                v.slug()
            );
        }
        assert!(
            applied.is_empty() || url.contains('?'),
            "{}: {applied:?} but {url}",
            v.slug()
        );
    }
}
