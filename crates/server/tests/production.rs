//! The production binary, attacked as a company's security team would
//! before approving it: started with `--config` and `--db` as the README
//! says, with its secrets in its environment. It holds no simulator, no
//! burst of sign-ins grows its memory past a bound, guessing from one
//! address never locks a person out from another, slow clients are cut
//! off, and violation reports can neither flood nor forge its log.

mod common;

use std::io::{Read, Write};
use std::net::{IpAddr, TcpStream};
use std::time::{Duration, Instant};

use common::Process;
use payments_sandbox::SIMULATORS;
use reqwest::{Client, StatusCode};
use serde_json::json;

/// A configuration with one connection (to nowhere) and one editor,
/// `ada`, whose password is `correct horse`.
fn config() -> String {
    let hash = payments_server::gateway::accounts::hash_password("correct horse").unwrap();
    format!(
        r#"
        [[connections]]
        id = "rr"
        vendor = "reviewrover"
        name = "ReviewRover"
        base_url = "http://127.0.0.1:9/api/v1"
        credentials.token = {{ env = "RR_TOKEN" }}

        [[accounts]]
        name = "ada"
        role = "editor"
        password_hash = "{hash}"
        "#
    )
}

async fn start() -> Process {
    Process::start(&config(), &[("RR_TOKEN", "rr-production-secret")], &[]).await
}

/// A client whose requests come from `address` (any of 127.0.0.0/8).
fn from(address: [u8; 4]) -> Client {
    Client::builder()
        .local_address(IpAddr::from(address))
        .build()
        .unwrap()
}

