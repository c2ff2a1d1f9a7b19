//! The CSV export control: a button, and while pages are read a progress
//! bar, the count so far and a Cancel button; afterwards what was saved.
//! Everything it says is in a live region.

use leptos::prelude::*;

use crate::language::{k, say, t};

use crate::state::{ExportController, ExportState};

/// Starts an export with `on_start` and shows how it goes.
#[component]
pub fn ExportControl(
    /// The export's controller.
    export: ExportController,
    /// Starts the export.
    on_start: Callback<()>,
    /// Whether the file may hold the columns shown instead of every field
    /// (a connection's list).
    #[prop(optional)]
    offers_shown: bool,
) -> impl IntoView {
    let state = export.state;
    let running = move || state.with(ExportState::running);
    let bar = move || {
        state.with(|s| match s {
            ExportState::Reading { pages, of, .. } => Some(match of {
                Some(of) => view! {
                    <progress class="pc-export__bar" aria-label=t(k::export::PROGRESS) max=*of value=*pages></progress>
                }
                .into_any(),
                None => view! { <progress class="pc-export__bar" aria-label=t(k::export::PROGRESS)></progress> }.into_any(),
            }),
            _ => None,
        })
    };
    view! {
        <div class="pc-export">
            <button type="button" class="pc-link-button" disabled=running on:click=move |_| on_start.run(())>
                {t(k::export::START)}
            </button>
            {offers_shown.then(|| view! {
                <label class="pc-export__columns">
                    <input type="checkbox" prop:checked=move || export.as_shown.get()
                        on:change=move |ev| export.as_shown.set(event_target_checked(&ev)) />
                    {t(k::export::SHOWN_COLUMNS)}
                </label>
            })}
            {bar}
            <span class="pc-export__status" role="status" aria-live="polite">
                {move || state.with(ExportState::words)}
                {move || export.waiting.get().map(|w| format!(" {}", say(&w)))}
            </span>
            {move || running().then(|| view! {
                <button type="button" class="pc-link-button" on:click=move |_| export.cancel()>{t(k::export::CANCEL)}</button>
            })}
        </div>
    }
}
