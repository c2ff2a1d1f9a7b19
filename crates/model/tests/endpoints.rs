//! Each vendor's `endpoints` (the allow-list a gateway forwards) are
//! exactly what its adapter produces: every request built for every scope
//! and operation matches one, and paths that climb or split do not.

use payments_model::connection::Scope;
use payments_model::http::{HttpRequest, Method};
use payments_model::vendors::{self, Endpoint, FieldKind, FieldSpec, Vendor};
use payments_model::{Connection, Credentials, ListQuery};
use proptest::prelude::*;
use serde_json::{Map, Value};

const ROOT: &str = "https://api.example.com/v1";

fn connection(vendor: &'static dyn Vendor, scope: Scope) -> Connection {
    let scheme = vendor.profile().credentials;
    Connection {
        id: "c".into(),
        vendor,
        name: "c".into(),
        base_url: ROOT.into(),
        credentials: Credentials::new(scheme.name, scheme.fields.iter().map(|f| (f.name, "v"))),
        scope,
        currency: None,
    }
}

/// A value each kind of field accepts.
fn sample(f: &FieldSpec) -> &'static str {
    match f.kind {
        FieldKind::Amount => "1.00",
        FieldKind::MinorUnits => "100",
        FieldKind::WholeNumber => "7",
        FieldKind::Date => "2025-03-03",
        FieldKind::DateTime => "2025-03-03T10:00:00Z",
        FieldKind::Choice(o) | FieldKind::Suggest(o) => o.first().copied().unwrap_or("x"),
        FieldKind::Bool | FieldKind::Flag => "true",
        FieldKind::Text | FieldKind::TextList(_) => "x1",
    }
}

fn values(spec: &[FieldSpec]) -> Map<String, Value> {
    spec.iter()
        .map(|f| (f.name.to_string(), Value::String(sample(f).into())))
        .collect()
}

fn allowed(vendor: &dyn Vendor, req: &HttpRequest) -> bool {
    let path = req.url.strip_prefix(ROOT).expect("below the root");
    vendor
        .profile()
        .endpoints
        .iter()
        .any(|e| e.matches(req.method, path))
}

/// Every request the adapter builds for `id` on every scope.
fn every_request(vendor: &'static dyn Vendor, id: &str) -> Vec<HttpRequest> {
    let mut out = Vec::new();
    let caps = vendor.capabilities();
    for scope in vendor.profile().scopes {
        let conn = connection(
            vendor,
            Scope::named(scope.name, if scope.id_label.is_some() { "7" } else { "" }),
        );
        out.push(vendor.list_request(&conn, &ListQuery::first_page(vendor.list_spec().pagination)));
        out.extend(vendor.get_request(&conn, id));
        out.extend(vendor.delete_request(&conn, id));
        out.extend(vendor.status_request(&conn, id, "pending"));
        if let Some(spec) = caps.create {
            let made = vendor
                .create_request(&conn, &values(spec))
                .expect("documented");
            out.push(made.unwrap_or_else(|e| panic!("{}: {e:?}", vendor.slug())));
        }
        if let Some(spec) = caps.update {
            let made = vendor
                .update_request(&conn, id, &values(spec))
                .expect("documented");
            out.push(made.unwrap_or_else(|e| panic!("{}: {e:?}", vendor.slug())));
        }
    }
    out
}

#[test]
fn every_request_an_adapter_builds_is_on_its_allow_list() {
    for &vendor in vendors::ALL {
        for req in every_request(vendor, "pay_42") {
            assert!(
                allowed(vendor, &req),
                "{} {:?} {}",
                vendor.slug(),
                req.method,
                req.url
            );
        }
    }
}

#[test]
fn paths_that_climb_or_split_match_no_endpoint() {
    let e = Endpoint::new(Method::Get, "/payments/{}");
    assert!(e.matches(Method::Get, "/payments/inv%207"));
    for bad in [
        "/payments/..",
        "/payments/%2e%2E",
        "/payments/.",
        "/payments/a%2Fb",
        "/payments/a%5cb",
        "/payments/",
        "/payments/a/b",
        "/payments//",
        "/payments/a%0A",
        "//evil.example/payments/1",
        "/payments/1/../../admin",
    ] {
        assert!(!e.matches(Method::Get, bad), "{bad}");
    }
    assert!(
        !e.matches(Method::Delete, "/payments/1"),
        "the method counts"
    );
}

proptest! {
    #[test]
    fn any_id_is_either_on_the_list_or_refused_never_elsewhere(id in ".{1,20}") {
        for &vendor in vendors::ALL {
            for req in every_request(vendor, &id) {
                let path = req.url.strip_prefix(ROOT).unwrap_or_default().to_string();
                // Allowed only when the id is one safe segment.
                if allowed(vendor, &req) {
                    prop_assert!(!path.contains("/../") && !path.ends_with("/.."), "{}", path);
                }
            }
        }
    }
}
