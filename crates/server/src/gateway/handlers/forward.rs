//! Forwarding one console request to its vendor:
//! `/gateway/<connection>/<vendor path>?<query>`, once [`admit`] has
//! admitted it. Only `Accept` and `Content-Type` go along from the
//! browser; the connection's credentials are added by the vendor's own
//! signing; bodies are capped both ways and requests time out. The
//! vendor's status and body come back with `Content-Type`,
//! `Retry-After` and `X-Pagination-Total` only.
//!
//! Every write attempt by a signed-in person is in the audit log: a
//! refusal with its reason; a forwarded write as a row written before the
//! request leaves (if it cannot be written, nothing is forwarded) and
//! completed by a task of its own when the vendor answers, whether or not
//! the browser still waits.
//!
//! A write that says what it was made from ([`MadeFrom`]) is compared
//! with the payment as it is now, under a lease on the payment that
//! every server sharing the store honours ([`crate::gateway::leases`]):
//! when a field it was made from differs now, it is refused with 409
//! and what changed ([`versions`]), unless the person chose to
//! overwrite, which its row records.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{OriginalUri, State};
use axum::http::{header, HeaderMap, HeaderValue, Method as HttpMethod, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use http_body_util::BodyExt;
use payments_model::activity::Context;
use payments_model::http::{HttpResponse, Method};
use payments_model::live::TAB_HEADER;
use payments_model::message::GatewayMessage;
use payments_model::version::Conflict;
use payments_model::{Connection, Payment};

use crate::gateway::admission::{admit, Admitted, Target};
use crate::gateway::approvals;
use crate::gateway::audit::{self, Attempt};
use crate::gateway::error::{ErrorKind, GatewayError};
use crate::gateway::extract::SignedIn;
use crate::gateway::leases::{Lease, LeaseError};
use crate::gateway::sessions::Session;
use crate::gateway::versions::{self, MadeFrom};
use crate::gateway::Gateway;
use crate::observe::RequestId;

/// The largest request body forwarded.
pub const MAX_BODY: usize = 1 << 20;
/// How long a client may take to send a request's body.
const BODY_DEADLINE: Duration = Duration::from_secs(30);

pub fn routes() -> Router<Arc<Gateway>> {
    Router::new().route(
        "/{connection}/{*path}",
        any(forward).layer(axum::extract::DefaultBodyLimit::disable()),
    )
}

async fn forward(
    State(gw): State<Arc<Gateway>>,
    SignedIn(session): SignedIn,
    request_id: Option<axum::Extension<RequestId>>,
    OriginalUri(uri): OriginalUri,
    method: HttpMethod,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, GatewayError> {
    let target = Target::read(&gw, &uri, &method)?;
    let mut attempt = target.kind().map(|kind| Attempt {
        at: audit::now_text(),
        person: session.name.clone(),
        connection: target.conn.id.clone(),
        method: target.method.into(),
        path: target.path_and_query(),
        kind,
        payment_id: target.payment_id(),
        ..Attempt::default()
    });
    let body = match read_body(body).await {
        Ok(b) => b,
        Err(e) => return refuse(&gw, attempt.as_ref(), e).await,
    };
    if let Some(a) = &mut attempt {
        a.sent = audit::sent_fields(&body, &target.conn.secret_values());
        a.context.tab = page_of(&headers);
    }
    let made_from = match MadeFrom::of(&headers) {
        Ok(m) => m,
        Err(e) => return refuse(&gw, attempt.as_ref(), e).await,
    };
    let id = request_id
        .as_ref()
        .map(|axum::Extension(RequestId(id))| id.as_str());
    let admitted = match admit(&gw, &session, &headers, target, body, id).await {
        Ok(a) => a,
        Err(e) => return refuse(&gw, attempt.as_ref(), e).await,
    };
    gw.metrics.count(
        "payments_forwarded_total",
        &[&admitted.target.conn.id, admitted.target.method.as_str()],
    );
    match attempt {
        None => Ok(read(&gw, admitted).await),
        Some(attempt) => write(gw, admitted, attempt, made_from, &session, &headers).await,
    }
}

/// Forwards a read and passes the answer back.
async fn read(gw: &Gateway, a: Admitted) -> Response {
    let answer = gw
        .vendors
        .send_for(
            &gw.metrics,
            &a.target.conn.id,
            &a.request,
            a.target.query.as_deref(),
            Bytes::new(),
        )
        .await;
    match answer {
        Ok(answer) => passed_back(answer),
        Err(message) => GatewayError::new(ErrorKind::Vendor, message).into_response(),
    }
}

/// Records a write's attempt, forwards it, and passes the answer back;
/// the answer is awaited and recorded by a task of its own, so a browser
/// that gives up does not leave the attempt unanswered. A write that
/// says what it was made from holds its payment from the read before it
/// until the vendor's answer.
async fn write(
    gw: Arc<Gateway>,
    a: Admitted,
    mut attempt: Attempt,
    made_from: Option<MadeFrom>,
    session: &Session,
    headers: &HeaderMap,
) -> Result<Response, GatewayError> {
    let judged = approvals::hold::covered(&gw, &a.target.conn.id);
    let names = gw.config.reads_everyone(session.role);
    let read = made_from.as_ref().map(|m| m.read.to_header());
    let must_read = approvals::hold::reads_amounts(&gw, &a.target.conn.id);
    let checked = match checked(&gw, &a, &mut attempt, made_from, names, must_read).await {
        Ok(c) => c,
        Err(e) => return refuse(&gw, Some(&attempt), e).await,
    };
    if judged {
        let held = approvals::hold::HeldWrite::of(&a, &attempt, headers, read);
        let run = [(held, checked.now)];
        if let Some(rule) = approvals::hold::judge(&gw, session, &a.target.conn, &run).await? {
            drop(checked.lease);
            let [(held, _)] = run;
            return approvals::hold::hold(&gw, session, &a.target.conn, rule, vec![held]).await;
        }
    }
    match send_recorded(gw, a, attempt, checked.lease).await? {
        Ok(answer) => Ok(passed_back(answer)),
        Err(message) => Ok(GatewayError::new(ErrorKind::Vendor, message).into_response()),
    }
}

/// Records `attempt` (pending), sends `a` and records the vendor's
/// answer by a task of its own, giving `lease` back after; the answer,
/// or why none came. Refused when the attempt cannot be recorded:
/// nothing is sent unrecorded.
pub(crate) async fn send_recorded(
    gw: Arc<Gateway>,
    a: Admitted,
    attempt: Attempt,
    lease: Option<Lease>,
) -> Result<Result<HttpResponse, GatewayMessage>, GatewayError> {
    let seq = audit::begin(&gw.store, &attempt).await;
    gw.metrics.count(
        "payments_audit_writes_total",
        &[if seq.is_ok() { "written" } else { "failed" }],
    );
    let seq = seq.map_err(|e| {
        gw.store_down(GatewayMessage::AuditUnwritable {
            reason: e.to_string(),
        })
    })?;
    let (tell, heard) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let answer = gw
            .vendors
            .send_for(
                &gw.metrics,
                &a.target.conn.id,
                &a.request,
                a.target.query.as_deref(),
                a.body,
            )
            .await;
        record_answer(&gw, seq, &attempt, &a.target.conn, &answer).await;
        if let Some(lease) = lease {
            lease.release().await;
        }
        gw.events.wake();
        let _ = tell.send(answer);
    });
    Ok(heard.await.unwrap_or(Err(GatewayMessage::AnswerLost)))
}

