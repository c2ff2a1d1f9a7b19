//! Saved views of the page shown (a connection's list or All payments):
//! saving the current address (and a list's columns) under a name,
//! opening, renaming and deleting them, kept with the person's other
//! settings under `views`.

use leptos::prelude::*;
use payments_model::columns::ColumnChoice;
use payments_model::message::ModelMessage;
use payments_model::views::{SavedView, SavedViews};
use serde_json::Value;

use super::{ColumnsController, Preferences};
use crate::language::{k, t_with};
use crate::routing::{Place, Route, Router};

const KEY: &str = "views";

/// The saved views of one page.
#[derive(Clone, Copy)]
pub struct ViewsController {
    prefs: Preferences,
    router: Router,
    /// The page's columns, for a connection's list.
    columns: Option<ColumnsController>,
    /// Every view the person keeps.
    pub all: Memo<SavedViews>,
    /// What the last action did, in words (for the live region).
    pub said: RwSignal<String>,
}

impl ViewsController {
    /// The views of the page shown; `columns` where it is a list.
    pub fn new(columns: Option<ColumnsController>) -> ViewsController {
        let prefs = Preferences::here();
        let all = Memo::new(move |_| {
            prefs
                .value(KEY)
                .and_then(|v| serde_json::from_value(v).ok())
                .unwrap_or_default()
        });
        ViewsController {
            prefs,
            router: Router::get(),
            columns,
            all,
            said: RwSignal::new(String::new()),
        }
    }

    /// The path of the page shown.
    fn path(&self) -> String {
        self.router.place.with_untracked(|p| p.route.path())
    }

    /// The views of the page shown, by name (tracked).
    pub fn here(&self) -> Vec<SavedView> {
        let path = self.router.place.with(|p| p.route.path());
        self.all
            .with(|v| v.of(&path).into_iter().cloned().collect())
    }

    fn keep(&self, views: SavedViews, said: String) {
        let value = serde_json::to_value(&views).unwrap_or(Value::Null);
        self.prefs.set(KEY, Some(value));
        self.said.set(said);
    }

    /// Saves what the page shows now as `name`; an error says why not.
    pub fn save_current(&self, name: &str) -> Result<(), ModelMessage> {
        let query = self.router.place.with_untracked(|p| p.query.clone());
        let columns = self.columns.map(|c| c.choice.get_untracked().keys());
        let view = SavedView::new(name, &self.path(), &query, columns);
        let mut views = self.all.get_untracked();
        views.save(view)?;
        let said = t_with(k::views::SAID_SAVED, &[("name", name.trim())]);
        self.keep(views, said);
        Ok(())
    }

    /// Renames the view `from` to `to`.
    pub fn rename(&self, from: &str, to: &str) -> Result<(), ModelMessage> {
        let mut views = self.all.get_untracked();
        views.rename(from, to)?;
        let said = t_with(k::views::SAID_RENAMED, &[("from", from), ("to", to.trim())]);
        self.keep(views, said);
        Ok(())
    }

    /// Deletes the view `name`.
    pub fn delete(&self, name: &str) {
        let mut views = self.all.get_untracked();
        if views.delete(name) {
            self.keep(views, t_with(k::views::SAID_DELETED, &[("name", name)]));
        }
    }

    /// Where the view leads (its address, as a console link).
    pub fn place(view: &SavedView) -> Place {
        Place {
            route: Route::parse(&view.path),
            query: view.query.clone(),
        }
    }

    /// The view's address as a link to share: the page's own address for
    /// it (an embedded console's host page where the console keeps its
    /// address there).
    pub fn link(&self, view: &SavedView) -> String {
        let outer = self.router.outer(&Self::place(view).href());
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        if outer.starts_with('#') {
            let page = web_sys::window()
                .and_then(|w| w.location().href().ok())
                .unwrap_or_default();
            let page = page.split('#').next().unwrap_or_default().to_string();
            format!("{page}{outer}")
        } else {
            format!("{origin}{outer}")
        }
    }

    /// Opens `view`: its columns, then its address.
    pub fn open(&self, view: &SavedView) {
        if let (Some(columns), Some(keys)) = (self.columns, &view.columns) {
            let choice = ColumnChoice::from_keys(columns.profile(), keys);
            columns.choose(choice);
        }
        self.router.go(Self::place(view), false);
        self.said
            .set(t_with(k::views::SAID_OPENED, &[("name", &view.name)]));
    }
}
