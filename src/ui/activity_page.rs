//! The activity page: every write attempt made through the gateway,
//! newest first, filtered by person and connection, with a CSV download
//! of the rows shown; and [`PaymentHistory`], one payment's own rows on
//! its page.

use leptos::prelude::*;

use payments_model::vendors::FieldKind;
use payments_model::Message;

use super::{DatePresets, ErrorNotice, FieldControl, LabelledSelect, MomentText};
use crate::language::{k, t};
use crate::routing::{Link, Route};
use crate::state::{
    count_words, describe, kind_choices, kind_words, outcome, Activity, ActivityController,
    ActivityState, Console, HistoryController, Server,
};

/// The payment a row names, as a link to it (a create that paid for
/// several orders names several, shown as text).
fn payment_link(connection: &str, id: Option<String>) -> AnyView {
    match id {
        Some(id) if !id.contains(',') && !id.is_empty() => {
            let to = Route::Detail {
                connection_id: connection.to_string(),
                pid: id.clone(),
            };
            view! { <Link to=to>{id}</Link> }.into_any()
        }
        Some(ids) => view! { <span>{ids}</span> }.into_any(),
        None => ().into_any(),
    }
}

/// One row of the table.
fn activity_row(r: Activity) -> impl IntoView {
    let (what, ended) = (describe(&r), outcome(&r));
    view! {
        <tr>
            <td>{when(&r.at)}</td>
            <td>{r.person}</td>
            <td>{r.connection.clone()}</td>
            <td>{kind_words(&r.kind)}</td>
            <td>{payment_link(&r.connection, r.payment_id)}</td>
            <td>{what}</td>
            <td>{ended}</td>
            <td class="pc-path">{format!("{} {}", r.method.as_str(), r.path)}</td>
        </tr>
    }
}

