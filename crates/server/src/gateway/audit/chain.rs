//! The audit log as a hash chain, so that a row edited, deleted or moved
//! in the database is found. Rows are only ever appended, one at a time
//! in a transaction that takes the database's write lock first
//! (`BEGIN IMMEDIATE`), so appends are serialized across connections and
//! processes sharing the file. Each row's `hash` is the SHA-256 of its
//! content (every column, its `seq` included) and the previous row's
//! hash; `audit_head` records how many rows there are and the last hash,
//! so rows cut from the end are found too. [`verify`] walks the chain.

use rusqlite::{params, Connection as Sqlite, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};

/// The previous hash of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Every column of a row but its hash, in the order they are hashed.
pub const COLUMNS: &str =
    "seq, at, person, connection, method, path, kind, outcome, status, payment_id, \
     reason, sent, before, answer_to, prev_hash";

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
}

impl Stored {
    /// Reads one row selected with [`COLUMNS`] (then `hash`).
    pub fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Stored, Option<String>)> {
        Ok((
            Stored {
                seq: r.get(0)?,
                at: r.get(1)?,
                person: r.get(2)?,
                connection: r.get(3)?,
                method: r.get(4)?,
                path: r.get(5)?,
                kind: r.get(6)?,
                outcome: r.get(7)?,
                status: r.get(8)?,
                payment_id: r.get(9)?,
                reason: r.get(10)?,
                sent: r.get(11)?,
                before: r.get(12)?,
                answer_to: r.get(13)?,
                prev_hash: r.get::<_, Option<String>>(14)?.unwrap_or_default(),
            },
            r.get(15)?,
        ))
    }

    /// The row's hash: SHA-256 over its columns as a JSON array (every
    /// value unambiguous, its previous hash last), in hex.
    pub fn hash(&self) -> String {
        let content = serde_json::json!([
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
        let digest = Sha256::digest(content.to_string().as_bytes());
        crate::hex(&digest)
    }
}

/// The head: how many rows the chain has and its last hash.
pub fn head(db: &Sqlite) -> rusqlite::Result<(i64, String)> {
    Ok(db
        .query_row("SELECT rows, hash FROM audit_head WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
        .unwrap_or((0, GENESIS.to_string())))
}

/// Appends `row` (its `seq` and `prev_hash` are filled in here) as the
/// chain's next link; its `seq`.
pub fn append(db: &Sqlite, row: &Stored) -> rusqlite::Result<i64> {
    let tx = rusqlite::Transaction::new_unchecked(db, TransactionBehavior::Immediate)?;
    let (rows, last) = head(&tx)?;
    tx.execute(
        "INSERT INTO audit_log (at, person, connection, method, path, kind, outcome, status, payment_id,
             reason, sent, before, answer_to, prev_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            row.at,
            row.person,
            row.connection,
            row.method,
            row.path,
            row.kind,
            row.outcome,
            row.status,
            row.payment_id,
            row.reason,
            row.sent,
            row.before,
            row.answer_to,
            last,
        ],
    )?;
    let seq = tx.last_insert_rowid();
    let linked = Stored {
        seq,
        prev_hash: last,
        ..row.clone()
    };
    let hash = linked.hash();
    tx.execute(
        "UPDATE audit_log SET hash = ?2 WHERE seq = ?1",
        params![seq, hash],
    )?;
    tx.execute(
        "INSERT INTO audit_head (id, rows, hash) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET rows = excluded.rows, hash = excluded.hash",
        params![rows + 1, hash],
    )?;
    tx.commit()?;
    Ok(seq)
}

/// Links the rows a file of an earlier version holds without a hash (in
/// their order), once, when the store opens.
pub fn seal_unlinked(db: &Sqlite) -> rusqlite::Result<usize> {
    let tx = rusqlite::Transaction::new_unchecked(db, TransactionBehavior::Immediate)?;
    let unlinked: Vec<Stored> = {
        let mut stmt = tx.prepare(&format!(
            "SELECT {COLUMNS}, hash FROM audit_log WHERE hash IS NULL ORDER BY seq"
        ))?;
        let rows = stmt.query_map([], Stored::read)?;
        rows.map(|r| r.map(|(s, _)| s))
            .collect::<rusqlite::Result<_>>()?
    };
    let (mut count, mut last) = head(&tx)?;
    for mut row in unlinked.iter().cloned() {
        row.prev_hash = last;
        let hash = row.hash();
        tx.execute(
            "UPDATE audit_log SET prev_hash = ?2, hash = ?3 WHERE seq = ?1",
            params![row.seq, row.prev_hash, hash],
        )?;
        count += 1;
        last = hash;
    }
    if !unlinked.is_empty() {
        tx.execute(
            "INSERT INTO audit_head (id, rows, hash) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET rows = excluded.rows, hash = excluded.hash",
            params![count, last],
        )?;
    }
    tx.commit()?;
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

/// Opens the store's file read-only (changing nothing, applying no
/// migration) and walks its chain.
pub fn verify_file(path: &std::path::Path) -> Result<Verdict, String> {
    let db = Sqlite::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let version: usize = db
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if version < crate::gateway::store::MIGRATIONS.len() {
        return Err(format!(
            "{} is a gateway store of an earlier version (or none): start payments-server on it once to link its rows",
            path.display()
        ));
    }
    verify(&db).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Walks the whole chain in order.
pub fn verify(db: &Sqlite) -> rusqlite::Result<Verdict> {
    let mut stmt = db.prepare(&format!(
        "SELECT {COLUMNS}, hash FROM audit_log ORDER BY seq"
    ))?;
    let mut rows = stmt.query([])?;
    let (mut count, mut last, mut last_seq) = (0i64, GENESIS.to_string(), 0i64);
    while let Some(r) = rows.next()? {
        let (row, hash) = Stored::read(r)?;
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
    let (head_rows, head_hash) = head(db)?;
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

    fn db() -> Sqlite {
        let db = Sqlite::open_in_memory().unwrap();
        for m in crate::gateway::store::MIGRATIONS {
            db.execute_batch(m).unwrap();
        }
        db
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

    fn filled(n: u16) -> Sqlite {
        let db = db();
        for i in 0..n {
            append(&db, &row(i)).unwrap();
        }
        db
    }

    #[test]
    fn an_untouched_chain_is_intact() {
        let db = filled(5);
        assert!(matches!(
            verify(&db).unwrap(),
            Verdict::Intact { rows: 5, .. }
        ));
        assert!(matches!(
            verify(&self::db()).unwrap(),
            Verdict::Intact { rows: 0, .. }
        ));
    }

    #[test]
    fn an_edited_row_is_found() {
        let db = filled(5);
        db.execute(
            "UPDATE audit_log SET sent = '[[\"amount\",\"9999.00\"]]' WHERE seq = 3",
            [],
        )
        .unwrap();
        assert_eq!(
            verify(&db).unwrap(),
            Verdict::Broken {
                seq: Some(3),
                why: "its content does not match its hash: it was changed".into()
            }
        );
    }

    #[test]
    fn a_deleted_or_moved_row_is_found() {
        let db = filled(5);
        db.execute("DELETE FROM audit_log WHERE seq = 3", [])
            .unwrap();
        assert!(matches!(
            verify(&db).unwrap(),
            Verdict::Broken { seq: Some(4), .. }
        ));
        let db = filled(5);
        // Swap two rows' places.
        db.execute_batch(
            "UPDATE audit_log SET seq = 100 WHERE seq = 2;
             UPDATE audit_log SET seq = 2 WHERE seq = 3;
             UPDATE audit_log SET seq = 3 WHERE seq = 100;",
        )
        .unwrap();
        assert!(matches!(
            verify(&db).unwrap(),
            Verdict::Broken { seq: Some(2), .. }
        ));
    }

    #[test]
    fn rows_cut_from_the_end_are_found() {
        let db = filled(5);
        db.execute("DELETE FROM audit_log WHERE seq = 5", [])
            .unwrap();
        assert!(matches!(
            verify(&db).unwrap(),
            Verdict::Broken { seq: None, .. }
        ));
    }

    #[test]
    fn rows_of_an_earlier_version_are_linked_once() {
        let db = db();
        db.execute(
            "INSERT INTO audit_log (at, person, connection, method, path, status) VALUES ('t', 'ada', 'rr', 'POST', '/p', 201)",
            [],
        )
        .unwrap();
        assert_eq!(seal_unlinked(&db).unwrap(), 1);
        assert_eq!(seal_unlinked(&db).unwrap(), 0);
        append(&db, &row(1)).unwrap();
        assert!(matches!(
            verify(&db).unwrap(),
            Verdict::Intact { rows: 2, .. }
        ));
    }
}
