//! Field-level validation shared by the console's forms and the sandbox:
//! each rule returns `Ok` or a sentence a person understands, and
//! [`FieldErrors`] collects them by field name.

use rust_decimal::Decimal;

use crate::error::FieldError;
use crate::money::{parse_decimal, Currency};
use crate::time::{self, Moment};

/// Errors keyed by field, in the order the fields were checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// Records the outcome of one rule for `field`; the first error for a
    /// field wins.
    pub fn check<T>(&mut self, field: &str, outcome: Result<T, String>) -> Option<T> {
        match outcome {
            Ok(v) => Some(v),
            Err(message) => {
                if self.get(field).is_none() {
                    self.0.push(FieldError {
                        field: field.to_string(),
                        message,
                    });
                }
                None
            }
        }
    }

    /// The message for `field`, if it has one.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A value that must be present and not blank.
pub fn required(label: &str, value: Option<&str>) -> Result<String, String> {
    match value.map(str::trim) {
        Some(v) if !v.is_empty() => Ok(v.to_string()),
        _ => Err(format!("{label} is required.")),
    }
}

/// Text no longer than `max` characters.
pub fn max_length(label: &str, value: &str, max: usize) -> Result<(), String> {
    if value.chars().count() > max {
        Err(format!("{label} must be at most {max} characters."))
    } else {
        Ok(())
    }
}

/// A non-negative amount with no more decimals than the currency has.
pub fn amount(label: &str, text: &str, currency: &Currency) -> Result<Decimal, String> {
    let d = parse_decimal(text).map_err(|_| format!("{label} must be a number, such as 75.00."))?;
    if d.is_sign_negative() && !d.is_zero() {
        return Err(format!("{label} cannot be negative."));
    }
    let digits = currency.minor_units();
    // Where nobody stated the currency its digits are unknown: the vendor
    // judges them.
    if currency.is_stated() && d.normalize().scale() > digits {
        return Err(match digits {
            0 => format!("{label} must be a whole number in {currency}."),
            1 => format!("{label} can have at most 1 decimal place in {currency}."),
            n => format!("{label} can have at most {n} decimal places in {currency}."),
        });
    }
    Ok(d)
}

/// A date or date-time in any form [`time::parse_text`] reads.
pub fn timestamp(label: &str, text: &str) -> Result<Moment, String> {
    match time::parse_text(text) {
        Ok(Some(m)) => Ok(m),
        _ => Err(format!(
            "{label} must be a date such as 2025-02-17 or a time such as 2025-02-17T14:30:00Z."
        )),
    }
}

/// One of a fixed set of words.
pub fn one_of(label: &str, value: &str, allowed: &[&str]) -> Result<(), String> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(format!("{label} must be one of: {}.", allowed.join(", ")))
    }
}

/// Text a request can carry in a header as typed: printable ASCII only (a
/// browser refuses line breaks and characters past U+00FF, and tokens,
/// keys and device ids are ASCII). The message names the first character
/// that does not fit, such as a pasted zero-width space.
pub fn header_value(label: &str, value: &str) -> Result<(), String> {
    match value.chars().find(|c| !(' '..='~').contains(c)) {
        None => Ok(()),
        Some(c) if c.is_control() => Err(format!(
            "{label} cannot hold a line break or control character (U+{:04X}).",
            u32::from(c)
        )),
        Some(c) => Err(format!(
            "{label} can hold only plain ASCII letters, digits and symbols: remove \"{c}\" (U+{:04X}).",
            u32::from(c)
        )),
    }
}

/// A three-letter currency code that `known` knows (a vendor's profile:
/// ISO 4217, or the codes it declares, such as Whop's `ETH`).
pub fn currency_code(
    label: &str,
    text: &str,
    known: impl Fn(&str) -> Option<Currency>,
) -> Result<Currency, String> {
    known(text)
        .filter(|_| text.trim().len() == 3)
        .ok_or_else(|| format!("{label} must be a three-letter currency code such as USD."))
}

