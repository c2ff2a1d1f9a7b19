//! The server's first screen, taken over by the console: for each vendor
//! that pages its list, in each language and three time zones, on a
//! laptop and a phone, the rows the server drew are the console's rows,
//! in the same boxes, with no shift and no frame without them; the list
//! is asked of the vendor once (by the server); a vendor's markup is
//! text; every other visit gets the page the console draws alone.

use payments_e2e::Journey;
use serde_json::{json, Value};

/// Runs before the page's own scripts, every frame until 2 s after the
/// console took over: how many rows are visible, the layout shifts, and
/// the list as the snapshot showed it last and as the console showed it
/// at once after taking over (its words and the boxes of its rows and
/// column headings). Where the console takes over before a frame has
/// been painted with the snapshot, the snapshot is as it was laid out
/// when its script showed it.
const RECORDER: &str = r#"
(() => {
  const pc = window.__pc = { frames: [], shifts: [], snap: null, after: null, took: null, done: false, violations: 0 };
  document.addEventListener('securitypolicyviolation', () => pc.violations++, true);
  new PerformanceObserver((l) => { for (const e of l.getEntries()) pc.shifts.push([e.startTime, e.value]); })
    .observe({ type: 'layout-shift', buffered: true });
  const view = (root) => {
    const wrap = root.querySelector('.pc-table-wrap');
    if (!wrap) return null;
    const boxes = [...root.querySelectorAll('.pc-table tr, .pc-table thead th')]
      .map((e) => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; });
    const words = ['#pc-list-title', '.pc-nav', '.pc-zone summary', '.pc-table-wrap']
      .map((css) => { const e = root.querySelector(css); return e ? e.innerText : ''; });
    return { words, boxes };
  };
  const frame = (t) => {
    const s = document.getElementById('pc-snapshot');
    const rows = [...document.querySelectorAll('tr.pc-row')]
      .filter((r) => r.checkVisibility({ visibilityProperty: true })).length;
    pc.frames.push([t, rows]);
    if (s && !s.hidden) pc.snap = view(s);
    const took = performance.getEntriesByName('pc-took-over')[0];
    if (took && !pc.after && !s) { pc.after = view(document.querySelector('.pc-root')); pc.took = took.startTime; }
    if (took && t > took.startTime + 2000) { pc.done = true; return; }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const shown = new MutationObserver(() => {
    const s = document.getElementById('pc-snapshot');
    if (!s || s.hidden) return;
    if (!pc.snap) pc.snap = view(s);
    shown.disconnect();
  });
  shown.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden'] });
})();
"#;

/// Runs before the page's own scripts: the moment the snapshot is shown
/// (before the console's module can run), scrolls the page and focuses
/// a payment's link in it, as a person quick with the keyboard would.
const POKE: &str = r#"
(() => {
  const seen = new MutationObserver(() => {
    const s = document.getElementById('pc-snapshot');
    if (!s || s.hidden || window.__poked) return;
    const link = s.querySelectorAll('tbody tr.pc-row th a')[12];
    window.scrollTo(0, 300);
    link.focus({ preventScroll: true });
    window.__poked = { href: link.getAttribute('href'), y: window.scrollY };
    seen.disconnect();
  });
  seen.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden'] });
})();
"#;

const PAGED: [&str; 4] = ["reviewrover", "whop", "twocloud", "builton"];
const LANGUAGES: [&str; 4] = ["en", "de", "fr", "es"];
const ZONES: [&str; 3] = ["UTC", "America/Los_Angeles", "Asia/Kolkata"];