/// What [`checked`] leaves a write: the lease on its payment, and the
/// payment as it is now where it was read.
pub(crate) struct Checked {
    pub lease: Option<Lease>,
    pub now: Option<Payment>,
}

/// Before a write to a payment: holds it (when the write says what it
/// was made from), reads it as it is now (also when `must_read`: an
/// approval rule judges it), notes an edit's values before, and refuses
/// a write made from a stale read unless the person chose to overwrite
/// (then noted in its row; who made the change named when `names`).
pub(crate) async fn checked(
    gw: &Gateway,
    a: &Admitted,
    attempt: &mut Attempt,
    made_from: Option<MadeFrom>,
    names: bool,
    must_read: bool,
) -> Result<Checked, GatewayError> {
    let conn = &a.target.conn;
    let edit = matches!(a.target.method, Method::Put | Method::Patch);
    let nothing = Checked {
        lease: None,
        now: None,
    };
    let Some(id) = attempt.payment_id.clone() else {
        return Ok(nothing);
    };
    if made_from.is_none() && !must_read && (!edit || attempt.sent.is_empty()) {
        return Ok(nothing);
    }
    let lease = match &made_from {
        Some(_) => Some(gw.leases.take(&conn.id, &id).await.map_err(|e| match e {
            LeaseError::Busy => {
                GatewayError::unavailable(GatewayMessage::PaymentBusy).retry_after(2)
            }
            LeaseError::Store(e) => gw.store_down(GatewayMessage::WriteStoreDown {
                reason: e.to_string(),
            }),
        })?),
        None => None,
    };
    let now = match (versions::current(gw, conn, &id).await, &made_from) {
        (Ok(p), _) => p,
        (Err(reason), Some(_)) => return Err(versions::unchecked(reason)),
        (Err(_), None) => None,
    };
    if edit {
        attempt.before = before(&attempt.sent, now.as_ref());
    }
    let Some(made_from) = made_from else {
        return Ok(Checked { lease, now });
    };
    let changes = match &now {
        Some(p) => p.changed_since(&made_from.read),
        None => made_from.read.changes(None),
    };
    if changes.is_empty() {
        return Ok(Checked { lease, now });
    }
    let mut conflict = Conflict {
        changes,
        gone: now.is_none(),
        by: None,
    };
    attempt.context = Context {
        changed_since_read: conflict.changes.clone(),
        gone: conflict.gone,
        overwrote: made_from.overwrite,
        tab: attempt.context.tab.take(),
        approval: attempt.context.approval.take(),
    };
    if made_from.overwrite {
        return Ok(Checked { lease, now });
    }
    if names {
        conflict.by = versions::changed_by(&gw.store, &conn.id, &id, &conflict)
            .await
            .unwrap_or_default();
    }
    Err(versions::conflict(conflict))
}

