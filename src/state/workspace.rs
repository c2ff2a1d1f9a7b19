//! The All payments controller: each connection the query includes is
//! loaded in parallel (its newest page at the vendor's largest size, with
//! the filters the vendor can apply itself), each with its own progress,
//! failure and retry, so one slow or failing vendor never holds up the
//! others; "Load more" reads a connection's next page. The rows shown are
//! [`Merged`]: the loaded payments that match the query, newest first
//! across connections (`payments_model::workspace::merge`).

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use payments_model::validate::FieldErrors;
use payments_model::workspace::{merge, WorkspaceQuery};
use payments_model::Message;
use payments_model::{ApiError, Connection, ListPage, ListQuery, Payment};

use super::Console;
use crate::api;
use crate::language::{k, number, t_with, typed_amount};
use crate::routing::{Place, Route, Router};

/// Where one connection's loading stands.
#[derive(Clone, Debug, PartialEq)]
pub enum SourceState {
    Loading,
    Ready,
    Failed(ApiError),
}

/// One connection of All payments and what is loaded of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub connection: Connection,
    /// Every payment loaded so far, page after page.
    pub page: Arc<ListPage>,
    pub state: SourceState,
    /// The next page's query, where there is more.
    pub next: Option<ListQuery>,
    /// What a rate-limited read waits for, in words.
    pub waiting: Option<Message>,
    /// The query filters the vendor applied itself (the others are
    /// applied here, to what is loaded).
    pub at_vendor: Vec<&'static str>,
}

impl Source {
    /// How much is loaded, in words: "240 of 240 loaded".
    pub fn loaded_words(&self) -> String {
        let n = number(self.page.items.len());
        let n = ("n", n.as_str());
        match self.page.info.total_items {
            Some(total) => {
                let total = number(usize::try_from(total).unwrap_or(usize::MAX));
                t_with(k::all::LOADED_OF, &[n, ("total", &total)])
            }
            None if self.next.is_some() => t_with(k::all::LOADED_MORE, &[n]),
            None => t_with(k::all::LOADED_ALL, &[n]),
        }
    }
}

/// The rows of All payments: the sources' pages and the (source,
/// position) of each payment shown, in order. Equal when they share the
/// same pages and rows, so the table is drawn once per change.
#[derive(Clone, Debug, Default)]
pub struct Merged {
    pub pages: Vec<Arc<ListPage>>,
    pub names: Vec<String>,
    pub ids: Vec<String>,
    pub rows: Arc<[(usize, usize)]>,
}

impl PartialEq for Merged {
    fn eq(&self, other: &Merged) -> bool {
        self.pages.len() == other.pages.len()
            && self
                .pages
                .iter()
                .zip(&other.pages)
                .all(|(a, b)| Arc::ptr_eq(a, b))
            && self.rows == other.rows
    }
}

impl Merged {
    /// The `n`-th row: the connection's name and id, and the payment.
    pub fn row(&self, n: usize) -> Option<(&str, &str, &Payment)> {
        let (s, i) = *self.rows.get(n)?;
        Some((&self.names[s], &self.ids[s], self.pages[s].items.get(i)?))
    }

    /// The payments shown, in order.
    pub fn payments(&self) -> impl Iterator<Item = &Payment> {
        self.rows
            .iter()
            .filter_map(|(s, i)| self.pages.get(*s)?.items.get(*i))
    }
}

/// Holds All payments' query, sources and rows.
#[derive(Clone, Copy)]
pub struct WorkspaceController {
    pub query: Memo<WorkspaceQuery>,
    /// Filter values that could not be read, by parameter.
    pub errors: Memo<FieldErrors>,
    pub sources: RwSignal<Vec<Source>>,
    pub merged: Memo<Merged>,
    /// Bumped by each new load; answers to an older one are dropped.
    generation: RwSignal<u32>,
    /// Bumped by Refresh.
    reload: RwSignal<u32>,
    /// Where the log of colleagues' changes stood when the lists were
    /// read ([`super::LiveLog::count_since`]).
    pub read_at: RwSignal<i64>,
    router: Router,
    console: Console,
}

