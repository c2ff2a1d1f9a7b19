//! BuiltOn payments (`https://api.builton.dev`): payments for orders and
//! subscriptions.
//!
//! Documented: `POST /payments` (pay for `orders` with a `payment_method`),
//! `GET /payments/{id}`, `GET /payments` with `size` (default 10), `page`
//! (from 0), `from_date`/`to_date` (timestamps), `sort` and `status`, and
//! `PUT /payments/{id}` of `active`, `payment_method`, `billing_address` and
//! `payment_date`. Every request sends `X-Builton-Api-Key` and
//! `Authorization: Bearer <token>`.
//!
//! Known beyond the document: lists are bare arrays with the total in
//! `X-Pagination-Total`; `POST /payments` answers an array, one payment per
//! order; ids arrive as `{"$oid": …}`, dates as `{"$date": ms}`, `subject`
//! as `{"_cls", "_ref"}`; currency codes are upper-case; amounts are JSON
//! floats; `current_state` also takes `pending`; refunds add
//! `amount_refunded`.
//!
//! Choices where nothing is documented (each pinned by a test below):
//! - Plain timestamps (filters, `payment_date` sent) are epoch seconds.
//!   The date filters are days of the console's time zone: `from_date` is
//!   the day's first second there, `to_date` its last (23:59:59 there), so
//!   a day is 23 or 25 hours across a daylight-saving change; a bare date
//!   with no zone applied reads as a UTC day.
//! - `sort` takes a field name, `-` first for descending: the console
//!   offers newest/oldest (`created`) and largest/smallest (`amount`).
//! - At most 100 per page.
//! - The reference column is `human_id`; the counterparty is the user's id.
//! - State kinds: `succeeded`/`captured` succeeded; `created`,
//!   `processing`, `reserved`, `pending`, `on_retry`, `pending_refund`
//!   pending; `failed`/`refund_failed` failed; `cancelled`;
//!   `refunded`/`partial_refund` refunded.
//! - `billing_address` is an object in the payment, so it is edited part
//!   by part and sent as an object (the update's "string" is read as a
//!   slip of the document): `street_name`, `building`, `city`, `state`,
//!   `zip_code` and `country`, the parts of BuiltOn's address. Changing
//!   one part sends them all, so the vendor never gets half an address;
//!   a string, or a part outside these, is refused with a message.
//! - `current_state` is open: the filter suggests the documented states
//!   and `pending` but takes any word, since the service sends states
//!   beyond its list.
//! - BuiltOn documents no delete: a payment is deactivated with `active`.
//! - No write carries an amount (a payment's amount is its orders'), so
//!   approval rules on amounts cannot judge a create by it and hold it.

use serde_json::{Map, Number, Value};

use super::spec::{
    FieldDisplay,
    ShownAs::{self, Data, Flag, Status, Text, Time},
};
use super::Operations;
use super::{
    decode_all, decode_items, error_from_response, read, request, success_json, validate_fields,
    with_json, Capabilities, FieldKind, FieldSpec, FilterSpec, ListSpec, Vendor,
};
use super::{Columns, CredentialField, CredentialScheme, Endpoint, Profile, Retrieve, ScopeSpec};
use crate::connection::Connection;
use crate::error::ApiError;
use crate::http::{percent_encode, HttpRequest, HttpResponse, Method};
use crate::keys::{word as w, Key};
use crate::message::ModelMessage;
use crate::payment::{Payment, PaymentStatus, StatusKind};
use crate::query::{ListPage, ListQuery, PageInfo, PageRequest, Pagination};
use crate::time::EpochUnit::{Millis, Seconds};
use crate::time::{self, EpochUnit, Moment};
use crate::validate::{self, FieldErrors};

/// The payment states BuiltOn uses.
pub const STATES: &[&str] = &[
    "created",
    "processing",
    "captured",
    "succeeded",
    "failed",
    "cancelled",
    "reserved",
    "refunded",
    "partial_refund",
    "pending_refund",
    "refund_failed",
    "on_retry",
    "pending",
];

const PAGINATION: Pagination = Pagination::ZeroBasedPageSize {
    default_size: 10,
    max_size: 100,
};

const FILTERS: &[FilterSpec] = &[
    FilterSpec::new("status", w::STATUS, FieldKind::Suggest(STATES)),
    FilterSpec::new("from_date", w::FROM_DATE, FieldKind::Day),
    FilterSpec::new("to_date", w::TO_DATE, FieldKind::Day),
];

