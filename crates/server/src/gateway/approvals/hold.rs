//! Holding writes: whether a rule covers a connection at all
//! ([`covered`]) and compares amounts ([`reads_amounts`]: only then is
//! a write's payment read from the vendor for the rules),
//! which rule holds a write or a bulk run ([`judge`], from what it sends
//! and the payment as it is now), and the request it becomes
//! ([`hold`]): stored with exactly what would be sent, written to the
//! audit log as requested, and answered `202` with the request's id.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use payments_model::activity::{ApprovalNote, ChangeKind, Context, Outcome};
use payments_model::approval::HELD_HEADER;
use payments_model::error::REFUSAL_HEADER;
use payments_model::message::GatewayMessage;
use payments_model::{Connection, Message, Payment};

use super::rules::{holding, Judged, BULK_WINDOW};
pub use super::HeldWrite;
use super::{create, NewRequest};
use crate::gateway::admission::Admitted;
use crate::gateway::audit::{self, Attempt};
use crate::gateway::config::ApprovalRule;
use crate::gateway::error::{refusal_json, GatewayError};
use crate::gateway::sessions::Session;
use crate::gateway::Gateway;

/// Whether any rule covers connection `id`.
pub fn covered(gw: &Gateway, id: &str) -> bool {
    gw.config.approval_rules.iter().any(|r| r.covers(id))
}

/// Whether a rule covering connection `id` compares amounts: only then
/// is a write's payment read from the vendor for the rules.
pub fn reads_amounts(gw: &Gateway, id: &str) -> bool {
    gw.config
        .approval_rules
        .iter()
        .any(|r| r.covers(id) && !r.amount_at_least.is_empty())
}

impl HeldWrite {
    /// The write `a` exactly as it would be sent, for `attempt`'s
    /// person, made from `read`.
    pub fn of(
        a: &Admitted,
        attempt: &Attempt,
        headers: &HeaderMap,
        read: Option<String>,
    ) -> HeldWrite {
        let header_of = |name: header::HeaderName| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        HeldWrite {
            method: a.target.method.into(),
            path: a.target.path.clone(),
            query: a.target.query.clone(),
            content_type: header_of(header::CONTENT_TYPE),
            accept: header_of(header::ACCEPT),
            body: String::from_utf8_lossy(&a.body).into_owned(),
            payment_id: attempt.payment_id.clone(),
            sent: attempt.sent.clone(),
            read,
        }
    }

    /// What kind of change it is.
    pub fn kind(&self) -> ChangeKind {
        self.method
            .to_http()
            .and_then(|m| ChangeKind::of(m, &self.path))
            .unwrap_or_default()
    }
}

/// The rule that holds `run` (one write, or a bulk run's, each with its
/// payment as it is now) for `s` on `conn`, if any.
pub async fn judge<'g>(
    gw: &'g Gateway,
    s: &Session,
    conn: &Connection,
    run: &[(HeldWrite, Option<Payment>)],
) -> Result<Option<&'g ApprovalRule>, GatewayError> {
    let ops = conn.vendor.operations();
    let judged: Vec<Judged> = run
        .iter()
        .map(|(w, now)| {
            let body = serde_json::from_str(&w.body).unwrap_or_default();
            Judged::new(
                w.kind(),
                &w.sent,
                ops.sent_amount(conn, &body),
                now.as_ref(),
            )
        })
        .collect();
    let counts = gw
        .config
        .approval_rules
        .iter()
        .any(|r| r.covers(&conn.id) && r.bulk_at_least.is_some());
    let mut recent: Vec<(ChangeKind, u64)> = Vec::new();
    if counts {
        let since = audit::time_text(Utc::now() - BULK_WINDOW);
        for j in &judged {
            if recent.iter().all(|(k, _)| *k != j.kind) {
                let n = super::recent_writes(&gw.store, &s.name, &conn.id, &j.kind, &since)
                    .await
                    .map_err(|e| down(gw, e))?;
                recent.push((j.kind.clone(), n));
            }
        }
    }
    let count = |k: &ChangeKind| {
        recent
            .iter()
            .find(|(kind, _)| kind == k)
            .map_or(0, |(_, n)| *n)
    };
    Ok(holding(
        &gw.config.approval_rules,
        &conn.id,
        &judged,
        &count,
    ))
}

pub fn down(gw: &Gateway, e: sqlx::Error) -> GatewayError {
    gw.store_down(GatewayMessage::ApprovalsStoreDown {
        reason: e.to_string(),
    })
}

/// Holds `writes` (one, or a bulk run's) under `rule` for `s`: the
/// request stored, its row in the audit log, and the `202` that says so.
pub async fn hold(
    gw: &Gateway,
    s: &Session,
    conn: &Connection,
    rule: &ApprovalRule,
    writes: Vec<HeldWrite>,
) -> Result<Response, GatewayError> {
    let first = writes.first().cloned().unwrap_or_default();
    let request = create(
        &gw.store,
        &NewRequest {
            connection: conn.id.clone(),
            kind: first.kind(),
            rule: rule.name.clone(),
            roles: rule
                .approver_roles
                .iter()
                .map(|r| r.name().to_string())
                .collect(),
            requested_by: s.name.clone(),
            needed: rule.approvers,
            expires_after: rule.expires_after,
            writes: writes.clone(),
        },
    )
    .await
    .map_err(|e| down(gw, e))?;
    let id = request.summary.id;
    let row = Attempt {
        at: audit::now_text(),
        person: s.name.clone(),
        connection: conn.id.clone(),
        method: first.method.clone(),
        path: first.path.clone(),
        kind: first.kind(),
        payment_id: ids_of(&writes),
        sent: first.sent.clone(),
        before: Vec::new(),
        context: Context {
            approval: Some(ApprovalNote {
                request: id,
                rule: rule.name.clone(),
                requested_by: s.name.clone(),
                approved_by: Vec::new(),
            }),
            ..Context::default()
        },
    };
    if let Err(e) = audit::noted(&gw.store, &row, Outcome::Requested, None).await {
        tracing::error!(request = id, error = %e, "a held write's audit row could not be written");
    }
    gw.events.wake();
    gw.metrics
        .count("payments_approvals_requested_total", &[&conn.id]);
    Ok(held(id, &rule.name))
}

/// The payments `writes` name, as the audit log lists several.
pub fn ids_of(writes: &[HeldWrite]) -> Option<String> {
    let ids: Vec<&str> = writes
        .iter()
        .filter_map(|w| w.payment_id.as_deref())
        .collect();
    (!ids.is_empty()).then(|| ids.join(","))
}

/// The answer to a held write: `202`, the request's id in
/// [`HELD_HEADER`], and `approval_required` as the gateway says it.
fn held(id: i64, rule: &str) -> Response {
    let message: Message = GatewayMessage::ApprovalRequired {
        id: u64::try_from(id).unwrap_or(0),
        rule: rule.to_string(),
    }
    .into();
    let mut r = (StatusCode::ACCEPTED, Json(refusal_json(&message))).into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&id.to_string()) {
        h.insert(HELD_HEADER, v);
    }
    h.insert(REFUSAL_HEADER, HeaderValue::from_static("1"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}
