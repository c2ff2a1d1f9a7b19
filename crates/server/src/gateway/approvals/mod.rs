//! Four eyes: the writes a company's rules ([`crate::gateway::config::ApprovalRule`])
//! name are held as approval requests instead of being forwarded
//! ([`rules`] decides which), decided by other people, and carried out
//! by the gateway once approved ([`carry`]).
//!
//! A request is a row of the store's own (`approval_requests`) holding
//! exactly what would be sent ([`HeldWrite`]: method, path, body, the
//! values it was made from) for whom; each decision a row of
//! `approval_decisions`, whose key refuses a person's second. The move
//! from waiting to approved is one conditional `UPDATE` (`WHERE state =
//! 'waiting'`), so among approvers clicking at the same moment on any
//! servers sharing the store, exactly one carries the request out. A
//! request past its time is moved to expired the same way, once, and
//! can never be carried out.

pub mod carry;
pub mod hold;
pub mod rules;
pub mod view;

use payments_model::activity::{ChangeKind, Method};
use payments_model::approval::{ApprovalState, Decision, ItemOutcome, Summary};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

pub use view::{list_for, request_for};

use super::audit::Fields;
pub use super::store::now_ms;
use super::store::Store;

/// One write a request would send, exactly, for whom it was asked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldWrite {
    pub method: Method,
    /// The vendor path below the connection's root, as sent.
    pub path: String,
    pub query: Option<String>,
    pub content_type: Option<String>,
    pub accept: Option<String>,
    /// The body as sent (JSON text, or empty).
    pub body: String,
    pub payment_id: Option<String>,
    /// The fields it sends, flattened, credentials withheld.
    pub sent: Fields,
    /// What it was made from (`X-Payments-Read`'s text), when it said.
    pub read: Option<String>,
}

/// A request about to be stored.
#[derive(Clone, Debug)]
pub struct NewRequest {
    pub connection: String,
    pub kind: ChangeKind,
    pub rule: String,
    /// The roles that may decide it, as the rule named them then.
    pub roles: Vec<String>,
    pub requested_by: String,
    pub needed: u32,
    pub expires_after: std::time::Duration,
    pub writes: Vec<HeldWrite>,
}

/// A stored request.
#[derive(Clone, Debug)]
pub struct Stored {
    pub summary: Summary,
    pub roles: Vec<String>,
    pub expires: i64,
    pub writes: Vec<HeldWrite>,
    pub outcomes: Vec<ItemOutcome>,
}

/// Why a decision was not taken.
#[derive(Debug)]
pub enum Refused {
    /// The person decided this request already.
    Twice,
    /// It is no longer waiting (or its time is up): its state now.
    Ended(ApprovalState),
    Store(sqlx::Error),
}

impl From<sqlx::Error> for Refused {
    fn from(e: sqlx::Error) -> Refused {
        Refused::Store(e)
    }
}

fn rfc3339(ms: i64) -> String {
    super::audit::time_text(chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default())
}

const COLUMNS: &str = "id, connection, kind, rule, roles, requested_by, requested_at, expires, \
     expires_at, state, needed, approved, writes, outcomes, payment_id, size";

fn stored(r: &AnyRow) -> sqlx::Result<Stored> {
    let writes: Vec<HeldWrite> =
        serde_json::from_str(&r.try_get::<String, _>("writes")?).unwrap_or_default();
    let outcomes: Option<String> = r.try_get("outcomes")?;
    let roles: String = r.try_get("roles")?;
    Ok(Stored {
        summary: Summary {
            id: r.try_get("id")?,
            connection: r.try_get("connection")?,
            kind: ChangeKind::parse(&r.try_get::<String, _>("kind")?),
            rule: r.try_get("rule")?,
            requested_by: r.try_get("requested_by")?,
            requested_at: r.try_get("requested_at")?,
            expires_at: r.try_get("expires_at")?,
            state: ApprovalState::parse(&r.try_get::<String, _>("state")?)
                .unwrap_or(ApprovalState::Unknown),
            writes: u64::try_from(r.try_get::<i64, _>("size")?).unwrap_or(0),
            payment_id: r.try_get("payment_id")?,
            approved: u32::try_from(r.try_get::<i64, _>("approved")?).unwrap_or(0),
            needed: u32::try_from(r.try_get::<i64, _>("needed")?).unwrap_or(1),
        },
        roles: roles.split(',').map(str::to_string).collect(),
        expires: r.try_get("expires")?,
        writes,
        outcomes: outcomes
            .and_then(|o| serde_json::from_str(&o).ok())
            .unwrap_or_default(),
    })
}

