//! Saved views: a list's or All payments' filters, sort and page size
//! (its address) and its columns, under a name the person gave, to open
//! again from a menu. The address is the view, so a view is shared as a
//! link; the page number and cursors are left out, so a view opens on its
//! first page.

use crate::message::ModelMessage;
use serde::{Deserialize, Serialize};

/// The most views one person keeps.
pub const MAX_VIEWS: usize = 100;
/// The longest name, in characters.
pub const MAX_NAME: usize = 80;

/// Query parameters that say where in a list one is, not what it shows.
const POSITION: [&str; 3] = ["page", "after", "before"];

/// One saved view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedView {
    pub name: String,
    /// The console path (`/c/reviewrover`, `/all`).
    pub path: String,
    /// Its query: filters, sort, page size.
    #[serde(default)]
    pub query: Vec<(String, String)>,
    /// The columns shown (keys), for a connection's list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<String>>,
}

impl SavedView {
    /// A view of `path` with `query` (its position in the list left out).
    pub fn new(
        name: &str,
        path: &str,
        query: &[(String, String)],
        columns: Option<Vec<String>>,
    ) -> SavedView {
        SavedView {
            name: name.trim().to_string(),
            path: path.to_string(),
            query: query
                .iter()
                .filter(|(k, _)| !POSITION.contains(&k.as_str()))
                .cloned()
                .collect(),
            columns,
        }
    }
}

/// A person's saved views, in the order they were saved.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SavedViews(pub Vec<SavedView>);

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

impl SavedViews {
    /// Checks a name for a view: `except` is the view being renamed.
    pub fn check_name(&self, name: &str, except: Option<&str>) -> Result<String, ModelMessage> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ModelMessage::ViewUnnamed);
        }
        if name.chars().count() > MAX_NAME {
            return Err(ModelMessage::ViewNameTooLong {
                max: MAX_NAME as u64,
            });
        }
        if name.chars().any(char::is_control) {
            return Err(ModelMessage::ViewNameLine);
        }
        let taken = self
            .0
            .iter()
            .any(|v| same(&v.name, name) && except.is_none_or(|e| !same(&v.name, e)));
        if taken {
            return Err(ModelMessage::ViewExists {
                name: name.to_string(),
            });
        }
        Ok(name.to_string())
    }

    /// Adds `view`, if its name is free and there is room.
    pub fn save(&mut self, view: SavedView) -> Result<(), ModelMessage> {
        let name = self.check_name(&view.name, None)?;
        if self.0.len() >= MAX_VIEWS {
            return Err(ModelMessage::ViewsFull {
                max: MAX_VIEWS as u64,
            });
        }
        self.0.push(SavedView { name, ..view });
        Ok(())
    }

    /// Renames the view `from`.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), ModelMessage> {
        let to = self.check_name(to, Some(from))?;
        match self.0.iter_mut().find(|v| v.name == from) {
            Some(v) => {
                v.name = to;
                Ok(())
            }
            None => Err(ModelMessage::ViewMissing {
                name: from.to_string(),
            }),
        }
    }

    /// Deletes the view `name`; says whether there was one.
    pub fn delete(&mut self, name: &str) -> bool {
        let before = self.0.len();
        self.0.retain(|v| v.name != name);
        self.0.len() != before
    }

    /// The views of the page at `path`, by name.
    pub fn of(&self, path: &str) -> Vec<&SavedView> {
        let mut views: Vec<&SavedView> = self.0.iter().filter(|v| v.path == path).collect();
        views.sort_by_key(|v| v.name.to_lowercase());
        views
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_view_keeps_what_a_list_shows_not_where_one_was_in_it() {
        let v = SavedView::new(
            "  Pending  ",
            "/c/rr",
            &q(&[
                ("status", "pending"),
                ("page", "3"),
                ("size", "50"),
                ("after", "x"),
            ]),
            Some(vec!["id".into(), "amount".into()]),
        );
        assert_eq!(v.name, "Pending");
        assert_eq!(v.query, q(&[("status", "pending"), ("size", "50")]));
        let json = serde_json::to_string(&SavedViews(vec![v.clone()])).unwrap_or_default();
        let back: SavedViews = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back.0, [v]);
    }

    #[test]
    fn names_are_required_unique_and_one_line() {
        let mut views = SavedViews::default();
        let view = |name: &str, path: &str| SavedView::new(name, path, &[], None);
        assert!(views.save(view("Refunds", "/c/rr")).is_ok());
        assert_eq!(
            views.save(view(" refunds ", "/all")),
            Err(ModelMessage::ViewExists {
                name: "refunds".into()
            })
        );
        assert_eq!(
            views.save(view("  ", "/all")),
            Err(ModelMessage::ViewUnnamed)
        );
        assert!(views.save(view("a\nb", "/all")).is_err());
        assert!(views.save(view(&"x".repeat(MAX_NAME + 1), "/all")).is_err());
        assert!(views.save(view(&"é".repeat(MAX_NAME), "/all")).is_ok());
        // Renaming to its own name in other letters is allowed.
        assert!(views.rename("Refunds", "REFUNDS").is_ok());
        assert!(views.rename("REFUNDS", &"é".repeat(MAX_NAME)).is_err());
        assert!(views.rename("nope", "x").is_err());
        assert_eq!(views.of("/c/rr").len(), 1);
        assert!(views.delete("REFUNDS"));
        assert!(!views.delete("REFUNDS"));
        assert!(views.of("/c/rr").is_empty());
    }

    #[test]
    fn there_is_a_limit() {
        let mut views = SavedViews::default();
        for i in 0..MAX_VIEWS {
            assert!(views
                .save(SavedView::new(&format!("v{i}"), "/all", &[], None))
                .is_ok());
        }
        assert!(views
            .save(SavedView::new("one more", "/all", &[], None))
            .is_err());
    }
}