const SORTS: &[(&str, Key)] = &[
    ("-created", w::NEWEST_FIRST),
    ("created", w::OLDEST_FIRST),
    ("-amount", w::LARGEST_AMOUNT_FIRST),
    ("amount", w::SMALLEST_AMOUNT_FIRST),
];

const CREATE_SPEC: &[FieldSpec] = &[
    FieldSpec::required("orders", w::ORDER_IDS, FieldKind::TextList(&[])),
    FieldSpec::required("payment_method", w::PAYMENT_METHOD_ID, FieldKind::Text),
];

const UPDATE_SPEC: &[FieldSpec] = &[
    FieldSpec::optional("active", w::ACTIVE, FieldKind::Bool),
    FieldSpec::optional("payment_method", w::PAYMENT_METHOD_ID, FieldKind::Text),
    FieldSpec::optional("billing_address.street_name", w::STREET, FieldKind::Text),
    FieldSpec::optional("billing_address.building", w::BUILDING, FieldKind::Text),
    FieldSpec::optional("billing_address.city", w::CITY, FieldKind::Text),
    FieldSpec::optional("billing_address.state", w::STATE_OR_REGION, FieldKind::Text),
    FieldSpec::optional("billing_address.zip_code", w::POSTAL_CODE, FieldKind::Text),
    FieldSpec::optional("billing_address.country", w::COUNTRY, FieldKind::Text),
    FieldSpec::optional("payment_date", w::PAYMENT_DATE, FieldKind::DateTime),
];

/// BuiltOn, as the registry lists it.
pub const VENDOR: &dyn Vendor = &BuiltOn;

/// Everything BuiltOn declares.
const PROFILE: Profile = Profile {
    slug: "builton",
    name: "BuiltOn",
    list: ListSpec {
        pagination: PAGINATION,
        filters: FILTERS,
        sorts: SORTS,
        ranges: &[("from_date", "to_date", w::DATES)],
    },
    capabilities: Capabilities {
        retrieve: true,
        create: Some(CREATE_SPEC),
        update: Some(UPDATE_SPEC),
        delete: false,
        change_status: None,
        limits: w::LIMITS_BUILTON,
    },
    fields: &[
        FieldDisplay::new("_id", w::ID, Data),
        FieldDisplay::new("id", w::ID, Text),
        FieldDisplay::new("human_id", w::HUMAN_ID, Text),
        FieldDisplay::new("amount", w::AMOUNT, ShownAs::Money),
        FieldDisplay::new("amount_paid", w::AMOUNT_PAID, ShownAs::Money),
        FieldDisplay::new("amount_reserved", w::AMOUNT_RESERVED, ShownAs::Money),
        FieldDisplay::new("amount_refunded", w::AMOUNT_REFUNDED, ShownAs::Money),
        FieldDisplay::new("currency", w::CURRENCY, Text),
        FieldDisplay::new("current_state", w::STATE, Status),
        FieldDisplay::new("active", w::ACTIVE, Flag),
        FieldDisplay::new("user", w::USER, Data),
        FieldDisplay::new("subject", w::SUBJECT, Data),
        FieldDisplay::new("payment_date", w::PAYMENT_DATE, Time(Seconds)),
        FieldDisplay::new("payment_method", w::PAYMENT_METHOD, Text),
        FieldDisplay::new("billing_address", w::BILLING_ADDRESS, Data),
        FieldDisplay::new("description", w::DESCRIPTION, Text),
        FieldDisplay::new("metadata", w::METADATA, Data),
        FieldDisplay::new("status_code", w::STATUS_CODE, Text),
        FieldDisplay::new("error_message", w::ERROR_MESSAGE, Text),
        FieldDisplay::new("created", w::CREATED, Time(Millis)),
        FieldDisplay::new("_created", w::CREATED, Time(Millis)),
        FieldDisplay::new("modified", w::MODIFIED, Time(Millis)),
        FieldDisplay::new("_modified", w::MODIFIED, Time(Millis)),
    ],
    columns: Columns {
        counterparty: w::USER,
        date: w::PAYMENT_DATE,
        reference: w::HUMAN_ID,
    },
    scopes: &[ScopeSpec::plain("all", w::ALL_PAYMENTS)],
    credentials: CredentialScheme {
        name: "api_key_and_bearer",
        fields: &[
            CredentialField::secret("api_key", w::API_KEY),
            CredentialField::secret("token", w::TOKEN),
        ],
        token_field: "token",
        anonymous_without: None,
    },
    connection_currency: None,
    currencies: &[],
    client_reference: None,
    endpoints: &[
        Endpoint::new(Method::Get, "/payments"),
        Endpoint::new(Method::Get, "/payments/{}"),
        Endpoint::new(Method::Post, "/payments"),
        Endpoint::new(Method::Put, "/payments/{}"),
    ],
};

