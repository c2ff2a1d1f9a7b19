//! Payments as CSV, for spreadsheets and reconciliation: one row per
//! payment, one column per normalized field plus the vendor's own status
//! words; amounts as exact decimal strings beside their ISO currency code
//! (empty where the vendor did not state one), times as ISO 8601 in the
//! console's time zone with its offset (`2025-03-10T00:30:05+01:00`, `…Z`
//! in UTC; calendar dates as `YYYY-MM-DD`) and the zone's IANA name in a
//! `time_zone` column, so a spreadsheet elsewhere reads the same instants.
//! RFC 4180 quoting, CRLF line ends.
//!
//! A cell a spreadsheet would run as a formula (text starting with `=`,
//! `+`, `-` or `@`, or with a tab or carriage return) is neutralised with
//! a leading `'`; a plain number such as `-12.50` is left as it is, so
//! refunds stay numbers.

use crate::columns::Column;
use crate::connection::Connection;
use crate::display::{field_value, DetailValue};
use crate::payment::Payment;
use crate::time::Moment;
use crate::vendors::Profile;
use crate::zone::{with_offset, Offsets};

/// The columns, in order.
pub const COLUMNS: [&str; 12] = [
    "connection",
    "vendor",
    "id",
    "date",
    "created",
    "amount",
    "currency",
    "status",
    "vendor_status",
    "counterparty",
    "reference",
    "time_zone",
];

/// A CSV document being written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Csv {
    text: String,
    rows: usize,
}

impl Default for Csv {
    fn default() -> Csv {
        Csv::new()
    }
}

impl Csv {
    /// A document holding the heading row.
    pub fn new() -> Csv {
        let mut csv = Csv {
            text: String::new(),
            rows: 0,
        };
        csv.line(COLUMNS.iter().map(|c| (*c).to_string()));
        csv
    }

    /// Adds `payment`, listed under the connection named `connection`,
    /// its times in `zone`.
    pub fn push(&mut self, connection: &str, payment: &Payment, zone: &dyn Offsets) {
        let moment = |m: Option<Moment>| match m {
            Some(Moment::At(t)) => with_offset(t, zone),
            Some(day) => day.exact(),
            None => String::new(),
        };
        let (amount, currency) = amount_cells(payment);
        self.line([
            connection.to_string(),
            payment.vendor.display_name().to_string(),
            payment.id.clone(),
            moment(payment.occurred_at),
            moment(payment.created_at),
            amount,
            currency,
            payment.status.kind.slug().to_string(),
            payment.status.text(),
            payment.counterparty.clone().unwrap_or_default(),
            payment.reference.clone().unwrap_or_default(),
            zone.name().to_string(),
        ]);
        self.rows += 1;
    }

    /// A document whose columns are `columns`, as a list shows them (the
    /// amount as two: the exact amount and its currency), then the zone.
    pub fn shown(columns: &[Column], profile: &Profile) -> Csv {
        let mut csv = Csv {
            text: String::new(),
            rows: 0,
        };
        let mut heading = Vec::new();
        for c in columns {
            heading.push(c.heading(profile).english().to_string());
            if *c == Column::Amount {
                heading.push("Currency".into());
            }
        }
        heading.push("Time zone".into());
        csv.line(heading);
        csv
    }

