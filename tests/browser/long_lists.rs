//! Browser tests of a list the vendor sends whole (Billing Platform: 300
//! payments in one answer in the sandbox): only the rows in view are
//! drawn, scrolling reaches the last one, the table keeps its row
//! semantics, and ordering and finding happen in the browser without a new
//! request. Real components in headless Chromium, talking HTTP to the
//! sandbox.
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

use crate::support::page::{all, billing_platform, console_at, text};
use crate::support::{sleep, wait_for};

fn drawn(root: &Element) -> Vec<usize> {
    all(root, "tbody tr.pc-row")
        .iter()
        .filter_map(|r| r.get_attribute("aria-rowindex")?.parse().ok())
        .collect()
}

fn row_count(root: &Element) -> usize {
    root.query_selector("table.pc-table")
        .unwrap()
        .and_then(|t| t.get_attribute("aria-rowcount"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The scrolling region, held to a height as the console's stylesheet does.
async fn region(root: &Element) -> HtmlElement {
    wait_for("the scrolling table", || {
        root.query_selector(".pc-table-scroll").unwrap().is_some()
    })
    .await;
    let region: HtmlElement = root
        .query_selector(".pc-table-scroll")
        .unwrap()
        .unwrap()
        .unchecked_into();
    region.style().set_property("max-height", "400px").unwrap();
    region.style().set_property("overflow", "auto").unwrap();
    scroll_to(&region, 0).await;
    region
}

async fn scroll_to(region: &HtmlElement, top: i32) {
    region.set_scroll_top(top);
    region
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    sleep(50).await;
}

fn list_requests() -> usize {
    let perf = web_sys::window().unwrap().performance().unwrap();
    let entries = perf.get_entries_by_type("resource");
    (0..entries.length())
        .map(|i| entries.get(i).unchecked_into::<web_sys::PerformanceEntry>())
        .filter(|e| {
            e.name()
                .contains("/billingplatform/backend/api/v1/payments")
        })
        .count()
}

fn change(root: &Element, id: &str, value: &str) {
    let el = root.query_selector(&format!("#{id}")).unwrap().unwrap();
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.set_value(value);
    }
    el.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_long_list_draws_the_rows_in_view_and_scrolls_to_its_last() {
    let (_el, root) = console_at("/c/billingplatform", billing_platform(None));
    let region = region(&root).await;
    let count = row_count(&root);
    assert!(
        count > 200,
        "the table says it holds every payment: {count}"
    );
    wait_for("a window of rows", || drawn(&root).len() < 60).await;
    let first = drawn(&root);
    assert_eq!(
        first.first(),
        Some(&2),
        "from the first payment (row 1 is the heading)"
    );
    assert!(
        first.windows(2).all(|w| w[1] == w[0] + 1),
        "contiguous rows: {first:?}"
    );
    assert_eq!(
        region.get_attribute("tabindex").as_deref(),
        Some("0"),
        "the region scrolls with the keyboard"
    );
    assert!(region
        .get_attribute("aria-label")
        .unwrap_or_default()
        .contains("rows"));

    scroll_to(&region, region.scroll_height()).await;
    wait_for("the last row", || drawn(&root).last() == Some(&count)).await;
    assert!(drawn(&root).len() < 60, "still a window at the end");
    let middle = region.scroll_height() / 2;
    scroll_to(&region, middle).await;
    wait_for("rows from the middle", || {
        let d = drawn(&root);
        d.first().is_some_and(|f| *f > 50) && d.last().is_some_and(|l| *l < count - 50)
    })
    .await;
}

#[wasm_bindgen_test]
async fn ordering_and_finding_happen_in_the_browser_without_a_request() {
    let (_el, root) = console_at("/c/billingplatform", billing_platform(None));
    let _region = region(&root).await;
    let all_rows = row_count(&root) - 1;
    let requests = list_requests();
    assert!(requests >= 1);

    change(&root, "pc-order", "largest");
    let amounts = || -> Vec<f64> {
        all(&root, "tbody tr.pc-row .pc-money")
            .iter()
            .filter_map(|m| m.text_content()?.replace(',', "").parse().ok())
            .collect()
    };
    wait_for("the largest first", || {
        let a = amounts();
        a.len() > 5 && a.windows(2).all(|w| w[0] >= w[1])
    })
    .await;

    change(&root, "pc-find", "pay-00007");
    wait_for("one payment found", || {
        text(&root, ".pc-pager__summary") == format!("1 of {all_rows} payments match")
    })
    .await;
    assert_eq!(text(&root, "tbody tr.pc-row th"), "PAY-00007");

    change(&root, "pc-find", "no such text");
    wait_for("nothing found, said so", || {
        text(&root, ".pc-status").contains("None of the payments loaded")
    })
    .await;
    assert_eq!(list_requests(), requests, "no new request was made");
}
