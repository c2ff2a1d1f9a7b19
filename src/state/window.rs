//! Which rows of a long table are drawn: those in the scrolled view and a
//! few either side, so ten thousand payments cost a few dozen table rows
//! in the page. [`RowWindow`] is the plain arithmetic; the list view feeds
//! it the scroll position and draws the range it gives, with spacer rows
//! of the computed heights above and below so the scroll bar stays true.

use std::ops::Range;

/// Lists of at most this many rows are drawn whole: the browser lays
/// them out in a few milliseconds and find-in-page sees every row.
pub const WINDOW_FROM: usize = 200;

/// Rows drawn beyond each edge of the view, so keyboard focus moving row
/// by row and quick scrolling meet rows already drawn.
pub const OVERSCAN: usize = 12;

/// A row height to start from until a drawn row has been measured, in
/// CSS pixels.
pub const ROW_HEIGHT_GUESS: f64 = 40.0;

/// The view onto a long table: how many rows it has, how tall one is, how
/// tall the scrolled view is and how far it is scrolled.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RowWindow {
    pub rows: usize,
    pub row_height: f64,
    pub view_height: f64,
    pub scroll_top: f64,
}

impl RowWindow {
    /// A window on `rows` rows, scrolled to the top of a view `view_height`
    /// tall.
    pub fn new(rows: usize, view_height: f64) -> RowWindow {
        RowWindow {
            rows,
            row_height: ROW_HEIGHT_GUESS,
            view_height,
            scroll_top: 0.0,
        }
    }

    /// The rows to draw. Odd measurements (zero, negative, not a number)
    /// fall back to safe values, so the range is always within the rows.
    pub fn range(&self) -> Range<usize> {
        if self.rows <= WINDOW_FROM {
            return 0..self.rows;
        }
        let h = sane(self.row_height, ROW_HEIGHT_GUESS);
        let view = sane(self.view_height, h * 20.0);
        let top = if self.scroll_top.is_finite() {
            self.scroll_top.max(0.0)
        } else {
            0.0
        };
        let first = ((top / h).floor() as usize).min(self.rows);
        let shown = (view / h).ceil() as usize + 1;
        let start = first.saturating_sub(OVERSCAN);
        let end = first
            .saturating_add(shown)
            .saturating_add(OVERSCAN)
            .min(self.rows);
        start.min(end)..end
    }

    /// The heights of the spacers above and below the drawn rows, in CSS
    /// pixels.
    pub fn padding(&self) -> (f64, f64) {
        let r = self.range();
        let h = sane(self.row_height, ROW_HEIGHT_GUESS);
        (r.start as f64 * h, (self.rows - r.end) as f64 * h)
    }
}

fn sane(value: f64, fallback: f64) -> f64 {
    if value.is_finite() && value >= 1.0 {
        value
    } else {
        fallback
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(rows: usize, scroll_top: f64) -> RowWindow {
        RowWindow {
            rows,
            row_height: 40.0,
            view_height: 400.0,
            scroll_top,
        }
    }

    #[test]
    fn short_tables_are_drawn_whole() {
        assert_eq!(window(WINDOW_FROM, 5000.0).range(), 0..WINDOW_FROM);
        assert_eq!(window(WINDOW_FROM, 0.0).padding(), (0.0, 0.0));
    }

    #[test]
    fn a_long_table_draws_the_view_and_a_margin_either_side() {
        let w = window(10_000, 0.0);
        assert_eq!(w.range(), 0..(11 + OVERSCAN));
        let w = window(10_000, 40.0 * 5000.0);
        assert_eq!(w.range(), (5000 - OVERSCAN)..(5011 + OVERSCAN));
        let (above, below) = w.padding();
        assert_eq!(above, (5000 - OVERSCAN) as f64 * 40.0);
        assert_eq!(below, (10_000 - 5011 - OVERSCAN) as f64 * 40.0);
    }

    #[test]
    fn the_end_of_the_table_is_reached_and_never_passed() {
        let w = window(10_000, 40.0 * 9_995.0);
        assert_eq!(w.range().end, 10_000);
        assert_eq!(w.padding().1, 0.0);
        let past = window(10_000, 1e12);
        let r = past.range();
        assert!(r.start <= r.end && r.end == 10_000);
    }

    #[test]
    fn odd_measurements_keep_the_range_inside_the_rows() {
        for (h, view, top) in [
            (0.0, 400.0, 100.0),
            (f64::NAN, f64::NAN, f64::NAN),
            (-3.0, -1.0, -50.0),
            (f64::INFINITY, 0.0, f64::INFINITY),
        ] {
            let w = RowWindow {
                rows: 1_000,
                row_height: h,
                view_height: view,
                scroll_top: top,
            };
            let r = w.range();
            assert!(
                r.start <= r.end && r.end <= 1_000,
                "{h} {view} {top}: {r:?}"
            );
            assert!(!r.is_empty(), "{h} {view} {top}");
        }
    }
}
