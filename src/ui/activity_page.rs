//! The activity page: every write attempt made through the gateway,
//! newest first, filtered by person and connection, with a CSV download
//! of the rows shown; and [`PaymentHistory`], one payment's own rows on
//! its page.

use leptos::prelude::*;

use payments_model::vendors::FieldKind;

use super::{DatePresets, ErrorNotice, FieldControl, LabelledSelect, MomentText};
use crate::routing::{Link, Route};
use crate::state::{
    count_words, describe, outcome, Activity, ActivityController, ActivityState, Console,
    HistoryController, Server,
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

/// The kinds of change a person can filter by, as `(value, words)`.
fn kinds() -> Vec<(String, String)> {
    [
        ("", "Any change"),
        ("create", "Creates"),
        ("edit", "Edits"),
        ("status change", "Status changes"),
        ("delete", "Deletes"),
        ("refused", "Refused by the server"),
    ]
    .into_iter()
    .map(|(v, w)| (v.to_string(), w.to_string()))
    .collect()
}

/// One row of the table.
fn activity_row(r: Activity) -> impl IntoView {
    let (what, ended) = (describe(&r), outcome(&r));
    view! {
        <tr>
            <td>{when(&r.at)}</td>
            <td>{r.person}</td>
            <td>{r.connection.clone()}</td>
            <td>{r.kind}</td>
            <td>{payment_link(&r.connection, r.payment_id)}</td>
            <td>{what}</td>
            <td>{ended}</td>
            <td class="pc-path">{format!("{} {}", r.method, r.path)}</td>
        </tr>
    }
}

/// The filters, the table, its pages and the export link.
#[component]
pub fn ActivityPage() -> impl IntoView {
    let c = ActivityController::new();
    let console = Console::get();
    let connections = Signal::derive(move || {
        let mut options = vec![(String::new(), "All connections".to_string())];
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
    let no_error = Signal::derive(|| None::<String>);
    let filter_control =
        move |id: &'static str, name: &'static str, label: &'static str, kind: FieldKind| {
            view! {
                <FieldControl id=id name=name label=label kind=kind value=c.value(name)
                    on_change=Callback::new(move |v| c.set_filter(name, v)) error=no_error />
            }
        };
    view! {
        <section class="pc-activity" aria-labelledby="pc-activity-title">
            <div class="pc-list-head">
                <h2 id="pc-activity-title">"Activity"</h2>
                <a class="pc-button" href=move || c.csv_href() download="">"Download CSV"</a>
            </div>
            <p class="pc-hint">"Every change tried through this server: who, when, what was sent, and what the vendor answered or why the server refused it. The CSV holds every row the filters match."</p>
            {move || (!everyone.get()).then(|| view! { <p class="pc-hint">"Your role reads your own changes."</p> })}
            <form class="pc-filters" role="search" aria-label="Filter activity" on:submit=|ev| ev.prevent_default()>
                {move || everyone.get().then(|| filter_control("pc-activity-person", "person", "Person", FieldKind::Text))}
                <LabelledSelect id="pc-activity-connection" label="Connection" options=connections value=c.value("connection")
                    error=no_error on_change=Callback::new(move |v| c.set_filter("connection", v)) />
                <LabelledSelect id="pc-activity-kind" label="Change" options=kinds() value=c.value("kind")
                    error=no_error on_change=Callback::new(move |v| c.set_filter("kind", v)) />
                {filter_control("pc-activity-payment", "payment", "Payment ID", FieldKind::Text)}
                <DatePresets id="pc-activity-dates".to_string() label="Dates"
                    from=c.value("from") to=c.value("to")
                    on_pick=Callback::new(move |(f, t): (String, String)| c.set_filters(&[("from", f), ("to", t)])) />
                {filter_control("pc-activity-from", "from", "From", FieldKind::Date)}
                {filter_control("pc-activity-to", "to", "To", FieldKind::Date)}
            </form>
            <div role="status" aria-live="polite">
                {move || match c.state.get() {
                    ActivityState::Loading => view! { <p class="pc-loading">"Loading activity…"</p> }.into_any(),
                    ActivityState::Failed(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    ActivityState::Ready(page) if page.rows.is_empty() => {
                        view! { <p class="pc-empty">"No changes recorded for these filters."</p> }.into_any()
                    }
                    ActivityState::Ready(page) => {
                        let count = count_words(&page);
                        let (older, newer) = (page.older.is_some(), page.newer.is_some());
                        view! {
                            <p class="pc-count">{count}</p>
                            <div class="pc-table-wrap">
                                <table class="pc-table">
                                    <caption class="pc-visually-hidden">"Changes made through the gateway"</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">"When (UTC)"</th>
                                            <th scope="col">"Person"</th>
                                            <th scope="col">"Connection"</th>
                                            <th scope="col">"Change"</th>
                                            <th scope="col">"Payment"</th>
                                            <th scope="col">"What was sent"</th>
                                            <th scope="col">"Outcome"</th>
                                            <th scope="col">"Vendor path"</th>
                                        </tr>
                                    </thead>
                                    <tbody>{page.rows.into_iter().map(activity_row).collect_view()}</tbody>
                                </table>
                            </div>
                            <nav class="pc-pager" aria-label="Activity pages">
                                {newer.then(|| view! { <button type="button" class="pc-button" on:click=move |_| c.turn(false)>"← Newer"</button> })}
                                {older.then(|| view! { <button type="button" class="pc-button" on:click=move |_| c.turn(true)>"Older →"</button> })}
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
            " · "{r.person}" · "{r.kind}
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
            <h3 id="pc-history-title">"History"</h3>
            <div role="status" aria-live="polite">
                {move || match h.state.get() {
                    ActivityState::Loading => view! { <p class="pc-loading">"Loading the history…"</p> }.into_any(),
                    ActivityState::Failed(e) => view! { <ErrorNotice error=e on_retry=Callback::new(move |_| h.reload()) /> }.into_any(),
                    ActivityState::Ready(page) if page.rows.is_empty() => {
                        view! { <p class="pc-empty">"No change to this payment was made through this server."</p> }.into_any()
                    }
                    ActivityState::Ready(page) => view! {
                        <ol class="pc-history-list" reversed>{page.rows.into_iter().map(history_entry).collect_view()}</ol>
                    }.into_any(),
                }}
            </div>
        </section>
    }
}
