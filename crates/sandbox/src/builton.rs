//! BuiltOn's payments API under `/builton`: list (0-based `page`, `size`,
//! `from_date`/`to_date` in epoch seconds, `sort`, `status`) as a bare
//! array with `X-Pagination-Total`, retrieve, pay for orders (answering an
//! array, one payment per order) and update, behind `X-Builton-Api-Key`
//! plus `Authorization: Bearer`.
//!
//! Like the real service: `_id` and `user` are `{"$oid": …}`, dates
//! `{"$date": ms}`, `subject` `{"_cls": "Order", "_ref": …}`, amounts JSON
//! floats, currencies upper-case; errors are `{"message": …}` (with the
//! fields in `errors` when input is invalid).
//!
//! The admin token sees every payment; the user token only its user's.
//! `from_date`/`to_date` bound the creation time; `sort` takes `created`,
//! `amount` or `payment_date`, with `-` for descending (default newest
//! first). Paying marks the orders paid; an order is paid once.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{TimeZone, Utc};
use payments_model::connection::Scope;
use payments_model::validate::FieldErrors;

use payments_model::vendors::builton::validate_write;
use payments_model::vendors::{Capabilities, Vendor};
use payments_model::Credentials;
use rusqlite::types::Value as Sql;
use rusqlite::{params, params_from_iter, Connection as Sqlite, OptionalExtension, Row};
use serde_json::{json, Map, Value};

use crate::message_error::{self, fail, Failure};
use crate::params::{whole_number_in, Params};
use crate::seed::DemoRng;
use crate::{body, SandboxState, Simulator};

/// The demo API key, sent as `X-Builton-Api-Key`.
pub const API_KEY: &str = "builton_demo_key";
/// The demo service-account (admin) bearer token.
pub const ADMIN_TOKEN: &str = "builton_demo_admin_token";
/// The demo user bearer token.
pub const USER_TOKEN: &str = "builton_demo_user_token";

/// The simulator, as the server's registry lists it.
pub const SIMULATOR: Simulator = Simulator {
    vendor: payments_model::vendors::builton::VENDOR,
    prefix: "/builton",
    schema: SCHEMA,
    tables: &["bo_payments", "bo_orders"],
    seed,
    demo_count: DEMO_COUNT,
    routes,
    demo_connection,
    sign_in,
    headers: &["x-builton-api-key"],
};

fn demo_connection() -> payments_model::Connection {
    SIMULATOR.connection(
        Credentials::new(
            "api_key_and_bearer",
            [("api_key", API_KEY), ("token", ADMIN_TOKEN)],
        ),
        Scope::all(),
    )
}

fn sign_in() -> String {
    format!("X-Builton-Api-Key: {API_KEY}; Bearer {ADMIN_TOKEN} (admin) or {USER_TOKEN} (user)")
}

/// The tables.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS bo_orders (
    oid TEXT PRIMARY KEY, user_oid TEXT NOT NULL, amount TEXT NOT NULL, currency TEXT NOT NULL,
    paid INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS bo_payments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, oid TEXT NOT NULL UNIQUE, human_id TEXT NOT NULL,
    user_oid TEXT NOT NULL, amount TEXT NOT NULL, amount_paid TEXT NOT NULL, amount_reserved TEXT NOT NULL,
    amount_refunded TEXT, currency TEXT NOT NULL, order_oid TEXT NOT NULL, current_state TEXT NOT NULL,
    active INTEGER NOT NULL, payment_date INTEGER, payment_method TEXT NOT NULL, billing_address TEXT,
    description TEXT, metadata TEXT NOT NULL DEFAULT '{}', status_code TEXT, error_message TEXT,
    created INTEGER NOT NULL, modified INTEGER NOT NULL
);
";

/// How many payments the demo set holds.
pub const DEMO_COUNT: usize = 250;
/// The user behind the demo user token.
pub const DEMO_USER: &str = "5f0000000000000000000001";

/// The routes, relative to `/builton`.
pub fn routes() -> Router<SandboxState> {
    Router::new()
        .route("/payments", get(list).post(create))
        .route("/payments/{id}", get(retrieve).put(update))
        .fallback(|| async { fail(StatusCode::NOT_FOUND, "There is no such endpoint.") })
}

fn invalid(errs: FieldErrors) -> Failure {
    let first = errs
        .0
        .first()
        .map_or_else(String::new, |e| e.message.to_string());
    message_error::invalid(StatusCode::BAD_REQUEST, first, errs)
}

type Answer = Result<Response, Failure>;

