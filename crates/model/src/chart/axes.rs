//! A volume chart laid out for drawing: a value axis from zero to a round
//! top in three to five steps of 1, 2, 2.5 or 5 times a power of ten; the
//! buckets' slots across the plot, each bar between [`MIN_BAR`] and
//! [`MAX_BAR`] wide and centred in its slot, so one bar never fills the
//! chart and ten thousand payments' bars stay visible; and which buckets
//! carry a date label, so labels never crowd, with the parts of the date
//! each label needs. Figures stay decimals; only positions are floats.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::{share, Step};

/// The widest a bar is drawn, in pixels.
pub const MAX_BAR: f64 = 40.0;
/// The narrowest a bar is drawn, in pixels.
pub const MIN_BAR: f64 = 1.0;

/// The value axis: its ticks, from zero to the top.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueAxis {
    pub ticks: Vec<Decimal>,
}

impl ValueAxis {
    /// The axis for bars up to `peak`: the smallest round step giving at
    /// most five steps up to or past the peak (0 to 1 when there is
    /// nothing to show).
    pub fn for_peak(peak: Decimal) -> ValueAxis {
        if peak <= Decimal::ZERO {
            return ValueAxis {
                ticks: vec![Decimal::ZERO, Decimal::ONE],
            };
        }
        let ten = Decimal::TEN;
        let quarter = peak / Decimal::from(4);
        // The power of ten at or below a quarter of the peak.
        let mut power = Decimal::ONE;
        while let Some(up) = power.checked_mul(ten).filter(|p| *p <= quarter) {
            power = up;
        }
        while power > quarter && power > Decimal::new(1, 26) {
            power /= ten;
        }
        let step = [
            Decimal::ONE,
            Decimal::TWO,
            Decimal::new(25, 1),
            Decimal::from(5),
            ten,
        ]
        .iter()
        .filter_map(|m| power.checked_mul(*m))
        .find(|s| {
            s.checked_mul(Decimal::from(5))
                .is_none_or(|top| peak <= top)
        })
        .unwrap_or(peak);
        let steps = (peak / step).ceil();
        let mut ticks = vec![Decimal::ZERO];
        let mut tick = Decimal::ZERO;
        let mut i = Decimal::ZERO;
        while i < steps {
            match tick.checked_add(step) {
                Some(t) => tick = t,
                None => break,
            }
            ticks.push(tick.normalize());
            i += Decimal::ONE;
        }
        ValueAxis { ticks }
    }

    /// The value at the top of the axis.
    pub fn top(&self) -> Decimal {
        self.ticks.last().copied().unwrap_or(Decimal::ONE)
    }

    /// How high `value` reaches, from 0 (the axis) to 1 (the top).
    pub fn height_of(&self, value: Decimal) -> f64 {
        share(value, self.top())
    }
}

/// Where buckets go across a plot: each has a slot of equal width, its
/// bar centred in it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slots {
    /// A slot's width.
    pub slot: f64,
    /// A bar's width.
    pub bar: f64,
}

impl Slots {
    /// `count` slots across `width` pixels.
    pub fn across(count: usize, width: f64) -> Slots {
        let slot = width.max(0.0) / count.max(1) as f64;
        let bar = (slot * 0.8).clamp(MIN_BAR, MAX_BAR).min(slot.max(MIN_BAR));
        Slots { slot, bar }
    }

    /// The left edge of bar `i`'s slot.
    pub fn slot_x(&self, i: usize) -> f64 {
        i as f64 * self.slot
    }

    /// The left edge of bar `i`.
    pub fn bar_x(&self, i: usize) -> f64 {
        self.slot_x(i) + (self.slot - self.bar) / 2.0
    }

    /// The middle of slot `i`.
    pub fn middle(&self, i: usize) -> f64 {
        self.slot_x(i) + self.slot / 2.0
    }
}

/// The bar the key named `key` (as the browser names it) moves to from
/// bar `i` of `count`: the arrows one along (right and up later, left and
/// down earlier), Home the first, End the last; `None` for any other key.
pub fn bar_after_key(key: &str, i: usize, count: usize) -> Option<usize> {
    let last = count.saturating_sub(1);
    Some(match key {
        "ArrowRight" | "ArrowUp" => (i + 1).min(last),
        "ArrowLeft" | "ArrowDown" => i.saturating_sub(1),
        "Home" => 0,
        "End" => last,
        _ => return None,
    })
}

/// The buckets (by index) that carry a date label when `room` labels fit:
/// every k-th from the first, k as small as fits.
pub fn date_marks(buckets: usize, room: usize) -> Vec<usize> {
    if buckets == 0 {
        return Vec::new();
    }
    let every = buckets.div_ceil(room.max(1)).max(1);
    (0..buckets).step_by(every).collect()
}

/// The parts of a date a label shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateParts {
    pub day: bool,
    pub month: bool,
    pub year: bool,
}

