//! Browser tests: real components mounted into the page of a headless
//! Chromium, talking HTTP to a real sandbox. `scripts/test` starts the
//! sandbox and passes its address in `SANDBOX_URL` at build time.
use leptos::prelude::*;
use payments_console::routing::{Router, RoutingMode};
use payments_console::ui::{MoneyText, PaymentList, StatusBadge};
use payments_model::{Connection, Credentials, Currency, Money, PaymentStatus, StatusKind};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

use crate::support::page::{
    all, billing_platform, console_at, host, input, reviewrover, submit, text, type_into,
};
use crate::support::{document, sandbox_url, wait_for};

fn history() -> RoutingMode {
    RoutingMode::History {
        base: String::new(),
    }
}

/// Mounts the payments list of `conn` under a router in `mode`; the list
/// stays mounted while the handle lives.
fn mount_list(conn: Connection, mode: RoutingMode) -> (impl Drop, Element) {
    let el = host();
    let handle = leptos::mount::mount_to(el.clone(), move || {
        Router::provide(mode, "/");
        view! { <PaymentList connection=conn /> }
    });
    (handle, el.unchecked_into())
}

fn reset_url() {
    let history = web_sys::window().unwrap().history().unwrap();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/"))
        .unwrap();
}

#[wasm_bindgen_test]
fn status_badge_shows_the_vendor_word_and_the_kind() {
    let el = host();
    let status = PaymentStatus {
        kind: StatusKind::Refunded,
        raw: vec!["refunded".into()],
    };
    let _handle =
        leptos::mount::mount_to(el.clone(), move || view! { <StatusBadge status=status /> });
    let badge = el.query_selector(".pc-badge").unwrap().expect("a badge");
    assert_eq!(badge.text_content().as_deref(), Some("refunded"));
    assert!(badge.class_list().contains("pc-badge--refunded"));
    assert_eq!(
        badge.get_attribute("aria-label").as_deref(),
        Some("Status: refunded (Refunded)")
    );
}

#[wasm_bindgen_test]
fn money_keeps_currency_digits_and_the_exact_value() {
    let el = host();
    let usd = Money::parse("1234.5", Currency::usd()).unwrap();
    let jpy = Money::parse("1500", Currency::from_code("JPY").unwrap()).unwrap();
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <MoneyText money=Some(usd) /> <MoneyText money=Some(jpy) /> <MoneyText money=None /> }
    });
    let shown = all(&el, ".pc-money");
    assert_eq!(shown.len(), 2);
    let usd_text = shown[0].text_content().unwrap();
    assert!(usd_text.contains("1,234.50"), "{usd_text}");
    assert!(usd_text.contains('$'), "{usd_text}");
    assert_eq!(
        shown[0].get_attribute("title").as_deref(),
        Some("1234.50 USD")
    );
    let jpy_text = shown[1].text_content().unwrap();
    assert!(
        jpy_text.contains("1,500") && !jpy_text.contains('.'),
        "{jpy_text}"
    );
    assert_eq!(text(&el, ".pc-none"), "—");
}

#[wasm_bindgen_test]
async fn the_list_shows_sandbox_payments_and_pages_through_them() {
    reset_url();
    let (_handle, root) = mount_list(reviewrover("rr_demo_token"), history());
    wait_for("the first page", || all(&root, "tbody tr").len() == 25).await;

    let headers: Vec<String> = all(&root, "thead th:not(.pc-select)")
        .iter()
        .filter_map(|h| h.text_content())
        .collect();
    assert_eq!(
        headers,
        [
            "ID",
            "Amount",
            "Status",
            "Contact",
            "Event date",
            "External ID"
        ]
    );
    let summary = text(&root, ".pc-pager__summary");
    assert!(summary.starts_with("Page 1 of "), "{summary}");
    assert!(text(&root, ".pc-totals").starts_with("Total shown: $"));
    let first_row_page1 = text(&root, "tbody tr");

    let next = all(&root, ".pc-pager button")
        .into_iter()
        .find(|b| b.text_content().as_deref() == Some("Next page"))
        .expect("a Next page button");
    next.unchecked_ref::<HtmlElement>().click();
    wait_for("the second page", || {
        text(&root, ".pc-pager__summary").starts_with("Page 2 of ")
    })
    .await;
    wait_for("new rows", || text(&root, "tbody tr") != first_row_page1).await;
    let location = web_sys::window().unwrap().location();
    assert_eq!(location.pathname().unwrap(), "/c/reviewrover");
    assert_eq!(
        location.search().unwrap(),
        "?page=2",
        "the page is in the URL"
    );
    assert_eq!(all(&root, "tbody tr").len(), 25);
    reset_url();
}

