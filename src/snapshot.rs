//! Taking over the server's first screen. Where the page holds one
//! (`#pc-snapshot`, shown by its script once written in this browser's
//! locale and zone), the console mounts out of sight beside it (not laid
//! out), draws its own first screen from the answers the page carried,
//! and then, in one task, removes the snapshot and shows itself: same layout,
//! same scroll, the focus on the same control. It also takes over on a
//! time limit, or at once where its first screen is not a list.

use std::cell::Cell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The snapshot's id (the server writes it).
const SNAPSHOT_ID: &str = "pc-snapshot";

/// The longest the snapshot stays once the console has started.
const LIMIT_MS: i32 = 5000;

/// The performance mark of the moment the console took over.
pub const TOOK_OVER: &str = "pc-took-over";

thread_local! {
    /// The console's own element while it waits out of sight.
    static WAITING: Cell<bool> = const { Cell::new(false) };
    static CONSOLE: std::cell::RefCell<Option<web_sys::HtmlElement>> = const { std::cell::RefCell::new(None) };
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Where the console mounts when the page shows a snapshot: an element of
/// its own, not displayed until it takes over; `None` when there is no
/// snapshot (the console mounts on the body).
pub fn mount_point() -> Option<web_sys::HtmlElement> {
    let doc = document()?;
    doc.get_element_by_id(SNAPSHOT_ID)?;
    let el: web_sys::HtmlElement = doc.create_element("div").ok()?.dyn_into().ok()?;
    // Not laid out while it waits: the browser lays the console out once,
    // in the frame that shows it, as it does without a first screen.
    let _ = el.style().set_property("display", "none");
    el.set_attribute("aria-hidden", "true").ok()?;
    doc.body()?.append_child(&el).ok()?;
    WAITING.with(|w| w.set(true));
    CONSOLE.with_borrow_mut(|c| *c = Some(el.clone()));
    let limit = Closure::once_into_js(take_over);
    let _ = web_sys::window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(limit.unchecked_ref(), LIMIT_MS);
    Some(el)
}

/// The console's first screen is drawn: it takes over once the effects
/// drawing it have run (a microtask later), before the next frame is
/// painted.
pub fn drawn() {
    if WAITING.with(Cell::get) {
        wasm_bindgen_futures::spawn_local(async { take_over() });
    }
}

/// Removes the snapshot and shows the console in its place, keeping the
/// focus on the same control; at most once.
pub fn take_over() {
    if !WAITING.with(|w| w.replace(false)) {
        return;
    }
    let Some(console) = CONSOLE.with_borrow_mut(Option::take) else {
        return;
    };
    let snapshot = document().and_then(|d| d.get_element_by_id(SNAPSHOT_ID));
    let focus = snapshot.as_ref().and_then(focused_in);
    let _ = console.style().remove_property("display");
    let _ = console.remove_attribute("aria-hidden");
    if let Some(s) = snapshot {
        s.remove();
    }
    if let Some((tag, index)) = focus {
        let same = console
            .query_selector_all(&tag)
            .ok()
            .and_then(|all| all.item(index))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = same {
            let _ = el.focus();
        }
    }
    crate::timing::mark(TOOK_OVER);
}

/// The focused element within `snapshot`, as its tag and its place among
/// the snapshot's elements of that tag (the console's match one for one).
fn focused_in(snapshot: &web_sys::Element) -> Option<(String, u32)> {
    let active = document()?.active_element()?;
    if !snapshot.contains(Some(&active)) {
        return None;
    }
    let tag = active.tag_name().to_ascii_lowercase();
    let all = snapshot.query_selector_all(&tag).ok()?;
    (0..all.length())
        .find(|i| all.item(*i).is_some_and(|n| n.is_same_node(Some(&active))))
        .map(|i| (tag, i))
}
