//! Date presets for a range of two day filters: "Today", "Last 7 days",
//! "Last month"… fill both ends at once, in the console's time zone, and
//! the range they mean is said beside them. Dates typed into the two
//! filters show as "Custom range" unless they are exactly a preset's.

use leptos::prelude::*;

use crate::language::{k, t, t_with};
use payments_model::time::{self, Moment};
use payments_model::zone::DatePreset;

use crate::format::format_moment_local;
use crate::zone;

/// What the select shows for these ends of the range today.
fn picked(from: &str, to: &str, today: chrono::NaiveDate) -> &'static str {
    let day = |v: &str| match time::parse_text(v) {
        Ok(Some(Moment::Day(d))) => Some(d),
        _ => None,
    };
    match (from.is_empty() && to.is_empty(), day(from), day(to)) {
        (true, _, _) => "",
        (false, Some(f), Some(t)) => {
            DatePreset::matching(f, t, today).map_or("custom", DatePreset::slug)
        }
        _ => "custom",
    }
}

/// The range in words: "4 Mar 2026 – 10 Mar 2026, days in Europe/Berlin".
fn meaning(from: &str, to: &str) -> String {
    let shown = |v: &str| match time::parse_text(v) {
        Ok(Some(m @ Moment::Day(_))) => Some(format_moment_local(&m)),
        _ => None,
    };
    let days = match (shown(from), shown(to)) {
        (None, None) => return t(k::preset::ANY_HINT),
        (Some(f), Some(t)) if f == t => f,
        (Some(f), Some(t)) => format!("{f} – {t}"),
        (Some(f), None) => t_with(k::preset::FROM, &[("day", &f)]),
        (None, Some(to)) => t_with(k::preset::UNTIL, &[("day", &to)]),
    };
    let zone = zone::current().name_text();
    t_with(k::preset::RANGE, &[("days", &days), ("zone", &zone)])
}

/// A select of date presets filling the range `from`..=`to`.
#[component]
pub fn DatePresets(
    /// The select's id (its hint's id follows from it).
    id: String,
    /// What the range is of ("Dates", "Payment dates").
    #[prop(into)]
    label: String,
    /// The range's first day as the address holds it.
    from: Signal<String>,
    /// The range's last day as the address holds it.
    to: Signal<String>,
    /// Called with both ends when a preset is picked (empty for "Any time").
    on_pick: Callback<(String, String)>,
) -> impl IntoView {
    let hint = format!("{id}-range");
    let today = move || {
        zone::track();
        zone::today()
    };
    let selected = Memo::new(move |_| picked(&from.get(), &to.get(), today()));
    let pick = move |slug: String| {
        if slug.is_empty() {
            on_pick.run((String::new(), String::new()));
        } else if let Some(p) = DatePreset::from_slug(&slug) {
            let (f, t) = p.days(today());
            on_pick.run((Moment::Day(f).exact(), Moment::Day(t).exact()));
        }
    };
    let option = move |value: &'static str, words: String| {
        view! { <option value=value selected=move || selected.get() == value>{words}</option> }
    };
    view! {
        <div class="pc-field">
            <label for=id.clone()>{label}</label>
            <select id=id aria-describedby=hint.clone() on:change=move |ev| pick(event_target_value(&ev))>
                {option("", t(k::preset::ANY))}
                {DatePreset::ALL.iter().map(|p| option(p.slug(), t(p.words()))).collect_view()}
                {option("custom", t(k::preset::CUSTOM))}
            </select>
            <p id=hint class="pc-hint" aria-live="polite">
                {move || {
                    zone::track();
                    meaning(&from.get(), &to.get())
                }}
            </p>
        </div>
    }
}
