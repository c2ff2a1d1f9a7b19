//! One list query for every vendor, and the page of results it brings back.
//!
//! A [`ListQuery`] holds filters, sort and the page wanted; it converts to
//! and from URL parameters so that the console's address reproduces a view.
//! Page numbers here always count from 1, as people do; a vendor whose
//! vendor counts from 0 (BuiltOn) converts on the way out.

pub mod workspace;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::money::Currency;
use crate::payment::{Payment, StatusKind};

/// How a vendor pages through a list, with its default and largest size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pagination {
    /// `page` (from 1) and `limit`; the answer carries totals.
    PageLimit { default_size: u32, max_size: u32 },
    /// `page` (from 1) and `per`; the answer carries next/previous pages.
    PagePer { default_size: u32, max_size: u32 },
    /// `page` (from 0) and `size`; the total arrives in a header.
    ZeroBasedPageSize { default_size: u32, max_size: u32 },
    /// `after`/`before` ids and `count`.
    Cursor { default_size: u32, max_size: u32 },
    /// The vendor returns everything at once.
    Unpaged,
}

impl Pagination {
    /// The vendor's default page size, if it has sizes.
    pub fn default_size(self) -> Option<u32> {
        match self {
            Pagination::PageLimit { default_size, .. }
            | Pagination::PagePer { default_size, .. }
            | Pagination::ZeroBasedPageSize { default_size, .. }
            | Pagination::Cursor { default_size, .. } => Some(default_size),
            Pagination::Unpaged => None,
        }
    }

    /// The size of the pages the console asks for unless a person picks
    /// another: the vendor's default, or [`Pagination::SHOWN_SIZE`] where
    /// that default is smaller and the vendor accepts it (ten rows leave
    /// most of a laptop's screen empty).
    pub fn shown_size(self) -> Option<u32> {
        let default = self.default_size()?;
        let max = self.max_size().unwrap_or(default);
        Some(default.max(Self::SHOWN_SIZE.min(max)))
    }

    /// The fewest rows a page shows by default, where the vendor allows.
    pub const SHOWN_SIZE: u32 = 25;

    /// The largest page size the vendor accepts.
    pub fn max_size(self) -> Option<u32> {
        match self {
            Pagination::PageLimit { max_size, .. }
            | Pagination::PagePer { max_size, .. }
            | Pagination::ZeroBasedPageSize { max_size, .. }
            | Pagination::Cursor { max_size, .. } => Some(max_size),
            Pagination::Unpaged => None,
        }
    }
}

/// Which page to fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageRequest {
    /// A numbered page (from 1) of `size` items.
    Number { page: u32, size: u32 },
    /// Items after or before an id, `count` at a time.
    Cursor {
        after: Option<String>,
        before: Option<String>,
        count: u32,
    },
    /// No paging.
    All,
}

/// Filters, sort and page: everything that decides what a list shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListQuery {
    /// Filter values by the vendor's parameter name; empty values are absent.
    pub filters: BTreeMap<String, String>,
    pub sort: Option<String>,
    pub page: PageRequest,
}

impl ListQuery {
    /// The first page at the size shown by default
    /// ([`Pagination::shown_size`]), with no filters.
    pub fn first_page(pagination: Pagination) -> ListQuery {
        let size = pagination.shown_size().unwrap_or_default();
        let page = match pagination {
            Pagination::PageLimit { .. }
            | Pagination::PagePer { .. }
            | Pagination::ZeroBasedPageSize { .. } => PageRequest::Number { page: 1, size },
            Pagination::Cursor { .. } => PageRequest::Cursor {
                after: None,
                before: None,
                count: size,
            },
            Pagination::Unpaged => PageRequest::All,
        };
        ListQuery {
            filters: BTreeMap::new(),
            sort: None,
            page,
        }
    }

