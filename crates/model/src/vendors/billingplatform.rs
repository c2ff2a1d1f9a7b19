//! The billing platform's payments (`/backend/api/v1`): direct-debit style
//! collections that can be reversed and reinstated.
//!
//! Documented: `GET /payments/ID`; `GET /payments/` (all) and
//! `GET /customers/ID/payments/` (one customer's), valid payments only unless
//! `reversed` (reversed only) or `includeReversed` (all) is given, with eight
//! date filters; `POST /customers/ID/payments/`; `PATCH /payments/ID`;
//! `DELETE /payments/ID`. Fields: `ourReference`, `customerReference`,
//! `paymentDate`, `paymentReversedDate`, `status` (an array of status
//! names), `paymentAmount`, `paymentMethod`, `invoiceID`,
//! `invoiceIDReversed`, `id`.
//!
//! Choices where the document is silent (each pinned by a test below):
//! - Auth is `Authorization: Bearer <token>`; bodies are JSON.
//! - Lists are not paged: the answer is a JSON array (an object holding a
//!   `payments`, `data`, `results` or `items` array is read too).
//! - Flags are sent bare (`?reversed`), as presence flags are.
//! - Dates are `YYYY-MM-DD`; the `*Since` filters are sent as RFC 3339 in
//!   UTC (`2025-03-03T09:00:00Z`), however they were typed.
//! - `paymentAmount` is a decimal (string or number) in the connection's
//!   currency, since payments carry none.
//! - Status names are a tenant's "Preset Values", so any name is read,
//!   shown and may be sent; `Pending`, `Collected`, `Reversed`,
//!   `Reinstated` and `Cancelled` (the events the filters name) are
//!   suggested and badged, others show as "Other". A payment's kind is its
//!   most telling status: reinstated (valid again after a reversal, so
//!   succeeded), then reversed, then cancelled, then collected
//!   (succeeded), then pending. A reinstated payment counts as valid.
//! - Creating needs a customer (the path's `ID`), `paymentDate` and
//!   `paymentAmount`; `status` and the reversal fields are set by updates.
//! - Errors carry `message` (or `error`) and may name fields in `errors`.
//! - The amount a write carries (for approval rules) is its
//!   `paymentAmount`, in the currency confirmed for the connection, or in
//!   none stated.

use serde_json::{Map, Value};

use super::spec::{
    FieldDisplay,
    ShownAs::{self, Status, Text, Time},
};
use super::Operations;
use super::{
    error_from_response, field_errors_from, read, request, success_json, validate_fields,
    with_bearer, with_json, Capabilities, FieldKind, FieldSpec, FilterSpec, ListSpec, OpenList,
    Vendor,
};
use super::{reach, Columns, Endpoint, Profile, Reach, ScopeSpec, BEARER};
use crate::connection::Connection;
use crate::error::ApiError;
use crate::http::{percent_encode, HttpRequest, HttpResponse, Method};
use crate::keys::{word as w, Key};
use crate::message::ModelMessage;
use crate::money::{Currency, Money};
use crate::payment::{Payment, PaymentStatus, StatusKind};
use crate::query::{ListPage, ListQuery, PageInfo, Pagination};
use crate::time::EpochUnit;
use crate::time::EpochUnit::Seconds;
use crate::validate::{self, FieldErrors};

/// The status names the console knows, offered as suggestions: a
/// tenant's preset values may be others, which are kept and sent as typed.
pub const STATUSES: &[&str] = &[
    "Pending",
    "Collected",
    "Reversed",
    "Reinstated",
    "Cancelled",
];

