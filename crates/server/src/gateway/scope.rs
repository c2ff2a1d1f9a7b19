//! Whether a payment lies within a connection's scope, where the path
//! alone cannot tell ([`payments_model::vendors::Reach::IfListed`]): the
//! gateway reads the connection's own (scoped) list, page by page, and
//! looks for the payment, at most [`MAX_PAGES`] pages.

use axum::body::Bytes;
use payments_model::query::ListQuery;
use payments_model::{Connection, Message};

use super::Gateway;

/// Pages read at most before giving up (and refusing).
pub const MAX_PAGES: usize = 50;

/// Whether payment `id` is on `conn`'s list `list`; why not, if the list
/// could not be read.
pub async fn listed(
    gw: &Gateway,
    conn: &Connection,
    id: &str,
    list: ListQuery,
) -> Result<bool, Message> {
    let mut query = list;
    for _ in 0..MAX_PAGES {
        let req = conn
            .vendor
            .sign(conn, conn.vendor.list_request(conn, &query));
        let answer = gw.vendors.send(&req, None, Bytes::new()).await?;
        let page = conn
            .vendor
            .decode_list(conn, &query, &answer)
            .map_err(|e| e.message)?;
        if page.items.iter().any(|p| p.id == id) {
            return Ok(true);
        }
        match query.next(&page.info) {
            Some(next) => query = next,
            None => return Ok(false),
        }
    }
    Ok(false)
}
