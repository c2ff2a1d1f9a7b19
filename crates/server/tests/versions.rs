//! No change lost between colleagues, through the production server's
//! gateway in front of the simulators: a write made from a stale read is
//! refused with what changed (and who changed it, for those who may read
//! the Activity log), a change to other fields goes through, overwriting
//! is an explicit choice the log records, a stale delete is caught, and
//! every outcome has its audit row. Changes stream to every signed-in
//! page (`/gateway/events`), with who made them only for those who may
//! know, never back to the page that made them, and resume after a
//! reconnect.

mod common;

use common::stream::Stream;
use common::{Front, Signed};
use payments_model::version::{text_of, Read, OVERWRITE_HEADER, READ_HEADER};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn config(vendor: &str) -> payments_server::gateway::config::GatewayConfig {
    common::parse(&format!(
        "[gateway]\nactivity_readers = [\"auditor\", \"editor\"]\n\n{}{}",
        common::reviewrover("rr", &format!("{vendor}/reviewrover/api/v1")),
        common::accounts(&[("ada", "editor"), ("grace", "editor"), ("vic", "viewer")])
    ))
}

/// Creates a payment of `amount` through the gateway; its id.
async fn create(front: &Front, who: &Signed, amount: &str) -> String {
    let r = who
        .on(front.req(Method::POST, "/gateway/rr/payments"))
        .json(&json!({"contact_id": "c_team", "amount": amount, "status": "pending"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.unwrap();
    v["id"]
        .as_str()
        .map_or_else(|| v["id"].to_string(), str::to_string)
}

/// The payment as the vendor has it now.
async fn read(front: &Front, who: &Signed, id: &str) -> Value {
    let r = who
        .on(front.req(Method::GET, &format!("/gateway/rr/payments/{id}")))
        .send()
        .await
        .unwrap();
    r.json().await.unwrap()
}

/// What a write made from `payment` says of `fields`.
fn made_from(payment: &Value, fields: &[&str]) -> String {
    Read(
        fields
            .iter()
            .map(|f| (f.to_string(), payment.get(*f).map(text_of)))
            .collect(),
    )
    .to_header()
}

/// A write of `body` to payment `id` made from `read`.
async fn put(
    front: &Front,
    who: &Signed,
    id: &str,
    body: Value,
    read: &str,
    overwrite: bool,
) -> (StatusCode, Value) {
    let mut r = who
        .on(front.req(Method::PUT, &format!("/gateway/rr/payments/{id}")))
        .header(READ_HEADER, read)
        .json(&body);
    if overwrite {
        r = r.header(OVERWRITE_HEADER, "1");
    }
    let r = r.send().await.unwrap();
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_stale_edit_is_refused_with_what_changed_and_who_changed_it() {
    let front = Front::start(config).await;
    let (ada, grace) = (front.sign_in("ada").await, front.sign_in("grace").await);
    let id = create(&front, &ada, "100.00").await;
    // Both open the payment.
    let opened = read(&front, &ada, &id).await;
    let amount_read = made_from(&opened, &["amount"]);

    let (status, _) = put(
        &front,
        &ada,
        &id,
        json!({"amount": "111.11"}),
        &amount_read,
        false,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // Grace's form still says 100.00.
    let (status, body) = put(
        &front,
        &grace,
        &id,
        json!({"amount": "222.22"}),
        &amount_read,
        false,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "changed_since_read");
    let change = &body["conflict"]["changes"][0];
    assert_eq!(change["field"], "amount");
    assert_eq!(text_of(&change["then"]), text_of(&opened["amount"]));
    assert_eq!(change["now"], "111.11");
    assert_eq!(body["conflict"]["by"]["person"], "ada");
    assert!(body["conflict"]["by"]["at"]
        .as_str()
        .unwrap()
        .ends_with('Z'));
    assert_eq!(
        text_of(&read(&front, &grace, &id).await["amount"]),
        "111.11",
        "Ada's amount stands"
    );

    // A change to another field made from the same stale page goes through.
    let (status, body) = put(
        &front,
        &grace,
        &id,
        json!({"status": "paid"}),
        &made_from(&opened, &["status"]),
        false,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Overwriting is a choice: it goes through, and the log says so.
    let (status, _) = put(
        &front,
        &grace,
        &id,
        json!({"amount": "222.22"}),
        &amount_read,
        true,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let now = read(&front, &grace, &id).await;
    assert_eq!(text_of(&now["amount"]), "222.22");
    assert_eq!(now["status"], "paid", "the other change was kept");

    let rows = front.activity(&ada, &format!("payment={id}")).await;
    let outcomes: Vec<(&str, bool)> = rows
        .iter()
        .map(|r| {
            let overwrote = r["context"]["overwrote"] == true;
            (r["outcome"].as_str().unwrap(), overwrote)
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            ("answered", true),
            ("answered", false),
            ("conflict", false),
            ("answered", false),
            ("answered", false),
        ],
        "{rows:#?}"
    );
    assert_eq!(rows[2]["context"]["changed_since_read"][0]["now"], "111.11");
    assert_eq!(
        rows[0]["context"]["changed_since_read"][0]["field"],
        "amount"
    );
    let caught = front.activity(&ada, "kind=conflict").await;
    assert_eq!(caught.len(), 2, "the conflict and the overwrite");
}

#[tokio::test]
async fn a_stale_delete_is_caught_and_a_deleted_payment_named() {
    let front = Front::start(config).await;
    let (ada, grace) = (front.sign_in("ada").await, front.sign_in("grace").await);
    let id = create(&front, &ada, "100.00").await;
    let opened = read(&front, &grace, &id).await;
    let whole = made_from(&opened, &["id", "amount", "status", "contact_id"]);
    let (status, _) = put(
        &front,
        &ada,
        &id,
        json!({"status": "paid"}),
        &made_from(&opened, &["status"]),
        false,
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    let delete = |read: String| {
        grace
            .on(front.req(Method::DELETE, &format!("/gateway/rr/payments/{id}")))
            .header(READ_HEADER, read)
            .send()
    };
    let r = delete(whole.clone()).await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["conflict"]["changes"][0]["field"], "status");
    assert_eq!(body["conflict"]["changes"][0]["now"], "paid");
    // Asked again, with the payment as it is now: deleted.
    let fresh = read(&front, &grace, &id).await;
    let r = delete(made_from(&fresh, &["id", "amount", "status", "contact_id"]))
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());

    // Ada's form, opened before, saves into a payment that is gone.
    let (status, body) = put(
        &front,
        &ada,
        &id,
        json!({"amount": "5.00"}),
        &made_from(&opened, &["amount"]),
        false,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "gone_since_read");
    assert_eq!(body["conflict"]["gone"], true);
    assert_eq!(body["conflict"]["by"]["person"], "grace");
}

#[tokio::test]
async fn who_changed_it_is_told_only_to_those_who_read_the_log() {
    let front = Front::start(|vendor| {
        common::parse(&format!(
            "[gateway]\nactivity_readers = [\"auditor\"]\n\n{}{}",
            common::reviewrover("rr", &format!("{vendor}/reviewrover/api/v1")),
            common::accounts(&[("ada", "editor"), ("grace", "editor")])
        ))
    })
    .await;
    let (ada, grace) = (front.sign_in("ada").await, front.sign_in("grace").await);
    let id = create(&front, &ada, "100.00").await;
    let opened = read(&front, &ada, &id).await;
    let amount_read = made_from(&opened, &["amount"]);
    put(
        &front,
        &ada,
        &id,
        json!({"amount": "111.11"}),
        &amount_read,
        false,
    )
    .await;
    let (status, body) = put(
        &front,
        &grace,
        &id,
        json!({"amount": "222.22"}),
        &amount_read,
        false,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["conflict"]["changes"][0]["now"], "111.11");
    assert!(body["conflict"]["by"].is_null(), "{body}");
    assert!(!body.to_string().contains("ada"), "{body}");
}

#[tokio::test]
async fn an_unreadable_version_is_refused_and_recorded() {
    let front = Front::start(config).await;
    let ada = front.sign_in("ada").await;
    let id = create(&front, &ada, "100.00").await;
    for bad in ["%7B%22not%22", "x", &"%5B".repeat(20_000)] {
        let r = ada
            .on(front.req(Method::PUT, &format!("/gateway/rr/payments/{id}")))
            .header(READ_HEADER, bad)
            .json(&json!({"amount": "1.00"}))
            .send()
            .await
            .unwrap();
        let status = r.status();
        let body: Value = r.json().await.unwrap_or_default();
        assert!(
            status == StatusCode::BAD_REQUEST
                || status == StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "{status} {body}"
        );
        if status == StatusCode::BAD_REQUEST {
            assert_eq!(body["code"], "read_unreadable");
        }
    }
    let rows = front.activity(&ada, &format!("payment={id}")).await;
    assert!(rows.iter().filter(|r| r["outcome"] == "refused").count() >= 2);
    assert_eq!(text_of(&read(&front, &ada, &id).await["amount"]), "100.00");
}

#[tokio::test]
async fn changes_stream_to_each_page_as_it_may_see_them() {
    let front = Front::start(|vendor| {
        common::parse(&format!(
            "[gateway]\nactivity_readers = [\"auditor\", \"editor\"]\n\n{}{}",
            common::reviewrover("rr", &format!("{vendor}/reviewrover/api/v1")),
            common::accounts(&[("ada", "editor"), ("grace", "editor"), ("vic", "viewer")])
        ))
    })
    .await;
    let (ada, grace, vic) = (
        front.sign_in("ada").await,
        front.sign_in("grace").await,
        front.sign_in("vic").await,
    );
    let mut graces = Stream::open(&front.base, &grace, "").await.unwrap();
    let mut vics = Stream::open(&front.base, &vic, "").await.unwrap();
    // Ada's page, whose own writes it is not told of.
    let mut adas = Stream::open(&front.base, &ada, "?tab=ada-page-1")
        .await
        .unwrap();

    let r = ada
        .on(front.req(Method::POST, "/gateway/rr/payments"))
        .header("x-payments-tab", "ada-page-1")
        .json(&json!({"contact_id": "c_live", "amount": "7.00", "status": "pending"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let made: Value = r.json().await.unwrap();

    let (event, id, seen) = graces.next().await.expect("grace hears of it");
    assert_eq!(event, "change");
    assert_eq!(seen["connection"], "rr");
    assert_eq!(seen["kind"], "create");
    assert_eq!(seen["person"], "ada", "an editor reads the log");
    assert_eq!(seen["ids"][0].as_str(), Some(text_of(&made["id"]).as_str()));
    assert!(seen["fields"].to_string().contains("7.00"));
    assert_eq!(id, seen["seq"].to_string());

    let (_, _, seen_by_vic) = vics.next().await.expect("vic hears of it");
    assert_eq!(seen_by_vic["kind"], "create");
    assert!(seen_by_vic.get("person").is_none(), "{seen_by_vic}");

    // Another of Ada's pages writes: her first page hears of that one only.
    let other = ada
        .on(front.req(Method::POST, "/gateway/rr/payments"))
        .header("x-payments-tab", "ada-page-2")
        .json(&json!({"contact_id": "c_live", "amount": "8.00", "status": "pending"}))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::CREATED);
    let (_, _, heard) = adas
        .next()
        .await
        .expect("ada's first page hears of her second");
    assert!(heard["fields"].to_string().contains("8.00"), "{heard}");
    assert_eq!(heard["person"], "ada");

    // Grace's page drops; two writes later it reconnects where it left off.
    let (_, last, _) = graces.next().await.expect("the second write");
    drop(graces);
    for amount in ["9.00", "10.00"] {
        create(&front, &ada, amount).await;
    }
    let mut again = Stream::open_after(&front.base, &grace, "", &last)
        .await
        .unwrap();
    let (_, _, first) = again.next().await.unwrap();
    let (_, _, second) = again.next().await.unwrap();
    assert!(first["fields"].to_string().contains("9.00"), "{first}");
    assert!(second["fields"].to_string().contains("10.00"), "{second}");
}

#[tokio::test]
async fn streams_are_bounded_per_person_and_need_a_session() {
    let front = Front::start(config).await;
    let vic = front.sign_in("vic").await;
    let mut open = Vec::new();
    for _ in 0..payments_server::gateway::events::PER_PERSON {
        open.push(Stream::open(&front.base, &vic, "").await.unwrap());
    }
    let (status, body) = Stream::open(&front.base, &vic, "").await.err().unwrap();
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["code"], "too_many_streams");
    // Another person is not held back by Vic's pages.
    let ada = front.sign_in("ada").await;
    assert!(Stream::open(&front.base, &ada, "").await.is_ok());
    // One closes: Vic may open one again.
    open.pop();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(Stream::open(&front.base, &vic, "").await.is_ok());
    // Nobody signed in: refused.
    let nobody = Signed {
        cookie: "pc_session=nothing".into(),
        csrf: String::new(),
    };
    let (status, _) = Stream::open(&front.base, &nobody, "").await.err().unwrap();
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