/// Stores a new request, waiting; it as stored.
pub async fn create(db: &Store, n: &NewRequest) -> sqlx::Result<Stored> {
    let now = now_ms();
    let expires = now + i64::try_from(n.expires_after.as_millis()).unwrap_or(i64::MAX / 2);
    let writes = serde_json::to_string(&n.writes).unwrap_or_else(|_| "[]".into());
    let row = sqlx::query(&format!(
        "INSERT INTO approval_requests (connection, kind, rule, roles, requested_by,
            requested_at, expires, expires_at, state, needed, approved, writes, payment_id, size)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'waiting', $9, 0, $10, $11, $12)
         RETURNING {COLUMNS}"
    ))
    .bind(n.connection.clone())
    .bind(n.kind.as_str().to_string())
    .bind(n.rule.clone())
    .bind(n.roles.join(","))
    .bind(n.requested_by.clone())
    .bind(rfc3339(now))
    .bind(expires)
    .bind(rfc3339(expires))
    .bind(i64::from(n.needed))
    .bind(writes)
    .bind(n.writes.first().and_then(|w| w.payment_id.clone()))
    .bind(n.writes.len() as i64)
    .fetch_one(db.pool())
    .await?;
    stored(&row)
}

/// Request `id`, if there is one.
pub async fn load(db: &Store, id: i64) -> sqlx::Result<Option<Stored>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM approval_requests WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(stored).transpose()
}

/// The newest requests, at most `limit`, in `state` when given.
pub async fn newest(
    db: &Store,
    state: Option<ApprovalState>,
    limit: i64,
) -> sqlx::Result<Vec<Stored>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM approval_requests
         WHERE ($1 = '' OR state = $1) ORDER BY id DESC LIMIT $2"
    ))
    .bind(state.map(|s| s.as_str()).unwrap_or("").to_string())
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(stored).collect()
}

/// The decisions taken on request `id`, oldest first: approvals, and a
/// rejection.
pub async fn decisions(db: &Store, id: i64) -> sqlx::Result<(Vec<Decision>, Option<Decision>)> {
    let rows = sqlx::query(
        "SELECT person, approves, at, reason FROM approval_decisions
         WHERE request = $1 ORDER BY at, person",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let mut approvals = Vec::new();
    let mut rejection = None;
    for r in rows {
        let d = Decision {
            person: r.try_get("person")?,
            at: r.try_get("at")?,
            reason: r.try_get("reason")?,
        };
        if r.try_get::<i64, _>("approves")? == 1 {
            approvals.push(d);
        } else {
            rejection = Some(d);
        }
    }
    Ok((approvals, rejection))
}

/// Records `person`'s decision on request `id` and moves it on, in one
/// transaction: an approval counts and, when it is the last one needed,
/// moves the request to approved (the caller then carries it out: no
/// other caller can); a rejection moves it to rejected. Its state after.
pub async fn decide(
    db: &Store,
    id: i64,
    person: &str,
    approves: bool,
    reason: &str,
) -> Result<ApprovalState, Refused> {
    let now = now_ms();
    let mut tx = db.pool().begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO approval_decisions (request, person, approves, at, reason)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(person.to_string())
    .bind(i64::from(approves))
    .bind(rfc3339(now))
    .bind(reason.to_string())
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(Refused::Twice);
    }
    let moved = sqlx::query(
        "UPDATE approval_requests
         SET approved = approved + $2,
             state = CASE WHEN $2 = 0 THEN 'rejected'
                          WHEN approved + 1 >= needed THEN 'approved'
                          ELSE state END
         WHERE id = $1 AND state = 'waiting' AND expires > $3
         RETURNING state",
    )
    .bind(id)
    .bind(i64::from(approves))
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = moved else {
        drop(tx);
        let state = load(db, id)
            .await?
            .map_or(ApprovalState::Expired, |s| s.summary.state);
        return Err(Refused::Ended(state));
    };
    let state: String = row.try_get("state")?;
    tx.commit().await?;
    Ok(ApprovalState::parse(&state).unwrap_or(ApprovalState::Unknown))
}

/// Moves every waiting request past its time to expired, once: those
/// this call moved (for their audit rows).
pub async fn expire_due(db: &Store) -> sqlx::Result<Vec<Stored>> {
    let rows = sqlx::query(&format!(
        "UPDATE approval_requests SET state = 'expired'
         WHERE state = 'waiting' AND expires <= $1
         RETURNING {COLUMNS}"
    ))
    .bind(now_ms())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(stored).collect()
}

/// Records how carrying request `id` out ended.
pub async fn finish(
    db: &Store,
    id: i64,
    state: ApprovalState,
    outcomes: &[ItemOutcome],
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE approval_requests SET state = $2, outcomes = $3
         WHERE id = $1 AND state = 'approved'",
    )
    .bind(id)
    .bind(state.as_str().to_string())
    .bind(serde_json::to_string(outcomes).unwrap_or_else(|_| "[]".into()))
    .execute(db.pool())
    .await?;
    Ok(())
}

/// How many writes of `kind` `person` sent to `connection` since `since`
/// (RFC 3339): forwarded ones, as the audit log holds them.
pub async fn recent_writes(
    db: &Store,
    person: &str,
    connection: &str,
    kind: &ChangeKind,
    since: &str,
) -> sqlx::Result<u64> {
    let n: i64 = sqlx::query(
        "SELECT COUNT(*) FROM audit_log
         WHERE person = $1 AND connection = $2 AND kind = $3 AND at >= $4
           AND answer_to IS NULL AND outcome = 'pending'",
    )
    .bind(person.to_string())
    .bind(connection.to_string())
    .bind(kind.as_str().to_string())
    .bind(since.to_string())
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    Ok(u64::try_from(n).unwrap_or(0))
}