/// The filters, the table, its pages and the export link.
#[component]
pub fn ActivityPage() -> impl IntoView {
    let c = ActivityController::new();
    let console = Console::get();
    let connections = Signal::derive(move || {
        let mut options = vec![(String::new(), t(k::activity::ALL_CONNECTIONS))];
        options.extend(
            console
                .connections
                .get()
                .into_iter()
                .filter(|x| x.on_gateway())
                .map(|x| (x.id.clone(), x.name.clone())),
        );
        options
    });
    let everyone = Signal::derive(move || {
        console
            .server
            .with(|s| !matches!(s, Server::SignedIn(who) if !who.reads_everyone))
    });
    let no_error = Signal::derive(|| None::<Message>);
    let filter_control =
        move |id: &'static str, name: &'static str, label: String, kind: FieldKind| {
            view! {
                <FieldControl id=id name=name label=label kind=kind value=c.value(name)
                    on_change=Callback::new(move |v| c.set_filter(name, v)) error=no_error />
            }
        };
    view! {
        <section class="pc-activity" aria-labelledby="pc-activity-title">
            <div class="pc-list-head">
                <h2 id="pc-activity-title">{t(k::activity::TITLE)}</h2>
                <a class="pc-button" href=move || c.csv_href() download="">{t(k::activity::DOWNLOAD)}</a>
            </div>
            <p class="pc-hint">{t(k::activity::HINT)}</p>
            {move || (!everyone.get()).then(|| view! { <p class="pc-hint">{t(k::activity::OWN)}</p> })}
            <form class="pc-filters" role="search" aria-label=t(k::activity::FILTERS) on:submit=|ev| ev.prevent_default()>
                {move || everyone.get().then(|| filter_control("pc-activity-person", "person", t(k::activity::PERSON), FieldKind::Text))}
                <LabelledSelect id="pc-activity-connection" label=t(k::activity::CONNECTION) options=connections value=c.value("connection")
                    error=no_error on_change=Callback::new(move |v| c.set_filter("connection", v)) />
                <LabelledSelect id="pc-activity-kind" label=t(k::activity::CHANGE) options=kind_choices() value=c.value("kind")
                    error=no_error on_change=Callback::new(move |v| c.set_filter("kind", v)) />
                {filter_control("pc-activity-payment", "payment", t(k::activity::PAYMENT_ID), FieldKind::Text)}
                <DatePresets id="pc-activity-dates".to_string() label=t(k::activity::DATES)
                    from=c.value("from") to=c.value("to")
                    on_pick=Callback::new(move |(f, t): (String, String)| c.set_filters(&[("from", f), ("to", t)])) />
                {filter_control("pc-activity-from", "from", t(k::activity::FROM), FieldKind::Date)}
                {filter_control("pc-activity-to", "to", t(k::activity::TO), FieldKind::Date)}
            </form>
            <div role="status" aria-live="polite">
                {move || match c.state.get() {
                    ActivityState::Loading => view! { <p class="pc-loading">{t(k::activity::LOADING)}</p> }.into_any(),
                    ActivityState::Failed(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    ActivityState::Ready(page) if page.rows.is_empty() => {
                        view! { <p class="pc-empty">{t(k::activity::NONE)}</p> }.into_any()
                    }
                    ActivityState::Ready(page) => {
                        let count = count_words(&page);
                        let (older, newer) = (page.older.is_some(), page.newer.is_some());
                        view! {
                            <p class="pc-count">{count}</p>
                            <div class="pc-table-wrap">
                                <table class="pc-table">
                                    <caption class="pc-visually-hidden">{t(k::activity::CAPTION)}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{t(k::activity::COL_WHEN)}</th>
                                            <th scope="col">{t(k::activity::COL_PERSON)}</th>
                                            <th scope="col">{t(k::activity::COL_CONNECTION)}</th>
                                            <th scope="col">{t(k::activity::COL_CHANGE)}</th>
                                            <th scope="col">{t(k::activity::COL_PAYMENT)}</th>
                                            <th scope="col">{t(k::activity::COL_SENT)}</th>
                                            <th scope="col">{t(k::activity::COL_OUTCOME)}</th>
                                            <th scope="col">{t(k::activity::COL_PATH)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{page.rows.into_iter().map(activity_row).collect_view()}</tbody>
                                </table>
                            </div>
                            <nav class="pc-pager" aria-label=t(k::activity::PAGES)>
                                {newer.then(|| view! { <button type="button" class="pc-button" on:click=move |_| c.turn(false)>{t(k::activity::NEWER)}</button> })}
                                {older.then(|| view! { <button type="button" class="pc-button" on:click=move |_| c.turn(true)>{t(k::activity::OLDER)}</button> })}
                            </nav>
                        }.into_any()
                    }
                }}
            </div>
        </section>
    }
}

/// When a row was written, in the console's time zone (its exact UTC
/// value as the tooltip); as recorded if it cannot be read.
fn when(at: &str) -> AnyView {
    match payments_model::time::parse_text(at) {
        Ok(Some(m)) => view! { <MomentText moment=Some(m) /> }.into_any(),
        _ => view! { <time datetime=at.to_string()>{at.to_string()}</time> }.into_any(),
    }
}

/// One history entry in words.
fn history_entry(r: Activity) -> impl IntoView {
    let what = describe(&r);
    let ended = outcome(&r);
    view! {
        <li>
            {when(&r.at)}
            " · "{r.person}" · "{kind_words(&r.kind)}
            {(!what.is_empty()).then(|| view! { " · "<span>{what}</span> })}
            <br /><span class="pc-hint">{ended}</span>
        </li>
    }
}

/// A payment's history through the gateway, on its page.
#[component]
pub fn PaymentHistory(
    /// The payment's connection.
    connection_id: String,
    /// The payment's id.
    pid: String,
) -> impl IntoView {
    let h = HistoryController::new(&connection_id, &pid);
    view! {
        <section class="pc-history" aria-labelledby="pc-history-title">
            <h3 id="pc-history-title">{t(k::history::TITLE)}</h3>
            <div role="status" aria-live="polite">
                {move || match h.state.get() {
                    ActivityState::Loading => view! { <p class="pc-loading">{t(k::history::LOADING)}</p> }.into_any(),
                    ActivityState::Failed(e) => view! { <ErrorNotice error=e on_retry=Callback::new(move |_| h.reload()) /> }.into_any(),
                    ActivityState::Ready(page) if page.rows.is_empty() => {
                        view! { <p class="pc-empty">{t(k::history::NONE)}</p> }.into_any()
                    }
                    ActivityState::Ready(page) => view! {
                        <ol class="pc-history-list" reversed>{page.rows.into_iter().map(history_entry).collect_view()}</ol>
                    }.into_any(),
                }}
            </div>
        </section>
    }
}
