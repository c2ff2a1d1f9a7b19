//! HTTP-level tests of the sandbox's ReviewRover API: every endpoint, the
//! auth rule, the documented bounds and the error envelope.

mod common;

use common::{temp_db, Sandbox};
use payments_sandbox::reviewrover::DEMO_COUNT as REVIEWROVER_COUNT;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const TOKEN: &str = "Bearer rr_demo_token";
const BASE: &str = "/reviewrover/api/v1/payments";

async fn get_json(client: &Client, url: &str) -> (StatusCode, Value) {
    let r = client
        .get(url)
        .header("Authorization", TOKEN)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn lists_default_to_25_per_page_newest_first() {
    let sb = Sandbox::start(temp_db()).await;
    let (status, body) = get_json(&Client::new(), &sb.url(BASE)).await;
    assert_eq!(status, StatusCode::OK);
    let items = body["payments"].as_array().unwrap();
    assert_eq!(items.len(), 25);
    assert_eq!(body["pagination"]["page"], json!(1));
    assert_eq!(body["pagination"]["limit"], json!(25));
    assert_eq!(body["pagination"]["total"], json!(REVIEWROVER_COUNT));
    assert_eq!(
        body["pagination"]["total_pages"],
        json!(REVIEWROVER_COUNT.div_ceil(25))
    );
    let first = items[0]["id"].as_i64().unwrap();
    let second = items[1]["id"].as_i64().unwrap();
    assert!(first > second, "newest first");
    assert!(
        items[0]["amount"].is_string(),
        "amounts are decimal strings"
    );
}

#[tokio::test]
async fn page_limit_and_status_filter() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let (_, p1) = get_json(&c, &sb.url(&format!("{BASE}?page=1&limit=100"))).await;
    let (_, p3) = get_json(&c, &sb.url(&format!("{BASE}?page=3&limit=100"))).await;
    assert_eq!(p1["payments"].as_array().unwrap().len(), 100);
    assert_eq!(
        p3["payments"].as_array().unwrap().len(),
        REVIEWROVER_COUNT - 200
    );
    let (_, beyond) = get_json(&c, &sb.url(&format!("{BASE}?page=99"))).await;
    assert_eq!(beyond["payments"], json!([]));
    let (_, refunded) = get_json(&c, &sb.url(&format!("{BASE}?status=refunded&limit=100"))).await;
    let items = refunded["payments"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|p| p["status"] == json!("refunded")));
    assert_eq!(refunded["pagination"]["total"], json!(items.len()));
}

#[tokio::test]
async fn out_of_range_pages_are_rejected_with_a_message() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    for q in ["limit=0", "limit=101", "limit=ten", "page=0", "page=-1"] {
        let (status, body) = get_json(&c, &sb.url(&format!("{BASE}?{q}"))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q}");
        assert!(
            body["error"].as_str().unwrap().contains("whole number"),
            "{q}: {body}"
        );
    }
}

