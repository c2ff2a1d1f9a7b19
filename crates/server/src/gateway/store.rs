//! The gateway's own store: the audit log, the sessions and the sign-in
//! throttles, and nothing of any vendor's. One storage layer, two
//! engines, through `sqlx`'s `Any` driver: SQLite, one file (the `--db`
//! option, the default), or PostgreSQL, named by `database_url` in
//! `[gateway]` or `PAYMENTS_DATABASE_URL` (which wins), so that several
//! servers share one store and behave as one. Every statement is written
//! once for both (numbered `$1` parameters, `ON CONFLICT`, `RETURNING`).
//! The schema is versioned `sqlx` migrations (`migrations/sqlite`,
//! `migrations/postgres`), applied at start-up; a SQLite file from before
//! them (versioned in `user_version`) is adopted at its version, and says
//! so ([`Store::holds_unchained_rows`]) when its audit rows predate the
//! hash chain, which the audit log then links
//! ([`super::audit::open_store`]). The store knows nothing of the chain.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::{Migrate, Migrator};
use sqlx::{AnyPool, Executor, Row};

static SQLITE: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("migrations/postgres");

/// The SQLite version from which audit rows are chained: rows of a file
/// older than it are linked once, when it is opened.
const CHAINED_FROM: i64 = 3;

/// Which database holds the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The store: a pool of connections to one database.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
    /// Whether it was a file of a version whose audit rows are not
    /// linked yet.
    unchained: bool,
    /// A PostgreSQL store's URL, for the listener of
    /// [`super::events`]; it may hold a password and is never printed.
    url: Option<String>,
}

/// Where the store lives, as the configuration names it.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file.
    File(std::path::PathBuf),
    /// A `postgres://` (or `sqlite:`) URL; it may hold a password, so it
    /// is never printed whole.
    Url(String),
}

impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown())
    }
}

impl Location {
    /// What may be printed of it: a file's path, or a URL's engine, host
    /// and database without its user or password.
    pub fn shown(&self) -> String {
        match self {
            Location::File(p) => p.display().to_string(),
            Location::Url(u) => {
                let (scheme, rest) = u.split_once("://").unwrap_or(("database", u));
                let rest = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
                let rest = rest.split_once('?').map_or(rest, |(r, _)| r);
                format!("{scheme}://{rest}")
            }
        }
    }
}