/// BuiltOn, as a [`Vendor`].
pub struct BuiltOn;

fn authorized(conn: &Connection, method: Method, path: &str) -> HttpRequest {
    BuiltOn.sign(conn, request(conn, method, path))
}

fn item_path(id: &str) -> String {
    format!("/payments/{}", percent_encode(id))
}

/// The order ids a create's values name (a list, or comma-separated text).
fn order_ids(sent: &Map<String, Value>) -> Vec<String> {
    match sent.get("orders") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|s| s.trim().to_string())
            .collect(),
        Some(Value::String(text)) => text
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// Epoch seconds of a date filter: its start, or for `to_date` its end.
fn day_bound(value: &str, end_of_day: bool) -> Option<i64> {
    match time::parse_text(value).ok().flatten()? {
        m @ Moment::Day(_) => Some(m.epoch_seconds() + if end_of_day { 86_399 } else { 0 }),
        m @ Moment::At(_) => Some(m.epoch_seconds()),
    }
}

impl Vendor for BuiltOn {
    fn profile(&self) -> &'static Profile {
        &PROFILE
    }
    /// `X-Builton-Api-Key` and `Authorization: Bearer`, each where given.
    fn sign(&self, conn: &Connection, mut req: HttpRequest) -> HttpRequest {
        let (api_key, token) = (
            conn.credentials.get("api_key"),
            conn.credentials.get("token"),
        );
        if !api_key.is_empty() {
            req.headers
                .push(("X-Builton-Api-Key".into(), api_key.to_string()));
        }
        if !token.is_empty() {
            req.headers
                .push(("Authorization".into(), format!("Bearer {token}")));
        }
        req
    }
    fn list_request(&self, conn: &Connection, query: &ListQuery) -> HttpRequest {
        let mut req = authorized(conn, Method::Get, "/payments");
        if let PageRequest::Number { page, size } = query.page {
            req.query.push(("size".into(), size.to_string()));
            req.query
                .push(("page".into(), page.saturating_sub(1).to_string()));
        }
        for (name, end) in [("from_date", false), ("to_date", true)] {
            if let Some(secs) = query.filters.get(name).and_then(|v| day_bound(v, end)) {
                req.query.push((name.into(), secs.to_string()));
            }
        }
        if let Some(s) = &query.sort {
            req.query.push(("sort".into(), s.clone()));
        }
        if let Some(s) = query.filters.get("status") {
            req.query.push(("status".into(), s.clone()));
        }
        req
    }
    fn decode_list(
        &self,
        conn: &Connection,
        query: &ListQuery,
        resp: &HttpResponse,
    ) -> Result<ListPage, ApiError> {
        let root = success_json(resp, error_from_response)?;
        let Value::Array(items) = &root else {
            return Err(ApiError::decode(w::WHAT_LIST, "it is not a list"));
        };
        let (items, unreadable) = decode_items(items, |v| payment_from_value(conn, v));
        let (page, size) = match query.page {
            PageRequest::Number { page, size } => (page, size.max(1)),
            _ => (1, 10),
        };
        let total = resp
            .header("x-pagination-total")
            .and_then(|t| t.trim().parse::<u64>().ok());
        let sent = (items.len() + unreadable.len()) as u64;
        let seen = u64::from(page - 1) * u64::from(size) + sent;
        let info = PageInfo {
            page: Some(page),
            size: Some(size),
            total_items: total,
            total_pages: total
                .map(|t| u32::try_from(t.div_ceil(u64::from(size))).unwrap_or(u32::MAX)),
            has_next: match total {
                Some(t) => seen < t,
                None => sent >= u64::from(size),
            },
            has_prev: page > 1,
            ..PageInfo::default()
        };
        Ok(ListPage {
            items,
            unreadable,
            info,
        })
    }
}

