//! ReviewRover (`/api/v1/payments`): payments that trigger review-request
//! campaigns.
//!
//! Documented: bearer auth; `GET /payments` with `status`, `page` (from 1)
//! and `limit` (1–100, default 25), answering `{"payments": […],
//! "pagination": {page, limit, total, total_pages}}`; `GET /payments/:id`
//! by numeric id or `external_id`; `POST`, `PUT` and `DELETE`.
//!
//! Choices where the document is silent (each pinned by a test below):
//! - `amount` arrives as a decimal string (`"75.00"`) and is also accepted
//!   as a JSON number; requests send it as a string so no float is involved.
//! - Payments carry no currency: the connection's currency applies (US
//!   dollars unless set).
//! - A missing `tags` array is an empty list.
//! - Error bodies are read as `{"error": "…"}` (or any shape
//!   [`super::error_message`] knows), with field messages Rails-style in
//!   `"errors": {"field": ["…"]}`; the sandbox answers that way.
//! - Lists are newest first (highest id first).
//! - Create answers 201 with the payment; delete answers 204.
//! - Status words map to kinds: `completed`/`paid`/`succeeded` are
//!   succeeded; `pending`, `refunded`, `failed` and `cancelled`/`canceled`
//!   map to their own kind; anything else is kept and shown as "Other".
//! - Status is open: the document gives its values "e.g.", so filters
//!   and forms take any word (up to 50 characters) and suggest the three
//!   it names; a payment's unknown status is kept and shown as written.
//! - Ids in paths are percent-encoded, so an `external_id` with a slash or
//!   space still names one payment.
//! - The amount a write carries (for approval rules) is its `amount`, in
//!   the connection's currency (US dollars unless one was confirmed).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::spec::{
    FieldDisplay,
    ShownAs::{self, Data, Status, Text, Time},
};
use super::Operations;
use super::{
    decode_items, error_from_response, field_errors_from, read, request, success_json,
    validate_fields, with_bearer, with_json, Capabilities, FieldKind, FieldSpec, FilterSpec,
    ListSpec, Vendor,
};
use super::{Columns, Endpoint, Profile, Retrieve, ScopeSpec, BEARER};
use crate::connection::Connection;
use crate::error::ApiError;
use crate::http::{percent_encode, HttpRequest, HttpResponse, Method};
use crate::keys::word as w;
use crate::message::{Arg, ModelMessage};
use crate::money::{Currency, Money};
use crate::payment::{Payment, PaymentStatus, StatusKind};
use crate::query::{ListPage, ListQuery, PageInfo, PageRequest, Pagination};
use crate::time::EpochUnit::Seconds;
use crate::time::{EpochUnit, Moment};
use crate::validate::{self, FieldErrors};

/// The status words ReviewRover's document names, "e.g.": suggestions,
/// not a closed list.
pub const STATUSES: &[&str] = &["completed", "pending", "refunded"];

const PAGINATION: Pagination = Pagination::PageLimit {
    default_size: 25,
    max_size: 100,
};

const FILTERS: &[FilterSpec] = &[FilterSpec::new(
    "status",
    w::STATUS,
    FieldKind::Suggest(STATUSES),
)];

const CREATE_SPEC: &[FieldSpec] = &[
    FieldSpec::required("contact_id", w::CONTACT_ID, FieldKind::Text),
    FieldSpec::optional("external_id", w::EXTERNAL_ID, FieldKind::Text),
    FieldSpec::optional("amount", w::AMOUNT, FieldKind::Amount),
    FieldSpec::optional("status", w::STATUS, FieldKind::Suggest(STATUSES)),
    FieldSpec::optional("event_date", w::EVENT_DATE, FieldKind::DateTime),
    FieldSpec::optional("tags", w::TAGS, FieldKind::TextList(&[])),
];

const UPDATE_SPEC: &[FieldSpec] = &[
    FieldSpec::optional("status", w::STATUS, FieldKind::Suggest(STATUSES)),
    FieldSpec::optional("amount", w::AMOUNT, FieldKind::Amount),
    FieldSpec::optional("event_date", w::EVENT_DATE, FieldKind::DateTime),
];

