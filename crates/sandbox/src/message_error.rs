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
        fields.insert(e.field, json!([e.message]));
    }
    Failure(
        status,
        json!({ "message": message.into(), "errors": fields }),
    )
}
