//! The sandbox: a local stand-in for the vendors' payment APIs, on SQLite,
//! that also serves the built console.
//!
//! Each vendor is one module exporting one [`Simulator`], listed once in
//! [`SIMULATORS`]: it lives under its own path prefix and answers in its
//! own dialect, using the wire types and validation rules of
//! `payments-model`, so the console and the sandbox agree by construction. `/sandbox/connections.json` offers the console one demo
//! connection per vendor, `/sandbox/faults/…` fails on demand (see
//! [`faults`]), and everything else is the built app.

pub mod billingplatform;
pub mod body;
pub mod builton;
pub mod db;
pub mod faults;
pub mod gateway;
pub mod message_error;
pub mod params;
pub mod policy;
pub mod rate_limit;
pub mod reviewrover;
pub mod seed;
pub mod simulator;
pub mod site;
pub mod twocloud;
pub mod whop;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;

pub use db::Db;
pub use simulator::Simulator;

/// Every simulated vendor, in the order the console lists them. This is
/// the only place the server enumerates vendors.
pub const SIMULATORS: &[&Simulator] = &[
    &reviewrover::SIMULATOR,
    &billingplatform::SIMULATOR,
    &whop::SIMULATOR,
    &twocloud::SIMULATOR,
    &builton::SIMULATOR,
];

/// How to start the sandbox.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen; port 0 picks a free port.
    pub addr: SocketAddr,
    /// The SQLite file.
    pub db_path: PathBuf,
    /// Throw the data away and seed the demo set again.
    pub reset: bool,
    /// How many payments each simulator seeds, instead of its demo count
    /// (for measuring big accounts).
    pub demo_payments: Option<usize>,
    /// The built console (Trunk's `dist/`), served at `/`.
    pub dist: Option<PathBuf>,
    /// Requests allowed per key in ten seconds, for the vendors that
    /// limit their rate.
    pub rate_limit: usize,
    /// Host names, Content-Security-Policy sources and framing.
    pub policy: policy::Policy,
    /// Whether and how the gateway runs.
    pub gateway: GatewayMode,
}

/// How the gateway is configured.
#[derive(Clone, Debug)]
pub enum GatewayMode {
    /// For the simulators of this server, with two demo accounts,
    /// `editor` and `viewer`, whose password is given or made up at start.
    Demo { password: Option<String> },
    /// From a configuration file ([`gateway::config`]).
    File(PathBuf),
    /// No gateway: the server offers its demo connections, secrets
    /// included, to a console that keeps them in the browser.
    Off,
}

/// Shared state of the running server.
#[derive(Clone)]
pub struct AppState {
    pub db: Arc<Db>,
    pub rate_limit: Arc<rate_limit::RateLimit>,
    pub policy: Arc<policy::Policy>,
    pub reports: Arc<policy::Reports>,
    /// The gateway, when one runs.
    pub gateway: Option<Arc<gateway::Gateway>>,
}

/// The whole server: vendor APIs, the offered connections and the app.
pub fn router(state: AppState, dist: Option<PathBuf>) -> Router {
    let apis: Router = SIMULATORS
        .iter()
        .fold(Router::new(), |r, s| r.nest(s.prefix, (s.routes)()))
        .with_state(state.clone())
        .layer(axum::middleware::map_response(message_error::as_json));
    Router::new()
        .nest("/gateway", gateway::routes().with_state(state.clone()))
        .nest_service("/sandbox/faults", faults::routes(apis.clone()))
        .merge(apis)
        .merge(site::routes(dist).with_state(state.clone()))
        .layer(site::cors())
        .layer(axum::middleware::from_fn_with_state(state, policy::guard))
}

/// Opens the database (seeding it on first use or on reset) and returns
/// the state the router needs.
pub fn open_state(config: &Config) -> Result<AppState, String> {
    let db = Db::open(&config.db_path)
        .map_err(|e| format!("cannot open {}: {e}", config.db_path.display()))?;
    seed::ensure(&db, config.reset, config.demo_payments)
        .map_err(|e| format!("cannot seed the demo data: {e}"))?;
    Ok(AppState {
        db: Arc::new(db),
        rate_limit: Arc::new(rate_limit::RateLimit::new(config.rate_limit)),
        policy: Arc::new(config.policy.clone()),
        reports: Arc::default(),
        gateway: None,
    })
}

/// What the gateway was started with, for the start-up banner.
pub struct Started {
    pub addr: SocketAddr,
    /// The demo accounts' password, in demo mode.
    pub demo_password: Option<String>,
    pub gateway: Option<Arc<gateway::Gateway>>,
}

/// The gateway `mode` asks for, on a server at `addr`.
pub fn start_gateway(
    mode: &GatewayMode,
    addr: SocketAddr,
) -> Result<(Option<Arc<gateway::Gateway>>, Option<String>), String> {
    let (config, password) = match mode {
        GatewayMode::Off => return Ok((None, None)),
        GatewayMode::File(path) => (
            gateway::config::GatewayConfig::load(path, &gateway::config::FromSystem)?,
            None,
        ),
        GatewayMode::Demo { password } => {
            let password = match password {
                Some(p) => p.clone(),
                None => gateway::sessions::token()?.chars().take(16).collect(),
            };
            (
                gateway::config::GatewayConfig::demo(addr, &password)?,
                Some(password),
            )
        }
    };
    Ok((Some(Arc::new(gateway::Gateway::new(config)?)), password))
}

/// Binds and serves until Ctrl-C or SIGTERM; `ready` receives the bound
/// address once the server accepts connections.
pub async fn serve(config: Config, ready: impl FnOnce(Started)) -> Result<(), String> {
    let mut state = open_state(&config)?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let (gateway, demo_password) = start_gateway(&config.gateway, addr)?;
    state.gateway = gateway.clone();
    ready(Started {
        addr,
        demo_password,
        gateway,
    });
    axum::serve(listener, router(state, config.dist))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
