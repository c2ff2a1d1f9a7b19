//! The gateway's own store: one SQLite file (the `--db` option) holding
//! the audit log, the sessions and the sign-in throttles, and nothing of
//! any vendor's. Its schema is a list of
//! versioned migrations ([`MIGRATIONS`]), applied in order at start-up
//! and recorded in SQLite's `user_version`. Work runs on a blocking
//! thread behind one connection; audit appends also take the database's
//! write lock first, so they stay serialized when several processes
//! share the file.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::Connection as Sqlite;

/// The schema, one step per version; never edit a step, add one.
pub const MIGRATIONS: &[&str] = &[
    // 1: the audit log as it was first written.
    "CREATE TABLE IF NOT EXISTS audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL, person TEXT NOT NULL, connection TEXT NOT NULL,
        method TEXT NOT NULL, path TEXT NOT NULL, status INTEGER NOT NULL, payment_id TEXT
    );",
    // 2: every attempt, with what it sent: the row is written before the
    // request is forwarded (status NULL) and completed afterwards.
    "CREATE TABLE audit_log_2 (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL, person TEXT NOT NULL, connection TEXT NOT NULL,
        method TEXT NOT NULL, path TEXT NOT NULL, status INTEGER, payment_id TEXT,
        kind TEXT NOT NULL DEFAULT '', outcome TEXT NOT NULL DEFAULT 'answered',
        reason TEXT, sent TEXT, before TEXT
    );
    INSERT INTO audit_log_2 (seq, at, person, connection, method, path, status, payment_id)
        SELECT seq, at, person, connection, method, path, status, payment_id FROM audit_log;
    DROP TABLE audit_log;
    ALTER TABLE audit_log_2 RENAME TO audit_log;
    CREATE INDEX audit_by_payment ON audit_log (connection, payment_id);",
    // 3: append-only and chained. A write's answer is a row of its own
    // (`answer_to` names the attempt); each row carries the hash of its
    // content and of the row before; `audit_head` counts them.
    "ALTER TABLE audit_log ADD COLUMN answer_to INTEGER;
    ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
    ALTER TABLE audit_log ADD COLUMN hash TEXT;
    CREATE INDEX audit_answers ON audit_log (answer_to);
    CREATE INDEX audit_by_person ON audit_log (person, seq);
    CREATE INDEX audit_by_at ON audit_log (at);
    CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), rows INTEGER NOT NULL, hash TEXT NOT NULL);",
    // 4: sessions, by their token's SHA-256, so that a restart keeps them
    // and servers sharing the store share them.
    "CREATE TABLE sessions (
        key TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
        csrf TEXT NOT NULL, expires INTEGER NOT NULL
    );
    CREATE INDEX sessions_by_expiry ON sessions (expires);",
    // 5: failed sign-ins, by address and by address and name, so servers
    // sharing the store count together.
    "CREATE TABLE throttle (key TEXT PRIMARY KEY, n INTEGER NOT NULL, last INTEGER NOT NULL);
    CREATE INDEX throttle_by_last ON throttle (last);",
];

/// The store.
#[derive(Clone)]
pub struct Store {
    db: Arc<Mutex<Sqlite>>,
}

impl Store {
    /// Opens (creating if needed) the file and brings its schema up to
    /// date.
    pub fn open(path: &Path) -> Result<Store, String> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(dir);
        }
        let db = Sqlite::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        let setup = || -> rusqlite::Result<()> {
            db.pragma_update(None, "journal_mode", "WAL")?;
            db.busy_timeout(std::time::Duration::from_secs(5))?;
            db.pragma_update(None, "synchronous", "NORMAL")?;
            migrate(&db)
        };
        setup().map_err(|e| format!("cannot prepare {}: {e}", path.display()))?;
        Ok(Store {
            db: Arc::new(Mutex::new(db)),
        })
    }

    /// A store in memory, for tests.
    pub fn in_memory() -> Result<Store, String> {
        let db = Sqlite::open_in_memory().map_err(|e| e.to_string())?;
        migrate(&db).map_err(|e| e.to_string())?;
        Ok(Store {
            db: Arc::new(Mutex::new(db)),
        })
    }

    /// Runs `work` on a blocking thread with the connection.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Sqlite) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, String> {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || {
            let db = db.lock().unwrap_or_else(|p| p.into_inner());
            work(&db).map_err(|e| e.to_string())
        })
        .await
        .map_err(|_| "the store's task stopped".to_string())?
    }
}

/// Applies the migrations the file has not had yet.
fn migrate(db: &Sqlite) -> rusqlite::Result<()> {
    let done: usize = db.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (n, step) in MIGRATIONS.iter().enumerate().skip(done) {
        db.execute_batch(&format!(
            "BEGIN; {step} PRAGMA user_version = {}; COMMIT;",
            n + 1
        ))?;
    }
    // Rows written before the chain (version 3) join it once, in their
    // order, when the file is brought past it.
    if done < CHAINED_FROM {
        super::audit::chain::seal_unlinked(db)?;
    }
    Ok(())
}

/// The schema version from which audit rows are chained.
const CHAINED_FROM: usize = 3;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_of_the_first_version_keeps_its_rows() {
        let db = Sqlite::open_in_memory().unwrap();
        db.execute_batch(MIGRATIONS[0]).unwrap();
        db.execute_batch("PRAGMA user_version = 1; INSERT INTO audit_log (at, person, connection, method, path, status) VALUES ('2026-01-01T00:00:00Z', 'ada', 'rr', 'POST', '/payments', 201);").unwrap();
        migrate(&db).unwrap();
        let (status, outcome): (u16, String) = db
            .query_row("SELECT status, outcome FROM audit_log", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((status, outcome.as_str()), (201, "answered"));
        let version: usize = db
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len());
        assert!(
            matches!(
                super::super::audit::chain::verify(&db).unwrap(),
                super::super::audit::chain::Verdict::Intact { rows: 1, .. }
            ),
            "the earlier row joined the chain"
        );
        migrate(&db).unwrap();
    }
}
