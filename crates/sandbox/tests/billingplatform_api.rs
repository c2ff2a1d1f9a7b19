//! HTTP-level tests of the sandbox's Billing Platform API.

mod common;

use common::{temp_db, Sandbox};
use payments_sandbox::billingplatform::DEMO_COUNT;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const AUTH: &str = "Bearer bp_demo_token";
const BASE: &str = "/billingplatform/backend/api/v1";

async fn get(sb: &Sandbox, path: &str) -> (StatusCode, Value) {
    let r = Client::new()
        .get(sb.url(&format!("{BASE}{path}")))
        .header("Authorization", AUTH)
        .send()
        .await
        .unwrap();
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

fn statuses(list: &Value) -> Vec<Vec<String>> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["status"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn valid_payments_by_default_reversed_on_request() {
    let sb = Sandbox::start(temp_db()).await;
    let (s, valid) = get(&sb, "/payments/").await;
    assert_eq!(s, StatusCode::OK);
    let (_, reversed) = get(&sb, "/payments/?reversed").await;
    let (_, all) = get(&sb, "/payments/?includeReversed=true").await;
    let (n_valid, n_rev, n_all) = (
        valid.as_array().unwrap().len(),
        reversed.as_array().unwrap().len(),
        all.as_array().unwrap().len(),
    );
    assert_eq!(n_all, DEMO_COUNT);
    assert_eq!(n_valid + n_rev, n_all);
    assert!(n_rev > 0);
    let has = |s: &Vec<String>, n: &str| s.contains(&n.to_string());
    assert!(statuses(&valid)
        .iter()
        .all(|s| !has(s, "Reversed") || has(s, "Reinstated")));
    assert!(
        statuses(&valid).iter().any(|s| has(s, "Reinstated")),
        "reinstated payments are valid"
    );
    assert!(statuses(&reversed)
        .iter()
        .all(|s| has(s, "Reversed") && !has(s, "Reinstated")));
    let (_, same) = get(&sb, "/payments/?reversed=1").await;
    assert_eq!(same, reversed);
    let (s, body) = get(&sb, "/payments/?reversed=maybe").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body["message"].as_str().unwrap().contains("flag"));
    // The documented field order.
    let keys: Vec<&str> = valid[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "ourReference",
            "customerReference",
            "paymentDate",
            "paymentReversedDate",
            "status",
            "paymentAmount",
            "paymentMethod",
            "invoiceID",
            "invoiceIDReversed",
            "id"
        ]
    );
}

#[tokio::test]
async fn all_eight_date_filters() {
    let sb = Sandbox::start(temp_db()).await;
    let (_, list) = get(&sb, "/payments/?minDate=2025-03-01&maxDate=2025-03-31").await;
    let dates: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["paymentDate"].as_str().unwrap())
        .collect();
    assert!(!dates.is_empty());
    assert!(
        dates
            .iter()
            .all(|d| ("2025-03-01"..="2025-03-31").contains(d)),
        "{dates:?}"
    );
    let (_, rev) = get(
        &sb,
        "/payments/?reversed&minReversedDate=2025-06-01&maxReversedDate=2025-08-31",
    )
    .await;
    assert!(rev.as_array().unwrap().iter().all(
        |p| ("2025-06-01"..="2025-08-31").contains(&p["paymentReversedDate"].as_str().unwrap())
    ));
    for (filter, flag) in [
        ("reversedSince", "includeReversed"),
        ("reinstatedSince", "includeReversed"),
        ("collectedSince", "includeReversed"),
        ("cancelledSince", "includeReversed"),
    ] {
        let (s, early) = get(
            &sb,
            &format!("/payments/?{flag}&{filter}=2025-01-01T00:00:00Z"),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{filter}");
        let (_, late) = get(
            &sb,
            &format!("/payments/?{flag}&{filter}=2025-09-01T00:00:00Z"),
        )
        .await;
        let (e, l) = (
            early.as_array().unwrap().len(),
            late.as_array().unwrap().len(),
        );
        assert!(e > 0 && l < e, "{filter}: {e} then {l}");
        let (s, body) = get(&sb, &format!("/payments/?{filter}=soon")).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{filter}");
        assert!(body["message"].as_str().unwrap().starts_with(filter));
    }
    let (s, _) = get(&sb, "/payments/?minDate=2025-13-01").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn customers_create_patch_delete() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let (s, mine) = get(&sb, "/customers/1003/payments/").await;
    assert_eq!(s, StatusCode::OK);
    let before = mine.as_array().unwrap().len();
    let (s, body) = get(&sb, "/customers/9999/payments/").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(body["message"].as_str().unwrap().contains("9999"));

    let r = c.post(sb.url(&format!("{BASE}/customers/1003/payments/"))).header("Authorization", AUTH)
        .json(&json!({"paymentDate": "2025-11-01", "paymentAmount": "42.5", "paymentMethod": "Card", "ourReference": "NEW-1"}))
        .send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["paymentAmount"], json!("42.50"));
    assert_eq!(p["status"], json!(["Pending"]));
    let id = p["id"].as_str().unwrap().to_string();
    let (_, mine) = get(&sb, "/customers/1003/payments/").await;
    assert_eq!(mine.as_array().unwrap().len(), before + 1);

    let r = c
        .patch(sb.url(&format!("{BASE}/payments/{id}")))
        .header("Authorization", AUTH)
        .json(&json!({"status": ["Collected", "Reversed"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["status"], json!(["Collected", "Reversed"]));
    assert!(p["paymentReversedDate"].is_string(), "reversal date set");
    let (_, reversed) = get(
        &sb,
        "/payments/?reversed&reversedSince=2025-11-01T00:00:00Z",
    )
    .await;
    assert!(reversed
        .as_array()
        .unwrap()
        .iter()
        .any(|q| q["id"] == json!(id)));

    let r = c
        .delete(sb.url(&format!("{BASE}/payments/{id}")))
        .header("Authorization", AUTH)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (s, _) = get(&sb, &format!("/payments/{id}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn invalid_input_and_auth() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let r = c
        .post(sb.url(&format!("{BASE}/customers/1001/payments/")))
        .header("Authorization", AUTH)
        .json(&json!({"paymentDate": "03/01/2025", "paymentAmount": "1.234", "colour": "red"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert!(body["errors"]["paymentDate"][0]
        .as_str()
        .unwrap()
        .contains("date"));
    assert!(body["errors"]["paymentAmount"][0]
        .as_str()
        .unwrap()
        .contains("decimal places"));
    assert_eq!(
        body["errors"]["colour"],
        json!(["colour cannot be set here."])
    );
    let r = c
        .post(sb.url(&format!("{BASE}/customers/1001/payments/")))
        .header("Authorization", AUTH)
        .header("Content-Type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = c
        .patch(sb.url(&format!("{BASE}/payments/PAY-00001")))
        .header("Authorization", AUTH)
        .json(&json!({"status": ["x".repeat(101)]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = c
        .get(sb.url(&format!("{BASE}/payments/")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = c
        .get(sb.url(&format!("{BASE}/payments/")))
        .header("Authorization", "Bearer no")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.json::<Value>().await.unwrap()["message"].is_string());
    let (s, p) = get(&sb, "/payments/PAY-00001").await;
    assert_eq!((s, p["id"].as_str()), (StatusCode::OK, Some("PAY-00001")));
}
