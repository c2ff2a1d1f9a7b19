//! A connection: which vendor, where, with which credentials and scope.
//!
//! Credentials print as `<redacted>` in `Debug` output so that a log line
//! or a panic message can never carry a secret.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::money::Currency;
use crate::vendor::Vendor;

/// How a connection proves who it is, in its vendor's scheme.
///
/// Serialized externally tagged (`{"bearer": {"token": "…"}}`), the
/// representation whose generated code is smallest in the browser.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Credentials {
    /// No credentials (2cloud allows anonymous reads).
    None,
    /// `Authorization: Bearer <token>` (ReviewRover, Billing Platform, Whop).
    Bearer { token: String },
    /// 2cloud: `Authorization: Basic base64(username:secret)`, and a
    /// `From: <device id>` header on writes.
    Basic {
        username: String,
        secret: String,
        device_id: String,
    },
    /// BuiltOn: `X-Builton-Api-Key` plus `Authorization: Bearer <token>`.
    ApiKeyAndBearer { api_key: String, token: String },
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::None => f.write_str("None"),
            Credentials::Bearer { .. } => f.write_str("Bearer(<redacted>)"),
            Credentials::Basic { username, .. } => {
                write!(f, "Basic({username}:<redacted>)")
            }
            Credentials::ApiKeyAndBearer { .. } => f.write_str("ApiKeyAndBearer(<redacted>)"),
        }
    }
}

/// Which slice of a vendor's payments a connection lists.
/// Serialized as `"all"` or `{"customer": "42"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Every payment the credentials can see.
    All,
    /// Billing Platform: one customer's payments.
    Customer(String),
    /// Whop: `/app/payments`.
    WhopApp,
    /// Whop: `/company/payments`.
    WhopCompany,
    /// Whop: `/me/payments`.
    WhopMe,
    /// 2cloud: one campaign's payments.
    Campaign(String),
    /// 2cloud: one user's payments (by username).
    User(String),
    /// 2cloud: one funding source's payments.
    FundingSource(String),
}

/// Everything needed to talk to one vendor account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connection {
    /// A short id, unique among the person's connections, used in URLs.
    pub id: String,
    pub vendor: Vendor,
    /// The name people see, such as "ReviewRover".
    pub name: String,
    /// The API root, such as `https://dashboard.reviewrover.co/api/v1`.
    pub base_url: String,
    pub credentials: Credentials,
    pub scope: Scope,
    /// The currency of amounts for vendors whose payments carry none
    /// (ReviewRover, Billing Platform); `None` means US dollars.
    #[serde(default)]
    pub currency: Option<Currency>,
}

impl Connection {
    /// The currency amounts are in when the payment does not say.
    pub fn default_currency(&self) -> Currency {
        self.currency.clone().unwrap_or_else(Currency::usd)
    }

    /// The base URL with any trailing slash removed, ready for a path.
    pub fn root(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_secrets() {
        let c = Connection {
            id: "rr".into(),
            vendor: Vendor::ReviewRover,
            name: "ReviewRover".into(),
            base_url: "http://x/api/v1/".into(),
            credentials: Credentials::Bearer {
                token: "sekrit-token".into(),
            },
            scope: Scope::All,
            currency: None,
        };
        let text = format!("{c:?}");
        assert!(!text.contains("sekrit"), "{text}");
        let basic = Credentials::Basic {
            username: "ada".into(),
            secret: "hunter2".into(),
            device_id: "d1".into(),
        };
        assert!(!format!("{basic:?}").contains("hunter2"));
        assert_eq!(c.root(), "http://x/api/v1");
        assert_eq!(c.default_currency().code(), "USD");
    }

    #[test]
    fn connections_round_trip_through_json() {
        let c = Connection {
            id: "bp".into(),
            vendor: Vendor::BillingPlatform,
            name: "Billing Platform".into(),
            base_url: "http://x".into(),
            credentials: Credentials::Bearer { token: "t".into() },
            scope: Scope::Customer("42".into()),
            currency: Currency::from_code("EUR"),
        };
        let text = serde_json::to_string(&c).unwrap();
        assert!(
            text.contains("\"scope\":{\"customer\":\"42\"}")
                && text.contains("\"credentials\":{\"bearer\":{\"token\":\"t\"}}"),
            "{text}"
        );
        let back: Connection = serde_json::from_str(&text).unwrap();
        assert_eq!(back, c);
    }
}

/// The connection form's fields, as typed: every value is text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectionDraft {
    pub id: Option<String>,
    pub vendor: String,
    pub name: String,
    pub base_url: String,
    /// Bearer token (ReviewRover, Billing Platform, Whop, BuiltOn).
    pub token: String,
    /// 2cloud username; empty for anonymous access.
    pub username: String,
    /// 2cloud secret.
    pub secret: String,
    /// 2cloud device id, sent as `From` on writes.
    pub device_id: String,
    /// BuiltOn API key.
    pub api_key: String,
    /// `all`, `customer`, `app`, `company`, `me`, `campaign`, `user`,
    /// `funding_source`.
    pub scope: String,
    /// The id the scope needs (customer, campaign, username, source).
    pub scope_id: String,
    /// ISO code for vendors whose payments carry no currency.
    pub currency: String,
}

