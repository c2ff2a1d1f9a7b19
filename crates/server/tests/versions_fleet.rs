//! No change lost across a fleet: two production servers (the binary, as
//! a company runs it) on one PostgreSQL store. Fifty edits of the same
//! field of one payment, all made from the same read, sent at once
//! through both: exactly one is applied, the rest are refused with what
//! changed, and the audit chain stays whole. A change made through one
//! server reaches a page following the other at once (`NOTIFY`). And a
//! thousand open streams, measured: what they cost in memory.

mod common;

use common::postgres::Postgres;
use common::stream::Stream;
use common::{temp_dir, Process, Signed};
use payments_model::version::{text_of, Read, READ_HEADER};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

fn config(vendor: &str, people: &[(&str, &str)]) -> String {
    format!(
        "{}{}",
        common::reviewrover("rr", &format!("{vendor}/reviewrover/api/v1")),
        common::accounts(people)
    )
}

async fn start(config: &str, pg: Option<&Postgres>) -> Process {
    let mut env = vec![("RR", "rr_demo_token")];
    if let Some(pg) = pg {
        env.push(("PAYMENTS_DATABASE_URL", pg.url.as_str()));
    }
    Process::start_on(config, &env, &[], temp_dir().join("gateway.sqlite3")).await
}

async fn send(
    p: &Process,
    who: &Signed,
    method: Method,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    let r = who
        .on(Client::new().request(method, p.url(path)))
        .header("Origin", &p.base)
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap_or_default())
}

