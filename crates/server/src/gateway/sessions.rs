//! Signed-in sessions: a random token in an `HttpOnly`, `SameSite=Strict`
//! cookie (`Secure` when the public origin is `https`), kept in the
//! gateway's store (by the token's SHA-256, so a reader of the store
//! cannot take a session over) with its account, role, expiry and the
//! CSRF token every write must repeat in `X-CSRF-Token`. A restart keeps
//! them, and servers that share the store share them: signed in through
//! one, signed in on all; signed out on one, signed out on all.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::HeaderMap;
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::accounts::Role;
use super::store::Store;

/// The cookie's name.
pub const COOKIE: &str = "pc_session";
/// The header a write repeats the session's CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Live sessions held at most: sessions start only after a password
/// matched, and a full table refuses new ones rather than grow.
pub const MAX_SESSIONS: i64 = 100_000;

/// One signed-in person.
#[derive(Clone, Debug)]
pub struct Session {
    pub name: String,
    pub role: Role,
    pub csrf: String,
    /// When it ends, in Unix seconds.
    expires: i64,
}

/// The sessions, in the store.
pub struct Sessions {
    lifetime: Duration,
    store: Store,
}

/// 32 random bytes as hex.
pub fn token() -> Result<String, String> {
    crate::random_hex(32)
}

/// What the store keeps of a token: its SHA-256, in hex.
fn key(token: &str) -> String {
    crate::hex(&Sha256::digest(token.as_bytes()))
}

fn failed(e: sqlx::Error) -> String {
    e.to_string()
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

impl Sessions {
    pub fn new(lifetime: Duration, store: Store) -> Sessions {
        Sessions { lifetime, store }
    }

    /// Starts a session; returns its token.
    pub async fn start(&self, name: &str, role: Role) -> Result<(String, Session), String> {
        let session = Session {
            name: name.to_string(),
            role,
            csrf: token()?,
            expires: now() + i64::try_from(self.lifetime.as_secs()).unwrap_or(i64::MAX / 2),
        };
        let id = token()?;
        let db = self.store.pool();
        sqlx::query("DELETE FROM sessions WHERE expires <= $1")
            .bind(now())
            .execute(db)
            .await
            .map_err(failed)?;
        let live: i64 = sqlx::query("SELECT COUNT(*) FROM sessions")
            .fetch_one(db)
            .await
            .and_then(|r| r.try_get(0))
            .map_err(failed)?;
        if live >= MAX_SESSIONS {
            return Err("too many people are signed in".to_string());
        }
        sqlx::query(
            "INSERT INTO sessions (key, name, role, csrf, expires) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(key(&id))
        .bind(session.name.clone())
        .bind(session.role.name().to_string())
        .bind(session.csrf.clone())
        .bind(session.expires)
        .execute(db)
        .await
        .map_err(failed)?;
        Ok((id, session))
    }

    /// The live session the request's cookie names, if any; an error
    /// when the store does not answer.
    pub async fn find(&self, headers: &HeaderMap) -> Result<Option<Session>, String> {
        let Some(id) = cookie(headers) else {
            return Ok(None);
        };
        let row = sqlx::query(
            "SELECT name, role, csrf, expires FROM sessions WHERE key = $1 AND expires > $2",
        )
        .bind(key(&id))
        .bind(now())
        .fetch_optional(self.store.pool())
        .await
        .map_err(failed)?;
        let Some(r) = row else { return Ok(None) };
        let read = || -> sqlx::Result<Option<Session>> {
            let role: String = r.try_get(1)?;
            Ok(Role::parse(&role).map(|role| Session {
                name: r.try_get(0).unwrap_or_default(),
                role,
                csrf: r.try_get(2).unwrap_or_default(),
                expires: r.try_get(3).unwrap_or_default(),
            }))
        };
        read().map_err(failed)
    }

    /// Ends the request's session, everywhere.
    pub async fn end(&self, headers: &HeaderMap) -> Result<(), String> {
        let Some(id) = cookie(headers) else {
            return Ok(());
        };
        sqlx::query("DELETE FROM sessions WHERE key = $1")
            .bind(key(&id))
            .execute(self.store.pool())
            .await
            .map(|_| ())
            .map_err(failed)
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
    super::extract::cookie(headers, COOKIE)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{header, HeaderValue};

    fn with_cookie(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(value).unwrap());
        h
    }

    #[tokio::test]
    async fn a_session_is_found_by_its_cookie_until_it_ends() {
        let s = Sessions::new(Duration::from_secs(60), Store::in_memory().await.unwrap());
        let (id, started) = s.start("ada", Role::Editor).await.unwrap();
        let h = with_cookie(&format!("theme=dark; {COOKIE}={id}"));
        let found = s.find(&h).await.unwrap().unwrap();
        assert_eq!((found.name.as_str(), found.csrf), ("ada", started.csrf));
        let other = with_cookie(&format!("{COOKIE}={}", "0".repeat(64)));
        assert!(s.find(&other).await.unwrap().is_none());
        s.end(&h).await.unwrap();
        assert!(s.find(&h).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn sessions_expire_and_tokens_are_kept_only_as_hashes() {
        let store = Store::in_memory().await.unwrap();
        let s = Sessions::new(Duration::from_secs(0), store.clone());
        let (id, _) = s.start("ada", Role::Viewer).await.unwrap();
        assert!(s
            .find(&with_cookie(&format!("{COOKIE}={id}")))
            .await
            .unwrap()
            .is_none());
        let keys: Vec<String> = sqlx::query("SELECT key FROM sessions")
            .fetch_all(store.pool())
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get(0).unwrap())
            .collect();
        assert!(keys.iter().all(|k| *k != id && k.len() == 64), "{keys:?}");
    }

    #[tokio::test]
    async fn the_cookie_is_http_only_strict_and_secure_over_https() {
        let s = Sessions::new(Duration::from_secs(60), Store::in_memory().await.unwrap());
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
