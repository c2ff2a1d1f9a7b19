//! The gateway's one error type: every refusal and failure of a
//! `/gateway` route is a [`GatewayError`], answered as JSON
//! `{"message": …}` with the status its [`ErrorKind`] names (and
//! `Retry-After` where waiting helps). Messages are written for the
//! person using the console and name no secret.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

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
            ErrorKind::TooMany => StatusCode::TOO_MANY_REQUESTS,
            ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorKind::Vendor => StatusCode::BAD_GATEWAY,
        }
    }
}

/// A refusal or failure, with the sentence the person reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GatewayError {
    pub kind: ErrorKind,
    pub message: String,
    /// Seconds to wait before trying again, where that helps.
    pub retry_after: Option<u64>,
}

impl GatewayError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> GatewayError {
        GatewayError {
            kind,
            message: message.into(),
            retry_after: None,
        }
    }

    /// The same, asking the client to wait `seconds` (at least one).
    pub fn retry_after(mut self, seconds: u64) -> GatewayError {
        self.retry_after = Some(seconds.max(1));
        self
    }

    pub fn signed_out() -> GatewayError {
        GatewayError::new(ErrorKind::SignedOut, "Sign in to continue.")
    }

    pub fn not_found(message: impl Into<String>) -> GatewayError {
        GatewayError::new(ErrorKind::NotFound, message)
    }

    pub fn forbidden(message: impl Into<String>) -> GatewayError {
        GatewayError::new(ErrorKind::Forbidden, message)
    }

    pub fn unavailable(message: impl Into<String>) -> GatewayError {
        GatewayError::new(ErrorKind::Unavailable, message)
    }
}

impl std::fmt::Display for GatewayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for GatewayError {}

impl IntoResponse for GatewayError {
    fn into_response(self) -> Response {
        let body = if self.kind == ErrorKind::CodeNeeded {
            json!({ "message": self.message, "needs_code": true })
        } else {
            json!({ "message": self.message })
        };
        let mut r = (self.kind.status(), Json(body)).into_response();
        if let Some(s) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&s.to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        r.extensions_mut().insert(crate::observe::OwnRefusal);
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_json_with_its_status_and_wait() {
        let r = GatewayError::new(ErrorKind::TooMany, "Wait.")
            .retry_after(0)
            .into_response();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[header::RETRY_AFTER], "1");
        assert_eq!(r.headers()[header::CONTENT_TYPE], "application/json");
    }
}
