//! What colleagues change, as it happens: [`Live`] holds the changes the
//! gateway's stream brought ([`crate::api::live`]), and pages ask it what
//! changed since they read what they show: a list counts its payments
//! changed (and says so rather than move rows under the pointer), a
//! payment's page and its open form name the change, the Activity page
//! reads its newest rows again. The plain part is [`LiveLog`].

use leptos::prelude::*;
use payments_model::live::LiveChange;

/// Changes kept: far more than a page counts between two reads.
pub const KEPT: usize = 500;

/// The changes heard, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LiveLog {
    changes: Vec<LiveChange>,
}

impl LiveLog {
    /// Keeps `change` (once; the oldest go past [`KEPT`]).
    pub fn heard(&mut self, change: LiveChange) {
        if self.changes.iter().any(|c| c.seq == change.seq) {
            return;
        }
        self.changes.push(change);
        self.changes.sort_by_key(|c| c.seq);
        if self.changes.len() > KEPT {
            self.changes.drain(..self.changes.len() - KEPT);
        }
    }

    /// The newest change's place (0 for none): what a page read is as new
    /// as this.
    pub fn mark(&self) -> i64 {
        self.changes.last().map_or(0, |c| c.seq)
    }

    /// The payments changed after `mark`, of `connection` (every one for
    /// `None`), each once as `(connection, id)`, newest change first.
    pub fn changed_since(&self, mark: i64, connection: Option<&str>) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for c in self.changes.iter().rev().filter(|c| c.seq > mark) {
            if connection.is_some_and(|conn| conn != c.connection) {
                continue;
            }
            for id in &c.ids {
                let key = (c.connection.clone(), id.clone());
                if !out.contains(&key) {
                    out.push(key);
                }
            }
        }
        out
    }

    /// The newest change to payment `id` of `connection` after `mark`.
    pub fn about(&self, connection: &str, id: &str, mark: i64) -> Option<LiveChange> {
        self.changes
            .iter()
            .rev()
            .take_while(|c| c.seq > mark)
            .find(|c| c.touches(connection, id))
            .cloned()
    }

    /// Whether anything arrived after `mark`.
    pub fn any_since(&self, mark: i64) -> bool {
        self.mark() > mark
    }
}

/// Whether this page follows its colleagues' changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Following {
    /// Not (yet): signed out, or the stream is not open.
    #[default]
    Off,
    /// Through the gateway's stream.
    On,
    /// No gateway: changes made elsewhere are not seen live (a save still
    /// compares the payment with a fresh read first).
    BrowserOnly,
}

/// The changes heard on this page, shared by every page through context.
#[derive(Clone, Copy)]
pub struct Live {
    pub log: RwSignal<LiveLog>,
    /// Bumped when changes were missed: what pages show must be read again.
    pub missed: RwSignal<u32>,
    pub following: RwSignal<Following>,
}

impl Live {
    pub fn provide() -> Live {
        let live = Live {
            log: RwSignal::new(LiveLog::default()),
            missed: RwSignal::new(0),
            following: RwSignal::new(Following::Off),
        };
        provide_context(live);
        live
    }

    /// The one in context; a fresh one (hearing nothing) for a component
    /// mounted on its own.
    pub fn here() -> Live {
        use_context::<Live>().unwrap_or_else(|| Live {
            log: RwSignal::new(LiveLog::default()),
            missed: RwSignal::new(0),
            following: RwSignal::new(Following::Off),
        })
    }

    /// What a page just read is as new as this (untracked).
    pub fn mark(&self) -> i64 {
        self.log.with_untracked(LiveLog::mark)
    }

    /// Opens the stream (once) and keeps what it brings: the changes made
    /// after `after` (where the log stood when the page first read).
    pub fn follow(&self, after: Option<i64>) {
        let live = *self;
        crate::api::live::follow(
            after,
            move |change| {
                live.log.update(|l| l.heard(change));
            },
            move || live.missed.update(|n| *n += 1),
        );
        live.following.set(Following::On);
    }

    /// Stops following (signed out).
    pub fn stop(&self) {
        crate::api::live::stop();
        self.following.set(Following::Off);
    }
}

/// What a list knows of its colleagues' changes since it was read: how
/// many of its payments changed (`Some(0)` when changes were missed and
/// the count is not known; `None` when none did).
#[derive(Clone, Copy)]
pub struct SinceRead {
    mark: RwSignal<i64>,
    missed: RwSignal<u32>,
    pub changed: Memo<Option<usize>>,
}

impl SinceRead {
    /// For the list of `connection` (every connection's for `None`).
    pub fn new(connection: Option<String>) -> SinceRead {
        let live = Live::here();
        let mark = RwSignal::new(i64::MAX);
        let missed = RwSignal::new(u32::MAX);
        let changed = Memo::new(move |_| {
            let n = live
                .log
                .with(|l| l.changed_since(mark.get(), connection.as_deref()).len());
            let lost = live.missed.get() > missed.get();
            (n > 0 || lost).then_some(n)
        });
        SinceRead {
            mark,
            missed,
            changed,
        }
    }

    /// The list is read now: it holds every change heard so far.
    pub fn reading(&self) {
        let live = Live::here();
        self.mark.set(live.mark());
        self.missed.set(live.missed.get_untracked());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use payments_model::activity::ChangeKind;

    fn change(seq: i64, connection: &str, ids: &[&str]) -> LiveChange {
        LiveChange {
            seq,
            connection: connection.into(),
            kind: ChangeKind::Edit,
            ids: ids.iter().map(|i| i.to_string()).collect(),
            ..LiveChange::default()
        }
    }

    #[test]
    fn a_list_counts_each_payment_changed_since_it_was_read_once() {
        let mut log = LiveLog::default();
        log.heard(change(3, "rr", &["7"]));
        let mark = log.mark();
        log.heard(change(5, "rr", &["7"]));
        log.heard(change(4, "bp", &["9"]));
        log.heard(change(6, "rr", &["8", "7"]));
        log.heard(change(6, "rr", &["8"]));
        assert_eq!(mark, 3);
        assert_eq!(log.mark(), 6);
        assert_eq!(
            log.changed_since(mark, Some("rr")),
            [
                ("rr".to_string(), "8".to_string()),
                ("rr".to_string(), "7".to_string())
            ]
        );
        assert_eq!(log.changed_since(mark, None).len(), 3);
        assert!(log.changed_since(6, None).is_empty());
        assert!(log.any_since(5) && !log.any_since(6));
    }

    #[test]
    fn a_page_hears_the_newest_change_to_its_payment() {
        let mut log = LiveLog::default();
        log.heard(change(1, "rr", &["7"]));
        log.heard(change(2, "rr", &["8"]));
        assert_eq!(log.about("rr", "7", 0).map(|c| c.seq), Some(1));
        assert_eq!(log.about("rr", "7", 1), None, "read after it");
        assert_eq!(log.about("bp", "7", 0), None);
    }

    #[test]
    fn the_log_keeps_the_newest_changes() {
        let mut log = LiveLog::default();
        for seq in 1..=(KEPT as i64 + 20) {
            log.heard(change(seq, "rr", &["7"]));
        }
        assert_eq!(log.changes.len(), KEPT);
        assert_eq!(log.changes[0].seq, 21);
    }
}
