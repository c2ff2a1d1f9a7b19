//! The vendors: one module each, and one line each in `registry!`.
//!
//! A vendor module declares what the vendor is as data (a [`Profile`]:
//! list spec, capabilities, form and detail fields, scopes, credential
//! scheme, currency rule) and implements [`Vendor`] (listing) and
//! [`Operations`] (everything else): pure functions that turn a
//! [`ListQuery`] or a form's values into an [`HttpRequest`] in the
//! vendor's dialect, and the vendor's answers back into model values.
//! Nothing outside these modules knows a vendor by name; everything else
//! reaches a vendor through `&'static dyn Vendor` (a connection's or a
//! payment's `vendor`, and its `operations()`) or finds one by its slug
//! in [`ALL`]; the one list of them is the `registry!` below.
//!
//! [`spec`] holds the declaration types and [`wire`] the wire habits the
//! vendors share.

pub mod billingplatform;
pub mod builton;
pub mod filter_bar;
pub mod open_list;
pub mod reach;
pub mod read;
pub mod reviewrover;
pub mod spec;
pub mod twocloud;
pub mod whop;
pub mod wire;

use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

pub use filter_bar::FilterBar;
pub use open_list::{array_items, OpenList};
pub use spec::*;
pub use wire::*;

use crate::connection::Connection;
use crate::error::ApiError;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::query::{ListPage, ListQuery};
use crate::validate::FieldErrors;
use crate::Payment;

/// Declares the registry from one line per vendor (its type): [`ALL`],
/// and the same vendors as [`Operations`], which [`operations`] finds.
macro_rules! registry {
    ($($vendor:path),+ $(,)?) => {
        /// Every vendor the console speaks to, in the order it lists them.
        /// This is the only place vendors are enumerated.
        pub const ALL: &[&dyn Vendor] = &[$(&$vendor),+];

        /// [`ALL`] as [`Operations`], in the same order.
        const OPERATIONS: &[&dyn Operations] = &[$(&$vendor),+];
    };
}

registry! {
    reviewrover::ReviewRover,
    billingplatform::BillingPlatform,
    whop::Whop,
    twocloud::TwoCloud,
    builton::BuiltOn,
}

/// The vendor whose slug is `slug`.
pub fn find(slug: &str) -> Option<&'static dyn Vendor> {
    ALL.iter().copied().find(|v| v.slug() == slug)
}

/// What `vendor` does beyond listing (see [`Operations`]).
pub fn operations(vendor: &dyn Vendor) -> &'static dyn Operations {
    let slug = vendor.slug();
    match OPERATIONS.iter().find(|o| o.slug() == slug) {
        Some(o) => *o,
        // Every vendor is in the registry (a `&dyn Vendor` comes from it,
        // and `every_vendor_has_its_operations` pins that).
        None => unreachable!("vendor {slug} is not in the registry"),
    }
}

impl dyn Vendor {
    /// What this vendor does beyond listing: [`operations`].
    pub fn operations(&self) -> &'static dyn Operations {
        operations(self)
    }
}

/// How one payment is fetched.
#[derive(Clone, Debug, PartialEq)]
pub enum Retrieve {
    /// With the vendor's endpoint for one payment.
    Request(HttpRequest),
    /// From a list query whose answer holds the payment, where the vendor
    /// has no such endpoint.
    FromList(ListQuery),
    /// The id cannot name a payment of this vendor.
    NotFound,
}

/// How far a connection's scope lets the gateway forward one request of
/// a declared endpoint ([`Operations::reach`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Reach {
    /// Within the scope as it stands.
    Inside,
    /// Within the scope only if the payment `id` is among what `list`
    /// (a list query of the same connection, read from its first page)
    /// returns.
    IfListed { id: String, list: ListQuery },
    /// Outside the scope, and why.
    Outside(crate::message::Message),
}

