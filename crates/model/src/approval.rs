//! Four eyes: a write a company's rules name is not forwarded but held as
//! an approval request until other people approve it (or one rejects
//! it, or it expires); then the gateway carries it out, once. These are
//! the request as the gateway sends it and the console reads it, one
//! contract for both sides: its [`ApprovalState`], what it would do to
//! each payment ([`Item`], with the fields it sends set against the
//! payment as it is now), who decided ([`Decision`]) and what came of
//! it ([`ItemOutcome`]).
//!
//! A held write is answered `202 Accepted` with [`HELD_HEADER`] naming
//! the request and the gateway's message `approval_required` as its
//! body, never with a 2xx the console could take for the vendor's.

use serde::{Deserialize, Serialize};

use crate::activity::{ChangeKind, Method};
use crate::error::{ApiError, ErrorKind};
use crate::keys::msg;
use crate::keys::{approvals as k, Key};
use crate::message::{Arg, Message};
use crate::version::Change;

/// The response header of a held write: the request's id.
pub const HELD_HEADER: &str = "x-payments-held";
/// The address of the approvals, below the gateway's origin.
pub const APPROVALS_PATH: &str = "/gateway/approvals";
/// Where a bulk run is announced before its writes are sent.
pub const RUNS_PATH: &str = "/gateway/runs";
/// The event name of an [`ApprovalNews`] on the live stream.
pub const APPROVAL_EVENT: &str = "approval";
/// The longest reason a decision keeps (characters).
pub const MAX_REASON: usize = 2_000;

/// Where a request stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalState {
    /// Waiting for approvals.
    #[default]
    Waiting,
    /// Approved: being carried out now.
    Approved,
    /// Approved and carried out: the vendor accepted every write.
    Done,
    /// Approved and carried out: the vendor refused (some of) it.
    Refused,
    /// Approved, but whether the vendor did it is not known.
    Unknown,
    /// Someone rejected it: it will never be carried out.
    Rejected,
    /// Nobody approved it in time: it will never be carried out.
    Expired,
}

impl ApprovalState {
    /// Every state, in the order the Approvals page offers them.
    pub const ALL: [ApprovalState; 7] = [
        ApprovalState::Waiting,
        ApprovalState::Approved,
        ApprovalState::Done,
        ApprovalState::Refused,
        ApprovalState::Unknown,
        ApprovalState::Rejected,
        ApprovalState::Expired,
    ];

    /// Its stored name, and its value in an address.
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalState::Waiting => "waiting",
            ApprovalState::Approved => "approved",
            ApprovalState::Done => "done",
            ApprovalState::Refused => "refused",
            ApprovalState::Unknown => "unknown",
            ApprovalState::Rejected => "rejected",
            ApprovalState::Expired => "expired",
        }
    }

    /// The state `text` names.
    pub fn parse(text: &str) -> Option<ApprovalState> {
        ApprovalState::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Its word, as people read it.
    pub fn word(self) -> Key {
        match self {
            ApprovalState::Waiting => k::STATE_WAITING,
            ApprovalState::Approved => k::STATE_APPROVED,
            ApprovalState::Done => k::STATE_DONE,
            ApprovalState::Refused => k::STATE_REFUSED,
            ApprovalState::Unknown => k::STATE_UNKNOWN,
            ApprovalState::Rejected => k::STATE_REJECTED,
            ApprovalState::Expired => k::STATE_EXPIRED,
        }
    }

    /// Whether it has ended: nothing more will happen to it.
    pub fn ended(self) -> bool {
        !matches!(self, ApprovalState::Waiting | ApprovalState::Approved)
    }
}

/// One person's approval or rejection.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub person: String,
    /// When, RFC 3339 in UTC.
    pub at: String,
    /// In their words.
    pub reason: String,
}

/// One field a held write sends: its value in the payment now (read
/// again when the request is opened) and what the write would make it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposed {
    pub field: String,
    pub now: Option<String>,
    pub would_be: Option<String>,
}

/// What came of one write once carried out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "reason", rename_all = "snake_case")]
pub enum ItemOutcome {
    Done,
    /// The vendor refused it, with its reason.
    Refused(Message),
    /// No clear answer: it may or may not have happened; the words say
    /// why.
    Unknown(Message),
    /// The payment had changed again, or was gone, when it was to be
    /// sent: nothing was sent.
    Changed(Vec<Change>),
}

/// One write of a request: to one payment (or a new one).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub method: Method,
    /// The vendor path below the connection's base URL.
    pub path: String,
    /// The payment written (none for a create).
    pub payment_id: Option<String>,
    /// The fields sent, each with its value now and what it would be.
    pub fields: Vec<Proposed>,
    /// What changed in the payment since the request was made (read
    /// again when the request is opened).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<Change>,
    /// The payment is gone now.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gone: bool,
    /// Once carried out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ItemOutcome>,
}

/// A request, as the Approvals page lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub id: i64,
    pub connection: String,
    pub kind: ChangeKind,
    /// The rule that caught it, by its name.
    pub rule: String,
    pub requested_by: String,
    /// RFC 3339 in UTC.
    pub requested_at: String,
    pub expires_at: String,
    pub state: ApprovalState,
    /// How many writes it holds (one per payment).
    pub writes: u64,
    /// The first payment it writes, where it names one.
    pub payment_id: Option<String>,
    /// Approvals given so far, and how many it needs.
    pub approved: u32,
    pub needed: u32,
}

