//! The activity controllers: the gateway's record of write attempts on
//! the Activity page, filtered by person, connection, kind of change,
//! payment and days, a page at a time newest first by cursor (all kept in
//! the address), with how many match; or one payment's own history on
//! its page. [`describe`] and [`outcome`] put a row in words.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use payments_model::activity::{ChangeKind, KindFilter, Outcome};
use payments_model::keys::Key;
use payments_model::ApiError;

use crate::api;
pub use crate::api::gateway::{Activity, ActivityFilter, ActivityPage};
use crate::language::{k, say, t, t_count, t_with};
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
        .map(
            |(field, v)| match row.before.iter().find(|(b, _)| b == field) {
                Some((_, old)) if old != v => t_with(
                    k::activity::SENT_CHANGED,
                    &[("field", field), ("old", old), ("new", v)],
                ),
                Some(_) => t_with(k::activity::SENT_SAME, &[("field", field), ("value", v)]),
                None => t_with(k::activity::SENT, &[("field", field), ("value", v)]),
            },
        )
        .collect::<Vec<_>>()
        .join(", ")
}

/// The catalog's words for a filter of kinds.
fn kind_key(kind: &KindFilter) -> Option<Key> {
    Some(match kind {
        KindFilter::Kind(ChangeKind::Create) => k::activity::KIND_CREATE,
        KindFilter::Kind(ChangeKind::Edit) => k::activity::KIND_EDIT,
        KindFilter::Kind(ChangeKind::StatusChange) => k::activity::KIND_STATUS_CHANGE,
        KindFilter::Kind(ChangeKind::Delete) => k::activity::KIND_DELETE,
        KindFilter::Refused => k::activity::KIND_REFUSED,
        KindFilter::Conflict => k::activity::KIND_CONFLICT,
        KindFilter::Kind(ChangeKind::Other(_)) => return None,
    })
}

/// What kind of change a row was, in words (a kind this version does
/// not name as the log holds it).
pub fn kind_words(kind: &ChangeKind) -> String {
    t(match kind {
        ChangeKind::Create => k::activity::ROW_CREATE,
        ChangeKind::Edit => k::activity::ROW_EDIT,
        ChangeKind::StatusChange => k::activity::ROW_STATUS_CHANGE,
        ChangeKind::Delete => k::activity::ROW_DELETE,
        ChangeKind::Other(text) => return text.clone(),
    })
}

/// The kinds a person can filter by, as `(value, words)`, after "any".
pub fn kind_choices() -> Vec<(String, String)> {
    let any = (String::new(), t(k::activity::KIND_ANY));
    let each = KindFilter::all().into_iter().filter_map(|kind| {
        let key = kind_key(&kind)?;
        Some((kind.as_str().to_string(), t(key)))
    });
    std::iter::once(any).chain(each).collect()
}

/// How a row ended, in words.
pub fn outcome(row: &Activity) -> String {
    // The message for a row without a reason, and the one with it.
    let with_reason = |plain: Key, why: Key, args: &[(&str, &str)]| match &row.reason {
        Some(reason) => {
            let reason = say(reason);
            let mut all = args.to_vec();
            all.push(("reason", &reason));
            t_with(why, &all)
        }
        None => t_with(plain, args),
    };
    let made_from = row
        .context
        .as_ref()
        .filter(|c| !c.changed_since_read.is_empty());
    let changes = made_from
        .map(|c| super::versions::changes_named(&c.changed_since_read, &str::to_string))
        .unwrap_or_default();
    let approval = row.context.as_ref().and_then(|c| c.approval.as_ref());
    let request = approval.map(|a| a.request.to_string()).unwrap_or_default();
    let id = ("id", request.as_str());
    let ended = match (&row.outcome, row.status) {
        (Outcome::Requested, _) => {
            let rule = approval.map_or("", |a| a.rule.as_str());
            return t_with(k::activity::REQUESTED, &[("rule", rule), id]);
        }
        (Outcome::Approved, _) => {
            return with_reason(k::activity::APPROVED, k::activity::APPROVED_WHY, &[id]);
        }
        (Outcome::Rejected, _) => {
            return with_reason(k::activity::REJECTED_WHY, k::activity::REJECTED_WHY, &[id]);
        }
        (Outcome::Expired, _) => return t_with(k::activity::EXPIRED, &[id]),
        (Outcome::Conflict, _) => {
            return t_with(k::activity::CONFLICT, &[("changes", &changes)]);
        }
        (Outcome::Refused, _) => with_reason(k::activity::REFUSED, k::activity::REFUSED_WHY, &[]),
        (Outcome::Pending, _) => t(k::activity::PENDING),
        (Outcome::NoAnswer, _) => {
            with_reason(k::activity::NO_ANSWER, k::activity::NO_ANSWER_WHY, &[])
        }
        (_, Some(s)) if (200..300).contains(&s) => {
            t_with(k::activity::DONE, &[("status", &s.to_string())])
        }
        (_, Some(s)) => with_reason(
            k::activity::VENDOR_REFUSED,
            k::activity::VENDOR_REFUSED_WHY,
            &[("status", &s.to_string())],
        ),
        (other, None) => other.as_str().to_string(),
    };
    let ended = match approval.filter(|a| !a.approved_by.is_empty()) {
        Some(a) => {
            let people = a.approved_by.join(", ");
            let note = t_with(k::activity::CARRIED_OUT, &[id, ("people", &people)]);
            format!("{ended} ({note})")
        }
        None => ended,
    };
    match made_from {
        Some(c) if c.overwrote => format!(
            "{ended} {}",
            t_with(k::activity::OVERWROTE, &[("changes", &changes)])
        ),
        _ => ended,
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
        // The newest page grows at the top as writes go through, on any
        // server: read again, quietly, keeping what is shown meanwhile.
        let live = super::Live::here();
        Effect::new(move |seen: Option<i64>| {
            let newest = live.log.with(super::LiveLog::mark);
            let on_top = c
                .filter
                .with_untracked(|f| f.before.is_empty() && f.after.is_empty());
            if seen.is_some_and(|s| newest > s) && on_top {
                let filter = c.filter.get_untracked();
                spawn_local_scoped_with_cancellation(async move {
                    if let Ok(rows) = api::gateway::activity(&filter).await {
                        c.state.set(ActivityState::Ready(rows));
                    }
                });
            }
            newest
        });
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
        (false, rows) if rows == n => t_count(k::activity::COUNT, n, &[]),
        (false, _) => t_count(k::activity::COUNT_NEWEST, n, &args),
        (true, _) => t_count(k::activity::COUNT_OLDER, n, &args),
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
            kind: ChangeKind::parse(kind),
            outcome: Outcome::parse(outcome_word),
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
        refused.reason = Some(
            payments_model::message::GatewayMessage::RoleReadsOnly {
                role: "viewer".into(),
            }
            .into(),
        );
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
