//! The server's security policy, attacked: pages carry a strict
//! Content-Security-Policy and the other security headers, a request for a
//! host name the server does not serve (DNS rebinding) is refused, and
//! violation reports are kept.

mod common;

use common::{temp_db, Sandbox};
use reqwest::Client;
use serde_json::{json, Value};

fn dist() -> std::path::PathBuf {
    let dist = std::env::temp_dir().join(format!("payments-policy-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>Payments Console</title>",
    )
    .unwrap();
    dist
}

#[tokio::test]
async fn pages_carry_a_strict_policy_and_every_answer_the_security_headers() {
    let sb = Sandbox::start_with(temp_db(), Some(dist())).await;
    let c = Client::new();
    let page = c.get(sb.url("/c/reviewrover")).send().await.unwrap();
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    for part in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'self'",
        "object-src 'none'",
    ] {
        assert!(csp.contains(part), "{part} in {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let api = c
        .get(sb.url("/reviewrover/api/v1/payments"))
        .header("Authorization", "Bearer rr_demo_token")
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 200);
    for r in [&page, &api] {
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        assert_eq!(r.headers()["referrer-policy"], "no-referrer");
    }
}

#[tokio::test]
async fn a_foreign_host_name_is_refused() {
    let sb = Sandbox::start_with(temp_db(), Some(dist())).await;
    let c = Client::new();
    for host in [
        "evil.test",
        "evil.test:8080",
        "127.0.0.1.evil.test",
        "localhost.evil.test",
    ] {
        for path in [
            "/",
            "/reviewrover/api/v1/payments",
            "/sandbox/connections.json",
        ] {
            let r = c
                .get(sb.url(path))
                .header("Host", host)
                .header("Authorization", "Bearer rr_demo_token")
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 421, "{host}{path}");
            let body: Value = r.json().await.unwrap();
            assert!(body["message"].as_str().unwrap().contains("host name"));
        }
    }
    let ok = c
        .get(sb.url("/sandbox/connections.json"))
        .header("Host", "localhost")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn violation_reports_are_kept() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let before: Vec<Value> = c
        .get(sb.url("/sandbox/csp-reports"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(before.is_empty());
    let report =
        json!({"csp-report": {"violated-directive": "style-src-elem", "blocked-uri": "inline"}});
    let r = c
        .post(sb.url("/csp-reports"))
        .header("Content-Type", "application/csp-report")
        .body(report.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let too_big = c
        .post(sb.url("/csp-reports"))
        .body("x".repeat(20_000))
        .send()
        .await
        .unwrap();
    assert_eq!(too_big.status(), 413);
    let after: Vec<Value> = c
        .get(sb.url("/sandbox/csp-reports"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(after, vec![report]);
}
