//! Browser tests of what vendors really send and take: an unreadable
//! record among readable ones, saves answered with an empty body, open
//! status words, money whose currency nobody stated, and operations a
//! connection's credentials would be refused. Real components in headless
//! Chromium, talking HTTP to the sandbox (and its fault routes).
use payments_model::connection::Scope;
use payments_model::{Connection, Credentials};
use wasm_bindgen_test::*;
use web_sys::Element;

use crate::support::page::{
    all, billing_platform, console_at, input, reviewrover, submit, text, type_into,
};
use crate::support::{sandbox_url, wait_for};

fn rows(root: &Element) -> usize {
    all(root, ".pc-table tbody tr").len()
}

async fn payment_shown(root: &Element) {
    wait_for("the payment", || {
        root.query_selector(".pc-fields").unwrap().is_some()
    })
    .await;
}

#[wasm_bindgen_test]
async fn an_unreadable_record_is_a_flagged_row_beside_every_readable_one() {
    let mut conn = reviewrover("rr_demo_token");
    conn.base_url = format!("{}/sandbox/faults/odd/reviewrover/api/v1", sandbox_url());
    let (_el, root) = console_at("/c/reviewrover", conn);
    wait_for("the rows", || rows(&root) > 0).await;
    let flagged = all(&root, ".pc-unreadable");
    assert_eq!(flagged.len(), 1, "one flagged row");
    assert_eq!(rows(&root), 26, "the 25 readable payments and the odd one");
    let words = flagged[0].text_content().unwrap_or_default();
    assert!(words.contains("Item 2 of the vendor's answer"), "{words}");
    assert!(words.contains("the payment has no id"), "{words}");
    assert!(
        words.contains("a record without an id"),
        "its JSON: {words}"
    );
    assert!(
        root.query_selector(".pc-error").unwrap().is_none(),
        "no page error"
    );
}

#[wasm_bindgen_test]
async fn an_edit_answered_with_an_empty_body_is_saved_and_read_back() {
    let mut conn = reviewrover("rr_demo_token");
    conn.base_url = format!("{}/sandbox/faults/blank/reviewrover/api/v1", sandbox_url());
    let (_el, root) = console_at("/c/reviewrover/p/150/edit", conn);
    wait_for("the loaded form", || {
        root.query_selector("#pc-payment-amount")
            .unwrap()
            .is_some_and(|_| !input(&root, "pc-payment-amount").value().is_empty())
    })
    .await;
    type_into(&root, "pc-payment-amount", "43.21");
    submit(&root);
    payment_shown(&root).await;
    let shown = text(&root, ".pc-fields");
    assert!(shown.contains("43.21"), "the payment as read back: {shown}");
    assert!(root.query_selector(".pc-summary").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_create_answered_with_an_empty_body_opens_the_payment_it_made() {
    let mut conn = reviewrover("rr_demo_token");
    conn.base_url = format!("{}/sandbox/faults/blank/reviewrover/api/v1", sandbox_url());
    let (_el, root) = console_at("/c/reviewrover/new", conn);
    wait_for("the form", || {
        root.query_selector("#pc-payment-contact_id")
            .unwrap()
            .is_some()
    })
    .await;
    type_into(&root, "pc-payment-contact_id", "cont_blank_answer");
    type_into(&root, "pc-payment-amount", "8.40");
    submit(&root);
    payment_shown(&root).await;
    let shown = text(&root, ".pc-fields");
    assert!(shown.contains("cont_blank_answer"), "{shown}");
    assert!(shown.contains("8.40"), "{shown}");
}

#[wasm_bindgen_test]
async fn a_status_word_outside_the_documents_examples_filters_the_list() {
    let (_el, root) = console_at("/c/reviewrover?status=failed", reviewrover("rr_demo_token"));
    wait_for("the rows", || rows(&root) > 0).await;
    let badges: Vec<String> = all(&root, ".pc-table tbody .pc-badge")
        .iter()
        .map(|b| b.text_content().unwrap_or_default())
        .collect();
    assert!(!badges.is_empty());
    assert!(
        badges.iter().all(|b| b.contains("failed")),
        "only failed payments: {badges:?}"
    );
    assert_eq!(input(&root, "pc-filter-status").value(), "failed");
    assert!(
        root.query_selector("#pc-filter-status-options option[value='completed']")
            .unwrap()
            .is_some(),
        "the documented words are suggested"
    );
}

#[wasm_bindgen_test]
async fn amounts_of_no_stated_currency_are_shown_plain_and_never_added_up() {
    let (_el, root) = console_at("/c/billingplatform", billing_platform(None));
    wait_for("the rows", || rows(&root) > 0).await;
    let totals = text(&root, ".pc-totals");
    assert!(!totals.contains("Total shown"), "{totals}");
    assert!(
        totals.contains("in no stated currency, not added up"),
        "{totals}"
    );
    let first = text(&root, ".pc-table tbody .pc-money");
    assert!(
        first
            .chars()
            .all(|c| c.is_ascii_digit() || ".,".contains(c)),
        "a plain number: {first}"
    );
    let (_el, root) = console_at("/c/billingplatform", billing_platform(Some("GBP")));
    wait_for("the rows", || rows(&root) > 0).await;
    let totals = text(&root, ".pc-totals");
    assert!(
        totals.contains("Total shown") && totals.contains('£'),
        "{totals}"
    );
}

fn two_cloud(access: &str) -> Connection {
    Connection {
        id: "twocloud".into(),
        vendor: payments_model::vendors::find("twocloud").expect("registered"),
        name: "2cloud".into(),
        base_url: format!("{}/twocloud", sandbox_url()),
        credentials: Credentials::new(
            "basic",
            [
                ("username", "admin"),
                ("secret", "admin-secret"),
                ("device_id", "browser-test"),
                ("access", access),
            ],
        ),
        scope: Scope::all(),
        currency: None,
    }
}

/// The first payment of a 2cloud list, opened.
async fn first_two_cloud_payment(conn: Connection) -> Element {
    let (_el, root) = console_at("/c/twocloud", conn);
    wait_for("the rows", || rows(&root) > 0).await;
    let link: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(
        root.query_selector(".pc-table tbody a").unwrap().unwrap(),
    );
    link.click();
    payment_shown(&root).await;
    root
}

#[wasm_bindgen_test]
async fn the_status_change_is_offered_to_administrator_connections_only() {
    let root = first_two_cloud_payment(two_cloud("user")).await;
    assert!(root.query_selector("#pc-new-status").unwrap().is_none());
    let why = text(&root, ".pc-status-refused");
    assert!(why.contains("needs administrative credentials"), "{why}");
    let root = first_two_cloud_payment(two_cloud("administrator")).await;
    assert!(root.query_selector("#pc-new-status").unwrap().is_some());
    assert!(root.query_selector(".pc-status-refused").unwrap().is_none());
}
