//! A connection: which vendor, where, with which credentials and scope.
//!
//! Credentials and scopes are data the vendor declares
//! ([`CredentialScheme`](crate::vendors::CredentialScheme),
//! [`ScopeSpec`](crate::vendors::ScopeSpec)); a connection holds values
//! named by those declarations. Credentials print as `<redacted>` in
//! `Debug` output so that a log line or a panic message can never carry a
//! secret. [`ConnectionDraft`] is the connection form as typed.

mod draft;

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use draft::{check_base_url, ConnectionDraft};

use crate::message::{Message, ModelMessage};
use crate::money::Currency;
use crate::vendors::Vendor;

/// How a connection proves who it is: named values (`token`, `api_key`,
/// `username`, …) in its vendor's scheme (`bearer`, `basic`, …), or none.
///
/// Serialized as `"none"` or `{"<scheme>": {"<name>": "<value>", …}}`.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    scheme: String,
    values: BTreeMap<String, String>,
}

/// The scheme of connections that send no credentials.
const NONE: &str = "none";

impl Credentials {
    /// No credentials (2cloud allows anonymous reads).
    pub fn none() -> Credentials {
        Credentials {
            scheme: NONE.into(),
            values: BTreeMap::new(),
        }
    }

    /// Credentials of `scheme` holding `values`.
    pub fn new<'a>(
        scheme: &str,
        values: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Credentials {
        Credentials {
            scheme: scheme.into(),
            values: values
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// The scheme's name (`none` for no credentials).
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// Whether there are no credentials.
    pub fn is_none(&self) -> bool {
        self.scheme == NONE
    }

    /// A value by name; empty when it is not there.
    pub fn get(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }

    /// Sets a value by name.
    pub fn set(&mut self, name: &str, value: String) {
        self.values.insert(name.to_string(), value);
    }

    /// The names of the values held.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }
}

impl fmt::Debug for Credentials {
    /// The scheme and the names of the values, never a value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Credentials({}", self.scheme)?;
        for name in self.values.keys() {
            write!(f, ", {name}: <redacted>")?;
        }
        f.write_str(")")
    }
}

impl Serialize for Credentials {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.is_none() {
            return s.serialize_str(NONE);
        }
        struct Values<'a>(&'a BTreeMap<String, String>);
        impl Serialize for Values<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0 {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(&self.scheme, &Values(&self.values))?;
        m.end()
    }
}

impl<'de> Deserialize<'de> for Credentials {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(OneKeyVisitor::<Credentials>::new("credentials"))
    }
}

impl OneKey for Credentials {
    fn plain(name: String) -> Self {
        Credentials {
            scheme: name,
            values: BTreeMap::new(),
        }
    }
    fn keyed<'de, A: MapAccess<'de>>(key: String, map: &mut A) -> Result<Self, A::Error> {
        let values: BTreeMap<String, String> = map.next_value()?;
        Ok(Credentials {
            scheme: key,
            values,
        })
    }
}

/// Which slice of a vendor's payments a connection lists: a scope the
/// vendor declares, by name, with the id it needs (empty when none).
/// Serialized as `"all"` or `{"customer": "42"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub name: String,
    pub id: String,
}

impl Scope {
    /// Every payment the credentials can see.
    pub fn all() -> Scope {
        Scope::named("all", "")
    }

    /// The scope `name`, with `id` where it takes one.
    pub fn named(name: &str, id: &str) -> Scope {
        Scope {
            name: name.into(),
            id: id.into(),
        }
    }

    /// The id, when the scope is `name`.
    pub fn id_of(&self, name: &str) -> Option<&str> {
        (self.name == name).then_some(self.id.as_str())
    }

    /// The scope in words ("Customer 42", "App payments"), as `vendor`
    /// declares it; a scope it does not declare by its name as kept.
    pub fn words(&self, vendor: &dyn Vendor) -> Message {
        match vendor.profile().scope(&self.name) {
            Some(spec) => match spec.id_label {
                Some(what) => ModelMessage::ScopeWithId {
                    what,
                    id: self.id.clone(),
                }
                .into(),
                None => Message::Text(spec.label),
            },
            None => Message::said(self.name.clone()),
        }
    }
}

