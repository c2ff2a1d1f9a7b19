//! The billing platform's payments API under
//! `/billingplatform/backend/api/v1`: all payments and one customer's, valid
//! ones unless `reversed` or `includeReversed` is given, the eight date
//! filters, create under a customer, patch and delete, behind
//! `Authorization: Bearer <token>`.
//!
//! Answers follow the choices of `payments_model::vendors::billingplatform`:
//! lists are bare arrays of the documented fields; errors are
//! `{"message": "…", "errors": {"field": ["…"]}}`. Amounts are in pounds
//! (GBP) for every demo customer. The reversal, reinstatement, collection
//! and cancellation times behind the `*Since` filters are kept but not
//! shown, as the document lists no field for them. A reinstated payment
//! is valid again: it is listed by default, not under `reversed`.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{Duration, TimeZone, Utc};
use payments_model::connection::Scope;
use payments_model::money::Currency;
use payments_model::time::{self, Moment};
use payments_model::validate::FieldErrors;
use payments_model::vendors::billingplatform::{validate_write, CUSTOMER_FIELD};
use payments_model::Credentials;
use rusqlite::types::Value as Sql;
use rusqlite::{params, params_from_iter, Connection as Sqlite, OptionalExtension, Row};
use serde_json::{json, Map, Value};

use crate::message_error::{self, fail, Failure};
use crate::params::Params;
use crate::seed::{rfc3339, DemoRng};
use crate::{body, SandboxState, Simulator};

/// The demo token: `Authorization: Bearer bp_demo_token`.
pub const DEMO_TOKEN: &str = "bp_demo_token";

/// The simulator, as the server's registry lists it.
pub const SIMULATOR: Simulator = Simulator {
    vendor: payments_model::vendors::billingplatform::VENDOR,
    prefix: "/billingplatform/backend/api/v1",
    schema: SCHEMA,
    tables: &["bp_payments", "bp_customers"],
    seed,
    demo_count: DEMO_COUNT,
    routes,
    demo_connection,
    sign_in,
    headers: &[],
};

fn demo_connection() -> payments_model::Connection {
    payments_model::Connection {
        currency: Currency::from_code("GBP"),
        ..SIMULATOR.connection(
            Credentials::new("bearer", [("token", DEMO_TOKEN)]),
            Scope::all(),
        )
    }
}

fn sign_in() -> String {
    format!("Bearer {DEMO_TOKEN}")
}

/// The tables.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS bp_customers (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bp_payments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    customer_id TEXT NOT NULL,
    our_reference TEXT, customer_reference TEXT,
    payment_date TEXT NOT NULL, payment_reversed_date TEXT,
    status TEXT NOT NULL, payment_amount TEXT NOT NULL, payment_method TEXT,
    invoice_id TEXT, invoice_id_reversed TEXT,
    reversed_at TEXT, reinstated_at TEXT, collected_at TEXT, cancelled_at TEXT
);
";

/// How many payments the demo set holds.
pub const DEMO_COUNT: usize = 300;

/// The routes, relative to `/billingplatform/backend/api/v1`.
pub fn routes() -> Router<SandboxState> {
    Router::new()
        .route("/payments/", get(list_all))
        .route("/payments", get(list_all))
        .route("/payments/{id}", get(retrieve).patch(update).delete(remove))
        .route("/customers/{id}/payments/", get(list_customer).post(create))
        .route("/customers/{id}/payments", get(list_customer).post(create))
        .fallback(|| async { fail(StatusCode::NOT_FOUND, "There is no such endpoint.") })
}

fn invalid(errs: FieldErrors) -> Failure {
    message_error::invalid(
        StatusCode::UNPROCESSABLE_ENTITY,
        "The payment is not valid.",
        errs,
    )
}

type Answer = Result<Response, Failure>;

fn authorize(headers: &HeaderMap) -> Result<(), Failure> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match token {
        Some(t) if t.trim() == DEMO_TOKEN => Ok(()),
        Some(_) => Err(fail(
            StatusCode::UNAUTHORIZED,
            "The access token is not valid.",
        )),
        None => Err(fail(
            StatusCode::UNAUTHORIZED,
            "Authentication required: send Authorization: Bearer <token>.",
        )),
    }
}

