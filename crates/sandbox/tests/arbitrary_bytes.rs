//! Arbitrary bytes to every route of the server: any body, any bytes in
//! the id segment and the query, under any content type, with and without
//! credentials. Every answer is below 500, and every error is JSON.

mod common;

use common::{temp_db, Sandbox};
use proptest::prelude::*;
use reqwest::{Client, Method};

/// The server's own routes that take input besides the vendors'.
const SERVER_ROUTES: &[(&str, &str)] = &[
    ("GET", "/sandbox/connections.json"),
    ("POST", "/csp-reports"),
];

const CREDENTIALS: &[(&str, &str)] = &[
    ("authorization", "Bearer rr_demo_token"),
    ("authorization", "Bearer bp_demo_token"),
    ("authorization", "Bearer whop_demo_app_key"),
    ("authorization", "Basic YWRtaW46YWRtaW4tc2VjcmV0"),
    ("x-builton-api-key", "builton_demo_key"),
];

/// Bytes as they travel in a URL.
fn encoded(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("%{b:02X}")).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_bytes_to_any_route_are_answered_below_500(
        route in 0..common::ROUTES.len() + SERVER_ROUTES.len(),
        body in prop::collection::vec(any::<u8>(), 0..256),
        id in prop::collection::vec(any::<u8>(), 1..24),
        query_key in prop::collection::vec(any::<u8>(), 0..12),
        query_value in prop::collection::vec(any::<u8>(), 0..24),
        content_type in prop::sample::select(vec!["application/json", "application/x-www-form-urlencoded", "text/plain", "application/octet-stream"]),
        credentials in prop::option::of(0..CREDENTIALS.len()),
    ) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let sb = Sandbox::start(temp_db()).await;
            let (method, path) = common::ROUTES
                .iter()
                .chain(SERVER_ROUTES)
                .nth(route)
                .copied()
                .unwrap_or(("GET", "/"));
            let path = path.replace("{id}", &encoded(&id));
            let url = sb.url(&format!("{path}?{}={}", encoded(&query_key), encoded(&query_value)));
            let mut req = Client::new()
                .request(Method::from_bytes(method.as_bytes()).unwrap(), &url)
                .header("Content-Type", content_type)
                .header("From", "fuzz")
                .body(body.clone());
            if let Some(i) = credentials {
                req = req.header(CREDENTIALS[i].0, CREDENTIALS[i].1);
            }
            let r = req.send().await.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
            let status = r.status().as_u16();
            prop_assert!(status < 500, "{} {} answered {}", method, url, status);
            let text = r.text().await.unwrap();
            if status >= 400 && status != 405 && !text.is_empty() {
                prop_assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok(), "{} {}: {}", method, url, text);
            }
            Ok(())
        })?;
    }
}
