//! A local account may require a second factor: its password, then the
//! six-digit code of the moment from an authenticator app (RFC 6238).
//! `payments-server totp-secret` makes the secret and its URI.

mod common;

use std::process::Command;

use common::Front;
use payments_server::gateway::totp;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

fn code(offset_steps: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let step = (now / totp::STEP) as i64 + offset_steps;
    format!(
        "{:06}",
        totp::code_at(
            &totp::base32_decode(SECRET).unwrap(),
            step as u64,
            totp::DIGITS
        )
    )
}

async fn sign_in(f: &Front, code: Option<&str>) -> (StatusCode, Value) {
    let mut body = json!({"name": "ada", "password": "correct horse"});
    if let Some(c) = code {
        body["code"] = json!(c);
    }
    let r = f
        .req(Method::POST, "/gateway/sign-in")
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

#[tokio::test]
async fn an_account_with_a_second_factor_needs_its_code_once() {
    let f = Front::start(|v| {
        let accounts = common::accounts(&[("ada", "editor")]).replace(
            "password_hash",
            "totp_secret = { env = \"ADA_TOTP\" }\npassword_hash",
        );
        common::parse(&format!(
            "{}{accounts}",
            common::reviewrover("rr", &format!("{v}/reviewrover/api/v1"))
        ))
    })
    .await;
    let (status, body) = sign_in(&f, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["needs_code"], json!(true), "{body}");
    let (status, body) = sign_in(&f, Some("000000")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, body) = sign_in(&f, Some(&code(-5))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "an old code: {body}");
    let now = code(0);
    let (status, body) = sign_in(&f, Some(&now)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["name"], json!("ada"));
    let (status, _) = sign_in(&f, Some(&now)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a code is taken once");
}

#[test]
fn a_secret_in_clear_is_refused() {
    let text = common::accounts(&[("ada", "editor")]).replace(
        "password_hash",
        &format!("totp_secret = \"{SECRET}\"\npassword_hash"),
    );
    let Err(err) =
        payments_server::gateway::config::GatewayConfig::parse(&text, &common::TestSecrets)
    else {
        panic!("a secret in clear was taken");
    };
    assert!(err.contains("totp_secret is a secret"), "{err}");
}

#[test]
fn totp_secret_prints_a_secret_and_its_uri() {
    let out = Command::new(env!("CARGO_BIN_EXE_payments-server"))
        .args(["totp-secret", "ada"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let secret = text
        .lines()
        .find_map(|l| l.strip_prefix("secret: "))
        .expect("the secret");
    assert_eq!(totp::base32_decode(secret).unwrap().len(), 20);
    let uri = text
        .lines()
        .find_map(|l| l.strip_prefix("uri: "))
        .expect("the URI");
    assert!(
        uri.starts_with("otpauth://totp/Payments%20Console%3Aada?secret="),
        "{uri}"
    );
    assert!(uri.contains(&format!("secret={secret}&")));
    assert!(
        text.contains("totp_secret = { env = \"TOTP_ADA\" }"),
        "{text}"
    );
}

#[tokio::test]
async fn a_code_taken_on_one_server_is_refused_on_another_sharing_its_store() {
    let vendor = common::vendor().await;
    let config = format!(
        "{}{}",
        common::reviewrover("rr", &format!("{}/reviewrover/api/v1", vendor.base)),
        common::accounts(&[("ada", "editor")]).replace(
            "password_hash",
            "totp_secret = { env = \"ADA_TOTP\" }\npassword_hash",
        )
    );
    let env = [("RR", "rr_demo_token"), ("ADA_TOTP", SECRET)];
    let db = common::temp_dir().join("gateway.sqlite3");
    let one = common::Process::start_on(&config, &env, &[], db.clone()).await;
    let two = common::Process::start_on(&config, &env, &[], db).await;
    let now = code(0);
    let try_on = |p: &common::Process| {
        reqwest::Client::new()
            .post(p.url("/gateway/sign-in"))
            .header("Origin", &p.base)
            .json(&json!({"name": "ada", "password": "correct horse", "code": now}))
            .send()
    };
    assert_eq!(try_on(&one).await.unwrap().status(), StatusCode::OK);
    assert_eq!(
        try_on(&two).await.unwrap().status(),
        StatusCode::UNAUTHORIZED,
        "the other server knows the code was used"
    );
}
