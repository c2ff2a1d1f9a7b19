//! What one simulated vendor is to the server: a [`Simulator`], one per
//! vendor module, listed once in [`crate::SIMULATORS`]. The database, the
//! seeding, the routes, the offered connections and the start-up banner
//! all iterate over that list, so adding a vendor to the sandbox is one
//! module and one line.

use axum::Router;
use payments_model::{Connection, Vendor};

use crate::SandboxState;

/// A simulated vendor API.
pub struct Simulator {
    /// The vendor the console's model knows.
    pub vendor: &'static dyn Vendor,
    /// Where its API lives on the server, such as `/whop/api/v5`; the demo
    /// connection's base URL.
    pub prefix: &'static str,
    /// `CREATE TABLE IF NOT EXISTS …` for its tables.
    pub schema: &'static str,
    /// Its tables, emptied by a reset.
    pub tables: &'static [&'static str],
    /// Fills its tables with the deterministic demo data: about this many
    /// payments.
    pub seed: fn(&rusqlite::Connection, usize) -> rusqlite::Result<()>,
    /// How many payments its demo data holds.
    pub demo_count: usize,
    /// Its endpoints, relative to `prefix`.
    pub routes: fn() -> Router<SandboxState>,
    /// The connection the server offers the console for it (base URL
    /// relative to the server's origin).
    pub demo_connection: fn() -> Connection,
    /// How to sign in to it, for the start-up banner.
    pub sign_in: fn() -> String,
    /// Request headers of its own that a console on another local origin
    /// may send (beyond `Authorization`, `Content-Type` and `Accept`).
    pub headers: &'static [&'static str],
}

impl Simulator {
    /// A demo connection at `prefix` with `credentials` and `scope`.
    pub fn connection(
        &self,
        credentials: payments_model::Credentials,
        scope: payments_model::connection::Scope,
    ) -> Connection {
        Connection {
            id: self.vendor.slug().into(),
            vendor: self.vendor,
            name: self.vendor.display_name().into(),
            base_url: self.prefix.into(),
            credentials,
            scope,
            currency: None,
        }
    }
}
