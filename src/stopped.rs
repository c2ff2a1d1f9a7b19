//! When the console stops: should a panic ever happen (every parser is
//! fuzzed so that none does), the WebAssembly module cannot go on, so
//! instead of a page that silently stops answering, every mounted console
//! shows a panel saying so, with a button that reloads the page. The panel
//! is built from DOM nodes and text, styled by the console's stylesheet.

use std::sync::Once;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::roots;

static HOOK: Once = Once::new();

/// Shows the panel in `root` if the console ever stops (and sets the panic
/// hook, once).
pub fn watch(root: &web_sys::Node) {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            show_stopped();
            previous(info);
        }));
    });
    roots::add(root);
}

/// Stops watching `root` (an unmounted console).
pub fn forget(root: &web_sys::Node) {
    roots::remove(root);
}

/// Puts the "the console stopped" panel into every watched root.
pub fn show_stopped() {
    for root in roots::all() {
        let _ = panel(&root);
    }
}

fn panel(root: &web_sys::Node) -> Result<(), JsValue> {
    let document = root
        .owner_document()
        .or_else(|| web_sys::window().and_then(|w| w.document()))
        .ok_or("no document")?;
    let panel = document.create_element("div")?;
    panel.set_class_name("pc-stopped");
    panel.set_attribute("role", "alert")?;
    let text = document.create_element("p")?;
    text.set_text_content(Some(
        "The console stopped. Reload the page to start it again; what was saved is kept.",
    ));
    let button = document.create_element("button")?;
    button.set_attribute("type", "button")?;
    button.set_class_name("pc-button");
    button.set_text_content(Some("Reload"));
    let reload = Closure::once_into_js(|| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    button.add_event_listener_with_callback("click", reload.unchecked_ref())?;
    panel.append_child(&text)?;
    panel.append_child(&button)?;
    root.append_child(&panel)?;
    Ok(())
}
