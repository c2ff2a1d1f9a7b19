//! Every timestamp shape the vendors send, decoded to `chrono` values.
//!
//! A [`Moment`] is either an instant (UTC) or a calendar date, because some
//! vendors send bare dates (`YYYY-MM-DD`) that are not instants in any zone.
//! The zero time `0001-01-01T00:00:00Z`, empty strings and `null` mean
//! "not set" and decode to `None`. Epoch numbers are seconds or
//! milliseconds depending on the vendor, so the caller says which.
//!
//! Text is read and written by the small exact functions below rather than
//! chrono's general `strftime` machinery, which would cost the browser
//! download tens of kilobytes for formats no vendor uses.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
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
            Moment::At(t) => {
                let nanos = t.nanosecond() % 1_000_000_000;
                let fraction = if nanos == 0 {
                    String::new()
                } else if nanos % 1_000_000 == 0 {
                    format!(".{:03}", nanos / 1_000_000)
                } else if nanos % 1_000 == 0 {
                    format!(".{:06}", nanos / 1_000)
                } else {
                    format!(".{nanos:09}")
                };
                format!(
                    "{}T{:02}:{:02}:{:02}{fraction}Z",
                    date_text(t.date_naive()),
                    t.hour(),
                    t.minute(),
                    t.second()
                )
            }
            Moment::Day(d) => date_text(*d),
        }
    }

    /// RFC 3339 in UTC for an instant; a date becomes its UTC midnight.
    pub fn instant_text(&self) -> String {
        match self {
            Moment::At(_) => self.exact(),
            Moment::Day(d) => format!("{}T00:00:00Z", date_text(*d)),
        }
    }

    /// Whole seconds since the epoch (dates count from their UTC midnight).
    pub fn epoch_seconds(&self) -> i64 {
        self.epoch_millis().div_euclid(1000)
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
    let bad = || format!("{t:?} is not a date or time");
    let date = t.get(..10).and_then(parse_date).ok_or_else(bad)?;
    let rest = t.get(10..).ok_or_else(bad)?;
    if rest.is_empty() {
        return Ok(Some(Moment::Day(date)));
    }
    let rest = rest.strip_prefix(['T', 't', ' ']).ok_or_else(bad)?;
    let instant = parse_time_and_zone(date, rest).ok_or_else(bad)?;
    Ok(not_zero(instant))
}

/// `YYYY-MM-DD`, exactly ten ASCII characters.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(
        digits(s.get(0..4)?)? as i32,
        digits(s.get(5..7)?)?,
        digits(s.get(8..10)?)?,
    )
}

/// `HH:MM[:SS[.fraction]][zone]`; no zone means UTC.
fn parse_time_and_zone(date: NaiveDate, s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() < 5 || b[2] != b':' {
        return None;
    }
    let with_seconds = b.len() >= 8 && b[5] == b':';
    // `get` rather than slicing: the text may hold multi-byte characters
    // anywhere, and a byte range must never split one.
    let (h, m) = (digits(s.get(0..2)?)?, digits(s.get(3..5)?)?);
    let sec = if with_seconds {
        digits(s.get(6..8)?)?
    } else {
        0
    };
    let mut rest = s.get(if with_seconds { 8.. } else { 5.. })?;
    let mut nanos = 0u32;
    if let Some(frac) = rest.strip_prefix('.') {
        let len = frac.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 {
            return None;
        }
        // Digits past nanoseconds are dropped, as chrono does.
        let kept = &frac[..len.min(9)];
        nanos = digits(kept)? * 10u32.pow(9 - kept.len() as u32);
        rest = &frac[len..];
    }
    let offset_secs = zone_offset(rest)?;
    // A leap second (:60) is kept as chrono represents it.
    let time = if sec == 60 {
        NaiveTime::from_hms_nano_opt(h, m, 59, 1_000_000_000 + nanos)?
    } else {
        NaiveTime::from_hms_nano_opt(h, m, sec, nanos)?
    };
    let local = date.and_time(time).and_utc();
    local.checked_sub_signed(Duration::seconds(offset_secs))
}

/// The offset of a zone suffix in seconds east of UTC: empty or `Z` is
/// zero; `±HH:MM`, `±HHMM` and `±HH` are read (all three occur in the
/// wild, though RFC 3339 has only the first).
fn zone_offset(zone: &str) -> Option<i64> {
    if matches!(zone, "" | "Z" | "z") {
        return Some(0);
    }
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let rest = zone.get(1..)?;
    let (oh, om) = match rest.len() {
        2 => (digits(rest)?, 0),
        4 => (digits(rest.get(0..2)?)?, digits(rest.get(2..4)?)?),
        5 if rest.as_bytes()[2] == b':' => (digits(rest.get(0..2)?)?, digits(rest.get(3..5)?)?),
        _ => return None,
    };
    if oh > 23 || om > 59 {
        return None;
    }
    Some(sign * (i64::from(oh) * 3600 + i64::from(om) * 60))
}

/// A run of ASCII digits as a number (no sign, no spaces).
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

