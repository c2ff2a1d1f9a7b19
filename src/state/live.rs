//! What colleagues change, as it happens: [`Live`] holds the changes the
//! gateway's stream brought ([`crate::api::live`]), and pages ask it what
//! changed since they read what they show: a list counts its payments
//! changed (and says so rather than move rows under the pointer), a
//! payment's page and its open form name the change, the Activity page
//! reads its newest rows again. The plain part is [`LiveLog`].

use leptos::prelude::*;
use payments_model::approval::ApprovalNews;
use payments_model::live::LiveChange;

/// Changes kept: far more than a page counts between two reads.
pub const KEPT: usize = 500;

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

/// The changes heard, oldest first, and how the page follows them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LiveLog {
    changes: Vec<LiveChange>,
    /// The place of the newest change from which changes were missed (a
    /// reset): what was read before it must be read again.
    missed_at: i64,
    pub following: Following,
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

    /// Changes up to `at` were missed.
    pub fn missed(&mut self, at: i64) {
        self.missed_at = self.missed_at.max(at).max(self.mark() + 1);
    }

    /// The newest change's place (0 for none): what a page read is as new
    /// as this.
    pub fn mark(&self) -> i64 {
        self.changes.last().map_or(0, |c| c.seq).max(self.missed_at)
    }

    /// The place up to which changes were last missed (0: never).
    pub fn missed_at(&self) -> i64 {
        self.missed_at
    }

    /// Whether changes were missed after `mark`.
    pub fn missed_since(&self, mark: i64) -> bool {
        self.missed_at > mark
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

    /// What a list read at `mark` says: how many of its payments changed
    /// since (`Some(0)` when changes were missed and it is not known how
    /// many), `None` when none did.
    pub fn count_since(&self, mark: i64, connection: Option<&str>) -> Option<usize> {
        let n = self.changed_since(mark, connection).len();
        (n > 0 || self.missed_since(mark)).then_some(n)
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
}

/// The changes heard on this page, shared by every page through context.
#[derive(Clone, Copy)]
pub struct Live {
    pub log: RwSignal<LiveLog>,
    /// The newest news of an approval request (the header's count and
    /// the Approvals pages read again on each; the requester is told).
    pub approval: RwSignal<Option<ApprovalNews>>,
}

impl Live {
    pub fn provide() -> Live {
        let live = Live {
            log: RwSignal::new(LiveLog::default()),
            approval: RwSignal::new(None),
        };
        provide_context(live);
        live
    }

    /// The one in context; a fresh one (hearing nothing) for a component
    /// mounted on its own.
    pub fn here() -> Live {
        use_context::<Live>().unwrap_or_else(|| Live {
            log: RwSignal::new(LiveLog::default()),
            approval: RwSignal::new(None),
        })
    }

    /// What a page just read is as new as this (untracked).
    pub fn mark(&self) -> i64 {
        self.log.with_untracked(LiveLog::mark)
    }

    /// Whether anything arrived after `mark` (tracked): a list that read
    /// at `mark` may have something to say.
    pub fn news_since(&self, mark: i64) -> bool {
        self.log.with(|l| l.mark() > mark)
    }

    /// How this page follows changes.
    pub fn following(&self) -> Following {
        self.log.with(|l| l.following)
    }

    /// Says how this page follows changes.
    pub fn set_following(&self, following: Following) {
        self.log.update(|l| l.following = following);
    }

    /// Opens the stream (once) and keeps what it brings: the changes made
    /// after `after` (where the log stood when the page first read), or
    /// after the server's read of the answers its first screen carried,
    /// where that was earlier.
    pub fn follow(&self, after: Option<i64>) {
        let live = *self;
        let after =
            crate::api::carried::follow_from(crate::api::carried::take_changes_after(), after);
        crate::api::live::follow(
            after,
            move |change| live.log.update(|l| l.heard(change)),
            move |news| live.approval.set(Some(news)),
            move |at| live.log.update(|l| l.missed(at)),
        );
        live.set_following(Following::On);
    }

    /// Stops following (signed out).
    pub fn stop(&self) {
        crate::api::live::stop();
        self.set_following(Following::Off);
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
    fn missed_changes_make_every_earlier_read_stale() {
        let mut log = LiveLog::default();
        log.heard(change(3, "rr", &["7"]));
        assert_eq!(log.count_since(3, Some("rr")), None);
        log.missed(9);
        assert_eq!(log.mark(), 9);
        assert_eq!(
            log.count_since(3, Some("rr")),
            Some(0),
            "changed, how many unknown"
        );
        assert_eq!(log.count_since(9, Some("rr")), None, "read after it");
        log.heard(change(10, "rr", &["8"]));
        assert_eq!(log.count_since(9, Some("rr")), Some(1));
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
        assert_eq!(log.count_since(mark, Some("bp")), Some(1));
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
