//! The gateway: vendor secrets stay on the server. Staff sign in
//! (`/gateway/sign-in`), the console lists the configured connections
//! (`/gateway/connections`, no secret in them) and sends each vendor
//! request to `/gateway/<connection>/<vendor path>`; the server checks it
//! against the vendor's allow-list, signs it with the connection's
//! credentials and forwards it ([`forward`]). Every write is recorded
//! ([`audit`]) and listed at `/gateway/activity` (CSV at
//! `/gateway/activity.csv`).
//!
//! Writes are guarded three ways: the session cookie is `SameSite=Strict`
//! and `HttpOnly`, the request's `Origin` must be the console's own, and
//! the session's CSRF token must come back in `X-CSRF-Token`.

pub mod accounts;
pub mod audit;
pub mod config;
pub mod forward;
pub mod sessions;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use accounts::{Account, Throttle};
use config::GatewayConfig;
use sessions::{Session, Sessions, CSRF_HEADER};

/// Everything the gateway holds while the server runs.
pub struct Gateway {
    pub config: GatewayConfig,
    pub sessions: Sessions,
    pub throttle: Throttle,
    decoy: Account,
    client: reqwest::Client,
}

impl Gateway {
    /// A gateway for `config`.
    pub fn new(config: GatewayConfig) -> Result<Gateway, String> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .no_proxy()
            .build()
            .map_err(|e| format!("cannot make the HTTP client: {e}"))?;
        Ok(Gateway {
            sessions: Sessions::new(config.session_lifetime),
            throttle: Throttle::default(),
            decoy: accounts::decoy()?,
            config,
            client,
        })
    }

    /// Whether session cookies must be `Secure`.
    fn secure(&self) -> bool {
        self.config
            .public_origin
            .as_deref()
            .is_some_and(|o| o.starts_with("https://"))
    }

    /// The origin the console's pages come from: the configured one, or
    /// this request's host over plain HTTP (the `Host` check has already
    /// refused foreign names).
    fn own_origin(&self, headers: &HeaderMap) -> Option<String> {
        match &self.config.public_origin {
            Some(o) => Some(o.clone()),
            None => headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(|h| format!("http://{h}")),
        }
    }
}

/// A JSON `{"message": …}` answer.
pub fn refusal(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "message": message.into() }))).into_response()
}

/// The gateway's routes, under `/gateway`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/session", get(session))
        .route("/sign-in", post(sign_in))
        .route("/sign-out", post(sign_out))
        .route("/connections", get(connections))
        .route("/activity", get(activity))
        .route("/activity.csv", get(activity_csv))
        .route("/{connection}/{*path}", any(forward::forward))
        .fallback(|| async { refusal(StatusCode::NOT_FOUND, "No such gateway address.") })
        .layer(axum::extract::DefaultBodyLimit::max(forward::MAX_BODY))
}

/// The gateway, or the answer that this server runs none.
#[allow(clippy::result_large_err)]
fn gateway(state: &AppState) -> Result<Arc<Gateway>, Response> {
    state
        .gateway
        .clone()
        .ok_or_else(|| refusal(StatusCode::NOT_FOUND, "This server runs no gateway."))
}

/// The signed-in session, or 401.
#[allow(clippy::result_large_err)]
fn signed_in(gw: &Gateway, headers: &HeaderMap) -> Result<Session, Response> {
    gw.sessions
        .find(headers)
        .ok_or_else(|| refusal(StatusCode::UNAUTHORIZED, "Sign in to continue."))
}

/// Refuses a write that does not come from the console's own pages: its
/// `Origin` must be the console's, and (for a session's writes) its
/// `X-CSRF-Token` the session's.
#[allow(clippy::result_large_err)]
fn same_site(gw: &Gateway, headers: &HeaderMap, session: Option<&Session>) -> Result<(), Response> {
    let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
    if origin.is_none() || origin.map(str::to_string) != gw.own_origin(headers) {
        return Err(refusal(
            StatusCode::FORBIDDEN,
            "This change did not come from the console's own page, so it was refused.",
        ));
    }
    if let Some(s) = session {
        let token = headers.get(CSRF_HEADER).and_then(|t| t.to_str().ok());
        if token != Some(s.csrf.as_str()) {
            return Err(refusal(
                StatusCode::FORBIDDEN,
                "This change carried no valid form token, so it was refused. Reload the page.",
            ));
        }
    }
    Ok(())
}

