//! Browser tests of a deferred screen (`ui::Deferred`): what a person sees
//! and hears while its code is on its way, when the download fails, and
//! after "Try again". The split build's real downloads are checked by the
//! end-to-end journey `first_visit`.
#![cfg(target_arch = "wasm32")]

use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;
use payments_console::ui::Deferred;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

mod support;

use support::page::{host, text};
use support::{sleep, wait_for};

wasm_bindgen_test_configure!(run_in_browser);

static ATTEMPTS: AtomicU32 = AtomicU32::new(0);

/// Fails the first time, as a dropped connection would, then draws.
async fn flaky_screen() -> Result<ViewFn, String> {
    let attempt = ATTEMPTS.fetch_add(1, Ordering::SeqCst);
    sleep(150).await;
    if attempt == 0 {
        Err("the network dropped".into())
    } else {
        Ok(ViewFn::from(|| view! { <p class="drawn">"The screen"</p> }))
    }
}

#[wasm_bindgen_test]
async fn a_deferred_screen_says_loading_then_offers_to_try_again_after_a_failed_download() {
    let el = host();
    let _handle = leptos::mount::mount_to(el.clone(), || view! { <Deferred load=flaky_screen /> });

    let status = el
        .query_selector("[role=status]")
        .unwrap()
        .expect("a live region");
    assert_eq!(status.text_content().as_deref(), Some("Loading…"));

    wait_for("the failure", || {
        el.query_selector("[role=alert]").unwrap().is_some()
    })
    .await;
    let alert = text(&el, "[role=alert] p");
    assert!(alert.contains("could not be downloaded"), "{alert}");
    assert!(el.query_selector(".pc-loading").unwrap().is_none());
    assert!(el.query_selector(".drawn").unwrap().is_none());

    let retry: HtmlElement = el
        .query_selector("[role=alert] button")
        .unwrap()
        .expect("a Try again button")
        .unchecked_into();
    assert_eq!(retry.text_content().as_deref(), Some("Try again"));
    retry.click();
    // Loading… again while the second attempt is on its way (150 ms).
    wait_for("Loading… again", || {
        el.query_selector(".pc-loading").unwrap().is_some()
            && el.query_selector("[role=alert]").unwrap().is_none()
    })
    .await;
    wait_for("the screen", || {
        el.query_selector(".drawn").unwrap().is_some()
    })
    .await;
    assert_eq!(text(&el, ".drawn"), "The screen");
    assert!(el.query_selector("[role=alert]").unwrap().is_none());
    assert_eq!(ATTEMPTS.load(Ordering::SeqCst), 2);
}

/// A part of a page (the chart above a list) waits without a word, in a
/// box that holds its place.
#[wasm_bindgen_test]
async fn a_quiet_deferred_part_waits_without_a_word_holding_its_place() {
    async fn chart() -> Result<ViewFn, String> {
        sleep(100).await;
        Ok(ViewFn::from(|| view! { <p class="chart">"Chart"</p> }))
    }
    let el = host();
    let _handle = leptos::mount::mount_to(el.clone(), || {
        view! { <Deferred quiet=true reserve="held" load=chart /> }
    });
    assert_eq!(el.text_content().unwrap_or_default(), "");
    assert!(el.query_selector(".pc-loading").unwrap().is_none());
    let held = el
        .query_selector(".held")
        .unwrap()
        .expect("a box holding the place");
    assert_eq!(held.get_attribute("aria-hidden").as_deref(), Some("true"));
    wait_for("the chart", || {
        el.query_selector(".chart").unwrap().is_some()
    })
    .await;
    assert!(el.query_selector(".held").unwrap().is_none());
}
