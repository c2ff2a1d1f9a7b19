//! Who is signed in, signing in with a name and password (and the
//! account's one-time code), and signing out: `GET /session`, `GET /me`
//! (the session or that there is none, and the connections),
//! `GET /sign-in` (how people sign in here), `POST /sign-in`,
//! `POST /sign-out`. A sign-in is one step after another: the address's
//! and name's throttle ([`crate::gateway::throttle`]), the password on
//! the bounded pool (checked against a decoy for an unknown name, so
//! both take as long), the one-time code, then a session.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use payments_model::message::GatewayMessage;
use serde::Deserialize;
use serde_json::json;

use crate::gateway::accounts::Account;
use crate::gateway::error::{ErrorKind, GatewayError};
use crate::gateway::extract::{user_agent, ClientAddress, MaybeSignedIn, SameOrigin, SignedIn};
use crate::gateway::sessions::{Session, Start};
use crate::gateway::throttle::Wait;
use crate::gateway::{totp, Gateway, MAX_NAME, MAX_PASSWORD};
use payments_model::session::SignInMethod;

/// The largest sign-in body read.
const MAX_SIGN_IN: usize = 4096;

pub fn routes() -> Router<Arc<Gateway>> {
    Router::new()
        .route("/session", get(session))
        .route("/me", get(me))
        .route(
            "/sign-in",
            get(sign_in_options)
                .post(sign_in)
                .layer(axum::extract::DefaultBodyLimit::max(MAX_SIGN_IN)),
        )
        .route("/sign-out", post(sign_out))
}

/// What the console learns of a session: who, their role, the CSRF
/// token its writes repeat, whose activity they read, and whether the
/// company holds any changes for approval (four eyes).
pub fn session_json(gw: &Gateway, s: &Session) -> serde_json::Value {
    let activity = if gw.config.reads_everyone(s.role) {
        "everyone"
    } else {
        "own"
    };
    let approvals = !gw.config.approval_rules.is_empty();
    json!({ "name": s.name, "role": s.role.name(), "csrf": s.csrf, "activity": activity, "approvals": approvals })
}

/// The session, and where the log of changes stands (`changes_after`):
/// a page following changes from here on misses none made after it read
/// what it shows.
async fn session(State(gw): State<Arc<Gateway>>, SignedIn(s): SignedIn) -> Response {
    Json(session_now(&gw, &s).await).into_response()
}

/// [`session_json`] with where the log of changes stands.
async fn session_now(gw: &Gateway, s: &Session) -> serde_json::Value {
    let mut body = session_json(gw, s);
    if let Ok(seq) = crate::gateway::events::newest(&gw.store).await {
        body["changes_after"] = json!(seq);
    }
    body
}

