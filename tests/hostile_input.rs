//! The app's own parsers fed arbitrary Unicode: addresses (routes, their
//! queries and routing modes) and a host page's options. None may panic;
//! a route read from an address writes back to the same route.
#![cfg(not(target_arch = "wasm32"))]

use payments_console::embed::EmbedOptions;
use payments_console::routing::{Place, Route, RoutingMode};
use proptest::prelude::*;
use serde_json::{json, Value};

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,32}",
        prop::collection::vec(any::<char>(), 0..32).prop_map(|c| c.into_iter().collect()),
        "[/%?#&=c p a-z0-9€\u{200b}]{0,32}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn addresses_never_panic_and_routes_round_trip(s in text(), t in text(), u in text()) {
        let route = Route::parse(&s);
        if route != Route::NotFound {
            // (An unknown address links to the start page.)
            prop_assert_eq!(Route::parse(&route.path()), route);
        }
        let place = Place::parse(&format!("{s}?{t}#{u}"));
        if place.route != Route::NotFound {
            prop_assert_eq!(Place::parse(&place.href()).route, place.route);
        }
        for mode in [RoutingMode::parse(&s), RoutingMode::parse(&format!("history:{s}"))].into_iter().flatten() {
            let _ = mode.inner(&s, &t, &u);
            let _ = mode.outer(&t);
        }
        // Ids are never empty; any other text names one page.
        let typed = Route::Detail { connection_id: format!("c{s}"), pid: format!("p{t}") };
        prop_assert_eq!(Route::parse(&typed.path()), typed);
    }

    #[test]
    fn host_options_never_panic(s in text(), t in text(), key in "[a-zA-Z]{1,12}") {
        let keys = ["vendor", "name", "baseUrl", "token", "username", "secret", "deviceId", "apiKey",
                    "scope", "scopeId", "currency", "routing", "start", "theme"];
        let mut options = serde_json::Map::new();
        for (i, k) in keys.iter().enumerate() {
            options.insert((*k).into(), Value::String(if i % 2 == 0 { s.clone() } else { t.clone() }));
        }
        options.insert(key, json!(s.clone()));
        let _ = EmbedOptions::from_json(&Value::Object(options.clone()), &t, false);
        options.insert("vendor".into(), json!("reviewrover"));
        options.insert("baseUrl".into(), json!("/reviewrover/api/v1"));
        let _ = EmbedOptions::from_json(&Value::Object(options), &t, true);
    }
}