/// A payment as ReviewRover sends it (used by the sandbox to answer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WirePayment {
    pub id: i64,
    pub external_id: Option<String>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub amount: Option<Decimal>,
    pub status: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub contact_id: String,
    pub event_date: String,
    pub created_at: String,
    pub updated_at: String,
}

/// The `pagination` object of a list answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WirePagination {
    pub page: u32,
    pub limit: u32,
    pub total: u64,
    pub total_pages: u32,
}

/// A list answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WireList {
    pub payments: Vec<WirePayment>,
    pub pagination: WirePagination,
}

/// An error answer: a sentence, and for invalid input the messages per
/// field, Rails-style (`{"error": "…", "errors": {"amount": ["…"]}}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireError {
    pub error: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub errors: BTreeMap<String, Vec<String>>,
}

/// The error for a non-2xx answer, with field messages where sent.
pub fn decode_error(resp: &HttpResponse) -> ApiError {
    let mut e = error_from_response(resp);
    if let Ok(body) = serde_json::from_str::<Value>(&resp.body) {
        e.fields = field_errors_from(&body["errors"]);
    }
    e
}

/// A validated create or update: only the fields that were given.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    pub contact_id: Option<String>,
    pub external_id: Option<String>,
    pub amount: Option<Decimal>,
    pub status: Option<String>,
    pub event_date: Option<Moment>,
    pub tags: Option<Vec<String>>,
}

/// Validates the fields of a create (`creating`) or update body with the
/// shared field loop over [`CREATE_SPEC`] or [`UPDATE_SPEC`]. Values may be
/// JSON strings or numbers (amounts), and `tags` a list or one
/// comma-separated string; fields not writable in that operation are
/// rejected by name ("cannot be changed here" on an update), so nothing is
/// silently dropped.
pub fn validate_write(
    values: &Map<String, Value>,
    creating: bool,
    currency: &Currency,
) -> Result<Draft, FieldErrors> {
    let spec = if creating { CREATE_SPEC } else { UPDATE_SPEC };
    let mut d = Draft::default();
    let checked = validate_fields(values, spec, |f, _, text| {
        match f.name {
            "amount" => d.amount = Some(validate::amount(f.label, &text, currency)?),
            "event_date" => d.event_date = Some(validate::timestamp(f.label, &text)?),
            "tags" => d.tags = Some(crate::json::split_list(&text)),
            name => {
                let max = if name == "status" { 50 } else { 255 };
                validate::max_length(f.label, &text, max)?;
                match name {
                    "contact_id" => d.contact_id = Some(text),
                    "external_id" => d.external_id = Some(text),
                    _ => d.status = Some(text),
                }
            }
        }
        Ok(Value::Null)
    });
    match checked {
        Ok(_) => Ok(d),
        Err(mut errs) if !creating => {
            for e in &mut errs.0 {
                if e.message.key() == Some(crate::keys::msg::NOT_SETTABLE) {
                    if let Some(Arg::Text(name)) = e.message.arg("name") {
                        e.message = ModelMessage::NotChangeable { name: name.clone() }.into();
                    }
                }
            }
            Err(errs)
        }
        Err(errs) => Err(errs),
    }
}

/// ReviewRover, as the registry lists it.
pub const VENDOR: &dyn Vendor = &ReviewRover;