    /// Adds `payment` to a document made by [`Csv::shown`] for the same
    /// `columns`: each cell as exact text (amounts as decimal strings,
    /// times in `zone` with its offset, flags as `true`/`false`).
    pub fn push_shown(
        &mut self,
        conn: &Connection,
        payment: &Payment,
        columns: &[Column],
        zone: &dyn Offsets,
    ) {
        let moment = |m: Moment| match m {
            Moment::At(t) => with_offset(t, zone),
            day => day.exact(),
        };
        let mut cells = Vec::new();
        for c in columns {
            match c {
                Column::Id => cells.push(payment.id.clone()),
                Column::Amount => {
                    let (amount, currency) = amount_cells(payment);
                    cells.push(amount);
                    cells.push(currency);
                }
                Column::Status => cells.push(payment.status.text()),
                Column::Counterparty => {
                    cells.push(payment.counterparty.clone().unwrap_or_default())
                }
                Column::Date => cells.push(payment.occurred_at.map(moment).unwrap_or_default()),
                Column::Reference => cells.push(payment.reference.clone().unwrap_or_default()),
                Column::Field(f) => cells.push(match field_value(payment, conn, f) {
                    DetailValue::Text(t) | DetailValue::AsSent(t) => t,
                    DetailValue::Money(m) => m.amount.to_string(),
                    DetailValue::Time(m) => moment(m),
                    DetailValue::Status(s) => s.text(),
                    DetailValue::Flag(b) => b.to_string(),
                    DetailValue::NotSet => String::new(),
                    other @ (DetailValue::List(_) | DetailValue::Fields(_)) => {
                        other.line().unwrap_or_default()
                    }
                }),
            }
        }
        cells.push(zone.name().to_string());
        self.line(cells);
        self.rows += 1;
    }

    /// How many payments it holds.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The document's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    fn line(&mut self, cells: impl IntoIterator<Item = String>) {
        for (i, c) in cells.into_iter().enumerate() {
            if i > 0 {
                self.text.push(',');
            }
            self.text.push_str(&cell(&c));
        }
        self.text.push_str("\r\n");
    }
}

/// The amount as an exact decimal string and its ISO code (empty where
/// the vendor stated none).
fn amount_cells(payment: &Payment) -> (String, String) {
    match &payment.amount {
        Some(m) => {
            let code = if m.currency.is_stated() {
                m.currency.code().to_string()
            } else {
                String::new()
            };
            (m.amount.to_string(), code)
        }
        None => (String::new(), String::new()),
    }
}

