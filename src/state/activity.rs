//! The activity controller: the gateway's record of writes, filtered by
//! person and connection (kept in the address), loaded newest first, with
//! the address of the same rows as CSV.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use payments_model::ApiError;

use crate::api;
use crate::api::gateway::Activity;
use crate::routing::{Place, Route, Router};

/// What the activity page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActivityState {
    Loading,
    Ready(Vec<Activity>),
    Failed(ApiError),
}

/// The activity page's state.
#[derive(Clone, Copy)]
pub struct ActivityController {
    pub state: RwSignal<ActivityState>,
    /// The filters, as the address holds them.
    pub person: Memo<String>,
    pub connection: Memo<String>,
    router: Router,
}

impl ActivityController {
    /// Loads the rows for the filters in the address, again whenever
    /// they change.
    pub fn new() -> ActivityController {
        let router = Router::get();
        let filter = move |k: &'static str| {
            Memo::new(move |_| {
                router.place.with(|p| {
                    p.query
                        .iter()
                        .find(|(n, _)| n == k)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
            })
        };
        let c = ActivityController {
            state: RwSignal::new(ActivityState::Loading),
            person: filter("person"),
            connection: filter("connection"),
            router,
        };
        Effect::new(move |_| {
            let (person, connection) = (c.person.get(), c.connection.get());
            c.state.set(ActivityState::Loading);
            spawn_local_scoped_with_cancellation(async move {
                c.state
                    .set(match api::gateway::activity(&person, &connection).await {
                        Ok(rows) => ActivityState::Ready(rows),
                        Err(e) => ActivityState::Failed(e),
                    });
            });
        });
        c
    }

    /// Sets one filter (empty for all), in the address.
    pub fn set_filter(&self, name: &'static str, value: String) {
        let mut query = self.router.place.get_untracked().query;
        query.retain(|(n, _)| n != name);
        if !value.is_empty() {
            query.push((name.to_string(), value));
        }
        self.router.go(
            Place {
                route: Route::Activity,
                query,
            },
            false,
        );
    }

    /// The CSV of the rows shown.
    pub fn csv_href(&self) -> String {
        api::gateway::activity_path(true, &self.person.get(), &self.connection.get())
    }
}

impl Default for ActivityController {
    fn default() -> Self {
        ActivityController::new()
    }
}