impl Operations for BuiltOn {
    /// All payments asks for the newest first (`-created`) and passes its
    /// date range as `from_date`/`to_date`.
    fn workspace_filters(
        &self,
        query: &crate::query::workspace::WorkspaceQuery,
        list: &mut ListQuery,
    ) -> Vec<&'static str> {
        list.sort = Some("-created".into());
        query.dates_as(list, "from_date", "to_date")
    }
    /// BuiltOn keeps no reference of the client's, but an order is paid
    /// once: a lost create is found among the newest payments as the one
    /// whose subject is one of the orders it paid.
    fn find_created(&self, _conn: &Connection, sent: &Map<String, Value>) -> Retrieve {
        if order_ids(sent).is_empty() {
            return Retrieve::NotFound;
        }
        let mut query = ListQuery::first_page(PAGINATION);
        query.sort = Some("-created".into());
        Retrieve::FromList(query)
    }
    fn made_by(&self, payment: &Payment, sent: &Map<String, Value>) -> bool {
        let subject = payment.field("subject").map(|s| &s["_ref"]);
        let id = subject.and_then(|r| r.as_str().or_else(|| r["$oid"].as_str()));
        id.is_some_and(|id| order_ids(sent).iter().any(|o| o == id))
    }
    fn get_request(&self, conn: &Connection, id: &str) -> Option<HttpRequest> {
        Some(authorized(conn, Method::Get, &item_path(id)))
    }
    fn decode_payment(&self, conn: &Connection, resp: &HttpResponse) -> Result<Payment, ApiError> {
        let root = success_json(resp, error_from_response)?;
        payment_from_value(conn, &root).map_err(|e| ApiError::decode(w::WHAT_PAYMENT, e))
    }
    fn create_request(
        &self,
        conn: &Connection,
        values: &Map<String, Value>,
    ) -> Option<Result<HttpRequest, FieldErrors>> {
        Some(validate_write(values, CREATE_SPEC).map(|body| {
            with_json(
                authorized(conn, Method::Post, "/payments"),
                &Value::Object(body),
            )
        }))
    }
    fn update_request(
        &self,
        conn: &Connection,
        id: &str,
        values: &Map<String, Value>,
    ) -> Option<Result<HttpRequest, FieldErrors>> {
        Some(validate_write(values, UPDATE_SPEC).map(|body| {
            with_json(
                authorized(conn, Method::Put, &item_path(id)),
                &Value::Object(body),
            )
        }))
    }
    fn decode_written(
        &self,
        conn: &Connection,
        resp: &HttpResponse,
    ) -> Result<Vec<Payment>, ApiError> {
        match success_json(resp, error_from_response)? {
            Value::Array(items) => {
                decode_all(&items, w::WHAT_LIST, |v| payment_from_value(conn, v))
            }
            one => payment_from_value(conn, &one)
                .map(|p| vec![p])
                .map_err(|e| ApiError::decode(w::WHAT_PAYMENT, e)),
        }
    }
}

/// The object field whose parts the form edits one by one.
const ADDRESS: &str = "billing_address";

/// Validates the fields of `spec` into the JSON body: order ids as a list
/// (at least one), `active` as a boolean, `payment_date` as epoch seconds,
/// the billing address as an object. Values come from a form (the
/// address's parts as `billing_address.city`) or from the wire (an
/// object under `billing_address`).
pub fn validate_write(
    values: &Map<String, Value>,
    spec: &[FieldSpec],
) -> Result<Map<String, Value>, FieldErrors> {
    let mut flat = values.clone();
    match flat.remove(ADDRESS) {
        Some(Value::Object(parts)) => {
            for (k, v) in parts {
                flat.insert(format!("{ADDRESS}.{k}"), v);
            }
        }
        None | Some(Value::Null) => {}
        Some(other) => {
            let mut errs = FieldErrors::default();
            errs.check::<()>(
                ADDRESS,
                Err(ModelMessage::NotParts {
                    label: w::BILLING_ADDRESS,
                    kind: crate::json::kind(&other).to_string(),
                }),
            );
            return Err(errs);
        }
    }
    let mut body = checked_fields(&flat, spec)?;
    let prefix = format!("{ADDRESS}.");
    let parts: Vec<String> = body
        .keys()
        .filter(|k| k.starts_with(&prefix))
        .cloned()
        .collect();
    if !parts.is_empty() {
        let mut address = Map::new();
        for k in parts {
            if let Some(v) = body.remove(&k) {
                address.insert(k[prefix.len()..].to_string(), v);
            }
        }
        body.insert(ADDRESS.into(), Value::Object(address));
    }
    Ok(body)
}

