//! The gateway's side of [`payments_model::version`]: what a write says
//! it was made from ([`MadeFrom`], from its headers), the payment as the
//! vendor has it now ([`current`]: its endpoint for one payment, else the
//! list that holds it), and who made a change that stands
//! ([`changed_by`], from the audit log, when it went through this
//! gateway). [`super::handlers::forward`] compares them under a
//! [`super::leases::Lease`].
//!
//! A write that says nothing of what it was made from (a script's) is
//! forwarded as before: the console always says.

use axum::body::Bytes;
use axum::http::HeaderMap;
use payments_model::message::GatewayMessage;
use payments_model::vendors::Retrieve;
use payments_model::version::{
    same, ChangedBy, Conflict, Read, ReadError, OVERWRITE_HEADER, READ_HEADER,
};
use payments_model::{Connection, ErrorKind as ModelErrorKind, Message, Payment};
use sqlx::Row;

use super::audit::fields_from;
use super::error::{ErrorKind, GatewayError};
use super::store::Store;
use super::Gateway;

/// What a write was made from, as its headers say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MadeFrom {
    pub read: Read,
    /// The person chose to write over whatever changed since.
    pub overwrite: bool,
}

impl MadeFrom {
    /// What `headers` say; `None` when they say nothing.
    pub fn of(headers: &HeaderMap) -> Result<Option<MadeFrom>, GatewayError> {
        let Some(value) = headers.get(READ_HEADER) else {
            return Ok(None);
        };
        let unreadable = || GatewayError::bad_request(GatewayMessage::ReadUnreadable);
        let text = value.to_str().map_err(|_| unreadable())?;
        let read = Read::from_header(text).map_err(|e| match e {
            ReadError::TooLarge | ReadError::Malformed => unreadable(),
        })?;
        let overwrite = headers
            .get(OVERWRITE_HEADER)
            .is_some_and(|v| v.as_bytes() == b"1");
        Ok(Some(MadeFrom { read, overwrite }))
    }
}

/// Payment `id` of `conn` as the vendor has it now; `None` when it is
/// gone; why it could not be read otherwise.
pub async fn current(
    gw: &Gateway,
    conn: &Connection,
    id: &str,
) -> Result<Option<Payment>, Message> {
    let ops = conn.vendor.operations();
    match ops.retrieve(conn, id) {
        Retrieve::Request(req) => {
            let answer = gw
                .vendors
                .send(&conn.vendor.sign(conn, req), None, Bytes::new())
                .await?;
            match ops.decode_payment(conn, &answer) {
                Ok(p) => Ok(Some(p)),
                Err(e) if e.kind == ModelErrorKind::NotFound => Ok(None),
                Err(e) => Err(e.message),
            }
        }
        Retrieve::FromList(query) => {
            let req = conn
                .vendor
                .sign(conn, conn.vendor.list_request(conn, &query));
            let answer = gw.vendors.send(&req, None, Bytes::new()).await?;
            let page = conn
                .vendor
                .decode_list(conn, &query, &answer)
                .map_err(|e| e.message)?;
            Ok(page.items.into_iter().find(|p| p.id == id))
        }
        Retrieve::NotFound => Ok(None),
    }
}

/// The refusal of a write made from a stale read: 409, with what changed.
pub fn conflict(c: Conflict) -> GatewayError {
    GatewayError::new(ErrorKind::Conflict, c.message()).with_conflict(c)
}

/// The refusal of a write whose payment could not be read to compare.
pub fn unchecked(reason: Message) -> GatewayError {
    GatewayError::new(
        ErrorKind::Vendor,
        GatewayMessage::VersionUnchecked {
            reason: Box::new(reason),
        },
    )
}

/// Whether a sent field (`payment.amount`) and a payment's field
/// (`amount`) name the same thing: one is the other, or ends with it.
fn same_field(sent: &str, field: &str) -> bool {
    sent == field || sent.ends_with(&format!(".{field}")) || field.ends_with(&format!(".{sent}"))
}

/// Who made the change `c` found in payment `id` of `connection`: the
/// newest successful write through this gateway that deleted it (when it
/// is gone) or sent one of the changed fields its value now.
pub async fn changed_by(
    store: &Store,
    connection: &str,
    id: &str,
    c: &Conflict,
) -> sqlx::Result<Option<ChangedBy>> {
    let rows = sqlx::query(
        "SELECT a.person AS person, b.at AS at, a.kind AS kind, a.sent AS sent
         FROM audit_log a JOIN audit_log b ON b.answer_to = a.seq
         WHERE a.connection = $1 AND a.payment_id = $2 AND a.answer_to IS NULL
           AND b.status >= 200 AND b.status < 300
         ORDER BY a.seq DESC LIMIT 50",
    )
    .bind(connection.to_string())
    .bind(id.to_string())
    .fetch_all(store.pool())
    .await?;
    for r in rows {
        let kind: String = r.try_get("kind")?;
        let sent = fields_from(r.try_get("sent")?);
        let made_it = if c.gone {
            kind == "delete"
        } else {
            c.changes.iter().any(|ch| {
                sent.iter()
                    .any(|(k, v)| same_field(k, &ch.field) && same(Some(v), ch.now.as_deref()))
            })
        };
        if made_it {
            return Ok(Some(ChangedBy {
                person: r.try_get("person")?,
                at: r.try_get("at")?,
            }));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn a_write_says_what_it_was_made_from_or_nothing() {
        let mut h = HeaderMap::new();
        assert_eq!(MadeFrom::of(&h).unwrap(), None);
        let read = Read(vec![("amount".into(), Some("100.00".into()))]);
        h.insert(
            READ_HEADER,
            HeaderValue::from_str(&read.to_header()).unwrap(),
        );
        let made = MadeFrom::of(&h).unwrap().unwrap();
        assert_eq!((made.read, made.overwrite), (read, false));
        h.insert(OVERWRITE_HEADER, HeaderValue::from_static("1"));
        assert!(MadeFrom::of(&h).unwrap().unwrap().overwrite);
        h.insert(READ_HEADER, HeaderValue::from_static("%7Bnot-pairs"));
        let e = MadeFrom::of(&h).unwrap_err();
        assert_eq!(e.kind, ErrorKind::BadRequest);
    }

    #[test]
    fn sent_fields_match_the_payments_fields_they_name() {
        assert!(same_field("amount", "amount"));
        assert!(same_field("payment.amount", "amount"));
        assert!(same_field("city", "billing_address.city"));
        assert!(!same_field("amount_due", "amount"));
    }
}