const COLUMNS: &str =
    "id, our_reference, customer_reference, payment_date, payment_reversed_date, \
    status, payment_amount, payment_method, invoice_id, invoice_id_reversed";

/// A row in the documented field order.
fn from_row(row: &Row<'_>) -> rusqlite::Result<Value> {
    let status: String = row.get(5)?;
    let amount: String = row.get(6)?;
    Ok(json!({
        "ourReference": row.get::<_, Option<String>>(1)?,
        "customerReference": row.get::<_, Option<String>>(2)?,
        "paymentDate": row.get::<_, String>(3)?,
        "paymentReversedDate": row.get::<_, Option<String>>(4)?,
        "status": serde_json::from_str::<Value>(&status).unwrap_or(json!([])),
        "paymentAmount": amount,
        "paymentMethod": row.get::<_, Option<String>>(7)?,
        "invoiceID": row.get::<_, Option<String>>(8)?,
        "invoiceIDReversed": row.get::<_, Option<String>>(9)?,
        "id": row.get::<_, String>(0)?,
    }))
}

async fn list_all(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Answer {
    authorize(&headers)?;
    let p = Params::parse(q.as_deref());
    state.db.read(move |db| list(db, None, &p)).await
}

async fn list_customer(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(customer): Path<String>,
    RawQuery(q): RawQuery,
) -> Answer {
    authorize(&headers)?;
    let p = Params::parse(q.as_deref());
    state
        .db
        .read(move |db| {
            customer_exists(db, &customer)?;
            list(db, Some(&customer), &p)
        })
        .await
}

fn customer_exists(db: &Sqlite, id: &str) -> Result<(), Failure> {
    let found: Option<String> = db
        .query_row(
            "SELECT id FROM bp_customers WHERE id = ?1",
            params![id],
            |r| r.get(0),
        )
        .optional()?;
    found.map(|_| ()).ok_or_else(|| {
        fail(
            StatusCode::NOT_FOUND,
            format!("No customer has the ID {id:?}."),
        )
    })
}

/// The WHERE clause and its arguments for a list request.
fn filters(customer: Option<&str>, p: &Params) -> Result<(String, Vec<Sql>), Failure> {
    let bad = |m: String| fail(StatusCode::BAD_REQUEST, m);
    let mut clauses = Vec::new();
    let mut args: Vec<Sql> = Vec::new();
    if let Some(c) = customer {
        args.push(Sql::Text(c.to_string()));
        clauses.push(format!("customer_id = ?{}", args.len()));
    }
    let reversed = p.flag("reversed").map_err(bad)?;
    let include = p.flag("includeReversed").map_err(bad)?;
    // Reversed means reversed and not reinstated since.
    let is_reversed = "(status LIKE '%\"Reversed\"%' AND status NOT LIKE '%\"Reinstated\"%')";
    if reversed {
        clauses.push(is_reversed.into());
    } else if !include {
        clauses.push(format!("NOT {is_reversed}"));
    }
    let dates = [
        ("minDate", "payment_date", ">="),
        ("maxDate", "payment_date", "<="),
        ("minReversedDate", "payment_reversed_date", ">="),
        ("maxReversedDate", "payment_reversed_date", "<="),
    ];
    for (name, column, op) in dates {
        if let Some(v) = p.get(name) {
            match time::parse_text(v) {
                Ok(Some(m @ Moment::Day(_))) => {
                    args.push(Sql::Text(m.exact()));
                    clauses.push(format!("{column} {op} ?{}", args.len()));
                }
                _ => return Err(bad(format!("{name} must be a date such as 2025-02-17."))),
            }
        }
    }
    let since = [
        ("reversedSince", "reversed_at"),
        ("reinstatedSince", "reinstated_at"),
        ("collectedSince", "collected_at"),
        ("cancelledSince", "cancelled_at"),
    ];
    for (name, column) in since {
        if let Some(v) = p.get(name) {
            match time::parse_text(v) {
                Ok(Some(m)) => {
                    args.push(Sql::Text(m.instant_text()));
                    clauses.push(format!("{column} >= ?{}", args.len()));
                }
                _ => {
                    return Err(bad(format!(
                        "{name} must be a date and time such as 2025-02-17T10:00:00Z."
                    )))
                }
            }
        }
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    Ok((sql, args))
}

fn list(db: &Sqlite, customer: Option<&str>, p: &Params) -> Answer {
    let (filter, args) = filters(customer, p)?;
    let mut stmt = db.prepare(&format!(
        "SELECT {COLUMNS} FROM bp_payments {filter} ORDER BY payment_date DESC, seq DESC"
    ))?;
    let rows = stmt
        .query_map(params_from_iter(args.iter()), from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Json(rows).into_response())
}

fn find(db: &Sqlite, id: &str) -> Result<Value, Failure> {
    db.query_row(
        &format!("SELECT {COLUMNS} FROM bp_payments WHERE id = ?1"),
        params![id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| {
        fail(
            StatusCode::NOT_FOUND,
            format!("No payment has the ID {id:?}."),
        )
    })
}

async fn retrieve(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Answer {
    authorize(&headers)?;
    let p = state.db.read(move |db| find(db, &id)).await?;
    Ok(Json(p).into_response())
}

fn read_body(headers: &HeaderMap, bytes: &[u8]) -> Result<Map<String, Value>, Failure> {
    body::object(headers, bytes).map_err(|m| fail(StatusCode::BAD_REQUEST, m))
}

async fn create(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(customer): Path<String>,
    bytes: Bytes,
) -> Answer {
    authorize(&headers)?;
    let mut values = read_body(&headers, &bytes)?;
    values.insert(CUSTOMER_FIELD.into(), Value::String(customer.clone()));
    let body = validate_write(&gbp(), &values, true).map_err(invalid)?;
    state.db.write(move |db| insert(db, &customer, &body)).await
}

/// Adds a payment under `customer`; its id comes from the table's
/// sequence, so an id is never given twice, even after a delete.
fn insert(db: &Sqlite, customer: &str, body: &Map<String, Value>) -> Answer {
    customer_exists(db, customer)?;
    let seq: i64 = db.query_row(
        "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'bp_payments'), 0) + 1",
        [],
        |r| r.get(0),
    )?;
    let id = format!("PAY-{:05}", 10_000 + seq);
    let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
    db.execute(
        "INSERT INTO bp_payments (id, customer_id, our_reference, customer_reference, payment_date,
           status, payment_amount, payment_method, invoice_id)
         VALUES (?1, ?2, ?3, ?4, ?5, '[\"Pending\"]', ?6, ?7, ?8)",
        params![
            id,
            customer,
            text("ourReference"),
            text("customerReference"),
            text("paymentDate"),
            text("paymentAmount"),
            text("paymentMethod"),
            text("invoiceID")
        ],
    )?;
    Ok((StatusCode::CREATED, Json(find(db, &id)?)).into_response())
}

async fn update(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Answer {
    authorize(&headers)?;
    let values = read_body(&headers, &bytes)?;
    let body = validate_write(&gbp(), &values, false).map_err(invalid)?;
    state.db.write(move |db| apply(db, &id, &body)).await
}

/// Applies an update's fields, and the event times of statuses gained.
fn apply(db: &Sqlite, id: &str, body: &Map<String, Value>) -> Answer {
    let old = find(db, id)?;
    let columns = [
        ("ourReference", "our_reference"),
        ("customerReference", "customer_reference"),
        ("paymentDate", "payment_date"),
        ("paymentReversedDate", "payment_reversed_date"),
        ("paymentAmount", "payment_amount"),
        ("paymentMethod", "payment_method"),
        ("invoiceID", "invoice_id"),
        ("invoiceIDReversed", "invoice_id_reversed"),
    ];
    let now = rfc3339(Utc::now());
    for (field, column) in columns {
        if let Some(v) = body.get(field).and_then(Value::as_str) {
            db.execute(
                &format!("UPDATE bp_payments SET {column} = ?1 WHERE id = ?2"),
                params![v, id],
            )?;
        }
    }
    if let Some(Value::Array(new)) = body.get("status") {
        let had = |n: &str| {
            old["status"]
                .as_array()
                .is_some_and(|a| a.iter().any(|s| s == n))
        };
        let gains = |n: &str| new.iter().any(|s| s == n) && !had(n);
        for (name, column) in [
            ("Reversed", "reversed_at"),
            ("Reinstated", "reinstated_at"),
            ("Collected", "collected_at"),
            ("Cancelled", "cancelled_at"),
        ] {
            if gains(name) {
                db.execute(
                    &format!("UPDATE bp_payments SET {column} = ?1 WHERE id = ?2"),
                    params![now, id],
                )?;
            }
        }
        if gains("Reversed")
            && body.get("paymentReversedDate").is_none()
            && old["paymentReversedDate"].is_null()
        {
            let today = Moment::Day(Utc::now().date_naive()).exact();
            db.execute(
                "UPDATE bp_payments SET payment_reversed_date = ?1 WHERE id = ?2",
                params![today, id],
            )?;
        }
        db.execute(
            "UPDATE bp_payments SET status = ?1 WHERE id = ?2",
            params![Value::Array(new.clone()).to_string(), id],
        )?;
    }
    Ok(Json(find(db, id)?).into_response())
}

async fn remove(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Answer {
    authorize(&headers)?;
    state
        .db
        .write(move |db| {
            find(db, &id)?;
            db.execute("DELETE FROM bp_payments WHERE id = ?1", params![id])?;
            Ok(StatusCode::NO_CONTENT.into_response())
        })
        .await
}

fn gbp() -> Currency {
    Currency::from_code("GBP").unwrap_or_else(Currency::usd)
}

/// The demo customers and their payments.
pub fn seed(db: &Sqlite, count: usize) -> rusqlite::Result<()> {
    let mut rng = DemoRng::new(0x5EED_0002);
    let customers = [
        ("1001", "Harbour Dental"),
        ("1002", "Kite & Co"),
        ("1003", "Northwind Gym"),
        ("1004", "Oak Lane Vets"),
        ("1005", "Pebble Nursery"),
        ("1006", "Quay Books"),
        ("1007", "Riverside Physio"),
        ("1008", "Summit Climbing"),
    ];
    for (id, name) in customers {
        db.execute(
            "INSERT OR IGNORE INTO bp_customers (id, name) VALUES (?1, ?2)",
            params![id, name],
        )?;
    }
    let start = Utc
        .with_ymd_and_hms(2025, 1, 2, 6, 0, 0)
        .single()
        .unwrap_or_default();
    let methods = [
        "Direct Debit",
        "Direct Debit",
        "Direct Debit",
        "Bank Transfer",
        "Card",
    ];
    let fates: [(&[&str], u64); 5] = [
        (&["Collected"], 70),
        (&["Pending"], 10),
        (&["Collected", "Reversed"], 10),
        (&["Cancelled"], 5),
        (&["Collected", "Reversed", "Reinstated"], 5),
    ];
    for i in 0..count {
        let customer = customers[rng.below(customers.len() as u64) as usize].0;
        let paid = start + Duration::hours((i as i64) * 23 + rng.below(12) as i64);
        let status = *rng.weighted(&fates);
        let at = |days: i64| rfc3339(paid + Duration::days(days) + Duration::hours(3));
        let collected = status.contains(&"Collected").then(|| at(2));
        let reversed = status
            .contains(&"Reversed")
            .then(|| paid + Duration::days(9 + rng.below(20) as i64));
        let reinstated = status.contains(&"Reinstated").then(|| at(40));
        let cancelled = status.contains(&"Cancelled").then(|| at(1));
        let amount = rust_decimal::Decimal::new(1500 + rng.below(60_000) as i64, 2).to_string();
        db.execute(
            "INSERT INTO bp_payments (id, customer_id, our_reference, customer_reference, payment_date,
               payment_reversed_date, status, payment_amount, payment_method, invoice_id,
               invoice_id_reversed, reversed_at, reinstated_at, collected_at, cancelled_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                format!("PAY-{:05}", i + 1),
                customer,
                format!("DD-2025-{:04}", i + 1),
                (rng.below(3) == 0).then(|| format!("REF {}", 100 + rng.below(900))),
                Moment::Day(paid.date_naive()).exact(),
                reversed.map(|r| Moment::Day(r.date_naive()).exact()),
                serde_json::to_string(status).unwrap_or_else(|_| "[]".into()),
                amount,
                methods[rng.below(methods.len() as u64) as usize],
                format!("INV-{}", 5000 + i),
                reversed.map(|_| format!("INV-{}", 9000 + i)),
                reversed.map(rfc3339),
                reinstated,
                collected,
                cancelled,
            ],
        )?;
    }
    Ok(())
}
