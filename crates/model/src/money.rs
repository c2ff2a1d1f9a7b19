//! Exact money: a [`rust_decimal::Decimal`] amount with a [`Currency`].
//!
//! Minor units come from the ISO 4217 table of the `iso_currency` crate
//! (JPY 0, USD 2, KWD 3). A vendor may bill in codes that are not ISO
//! currencies; it declares them with their precision in its profile
//! (`Profile::currencies`), and only that vendor's reading makes them
//! ([`Currency::declared`], through `Profile::currency`): this module
//! knows ISO 4217 and nothing of vendors. Codes are kept upper-case
//! whatever case the vendor sends.
//!
//! Vendors encode amounts five ways; each has a constructor here so that no
//! float ever holds an amount:
//! decimal strings ([`Money::parse`]), JSON numbers ([`Money::from_json`]),
//! integer minor units ([`Money::from_minor_units`]) and JSON floats, read as
//! the shortest decimal that round-trips ([`decimal_from_f64`]).

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A currency code (upper-case) with its number of minor-unit digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency {
    code: String,
    minor_units: u32,
}

impl Currency {
    /// An ISO 4217 currency, by its code in any case; `None` for any
    /// other code.
    pub fn from_code(code: &str) -> Option<Currency> {
        let upper = code.trim().to_ascii_uppercase();
        let iso = iso_currency::Currency::from_code(&upper)?;
        Some(Currency {
            code: upper,
            minor_units: iso.exponent().map(u32::from).unwrap_or(0),
        })
    }

    /// A currency a vendor declares beside ISO 4217 (Whop's `ETH`), with
    /// its number of minor-unit digits.
    pub fn declared(code: &str, minor_units: u32) -> Currency {
        Currency {
            code: code.trim().to_ascii_uppercase(),
            minor_units,
        }
    }

    /// The currency of an amount whose currency nobody stated: the vendor
    /// sent none and the person did not confirm one. Its code is empty; it
    /// is shown as a plain number and never added to a stated currency.
    pub fn unstated() -> Currency {
        Currency {
            code: String::new(),
            minor_units: 0,
        }
    }

    /// Whether the currency is known (not [`Currency::unstated`]).
    pub fn is_stated(&self) -> bool {
        !self.code.is_empty()
    }

    /// United States dollars, the default where a vendor names no currency.
    pub fn usd() -> Currency {
        Currency {
            code: "USD".to_string(),
            minor_units: 2,
        }
    }

    /// The upper-case code, such as `USD`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// How many digits follow the decimal point in this currency.
    pub fn minor_units(&self) -> u32 {
        self.minor_units
    }

    /// Whether the code is an ISO 4217 currency (and not one a vendor
    /// declares beside them), which decides whether `Intl.NumberFormat` can
    /// show a symbol.
    pub fn is_iso(&self) -> bool {
        iso_currency::Currency::from_code(&self.code).is_some()
    }
}

impl TryFrom<String> for Currency {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        if value.is_empty() {
            return Ok(Currency::unstated());
        }
        // A declared currency travels with its precision: `ETH:8`.
        if let Some((code, digits)) = value.split_once(':') {
            let digits: u32 = digits
                .parse()
                .ok()
                .filter(|d| *d <= 18)
                .ok_or_else(|| format!("unknown currency {value:?}"))?;
            if code.len() < 2 || code.len() > 8 || !code.bytes().all(|b| b.is_ascii_alphanumeric())
            {
                return Err(format!("unknown currency {value:?}"));
            }
            return Ok(Currency::declared(code, digits));
        }
        Currency::from_code(&value).ok_or_else(|| format!("unknown currency code {value:?}"))
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        if !c.is_stated() || c.is_iso() {
            return c.code;
        }
        format!("{}:{}", c.code, c.minor_units)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

/// An exact amount in a currency.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub amount: Decimal,
    pub currency: Currency,
}