/// Everything ReviewRover declares.
const PROFILE: Profile = Profile {
    slug: "reviewrover",
    name: "ReviewRover",
    list: ListSpec {
        pagination: PAGINATION,
        filters: FILTERS,
        sorts: &[],
        ranges: &[],
    },
    capabilities: Capabilities {
        retrieve: true,
        create: Some(CREATE_SPEC),
        update: Some(UPDATE_SPEC),
        delete: true,
        change_status: None,
        limits: w::LIMITS_REVIEWROVER,
    },
    fields: &[
        FieldDisplay::new("id", w::ID, Text),
        FieldDisplay::new("external_id", w::EXTERNAL_ID, Text),
        FieldDisplay::new("amount", w::AMOUNT, ShownAs::Money),
        FieldDisplay::new("status", w::STATUS, Status),
        FieldDisplay::new("tags", w::TAGS, Data),
        FieldDisplay::new("contact_id", w::CONTACT_ID, Text),
        FieldDisplay::new("event_date", w::EVENT_DATE, Time(Seconds)),
        FieldDisplay::new("created_at", w::CREATED, Time(Seconds)),
        FieldDisplay::new("updated_at", w::UPDATED, Time(Seconds)),
    ],
    columns: Columns {
        counterparty: w::CONTACT,
        date: w::EVENT_DATE,
        reference: w::EXTERNAL_ID,
    },
    scopes: &[ScopeSpec::plain("all", w::ALL_PAYMENTS)],
    credentials: BEARER,
    connection_currency: Some(w::HINT_CURRENCY_REVIEWROVER),
    currencies: &[],
    client_reference: Some("external_id"),
    endpoints: &[
        Endpoint::new(Method::Get, "/payments"),
        Endpoint::new(Method::Get, "/payments/{}"),
        Endpoint::new(Method::Post, "/payments"),
        Endpoint::new(Method::Put, "/payments/{}"),
        Endpoint::new(Method::Delete, "/payments/{}"),
    ],
};

/// ReviewRover, as a [`Vendor`].
pub struct ReviewRover;

impl Vendor for ReviewRover {
    fn profile(&self) -> &'static Profile {
        &PROFILE
    }
    fn list_request(&self, conn: &Connection, query: &ListQuery) -> HttpRequest {
        let mut req = authorized(conn, Method::Get, "/payments");
        if let Some(status) = query.filters.get("status") {
            req.query.push(("status".into(), status.clone()));
        }
        if let PageRequest::Number { page, size } = query.page {
            req.query.push(("page".into(), page.to_string()));
            req.query.push(("limit".into(), size.to_string()));
        }
        req
    }
    fn decode_list(
        &self,
        conn: &Connection,
        _query: &ListQuery,
        resp: &HttpResponse,
    ) -> Result<ListPage, ApiError> {
        let root = success_json(resp, decode_error)?;
        let Some(Value::Array(items)) = root.get("payments") else {
            return Err(ApiError::decode(
                w::WHAT_LIST,
                "there is no \"payments\" list",
            ));
        };
        let (items, unreadable) = decode_items(items, |v| payment_from_value(conn, v));
        let info = page_info(root.get("pagination"));
        Ok(ListPage {
            items,
            unreadable,
            info,
        })
    }
}

impl Operations for ReviewRover {
    /// All payments' status passes as ReviewRover's own word where the
    /// kind has one (`completed`, `pending`, `refunded`).
    fn workspace_filters(
        &self,
        query: &crate::query::workspace::WorkspaceQuery,
        list: &mut ListQuery,
    ) -> Vec<&'static str> {
        let word = match query.status {
            Some(StatusKind::Succeeded) => "completed",
            Some(StatusKind::Pending) => "pending",
            Some(StatusKind::Refunded) => "refunded",
            _ => return Vec::new(),
        };
        *list = list.with_filter("status", word);
        vec!["status"]
    }
    /// ReviewRover retrieves a payment by its `external_id` as well.
    fn find_created(&self, conn: &Connection, sent: &Map<String, Value>) -> Retrieve {
        match sent.get("external_id").and_then(Value::as_str) {
            Some(reference) => self
                .get_request(conn, reference)
                .map_or(Retrieve::NotFound, Retrieve::Request),
            None => Retrieve::NotFound,
        }
    }
    fn get_request(&self, conn: &Connection, id: &str) -> Option<HttpRequest> {
        Some(authorized(conn, Method::Get, &item_path(id)))
    }
    fn decode_payment(&self, conn: &Connection, resp: &HttpResponse) -> Result<Payment, ApiError> {
        let root = success_json(resp, decode_error)?;
        payment_from_value(conn, &root).map_err(|e| ApiError::decode(w::WHAT_PAYMENT, e))
    }
    fn create_request(
        &self,
        conn: &Connection,
        values: &Map<String, Value>,
    ) -> Option<Result<HttpRequest, FieldErrors>> {
        let currency = conn.default_currency();
        Some(validate_write(values, true, &currency).map(|d| {
            with_json(
                authorized(conn, Method::Post, "/payments"),
                &draft_body(&d, &currency),
            )
        }))
    }
    fn update_request(
        &self,
        conn: &Connection,
        id: &str,
        values: &Map<String, Value>,
    ) -> Option<Result<HttpRequest, FieldErrors>> {
        let currency = conn.default_currency();
        Some(validate_write(values, false, &currency).map(|d| {
            with_json(
                authorized(conn, Method::Put, &item_path(id)),
                &draft_body(&d, &currency),
            )
        }))
    }
    fn sent_amount(&self, conn: &Connection, body: &Value) -> Option<Money> {
        read::money(body.as_object()?, "amount", conn.default_currency())
            .ok()
            .flatten()
    }
    fn delete_request(&self, conn: &Connection, id: &str) -> Option<HttpRequest> {
        Some(authorized(conn, Method::Delete, &item_path(id)))
    }
}

