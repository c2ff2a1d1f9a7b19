//! The demo: the simulators and, in front of them, the production
//! server's gateway configured for them, on one port. Four accounts,
//! `editor` and `editor-2` (two colleagues), `viewer` and `auditor`,
//! share a password that is given
//! (`PAYMENTS_DEMO_PASSWORD`) or made up and printed at start-up. With
//! `PAYMENTS_DATABASE_URL` the demo gateway keeps its store in that
//! PostgreSQL database instead of a file beside the simulators'. One
//! approval rule shows four eyes: a ReviewRover write touching
//! US$1,000.00 or more waits for a colleague's approval. With
//! `--no-gateway` the sandbox instead offers its demo connections,
//! secrets included, to a browser-only console.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use payments_server::gateway::accounts::{hash_password, Account, Role};
use payments_server::gateway::config::{ApprovalRule, Covered, GatewayConfig};
use payments_server::gateway::store::Location;
use payments_server::policy::Policy;
use payments_server::{Gateway, ServerState};

use crate::{pages, Data, SIMULATORS};

/// Where the demo gateway keeps its store: the PostgreSQL database
/// `PAYMENTS_DATABASE_URL` names (so that several demos are one service,
/// as production servers are), else a file.
fn store_location(config: &Config) -> Location {
    match std::env::var("PAYMENTS_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => Location::Url(url),
        _ => Location::File(
            config
                .gateway_db
                .clone()
                .unwrap_or_else(|| config.data.db_path.with_file_name("gateway.sqlite3")),
        ),
    }
}

/// How to start the sandbox.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen; port 0 picks a free port.
    pub addr: SocketAddr,
    /// The simulators' data.
    pub data: Data,
    /// The demo gateway's own store (sessions' throttles, the audit log);
    /// `None` puts `gateway.sqlite3` beside the simulators' file.
    pub gateway_db: Option<PathBuf>,
    /// The built console (Trunk's `dist/`), served at `/`.
    pub dist: Option<PathBuf>,
    /// Host names, Content-Security-Policy sources and framing.
    pub policy: Policy,
    /// Whether the demo gateway runs.
    pub gateway: Mode,
}

/// Whether the demo gateway runs.
#[derive(Clone, Debug)]
pub enum Mode {
    /// The gateway for the simulators of this server, with the accounts
    /// `editor`, `editor-2`, `viewer` and `auditor`, whose password is
    /// given or made up.
    Gateway { password: Option<String> },
    /// No gateway: the console keeps the demo credentials in the browser.
    BrowserOnly,
}

/// What the sandbox was started with, for the start-up banner.
pub struct Started {
    pub addr: SocketAddr,
    /// The demo accounts' password, when the gateway runs.
    pub password: Option<String>,
}

/// The demo gateway's configuration for simulators served at `addr`:
/// one connection per simulator (its demo credentials, held in memory
/// only), and the accounts `editor`, `editor-2`, `viewer` and `auditor`, all with
/// `password`.
pub fn gateway_config(addr: SocketAddr, password: &str) -> Result<GatewayConfig, String> {
    let host = if addr.ip().is_unspecified() {
        format!("127.0.0.1:{}", addr.port())
    } else {
        addr.to_string()
    };
    let mut config = GatewayConfig::empty();
    config.connections = SIMULATORS
        .iter()
        .map(|s| {
            let mut c = (s.demo_connection)();
            c.base_url = format!("http://{host}{}", s.prefix);
            c
        })
        .collect();
    let hash = hash_password(password)?;
    config.accounts = vec![
        Account::new("editor", Role::Editor, &hash)?,
        Account::new("editor-2", Role::Editor, &hash)?,
        Account::new("viewer", Role::Viewer, &hash)?,
        Account::new("auditor", Role::Auditor, &hash)?,
    ];
    // The first connection of the registry (ReviewRover's).
    let first = config.connections.first().map(|c| c.id.clone());
    config.approval_rules = first.map(large_payments).into_iter().collect();
    Ok(config)
}

/// The demo's one approval rule (four eyes): a write to `connection`
/// touching US$1,000.00 or more waits for a colleague's approval (the
/// seeded payments are all smaller).
fn large_payments(connection: String) -> ApprovalRule {
    ApprovalRule {
        name: "Large payments".into(),
        connections: Covered::Only(vec![connection]),
        operations: Vec::new(),
        amount_at_least: vec![(
            payments_model::Currency::usd(),
            payments_model::Decimal::new(100_000, 2),
        )],
        bulk_at_least: None,
        approvers: 1,
        approver_roles: vec![Role::Editor],
        expires_after: std::time::Duration::from_secs(24 * 3600),
    }
}

/// A password for the demo accounts: 16 random hex digits.
fn made_up_password() -> Result<String, String> {
    Ok(payments_server::gateway::sessions::token()?
        .chars()
        .take(16)
        .collect())
}

/// Binds, opens the data and serves until Ctrl-C or SIGTERM; `ready`
/// hears the bound address and the demo password once it accepts
/// connections.
pub async fn serve(config: Config, ready: impl FnOnce(Started)) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let server = ServerState::new(config.policy.clone());
    let (gateway, password) = match &config.gateway {
        Mode::BrowserOnly => (None, None),
        Mode::Gateway { password } => {
            let password = match password {
                Some(p) => p.clone(),
                None => made_up_password()?,
            };
            let at = store_location(&config);
            let store = payments_server::gateway::audit::open_store(&at).await?;
            let gw = Gateway::new(gateway_config(addr, &password)?, store)?;
            (Some(Arc::new(gw)), Some(password))
        }
    };
    let sandbox = crate::open(&config.data, server.reports.clone(), gateway.is_none())?;
    let stop = payments_server::stop_signal(gateway.clone());
    let app = payments_server::router(server, gateway, config.dist, Some(crate::routes(sandbox)))
        .layer(pages::cors());
    ready(Started { addr, password });
    payments_server::serve(listener, app, stop).await
}
