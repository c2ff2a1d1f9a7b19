//! The error answer shared by the vendors that send `{"message": …}`
//! (Billing Platform, BuiltOn), with field messages under `errors` for
//! invalid input.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use payments_model::validate::FieldErrors;
use serde_json::{json, Map, Value};

/// A failed request: a status and a `{"message": …}` body.
pub struct Failure(pub StatusCode, pub Value);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (self.0, Json(self.1)).into_response()
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Self {
        fail(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("The sandbox database failed: {e}"),
        )
    }
}

/// A failure with a message.
pub fn fail(status: StatusCode, message: impl Into<String>) -> Failure {
    Failure(status, json!({ "message": message.into() }))
}

/// Invalid input: `message` and the messages per field under `errors`.
pub fn invalid(status: StatusCode, message: impl Into<String>, errs: FieldErrors) -> Failure {
    let mut fields = Map::new();
    for e in errs.0 {
        fields.insert(e.field, json!([e.message.to_string()]));
    }
    Failure(
        status,
        json!({ "message": message.into(), "errors": fields }),
    )
}

/// Turns an error answer that is not JSON (an extractor's plain-text
/// rejection, such as a path id that is not UTF-8) into `{"message": …}`,
/// so every error a vendor route gives is JSON a client can read.
pub async fn as_json(resp: Response) -> Response {
    let is_json = resp
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .is_some_and(|c| c.contains("json"));
    let status = resp.status();
    if !status.is_client_error() && !status.is_server_error() || is_json {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let text = axum::body::to_bytes(body, 64 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status
            .canonical_reason()
            .unwrap_or("The request failed.")
            .to_string()
    } else {
        text
    };
    let mut json = (parts.status, Json(json!({ "message": message }))).into_response();
    for (name, value) in parts.headers.iter() {
        if name != axum::http::header::CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            json.headers_mut().insert(name.clone(), value.clone());
        }
    }
    json
}
