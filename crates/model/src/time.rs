//! Every timestamp shape the vendors send, decoded to `chrono` values.
//!
//! A [`Moment`] is either an instant (UTC) or a calendar date, because some
//! vendors send bare dates (`YYYY-MM-DD`) that are not instants in any zone.
//! The zero time `0001-01-01T00:00:00Z`, empty strings and `null` mean
//! "not set" and decode to `None`. Epoch numbers are seconds or
//! milliseconds depending on the vendor, so the caller says which.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A point in time, or a calendar date where the vendor sends only a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Moment {
    At(DateTime<Utc>),
    Day(NaiveDate),
}

impl Moment {
    /// The exact value as the console shows it next to local time: RFC 3339
    /// in UTC for instants, `YYYY-MM-DD` for dates.
    pub fn exact(&self) -> String {
        match self {
            Moment::At(t) => t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            Moment::Day(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    /// Milliseconds since the epoch (dates count from their UTC midnight),
    /// for handing to the browser's date formatting.
    pub fn epoch_millis(&self) -> i64 {
        match self {
            Moment::At(t) => t.timestamp_millis(),
            Moment::Day(d) => d
                .and_hms_opt(0, 0, 0)
                .map(|n| n.and_utc().timestamp_millis())
                .unwrap_or(0),
        }
    }
}

/// How a vendor counts epoch numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EpochUnit {
    Seconds,
    Millis,
}

/// Parses text: RFC 3339 with or without fractions, a date-time without a
/// zone (read as UTC), or a bare date. Empty text and the zero time are
/// `Ok(None)`.
pub fn parse_text(text: &str) -> Result<Option<Moment>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(not_zero(dt.with_timezone(&Utc)));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(t, fmt) {
            return Ok(not_zero(n.and_utc()));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(Some(Moment::Day(d)));
    }
    Err(format!("{t:?} is not a date or time"))
}

/// An epoch number in the given unit.
pub fn from_epoch(n: i64, unit: EpochUnit) -> Result<Option<Moment>, String> {
    let t = match unit {
        EpochUnit::Seconds => Utc.timestamp_opt(n, 0).single(),
        EpochUnit::Millis => Utc.timestamp_millis_opt(n).single(),
    };
    t.map(not_zero)
        .ok_or_else(|| format!("{n} is outside the range of dates"))
}

/// Decodes any JSON shape a vendor uses for a time: `null`, text, an epoch
/// number in `unit`, or `{"$date": ms}` (always milliseconds).
pub fn decode(value: &Value, unit: EpochUnit) -> Result<Option<Moment>, String> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => parse_text(s),
        Value::Number(n) => match n.as_i64() {
            Some(i) => from_epoch(i, unit),
            None => match n.as_f64() {
                // Some services send epoch seconds with a fraction.
                Some(f) if f.is_finite() && f.abs() < 1e15 => {
                    let millis = match unit {
                        EpochUnit::Seconds => (f * 1000.0).round() as i64,
                        EpochUnit::Millis => f.round() as i64,
                    };
                    from_epoch(millis, EpochUnit::Millis)
                }
                _ => Err(format!("{n} is not a time")),
            },
        },
        Value::Object(map) => match map.get("$date") {
            Some(inner) => decode(inner, EpochUnit::Millis),
            None => Err("an object without \"$date\" is not a time".to_string()),
        },
        other => Err(format!("{} is not a time", crate::money::json_kind(other))),
    }
}

fn not_zero(t: DateTime<Utc>) -> Option<Moment> {
    // 0001-01-01T00:00:00Z is what Go services send for "never".
    if t.timestamp() == -62_135_596_800 {
        None
    } else {
        Some(Moment::At(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn at(s: &str) -> Moment {
        Moment::At(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
    }

    #[test]
    fn rfc3339_with_and_without_fractions() {
        assert_eq!(
            parse_text("2025-02-17T02:00:34Z").unwrap(),
            Some(at("2025-02-17T02:00:34Z"))
        );
        assert_eq!(
            parse_text("2025-02-17T02:00:34.250+02:00").unwrap(),
            Some(at("2025-02-17T00:00:34.25Z"))
        );
        assert_eq!(
            parse_text("2025-02-17T02:00:34").unwrap(),
            Some(at("2025-02-17T02:00:34Z"))
        );
    }

    #[test]
    fn dates_stay_dates() {
        let d = parse_text("2024-03-01").unwrap().unwrap();
        assert_eq!(d, Moment::Day(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()));
        assert_eq!(d.exact(), "2024-03-01");
    }

    #[test]
    fn not_set_values_are_none() {
        assert_eq!(parse_text("0001-01-01T00:00:00Z").unwrap(), None);
        assert_eq!(parse_text("").unwrap(), None);
        assert_eq!(decode(&json!(null), EpochUnit::Seconds).unwrap(), None);
    }

    #[test]
    fn epochs_in_both_units_and_mongo_dates() {
        let want = at("2023-11-14T22:13:20Z");
        assert_eq!(
            decode(&json!(1_700_000_000), EpochUnit::Seconds).unwrap(),
            Some(want)
        );
        assert_eq!(
            decode(&json!(1_700_000_000_000i64), EpochUnit::Millis).unwrap(),
            Some(want)
        );
        assert_eq!(
            decode(&json!({"$date": 1_700_000_000_000i64}), EpochUnit::Seconds).unwrap(),
            Some(want)
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(parse_text("yesterday").is_err());
        assert!(decode(&json!(true), EpochUnit::Seconds).is_err());
        assert!(decode(&json!({"when": 1}), EpochUnit::Seconds).is_err());
        assert!(decode(&json!(i64::MAX), EpochUnit::Seconds).is_err());
        assert!(decode(&json!(1e300), EpochUnit::Seconds).is_err());
    }

    #[test]
    fn exact_text_is_utc_rfc3339() {
        let m = decode(&json!(1_700_000_000), EpochUnit::Seconds)
            .unwrap()
            .unwrap();
        assert_eq!(m.exact(), "2023-11-14T22:13:20Z");
        assert_eq!(m.epoch_millis(), 1_700_000_000_000);
    }

    proptest! {
        #[test]
        fn text_never_panics(s in ".{0,40}") {
            let _ = parse_text(&s);
        }

        #[test]
        fn numbers_never_panic(n in any::<i64>(), f in any::<f64>()) {
            let _ = decode(&json!(n), EpochUnit::Seconds);
            let _ = decode(&json!(n), EpochUnit::Millis);
            let _ = decode(&json!(f), EpochUnit::Seconds);
        }
    }
}
