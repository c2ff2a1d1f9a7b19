//! The console's own routing: which page an address shows ([`Route`]),
//! with the list query beside it, and how addresses are kept
//! ([`RoutingMode`]): in the page's path under a base the host grants, in
//! the hash, or only in memory, so an embedded console never touches a
//! host's routes. [`Router`] is the browser side; everything else here is
//! plain data, tested natively.

mod browser;
mod memory;

pub use browser::{Link, Router};
pub use memory::ListMemory;

use payments_model::http::{encode_query, parse_query, percent_decode, percent_encode};

/// A page of the console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The first connection's payments, or the connections page.
    Home,
    Connections,
    /// The gateway's record of writes.
    Activity,
    /// The person's sessions on the gateway.
    Sessions,
    /// The approval requests (four eyes).
    Approvals,
    /// One approval request.
    Approval {
        id: i64,
    },
    /// Every connection's payments in one list.
    All,
    List {
        connection_id: String,
    },
    New {
        connection_id: String,
    },
    Detail {
        connection_id: String,
        pid: String,
    },
    Edit {
        connection_id: String,
        pid: String,
    },
    NotFound,
}

impl Route {
    /// Reads a console path such as `/c/whop/p/pay_1`.
    pub fn parse(path: &str) -> Route {
        let parts: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect();
        let p: Vec<&str> = parts.iter().map(String::as_str).collect();
        let own = |s: &str| s.to_string();
        match p.as_slice() {
            [] => Route::Home,
            ["connections"] => Route::Connections,
            ["activity"] => Route::Activity,
            ["sessions"] => Route::Sessions,
            ["approvals"] => Route::Approvals,
            ["approvals", id] => match id.parse() {
                Ok(id) => Route::Approval { id },
                Err(_) => Route::NotFound,
            },
            ["all"] => Route::All,
            ["c", c] => Route::List {
                connection_id: own(c),
            },
            ["c", c, "new"] => Route::New {
                connection_id: own(c),
            },
            ["c", c, "p", id] => Route::Detail {
                connection_id: own(c),
                pid: own(id),
            },
            ["c", c, "p", id, "edit"] => Route::Edit {
                connection_id: own(c),
                pid: own(id),
            },
            _ => Route::NotFound,
        }
    }

    /// The console path of this page.
    pub fn path(&self) -> String {
        let e = |s: &str| percent_encode(s);
        match self {
            Route::Home | Route::NotFound => "/".into(),
            Route::Connections => "/connections".into(),
            Route::Activity => "/activity".into(),
            Route::Sessions => "/sessions".into(),
            Route::Approvals => "/approvals".into(),
            Route::Approval { id } => format!("/approvals/{id}"),
            Route::All => "/all".into(),
            Route::List { connection_id } => format!("/c/{}", e(connection_id)),
            Route::New { connection_id } => format!("/c/{}/new", e(connection_id)),
            Route::Detail { connection_id, pid } => format!("/c/{}/p/{}", e(connection_id), e(pid)),
            Route::Edit { connection_id, pid } => {
                format!("/c/{}/p/{}/edit", e(connection_id), e(pid))
            }
        }
    }

    /// Whether a navigation link to this page marks `shown` as current:
    /// the same page, or any page of the connection it lists.
    pub fn covers(&self, shown: &Route) -> bool {
        match self {
            Route::List { connection_id } => shown.connection_id() == Some(connection_id.as_str()),
            Route::Approvals => matches!(shown, Route::Approvals | Route::Approval { .. }),
            other => other == shown,
        }
    }

    /// The id of the connection the page belongs to, if any.
    pub fn connection_id(&self) -> Option<&str> {
        match self {
            Route::List { connection_id } | Route::New { connection_id } => Some(connection_id),
            Route::Detail { connection_id, .. } | Route::Edit { connection_id, .. } => {
                Some(connection_id)
            }
            _ => None,
        }
    }
}

/// A page and its query (the list's filters and page): every in-app link
/// and redirect is one, and its `href` is written only here, with each id
/// percent-encoded once by [`Route::path`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub route: Route,
    pub query: Vec<(String, String)>,
}

impl From<Route> for Place {
    /// The page with no query.
    fn from(route: Route) -> Place {
        Place {
            route,
            query: Vec::new(),
        }
    }
}

impl Place {
    /// Reads `path?query` as written in a console link.
    pub fn parse(href: &str) -> Place {
        let href = href.split('#').next().unwrap_or("");
        let (path, query) = href.split_once('?').unwrap_or((href, ""));
        Place {
            route: Route::parse(path),
            query: parse_query(query),
        }
    }

    /// `path?query` as written in a console link.
    pub fn href(&self) -> String {
        let qs = encode_query(&self.query);
        if qs.is_empty() {
            self.route.path()
        } else {
            format!("{}?{qs}", self.route.path())
        }
    }
}

/// Where the console keeps its address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoutingMode {
    /// In the page's path, under `base` (`""` for the whole site).
    History { base: String },
    /// In the fragment: `#/c/whop?page=2`.
    Hash,
    /// Nowhere: the host page's address never changes.
    Memory,
}

impl RoutingMode {
    /// Parses `history`, `history:/base`, `hash` or `memory`.
    pub fn parse(text: &str) -> Option<RoutingMode> {
        match text.trim() {
            "hash" => Some(RoutingMode::Hash),
            "memory" => Some(RoutingMode::Memory),
            "history" | "" => Some(RoutingMode::History {
                base: String::new(),
            }),
            other => other
                .strip_prefix("history:")
                .map(|b| RoutingMode::History {
                    base: b.trim_end_matches('/').to_string(),
                }),
        }
    }

