//! Where the consoles on a page are drawn: the page's `<body>` for the
//! standalone console, or each embedded console's shadow root. Elements are
//! looked up here by id, because `document.getElementById` does not see
//! into a shadow root.

use std::cell::RefCell;

use wasm_bindgen::JsCast;

thread_local! {
    static ROOTS: RefCell<Vec<web_sys::Node>> = const { RefCell::new(Vec::new()) };
}

/// A console is drawn in `root`.
pub fn add(root: &web_sys::Node) {
    ROOTS.with(|r| r.borrow_mut().push(root.clone()));
}

/// The console drawn in `root` is gone.
pub fn remove(root: &web_sys::Node) {
    ROOTS.with(|r| r.borrow_mut().retain(|n| n != root));
}

/// Every root a console is drawn in.
pub fn all() -> Vec<web_sys::Node> {
    ROOTS.with(|r| r.try_borrow().map(|r| r.clone()).unwrap_or_default())
}

/// The element with `id`, in the page or in any console's shadow root.
pub fn element_by_id(id: &str) -> Option<web_sys::HtmlElement> {
    let in_page = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id));
    let found = in_page.or_else(|| {
        all().into_iter().find_map(|root| {
            root.dyn_ref::<web_sys::ShadowRoot>()
                .and_then(|s| s.get_element_by_id(id))
        })
    });
    found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}
