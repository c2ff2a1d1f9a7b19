//! Journey: the standalone console (a list, a payment, a windowed long
//! list with its chart, All payments) and the example host page, served with
//! the server's strict Content-Security-Policy (no inline script or style,
//! `script-src 'self' 'wasm-unsafe-eval'`), work with no violation: the
//! server keeps every violation report browsers send, and none arrives.
//! Injecting an inline style on purpose shows the reports do arrive.

use payments_e2e::Journey;
use serde_json::{json, Value};

async fn reports(j: &Journey) -> Vec<Value> {
    let got = j
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/sandbox/csp-reports').then(r => r.json()).then(done, () => done(null));",
            vec![],
        )
        .await
        .unwrap_or(json!(null));
    got.as_array().cloned().unwrap_or_default()
}

/// Counts `securitypolicyviolation` events from now on.
async fn watch(j: &Journey) {
    j.js(
        "window.__violations = 0; document.addEventListener('securitypolicyviolation', () => window.__violations++, true); return 1;",
    )
    .await;
}

#[tokio::test]
async fn both_pages_work_under_the_strict_policy_with_no_violation() {
    let j = Journey::start().await;
    j.open("/c/reviewrover").await;
    watch(&j).await;
    j.until("the standalone list's rows", || async {
        j.all("tbody tr").await.len() == 25
    })
    .await;
    // The console's own stylesheet applies (a constructed stylesheet).
    let display = j
        .js("return getComputedStyle(document.querySelector('.pc-visually-hidden')).position;")
        .await;
    assert_eq!(display, json!("absolute"));
    // Open a payment and come back: more of the app, still no violation.
    j.all("tbody tr th a").await[0]
        .clone()
        .click()
        .await
        .unwrap();
    j.find(".pc-fields").await;
    // A long list drawn as a window (spacer heights set through the
    // CSSOM), scrolled, with its chart's figures opened; then All payments.
    j.open("/c/billingplatform").await;
    j.find(".pc-table-scroll").await;
    j.js("const r = document.querySelector('.pc-table-scroll'); r.scrollTop = r.scrollHeight / 2; r.dispatchEvent(new Event('scroll')); return 1;")
        .await;
    j.show_chart().await;
    j.find(".pc-chart__table summary")
        .await
        .click()
        .await
        .unwrap();
    j.find(".pc-chart__table tbody tr").await;
    // The chart saved as a picture: its SVG read back as an image from a
    // `data:` address, drawn on a canvas, which the policy allows.
    j.js("window.__made = []; const make = URL.createObjectURL; URL.createObjectURL = b => { window.__made.push(b.type); return make.call(URL, b); }; return 1;")
        .await;
    j.button("Download PNG").await.click().await.unwrap();
    j.until("a PNG file", || async {
        j.js("return window.__made.includes('image/png');").await == json!(true)
    })
    .await;
    j.open("/all").await;
    j.show_chart().await;
    j.until("All payments' rows and charts", || async {
        !j.all("tbody tr.pc-row").await.is_empty() && !j.all(".pc-chart rect").await.is_empty()
    })
    .await;

    j.open("/embed/").await;
    watch(&j).await;
    j.until("the element's rows", || async {
        j.shadow_rows("payments-console").await == 25
    })
    .await;
    j.until("the mounted console's rows", || async {
        j.shadow_rows("#second").await == 25
    })
    .await;
    assert_eq!(j.js("return window.__violations;").await, json!(0));
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        reports(&j).await,
        Vec::<Value>::new(),
        "no page load broke the policy"
    );

    // The check can fail: an inline style is refused and reported.
    j.js(
        "const s = document.createElement('style'); s.textContent = 'body { color: red }'; document.head.appendChild(s); return 1;",
    )
    .await;
    j.until("the browser's report", || async {
        !reports(&j).await.is_empty()
    })
    .await;
    assert_eq!(j.js("return window.__violations;").await, json!(1));

    // A browser-only connection to an origin the policy does not allow
    // says so, naming the origin and how to allow it.
    j.open("/connections").await;
    j.start_browser_only_connection("twocloud").await;
    j.fill("Name", "Elsewhere").await;
    j.fill("Base URL", "http://localhost:9/api").await;
    j.button("Save").await.click().await.unwrap();
    j.button("Elsewhere").await.click().await.unwrap();
    j.sees("does not allow requests to http://localhost:9")
        .await;
    j.sees("--connect-src http://localhost:9").await;
    j.finish().await;
}
