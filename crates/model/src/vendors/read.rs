//! Lenient readers for fields of a vendor's JSON object: each returns a
//! value or a message naming the field, and none of them can panic.
//!
//! Real services send values in more forms than their documents show, so
//! every reader takes each reasonable form of its value: numbers as text
//! and text as numbers, MongoDB extended JSON (`{"$oid": …}`,
//! `{"$numberLong": …}`, `{"$numberInt": …}`, `{"$numberDouble": …}`,
//! `{"$numberDecimal": …}`, `{"$date": …}`), a single value where a list
//! is documented, and times with any offset (see [`crate::time`]).

use serde_json::{Map, Value};

use crate::json::{kind as json_kind, plain};
use crate::money::{Currency, Money};
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
    match obj.get(name).map(plain).as_deref() {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(number_text(n))),
        Some(other) => Err(format!("{name}: expected text, found {}", json_kind(other))),
    }
}

/// A number as text; a whole number written as a float (`42.0`, as
/// services that keep every number a double send ids) reads as `42`.
fn number_text(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
            format!("{}", f as i64)
        }
        _ => n.to_string(),
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

/// The currency a payment of `vendor` names in `name` (ISO 4217, or one
/// the vendor declares); where it names none, or one the console does not
/// know (noted in `problems`), its amounts are in an unstated currency:
/// shown without a symbol and never dropped.
pub fn currency(
    vendor: &dyn super::Vendor,
    problems: &mut Vec<String>,
    obj: &Map<String, Value>,
    name: &str,
) -> Currency {
    match noted(problems, text(obj, name)) {
        None => Currency::unstated(),
        Some(code) => vendor.profile().currency(&code).unwrap_or_else(|| {
            problems.push(format!("{name}: {code:?} is not a known currency"));
            Currency::unstated()
        }),
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

/// An array of strings; absent or `null` is empty, and a single value
/// where the list was expected is a list of one.
pub fn string_list(obj: &Map<String, Value>, name: &str) -> Result<Vec<String>, String> {
    match obj.get(name).map(plain).as_deref() {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Number(n)) => Ok(vec![n.to_string()]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| match plain(i).as_ref() {
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

/// An unsigned integer from a number or numeric string field (`12.0`
/// counts: it is a whole number written as a float).
pub fn unsigned(obj: &Map<String, Value>, name: &str) -> Result<Option<u64>, String> {
    match whole(obj, name)? {
        None => Ok(None),
        Some(n) => u64::try_from(n)
            .map(Some)
            .map_err(|_| format!("{name}: {n} is not a whole number at or above zero")),
    }
}

/// A count such as a page number or total, in any form [`unsigned`]
/// reads; anything else is `None`.
pub fn count(value: &Value) -> Option<u64> {
    let mut obj = Map::new();
    obj.insert(String::new(), value.clone());
    unsigned(&obj, "").ok().flatten()
}

/// A signed whole number from a number or numeric text, exactly; a
/// fraction of zero (`1250.0`) is allowed, any other fraction is not.
pub fn whole(obj: &Map<String, Value>, name: &str) -> Result<Option<i128>, String> {
    let text = match obj.get(name).map(plain).as_deref() {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(other) => {
            return Err(format!(
                "{name}: expected a number, found {}",
                json_kind(other)
            ))
        }
    };
    let not_whole = || format!("{name}: {text:?} is not a whole number");
    if let Ok(n) = text.parse::<i128>() {
        return Ok(Some(n));
    }
    let d = crate::money::parse_decimal(&text).map_err(|_| not_whole())?;
    if d.fract().is_zero() {
        i128::try_from(d).map(Some).map_err(|_| not_whole())
    } else {
        Err(not_whole())
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
    fn extended_json_and_single_values_are_read() {
        let o = obj(json!({
            "id": {"$oid": "5f1e"}, "n": {"$numberLong": "18446744073709551615"},
            "f": 12.0, "s": "Collected", "frac": 1.5, "i": {"$numberInt": "-3"}
        }));
        assert_eq!(text(&o, "id").unwrap().as_deref(), Some("5f1e"));
        assert_eq!(unsigned(&o, "n").unwrap(), Some(u64::MAX));
        assert_eq!(unsigned(&o, "f").unwrap(), Some(12));
        assert!(unsigned(&o, "frac").is_err());
        assert_eq!(whole(&o, "i").unwrap(), Some(-3));
        assert_eq!(string_list(&o, "s").unwrap(), vec!["Collected"]);
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