fn checked_fields(
    values: &Map<String, Value>,
    spec: &[FieldSpec],
) -> Result<Map<String, Value>, FieldErrors> {
    validate_fields(values, spec, |f, raw, text| match f.kind {
        FieldKind::TextList(_) => {
            let ids = crate::json::split_list(&text);
            if ids.is_empty() {
                Err(ModelMessage::NeedsAnId { label: f.label })
            } else {
                Ok(Value::Array(ids.into_iter().map(Value::String).collect()))
            }
        }
        FieldKind::Bool => validate::one_of(f.label, &text, &["true", "false"])
            .map(|_| Value::Bool(text == "true")),
        // The wire sends epoch seconds; a form sends a date or time.
        FieldKind::DateTime => match raw.as_i64() {
            Some(secs) => Ok(Value::Number(Number::from(secs))),
            None => validate::timestamp(f.label, &text)
                .map(|m| Value::Number(Number::from(m.epoch_seconds()))),
        },
        _ => validate::max_length(f.label, &text, 500).map(|_| Value::String(text)),
    })
}

/// Maps a `current_state` to a kind.
pub fn status_kind(raw: &str) -> StatusKind {
    match raw {
        "succeeded" | "captured" => StatusKind::Succeeded,
        "created" | "processing" | "reserved" | "pending" | "on_retry" | "pending_refund" => {
            StatusKind::Pending
        }
        "failed" | "refund_failed" => StatusKind::Failed,
        "cancelled" => StatusKind::Cancelled,
        "refunded" | "partial_refund" => StatusKind::Refunded,
        _ => StatusKind::Unknown,
    }
}

/// An id as text from `"…"`, `{"$oid": "…"}` or an object with one of those
/// under `_id`/`id`.
fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => o
            .get("$oid")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| o.get("_id").and_then(id_text))
            .or_else(|| o.get("id").and_then(id_text)),
        _ => None,
    }
}