const FILTERS: &[FilterSpec] = &[
    FilterSpec::new("reversed", w::REVERSED_PAYMENTS_ONLY, FieldKind::Flag),
    FilterSpec::new(
        "includeReversed",
        w::INCLUDE_REVERSED_PAYMENTS,
        FieldKind::Flag,
    ),
    FilterSpec::new("minDate", w::PAID_ON_OR_AFTER, FieldKind::Date),
    FilterSpec::new("maxDate", w::PAID_ON_OR_BEFORE, FieldKind::Date),
    FilterSpec::new(
        "minReversedDate",
        w::REVERSAL_DATED_ON_OR_AFTER,
        FieldKind::Date,
    ),
    FilterSpec::new(
        "maxReversedDate",
        w::REVERSAL_DATED_ON_OR_BEFORE,
        FieldKind::Date,
    ),
    FilterSpec::new("reversedSince", w::REVERSED_SINCE, FieldKind::DateTime),
    FilterSpec::new("reinstatedSince", w::REINSTATED_SINCE, FieldKind::DateTime),
    FilterSpec::new("collectedSince", w::COLLECTED_SINCE, FieldKind::DateTime),
    FilterSpec::new(
        "cancelledSince",
        w::COLLECTION_CANCELLED_SINCE,
        FieldKind::DateTime,
    ),
];

/// The field naming the customer a new payment belongs to (it goes into
/// the path, not the body).
pub const CUSTOMER_FIELD: &str = "customerID";

const CREATE_SPEC: &[FieldSpec] = &[
    FieldSpec::required(CUSTOMER_FIELD, w::CUSTOMER_ID, FieldKind::Text),
    FieldSpec::required("paymentDate", w::PAYMENT_DATE, FieldKind::Date),
    FieldSpec::required("paymentAmount", w::AMOUNT, FieldKind::Amount),
    FieldSpec::optional("paymentMethod", w::METHOD, FieldKind::Text),
    FieldSpec::optional("ourReference", w::OUR_REFERENCE, FieldKind::Text),
    FieldSpec::optional(
        "customerReference",
        w::CUSTOMER_S_REFERENCE,
        FieldKind::Text,
    ),
    FieldSpec::optional("invoiceID", w::DISPLAY_ON_INVOICE, FieldKind::Text),
];

const UPDATE_SPEC: &[FieldSpec] = &[
    FieldSpec::optional("paymentDate", w::PAYMENT_DATE, FieldKind::Date),
    FieldSpec::optional("paymentAmount", w::AMOUNT, FieldKind::Amount),
    FieldSpec::optional("paymentMethod", w::METHOD, FieldKind::Text),
    FieldSpec::optional("status", w::STATUS, FieldKind::TextList(STATUSES)),
    FieldSpec::optional(
        "paymentReversedDate",
        w::PAYMENT_REVERSED_DATE,
        FieldKind::Date,
    ),
    FieldSpec::optional("ourReference", w::OUR_REFERENCE, FieldKind::Text),
    FieldSpec::optional(
        "customerReference",
        w::CUSTOMER_S_REFERENCE,
        FieldKind::Text,
    ),
    FieldSpec::optional("invoiceID", w::DISPLAY_ON_INVOICE, FieldKind::Text),
    FieldSpec::optional(
        "invoiceIDReversed",
        w::DISPLAY_REVERSAL_ON_INVOICE,
        FieldKind::Text,
    ),
];

/// Billing Platform, as the registry lists it.
pub const VENDOR: &dyn Vendor = &BillingPlatform;

