//! HTTP-level tests of the sandbox's 2cloud API: envelopes, the three
//! access levels and their redaction, cursors, and the write rules.

mod common;

use common::{temp_db, Sandbox};
use payments_sandbox::twocloud::FIRST_ID;
use reqwest::{Client, RequestBuilder, StatusCode};
use serde_json::{json, Value};

const B: &str = "/twocloud";

fn admin(r: RequestBuilder) -> RequestBuilder {
    r.basic_auth("admin", Some("admin-secret"))
        .header("From", "test-device")
}

fn ada(r: RequestBuilder) -> RequestBuilder {
    r.basic_auth("ada", Some("ada-secret"))
        .header("From", "test-device")
}

async fn send(r: RequestBuilder) -> (StatusCode, Value) {
    let r = r.send().await.unwrap();
    let s = r.status();
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body["code"],
        json!(s.as_u16()),
        "the envelope repeats the status"
    );
    (s, body)
}

fn ids(body: &Value) -> Vec<u64> {
    body["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn anonymous_reads_are_redacted() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let (s, body) = send(c.get(sb.url(&format!("{B}/payments?count=100")))).await;
    assert_eq!(s, StatusCode::OK);
    let payments = body["payments"].as_array().unwrap();
    assert_eq!(payments.len(), 100);
    // "they will only contain the id, created, completed, amount,
    // message, and campaign fields"
    let six = [
        "amount",
        "campaign",
        "completed",
        "created",
        "id",
        "message",
    ];
    for p in payments {
        let mut keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, six, "exactly the six fields");
    }
    let (_, full) = send(admin(c.get(sb.url(&format!("{B}/payments?count=100"))))).await;
    assert!(full["payments"][0]["status"].is_string());
    assert!(
        ids(&full).iter().all(|id| *id >= FIRST_ID as u64),
        "ids are above 2^53"
    );
}

/// No list tells who gave anonymously: lists by user or funding source
/// leave anonymous payments out for anyone but their owner and
/// administrators.
#[tokio::test]
async fn no_list_reveals_an_anonymous_donor() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let (_, all) = send(admin(c.get(sb.url(&format!("{B}/payments?count=100"))))).await;
    let hidden: Vec<&Value> = all["payments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p["anonymous"] == json!(true)
                && p["status"] != json!("error")
                && p["status"] != json!("retry")
        })
        .collect();
    assert!(!hidden.is_empty(), "the demo set holds anonymous gifts");
    for p in hidden {
        let (user, source, id) = (
            p["user_id"].as_u64().unwrap(),
            p["funding_source_id"].as_u64().unwrap(),
            p["id"].as_u64().unwrap(),
        );
        let name = ["ada", "grace", "linus", "margaret"]
            .into_iter()
            .zip([2u64, 4, 6, 8])
            .find(|(_, k)| FIRST_ID as u64 + 100_000 + k == user)
            .map(|(n, _)| n)
            .unwrap();
        for path in [
            format!("{B}/users/{name}/payments?count=100"),
            format!("{B}/funding_sources/{source}/payments?count=100"),
        ] {
            let (_, public) = send(c.get(sb.url(&path))).await;
            assert!(!ids(&public).contains(&id), "anonymous caller: {path}");
            if name != "ada" {
                let (_, other) = send(ada(c.get(sb.url(&path)))).await;
                assert!(!ids(&other).contains(&id), "another user: {path}");
            }
            let (_, full) = send(admin(c.get(sb.url(&path)))).await;
            assert!(ids(&full).contains(&id), "administrators see it: {path}");
        }
    }
}

#[tokio::test]
async fn anonymous_lists_skip_failed_payments_that_admins_see() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let (_, errors) = send(admin(
        c.get(sb.url(&format!("{B}/payments?status=error&count=100"))),
    ))
    .await;
    assert!(!ids(&errors).is_empty());
    let (_, public) = send(c.get(sb.url(&format!("{B}/payments?status=error")))).await;
    assert!(ids(&public).is_empty());
    let (_, public) = send(c.get(sb.url(&format!("{B}/payments?status=succeeded&count=5")))).await;
    assert_eq!(ids(&public).len(), 5);
}

