//! The gateway: vendor secrets stay on the server. Staff sign in
//! (`/gateway/sign-in`), the console lists the configured connections
//! (`/gateway/connections`, no secret in them) and sends each vendor
//! request to `/gateway/<connection>/<vendor path>`; the server checks it
//! against the vendor's allow-list and the connection's scope, signs it
//! with the connection's credentials and forwards it ([`forward`]). Every
//! write attempt is recorded ([`audit`]) and listed at
//! `/gateway/activity` (CSV at `/gateway/activity.csv`).
//!
//! Writes are guarded three ways: the session cookie is `SameSite=Strict`
//! and `HttpOnly`, the request's `Origin` must be the console's own, and
//! the session's CSRF token must come back in `X-CSRF-Token`. Sign-ins
//! are throttled by address ([`throttle`]) and checked on a bounded pool
//! ([`passwords`]).

pub mod accounts;
pub mod audit;
pub mod config;
pub mod error;
pub mod extract;
pub mod first_list;
pub mod forward;
pub mod oidc;
pub mod passwords;
pub mod preferences;
pub mod scope;
pub mod sessions;
pub mod store;
pub mod throttle;
pub mod totp;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use accounts::Account;
use config::GatewayConfig;
use error::{ErrorKind, GatewayError};
use extract::{ClientAddress, SignedIn};
use sessions::{Session, Sessions, CSRF_HEADER};
use store::Store;
use throttle::{Throttle, Wait};

/// The longest account name and password a sign-in may send.
pub const MAX_NAME: usize = 64;
pub const MAX_PASSWORD: usize = 1024;
/// The largest sign-in body read.
const MAX_SIGN_IN: usize = 4096;
/// Attempts on one page of the Activity page, unless it asks otherwise.
const ACTIVITY_PAGE: u32 = 100;
/// Attempts read from the store at a time by an export.
const EXPORT_BATCH: u32 = 500;

/// Everything the gateway holds while the server runs.
pub struct Gateway {
    pub config: GatewayConfig,
    pub sessions: Sessions,
    pub throttle: Throttle,
    pub passwords: passwords::Checker,
    pub store: Store,
    /// What this server counts (see [`crate::observe`]).
    pub metrics: Arc<crate::observe::Metrics>,
    decoy: Account,
    client: reqwest::Client,
    /// Single sign-on, when configured.
    pub sso: Option<oidc::Sso>,
}