/// The chart closed and compact rows, as a first screen has them.
async fn default_layout(j: &Journey) {
    j.open("/all").await;
    j.find("tbody tr").await;
    j.js("const c = document.querySelector('.pc-chartline__toggle[aria-expanded=\"true\"]'); if (c) c.click();
          const r = document.querySelector('.pc-density[aria-pressed=\"true\"]'); if (r) r.click(); return 1;")
        .await;
    j.until("the default layout", || async {
        j.all(".pc-chartline__toggle[aria-expanded=\"true\"], .pc-density[aria-pressed=\"true\"]")
            .await
            .is_empty()
    })
    .await;
}

/// Opens `path` and waits until the recorder is done; what it recorded.
async fn recorded(j: &Journey, path: &str) -> Value {
    j.open(path).await;
    j.until(&format!("{path} taken over, and 2 s more"), || async {
        j.js("return !!(window.__pc && window.__pc.done);").await == json!(true)
    })
    .await;
    j.js("return window.__pc;").await
}

/// Every check of one visit; `what` names it in failures.
fn judge(pc: &Value, what: &str) {
    let snap = &pc["snap"];
    assert!(snap.is_object(), "{what}: no snapshot was shown");
    let after = &pc["after"];
    assert_eq!(snap["words"], after["words"], "{what}: the words differ");
    let (a, b) = (
        snap["boxes"].as_array().unwrap(),
        after["boxes"].as_array().unwrap(),
    );
    assert_eq!(a.len(), b.len(), "{what}: rows and headings");
    assert!(a.len() > 10, "{what}: {} boxes", a.len());
    for (x, y) in a.iter().zip(b) {
        let near = (0..4).all(|i| (x[i].as_f64().unwrap() - y[i].as_f64().unwrap()).abs() <= 1.0);
        assert!(near, "{what}: a box moved from {x} to {y}");
    }
    assert_eq!(
        pc["violations"],
        json!(0),
        "{what}: the page's policy was violated"
    );
    let took = pc["took"].as_f64().unwrap();
    let shifted: f64 = pc["shifts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s[0].as_f64().unwrap() <= took + 2000.0)
        .map(|s| s[1].as_f64().unwrap())
        .sum();
    assert!(shifted <= 0.02, "{what}: layout shift {shifted}");
    let frames = pc["frames"].as_array().unwrap();
    let first = frames.iter().position(|f| f[1].as_u64() > Some(0));
    let first = first.unwrap_or_else(|| panic!("{what}: no frame showed rows"));
    let empty = frames[first..].iter().find(|f| f[1].as_u64() == Some(0));
    assert!(empty.is_none(), "{what}: a frame without rows at {empty:?}");
}

/// The browser's own requests for the list (the server asked for it).
async fn list_requests(j: &Journey, vendor: &str) -> u64 {
    j.js(&format!(
        "return performance.getEntriesByType('resource').filter((e) => e.name.includes('/gateway/{vendor}/payments')).length;"
    ))
    .await
    .as_u64()
    .unwrap_or(99)
}

async fn every_vendor_language_and_zone(j: &Journey, size: &str) {
    default_layout(j).await;
    j.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": RECORDER }),
    )
    .await;
    for language in LANGUAGES {
        j.js(&format!(
            "localStorage.setItem('pc.language', '{language}'); return 1;"
        ))
        .await;
        // The console keeps its language in a cookie the server draws by.
        j.open("/connections").await;
        j.until("the language's cookie", || async {
            j.js("return document.cookie;")
                .await
                .as_str()
                .unwrap_or_default()
                .contains(&format!("pc-language={language}"))
        })
        .await;
        for zone in ZONES {
            j.js(&format!(
                "localStorage.setItem('pc.time-zone', '{zone}'); return 1;"
            ))
            .await;
            for vendor in PAGED {
                let what = format!("{size} {vendor} {language} {zone}");
                let pc = recorded(j, &format!("/c/{vendor}")).await;
                judge(&pc, &what);
                assert_eq!(
                    list_requests(j, vendor).await,
                    0,
                    "{what}: the browser asked for the list too"
                );
            }
        }
    }
    j.js("localStorage.removeItem('pc.language'); localStorage.removeItem('pc.time-zone'); return 1;").await;
}

#[tokio::test]
async fn a_laptop_sees_the_servers_rows_become_the_consoles_without_a_jump() {
    let j = Journey::start().await;
    every_vendor_language_and_zone(&j, "1280×900").await;
    j.finish().await;
}

#[tokio::test]
async fn a_phone_sees_the_servers_cards_become_the_consoles_without_a_jump() {
    let j = Journey::start_on_phone().await;
    every_vendor_language_and_zone(&j, "390×844").await;
    j.finish().await;
}

#[tokio::test]
async fn other_visits_get_the_page_the_console_draws_alone() {
    let j = Journey::start().await;
    default_layout(&j).await;
    j.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": RECORDER }),
    )
    .await;
    // An address with a page number, and a list its vendor does not page.
    for path in ["/c/reviewrover?page=2", "/c/billingplatform"] {
        j.open(path).await;
        j.find("tbody tr.pc-row").await;
        let seen = j
            .js("return window.__pc.snap === null && !document.getElementById('pc-snapshot');")
            .await;
        assert_eq!(seen, json!(true), "{path}: a snapshot was shown");
    }
    // A language chosen in this browser that the server did not draw in
    // (the cookie says otherwise): never shown, the console draws.
    j.js("document.cookie = 'pc-language=fr; path=/'; localStorage.setItem('pc.language', 'de'); return 1;").await;
    j.open("/c/reviewrover").await;
    j.find("tbody tr.pc-row").await;
    assert_eq!(j.text("#pc-list-title").await, "Zahlungen: ReviewRover");
    let seen = j.js("return window.__pc.snap;").await;
    assert_eq!(seen, Value::Null, "the French snapshot was shown");
    j.js("localStorage.removeItem('pc.language'); return 1;")
        .await;
    // Signed out: the sign-in page, no snapshot.
    j.js("return fetch('/gateway/sign-out', {method: 'POST', headers: {'X-CSRF-Token': 'none'}}).then(() => 1);").await;
    let signed_out = Journey::start_signed_out().await;
    signed_out.open("/c/reviewrover").await;
    signed_out.find("#pc-sign-in-name").await;
    assert_eq!(
        signed_out
            .js("return !!document.getElementById('pc-snapshot');")
            .await,
        json!(false)
    );
    signed_out.finish().await;
    j.finish().await;
}

