//! The payments list of one connection: the vendor's filters and sort, a
//! table linking to each payment, per-currency totals of what is shown,
//! and the vendor's own pagination (numbered pages, cursors, or one page).
//!
//! The query lives in the page URL, so reload and a copied link show the
//! same view. Each change of query cancels the request still under way and
//! keeps the previous rows on screen until the new ones arrive, so the
//! table does not jump.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use payments_model::http::percent_encode;
use payments_model::providers::display::columns;
use payments_model::providers::{self, FilterKind, FilterSpec, Provider};
use payments_model::query::{PageRequest, Pagination};
use payments_model::validate::FieldErrors;
use payments_model::{ApiError, Connection, ErrorKind, ListPage, ListQuery};

use super::{
    format_money, local_input_value, utc_from_local_input, Console, CursorPager, ErrorNotice,
    MomentText, MoneyText, OptionalText, Pager, StatusBadge,
};
use crate::api::{payments, Waiting};
use crate::routing::{Link, Place, Route, Router};
use crate::state::ListState;

/// The list page of a connection.
#[component]
pub fn PaymentListPage(
    /// The connection's id.
    conn: String,
) -> impl IntoView {
    let console = Console::get();
    move || {
        let id = conn.clone();
        if !console.ready.get() {
            return view! { <p class="pc-loading" role="status">"Loading connections…"</p> }
                .into_any();
        }
        match console.find(&id) {
            Some(conn) => view! { <PaymentList connection=conn /> }.into_any(),
            None => view! {
                <p class="pc-notice">"There is no connection "{id}". "<Link to="/connections">"Connections"</Link></p>
            }
            .into_any(),
        }
    }
}

/// The payments list of `connection`, driven by the page URL.
#[component]
pub fn PaymentList(
    /// The connection whose payments are listed.
    connection: Connection,
) -> impl IntoView {
    let provider = providers::for_vendor(connection.vendor);
    let spec = provider.list_spec();
    let caps = provider.capabilities();
    let router = Router::get();
    let query = Memo::new(move |_| {
        router
            .place
            .with(|p| ListQuery::from_params(&p.query, spec.pagination, &spec.filter_names()))
    });
    let route = Route::List {
        conn: connection.id.clone(),
    };
    let go = Callback::new(move |q: ListQuery| {
        let place = Place {
            route: route.clone(),
            query: q.to_params(spec.pagination),
        };
        router.go(&place.href(), false);
    });

    // Reports failures to an embedding host, when inside a console.
    let console = use_context::<Console>();
    let state = RwSignal::new(ListState::Loading { previous: None });
    let filter_errors = RwSignal::new(FieldErrors::default());
    let waiting: Waiting = RwSignal::new(None);
    let reload = RwSignal::new(0u32);
    let conn = StoredValue::new(connection.clone());
    Effect::new(move |_| {
        let q = query.get();
        reload.track();
        let problems = spec.validate(&q);
        filter_errors.set(problems.clone());
        if !problems.is_empty() {
            let error = ApiError::new(
                ErrorKind::Invalid,
                "Some filters are not valid: correct them to see payments.",
            );
            state.update(|s| *s = s.clone().reloading().settle(Err(error)));
            return;
        }
        state.update(|s| *s = s.clone().reloading());
        spawn_local_scoped_with_cancellation(async move {
            let c = conn.get_value();
            let result = payments::list(&c, &q, Some(waiting)).await;
            if let (Err(e), Some(console)) = (&result, console) {
                console.report(&c, e);
            }
            state.update(|s| *s = s.clone().settle(result));
        });
    });

    let title = format!("{} payments", connection.name);
    let busy = Signal::derive(move || state.with(ListState::is_loading));
    let new_href = format!("/c/{}/new", connection.id);
    let vendor = connection.vendor;
    view! {
        <section class="pc-list" aria-labelledby="pc-list-title">
            <div class="pc-list-head">
                <h2 id="pc-list-title">{title}</h2>
                {match caps.create {
                    Some(_) => view! { <Link to=new_href class="pc-button">"New payment"</Link> }.into_any(),
                    None => view! { <p class="pc-hint">{caps.limits}</p> }.into_any(),
                }}
            </div>
            <ListFilters provider=provider query=query errors=filter_errors on_change=go />
            <div class="pc-status" role="status" aria-live="polite">
                {move || waiting.get().map(|w| view! { <p class="pc-waiting">{w}</p> })}
                {move || state.with(|s| match s {
                    ListState::Loading { .. } => Some(view! { <p class="pc-loading">"Loading payments…"</p> }.into_any()),
                    ListState::Ready(p) if p.items.is_empty() => {
                        Some(view! { <p class="pc-empty">"No payments match these filters."</p> }.into_any())
                    }
                    _ => None,
                })}
            </div>
            {move || state.with(|s| match s {
                ListState::Failed { error, .. } => Some(view! {
                    <ErrorNotice error=error.clone() on_retry=Callback::new(move |_| reload.update(|n| *n += 1)) />
                }),
                _ => None,
            })}
            <div class="pc-table-wrap" aria-busy=move || busy.get().to_string()>
                {move || state.with(|s| s.page().cloned()).map(|page| {
                    let conn_id = conn.with_value(|c| c.id.clone());
                    view! {
                        <PaymentTable page=page.clone() vendor=vendor conn_id=conn_id />
                        <Totals page=page.clone() />
                        <ListPager page=page pagination=spec.pagination query=query busy=busy on_change=go />
                    }
                })}
            </div>
        </section>
    }
}