/// Everything Billing Platform declares.
const PROFILE: Profile = Profile {
    slug: "billingplatform",
    name: "Billing Platform",
    list: ListSpec {
        pagination: Pagination::Unpaged,
        filters: FILTERS,
        sorts: &[],
        ranges: &[
            ("minDate", "maxDate", w::PAYMENT_DATES),
            ("minReversedDate", "maxReversedDate", w::REVERSAL_DATES),
        ],
    },
    capabilities: Capabilities {
        retrieve: true,
        create: Some(CREATE_SPEC),
        update: Some(UPDATE_SPEC),
        delete: true,
        change_status: None,
        limits: w::LIMITS_BILLINGPLATFORM,
    },
    fields: &[
        FieldDisplay::new("id", w::PAYMENT_ID, Text),
        FieldDisplay::new("ourReference", w::OUR_REFERENCE, Text),
        FieldDisplay::new("customerReference", w::CUSTOMER_S_REFERENCE, Text),
        FieldDisplay::new("paymentDate", w::PAYMENT_DATE, Time(Seconds)),
        FieldDisplay::new(
            "paymentReversedDate",
            w::PAYMENT_REVERSED_DATE,
            Time(Seconds),
        ),
        FieldDisplay::new("status", w::STATUS, Status),
        FieldDisplay::new("paymentAmount", w::AMOUNT, ShownAs::Money),
        FieldDisplay::new("paymentMethod", w::METHOD, Text),
        FieldDisplay::new("invoiceID", w::DISPLAY_ON_INVOICE, Text),
        FieldDisplay::new("invoiceIDReversed", w::DISPLAY_REVERSAL_ON_INVOICE, Text),
    ],
    columns: Columns {
        counterparty: w::CUSTOMER,
        date: w::PAYMENT_DATE,
        reference: w::OUR_REFERENCE,
    },
    scopes: &[
        ScopeSpec::plain("all", w::ALL_CUSTOMERS),
        ScopeSpec::by_id("customer", w::ONE_CUSTOMER, w::CUSTOMER),
    ],
    credentials: BEARER,
    connection_currency: Some(w::HINT_CURRENCY_BILLINGPLATFORM),
    currencies: &[],
    client_reference: Some("ourReference"),
    endpoints: &[
        Endpoint::new(Method::Get, "/payments/"),
        Endpoint::new(Method::Get, "/customers/{}/payments/"),
        Endpoint::new(Method::Get, "/payments/{}"),
        Endpoint::new(Method::Post, "/customers/{}/payments/"),
        Endpoint::new(Method::Patch, "/payments/{}"),
        Endpoint::new(Method::Delete, "/payments/{}"),
    ],
};

/// Billing Platform, as a [`Vendor`].
pub struct BillingPlatform;

impl Vendor for BillingPlatform {
    fn profile(&self) -> &'static Profile {
        &PROFILE
    }
    fn list_request(&self, conn: &Connection, query: &ListQuery) -> HttpRequest {
        let path = match conn.scope.id_of("customer") {
            Some(id) => format!("/customers/{}/payments/", percent_encode(id)),
            None => "/payments/".to_string(),
        };
        let mut req = authorized(conn, Method::Get, &path);
        for f in FILTERS {
            match (f.kind, query.filters.get(f.name)) {
                (FieldKind::Flag, Some(v)) if v == "true" => {
                    req.query.push((f.name.to_string(), String::new()))
                }
                (FieldKind::Flag, _) | (_, None) => {}
                // Date-times go out as RFC 3339 in UTC, whatever form or
                // offset they were typed in (a bare date is its UTC
                // midnight).
                (FieldKind::DateTime, Some(v)) => {
                    let utc = crate::time::parse_text(v)
                        .ok()
                        .flatten()
                        .map_or_else(|| v.clone(), |m| m.instant_text());
                    req.query.push((f.name.to_string(), utc));
                }
                (_, Some(v)) => req.query.push((f.name.to_string(), v.clone())),
            }
        }
        req
    }
    fn decode_list(
        &self,
        conn: &Connection,
        query: &ListQuery,
        resp: &HttpResponse,
    ) -> Result<ListPage, ApiError> {
        let open = self.open_list(conn, query, resp)?;
        Ok(open.finish(|v| payment_from_value(conn, v)))
    }
    /// The whole list comes in one answer, which may hold thousands of
    /// payments: it is opened here and read in parts.
    fn open_list(
        &self,
        _conn: &Connection,
        _query: &ListQuery,
        resp: &HttpResponse,
    ) -> Result<OpenList, ApiError> {
        let info = |n: usize| PageInfo {
            page: Some(1),
            total_items: Some(n as u64),
            total_pages: Some(1),
            ..PageInfo::default()
        };
        if resp.is_success() {
            // A bare array (the usual answer) is parsed item by item too.
            if let Some(open) = OpenList::from_array_text(resp.body.clone(), info) {
                return Ok(open);
            }
        }
        let root = success_json(resp, decode_error)?;
        let what = w::WHAT_LIST;
        let items = match root {
            Value::Array(items) => items,
            Value::Object(mut o) => ["payments", "data", "results", "items"]
                .iter()
                .find_map(|k| match o.remove(*k) {
                    Some(Value::Array(items)) => Some(items),
                    _ => None,
                })
                .ok_or_else(|| ApiError::decode(what, "there is no list of payments"))?,
            _ => return Err(ApiError::decode(what, "it is neither a list nor an object")),
        };
        Ok(OpenList::new(info(items.len()), items))
    }
    fn read_list_item(&self, conn: &Connection, item: &Value) -> Result<Payment, String> {
        payment_from_value(conn, item)
    }
}

