//! Finding one payment by its id or reference across every connection of
//! All payments: asked of each vendor that can fetch one payment by id,
//! and looked for among the loaded payments of each connection (by id for
//! those that cannot fetch one, by reference for all). Each connection
//! answers on its own line.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use payments_model::vendors::Retrieve;
use payments_model::workspace::find_loaded;
use payments_model::ErrorKind;
use payments_model::Message;

use super::WorkspaceController;
use crate::api;
use crate::language::{k, t};

/// What one connection said about the text sought.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchAnswer {
    Asking,
    /// The ids of the payments found.
    Found(Vec<String>),
    NotFound,
    Failed(Message),
}

/// One connection's line of the results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchLine {
    pub connection_id: String,
    pub name: String,
    pub answer: SearchAnswer,
    /// How it was looked for, in words.
    pub how: String,
}

/// The search box's state.
#[derive(Clone, Copy)]
pub struct SearchController {
    pub text: RwSignal<String>,
    pub lines: RwSignal<Vec<SearchLine>>,
    generation: RwSignal<u32>,
}

impl SearchController {
    pub fn new() -> SearchController {
        SearchController {
            text: RwSignal::new(String::new()),
            lines: RwSignal::new(Vec::new()),
            generation: RwSignal::new(0),
        }
    }

    /// Looks for `text` in every connection of `all`.
    pub fn find(&self, all: WorkspaceController, text: String) {
        let text = text.trim().to_string();
        self.text.set(text.clone());
        self.generation.update(|g| *g += 1);
        if text.is_empty() {
            self.lines.set(Vec::new());
            return;
        }
        let generation = self.generation.get_untracked();
        let sources = all.sources.get_untracked();
        let mut lines = Vec::new();
        for (i, s) in sources.iter().enumerate() {
            let conn = &s.connection;
            let loaded: Vec<String> = find_loaded(&s.page, &text)
                .into_iter()
                .map(|n| s.page.items[n].id.clone())
                .collect();
            let fetchable = matches!(
                conn.vendor.operations().retrieve(conn, &text),
                Retrieve::Request(_)
            );
            let (answer, how) = match (fetchable, loaded.is_empty()) {
                (_, false) => (SearchAnswer::Found(loaded), t(k::search::AMONG_LOADED)),
                (true, true) => (SearchAnswer::Asking, t(k::search::BY_ID)),
                (false, true) => (SearchAnswer::NotFound, t(k::search::LOADED_ONLY)),
            };
            if answer == SearchAnswer::Asking {
                let (c, conn, text) = (*self, conn.clone(), text.clone());
                spawn_local_scoped_with_cancellation(async move {
                    let answer = match api::payments::load(&conn, &text, &api::quietly).await {
                        Ok(p) => SearchAnswer::Found(vec![p.id]),
                        Err(e) if e.kind == ErrorKind::NotFound => SearchAnswer::NotFound,
                        Err(e) => SearchAnswer::Failed(e.message),
                    };
                    if c.generation.get_untracked() == generation {
                        c.lines.update(|l| {
                            if let Some(line) = l.get_mut(i) {
                                line.answer = answer;
                            }
                        });
                    }
                });
            }
            lines.push(SearchLine {
                connection_id: conn.id.clone(),
                name: conn.name.clone(),
                answer,
                how,
            });
        }
        self.lines.set(lines);
    }
}

impl Default for SearchController {
    fn default() -> Self {
        Self::new()
    }
}