/// A vendor: what it declares ([`Profile`]) and pure functions from model
/// to wire and back. Write operations a vendor does not document keep the
/// defaults, `None`.
pub trait Vendor: Sync {
    /// Everything the vendor declares as data.
    fn profile(&self) -> &'static Profile;
    /// The short name used in URLs, configuration and server prefixes.
    fn slug(&self) -> &'static str {
        self.profile().slug
    }
    /// The name shown to people.
    fn display_name(&self) -> &'static str {
        self.profile().name
    }
    fn list_spec(&self) -> ListSpec {
        self.profile().list
    }
    fn capabilities(&self) -> Capabilities {
        self.profile().capabilities
    }
    /// The request that lists payments for `query`.
    fn list_request(&self, conn: &Connection, query: &ListQuery) -> HttpRequest;
    /// Reads a list answer (any status) to `query` into a page or an error.
    fn decode_list(
        &self,
        conn: &Connection,
        query: &ListQuery,
        resp: &HttpResponse,
    ) -> Result<ListPage, ApiError>;
    /// Opens a list answer without reading its items yet, so that a long
    /// one can be read in parts ([`Vendor::read_list_item`] reads each).
    /// By default the answer is read whole at once: vendors whose pages
    /// are bounded need no more.
    fn open_list(
        &self,
        conn: &Connection,
        query: &ListQuery,
        resp: &HttpResponse,
    ) -> Result<OpenList, ApiError> {
        self.decode_list(conn, query, resp).map(OpenList::read)
    }
    /// Reads one item of a list opened with [`Vendor::open_list`].
    fn read_list_item(&self, _conn: &Connection, _item: &Value) -> Result<Payment, String> {
        Err("this vendor's lists are read whole".into())
    }
    /// Adds the connection's credentials to `req` as every request of this
    /// vendor carries them (a gateway signs the requests it forwards this
    /// way): by default `Authorization: Bearer <token>`.
    fn sign(&self, conn: &Connection, req: HttpRequest) -> HttpRequest {
        with_bearer(req, conn)
    }
}

