//! User-timing marks at the moments a person waits for: the console
//! starting (`pc-started`), a list's answer arriving (`pc-list-answer`)
//! and its first rows in the page
//! (`pc-list-rows`). They cost nothing to read and let `scripts/bench`
//! and the browser's own performance panel measure the console as it
//! runs, without timers of its own.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The module is compiled and the console starts.
pub const STARTED: &str = "pc-started";
/// A list's answer has arrived; decoding starts.
pub const LIST_ANSWER: &str = "pc-list-answer";
/// A list's rows are in the page.
pub const LIST_ROWS: &str = "pc-list-rows";

/// Places the mark `name` on the page's performance timeline; does
/// nothing where there is no such timeline.
pub fn mark(name: &str) {
    let Ok(perf) = Reflect::get(&js_sys::global(), &JsValue::from_str("performance")) else {
        return;
    };
    let Some(mark) = Reflect::get(&perf, &JsValue::from_str("mark"))
        .ok()
        .and_then(|m| m.dyn_into::<Function>().ok())
    else {
        return;
    };
    let _ = mark.call1(&perf, &JsValue::from_str(name));
}
