//! Four eyes, through the production server in front of the simulators:
//! a write a rule names is held (202, `approval_required`, the vendor
//! sees nothing), nobody approves their own request on any path, two
//! approvers are needed where the rule says two, a payment changed while
//! waiting is shown and asked again, a rejection ends it, a request past
//! its time can never be carried out, a bulk run is held whole, and the
//! audit log tells the story in order.

mod common;

use common::{accounts, parse, reviewrover, Front, Signed};
use payments_model::version::{text_of, Read, READ_HEADER};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn config(vendor: &str, rules: &str) -> String {
    format!(
        "{}{}{rules}",
        reviewrover("rr", &format!("{vendor}/reviewrover/api/v1")),
        accounts(&[
            ("ada", "editor"),
            ("grace", "editor"),
            ("linus", "editor"),
            ("vera", "viewer"),
            ("ida", "auditor"),
        ])
    )
}

const LARGE: &str = r#"
[[approval]]
name = "Large or irreversible"
connections = ["*"]
operations = ["delete"]
amount_at_least = { USD = "1000.00" }
approvers = 1
approver_roles = ["editor"]
"#;

async fn start(rules: &str) -> Front {
    let rules = rules.to_string();
    Front::start(move |v| parse(&config(v, &rules))).await
}

async fn call(
    f: &Front,
    who: &Signed,
    method: Method,
    path: &str,
    body: Value,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let mut r = who.on(f.req(method, path));
    if !body.is_null() {
        r = r.json(&body);
    }
    let r = r.send().await.unwrap();
    let (status, headers) = (r.status(), r.headers().clone());
    (status, headers, r.json().await.unwrap_or_default())
}

