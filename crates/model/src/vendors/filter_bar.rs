//! Which of a list's filters sit in its one line of controls and which
//! wait behind "More filters": the line holds [`FilterBar::INLINE`]
//! controls, the date ranges' presets first (a range is one control,
//! its two ends behind "More filters" for exact days), then the filters
//! chosen from a closed set (a status, a yes or no), then the rest in the
//! vendor's order. Everything else is behind "More filters", in the
//! vendor's order, and shown as a removable chip while it holds a value.

use super::spec::{FieldKind, FilterSpec, ListSpec};
use crate::keys::Key;

/// A list's filters split between its line and "More filters".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterBar {
    /// The date ranges offered as presets on the line: (from, to, what
    /// the range is of).
    pub ranges: Vec<(FilterSpec, FilterSpec, Key)>,
    /// The filters on the line, after the ranges.
    pub inline: Vec<FilterSpec>,
    /// The filters behind "More filters", in the vendor's order.
    pub more: Vec<FilterSpec>,
}

impl FilterBar {
    /// How many controls the line holds (a range's presets count as one).
    pub const INLINE: usize = 2;

    /// The split of `spec`'s filters.
    pub fn of(spec: &ListSpec) -> FilterBar {
        let ranges: Vec<_> = spec.day_ranges().take(Self::INLINE).collect();
        let in_range = |f: &FilterSpec| {
            spec.day_ranges()
                .any(|(from, to, _)| from.name == f.name || to.name == f.name)
        };
        let mut candidates: Vec<FilterSpec> = spec
            .filters
            .iter()
            .copied()
            .filter(|f| !in_range(f))
            .collect();
        // A stable sort: the closed sets first, each group in the
        // vendor's order.
        candidates.sort_by_key(|f| !closed(f.kind));
        let room = Self::INLINE.saturating_sub(ranges.len());
        let inline: Vec<FilterSpec> = candidates.into_iter().take(room).collect();
        let more = spec
            .filters
            .iter()
            .copied()
            .filter(|f| !inline.iter().any(|i| i.name == f.name))
            .collect();
        FilterBar {
            ranges,
            inline,
            more,
        }
    }

    /// Whether `name` is one of the filters behind "More filters".
    pub fn is_more(&self, name: &str) -> bool {
        self.more.iter().any(|f| f.name == name)
    }
}

/// Whether a filter is chosen from a closed set (picked, not typed).
fn closed(kind: FieldKind) -> bool {
    matches!(
        kind,
        FieldKind::Choice(_) | FieldKind::Bool | FieldKind::Flag | FieldKind::Suggest(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::ALL;

    #[test]
    fn every_filter_is_on_the_line_or_behind_more_filters_once() {
        for v in ALL {
            let spec = v.profile().list;
            let bar = FilterBar::of(&spec);
            for f in spec.filters {
                let inline = bar.inline.iter().filter(|i| i.name == f.name).count();
                let more = bar.more.iter().filter(|m| m.name == f.name).count();
                let ranged = bar
                    .ranges
                    .iter()
                    .any(|(from, to, _)| from.name == f.name || to.name == f.name);
                assert_eq!(inline + more, 1, "{}: {}", v.slug(), f.name);
                assert!(!(ranged && inline == 1), "{}: {}", v.slug(), f.name);
            }
            assert!(bar.ranges.len() + bar.inline.len() <= FilterBar::INLINE);
        }
    }

    #[test]
    fn ranges_come_first_then_closed_sets_then_the_vendors_order() {
        const FILTERS: &[FilterSpec] = &[
            FilterSpec::new("q", crate::keys::word::AMOUNT, FieldKind::Text),
            FilterSpec::new("from", crate::keys::word::AMOUNT, FieldKind::Date),
            FilterSpec::new("to", crate::keys::word::AMOUNT, FieldKind::Date),
            FilterSpec::new(
                "state",
                crate::keys::word::AMOUNT,
                FieldKind::Choice(&["a"]),
            ),
            FilterSpec::new("mine", crate::keys::word::AMOUNT, FieldKind::Flag),
        ];
        let mut spec = ListSpec {
            pagination: crate::query::Pagination::Unpaged,
            filters: FILTERS,
            sorts: &[],
            ranges: &[("from", "to", crate::keys::word::AMOUNT)],
        };
        let bar = FilterBar::of(&spec);
        assert_eq!(bar.ranges.len(), 1);
        let names = |fs: &[FilterSpec]| fs.iter().map(|f| f.name).collect::<Vec<_>>();
        assert_eq!(names(&bar.inline), ["state"]);
        assert_eq!(names(&bar.more), ["q", "from", "to", "mine"]);
        assert!(bar.is_more("from") && !bar.is_more("state"));
        // Without the range, two closed sets take the line.
        spec.ranges = &[];
        let bar = FilterBar::of(&spec);
        assert_eq!(names(&bar.inline), ["state", "mine"]);
        assert_eq!(names(&bar.more), ["q", "from", "to"]);
    }
}
