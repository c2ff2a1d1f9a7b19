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
