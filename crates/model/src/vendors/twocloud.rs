//! 2cloud payments: donations to campaigns, listed by campaign, user or
//! funding source, with access rules that redact what a caller may see.
//!
//! Documented: `GET /payments`, `/campaigns/{id}/payments`,
//! `/users/{username}/payments`, `/funding_sources/{id}/payments` (no auth
//! needed; anonymous callers see succeeded and pending payments with only
//! `id`, `created`, `completed`, `amount`, `message` and `campaign`);
//! `POST /payments`; `PUT /payments/{id}/status` (administrators);
//! `PUT /payments/{id}`; `DELETE /payments/{id}`. Amounts are US cents.
//!
//! Known beyond the document: `Authorization: Basic base64(user:secret)`,
//! and `From: <device id>` on writes; every answer is an envelope
//! `{"code", "message", "payments": […], "errors": [{code, item, field}]}`
//! with `field` a path such as `payment.amount`; bodies are wrapped as
//! `{"payment": {…}}`; lists take `after`/`before` (ids) and `count`
//! (default 20, at most 100), newest first, and `?status=`; ids are
//! unsigned 64-bit, so they are kept as text and written as exact numbers.
//!
//! Choices where nothing is documented (each pinned by a test below):
//! - `before=X` lists payments older than X (ids below X) and `after=X`
//!   newer ones, each page newest first: "Next page" goes to older.
//! - The status change body is `{"payment": {"status": "…"}}`.
//! - There is no endpoint for one payment: details come from the list.
//! - Status kinds: `succeeded`; `pending` and `retry` pending; `error`
//!   failed.
//! - The zero time `0001-01-01T00:00:00Z` in `completed` means not yet.
//! - A connection with credentials needs a device id (every write sends
//!   `From`), and says whether they are an administrator's (`access`,
//!   never sent): the status change, which 2cloud allows administrators
//!   only, is offered to those connections alone, and the others are told
//!   why.
//! - Statuses are the four the document calls "valid", so status changes
//!   and the filter offer exactly those; a payment holding any other is
//!   kept and shown as written ("Other").
//! - The amount a write carries (for approval rules) is `payment.amount`,
//!   in US cents; a status change carries none.

use serde_json::{Map, Number, Value};

use super::spec::{
    FieldDisplay,
    ShownAs::{Cents, Flag, Status, Text, Time},
};
use super::Operations;
use super::{
    base64, decode_all, decode_items, read, request, validate_fields, with_json, Capabilities,
    FieldKind, FieldSpec, FilterSpec, ListSpec, Vendor,
};
use super::{
    reach, Columns, CredentialField, CredentialScheme, Endpoint, Profile, Reach, Retrieve,
    ScopeSpec, StatusChange,
};
use crate::connection::{Connection, Scope};
use crate::error::{ApiError, FieldError};
use crate::http::{percent_encode, HttpRequest, HttpResponse, Method};
use crate::keys::{word as w, Key};
use crate::message::{Message, ModelMessage};
use crate::money::{Currency, Money};
use crate::payment::{Payment, PaymentStatus, StatusKind};
use crate::query::{ListPage, ListQuery, PageInfo, PageRequest, Pagination};
use crate::time::EpochUnit;
use crate::time::EpochUnit::Seconds;
use crate::validate::{self, FieldErrors};

/// The statuses 2cloud documents.
pub const STATUSES: &[&str] = &["pending", "succeeded", "error", "retry"];

const PAGINATION: Pagination = Pagination::Cursor {
    default_size: 20,
    max_size: 100,
};

const FILTERS: &[FilterSpec] = &[FilterSpec::new(
    "status",
    w::STATUS,
    FieldKind::Choice(STATUSES),
)];

const CREATE_SPEC: &[FieldSpec] = &[
    FieldSpec::required("amount", w::AMOUNT_IN_CENTS, FieldKind::MinorUnits),
    FieldSpec::required("campaign", w::CAMPAIGN_ID, FieldKind::WholeNumber),
    FieldSpec::required("user_id", w::USER_ID, FieldKind::WholeNumber),
    FieldSpec::required(
        "funding_source_id",
        w::FUNDING_SOURCE_ID,
        FieldKind::WholeNumber,
    ),
    FieldSpec::optional("remote_id", w::REMOTE_ID, FieldKind::Text),
    FieldSpec::optional("message", w::MESSAGE, FieldKind::Text),
    FieldSpec::optional("anonymous", w::ANONYMOUS, FieldKind::Bool),
];

