//! Sorting and finding within a list the vendor sends whole.
//!
//! A vendor without paging (Billing Platform) answers with every payment
//! at once and has no sort parameter, so a ten-thousand-payment account is
//! one answer. A [`LocalView`] orders and narrows that answer in the
//! browser, without a new request: it yields the positions of the rows to
//! show, so the page itself is never copied. Its two settings live in the
//! address (`order`, `find`) beside the vendor's own filters.
//!
//! Finding is case-insensitive for ASCII letters and exact for every other
//! character (full Unicode case folding would cost the download its case
//! tables for little gain in ids and references).

use std::cmp::Ordering;

use crate::keys::{word as w, Key};
use crate::payment::Payment;
use crate::query::ListPage;

/// The order of the rows shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LocalOrder {
    /// As the vendor sent them.
    #[default]
    Vendor,
    Newest,
    Oldest,
    Largest,
    Smallest,
}

impl LocalOrder {
    /// Every order, with its address value and its words for people.
    pub const ALL: [(LocalOrder, &'static str, Key); 5] = [
        (LocalOrder::Vendor, "", w::AS_SENT),
        (LocalOrder::Newest, "newest", w::NEWEST_FIRST),
        (LocalOrder::Oldest, "oldest", w::OLDEST_FIRST),
        (LocalOrder::Largest, "largest", w::LARGEST_AMOUNT_FIRST),
        (LocalOrder::Smallest, "smallest", w::SMALLEST_AMOUNT_FIRST),
    ];

    /// The order an address value names; anything else is the vendor's.
    pub fn from_value(value: &str) -> LocalOrder {
        Self::ALL
            .iter()
            .find(|(_, v, _)| *v == value.trim())
            .map_or(LocalOrder::Vendor, |(o, _, _)| *o)
    }

    /// The address value of this order (empty for the vendor's).
    pub fn value(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(o, _, _)| *o == self)
            .map_or("", |(_, v, _)| v)
    }
}

/// How an unpaged list is ordered and narrowed in the browser.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocalView {
    pub order: LocalOrder,
    /// Text to find in a payment's id, reference, counterparty, status or
    /// amount; blank finds everything.
    pub find: String,
}

impl LocalView {
    /// The address parameters this view reads.
    pub const PARAMS: [&'static str; 2] = ["order", "find"];

    /// Reads the view from address parameters; unknown values fall back to
    /// the vendor's order and no text.
    pub fn from_params(params: &[(String, String)]) -> LocalView {
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
                .unwrap_or_default()
        };
        LocalView {
            order: LocalOrder::from_value(get("order")),
            find: get("find").trim().to_string(),
        }
    }

    /// The address parameters for this view, leaving out defaults.
    pub fn to_params(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if self.order != LocalOrder::Vendor {
            out.push(("order".to_string(), self.order.value().to_string()));
        }
        if !self.find.is_empty() {
            out.push(("find".to_string(), self.find.clone()));
        }
        out
    }

    /// Whether the view shows the page as the vendor sent it.
    pub fn is_plain(&self) -> bool {
        *self == LocalView::default()
    }

    /// The positions in `page.items` of the payments to show, in order.
    /// Payments without the value an order sorts by come last, in the
    /// vendor's order; the sort is stable.
    pub fn rows(&self, page: &ListPage) -> Vec<usize> {
        let needle = self.find.as_bytes();
        let mut rows: Vec<usize> = (0..page.items.len())
            .filter(|i| needle.is_empty() || matches(&page.items[*i], needle))
            .collect();
        let items = &page.items;
        let by = |a: &usize, b: &usize| -> Ordering {
            let (pa, pb) = (&items[*a], &items[*b]);
            match self.order {
                LocalOrder::Vendor => Ordering::Equal,
                LocalOrder::Newest => missing_last(when(pa), when(pb), true),
                LocalOrder::Oldest => missing_last(when(pa), when(pb), false),
                LocalOrder::Largest => missing_last(amount(pa), amount(pb), true),
                LocalOrder::Smallest => missing_last(amount(pa), amount(pb), false),
            }
        };
        if self.order != LocalOrder::Vendor {
            rows.sort_by(by);
        }
        rows
    }
}