/// One request whole, as its page shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalRequest {
    #[serde(flatten)]
    pub summary: Summary,
    pub items: Vec<Item>,
    pub approvals: Vec<Decision>,
    pub rejection: Option<Decision>,
    /// Whether the person reading may approve or reject it now (not
    /// their own, a role the rule names, not decided by them already).
    pub may_decide: bool,
}

/// A page of requests, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalList {
    pub requests: Vec<Summary>,
    /// How many are waiting for the reader's decision (the header's
    /// count).
    pub awaiting_me: u64,
}

/// An approval or a rejection, as the console sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decide {
    pub reason: String,
    /// The person saw what changed in the payment since the request and
    /// approves anyway.
    #[serde(default)]
    pub despite_changes: bool,
}

/// What happened to a request, as the live stream tells its requester
/// and those who may decide it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalNews {
    pub id: i64,
    pub state: ApprovalState,
    pub rule: String,
    pub connection: String,
    pub requested_by: String,
}

impl ApprovalNews {
    /// Reads it from the stream's JSON by hand: the console's first
    /// screen follows the stream, and a derived reader would weigh on
    /// its download.
    pub fn from_json(v: &serde_json::Value) -> Option<ApprovalNews> {
        let text = |k: &str| v.get(k)?.as_str().map(str::to_string);
        Some(ApprovalNews {
            id: v.get("id")?.as_i64()?,
            state: ApprovalState::parse(v.get("state")?.as_str()?)?,
            rule: text("rule")?,
            connection: text("connection")?,
            requested_by: text("requested_by")?,
        })
    }
}

/// One write of a bulk run, as announced before it is sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunWrite {
    pub method: Method,
    /// The vendor path below the connection's base URL.
    pub path: String,
    /// The body as it would be sent (JSON text, or empty).
    #[serde(default)]
    pub body: String,
    /// What it was made from, as `X-Payments-Read` would say it.
    #[serde(default)]
    pub read: Option<String>,
}

/// A bulk run announced: held whole as one request when a rule names
/// it (answered 202 as a held write is), else answered 204 and sent
/// write by write as usual.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub connection: String,
    pub writes: Vec<RunWrite>,
}

/// A write the gateway held: the request it became and the rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    pub id: i64,
    pub rule: String,
}

impl Held {
    /// The request and rule a held write's answer names (the gateway's
    /// `approval_required`); `None` for any other error.
    pub fn of(e: &ApiError) -> Option<Held> {
        if e.kind != ErrorKind::Held || e.message.key() != Some(msg::APPROVAL_REQUIRED) {
            return None;
        }
        let id = match e.message.arg("id") {
            Some(Arg::Number(n)) => i64::try_from(*n).ok()?,
            _ => return None,
        };
        let rule = match e.message.arg("rule") {
            Some(Arg::Text(t)) => t.clone(),
            _ => String::new(),
        };
        Some(Held { id, rule })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::GatewayMessage;

    #[test]
    fn states_read_as_they_are_written_and_two_are_open() {
        for s in ApprovalState::ALL {
            assert_eq!(ApprovalState::parse(s.as_str()), Some(s));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
        assert_eq!(ApprovalState::parse("pending"), None);
        let open: Vec<_> = ApprovalState::ALL
            .into_iter()
            .filter(|s| !s.ended())
            .collect();
        assert_eq!(open, [ApprovalState::Waiting, ApprovalState::Approved]);
    }

    #[test]
    fn a_held_answer_names_its_request_and_rule() {
        let m: Message = GatewayMessage::ApprovalRequired {
            id: 7,
            rule: "Large or irreversible".into(),
        }
        .into();
        let answer = |status: u16| crate::http::HttpResponse {
            status,
            headers: vec![
                (crate::error::REFUSAL_HEADER.into(), "1".into()),
                (HELD_HEADER.into(), "7".into()),
            ],
            body: m.to_wire().to_string(),
        };
        let e = ApiError::from_refusal(&answer(202)).unwrap();
        assert_eq!(e.kind, ErrorKind::Held);
        assert_eq!(
            Held::of(&e),
            Some(Held {
                id: 7,
                rule: "Large or irreversible".into()
            })
        );
        // Never taken for success, and only the gateway's 202 is held.
        let other = ApiError::from_refusal(&answer(403)).unwrap();
        assert_eq!(Held::of(&other), None);
    }

    #[test]
    fn news_reads_as_it_is_written() {
        let news = ApprovalNews {
            id: 9,
            state: ApprovalState::Done,
            rule: "Deletes".into(),
            connection: "rr".into(),
            requested_by: "ada".into(),
        };
        let json = serde_json::to_value(&news).unwrap();
        assert_eq!(ApprovalNews::from_json(&json), Some(news));
        assert_eq!(ApprovalNews::from_json(&serde_json::json!({"id": 9})), None);
    }

    #[test]
    fn a_request_travels_as_json() {
        let r = ApprovalRequest {
            summary: Summary {
                id: 3,
                connection: "rr".into(),
                kind: ChangeKind::Delete,
                rule: "Irreversible".into(),
                requested_by: "ada".into(),
                state: ApprovalState::Refused,
                writes: 1,
                needed: 2,
                ..Summary::default()
            },
            items: vec![Item {
                method: Method::Delete,
                path: "/payments/7".into(),
                payment_id: Some("7".into()),
                outcome: Some(ItemOutcome::Refused(Message::said("locked"))),
                ..Item::default()
            }],
            ..ApprovalRequest::default()
        };
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["state"], "refused");
        assert_eq!(json["items"][0]["outcome"]["kind"], "refused");
        assert_eq!(serde_json::from_value::<ApprovalRequest>(json).unwrap(), r);
    }
}
