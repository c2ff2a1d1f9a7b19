//! Starts a real sandbox on a free loopback port with its own SQLite file.
#![allow(dead_code)] // each test file uses some of these

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use payments_sandbox::demo::{serve, Config, Mode};
use payments_sandbox::Data;

static NEXT: AtomicU32 = AtomicU32::new(0);

/// A fresh database path under the system temp folder.
pub fn temp_db() -> PathBuf {
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("payments-server-test-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir.join("payments.sqlite3")
}

/// A running sandbox; dropping it stops the server.
pub struct Sandbox {
    pub base: String,
    task: tokio::task::JoinHandle<()>,
}

impl Sandbox {
    pub async fn start(db_path: PathBuf) -> Sandbox {
        Sandbox::start_with(db_path, None).await
    }

    /// A sandbox (browser-only, no gateway) that also serves the app from
    /// `dist`.
    pub async fn start_with(db_path: PathBuf, dist: Option<PathBuf>) -> Sandbox {
        let (base, task) = spawn(config(db_path, dist, Mode::BrowserOnly)).await;
        Sandbox { base, task }
    }

    #[allow(dead_code)] // not every test file uses it
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A sandbox configuration on a free loopback port.
pub fn config(db_path: PathBuf, dist: Option<PathBuf>, gateway: Mode) -> Config {
    Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        data: Data {
            db_path,
            reset: false,
            demo_payments: None,
            rate_limit: 1_000,
        },
        gateway_db: None,
        dist,
        policy: Default::default(),
        gateway,
    }
}

/// Serves `config` in a task; its base URL.
pub async fn spawn(config: Config) -> (String, tokio::task::JoinHandle<()>) {
    let (tell, heard) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(async move {
        let result = serve(config, |s| {
            let _ = tell.send(s.addr);
        })
        .await;
        if let Err(e) = result {
            panic!("the sandbox stopped: {e}");
        }
    });
    let addr = heard.await.expect("the sandbox starts");
    (format!("http://{addr}"), task)
}

/// Every route of every simulated vendor, with `{id}` where an id goes:
/// each registered simulator's prefix before each endpoint its vendor
/// declares (`Profile::endpoints`), so a new vendor is covered by every
/// route-wide test without editing a list.
#[allow(dead_code)] // not every test file uses it
pub static ROUTES: std::sync::LazyLock<Vec<(&'static str, &'static str)>> =
    std::sync::LazyLock::new(|| {
        payments_sandbox::SIMULATORS
            .iter()
            .flat_map(|s| {
                s.vendor.profile().endpoints.iter().map(move |e| {
                    let path = format!("{}{}", s.prefix, e.path.replace("{}", "{id}"));
                    (e.method.as_str(), &*Box::leak(path.into_boxed_str()))
                })
            })
            .collect()
    });
