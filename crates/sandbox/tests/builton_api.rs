//! HTTP-level tests of the sandbox's BuiltOn API.

mod common;

use common::{temp_db, Sandbox};
use payments_sandbox::builton::{DEMO_COUNT, DEMO_USER};
use reqwest::{Client, RequestBuilder, StatusCode};
use serde_json::{json, Value};

fn admin(r: RequestBuilder) -> RequestBuilder {
    r.header("X-Builton-Api-Key", "builton_demo_key")
        .header("Authorization", "Bearer builton_demo_admin_token")
}

fn user(r: RequestBuilder) -> RequestBuilder {
    r.header("X-Builton-Api-Key", "builton_demo_key")
        .header("Authorization", "Bearer builton_demo_user_token")
}

async fn send(r: RequestBuilder) -> (StatusCode, Option<u64>, Value) {
    let r = r.send().await.unwrap();
    let s = r.status();
    let total = r
        .headers()
        .get("x-pagination-total")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    (s, total, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn lists_are_bare_arrays_with_a_total_and_zero_based_pages() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let (s, total, first) = send(admin(c.get(sb.url("/builton/payments")))).await;
    assert_eq!((s, total), (StatusCode::OK, Some(DEMO_COUNT as u64)));
    let rows = first.as_array().unwrap();
    assert_eq!(rows.len(), 10, "size defaults to 10");
    let p = &rows[0];
    assert!(p["_id"]["$oid"].is_string() && p["user"]["$oid"].is_string());
    assert!(p["created"]["$date"].is_i64());
    assert_eq!(p["subject"]["_cls"], json!("Order"));
    assert!(p["amount"].is_f64() || p["amount"].is_u64());
    let (_, _, page0) = send(admin(c.get(sb.url("/builton/payments?page=0&size=5")))).await;
    let (_, _, page1) = send(admin(c.get(sb.url("/builton/payments?page=1&size=5")))).await;
    assert_eq!(page0.as_array().unwrap()[..], rows[..5]);
    assert_ne!(page0, page1);
    for q in [
        "size=0",
        "size=101",
        "page=-1",
        "sort=colour",
        "from_date=yesterday",
    ] {
        let (s, _, body) = send(admin(c.get(sb.url(&format!("/builton/payments?{q}"))))).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{q}");
        assert!(body["message"].is_string());
    }
    // States are open: an unknown one is a filter that matches nothing.
    let (s, total, body) = send(admin(c.get(sb.url("/builton/payments?status=lost")))).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!((total, body), (Some(0), json!([])));
}

#[tokio::test]
async fn dates_sort_and_status() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let (from, to) = (1_740_000_000i64, 1_750_000_000i64);
    let (_, total, rows) = send(admin(c.get(sb.url(&format!(
        "/builton/payments?size=100&from_date={from}&to_date={to}"
    )))))
    .await;
    let rows = rows.as_array().unwrap().clone();
    assert!(!rows.is_empty() && (rows.len() as u64) == total.unwrap().min(100));
    assert!(rows
        .iter()
        .all(|p| (from * 1000..=to * 1000).contains(&p["created"]["$date"].as_i64().unwrap())));
    let (_, _, asc) = send(admin(
        c.get(sb.url("/builton/payments?size=20&sort=amount")),
    ))
    .await;
    let amounts: Vec<f64> = asc
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["amount"].as_f64().unwrap())
        .collect();
    assert!(amounts.windows(2).all(|w| w[0] <= w[1]), "{amounts:?}");
    let (_, _, refunded) = send(admin(
        c.get(sb.url("/builton/payments?size=100&status=refunded")),
    ))
    .await;
    let refunded = refunded.as_array().unwrap();
    assert!(
        !refunded.is_empty()
            && refunded.iter().all(
                |p| p["current_state"] == json!("refunded") && p["amount_refunded"].is_number()
            )
    );
}

#[tokio::test]
async fn users_see_their_own_and_auth_needs_both_headers() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let (_, total, mine) = send(user(c.get(sb.url("/builton/payments?size=100")))).await;
    assert!(total.unwrap() < DEMO_COUNT as u64);
    assert!(mine
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["user"]["$oid"] == json!(DEMO_USER)));
    let (s, _, body) = send(
        c.get(sb.url("/builton/payments"))
            .header("Authorization", "Bearer builton_demo_admin_token"),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("X-Builton-Api-Key"));
    let (s, _, _) = send(
        c.get(sb.url("/builton/payments"))
            .header("X-Builton-Api-Key", "builton_demo_key"),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _, _) = send(
        c.get(sb.url("/builton/payments"))
            .header("X-Builton-Api-Key", "nope")
            .header("Authorization", "Bearer builton_demo_admin_token"),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn paying_for_orders_then_updating() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    // Orders past the demo payments are unpaid.
    let orders = [
        format!("5e{:022x}", DEMO_COUNT + 1),
        format!("5e{:022x}", DEMO_COUNT + 2),
    ];
    let (s, _, paid) = send(
        admin(c.post(sb.url("/builton/payments")))
            .json(&json!({"orders": orders, "payment_method": "pm_test"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let paid = paid.as_array().unwrap();
    assert_eq!(paid.len(), 2, "one payment per order");
    assert_eq!(paid[1]["subject"]["_ref"], json!(orders[1]));
    let (_, total, _) = send(admin(c.get(sb.url("/builton/payments")))).await;
    assert_eq!(total, Some(DEMO_COUNT as u64 + 2));
    let (s, _, body) = send(
        admin(c.post(sb.url("/builton/payments")))
            .json(&json!({"orders": [orders[0].clone()], "payment_method": "pm_test"})),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body["message"].as_str().unwrap().contains("already paid"));
    let (s, _, _) = send(
        admin(c.post(sb.url("/builton/payments")))
            .json(&json!({"orders": ["missing"], "payment_method": "pm"})),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, body) =
        send(admin(c.post(sb.url("/builton/payments"))).json(&json!({"orders": []}))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body["errors"]["payment_method"].is_array());

    let id = paid[0]["_id"]["$oid"].as_str().unwrap();
    let (s, _, updated) = send(
        admin(c.put(sb.url(&format!("/builton/payments/{id}"))))
            .json(&json!({"active": false, "payment_date": 1_760_000_000})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(updated["active"], json!(false));
    assert_eq!(
        updated["payment_date"],
        json!({"$date": 1_760_000_000_000i64})
    );
    let (s, _, body) =
        send(admin(c.put(sb.url(&format!("/builton/payments/{id}")))).json(&json!({"amount": 1})))
            .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["errors"]["amount"],
        json!(["amount cannot be set here."])
    );
    let (s, _, one) = send(admin(c.get(sb.url(&format!("/builton/payments/{id}"))))).await;
    assert_eq!((s, one["active"].clone()), (StatusCode::OK, json!(false)));
    let (s, _, _) = send(admin(c.get(sb.url("/builton/payments/nope")))).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = send(admin(c.delete(sb.url(&format!("/builton/payments/{id}"))))).await;
    assert_eq!(
        s,
        StatusCode::METHOD_NOT_ALLOWED,
        "BuiltOn documents no delete"
    );
}
