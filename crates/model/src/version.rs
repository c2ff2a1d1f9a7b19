//! What a write was made from, so that a stale one is caught: none of the
//! five vendors offers a version or `If-Match`, so the console says, with
//! each edit, status change and delete, the values it read ([`Read`],
//! sent in the [`READ_HEADER`]), and the gateway, which sees every write,
//! reads the payment again and forwards only when none of them differs
//! now. Otherwise it answers 409 with a [`Conflict`]: each [`Change`]
//! (the value then and now) and, for those who may read the Activity
//! log, who made it and when.
//!
//! A field is a path into the payment as
//! [`crate::payment::Payment::field_at`] reads it
//! (`amount`, `billing_address.city`), and its value is compared as text
//! ([`text_of`]): two numbers are the same when they are the same
//! decimal (`100` and `100.00`), and an empty or absent field is the same
//! as no value. An edit's read names every field it sends, including one
//! the payment did not have (a colleague may have filled it since); a
//! delete's or a status change's names what the payment showed
//! ([`crate::payment::Payment::read_of`] and its neighbours make them).
//! This module is a leaf: the payment knows it, not the other way round.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::http::{percent_decode, percent_encode};
use crate::message::{GatewayMessage, Message};

/// The request header that carries a write's [`Read`].
pub const READ_HEADER: &str = "x-payments-read";
/// The request header that says the person chose to overwrite a
/// colleague's change (`1`): the gateway forwards whatever the payment
/// holds now, and records what the write overwrote.
pub const OVERWRITE_HEADER: &str = "x-payments-overwrite";
/// The most fields one read names.
pub const MAX_FIELDS: usize = 64;
/// The characters of a value compared: a longer value is compared by
/// its first ones.
pub const MAX_TEXT: usize = 256;
/// The longest [`READ_HEADER`] value the gateway reads.
pub const MAX_HEADER: usize = 24 * 1024;

/// The values a write was made from: each field with its text as read,
/// `None` where the payment did not have it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Read(pub Vec<(String, Option<String>)>);

/// A payment's field's text by its path, as it is now.
pub type Lookup<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// Why a [`READ_HEADER`] could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Longer than [`MAX_HEADER`] or naming more than [`MAX_FIELDS`].
    TooLarge,
    /// Not the JSON this module writes.
    Malformed,
}

impl Read {
    /// The values of `fields` as `value` gives them (`None`: absent).
    pub fn of<'a>(
        fields: impl IntoIterator<Item = &'a str>,
        value: impl Fn(&str) -> Option<String>,
    ) -> Read {
        Read(
            fields
                .into_iter()
                .take(MAX_FIELDS)
                .map(|f| (f.to_string(), value(f)))
                .collect(),
        )
    }

    /// Whether it names no field.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The header's value: the pairs as JSON, percent-encoded (any
    /// Unicode travels as ASCII).
    pub fn to_header(&self) -> String {
        let pairs: Vec<(&str, Option<String>)> = self
            .0
            .iter()
            .map(|(f, v)| (f.as_str(), v.as_deref().map(bounded)))
            .collect();
        percent_encode(&serde_json::to_string(&pairs).unwrap_or_default())
    }

    /// Reads a header [`Read::to_header`] wrote.
    pub fn from_header(text: &str) -> Result<Read, ReadError> {
        if text.len() > MAX_HEADER {
            return Err(ReadError::TooLarge);
        }
        let read: Read =
            serde_json::from_str(&percent_decode(text)).map_err(|_| ReadError::Malformed)?;
        if read.0.len() > MAX_FIELDS {
            return Err(ReadError::TooLarge);
        }
        Ok(read)
    }

    /// Each field whose value `now` gives differs from the one read
    /// (see [`crate::payment::Payment::changed_since`]); every field,
    /// when the payment is gone (`now` is `None`).
    pub fn changes(&self, now: Option<&Lookup>) -> Vec<Change> {
        self.0
            .iter()
            .filter_map(|(field, then)| {
                let current = now.and_then(|value| value(field));
                let differs = now.is_none() || !same(then.as_deref(), current.as_deref());
                differs.then(|| Change {
                    field: field.clone(),
                    then: then.as_deref().map(bounded),
                    now: current.as_deref().map(bounded),
                })
            })
            .collect()
    }
}

/// One field that differs between what a write was made from and the
/// payment now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    /// Its value as read (`None`: the payment did not have it).
    pub then: Option<String>,
    /// Its value now (`None`: it has none, or the payment is gone).
    pub now: Option<String>,
}

/// Who made the change that stands, from the audit log (when it went
/// through this gateway, and only for those who may read the log).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedBy {
    pub person: String,
    /// When, RFC 3339 in UTC.
    pub at: String,
}

/// Why a write was not forwarded: the payment changed since it was read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// The fields that differ.
    pub changes: Vec<Change>,
    /// The payment is no longer there (deleted since it was read).
    #[serde(default)]
    pub gone: bool,
    /// Who changed it, where the gateway knows and may say.
    #[serde(default)]
    pub by: Option<ChangedBy>,
}

impl Conflict {
    /// What a person is told: changed since it was read (naming the
    /// fields), or deleted since.
    pub fn message(&self) -> Message {
        if self.gone {
            GatewayMessage::GoneSinceRead.into()
        } else {
            GatewayMessage::ChangedSinceRead {
                fields: self.fields(),
            }
            .into()
        }
    }

    /// Reads the `"conflict"` of a gateway's refusal, by hand rather than
    /// through `Deserialize` (the first screen's download carries this
    /// reader; a conflict that does not read is none).
    pub fn from_json(v: &Value) -> Option<Conflict> {
        let text = |v: &Value, name: &str| v.get(name).and_then(Value::as_str).map(str::to_string);
        let changes = v
            .get("changes")?
            .as_array()?
            .iter()
            .map(|c| {
                Some(Change {
                    field: text(c, "field")?,
                    then: text(c, "then"),
                    now: text(c, "now"),
                })
            })
            .collect::<Option<Vec<Change>>>()?;
        let by = v.get("by").and_then(|b| {
            Some(ChangedBy {
                person: text(b, "person")?,
                at: text(b, "at")?,
            })
        });
        Some(Conflict {
            changes,
            gone: v.get("gone").and_then(Value::as_bool).unwrap_or(false),
            by,
        })
    }

    /// The field names that differ, as the English message lists them.
    pub fn fields(&self) -> String {
        self.changes
            .iter()
            .map(|c| c.field.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A JSON value as the text it is compared by: a string as itself, a
/// number as written, `null` as nothing, anything else as compact JSON.
pub fn text_of(value: &Value) -> String {
    match crate::json::plain(value).as_ref() {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The first [`MAX_TEXT`] characters of a value.
fn bounded(text: &str) -> String {
    text.chars().take(MAX_TEXT).collect()
}

/// Whether two values read are the same: the same text (compared to
/// [`MAX_TEXT`] characters), the same decimal, or both empty.
pub fn same(a: Option<&str>, b: Option<&str>) -> bool {
    let (a, b) = (
        bounded(a.unwrap_or("").trim()),
        bounded(b.unwrap_or("").trim()),
    );
    if a == b {
        return true;
    }
    match (a.parse::<Decimal>(), b.parse::<Decimal>()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
#[path = "version_tests.rs"]
mod tests;
