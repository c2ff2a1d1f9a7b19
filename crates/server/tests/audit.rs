//! Every write attempt is in the audit log, with what it sent: forwarded
//! writes (their row written first, completed with the vendor's answer
//! even when the browser gave up), and refused ones with the reason. If
//! the row cannot be written, nothing is forwarded.

mod common;

use std::time::Duration;

use common::Front;
use payments_server::gateway::config::GatewayConfig;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn config(vendor: &str) -> GatewayConfig {
    common::parse(&format!(
        "{}{}{}",
        common::reviewrover("rr", &format!("{vendor}/reviewrover/api/v1")),
        common::reviewrover(
            "slow",
            &format!("{vendor}/sandbox/faults/slow/3000/reviewrover/api/v1")
        ),
        common::accounts(&[("ada", "editor"), ("vic", "viewer")])
    ))
}

fn field<'a>(row: &'a Value, list: &str, name: &str) -> Option<&'a str> {
    row[list]
        .as_array()?
        .iter()
        .find(|kv| kv[0] == name)
        .and_then(|kv| kv[1].as_str())
}

async fn create(f: &Front, who: &common::Signed, amount: &str) -> String {
    let made: Value = who
        .on(f.req(Method::POST, "/gateway/rr/payments"))
        .json(&json!({"contact_id": "c_audit", "amount": amount, "status": "pending"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    made["id"].to_string()
}

#[tokio::test]
async fn rows_hold_what_was_sent_and_what_an_edit_changed() {
    let f = Front::start(config).await;
    let ada = f.sign_in("ada").await;
    let id = create(&f, &ada, "98.76").await;
    let r = ada
        .on(f.req(Method::PUT, &format!("/gateway/rr/payments/{id}")))
        .json(&json!({"amount": "5.00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let rows = f
        .activity(&ada, &format!("connection=rr&payment={id}"))
        .await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    let (edit, made) = (&rows[0], &rows[1]);
    assert_eq!(
        (
            made["kind"].as_str(),
            made["outcome"].as_str(),
            made["status"].as_u64()
        ),
        (Some("create"), Some("answered"), Some(201))
    );
    assert_eq!(field(made, "sent", "amount"), Some("98.76"));
    assert_eq!(field(made, "sent", "status"), Some("pending"));
    assert_eq!(edit["kind"], "edit");
    assert_eq!(field(edit, "sent", "amount"), Some("5.00"));
    assert_eq!(field(edit, "before", "amount"), Some("98.76"), "{edit}");
    let all = serde_json::to_string(&f.activity(&ada, "").await).unwrap();
    assert!(!all.contains("rr_demo_token"), "{all}");
}

#[tokio::test]
async fn refused_attempts_are_recorded_with_the_reason() {
    let f = Front::start(config).await;
    let (ada, vic) = (f.sign_in("ada").await, f.sign_in("vic").await);
    let body = json!({"contact_id": "c_refused", "amount": "1.00"});
    let viewer = vic
        .on(f.req(Method::POST, "/gateway/rr/payments"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(viewer.status(), StatusCode::FORBIDDEN);
    let no_token = f
        .req(Method::POST, "/gateway/rr/payments")
        .header("Cookie", &ada.cookie)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    let off_list = ada
        .on(f.req(Method::PATCH, "/gateway/rr/payments/1"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(off_list.status(), StatusCode::FORBIDDEN);
    let too_big = ada
        .on(f.req(Method::POST, "/gateway/rr/payments"))
        .header("Content-Type", "application/json")
        .body(vec![b' '; 2 << 20])
        .send()
        .await
        .unwrap();
    assert_eq!(too_big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let rows = f.activity(&ada, "").await;
    let seen: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["person"].as_str().unwrap(),
                r["reason"]["code"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(seen.len(), 4, "{seen:?}");
    assert!(rows
        .iter()
        .all(|r| r["outcome"] == "refused" && r["status"].is_null()));
    assert_eq!(seen[0].1, "body_too_large", "{seen:?}");
    assert_eq!(seen[1].1, "not_forwarded", "{seen:?}");
    assert_eq!(rows[1]["reason"]["args"]["method"], "PATCH");
    assert_eq!(seen[2].1, "no_form_token", "{seen:?}");
    assert_eq!(seen[3], ("vic", "role_reads_only"));
    assert_eq!(rows[3]["reason"]["args"]["role"], "viewer");
    assert_eq!(field(&rows[3], "sent", "amount"), Some("1.00"));
}

#[tokio::test]
async fn a_write_whose_browser_gave_up_is_recorded_with_the_vendor_s_answer() {
    let f = Front::start(config).await;
    let ada = f.sign_in("ada").await;
    let id = create(&f, &ada, "3.00").await;
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let gave_up = impatient
        .delete(format!("{}/gateway/slow/payments/{id}", f.base))
        .header("Origin", &f.base)
        .header("Cookie", &ada.cookie)
        .header("X-CSRF-Token", &ada.csrf)
        .send()
        .await;
    assert!(gave_up.is_err(), "the client gave up first");
    let pending = f.activity(&ada, "connection=slow").await;
    assert_eq!(
        pending[0]["outcome"], "pending",
        "written before the vendor answered"
    );
    let mut row = Value::Null;
    for _ in 0..100 {
        row = f.activity(&ada, "connection=slow").await.remove(0);
        if row["outcome"] != "pending" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        (
            row["kind"].as_str(),
            row["outcome"].as_str(),
            row["status"].as_u64()
        ),
        (Some("delete"), Some("answered"), Some(204)),
        "{row}"
    );
    assert_eq!(row["payment_id"].as_str(), Some(id.as_str()));
    let gone = ada
        .on(f.req(Method::GET, &format!("/gateway/rr/payments/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn nothing_is_forwarded_when_its_row_cannot_be_written() {
    let f = Front::start(config).await;
    let ada = f.sign_in("ada").await;
    let count = || async {
        let v: Value = ada
            .on(f.req(Method::GET, "/gateway/rr/payments?limit=1"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["pagination"]["total"].as_u64().unwrap()
    };
    let before = count().await;
    rusqlite::Connection::open(&f.store_path)
        .unwrap()
        .execute_batch("DROP TABLE audit_log")
        .unwrap();
    let r = ada
        .on(f.req(Method::POST, "/gateway/rr/payments"))
        .json(&json!({"contact_id": "c_unlogged", "amount": "2.00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = r.json().await.unwrap();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("Nothing was sent"),
        "{body}"
    );
    assert_eq!(count().await, before, "the vendor never saw it");
}

#[tokio::test]
async fn a_plus_in_a_payment_id_is_recorded_as_the_vendor_reads_it() {
    let f = Front::start(config).await;
    let ada = f.sign_in("ada").await;
    let r = ada
        .on(f.req(Method::DELETE, "/gateway/rr/payments/inv+7"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let rows = f.activity(&ada, "payment=inv%2B7").await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["payment_id"], "inv+7");
    assert_eq!(rows[0]["status"], 404);
}