/// Whose payments the caller may see: `None` for an administrator.
fn authorize(headers: &HeaderMap) -> Result<Option<&'static str>, Failure> {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    match get("x-builton-api-key") {
        Some(API_KEY) => {}
        Some(_) => return Err(fail(StatusCode::UNAUTHORIZED, "Invalid API key.")),
        None => {
            return Err(fail(
                StatusCode::UNAUTHORIZED,
                "Missing X-Builton-Api-Key header.",
            ))
        }
    }
    match get("authorization")
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
    {
        Some(ADMIN_TOKEN) => Ok(None),
        Some(USER_TOKEN) => Ok(Some(DEMO_USER)),
        Some(_) => Err(fail(StatusCode::UNAUTHORIZED, "Invalid bearer token.")),
        None => Err(fail(
            StatusCode::UNAUTHORIZED,
            "Missing Authorization: Bearer header.",
        )),
    }
}

const COLUMNS: &str =
    "oid, human_id, user_oid, amount, amount_paid, amount_reserved, amount_refunded, \
    currency, order_oid, current_state, active, payment_date, payment_method, billing_address, \
    description, metadata, status_code, error_message, created, modified";

fn float(text: &str) -> Value {
    text.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

fn date(ms: Option<i64>) -> Value {
    ms.map_or(Value::Null, |ms| json!({ "$date": ms }))
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Value> {
    let s = |i: usize| row.get::<_, Option<String>>(i);
    let mut p = json!({
        "_id": {"$oid": row.get::<_, String>(0)?},
        "human_id": row.get::<_, String>(1)?,
        "user": {"$oid": row.get::<_, String>(2)?},
        "amount": float(&row.get::<_, String>(3)?),
        "amount_paid": float(&row.get::<_, String>(4)?),
        "amount_reserved": float(&row.get::<_, String>(5)?),
        "currency": row.get::<_, String>(7)?,
        "subject": {"_cls": "Order", "_ref": row.get::<_, String>(8)?},
        "current_state": row.get::<_, String>(9)?,
        "active": row.get::<_, bool>(10)?,
        "payment_date": date(row.get(11)?),
        "payment_method": row.get::<_, String>(12)?,
        "billing_address": s(13)?.map_or(Value::Null, |a| serde_json::from_str(&a).unwrap_or(Value::String(a))),
        "description": s(14)?,
        "metadata": serde_json::from_str::<Value>(&row.get::<_, String>(15)?).unwrap_or(json!({})),
        "status_code": s(16)?,
        "error_message": s(17)?,
        "created": date(row.get(18)?),
        "modified": date(row.get(19)?),
    });
    if let Some(refunded) = s(6)? {
        p["amount_refunded"] = float(&refunded);
    }
    Ok(p)
}

async fn list(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Answer {
    let user = authorize(&headers)?;
    let p = Params::parse(q.as_deref());
    let bad = |m: String| fail(StatusCode::BAD_REQUEST, m);
    let page = p
        .get("page")
        .map(|v| whole_number_in("page", v, 0, u32::MAX as u64))
        .transpose()
        .map_err(bad)?
        .unwrap_or(0);
    let size = p
        .get("size")
        .map(|v| whole_number_in("size", v, 1, 100))
        .transpose()
        .map_err(bad)?
        .unwrap_or(10);
    let mut clauses = Vec::new();
    let mut args: Vec<Sql> = Vec::new();
    if let Some(u) = user {
        args.push(Sql::Text(u.into()));
        clauses.push(format!("user_oid = ?{}", args.len()));
    }
    for (name, op) in [("from_date", ">="), ("to_date", "<=")] {
        if let Some(v) = p.get(name) {
            let secs: i64 = v
                .trim()
                .parse()
                .map_err(|_| bad(format!("{name} must be a timestamp in seconds.")))?;
            args.push(Sql::Integer(secs.saturating_mul(1000)));
            clauses.push(format!("created {op} ?{}", args.len()));
        }
    }
    // Any state word filters: the service takes states beyond its list,
    // and an unknown one simply matches nothing.
    if let Some(s) = p.get("status") {
        args.push(Sql::Text(s.into()));
        clauses.push(format!("current_state = ?{}", args.len()));
    }
    let order = match p.get("sort").unwrap_or("-created") {
        "created" => "created ASC",
        "-created" => "created DESC",
        "amount" => "CAST(amount AS REAL) ASC",
        "-amount" => "CAST(amount AS REAL) DESC",
        "payment_date" => "payment_date ASC",
        "-payment_date" => "payment_date DESC",
        other => return Err(bad(format!("sort cannot use {other:?}: use created, amount or payment_date, with - for descending."))),
    };
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let (total, rows) = state
        .db
        .read(move |db| {
            let total: i64 = db.query_row(
                &format!("SELECT COUNT(*) FROM bo_payments {filter}"),
                params_from_iter(args.iter()),
                |r| r.get(0),
            )?;
            let offset = page.saturating_mul(size);
            let mut stmt = db.prepare(&format!("SELECT {COLUMNS} FROM bo_payments {filter} ORDER BY {order}, seq DESC LIMIT {size} OFFSET {offset}"))?;
            let rows = stmt
                .query_map(params_from_iter(args.iter()), from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok::<_, Failure>((total, rows))
        })
        .await?;
    let mut r = Json(rows).into_response();
    if let Ok(v) = HeaderValue::from_str(&total.to_string()) {
        r.headers_mut()
            .insert(HeaderName::from_static("x-pagination-total"), v);
    }
    Ok(r)
}

fn find(db: &Sqlite, oid: &str, user: Option<&str>) -> Result<Value, Failure> {
    db.query_row(
        &format!("SELECT {COLUMNS} FROM bo_payments WHERE oid = ?1"),
        params![oid],
        from_row,
    )
    .optional()?
    .filter(|p| user.is_none_or(|u| p["user"]["$oid"] == json!(u)))
    .ok_or_else(|| fail(StatusCode::NOT_FOUND, format!("Payment {oid} not found.")))
}

async fn retrieve(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Answer {
    let user = authorize(&headers)?;
    let p = state.db.read(move |db| find(db, &id, user)).await?;
    Ok(Json(p).into_response())
}

fn spec(create: bool) -> &'static [payments_model::vendors::FieldSpec] {
    let caps: Capabilities = payments_model::vendors::builton::BuiltOn.capabilities();
    if create {
        caps.create.unwrap_or(&[])
    } else {
        caps.update.unwrap_or(&[])
    }
}

fn read(headers: &HeaderMap, bytes: &[u8]) -> Result<Map<String, Value>, Failure> {
    body::object(headers, bytes).map_err(|m| fail(StatusCode::BAD_REQUEST, m))
}

fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

async fn create(State(state): State<SandboxState>, headers: HeaderMap, bytes: Bytes) -> Answer {
    let user = authorize(&headers)?;
    let values = read(&headers, &bytes)?;
    let body = validate_write(&values, spec(true)).map_err(invalid)?;
    let orders: Vec<String> = body["orders"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o.as_str().map(str::to_string))
        .collect();
    let method = body["payment_method"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    state
        .db
        .write(move |tx| pay(tx, user, &orders, &method))
        .await
}

/// Pays for `orders` in one transaction: one payment per order, all or
/// none.
fn pay(tx: &Sqlite, user: Option<&'static str>, orders: &[String], method: &str) -> Answer {
    let mut created = Vec::new();
    for order in orders {
        let row: Option<(String, String, String, bool)> = tx
            .query_row(
                "SELECT user_oid, amount, currency, paid FROM bo_orders WHERE oid = ?1",
                params![order],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((owner, amount, currency, paid)) =
            row.filter(|(o, ..)| user.is_none_or(|u| u == o))
        else {
            return Err(fail(
                StatusCode::NOT_FOUND,
                format!("Order {order} not found."),
            ));
        };
        if paid {
            return Err(fail(
                StatusCode::BAD_REQUEST,
                format!("Order {order} is already paid."),
            ));
        }
        let seq: i64 = tx.query_row(
            "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'bo_payments'), 0) + 1",
            [],
            |r| r.get(0),
        )?;
        let oid = format!("6a{:022x}", seq);
        let now = now_ms();
        tx.execute(
            &format!("INSERT INTO bo_payments ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?4, '0', NULL, ?5, ?6, 'succeeded', 1, ?7, ?8, NULL, NULL, '{{}}', NULL, NULL, ?7, ?7)"),
            params![oid, human_id(seq as u64), owner, amount, currency, order, now, method],
        )?;
        tx.execute(
            "UPDATE bo_orders SET paid = 1 WHERE oid = ?1",
            params![order],
        )?;
        created.push(oid);
    }
    let payments = created
        .iter()
        .map(|oid| find(tx, oid, None))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(payments).into_response())
}

async fn update(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Answer {
    let user = authorize(&headers)?;
    let values = read(&headers, &bytes)?;
    let body = validate_write(&values, spec(false)).map_err(invalid)?;
    state.db.write(move |db| apply(db, &id, user, &body)).await
}

/// Applies an update's fields in one transaction.
fn apply(db: &Sqlite, id: &str, user: Option<&str>, body: &Map<String, Value>) -> Answer {
    let old = find(db, id, user)?;
    for (k, v) in body {
        let value: Sql = match (k.as_str(), v) {
            ("payment_date", Value::Number(n)) => {
                Sql::Integer(n.as_i64().unwrap_or(0).saturating_mul(1000))
            }
            // The parts given replace theirs; parts the console does not
            // edit (such as `raw` or `geo`) are kept.
            ("billing_address", Value::Object(parts)) => {
                let mut address = old["billing_address"]
                    .as_object()
                    .cloned()
                    .unwrap_or_default();
                address.extend(parts.clone());
                Sql::Text(Value::Object(address).to_string())
            }
            (_, Value::Bool(b)) => Sql::Integer(i64::from(*b)),
            (_, Value::String(s)) => Sql::Text(s.clone()),
            _ => continue,
        };
        // Keys were checked against the writable fields by validation.
        db.execute(
            &format!("UPDATE bo_payments SET {k} = ?1 WHERE oid = ?2"),
            params![value, id],
        )?;
    }
    db.execute(
        "UPDATE bo_payments SET modified = ?1 WHERE oid = ?2",
        params![now_ms(), id],
    )?;
    Ok(Json(find(db, id, user)?).into_response())
}

fn human_id(n: u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut x = n.wrapping_mul(0x9E37_79B9) ^ 0x5A5A;
    (0..6)
        .map(|_| {
            let c = ALPHABET[(x % 32) as usize] as char;
            x /= 32;
            c
        })
        .collect()
}

/// Demo orders (some unpaid, to pay from the console) and payments.
pub fn seed(db: &Sqlite, count: usize) -> rusqlite::Result<()> {
    let mut rng = DemoRng::new(0x5EED_0005);
    let users = [
        DEMO_USER,
        "5f0000000000000000000002",
        "5f0000000000000000000003",
        "5f0000000000000000000004",
    ];
    let currencies = [("EUR", 50), ("USD", 35), ("GBP", 10), ("NOK", 5)];
    let states = [
        ("succeeded", 60),
        ("captured", 5),
        ("pending", 6),
        ("processing", 3),
        ("created", 3),
        ("failed", 7),
        ("cancelled", 4),
        ("refunded", 5),
        ("partial_refund", 3),
        ("on_retry", 2),
        ("reserved", 2),
    ];
    let start = Utc
        .with_ymd_and_hms(2025, 1, 5, 9, 0, 0)
        .single()
        .unwrap_or_default()
        .timestamp_millis();
    let orders = count + 40;
    for i in 0..orders {
        let user = users[rng.below(users.len() as u64) as usize];
        let currency = *rng.weighted(&currencies);
        let cents = 990 + rng.below(40_000) as i64;
        let amount = rust_decimal::Decimal::new(cents, 2).normalize().to_string();
        let oid = format!("5e{:022x}", i + 1);
        let paid = i < count;
        db.execute("INSERT INTO bo_orders (oid, user_oid, amount, currency, paid) VALUES (?1, ?2, ?3, ?4, ?5)", params![oid, user, amount, currency, paid])?;
        if !paid {
            continue;
        }
        let created = start + (i as i64) * 95_000_000 + rng.below(30_000_000) as i64;
        let state = *rng.weighted(&states);
        let refunded = match state {
            "refunded" => Some(amount.clone()),
            "partial_refund" => Some(
                rust_decimal::Decimal::new(cents / 2, 2)
                    .normalize()
                    .to_string(),
            ),
            _ => None,
        };
        let failed = state == "failed";
        db.execute(
            &format!("INSERT INTO bo_payments ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)"),
            params![
                format!("5c{:022x}", i + 1),
                human_id(i as u64 + 1),
                user,
                amount,
                if failed || state == "pending" { "0".to_string() } else { amount.clone() },
                if state == "reserved" { amount.clone() } else { "0".to_string() },
                refunded,
                currency,
                oid,
                state,
                rng.below(12) != 0,
                created + 3_600_000,
                format!("pm_{}", rng.token(12)),
                (rng.below(3) == 0).then(|| json!({"street_name": "1 Harbour Road", "city": "Oslo", "zip_code": "0150"}).to_string()),
                Option::<String>::None,
                json!({"channel": if rng.below(2) == 0 { "web" } else { "app" }}).to_string(),
                failed.then_some("card_declined"),
                failed.then_some("The card was declined."),
                created,
                created + 60_000,
            ],
        )?;
    }
    Ok(())
}
