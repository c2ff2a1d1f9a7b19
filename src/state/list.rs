//! The list controller: the query (kept in the page's address), the
//! request under way (cancelled when the query changes or the list
//! unmounts), retries, and [`ListState`], the plain state of what the list
//! shows: loading (keeping the rows shown so far), ready, or failed
//! (keeping them too), so a new query never blanks the table and an error
//! never loses what was on screen.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use payments_model::query::PageRequest;
use payments_model::validate::FieldErrors;
use payments_model::vendors::ListSpec;
use payments_model::{ApiError, Connection, ErrorKind, ListPage, ListQuery};

use super::Console;
use crate::api;
use crate::routing::{Place, Route, Router};

/// Holds a list's query, its state and the request for it.
#[derive(Clone, Copy)]
pub struct ListController {
    connection: StoredValue<Connection>,
    /// The query the page's address describes.
    pub query: Memo<ListQuery>,
    pub state: RwSignal<ListState>,
    /// Problems with the filters, by filter name.
    pub filter_errors: RwSignal<FieldErrors>,
    /// What a retry is waiting for, in words.
    pub waiting: RwSignal<Option<String>>,
    reload: RwSignal<u32>,
    router: Router,
}

impl ListController {
    /// The controller of `connection`'s list, loading whenever the query
    /// in the address changes.
    pub fn new(connection: Connection) -> ListController {
        let spec = connection.vendor.list_spec();
        let router = Router::get();
        let query = Memo::new(move |_| {
            router
                .place
                .with(|p| ListQuery::from_params(&p.query, spec.pagination, &spec.filter_names()))
        });
        let c = ListController {
            connection: StoredValue::new(connection),
            query,
            state: RwSignal::new(ListState::Loading { previous: None }),
            filter_errors: RwSignal::new(FieldErrors::default()),
            waiting: RwSignal::new(None),
            reload: RwSignal::new(0),
            router,
        };
        // Reports failures to an embedding host, when inside a console.
        let console = use_context::<Console>();
        Effect::new(move |_| {
            let q = query.get();
            c.reload.track();
            if let Some(console) = console {
                console.refreshed.track();
            }
            let problems = spec.validate(&q);
            c.filter_errors.set(problems.clone());
            if !problems.is_empty() {
                let error = ApiError::new(
                    ErrorKind::Invalid,
                    "Some filters are not valid: correct them to see payments.",
                );
                c.state
                    .update(|s| *s = s.clone().reloading().settle(Err(error)));
                return;
            }
            c.state.update(|s| *s = s.clone().reloading());
            spawn_local_scoped_with_cancellation(async move {
                let conn = c.connection.get_value();
                let progress = move |w: Option<String>| c.waiting.set(w);
                let result = api::payments::list(&conn, &q, &progress).await;
                if let (Err(e), Some(console)) = (&result, console) {
                    console.report(&conn, e);
                }
                c.state.update(|s| *s = s.clone().settle(result));
            });
        });
        c
    }

    /// What the vendor's list endpoint offers.
    pub fn spec(&self) -> ListSpec {
        self.connection.with_value(|c| c.vendor.list_spec())
    }

    /// The connection listed.
    pub fn connection(&self) -> Connection {
        self.connection.get_value()
    }

    /// Shows the list for `query`, adding a history entry.
    pub fn go(&self, query: ListQuery) {
        let pagination = self.spec().pagination;
        let route = Route::List {
            connection_id: self.connection.with_value(|c| c.id.clone()),
        };
        self.router.go(
            Place {
                route,
                query: query.to_params(pagination),
            },
            false,
        );
    }

    /// Sets one filter (empty to clear it), back on the first page.
    pub fn set_filter(&self, name: &str, value: &str) {
        self.go(self.query.get_untracked().with_filter(name, value));
    }

    /// Sets the sort (empty for the vendor's default), back on page one.
    pub fn set_sort(&self, sort: String) {
        let mut q = self.query.get_untracked().with_page(1);
        q.sort = (!sort.is_empty()).then_some(sort);
        self.go(q);
    }