impl Money {
    /// An amount, shown with at least the currency's minor-unit digits
    /// (`75` USD becomes `75.00`); extra digits are kept, never rounded.
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        // With no stated currency the digits are not known: keep them as
        // sent (`125.50` stays `125.50`).
        if !currency.is_stated() {
            return Money { amount, currency };
        }
        let mut amount = amount.normalize();
        if amount.scale() < currency.minor_units {
            amount.rescale(currency.minor_units);
        }
        Money { amount, currency }
    }

    /// Parses a decimal string such as `"75.00"` or `"-3.5"`.
    pub fn parse(text: &str, currency: Currency) -> Result<Money, String> {
        parse_decimal(text).map(|d| Money::new(d, currency))
    }

    /// Reads a JSON string or number (also MongoDB extended JSON such as
    /// `{"$numberDecimal": "1.50"}`). Numbers are read from their JSON text
    /// as the shortest decimal that round-trips, so `96.6` is `96.60` USD.
    pub fn from_json(value: &serde_json::Value, currency: Currency) -> Result<Money, String> {
        match crate::json::plain(value).as_ref() {
            serde_json::Value::String(s) => Money::parse(s, currency),
            serde_json::Value::Number(n) => {
                let d = if let Some(i) = n.as_i64() {
                    Decimal::from(i)
                } else if let Some(u) = n.as_u64() {
                    Decimal::from(u)
                } else {
                    let f = n.as_f64().ok_or("not a finite number")?;
                    decimal_from_f64(f)?
                };
                Ok(Money::new(d, currency))
            }
            other => Err(format!(
                "expected an amount, found {}",
                crate::json::kind(other)
            )),
        }
    }

    /// An amount given as an integer count of minor units (2cloud cents).
    pub fn from_minor_units(units: i64, currency: Currency) -> Money {
        let scale = currency.minor_units;
        Money::new(Decimal::new(units, scale), currency)
    }

    /// The amount as an integer count of minor units, if it has no more
    /// digits than the currency allows and fits in an `i64`.
    pub fn to_minor_units(&self) -> Option<i64> {
        if self.amount.normalize().scale() > self.currency.minor_units {
            return None;
        }
        let factor = Decimal::from(10i64.checked_pow(self.currency.minor_units)?);
        let units = self.amount.checked_mul(factor)?;
        i64::try_from(units.trunc()).ok()
    }

    /// The amount as plain decimal text, with the currency's digits.
    pub fn amount_text(&self) -> String {
        self.amount.to_string()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.currency.is_stated() {
            write!(f, "{} {}", self.amount, self.currency)
        } else {
            write!(f, "{}", self.amount)
        }
    }
}

/// Parses decimal text (also `1e3` forms), rejecting anything else.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("an amount is empty".to_string());
    }
    Decimal::from_str(t)
        .or_else(|_| Decimal::from_scientific(t))
        .map_err(|_| format!("{t:?} is not a decimal number"))
}

/// An amount as a person typed it in a language whose decimal mark is
/// `mark`, in the form [`parse_decimal`] reads: with `,` as the mark,
/// `1.234,50` and `1 234,50` are `1234.50`, `75,5` is `75.5`, and dots
/// that group thousands (`1.500`) group them; with `.`, commas that group
/// thousands (`1,234.50`) are dropped. Anything else (`75.00` in German,
/// a typo) is returned as typed, for validation to accept or refuse as
/// before: a separator is never guessed.
pub fn read_typed_amount(text: &str, mark: char) -> String {
    let typed = text.trim();
    let (sign, body) = match typed.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", typed),
    };
    let groups: &[char] = if mark == ',' {
        &['.', ' ', '\u{a0}', '\u{202f}']
    } else {
        &[',', ' ', '\u{a0}', '\u{202f}']
    };
    let (whole, fraction) = match body.rsplit_once(mark) {
        Some((w, f)) if !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()) => (w, Some(f)),
        Some(_) => return typed.to_string(),
        None => (body, None),
    };
    let Some(digits) = ungrouped(whole, groups) else {
        return typed.to_string();
    };
    let grouped = digits.len() != whole.len();
    match fraction {
        Some(f) => format!("{sign}{digits}.{f}"),
        // Without the mark, only thousands groups are read (`1.500`);
        // plain digits, or `75.00` in German, stay as typed.
        None if grouped => format!("{sign}{digits}"),
        None => typed.to_string(),
    }
}

