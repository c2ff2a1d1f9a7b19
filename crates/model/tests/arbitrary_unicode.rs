//! Every parser and every request builder of the model, fed arbitrary
//! Unicode (any plane, control characters, combining marks), not only
//! ASCII: none may panic, and what they accept must say what was given.

use payments_model::connection::{ConnectionDraft, Scope};
use payments_model::http::{encode_query, parse_query, percent_decode, percent_encode};
use payments_model::keys::word;
use payments_model::query::PageRequest;
use payments_model::validate;
use payments_model::vendors::{self, Vendor};
use payments_model::{time, Connection, Credentials, Currency, ListQuery, Money};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Text of any characters, biased towards the ones that break byte
/// slicing and header values: multi-byte, line breaks, percent signs.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,24}",
        prop::collection::vec(any::<char>(), 0..24).prop_map(|c| c.into_iter().collect()),
        "[0-9:T.+%€\u{200b}\u{2019}\r\n-]{0,24}",
    ]
}

fn connection(vendor: &'static dyn Vendor, id: &str) -> Connection {
    Connection {
        id: "c".into(),
        vendor,
        name: "c".into(),
        base_url: "https://api.example.com/v1".into(),
        credentials: Credentials::new(
            vendor.profile().credentials.name,
            vendor
                .profile()
                .credentials
                .fields
                .iter()
                .map(|f| (f.name, id)),
        ),
        scope: Scope::named(vendor.profile().scopes.last().map_or("all", |s| s.name), id),
        currency: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn times_and_money(s in text()) {
        if let Ok(Some(m)) = time::parse_text(&s) {
            prop_assert_eq!(time::parse_text(&m.exact()).unwrap(), Some(m));
        }
        let _ = validate::timestamp(word::CREATED, &s);
        if let Ok(m) = Money::parse(&s, Currency::usd()) {
            let again = Money::parse(&m.amount.to_string(), Currency::usd()).unwrap();
            prop_assert_eq!(again.amount, m.amount);
        }
        let _ = validate::amount(word::AMOUNT, &s, &Currency::usd());
        let _ = validate::whole_number_in(word::AMOUNT, &s, 1, u64::MAX);
        for v in payments_model::vendors::ALL {
            let _ = validate::currency_code(word::CURRENCY, &s, |c| v.profile().currency(c));
        }
        let _ = Currency::from_code(&s);
        let _ = Currency::try_from(s.clone());
    }

    #[test]
    fn addresses_and_queries(s in text(), t in text()) {
        prop_assert_eq!(percent_decode(&percent_encode(&s)), s.clone());
        let _ = percent_decode(&s);
        // A parameter needs a name; an empty one is dropped on reading.
        let pairs = vec![(format!("k{s}"), t.clone())];
        let back = parse_query(&encode_query(&pairs));
        prop_assert_eq!(back, pairs);
        let _ = parse_query(&s);
    }

    #[test]
    fn list_queries_of_every_vendor(s in text(), t in text()) {
        for &v in vendors::ALL {
            let spec = v.list_spec();
            let mut params: Vec<(String, String)> = spec
                .filters
                .iter()
                .map(|f| (f.name.to_string(), s.clone()))
                .collect();
            for name in ["page", "size", "sort", "after", "before"] {
                params.push((name.to_string(), t.clone()));
            }
            let q = ListQuery::from_params(&params, spec.pagination, &spec.filter_names());
            let _ = spec.validate(&q);
            let req = v.list_request(&connection(v, &t), &q);
            prop_assert!(!req.url_with_query().contains(char::is_whitespace));
            if let PageRequest::Number { page, .. } = q.page {
                prop_assert!(page >= 1);
            }
            let _ = v.operations().retrieve(&connection(v, &s), &t);
            let _ = v.operations().delete_request(&connection(v, &s), &t);
            let _ = v.operations().status_request(&connection(v, &s), &t, &s);
        }
    }

    #[test]
    fn writes_of_every_vendor(s in text(), t in text()) {
        for &v in vendors::ALL {
            let caps = v.capabilities();
            for spec in [caps.create, caps.update].into_iter().flatten() {
                let values: Map<String, Value> = spec
                    .iter()
                    .map(|f| (f.name.to_string(), Value::String(s.clone())))
                    .collect();
                let c = connection(v, &t);
                let _ = v.operations().create_request(&c, &values);
                let _ = v.operations().update_request(&c, &t, &values);
            }
        }
    }

    #[test]
    fn connection_forms(s in text(), t in text()) {
        for &v in vendors::ALL {
            let draft = ConnectionDraft {
                id: None,
                vendor: v.slug().into(),
                name: s.clone(),
                base_url: t.clone(),
                credentials: v
                    .profile()
                    .credentials
                    .fields
                    .iter()
                    .map(|f| (f.name.to_string(), s.clone()))
                    .collect(),
                scope: t.clone(),
                scope_id: s.clone(),
                currency: t.clone(),
            };
            if let Ok(c) = draft.validate(&[]) {
                prop_assert_eq!(c.name.as_str(), s.trim());
            }
        }
        let stranger = ConnectionDraft { vendor: s.clone(), ..ConnectionDraft::default() };
        if vendors::find(&s).is_none() {
            prop_assert!(stranger.validate(&[]).is_err());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// All payments' address, a list's order and text to find, the CSV
    /// cells and file names, and splitting a long answer into items.
    #[test]
    fn workspace_export_and_long_answers(a in text(), b in text(), c in text()) {
        use payments_model::export::{cell, file_name};
        use payments_model::local::LocalView;
        use payments_model::vendors::array_items;
        use payments_model::workspace::WorkspaceQuery;

        let params: Vec<(String, String)> = ["from", "to", "status", "currency", "min", "max", "vendor", "order", "find"]
            .iter()
            .zip([&a, &b, &c, &a, &b, &c, &a, &b, &c])
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let (q, _errors) = WorkspaceQuery::from_params(&params);
        prop_assert_eq!(WorkspaceQuery::from_params(&q.to_params()).0, q);
        let local = LocalView::from_params(&params);
        prop_assert_eq!(LocalView::from_params(&local.to_params()), local);

        let quoted = cell(&a);
        if quoted.starts_with('"') {
            prop_assert!(quoted.ends_with('"'));
        }
        // Only a plain number (`+4.1`) may keep a leading sign.
        let plain_number = quoted
            .strip_prefix('+')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|x| x.is_ascii_digit() || x == b'.'));
        prop_assert!(!quoted.starts_with(['=', '+', '@']) || plain_number, "{}", quoted);
        let name = file_name(&a, &[(b.clone(), c.clone())], "2026-11-29");
        prop_assert!(name.ends_with(".csv"));
        prop_assert!(name.trim_end_matches(".csv").bytes().all(|x| x.is_ascii_lowercase() || x.is_ascii_digit() || x == b'-'));

        let body = format!("[{a},{b}]");
        if let Some(items) = array_items(&body) {
            for r in items {
                prop_assert!(body.get(r).is_some(), "ranges fall on character boundaries");
            }
        }
        let _ = array_items(&a);
    }
}
