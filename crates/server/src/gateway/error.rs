//! The gateway's one error type: every refusal and failure of a
//! `/gateway` route is a [`GatewayError`], answered as JSON
//! `{"code", "args", "message"}` (a [`GatewayMessage`]'s code and
//! arguments, which the console words in its language, and the English
//! `message` for logs and scripts) with the status its [`ErrorKind`]
//! names, `Retry-After` where waiting helps, and the
//! [`REFUSAL_HEADER`] that tells the console the answer is the
//! gateway's own and not a vendor's. Nothing in it names a secret.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use payments_model::error::REFUSAL_HEADER;
use payments_model::message::{GatewayMessage, Message};
use payments_model::version::Conflict;

/// What kind of refusal or failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// No such connection or gateway address (404).
    NotFound,
    /// The request is malformed (400).
    BadRequest,
    /// Nobody is signed in (401).
    SignedOut,
    /// The sign-in did not match an account (401).
    WrongPassword,
    /// The password matched; the account's one-time code is needed (401,
    /// with `"needs_code": true`).
    CodeNeeded,
    /// The person may not do this, or the request did not come from the
    /// console's own page (403).
    Forbidden,
    /// A method the gateway never forwards (405).
    MethodNotAllowed,
    /// The body is too large (413).
    TooLarge,
    /// The payment changed since the write was read (409, with
    /// `"conflict"`: what changed, and who changed it where they may
    /// know).
    Conflict,
    /// Too many tries: wait (429).
    TooMany,
    /// The gateway cannot do it now: its store or its password checks are
    /// busy or down (503).
    Unavailable,
    /// The vendor did not answer usably (502).
    Vendor,
}

impl ErrorKind {
    pub fn status(self) -> StatusCode {
        match self {
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
            ErrorKind::SignedOut | ErrorKind::WrongPassword | ErrorKind::CodeNeeded => {
                StatusCode::UNAUTHORIZED
            }
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
            ErrorKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorKind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::Conflict => StatusCode::CONFLICT,
            ErrorKind::TooMany => StatusCode::TOO_MANY_REQUESTS,
            ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorKind::Vendor => StatusCode::BAD_GATEWAY,
        }
    }
}

/// A refusal or failure, with what the person is told: one of the
/// gateway's own messages, or a model's (a scope's reason).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GatewayError {
    pub kind: ErrorKind,
    pub message: Message,
    /// Seconds to wait before trying again, where that helps.
    pub retry_after: Option<u64>,
    /// What changed since the write was read, for [`ErrorKind::Conflict`].
    pub conflict: Option<Box<Conflict>>,
}

impl GatewayError {
    pub fn new(kind: ErrorKind, message: impl Into<Message>) -> GatewayError {
        GatewayError {
            kind,
            message: message.into(),
            retry_after: None,
            conflict: None,
        }
    }

    /// The same, saying what changed since the write was read.
    pub fn with_conflict(mut self, conflict: Conflict) -> GatewayError {
        self.conflict = Some(Box::new(conflict));
        self
    }

    /// The same, asking the client to wait `seconds` (at least one).
    pub fn retry_after(mut self, seconds: u64) -> GatewayError {
        self.retry_after = Some(seconds.max(1));
        self
    }

    pub fn signed_out() -> GatewayError {
        GatewayError::new(ErrorKind::SignedOut, GatewayMessage::SignedOut)
    }

    pub fn not_found(message: impl Into<Message>) -> GatewayError {
        GatewayError::new(ErrorKind::NotFound, message)
    }

    pub fn forbidden(message: impl Into<Message>) -> GatewayError {
        GatewayError::new(ErrorKind::Forbidden, message)
    }

    pub fn unavailable(message: impl Into<Message>) -> GatewayError {
        GatewayError::new(ErrorKind::Unavailable, message)
    }

    pub fn bad_request(message: impl Into<Message>) -> GatewayError {
        GatewayError::new(ErrorKind::BadRequest, message)
    }
}

impl std::fmt::Display for GatewayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message.fmt(f)
    }
}

impl std::error::Error for GatewayError {}

/// `{"code", "args", "message"}` for `message`.
pub fn refusal_json(message: &Message) -> serde_json::Value {
    let mut body = message.to_wire();
    body["message"] = serde_json::Value::String(message.to_string());
    body
}

/// The answer for a refusal written by another part of the server (the
/// host check, an unmatched path): the same JSON and marks as a
/// [`GatewayError`]'s.
pub fn refusal(status: StatusCode, message: GatewayMessage) -> Response {
    let mut r = (status, Json(refusal_json(&message.into()))).into_response();
    r.headers_mut()
        .insert(REFUSAL_HEADER, HeaderValue::from_static("1"));
    r
}

impl IntoResponse for GatewayError {
    fn into_response(self) -> Response {
        let mut body = refusal_json(&self.message);
        if self.kind == ErrorKind::CodeNeeded {
            body["needs_code"] = serde_json::Value::Bool(true);
        }
        if let Some(c) = &self.conflict {
            body["conflict"] = serde_json::to_value(c).unwrap_or_default();
        }
        let mut r = (self.kind.status(), Json(body)).into_response();
        let h = r.headers_mut();
        if let Some(s) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&s.to_string()) {
                h.insert(header::RETRY_AFTER, v);
            }
        }
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        h.insert(REFUSAL_HEADER, HeaderValue::from_static("1"));
        r.extensions_mut().insert(crate::observe::OwnRefusal);
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[tokio::test]
    async fn a_refusal_is_its_code_arguments_and_english_with_its_status_and_wait() {
        let r = GatewayError::new(
            ErrorKind::TooMany,
            GatewayMessage::ThrottledName { secs: 12 },
        )
        .retry_after(0)
        .into_response();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[header::RETRY_AFTER], "1");
        assert_eq!(r.headers()[header::CONTENT_TYPE], "application/json");
        assert_eq!(r.headers()[REFUSAL_HEADER], "1");
        let body = r.into_body().collect().await.unwrap().to_bytes();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "code": "throttled_name",
                "args": {"secs": 12},
                "message": "Too many failed sign-ins for this name: try again in 12 s."
            })
        );
        assert_eq!(
            Message::from_refusal(&v),
            Some(GatewayMessage::ThrottledName { secs: 12 }.into())
        );
    }
}