/// `whole` without its thousands groups: plain digits, or 1 to 3 digits
/// then groups of 3, all split by one and the same of `groups`.
fn ungrouped(whole: &str, groups: &[char]) -> Option<String> {
    if !whole.is_empty() && whole.chars().all(|c| c.is_ascii_digit()) {
        return Some(whole.to_string());
    }
    let sep = whole.chars().find(|c| groups.contains(c))?;
    let mut parts = whole.split(sep);
    let first = parts.next()?;
    let first_ok = (1..=3).contains(&first.len()) && first.chars().all(|c| c.is_ascii_digit());
    let rest: Vec<&str> = parts.collect();
    let rest_ok = rest
        .iter()
        .all(|p| p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()));
    (first_ok && rest_ok && !rest.is_empty()).then(|| whole.replace(sep, ""))
}

/// The shortest decimal that reads back as the same `f64`: Rust prints
/// floats that way, so `96.6` becomes `96.6`, never `96.5999…`.
pub fn decimal_from_f64(f: f64) -> Result<Decimal, String> {
    if !f.is_finite() {
        return Err("not a finite number".to_string());
    }
    parse_decimal(&format!("{f}")).or_else(|_| parse_decimal(&format!("{f:e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_typed_the_language_s_way_are_read() {
        for (typed, mark, read) in [
            ("1.234,50", ',', "1234.50"),
            ("1 234,5", ',', "1234.5"),
            ("1\u{202f}234\u{202f}567,89", ',', "1234567.89"),
            ("75,00", ',', "75.00"),
            ("-3,5", ',', "-3.5"),
            ("1.500", ',', "1500"),
            ("75.00", ',', "75.00"),
            ("1,234.50", '.', "1234.50"),
            ("1,500", '.', "1500"),
            ("75.00", '.', "75.00"),
            (" 42 ", '.', "42"),
        ] {
            assert_eq!(
                read_typed_amount(typed, mark),
                read,
                "{typed:?} with {mark:?}"
            );
        }
        // Never a guess: what is not an amount of that language stays as
        // typed, and validation refuses it.
        for (typed, mark) in [
            ("12,345,6", ','),
            ("1.23,4", ','),
            ("1,5", '.'),
            ("1,23.4", '.'),
            ("1..5", ','),
            (",5", ','),
            ("abc", ','),
        ] {
            assert_eq!(
                read_typed_amount(typed, mark),
                typed,
                "{typed:?} with {mark:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn a_german_written_amount_reads_back_exactly(cents in 0i64..1_000_000_000_000) {
            let d = Decimal::new(cents, 2);
            let plain = d.to_string();
            let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, "00"));
            let mut grouped = String::new();
            for (i, c) in whole.chars().enumerate() {
                if i > 0 && (whole.len() - i) % 3 == 0 {
                    grouped.push('.');
                }
                grouped.push(c);
            }
            let german = format!("{grouped},{fraction}");
            proptest::prop_assert_eq!(parse_decimal(&read_typed_amount(&german, ',')).ok(), Some(d));
        }

        #[test]
        fn reading_any_typed_text_never_panics(text in "\\PC*") {
            let _ = read_typed_amount(&text, ',');
            let _ = read_typed_amount(&text, '.');
        }
    }
    use proptest::prelude::*;
    use serde_json::json;

    fn c(code: &str) -> Currency {
        Currency::from_code(code).unwrap()
    }

    #[test]
    fn minor_units_follow_iso_4217() {
        assert_eq!(c("JPY").minor_units(), 0);
        assert_eq!(c("usd").minor_units(), 2);
        assert_eq!(c("KWD").minor_units(), 3);
        assert_eq!(c("usd").code(), "USD");
        assert!(Currency::from_code("XYZ").is_none());
    }

    #[test]
    fn a_declared_code_is_not_iso_and_travels_with_its_digits() {
        assert!(Currency::from_code("ETH").is_none(), "ISO 4217 only");
        let eth = Currency::declared("eth", 8);
        assert_eq!(
            (eth.code(), eth.minor_units(), eth.is_iso()),
            ("ETH", 8, false)
        );
        assert!(c("usd").is_iso());
        assert_eq!(String::from(eth.clone()), "ETH:8");
        assert_eq!(Currency::try_from("ETH:8".to_string()), Ok(eth));
        assert_eq!(String::from(c("EUR")), "EUR");
        assert!(Currency::try_from("ETH".to_string()).is_err());
        assert!(Currency::try_from("E<H:8".to_string()).is_err());
    }

    #[test]
    fn amounts_gain_the_currency_digits_and_keep_extra_ones() {
        assert_eq!(Money::parse("75", c("USD")).unwrap().amount_text(), "75.00");
        assert_eq!(
            Money::parse("75.000", c("USD")).unwrap().amount_text(),
            "75.00"
        );
        assert_eq!(
            Money::parse("1.005", c("USD")).unwrap().amount_text(),
            "1.005"
        );
        assert_eq!(
            Money::parse("1500", c("JPY")).unwrap().amount_text(),
            "1500"
        );
        assert_eq!(
            Money::parse("1.5", c("KWD")).unwrap().amount_text(),
            "1.500"
        );
    }

    #[test]
    fn floats_become_the_shortest_exact_decimal() {
        let m = Money::from_json(&json!(96.6), c("USD")).unwrap();
        assert_eq!(m.amount_text(), "96.60");
        let m = Money::from_json(&json!(0.1), c("USD")).unwrap();
        assert_eq!(m.amount_text(), "0.10");
        let m = Money::from_json(&json!(10.23), c("USD")).unwrap();
        assert_eq!(m.amount, Decimal::new(1023, 2));
    }

    #[test]
    fn strings_and_numbers_both_decode() {
        assert_eq!(
            Money::from_json(&json!("75.00"), c("USD"))
                .unwrap()
                .amount_text(),
            "75.00"
        );
        assert_eq!(
            Money::from_json(&json!(75), c("USD"))
                .unwrap()
                .amount_text(),
            "75.00"
        );
        assert!(Money::from_json(&json!("7,5"), c("USD")).is_err());
        assert!(Money::from_json(&json!(null), c("USD")).is_err());
        assert!(Money::from_json(&json!([1]), c("USD")).is_err());
    }

    #[test]
    fn minor_units_round_trip() {
        let m = Money::from_minor_units(12345, c("USD"));
        assert_eq!(m.amount_text(), "123.45");
        assert_eq!(m.to_minor_units(), Some(12345));
        assert_eq!(
            Money::parse("1.005", c("USD")).unwrap().to_minor_units(),
            None
        );
        assert_eq!(Money::from_minor_units(500, c("JPY")).amount_text(), "500");
    }

    #[test]
    fn an_unstated_currency_keeps_the_digits_sent_and_shows_no_code() {
        let m = Money::parse("125.5", Currency::unstated()).unwrap();
        assert_eq!(m.to_string(), "125.5");
        assert!(!m.currency.is_stated());
        let j = serde_json::to_value(&m).unwrap();
        assert_eq!(serde_json::from_value::<Money>(j).unwrap(), m);
    }

    #[test]
    fn extended_json_numbers_are_amounts() {
        let m = Money::from_json(&json!({"$numberDecimal": "10.23"}), c("USD")).unwrap();
        assert_eq!(m.amount, Decimal::new(1023, 2));
        let m = Money::from_json(&json!({"$numberLong": "7"}), c("USD")).unwrap();
        assert_eq!(m.amount_text(), "7.00");
    }

    #[test]
    fn currency_serializes_as_its_code() {
        let m = Money::parse("1", c("eur")).unwrap();
        let j = serde_json::to_value(&m).unwrap();
        assert_eq!(j["currency"], json!("EUR"));
        let back: Money = serde_json::from_value(j).unwrap();
        assert_eq!(back, m);
    }

    proptest! {
        #[test]
        fn minor_units_survive_exactly(units in any::<i64>(), code in prop::sample::select(vec!["USD", "JPY", "KWD"])) {
            let m = Money::from_minor_units(units, c(code));
            prop_assert_eq!(m.to_minor_units(), Some(units));
            let text = m.amount_text();
            prop_assert_eq!(Money::parse(&text, c(code)).unwrap(), m);
        }

        #[test]
        fn floats_never_panic(f in any::<f64>()) {
            let _ = decimal_from_f64(f);
        }

        #[test]
        fn cents_read_from_floats_are_exact(cents in -10_000_000_000i64..10_000_000_000i64) {
            let text = Decimal::new(cents, 2).to_string();
            let f: f64 = text.parse().unwrap();
            let d = decimal_from_f64(f).unwrap();
            prop_assert_eq!(d, Decimal::new(cents, 2));
        }

        #[test]
        fn parse_never_panics(s in ".{0,40}") {
            let _ = Money::parse(&s, Currency::usd());
        }
    }
}
