//! The sandbox keeps its data whole under legal input: a reference in
//! use is a clear 4xx, ids past what exists are refused rather than
//! stored as something else, and the id of a deleted payment is never
//! given to a new one.

mod common;

use common::{temp_db, Sandbox};
use payments_sandbox::twocloud::FIRST_ID;
use reqwest::{Client, RequestBuilder, StatusCode};
use serde_json::{json, Value};

async fn send(r: RequestBuilder) -> (StatusCode, Value) {
    let r = r.send().await.unwrap();
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

fn rr(r: RequestBuilder) -> RequestBuilder {
    r.header("Authorization", "Bearer rr_demo_token")
}

#[tokio::test]
async fn a_reviewrover_external_id_in_use_is_a_422_naming_the_field() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let url = sb.url("/reviewrover/api/v1/payments");
    // "150" is also the numeric id of another payment: the check must
    // still look at external ids.
    for ext in ["dup-1", "150"] {
        let body = json!({"contact_id": "c", "amount": "1.00", "external_id": ext});
        let (s, _) = send(rr(c.post(&url)).json(&body)).await;
        assert_eq!(s, StatusCode::CREATED, "{ext}");
        let (s, again) = send(rr(c.post(&url)).json(&body)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{ext}: {again}");
        assert!(again["errors"]["external_id"][0]
            .as_str()
            .unwrap()
            .contains("already used"));
    }
}

/// Creates with `post`, deletes the newest, creates again: the new id
/// must differ from the deleted one.
async fn id_after_delete(
    create: impl Fn() -> RequestBuilder,
    delete: impl Fn(&str) -> RequestBuilder,
    id_of: fn(&Value) -> String,
) -> (String, String) {
    let (s, first) = send(create()).await;
    assert!(s.is_success(), "{first}");
    let gone = id_of(&first);
    let (s, _) = send(delete(&gone)).await;
    assert!(s.is_success());
    let (s, second) = send(create()).await;
    assert!(s.is_success(), "{second}");
    (gone, id_of(&second))
}

#[tokio::test]
async fn ids_of_deleted_payments_are_never_given_again() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let rr_url = sb.url("/reviewrover/api/v1/payments");
    let (gone, new) = id_after_delete(
        || rr(c.post(&rr_url)).json(&json!({"contact_id": "c", "amount": "2.00"})),
        |id| rr(c.delete(format!("{rr_url}/{id}"))),
        |v| v["id"].to_string(),
    )
    .await;
    assert_ne!(gone, new, "ReviewRover");

    let bp = |r: RequestBuilder| r.header("Authorization", "Bearer bp_demo_token");
    let bp_base = sb.url("/billingplatform/backend/api/v1");
    let (gone, new) = id_after_delete(
        || {
            bp(c.post(format!("{bp_base}/customers/1001/payments/")))
                .json(&json!({"paymentDate": "2025-03-03", "paymentAmount": "9.00"}))
        },
        |id| bp(c.delete(format!("{bp_base}/payments/{id}"))),
        |v| v["id"].as_str().unwrap_or_default().to_string(),
    )
    .await;
    assert_ne!(gone, new, "Billing Platform");

    let tc = |r: RequestBuilder| {
        r.basic_auth("admin", Some("admin-secret"))
            .header("From", "test")
    };
    let user = FIRST_ID as u64 + 100_002;
    let body = json!({"payment": {"amount": 300, "user_id": user, "funding_source_id": user + 1_000, "campaign": FIRST_ID as u64 + 200_000}});
    let tc_base = sb.url("/twocloud/payments");
    let (gone, new) = id_after_delete(
        || tc(c.post(&tc_base)).json(&body),
        |id| tc(c.delete(format!("{tc_base}/{id}"))),
        |v| v["payments"][0]["id"].to_string(),
    )
    .await;
    assert_ne!(gone, new, "2cloud");
}

#[tokio::test]
async fn two_cloud_ids_past_those_that_exist_are_refused_not_stored() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let ada = FIRST_ID as u64 + 100_002;
    let user = |r: RequestBuilder| r.basic_auth("ada", Some("ada-secret")).header("From", "t");
    let base = sb.url("/twocloud/payments");
    let body = json!({"payment": {"amount": 300, "user_id": ada, "funding_source_id": u64::MAX, "campaign": FIRST_ID as u64 + 200_000}});
    let (s, answer) = send(user(c.post(&base)).json(&body)).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(
        answer["errors"][0]["field"],
        json!("payment.funding_source_id")
    );
    // A plain user's own pending payment, "moved" to an id past 2^63.
    let body = json!({"payment": {"amount": 300, "user_id": ada, "funding_source_id": ada + 1_000, "campaign": FIRST_ID as u64 + 200_000}});
    let (s, made) = send(user(c.post(&base)).json(&body)).await;
    assert_eq!(s, StatusCode::CREATED, "{made}");
    let id = made["payments"][0]["id"].as_u64().unwrap();
    let (s, answer) =
        send(user(c.put(format!("{base}/{id}"))).json(&json!({"payment": {"user_id": u64::MAX}})))
            .await;
    assert!(s.is_client_error(), "{s}: {answer}");
    let (_, mine) = send(user(
        c.get(sb.url("/twocloud/users/ada/payments?count=100")),
    ))
    .await;
    let kept = mine["payments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"].as_u64() == Some(id))
        .expect("still ada's");
    assert_eq!(kept["user_id"].as_u64(), Some(ada), "never user 0");
}
