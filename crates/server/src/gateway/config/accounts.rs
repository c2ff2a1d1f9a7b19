//! `[[accounts]]`: each person who signs in with a password: name, role,
//! argon2 hash and, for a second factor, a one-time-code secret from the
//! environment or a file.

use serde::Deserialize;

use super::source::{Secrets, Source};
use crate::gateway::accounts::{Account, Role};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AccountEntry {
    name: String,
    role: String,
    password_hash: String,
    /// A one-time-code secret (base32), from the environment or a file.
    #[serde(default)]
    totp_secret: Option<Source>,
}

/// The roles `names` name (for the setting `what`).
pub(super) fn roles(what: &str, names: &[String]) -> Result<Vec<Role>, String> {
    names
        .iter()
        .map(|n| {
            Role::parse(n)
                .ok_or_else(|| format!("{what}: {n:?} is not a role (viewer, editor or auditor)"))
        })
        .collect()
}

/// Every account of the file, checked; names are unique.
pub(super) fn read(
    entries: Vec<AccountEntry>,
    secrets: &dyn Secrets,
) -> Result<Vec<Account>, String> {
    let mut accounts: Vec<Account> = Vec::new();
    for a in entries {
        let account = account(a, secrets)?;
        if accounts.iter().any(|b| b.name == account.name) {
            return Err(format!("account {:?} is named twice", account.name));
        }
        accounts.push(account);
    }
    Ok(accounts)
}

fn account(a: AccountEntry, secrets: &dyn Secrets) -> Result<Account, String> {
    let role = Role::parse(&a.role).ok_or_else(|| {
        format!(
            "account {:?}: role must be viewer, editor or auditor",
            a.name
        )
    })?;
    let mut account = Account::new(&a.name, role, &a.password_hash)
        .map_err(|e| format!("account {:?}: {e}", a.name))?;
    if let Some(source) = a.totp_secret {
        let text = source.read(&format!("account {:?}: totp_secret", a.name), true, secrets)?;
        let secret = crate::gateway::totp::base32_decode(&text)
            .filter(|s| s.len() >= 10)
            .ok_or_else(|| {
                format!(
                    "account {:?}: totp_secret must be base32 of at least 10 bytes, as payments-server totp-secret prints",
                    a.name
                )
            })?;
        account = account.with_totp(secret);
    }
    Ok(account)
}
