//! Staff accounts: a name, a role and an argon2 password hash (the PHC
//! string `payments-server hash-password` prints), and the slowing down of
//! repeated failed sign-ins.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// What a person may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Reads only: the gateway forwards no write of theirs.
    Viewer,
    /// Reads and writes.
    Editor,
}

impl Role {
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "viewer" => Some(Role::Viewer),
            "editor" => Some(Role::Editor),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
        }
    }

    /// Whether this role may send a request with `method`.
    pub fn may(self, method: payments_model::Method) -> bool {
        self == Role::Editor || method == payments_model::Method::Get
    }
}

/// One person who can sign in.
#[derive(Clone)]
pub struct Account {
    pub name: String,
    pub role: Role,
    hash: String,
}

impl Account {
    /// An account from its configured hash, which must be a PHC string.
    pub fn new(name: &str, role: Role, hash: &str) -> Result<Account, String> {
        if name.trim().is_empty() || name.len() > 64 {
            return Err("name must be 1 to 64 characters".into());
        }
        PasswordHash::new(hash).map_err(|_| {
            "password_hash must be an argon2 hash as payments-server hash-password prints"
                .to_string()
        })?;
        Ok(Account {
            name: name.to_string(),
            role,
            hash: hash.to_string(),
        })
    }

    /// Whether `password` is this account's.
    pub fn verify(&self, password: &str) -> bool {
        PasswordHash::new(&self.hash)
            .map(|h| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false)
    }
}

/// A PHC argon2id hash of `password` with a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).map_err(|e| format!("no randomness: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// An account no password opens (its hash is of random bytes), checked
/// for unknown names so that a sign-in takes as long whether the name
/// exists or not.
pub fn decoy() -> Result<Account, String> {
    let mut secret = [0u8; 24];
    getrandom::getrandom(&mut secret).map_err(|e| format!("no randomness: {e}"))?;
    let password: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    Ok(Account {
        name: String::new(),
        role: Role::Viewer,
        hash: hash_password(&password)?,
    })
}

/// Failed sign-ins per name: after [`FREE_TRIES`] failures in a row, the
/// next try must wait 1 s after the last failure, and each further
/// failure doubles the wait (2 s, 4 s … up to 15 minutes). A success
/// clears the count.
#[derive(Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

/// Failures allowed before the waits begin.
pub const FREE_TRIES: u32 = 5;

impl Throttle {
    /// How long `name` must still wait before trying again.
    pub fn wait(&self, name: &str) -> Option<Duration> {
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let (count, last) = map.get(name)?;
        let waits = count.checked_sub(FREE_TRIES)?;
        let wait = Duration::from_secs(1u64 << waits.min(10)).min(Duration::from_secs(900));
        wait.checked_sub(last.elapsed())
    }

    /// Notes a failed try.
    pub fn failed(&self, name: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let entry = map.entry(name.to_string()).or_insert((0, Instant::now()));
        *entry = (entry.0.saturating_add(1), Instant::now());
    }

    /// Clears the count after a success.
    pub fn succeeded(&self, name: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        let a = Account::new("ada", Role::Editor, &hash).unwrap();
        assert!(a.verify("correct horse"));
        assert!(!a.verify("correct horse "));
        assert!(!decoy().unwrap().verify(""));
        assert!(Account::new("ada", Role::Editor, "plain-text").is_err());
    }

    #[test]
    fn viewers_read_and_editors_write() {
        use payments_model::Method;
        assert!(Role::Viewer.may(Method::Get));
        assert!(!Role::Viewer.may(Method::Post));
        assert!(Role::Editor.may(Method::Delete));
    }

    #[test]
    fn failures_past_the_free_tries_must_wait() {
        let t = Throttle::default();
        for _ in 0..FREE_TRIES {
            assert!(t.wait("ada").is_none());
            t.failed("ada");
        }
        assert!(t.wait("ada").is_some(), "after them, each try waits");
        assert!(t.wait("grace").is_none(), "per name");
        t.succeeded("ada");
        assert!(t.wait("ada").is_none());
    }
}
