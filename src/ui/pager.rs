//! Previous / next page controls with the vendor's totals, and the page
//! size chooser.

use leptos::prelude::*;
use payments_model::PageInfo;

use crate::format::format_count;
use crate::language::{k, t, t_count, t_with};

/// Page navigation for numbered pages.
#[component]
pub fn Pager(
    /// Where the current page sits in the list.
    info: PageInfo,
    /// Called with the page number to show.
    on_page: Callback<u32>,
    /// Whether a request is under way (the buttons stay usable).
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let page = info.page.unwrap_or(1);
    let page_text = format_count(page as usize);
    let summary = match (info.total_pages, info.total_items) {
        (Some(pages), Some(items)) => {
            let pages = format_count(pages.max(1) as usize);
            let args = [("page", page_text.as_str()), ("pages", pages.as_str())];
            t_count(k::pager::PAGE_OF_ITEMS, items as usize, &args)
        }
        (Some(pages), None) => {
            let pages = format_count(pages.max(1) as usize);
            t_with(
                k::pager::PAGE_OF,
                &[("page", &page_text), ("pages", &pages)],
            )
        }
        _ => t_with(k::pager::PAGE, &[("page", &page_text)]),
    };
    let prev = info.has_prev;
    let next = info.has_next;
    view! {
        <nav class="pc-pager" aria-label=t(k::pager::LABEL)>
            <button
                type="button"
                class="pc-button"
                disabled=!prev
                aria-disabled=move || (busy.get() || !prev).to_string()
                on:click=move |_| on_page.run(page.saturating_sub(1).max(1))
            >
                {t(k::pager::PREVIOUS)}
            </button>
            <span class="pc-pager__summary">{summary}</span>
            <button
                type="button"
                class="pc-button"
                disabled=!next
                aria-disabled=move || (busy.get() || !next).to_string()
                on:click=move |_| on_page.run(page + 1)
            >
                {t(k::pager::NEXT)}
            </button>
        </nav>
    }
}

/// Previous / next for cursor lists (newest first: "Next page" is older).
#[component]
pub fn CursorPager(
    /// Where the current page sits.
    info: PageInfo,
    /// Whether a request is under way.
    #[prop(into)]
    busy: Signal<bool>,
    /// Called with `true` for the next (older) page, `false` for the
    /// previous (newer) one.
    on_move: Callback<bool>,
) -> impl IntoView {
    let (prev, next) = (info.has_prev, info.has_next);
    view! {
        <nav class="pc-pager" aria-label=t(k::pager::LABEL)>
            <button type="button" class="pc-button" disabled=!prev
                aria-disabled=move || (busy.get() || !prev).to_string()
                on:click=move |_| on_move.run(false)>{t(k::pager::PREVIOUS)}</button>
            <button type="button" class="pc-button" disabled=!next
                aria-disabled=move || (busy.get() || !next).to_string()
                on:click=move |_| on_move.run(true)>{t(k::pager::NEXT)}</button>
        </nav>
    }
}
