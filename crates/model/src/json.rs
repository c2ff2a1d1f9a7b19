//! Reading JSON values as vendors really send them, below every other
//! module of the model: the plain value behind MongoDB extended JSON, a
//! word for a value's kind in messages, and comma-separated lists. It
//! imports nothing of the model.

use std::borrow::Cow;

use serde_json::Value;

/// The extended-JSON wrappers that stand for a plain value.
const WRAPPERS: &[&str] = &[
    "$oid",
    "$numberLong",
    "$numberInt",
    "$numberDouble",
    "$numberDecimal",
];

/// The plain value behind MongoDB extended JSON: `{"$oid": "5f…"}` is the
/// text `"5f…"`, `{"$numberLong": "12"}` the number 12,
/// `{"$numberDecimal": "1.50"}` the text `"1.50"` (every reader takes
/// numbers as text). Anything else is itself; `$date` is left to
/// [`crate::time::decode`], which knows it counts milliseconds.
pub fn plain(value: &Value) -> Cow<'_, Value> {
    if let Value::Object(o) = value {
        if o.len() == 1 {
            if let Some((k, inner)) = o.iter().next() {
                if WRAPPERS.contains(&k.as_str()) && (inner.is_string() || inner.is_number()) {
                    // Integers and doubles become JSON numbers (so `42.0`
                    // is the id 42); decimals stay text, keeping every
                    // digit.
                    let number = match (k.as_str(), inner) {
                        ("$oid" | "$numberDecimal", _) => None,
                        (_, Value::String(t)) => serde_json::from_str::<serde_json::Number>(t).ok(),
                        _ => None,
                    };
                    return match number {
                        Some(n) => Cow::Owned(Value::Number(n)),
                        None => Cow::Borrowed(inner),
                    };
                }
            }
        }
    }
    Cow::Borrowed(value)
}

/// A word for the kind of a JSON value, for error messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Splits `"a, b,,c"` into `["a", "b", "c"]`: a list sent or typed as
/// comma-separated text.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn extended_json_is_read_as_its_plain_value() {
        assert_eq!(*plain(&json!({"$oid": "5f1"})), json!("5f1"));
        assert_eq!(*plain(&json!({"$numberLong": "12"})), json!(12));
        assert_eq!(*plain(&json!({"$numberDecimal": "1.50"})), json!("1.50"));
        assert_eq!(*plain(&json!({"$date": 5})), json!({"$date": 5}));
        assert_eq!(kind(&json!([1])), "a list");
    }

    #[test]
    fn lists_are_split_on_commas() {
        assert_eq!(split_list(" vip, ,repeat "), vec!["vip", "repeat"]);
        assert!(split_list("").is_empty());
    }
}
