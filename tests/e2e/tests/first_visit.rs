//! Journey: a first visit downloads what its screen draws and nothing
//! else before the first row, and its list's answer travels while the
//! module downloads; the list's filters follow at once, a payment's page
//! comes in a module of its own, and the other screens' code arrives
//! when the browser is idle, or at once when a screen is opened first
//! (the split build of scripts/build-wasm, served as in production).

use payments_e2e::Journey;
use serde_json::Value;

/// The module of the screens split off in src/ui/screens.rs.
const SCREENS: &str = "split_screens";
/// The module of a list's filters.
const FILTERS: &str = "split_filters";
/// The module of a payment's page.
const DETAIL: &str = "split_detail";

/// The wasm files this page has fetched so far: name and start time.
async fn wasm_fetched(j: &Journey) -> Vec<(String, f64)> {
    let entries = j
        .js("return performance.getEntriesByType('resource')
               .map(e => [new URL(e.name).pathname, e.startTime])
               .filter(([p]) => p.endsWith('.wasm'));")
        .await;
    entries
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|e| Some((e[0].as_str()?.to_string(), e[1].as_f64()?)))
        .collect()
}

/// When the file whose name starts with `name` (and a hash) was fetched.
fn started(files: &[(String, f64)], name: &str) -> Option<f64> {
    let prefix = format!("/{name}-");
    files
        .iter()
        .find(|(p, _)| p.starts_with(&prefix))
        .map(|(_, at)| *at)
}

