//! Whop's payments API under `/whop/api/v5`: `GET /app/payments`,
//! `/company/payments` and `/me/payments` with `company_id`, `product_id`,
//! `in_app_payments`, `page` and `per` (at most 50), and one payment from
//! `/app/payments/{id}` or `/me/payments/{id}`, behind bearer keys.
//!
//! Like the real service: times are epoch seconds or `null`, amounts are
//! JSON numbers in major units, currencies lower-case, answers carry a few
//! fields the document does not list, and more than 20 requests in 10
//! seconds from one key get a 429 `{"message":"You are being rate
//! limited"}` with `Retry-After` until the window frees up.
//!
//! The app key serves `/app` (every payment) and `/company` (the payments of
//! the key's company, `biz_demo`); the user token serves `/me` (the
//! payments of `user_demo`). `in_app_payments=true` keeps payments with a
//! line item, `false` those without.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{TimeZone, Utc};
use payments_model::connection::Scope;
use payments_model::Credentials;
use rusqlite::types::Value as Sql;
use rusqlite::{params, params_from_iter, Connection as Sqlite, OptionalExtension, Row};
use serde_json::{json, Value};

use crate::params::{whole_number_in, Params};
use crate::seed::DemoRng;
use crate::{SandboxState, Simulator};

/// The demo app API key (`/app` and `/company`).
pub const APP_KEY: &str = "whop_demo_app_key";
/// The demo user token (`/me`).
pub const USER_TOKEN: &str = "whop_demo_user_token";

/// The simulator, as the server's registry lists it.
pub const SIMULATOR: Simulator = Simulator {
    vendor: payments_model::vendors::whop::VENDOR,
    prefix: "/whop/api/v5",
    schema: SCHEMA,
    tables: &["whop_payments"],
    seed,
    demo_count: DEMO_COUNT,
    routes,
    demo_connection,
    sign_in,
    headers: &[],
};

fn demo_connection() -> payments_model::Connection {
    SIMULATOR.connection(
        Credentials::new("bearer", [("token", APP_KEY)]),
        Scope::named("app", ""),
    )
}

fn sign_in() -> String {
    format!("Bearer {APP_KEY} (app, company); Bearer {USER_TOKEN} (me)")
}

/// The table.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS whop_payments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE, membership_id TEXT, product_id TEXT, user_id TEXT, plan_id TEXT,
    company_id TEXT, line_item_id TEXT, created_at INTEGER NOT NULL, paid_at INTEGER,
    refunded_at INTEGER, last_payment_attempt INTEGER, next_payment_attempt INTEGER,
    status TEXT NOT NULL, subtotal TEXT NOT NULL, final_amount TEXT NOT NULL, currency TEXT NOT NULL,
    refunded_amount TEXT NOT NULL, payments_failed INTEGER NOT NULL, checkout_id TEXT,
    card_brand TEXT, card_last_4 TEXT, funding_method TEXT, wallet_type TEXT,
    calculated_statement_descriptor TEXT, issuer_identification_number TEXT,
    billing_usage_ids TEXT NOT NULL DEFAULT '[]', company_buyer_id TEXT
);
";

/// How many payments the demo set holds.
pub const DEMO_COUNT: usize = 260;
/// The company of the demo app key.
pub const DEMO_COMPANY: &str = "biz_demo";
/// The user behind the demo user token.
pub const DEMO_USER: &str = "user_demo";

/// The routes, relative to `/whop/api/v5`.
pub fn routes() -> Router<SandboxState> {
    Router::new()
        .route("/app/payments", get(list_app))
        .route("/company/payments", get(list_company))
        .route("/me/payments", get(list_me))
        .route("/app/payments/{id}", get(retrieve_app))
        .route("/me/payments/{id}", get(retrieve_me))
        .fallback(|| async { Failure(StatusCode::NOT_FOUND, "Not found".into(), None) })
}

/// A failed request: `{"message": …}`, with `Retry-After` on 429s.
pub struct Failure(StatusCode, String, Option<u64>);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let mut r = (self.0, Json(json!({ "message": self.1 }))).into_response();
        if let Some(s) = self
            .2
            .and_then(|s| HeaderValue::from_str(&s.to_string()).ok())
        {
            r.headers_mut().insert(header::RETRY_AFTER, s);
        }
        r
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Self {
        Failure(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("The sandbox database failed: {e}"),
            None,
        )
    }
}

type Answer = Result<Response, Failure>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    App,
    User,
}

fn authorize(state: &SandboxState, headers: &HeaderMap, want: Key) -> Result<(), Failure> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let key = match token {
        Some(APP_KEY) => Key::App,
        Some(USER_TOKEN) => Key::User,
        Some(_) => {
            return Err(Failure(
                StatusCode::UNAUTHORIZED,
                "Invalid API key".into(),
                None,
            ))
        }
        None => {
            return Err(Failure(
                StatusCode::UNAUTHORIZED,
                "Missing API key: send Authorization: Bearer <key>".into(),
                None,
            ))
        }
    };
    state
        .rate_limit
        .check(token.unwrap_or_default())
        .map_err(|wait| {
            Failure(
                StatusCode::TOO_MANY_REQUESTS,
                "You are being rate limited".into(),
                Some(wait),
            )
        })?;
    if key != want {
        let need = if want == Key::App {
            "an app API key"
        } else {
            "a user token"
        };
        return Err(Failure(
            StatusCode::FORBIDDEN,
            format!("This endpoint needs {need}"),
            None,
        ));
    }
    Ok(())
}

