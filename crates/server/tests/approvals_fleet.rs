//! Four eyes across a fleet: two production servers (the binary) on one
//! PostgreSQL store. A held create is approved by two people at the same
//! moment, one on each server: one store transaction decides, so the
//! vendor receives the create once (one payment with its reference), the
//! log holds one carrying out, and the losing approver is told it has
//! ended. The requester, following the other server, hears the outcome.

mod common;

use common::postgres::Postgres;
use common::stream::Stream;
use common::{temp_dir, Process, Signed};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

fn config(vendor: &str) -> String {
    format!(
        "{}{}{}",
        common::reviewrover("rr", &format!("{vendor}/reviewrover/api/v1")),
        common::accounts(&[("ada", "editor"), ("grace", "editor"), ("linus", "editor")]),
        "[[approval]]\nname = \"New payments\"\nconnections = [\"rr\"]\noperations = [\"create\"]\napprover_roles = [\"editor\"]\n"
    )
}

async fn start(config: &str, pg: &Postgres) -> Process {
    let env = [
        ("RR", "rr_demo_token"),
        ("PAYMENTS_DATABASE_URL", pg.url.as_str()),
    ];
    Process::start_on(config, &env, &[], temp_dir().join("gateway.sqlite3")).await
}

fn on(p: &Process, who: &Signed, method: Method, path: &str) -> reqwest::RequestBuilder {
    who.on(Client::new().request(method, p.url(path)))
        .header("Origin", &p.base)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_approvals_at_once_on_two_servers_carry_a_request_out_once() {
    let pg = Postgres::start();
    let vendor = common::vendor().await;
    let one = start(&config(&vendor.base), &pg).await;
    let two = start(&config(&vendor.base), &pg).await;
    let ada = one.sign_in("ada").await;
    let (grace, linus) = (one.sign_in("grace").await, two.sign_in("linus").await);
    let mut adas = Stream::open(&two.base, &two.sign_in("ada").await, "")
        .await
        .unwrap();

    for round in 0..5 {
        let contact = format!("c_race_{round}");
        let r = on(&one, &ada, Method::POST, "/gateway/rr/payments")
            .json(&json!({"contact_id": contact, "amount": "10.00", "status": "pending"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::ACCEPTED);
        let id: i64 = r.headers()["x-payments-held"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let path = format!("/gateway/approvals/{id}/approve");
        let (a, b) = tokio::join!(
            on(&one, &grace, Method::POST, &path)
                .json(&json!({"reason": "g"}))
                .send(),
            on(&two, &linus, Method::POST, &path)
                .json(&json!({"reason": "l"}))
                .send(),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        let statuses = [a.status(), b.status()];
        let bodies: [Value; 2] = [a.json().await.unwrap(), b.json().await.unwrap()];
        assert!(statuses.contains(&StatusCode::OK), "{bodies:?}");
        let won = bodies.iter().filter(|b| b["state"] == "done").count();
        assert_eq!(won, 1, "{bodies:?}");
        let lost = bodies
            .iter()
            .find(|b| b.get("state").is_none_or(|s| s != "done"))
            .unwrap();
        assert!(
            lost["code"] == "approval_ended"
                || lost["code"] == "approved_already"
                || lost["state"] == "approved",
            "{lost}"
        );
        // The vendor holds one payment of this contact.
        let list: Value = Client::new()
            .get(format!(
                "{}/reviewrover/api/v1/payments?limit=100",
                vendor.base
            ))
            .bearer_auth("rr_demo_token")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let made = list["payments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["contact_id"] == contact.as_str())
            .count();
        assert_eq!(made, 1, "round {round}: {list}");
        // Ada, on the other server, hears it is done.
        let mut heard = None;
        while let Some((event, _, data)) = adas.next().await {
            if event == "approval" && data["id"] == id && data["state"] == "done" {
                heard = Some(data);
                break;
            }
        }
        assert_eq!(heard.unwrap()["rule"], "New payments");
    }
    // The log: five requests, five carried out.
    let rows: Value = on(&one, &grace, Method::GET, "/gateway/activity?limit=100")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let carried = rows["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "create" && r["outcome"] == "answered")
        .count();
    assert_eq!(carried, 5, "{rows:#}");
}