const UPDATE_SPEC: &[FieldSpec] = &[
    FieldSpec::optional("amount", w::AMOUNT_IN_CENTS, FieldKind::MinorUnits),
    FieldSpec::optional("campaign", w::CAMPAIGN_ID, FieldKind::WholeNumber),
    FieldSpec::optional("user_id", w::USER_ID, FieldKind::WholeNumber),
    FieldSpec::optional(
        "funding_source_id",
        w::FUNDING_SOURCE_ID,
        FieldKind::WholeNumber,
    ),
    FieldSpec::optional("remote_id", w::REMOTE_ID, FieldKind::Text),
    FieldSpec::optional("message", w::MESSAGE, FieldKind::Text),
    FieldSpec::optional("anonymous", w::ANONYMOUS, FieldKind::Bool),
];

/// 2cloud, as the registry lists it.
pub const VENDOR: &dyn Vendor = &TwoCloud;

/// Everything 2cloud declares.
const PROFILE: Profile = Profile {
    slug: "twocloud",
    name: "2cloud",
    list: ListSpec {
        pagination: PAGINATION,
        filters: FILTERS,
        sorts: &[],
        ranges: &[],
    },
    capabilities: Capabilities {
        retrieve: false,
        create: Some(CREATE_SPEC),
        update: Some(UPDATE_SPEC),
        delete: true,
        change_status: Some(STATUSES),
        limits: w::LIMITS_TWOCLOUD,
    },
    fields: &[
        FieldDisplay::new("id", w::ID, Text),
        FieldDisplay::new("amount", w::AMOUNT, Cents),
        FieldDisplay::new("status", w::STATUS, Status),
        FieldDisplay::new("message", w::MESSAGE, Text),
        FieldDisplay::new("created", w::CREATED, Time(Seconds)),
        FieldDisplay::new("completed", w::COMPLETED, Time(Seconds)),
        FieldDisplay::new("user_id", w::USER_ID, Text),
        FieldDisplay::new("funding_source_id", w::FUNDING_SOURCE_ID, Text),
        FieldDisplay::new("anonymous", w::ANONYMOUS, Flag),
        FieldDisplay::new("campaign", w::CAMPAIGN_ID, Text),
        FieldDisplay::new("remote_id", w::REMOTE_ID, Text),
        FieldDisplay::new("error", w::ERROR, Text),
    ],
    columns: Columns {
        counterparty: w::USER,
        date: w::CREATED,
        reference: w::REMOTE_ID,
    },
    scopes: &[
        ScopeSpec::plain("all", w::ALL_PAYMENTS),
        ScopeSpec::by_id("campaign", w::ONE_CAMPAIGN, w::CAMPAIGN),
        ScopeSpec::by_id("user", w::ONE_USER, w::USER),
        ScopeSpec::by_id("funding_source", w::ONE_FUNDING_SOURCE, w::FUNDING_SOURCE),
    ],
    credentials: CredentialScheme {
        name: "basic",
        fields: &[
            CredentialField::open("username", w::USERNAME, w::HINT_PUBLIC_ACCESS).encoded(),
            CredentialField::secret("secret", w::SECRET).encoded(),
            CredentialField::open("device_id", w::DEVICE_ID, w::HINT_FROM_HEADER).needed(),
            CredentialField::choice(
                ACCESS,
                w::ACCESS,
                w::HINT_ADMINISTRATORS,
                &[USER_ACCESS, ADMIN_ACCESS],
            ),
        ],
        token_field: "secret",
        anonymous_without: Some("username"),
    },
    connection_currency: None,
    currencies: &[],
    client_reference: Some("remote_id"),
    endpoints: &[
        Endpoint::new(Method::Get, "/payments"),
        Endpoint::new(Method::Get, "/campaigns/{}/payments"),
        Endpoint::new(Method::Get, "/users/{}/payments"),
        Endpoint::new(Method::Get, "/funding_sources/{}/payments"),
        Endpoint::new(Method::Post, "/payments"),
        Endpoint::new(Method::Put, "/payments/{}/status"),
        Endpoint::new(Method::Put, "/payments/{}"),
        Endpoint::new(Method::Delete, "/payments/{}"),
    ],
};

