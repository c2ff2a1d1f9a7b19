//! The feed of changes behind `/gateway/events`: one task per server
//! reads the writes vendors accepted from the audit log as they are
//! recorded, on any server sharing the store, and hands each to every
//! stream of this server ([`Events::subscribe`]). It reads when woken:
//! by a write this server forwarded, by PostgreSQL's `NOTIFY` (every
//! append to the log notifies `payments_audit`, so another server's
//! write arrives at once), and at least every [`POLL`] (SQLite, which
//! has no notifications, and a PostgreSQL listener that lost its
//! connection). A stream that falls behind, or reconnects with the last
//! id it saw, reads what it missed from the log ([`after`]).
//!
//! Streams are bounded: [`PER_PERSON`] per person and [`MAX_STREAMS`] in
//! all ([`Events::admit`]); each ends after [`LIFETIME`] (the browser
//! reconnects where it left off) or when the server stops.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use payments_model::activity::{ApprovalNote, ChangeKind, Context, Outcome};
use payments_model::approval::ApprovalState;
use payments_model::live::LiveChange;
use sqlx::Row;
use tokio::sync::{broadcast, watch, Notify};

use super::audit::{fields_from, Fields};
use super::store::{Engine, Store};

/// How often the log is read when nothing wakes the feed.
pub const POLL: Duration = Duration::from_millis(500);
/// Streams one person may have open at once.
pub const PER_PERSON: usize = 8;
/// Streams this server holds open at once.
pub const MAX_STREAMS: usize = 2_000;
/// How long one stream lasts before the browser is asked to reconnect.
pub const LIFETIME: Duration = Duration::from_secs(30 * 60);
/// The most changes a reconnecting stream is replayed; further back, it
/// is told to read everything again.
pub const MAX_REPLAY: i64 = 500;
/// The channel `NOTIFY` uses.
pub const CHANNEL: &str = "payments_audit";

/// One write a vendor accepted, as the log holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Happened {
    /// The answer row's place in the log.
    pub seq: i64,
    pub at: String,
    pub person: String,
    pub connection: String,
    pub kind: ChangeKind,
    pub ids: Vec<String>,
    pub fields: Fields,
    /// The page that sent it.
    pub tab: Option<String>,
    /// Where it moved an approval request on: the request, and its state
    /// as this row tells it.
    pub approval: Option<(ApprovalNote, ApprovalState)>,
    /// Whether the vendor accepted it (a change to show).
    pub accepted: bool,
}

impl Happened {
    /// As `reader` receives it: who made it only for those who may know
    /// (`names`) and for the person who did.
    pub fn shown_to(&self, reader: &str, names: bool) -> LiveChange {
        LiveChange {
            seq: self.seq,
            connection: self.connection.clone(),
            kind: self.kind.clone(),
            ids: self.ids.clone(),
            at: self.at.clone(),
            person: (names || self.person == reader).then(|| self.person.clone()),
            fields: self.fields.clone(),
        }
    }
}

/// The accepted writes, and the rows that move approval requests on,
/// recorded after row `seq`, oldest first, up to row `until` at most
/// and `limit` of them.
pub async fn after(db: &Store, seq: i64, until: i64, limit: i64) -> sqlx::Result<Vec<Happened>> {
    let rows = sqlx::query(
        "SELECT b.seq AS seq, b.at AS at, COALESCE(a.person, b.person) AS person,
                b.connection AS connection, b.kind AS kind,
                COALESCE(b.payment_id, a.payment_id) AS ids,
                COALESCE(a.sent, b.sent) AS sent, COALESCE(a.context, b.context) AS context,
                b.outcome AS outcome, b.status AS status
         FROM audit_log b LEFT JOIN audit_log a ON a.seq = b.answer_to
         WHERE b.seq > $1 AND b.seq <= $2
           AND ((b.answer_to IS NOT NULL AND b.status >= 200 AND b.status < 300)
                OR b.outcome IN ('requested', 'approved', 'rejected', 'expired')
                OR (b.answer_to IS NOT NULL AND a.context LIKE '%\"approval\"%'))
         ORDER BY b.seq LIMIT $3",
    )
    .bind(seq)
    .bind(until)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let ids: Option<String> = r.try_get("ids")?;
            let context = Context::read(r.try_get::<Option<String>, _>("context")?.as_deref());
            let outcome = Outcome::parse(&r.try_get::<String, _>("outcome")?);
            let status: Option<i64> = r.try_get("status")?;
            let accepted = status.is_some_and(|s| (200..300).contains(&s));
            let approval = context
                .as_ref()
                .and_then(|c| c.approval.clone())
                .and_then(|note| Some((note, moved_to(&outcome, status)?)));
            Ok(Happened {
                seq: r.try_get("seq")?,
                at: r.try_get("at")?,
                person: r.try_get("person")?,
                connection: r.try_get("connection")?,
                kind: ChangeKind::parse(&r.try_get::<String, _>("kind")?),
                ids: ids
                    .unwrap_or_default()
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                fields: fields_from(r.try_get("sent")?),
                tab: context.and_then(|c| c.tab),
                approval,
                accepted,
            })
        })
        .collect()
}

