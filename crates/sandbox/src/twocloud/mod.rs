//! 2cloud's payments API under `/twocloud`: lists of all payments and of a
//! campaign, user or funding source (cursors `after`/`before`, `count`,
//! `status`), create, status change, update and delete; every answer an
//! envelope `{"code", "message", "payments", "errors"}`.
//!
//! Access, as documented: without credentials only `succeeded` and
//! `pending` payments are listed, with only `id`, `created`, `completed`,
//! `amount`, `message` and `campaign`; an authenticated user sees their own
//! payments in full and everyone else's that way; administrators see
//! everything. `anonymous` is whether a payment is publicly attributed, so
//! the restricted view names the payer (`user_id`) only when it is false.
//!
//! Writes need Basic credentials and a `From` device header. Users create
//! payments for themselves, and edit or delete their own uncharged
//! (`pending`) ones; administrators may do anything, and only they change
//! statuses. Ids are above 2^53, beyond what a JavaScript number holds.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use chrono::{Duration, TimeZone, Utc};
use payments_model::connection::Scope;
use payments_model::vendors::twocloud::{self, validate_write, STATUSES};
use payments_model::vendors::{base64, Capabilities, Vendor};
use payments_model::Credentials;
use rusqlite::types::Value as Sql;
use rusqlite::{params, params_from_iter, Connection as Sqlite, OptionalExtension, Row};
use serde_json::{json, Map, Value};

use crate::params::{whole_number_in, Params};
use crate::seed::{rfc3339, DemoRng};
use crate::{body, SandboxState, Simulator};

mod seed;
mod writes;

use seed::seed;
use writes::{change_status, create, remove, update};

/// The demo administrator (username, secret).
pub const ADMIN: (&str, &str) = ("admin", "admin-secret");
/// The demo user (username, secret).
pub const USER: (&str, &str) = ("ada", "ada-secret");

/// The simulator, as the server's registry lists it.
pub const SIMULATOR: Simulator = Simulator {
    vendor: payments_model::vendors::twocloud::VENDOR,
    prefix: "/twocloud",
    schema: SCHEMA,
    tables: &[
        "tc_payments",
        "tc_funding_sources",
        "tc_campaigns",
        "tc_users",
    ],
    seed,
    demo_count: DEMO_COUNT,
    routes,
    demo_connection,
    sign_in,
    headers: &["from"],
};

fn demo_connection() -> payments_model::Connection {
    SIMULATOR.connection(
        Credentials::new(
            "basic",
            [
                ("username", ADMIN.0),
                ("secret", ADMIN.1),
                ("device_id", "payments-console"),
                (twocloud::ACCESS, twocloud::ADMIN_ACCESS),
            ],
        ),
        Scope::all(),
    )
}

fn sign_in() -> String {
    format!(
        "Basic {}:{} (admin) or {}:{}; From: any device id on writes",
        ADMIN.0, ADMIN.1, USER.0, USER.1
    )
}

/// The tables.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tc_users (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, secret TEXT NOT NULL, admin INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS tc_campaigns (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tc_funding_sources (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS tc_payments (
    id INTEGER PRIMARY KEY, remote_id TEXT, amount INTEGER NOT NULL, message TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL, completed TEXT NOT NULL, user_id INTEGER NOT NULL,
    funding_source_id INTEGER NOT NULL, anonymous INTEGER NOT NULL, campaign INTEGER NOT NULL,
    status TEXT NOT NULL, error TEXT NOT NULL DEFAULT ''
);
";

/// How many payments the demo set holds.
pub const DEMO_COUNT: usize = 280;
/// The first demo id: every id is above 2^53.
pub const FIRST_ID: i64 = 9_007_199_254_740_993;
const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

/// The routes, relative to `/twocloud`.
pub fn routes() -> Router<SandboxState> {
    Router::new()
        .route("/payments", get(list_all).post(create))
        .route("/campaigns/{id}/payments", get(list_campaign))
        .route("/users/{username}/payments", get(list_user))
        .route("/funding_sources/{id}/payments", get(list_funding_source))
        .route("/payments/{id}/status", put(change_status))
        .route("/payments/{id}", put(update).delete(remove))
        .fallback(|| async {
            fail(
                StatusCode::NOT_FOUND,
                "There is no such endpoint.",
                4,
                "endpoint",
                None,
            )
        })
}

/// An answer in 2cloud's envelope.
pub struct Envelope {
    status: StatusCode,
    message: String,
    payments: Vec<Value>,
    errors: Vec<Value>,
}

impl IntoResponse for Envelope {
    fn into_response(self) -> Response {
        let body = json!({
            "code": self.status.as_u16(),
            "message": self.message,
            "payments": self.payments,
            "errors": self.errors,
        });
        (self.status, Json(body)).into_response()
    }
}

