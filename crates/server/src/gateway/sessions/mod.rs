//! Signed-in sessions: a random token in an `HttpOnly`, `SameSite=Strict`
//! cookie (`Secure` when the public origin is `https`), kept in the
//! gateway's store (by the token's SHA-256, so a reader of the store
//! cannot take a session over) with its account, role, expiry and the
//! CSRF token every write must repeat in `X-CSRF-Token`. A restart keeps
//! them, and servers that share the store share them: signed in through
//! one, signed in on all; signed out on one, signed out on all.
//!
//! A session ends at the end of its life (`session_minutes`), after
//! `idle_minutes` unused, when its person ends it from their list of
//! sessions (each has a public id, never its token), and when the
//! configuration no longer grants it ([`grants`]). A sign-in replaces
//! the session the browser had.

mod browser;
pub mod grants;

use std::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::HeaderMap;
use payments_model::session::{SessionRow, SignInMethod};
use sha2::{Digest, Sha256};
use sqlx::Row;

pub use browser::Browser;
pub use grants::Grants;

use super::accounts::Role;
use super::store::Store;

/// The cookie's name.
pub const COOKIE: &str = "pc_session";
/// The header a write repeats the session's CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Live sessions held at most: sessions start only after a password
/// matched, and a full table refuses new ones rather than grow.
pub const MAX_SESSIONS: i64 = 100_000;
/// How often a session's "last seen" is written, at most: the list
/// shows it to the minute, and a request need not write each time.
const SEEN_EVERY: i64 = 60;

/// How a method of signing in is stored.
fn stored(m: SignInMethod) -> &'static str {
    match m {
        SignInMethod::Password => "password",
        SignInMethod::SingleSignOn => "sso",
    }
}

fn method_of(text: &str) -> Option<SignInMethod> {
    [SignInMethod::Password, SignInMethod::SingleSignOn]
        .into_iter()
        .find(|m| stored(*m) == text)
}

/// One signed-in person.
#[derive(Clone)]
pub struct Session {
    /// The session's public id (what its person's list names it by).
    pub id: String,
    pub name: String,
    pub role: Role,
    pub csrf: String,
    pub method: SignInMethod,
    /// The provider's ID token, the hint its sign-out is given. Never
    /// sent to the browser.
    id_token: Option<String>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("role", &self.role)
            .field("method", &self.method)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// The ID token single sign-on gave, for the provider's sign-out.
    pub fn id_token(&self) -> Option<&str> {
        self.id_token.as_deref()
    }
}

/// A session to start: who, how, and from where.
pub struct Start {
    pub name: String,
    pub role: Role,
    pub method: SignInMethod,
    pub user_agent: String,
    pub address: IpAddr,
    pub id_token: Option<String>,
}

/// The sessions, in the store.
pub struct Sessions {
    lifetime: Duration,
    idle: Duration,
    grants: Grants,
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

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX / 4)
}

/// The columns a session is read from, in [`read`]'s order.
const COLUMNS: &str = "id, name, role, csrf, method, grant_print, id_token, last_seen";

/// A session row, with its grant's print and when it was last seen.
fn read(r: &sqlx::any::AnyRow) -> sqlx::Result<Option<(Session, String, i64)>> {
    let role: String = r.try_get("role")?;
    let method: String = r.try_get("method")?;
    let (Some(role), Some(method)) = (Role::parse(&role), method_of(&method)) else {
        return Ok(None);
    };
    let session = Session {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        role,
        csrf: r.try_get("csrf")?,
        method,
        id_token: r.try_get("id_token")?,
    };
    Ok(Some((
        session,
        r.try_get("grant_print")?,
        r.try_get("last_seen")?,
    )))
}

impl Sessions {
    pub fn new(lifetime: Duration, idle: Duration, grants: Grants, store: Store) -> Sessions {
        Sessions {
            lifetime,
            idle,
            grants,
            store,
        }
    }

