//! ReviewRover's payments API, as its document describes it, under
//! `/reviewrover/api/v1`: list with `status`, `page` and `limit` (1–100,
//! default 25), retrieve by id or `external_id`, create (JSON or
//! form-encoded, as the `curl -d` examples send), update and delete, all
//! behind `Authorization: Bearer <token>`.
//!
//! Errors use the envelope the model's adapter reads: `{"error": "…"}`,
//! with `"errors": {"field": ["…"]}` for invalid input (422).

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::Utc;
use payments_model::http::parse_query;
use payments_model::money::Currency;
use payments_model::providers::reviewrover::{
    validate_write, Draft, WireError, WireList, WirePagination, WirePayment,
};
use payments_model::time::Moment;
use payments_model::validate::{whole_number_in, FieldErrors};
use payments_model::Money;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use crate::seed::rfc3339;
use crate::{body, credentials, AppState};

/// The routes, relative to `/reviewrover/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/payments", get(list).post(create))
        .route("/payments/{id}", get(retrieve).put(update).delete(remove))
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    let body = WireError {
        error: message.into(),
        errors: Default::default(),
    };
    (status, Json(body)).into_response()
}

fn invalid(errs: FieldErrors) -> Response {
    let mut body = WireError {
        error: "Validation failed: the payment was not saved.".to_string(),
        errors: Default::default(),
    };
    for e in errs.0 {
        body.errors.entry(e.field).or_default().push(e.message);
    }
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

fn authorize(headers: &HeaderMap) -> Result<(), Response> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    match value.and_then(|v| v.strip_prefix("Bearer ")) {
        Some(token) if token.trim() == credentials::REVIEWROVER_TOKEN => Ok(()),
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

fn db_error(e: rusqlite::Error) -> Response {
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("The sandbox database failed: {e}"),
    )
}

async fn list(State(state): State<AppState>, headers: HeaderMap, RawQuery(q): RawQuery) -> Response {
    if let Err(r) = authorize(&headers) {
        return r;
    }
    let params = parse_query(q.as_deref().unwrap_or(""));
    let get = |k: &str| params.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let page = match get("page").map(|p| whole_number_in("page", p, 1, u32::MAX as u64)) {
        None => 1,
        Some(Ok(p)) => p,
        Some(Err(m)) => return error(StatusCode::BAD_REQUEST, m),
    };
    let limit = match get("limit").map(|l| whole_number_in("limit", l, 1, 100)) {
        None => 25,
        Some(Ok(l)) => l,
        Some(Err(m)) => return error(StatusCode::BAD_REQUEST, m),
    };
    let status = get("status").filter(|s| !s.is_empty());
    let conn = state.db.lock();
    let (filter, args): (&str, Vec<String>) = match status {
        Some(s) => ("WHERE status = ?1", vec![s.to_string()]),
        None => ("", vec![]),
    };
    let result = (|| -> rusqlite::Result<WireList> {
        let total: i64 = conn.query_row(
            &format!("SELECT COUNT(*) FROM reviewrover_payments {filter}"),
            params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        let offset = (page - 1).saturating_mul(limit);
        let mut stmt = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM reviewrover_payments {filter} ORDER BY id DESC LIMIT {limit} OFFSET {offset}"
        ))?;
        let payments = stmt
            .query_map(params_from_iter(args.iter()), from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let total = total.max(0) as u64;
        Ok(WireList {
            payments,
            pagination: WirePagination {
                page: page as u32,
                limit: limit as u32,
                total,
                total_pages: total.div_ceil(limit) as u32,
            },
        })
    })();
    match result {
        Ok(list) => Json(list).into_response(),
        Err(e) => db_error(e),
    }
}

/// Finds a payment by numeric id first, then by `external_id`.
fn find(conn: &Connection, key: &str) -> rusqlite::Result<Option<WirePayment>> {
    if let Ok(id) = key.parse::<i64>() {
        let by_id = conn
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
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM reviewrover_payments WHERE external_id = ?1"),
        params![key],
        from_row,
    )
    .optional()
}

fn not_found(key: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        format!("No payment has the id or external_id {key:?}."),
    )
}

