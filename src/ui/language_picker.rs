//! The language setting in the header: a native select of the languages
//! the console speaks, each named in itself, with "this browser's" first.
//! The choice is kept in this browser; a host that sets `locale` decides
//! for its people, and then no choice is offered.

use leptos::prelude::*;
use payments_model::language::LANGUAGES;

use super::controls::focus_later;
use crate::language::{self, k, t, t_with};

/// The "Language" menu, such as "Sprache: Deutsch".
#[component]
pub fn LanguagePicker() -> impl IntoView {
    if language::set_by_host() {
        return ().into_any();
    }
    let chosen = language::chosen().map(|l| l.tag).unwrap_or_default();
    let browser = language::browser().name;
    // The page is drawn again in the new language; the menu keeps the
    // focus it had.
    let change = move |ev| {
        let value = event_target_value(&ev);
        leptos::task::spawn_local(async move {
            language::choose_when_ready((!value.is_empty()).then_some(value.as_str())).await;
            focus_later("pc-language".into());
        });
    };
    view! {
        <div class="pc-language">
            <label for="pc-language">{t(k::language::LABEL)}</label>
            <select id="pc-language" on:change=change>
                <option value="" selected=chosen.is_empty()>
                    {t_with(k::language::BROWSER, &[("language", browser)])}
                </option>
                {LANGUAGES.iter().map(|l| view! {
                    <option value=l.tag lang=l.tag selected=chosen == l.tag>{l.name}</option>
                }).collect_view()}
            </select>
        </div>
    }
    .into_any()
}
