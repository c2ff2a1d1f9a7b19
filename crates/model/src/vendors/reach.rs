//! Helpers for [`super::Operations::reach`]: reading a forwarded path's
//! segments as the vendor reads them, and the usual answers.

use serde_json::Value;

use super::{Reach, Vendor};
use crate::connection::Connection;
use crate::http::percent_decode_path;
use crate::query::ListQuery;

/// The path's segments, decoded as a server decodes a path (`+` stays
/// `+`), without the leading empty one: `/customers/7/payments/` is
/// `["customers", "7", "payments", ""]`.
pub fn segments(path: &str) -> Vec<String> {
    path.split('/').skip(1).map(percent_decode_path).collect()
}

/// Inside only if payment `id` is on `conn`'s own list (read from its
/// first page at the largest page size, `filters` added).
pub fn if_listed(vendor: &dyn Vendor, id: &str, filters: &[(&str, &str)]) -> Reach {
    let pagination = vendor.list_spec().pagination;
    let mut list = ListQuery::first_page(pagination);
    if let Some(largest) = pagination.max_size() {
        list = list.with_size(largest);
    }
    for (name, value) in filters {
        list = list.with_filter(name, value);
    }
    Reach::IfListed {
        id: id.to_string(),
        list,
    }
}

/// Refused: the path lies outside `conn`'s scope.
pub fn outside(vendor: &dyn Vendor, conn: &Connection) -> Reach {
    Reach::Outside(
        crate::message::ModelMessage::OutsideScope {
            scope: Box::new(conn.scope.words(vendor)),
        }
        .into(),
    )
}

/// The text of a JSON body's field `wrapper.name` (or `name` at the top),
/// if the body is a JSON object that sends it.
pub fn body_field(body: &[u8], wrapper: Option<&str>, name: &str) -> Option<String> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let obj = match wrapper {
        Some(w) => v.get(w)?,
        None => &v,
    };
    match obj.get(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_decode_as_a_server_does() {
        assert_eq!(
            segments("/customers/a%2Bb+c/payments/"),
            ["customers", "a+b+c", "payments", ""]
        );
        assert_eq!(segments("/payments"), ["payments"]);
    }

    #[test]
    fn a_body_field_is_read_as_text() {
        let body = br#"{"payment": {"campaign": 7, "user_id": "9"}}"#;
        assert_eq!(
            body_field(body, Some("payment"), "campaign").as_deref(),
            Some("7")
        );
        assert_eq!(
            body_field(body, Some("payment"), "user_id").as_deref(),
            Some("9")
        );
        assert_eq!(body_field(body, None, "campaign"), None);
        assert_eq!(body_field(b"not json", None, "x"), None);
    }
}
