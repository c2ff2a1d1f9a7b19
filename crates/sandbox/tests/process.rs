//! The real binary: data written survives a kill -9 and a restart, and
//! `--reset` puts the demo set back.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const TOKEN: &str = "Bearer rr_demo_token";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start(db: &std::path::Path, extra: &[&str]) -> (Child, String) {
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_payments-sandbox"))
        .args(["--port", &port.to_string(), "--no-app", "--db"])
        .arg(db)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the sandbox starts");
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if Client::new()
            .get(format!("{base}/sandbox/connections.json"))
            .send()
            .await
            .is_ok()
        {
            return (child, base);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the sandbox did not start");
}

async fn total(base: &str) -> u64 {
    let v: Value = Client::new()
        .get(format!("{base}/reviewrover/api/v1/payments"))
        .header("Authorization", TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["pagination"]["total"].as_u64().unwrap()
}

#[tokio::test]
async fn survives_a_kill_and_resets_on_request() {
    let dir = std::env::temp_dir().join(format!("payments-server-kill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let db = dir.join("payments.sqlite3");

    let (mut child, base) = start(&db, &[]).await;
    let seeded = total(&base).await;
    let r = Client::new()
        .post(format!("{base}/reviewrover/api/v1/payments"))
        .header("Authorization", TOKEN)
        .json(&json!({"contact_id": "cont_kill", "external_id": "kill_1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    child.kill().unwrap(); // SIGKILL: no shutdown, no flush.
    child.wait().unwrap();

    let (mut child, base) = start(&db, &[]).await;
    assert_eq!(
        total(&base).await,
        seeded + 1,
        "the write survived the kill"
    );
    child.kill().unwrap();
    child.wait().unwrap();

    let (mut child, base) = start(&db, &["--reset"]).await;
    assert_eq!(total(&base).await, seeded, "--reset restores the demo set");
    let r = Client::new()
        .get(format!("{base}/reviewrover/api/v1/payments/kill_1"))
        .header("Authorization", TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    child.kill().unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

/// The sandbox runs the demo gateway: it hands out no credentials, and
/// signs in the demo accounts with the password given.
#[tokio::test]
async fn the_default_is_the_demo_gateway_which_hands_out_no_secret() {
    let db = std::env::temp_dir().join(format!(
        "payments-sandbox-gw-{}.sqlite3",
        std::process::id()
    ));
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_payments-sandbox"))
        .args(["--port", &port.to_string(), "--no-app", "--db"])
        .arg(&db)
        .env("PAYMENTS_DEMO_PASSWORD", "demo-pass")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let base = format!("http://127.0.0.1:{port}");
    let c = Client::new();
    let mut up = false;
    for _ in 0..100 {
        if c.get(format!("{base}/gateway/session"))
            .send()
            .await
            .is_ok()
        {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(up, "the server started");
    let offered = c
        .get(format!("{base}/sandbox/connections.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        offered.status(),
        StatusCode::NOT_FOUND,
        "no credentials handed out"
    );
    let signed = c
        .post(format!("{base}/gateway/sign-in"))
        .header("Origin", &base)
        .json(&json!({"name": "viewer", "password": "demo-pass"}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), StatusCode::OK);
    let _ = child.kill();
    let _ = child.wait();
}
