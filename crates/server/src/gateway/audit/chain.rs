//! The audit log as a hash chain, so that a row edited, deleted or moved
//! in the database is found. Rows are only ever appended, one at a time
//! in a transaction whose first statement updates the chain's head
//! (`audit_head`), which takes the write lock on SQLite and the head
//! row's lock on PostgreSQL: appends are serialized across connections
//! and across every server sharing the store. Each row's `hash` is the
//! SHA-256 of its content (every column, its `seq` included) and the
//! previous row's hash; the head records how many rows there are and the
//! last hash, so rows cut from the end are found too. [`verify`] walks
//! the chain.

use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::gateway::store::Store;

/// The previous hash of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Every column of a row but its hash, in the order they are hashed;
/// rows are read by these names ([`Stored::read`]).
pub const COLUMNS: &str =
    "seq, at, person, connection, method, path, kind, outcome, status, payment_id, \
     reason, sent, before, answer_to, prev_hash, context";

/// A row as stored, for hashing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stored {
    pub seq: i64,
    pub at: String,
    pub person: String,
    pub connection: String,
    pub method: String,
    pub path: String,
    pub kind: String,
    pub outcome: String,
    pub status: Option<u16>,
    pub payment_id: Option<String>,
    pub reason: Option<String>,
    pub sent: Option<String>,
    pub before: Option<String>,
    pub answer_to: Option<i64>,
    pub prev_hash: String,
    /// What the attempt met beyond what it sent
    /// ([`payments_model::activity::Context`]), as JSON; hashed only
    /// when present, so the rows of earlier versions keep their hashes.
    pub context: Option<String>,
}

impl Stored {
    /// Reads one row selected with [`COLUMNS`] and `hash`, by name.
    pub fn read(r: &AnyRow) -> sqlx::Result<(Stored, Option<String>)> {
        Ok((
            Stored {
                seq: r.try_get("seq")?,
                at: r.try_get("at")?,
                person: r.try_get("person")?,
                connection: r.try_get("connection")?,
                method: r.try_get("method")?,
                path: r.try_get("path")?,
                kind: r.try_get("kind")?,
                outcome: r.try_get("outcome")?,
                status: status(r, "status")?,
                payment_id: r.try_get("payment_id")?,
                reason: r.try_get("reason")?,
                sent: r.try_get("sent")?,
                before: r.try_get("before")?,
                answer_to: r.try_get("answer_to")?,
                prev_hash: r
                    .try_get::<Option<String>, _>("prev_hash")?
                    .unwrap_or_default(),
                context: r.try_get("context")?,
            },
            r.try_get("hash")?,
        ))
    }

    /// The row's hash: SHA-256 over its columns as a JSON array (every
    /// value unambiguous, its previous hash after the first fifteen, and
    /// the context last where there is one), in hex.
    pub fn hash(&self) -> String {
        let mut content = serde_json::json!([
            self.seq,
            self.at,
            self.person,
            self.connection,
            self.method,
            self.path,
            self.kind,
            self.outcome,
            self.status,
            self.payment_id,
            self.reason,
            self.sent,
            self.before,
            self.answer_to,
            self.prev_hash,
        ]);
        if let (Some(context), Some(all)) = (&self.context, content.as_array_mut()) {
            all.push(serde_json::Value::String(context.clone()));
        }
        let digest = Sha256::digest(content.to_string().as_bytes());
        crate::hex(&digest)
    }
}

/// An HTTP status as stored (an integer column), by the column's name.
pub fn status(r: &AnyRow, column: &str) -> sqlx::Result<Option<u16>> {
    let n: Option<i64> = r.try_get(column)?;
    Ok(n.and_then(|n| u16::try_from(n).ok()))
}

/// The head: how many rows the chain has and its last hash.
pub async fn head(db: &Store) -> sqlx::Result<(i64, String)> {
    let row = sqlx::query("SELECT rows, hash FROM audit_head WHERE id = 1")
        .fetch_optional(db.pool())
        .await?;
    match row {
        Some(r) => Ok((r.try_get(0)?, r.try_get(1)?)),
        None => Ok((0, GENESIS.to_string())),
    }
}

/// Takes the head for this transaction (the write lock): the number the
/// next row makes and the last hash.
async fn take_head(tx: &mut Transaction<'_, Any>) -> sqlx::Result<(i64, String)> {
    let r = sqlx::query("UPDATE audit_head SET rows = rows + 1 WHERE id = 1 RETURNING rows, hash")
        .fetch_one(&mut **tx)
        .await?;
    Ok((r.try_get(0)?, r.try_get(1)?))
}