/// Reads one payment object; unreadable fields are kept and reported.
pub fn payment_from_value(conn: &Connection, value: &Value) -> Result<Payment, String> {
    let _ = conn;
    let obj = value.as_object().ok_or("a payment must be a JSON object")?;
    let id = obj
        .get("_id")
        .or_else(|| obj.get("id"))
        .and_then(id_text)
        .ok_or("the payment has no id")?;
    let mut p = Payment::new(VENDOR, id, obj);
    let problems = &mut p.problems;
    let currency = read::currency(VENDOR, problems, obj, "currency");
    p.amount = read::noted(problems, read::money(obj, "amount", currency.clone()));
    for k in ["amount_paid", "amount_reserved", "amount_refunded"] {
        if let Err(e) = read::money(obj, k, currency.clone()) {
            problems.push(e);
        }
    }
    if let Some(raw) = read::noted(problems, read::text(obj, "current_state")) {
        p.status = PaymentStatus {
            kind: status_kind(&raw),
            raw: vec![raw],
        };
    }
    p.reference = read::noted(problems, read::text(obj, "human_id"));
    p.counterparty = obj.get("user").and_then(id_text);
    p.occurred_at = read::noted(
        problems,
        read::moment(obj, "payment_date", EpochUnit::Seconds),
    );
    let first = |names: [&'static str; 2]| names.into_iter().find(|n| obj.contains_key(*n));
    if let Some(k) = first(["created", "_created"]) {
        p.created_at = read::noted(problems, read::moment(obj, k, EpochUnit::Millis));
    }
    if let Some(k) = first(["modified", "_modified"]) {
        p.updated_at = read::noted(problems, read::moment(obj, k, EpochUnit::Millis));
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_write_carries_an_amount() {
        let c = conn();
        let body = json!({"orders": ["o1"], "payment_method": "pm", "amount": 5});
        assert_eq!(BuiltOn.sent_amount(&c, &body), None);
    }
    use crate::connection::{Credentials, Scope};
    use crate::error::ErrorKind;
    use rust_decimal::Decimal;
    use serde_json::json;

    fn conn() -> Connection {
        Connection {
            id: "bo".into(),
            vendor: VENDOR,
            name: "BuiltOn".into(),
            base_url: "https://api.builton.dev".into(),
            credentials: Credentials::new(
                "api_key_and_bearer",
                [("api_key", "key-1"), ("token", "jwt-1")],
            ),
            scope: Scope::all(),
            currency: None,
        }
    }

    fn resp(status: u16, headers: &[(&str, &str)], body: Value) -> HttpResponse {
        HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.to_string(),
        }
    }

    fn real_payment() -> Value {
        json!({
            "_id": {"$oid": "5c1a6c6e4f1f3b0001a1b2c3"}, "user": {"$oid": "5c1a00000000000000000001"},
            "amount": 96.6, "amount_paid": 96.6, "amount_reserved": 0.0, "currency": "EUR",
            "human_id": "PK7X2Q", "subject": {"_cls": "Order", "_ref": "5c1a6c6e4f1f3b0001a1b2aa"},
            "current_state": "succeeded", "active": true, "payment_date": {"$date": 1700000000000i64},
            "payment_method": "pm_1", "billing_address": null, "description": null,
            "metadata": {"note": "x"}, "status_code": null, "error_message": null,
            "created": {"$date": 1699990000000i64}, "modified": {"$date": 1700000000123i64}
        })
    }

    #[test]
    fn real_shapes_decode_exactly() {
        let p = payment_from_value(&conn(), &real_payment()).unwrap();
        assert_eq!(p.id, "5c1a6c6e4f1f3b0001a1b2c3");
        assert_eq!(p.amount.as_ref().unwrap().amount, Decimal::new(9660, 2));
        assert_eq!(p.amount.as_ref().unwrap().to_string(), "96.60 EUR");
        assert_eq!(p.counterparty.as_deref(), Some("5c1a00000000000000000001"));
        assert_eq!(p.reference.as_deref(), Some("PK7X2Q"));
        assert_eq!(p.status.kind, StatusKind::Succeeded);
        assert_eq!(p.occurred_at.unwrap().exact(), "2023-11-14T22:13:20Z");
        assert_eq!(p.updated_at.unwrap().exact(), "2023-11-14T22:13:20.123Z");
        assert!(p.problems.is_empty(), "{:?}", p.problems);
    }

    #[test]
    fn documented_attributes_with_plain_values_decode() {
        let v = json!({"id": "pay1", "amount": 10.23, "currency": "USD", "human_id": "ABC123",
            "subject": "order1", "current_state": "pending", "active": true, "payment_date": 1700000000,
            "amount_refunded": 1.1});
        let p = payment_from_value(&conn(), &v).unwrap();
        assert_eq!(p.amount.unwrap().to_string(), "10.23 USD");
        assert_eq!(p.status.kind, StatusKind::Pending);
        assert_eq!(p.occurred_at.unwrap().epoch_seconds(), 1_700_000_000);
        assert!(p.problems.is_empty());
        for s in STATES {
            assert_ne!(status_kind(s), StatusKind::Unknown, "{s}");
        }
    }

    #[test]
    fn lists_are_arrays_with_a_total_header_and_zero_based_pages() {
        let q = ListQuery::first_page(PAGINATION).with_size(10).with_page(2);
        let r = BuiltOn.list_request(&conn(), &q);
        assert_eq!(
            r.url_with_query(),
            "https://api.builton.dev/payments?size=10&page=1"
        );
        assert_eq!(r.header("X-Builton-Api-Key"), Some("key-1"));
        assert_eq!(r.header("Authorization"), Some("Bearer jwt-1"));
        let answer = resp(
            200,
            &[("X-Pagination-Total", "25")],
            json!([real_payment(), real_payment()]),
        );
        let page = BuiltOn.decode_list(&conn(), &q, &answer).unwrap();
        assert_eq!(page.info.total_items, Some(25));
        assert_eq!(page.info.total_pages, Some(3));
        assert!(page.info.has_next && page.info.has_prev);
        let five = resp(
            200,
            &[("X-Pagination-Total", "25")],
            Value::Array(vec![real_payment(); 5]),
        );
        let last = BuiltOn
            .decode_list(&conn(), &q.with_page(3), &five)
            .unwrap();
        assert!(!last.info.has_next && last.info.has_prev);
        assert!(BuiltOn
            .decode_list(&conn(), &q, &resp(200, &[], json!({"items": []})))
            .is_err());
    }

    #[test]
    fn dates_sort_and_status_reach_the_query() {
        let mut q = ListQuery::first_page(PAGINATION)
            .with_filter("from_date", "2023-11-14")
            .with_filter("to_date", "2023-11-14")
            .with_filter("status", "refunded");
        q.sort = Some("-created".into());
        let r = BuiltOn.list_request(&conn(), &q);
        assert_eq!(
            r.url_with_query(),
            "https://api.builton.dev/payments?size=25&page=0&from_date=1699920000&to_date=1700006399&sort=-created&status=refunded"
        );
        // In a zone five hours behind UTC the day starts and ends five
        // hours later.
        let zone = crate::zone::Fixed {
            name: "America/New_York".into(),
            offset: -5 * 3600,
        };
        let r = BuiltOn.list_request(&conn(), &PROFILE.list.in_zone(&q, &zone));
        assert_eq!(
            r.url_with_query(),
            "https://api.builton.dev/payments?size=25&page=0&from_date=1699938000&to_date=1700024399&sort=-created&status=refunded"
        );
    }

    #[test]
    fn a_lost_payment_is_the_newest_one_for_its_orders() {
        let sent = json!({"orders": "ord_1, 5c1a", "payment_method": "pm_1"});
        let sent = sent.as_object().unwrap();
        match BuiltOn.find_created(&conn(), sent) {
            Retrieve::FromList(q) => assert_eq!(q.sort.as_deref(), Some("-created")),
            other => panic!("{other:?}"),
        }
        let mine = payment_from_value(
            &conn(),
            &json!({"_id": {"$oid": "p1"}, "subject": {"_cls": "Order", "_ref": {"$oid": "5c1a"}}}),
        )
        .unwrap();
        let other = payment_from_value(
            &conn(),
            &json!({"_id": {"$oid": "p2"}, "subject": {"_cls": "Order", "_ref": "ord_9"}}),
        )
        .unwrap();
        assert!(BuiltOn.made_by(&mine, sent));
        assert!(!BuiltOn.made_by(&other, sent));
        assert!(matches!(
            BuiltOn.find_created(&conn(), json!({}).as_object().unwrap()),
            Retrieve::NotFound
        ));
    }

    #[test]
    fn paying_for_orders_answers_one_payment_per_order() {
        let values = json!({"orders": "ord_1, ord_2", "payment_method": "pm_1"});
        let r = BuiltOn
            .create_request(&conn(), values.as_object().unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(
            (r.method, r.url.as_str()),
            (Method::Post, "https://api.builton.dev/payments")
        );
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"orders":["ord_1","ord_2"],"payment_method":"pm_1"}"#)
        );
        let answer = resp(200, &[], json!([real_payment(), real_payment()]));
        assert_eq!(BuiltOn.decode_written(&conn(), &answer).unwrap().len(), 2);
        let errs = BuiltOn
            .create_request(&conn(), json!({"orders": " , "}).as_object().unwrap())
            .unwrap()
            .unwrap_err();
        assert_eq!(
            errs.english("orders").as_deref(),
            Some("Order IDs needs at least one ID.")
        );
        assert_eq!(
            errs.english("payment_method").as_deref(),
            Some("Payment method ID is required.")
        );
    }

    #[test]
    fn updates_send_only_the_editable_fields() {
        let wire = json!({"active": true, "payment_date": 1700000000});
        let r = BuiltOn
            .update_request(&conn(), "abc", wire.as_object().unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"active":true,"payment_date":1700000000}"#)
        );
        let values = json!({"active": "false", "payment_date": "2023-11-14T22:13:20Z"});
        let r = BuiltOn
            .update_request(&conn(), "abc", values.as_object().unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(
            (r.method, r.url.as_str()),
            (Method::Put, "https://api.builton.dev/payments/abc")
        );
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"active":false,"payment_date":1700000000}"#)
        );
        let errs = BuiltOn
            .update_request(&conn(), "abc", json!({"amount": "5"}).as_object().unwrap())
            .unwrap()
            .unwrap_err();
        assert_eq!(
            errs.english("amount").as_deref(),
            Some("amount cannot be set here.")
        );
        assert!(BuiltOn.delete_request(&conn(), "abc").is_none());
    }

    #[test]
    fn errors_carry_the_message() {
        let e = BuiltOn
            .decode_payment(
                &conn(),
                &resp(404, &[], json!({"message": "Payment not found"})),
            )
            .unwrap_err();
        assert_eq!(
            (e.kind, e.message.to_string().as_str()),
            (ErrorKind::NotFound, "Payment not found")
        );
    }
}
