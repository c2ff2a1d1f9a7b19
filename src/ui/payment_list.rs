//! The payments list of one connection: the vendor's filters and sort, a
//! table linking to each payment, per-currency totals of what is shown,
//! and the vendor's own pagination (numbered pages, cursors, or one page).
//!
//! The query lives in the page URL, so reload and a copied link show the
//! same view. Each change of query cancels the request still under way and
//! keeps the previous rows on screen until the new ones arrive, so the
//! table does not jump.

use leptos::prelude::*;

use payments_model::chart::Volume;
use payments_model::query::{Pagination, Totals};
use payments_model::Connection;

use crate::language::{k, say, t, t_count, t_with};

use super::bulk::{BulkBar, BulkTarget};
use super::column_chooser::ColumnChooser;
use super::deferred::Deferred;
use super::list_filters::FilterPlaces;
use super::saved_views::SavedViewsMenu;
use super::screens;
use super::status_badge::kind_label;
use super::ConnectionPage;
use super::{format_money, CursorPager, ErrorNotice, ExportControl, Pager, PaymentTable};
use crate::format::format_count;
use crate::routing::Link;
use crate::state::{
    BulkController, Console, ExportController, Layout, ListController, ListState, Live, Shown,
};

/// The list page of a connection.
#[component]
pub fn PaymentListPage(
    /// The connection's id.
    connection_id: String,
) -> impl IntoView {
    let page = |conn| view! { <PaymentList connection=conn /> }.into_any();
    view! { <ConnectionPage connection_id=connection_id page=page /> }
}

/// The payments list of `connection`, driven by the page URL.
#[component]
pub fn PaymentList(
    /// The connection whose payments are listed.
    connection: Connection,
) -> impl IntoView {
    let caps = connection.vendor.capabilities();
    let may_write = Console::may_write_here(&connection);
    let list = ListController::new(connection.clone());
    let state = list.state;
    let title = t_with(k::list::TITLE, &[("connection", &connection.name)]);
    let busy = Signal::derive(move || list.busy());
    let export = ExportController::new();
    let bulk = BulkController::new();
    // A list that cannot be read takes over from the server's first screen.
    Effect::new(move |_| {
        if state.with(|s| matches!(s, ListState::Failed { .. })) {
            crate::snapshot::take_over();
        }
    });
    view! {
        <section class="pc-list" aria-labelledby="pc-list-title">
            <div class="pc-list-head">
                <h2 id="pc-list-title">{title}</h2>
                <button type="button" class="pc-link-button" disabled=move || busy.get()
                    on:click=move |_| list.reload()>{t(k::list::REFRESH)}</button>
                <ColumnChooser columns=list.columns />
                <SavedViewsMenu columns=Some(list.columns) />
                <ExportControl export=export offers_shown=true on_start=Callback::new(move |_| {
                    let columns = export.as_shown.get_untracked()
                        .then(|| list.columns.choice.get_untracked().shown().to_vec());
                    screens::start_export_list(export, list.connection(), list.query.get_untracked(), list.local.get_untracked(), columns)
                }) />
                {match (caps.create, may_write) {
                    (Some(_), true) => view! { <Link to=list.new_payment() class="pc-button">{t(k::list::NEW_PAYMENT)}</Link> }.into_any(),
                    (Some(_), false) => view! { <p class="pc-hint">{viewer_hint()}</p> }.into_any(),
                    // Why there is no "New payment", a click away.
                    (None, _) => view! {
                        <details class="pc-menu pc-read-only">
                            <summary>{t(k::list::READ_ONLY)}</summary>
                            <p class="pc-menu__panel pc-read-only__why">{t(caps.limits)}</p>
                        </details>
                    }.into_any(),
                }}
            </div>
            // The filters' code is fetched as the list is drawn, beside its
            // rows (whose answer the page asked for long before); boxes the
            // size of each control hold their places meanwhile.
            <form class="pc-filters" role="search" aria-label=t(k::filters::LABEL) on:submit=|ev| ev.prevent_default()>
                <Deferred quiet=true holding=move || view! { <FilterPlaces list=list /> }
                    load=move || screens::list_filters(list) />
            </form>
            <div class="pc-status" role="status" aria-live="polite">
                {move || list.waiting.get().map(|w| view! { <p class="pc-waiting">{say(&w)}</p> })}
                <Changed list=list />
                {move || state.with(|s| match s {
                    ListState::Loading { .. } => Some(view! { <p class="pc-loading">{t(k::list::LOADING)}</p> }.into_any()),
                    ListState::Ready(p) if p.items.is_empty() && p.unreadable.is_empty() => {
                        Some(view! { <p class="pc-empty">{t(k::list::NONE_MATCH)}</p> }.into_any())
                    }
                    _ => None,
                })}
                {move || list.shown.with(|s| {
                    s.as_ref().filter(|s| s.rows.is_empty() && !s.page.items.is_empty()).map(|_| view! {
                        <p class="pc-empty">{t(k::list::NONE_FOUND)}</p>
                    })
                })}
            </div>
            {move || state.with(|s| match s {
                ListState::Failed { error, .. } => Some(view! {
                    <ErrorNotice error=error.clone() on_retry=Callback::new(move |_| list.reload()) />
                }),
                _ => None,
            })}
            <BulkBar target=bulk_target(list) bulk=bulk />
            <div class="pc-table-wrap" id=ROWS_ID tabindex="-1" aria-busy=move || busy.get().to_string()>
                {move || list.shown.get().map(|shown| {
                    let charted = StoredValue::new(shown.clone());
                    view! {
                        <ChartLine totals=Totals::of(shown.payments())
                            chart=ViewFn::from(move || view! { <Chart shown=charted.get_value() /> }) />
                        <PaymentTable shown=shown.clone() list=list />
                        <ListPager shown=shown list=list busy=busy />
                    }
                })}
            </div>
        </section>
    }
}

