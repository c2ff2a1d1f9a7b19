//! Mounting into a host's element: the console inside the element's shadow
//! root, so the host's styles cannot reach it and its styles cannot leak
//! out. [`Mounted`] updates the options (a new token, another theme: the
//! page stays as it is, with what was typed and any write in flight;
//! another account: the page starts again) and unmounts, which removes the
//! console, its listeners and its timers. The
//! JavaScript names (`mount`, `ConsoleHandle`) are given in `main.rs`.

use std::any::Any;
use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;
use payments_model::Connection;
use wasm_bindgen::{JsCast, JsValue};

use super::EmbedOptions;
use crate::api::tokens;
use crate::ui::App;

static INSTANCES: AtomicUsize = AtomicUsize::new(0);

/// A mounted console.
pub struct Mounted {
    id: String,
    element: web_sys::HtmlElement,
    connections: RwSignal<Vec<Connection>>,
    refreshed: RwSignal<u32>,
    mounted: Option<Box<dyn Any>>,
}

fn read(options: &JsValue, id: &str) -> Result<(EmbedOptions, Option<js_sys::Function>), JsValue> {
    let callback = js_sys::Reflect::get(options, &"getToken".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let text = js_sys::JSON::stringify(options)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "{}".to_string());
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        JsValue::from_str(&format!(
            "Payments Console: options must be an object ({e})."
        ))
    })?;
    let parsed = EmbedOptions::from_json(&value, id, callback.is_some())
        .map_err(|e| JsValue::from_str(&e))?;
    Ok((parsed, callback))
}

fn set_theme(element: &web_sys::HtmlElement, theme: super::Theme) {
    let _ = match theme.attribute() {
        Some(t) => element.set_attribute("data-theme", t),
        None => element.remove_attribute("data-theme"),
    };
}

/// Mounts a console into `element` with `options` (see docs/embedding.md for the
/// keys); a sentence says which option is wrong.
pub fn mount(element: web_sys::HtmlElement, options: JsValue) -> Result<Mounted, JsValue> {
    let n = INSTANCES.fetch_add(1, Ordering::Relaxed) + 1;
    let id = if n == 1 {
        "embedded".to_string()
    } else {
        format!("embedded-{n}")
    };
    let (opts, callback) = read(&options, &id)?;
    tokens::set(&id, callback);

    let shadow = match element.shadow_root() {
        Some(s) => s,
        None => {
            element.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?
        }
    };
    shadow.set_inner_html("");
    let document = element
        .owner_document()
        .ok_or("Payments Console: the element is not in a document")?;
    super::adopt_styles(
        || shadow.adopted_style_sheets(),
        |sheets| shadow.set_adopted_style_sheets(sheets),
    );
    let container: web_sys::HtmlElement = document.create_element("div")?.unchecked_into();
    shadow.append_child(&container)?;
    crate::stopped::watch(&shadow);
    set_theme(&element, opts.theme);
    crate::language::set_host(opts.locale);
    crate::language::prepare();

    let connections = RwSignal::new(vec![opts.connection]);
    let refreshed = RwSignal::new(0u32);
    let (mode, start) = (opts.mode, opts.start);
    let events: web_sys::EventTarget = element.clone().into();
    let mounted = leptos::mount::mount_to(container, move || {
        view! { <App mode=mode start=start shared=connections events=events refreshed=refreshed /> }
    });
    Ok(Mounted {
        id,
        element,
        connections,
        refreshed,
        mounted: Some(Box::new(mounted)),
    })
}

impl Mounted {
    /// Applies new options: the connection (a fresh token, another scope or
    /// address) and the theme. Routing and start apply only when mounting.
    pub fn update(&self, options: JsValue) -> Result<(), JsValue> {
        if self.mounted.is_none() {
            return Err("Payments Console: this console was unmounted.".into());
        }
        let (opts, callback) = read(&options, &self.id)?;
        tokens::set(&self.id, callback);
        set_theme(&self.element, opts.theme);
        crate::language::set_host(opts.locale);
        let new = opts.connection;
        let old = self.connections.with_untracked(|cs| cs.first().cloned());
        let same_account = old.as_ref().is_some_and(|old| {
            Connection {
                credentials: new.credentials.clone(),
                ..old.clone()
            } == new
        });
        if same_account {
            // At most the credentials changed: the page, a form being
            // typed and a write in flight stay; the next request uses them,
            // and lists and details load again with them.
            let changed = old.is_some_and(|old| old.credentials != new.credentials);
            tokens::set_credentials(&self.id, Some(new.credentials.clone()));
            self.connections.update_untracked(|cs| *cs = vec![new]);
            if changed {
                self.refreshed.update(|n| *n += 1);
            }
        } else {
            tokens::set_credentials(&self.id, None);
            self.connections.set(vec![new]);
        }
        Ok(())
    }

    /// Removes the console and everything it added to the page.
    pub fn unmount(&mut self) {
        if let Some(m) = self.mounted.take() {
            drop(m);
            tokens::set(&self.id, None);
            tokens::set_credentials(&self.id, None);
            if let Some(shadow) = self.element.shadow_root() {
                crate::stopped::forget(&shadow);
                shadow.set_inner_html("");
            }
            let _ = self.element.remove_attribute("data-theme");
            crate::language::set_host(None);
            self.connections.dispose();
            self.refreshed.dispose();
        }
    }

    /// Whether the console is still mounted.
    pub fn is_mounted(&self) -> bool {
        self.mounted.is_some()
    }
}
