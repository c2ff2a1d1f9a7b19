//! One module per vendor. Each turns queries into [`HttpRequest`]s in the
//! vendor's dialect and the vendor's answers into model values, and says
//! what the vendor can do ([`ListSpec`]). This module only re-exports and
//! holds the pieces every adapter shares.

pub mod fields;
pub mod reviewrover;

use crate::connection::Connection;
use crate::error::ApiError;
use crate::http::{HttpRequest, HttpResponse};
use crate::query::{ListPage, ListQuery, Pagination};
use crate::vendor::Vendor;
use crate::Payment;

/// The kind of control a list filter needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterKind {
    /// Free text.
    Text,
    /// One of a fixed set of values (the vendor's words).
    Choice(&'static [&'static str]),
}

/// One documented list filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FilterSpec {
    /// The vendor's query parameter name.
    pub name: &'static str,
    /// The label people see.
    pub label: &'static str,
    pub kind: FilterKind,
}

/// What a vendor's list endpoint offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListSpec {
    pub pagination: Pagination,
    pub filters: &'static [FilterSpec],
}

impl ListSpec {
    /// The filter parameter names, for [`ListQuery::from_params`].
    pub fn filter_names(&self) -> Vec<&'static str> {
        self.filters.iter().map(|f| f.name).collect()
    }
}

/// A vendor adapter: pure functions from model to wire and back.
pub trait Provider: Sync {
    fn vendor(&self) -> Vendor;
    fn list_spec(&self) -> ListSpec;
    /// The request that lists payments for `query`.
    fn list_request(&self, conn: &Connection, query: &ListQuery) -> HttpRequest;
    /// Reads a list answer (any status) into a page or an error.
    fn decode_list(&self, conn: &Connection, resp: &HttpResponse) -> Result<ListPage, ApiError>;
    /// The request that fetches one payment.
    fn get_request(&self, conn: &Connection, id: &str) -> HttpRequest;
    /// Reads a single-payment answer (any status).
    fn decode_payment(&self, conn: &Connection, resp: &HttpResponse) -> Result<Payment, ApiError>;
}

/// The adapter for a vendor, where one is available.
pub fn for_vendor(vendor: Vendor) -> Option<&'static dyn Provider> {
    match vendor {
        Vendor::ReviewRover => Some(&reviewrover::ReviewRover),
        _ => None,
    }
}

/// Pulls a person-readable message out of an error body of unknown shape:
/// `{"message": …}`, `{"error": "…"}`, `{"error": {"message": …}}` or
/// `{"errors": [{"message": …}]}`; otherwise short plain text.
pub fn error_message(body: &str) -> Option<String> {
    let value: serde_json::Value = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(_) => {
            let t = body.trim();
            let plain = !t.is_empty() && t.len() <= 200 && !t.starts_with('<');
            return plain.then(|| t.to_string());
        }
    };
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
    text(&value["message"])
        .or_else(|| text(&value["error"]))
        .or_else(|| text(&value["error"]["message"]))
        .or_else(|| text(&value["errors"][0]["message"]))
        .or_else(|| text(&value["errors"][0]))
}

/// The error for a non-2xx answer, with the vendor's message and
/// `Retry-After` when present.
pub fn error_from_response(resp: &HttpResponse) -> ApiError {
    let mut e = ApiError::from_status(resp.status, error_message(&resp.body));
    e.retry_after_secs = crate::error::parse_retry_after(resp.header("retry-after"));
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_messages_are_found_in_common_shapes() {
        assert_eq!(
            error_message(r#"{"message":"nope"}"#).as_deref(),
            Some("nope")
        );
        assert_eq!(
            error_message(r#"{"error":"bad token"}"#).as_deref(),
            Some("bad token")
        );
        assert_eq!(
            error_message(r#"{"error":{"message":"deep"}}"#).as_deref(),
            Some("deep")
        );
        assert_eq!(
            error_message(r#"{"errors":[{"message":"first"}]}"#).as_deref(),
            Some("first")
        );
        assert_eq!(
            error_message("Service Unavailable").as_deref(),
            Some("Service Unavailable")
        );
        assert_eq!(error_message("<html>oops</html>"), None);
        assert_eq!(error_message(r#"{"x":1}"#), None);
    }

    #[test]
    fn retry_after_is_carried() {
        let resp = HttpResponse {
            status: 429,
            headers: vec![("Retry-After".into(), "10".into())],
            body: r#"{"message":"You are being rate limited"}"#.into(),
        };
        let e = error_from_response(&resp);
        assert_eq!(e.retry_after_secs, Some(10));
        assert_eq!(e.message, "You are being rate limited");
    }

    #[test]
    fn reviewrover_has_an_adapter() {
        let p = for_vendor(Vendor::ReviewRover).unwrap();
        assert_eq!(p.vendor(), Vendor::ReviewRover);
    }
}