/// The scopes a vendor offers, as `(value, label)`, the first the default.
pub fn scopes(vendor: Vendor) -> &'static [(&'static str, &'static str)] {
    match vendor {
        Vendor::Whop => &[
            ("app", "App payments"),
            ("company", "Company payments"),
            ("me", "My payments"),
        ],
        Vendor::TwoCloud => &[
            ("all", "All payments"),
            ("campaign", "One campaign"),
            ("user", "One user"),
            ("funding_source", "One funding source"),
        ],
        Vendor::BillingPlatform => &[("all", "All customers"), ("customer", "One customer")],
        _ => &[("all", "All payments")],
    }
}

/// Whether a scope value needs an id.
pub fn scope_needs_id(scope: &str) -> bool {
    matches!(scope, "customer" | "campaign" | "user" | "funding_source")
}

impl ConnectionDraft {
    /// The form filled from a saved connection.
    pub fn from_connection(c: &Connection) -> ConnectionDraft {
        let mut d = ConnectionDraft {
            id: Some(c.id.clone()),
            vendor: c.vendor.slug().into(),
            name: c.name.clone(),
            base_url: c.base_url.clone(),
            currency: c
                .currency
                .as_ref()
                .map(|c| c.code().to_string())
                .unwrap_or_default(),
            ..ConnectionDraft::default()
        };
        match &c.credentials {
            Credentials::None => {}
            Credentials::Bearer { token } => d.token = token.clone(),
            Credentials::Basic {
                username,
                secret,
                device_id,
            } => {
                d.username = username.clone();
                d.secret = secret.clone();
                d.device_id = device_id.clone();
            }
            Credentials::ApiKeyAndBearer { api_key, token } => {
                d.api_key = api_key.clone();
                d.token = token.clone();
            }
        }
        let (scope, id) = match &c.scope {
            Scope::All => ("all", ""),
            Scope::Customer(i) => ("customer", i.as_str()),
            Scope::WhopApp => ("app", ""),
            Scope::WhopCompany => ("company", ""),
            Scope::WhopMe => ("me", ""),
            Scope::Campaign(i) => ("campaign", i.as_str()),
            Scope::User(i) => ("user", i.as_str()),
            Scope::FundingSource(i) => ("funding_source", i.as_str()),
        };
        d.scope = scope.into();
        d.scope_id = id.into();
        d
    }

