//! The table of a list's payments (on a phone, a card per payment: each
//! cell carries its [`CardSlot`]'s class). Up to [`WINDOW_FROM`] rows it is drawn
//! whole; a longer list (a vendor that sends ten thousand payments at
//! once) is drawn as a window: a real `<table>` in a scrolling region
//! that holds only the rows in view and a margin either side, between two
//! spacer rows whose heights keep the scroll bar true. Rows keep their
//! semantics (`aria-rowcount`, `aria-rowindex`), the region scrolls with
//! the keyboard, and tabbing through the links moves the window along.

use leptos::html::Div;
use leptos::prelude::*;
use std::sync::Arc;

use payments_model::columns::{CardSlot, Column};
use payments_model::display::{field_value, DetailValue};
use payments_model::Payment;
use wasm_bindgen::JsCast;

use super::{MomentText, MoneyText, OptionalText, StatusBadge};
use crate::language::{k, t, t_count, t_with};
use crate::routing::Link;
use crate::state::{ListController, Row, RowWindow, Shown, WINDOW_FROM};
use crate::timing;

/// The payments of `shown`, in its order; each id links to its payment.
#[component]
pub fn PaymentTable(
    /// The page and the rows of it to draw.
    shown: Shown,
    /// The list's controller, for the headings and the links.
    list: ListController,
) -> impl IntoView {
    let profile = list.columns.profile();
    let total = shown.rows.len();
    let row_count = total + shown.page.unreadable.len() + 1;
    Effect::new(move |_| {
        timing::mark(timing::LIST_ROWS);
        crate::snapshot::drawn();
    });
    let shown = StoredValue::new(shown);
    move || {
        let columns: Arc<[Column]> = list.columns.choice.with(|c| c.shown().into());
        let selection = list.selection;
        let conn_id = StoredValue::new(list.connection().id);
        // The page's rows are borrowed: a list of ten thousand is never
        // copied to ask whether all of it is chosen.
        let page_chosen = move || {
            shown.with_value(|s| {
                conn_id.with_value(|c| selection.selection.with(|sel| sel.has_all(&rows_of(s, c))))
            })
        };
        let head = view! {
            <thead>
                <tr aria-rowindex="1">
                    <th scope="col" class="pc-select">
                        <input type="checkbox" aria-label=t(k::table::SELECT_PAGE) prop:checked=page_chosen
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                shown.with_value(|s| conn_id.with_value(|c| selection.page(&rows_of(s, c), on)));
                            } />
                    </th>
                    {columns.iter().map(|c| {
                        let class = (*c == Column::Amount).then_some("pc-num");
                        view! { <th scope="col" class=class>{t(c.heading(profile))}</th> }
                    }).collect_view()}
                </tr>
            </thead>
        };
        let unreadable = shown.with_value(|s| unreadable_rows(s, columns.len() + 1));
        let cells = columns.clone();
        let row = move |i: usize| shown.with_value(|s| payment_row(s, i, list, &cells));
        rows_table(
            total,
            row_count,
            head.into_any(),
            unreadable.into_any(),
            row,
        )
    }
}