impl Operations for BillingPlatform {
    /// A connection scoped to one customer fills in that customer.
    fn form_defaults(&self, conn: &Connection) -> Vec<(&'static str, String)> {
        conn.scope
            .id_of("customer")
            .map(|id| vec![(CUSTOMER_FIELD, id.to_string())])
            .unwrap_or_default()
    }
    /// A customer-scoped connection reaches that customer's list and
    /// create, and a payment by id only once it is on that customer's
    /// list (reversed payments included); never the list of every
    /// customer.
    fn reach(&self, conn: &Connection, _method: Method, path: &str, _body: &[u8]) -> Reach {
        let Some(customer) = conn.scope.id_of("customer") else {
            return Reach::Inside;
        };
        match reach::segments(path).as_slice() {
            [c, id, ..] if c == "customers" && id == customer => Reach::Inside,
            [p, id] if p == "payments" && !id.is_empty() => {
                reach::if_listed(self, id, &[("includeReversed", "true")])
            }
            _ => reach::outside(self, conn),
        }
    }
    /// All payments' date range is the payment date: `minDate`/`maxDate`.
    fn workspace_filters(
        &self,
        query: &crate::query::workspace::WorkspaceQuery,
        list: &mut ListQuery,
    ) -> Vec<&'static str> {
        query.dates_as(list, "minDate", "maxDate")
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
        let mut values = values.clone();
        if let (Some(id), None) = (conn.scope.id_of("customer"), values.get(CUSTOMER_FIELD)) {
            values.insert(CUSTOMER_FIELD.into(), Value::String(id.to_string()));
        }
        Some(
            validate_write(&amount_currency(conn), &values, true).map(|mut body| {
                let customer = body
                    .remove(CUSTOMER_FIELD)
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let path = format!("/customers/{}/payments/", percent_encode(&customer));
                with_json(authorized(conn, Method::Post, &path), &Value::Object(body))
            }),
        )
    }
    fn update_request(
        &self,
        conn: &Connection,
        id: &str,
        values: &Map<String, Value>,
    ) -> Option<Result<HttpRequest, FieldErrors>> {
        Some(
            validate_write(&amount_currency(conn), values, false).map(|body| {
                with_json(
                    authorized(conn, Method::Patch, &item_path(id)),
                    &Value::Object(body),
                )
            }),
        )
    }
    fn sent_amount(&self, conn: &Connection, body: &Value) -> Option<Money> {
        read::money(body.as_object()?, "paymentAmount", amount_currency(conn))
            .ok()
            .flatten()
    }
    fn delete_request(&self, conn: &Connection, id: &str) -> Option<HttpRequest> {
        Some(authorized(conn, Method::Delete, &item_path(id)))
    }
}

/// The currency of this connection's amounts: the one the person
/// confirmed for it, or none stated (payments are "in the customer's
/// currency", which the payload does not carry).
fn amount_currency(conn: &Connection) -> Currency {
    conn.currency.clone().unwrap_or_else(Currency::unstated)
}

fn authorized(conn: &Connection, method: Method, path: &str) -> HttpRequest {
    with_bearer(request(conn, method, path), conn)
}

fn item_path(id: &str) -> String {
    format!("/payments/{}", percent_encode(id))
}

/// The error of a non-2xx answer, with the fields it names.
pub fn decode_error(resp: &HttpResponse) -> ApiError {
    let mut e = error_from_response(resp);
    if let Ok(body) = serde_json::from_str::<Value>(&resp.body) {
        e.fields = field_errors_from(&body["errors"]);
    }
    e
}