async fn set_head_hash(tx: &mut Transaction<'_, Any>, hash: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(hash.to_string())
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

/// Appends `row` (its `seq` and `prev_hash` are filled in here) as the
/// chain's next link; its `seq`.
pub async fn append(db: &Store, row: &Stored) -> sqlx::Result<i64> {
    let mut tx = db.pool().begin().await?;
    let (_, last) = take_head(&mut tx).await?;
    let seq: i64 = sqlx::query(
        "INSERT INTO audit_log (at, person, connection, method, path, kind, outcome, status, payment_id,
             reason, sent, before, answer_to, prev_hash, context)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         RETURNING seq",
    )
    .bind(row.at.clone())
    .bind(row.person.clone())
    .bind(row.connection.clone())
    .bind(row.method.clone())
    .bind(row.path.clone())
    .bind(row.kind.clone())
    .bind(row.outcome.clone())
    .bind(row.status.map(i64::from))
    .bind(row.payment_id.clone())
    .bind(row.reason.clone())
    .bind(row.sent.clone())
    .bind(row.before.clone())
    .bind(row.answer_to)
    .bind(last.clone())
    .bind(row.context.clone())
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    let linked = Stored {
        seq,
        prev_hash: last,
        ..row.clone()
    };
    let hash = linked.hash();
    sqlx::query("UPDATE audit_log SET hash = $2 WHERE seq = $1")
        .bind(seq)
        .bind(hash.clone())
        .execute(&mut *tx)
        .await?;
    set_head_hash(&mut tx, &hash).await?;
    if db.engine() == crate::gateway::store::Engine::Postgres {
        // Every server's feed of changes reads on at once (delivered on
        // commit; see `crate::gateway::events`).
        sqlx::query("NOTIFY payments_audit")
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(seq)
}

/// Links the rows a file of an earlier version holds without a hash (in
/// their order), once, when the store opens.
pub async fn seal_unlinked(db: &Store) -> sqlx::Result<usize> {
    let mut tx = db.pool().begin().await?;
    let (mut count, mut last) = take_head(&mut tx).await?;
    count -= 1;
    let unlinked: Vec<Stored> = {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS}, hash FROM audit_log WHERE hash IS NULL ORDER BY seq"
        ))
        .fetch_all(&mut *tx)
        .await?;
        rows.iter()
            .map(|r| Stored::read(r).map(|(s, _)| s))
            .collect::<sqlx::Result<_>>()?
    };
    for mut row in unlinked.iter().cloned() {
        row.prev_hash = last;
        let hash = row.hash();
        sqlx::query("UPDATE audit_log SET prev_hash = $2, hash = $3 WHERE seq = $1")
            .bind(row.seq)
            .bind(row.prev_hash.clone())
            .bind(hash.clone())
            .execute(&mut *tx)
            .await?;
        count += 1;
        last = hash;
    }
    sqlx::query("UPDATE audit_head SET rows = $1, hash = $2 WHERE id = 1")
        .bind(count)
        .bind(last)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(unlinked.len())
}

/// What walking the chain found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every row matches: how many, and the last hash (to note down: a
    /// later check that ends elsewhere shows rows were cut).
    Intact { rows: i64, hash: String },
    /// The first row that does not match, and why.
    Broken { seq: Option<i64>, why: String },
}

/// Opens the store read-only where it can (a SQLite file: changing
/// nothing, applying no migration) and walks its chain.
pub async fn verify_at(at: &crate::gateway::store::Location) -> Result<Verdict, String> {
    let store = Store::open_to_read(at).await?;
    verify(&store)
        .await
        .map_err(|e| format!("cannot read {}: {e}", at.shown()))
}

