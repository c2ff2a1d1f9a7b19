//! Browser tests of embedding: consoles mounted into a host page that has
//! hostile global styles and its own address, talking to a live sandbox.
use std::cell::RefCell;
use std::rc::Rc;

use payments_console::embed;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

use crate::support::{document, sandbox_url, sleep, wait_for};

/// A host element in the page.
fn host_element() -> HtmlElement {
    let el: HtmlElement = document()
        .create_element("section")
        .unwrap()
        .unchecked_into();
    document().body().unwrap().append_child(&el).unwrap();
    el
}

/// The host's own, hostile global styles (added once).
fn hostile_styles() {
    if document().get_element_by_id("hostile").is_some() {
        return;
    }
    let style = document().create_element("style").unwrap();
    style.set_id("hostile");
    style.set_text_content(Some(
        ".pc-root, .pc-table, .pc-button { display: none !important; } \
         * { font-size: 40px !important; color: rgb(255, 0, 0) !important; } \
         table { border: 9px solid red; }",
    ));
    document().head().unwrap().append_child(&style).unwrap();
}

fn options(pairs: &[(&str, &str)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        js_sys::Reflect::set(&o, &(*k).into(), &(*v).into()).unwrap();
    }
    o.into()
}

fn rr(token: &str) -> Vec<(&'static str, String)> {
    vec![
        ("vendor", "reviewrover".into()),
        ("baseUrl", format!("{}/reviewrover/api/v1", sandbox_url())),
        ("token", token.into()),
    ]
}

