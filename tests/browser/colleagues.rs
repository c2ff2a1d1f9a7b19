//! Browser tests of working beside colleagues, in the browser-only mode
//! these tests run in (no gateway): a save made from a form whose payment
//! changed since is caught by a fresh read just before it, shown with
//! what changed, and the person's typing is kept; a stale delete asks
//! again; the console says that it cannot see changes live; and a list
//! told of changes says how many instead of moving its rows.
use leptos::prelude::*;
use payments_console::api::payments::{load, write};
use payments_console::routing::{Router, RoutingMode};
use payments_console::state::Live;
use payments_console::ui::PaymentList;
use payments_model::activity::ChangeKind;
use payments_model::live::LiveChange;
use serde_json::{Map, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

use crate::support::page::{all, console_at, host, input, reviewrover, submit, text, type_into};
use crate::support::wait_for;

fn click(root: &Element, label: &str) {
    all(root, "button")
        .into_iter()
        .find(|b| b.text_content().as_deref() == Some(label))
        .unwrap_or_else(|| panic!("a {label} button"))
        .unchecked_into::<HtmlElement>()
        .click();
}

/// A new ReviewRover payment of 100.00, made through the console; its id.
async fn new_payment() -> String {
    let (el, root) = console_at("/c/reviewrover/new", reviewrover("rr_demo_token"));
    wait_for("the form", || {
        text(&root, "h2") == "New ReviewRover payment"
    })
    .await;
    type_into(&root, "pc-payment-contact_id", "cont_colleague");
    type_into(&root, "pc-payment-amount", "100.00");
    submit(&root);
    wait_for("the new payment", || {
        text(&root, ".pc-detail-head").contains("$100.00")
    })
    .await;
    let title = text(&root, "h2");
    el.remove();
    title.rsplit(' ').next().unwrap().to_string()
}

/// The edit form of payment `id`, once it shows the values to edit.
async fn edit_form(id: &str) -> (HtmlElement, Element) {
    let (el, root) = console_at(
        &format!("/c/reviewrover/p/{id}/edit"),
        reviewrover("rr_demo_token"),
    );
    wait_for("the values to edit", || {
        root.query_selector("#pc-payment-amount").unwrap().is_some()
    })
    .await;
    (el, root)
}

/// A colleague's edit, behind the console's back.
async fn colleague_sets(id: &str, field: &str, value: &str) {
    let conn = reviewrover("rr_demo_token");
    let mut values = Map::new();
    values.insert(field.into(), Value::String(value.into()));
    write(&conn, None, |w| {
        w.vendor
            .operations()
            .update_request(w, id, &values)
            .and_then(Result::ok)
    })
    .await
    .expect("the colleague's edit");
}

#[wasm_bindgen_test]
async fn a_stale_save_is_caught_by_a_fresh_read_and_keeps_what_was_typed() {
    let id = new_payment().await;
    let (el, root) = edit_form(&id).await;
    assert!(
        text(&root, "main").contains("cannot show colleagues' changes as they happen"),
        "{}",
        text(&root, "main")
    );
    colleague_sets(&id, "amount", "111.11").await;
    type_into(&root, "pc-payment-amount", "222.22");
    submit(&root);
    wait_for("what changed", || !all(&root, ".pc-conflict").is_empty()).await;
    let said = text(&root, ".pc-conflict");
    assert!(said.contains("Changed since you opened it:"), "{said}");
    assert!(said.contains("Amount 100.00 → 111.11"), "{said}");
    assert_eq!(input(&root, "pc-payment-amount").value(), "222.22");
    assert!(
        !text(&root, ".pc-conflict").contains("editor"),
        "no name without a gateway"
    );
    // Nothing was written: the colleague's amount stands.
    let now = load(
        &reviewrover("rr_demo_token"),
        &id,
        &payments_console::api::quietly,
    )
    .await
    .unwrap();
    assert_eq!(now.text_at("amount").as_deref(), Some("111.11"));

    click(&root, "Keep my changes on theirs");
    wait_for("the form over their version", || {
        text(&root, ".pc-conflict__said").contains("your changes on top")
    })
    .await;
    assert!(all(&root, "div.pc-conflict").is_empty());
    assert_eq!(input(&root, "pc-payment-amount").value(), "222.22");
    submit(&root);
    wait_for("saved", || {
        text(&root, ".pc-detail-head").contains("$222.22")
    })
    .await;
    el.remove();
}

#[wasm_bindgen_test]
async fn taking_their_version_sets_what_was_typed_aside() {
    let id = new_payment().await;
    let (el, root) = edit_form(&id).await;
    colleague_sets(&id, "amount", "150.00").await;
    type_into(&root, "pc-payment-amount", "99.00");
    submit(&root);
    wait_for("what changed", || !all(&root, "div.pc-conflict").is_empty()).await;
    assert_eq!(
        document_active_id(),
        "pc-payment-conflict",
        "the focus goes to what changed"
    );
    click(&root, "Take their version");
    wait_for("their version", || {
        input(&root, "pc-payment-amount").value() == "150.00"
    })
    .await;
    assert!(text(&root, ".pc-conflict__said").contains("set aside"));
    el.remove();
}

fn document_active_id() -> String {
    crate::support::document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_stale_delete_asks_again_showing_what_changed() {
    let id = new_payment().await;
    let (el, root) = console_at(
        &format!("/c/reviewrover/p/{id}"),
        reviewrover("rr_demo_token"),
    );
    wait_for("the payment", || {
        text(&root, ".pc-detail-head").contains("$100.00")
    })
    .await;
    colleague_sets(&id, "status", "paid").await;
    click(&root, "Delete");
    wait_for("the question", || {
        all(&root, "button")
            .iter()
            .any(|b| b.text_content().as_deref() == Some("Delete payment"))
    })
    .await;
    click(&root, "Delete payment");
    wait_for("what changed", || {
        text(&root, "main").contains("Delete this payment all the same?")
    })
    .await;
    let said = text(&root, ".pc-conflict");
    assert!(said.contains("Status") && said.contains("→ paid"), "{said}");
    // Still there; asked again and confirmed, it goes.
    assert!(load(
        &reviewrover("rr_demo_token"),
        &id,
        &payments_console::api::quietly
    )
    .await
    .is_ok());
    click(&root, "Delete anyway");
    wait_for("deleted", || text(&root, "main").contains("was deleted")).await;
    let gone = load(
        &reviewrover("rr_demo_token"),
        &id,
        &payments_console::api::quietly,
    )
    .await;
    assert!(gone.is_err(), "deleted");
    el.remove();
}

#[wasm_bindgen_test]
async fn a_list_says_how_many_payments_changed_instead_of_moving_rows() {
    let el = host();
    let live = RwSignal::new(None::<Live>);
    let handle = leptos::mount::mount_to(el.clone(), move || {
        Router::provide(RoutingMode::Memory, "/c/reviewrover");
        live.set(Some(Live::provide()));
        view! { <PaymentList connection=reviewrover("rr_demo_token") /> }
    });
    let root: Element = el.clone().unchecked_into();
    wait_for("rows", || !all(&root, "tbody tr").is_empty()).await;
    let first = all(&root, "tbody th a")[0].text_content().unwrap();
    let before = text(&root, "tbody");
    assert!(all(&root, ".pc-changed__banner").is_empty());
    let live = live.get_untracked().unwrap();
    for (seq, id) in [
        (10, first.as_str()),
        (11, first.as_str()),
        (12, "elsewhere"),
    ] {
        live.log.update(|l| {
            l.heard(LiveChange {
                seq,
                connection: "reviewrover".into(),
                kind: ChangeKind::Edit,
                ids: vec![id.to_string()],
                fields: vec![("amount".into(), "1.00".into())],
                ..LiveChange::default()
            })
        });
    }
    // Another connection's change is not this list's.
    live.log.update(|l| {
        l.heard(LiveChange {
            seq: 13,
            connection: "billingplatform".into(),
            ids: vec!["x".into()],
            ..LiveChange::default()
        })
    });
    wait_for("the banner", || {
        !all(&root, ".pc-changed__banner").is_empty()
    })
    .await;
    assert_eq!(
        text(&root, ".pc-changed__banner"),
        "2 payments changed since this list was read. Show"
    );
    assert_eq!(text(&root, "tbody"), before, "no row moved");
    click(&root, "Show");
    wait_for("the banner to go", || {
        all(&root, ".pc-changed__banner").is_empty()
    })
    .await;
    drop(handle);
    el.remove();
}
