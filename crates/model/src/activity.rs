//! The activity log as the gateway sends it and the console reads it: one
//! data contract for both sides. An [`ActivityRow`] is one write attempt
//! through the gateway with its answer merged in; an [`ActivityPage`] a
//! page of them, newest first, with how many match and the cursors of the
//! neighbouring pages.
//!
//! What a row says is typed: its [`ChangeKind`], [`Outcome`] and
//! [`Method`] are closed sets with their stored names (the text each has
//! in the log and on the wire), and a value no variant names, as an
//! older or newer server may have written, reads as the variant `Other`
//! with its text, so every log still reads. Why an attempt was refused,
//! or what the vendor said, is a [`Message`]: a gateway's code, or the
//! vendor's words as written.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::message::Message;

/// Declares a closed set of values stored as text, with an `Other` for
/// a text no variant names.
macro_rules! stored_names {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version does not name, as stored.
            Other(String),
        }

        impl $name {
            /// Every value this version names.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// Its text in the log and on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )*
                    $name::Other(text) => text,
                }
            }

            /// The value `text` names (`Other` when none does).
            pub fn parse(text: &str) -> $name {
                match text {
                    $( $text => $name::$variant, )*
                    other => $name::Other(other.to_string()),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                Ok($name::parse(&String::deserialize(d)?))
            }
        }

        impl Default for $name {
            fn default() -> $name {
                $name::Other(String::new())
            }
        }
    };
}

stored_names! {
    /// What kind of change an attempt was.
    pub enum ChangeKind {
        Create = "create",
        Edit = "edit",
        /// A write to a payment's status endpoint.
        StatusChange = "status change",
        Delete = "delete",
    }
}

stored_names! {
    /// How an attempt ended (its answer row's, merged in).
    pub enum Outcome {
        /// Forwarded; no answer recorded yet.
        Pending = "pending",
        /// The vendor answered (its status says how).
        Answered = "answered",
        /// The vendor did not answer, or its answer was lost.
        NoAnswer = "no answer",
        /// The gateway refused it; nothing reached the vendor.
        Refused = "refused",
        /// The payment had changed since the person read it: not
        /// forwarded ([`crate::version`]).
        Conflict = "conflict",
        /// A rule of the company's names it: not forwarded, held for
        /// approval ([`crate::approval`]).
        Requested = "requested",
        /// Someone approved a held write (the row is theirs).
        Approved = "approved",
        /// Someone rejected a held write (the row is theirs).
        Rejected = "rejected",
        /// A held write nobody approved in time.
        Expired = "expired",
    }
}

stored_names! {
    /// The HTTP method an attempt used.
    pub enum Method {
        Get = "GET",
        Post = "POST",
        Put = "PUT",
        Patch = "PATCH",
        Delete = "DELETE",
    }
}

impl Method {
    /// The HTTP method it names (`None` for a name no variant has).
    pub fn to_http(&self) -> Option<crate::http::Method> {
        use crate::http::Method as M;
        Some(match self {
            Method::Get => M::Get,
            Method::Post => M::Post,
            Method::Put => M::Put,
            Method::Patch => M::Patch,
            Method::Delete => M::Delete,
            Method::Other(_) => return None,
        })
    }
}

impl From<crate::http::Method> for Method {
    fn from(m: crate::http::Method) -> Method {
        Method::parse(m.as_str())
    }
}

impl ChangeKind {
    /// The kind of a write by its method and vendor path (`None` for a
    /// read).
    pub fn of(method: crate::http::Method, path: &str) -> Option<ChangeKind> {
        use crate::http::Method as M;
        Some(match method {
            M::Get => return None,
            M::Post => ChangeKind::Create,
            M::Delete => ChangeKind::Delete,
            M::Put | M::Patch if path.trim_end_matches('/').ends_with("/status") => {
                ChangeKind::StatusChange
            }
            M::Put | M::Patch => ChangeKind::Edit,
        })
    }
}

/// What a filter of the Activity page may name: a kind of change, or the
/// attempts the gateway refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KindFilter {
    Kind(ChangeKind),
    Refused,
    /// Writes made from a stale read: caught, or overwritten on purpose.
    Conflict,
}

impl KindFilter {
    /// Every filter, as the Activity page offers them.
    pub fn all() -> Vec<KindFilter> {
        ChangeKind::ALL
            .iter()
            .cloned()
            .map(KindFilter::Kind)
            .chain([KindFilter::Refused, KindFilter::Conflict])
            .collect()
    }

    /// Its value in an address or a query (`status change`, `refused`).
    pub fn as_str(&self) -> &str {
        match self {
            KindFilter::Kind(k) => k.as_str(),
            KindFilter::Refused => "refused",
            KindFilter::Conflict => "conflict",
        }
    }

    /// The filter `text` names, if any.
    pub fn parse(text: &str) -> Option<KindFilter> {
        KindFilter::all().into_iter().find(|k| k.as_str() == text)
    }
}

/// One write attempt and how it ended.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityRow {
    /// Its place in the log.
    pub seq: i64,
    /// When, RFC 3339 in UTC.
    pub at: String,
    pub person: String,
    pub connection: String,
    pub method: Method,
    /// The vendor path below the connection's base URL, with its query.
    pub path: String,
    pub kind: ChangeKind,
    pub outcome: Outcome,
    /// The vendor's status, once it answered (502 when it did not).
    pub status: Option<u16>,
    /// The payment written, where the path or the answer names it
    /// (several, comma-separated, for a create that made several).
    pub payment_id: Option<String>,
    /// Why the gateway refused it, or what the vendor said when it did
    /// not succeed.
    pub reason: Option<Message>,
    /// The fields it sent, flattened (`payment.amount`), as sent.
    pub sent: Vec<(String, String)>,
    /// For an edit, the values the sent fields had before (empty when
    /// they could not be read).
    pub before: Vec<(String, String)>,
    /// What the attempt was made from, where that matters: the changes a
    /// stale write met, and whether the person overwrote them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Context>,
}