impl Serialize for Scope {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.id.is_empty() {
            return s.serialize_str(&self.name);
        }
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(&self.name, &self.id)?;
        m.end()
    }
}

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(OneKeyVisitor::<Scope>::new("scope"))
    }
}

impl OneKey for Scope {
    fn plain(name: String) -> Self {
        Scope {
            name,
            id: String::new(),
        }
    }
    fn keyed<'de, A: MapAccess<'de>>(key: String, map: &mut A) -> Result<Self, A::Error> {
        Ok(Scope {
            name: key,
            id: map.next_value()?,
        })
    }
}

/// A value written as a plain name or as an object of one key.
trait OneKey: Sized {
    fn plain(name: String) -> Self;
    fn keyed<'de, A: MapAccess<'de>>(key: String, map: &mut A) -> Result<Self, A::Error>;
}

struct OneKeyVisitor<T>(&'static str, std::marker::PhantomData<T>);

impl<T> OneKeyVisitor<T> {
    fn new(what: &'static str) -> Self {
        OneKeyVisitor(what, std::marker::PhantomData)
    }
}

impl<'de, T: OneKey> Visitor<'de> for OneKeyVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} as a name or an object of one key", self.0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::plain(v.to_string()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let key: String = map
            .next_key()?
            .ok_or_else(|| de::Error::custom(format!("{} with no key", self.0)))?;
        let value = T::keyed(key, &mut map)?;
        if map.next_key::<String>()?.is_some() {
            return Err(de::Error::custom(format!(
                "{} with more than one key",
                self.0
            )));
        }
        Ok(value)
    }
}