    /// Checks every field and builds the connection; `taken` holds the ids
    /// of the other connections, so a new one gets a fresh id.
    pub fn validate(&self, taken: &[String]) -> Result<Connection, crate::validate::FieldErrors> {
        use crate::validate::{self, FieldErrors};
        let mut errs = FieldErrors::default();
        let vendor = errs.check(
            "vendor",
            Vendor::from_slug(&self.vendor).ok_or_else(|| "Choose a vendor.".to_string()),
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
        let required = |errs: &mut FieldErrors, key: &str, label: &str, v: &str| {
            errs.check(key, validate::required(label, Some(v)))
        };
        let credentials = match vendor {
            Vendor::ReviewRover | Vendor::BillingPlatform | Vendor::Whop => {
                required(&mut errs, "token", "Token", &self.token)
                    .map(|token| Credentials::Bearer { token })
            }
            Vendor::BuiltOn => {
                let api_key = required(&mut errs, "api_key", "API key", &self.api_key);
                let token = required(&mut errs, "token", "Token", &self.token);
                api_key
                    .zip(token)
                    .map(|(api_key, token)| Credentials::ApiKeyAndBearer { api_key, token })
            }
            Vendor::TwoCloud if self.username.trim().is_empty() => Some(Credentials::None),
            Vendor::TwoCloud => {
                let secret = required(&mut errs, "secret", "Secret", &self.secret);
                secret.map(|secret| Credentials::Basic {
                    username: self.username.trim().to_string(),
                    secret,
                    device_id: self.device_id.trim().to_string(),
                })
            }
        };
        let scope_value = if self.scope.is_empty() {
            scopes(vendor)[0].0
        } else {
            self.scope.as_str()
        };
        let id_text = self.scope_id.trim().to_string();
        if !scopes(vendor).iter().any(|(v, _)| *v == scope_value) {
            errs.check::<()>("scope", Err("Choose one of the scopes offered.".into()));
        } else if scope_needs_id(scope_value) && id_text.is_empty() {
            errs.check::<()>("scope_id", Err("This scope needs an ID.".into()));
        }
        let scope = match scope_value {
            "customer" => Scope::Customer(id_text),
            "app" => Scope::WhopApp,
            "company" => Scope::WhopCompany,
            "me" => Scope::WhopMe,
            "campaign" => Scope::Campaign(id_text),
            "user" => Scope::User(id_text),
            "funding_source" => Scope::FundingSource(id_text),
            _ => Scope::All,
        };
        if !errs.is_empty() {
            return Err(errs);
        }
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
            credentials: credentials.unwrap_or(Credentials::None),
            scope,
            currency,
        })
    }
}

impl Credentials {
    /// The same scheme with every secret blanked, for saving where secrets
    /// must not go.
    pub fn without_secrets(&self) -> Credentials {
        match self {
            Credentials::None => Credentials::None,
            Credentials::Bearer { .. } => Credentials::Bearer {
                token: String::new(),
            },
            Credentials::Basic {
                username,
                device_id,
                ..
            } => Credentials::Basic {
                username: username.clone(),
                secret: String::new(),
                device_id: device_id.clone(),
            },
            Credentials::ApiKeyAndBearer { .. } => Credentials::ApiKeyAndBearer {
                api_key: String::new(),
                token: String::new(),
            },
        }
    }

    /// Whether a secret is missing (after a reload that kept none).
    pub fn lacks_secret(&self) -> bool {
        match self {
            Credentials::None => false,
            Credentials::Bearer { token } => token.is_empty(),
            Credentials::Basic { secret, .. } => secret.is_empty(),
            Credentials::ApiKeyAndBearer { api_key, token } => {
                api_key.is_empty() || token.is_empty()
            }
        }
    }
}

#[cfg(test)]
mod draft_tests {
    use super::*;