fn opts(v: &[(&'static str, String)]) -> JsValue {
    let pairs: Vec<(&str, &str)> = v.iter().map(|(k, s)| (*k, s.as_str())).collect();
    options(&pairs)
}

fn inside(el: &HtmlElement, selector: &str) -> Vec<Element> {
    let Some(root) = el.shadow_root() else {
        return vec![];
    };
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

fn inside_text(el: &HtmlElement, selector: &str) -> String {
    inside(el, selector)
        .first()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn computed(e: &Element, prop: &str) -> String {
    web_sys::window()
        .unwrap()
        .get_computed_style(e)
        .unwrap()
        .unwrap()
        .get_property_value(prop)
        .unwrap()
}

#[wasm_bindgen_test]
async fn host_styles_do_not_reach_in_and_console_styles_do_not_leak_out() {
    hostile_styles();
    let el = host_element();
    let mut console = embed::mount(el.clone(), opts(&rr("rr_demo_token"))).unwrap();
    wait_for("rows in the shadow root", || {
        inside(&el, "tbody tr").len() == 25
    })
    .await;
    let table = inside(&el, "table").remove(0);
    assert_eq!(
        computed(&table, "display"),
        "table",
        "the host's display: none does not apply"
    );
    assert_ne!(computed(&table, "font-size"), "40px");
    assert_ne!(computed(&table, "border-top-width"), "9px");
    // The console's rules do not style the host's elements.
    let outside = document().create_element("span").unwrap();
    outside.set_class_name("pc-badge");
    document().body().unwrap().append_child(&outside).unwrap();
    assert_eq!(computed(&outside, "border-top-left-radius"), "0px");
    assert!(
        document().query_selector(".pc-root").unwrap().is_none(),
        "nothing of the console is in the host's DOM"
    );
    console.unmount();
    el.remove();
    outside.remove();
}

#[wasm_bindgen_test]
async fn events_tell_the_host_what_happened() {
    let el = host_element();
    let seen: Rc<RefCell<Vec<(String, String)>>> = Rc::default();
    let mut listeners = Vec::new();
    for name in ["created", "error"] {
        let seen = seen.clone();
        let l = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            let detail = js_sys::JSON::stringify(&e.detail())
                .unwrap()
                .as_string()
                .unwrap();
            seen.borrow_mut().push((e.type_(), detail));
        });
        el.add_event_listener_with_callback(
            &format!("payments-console:{name}"),
            l.as_ref().unchecked_ref(),
        )
        .unwrap();
        listeners.push(l);
    }
    let mut o = rr("rr_demo_token");
    o.push(("start", "new".into()));
    let mut console = embed::mount(el.clone(), opts(&o)).unwrap();
    wait_for("the form", || {
        !inside(&el, "#pc-payment-contact_id").is_empty()
    })
    .await;
    for (id, value) in [
        ("pc-payment-contact_id", "cont_embed"),
        ("pc-payment-amount", "7"),
    ] {
        let input: web_sys::HtmlInputElement =
            inside(&el, &format!("#{id}")).remove(0).unchecked_into();
        input.set_value(value);
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
    }
    let form: web_sys::HtmlFormElement = inside(&el, "form.pc-form").remove(0).unchecked_into();
    form.request_submit().unwrap();
    wait_for("a created event", || !seen.borrow().is_empty()).await;
    let (name, detail) = seen.borrow()[0].clone();
    assert_eq!(name, "payments-console:created");
    let detail: serde_json::Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail["vendor"], "reviewrover");
    assert_eq!(detail["payment"]["amount"], "7.00");
    assert_eq!(detail["payment"]["currency"], "USD");
    console.unmount();

    // A failure is reported too, with its status.
    seen.borrow_mut().clear();
    let mut failing = embed::mount(el.clone(), opts(&rr("wrong"))).unwrap();
    wait_for("an error event", || !seen.borrow().is_empty()).await;
    let (name, detail) = seen.borrow()[0].clone();
    assert_eq!(name, "payments-console:error");
    let detail: serde_json::Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(
        (detail["status"].as_u64(), detail["kind"].as_str()),
        (Some(401), Some("Unauthorized"))
    );
    failing.unmount();
    el.remove();
}

#[wasm_bindgen_test]
async fn options_update_and_token_callbacks() {
    let el = host_element();
    let console = embed::mount(el.clone(), opts(&rr("expired"))).unwrap();
    wait_for("the rejection", || {
        inside_text(&el, ".pc-error p").contains("Invalid API token")
    })
    .await;
    let mut o = rr("rr_demo_token");
    o.push(("theme", "dark".into()));
    console.update(opts(&o)).unwrap();
    // The new token applies on the next request.
    inside(&el, ".pc-error button")
        .remove(0)
        .unchecked_into::<HtmlElement>()
        .click();
    wait_for("rows with the new token", || {
        inside(&el, "tbody tr").len() == 25
    })
    .await;
    assert_eq!(el.get_attribute("data-theme").as_deref(), Some("dark"));
    assert!(
        console.update(options(&[("vendor", "stripe")])).is_err(),
        "a wrong option is refused"
    );
    let mut console = console;
    console.unmount();

    // A callback is asked for the token before each request.
    let calls = Rc::new(RefCell::new(0u32));
    let counter = calls.clone();
    let get_token = Closure::<dyn Fn() -> js_sys::Promise>::new(move || {
        *counter.borrow_mut() += 1;
        js_sys::Promise::resolve(&JsValue::from_str("rr_demo_token"))
    });
    let o = options(&[
        ("vendor", "reviewrover"),
        ("baseUrl", &format!("{}/reviewrover/api/v1", sandbox_url())),
    ]);
    js_sys::Reflect::set(&o, &"getToken".into(), get_token.as_ref()).unwrap();
    let mut console = embed::mount(el.clone(), o).unwrap();
    wait_for("rows from the callback's token", || {
        inside(&el, "tbody tr").len() == 25
    })
    .await;
    assert!(*calls.borrow() >= 1);
    console.unmount();
    el.remove();
}

#[wasm_bindgen_test]
async fn two_consoles_side_by_side_and_the_hosts_address_stays() {
    let before = web_sys::window().unwrap().location().href().unwrap();
    let (a, b) = (host_element(), host_element());
    let mut first = embed::mount(a.clone(), opts(&rr("rr_demo_token"))).unwrap();
    let whop = [
        ("vendor", "whop".to_string()),
        ("baseUrl", format!("{}/whop/api/v5", sandbox_url())),
        ("token", "whop_demo_app_key".to_string()),
    ];
    let mut second = embed::mount(b.clone(), opts(&whop)).unwrap();
    wait_for("both lists", || {
        inside(&a, "tbody tr").len() == 25 && inside(&b, "tbody tr").len() == 25
    })
    .await;
    assert_eq!(inside_text(&a, "h2"), "ReviewRover payments");
    assert_eq!(inside_text(&b, "h2"), "Whop payments");
    // Each has its own controls with its own ids.
    assert_eq!(inside(&a, "#pc-filter-status").len(), 1);
    assert_eq!(inside(&b, "#pc-filter-product_id").len(), 1);
    // Paging inside a console (memory routing) leaves the host's address alone.
    let next = inside(&b, "button")
        .into_iter()
        .find(|x| x.text_content().as_deref() == Some("Next page"))
        .unwrap();
    next.unchecked_into::<HtmlElement>().click();
    wait_for("page 2", || {
        inside_text(&b, ".pc-pager__summary").starts_with("Page 2 of")
    })
    .await;
    assert_eq!(
        web_sys::window().unwrap().location().href().unwrap(),
        before
    );
    assert!(
        inside_text(&a, ".pc-pager__summary").starts_with("Page 1 of"),
        "the other console did not move"
    );
    first.unmount();
    second.unmount();
    a.remove();
    b.remove();
}

#[wasm_bindgen_test]
async fn history_routing_stays_under_the_granted_base() {
    let history = web_sys::window().unwrap().history().unwrap();
    let el = host_element();
    let mut o = rr("rr_demo_token");
    o.push(("routing", "history:/granted".into()));
    let mut console = embed::mount(el.clone(), opts(&o)).unwrap();
    wait_for("rows", || inside(&el, "tbody tr").len() == 25).await;
    let next = inside(&el, "button")
        .into_iter()
        .find(|x| x.text_content().as_deref() == Some("Next page"))
        .unwrap();
    next.unchecked_into::<HtmlElement>().click();
    wait_for("page 2", || {
        inside_text(&el, ".pc-pager__summary").starts_with("Page 2 of")
    })
    .await;
    let path = web_sys::window().unwrap().location().pathname().unwrap();
    assert!(path.starts_with("/granted/c/"), "{path}");
    console.unmount();
    el.remove();
    history
        .replace_state_with_url(&JsValue::NULL, "", Some("/"))
        .unwrap();
}

#[wasm_bindgen(inline_js = r#"
export function count_listeners_and_timers() {
  if (window.__counts) return;
  const counts = { listeners: 0, timers: 0 };
  const live = new Set();
  const add = window.addEventListener, remove = window.removeEventListener;
  window.addEventListener = function (t, f, o) { counts.listeners++; return add.call(this, t, f, o); };
  window.removeEventListener = function (t, f, o) { counts.listeners--; return remove.call(this, t, f, o); };
  const st = window.setTimeout, ct = window.clearTimeout;
  window.setTimeout = function (f, ms, ...a) {
    const id = st.call(window, (...b) => { live.delete(id); counts.timers = live.size; f(...b); }, ms, ...a);
    live.add(id); counts.timers = live.size; return id;
  };
  window.clearTimeout = function (id) { live.delete(id); counts.timers = live.size; return ct.call(window, id); };
  window.__counts = counts;
}
export function listeners() { return window.__counts.listeners; }
export function timers() { return window.__counts.timers; }
"#)]
extern "C" {
    fn count_listeners_and_timers();
    fn listeners() -> i32;
    fn timers() -> i32;
}

#[wasm_bindgen_test]
async fn unmounting_removes_listeners_timers_and_content() {
    count_listeners_and_timers();
    sleep(10).await;
    let (l0, t0) = (listeners(), timers());
    let el = host_element();
    // Hash routing listens to the window; a failing server keeps a retry timer waiting.
    let o = options(&[
        ("vendor", "reviewrover"),
        (
            "baseUrl",
            &format!("{}/sandbox/faults/status/503", sandbox_url()),
        ),
        ("token", "t"),
        ("routing", "hash"),
        ("theme", "light"),
    ]);
    let mut console = embed::mount(el.clone(), o).unwrap();
    assert!(listeners() > l0, "hash routing listens for hashchange");
    for _ in 0..200 {
        if inside_text(&el, ".pc-waiting").contains("trying again") {
            break;
        }
        sleep(50).await;
    }
    assert!(
        inside_text(&el, ".pc-waiting").contains("trying again"),
        "no retry wait; the console shows: {} (hash {:?})",
        inside_text(&el, ".pc-root"),
        web_sys::window().unwrap().location().hash().unwrap()
    );
    assert!(timers() > t0, "a timer is waiting");
    console.unmount();
    sleep(20).await;
    assert_eq!(listeners(), l0, "every listener was removed");
    assert_eq!(timers(), t0, "every timer was cleared");
    assert_eq!(el.shadow_root().unwrap().child_nodes().length(), 0);
    assert_eq!(el.get_attribute("data-theme"), None);
    assert!(!console.is_mounted());
    assert!(
        console.update(opts(&rr("x"))).is_err(),
        "an unmounted console takes no updates"
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn options_change_during_a_slow_save_and_the_save_completes() {
    let el = host_element();
    let created: Rc<RefCell<Vec<String>>> = Rc::new(RefCell::new(Vec::new()));
    let seen = created.clone();
    let listener = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
        seen.borrow_mut().push(
            js_sys::JSON::stringify(&e.detail())
                .unwrap()
                .as_string()
                .unwrap(),
        );
    });
    el.add_event_listener_with_callback(
        "payments-console:created",
        listener.as_ref().unchecked_ref(),
    )
    .unwrap();
    let slow = |theme: &str| {
        opts(&[
            ("vendor", "reviewrover".into()),
            (
                "baseUrl",
                format!(
                    "{}/sandbox/faults/slow/1500/reviewrover/api/v1",
                    sandbox_url()
                ),
            ),
            ("token", "rr_demo_token".into()),
            ("start", "new".into()),
            ("theme", theme.into()),
        ])
    };
    let mut console = embed::mount(el.clone(), slow("light")).unwrap();
    wait_for("the form", || {
        !inside(&el, "#pc-payment-contact_id").is_empty()
    })
    .await;

    // Focus and the summary's links work inside the shadow root.
    let form: web_sys::HtmlFormElement = inside(&el, "form.pc-form").remove(0).unchecked_into();
    form.request_submit().unwrap();
    let shadow = el.shadow_root().unwrap();
    wait_for("focus on the first invalid field", || {
        shadow.active_element().map(|e| e.id()).as_deref() == Some("pc-payment-contact_id")
    })
    .await;
    let amount: web_sys::HtmlElement = inside(&el, "#pc-payment-amount").remove(0).unchecked_into();
    amount.focus().unwrap();
    let link: web_sys::HtmlElement = inside(&el, ".pc-summary a").remove(0).unchecked_into();
    let hash_before = web_sys::window().unwrap().location().hash().unwrap();
    link.click();
    wait_for("the summary link's field focused", || {
        shadow.active_element().map(|e| e.id()).as_deref() == Some("pc-payment-contact_id")
    })
    .await;
    assert_eq!(
        web_sys::window().unwrap().location().hash().unwrap(),
        hash_before,
        "the host's address is left alone"
    );

    for (id, value) in [
        ("pc-payment-contact_id", "cont_slow"),
        ("pc-payment-amount", "3"),
    ] {
        let input: web_sys::HtmlInputElement =
            inside(&el, &format!("#{id}")).remove(0).unchecked_into();
        input.set_value(value);
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
    }
    form.request_submit().unwrap();
    wait_for("the save under way", || {
        inside_text(&el, ".pc-saving") == "Saving…"
    })
    .await;
    // The host changes its options while the write is in flight.
    console.update(slow("dark")).unwrap();
    assert_eq!(el.get_attribute("data-theme").as_deref(), Some("dark"));
    assert_eq!(
        inside(&el, "#pc-payment-contact_id")
            .first()
            .map(|i| i.unchecked_ref::<web_sys::HtmlInputElement>().value())
            .as_deref(),
        Some("cont_slow"),
        "the form was not rebuilt"
    );
    wait_for("the created event", || !created.borrow().is_empty()).await;
    let detail: serde_json::Value = serde_json::from_str(&created.borrow()[0]).unwrap();
    assert_eq!(detail["payment"]["amount"], "3.00");
    wait_for("the new payment's page", || {
        !inside(&el, ".pc-detail").is_empty()
    })
    .await;
    console.unmount();
    el.remove();
}

#[wasm_bindgen_test]
async fn a_token_callback_that_never_answers_gives_a_message() {
    let el = host_element();
    let o = options(&[
        ("vendor", "reviewrover"),
        ("baseUrl", &format!("{}/reviewrover/api/v1", sandbox_url())),
    ]);
    let never =
        Closure::<dyn Fn() -> js_sys::Promise>::new(|| js_sys::Promise::new(&mut |_, _| {}));
    js_sys::Reflect::set(&o, &"getToken".into(), never.as_ref()).unwrap();
    let mut console = embed::mount(el.clone(), o).unwrap();
    // The callback has 15 s to answer.
    for _ in 0..400 {
        if inside_text(&el, ".pc-error").contains("within 15 s") {
            break;
        }
        sleep(50).await;
    }
    let shown = inside_text(&el, ".pc-error");
    assert!(shown.contains("it gave no token within 15 s"), "{shown}");
    console.unmount();
    el.remove();
}