/// One cell: neutralised if a spreadsheet would run it, quoted if it
/// holds a comma, a quote or a line break.
pub fn cell(value: &str) -> String {
    let risky = value.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(value);
    let value = if risky {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// `-12.50`, `3`, `+4.1`: digits with one optional sign and one optional
/// decimal point.
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// A file name that says what a file holds: `what`, the filters as
/// `name-value` pairs and the day, in lower-case letters, digits and
/// dashes (`reviewrover-status-pending-2026-11-29.csv`).
pub fn file_name(what: &str, filters: &[(String, String)], day: &str) -> String {
    let mut parts = vec![what.to_string()];
    for (k, v) in filters {
        parts.push(k.clone());
        parts.push(v.clone());
    }
    parts.push(day.to_string());
    let mut name = String::new();
    for part in parts {
        for c in part.chars() {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_alphanumeric() {
                name.push(c);
            } else if !name.ends_with('-') && !name.is_empty() {
                name.push('-');
            }
        }
        if !name.ends_with('-') && !name.is_empty() {
            name.push('-');
        }
    }
    let name: String = name.trim_end_matches('-').chars().take(120).collect();
    format!("{}.csv", if name.is_empty() { "payments" } else { &name })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{Currency, Money};
    use crate::payment::{PaymentStatus, StatusKind};
    use crate::vendors;
    use crate::zone::Fixed;
    use chrono::{TimeZone, Utc};
    use rust_decimal::Decimal;

    fn payment() -> Payment {
        let mut p = Payment::new(vendors::ALL[0], "pay_1".into(), &Default::default());
        p.amount = Some(Money::new(
            Decimal::new(-123_450, 4),
            Currency::from_code("KWD").unwrap(),
        ));
        p.status = PaymentStatus {
            kind: StatusKind::Refunded,
            raw: vec!["refunded".into(), "partly, by card".into()],
        };
        p.occurred_at = Some(Moment::At(
            Utc.with_ymd_and_hms(2025, 3, 9, 23, 30, 5).unwrap(),
        ));
        p.created_at = Some(Moment::Day(
            chrono::NaiveDate::from_ymd_opt(2025, 3, 9).unwrap(),
        ));
        p.counterparty = Some("=HYPERLINK(\"http://x\")".into());
        p.reference = Some("line\nbreak".into());
        p
    }

    #[test]
    fn a_payment_is_one_exact_row_under_the_heading() {
        let mut csv = Csv::new();
        csv.push("Reviews, EU", &payment(), &Fixed::utc());
        let lines: Vec<&str> = csv.text().split("\r\n").collect();
        assert_eq!(lines[0], COLUMNS.join(","));
        assert_eq!(
            csv.text().split_once("\r\n").unwrap().1,
            "\"Reviews, EU\",ReviewRover,pay_1,2025-03-09T23:30:05Z,2025-03-09,-12.345,KWD,refunded,\"refunded, partly, by card\",\"'=HYPERLINK(\"\"http://x\"\")\",\"line\nbreak\",UTC\r\n"
        );
        assert_eq!(csv.rows(), 1);
    }

    #[test]
    fn a_file_can_hold_the_columns_a_list_shows() {
        let profile = vendors::ALL[0].profile();
        let created = *crate::columns::Column::all(profile)
            .iter()
            .find(|c| c.heading(profile) == crate::keys::word::CREATED)
            .expect("ReviewRover documents created_at");
        let columns = [Column::Id, Column::Amount, created, Column::Status];
        let mut csv = Csv::shown(&columns, profile);
        let mut p = payment();
        p.fields
            .push(("created_at".into(), serde_json::json!(1741563005)));
        let conn = Connection {
            id: "c".into(),
            vendor: vendors::ALL[0],
            name: "c".into(),
            base_url: "http://x".into(),
            credentials: crate::connection::Credentials::none(),
            scope: crate::connection::Scope::all(),
            currency: None,
        };
        csv.push_shown(&conn, &p, &columns, &Fixed::utc());
        assert_eq!(
            csv.text(),
            "ID,Amount,Currency,Created,Status,Time zone\r\npay_1,-12.345,KWD,2025-03-09T23:30:05Z,\"refunded, partly, by card\",UTC\r\n"
        );
        assert_eq!(csv.rows(), 1);
    }

    #[test]
    fn times_are_written_in_the_zone_named_in_the_file() {
        let berlin = Fixed {
            name: "Europe/Berlin".into(),
            offset: 3600,
        };
        let mut csv = Csv::new();
        csv.push("x", &payment(), &berlin);
        let row = csv.text().split("\r\n").nth(1).unwrap_or_default();
        // The instant moves to 10 March there; the vendor's calendar date
        // stays as sent.
        assert!(
            row.starts_with("x,ReviewRover,pay_1,2025-03-10T00:30:05+01:00,2025-03-09,"),
            "{row}"
        );
        assert!(row.ends_with(",Europe/Berlin"), "{row}");
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(cell("=1+2"), "'=1+2");
        assert_eq!(cell("+1+2"), "'+1+2");
        assert_eq!(cell("-1+2"), "'-1+2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("-12.50"), "-12.50");
        assert_eq!(cell("+4"), "+4");
        assert_eq!(cell("-"), "'-");
        assert_eq!(cell("-.5"), "'-.5");
        assert_eq!(cell("a=b"), "a=b");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn an_amount_without_a_currency_leaves_the_currency_empty() {
        let mut p = payment();
        p.amount = Some(Money::new(Decimal::new(5, 0), Currency::unstated()));
        let mut csv = Csv::new();
        csv.push("x", &p, &Fixed::utc());
        assert!(csv.text().contains(",5,,refunded,"), "{}", csv.text());
    }

    #[test]
    fn the_file_name_says_what_it_holds() {
        let filters = vec![("status".to_string(), "Pending Ä".to_string())];
        assert_eq!(
            file_name("ReviewRover", &filters, "2026-11-29"),
            "reviewrover-status-pending-2026-11-29.csv"
        );
        assert_eq!(
            file_name("All payments", &[], "2026-11-29"),
            "all-payments-2026-11-29.csv"
        );
        assert_eq!(file_name("", &[], ""), "payments.csv");
    }
}
