//! A value as a view: text from the vendor (or a dash read as "not
//! set"), an amount with its currency, a moment in local time with its
//! exact UTC value in `<time datetime>` and a tooltip. Formatting is
//! [`crate::format`]'s.

use leptos::prelude::*;
use payments_model::time::Moment;
use payments_model::Money;

use crate::format::{format_moment_local, format_money};
use crate::language::k;

/// Text from the vendor, or a dash read as "not set" when absent.
#[component]
pub fn OptionalText(
    /// The text to show.
    text: Option<String>,
) -> impl IntoView {
    match text.filter(|t| !t.is_empty()) {
        Some(t) => view! { <span>{t}</span> }.into_any(),
        None => not_set().into_any(),
    }
}

fn not_set() -> impl IntoView {
    view! { <span class="pc-none" aria-label=crate::language::t(k::value::NOT_SET)>"—"</span> }
}

/// An amount with its currency, as text.
#[component]
pub fn MoneyText(
    /// The amount to show; absent amounts show a dash.
    money: Option<Money>,
) -> impl IntoView {
    match money {
        Some(m) => {
            let exact = if m.currency.is_stated() {
                m.to_string()
            } else {
                let amount = m.to_string();
                crate::language::t_with(k::money::NO_CURRENCY, &[("amount", &amount)])
            };
            view! { <span class="pc-money" title=exact>{format_money(&m)}</span> }.into_any()
        }
        None => not_set().into_any(),
    }
}

/// A time in local time; the exact UTC value is the `datetime` attribute
/// and the tooltip.
#[component]
pub fn MomentText(
    /// The moment to show; absent moments show a dash.
    moment: Option<Moment>,
) -> impl IntoView {
    match moment {
        Some(m) => {
            let exact = m.exact();
            view! {
                <time datetime=exact.clone() title=exact>{format_moment_local(&m)}</time>
            }
            .into_any()
        }
        None => not_set().into_any(),
    }
}