async fn retrieve(State(state): State<AppState>, headers: HeaderMap, Path(key): Path<String>) -> Response {
    if let Err(r) = authorize(&headers) {
        return r;
    }
    match find(&state.db.lock(), &key) {
        Ok(Some(p)) => Json(p).into_response(),
        Ok(None) => not_found(&key),
        Err(e) => db_error(e),
    }
}

fn amount_text(d: rust_decimal::Decimal) -> String {
    Money::new(d, Currency::usd()).amount_text()
}

fn instant_text(m: Moment) -> String {
    match m {
        Moment::At(t) => rfc3339(t),
        Moment::Day(d) => rfc3339(d.and_hms_opt(0, 0, 0).map(|n| n.and_utc()).unwrap_or_default()),
    }
}

fn read_draft(headers: &HeaderMap, bytes: &[u8], creating: bool) -> Result<Draft, Response> {
    let fields = body::object(headers, bytes).map_err(|m| error(StatusCode::BAD_REQUEST, m))?;
    validate_write(&fields, creating, &Currency::usd()).map_err(invalid)
}

fn external_id_taken(external_id: &str, by: i64) -> Response {
    let mut errs = FieldErrors::default();
    errs.check::<()>(
        "external_id",
        Err(format!("External ID {external_id:?} is already used by payment {by}.")),
    );
    invalid(errs)
}

async fn create(State(state): State<AppState>, headers: HeaderMap, bytes: Bytes) -> Response {
    if let Err(r) = authorize(&headers) {
        return r;
    }
    let d = match read_draft(&headers, &bytes, true) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let conn = state.db.lock();
    if let Some(ext) = &d.external_id {
        match find(&conn, ext) {
            Ok(Some(p)) if p.external_id.as_deref() == Some(ext.as_str()) => {
                return external_id_taken(ext, p.id)
            }
            Ok(_) => {}
            Err(e) => return db_error(e),
        }
    }
    let now = rfc3339(Utc::now());
    let event = d.event_date.map(instant_text).unwrap_or_else(|| now.clone());
    let tags = serde_json::to_string(&d.tags.unwrap_or_default()).unwrap_or_else(|_| "[]".into());
    let inserted = conn.execute(
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
    let id = match inserted {
        Ok(_) => conn.last_insert_rowid(),
        Err(e) => return db_error(e),
    };
    match find(&conn, &id.to_string()) {
        Ok(Some(p)) => (StatusCode::CREATED, Json(p)).into_response(),
        Ok(None) => not_found(&id.to_string()),
        Err(e) => db_error(e),
    }
}

async fn update(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(key): Path<String>,
    bytes: Bytes,
) -> Response {
    if let Err(r) = authorize(&headers) {
        return r;
    }
    let d = match read_draft(&headers, &bytes, false) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let conn = state.db.lock();
    let existing = match find(&conn, &key) {
        Ok(Some(p)) => p,
        Ok(None) => return not_found(&key),
        Err(e) => return db_error(e),
    };
    let amount = d.amount.map(amount_text).or(existing.amount.map(amount_text));
    let status = d.status.or(existing.status);
    let event = d.event_date.map(instant_text).unwrap_or(existing.event_date);
    let changed = conn.execute(
        "UPDATE reviewrover_payments SET amount = ?1, status = ?2, event_date = ?3, updated_at = ?4 WHERE id = ?5",
        params![amount, status, event, rfc3339(Utc::now()), existing.id],
    );
    if let Err(e) = changed {
        return db_error(e);
    }
    match find(&conn, &existing.id.to_string()) {
        Ok(Some(p)) => Json(p).into_response(),
        Ok(None) => not_found(&key),
        Err(e) => db_error(e),
    }
}

async fn remove(State(state): State<AppState>, headers: HeaderMap, Path(key): Path<String>) -> Response {
    if let Err(r) = authorize(&headers) {
        return r;
    }
    let conn = state.db.lock();
    let existing = match find(&conn, &key) {
        Ok(Some(p)) => p,
        Ok(None) => return not_found(&key),
        Err(e) => return db_error(e),
    };
    match conn.execute("DELETE FROM reviewrover_payments WHERE id = ?1", params![existing.id]) {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => db_error(e),
    }
}