#[wasm_bindgen_test]
async fn the_status_filter_and_page_size_reach_the_server() {
    reset_url();
    let (_handle, root) = mount_list(reviewrover("rr_demo_token"), history());
    wait_for("the first page", || all(&root, "tbody tr").len() == 25).await;

    let select: web_sys::HtmlSelectElement = root
        .query_selector("#pc-filter-status")
        .unwrap()
        .expect("a Status filter")
        .unchecked_into();
    select.set_value("refunded");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    wait_for("refunded rows only", || {
        let badges = all(&root, "tbody .pc-badge");
        !badges.is_empty()
            && badges
                .iter()
                .all(|b| b.text_content().as_deref() == Some("refunded"))
    })
    .await;
    assert_eq!(
        web_sys::window().unwrap().location().search().unwrap(),
        "?status=refunded"
    );

    let size: web_sys::HtmlSelectElement = root
        .query_selector("#pc-page-size")
        .unwrap()
        .unwrap()
        .unchecked_into();
    size.set_value("10");
    size.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    wait_for("ten rows", || all(&root, "tbody tr").len() <= 10).await;
    assert_eq!(
        web_sys::window().unwrap().location().search().unwrap(),
        "?status=refunded&size=10"
    );
    reset_url();
}

#[wasm_bindgen_test]
async fn a_rejected_token_shows_the_vendor_message_and_a_retry() {
    reset_url();
    let (_handle, root) = mount_list(reviewrover("wrong-token"), history());
    wait_for("an error", || {
        root.query_selector(".pc-error").unwrap().is_some()
    })
    .await;
    let message = text(&root, ".pc-error p");
    assert_eq!(message, "Invalid API token. (HTTP 401)");
    assert_eq!(
        root.query_selector(".pc-error")
            .unwrap()
            .unwrap()
            .get_attribute("role")
            .as_deref(),
        Some("alert")
    );
    assert!(all(&root, ".pc-error button")
        .iter()
        .any(|b| b.text_content().as_deref() == Some("Try again")));
    assert!(all(&root, "tbody tr").is_empty());
}

fn at(base: &str, token: &str) -> Connection {
    let mut c = reviewrover(token);
    c.base_url = base.to_string();
    c
}

/// Mounts a list of `conn` and waits for its error notice.
async fn list_error(conn: Connection) -> (String, String) {
    reset_url();
    let (_handle, root) = mount_list(conn, RoutingMode::Memory);
    wait_for("an error notice", || {
        root.query_selector(".pc-error").unwrap().is_some()
    })
    .await;
    let texts: Vec<String> = all(&root, ".pc-error p")
        .iter()
        .filter_map(|p| p.text_content())
        .collect();
    (
        texts.first().cloned().unwrap_or_default(),
        texts.get(1).cloned().unwrap_or_default(),
    )
}

#[wasm_bindgen_test]
async fn each_failure_gets_a_clear_message_in_place() {
    let base = sandbox_url();
    let (msg, advice) = list_error(at(&format!("{base}/sandbox/faults/status/404"), "t")).await;
    assert_eq!(msg, "Injected failure: HTTP 404. (HTTP 404)");
    assert!(advice.starts_with("It may have been deleted"), "{advice}");
    let (msg, advice) = list_error(at(&format!("{base}/sandbox/faults/status/403"), "t")).await;
    assert!(
        msg.ends_with("(HTTP 403)") && advice.contains("not allowed"),
        "{msg} / {advice}"
    );
    let (msg, _) = list_error(at(&format!("{base}/sandbox/faults/garbage"), "t")).await;
    assert!(
        msg.starts_with("The server's answer could not be read as JSON"),
        "{msg}"
    );
    let (msg, advice) = list_error(at("http://127.0.0.1:9/api", "t")).await;
    assert!(msg.starts_with("Could not reach the server"), "{msg}");
    assert!(advice.contains("base URL"), "{advice}");
}