fn item_path(id: &str) -> String {
    format!("/payments/{}", percent_encode(id))
}

/// The JSON body of a create or update: only the fields given; amounts as
/// decimal strings with the currency's digits, times as RFC 3339.
pub fn draft_body(d: &Draft, currency: &Currency) -> Value {
    let mut body = Map::new();
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            body.insert(k.to_string(), v);
        }
    };
    put("contact_id", d.contact_id.clone().map(Value::String));
    put("external_id", d.external_id.clone().map(Value::String));
    put(
        "amount",
        d.amount
            .map(|a| Value::String(Money::new(a, currency.clone()).amount_text())),
    );
    put("status", d.status.clone().map(Value::String));
    put(
        "event_date",
        d.event_date.map(|m| Value::String(m.instant_text())),
    );
    put(
        "tags",
        d.tags
            .clone()
            .map(|t| Value::Array(t.into_iter().map(Value::String).collect())),
    );
    Value::Object(body)
}

fn authorized(conn: &Connection, method: Method, path: &str) -> HttpRequest {
    with_bearer(request(conn, method, path), conn)
}

fn page_info(pagination: Option<&Value>) -> PageInfo {
    let num = |k: &str| pagination.and_then(|p| p.get(k)).and_then(read::count);
    let page = num("page").and_then(|p| u32::try_from(p).ok());
    let total_pages = num("total_pages").and_then(|p| u32::try_from(p).ok());
    PageInfo {
        page,
        size: num("limit").and_then(|l| u32::try_from(l).ok()),
        total_items: num("total"),
        total_pages,
        has_next: matches!((page, total_pages), (Some(p), Some(t)) if p < t),
        has_prev: page.is_some_and(|p| p > 1),
        next_cursor: None,
        prev_cursor: None,
    }
}

/// Maps a ReviewRover status word to a kind.
pub fn status_kind(raw: &str) -> StatusKind {
    match raw.trim().to_ascii_lowercase().as_str() {
        "completed" | "paid" | "succeeded" => StatusKind::Succeeded,
        "pending" => StatusKind::Pending,
        "refunded" => StatusKind::Refunded,
        "failed" => StatusKind::Failed,
        "cancelled" | "canceled" => StatusKind::Cancelled,
        _ => StatusKind::Unknown,
    }
}

