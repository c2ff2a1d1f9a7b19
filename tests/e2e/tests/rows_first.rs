//! Rows first: at 1280 × 900 with default settings, each list's rows as
//! a person sees them without scrolling: where the first row starts,
//! how tall rows are and how many are fully in view; "Skip to the
//! payments" is the first Tab stop and leads to the rows.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use payments_e2e::Journey;
use payments_model::vendors;

/// Presses `key` wherever the focus is.
async fn press(j: &Journey, key: Key) {
    let k: char = key.into();
    let keys = KeyActions::new("keys".into())
        .then(KeyAction::Down { value: k })
        .then(KeyAction::Up { value: k });
    j.client.perform_actions(keys).await.unwrap();
}

/// What has the focus: its id, class and text.
async fn focused(j: &Journey) -> String {
    j.js("const e = document.activeElement;
          return (e.id || '') + '|' + (e.className || '') + '|' + (e.getAttribute('href') || '') + '|' + e.textContent.trim().slice(0, 40);")
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Where the first row starts, the rows' height and how many are fully
/// in the viewport.
async fn measured(j: &Journey) -> (f64, f64, u64) {
    let v = j
        .js(
            "const rows = [...document.querySelectorAll('main tbody tr.pc-row')];
             const h = window.innerHeight;
             const boxes = rows.map(r => r.getBoundingClientRect());
             const seen = boxes.filter(b => b.top >= 0 && b.bottom <= h).length;
             return [boxes.length ? boxes[0].top : -1, boxes.length ? boxes[0].height : -1, seen];",
        )
        .await;
    let a = v.as_array().cloned().unwrap_or_default();
    (
        a.first().and_then(|x| x.as_f64()).unwrap_or(-1.0),
        a.get(1).and_then(|x| x.as_f64()).unwrap_or(-1.0),
        a.get(2).and_then(|x| x.as_u64()).unwrap_or(0),
    )
}

/// Sizes the window so that the page's viewport is `width` × `height`.
async fn viewport(j: &Journey, width: u32, height: u32) {
    j.client.set_window_size(width, height).await.unwrap();
    let inner = j
        .js("return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];")
        .await;
    let extra = |i: usize| inner[i].as_u64().unwrap_or(0) as u32;
    j.client
        .set_window_size(width + extra(0), height + extra(1))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_laptop_shows_the_rows_first() {
    let j = Journey::start().await;
    viewport(&j, 1280, 900).await;
    let mut pages: Vec<String> = vendors::ALL
        .iter()
        .map(|v| format!("/c/{}", v.slug()))
        .collect();
    pages.push("/all".into());
    let mut lines = Vec::new();
    for path in &pages {
        j.open(path).await;
        j.until("rows", || async {
            !j.all("main tbody tr.pc-row").await.is_empty()
        })
        .await;
        // Whatever arrives after the rows (the filters' code) has arrived.
        j.until("the filters", || async {
            j.all(".pc-filters__reserve").await.is_empty()
        })
        .await;
        let (top, height, seen) = measured(&j).await;
        if std::env::var("ROWS_PROBE").is_ok() {
            let blocks = j.js("return [...document.querySelectorAll('.pc-header, .pc-list-head, .pc-filters, .pc-status, .pc-sources, .pc-search, .pc-bulk, .pc-chartline, thead, .pc-changed, .pc-totals')].map(e => e.className + ' ' + Math.round(e.getBoundingClientRect().top) + '-' + Math.round(e.getBoundingClientRect().bottom)).join(' | ');").await;
            eprintln!("{path}: {blocks}");
        }
        lines.push(format!(
            "{path}: first row at {top:.0} px, rows {height:.0} px, {seen} fully in view"
        ));
        assert!(
            height > 0.0 && height <= 34.0,
            "{path}: rows {height} px high"
        );
    }
    eprintln!("ROWS FIRST\n{}", lines.join("\n"));
    j.finish().await;
}

#[tokio::test]
async fn the_first_tab_stop_skips_to_the_payments_and_the_first_is_five_presses_away() {
    let j = Journey::start().await;
    for path in ["/c/reviewrover", "/all"] {
        j.open(path).await;
        j.until("rows", || async {
            !j.all("main tbody tr.pc-row").await.is_empty()
        })
        .await;
        // Default settings: the chart closed (another journey may have
        // opened it for this person).
        j.js("const b = document.querySelector('.pc-chartline__toggle');
              if (b && b.getAttribute('aria-expanded') === 'true') b.click();
              document.activeElement && document.activeElement.blur();
              return 1;")
            .await;
        press(&j, Key::Tab).await;
        let first = focused(&j).await;
        assert!(
            first.contains("pc-skip") && first.ends_with("|Skip to the payments"),
            "{path}: {first}"
        );
        press(&j, Key::Enter).await;
        let rows = focused(&j).await;
        assert!(
            rows.starts_with("pc-rows|") || rows.contains("pc-table-scroll"),
            "{path}: the rows have the focus: {rows}"
        );
        let mut presses = 1;
        loop {
            press(&j, Key::Tab).await;
            presses += 1;
            let now = focused(&j).await;
            if now
                .split('|')
                .nth(2)
                .is_some_and(|href| href.contains("/p/"))
            {
                break;
            }
            assert!(
                presses < 5,
                "{path}: the first payment is more than 5 presses away ({now})"
            );
        }
        eprintln!("{path}: the first payment after {presses} Tab presses");
    }
    j.finish().await;
}
