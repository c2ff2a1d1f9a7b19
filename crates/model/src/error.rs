//! The one error type of the console: what went wrong talking to a vendor,
//! sorted into a [`ErrorKind`] the views can act on, with a [`Message`] a
//! person understands in their language and, where the vendor named
//! them, the fields at fault.

use std::fmt;

use crate::keys::Key;
use crate::message::{Message, ModelMessage, NetworkMessage};

/// What sort of failure an [`ApiError`] is; views choose their wording and
/// their offer (retry, sign in again, fix a field) from this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request never got an answer: offline, DNS, refused, CORS, aborted.
    Network,
    /// 401: the credentials are missing, wrong or expired.
    Unauthorized,
    /// 403: the credentials are valid but not allowed to do this.
    Forbidden,
    /// 404: no such payment (or endpoint).
    NotFound,
    /// 409 or 422 and other answers that name invalid input.
    Invalid,
    /// 429: too many requests; `retry_after_secs` says how long to wait.
    RateLimited,
    /// 5xx: the vendor failed.
    Server,
    /// Any other 4xx.
    Rejected,
    /// The answer arrived but could not be read as the vendor documents it.
    Decode,
    /// 409 from the gateway: the payment changed since the write's read
    /// ([`ApiError::conflict`] says how); nothing was sent.
    Conflict,
    /// 202 from the gateway: a rule of the company's held the write for
    /// approval ([`crate::approval::Held`] says which request); nothing
    /// was sent yet.
    Held,
}

/// A problem with one field, as named by the vendor or by validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The model's field name (for example `amount`), not the vendor path.
    pub field: String,
    pub message: Message,
}

/// A failed request or an unreadable answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub kind: ErrorKind,
    /// The HTTP status, when there was an answer.
    pub status: Option<u16>,
    /// What people are told; it never holds credentials.
    pub message: Message,
    pub fields: Vec<FieldError>,
    /// Seconds to wait before trying again, from `Retry-After`.
    pub retry_after_secs: Option<u64>,
    /// The id the gateway gave the request it refused (for support).
    pub request_id: Option<String>,
    /// What changed since the write was read, for [`ErrorKind::Conflict`].
    pub conflict: Option<Box<crate::version::Conflict>>,
}

impl ApiError {
    /// An error of `kind` with a message and nothing else.
    pub fn new(kind: ErrorKind, message: impl Into<Message>) -> Self {
        ApiError {
            kind,
            status: None,
            message: message.into(),
            fields: Vec::new(),
            retry_after_secs: None,
            request_id: None,
            conflict: None,
        }
    }

    /// A request that got no answer at all (the browser's reason).
    pub fn network(detail: impl fmt::Display) -> Self {
        ApiError::new(
            ErrorKind::Network,
            NetworkMessage::Network {
                detail: detail.to_string(),
            },
        )
    }

    /// A body that does not have the documented shape: what it should
    /// have been (a word of the catalog, `word.what_*`) and why not.
    pub fn decode(what: Key, detail: impl fmt::Display) -> Self {
        ApiError::new(
            ErrorKind::Decode,
            ModelMessage::Unreadable {
                what,
                detail: detail.to_string(),
            },
        )
    }

    /// The kind a status code stands for, with the vendor's own words
    /// (shown as written), else the status's meaning.
    pub fn from_status(status: u16, vendor_message: Option<String>) -> Self {
        let (kind, default) = match status {
            401 => (ErrorKind::Unauthorized, ModelMessage::Unauthorized),
            403 => (ErrorKind::Forbidden, ModelMessage::Forbidden),
            404 => (ErrorKind::NotFound, ModelMessage::NotFound),
            409 | 422 => (ErrorKind::Invalid, ModelMessage::Invalid),
            429 => (ErrorKind::RateLimited, ModelMessage::RateLimited),
            500..=599 => (ErrorKind::Server, ModelMessage::ServerFailed),
            _ => (ErrorKind::Rejected, ModelMessage::Rejected),
        };
        let message = match vendor_message {
            Some(m) if !m.trim().is_empty() => Message::said(m.trim()),
            _ => default.into(),
        };
        ApiError {
            kind,
            status: Some(status),
            message,
            fields: Vec::new(),
            retry_after_secs: None,
            request_id: None,
            conflict: None,
        }
    }

