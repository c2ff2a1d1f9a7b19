//! All payments: every connection's payments in one table, newest first
//! across vendors; filters every vendor's payments can be judged by (the
//! most used on one line, the rest behind "More filters"); how far the
//! connections are in one line beside the title, each connection's
//! progress, failure and retry on its own line a click away; totals per
//! currency; export of the whole view. The view lives in the address.

use leptos::prelude::*;
use payments_model::chart::Volume;
use payments_model::columns::CardSlot;
use payments_model::query::Totals;
use payments_model::vendors::FieldKind;
use payments_model::workspace::STATUS_KINDS;

use super::bulk::{BulkBar, BulkTarget};
use super::date_presets::DatePresets;
use super::more_filters::{FilterChip, MoreFilters};
use super::payment_list::{ChartLine, DensityToggle, ROWS_ID};
use super::payment_table::rows_table;
use super::saved_views::SavedViewsMenu;
use super::status_badge::kind_label;
use super::versions::ChangedBanner;
use super::LoadingConnections;
use super::{
    ErrorNotice, ExportControl, FieldControl, LabelledSelect, MomentText, MoneyText, OptionalText,
    PaymentSearch, StatusBadge, VolumeChart,
};
use crate::language::{k, say, t, t_count, t_with};
use crate::routing::{Link, Route};
use crate::state::{
    BulkController, Console, ExportController, Merged, Row, SelectionController, Source,
    SourceState, WorkspaceController,
};

/// The All payments page.
#[component]
pub fn AllPaymentsPage() -> impl IntoView {
    let console = Console::get();
    move || {
        if !console.ready.get() {
            return view! { <LoadingConnections /> }.into_any();
        }
        view! { <AllPayments /> }.into_any()
    }
}

#[component]
fn AllPayments() -> impl IntoView {
    let c = WorkspaceController::new();
    let export = ExportController::new();
    let merged = c.merged;
    let selection = SelectionController::new();
    let bulk = BulkController::new();
    let target = BulkTarget {
        selection,
        conns: Signal::derive(move || c.connections()),
        what: Signal::derive(|| t(k::all::TITLE)),
        all_words: Signal::derive(move || {
            t_count(k::all::SELECT_SHOWN_N, merged.with(|m| m.rows.len()), &[])
        }),
        select_all: Callback::new(move |_| {
            merged.with_untracked(|m| selection.all_of(&rows_of(m)))
        }),
        ended: Callback::new(move |_| c.refresh()),
    };
    view! {
        <section class="pc-list pc-all" aria-labelledby="pc-list-title">
            <div class="pc-list-head">
                <h2 id="pc-list-title">{t(k::all::TITLE)}</h2>
                <Sources c=c />
                <button type="button" class="pc-link-button" disabled=move || c.busy()
                    on:click=move |_| c.refresh()>{t(k::list::REFRESH)}</button>
                <SavedViewsMenu columns=None />
                <DensityToggle />
                <ExportControl export=export on_start=Callback::new(move |_| {
                    export.all(c.connections(), c.query.get_untracked())
                }) />
            </div>
            <div class="pc-all-bar">
                <Filters c=c />
                <PaymentSearch c=c />
            </div>
            <div class="pc-changed" role="status" aria-live="polite">
                <ChangedBanner connection=None read_at=c.read_at on_show=Callback::new(move |_| c.refresh()) />
            </div>
            <BulkBar target=target bulk=bulk />
            <div class="pc-table-wrap" id=ROWS_ID tabindex="-1" aria-busy=move || c.busy().to_string()>
                {move || view! {
                    <ChartLine totals=merged.with(|m| Totals::of(m.payments())) count=merged.with(|m| m.rows.len())
                        chart=ViewFn::from(move || view! { <VolumeChart volume=merged.with(|m| Volume::of(m.payments(), &crate::zone::current())) /> }) />
                    <AllTable merged=merged.get() selection=selection />
                }}
            </div>
        </section>
    }
}

