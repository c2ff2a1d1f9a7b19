//! Exporting what a list shows as CSV: every page of it with its current
//! filters (read at the vendor's largest page size, waiting out rate
//! limits), or every connection of All payments; with progress, a way to
//! cancel, and a file name that says what it holds. [`ExportState`] is
//! the plain state; the rows are written by `payments_model::export`.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use payments_model::columns::Column;
use payments_model::export::{file_name, Csv};
use payments_model::local::LocalView;
use payments_model::workspace::{merge, WorkspaceQuery};
use payments_model::Message;
use payments_model::{Connection, ListPage, ListQuery};

use crate::api;
use crate::language::{k, say, t, t_count, t_with};

/// Where an export stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ExportState {
    #[default]
    Idle,
    /// Reading pages: how many are read, of how many (where the vendor
    /// says), and the payments so far.
    Reading {
        pages: u32,
        of: Option<u32>,
        payments: usize,
    },
    Saved {
        payments: usize,
        unreadable: usize,
        file: String,
    },
    Cancelled,
    Failed(Message),
}

impl ExportState {
    /// Whether pages are being read.
    pub fn running(&self) -> bool {
        matches!(self, ExportState::Reading { .. })
    }

    /// The state in words, for the live region beside the button.
    pub fn words(&self) -> String {
        match self {
            ExportState::Idle => String::new(),
            ExportState::Reading {
                pages,
                of,
                payments,
            } => {
                let page = pages.to_string();
                match of {
                    Some(of) => {
                        let of = of.to_string();
                        let args = [("page", page.as_str()), ("pages", of.as_str())];
                        t_count(k::export::READING_OF, *payments, &args)
                    }
                    None => t_count(k::export::READING, *payments, &[("page", &page)]),
                }
            }
            ExportState::Saved {
                payments,
                unreadable,
                file,
            } => {
                let mut words = t_count(k::export::SAVED, *payments, &[("file", file)]);
                if *unreadable > 0 {
                    words.push(' ');
                    words.push_str(&t_count(k::export::LEFT_OUT, *unreadable, &[]));
                }
                words
            }
            ExportState::Cancelled => t(k::export::CANCELLED),
            ExportState::Failed(why) => t_with(k::export::FAILED, &[("reason", &say(why))]),
        }
    }
}

/// Runs exports for one page of the console.
#[derive(Clone, Copy)]
pub struct ExportController {
    pub state: RwSignal<ExportState>,
    /// What a rate-limited read is waiting for, in words.
    pub waiting: RwSignal<Option<Message>>,
    /// Whether a list's file holds the columns shown (or every field).
    pub as_shown: RwSignal<bool>,
    /// Bumped by each start and cancel; a run that sees another number
    /// stops.
    run: RwSignal<u32>,
}

impl Default for ExportController {
    fn default() -> Self {
        Self::new()
    }
}

impl ExportController {
    pub fn new() -> ExportController {
        ExportController {
            state: RwSignal::new(ExportState::Idle),
            waiting: RwSignal::new(None),
            as_shown: RwSignal::new(false),
            run: RwSignal::new(0),
        }
    }

    /// Stops the export under way; nothing is saved.
    pub fn cancel(&self) {
        if self.state.get_untracked().running() {
            self.run.update(|n| *n += 1);
            self.waiting.set(None);
            self.state.set(ExportState::Cancelled);
        }
    }

    /// Exports every page of `conn`'s list for `query`, ordered and
    /// narrowed by `local` as shown; with `columns`, the file holds those
    /// columns (else every field).
    pub fn list(
        &self,
        conn: Connection,
        query: ListQuery,
        local: LocalView,
        columns: Option<Vec<Column>>,
    ) {
        // What the file holds: the filters and sort, not the page shown.
        let mut filters: Vec<(String, String)> = query
            .filters
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .chain(query.sort.iter().map(|s| ("sort".to_string(), s.clone())))
            .collect();
        filters.extend(local.to_params());
        let name = file_name(&conn.name, &filters, &today());
        let c = *self;
        let Some(generation) = c.begin() else { return };
        spawn_local_scoped_with_cancellation(async move {
            let read = c.read(&conn, &query, generation, 0).await;
            let Some(gathered) = c.settle(read, generation) else {
                return;
            };
            let page = ListPage {
                items: gathered.payments,
                ..ListPage::default()
            };
            let zone = crate::zone::current();
            let csv = match columns {
                Some(columns) => {
                    let mut csv = Csv::shown(&columns, conn.vendor.profile());
                    for i in local.rows(&page) {
                        csv.push_shown(&conn, &page.items[i], &columns, &zone);
                    }
                    csv
                }
                None => {
                    let mut csv = Csv::new();
                    for i in local.rows(&page) {
                        csv.push(&conn.name, &page.items[i], &zone);
                    }
                    csv
                }
            };
            c.save(&csv, gathered.unreadable, &name);
        });
    }