/// The credential choice saying whose credentials these are.
pub const ACCESS: &str = "access";
/// A user's own credentials (the default).
pub const USER_ACCESS: &str = "user";
/// Administrative credentials.
pub const ADMIN_ACCESS: &str = "administrator";

/// 2cloud, as a [`Vendor`].
pub struct TwoCloud;

fn list_path(scope: &Scope) -> String {
    let collection = match scope.name.as_str() {
        "campaign" => "campaigns",
        "user" => "users",
        "funding_source" => "funding_sources",
        _ => return "/payments".to_string(),
    };
    format!("/{collection}/{}/payments", percent_encode(&scope.id))
}

/// The field of a payment that names the scope's campaign, user or
/// funding source.
fn scope_field(scope: &Scope) -> Option<&'static str> {
    match scope.name.as_str() {
        "campaign" => Some("campaign"),
        "user" => Some("user_id"),
        "funding_source" => Some("funding_source_id"),
        _ => None,
    }
}

fn authorized(conn: &Connection, method: Method, path: &str) -> HttpRequest {
    TwoCloud.sign(conn, request(conn, method, path))
}

fn item_path(id: &str) -> String {
    format!("/payments/{}", percent_encode(id))
}

impl Vendor for TwoCloud {
    fn profile(&self) -> &'static Profile {
        &PROFILE
    }
    fn list_request(&self, conn: &Connection, query: &ListQuery) -> HttpRequest {
        let mut req = authorized(conn, Method::Get, &list_path(&conn.scope));
        if let Some(s) = query.filters.get("status") {
            req.query.push(("status".into(), s.clone()));
        }
        if let PageRequest::Cursor {
            after,
            before,
            count,
        } = &query.page
        {
            if let Some(a) = after {
                req.query.push(("after".into(), a.clone()));
            } else if let Some(b) = before {
                req.query.push(("before".into(), b.clone()));
            }
            req.query.push(("count".into(), count.to_string()));
        }
        req
    }
    fn decode_list(
        &self,
        _conn: &Connection,
        query: &ListQuery,
        resp: &HttpResponse,
    ) -> Result<ListPage, ApiError> {
        let raw = envelope_items(resp)?;
        let (items, unreadable) = decode_items(&raw, payment_from_value);
        let (after, before, count) = match &query.page {
            PageRequest::Cursor {
                after,
                before,
                count,
            } => (after.is_some(), before.is_some(), *count),
            _ => (false, false, 20),
        };
        let full = raw.len() as u32 >= count;
        let info = PageInfo {
            size: Some(count),
            has_next: if after { true } else { full },
            has_prev: if after { full } else { before },
            next_cursor: items.last().map(|p| p.id.clone()),
            prev_cursor: items.first().map(|p| p.id.clone()),
            ..PageInfo::default()
        };
        Ok(ListPage {
            items,
            unreadable,
            info,
        })
    }
    /// Basic auth where the connection has credentials, and the `From`
    /// device header on writes.
    fn sign(&self, conn: &Connection, mut req: HttpRequest) -> HttpRequest {
        let creds = &conn.credentials;
        if !creds.is_none() {
            let (username, secret) = (creds.get("username"), creds.get("secret"));
            let device_id = creds.get("device_id");
            let token = base64(format!("{username}:{secret}").as_bytes());
            req.headers
                .push(("Authorization".into(), format!("Basic {token}")));
            if req.method != Method::Get && !device_id.is_empty() {
                req.headers.push(("From".into(), device_id.to_string()));
            }
        }
        req
    }
}