/// What the label of a bucket starting on `start` shows, `before` being
/// the previous label's bucket: day and month for days and weeks, the
/// month for months, the year for years; the year too on the first label
/// and wherever it changed.
pub fn label_parts(step: Step, start: NaiveDate, before: Option<NaiveDate>) -> DateParts {
    let new_year = before.is_none_or(|b| b.year() != start.year());
    match step {
        Step::Day | Step::Week => DateParts {
            day: true,
            month: true,
            year: new_year,
        },
        Step::Month => DateParts {
            day: false,
            month: true,
            year: new_year,
        },
        Step::Year => DateParts {
            day: false,
            month: false,
            year: true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_move_along_the_bars_and_stop_at_the_ends() {
        assert_eq!(bar_after_key("ArrowRight", 3, 5), Some(4));
        assert_eq!(bar_after_key("ArrowUp", 4, 5), Some(4));
        assert_eq!(bar_after_key("ArrowLeft", 0, 5), Some(0));
        assert_eq!(bar_after_key("Home", 3, 5), Some(0));
        assert_eq!(bar_after_key("End", 0, 5), Some(4));
        assert_eq!(bar_after_key("Enter", 2, 5), None);
    }

    fn axis(peak: &str) -> Vec<String> {
        ValueAxis::for_peak(peak.parse().unwrap())
            .ticks
            .iter()
            .map(|t| t.to_string())
            .collect()
    }

    #[test]
    fn the_value_axis_is_round_and_reaches_the_peak_in_three_to_five_steps() {
        assert_eq!(axis("1250.00"), ["0", "250", "500", "750", "1000", "1250"]);
        assert_eq!(axis("7"), ["0", "2", "4", "6", "8"]);
        assert_eq!(axis("100"), ["0", "20", "40", "60", "80", "100"]);
        assert_eq!(axis("101"), ["0", "25", "50", "75", "100", "125"]);
        assert_eq!(axis("0.03"), ["0", "0.01", "0.02", "0.03"]);
        assert_eq!(
            axis("12345678.90"),
            ["0", "2500000", "5000000", "7500000", "10000000", "12500000"]
        );
        assert_eq!(axis("0"), ["0", "1"]);
        assert_eq!(axis("-5"), ["0", "1"]);
        for peak in [
            "0.01",
            "1",
            "3.33",
            "49.99",
            "999",
            "1000.01",
            "86400",
            "700000000000000000000",
        ] {
            let a = ValueAxis::for_peak(peak.parse().unwrap());
            let p: Decimal = peak.parse().unwrap();
            assert!(a.top() >= p, "{peak}: {:?}", a.ticks);
            assert!((4..=6).contains(&a.ticks.len()), "{peak}: {:?}", a.ticks);
            assert!(a.height_of(p) > 0.5, "{peak}: the peak uses the height");
        }
    }

    #[test]
    fn the_largest_amounts_make_an_axis_without_overflow() {
        let a = ValueAxis::for_peak(Decimal::MAX);
        assert!(a.ticks.len() >= 2);
        assert_eq!(a.height_of(Decimal::ZERO), 0.0);
    }

    #[test]
    fn one_bar_is_narrow_and_ten_thousand_stay_visible() {
        let one = Slots::across(7, 700.0);
        assert_eq!(one.bar, MAX_BAR);
        assert_eq!(one.bar_x(6), 600.0 + 30.0);
        let many = Slots::across(120, 600.0);
        assert!((many.bar - 4.0).abs() < 1e-9);
        let crowded = Slots::across(10_000, 600.0);
        assert_eq!(crowded.bar, MIN_BAR);
        let none = Slots::across(0, 600.0);
        assert_eq!(none.bar, MAX_BAR);
        assert_eq!(one.middle(0), 50.0);
    }

    #[test]
    fn date_labels_are_spaced_to_fit() {
        assert_eq!(date_marks(7, 8), [0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(date_marks(64, 8), [0, 8, 16, 24, 32, 40, 48, 56]);
        assert_eq!(date_marks(10, 3), [0, 4, 8]);
        assert_eq!(date_marks(0, 5), Vec::<usize>::new());
        assert_eq!(date_marks(5, 0), [0]);
    }

    #[test]
    fn a_label_names_the_year_first_and_where_it_changes() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let p = label_parts(Step::Day, d(2025, 12, 30), None);
        assert!(p.day && p.month && p.year);
        let p = label_parts(Step::Week, d(2025, 12, 29), Some(d(2025, 12, 22)));
        assert!(p.day && p.month && !p.year);
        let p = label_parts(Step::Day, d(2026, 1, 1), Some(d(2025, 12, 31)));
        assert!(p.year);
        let p = label_parts(Step::Month, d(2026, 2, 1), Some(d(2026, 1, 1)));
        assert!(!p.day && p.month && !p.year);
        let p = label_parts(Step::Year, d(2026, 1, 1), Some(d(2025, 1, 1)));
        assert!(!p.day && !p.month && p.year);
    }
}
