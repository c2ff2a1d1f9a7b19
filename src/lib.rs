//! Payments Console: a Leptos app in which staff list and inspect payment
//! records through five vendors' REST APIs.
//!
//! The vendor dialects live in the `payments-model` crate; this crate only
//! sends the requests that crate builds ([`api`]) and draws the results
//! ([`ui`]). [`start_standalone`] runs the console as its own page;
//! [`embed`] puts it inside a host page.

pub mod api;
pub mod embed;
pub mod format;
pub mod language;
pub mod roots;
pub mod routing;
pub mod snapshot;
pub mod state;
pub mod stopped;
pub mod timing;
pub mod ui;
pub mod zone;

/// Mounts the console on `<body>` of a page of its own, with its styles
/// (a constructed stylesheet, so a strict Content-Security-Policy holds).
pub fn start_standalone() {
    timing::mark(timing::STARTED);
    language::prepare();
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        embed::adopt_styles(
            || doc.adopted_style_sheets(),
            |sheets| doc.set_adopted_style_sheets(sheets),
        );
    }
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        // The page is the console's own: no margin around it. Set through
        // the CSSOM (allowed by a strict CSP), not a stylesheet the page
        // would wait for before starting the console.
        let _ = body.style().set_property("margin", "0");
        stopped::watch(&body);
    }
    language::keep_in_cookie();
    // Beside the server's first screen, out of sight, until it takes over.
    match snapshot::mount_point() {
        Some(place) => leptos::mount::mount_to(place, || leptos::view! { <ui::App /> }).forget(),
        None => leptos::mount::mount_to_body(|| leptos::view! { <ui::App /> }),
    }
}