#[tokio::test]
async fn users_see_their_own_payments_in_full() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let (s, mine) = send(ada(
        c.get(sb.url(&format!("{B}/users/ada/payments?count=100")))
    ))
    .await;
    assert_eq!(s, StatusCode::OK);
    let rows = mine["payments"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .all(|p| p["status"].is_string() && p["user_id"].is_u64()));
    let (_, theirs) = send(ada(
        c.get(sb.url(&format!("{B}/users/grace/payments?count=100")))
    ))
    .await;
    assert!(theirs["payments"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p.get("status").is_none()));
}

#[tokio::test]
async fn cursors_walk_newest_first_both_ways() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let (_, p1) = send(admin(c.get(sb.url(&format!("{B}/payments?count=5"))))).await;
    let first = ids(&p1);
    assert_eq!(first.len(), 5);
    assert!(
        first.windows(2).all(|w| w[0] > w[1]),
        "newest first: {first:?}"
    );
    let last = first[4];
    let (_, p2) = send(admin(
        c.get(sb.url(&format!("{B}/payments?count=5&before={last}"))),
    ))
    .await;
    let second = ids(&p2);
    assert!(second.iter().all(|id| *id < last) && second.windows(2).all(|w| w[0] > w[1]));
    let (_, back) = send(admin(
        c.get(sb.url(&format!("{B}/payments?count=5&after={}", second[0]))),
    ))
    .await;
    assert_eq!(ids(&back), first, "after goes back to the newer page");
    let (s, body) = send(c.get(sb.url(&format!("{B}/payments?count=101")))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0]["code"], json!(9));
    let (s, _) = send(c.get(sb.url(&format!("{B}/payments?status=lost")))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn campaign_and_funding_source_lists() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let (_, all) = send(admin(c.get(sb.url(&format!("{B}/payments?count=1"))))).await;
    let p = &all["payments"][0];
    let campaign = p["campaign"].as_u64().unwrap();
    let source = p["funding_source_id"].as_u64().unwrap();
    let (_, by_campaign) = send(admin(
        c.get(sb.url(&format!("{B}/campaigns/{campaign}/payments?count=100"))),
    ))
    .await;
    assert!(by_campaign["payments"]
        .as_array()
        .unwrap()
        .iter()
        .all(|q| q["campaign"] == json!(campaign)));
    let (_, by_source) = send(admin(
        c.get(sb.url(&format!("{B}/funding_sources/{source}/payments?count=100"))),
    ))
    .await;
    assert!(by_source["payments"]
        .as_array()
        .unwrap()
        .iter()
        .all(|q| q["funding_source_id"] == json!(source)));
    let (s, body) = send(c.get(sb.url(&format!("{B}/campaigns/1/payments")))).await;
    assert_eq!(
        (s, body["errors"][0]["code"].clone()),
        (StatusCode::NOT_FOUND, json!(4))
    );
    let (s, _) = send(c.get(sb.url(&format!("{B}/users/nobody/payments")))).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = send(c.get(sb.url(&format!(
        "{B}/funding_sources/18446744073709551615/payments"
    ))))
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn writes_follow_the_access_rules() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let (_, mine) = send(ada(
        c.get(sb.url(&format!("{B}/users/ada/payments?count=1")))
    ))
    .await;
    let me = &mine["payments"][0];
    let (user, source) = (
        me["user_id"].as_u64().unwrap(),
        me["funding_source_id"].as_u64().unwrap(),
    );
    let campaign = me["campaign"].as_u64().unwrap();
    let new = json!({"payment": {"amount": 1500, "user_id": user, "funding_source_id": source, "campaign": campaign, "message": "Hi"}});

    // No credentials, no From header, not wrapped.
    let (s, _) = send(c.post(sb.url(&format!("{B}/payments"))).json(&new)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, body) = send(
        c.post(sb.url(&format!("{B}/payments")))
            .basic_auth("ada", Some("ada-secret"))
            .json(&new),
    )
    .await;
    assert_eq!(
        (s, body["errors"][0]["item"].clone()),
        (StatusCode::BAD_REQUEST, json!("From"))
    );
    let (s, body) = send(ada(c.post(sb.url(&format!("{B}/payments")))).json(&new["payment"])).await;
    assert_eq!(
        (s, body["errors"][0]["code"].clone()),
        (StatusCode::BAD_REQUEST, json!(5))
    );

    let (s, created) = send(ada(c.post(sb.url(&format!("{B}/payments")))).json(&new)).await;
    assert_eq!(s, StatusCode::CREATED);
    let id = created["payments"][0]["id"].as_u64().unwrap();
    assert_eq!(created["payments"][0]["status"], json!("pending"));
    assert_eq!(
        created["payments"][0]["completed"],
        json!("0001-01-01T00:00:00Z")
    );

    // The owner edits an uncharged payment; a status change is for admins.
    let (s, edited) = send(
        ada(c.put(sb.url(&format!("{B}/payments/{id}"))))
            .json(&json!({"payment": {"amount": 2000}})),
    )
    .await;
    assert_eq!(
        (s, edited["payments"][0]["amount"].clone()),
        (StatusCode::OK, json!(2000))
    );
    let status = json!({"payment": {"status": "succeeded"}});
    let (s, _) = send(ada(c.put(sb.url(&format!("{B}/payments/{id}/status")))).json(&status)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, charged) =
        send(admin(c.put(sb.url(&format!("{B}/payments/{id}/status")))).json(&status)).await;
    assert_eq!(
        (s, charged["payments"][0]["status"].clone()),
        (StatusCode::OK, json!("succeeded"))
    );
    // Charged: the owner may no longer change or delete it; the admin may.
    let (s, _) = send(
        ada(c.put(sb.url(&format!("{B}/payments/{id}"))))
            .json(&json!({"payment": {"message": "x"}})),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = send(ada(c.delete(sb.url(&format!("{B}/payments/{id}"))))).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, gone) = send(admin(c.delete(sb.url(&format!("{B}/payments/{id}"))))).await;
    assert_eq!(
        (s, gone["payments"][0]["id"].as_u64()),
        (StatusCode::OK, Some(id))
    );
    let (s, _) = send(admin(c.delete(sb.url(&format!("{B}/payments/{id}"))))).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // A user cannot pay for someone else, nor from someone else's source.
    let (_, grace) = send(admin(
        c.get(sb.url(&format!("{B}/users/grace/payments?count=1"))),
    ))
    .await;
    let grace_user = grace["payments"][0]["user_id"].as_u64().unwrap();
    let mut other = new.clone();
    other["payment"]["user_id"] = json!(grace_user);
    let (s, _) = send(ada(c.post(sb.url(&format!("{B}/payments")))).json(&other)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, body) = send(admin(c.post(sb.url(&format!("{B}/payments")))).json(&other)).await;
    assert_eq!(
        (s, body["errors"][0]["code"].clone()),
        (StatusCode::BAD_REQUEST, json!(11)),
        "the source is ada's"
    );
}

#[tokio::test]
async fn invalid_fields_carry_codes_and_paths() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let (s, body) = send(
        admin(c.post(sb.url(&format!("{B}/payments"))))
            .json(&json!({"payment": {"amount": 0, "campaign": "x"}})),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let errors = body["errors"].as_array().unwrap();
    let find = |f: &str| {
        errors
            .iter()
            .find(|e| e["field"] == json!(f))
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(find("payment.amount")["code"], json!(9));
    assert_eq!(find("payment.campaign")["code"], json!(9));
    assert_eq!(find("payment.user_id")["code"], json!(3));
    assert_eq!(find("payment.funding_source_id")["code"], json!(3));
    let (s, body) = send(
        c.get(sb.url(&format!("{B}/payments")))
            .basic_auth("admin", Some("wrong")),
    )
    .await;
    assert_eq!(
        (s, body["errors"][0]["code"].clone()),
        (StatusCode::UNAUTHORIZED, json!(1))
    );
}
