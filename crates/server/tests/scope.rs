//! A connection's scope is enforced by the gateway: a connection limited
//! to one customer, campaign or user reaches only that one's payments,
//! whatever path the browser sends, and a refused write is in the audit
//! log. Tested for every vendor that has scopes, against the simulators.

mod common;

use common::{Front, Signed};
use payments_server::gateway::config::GatewayConfig;
use reqwest::Method;
use serde_json::{json, Value};

fn config(vendor: &str, campaign: &str) -> GatewayConfig {
    let text = format!(
        r#"
        [[connections]]
        id = "bill"
        vendor = "billingplatform"
        name = "Harbour Dental"
        base_url = "{vendor}/billingplatform/backend/api/v1"
        scope = "customer"
        scope_id = "1001"
        credentials.token = {{ env = "BP" }}

        [[connections]]
        id = "gifts"
        vendor = "twocloud"
        name = "One campaign"
        base_url = "{vendor}/twocloud"
        scope = "campaign"
        scope_id = "{campaign}"
        credentials = {{ username = "admin", secret = {{ env = "TC" }}, device_id = "gw", access = "administrator" }}

        [[connections]]
        id = "mine"
        vendor = "whop"
        name = "My payments"
        base_url = "{vendor}/whop/api/v5"
        scope = "me"
        credentials.token = {{ env = "WHOP_USER" }}

        [[connections]]
        id = "app"
        vendor = "whop"
        name = "The app"
        base_url = "{vendor}/whop/api/v5"
        scope = "app"
        credentials.token = {{ env = "WHOP_APP" }}

        {}"#,
        common::accounts(&[("ada", "editor")])
    );
    common::parse(&text)
}