#[tokio::test]
async fn bearer_auth_is_required() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let r = c.get(sb.url(BASE)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body: Value = r.json().await.unwrap();
    assert!(body["error"]
        .as_str()
        .unwrap()
        .contains("Missing API token"));
    let r = c
        .get(sb.url(BASE))
        .header("Authorization", "Bearer nope")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = c.delete(sb.url(&format!("{BASE}/1"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn retrieve_by_id_or_external_id() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let (status, by_ext) = get_json(&c, &sb.url(&format!("{BASE}/pay_0002"))).await;
    assert_eq!(status, StatusCode::OK);
    let id = by_ext["id"].as_i64().unwrap();
    let (_, by_id) = get_json(&c, &sb.url(&format!("{BASE}/{id}"))).await;
    assert_eq!(by_id, by_ext);
    let (status, body) = get_json(&c, &sb.url(&format!("{BASE}/nope_404"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"].as_str().unwrap().contains("nope_404"));
}

#[tokio::test]
async fn the_documented_form_encoded_create_works_verbatim() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    // curl … -d contact_id="cont_KYdl3lftgZXGRbxqoj" -d external_id="pay_001" -d amount=75.00 -d status="completed"
    let r = c
        .post(sb.url(BASE))
        .header("Authorization", TOKEN)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(
            "contact_id=cont_KYdl3lftgZXGRbxqoj&external_id=pay_001&amount=75.00&status=completed",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["external_id"], json!("pay_001"));
    assert_eq!(p["amount"], json!("75.00"));
    assert_eq!(p["status"], json!("completed"));
    assert_eq!(
        p["event_date"], p["created_at"],
        "event_date defaults to created_at"
    );
    // curl -X PUT …/payments/1 -d status="refunded"
    let id = p["id"].as_i64().unwrap();
    let r = c
        .put(sb.url(&format!("{BASE}/{id}")))
        .header("Authorization", TOKEN)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("status=refunded")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["status"], json!("refunded"));
    assert_eq!(p["amount"], json!("75.00"), "unchanged fields stay");
    // curl -X DELETE …/payments/1
    let r = c
        .delete(sb.url(&format!("{BASE}/{id}")))
        .header("Authorization", TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (status, _) = get_json(&c, &sb.url(&format!("{BASE}/{id}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn invalid_input_names_the_fields() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let post = |body: &'static str, ct: &'static str| {
        c.post(sb.url(BASE))
            .header("Authorization", TOKEN)
            .header("Content-Type", ct)
            .body(body)
            .send()
    };
    let r = post(
        r#"{"amount": "-3", "event_date": "someday"}"#,
        "application/json",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body["errors"]["contact_id"],
        json!(["Contact ID is required."])
    );
    assert_eq!(
        body["errors"]["amount"],
        json!(["Amount cannot be negative."])
    );
    assert!(body["errors"]["event_date"].is_array());
    let r = post("{oops", "application/json").await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = post(r#"{"contact_id": 5, "amount": true}"#, "application/json")
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = post(
        r#"{"contact_id": "c", "external_id": "pay_0003"}"#,
        "application/json",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert!(body["errors"]["external_id"][0]
        .as_str()
        .unwrap()
        .contains("already used"));
}

#[tokio::test]
async fn data_survives_a_restart() {
    let db = temp_db();
    let created_id = {
        let sb = Sandbox::start(db.clone()).await;
        let r = Client::new()
            .post(sb.url(BASE))
            .header("Authorization", TOKEN)
            .json(&json!({"contact_id": "cont_restart", "external_id": "restart_1", "amount": "12.34"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
    };
    let sb = Sandbox::start(db).await;
    let (status, p) = get_json(&Client::new(), &sb.url(&format!("{BASE}/restart_1"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(p["id"], json!(created_id));
    assert_eq!(p["amount"], json!("12.34"));
    let (_, list) = get_json(&Client::new(), &sb.url(BASE)).await;
    assert_eq!(
        list["pagination"]["total"],
        json!(REVIEWROVER_COUNT + 1),
        "not seeded twice"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_and_updates_lose_nothing() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let mut tasks = Vec::new();
    for i in 0..40 {
        let c = c.clone();
        let url = sb.url(BASE);
        tasks.push(tokio::spawn(async move {
            let r = c
                .post(&url)
                .header("Authorization", TOKEN)
                .json(&json!({"contact_id": format!("cont_{i}"), "external_id": format!("conc_{i}"), "amount": "1.00"}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::CREATED);
            let r = c
                .put(format!("{url}/conc_{i}"))
                .header("Authorization", TOKEN)
                .json(&json!({"amount": format!("{i}.50"), "status": "completed"}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK);
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let (_, list) = get_json(&c, &sb.url(BASE)).await;
    assert_eq!(list["pagination"]["total"], json!(REVIEWROVER_COUNT + 40));
    for i in 0..40 {
        let (status, p) = get_json(&c, &sb.url(&format!("{BASE}/conc_{i}"))).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(p["amount"], json!(format!("{i}.50")));
    }
}

#[tokio::test]
async fn offers_the_demo_connection_and_allows_local_origins_only() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let list: Value = c
        .get(sb.url("/sandbox/connections.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["vendor"], json!("reviewrover"));
    assert_eq!(list[0]["name"], json!("ReviewRover"));
    let r = c
        .request(reqwest::Method::OPTIONS, sb.url(BASE))
        .header("Origin", "http://127.0.0.1:9999")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some("http://127.0.0.1:9999")
    );
    let r = c
        .request(reqwest::Method::OPTIONS, sb.url(BASE))
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "GET")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
}
