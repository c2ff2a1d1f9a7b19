//! The connections a server offers for a first run. The sandbox publishes
//! one demo connection per vendor at `/sandbox/connections.json`; a console
//! served from anywhere else finds none there and starts with none.

use payments_model::{Connection, HttpRequest, Method};

/// Where the sandbox publishes its demo connections, relative to the page.
pub const OFFERED_CONNECTIONS_PATH: &str = "/sandbox/connections.json";

/// The connections offered by the server the console was loaded from; an
/// empty list when there are none or the answer cannot be read.
pub async fn load_offered_connections(origin: &str) -> Vec<Connection> {
    let req = HttpRequest::new(Method::Get, format!("{origin}{OFFERED_CONNECTIONS_PATH}"));
    match super::send(req).await {
        Ok(resp) if resp.is_success() => serde_json::from_str(&resp.body).unwrap_or_default(),
        _ => Vec::new(),
    }
}