pub(crate) fn date_text(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
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
/// number in `unit` (also as text or extended JSON such as
/// `{"$numberLong": "…"}`), or `{"$date": …}` (always milliseconds, or
/// text).
pub fn decode(value: &Value, unit: EpochUnit) -> Result<Option<Moment>, String> {
    match crate::json::plain(value).as_ref() {
        Value::Null => Ok(None),
        Value::String(s) => {
            let t = s.trim();
            let epoch = t.strip_prefix('-').unwrap_or(t);
            if !epoch.is_empty() && epoch.len() <= 16 && epoch.bytes().all(|b| b.is_ascii_digit()) {
                let n: i64 = t.parse().map_err(|_| format!("{t:?} is not a time"))?;
                return from_epoch(n, unit);
            }
            parse_text(s)
        }
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
        other => Err(format!("{} is not a time", crate::json::kind(other))),
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
    fn offsets_in_every_common_form_and_epochs_in_text() {
        let want = at("2025-02-17T00:00:34Z");
        for text in [
            "2025-02-17T02:00:34+02:00",
            "2025-02-17T02:00:34+0200",
            "2025-02-17T02:00:34+02",
            "2025-02-16T19:00:34-05:00",
            "2025-02-17 00:00:34z",
        ] {
            assert_eq!(parse_text(text).unwrap(), Some(want), "{text}");
        }
        assert_eq!(
            parse_text("2025-02-17T02:00").unwrap(),
            Some(at("2025-02-17T02:00:00Z"))
        );
        let secs = want.epoch_seconds();
        assert_eq!(
            decode(&json!(secs.to_string()), EpochUnit::Seconds).unwrap(),
            Some(want)
        );
        assert_eq!(
            decode(
                &json!({"$date": {"$numberLong": (secs * 1000).to_string()}}),
                EpochUnit::Seconds
            )
            .unwrap(),
            Some(want)
        );
        assert_eq!(
            decode(
                &json!({"$date": "2025-02-17T00:00:34Z"}),
                EpochUnit::Seconds
            )
            .unwrap(),
            Some(want)
        );
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

    #[test]
    fn malformed_text_is_rejected() {
        for bad in [
            "2025-02-17T",
            "2025-02-17T25:00:00Z",
            "2025-02-17T10",
            "2025-2-17",
            "2025-02-17T10:00:00+010",
            "2025-02-17T10:00:00.Z",
            "2025-02-17X10:00:00Z",
            "+2025-02-17",
            "2025-02-17T10:00:00+24:00",
            "2025-02-17T10:00:00 Z",
        ] {
            assert!(parse_text(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn exact_text_keeps_sub_second_precision() {
        for s in [
            "2025-02-17T02:00:34.5Z",
            "2025-02-17T02:00:34.000123Z",
            "2025-02-17T02:00:34.000000001Z",
        ] {
            let m = parse_text(s).unwrap().unwrap();
            assert_eq!(parse_text(&m.exact()).unwrap().unwrap(), m, "{s}");
        }
        assert_eq!(
            at("2025-02-17T02:00:34.5Z").exact(),
            "2025-02-17T02:00:34.500Z"
        );
    }

    #[test]
    fn a_poisoned_filter_value_is_refused_not_fatal() {
        // `reversedSince=2025-01-01T12%3A34%3A5%E2%82%AC` in an address.
        let err = parse_text("2025-01-01T12:34:5€").unwrap_err();
        assert!(err.contains("is not a date or time"), "{err}");
        assert!(parse_text("2025-01-01T12:34:56+0€:00").is_err());
        assert!(parse_text("202€-01-01").is_err());
    }

    proptest! {
        #[test]
        fn agrees_with_chrono_on_rfc3339(
            secs in -62_135_596_799i64..253_402_300_799,
            nanos in prop::sample::select(vec![0u32, 5_000_000, 123_456_000, 987_654_321]),
            offset_min in -1439i32..1439,
        ) {
            let t = Utc.timestamp_opt(secs, nanos).unwrap();
            let zone = chrono::FixedOffset::east_opt(offset_min * 60).unwrap();
            let text = t.with_timezone(&zone).to_rfc3339();
            let ours = parse_text(&text).unwrap();
            let theirs = DateTime::parse_from_rfc3339(&text).unwrap().with_timezone(&Utc);
            prop_assert_eq!(ours, not_zero(theirs));
            if let Some(m) = ours {
                prop_assert_eq!(m.exact(), theirs.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
            }
        }

        #[test]
        fn text_never_panics(s in ".{0,40}") {
            let _ = parse_text(&s);
        }

        /// Arbitrary characters (any plane, any width) put into every
        /// position of well-formed timestamps, where byte slicing would
        /// split them.
        #[test]
        fn multibyte_characters_anywhere_never_panic(
            base in prop::sample::select(vec![
                "2025-01-01T12:34:56Z",
                "2025-01-01T12:34:56.789+05:30",
                "2025-01-01 12:34:56",
                "2025-01-01",
            ]),
            at in 0usize..40,
            c in any::<char>(),
            replace in any::<bool>(),
        ) {
            let mut chars: Vec<char> = base.chars().collect();
            let at = at.min(chars.len());
            if replace && at < chars.len() {
                chars[at] = c;
            } else {
                chars.insert(at, c);
            }
            let text: String = chars.into_iter().collect();
            if let Ok(Some(m)) = parse_text(&text) {
                // Whatever is read must be the moment the text says.
                prop_assert_eq!(parse_text(&m.exact()).unwrap(), Some(m));
            }
        }

        #[test]
        fn numbers_never_panic(n in any::<i64>(), f in any::<f64>()) {
            let _ = decode(&json!(n), EpochUnit::Seconds);
            let _ = decode(&json!(n), EpochUnit::Millis);
            let _ = decode(&json!(f), EpochUnit::Seconds);
        }
    }
}
