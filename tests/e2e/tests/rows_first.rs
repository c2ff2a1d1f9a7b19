//! Rows first: at 1280 × 900 with default settings, each list's rows as
//! a person sees them without scrolling: where the first row starts,
//! how tall rows are and how many are fully in view; "Skip to the
//! payments" is the first Tab stop and leads to the rows.

use payments_e2e::Journey;
use payments_model::vendors;

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

#[tokio::test]
async fn a_laptop_shows_the_rows_first() {
    let j = Journey::start().await;
    j.client.set_window_size(1280, 900).await.unwrap();
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
