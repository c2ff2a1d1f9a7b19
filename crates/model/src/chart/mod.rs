//! The volume of what a list shows, over time: per currency (amounts in
//! different currencies are never added together), per day, or per week
//! (from Monday) when the payments span more than nine weeks, per month
//! past 120 weeks and per year past 120 months (so a chart never has more
//! than about 120 bars), each bucket split by status kind. A span of
//! days is at least a week long (it ends on the last payment's day), so a
//! single payment is one bar among seven, not a block across the chart.
//! Volume is the sum of the amounts' sizes, so a refund sent as a negative
//! amount adds to its day's volume like any payment. Payments without a
//! date, an amount or a stated currency are counted as not charted.
//! [`axes`] lays the figures out for drawing.

pub mod axes;

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::Decimal;

use crate::money::Money;
use crate::payment::{Payment, StatusKind};
use crate::workspace::STATUS_KINDS;
use crate::zone::Offsets;

/// The fewest days a chart counted in days spans.
pub const MIN_DAYS: i64 = 7;

/// How long one bucket is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Day,
    Week,
    Month,
    Year,
}

impl Step {
    /// "day", "week", "month" or "year".
    pub fn word(self) -> &'static str {
        match self {
            Step::Day => "day",
            Step::Week => "week",
            Step::Month => "month",
            Step::Year => "year",
        }
    }

    /// The step for payments from `first` to `last`.
    fn for_span(first: NaiveDate, last: NaiveDate) -> Step {
        let days = (last - first).num_days();
        if days <= 63 {
            Step::Day
        } else if days <= 7 * 120 {
            Step::Week
        } else if days <= 3650 {
            Step::Month
        } else {
            Step::Year
        }
    }

    /// The first day of the bucket holding `d`.
    pub fn start_of(self, d: NaiveDate) -> NaiveDate {
        match self {
            Step::Day => d,
            Step::Week => d - Duration::days(i64::from(d.weekday().num_days_from_monday())),
            Step::Month => d.with_day(1).unwrap_or(d),
            Step::Year => d.with_ordinal(1).unwrap_or(d),
        }
    }

    /// The first day of the bucket after the one starting on `start`.
    fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Step::Day => start + Duration::days(1),
            Step::Week => start + Duration::days(7),
            Step::Month => start
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(NaiveDate::MAX),
            Step::Year => start
                .checked_add_months(chrono::Months::new(12))
                .unwrap_or(NaiveDate::MAX),
        }
    }
}

/// One day's or week's volume in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bucket {
    /// Its first day.
    pub start: NaiveDate,
    /// The volume per status kind, in [`STATUS_KINDS`] order, kinds with
    /// none left out.
    pub by_status: Vec<(StatusKind, Decimal)>,
    pub total: Decimal,
}

/// One currency's buckets, every day or week from the first to the last,
/// empty ones included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    pub currency: String,
    pub buckets: Vec<Bucket>,
}

/// `part` as a share of `whole`, from 0 to 1 (0 where `whole` is not
/// positive): for drawing only, never for money.
pub fn share(part: Decimal, whole: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    if whole <= Decimal::ZERO {
        return 0.0;
    }
    (part / whole).to_f64().unwrap_or(0.0).clamp(0.0, 1.0)
}

/// The sum of `values`, saturating (an amount past `Decimal::MAX` is
/// left out rather than wrapped).
fn sum(values: impl IntoIterator<Item = Decimal>) -> Decimal {
    values
        .into_iter()
        .fold(Decimal::ZERO, |t, v| t.checked_add(v).unwrap_or(t))
}

impl Series {
    /// The volume of every bucket together.
    pub fn total(&self) -> Decimal {
        sum(self.buckets.iter().map(|b| b.total))
    }

