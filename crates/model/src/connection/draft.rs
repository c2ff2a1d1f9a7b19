//! The connection form as typed: every value is text, and the credential
//! values are keyed by the names the vendor's scheme declares.
//! [`ConnectionDraft::validate`] checks it against the vendor's
//! declarations and builds the [`Connection`].

use std::collections::BTreeMap;

use super::{Connection, Scope};
use crate::validate::{self, FieldErrors};
use crate::vendors;

/// The connection form's fields, as typed.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ConnectionDraft {
    pub id: Option<String>,
    /// The vendor's slug.
    pub vendor: String,
    pub name: String,
    pub base_url: String,
    /// The values of the vendor's credential scheme, by name.
    pub credentials: BTreeMap<String, String>,
    /// The scope's name, as the vendor declares it (`all`, `customer`, …).
    pub scope: String,
    /// The id the scope needs (customer, campaign, username, source).
    pub scope_id: String,
    /// ISO code for vendors whose payments carry no currency.
    pub currency: String,
}

impl std::fmt::Debug for ConnectionDraft {
    /// Everything but the credential values, which may be secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionDraft")
            .field("id", &self.id)
            .field("vendor", &self.vendor)
            .field("name", &self.name)
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials.keys().collect::<Vec<_>>())
            .field("scope", &self.scope)
            .field("scope_id", &self.scope_id)
            .field("currency", &self.currency)
            .finish()
    }
}

impl ConnectionDraft {
    /// The form filled from a saved connection.
    pub fn from_connection(c: &Connection) -> ConnectionDraft {
        ConnectionDraft {
            id: Some(c.id.clone()),
            vendor: c.vendor.slug().into(),
            name: c.name.clone(),
            base_url: c.base_url.clone(),
            credentials: c
                .credentials
                .names()
                .map(|n| (n.to_string(), c.credentials.get(n).to_string()))
                .collect(),
            scope: c.scope.name.clone(),
            scope_id: c.scope.id.clone(),
            currency: c
                .currency
                .as_ref()
                .map(|c| c.code().to_string())
                .unwrap_or_default(),
        }
    }

    /// A credential value as typed.
    pub fn credential(&self, name: &str) -> &str {
        self.credentials.get(name).map_or("", String::as_str)
    }

    /// Checks every field and builds the connection; `taken` holds the ids
    /// of the other connections, so a new one gets a fresh id.
    pub fn validate(&self, taken: &[String]) -> Result<Connection, FieldErrors> {
        let mut errs = FieldErrors::default();
        let vendor = errs.check(
            "vendor",
            vendors::find(&self.vendor).ok_or_else(|| "Choose a vendor.".to_string()),
        );
        let name = errs.check("name", validate::required("Name", Some(&self.name)));
        if let Some(n) = &name {
            errs.check("name", validate::max_length("Name", n, 60));
        }
        let url = self.base_url.trim().trim_end_matches('/').to_string();
        let url_ok =
            url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/');
        if url.is_empty() {
            errs.check::<()>("base_url", Err("Base URL is required.".into()));
        } else if !url_ok || url.contains(char::is_whitespace) {
            errs.check::<()>(
                "base_url",
                Err(
                    "Base URL must start with https://, http:// or / and contain no spaces.".into(),
                ),
            );
        }
        let currency = if self.currency.trim().is_empty() {
            None
        } else {
            errs.check(
                "currency",
                validate::currency_code("Currency", &self.currency),
            )
        };
        let (Some(vendor), Some(name)) = (vendor, name) else {
            return Err(errs);
        };
        let credentials = match vendor.credentials_from(&self.credentials) {
            Ok(c) => Some(c),
            Err(e) => {
                errs.0.extend(e.0);
                None
            }
        };
        let profile = vendor.profile();
        let scope_name = if self.scope.is_empty() {
            profile.scopes.first().map_or("all", |s| s.name)
        } else {
            self.scope.as_str()
        };
        let id_text = self.scope_id.trim().to_string();
        match profile.scope(scope_name) {
            None => {
                errs.check::<()>("scope", Err("Choose one of the scopes offered.".into()));
            }
            Some(s) if s.id_label.is_some() && id_text.is_empty() => {
                errs.check::<()>("scope_id", Err("This scope needs an ID.".into()));
            }
            Some(_) => {}
        }
        let scope_id = match profile.scope(scope_name) {
            Some(s) if s.id_label.is_some() => id_text,
            _ => String::new(),
        };
        let (Some(credentials), true) = (credentials, errs.is_empty()) else {
            return Err(errs);
        };
        let id = self.id.clone().unwrap_or_else(|| {
            let base = vendor.slug().to_string();
            (1..)
                .map(|n| {
                    if n == 1 {
                        base.clone()
                    } else {
                        format!("{base}-{n}")
                    }
                })
                .find(|c| !taken.contains(c))
                .unwrap_or(base)
        });
        Ok(Connection {
            id,
            vendor,
            name,
            base_url: url,
            credentials,
            scope: Scope::named(scope_name, &scope_id),
            currency,
        })
    }
}

