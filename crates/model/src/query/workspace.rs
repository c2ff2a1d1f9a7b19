//! The filters of All payments: a [`WorkspaceQuery`] holds what every
//! vendor's payments can be judged by once normalized (a date range, a
//! status kind, the vendor or connection, a currency, an amount range),
//! read from and written to the address, with a message per value it
//! cannot read. It sits with the list's query, below the vendors, which
//! apply part of it themselves
//! ([`crate::vendors::Operations::workspace_filters`]); merging lists by
//! it is [`crate::workspace`]'s.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::keys::{word as w, Key};
use crate::message::ModelMessage;
use crate::money::parse_decimal;
use crate::payment::{Payment, StatusKind};
use crate::time::Moment;
use crate::validate::FieldErrors;
use crate::zone::Offsets;

/// Every status kind, in the order filters offer them.
pub const STATUS_KINDS: [StatusKind; 8] = [
    StatusKind::Succeeded,
    StatusKind::Pending,
    StatusKind::Failed,
    StatusKind::Refunded,
    StatusKind::Reversed,
    StatusKind::Cancelled,
    StatusKind::Draft,
    StatusKind::Unknown,
];

/// The filters of All payments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkspaceQuery {
    /// First and last day, inclusive (UTC).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub status: Option<StatusKind>,
    /// A vendor's slug.
    pub vendor: Option<String>,
    /// A connection's id.
    pub connection: Option<String>,
    /// An ISO currency code, upper case.
    pub currency: Option<String>,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
}

impl WorkspaceQuery {
    /// The address parameters it reads, with their labels.
    pub const PARAMS: [(&'static str, Key); 8] = [
        ("from", w::FROM),
        ("to", w::TO),
        ("status", w::STATUS),
        ("vendor", w::VENDOR),
        ("connection", w::CONNECTION),
        ("currency", w::CURRENCY),
        ("min", w::SMALLEST_AMOUNT),
        ("max", w::LARGEST_AMOUNT),
    ];

    /// Reads the query from address parameters; what cannot be read is
    /// left out and reported by parameter name, so no link breaks.
    pub fn from_params(params: &[(String, String)]) -> (WorkspaceQuery, FieldErrors) {
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, v)| k == name && !v.trim().is_empty())
                .map(|(_, v)| v.trim())
        };
        let mut errors = FieldErrors::default();
        let mut day = |name: &str, label: Key| {
            let v = get(name)?;
            let parsed = match crate::time::parse_text(v) {
                Ok(Some(Moment::Day(d))) => Ok(d),
                _ => Err(ModelMessage::NotADay { label }),
            };
            errors.check(name, parsed)
        };
        let from = day("from", w::FROM);
        let to = day("to", w::TO);
        let mut amount = |name: &str, label: Key| {
            let v = get(name)?;
            errors.check(
                name,
                parse_decimal(v).map_err(|_| ModelMessage::NotANumber { label }),
            )
        };
        let min = amount("min", w::SMALLEST_AMOUNT);
        let max = amount("max", w::LARGEST_AMOUNT);
        let status = get("status").and_then(|s| {
            let kind = STATUS_KINDS.iter().find(|k| k.slug() == s).copied();
            errors.check(
                "status",
                kind.ok_or_else(|| ModelMessage::NotAStatus {
                    value: format!("{s:?}"),
                }),
            )
        });
        let currency = get("currency").and_then(|c| {
            let ok = c.len() == 3 && c.bytes().all(|b| b.is_ascii_alphabetic());
            let code = ok.then(|| c.to_ascii_uppercase());
            errors.check("currency", code.ok_or(ModelMessage::CurrencyCode))
        });
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                errors.check::<()>(
                    "to",
                    Err(ModelMessage::Before {
                        later: w::TO,
                        earlier: w::FROM,
                    }),
                );
            }
        }
        if let (Some(lo), Some(hi)) = (min, max) {
            if hi < lo {
                errors.check::<()>("max", Err(ModelMessage::AmountRange));
            }
        }
        let q = WorkspaceQuery {
            from,
            to,
            status,
            vendor: get("vendor").map(str::to_string),
            connection: get("connection").map(str::to_string),
            currency,
            min,
            max,
        };
        (q, errors)
    }

    /// The address parameters for this query, leaving out what is unset.
    pub fn to_params(&self) -> Vec<(String, String)> {
        let day = |d: &Option<NaiveDate>| d.map(|d| Moment::Day(d).exact());
        let values = [
            day(&self.from),
            day(&self.to),
            self.status.map(|s| s.slug().to_string()),
            self.vendor.clone(),
            self.connection.clone(),
            self.currency.clone(),
            self.min.map(|m| m.to_string()),
            self.max.map(|m| m.to_string()),
        ];
        Self::PARAMS
            .iter()
            .zip(values)
            .filter_map(|((name, _), v)| Some(((*name).to_string(), v?)))
            .collect()
    }

    /// Puts the date range into `list` as a vendor's two date filters
    /// (`YYYY-MM-DD`), and names the bounds it put (`from`, `to`).
    pub fn dates_as(
        &self,
        list: &mut crate::query::ListQuery,
        from_param: &str,
        to_param: &str,
    ) -> Vec<&'static str> {
        let mut applied = Vec::new();
        for (day, param, name) in [(self.from, from_param, "from"), (self.to, to_param, "to")] {
            if let Some(d) = day {
                *list = list.with_filter(param, &Moment::Day(d).exact());
                applied.push(name);
            }
        }
        applied
    }

    /// Whether the connection `id` of vendor `vendor` is in the view.
    pub fn includes(&self, id: &str, vendor: &str) -> bool {
        self.connection.as_deref().is_none_or(|c| c == id)
            && self.vendor.as_deref().is_none_or(|v| v == vendor)
    }

    /// Whether `p` passes every filter that concerns a payment, its day
    /// being its day in `zone`.
    pub fn matches(&self, p: &Payment, zone: &dyn Offsets) -> bool {
        let day = p.day_in(zone);
        let in_range = |lo: Option<NaiveDate>, hi: Option<NaiveDate>| {
            (lo.is_none() && hi.is_none())
                || day.is_some_and(|d| lo.is_none_or(|lo| d >= lo) && hi.is_none_or(|hi| d <= hi))
        };
        let amount = p.amount.as_ref();
        let amount_ok = (self.min.is_none() && self.max.is_none())
            || amount.is_some_and(|m| {
                self.min.is_none_or(|lo| m.amount >= lo) && self.max.is_none_or(|hi| m.amount <= hi)
            });
        let currency_ok = self.currency.as_deref().is_none_or(|c| {
            amount.is_some_and(|m| m.currency.is_stated() && m.currency.code() == c)
        });
        in_range(self.from, self.to)
            && self.status.is_none_or(|s| p.status.kind == s)
            && amount_ok
            && currency_ok
    }
}
