//! Whop API v5 payments: read-only lists in three scopes, `app`,
//! `company` and `me`.
//!
//! Documented: `GET /v5/app/payments` (also `/company/payments` and
//! `/me/payments`) with `company_id`, `product_id`, `in_app_payments`,
//! `page` (default 1) and `per` (default 10, at most 50), answering
//! `{"pagination": {current_page, total_pages, next_page, prev_page,
//! total_count}, "data": […]}`; bearer auth with an app API key.
//!
//! Choices where the document is silent (each pinned by a test below):
//! - The connection's base URL ends in `/api/v5`; the scope picks the path.
//! - One payment is fetched from `/app/payments/{id}` (app and company
//!   scopes: the app key serves both) or `/me/payments/{id}`.
//! - Times are epoch seconds or `null`, as real answers send; the strings
//!   of the document's example are read as times where they are times and
//!   reported as unreadable where they are placeholders.
//! - The amount shown is `final_amount`, in `currency` (Whop sends codes
//!   in lower case); `subtotal` and `refunded_amount` stay in the fields.
//! - The crypto assets `eth` and `ape` are amounts with 8 decimal places
//!   (declared in the profile's `currencies`), not their on-chain 18.
//! - Status kinds: `paid` succeeded; `pending` and `open` pending; `draft`
//!   draft; `uncollectible` and `unresolved` failed; `void` cancelled.
//! - A 429 without `Retry-After` means waiting out Whop's ten-second
//!   window (20 requests per 10 s).
//! - Whop documents no create, update or delete for payments.

use serde_json::Value;

use super::spec::{
    FieldDisplay,
    ShownAs::{self, Data, Status, Text, Time},
};
use super::Operations;
use super::{
    decode_items, error_from_response, read, request, success_json, with_bearer, Capabilities,
    FieldKind, FilterSpec, ListSpec, Vendor,
};
use super::{reach, Columns, Endpoint, Profile, Reach, ScopeSpec, BEARER};
use crate::connection::{Connection, Scope};
use crate::error::{ApiError, ErrorKind};
use crate::http::{percent_encode, HttpRequest, HttpResponse, Method};
use crate::keys::word as w;
use crate::payment::{Payment, PaymentStatus, StatusKind};
use crate::query::{ListPage, ListQuery, PageInfo, PageRequest, Pagination};
use crate::time::EpochUnit;
use crate::time::EpochUnit::Seconds;

/// The statuses Whop documents.
pub const STATUSES: &[&str] = &[
    "draft",
    "open",
    "paid",
    "pending",
    "uncollectible",
    "unresolved",
    "void",
];

/// Seconds to wait after a 429 that names no `Retry-After`.
pub const RATE_LIMIT_WINDOW_SECS: u64 = 10;

const PAGINATION: Pagination = Pagination::PagePer {
    default_size: 10,
    max_size: 50,
};

const FILTERS: &[FilterSpec] = &[
    FilterSpec::new("company_id", w::COMPANY_ID, FieldKind::Text),
    FilterSpec::new("product_id", w::PRODUCT_ID, FieldKind::Text),
    FilterSpec::new("in_app_payments", w::IN_APP_PAYMENTS, FieldKind::Bool),
];

/// The crypto assets Whop bills in besides ISO currencies, with 8 decimal
/// places: the precision exchanges show and accept for them (their
/// on-chain 18 would pad every amount with ten zeros).
const CRYPTO: &[(&str, u32)] = &[("ETH", 8), ("APE", 8)];

/// Whop, as the registry lists it.
pub const VENDOR: &dyn Vendor = &Whop;

