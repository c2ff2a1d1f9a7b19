//! The person's own sessions on the gateway: listed, one ended, every
//! other one ended ([`payments_model::session`] is the contract). Ending
//! is a write: the transport adds the session's CSRF token.

use payments_model::keys as k;
use payments_model::session::{SessionList, SessionRow, OTHERS_PATH, SESSIONS_PATH};
use payments_model::{ApiError, HttpRequest, Method};

use super::gateway::{get, message as refused};

/// The person's live sessions, newest first.
pub async fn list() -> Result<Vec<SessionRow>, ApiError> {
    let resp = get(SESSIONS_PATH).await?;
    if !resp.is_success() {
        return Err(refused(&resp));
    }
    serde_json::from_str::<SessionList>(&resp.body)
        .map(|l| l.sessions)
        .map_err(|e| ApiError::decode(k::word::WHAT_SESSIONS, e))
}

/// Ends the session `id` (the person's own).
pub async fn end(id: &str) -> Result<(), ApiError> {
    let path = format!(
        "{SESSIONS_PATH}/{}",
        payments_model::http::percent_encode(id)
    );
    let resp = super::send(HttpRequest::new(Method::Delete, path)).await?;
    if resp.is_success() {
        Ok(())
    } else {
        Err(refused(&resp))
    }
}

/// Ends every other session of the person; how many ended.
pub async fn end_others() -> Result<u64, ApiError> {
    let resp = super::send(HttpRequest::new(Method::Delete, OTHERS_PATH)).await?;
    if !resp.is_success() {
        return Err(refused(&resp));
    }
    let body: serde_json::Value = serde_json::from_str(&resp.body)
        .map_err(|e| ApiError::decode(k::word::WHAT_SESSIONS, e))?;
    Ok(body["ended"].as_u64().unwrap_or_default())
}
