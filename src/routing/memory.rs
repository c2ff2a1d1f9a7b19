//! Where each connection's list was left: its filters, sort, page or
//! cursor, and the browser-side order and text to find; and All payments
//! as it was left. Coming back from a payment and the redirect after a
//! delete go to the list the payment was opened from (All payments, or
//! its connection's list), Cancel on a new payment to the connection's
//! list, each as it was, not to an unfiltered first page.

use super::{Place, Route};

/// The last list place seen per connection (a handful of connections, so
/// a small list searched in order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListMemory {
    lists: Vec<(String, Vec<(String, String)>)>,
    /// The last list shown, of either kind.
    last: Option<Place>,
}

impl ListMemory {
    /// Remembers `place` if it is a list.
    pub fn remember(&mut self, place: &Place) {
        match &place.route {
            Route::All => self.last = Some(place.clone()),
            Route::List { connection_id } => {
                self.last = Some(place.clone());
                match self.lists.iter_mut().find(|(id, _)| id == connection_id) {
                    Some((_, query)) => query.clone_from(&place.query),
                    None => self
                        .lists
                        .push((connection_id.clone(), place.query.clone())),
                }
            }
            _ => {}
        }
    }

    /// Where "back" goes from a payment of `connection_id`: All payments
    /// as it was left, if that was the last list shown, else the
    /// connection's list as it was left.
    pub fn back(&self, connection_id: &str) -> Place {
        match &self.last {
            Some(p) if p.route == Route::All => p.clone(),
            _ => self.list(connection_id),
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
                .lists
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

    #[test]
    fn back_goes_to_the_list_the_payment_was_opened_from() {
        let mut m = ListMemory::default();
        assert_eq!(m.back("rr").href(), "/c/rr");
        m.remember(&Place::parse("/c/rr?status=pending"));
        m.remember(&Place::parse("/all?currency=EUR"));
        m.remember(&Place::parse("/c/rr/p/7"));
        assert_eq!(m.back("rr").href(), "/all?currency=EUR");
        assert_eq!(
            m.list("rr").href(),
            "/c/rr?status=pending",
            "Cancel on a new payment"
        );
        m.remember(&Place::parse("/c/bp"));
        assert_eq!(m.back("rr").href(), "/c/rr?status=pending");
    }
}