/// A table of `total` rows drawn by `row` (each its own `<tr>`), after
/// `head` and before `tail` (extra rows): whole up to [`WINDOW_FROM`]
/// rows, else as a window in a scrolling region. `row_count` is the
/// table's `aria-rowcount`.
pub fn rows_table(
    total: usize,
    row_count: usize,
    head: AnyView,
    tail: AnyView,
    row: impl Fn(usize) -> AnyView + Clone + Send + Sync + 'static,
) -> AnyView {
    if total <= WINDOW_FROM {
        let rows = (0..total).map(&row).collect_view();
        return view! {
            <table class="pc-table" aria-rowcount=row_count>
                <caption class="pc-visually-hidden">{t(k::table::CAPTION)}</caption>
                {head}
                <tbody>{rows}{tail}</tbody>
            </table>
        }
        .into_any();
    }
    let region = NodeRef::<Div>::new();
    let window = RwSignal::new(RowWindow::new(total, 600.0));
    let range = Memo::new(move |_| window.with(RowWindow::range));
    let measure = move || {
        let Some(el) = region.get_untracked() else {
            return;
        };
        let row_height = el
            .query_selector("tbody tr.pc-row")
            .ok()
            .flatten()
            .and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok())
            .map(|r| f64::from(r.offset_height()));
        let next = RowWindow {
            rows: total,
            row_height: row_height.unwrap_or(window.get_untracked().row_height),
            view_height: f64::from(el.client_height()),
            scroll_top: f64::from(el.scroll_top()),
        };
        if window.get_untracked() != next {
            window.set(next);
        }
    };
    // Measured once drawn (a row's height follows the theme's density),
    // and again whenever the window's size changes.
    Effect::new(move |_| {
        if region.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    let spacer = move |above: bool| {
        let height = move || {
            let (top, bottom) = window.with(RowWindow::padding);
            // Whole pixels: formatting a float would cost the download
            // the float-printing code.
            let px = if above { top } else { bottom };
            format!("{}px", px.round() as i64)
        };
        view! {
            <tr class="pc-spacer" aria-hidden="true"><td colspan="6" style:height=height></td></tr>
        }
    };
    let label = t_count(k::table::REGION, total, &[]);
    view! {
        <div class="pc-table-scroll" node_ref=region tabindex="0" role="region" aria-label=label
            on:scroll=move |_| measure()>
            <table class="pc-table" aria-rowcount=row_count>
                <caption class="pc-visually-hidden">{t(k::table::CAPTION)}</caption>
                {head}
                <tbody>
                    {spacer(true)}
                    <For each=move || range.get() key=|i| *i let(i)>
                        {row(i)}
                    </For>
                    {spacer(false)}
                    {tail}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The row of the `i`-th payment shown (its `aria-rowindex` counts the
/// heading row), one cell per column.
fn payment_row(shown: &Shown, i: usize, list: ListController, columns: &[Column]) -> AnyView {
    let p: Option<&Payment> = shown.rows.get(i).and_then(|at| shown.page.items.get(*at));
    let Some(p) = p else {
        return ().into_any();
    };
    let conn = list.connection();
    {
        let slots = CardSlot::of(columns);
        let cells = columns
            .iter()
            .zip(slots.iter().map(|s| s.class()))
            .map(|(c, class)| match c {
                Column::Id => {
                    let flagged = (!p.problems.is_empty()).then(|| view! {
                        <span class="pc-flag" title=t(k::table::FLAG) aria-label=t(k::table::FLAG)>"!"</span>
                    });
                    let id = p.id.clone();
                    view! { <th scope="row" class=class><Link to=list.payment(&p.id)>{id}</Link>{flagged}</th> }.into_any()
                }
                Column::Amount => view! { <td class=class><MoneyText money=p.amount.clone() /></td> }.into_any(),
                Column::Status => view! { <td class=class><StatusBadge status=p.status.clone() /></td> }.into_any(),
                Column::Counterparty => view! { <td class=class><OptionalText text=p.counterparty.clone() short=true /></td> }.into_any(),
                Column::Date => view! { <td class=class><MomentText moment=p.occurred_at /></td> }.into_any(),
                Column::Reference => view! { <td class=class><OptionalText text=p.reference.clone() short=true /></td> }.into_any(),
                Column::Field(f) => {
                    let value = field_value(p, &conn, f);
                    view! { <td class=class>{cell_value(value)}</td> }.into_any()
                }
            })
            .collect_view();
        let selection = list.selection;
        let id = p.id.clone();
        let conn_id = conn.id.clone();
        let chosen = {
            let conn_id = conn_id.clone();
            move || selection.selection.with(|s| s.contains(&conn_id, &id))
        };
        let rows = shown.clone();
        let pick = move |ev: leptos::ev::MouseEvent| {
            let on = event_target_checked(&ev);
            selection.click(&rows_of(&rows, &conn_id), i, on, ev.shift_key());
        };
        let label = t_with(k::table::SELECT, &[("id", &p.id)]);
        view! {
            <tr class="pc-row" aria-rowindex=i + 2 data-connection=conn.id.clone() data-payment=p.id.clone()>
                <td class="pc-select"><input type="checkbox" aria-label=label prop:checked=chosen on:click=pick /></td>
                {cells}
            </tr>
        }
        .into_any()
    }
}

/// The payments of `shown`, in order, as rows of connection `conn`
/// (borrowed, never copied).
fn rows_of<'a>(shown: &'a Shown, conn: &'a str) -> Vec<Row<'a>> {
    shown.payments().map(|p| (conn, p)).collect()
}

/// A documented field in a cell: as on the payment's page, but a time
/// without its exact value beside it (that is its tooltip).
fn cell_value(value: DetailValue) -> AnyView {
    match value {
        DetailValue::Time(m) => view! { <MomentText moment=Some(m) /> }.into_any(),
        other => super::payment_detail::detail_value(other),
    }
}

/// A flagged row for each item of the answer that could not be read.
fn unreadable_rows(shown: &Shown, columns: usize) -> impl IntoView {
    let span = columns.saturating_sub(1).max(1);
    let first_index = shown.rows.len() + 2;
    shown
        .page
        .unreadable
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let position = item.position.to_string();
            let label = t_with(k::table::UNREADABLE_ITEM, &[("position", &position)]);
            let reason = t_with(k::table::UNREADABLE_REASON, &[("reason", &item.reason)]);
            view! {
                <tr class="pc-unreadable" aria-rowindex=first_index + n>
                    <th scope="row">{label}<span class="pc-flag" aria-hidden="true">"!"</span></th>
                    <td colspan=span>
                        <details class="pc-raw">
                            <summary>{reason}</summary>
                            <pre>{item.raw.clone()}</pre>
                        </details>
                    </td>
                </tr>
            }
        })
        .collect_view()
}
