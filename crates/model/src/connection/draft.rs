//! The connection form as typed: every value is text, and the credential
//! values are keyed by the names the vendor's scheme declares.
//! [`ConnectionDraft::validate`] checks it against the vendor's
//! declarations and builds the [`Connection`].

use crate::keys::word as w;
use crate::message::ModelMessage;
use std::collections::BTreeMap;

use super::{Connection, Scope};
use crate::money::Currency;
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

/// A base URL the console may send credentials to: `https://host/path`,
/// `http://` only for this machine, or a path on the console's own origin
/// (`/api`); never with user info, a query, a fragment, spaces or control
/// characters.
pub fn check_base_url(url: &str) -> Result<(), ModelMessage> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ModelMessage::BaseUrlSpaces);
    }
    if url.contains(['?', '#']) {
        return Err(ModelMessage::BaseUrlQuery);
    }
    if let Some(path) = url.strip_prefix('/') {
        if path.starts_with('/') || path.starts_with('\\') {
            return Err(ModelMessage::BaseUrlSlashes);
        }
        return Ok(());
    }
    let (secure, rest) = match (url.strip_prefix("https://"), url.strip_prefix("http://")) {
        (Some(rest), _) => (true, rest),
        (_, Some(rest)) => (false, rest),
        _ => return Err(ModelMessage::BaseUrlScheme),
    };
    let authority = rest.split(['/', '\\']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(ModelMessage::BaseUrlUser);
    }
    if authority.is_empty() {
        return Err(ModelMessage::BaseUrlHost);
    }
    let loopback = crate::http::host_name(authority).is_some_and(crate::http::is_loopback);
    if !secure && !loopback {
        return Err(ModelMessage::BaseUrlHttps);
    }
    Ok(())
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
            vendors::find(&self.vendor).ok_or(ModelMessage::ChooseVendor),
        );
        let name = errs.check("name", validate::required(w::NAME, Some(&self.name)));
        if let Some(n) = &name {
            errs.check("name", validate::max_length(w::NAME, n, 60));
        }
        let url = self.base_url.trim().trim_end_matches('/').to_string();
        if url.is_empty() {
            errs.check::<()>(
                "base_url",
                Err(ModelMessage::Required { label: w::BASE_URL }),
            );
        } else {
            errs.check("base_url", check_base_url(&url));
        }
        let currency = if self.currency.trim().is_empty() {
            None
        } else {
            errs.check(
                "currency",
                validate::currency_code(w::CURRENCY, &self.currency, |code| match vendor {
                    Some(v) => v.profile().currency(code),
                    None => Currency::from_code(code),
                }),
            )
        };
        let (Some(vendor), Some(name)) = (vendor, name) else {
            return Err(errs);
        };
        let credentials = match vendor
            .profile()
            .credentials
            .credentials_from(&self.credentials)
        {
            Ok(c) => Some(c),
            Err(e) => {
                errs.0.extend(e.0);
                None
            }
        };
        let id_text = self.scope_id.trim().to_string();
        let chosen = vendor.profile().chosen_scope(&self.scope);
        match &chosen {
            Err(e) => {
                errs.check::<()>("scope", Err(e.clone()));
            }
            Ok(s) if s.id_label.is_some() && id_text.is_empty() => {
                errs.check::<()>("scope_id", Err(ModelMessage::ScopeNeedsId));
            }
            Ok(_) => {}
        }
        let scope_name = chosen.as_ref().map_or("all", |s| s.name);
        let scope_id = match chosen {
            Ok(s) if s.id_label.is_some() => id_text,
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
        assert_eq!(
            errs.english("api_key").as_deref(),
            Some("API key is required.")
        );
        assert_eq!(errs.english("token").as_deref(), Some("Token is required."));
        let mut d = draft("twocloud");
        d.credentials.clear();
        assert_eq!(
            d.validate(&[]).unwrap().credentials,
            Credentials::none(),
            "anonymous"
        );
        d.credentials.insert("username".into(), "ada".into());
        assert_eq!(
            d.clone()
                .validate(&[])
                .unwrap_err()
                .english("secret")
                .as_deref(),
            Some("Secret is required.")
        );
        d.credentials.insert("secret".into(), "s".into());
        assert_eq!(
            d.clone()
                .validate(&[])
                .unwrap_err()
                .english("device_id")
                .as_deref(),
            Some("Device ID is required."),
            "every 2cloud write sends From"
        );
        d.credentials.insert("device_id".into(), "desk-1".into());
        d.credentials.insert("access".into(), "root".into());
        assert!(d.clone().validate(&[]).unwrap_err().get("access").is_some());
        d.credentials
            .insert("access".into(), "administrator".into());
        d.scope = "campaign".into();
        assert_eq!(
            d.clone()
                .validate(&[])
                .unwrap_err()
                .english("scope_id")
                .as_deref(),
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
        assert_eq!(errs.english("name").as_deref(), Some("Name is required."));
        assert!(errs
            .english("base_url")
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
    fn base_urls_are_https_or_this_machine_and_carry_nothing_else() {
        for ok in [
            "https://api.example.com/v1",
            "https://api.example.com:8443/v1/",
            "http://localhost:8080/reviewrover/api/v1",
            "http://127.0.0.1:43123",
            "http://[::1]:9000/x",
            "/reviewrover/api/v1",
        ] {
            assert_eq!(check_base_url(ok.trim_end_matches('/')), Ok(()), "{ok}");
        }
        for (bad, says) in [
            ("http://api.example.com/v1", "https://"),
            ("http://127.0.0.1.evil.test/v1", "https://"),
            ("http://localhost.evil.test", "https://"),
            ("//evil.test/api", "//"),
            ("https://user:pass@api.example.com", "user name"),
            ("https://api.example.com@evil.test", "user name"),
            ("https://api.example.com/v1?key=1", "query"),
            ("https://api.example.com/v1#x", "fragment"),
            ("https://api.example.com/\u{2028}v1", "line breaks"),
            ("https://api.example.com/v\r\n1", "line breaks"),
            ("javascript:alert(1)", "must start with"),
            ("https://", "name a host"),
        ] {
            let err = check_base_url(bad).unwrap_err();
            assert!(err.to_string().contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn header_values_are_checked_where_they_are_typed() {
        let mut d = draft("twocloud");
        for (k, v) in [
            ("username", "ada’s name"),
            ("secret", "pässwörd"),
            ("device_id", "Ada’s phone"),
        ] {
            d.credentials.insert(k.into(), v.into());
        }
        let errs = d.clone().validate(&[]).unwrap_err();
        assert!(errs
            .english("device_id")
            .unwrap()
            .starts_with("Device ID can hold only"));
        assert_eq!(
            errs.get("username"),
            None,
            "Basic auth encodes the user name"
        );
        assert_eq!(errs.get("secret"), None, "and the secret");
        d.credentials
            .insert("device_id".into(), "adas-phone".into());
        assert!(d.validate(&[]).is_ok());
        let mut t = draft("reviewrover");
        t.credentials.insert("token".into(), "tok\u{200b}".into());
        assert!(t
            .validate(&[])
            .unwrap_err()
            .english("token")
            .unwrap()
            .contains("U+200B"));
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
