//! The payments list of one connection: the vendor's filters, a table,
//! per-currency totals of what is shown, and the vendor's own pagination.
//!
//! The query lives in the page URL (`?status=…&page=…&size=…`), so reload
//! and a copied link show the same view. Each change of query cancels the
//! request still under way and keeps the previous rows on screen until the
//! new ones arrive, so the table does not jump.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use payments_model::http::encode_query;
use payments_model::providers::{self, FilterKind, FilterSpec, Provider};
use payments_model::validate::FieldErrors;
use payments_model::{ApiError, Connection, ErrorKind, ListPage, ListQuery};

use super::{
    format_money, local_input_value, utc_from_local_input, MomentText, MoneyText, OptionalText,
    Pager, StatusBadge,
};
use crate::api::send;

/// What the list has to show: a plain value, so its transitions are tested
/// without a browser.
#[derive(Clone, Debug, PartialEq)]
pub enum ListState {
    /// A request is under way; `previous` stays visible meanwhile.
    Loading {
        previous: Option<ListPage>,
    },
    Ready(ListPage),
    Failed {
        error: ApiError,
        previous: Option<ListPage>,
    },
}

impl ListState {
    /// The state once a new request starts: the rows shown so far stay.
    pub fn reloading(self) -> ListState {
        ListState::Loading {
            previous: self.into_page(),
        }
    }

    /// The state once the answer arrives.
    pub fn settle(self, result: Result<ListPage, ApiError>) -> ListState {
        match result {
            Ok(page) => ListState::Ready(page),
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
                previous.as_ref()
            }
        }
    }

    fn into_page(self) -> Option<ListPage> {
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

/// The payments list of `connection`, driven by the page URL.
#[component]
pub fn PaymentList(
    /// The connection whose payments are listed.
    connection: Connection,
) -> impl IntoView {
    let provider = providers::for_vendor(connection.vendor);
    let spec = provider.list_spec();
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        let params: Vec<(String, String)> = query_map.with(|m| {
            m.into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        });
        ListQuery::from_params(&params, spec.pagination, &spec.filter_names())
    });
    let navigate = use_navigate();
    let location = use_location();
    let go = Callback::new(move |q: ListQuery| {
        let qs = encode_query(&q.to_params(spec.pagination));
        let path = location.pathname.get_untracked();
        let to = if qs.is_empty() {
            path
        } else {
            format!("{path}?{qs}")
        };
        navigate(
            &to,
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    });

    let state = RwSignal::new(ListState::Loading { previous: None });
    let filter_errors = RwSignal::new(FieldErrors::default());
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
        let req = conn.with_value(|c| provider.list_request(c, &q));
        state.update(|s| *s = s.clone().reloading());
        spawn_local_scoped_with_cancellation(async move {
            let result = match send(req).await {
                Ok(resp) => conn.with_value(|c| provider.decode_list(c, &q, &resp)),
                Err(e) => Err(e),
            };
            state.update(|s| *s = s.clone().settle(result));
        });
    });

    let title = format!("{} payments", connection.name);
    let busy = Signal::derive(move || state.with(ListState::is_loading));
    view! {
        <section class="pc-list" aria-labelledby="pc-list-title">
            <h2 id="pc-list-title">{title}</h2>
            <ListFilters provider=provider query=query errors=filter_errors on_change=go />
            <StatusLine state=state on_retry=Callback::new(move |_| reload.update(|n| *n += 1)) />
            <div class="pc-table-wrap" aria-busy=move || busy.get().to_string()>
                {move || state.with(|s| s.page().cloned()).map(|page| view! {
                    <PaymentTable page=page.clone() />
                    <Totals page=page.clone() />
                    <Pager
                        info=page.info.clone()
                        busy=busy
                        on_page=Callback::new(move |n| go.run(query.get_untracked().with_page(n)))
                    />
                })}
            </div>
        </section>
    }
    .into_any()
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
    let sizes: Vec<u32> = [10, 25, 50, 100]
        .into_iter()
        .filter(|s| spec.pagination.max_size().is_some_and(|m| *s <= m))
        .collect();
    let current_size = move || match query.get().page {
        payments_model::query::PageRequest::Number { size, .. } => size.to_string(),
        payments_model::query::PageRequest::Cursor { count, .. } => count.to_string(),
        payments_model::query::PageRequest::All => String::new(),
    };
    view! {
        <form class="pc-filters" role="search" aria-label="Filter payments" on:submit=|ev| ev.prevent_default()>
            {filters}
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

/// Loading, empty and error messages, announced politely.
#[component]
fn StatusLine(
    /// The list state.
    state: RwSignal<ListState>,
    /// Called when the person asks to try again.
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="pc-status" role="status" aria-live="polite">
            {move || state.with(|s| match s {
                ListState::Loading { .. } => view! { <p class="pc-loading">"Loading payments…"</p> }.into_any(),
                ListState::Ready(p) if p.items.is_empty() => {
                    view! { <p class="pc-empty">"No payments match these filters."</p> }.into_any()
                }
                ListState::Ready(_) => ().into_any(),
                ListState::Failed { error, .. } => {
                    let text = error.to_string();
                    view! {
                        <div class="pc-error" role="alert">
                            <p>{text}</p>
                            <button type="button" class="pc-button" on:click=move |_| on_retry.run(())>
                                "Try again"
                            </button>
                        </div>
                    }
                    .into_any()
                }
            })}
        </div>
    }
}

/// The table of one page of payments.
#[component]
fn PaymentTable(
    /// The page to show.
    page: ListPage,
) -> impl IntoView {
    let rows = page
        .items
        .into_iter()
        .map(|p| {
            view! {
                <tr>
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
                    <th scope="col" class="pc-num">"Amount"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Contact"</th>
                    <th scope="col">"Event date"</th>
                    <th scope="col">"External ID"</th>
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

#[cfg(test)]
mod tests {
    use super::*;
    use payments_model::PageInfo;

    fn page(n: usize) -> ListPage {
        ListPage {
            items: Vec::new(),
            info: PageInfo {
                page: Some(n as u32),
                ..PageInfo::default()
            },
        }
    }

    #[test]
    fn reloading_keeps_the_rows_on_screen() {
        let s = ListState::Ready(page(1)).reloading();
        assert!(s.is_loading());
        assert_eq!(s.page(), Some(&page(1)));
    }

    #[test]
    fn a_failure_keeps_the_previous_rows_and_the_error() {
        let err = ApiError::from_status(500, None);
        let s = ListState::Ready(page(1))
            .reloading()
            .settle(Err(err.clone()));
        assert_eq!(s.page(), Some(&page(1)));
        assert!(matches!(s, ListState::Failed { ref error, .. } if *error == err));
        let s = s.reloading().settle(Ok(page(2)));
        assert_eq!(s, ListState::Ready(page(2)));
    }
}