impl WorkspaceController {
    /// The controller, loading whenever the connections or the query
    /// change.
    pub fn new() -> WorkspaceController {
        let router = Router::get();
        let console = Console::get();
        let read = Memo::new(move |_| router.place.with(|p| WorkspaceQuery::from_params(&p.query)));
        let query = Memo::new(move |_| read.with(|(q, _)| q.clone()));
        let errors = Memo::new(move |_| read.with(|(_, e)| e.clone()));
        let sources = RwSignal::new(Vec::<Source>::new());
        let merged = Memo::new(move |_| {
            sources.with(|all| {
                let lists: Vec<&ListPage> = all.iter().map(|s| s.page.as_ref()).collect();
                crate::zone::track();
                let zone = crate::zone::current();
                let rows = query.with(|q| merge(&lists, q, &zone));
                Merged {
                    pages: all.iter().map(|s| s.page.clone()).collect(),
                    names: all.iter().map(|s| s.connection.name.clone()).collect(),
                    ids: all.iter().map(|s| s.connection.id.clone()).collect(),
                    rows: rows.into(),
                }
            })
        });
        let c = WorkspaceController {
            query,
            errors,
            sources,
            merged,
            generation: RwSignal::new(0),
            reload: RwSignal::new(0),
            read_at: RwSignal::new(0),
            router,
            console,
        };
        Effect::new(move |_| {
            let q = query.get();
            let conns = console.connections.get();
            console.refreshed.track();
            c.reload.track();
            c.generation.update(|g| *g += 1);
            let included: Vec<Source> = conns
                .into_iter()
                .filter(|conn| q.includes(&conn.id, conn.vendor.slug()))
                .map(|connection| {
                    let (first, at_vendor) = first_page(&connection, &q);
                    Source {
                        connection,
                        page: Arc::new(ListPage::default()),
                        state: SourceState::Loading,
                        next: Some(first),
                        waiting: None,
                        at_vendor,
                    }
                })
                .collect();
            let n = included.len();
            sources.set(included);
            c.read_at.set(super::Live::here().mark());
            for i in 0..n {
                c.load(i);
            }
        });
        c
    }

    /// Loads source `i`'s next page (its first, or after a failure the one
    /// that failed).
    pub fn load(&self, i: usize) {
        let c = *self;
        let generation = c.generation.get_untracked();
        let Some((conn, q)) = c.sources.with_untracked(|s| {
            s.get(i)
                .and_then(|s| Some((s.connection.clone(), s.next.clone()?)))
        }) else {
            return;
        };
        c.update(i, generation, |s| {
            s.state = SourceState::Loading;
        });
        spawn_local_scoped_with_cancellation(async move {
            let progress = move |w: Option<Message>| c.update(i, generation, |s| s.waiting = w);
            let result = api::payments::list(&conn, &q, &progress).await;
            if let Err(e) = &result {
                c.console.report(&conn, e);
            }
            c.update(i, generation, |s| match result {
                Ok(page) => {
                    s.next = q.next(&page.info);
                    // Copied only while the rows shown still hold it.
                    let all = Arc::make_mut(&mut s.page);
                    all.info = page.info;
                    all.items.extend(page.items);
                    all.unreadable.extend(page.unreadable);
                    s.state = SourceState::Ready;
                    s.waiting = None;
                }
                Err(e) => {
                    s.state = SourceState::Failed(e);
                    s.waiting = None;
                }
            });
        });
    }

    /// Loads every connection again, from its newest page.
    pub fn refresh(&self) {
        self.reload.update(|n| *n += 1);
    }

    /// Whether any connection is still loading.
    pub fn busy(&self) -> bool {
        self.sources
            .with(|s| s.iter().any(|s| s.state == SourceState::Loading))
    }

    /// Sets one filter (empty clears it).
    pub fn set(&self, name: &str, value: &str) {
        self.set_many(&[(name, value)]);
    }

    /// Sets several filters at once (a date preset's two ends).
    pub fn set_many(&self, values: &[(&str, &str)]) {
        let mut params = self.router.place.with_untracked(|p| p.query.clone());
        for (name, value) in values {
            params.retain(|(k, _)| k != name);
            // Amounts typed the language's way go into the address as the
            // model reads them, so a link means the same in any language.
            let value = match *name {
                "min" | "max" => typed_amount(value),
                _ => value.trim().to_string(),
            };
            if !value.is_empty() {
                params.push((name.to_string(), value));
            }
        }
        self.router.go(
            Place {
                route: Route::All,
                query: params,
            },
            false,
        );
    }

    /// The raw value of one filter as the address holds it.
    pub fn value(&self, name: &str) -> String {
        self.router.place.with(|p| {
            p.query
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        })
    }

    /// The connections shown, for export and search.
    pub fn connections(&self) -> Vec<Connection> {
        self.sources
            .with_untracked(|s| s.iter().map(|s| s.connection.clone()).collect())
    }

    fn update(&self, i: usize, generation: u32, f: impl FnOnce(&mut Source)) {
        if self.generation.get_untracked() != generation {
            return;
        }
        self.sources.update(|s| {
            if let Some(s) = s.get_mut(i) {
                f(s);
            }
        });
    }
}

impl Default for WorkspaceController {
    fn default() -> Self {
        Self::new()
    }
}

/// A connection's first page for All payments: its newest payments at
/// the vendor's largest page size, with the filters the vendor can apply
/// itself (named in the second value).
pub(crate) fn first_page(conn: &Connection, q: &WorkspaceQuery) -> (ListQuery, Vec<&'static str>) {
    let pagination = conn.vendor.list_spec().pagination;
    let mut lq = ListQuery::first_page(pagination);
    if let Some(max) = pagination.max_size() {
        lq = lq.with_size(max);
    }
    let applied = conn.vendor.operations().workspace_filters(q, &mut lq);
    (lq, applied)
}
