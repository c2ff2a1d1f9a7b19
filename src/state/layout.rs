//! How a person lays out their lists, kept with their other settings
//! ([`super::Preferences`]: on the gateway when signed in, else in this
//! browser): compact rows (the default, so a laptop shows a screenful of
//! payments) or comfortable ones, whether the chart above a list is
//! open (closed by default: a line of totals stands in its place), and
//! whether keyboard shortcuts are on (by default).

use serde_json::Value;

use super::Preferences;

// Storage keys, not words.
const DENSITY: &str = "layout:density";
const CHART: &str = "layout:chart";
const COMFORTABLE: &str = "comfortable";
const SHORTCUTS: &str = "layout:shortcuts";

/// A person's list layout.
#[derive(Clone, Copy)]
pub struct Layout {
    prefs: Preferences,
}

impl Layout {
    /// The layout of the person whose settings are in context.
    pub fn here() -> Layout {
        Layout {
            prefs: Preferences::here(),
        }
    }

    /// Whether rows are comfortable rather than compact (tracked).
    pub fn comfortable(&self) -> bool {
        self.prefs.value(DENSITY).as_ref().and_then(Value::as_str) == Some(COMFORTABLE)
    }

    /// Chooses comfortable (or compact) rows.
    pub fn set_comfortable(&self, on: bool) {
        self.prefs
            .set(DENSITY, on.then(|| Value::String(COMFORTABLE.into())));
    }

    /// Whether the chart above a list is open (tracked).
    pub fn chart_open(&self) -> bool {
        self.prefs.value(CHART).as_ref().and_then(Value::as_bool) == Some(true)
    }

    /// Whether keyboard shortcuts are on (the default; tracked).
    pub fn shortcuts_on(&self) -> bool {
        self.prefs
            .value(SHORTCUTS)
            .as_ref()
            .and_then(Value::as_bool)
            != Some(false)
    }

    /// Whether keyboard shortcuts are on, read without tracking.
    pub fn shortcuts_on_untracked(&self) -> bool {
        leptos::prelude::untrack(|| self.shortcuts_on())
    }

    /// Turns keyboard shortcuts on (or off).
    pub fn set_shortcuts_on(&self, on: bool) {
        self.prefs
            .set(SHORTCUTS, (!on).then_some(Value::Bool(false)));
    }

    /// Opens (or closes) the chart above every list.
    pub fn set_chart_open(&self, on: bool) {
        self.prefs.set(CHART, on.then_some(Value::Bool(true)));
    }
}
