//! The wire habits every vendor shares: building a JSON request against a
//! connection's root, bearer auth, reading success bodies and list items,
//! form values and field errors, error messages from bodies of unknown
//! shape, and the shared field-validation loop.

use serde_json::{Map, Value};

use super::spec::{FieldKind, FieldSpec};
use crate::connection::Connection;
use crate::error::{ApiError, FieldError};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::json::kind as json_kind;
use crate::keys::{word, Key};
use crate::message::{Message, ModelMessage};
use crate::query::UnreadableItem;
use crate::validate::FieldErrors;
use crate::Payment;

/// A JSON answer of a success status, or the error it stands for.
pub fn success_json(
    resp: &HttpResponse,
    decode_error: fn(&HttpResponse) -> ApiError,
) -> Result<Value, ApiError> {
    if !resp.is_success() {
        return Err(decode_error(resp));
    }
    serde_json::from_str(&resp.body).map_err(|e| ApiError::decode(word::WHAT_JSON, e))
}

/// Reads each item of a list with `read`: the payments read, and each
/// item that could not be read kept with its reason and JSON.
pub fn decode_items(
    items: &[Value],
    mut read: impl FnMut(&Value) -> Result<Payment, String>,
) -> (Vec<Payment>, Vec<UnreadableItem>) {
    let mut payments = Vec::with_capacity(items.len());
    let mut unreadable = Vec::new();
    for (i, v) in items.iter().enumerate() {
        match read(v) {
            Ok(p) => payments.push(p),
            Err(reason) => unreadable.push(UnreadableItem {
                position: i + 1,
                reason,
                raw: serde_json::to_string_pretty(v).unwrap_or_default(),
            }),
        }
    }
    (payments, unreadable)
}

/// Every item of a list read, or the error naming the first that could
/// not be (for answers that must be whole, such as a write's).
pub fn decode_all(
    items: &[Value],
    what: Key,
    read: impl FnMut(&Value) -> Result<Payment, String>,
) -> Result<Vec<Payment>, ApiError> {
    match decode_items(items, read) {
        (payments, unreadable) if unreadable.is_empty() => Ok(payments),
        (_, unreadable) => {
            let first = &unreadable[0];
            Err(ApiError::decode(
                what,
                format!("item {}: {}", first.position, first.reason),
            ))
        }
    }
}

/// A request to `{root}{path}` with `Accept: application/json`.
pub fn request(conn: &Connection, method: Method, path: &str) -> HttpRequest {
    let mut req = HttpRequest::new(method, format!("{}{}", conn.root(), path));
    req.headers
        .push(("Accept".into(), "application/json".into()));
    req
}

/// Adds `Authorization: Bearer …` when the connection has a token (a
/// blank one, left by a reload that kept no secret, sends none).
pub fn with_bearer(mut req: HttpRequest, conn: &Connection) -> HttpRequest {
    let token = conn.credentials.get("token");
    if !token.is_empty() {
        req.headers
            .push(("Authorization".into(), format!("Bearer {token}")));
    }
    req
}

/// Turns a JSON body into the request body (serialization of a `Value`
/// cannot fail).
pub fn with_json(mut req: HttpRequest, body: &Value) -> HttpRequest {
    req.body = Some(body.to_string());
    req
}

/// Text of a form value: strings trimmed, numbers as written, blank and
/// `null` absent; anything else is an error naming the field.
pub fn form_text(
    values: &Map<String, Value>,
    key: &str,
    label: Key,
) -> Result<Option<String>, ModelMessage> {
    match values.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(other) => Err(ModelMessage::NotText {
            label,
            kind: json_kind(other).to_string(),
        }),
    }
}

/// Field messages from an `errors` object (`{"field": ["…"]}` or
/// `{"field": "…"}`), first message per field.
pub fn field_errors_from(value: &Value) -> Vec<FieldError> {
    let Some(map) = value.as_object() else {
        return Vec::new();
    };
    map.iter()
        .filter_map(|(field, v)| {
            let message = match v {
                Value::String(s) => Message::said(s.clone()),
                Value::Array(items) => Message::said(items.first()?.as_str()?),
                _ => return None,
            };
            Some(FieldError {
                field: field.clone(),
                message,
            })
        })
        .collect()
}