/// The filters, each tied to its error.
#[component]
fn Filters(c: WorkspaceController) -> impl IntoView {
    let control = move |name: &'static str, label: String, kind: FieldKind| {
        view! {
            <FieldControl id=format!("pc-all-{name}") name=name label=label kind=kind
                value=Signal::derive(move || c.value(name))
                error=Signal::derive(move || c.errors.with(|e| e.get(name).cloned()))
                filter=true on_change=Callback::new(move |v: String| c.set(name, &v)) />
        }
    };
    let select = move |name: &'static str,
                       id: &'static str,
                       label: String,
                       options: Signal<Vec<(String, String)>>| {
        view! {
            <LabelledSelect id=id label=label options=options value=Signal::derive(move || c.value(name))
                on_change=Callback::new(move |v: String| c.set(name, &v))
                error=Signal::derive(move || c.errors.with(|e| e.get(name).cloned())) />
        }
    };
    let any = || (String::new(), t(k::value::ANY));
    let statuses = Signal::derive(move || {
        std::iter::once(any())
            .chain(
                STATUS_KINDS
                    .iter()
                    .map(|k| (k.slug().to_string(), kind_label(*k))),
            )
            .collect()
    });
    let console = Console::get();
    let vendors = Signal::derive(move || {
        let mut seen: Vec<(String, String)> = vec![any()];
        console.connections.with(|cs| {
            for conn in cs {
                let v = (
                    conn.vendor.slug().to_string(),
                    conn.vendor.display_name().to_string(),
                );
                if !seen.contains(&v) {
                    seen.push(v);
                }
            }
        });
        seen
    });
    let connections = Signal::derive(move || {
        std::iter::once(any())
            .chain(console.connections.with(|cs| {
                cs.iter()
                    .map(|conn| (conn.id.clone(), conn.name.clone()))
                    .collect::<Vec<_>>()
            }))
            .collect()
    });
    // The dates, the status and the vendor on the line; the exact days,
    // the connection, the currency and the amounts behind "More filters".
    let chip = move |name: &'static str, label: String, kind: FieldKind| FilterChip {
        label,
        kind,
        value: Signal::derive(move || c.value(name)),
        clear: Callback::new(move |_| c.set(name, "")),
    };
    let connection_name = Signal::derive(move || {
        let id = c.value("connection");
        console
            .connections
            .with(|cs| {
                cs.iter()
                    .find(|conn| conn.id == id)
                    .map(|conn| conn.name.clone())
            })
            .unwrap_or(id)
    });
    let chips = vec![
        chip("from", t(k::all::FROM), FieldKind::Date),
        chip("to", t(k::all::TO), FieldKind::Date),
        FilterChip {
            value: connection_name,
            ..chip("connection", t(k::all::CONNECTION), FieldKind::Text)
        },
        chip("currency", t(k::all::CURRENCY), FieldKind::Text),
        chip("min", t(k::all::MIN), FieldKind::Amount),
        chip("max", t(k::all::MAX), FieldKind::Amount),
    ];
    view! {
        <form class="pc-filters" role="search" aria-label=t(k::all::FILTERS) on:submit=|ev| ev.prevent_default()>
            <DatePresets id="pc-all-dates".to_string() label=t(k::all::DATES)
                from=Signal::derive(move || c.value("from")) to=Signal::derive(move || c.value("to"))
                on_pick=Callback::new(move |(f, t): (String, String)| c.set_many(&[("from", &f), ("to", &t)])) />
            {select("status", "pc-all-status", t(k::all::STATUS), statuses)}
            {select("vendor", "pc-all-vendor", t(k::all::VENDOR), vendors)}
            <MoreFilters chips=chips>
                {control("from", t(k::all::FROM), FieldKind::Date)}
                {control("to", t(k::all::TO), FieldKind::Date)}
                {select("connection", "pc-all-connection", t(k::all::CONNECTION), connections)}
                {control("currency", t(k::all::CURRENCY), FieldKind::Text)}
                {control("min", t(k::all::MIN), FieldKind::Amount)}
                {control("max", t(k::all::MAX), FieldKind::Amount)}
            </MoreFilters>
        </form>
    }
}

/// One line per connection: how much is loaded, what the vendor filtered
/// itself, a wait, a failure with Retry, or Load more.
#[component]
fn Sources(c: WorkspaceController) -> impl IntoView {
    let line = move |i: usize| {
        let s = c.sources.with(|all| all.get(i).cloned())?;
        let name = s.connection.name.clone();
        let list = Route::List {
            connection_id: s.connection.id.clone(),
        };
        let filtered = (!s.at_vendor.is_empty()).then(|| {
            format!(
                " · {}",
                t_with(
                    k::all::FILTERED_AT_VENDOR,
                    &[("filters", &s.at_vendor.join(", "))]
                )
            )
        });
        let state = match &s.state {
            SourceState::Loading => view! { <span>{t(k::deferred::LOADING)}</span> }.into_any(),
            SourceState::Ready => {
                let more = s.next.is_some().then(|| {
                    let label = t_with(k::all::LOAD_MORE_FROM, &[("name", &name)]);
                    view! { " "<button type="button" class="pc-link-button" aria-label=label on:click=move |_| c.load(i)>{t(k::all::LOAD_MORE)}</button> }
                });
                view! { <span>{s.loaded_words()}{filtered}</span>{more} }.into_any()
            }
            SourceState::Failed(e) => view! {
                <ErrorNotice error=e.clone() on_retry=Callback::new(move |_| c.load(i)) />
            }
            .into_any(),
        };
        Some(view! {
            <li class="pc-source">
                <Link to=list>{name}</Link>": "{state}
                {s.waiting.map(|w| view! { " "<span class="pc-waiting">{say(&w)}</span> })}
            </li>
        })
    };
    // One line says how far the connections are; each one's line (with
    // its retry or "Load more") is a click away, and open by itself while
    // one has failed.
    let failed = move || {
        c.sources.with(|all| {
            all.iter()
                .any(|s| matches!(s.state, SourceState::Failed(_)))
        })
    };
    view! {
        <div class="pc-sources" role="status" aria-live="polite">
            <details class="pc-sources__details" open=failed>
                <summary>{move || c.sources.with(|all| sources_summary(all))}</summary>
                <p class="pc-hint">{t(k::all::SOURCES_HINT)}</p>
                <ul>
                    {move || (0..c.sources.with(Vec::len)).map(line).collect_view()}
                </ul>
            </details>
            {move || c.sources.with(Vec::is_empty).then(|| view! {
                <p class="pc-notice">{t(k::all::NO_CONNECTION)}" "
                    <Link to=Route::Connections>{t(k::nav::CONNECTIONS)}</Link></p>
            })}
        </div>
    }
}

