//! Connections in browser storage: the list without its secrets in
//! `localStorage`, and the secrets of the connections a person chose to
//! remember in `sessionStorage` (gone when the tab closes). Every other
//! secret lives only in memory.

use payments_model::{Connection, Credentials};

const CONNECTIONS_KEY: &str = "pc.connections";
const SECRETS_KEY: &str = "pc.secrets";

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The saved list (`None` on a first run) and the remembered secrets.
pub fn load_saved() -> (Option<Vec<Connection>>, Vec<(String, Credentials)>) {
    let saved = local()
        .and_then(|s| s.get_item(CONNECTIONS_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str::<Vec<Connection>>(&text).ok())
        .map(|cs| cs.into_iter().map(Connection::with_known_scope).collect());
    let secrets = session()
        .and_then(|s| s.get_item(SECRETS_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    (saved, secrets)
}

/// Saves the list without secrets, and the secrets of `remembered` ids for
/// this session only.
pub fn save(connections: &[Connection], remembered: &[String]) {
    let blanked: Vec<Connection> = connections
        .iter()
        .map(|c| Connection {
            credentials: c.credentials_without_secrets(),
            ..c.clone()
        })
        .collect();
    if let (Some(s), Ok(text)) = (local(), serde_json::to_string(&blanked)) {
        let _ = s.set_item(CONNECTIONS_KEY, &text);
    }
    let secrets: Vec<(String, Credentials)> = connections
        .iter()
        .filter(|c| remembered.contains(&c.id))
        .map(|c| (c.id.clone(), c.credentials.clone()))
        .collect();
    if let (Some(s), Ok(text)) = (session(), serde_json::to_string(&secrets)) {
        let _ = s.set_item(SECRETS_KEY, &text);
    }
}
