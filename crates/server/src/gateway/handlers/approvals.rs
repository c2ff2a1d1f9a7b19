//! Four eyes over HTTP ([`crate::gateway::approvals`]):
//! `GET /approvals` (the requests a person sees, filtered, and how many
//! wait for their decision), `GET /approvals/{id}` (one, each payment
//! read again), `POST /approvals/{id}/approve` and `…/reject` (checked
//! like every write; nobody decides their own request; an approval of a
//! payment that changed since the request is refused with what changed
//! until the person approves again having seen it; the last approval
//! needed carries the request out and answers how it ended), and
//! `POST /runs` (a bulk run announced before its writes: held whole as
//! one request when a rule names it, `202`, else `204`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use payments_model::activity::Outcome;
use payments_model::approval::{ApprovalState, Decide, Run, MAX_REASON};
use payments_model::bulk::MAX_SELECTED;
use payments_model::message::GatewayMessage;
use payments_model::version::{Conflict, Read};
use payments_model::Method;
use serde::Deserialize;

use crate::gateway::admission::{readmit, Target};
use crate::gateway::approvals::view::{self, ListQuery, NotTheirs};
use crate::gateway::approvals::{self, carry, hold, Refused, Stored};
use crate::gateway::audit;
use crate::gateway::error::{ErrorKind, GatewayError};
use crate::gateway::extract::{CheckedWrite, SignedIn};
use crate::gateway::sessions::Session;
use crate::gateway::{versions, Gateway};

pub fn routes() -> Router<Arc<Gateway>> {
    Router::new()
        .route("/approvals", get(list))
        .route("/approvals/{id}", get(one))
        .route("/approvals/{id}/approve", post(approve))
        .route("/approvals/{id}/reject", post(reject))
        .route("/runs", post(run))
}

