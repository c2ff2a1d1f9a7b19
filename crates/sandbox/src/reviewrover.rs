//! ReviewRover's payments API, as its document describes it, under
//! `/reviewrover/api/v1`: list with `status`, `page` and `limit` (1–100,
//! default 25), retrieve by id or `external_id`, create (JSON or
//! form-encoded, as the `curl -d` examples send), update and delete, all
//! behind `Authorization: Bearer <token>`.
//!
//! Errors use the envelope the model's vendor module reads: `{"error": "…"}`,
//! with `"errors": {"field": ["…"]}` for invalid input (422).

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{Duration, TimeZone, Utc};
use payments_model::connection::Scope;
use payments_model::http::parse_query;
use payments_model::money::Currency;
use payments_model::time::Moment;
use payments_model::validate::FieldErrors;
use payments_model::Message;

use crate::params::whole_number_in;
use payments_model::vendors::reviewrover::{
    validate_write, Draft, WireError, WireList, WirePagination, WirePayment,
};
use payments_model::Credentials;
use payments_model::Money;
use rusqlite::{params, params_from_iter, Connection as Sqlite, OptionalExtension, Row};

use crate::seed::{rfc3339, DemoRng};
use crate::{body, SandboxState, Simulator};

/// The demo token: `Authorization: Bearer rr_demo_token`.
pub const DEMO_TOKEN: &str = "rr_demo_token";

/// The simulator, as the server's registry lists it.
pub const SIMULATOR: Simulator = Simulator {
    vendor: payments_model::vendors::reviewrover::VENDOR,
    prefix: "/reviewrover/api/v1",
    schema: SCHEMA,
    tables: &["reviewrover_payments"],
    seed,
    demo_count: DEMO_COUNT,
    routes,
    demo_connection,
    sign_in,
    headers: &[],
};

fn demo_connection() -> payments_model::Connection {
    SIMULATOR.connection(
        Credentials::new("bearer", [("token", DEMO_TOKEN)]),
        Scope::all(),
    )
}

fn sign_in() -> String {
    format!("Bearer {DEMO_TOKEN}")
}

/// The table.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS reviewrover_payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    external_id TEXT UNIQUE,
    amount TEXT,
    status TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    contact_id TEXT NOT NULL,
    event_date TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
";

/// How many payments the demo set holds.
pub const DEMO_COUNT: usize = 240;

/// The routes, relative to `/reviewrover/api/v1`.
pub fn routes() -> Router<SandboxState> {
    Router::new()
        .route("/payments", get(list).post(create))
        .route("/payments/{id}", get(retrieve).put(update).delete(remove))
        .fallback(|| async { error(StatusCode::NOT_FOUND, "There is no such endpoint.") })
}

/// A failed request, answered in ReviewRover's error envelope.
pub struct Failure(StatusCode, WireError);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (self.0, Json(self.1)).into_response()
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Self {
        error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("The sandbox database failed: {e}"),
        )
    }
}

type Answer = Result<Response, Failure>;

fn error(status: StatusCode, message: impl Into<String>) -> Failure {
    Failure(
        status,
        WireError {
            error: message.into(),
            errors: Default::default(),
        },
    )
}

fn invalid(errs: FieldErrors) -> Failure {
    let mut body = WireError {
        error: "Validation failed: the payment was not saved.".to_string(),
        errors: Default::default(),
    };
    for e in errs.0 {
        body.errors
            .entry(e.field)
            .or_default()
            .push(e.message.to_string());
    }
    Failure(StatusCode::UNPROCESSABLE_ENTITY, body)
}

fn authorize(headers: &HeaderMap) -> Result<(), Failure> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    match value.and_then(|v| v.strip_prefix("Bearer ")) {
        Some(token) if token.trim() == DEMO_TOKEN => Ok(()),
        Some(_) => Err(error(StatusCode::UNAUTHORIZED, "Invalid API token.")),
        None => Err(error(
            StatusCode::UNAUTHORIZED,
            "Missing API token: send Authorization: Bearer <token>.",
        )),
    }
}

const COLUMNS: &str =
    "id, external_id, amount, status, tags, contact_id, event_date, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<WirePayment> {
    let amount: Option<String> = row.get(2)?;
    let tags: String = row.get(4)?;
    Ok(WirePayment {
        id: row.get(0)?,
        external_id: row.get(1)?,
        amount: amount.and_then(|a| a.parse().ok()),
        status: row.get(3)?,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        contact_id: row.get(5)?,
        event_date: row.get(6)?,
        created_at: row.get(7)?,
        updated_at: row.get(8)?,
    })
}