/// How far the connections are, in one line: how many have loaded, and
/// how many are still loading or failed.
fn sources_summary(all: &[Source]) -> String {
    let count = |f: fn(&SourceState) -> bool| all.iter().filter(|s| f(&s.state)).count();
    let ready = count(|s| matches!(s, SourceState::Ready));
    let loading = count(|s| matches!(s, SourceState::Loading));
    let failed = count(|s| matches!(s, SourceState::Failed(_)));
    let mut words = t_with(
        k::all::SOURCES_SUMMARY,
        &[
            ("loaded", &ready.to_string()),
            ("all", &all.len().to_string()),
        ],
    );
    if loading > 0 {
        words.push_str(&format!(
            " · {}",
            t_count(k::all::SOURCES_LOADING, loading, &[])
        ));
    }
    if failed > 0 {
        words.push_str(&format!(
            " · {}",
            t_count(k::all::SOURCES_FAILED, failed, &[])
        ));
    }
    words
}

/// The merged rows: connection, id, date, amount, status, counterparty,
/// reference.
#[component]
fn AllTable(merged: Merged, selection: SelectionController) -> impl IntoView {
    let total = merged.rows.len();
    if total == 0 {
        return view! { <p class="pc-empty">{t(k::all::NONE_MATCH)}</p> }.into_any();
    }
    let all = StoredValue::new(merged.clone());
    let page_chosen = move || {
        all.with_value(|m| {
            let rows = rows_of(m);
            selection.selection.with(|s| s.has_all(&rows))
        })
    };
    let head = view! {
        <thead>
            <tr aria-rowindex="1">
                <th scope="col" class="pc-select">
                    <input type="checkbox" aria-label=t(k::all::SELECT_ALL_SHOWN) prop:checked=page_chosen
                        on:change=move |ev| all.with_value(|m| selection.page(&rows_of(m), event_target_checked(&ev))) />
                </th>
                <th scope="col">{t(k::all::COL_CONNECTION)}</th>
                <th scope="col">{t(k::all::COL_ID)}</th>
                <th scope="col">{t(k::all::COL_DATE)}</th>
                <th scope="col" class="pc-num">{t(k::all::COL_AMOUNT)}</th>
                <th scope="col">{t(k::all::COL_STATUS)}</th>
                <th scope="col">{t(k::all::COL_COUNTERPARTY)}</th>
                <th scope="col">{t(k::all::COL_REFERENCE)}</th>
            </tr>
        </thead>
    };
    let row = move |n: usize| {
        merged
            .row(n)
            .map(|(name, id, p)| {
                let place = Route::Detail {
                    connection_id: id.to_string(),
                    pid: p.id.clone(),
                };
                let pid = p.id.clone();
                let vendor = p.vendor.display_name();
                let (conn_id, chosen_id) = (id.to_string(), p.id.clone());
                let chosen = move || selection.selection.with(|s| s.contains(&conn_id, &chosen_id));
                let pick = move |ev: leptos::ev::MouseEvent| {
                    let on = event_target_checked(&ev);
                    all.with_value(|m| selection.click(&rows_of(m), n, on, ev.shift_key()));
                };
                let label = t_with(k::all::SELECT_PAYMENT, &[("id", &p.id), ("connection", name)]);
                view! {
                    <tr class="pc-row" aria-rowindex=n + 2 data-connection=id.to_string() data-payment=p.id.clone()>
                        <td class="pc-select"><input type="checkbox" aria-label=label prop:checked=chosen on:click=pick /></td>
                        <td class=CardSlot::First.class()>{name.to_string()}{(name != vendor).then(|| view! { <span class="pc-muted">{format!(" · {vendor}")}</span> })}</td>
                        <th scope="row" class=CardSlot::Id.class()><Link to=place>{pid}</Link></th>
                        <td class=CardSlot::Date.class()><MomentText moment=p.date() /></td>
                        <td class=CardSlot::Amount.class()><MoneyText money=p.amount.clone() /></td>
                        <td class=CardSlot::Status.class()><StatusBadge status=p.status.clone() /></td>
                        <td class=CardSlot::Second.class()><OptionalText text=p.counterparty.clone() short=true /></td>
                        <td class=CardSlot::Off.class()><OptionalText text=p.reference.clone() short=true /></td>
                    </tr>
                }
                .into_any()
            })
            .unwrap_or_else(|| ().into_any())
    };
    rows_table(total, total + 1, head.into_any(), ().into_any(), row)
}

/// Every row shown, as (connection id, payment), in order.
fn rows_of(m: &Merged) -> Vec<Row<'_>> {
    (0..m.rows.len())
        .filter_map(|n| m.row(n))
        .map(|(_, id, p)| (id, p))
        .collect()
}
