//! A confirmation in a native modal `<dialog>`: it traps focus, closes on
//! Escape, and gives the focus back when it closes.

use leptos::html;
use leptos::prelude::*;

/// A button that asks before it acts.
#[component]
pub fn ConfirmButton(
    /// The button's label, such as "Delete".
    label: &'static str,
    /// The question in the dialog.
    question: String,
    /// The confirming button's label.
    confirm: &'static str,
    /// Called once the person confirms.
    on_confirm: Callback<()>,
    /// Whether the action is under way.
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
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
        <button type="button" class="pc-button pc-button--danger" aria-disabled=move || busy.get().to_string()
            on:click=open>{label}</button>
        <dialog node_ref=dialog class="pc-dialog" aria-labelledby="pc-dialog-question">
            <p id="pc-dialog-question">{question}</p>
            <div class="pc-actions">
                <button type="button" class="pc-button pc-button--danger" on:click=move |_| {
                    close();
                    on_confirm.run(());
                }>{confirm}</button>
                <button type="button" class="pc-link-button" autofocus on:click=move |_| close()>"Cancel"</button>
            </div>
        </dialog>
    }
}
