//! The one error type of the console: what went wrong talking to a vendor,
//! sorted into a [`ErrorKind`] the views can act on, with a message a person
//! understands and, where the vendor named them, the fields at fault.

use std::fmt;

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
}

/// A problem with one field, as named by the vendor or by validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The model's field name (for example `amount`), not the vendor path.
    pub field: String,
    pub message: String,
}

/// A failed request or an unreadable answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub kind: ErrorKind,
    /// The HTTP status, when there was an answer.
    pub status: Option<u16>,
    /// A sentence for people; it never contains credentials.
    pub message: String,
    pub fields: Vec<FieldError>,
    /// Seconds to wait before trying again, from `Retry-After`.
    pub retry_after_secs: Option<u64>,
}

impl ApiError {
    /// An error of `kind` with a message and nothing else.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ApiError {
            kind,
            status: None,
            message: message.into(),
            fields: Vec::new(),
            retry_after_secs: None,
        }
    }

    /// A request that got no answer at all.
    pub fn network(detail: impl fmt::Display) -> Self {
        ApiError::new(
            ErrorKind::Network,
            format!("Could not reach the server ({detail}). Check the connection and try again."),
        )
    }

    /// A body that does not have the documented shape.
    pub fn decode(what: &str, detail: impl fmt::Display) -> Self {
        ApiError::new(
            ErrorKind::Decode,
            format!("The server's answer could not be read as {what}: {detail}"),
        )
    }

    /// The kind a status code stands for, and a default message for it.
    pub fn from_status(status: u16, vendor_message: Option<String>) -> Self {
        let (kind, default) = match status {
            401 => (
                ErrorKind::Unauthorized,
                "The credentials were not accepted.",
            ),
            403 => (ErrorKind::Forbidden, "These credentials may not do that."),
            404 => (ErrorKind::NotFound, "Not found."),
            409 | 422 => (ErrorKind::Invalid, "The server rejected the input."),
            429 => (ErrorKind::RateLimited, "Too many requests."),
            500..=599 => (ErrorKind::Server, "The server failed to answer."),
            _ => (ErrorKind::Rejected, "The server refused the request."),
        };
        let message = match vendor_message {
            Some(m) if !m.trim().is_empty() => m.trim().to_string(),
            _ => default.to_string(),
        };
        ApiError {
            kind,
            status: Some(status),
            message,
            fields: Vec::new(),
            retry_after_secs: None,
        }
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
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ApiError {}

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
        assert_eq!(e.message, "Payment not found");
        assert_eq!(e.to_string(), "Payment not found (HTTP 404)");
        let e = ApiError::from_status(404, Some("  ".into()));
        assert_eq!(e.message, "Not found.");
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
