//! Requests the page's Content-Security-Policy blocks. The browser
//! refuses such a fetch with the same bare "Failed to fetch" as a network
//! failure, and tells only through a `securitypolicyviolation` event;
//! [`watch`] listens for those (once, before the first request) and
//! [`blocked`] says whether a failed request's origin was among them, so
//! the person reads what happened and how to allow it.

use std::cell::{Cell, RefCell};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

thread_local! {
    static WATCHING: Cell<bool> = const { Cell::new(false) };
    static BLOCKED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// The origin (`https://host:port`) of an absolute http(s) URL.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .filter(|h| !h.is_empty())?;
    Some(format!("{scheme}://{host}"))
}

/// Starts listening for violations of `connect-src`, once.
pub fn watch() {
    if WATCHING.with(|w| w.replace(true)) {
        return;
    }
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let heard = Closure::<dyn FnMut(web_sys::SecurityPolicyViolationEvent)>::new(
        |e: web_sys::SecurityPolicyViolationEvent| {
            if e.effective_directive().starts_with("connect-src") {
                if let Some(origin) = origin_of(&e.blocked_uri()) {
                    BLOCKED.with(|b| {
                        let mut b = b.borrow_mut();
                        if !b.contains(&origin) && b.len() < 64 {
                            b.push(origin);
                        }
                    });
                }
            }
        },
    );
    let _ = document.add_event_listener_with_callback(
        "securitypolicyviolation",
        heard.as_ref().unchecked_ref(),
    );
    // The listener lives as long as the page.
    heard.forget();
}

/// The origin of `url`, if the page's policy blocked a request to it.
/// Waits one turn first: the browser reports the violation in a task of
/// its own, which may come after the fetch's failure.
pub async fn blocked(url: &str) -> Option<String> {
    let origin = origin_of(url)?;
    super::sleep_ms(0).await;
    BLOCKED
        .with(|b| b.borrow().contains(&origin))
        .then_some(origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_and_host() {
        assert_eq!(
            origin_of("https://api.whop.com:8443/api/v5/app/payments?x=1").as_deref(),
            Some("https://api.whop.com:8443")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:9/").as_deref(),
            Some("http://127.0.0.1:9")
        );
        assert_eq!(origin_of("/gateway/rr/payments"), None);
        assert_eq!(origin_of("data:text/plain,x"), None);
        let said = payments_model::Message::from(
            payments_model::message::NetworkMessage::BlockedByPolicy {
                origin: "https://a.test".into(),
            },
        );
        assert!(said.to_string().contains("--connect-src https://a.test"));
    }
}