    fn draft(vendor: &str) -> ConnectionDraft {
        ConnectionDraft {
            vendor: vendor.into(),
            name: "Shop".into(),
            base_url: "https://api.example.com/v1/".into(),
            token: "t".into(),
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
        assert_eq!(c.credentials, Credentials::Bearer { token: "t".into() });
        assert_eq!(c.scope, Scope::All);
        let back = ConnectionDraft::from_connection(&c);
        assert_eq!(back.validate(&[]).unwrap(), c);
    }

    #[test]
    fn each_vendor_asks_for_its_own_credentials_and_scope() {
        let mut d = draft("builton");
        d.token.clear();
        let errs = d.validate(&[]).unwrap_err();
        assert_eq!(errs.get("api_key"), Some("API key is required."));
        assert_eq!(errs.get("token"), Some("Token is required."));
        let mut d = draft("twocloud");
        d.token.clear();
        assert_eq!(
            d.validate(&[]).unwrap().credentials,
            Credentials::None,
            "anonymous"
        );
        d.username = "ada".into();
        assert_eq!(
            d.clone().validate(&[]).unwrap_err().get("secret"),
            Some("Secret is required.")
        );
        d.secret = "s".into();
        d.scope = "campaign".into();
        assert_eq!(
            d.clone().validate(&[]).unwrap_err().get("scope_id"),
            Some("This scope needs an ID.")
        );
        d.scope_id = "7".into();
        assert_eq!(d.validate(&[]).unwrap().scope, Scope::Campaign("7".into()));
        let mut w = draft("whop");
        w.scope = "campaign".into();
        assert!(w.clone().validate(&[]).unwrap_err().get("scope").is_some());
        w.scope = "me".into();
        assert_eq!(w.validate(&[]).unwrap().scope, Scope::WhopMe);
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
        let c = Credentials::ApiKeyAndBearer {
            api_key: "k".into(),
            token: "t".into(),
        };
        assert!(!c.lacks_secret());
        assert!(c.without_secrets().lacks_secret());
        let b = Credentials::Basic {
            username: "ada".into(),
            secret: "s".into(),
            device_id: "d".into(),
        };
        assert_eq!(
            b.without_secrets(),
            Credentials::Basic {
                username: "ada".into(),
                secret: String::new(),
                device_id: "d".into()
            }
        );
        assert!(!Credentials::None.lacks_secret());
    }
}

/// The connections to start with: the saved ones (secrets blanked) with
/// their secrets filled from `secrets` (remembered for the session) or,
/// for a saved connection that is also offered by the server at the same
/// address, from the offer. With nothing saved yet (a first run), the
/// offered connections as they are.
pub fn merge_connections(
    saved: Option<Vec<Connection>>,
    offered: Vec<Connection>,
    secrets: &[(String, Credentials)],
) -> Vec<Connection> {
    let Some(saved) = saved else {
        return offered;
    };
    saved
        .into_iter()
        .map(|mut c| {
            if let Some((_, creds)) = secrets.iter().find(|(id, _)| *id == c.id) {
                c.credentials = creds.clone();
            } else if c.credentials.lacks_secret() {
                let twin = offered
                    .iter()
                    .find(|o| o.id == c.id && o.vendor == c.vendor && o.base_url == c.base_url);
                if let Some(o) = twin {
                    c.credentials = o.credentials.clone();
                }
            }
            c
        })
        .collect()
}

#[cfg(test)]
mod merge_tests {
    use super::*;

    fn conn(id: &str, token: &str) -> Connection {
        Connection {
            id: id.into(),
            vendor: Vendor::ReviewRover,
            name: id.into(),
            base_url: "/rr".into(),
            credentials: Credentials::Bearer {
                token: token.into(),
            },
            scope: Scope::All,
            currency: None,
        }
    }

    #[test]
    fn first_run_takes_the_offer() {
        let got = merge_connections(None, vec![conn("a", "demo")], &[]);
        assert_eq!(got, vec![conn("a", "demo")]);
    }

    #[test]
    fn saved_connections_get_remembered_or_offered_secrets() {
        let saved = vec![conn("a", ""), conn("b", ""), conn("c", "")];
        let secrets = vec![(
            "b".to_string(),
            Credentials::Bearer {
                token: "mine".into(),
            },
        )];
        let mut moved = conn("c", "demo");
        moved.base_url = "/elsewhere".into();
        let got = merge_connections(Some(saved), vec![conn("a", "demo"), moved], &secrets);
        assert_eq!(
            got[0].credentials,
            Credentials::Bearer {
                token: "demo".into()
            }
        );
        assert_eq!(
            got[1].credentials,
            Credentials::Bearer {
                token: "mine".into()
            }
        );
        assert!(
            got[2].credentials.lacks_secret(),
            "an offer at another address is not used"
        );
        let none = merge_connections(Some(vec![]), vec![conn("a", "demo")], &[]);
        assert!(none.is_empty(), "removing every connection sticks");
    }
}
