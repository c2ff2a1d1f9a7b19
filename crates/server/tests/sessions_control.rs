//! Sessions under the person's and the configuration's control, on the
//! real binary and on both engines (a SQLite file, and PostgreSQL shared
//! by two servers): a person sees their sessions and ends one or all
//! others (writes checked like every write); a session unused for
//! `idle_minutes` ends; a restart with a changed configuration ends the
//! sessions of a removed account and of a changed role; and wrong
//! passwords sent at once through two servers are each counted.

mod common;

use common::postgres::Postgres;
use common::{temp_dir, Process, Signed};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

fn config(vendor: &str, people: &[(&str, &str)], idle: u64) -> String {
    format!(
        "[gateway]\nidle_minutes = {idle}\n\n{}{}",
        common::reviewrover("rr", &format!("{vendor}/reviewrover/api/v1")),
        common::accounts(people)
    )
}

/// A server on `pg` or, without it, on the SQLite file `db`.
async fn start(config: &str, pg: Option<&Postgres>, db: &std::path::Path) -> Process {
    let mut env = vec![("RR", "rr_demo_token")];
    if let Some(pg) = pg {
        env.push(("PAYMENTS_DATABASE_URL", pg.url.as_str()));
    }
    Process::start_on(config, &env, &[], db.to_path_buf()).await
}