#[cfg(test)]
mod draft_tests {
    use super::*;
    use crate::connection::Credentials;
    use crate::vendors;

    fn draft(vendor: &str) -> ConnectionDraft {
        ConnectionDraft {
            vendor: vendor.into(),
            name: "Shop".into(),
            base_url: "https://api.example.com/v1/".into(),
            credentials: [("token".to_string(), "t".to_string())].into(),
            ..ConnectionDraft::default()
        }
    }

    #[test]
    fn a_valid_draft_becomes_a_connection_with_a_fresh_id() {
        let c = draft("reviewrover")
            .validate(&["reviewrover".into()])
            .unwrap();
        assert_eq!(c.id, "reviewrover-2");
        assert_eq!(c.base_url, "https://api.example.com/v1");
        assert_eq!(c.credentials, Credentials::new("bearer", [("token", "t")]));
        assert_eq!(c.scope, Scope::all());
        let back = ConnectionDraft::from_connection(&c);
        assert_eq!(back.validate(&[]).unwrap(), c);
    }

    #[test]
    fn each_vendor_asks_for_its_own_credentials_and_scope() {
        let mut d = draft("builton");
        d.credentials.clear();
        let errs = d.validate(&[]).unwrap_err();
        assert_eq!(errs.get("api_key"), Some("API key is required."));
        assert_eq!(errs.get("token"), Some("Token is required."));
        let mut d = draft("twocloud");
        d.credentials.clear();
        assert_eq!(
            d.validate(&[]).unwrap().credentials,
            Credentials::none(),
            "anonymous"
        );
        d.credentials.insert("username".into(), "ada".into());
        assert_eq!(
            d.clone().validate(&[]).unwrap_err().get("secret"),
            Some("Secret is required.")
        );
        d.credentials.insert("secret".into(), "s".into());
        d.scope = "campaign".into();
        assert_eq!(
            d.clone().validate(&[]).unwrap_err().get("scope_id"),
            Some("This scope needs an ID.")
        );
        d.scope_id = "7".into();
        assert_eq!(
            d.validate(&[]).unwrap().scope,
            Scope::named("campaign", "7")
        );
        let mut w = draft("whop");
        w.scope = "campaign".into();
        assert!(w.clone().validate(&[]).unwrap_err().get("scope").is_some());
        w.scope = "me".into();
        assert_eq!(w.validate(&[]).unwrap().scope, Scope::named("me", ""));
    }

    #[test]
    fn names_urls_and_currencies_are_checked() {
        let mut d = draft("billingplatform");
        d.name = " ".into();
        d.base_url = "ftp://x".into();
        d.currency = "EURO".into();
        let errs = d.validate(&[]).unwrap_err();
        assert_eq!(errs.get("name"), Some("Name is required."));
        assert!(errs
            .get("base_url")
            .unwrap()
            .starts_with("Base URL must start"));
        assert!(errs.get("currency").is_some());
        let mut d = draft("billingplatform");
        d.base_url = "/billingplatform/backend/api/v1".into();
        d.currency = "gbp".into();
        let c = d.validate(&[]).unwrap();
        assert_eq!(c.currency.unwrap().code(), "GBP");
    }

    #[test]
    fn secrets_can_be_blanked_and_noticed() {
        let connection = |vendor: &str, credentials: Credentials| Connection {
            id: "c".into(),
            vendor: vendors::find(vendor).unwrap(),
            name: "c".into(),
            base_url: "/x".into(),
            credentials,
            scope: Scope::all(),
            currency: None,
        };
        let mut c = connection(
            "builton",
            Credentials::new("api_key_and_bearer", [("api_key", "k"), ("token", "t")]),
        );
        assert!(!c.lacks_secret());
        c.credentials = c.credentials_without_secrets();
        assert!(c.lacks_secret());
        let b = connection(
            "twocloud",
            Credentials::new(
                "basic",
                [("username", "ada"), ("secret", "s"), ("device_id", "d")],
            ),
        );
        assert_eq!(
            b.credentials_without_secrets(),
            Credentials::new(
                "basic",
                [("username", "ada"), ("secret", ""), ("device_id", "d")]
            )
        );
        assert!(!connection("twocloud", Credentials::none()).lacks_secret());
    }
}
