//! "Columns": which of its vendor's fields a list shows and in what
//! order. Native checkboxes show and hide; "earlier" and "later" buttons
//! move a column (focus stays on the button pressed, so a column is moved
//! several places by pressing it again); "Reset columns" brings back the
//! standard six. Each change is read out in a live region.

use leptos::prelude::*;
use payments_model::columns::Column;

use super::controls::focus_later;
use super::deferred::DeferredDisclosure;
use super::payment_list::DensityToggle;
use super::screens;
use crate::language::{k, t, t_with};
use crate::state::{ColumnsController, Preferences};

fn control_id(column: &Column, what: &str) -> String {
    let key: String = column
        .key()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("pc-col-{key}-{what}")
}

/// The column chooser of one list: its panel (and the code drawing it)
/// arrives when first opened.
#[component]
pub fn ColumnChooser(
    /// The list's columns.
    columns: ColumnsController,
) -> impl IntoView {
    view! {
        <DeferredDisclosure class="pc-menu pc-columns" load=move || screens::column_panel(columns)>
            {t(k::columns::MENU)}
        </DeferredDisclosure>
    }
}

/// The chooser's panel: the columns shown, in order, and the others.
#[component]
pub(super) fn ColumnPanel(
    /// The list's columns.
    columns: ColumnsController,
) -> impl IntoView {
    let profile = columns.profile();
    let prefs = Preferences::here();
    let kept = move || {
        if prefs.on_server() {
            t(k::columns::KEPT_SERVER)
        } else {
            t(k::columns::KEPT_BROWSER)
        }
    };
    let shown = move || {
        let choice = columns.choice.get();
        let last = choice.shown().len().saturating_sub(1);
        choice
            .shown()
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let c = *c;
                let name = t(c.heading(profile));
                let name = name.as_str();
                if c == Column::Id {
                    return view! { <li class="pc-columns__fixed">{t_with(k::columns::ALWAYS_FIRST, &[("name", name)])}</li> }.into_any();
                }
                let (show, up, down) = (control_id(&c, "show"), control_id(&c, "up"), control_id(&c, "down"));
                let (up_id, down_id, show_id) = (up.clone(), down.clone(), show.clone());
                view! {
                    <li>
                        <input type="checkbox" id=show.clone() checked=true
                            on:change=move |_| { columns.set_shown(c, false); focus_later(show_id.clone()); } />
                        <label for=show>{name}</label>
                        <button type="button" class="pc-link-button" id=up aria-label=t_with(k::columns::EARLIER, &[("name", name)])
                            disabled=i <= 1 on:click=move |_| { columns.shift(c, -1); focus_later(up_id.clone()); }>"↑"</button>
                        <button type="button" class="pc-link-button" id=down aria-label=t_with(k::columns::LATER, &[("name", name)])
                            disabled=i == last on:click=move |_| { columns.shift(c, 1); focus_later(down_id.clone()); }>"↓"</button>
                    </li>
                }
                .into_any()
            })
            .collect_view()
    };
    let hidden = move || {
        columns
            .choice
            .get()
            .hidden()
            .into_iter()
            .map(|c| {
                let id = control_id(&c, "show");
                let again = id.clone();
                view! {
                    <li>
                        <input type="checkbox" id=id.clone() checked=false
                            on:change=move |_| { columns.set_shown(c, true); focus_later(again.clone()); } />
                        <label for=id>{t(c.heading(profile))}</label>
                    </li>
                }
            })
            .collect_view()
    };
    let standard = move || columns.choice.with(|c| c.is_standard());
    view! {
            <div class="pc-menu__panel">
                <fieldset>
                    <legend>{t(k::columns::SHOWN)}</legend>
                    <ol class="pc-columns__list">{shown}</ol>
                </fieldset>
                <fieldset>
                    <legend>{t(k::columns::HIDDEN)}</legend>
                    <ul class="pc-columns__list">{hidden}</ul>
                </fieldset>
                <button type="button" class="pc-link-button" disabled=standard
                    on:click=move |_| columns.reset()>{t(k::columns::RESET)}</button>
                " "<DensityToggle />
                <p class="pc-hint">{kept}</p>
                {move || prefs.problem.get().map(|p| view! { <p class="pc-field-error" role="alert">{p}</p> })}
                <p class="pc-visually-hidden pc-columns__said" role="status">{move || columns.said.get()}</p>
            </div>
    }
}
