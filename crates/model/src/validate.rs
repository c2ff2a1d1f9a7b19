//! Field-level validation shared by the console's forms, the simulators
//! and the gateway's configuration: each rule returns `Ok` or a
//! [`ModelMessage`] naming the field by its label (a word of the
//! catalog), and [`FieldErrors`] collects them by field name.

use rust_decimal::Decimal;

use crate::error::FieldError;
use crate::keys::Key;
use crate::message::{Message, ModelMessage};
use crate::money::{parse_decimal, Currency};
use crate::time::{self, Moment};

/// Errors keyed by field, in the order the fields were checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// Records the outcome of one rule for `field`; the first error for a
    /// field wins.
    pub fn check<T>(&mut self, field: &str, outcome: Result<T, impl Into<Message>>) -> Option<T> {
        match outcome {
            Ok(v) => Some(v),
            Err(message) => {
                self.record(field, message.into());
                None
            }
        }
    }

    /// Records `message` for `field` unless it has one already.
    #[inline(never)]
    fn record(&mut self, field: &str, message: Message) {
        if self.get(field).is_none() {
            self.0.push(FieldError {
                field: field.to_string(),
                message,
            });
        }
    }

    /// The message for `field`, if it has one.
    pub fn get(&self, field: &str) -> Option<&Message> {
        self.0.iter().find(|e| e.field == field).map(|e| &e.message)
    }

    /// The message for `field` in English (the server's logs and
    /// configuration errors, the simulators' answers).
    pub fn english(&self, field: &str) -> Option<String> {
        self.get(field).map(ToString::to_string)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A value that must be present and not blank.
pub fn required(label: Key, value: Option<&str>) -> Result<String, ModelMessage> {
    match value.map(str::trim) {
        Some(v) if !v.is_empty() => Ok(v.to_string()),
        _ => Err(ModelMessage::Required { label }),
    }
}

/// Text no longer than `max` characters.
pub fn max_length(label: Key, value: &str, max: usize) -> Result<(), ModelMessage> {
    if value.chars().count() > max {
        Err(ModelMessage::TooLong {
            label,
            max: max as u64,
        })
    } else {
        Ok(())
    }
}

/// A non-negative amount with no more decimals than the currency has.
pub fn amount(label: Key, text: &str, currency: &Currency) -> Result<Decimal, ModelMessage> {
    let d = parse_decimal(text).map_err(|_| ModelMessage::NotANumber { label })?;
    if d.is_sign_negative() && !d.is_zero() {
        return Err(ModelMessage::Negative { label });
    }
    let digits = currency.minor_units();
    // Where nobody stated the currency its digits are unknown: the vendor
    // judges them.
    if currency.is_stated() && d.normalize().scale() > digits {
        let currency = currency.to_string();
        return Err(match digits {
            0 => ModelMessage::WholeIn { label, currency },
            1 => ModelMessage::OneDecimalIn { label, currency },
            n => ModelMessage::DecimalsIn {
                label,
                places: u64::from(n),
                currency,
            },
        });
    }
    Ok(d)
}

/// A date or date-time in any form [`time::parse_text`] reads.
pub fn timestamp(label: Key, text: &str) -> Result<Moment, ModelMessage> {
    match time::parse_text(text) {
        Ok(Some(m)) => Ok(m),
        _ => Err(ModelMessage::NotATime { label }),
    }
}

/// A date (`YYYY-MM-DD`).
pub fn day(label: Key, text: &str) -> Result<(), ModelMessage> {
    match time::parse_text(text) {
        Ok(Some(Moment::Day(_))) => Ok(()),
        _ => Err(ModelMessage::NotADay { label }),
    }
}

/// One of a fixed set of words.
pub fn one_of(label: Key, value: &str, allowed: &[&str]) -> Result<(), ModelMessage> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(ModelMessage::NotOneOf {
            label,
            values: allowed.join(", "),
        })
    }
}

/// Text a request can carry in a header as typed: printable ASCII only (a
/// browser refuses line breaks and characters past U+00FF, and tokens,
/// keys and device ids are ASCII). The message names the first character
/// that does not fit, such as a pasted zero-width space.
pub fn header_value(label: Key, value: &str) -> Result<(), ModelMessage> {
    match value.chars().find(|c| !(' '..='~').contains(c)) {
        None => Ok(()),
        Some(c) if c.is_control() => Err(ModelMessage::ControlCharacter {
            label,
            code: format!("{:04X}", u32::from(c)),
        }),
        Some(c) => Err(ModelMessage::NotAscii {
            label,
            char: c.to_string(),
            code: format!("{:04X}", u32::from(c)),
        }),
    }
}

/// A three-letter currency code that `known` knows (a vendor's profile:
/// ISO 4217, or the codes it declares, such as Whop's `ETH`).
pub fn currency_code(
    label: Key,
    text: &str,
    known: impl Fn(&str) -> Option<Currency>,
) -> Result<Currency, ModelMessage> {
    known(text)
        .filter(|_| text.trim().len() == 3)
        .ok_or(ModelMessage::NotACurrency { label })
}

