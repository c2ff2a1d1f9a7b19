//! Carrying an approved request out: each write sent by the server,
//! once, for the person who asked, as [`crate::gateway::handlers::forward`]
//! sends one (checked against the connection's allow-list and scope
//! again, compared with what it was made from under the payment's
//! lease, recorded before it leaves, its answer recorded by a task of
//! its own), its row naming the request and who approved it. What came
//! of each write is kept on the request and decides its end: done,
//! refused by the vendor, or unknown.
//!
//! Also the audit rows of the decisions themselves ([`noted`]).

use std::sync::Arc;

use payments_model::activity::{ApprovalNote, Context, Outcome};
use payments_model::approval::{ApprovalState, ItemOutcome};
use payments_model::message::GatewayMessage;
use payments_model::version::Read;
use payments_model::{Message, Method};

use super::hold::ids_of;
use super::{finish, HeldWrite, Stored};
use crate::gateway::admission::{readmit, Target};
use crate::gateway::audit::{self, Attempt};
use crate::gateway::handlers::forward::{checked, refuse, send_recorded};
use crate::gateway::versions::MadeFrom;
use crate::gateway::Gateway;

/// The audit row of request `r` by `person` with `outcome` (approved,
/// rejected, expired), with their words.
pub async fn noted(gw: &Gateway, r: &Stored, person: &str, outcome: Outcome, reason: &str) {
    let first = r.writes.first().cloned().unwrap_or_default();
    let row = Attempt {
        at: audit::now_text(),
        person: person.to_string(),
        connection: r.summary.connection.clone(),
        method: first.method.clone(),
        path: first.path.clone(),
        kind: r.summary.kind.clone(),
        payment_id: ids_of(&r.writes),
        sent: first.sent.clone(),
        before: Vec::new(),
        context: Context {
            approval: Some(note(r, Vec::new())),
            ..Context::default()
        },
    };
    let reason = (!reason.is_empty()).then(|| Message::said(reason));
    if let Err(e) = audit::noted(&gw.store, &row, outcome, reason.as_ref()).await {
        tracing::error!(request = r.summary.id, error = %e, "an approval's audit row could not be written");
    }
    gw.events.wake();
}

fn note(r: &Stored, approved_by: Vec<String>) -> ApprovalNote {
    ApprovalNote {
        request: r.summary.id,
        rule: r.summary.rule.clone(),
        requested_by: r.summary.requested_by.clone(),
        approved_by,
    }
}

/// Carries approved request `r` out, write by write (`despite_changes`:
/// the last approver saw what changed since it was asked, and approves
/// anyway); its end and what came of each write, also kept on the
/// request.
pub async fn carry_out(
    gw: Arc<Gateway>,
    r: Stored,
    approved_by: Vec<String>,
    despite_changes: bool,
) -> (ApprovalState, Vec<ItemOutcome>) {
    let mut outcomes = Vec::new();
    for w in &r.writes {
        let outcome = one(&gw, &r, w, &approved_by, despite_changes).await;
        outcomes.push(outcome);
    }
    let state = if outcomes.iter().all(|o| *o == ItemOutcome::Done) {
        ApprovalState::Done
    } else if outcomes
        .iter()
        .any(|o| matches!(o, ItemOutcome::Unknown(_)))
    {
        ApprovalState::Unknown
    } else {
        ApprovalState::Refused
    };
    if let Err(e) = finish(&gw.store, r.summary.id, state, &outcomes).await {
        tracing::error!(request = r.summary.id, error = %e, "a carried-out request's end could not be kept");
    }
    gw.metrics
        .count("payments_approvals_carried_out_total", &[state.as_str()]);
    gw.events.wake();
    (state, outcomes)
}

/// Sends one write of `r`.
async fn one(
    gw: &Arc<Gateway>,
    r: &Stored,
    w: &HeldWrite,
    approved_by: &[String],
    despite_changes: bool,
) -> ItemOutcome {
    let Some(conn) = gw.connection(&r.summary.connection).cloned() else {
        return ItemOutcome::Refused(
            GatewayMessage::NoSuchConnection {
                id: r.summary.connection.clone(),
            }
            .into(),
        );
    };
    let Some(method) = w.method.to_http().filter(|m| *m != Method::Get) else {
        return ItemOutcome::Refused(GatewayMessage::MethodNotForwarded.into());
    };
    let mut attempt = attempt_of(r, w, approved_by);
    let target = Target {
        conn,
        method,
        path: w.path.clone(),
        query: w.query.clone(),
    };
    let body = axum::body::Bytes::from(w.body.clone().into_bytes());
    let admitted = match readmit(
        gw,
        target,
        w.content_type.as_deref(),
        w.accept.as_deref(),
        body,
    )
    .await
    {
        Ok(a) => a,
        Err(e) => {
            let _ = refuse(gw, Some(&attempt), e.clone()).await;
            return ItemOutcome::Refused(e.message);
        }
    };
    let made_from = w
        .read
        .as_deref()
        .and_then(|t| Read::from_header(t).ok())
        .map(|read| MadeFrom {
            read,
            overwrite: despite_changes,
        });
    let checked = match checked(gw, &admitted, &mut attempt, made_from, true, false).await {
        Ok(c) => c,
        Err(e) => {
            let outcome = match &e.conflict {
                Some(c) => ItemOutcome::Changed(c.changes.clone()),
                None => ItemOutcome::Refused(e.message.clone()),
            };
            let _ = refuse(gw, Some(&attempt), e).await;
            return outcome;
        }
    };
    let conn = admitted.target.conn.clone();
    match send_recorded(Arc::clone(gw), admitted, attempt, checked.lease).await {
        Err(e) => ItemOutcome::Refused(e.message),
        Ok(Err(message)) => ItemOutcome::Unknown(message.into()),
        Ok(Ok(answer)) if answer.is_success() => ItemOutcome::Done,
        Ok(Ok(answer)) => ItemOutcome::Refused(
            conn.vendor
                .operations()
                .decode_written(&conn, &answer)
                .err()
                .map_or_else(|| Message::said(answer.status.to_string()), |e| e.message),
        ),
    }
}

/// The audit row of write `w` of `r`, carried out for its requester.
fn attempt_of(r: &Stored, w: &HeldWrite, approved_by: &[String]) -> Attempt {
    Attempt {
        at: audit::now_text(),
        person: r.summary.requested_by.clone(),
        connection: r.summary.connection.clone(),
        method: w.method.clone(),
        path: match &w.query {
            Some(q) => format!("{}?{q}", w.path),
            None => w.path.clone(),
        },
        kind: w.kind(),
        payment_id: w.payment_id.clone(),
        sent: w.sent.clone(),
        before: Vec::new(),
        context: Context {
            approval: Some(note(r, approved_by.to_vec())),
            ..Context::default()
        },
    }
}
