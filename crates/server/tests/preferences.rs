//! Settings kept per person in the gateway's store (a list's columns,
//! saved views): each person reads only their own, from any browser they
//! sign in on; writes need the console's own page; keys, sizes and counts
//! are bounded, so a burst of writes cannot fill the store.

mod common;

use common::{Front, Signed};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn config(vendor: &str) -> payments_server::gateway::config::GatewayConfig {
    common::parse(&format!(
        "{}{}",
        common::reviewrover("rr", &format!("{vendor}/reviewrover/api/v1")),
        common::accounts(&[("ada", "editor"), ("bob", "viewer")])
    ))
}

async fn all(f: &Front, who: &Signed) -> Value {
    let r = who
        .on(f.req(Method::GET, "/gateway/preferences"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-store");
    r.json().await.unwrap()
}

async fn put(f: &Front, who: &Signed, key: &str, body: String) -> StatusCode {
    who.on(f.req(Method::PUT, &format!("/gateway/preferences/{key}")))
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn each_person_keeps_their_own_settings_from_any_browser() {
    let f = Front::start(config).await;
    let ada = f.sign_in("ada").await;
    let views = json!([{"name": "Pending this week", "place": "/c/rr?status=pending"}]);
    assert_eq!(
        put(&f, &ada, "views", views.to_string()).await,
        StatusCode::NO_CONTENT
    );
    let columns = json!(["id", "amount", "field:currency"]);
    assert_eq!(
        put(&f, &ada, "columns:rr", columns.to_string()).await,
        StatusCode::NO_CONTENT
    );
    // Another browser: another sign-in, the same settings.
    let elsewhere = f.sign_in("ada").await;
    assert_ne!(elsewhere.cookie, ada.cookie);
    assert_eq!(
        all(&f, &elsewhere).await,
        json!({"columns:rr": columns, "views": views})
    );
    // A viewer keeps settings too, and sees nobody else's.
    let bob = f.sign_in("bob").await;
    assert_eq!(all(&f, &bob).await, json!({}));
    assert_eq!(
        put(&f, &bob, "views", "[]".into()).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(all(&f, &ada).await["views"], views);
    // Replaced, then forgotten.
    assert_eq!(
        put(&f, &ada, "views", "[]".into()).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(all(&f, &ada).await["views"], json!([]));
    let gone = ada
        .on(f.req(Method::DELETE, "/gateway/preferences/views"))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    assert_eq!(all(&f, &ada).await, json!({"columns:rr": columns}));
}

#[tokio::test]
async fn settings_are_refused_to_strangers_and_odd_requests() {
    let f = Front::start(config).await;
    let ada = f.sign_in("ada").await;
    // Signed out.
    let r = f
        .req(Method::GET, "/gateway/preferences")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // Another site's page, or no form token: refused, nothing kept.
    let forged = f
        .client
        .put(format!("{}/gateway/preferences/views", f.base))
        .header("Origin", "https://evil.example")
        .header("Cookie", &ada.cookie)
        .header("X-CSRF-Token", &ada.csrf)
        .body("[]")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let tokenless = f
        .req(Method::PUT, "/gateway/preferences/views")
        .header("Cookie", &ada.cookie)
        .body("[]")
        .send()
        .await
        .unwrap();
    assert_eq!(tokenless.status(), StatusCode::FORBIDDEN);
    // Odd keys and bodies.
    for key in ["Views", "a%20b", "..%2Fx", &"k".repeat(101)] {
        assert_eq!(
            put(&f, &ada, key, "[]".into()).await,
            StatusCode::BAD_REQUEST,
            "{key}"
        );
    }
    assert_eq!(
        put(&f, &ada, "views", "not json".into()).await,
        StatusCode::BAD_REQUEST
    );
    let big = json!(["x".repeat(70 * 1024)]).to_string();
    assert_eq!(
        put(&f, &ada, "views", big).await,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(all(&f, &ada).await, json!({}), "nothing was kept");
}

#[tokio::test]
async fn a_burst_of_new_keys_stops_at_the_limit_and_the_store_stays_small() {
    let f = Front::start(config).await;
    let ada = f.sign_in("ada").await;
    let limit = payments_server::gateway::handlers::preferences::MAX_KEYS;
    let value = json!(["y".repeat(30 * 1024)]).to_string();
    let mut refused = 0;
    for i in 0..limit + 20 {
        let status = put(&f, &ada, &format!("columns:c{i}"), value.clone()).await;
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            refused += 1;
        } else {
            assert_eq!(status, StatusCode::NO_CONTENT, "key {i}");
        }
    }
    assert_eq!(refused, 20, "every key past {limit} is refused");
    // Replacing a kept key still works at the limit.
    assert_eq!(
        put(&f, &ada, "columns:c0", "[]".into()).await,
        StatusCode::NO_CONTENT
    );
    let kept = all(&f, &ada).await;
    assert_eq!(kept.as_object().map(|o| o.len() as i64), Some(limit));
    // At most MAX_KEYS values of 30 KiB here: the refused ones were not kept.
    let bytes = std::fs::metadata(&f.store_path)
        .map(|m| m.len())
        .unwrap_or(0);
    assert!(bytes < (limit as u64 + 20) * 32 * 1024, "{bytes} bytes");
}
