//! The activity controllers: the gateway's record of write attempts on
//! the Activity page, filtered by person, connection, kind of change,
//! payment and days, a page at a time newest first by cursor (all kept in
//! the address), with how many match; or one payment's own history on
//! its page. [`describe`] and [`outcome`] put a row in words.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use payments_model::ApiError;

use crate::api;
pub use crate::api::gateway::{Activity, ActivityFilter, ActivityPage};
use crate::language::{t, t_count, t_with};
use crate::routing::{Place, Route, Router};

/// What an activity list shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActivityState {
    Loading,
    Ready(ActivityPage),
    Failed(ApiError),
}

/// What a row sent, in words: `amount 98.76, status pending`; for the
/// fields whose earlier value is known, `amount 98.76 → 5.00`.
pub fn describe(row: &Activity) -> String {
    row.sent
        .iter()
        .map(|(k, v)| match row.before.iter().find(|(b, _)| b == k) {
            Some((_, old)) if old != v => t_with(
                "activity.sent_changed",
                &[("field", k), ("old", old), ("new", v)],
            ),
            Some(_) => t_with("activity.sent_same", &[("field", k), ("value", v)]),
            None => t_with("activity.sent", &[("field", k), ("value", v)]),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// How a row ended, in words.
pub fn outcome(row: &Activity) -> String {
    // The key for a row without a reason, and with one.
    let with_reason = |key: &str, args: &[(&str, &str)]| match row.reason.as_deref() {
        Some(reason) => {
            let mut all = args.to_vec();
            all.push(("reason", reason));
            t_with(&format!("{key}_why"), &all)
        }
        None => t_with(key, args),
    };
    match (row.outcome.as_str(), row.status) {
        ("refused", _) => with_reason("activity.refused", &[]),
        ("pending", _) => t("activity.pending"),
        ("no answer", _) => with_reason("activity.no_answer", &[]), // the log's value, not words
        (_, Some(s)) if (200..300).contains(&s) => {
            t_with("activity.done", &[("status", &s.to_string())])
        }
        (_, Some(s)) => with_reason("activity.vendor_refused", &[("status", &s.to_string())]),
        (other, None) => other.to_string(),
    }
}

/// Loads `filter`'s rows into `state`.
fn load(state: RwSignal<ActivityState>, filter: ActivityFilter) {
    state.set(ActivityState::Loading);
    spawn_local_scoped_with_cancellation(async move {
        state.set(match api::gateway::activity(&filter).await {
            Ok(rows) => ActivityState::Ready(rows),
            Err(e) => ActivityState::Failed(e),
        });
    });
}

/// The activity page's state.
#[derive(Clone, Copy)]
pub struct ActivityController {
    pub state: RwSignal<ActivityState>,
    /// The filters and the page, as the address holds them.
    pub filter: Memo<ActivityFilter>,
    router: Router,
}

impl ActivityController {
    /// Loads the page the address names, again whenever it changes.
    pub fn new() -> ActivityController {
        let router = Router::get();
        let c = ActivityController {
            state: RwSignal::new(ActivityState::Loading),
            filter: Memo::new(move |_| router.place.with(|p| ActivityFilter::from_query(&p.query))),
            router,
        };
        Effect::new(move |_| load(c.state, c.filter.get()));
        c
    }

    /// One filter's value, as the address holds it.
    pub fn value(&self, name: &'static str) -> Signal<String> {
        let filter = self.filter;
        Signal::derive(move || {
            filter.with(|f| {
                f.pairs()
                    .into_iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
                    .unwrap_or_default()
            })
        })
    }

    fn go(&self, change: impl FnOnce(&mut Vec<(String, String)>)) {
        let mut query = self.router.place.get_untracked().query;
        change(&mut query);
        self.router.go(
            Place {
                route: Route::Activity,
                query,
            },
            false,
        );
    }

    /// Sets one filter (empty for any), back on the newest page.
    pub fn set_filter(&self, name: &'static str, value: String) {
        self.set_filters(&[(name, value)]);
    }

    /// Sets several filters at once (a date preset's two ends).
    pub fn set_filters(&self, values: &[(&'static str, String)]) {
        self.go(|query| {
            for (name, value) in values {
                query.retain(|(n, _)| n != name && n != "before" && n != "after");
                if !value.trim().is_empty() {
                    query.push((name.to_string(), value.trim().to_string()));
                }
            }
        });
    }

    /// The page older (`true`) or newer than the one shown.
    pub fn turn(&self, older: bool) {
        let cursor = self.state.with_untracked(|s| match s {
            ActivityState::Ready(p) if older => p.older,
            ActivityState::Ready(p) => p.newer,
            _ => None,
        });
        let Some(cursor) = cursor else { return };
        self.go(|query| {
            query.retain(|(n, _)| n != "before" && n != "after");
            query.push((
                if older { "before" } else { "after" }.to_string(),
                cursor.to_string(),
            ));
        });
    }

    /// The CSV of every row the filters match.
    pub fn csv_href(&self) -> String {
        api::gateway::activity_path(true, &self.filter.get())
    }
}

/// How many rows match, and where the page sits, in words.
pub fn count_words(page: &ActivityPage) -> String {
    let n = usize::try_from(page.total).unwrap_or(usize::MAX);
    let shown = page.rows.len().to_string();
    let args = [("shown", shown.as_str())];
    match (page.newer.is_some(), page.rows.len()) {
        (false, rows) if rows == n => t_count("activity.count", n, &[]),
        (false, _) => t_count("activity.count_newest", n, &args),
        (true, _) => t_count("activity.count_older", n, &args),
    }
}

impl Default for ActivityController {
    fn default() -> Self {
        ActivityController::new()
    }
}

/// One payment's history: every attempt through the gateway that named
/// it, newest first.
#[derive(Clone, Copy)]
pub struct HistoryController {
    pub state: RwSignal<ActivityState>,
    filter: StoredValue<ActivityFilter>,
}

impl HistoryController {
    /// Loads the history of payment `id` of connection `connection_id`.
    pub fn new(connection_id: &str, id: &str) -> HistoryController {
        let c = HistoryController {
            state: RwSignal::new(ActivityState::Loading),
            filter: StoredValue::new(ActivityFilter {
                connection: connection_id.to_string(),
                payment: id.to_string(),
                ..ActivityFilter::default()
            }),
        };
        c.reload();
        c
    }

    /// Loads it again (after a change on the page).
    pub fn reload(&self) {
        load(self.state, self.filter.get_value());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: &str, outcome_word: &str, status: Option<u16>) -> Activity {
        Activity {
            kind: kind.into(),
            outcome: outcome_word.into(),
            status,
            ..Activity::default()
        }
    }

    #[test]
    fn a_row_says_what_it_sent_and_what_changed() {
        let mut r = row("create", "answered", Some(201));
        r.sent = vec![
            ("amount".into(), "98.76".into()),
            ("status".into(), "pending".into()),
        ];
        assert_eq!(describe(&r), "amount 98.76, status pending");
        r.before = vec![
            ("amount".into(), "10.00".into()),
            ("status".into(), "pending".into()),
        ];
        assert_eq!(
            describe(&r),
            "amount 10.00 → 98.76, status pending (unchanged)"
        );
    }

    #[test]
    fn the_count_says_where_the_page_sits() {
        let page = |total, shown, newer: bool| ActivityPage {
            rows: vec![Activity::default(); shown],
            total,
            older: None,
            newer: newer.then_some(9),
        };
        assert_eq!(count_words(&page(1, 1, false)), "1 change matches.");
        assert_eq!(
            count_words(&page(1042, 100, false)),
            "1042 changes match: the newest 100 shown."
        );
        assert_eq!(
            count_words(&page(1042, 100, true)),
            "1042 changes match: 100 older ones shown."
        );
    }

    #[test]
    fn a_row_says_how_it_ended() {
        assert_eq!(
            outcome(&row("create", "answered", Some(201))),
            "Done (HTTP 201)"
        );
        let mut refused = row("delete", "refused", None);
        refused.reason = Some("Your role (viewer) may read payments, not change them.".into());
        assert_eq!(
            outcome(&refused),
            "Refused by the gateway: Your role (viewer) may read payments, not change them."
        );
        assert_eq!(
            outcome(&row("edit", "answered", Some(422))),
            "The vendor refused it (HTTP 422)"
        );
        assert_eq!(
            outcome(&row("edit", "no answer", Some(502))),
            "No answer from the vendor"
        );
        assert_eq!(
            outcome(&row("edit", "pending", None)),
            "Sent; the vendor has not answered yet"
        );
    }
}