/// Validates a create (with `customerID`) or update and returns the JSON
/// body to send: amounts as decimal strings with the currency's digits,
/// dates as `YYYY-MM-DD`, `status` as an array of names (any names: a
/// tenant defines its own).
pub fn validate_write(
    currency: &Currency,
    values: &Map<String, Value>,
    creating: bool,
) -> Result<Map<String, Value>, FieldErrors> {
    let spec = if creating { CREATE_SPEC } else { UPDATE_SPEC };
    validate_fields(values, spec, |f, _, text| match f.kind {
        FieldKind::Amount => validate::amount(f.label, &text, currency)
            .map(|d| Value::String(Money::new(d, currency.clone()).amount_text())),
        FieldKind::Date => date_only(f.label, &text).map(Value::String),
        FieldKind::TextList(_) => crate::json::split_list(&text)
            .into_iter()
            .map(|n| validate::max_length(f.label, &n, 100).map(|_| Value::String(n)))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        _ => validate::max_length(f.label, &text, 255).map(|_| Value::String(text)),
    })
}

fn date_only(label: Key, text: &str) -> Result<String, ModelMessage> {
    match crate::time::parse_text(text) {
        Ok(Some(m @ crate::time::Moment::Day(_))) => Ok(m.exact()),
        _ => Err(ModelMessage::NotADay { label }),
    }
}

/// The kind of a set of status names: the most telling one wins.
pub fn status_kind(names: &[String]) -> StatusKind {
    let has = |n: &str| names.iter().any(|s| s.eq_ignore_ascii_case(n));
    if has("Reinstated") {
        StatusKind::Succeeded
    } else if has("Reversed") {
        StatusKind::Reversed
    } else if has("Cancelled") || has("Canceled") {
        StatusKind::Cancelled
    } else if has("Collected") || has("Reinstated") {
        StatusKind::Succeeded
    } else if has("Pending") {
        StatusKind::Pending
    } else {
        StatusKind::Unknown
    }
}

