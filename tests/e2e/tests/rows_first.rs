//! Rows first: at 1280 × 900 with default settings, each list's rows as
//! a person sees them without scrolling: where the first row starts,
//! how tall rows are and how many are fully in view; "Skip to the
//! payments" is the first Tab stop and leads to the rows.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use payments_e2e::Journey;
use payments_model::vendors;

/// Presses `key` wherever the focus is.
async fn press(j: &Journey, key: impl Into<char>) {
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

/// The page's requests that failed (a status of 400 or more), as
/// "status address"; panics where the browser does not say statuses.
async fn failed_requests(j: &Journey) -> Vec<String> {
    let v = j
        .js("const all = performance.getEntriesByType('resource');
             if (!all.some(e => e.responseStatus === 200)) return null;
             return all.filter(e => e.responseStatus >= 400).map(e => e.responseStatus + ' ' + e.name);")
        .await;
    let list = v
        .as_array()
        .expect("the browser tells each request's status");
    list.iter()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

/// Every connection's list and All payments.
fn list_paths() -> Vec<String> {
    vendors::ALL
        .iter()
        .map(|v| format!("/c/{}", v.slug()))
        .chain(["/all".to_string()])
        .collect()
}

/// Waits for a list's rows.
async fn rows(j: &Journey) {
    j.until("rows", || async {
        !j.all("main tbody tr.pc-row").await.is_empty()
    })
    .await;
}

/// Opens the list at `path` and waits for its rows and for what arrives
/// after them (the filters' code).
async fn open_list(j: &Journey, path: &str) {
    j.open(path).await;
    rows(j).await;
    j.until("the filters", || async {
        j.all(".pc-filters__reserve").await.is_empty()
    })
    .await;
}

/// Saves what the page shows as `name`.png in `ROWS_SHOTS`, where set
/// (the README's and the tour's pictures).
async fn picture(j: &Journey, name: &str) {
    if let Ok(dir) = std::env::var("ROWS_SHOTS") {
        let png = j.client.screenshot().await.unwrap();
        std::fs::write(format!("{dir}/{name}.png"), png).unwrap();
    }
}

/// Puts the person's layout back to the defaults another journey may
/// have changed (their settings are kept on the server): the chart
/// closed, compact rows.
async fn default_layout(j: &Journey) {
    j.open("/all").await;
    rows(j).await;
    j.js(
        "const chart = document.querySelector('.pc-chartline__toggle[aria-expanded=\"true\"]');
          if (chart) chart.click();
          const roomy = document.querySelector('.pc-density[aria-pressed=\"true\"]');
          if (roomy) roomy.click();
          return 1;",
    )
    .await;
    j.until("the defaults", || async {
        j.all(".pc-chartline__toggle[aria-expanded=\"true\"], .pc-density[aria-pressed=\"true\"]")
            .await
            .is_empty()
    })
    .await;
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
    default_layout(&j).await;
    let mut lines = Vec::new();
    for path in &list_paths() {
        open_list(&j, path).await;
        let (top, height, seen) = measured(&j).await;
        assert_eq!(failed_requests(&j).await, Vec::<String>::new(), "{path}");
        if std::env::var("ROWS_PROBE").is_ok() {
            let blocks = j.js("return [...document.querySelectorAll('.pc-header, .pc-list-head, .pc-filters, .pc-status, .pc-sources, .pc-search, .pc-bulk, .pc-chartline, thead, .pc-changed, .pc-totals')].map(e => e.className + ' ' + Math.round(e.getBoundingClientRect().top) + '-' + Math.round(e.getBoundingClientRect().bottom)).join(' | ');").await;
            eprintln!("{path}: {blocks}");
        }
        let name = path.trim_start_matches('/').replace('/', "-");
        picture(&j, &format!("{name}-1280")).await;
        lines.push(format!(
            "{path}: first row at {top:.0} px, rows {height:.0} px, {seen} fully in view"
        ));
        assert!(
            height > 0.0 && height <= 34.0,
            "{path}: rows {height} px high"
        );
        assert!(top <= 260.0, "{path}: the first row starts at {top} px");
        assert_eq!(j.axe(".pc-root").await, Vec::<String>::new(), "{path}");
        // The totals per status show while the totals' button has the
        // focus, and describe it.
        let split = j
            .js(
                "const b = document.querySelector('.pc-chartline__toggle'); b.focus();
                 const s = document.getElementById(b.getAttribute('aria-describedby'));
                 const seen = !!s && s.getBoundingClientRect().height > 0 ? s.textContent : '';
                 b.blur(); return seen;",
            )
            .await;
        assert!(
            split
                .as_str()
                .is_some_and(|s| s.chars().any(|c| c.is_ascii_digit())),
            "{path}: {split}"
        );
        // No value read as raw JSON in the rows.
        let raw = j
            .js("return [...document.querySelectorAll('main tbody tr.pc-row td')].map(c => c.textContent).filter(t => /^\\s*[\\[{]\\s*\"/.test(t));")
            .await;
        assert_eq!(raw, serde_json::json!([]), "{path}");
        assert!(seen >= 18, "{path}: {seen} payments fully in view");
    }
    eprintln!("ROWS FIRST\n{}", lines.join("\n"));
    j.finish().await;
}

#[tokio::test]
async fn the_first_tab_stop_skips_to_the_payments_and_the_first_is_five_presses_away() {
    let j = Journey::start().await;
    default_layout(&j).await;
    for path in ["/c/reviewrover", "/all"] {
        j.open(path).await;
        rows(&j).await;
        j.js("document.activeElement && document.activeElement.blur(); return 1;")
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

#[tokio::test]
async fn more_filters_hold_the_rest_and_each_in_use_is_a_removable_chip() {
    let j = Journey::start().await;
    viewport(&j, 1280, 900).await;
    // A filter behind "More filters" in the address: its chip is on the
    // line and the button counts it.
    j.open("/c/billingplatform?minDate=2025-09-01").await;
    j.until("the chip", || async {
        j.texts(".pc-filter-chips .pc-chip")
            .await
            .iter()
            .any(|c| c.starts_with("Paid on or after: ") && c.contains("2025"))
    })
    .await;
    assert_eq!(j.text(".pc-more > summary").await, "More filters (1)");
    // Removing the chip removes the filter, from the address too.
    j.find(".pc-chip__remove").await.click().await.unwrap();
    j.until("the filter gone", || async {
        !j.url().await.contains("minDate") && j.all(".pc-filter-chips .pc-chip").await.is_empty()
    })
    .await;
    assert_eq!(j.text(".pc-more > summary").await, "More filters");
    // With no chip, the filters' line is one line: every control on it at one height.
    let tops = j
        .js("return [...document.querySelectorAll('.pc-filters > .pc-field, .pc-filters > .pc-more')].map(e => Math.round(e.getBoundingClientRect().top));")
        .await;
    let tops: Vec<i64> = tops
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.as_i64())
        .collect();
    assert!(
        tops.len() >= 4 && tops.iter().all(|t| *t == tops[0]),
        "{tops:?}"
    );
    // Opened, the rest are there; a value set there becomes a chip;
    // Escape closes the panel and gives the button the focus back.
    j.find(".pc-more > summary").await.click().await.unwrap();
    j.pick("Reversal dated on or after", "2025-08-01").await;
    if std::env::var("ROWS_SHOTS").is_ok() {
        j.until("the chip", || async {
            !j.all(".pc-filter-chips .pc-chip").await.is_empty()
        })
        .await;
        picture(&j, "more-filters-1280").await;
    }
    j.until("the new chip", || async {
        j.url().await.contains("minReversedDate=2025-08-01")
            && j.texts(".pc-filter-chips .pc-chip").await.len() == 1
    })
    .await;
    j.labelled("Reversal dated on or before")
        .await
        .click()
        .await
        .unwrap();
    press(&j, Key::Escape).await;
    j.until("the panel closed", || async {
        j.js("return !document.querySelector('.pc-more').open;")
            .await
            == serde_json::json!(true)
    })
    .await;
    assert!(focused(&j).await.contains("More filters (1)"));
    j.finish().await;
}

#[tokio::test]
async fn a_phone_shows_each_payment_as_a_card_and_six_of_them_first() {
    let j = Journey::start_on_phone().await;
    default_layout(&j).await;
    let mut lines = Vec::new();
    for path in &list_paths() {
        open_list(&j, path).await;
        let (top, height, seen) = measured(&j).await;
        let name = path.trim_start_matches('/').replace('/', "-");
        picture(&j, &format!("{name}-390")).await;
        lines.push(format!(
            "{path}: first card at {top:.0} px, cards {height:.0} px, {seen} fully in view"
        ));
        assert!(
            seen >= 6,
            "{path}: {seen} payments fully in view on a phone"
        );
        assert_eq!(
            j.axe(".pc-root").await,
            Vec::<String>::new(),
            "{path} on a phone"
        );
        // A card: the id, amount, status and date are drawn, nothing
        // wider than the screen.
        let card = j
            .js("const r = document.querySelector('main tbody tr.pc-row');
                 const shown = s => { const e = r.querySelector(s); return !!e && e.getBoundingClientRect().width > 0; };
                 return [shown('.pc-card-id'), shown('.pc-card-amount'), shown('.pc-card-status'), shown('.pc-card-date'),
                         document.documentElement.scrollWidth <= window.innerWidth];")
            .await;
        assert_eq!(
            card,
            serde_json::json!([true, true, true, true, true]),
            "{path}"
        );
    }
    eprintln!("ROWS FIRST ON A PHONE\n{}", lines.join("\n"));
    // The header is a title and "Menu"; the menu opens the pages.
    let nav_shown = "const n = document.querySelector('.pc-nav'); return !!n && n.getBoundingClientRect().height > 0;";
    assert_eq!(j.js(nav_shown).await, serde_json::json!(false));
    j.button("Menu").await.click().await.unwrap();
    assert_eq!(j.js(nav_shown).await, serde_json::json!(true));
    // Choosing a payment by touch still brings the bulk actions.
    j.find("main tbody tr.pc-row .pc-select input")
        .await
        .click()
        .await
        .unwrap();
    j.until("the bulk bar", || async {
        j.text(".pc-bulk__count").await.contains("1")
    })
    .await;
    j.finish().await;
}

#[tokio::test]
async fn shortcuts_find_walk_choose_open_and_edit_and_can_be_turned_off() {
    let j = Journey::start().await;
    open_list(&j, "/c/reviewrover").await;
    j.js("document.activeElement && document.activeElement.blur(); return 1;")
        .await;
    // j walks down from the first payment, k back up.
    press(&j, 'j').await;
    let first = j.texts("main tbody tr.pc-row th a").await;
    assert!(focused(&j).await.ends_with(&format!("|{}", first[0])));
    press(&j, 'j').await;
    press(&j, 'j').await;
    press(&j, 'k').await;
    assert!(focused(&j).await.ends_with(&format!("|{}", first[1])));
    // x chooses the payment with the focus.
    press(&j, 'x').await;
    j.until("one chosen", || async {
        j.text(".pc-bulk__count").await.contains("1")
    })
    .await;
    // Typing in a field is typing: j is a letter there.
    j.find(".pc-filters input[type=search]")
        .await
        .click()
        .await
        .unwrap();
    press(&j, 'j').await;
    let typed = j.js("return document.activeElement.value;").await;
    assert_eq!(typed, serde_json::json!("j"));
    j.js("document.activeElement.value = ''; document.activeElement.blur(); return 1;")
        .await;
    // / goes to the search box.
    press(&j, '/').await;
    assert!(j
        .js("return document.activeElement.getAttribute('type');")
        .await
        .as_str()
        .is_some_and(|t| t == "search"));
    j.js("document.activeElement.blur(); return 1;").await;
    // e on a payment edits it; Enter on its check box opens it.
    press(&j, 'j').await;
    press(&j, 'e').await;
    j.until("the edit form", || async {
        j.url().await.ends_with(&format!("/p/{}/edit", first[0]))
    })
    .await;
    j.open("/c/reviewrover").await;
    rows(&j).await;
    j.find("main tbody tr.pc-row .pc-select input").await;
    j.js("document.querySelector('main tbody tr.pc-row .pc-select input').focus(); return 1;")
        .await;
    press(&j, Key::Enter).await;
    j.until("the payment", || async {
        j.url().await.ends_with(&format!("/p/{}", first[0]))
    })
    .await;
    // ? lists them; turned off there, j does nothing.
    j.js("document.activeElement && document.activeElement.blur(); return 1;")
        .await;
    press(&j, '?').await;
    j.until("the list", || async {
        j.js("return document.querySelector('dialog.pc-shortcuts').open;")
            .await
            == serde_json::json!(true)
    })
    .await;
    assert!(j.axe("dialog.pc-shortcuts").await.is_empty());
    j.labelled("Use keyboard shortcuts")
        .await
        .click()
        .await
        .unwrap();
    j.button("Close").await.click().await.unwrap();
    j.open("/c/reviewrover").await;
    rows(&j).await;
    j.js("document.activeElement && document.activeElement.blur(); return 1;")
        .await;
    press(&j, 'j').await;
    assert!(!focused(&j).await.contains("/p/"), "shortcuts are off");
    // On again, for the other journeys.
    j.button("Keyboard shortcuts").await.click().await.unwrap();
    j.labelled("Use keyboard shortcuts")
        .await
        .click()
        .await
        .unwrap();
    j.button("Close").await.click().await.unwrap();
    j.finish().await;
}

#[tokio::test]
async fn a_signed_out_page_asks_nothing_that_fails() {
    let j = Journey::start_signed_out().await;
    for path in ["/", "/c/reviewrover", "/all"] {
        j.open(path).await;
        j.find("#pc-sign-in-name").await;
        assert_eq!(failed_requests(&j).await, Vec::<String>::new(), "{path}");
    }
    j.finish().await;
}

#[tokio::test]
async fn a_long_id_in_a_list_is_shortened_shown_whole_on_focus_and_copied_whole() {
    let j = Journey::start().await;
    j.open("/c/reviewrover").await;
    let id = j.find("main tbody tr.pc-row .pc-id").await;
    let short = id.text().await.unwrap();
    let whole = id.attr("data-full").await.unwrap().unwrap_or_default();
    assert!(
        short.contains('…') && whole.len() > short.chars().count(),
        "{short} {whole}"
    );
    assert!(whole.starts_with(short.split('…').next().unwrap()));
    assert_eq!(
        id.attr("aria-label").await.unwrap(),
        Some(format!("Copy {whole}"))
    );
    id.click().await.unwrap();
    j.until("copied", || async {
        id.attr("aria-label").await.unwrap() == Some(format!("Copied {whole}"))
    })
    .await;
    j.finish().await;
}
