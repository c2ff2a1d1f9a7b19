//! The gateway, attacked and used over real HTTP: a simulator server is
//! the "vendor", a second server runs the gateway in front of it with a
//! configuration whose secrets come from outside the file.

mod common;

use std::time::Duration;

use common::Front;
use payments_server::gateway::config::GatewayConfig;
use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};

/// Every secret the gateway holds; none may reach the browser.
const SECRETS: &[&str] = &[
    "rr_demo_token",
    "bp_demo_token",
    "admin-secret",
    "builton_demo_key",
    "builton_demo_admin_token",
    "YWRtaW46YWRtaW4tc2VjcmV0",
];

fn config(vendor: &str, lifetime: Duration) -> GatewayConfig {
    let text = format!(
        r#"
        [[connections]]
        id = "rr"
        vendor = "reviewrover"
        name = "ReviewRover"
        base_url = "{vendor}/reviewrover/api/v1"
        credentials.token = {{ env = "RR" }}

        [[connections]]
        id = "limited"
        vendor = "reviewrover"
        name = "Rate limited"
        base_url = "{vendor}/sandbox/faults/status/429/reviewrover/api/v1"
        credentials.token = {{ env = "RR" }}

        [[connections]]
        id = "gone"
        vendor = "reviewrover"
        name = "Unreachable"
        base_url = "http://127.0.0.1:9/api"
        credentials.token = {{ env = "RR" }}

        [[connections]]
        id = "gifts"
        vendor = "twocloud"
        name = "Gifts"
        base_url = "{vendor}/twocloud"
        credentials = {{ username = "admin", secret = {{ env = "TC" }}, device_id = "gw", access = "administrator" }}

        [[connections]]
        id = "shop"
        vendor = "builton"
        name = "Shop"
        base_url = "{vendor}/builton"
        credentials = {{ api_key = {{ env = "BO_KEY" }}, token = {{ env = "BO_TOKEN" }} }}

        {accounts}"#,
        accounts = common::accounts(&[("ada", "editor"), ("vic", "viewer")])
    );
    let mut c = common::parse(&text);
    c.session_lifetime = lifetime;
    c
}

/// The vendor and the gateway in front of it, with `config`.
async fn start(lifetime: Duration) -> Front {
    Front::start(|vendor| config(vendor, lifetime)).await
}

async fn text(r: Response) -> (StatusCode, String, String) {
    let status = r.status();
    let headers = format!("{:?}", r.headers());
    (status, headers, r.text().await.unwrap())
}

