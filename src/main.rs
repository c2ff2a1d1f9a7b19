//! The module the browser loads, and the names JavaScript sees:
//! `start_standalone()` (the console's own page calls it), `mount(element,
//! options)` returning a `ConsoleHandle` with `update(options)` and
//! `unmount()`, and the `<payments-console>` element, registered on load.

use payments_console::embed;
use wasm_bindgen::prelude::*;

/// A console mounted in a host page.
#[wasm_bindgen]
pub struct ConsoleHandle(embed::Mounted);

#[wasm_bindgen]
impl ConsoleHandle {
    /// Applies new options (connection, credentials, theme).
    pub fn update(&self, options: JsValue) -> Result<(), JsValue> {
        self.0.update(options)
    }

    /// Removes the console and everything it added to the page.
    pub fn unmount(&mut self) {
        self.0.unmount();
    }

    /// Whether the console is still mounted.
    #[wasm_bindgen(getter)]
    pub fn mounted(&self) -> bool {
        self.0.is_mounted()
    }
}

/// Mounts a console into `element`; throws a sentence when an option is
/// wrong.
#[wasm_bindgen]
pub fn mount(element: web_sys::HtmlElement, options: JsValue) -> Result<ConsoleHandle, JsValue> {
    embed::mount(element, options).map(ConsoleHandle)
}

/// Starts the console as the whole page.
#[wasm_bindgen]
pub fn start_standalone() {
    payments_console::start_standalone();
}

/// Runs when the module loads: registers `<payments-console>`; the page
/// itself is left alone.
fn main() {
    let mount = Closure::<dyn Fn(web_sys::HtmlElement, JsValue) -> Result<JsValue, JsValue>>::new(
        |element, options| mount(element, options).map(JsValue::from),
    );
    embed::element::define_payments_console(mount.as_ref().unchecked_ref());
    // The element lives as long as the page.
    mount.forget();
}
