//! Reading the audit log: the attempts that match a [`Filter`], newest
//! first, a page at a time by cursor (a row's `seq`, never an offset, so
//! rows that arrive while someone pages never shift what they see), how
//! many match, and every matching row as CSV, read in batches so memory
//! stays flat whatever the log's size. An attempt is shown with its
//! answer row merged in.

use payments_model::activity::{read_reason, ChangeKind, Context, KindFilter, Method, Outcome};
use payments_model::message::GatewayMessage;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::gateway::store::Store;

use super::{fields_from, Entry};

/// Which attempts to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub person: Option<String>,
    pub connection: Option<String>,
    /// A kind of change, or the attempts the gateway refused.
    pub kind: Option<KindFilter>,
    /// A payment's id, as the vendor reads it.
    pub payment: Option<String>,
    /// The first day (`YYYY-MM-DD`, UTC) and the last, both included; or
    /// the first and last instants (`YYYY-MM-DDTHH:MM:SSZ`), as the
    /// console sends a day of the person's time zone.
    pub from: Option<String>,
    pub to: Option<String>,
}

fn is_day(text: &str) -> bool {
    text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// `YYYY-MM-DDTHH:MM:SSZ`, the one form rows are stamped in.
fn is_instant(text: &str) -> bool {
    text.len() == 20
        && text.ends_with('Z')
        && chrono::NaiveDateTime::parse_from_str(&text[..19], "%Y-%m-%dT%H:%M:%S").is_ok()
}

/// The kind filter `text` names; the message naming every kind when it
/// names none.
pub fn kind_filter(text: &str) -> Result<KindFilter, GatewayMessage> {
    KindFilter::parse(text).ok_or_else(|| GatewayMessage::ActivityKind {
        kinds: KindFilter::all()
            .iter()
            .map(KindFilter::as_str)
            .collect::<Vec<_>>()
            .join(", "),
    })
}

impl Filter {
    /// Checks the bounds a person typed; the first problem.
    pub fn check(&self) -> Result<(), GatewayMessage> {
        for (name, bound) in [("from", &self.from), ("to", &self.to)] {
            if let Some(b) = bound {
                if !is_day(b) && !is_instant(b) {
                    return Err(GatewayMessage::ActivityBound {
                        name: name.to_string(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The upper bound of `to`: `(<, the day after)` for a day, `(<=, it)`
    /// for an instant (rows are stamped to the second, as instants are
    /// written here, so text order is time order).
    fn until(&self) -> Option<(&'static str, String)> {
        let to = self.to.as_deref()?;
        if is_instant(to) {
            return Some(("<=", to.to_string()));
        }
        let day = chrono::NaiveDate::parse_from_str(to, "%Y-%m-%d").ok()?;
        day.succ_opt()
            .map(|d| ("<", d.format("%Y-%m-%d").to_string()))
    }

    /// The filter's `WHERE` clause over `a` (the attempt) and `b` (its
    /// answer), and its values.
    fn clause(&self) -> (String, Vec<String>) {
        let mut parts = vec!["a.answer_to IS NULL".to_string()];
        if self.kind == Some(KindFilter::Refused) {
            parts.push(format!("a.outcome = '{}'", Outcome::Refused.as_str()));
        }
        if self.kind == Some(KindFilter::Conflict) {
            // Caught, or overwritten on purpose (its context says so).
            parts.push(format!(
                "(a.outcome = '{}' OR a.context LIKE '%\"overwrote\":true%')",
                Outcome::Conflict.as_str()
            ));
        }
        let mut values: Vec<String> = Vec::new();
        let mut add = |sql: &str, v: String| {
            values.push(v);
            parts.push(sql.replace('?', &format!("${}", values.len())));
        };
        if let Some(p) = &self.person {
            add("a.person = ?", p.clone());
        }
        if let Some(c) = &self.connection {
            add("a.connection = ?", c.clone());
        }
        if let Some(KindFilter::Kind(k)) = &self.kind {
            add("a.kind = ?", k.as_str().to_string());
        }
        if let Some(p) = &self.payment {
            add(
                "(',' || COALESCE(a.payment_id, b.payment_id) || ',') LIKE ('%,' || ? || ',%') ESCAPE '\\'",
                p.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"),
            );
        }
        if let Some(f) = &self.from {
            add("a.at >= ?", f.clone());
        }
        if let Some((op, u)) = self.until() {
            add(&format!("a.at {op} ?"), u);
        }
        (parts.join(" AND "), values)
    }
}

/// One page of attempts, newest first.
pub type Page = payments_model::activity::ActivityPage;

/// Where a page starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Cursor {
    /// The newest rows.
    #[default]
    Newest,
    /// The rows just older than `seq`.
    Before(i64),
    /// The rows just newer than `seq`.
    After(i64),
}

/// An attempt with its answer merged in, each column named as
/// [`entry`] reads it.
const SELECT: &str = "SELECT a.seq AS seq, a.at AS at, a.person AS person,
        a.connection AS connection, a.method AS method, a.path AS path, a.kind AS kind,
        COALESCE(b.outcome, a.outcome) AS outcome, COALESCE(b.status, a.status) AS status,
        COALESCE(a.payment_id, b.payment_id) AS payment_id,
        COALESCE(b.reason, a.reason) AS reason, a.sent AS sent, a.before AS before,
        a.context AS context
     FROM audit_log a LEFT JOIN audit_log b ON b.answer_to = a.seq";

/// One row of [`SELECT`], by column name.
fn entry(r: &AnyRow) -> sqlx::Result<Entry> {
    let text = |name: &str| r.try_get::<String, _>(name);
    Ok(Entry {
        seq: r.try_get("seq")?,
        at: text("at")?,
        person: text("person")?,
        connection: text("connection")?,
        method: Method::parse(&text("method")?),
        path: text("path")?,
        kind: ChangeKind::parse(&r.try_get::<Option<String>, _>("kind")?.unwrap_or_default()),
        outcome: Outcome::parse(&text("outcome")?),
        status: super::chain::status(r, "status")?,
        payment_id: r.try_get("payment_id")?,
        reason: r
            .try_get::<Option<String>, _>("reason")?
            .map(|t| read_reason(&t)),
        sent: fields_from(r.try_get("sent")?),
        before: fields_from(r.try_get("before")?),
        context: Context::read(r.try_get::<Option<String>, _>("context")?.as_deref()),
    })
}

/// The query `sql` with the filter's values bound in order.
fn bound<'q>(
    sql: &'q str,
    values: &[String],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    values
        .iter()
        .fold(sqlx::query(sql), |q, v| q.bind(v.clone()))
}

/// Whether any matching attempt lies beyond `seq` (`older`: below it).
async fn any_beyond(db: &Store, filter: &Filter, seq: i64, older: bool) -> sqlx::Result<bool> {
    let (clause, values) = filter.clause();
    let op = if older { "<" } else { ">" };
    let sql = format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM audit_log a LEFT JOIN audit_log b ON b.answer_to = a.seq
         WHERE {clause} AND a.seq {op} {seq} LIMIT 1) AS beyond"
    );
    let n: i64 = bound(&sql, &values)
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
    Ok(n > 0)
}

/// How many attempts match.
pub async fn count(db: &Store, filter: &Filter) -> sqlx::Result<i64> {
    let (clause, values) = filter.clause();
    let sql = format!(
        "SELECT COUNT(*) FROM audit_log a LEFT JOIN audit_log b ON b.answer_to = a.seq WHERE {clause}"
    );
    bound(&sql, &values).fetch_one(db.pool()).await?.try_get(0)
}

/// One page of at most `limit` attempts from `cursor`, newest first.
pub async fn page(db: &Store, filter: &Filter, cursor: Cursor, limit: u32) -> sqlx::Result<Page> {
    let (clause, values) = filter.clause();
    let (bound_at, order) = match cursor {
        Cursor::Newest => (String::new(), "DESC"),
        Cursor::Before(s) => (format!(" AND a.seq < {s}"), "DESC"),
        Cursor::After(s) => (format!(" AND a.seq > {s}"), "ASC"),
    };
    let sql = format!("{SELECT} WHERE {clause}{bound_at} ORDER BY a.seq {order} LIMIT {limit}");
    let mut rows: Vec<Entry> = bound(&sql, &values)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(entry)
        .collect::<sqlx::Result<_>>()?;
    if order == "ASC" {
        rows.reverse();
    }
    let (older, newer) = match (rows.first(), rows.last()) {
        (Some(newest), Some(oldest)) => (
            any_beyond(db, filter, oldest.seq, true)
                .await?
                .then_some(oldest.seq),
            any_beyond(db, filter, newest.seq, false)
                .await?
                .then_some(newest.seq),
        ),
        _ => (None, None),
    };
    Ok(Page {
        rows,
        total: u64::try_from(count(db, filter).await?).unwrap_or(0),
        older,
        newer,
    })
}

/// The newest row's `seq` now: an export covers the rows up to it, so
/// what arrives while it runs does not make it run forever.
pub async fn last_seq(db: &Store) -> sqlx::Result<i64> {
    sqlx::query("SELECT COALESCE(MAX(seq), 0) FROM audit_log")
        .fetch_one(db.pool())
        .await?
        .try_get(0)
}

/// The matching attempts with `seq` in `(above, upto]`, oldest first, at
/// most `limit`: one batch of an export.
pub async fn batch(
    db: &Store,
    filter: &Filter,
    above: i64,
    upto: i64,
    limit: u32,
) -> sqlx::Result<Vec<Entry>> {
    let (clause, values) = filter.clause();
    let sql = format!(
        "{SELECT} WHERE {clause} AND a.seq > {above} AND a.seq <= {upto} ORDER BY a.seq ASC LIMIT {limit}"
    );
    bound(&sql, &values)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(entry)
        .collect()
}
