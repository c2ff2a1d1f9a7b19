//! The whole audit log, as an auditor would check it: every row can be
//! paged through (no row missed or repeated while new ones arrive) and
//! exported (every matching row, memory flat), rows edited, deleted or
//! moved in the database are found by `verify-audit`, and roles decide
//! whose activity a person reads.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{temp_dir, Front, Process};
use payments_model::activity::{ChangeKind, Method as AuditMethod};
use payments_model::Message;
use payments_server::gateway::audit::{self, Attempt};
use payments_server::gateway::config::GatewayConfig;
use payments_server::gateway::store::{Location, Store};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn config_text(vendor: &str, readers: Option<&str>) -> String {
    let readers = readers
        .map(|r| format!("[gateway]\nactivity_readers = {r}\n\n"))
        .unwrap_or_default();
    format!(
        "{readers}{}{}",
        common::reviewrover("rr", &format!("{vendor}/reviewrover/api/v1")),
        common::accounts(&[("ada", "editor"), ("vic", "viewer"), ("aud", "auditor")])
    )
}

fn config(vendor: &str, readers: Option<&str>) -> GatewayConfig {
    common::parse(&config_text(vendor, readers))
}

/// An attempt by `person`, refused (so it needs no vendor) or pending.
fn attempt(n: usize, person: &str) -> Attempt {
    Attempt {
        at: format!("2026-11-{:02}T10:{:02}:00Z", 1 + n % 28, n % 60),
        person: person.into(),
        connection: "rr".into(),
        method: AuditMethod::Post,
        path: "/payments".into(),
        kind: [ChangeKind::Create, ChangeKind::Edit, ChangeKind::Delete][n % 3].clone(),
        payment_id: Some(format!("p{n}")),
        sent: vec![("amount".into(), format!("{n}.50"))],
        before: Vec::new(),
        context: Default::default(),
    }
}

/// Appends `n` attempts to the store file `db` directly.
async fn fill(db: &Path, n: usize) {
    let store = open_store(db).await;
    for i in 0..n {
        let person = ["ada", "vic", "grace"][i % 3];
        if i % 5 == 0 {
            audit::refused(
                &store,
                &attempt(i, person),
                &Message::said("refused for the test"),
            )
            .await
            .unwrap();
        } else {
            audit::begin(&store, &attempt(i, person)).await.unwrap();
        }
    }
    // Closed, as a server that stops: its log is whole in the one file.
    store.pool().close().await;
}

/// The store's file, opened as another server would.
async fn open_store(db: &Path) -> Store {
    Store::open(&Location::File(db.to_path_buf()))
        .await
        .unwrap()
}

