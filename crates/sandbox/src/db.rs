//! The SQLite file behind the sandbox, in WAL mode: a small pool of
//! reader connections that work in parallel and one writer, all used on
//! blocking threads so no async worker ever waits on the disk. Each write
//! is one transaction (`BEGIN IMMEDIATE` … `COMMIT`): a request's
//! statements land together or not at all. The data survives a restart
//! or a kill.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection as Sqlite, OpenFlags, Transaction, TransactionBehavior};
use tokio::sync::Semaphore;

/// How many reads run at once.
const READERS: usize = 4;

/// The sandbox database.
pub struct Db {
    path: PathBuf,
    writer: Mutex<Sqlite>,
    readers: Mutex<Vec<Sqlite>>,
    free_readers: Semaphore,
}

const META: &str = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);";

fn tune(db: &Sqlite) -> rusqlite::Result<()> {
    db.busy_timeout(std::time::Duration::from_secs(5))?;
    db.pragma_update(None, "synchronous", "NORMAL")
}

/// The error a request gets when its database task could not run.
fn stopped() -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ABORT),
        Some("the database task stopped".into()),
    )
}

impl Db {
    /// Opens (creating if needed) the file and its tables, the writer and
    /// the readers.
    pub fn open(path: &Path) -> rusqlite::Result<Db> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(dir);
        }
        let writer = Sqlite::open(path)?;
        writer.pragma_update(None, "journal_mode", "WAL")?;
        tune(&writer)?;
        writer.execute_batch(META)?;
        for s in crate::SIMULATORS {
            writer.execute_batch(s.schema)?;
        }
        let readers = (0..READERS)
            .map(|_| {
                let r = Sqlite::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                tune(&r)?;
                Ok(r)
            })
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Db {
            path: path.to_path_buf(),
            writer: Mutex::new(writer),
            readers: Mutex::new(readers),
            free_readers: Semaphore::new(READERS),
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` on a reader connection, on a blocking thread; up to
    /// [`READERS`] reads run at once, beside a write.
    pub async fn read<T, E>(
        self: &Arc<Self>,
        work: impl FnOnce(&Sqlite) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<rusqlite::Error> + Send + 'static,
    {
        let Ok(_permit) = self.free_readers.acquire().await else {
            return Err(stopped().into());
        };
        let db = Arc::clone(self);
        let task = tokio::task::spawn_blocking(move || {
            let conn = db.readers.lock().unwrap_or_else(|p| p.into_inner()).pop();
            let Some(conn) = conn else {
                return Err(stopped().into());
            };
            let out = work(&conn);
            db.readers
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(conn);
            out
        });
        task.await.unwrap_or_else(|_| Err(stopped().into()))
    }

    /// Runs `work` in one transaction on the writer, on a blocking
    /// thread: committed if it returns `Ok`, rolled back otherwise.
    pub async fn write<T, E>(
        self: &Arc<Self>,
        work: impl FnOnce(&Transaction) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<rusqlite::Error> + Send + 'static,
    {
        let db = Arc::clone(self);
        let task = tokio::task::spawn_blocking(move || db.write_now(work));
        task.await.unwrap_or_else(|_| Err(stopped().into()))
    }

    /// [`Db::write`] on the calling thread (for start-up and seeding).
    pub fn write_now<T, E>(&self, work: impl FnOnce(&Transaction) -> Result<T, E>) -> Result<T, E>
    where
        E: From<rusqlite::Error>,
    {
        // A poisoned lock (a panic in another request) is recovered:
        // SQLite rolled that transaction back.
        let mut conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = work(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_db() -> Arc<Db> {
        let dir = std::env::temp_dir().join(format!("pc-db-{}", std::process::id()));
        let path = dir.join(format!("{}.sqlite3", rand_suffix()));
        Arc::new(Db::open(&path).unwrap())
    }

    fn rand_suffix() -> u128 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    }

    #[tokio::test]
    async fn a_failed_write_leaves_nothing_behind() {
        let db = temp_db();
        let out: Result<(), rusqlite::Error> = db
            .write(|tx| {
                tx.execute("INSERT INTO meta (key, value) VALUES ('a', '1')", [])?;
                tx.execute("INSERT INTO meta (key, value) VALUES ('a', '2')", [])?;
                Ok(())
            })
            .await;
        assert!(out.is_err(), "the second insert breaks the key");
        let n: i64 = db
            .read(|c| {
                c.query_row("SELECT COUNT(*) FROM meta WHERE key = 'a'", [], |r| {
                    r.get(0)
                })
            })
            .await
            .unwrap();
        assert_eq!(n, 0, "the first insert was rolled back with it");
    }

    #[tokio::test]
    async fn reads_run_beside_each_other_and_see_committed_writes() {
        let db = temp_db();
        db.write(|tx| {
            tx.execute("INSERT INTO meta (key, value) VALUES ('b', '1')", [])
                .map(|_| ())
        })
        .await
        .unwrap();
        let reads = (0..16).map(|_| {
            let db = Arc::clone(&db);
            tokio::spawn(async move {
                db.read(|c| {
                    c.query_row("SELECT value FROM meta WHERE key = 'b'", [], |r| {
                        r.get::<_, String>(0)
                    })
                })
                .await
            })
        });
        for r in reads {
            assert_eq!(r.await.unwrap().unwrap(), "1");
        }
        let refused: Result<usize, rusqlite::Error> = db
            .read(|c| c.execute("INSERT INTO meta (key, value) VALUES ('c', '1')", []))
            .await;
        assert!(refused.is_err(), "readers cannot write");
    }
}
