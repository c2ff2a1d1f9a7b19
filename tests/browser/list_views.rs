//! Columns and saved views in the browser-only console (kept in
//! `localStorage`): the chooser shows, hides, moves and resets a list's
//! columns, and the choice survives the console being mounted again (a
//! reload); a view saved from a filtered list opens again with its
//! filters and columns, and is renamed and deleted.

use crate::support::page::{all, console_at, input, reviewrover, text};
use crate::support::{keep_files, last_file, wait_for};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

fn headings(root: &Element) -> Vec<String> {
    all(root, "thead th:not(.pc-select)")
        .iter()
        .map(|t| t.text_content().unwrap_or_default())
        .collect()
}

fn click(el: &Element) {
    el.unchecked_ref::<HtmlElement>().click();
}

fn named(root: &Element, selector: &str, name: &str) -> Element {
    all(root, selector)
        .into_iter()
        .find(|b| {
            b.get_attribute("aria-label").as_deref() == Some(name)
                || b.text_content().unwrap_or_default() == name
        })
        .unwrap_or_else(|| panic!("no {selector} named {name:?}"))
}

/// The checkbox labelled `label` in the column chooser.
fn column_box(root: &Element, label: &str) -> HtmlInputElement {
    let l = named(root, ".pc-columns label", label);
    let id = l.get_attribute("for").unwrap_or_default();
    input(root, &id)
}

fn toggle(root: &Element, label: &str) {
    column_box(root, label).click();
}

/// Opens the menu `selector` (a `<details>`) and waits for its panel.
async fn open_menu(root: &Element, selector: &str) {
    let details: web_sys::HtmlDetailsElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap()
        .unchecked_into();
    details.set_open(true);
    let panel = format!("{selector} .pc-menu__panel");
    wait_for("the menu's panel", || {
        root.query_selector(&panel).unwrap().is_some()
    })
    .await;
}

fn clear_settings() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("pc.preferences").unwrap();
}

#[wasm_bindgen_test]
async fn columns_are_chosen_moved_reset_and_kept() {
    clear_settings();
    let (el, root) = console_at("/c/reviewrover?size=10", reviewrover("rr_demo_token"));
    wait_for("the rows", || all(&root, "tbody tr").len() == 10).await;
    assert_eq!(
        headings(&root),
        [
            "ID",
            "Amount",
            "Status",
            "Contact",
            "Event date",
            "External ID"
        ]
    );
    open_menu(&root, ".pc-columns").await;
    toggle(&root, "Status");
    toggle(&root, "Created");
    wait_for("the new columns", || {
        headings(&root).len() == 6 && headings(&root)[5] == "Created"
    })
    .await;
    assert!(!headings(&root).contains(&"Status".to_string()));
    // Every row has a cell per column, the new one holding a time.
    let first = root.query_selector("tbody tr").unwrap().unwrap();
    assert_eq!(first.children().length(), 7, "a checkbox and six columns");
    assert!(first
        .query_selector("td:last-child time")
        .unwrap()
        .is_some());
    click(&named(&root, ".pc-columns button", "Move Created earlier"));
    wait_for("Created moved", || headings(&root)[4] == "Created").await;
    assert_eq!(text(&root, ".pc-columns__said"), "Created is now column 5.");
    // ID stays first: its own controls do not exist.
    assert!(all(&root, ".pc-columns button").iter().all(|b| {
        let name = b.get_attribute("aria-label").unwrap_or_default();
        name != "Move ID earlier" && name != "Move ID later"
    }));
    assert!(text(&root, ".pc-columns__fixed").starts_with("ID"));
    // Mounted again (a reload): the same columns.
    let chosen = headings(&root);
    el.remove();
    let (el, root) = console_at("/c/reviewrover?size=10", reviewrover("rr_demo_token"));
    wait_for("the rows again", || all(&root, "tbody tr").len() == 10).await;
    assert_eq!(headings(&root), chosen);
    open_menu(&root, ".pc-columns").await;
    // The export can hold just these columns.
    keep_files();
    let only_shown: HtmlInputElement = root
        .query_selector(".pc-export__columns input")
        .unwrap()
        .unwrap()
        .unchecked_into();
    only_shown.click();
    click(&named(&root, ".pc-export button", "Export CSV"));
    wait_for("the export", || {
        text(&root, ".pc-export__status").starts_with("Exported")
    })
    .await;
    let csv = last_file().await;
    let heading = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        heading,
        "ID,Amount,Currency,Contact,Event date,Created,External ID,Time zone"
    );
    click(&named(&root, ".pc-columns button", "Reset columns"));
    wait_for("the standard columns", || headings(&root)[2] == "Status").await;
    assert_eq!(headings(&root).len(), 6);
    el.remove();
    clear_settings();
}

