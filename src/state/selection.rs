//! Which payments of a list are chosen for a bulk action: a row's
//! checkbox toggles one, shift-click takes the range from the last row
//! clicked, the heading's checkbox takes the page, and "Select all N
//! matching" gathers every page of the list (at most
//! [`MAX_SELECTED`]). [`Selection`] holds the rules; the controller holds
//! the signals and gathers the pages.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use payments_model::bulk::MAX_SELECTED;
use payments_model::Message;
use payments_model::{Connection, ListQuery, Payment};

use crate::api;
use crate::language::{k, number, say, t, t_count, t_with};

/// A payment as a list shows it: the id of the connection it is listed
/// under, and the payment.
pub type Row<'a> = (&'a str, &'a Payment);

/// The chosen payments (each with its connection's id), in the order
/// chosen, each once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    chosen: Vec<(String, Payment)>,
    /// Whether it is every payment the list's filters match (up to the
    /// cap), gathered from all its pages.
    pub all_matching: bool,
    /// Whether the list matched more than the cap.
    pub capped: bool,
}

impl Selection {
    pub fn len(&self) -> usize {
        self.chosen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chosen.is_empty()
    }

    /// Whether the payment `id` of connection `connection` is chosen.
    pub fn contains(&self, connection: &str, id: &str) -> bool {
        self.chosen
            .iter()
            .any(|(c, p)| c == connection && p.id == id)
    }

    /// The chosen payments with their connections' ids.
    pub fn chosen(&self) -> &[(String, Payment)] {
        &self.chosen
    }

    /// The chosen payments.
    pub fn payments(&self) -> Vec<&Payment> {
        self.chosen.iter().map(|(_, p)| p).collect()
    }

    /// The ids of the connections of the chosen payments, each once.
    pub fn connections(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for (c, _) in &self.chosen {
            if !ids.contains(&c.as_str()) {
                ids.push(c);
            }
        }
        ids
    }

    /// Chooses or leaves one row (up to the cap).
    pub fn set(&mut self, (connection, p): Row<'_>, on: bool) {
        self.all_matching = false;
        let at = self
            .chosen
            .iter()
            .position(|(c, q)| c == connection && q.id == p.id);
        match (on, at) {
            (true, None) if self.chosen.len() < MAX_SELECTED => {
                self.chosen.push((connection.to_string(), p.clone()));
            }
            (false, Some(i)) => {
                self.chosen.remove(i);
            }
            _ => {}
        }
    }

