//! Token callbacks from host pages: before each request of a connection
//! that has one, the callback is asked for a fresh token (it may return a
//! promise), so the console never holds a token longer than the host wants.
//! The token fills the credential value the vendor's scheme names for it.

use std::cell::RefCell;

use payments_model::{ApiError, Connection, Credentials, ErrorKind};
use wasm_bindgen::JsCast;

thread_local! {
    static CALLBACKS: RefCell<Vec<(String, js_sys::Function)>> = const { RefCell::new(Vec::new()) };
}

/// Sets (or with `None` removes) the callback of a connection id.
pub fn set(connection_id: &str, callback: Option<js_sys::Function>) {
    CALLBACKS.with(|c| {
        let mut c = c.borrow_mut();
        c.retain(|(id, _)| id != connection_id);
        if let Some(f) = callback {
            c.push((connection_id.to_string(), f));
        }
    });
}

/// The connection with its token fresh from the host's callback, if it has
/// one; otherwise as it is.
pub async fn fresh(conn: &Connection) -> Result<Connection, ApiError> {
    let found = CALLBACKS.with(|c| {
        c.borrow()
            .iter()
            .find(|(id, _)| *id == conn.id)
            .map(|(_, f)| f.clone())
    });
    let Some(callback) = found else {
        return Ok(conn.clone());
    };
    let failed = |why: String| {
        ApiError::new(
            ErrorKind::Unauthorized,
            format!("The host page's token callback failed: {why}."),
        )
    };
    let value = callback
        .call0(&wasm_bindgen::JsValue::UNDEFINED)
        .map_err(|e| failed(js_text(&e)))?;
    let value = match value.dyn_into::<js_sys::Promise>() {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p)
            .await
            .map_err(|e| failed(js_text(&e)))?,
        Err(v) => v,
    };
    let token = value
        .as_string()
        .filter(|t| !t.is_empty())
        .ok_or_else(|| failed("it gave no token".into()))?;
    payments_model::validate::header_value("The token", &token)
        .map_err(|why| failed(format!("it gave a token a request cannot carry. {why}")))?;
    let mut c = conn.clone();
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
