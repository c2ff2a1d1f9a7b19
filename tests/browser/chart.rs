//! Browser tests of the volume chart, drawn in headless Chromium from
//! payments made here: one payment is one narrow bar in a week, not a
//! block; ten thousand over two years are weekly bars that all stay
//! visible; the axes are labelled; a focused bar says its date, total and
//! split, and the arrow keys move along the bars; the chart saves as an
//! SVG document and as a PNG picture.
use chrono::NaiveDate;
use leptos::prelude::*;
use payments_console::ui::VolumeChart;
use payments_model::chart::Volume;
use payments_model::time::Moment;
use payments_model::zone::Fixed;
use payments_model::{Currency, Decimal, Money, Payment, PaymentStatus, StatusKind};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

use crate::support::page::{all, host, text};
use crate::support::{keep_files, last_file, wait_for};

fn payment(n: usize, day: NaiveDate, cents: i64, kind: StatusKind) -> Payment {
    let mut p = Payment::new(
        payments_model::vendors::ALL[0],
        format!("p{n}"),
        &Default::default(),
    );
    p.occurred_at = Some(Moment::Day(day));
    p.amount = Some(Money::new(
        Decimal::new(cents, 2),
        Currency::from_code("EUR").unwrap(),
    ));
    p.status = PaymentStatus { kind, raw: vec![] };
    p
}

/// The chart of `payments`, mounted 800 pixels wide (less the figure's
/// margins).
async fn chart(payments: Vec<Payment>) -> (HtmlElement, Element) {
    let el = host();
    el.set_attribute("style", "width: 800px").unwrap();
    let volume = Volume::of(&payments, &Fixed::utc());
    leptos::mount::mount_to(el.clone(), move || view! { <VolumeChart volume=volume /> }).forget();
    let root: Element = el.clone().unchecked_into();
    wait_for("the chart drawn at its width", || {
        let frame = root.query_selector(".pc-chart__frame").unwrap();
        let svg = root.query_selector("svg").unwrap();
        match (frame, svg) {
            (Some(f), Some(s)) => s.get_attribute("width") == Some(f.client_width().to_string()),
            _ => false,
        }
    })
    .await;
    (el, root)
}

/// The drawn bars' (x, width) in a bar group.
fn rects(bar: &Element) -> Vec<(f64, f64)> {
    all(bar, "rect.pc-bar")
        .iter()
        .map(|r| {
            let n = |a: &str| r.get_attribute(a).unwrap().parse::<f64>().unwrap();
            (n("x"), n("width"))
        })
        .collect()
}