impl Operations for TwoCloud {
    /// A connection scoped to one campaign, user or funding source
    /// reaches that one's list; a payment by id once it is on that list;
    /// and a create or edit only when the payment it sends names that
    /// campaign, user or funding source (or, for an edit, names none).
    fn reach(&self, conn: &Connection, method: Method, path: &str, body: &[u8]) -> Reach {
        let Some(field) = scope_field(&conn.scope) else {
            return Reach::Inside;
        };
        let sent = reach::body_field(body, Some("payment"), field);
        let names_other = |required: bool| match &sent {
            Some(v) => v != &conn.scope.id,
            None => required,
        };
        match (method, reach::segments(path).as_slice()) {
            (Method::Get, segs) if segs == reach::segments(&list_path(&conn.scope)) => {
                Reach::Inside
            }
            (Method::Post, [p]) if p == "payments" && !names_other(true) => Reach::Inside,
            (Method::Put | Method::Delete, [p, id, ..])
                if p == "payments" && !names_other(false) =>
            {
                reach::if_listed(self, id, &[])
            }
            _ => reach::outside(self, conn),
        }
    }
    fn get_request(&self, _: &Connection, _: &str) -> Option<HttpRequest> {
        None
    }
    /// 2cloud has no endpoint for one payment: it is the one payment of
    /// the list page older than the next id (`before=id+1&count=1`).
    fn retrieve(&self, _: &Connection, id: &str) -> Retrieve {
        let Some(next) = id.parse::<u64>().ok().and_then(|n| n.checked_add(1)) else {
            return Retrieve::NotFound;
        };
        let mut query = ListQuery::first_page(PAGINATION);
        query.page = PageRequest::Cursor {
            after: None,
            before: Some(next.to_string()),
            count: 1,
        };
        Retrieve::FromList(query)
    }
    fn decode_payment(&self, _conn: &Connection, resp: &HttpResponse) -> Result<Payment, ApiError> {
        envelope_payments(resp)?
            .into_iter()
            .next()
            .ok_or_else(|| ApiError::decode(w::WHAT_PAYMENT, "the answer holds no payment"))
    }
    fn create_request(
        &self,
        conn: &Connection,
        values: &Map<String, Value>,
    ) -> Option<Result<HttpRequest, FieldErrors>> {
        Some(
            validate_write(values, CREATE_SPEC)
                .map(|body| with_json(authorized(conn, Method::Post, "/payments"), &wrap(body))),
        )
    }
    fn update_request(
        &self,
        conn: &Connection,
        id: &str,
        values: &Map<String, Value>,
    ) -> Option<Result<HttpRequest, FieldErrors>> {
        Some(
            validate_write(values, UPDATE_SPEC)
                .map(|body| with_json(authorized(conn, Method::Put, &item_path(id)), &wrap(body))),
        )
    }
    fn delete_request(&self, conn: &Connection, id: &str) -> Option<HttpRequest> {
        Some(authorized(conn, Method::Delete, &item_path(id)))
    }
    /// The status endpoint answers 403 to anyone but an administrator, so
    /// only connections marked as one are offered it.
    fn status_change(&self, conn: &Connection) -> StatusChange {
        if conn.credentials.get(ACCESS) == ADMIN_ACCESS {
            StatusChange::Offered(STATUSES)
        } else {
            StatusChange::Refused(w::LIMITS_TWOCLOUD_STATUS)
        }
    }
    fn sent_amount(&self, _conn: &Connection, body: &Value) -> Option<Money> {
        let inner = body.get("payment")?.as_object()?;
        let cents = read::whole(inner, "amount").ok().flatten()?;
        Some(Money::from_minor_units(
            i64::try_from(cents).ok()?,
            Currency::usd(),
        ))
    }
    fn status_request(&self, conn: &Connection, id: &str, status: &str) -> Option<HttpRequest> {
        let mut body = Map::new();
        body.insert("status".into(), Value::String(status.to_string()));
        let path = format!("{}/status", item_path(id));
        Some(with_json(authorized(conn, Method::Put, &path), &wrap(body)))
    }
    fn decode_written(
        &self,
        _conn: &Connection,
        resp: &HttpResponse,
    ) -> Result<Vec<Payment>, ApiError> {
        envelope_payments(resp)
    }
}

fn wrap(body: Map<String, Value>) -> Value {
    let mut outer = Map::new();
    outer.insert("payment".into(), Value::Object(body));
    Value::Object(outer)
}

/// The words for a 2cloud error code, as its document defines them.
pub fn error_code_text(code: u64) -> Key {
    match code {
        1 => w::TWOCLOUD_CODE_1,
        2 => w::TWOCLOUD_CODE_2,
        3 => w::TWOCLOUD_CODE_3,
        4 => w::TWOCLOUD_CODE_4,
        5 => w::TWOCLOUD_CODE_5,
        6 => w::TWOCLOUD_CODE_6,
        7 => w::TWOCLOUD_CODE_7,
        8 => w::TWOCLOUD_CODE_8,
        9 => w::TWOCLOUD_CODE_9,
        10 => w::TWOCLOUD_CODE_10,
        11 => w::TWOCLOUD_CODE_11,
        _ => w::TWOCLOUD_CODE_OTHER,
    }
}