#[wasm_bindgen_test]
async fn a_saved_view_opens_with_its_filters_and_columns() {
    clear_settings();
    let (el, root) = console_at(
        "/c/reviewrover?status=pending&size=10",
        reviewrover("rr_demo_token"),
    );
    wait_for("the pending rows", || !all(&root, "tbody tr").is_empty()).await;
    open_menu(&root, ".pc-columns").await;
    open_menu(&root, ".pc-views").await;
    toggle(&root, "Updated");
    wait_for("the Updated column", || {
        headings(&root).contains(&"Updated".to_string())
    })
    .await;
    // An empty name is refused, next to its field.
    click(&named(&root, ".pc-views button", "Save view"));
    wait_for("the name's error", || {
        !text(&root, "#pc-views-error").is_empty()
    })
    .await;
    assert_eq!(
        input(&root, "pc-views-name")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    let name = input(&root, "pc-views-name");
    name.set_value("Pending, with updates");
    name.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    click(&named(&root, ".pc-views button", "Save view"));
    wait_for("the view listed", || {
        text(&root, ".pc-views__open") == "Pending, with updates"
    })
    .await;
    // Elsewhere: other filters, the standard columns.
    let status = input(&root, "pc-filter-status");
    status.set_value("completed");
    status
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    click(&named(&root, ".pc-columns button", "Reset columns"));
    wait_for("the other list", || {
        all(&root, "tbody .pc-badge")
            .iter()
            .all(|b| b.text_content().unwrap_or_default().contains("completed"))
            && !headings(&root).contains(&"Updated".to_string())
    })
    .await;
    // Opening the view brings both back.
    click(&root.query_selector(".pc-views__open").unwrap().unwrap());
    wait_for("the view's list", || {
        input(&root, "pc-filter-status").value() == "pending"
            && headings(&root).contains(&"Updated".to_string())
    })
    .await;
    let link = root
        .query_selector(".pc-views__open")
        .unwrap()
        .unwrap()
        .get_attribute("href")
        .unwrap_or_default();
    assert!(
        link.contains("status=pending") && link.contains("size=10"),
        "{link}"
    );
    // Renamed, then deleted after a confirmation.
    click(&named(
        &root,
        ".pc-views button",
        "Rename “Pending, with updates”",
    ));
    wait_for("the rename field", || {
        root.query_selector(".pc-views__rename input")
            .unwrap()
            .is_some()
    })
    .await;
    let field: HtmlInputElement = root
        .query_selector(".pc-views__rename input")
        .unwrap()
        .unwrap()
        .unchecked_into();
    field.set_value("Pending");
    field
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    click(&named(&root, ".pc-views__rename button", "Save name"));
    wait_for("the new name", || {
        text(&root, ".pc-views__open") == "Pending"
    })
    .await;
    click(&named(&root, ".pc-views button", "Delete “Pending”"));
    click(&named(&root, ".pc-views dialog button", "Delete view"));
    wait_for("no view left", || {
        root.query_selector(".pc-views__open").unwrap().is_none()
    })
    .await;
    assert_eq!(
        text(&root, ".pc-views__said"),
        "Deleted the view “Pending”."
    );
    el.remove();
    clear_settings();
}
