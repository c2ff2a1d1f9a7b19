//! Request bodies as the vendors accept them: JSON objects, and
//! form-encoded fields where a vendor's examples use `curl -d`. Either way
//! the handler gets one JSON object; repeated form keys (`tags=a&tags=b`,
//! `tags[]=a`) become arrays.

use axum::http::{header, HeaderMap};
use payments_model::http::parse_query;
use serde_json::{Map, Value};

/// Reads a body into a JSON object, or says in a sentence why it cannot.
pub fn object(headers: &HeaderMap, bytes: &[u8]) -> Result<Map<String, Value>, String> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "The request body is not UTF-8 text.".to_string())?;
    if content_type.starts_with("application/x-www-form-urlencoded") {
        return Ok(form(text));
    }
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("The request body must be a JSON object.".to_string()),
        Err(e) if content_type.starts_with("application/json") => {
            Err(format!("The request body is not valid JSON: {e}."))
        }
        // curl -d without a content type sends form fields.
        Err(_) if text.contains('=') => Ok(form(text)),
        Err(e) => Err(format!("The request body is not valid JSON: {e}.")),
    }
}

fn form(text: &str) -> Map<String, Value> {
    let mut map = Map::new();
    for (key, value) in parse_query(text) {
        let (key, list) = match key.strip_suffix("[]") {
            Some(k) => (k.to_string(), true),
            None => (key, false),
        };
        match map.get_mut(&key) {
            Some(Value::Array(items)) => items.push(Value::String(value)),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, Value::String(value)]);
            }
            None if list => {
                map.insert(key, Value::Array(vec![Value::String(value)]));
            }
            None => {
                map.insert(key, Value::String(value));
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use serde_json::json;

    fn with_type(t: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_str(t).unwrap());
        h
    }

    #[test]
    fn form_fields_and_repeats() {
        let m = object(
            &with_type("application/x-www-form-urlencoded"),
            b"contact_id=cont_1&amount=75.00&tags[]=a&tags[]=b&status=completed",
        )
        .unwrap();
        assert_eq!(m["contact_id"], json!("cont_1"));
        assert_eq!(m["tags"], json!(["a", "b"]));
        let m = object(
            &with_type("application/x-www-form-urlencoded"),
            b"t=1&t=2&t=3",
        )
        .unwrap();
        assert_eq!(m["t"], json!(["1", "2", "3"]));
    }

    #[test]
    fn json_objects_and_errors() {
        let m = object(&with_type("application/json"), br#"{"amount": 5}"#).unwrap();
        assert_eq!(m["amount"], json!(5));
        assert!(object(&with_type("application/json"), b"[1]")
            .unwrap_err()
            .contains("JSON object"));
        assert!(object(&with_type("application/json"), b"{oops")
            .unwrap_err()
            .contains("not valid JSON"));
        assert!(object(&HeaderMap::new(), &[0xff, 0xfe])
            .unwrap_err()
            .contains("UTF-8"));
        // curl -d without -H: form fields.
        let m = object(&HeaderMap::new(), b"status=refunded").unwrap();
        assert_eq!(m["status"], json!("refunded"));
        assert!(object(&HeaderMap::new(), b"").unwrap().is_empty());
    }
}