const COLUMNS: &str = "id, membership_id, product_id, user_id, plan_id, company_id, line_item_id, \
    created_at, paid_at, refunded_at, last_payment_attempt, next_payment_attempt, status, subtotal, \
    final_amount, currency, refunded_amount, payments_failed, checkout_id, card_brand, card_last_4, \
    funding_method, wallet_type, calculated_statement_descriptor, issuer_identification_number, \
    billing_usage_ids, company_buyer_id";

/// A decimal as a JSON number (its shortest text is the decimal's own).
fn number(text: &str) -> Value {
    text.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Value> {
    let s = |i: usize| row.get::<_, Option<String>>(i);
    let n = |i: usize| row.get::<_, Option<i64>>(i);
    let usage: String = row.get(25)?;
    Ok(json!({
        "id": s(0)?, "membership_id": s(1)?, "product_id": s(2)?, "user_id": s(3)?, "plan_id": s(4)?,
        "company_id": s(5)?, "line_item_id": s(6)?, "created_at": n(7)?, "paid_at": n(8)?,
        "refunded_at": n(9)?, "last_payment_attempt": n(10)?, "next_payment_attempt": n(11)?,
        "status": s(12)?, "subtotal": number(&row.get::<_, String>(13)?),
        "final_amount": number(&row.get::<_, String>(14)?), "currency": s(15)?,
        "refunded_amount": number(&row.get::<_, String>(16)?), "payments_failed": n(17)?,
        "checkout_id": s(18)?, "card_brand": s(19)?, "card_last_4": s(20)?, "funding_method": s(21)?,
        "wallet_type": s(22)?, "calculated_statement_descriptor": s(23)?,
        "issuer_identification_number": s(24)?,
        "billing_usage_ids": serde_json::from_str::<Value>(&usage).unwrap_or(json!([])),
        "company_buyer_id": s(26)?,
        "amount_after_fees": null, "is_test": true
    }))
}

fn list(db: &Sqlite, scope: (&str, Option<&str>), p: &Params) -> Answer {
    let bad = |m: String| Failure(StatusCode::BAD_REQUEST, m, None);
    let page = match p.get("page") {
        Some(v) => whole_number_in("page", v, 1, u32::MAX as u64).map_err(bad)?,
        None => 1,
    };
    let per = match p.get("per") {
        Some(v) => whole_number_in("per", v, 1, 50).map_err(bad)?,
        None => 10,
    };
    let mut clauses = Vec::new();
    let mut args: Vec<Sql> = Vec::new();
    let mut eq = |column: &str, value: &str| {
        args.push(Sql::Text(value.to_string()));
        clauses.push(format!("{column} = ?{}", args.len()));
    };
    if let Some(v) = scope.1 {
        eq(scope.0, v);
    }
    if let Some(v) = p.get("company_id") {
        eq("company_id", v);
    }
    if let Some(v) = p.get("product_id") {
        eq("product_id", v);
    }
    match p.get("in_app_payments") {
        Some("true") => clauses.push("line_item_id IS NOT NULL".into()),
        Some("false") => clauses.push("line_item_id IS NULL".into()),
        Some(other) => {
            return Err(bad(format!(
                "in_app_payments must be true or false, not {other:?}"
            )))
        }
        None => {}
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let total: i64 = db.query_row(
        &format!("SELECT COUNT(*) FROM whop_payments {filter}"),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    let offset = (page - 1).saturating_mul(per);
    let mut stmt = db.prepare(&format!(
        "SELECT {COLUMNS} FROM whop_payments {filter} ORDER BY created_at DESC, seq DESC LIMIT {per} OFFSET {offset}"
    ))?;
    let data = stmt
        .query_map(params_from_iter(args.iter()), from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total = total.max(0) as u64;
    let total_pages = total.div_ceil(per).max(1);
    let body = json!({
        "pagination": {
            "current_page": page,
            "total_pages": total_pages,
            "next_page": (page < total_pages).then_some(page + 1),
            "prev_page": (page > 1).then(|| (page - 1).min(total_pages)),
            "total_count": total,
        },
        "data": data,
    });
    Ok(Json(body).into_response())
}

async fn list_app(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Answer {
    authorize(&state, &headers, Key::App)?;
    let p = Params::parse(q.as_deref());
    state
        .db
        .read(move |db| list(db, ("company_id", None), &p))
        .await
}

async fn list_company(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Answer {
    authorize(&state, &headers, Key::App)?;
    let p = Params::parse(q.as_deref());
    state
        .db
        .read(move |db| list(db, ("company_id", Some(DEMO_COMPANY)), &p))
        .await
}

async fn list_me(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Answer {
    authorize(&state, &headers, Key::User)?;
    let p = Params::parse(q.as_deref());
    state
        .db
        .read(move |db| list(db, ("user_id", Some(DEMO_USER)), &p))
        .await
}

fn find(db: &Sqlite, id: &str, user: Option<&str>) -> Answer {
    let found = db
        .query_row(
            &format!("SELECT {COLUMNS} FROM whop_payments WHERE id = ?1"),
            params![id],
            from_row,
        )
        .optional()?
        .filter(|p| user.is_none_or(|u| p["user_id"] == json!(u)));
    match found {
        Some(p) => Ok(Json(p).into_response()),
        None => Err(Failure(
            StatusCode::NOT_FOUND,
            format!("Payment {id} not found"),
            None,
        )),
    }
}

async fn retrieve_app(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Answer {
    authorize(&state, &headers, Key::App)?;
    state.db.read(move |db| find(db, &id, None)).await
}

async fn retrieve_me(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Answer {
    authorize(&state, &headers, Key::User)?;
    state
        .db
        .read(move |db| find(db, &id, Some(DEMO_USER)))
        .await
}

/// The demo payments: several currencies, statuses, refunds and failures.
pub fn seed(db: &Sqlite, count: usize) -> rusqlite::Result<()> {
    let mut rng = DemoRng::new(0x5EED_0003);
    let currencies = [
        ("usd", 70),
        ("eur", 12),
        ("gbp", 8),
        ("jpy", 4),
        ("cad", 4),
        ("kwd", 1),
        ("eth", 1),
    ];
    let statuses = [
        ("paid", 72),
        ("pending", 6),
        ("open", 4),
        ("draft", 3),
        ("uncollectible", 5),
        ("unresolved", 3),
        ("void", 7),
    ];
    let companies = [DEMO_COMPANY, "biz_northwind", "biz_kite"];
    let products = ["prod_pro", "prod_basic", "prod_course"];
    let brands = ["visa", "mastercard", "amex"];
    let start = Utc
        .with_ymd_and_hms(2025, 1, 3, 12, 0, 0)
        .single()
        .unwrap_or_default()
        .timestamp();
    for i in 0..count {
        let created = start + (i as i64) * 100_000 + rng.below(40_000) as i64;
        let currency = *rng.weighted(&currencies);
        let status = *rng.weighted(&statuses);
        let major = match currency {
            "jpy" => rust_decimal::Decimal::from(500 + rng.below(20_000) as i64),
            "kwd" => rust_decimal::Decimal::new(1_000 + rng.below(90_000) as i64, 3),
            "eth" => rust_decimal::Decimal::new(100_000 + rng.below(9_000_000) as i64, 8),
            _ => rust_decimal::Decimal::new(499 + rng.below(30_000) as i64, 2),
        };
        let discount = if rng.below(6) == 0 {
            major / rust_decimal::Decimal::from(10)
        } else {
            rust_decimal::Decimal::ZERO
        };
        let digits = payments_model::Currency::from_code(currency).map_or(2, |c| c.minor_units());
        let final_amount = (major - discount).round_dp(digits);
        let refunded = status == "paid" && rng.below(10) == 0;
        let paid = (status == "paid").then_some(created + 60);
        let user = if rng.below(8) == 0 {
            DEMO_USER.to_string()
        } else {
            format!("user_{}", rng.token(10))
        };
        let in_app = rng.below(3) == 0;
        let card = rng.below(5) != 0;
        db.execute(
            &format!("INSERT INTO whop_payments ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)"),
            params![
                format!("pay_{}", rng.token(14)),
                format!("mem_{}", rng.token(14)),
                products[rng.below(3) as usize],
                (rng.below(12) != 0).then_some(user),
                format!("plan_{}", rng.token(10)),
                companies[rng.below(3) as usize],
                in_app.then(|| format!("li_{}", rng.token(10))),
                created,
                paid,
                refunded.then_some(created + 86_400 * (1 + rng.below(20) as i64)),
                Some(created + 30),
                (status == "open" || status == "unresolved").then_some(created + 86_400 * 3),
                status,
                major.to_string(),
                final_amount.to_string(),
                currency,
                if refunded { final_amount.to_string() } else { "0".to_string() },
                if matches!(status, "uncollectible" | "unresolved") { 1 + rng.below(3) as i64 } else { 0 },
                format!("ch_{}", rng.token(12)),
                card.then(|| brands[rng.below(3) as usize]),
                card.then(|| format!("{:04}", rng.below(10_000))),
                Some(if card { "card" } else { "paypal" }),
                (!card).then_some("paypal"),
                Some("WHOP*DEMO"),
                card.then(|| format!("{:06}", 400_000 + rng.below(99_999))),
                "[]",
                Option::<String>::None,
            ],
        )?;
    }
    Ok(())
}
