//! The Sessions page: where the person is signed in (this browser first),
//! each session's browser, address, way of signing in, start and last
//! use, with "End" on every other one and "End all other sessions".
//! What came of an action is said in a live region.

use leptos::prelude::*;
use payments_model::session::SessionRow;
use payments_model::time::Moment;

use super::{ErrorNotice, MomentText};
use crate::language::{k, t, t_with};
use crate::state::{browser_words, method_words, SessionsController};

/// A Unix time as a moment to show.
fn moment(secs: i64) -> Option<Moment> {
    chrono::DateTime::from_timestamp(secs, 0).map(Moment::At)
}

/// One session's row.
fn session_row(c: SessionsController, s: SessionRow) -> impl IntoView {
    let browser = browser_words(&s);
    let action = if s.current {
        view! { <strong>{t(k::sessions::THIS_BROWSER)}</strong> }.into_any()
    } else {
        let label = t_with(
            k::sessions::END_LABEL,
            &[("browser", &browser), ("address", &s.address)],
        );
        let id = s.id.clone();
        view! {
            <button type="button" class="pc-button pc-danger" aria-label=label
                aria-disabled=move || c.busy.get().to_string()
                on:click=move |_| c.end(id.clone())>
                {t(k::sessions::END)}
            </button>
        }
        .into_any()
    };
    view! {
        <tr class=if s.current { "pc-row pc-sessions__current" } else { "pc-row" }>
            <th scope="row">{browser}</th>
            <td>{s.address.clone()}</td>
            <td>{method_words(s.method)}</td>
            <td><MomentText moment=moment(s.started) /></td>
            <td><MomentText moment=moment(s.last_seen) /></td>
            <td>{action}</td>
        </tr>
    }
}

/// The table of sessions.
fn sessions_table(c: SessionsController, rows: Vec<SessionRow>) -> impl IntoView {
    view! {
        <table class="pc-table pc-sessions__table">
            <caption class="pc-visually-hidden">{t(k::sessions::TITLE)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t(k::sessions::COL_BROWSER)}</th>
                    <th scope="col">{t(k::sessions::COL_ADDRESS)}</th>
                    <th scope="col">{t(k::sessions::COL_METHOD)}</th>
                    <th scope="col">{t(k::sessions::COL_STARTED)}</th>
                    <th scope="col">{t(k::sessions::COL_LAST_SEEN)}</th>
                    <th scope="col"><span class="pc-visually-hidden">{t(k::sessions::COL_ACTIONS)}</span></th>
                </tr>
            </thead>
            <tbody>{rows.into_iter().map(|s| session_row(c, s)).collect_view()}</tbody>
        </table>
    }
}

/// The page.
#[component]
pub fn SessionsPage() -> impl IntoView {
    let c = SessionsController::new();
    let listed = move || match c.rows.get() {
        None => view! { <p class="pc-notice">{t(k::sessions::LOADING)}</p> }.into_any(),
        Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
        Some(Ok(rows)) => sessions_table(c, rows).into_any(),
    };
    let others = move || {
        if c.has_others() {
            view! {
                <button type="button" class="pc-button" aria-disabled=move || c.busy.get().to_string()
                    on:click=move |_| c.end_others()>
                    {t(k::sessions::END_OTHERS)}
                </button>
            }
            .into_any()
        } else if matches!(c.rows.get(), Some(Ok(_))) {
            view! { <p>{t(k::sessions::ONLY_THIS)}</p> }.into_any()
        } else {
            ().into_any()
        }
    };
    view! {
        <section class="pc-sessions" aria-labelledby="pc-sessions-title">
            <h2 id="pc-sessions-title">{t(k::sessions::TITLE)}</h2>
            <p>{t(k::sessions::LEAD)}</p>
            <p role="status" aria-live="polite" class="pc-sessions__said">
                {move || c.said.get().map(|s| s.words())}
            </p>
            {listed}
            <div class="pc-actions">{others}</div>
        </section>
    }
}