async fn list(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Answer {
    authorize(&headers)?;
    let params = parse_query(q.as_deref().unwrap_or(""));
    let get = |k: &str| {
        params
            .iter()
            .rev()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    };
    let bad = |m: String| error(StatusCode::BAD_REQUEST, m);
    let page = match get("page") {
        None => 1,
        Some(p) => whole_number_in("page", p, 1, u32::MAX as u64).map_err(bad)?,
    };
    let limit = match get("limit") {
        None => 25,
        Some(l) => whole_number_in("limit", l, 1, 100).map_err(bad)?,
    };
    let (filter, args): (&str, Vec<String>) = match get("status").filter(|s| !s.is_empty()) {
        Some(s) => ("WHERE status = ?1", vec![s.to_string()]),
        None => ("", vec![]),
    };
    state
        .db
        .read(move |db| {
            let total: i64 = db.query_row(
                &format!("SELECT COUNT(*) FROM reviewrover_payments {filter}"),
                params_from_iter(args.iter()),
                |r| r.get(0),
            )?;
            let offset = (page - 1).saturating_mul(limit);
            let mut stmt = db.prepare(&format!(
                "SELECT {COLUMNS} FROM reviewrover_payments {filter} ORDER BY id DESC LIMIT {limit} OFFSET {offset}"
            ))?;
            let payments = stmt
                .query_map(params_from_iter(args.iter()), from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let total = total.max(0) as u64;
            let list = WireList {
                payments,
                pagination: WirePagination {
                    page: page as u32,
                    limit: limit as u32,
                    total,
                    total_pages: total.div_ceil(limit) as u32,
                },
            };
            Ok(Json(list).into_response())
        })
        .await
}

/// Finds a payment by numeric id first, then by `external_id`.
fn find(db: &Sqlite, key: &str) -> rusqlite::Result<Option<WirePayment>> {
    if let Ok(id) = key.parse::<i64>() {
        let by_id = db
            .query_row(
                &format!("SELECT {COLUMNS} FROM reviewrover_payments WHERE id = ?1"),
                params![id],
                from_row,
            )
            .optional()?;
        if by_id.is_some() {
            return Ok(by_id);
        }
    }
    db.query_row(
        &format!("SELECT {COLUMNS} FROM reviewrover_payments WHERE external_id = ?1"),
        params![key],
        from_row,
    )
    .optional()
}

/// Finds a payment or fails with ReviewRover's 404.
fn existing(db: &Sqlite, key: &str) -> Result<WirePayment, Failure> {
    find(db, key)?.ok_or_else(|| {
        error(
            StatusCode::NOT_FOUND,
            format!("No payment has the id or external_id {key:?}."),
        )
    })
}

async fn retrieve(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(key): Path<String>,
) -> Answer {
    authorize(&headers)?;
    let p = state.db.read(move |db| existing(db, &key)).await?;
    Ok(Json(p).into_response())
}

fn amount_text(d: rust_decimal::Decimal) -> String {
    Money::new(d, Currency::usd()).amount_text()
}

fn instant_text(m: Moment) -> String {
    match m {
        Moment::At(t) => rfc3339(t),
        Moment::Day(d) => rfc3339(
            d.and_hms_opt(0, 0, 0)
                .map(|n| n.and_utc())
                .unwrap_or_default(),
        ),
    }
}

fn read_draft(headers: &HeaderMap, bytes: &[u8], creating: bool) -> Result<Draft, Failure> {
    let fields = body::object(headers, bytes).map_err(|m| error(StatusCode::BAD_REQUEST, m))?;
    validate_write(&fields, creating, &Currency::usd()).map_err(invalid)
}

async fn create(State(state): State<SandboxState>, headers: HeaderMap, bytes: Bytes) -> Answer {
    authorize(&headers)?;
    let d = read_draft(&headers, &bytes, true)?;
    state.db.write(move |db| insert(db, d)).await
}

/// Adds a payment; an `external_id` already in use is refused with 422,
/// whether found first or caught by the table's constraint.
fn insert(db: &Sqlite, d: Draft) -> Answer {
    let taken = |ext: &str, by: String| {
        let mut errs = FieldErrors::default();
        errs.check::<()>(
            "external_id",
            Err(Message::said(format!(
                "External ID {ext:?} is already used by {by}."
            ))),
        );
        invalid(errs)
    };
    if let Some(ext) = &d.external_id {
        let holder: Option<i64> = db
            .query_row(
                "SELECT id FROM reviewrover_payments WHERE external_id = ?1",
                params![ext],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = holder {
            return Err(taken(ext, format!("payment {id}")));
        }
    }
    let now = rfc3339(Utc::now());
    let event = d
        .event_date
        .map(instant_text)
        .unwrap_or_else(|| now.clone());
    let tags = serde_json::to_string(&d.tags.unwrap_or_default()).unwrap_or_else(|_| "[]".into());
    let inserted = db.execute(
        "INSERT INTO reviewrover_payments
           (external_id, amount, status, tags, contact_id, event_date, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![
            d.external_id,
            d.amount.map(amount_text),
            d.status,
            tags,
            d.contact_id.unwrap_or_default(),
            event,
            now
        ],
    );
    match inserted {
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            let ext = d.external_id.unwrap_or_default();
            return Err(taken(&ext, "another payment".into()));
        }
        other => other?,
    };
    let p = existing(db, &db.last_insert_rowid().to_string())?;
    Ok((StatusCode::CREATED, Json(p)).into_response())
}

async fn update(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(key): Path<String>,
    bytes: Bytes,
) -> Answer {
    authorize(&headers)?;
    let d = read_draft(&headers, &bytes, false)?;
    state
        .db
        .write(move |db| {
            let old = existing(db, &key)?;
            let amount = d.amount.or(old.amount).map(amount_text);
            let status = d.status.or(old.status);
            let event = d.event_date.map(instant_text).unwrap_or(old.event_date);
            db.execute(
                "UPDATE reviewrover_payments SET amount = ?1, status = ?2, event_date = ?3, updated_at = ?4 WHERE id = ?5",
                params![amount, status, event, rfc3339(Utc::now()), old.id],
            )?;
            let p = existing(db, &old.id.to_string())?;
            Ok(Json(p).into_response())
        })
        .await
}

async fn remove(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(key): Path<String>,
) -> Answer {
    authorize(&headers)?;
    state
        .db
        .write(move |db| {
            let old = existing(db, &key)?;
            db.execute(
                "DELETE FROM reviewrover_payments WHERE id = ?1",
                params![old.id],
            )?;
            Ok(StatusCode::NO_CONTENT.into_response())
        })
        .await
}

/// The demo payments, in time order.
pub fn seed(db: &Sqlite, count: usize) -> rusqlite::Result<()> {
    let mut rng = DemoRng::new(0x5EED_0001);
    let contacts: Vec<String> = (0..60).map(|_| format!("cont_{}", rng.token(18))).collect();
    let statuses = [
        ("completed", 70),
        ("pending", 15),
        ("refunded", 10),
        ("failed", 5),
    ];
    let tags = ["vip", "repeat", "online", "in-store", "referral"];
    let start = Utc
        .with_ymd_and_hms(2025, 1, 6, 9, 0, 0)
        .single()
        .unwrap_or_default();
    let mut stmt = db.prepare(
        "INSERT INTO reviewrover_payments
           (external_id, amount, status, tags, contact_id, event_date, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for i in 0..count {
        // Spread over about ten months, in time order.
        let minutes = (i as i64) * 1_800 + rng.below(1_200) as i64;
        let event = start + Duration::minutes(minutes);
        let created = event + Duration::minutes(30 + rng.below(600) as i64);
        let status = *rng.weighted(&statuses);
        let updated = if status == "refunded" {
            created + Duration::days(1 + rng.below(20) as i64)
        } else {
            created
        };
        let cents = 500 + rng.below(49_500) as i64;
        let amount = rust_decimal::Decimal::new(cents, 2).to_string();
        let external_id = (rng.below(10) != 0).then(|| format!("pay_{:04}", i + 1));
        let chosen: Vec<&str> = tags.iter().copied().filter(|_| rng.below(5) == 0).collect();
        let contact = &contacts[rng.below(contacts.len() as u64) as usize];
        stmt.execute(params![
            external_id,
            amount,
            status,
            serde_json::to_string(&chosen).unwrap_or_else(|_| "[]".into()),
            contact,
            rfc3339(
                event
                    .with_timezone(&Utc)
                    .date_naive()
                    .and_hms_opt(0, 0, 0)
                    .map(|n| n.and_utc())
                    .unwrap_or(event)
            ),
            rfc3339(created),
            rfc3339(updated),
        ])?;
    }
    Ok(())
}
