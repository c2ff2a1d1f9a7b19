//! A person's own sessions: `GET /sessions` lists them (when each
//! started and was last used, the browser, the address, how it signed
//! in, which one is asking), `DELETE /sessions/{id}` ends one and
//! `DELETE /sessions/others` every one but the asking one. Only one's
//! own: another person's session id is answered as unknown. Ending is a
//! write, checked like every write ([`CheckedWrite`]).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use payments_model::message::GatewayMessage;
use payments_model::session::SessionList;
use serde_json::json;

use crate::gateway::error::GatewayError;
use crate::gateway::extract::{CheckedWrite, SignedIn};
use crate::gateway::Gateway;

pub fn routes() -> Router<Arc<Gateway>> {
    Router::new()
        .route("/sessions", get(list))
        .route("/sessions/others", delete(end_others))
        .route("/sessions/{id}", delete(end_one))
}

fn unavailable(gw: &Gateway, reason: String) -> GatewayError {
    gw.store_down(GatewayMessage::SessionUnreadable { reason })
}

/// `GET /gateway/sessions`.
async fn list(
    State(gw): State<Arc<Gateway>>,
    SignedIn(s): SignedIn,
) -> Result<Response, GatewayError> {
    let sessions = gw
        .sessions
        .list(&s.name, &s)
        .await
        .map_err(|e| unavailable(&gw, e))?;
    let mut r = Json(SessionList { sessions }).into_response();
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(r)
}

/// `DELETE /gateway/sessions/{id}`: ending the asking session signs it
/// out (its cookie is cleared).
async fn end_one(
    State(gw): State<Arc<Gateway>>,
    CheckedWrite(s): CheckedWrite,
    Path(id): Path<String>,
) -> Result<Response, GatewayError> {
    let ended = gw
        .sessions
        .end_one(&s.name, &id)
        .await
        .map_err(|e| unavailable(&gw, e))?;
    if !ended {
        return Err(GatewayError::not_found(GatewayMessage::NoSuchSession));
    }
    tracing::info!(person = %s.name, "a session was ended from the sessions list");
    let mut r = StatusCode::NO_CONTENT.into_response();
    if id == s.id {
        if let Ok(v) = gw.sessions.set_cookie(None, gw.secure()).parse() {
            r.headers_mut().insert(header::SET_COOKIE, v);
        }
    }
    Ok(r)
}

/// `DELETE /gateway/sessions/others`: how many ended.
async fn end_others(
    State(gw): State<Arc<Gateway>>,
    CheckedWrite(s): CheckedWrite,
) -> Result<Response, GatewayError> {
    let ended = gw
        .sessions
        .end_others(&s.name, &s.id)
        .await
        .map_err(|e| unavailable(&gw, e))?;
    tracing::info!(person = %s.name, ended, "other sessions were ended");
    Ok(Json(json!({ "ended": ended })).into_response())
}