/// Everything Whop declares.
const PROFILE: Profile = Profile {
    slug: "whop",
    name: "Whop",
    list: ListSpec {
        pagination: PAGINATION,
        filters: FILTERS,
        sorts: &[],
        ranges: &[],
    },
    capabilities: Capabilities {
        retrieve: true,
        create: None,
        update: None,
        delete: false,
        change_status: None,
        limits: w::LIMITS_WHOP,
    },
    fields: &[
        FieldDisplay::new("id", w::ID, Text),
        FieldDisplay::new("status", w::STATUS, Status),
        FieldDisplay::new("final_amount", w::FINAL_AMOUNT, ShownAs::Money),
        FieldDisplay::new("subtotal", w::SUBTOTAL, ShownAs::Money),
        FieldDisplay::new("refunded_amount", w::REFUNDED_AMOUNT, ShownAs::Money),
        FieldDisplay::new("currency", w::CURRENCY, Text),
        FieldDisplay::new("created_at", w::CREATED, Time(Seconds)),
        FieldDisplay::new("paid_at", w::PAID, Time(Seconds)),
        FieldDisplay::new("refunded_at", w::REFUNDED, Time(Seconds)),
        FieldDisplay::new("last_payment_attempt", w::LAST_ATTEMPT, Time(Seconds)),
        FieldDisplay::new("next_payment_attempt", w::NEXT_ATTEMPT, Time(Seconds)),
        FieldDisplay::new("payments_failed", w::FAILED_ATTEMPTS, Text),
        FieldDisplay::new("membership_id", w::MEMBERSHIP_ID, Text),
        FieldDisplay::new("product_id", w::PRODUCT_ID, Text),
        FieldDisplay::new("user_id", w::USER_ID, Text),
        FieldDisplay::new("plan_id", w::PLAN_ID, Text),
        FieldDisplay::new("company_id", w::COMPANY_ID, Text),
        FieldDisplay::new("line_item_id", w::LINE_ITEM_ID, Text),
        FieldDisplay::new("checkout_id", w::CHECKOUT_ID, Text),
        FieldDisplay::new("card_brand", w::CARD_BRAND, Text),
        FieldDisplay::new("card_last_4", w::CARD_LAST_4, Text),
        FieldDisplay::new("funding_method", w::FUNDING_METHOD, Text),
        FieldDisplay::new("wallet_type", w::WALLET, Text),
        FieldDisplay::new(
            "calculated_statement_descriptor",
            w::STATEMENT_DESCRIPTOR,
            Text,
        ),
        FieldDisplay::new("issuer_identification_number", w::CARD_IIN_BIN, Text),
        FieldDisplay::new("billing_usage_ids", w::BILLING_USAGE_IDS, Data),
        FieldDisplay::new("company_buyer_id", w::BUYING_COMPANY_ID, Text),
    ],
    columns: Columns {
        counterparty: w::USER,
        date: w::PAID,
        reference: w::MEMBERSHIP,
    },
    scopes: &[
        ScopeSpec::plain("app", w::APP_PAYMENTS),
        ScopeSpec::plain("company", w::COMPANY_PAYMENTS),
        ScopeSpec::plain("me", w::MY_PAYMENTS),
    ],
    credentials: BEARER,
    connection_currency: None,
    currencies: CRYPTO,
    client_reference: None,
    endpoints: &[
        Endpoint::new(Method::Get, "/app/payments"),
        Endpoint::new(Method::Get, "/company/payments"),
        Endpoint::new(Method::Get, "/me/payments"),
        Endpoint::new(Method::Get, "/app/payments/{}"),
        Endpoint::new(Method::Get, "/me/payments/{}"),
    ],
};

/// Whop, as a [`Vendor`].
pub struct Whop;

fn scope_path(scope: &Scope) -> &'static str {
    match scope.name.as_str() {
        "company" => "/company/payments",
        "me" => "/me/payments",
        _ => "/app/payments",
    }
}

impl Vendor for Whop {
    fn profile(&self) -> &'static Profile {
        &PROFILE
    }
    fn list_request(&self, conn: &Connection, query: &ListQuery) -> HttpRequest {
        let mut req = with_bearer(request(conn, Method::Get, scope_path(&conn.scope)), conn);
        for f in FILTERS {
            if let Some(v) = query.filters.get(f.name) {
                req.query.push((f.name.to_string(), v.clone()));
            }
        }
        if let PageRequest::Number { page, size } = query.page {
            req.query.push(("page".into(), page.to_string()));
            req.query.push(("per".into(), size.to_string()));
        }
        req
    }
    fn decode_list(
        &self,
        conn: &Connection,
        _query: &ListQuery,
        resp: &HttpResponse,
    ) -> Result<ListPage, ApiError> {
        let _ = conn;
        let root = success_json(resp, decode_error)?;
        let what = w::WHAT_LIST;
        let Some(Value::Array(items)) = root.get("data") else {
            return Err(ApiError::decode(what, "there is no \"data\" list"));
        };
        let (items, unreadable) = decode_items(items, payment_from_value);
        let p = root.get("pagination");
        let num = |k: &str| p.and_then(|p| p.get(k)).and_then(read::count);
        let page = num("current_page").and_then(|n| u32::try_from(n).ok());
        let info = PageInfo {
            page,
            size: None,
            total_items: num("total_count"),
            total_pages: num("total_pages").and_then(|n| u32::try_from(n).ok()),
            has_next: num("next_page").is_some(),
            has_prev: num("prev_page").is_some(),
            next_cursor: None,
            prev_cursor: None,
        };
        Ok(ListPage {
            items,
            unreadable,
            info,
        })
    }
}