/// The vendor's own answer, asked directly with the demo credentials.
async fn direct(base: &str, path: &str, auth: &str) -> Value {
    reqwest::Client::new()
        .get(format!("{base}{path}"))
        .header("Authorization", auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .or_else(|| v["payments"].as_array())
        .into_iter()
        .flatten()
        .map(|p| match &p["id"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

async fn status(f: &Front, who: &Signed, method: Method, path: &str, body: Option<Value>) -> u16 {
    let mut r = who.on(f.req(method, path));
    if let Some(b) = body {
        r = r.json(&b);
    }
    r.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_customer_scoped_billing_connection_reaches_that_customer_only() {
    let vendor = common::vendor().await;
    let bp = "/billingplatform/backend/api/v1";
    let auth = "Bearer bp_demo_token";
    let mine = ids(&direct(
        &vendor.base,
        &format!("{bp}/customers/1001/payments/?includeReversed"),
        auth,
    )
    .await);
    let theirs = ids(&direct(
        &vendor.base,
        &format!("{bp}/customers/1002/payments/"),
        auth,
    )
    .await);
    assert!(!mine.is_empty() && !theirs.is_empty());
    drop(vendor);
    let f = Front::start(|v| config(v, "1")).await;
    let ada = f.sign_in("ada").await;
    for (method, path, want) in [
        (
            Method::GET,
            "/gateway/bill/customers/1001/payments/".to_string(),
            200,
        ),
        (
            Method::GET,
            format!("/gateway/bill/payments/{}", mine[0]),
            200,
        ),
        (
            Method::GET,
            "/gateway/bill/customers/1002/payments/".into(),
            403,
        ),
        (
            Method::GET,
            "/gateway/bill/customers/1001%2F..%2F1002/payments/".into(),
            403,
        ),
        (Method::GET, "/gateway/bill/payments/".into(), 403),
        (
            Method::GET,
            format!("/gateway/bill/payments/{}", theirs[0]),
            403,
        ),
    ] {
        assert_eq!(
            status(&f, &ada, method.clone(), &path, None).await,
            want,
            "{method} {path}"
        );
    }
    let other = format!("/gateway/bill/payments/{}", theirs[0]);
    assert_eq!(status(&f, &ada, Method::DELETE, &other, None).await, 403);
    assert_eq!(
        status(
            &f,
            &ada,
            Method::POST,
            "/gateway/bill/customers/1002/payments/",
            Some(json!({"paymentAmount": "1.00"}))
        )
        .await,
        403
    );
    let refused = f.activity(&ada, "connection=bill").await;
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(refused.iter().all(|r| r["outcome"] == "refused"));
    let reason: payments_model::Message =
        serde_json::from_value(refused[0]["reason"].clone()).unwrap();
    assert!(reason.to_string().contains("Customer 1001"), "{refused:?}");
    // The other customer's payment is still there.
    let still = direct(
        &f.vendor.base,
        &format!("{bp}/payments/{}", theirs[0]),
        auth,
    )
    .await;
    assert_eq!(ids(&json!([still])), vec![theirs[0].clone()]);
}

#[tokio::test]
async fn a_campaign_scoped_twocloud_connection_reaches_that_campaign_only() {
    let vendor = common::vendor().await;
    let all = direct(
        &vendor.base,
        "/twocloud/payments?count=100",
        "Basic YWRtaW46YWRtaW4tc2VjcmV0",
    )
    .await;
    let payments = all["payments"].as_array().unwrap().clone();
    let first = payments[0]["campaign"].clone();
    let campaign = first.to_string();
    let other = payments
        .iter()
        .find(|p| p["campaign"] != first)
        .expect("a payment of another campaign")
        .clone();
    let mine = payments
        .iter()
        .find(|p| p["campaign"] == first)
        .unwrap()
        .clone();
    drop(vendor);
    let f = Front::start(|v| config(v, &campaign)).await;
    let ada = f.sign_in("ada").await;
    let other_campaign = other["campaign"].to_string();
    for (method, path, body, want) in [
        (
            Method::GET,
            format!("/gateway/gifts/campaigns/{campaign}/payments"),
            None,
            200,
        ),
        (
            Method::GET,
            "/gateway/gifts/payments".to_string(),
            None,
            403,
        ),
        (
            Method::GET,
            format!("/gateway/gifts/campaigns/{other_campaign}/payments"),
            None,
            403,
        ),
        (
            Method::GET,
            format!("/gateway/gifts/users/{}/payments", mine["user_id"]),
            None,
            403,
        ),
        (
            Method::POST,
            "/gateway/gifts/payments".into(),
            Some(
                json!({"payment": {"amount": 100, "user_id": mine["user_id"], "funding_source_id": mine["funding_source_id"], "campaign": other["campaign"]}}),
            ),
            403,
        ),
        (
            Method::DELETE,
            format!("/gateway/gifts/payments/{}", other["id"]),
            None,
            403,
        ),
        (
            Method::PUT,
            format!("/gateway/gifts/payments/{}", mine["id"]),
            Some(json!({"payment": {"campaign": other["campaign"]}})),
            403,
        ),
        (
            Method::PUT,
            format!("/gateway/gifts/payments/{}/status", mine["id"]),
            Some(json!({"payment": {"status": "retry"}})),
            200,
        ),
    ] {
        assert_eq!(
            status(&f, &ada, method.clone(), &path, body).await,
            want,
            "{method} {path}"
        );
    }
    let rows = f.activity(&ada, "connection=gifts").await;
    let outcomes: Vec<&str> = rows
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["answered", "refused", "refused", "refused"]);
}

#[tokio::test]
async fn a_whop_connection_reaches_its_own_scope_s_paths_only() {
    let f = Front::start(|v| config(v, "1")).await;
    let ada = f.sign_in("ada").await;
    for (path, want) in [
        ("/gateway/mine/me/payments", 200),
        ("/gateway/mine/app/payments", 403),
        ("/gateway/mine/company/payments", 403),
        ("/gateway/app/app/payments", 200),
        ("/gateway/app/me/payments", 403),
    ] {
        assert_eq!(
            status(&f, &ada, Method::GET, path, None).await,
            want,
            "{path}"
        );
    }
}