    /// Reads a query from URL parameters, keeping only the filters the
    /// vendor has and putting page sizes back inside the vendor's bounds;
    /// anything unreadable falls back to the default, so no link breaks.
    pub fn from_params(
        params: &[(String, String)],
        pagination: Pagination,
        filter_names: &[&str],
    ) -> ListQuery {
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, v)| k == name && !v.trim().is_empty())
                .map(|(_, v)| v.trim().to_string())
        };
        let mut q = ListQuery::first_page(pagination);
        for name in filter_names {
            if let Some(v) = get(name) {
                q.filters.insert((*name).to_string(), v);
            }
        }
        q.sort = get("sort");
        let size = get("size")
            .and_then(|s| s.parse::<u32>().ok())
            .filter(|s| *s >= 1 && pagination.max_size().is_none_or(|m| *s <= m));
        match &mut q.page {
            PageRequest::Number { page, size: sz } => {
                if let Some(p) = get("page").and_then(|p| p.parse::<u32>().ok()) {
                    *page = p.max(1);
                }
                if let Some(s) = size {
                    *sz = s;
                }
            }
            PageRequest::Cursor {
                after,
                before,
                count,
            } => {
                *after = get("after");
                *before = if after.is_some() { None } else { get("before") };
                if let Some(s) = size {
                    *count = s;
                }
            }
            PageRequest::All => {}
        }
        q
    }

    /// The URL parameters for this query, leaving out defaults.
    pub fn to_params(&self, pagination: Pagination) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .filters
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if let Some(s) = &self.sort {
            out.push(("sort".into(), s.clone()));
        }
        let default = pagination.shown_size();
        match &self.page {
            PageRequest::Number { page, size } => {
                if *page > 1 {
                    out.push(("page".into(), page.to_string()));
                }
                if Some(*size) != default {
                    out.push(("size".into(), size.to_string()));
                }
            }
            PageRequest::Cursor {
                after,
                before,
                count,
            } => {
                if let Some(a) = after {
                    out.push(("after".into(), a.clone()));
                }
                if let Some(b) = before {
                    out.push(("before".into(), b.clone()));
                }
                if Some(*count) != default {
                    out.push(("size".into(), count.to_string()));
                }
            }
            PageRequest::All => {}
        }
        out
    }

    /// The same query on another numbered page.
    pub fn with_page(&self, page: u32) -> ListQuery {
        let mut q = self.clone();
        if let PageRequest::Number { page: p, .. } = &mut q.page {
            *p = page.max(1);
        }
        q
    }

    /// The same query with another page size, back on the first page.
    pub fn with_size(&self, new_size: u32) -> ListQuery {
        let mut q = self.clone();
        match &mut q.page {
            PageRequest::Number { page, size } => {
                *page = 1;
                *size = new_size;
            }
            PageRequest::Cursor {
                after,
                before,
                count,
            } => {
                *after = None;
                *before = None;
                *count = new_size;
            }
            PageRequest::All => {}
        }
        q
    }

    /// The same query with one filter set (or cleared when `value` is
    /// empty), back on the first page.
    pub fn with_filter(&self, name: &str, value: &str) -> ListQuery {
        let mut q = self.clone();
        if value.trim().is_empty() {
            q.filters.remove(name);
        } else {
            q.filters.insert(name.to_string(), value.trim().to_string());
        }
        q.with_page(1).reset_cursor()
    }

    fn reset_cursor(mut self) -> ListQuery {
        if let PageRequest::Cursor { after, before, .. } = &mut self.page {
            *after = None;
            *before = None;
        }
        self
    }

    /// The same query from its first page (for reading a list whole).
    pub fn from_start(&self) -> ListQuery {
        self.with_page(1).reset_cursor()
    }

    /// The query for the page after the one `info` describes (older
    /// payments, for cursor lists), or `None` at the end.
    pub fn next(&self, info: &PageInfo) -> Option<ListQuery> {
        if !info.has_next {
            return None;
        }
        let mut q = self.clone();
        match &mut q.page {
            PageRequest::Number { page, .. } => *page = page.checked_add(1)?,
            PageRequest::Cursor { after, before, .. } => {
                *after = None;
                *before = Some(info.next_cursor.clone()?);
            }
            PageRequest::All => return None,
        }
        Some(q)
    }

    /// The page number, for numbered pages.
    pub fn page_number(&self) -> Option<u32> {
        match self.page {
            PageRequest::Number { page, .. } => Some(page),
            _ => None,
        }
    }
}