/// Appends the vendor's answer (or that none came) to attempt `seq`.
async fn record_answer(
    gw: &Gateway,
    seq: i64,
    attempt: &Attempt,
    conn: &Connection,
    answer: &Result<HttpResponse, GatewayMessage>,
) {
    let recorded = match answer {
        Ok(a) if a.is_success() => audit::Answer {
            status: a.status,
            answered: true,
            reason: None,
            payment_id: written_ids(conn, a),
        },
        Ok(a) => audit::Answer {
            status: a.status,
            answered: true,
            reason: conn
                .vendor
                .operations()
                .decode_written(conn, a)
                .err()
                .map(|e| e.message),
            payment_id: None,
        },
        Err(message) => audit::Answer {
            status: 502,
            answered: false,
            reason: Some(message.clone().into()),
            payment_id: None,
        },
    };
    let done = audit::answered(&gw.store, seq, attempt, &recorded).await;
    gw.metrics.count(
        "payments_audit_writes_total",
        &[if done.is_ok() { "written" } else { "failed" }],
    );
    if let Err(e) = done {
        gw.metrics.count("payments_store_errors_total", &[]);
        tracing::error!(row = seq, error = %e, "the answer to an audit row could not be recorded");
    }
}

/// Refuses `e`, recording it first when it is a write's.
pub(crate) async fn refuse(
    gw: &Gateway,
    attempt: Option<&Attempt>,
    e: GatewayError,
) -> Result<Response, GatewayError> {
    if let Some(attempt) = attempt {
        let written = audit::refused(&gw.store, attempt, &e.message).await;
        gw.metrics.count(
            "payments_audit_writes_total",
            &[if written.is_ok() { "written" } else { "failed" }],
        );
        if let Err(err) = written {
            gw.metrics.count("payments_store_errors_total", &[]);
            tracing::error!(error = %err, "a refusal could not be recorded");
        }
    }
    Err(e)
}

/// Reads the request's body: at most [`MAX_BODY`] bytes within
/// [`BODY_DEADLINE`].
async fn read_body(body: Body) -> Result<Bytes, GatewayError> {
    let limited = http_body_util::Limited::new(body, MAX_BODY);
    match tokio::time::timeout(BODY_DEADLINE, limited.collect()).await {
        Ok(Ok(c)) => Ok(c.to_bytes()),
        Ok(Err(_)) => Err(GatewayError::new(
            ErrorKind::TooLarge,
            GatewayMessage::BodyTooLarge {
                kb: (MAX_BODY / 1024) as u64,
            },
        )),
        Err(_) => Err(GatewayError::bad_request(GatewayMessage::BodyTooSlow)),
    }
}

/// The values an edit's `sent` fields had in the payment as it is now
/// (none when it could not be read).
fn before(sent: &audit::Fields, now: Option<&Payment>) -> audit::Fields {
    let Some(payment) = now else {
        return Vec::new();
    };
    let mut held = Vec::new();
    let obj: serde_json::Map<String, serde_json::Value> = payment.fields.iter().cloned().collect();
    audit::flatten("", &obj, &mut held);
    audit::before_values(sent, &held)
}

/// The console page a write says it comes from: a short id of letters,
/// digits and dashes, or none.
fn page_of(headers: &HeaderMap) -> Option<String> {
    let tab = headers.get(TAB_HEADER)?.to_str().ok()?;
    let fine = !tab.is_empty()
        && tab.len() <= 64
        && tab.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    fine.then(|| tab.to_string())
}

/// The payments a successful write's answer holds, as `id,id`.
fn written_ids(conn: &Connection, a: &HttpResponse) -> Option<String> {
    let ids: Vec<String> = conn
        .vendor
        .operations()
        .decode_written(conn, a)
        .ok()?
        .into_iter()
        .map(|p| p.id)
        .collect();
    (!ids.is_empty()).then(|| ids.join(","))
}

/// The vendor's answer as the browser receives it.
fn passed_back(a: HttpResponse) -> Response {
    let status = StatusCode::from_u16(a.status).unwrap_or(StatusCode::BAD_GATEWAY);
    let mut r = (status, a.body).into_response();
    let h = r.headers_mut();
    h.remove(header::CONTENT_TYPE);
    for (k, v) in a.headers {
        if let (Ok(name), Ok(value)) = (
            header::HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(&v),
        ) {
            h.insert(name, value);
        }
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}