/// A whole number between `min` and `max`.
pub fn whole_number_in(label: &str, text: &str, min: u64, max: u64) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "{label} must be a whole number from {min} to {max}."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_are_plain_ascii() {
        assert_eq!(header_value("Token", "rr_demo_token-1.2~x"), Ok(()));
        let zwsp = header_value("Token", "abc\u{200b}").unwrap_err();
        assert!(
            zwsp.contains("U+200B") && zwsp.starts_with("Token"),
            "{zwsp}"
        );
        let curly = header_value("Device ID", "Ada\u{2019}s phone").unwrap_err();
        assert!(
            curly.contains("’") && curly.contains("Device ID"),
            "{curly}"
        );
        let crlf = header_value("API key", "k\r\nX-Evil: 1").unwrap_err();
        assert!(crlf.contains("line break"), "{crlf}");
    }

    fn usd() -> Currency {
        Currency::usd()
    }

    #[test]
    fn required_rejects_blank() {
        assert_eq!(
            required("Contact ID", Some("  ")).unwrap_err(),
            "Contact ID is required."
        );
        assert_eq!(
            required("Contact ID", None).unwrap_err(),
            "Contact ID is required."
        );
        assert_eq!(required("Contact ID", Some(" c1 ")).unwrap(), "c1");
    }

    #[test]
    fn amounts_respect_sign_and_currency_digits() {
        assert_eq!(
            amount("Amount", "75.00", &usd()).unwrap(),
            Decimal::new(7500, 2)
        );
        assert_eq!(
            amount("Amount", "-1", &usd()).unwrap_err(),
            "Amount cannot be negative."
        );
        assert_eq!(
            amount("Amount", "1.005", &usd()).unwrap_err(),
            "Amount can have at most 2 decimal places in USD."
        );
        let jpy = Currency::from_code("JPY").unwrap();
        assert_eq!(
            amount("Amount", "10.5", &jpy).unwrap_err(),
            "Amount must be a whole number in JPY."
        );
        assert!(amount("Amount", "10.50", &jpy).is_err());
        assert!(amount("Amount", "10.0", &jpy).is_ok());
        assert!(amount("Amount", "ten", &usd())
            .unwrap_err()
            .contains("must be a number"));
    }

    #[test]
    fn timestamps_ranges_and_choices() {
        assert!(timestamp("Event date", "2025-02-17").is_ok());
        assert!(timestamp("Event date", "2025-02-30").is_err());
        assert!(one_of("Status", "completed", &["completed", "pending"]).is_ok());
        assert_eq!(
            one_of("Status", "x", &["a", "b"]).unwrap_err(),
            "Status must be one of: a, b."
        );
        assert_eq!(whole_number_in("Limit", "100", 1, 100).unwrap(), 100);
        assert!(whole_number_in("Limit", "101", 1, 100).is_err());
        assert!(whole_number_in("Limit", "0", 1, 100).is_err());
    }

    #[test]
    fn currency_codes_are_checked() {
        let iso = Currency::from_code;
        assert_eq!(currency_code("Currency", "eur", iso).unwrap().code(), "EUR");
        assert!(
            currency_code("Currency", "eth", iso).is_err(),
            "not ISO 4217"
        );
        let eth = |c: &str| (c.eq_ignore_ascii_case("eth")).then(|| Currency::declared("ETH", 8));
        assert_eq!(
            currency_code("Currency", "eth", eth).unwrap().minor_units(),
            8
        );
        assert!(currency_code("Currency", "EURO", iso).is_err());
        assert!(currency_code("Currency", "ZZZ", iso).is_err());
    }

    #[test]
    fn first_error_per_field_wins() {
        let mut errs = FieldErrors::default();
        errs.check::<()>("amount", Err("first".into()));
        errs.check::<()>("amount", Err("second".into()));
        assert_eq!(errs.check("status", Ok(3)), Some(3));
        assert_eq!(errs.get("amount"), Some("first"));
        assert_eq!(errs.0.len(), 1);
        assert!(max_length("Note", "abcd", 3).is_err());
    }
}