/// A whole number between `min` and `max`.
pub fn whole_number_in(label: Key, text: &str, min: u64, max: u64) -> Result<u64, ModelMessage> {
    match text.trim().parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ModelMessage::WholeNumberRange { label, min, max }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::word;

    fn english<T: std::fmt::Debug>(r: Result<T, ModelMessage>) -> String {
        Message::from(r.unwrap_err()).to_string()
    }

    #[test]
    fn header_values_are_plain_ascii() {
        assert_eq!(header_value(word::TOKEN, "rr_demo_token-1.2~x"), Ok(()));
        let zwsp = english(header_value(word::TOKEN, "abc\u{200b}"));
        assert!(
            zwsp.contains("U+200B") && zwsp.starts_with("Token"),
            "{zwsp}"
        );
        let curly = english(header_value(word::DEVICE_ID, "Ada\u{2019}s phone"));
        assert!(
            curly.contains("’") && curly.contains("Device ID"),
            "{curly}"
        );
        let crlf = english(header_value(word::API_KEY, "k\r\nX-Evil: 1"));
        assert!(crlf.contains("line break"), "{crlf}");
    }

    fn usd() -> Currency {
        Currency::usd()
    }

    #[test]
    fn required_rejects_blank() {
        assert_eq!(
            required(word::CONTACT_ID, Some("  ")),
            Err(ModelMessage::Required {
                label: word::CONTACT_ID
            })
        );
        assert_eq!(
            english(required(word::CONTACT_ID, None)),
            "Contact ID is required."
        );
        assert_eq!(required(word::CONTACT_ID, Some(" c1 ")).unwrap(), "c1");
    }

    #[test]
    fn amounts_respect_sign_and_currency_digits() {
        assert_eq!(
            amount(word::AMOUNT, "75.00", &usd()).unwrap(),
            Decimal::new(7500, 2)
        );
        assert_eq!(
            english(amount(word::AMOUNT, "-1", &usd())),
            "Amount cannot be negative."
        );
        assert_eq!(
            english(amount(word::AMOUNT, "1.005", &usd())),
            "Amount can have at most 2 decimal places in USD."
        );
        let jpy = Currency::from_code("JPY").unwrap();
        assert_eq!(
            english(amount(word::AMOUNT, "10.5", &jpy)),
            "Amount must be a whole number in JPY."
        );
        assert!(amount(word::AMOUNT, "10.50", &jpy).is_err());
        assert!(amount(word::AMOUNT, "10.0", &jpy).is_ok());
        assert_eq!(
            amount(word::AMOUNT, "ten", &usd()),
            Err(ModelMessage::NotANumber {
                label: word::AMOUNT
            })
        );
    }

    #[test]
    fn timestamps_ranges_and_choices() {
        assert!(timestamp(word::EVENT_DATE, "2025-02-17").is_ok());
        assert!(timestamp(word::EVENT_DATE, "2025-02-30").is_err());
        assert!(one_of(word::STATUS, "completed", &["completed", "pending"]).is_ok());
        assert_eq!(
            english(one_of(word::STATUS, "x", &["a", "b"])),
            "Status must be one of: a, b."
        );
        assert_eq!(whole_number_in(word::STATUS, "100", 1, 100).unwrap(), 100);
        assert!(whole_number_in(word::STATUS, "101", 1, 100).is_err());
        assert!(whole_number_in(word::STATUS, "0", 1, 100).is_err());
        assert!(day(word::FROM_DATE, "2025-02-17").is_ok());
        assert!(day(word::FROM_DATE, "2025-02-17T10:00:00Z").is_err());
    }

    #[test]
    fn currency_codes_are_checked() {
        let iso = Currency::from_code;
        let c = word::CURRENCY;
        assert_eq!(currency_code(c, "eur", iso).unwrap().code(), "EUR");
        assert!(currency_code(c, "eth", iso).is_err(), "not ISO 4217");
        let eth = |c: &str| (c.eq_ignore_ascii_case("eth")).then(|| Currency::declared("ETH", 8));
        assert_eq!(currency_code(c, "eth", eth).unwrap().minor_units(), 8);
        assert!(currency_code(c, "EURO", iso).is_err());
        assert!(currency_code(c, "ZZZ", iso).is_err());
    }

    #[test]
    fn first_error_per_field_wins() {
        let mut errs = FieldErrors::default();
        errs.check::<()>("amount", Err(Message::said("first")));
        errs.check::<()>("amount", Err(Message::said("second")));
        assert_eq!(errs.check("status", Ok::<_, Message>(3)), Some(3));
        assert_eq!(errs.get("amount"), Some(&Message::said("first")));
        assert_eq!(errs.0.len(), 1);
        assert!(max_length(word::DESCRIPTION, "abcd", 3).is_err());
    }
}