impl Gateway {
    /// A gateway for `config`, keeping its log in `store`.
    pub fn new(config: GatewayConfig, store: Store) -> Result<Gateway, String> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .no_proxy()
            .build()
            .map_err(|e| format!("cannot make the HTTP client: {e}"))?;
        let sso = config.oidc.clone().map(oidc::Sso::new).transpose()?;
        Ok(Gateway {
            sso,
            sessions: Sessions::new(config.session_lifetime, store.clone()),
            throttle: Throttle::new(store.clone()),
            passwords: passwords::Checker::new(usize::MAX)?,
            decoy: accounts::decoy()?,
            store,
            metrics: Arc::default(),
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

    /// Whether `code` is `name`'s code of the moment and not used before
    /// (on any server sharing the store); takes it if so.
    async fn take_code(&self, name: &str, secret: &[u8], code: &str) -> Result<bool, String> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let Some(step) = totp::check(secret, code, now) else {
            return Ok(false);
        };
        let step = i64::try_from(step).map_err(|e| e.to_string())?;
        // Taken only when no later or equal step was: one statement, so
        // two servers cannot both take it.
        let taken = sqlx::query(
            "INSERT INTO totp_used (name, step) VALUES ($1, $2)
             ON CONFLICT (name) DO UPDATE SET step = excluded.step WHERE totp_used.step < excluded.step
             RETURNING step",
        )
        .bind(name.to_string())
        .bind(step)
        .fetch_optional(self.store.pool())
        .await
        .map_err(|e| e.to_string())?;
        Ok(taken.is_some())
    }

    /// Refuses a write that does not come from the console's own pages:
    /// its `Origin` must be the console's, and (for a session's writes)
    /// its `X-CSRF-Token` the session's.
    pub fn same_site(
        &self,
        headers: &HeaderMap,
        session: Option<&Session>,
    ) -> Result<(), GatewayError> {
        let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
        if origin.is_none() || origin.map(str::to_string) != self.own_origin(headers) {
            return Err(GatewayError::forbidden(
                "This change did not come from the console's own page, so it was refused.",
            ));
        }
        if let Some(s) = session {
            let token = headers.get(CSRF_HEADER).and_then(|t| t.to_str().ok());
            if token != Some(s.csrf.as_str()) {
                return Err(GatewayError::forbidden(
                    "This change carried no valid form token, so it was refused. Reload the page.",
                ));
            }
        }
        Ok(())
    }
}

/// The gateway's routes, to be nested under `/gateway`.
pub fn routes(gw: Arc<Gateway>) -> Router {
    Router::new()
        .route("/session", get(session))
        .route(
            "/sign-in",
            get(sign_in_options)
                .post(sign_in)
                .layer(axum::extract::DefaultBodyLimit::max(MAX_SIGN_IN)),
        )
        .route("/oidc/start", get(oidc::start))
        .route("/oidc/callback", get(oidc::callback))
        .route("/sign-out", post(sign_out))
        .route("/connections", get(connections))
        .route("/activity", get(activity))
        .route("/activity.csv", get(activity_csv))
        .route("/preferences", get(preferences::all))
        .route(
            "/preferences/{key}",
            axum::routing::put(preferences::keep)
                .delete(preferences::forget)
                .layer(axum::extract::DefaultBodyLimit::max(preferences::MAX_VALUE)),
        )
        .route(
            "/{connection}/{*path}",
            any(forward::forward).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .fallback(|| async { GatewayError::not_found("No such gateway address.") })
        .with_state(gw)
}

fn session_json(gw: &Gateway, s: &Session) -> serde_json::Value {
    let activity = if gw.config.reads_everyone(s.role) {
        "everyone"
    } else {
        "own"
    };
    json!({ "name": s.name, "role": s.role.name(), "csrf": s.csrf, "activity": activity })
}

async fn session(State(gw): State<Arc<Gateway>>, SignedIn(s): SignedIn) -> Response {
    Json(session_json(&gw, &s)).into_response()
}

#[derive(Deserialize)]
struct SignIn {
    name: String,
    password: String,
    /// The one-time code, for an account with a second factor.
    #[serde(default)]
    code: Option<String>,
}

/// How people sign in here: with a name and password, and with the
/// single sign-on provider's name (for its button), if any.
async fn sign_in_options(State(gw): State<Arc<Gateway>>) -> Response {
    let sso = gw
        .sso
        .as_ref()
        .map(|s| json!({ "name": s.config.name, "start": "/gateway/oidc/start" }));
    Json(json!({ "local": gw.config.local_accounts, "sso": sso })).into_response()
}

async fn sign_in(
    State(gw): State<Arc<Gateway>>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, GatewayError> {
    gw.same_site(&headers, None)?;
    if !gw.config.local_accounts {
        let name = gw
            .sso
            .as_ref()
            .map_or("single sign-on", |s| s.config.name.as_str());
        return Err(GatewayError::forbidden(format!(
            "Sign-in with a password is turned off here: sign in with {name}."
        )));
    }
    let form = serde_json::from_slice::<SignIn>(&body).map_err(|_| {
        GatewayError::new(
            ErrorKind::BadRequest,
            "Send {\"name\": …, \"password\": …} as JSON.",
        )
    })?;
    if form.name.len() > MAX_NAME || form.password.len() > MAX_PASSWORD {
        return Err(GatewayError::new(
            ErrorKind::BadRequest,
            format!("A name has at most {MAX_NAME} bytes and a password at most {MAX_PASSWORD}."),
        ));
    }
    let store_down = |e: String| {
        gw.metrics.count("payments_store_errors_total", &[]);
        GatewayError::unavailable(format!(
            "Sign-in is unavailable: the server's store does not answer ({e})."
        ))
    };
    if let Some(wait) = gw
        .throttle
        .wait(address, &form.name)
        .await
        .map_err(store_down)?
    {
        gw.throttle.waited(address).await.map_err(store_down)?;
        gw.metrics.count("payments_sign_ins_total", &["throttled"]);
        let secs = wait.duration().as_secs().max(1);
        let message = match wait {
            Wait::Name(_) => {
                format!("Too many failed sign-ins for this name: try again in {secs} s.")
            }
            Wait::Address(_) => {
                format!("Too many failed sign-ins from this address: try again in {secs} s.")
            }
            Wait::Refused(_) => format!(
                "Too many failed sign-ins from this address: sign-ins from it are refused for {} minutes.",
                secs.div_ceil(60)
            ),
        };
        return Err(GatewayError::new(ErrorKind::TooMany, message).retry_after(secs));
    }
    let account = gw.config.accounts.iter().find(|a| a.name == form.name);
    let candidate = account.unwrap_or(&gw.decoy);
    let matched = gw
        .passwords
        .verify(candidate.hash(), form.password)
        .await
        .map_err(|_| {
            gw.metrics.count("payments_sign_ins_total", &["busy"]);
            GatewayError::unavailable(
                "The server is checking many sign-ins: try again in a moment.",
            )
            .retry_after(1)
        })?;
    let Some(account) = account.filter(|_| matched) else {
        gw.throttle
            .failed(address, &form.name)
            .await
            .map_err(store_down)?;
        gw.metrics
            .count("payments_sign_ins_total", &["wrong password"]);
        return Err(GatewayError::new(
            ErrorKind::WrongPassword,
            "That name and password do not match an account.",
        ));
    };
    if let Some(secret) = account.totp() {
        let Some(code) = form.code.as_deref().filter(|c| !c.trim().is_empty()) else {
            return Err(GatewayError::new(
                ErrorKind::CodeNeeded,
                "Enter the 6-digit code from your authenticator app.",
            ));
        };
        if !gw
            .take_code(&account.name, secret, code)
            .await
            .map_err(store_down)?
        {
            gw.throttle
                .failed(address, &form.name)
                .await
                .map_err(store_down)?;
            gw.metrics.count("payments_sign_ins_total", &["wrong code"]);
            return Err(GatewayError::new(
                ErrorKind::CodeNeeded,
                "That code is not right (or was used already): enter the code your app shows now.",
            ));
        }
    }
    gw.throttle
        .succeeded(address, &form.name)
        .await
        .map_err(store_down)?;
    gw.metrics.count("payments_sign_ins_total", &["signed in"]);
    let (token, session) = gw
        .sessions
        .start(&account.name, account.role)
        .await
        .map_err(|e| {
            GatewayError::unavailable(format!("The server could not start a session: {e}."))
        })?;
    let mut r = Json(session_json(&gw, &session)).into_response();
    if let Ok(v) = gw.sessions.set_cookie(Some(&token), gw.secure()).parse() {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}

async fn sign_out(
    State(gw): State<Arc<Gateway>>,
    headers: HeaderMap,
) -> Result<Response, GatewayError> {
    let session = gw.sessions.find(&headers).await.ok().flatten();
    gw.same_site(&headers, session.as_ref())?;
    gw.sessions
        .end(&headers)
        .await
        .map_err(|e| GatewayError::unavailable(format!("The session could not be ended: {e}.")))?;
    let mut r = StatusCode::NO_CONTENT.into_response();
    if let Ok(v) = gw.sessions.set_cookie(None, gw.secure()).parse() {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}

async fn connections(State(gw): State<Arc<Gateway>>, _: SignedIn) -> Response {
    let list: Vec<_> = gw.config.connections.iter().map(as_shown).collect();
    Json(list).into_response()
}

/// A connection as the console receives it from `/gateway/connections`:
/// no secret, and the gateway as its base URL.
pub fn as_shown(c: &payments_model::Connection) -> payments_model::Connection {
    let mut shown = c.clone();
    shown.credentials = c.credentials_without_secrets();
    shown.base_url = format!("/gateway/{}", c.id);
    shown
}

#[derive(Deserialize, Default)]
struct ActivityQuery {
    person: Option<String>,
    connection: Option<String>,
    kind: Option<String>,
    payment: Option<String>,
    from: Option<String>,
    to: Option<String>,
    /// The page just older than this row.
    before: Option<i64>,
    /// The page just newer than this row.
    after: Option<i64>,
    limit: Option<u32>,
}

/// The filter `q` asks for, as `session` may read it: someone whose role
/// does not read everyone's activity reads their own.
fn activity_filter(
    gw: &Gateway,
    session: &Session,
    q: &ActivityQuery,
) -> Result<audit::Filter, GatewayError> {
    let given = |v: &Option<String>| v.clone().filter(|x| !x.trim().is_empty());
    let mut filter = audit::Filter {
        person: given(&q.person),
        connection: given(&q.connection),
        kind: given(&q.kind),
        payment: given(&q.payment),
        from: given(&q.from),
        to: given(&q.to),
    };
    filter
        .check()
        .map_err(|e| GatewayError::new(ErrorKind::BadRequest, e))?;
    if !gw.config.reads_everyone(session.role) {
        if filter.person.as_ref().is_some_and(|p| *p != session.name) {
            return Err(GatewayError::forbidden(format!(
                "Your role ({}) reads your own activity only.",
                session.role.name()
            )));
        }
        filter.person = Some(session.name.clone());
    }
    Ok(filter)
}

async fn activity(
    State(gw): State<Arc<Gateway>>,
    SignedIn(session): SignedIn,
    Query(q): Query<ActivityQuery>,
) -> Result<Response, GatewayError> {
    let filter = activity_filter(&gw, &session, &q)?;
    let cursor = match (q.before, q.after) {
        (Some(b), _) => audit::Cursor::Before(b),
        (None, Some(a)) => audit::Cursor::After(a),
        (None, None) => audit::Cursor::Newest,
    };
    let limit = q.limit.unwrap_or(ACTIVITY_PAGE).clamp(1, 500);
    let page = audit::query::page(&gw.store, &filter, cursor, limit)
        .await
        .map_err(|e| {
            GatewayError::unavailable(format!("The activity log could not be read: {e}"))
        })?;
    Ok(Json(page).into_response())
}

/// Every matching attempt as CSV, oldest first, read from the store in
/// batches and sent as it is read: memory stays flat whatever the log's
/// size. The rows are those up to the newest when the export began.
async fn activity_csv(
    State(gw): State<Arc<Gateway>>,
    SignedIn(session): SignedIn,
    Query(q): Query<ActivityQuery>,
) -> Result<Response, GatewayError> {
    let filter = activity_filter(&gw, &session, &q)?;
    let store = gw.store.clone();
    let upto = audit::query::last_seq(&store).await.map_err(|e| {
        GatewayError::unavailable(format!("The activity log could not be read: {e}"))
    })?;
    let name = audit::file_name(&filter, &chrono::Utc::now().format("%Y-%m-%d").to_string());
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::spawn(async move {
        let header = Bytes::from(format!("\u{feff}{}", audit::CSV_HEADER));
        if tx.send(Ok(header)).await.is_err() {
            return;
        }
        let mut above = 0;
        loop {
            let batch = audit::query::batch(&store, &filter, above, upto, EXPORT_BATCH).await;
            let rows = match batch {
                Ok(rows) if rows.is_empty() => return,
                Ok(rows) => rows,
                Err(e) => {
                    let _ = tx.send(Err(std::io::Error::other(e))).await;
                    return;
                }
            };
            above = rows.last().map_or(above, |r| r.seq);
            let text: String = rows.iter().map(audit::csv_line).collect();
            if tx.send(Ok(Bytes::from(text))).await.is_err() {
                return;
            }
        }
    });
    let body =
        axum::body::Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|item| (item, rx))
        }));
    let disposition = format!("attachment; filename=\"{name}\"");
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = header::HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(r)
}