    /// The volume per status kind over every bucket, in [`STATUS_KINDS`]
    /// order, kinds with none left out.
    pub fn by_status(&self) -> Vec<(StatusKind, Decimal)> {
        STATUS_KINDS
            .iter()
            .filter_map(|k| {
                let of_kind: Vec<Decimal> = self
                    .buckets
                    .iter()
                    .flat_map(|b| &b.by_status)
                    .filter(|(kind, _)| kind == k)
                    .map(|(_, v)| *v)
                    .collect();
                (!of_kind.is_empty()).then(|| (*k, sum(of_kind)))
            })
            .collect()
    }

    /// The largest bucket's total.
    pub fn peak(&self) -> Decimal {
        self.buckets
            .iter()
            .map(|b| b.total)
            .max()
            .unwrap_or_default()
    }
}

/// The chart's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Volume {
    pub step: Step,
    /// One per currency, in code order.
    pub series: Vec<Series>,
    /// Payments left out: no date, no amount, or no stated currency.
    pub uncharted: usize,
}

/// What `p` adds to a chart, where it has a date: its amount, when it
/// has one in a stated currency.
fn charted_amount(p: &Payment) -> Option<&Money> {
    p.amount.as_ref().filter(|m| m.currency.is_stated())
}

impl Volume {
    /// How many series [`Volume::of`] gives for `payments`: one per stated
    /// currency among those with a date and an amount, counted without
    /// adding anything up (a page holds the charts' places with it while
    /// their code is on its way).
    pub fn series_count<'a>(payments: impl IntoIterator<Item = &'a Payment>) -> usize {
        // A page holds a few currencies: a list, not a tree, keeps this
        // small in the first module.
        let mut codes: Vec<&str> = Vec::new();
        let charted = payments
            .into_iter()
            .filter(|p| p.date().is_some())
            .filter_map(charted_amount);
        for m in charted {
            if !codes.contains(&m.currency.code()) {
                codes.push(m.currency.code());
            }
        }
        codes.len()
    }

    /// The volume of `payments`, by their days in `zone`.
    pub fn of<'a>(payments: impl IntoIterator<Item = &'a Payment>, zone: &dyn Offsets) -> Volume {
        let mut uncharted = 0;
        let mut dated = Vec::new();
        for p in payments {
            match (p.day_in(zone), charted_amount(p)) {
                (Some(d), Some(m)) => {
                    dated.push((
                        d,
                        m.currency.code().to_string(),
                        p.status.kind,
                        m.amount.abs(),
                    ));
                }
                _ => uncharted += 1,
            }
        }
        let first = dated.iter().map(|d| d.0).min();
        let last = dated.iter().map(|d| d.0).max();
        let step = match (first, last) {
            (Some(f), Some(l)) => Step::for_span(f, l),
            _ => Step::Day,
        };
        let start_of = |d: NaiveDate| step.start_of(d);
        let mut sums: BTreeMap<String, BTreeMap<NaiveDate, BTreeMap<usize, Decimal>>> =
            BTreeMap::new();
        for (d, code, kind, amount) in dated {
            let k = STATUS_KINDS.iter().position(|s| *s == kind).unwrap_or(0);
            let cell = sums
                .entry(code)
                .or_default()
                .entry(start_of(d))
                .or_default()
                .entry(k)
                .or_default();
            *cell = cell.checked_add(amount).unwrap_or(*cell);
        }
        let series = sums
            .into_iter()
            .map(|(currency, by_day)| {
                let (lo, hi) = match (first, last) {
                    (Some(f), Some(l)) => {
                        let hi = start_of(l);
                        let earliest = hi - Duration::days(MIN_DAYS - 1);
                        let lo = start_of(f);
                        (
                            if step == Step::Day {
                                lo.min(earliest)
                            } else {
                                lo
                            },
                            hi,
                        )
                    }
                    _ => {
                        return Series {
                            currency,
                            buckets: Vec::new(),
                        }
                    }
                };
                let mut buckets = Vec::new();
                let mut day = lo;
                while day <= hi && day != NaiveDate::MAX {
                    let by_status: Vec<(StatusKind, Decimal)> = by_day
                        .get(&day)
                        .map(|m| m.iter().map(|(k, v)| (STATUS_KINDS[*k], *v)).collect())
                        .unwrap_or_default();
                    let total = sum(by_status.iter().map(|(_, v)| *v));
                    buckets.push(Bucket {
                        start: day,
                        by_status,
                        total,
                    });
                    day = step.next(day);
                }
                Series { currency, buckets }
            })
            .collect();
        Volume {
            step,
            series,
            uncharted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{Currency, Money};
    use crate::payment::PaymentStatus;
    use crate::time::Moment;
    use crate::vendors;
    use crate::zone::Fixed;

    fn payment(day: Option<(i32, u32, u32)>, cents: i64, code: &str, kind: StatusKind) -> Payment {
        let mut p = Payment::new(vendors::ALL[0], "p".into(), &Default::default());
        p.occurred_at = day.map(|(y, m, d)| Moment::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap()));
        p.amount = Some(Money::new(
            Decimal::new(cents, 2),
            Currency::from_code(code).unwrap_or_else(Currency::unstated),
        ));
        p.status = PaymentStatus { kind, raw: vec![] };
        p
    }

    #[test]
    fn totals_split_each_currency_by_status() {
        let day = Some((2026, 3, 1));
        let payments = [
            payment(day, 1000, "USD", StatusKind::Succeeded),
            payment(day, 250, "USD", StatusKind::Succeeded),
            payment(day, 700, "USD", StatusKind::Pending),
            payment(day, 500, "EUR", StatusKind::Succeeded),
            payment(day, 100, "", StatusKind::Pending),
        ];
        let t = crate::query::Totals::of(payments.iter());
        let usd = Currency::from_code("USD").unwrap();
        let eur = Currency::from_code("EUR").unwrap();
        assert_eq!(
            t.by_status,
            [
                (eur, StatusKind::Succeeded, Decimal::new(500, 2)),
                (usd.clone(), StatusKind::Succeeded, Decimal::new(1250, 2)),
                (usd, StatusKind::Pending, Decimal::new(700, 2)),
            ]
        );
        assert_eq!(t.untotalled, 1, "no currency, in no split either");
    }

    #[test]
    fn the_series_counted_are_the_series_given() {
        let day = Some((2026, 3, 1));
        let mut payments = vec![
            payment(day, 1000, "USD", StatusKind::Succeeded),
            payment(Some((2026, 3, 2)), 500, "EUR", StatusKind::Succeeded),
            payment(day, 700, "USD", StatusKind::Pending),
            payment(None, 100, "GBP", StatusKind::Succeeded),
            payment(day, 100, "", StatusKind::Succeeded),
        ];
        let count = |ps: &[Payment]| {
            (
                Volume::series_count(ps),
                Volume::of(ps, &Fixed::utc()).series.len(),
            )
        };
        assert_eq!(count(&payments), (2, 2));
        payments[0].amount = None;
        payments[2].amount = None;
        assert_eq!(count(&payments), (1, 1));
        assert_eq!(count(&[]), (0, 0));
    }

    #[test]
    fn days_per_currency_split_by_status_with_empty_days_kept() {
        let ps = [
            payment(Some((2025, 3, 1)), 1000, "USD", StatusKind::Succeeded),
            payment(Some((2025, 3, 1)), -250, "USD", StatusKind::Refunded),
            payment(Some((2025, 3, 3)), 500, "USD", StatusKind::Succeeded),
            payment(Some((2025, 3, 2)), 700, "EUR", StatusKind::Pending),
            payment(None, 100, "USD", StatusKind::Succeeded),
            payment(Some((2025, 3, 2)), 100, "", StatusKind::Succeeded),
        ];
        let v = Volume::of(&ps, &Fixed::utc());
        assert_eq!(v.step, Step::Day);
        assert_eq!(v.uncharted, 2);
        let codes: Vec<&str> = v.series.iter().map(|s| s.currency.as_str()).collect();
        assert_eq!(codes, ["EUR", "USD"]);
        let usd = &v.series[1];
        assert_eq!(usd.buckets.len(), 7, "25 February to 3 March");
        let usd = Series {
            currency: usd.currency.clone(),
            buckets: usd.buckets[4..].to_vec(),
        };
        assert_eq!(
            usd.buckets[0].start,
            NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()
        );
        assert_eq!(usd.buckets[0].total, Decimal::new(1250, 2));
        assert_eq!(
            usd.buckets[0].by_status,
            [
                (StatusKind::Succeeded, Decimal::new(1000, 2)),
                (StatusKind::Refunded, Decimal::new(250, 2))
            ]
        );
        assert_eq!(usd.buckets[1].total, Decimal::ZERO);
        assert_eq!(usd.peak(), Decimal::new(1250, 2));
        assert_eq!(usd.total(), Decimal::new(1750, 2));
        assert_eq!(
            usd.by_status(),
            [
                (StatusKind::Succeeded, Decimal::new(1500, 2)),
                (StatusKind::Refunded, Decimal::new(250, 2))
            ]
        );
    }

    #[test]
    fn a_long_span_is_counted_in_weeks_from_monday() {
        let ps = [
            payment(Some((2025, 1, 1)), 100, "GBP", StatusKind::Succeeded),
            payment(Some((2025, 1, 5)), 100, "GBP", StatusKind::Succeeded),
            payment(Some((2025, 6, 30)), 100, "GBP", StatusKind::Succeeded),
        ];
        let v = Volume::of(&ps, &Fixed::utc());
        assert_eq!(v.step, Step::Week);
        let gbp = &v.series[0];
        assert_eq!(
            gbp.buckets[0].start,
            NaiveDate::from_ymd_opt(2024, 12, 30).unwrap()
        );
        assert_eq!(gbp.buckets[0].total, Decimal::new(200, 2));
        assert_eq!(
            gbp.buckets.last().unwrap().start,
            NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
        );
        assert_eq!(gbp.buckets.len(), 27);
    }

    #[test]
    fn shares_stay_between_nothing_and_all() {
        assert_eq!(share(Decimal::new(1, 0), Decimal::new(4, 0)), 0.25);
        assert_eq!(share(Decimal::new(5, 0), Decimal::ZERO), 0.0);
        assert_eq!(share(Decimal::new(9, 0), Decimal::new(4, 0)), 1.0);
    }

    #[test]
    fn longer_spans_are_counted_in_months_then_years() {
        let span = |y2: i32| {
            Volume::of(
                &[
                    payment(Some((2020, 1, 15)), 100, "GBP", StatusKind::Succeeded),
                    payment(Some((y2, 3, 2)), 100, "GBP", StatusKind::Succeeded),
                ],
                &Fixed::utc(),
            )
        };
        let v = span(2025);
        assert_eq!(v.step, Step::Month);
        assert_eq!(v.series[0].buckets.len(), 63);
        assert_eq!(
            v.series[0].buckets[0].start,
            NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()
        );
        let v = span(2049);
        assert_eq!(v.step, Step::Year);
        assert_eq!(v.series[0].buckets.len(), 30);
    }

    #[test]
    fn one_payment_is_one_bar_in_a_week_ending_on_its_day() {
        let v = Volume::of(
            &[payment(
                Some((2026, 3, 30)),
                100,
                "EUR",
                StatusKind::Succeeded,
            )],
            &Fixed::utc(),
        );
        assert_eq!(v.step, Step::Day);
        let b = &v.series[0].buckets;
        assert_eq!(b.len(), 7);
        assert_eq!(b[0].start, NaiveDate::from_ymd_opt(2026, 3, 24).unwrap());
        assert_eq!(b.iter().filter(|b| b.total > Decimal::ZERO).count(), 1);
        assert_eq!(b[6].total, Decimal::ONE);
    }

    #[test]
    fn nothing_to_chart_is_an_empty_volume() {
        let v = Volume::of(&[], &Fixed::utc());
        assert!(v.series.is_empty() && v.uncharted == 0);
    }
}