/// The pagination control the vendor's style calls for.
#[component]
fn ListPager(
    /// The page shown.
    page: ListPage,
    /// The vendor's paging style.
    pagination: Pagination,
    /// The current query.
    query: Memo<ListQuery>,
    /// Whether a request is under way.
    busy: Signal<bool>,
    /// Called with the query of another page.
    on_change: Callback<ListQuery>,
) -> impl IntoView {
    match pagination {
        Pagination::Cursor { .. } => {
            let next = page.info.next_cursor.clone();
            let prev = page.info.prev_cursor.clone();
            view! {
                <CursorPager info=page.info.clone() busy=busy on_move=Callback::new(move |older: bool| {
                    let mut q = query.get_untracked();
                    if let PageRequest::Cursor { after, before, .. } = &mut q.page {
                        if older {
                            *after = None;
                            *before = next.clone();
                        } else {
                            *before = None;
                            *after = prev.clone();
                        }
                    }
                    on_change.run(q);
                }) />
            }
            .into_any()
        }
        Pagination::Unpaged => {
            let n = page.items.len();
            view! { <p class="pc-pager__summary">{format!("{n} payment{}", if n == 1 { "" } else { "s" })}</p> }.into_any()
        }
        _ => view! {
            <Pager info=page.info.clone() busy=busy on_page=Callback::new(move |n| on_change.run(query.get_untracked().with_page(n))) />
        }
        .into_any(),
    }
}

