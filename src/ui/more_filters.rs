//! "More filters": the filters a list's one line of controls has no room
//! for, behind a button that opens them over the rows (Escape or the
//! button closes them again), and each of them that holds a value shown
//! on the line as a chip with its value and a button that removes it.

use leptos::prelude::*;
use payments_model::time::{self, Moment};
use payments_model::vendors::FieldKind;

use crate::format::format_moment_local;
use crate::language::{k, t, t_with};

/// A filter behind "More filters", as its chip shows it.
#[derive(Clone)]
pub struct FilterChip {
    /// The filter's label.
    pub label: String,
    /// What kind of value it holds, to show the value in words.
    pub kind: FieldKind,
    /// Its value now (empty when not in use).
    pub value: Signal<String>,
    /// Empties it.
    pub clear: Callback<()>,
}

/// A filter's value as its chip shows it: days and instants as the
/// console writes them, a flag or a yes or no in words, the rest as
/// typed.
pub fn chip_value(kind: FieldKind, value: &str) -> String {
    match kind {
        FieldKind::Flag => t(k::value::YES),
        FieldKind::Bool => match value {
            "true" => t(k::value::YES),
            "false" => t(k::value::NO),
            other => other.to_string(),
        },
        FieldKind::Date | FieldKind::Day | FieldKind::DateTime => match time::parse_text(value) {
            Ok(Some(m @ (Moment::Day(_) | Moment::At(_)))) => format_moment_local(&m),
            _ => value.to_string(),
        },
        _ => value.to_string(),
    }
}

/// What the "More filters" button says: how many of its filters are in
/// use, where any is.
pub fn more_words(in_use: usize) -> String {
    match in_use {
        0 => t(k::filters::MORE),
        n => t_with(k::filters::MORE_IN_USE, &[("count", &n.to_string())]),
    }
}

/// A chip's text: the filter's label and its value.
pub fn chip_words(label: &str, kind: FieldKind, value: &str) -> String {
    format!("{label}: {}", chip_value(kind, value))
}

/// "More filters" with `children` (the controls) behind it, and a chip
/// for each of `chips` in use.
#[component]
pub fn MoreFilters(
    /// The filters behind the button, for their chips.
    chips: Vec<FilterChip>,
    /// The controls of those filters.
    children: Children,
) -> impl IntoView {
    let details = NodeRef::<leptos::html::Details>::new();
    let values: Vec<Signal<String>> = chips.iter().map(|c| c.value).collect();
    let in_use = move || values.iter().filter(|v| v.with(|v| !v.is_empty())).count();
    let close_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            if let Some(d) = details.get_untracked() {
                if d.open() {
                    ev.stop_propagation();
                    d.set_open(false);
                    focus_summary(&d);
                }
            }
        }
    };
    let chips = chips
        .into_iter()
        .map(|c| {
            let FilterChip {
                label,
                kind,
                value,
                clear,
            } = c;
            let remove = t_with(k::filters::REMOVE, &[("label", &label)]);
            move || {
                let v = value.get();
                (!v.is_empty()).then(|| {
                    view! {
                        <li class="pc-chip pc-chip--filter">
                            <span>{chip_words(&label, kind, &v)}</span>
                            <button type="button" class="pc-chip__remove" aria-label=remove.clone()
                                on:click=move |_| clear.run(())>"×"</button>
                        </li>
                    }
                })
            }
        })
        .collect_view();
    view! {
        <details class="pc-more" node_ref=details on:keydown=close_on_escape>
            <summary>{move || more_words(in_use())}</summary>
            <div class="pc-more__panel">{children()}</div>
        </details>
        <ul class="pc-chips pc-filter-chips" aria-label=t(k::filters::IN_USE)>{chips}</ul>
    }
}

/// Moves the focus back to the button of a closed "More filters".
fn focus_summary(details: &web_sys::HtmlDetailsElement) {
    use wasm_bindgen::JsCast;
    if let Some(s) = details
        .query_selector("summary")
        .ok()
        .flatten()
        .and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = s.focus();
    }
}
