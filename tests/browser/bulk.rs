//! Bulk actions on a list, in a real browser against the sandbox's
//! ReviewRover: payments chosen on two pages (a click, a shift-click
//! range, another page's row) are deleted one by one; one the vendor
//! refuses is shown as refused with its reason, one whose answer is lost
//! (and that cannot be read back) as unsure, the others are gone. Cancel
//! stops the run before the next payment, and those not attempted stay.

use crate::support::page::{all, builton, console_at, reviewrover, text};
use crate::support::{sandbox_url, wait_for};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, MouseEvent, MouseEventInit};

fn ids(root: &Element) -> Vec<String> {
    all(root, ".pc-table tbody tr.pc-row th a")
        .iter()
        .map(|a| a.text_content().unwrap_or_default())
        .collect()
}

fn boxes(root: &Element) -> Vec<HtmlInputElement> {
    all(root, ".pc-table tbody tr.pc-row .pc-select input")
        .into_iter()
        .map(|e| e.unchecked_into())
        .collect()
}

/// Clicks a checkbox, with shift held or not.
fn tick(input: &HtmlInputElement, shift: bool) {
    let init = MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_shift_key(shift);
    let ev = MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    input.dispatch_event(&ev).unwrap();
}

fn button(root: &Element, label: &str) -> HtmlElement {
    all(root, "button")
        .into_iter()
        .find(|b| b.text_content().as_deref() == Some(label))
        .unwrap_or_else(|| panic!("a {label} button"))
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn a_bulk_delete_across_pages_says_what_came_of_each() {
    // Which payments: read from the plain list first.
    let (el, root) = console_at("/c/reviewrover?size=10", reviewrover("rr_demo_token"));
    wait_for("the rows", || ids(&root).len() == 10).await;
    let first = ids(&root);
    el.remove();
    let (refused, lost) = (first[1].clone(), first[2].clone());
    let mut conn = reviewrover("rr_demo_token");
    conn.base_url = format!(
        "{}/sandbox/faults/trouble/{refused}/{lost}/reviewrover/api/v1",
        sandbox_url()
    );
    let (el, root) = console_at("/c/reviewrover?size=10", conn);
    wait_for("the rows", || ids(&root) == first).await;
    tick(&boxes(&root)[0], false);
    tick(&boxes(&root)[2], true);
    wait_for("three chosen", || {
        text(&root, ".pc-bulk__count") == "3 payments are selected."
    })
    .await;
    assert!(boxes(&root)[1].checked(), "the range between is chosen");
    // Another page: the choice stays, and one more is chosen there.
    button(&root, "Next page").click();
    wait_for("page 2", || {
        ids(&root).first() != first.first() && ids(&root).len() == 10
    })
    .await;
    let other = ids(&root)[0].clone();
    tick(&boxes(&root)[0], false);
    wait_for("four chosen", || {
        text(&root, ".pc-bulk__count") == "4 payments are selected."
    })
    .await;
    button(&root, "Delete selected").click();
    let asked = text(&root, ".pc-bulk dialog p");
    assert!(
        asked.starts_with("Delete 4 payments? Together: ")
            && asked.contains('$')
            && asked.ends_with(". This cannot be undone."),
        "{asked}"
    );
    button(&root, "Delete them").click();
    wait_for("the run to end", || {
        text(&root, ".pc-bulk__run [role=status]").contains("deleted")
    })
    .await;
    let summary = text(&root, ".pc-bulk__run [role=status]");
    assert_eq!(summary.trim(), "2 deleted, 1 refused, 1 unsure.");
    let lines: Vec<String> = all(&root, ".pc-bulk__results li")
        .iter()
        .map(|l| l.text_content().unwrap_or_default())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0], format!("{} — deleted", first[0]));
    assert!(
        lines[1].contains("refused: Payment") && lines[1].contains("under review"),
        "{lines:?}"
    );
    assert!(
        lines[2].starts_with(&format!("{lost} — unsure:"))
            && lines[2].contains("may have been deleted"),
        "{lines:?}"
    );
    assert_eq!(lines[3], format!("{other} — deleted"));
    // The refused and unsure ones stay chosen, with links to open them.
    assert_eq!(text(&root, ".pc-bulk__count"), "2 payments are selected.");
    assert_eq!(all(&root, ".pc-bulk__results li a").len(), 2);
    el.remove();
    // Through the plain API: the deleted ones are gone, the refused one is not.
    let (el, root) = console_at("/c/reviewrover?size=10", reviewrover("rr_demo_token"));
    wait_for("the rows", || ids(&root).len() == 10).await;
    let now = ids(&root);
    assert!(!now.contains(&first[0]) && !now.contains(&lost), "{now:?}");
    assert!(now.contains(&refused));
    el.remove();
}