#[wasm_bindgen_test]
async fn server_errors_are_retried_then_explained() {
    // Three attempts after the first, each after the server's one second.
    let (msg, advice) = list_error(at(
        &format!("{}/sandbox/faults/status/503", sandbox_url()),
        "t",
    ))
    .await;
    assert_eq!(msg, "Injected failure: HTTP 503. (HTTP 503)");
    assert!(advice.contains("Try again in a moment"), "{advice}");
}

#[wasm_bindgen_test]
async fn a_rate_limit_shows_the_wait_then_the_rows() {
    reset_url();
    let key = format!("k{}", js_sys::Date::now() as u64);
    let conn = at(
        &format!(
            "{}/sandbox/faults/once/429/{key}/reviewrover/api/v1",
            sandbox_url()
        ),
        "rr_demo_token",
    );
    let (_handle, root) = mount_list(conn, RoutingMode::Memory);
    wait_for("the wait", || {
        text(&root, ".pc-waiting").starts_with("The server asked to slow down: trying again in")
    })
    .await;
    wait_for("the rows after the wait", || {
        all(&root, "tbody tr").len() == 25
    })
    .await;
    assert!(root.query_selector(".pc-error").unwrap().is_none());
    assert!(
        root.query_selector(".pc-waiting").unwrap().is_none(),
        "the wait message goes"
    );
}

fn fetch_count() -> usize {
    let perf = web_sys::window().unwrap().performance().unwrap();
    let entries = perf.get_entries_by_type("resource");
    (0..entries.length())
        .filter(|i| {
            let e: web_sys::PerformanceResourceTiming = entries.get(*i).unchecked_into();
            e.initiator_type() == "fetch"
        })
        .count()
}

