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

/// `next` as a full address: the provider's own paths are relative.
fn at_provider(provider: &Provider, next: &str) -> String {
    if next.starts_with('/') {
        format!("{}{next}", provider.base)
    } else {
        next.to_string()
    }
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
        let url = at_provider(provider, &next);
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
    logged(
        &gw,
        "the state is not the one this browser's login started with",
    );

    // A callback opened in another browser (login CSRF): one that never
    // started a sign-on, and one that started its own; then replayed.
    let b = browser();
    let callback = log_in_at_provider(&b, &gw, &provider, "ada").await;
    let victim = browser();
    assert_eq!(back(&victim, &callback).await, "/?sign_in=failed");
    refused(victim, "no login of its own").await;
    logged(&gw, "no live login cookie");
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
    logged(
        &gw,
        "the state is not the one this browser's login started with",
    );
    // The login was b's own: b finishes it; opened again, it is refused
    // (the callback cleared its cookie, and the provider takes a code once).
    assert_eq!(back(&b, &callback).await, "/");
    let replayed = browser();
    assert_eq!(back(&replayed, &callback).await, "/?sign_in=failed");
    assert_eq!(
        back(&b, &callback).await,
        "/?sign_in=failed",
        "a login is finished once"
    );

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

/// Whether starting a sign-on in `b` asks the person for their password
/// at the provider (rather than coming straight back, signed in there).
async fn asks_for_password(b: &Client, gw: &Process, provider: &Provider) -> bool {
    let r = b.get(gw.url("/gateway/oidc/start")).send().await.unwrap();
    let mut next = location(&r);
    for _ in 0..10 {
        let url = at_provider(provider, &next);
        if url.starts_with(&gw.base) {
            return false;
        }
        let r = b.get(&url).send().await.unwrap();
        if !r.status().is_redirection() {
            return r.text().await.unwrap().contains("name=\"password\"");
        }
        next = location(&r);
    }
    panic!("the provider never answered");
}

/// The value of the hidden input `name` in an HTML form.
fn hidden(html: &str, name: &str) -> String {
    let at = html.find(&format!("name=\"{name}\"")).expect("the input");
    let value = &html[at..];
    let start = value.find("value=\"").unwrap() + 7;
    value[start..start + value[start..].find('"').unwrap()].to_string()
}

#[tokio::test]
async fn signing_out_signs_out_of_the_provider_too() {
    let vendor = common::vendor().await;
    let (gw, provider) = start(&vendor.base, true).await;
    let ada = browser();
    let callback = log_in_at_provider(&ada, &gw, &provider, "ada").await;
    assert_eq!(back(&ada, &callback).await, "/");
    let csrf = session(&ada, &gw).await.1["csrf"]
        .as_str()
        .unwrap()
        .to_string();
    // While the provider's session lasts, a new sign-on needs no password.
    assert!(!asks_for_password(&ada, &gw, &provider).await);
    let callback = log_in_at_provider(&ada, &gw, &provider, "ada").await;
    assert_eq!(back(&ada, &callback).await, "/");
    let csrf_now = session(&ada, &gw).await.1["csrf"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(csrf, csrf_now, "signing in again renews the session");

    let out = ada
        .post(gw.url("/gateway/sign-out"))
        .header("Origin", &gw.base)
        .header("X-CSRF-Token", &csrf_now)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::OK);
    let body: Value = out.json().await.unwrap();
    let end = body["provider_sign_out"].as_str().unwrap().to_string();
    assert!(end.starts_with(&provider.base), "{end}");
    assert!(end.contains("id_token_hint="), "{end}");
    let back_to = format!(
        "post_logout_redirect_uri={}",
        urlencode(&format!("{}/", gw.base))
    );
    assert!(end.contains(&back_to), "{end}");
    assert_eq!(session(&ada, &gw).await.0, StatusCode::UNAUTHORIZED);

    // The browser goes there; the provider asks, the person confirms, and
    // it sends them back to the console.
    let page = ada.get(&end).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    let action = html
        .split("action=\"")
        .nth(1)
        .and_then(|a| a.split('"').next())
        .expect("the provider's sign-out form");
    let action = at_provider(&provider, action);
    let confirm = ada
        .post(&action)
        .form(&[("xsrf", hidden(&html, "xsrf").as_str()), ("logout", "yes")])
        .send()
        .await
        .unwrap();
    assert!(confirm.status().is_redirection(), "{}", confirm.status());
    assert_eq!(location(&confirm), format!("{}/", gw.base));
    assert!(
        asks_for_password(&ada, &gw, &provider).await,
        "after signing out, the provider asks for the password again"
    );

    // A person who signed in with a password has no provider to leave.
    let local = gw.sign_in("local-ada").await;
    let out = local
        .on(Client::new().post(gw.url("/gateway/sign-out")))
        .header("Origin", &gw.base)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A client whose requests come from `address`.
fn from(address: std::net::IpAddr) -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .local_address(address)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_flood_of_sign_on_starts_refuses_no_colleague() {
    let vendor = common::vendor().await;
    let (gw, provider) = start(&vendor.base, true).await;
    let starts = payments_server::gateway::throttle::SIGN_ON_STARTS;
    // One address: after its share, it is sent back to the sign-in page.
    let flood = from([127, 0, 9, 1].into());
    for _ in 0..starts {
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

    // A thousand addresses, each within its share: nothing is kept per
    // start, so nothing fills.
    let before = gw.resident_kib();
    for i in 0..1000u32 {
        let address = std::net::IpAddr::from([127, 10, (i >> 8) as u8 + 1, (i & 255) as u8]);
        let client = from(address);
        for _ in 0..3 {
            let r = client
                .get(gw.url("/gateway/oidc/start"))
                .send()
                .await
                .unwrap();
            assert!(location(&r).starts_with(&provider.base), "{address}");
        }
    }
    let after = gw.resident_kib();
    println!(
        "3,000 sign-on starts from 1,000 addresses: resident {before} KiB before, {after} KiB after; store {} bytes",
        std::fs::metadata(&gw.db).map(|m| m.len()).unwrap_or(0)
    );
    assert_eq!(
        common::count_rows(&gw.db, "sessions"),
        0,
        "no start keeps a session row"
    );
    assert!(
        common::count_rows(&gw.db, "throttle") <= 1001,
        "one count per address"
    );

    // A colleague from elsewhere signs on at once.
    let colleague = Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(std::net::IpAddr::from([127, 0, 9, 2]))
        .build()
        .unwrap();
    let callback = log_in_at_provider(&colleague, &gw, &provider, "ada").await;
    assert_eq!(back(&colleague, &callback).await, "/");
    assert_eq!(session(&colleague, &gw).await.0, StatusCode::OK);
}