/// What the vendor said about where this page sits in the whole list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageInfo {
    /// This page's number, from 1.
    pub page: Option<u32>,
    pub size: Option<u32>,
    pub total_items: Option<u64>,
    pub total_pages: Option<u32>,
    pub has_next: bool,
    pub has_prev: bool,
    /// For cursor lists: the ids to page after and before.
    pub next_cursor: Option<String>,
    pub prev_cursor: Option<String>,
}

/// A list item that could not be read as a payment (not an object, no
/// id): shown as a flagged row with the vendor's JSON, so one odd record
/// never hides the others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnreadableItem {
    /// Where it stood in the vendor's answer, from 1.
    pub position: usize,
    /// Why it could not be read, in words.
    pub reason: String,
    /// The item as the vendor sent it, as pretty JSON.
    pub raw: String,
}

/// One page of payments.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListPage {
    /// The payments read, in the vendor's order.
    pub items: Vec<Payment>,
    /// The items of the answer that could not be read.
    pub unreadable: Vec<UnreadableItem>,
    pub info: PageInfo,
}

impl ListPage {
    /// The sum of the amounts shown, per currency, in code order. Amounts
    /// whose currency nobody stated are never added up (see
    /// [`ListPage::untotalled`]).
    pub fn totals(&self) -> Vec<(Currency, Decimal)> {
        Totals::of(&self.items).sums
    }

    /// How many payments shown have an amount in no stated currency, and
    /// so are left out of the totals.
    pub fn untotalled(&self) -> usize {
        Totals::of(&self.items).untotalled
    }
}

/// What some payments add up to: the sum per currency, in code order, and
/// how many amounts have no stated currency (never added up).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub sums: Vec<(Currency, Decimal)>,
    pub untotalled: usize,
    /// Each currency's sum split by status kind: currencies in code
    /// order, kinds in the order first met.
    pub by_status: Vec<(Currency, StatusKind, Decimal)>,
}