async fn get(f: &Front, who: &common::Signed, path: &str) -> (StatusCode, String) {
    let r = who.on(f.req(Method::GET, path)).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_row_is_paged_through_once_while_new_ones_arrive() {
    let f = Front::start(|v| config(v, None)).await;
    fill(&f.store_path, 1_250).await;
    let ada = f.sign_in("ada").await;
    // Rows keep arriving while ada pages back through the log.
    let writer = {
        let path = f.store_path.clone();
        tokio::spawn(async move {
            let db = open_store(&path).await;
            for i in 0..200 {
                audit::begin(&db, &attempt(5_000 + i, "late"))
                    .await
                    .unwrap();
            }
        })
    };
    let mut seen = Vec::new();
    let mut query = "limit=100".to_string();
    let mut first_total = None;
    loop {
        let (status, body) = get(&f, &ada, &format!("/gateway/activity?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let page: Value = serde_json::from_str(&body).unwrap();
        first_total.get_or_insert(page["total"].as_i64().unwrap());
        seen.extend(
            page["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["seq"].as_i64().unwrap()),
        );
        match page["older"].as_i64() {
            Some(before) => query = format!("limit=100&before={before}"),
            None => break,
        }
    }
    writer.await.unwrap();
    assert!(first_total.unwrap() >= 1_250);
    assert!(
        seen.windows(2).all(|w| w[0] > w[1]),
        "newest first, none repeated"
    );
    let top = seen[0];
    let db = rusqlite::Connection::open(&f.store_path).unwrap();
    let expected: Vec<i64> = db
        .prepare(
            "SELECT seq FROM audit_log WHERE answer_to IS NULL AND seq <= ?1 ORDER BY seq DESC",
        )
        .unwrap()
        .query_map([top], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(expected.len() >= 1_250);
    assert_eq!(
        seen, expected,
        "every row up to the first page's newest, once"
    );
    // The newer rows are there too, a page away.
    let (_, body) = get(
        &f,
        &ada,
        &format!("/gateway/activity?after={top}&limit=500"),
    )
    .await;
    let newer: Value = serde_json::from_str(&body).unwrap();
    assert!(newer["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["seq"].as_i64().unwrap() > top));
}

#[tokio::test]
async fn exports_hold_every_matching_row() {
    let f = Front::start(|v| config(v, None)).await;
    fill(&f.store_path, 1_600).await;
    let ada = f.sign_in("ada").await;
    let db = rusqlite::Connection::open(&f.store_path).unwrap();
    let count = |clause: &str| -> i64 {
        db.query_row(
            &format!("SELECT COUNT(*) FROM audit_log WHERE answer_to IS NULL {clause}"),
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    for (query, clause) in [
        ("", ""),
        ("person=vic", "AND person = 'vic'"),
        ("kind=refused", "AND outcome = 'refused'"),
        ("kind=edit", "AND kind = 'edit'"),
        (
            "from=2026-11-03&to=2026-11-04",
            "AND at >= '2026-11-03' AND at < '2026-11-05'",
        ),
        ("payment=p77", "AND payment_id = 'p77'"),
    ] {
        let r = ada
            .on(f.req(Method::GET, &format!("/gateway/activity.csv?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let disposition = r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_string();
        let text = r.text().await.unwrap();
        let rows = text.lines().count() as i64 - 1;
        assert_eq!(rows, count(clause), "{query}");
        let json: Value = serde_json::from_str(
            &get(&f, &ada, &format!("/gateway/activity?{query}&limit=1"))
                .await
                .1,
        )
        .unwrap();
        assert_eq!(
            json["total"].as_i64(),
            Some(rows),
            "{query}: the count the page says"
        );
        for part in query.split('&').filter(|p| !p.is_empty()) {
            let word = part.split('=').nth(1).unwrap();
            assert!(disposition.contains(word), "{disposition} names {word}");
        }
    }
    let (status, body) = get(&f, &ada, "/gateway/activity?kind=rename").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

fn verify(db: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_payments-server"))
        .args(["verify-audit", "--db"])
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[tokio::test]
async fn verify_audit_finds_rows_edited_deleted_or_moved() {
    let dir = temp_dir();
    let clean = dir.join("clean.sqlite3");
    fill(&clean, 40).await;
    let (ok, said) = verify(&clean);
    assert!(ok, "{said}");
    assert!(said.starts_with("audit log intact: 40 rows"), "{said}");
    // Everything into the one file before it is copied: a write-ahead log
    // the pool's closing has not folded back yet would be left behind.
    rusqlite::Connection::open(&clean)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    for (name, tamper, row) in [
        ("edited", "UPDATE audit_log SET sent = '[[\"amount\",\"1.00\"]]' WHERE seq = 17", "row 17"),
        ("deleted", "DELETE FROM audit_log WHERE seq = 20", "row 21"),
        (
            "moved",
            "UPDATE audit_log SET seq = 1000 WHERE seq = 8; UPDATE audit_log SET seq = 8 WHERE seq = 9; UPDATE audit_log SET seq = 9 WHERE seq = 1000;",
            "row 8",
        ),
        ("cut", "DELETE FROM audit_log WHERE seq = 40", "deleted from the end"),
    ] {
        let copy = dir.join(format!("{name}.sqlite3"));
        std::fs::copy(&clean, &copy).unwrap();
        rusqlite::Connection::open(&copy).unwrap().execute_batch(tamper).unwrap();
        let (ok, said) = verify(&copy);
        assert!(!ok, "{name}: {said}");
        assert!(said.contains(row), "{name}: {said}");
    }
}

#[tokio::test]
async fn roles_decide_whose_activity_one_reads() {
    let f = Front::start(|v| config(v, None)).await;
    fill(&f.store_path, 30).await;
    let (ada, vic, aud) = (
        f.sign_in("ada").await,
        f.sign_in("vic").await,
        f.sign_in("aud").await,
    );
    let people = |body: &str| -> Vec<String> {
        let v: Value = serde_json::from_str(body).unwrap();
        let mut p: Vec<String> = v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["person"].as_str().unwrap().to_string())
            .collect();
        p.sort();
        p.dedup();
        p
    };
    let (_, all) = get(&f, &ada, "/gateway/activity?limit=500").await;
    assert_eq!(
        people(&all),
        ["ada", "grace", "vic"],
        "editors read everyone's"
    );
    let (_, audited) = get(&f, &aud, "/gateway/activity?limit=500").await;
    assert_eq!(
        people(&audited),
        ["ada", "grace", "vic"],
        "auditors read everyone's"
    );
    let (_, own) = get(&f, &vic, "/gateway/activity?limit=500").await;
    assert_eq!(people(&own), ["vic"], "a viewer reads their own");
    let (status, _) = get(&f, &vic, "/gateway/activity?person=ada").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, csv) = get(&f, &vic, "/gateway/activity.csv").await;
    assert!(csv.lines().skip(1).all(|l| l.contains(",vic,")), "{csv}");
    assert_eq!(csv.lines().count() - 1, 10);
    let (_, history) = get(&f, &vic, "/gateway/activity?payment=p0").await;
    assert!(
        people(&history).is_empty(),
        "ada's payment's history is not vic's to read"
    );
    // An auditor reads payments and never writes.
    let (status, _) = get(&f, &aud, "/gateway/rr/payments?limit=1").await;
    assert_eq!(status, StatusCode::OK);
    let r = aud
        .on(f.req(Method::POST, "/gateway/rr/payments"))
        .json(&json!({"contact_id": "c_aud", "amount": "1.00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (_, mine) = get(&f, &aud, "/gateway/activity?person=aud").await;
    let row: Value = serde_json::from_str(&mine).unwrap();
    assert_eq!(row["rows"][0]["outcome"], "refused");

    // The configuration decides who reads everyone's.
    let narrow = Front::start(|v| config(v, Some("[\"auditor\"]"))).await;
    fill(&narrow.store_path, 9).await;
    let ada = narrow.sign_in("ada").await;
    let (_, own) = get(&narrow, &ada, "/gateway/activity?limit=500").await;
    assert_eq!(people(&own), ["ada"], "editors read their own here");
}

#[tokio::test]
async fn a_twenty_thousand_row_export_keeps_memory_flat() {
    let db = temp_dir().join("gateway.sqlite3");
    fill(&db, 20_000).await;
    let vendor = common::vendor().await;
    let p = Process::start_on(
        &config_text(&vendor.base, None),
        &[("RR", "rr_demo_token")],
        &[],
        db,
    )
    .await;
    let c = reqwest::Client::new();
    let cookie = p.sign_in("ada").await.cookie;
    // A first, small export warms the server up.
    let warm = c
        .get(p.url("/gateway/activity.csv?person=nobody"))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(warm.status(), StatusCode::OK);
    let _ = warm.text().await;
    let (before, peak_before) = (p.resident_kib(), p.peak_kib());
    let mut r = c
        .get(p.url("/gateway/activity.csv"))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    let mut lines = 0usize;
    let mut bytes = 0usize;
    while let Some(chunk) = r.chunk().await.unwrap() {
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count();
    }
    let (after, peak) = (p.resident_kib(), p.peak_kib());
    eprintln!(
        "20,000-row export: {lines} lines, {} KB; server resident {} MiB before, {} MiB after, peak {} MiB (peak before {} MiB)",
        bytes / 1024,
        before / 1024,
        after / 1024,
        peak / 1024,
        peak_before / 1024
    );
    assert_eq!(lines, 20_001, "every row and the header");
    let grown = peak.saturating_sub(before.max(peak_before)) / 1024;
    assert!(grown < 64, "the export grew the server by {grown} MiB");
}
/// `hash-password` prints an argon2 hash of the line it reads, which the
/// configuration takes and which verifies that password only.
#[test]
fn hash_password_prints_a_hash_the_configuration_takes() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_payments-server"))
        .arg("hash-password")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the command starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a long passphrase\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let hash = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    let account = payments_server::gateway::accounts::Account::new(
        "ada",
        payments_server::gateway::accounts::Role::Editor,
        &hash,
    )
    .unwrap();
    assert!(account.verify("a long passphrase"));
    assert!(!account.verify("a long passphrase\n"));
}
