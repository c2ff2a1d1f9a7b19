//! Requests as a person reads them: who sees which (their own; every
//! request for those who may approve under some rule or read everyone's
//! activity), whether they may decide one now, and a request whole with
//! each write set against its payment as the vendor has it now.

use payments_model::approval::{
    ApprovalList, ApprovalRequest, ApprovalState, Decision, Item, Proposed,
};
use payments_model::version::Read;
use payments_model::Payment;
use sqlx::Row;

use super::{decisions, load, newest, Stored};
use crate::gateway::audit::{self, Fields};
use crate::gateway::sessions::Session;
use crate::gateway::versions;
use crate::gateway::Gateway;

/// The most requests a list holds.
pub const LIST_LIMIT: i64 = 200;
/// The most payments of one request read again when it is opened.
pub const READ_AGAIN: usize = 50;

/// What a list asks for.
#[derive(Clone, Debug, Default)]
pub struct ListQuery {
    pub state: Option<ApprovalState>,
    pub connection: Option<String>,
    pub requested_by: Option<String>,
    /// Only those waiting for the reader's decision.
    pub awaiting_me: bool,
}

/// Whether `s` sees every request, not only their own.
fn sees_all(gw: &Gateway, s: &Session) -> bool {
    gw.config.reads_everyone(s.role)
        || gw
            .config
            .approval_rules
            .iter()
            .any(|r| r.approver_roles.contains(&s.role))
}

fn visible(gw: &Gateway, s: &Session, r: &Stored) -> bool {
    gw.connection(&r.summary.connection).is_some()
        && (r.summary.requested_by == s.name || sees_all(gw, s))
}

/// Why someone may not decide a request now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotTheirs {
    /// They asked for it.
    Own,
    /// The rule names other roles as its approvers.
    NotAnApprover,
    /// It is no longer waiting (its state; expired once past its time).
    Ended(ApprovalState),
    /// They decided it already.
    Twice,
}

/// Why `s` may not decide `r` now, given who decided it already; `None`
/// when they may. The one rule for the page's "may decide" and the API's
/// refusals.
pub fn not_theirs(s: &Session, r: &Stored, decided: &[String]) -> Option<NotTheirs> {
    if r.summary.requested_by == s.name {
        Some(NotTheirs::Own)
    } else if !r.roles.iter().any(|role| role == s.role.name()) {
        Some(NotTheirs::NotAnApprover)
    } else if r.summary.state != ApprovalState::Waiting {
        Some(NotTheirs::Ended(r.summary.state))
    } else if r.expires <= super::now_ms() {
        Some(NotTheirs::Ended(ApprovalState::Expired))
    } else if decided.contains(&s.name) {
        Some(NotTheirs::Twice)
    } else {
        None
    }
}

/// Whether `s` may decide `r` now, given who decided it already.
pub fn may_decide(s: &Session, r: &Stored, decided: &[String]) -> bool {
    not_theirs(s, r, decided).is_none()
}

/// Request `id` as stored, if `s` sees it, with who decided it so far
/// (approvals, and a rejection).
pub async fn stored_for(
    gw: &Gateway,
    s: &Session,
    id: i64,
) -> sqlx::Result<Option<(Stored, Vec<Decision>, Option<Decision>)>> {
    let Some(r) = load(&gw.store, id).await?.filter(|r| visible(gw, s, r)) else {
        return Ok(None);
    };
    let (approvals, rejection) = decisions(&gw.store, id).await?;
    Ok(Some((r, approvals, rejection)))
}

/// The people among `approvals` and `rejection`.
pub fn deciders(approvals: &[Decision], rejection: Option<&Decision>) -> Vec<String> {
    approvals
        .iter()
        .chain(rejection)
        .map(|d| d.person.clone())
        .collect()
}

/// The requests of the person's own decisions.
async fn decided_by(gw: &Gateway, person: &str) -> sqlx::Result<Vec<i64>> {
    let rows = sqlx::query("SELECT request FROM approval_decisions WHERE person = $1")
        .bind(person.to_string())
        .fetch_all(gw.store.pool())
        .await?;
    rows.iter().map(|r| r.try_get::<i64, _>(0)).collect()
}

