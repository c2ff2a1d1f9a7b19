//! Browser tests of a deferred screen (`ui::Deferred`): what a person sees
//! and hears while its code is on its way, when the download fails, and
//! after "Try again"; and the places a list's filters hold until theirs
//! arrives. The split build's real downloads are checked by the
//! end-to-end journey `first_visit`.
use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;
use payments_console::ui::Deferred;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

use crate::support::page::{all, billing_platform, builton, console_at, host, reviewrover, text};
use crate::support::{sleep, wait_for};

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

/// Counts the boxes of class `class` taken away under `root` from now on
/// (a live count, read with [`given_up`]): a place held is given up when
/// what it held arrives, however soon that is, so this counts places
/// held even where the page never showed them (the observer hears of
/// them after the fact).
fn count_given_up(root: &web_sys::Element, class: &str) -> wasm_bindgen::JsValue {
    let watch = js_sys::Function::new_with_args(
        "root, name",
        "const seen = { n: 0, boxes: [] };
         const saw = (box) => { seen.n++; seen.boxes.push(box.cloneNode(true)); };
         new MutationObserver((records) => {
           for (const r of records) for (const n of r.removedNodes)
             if (n.querySelectorAll) {
               if (n.classList.contains(name)) saw(n);
               n.querySelectorAll('.' + name).forEach(saw);
             }
         }).observe(root, { childList: true, subtree: true });
         return seen;",
    );
    watch
        .call2(&wasm_bindgen::JsValue::NULL, root, &class.into())
        .unwrap()
}

/// How tall `form` would be holding the places [`count_given_up`] saw
/// given up, and how tall it is with what it holds now.
fn heights_held_and_drawn(form: &web_sys::Element, seen: &wasm_bindgen::JsValue) -> (f64, f64) {
    let measure = js_sys::Function::new_with_args(
        "form, seen",
        "const held = form.cloneNode(false);
         held.removeAttribute('aria-label');
         for (const box of seen.boxes) held.append(box.cloneNode(true));
         form.after(held);
         const heights = [held.getBoundingClientRect().height, form.getBoundingClientRect().height];
         held.remove();
         return heights;",
    );
    let heights: js_sys::Array = measure
        .call2(&wasm_bindgen::JsValue::NULL, form, seen)
        .unwrap()
        .into();
    let at = |i| heights.get(i).as_f64().unwrap_or(0.0);
    (at(0), at(1))
}

fn given_up(seen: &wasm_bindgen::JsValue) -> usize {
    js_sys::Reflect::get(seen, &"n".into())
        .unwrap()
        .as_f64()
        .unwrap_or(0.0) as usize
}

/// While a list's filters are on their way, their form holds one box per
/// control it will draw, each the size of its kind of control, so the
/// rows below do not jump when they arrive (each vendor's list has other
/// controls: numbered pages and a sort, cursors, date ranges with
/// presets, check boxes, the browser's order and finding for a list sent
/// whole).
#[wasm_bindgen_test]
async fn a_list_holds_one_place_per_filter_control_until_they_arrive() {
    let document = crate::support::document();
    let body: web_sys::Element = document.body().unwrap().into();
    // The console's styles give the places and the controls their sizes.
    let sheets_before = document.adopted_style_sheets();
    payments_console::embed::adopt_styles(
        || document.adopted_style_sheets(),
        |sheets| document.set_adopted_style_sheets(sheets),
    );
    for conn in [
        reviewrover("rr_demo_token"),
        billing_platform(None),
        builton(),
    ] {
        let seen = count_given_up(&body, "pc-filters__reserve");
        let start = format!("/c/{}", conn.id);
        let (el, root) = console_at(&start, conn.clone());
        // The controls, the hint under the order and find of a list
        // sorted in the browser, "More filters" and its chips each fill
        // a place.
        let places = "form.pc-filters > .pc-field, form.pc-filters > .pc-hint, \
                      form.pc-filters > .pc-more, form.pc-filters > .pc-filter-chips:not(.pc-filters__reserve)";
        wait_for("the filters", || !all(&root, places).is_empty()).await;
        let drawn = all(&root, places).len();
        let form_element = root.query_selector("form.pc-filters").unwrap().unwrap();
        let form = form_element.inner_html();
        assert!(drawn >= 2, "{}: {drawn} controls in {form}", conn.id);
        assert_eq!(
            given_up(&seen),
            drawn,
            "{}: places held for its controls in {form}",
            conn.id
        );
        assert!(all(&root, ".pc-filters__reserve").is_empty());
        // Held, the form is as tall as drawn, give or take a few pixels
        // (a box is the size of its kind of control, not of its label).
        let (held, drawn) = heights_held_and_drawn(&form_element, &seen);
        assert!(
            (held - drawn).abs() <= 8.0,
            "{}: the form holding its places is {held} px tall, drawn {drawn} px",
            conn.id
        );
        el.remove();
    }
    document.set_adopted_style_sheets(&sheets_before);
}
