//! What an operations team needs of the server: `/healthz` and `/readyz`
//! for load balancers (503 when the store does not answer), `/metrics` in
//! Prometheus' text format for the addresses allowed only, a request id
//! on every answer that reaches the vendor and names the request in the
//! gateway's own messages, and one JSON log line per request that holds
//! no secret and no cookie.

mod common;

use std::sync::Arc;

use common::{Front, Process};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn config_text(vendor: &str) -> String {
    format!(
        "{}{}",
        common::reviewrover("rr", &format!("{vendor}/reviewrover/api/v1")),
        common::accounts(&[("ada", "editor")])
    )
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let f = Front::start(|v| common::parse(&config_text(v))).await;
    let c = Client::new();
    let health = c.get(f.server.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let ready = c.get(f.server.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    let ada = f.sign_in("ada").await;
    let wrong = f
        .req(Method::POST, "/gateway/sign-in")
        .json(&json!({"name": "ada", "password": "wrong"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let listed = ada
        .on(f.req(Method::GET, "/gateway/rr/payments?limit=2"))
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), StatusCode::OK);
    let made = ada
        .on(f.req(Method::POST, "/gateway/rr/payments"))
        .json(&json!({"contact_id": "c_ops", "amount": "1.00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), StatusCode::CREATED);
    let text = c
        .get(f.server.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for line in [
        "payments_requests_total{route=\"/gateway/sign-in\",status=\"200\"} 1",
        "payments_requests_total{route=\"/gateway/sign-in\",status=\"401\"} 1",
        "payments_sign_ins_total{outcome=\"signed in\"} 1",
        "payments_sign_ins_total{outcome=\"wrong password\"} 1",
        "payments_forwarded_total{connection=\"rr\",method=\"GET\"} 1",
        "payments_forwarded_total{connection=\"rr\",method=\"POST\"} 1",
        "payments_vendor_answers_total{connection=\"rr\",status=\"201\"} 1",
        "payments_audit_writes_total{result=\"written\"} 2",
        "payments_store_errors_total 0",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
    }
    assert!(
        text.contains("payments_vendor_duration_seconds_count{connection=\"rr\"} 2"),
        "{text}"
    );
    assert!(!text.contains("rr_demo_token"));

    // A store that does not answer: not ready, and counted.
    rusqlite::Connection::open(&f.store_path)
        .unwrap()
        .execute_batch("DROP TABLE audit_head")
        .unwrap();
    let ready = c.get(f.server.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = ready.json().await.unwrap();
    assert!(
        body["message"].as_str().unwrap().contains("store"),
        "{body}"
    );
    assert_eq!(
        c.get(f.server.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn metrics_answer_only_the_addresses_allowed() {
    let vendor = common::vendor().await;
    let gw = payments_server::Gateway::new(
        common::parse(&config_text(&vendor.base)),
        payments_server::gateway::store::Store::in_memory()
            .await
            .unwrap(),
    )
    .unwrap();
    let policy = payments_server::policy::Policy {
        metrics_from: vec!["127.0.0.1".parse().unwrap()],
        ..Default::default()
    };
    let app = payments_server::router(
        payments_server::ServerState::new(policy),
        Some(Arc::new(gw)),
        None,
        None,
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(payments_server::serve(
        listener,
        app,
        std::future::pending(),
    ));
    let from = |ip: [u8; 4]| {
        Client::builder()
            .local_address(std::net::IpAddr::from(ip))
            .build()
            .unwrap()
    };
    let allowed = from([127, 0, 0, 1])
        .get(format!("http://{addr}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), StatusCode::OK);
    let other = from([127, 0, 6, 1])
        .get(format!("http://{addr}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
}

/// A stand-in vendor that records the head of the one request it gets
/// and answers 200 with an empty list.
async fn recording_vendor() -> (String, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let (mut s, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 8192];
        let mut head = Vec::new();
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = s.read(&mut buf).await.unwrap();
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buf[..n]);
        }
        let body = r#"{"payments":[],"pagination":{"page":1,"limit":25,"total":0}}"#;
        let answer = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        s.write_all(answer.as_bytes()).await.unwrap();
        String::from_utf8_lossy(&head).to_lowercase()
    });
    (format!("http://{addr}"), task)
}

#[tokio::test]
async fn a_request_id_reaches_the_vendor_and_names_the_gateway_s_refusals() {
    let (vendor, recorded) = recording_vendor().await;
    let f = Front::start(|_| common::parse(&config_text(&vendor))).await;
    let ada = f.sign_in("ada").await;
    let r = ada
        .on(f.req(Method::GET, "/gateway/rr/payments"))
        .send()
        .await
        .unwrap();
    let id = r.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 32);
    let head = recorded.await.unwrap();
    assert!(head.contains(&format!("x-request-id: {id}")), "{head}");
    let refused = ada
        .on(f.req(Method::GET, "/gateway/rr/admin"))
        .send()
        .await
        .unwrap();
    let id = refused.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["request_id"], json!(id));
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .ends_with(&format!("(request {id})")),
        "{body}"
    );
}

#[tokio::test]
async fn one_json_line_per_request_and_no_secret_or_cookie_in_the_log() {
    let vendor = common::vendor().await;
    let p = Process::start(&config_text(&vendor.base), &[("RR", "rr_demo_token")], &[]).await;
    let c = Client::new();
    let cookie = p.sign_in("ada").await.cookie;
    let token = cookie.split('=').nth(1).unwrap().to_string();
    let r = c
        .get(p.url("/gateway/rr/payments?limit=1"))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    let id = r.headers()["x-request-id"].to_str().unwrap().to_string();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let printed = p.printed();
    let line = printed
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v["fields"]["request_id"] == json!(id))
        .unwrap_or_else(|| panic!("a JSON line for {id} in\n{printed}"));
    assert_eq!(
        line["fields"]["route"],
        json!("/gateway/{connection}/{*path}")
    );
    assert_eq!(line["fields"]["status"], json!(200));
    for secret in ["rr_demo_token", "correct horse", token.as_str()] {
        assert!(!printed.contains(secret), "{secret} in the log");
    }
}
