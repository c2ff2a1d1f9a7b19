//! The sandbox: the demo and the tests only. Each vendor's payment API is
//! simulated on SQLite, answering in its own dialect with the wire types
//! and validation rules of `payments-model`, so the console and the
//! simulators agree by construction.
//!
//! Each vendor is one module exporting one [`Simulator`], listed once in
//! [`SIMULATORS`]. `/sandbox/connections.json` offers a browser-only
//! console one demo connection per vendor, `/sandbox/faults/…` fails on
//! demand (see [`faults`]). [`demo`] starts the simulators together with
//! the production server's gateway configured for them: the README's run
//! command. Nothing in `payments-server` links this crate.

pub mod billingplatform;
pub mod body;
pub mod builton;
pub mod db;
pub mod demo;
pub mod faults;
pub mod message_error;
pub mod pages;
pub mod params;
pub mod rate_limit;
pub mod reviewrover;
pub mod seed;
pub mod simulator;
pub mod twocloud;
pub mod whop;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use payments_server::policy::Reports;

pub use db::Db;
pub use simulator::Simulator;

/// Every simulated vendor, in the order the console lists them. This is
/// the only place the sandbox enumerates vendors.
pub const SIMULATORS: &[&Simulator] = &[
    &reviewrover::SIMULATOR,
    &billingplatform::SIMULATOR,
    &whop::SIMULATOR,
    &twocloud::SIMULATOR,
    &builton::SIMULATOR,
];

/// Shared state of the simulators.
#[derive(Clone)]
pub struct SandboxState {
    pub db: Arc<Db>,
    pub rate_limit: Arc<rate_limit::RateLimit>,
    /// The server's violation reports, listed at `/sandbox/csp-reports`.
    pub reports: Arc<Reports>,
    /// No gateway runs: the demo connections, secrets included, are
    /// offered to the browser.
    pub browser_only: bool,
}

/// How to open the simulators' data.
#[derive(Clone, Debug)]
pub struct Data {
    /// The SQLite file.
    pub db_path: PathBuf,
    /// Throw the data away and seed the demo set again.
    pub reset: bool,
    /// How many payments each simulator seeds, instead of its demo count
    /// (for measuring big accounts).
    pub demo_payments: Option<usize>,
    /// Requests allowed per key in ten seconds, for the vendors that
    /// limit their rate.
    pub rate_limit: usize,
}

/// Opens the database (seeding it on first use or on reset).
pub fn open(
    data: &Data,
    reports: Arc<Reports>,
    browser_only: bool,
) -> Result<SandboxState, String> {
    let db = Db::open(&data.db_path)
        .map_err(|e| format!("cannot open {}: {e}", data.db_path.display()))?;
    seed::ensure(&db, data.reset, data.demo_payments)
        .map_err(|e| format!("cannot seed the demo data: {e}"))?;
    Ok(SandboxState {
        db: Arc::new(db),
        rate_limit: Arc::new(rate_limit::RateLimit::new(data.rate_limit)),
        reports,
        browser_only,
    })
}

/// The simulators' APIs, the fault routes and the sandbox's pages, as
/// routes for [`payments_server::router`].
pub fn routes(state: SandboxState) -> payments_server::Extra {
    let apis: Router = SIMULATORS
        .iter()
        .fold(Router::new(), |r, s| r.nest(s.prefix, (s.routes)()))
        .with_state(state.clone())
        .layer(axum::middleware::map_response(message_error::as_json));
    let routes = Router::new()
        .nest_service("/sandbox/faults", faults::routes(apis.clone()))
        .merge(apis)
        .merge(pages::routes().with_state(state));
    payments_server::Extra {
        routes,
        claims: pages::is_sandbox_path,
    }
}
