//! The time zone setting in a real browser (the test machine runs in
//! UTC): offsets from the browser's own `Intl` data across a
//! daylight-saving change, times shown in the chosen zone, date presets
//! turned into that zone's instants for BuiltOn, and exports written in
//! it. Each test leaves the browser's zone chosen again.

use crate::support::page::{all, builton, console_at, input, reviewrover, text};
use crate::support::{keep_files, last_file, wait_for};
use chrono::{DateTime, NaiveDate, Utc};
use payments_console::ui::format_moment_local;
use payments_console::zone::{self, IntlZone};
use payments_model::time::Moment;
use payments_model::zone::{day_span, DatePreset, Offsets};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .unwrap()
}

fn select(root: &web_sys::Element, id: &str, value: &str) {
    let s: web_sys::HtmlSelectElement = root
        .query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap_or_else(|| panic!("no #{id}"))
        .unchecked_into();
    s.set_value(value);
    assert_eq!(s.value(), value, "#{id} offers {value}");
    s.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

/// The list requests the page made so far.
fn asked(path: &str) -> Vec<String> {
    let perf = web_sys::window().unwrap().performance().unwrap();
    let entries = perf.get_entries_by_type("resource");
    (0..entries.length())
        .map(|i| {
            entries
                .get(i)
                .unchecked_into::<web_sys::PerformanceEntry>()
                .name()
        })
        .filter(|n| n.contains(path))
        .collect()
}

#[wasm_bindgen_test]
fn offsets_come_from_the_browser_across_a_daylight_saving_change() {
    let berlin = IntlZone::named("Europe/Berlin").expect("the browser knows Berlin");
    let spring = at("2026-03-29T01:00:00Z").timestamp();
    assert_eq!(berlin.offset_at(spring - 1), 3600);
    assert_eq!(berlin.offset_at(spring), 7200);
    let day = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
    let (start, end) = day_span(day, &berlin);
    assert_eq!(start, at("2026-03-28T23:00:00Z"));
    assert_eq!((end - start).num_seconds() + 1, 23 * 3600, "a 23-hour day");
    let new_york = IntlZone::named("America/New_York").unwrap();
    assert_eq!(
        new_york.offset_at(at("2026-01-15T12:00:00Z").timestamp()),
        -5 * 3600
    );
    assert_eq!(
        new_york.offset_at(at("2026-07-15T12:00:00Z").timestamp()),
        -4 * 3600
    );
    assert!(IntlZone::named("Mars/Olympus_Mons").is_none());
    assert!(
        !zone::choose(Some("Mars/Olympus_Mons")),
        "an unknown zone is refused"
    );
    assert!(!zone::names().is_empty(), "the browser lists its zones");
}

#[wasm_bindgen_test]
fn times_are_shown_in_the_chosen_zone() {
    let t = Moment::At(at("2026-01-15T20:00:00Z"));
    assert!(zone::choose(Some("Asia/Kolkata")));
    let shown = format_moment_local(&t);
    assert!(
        shown.contains("Jan 16") && shown.contains("1:30"),
        "{shown}"
    );
    assert!(zone::choose(Some("America/Los_Angeles")));
    let shown = format_moment_local(&t);
    assert!(
        shown.contains("Jan 15") && shown.contains("12:00"),
        "{shown}"
    );
    // A calendar date is the same date in every zone.
    let d = Moment::Day(NaiveDate::from_ymd_opt(2026, 1, 15).unwrap());
    assert!(format_moment_local(&d).contains("Jan 15"));
    assert!(zone::choose(None));
    assert_eq!(zone::current(), IntlZone::browser());
}

#[wasm_bindgen_test]
async fn a_preset_asks_builton_for_that_zones_days() {
    assert!(zone::choose(Some("Pacific/Auckland")));
    let (_el, root) = console_at("/c/builton", builton());
    wait_for("the rows", || !all(&root, "tbody tr").is_empty()).await;
    assert!(
        text(&root, ".pc-zone summary").contains("Pacific/Auckland"),
        "the header names the zone"
    );
    select(&root, "pc-dates-from_date", DatePreset::Yesterday.slug());
    let auckland = zone::current();
    let yesterday = DatePreset::Yesterday.days(zone::today()).0;
    let day = Moment::Day(yesterday).exact();
    wait_for("both ends filled", || {
        input(&root, "pc-filter-from_date").value() == day
            && input(&root, "pc-filter-to_date").value() == day
    })
    .await;
    let (start, end) = day_span(yesterday, &auckland);
    // Auckland is 12 or 13 hours ahead of UTC (the test machine's zone).
    let ahead = Moment::Day(yesterday).epoch_seconds() - start.timestamp();
    assert!(ahead == 12 * 3600 || ahead == 13 * 3600, "{ahead}");
    let wanted = format!(
        "from_date={}&to_date={}",
        start.timestamp(),
        end.timestamp()
    );
    wait_for("the request for that day", || {
        asked("/builton/payments?")
            .iter()
            .any(|u| u.contains(&wanted))
    })
    .await;
    let hint = text(&root, "#pc-dates-from_date-range");
    assert!(hint.contains("days in Pacific/Auckland"), "{hint}");
    let shown: web_sys::HtmlSelectElement = root
        .query_selector("#pc-dates-from_date")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        shown.value(),
        "yesterday",
        "the dates are recognised as the preset"
    );
    // Any time clears both ends.
    select(&root, "pc-dates-from_date", "");
    wait_for("both ends cleared", || {
        input(&root, "pc-filter-from_date").value().is_empty()
    })
    .await;
    assert!(input(&root, "pc-filter-to_date").value().is_empty());
    assert!(zone::choose(None));
}

#[wasm_bindgen_test]
async fn an_export_is_written_in_the_chosen_zone() {
    keep_files();
    assert!(zone::choose(Some("Asia/Kolkata")));
    let (_el, root) = console_at("/c/reviewrover?size=10", reviewrover("rr_demo_token"));
    wait_for("the rows", || !all(&root, "tbody tr").is_empty()).await;
    let export = all(&root, "button")
        .into_iter()
        .find(|b| b.text_content().unwrap_or_default() == "Export CSV")
        .expect("an export button");
    export.unchecked_into::<web_sys::HtmlElement>().click();
    wait_for("the export", || {
        text(&root, ".pc-export__status").starts_with("Exported")
    })
    .await;
    let csv = last_file().await;
    let mut lines = csv.lines();
    let heading = lines.next().unwrap_or_default();
    assert!(heading.ends_with(",time_zone"), "{heading}");
    let row = lines.next().unwrap_or_default();
    assert!(row.ends_with(",Asia/Kolkata"), "{row}");
    // Every instant carries Kolkata's offset.
    let date = row.split(',').nth(3).unwrap_or_default();
    assert!(
        date.is_empty() || date.len() == 10 || date.ends_with("+05:30"),
        "{row}"
    );
    assert!(csv.contains("+05:30,"), "times in +05:30: {csv}");
    assert!(zone::choose(None));
}
