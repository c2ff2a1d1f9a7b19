//! Where each connection's list was left: its filters, sort, page or
//! cursor, and the browser-side order and text to find. Coming back from a
//! payment, Cancel on a form and the redirect after a delete go to the
//! list as it was, not to an unfiltered first page.

use super::{Place, Route};

/// The last list place seen per connection (a handful of connections, so
/// a small list searched in order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListMemory(Vec<(String, Vec<(String, String)>)>);

impl ListMemory {
    /// Remembers `place` if it is a list.
    pub fn remember(&mut self, place: &Place) {
        let Route::List { connection_id } = &place.route else {
            return;
        };
        match self.0.iter_mut().find(|(id, _)| id == connection_id) {
            Some((_, query)) => query.clone_from(&place.query),
            None => self.0.push((connection_id.clone(), place.query.clone())),
        }
    }

    /// The list of `connection_id` as it was left (its first page if it
    /// was never shown).
    pub fn list(&self, connection_id: &str) -> Place {
        Place {
            route: Route::List {
                connection_id: connection_id.to_string(),
            },
            query: self
                .0
                .iter()
                .find(|(id, _)| id == connection_id)
                .map(|(_, q)| q.clone())
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_comes_back_as_it_was_left_per_connection() {
        let mut m = ListMemory::default();
        assert_eq!(m.list("rr").href(), "/c/rr");
        m.remember(&Place::parse("/c/rr?status=pending&page=3"));
        m.remember(&Place::parse("/c/bp?order=largest"));
        m.remember(&Place::parse("/c/rr/p/pay_1"));
        m.remember(&Place::parse("/connections"));
        assert_eq!(m.list("rr").href(), "/c/rr?status=pending&page=3");
        assert_eq!(m.list("bp").href(), "/c/bp?order=largest");
        m.remember(&Place::parse("/c/rr"));
        assert_eq!(
            m.list("rr").href(),
            "/c/rr",
            "clearing the filters is remembered too"
        );
    }
}