/// What a vendor does beyond listing payments: one payment's request and
/// answer, the writes (create, update, delete, status change) and what
/// follows them, the connection form's credentials, what All payments
/// can ask of it, and how far a connection's scope reaches through the
/// gateway. Reached through [`operations`] (or `vendor.operations()`),
/// never through a [`Vendor`], so a browser's first screen, which only
/// lists, does not carry this code: a split build leaves it to the
/// modules that use it. Write operations a vendor does not document keep
/// the defaults, `None`.
pub trait Operations: Vendor {
    /// How far `conn`'s scope reaches for `method` on `path` (below the
    /// connection's root, as sent, percent-encoded; one of the declared
    /// endpoints) carrying `body`. The gateway forwards nothing else, so
    /// a connection scoped to one customer, campaign or user cannot read
    /// or change another's. By default every endpoint is inside: vendors
    /// without scopes, and the scope that sees everything.
    fn reach(&self, _conn: &Connection, _method: Method, _path: &str, _body: &[u8]) -> Reach {
        Reach::Inside
    }
    /// Puts into `list` what of an All payments query this vendor can
    /// apply itself, and names those filters (the console applies every
    /// filter to what is loaded anyway, so these only narrow what is
    /// sent). By default none.
    fn workspace_filters(
        &self,
        _query: &crate::query::workspace::WorkspaceQuery,
        _list: &mut ListQuery,
    ) -> Vec<&'static str> {
        Vec::new()
    }
    /// The request that fetches one payment, where the vendor has one.
    fn get_request(&self, conn: &Connection, id: &str) -> Option<HttpRequest>;
    /// Reads a single-payment answer (any status).
    fn decode_payment(&self, conn: &Connection, resp: &HttpResponse) -> Result<Payment, ApiError>;
    /// Validates form values and builds the create request; `None` where
    /// the vendor documents no create.
    fn create_request(
        &self,
        _conn: &Connection,
        _values: &Map<String, Value>,
    ) -> Option<Result<HttpRequest, FieldErrors>> {
        None
    }
    /// Validates form values and builds the update request.
    fn update_request(
        &self,
        _conn: &Connection,
        _id: &str,
        _values: &Map<String, Value>,
    ) -> Option<Result<HttpRequest, FieldErrors>> {
        None
    }
    /// The delete request.
    fn delete_request(&self, _conn: &Connection, _id: &str) -> Option<HttpRequest> {
        None
    }
    /// The amount a write's `body` (as sent, JSON) carries: a create's,
    /// or an edit's new amount, as this vendor reads it; `None` where it
    /// carries none. The gateway's approval rules compare it. By default
    /// none: a vendor whose writes carry an amount says where.
    fn sent_amount(&self, _conn: &Connection, _body: &Value) -> Option<crate::money::Money> {
        None
    }
    /// The status-change request.
    fn status_request(&self, _conn: &Connection, _id: &str, _status: &str) -> Option<HttpRequest> {
        None
    }
    /// Reads the answer to a create, update or status change: the payments
    /// written (BuiltOn answers one per order paid). By default, one
    /// payment read like a retrieve.
    fn decode_written(
        &self,
        conn: &Connection,
        resp: &HttpResponse,
    ) -> Result<Vec<Payment>, ApiError> {
        self.decode_payment(conn, resp).map(|p| vec![p])
    }
    /// How one payment is fetched: by default with [`Operations::get_request`].
    fn retrieve(&self, conn: &Connection, id: &str) -> Retrieve {
        self.get_request(conn, id)
            .map_or(Retrieve::NotFound, Retrieve::Request)
    }
    /// Where to look for the payment a create with the values `sent` made,
    /// when its answer was lost: by default among the newest payments of
    /// the first page, where the create carried the profile's
    /// `client_reference`; `NotFound` where nothing could identify it.
    fn find_created(&self, _conn: &Connection, sent: &Map<String, Value>) -> Retrieve {
        match self.profile().client_reference {
            Some(field) if sent.contains_key(field) => {
                Retrieve::FromList(ListQuery::first_page(self.list_spec().pagination))
            }
            _ => Retrieve::NotFound,
        }
    }
    /// Whether `payment` is the one a create with the values `sent` made:
    /// by default, it holds the same client reference.
    fn made_by(&self, payment: &Payment, sent: &Map<String, Value>) -> bool {
        self.profile().client_reference.is_some_and(|field| {
            let theirs = payment.field(field).and_then(Value::as_str);
            theirs.is_some() && theirs == sent.get(field).and_then(Value::as_str)
        })
    }
    /// Whether `conn` may change a payment's status: by default, as the
    /// capabilities say.
    fn status_change(&self, _conn: &Connection) -> StatusChange {
        self.capabilities()
            .change_status
            .map_or(StatusChange::NotOffered, StatusChange::Offered)
    }
    /// Form values a new payment starts with, given the connection (such
    /// as the customer of a connection scoped to one).
    fn form_defaults(&self, _conn: &Connection) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

impl PartialEq for dyn Vendor {
    fn eq(&self, other: &Self) -> bool {
        self.slug() == other.slug()
    }
}

impl Eq for dyn Vendor {}

impl Hash for dyn Vendor {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.slug().hash(state);
    }
}

impl fmt::Debug for dyn Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// A vendor is written as its slug.
impl Serialize for dyn Vendor {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.slug())
    }
}

