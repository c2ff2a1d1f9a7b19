//! HTTP-level tests of the sandbox's Whop API.

mod common;

use common::{temp_db, Sandbox};
use payments_sandbox::demo::Mode;
use payments_sandbox::whop::{DEMO_COMPANY, DEMO_COUNT, DEMO_USER};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const APP: &str = "Bearer whop_demo_app_key";
const ME: &str = "Bearer whop_demo_user_token";

async fn get(sb: &Sandbox, path: &str, auth: &str) -> (StatusCode, Value) {
    let r = Client::new()
        .get(sb.url(&format!("/whop/api/v5{path}")))
        .header("Authorization", auth)
        .send()
        .await
        .unwrap();
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn app_lists_page_with_next_and_prev() {
    let sb = Sandbox::start(temp_db()).await;
    let (s, first) = get(&sb, "/app/payments", APP).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        first["data"].as_array().unwrap().len(),
        10,
        "per defaults to 10"
    );
    assert_eq!(first["pagination"]["total_count"], json!(DEMO_COUNT));
    assert_eq!(first["pagination"]["prev_page"], Value::Null);
    assert_eq!(first["pagination"]["next_page"], json!(2));
    let (_, last) = get(&sb, "/app/payments?per=50&page=6", APP).await;
    assert_eq!(last["pagination"]["next_page"], Value::Null);
    assert_eq!(last["pagination"]["prev_page"], json!(5));
    assert_eq!(last["data"].as_array().unwrap().len(), DEMO_COUNT - 250);
    let p = &first["data"][0];
    assert!(p["created_at"].is_i64(), "epoch seconds");
    assert!(p["final_amount"].is_number());
    assert_eq!(
        p["currency"].as_str().unwrap(),
        p["currency"].as_str().unwrap().to_lowercase()
    );
    for (q, s) in [
        ("per=51", 400),
        ("per=0", 400),
        ("page=0", 400),
        ("in_app_payments=maybe", 400),
    ] {
        assert_eq!(
            get(&sb, &format!("/app/payments?{q}"), APP)
                .await
                .0
                .as_u16(),
            s,
            "{q}"
        );
    }
}

#[tokio::test]
async fn filters_and_scopes() {
    let sb = Sandbox::start(temp_db()).await;
    let (_, by_product) = get(&sb, "/app/payments?per=50&product_id=prod_course", APP).await;
    assert!(by_product["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["product_id"] == json!("prod_course")));
    let (_, in_app) = get(&sb, "/app/payments?per=50&in_app_payments=true", APP).await;
    assert!(in_app["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["line_item_id"].is_string()));
    let (_, not_in_app) = get(&sb, "/app/payments?per=50&in_app_payments=false", APP).await;
    assert!(not_in_app["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["line_item_id"].is_null()));
    let (_, company) = get(&sb, "/company/payments?per=50", APP).await;
    let rows = company["data"].as_array().unwrap();
    assert!(!rows.is_empty() && rows.iter().all(|p| p["company_id"] == json!(DEMO_COMPANY)));
    let (_, by_company) = get(&sb, "/app/payments?per=50&company_id=biz_kite", APP).await;
    assert!(by_company["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["company_id"] == json!("biz_kite")));
    let (s, me) = get(&sb, "/me/payments?per=50", ME).await;
    assert_eq!(s, StatusCode::OK);
    let mine = me["data"].as_array().unwrap();
    assert!(!mine.is_empty() && mine.iter().all(|p| p["user_id"] == json!(DEMO_USER)));
    let id = mine[0]["id"].as_str().unwrap();
    assert_eq!(
        get(&sb, &format!("/me/payments/{id}"), ME).await.1["id"],
        json!(id)
    );
    assert_eq!(
        get(&sb, &format!("/app/payments/{id}"), APP).await.1["id"],
        json!(id)
    );
    let other = rows
        .iter()
        .find(|p| p["user_id"] != json!(DEMO_USER))
        .unwrap()["id"]
        .as_str()
        .unwrap();
    assert_eq!(
        get(&sb, &format!("/me/payments/{other}"), ME).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&sb, "/app/payments/pay_nope", APP).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn keys_are_checked_per_scope() {
    let sb = Sandbox::start(temp_db()).await;
    assert_eq!(get(&sb, "/me/payments", APP).await.0, StatusCode::FORBIDDEN);
    assert_eq!(get(&sb, "/app/payments", ME).await.0, StatusCode::FORBIDDEN);
    let (s, body) = get(&sb, "/app/payments", "Bearer wrong").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(body["message"].is_string());
    let r = Client::new()
        .get(sb.url("/whop/api/v5/app/payments"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_twenty_first_request_in_ten_seconds_is_rate_limited() {
    let mut config = common::config(temp_db(), None, Mode::BrowserOnly);
    config.data.rate_limit = 20;
    let (base, _task) = common::spawn(config).await;
    let addr = base.trim_start_matches("http://");
    let c = Client::new();
    let url = format!("http://{addr}/whop/api/v5/app/payments?per=1");
    for i in 0..20 {
        let r = c
            .get(&url)
            .header("Authorization", APP)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "request {i}");
    }
    let r = c
        .get(&url)
        .header("Authorization", APP)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=10).contains(&wait));
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"message": "You are being rate limited"})
    );
    // Another key has its own window.
    let r = c
        .get(format!("http://{addr}/whop/api/v5/me/payments"))
        .header("Authorization", ME)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}
