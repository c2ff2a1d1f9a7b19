//! Lenient readers for fields of a vendor's JSON object: each returns a
//! value or a message naming the field, and none of them can panic.

use serde_json::{Map, Value};

use crate::money::{json_kind, Currency, Money};
use crate::time::{self, EpochUnit, Moment};

/// The value of a lenient read, or `None` with its message added to
/// `problems`: one unreadable field never loses the rest of a payment.
pub fn noted<T>(problems: &mut Vec<String>, read: Result<Option<T>, String>) -> Option<T> {
    read.unwrap_or_else(|e| {
        problems.push(e);
        None
    })
}

/// Text from a string or number field; absent or `null` is `None`.
pub fn text(obj: &Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(format!("{name}: expected text, found {}", json_kind(other))),
    }
}

/// An amount from a string or number field.
pub fn money(
    obj: &Map<String, Value>,
    name: &str,
    currency: Currency,
) -> Result<Option<Money>, String> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => Money::from_json(v, currency)
            .map(Some)
            .map_err(|e| format!("{name}: {e}")),
    }
}

/// A time in any of the shapes [`time::decode`] reads.
pub fn moment(
    obj: &Map<String, Value>,
    name: &str,
    unit: EpochUnit,
) -> Result<Option<Moment>, String> {
    match obj.get(name) {
        None => Ok(None),
        Some(v) => time::decode(v, unit).map_err(|e| format!("{name}: {e}")),
    }
}

/// An array of strings; absent or `null` is empty.
pub fn string_list(obj: &Map<String, Value>, name: &str) -> Result<Vec<String>, String> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                other => Err(format!(
                    "{name}: expected text items, found {}",
                    json_kind(other)
                )),
            })
            .collect(),
        Some(other) => Err(format!(
            "{name}: expected a list, found {}",
            json_kind(other)
        )),
    }
}

/// An unsigned integer from a number or numeric string field.
pub fn unsigned(obj: &Map<String, Value>, name: &str) -> Result<Option<u64>, String> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .map(Some)
            .ok_or_else(|| format!("{name}: {n} is not a whole number")),
        Some(Value::String(s)) => s
            .trim()
            .parse::<u64>()
            .map(Some)
            .map_err(|_| format!("{name}: {s:?} is not a whole number")),
        Some(other) => Err(format!(
            "{name}: expected a number, found {}",
            json_kind(other)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn readers_name_the_field_on_error() {
        let o = obj(json!({"a": [1], "b": {"x": 1}, "n": -1}));
        assert!(text(&o, "a").unwrap_err().starts_with("a:"));
        assert!(string_list(&o, "b").unwrap_err().starts_with("b:"));
        assert!(unsigned(&o, "n").unwrap_err().starts_with("n:"));
    }

    #[test]
    fn missing_and_null_are_absent() {
        let o = obj(json!({"z": null}));
        assert_eq!(text(&o, "z").unwrap(), None);
        assert_eq!(text(&o, "missing").unwrap(), None);
        assert_eq!(string_list(&o, "z").unwrap(), Vec::<String>::new());
        assert_eq!(unsigned(&o, "z").unwrap(), None);
        assert_eq!(money(&o, "z", Currency::usd()).unwrap(), None);
    }

    #[test]
    fn numbers_are_read_as_text_and_ids() {
        let o = obj(json!({"id": 18446744073709551615u64, "s": "42"}));
        assert_eq!(
            text(&o, "id").unwrap().as_deref(),
            Some("18446744073709551615")
        );
        assert_eq!(unsigned(&o, "id").unwrap(), Some(u64::MAX));
        assert_eq!(unsigned(&o, "s").unwrap(), Some(42));
    }
}