/// Signs `name` in from a browser that says it is `agent`.
async fn sign_in_with(p: &Process, name: &str, agent: &str) -> Signed {
    let r = Client::builder()
        .user_agent(agent)
        .build()
        .unwrap()
        .post(p.url("/gateway/sign-in"))
        .header("Origin", &p.base)
        .json(&json!({"name": name, "password": "correct horse"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = r.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let body: Value = r.json().await.unwrap();
    Signed {
        cookie,
        csrf: body["csrf"].as_str().unwrap().to_string(),
    }
}

async fn who(p: &Process, s: &Signed) -> (StatusCode, Value) {
    let r = Client::new()
        .get(p.url("/gateway/session"))
        .header("Cookie", &s.cookie)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap_or_default())
}

async fn sessions(p: &Process, s: &Signed) -> Vec<Value> {
    let r = s
        .on(Client::new().get(p.url("/gateway/sessions")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    body["sessions"].as_array().unwrap().clone()
}

async fn end(p: &Process, s: &Signed, what: &str) -> reqwest::Response {
    s.on(Client::new().delete(p.url(&format!("/gateway/sessions/{what}"))))
        .header("Origin", &p.base)
        .send()
        .await
        .unwrap()
}

const LAPTOP: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";
const PHONE: &str =
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36";

async fn people_see_and_end_their_other_sessions(pg: Option<&Postgres>) {
    let vendor = common::vendor().await;
    let db = temp_dir().join("gateway.sqlite3");
    let people = [("ada", "editor"), ("grace", "editor")];
    let one = start(&config(&vendor.base, &people, 30), pg, &db).await;
    let laptop = sign_in_with(&one, "ada", LAPTOP).await;
    let phone = sign_in_with(&one, "ada", PHONE).await;
    let grace = sign_in_with(&one, "grace", LAPTOP).await;

    let listed = sessions(&one, &laptop).await;
    assert_eq!(listed.len(), 2, "{listed:?}");
    let here = listed.iter().find(|s| s["current"] == true).unwrap();
    assert_eq!(
        (here["browser"].as_str(), here["system"].as_str()),
        (Some("Firefox"), Some("Linux"))
    );
    assert_eq!(here["method"], "password");
    assert_eq!(here["address"], "127.0.0.1");
    assert!(here["started"].as_i64().unwrap() > 1_700_000_000);
    let other = listed.iter().find(|s| s["current"] == false).unwrap();
    assert_eq!(other["system"], "Android");
    let text = serde_json::to_string(&listed).unwrap();
    for secret in [&laptop.cookie, &laptop.csrf, &phone.csrf] {
        let secret = secret.trim_start_matches("pc_session=");
        assert!(!text.contains(secret), "no token in the list");
    }

    // Ending is a write: no CSRF token, or another origin, is refused.
    let phone_id = other["id"].as_str().unwrap();
    let bare = Client::new()
        .delete(one.url(&format!("/gateway/sessions/{phone_id}")))
        .header("Cookie", &laptop.cookie)
        .header("Origin", &one.base)
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), StatusCode::FORBIDDEN);
    let foreign = laptop
        .on(Client::new().delete(one.url(&format!("/gateway/sessions/{phone_id}"))))
        .header("Origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    assert_eq!(who(&one, &phone).await.0, StatusCode::OK);

    // Another person's session is not hers to end.
    let graces = sessions(&one, &grace).await;
    let grace_id = graces[0]["id"].as_str().unwrap();
    assert_eq!(
        end(&one, &laptop, grace_id).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(who(&one, &grace).await.0, StatusCode::OK);

    // One ended: on every server sharing the store.
    let two = match pg {
        Some(_) => Some(
            start(
                &config(&vendor.base, &people, 30),
                pg,
                &temp_dir().join("x.sqlite3"),
            )
            .await,
        ),
        None => None,
    };
    assert_eq!(
        end(&one, &laptop, phone_id).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(who(&one, &phone).await.0, StatusCode::UNAUTHORIZED);
    if let Some(two) = &two {
        assert_eq!(who(two, &phone).await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(who(two, &laptop).await.0, StatusCode::OK);
    }
    // All others ended at once.
    let phone = sign_in_with(&one, "ada", PHONE).await;
    let tablet = sign_in_with(&one, "ada", PHONE).await;
    let r = end(&one, &laptop, "others").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["ended"], 2);
    for gone in [&phone, &tablet] {
        assert_eq!(who(&one, gone).await.0, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(who(&one, &laptop).await.0, StatusCode::OK);
    assert_eq!(who(&one, &grace).await.0, StatusCode::OK, "hers only");
    // Ending her own session signs her out here.
    let mine = sessions(&one, &laptop).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = end(&one, &laptop, &mine).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    assert_eq!(who(&one, &laptop).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn people_see_and_end_their_other_sessions_on_sqlite() {
    people_see_and_end_their_other_sessions(None).await;
}

#[tokio::test]
async fn people_see_and_end_their_other_sessions_on_postgres() {
    let pg = Postgres::start();
    people_see_and_end_their_other_sessions(Some(&pg)).await;
}

/// Moves every session's "last seen" `secs` into the past, behind the
/// server's back.
async fn age_sessions(pg: Option<&Postgres>, db: &std::path::Path, secs: i64) {
    let sql = format!("UPDATE sessions SET last_seen = last_seen - {secs}");
    match pg {
        Some(pg) => {
            use sqlx::Connection;
            let mut c = sqlx::PgConnection::connect(&pg.url).await.unwrap();
            sqlx::query(&sql).execute(&mut c).await.unwrap();
        }
        None => {
            rusqlite::Connection::open(db)
                .unwrap()
                .execute(&sql, [])
                .unwrap();
        }
    }
}

async fn sessions_end_when_idle_or_no_longer_granted(pg: Option<&Postgres>) {
    let vendor = common::vendor().await;
    let db = temp_dir().join("gateway.sqlite3");
    let before = [("ada", "editor"), ("vic", "viewer"), ("grace", "editor")];
    let p = start(&config(&vendor.base, &before, 5), pg, &db).await;
    let (ada, vic, grace) = (
        sign_in_with(&p, "ada", LAPTOP).await,
        sign_in_with(&p, "vic", LAPTOP).await,
        sign_in_with(&p, "grace", LAPTOP).await,
    );
    // Idle: unused for six minutes of five allowed, Grace's session ends;
    // the others were used a minute ago and go on.
    age_sessions(pg, &db, 6 * 60).await;
    let (status, _) = who(&p, &grace).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "idle for longer than idle_minutes"
    );
    drop(p);

    // The servers restart: Vic's account is gone, Ada is a viewer now.
    let after = [("ada", "viewer"), ("grace", "editor")];
    let p = start(&config(&vendor.base, &after, 30), pg, &db).await;
    assert_eq!(
        who(&p, &vic).await.0,
        StatusCode::UNAUTHORIZED,
        "a removed account's session ends"
    );
    assert_eq!(
        who(&p, &ada).await.0,
        StatusCode::UNAUTHORIZED,
        "a changed role's session ends"
    );
    let again = sign_in_with(&p, "ada", LAPTOP).await;
    assert_eq!(
        who(&p, &again).await.1["role"],
        "viewer",
        "she signs in again as what she is now"
    );
    let r = p.sign_in("grace").await;
    assert_eq!(who(&p, &r).await.1["role"], "editor");
}

#[tokio::test]
async fn sessions_end_when_idle_or_no_longer_granted_on_sqlite() {
    sessions_end_when_idle_or_no_longer_granted(None).await;
}

#[tokio::test]
async fn sessions_end_when_idle_or_no_longer_granted_on_postgres() {
    let pg = Postgres::start();
    sessions_end_when_idle_or_no_longer_granted(Some(&pg)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_passwords_sent_at_once_through_two_servers_are_each_counted() {
    let pg = Postgres::start();
    let vendor = common::vendor().await;
    let people = [("ada", "editor")];
    let one = start(
        &config(&vendor.base, &people, 30),
        Some(&pg),
        &temp_dir().join("a"),
    )
    .await;
    let two = start(
        &config(&vendor.base, &people, 30),
        Some(&pg),
        &temp_dir().join("b"),
    )
    .await;
    let guesser = Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 8, 1]))
        .build()
        .unwrap();
    const TRIES: usize = 40;
    let tries = (0..TRIES).map(|i| {
        let p = if i % 2 == 0 { &one } else { &two };
        guesser
            .post(p.url("/gateway/sign-in"))
            .header("Origin", &p.base)
            .json(&json!({"name": "ada", "password": format!("wrong {i}")}))
            .send()
    });
    let answers = futures_util::future::join_all(tries).await;
    for a in &answers {
        let status = a.as_ref().unwrap().status();
        assert!(
            [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS].contains(&status),
            "{status}"
        );
    }
    use sqlx::Connection;
    let mut c = sqlx::PgConnection::connect(&pg.url).await.unwrap();
    let (n,): (i64,) = sqlx::query_as("SELECT n FROM throttle WHERE key = 'address 127.0.8.1'")
        .fetch_one(&mut c)
        .await
        .unwrap();
    assert_eq!(
        n, TRIES as i64,
        "every try through either server is counted against the address"
    );
}
