//! Single sign-on against a real OpenID provider (npm's `oidc-provider`,
//! started by the test), driven as a browser would be: the gateway sends
//! the browser to the provider, the person logs in there, the provider
//! sends the browser back with a code. A person with a role is signed in
//! under the identity the provider gives, and the audit log names them
//! so; a person with no role, from a domain not allowed, a wrong or
//! reused `state`, a callback opened in another browser, a tampered ID
//! token and an expired code are all refused. Local accounts can be
//! turned off.

mod common;

use common::provider::{Provider, CLIENT_SECRET};
use common::{free_port, temp_dir, Process};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

/// Seconds an authorization code lives at the tests' provider.
const CODE_TTL: u64 = 2;

fn config(vendor: &str, issuer: &str, local_accounts: bool) -> String {
    format!(
        "[gateway]\nlocal_accounts = {local_accounts}\n\n\
         [oidc]\nname = \"Company SSO\"\nissuer = \"{issuer}\"\nclient_id = \"payments-console\"\n\
         client_secret = {{ env = \"OIDC_CLIENT_SECRET\" }}\nroles_claim = \"groups\"\n\
         editor = [\"payments-editors\"]\nviewer = [\"payments-viewers\"]\n\
         allowed_domains = [\"example.com\"]\n\n{}{}",
        common::reviewrover("rr", &format!("{vendor}/reviewrover/api/v1")),
        common::accounts(&[("local-ada", "editor")])
    )
}

/// A gateway with single sign-on and its provider.
async fn start(vendor: &str, local_accounts: bool) -> (Process, Provider) {
    let port = free_port();
    let issuer = format!("http://127.0.0.1:{port}");
    let gw = Process::start_on(
        &config(vendor, &issuer, local_accounts),
        &[
            ("RR", "rr_demo_token"),
            ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
        ],
        &[],
        temp_dir().join("gateway.sqlite3"),
    )
    .await;
    let provider = Provider::start(port, &gw.url("/gateway/oidc/callback"), CODE_TTL).await;
    (gw, provider)
}

/// A browser: keeps cookies, follows no redirect by itself.
fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn location(r: &reqwest::Response) -> String {
    r.headers()[reqwest::header::LOCATION]
        .to_str()
        .unwrap()
        .to_string()
}