/// A payment with `amount`, made at the vendor directly (a rule may
/// hold a create through the gateway); its id.
async fn payment(f: &Front, _who: &Signed, amount: &str) -> String {
    let r = reqwest::Client::new()
        .post(f.vendor.url("/reviewrover/api/v1/payments"))
        .bearer_auth("rr_demo_token")
        .json(&json!({"contact_id": "c_four_eyes", "amount": amount, "status": "pending"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    text_of(&r.json::<Value>().await.unwrap()["id"])
}

/// The payment as the vendor has it, asked directly (not through the
/// gateway): `None` when it is gone.
async fn at_vendor(f: &Front, id: &str) -> Option<Value> {
    let r = reqwest::Client::new()
        .get(f.vendor.url(&format!("/reviewrover/api/v1/payments/{id}")))
        .bearer_auth("rr_demo_token")
        .send()
        .await
        .unwrap();
    (r.status() == StatusCode::OK).then_some(r.json().await.unwrap())
}

/// The request a held write became, as its answer's header names it.
fn held(h: &reqwest::header::HeaderMap) -> i64 {
    h["x-payments-held"].to_str().unwrap().parse().unwrap()
}

/// Deletes payment `id` as `who`, which a rule holds: the request's id.
async fn held_delete(f: &Front, who: &Signed, id: &str) -> i64 {
    let (s, h, _) = call(
        f,
        who,
        Method::DELETE,
        &format!("/gateway/rr/payments/{id}"),
        Value::Null,
    )
    .await;
    assert_eq!(s, StatusCode::ACCEPTED);
    held(&h)
}

async fn decide(f: &Front, who: &Signed, id: i64, how: &str, body: Value) -> (StatusCode, Value) {
    let (s, _, v) = call(
        f,
        who,
        Method::POST,
        &format!("/gateway/approvals/{id}/{how}"),
        body,
    )
    .await;
    (s, v)
}

#[tokio::test]
async fn a_held_write_reaches_the_vendor_only_once_a_colleague_approves_it() {
    let f = start(LARGE).await;
    let (ada, grace) = (f.sign_in("ada").await, f.sign_in("grace").await);
    let id = payment(&f, &ada, "1500.00").await;
    let read = Read(vec![("amount".into(), Some("1500.00".into()))]).to_header();

    // An edit under the threshold of a payment over it is held too: the
    // payment's own size counts.
    let r = ada
        .on(f.req(Method::DELETE, &format!("/gateway/rr/payments/{id}")))
        .header(READ_HEADER, read.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let request = held(r.headers());
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "approval_required");
    assert_eq!(body["args"]["rule"], "Large or irreversible");
    assert!(
        at_vendor(&f, &id).await.is_some(),
        "nothing reached the vendor"
    );

    // Nobody approves their own request; a viewer decides nothing.
    let (s, v) = decide(&f, &ada, request, "approve", json!({"reason": "mine"})).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("own_request"))
    );
    let (s, _) = decide(&f, &ada, request, "reject", json!({"reason": "mine"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let vera = f.sign_in("vera").await;
    let (s, v) = decide(&f, &vera, request, "approve", json!({"reason": ""})).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("no_such_approval")),
        "{v}"
    );
    let ida = f.sign_in("ida").await;
    let (s, v) = decide(&f, &ida, request, "approve", json!({"reason": ""})).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_an_approver")),
        "{v}"
    );
    // Without the CSRF token, nothing.
    let r = f
        .req(
            Method::POST,
            &format!("/gateway/approvals/{request}/approve"),
        )
        .header("Cookie", &grace.cookie)
        .json(&json!({"reason": "ok"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(at_vendor(&f, &id).await.is_some());

    // Grace sees it waiting for her, the payment set against now.
    let (_, _, list) = call(
        &f,
        &grace,
        Method::GET,
        "/gateway/approvals?awaiting=1",
        Value::Null,
    )
    .await;
    assert_eq!(list["awaiting_me"], 1);
    assert_eq!(list["requests"][0]["id"], request);
    let (_, _, one) = call(
        &f,
        &grace,
        Method::GET,
        &format!("/gateway/approvals/{request}"),
        Value::Null,
    )
    .await;
    assert_eq!(one["may_decide"], true);
    assert_eq!(one["requested_by"], "ada");
    let amount = one["items"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["field"] == "amount")
        .unwrap()
        .clone();
    assert_eq!(amount["now"], "1500.00");

    let (s, done) = decide(
        &f,
        &grace,
        request,
        "approve",
        json!({"reason": "duplicate"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{done}");
    assert_eq!(done["state"], "done");
    assert_eq!(done["items"][0]["outcome"]["kind"], "done");
    assert!(at_vendor(&f, &id).await.is_none(), "carried out");
    // Once: a second approval finds it ended.
    let linus = f.sign_in("linus").await;
    let (s, v) = decide(&f, &linus, request, "approve", json!({"reason": "me too"})).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::CONFLICT, Some("approval_ended"))
    );

    // The log tells the story, oldest first: asked, approved, carried out
    // for ada with who approved it.
    let rows = f.activity(&grace, &format!("payment={id}")).await;
    let story: Vec<(String, String)> = rows
        .iter()
        .rev()
        .map(|r| {
            (
                r["person"].as_str().unwrap().into(),
                r["outcome"].as_str().unwrap().into(),
            )
        })
        .collect();
    let tail = &story[story.len() - 3..];
    assert_eq!(
        tail,
        [
            ("ada".into(), "requested".into()),
            ("grace".into(), "approved".into()),
            ("ada".into(), "answered".into())
        ]
    );
    assert_eq!(rows[0]["context"]["approval"]["approved_by"][0], "grace");
    assert_eq!(rows[0]["context"]["approval"]["request"], request);
}

#[tokio::test]
async fn small_writes_pass_and_a_change_while_waiting_is_shown_before_approval() {
    let f = start(LARGE).await;
    let (ada, grace) = (f.sign_in("ada").await, f.sign_in("grace").await);
    let id = payment(&f, &ada, "20.00").await;
    // Under the threshold, not a listed operation: forwarded at once.
    let (s, _, _) = call(
        &f,
        &ada,
        Method::PUT,
        &format!("/gateway/rr/payments/{id}"),
        json!({"amount": "30.00"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    // Raising it to the threshold is held: the amount after counts.
    let read = Read(vec![("amount".into(), Some("30.00".into()))]).to_header();
    let r = ada
        .on(f.req(Method::PUT, &format!("/gateway/rr/payments/{id}")))
        .header(READ_HEADER, read)
        .json(&json!({"amount": "1000.00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let request = held(r.headers());
    assert_eq!(
        text_of(&at_vendor(&f, &id).await.unwrap()["amount"]),
        "30.00"
    );

    // Linus changes the payment meanwhile.
    let linus = f.sign_in("linus").await;
    let (s, _, _) = call(
        &f,
        &linus,
        Method::PUT,
        &format!("/gateway/rr/payments/{id}"),
        json!({"amount": "31.00"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (_, _, one) = call(
        &f,
        &grace,
        Method::GET,
        &format!("/gateway/approvals/{request}"),
        Value::Null,
    )
    .await;
    assert_eq!(one["items"][0]["changed"][0]["now"], "31.00", "{one}");
    // Approving shows what changed and asks again.
    let (s, v) = decide(&f, &grace, request, "approve", json!({"reason": "ok"})).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::CONFLICT, Some("approval_changed"))
    );
    assert_eq!(v["conflict"]["changes"][0]["now"], "31.00");
    assert_eq!(
        text_of(&at_vendor(&f, &id).await.unwrap()["amount"]),
        "31.00"
    );
    let (s, v) = decide(
        &f,
        &grace,
        request,
        "approve",
        json!({"reason": "still right", "despite_changes": true}),
    )
    .await;
    assert_eq!(
        (s, v["state"].as_str()),
        (StatusCode::OK, Some("done")),
        "{v}"
    );
    assert_eq!(
        text_of(&at_vendor(&f, &id).await.unwrap()["amount"]),
        "1000.00"
    );
}

#[tokio::test]
async fn two_approvers_are_two_people_and_one_rejection_decides() {
    let rules = r#"
[[approval]]
name = "Deletes"
connections = ["rr"]
operations = ["delete"]
approvers = 2
approver_roles = ["editor"]
"#;
    let f = start(rules).await;
    let (ada, grace, linus) = (
        f.sign_in("ada").await,
        f.sign_in("grace").await,
        f.sign_in("linus").await,
    );
    let held = |id: String| {
        let r = ada.on(f.req(Method::DELETE, &format!("/gateway/rr/payments/{id}")));
        async move {
            let r = r.send().await.unwrap();
            assert_eq!(r.status(), StatusCode::ACCEPTED);
            held(r.headers())
        }
    };
    let id = payment(&f, &ada, "5.00").await;
    let request = held(id.clone()).await;
    let (s, v) = decide(&f, &grace, request, "approve", json!({"reason": "one"})).await;
    assert_eq!((s, v["state"].as_str()), (StatusCode::OK, Some("waiting")));
    assert!(at_vendor(&f, &id).await.is_some(), "one approval of two");
    let (s, v) = decide(&f, &grace, request, "approve", json!({"reason": "twice"})).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::CONFLICT, Some("approved_already"))
    );
    let (s, v) = decide(&f, &linus, request, "approve", json!({"reason": "two"})).await;
    assert_eq!(
        (s, v["state"].as_str()),
        (StatusCode::OK, Some("done")),
        "{v}"
    );
    assert!(at_vendor(&f, &id).await.is_none());

    let other = payment(&f, &ada, "6.00").await;
    let request = held(other.clone()).await;
    let (s, v) = decide(&f, &grace, request, "reject", json!({"reason": ""})).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("rejection_reason"))
    );
    let (s, v) = decide(
        &f,
        &grace,
        request,
        "reject",
        json!({"reason": "wrong customer"}),
    )
    .await;
    assert_eq!((s, v["state"].as_str()), (StatusCode::OK, Some("rejected")));
    assert_eq!(v["rejection"]["reason"], "wrong customer");
    let (s, _) = decide(&f, &linus, request, "approve", json!({"reason": "late"})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(
        at_vendor(&f, &other).await.is_some(),
        "a rejected request never runs"
    );
}

#[tokio::test]
async fn a_bulk_run_is_held_whole_and_splitting_it_does_not_get_round_the_count() {
    let rules = r#"
[[approval]]
name = "Many at once"
connections = ["*"]
bulk_at_least = 4
approver_roles = ["editor"]
"#;
    let f = start(rules).await;
    let (ada, grace) = (f.sign_in("ada").await, f.sign_in("grace").await);
    let mut ids = Vec::new();
    for i in 0..7 {
        ids.push(payment(&f, &grace, &format!("{i}.00")).await);
    }
    let run = |ids: &[String]| {
        json!({"connection": "rr", "writes": ids.iter().map(|id| json!({
            "method": "PUT", "path": format!("/payments/{id}"), "body": "{\"status\":\"paid\"}"
        })).collect::<Vec<_>>()})
    };
    // Three: under the count, announced and sent one by one.
    let (s, _, _) = call(&f, &ada, Method::POST, "/gateway/runs", run(&ids[..3])).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    for id in &ids[..3] {
        let (s, _, _) = call(
            &f,
            &ada,
            Method::PUT,
            &format!("/gateway/rr/payments/{id}"),
            json!({"status": "paid"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
    }
    // The next run of four, split or not, brings it to the count: held
    // whole, as one request listing every payment.
    let (s, h, v) = call(&f, &ada, Method::POST, "/gateway/runs", run(&ids[3..])).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::ACCEPTED, Some("approval_required"))
    );
    let request = held(&h);
    let (_, _, one) = call(
        &f,
        &grace,
        Method::GET,
        &format!("/gateway/approvals/{request}"),
        Value::Null,
    )
    .await;
    assert_eq!(one["items"].as_array().unwrap().len(), 4);
    assert_eq!(one["items"][0]["fields"][0]["would_be"], "paid");
    // One write alone after the three is held too.
    let (s, _, _) = call(
        &f,
        &ada,
        Method::PUT,
        &format!("/gateway/rr/payments/{}", ids[3]),
        json!({"status": "paid"}),
    )
    .await;
    assert_eq!(s, StatusCode::ACCEPTED);
    for id in &ids[3..] {
        assert_eq!(at_vendor(&f, id).await.unwrap()["status"], "pending");
    }
    let (s, v) = decide(
        &f,
        &grace,
        request,
        "approve",
        json!({"reason": "month end"}),
    )
    .await;
    assert_eq!(
        (s, v["state"].as_str()),
        (StatusCode::OK, Some("done")),
        "{v}"
    );
    for (at, id) in ids[3..].iter().enumerate() {
        assert_eq!(at_vendor(&f, id).await.unwrap()["status"], "paid");
        assert_eq!(v["items"][at]["outcome"]["kind"], "done");
    }
}

#[tokio::test]
async fn a_request_past_its_time_can_never_be_carried_out() {
    let rules = r#"
[[approval]]
name = "Deletes"
connections = ["*"]
operations = ["delete"]
approver_roles = ["editor"]
expires_after = "1m"
"#;
    let f = start(rules).await;
    let (ada, grace) = (f.sign_in("ada").await, f.sign_in("grace").await);
    let id = payment(&f, &ada, "5.00").await;
    let request = held_delete(&f, &ada, &id).await;
    // Its time passes (the store's clock is the request's own column).
    let url = format!("sqlite://{}", f.store_path.display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query("UPDATE approval_requests SET expires = 0 WHERE id = ?")
        .bind(request)
        .execute(&pool)
        .await
        .unwrap();
    let (s, v) = decide(&f, &grace, request, "approve", json!({"reason": "late"})).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::CONFLICT, Some("approval_ended")),
        "{v}"
    );
    let (_, _, one) = call(
        &f,
        &grace,
        Method::GET,
        &format!("/gateway/approvals/{request}"),
        Value::Null,
    )
    .await;
    assert_eq!(one["state"], "expired");
    assert!(at_vendor(&f, &id).await.is_some());
    let rows = f.activity(&grace, &format!("payment={id}")).await;
    assert_eq!(rows[0]["outcome"], "expired");
}

#[tokio::test]
async fn crafted_decisions_and_runs_are_refused_with_their_reason_and_words_kept_as_written() {
    let f = start(LARGE).await;
    let (ada, grace) = (f.sign_in("ada").await, f.sign_in("grace").await);
    let id = payment(&f, &ada, "1500.00").await;
    let request = held_delete(&f, &ada, &id).await;
    let path = format!("/gateway/approvals/{request}/reject");
    // Not JSON, a reason too long, an id that is no number.
    let r = grace
        .on(f.req(Method::POST, &path))
        .header("Content-Type", "application/json")
        .body("{\"reason\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let long = "é".repeat(2_001);
    let (s, v) = decide(&f, &grace, request, "reject", json!({ "reason": long })).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("reason_too_long"))
    );
    let (s, _, _) = call(
        &f,
        &grace,
        Method::GET,
        "/gateway/approvals/..%2F1",
        Value::Null,
    )
    .await;
    assert!(s.is_client_error(), "{s}");
    // A run of more writes than a request holds, or with a read that is
    // not one, is refused whole; nothing is held.
    let write = json!({"method": "DELETE", "path": format!("/payments/{id}")});
    let many = json!({"connection": "rr", "writes": vec![write.clone(); 1_001]});
    let (s, _, v) = call(&f, &ada, Method::POST, "/gateway/runs", many).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("run_too_large"))
    );
    let mut bad = write.clone();
    bad["read"] = json!("%7Bnot-a-read");
    let (s, _, v) = call(
        &f,
        &ada,
        Method::POST,
        "/gateway/runs",
        json!({"connection": "rr", "writes": [bad]}),
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("run_unreadable"))
    );
    let (_, _, list) = call(&f, &grace, Method::GET, "/gateway/approvals", Value::Null).await;
    assert_eq!(list["requests"].as_array().unwrap().len(), 1);
    // Any words, as written: kept and shown back exactly.
    let words = "Nein — 拒否 ✋ \u{202e}ltr\n<b>not html</b>";
    let (s, v) = decide(&f, &grace, request, "reject", json!({ "reason": words })).await;
    assert_eq!(
        (s, v["state"].as_str()),
        (StatusCode::OK, Some("rejected")),
        "{v}"
    );
    assert_eq!(v["rejection"]["reason"], words.trim());
    assert!(at_vendor(&f, &id).await.is_some());
}
