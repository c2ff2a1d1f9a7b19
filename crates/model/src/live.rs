//! Changes as they happen: the gateway streams one [`LiveChange`] per
//! write a vendor accepted through it (on any server sharing its store),
//! as server-sent events whose id is the change's place in the audit log,
//! so that a page that reconnects resumes where it left off. Each person
//! receives only what they may read: the connections the server offers
//! them, and who made a change only when they may read the Activity log
//! (or made it themselves).

use serde::{Deserialize, Serialize};

use crate::activity::ChangeKind;

/// The address of the stream, below the gateway.
pub const EVENTS_PATH: &str = "/gateway/events";
/// The request header (and query parameter `tab`) naming the console
/// page a write comes from, so that the page is not told of its own
/// change.
pub const TAB_HEADER: &str = "x-payments-tab";
/// The event name of a [`LiveChange`].
pub const CHANGE_EVENT: &str = "change";
/// The event name that says changes were missed (more than the stream
/// replays): what a page shows must be read again.
pub const RESET_EVENT: &str = "reset";

/// One write a vendor accepted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveChange {
    /// Its place in the audit log (the event's id).
    pub seq: i64,
    pub connection: String,
    pub kind: ChangeKind,
    /// The payments written (a create's new ones).
    pub ids: Vec<String>,
    /// When the vendor answered, RFC 3339 in UTC.
    pub at: String,
    /// Who made it, for those who may know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// The fields it sent, flattened, as sent (credentials withheld).
    #[serde(default)]
    pub fields: Vec<(String, String)>,
}

impl LiveChange {
    /// Whether it wrote payment `id` of connection `connection`.
    pub fn touches(&self, connection: &str, id: &str) -> bool {
        self.connection == connection && self.ids.iter().any(|i| i == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_travels_as_json_and_names_its_payments() {
        let c = LiveChange {
            seq: 42,
            connection: "rr".into(),
            kind: ChangeKind::Edit,
            ids: vec!["7".into()],
            at: "2026-12-04T14:02:00Z".into(),
            person: None,
            fields: vec![("amount".into(), "111.11".into())],
        };
        let json = serde_json::to_value(&c).unwrap();
        assert!(
            json.get("person").is_none(),
            "no name for those who may not know"
        );
        assert_eq!(json["kind"], "edit");
        assert_eq!(serde_json::from_value::<LiveChange>(json).unwrap(), c);
        assert!(c.touches("rr", "7"));
        assert!(!c.touches("bp", "7") && !c.touches("rr", "8"));
    }
}