fn fresh(body: impl IntoResponse) -> Response {
    let mut r = body.into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// Moves requests past their time to expired, each row once.
async fn sweep(gw: &Gateway) {
    match approvals::expire_due(&gw.store).await {
        Ok(expired) => {
            for r in expired {
                carry::noted(
                    gw,
                    &r,
                    &r.summary.requested_by.clone(),
                    Outcome::Expired,
                    "",
                )
                .await;
            }
        }
        Err(e) => tracing::warn!(error = %e, "requests past their time could not be expired"),
    }
}

#[derive(Deserialize, Default)]
struct ListParams {
    state: Option<String>,
    connection: Option<String>,
    requested_by: Option<String>,
    #[serde(default)]
    awaiting: Option<String>,
}

/// `GET /gateway/approvals`.
async fn list(
    State(gw): State<Arc<Gateway>>,
    SignedIn(s): SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, GatewayError> {
    sweep(&gw).await;
    let q = ListQuery {
        state: p
            .state
            .as_deref()
            .filter(|t| !t.is_empty())
            .and_then(ApprovalState::parse),
        connection: p.connection.filter(|c| !c.is_empty()),
        requested_by: p.requested_by.filter(|c| !c.is_empty()),
        awaiting_me: p.awaiting.as_deref() == Some("1"),
    };
    let list = approvals::list_for(&gw, &s, &q)
        .await
        .map_err(|e| hold::down(&gw, e))?;
    Ok(fresh(Json(list)))
}

/// Request `id` as `s` sees it, or 404.
async fn found(
    gw: &Gateway,
    s: &Session,
    id: i64,
) -> Result<(payments_model::approval::ApprovalRequest, Stored), GatewayError> {
    approvals::request_for(gw, s, id)
        .await
        .map_err(|e| hold::down(gw, e))?
        .ok_or_else(|| GatewayError::not_found(GatewayMessage::NoSuchApproval))
}

/// `GET /gateway/approvals/{id}`.
async fn one(
    State(gw): State<Arc<Gateway>>,
    SignedIn(s): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, GatewayError> {
    sweep(&gw).await;
    let (request, _) = found(&gw, &s, id).await?;
    Ok(fresh(Json(request)))
}

/// The decision a body says: JSON, its reason at most [`MAX_REASON`]
/// characters.
fn decision(body: &[u8]) -> Result<Decide, GatewayError> {
    let d: Decide = serde_json::from_slice(body)
        .map_err(|_| GatewayError::bad_request(GatewayMessage::RunUnreadable))?;
    if d.reason.chars().count() > MAX_REASON {
        return Err(GatewayError::bad_request(GatewayMessage::ReasonTooLong {
            most: MAX_REASON as u64,
        }));
    }
    Ok(d)
}

/// Request `id` as `s` is about to decide it: 404 when they do not see
/// it, else refused with why they may not decide it (their own, another
/// role's, no longer waiting, decided by them already). Checked before
/// any payment is read from the vendor.
async fn decidable(gw: &Gateway, s: &Session, id: i64) -> Result<Stored, GatewayError> {
    sweep(gw).await;
    let (r, approvals, rejection) = view::stored_for(gw, s, id)
        .await
        .map_err(|e| hold::down(gw, e))?
        .ok_or_else(|| GatewayError::not_found(GatewayMessage::NoSuchApproval))?;
    let decided = view::deciders(&approvals, rejection.as_ref());
    match view::not_theirs(s, &r, &decided) {
        None => Ok(r),
        Some(NotTheirs::Own) => Err(GatewayError::forbidden(GatewayMessage::OwnRequest)),
        Some(NotTheirs::NotAnApprover) => {
            Err(GatewayError::forbidden(GatewayMessage::NotAnApprover {
                rule: r.summary.rule.clone(),
            }))
        }
        Some(NotTheirs::Ended(state)) => Err(ended(state)),
        Some(NotTheirs::Twice) => Err(GatewayError::new(
            ErrorKind::Conflict,
            GatewayMessage::ApprovedAlready,
        )),
    }
}

fn ended(state: ApprovalState) -> GatewayError {
    GatewayError::new(
        ErrorKind::Conflict,
        GatewayMessage::ApprovalEnded {
            state: state.word(),
        },
    )
}

fn refused(gw: &Gateway, e: Refused) -> GatewayError {
    match e {
        Refused::Twice => GatewayError::new(ErrorKind::Conflict, GatewayMessage::ApprovedAlready),
        Refused::Ended(state) => ended(state),
        Refused::Store(e) => hold::down(gw, e),
    }
}

/// `POST /gateway/approvals/{id}/approve`.
async fn approve(
    State(gw): State<Arc<Gateway>>,
    CheckedWrite(s): CheckedWrite,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, GatewayError> {
    let d = decision(&body)?;
    let stored = decidable(&gw, &s, id).await?;
    // Each payment as it is now: what changed since the request.
    let (request, _) = found(&gw, &s, id).await?;
    let gone = request.items.iter().any(|i| i.gone);
    let changes: Vec<_> = request
        .items
        .iter()
        .flat_map(|i| i.changed.clone())
        .collect();
    if (gone || !changes.is_empty()) && !d.despite_changes {
        return Err(
            GatewayError::new(ErrorKind::Conflict, GatewayMessage::ApprovalChanged).with_conflict(
                Conflict {
                    changes,
                    gone,
                    by: None,
                },
            ),
        );
    }
    let state = approvals::decide(&gw.store, id, &s.name, true, d.reason.trim())
        .await
        .map_err(|e| refused(&gw, e))?;
    carry::noted(&gw, &stored, &s.name, Outcome::Approved, d.reason.trim()).await;
    if state == ApprovalState::Approved {
        let mut approved_by: Vec<String> =
            request.approvals.iter().map(|a| a.person.clone()).collect();
        approved_by.push(s.name.clone());
        let (tell, heard) = tokio::sync::oneshot::channel();
        let carrying = Arc::clone(&gw);
        tokio::spawn(async move {
            let ended = carry::carry_out(carrying, stored, approved_by, d.despite_changes).await;
            let _ = tell.send(ended);
        });
        let _ = heard.await;
    }
    let (request, _) = found(&gw, &s, id).await?;
    Ok(fresh(Json(request)))
}

/// `POST /gateway/approvals/{id}/reject`: with a reason.
async fn reject(
    State(gw): State<Arc<Gateway>>,
    CheckedWrite(s): CheckedWrite,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, GatewayError> {
    let d = decision(&body)?;
    if d.reason.trim().is_empty() {
        return Err(GatewayError::bad_request(GatewayMessage::RejectionReason));
    }
    let stored = decidable(&gw, &s, id).await?;
    approvals::decide(&gw.store, id, &s.name, false, d.reason.trim())
        .await
        .map_err(|e| refused(&gw, e))?;
    carry::noted(&gw, &stored, &s.name, Outcome::Rejected, d.reason.trim()).await;
    let (request, _) = found(&gw, &s, id).await?;
    Ok(fresh(Json(request)))
}

/// `POST /gateway/runs`: a bulk run announced.
async fn run(
    State(gw): State<Arc<Gateway>>,
    CheckedWrite(s): CheckedWrite,
    body: Bytes,
) -> Result<Response, GatewayError> {
    let run: Run = serde_json::from_slice(&body)
        .map_err(|_| GatewayError::bad_request(GatewayMessage::RunUnreadable))?;
    if run.writes.len() > MAX_SELECTED {
        return Err(GatewayError::bad_request(GatewayMessage::RunTooLarge {
            most: MAX_SELECTED as u64,
        }));
    }
    let conn = gw.connection(&run.connection).cloned().ok_or_else(|| {
        GatewayError::not_found(GatewayMessage::NoSuchConnection {
            id: run.connection.clone(),
        })
    })?;
    if !s.role.may(Method::Post) {
        return Err(GatewayError::forbidden(GatewayMessage::RoleReadsOnly {
            role: s.role.name().to_string(),
        }));
    }
    if !hold::covered(&gw, &conn.id) {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let reads_amounts = hold::reads_amounts(&gw, &conn.id);
    let mut held = Vec::new();
    for w in run.writes {
        if let Some(write) = announced(&gw, &conn, w, reads_amounts).await? {
            held.push(write);
        }
    }
    match hold::judge(&gw, &s, &conn, &held).await? {
        Some(rule) => {
            let writes = held.into_iter().map(|(w, _)| w).collect();
            hold::hold(&gw, &s, &conn, rule, writes).await
        }
        None => Ok(StatusCode::NO_CONTENT.into_response()),
    }
}

/// One write of a run as it would be held, with its payment as it is
/// now where the rules compare amounts; `None` for one the gateway
/// would refuse anyway (it is refused when it is sent).
async fn announced(
    gw: &Gateway,
    conn: &payments_model::Connection,
    w: payments_model::approval::RunWrite,
    reads_amounts: bool,
) -> Result<Option<(hold::HeldWrite, Option<payments_model::Payment>)>, GatewayError> {
    let unreadable = || GatewayError::bad_request(GatewayMessage::RunUnreadable);
    let method = w
        .method
        .to_http()
        .filter(|m| *m != Method::Get)
        .ok_or_else(unreadable)?;
    if let Some(read) = &w.read {
        Read::from_header(read).map_err(|_| unreadable())?;
    }
    let (path, query) = match w.path.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (w.path.clone(), None),
    };
    let target = Target {
        conn: conn.clone(),
        method,
        path,
        query,
    };
    let body = Bytes::from(w.body.clone().into_bytes());
    let Ok(a) = readmit(gw, target, Some("application/json"), None, body).await else {
        return Ok(None);
    };
    let payment_id = a.target.payment_id();
    let now = match (&payment_id, reads_amounts) {
        (Some(id), true) => versions::current(gw, conn, id).await.ok().flatten(),
        _ => None,
    };
    let write = hold::HeldWrite {
        method: w.method,
        path: a.target.path.clone(),
        query: a.target.query.clone(),
        content_type: Some("application/json".into()),
        accept: None,
        body: w.body,
        payment_id,
        sent: audit::sent_fields(&a.body, &conn.secret_values()),
        read: w.read,
    };
    Ok(Some((write, now)))
}