impl Operations for Whop {
    /// Each scope reaches its own list and the payments it opens: `app`
    /// the app's, `company` its list and the app's payments (where the
    /// console opens them), `me` only the `/me/` ones.
    fn reach(&self, conn: &Connection, _method: Method, path: &str, _body: &[u8]) -> Reach {
        let root = match conn.scope.name.as_str() {
            "me" => "me",
            _ => "app",
        };
        match reach::segments(path).as_slice() {
            [s, p] if p == "payments" && *s == conn.scope.name.as_str() => Reach::Inside,
            [s, p, _] if p == "payments" && s == root => Reach::Inside,
            _ => reach::outside(self, conn),
        }
    }
    fn get_request(&self, conn: &Connection, id: &str) -> Option<HttpRequest> {
        let base = match conn.scope.name.as_str() {
            "me" => "/me/payments",
            _ => "/app/payments",
        };
        let path = format!("{base}/{}", percent_encode(id));
        Some(with_bearer(request(conn, Method::Get, &path), conn))
    }
    fn decode_payment(&self, _conn: &Connection, resp: &HttpResponse) -> Result<Payment, ApiError> {
        let root = success_json(resp, decode_error)?;
        payment_from_value(&root).map_err(|e| ApiError::decode(w::WHAT_PAYMENT, e))
    }
}

/// The error of a non-2xx answer; a 429 always says how long to wait.
pub fn decode_error(resp: &HttpResponse) -> ApiError {
    let mut e = error_from_response(resp);
    if e.kind == ErrorKind::RateLimited && e.retry_after_secs.is_none() {
        e.retry_after_secs = Some(RATE_LIMIT_WINDOW_SECS);
    }
    e
}

/// Maps a Whop status to a kind.
pub fn status_kind(raw: &str) -> StatusKind {
    match raw {
        "paid" => StatusKind::Succeeded,
        "pending" | "open" => StatusKind::Pending,
        "draft" => StatusKind::Draft,
        "uncollectible" | "unresolved" => StatusKind::Failed,
        "void" => StatusKind::Cancelled,
        _ => StatusKind::Unknown,
    }
}

