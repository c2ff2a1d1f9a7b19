//! Token callbacks from host pages: before each request of a connection
//! that has one, the callback is asked for a fresh token (it may return a
//! promise), so the console never holds a token longer than the host wants.
//! The token fills the credential value the vendor's scheme names for it;
//! a callback that gives none within [`TOKEN_TIMEOUT_MS`] fails the request
//! with a message, and a token a header cannot carry is refused.

use std::cell::RefCell;

use payments_model::message::{Message, NetworkMessage};
use payments_model::{ApiError, Connection, Credentials, ErrorKind};
use wasm_bindgen::JsCast;

/// Something a host page keeps for each of its connections, by id.
struct ByConnection<T>(RefCell<Vec<(String, T)>>);

impl<T: Clone> ByConnection<T> {
    const fn new() -> Self {
        ByConnection(RefCell::new(Vec::new()))
    }

    /// Sets (or with `None` forgets) the value of a connection id.
    fn put(&self, connection_id: &str, value: Option<T>) {
        let mut all = self.0.borrow_mut();
        all.retain(|(id, _)| id != connection_id);
        if let Some(v) = value {
            all.push((connection_id.to_string(), v));
        }
    }

    /// The value of a connection id, if any.
    fn get(&self, connection_id: &str) -> Option<T> {
        self.0
            .borrow()
            .iter()
            .find(|(id, _)| id == connection_id)
            .map(|(_, v)| v.clone())
    }
}

thread_local! {
    static CALLBACKS: ByConnection<js_sys::Function> = const { ByConnection::new() };
    /// Credentials a host page gave since the connection was made, which
    /// take the place of the connection's own on the next request (so a
    /// new token applies without rebuilding the page).
    static GIVEN: ByConnection<Credentials> = const { ByConnection::new() };
}

/// Sets (or with `None` forgets) the credentials a host gave for a
/// connection id.
pub fn set_credentials(connection_id: &str, credentials: Option<Credentials>) {
    GIVEN.with(|g| g.put(connection_id, credentials));
}

/// How long a host's callback may take to give a token.
pub const TOKEN_TIMEOUT_MS: i32 = 15_000;

/// `promise`, or a rejection once `ms` have passed without it settling.
fn within(promise: js_sys::Promise, ms: i32) -> js_sys::Promise {
    let late = js_sys::Promise::new(&mut |_, reject| {
        let why = wasm_bindgen::JsValue::from_str(LATE);
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_1(&reject, ms, &why);
        }
    });
    js_sys::Promise::race(&js_sys::Array::of2(&promise, &late))
}

/// What the time limit rejects with, told apart from the host's own
/// rejections.
const LATE: &str = "\u{0}payments-console: no token in time";

/// Why the host's callback gave no token: the time limit, or its own
/// words.
fn callback_failed(e: &wasm_bindgen::JsValue) -> Message {
    if e.as_string().as_deref() == Some(LATE) {
        NetworkMessage::TokenLate {
            secs: (TOKEN_TIMEOUT_MS / 1000) as u64,
        }
        .into()
    } else {
        Message::said(js_text(e))
    }
}

/// Sets (or with `None` removes) the callback of a connection id.
pub fn set(connection_id: &str, callback: Option<js_sys::Function>) {
    CALLBACKS.with(|c| c.put(connection_id, callback));
}

/// The connection with the credentials its host gave last, and its token
/// fresh from the host's callback, if it has one; otherwise as it is.
pub async fn fresh(conn: &Connection) -> Result<Connection, ApiError> {
    let mut c = conn.clone();
    if let Some(given) = GIVEN.with(|g| g.get(&c.id)) {
        c.credentials = given;
    }
    let Some(callback) = CALLBACKS.with(|cb| cb.get(&c.id)) else {
        return Ok(c);
    };
    let failed = |why: Message| {
        ApiError::new(
            ErrorKind::Unauthorized,
            NetworkMessage::TokenCallbackFailed {
                reason: Box::new(why),
            },
        )
    };
    let value = callback
        .call0(&wasm_bindgen::JsValue::UNDEFINED)
        .map_err(|e| failed(callback_failed(&e)))?;
    let value = match value.dyn_into::<js_sys::Promise>() {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(within(p, TOKEN_TIMEOUT_MS))
            .await
            .map_err(|e| failed(callback_failed(&e)))?,
        Err(v) => v,
    };
    let token = value
        .as_string()
        .filter(|t| !t.is_empty())
        .ok_or_else(|| failed(NetworkMessage::TokenNone.into()))?;
    payments_model::validate::header_value(payments_model::keys::word::THE_TOKEN, &token).map_err(
        |why| {
            failed(
                NetworkMessage::TokenUnfit {
                    why: Box::new(why.into()),
                }
                .into(),
            )
        },
    )?;
    let scheme = c.vendor.profile().credentials;
    if c.credentials.is_none() {
        c.credentials = Credentials::new(scheme.name, []);
    }
    c.credentials.set(scheme.token_field, token);
    Ok(c)
}

fn js_text(v: &wasm_bindgen::JsValue) -> String {
    v.as_string()
        .or_else(|| {
            js_sys::Reflect::get(v, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "an error".to_string())
}
