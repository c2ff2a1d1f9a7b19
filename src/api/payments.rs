//! The console's data provider: every payment operation a page performs,
//! built by the connection's vendor and run with retries where safe.

use payments_model::message::NetworkMessage;
use payments_model::vendors::Retrieve;
use payments_model::version::{Conflict, Read, OVERWRITE_HEADER, READ_HEADER};
use payments_model::{ApiError, Connection, ErrorKind, HttpRequest, ListPage, ListQuery, Payment};
use serde_json::{Map, Value};

use super::{run, Progress};

/// One page of payments.
pub async fn list(
    conn: &Connection,
    query: &ListQuery,
    progress: Progress<'_>,
) -> Result<ListPage, ApiError> {
    list_as(&super::tokens::fresh(conn).await?, query, progress).await
}

/// One page of payments with the credentials `conn` already holds.
async fn list_as(
    conn: &Connection,
    query: &ListQuery,
    progress: Progress<'_>,
) -> Result<ListPage, ApiError> {
    let v = conn.vendor;
    // Days in the filters are the console's time zone's days.
    let zoned = v.profile().list.in_zone(query, &crate::zone::current());
    let query = &zoned;
    let req = v.list_request(conn, query);
    let open = |r: &_| {
        crate::timing::mark(crate::timing::LIST_ANSWER);
        v.open_list(conn, query, r)
    };
    let mut list = run(req, open, progress).await?;
    // A long answer is read in parts, each in a task of its own: the
    // browser draws and takes input before, between and after them, so
    // neither the answer's arrival nor the drawing of its rows shares a
    // task with reading it.
    let long = list.unread() > READ_AT_ONCE;
    while list.unread() > 0 {
        if long {
            super::sleep_ms(0).await;
        }
        let start = js_sys::Date::now();
        while list.unread() > 0 && js_sys::Date::now() - start < READ_FOR_MS {
            list.read_some(READ_AT_ONCE, |item| v.read_list_item(conn, item));
        }
    }
    if long {
        super::sleep_ms(0).await;
    }
    Ok(list.page)
}

/// The payments of every page of `query`'s list, from its first page,
/// at the vendor's largest page size. After each page `on_page` is told
/// how many pages are read, how many there are (where the vendor says)
/// and how many payments so far; `stopped` is asked before each next page.
/// Rate limits are waited out as for any read (`progress` says so).
/// `Ok(None)` when stopped.
pub async fn all_pages(
    conn: &Connection,
    query: &ListQuery,
    on_page: &dyn Fn(u32, Option<u32>, usize),
    stopped: &dyn Fn() -> bool,
    progress: Progress<'_>,
) -> Result<Option<Gathered>, ApiError> {
    first_pages(conn, query, usize::MAX, on_page, stopped, progress).await
}

/// As [`all_pages`], ending once `at_most` payments are read (the last
/// page read may take it past that).
pub async fn first_pages(
    conn: &Connection,
    query: &ListQuery,
    at_most: usize,
    on_page: &dyn Fn(u32, Option<u32>, usize),
    stopped: &dyn Fn() -> bool,
    progress: Progress<'_>,
) -> Result<Option<Gathered>, ApiError> {
    let conn = &super::tokens::fresh(conn).await?;
    let mut q = query.from_start();
    if let Some(max) = conn.vendor.list_spec().pagination.max_size() {
        q = q.with_size(max);
    }
    let mut gathered = Gathered::default();
    for pages in 1..=MAX_PAGES {
        if stopped() {
            return Ok(None);
        }
        let page = list_as(conn, &q, progress).await?;
        gathered.unreadable += page.unreadable.len();
        gathered.payments.extend(page.items);
        on_page(pages, page.info.total_pages, gathered.payments.len());
        if gathered.payments.len() >= at_most {
            break;
        }
        match q.next(&page.info) {
            Some(next) if next != q => q = next,
            _ => break,
        }
    }
    Ok((!stopped()).then_some(gathered))
}

/// The most pages read for one list: a vendor that always says there is
/// more stops here.
const MAX_PAGES: u32 = 10_000;

/// What reading a list whole found.
#[derive(Debug, Default)]
pub struct Gathered {
    pub payments: Vec<Payment>,
    /// Items of the answers that could not be read as payments.
    pub unreadable: usize,
}

/// How long list items are read before the browser gets a turn, in
/// milliseconds: well under the 50 ms a task may take before input waits.
const READ_FOR_MS: f64 = 12.0;

/// How many list items are read between looks at the clock; a list of
/// at most this many is read in the task its answer arrives in.
const READ_AT_ONCE: usize = 100;

/// One payment, fetched the way its vendor allows: with its endpoint for
/// one, or from a list whose answer holds it.
pub async fn load(
    conn: &Connection,
    id: &str,
    progress: Progress<'_>,
) -> Result<Payment, ApiError> {
    let conn = &super::tokens::fresh(conn).await?;
    let v = conn.vendor.operations();
    let not_found = || {
        let mut e = ApiError::from_status(404, None);
        e.message = NetworkMessage::NoSuchPayment { id: id.to_string() }.into();
        e
    };
    match v.retrieve(conn, id) {
        Retrieve::Request(req) => run(req, |r| v.decode_payment(conn, r), progress).await,
        Retrieve::FromList(query) => {
            // The token is fresh already: the host's callback is asked once.
            let page = list_as(conn, &query, progress).await?;
            page.items
                .into_iter()
                .find(|x| x.id == id)
                .ok_or_else(not_found)
        }
        Retrieve::NotFound => Err(not_found()),
    }
}

