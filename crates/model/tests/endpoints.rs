//! Each vendor's `endpoints` (the allow-list a gateway forwards) are
//! exactly what its requests can be: every request built for every scope
//! and operation matches one, and paths that climb or split do not.

use payments_model::connection::Scope;
use payments_model::http::{HttpRequest, Method};
use payments_model::vendors::{self, Endpoint, FieldKind, FieldSpec, Reach, Vendor};
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
        FieldKind::Date | FieldKind::Day => "2025-03-03",
        FieldKind::DateTime => "2025-03-03T10:00:00Z",
        FieldKind::Choice(o) | FieldKind::Suggest(o) => o.first().copied().unwrap_or("x"),
        FieldKind::Bool | FieldKind::Flag => "true",
        FieldKind::Text | FieldKind::TextList(_) => "x1",
    }
}

/// A form's values as the console sends them: the vendor's defaults for
/// the connection (a scoped connection's customer, say), the rest samples.
fn values(spec: &[FieldSpec], conn: &Connection) -> Map<String, Value> {
    let defaults = conn.vendor.operations().form_defaults(conn);
    spec.iter()
        .map(|f| {
            let v = defaults
                .iter()
                .find(|(name, _)| *name == f.name)
                .map_or_else(|| sample(f).to_string(), |(_, v)| v.clone());
            (f.name.to_string(), Value::String(v))
        })
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

/// Every request the vendor builds for `id` on every scope.
fn every_request(vendor: &'static dyn Vendor, id: &str) -> Vec<HttpRequest> {
    every_request_by_scope(vendor, id)
        .into_iter()
        .map(|(_, req)| req)
        .collect()
}

/// Every request the vendor builds for `id`, with the connection (of
/// each scope, scope id `7`) it was built for.
fn every_request_by_scope(vendor: &'static dyn Vendor, id: &str) -> Vec<(Connection, HttpRequest)> {
    let mut all = Vec::new();
    let caps = vendor.capabilities();
    for scope in vendor.profile().scopes {
        let conn = connection(
            vendor,
            Scope::named(scope.name, if scope.id_label.is_some() { "7" } else { "" }),
        );
        let mut built = Vec::new();
        let out = &mut built;
        out.push(vendor.list_request(&conn, &ListQuery::first_page(vendor.list_spec().pagination)));
        out.extend(vendor.operations().get_request(&conn, id));
        out.extend(vendor.operations().delete_request(&conn, id));
        out.extend(vendor.operations().status_request(&conn, id, "pending"));
        if let Some(spec) = caps.create {
            let made = vendor
                .operations()
                .create_request(&conn, &values(spec, &conn))
                .expect("documented");
            out.push(made.unwrap_or_else(|e| panic!("{}: {e:?}", vendor.slug())));
        }
        if let Some(spec) = caps.update {
            let made = vendor
                .operations()
                .update_request(&conn, id, &values(spec, &conn))
                .expect("documented");
            out.push(made.unwrap_or_else(|e| panic!("{}: {e:?}", vendor.slug())));
        }
        all.extend(built.into_iter().map(|r| (conn.clone(), r)));
    }
    all
}

/// The console never asks the gateway for what its connection's scope
/// keeps out: every request built for a scope is inside it, or inside
/// once the payment is found on the scope's own list.
#[test]
fn every_request_built_for_a_scope_is_within_it() {
    for &vendor in vendors::ALL {
        for (conn, req) in every_request_by_scope(vendor, "pay_42") {
            let path = req.url.strip_prefix(ROOT).expect("below the root");
            let body = req.body.clone().unwrap_or_default();
            let reach = vendor
                .operations()
                .reach(&conn, req.method, path, body.as_bytes());
            assert!(
                !matches!(reach, Reach::Outside(_)),
                "{} scope {:?}: {:?} {path} is outside: {reach:?}",
                vendor.slug(),
                conn.scope,
                req.method
            );
            if let Reach::IfListed { id, .. } = reach {
                assert_eq!(id, "pay_42", "{} {path}", vendor.slug());
            }
        }
    }
}

/// A connection scoped to one thing (id `7`) does not reach another's
/// list (id `8`) nor the list of everything.
#[test]
fn another_scope_s_list_is_outside() {
    for &vendor in vendors::ALL {
        for scope in vendor
            .profile()
            .scopes
            .iter()
            .filter(|s| s.id_label.is_some())
        {
            let mine = connection(vendor, Scope::named(scope.name, "7"));
            let theirs = connection(vendor, Scope::named(scope.name, "8"));
            let everything = connection(vendor, Scope::all());
            let q = ListQuery::first_page(vendor.list_spec().pagination);
            for other in [&theirs, &everything] {
                let req = vendor.list_request(other, &q);
                let path = req.url.strip_prefix(ROOT).expect("below the root");
                assert!(
                    matches!(
                        vendor.operations().reach(&mine, Method::Get, path, b""),
                        Reach::Outside(_)
                    ),
                    "{} scope {} reaches {path}",
                    vendor.slug(),
                    scope.name
                );
            }
        }
    }
}

#[test]
fn every_request_a_vendor_builds_is_on_its_allow_list() {
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