/// Everything needed to talk to one vendor account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connection {
    /// A short id, unique among the person's connections, used in URLs.
    pub id: String,
    pub vendor: &'static dyn Vendor,
    /// The name people see, such as "ReviewRover".
    pub name: String,
    /// The API root, such as `https://dashboard.reviewrover.co/api/v1`.
    pub base_url: String,
    pub credentials: Credentials,
    pub scope: Scope,
    /// The currency of amounts for vendors whose payments carry none;
    /// `None` means US dollars.
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

    /// Whether the connection goes through the console's own gateway
    /// (`/gateway/<id>`), which holds its secrets.
    pub fn on_gateway(&self) -> bool {
        self.base_url.starts_with("/gateway/")
    }

    /// The values of the connection's secret credentials (for keeping them
    /// out of what is logged).
    pub fn secret_values(&self) -> Vec<&str> {
        self.vendor
            .profile()
            .credentials
            .fields
            .iter()
            .filter(|f| f.secret)
            .map(|f| self.credentials.get(f.name))
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// The credentials with every secret of the vendor's scheme blanked,
    /// for saving where secrets must not go.
    pub fn credentials_without_secrets(&self) -> Credentials {
        let mut c = self.credentials.clone();
        for f in self.vendor.profile().credentials.fields {
            if f.secret && !c.get(f.name).is_empty() {
                c.set(f.name, String::new());
            }
        }
        c
    }

    /// The connection with a scope its vendor declares. A scope saved by an
    /// earlier version was named `<vendor>_<scope>` (`whop_company`); that
    /// becomes the vendor's `company`. A scope the vendor does not know at
    /// all becomes its first (default) scope, so a saved connection never
    /// lists another slice than it says.
    pub fn with_known_scope(mut self) -> Connection {
        let profile = self.vendor.profile();
        if profile.scope(&self.scope.name).is_some() {
            return self;
        }
        let prefix = format!("{}_", self.vendor.slug());
        let renamed = self
            .scope
            .name
            .strip_prefix(&prefix)
            .and_then(|n| profile.scope(n));
        self.scope = match (renamed, profile.scopes.first()) {
            (Some(s), _) => Scope::named(s.name, &self.scope.id),
            (None, Some(first)) => Scope::named(first.name, ""),
            (None, None) => Scope::all(),
        };
        self
    }

    /// Whether a secret is missing (after a reload that kept none).
    pub fn lacks_secret(&self) -> bool {
        !self.credentials.is_none()
            && self
                .vendor
                .profile()
                .credentials
                .fields
                .iter()
                .any(|f| f.secret && f.required && self.credentials.get(f.name).is_empty())
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
            } else if c.lacks_secret() {
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
mod tests {
    use super::*;
    use crate::vendors;

    #[test]
    fn debug_output_never_shows_secrets() {
        let c = Connection {
            id: "rr".into(),
            vendor: vendors::reviewrover::VENDOR,
            name: "ReviewRover".into(),
            base_url: "http://x/api/v1/".into(),
            credentials: Credentials::new("bearer", [("token", "sekrit-token")]),
            scope: Scope::all(),
            currency: None,
        };
        let text = format!("{c:?}");
        assert!(!text.contains("sekrit"), "{text}");
        let basic = Credentials::new(
            "basic",
            [
                ("username", "ada"),
                ("secret", "hunter2"),
                ("device_id", "d1"),
            ],
        );
        assert!(!format!("{basic:?}").contains("hunter2"));
        assert_eq!(c.root(), "http://x/api/v1");
        assert_eq!(c.default_currency().code(), "USD");
    }

    #[test]
    fn scopes_saved_by_an_earlier_version_are_read() {
        let saved = |scope: &str| -> Connection {
            serde_json::from_str::<Connection>(&format!(
                r#"{{"id":"w","vendor":"whop","name":"Whop","base_url":"/whop/api/v5",
                    "credentials":{{"bearer":{{"token":""}}}},"scope":{scope}}}"#
            ))
            .unwrap()
            .with_known_scope()
        };
        assert_eq!(
            saved(r#""whop_company""#).scope,
            Scope::named("company", "")
        );
        assert_eq!(saved(r#""whop_me""#).scope, Scope::named("me", ""));
        assert_eq!(saved(r#""company""#).scope, Scope::named("company", ""));
        assert_eq!(
            saved(r#""nonsense""#).scope,
            Scope::named("app", ""),
            "the default"
        );
        let bp: Connection = serde_json::from_str(
            r#"{"id":"b","vendor":"billingplatform","name":"B","base_url":"/b",
                "credentials":"none","scope":{"customer":"42"}}"#,
        )
        .unwrap();
        assert_eq!(bp.clone().with_known_scope(), bp);
    }

    #[test]
    fn connections_round_trip_through_json() {
        let c = Connection {
            id: "bp".into(),
            vendor: vendors::billingplatform::VENDOR,
            name: "Billing Platform".into(),
            base_url: "http://x".into(),
            credentials: Credentials::new("bearer", [("token", "t")]),
            scope: Scope::named("customer", "42"),
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

#[cfg(test)]
mod merge_tests {
    use super::*;
    use crate::vendors;

    fn conn(id: &str, token: &str) -> Connection {
        Connection {
            id: id.into(),
            vendor: vendors::reviewrover::VENDOR,
            name: id.into(),
            base_url: "/rr".into(),
            credentials: Credentials::new("bearer", [("token", token)]),
            scope: Scope::all(),
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
            Credentials::new("bearer", [("token", "mine")]),
        )];
        let mut moved = conn("c", "demo");
        moved.base_url = "/elsewhere".into();
        let got = merge_connections(Some(saved), vec![conn("a", "demo"), moved], &secrets);
        assert_eq!(
            got[0].credentials,
            Credentials::new("bearer", [("token", "demo")])
        );
        assert_eq!(
            got[1].credentials,
            Credentials::new("bearer", [("token", "mine")])
        );
        assert!(
            got[2].lacks_secret(),
            "an offer at another address is not used"
        );
        let none = merge_connections(Some(vec![]), vec![conn("a", "demo")], &[]);
        assert!(none.is_empty(), "removing every connection sticks");
    }
}