/// Reads one payment object. Fails only if it is not an object or has no
/// id; a field that cannot be read is recorded in `problems`.
pub fn payment_from_value(conn: &Connection, value: &Value) -> Result<Payment, String> {
    let obj: &Map<String, Value> = value.as_object().ok_or("a payment must be a JSON object")?;
    let id = read::text(obj, "id")?.ok_or("the payment has no id")?;
    let mut problems = Vec::new();
    let p = &mut problems;
    let amount = read::noted(p, read::money(obj, "amount", conn.default_currency()));
    let status_raw = read::noted(p, read::text(obj, "status"));
    let counterparty = read::noted(p, read::text(obj, "contact_id"));
    let reference = read::noted(p, read::text(obj, "external_id"));
    let occurred_at = read::noted(p, read::moment(obj, "event_date", EpochUnit::Seconds));
    let created_at = read::noted(p, read::moment(obj, "created_at", EpochUnit::Seconds));
    let updated_at = read::noted(p, read::moment(obj, "updated_at", EpochUnit::Seconds));
    if let Err(e) = read::string_list(obj, "tags") {
        problems.push(e);
    }
    let status = match status_raw {
        Some(raw) => PaymentStatus {
            kind: status_kind(&raw),
            raw: vec![raw],
        },
        None => PaymentStatus::none(),
    };
    Ok(Payment {
        vendor: VENDOR,
        id,
        amount,
        status,
        counterparty,
        reference,
        occurred_at,
        created_at,
        updated_at,
        fields: obj.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_amount_a_write_carries_is_its_amount_in_the_connections_currency() {
        use serde_json::json;
        let c = conn();
        let mut values = Map::new();
        values.insert("amount".into(), json!("1000.00"));
        let body: Value = serde_json::from_str(
            &ReviewRover
                .update_request(&c, "7", &values)
                .unwrap()
                .unwrap()
                .body
                .unwrap(),
        )
        .unwrap();
        let sent = ReviewRover.sent_amount(&c, &body).unwrap();
        assert_eq!(
            (sent.amount_text(), sent.currency.code()),
            ("1000.00".to_string(), "USD")
        );
        assert_eq!(ReviewRover.sent_amount(&c, &json!({"notes": "x"})), None);
    }
    use crate::connection::{Credentials, Scope};
    use crate::error::ErrorKind;
    use crate::error::FieldError;
    use crate::time::Moment;
    use proptest::prelude::*;

    fn conn() -> Connection {
        Connection {
            id: "rr".into(),
            vendor: VENDOR,
            name: "ReviewRover".into(),
            base_url: "https://dashboard.reviewrover.co/api/v1".into(),
            credentials: Credentials::new("bearer", [("token", "{token}")]),
            scope: Scope::all(),
            currency: None,
        }
    }

    fn q0() -> ListQuery {
        ListQuery::first_page(PAGINATION)
    }

    fn ok(body: &str) -> HttpResponse {
        HttpResponse {
            status: 200,
            headers: vec![],
            body: body.into(),
        }
    }

    const LIST_EXAMPLE: &str = r#"{
      "payments": [
        {
          "id": 1,
          "external_id": "pay_001",
          "amount": "75.00",
          "status": "completed",
          "contact_id": "cont_KYdl3lftgZXGRbxqoj",
          "event_date": "2025-02-17T00:00:00Z",
          "created_at": "2025-02-17T02:00:34Z",
          "updated_at": "2025-02-17T02:00:34Z"
        }
      ],
      "pagination": { "page": 1, "limit": 25, "total": 1, "total_pages": 1 }
    }"#;

    #[test]
    fn the_documented_list_example_decodes() {
        let page = ReviewRover
            .decode_list(&conn(), &q0(), &ok(LIST_EXAMPLE))
            .unwrap();
        assert_eq!(page.items.len(), 1);
        let p = &page.items[0];
        assert_eq!(p.id, "1");
        assert_eq!(p.reference.as_deref(), Some("pay_001"));
        assert_eq!(p.amount.as_ref().unwrap().to_string(), "75.00 USD");
        assert_eq!(p.status.kind, StatusKind::Succeeded);
        assert_eq!(p.status.text(), "completed");
        assert_eq!(p.counterparty.as_deref(), Some("cont_KYdl3lftgZXGRbxqoj"));
        assert_eq!(p.occurred_at.unwrap().exact(), "2025-02-17T00:00:00Z");
        assert_eq!(p.created_at.unwrap().exact(), "2025-02-17T02:00:34Z");
        assert!(p.problems.is_empty());
        assert_eq!(p.fields.first().map(|f| f.0.as_str()), Some("id"));
        assert_eq!(p.fields.len(), 8);
        assert_eq!(
            page.info,
            PageInfo {
                page: Some(1),
                size: Some(25),
                total_items: Some(1),
                total_pages: Some(1),
                ..PageInfo::default()
            }
        );
    }

    #[test]
    fn the_documented_list_curl_maps_to_the_request() {
        // curl -G …/api/v1/payments -H "Authorization: Bearer {token}" -d status=completed
        let q = ListQuery::first_page(PAGINATION).with_filter("status", "completed");
        let r = ReviewRover.list_request(&conn(), &q);
        assert_eq!(r.method, Method::Get);
        assert_eq!(
            r.url_with_query(),
            "https://dashboard.reviewrover.co/api/v1/payments?status=completed&page=1&limit=25"
        );
        assert_eq!(r.header("authorization"), Some("Bearer {token}"));
        assert_eq!(r.body, None);
    }

    #[test]
    fn the_documented_retrieve_curl_maps_to_the_request() {
        let r = ReviewRover.get_request(&conn(), "pay_001").unwrap();
        assert_eq!(
            r.url,
            "https://dashboard.reviewrover.co/api/v1/payments/pay_001"
        );
        assert_eq!(r.header("Authorization"), Some("Bearer {token}"));
        let r = ReviewRover.get_request(&conn(), "inv 7/8").unwrap();
        assert!(r.url.ends_with("/payments/inv%207%2F8"));
    }

    #[test]
    fn the_documented_create_answer_decodes() {
        let body = r#"{"id": 1, "external_id": "pay_001", "amount": "75.00", "status": "completed",
          "contact_id": "cont_KYdl3lftgZXGRbxqoj", "event_date": "2025-02-17T02:00:34Z",
          "created_at": "2025-02-17T02:00:34Z", "updated_at": "2025-02-17T02:00:34Z"}"#;
        let p = ReviewRover.decode_payment(&conn(), &ok(body)).unwrap();
        assert_eq!(p.amount.unwrap().amount, Decimal::new(7500, 2));
        assert_eq!(p.updated_at.unwrap().exact(), "2025-02-17T02:00:34Z");
    }

    #[test]
    fn amounts_as_numbers_and_missing_tags_are_accepted() {
        let body = r#"{"id": 2, "amount": 75.5, "contact_id": "c"}"#;
        let p = ReviewRover.decode_payment(&conn(), &ok(body)).unwrap();
        assert_eq!(p.amount.unwrap().amount_text(), "75.50");
        assert!(p.problems.is_empty());
        let mut c = conn();
        c.currency = crate::money::Currency::from_code("JPY");
        let p = ReviewRover
            .decode_payment(&c, &ok(r#"{"id": 3, "amount": "1200"}"#))
            .unwrap();
        assert_eq!(p.amount.unwrap().to_string(), "1200 JPY");
    }

    #[test]
    fn unreadable_fields_are_kept_and_reported() {
        let body = r#"{"id": 4, "amount": "lots", "event_date": "soon", "status": "on_hold", "extra": {"a": 1}}"#;
        let p = ReviewRover.decode_payment(&conn(), &ok(body)).unwrap();
        assert_eq!(p.amount, None);
        assert_eq!(p.problems.len(), 2, "{:?}", p.problems);
        assert!(p.problems[0].starts_with("amount:"));
        assert_eq!(p.status.kind, StatusKind::Unknown);
        assert_eq!(p.status.text(), "on_hold");
        assert_eq!(p.field("extra"), Some(&serde_json::json!({"a": 1})));
    }

    #[test]
    fn statuses_map_to_kinds() {
        assert_eq!(status_kind("completed"), StatusKind::Succeeded);
        assert_eq!(status_kind("Pending"), StatusKind::Pending);
        assert_eq!(status_kind("refunded"), StatusKind::Refunded);
        assert_eq!(status_kind("canceled"), StatusKind::Cancelled);
        assert_eq!(status_kind("disputed"), StatusKind::Unknown);
    }

    #[test]
    fn pagination_tells_next_and_previous() {
        let body = r#"{"payments": [], "pagination": {"page": 2, "limit": 25, "total": 120, "total_pages": 5}}"#;
        let page = ReviewRover.decode_list(&conn(), &q0(), &ok(body)).unwrap();
        assert!(page.info.has_next && page.info.has_prev);
        assert_eq!(page.info.total_items, Some(120));
    }

    #[test]
    fn errors_become_api_errors() {
        let resp = HttpResponse {
            status: 401,
            headers: vec![],
            body: r#"{"error":"Invalid API token"}"#.into(),
        };
        let e = ReviewRover.decode_list(&conn(), &q0(), &resp).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Unauthorized);
        assert_eq!(e.message.to_string(), "Invalid API token");
        let resp = HttpResponse {
            status: 422,
            headers: vec![],
            body: r#"{"error":"Validation failed","errors":{"amount":["Amount cannot be negative."]}}"#.into(),
        };
        let e = ReviewRover.decode_payment(&conn(), &resp).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Invalid);
        assert_eq!(
            e.fields,
            vec![FieldError {
                field: "amount".into(),
                message: crate::Message::said("Amount cannot be negative.")
            }]
        );
        let e = ReviewRover
            .decode_list(&conn(), &q0(), &ok("{not json"))
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Decode);
        let e = ReviewRover
            .decode_list(&conn(), &q0(), &ok(r#"{"data": []}"#))
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Decode);
        let page = ReviewRover
            .decode_list(&conn(), &q0(), &ok(r#"{"payments": [7, {"id": 8}]}"#))
            .unwrap();
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.unreadable.len(), 1);
        assert_eq!(page.unreadable[0].position, 1);
        assert_eq!(page.unreadable[0].raw, "7");
    }

    #[test]
    fn wire_types_serialize_amounts_as_strings() {
        let w = WirePayment {
            id: 1,
            external_id: Some("pay_001".into()),
            amount: Some(Decimal::new(7500, 2)),
            status: Some("completed".into()),
            tags: vec![],
            contact_id: "c".into(),
            event_date: "2025-02-17T00:00:00Z".into(),
            created_at: "2025-02-17T02:00:34Z".into(),
            updated_at: "2025-02-17T02:00:34Z".into(),
        };
        let v = serde_json::to_value(&w).unwrap();
        assert_eq!(v["amount"], serde_json::json!("75.00"));
        let p = payment_from_value(&conn(), &v).unwrap();
        assert_eq!(
            p.occurred_at,
            Some(Moment::At("2025-02-17T00:00:00Z".parse().unwrap()))
        );
    }

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn the_documented_create_curl_validates() {
        // -d contact_id="cont_KYdl3lftgZXGRbxqoj" -d external_id="pay_001" -d amount=75.00 -d status="completed"
        let d = validate_write(
            &map(serde_json::json!({"contact_id": "cont_KYdl3lftgZXGRbxqoj", "external_id": "pay_001",
                "amount": "75.00", "status": "completed"})),
            true,
            &Currency::usd(),
        )
        .unwrap();
        assert_eq!(d.contact_id.as_deref(), Some("cont_KYdl3lftgZXGRbxqoj"));
        assert_eq!(d.amount, Some(Decimal::new(7500, 2)));
        assert_eq!(d.tags, None);
    }

    #[test]
    fn the_documented_write_curls_map_to_requests() {
        let values = map(
            serde_json::json!({"contact_id": "cont_KYdl3lftgZXGRbxqoj", "external_id": "pay_001",
            "amount": "75.00", "status": "completed"}),
        );
        let r = ReviewRover
            .create_request(&conn(), &values)
            .unwrap()
            .unwrap();
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.url, "https://dashboard.reviewrover.co/api/v1/payments");
        assert_eq!(r.header("Authorization"), Some("Bearer {token}"));
        let body: Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"contact_id": "cont_KYdl3lftgZXGRbxqoj", "external_id": "pay_001",
            "amount": "75.00", "status": "completed"})
        );
        // curl -X PUT …/payments/1 -d status="refunded"
        let r = ReviewRover
            .update_request(
                &conn(),
                "1",
                &map(serde_json::json!({"status": "refunded"})),
            )
            .unwrap()
            .unwrap();
        assert_eq!(
            (r.method, r.url.as_str()),
            (
                Method::Put,
                "https://dashboard.reviewrover.co/api/v1/payments/1"
            )
        );
        assert_eq!(r.body.as_deref(), Some(r#"{"status":"refunded"}"#));
        // curl -X DELETE …/payments/1
        let r = ReviewRover.delete_request(&conn(), "1").unwrap();
        assert_eq!((r.method, r.body), (Method::Delete, None));
        assert!(ReviewRover
            .status_request(&conn(), "1", "refunded")
            .is_none());
    }

    #[test]
    fn invalid_writes_send_nothing() {
        let errs = ReviewRover
            .create_request(&conn(), &map(serde_json::json!({"amount": "12.345"})))
            .unwrap()
            .unwrap_err();
        assert_eq!(
            errs.english("contact_id").as_deref(),
            Some("Contact ID is required.")
        );
        assert_eq!(
            errs.english("amount").as_deref(),
            Some("Amount can have at most 2 decimal places in USD.")
        );
        let d = validate_write(
            &map(serde_json::json!({"contact_id": "c", "event_date": "2025-03-01", "amount": "5"})),
            true,
            &Currency::usd(),
        )
        .unwrap();
        let body = draft_body(&d, &Currency::usd());
        assert_eq!(
            body["event_date"],
            serde_json::json!("2025-03-01T00:00:00Z")
        );
        assert_eq!(body["amount"], serde_json::json!("5.00"));
    }

    #[test]
    fn create_needs_a_contact_and_a_sane_amount() {
        let errs = validate_write(
            &map(serde_json::json!({"amount": "-5", "event_date": "someday", "tags": "a, b"})),
            true,
            &Currency::usd(),
        )
        .unwrap_err();
        assert_eq!(
            errs.english("contact_id").as_deref(),
            Some("Contact ID is required.")
        );
        assert_eq!(
            errs.english("amount").as_deref(),
            Some("Amount cannot be negative.")
        );
        assert!(errs
            .english("event_date")
            .unwrap()
            .starts_with("Event date must be a date"));
        assert_eq!(errs.get("tags"), None);
    }

    #[test]
    fn a_lost_create_is_looked_up_by_its_external_id() {
        let sent = map(serde_json::json!({"contact_id": "c", "external_id": "pc-abc 1"}));
        match ReviewRover.find_created(&conn(), &sent) {
            Retrieve::Request(r) => assert!(r.url.ends_with("/payments/pc-abc%201"), "{}", r.url),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn update_takes_only_the_documented_fields() {
        let errs = validate_write(
            &map(serde_json::json!({"status": "refunded", "contact_id": "other"})),
            false,
            &Currency::usd(),
        )
        .unwrap_err();
        assert_eq!(
            errs.english("contact_id").as_deref(),
            Some("contact_id cannot be changed here.")
        );
        let d = validate_write(
            &map(serde_json::json!({"status": "refunded"})),
            false,
            &Currency::usd(),
        )
        .unwrap();
        assert_eq!(d.status.as_deref(), Some("refunded"));
        assert_eq!(d.contact_id, None);
    }

    #[test]
    fn tags_come_as_lists_or_comma_text() {
        assert_eq!(
            crate::json::split_list(" vip, ,repeat "),
            vec!["vip", "repeat"]
        );
        let d = validate_write(
            &map(serde_json::json!({"contact_id": "c", "tags": ["a", "b"]})),
            true,
            &Currency::usd(),
        )
        .unwrap();
        assert_eq!(d.tags, Some(vec!["a".to_string(), "b".to_string()]));
        let errs = validate_write(
            &map(serde_json::json!({"contact_id": "c", "tags": [1]})),
            true,
            &Currency::usd(),
        )
        .unwrap_err();
        assert_eq!(
            errs.english("tags").as_deref(),
            Some("Tags must be text, not a number.")
        );
    }

    proptest! {
        #[test]
        fn decoders_never_panic_on_bytes(body in ".{0,200}", status in 100u16..600) {
            let resp = HttpResponse { status, headers: vec![], body };
            let _ = ReviewRover.decode_list(&conn(), &q0(), &resp);
            let _ = ReviewRover.decode_payment(&conn(), &resp);
        }

        #[test]
        fn decoders_never_panic_on_json(v in arb_json()) {
            let body = serde_json::json!({"payments": [v.clone()], "pagination": v.clone()}).to_string();
            let _ = ReviewRover.decode_list(&conn(), &q0(), &ok(&body));
            let _ = ReviewRover.decode_payment(&conn(), &ok(&v.to_string()));
        }
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| serde_json::json!(n)),
            any::<f64>().prop_map(|f| serde_json::json!(f)),
            ".{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec(
                    (
                        prop_oneof![
                            Just("id".to_string()),
                            Just("amount".to_string()),
                            Just("event_date".to_string()),
                            Just("tags".to_string()),
                            Just("page".to_string()),
                            ".{0,6}".prop_map(|s| s)
                        ],
                        inner
                    ),
                    0..6
                )
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }
}
