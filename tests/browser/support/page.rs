//! DOM helpers the browser test files share: mounting the console,
//! finding, reading and filling its controls.
#![allow(dead_code)]

use leptos::prelude::*;
use payments_console::routing::RoutingMode;
use payments_console::ui::App;
use payments_model::connection::Scope;
use payments_model::{Connection, Credentials};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use super::{document, sandbox_url};

/// A fresh element to mount into.
pub fn host() -> HtmlElement {
    let el: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&el).unwrap();
    el
}

pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

pub fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

pub fn reviewrover(token: &str) -> Connection {
    Connection {
        id: "reviewrover".into(),
        vendor: payments_model::vendors::find("reviewrover").expect("ReviewRover is registered"),
        name: "ReviewRover".into(),
        base_url: format!("{}/reviewrover/api/v1", sandbox_url()),
        credentials: Credentials::new("bearer", [("token", token)]),
        scope: Scope::all(),
        currency: None,
    }
}

/// The sandbox's Billing Platform (every payment in one answer), in the
/// currency `currency` where the person confirmed one.
pub fn billing_platform(currency: Option<&str>) -> Connection {
    let mut c = reviewrover("bp_demo_token");
    c.id = "billingplatform".into();
    c.name = "Billing Platform".into();
    c.vendor = payments_model::vendors::find("billingplatform").expect("registered");
    c.base_url = format!("{}/billingplatform/backend/api/v1", sandbox_url());
    c.currency = currency.and_then(payments_model::Currency::from_code);
    c
}

/// The sandbox's BuiltOn, as its administrator (a key and a token).
pub fn builton() -> Connection {
    let mut c = reviewrover("");
    c.id = "builton".into();
    c.name = "BuiltOn".into();
    c.vendor = payments_model::vendors::find("builton").expect("registered");
    c.base_url = format!("{}/builton", sandbox_url());
    c.credentials = Credentials::new(
        "api_key_and_bearer",
        [
            ("api_key", "builton_demo_key"),
            ("token", "builton_demo_admin_token"),
        ],
    );
    c
}

/// Mounts the whole console in memory routing at `start`.
pub fn console_at(start: &str, conn: Connection) -> (HtmlElement, Element) {
    let el = host();
    let start = start.to_string();
    let handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <App mode=RoutingMode::Memory start=start connections=vec![conn] /> }
    });
    handle.forget();
    let root: Element = el.clone().unchecked_into();
    (el, root)
}

pub fn input(root: &Element, id: &str) -> web_sys::HtmlInputElement {
    root.query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap_or_else(|| panic!("no #{id}"))
        .unchecked_into()
}

pub fn type_into(root: &Element, id: &str, value: &str) {
    let i = input(root, id);
    i.set_value(value);
    i.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

pub fn submit(root: &Element) {
    let form: web_sys::HtmlFormElement = root
        .query_selector("form.pc-form")
        .unwrap()
        .unwrap()
        .unchecked_into();
    form.request_submit().unwrap();
}