/// What a page needs to start, in one request that never fails for
/// want of a session (a signed-out page asks nothing that answers 401):
/// `{"signed_in": false}`, or the session as `GET /session` tells it
/// with `"signed_in": true` and the connections as `GET /connections`
/// lists them.
async fn me(State(gw): State<Arc<Gateway>>, MaybeSignedIn(s): MaybeSignedIn) -> Response {
    let Some(s) = s else {
        return Json(json!({ "signed_in": false })).into_response();
    };
    let mut body = session_now(&gw, &s).await;
    body["signed_in"] = json!(true);
    body["connections"] = json!(super::connections::shown(&gw));
    Json(body).into_response()
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

#[derive(Deserialize)]
struct SignIn {
    name: String,
    password: String,
    /// The one-time code, for an account with a second factor.
    #[serde(default)]
    code: Option<String>,
}

impl SignIn {
    /// The form a body holds; refused when it is not one, or too long.
    fn read(body: &[u8]) -> Result<SignIn, GatewayError> {
        let form = serde_json::from_slice::<SignIn>(body)
            .map_err(|_| GatewayError::bad_request(GatewayMessage::SignInForm))?;
        if form.name.len() > MAX_NAME || form.password.len() > MAX_PASSWORD {
            return Err(GatewayError::bad_request(GatewayMessage::SignInTooLong {
                name_max: MAX_NAME as u64,
                password_max: MAX_PASSWORD as u64,
            }));
        }
        Ok(form)
    }
}

async fn sign_in(
    State(gw): State<Arc<Gateway>>,
    ClientAddress(address): ClientAddress,
    _: SameOrigin,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, GatewayError> {
    if !gw.config.local_accounts {
        let provider = gw
            .sso
            .as_ref()
            .map_or("single sign-on", |s| s.config.name.as_str());
        return Err(GatewayError::forbidden(GatewayMessage::PasswordsOff {
            provider: provider.to_string(),
        }));
    }
    let form = SignIn::read(&body)?;
    throttled(&gw, address, &form.name).await?;
    let account = password_matches(&gw, address, &form).await?;
    if let Some(secret) = account.totp() {
        code_matches(&gw, address, account, secret, form.code.as_deref()).await?;
    }
    gw.throttle
        .succeeded(address, &form.name)
        .await
        .map_err(|e| store_down(&gw, e))?;
    gw.metrics.count("payments_sign_ins_total", &["signed in"]);
    let start = Start {
        name: account.name.clone(),
        role: account.role,
        method: SignInMethod::Password,
        user_agent: user_agent(&headers),
        address,
        id_token: None,
    };
    let (token, session) = gw.sessions.start(start, &headers).await.map_err(|reason| {
        GatewayError::unavailable(GatewayMessage::SessionNotStarted { reason })
    })?;
    let mut r = Json(session_json(&gw, &session)).into_response();
    if let Ok(v) = gw.sessions.set_cookie(Some(&token), gw.secure()).parse() {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}

fn store_down(gw: &Gateway, reason: String) -> GatewayError {
    gw.store_down(GatewayMessage::SignInStoreDown { reason })
}

/// Refuses a sign-in that must wait (the wait is counted against the
/// address too).
async fn throttled(
    gw: &Gateway,
    address: std::net::IpAddr,
    name: &str,
) -> Result<(), GatewayError> {
    let Some(wait) = gw
        .throttle
        .wait(address, name)
        .await
        .map_err(|e| store_down(gw, e))?
    else {
        return Ok(());
    };
    gw.throttle
        .waited(address)
        .await
        .map_err(|e| store_down(gw, e))?;
    gw.metrics.count("payments_sign_ins_total", &["throttled"]);
    let secs = wait.duration().as_secs().max(1);
    let message = match wait {
        Wait::Name(_) => GatewayMessage::ThrottledName { secs },
        Wait::Address(_) => GatewayMessage::ThrottledAddress { secs },
        Wait::Refused(_) => GatewayMessage::ThrottledRefused {
            minutes: secs.div_ceil(60),
        },
    };
    Err(GatewayError::new(ErrorKind::TooMany, message).retry_after(secs))
}

/// The account whose password the form gives; a failure is counted.
async fn password_matches<'g>(
    gw: &'g Gateway,
    address: std::net::IpAddr,
    form: &SignIn,
) -> Result<&'g Account, GatewayError> {
    let (account, candidate) = gw.account_or_decoy(&form.name);
    let matched = gw
        .passwords
        .verify(candidate.hash(), form.password.clone())
        .await
        .map_err(|_| {
            gw.metrics.count("payments_sign_ins_total", &["busy"]);
            GatewayError::unavailable(GatewayMessage::SignInsBusy).retry_after(1)
        })?;
    match account.filter(|_| matched) {
        Some(a) => Ok(a),
        None => {
            gw.throttle
                .failed(address, &form.name)
                .await
                .map_err(|e| store_down(gw, e))?;
            gw.metrics
                .count("payments_sign_ins_total", &["wrong password"]);
            Err(GatewayError::new(
                ErrorKind::WrongPassword,
                GatewayMessage::WrongPassword,
            ))
        }
    }
}

/// Refuses a sign-in whose account needs its one-time code and has
/// none, or the wrong or a used one (a wrong one is counted).
async fn code_matches(
    gw: &Gateway,
    address: std::net::IpAddr,
    account: &Account,
    secret: &[u8],
    code: Option<&str>,
) -> Result<(), GatewayError> {
    let Some(code) = code.filter(|c| !c.trim().is_empty()) else {
        return Err(GatewayError::new(
            ErrorKind::CodeNeeded,
            GatewayMessage::CodeNeeded,
        ));
    };
    let taken = totp::take(&gw.store, &account.name, secret, code)
        .await
        .map_err(|e| store_down(gw, e))?;
    if taken {
        return Ok(());
    }
    gw.throttle
        .failed(address, &account.name)
        .await
        .map_err(|e| store_down(gw, e))?;
    gw.metrics.count("payments_sign_ins_total", &["wrong code"]);
    Err(GatewayError::new(
        ErrorKind::CodeNeeded,
        GatewayMessage::CodeWrong,
    ))
}

/// Signs out here and, for a session single sign-on started, tells the
/// console where the provider's own sign-out is (`provider_sign_out`);
/// no content when there is none.
async fn sign_out(
    State(gw): State<Arc<Gateway>>,
    MaybeSignedIn(session): MaybeSignedIn,
    headers: HeaderMap,
) -> Result<Response, GatewayError> {
    gw.same_site(&headers, session.as_ref())?;
    let provider = match &session {
        Some(s) => crate::gateway::oidc::provider_sign_out(&gw, &headers, s).await,
        None => None,
    };
    gw.sessions
        .end(&headers)
        .await
        .map_err(|reason| GatewayError::unavailable(GatewayMessage::SessionNotEnded { reason }))?;
    let mut r = match provider {
        Some(url) => Json(json!({ "provider_sign_out": url })).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    };
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    if let Ok(v) = gw.sessions.set_cookie(None, gw.secure()).parse() {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}
