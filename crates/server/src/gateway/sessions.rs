//! Signed-in sessions: a random token in an `HttpOnly`, `SameSite=Strict`
//! cookie (`Secure` when the public origin is `https`), kept in memory
//! with its account, role, expiry and the CSRF token that every write
//! must repeat in `X-CSRF-Token`. A restart signs everyone out.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{header, HeaderMap};

use super::accounts::Role;

/// The cookie's name.
pub const COOKIE: &str = "pc_session";
/// The header a write repeats the session's CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Live sessions held at most: sessions start only after a password
/// matched, and a full table refuses new ones rather than grow.
pub const MAX_SESSIONS: usize = 100_000;

/// One signed-in person.
#[derive(Clone, Debug)]
pub struct Session {
    pub name: String,
    pub role: Role,
    pub csrf: String,
    expires: Instant,
}

/// Every live session, by token.
pub struct Sessions {
    lifetime: Duration,
    live: Mutex<HashMap<String, Session>>,
}

/// 32 random bytes as hex.
pub fn token() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

impl Sessions {
    pub fn new(lifetime: Duration) -> Sessions {
        Sessions {
            lifetime,
            live: Mutex::default(),
        }
    }

    /// Starts a session; returns its token.
    pub fn start(&self, name: &str, role: Role) -> Result<(String, Session), String> {
        let session = Session {
            name: name.to_string(),
            role,
            csrf: token()?,
            expires: Instant::now() + self.lifetime,
        };
        let id = token()?;
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        if live.len() >= MAX_SESSIONS {
            live.retain(|_, s| s.expires > Instant::now());
        }
        if live.len() >= MAX_SESSIONS {
            return Err("too many people are signed in".into());
        }
        live.insert(id.clone(), session.clone());
        Ok((id, session))
    }

    /// The live session the request's cookie names, if any.
    pub fn find(&self, headers: &HeaderMap) -> Option<Session> {
        let id = cookie(headers)?;
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        match live.get(&id) {
            Some(s) if s.expires > Instant::now() => Some(s.clone()),
            Some(_) => {
                live.remove(&id);
                None
            }
            None => None,
        }
    }

    /// Ends the request's session.
    pub fn end(&self, headers: &HeaderMap) {
        if let Some(id) = cookie(headers) {
            self.live
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&id);
        }
    }

    /// The `Set-Cookie` value for a session token (`None` clears it).
    pub fn set_cookie(&self, token: Option<&str>, secure: bool) -> String {
        let secure = if secure { "; Secure" } else { "" };
        match token {
            Some(t) => format!(
                "{COOKIE}={t}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
                self.lifetime.as_secs()
            ),
            None => format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
        }
    }
}

/// The session token the request's `Cookie` header carries.
fn cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with_cookie(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn a_session_is_found_by_its_cookie_until_it_ends() {
        let s = Sessions::new(Duration::from_secs(60));
        let (id, started) = s.start("ada", Role::Editor).unwrap();
        let h = with_cookie(&format!("theme=dark; {COOKIE}={id}"));
        let found = s.find(&h).unwrap();
        assert_eq!((found.name.as_str(), found.csrf), ("ada", started.csrf));
        assert!(s
            .find(&with_cookie(&format!("{COOKIE}={}", "0".repeat(64))))
            .is_none());
        s.end(&h);
        assert!(s.find(&h).is_none());
    }

    #[test]
    fn sessions_expire() {
        let s = Sessions::new(Duration::from_millis(1));
        let (id, _) = s.start("ada", Role::Viewer).unwrap();
        std::thread::sleep(Duration::from_millis(5));
        assert!(s.find(&with_cookie(&format!("{COOKIE}={id}"))).is_none());
    }

    #[test]
    fn the_cookie_is_http_only_strict_and_secure_over_https() {
        let s = Sessions::new(Duration::from_secs(60));
        let c = s.set_cookie(Some("abc"), true);
        for part in [
            "HttpOnly",
            "SameSite=Strict",
            "Secure",
            "Path=/",
            "Max-Age=60",
        ] {
            assert!(c.contains(part), "{c}");
        }
        assert!(!s.set_cookie(Some("abc"), false).contains("Secure"));
    }
}