fn verify_audit(pg: &Postgres) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_payments-server"))
        .args(["verify-audit"])
        .env("PAYMENTS_DATABASE_URL", &pg.url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_edits_from_one_read_through_two_servers_apply_exactly_once() {
    let pg = Postgres::start();
    let vendor = common::vendor().await;
    let people = [("ada", "editor"), ("grace", "editor")];
    let one = start(&config(&vendor.base, &people), Some(&pg)).await;
    let two = start(&config(&vendor.base, &people), Some(&pg)).await;
    let (ada, grace) = (one.sign_in("ada").await, two.sign_in("grace").await);

    // Grace follows changes on the second server.
    let mut graces = Stream::open(&two.base, &grace, "").await.unwrap();

    let (status, made) = send(
        &one,
        &ada,
        Method::POST,
        "/gateway/rr/payments",
        json!({"contact_id": "c_fleet", "amount": "100.00", "status": "pending"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let id = text_of(&made["id"]);
    // Made through the first server, heard on the second.
    let (_, _, heard) = graces
        .next()
        .await
        .expect("the create reaches the other server");
    assert_eq!(heard["ids"][0], id.as_str());
    assert_eq!(heard["person"], "ada");

    let read = Read(vec![("amount".into(), Some(text_of(&made["amount"])))]).to_header();
    let path = format!("/gateway/rr/payments/{id}");
    let edits = (0..50).map(|i| {
        let (p, who) = if i % 2 == 0 {
            (&one, &ada)
        } else {
            (&two, &grace)
        };
        let r = who
            .on(Client::new().put(p.url(&path)))
            .header("Origin", &p.base)
            .header(READ_HEADER, read.clone())
            .json(&json!({"amount": format!("{}.50", 200 + i)}));
        async move {
            let r = r.send().await.unwrap();
            let status = r.status();
            (status, r.json::<Value>().await.unwrap_or_default())
        }
    });
    let answers = futures_util::future::join_all(edits).await;
    let applied: Vec<&Value> = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::OK)
        .map(|(_, b)| b)
        .collect();
    let refused = answers
        .iter()
        .filter(|(s, b)| *s == StatusCode::CONFLICT && b["code"] == "changed_since_read")
        .count();
    assert_eq!(applied.len(), 1, "{answers:#?}");
    assert_eq!(refused, 49, "{answers:#?}");
    // The one applied is what the payment holds; every refusal says so.
    let (_, now) = send(&two, &grace, Method::GET, &path, Value::Null).await;
    let amount = text_of(&now["amount"]);
    assert_eq!(text_of(&applied[0]["amount"]), amount);
    for (status, body) in &answers {
        if *status == StatusCode::CONFLICT {
            assert_eq!(text_of(&body["conflict"]["changes"][0]["now"]), amount);
        }
    }

    // The log: one edit answered, 49 caught, the chain whole.
    let rows: Value = ada
        .on(Client::new().get(one.url(&format!("/gateway/activity?payment={id}&limit=100"))))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let outcome = |o: &str| {
        rows["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["kind"] == "edit" && r["outcome"] == o)
            .count()
    };
    assert_eq!(
        (outcome("answered"), outcome("conflict")),
        (1, 49),
        "{rows:#}"
    );
    let verdict = verify_audit(&pg);
    assert!(verdict.contains("intact"), "{verdict}");

    // Grace's page drops and comes back on the other server: it resumes
    // where it left off, with the edit it missed.
    let (_, last, edit) = graces.next().await.expect("the edit reaches grace");
    assert_eq!(edit["kind"], "edit");
    drop(graces);
    let (status, _) = send(&one, &ada, Method::PUT, &path, json!({"status": "paid"})).await;
    assert_eq!(status, StatusCode::OK);
    let mut again = Stream::open_after(&one.base, &grace, "", &last)
        .await
        .unwrap();
    let (_, _, missed) = again.next().await.expect("the missed change is replayed");
    assert!(missed["fields"].to_string().contains("paid"), "{missed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_open_streams_cost_little_memory() {
    const PEOPLE: usize = 125;
    let vendor = common::vendor().await;
    let names: Vec<String> = (0..PEOPLE).map(|i| format!("viewer{i}")).collect();
    let mut people: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "viewer")).collect();
    people.push(("ada", "editor"));
    let server = start(&config(&vendor.base, &people), None).await;
    let ada = server.sign_in("ada").await;
    let mut sessions = Vec::new();
    for name in &names {
        sessions.push(server.sign_in(name).await);
    }
    // Warm: one stream and one change through it.
    let mut first = Stream::open(&server.base, &ada, "").await.unwrap();
    send(
        &server,
        &ada,
        Method::POST,
        "/gateway/rr/payments",
        json!({"contact_id": "c_mem", "amount": "1.00", "status": "pending"}),
    )
    .await;
    first.next().await.expect("a change");
    let before = server.resident_kib();
    let per_person = payments_server::gateway::events::PER_PERSON;
    let mut streams = vec![first];
    for who in &sessions {
        for _ in 0..per_person {
            if streams.len() == 1000 {
                break;
            }
            streams.push(Stream::open(&server.base, who, "").await.unwrap());
        }
    }
    assert_eq!(streams.len(), 1000);
    // Every stream hears the next change.
    send(
        &server,
        &ada,
        Method::POST,
        "/gateway/rr/payments",
        json!({"contact_id": "c_mem", "amount": "2.00", "status": "pending"}),
    )
    .await;
    for s in streams.iter_mut() {
        let (_, _, heard) = s.next().await.expect("every stream hears it");
        assert!(heard["fields"].to_string().contains("2.00"), "{heard}");
    }
    let after = server.resident_kib();
    let per_stream = after.saturating_sub(before) / 1000;
    eprintln!(
        "memory: {before} KiB before, {after} KiB with 1000 open streams ({per_stream} KiB each); peak {} KiB",
        server.peak_kib()
    );
    assert!(per_stream < 64, "{per_stream} KiB a stream");
    // The thousand-and-first of a person over the cap is refused, and
    // the server still answers.
    let (status, _) = Stream::open(&server.base, &sessions[0], "")
        .await
        .err()
        .unwrap();
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    drop(streams);
    let (status, _) = send(
        &server,
        &ada,
        Method::GET,
        "/gateway/rr/payments",
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}