    /// The gateway's own refusal (its [`REFUSAL_HEADER`] set): its
    /// message read by code, its kind by status; `None` for any other
    /// answer, a vendor's included (the gateway passes no such header
    /// of theirs on).
    pub fn from_refusal(resp: &crate::http::HttpResponse) -> Option<Self> {
        resp.header(REFUSAL_HEADER)?;
        let body: serde_json::Value = serde_json::from_str(&resp.body).unwrap_or_default();
        let mut e = ApiError::from_status(resp.status, None);
        if let Some(m) = Message::from_refusal(&body) {
            e.message = m;
        }
        if resp.status == 202 {
            e.kind = ErrorKind::Held;
        }
        e.retry_after_secs = parse_retry_after(resp.header("retry-after"));
        e.request_id = body
            .get("request_id")
            .and_then(serde_json::Value::as_str)
            .map(str::to_string);
        if let Some(c) = body
            .get("conflict")
            .and_then(crate::version::Conflict::from_json)
        {
            e.conflict = Some(Box::new(c));
            e.kind = ErrorKind::Conflict;
        }
        Some(e)
    }

    /// Whether sending the same safe request again may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self.kind, ErrorKind::RateLimited | ErrorKind::Server)
    }

    /// Seconds to wait before trying again after this error on the
    /// `attempt`-th try: what the server asked (`Retry-After`), else 1, 2,
    /// 4 s and so on, at most two minutes. Whether to try again at all is
    /// the caller's rule.
    pub fn wait_before_retry(&self, attempt: u32) -> u64 {
        self.retry_after_secs
            .unwrap_or(1 << attempt.saturating_sub(1).min(5))
            .min(120)
    }

    /// Whether a write that failed this way may have been carried out all
    /// the same: no answer, a server failure, or an answer that could not
    /// be read. A refusal (any other 4xx) says it was not.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Network | ErrorKind::Server | ErrorKind::Decode
        )
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Some(s) => write!(f, "{} (HTTP {s})", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

impl std::error::Error for ApiError {}

/// The header that marks an answer as the gateway's own refusal, whose
/// body is `{"code", "args", "message"}`.
pub const REFUSAL_HEADER: &str = "x-payments-refusal";

/// Reads a `Retry-After` header given in seconds. (The HTTP-date form is
/// not used by any of the five vendors; it is treated as absent.)
pub fn parse_retry_after(value: Option<&str>) -> Option<u64> {
    value.and_then(|v| v.trim().parse::<u64>().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_kinds() {
        assert_eq!(
            ApiError::from_status(401, None).kind,
            ErrorKind::Unauthorized
        );
        assert_eq!(ApiError::from_status(403, None).kind, ErrorKind::Forbidden);
        assert_eq!(ApiError::from_status(404, None).kind, ErrorKind::NotFound);
        assert_eq!(ApiError::from_status(422, None).kind, ErrorKind::Invalid);
        assert_eq!(
            ApiError::from_status(429, None).kind,
            ErrorKind::RateLimited
        );
        assert_eq!(ApiError::from_status(503, None).kind, ErrorKind::Server);
        assert_eq!(ApiError::from_status(418, None).kind, ErrorKind::Rejected);
    }

    #[test]
    fn vendor_message_wins_over_default_unless_blank() {
        let e = ApiError::from_status(404, Some("Payment not found".into()));
        assert_eq!(e.message, Message::said("Payment not found"));
        assert_eq!(e.to_string(), "Payment not found (HTTP 404)");
        let e = ApiError::from_status(404, Some("  ".into()));
        assert_eq!(e.message, ModelMessage::NotFound.into());
        assert_eq!(e.to_string(), "Not found. (HTTP 404)");
    }

    #[test]
    fn only_rate_limits_and_server_errors_are_transient() {
        assert!(ApiError::from_status(429, None).is_transient());
        assert!(ApiError::from_status(502, None).is_transient());
        assert!(!ApiError::from_status(400, None).is_transient());
        assert!(!ApiError::network("offline").is_transient());
    }

    #[test]
    fn retry_after_reads_seconds_only() {
        assert_eq!(parse_retry_after(Some(" 7 ")), Some(7));
        assert_eq!(
            parse_retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            None
        );
        assert_eq!(parse_retry_after(None), None);
    }
}