/// Walks the whole chain in order, a row at a time.
pub async fn verify(db: &Store) -> sqlx::Result<Verdict> {
    let sql = format!("SELECT {COLUMNS}, hash FROM audit_log ORDER BY seq");
    let mut rows = sqlx::query(&sql).fetch(db.pool());
    let (mut count, mut last, mut last_seq) = (0i64, GENESIS.to_string(), 0i64);
    while let Some(r) = rows.try_next().await? {
        let (row, hash) = Stored::read(&r)?;
        let broken = |why: String| Verdict::Broken {
            seq: Some(row.seq),
            why,
        };
        if row.prev_hash != last {
            return Ok(broken(if count == 0 {
                "it should be the first row, but names a row before it: rows were deleted from the start".into()
            } else {
                format!(
                    "its previous hash is not row {last_seq}'s: a row between them was deleted, or rows were moved"
                )
            }));
        }
        let Some(hash) = hash else {
            return Ok(broken(
                "it has no hash: it was added outside the gateway".into(),
            ));
        };
        if row.hash() != hash {
            return Ok(broken(
                "its content does not match its hash: it was changed".into(),
            ));
        }
        count += 1;
        last = hash;
        last_seq = row.seq;
    }
    drop(rows);
    let (head_rows, head_hash) = head(db).await?;
    if (head_rows, &head_hash) != (count, &last) {
        return Ok(Verdict::Broken {
            seq: None,
            why: format!(
                "the log ends after {count} rows, but {head_rows} were recorded: rows were deleted from the end"
            ),
        });
    }
    Ok(Verdict::Intact {
        rows: count,
        hash: last,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn db() -> Store {
        Store::in_memory().await.unwrap()
    }

    async fn exec(db: &Store, sql: &str) {
        sqlx::raw_sql(sql).execute(db.pool()).await.unwrap();
    }

    fn row(n: u16) -> Stored {
        Stored {
            at: format!("2026-12-01T10:00:{:02}Z", n % 60),
            person: "ada".into(),
            connection: "rr".into(),
            method: "POST".into(),
            path: "/payments".into(),
            kind: "create".into(),
            outcome: "pending".into(),
            sent: Some(format!("[[\"amount\",\"{n}.00\"]]")),
            ..Stored::default()
        }
    }

    #[test]
    fn a_row_without_a_context_hashes_as_rows_always_have() {
        // Pinned before the context column existed: an existing log
        // still verifies.
        let mut r = row(7);
        r.seq = 7;
        r.prev_hash = GENESIS.to_string();
        assert_eq!(
            r.hash(),
            "3612ff02ea8d4b79eef32087419bed1cacc7853c27a712d64e7162cc25b824a8"
        );
        r.context = Some("{\"overwrote\":true}".into());
        assert_ne!(
            r.hash(),
            "3612ff02ea8d4b79eef32087419bed1cacc7853c27a712d64e7162cc25b824a8",
            "a context is part of its row's hash"
        );
    }

    async fn filled(n: u16) -> Store {
        let db = db().await;
        for i in 0..n {
            append(&db, &row(i)).await.unwrap();
        }
        db
    }

    #[tokio::test]
    async fn an_untouched_chain_is_intact() {
        let db = filled(5).await;
        assert!(matches!(
            verify(&db).await.unwrap(),
            Verdict::Intact { rows: 5, .. }
        ));
        assert!(matches!(
            verify(&self::db().await).await.unwrap(),
            Verdict::Intact { rows: 0, .. }
        ));
    }

    #[tokio::test]
    async fn an_edited_row_is_found() {
        let db = filled(5).await;
        exec(
            &db,
            "UPDATE audit_log SET sent = '[[\"amount\",\"9999.00\"]]' WHERE seq = 3",
        )
        .await;
        assert_eq!(
            verify(&db).await.unwrap(),
            Verdict::Broken {
                seq: Some(3),
                why: "its content does not match its hash: it was changed".into()
            }
        );
    }

    #[tokio::test]
    async fn a_deleted_or_moved_row_is_found() {
        let db = filled(5).await;
        exec(&db, "DELETE FROM audit_log WHERE seq = 3").await;
        assert!(matches!(
            verify(&db).await.unwrap(),
            Verdict::Broken { seq: Some(4), .. }
        ));
        let db = filled(5).await;
        // Swap two rows' places.
        exec(
            &db,
            "UPDATE audit_log SET seq = 100 WHERE seq = 2;
             UPDATE audit_log SET seq = 2 WHERE seq = 3;
             UPDATE audit_log SET seq = 3 WHERE seq = 100;",
        )
        .await;
        assert!(matches!(
            verify(&db).await.unwrap(),
            Verdict::Broken { seq: Some(2), .. }
        ));
    }

    #[tokio::test]
    async fn rows_cut_from_the_end_are_found() {
        let db = filled(5).await;
        exec(&db, "DELETE FROM audit_log WHERE seq = 5").await;
        assert!(matches!(
            verify(&db).await.unwrap(),
            Verdict::Broken { seq: None, .. }
        ));
    }

    #[tokio::test]
    async fn rows_of_an_earlier_version_are_linked_once() {
        let db = db().await;
        exec(
            &db,
            "INSERT INTO audit_log (at, person, connection, method, path, status) VALUES ('t', 'ada', 'rr', 'POST', '/p', 201)",
        )
        .await;
        assert_eq!(seal_unlinked(&db).await.unwrap(), 1);
        assert_eq!(seal_unlinked(&db).await.unwrap(), 0);
        append(&db, &row(1)).await.unwrap();
        assert!(matches!(
            verify(&db).await.unwrap(),
            Verdict::Intact { rows: 2, .. }
        ));
    }

    #[tokio::test]
    async fn appends_at_once_from_many_tasks_stay_one_chain() {
        let dir = std::env::temp_dir().join(format!("pc-chain-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let at = crate::gateway::store::Location::File(dir.join("store.sqlite3"));
        let db = Store::open(&at).await.unwrap();
        let tasks: Vec<_> = (0..40)
            .map(|i| {
                let db = db.clone();
                tokio::spawn(async move { append(&db, &row(i)).await.unwrap() })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        assert!(matches!(
            verify(&db).await.unwrap(),
            Verdict::Intact { rows: 40, .. }
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
