//! Browser tests of the list habits people rely on: coming back from a
//! payment, or after deleting one, to the list exactly as it was left;
//! Refresh; the sentence that says what a change did; and exporting a
//! list as CSV, with its progress and a way to cancel. Real components
//! in headless Chromium, talking HTTP to the sandbox.
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

use crate::support::page::{all, console_at, input, reviewrover, text};
use crate::support::{sandbox_url, wait_for};

fn rows(root: &Element) -> usize {
    all(root, ".pc-table tbody tr.pc-row").len()
}

fn click(el: &Element) {
    el.unchecked_ref::<HtmlElement>().click();
}

fn button(root: &Element, label: &str) -> Element {
    all(root, "button")
        .into_iter()
        .find(|b| b.text_content().as_deref() == Some(label))
        .unwrap_or_else(|| panic!("a {label} button"))
}

fn link(root: &Element, starts: &str) -> Element {
    all(root, "a")
        .into_iter()
        .find(|a| a.text_content().unwrap_or_default().starts_with(starts))
        .unwrap_or_else(|| panic!("a link starting {starts:?}"))
}

fn select_value(root: &Element, id: &str) -> String {
    root.query_selector(&format!("#{id}"))
        .unwrap()
        .map(|s| s.unchecked_into::<web_sys::HtmlSelectElement>().value())
        .unwrap_or_default()
}

/// The page number the pager's summary states ("Page 2 of 24 · …").
fn current_page(root: &Element) -> String {
    text(root, ".pc-pager__summary")
        .strip_prefix("Page ")
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_default()
        .to_string()
}

/// Opens the first payment of the list shown and waits for it.
async fn open_first_payment(root: &Element) -> String {
    let first = root
        .query_selector(".pc-table tbody tr.pc-row th a")
        .unwrap()
        .expect("a payment link");
    let id = first.text_content().unwrap_or_default();
    click(&first);
    wait_for("the payment", || {
        root.query_selector(".pc-fields").unwrap().is_some()
    })
    .await;
    id
}

#[wasm_bindgen_test]
async fn back_from_a_payment_the_list_is_as_it_was_left() {
    let (_el, root) = console_at(
        "/c/reviewrover?status=pending&page=2&size=10",
        reviewrover("rr_demo_token"),
    );
    wait_for("the filtered rows", || rows(&root) == 10).await;
    assert_eq!(current_page(&root), "2");
    open_first_payment(&root).await;
    click(&link(&root, "← "));
    wait_for("the list again", || rows(&root) == 10).await;
    assert_eq!(input(&root, "pc-filter-status").value(), "pending");
    assert_eq!(select_value(&root, "pc-page-size"), "10");
    assert_eq!(current_page(&root), "2", "the same page");
    assert!(all(&root, "tbody .pc-badge")
        .iter()
        .all(|b| b.text_content().unwrap_or_default().contains("pending")));
}

#[wasm_bindgen_test]
async fn after_a_delete_the_list_comes_back_as_it_was_and_says_what_happened() {
    let (_el, root) = console_at(
        "/c/reviewrover?page=3&size=10",
        reviewrover("rr_demo_token"),
    );
    wait_for("the rows", || rows(&root) == 10).await;
    let id = open_first_payment(&root).await;
    click(&button(&root, "Delete"));
    click(&button(&root, "Delete payment"));
    wait_for("the list after the delete", || rows(&root) == 10).await;
    assert_eq!(select_value(&root, "pc-page-size"), "10");
    assert_eq!(current_page(&root), "3");
    let notice = text(&root, ".pc-change");
    assert!(
        notice.contains(&format!("Payment {id} was deleted from ReviewRover.")),
        "{notice}"
    );
    let region = root.query_selector(".pc-change").unwrap().unwrap();
    assert_eq!(region.get_attribute("role").as_deref(), Some("status"));
    // Going elsewhere clears it.
    click(&link(&root, "Connections"));
    wait_for("the notice to go", || text(&root, ".pc-change").is_empty()).await;
}

#[wasm_bindgen_test]
async fn refresh_asks_again_and_keeps_the_rows_meanwhile() {
    let (_el, root) = console_at("/c/reviewrover?size=10", reviewrover("rr_demo_token"));
    wait_for("the rows", || rows(&root) == 10).await;
    let asked = || {
        let perf = web_sys::window().unwrap().performance().unwrap();
        let entries = perf.get_entries_by_type("resource");
        (0..entries.length())
            .map(|i| entries.get(i).unchecked_into::<web_sys::PerformanceEntry>())
            .filter(|e| e.name().contains("/reviewrover/api/v1/payments?"))
            .count()
    };
    let before = asked();
    click(&button(&root, "Refresh"));
    assert_eq!(rows(&root), 10, "the rows stay while it asks");
    wait_for("another request", || asked() > before).await;
    wait_for("the rows again", || rows(&root) == 10).await;
}

#[wasm_bindgen_test]
async fn a_filtered_list_exports_every_page_and_says_so() {
    let (_el, root) = console_at(
        "/c/reviewrover?status=completed",
        reviewrover("rr_demo_token"),
    );
    wait_for("the rows", || rows(&root) > 0).await;
    let total: usize = text(&root, ".pc-pager__summary")
        .rsplit(" · ")
        .next()
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the pager states the total");
    click(&button(&root, "Export CSV"));
    wait_for("the export to finish", || {
        text(&root, ".pc-export__status").starts_with("Exported")
    })
    .await;
    assert!(
        total > 100,
        "more than one page at the largest size: {total}"
    );
    let words = text(&root, ".pc-export__status");
    let today = js_sys::Date::new_0().to_iso_string().as_string().unwrap();
    assert_eq!(
        words,
        format!(
            "Exported {total} payments to reviewrover-status-completed-{}.csv.",
            &today[..10]
        ),
        "every page of the filtered list, in a file named for it"
    );
}

#[wasm_bindgen_test]
async fn an_export_shows_its_progress_and_can_be_cancelled() {
    let mut conn = reviewrover("rr_demo_token");
    conn.base_url = format!(
        "{}/sandbox/faults/slow/700/reviewrover/api/v1",
        sandbox_url()
    );
    let (_el, root) = console_at("/c/reviewrover", conn);
    wait_for("the rows", || rows(&root) > 0).await;
    click(&button(&root, "Export CSV"));
    wait_for("the first page read", || {
        text(&root, ".pc-export__status").starts_with("Exporting: page 1 of")
    })
    .await;
    let bar = root
        .query_selector(".pc-export__bar")
        .unwrap()
        .expect("a progress bar");
    assert_eq!(bar.get_attribute("value").as_deref(), Some("1"));
    assert!(
        bar.get_attribute("max").is_some_and(|m| m != "1"),
        "more than one page"
    );
    assert!(
        button(&root, "Export CSV").has_attribute("disabled"),
        "one export at a time"
    );
    click(&button(&root, "Cancel export"));
    wait_for("the cancel to be told", || {
        text(&root, ".pc-export__status") == "Export cancelled: no file was saved."
    })
    .await;
    assert!(root.query_selector(".pc-export__bar").unwrap().is_none());
    // The page read while cancelling changes nothing.
    crate::support::sleep(1000).await;
    assert_eq!(
        text(&root, ".pc-export__status"),
        "Export cancelled: no file was saved."
    );
}