/// Reads one payment object; unreadable fields are kept and reported.
pub fn payment_from_value(value: &Value) -> Result<Payment, String> {
    let obj = value.as_object().ok_or("a payment must be a JSON object")?;
    let id = read::text(obj, "id")?.ok_or("the payment has no id")?;
    let mut p = Payment::new(VENDOR, id, obj);
    let problems = &mut p.problems;
    let currency = read::currency(VENDOR, problems, obj, "currency");
    p.amount = read::noted(problems, read::money(obj, "final_amount", currency.clone()));
    for k in ["subtotal", "refunded_amount"] {
        if let Err(e) = read::money(obj, k, currency.clone()) {
            problems.push(e);
        }
    }
    if let Some(raw) = read::noted(problems, read::text(obj, "status")) {
        p.status = PaymentStatus {
            kind: status_kind(&raw),
            raw: vec![raw],
        };
    }
    p.counterparty = read::noted(problems, read::text(obj, "user_id"));
    p.reference = read::noted(problems, read::text(obj, "membership_id"));
    p.created_at = read::noted(
        problems,
        read::moment(obj, "created_at", EpochUnit::Seconds),
    );
    p.occurred_at = read::noted(problems, read::moment(obj, "paid_at", EpochUnit::Seconds));
    for k in [
        "refunded_at",
        "last_payment_attempt",
        "next_payment_attempt",
    ] {
        if let Err(e) = read::moment(obj, k, EpochUnit::Seconds) {
            problems.push(e);
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connection::Credentials;
    use serde_json::json;

    fn conn(scope: Scope) -> Connection {
        Connection {
            id: "whop".into(),
            vendor: VENDOR,
            name: "Whop".into(),
            base_url: "https://api.whop.com/api/v5".into(),
            credentials: Credentials::new("bearer", [("token", "<token>")]),
            scope,
            currency: None,
        }
    }

    fn ok(body: Value) -> HttpResponse {
        HttpResponse {
            status: 200,
            headers: vec![],
            body: body.to_string(),
        }
    }

    /// The document's example answer, verbatim.
    const EXAMPLE: &str = r#"{
"pagination": {"current_page": 123, "total_pages": 123, "next_page": 123, "prev_page": 123, "total_count": 123},
"data": [{"id": "<string>", "membership_id": "<string>", "product_id": "<string>", "user_id": "<string>",
"plan_id": "<string>", "company_id": "<string>", "line_item_id": "<string>", "created_at": 123,
"paid_at": "<string>", "refunded_at": "<string>", "last_payment_attempt": "<string>",
"next_payment_attempt": "<string>", "status": "draft", "subtotal": 123, "final_amount": 123,
"currency": "usd", "refunded_amount": 123, "payments_failed": 123, "checkout_id": "<string>",
"card_brand": "<string>", "card_last_4": "<string>", "funding_method": "<string>", "wallet_type": "apple_pay",
"calculated_statement_descriptor": "<string>", "issuer_identification_number": "<string>",
"billing_usage_ids": ["<string>"], "company_buyer_id": 123}]}"#;

    #[test]
    fn the_documented_example_decodes_with_placeholders_reported() {
        let resp = HttpResponse {
            status: 200,
            headers: vec![],
            body: EXAMPLE.into(),
        };
        let page = Whop
            .decode_list(
                &conn(Scope::named("app", "")),
                &ListQuery::first_page(PAGINATION),
                &resp,
            )
            .unwrap();
        assert_eq!(page.info.page, Some(123));
        assert_eq!(page.info.total_items, Some(123));
        assert!(page.info.has_next && page.info.has_prev);
        let p = &page.items[0];
        assert_eq!(p.id, "<string>");
        assert_eq!(p.amount.as_ref().unwrap().to_string(), "123.00 USD");
        assert_eq!(p.status.kind, StatusKind::Draft);
        assert_eq!(p.created_at.unwrap().exact(), "1970-01-01T00:02:03Z");
        assert_eq!(p.fields.len(), 27);
        assert_eq!(
            p.problems.len(),
            4,
            "the four placeholder times: {:?}",
            p.problems
        );
        assert!(p
            .problems
            .iter()
            .all(|m| m.contains("is not a date or time")));
    }

    #[test]
    fn real_answers_decode_cleanly() {
        let body = json!({"pagination": {"current_page": 1, "total_pages": 3, "next_page": 2, "prev_page": null, "total_count": 25},
            "data": [{"id": "pay_1", "user_id": null, "membership_id": "mem_1", "created_at": 1700000000,
              "paid_at": 1700000100, "refunded_at": null, "status": "paid", "subtotal": 10.5,
              "final_amount": 9.99, "currency": "eur", "refunded_amount": 0, "extra_real_field": true}]});
        let page = Whop
            .decode_list(
                &conn(Scope::named("app", "")),
                &ListQuery::first_page(PAGINATION),
                &ok(body),
            )
            .unwrap();
        assert!(page.info.has_next && !page.info.has_prev);
        let p = &page.items[0];
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.amount.as_ref().unwrap().to_string(), "9.99 EUR");
        assert_eq!(p.occurred_at.unwrap().exact(), "2023-11-14T22:15:00Z");
        assert_eq!(p.counterparty, None);
        assert_eq!(p.field("extra_real_field"), Some(&json!(true)));
    }

    #[test]
    fn the_documented_curl_maps_to_the_request() {
        let r = Whop.list_request(
            &conn(Scope::named("app", "")),
            &ListQuery::first_page(PAGINATION).with_size(10),
        );
        assert_eq!(
            r.url_with_query(),
            "https://api.whop.com/api/v5/app/payments?page=1&per=10"
        );
        assert_eq!(r.header("Authorization"), Some("Bearer <token>"));
        let q = ListQuery::first_page(PAGINATION)
            .with_filter("company_id", "biz_1")
            .with_filter("product_id", "prod_2")
            .with_filter("in_app_payments", "true")
            .with_page(3);
        let r = Whop.list_request(&conn(Scope::named("company", "")), &q);
        assert_eq!(
            r.url_with_query(),
            "https://api.whop.com/api/v5/company/payments?company_id=biz_1&product_id=prod_2&in_app_payments=true&page=3&per=25"
        );
        assert!(Whop
            .list_request(&conn(Scope::named("me", "")), &q)
            .url
            .ends_with("/me/payments"));
    }

    #[test]
    fn one_payment_comes_from_app_or_me() {
        assert_eq!(
            Whop.get_request(&conn(Scope::named("app", "")), "pay_1")
                .unwrap()
                .url,
            "https://api.whop.com/api/v5/app/payments/pay_1"
        );
        assert_eq!(
            Whop.get_request(&conn(Scope::named("company", "")), "pay_1")
                .unwrap()
                .url,
            "https://api.whop.com/api/v5/app/payments/pay_1"
        );
        assert_eq!(
            Whop.get_request(&conn(Scope::named("me", "")), "pay_1")
                .unwrap()
                .url,
            "https://api.whop.com/api/v5/me/payments/pay_1"
        );
    }

    /// Every currency code of Whop's document, as listed there.
    const DOCUMENTED_CURRENCIES: &str = "usd sgd inr aud brl cad dkk eur nok gbp sek chf hkd huf jpy mxn \
        myr pln czk nzd aed eth ape cop ron thb bgn idr dop php try krw twd vnd pkr clp uyu ars zar dzd \
        tnd mad kes kwd jod all xcd amd bsd bhd bob bam khr crc xof egp etb gmd ghs gtq gyd ils jmd mop \
        mga mur mdl mnt nad ngn mkd omr pyg pen qar rwf sar rsd lkr tzs ttd uzs rub";

    #[test]
    fn every_documented_currency_is_known_with_its_digits() {
        let codes: Vec<&str> = DOCUMENTED_CURRENCIES.split_whitespace().collect();
        assert_eq!(codes.len(), 83);
        for code in &codes {
            let c = PROFILE
                .currency(code)
                .unwrap_or_else(|| panic!("{code} is unknown"));
            assert_eq!(c.code(), code.to_uppercase());
        }
        let digits = |c: &str| PROFILE.currency(c).unwrap().minor_units();
        assert_eq!(
            (
                digits("jpy"),
                digits("krw"),
                digits("usd"),
                digits("kwd"),
                digits("bhd")
            ),
            (0, 0, 2, 3, 3)
        );
        let p = payment_from_value(&json!({"id": "p", "currency": "jpy", "final_amount": 1500}))
            .unwrap();
        assert_eq!(p.amount.unwrap().to_string(), "1500 JPY");
    }

    #[test]
    fn no_write_operations() {
        let c = conn(Scope::named("app", ""));
        let caps = Whop.capabilities();
        assert!(caps.create.is_none() && caps.update.is_none() && !caps.delete);
        assert!(Whop.create_request(&c, &serde_json::Map::new()).is_none());
        assert!(Whop
            .update_request(&c, "1", &serde_json::Map::new())
            .is_none());
        assert!(Whop.delete_request(&c, "1").is_none());
    }

    #[test]
    fn rate_limits_wait_the_window() {
        let resp = HttpResponse {
            status: 429,
            headers: vec![],
            body: r#"{"message":"You are being rate limited"}"#.into(),
        };
        let e = Whop
            .decode_list(
                &conn(Scope::named("app", "")),
                &ListQuery::first_page(PAGINATION),
                &resp,
            )
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::RateLimited);
        assert_eq!(e.message.to_string(), "You are being rate limited");
        assert_eq!(e.retry_after_secs, Some(10));
        let resp = HttpResponse {
            status: 429,
            headers: vec![("Retry-After".into(), "3".into())],
            body: String::new(),
        };
        assert_eq!(decode_error(&resp).retry_after_secs, Some(3));
    }

    #[test]
    fn unknown_currencies_and_statuses_are_kept() {
        let v = json!({"id": "pay_2", "currency": "zzz", "final_amount": 5, "status": "disputed"});
        let p = payment_from_value(&v).unwrap();
        let amount = p.amount.unwrap();
        assert!(
            !amount.currency.is_stated(),
            "shown without a currency, not dropped"
        );
        assert_eq!(amount.to_string(), "5");
        assert_eq!(
            p.problems,
            vec!["currency: \"zzz\" is not a known currency"]
        );
        assert_eq!(p.status.kind, StatusKind::Unknown);
        assert_eq!(p.status.text(), "disputed");
        for s in STATUSES {
            assert_ne!(status_kind(s), StatusKind::Unknown, "{s}");
        }
        let p = payment_from_value(&json!({"id": "p", "currency": "eth", "final_amount": 0.0123}))
            .unwrap();
        assert_eq!(p.amount.unwrap().to_string(), "0.01230000 ETH");
    }
}