#[wasm_bindgen_test]
async fn invalid_input_is_caught_before_any_request() {
    let (el, root) = console_at("/c/reviewrover/new", reviewrover("rr_demo_token"));
    wait_for("the form", || {
        text(&root, "h2") == "New ReviewRover payment"
    })
    .await;
    type_into(&root, "pc-payment-amount", "1.234");
    let before = fetch_count();
    submit(&root);
    wait_for("the summary", || {
        root.query_selector(".pc-summary").unwrap().is_some()
    })
    .await;
    assert_eq!(text(&root, ".pc-summary h3"), "Correct 2 fields to save");
    let contact = input(&root, "pc-payment-contact_id");
    assert_eq!(
        contact.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        contact.get_attribute("aria-describedby").as_deref(),
        Some("pc-payment-contact_id-error")
    );
    assert_eq!(
        text(&root, "#pc-payment-contact_id-error"),
        "Contact ID is required."
    );
    assert_eq!(
        text(&root, "#pc-payment-amount-error"),
        "Amount can have at most 2 decimal places in USD."
    );
    wait_for("focus on the first invalid field", || {
        document().active_element().map(|e| e.id()).as_deref() == Some("pc-payment-contact_id")
    })
    .await;
    assert_eq!(fetch_count(), before, "no request was sent");
    // Typing clears that field's error.
    type_into(&root, "pc-payment-contact_id", "cont_browser");
    wait_for("the error to go", || {
        root.query_selector("#pc-payment-contact_id-error")
            .unwrap()
            .is_none()
    })
    .await;
    assert_eq!(
        input(&root, "pc-payment-amount").value(),
        "1.234",
        "nothing typed is lost"
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn server_errors_land_on_their_field_and_keep_the_input() {
    let (el, root) = console_at("/c/reviewrover/new", reviewrover("rr_demo_token"));
    wait_for("the form", || {
        text(&root, "h2") == "New ReviewRover payment"
    })
    .await;
    type_into(&root, "pc-payment-contact_id", "cont_dupe");
    type_into(&root, "pc-payment-external_id", "pay_0003");
    type_into(&root, "pc-payment-amount", "5");
    submit(&root);
    wait_for("the server's error", || {
        root.query_selector("#pc-payment-external_id-error")
            .unwrap()
            .is_some()
    })
    .await;
    let message = text(&root, "#pc-payment-external_id-error");
    assert!(
        message.starts_with("External ID \"pay_0003\" is already used by payment"),
        "{message}"
    );
    assert_eq!(
        input(&root, "pc-payment-external_id")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert_eq!(input(&root, "pc-payment-contact_id").value(), "cont_dupe");
    assert!(
        text(&root, ".pc-summary").contains("Validation failed"),
        "{}",
        text(&root, ".pc-summary")
    );
    // Corrected, it saves and shows the new payment.
    let unique = format!("browser_{}", js_sys::Date::now() as u64);
    type_into(&root, "pc-payment-external_id", &unique);
    submit(&root);
    wait_for("the new payment", || text(&root, "main").contains(&unique)).await;
    assert!(text(&root, ".pc-detail-head").contains("$5.00"));
    el.remove();
}

#[wasm_bindgen_test]
async fn poisoned_addresses_are_refused_and_the_console_goes_on() {
    for poisoned in [
        "/c/billingplatform?reversedSince=2025-01-01T12%3A34%3A5%E2%82%AC",
        "/c/billingplatform?minDate=202%E2%82%AC-01-01&maxDate=%F0%9F%92%B8",
        "/c/billingplatform/p/%E2%82%AC%00%2F..%2F",
        "/c/%E2%80%8B/p/%FF%FE",
        "/c/billingplatform?reversed=%E2%80%8B&size=%E2%82%AC",
    ] {
        let (_el, root) = console_at(poisoned, billing_platform(None));
        wait_for("the page to settle", || {
            root.query_selector(".pc-error, .pc-notice, .pc-field-error, tbody tr")
                .unwrap()
                .is_some()
        })
        .await;
        // The console still works: the header's link to the list loads rows.
        let link = all(&root, ".pc-nav a")
            .into_iter()
            .find(|a| a.text_content().as_deref() == Some("Billing Platform"))
            .expect("the connection's link");
        link.unchecked_ref::<HtmlElement>().click();
        wait_for("rows after a poisoned address", || {
            all(&root, "tbody tr").len() > 10
        })
        .await;
    }
    let (_el, root) = console_at(
        "/c/billingplatform?reversedSince=2025-01-01T12%3A34%3A5%E2%82%AC",
        billing_platform(None),
    );
    wait_for("the filter's error", || {
        text(&root, "#pc-filter-reversedSince-error").contains("Reversed since")
    })
    .await;
    assert_eq!(
        input(&root, "pc-filter-reversedSince")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn a_header_a_browser_cannot_carry_is_a_message_not_a_hang() {
    let mut conn = reviewrover("rr_demo_token\u{200b}");
    conn.credentials = Credentials::new("bearer", [("token", "rr_demo_token\u{200b}")]);
    let (message, _) = list_error(conn).await;
    assert!(message.contains("U+200B"), "{message}");
}

#[wasm_bindgen_test]
fn a_stopped_console_says_so_and_offers_a_reload() {
    let el = host();
    payments_console::stopped::watch(&el);
    payments_console::stopped::show_stopped();
    payments_console::stopped::forget(&el);
    let panel = el
        .query_selector(".pc-stopped")
        .unwrap()
        .expect("the panel");
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alert"));
    assert!(text(&el, ".pc-stopped p").starts_with("The console stopped."));
    assert_eq!(text(&el, ".pc-stopped button"), "Reload");
    payments_console::stopped::show_stopped();
    assert_eq!(
        all(&el, ".pc-stopped").len(),
        1,
        "a forgotten root gets no panel"
    );
}

/// Creates a ReviewRover payment through `base` and waits for the form's
/// word on a save without a clear answer.
async fn unsure_create(base: String) -> (Element, String) {
    let mut conn = reviewrover("rr_demo_token");
    conn.base_url = base;
    let (_el, root) = console_at("/c/reviewrover/new", conn);
    wait_for("the form", || {
        root.query_selector("#pc-payment-contact_id")
            .unwrap()
            .is_some()
    })
    .await;
    type_into(&root, "pc-payment-contact_id", "cont_dropped");
    type_into(&root, "pc-payment-amount", "9.99");
    submit(&root);
    wait_for("the check's result", || {
        let t = text(&root, ".pc-unsure");
        !t.is_empty() && !t.ends_with("Checking…")
    })
    .await;
    let words = text(&root, ".pc-unsure");
    (root, words)
}

#[wasm_bindgen_test]
async fn a_create_whose_answer_is_lost_is_found_not_doubled() {
    let key = format!("lost-{}", (js_sys::Math::random() * 1e9) as u64);
    let base = format!(
        "{}/sandbox/faults/drop/{key}/reviewrover/api/v1",
        sandbox_url()
    );
    let (root, words) = unsure_create(base).await;
    assert!(words.contains("It was saved after all"), "{words}");
    let link = text(&root, ".pc-unsure a");
    let id = link
        .strip_prefix("Open payment ")
        .expect("a link to the payment")
        .to_string();
    // The payment carries the console's reference, and that reference
    // names exactly it.
    let get = |path: String| {
        let mut req = payments_model::HttpRequest::new(
            payments_model::Method::Get,
            format!("{}/reviewrover/api/v1{path}", sandbox_url()),
        );
        req.headers
            .push(("Authorization".into(), "Bearer rr_demo_token".into()));
        payments_console::api::send(req)
    };
    let saved: serde_json::Value =
        serde_json::from_str(&get(format!("/payments/{id}")).await.unwrap().body).unwrap();
    let reference = saved["external_id"].as_str().unwrap().to_string();
    assert!(reference.starts_with("pc-"), "{reference}");
    let by_reference: serde_json::Value =
        serde_json::from_str(&get(format!("/payments/{reference}")).await.unwrap().body).unwrap();
    assert_eq!(by_reference["id"].to_string(), id);
    assert_eq!(
        input(&root, "pc-payment-contact_id").value(),
        "cont_dropped",
        "what was typed is kept"
    );
}

#[wasm_bindgen_test]
async fn a_create_that_cannot_be_checked_says_so_with_its_reference() {
    let base = format!(
        "{}/sandbox/faults/status/503/reviewrover/api/v1",
        sandbox_url()
    );
    let (_root, words) = unsure_create(base).await;
    assert!(words.contains("may have been saved"), "{words}");
    assert!(words.contains("its reference is pc-"), "{words}");
}

#[wasm_bindgen_test]
async fn a_delete_whose_answer_is_lost_is_checked_not_reported_as_failed() {
    let key = format!("del-{}", (js_sys::Math::random() * 1e9) as u64);
    let mut conn = reviewrover("rr_demo_token");
    conn.base_url = format!(
        "{}/sandbox/faults/drop/{key}/reviewrover/api/v1",
        sandbox_url()
    );
    let (_el, root) = console_at("/c/reviewrover/p/200", conn);
    wait_for("the payment", || {
        root.query_selector(".pc-fields").unwrap().is_some()
    })
    .await;
    let button = |label: &str| {
        all(&root, "button")
            .into_iter()
            .find(|b| b.text_content().as_deref() == Some(label))
            .unwrap_or_else(|| panic!("a {label} button"))
            .unchecked_into::<HtmlElement>()
    };
    button("Delete").click();
    button("Delete payment").click();
    wait_for("the list after the delete", || {
        root.query_selector(".pc-list").unwrap().is_some()
    })
    .await;
    let mut req = payments_model::HttpRequest::new(
        payments_model::Method::Get,
        format!("{}/reviewrover/api/v1/payments/200", sandbox_url()),
    );
    req.headers
        .push(("Authorization".into(), "Bearer rr_demo_token".into()));
    let gone = payments_console::api::send(req).await.unwrap();
    assert_eq!(gone.status, 404, "the payment was deleted once");
}
