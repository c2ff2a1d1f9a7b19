//! Time zones without a time-zone database: the browser knows every IANA
//! zone's rules (`Intl`), so the model asks an [`Offsets`] what a zone's
//! offset from UTC is at an instant and works out the rest itself: the
//! wall-clock time of an instant, the instant of a wall-clock time, the
//! first and last instant of a day, and the date presets people pick
//! instead of typing two dates ([`DatePreset`]).
//!
//! Daylight-saving changes are handled where they bite: a wall-clock time
//! that happens twice (clocks go back) means its first instant; one that
//! never happens (clocks go forward) means the instant the clocks jumped
//! at, so a day whose midnight is skipped starts when the day's clocks
//! start. A day is therefore 23, 24 or 25 hours long.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};

/// A time zone's offsets from UTC, as whatever knows its rules answers.
pub trait Offsets {
    /// The zone's IANA name (`Europe/Berlin`, `UTC`).
    fn name(&self) -> &str;
    /// Seconds east of UTC in force at `at` (seconds since the epoch).
    fn offset_at(&self, at: i64) -> i32;
}

/// A zone whose offset never changes: `UTC`, and zones in tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixed {
    pub name: String,
    /// Seconds east of UTC.
    pub offset: i32,
}

impl Fixed {
    /// Coordinated Universal Time.
    pub fn utc() -> Fixed {
        Fixed {
            name: "UTC".into(),
            offset: 0,
        }
    }
}

impl Offsets for Fixed {
    fn name(&self) -> &str {
        &self.name
    }
    fn offset_at(&self, _at: i64) -> i32 {
        self.offset
    }
}

/// The wall-clock time in `zone` at `at`.
pub fn wall_clock(at: DateTime<Utc>, zone: &dyn Offsets) -> NaiveDateTime {
    let offset = zone.offset_at(at.timestamp());
    at.naive_utc() + Duration::seconds(i64::from(offset))
}

/// The calendar date in `zone` at `at`.
pub fn local_date(at: DateTime<Utc>, zone: &dyn Offsets) -> NaiveDate {
    wall_clock(at, zone).date()
}

/// The instant `wall` names in `zone`: the earlier one where clocks went
/// back, and where clocks went forward past `wall`, the instant they
/// jumped (wall read with the offset before the jump).
pub fn instant_of(wall: NaiveDateTime, zone: &dyn Offsets) -> DateTime<Utc> {
    let as_utc = wall.and_utc().timestamp();
    // The offsets on either side of any change near `wall`.
    let before = zone.offset_at(as_utc - 86_400);
    let after = zone.offset_at(as_utc + 86_400);
    let fits = |offset: i32| {
        let t = as_utc - i64::from(offset);
        (zone.offset_at(t) == offset).then_some(t)
    };
    let secs = match (fits(before), fits(after)) {
        (Some(a), Some(b)) => a.min(b),
        (Some(t), None) | (None, Some(t)) => t,
        (None, None) => as_utc - i64::from(before),
    };
    Utc.timestamp_opt(secs, 0)
        .single()
        .unwrap_or_else(|| wall.and_utc())
}

/// The first instant of `day` in `zone`.
pub fn start_of_day(day: NaiveDate, zone: &dyn Offsets) -> DateTime<Utc> {
    instant_of(day.and_hms_opt(0, 0, 0).unwrap_or_default(), zone)
}

/// The first instant of `day` in `zone` and the last whole second of it.
pub fn day_span(day: NaiveDate, zone: &dyn Offsets) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = start_of_day(day, zone);
    let next = day
        .succ_opt()
        .map_or(start + Duration::days(1), |d| start_of_day(d, zone));
    (start, next - Duration::seconds(1))
}

/// `at` as ISO 8601 wall-clock time in `zone` with its offset
/// (`2026-03-29T03:00:00+02:00`; `Z` in UTC), for files read elsewhere.
pub fn with_offset(at: DateTime<Utc>, zone: &dyn Offsets) -> String {
    let offset = zone.offset_at(at.timestamp());
    let wall = wall_clock(at, zone);
    let clock = format!(
        "{:02}:{:02}:{:02}",
        wall.hour(),
        wall.minute(),
        wall.second()
    );
    let date = crate::time::date_text(wall.date());
    if offset == 0 {
        return format!("{date}T{clock}Z");
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let abs = offset.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs % 3600 / 60, abs % 60);
    let seconds = if s == 0 {
        String::new()
    } else {
        format!(":{s:02}")
    };
    format!("{date}T{clock}{sign}{h:02}:{m:02}{seconds}")
}