/// What an attempt met that its row says beyond what it sent: a write
/// made from a stale read ([`crate::version`]) was caught (outcome
/// [`Outcome::Conflict`]) or, on the person's explicit choice,
/// overwrote the changes listed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    /// The fields that had changed since the person read the payment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed_since_read: Vec<crate::version::Change>,
    /// The person chose to write over them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overwrote: bool,
    /// The payment was gone when the write came.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gone: bool,
    /// The console page that sent it (a random id the page made,
    /// [`crate::live::TAB_HEADER`]), so that the page is not told of its
    /// own change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tab: Option<String>,
    /// The approval request it belongs to: held as, decided, or carried
    /// out for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<ApprovalNote>,
}

/// What a row says of the approval request it belongs to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalNote {
    /// The request's number.
    pub request: i64,
    /// The rule that caught it.
    pub rule: String,
    /// Who asked for it.
    #[serde(default)]
    pub requested_by: String,
    /// Who approved it (on the row of its carrying out).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approved_by: Vec<String>,
}

impl Context {
    /// As the log stores it (JSON), `None` when it says nothing.
    pub fn stored(&self) -> Option<String> {
        (*self != Context::default()).then(|| serde_json::to_string(self).unwrap_or_default())
    }

    /// As the log holds it; a value this version cannot read is none.
    pub fn read(text: Option<&str>) -> Option<Context> {
        serde_json::from_str(text?).ok()
    }
}

/// A reason as the log stores it: a message as JSON (`{"code", "args"}`).
pub fn stored_reason(reason: &Message) -> String {
    reason.to_wire().to_string()
}

/// A reason as the log holds it: a message stored by [`stored_reason`],
/// else (a row of an earlier version, or a vendor's words) its text as
/// written.
pub fn read_reason(text: &str) -> Message {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| Message::from_wire(&v))
        .unwrap_or_else(|| Message::said(text))
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
    use crate::message::GatewayMessage;

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

    #[test]
    fn kinds_outcomes_and_methods_keep_their_stored_names() {
        for (kind, text) in [
            (ChangeKind::Create, "create"),
            (ChangeKind::Edit, "edit"),
            (ChangeKind::StatusChange, "status change"),
            (ChangeKind::Delete, "delete"),
        ] {
            assert_eq!(kind.as_str(), text);
            assert_eq!(ChangeKind::parse(text), kind);
        }
        assert_eq!(Outcome::parse("no answer"), Outcome::NoAnswer);
        assert_eq!(Method::from(crate::http::Method::Patch), Method::Patch);
        assert_eq!(
            ChangeKind::of(crate::http::Method::Put, "/payments/7/status/"),
            Some(ChangeKind::StatusChange)
        );
        assert_eq!(ChangeKind::of(crate::http::Method::Get, "/payments"), None);
    }

    #[test]
    fn a_value_no_variant_names_reads_as_other_and_writes_back_the_same() {
        let row: ActivityRow = serde_json::from_value(serde_json::json!({
            "seq": 1, "at": "2026-12-01T10:00:00Z", "person": "ada", "connection": "rr",
            "method": "PURGE", "path": "/p", "kind": "refund", "outcome": "escalated",
            "status": null, "payment_id": null, "reason": null, "sent": [], "before": []
        }))
        .unwrap();
        assert_eq!(row.kind, ChangeKind::Other("refund".into()));
        assert_eq!(row.outcome, Outcome::Other("escalated".into()));
        assert_eq!(row.method, Method::Other("PURGE".into()));
        assert_eq!(serde_json::to_value(&row).unwrap()["kind"], "refund");
    }

    #[test]
    fn a_reason_is_a_code_or_words_as_written() {
        let refused = Message::from(GatewayMessage::RoleReadsOnly {
            role: "viewer".into(),
        });
        assert_eq!(read_reason(&stored_reason(&refused)), refused);
        assert_eq!(
            read_reason("Your role (viewer) may read payments, not change them."),
            Message::said("Your role (viewer) may read payments, not change them."),
            "a row of an earlier version reads as it was written"
        );
        assert_eq!(
            read_reason("Payment is settled"),
            Message::said("Payment is settled")
        );
    }

    #[test]
    fn a_context_is_stored_only_when_it_says_something() {
        assert_eq!(Context::default().stored(), None);
        let c = Context {
            changed_since_read: vec![crate::version::Change {
                field: "amount".into(),
                then: Some("100.00".into()),
                now: Some("111.11".into()),
            }],
            overwrote: true,
            ..Context::default()
        };
        let stored = c.stored().unwrap();
        assert!(
            !stored.contains("gone") && !stored.contains("tab"),
            "{stored}"
        );
        assert_eq!(Context::read(Some(&stored)), Some(c));
        assert_eq!(Context::read(Some("not json")), None);
        assert_eq!(Outcome::parse("conflict"), Outcome::Conflict);
    }

    #[test]
    fn filters_name_each_kind_and_refusals() {
        let names: Vec<String> = KindFilter::all()
            .iter()
            .map(|k| k.as_str().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "create",
                "edit",
                "status change",
                "delete",
                "refused",
                "conflict"
            ]
        );
        assert_eq!(KindFilter::parse("refused"), Some(KindFilter::Refused));
        assert_eq!(KindFilter::parse("conflict"), Some(KindFilter::Conflict));
        assert_eq!(KindFilter::parse("nonsense"), None);
    }
}
