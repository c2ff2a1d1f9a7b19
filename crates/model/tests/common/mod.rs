//! What the vendor document tests share: a connection to a vendor and
//! answers as the vendor would send them.
#![allow(dead_code)]

use payments_model::connection::Scope;
use payments_model::http::{HttpRequest, HttpResponse};
use payments_model::vendors::{self, Vendor};
use payments_model::{Connection, Credentials, Currency, ListQuery};
use serde_json::{Map, Value};

/// A connection to the vendor `slug` with these credential values.
pub fn connection(slug: &str, credentials: &[(&str, &str)], scope: Scope) -> Connection {
    let vendor = vendors::find(slug).expect("registered");
    Connection {
        id: slug.into(),
        vendor,
        name: slug.into(),
        base_url: "https://api.example.com/v1".into(),
        credentials: Credentials::new(
            vendor.profile().credentials.name,
            credentials.iter().copied(),
        ),
        scope,
        currency: None,
    }
}

/// The same connection with a currency the person confirmed.
pub fn in_currency(mut c: Connection, code: &str) -> Connection {
    c.currency = Currency::from_code(code);
    c
}

/// An answer with `status` and a JSON body.
pub fn answer(status: u16, body: &Value) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![],
        body: body.to_string(),
    }
}

/// The first page query of the connection's vendor.
pub fn first_page(c: &Connection) -> ListQuery {
    ListQuery::first_page(c.vendor.list_spec().pagination)
}

/// The JSON body a request carries.
pub fn body(req: &HttpRequest) -> Value {
    serde_json::from_str(req.body.as_deref().unwrap_or("null")).expect("a JSON body")
}

/// A query parameter's value.
pub fn param<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Form values as the console's forms give them.
pub fn values(v: Value) -> Map<String, Value> {
    v.as_object().cloned().expect("an object")
}

/// A header's value.
pub fn header<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The vendor, for calling its trait methods.
pub fn vendor(c: &Connection) -> &'static dyn Vendor {
    c.vendor
}