/// Reads a 2cloud envelope whose payments must all be readable (a
/// retrieve's or a write's answer).
pub fn envelope_payments(resp: &HttpResponse) -> Result<Vec<Payment>, ApiError> {
    decode_all(&envelope_items(resp)?, w::WHAT_ANSWER, payment_from_value)
}

/// Reads a 2cloud envelope: its `payments` items, or the error its
/// status, `code` and `errors` describe (fields named by the path's last
/// part).
pub fn envelope_items(resp: &HttpResponse) -> Result<Vec<Value>, ApiError> {
    let root: Value = match serde_json::from_str(&resp.body) {
        Ok(v) => v,
        Err(e) if resp.is_success() => return Err(ApiError::decode(w::WHAT_ANSWER, e)),
        Err(_) => return Err(super::error_from_response(resp)),
    };
    let code = root
        .get("code")
        .and_then(Value::as_u64)
        .unwrap_or(u64::from(resp.status));
    let errors = root
        .get("errors")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if !resp.is_success() || code >= 400 {
        let status = if resp.is_success() {
            u16::try_from(code).unwrap_or(400)
        } else {
            resp.status
        };
        let fields: Vec<FieldError> = errors
            .iter()
            .filter_map(|e| {
                let path = e.get("field").and_then(Value::as_str)?;
                let field = path.rsplit('.').next().unwrap_or(path).to_string();
                let code = e.get("code").and_then(Value::as_u64).unwrap_or(0);
                let message = Message::Text(error_code_text(code));
                Some(FieldError { field, message })
            })
            .collect();
        let said = root
            .get("message")
            .and_then(Value::as_str)
            .map(str::to_string);
        let mut e = ApiError::from_status(status, said.clone());
        if let (None, Some(first)) = (said, errors.first()) {
            let text = error_code_text(first.get("code").and_then(Value::as_u64).unwrap_or(0));
            e.message = match first.get("item").and_then(Value::as_str) {
                Some(item) => ModelMessage::WithItem {
                    text,
                    item: item.to_string(),
                }
                .into(),
                None => Message::Text(text),
            };
        }
        e.retry_after_secs = crate::error::parse_retry_after(resp.header("retry-after"));
        e.fields = fields;
        return Err(e);
    }
    match root.get("payments") {
        Some(Value::Array(items)) => Ok(items.clone()),
        // A single payment where the list is documented is a list of one.
        Some(one @ Value::Object(_)) => Ok(vec![one.clone()]),
        _ => Err(ApiError::decode(
            w::WHAT_ANSWER,
            "there is no \"payments\" list",
        )),
    }
}

/// Maps a 2cloud status to a kind.
pub fn status_kind(raw: &str) -> StatusKind {
    match raw {
        "succeeded" => StatusKind::Succeeded,
        "pending" | "retry" => StatusKind::Pending,
        "error" => StatusKind::Failed,
        _ => StatusKind::Unknown,
    }
}

/// Reads one payment object; unreadable fields are kept and reported.
pub fn payment_from_value(value: &Value) -> Result<Payment, String> {
    let obj = value.as_object().ok_or("a payment must be a JSON object")?;
    let id = read::unsigned(obj, "id")?.ok_or("the payment has no id")?;
    let mut p = Payment::new(VENDOR, id.to_string(), obj);
    let problems = &mut p.problems;
    p.amount = read::noted(problems, read::whole(obj, "amount")).and_then(|cents| {
        match i64::try_from(cents) {
            Ok(cents) => Some(Money::from_minor_units(cents, Currency::usd())),
            Err(_) => {
                problems.push(format!("amount: {cents} cents is out of range"));
                None
            }
        }
    });
    if let Some(raw) = read::noted(problems, read::text(obj, "status")) {
        p.status = PaymentStatus {
            kind: status_kind(&raw),
            raw: vec![raw],
        };
    }
    p.counterparty = read::noted(problems, read::unsigned(obj, "user_id")).map(|u| u.to_string());
    p.reference = read::noted(problems, read::text(obj, "remote_id"));
    p.created_at = read::noted(problems, read::moment(obj, "created", EpochUnit::Seconds));
    p.occurred_at = p.created_at;
    p.updated_at = read::noted(problems, read::moment(obj, "completed", EpochUnit::Seconds));
    for k in ["funding_source_id", "campaign"] {
        if let Err(e) = read::unsigned(obj, k) {
            problems.push(e);
        }
    }
    Ok(p)
}