/// A wall-clock time as a `datetime-local` input writes it
/// (`YYYY-MM-DDTHH:MM`, or with `:SS`).
pub fn parse_wall(text: &str) -> Option<NaiveDateTime> {
    let (date, clock) = text.trim().split_once('T')?;
    let day = match crate::time::parse_text(date).ok()?? {
        crate::time::Moment::Day(d) => d,
        crate::time::Moment::At(_) => return None,
    };
    let mut parts = clock.split(':');
    let mut next = |optional: bool| -> Option<u32> {
        match parts.next() {
            Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => p.parse().ok(),
            None if optional => Some(0),
            _ => None,
        }
    };
    let (h, m, s) = (next(false)?, next(false)?, next(true)?);
    if parts.next().is_some() {
        return None;
    }
    day.and_hms_opt(h, m, s)
}

/// `at` as a `datetime-local` input shows it in `zone`
/// (`YYYY-MM-DDTHH:MM`, with `:SS` where the seconds are not zero).
pub fn wall_text(at: DateTime<Utc>, zone: &dyn Offsets) -> String {
    let wall = wall_clock(at, zone);
    let seconds = if wall.second() == 0 {
        String::new()
    } else {
        format!(":{:02}", wall.second())
    };
    format!(
        "{}T{:02}:{:02}{seconds}",
        crate::time::date_text(wall.date()),
        wall.hour(),
        wall.minute()
    )
}

/// A range of days people pick by name rather than typing two dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatePreset {
    Today,
    Yesterday,
    Last7Days,
    Last30Days,
    ThisMonth,
    LastMonth,
    ThisYear,
}

impl DatePreset {
    /// Every preset, in the order they are offered.
    pub const ALL: [DatePreset; 7] = [
        DatePreset::Today,
        DatePreset::Yesterday,
        DatePreset::Last7Days,
        DatePreset::Last30Days,
        DatePreset::ThisMonth,
        DatePreset::LastMonth,
        DatePreset::ThisYear,
    ];

    /// A stable word for controls, tests and the console's message keys
    /// (`preset.last-7-days`), where its words are.
    pub fn slug(self) -> &'static str {
        match self {
            DatePreset::Today => "today",
            DatePreset::Yesterday => "yesterday",
            DatePreset::Last7Days => "last-7-days",
            DatePreset::Last30Days => "last-30-days",
            DatePreset::ThisMonth => "this-month",
            DatePreset::LastMonth => "last-month",
            DatePreset::ThisYear => "this-year",
        }
    }

    /// Its words, in the catalog.
    pub fn words(self) -> crate::keys::Key {
        use crate::keys::preset as k;
        match self {
            DatePreset::Today => k::TODAY,
            DatePreset::Yesterday => k::YESTERDAY,
            DatePreset::Last7Days => k::LAST_7_DAYS,
            DatePreset::Last30Days => k::LAST_30_DAYS,
            DatePreset::ThisMonth => k::THIS_MONTH,
            DatePreset::LastMonth => k::LAST_MONTH,
            DatePreset::ThisYear => k::THIS_YEAR,
        }
    }

    /// The preset with this slug.
    pub fn from_slug(slug: &str) -> Option<DatePreset> {
        DatePreset::ALL.into_iter().find(|p| p.slug() == slug)
    }

    /// The first and last day (both included) the preset means when today
    /// is `today`. "Last 7 days" is today and the six days before it.
    pub fn days(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let back = |n: u64| {
            today
                .checked_sub_days(chrono::Days::new(n))
                .unwrap_or(today)
        };
        let first_of_month = today.with_day(1).unwrap_or(today);
        match self {
            DatePreset::Today => (today, today),
            DatePreset::Yesterday => (back(1), back(1)),
            DatePreset::Last7Days => (back(6), today),
            DatePreset::Last30Days => (back(29), today),
            DatePreset::ThisMonth => (first_of_month, today),
            DatePreset::LastMonth => {
                let last = first_of_month.pred_opt().unwrap_or(first_of_month);
                (last.with_day(1).unwrap_or(last), last)
            }
            DatePreset::ThisYear => (today.with_ordinal(1).unwrap_or(today), today),
        }
    }

    /// The preset whose days are exactly `from`..=`to` when today is
    /// `today`, if any (so a list opened from a link shows "Last 7 days"
    /// while those are its dates).
    pub fn matching(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Option<DatePreset> {
        DatePreset::ALL
            .into_iter()
            .find(|p| p.days(today) == (from, to))
    }
}

#[cfg(test)]
#[path = "zone_tests.rs"]
mod tests;