fn ticks(root: &Element) -> Vec<String> {
    all(root, "text.pc-chart__tick")
        .iter()
        .map(|t| t.text_content().unwrap_or_default())
        .collect()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[wasm_bindgen_test]
async fn one_payment_is_one_narrow_bar_in_a_week_over_labelled_axes() {
    let (el, root) = chart(vec![payment(
        1,
        day(2026, 11, 30),
        1250,
        StatusKind::Succeeded,
    )])
    .await;
    let svg = root.query_selector("svg").unwrap().unwrap();
    assert_eq!(svg.get_attribute("height").as_deref(), Some("200"));
    assert!(svg.client_height() >= 160, "{}", svg.client_height());
    let bars = all(&root, ".pc-chart__bar");
    assert_eq!(bars.len(), 7, "a week of days");
    let drawn: Vec<_> = bars.iter().map(rects).collect();
    assert!(drawn[..6].iter().all(Vec::is_empty), "six empty days");
    let (_, w) = drawn[6][0];
    assert!(w <= 40.0, "a bar, not a block: {w}");
    // The value axis: round steps from nothing past the amount, in euros.
    let labels = ticks(&root);
    assert!(
        labels[0].contains('0') && labels[0].contains('€'),
        "{labels:?}"
    );
    let values = labels.iter().filter(|l| l.contains('€')).count();
    assert!((4..=6).contains(&values), "{labels:?}");
    // The date axis: every day of the week, the first with its year.
    let dates: Vec<&String> = labels.iter().filter(|l| !l.contains('€')).collect();
    assert_eq!(dates.len(), 7, "{labels:?}");
    assert!(
        dates[0].contains("Nov") && dates[0].contains("2026"),
        "{dates:?}"
    );
    assert!(
        dates[6].contains("Nov 30") || dates[6].contains("30 Nov"),
        "{dates:?}"
    );
    assert!(!dates[1].contains("2026"), "the year once: {dates:?}");
    assert!(text(&root, ".pc-legend").contains("Succeeded €12.50"));
    assert!(text(&root, ".pc-chart__total").contains("€12.50 in all"));
    el.remove();
}

#[wasm_bindgen_test]
async fn ten_thousand_payments_over_two_years_are_weekly_bars_all_visible() {
    let start = day(2024, 12, 2);
    let kinds = [
        StatusKind::Succeeded,
        StatusKind::Pending,
        StatusKind::Failed,
    ];
    let payments = (0..10_000)
        .map(|n| {
            let d = start + chrono::Duration::days((n * 7919 % 730) as i64);
            payment(n, d, 500 + (n as i64 * 37) % 20_000, kinds[n % 3])
        })
        .collect();
    let (el, root) = chart(payments).await;
    let name = root
        .query_selector("svg")
        .unwrap()
        .unwrap()
        .get_attribute("aria-label")
        .unwrap();
    assert!(name.starts_with("Volume per week in EUR,"), "{name}");
    let bars = all(&root, ".pc-chart__bar");
    assert!((100..=110).contains(&bars.len()), "{}", bars.len());
    for bar in &bars {
        for (x, w) in rects(bar) {
            assert!(w >= 1.0 && x >= 0.0 && x + w <= 800.0, "{x} {w}");
        }
    }
    let labels = ticks(&root);
    assert!(
        labels.iter().any(|l| l.contains('K')),
        "compact figures: {labels:?}"
    );
    let dates = labels.iter().filter(|l| !l.contains('€')).count();
    assert!((4..=10).contains(&dates), "labels that fit: {labels:?}");
    el.remove();
}

#[wasm_bindgen_test]
async fn a_focused_bar_says_its_date_total_and_split_and_the_arrows_move_along() {
    let (el, root) = chart(vec![
        payment(1, day(2026, 3, 10), 1000, StatusKind::Succeeded),
        payment(2, day(2026, 3, 10), 250, StatusKind::Pending),
        payment(3, day(2026, 3, 12), 700, StatusKind::Succeeded),
    ])
    .await;
    let stops: Vec<Element> = all(&root, ".pc-chart__bar")
        .into_iter()
        .filter(|b| b.get_attribute("tabindex").as_deref() == Some("0"))
        .collect();
    assert_eq!(stops.len(), 1, "one Tab stop");
    let last = stops[0].get_attribute("aria-label").unwrap();
    assert!(
        last.contains("12, 2026") || last.contains("12 Mar"),
        "the latest day: {last}"
    );
    assert!(last.contains("€7.00 (Succeeded €7.00)"), "{last}");
    stops[0].unchecked_ref::<HtmlElement>().focus().unwrap();
    wait_for("the readout", || text(&root, ".pc-chart__readout") == last).await;
    let press = |key: &str| {
        js_sys::eval(&format!(
            "document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {{key: '{key}', bubbles: true}}))"
        ))
        .unwrap();
    };
    let focused = || {
        crate::support::document()
            .active_element()
            .and_then(|e| e.get_attribute("aria-label"))
            .unwrap_or_default()
    };
    press("ArrowLeft");
    wait_for("the day before", || focused().ends_with(": no payments")).await;
    press("ArrowLeft");
    wait_for("the 10th", || focused().contains("€12.50")).await;
    let tenth = focused();
    assert!(
        tenth.contains("Succeeded €10.00") && tenth.contains("Pending €2.50"),
        "{tenth}"
    );
    wait_for("its readout", || text(&root, ".pc-chart__readout") == tenth).await;
    press("Home");
    wait_for("the first day", || {
        crate::support::document()
            .active_element()
            .and_then(|e| e.get_attribute("data-bar"))
            .as_deref()
            == Some("0")
    })
    .await;
    el.remove();
}

/// The type and size of the last file saved.
fn last_kind() -> (String, f64) {
    let file = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__lastFile".into()).unwrap();
    if !file.is_object() {
        return (String::new(), 0.0);
    }
    let get = |k: &str| js_sys::Reflect::get(&file, &k.into()).unwrap();
    (
        get("type").as_string().unwrap_or_default(),
        get("size").as_f64().unwrap_or(0.0),
    )
}

#[wasm_bindgen_test]
async fn the_chart_saves_as_an_svg_document_and_a_png_picture() {
    keep_files();
    let (el, root) = chart(vec![
        payment(1, day(2026, 5, 4), 4200, StatusKind::Succeeded),
        payment(2, day(2026, 5, 6), 1800, StatusKind::Failed),
    ])
    .await;
    let button = |label: &str| -> HtmlElement {
        all(&root, "button")
            .into_iter()
            .find(|b| b.text_content().as_deref() == Some(label))
            .unwrap_or_else(|| panic!("{label}"))
            .unchecked_into()
    };
    button("Download SVG").click();
    wait_for("the SVG file", || last_kind().0 == "image/svg+xml").await;
    let svg = last_file().await;
    assert!(svg.starts_with("<svg") && svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains("<title>EUR, volume per day</title>"), "{svg}");
    assert!(
        !svg.contains("tabindex") && !svg.contains("class="),
        "page-only parts left out"
    );
    assert!(svg.contains("fill=\"rgb("), "colours written in: {svg}");
    let parsed = js_sys::eval(&format!(
        "new DOMParser().parseFromString({}, 'image/svg+xml').getElementsByTagName('parsererror').length",
        String::from(js_sys::JSON::stringify(&svg.clone().into()).unwrap())
    ))
    .unwrap();
    assert_eq!(parsed.as_f64(), Some(0.0), "a well-formed document");
    button("Download PNG").click();
    wait_for("the PNG file", || last_kind().0 == "image/png").await;
    assert!(last_kind().1 > 1000.0, "a picture: {:?}", last_kind());
    el.remove();
}

#[wasm_bindgen_test]
async fn small_amounts_keep_the_decimals_their_axis_needs() {
    let (el, root) = chart(vec![payment(1, day(2026, 2, 3), 3, StatusKind::Succeeded)]).await;
    let labels = ticks(&root);
    assert!(labels.iter().any(|l| l.contains("0.01")), "{labels:?}");
    assert!(labels.iter().any(|l| l.contains("0.03")), "{labels:?}");
    el.remove();
}