/// Validates the fields of `spec` into the inner body: cents as whole
/// numbers above zero, ids as exact unsigned numbers, `anonymous` as a
/// boolean.
pub fn validate_write(
    values: &Map<String, Value>,
    spec: &[FieldSpec],
) -> Result<Map<String, Value>, FieldErrors> {
    validate_fields(values, spec, |f, _, text| match f.kind {
        FieldKind::MinorUnits => validate::whole_number_in(f.label, &text, 1, i64::MAX as u64)
            .map(|n| Value::Number(Number::from(n))),
        FieldKind::WholeNumber => validate::whole_number_in(f.label, &text, 1, u64::MAX)
            .map(|n| Value::Number(Number::from(n))),
        FieldKind::Bool => validate::one_of(f.label, &text, &["true", "false"])
            .map(|_| Value::Bool(text == "true")),
        _ => {
            let max = if f.name == "message" { 1000 } else { 255 };
            validate::max_length(f.label, &text, max).map(|_| Value::String(text))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_amount_a_write_carries_is_its_cents_in_dollars() {
        let c = conn(Scope::all(), admin());
        let sent = TwoCloud
            .sent_amount(&c, &json!({"payment": {"amount": 125_000}}))
            .unwrap();
        assert_eq!(
            (sent.amount_text(), sent.currency.code()),
            ("1250.00".to_string(), "USD")
        );
        let status = TwoCloud.status_request(&c, "7", "Refunded").unwrap();
        let body: Value = serde_json::from_str(status.body.as_deref().unwrap()).unwrap();
        assert_eq!(TwoCloud.sent_amount(&c, &body), None);
    }
    use crate::connection::Credentials;
    use crate::error::ErrorKind;
    use proptest::prelude::*;
    use serde_json::json;

    fn conn(scope: Scope, credentials: Credentials) -> Connection {
        Connection {
            id: "2c".into(),
            vendor: VENDOR,
            name: "2cloud".into(),
            base_url: "https://2cloud.example/api".into(),
            credentials,
            scope,
            currency: None,
        }
    }

    fn admin() -> Credentials {
        Credentials::new(
            "basic",
            [
                ("username", "admin"),
                ("secret", "s3cret"),
                ("device_id", "dev-1"),
            ],
        )
    }

    fn ok(body: Value) -> HttpResponse {
        HttpResponse {
            status: 200,
            headers: vec![],
            body: body.to_string(),
        }
    }

    fn cursor(after: Option<&str>, before: Option<&str>, count: u32) -> ListQuery {
        let mut q = ListQuery::first_page(PAGINATION);
        q.page = PageRequest::Cursor {
            after: after.map(Into::into),
            before: before.map(Into::into),
            count,
        };
        q
    }

    const BIG_ID: &str = "18446744073709551615";

    #[test]
    fn the_documented_resource_decodes_with_exact_u64_ids() {
        let body = format!(
            r#"{{"code": 200, "message": "OK", "errors": [], "payments": [{{
            "id": {BIG_ID}, "remote_id": "ch_1", "amount": 1250, "message": "Keep going!",
            "created": "2025-02-01T10:00:00Z", "completed": "0001-01-01T00:00:00Z",
            "user_id": 9007199254740993, "funding_source_id": 12, "anonymous": false,
            "campaign": 7, "status": "pending", "error": ""}}]}}"#
        );
        let resp = HttpResponse {
            status: 200,
            headers: vec![],
            body,
        };
        let page = TwoCloud
            .decode_list(
                &conn(Scope::all(), Credentials::none()),
                &cursor(None, None, 20),
                &resp,
            )
            .unwrap();
        let p = &page.items[0];
        assert_eq!(p.id, BIG_ID);
        assert_eq!(p.counterparty.as_deref(), Some("9007199254740993"));
        assert_eq!(p.amount.as_ref().unwrap().to_string(), "12.50 USD");
        assert_eq!(p.status.kind, StatusKind::Pending);
        assert_eq!(p.updated_at, None, "the zero time means not completed");
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.fields.len(), 12);
        // The id goes back out exactly.
        let r = TwoCloud
            .delete_request(&conn(Scope::all(), admin()), &p.id)
            .unwrap();
        assert!(r.url.ends_with(&format!("/payments/{BIG_ID}")));
    }

    #[test]
    fn anonymous_redacted_payments_decode() {
        let body = json!({"code": 200, "payments": [{"id": 5, "created": "2025-02-01T10:00:00Z",
            "completed": "2025-02-01T10:00:05Z", "amount": 500, "message": "", "campaign": 7}]});
        let page = TwoCloud
            .decode_list(
                &conn(Scope::all(), Credentials::none()),
                &cursor(None, None, 20),
                &ok(body),
            )
            .unwrap();
        let p = &page.items[0];
        assert_eq!(p.counterparty, None);
        assert_eq!(p.status.kind, StatusKind::Unknown);
        assert!(p.problems.is_empty());
    }

    #[test]
    fn list_paths_follow_the_scope_and_reads_need_no_auth() {
        let q = cursor(None, Some("40"), 50).with_filter("status", "succeeded");
        let r = TwoCloud.list_request(
            &conn(Scope::named("campaign", "7"), Credentials::none()),
            &q,
        );
        assert_eq!(
            r.url_with_query(),
            "https://2cloud.example/api/campaigns/7/payments?status=succeeded&count=50"
        );
        assert_eq!(r.header("Authorization"), None);
        let r = TwoCloud.list_request(
            &conn(Scope::named("user", "ada l"), admin()),
            &cursor(None, Some("40"), 20),
        );
        assert_eq!(
            r.url_with_query(),
            "https://2cloud.example/api/users/ada%20l/payments?before=40&count=20"
        );
        assert_eq!(r.header("Authorization"), Some("Basic YWRtaW46czNjcmV0"));
        assert_eq!(r.header("From"), None, "reads send no From header");
        let r = TwoCloud.list_request(
            &conn(Scope::named("funding_source", "12"), admin()),
            &cursor(Some("9"), None, 20),
        );
        assert!(r
            .url_with_query()
            .ends_with("/funding_sources/12/payments?after=9&count=20"));
    }

    #[test]
    fn cursor_pages_know_their_neighbours() {
        let items = |ids: &[u64]| json!({"code": 200, "payments": ids.iter().map(|i| json!({"id": i})).collect::<Vec<_>>()});
        let c = conn(Scope::all(), Credentials::none());
        let first = TwoCloud
            .decode_list(&c, &cursor(None, None, 2), &ok(items(&[9, 8])))
            .unwrap();
        assert!(first.info.has_next && !first.info.has_prev);
        assert_eq!(first.info.next_cursor.as_deref(), Some("8"));
        let last = TwoCloud
            .decode_list(&c, &cursor(None, Some("8"), 2), &ok(items(&[7])))
            .unwrap();
        assert!(!last.info.has_next && last.info.has_prev);
        assert_eq!(last.info.prev_cursor.as_deref(), Some("7"));
        let newest = TwoCloud
            .decode_list(&c, &cursor(Some("7"), None, 2), &ok(items(&[8])))
            .unwrap();
        assert!(newest.info.has_next && !newest.info.has_prev);
    }

    #[test]
    fn writes_are_wrapped_and_carry_the_device() {
        let values = json!({"amount": "1250", "campaign": "7", "user_id": BIG_ID, "funding_source_id": "12", "anonymous": "true"});
        let r = TwoCloud
            .create_request(&conn(Scope::all(), admin()), values.as_object().unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(
            (r.method, r.url.as_str()),
            (Method::Post, "https://2cloud.example/api/payments")
        );
        assert_eq!(r.header("From"), Some("dev-1"));
        assert_eq!(
            r.body.as_deref(),
            Some(format!(r#"{{"payment":{{"amount":1250,"campaign":7,"user_id":{BIG_ID},"funding_source_id":12,"anonymous":true}}}}"#).as_str())
        );
        let r = TwoCloud
            .status_request(&conn(Scope::all(), admin()), "5", "retry")
            .unwrap();
        assert_eq!(
            (r.method, r.url.as_str()),
            (Method::Put, "https://2cloud.example/api/payments/5/status")
        );
        assert_eq!(r.body.as_deref(), Some(r#"{"payment":{"status":"retry"}}"#));
        let r = TwoCloud
            .update_request(
                &conn(Scope::all(), admin()),
                "5",
                json!({"message": "Thanks"}).as_object().unwrap(),
            )
            .unwrap()
            .unwrap();
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"payment":{"message":"Thanks"}}"#)
        );
        assert!(TwoCloud
            .get_request(&conn(Scope::all(), admin()), "5")
            .is_none());
    }

    #[test]
    fn create_needs_positive_cents_and_the_three_ids() {
        let values = json!({"amount": "12.50", "campaign": "-1"});
        let errs = TwoCloud
            .create_request(&conn(Scope::all(), admin()), values.as_object().unwrap())
            .unwrap()
            .unwrap_err();
        assert!(errs.english("amount").unwrap().contains("whole number"));
        assert!(errs.english("campaign").unwrap().contains("whole number"));
        assert_eq!(
            errs.english("user_id").as_deref(),
            Some("User ID is required.")
        );
        assert_eq!(
            errs.english("funding_source_id").as_deref(),
            Some("Funding source ID is required.")
        );
        let zero =
            json!({"amount": "0", "campaign": "1", "user_id": "1", "funding_source_id": "1"});
        let errs = TwoCloud
            .create_request(&conn(Scope::all(), admin()), zero.as_object().unwrap())
            .unwrap()
            .unwrap_err();
        assert!(errs.get("amount").is_some());
    }

    #[test]
    fn envelope_errors_land_on_their_fields() {
        let resp = HttpResponse {
            status: 400,
            headers: vec![],
            body: json!({"code": 400, "message": "Invalid request", "payments": [],
                "errors": [{"code": 9, "item": "amount", "field": "payment.amount"}, {"code": 3, "item": "campaign", "field": "payment.campaign"}]}).to_string(),
        };
        let e = TwoCloud
            .decode_written(&conn(Scope::all(), admin()), &resp)
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Rejected);
        assert_eq!(e.message.to_string(), "Invalid request");
        assert_eq!(
            e.fields,
            vec![
                FieldError {
                    field: "amount".into(),
                    message: Message::Text(w::TWOCLOUD_CODE_9)
                },
                FieldError {
                    field: "campaign".into(),
                    message: Message::Text(w::TWOCLOUD_CODE_3)
                },
            ]
        );
        let resp = HttpResponse {
            status: 403,
            headers: vec![],
            body: json!({"code": 403, "errors": [{"code": 1, "item": "payment"}]}).to_string(),
        };
        let e = TwoCloud
            .decode_written(&conn(Scope::all(), admin()), &resp)
            .unwrap_err();
        assert_eq!(
            (e.kind, e.message.to_string().as_str()),
            (ErrorKind::Forbidden, "Access denied. (payment)")
        );
        for code in 1..=11 {
            assert_ne!(error_code_text(code), w::TWOCLOUD_CODE_OTHER);
        }
        // A 200 whose envelope says 404 is an error too.
        let e = TwoCloud
            .decode_written(
                &conn(Scope::all(), admin()),
                &ok(json!({"code": 404, "message": "Payment not found"})),
            )
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotFound);
    }

    proptest! {
        #[test]
        fn u64_ids_survive_a_round_trip(id in any::<u64>()) {
            let body = format!(r#"{{"code":200,"payments":[{{"id":{id},"user_id":{id}}}]}}"#);
            let resp = HttpResponse { status: 200, headers: vec![], body };
            let p = TwoCloud.decode_written(&conn(Scope::all(), admin()), &resp).unwrap().remove(0);
            prop_assert_eq!(&p.id, &id.to_string());
            if id > 0 {
                let values = json!({"user_id": p.id.clone()});
                let r = TwoCloud.update_request(&conn(Scope::all(), admin()), &p.id, values.as_object().unwrap()).unwrap().unwrap();
                prop_assert_eq!(r.body.unwrap(), format!(r#"{{"payment":{{"user_id":{id}}}}}"#));
            }
        }

        #[test]
        fn envelopes_never_panic(body in ".{0,200}", status in 100u16..600) {
            let _ = envelope_payments(&HttpResponse { status, headers: vec![], body });
        }
    }
}
