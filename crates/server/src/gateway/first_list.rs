//! The first list a page will ask for, asked for by the page itself: for
//! a signed-in person opening `/` (the first connection's list) or
//! `/c/<id>` with no filters, the server knows which request the console
//! will send once its module has started, because it builds connections
//! and requests with the same model. The page then carries a
//! `<link rel="preload">` for it, and the list's answer travels while the
//! module downloads and compiles instead of after.

use axum::http::HeaderMap;
use payments_model::http::{HttpRequest, Method};
use payments_model::query::ListQuery;
use payments_model::Connection;

use super::{as_shown, Gateway};

/// The connection whose list the page at `path` opens with its vendor's
/// defaults: `/` the first one, `/c/<id>` that one (ids the address
/// carries as they are). Anything else opens no list, or not with the
/// defaults.
pub fn connection_for<'a>(connections: &'a [Connection], path: &str) -> Option<&'a Connection> {
    if path == "/" {
        return connections.first();
    }
    let id = path.strip_prefix("/c/")?;
    connections.iter().find(|c| c.id == id && !id.contains('/'))
}

/// The address of the first list's request of the page at `path` with
/// query `query`, as the console will send it, when the person is signed
/// in; `None` when the page opens no list with its defaults, nobody is
/// signed in, or the store does not answer (the page then simply asks
/// later).
pub async fn first_list(
    gw: &Gateway,
    headers: &HeaderMap,
    path: &str,
    query: Option<&str>,
) -> Option<String> {
    if query.is_some_and(|q| !q.is_empty()) {
        return None;
    }
    let conn = as_shown(connection_for(&gw.config.connections, path)?);
    gw.sessions.find(headers).await.ok()??;
    let (_, req) = first_request(&conn);
    (req.method == Method::Get).then(|| as_the_browser_asks(&req.url_with_query()))
}

/// The query a list opens with (its vendor's defaults) and the request
/// the console sends for it on `shown` (a connection as the console knows
/// it, through the gateway).
pub fn first_request(shown: &Connection) -> (ListQuery, HttpRequest) {
    let spec = shown.vendor.list_spec();
    let defaults = ListQuery::from_params(&[], spec.pagination, &spec.filter_names());
    let req = shown.vendor.list_request(shown, &defaults);
    (defaults, req)
}

/// `url` as the console's transport (gloo-net 0.6's `RequestBuilder`)
/// turns it into a request: an address with a query gets a `&` after it
/// (it joins the address's query and its own, empty, with one). A preload
/// is only taken for the very same address; the journey `first_visit`
/// fails if the two ever part.
fn as_the_browser_asks(url: &str) -> String {
    if url.contains('?') {
        format!("{url}&")
    } else {
        url.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connections() -> Vec<Connection> {
        ["rr", "two"]
            .into_iter()
            .map(|id| Connection {
                id: id.into(),
                vendor: payments_model::vendors::reviewrover::VENDOR,
                name: id.into(),
                base_url: "http://vendor.test/api/v1".into(),
                credentials: payments_model::Credentials::new("bearer", [("token", "secret")]),
                scope: payments_model::connection::Scope::all(),
                currency: None,
            })
            .collect()
    }

    #[test]
    fn the_start_opens_the_first_connection_and_a_list_address_its_own() {
        let cs = connections();
        assert_eq!(connection_for(&cs, "/").map(|c| c.id.as_str()), Some("rr"));
        assert_eq!(
            connection_for(&cs, "/c/two").map(|c| c.id.as_str()),
            Some("two")
        );
        for other in [
            "/c/none",
            "/c/two/new",
            "/c/two/p1",
            "/connections",
            "/all",
            "/c/",
        ] {
            assert!(connection_for(&cs, other).is_none(), "{other}");
        }
    }

    #[test]
    fn the_shown_connection_goes_through_the_gateway_without_its_secret() {
        let shown = as_shown(&connections()[1]);
        assert_eq!(shown.base_url, "/gateway/two");
        assert!(!format!("{:?}", shown.credentials).contains("secret"));
        let spec = shown.vendor.list_spec();
        let defaults = ListQuery::from_params(&[], spec.pagination, &spec.filter_names());
        let url = shown
            .vendor
            .list_request(&shown, &defaults)
            .url_with_query();
        assert!(url.starts_with("/gateway/two/payments?"), "{url}");
    }

    #[test]
    fn an_address_with_a_query_is_asked_for_with_a_closing_ampersand() {
        assert_eq!(
            as_the_browser_asks("/g/p?page=1&limit=25"),
            "/g/p?page=1&limit=25&"
        );
        assert_eq!(as_the_browser_asks("/g/p"), "/g/p");
    }
}