impl Totals {
    /// The totals of `payments`, in one pass.
    pub fn of<'a>(payments: impl IntoIterator<Item = &'a Payment>) -> Totals {
        let mut sums: BTreeMap<Currency, Decimal> = BTreeMap::new();
        let mut untotalled = 0;
        let mut by_status: Vec<(Currency, StatusKind, Decimal)> = Vec::new();
        for p in payments {
            let Some(m) = p.amount.as_ref() else {
                continue;
            };
            if m.currency.is_stated() {
                let entry = sums.entry(m.currency.clone()).or_default();
                *entry = entry.checked_add(m.amount).unwrap_or(*entry);
                let kind = p.status.kind;
                match by_status
                    .iter_mut()
                    .find(|(c, k, _)| *c == m.currency && *k == kind)
                {
                    Some((_, _, sum)) => *sum = sum.checked_add(m.amount).unwrap_or(*sum),
                    None => by_status.push((m.currency.clone(), kind, m.amount)),
                }
            } else {
                untotalled += 1;
            }
        }
        by_status.sort_by(|a, b| a.0.cmp(&b.0));
        Totals {
            sums: sums.into_iter().collect(),
            untotalled,
            by_status,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PL: Pagination = Pagination::PageLimit {
        default_size: 25,
        max_size: 100,
    };

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_first_page_shows_at_least_25_rows_where_the_vendor_allows() {
        let small = Pagination::PagePer {
            default_size: 10,
            max_size: 50,
        };
        let tight = Pagination::Cursor {
            default_size: 10,
            max_size: 20,
        };
        assert_eq!(small.shown_size(), Some(25));
        assert_eq!(tight.shown_size(), Some(20));
        assert_eq!(PL.shown_size(), Some(25));
        assert_eq!(Pagination::Unpaged.shown_size(), None);
        let first = ListQuery::first_page(small);
        assert_eq!(first.page, PageRequest::Number { page: 1, size: 25 });
        // The size shown by default stays out of the address; the
        // vendor's own default, now a choice, is written.
        assert!(first.to_params(small).is_empty());
        let ten = ListQuery {
            page: PageRequest::Number { page: 1, size: 10 },
            ..first
        };
        assert_eq!(ten.to_params(small), params(&[("size", "10")]));
    }

    #[test]
    fn a_list_is_walked_from_its_start_to_its_end() {
        let q = ListQuery::first_page(PL)
            .with_filter("status", "paid")
            .with_page(3);
        let start = q.from_start();
        assert_eq!(start.page_number(), Some(1));
        assert_eq!(
            start.filters.get("status").map(String::as_str),
            Some("paid")
        );
        let more = PageInfo {
            has_next: true,
            ..PageInfo::default()
        };
        assert_eq!(start.next(&more).and_then(|n| n.page_number()), Some(2));
        assert_eq!(start.next(&PageInfo::default()), None, "the last page");
        let cursor = Pagination::Cursor {
            default_size: 20,
            max_size: 100,
        };
        let c = ListQuery::first_page(cursor);
        let info = PageInfo {
            has_next: true,
            next_cursor: Some("41".into()),
            ..PageInfo::default()
        };
        let next = c.next(&info).unwrap();
        assert!(
            matches!(next.page, PageRequest::Cursor { before: Some(ref b), after: None, .. } if b == "41")
        );
        let no_cursor = PageInfo {
            has_next: true,
            ..PageInfo::default()
        };
        assert_eq!(c.next(&no_cursor), None);
        assert_eq!(ListQuery::first_page(Pagination::Unpaged).next(&more), None);
    }

    #[test]
    fn defaults_leave_the_url_clean() {
        let q = ListQuery::first_page(PL);
        assert_eq!(q.to_params(PL), vec![]);
        assert_eq!(ListQuery::from_params(&[], PL, &["status"]), q);
    }

    #[test]
    fn params_round_trip() {
        let p = params(&[("status", "completed"), ("page", "3"), ("size", "50")]);
        let q = ListQuery::from_params(&p, PL, &["status"]);
        assert_eq!(q.page, PageRequest::Number { page: 3, size: 50 });
        assert_eq!(
            q.filters.get("status").map(String::as_str),
            Some("completed")
        );
        assert_eq!(q.to_params(PL), p);
    }

    #[test]
    fn bad_params_fall_back_to_defaults() {
        let p = params(&[
            ("page", "-2"),
            ("size", "1000"),
            ("colour", "red"),
            ("status", " "),
        ]);
        let q = ListQuery::from_params(&p, PL, &["status"]);
        assert_eq!(q, ListQuery::first_page(PL));
        let q = ListQuery::from_params(&params(&[("page", "0"), ("size", "0")]), PL, &[]);
        assert_eq!(q.page, PageRequest::Number { page: 1, size: 25 });
    }

    #[test]
    fn changing_a_filter_or_size_goes_back_to_page_one() {
        let q = ListQuery::first_page(PL).with_page(4);
        assert_eq!(q.page_number(), Some(4));
        assert_eq!(q.with_filter("status", "pending").page_number(), Some(1));
        assert_eq!(
            q.with_size(10).page,
            PageRequest::Number { page: 1, size: 10 }
        );
        let cleared = q.with_filter("status", "pending").with_filter("status", "");
        assert!(cleared.filters.is_empty());
    }

    #[test]
    fn cursors_keep_one_direction() {
        let c = Pagination::Cursor {
            default_size: 20,
            max_size: 100,
        };
        let q = ListQuery::from_params(&params(&[("after", "9"), ("before", "3")]), c, &[]);
        assert_eq!(
            q.page,
            PageRequest::Cursor {
                after: Some("9".into()),
                before: None,
                count: 25
            }
        );
        assert_eq!(q.to_params(c), params(&[("after", "9")]));
    }
}