async fn sign_in(c: &Client, p: &Process, name: &str, password: &str) -> reqwest::Response {
    c.post(p.url("/gateway/sign-in"))
        .header("Origin", &p.base)
        .json(&json!({"name": name, "password": password}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_production_server_holds_no_simulator_and_prints_no_demo_credential() {
    let p = start().await;
    let c = Client::new();
    let mut probes = vec![
        "/sandbox/connections.json".to_string(),
        "/sandbox/csp-reports".into(),
        "/sandbox/faults/status/500/x".into(),
        "/sandbox/anything".into(),
    ];
    for s in SIMULATORS {
        probes.push(s.prefix.to_string());
        probes.push(format!("{}/payments", s.prefix));
        probes.push(format!("{}/payments/1", s.prefix));
    }
    for path in &probes {
        for method in [
            reqwest::Method::GET,
            reqwest::Method::POST,
            reqwest::Method::DELETE,
        ] {
            let r = c
                .request(method.clone(), p.url(path))
                .header("Authorization", "Bearer rr_demo_token")
                .header("Origin", &p.base)
                .json(&json!({"contact_id": "c_probe", "amount": "1.00"}))
                .send()
                .await
                .unwrap();
            let status = r.status();
            let body = r.text().await.unwrap();
            assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {body}");
            assert!(!body.contains("payments\""), "{path}: {body}");
        }
    }
    let printed = p.printed();
    // The start-up output (the request log's JSON lines name the probed
    // paths, as they should).
    let banner: String = printed
        .lines()
        .filter(|l| !l.starts_with('{'))
        .collect::<Vec<_>>()
        .join("\n");
    for s in SIMULATORS {
        let demo = (s.demo_connection)();
        for value in demo.secret_values() {
            assert!(!printed.contains(value), "{value} printed: {printed}");
        }
        assert!(!banner.contains(s.prefix), "{banner}");
    }
    assert!(!printed.contains("rr-production-secret"), "{printed}");
    let mut tables = common::tables(&p.db);
    tables.sort();
    for s in SIMULATORS {
        for t in s.tables {
            assert!(!tables.contains(&t.to_string()), "{t} in {tables:?}");
        }
    }
    assert_eq!(
        tables,
        [
            "_sqlx_migrations",
            "approval_decisions",
            "approval_requests",
            "audit_head",
            "audit_log",
            "gateway_keys",
            "payment_leases",
            "preferences",
            "sessions",
            "throttle",
            "totp_used"
        ],
        "the store holds the gateway's own tables (and its migrations) only"
    );
}

#[tokio::test]
async fn a_burst_of_wrong_sign_ins_grows_memory_by_a_bounded_amount() {
    let p = start().await;
    // One check first, so the pool's memory and the allocator are warm.
    assert_eq!(
        sign_in(&Client::new(), &p, "ada", "correct horse")
            .await
            .status(),
        StatusCode::OK
    );
    let before = p.resident_kib();
    // 320 at once, from 32 addresses (ten names each), so that no
    // address's throttle stops them before the password checks.
    let mut tasks = Vec::new();
    for n in 0..320u32 {
        let c = from([127, 0, 1, 1 + (n % 32) as u8]);
        let (url, origin) = (p.url("/gateway/sign-in"), p.base.clone());
        tasks.push(tokio::spawn(async move {
            let r = c
                .post(url)
                .header("Origin", origin)
                .json(&json!({"name": format!("guess{n}"), "password": "wrong"}))
                .send()
                .await
                .unwrap();
            (r.status(), r.headers().get("retry-after").is_some())
        }));
    }
    let mut counts = std::collections::BTreeMap::new();
    for t in tasks {
        let (status, retry_after) = t.await.unwrap();
        if status == StatusCode::SERVICE_UNAVAILABLE || status == StatusCode::TOO_MANY_REQUESTS {
            assert!(retry_after, "{status} says when to try again");
        }
        *counts.entry(status.as_u16()).or_insert(0) += 1;
    }
    let after = p.resident_kib();
    let grown_mib = after.saturating_sub(before) / 1024;
    eprintln!(
        "320 wrong sign-ins at once: {counts:?}; resident memory {} MiB before, {} MiB after (+{grown_mib} MiB)",
        before / 1024,
        after / 1024
    );
    assert!(counts.get(&401).copied().unwrap_or(0) > 0, "{counts:?}");
    assert!(
        counts.keys().all(|s| [401, 429, 503].contains(s)),
        "{counts:?}"
    );
    assert!(grown_mib < 150, "grew by {grown_mib} MiB");
    // The person still signs in afterwards.
    assert_eq!(
        sign_in(&from([127, 0, 2, 1]), &p, "ada", "correct horse")
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn guessing_from_one_address_never_locks_the_person_out_from_another() {
    let p = start().await;
    let guesser = from([127, 0, 3, 1]);
    let mut statuses = Vec::new();
    for _ in 0..30 {
        statuses.push(
            sign_in(&guesser, &p, "ada", "wrong")
                .await
                .status()
                .as_u16(),
        );
    }
    assert_eq!(&statuses[..5], [401; 5], "{statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
    let home = from([127, 0, 3, 2]);
    let r = sign_in(&home, &p, "ada", "correct horse").await;
    assert_eq!(r.status(), StatusCode::OK, "ada from her own address");
    assert_eq!(
        sign_in(&guesser, &p, "ada", "correct horse").await.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "while the guessing address still waits"
    );
}

#[tokio::test]
async fn many_names_from_one_address_are_slowed_then_refused() {
    let p = start().await;
    let guesser = from([127, 0, 4, 1]);
    let mut statuses = Vec::new();
    let mut last_wait = 0;
    for n in 0..150 {
        let r = sign_in(&guesser, &p, &format!("name{n}"), "wrong").await;
        statuses.push(r.status().as_u16());
        if let Some(w) = r.headers().get("retry-after") {
            last_wait = w.to_str().unwrap().parse::<u64>().unwrap();
        }
    }
    let wrong = statuses.iter().filter(|s| **s == 401).count();
    assert_eq!(
        wrong,
        payments_server::gateway::throttle::ADDRESS_FREE_TRIES as usize,
        "{statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&429));
    assert!(
        last_wait >= 600,
        "refused for minutes, not seconds: {last_wait}"
    );
    let other = from([127, 0, 4, 2]);
    assert_eq!(
        sign_in(&other, &p, "ada", "correct horse").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn names_and_bodies_have_limits() {
    let p = start().await;
    let c = Client::new();
    let long_name = sign_in(&c, &p, &"a".repeat(65), "x").await;
    assert_eq!(long_name.status(), StatusCode::BAD_REQUEST);
    let long_password = sign_in(&c, &p, "ada", &"x".repeat(2000)).await;
    assert_eq!(long_password.status(), StatusCode::BAD_REQUEST);
    let huge = c
        .post(p.url("/gateway/sign-in"))
        .header("Origin", &p.base)
        .header("Content-Type", "application/json")
        .body(format!(
            "{{\"name\": \"ada\", \"password\": \"{}\"}}",
            "x".repeat(100_000)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

/// Writes `bytes` one a second until the server closes the connection;
/// how many it took. Gives up after `limit` bytes.
fn dribble(addr: &str, bytes: &[u8], limit: usize) -> usize {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(1000)))
        .unwrap();
    let mut buf = [0u8; 512];
    for (i, b) in bytes.iter().cycle().take(limit).enumerate() {
        if s.write_all(&[*b]).is_err() {
            return i;
        }
        match s.read(&mut buf) {
            Ok(0) => return i,
            Ok(_) => return i, // an answer (408 or such) and then the close
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => return i,
        }
    }
    limit
}

#[tokio::test]
async fn a_request_head_sent_a_byte_a_second_is_cut_off() {
    let p = start().await;
    let addr = p.base.trim_start_matches("http://").to_string();
    let head = b"GET /gateway/session HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    let started = Instant::now();
    let sent = tokio::task::spawn_blocking({
        let addr = addr.clone();
        move || dribble(&addr, head, 60)
    })
    .await
    .unwrap();
    eprintln!("cut off after {sent} bytes, {:?}", started.elapsed());
    assert!(
        sent < 60,
        "the server kept a slow head open for {sent} bytes"
    );
    // An idle connection that never sends anything is closed too.
    let idle = tokio::task::spawn_blocking(move || {
        let mut s = TcpStream::connect(&addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
        let mut buf = [0u8; 16];
        s.read(&mut buf)
    })
    .await
    .unwrap();
    assert!(
        idle.is_ok(),
        "the idle connection was closed by the server, not left open: {idle:?}"
    );
}

#[tokio::test]
async fn violation_reports_are_limited_escaped_and_never_listed() {
    let p = start().await;
    let c = from([127, 0, 5, 1]);
    let too_big = c
        .post(p.url("/csp-reports"))
        .body("x".repeat(20_000))
        .send()
        .await
        .unwrap();
    assert_eq!(too_big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let forged = json!({"csp-report": {
        "violated-directive": "style-src\nCSP violation: forged-line blocked everything",
        "blocked-uri": "inline\r\npayments-server: forged"
    }});
    let r = c
        .post(p.url("/csp-reports"))
        .header("Content-Type", "application/csp-report")
        .body(forged.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let mut statuses = Vec::new();
    for _ in 0..30 {
        let r = c
            .post(p.url("/csp-reports"))
            .body(r#"{"csp-report": {"violated-directive": "img-src"}}"#)
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert!(statuses.contains(&429), "{statuses:?}");
    let others = from([127, 0, 5, 2])
        .post(p.url("/csp-reports"))
        .body(r#"{"csp-report": {}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(
        others.status(),
        StatusCode::NO_CONTENT,
        "another address still reports"
    );
    assert_eq!(
        c.get(p.url("/sandbox/csp-reports"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    let printed = p.printed();
    assert!(
        printed
            .lines()
            .all(|l| !l.starts_with("payments-server: forged")
                && !l.starts_with("CSP violation: forged")),
        "{printed}"
    );
    assert!(
        printed.contains("forged-line"),
        "the report is logged: {printed}"
    );
}
