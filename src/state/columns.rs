//! The columns of a connection's list, as the person chose them: read
//! from their settings (`columns:<connection id>`), changed one step at a
//! time (show, hide, move, reset) and kept at once. Each change is said
//! in words for the live region beside the chooser.

use leptos::prelude::*;
use payments_model::columns::{Column, ColumnChoice};
use payments_model::vendors::Profile;
use serde_json::Value;

use super::Preferences;
use crate::language::{k, t, t_with};

/// The column choice of one connection's list.
#[derive(Clone, Copy)]
pub struct ColumnsController {
    profile: &'static Profile,
    key: StoredValue<String>,
    prefs: Preferences,
    /// The columns shown, in order.
    pub choice: Memo<ColumnChoice>,
    /// What the last change did, in words.
    pub said: RwSignal<String>,
}

impl ColumnsController {
    /// The columns of the list of connection `connection_id`.
    pub fn new(connection_id: &str, profile: &'static Profile) -> ColumnsController {
        let prefs = Preferences::here();
        let key = ColumnChoice::preference_key(connection_id);
        let stored = key.clone();
        let choice = Memo::new(move |_| {
            let keys: Vec<String> = prefs
                .value(&stored)
                .and_then(|v| serde_json::from_value(v).ok())
                .unwrap_or_default();
            ColumnChoice::from_keys(profile, &keys)
        });
        ColumnsController {
            profile,
            key: StoredValue::new(key),
            prefs,
            choice,
            said: RwSignal::new(String::new()),
        }
    }

    /// The vendor whose columns these are.
    pub fn profile(&self) -> &'static Profile {
        self.profile
    }

    fn keep(&self, choice: ColumnChoice, said: String) {
        let value = (!choice.is_standard()).then(|| Value::from(choice.keys()));
        self.prefs.set(&self.key.get_value(), value);
        self.said.set(said);
    }

    /// Shows or hides `column`.
    pub fn set_shown(&self, column: Column, shown: bool) {
        let mut choice = self.choice.get_untracked();
        choice.set_shown(column, shown);
        let name = t(column.heading(self.profile));
        let name = name.as_str();
        let key = if shown {
            k::columns::SAID_SHOWN
        } else {
            k::columns::SAID_HIDDEN
        };
        let said = t_with(key, &[("name", name)]);
        self.keep(choice, said);
    }

    /// Moves `column` one place earlier (`-1`) or later (`1`).
    pub fn shift(&self, column: Column, by: i8) {
        let mut choice = self.choice.get_untracked();
        if choice.shift(column, by) {
            let at = choice.position(column).unwrap_or_default();
            let at = at.to_string();
            let name = t(column.heading(self.profile));
            let name = name.as_str();
            let said = t_with(k::columns::SAID_MOVED, &[("name", name), ("at", &at)]);
            self.keep(choice, said);
        }
    }

    /// Shows exactly `choice` (a saved view's columns).
    pub fn choose(&self, choice: ColumnChoice) {
        if choice != self.choice.get_untracked() {
            self.keep(choice, t(k::columns::SAID_VIEW));
        }
    }

    /// Back to the standard six.
    pub fn reset(&self) {
        self.keep(
            ColumnChoice::standard(self.profile),
            t(k::columns::SAID_STANDARD),
        );
    }
}