/// Percent-encodes what a SQLite URL's path must not hold as such.
fn url_path(path: &Path) -> String {
    path.to_string_lossy()
        .chars()
        .map(|c| match c {
            '%' | '?' | '#' => format!("%{:02X}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

impl Store {
    /// Opens the store `at` names (creating a SQLite file if needed) and
    /// brings its schema up to date.
    pub async fn open(at: &Location) -> Result<Store, String> {
        let url = match at {
            Location::File(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    let _ = std::fs::create_dir_all(dir);
                }
                format!("sqlite://{}?mode=rwc", url_path(path))
            }
            Location::Url(u) => u.clone(),
        };
        let fail = |e: sqlx::Error| format!("cannot open the store {}: {e}", at.shown());
        let mut store = Store::connect(&url, 8).await.map_err(fail)?;
        if store.engine == Engine::Sqlite {
            store
                .pool
                .execute("PRAGMA journal_mode = WAL")
                .await
                .map_err(fail)?;
        }
        let adopted = store.migrate().await.map_err(fail)?;
        store.unchained = adopted.is_some_and(|v| v < CHAINED_FROM);
        Ok(store)
    }

    /// Opens the store only to read it: a SQLite file read-only, and no
    /// migration applied; refused when its schema is older than this
    /// program's.
    pub async fn open_to_read(at: &Location) -> Result<Store, String> {
        let url = match at {
            Location::File(path) if !path.exists() => {
                return Err(format!("{} does not exist", path.display()))
            }
            Location::File(path) => format!("sqlite://{}?mode=ro", url_path(path)),
            Location::Url(u) => u.clone(),
        };
        let store = Store::connect(&url, 1)
            .await
            .map_err(|e| format!("cannot open {}: {e}", at.shown()))?;
        let applied: i64 = match sqlx::query("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
            .fetch_one(&store.pool)
            .await
        {
            Ok(row) => row.try_get(0).unwrap_or(0),
            Err(_) => 0,
        };
        if applied < store.migrator().iter().count() as i64 {
            return Err(format!(
                "{} is a gateway store of an earlier version (or none): start payments-server on it once to link its rows",
                at.shown()
            ));
        }
        Ok(store)
    }

    /// A store in memory, for tests.
    pub async fn in_memory() -> Result<Store, String> {
        let store = Store::connect("sqlite::memory:", 1)
            .await
            .map_err(|e| e.to_string())?;
        store.migrate().await.map_err(|e| e.to_string())?;
        Ok(store)
    }

    async fn connect(url: &str, connections: u32) -> sqlx::Result<Store> {
        sqlx::any::install_default_drivers();
        let engine = if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Engine::Postgres
        } else {
            return Err(sqlx::Error::Configuration(
                "database_url must start with postgres:// (or sqlite:)".into(),
            ));
        };
        let mut options = AnyPoolOptions::new()
            .max_connections(connections)
            .acquire_timeout(Duration::from_secs(5));
        if engine == Engine::Sqlite {
            options = options
                .after_connect(|c, _| {
                    Box::pin(async move {
                        c.execute("PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;")
                            .await
                            .map(|_| ())
                    })
                })
                .idle_timeout(None)
                .max_lifetime(None);
        }
        let pool = options.connect(url).await?;
        Ok(Store {
            pool,
            engine,
            unchained: false,
            url: (engine == Engine::Postgres).then(|| url.to_string()),
        })
    }

    /// The connection pool every query runs on.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Which database it is.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// A PostgreSQL store's URL (to listen for notifications on).
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// Whether it was opened from a file whose audit rows predate the
    /// hash chain (they are to be linked once).
    pub fn holds_unchained_rows(&self) -> bool {
        self.unchained
    }

    /// The engine's migrations.
    fn migrator(&self) -> &'static Migrator {
        match self.engine {
            Engine::Sqlite => &SQLITE,
            Engine::Postgres => &POSTGRES,
        }
    }

    /// Applies the migrations not applied yet; the version of a file
    /// adopted from before them, if it was one.
    async fn migrate(&self) -> sqlx::Result<Option<i64>> {
        let migrator = self.migrator();
        let adopted = match self.engine {
            Engine::Sqlite => self.adopt_versioned_file(migrator).await?,
            Engine::Postgres => None,
        };
        migrator.run(&self.pool).await?;
        Ok(adopted)
    }

    /// A SQLite file written before migrations were `sqlx`'s records its
    /// version in `user_version`: the steps it had are noted as applied
    /// (they are the same steps), once. Its version, when it was one.
    async fn adopt_versioned_file(&self, migrator: &Migrator) -> sqlx::Result<Option<i64>> {
        let mut c = self.pool.acquire().await?;
        let known: i64 = sqlx::query(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_one(&mut *c)
        .await?
        .try_get(0)?;
        let version: i64 = sqlx::query("PRAGMA user_version")
            .fetch_one(&mut *c)
            .await?
            .try_get(0)?;
        if known > 0 || version == 0 {
            return Ok(None);
        }
        c.ensure_migrations_table().await.map_err(migrate_error)?;
        for m in migrator.iter().filter(|m| m.version <= version) {
            sqlx::query(
                "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
                 VALUES ($1, $2, TRUE, $3, 0)",
            )
            .bind(m.version)
            .bind(m.description.to_string())
            .bind(m.checksum.to_vec())
            .execute(&mut *c)
            .await?;
        }
        Ok(Some(version))
    }

    /// Whether the store answers.
    pub async fn check(&self) -> Result<(), String> {
        sqlx::query("SELECT rows FROM audit_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

fn migrate_error(e: sqlx::migrate::MigrateError) -> sqlx::Error {
    sqlx::Error::Migrate(Box::new(e))
}

/// Now, in milliseconds since the Unix epoch: the clock of the store's
/// expiries (leases, throttles, approval requests).
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_shown_without_its_user_or_password() {
        let at = Location::Url(
            "postgres://payments:s3cret@db.internal:5432/gateway?sslmode=require".into(),
        );
        assert_eq!(at.shown(), "postgres://db.internal:5432/gateway");
        assert!(!format!("{at:?}").contains("s3cret"));
    }

    #[tokio::test]
    async fn a_file_of_the_first_version_keeps_its_rows_and_joins_the_chain() {
        let dir = std::env::temp_dir().join(format!("pc-store-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("old?#.sqlite3");
        {
            let url = format!("sqlite://{}?mode=rwc", url_path(&file));
            let old = Store::connect(&url, 1).await.unwrap();
            let first = SQLITE.iter().next().unwrap();
            sqlx::raw_sql(&first.sql).execute(old.pool()).await.unwrap();
            sqlx::raw_sql("PRAGMA user_version = 1; INSERT INTO audit_log (at, person, connection, method, path, status) VALUES ('2026-01-01T00:00:00Z', 'ada', 'rr', 'POST', '/payments', 201);")
                .execute(old.pool())
                .await
                .unwrap();
            old.pool().close().await;
        }
        let store = super::super::audit::open_store(&Location::File(file.clone()))
            .await
            .unwrap();
        assert!(store.holds_unchained_rows(), "adopted at version 1");
        let row = sqlx::query("SELECT status, outcome FROM audit_log")
            .fetch_one(store.pool())
            .await
            .unwrap();
        let (status, outcome): (i64, String) = (row.try_get(0).unwrap(), row.try_get(1).unwrap());
        assert_eq!((status, outcome.as_str()), (201, "answered"));
        assert!(
            matches!(
                super::super::audit::chain::verify(&store).await.unwrap(),
                super::super::audit::chain::Verdict::Intact { rows: 1, .. }
            ),
            "the earlier row joined the chain"
        );
        store.pool().close().await;
        // Opened again: nothing is applied twice.
        let again = Store::open(&Location::File(file)).await.unwrap();
        assert!(!again.holds_unchained_rows(), "adopted once");
        let applied: i64 = sqlx::query("SELECT COUNT(*) FROM _sqlx_migrations")
            .fetch_one(again.pool())
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
        assert_eq!(applied, SQLITE.iter().count() as i64);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