#[wasm_bindgen_test]
async fn cancel_stops_before_the_next_payment() {
    // Each request takes 300 ms, so the run is still going when Cancel
    // is pressed.
    let mut conn = reviewrover("rr_demo_token");
    conn.base_url = format!(
        "{}/sandbox/faults/slow/300/reviewrover/api/v1",
        sandbox_url()
    );
    let (el, root) = console_at("/c/reviewrover?size=10&page=3", conn);
    wait_for("the rows", || ids(&root).len() == 10).await;
    let before = ids(&root);
    let page: HtmlInputElement = root
        .query_selector(".pc-table thead .pc-select input")
        .unwrap()
        .unwrap()
        .unchecked_into();
    page.click();
    wait_for("the page chosen", || {
        text(&root, ".pc-bulk__count") == "10 payments are selected."
    })
    .await;
    button(&root, "Delete selected").click();
    button(&root, "Delete them").click();
    wait_for("the run's Cancel", || {
        root.query_selector(".pc-bulk__run button")
            .unwrap()
            .is_some()
    })
    .await;
    assert!(text(&root, ".pc-bulk__run").contains("Delete: 0 of 10 done"));
    let cancel: HtmlElement = root
        .query_selector(".pc-bulk__run button")
        .unwrap()
        .expect("the run's Cancel")
        .unchecked_into();
    cancel.click();
    wait_for("the run to end", || {
        text(&root, ".pc-bulk__run [role=status]").contains("not attempted")
    })
    .await;
    let summary = text(&root, ".pc-bulk__run [role=status]");
    assert_eq!(summary.trim(), "1 deleted, 9 not attempted.");
    let skipped = all(&root, ".pc-bulk__skipped").len();
    assert_eq!(skipped, 9);
    wait_for("the list again", || {
        ids(&root).len() == 10 && ids(&root) != before
    })
    .await;
    let now = ids(&root);
    assert!(!now.contains(&before[0]));
    assert!(
        before[1..].iter().all(|id| now.contains(id)),
        "the rest stay: {now:?}"
    );
    el.remove();
}