/// The requests `s` sees that `q` asks for, newest first, and how many
/// wait for their decision.
pub async fn list_for(gw: &Gateway, s: &Session, q: &ListQuery) -> sqlx::Result<ApprovalList> {
    let mine = decided_by(gw, &s.name).await?;
    let me = [s.name.clone()];
    let open = |r: &Stored| {
        let decided: &[String] = if mine.contains(&r.summary.id) {
            &me
        } else {
            &[]
        };
        may_decide(s, r, decided)
    };
    let waiting = newest(&gw.store, Some(ApprovalState::Waiting), LIST_LIMIT).await?;
    let awaiting_me = waiting
        .iter()
        .filter(|r| visible(gw, s, r) && open(r))
        .count() as u64;
    let requests = newest(&gw.store, q.state, LIST_LIMIT)
        .await?
        .into_iter()
        .filter(|r| visible(gw, s, r))
        .filter(|r| {
            q.connection
                .as_ref()
                .is_none_or(|c| *c == r.summary.connection)
        })
        .filter(|r| {
            q.requested_by
                .as_ref()
                .is_none_or(|p| *p == r.summary.requested_by)
        })
        .filter(|r| !q.awaiting_me || open(r))
        .map(|r| r.summary)
        .collect();
    Ok(ApprovalList {
        requests,
        awaiting_me,
    })
}

/// Request `id` whole as `s` reads it (`None`: no such request, or not
/// one they see), each payment read again.
pub async fn request_for(
    gw: &Gateway,
    s: &Session,
    id: i64,
) -> sqlx::Result<Option<(ApprovalRequest, Stored)>> {
    let Some((r, approvals, rejection)) = stored_for(gw, s, id).await? else {
        return Ok(None);
    };
    let decided = deciders(&approvals, rejection.as_ref());
    let mut items = Vec::new();
    for (at, w) in r.writes.iter().enumerate() {
        let now = match (&w.payment_id, gw.connection(&r.summary.connection)) {
            (Some(pid), Some(conn)) if at < READ_AGAIN && !r.summary.state.ended() => {
                Some(versions::current(gw, conn, pid).await)
            }
            _ => None,
        };
        let mut item = item_of(w, now);
        item.outcome = r.outcomes.get(at).cloned();
        items.push(item);
    }
    let request = ApprovalRequest {
        may_decide: may_decide(s, &r, &decided),
        summary: r.summary.clone(),
        items,
        approvals,
        rejection,
    };
    Ok(Some((request, r)))
}

/// One write as its request shows it, against the payment `now` (not
/// read: `None`; unreadable: `Some(Err)`).
fn item_of(
    w: &super::HeldWrite,
    now: Option<Result<Option<Payment>, payments_model::Message>>,
) -> Item {
    let read = w
        .read
        .as_deref()
        .and_then(|t| Read::from_header(t).ok())
        .unwrap_or_default();
    let payment = match &now {
        Some(Ok(p)) => p.as_ref(),
        _ => None,
    };
    let held: Fields = payment.map_or_else(Vec::new, |p| {
        let obj: serde_json::Map<String, serde_json::Value> = p.fields.iter().cloned().collect();
        let mut out = Vec::new();
        audit::flatten("", &obj, &mut out);
        out
    });
    let value_now = |field: &str| -> Option<String> {
        let probe = vec![(field.to_string(), String::new())];
        audit::before_values(&probe, &held)
            .into_iter()
            .next()
            .map(|(_, v)| v)
    };
    let fields: Vec<Proposed> = if w.sent.is_empty() {
        read.0
            .iter()
            .map(|(f, then)| Proposed {
                field: f.clone(),
                now: if payment.is_some() {
                    value_now(f)
                } else {
                    then.clone()
                },
                would_be: None,
            })
            .collect()
    } else {
        w.sent
            .iter()
            .map(|(f, v)| Proposed {
                field: f.clone(),
                now: value_now(f),
                would_be: Some(v.clone()),
            })
            .collect()
    };
    let (changed, gone) = match &now {
        Some(Ok(Some(p))) if !read.is_empty() => (p.changed_since(&read), false),
        Some(Ok(None)) => (read.changes(None), true),
        _ => (Vec::new(), false),
    };
    Item {
        method: w.method.clone(),
        path: w.path.clone(),
        payment_id: w.payment_id.clone(),
        fields,
        changed,
        gone,
        outcome: None,
    }
}