#[tokio::test]
async fn vendor_markup_in_the_first_screen_is_text_and_the_strict_policy_holds() {
    let j = Journey::start().await;
    default_layout(&j).await;
    let nasty = "</script><img src=x onerror=\"window.__owned=1\"><b>bold</b> \u{202e}אב";
    // A payment whose counterparty and reference hold markup, made
    // through the console's own gateway.
    let made = j
        .client
        .execute_async(
            "const [text, done] = arguments;
             fetch('/gateway/me').then((r) => r.json()).then((me) =>
               fetch('/gateway/reviewrover/payments', { method: 'POST',
                 headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf },
                 body: JSON.stringify({ contact_id: text, external_id: text, amount: '9.99', status: 'pending' }) }))
             .then((r) => done(r.status), (e) => done(String(e)));",
            vec![json!(nasty)],
        )
        .await
        .unwrap();
    assert!(made == json!(201) || made == json!(200), "created: {made}");
    j.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": RECORDER }),
    )
    .await;
    let pc = recorded(&j, "/c/reviewrover").await;
    judge(&pc, "markup");
    let shown = pc["snap"]["words"][3]
        .as_str()
        .unwrap_or_default()
        .to_string();
    // Long values are shortened in cells: their start is the markup.
    assert!(shown.contains("</script"), "shown as text: {shown}");
    assert_eq!(
        j.js("return window.__owned === undefined;").await,
        json!(true),
        "no script ran"
    );
    assert_eq!(
        j.js("return document.querySelectorAll('img').length;")
            .await,
        json!(0)
    );
    j.finish().await;
}

#[tokio::test]
async fn the_scroll_and_the_focus_survive_the_take_over() {
    let j = Journey::start_on_phone().await;
    default_layout(&j).await;
    for source in [RECORDER, POKE] {
        j.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": source }),
        )
        .await;
    }
    let pc = recorded(&j, "/c/reviewrover").await;
    judge(&pc, "scrolled and focused");
    let poked = j.js("return window.__poked;").await;
    let href = poked["href"]
        .as_str()
        .expect("the snapshot was scrolled and focused");
    assert!(poked["y"].as_f64().unwrap() > 100.0, "{poked}");
    let now = j
        .js("const a = document.activeElement; return { href: a && a.getAttribute('href'), y: window.scrollY, inside: !!a.closest('.pc-root') };")
        .await;
    assert_eq!(now["href"].as_str(), Some(href), "the focus moved: {now}");
    assert_eq!(now["inside"], json!(true));
    let moved = (now["y"].as_f64().unwrap() - poked["y"].as_f64().unwrap()).abs();
    assert!(moved <= 1.0, "scrolled from {poked} to {now}");
    j.finish().await;
}

#[tokio::test]
async fn a_link_in_the_first_screen_works_before_the_console_has_started() {
    let j = Journey::start().await;
    default_layout(&j).await;
    // The console's code never arrives.
    j.cdp("Network.enable", json!({})).await;
    j.cdp("Network.setBlockedURLs", json!({ "urls": ["*.wasm"] }))
        .await;
    j.open("/c/reviewrover").await;
    j.until("the first screen", || async {
        j.js("const s = document.getElementById('pc-snapshot'); return !!s && !s.hidden;")
            .await
            == json!(true)
    })
    .await;
    j.find("#pc-snapshot .pc-nav a[href='/c/whop']")
        .await
        .click()
        .await
        .unwrap();
    j.until("Whop's first screen", || async {
        j.js("const t = document.querySelector('#pc-snapshot #pc-list-title'); return t ? t.textContent : '';")
            .await
            == json!("Whop payments")
    })
    .await;
    assert!(j.url().await.ends_with("/c/whop"));
    j.cdp("Network.setBlockedURLs", json!({ "urls": [] })).await;
    j.finish().await;
}

#[tokio::test]
async fn an_embedded_console_gets_no_first_screen() {
    let j = Journey::start().await;
    j.open("/embed/").await;
    j.until("the embedded console's rows", || async {
        j.shadow_rows("payments-console").await == 25
    })
    .await;
    let none = j
        .js("return !document.getElementById('pc-snapshot') && !document.getElementById('pc-carried');")
        .await;
    assert_eq!(none, json!(true));
    j.finish().await;
}