    /// The console link `href` as the browser's address bar shows it.
    pub fn outer(&self, href: &str) -> String {
        match self {
            RoutingMode::History { base } => format!("{base}{href}"),
            RoutingMode::Hash => format!("#{href}"),
            RoutingMode::Memory => href.to_string(),
        }
    }

    /// The console link in a browser address (`path`, `search`, `hash`),
    /// or `None` when the address is outside what the console owns.
    pub fn inner(&self, path: &str, search: &str, hash: &str) -> Option<String> {
        match self {
            RoutingMode::History { base } => {
                let rest = path.strip_prefix(base.as_str())?;
                if !(rest.is_empty() || rest.starts_with('/')) {
                    return None;
                }
                let rest = if rest.is_empty() { "/" } else { rest };
                Some(format!("{rest}{search}"))
            }
            // The console's own links are `#/…`; any other hash (a host's
            // anchor) is not the console's.
            RoutingMode::Hash => {
                let h = hash.trim_start_matches('#');
                h.starts_with('/').then(|| h.to_string())
            }
            RoutingMode::Memory => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_round_trip_with_awkward_ids() {
        let routes = [
            Route::Home,
            Route::Connections,
            Route::List {
                connection_id: "whop".into(),
            },
            Route::New {
                connection_id: "bp".into(),
            },
            Route::Detail {
                connection_id: "rr".into(),
                pid: "inv 7/8".into(),
            },
            Route::Edit {
                connection_id: "2c".into(),
                pid: "18446744073709551615".into(),
            },
        ];
        for r in routes {
            assert_eq!(Route::parse(&r.path()), r, "{}", r.path());
        }
        assert_eq!(
            Route::parse("/c/rr/p/inv%207%2F8"),
            Route::Detail {
                connection_id: "rr".into(),
                pid: "inv 7/8".into()
            }
        );
        assert_eq!(Route::parse("/nope/x"), Route::NotFound);
        assert_eq!(Route::parse("/approvals/12"), Route::Approval { id: 12 });
        assert_eq!(Route::parse("/approvals/x"), Route::NotFound);
        assert_eq!(Route::parse(&Route::Approvals.path()), Route::Approvals);
        assert!(Route::Approvals.covers(&Route::Approval { id: 3 }));
        assert_eq!(
            Route::parse("//c//whop/"),
            Route::List {
                connection_id: "whop".into()
            }
        );
    }

    #[test]
    fn a_list_link_covers_every_page_of_its_connection() {
        let list = Route::List {
            connection_id: "rr".into(),
        };
        assert!(list.covers(&Route::Detail {
            connection_id: "rr".into(),
            pid: "1".into()
        }));
        assert!(list.covers(&Route::New {
            connection_id: "rr".into()
        }));
        assert!(!list.covers(&Route::List {
            connection_id: "bp".into()
        }));
        assert!(!list.covers(&Route::Connections));
        assert!(Route::Connections.covers(&Route::Connections));
        assert!(!Route::Home.covers(&Route::Connections));
        let place: Place = Route::Detail {
            connection_id: "a b".into(),
            pid: "x/y".into(),
        }
        .into();
        assert_eq!(place.href(), "/c/a%20b/p/x%2Fy");
    }

    #[test]
    fn places_keep_their_query() {
        let p = Place::parse("/c/rr?status=pending&page=2#x");
        assert_eq!(
            p.route,
            Route::List {
                connection_id: "rr".into()
            }
        );
        assert_eq!(
            p.query,
            vec![
                ("status".into(), "pending".into()),
                ("page".into(), "2".into())
            ]
        );
        assert_eq!(p.href(), "/c/rr?status=pending&page=2");
    }

    #[test]
    fn modes_map_addresses_both_ways() {
        let h = RoutingMode::parse("history:/admin/payments/").unwrap();
        assert_eq!(h.outer("/c/rr?page=2"), "/admin/payments/c/rr?page=2");
        assert_eq!(
            h.inner("/admin/payments/c/rr", "?page=2", "").as_deref(),
            Some("/c/rr?page=2")
        );
        assert_eq!(h.inner("/admin/payments", "", "").as_deref(), Some("/"));
        assert_eq!(
            h.inner("/admin/paymentsX", "", ""),
            None,
            "outside the base"
        );
        assert_eq!(h.inner("/orders", "", ""), None);
        let hash = RoutingMode::parse("hash").unwrap();
        assert_eq!(hash.outer("/connections"), "#/connections");
        assert_eq!(
            hash.inner("/anything", "?a=1", "#/c/rr?page=3").as_deref(),
            Some("/c/rr?page=3")
        );
        assert_eq!(hash.inner("/", "", ""), None, "no hash: the start page");
        assert_eq!(
            hash.inner("/", "", "#top"),
            None,
            "a host's anchor is not the console's"
        );
        assert_eq!(
            RoutingMode::parse("memory").unwrap().inner("/", "", ""),
            None
        );
        assert_eq!(
            RoutingMode::parse("history"),
            Some(RoutingMode::History {
                base: String::new()
            })
        );
        assert_eq!(RoutingMode::parse("sideways"), None);
    }
}
