//! Payments Console: a Leptos app in which staff list and inspect payment
//! records through five vendors' REST APIs.
//!
//! The vendor dialects live in the `payments-model` crate; this crate only
//! sends the requests that crate builds ([`api`]) and draws the results
//! ([`ui`]). [`start_standalone`] runs the console as its own page.

pub mod api;
pub mod routing;
pub mod state;
pub mod ui;

/// Mounts the console on `<body>` of a page of its own.
pub fn start_standalone() {
    leptos::mount::mount_to_body(|| leptos::view! { <ui::App /> });
}
