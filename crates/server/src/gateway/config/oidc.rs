//! `[oidc]`: single sign-on through a company's OpenID provider.
//!
//! ```toml
//! [oidc]
//! name = "Company SSO"                             # "Sign in with Company SSO"
//! issuer = "https://login.example.com"
//! client_id = "payments-console"
//! client_secret = { env = "OIDC_CLIENT_SECRET" }   # or { file = "…" }
//! roles_claim = "groups"                           # the claim holding groups or roles
//! editor = ["payments-editors"]                    # values that make a person an editor
//! viewer = ["payments-viewers"]                    # … a viewer
//! auditor = ["payments-auditors"]                  # … an auditor (optional)
//! allowed_domains = ["example.com"]                # optional: e-mail domains allowed
//! ```
//!
//! A person's role is the first of editor, auditor, viewer whose values
//! their claim holds (a string or a list of strings); none refuses them.

use serde::Deserialize;

use super::source::{Secrets, Source};
use crate::gateway::accounts::Role;

/// The section as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OidcEntry {
    name: String,
    issuer: String,
    client_id: String,
    client_secret: Source,
    #[serde(default = "default_roles_claim")]
    roles_claim: String,
    #[serde(default)]
    editor: Vec<String>,
    #[serde(default)]
    viewer: Vec<String>,
    #[serde(default)]
    auditor: Vec<String>,
    #[serde(default)]
    allowed_domains: Vec<String>,
}

fn default_roles_claim() -> String {
    "groups".into()
}

/// The provider the gateway signs people in with.
#[derive(Clone)]
pub struct OidcConfig {
    /// What the sign-in button names.
    pub name: String,
    pub issuer: String,
    pub client_id: String,
    /// Never printed.
    pub client_secret: String,
    pub roles_claim: String,
    pub editor: Vec<String>,
    pub viewer: Vec<String>,
    pub auditor: Vec<String>,
    /// Lower-case e-mail domains allowed; empty allows any.
    pub allowed_domains: Vec<String>,
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("name", &self.name)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("roles_claim", &self.roles_claim)
            .finish_non_exhaustive()
    }
}

impl OidcEntry {
    pub(super) fn check(self, secrets: &dyn Secrets) -> Result<OidcConfig, String> {
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 40 {
            return Err(
                "oidc: name must be 1 to 40 characters (the button says \"Sign in with <name>\")"
                    .into(),
            );
        }
        let local = self.issuer.starts_with("http://127.0.0.1")
            || self.issuer.starts_with("http://localhost")
            || self.issuer.starts_with("http://[::1]");
        if !(self.issuer.starts_with("https://") || local) || self.issuer.contains(['?', '#']) {
            return Err(format!(
                "oidc: issuer {:?} must be the provider's https:// address",
                self.issuer
            ));
        }
        if self.editor.is_empty() && self.viewer.is_empty() && self.auditor.is_empty() {
            return Err(
                "oidc: name the claim values of at least one role (editor, viewer or auditor)"
                    .into(),
            );
        }
        Ok(OidcConfig {
            name,
            issuer: self.issuer.trim_end_matches('/').to_string(),
            client_id: self.client_id,
            client_secret: self
                .client_secret
                .read("oidc: client_secret", true, secrets)?,
            roles_claim: self.roles_claim,
            editor: self.editor,
            viewer: self.viewer,
            auditor: self.auditor,
            allowed_domains: self
                .allowed_domains
                .iter()
                .map(|d| d.trim().trim_start_matches('@').to_ascii_lowercase())
                .collect(),
        })
    }
}

impl OidcConfig {
    /// What decides a signed-on person's role, as one text: a session
    /// started under other settings ends (see `sessions::grants`).
    pub fn grant_print(&self) -> String {
        let mut text = format!("{}\n{}\n{}", self.issuer, self.client_id, self.roles_claim);
        for (role, values) in [
            ("editor", &self.editor),
            ("viewer", &self.viewer),
            ("auditor", &self.auditor),
            ("domains", &self.allowed_domains),
        ] {
            text.push_str(&format!("\n{role}={}", values.join("\u{1f}")));
        }
        text
    }

    /// The role the claim's value (a string or a list) gives, if any.
    pub fn role_for(&self, claim: Option<&serde_json::Value>) -> Option<Role> {
        let values: Vec<&str> = match claim {
            Some(serde_json::Value::String(s)) => vec![s.as_str()],
            Some(serde_json::Value::Array(items)) => {
                items.iter().filter_map(|v| v.as_str()).collect()
            }
            _ => Vec::new(),
        };
        let holds = |wanted: &[String]| values.iter().any(|v| wanted.iter().any(|w| w == v));
        [
            (Role::Editor, &self.editor),
            (Role::Auditor, &self.auditor),
            (Role::Viewer, &self.viewer),
        ]
        .into_iter()
        .find(|(_, wanted)| holds(wanted))
        .map(|(role, _)| role)
    }

    /// Whether an e-mail address may sign in.
    pub fn allows(&self, email: Option<&str>) -> bool {
        if self.allowed_domains.is_empty() {
            return true;
        }
        email
            .and_then(|e| e.rsplit_once('@'))
            .is_some_and(|(_, domain)| self.allowed_domains.contains(&domain.to_ascii_lowercase()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn config() -> OidcConfig {
        OidcConfig {
            name: "SSO".into(),
            issuer: "https://login.example.com".into(),
            client_id: "c".into(),
            client_secret: "s".into(),
            roles_claim: "groups".into(),
            editor: vec!["payments-editors".into()],
            viewer: vec!["payments-viewers".into(), "everyone".into()],
            auditor: vec!["audit".into()],
            allowed_domains: vec!["example.com".into()],
        }
    }

    #[test]
    fn the_strongest_role_the_claim_names_wins_and_none_refuses() {
        let c = config();
        let role = |v| c.role_for(Some(&v));
        assert_eq!(
            role(json!(["everyone", "payments-editors"])),
            Some(Role::Editor)
        );
        assert_eq!(role(json!("payments-viewers")), Some(Role::Viewer));
        assert_eq!(role(json!(["audit", "everyone"])), Some(Role::Auditor));
        assert_eq!(role(json!(["marketing"])), None);
        assert_eq!(role(json!(42)), None);
        assert_eq!(c.role_for(None), None);
    }

    #[test]
    fn only_the_allowed_domains_sign_in() {
        let c = config();
        assert!(c.allows(Some("ada@Example.COM")));
        assert!(!c.allows(Some("eve@example.com.evil.org")));
        assert!(!c.allows(None));
        let open = OidcConfig {
            allowed_domains: Vec::new(),
            ..config()
        };
        assert!(open.allows(None));
    }

    #[test]
    fn the_secret_is_never_printed() {
        let c = OidcConfig {
            client_secret: "very-secret".into(),
            ..config()
        };
        assert!(!format!("{c:?}").contains("very-secret"));
    }
}
