//! `GET /events`: the changes a signed-in page follows, as server-sent
//! events ([`payments_model::live`]): one `change` event per write a
//! vendor accepted, whose id is its row in the audit log. A page that
//! reconnects sends the last id it saw (`Last-Event-ID`, or `?after=`
//! when it opens a new stream) and is replayed what it missed, or told
//! to read everything again (`reset`) when that is more than
//! [`events::MAX_REPLAY`]. A heartbeat comment goes every
//! [`HEARTBEAT`]; the session is checked every [`SESSION_CHECK`] and
//! the stream ends when it has (signed out, expired). The page's own
//! writes (`?tab=`) are not sent back to it.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use payments_model::approval::{ApprovalNews, APPROVAL_EVENT};
use payments_model::live::{CHANGE_EVENT, RESET_EVENT};
use payments_model::message::GatewayMessage;
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};
use tokio::time::Instant;

use crate::gateway::error::{ErrorKind, GatewayError};
use crate::gateway::events::{self, Full, Happened, Slot};
use crate::gateway::extract::SignedIn;
use crate::gateway::sessions::Session;
use crate::gateway::Gateway;

/// How often an idle stream sends a comment, so that proxies and the
/// browser know it lives.
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// How often a stream checks that its session still is.
pub const SESSION_CHECK: Duration = Duration::from_secs(30);

pub fn routes() -> Router<Arc<Gateway>> {
    Router::new().route("/events", get(follow))
}

#[derive(Deserialize, Default)]
struct FollowQuery {
    /// The last change the page saw, when it opens a new stream.
    after: Option<i64>,
    /// The page's own id, whose writes it is not told of.
    tab: Option<String>,
}

async fn follow(
    State(gw): State<Arc<Gateway>>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
    Query(q): Query<FollowQuery>,
) -> Result<Response, GatewayError> {
    let slot = gw.events.admit(&session.name).map_err(|full| match full {
        Full::Person => GatewayError::new(
            ErrorKind::TooMany,
            GatewayMessage::TooManyStreams {
                most: events::PER_PERSON as u64,
            },
        )
        .retry_after(60),
        Full::Server => GatewayError::unavailable(GatewayMessage::StreamsFull).retry_after(30),
    })?;
    let (receiver, read_to) = gw.events.subscribe().await.map_err(|e| {
        gw.store_down(GatewayMessage::ActivityUnreadable {
            reason: e.to_string(),
        })
    })?;
    let seen = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(q.after);
    let mut cookie = HeaderMap::new();
    if let Some(c) = headers.get(header::COOKIE) {
        cookie.insert(header::COOKIE, c.clone());
    }
    gw.metrics.count("payments_event_streams_total", &[]);
    let mut following = Following {
        names: gw.config.reads_everyone(session.role),
        stop: gw.events.stopping(),
        gw,
        session,
        cookie,
        tab: q.tab.filter(|t| !t.is_empty() && t.len() <= 64),
        last: read_to,
        pending: VecDeque::new(),
        ready: VecDeque::new(),
        reset: false,
        receiver,
        ends: Instant::now() + events::LIFETIME,
        check: Instant::now() + SESSION_CHECK,
        _slot: slot,
    };
    if let Some(seen) = seen.filter(|s| *s >= 0 && *s < read_to) {
        following.last = seen;
        following.replay().await;
    }
    let stream = futures_util::stream::unfold(following, Following::next);
    let mut r = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(HEARTBEAT))
        .into_response();
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // Proxies (nginx) pass the stream on as it comes.
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(r)
}

/// One open stream.
struct Following {
    gw: Arc<Gateway>,
    session: Session,
    /// The request's cookie, to check the session again.
    cookie: HeaderMap,
    tab: Option<String>,
    /// Whether the person may know who made a change.
    names: bool,
    /// The newest change sent (or passed over).
    last: i64,
    pending: VecDeque<Arc<Happened>>,
    /// Events ready to send.
    ready: VecDeque<Event>,
    /// Changes were missed: the page must read everything again.
    reset: bool,
    receiver: broadcast::Receiver<Arc<Happened>>,
    stop: watch::Receiver<bool>,
    ends: Instant,
    check: Instant,
    _slot: Slot,
}

impl Following {
    /// The next event, or `None` when the stream ends.
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Following)> {
        loop {
            if self.reset {
                self.reset = false;
                let e = Event::default()
                    .event(RESET_EVENT)
                    .id(self.last.to_string())
                    .data("{}");
                return Some((Ok(e), self));
            }
            if let Some(e) = self.ready.pop_front() {
                return Some((Ok(e), self));
            }
            if let Some(h) = self.pending.pop_front() {
                if h.seq <= self.last {
                    continue;
                }
                self.last = h.seq;
                self.ready.extend(self.change(&h));
                self.ready.extend(self.approval(&h));
                continue;
            }
            if !self.wait().await {
                return None;
            }
        }
    }

    /// Waits for the next change, the next check or the end; whether the
    /// stream goes on.
    async fn wait(&mut self) -> bool {
        tokio::select! {
            r = self.receiver.recv() => match r {
                Ok(h) => self.pending.push_back(h),
                Err(RecvError::Lagged(_)) => self.replay().await,
                Err(RecvError::Closed) => return false,
            },
            _ = tokio::time::sleep_until(self.check.min(self.ends)) => {
                if Instant::now() >= self.ends {
                    return false;
                }
                self.check = Instant::now() + SESSION_CHECK;
                let still = self.gw.sessions.still(&self.cookie).await;
                if !matches!(still, Ok(Some(s)) if s.name == self.session.name) {
                    return false;
                }
            }
            _ = self.stop.changed() => return false,
        }
        true
    }

    /// Reads what was missed from the log: the changes after the last
    /// one sent, or a reset when they are too many (or unreadable).
    async fn replay(&mut self) {
        let store = self.gw.events.store();
        match events::after(store, self.last, i64::MAX, events::MAX_REPLAY + 1).await {
            Ok(rows) if rows.len() as i64 <= events::MAX_REPLAY => {
                self.pending = rows.into_iter().map(Arc::new).collect();
            }
            _ => {
                self.pending.clear();
                self.last = events::newest(store).await.unwrap_or(self.last);
                self.reset = true;
            }
        }
    }

    /// The news of an approval request `h` moved on, for its requester
    /// and those who may decide it.
    fn approval(&self, h: &Happened) -> Option<Event> {
        let (note, state) = h.approval.as_ref()?;
        self.gw.connection(&h.connection)?;
        let role = self.session.role;
        let decides = self
            .gw
            .config
            .approval_rules
            .iter()
            .any(|r| r.name == note.rule && r.approver_roles.contains(&role));
        if note.requested_by != self.session.name && !decides {
            return None;
        }
        let news = ApprovalNews {
            id: note.request,
            state: *state,
            rule: note.rule.clone(),
            connection: h.connection.clone(),
            requested_by: note.requested_by.clone(),
        };
        Some(
            Event::default()
                .event(APPROVAL_EVENT)
                .id(h.seq.to_string())
                .data(serde_json::to_string(&news).ok()?),
        )
    }

    /// The change event for `h`, where this page may see it.
    fn change(&self, h: &Happened) -> Option<Event> {
        let mine = self.tab.is_some() && h.tab == self.tab;
        if !h.accepted || mine || self.gw.connection(&h.connection).is_none() {
            return None;
        }
        let change = h.shown_to(&self.session.name, self.names);
        let data = serde_json::to_string(&change).ok()?;
        Some(
            Event::default()
                .event(CHANGE_EVENT)
                .id(h.seq.to_string())
                .data(data),
        )
    }
}
