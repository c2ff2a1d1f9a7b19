//! A person's sessions, as the gateway lists them to their owner
//! (`GET /gateway/sessions`) and the console's Sessions page shows them:
//! when each started and was last used, the browser and system it was
//! started from (proper names, or none), the address, and how its person
//! signed in. A session's id is public (it names the session in
//! `DELETE /gateway/sessions/{id}`); its token never leaves the server.

use serde::{Deserialize, Serialize};

/// The address of the list, below the gateway.
pub const SESSIONS_PATH: &str = "/gateway/sessions";
/// The address that ends every session of the person but the asking one.
pub const OTHERS_PATH: &str = "/gateway/sessions/others";

/// How a session's person signed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInMethod {
    /// A name and password (and the account's one-time code).
    Password,
    /// The company's single sign-on provider.
    SingleSignOn,
}

/// One of a person's sessions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    pub id: String,
    pub method: SignInMethod,
    /// When it started and was last used, in Unix seconds.
    pub started: i64,
    pub last_seen: i64,
    /// The browser ("Firefox") and system ("Windows") it was started
    /// from, when its `User-Agent` named them.
    pub browser: Option<String>,
    pub system: Option<String>,
    /// The address it was started from.
    pub address: String,
    /// Whether it is the session asking.
    pub current: bool,
}

/// The list's body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionList {
    pub sessions: Vec<SessionRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_reads_back_as_the_gateway_writes_it() {
        let row = SessionRow {
            id: "0a1b".into(),
            method: SignInMethod::SingleSignOn,
            started: 1_800_000_000,
            last_seen: 1_800_000_060,
            browser: Some("Firefox".into()),
            system: None,
            address: "2001:db8::1".into(),
            current: true,
        };
        let text = serde_json::to_string(&SessionList {
            sessions: vec![row.clone()],
        })
        .unwrap();
        assert!(text.contains("\"method\":\"single_sign_on\""), "{text}");
        let back: SessionList = serde_json::from_str(&text).unwrap();
        assert_eq!(back.sessions, [row]);
    }
}
