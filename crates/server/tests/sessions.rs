//! Sessions and sign-in throttles live in the gateway's store: a restart
//! keeps them, and two servers sharing the store are one service to the
//! people using it: signed in through one, signed in on the other; signed
//! out on one, signed out on both; guesses counted on one hold on the
//! other.

mod common;

use common::{temp_dir, Process};
use reqwest::{Client, StatusCode};
use serde_json::json;

fn config(vendor: &str) -> String {
    format!(
        "{}{}",
        common::reviewrover("rr", &format!("{vendor}/reviewrover/api/v1")),
        common::accounts(&[("ada", "editor")])
    )
}

const ENV: &[(&str, &str)] = &[("RR", "rr_demo_token")];

async fn who(p: &Process, cookie: &str) -> StatusCode {
    Client::new()
        .get(p.url("/gateway/session"))
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn a_restart_keeps_sessions() {
    let vendor = common::vendor().await;
    let db = temp_dir().join("gateway.sqlite3");
    let first = Process::start_on(&config(&vendor.base), ENV, &[], db.clone()).await;
    let cookie = first.sign_in("ada").await.cookie;
    assert_eq!(who(&first, &cookie).await, StatusCode::OK);
    drop(first); // killed
    let again = Process::start_on(&config(&vendor.base), ENV, &[], db).await;
    assert_eq!(
        who(&again, &cookie).await,
        StatusCode::OK,
        "still signed in"
    );
    let listed = Client::new()
        .get(again.url("/gateway/rr/payments?limit=1"))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), StatusCode::OK);
}

#[tokio::test]
async fn two_servers_on_one_store_share_sign_in_and_sign_out() {
    let vendor = common::vendor().await;
    let db = temp_dir().join("gateway.sqlite3");
    let one = Process::start_on(&config(&vendor.base), ENV, &[], db.clone()).await;
    let two = Process::start_on(&config(&vendor.base), ENV, &[], db).await;
    let common::Signed { cookie, csrf } = one.sign_in("ada").await;
    assert_eq!(
        who(&two, &cookie).await,
        StatusCode::OK,
        "signed in on both"
    );
    let out = Client::new()
        .post(two.url("/gateway/sign-out"))
        .header("Origin", &two.base)
        .header("Cookie", &cookie)
        .header("X-CSRF-Token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        who(&one, &cookie).await,
        StatusCode::UNAUTHORIZED,
        "signed out on both"
    );
    assert_eq!(who(&two, &cookie).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn guesses_counted_on_one_server_hold_on_the_other() {
    let vendor = common::vendor().await;
    let db = temp_dir().join("gateway.sqlite3");
    let one = Process::start_on(&config(&vendor.base), ENV, &[], db.clone()).await;
    let two = Process::start_on(&config(&vendor.base), ENV, &[], db).await;
    let guesser = Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 7, 1]))
        .build()
        .unwrap();
    let try_on = |p: &Process, password: &'static str| {
        guesser
            .post(p.url("/gateway/sign-in"))
            .header("Origin", &p.base)
            .json(&json!({"name": "ada", "password": password}))
            .send()
    };
    for _ in 0..payments_server::gateway::throttle::FREE_TRIES {
        assert_eq!(
            try_on(&one, "wrong").await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let r = try_on(&two, "correct horse").await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the other server knows of the guesses"
    );
    assert!(r.headers().get("retry-after").is_some());
}

#[tokio::test]
async fn me_tells_a_signed_out_page_so_without_failing_and_a_signed_in_one_its_connections() {
    let vendor = common::vendor().await;
    let p = Process::start_on(
        &config(&vendor.base),
        ENV,
        &[],
        temp_dir().join("gateway.sqlite3"),
    )
    .await;
    let me = |cookie: &str| {
        Client::new()
            .get(p.url("/gateway/me"))
            .header("Cookie", cookie.to_string())
            .send()
    };
    // Nobody signed in, and a forged or stale session cookie, alike.
    for cookie in ["", "pc_session=forged"] {
        let r = me(cookie).await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{cookie:?}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body, json!({ "signed_in": false }), "{cookie:?}");
    }
    let cookie = p.sign_in("ada").await.cookie;
    let r = me(&cookie).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["signed_in"], json!(true));
    assert_eq!(body["name"], json!("ada"));
    assert!(body["csrf"].as_str().is_some_and(|c| !c.is_empty()));
    assert_eq!(body["connections"][0]["id"], json!("rr"));
    assert_eq!(body["connections"][0]["base_url"], json!("/gateway/rr"));
    assert!(!text.contains("rr_demo_token"), "no secret: {text}");
}
