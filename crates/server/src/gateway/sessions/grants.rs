//! What gives each session its role now. A session keeps the print of
//! what granted it: for an account of the file, its name and role; for
//! single sign-on, the provider's settings that map claims to roles.
//! When the servers start with a configuration that no longer grants it
//! (the account removed, its role changed, the provider's mapping
//! changed), the print differs and the session ends the next time it is
//! used: the person signs in again and gets what the configuration
//! gives them now.

use sha2::{Digest, Sha256};

use crate::gateway::accounts::Role;
use crate::gateway::config::GatewayConfig;
use payments_model::session::SignInMethod;

/// The configuration's grants, as sessions are checked against them.
#[derive(Clone, Debug, Default)]
pub struct Grants {
    /// Accounts of the file that may sign in with a password.
    accounts: Vec<(String, Role)>,
    /// The print of the single sign-on settings, when configured.
    sso: Option<String>,
}

impl Grants {
    pub fn of(config: &GatewayConfig) -> Grants {
        let accounts = if config.local_accounts {
            config
                .accounts
                .iter()
                .map(|a| (a.name.clone(), a.role))
                .collect()
        } else {
            Vec::new()
        };
        Grants {
            accounts,
            sso: config.oidc.as_ref().map(|o| o.grant_print()),
        }
    }

    /// The print of what grants `name` the `role` signed in by `method`;
    /// none when nothing does.
    pub fn print(&self, method: SignInMethod, name: &str, role: Role) -> Option<String> {
        let text = match method {
            SignInMethod::Password => {
                self.accounts
                    .iter()
                    .find(|(n, r)| n == name && *r == role)?;
                format!("password\n{name}\n{}", role.name())
            }
            SignInMethod::SingleSignOn => {
                format!("sso\n{}\n{name}\n{}", self.sso.as_ref()?, role.name())
            }
        };
        Some(crate::hex(&Sha256::digest(text.as_bytes())))
    }
}

#[cfg(test)]
impl Grants {
    pub fn accounts(accounts: &[(&str, Role)]) -> Grants {
        Grants {
            accounts: accounts.iter().map(|(n, r)| (n.to_string(), *r)).collect(),
            sso: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removed_account_or_a_changed_role_grants_nothing() {
        let before = Grants::accounts(&[("ada", Role::Editor), ("vic", Role::Viewer)]);
        let after = Grants::accounts(&[("ada", Role::Viewer)]);
        let ada = before.print(SignInMethod::Password, "ada", Role::Editor);
        assert!(ada.is_some());
        assert_eq!(
            after.print(SignInMethod::Password, "ada", Role::Editor),
            None
        );
        assert!(after
            .print(SignInMethod::Password, "ada", Role::Viewer)
            .is_some());
        assert_eq!(
            after.print(SignInMethod::Password, "vic", Role::Viewer),
            None
        );
        assert_eq!(
            before.print(SignInMethod::SingleSignOn, "ada", Role::Editor),
            None,
            "no provider"
        );
    }
}