/// The state a row of an approval request's tells: held, decided,
/// expired, or one of its writes answered (`None`: an approval that did
/// not move it yet, when more are needed, reads as still waiting).
fn moved_to(outcome: &Outcome, status: Option<i64>) -> Option<ApprovalState> {
    Some(match (outcome, status) {
        (Outcome::Requested, _) => ApprovalState::Waiting,
        (Outcome::Approved, _) => ApprovalState::Approved,
        (Outcome::Rejected, _) => ApprovalState::Rejected,
        (Outcome::Expired, _) => ApprovalState::Expired,
        (Outcome::NoAnswer, _) => ApprovalState::Unknown,
        (_, Some(s)) if (200..300).contains(&s) => ApprovalState::Done,
        (_, Some(_)) => ApprovalState::Refused,
        _ => return None,
    })
}

/// The newest row of the log.
pub async fn newest(db: &Store) -> sqlx::Result<i64> {
    let n: Option<i64> = sqlx::query("SELECT MAX(seq) FROM audit_log")
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
    Ok(n.unwrap_or(0))
}

/// The feed of one server, and the streams it holds.
pub struct Events {
    store: Store,
    sender: broadcast::Sender<Arc<Happened>>,
    wake: Notify,
    /// The newest row the feed has read up to.
    read_to: AtomicI64,
    started: OnceLock<()>,
    open: Mutex<HashMap<String, usize>>,
    stop: watch::Sender<bool>,
}

/// Why a stream was not opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Full {
    /// The person has [`PER_PERSON`] open.
    Person,
    /// The server has [`MAX_STREAMS`] open.
    Server,
}

/// A stream's place among those open, given back when dropped.
pub struct Slot {
    events: Arc<Events>,
    person: String,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.events.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.person) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.person);
            }
        }
    }
}

impl Events {
    pub fn new(store: Store) -> Events {
        Events {
            store,
            sender: broadcast::channel(1024).0,
            wake: Notify::new(),
            read_to: AtomicI64::new(-1),
            started: OnceLock::new(),
            open: Mutex::new(HashMap::new()),
            stop: watch::channel(false).0,
        }
    }

    /// Reads the log now (a write was just recorded here).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Ends every stream (the server is stopping).
    pub fn close(&self) {
        let _ = self.stop.send(true);
    }

    /// A receiver that learns when the server stops.
    pub fn stopping(&self) -> watch::Receiver<bool> {
        self.stop.subscribe()
    }

    /// How many streams are open.
    pub fn open_streams(&self) -> usize {
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.values().sum()
    }

    /// A place for one more stream of `person`'s, or why not.
    pub fn admit(self: &Arc<Self>, person: &str) -> Result<Slot, Full> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.values().sum::<usize>() >= MAX_STREAMS {
            return Err(Full::Server);
        }
        let mine = open.entry(person.to_string()).or_insert(0);
        if *mine >= PER_PERSON {
            return Err(Full::Person);
        }
        *mine += 1;
        Ok(Slot {
            events: Arc::clone(self),
            person: person.to_string(),
        })
    }

    /// The changes from now on (the feed starts with the first stream),
    /// and the row they follow.
    pub async fn subscribe(
        self: &Arc<Self>,
    ) -> sqlx::Result<(broadcast::Receiver<Arc<Happened>>, i64)> {
        let receiver = self.sender.subscribe();
        if self.started.set(()).is_ok() {
            self.read_to
                .store(newest(&self.store).await?, Ordering::SeqCst);
            tokio::spawn(Arc::clone(self).feed());
        }
        let mut read_to = self.read_to.load(Ordering::SeqCst);
        while read_to < 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
            read_to = self.read_to.load(Ordering::SeqCst);
        }
        Ok((receiver, read_to))
    }

    /// The store this feed reads.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Reads the log whenever woken, and at least every [`POLL`], until
    /// the server stops.
    async fn feed(self: Arc<Self>) {
        if self.store.engine() == Engine::Postgres {
            tokio::spawn(Arc::clone(&self).listen());
        }
        let mut stop = self.stopping();
        loop {
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
                _ = stop.changed() => return,
            }
            if let Err(e) = self.read_on().await {
                tracing::warn!(error = %e, "the feed of changes could not read the audit log");
            }
        }
    }

    /// Hands on what was recorded since the last read.
    async fn read_on(&self) -> sqlx::Result<()> {
        let from = self.read_to.load(Ordering::SeqCst);
        let until = newest(&self.store).await?;
        if until <= from {
            return Ok(());
        }
        let mut at = from;
        loop {
            let batch = after(&self.store, at, until, MAX_REPLAY).await?;
            let Some(last) = batch.last().map(|h| h.seq) else {
                break;
            };
            for h in batch {
                let _ = self.sender.send(Arc::new(h));
            }
            at = last;
        }
        self.read_to.store(until, Ordering::SeqCst);
        Ok(())
    }

    /// Wakes the feed on every `NOTIFY` of another server's append,
    /// listening again after a lost connection.
    async fn listen(self: Arc<Self>) {
        let Some(url) = self.store.url() else {
            return;
        };
        let mut stop = self.stopping();
        loop {
            if let Ok(mut listener) = sqlx::postgres::PgListener::connect(url).await {
                if listener.listen(CHANNEL).await.is_ok() {
                    loop {
                        tokio::select! {
                            n = listener.recv() => match n {
                                Ok(_) => self.wake(),
                                Err(_) => break,
                            },
                            _ = stop.changed() => return,
                        }
                    }
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(2)) => {}
                _ = stop.changed() => return,
            }
        }
    }
}
