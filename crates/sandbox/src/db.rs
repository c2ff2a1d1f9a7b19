//! The SQLite file behind the sandbox: one connection in WAL mode behind a
//! mutex, so concurrent requests are serialized and none is lost, and the
//! data survives a restart or a kill.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection as Sqlite;

/// The sandbox database.
pub struct Db {
    db: Mutex<Sqlite>,
}

const META: &str = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);";

impl Db {
    /// Opens (creating if needed) the file and its tables.
    pub fn open(path: &Path) -> rusqlite::Result<Db> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(dir);
        }
        let db = Sqlite::open(path)?;
        db.pragma_update(None, "journal_mode", "WAL")?;
        db.pragma_update(None, "synchronous", "NORMAL")?;
        db.busy_timeout(std::time::Duration::from_secs(5))?;
        db.execute_batch(META)?;
        for s in crate::SIMULATORS {
            db.execute_batch(s.schema)?;
        }
        Ok(Db { db: Mutex::new(db) })
    }

    /// The connection, for one request's work. A poisoned lock (a panic in
    /// another request) is recovered: SQLite keeps its own consistency.
    pub fn lock(&self) -> MutexGuard<'_, Sqlite> {
        self.db.lock().unwrap_or_else(|p| p.into_inner())
    }
}