/// One labelled control per documented filter, plus the page size.
#[component]
fn ListFilters(
    /// The vendor adapter, which declares the filters.
    provider: &'static dyn Provider,
    /// The current query.
    query: Memo<ListQuery>,
    /// Problems with the filters, by filter name.
    errors: RwSignal<FieldErrors>,
    /// Called with the changed query.
    on_change: Callback<ListQuery>,
) -> impl IntoView {
    let spec = provider.list_spec();
    let filters = spec
        .filters
        .iter()
        .map(|f| view! { <FilterControl spec=*f query=query errors=errors on_change=on_change /> })
        .collect_view();
    let mut sizes: Vec<u32> = [10, 20, 25, 50, 100]
        .into_iter()
        .filter(|s| spec.pagination.max_size().is_some_and(|m| *s <= m))
        .collect();
    if let Some(d) = spec.pagination.default_size() {
        if !sizes.contains(&d) {
            sizes.push(d);
            sizes.sort_unstable();
        }
    }
    let current_size = move || match query.get().page {
        PageRequest::Number { size, .. } => size.to_string(),
        PageRequest::Cursor { count, .. } => count.to_string(),
        PageRequest::All => String::new(),
    };
    let sorts = spec.sorts;
    let sort_value = move || query.with(|q| q.sort.clone().unwrap_or_default());
    view! {
        <form class="pc-filters" role="search" aria-label="Filter payments" on:submit=|ev| ev.prevent_default()>
            {filters}
            {(!sorts.is_empty()).then(|| view! {
                <div class="pc-field">
                    <label for="pc-sort">"Sort"</label>
                    <select id="pc-sort" prop:value=sort_value on:change=move |ev| {
                        let mut q = query.get_untracked().with_page(1);
                        let v = event_target_value(&ev);
                        q.sort = (!v.is_empty()).then_some(v);
                        on_change.run(q);
                    }>
                        <option value="">"Vendor's default"</option>
                        {sorts.iter().map(|(v, words)| {
                            let v = *v;
                            view! { <option value=v selected=move || sort_value() == v>{*words}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
            {(!sizes.is_empty()).then(|| view! {
                <div class="pc-field">
                    <label for="pc-page-size">"Rows per page"</label>
                    <select
                        id="pc-page-size"
                        prop:value=current_size
                        on:change=move |ev| {
                            if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                                on_change.run(query.get_untracked().with_size(n));
                            }
                        }
                    >
                        {sizes.into_iter().map(|s| {
                            let v = s.to_string();
                            view! { <option value=v.clone() selected=move || current_size() == v>{s}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
        </form>
    }
}

/// The control for one filter, with its error (if any) tied to it.
#[component]
fn FilterControl(
    /// The filter's declaration.
    spec: FilterSpec,
    /// The current query.
    query: Memo<ListQuery>,
    /// Problems with the filters, by filter name.
    errors: RwSignal<FieldErrors>,
    /// Called with the changed query.
    on_change: Callback<ListQuery>,
) -> impl IntoView {
    let id = format!("pc-filter-{}", spec.name);
    let error_id = format!("{id}-error");
    let name = spec.name;
    let value = move || query.with(|q| q.filters.get(name).cloned().unwrap_or_default());
    let set = move |v: String| on_change.run(query.get_untracked().with_filter(name, &v));
    let error = move || errors.with(|e| e.get(name).map(str::to_string));
    let invalid = move || error().is_some().to_string();
    let described = {
        let error_id = error_id.clone();
        move || error().map(|_| error_id.clone())
    };
    let control = match spec.kind {
        FilterKind::Choice(options) => view! {
            <select id=id.clone() prop:value=value aria-invalid=invalid aria-describedby=described
                on:change=move |ev| set(event_target_value(&ev))>
                <option value="">"Any"</option>
                {options.iter().map(|o| {
                    let o = *o;
                    view! { <option value=o selected=move || value() == o>{o}</option> }
                }).collect_view()}
            </select>
        }
        .into_any(),
        FilterKind::Bool => view! {
            <select id=id.clone() prop:value=value aria-invalid=invalid aria-describedby=described
                on:change=move |ev| set(event_target_value(&ev))>
                <option value="">"Any"</option>
                <option value="true" selected=move || value() == "true">"Yes"</option>
                <option value="false" selected=move || value() == "false">"No"</option>
            </select>
        }
        .into_any(),
        FilterKind::Flag => view! {
            <input id=id.clone() type="checkbox" prop:checked=move || value() == "true"
                on:change=move |ev| set(if event_target_checked(&ev) { "true".into() } else { String::new() }) />
        }
        .into_any(),
        FilterKind::Date => view! {
            <input id=id.clone() type="date" prop:value=value aria-invalid=invalid aria-describedby=described
                on:change=move |ev| set(event_target_value(&ev)) />
        }
        .into_any(),
        FilterKind::DateTime => view! {
            <input id=id.clone() type="datetime-local" prop:value=move || local_input_value(&value())
                aria-invalid=invalid aria-describedby=described
                on:change=move |ev| set(utc_from_local_input(&event_target_value(&ev))) />
        }
        .into_any(),
        FilterKind::Text => view! {
            <input id=id.clone() type="search" prop:value=value aria-invalid=invalid aria-describedby=described
                on:change=move |ev| set(event_target_value(&ev)) />
        }
        .into_any(),
    };
    let class = if matches!(spec.kind, FilterKind::Flag) {
        "pc-field pc-field--check"
    } else {
        "pc-field"
    };
    view! {
        <div class=class>
            <label for=id>{spec.label}</label>
            {control}
            {move || error().map(|m| view! { <p id=error_id.clone() class="pc-field-error">{m}</p> })}
        </div>
    }
}

/// The table of one page of payments; each id links to its payment.
#[component]
fn PaymentTable(
    /// The page to show.
    page: ListPage,
    /// The vendor, for the column headings.
    vendor: payments_model::Vendor,
    /// The connection's id, for the links.
    conn_id: String,
) -> impl IntoView {
    let [who, when, reference] = columns(vendor);
    let rows = page
        .items
        .into_iter()
        .map(|p| {
            let href = format!("/c/{conn_id}/p/{}", percent_encode(&p.id));
            let flagged = (!p.problems.is_empty()).then(|| view! {
                <span class="pc-flag" title="Some fields could not be read" aria-label="some fields could not be read">"!"</span>
            });
            view! {
                <tr>
                    <th scope="row"><Link to=href>{p.id.clone()}</Link>{flagged}</th>
                    <td class="pc-num"><MoneyText money=p.amount.clone() /></td>
                    <td><StatusBadge status=p.status.clone() /></td>
                    <td><OptionalText text=p.counterparty.clone() /></td>
                    <td><MomentText moment=p.occurred_at /></td>
                    <td><OptionalText text=p.reference.clone() /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="pc-table">
            <caption class="pc-visually-hidden">"Payments"</caption>
            <thead>
                <tr>
                    <th scope="col">"ID"</th>
                    <th scope="col" class="pc-num">"Amount"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">{who}</th>
                    <th scope="col">{when}</th>
                    <th scope="col">{reference}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The sum of the amounts on screen, per currency.
#[component]
fn Totals(
    /// The page whose amounts are summed.
    page: ListPage,
) -> impl IntoView {
    let totals = page.totals();
    (!totals.is_empty()).then(|| {
        let parts = totals
            .into_iter()
            .map(|(c, sum)| format_money(&payments_model::Money::new(sum, c)))
            .collect::<Vec<_>>()
            .join(" · ");
        view! {
            <p class="pc-totals"><span class="pc-totals__label">"Total shown: "</span>{parts}</p>
        }
    })
}
