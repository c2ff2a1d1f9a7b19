//! Staff accounts: a name, a role and an argon2 password hash (the PHC
//! string `payments-server hash-password` prints). Hashes are checked on
//! the bounded pool of [`super::passwords`]; the slowing down of guesses
//! is [`super::throttle`].

use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString};
use argon2::Argon2;

/// What a person may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Reads only: the gateway forwards no write of theirs.
    Viewer,
    /// Reads and writes.
    Editor,
    /// Reads payments and the whole audit log; never writes.
    Auditor,
}

impl Role {
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "viewer" => Some(Role::Viewer),
            "editor" => Some(Role::Editor),
            "auditor" => Some(Role::Auditor),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Auditor => "auditor",
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
    hash: Arc<str>,
    /// The one-time-code secret, for an account with a second factor.
    totp: Option<Arc<[u8]>>,
}

impl Account {
    /// An account from its configured hash, which must be a PHC string.
    pub fn new(name: &str, role: Role, hash: &str) -> Result<Account, String> {
        if name.trim().is_empty() || name.len() > 64 {
            return Err("name must be 1 to 64 characters".into());
        }
        let parsed = PasswordHash::new(hash).map_err(|_| {
            "password_hash must be an argon2 hash as payments-server hash-password prints"
                .to_string()
        })?;
        let too_big = argon2::Params::try_from(&parsed)
            .map_or(true, |p| p.m_cost() > super::passwords::MAX_MEMORY_KIB);
        if too_big {
            return Err(format!(
                "password_hash must use at most {} KiB of memory",
                super::passwords::MAX_MEMORY_KIB
            ));
        }
        Ok(Account {
            name: name.to_string(),
            role,
            hash: hash.into(),
            totp: None,
        })
    }

    /// The same account, asking for a one-time code too.
    pub fn with_totp(mut self, secret: Vec<u8>) -> Account {
        self.totp = Some(secret.into());
        self
    }

    /// The one-time-code secret, if the account has a second factor.
    pub fn totp(&self) -> Option<&[u8]> {
        self.totp.as_deref()
    }

    /// The PHC string, for the password checks.
    pub fn hash(&self) -> Arc<str> {
        self.hash.clone()
    }

    /// Whether `password` is this account's.
    /// Checks it here and now, on this thread, the way the bounded pool
    /// of [`super::passwords`] does (sign-ins use the pool).
    pub fn verify(&self, password: &str) -> bool {
        super::passwords::verify_with(&mut Vec::new(), &self.hash, password.as_bytes())
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
    let password = crate::random_hex(24)?;
    Ok(Account {
        name: String::new(),
        role: Role::Viewer,
        hash: hash_password(&password)?.into(),
        totp: None,
    })
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
        assert!(Role::Auditor.may(Method::Get));
        assert!(!Role::Auditor.may(Method::Post), "auditors never write");
        assert_eq!(Role::parse("auditor"), Some(Role::Auditor));
    }
}
