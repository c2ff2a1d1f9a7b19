//! Embedding the console in a host page: `mount(element, options)` from
//! JavaScript, the `<payments-console>` element, and the DOM events the
//! console sends to its host. Options are read in [`options`]; the browser
//! side is in [`mount`] and [`element`].

pub mod element;
pub mod mount;
pub mod options;

pub use mount::{mount, Mounted};
pub use options::{EmbedOptions, Theme};

use wasm_bindgen::JsValue;

/// The console's styles (`style/console.css`, made compact by `build.rs`),
/// compiled in so a shadow root (or the standalone page) can carry them
/// without another download.
pub const STYLES: &str = include_str!(concat!(env!("OUT_DIR"), "/console.css"));

thread_local! {
    /// One constructed stylesheet, shared by every root that shows a
    /// console.
    static SHEET: Option<web_sys::CssStyleSheet> = {
        let sheet = web_sys::CssStyleSheet::new().ok();
        if let Some(s) = &sheet {
            let _ = s.replace_sync(STYLES);
        }
        sheet
    };
}

/// Gives a document or a shadow root the console's styles as a
/// constructed stylesheet (`adoptedStyleSheets`), which a strict
/// Content-Security-Policy (`style-src 'self'`, no `'unsafe-inline'`)
/// allows where a `<style>` element would be refused. Adopting twice adds
/// nothing.
pub fn adopt_styles(get: impl Fn() -> js_sys::Array, set: impl Fn(&JsValue)) {
    SHEET.with(|sheet| {
        let Some(sheet) = sheet else { return };
        let sheets = get();
        if !sheets.includes(sheet, 0) {
            sheets.push(sheet);
            set(&sheets);
        }
    });
}