impl From<rusqlite::Error> for Envelope {
    fn from(e: rusqlite::Error) -> Self {
        fail(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("The sandbox database failed: {e}"),
            10,
            "database",
            None,
        )
    }
}

fn ok(message: &str, payments: Vec<Value>) -> Envelope {
    Envelope {
        status: StatusCode::OK,
        message: message.into(),
        payments,
        errors: vec![],
    }
}

fn fail(
    status: StatusCode,
    message: impl Into<String>,
    code: u8,
    item: &str,
    field: Option<&str>,
) -> Envelope {
    let mut e = json!({ "code": code, "item": item });
    if let Some(f) = field {
        e["field"] = json!(f);
    }
    Envelope {
        status,
        message: message.into(),
        payments: vec![],
        errors: vec![e],
    }
}

type Answer = Result<Envelope, Envelope>;

/// Who is asking.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Caller {
    Anonymous,
    User(i64),
    Admin(i64),
}

impl Caller {
    fn user_id(self) -> Option<i64> {
        match self {
            Caller::Anonymous => None,
            Caller::User(id) | Caller::Admin(id) => Some(id),
        }
    }
}

fn caller(db: &Sqlite, headers: &HeaderMap) -> Result<Caller, Envelope> {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return Ok(Caller::Anonymous);
    };
    let denied = || {
        fail(
            StatusCode::UNAUTHORIZED,
            "The credentials were not accepted.",
            1,
            "Authorization",
            None,
        )
    };
    let encoded = value.strip_prefix("Basic ").ok_or_else(denied)?.trim();
    let row: Option<(i64, String, String, bool)> = {
        let mut stmt = db.prepare("SELECT id, username, secret, admin FROM tc_users")?;
        let users = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        users
            .into_iter()
            .find(|(_, u, s, _)| base64(format!("{u}:{s}").as_bytes()) == encoded)
    };
    match row {
        Some((id, _, _, true)) => Ok(Caller::Admin(id)),
        Some((id, _, _, false)) => Ok(Caller::User(id)),
        None => Err(denied()),
    }
}

fn require_device(headers: &HeaderMap) -> Result<(), Envelope> {
    match headers.get(header::FROM).and_then(|v| v.to_str().ok()) {
        Some(v) if !v.trim().is_empty() => Ok(()),
        _ => Err(fail(
            StatusCode::BAD_REQUEST,
            "Writes need a From header naming the device.",
            3,
            "From",
            None,
        )),
    }
}

const COLUMNS: &str = "id, remote_id, amount, message, created, completed, user_id, funding_source_id, anonymous, campaign, status, error";