/// From "Sign in with Company SSO" to the provider's answer: logs in at
/// the provider as `who` and returns the callback address the provider
/// sends the browser to (not yet opened).
async fn log_in_at_provider(b: &Client, gw: &Process, provider: &Provider, who: &str) -> String {
    let r = b.get(gw.url("/gateway/oidc/start")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mut next = location(&r);
    assert!(next.starts_with(&provider.base), "{next}");
    assert!(next.contains("code_challenge_method=S256"), "PKCE: {next}");
    assert!(next.contains("nonce="), "{next}");
    for _ in 0..10 {
        let url = if next.starts_with('/') {
            format!("{}{next}", provider.base)
        } else {
            next.clone()
        };
        if url.starts_with(&gw.base) {
            return url;
        }
        let r = b.get(&url).send().await.unwrap();
        if r.status().is_redirection() {
            next = location(&r);
            continue;
        }
        // The provider's login form: the account id is the person.
        assert_eq!(r.status(), StatusCode::OK, "{url}");
        let r = b
            .post(&url)
            .form(&[("prompt", "login"), ("login", who), ("password", "x")])
            .send()
            .await
            .unwrap();
        assert!(r.status().is_redirection(), "{}", r.text().await.unwrap());
        next = location(&r);
    }
    panic!("the provider never sent the browser back");
}

/// Opens the callback; where the gateway sends the browser.
async fn back(b: &Client, callback: &str) -> String {
    let r = b.get(callback).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    location(&r)
}

async fn session(b: &Client, gw: &Process) -> (StatusCode, Value) {
    let r = b.get(gw.url("/gateway/session")).send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Asserts the gateway logged why it refused (once more than before).
fn logged(gw: &Process, why: &str) {
    assert!(
        gw.printed().contains(why),
        "{why:?} not in {}",
        gw.printed()
    );
}

#[tokio::test]
async fn people_sign_in_with_the_provider_and_are_named_by_it() {
    let vendor = common::vendor().await;
    let (gw, provider) = start(&vendor.base, true).await;

    let options: Value = Client::new()
        .get(gw.url("/gateway/sign-in"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        options,
        json!({"local": true, "sso": {"name": "Company SSO", "start": "/gateway/oidc/start"}})
    );

    let ada = browser();
    let callback = log_in_at_provider(&ada, &gw, &provider, "ada").await;
    assert_eq!(back(&ada, &callback).await, "/");
    let (status, who) = session(&ada, &gw).await;
    assert_eq!(status, StatusCode::OK, "{who}");
    assert_eq!(
        (who["name"].as_str(), who["role"].as_str()),
        (Some("ada@example.com"), Some("editor"))
    );

    // Her write is recorded under the provider's name for her.
    let made = ada
        .post(gw.url("/gateway/rr/payments"))
        .header("Origin", &gw.base)
        .header("X-CSRF-Token", who["csrf"].as_str().unwrap())
        .json(&json!({"contact_id": "c_sso", "amount": "4.20", "status": "pending"}))
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), StatusCode::CREATED);
    let log: Value = ada
        .get(gw.url("/gateway/activity"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log["rows"][0]["person"], "ada@example.com");

    let vic = browser();
    let callback = log_in_at_provider(&vic, &gw, &provider, "vic").await;
    assert_eq!(back(&vic, &callback).await, "/");
    assert_eq!(session(&vic, &gw).await.1["role"], "viewer");

    // Local accounts still sign in with their password.
    let local = Client::new()
        .post(gw.url("/gateway/sign-in"))
        .header("Origin", &gw.base)
        .json(&json!({"name": "local-ada", "password": "correct horse"}))
        .send()
        .await
        .unwrap();
    assert_eq!(local.status(), StatusCode::OK);
    assert!(
        !gw.printed().contains(CLIENT_SECRET),
        "the client secret is never logged"
    );
}

#[tokio::test]
async fn untrusted_answers_and_people_without_a_role_are_refused() {
    let vendor = common::vendor().await;
    let (gw, provider) = start(&vendor.base, true).await;
    let refused = |b: Client, code: &'static str| {
        let gw = &gw;
        async move {
            let (status, _) = session(&b, gw).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{code}: nobody signed in");
        }
    };

    // No role, and a domain not allowed.
    let b = browser();
    let callback = log_in_at_provider(&b, &gw, &provider, "mallory").await;
    assert_eq!(back(&b, &callback).await, "/?sign_in=no-role");
    refused(b, "no role").await;
    let b = browser();
    let callback = log_in_at_provider(&b, &gw, &provider, "eve").await;
    assert_eq!(back(&b, &callback).await, "/?sign_in=domain");
    refused(b, "domain").await;

    // A wrong state.
    let b = browser();
    let callback = log_in_at_provider(&b, &gw, &provider, "ada").await;
    let (head, _) = callback.split_once("state=").unwrap();
    let forged = format!("{head}state=forged-state-value");
    assert_eq!(back(&b, &forged).await, "/?sign_in=failed");
    refused(b, "wrong state").await;
    logged(&gw, "unknown, used or expired state");

    // A callback opened in another browser (login CSRF): one that never
    // started a sign-on, and one that started its own; then replayed.
    let b = browser();
    let callback = log_in_at_provider(&b, &gw, &provider, "ada").await;
    let victim = browser();
    assert_eq!(back(&victim, &callback).await, "/?sign_in=failed");
    refused(victim, "no login of its own").await;
    logged(&gw, "no login cookie");
    let callback = log_in_at_provider(&b, &gw, &provider, "ada").await;
    let victim = browser();
    let own = victim
        .get(gw.url("/gateway/oidc/start"))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::SEE_OTHER);
    assert_eq!(back(&victim, &callback).await, "/?sign_in=failed");
    refused(victim, "another browser").await;
    logged(&gw, "the login was started in another browser");
    assert_eq!(
        back(&b, &callback).await,
        "/?sign_in=failed",
        "a state is taken once"
    );
    refused(b, "replayed").await;

    // A tampered ID token.
    let tampered = Client::new()
        .post(format!("{}/test/tamper", provider.base))
        .send()
        .await
        .unwrap();
    assert!(tampered.status().is_success());
    let b = browser();
    let callback = log_in_at_provider(&b, &gw, &provider, "ada").await;
    assert_eq!(back(&b, &callback).await, "/?sign_in=failed");
    refused(b, "tampered").await;
    logged(&gw, "the ID token did not verify");

    // An expired code.
    let b = browser();
    let callback = log_in_at_provider(&b, &gw, &provider, "ada").await;
    tokio::time::sleep(std::time::Duration::from_secs(CODE_TTL + 2)).await;
    assert_eq!(back(&b, &callback).await, "/?sign_in=failed");
    refused(b, "expired").await;
    logged(&gw, "the code was not exchanged");

    // And after all that, a proper sign-on still works.
    let b = browser();
    let callback = log_in_at_provider(&b, &gw, &provider, "ada").await;
    assert_eq!(back(&b, &callback).await, "/");
    assert_eq!(session(&b, &gw).await.0, StatusCode::OK);
}

