//! The audit log as people read it: `GET /activity` (a page of attempts,
//! newest first, by cursor) and `GET /activity.csv` (every matching
//! attempt, streamed as it is read). Someone whose role does not read
//! everyone's activity reads their own.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use payments_model::message::GatewayMessage;
use serde::Deserialize;

use crate::gateway::audit::{self, query::kind_filter};
use crate::gateway::error::GatewayError;
use crate::gateway::extract::SignedIn;
use crate::gateway::sessions::Session;
use crate::gateway::store::Store;
use crate::gateway::Gateway;

/// Attempts on one page of the Activity page, unless it asks otherwise.
const ACTIVITY_PAGE: u32 = 100;
/// Attempts read from the store at a time by an export.
const EXPORT_BATCH: u32 = 500;

pub fn routes() -> Router<Arc<Gateway>> {
    Router::new()
        .route("/activity", get(activity))
        .route("/activity.csv", get(activity_csv))
}

#[derive(Deserialize, Default)]
struct ActivityQuery {
    person: Option<String>,
    connection: Option<String>,
    kind: Option<String>,
    payment: Option<String>,
    from: Option<String>,
    to: Option<String>,
    /// The page just older than this row.
    before: Option<i64>,
    /// The page just newer than this row.
    after: Option<i64>,
    limit: Option<u32>,
}

/// The filter `q` asks for, as `session` may read it: someone whose role
/// does not read everyone's activity reads their own.
fn activity_filter(
    gw: &Gateway,
    session: &Session,
    q: &ActivityQuery,
) -> Result<audit::Filter, GatewayError> {
    let given = |v: &Option<String>| v.clone().filter(|x| !x.trim().is_empty());
    let kind = given(&q.kind)
        .map(|k| kind_filter(&k))
        .transpose()
        .map_err(GatewayError::bad_request)?;
    let mut filter = audit::Filter {
        person: given(&q.person),
        connection: given(&q.connection),
        kind,
        payment: given(&q.payment),
        from: given(&q.from),
        to: given(&q.to),
    };
    filter.check().map_err(GatewayError::bad_request)?;
    if !gw.config.reads_everyone(session.role) {
        if filter.person.as_ref().is_some_and(|p| *p != session.name) {
            return Err(GatewayError::forbidden(GatewayMessage::RoleOwnActivity {
                role: session.role.name().to_string(),
            }));
        }
        filter.person = Some(session.name.clone());
    }
    Ok(filter)
}

fn unreadable(e: impl std::fmt::Display) -> GatewayError {
    GatewayError::unavailable(GatewayMessage::ActivityUnreadable {
        reason: e.to_string(),
    })
}

async fn activity(
    State(gw): State<Arc<Gateway>>,
    SignedIn(session): SignedIn,
    Query(q): Query<ActivityQuery>,
) -> Result<Response, GatewayError> {
    let filter = activity_filter(&gw, &session, &q)?;
    let cursor = match (q.before, q.after) {
        (Some(b), _) => audit::Cursor::Before(b),
        (None, Some(a)) => audit::Cursor::After(a),
        (None, None) => audit::Cursor::Newest,
    };
    let limit = q.limit.unwrap_or(ACTIVITY_PAGE).clamp(1, 500);
    let page = audit::query::page(&gw.store, &filter, cursor, limit)
        .await
        .map_err(unreadable)?;
    Ok(Json(page).into_response())
}

/// Every matching attempt as CSV, oldest first, read from the store in
/// batches and sent as it is read: memory stays flat whatever the log's
/// size. The rows are those up to the newest when the export began.
async fn activity_csv(
    State(gw): State<Arc<Gateway>>,
    SignedIn(session): SignedIn,
    Query(q): Query<ActivityQuery>,
) -> Result<Response, GatewayError> {
    let filter = activity_filter(&gw, &session, &q)?;
    let store = gw.store.clone();
    let upto = audit::query::last_seq(&store).await.map_err(unreadable)?;
    let name = audit::file_name(&filter, &chrono::Utc::now().format("%Y-%m-%d").to_string());
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::spawn(export(store, filter, upto, tx));
    let body =
        axum::body::Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|item| (item, rx))
        }));
    let disposition = format!("attachment; filename=\"{name}\"");
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = header::HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(r)
}

/// Sends the CSV's lines through `tx` a batch at a time, until the rows
/// up to `upto` are sent or the reader is gone.
async fn export(
    store: Store,
    filter: audit::Filter,
    upto: i64,
    tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
) {
    let header = Bytes::from(format!("\u{feff}{}", audit::CSV_HEADER));
    if tx.send(Ok(header)).await.is_err() {
        return;
    }
    let mut above = 0;
    loop {
        let rows = match audit::query::batch(&store, &filter, above, upto, EXPORT_BATCH).await {
            Ok(rows) if rows.is_empty() => return,
            Ok(rows) => rows,
            Err(e) => {
                let _ = tx.send(Err(std::io::Error::other(e))).await;
                return;
            }
        };
        above = rows.last().map_or(above, |r| r.seq);
        let text: String = rows.iter().map(audit::csv_line).collect();
        if tx.send(Ok(Bytes::from(text))).await.is_err() {
            return;
        }
    }
}
