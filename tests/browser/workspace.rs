//! Browser tests of All payments: several connections in one list, one of
//! them failing on its own line while the others show; filters in the
//! address; finding a payment by id across connections; and the chart's
//! accessible name. Real components in headless Chromium, talking HTTP to
//! the sandbox (and its fault routes).
use leptos::prelude::*;
use payments_console::routing::RoutingMode;
use payments_console::ui::App;
use payments_model::Connection;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

use crate::support::page::{all, billing_platform, host, reviewrover, text};
use crate::support::{sandbox_url, wait_for};

fn broken() -> Connection {
    let mut c = reviewrover("rr_demo_token");
    c.id = "broken".into();
    c.name = "Broken Rover".into();
    c.base_url = format!("{}/sandbox/faults/status/503", sandbox_url());
    c
}

/// The console at `start` with these connections.
fn console(start: &str, connections: Vec<Connection>) -> Element {
    let el = host();
    let start = start.to_string();
    leptos::mount::mount_to(el.clone(), move || {
        view! { <App mode=RoutingMode::Memory start=start connections=connections /> }
    })
    .forget();
    el.unchecked_into()
}

fn rows(root: &Element) -> usize {
    all(root, ".pc-table tbody tr.pc-row").len()
}

fn source(root: &Element, name: &str) -> String {
    all(root, ".pc-source")
        .into_iter()
        .map(|l| l.text_content().unwrap_or_default())
        .find(|t| t.starts_with(name))
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_failing_connection_shows_its_own_error_and_the_others_their_payments() {
    let root = console(
        "/all",
        vec![
            reviewrover("rr_demo_token"),
            broken(),
            billing_platform(Some("GBP")),
        ],
    );
    wait_for("the working connections' rows", || {
        source(&root, "ReviewRover").contains("loaded")
            && source(&root, "Billing Platform").contains("loaded")
    })
    .await;
    assert!(rows(&root) > 0);
    wait_for("the broken connection's own error", || {
        source(&root, "Broken Rover").contains("Try again")
    })
    .await;
    let names: Vec<String> = all(&root, ".pc-table tbody tr.pc-row td:nth-child(2)")
        .iter()
        .map(|c| c.text_content().unwrap_or_default())
        .collect();
    assert!(names.iter().any(|n| n.starts_with("ReviewRover")));
    assert!(names.iter().any(|n| n.starts_with("Billing Platform")));
    assert!(!names.iter().any(|n| n.starts_with("Broken")));
    // Newest first across both.
    let dates: Vec<String> = all(&root, ".pc-table tbody tr.pc-row time")
        .iter()
        .filter_map(|t| t.get_attribute("datetime"))
        .map(|d| d.chars().take(10).collect())
        .collect();
    assert!(
        dates.len() > 5 && dates.windows(2).all(|w| w[0] >= w[1]),
        "{dates:?}"
    );
    assert!(text(&root, ".pc-totals").contains("payments shown"));
}

#[wasm_bindgen_test]
async fn filters_live_in_the_address_and_narrow_every_connection() {
    let root = console(
        "/all?status=pending&vendor=reviewrover",
        vec![reviewrover("rr_demo_token"), billing_platform(Some("GBP"))],
    );
    wait_for("the pending ReviewRover rows", || rows(&root) > 0).await;
    assert!(
        source(&root, "Billing Platform").is_empty(),
        "another vendor is left out"
    );
    assert!(
        source(&root, "ReviewRover").contains("filtered by status at the vendor"),
        "{}",
        source(&root, "ReviewRover")
    );
    assert!(all(&root, "tbody .pc-badge")
        .iter()
        .all(|b| b.text_content().unwrap_or_default().contains("pending")));
    let status: web_sys::HtmlSelectElement = root
        .query_selector("#pc-all-status")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(status.value(), "pending");
}

#[wasm_bindgen_test]
async fn a_payment_is_found_by_id_in_every_connection_that_has_it() {
    let root = console(
        "/all",
        vec![reviewrover("rr_demo_token"), billing_platform(Some("GBP"))],
    );
    wait_for("the rows", || rows(&root) > 0).await;
    let input: web_sys::HtmlInputElement = root
        .query_selector("#pc-search-text")
        .unwrap()
        .unwrap()
        .unchecked_into();
    input.set_value("PAY-00005");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    let form: web_sys::HtmlFormElement = root
        .query_selector("form.pc-search")
        .unwrap()
        .unwrap()
        .unchecked_into();
    form.request_submit().unwrap();
    wait_for("both answers", || {
        let t = text(&root, ".pc-search__results");
        t.contains("Billing Platform: payment PAY-00005") && t.contains("ReviewRover: not found")
    })
    .await;
    let link = all(&root, ".pc-search__results a")
        .into_iter()
        .find(|a| a.text_content().as_deref() == Some("payment PAY-00005"))
        .expect("a link to the payment");
    link.unchecked_ref::<HtmlElement>().click();
    wait_for("the payment", || {
        root.query_selector(".pc-fields").unwrap().is_some()
    })
    .await;
}

#[wasm_bindgen_test]
async fn each_chart_is_named_with_its_figures_and_offers_them_as_a_table() {
    let root = console("/all", vec![billing_platform(Some("GBP"))]);
    // Closed by default; the choice stays in this browser.
    wait_for("the chart line", || {
        root.query_selector(".pc-chartline__toggle")
            .unwrap()
            .is_some()
    })
    .await;
    let toggle = root
        .query_selector(".pc-chartline__toggle")
        .unwrap()
        .unwrap();
    if toggle.get_attribute("aria-expanded").as_deref() == Some("false") {
        toggle.unchecked_ref::<HtmlElement>().click();
    }
    wait_for("the chart", || {
        root.query_selector(".pc-chart svg").unwrap().is_some()
    })
    .await;
    let svg = root.query_selector(".pc-chart svg").unwrap().unwrap();
    assert_eq!(svg.get_attribute("role").as_deref(), Some("group"));
    let name = svg.get_attribute("aria-label").unwrap_or_default();
    assert!(
        name.starts_with("Volume per week in GBP,") && name.contains("the largest, £"),
        "{name}"
    );
    assert!(all(&root, ".pc-chart .pc-chart__bar").len() > 10, "bars");
    let summary = text(&root, ".pc-chart__table summary");
    assert_eq!(summary, "Show the GBP figures as a table");
    assert!(
        all(&root, ".pc-chart__table tbody tr").is_empty(),
        "no table rows until asked for"
    );
    root.query_selector(".pc-chart__table summary")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    wait_for("the figures", || {
        all(&root, ".pc-chart__table tbody tr").len() > 10
    })
    .await;
    let first = text(&root, ".pc-chart__table tbody tr");
    assert!(first.contains('£'), "{first}");
}

#[wasm_bindgen_test]
async fn back_from_a_payment_opened_in_all_payments_returns_there_as_it_was() {
    let root = console(
        "/all?status=succeeded&currency=GBP",
        vec![reviewrover("rr_demo_token"), billing_platform(Some("GBP"))],
    );
    wait_for("the rows", || rows(&root) > 0).await;
    root.query_selector(".pc-table tbody tr.pc-row th a")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    wait_for("the payment", || {
        root.query_selector(".pc-fields").unwrap().is_some()
    })
    .await;
    let back = all(&root, "a")
        .into_iter()
        .find(|a| a.text_content().as_deref() == Some("← All payments"))
        .expect("a way back to All payments");
    back.unchecked_ref::<HtmlElement>().click();
    wait_for("All payments again", || rows(&root) > 0).await;
    let status: web_sys::HtmlSelectElement = root
        .query_selector("#pc-all-status")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(status.value(), "succeeded");
    let currency: web_sys::HtmlInputElement = root
        .query_selector("#pc-all-currency")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(currency.value(), "GBP");
}
