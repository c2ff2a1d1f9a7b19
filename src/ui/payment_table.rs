//! The table of a list's payments. Up to [`WINDOW_FROM`] rows it is drawn
//! whole; a longer list (a vendor that sends ten thousand payments at
//! once) is drawn as a window: a real `<table>` in a scrolling region
//! that holds only the rows in view and a margin either side, between two
//! spacer rows whose heights keep the scroll bar true. Rows keep their
//! semantics (`aria-rowcount`, `aria-rowindex`), the region scrolls with
//! the keyboard, and tabbing through the links moves the window along.

use leptos::html::Div;
use leptos::prelude::*;
use payments_model::Payment;
use wasm_bindgen::JsCast;

use super::{MomentText, MoneyText, OptionalText, StatusBadge};
use crate::routing::Link;
use crate::state::{ListController, RowWindow, Shown, WINDOW_FROM};
use crate::timing;

/// The payments of `shown`, in its order; each id links to its payment.
#[component]
pub fn PaymentTable(
    /// The page and the rows of it to draw.
    shown: Shown,
    /// The list's controller, for the headings and the links.
    list: ListController,
) -> impl IntoView {
    let columns = list.connection().vendor.profile().columns;
    let (who, when, reference) = (columns.counterparty, columns.date, columns.reference);
    let total = shown.rows.len();
    let unreadable = unreadable_rows(&shown);
    let row_count = total + shown.page.unreadable.len() + 1;
    Effect::new(move |_| timing::mark(timing::LIST_ROWS));
    let head = view! {
        <thead>
            <tr aria-rowindex="1">
                <th scope="col">"ID"</th>
                <th scope="col" class="pc-num">"Amount"</th>
                <th scope="col">"Status"</th>
                <th scope="col">{who}</th>
                <th scope="col">{when}</th>
                <th scope="col">{reference}</th>
            </tr>
        </thead>
    };
    let row = move |i: usize| payment_row(&shown, i, list).into_any();
    rows_table(
        total,
        row_count,
        head.into_any(),
        unreadable.into_any(),
        row,
    )
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
                <caption class="pc-visually-hidden">"Payments"</caption>
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
    let label = format!("Payments, {total} rows");
    view! {
        <div class="pc-table-scroll" node_ref=region tabindex="0" role="region" aria-label=label
            on:scroll=move |_| measure()>
            <table class="pc-table" aria-rowcount=row_count>
                <caption class="pc-visually-hidden">"Payments"</caption>
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
/// heading row).
fn payment_row(shown: &Shown, i: usize, list: ListController) -> impl IntoView {
    let p: Option<&Payment> = shown.rows.get(i).and_then(|at| shown.page.items.get(*at));
    p.map(|p| {
        let flagged = (!p.problems.is_empty()).then(|| view! {
            <span class="pc-flag" title="Some fields could not be read" aria-label="some fields could not be read">"!"</span>
        });
        let id = p.id.clone();
        view! {
            <tr class="pc-row" aria-rowindex=i + 2>
                <th scope="row"><Link to=list.payment(&p.id)>{id}</Link>{flagged}</th>
                <td class="pc-num"><MoneyText money=p.amount.clone() /></td>
                <td><StatusBadge status=p.status.clone() /></td>
                <td><OptionalText text=p.counterparty.clone() /></td>
                <td><MomentText moment=p.occurred_at /></td>
                <td><OptionalText text=p.reference.clone() /></td>
            </tr>
        }
    })
}

/// A flagged row for each item of the answer that could not be read.
fn unreadable_rows(shown: &Shown) -> impl IntoView {
    let first_index = shown.rows.len() + 2;
    shown
        .page
        .unreadable
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let label = format!("Item {} of the vendor's answer", item.position);
            view! {
                <tr class="pc-unreadable" aria-rowindex=first_index + n>
                    <th scope="row">{label}<span class="pc-flag" aria-hidden="true">"!"</span></th>
                    <td colspan="5">
                        <details class="pc-raw">
                            <summary>"Could not be read as a payment: "{item.reason.clone()}". Show its JSON"</summary>
                            <pre>{item.raw.clone()}</pre>
                        </details>
                    </td>
                </tr>
            }
        })
        .collect_view()
}