#[tokio::test]
async fn local_accounts_can_be_turned_off() {
    let vendor = common::vendor().await;
    let (gw, _provider) = start(&vendor.base, false).await;
    let options: Value = Client::new()
        .get(gw.url("/gateway/sign-in"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(options["local"], false);
    let r = Client::new()
        .post(gw.url("/gateway/sign-in"))
        .header("Origin", &gw.base)
        .json(&json!({"name": "local-ada", "password": "correct horse"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("sign in with Company SSO"));
}

#[tokio::test]
async fn keys_the_provider_rotates_in_are_picked_up() {
    let vendor = common::vendor().await;
    let (gw, provider) = start(&vendor.base, true).await;
    let b = browser();
    let callback = log_in_at_provider(&b, &gw, &provider, "ada").await;
    assert_eq!(back(&b, &callback).await, "/");
    // The provider restarts with a new signing key; the gateway still
    // holds the old one.
    let port: u16 = provider.base.rsplit(':').next().unwrap().parse().unwrap();
    drop(provider);
    let provider = Provider::start(port, &gw.url("/gateway/oidc/callback"), CODE_TTL).await;
    tokio::time::sleep(std::time::Duration::from_secs(6)).await;
    let b = browser();
    let callback = log_in_at_provider(&b, &gw, &provider, "vic").await;
    assert_eq!(back(&b, &callback).await, "/", "{}", gw.printed());
    assert_eq!(session(&b, &gw).await.1["role"], "viewer");
}

#[tokio::test]
async fn a_flood_of_sign_on_starts_from_one_address_is_refused() {
    let vendor = common::vendor().await;
    let (gw, provider) = start(&vendor.base, true).await;
    let from = |last: u8| {
        Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .local_address(std::net::IpAddr::from([127, 0, 9, last]))
            .build()
            .unwrap()
    };
    let flood = from(1);
    for _ in 0..payments_server::gateway::throttle::SIGN_ON_STARTS {
        let r = flood
            .get(gw.url("/gateway/oidc/start"))
            .send()
            .await
            .unwrap();
        assert!(location(&r).starts_with(&provider.base));
    }
    let r = flood
        .get(gw.url("/gateway/oidc/start"))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/?sign_in=too-many");
    let other = from(2)
        .get(gw.url("/gateway/oidc/start"))
        .send()
        .await
        .unwrap();
    assert!(
        location(&other).starts_with(&provider.base),
        "another address still signs on"
    );
}
