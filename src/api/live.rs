//! Following the gateway's stream of changes
//! ([`payments_model::live`]) with the browser's `EventSource`: each
//! `change` is handed to `on_change`, each `approval` (a request moved
//! on, [`payments_model::approval::ApprovalNews`]) to `on_approval`,
//! each `reset` (changes were missed, up to the id it names) to
//! `on_reset`. The browser reconnects by itself after a dropped
//! connection, sending the last id it saw; a stream the server refused
//! (too many open, signed out) is opened again after [`REOPEN_MS`]. A
//! hidden page closes its stream, so that tabs in the background hold
//! none of the browser's few connections to the console's server, and
//! opens it again, from the last change it saw, when it is shown.
//!
//! Every write a page sends to the gateway carries the page's own id
//! ([`tab`]), and its stream names it too, so the page is not told of
//! its own changes.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use payments_model::approval::{ApprovalNews, APPROVAL_EVENT};
use payments_model::live::{LiveChange, CHANGE_EVENT, EVENTS_PATH, RESET_EVENT};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// How long a refused stream waits before it is opened again.
pub const REOPEN_MS: i32 = 30_000;

thread_local! {
    static TAB: String = new_tab();
    static FOLLOWING: RefCell<Option<Rc<Follower>>> = const { RefCell::new(None) };
}

fn new_tab() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..16)
        .map(|_| {
            let i = (js_sys::Math::random() * ALPHABET.len() as f64) as usize;
            ALPHABET[i.min(ALPHABET.len() - 1)] as char
        })
        .collect()
}

/// This page's id, which its writes and its stream carry.
pub fn tab() -> String {
    TAB.with(Clone::clone)
}

/// A listener of the stream's events, kept alive while it is open.
type Listener = Closure<dyn FnMut(web_sys::Event)>;

/// One page's following of the stream.
struct Follower {
    source: RefCell<Option<web_sys::EventSource>>,
    /// The newest change seen, to resume from.
    last: Cell<i64>,
    on_change: Box<dyn Fn(LiveChange)>,
    on_approval: Box<dyn Fn(ApprovalNews)>,
    on_reset: Box<dyn Fn(i64)>,
    /// Kept alive while the page follows.
    listeners: RefCell<Vec<Listener>>,
    stopped: Cell<bool>,
}

/// Starts following the changes made after `after` (where the log stood
/// when the page read what it shows; from now, for `None`): once per
/// page, again after [`stop`].
pub fn follow(
    after: Option<i64>,
    on_change: impl Fn(LiveChange) + 'static,
    on_approval: impl Fn(ApprovalNews) + 'static,
    on_reset: impl Fn(i64) + 'static,
) {
    let follower = Rc::new(Follower {
        source: RefCell::new(None),
        last: Cell::new(after.unwrap_or(-1)),
        on_change: Box::new(on_change),
        on_approval: Box::new(on_approval),
        on_reset: Box::new(on_reset),
        listeners: RefCell::new(Vec::new()),
        stopped: Cell::new(false),
    });
    let already = FOLLOWING.with(|f| f.borrow().as_ref().is_some_and(|f| !f.stopped.get()));
    if already {
        return;
    }
    FOLLOWING.with(|f| *f.borrow_mut() = Some(follower.clone()));
    watch_visibility(&follower);
    open(&follower);
}

/// Stops following (signed out).
pub fn stop() {
    if let Some(f) = FOLLOWING.with(|f| f.borrow_mut().take()) {
        f.stopped.set(true);
        close(&f);
    }
}

fn hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
}

/// Opens the stream, from the last change seen.
fn open(f: &Rc<Follower>) {
    if f.stopped.get() || hidden() || f.source.borrow().is_some() {
        return;
    }
    let mut url = format!("{EVENTS_PATH}?tab={}", tab());
    if f.last.get() >= 0 {
        url.push_str(&format!("&after={}", f.last.get()));
    }
    let Ok(source) = web_sys::EventSource::new(&url) else {
        return;
    };
    f.listeners.borrow_mut().clear();
    let weak = Rc::downgrade(f);
    let on_change = Listener::new(move |e: web_sys::Event| {
        let (Some(f), Some(m)) = (weak.upgrade(), e.dyn_ref::<web_sys::MessageEvent>()) else {
            return;
        };
        let data = m.data().as_string().unwrap_or_default();
        if let Ok(change) = serde_json::from_str::<LiveChange>(&data) {
            if change.seq > f.last.get() {
                f.last.set(change.seq);
                (f.on_change)(change);
            }
        }
    });
    let weak = Rc::downgrade(f);
    let on_approval = Listener::new(move |e: web_sys::Event| {
        let (Some(f), Some(m)) = (weak.upgrade(), e.dyn_ref::<web_sys::MessageEvent>()) else {
            return;
        };
        let data = m.data().as_string().unwrap_or_default();
        let json = serde_json::from_str(&data).unwrap_or_default();
        if let Some(news) = ApprovalNews::from_json(&json) {
            if let Ok(seq) = m.last_event_id().parse::<i64>() {
                f.last.set(f.last.get().max(seq));
            }
            (f.on_approval)(news);
        }
    });
    let weak = Rc::downgrade(f);
    let on_reset = Listener::new(move |e: web_sys::Event| {
        let Some(f) = weak.upgrade() else { return };
        let id = e
            .dyn_ref::<web_sys::MessageEvent>()
            .and_then(|m| m.last_event_id().parse::<i64>().ok())
            .unwrap_or(f.last.get());
        f.last.set(id);
        (f.on_reset)(id);
    });
    let weak = Rc::downgrade(f);
    let on_error = Listener::new(move |_| {
        let Some(f) = weak.upgrade() else { return };
        // Closed for good (the server refused it): try again later. The
        // browser itself reconnects a stream that merely dropped.
        let closed = f
            .source
            .borrow()
            .as_ref()
            .is_some_and(|s| s.ready_state() == web_sys::EventSource::CLOSED);
        if closed {
            close(&f);
            later(&f, REOPEN_MS);
        }
    });
    let _ =
        source.add_event_listener_with_callback(CHANGE_EVENT, on_change.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback(RESET_EVENT, on_reset.as_ref().unchecked_ref());
    let _ = source
        .add_event_listener_with_callback(APPROVAL_EVENT, on_approval.as_ref().unchecked_ref());
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    f.listeners
        .borrow_mut()
        .extend([on_change, on_approval, on_reset, on_error]);
    *f.source.borrow_mut() = Some(source);
}

/// Closes the stream. Its listeners stay until the next one opens (one
/// of them may be running now).
fn close(f: &Follower) {
    if let Some(s) = f.source.borrow_mut().take() {
        s.set_onerror(None);
        s.close();
    }
}

/// Opens the stream again after `ms`.
fn later(f: &Rc<Follower>, ms: i32) {
    let weak = Rc::downgrade(f);
    let again = Closure::once_into_js(move || {
        if let Some(f) = weak.upgrade() {
            open(&f);
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(again.unchecked_ref(), ms);
    }
}

/// Closes the stream while the page is hidden; opens it when shown.
fn watch_visibility(f: &Rc<Follower>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let weak = Rc::downgrade(f);
    let on_change = Listener::new(move |_| {
        let Some(f) = weak.upgrade() else { return };
        if hidden() {
            close(&f);
        } else {
            open(&f);
        }
    });
    let _ = document
        .add_event_listener_with_callback("visibilitychange", on_change.as_ref().unchecked_ref());
    on_change.forget();
}