/// When a payment happened, as a number to sort by.
pub(crate) fn when(p: &Payment) -> Option<i64> {
    p.date().map(|m| m.epoch_millis())
}

fn amount(p: &Payment) -> Option<rust_decimal::Decimal> {
    p.amount.as_ref().map(|m| m.amount)
}

/// Compares two optional values, `None` after every value.
pub(crate) fn missing_last<T: Ord>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) if descending => b.cmp(&a),
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Whether `needle` (bytes of the text sought) occurs in a field shown.
fn matches(p: &Payment, needle: &[u8]) -> bool {
    let amount = p.amount.as_ref().map(|m| m.amount.to_string());
    let found = [
        Some(p.id.as_str()),
        p.reference.as_deref(),
        p.counterparty.as_deref(),
        amount.as_deref(),
    ]
    .into_iter()
    .flatten()
    .chain(p.status.raw.iter().map(String::as_str))
    .any(|hay| contains_ascii_folded(hay.as_bytes(), needle));
    found
}

fn contains_ascii_folded(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty()
        || hay
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{Currency, Money};
    use crate::time::Moment;
    use crate::vendors;
    use chrono::{TimeZone, Utc};

    fn payment(id: &str, cents: i64, day: Option<u32>, reference: &str) -> Payment {
        let mut p = Payment::new(vendors::ALL[0], id.to_string(), &Default::default());
        p.amount = Some(Money::new(
            rust_decimal::Decimal::new(cents, 2),
            Currency::from_code("USD").unwrap(),
        ));
        p.occurred_at =
            day.map(|d| Moment::At(Utc.with_ymd_and_hms(2025, 3, d, 12, 0, 0).unwrap()));
        p.reference = Some(reference.to_string());
        p
    }

    fn page() -> ListPage {
        ListPage {
            items: vec![
                payment("a", 500, Some(2), "Invoice-7"),
                payment("b", 100, None, "rent"),
                payment("c", 900, Some(9), "INVOICE-8"),
                payment("d", 300, Some(5), "héllo"),
            ],
            ..ListPage::default()
        }
    }

    #[test]
    fn the_plain_view_keeps_the_vendors_order() {
        assert_eq!(LocalView::default().rows(&page()), vec![0, 1, 2, 3]);
    }

    #[test]
    fn orders_by_date_and_amount_with_missing_values_last() {
        let view = |order| LocalView {
            order,
            find: String::new(),
        };
        assert_eq!(view(LocalOrder::Newest).rows(&page()), vec![2, 3, 0, 1]);
        assert_eq!(view(LocalOrder::Oldest).rows(&page()), vec![0, 3, 2, 1]);
        assert_eq!(view(LocalOrder::Largest).rows(&page()), vec![2, 0, 3, 1]);
        assert_eq!(view(LocalOrder::Smallest).rows(&page()), vec![1, 3, 0, 2]);
    }

    #[test]
    fn finds_ascii_without_case_and_other_characters_exactly() {
        let find = |text: &str| {
            LocalView {
                order: LocalOrder::Vendor,
                find: text.to_string(),
            }
            .rows(&page())
        };
        assert_eq!(find("invoice"), vec![0, 2]);
        assert_eq!(find("9.00"), vec![2]);
        assert_eq!(find("hé"), vec![3]);
        assert_eq!(find("HÉ"), Vec::<usize>::new());
        assert_eq!(find("nothing"), Vec::<usize>::new());
    }

    #[test]
    fn the_address_round_trips_and_tolerates_nonsense() {
        let view = LocalView {
            order: LocalOrder::Largest,
            find: "rent".into(),
        };
        assert_eq!(LocalView::from_params(&view.to_params()), view);
        assert!(LocalView::default().to_params().is_empty());
        let odd = vec![("order".to_string(), "sideways".to_string())];
        assert!(LocalView::from_params(&odd).is_plain());
    }
}
