//! What the console says after a change it made: a sentence in a live
//! region at the top of the page, with a link to the payment where there
//! is one to open. It stays until the person goes to another page (the
//! redirect that follows the change does not count) or dismisses it.

use payments_model::approval::{ApprovalNews, Held};
use payments_model::{Connection, Payment};

use crate::language::{k, t_count, t_with};
use crate::routing::{Place, Route};

/// A sentence about a change, and where it was said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    /// The payment the sentence names, to open it.
    pub link: Option<(String, Place)>,
    /// The page the console went to after the change: leaving it clears
    /// the notice.
    pub at: Place,
}

impl Notice {
    /// After a create or an update that `payments` came back from.
    pub fn saved(created: bool, conn: &Connection, payments: &[Payment], at: Place) -> Notice {
        let (one, with_id, many) = if created {
            (
                k::notice::SAVED_ONE,
                k::notice::SAVED_ID,
                k::notice::SAVED_MANY,
            )
        } else {
            (
                k::notice::UPDATED_ONE,
                k::notice::UPDATED_ID,
                k::notice::UPDATED_MANY,
            )
        };
        let connection = ("connection", conn.name.as_str());
        let text = match payments {
            [] => t_with(one, &[connection]),
            [p] => t_with(with_id, &[connection, ("id", &p.id)]),
            [p, ..] => t_count(many, payments.len(), &[connection, ("id", &p.id)]),
        };
        let link = payments.first().map(|p| {
            let place = Place::from(Route::Detail {
                connection_id: conn.id.clone(),
                pid: p.id.clone(),
            });
            (t_with(k::notice::OPEN, &[("id", &p.id)]), place)
        });
        // On the payment's own page a link to it would lead nowhere new.
        let link = link.filter(|(_, place)| *place != at);
        Notice { text, link, at }
    }

    /// After a delete.
    pub fn deleted(conn: &Connection, id: &str, at: Place) -> Notice {
        Notice {
            text: t_with(
                k::notice::DELETED,
                &[("id", id), ("connection", &conn.name)],
            ),
            link: None,
            at,
        }
    }

    /// After a write a rule of the company's held for approval: what
    /// the person typed stays where it is.
    pub fn held(h: &Held, at: Place) -> Notice {
        Notice {
            text: t_with(k::approvals::SENT, &[("rule", &h.rule)]),
            link: Some(request_link(h.id)),
            at,
        }
    }

    /// News of the person's own approval request.
    pub fn approval(news: &ApprovalNews, at: Place) -> Notice {
        let state = crate::language::t(news.state.word());
        Notice {
            text: t_with(
                k::approvals::NEWS,
                &[
                    ("id", &news.id.to_string()),
                    ("rule", &news.rule),
                    ("state", &state),
                ],
            ),
            link: Some(request_link(news.id)).filter(|(_, p)| *p != at),
            at,
        }
    }

    /// Whether the notice still belongs on `place`.
    pub fn shown_at(&self, place: &Place) -> bool {
        self.at == *place
    }
}

/// "View request N", to its page.
fn request_link(id: i64) -> (String, Place) {
    (
        t_with(k::approvals::VIEW, &[("id", &id.to_string())]),
        Place::from(Route::Approval { id }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use payments_model::vendors;

    fn conn() -> Connection {
        Connection {
            id: "rr".into(),
            vendor: vendors::ALL[0],
            name: "ReviewRover".into(),
            base_url: "/reviewrover/api/v1".into(),
            credentials: payments_model::Credentials::none(),
            scope: payments_model::connection::Scope::all(),
            currency: None,
        }
    }

    fn payment(id: &str) -> Payment {
        Payment::new(vendors::ALL[0], id.into(), &Default::default())
    }

    #[test]
    fn a_save_names_the_payment_and_links_to_it_from_elsewhere() {
        let list = Place::parse("/c/rr?status=pending");
        let n = Notice::saved(true, &conn(), &[payment("p1")], list.clone());
        assert_eq!(n.text, "Payment p1 was saved in ReviewRover.");
        assert_eq!(
            n.link.as_ref().map(|(_, p)| p.href()),
            Some("/c/rr/p/p1".into())
        );
        assert!(n.shown_at(&list) && !n.shown_at(&Place::parse("/c/rr")));
        let detail = Place::parse("/c/rr/p/p1");
        let n = Notice::saved(false, &conn(), &[payment("p1")], detail);
        assert_eq!(n.text, "Payment p1 was updated in ReviewRover.");
        assert_eq!(n.link, None, "no link to the page already shown");
    }

    #[test]
    fn several_payments_and_deletes_are_told_too() {
        let at = Place::parse("/c/rr/p/a");
        let n = Notice::saved(true, &conn(), &[payment("a"), payment("b")], at);
        assert_eq!(n.text, "2 payments were saved in ReviewRover, the first a.");
        let n = Notice::deleted(&conn(), "a", Place::parse("/c/rr"));
        assert_eq!(n.text, "Payment a was deleted from ReviewRover.");
        assert_eq!(n.link, None);
    }
}
