//! The search box of All payments: an id or a reference, looked for in
//! every connection, each answering on its own line with links to what it
//! found.

use leptos::prelude::*;

use crate::language::{k, say, t, t_with};
use crate::routing::{Link, Route};
use crate::state::shortcuts::Shortcut;
use crate::state::{SearchAnswer, SearchController, WorkspaceController};

/// Finds a payment by id or reference across the connections of `c`.
#[component]
pub fn PaymentSearch(
    /// All payments' controller.
    c: WorkspaceController,
) -> impl IntoView {
    let search = SearchController::new();
    let typed = RwSignal::new(String::new());
    let line = move |l: crate::state::SearchLine| {
        let answer = match l.answer {
            SearchAnswer::Asking => view! { <span>{t(k::search::ASKING)}</span> }.into_any(),
            SearchAnswer::NotFound => view! { <span>{t(k::search::NOT_FOUND)}</span> }.into_any(),
            SearchAnswer::Failed(why) => {
                view! { <span class="pc-danger">{t_with(k::search::FAILED, &[("reason", &say(&why))])}</span> }
                    .into_any()
            }
            SearchAnswer::Found(ids) => ids
                .into_iter()
                .map(|pid| {
                    let to = Route::Detail {
                        connection_id: l.connection_id.clone(),
                        pid: pid.clone(),
                    };
                    view! { <Link to=to>{t_with(k::search::PAYMENT, &[("id", &pid)])}</Link>" " }
                })
                .collect_view()
                .into_any(),
        };
        view! { <li>{l.name}": "{answer}<span class="pc-muted">{format!(" ({})", l.how)}</span></li> }
    };
    view! {
        <form class="pc-search" role="search" aria-label=t(k::search::LABEL)
            on:submit=move |ev| {
                ev.prevent_default();
                search.find(c, typed.get_untracked());
            }>
            <label for="pc-search-text">{t(k::search::FIELD)}</label>
            <input id="pc-search-text" type="search" aria-keyshortcuts=Shortcut::Find.key() prop:value=move || typed.get()
                on:input=move |ev| typed.set(event_target_value(&ev)) />
            <button type="submit" class="pc-button">{t(k::search::SUBMIT)}</button>
        </form>
        <div class="pc-search__results" role="status" aria-live="polite">
            {move || (!search.text.get().is_empty()).then(|| view! {
                <p>{t_with(k::search::LOOKING, &[("text", &search.text.get())])}</p>
                <ul>{move || search.lines.get().into_iter().map(line).collect_view()}</ul>
            })}
        </div>
    }
}
