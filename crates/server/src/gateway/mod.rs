//! The gateway: vendor secrets stay on the server. Staff sign in
//! (`/gateway/sign-in`, or single sign-on), the console lists the
//! configured connections (`/gateway/connections`, no secret in them)
//! and sends each vendor request to `/gateway/<connection>/<vendor
//! path>`; the server decides whether it may ([`admission`]), signs it
//! with the connection's credentials and forwards it
//! ([`handlers::forward`], through the [`vendor_client`]). Every write
//! attempt is recorded ([`audit`]) and listed at `/gateway/activity`
//! (CSV at `/gateway/activity.csv`). A write says what it was made from
//! and is refused when the payment changed since ([`versions`], under a
//! fleet-wide [`leases`]); the writes vendors accept are streamed to
//! every signed-in page at `/gateway/events` ([`events`]).
//!
//! Writes are guarded three ways: the session cookie is `SameSite=Strict`
//! and `HttpOnly`, the request's `Origin` must be the console's own, and
//! the session's CSRF token must come back in `X-CSRF-Token` (the
//! extractors of [`extract`] check them). Sign-ins are throttled by
//! address ([`throttle`]) and checked on a bounded pool ([`passwords`]).
//!
//! As in axum's examples, each concern is a router of its own
//! ([`handlers`]), state is this [`Gateway`], checks are extractors and
//! every refusal is a [`error::GatewayError`].

pub mod accounts;
pub mod admission;
pub mod approvals;
pub mod audit;
pub mod config;
pub mod error;
pub mod events;
pub mod extract;
pub mod first_list;
pub mod handlers;
pub mod leases;
pub mod oidc;
pub mod passwords;
pub mod scope;
pub mod seal;
pub mod sessions;
pub mod store;
pub mod throttle;
pub mod totp;
pub mod vendor_client;
pub mod versions;

use std::sync::Arc;

use axum::http::{header, HeaderMap};
use axum::Router;
use payments_model::message::GatewayMessage;
use payments_model::Connection;

use accounts::Account;
use config::GatewayConfig;
use error::GatewayError;
use sessions::{Session, Sessions};
use store::Store;
use throttle::Throttle;
use vendor_client::VendorClient;

/// The longest account name and password a sign-in may send.
pub const MAX_NAME: usize = 64;
pub const MAX_PASSWORD: usize = 1024;

/// Everything the gateway holds while the server runs.
pub struct Gateway {
    pub config: GatewayConfig,
    pub sessions: Sessions,
    pub throttle: Throttle,
    pub passwords: passwords::Checker,
    pub store: Store,
    /// What this server counts (see [`crate::observe`]).
    pub metrics: Arc<crate::observe::Metrics>,
    /// The way out to the vendors.
    pub vendors: VendorClient,
    /// Single sign-on, when configured.
    pub sso: Option<oidc::Sso>,
    /// Writes to one payment, one at a time, fleet-wide.
    pub leases: leases::Leases,
    /// The feed of changes that `/gateway/events` streams.
    pub events: Arc<events::Events>,
    /// The account a sign-in for an unknown name is checked against, so
    /// that it takes as long as one for a known name.
    decoy: Account,
}

impl Gateway {
    /// A gateway for `config`, keeping its log in `store`.
    pub fn new(config: GatewayConfig, store: Store) -> Result<Gateway, String> {
        let sso = config.oidc.clone().map(oidc::Sso::new).transpose()?;
        Ok(Gateway {
            sso,
            sessions: Sessions::new(
                config.session_lifetime,
                config.session_idle,
                sessions::Grants::of(&config),
                store.clone(),
            ),
            throttle: Throttle::new(store.clone()),
            passwords: passwords::Checker::new(usize::MAX)?,
            decoy: accounts::decoy()?,
            vendors: VendorClient::new()?,
            leases: leases::Leases::new(store.clone()),
            events: Arc::new(events::Events::new(store.clone())),
            store,
            metrics: Arc::default(),
            config,
        })
    }

    /// The configured connection `id`.
    pub fn connection(&self, id: &str) -> Option<&Connection> {
        self.config.connections.iter().find(|c| c.id == id)
    }

    /// The account a sign-in names, or the decoy it is checked against
    /// instead.
    pub fn account_or_decoy(&self, name: &str) -> (Option<&Account>, &Account) {
        let account = self.config.accounts.iter().find(|a| a.name == name);
        (account, account.unwrap_or(&self.decoy))
    }

    /// Whether session cookies must be `Secure`.
    pub fn secure(&self) -> bool {
        self.config
            .public_origin
            .as_deref()
            .is_some_and(|o| o.starts_with("https://"))
    }

    /// The origin the console's pages come from: the configured one, or
    /// this request's host over plain HTTP (the `Host` check has already
    /// refused foreign names).
    pub fn own_origin(&self, headers: &HeaderMap) -> Option<String> {
        match &self.config.public_origin {
            Some(o) => Some(o.clone()),
            None => headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(|h| format!("http://{h}")),
        }
    }

    /// Refuses a write that does not come from the console's own pages:
    /// its `Origin` must be the console's, and (for a session's writes)
    /// its `X-CSRF-Token` the session's.
    pub fn same_site(
        &self,
        headers: &HeaderMap,
        session: Option<&Session>,
    ) -> Result<(), GatewayError> {
        let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
        if origin.is_none() || origin.map(str::to_string) != self.own_origin(headers) {
            return Err(GatewayError::forbidden(GatewayMessage::ForeignOrigin));
        }
        if session.is_some_and(|s| !extract::carries_token(headers, s)) {
            return Err(GatewayError::forbidden(GatewayMessage::NoFormToken));
        }
        Ok(())
    }

    /// Counts a store error and says the store does not answer.
    pub fn store_down(&self, message: GatewayMessage) -> GatewayError {
        self.metrics.count("payments_store_errors_total", &[]);
        GatewayError::unavailable(message)
    }
}

/// The gateway's routes, to be nested under `/gateway`: each concern's
/// router, and forwarding for every other path.
pub fn routes(gw: Arc<Gateway>) -> Router {
    Router::new()
        .merge(handlers::session::routes())
        .merge(handlers::sign_on::routes())
        .merge(handlers::sessions::routes())
        .merge(handlers::connections::routes())
        .merge(handlers::activity::routes())
        .merge(handlers::preferences::routes())
        .merge(handlers::approvals::routes())
        .merge(handlers::events::routes())
        .merge(handlers::forward::routes())
        .fallback(|| async { GatewayError::not_found(GatewayMessage::NoSuchAddress) })
        .with_state(gw)
}

/// A connection as the console receives it from `/gateway/connections`:
/// no secret, and the gateway as its base URL.
pub fn as_shown(c: &Connection) -> Connection {
    let mut shown = c.clone();
    shown.credentials = c.credentials_without_secrets();
    shown.base_url = format!("/gateway/{}", c.id);
    shown
}