/// Reads one payment object; unreadable fields are kept and reported.
pub fn payment_from_value(conn: &Connection, value: &Value) -> Result<Payment, String> {
    let obj = value.as_object().ok_or("a payment must be a JSON object")?;
    let id = read::text(obj, "id")?.ok_or("the payment has no id")?;
    let mut p = Payment::new(VENDOR, id, obj);
    let problems = &mut p.problems;
    p.amount = read::noted(
        problems,
        read::money(obj, "paymentAmount", amount_currency(conn)),
    );
    let names = read::string_list(obj, "status").unwrap_or_else(|e| {
        problems.push(e);
        Vec::new()
    });
    p.status = PaymentStatus {
        kind: status_kind(&names),
        raw: names,
    };
    p.reference = read::noted(problems, read::text(obj, "ourReference"));
    p.counterparty = match conn.scope.id_of("customer") {
        Some(id) => Some(id.to_string()),
        None => read::noted(problems, read::text(obj, "customerID")),
    };
    p.occurred_at = read::noted(
        problems,
        read::moment(obj, "paymentDate", EpochUnit::Seconds),
    );
    if let Err(e) = read::moment(obj, "paymentReversedDate", EpochUnit::Seconds) {
        problems.push(e);
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_amount_a_write_carries_is_its_payment_amount() {
        let c = conn(Scope::all());
        let sent = BillingPlatform
            .sent_amount(&c, &json!({"paymentAmount": "2500.5"}))
            .unwrap();
        assert_eq!(sent.currency.code(), "GBP");
        assert_eq!(sent.amount, Decimal::new(25005, 1));
        let mut none = c.clone();
        none.currency = None;
        let unstated = BillingPlatform
            .sent_amount(&none, &json!({"paymentAmount": 3}))
            .unwrap();
        assert!(!unstated.currency.is_stated());
        assert_eq!(
            BillingPlatform.sent_amount(&c, &json!({"status": "PAID"})),
            None
        );
    }
    use crate::connection::{Credentials, Scope};
    use crate::error::ErrorKind;
    use rust_decimal::Decimal;
    use serde_json::json;

    fn conn(scope: Scope) -> Connection {
        Connection {
            id: "bp".into(),
            vendor: VENDOR,
            name: "Billing Platform".into(),
            base_url: "https://billing.example.com/backend/api/v1".into(),
            credentials: Credentials::new("bearer", [("token", "tok")]),
            scope,
            currency: crate::money::Currency::from_code("GBP"),
        }
    }

    fn ok(body: Value) -> HttpResponse {
        HttpResponse {
            status: 200,
            headers: vec![],
            body: body.to_string(),
        }
    }

    fn q() -> ListQuery {
        ListQuery::first_page(Pagination::Unpaged)
    }

    #[test]
    fn a_long_answer_read_in_parts_is_the_answer_read_whole() {
        let items: Vec<Value> = (0..1_003)
            .map(|i| {
                if i % 250 == 7 {
                    json!({"paymentAmount": "1.00"})
                } else {
                    json!({"id": format!("PAY-{i}"), "paymentAmount": format!("{i}.50"), "status": ["Collected"]})
                }
            })
            .collect();
        let c = conn(Scope::all());
        for resp in [ok(json!(items)), ok(json!({ "payments": items }))] {
            read_in_parts(&c, &resp);
        }
    }

    fn read_in_parts(c: &Connection, resp: &HttpResponse) {
        let c = c.clone();
        let whole = VENDOR.decode_list(&c, &q(), resp).unwrap();
        let mut open = VENDOR.open_list(&c, &q(), resp).unwrap();
        assert_eq!(open.unread(), 1_003);
        let mut parts = 0;
        while open.unread() > 0 {
            open.read_some(100, |v| VENDOR.read_list_item(&c, v));
            parts += 1;
        }
        assert_eq!(parts, 11);
        assert_eq!(open.page, whole);
        assert_eq!(whole.items.len(), 1_003 - 4);
        let positions: Vec<usize> = whole.unreadable.iter().map(|u| u.position).collect();
        assert_eq!(positions, vec![8, 258, 508, 758], "each keeps its place");
        assert_eq!(whole.info.total_items, Some(1_003));
    }

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    fn documented_payment() -> Value {
        json!({
            "id": "PAY-1001", "ourReference": "DD-2025-0001", "customerReference": "INV 77",
            "paymentDate": "2025-03-03", "paymentReversedDate": null, "status": ["Collected"],
            "paymentAmount": "125.50", "paymentMethod": "Direct Debit",
            "invoiceID": "INV-77", "invoiceIDReversed": null
        })
    }

    #[test]
    fn every_documented_field_decodes() {
        let p = BillingPlatform
            .decode_payment(&conn(Scope::all()), &ok(documented_payment()))
            .unwrap();
        assert_eq!(p.id, "PAY-1001");
        assert_eq!(p.amount.unwrap().to_string(), "125.50 GBP");
        assert_eq!(p.status.kind, StatusKind::Succeeded);
        assert_eq!(p.status.raw, vec!["Collected"]);
        assert_eq!(p.reference.as_deref(), Some("DD-2025-0001"));
        assert_eq!(p.occurred_at.unwrap().exact(), "2025-03-03");
        assert_eq!(p.fields.len(), 10);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
    }

    #[test]
    fn since_filters_go_out_as_rfc3339_utc() {
        let q = q()
            .with_filter("collectedSince", "2025-03-03T10:00:00+01:00")
            .with_filter("reversedSince", "2025-03-03 09:30")
            .with_filter("cancelledSince", "2025-03-04");
        let r = BillingPlatform.list_request(&conn(Scope::all()), &q);
        let get = |k: &str| {
            r.query
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("collectedSince"), Some("2025-03-03T09:00:00Z"));
        assert_eq!(get("reversedSince"), Some("2025-03-03T09:30:00Z"));
        assert_eq!(get("cancelledSince"), Some("2025-03-04T00:00:00Z"));
    }

    #[test]
    fn any_status_name_is_read_sent_and_badged_as_other() {
        let mut v = documented_payment();
        v["status"] = json!(["Awaiting Mandate"]);
        let p = BillingPlatform
            .decode_payment(&conn(Scope::all()), &ok(v))
            .unwrap();
        assert_eq!(p.status.raw, vec!["Awaiting Mandate"]);
        assert_eq!(p.status.kind, StatusKind::Unknown);
        let r = BillingPlatform
            .update_request(
                &conn(Scope::all()),
                "P1",
                &map(json!({"status": "Awaiting Mandate, Collected"})),
            )
            .unwrap()
            .unwrap();
        let body: Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["status"], json!(["Awaiting Mandate", "Collected"]));
    }

    #[test]
    fn amounts_are_in_no_stated_currency_unless_the_person_confirmed_one() {
        let mut c = conn(Scope::all());
        c.currency = None;
        let p = BillingPlatform
            .decode_payment(&c, &ok(documented_payment()))
            .unwrap();
        let m = p.amount.unwrap();
        assert!(!m.currency.is_stated());
        assert_eq!(m.to_string(), "125.50");
        let page = BillingPlatform
            .decode_list(
                &c,
                &q(),
                &ok(json!([documented_payment(), documented_payment()])),
            )
            .unwrap();
        assert!(
            page.totals().is_empty(),
            "never added up without a currency"
        );
        assert_eq!(page.untotalled(), 2);
        let p = BillingPlatform
            .decode_payment(
                &conn(Scope::named("customer", "C1")),
                &ok(documented_payment()),
            )
            .unwrap();
        assert_eq!(p.amount.unwrap().to_string(), "125.50 GBP");
    }

    #[test]
    fn several_statuses_pick_the_most_telling() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            status_kind(&names(&["Collected", "Reversed"])),
            StatusKind::Reversed
        );
        assert_eq!(status_kind(&names(&["Reinstated"])), StatusKind::Succeeded);
        assert_eq!(
            status_kind(&names(&["Collected", "Reversed", "Reinstated"])),
            StatusKind::Succeeded
        );
        assert_eq!(status_kind(&names(&["Pending"])), StatusKind::Pending);
        assert_eq!(
            status_kind(&names(&["Cancelled", "Pending"])),
            StatusKind::Cancelled
        );
        assert_eq!(status_kind(&names(&["Held"])), StatusKind::Unknown);
        assert_eq!(status_kind(&[]), StatusKind::Unknown);
    }

    #[test]
    fn list_paths_follow_the_scope_and_flags_are_bare() {
        let q = q()
            .with_filter("reversed", "true")
            .with_filter("includeReversed", "false")
            .with_filter("minDate", "2025-01-01")
            .with_filter("reversedSince", "2025-02-01T00:00:00Z");
        let r = BillingPlatform.list_request(&conn(Scope::all()), &q);
        assert_eq!(
            r.url_with_query(),
            "https://billing.example.com/backend/api/v1/payments/?reversed&minDate=2025-01-01&reversedSince=2025-02-01T00%3A00%3A00Z"
        );
        assert_eq!(r.header("Authorization"), Some("Bearer tok"));
        let r = BillingPlatform.list_request(
            &conn(Scope::named("customer", "C 7")),
            &ListQuery::first_page(Pagination::Unpaged),
        );
        assert_eq!(
            r.url,
            "https://billing.example.com/backend/api/v1/customers/C%207/payments/"
        );
    }

    #[test]
    fn lists_are_bare_arrays_or_wrapped() {
        let page = BillingPlatform
            .decode_list(
                &conn(Scope::all()),
                &q(),
                &ok(json!([documented_payment()])),
            )
            .unwrap();
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.info.total_items, Some(1));
        let page = BillingPlatform
            .decode_list(
                &conn(Scope::all()),
                &q(),
                &ok(json!({"payments": [documented_payment(), documented_payment()]})),
            )
            .unwrap();
        assert_eq!(page.items.len(), 2);
        assert!(BillingPlatform
            .decode_list(&conn(Scope::all()), &q(), &ok(json!({"x": 1})))
            .is_err());
        assert!(BillingPlatform
            .decode_list(&conn(Scope::all()), &q(), &ok(json!("no")))
            .is_err());
    }

    #[test]
    fn create_goes_under_a_customer_with_exact_amounts() {
        let values = map(
            json!({"customerID": "42", "paymentDate": "2025-03-03", "paymentAmount": "99.9", "ourReference": "R1"}),
        );
        let r = BillingPlatform
            .create_request(&conn(Scope::all()), &values)
            .unwrap()
            .unwrap();
        assert_eq!(
            (r.method, r.url.as_str()),
            (
                Method::Post,
                "https://billing.example.com/backend/api/v1/customers/42/payments/"
            )
        );
        let body: Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body,
            json!({"paymentDate": "2025-03-03", "paymentAmount": "99.90", "ourReference": "R1"})
        );
        // The customer scope fills the customer in.
        let values = map(json!({"paymentDate": "2025-03-03", "paymentAmount": "1"}));
        let r = BillingPlatform
            .create_request(&conn(Scope::named("customer", "7")), &values)
            .unwrap()
            .unwrap();
        assert!(r.url.ends_with("/customers/7/payments/"));
    }

    #[test]
    fn create_reports_every_problem_by_field() {
        let values = map(json!({"paymentDate": "2025-02-30", "paymentAmount": "-1", "bogus": "x"}));
        let errs = BillingPlatform
            .create_request(&conn(Scope::all()), &values)
            .unwrap()
            .unwrap_err();
        assert_eq!(
            errs.english("customerID").as_deref(),
            Some("Customer ID is required.")
        );
        assert_eq!(
            errs.english("paymentDate").as_deref(),
            Some("Payment date must be a date such as 2025-02-17.")
        );
        assert_eq!(
            errs.english("paymentAmount").as_deref(),
            Some("Amount cannot be negative.")
        );
        assert_eq!(
            errs.english("bogus").as_deref(),
            Some("bogus cannot be set here.")
        );
    }

    #[test]
    fn update_is_a_patch_of_the_given_fields() {
        let values =
            map(json!({"status": "Collected, Reversed", "paymentReversedDate": "2025-04-01"}));
        let r = BillingPlatform
            .update_request(&conn(Scope::all()), "PAY-1", &values)
            .unwrap()
            .unwrap();
        assert_eq!(
            (r.method, r.url.as_str()),
            (
                Method::Patch,
                "https://billing.example.com/backend/api/v1/payments/PAY-1"
            )
        );
        let body: Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body,
            json!({"status": ["Collected", "Reversed"], "paymentReversedDate": "2025-04-01"})
        );
        let r = BillingPlatform
            .update_request(
                &conn(Scope::all()),
                "PAY-1",
                &map(json!({"status": ["Reinstated"]})),
            )
            .unwrap()
            .unwrap();
        assert_eq!(r.body.as_deref(), Some(r#"{"status":["Reinstated"]}"#));
        let errs = BillingPlatform
            .update_request(
                &conn(Scope::all()),
                "PAY-1",
                &map(json!({"status": "x".repeat(101)})),
            )
            .unwrap()
            .unwrap_err();
        assert!(errs.get("status").is_some());
        let r = BillingPlatform
            .delete_request(&conn(Scope::all()), "PAY-1")
            .unwrap();
        assert_eq!(
            (r.method, r.url.as_str()),
            (
                Method::Delete,
                "https://billing.example.com/backend/api/v1/payments/PAY-1"
            )
        );
    }

    #[test]
    fn errors_name_their_fields() {
        let resp = HttpResponse {
            status: 422,
            headers: vec![],
            body: json!({"message": "Invalid payment", "errors": {"paymentAmount": ["Too many decimals"]}}).to_string(),
        };
        let e = BillingPlatform
            .decode_written(&conn(Scope::all()), &resp)
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Invalid);
        assert_eq!(e.message.to_string(), "Invalid payment");
        assert_eq!(e.fields[0].field, "paymentAmount");
    }

    #[test]
    fn amounts_accept_numbers() {
        let mut v = documented_payment();
        v["paymentAmount"] = json!(12.3);
        let p = payment_from_value(&conn(Scope::all()), &v).unwrap();
        assert_eq!(p.amount.unwrap().amount, Decimal::new(1230, 2));
    }
}
