//! The server a company runs: the gateway in front of its payment
//! vendors, and the built console.
//!
//! It holds each connection's vendor secrets, signs staff in, forwards
//! only what a connection may reach and records every write attempt
//! ([`gateway`]); it serves the console's files like a production site
//! ([`site`]) under a strict policy ([`policy`]); and it accepts
//! connections with deadlines and a bound ([`serve`]). It contains no
//! simulated vendor: the demo's simulators live in the `payments-sandbox`
//! crate, which mounts its routes beside these ones ([`Extra`]).

pub mod bounded;
pub mod cli;
pub mod gateway;
pub mod observe;
pub mod policy;
pub mod serve;
pub mod site;
pub mod snapshot;

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;

pub use gateway::Gateway;
pub use serve::serve;

/// What every route of the server shares.
#[derive(Clone)]
pub struct ServerState {
    /// Host names, Content-Security-Policy sources and framing.
    pub policy: Arc<policy::Policy>,
    /// The browsers' violation reports (kept, bounded; listed by no route
    /// of this crate).
    pub reports: Arc<policy::Reports>,
}

impl ServerState {
    pub fn new(policy: policy::Policy) -> ServerState {
        ServerState {
            policy: Arc::new(policy),
            reports: Arc::default(),
        }
    }
}

/// Routes another crate mounts beside the server's own (the sandbox's
/// simulators), with the paths it answers for so that they never fall
/// through to the console's page.
pub struct Extra {
    pub routes: Router,
    /// Whether a path belongs to these routes (a JSON 404 when none of
    /// them matches it).
    pub claims: fn(&str) -> bool,
}

/// The whole server: `/gateway` where a gateway runs, the violation
/// reports' endpoint, `extra` where given, and the console for every
/// other path.
pub fn router(
    state: ServerState,
    gateway: Option<Arc<Gateway>>,
    dist: Option<PathBuf>,
    extra: Option<Extra>,
) -> Router {
    let metrics = gateway
        .as_ref()
        .map_or_else(Default::default, |g| g.metrics.clone());
    let mut r = Router::new()
        .merge(policy::routes().with_state(state.clone()))
        .merge(observe::routes(gateway.clone(), metrics.clone()).with_state(state.clone()));
    if let Some(gw) = gateway.clone() {
        r = r.nest("/gateway", gateway::routes(gw));
    }
    let claims = extra.as_ref().map(|e| e.claims);
    if let Some(e) = extra {
        r = r.merge(e.routes);
    }
    let app = site::app(dist.clone());
    let dist = app.as_ref().and(dist);
    r.fallback(move |req: Request| {
        let (app, gateway, dist) = (app.clone(), gateway.clone(), dist.clone());
        async move {
            let path = req.uri().path().to_string();
            if claims.is_some_and(|c| c(&path))
                || path == "/gateway"
                || path.starts_with("/gateway/")
            {
                return not_found(&path);
            }
            if let (Some(gw), Some(dist)) = (gateway, dist) {
                let query = req.uri().query();
                if let Some(page) = snapshot::page(&gw, &dist, req.headers(), &path, query).await {
                    return page;
                }
                if let Some(list) =
                    gateway::first_list::first_list(&gw, req.headers(), &path, query).await
                {
                    if let Some(page) = site::page_with_preload(&dist, &list).await {
                        return page;
                    }
                }
            }
            site::serve_app(app, req).await
        }
    })
    .layer(axum::middleware::from_fn_with_state(
        metrics,
        observe::observe,
    ))
    .layer(axum::middleware::from_fn_with_state(state, policy::guard))
}

/// Completes on Ctrl-C or SIGTERM, once `gateway`'s open streams of
/// changes are told to end (so a stop need not wait them out).
pub async fn stop_signal(gateway: Option<Arc<Gateway>>) {
    serve::shutdown_signal().await;
    if let Some(gw) = gateway {
        gw.events.close();
    }
}

/// Bytes as lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `n` random bytes as hex: tokens, ids, throwaway passwords.
pub fn random_hex(n: usize) -> Result<String, String> {
    let mut bytes = vec![0u8; n];
    getrandom::getrandom(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    Ok(hex(&bytes))
}

/// A JSON 404 for a path no route answers.
pub fn not_found(path: &str) -> Response {
    gateway::error::refusal(
        StatusCode::NOT_FOUND,
        payments_model::message::GatewayMessage::NothingAt {
            path: path.to_string(),
        },
    )
}
