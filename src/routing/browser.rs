//! The router in the browser: the current [`Place`] as a signal, kept in
//! step with the address according to the [`RoutingMode`] (listening to
//! `popstate` or `hashchange` while mounted), and [`Link`], an `<a>` whose
//! clicks navigate inside the console while its `href` still works for
//! "open in new tab".

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::{ListMemory, Place, RoutingMode};

/// The console's router, shared through context.
#[derive(Clone, Copy)]
pub struct Router {
    pub place: RwSignal<Place>,
    mode: StoredValue<RoutingMode>,
    /// Where each connection's list was left.
    lists: StoredValue<ListMemory>,
}

fn address() -> (String, String, String) {
    let loc = web_sys::window().map(|w| w.location());
    let get = |f: fn(&web_sys::Location) -> Result<String, JsValue>| {
        loc.as_ref().and_then(|l| f(l).ok()).unwrap_or_default()
    };
    (
        get(web_sys::Location::pathname),
        get(web_sys::Location::search),
        get(web_sys::Location::hash),
    )
}

impl Router {
    /// Creates the router for `mode`, starting at the address (or at
    /// `start` in memory mode, or when the address is not the console's),
    /// and provides it as context.
    pub fn provide(mode: RoutingMode, start: &str) -> Router {
        let (path, search, hash) = address();
        let first = mode
            .inner(&path, &search, &hash)
            .unwrap_or_else(|| start.to_string());
        let router = Router {
            place: RwSignal::new(Place::parse(&first)),
            mode: StoredValue::new(mode.clone()),
            lists: StoredValue::new(ListMemory::default()),
        };
        Effect::new(move |_| {
            router
                .place
                .with(|p| router.lists.update_value(|m| m.remember(p)))
        });
        let sync = move || {
            let (path, search, hash) = address();
            if let Some(inner) = router.mode.with_value(|m| m.inner(&path, &search, &hash)) {
                router.place.set(Place::parse(&inner));
            }
        };
        match mode {
            RoutingMode::History { .. } => {
                let h = window_event_listener(leptos::ev::popstate, move |_| sync());
                on_cleanup(move || h.remove());
            }
            RoutingMode::Hash => {
                let h = window_event_listener(leptos::ev::hashchange, move |_| sync());
                on_cleanup(move || h.remove());
            }
            RoutingMode::Memory => {}
        }
        provide_context(router);
        router
    }

    /// The router from context.
    pub fn get() -> Router {
        expect_context::<Router>()
    }

    /// The list of `connection_id` as it was last shown: filters, sort,
    /// page and all.
    pub fn list(&self, connection_id: &str) -> Place {
        self.lists.with_value(|m| m.list(connection_id))
    }

    /// Where "back" goes from a payment of `connection_id`: All payments
    /// or the connection's list, whichever it was opened from, as it was.
    pub fn back(&self, connection_id: &str) -> Place {
        self.lists.with_value(|m| m.back(connection_id))
    }

    /// The `href` attribute for a console link.
    pub fn outer(&self, href: &str) -> String {
        self.mode.with_value(|m| m.outer(href))
    }

    /// Goes to a page, adding a history entry (or replacing the current
    /// one).
    pub fn go(&self, to: impl Into<Place>, replace: bool) {
        let place = to.into();
        let outer = self.outer(&place.href());
        let history = web_sys::window().and_then(|w| w.history().ok());
        if let (false, Some(h)) = (self.mode.with_value(|m| *m == RoutingMode::Memory), history) {
            let _ = if replace {
                h.replace_state_with_url(&JsValue::NULL, "", Some(&outer))
            } else {
                h.push_state_with_url(&JsValue::NULL, "", Some(&outer))
            };
        }
        self.place.set(place);
    }
}

/// A link inside the console.
#[component]
pub fn Link(
    /// The page linked to.
    #[prop(into)]
    to: Place,
    /// Classes for the `<a>`.
    #[prop(optional)]
    class: &'static str,
    /// Marks the link as the current page when its path is shown.
    #[prop(default = false)]
    nav: bool,
    /// The link's content.
    children: Children,
) -> impl IntoView {
    let router = Router::get();
    let href = router.outer(&to.href());
    let route = to.route.clone();
    let current = move || (nav && router.place.with(|p| route.covers(&p.route))).then_some("page");
    let target = to;
    view! {
        <a href=href class=class aria-current=current on:click=move |ev: leptos::ev::MouseEvent| {
            if ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key()) {
                ev.prevent_default();
                router.go(target.clone(), false);
            }
        }>{children()}</a>
    }
}
