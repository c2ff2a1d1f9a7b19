//! A confirmation in a native modal `<dialog>`: it traps focus, closes on
//! Escape, and gives the focus back when it closes.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::html;
use leptos::prelude::*;

use crate::language::{k, t};

static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// A button that asks before it acts.
#[component]
pub fn ConfirmButton(
    /// The button's label, such as "Delete".
    #[prop(into)]
    label: String,
    /// The button's accessible name where the label alone is not unique on
    /// the page, such as "Remove Whop".
    #[prop(optional, into)]
    name: Option<String>,
    /// The question in the dialog.
    question: String,
    /// The confirming button's label.
    #[prop(into)]
    confirm: String,
    /// Called once the person confirms.
    on_confirm: Callback<()>,
    /// Whether the action is under way.
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let question_id = format!("pc-confirm-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed));
    let labelled_by = question_id.clone();
    let open = move |_| {
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
    };
    let close = move || {
        if let Some(d) = dialog.get() {
            d.close();
        }
    };
    view! {
        <button type="button" class="pc-button pc-button--danger" aria-label=name
            aria-disabled=move || busy.get().to_string() on:click=open>{label}</button>
        <dialog node_ref=dialog class="pc-dialog" aria-labelledby=labelled_by>
            <p id=question_id>{question}</p>
            <div class="pc-actions">
                <button type="button" class="pc-button pc-button--danger" on:click=move |_| {
                    close();
                    on_confirm.run(());
                }>{confirm}</button>
                <button type="button" class="pc-link-button" autofocus on:click=move |_| close()>{t(k::confirm::CANCEL)}</button>
            </div>
        </dialog>
    }
}