/// The changes offered for what is chosen.
fn offered(root: &Element) -> Vec<String> {
    all(root, "#pc-bulk-change option")
        .iter()
        .map(|o| o.text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn a_change_is_offered_where_every_chosen_payment_allows_it() {
    let (el, root) = console_at("/c/builton?size=10&page=4", builton());
    wait_for("the rows", || ids(&root).len() == 10).await;
    let chosen = ids(&root)[..2].to_vec();
    tick(&boxes(&root)[0], false);
    tick(&boxes(&root)[1], false);
    wait_for("the changes offered", || !offered(&root).is_empty()).await;
    // Both active (the seed), or both not (an earlier run): only the way
    // both can go is offered.
    let way = offered(&root);
    assert!(way == ["Active: off"] || way == ["Active: on"], "{way:?}");
    let (now, then) = if way[0].ends_with("off") {
        ("off", "on")
    } else {
        ("on", "off")
    };
    button(&root, "Change selected").click();
    let asked = text(&root, ".pc-bulk dialog p");
    assert!(
        asked.starts_with(&format!("Turn {now} “Active” for 2 payments? Together: ")),
        "{asked}"
    );
    button(&root, "Change them").click();
    wait_for("the run to end", || {
        text(&root, ".pc-bulk__run [role=status]").contains("changed")
    })
    .await;
    assert_eq!(
        text(&root, ".pc-bulk__run [role=status]").trim(),
        "2 changed."
    );
    // Chosen again, once the list is loaded again: now they can be
    // turned on.
    let loaded = || {
        root.query_selector(".pc-table-wrap[aria-busy=false]")
            .unwrap()
            .is_some()
            && text(&root, ".pc-bulk__count").is_empty()
    };
    wait_for("the list loaded again", loaded).await;
    assert_eq!(ids(&root)[..2], chosen[..]);
    tick(&boxes(&root)[0], false);
    tick(&boxes(&root)[1], false);
    wait_for("the other way offered", || {
        offered(&root) == [format!("Active: {then}")]
    })
    .await;
    el.remove();
}

/// The console at `start` with these connections.
fn console_with(
    start: &str,
    connections: Vec<payments_model::Connection>,
) -> (HtmlElement, Element) {
    use leptos::prelude::*;
    let el = crate::support::page::host();
    let start = start.to_string();
    leptos::mount::mount_to(el.clone(), move || {
        view! { <payments_console::ui::App mode=payments_console::routing::RoutingMode::Memory start=start connections=connections /> }
    })
    .forget();
    let root: Element = el.clone().unchecked_into();
    (el, root)
}

#[wasm_bindgen_test]
async fn all_payments_chooses_across_connections_and_deletes_each_through_its_own() {
    let (el, root) = console_with(
        "/all?status=pending",
        vec![reviewrover("rr_demo_token"), builton()],
    );
    wait_for("both connections loaded", || {
        all(&root, ".pc-source").len() == 2
            && all(&root, ".pc-source")
                .iter()
                .all(|s| s.text_content().unwrap_or_default().contains("loaded"))
    })
    .await;
    let names: Vec<String> = all(&root, ".pc-table tbody tr.pc-row td:nth-child(2)")
        .iter()
        .map(|t| t.text_content().unwrap_or_default())
        .collect();
    // One ReviewRover and one BuiltOn payment.
    let rr = names
        .iter()
        .position(|n| n.starts_with("ReviewRover"))
        .expect("a ReviewRover row");
    let bo = names
        .iter()
        .position(|n| n.starts_with("BuiltOn"))
        .expect("a BuiltOn row");
    tick(&boxes(&root)[rr], false);
    tick(&boxes(&root)[bo], false);
    wait_for("two chosen", || {
        text(&root, ".pc-bulk__count") == "2 payments are selected."
    })
    .await;
    // BuiltOn deletes nothing, so no delete is offered for both.
    wait_for("the actions", || {
        all(&root, ".pc-bulk__actions button").len() >= 3
    })
    .await;
    assert!(all(&root, ".pc-bulk__actions button")
        .iter()
        .all(|b| b.text_content().unwrap_or_default() != "Delete selected"));
    // Only ReviewRover's: deleted through its connection.
    tick(&boxes(&root)[bo], false);
    wait_for("one chosen", || {
        text(&root, ".pc-bulk__count") == "1 payment is selected."
    })
    .await;
    let rr_id = ids(&root)[rr].clone();
    wait_for("Delete offered", || {
        all(&root, ".pc-bulk__actions button")
            .iter()
            .any(|b| b.text_content().unwrap_or_default() == "Delete selected")
    })
    .await;
    button(&root, "Delete selected").click();
    button(&root, "Delete them").click();
    wait_for("the run to end", || {
        text(&root, ".pc-bulk__run [role=status]").contains("deleted")
    })
    .await;
    assert_eq!(
        text(&root, ".pc-bulk__run [role=status]").trim(),
        "1 deleted."
    );
    wait_for("All payments again without it", || {
        !ids(&root).contains(&rr_id) && !ids(&root).is_empty()
    })
    .await;
    el.remove();
}