    /// Sets the page size.
    pub fn set_size(&self, size: u32) {
        self.go(self.query.get_untracked().with_size(size));
    }

    /// Goes to page `n`.
    pub fn to_page(&self, n: u32) {
        self.go(self.query.get_untracked().with_page(n));
    }

    /// Follows the cursor of the page shown: to older payments or newer.
    pub fn follow_cursor(&self, older: bool) {
        let info = self
            .state
            .with_untracked(|s| s.page().map(|p| p.info.clone()));
        let Some(info) = info else { return };
        let mut q = self.query.get_untracked();
        if let PageRequest::Cursor { after, before, .. } = &mut q.page {
            if older {
                *after = None;
                *before = info.next_cursor;
            } else {
                *before = None;
                *after = info.prev_cursor;
            }
        }
        self.go(q);
    }

    /// Loads the same query again.
    pub fn reload(&self) {
        self.reload.update(|n| *n += 1);
    }

    /// Whether a request is under way.
    pub fn busy(&self) -> bool {
        self.state.with(ListState::is_loading)
    }

    /// Where "New payment" goes.
    pub fn new_payment(&self) -> Place {
        Route::New {
            connection_id: self.connection.with_value(|c| c.id.clone()),
        }
        .into()
    }

    /// Where a payment of this list opens.
    pub fn payment(&self, id: &str) -> Place {
        Route::Detail {
            connection_id: self.connection.with_value(|c| c.id.clone()),
            pid: id.to_string(),
        }
        .into()
    }
}

/// What the list has to show: a plain value, so its transitions are tested
/// without a browser.
#[derive(Clone, Debug, PartialEq)]
pub enum ListState {
    /// A request is under way; `previous` stays visible meanwhile.
    Loading {
        previous: Option<ListPage>,
    },
    Ready(ListPage),
    Failed {
        error: ApiError,
        previous: Option<ListPage>,
    },
}

impl ListState {
    /// The state once a new request starts: the rows shown so far stay.
    pub fn reloading(self) -> ListState {
        ListState::Loading {
            previous: self.into_page(),
        }
    }

    /// The state once the answer arrives.
    pub fn settle(self, result: Result<ListPage, ApiError>) -> ListState {
        match result {
            Ok(page) => ListState::Ready(page),
            Err(error) => ListState::Failed {
                error,
                previous: self.into_page(),
            },
        }
    }

    /// The rows to show, if any.
    pub fn page(&self) -> Option<&ListPage> {
        match self {
            ListState::Ready(p) => Some(p),
            ListState::Loading { previous } | ListState::Failed { previous, .. } => {
                previous.as_ref()
            }
        }
    }

    fn into_page(self) -> Option<ListPage> {
        match self {
            ListState::Ready(p) => Some(p),
            ListState::Loading { previous } | ListState::Failed { previous, .. } => previous,
        }
    }

    /// Whether a request is under way.
    pub fn is_loading(&self) -> bool {
        matches!(self, ListState::Loading { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use payments_model::PageInfo;

    fn page(n: usize) -> ListPage {
        ListPage {
            info: PageInfo {
                page: Some(n as u32),
                ..PageInfo::default()
            },
            ..ListPage::default()
        }
    }

    #[test]
    fn reloading_keeps_the_rows_on_screen() {
        let s = ListState::Ready(page(1)).reloading();
        assert!(s.is_loading());
        assert_eq!(s.page(), Some(&page(1)));
    }

    #[test]
    fn a_failure_keeps_the_previous_rows_and_the_error() {
        let err = ApiError::from_status(500, None);
        let s = ListState::Ready(page(1))
            .reloading()
            .settle(Err(err.clone()));
        assert_eq!(s.page(), Some(&page(1)));
        assert!(matches!(s, ListState::Failed { ref error, .. } if *error == err));
        let s = s.reloading().settle(Ok(page(2)));
        assert_eq!(s, ListState::Ready(page(2)));
    }
}
