//! The normalized payment every view shows, whatever vendor it came from.
//!
//! The common columns (amount, status, counterparty, reference, dates) are
//! lifted out for lists and totals; `fields` keeps every field the vendor
//! sent, in the vendor's order and with unknown ones included, for the
//! detail view and the raw JSON.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::money::Money;
use crate::time::Moment;
use crate::vendors::Vendor;
use crate::version::{Change, Read};

/// A status sorted into a kind the console can badge, with the vendor's
/// own words kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    Succeeded,
    Pending,
    Failed,
    Refunded,
    Cancelled,
    Reversed,
    Draft,
    /// A value the console does not recognize; shown as the vendor wrote it.
    Unknown,
}

impl StatusKind {
    /// Its words, in the catalog.
    pub fn words(self) -> crate::keys::Key {
        use crate::keys::status_kind as k;
        match self {
            StatusKind::Succeeded => k::SUCCEEDED,
            StatusKind::Pending => k::PENDING,
            StatusKind::Failed => k::FAILED,
            StatusKind::Refunded => k::REFUNDED,
            StatusKind::Cancelled => k::CANCELLED,
            StatusKind::Reversed => k::REVERSED,
            StatusKind::Draft => k::DRAFT,
            StatusKind::Unknown => k::UNKNOWN,
        }
    }

    /// The lower-case name used in CSS classes and addresses.
    pub fn slug(self) -> &'static str {
        match self {
            StatusKind::Succeeded => "succeeded",
            StatusKind::Pending => "pending",
            StatusKind::Failed => "failed",
            StatusKind::Refunded => "refunded",
            StatusKind::Cancelled => "cancelled",
            StatusKind::Reversed => "reversed",
            StatusKind::Draft => "draft",
            StatusKind::Unknown => "unknown",
        }
    }
}

/// A payment's status: a normalized kind plus the vendor's raw value(s).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentStatus {
    pub kind: StatusKind,
    /// The vendor's words, such as `completed` (several for Billing
    /// Platform, whose payments can hold more than one status).
    pub raw: Vec<String>,
}

impl PaymentStatus {
    /// No status was sent.
    pub fn none() -> Self {
        PaymentStatus {
            kind: StatusKind::Unknown,
            raw: Vec::new(),
        }
    }

    /// The vendor's words joined for display, such as `completed`.
    pub fn text(&self) -> String {
        self.raw.join(", ")
    }
}

/// One payment, normalized.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Payment {
    pub vendor: &'static dyn Vendor,
    /// The vendor's id as text (2cloud's u64 ids stay exact this way).
    pub id: String,
    pub amount: Option<Money>,
    pub status: PaymentStatus,
    /// Who paid: a contact, customer or user id.
    pub counterparty: Option<String>,
    /// The business's own reference, such as ReviewRover's `external_id`.
    pub reference: Option<String>,
    /// When the payment happened in the vendor's terms (event date,
    /// payment date, paid at).
    pub occurred_at: Option<Moment>,
    pub created_at: Option<Moment>,
    pub updated_at: Option<Moment>,
    /// Every field the vendor sent, in its order, unknown ones included.
    pub fields: Vec<(String, Value)>,
    /// Fields that were present but could not be read, each as a sentence
    /// naming the field. The raw value is still in `fields`.
    pub problems: Vec<String>,
}

impl Payment {
    /// A payment with every field of `obj` kept in order and nothing lifted
    /// out yet; vendor modules fill in the common columns.
    pub fn new(
        vendor: &'static dyn Vendor,
        id: String,
        obj: &serde_json::Map<String, Value>,
    ) -> Payment {
        Payment {
            vendor,
            id,
            amount: None,
            status: PaymentStatus::none(),
            counterparty: None,
            reference: None,
            occurred_at: None,
            created_at: None,
            updated_at: None,
            fields: obj.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            problems: Vec::new(),
        }
    }

    /// The date the payment is sorted, filtered and charted by: when it
    /// happened, else when it was created.
    pub fn date(&self) -> Option<Moment> {
        self.occurred_at.or(self.created_at)
    }

    /// The calendar day of [`Payment::date`] (UTC for instants).
    pub fn day(&self) -> Option<chrono::NaiveDate> {
        self.day_in(&crate::zone::Fixed::utc())
    }

    /// The calendar day of [`Payment::date`] in `zone` (a vendor's
    /// calendar date stays that date in every zone).
    pub fn day_in(&self, zone: &dyn crate::zone::Offsets) -> Option<chrono::NaiveDate> {
        self.date().map(|m| match m {
            Moment::Day(d) => d,
            Moment::At(t) => crate::zone::local_date(t, zone),
        })
    }

    /// The vendor's payload as pretty JSON, for "Show raw JSON".
    pub fn raw_json(&self) -> String {
        let map: serde_json::Map<String, Value> = self.fields.iter().cloned().collect();
        serde_json::to_string_pretty(&Value::Object(map)).unwrap_or_default()
    }

    /// A field as the vendor sent it.
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// A field's value as text, as versions compare it
    /// ([`crate::version::text_of`]).
    pub fn text_at(&self, path: &str) -> Option<String> {
        self.field_at(path).map(crate::version::text_of)
    }

    /// What this payment holds for `fields` (those an edit sends): what
    /// the edit is made from.
    pub fn read_of<'a>(&self, fields: impl IntoIterator<Item = &'a str>) -> Read {
        Read::of(fields, |f| self.text_at(f))
    }

    /// What it shows of every field its vendor declares (what a delete
    /// is made from), the fields it does not have left out.
    pub fn read_whole(&self) -> Read {
        let shown = self.vendor.profile().fields.iter().map(|f| f.name);
        let held: Vec<&str> = shown.filter(|f| self.field_at(f).is_some()).collect();
        self.read_of(held)
    }

    /// What it shows of its status (what a status change is made from).
    pub fn read_status(&self) -> Read {
        let status = self.vendor.profile().fields.iter();
        self.read_of(
            status
                .filter(|f| f.shown == crate::vendors::ShownAs::Status)
                .map(|f| f.name),
        )
    }

    /// The fields of `read` whose value this payment holds differently.
    pub fn changed_since(&self, read: &Read) -> Vec<Change> {
        read.changes(Some(&|f: &str| self.text_at(f)))
    }

    /// A field, or a part of an object field named with a dot
    /// (`billing_address.city`), as the vendor sent it.
    pub fn field_at(&self, path: &str) -> Option<&Value> {
        if let Some(v) = self.field(path) {
            return Some(v);
        }
        let (head, rest) = path.split_once('.')?;
        rest.split('.')
            .try_fold(self.field(head)?, |v, part| v.as_object()?.get(part))
    }
}