/// What looking for a create whose answer was lost found.
pub enum Lookup {
    /// The payment it made.
    Saved(Box<Payment>),
    /// No such payment: it was not saved.
    NotSaved,
    /// Nothing the create sent lets the vendor's payments tell.
    CannotTell,
}

/// Looks for the payment a create with the values `sent` made: by the
/// reference it carried, or what else the vendor identifies it by.
pub async fn find_created(
    conn: &Connection,
    sent: &Map<String, Value>,
) -> Result<Lookup, ApiError> {
    let conn = &super::tokens::fresh(conn).await?;
    let v = conn.vendor.operations();
    let found = match v.find_created(conn, sent) {
        Retrieve::Request(req) => {
            match run(req, |r| v.decode_payment(conn, r), &super::quietly).await {
                Ok(p) => v.made_by(&p, sent).then_some(p),
                Err(e) if e.kind == ErrorKind::NotFound => None,
                Err(e) => return Err(e),
            }
        }
        Retrieve::FromList(query) => {
            let page = list_as(conn, &query, &super::quietly).await?;
            page.items.into_iter().find(|p| v.made_by(p, sent))
        }
        Retrieve::NotFound => return Ok(Lookup::CannotTell),
    };
    Ok(found.map_or(Lookup::NotSaved, |p| Lookup::Saved(Box::new(p))))
}

/// What a write to an existing payment was made from
/// ([`payments_model::version`]): through the gateway it travels with
/// the request, which the gateway compares with the payment as it is
/// then; without one, the payment is read again just before the write
/// and compared here (a narrower window, and the console says so).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MadeFrom {
    /// The payment written.
    pub id: String,
    pub read: Read,
    /// The person chose to write over whatever changed since.
    pub overwrite: bool,
}

impl MadeFrom {
    pub fn new(id: &str, read: Read) -> MadeFrom {
        MadeFrom {
            id: id.to_string(),
            read,
            overwrite: false,
        }
    }

    /// The same, written over what changed since.
    pub fn overwriting(mut self) -> MadeFrom {
        self.overwrite = true;
        self
    }
}

/// The refusal of a write made from a stale read, found here.
pub fn stale(conflict: Conflict) -> ApiError {
    let mut e = ApiError::new(ErrorKind::Conflict, conflict.message());
    e.status = Some(409);
    e.conflict = Some(Box::new(conflict));
    e
}

/// Marks `req` with what it was made from (to the gateway), or checks
/// that the payment has not changed since (straight to the vendor).
async fn made_from(
    conn: &Connection,
    req: &mut HttpRequest,
    made: Option<&MadeFrom>,
) -> Result<(), ApiError> {
    let Some(m) = made else {
        return Ok(());
    };
    if super::gateway::is_gateway_url(&req.url) {
        req.headers
            .push((READ_HEADER.to_string(), m.read.to_header()));
        if m.overwrite {
            req.headers.push((OVERWRITE_HEADER.to_string(), "1".into()));
        }
        return Ok(());
    }
    if m.overwrite || m.read.is_empty() {
        return Ok(());
    }
    let now = match load(conn, &m.id, &super::quietly).await {
        Ok(p) => Some(p),
        Err(e) if e.kind == ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let changes = match &now {
        Some(p) => p.changed_since(&m.read),
        None => m.read.changes(None),
    };
    if changes.is_empty() {
        return Ok(());
    }
    Err(stale(Conflict {
        changes,
        gone: now.is_none(),
        by: None,
    }))
}

/// Builds a write with a fresh token and sends it once (writes are never
/// retried). A write is judged by its status: a 2xx answer is a success
/// whatever its body, so one the console cannot read (empty, or not in the
/// documented shape) gives no payments, and the caller reads the payment
/// back.
pub async fn write(
    conn: &Connection,
    made: Option<&MadeFrom>,
    build: impl FnOnce(&Connection) -> Option<HttpRequest>,
) -> Result<Vec<Payment>, ApiError> {
    let conn = &super::tokens::fresh(conn).await?;
    let v = conn.vendor.operations();
    let mut req = build(conn)
        .ok_or_else(|| ApiError::new(ErrorKind::Rejected, NetworkMessage::VendorCannot))?;
    made_from(conn, &mut req, made).await?;
    run(
        req,
        |r| match v.decode_written(conn, r) {
            Err(e) if r.is_success() && e.kind == ErrorKind::Decode => Ok(Vec::new()),
            other => other,
        },
        &super::quietly,
    )
    .await
}

/// Deletes a payment; an answer with no body is success.
pub async fn delete(conn: &Connection, id: &str, made: Option<&MadeFrom>) -> Result<(), ApiError> {
    let conn = &super::tokens::fresh(conn).await?;
    let v = conn.vendor.operations();
    let mut req = v
        .delete_request(conn, id)
        .ok_or_else(|| ApiError::new(ErrorKind::Rejected, NetworkMessage::VendorCannotDelete))?;
    made_from(conn, &mut req, made).await?;
    run(
        req,
        |r| {
            if r.is_success() {
                Ok(())
            } else {
                v.decode_written(conn, r).map(|_| ())
            }
        },
        &super::quietly,
    )
    .await
}