    /// Chooses or leaves every one of `rows`.
    pub fn set_all(&mut self, rows: &[Row<'_>], on: bool) {
        for row in rows {
            self.set(*row, on);
        }
    }

    /// Whether every one of `rows` is chosen (and there are some).
    pub fn has_all(&self, rows: &[Row<'_>]) -> bool {
        !rows.is_empty() && rows.iter().all(|(c, p)| self.contains(c, &p.id))
    }

    /// Every payment a list of connection `connection` matches, at most
    /// the cap.
    pub fn matching(connection: &str, mut payments: Vec<Payment>) -> Selection {
        let capped = payments.len() > MAX_SELECTED;
        payments.truncate(MAX_SELECTED);
        let mut s = Selection::default();
        for p in &payments {
            s.set((connection, p), true);
        }
        s.all_matching = true;
        s.capped = capped;
        s
    }

    /// The selection in words, for the live region.
    pub fn words(&self) -> String {
        let n = self.len();
        match (n, self.all_matching, self.capped) {
            (0, _, _) => t(k::selection::NONE),
            (n, false, _) => t_count(k::selection::SOME, n, &[]),
            (n, true, false) => t_count(k::selection::ALL, n, &[]),
            (n, true, true) => {
                let max = MAX_SELECTED.to_string();
                t_with(k::selection::CAPPED, &[("n", &number(n)), ("max", &max)])
            }
        }
    }
}

/// A list's selection.
#[derive(Clone, Copy)]
pub struct SelectionController {
    pub selection: RwSignal<Selection>,
    /// The row last clicked (its position among the rows shown), for
    /// shift-click.
    anchor: RwSignal<Option<usize>>,
    /// While every page is being gathered: how far, in words.
    pub gathering: RwSignal<Option<String>>,
    /// Why gathering failed, if it did.
    pub problem: RwSignal<Option<String>>,
    stop: RwSignal<u32>,
}

impl Default for SelectionController {
    fn default() -> Self {
        Self::new()
    }
}

impl SelectionController {
    pub fn new() -> SelectionController {
        SelectionController {
            selection: RwSignal::new(Selection::default()),
            anchor: RwSignal::new(None),
            gathering: RwSignal::new(None),
            problem: RwSignal::new(None),
            stop: RwSignal::new(0),
        }
    }

    /// A row's checkbox: `on` for the row at `at` of `rows`; with shift,
    /// every row from the last one clicked takes the same state.
    pub fn click(&self, rows: &[Row<'_>], at: usize, on: bool, shift: bool) {
        let from = self.anchor.get_untracked().filter(|_| shift).unwrap_or(at);
        let (lo, hi) = (from.min(at), from.max(at).min(rows.len().saturating_sub(1)));
        self.selection.update(|s| {
            if let Some(range) = rows.get(lo..=hi) {
                s.set_all(range, on);
            }
        });
        self.anchor.set(Some(at));
    }

    /// The heading's checkbox: the whole page, on or off.
    pub fn page(&self, rows: &[Row<'_>], on: bool) {
        self.selection.update(|s| s.set_all(rows, on));
    }

    /// Nothing chosen.
    pub fn clear(&self) {
        self.stop.update(|n| *n += 1);
        self.gathering.set(None);
        self.selection.set(Selection::default());
        self.anchor.set(None);
    }

    /// Leaves the payments `done` (connection id, payment id).
    pub fn forget(&self, done: &[(String, String)]) {
        self.selection.update(|s| {
            let gone: Vec<(String, Payment)> = s
                .chosen()
                .iter()
                .filter(|(c, p)| done.iter().any(|(dc, id)| dc == c && *id == p.id))
                .cloned()
                .collect();
            for (c, p) in &gone {
                s.set((c, p), false);
            }
        });
    }

    /// Chooses every one of `rows` (All payments: what is loaded and
    /// matches), at most the cap.
    pub fn all_of(&self, rows: &[Row<'_>]) {
        self.selection.update(|s| {
            *s = Selection::default();
            s.set_all(rows, true);
            s.all_matching = true;
            s.capped = rows.len() > MAX_SELECTED;
        });
    }

    /// Chooses every payment `query` matches, reading every page (at the
    /// vendor's largest size), at most [`MAX_SELECTED`].
    pub fn all_matching(&self, conn: Connection, query: ListQuery) {
        let c = *self;
        c.stop.update(|n| *n += 1);
        let generation = c.stop.get_untracked();
        c.problem.set(None);
        c.gathering.set(Some(t(k::selection::GATHERING)));
        spawn_local_scoped_with_cancellation(async move {
            let on_page = move |pages: u32, _of: Option<u32>, count: usize| {
                let count = count.to_string();
                let words = t_count(
                    k::selection::GATHERING_PAGES,
                    pages as usize,
                    &[("count", &count)],
                );
                c.gathering.set(Some(words));
            };
            let stopped = move || c.stop.get_untracked() != generation;
            let waiting = move |w: Option<Message>| {
                if let Some(w) = w {
                    c.gathering.set(Some(say(&w)));
                }
            };
            // One over the cap, to know whether there were more.
            let at_most = MAX_SELECTED + 1;
            let read =
                api::payments::first_pages(&conn, &query, at_most, &on_page, &stopped, &waiting)
                    .await;
            if c.stop.get_untracked() != generation {
                return;
            }
            c.gathering.set(None);
            match read {
                Ok(Some(g)) => c.selection.set(Selection::matching(&conn.id, g.payments)),
                Ok(None) => {}
                Err(e) => c.problem.set(Some(t_with(
                    k::selection::FAILED,
                    &[("reason", &say(&e.message))],
                ))),
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pays(n: usize) -> Vec<Payment> {
        (0..n)
            .map(|i| {
                Payment::new(
                    payments_model::vendors::ALL[0],
                    format!("p{i}"),
                    &Default::default(),
                )
            })
            .collect()
    }

    #[test]
    fn payments_are_chosen_once_and_left_again() {
        let ps = pays(3);
        let mut s = Selection::default();
        s.set(("c", &ps[0]), true);
        s.set(("c", &ps[0]), true);
        s.set(("c", &ps[2]), true);
        s.set(("d", &ps[2]), true);
        assert_eq!(s.len(), 3, "one id under two connections is two");
        assert_eq!(s.connections(), ["c", "d"]);
        s.set(("d", &ps[2]), false);
        assert!(s.contains("c", "p2") && !s.contains("c", "p1") && !s.contains("d", "p2"));
        let rows: Vec<Row<'_>> = ps.iter().map(|p| ("c", p)).collect();
        assert!(!s.has_all(&rows));
        s.set_all(&rows, true);
        assert!(s.has_all(&rows));
        assert_eq!(s.words(), "3 payments are selected.");
        s.set_all(&rows[..2], false);
        assert_eq!(s.words(), "1 payment is selected.");
    }

    #[test]
    fn all_matching_stops_at_the_cap_and_says_so() {
        let s = Selection::matching("c", pays(MAX_SELECTED + 5));
        assert_eq!(s.len(), MAX_SELECTED);
        assert!(s.all_matching && s.capped);
        assert_eq!(
            s.words(),
            format!("The first {MAX_SELECTED} matching payments are selected: at most {MAX_SELECTED} at once.")
        );
        let s = Selection::matching("c", pays(12));
        assert_eq!(s.words(), "All 12 matching payments are selected.");
        let mut more = s.clone();
        more.set(("c", &pays(20)[15]), true);
        assert!(
            !more.all_matching,
            "a change by hand is no longer 'all matching'"
        );
    }
}
