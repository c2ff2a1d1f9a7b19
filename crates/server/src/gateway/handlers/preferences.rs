//! What each signed-in person keeps of the console's settings, so that
//! they follow the person to another browser: a list's columns, saved
//! views. Each is one JSON value under a key the console chooses
//! (`columns:reviewrover`, `views`), stored per person in the gateway's
//! store (so every server of a fleet sees the same).
//!
//! `GET /gateway/preferences` answers all of the person's values as one
//! object; `PUT /gateway/preferences/{key}` keeps one (JSON, at most
//! [`MAX_VALUE`] bytes) and `DELETE` forgets it. Writes come from the
//! console's own page only (origin and form token, as every gateway
//! write). A key is at most 100 of `a-z 0-9 . _ : -`, and a person keeps
//! at most [`MAX_KEYS`] of them, so no one can fill the store.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use payments_model::message::GatewayMessage;
use serde_json::{Map, Value};
use sqlx::Row;

use crate::gateway::error::{ErrorKind, GatewayError};
use crate::gateway::extract::{CheckedWrite, SignedIn};
use crate::gateway::Gateway;

/// The largest value kept, in bytes of JSON.
pub const MAX_VALUE: usize = 64 * 1024;
/// The most keys one person keeps.
pub const MAX_KEYS: i64 = 200;

pub fn routes() -> Router<Arc<Gateway>> {
    Router::new().route("/preferences", get(all)).route(
        "/preferences/{key}",
        put(keep)
            .delete(forget)
            .layer(axum::extract::DefaultBodyLimit::max(MAX_VALUE)),
    )
}

fn store_down(gw: &Gateway, e: sqlx::Error) -> GatewayError {
    gw.store_down(GatewayMessage::PreferencesStoreDown {
        reason: e.to_string(),
    })
}

/// Whether `key` is one the console may use.
pub fn valid_key(key: &str) -> bool {
    (1..=100).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._:-".contains(&b))
}

fn checked_key(key: &str) -> Result<(), GatewayError> {
    if valid_key(key) {
        Ok(())
    } else {
        Err(GatewayError::bad_request(GatewayMessage::PreferenceName))
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Every value the person keeps, as one object.
pub async fn all(
    State(gw): State<Arc<Gateway>>,
    SignedIn(s): SignedIn,
) -> Result<Response, GatewayError> {
    let rows = sqlx::query("SELECT key, value FROM preferences WHERE name = $1 ORDER BY key")
        .bind(s.name.clone())
        .fetch_all(gw.store.pool())
        .await
        .map_err(|e| store_down(&gw, e))?;
    let mut out = Map::new();
    for r in rows {
        let key: String = r.try_get(0).unwrap_or_default();
        let text: String = r.try_get(1).unwrap_or_default();
        if let Ok(v) = serde_json::from_str::<Value>(&text) {
            out.insert(key, v);
        }
    }
    let mut resp = Json(Value::Object(out)).into_response();
    resp.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(resp)
}

/// Keeps one value.
pub async fn keep(
    State(gw): State<Arc<Gateway>>,
    CheckedWrite(s): CheckedWrite,
    Path(key): Path<String>,
    body: Bytes,
) -> Result<Response, GatewayError> {
    checked_key(&key)?;
    let value: Value = serde_json::from_slice(&body)
        .map_err(|_| GatewayError::bad_request(GatewayMessage::PreferenceJson))?;
    let text = value.to_string();
    let pool = gw.store.pool();
    let kept: i64 = sqlx::query("SELECT COUNT(*) FROM preferences WHERE name = $1 AND key <> $2")
        .bind(s.name.clone())
        .bind(key.clone())
        .fetch_one(pool)
        .await
        .and_then(|r| r.try_get(0))
        .map_err(|e| store_down(&gw, e))?;
    if kept >= MAX_KEYS {
        return Err(GatewayError::new(
            ErrorKind::TooLarge,
            GatewayMessage::PreferencesFull {
                max: MAX_KEYS as u64,
            },
        ));
    }
    sqlx::query(
        "INSERT INTO preferences (name, key, value, updated) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (name, key) DO UPDATE SET value = excluded.value, updated = excluded.updated",
    )
    .bind(s.name.clone())
    .bind(key)
    .bind(text)
    .bind(now())
    .execute(pool)
    .await
    .map_err(|e| store_down(&gw, e))?;
    Ok(axum::http::StatusCode::NO_CONTENT.into_response())
}

/// Forgets one value.
pub async fn forget(
    State(gw): State<Arc<Gateway>>,
    CheckedWrite(s): CheckedWrite,
    Path(key): Path<String>,
) -> Result<Response, GatewayError> {
    checked_key(&key)?;
    sqlx::query("DELETE FROM preferences WHERE name = $1 AND key = $2")
        .bind(s.name.clone())
        .bind(key)
        .execute(gw.store.pool())
        .await
        .map_err(|e| store_down(&gw, e))?;
    Ok(axum::http::StatusCode::NO_CONTENT.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_short_plain_words() {
        for ok in ["views", "columns:reviewrover", "columns:my-conn_2", "a.b"] {
            assert!(valid_key(ok), "{ok}");
        }
        let long = "a".repeat(101);
        for bad in ["", "Views", "columns/x", "../x", "a b", "é", long.as_str()] {
            assert!(!valid_key(bad), "{bad}");
        }
    }
}
