//! The settings a person keeps (a list's columns, saved views): on the
//! gateway's `/gateway/preferences` when someone is signed in to it, so
//! they follow the person to any browser; otherwise in this browser's
//! `localStorage`. Values are JSON, one per key.

use payments_model::{ApiError, HttpRequest, Method};
use serde_json::{Map, Value};

const LOCAL_KEY: &str = "pc.preferences";
const SERVER_PATH: &str = "/gateway/preferences";

/// Every value the signed-in person keeps on the gateway.
pub async fn load_from_server() -> Result<Map<String, Value>, ApiError> {
    let mut req = HttpRequest::new(Method::Get, SERVER_PATH);
    req.headers
        .push(("Accept".into(), "application/json".into()));
    let resp = super::send(req).await?;
    if !resp.is_success() {
        return Err(payments_model::vendors::error_from_response(&resp));
    }
    serde_json::from_str(&resp.body)
        .map_err(|e| ApiError::decode(payments_model::keys::word::WHAT_SETTINGS, e))
}

/// Keeps `value` under `key` on the gateway (`None` forgets it).
pub async fn keep_on_server(key: &str, value: Option<&Value>) -> Result<(), ApiError> {
    let path = format!("{SERVER_PATH}/{key}");
    let req = match value {
        Some(v) => {
            let mut req = HttpRequest::new(Method::Put, path);
            req.headers
                .push(("Content-Type".into(), "application/json".into()));
            req.body = Some(v.to_string());
            req
        }
        None => HttpRequest::new(Method::Delete, path),
    };
    let resp = super::send(req).await?;
    if resp.is_success() {
        Ok(())
    } else {
        Err(payments_model::vendors::error_from_response(&resp))
    }
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Every value kept in this browser.
pub fn load_local() -> Map<String, Value> {
    local()
        .and_then(|s| s.get_item(LOCAL_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Keeps every value in this browser; `false` when the browser refused
/// (storage full or turned off).
pub fn keep_local(all: &Map<String, Value>) -> bool {
    let text = Value::Object(all.clone()).to_string();
    local().is_some_and(|s| s.set_item(LOCAL_KEY, &text).is_ok())
}