#[tokio::test]
async fn a_list_loads_before_the_other_screens_which_follow_when_idle() {
    let j = Journey::start().await;
    // A new page load: its own timeline of downloads.
    j.open("/c/reviewrover").await;
    j.until("25 rows", || async { j.all("tbody tr").await.len() == 25 })
        .await;
    let answer_at = j
        .js("const m = performance.getEntriesByName('pc-list-answer'); return m.length ? m[0].startTime : null;")
        .await
        .as_f64()
        .expect("the console marks the list's answer");
    // The chart above the list (opened) is drawn from the other screens'
    // module.
    j.show_chart().await;
    // The filters' controls follow the rows, in the filter form.
    j.labelled("Status").await;
    let files = wasm_fetched(&j).await;
    let main = started(&files, "payments-console_bg").expect("the main module");
    let screens = started(&files, SCREENS).expect("the screens' module");
    assert!(started(&files, FILTERS).is_some(), "{files:?}");
    assert!(main < answer_at, "{files:?}");
    assert!(
        screens > answer_at,
        "the screens' module fetched at {screens} ms, before the list's answer at {answer_at} ms"
    );
    // Before the answer: the main module, and at most the filters' code
    // (their module and the chunks it shares), never another screen's.
    let early: Vec<_> = files.iter().filter(|(_, at)| *at < answer_at).collect();
    assert!(
        early
            .iter()
            .all(|(p, _)| p.starts_with("/payments-console_bg-")
                || p.starts_with(&format!("/{FILTERS}-"))
                || p.starts_with("/chunk_")),
        "fetched before the list's answer: {early:?}"
    );
    // The server drew the first screen and the page carried the list's
    // answer: the console took it instead of asking again (a page without
    // a first screen preloads it: crates/server/tests/served.rs).
    let lists = j
        .js("return performance.getEntriesByType('resource')
               .filter(e => new URL(e.name).pathname === '/gateway/reviewrover/payments')
               .map(e => e.initiatorType);")
        .await;
    assert_eq!(
        lists,
        serde_json::json!([]),
        "no request of the browser's own"
    );
    let drawn = j
        .js("return performance.getEntriesByName('pc-snapshot-rows').length;")
        .await;
    assert_eq!(
        drawn,
        serde_json::json!(1),
        "the server's first screen was shown"
    );

    // The export's work is in that module too, and runs from the list.
    j.button("Export CSV").await.click().await.unwrap();
    j.until("the export saved", || async {
        j.text(".pc-export__status")
            .await
            .starts_with("Exported 240 payments")
    })
    .await;

    // Opened from the list, the form draws.
    j.button("New payment").await.click().await.unwrap();
    j.sees("New ReviewRover payment").await;
    j.labelled("Amount").await;
    let payment = j.url().await;
    assert!(payment.ends_with("/c/reviewrover/new"), "{payment}");
    j.finish().await;
}

#[tokio::test]
async fn a_payment_page_loads_its_own_module_and_the_rest_follows_when_idle() {
    let j = Journey::start().await;
    j.open("/c/reviewrover").await;
    j.until("25 rows", || async { j.all("tbody tr").await.len() == 25 })
        .await;
    let first = j.find("tbody tr a").await.attr("href").await.unwrap();
    let first = first.expect("a link to the first payment");

    j.open(&first).await;
    j.until("the payment's page", || async {
        !j.all("dl.pc-fields").await.is_empty()
    })
    .await;
    // Its code is a module of its own, not the other screens', which the
    // page's start script fetched beside the main module (a preload the
    // split loader's request took), once.
    assert!(
        started(&wasm_fetched(&j).await, DETAIL).is_some(),
        "the payment's page's module"
    );
    let detail = j
        .js(&format!(
            "return performance.getEntriesByType('resource')
               .filter(e => new URL(e.name).pathname.startsWith('/{DETAIL}-'))
               .map(e => e.initiatorType);"
        ))
        .await;
    assert_eq!(
        detail,
        serde_json::json!(["link"]),
        "one download, the preload"
    );
    // Nothing on this page needs the other screens; they arrive when the
    // browser is idle, without a click.
    j.until("the screens' module fetched when idle", || async {
        started(&wasm_fetched(&j).await, SCREENS).is_some()
    })
    .await;
    j.finish().await;
}

#[tokio::test]
async fn a_screen_opened_first_fetches_its_code_and_draws() {
    let j = Journey::start().await;
    j.open("/c/reviewrover/new").await;
    j.sees("New ReviewRover payment").await;
    j.labelled("Amount").await;
    assert!(started(&wasm_fetched(&j).await, SCREENS).is_some());

    j.open("/all").await;
    j.sees("All payments").await;
    j.until("rows from every connection", || async {
        j.all("tbody tr").await.len() > 5
    })
    .await;
    assert_eq!(
        j.js("return document.querySelectorAll('main [role=alert]').length;")
            .await,
        Value::from(0),
        "no screen failed to arrive"
    );
    j.finish().await;
}

/// What moved on this page, as Chromium recorded it (its buffered
/// `layout-shift` entries): for each shift, its score and the classes of
/// the elements that moved.
async fn layout_shifts(j: &Journey) -> Vec<(f64, String)> {
    let read = "const done = arguments[arguments.length - 1];
        new PerformanceObserver((list) => {
          done(list.getEntries().filter((e) => !e.hadRecentInput).map((e) => [e.value,
            e.sources.map((s) => s.node && (s.node.className || s.node.nodeName)).join(' ')]));
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => done([]), 1000);";
    let v = j
        .client
        .execute_async(read, vec![])
        .await
        .expect("the page answers");
    v.as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|s| {
            let score = s[0].as_f64().unwrap_or(f64::INFINITY);
            (score, s[1].as_str().unwrap_or_default().to_string())
        })
        .collect()
}

#[tokio::test]
async fn a_first_visit_s_header_is_drawn_whole_and_never_pushes_the_page_down() {
    // The shell waits for the connections, so the header does not grow
    // by a line when their links arrive and push the page (`pc-main`)
    // down; the filters' and the charts' places are held at their sizes
    // until their code arrives, so what follows moves little: the page's
    // score stays "good" (under 0.1; a few thousandths on this machine,
    // docs/performance.md).
    for id in [
        "reviewrover",
        "billingplatform",
        "whop",
        "twocloud",
        "builton",
    ] {
        let j = Journey::start().await;
        j.open(&format!("/c/{id}")).await;
        j.until("rows", || async { !j.all("tbody tr").await.is_empty() })
            .await;
        j.until("the filters", || async {
            j.all(".pc-filters__reserve").await.is_empty()
                && !j.all("form.pc-filters > .pc-field").await.is_empty()
        })
        .await;
        // The line of totals (and the charts, where kept open) come after
        // the rows.
        j.charts_settled().await;
        let shifts = layout_shifts(&j).await;
        assert!(
            !shifts
                .iter()
                .any(|(_, s)| s.split(' ').any(|c| c == "pc-main")),
            "{id}: the page was pushed down: {shifts:?}"
        );
        let score: f64 = shifts.iter().map(|(score, _)| score).sum();
        assert!(score < 0.1, "{id}: layout shift score {score}: {shifts:?}");
        j.finish().await;
    }
}
