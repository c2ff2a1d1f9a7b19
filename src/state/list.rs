//! The list controller: the query (kept in the page's address), the
//! request under way (cancelled when the query changes or the list
//! unmounts), retries, and [`ListState`], the plain state of what the list
//! shows: loading (keeping the rows shown so far), ready, or failed
//! (keeping them too), so a new query never blanks the table and an error
//! never loses what was on screen.
//!
//! A page arrives once and is shared from then on (`Arc`), never copied:
//! [`Shown`] is the page with the positions of the rows to draw, which a
//! [`LocalView`] orders and narrows in the browser for a vendor that
//! sends its whole list at once.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use payments_model::local::{LocalOrder, LocalView};
use payments_model::query::{PageRequest, Pagination};
use payments_model::validate::FieldErrors;
use payments_model::vendors::ListSpec;
use payments_model::Message;
use payments_model::{ApiError, Connection, ErrorKind, ListPage, ListQuery};

use super::Console;
use crate::api;
use crate::language::k;
use crate::routing::{Place, Route, Router};

/// Holds a list's query, its state and the request for it.
#[derive(Clone, Copy)]
pub struct ListController {
    connection: StoredValue<Connection>,
    /// The query the page's address describes.
    pub query: Memo<ListQuery>,
    /// How the browser orders and narrows a list the vendor sends whole
    /// (always plain for paged lists).
    pub local: Memo<LocalView>,
    pub state: RwSignal<ListState>,
    /// The page and the rows of it to draw; changes only when either does.
    pub shown: Memo<Option<Shown>>,
    /// Problems with the filters, by filter name.
    pub filter_errors: RwSignal<FieldErrors>,
    /// What a retry is waiting for, in words.
    pub waiting: RwSignal<Option<Message>>,
    /// The columns the person chose for this connection's list.
    pub columns: super::ColumnsController,
    /// The payments chosen for a bulk action.
    pub selection: super::SelectionController,
    /// Where the log of colleagues' changes stood when the list was
    /// read ([`super::LiveLog::count_since`]).
    pub read_at: RwSignal<i64>,
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
        let unpaged = spec.pagination == Pagination::Unpaged;
        let local = Memo::new(move |_| {
            if unpaged {
                router.place.with(|p| LocalView::from_params(&p.query))
            } else {
                LocalView::default()
            }
        });
        let state = RwSignal::new(ListState::Loading { previous: None });
        let shown = Memo::new(move |_| {
            let page = state.with(ListState::shared)?;
            let rows = local.with(|l| l.rows(&page)).into();
            Some(Shown { page, rows })
        });
        let columns = super::ColumnsController::new(&connection.id, connection.vendor.profile());
        let live = super::Live::here();
        let c = ListController {
            columns,
            read_at: RwSignal::new(0),
            selection: super::SelectionController::new(),
            connection: StoredValue::new(connection),
            query,
            local,
            state,
            shown,
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
                let error = ApiError::new(ErrorKind::Invalid, k::list::INVALID_FILTERS);
                c.state
                    .update(|s| *s = s.take().reloading().settle(Err(error)));
                return;
            }
            c.state.update(|s| *s = s.take().reloading());
            c.read_at.set(live.mark());
            spawn_local_scoped_with_cancellation(async move {
                let conn = c.connection.get_value();
                let progress = move |w: Option<Message>| c.waiting.set(w);
                let result = api::payments::list(&conn, &q, &progress).await;
                if let (Err(e), Some(console)) = (&result, console) {
                    console.report(&conn, e);
                }
                c.state.update(|s| *s = s.take().settle(result));
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

    /// Shows the list for `query`, adding a history entry; the browser's
    /// order and text to find stay as they are.
    pub fn go(&self, query: ListQuery) {
        self.show(query, self.local.get_untracked());
    }

    fn show(&self, query: ListQuery, local: LocalView) {
        let pagination = self.spec().pagination;
        let route = Route::List {
            connection_id: self.connection.with_value(|c| c.id.clone()),
        };
        let mut params = query.to_params(pagination);
        params.extend(local.to_params());
        self.router.go(
            Place {
                route,
                query: params,
            },
            false,
        );
    }

    /// Whether the browser orders and narrows this list (the vendor sends
    /// it whole and has no such parameters).
    pub fn sorts_locally(&self) -> bool {
        self.spec().pagination == Pagination::Unpaged
    }

    /// Orders the rows in the browser, without a new request.
    pub fn set_order(&self, value: &str) {
        let mut local = self.local.get_untracked();
        local.order = LocalOrder::from_value(value);
        self.show(self.query.get_untracked(), local);
    }

    /// Narrows the rows to those holding `text`, without a new request.
    pub fn set_find(&self, text: &str) {
        let mut local = self.local.get_untracked();
        local.find = text.trim().to_string();
        self.show(self.query.get_untracked(), local);
    }

    /// Sets one filter (empty to clear it), back on the first page.
    pub fn set_filter(&self, name: &str, value: &str) {
        self.set_filters(&[(name, value)]);
    }

    /// Sets several filters at once (a date preset's two ends): one
    /// request, one history entry.
    pub fn set_filters(&self, values: &[(&str, &str)]) {
        let mut q = self.query.get_untracked();
        for (name, value) in values {
            q = q.with_filter(name, value);
        }
        self.go(q);
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

/// A page and the positions of its payments to draw, in order. Two are
/// equal when they share the same page and rows, so a list is drawn once
/// per answer, not again when a new request starts.
#[derive(Clone, Debug)]
pub struct Shown {
    pub page: Arc<ListPage>,
    pub rows: Arc<[usize]>,
}

impl PartialEq for Shown {
    fn eq(&self, other: &Shown) -> bool {
        Arc::ptr_eq(&self.page, &other.page) && self.rows == other.rows
    }
}

impl Shown {
    /// The payments to draw, in order.
    pub fn payments(&self) -> impl Iterator<Item = &payments_model::Payment> {
        self.rows.iter().filter_map(|i| self.page.items.get(*i))
    }
}

/// What the list has to show: a plain value, so its transitions are tested
/// without a browser. Pages are shared, never copied.
#[derive(Clone, Debug, PartialEq)]
pub enum ListState {
    /// A request is under way; `previous` stays visible meanwhile.
    Loading {
        previous: Option<Arc<ListPage>>,
    },
    Ready(Arc<ListPage>),
    Failed {
        error: ApiError,
        previous: Option<Arc<ListPage>>,
    },
}

impl ListState {
    /// Takes the state out, leaving an empty loading state behind (for
    /// moving to the next state without copying the page).
    pub fn take(&mut self) -> ListState {
        std::mem::replace(self, ListState::Loading { previous: None })
    }

    /// The page shown, shared.
    pub fn shared(&self) -> Option<Arc<ListPage>> {
        match self {
            ListState::Ready(p) => Some(p.clone()),
            ListState::Loading { previous } | ListState::Failed { previous, .. } => {
                previous.clone()
            }
        }
    }

    /// The state once a new request starts: the rows shown so far stay.
    pub fn reloading(self) -> ListState {
        ListState::Loading {
            previous: self.into_page(),
        }
    }

    /// The state once the answer arrives.
    pub fn settle(self, result: Result<ListPage, ApiError>) -> ListState {
        match result {
            Ok(page) => ListState::Ready(Arc::new(page)),
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
                previous.as_deref()
            }
        }
    }

    fn into_page(self) -> Option<Arc<ListPage>> {
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
        let s = ListState::Ready(Arc::new(page(1))).reloading();
        assert!(s.is_loading());
        assert_eq!(s.page(), Some(&page(1)));
    }

    #[test]
    fn a_failure_keeps_the_previous_rows_and_the_error() {
        let err = ApiError::from_status(500, None);
        let s = ListState::Ready(Arc::new(page(1)))
            .reloading()
            .settle(Err(err.clone()));
        assert_eq!(s.page(), Some(&page(1)));
        assert!(matches!(s, ListState::Failed { ref error, .. } if *error == err));
        let s = s.reloading().settle(Ok(page(2)));
        assert_eq!(s, ListState::Ready(Arc::new(page(2))));
    }

    #[test]
    fn a_new_request_shares_the_page_shown_instead_of_copying_it() {
        let mut s = ListState::Ready(Arc::new(page(1)));
        let before = s.shared().unwrap();
        s = s.take().reloading();
        assert!(Arc::ptr_eq(&before, &s.shared().unwrap()));
        let shown = |s: &ListState| Shown {
            page: s.shared().unwrap(),
            rows: vec![0].into(),
        };
        assert_eq!(
            shown(&s),
            Shown {
                page: before.clone(),
                rows: vec![0].into()
            }
        );
        let other = ListState::Ready(Arc::new(page(1)));
        assert_ne!(shown(&s), shown(&other), "equal content, another answer");
    }
}