    /// Starts a session, ending the one `replacing` (the browser's
    /// request) carried; returns its token.
    pub async fn start(
        &self,
        s: Start,
        replacing: &HeaderMap,
    ) -> Result<(String, Session), String> {
        let grant = self
            .grants
            .print(s.method, &s.name, s.role)
            .ok_or("the configuration grants this person no role")?;
        self.end(replacing).await?;
        let db = self.store.pool();
        let at = now();
        sqlx::query("DELETE FROM sessions WHERE expires <= $1 OR last_seen <= $2")
            .bind(at)
            .bind(at - secs(self.idle))
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
        let session = Session {
            id: crate::random_hex(16)?,
            name: s.name,
            role: s.role,
            csrf: token()?,
            method: s.method,
            id_token: s.id_token,
        };
        let id = token()?;
        sqlx::query(
            "INSERT INTO sessions (key, id, name, role, csrf, method, grant_print, id_token,
                 expires, started, last_seen, browser, address)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12)",
        )
        .bind(key(&id))
        .bind(session.id.clone())
        .bind(session.name.clone())
        .bind(session.role.name().to_string())
        .bind(session.csrf.clone())
        .bind(stored(session.method).to_string())
        .bind(grant)
        .bind(session.id_token.clone())
        .bind(at + secs(self.lifetime))
        .bind(at)
        .bind(Browser::of(&s.user_agent).stored())
        .bind(s.address.to_string())
        .execute(db)
        .await
        .map_err(failed)?;
        Ok((id, session))
    }

    /// The live session the request's cookie names, if any, counted as
    /// used now; an error when the store does not answer.
    pub async fn find(&self, headers: &HeaderMap) -> Result<Option<Session>, String> {
        self.look_up(headers, true).await
    }

    /// The same, without counting as use (an open stream checking that
    /// its session still holds does not keep it alive).
    pub async fn still(&self, headers: &HeaderMap) -> Result<Option<Session>, String> {
        self.look_up(headers, false).await
    }

    async fn look_up(&self, headers: &HeaderMap, used: bool) -> Result<Option<Session>, String> {
        let Some(token) = cookie(headers) else {
            return Ok(None);
        };
        let at = now();
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM sessions WHERE key = $1 AND expires > $2 AND last_seen > $3"
        ))
        .bind(key(&token))
        .bind(at)
        .bind(at - secs(self.idle))
        .fetch_optional(self.store.pool())
        .await
        .map_err(failed)?;
        let Some(row) = row else { return Ok(None) };
        let Some((session, grant, seen)) = read(&row).map_err(failed)? else {
            return Ok(None);
        };
        if self
            .grants
            .print(session.method, &session.name, session.role)
            != Some(grant)
        {
            self.end(headers).await?;
            return Ok(None);
        }
        if used && at - seen >= SEEN_EVERY {
            sqlx::query("UPDATE sessions SET last_seen = $1 WHERE key = $2")
                .bind(at)
                .bind(key(&token))
                .execute(self.store.pool())
                .await
                .map_err(failed)?;
        }
        Ok(Some(session))
    }

    /// Ends the request's session, everywhere.
    pub async fn end(&self, headers: &HeaderMap) -> Result<(), String> {
        let Some(token) = cookie(headers) else {
            return Ok(());
        };
        sqlx::query("DELETE FROM sessions WHERE key = $1")
            .bind(key(&token))
            .execute(self.store.pool())
            .await
            .map(|_| ())
            .map_err(failed)
    }

    /// `name`'s live sessions, newest first; `current` marks the asking one.
    pub async fn list(&self, name: &str, current: &Session) -> Result<Vec<SessionRow>, String> {
        let at = now();
        let rows = sqlx::query(
            "SELECT id, method, started, last_seen, browser, address FROM sessions
             WHERE name = $1 AND expires > $2 AND last_seen > $3 ORDER BY started DESC, id",
        )
        .bind(name.to_string())
        .bind(at)
        .bind(at - secs(self.idle))
        .fetch_all(self.store.pool())
        .await
        .map_err(failed)?;
        let listed = |r: &sqlx::any::AnyRow| -> sqlx::Result<Option<SessionRow>> {
            let id: String = r.try_get("id")?;
            let method: String = r.try_get("method")?;
            let browser: String = r.try_get("browser")?;
            let browser = Browser::read(&browser);
            Ok(method_of(&method).map(|method| SessionRow {
                current: id == current.id,
                id,
                method,
                started: r.try_get("started").unwrap_or_default(),
                last_seen: r.try_get("last_seen").unwrap_or_default(),
                browser: browser.browser.map(str::to_string),
                system: browser.system.map(str::to_string),
                address: r.try_get("address").unwrap_or_default(),
            }))
        };
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.extend(listed(r).map_err(failed)?);
        }
        Ok(out)
    }

    /// Ends `name`'s session `id`; whether there was one.
    pub async fn end_one(&self, name: &str, id: &str) -> Result<bool, String> {
        sqlx::query("DELETE FROM sessions WHERE name = $1 AND id = $2")
            .bind(name.to_string())
            .bind(id.to_string())
            .execute(self.store.pool())
            .await
            .map(|r| r.rows_affected() > 0)
            .map_err(failed)
    }

    /// Ends every session of `name` but `keep`; how many ended.
    pub async fn end_others(&self, name: &str, keep: &str) -> Result<u64, String> {
        sqlx::query("DELETE FROM sessions WHERE name = $1 AND id <> $2")
            .bind(name.to_string())
            .bind(keep.to_string())
            .execute(self.store.pool())
            .await
            .map(|r| r.rows_affected())
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

    fn start(name: &str, role: Role) -> Start {
        Start {
            name: name.to_string(),
            role,
            method: SignInMethod::Password,
            user_agent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0".into(),
            address: IpAddr::from([10, 0, 0, 1]),
            id_token: None,
        }
    }

    async fn sessions(lifetime: u64, idle: u64, store: Store) -> Sessions {
        let grants = Grants::accounts(&[("ada", Role::Editor), ("vic", Role::Viewer)]);
        Sessions::new(
            Duration::from_secs(lifetime),
            Duration::from_secs(idle),
            grants,
            store,
        )
    }

    #[tokio::test]
    async fn a_session_is_found_by_its_cookie_until_it_ends() {
        let s = sessions(60, 60, Store::in_memory().await.unwrap()).await;
        let none = HeaderMap::new();
        let (id, started) = s.start(start("ada", Role::Editor), &none).await.unwrap();
        let h = with_cookie(&format!("theme=dark; {COOKIE}={id}"));
        let found = s.find(&h).await.unwrap().unwrap();
        assert!(
            !format!("{found:?}").contains(&found.csrf),
            "no secret in Debug"
        );
        assert_eq!((found.name.as_str(), found.csrf), ("ada", started.csrf));
        let other = with_cookie(&format!("{COOKIE}={}", "0".repeat(64)));
        assert!(s.find(&other).await.unwrap().is_none());
        s.end(&h).await.unwrap();
        assert!(s.find(&h).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn sessions_expire_and_tokens_are_kept_only_as_hashes() {
        let store = Store::in_memory().await.unwrap();
        let s = sessions(0, 60, store.clone()).await;
        let (id, _) = s
            .start(start("vic", Role::Viewer), &HeaderMap::new())
            .await
            .unwrap();
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
    async fn an_idle_session_ends_and_a_used_one_does_not() {
        let store = Store::in_memory().await.unwrap();
        let s = sessions(3600, 600, store.clone()).await;
        let (used, _) = s
            .start(start("ada", Role::Editor), &HeaderMap::new())
            .await
            .unwrap();
        let (idle, _) = s
            .start(start("ada", Role::Editor), &HeaderMap::new())
            .await
            .unwrap();
        // Both were last seen eleven minutes ago; one is used now.
        sqlx::query("UPDATE sessions SET last_seen = last_seen - 660")
            .execute(store.pool())
            .await
            .unwrap();
        sqlx::query("UPDATE sessions SET last_seen = $1 WHERE key = $2")
            .bind(now() - 120)
            .bind(key(&used))
            .execute(store.pool())
            .await
            .unwrap();
        let used = with_cookie(&format!("{COOKIE}={used}"));
        assert!(s.find(&used).await.unwrap().is_some());
        let seen: i64 = sqlx::query("SELECT MAX(last_seen) FROM sessions")
            .fetch_one(store.pool())
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
        assert!(now() - seen < 5, "using it counts as seen now");
        assert!(s
            .find(&with_cookie(&format!("{COOKIE}={idle}")))
            .await
            .unwrap()
            .is_none());
    }

    #[tokio::test]
    async fn a_person_lists_and_ends_only_their_own_sessions() {
        let s = sessions(3600, 600, Store::in_memory().await.unwrap()).await;
        let none = HeaderMap::new();
        let (_, first) = s.start(start("ada", Role::Editor), &none).await.unwrap();
        let (token, here) = s.start(start("ada", Role::Editor), &none).await.unwrap();
        let (_, vic) = s.start(start("vic", Role::Viewer), &none).await.unwrap();
        let listed = s.list("ada", &here).await.unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed.iter().filter(|l| l.current).count(), 1);
        assert!(listed
            .iter()
            .all(|l| l.browser.as_deref() == Some("Firefox")));
        assert!(!s.end_one("ada", &vic.id).await.unwrap(), "not hers");
        assert_eq!(s.end_others("ada", &here.id).await.unwrap(), 1);
        assert!(s
            .list("ada", &here)
            .await
            .unwrap()
            .iter()
            .all(|l| l.id != first.id));
        assert_eq!(s.list("vic", &vic).await.unwrap().len(), 1);
        // Signing in again from this browser replaces its session.
        let h = with_cookie(&format!("{COOKIE}={token}"));
        let (_, again) = s.start(start("ada", Role::Editor), &h).await.unwrap();
        let ids: Vec<String> = s
            .list("ada", &again)
            .await
            .unwrap()
            .into_iter()
            .map(|l| l.id)
            .collect();
        assert_eq!(ids, [again.id]);
    }

    #[tokio::test]
    async fn a_session_the_configuration_no_longer_grants_ends() {
        let store = Store::in_memory().await.unwrap();
        let before = sessions(3600, 600, store.clone()).await;
        let (ada, _) = before
            .start(start("ada", Role::Editor), &HeaderMap::new())
            .await
            .unwrap();
        let (vic, _) = before
            .start(start("vic", Role::Viewer), &HeaderMap::new())
            .await
            .unwrap();
        let after = Sessions::new(
            Duration::from_secs(3600),
            Duration::from_secs(600),
            Grants::accounts(&[("ada", Role::Viewer)]),
            store,
        );
        for token in [ada, vic] {
            let h = with_cookie(&format!("{COOKIE}={token}"));
            assert!(after.find(&h).await.unwrap().is_none());
            assert!(
                before.find(&h).await.unwrap().is_none(),
                "ended, not only hidden"
            );
        }
    }

    #[tokio::test]
    async fn the_cookie_is_http_only_strict_and_secure_over_https() {
        let s = sessions(60, 60, Store::in_memory().await.unwrap()).await;
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
