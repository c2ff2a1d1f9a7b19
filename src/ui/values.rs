//! A value as a view: text from the vendor (or a dash read as "not
//! set"), an amount with its currency, a moment in local time with its
//! exact UTC value in `<time datetime>` and a tooltip. Formatting is
//! [`crate::format`]'s.

use leptos::prelude::*;
use payments_model::display::shortened;
use payments_model::time::Moment;
use payments_model::Money;

use crate::format::{format_moment_local, format_money};
use crate::language::k;

/// Text from the vendor, or a dash read as "not set" when absent; in a
/// list (`short`), a long id shortened ([`CopyId`]).
#[component]
pub fn OptionalText(
    /// The text to show.
    text: Option<String>,
    /// Whether a long id is shortened.
    #[prop(optional)]
    short: bool,
) -> impl IntoView {
    match text.filter(|t| !t.is_empty()) {
        Some(t) => match shortened(&t).filter(|_| short) {
            Some(s) => view! { <CopyId id=t short=s /> }.into_any(),
            None => view! { <span>{t}</span> }.into_any(),
        },
        None => not_set().into_any(),
    }
}

/// A long id shortened: the whole id shows on focus (and in its
/// tooltip), and pressing it copies the whole id.
#[component]
fn CopyId(
    /// The whole id.
    id: String,
    /// The id shortened.
    short: String,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let label = {
        let id = id.clone();
        move || {
            let key = if copied.get() {
                k::value::COPIED
            } else {
                k::value::COPY_ID
            };
            crate::language::t_with(key, &[("id", &id)])
        }
    };
    let whole = id.clone();
    // Said copied only once the browser has taken it.
    let copy = move |_| {
        let Some(w) = web_sys::window() else {
            return;
        };
        let taken =
            wasm_bindgen_futures::JsFuture::from(w.navigator().clipboard().write_text(&whole));
        leptos::task::spawn_local(async move {
            if taken.await.is_ok() && copied.try_set(true).is_none() {
                set_timeout(
                    move || {
                        let _ = copied.try_set(false);
                    },
                    std::time::Duration::from_millis(2000),
                );
            }
        });
    };
    view! {
        <button type="button" class="pc-id" class:pc-id--copied=move || copied.get() data-full=id.clone()
            title=id aria-label=label on:click=copy>{short}</button>
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
