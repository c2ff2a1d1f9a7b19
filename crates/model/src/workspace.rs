//! All payments: every connection's payments in one list. A
//! [`WorkspaceQuery`] holds the filters every vendor's payments can be
//! judged by once normalized (a date range, a status kind, the vendor or
//! connection, a currency, an amount range), kept in the address;
//! [`merge`] puts the payments of several lists into one, newest first by
//! each payment's own date, keeping only those the query matches.
//!
//! Dates are compared as UTC calendar days of the payment's date
//! ([`Payment::date`](crate::payment::Payment::date): its occurred date, else its creation); a payment without one matches no
//! date range and sorts after every dated one. An amount range compares
//! the amount in its own currency (so it is meant with a currency chosen);
//! a payment without an amount matches no amount range.

use crate::local::{missing_last, when};
use crate::query::ListPage;
use crate::zone::Offsets;

pub use crate::query::workspace::{WorkspaceQuery, STATUS_KINDS};

/// The positions in `page` of the payments whose id or reference is
/// `text` (ASCII letters in any case; blank finds nothing).
pub fn find_loaded(page: &ListPage, text: &str) -> Vec<usize> {
    let t = text.trim();
    if t.is_empty() {
        return Vec::new();
    }
    let same = |s: &str| s.eq_ignore_ascii_case(t);
    (0..page.items.len())
        .filter(|i| {
            let p = &page.items[*i];
            same(&p.id) || p.reference.as_deref().is_some_and(same)
        })
        .collect()
}

