//! The time zone setting: which zone every time is shown in, days in
//! date filters mean, and exports are written in. It sits in the header
//! as a disclosure ("Times in Europe/Berlin"); the list of zones (the
//! browser's own, several hundred) is drawn only when it is opened, and
//! its code arrives with the other split-off screens.

use leptos::prelude::*;

use super::deferred::DeferredDisclosure;
use super::screens;
use crate::language::{k, t, t_with};
use crate::zone::{self, IntlZone};

/// "Times in …", opening the zone chooser.
#[component]
pub fn ZonePicker() -> impl IntoView {
    let current = move || {
        zone::track();
        zone::current().name_text()
    };
    view! {
        <DeferredDisclosure class="pc-zone" load=screens::zone_choice>
            {move || t_with(k::zone::TIMES_IN, &[("zone", &current())])}
        </DeferredDisclosure>
    }
}

/// The select of zones: the browser's, UTC, then every zone it knows.
#[component]
pub(super) fn ZoneChoice() -> impl IntoView {
    let browser = IntlZone::browser().name_text();
    let chosen = zone::chosen().unwrap_or_default();
    let said = RwSignal::new(String::new());
    let change = move |ev| {
        let value = event_target_value(&ev);
        if zone::choose((!value.is_empty()).then_some(value.as_str())) {
            let zone = zone::current().name_text();
            said.set(t_with(k::zone::CHANGED, &[("zone", &zone)]));
        }
    };
    let option = |value: String, words: String, chosen: &str| {
        let selected = value == chosen;
        view! { <option value=value selected=selected>{words}</option> }
    };
    let mut names = zone::names();
    names.retain(|n| n != "UTC");
    view! {
        <div class="pc-field pc-zone-choice">
            <label for="pc-zone">{t(k::zone::LABEL)}</label>
            <select id="pc-zone" aria-describedby="pc-zone-hint" on:change=change>
                {option(String::new(), t_with(k::zone::BROWSER, &[("zone", &browser)]), &chosen)}
                {option("UTC".into(), "UTC".into(), &chosen)}
                {names.into_iter().map(|n| {
                    let words = n.replace('_', " ");
                    option(n, words, &chosen)
                }).collect_view()}
            </select>
            <p id="pc-zone-hint" class="pc-hint">
                {t(k::zone::HINT)}
            </p>
            <p class="pc-visually-hidden" role="status">{move || said.get()}</p>
        </div>
    }
}
