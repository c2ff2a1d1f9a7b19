//! What the server's tests start, each over real HTTP on a free loopback
//! port: a sandbox (the simulators, browser-only) as the vendor the
//! gateway forwards to, the production server in this process with a
//! configuration built in code, or the production binary as a process of
//! its own (for its memory, its start-up output and its file).
#![allow(dead_code)] // each test file uses some of these

pub mod postgres;
pub mod provider;
pub mod stream;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use payments_sandbox::demo::{Config, Mode};
use payments_sandbox::Data;
use payments_server::gateway::config::GatewayConfig;
use payments_server::gateway::store::{Location, Store};
use payments_server::policy::Policy;
use payments_server::{Gateway, ServerState};

static NEXT: AtomicU32 = AtomicU32::new(0);

/// A fresh, empty folder under the system temp folder.
pub fn temp_dir() -> PathBuf {
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("payments-server-test-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A task serving on a free port; dropping it stops the server.
pub struct Running {
    pub base: String,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The simulators (no gateway of their own), standing in for the real
/// vendors.
pub async fn vendor() -> Running {
    browser_only(None).await
}

/// The sandbox in browser-only mode (no gateway), serving the console in
/// `dist` if given.
pub async fn browser_only(dist: Option<PathBuf>) -> Running {
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        data: Data {
            db_path: temp_dir().join("vendor.sqlite3"),
            reset: false,
            demo_payments: None,
            rate_limit: 1_000,
        },
        gateway_db: None,
        dist,
        policy: Policy::default(),
        gateway: Mode::BrowserOnly,
    };
    let (tell, heard) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(async move {
        let _ = payments_sandbox::demo::serve(config, |s| {
            let _ = tell.send(s.addr);
        })
        .await;
    });
    let addr = heard.await.expect("the vendor starts");
    Running {
        base: format!("http://{addr}"),
        task,
    }
}

/// The production router with `config`'s gateway (its log in `store`)
/// and the console from `dist`, served in this process.
pub async fn server(config: GatewayConfig, store: Store, dist: Option<PathBuf>) -> Running {
    let gateway = Arc::new(Gateway::new(config, store).unwrap());
    let app = payments_server::router(
        ServerState::new(Policy::default()),
        Some(gateway),
        dist,
        None,
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let _ = payments_server::serve(listener, app, std::future::pending()).await;
    });
    Running {
        base: format!("http://{addr}"),
        task,
    }
}

/// A vendor (the simulators) and the production server in front of it,
/// with the gateway configuration `config` makes for the vendor's base
/// URL; its store is a file of its own.
pub struct Front {
    pub vendor: Running,
    pub server: Running,
    pub base: String,
    pub client: reqwest::Client,
    pub store_path: PathBuf,
}

impl Front {
    pub async fn start(config: impl FnOnce(&str) -> GatewayConfig) -> Front {
        Front::serving(config, None).await
    }

    /// As [`Front::start`], serving the built console in `dist` too.
    pub async fn serving(
        config: impl FnOnce(&str) -> GatewayConfig,
        dist: Option<PathBuf>,
    ) -> Front {
        let vendor = vendor().await;
        let store_path = temp_dir().join("gateway.sqlite3");
        let store = Store::open(&Location::File(store_path.clone()))
            .await
            .unwrap();
        let server = server(config(&vendor.base), store, dist).await;
        Front {
            base: server.base.clone(),
            vendor,
            server,
            client: reqwest::Client::new(),
            store_path,
        }
    }

    /// A request from the console's own page.
    pub fn req(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base))
            .header("Origin", &self.base)
    }

    /// Signs in with the tests' password, `correct horse`.
    pub async fn sign_in(&self, name: &str) -> Signed {
        let r = self
            .req(reqwest::Method::POST, "/gateway/sign-in")
            .json(&serde_json::json!({"name": name, "password": "correct horse"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), reqwest::StatusCode::OK);
        signed(r).await
    }

    /// The audit rows `query` selects, newest first, as `who` sees them.
    pub async fn activity(&self, who: &Signed, query: &str) -> Vec<serde_json::Value> {
        let v: serde_json::Value = who
            .on(self.req(reqwest::Method::GET, &format!("/gateway/activity?{query}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["rows"].as_array().cloned().unwrap_or_default()
    }
}

/// The session a successful sign-in's answer starts (its cookie is
/// `HttpOnly` and `SameSite=Strict`).
async fn signed(r: reqwest::Response) -> Signed {
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    for part in ["HttpOnly", "SameSite=Strict"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    let body: serde_json::Value = r.json().await.unwrap();
    Signed {
        cookie: cookie.split(';').next().unwrap().to_string(),
        csrf: body["csrf"].as_str().unwrap().to_string(),
    }
}

/// A signed-in session: its cookie and CSRF token.
pub struct Signed {
    pub cookie: String,
    pub csrf: String,
}

impl Signed {
    pub fn on(&self, r: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        r.header("Cookie", &self.cookie)
            .header("X-CSRF-Token", &self.csrf)
    }
}

/// An argon2 hash of the tests' password, `correct horse`, made once.
pub fn test_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| payments_server::gateway::accounts::hash_password("correct horse").unwrap())
}

/// The tests' secrets, by environment variable name: the simulators'
/// demo credentials.
pub struct TestSecrets;

impl payments_server::gateway::config::Secrets for TestSecrets {
    fn env(&self, name: &str) -> Option<String> {
        let value = match name {
            "RR" => "rr_demo_token",
            "BP" => "bp_demo_token",
            "TC" => "admin-secret",
            "WHOP_APP" => "whop_demo_app_key",
            "WHOP_USER" => "whop_demo_user_token",
            "BO_KEY" => "builton_demo_key",
            "BO_TOKEN" => "builton_demo_admin_token",
            // RFC 6238's test secret ("12345678901234567890"), base32.
            "ADA_TOTP" => "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            _ => return None,
        };
        Some(value.to_string())
    }
    fn file(&self, _: &Path) -> Option<String> {
        None
    }
}

/// The configuration text `text`, read with [`TestSecrets`].
pub fn parse(text: &str) -> GatewayConfig {
    GatewayConfig::parse(text, &TestSecrets).unwrap()
}

/// A ReviewRover connection's configuration: id `id`, at `base_url`.
pub fn reviewrover(id: &str, base_url: &str) -> String {
    format!(
        "[[connections]]\nid = \"{id}\"\nvendor = \"reviewrover\"\nname = \"ReviewRover\"\n\
         base_url = \"{base_url}\"\ncredentials.token = {{ env = \"RR\" }}\n\n"
    )
}

/// Accounts with the tests' password, `correct horse`: `(name, role)`.
pub fn accounts(people: &[(&str, &str)]) -> String {
    people
        .iter()
        .map(|(name, role)| {
            format!(
                "[[accounts]]\nname = \"{name}\"\nrole = \"{role}\"\npassword_hash = \"{}\"\n\n",
                test_hash()
            )
        })
        .collect()
}

/// A free loopback port.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The production binary, started as a company would: `--config` and
/// `--db`, secrets in its environment. Dropping it kills it.
pub struct Process {
    pub base: String,
    pub db: PathBuf,
    child: Child,
    pub output: PathBuf,
}

impl Process {
    pub async fn start(config: &str, env: &[(&str, &str)], extra: &[&str]) -> Process {
        let db = temp_dir().join("gateway.sqlite3");
        Process::start_on(config, env, extra, db).await
    }

    /// The binary on the store `db` (which may already hold rows).
    pub async fn start_on(
        config: &str,
        env: &[(&str, &str)],
        extra: &[&str],
        db: PathBuf,
    ) -> Process {
        let dir = temp_dir();
        let file = dir.join("payments.toml");
        std::fs::write(&file, config).unwrap();
        let output = dir.join("output.log");
        let port = free_port();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_payments-server"));
        cmd.args(["--port", &port.to_string(), "--no-app", "--config"])
            .arg(&file)
            .arg("--db")
            .arg(&db)
            .args(extra)
            .envs(env.iter().copied())
            .stdout(Stdio::from(std::fs::File::create(&output).unwrap()))
            .stderr(Stdio::from(
                std::fs::OpenOptions::new()
                    .append(true)
                    .open(&output)
                    .unwrap(),
            ));
        let child = cmd.spawn().expect("the server starts");
        let base = format!("http://127.0.0.1:{port}");
        let mut p = Process {
            base,
            db,
            child,
            output,
        };
        for _ in 0..200 {
            if reqwest::get(p.url("/gateway/session")).await.is_ok() {
                return p;
            }
            if let Ok(Some(status)) = p.child.try_wait() {
                panic!("the server stopped ({status}): {}", p.printed());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server did not start: {}", p.printed());
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Signs `name` in through this server with the tests' password; the
    /// session's cookie (`pc_session=…`) and CSRF token.
    pub async fn sign_in(&self, name: &str) -> Signed {
        let r = reqwest::Client::new()
            .post(self.url("/gateway/sign-in"))
            .header("Origin", &self.base)
            .json(&serde_json::json!({"name": name, "password": "correct horse"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), reqwest::StatusCode::OK);
        signed(r).await
    }

    /// What it printed so far.
    pub fn printed(&self) -> String {
        std::fs::read_to_string(&self.output).unwrap_or_default()
    }

    /// Its resident memory, in KiB.
    pub fn resident_kib(&self) -> u64 {
        self.status_kib("VmRSS:")
    }

    /// The most resident memory it has had, in KiB.
    pub fn peak_kib(&self) -> u64 {
        self.status_kib("VmHWM:")
    }

    fn status_kib(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect(field)
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The tables of a SQLite file.
pub fn tables(db: &Path) -> Vec<String> {
    let db = rusqlite::Connection::open(db).unwrap();
    let mut stmt = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap();
    let names = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
    names.map(Result::unwrap).collect()
}

/// How many rows a table of a SQLite file holds.
pub fn count_rows(db: &Path, table: &str) -> i64 {
    let db = rusqlite::Connection::open(db).unwrap();
    db.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}