#[tokio::test]
async fn reads_and_writes_go_through_signed_and_nothing_secret_comes_back() {
    let s = start(Duration::from_secs(600)).await;
    let ada = s.sign_in("ada").await;
    let mut seen = Vec::new();
    let (status, h, body) = text(
        ada.on(s.req(Method::GET, "/gateway/connections"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let list: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(list[0]["base_url"], json!("/gateway/rr"));
    seen.push((h, body));
    for path in [
        "/gateway/rr/payments?limit=5",
        "/gateway/rr/payments/1",
        "/gateway/gifts/payments?count=3",
        "/gateway/shop/payments?size=2",
        "/gateway/rr/payments/999999",
        "/gateway/session",
        "/gateway/activity",
        "/gateway/activity.csv",
    ] {
        let (status, h, body) = text(ada.on(s.req(Method::GET, path)).send().await.unwrap()).await;
        assert!(
            status.is_success() || status == StatusCode::NOT_FOUND,
            "{path}: {status} {body}"
        );
        seen.push((h, body));
    }
    let (status, h, body) = text(
        ada.on(s.req(Method::POST, "/gateway/rr/payments"))
            .json(&json!({"contact_id": "c_gw", "amount": "3.00"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    seen.push((h, body));
    let shop = s
        .client
        .get(format!("{}/gateway/shop/payments?size=2", s.base))
        .header("Cookie", &ada.cookie)
        .send()
        .await
        .unwrap();
    assert!(
        shop.headers().get("x-pagination-total").is_some(),
        "the total passes through"
    );
    for (headers, body) in &seen {
        for secret in SECRETS {
            assert!(
                !headers.contains(secret) && !body.contains(secret),
                "{secret} leaked: {headers} {body}"
            );
        }
    }
}

#[tokio::test]
async fn paths_off_the_allow_list_traversal_and_other_hosts_are_refused() {
    let s = start(Duration::from_secs(600)).await;
    let ada = s.sign_in("ada").await;
    for (method, path, want) in [
        (Method::GET, "/gateway/rr/admin", StatusCode::FORBIDDEN),
        (
            Method::GET,
            "/gateway/rr/payments/1/extra",
            StatusCode::FORBIDDEN,
        ),
        (
            Method::GET,
            "/gateway/rr/payments/..%2F..%2Fadmin",
            StatusCode::FORBIDDEN,
        ),
        (
            Method::GET,
            "/gateway/rr/payments/%2e%2e",
            StatusCode::FORBIDDEN,
        ),
        (
            Method::GET,
            "/gateway/rr/payments/a%2Fb",
            StatusCode::FORBIDDEN,
        ),
        (
            Method::GET,
            "/gateway/rr/payments/a%5Cb",
            StatusCode::FORBIDDEN,
        ),
        (
            Method::GET,
            "/gateway/rr//evil.example/payments",
            StatusCode::FORBIDDEN,
        ),
        (
            Method::GET,
            "/gateway/rr/http://evil.example/payments",
            StatusCode::FORBIDDEN,
        ),
        (
            Method::PATCH,
            "/gateway/rr/payments/1",
            StatusCode::FORBIDDEN,
        ),
        (
            Method::GET,
            "/gateway/nowhere/payments",
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            "/gateway/shop/payments/1/../../orders",
            StatusCode::FORBIDDEN,
        ),
    ] {
        let r = ada.on(s.req(method.clone(), path)).send().await.unwrap();
        let status = r.status();
        let body = r.text().await.unwrap();
        // `..` that the HTTP client itself folds away must still land off
        // the list or on a refusal, never on another endpoint.
        assert!(
            status == want || status == StatusCode::NOT_FOUND || status == StatusCode::FORBIDDEN,
            "{method} {path}: {status} {body}"
        );
        assert!(
            serde_json::from_str::<Value>(&body).is_ok_and(|v| v["message"].is_string()),
            "{path}: {body}"
        );
    }
    let r = ada
        .on(s.req(
            Method::from_bytes(b"TRACE").unwrap(),
            "/gateway/rr/payments",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn viewers_cross_site_writes_and_expired_sessions_are_refused() {
    let s = start(Duration::from_secs(2)).await;
    let body = json!({"contact_id": "c_x", "amount": "1.00"});
    let vic = s.sign_in("vic").await;
    let r = vic
        .on(s.req(Method::GET, "/gateway/rr/payments"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "viewers read");
    let r = vic
        .on(s.req(Method::POST, "/gateway/rr/payments"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "viewers do not write");
    let ada = s.sign_in("ada").await;
    let evil = s
        .client
        .post(format!("{}/gateway/rr/payments", s.base))
        .header("Origin", "https://evil.example")
        .header("Cookie", &ada.cookie)
        .header("X-CSRF-Token", &ada.csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status(), StatusCode::FORBIDDEN, "another site's page");
    let no_token = s
        .req(Method::POST, "/gateway/rr/payments")
        .header("Cookie", &ada.cookie)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN, "no CSRF token");
    let no_session = s
        .req(Method::GET, "/gateway/rr/payments")
        .send()
        .await
        .unwrap();
    assert_eq!(no_session.status(), StatusCode::UNAUTHORIZED);
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    let expired = ada
        .on(s.req(Method::GET, "/gateway/rr/payments"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        expired.status(),
        StatusCode::UNAUTHORIZED,
        "an expired session"
    );
}

#[tokio::test]
async fn every_write_is_recorded_and_listed_newest_first() {
    let s = start(Duration::from_secs(600)).await;
    let ada = s.sign_in("ada").await;
    let made: Value = ada
        .on(s.req(Method::POST, "/gateway/rr/payments"))
        .json(&json!({"contact_id": "c_audit", "amount": "4.00"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = made["id"].to_string();
    let r = ada
        .on(s.req(Method::PUT, &format!("/gateway/rr/payments/{id}")))
        .json(&json!({"amount": "5.00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = ada
        .on(s.req(Method::DELETE, &format!("/gateway/rr/payments/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let rows: Value = ada
        .on(s.req(Method::GET, "/gateway/activity?person=ada&connection=rr"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rows["total"], json!(3));
    let rows = rows["rows"].as_array().unwrap();
    let shape: Vec<(&str, u64, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["method"].as_str().unwrap(),
                r["status"].as_u64().unwrap(),
                r["payment_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            ("DELETE", 204, id.as_str()),
            ("PUT", 200, id.as_str()),
            ("POST", 201, id.as_str())
        ]
    );
    assert!(rows.iter().all(|r| r["person"] == json!("ada")));
    let none: Value = ada
        .on(s.req(Method::GET, "/gateway/activity?person=vic"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(none["rows"], json!([]));
    assert_eq!(none["total"], json!(0));
    let csv = ada
        .on(s.req(Method::GET, "/gateway/activity.csv?connection=rr"))
        .send()
        .await
        .unwrap();
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = csv.text().await.unwrap();
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(csv.starts_with(
        "\u{feff}seq,at,person,connection,kind,method,path,outcome,status,payment_id"
    ));
}

#[tokio::test]
async fn a_vendor_rate_limit_passes_through_and_a_silent_vendor_is_a_502() {
    let s = start(Duration::from_secs(600)).await;
    let ada = s.sign_in("ada").await;
    let r = ada
        .on(s.req(Method::GET, "/gateway/limited/payments"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "1");
    let r = ada
        .on(s.req(Method::GET, "/gateway/gone/payments"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_GATEWAY);
    let body: Value = r.json().await.unwrap();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("The vendor did not answer"),
        "{body}"
    );
}

#[tokio::test]
async fn repeated_failed_sign_ins_are_slowed_down() {
    let s = start(Duration::from_secs(600)).await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let r = s
            .req(Method::POST, "/gateway/sign-in")
            .json(&json!({"name": "ada", "password": "wrong"}))
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(r.headers().get("retry-after").is_some());
        }
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429]);
    let r = s
        .client
        .post(format!("{}/gateway/sign-in", s.base))
        .header("Origin", "https://evil.example")
        .json(&json!({"name": "vic", "password": "correct horse"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "no signing in from another site"
    );
}

/// Any bytes in the vendor path, the query and the body, with any method,
/// signed in as an editor: the gateway answers each with a refusal or the
/// vendor's own answer, never a 5xx of its own, and refusals are JSON.
#[test]
fn fuzzed_gateway_requests_are_refused_or_forwarded_never_broken() {
    use proptest::prelude::*;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let s = rt.block_on(start(Duration::from_secs(600)));
    let ada = rt.block_on(s.sign_in("ada"));
    let encoded = |bytes: &[u8]| {
        bytes
            .iter()
            .map(|b| format!("%{b:02X}"))
            .collect::<String>()
    };
    proptest!(ProptestConfig::with_cases(128), |(
        connection in prop::sample::select(vec!["rr", "gifts", "shop", "nowhere"]),
        raw in prop::collection::vec(any::<u8>(), 0..24),
        plain in "[a-z./%0-9]{0,16}",
        body in prop::collection::vec(any::<u8>(), 0..128),
        method in prop::sample::select(vec!["GET", "POST", "PUT", "PATCH", "DELETE"]),
    )| {
        let path = format!("/gateway/{connection}/payments/{}{plain}?q={}", encoded(&raw), encoded(&raw));
        let r = rt.block_on(ada.on(s.req(Method::from_bytes(method.as_bytes()).unwrap(), &path)).body(body.clone()).send());
        let r = r.unwrap();
        let status = r.status().as_u16();
        let text = rt.block_on(r.text()).unwrap();
        prop_assert!(status < 500, "{} {} answered {}: {}", method, path, status, text);
        if status >= 400 && !text.is_empty() {
            prop_assert!(serde_json::from_str::<Value>(&text).is_ok(), "{} {}: {}", method, path, text);
        }
    });
}