/// Standard base64 with padding, for HTTP Basic credentials.
pub fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Checks `values` against `spec`: names outside it are refused, required
/// fields must be there, and each given value goes through `convert`
/// (the value as sent and as text in; the wire value out, or the field's
/// error). Lists may arrive as JSON arrays of text (the wire) or as
/// comma-separated text (a form).
pub fn validate_fields(
    values: &Map<String, Value>,
    spec: &[FieldSpec],
    mut convert: impl FnMut(&FieldSpec, &Value, String) -> Result<Value, ModelMessage>,
) -> Result<Map<String, Value>, FieldErrors> {
    let mut errs = FieldErrors::default();
    reject_unknown(values, spec, &mut errs);
    let mut body = Map::new();
    for f in spec {
        let raw = values.get(f.name).unwrap_or(&Value::Null);
        let text = match (f.kind, raw) {
            (FieldKind::TextList(_), Value::Array(items)) => {
                match items.iter().map(Value::as_str).collect::<Option<Vec<_>>>() {
                    Some(names) => Some(names.join(",")).filter(|t| !t.trim().is_empty()),
                    None => {
                        let odd = items.iter().find(|i| !i.is_string()).unwrap_or(raw);
                        let kind = json_kind(odd).to_string();
                        errs.check(
                            f.name,
                            Err(ModelMessage::NotText {
                                label: f.label,
                                kind,
                            }),
                        )
                    }
                }
            }
            _ => errs
                .check(f.name, form_text(values, f.name, f.label))
                .flatten(),
        };
        let Some(text) = text else {
            if f.required && errs.get(f.name).is_none() {
                errs.check::<()>(f.name, Err(ModelMessage::Required { label: f.label }));
            }
            continue;
        };
        if let Some(v) = errs.check(f.name, convert(f, raw, text)) {
            body.insert(f.name.to_string(), v);
        }
    }
    if errs.is_empty() {
        Ok(body)
    } else {
        Err(errs)
    }
}

/// Rejects keys that are not among `fields`, so nothing is silently dropped.
pub fn reject_unknown(values: &Map<String, Value>, fields: &[FieldSpec], errs: &mut FieldErrors) {
    for key in values.keys() {
        if !fields.iter().any(|f| f.name == key) {
            errs.check::<()>(key, Err(ModelMessage::NotSettable { name: key.clone() }));
        }
    }
}

/// Pulls a person-readable message out of an error body of unknown shape:
/// `{"message": …}`, `{"error": "…"}`, `{"error": {"message": …}}` or
/// `{"errors": [{"message": …}]}`; otherwise short plain text.
pub fn error_message(body: &str) -> Option<String> {
    let value: serde_json::Value = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(_) => {
            let t = body.trim();
            let plain = !t.is_empty() && t.len() <= 200 && !t.starts_with('<');
            return plain.then(|| t.to_string());
        }
    };
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
    text(&value["message"])
        .or_else(|| text(&value["error"]))
        .or_else(|| text(&value["error"]["message"]))
        .or_else(|| text(&value["errors"][0]["message"]))
        .or_else(|| text(&value["errors"][0]))
}

/// The error for a non-2xx answer, with the vendor's message and
/// `Retry-After` when present.
pub fn error_from_response(resp: &HttpResponse) -> ApiError {
    if let Some(refusal) = ApiError::from_refusal(resp) {
        return refusal;
    }
    let mut e = ApiError::from_status(resp.status, error_message(&resp.body));
    e.retry_after_secs = crate::error::parse_retry_after(resp.header("retry-after"));
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_messages_are_found_in_common_shapes() {
        assert_eq!(
            error_message(r#"{"message":"nope"}"#).as_deref(),
            Some("nope")
        );
        assert_eq!(
            error_message(r#"{"error":"bad token"}"#).as_deref(),
            Some("bad token")
        );
        assert_eq!(
            error_message(r#"{"error":{"message":"deep"}}"#).as_deref(),
            Some("deep")
        );
        assert_eq!(
            error_message(r#"{"errors":[{"message":"first"}]}"#).as_deref(),
            Some("first")
        );
        assert_eq!(
            error_message("Service Unavailable").as_deref(),
            Some("Service Unavailable")
        );
        assert_eq!(error_message("<html>oops</html>"), None);
        assert_eq!(error_message(r#"{"x":1}"#), None);
    }

    #[test]
    fn retry_after_is_carried() {
        let resp = HttpResponse {
            status: 429,
            headers: vec![("Retry-After".into(), "10".into())],
            body: r#"{"message":"You are being rate limited"}"#.into(),
        };
        let e = error_from_response(&resp);
        assert_eq!(e.retry_after_secs, Some(10));
        assert_eq!(e.message.to_string(), "You are being rate limited");
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn field_errors_come_from_lists_or_text() {
        let v = serde_json::json!({"amount": ["too big", "odd"], "date": "bad", "n": 3});
        let f = field_errors_from(&v);
        assert_eq!(f.len(), 2);
        assert_eq!(
            (f[0].field.as_str(), f[0].message.to_string().as_str()),
            ("amount", "too big")
        );
        assert_eq!(
            (f[1].field.as_str(), f[1].message.to_string().as_str()),
            ("date", "bad")
        );
    }
}