/// The payments of `lists` that `q` matches, as (list, position) pairs,
/// newest first by each payment's own date; payments of the same moment
/// keep the lists' order, and undated ones come last.
pub fn merge(lists: &[&ListPage], q: &WorkspaceQuery, zone: &dyn Offsets) -> Vec<(usize, usize)> {
    let mut rows: Vec<(usize, usize)> = lists
        .iter()
        .enumerate()
        .flat_map(|(l, page)| {
            page.items
                .iter()
                .enumerate()
                .filter(|(_, p)| q.matches(p, zone))
                .map(move |(i, _)| (l, i))
        })
        .collect();
    let key = |&(l, i): &(usize, usize)| when(&lists[l].items[i]);
    rows.sort_by(|a, b| missing_last(key(a), key(b), true));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{Currency, Money};
    use crate::payment::{Payment, PaymentStatus, StatusKind};
    use crate::time::Moment;
    use crate::vendors;
    use crate::zone::Fixed;
    use chrono::NaiveDate;
    use chrono::{TimeZone, Utc};
    use rust_decimal::Decimal;

    fn payment(
        id: &str,
        at: Option<(u32, u32)>,
        cents: i64,
        code: &str,
        kind: StatusKind,
    ) -> Payment {
        let mut p = Payment::new(vendors::ALL[0], id.into(), &Default::default());
        p.occurred_at =
            at.map(|(d, h)| Moment::At(Utc.with_ymd_and_hms(2025, 5, d, h, 0, 0).unwrap()));
        p.amount = Some(Money::new(
            Decimal::new(cents, 2),
            Currency::from_code(code).unwrap_or_else(Currency::unstated),
        ));
        p.status = PaymentStatus {
            kind,
            raw: vec![kind.slug().into()],
        };
        p
    }

    fn page(items: Vec<Payment>) -> ListPage {
        ListPage {
            items,
            ..ListPage::default()
        }
    }

    fn lists() -> (ListPage, ListPage) {
        let a = page(vec![
            payment("a1", Some((3, 9)), 1000, "USD", StatusKind::Succeeded),
            payment("a2", Some((1, 9)), 500, "EUR", StatusKind::Pending),
            payment("a3", None, 700, "USD", StatusKind::Succeeded),
        ]);
        let b = page(vec![
            payment("b1", Some((4, 0)), 2000, "USD", StatusKind::Refunded),
            payment("b2", Some((3, 9)), 300, "USD", StatusKind::Succeeded),
            payment("b3", Some((2, 23)), 900, "", StatusKind::Succeeded),
        ]);
        (a, b)
    }

    fn ids(lists: &[&ListPage], q: &WorkspaceQuery) -> Vec<String> {
        ids_in(lists, q, &Fixed::utc())
    }

    fn ids_in(lists: &[&ListPage], q: &WorkspaceQuery, zone: &dyn Offsets) -> Vec<String> {
        merge(lists, q, zone)
            .into_iter()
            .map(|(l, i)| lists[l].items[i].id.clone())
            .collect()
    }

    #[test]
    fn a_day_is_the_days_of_the_zone_chosen() {
        let (a, b) = lists();
        let q = WorkspaceQuery {
            from: NaiveDate::from_ymd_opt(2025, 5, 3),
            to: NaiveDate::from_ymd_opt(2025, 5, 3),
            ..WorkspaceQuery::default()
        };
        let zone = |name: &str, hours: i32| Fixed {
            name: name.into(),
            offset: hours * 3600,
        };
        // b3 (2 May 23:00 UTC) is 3 May in Berlin; b1 (4 May 00:00 UTC)
        // is still 3 May in New York.
        assert_eq!(ids(&[&a, &b], &q), ["a1", "b2"]);
        assert_eq!(
            ids_in(&[&a, &b], &q, &zone("Europe/Berlin", 2)),
            ["a1", "b2", "b3"]
        );
        assert_eq!(
            ids_in(&[&a, &b], &q, &zone("America/New_York", -4)),
            ["b1", "a1", "b2"]
        );
    }

    #[test]
    fn newest_first_across_lists_with_ties_in_list_order_and_undated_last() {
        let (a, b) = lists();
        assert_eq!(
            ids(&[&a, &b], &WorkspaceQuery::default()),
            ["b1", "a1", "b2", "b3", "a2", "a3"]
        );
    }

    #[test]
    fn filters_judge_the_normalized_payment() {
        let (a, b) = lists();
        let q = |params: &[(&str, &str)]| {
            let p: Vec<(String, String)> = params
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let (q, errors) = WorkspaceQuery::from_params(&p);
            assert!(errors.is_empty(), "{errors:?}");
            q
        };
        let both = [&a, &b];
        assert_eq!(
            ids(&both, &q(&[("status", "succeeded")])),
            ["a1", "b2", "b3", "a3"]
        );
        assert_eq!(
            ids(&both, &q(&[("from", "2025-05-02"), ("to", "2025-05-03")])),
            ["a1", "b2", "b3"]
        );
        assert_eq!(
            ids(
                &both,
                &q(&[("currency", "usd"), ("min", "7"), ("max", "10")])
            ),
            ["a1", "a3"]
        );
        assert_eq!(ids(&both, &q(&[("min", "20.00")])), ["b1"]);
    }

    #[test]
    fn totals_and_csv_of_the_merged_rows_keep_currencies_apart_and_the_order() {
        let (a, b) = lists();
        let both = [&a, &b];
        let rows = merge(&both, &WorkspaceQuery::default(), &Fixed::utc());
        let shown = rows.iter().map(|(l, i)| &both[*l].items[*i]);
        let totals = crate::query::Totals::of(shown.clone());
        let sums: Vec<(String, String)> = totals
            .sums
            .iter()
            .map(|(c, d)| (c.code().to_string(), d.to_string()))
            .collect();
        assert_eq!(
            sums,
            [
                ("EUR".into(), "5.00".into()),
                ("USD".into(), "40.00".into())
            ],
            "the unstated amount is left out, never added to USD"
        );
        assert_eq!(totals.untotalled, 1);
        // The rows of both lists, as if read page after page, in one file.
        let mut csv = crate::export::Csv::new();
        for (l, i) in &rows {
            csv.push(
                if *l == 0 { "A" } else { "B" },
                &both[*l].items[*i],
                &Fixed::utc(),
            );
        }
        let ids: Vec<&str> = csv
            .text()
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(2).unwrap_or_default())
            .collect();
        assert_eq!(ids, ["b1", "a1", "b2", "b3", "a2", "a3"]);
        assert_eq!(csv.rows(), 6);
    }

    #[test]
    fn a_payment_is_found_among_the_loaded_by_id_or_reference() {
        let (mut a, _) = lists();
        a.items[1].reference = Some("INV-7".into());
        assert_eq!(find_loaded(&a, "A3"), [2]);
        assert_eq!(find_loaded(&a, " inv-7 "), [1]);
        assert!(find_loaded(&a, "").is_empty() && find_loaded(&a, "a").is_empty());
    }

    #[test]
    fn the_address_round_trips_and_bad_values_are_named() {
        let params: Vec<(String, String)> = [
            ("from", "2025-01-01"),
            ("status", "refunded"),
            ("vendor", "whop"),
            ("currency", "GBP"),
            ("max", "99.5"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let (q, errors) = WorkspaceQuery::from_params(&params);
        assert!(errors.is_empty());
        assert_eq!(WorkspaceQuery::from_params(&q.to_params()).0, q);
        assert!(q.includes("shop", "whop") && !q.includes("shop", "builton"));
        let bad: Vec<(String, String)> = [
            ("from", "yesterday"),
            ("status", "lost"),
            ("currency", "€"),
            ("min", "5"),
            ("max", "1"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let (q, errors) = WorkspaceQuery::from_params(&bad);
        for name in ["from", "status", "currency", "max"] {
            assert!(errors.get(name).is_some(), "{name}");
        }
        assert_eq!((q.from, q.status, q.currency), (None, None, None));
    }
}
