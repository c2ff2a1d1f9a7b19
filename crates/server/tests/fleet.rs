//! Two production servers on one PostgreSQL store (a real server, made
//! and started by the test) are one service: signed in through one,
//! signed in on the other; writes through either, in both Activity
//! pages and in one unbroken chain; guesses counted on one hold on the
//! other; signed out on one, out on both; a restart keeps sessions. When
//! the database goes away nothing is forwarded without its audit row,
//! reads say why, readiness says so, and all comes back with it.

mod common;

use common::postgres::Postgres;
use common::{temp_dir, Process, Signed};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

fn config(vendor: &str) -> String {
    format!(
        "{}{}",
        common::reviewrover("rr", &format!("{vendor}/reviewrover/api/v1")),
        common::accounts(&[("ada", "editor"), ("grace", "editor")])
    )
}

async fn start(vendor: &str, pg: &Postgres) -> Process {
    let env = [
        ("RR", "rr_demo_token"),
        ("PAYMENTS_DATABASE_URL", pg.url.as_str()),
    ];
    // `--db` names a file the servers must not use when a URL is given.
    Process::start_on(
        &config(vendor),
        &env,
        &[],
        temp_dir().join("unused.sqlite3"),
    )
    .await
}

async fn status_of(p: &Process, who: &Signed, path: &str) -> (StatusCode, String) {
    let r = who.on(Client::new().get(p.url(path))).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn create(p: &Process, who: &Signed, amount: String) -> (StatusCode, String) {
    let r = who
        .on(Client::new().request(Method::POST, p.url("/gateway/rr/payments")))
        .header("Origin", &p.base)
        .json(&json!({"contact_id": "c_fleet", "amount": amount, "status": "pending"}))
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

/// The amounts of the creates the Activity page of `p` lists.
async fn amounts(p: &Process, who: &Signed) -> Vec<String> {
    let (status, body) = status_of(p, who, "/gateway/activity?limit=100").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let page: Value = serde_json::from_str(&body).unwrap();
    let mut seen: Vec<String> = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["sent"].as_array().cloned().unwrap_or_default())
        .filter(|kv| kv[0] == "amount")
        .map(|kv| kv[1].as_str().unwrap().to_string())
        .collect();
    seen.sort();
    seen
}

fn verify_audit(pg: &Postgres) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_payments-server"))
        .args(["verify-audit"])
        .env("PAYMENTS_DATABASE_URL", &pg.url)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_postgresql_store_are_one_service() {
    let pg = Postgres::start();
    let vendor = common::vendor().await;
    let one = start(&vendor.base, &pg).await;
    let two = start(&vendor.base, &pg).await;
    assert!(
        one.printed().contains("postgres://127.0.0.1:"),
        "{}",
        one.printed()
    );
    assert!(!one.db.exists(), "no SQLite file beside a PostgreSQL store");

    // Signed in through one, signed in on the other (same cookie).
    let ada = one.sign_in("ada").await;
    assert_eq!(
        status_of(&two, &ada, "/gateway/session").await.0,
        StatusCode::OK
    );

    // A setting kept through one (a saved view) is read on the other.
    let kept = ada
        .on(Client::new().put(one.url("/gateway/preferences/views")))
        .header("Origin", &one.base)
        .json(&json!([{"name": "Mine", "place": "/c/rr?status=pending"}]))
        .send()
        .await
        .unwrap();
    assert_eq!(kept.status(), StatusCode::NO_CONTENT);
    let (status, body) = status_of(&two, &ada, "/gateway/preferences").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("\"name\":\"Mine\""), "{body}");

    // Writes through either, at once, appear in both Activity pages.
    let grace = two.sign_in("grace").await;
    let writes: Vec<_> = (0..6)
        .map(|i| {
            let (p, who) = if i % 2 == 0 {
                (&one, &ada)
            } else {
                (&two, &grace)
            };
            create(p, who, format!("{i}.25"))
        })
        .collect();
    for (status, body) in futures_util::future::join_all(writes).await {
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let expected: Vec<String> = (0..6).map(|i| format!("{i}.25")).collect();
    assert_eq!(amounts(&one, &ada).await, expected);
    assert_eq!(amounts(&two, &ada).await, expected);
    let (intact, said) = verify_audit(&pg);
    assert!(intact, "{said}");
    assert!(
        said.contains("intact: 12 rows"),
        "six attempts, six answers: {said}"
    );

    // Guesses counted on one hold on the other.
    let guesser = Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 8, 1]))
        .build()
        .unwrap();
    for _ in 0..payments_server::gateway::throttle::FREE_TRIES {
        let r = guesser
            .post(one.url("/gateway/sign-in"))
            .header("Origin", &one.base)
            .json(&json!({"name": "grace", "password": "wrong"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = guesser
        .post(two.url("/gateway/sign-in"))
        .header("Origin", &two.base)
        .json(&json!({"name": "grace", "password": "correct horse"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);

    // A restart keeps sessions.
    let base_one = one.base.clone();
    drop(one);
    let one = start(&vendor.base, &pg).await;
    assert_ne!(one.base, base_one);
    assert_eq!(
        status_of(&one, &ada, "/gateway/session").await.0,
        StatusCode::OK
    );

    // The database goes away.
    pg.down();
    let (status, body) = create(&two, &ada, "99.00".into()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("store does not answer"), "{body}");
    let (status, body) = status_of(&one, &ada, "/gateway/activity").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(
        body.contains("store does not answer"),
        "reads say why: {body}"
    );
    let ready = Client::new().get(one.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let live = Client::new().get(one.url("/healthz")).send().await.unwrap();
    assert_eq!(live.status(), StatusCode::OK, "the process still answers");

    // It comes back, and so does everything, with nothing lost.
    pg.up();
    let mut ready = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..50 {
        ready = Client::new()
            .get(one.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status();
        if ready == StatusCode::OK {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(ready, StatusCode::OK);
    assert_eq!(
        create(&two, &ada, "7.25".into()).await.0,
        StatusCode::CREATED
    );
    let mut expected = expected;
    expected.push("7.25".into());
    assert_eq!(
        amounts(&one, &ada).await,
        expected,
        "the refused write was not sent"
    );

    // Signed out on one, out on both.
    let out = ada
        .on(Client::new().post(two.url("/gateway/sign-out")))
        .header("Origin", &two.base)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        status_of(&one, &ada, "/gateway/session").await.0,
        StatusCode::UNAUTHORIZED
    );
    let (intact, said) = verify_audit(&pg);
    assert!(intact, "{said}");
    for p in [&one, &two] {
        assert!(
            !p.printed().contains(common::postgres::PASSWORD),
            "the database's password is never printed, even when it is down"
        );
    }
    assert!(!said.contains(common::postgres::PASSWORD));
}
