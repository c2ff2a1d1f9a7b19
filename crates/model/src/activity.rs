//! The activity log as the gateway sends it and the console reads it: one
//! data contract for both sides. An [`ActivityRow`] is one write attempt
//! through the gateway with its answer merged in; an [`ActivityPage`] a
//! page of them, newest first, with how many match and the cursors of the
//! neighbouring pages.

use serde::{Deserialize, Serialize};

/// The kinds of change the log records, which a filter may name.
pub const KINDS: &[&str] = &["create", "edit", "status change", "delete", "refused"];

/// One write attempt and how it ended.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityRow {
    /// Its place in the log.
    pub seq: i64,
    /// When, RFC 3339 in UTC.
    pub at: String,
    pub person: String,
    pub connection: String,
    pub method: String,
    /// The vendor path below the connection's base URL, with its query.
    pub path: String,
    /// `create`, `edit`, `status change` or `delete`.
    pub kind: String,
    /// `pending`, `answered`, `no answer` or `refused`.
    pub outcome: String,
    /// The vendor's status, once it answered (502 when it did not).
    pub status: Option<u16>,
    /// The payment written, where the path or the answer names it
    /// (several, comma-separated, for a create that made several).
    pub payment_id: Option<String>,
    /// Why the gateway refused it, or what the vendor said when it did
    /// not succeed.
    pub reason: Option<String>,
    /// The fields it sent, flattened (`payment.amount`), as sent.
    pub sent: Vec<(String, String)>,
    /// For an edit, the values the sent fields had before (empty when
    /// they could not be read).
    pub before: Vec<(String, String)>,
}

/// One page of the activity log, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub rows: Vec<ActivityRow>,
    /// How many attempts match the filters in all.
    pub total: u64,
    /// The cursor of the next older page (`before`), if there is one.
    pub older: Option<i64>,
    /// The cursor of the next newer page (`after`), if there is one.
    pub newer: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_travel_as_name_value_pairs() {
        let row = ActivityRow {
            sent: vec![("amount".into(), "98.76".into())],
            ..ActivityRow::default()
        };
        let json = serde_json::to_value(&row).unwrap();
        assert_eq!(json["sent"], serde_json::json!([["amount", "98.76"]]));
        let back: ActivityRow = serde_json::from_value(json).unwrap();
        assert_eq!(back, row);
    }
}