struct Row2cloud {
    full: Value,
    user_id: i64,
    anonymous: bool,
    status: String,
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Row2cloud> {
    let id: i64 = row.get(0)?;
    let user_id: i64 = row.get(6)?;
    let anonymous: bool = row.get(8)?;
    let status: String = row.get(10)?;
    let full = json!({
        "id": id as u64, "remote_id": row.get::<_, Option<String>>(1)?, "amount": row.get::<_, i64>(2)?,
        "message": row.get::<_, String>(3)?, "created": row.get::<_, String>(4)?,
        "completed": row.get::<_, String>(5)?, "user_id": user_id as u64,
        "funding_source_id": row.get::<_, i64>(7)? as u64, "anonymous": anonymous,
        "campaign": row.get::<_, i64>(9)? as u64, "status": status, "error": row.get::<_, String>(11)?,
    });
    Ok(Row2cloud {
        full,
        user_id,
        anonymous,
        status,
    })
}

/// Whether `caller` sees all of `p`: administrators see every payment,
/// users their own.
fn sees_all(caller: Caller, p: &Row2cloud) -> bool {
    matches!(caller, Caller::Admin(_)) || caller.user_id() == Some(p.user_id)
}

/// The payment as `caller` may see it, or `None` when hidden. Anyone else
/// sees succeeded and pending payments only, with exactly the six fields
/// the document names (no user id, anonymous or not). In a list scoped
/// to a user or funding source, which names the payer, anonymous payments
/// are left out altogether, so no list tells who gave anonymously.
fn visible(p: Row2cloud, caller: Caller, names_payer: bool) -> Option<Value> {
    if sees_all(caller, &p) {
        return Some(p.full);
    }
    if p.status != "succeeded" && p.status != "pending" {
        return None;
    }
    if names_payer && p.anonymous {
        return None;
    }
    let mut out = Map::new();
    for k in [
        "id",
        "created",
        "completed",
        "amount",
        "message",
        "campaign",
    ] {
        out.insert(k.into(), p.full[k].clone());
    }
    Some(Value::Object(out))
}

/// A path id as the database's integer; ids past i64 do not exist here.
fn path_id(text: &str, item: &str) -> Result<i64, Envelope> {
    text.parse::<u64>()
        .ok()
        .and_then(|n| i64::try_from(n).ok())
        .ok_or_else(|| {
            fail(
                StatusCode::NOT_FOUND,
                format!("There is no {item} {text}."),
                4,
                item,
                None,
            )
        })
}

fn list(db: &Sqlite, headers: &HeaderMap, scope: Option<(&str, i64)>, raw: Option<&str>) -> Answer {
    let who = caller(db, headers)?;
    let p = Params::parse(raw);
    let bad = |m: String, item: &str| fail(StatusCode::BAD_REQUEST, m, 9, item, None);
    let count = match p.get("count") {
        Some(v) => whole_number_in("count", v, 1, 100).map_err(|m| bad(m, "count"))?,
        None => 20,
    };
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Sql> = Vec::new();
    if let Some((column, id)) = scope {
        args.push(Sql::Integer(id));
        clauses.push(format!("{column} = ?{}", args.len()));
    }
    if let Some(s) = p.get("status") {
        if !STATUSES.contains(&s) {
            return Err(bad(
                format!("status must be one of: {}.", STATUSES.join(", ")),
                "status",
            ));
        }
        args.push(Sql::Text(s.into()));
        clauses.push(format!("status = ?{}", args.len()));
    }
    let cursor = |name: &str| -> Result<Option<i64>, Envelope> {
        p.get(name)
            .map(|v| {
                v.parse::<u64>()
                    .map(|n| i64::try_from(n).unwrap_or(i64::MAX))
            })
            .transpose()
            .map_err(|_| bad(format!("{name} must be a payment id."), name))
    };
    let (after, before) = (cursor("after")?, cursor("before")?);
    // Newer than `after` (nearest first, then flipped), or older than `before`.
    let ascending = after.is_some();
    if let Some(a) = after {
        args.push(Sql::Integer(a));
        clauses.push(format!("id > ?{}", args.len()));
    } else if let Some(b) = before {
        args.push(Sql::Integer(b));
        clauses.push(format!("id < ?{}", args.len()));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let order = if ascending { "ASC" } else { "DESC" };
    let mut stmt = db.prepare(&format!(
        "SELECT {COLUMNS} FROM tc_payments {filter} ORDER BY id {order}"
    ))?;
    let names_payer = scope.is_some_and(|(column, _)| column != "campaign");
    let mut shown: Vec<Value> = stmt
        .query_map(params_from_iter(args.iter()), from_row)?
        .filter_map(|r| r.ok())
        .filter_map(|r| visible(r, who, names_payer))
        .take(count as usize)
        .collect();
    if ascending {
        shown.reverse();
    }
    Ok(ok("OK", shown))
}

async fn list_all(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Answer {
    state
        .db
        .read(move |db| list(db, &headers, None, q.as_deref()))
        .await
}

fn exists(
    db: &Sqlite,
    table: &str,
    column: &str,
    value: &dyn rusqlite::ToSql,
) -> rusqlite::Result<Option<i64>> {
    db.query_row(
        &format!("SELECT id FROM {table} WHERE {column} = ?1"),
        [value],
        |r| r.get(0),
    )
    .optional()
}

/// A list scoped to one campaign or funding source, which must exist.
async fn list_under(
    state: SandboxState,
    headers: HeaderMap,
    raw_id: String,
    (table, column, item, words): (&'static str, &'static str, &'static str, &'static str),
    query: Option<String>,
) -> Answer {
    let id = path_id(&raw_id, item)?;
    state
        .db
        .read(move |db| {
            exists(db, table, "id", &id)?.ok_or_else(|| {
                fail(
                    StatusCode::NOT_FOUND,
                    format!("There is no {words} {id}."),
                    4,
                    item,
                    None,
                )
            })?;
            list(db, &headers, Some((column, id)), query.as_deref())
        })
        .await
}

async fn list_campaign(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Answer {
    let scope = ("tc_campaigns", "campaign", "campaign", "campaign");
    list_under(state, headers, id, scope, q).await
}

async fn list_funding_source(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Answer {
    let scope = (
        "tc_funding_sources",
        "funding_source_id",
        "funding_source",
        "funding source",
    );
    list_under(state, headers, id, scope, q).await
}

async fn list_user(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(name): Path<String>,
    RawQuery(q): RawQuery,
) -> Answer {
    state
        .db
        .read(move |db| {
            let id = exists(db, "tc_users", "username", &name)?.ok_or_else(|| {
                fail(
                    StatusCode::NOT_FOUND,
                    format!("There is no user {name:?}."),
                    4,
                    "user",
                    None,
                )
            })?;
            list(db, &headers, Some(("user_id", id)), q.as_deref())
        })
        .await
}