/// The id of the totals per status above a list.
const BY_STATUS_ID: &str = "pc-totals-by-status";

/// The id of a list's rows, where "Skip to the payments" leads.
pub const ROWS_ID: &str = "pc-rows";

/// "Comfortable rows": compact rows (the default) or roomier ones, kept
/// with the person's settings.
#[component]
pub fn DensityToggle() -> impl IntoView {
    let layout = Layout::here();
    view! {
        <button type="button" class="pc-link-button pc-density" aria-pressed=move || layout.comfortable().to_string()
            on:click=move |_| layout.set_comfortable(!layout.comfortable())>
            {t(k::list::COMFORTABLE)}
        </button>
    }
}

/// The line above a list's rows: what the amounts shown add up to, per
/// currency, and "Show chart", which opens the chart below it (the
/// choice kept with the person's settings).
#[component]
pub fn ChartLine(
    /// What the amounts shown add up to.
    totals: Totals,
    /// How many payments are shown, to say first.
    #[prop(optional)]
    count: Option<usize>,
    /// The chart, drawn when open.
    chart: ViewFn,
) -> impl IntoView {
    let layout = Layout::here();
    let open = move || layout.chart_open();
    let words = move || {
        t(if open() {
            k::list::HIDE_CHART
        } else {
            k::list::SHOW_CHART
        })
    };
    let totals = match count {
        Some(n) => view! { <TotalsShown totals=totals count=n /> }.into_any(),
        None => view! { <TotalsShown totals=totals /> }.into_any(),
    };
    view! {
        <div class="pc-chartline">
            {totals}
            <button type="button" class="pc-link-button pc-chartline__toggle" aria-describedby=BY_STATUS_ID aria-expanded=move || open().to_string()
                aria-controls="pc-chart-area" on:click=move |_| layout.set_chart_open(!open())>{words}</button>
        </div>
        <div id="pc-chart-area">{move || open().then(|| chart.run())}</div>
    }
}

/// What colleagues changed since the list was read; its code arrives
/// with the other screens', once there is news to tell.
#[component]
fn Changed(list: ListController) -> impl IntoView {
    let live = Live::here();
    move || {
        live.news_since(list.read_at.get()).then(|| {
            view! { <Deferred quiet=true load=move || screens::changed_banner(list) /> }
        })
    }
}

/// The volume chart of what is shown; its code (drawing and adding up)
/// arrives after the rows. Meanwhile a box the size of a chart holds each
/// chart's place (one per currency), laid out as the charts are.
#[component]
fn Chart(
    /// The page and rows shown.
    shown: Shown,
) -> impl IntoView {
    let charts = Volume::series_count(shown.payments());
    let shown = StoredValue::new(shown);
    let holding = move || {
        (charts > 0).then(|| {
            view! {
                <div class="pc-charts-held" aria-hidden="true">
                    {(0..charts).map(|_| view! { <div class="pc-charts-held__place"></div> }).collect_view()}
                </div>
            }
        })
    };
    view! { <Deferred quiet=true holding=holding load=move || screens::list_chart(shown.get_value()) /> }
}

