//! How a payment's fields are shown: the [`FieldDisplay`] a vendor declares
//! for each documented field (a label in words and a kind of formatting),
//! and [`detail_rows`], which turns a payment into ready rows for the
//! detail view (fields the vendor sent but did not document are shown as
//! sent).

use serde_json::Value;

use crate::connection::Connection;
use crate::keys::Key;
use crate::money::{Currency, Money};
use crate::payment::{Payment, PaymentStatus};
use crate::time::{self, EpochUnit, Moment};
pub use crate::vendors::{FieldDisplay, ShownAs};

/// One row of the detail view, formatted.
#[derive(Clone, Debug, PartialEq)]
pub enum DetailValue {
    Text(String),
    Money(Money),
    Time(Moment),
    Status(PaymentStatus),
    Flag(bool),
    /// Sent as `null`, or a time that means "not set".
    NotSet,
    /// Could not be read as its kind: shown as sent.
    AsSent(String),
    /// A list of plain values (tags), shown as chips.
    List(Vec<String>),
    /// An object, shown as a small list of its fields (a field holding
    /// more than a plain value, as sent).
    Fields(Vec<(String, String)>),
}

impl DetailValue {
    /// The value as one line of text (a CSV cell): a list's items joined
    /// by commas, an object's fields as `name: value; …`.
    pub fn line(&self) -> Option<String> {
        match self {
            DetailValue::List(items) => Some(items.join(", ")),
            DetailValue::Fields(fields) => Some(
                fields
                    .iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            _ => None,
        }
    }
}

/// A row's label: the field's documented label, or its name as sent
/// where the vendor's document does not list it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Label {
    Word(Key),
    AsSent(String),
}

impl Label {
    /// The label in English (a word's English, or the name as sent).
    pub fn english(&self) -> &str {
        match self {
            Label::Word(k) => k.english(),
            Label::AsSent(name) => name,
        }
    }
}

/// A labelled row of the detail view.
#[derive(Clone, Debug, PartialEq)]
pub struct DetailRow {
    pub name: String,
    pub label: Label,
    pub value: DetailValue,
}

/// MongoDB-style references as words: `{"$oid": x}` is `x`, and
/// `{"_cls": "Order", "_ref": x}` is `Order x`.
fn reference_text(v: &Value) -> Option<String> {
    let o = v.as_object()?;
    if let Some(id) = o.get("$oid").and_then(Value::as_str) {
        return Some(id.to_string());
    }
    let cls = o.get("_cls").and_then(Value::as_str)?;
    let target = o
        .get("_ref")
        .map(|r| reference_text(r).unwrap_or_else(|| as_sent(r)))?;
    Some(format!("{cls} {target}"))
}