impl<'de> Deserialize<'de> for &'static dyn Vendor {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let slug = String::deserialize(d)?;
        find(&slug).ok_or_else(|| serde::de::Error::custom(format!("unknown vendor {slug:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vendor_has_its_operations() {
        assert_eq!(ALL.len(), OPERATIONS.len());
        for (v, o) in ALL.iter().zip(OPERATIONS) {
            assert_eq!(v.slug(), o.slug());
            assert_eq!(operations(*v).slug(), v.slug());
        }
    }

    #[test]
    fn every_vendor_is_found_by_its_distinct_slug() {
        for &v in ALL {
            assert_eq!(find(v.slug()), Some(v));
            assert_eq!(ALL.iter().filter(|w| w.slug() == v.slug()).count(), 1);
            assert!(v
                .profile()
                .fields
                .iter()
                .any(|f| f.shown == ShownAs::Status));
            assert!(!v.profile().scopes.is_empty());
            let c = v.profile().columns;
            assert!([c.counterparty, c.date, c.reference]
                .iter()
                .all(|h| !h.english().is_empty()));
            assert_eq!(v.list_spec(), v.profile().list);
        }
        assert!(find("stripe").is_none());
        // A client reference is a field the person could have typed on create.
        for &v in ALL {
            if let Some(field) = v.profile().client_reference {
                let create = v.capabilities().create.expect("a vendor that creates");
                assert!(create.iter().any(|f| f.name == field), "{}", v.slug());
            }
        }
        let json = serde_json::to_string(&twocloud::VENDOR).unwrap();
        assert_eq!(json, "\"twocloud\"");
        let back: &'static dyn Vendor = serde_json::from_str(&json).unwrap();
        assert_eq!(back, twocloud::VENDOR);
        assert!(serde_json::from_str::<&'static dyn Vendor>("\"stripe\"").is_err());
    }
}

/// Every decoder of every vendor, fed arbitrary bytes and arbitrary JSON:
/// none may panic, whatever the status.
#[cfg(test)]
mod never_panic {
    use super::*;
    use crate::connection::{Credentials, Scope};
    use proptest::prelude::*;
    use serde_json::Value;

    fn conn(vendor: &'static dyn Vendor) -> Connection {
        Connection {
            id: "x".into(),
            vendor,
            name: "x".into(),
            base_url: "http://x".into(),
            credentials: Credentials::none(),
            scope: Scope::all(),
            currency: None,
        }
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            ".{0,12}".prop_map(Value::String),
        ];
        let key = prop_oneof![
            Just("id".to_string()),
            Just("_id".to_string()),
            Just("amount".to_string()),
            Just("currency".to_string()),
            Just("status".to_string()),
            Just("payments".to_string()),
            Just("data".to_string()),
            Just("errors".to_string()),
            Just("code".to_string()),
            Just("$date".to_string()),
            Just("$oid".to_string()),
            Just("paymentAmount".to_string()),
            Just("final_amount".to_string()),
            Just("created".to_string()),
            Just("user".to_string()),
            ".{0,6}",
        ];
        leaf.prop_recursive(4, 48, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((key.clone(), inner), 0..7)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    fn feed(resp: &HttpResponse) {
        for &p in ALL {
            let c = conn(p);
            let q = ListQuery::first_page(p.list_spec().pagination);
            let _ = p.decode_list(&c, &q, resp);
            let _ = p.operations().decode_payment(&c, resp);
            let _ = p.operations().decode_written(&c, resp);
        }
    }

    proptest! {
        #[test]
        fn on_bytes(body in ".{0,300}", status in 100u16..600) {
            feed(&HttpResponse { status, headers: vec![("X-Pagination-Total".into(), "7".into())], body });
        }

        #[test]
        fn on_json(v in arb_json(), status in prop::sample::select(vec![200u16, 201, 400, 404, 422, 429, 500])) {
            for body in [v.to_string(), Value::Array(vec![v.clone()]).to_string(),
                         serde_json::json!({"payments": [v.clone()], "data": [v.clone()], "code": 200}).to_string()] {
                feed(&HttpResponse { status, headers: vec![], body });
            }
        }

        #[test]
        fn writes_never_panic(v in arb_json()) {
            let values = match v { Value::Object(m) => m, other => {
                let mut m = Map::new();
                for f in ["amount", "paymentAmount", "orders", "contact_id", "user_id", "active"] {
                    m.insert(f.into(), other.clone());
                }
                m
            }};
            for &p in ALL {
                let c = conn(p);
                let _ = p.operations().create_request(&c, &values);
                let _ = p.operations().update_request(&c, "1", &values);
            }
        }
    }
}