/// The pagination control the vendor's style calls for.
#[component]
fn ListPager(
    /// The page and rows shown.
    shown: Shown,
    /// The list's controller.
    list: ListController,
    /// Whether a request is under way.
    busy: Signal<bool>,
) -> impl IntoView {
    let info = shown.page.info.clone();
    match list.spec().pagination {
        Pagination::Cursor { .. } => view! {
            <CursorPager info=info busy=busy on_move=Callback::new(move |older: bool| list.follow_cursor(older)) />
        }
        .into_any(),
        Pagination::Unpaged => {
            let (n, all) = (shown.rows.len(), shown.page.items.len());
            let words = if n == all {
                t_count(k::list::COUNT, n, &[])
            } else {
                t_count(k::list::COUNT_MATCHING, all, &[("shown", &format_count(n))])
            };
            view! { <p class="pc-pager__summary">{words}</p> }.into_any()
        }
        _ => view! {
            <Pager info=info busy=busy on_page=Callback::new(move |n| list.to_page(n)) />
        }
        .into_any(),
    }
}

/// The sum of the amounts on screen, per currency, and how many amounts
/// in no stated currency were left out; after how many payments are
/// shown, where `count` is given.
#[component]
pub fn TotalsShown(
    /// What the amounts shown add up to.
    totals: Totals,
    /// How many payments are shown, to say first.
    #[prop(optional)]
    count: Option<usize>,
) -> impl IntoView {
    let untotalled = totals.untotalled;
    // Each status's share, shown on hover or focus of the line (and the
    // description of its Show chart button).
    let by_status = totals
        .by_status
        .iter()
        .map(|(c, kind, sum)| {
            let money = format_money(&payments_model::Money::new(*sum, c.clone()));
            format!("{} {money}", kind_label(*kind))
        })
        .collect::<Vec<_>>()
        .join(" · ");
    let parts = totals
        .sums
        .into_iter()
        .map(|(c, sum)| format_money(&payments_model::Money::new(sum, c)))
        .collect::<Vec<_>>()
        .join(" · ");
    let note = (untotalled > 0).then(|| t_count(k::totals::UNTOTALLED, untotalled, &[]));
    let count = count.map(|n| t_count(k::totals::SHOWN, n, &[]) + " ");
    (!parts.is_empty() || note.is_some() || count.is_some()).then(|| {
        view! {
            <p class="pc-totals">
                {count.map(|c| view! { <span class="pc-totals__label">{c}</span> })}
                {(!parts.is_empty()).then(|| view! { <span class="pc-totals__label">{t(k::totals::TOTAL)}" "</span>{parts} })}
                {note.map(|n| view! { <span class="pc-totals__note">{n}</span> })}
                {(!by_status.is_empty()).then(|| view! {
                    <span id=BY_STATUS_ID class="pc-totals__by-status">{by_status}</span>
                })}
            </p>
        }
    })
}

/// What a list's bulk bar acts on: its chosen payments, of its connection.
fn bulk_target(list: ListController) -> BulkTarget {
    let total = move || {
        list.state.with(|s| match s {
            ListState::Ready(p) => p
                .info
                .total_items
                .or(Some(p.items.len() as u64).filter(|_| !p.info.has_next)),
            _ => None,
        })
    };
    BulkTarget {
        selection: list.selection,
        conns: Signal::derive(move || vec![list.connection()]),
        what: Signal::derive(move || list.connection().name),
        all_words: Signal::derive(move || match total() {
            Some(n) => t_count(k::bulk::SELECT_ALL_N, n as usize, &[]),
            None => t(k::bulk::SELECT_ALL),
        }),
        select_all: Callback::new(move |_| {
            list.selection
                .all_matching(list.connection(), list.query.get_untracked())
        }),
        ended: Callback::new(move |_| list.reload()),
    }
}

/// What a viewer reads where the write buttons would be.
pub fn viewer_hint() -> String {
    t(k::list::VIEWER)
}