fn as_sent(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Every field of `payment` in the vendor's order, formatted by its kind.
pub fn detail_rows(payment: &Payment, conn: &Connection) -> Vec<DetailRow> {
    let documented = payment.vendor.profile().fields;
    let currency = payment_currency(payment, conn);
    payment
        .fields
        .iter()
        .map(|(name, v)| {
            let spec = documented.iter().find(|d| d.name == name);
            let label = spec.map_or_else(|| Label::AsSent(name.clone()), |d| Label::Word(d.label));
            let shown = spec.map_or(ShownAs::Data, |d| d.shown);
            DetailRow {
                name: name.clone(),
                label,
                value: formatted(payment, &currency, shown, v),
            }
        })
        .collect()
}

/// The documented field `field` of `payment`, formatted by its kind, for
/// a list's column: where the payment lacks it, the first documented
/// field of the same label it has (the vendor sends one or the other);
/// `NotSet` where it has none.
pub fn field_value(payment: &Payment, conn: &Connection, field: &FieldDisplay) -> DetailValue {
    let alike = std::iter::once(field).chain(
        payment
            .vendor
            .profile()
            .fields
            .iter()
            .filter(|f| f.label == field.label),
    );
    for f in alike {
        if let Some(v) = payment.field(f.name) {
            return formatted(payment, &payment_currency(payment, conn), f.shown, v);
        }
    }
    DetailValue::NotSet
}

/// The currency of `payment`'s money fields: its own `currency` field
/// where the vendor declares that code, else the connection's.
fn payment_currency(payment: &Payment, conn: &Connection) -> Currency {
    payment
        .field("currency")
        .and_then(Value::as_str)
        .and_then(|code| payment.vendor.profile().currency(code))
        .unwrap_or_else(|| conn.default_currency())
}

/// One value formatted as `shown` says.
fn formatted(payment: &Payment, currency: &Currency, shown: ShownAs, v: &Value) -> DetailValue {
    match (shown, v) {
        (_, Value::Null) => DetailValue::NotSet,
        (_, Value::String(t)) if t.trim().is_empty() => DetailValue::NotSet,
        (ShownAs::Status, _) => DetailValue::Status(payment.status.clone()),
        (ShownAs::Money, v) => Money::from_json(v, currency.clone())
            .map_or_else(|_| DetailValue::AsSent(as_sent(v)), DetailValue::Money),
        (ShownAs::Cents, v) => v
            .as_i64()
            .map(|c| DetailValue::Money(Money::from_minor_units(c, Currency::usd())))
            .unwrap_or_else(|| DetailValue::AsSent(as_sent(v))),
        (ShownAs::Time(unit), v) => match time::decode(v, unit) {
            Ok(Some(m)) => DetailValue::Time(m),
            Ok(None) => DetailValue::NotSet,
            Err(_) => DetailValue::AsSent(as_sent(v)),
        },
        (ShownAs::Flag, Value::Bool(b)) => DetailValue::Flag(*b),
        (ShownAs::Text, Value::String(s)) => DetailValue::Text(s.clone()),
        (ShownAs::Text, Value::Number(n)) => DetailValue::Text(n.to_string()),
        (ShownAs::Data, v) if reference_text(v).is_some() => {
            DetailValue::Text(reference_text(v).unwrap_or_default())
        }
        (ShownAs::Data | ShownAs::Text, Value::Array(items)) if items.is_empty() => {
            DetailValue::NotSet
        }
        (ShownAs::Data | ShownAs::Text, Value::Array(items))
            if items.iter().all(|i| !i.is_array() && !i.is_object()) =>
        {
            DetailValue::List(items.iter().map(as_sent).collect())
        }
        (ShownAs::Data, Value::Object(o)) if !o.is_empty() => DetailValue::Fields(
            o.iter()
                .map(|(k, v)| (k.clone(), reference_text(v).unwrap_or_else(|| as_sent(v))))
                .collect(),
        ),
        (_, v) => DetailValue::AsSent(as_sent(v)),
    }
}

/// The text a form shows for a field's current value: times as RFC 3339
/// (dates as dates), lists as comma-separated text, the rest as written.
pub fn form_value(value: &Value, kind: crate::vendors::FieldKind) -> String {
    use crate::vendors::FieldKind;
    match (kind, value) {
        (_, Value::Null) => String::new(),
        (FieldKind::Date | FieldKind::DateTime, v) => match time::decode(v, EpochUnit::Seconds) {
            Ok(Some(m)) if kind == FieldKind::Date => m.exact(),
            Ok(Some(m)) => m.instant_text(),
            _ => as_sent(v),
        },
        (_, Value::Array(items)) => items.iter().map(as_sent).collect::<Vec<_>>().join(", "),
        (_, v) => as_sent(v),
    }
}

/// A long id as a list shows it: its first 8 and last 6 characters
/// around an ellipsis, where it is an id (no spaces) longer than
/// [`SHORT_FROM`] characters; `None` where it is shown whole.
pub fn shortened(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= SHORT_FROM || chars.iter().any(|c| c.is_whitespace()) {
        return None;
    }
    let head: String = chars[..8].iter().collect();
    let tail: String = chars[chars.len() - 6..].iter().collect();
    Some(format!("{head}…{tail}"))
}

/// The longest id a list shows whole.
pub const SHORT_FROM: usize = 20;

#[cfg(test)]
mod short_tests {
    use super::*;

    #[test]
    fn long_ids_keep_their_ends_and_words_and_short_ids_stay_whole() {
        assert_eq!(
            shortened("cont_SU4WwarSCgC3Hb3kLw").as_deref(),
            Some("cont_SU4…Hb3kLw")
        );
        assert_eq!(shortened("pay_APmKZsMDCge5OE"), None, "18 characters");
        assert_eq!(shortened("a reference with words in it"), None);
        assert_eq!(
            shortened("ééééééééééééééééééééééé").map(|s| s.chars().count()),
            Some(15)
        );
    }
}

#[cfg(test)]
mod values_tests {
    use super::*;
    use crate::vendors::reviewrover;
    use serde_json::json;

    #[test]
    fn lists_and_objects_read_as_values_not_json() {
        let obj = json!({"id": "7", "amount": "1.00", "status": "paid",
            "tags": ["repeat", "in-store"], "meta": {"till": 4, "shop": "Leeds"}, "none": [],
            "deep": [{"a": 1}]});
        let p = reviewrover::VENDOR
            .decode_list(
                &crate::Connection {
                    id: "rr".into(),
                    vendor: reviewrover::VENDOR,
                    name: "rr".into(),
                    base_url: "https://x".into(),
                    credentials: crate::Credentials::new("bearer", [("token", "t")]),
                    scope: crate::connection::Scope::all(),
                    currency: None,
                },
                &crate::ListQuery::first_page(reviewrover::VENDOR.list_spec().pagination),
                &crate::HttpResponse {
                    status: 200,
                    headers: vec![],
                    body: json!({"payments": [obj], "pagination": {"page": 1, "limit": 25, "total": 1, "total_pages": 1}}).to_string(),
                },
            )
            .unwrap()
            .items
            .remove(0);
        let currency = crate::Currency::usd();
        let value = |name: &str| formatted(&p, &currency, ShownAs::Data, p.field(name).unwrap());
        assert_eq!(
            value("tags"),
            DetailValue::List(vec!["repeat".into(), "in-store".into()])
        );
        assert_eq!(
            value("meta"),
            DetailValue::Fields(vec![
                ("till".into(), "4".into()),
                ("shop".into(), "Leeds".into())
            ])
        );
        assert_eq!(value("none"), DetailValue::NotSet);
        assert_eq!(
            value("deep"),
            DetailValue::AsSent("[{\"a\":1}]".into()),
            "kept as sent"
        );
        assert_eq!(value("tags").line().as_deref(), Some("repeat, in-store"));
        assert_eq!(
            value("meta").line().as_deref(),
            Some("till: 4; shop: Leeds")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connection::{Credentials, Scope};
    use crate::vendors::{builton, twocloud, whop, Vendor};
    use serde_json::json;

    fn conn(vendor: &'static dyn Vendor) -> Connection {
        Connection {
            id: "c".into(),
            vendor,
            name: "c".into(),
            base_url: "http://x".into(),
            credentials: Credentials::none(),
            scope: Scope::all(),
            currency: None,
        }
    }

    #[test]
    fn a_column_reads_whichever_of_its_fields_was_sent() {
        let created = builton::VENDOR
            .profile()
            .fields
            .iter()
            .find(|f| f.name == "created")
            .expect("documented");
        let mut p = Payment::new(builton::VENDOR, "p1".into(), &serde_json::Map::new());
        assert_eq!(
            field_value(&p, &conn(builton::VENDOR), created),
            DetailValue::NotSet
        );
        p.fields
            .push(("_created".into(), json!({"$date": 1700000000000i64})));
        assert!(matches!(
            field_value(&p, &conn(builton::VENDOR), created),
            DetailValue::Time(_)
        ));
    }

    #[test]
    fn rows_follow_the_vendor_order_and_format_by_kind() {
        let v = json!({"id": "pay_1", "final_amount": 9.99, "currency": "eur", "paid_at": 1700000000,
            "refunded_at": null, "status": "paid", "surprise": {"x": 1}});
        let p = crate::vendors::whop::payment_from_value(&v).unwrap();
        let rows = detail_rows(&p, &conn(whop::VENDOR));
        let labels: Vec<&str> = rows.iter().map(|r| r.label.english()).collect();
        assert_eq!(
            labels,
            [
                "ID",
                "Final amount",
                "Currency",
                "Paid",
                "Refunded",
                "Status",
                "surprise"
            ]
        );
        assert_eq!(
            rows[1].value,
            DetailValue::Money(Money::parse("9.99", Currency::from_code("EUR").unwrap()).unwrap())
        );
        assert!(matches!(rows[3].value, DetailValue::Time(_)));
        assert_eq!(rows[4].value, DetailValue::NotSet);
        assert!(matches!(rows[5].value, DetailValue::Status(_)));
        assert_eq!(
            rows[6].value,
            DetailValue::Fields(vec![("x".into(), "1".into())]),
            "an object reads as its fields, not as JSON"
        );
    }

    #[test]
    fn cents_flags_and_unreadable_values() {
        let v = json!({"id": 5, "amount": 1250, "anonymous": true, "completed": "0001-01-01T00:00:00Z", "created": "soon", "error": ""});
        let p = crate::vendors::twocloud::payment_from_value(&v).unwrap();
        let rows = detail_rows(&p, &conn(twocloud::VENDOR));
        assert_eq!(
            rows[1].value,
            DetailValue::Money(Money::from_minor_units(1250, Currency::usd()))
        );
        assert_eq!(rows[2].value, DetailValue::Flag(true));
        assert_eq!(rows[3].value, DetailValue::NotSet);
        assert_eq!(rows[4].value, DetailValue::AsSent("soon".into()));
        assert_eq!(
            rows[5].value,
            DetailValue::NotSet,
            "empty text reads as not set"
        );
    }

    #[test]
    fn mongo_references_read_as_words() {
        let v = json!({"_id": {"$oid": "5c1a"}, "subject": {"_cls": "Order", "_ref": "5e1b"}, "user": {"$oid": "5f00"},
            "metadata": {"a": 1}, "amount": 1.5, "currency": "EUR"});
        let p = crate::vendors::builton::payment_from_value(&conn(builton::VENDOR), &v).unwrap();
        let rows = detail_rows(&p, &conn(builton::VENDOR));
        assert_eq!(rows[0].value, DetailValue::Text("5c1a".into()));
        assert_eq!(rows[1].value, DetailValue::Text("Order 5e1b".into()));
        assert_eq!(rows[2].value, DetailValue::Text("5f00".into()));
        assert_eq!(
            rows[3].value,
            DetailValue::Fields(vec![("a".into(), "1".into())])
        );
    }

    #[test]
    fn form_values_read_every_shape() {
        use crate::vendors::FieldKind;
        assert_eq!(
            form_value(&json!({"$date": 1700000000000i64}), FieldKind::DateTime),
            "2023-11-14T22:13:20Z"
        );
        assert_eq!(
            form_value(&json!(1700000000), FieldKind::DateTime),
            "2023-11-14T22:13:20Z"
        );
        assert_eq!(
            form_value(&json!("2025-03-03"), FieldKind::Date),
            "2025-03-03"
        );
        assert_eq!(
            form_value(&json!(["Collected", "Reversed"]), FieldKind::TextList(&[])),
            "Collected, Reversed"
        );
        assert_eq!(form_value(&json!(1250), FieldKind::MinorUnits), "1250");
        assert_eq!(form_value(&json!(true), FieldKind::Bool), "true");
        assert_eq!(form_value(&json!(null), FieldKind::Text), "");
    }
}