fn session_json(s: &Session) -> serde_json::Value {
    json!({ "name": s.name, "role": s.role.name(), "csrf": s.csrf })
}

async fn session(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let gw = match gateway(&state) {
        Ok(g) => g,
        Err(r) => return r,
    };
    match signed_in(&gw, &headers) {
        Ok(s) => Json(session_json(&s)).into_response(),
        Err(r) => r,
    }
}

#[derive(Deserialize)]
struct SignIn {
    name: String,
    password: String,
}

async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let gw = match gateway(&state) {
        Ok(g) => g,
        Err(r) => return r,
    };
    if let Err(r) = same_site(&gw, &headers, None) {
        return r;
    }
    let Ok(form) = serde_json::from_slice::<SignIn>(&body) else {
        return refusal(
            StatusCode::BAD_REQUEST,
            "Send {\"name\": …, \"password\": …} as JSON.",
        );
    };
    if let Some(wait) = gw.throttle.wait(&form.name) {
        let secs = wait.as_secs().max(1);
        let mut r = refusal(
            StatusCode::TOO_MANY_REQUESTS,
            format!("Too many failed sign-ins for this name: try again in {secs} s."),
        );
        if let Ok(v) = secs.to_string().parse() {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return r;
    }
    let account = gw
        .config
        .accounts
        .iter()
        .find(|a| a.name == form.name)
        .cloned();
    let checked = {
        let (gw, password) = (gw.clone(), form.password.clone());
        tokio::task::spawn_blocking(move || {
            let candidate = account.unwrap_or_else(|| gw.decoy.clone());
            (candidate.verify(&password) && !candidate.name.is_empty()).then_some(candidate)
        })
        .await
        .ok()
        .flatten()
    };
    let Some(account) = checked else {
        gw.throttle.failed(&form.name);
        return refusal(
            StatusCode::UNAUTHORIZED,
            "That name and password do not match an account.",
        );
    };
    gw.throttle.succeeded(&form.name);
    let Ok((token, session)) = gw.sessions.start(&account.name, account.role) else {
        return refusal(
            StatusCode::SERVICE_UNAVAILABLE,
            "The server could not start a session.",
        );
    };
    let mut r = Json(session_json(&session)).into_response();
    if let Ok(v) = gw.sessions.set_cookie(Some(&token), gw.secure()).parse() {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let gw = match gateway(&state) {
        Ok(g) => g,
        Err(r) => return r,
    };
    let session = gw.sessions.find(&headers);
    if let Err(r) = same_site(&gw, &headers, session.as_ref()) {
        return r;
    }
    gw.sessions.end(&headers);
    let mut r = StatusCode::NO_CONTENT.into_response();
    if let Ok(v) = gw.sessions.set_cookie(None, gw.secure()).parse() {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

async fn connections(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let gw = match gateway(&state) {
        Ok(g) => g,
        Err(r) => return r,
    };
    if let Err(r) = signed_in(&gw, &headers) {
        return r;
    }
    let list: Vec<_> = gw
        .config
        .connections
        .iter()
        .map(|c| {
            let mut shown = c.clone();
            shown.credentials = c.credentials_without_secrets();
            shown.base_url = format!("/gateway/{}", c.id);
            shown
        })
        .collect();
    Json(list).into_response()
}

#[derive(Deserialize, Default)]
struct ActivityQuery {
    person: Option<String>,
    connection: Option<String>,
}

async fn activity_rows(
    state: &AppState,
    headers: &HeaderMap,
    q: ActivityQuery,
) -> Result<Vec<audit::Entry>, Response> {
    let gw = gateway(state)?;
    signed_in(&gw, headers)?;
    let filter = audit::Filter {
        person: q.person.filter(|p| !p.is_empty()),
        connection: q.connection.filter(|c| !c.is_empty()),
    };
    state
        .db
        .read(move |db| audit::list(db, &filter, 1000))
        .await
        .map_err(|e| {
            refusal(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("The activity log could not be read: {e}"),
            )
        })
}

async fn activity(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<ActivityQuery>,
) -> Response {
    match activity_rows(&state, &headers, q).await {
        Ok(rows) => Json(rows).into_response(),
        Err(r) => r,
    }
}

async fn activity_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<ActivityQuery>,
) -> Response {
    match activity_rows(&state, &headers, q).await {
        Ok(rows) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"payments-activity.csv\"",
                ),
            ],
            audit::csv(&rows),
        )
            .into_response(),
        Err(r) => r,
    }
}
