//! The console's data provider: every payment operation a page performs,
//! built by the connection's adapter and run with retries where safe.

use payments_model::providers::{for_vendor, Provider};
use payments_model::query::PageRequest;
use payments_model::{ApiError, Connection, ErrorKind, HttpRequest, ListPage, ListQuery, Payment};

use super::{run, Waiting};

fn provider(conn: &Connection) -> &'static dyn Provider {
    for_vendor(conn.vendor)
}

/// One page of payments.
pub async fn list(
    conn: &Connection,
    query: &ListQuery,
    waiting: Option<Waiting>,
) -> Result<ListPage, ApiError> {
    list_as(&super::tokens::fresh(conn).await?, query, waiting).await
}

/// One page of payments with the credentials `conn` already holds.
async fn list_as(
    conn: &Connection,
    query: &ListQuery,
    waiting: Option<Waiting>,
) -> Result<ListPage, ApiError> {
    let p = provider(conn);
    let req = p.list_request(conn, query);
    run(req, |r| p.decode_list(conn, query, r), waiting).await
}

/// One payment. Where the vendor has no endpoint for one (2cloud), it is
/// read from the list: the page of one payment before the next id.
pub async fn load(
    conn: &Connection,
    id: &str,
    waiting: Option<Waiting>,
) -> Result<Payment, ApiError> {
    let conn = &super::tokens::fresh(conn).await?;
    let p = provider(conn);
    if let Some(req) = p.get_request(conn, id) {
        return run(req, |r| p.decode_payment(conn, r), waiting).await;
    }
    let not_found = || {
        ApiError::from_status(
            404,
            Some(format!(
                "There is no payment {id} that these credentials can see."
            )),
        )
    };
    let next = id
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_add(1))
        .ok_or_else(not_found)?;
    let mut query = ListQuery::first_page(p.list_spec().pagination);
    query.page = PageRequest::Cursor {
        after: None,
        before: Some(next.to_string()),
        count: 1,
    };
    // The token is fresh already: the host's callback is asked once.
    let page = list_as(conn, &query, waiting).await?;
    page.items
        .into_iter()
        .find(|x| x.id == id)
        .ok_or_else(not_found)
}

/// Builds a write with a fresh token and sends it once (writes are never
/// retried).
pub async fn write(
    conn: &Connection,
    build: impl FnOnce(&Connection) -> Option<HttpRequest>,
) -> Result<Vec<Payment>, ApiError> {
    let conn = &super::tokens::fresh(conn).await?;
    let p = provider(conn);
    let req = build(conn)
        .ok_or_else(|| ApiError::new(ErrorKind::Rejected, "This vendor does not do that."))?;
    run(req, |r| p.decode_written(conn, r), None).await
}

/// Deletes a payment; an answer with no body is success.
pub async fn delete(conn: &Connection, id: &str) -> Result<(), ApiError> {
    let conn = &super::tokens::fresh(conn).await?;
    let p = provider(conn);
    let req = p.delete_request(conn, id).ok_or_else(|| {
        ApiError::new(ErrorKind::Rejected, "This vendor does not delete payments.")
    })?;
    run(
        req,
        |r| {
            if r.is_success() {
                Ok(())
            } else {
                p.decode_written(conn, r).map(|_| ())
            }
        },
        None,
    )
    .await
}