    /// Exports every page of every connection `query` includes, newest
    /// first across them.
    pub fn all(&self, conns: Vec<Connection>, query: WorkspaceQuery) {
        let name = file_name("all-payments", &query.to_params(), &today());
        let c = *self;
        let Some(generation) = c.begin() else { return };
        spawn_local_scoped_with_cancellation(async move {
            let mut pages = Vec::new();
            let (mut unreadable, mut read_before) = (0, 0);
            for conn in conns
                .iter()
                .filter(|c| query.includes(&c.id, c.vendor.slug()))
            {
                // Narrowed at the vendor where it can; every filter is
                // applied to what is read anyway.
                let (start, _) = super::workspace::first_page(conn, &query);
                let read = c.read(conn, &start, generation, read_before).await;
                let Some(gathered) = c.settle(read, generation) else {
                    return;
                };
                read_before += gathered.payments.len();
                unreadable += gathered.unreadable;
                let page = ListPage {
                    items: gathered.payments,
                    ..ListPage::default()
                };
                pages.push((conn.name.clone(), page));
            }
            let lists: Vec<&ListPage> = pages.iter().map(|(_, p)| p).collect();
            let mut csv = Csv::new();
            let zone = crate::zone::current();
            for (l, i) in merge(&lists, &query, &zone) {
                csv.push(&pages[l].0, &lists[l].items[i], &zone);
            }
            c.save(&csv, unreadable, &name);
        });
    }

    /// The export's code did not arrive (a split-off module's download
    /// failed): nothing was read or saved.
    pub fn unavailable(&self) {
        self.state
            .set(ExportState::Failed(k::export::UNAVAILABLE.into()));
    }

    fn begin(&self) -> Option<u32> {
        if self.state.get_untracked().running() {
            return None;
        }
        self.run.update(|n| *n += 1);
        self.state.set(ExportState::Reading {
            pages: 0,
            of: None,
            payments: 0,
        });
        Some(self.run.get_untracked())
    }

    /// Reads one connection's pages, counting payments on from `before`.
    async fn read(
        &self,
        conn: &Connection,
        query: &ListQuery,
        generation: u32,
        before: usize,
    ) -> Result<Option<api::payments::Gathered>, payments_model::ApiError> {
        let c = *self;
        let on_page = move |pages: u32, of: Option<u32>, payments: usize| {
            if c.run.get_untracked() == generation {
                c.state.set(ExportState::Reading {
                    pages,
                    of,
                    payments: before + payments,
                });
            }
        };
        let stopped = move || c.run.get_untracked() != generation;
        let progress = move |w: Option<Message>| c.waiting.set(w);
        api::payments::all_pages(conn, query, &on_page, &stopped, &progress).await
    }

    /// The outcome of a read: what was gathered, or `None` once the export
    /// failed or was cancelled (the state says which).
    fn settle<T>(
        &self,
        read: Result<Option<T>, payments_model::ApiError>,
        generation: u32,
    ) -> Option<T> {
        if self.run.get_untracked() != generation {
            return None;
        }
        match read {
            Ok(Some(v)) => Some(v),
            Ok(None) => None,
            Err(e) => {
                self.waiting.set(None);
                self.state.set(ExportState::Failed(e.message));
                None
            }
        }
    }

    fn save(&self, csv: &Csv, unreadable: usize, name: &str) {
        self.waiting.set(None);
        // A byte-order mark, so spreadsheet programs read the file as UTF-8.
        let text = format!("\u{feff}{}", csv.text());
        self.state.set(
            match api::download::save(name, "text/csv;charset=utf-8", &text) {
                Ok(()) => ExportState::Saved {
                    payments: csv.rows(),
                    unreadable,
                    file: name.to_string(),
                },
                Err(why) => ExportState::Failed(why),
            },
        );
    }
}

/// Today in the console's time zone, for the file's name.
fn today() -> String {
    payments_model::time::Moment::Day(crate::zone::today()).exact()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_whose_code_did_not_arrive_says_so_and_saved_nothing() {
        let export = ExportController::new();
        export.unavailable();
        let state = export.state.get_untracked();
        assert!(!state.running());
        assert_eq!(
            state.words(),
            "Export failed: its code could not be downloaded; check the network, \
             then try again. No file was saved."
        );
    }

    #[test]
    fn each_state_says_where_the_export_stands() {
        let reading = ExportState::Reading {
            pages: 3,
            of: Some(12),
            payments: 300,
        };
        assert!(reading.running());
        assert_eq!(
            reading.words(),
            "Exporting: page 3 of 12 read, 300 payments so far."
        );
        let saved = ExportState::Saved {
            payments: 1,
            unreadable: 2,
            file: "rr-2026-11-29.csv".into(),
        };
        assert!(!saved.running());
        assert_eq!(
            saved.words(),
            "Exported 1 payment to rr-2026-11-29.csv. 2 items that could not be read as a payment were left out."
        );
        assert_eq!(
            ExportState::Cancelled.words(),
            "Export cancelled: no file was saved."
        );
        assert!(
            ExportState::Failed(Message::said("The vendor did not answer."))
                .words()
                .ends_with("No file was saved.")
        );
    }
}
