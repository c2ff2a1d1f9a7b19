//! No request makes the sandbox fail: hundreds of malformed requests to
//! every endpoint, each answered below 500 in the vendor's own shape.

mod common;

use common::{temp_db, Sandbox};
use payments_sandbox::seed::DemoRng;
use reqwest::{Client, Method};

const IDS: &[&str] = &[
    "1",
    "0",
    "-1",
    "18446744073709551616",
    "9999999999999999999999",
    "pay_0001",
    "PAY-00001",
    "%27%20OR%201%3D1--",
    "%00",
    "%E2%9C%93",
    "a%2Fb",
    "%2E%2E",
    "x%20y",
];

const QUERIES: &[&str] = &[
    "",
    "page=0",
    "page=-5",
    "page=abc",
    "page=99999999999",
    "limit=1000",
    "per=-1",
    "size=9e9",
    "count=0",
    "after=abc",
    "before=-1",
    "status=%27%3B%20DROP%20TABLE%20x",
    "minDate=2025-99-99",
    "reversed=2",
    "from_date=1e20",
    "to_date=-99999999999999",
    "sort=%00",
    "in_app_payments=2",
    "reversedSince=not-a-time",
    "page&limit&status",
    "%ZZ=%ZZ",
    "reversedSince=2025-01-01T12%3A34%3A5%E2%82%AC",
    "minDate=202%E2%82%AC-01-01",
    "from_date=2025-01-0%F0%9F%92%B8",
    "status=%E2%80%8B",
    "after=%E2%82%AC&count=%E2%82%AC",
];

/// Values that split a multi-byte character where a parser slices bytes,
/// under every filter name a vendor documents.
const POISONED: &[&str] = &[
    "2025-01-01T12%3A34%3A5%E2%82%AC",
    "2025-01-01T12%3A34%3A56%2B0%E2%82%AC%3A00",
    "202%E2%82%AC-01-01",
    "%E2%80%8B",
    "%F0%9F%92%B8%F0%9F%92%B8",
];

const BODIES: &[&str] = &[
    "",
    "{",
    "[]",
    "null",
    "42",
    "\"text\"",
    "{\"payment\": 5}",
    "{\"payment\": {\"amount\": \"NaN\"}}",
    "{\"amount\": 1e999}",
    "{\"amount\": -0.0000000001, \"contact_id\": []}",
    "{\"orders\": [null]}",
    "{\"status\": [1, 2]}",
    "{\"paymentDate\": {}}",
    "a=b&c",
    "contact_id=%FF",
    "{\"payment\": {\"amount\": 18446744073709551616, \"user_id\": -1}}",
    "{\"amount\": \"5€\", \"event_date\": \"2025-01-01T12:34:5€\", \"contact_id\": \"’\"}",
    "{\"payment\": {\"message\": \"’\u{200b}\", \"amount\": \"12€\"}}",
    "{\"paymentDate\": \"202€-01-01\", \"paymentAmount\": \"١٢\"}",
];

const AUTHS: &[(&str, &str)] = &[
    ("authorization", "Bearer rr_demo_token"),
    ("authorization", "Bearer bp_demo_token"),
    ("authorization", "Bearer whop_demo_app_key"),
    ("authorization", "Basic YWRtaW46YWRtaW4tc2VjcmV0"),
    ("authorization", "Basic !!!"),
    ("authorization", "Bearer "),
    ("x-builton-api-key", "builton_demo_key"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multi_byte_filter_values_are_refused_not_fatal() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let filters = payments_model::vendors::ALL
        .iter()
        .flat_map(|v| v.list_spec().filters.iter().map(|f| f.name));
    for name in filters {
        for value in POISONED {
            for (method, path) in common::ROUTES
                .iter()
                .filter(|(m, p)| *m == "GET" && !p.contains("{id}"))
            {
                let url = sb.url(&format!("{path}?{name}={value}"));
                let r = c
                    .get(&url)
                    .header("Authorization", "Bearer bp_demo_token")
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
                assert!(r.status().as_u16() < 500, "{url} answered {}", r.status());
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_never_fail_the_server() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let mut rng = DemoRng::new(99);
    let pick = |rng: &mut DemoRng, n: usize| rng.below(n as u64) as usize;
    for i in 0..600 {
        let (method, path) = common::ROUTES[i % common::ROUTES.len()];
        let path = path.replace("{id}", IDS[pick(&mut rng, IDS.len())]);
        let query = QUERIES[pick(&mut rng, QUERIES.len())];
        let url = sb.url(&format!("{path}?{query}"));
        let mut req = c.request(Method::from_bytes(method.as_bytes()).unwrap(), &url);
        for _ in 0..pick(&mut rng, 3) {
            let (k, v) = AUTHS[pick(&mut rng, AUTHS.len())];
            req = req.header(k, v);
        }
        if rng.below(2) == 0 {
            req = req.header("Authorization", "Bearer builton_demo_admin_token");
        }
        if rng.below(2) == 0 {
            req = req.header("From", "fuzz");
        }
        if method != "GET" {
            let ct = [
                "application/json",
                "application/x-www-form-urlencoded",
                "text/plain",
            ][pick(&mut rng, 3)];
            req = req
                .header("Content-Type", ct)
                .body(BODIES[pick(&mut rng, BODIES.len())]);
        }
        let r = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let status = r.status();
        assert!(status.as_u16() < 500, "{method} {url} answered {status}");
        let text = r.text().await.unwrap();
        if status.as_u16() >= 400 && status.as_u16() != 405 && !text.is_empty() {
            assert!(
                serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                "{method} {url}: error body is not JSON: {text}"
            );
        }
    }
}

#[tokio::test]
async fn the_app_is_served_but_never_in_place_of_an_api() {
    let dist = std::env::temp_dir().join(format!("payments-server-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>Payments Console</title>",
    )
    .unwrap();
    let sb = Sandbox::start_with(temp_db(), Some(dist.clone())).await;
    let c = Client::new();
    for path in ["/", "/payments/reviewrover?page=2"] {
        let r = c.get(sb.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert!(
            r.text().await.unwrap().contains("Payments Console"),
            "{path}"
        );
    }
    for path in [
        "/reviewrover/api/v1/",
        "/billingplatform/backend/api/v1/nothing",
        "/whop",
        "/builton/orders",
    ] {
        let r = c.get(sb.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 404, "{path}");
        let body: serde_json::Value = r.json().await.unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(
            body["message"].is_string() || body["error"].is_string() || body["errors"].is_array(),
            "{path}: {body}"
        );
    }
    let _ = std::fs::remove_dir_all(&dist);
}

#[tokio::test]
async fn faults_fail_on_demand_then_forward() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let r = c
        .get(sb.url("/sandbox/faults/status/503/payments"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503);
    assert_eq!(r.headers()["retry-after"], "1");
    let r = c
        .get(sb.url("/sandbox/faults/garbage/payments"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(serde_json::from_str::<serde_json::Value>(&r.text().await.unwrap()).is_err());
    let once = "/sandbox/faults/once/429/k1/reviewrover/api/v1/payments?limit=3";
    let r = c
        .get(sb.url(once))
        .header("Authorization", "Bearer rr_demo_token")
        .send()
        .await
        .unwrap();
    assert_eq!(
        (
            r.status().as_u16(),
            r.headers()["retry-after"].to_str().unwrap()
        ),
        (429, "2")
    );
    let r = c
        .get(sb.url(once))
        .header("Authorization", "Bearer rr_demo_token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "forwarded the second time");
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        body["payments"].as_array().unwrap().len(),
        3,
        "with its query"
    );
    let r = c
        .get(sb.url("/sandbox/faults/status/abc"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn a_dropped_answer_still_commits_the_write() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let create = |reference: &'static str| {
        c.post(sb.url("/sandbox/faults/drop/k1/reviewrover/api/v1/payments"))
            .header("Authorization", "Bearer rr_demo_token")
            .header("Content-Type", "application/json")
            .body(format!(
                r#"{{"contact_id": "cont_1", "external_id": "{reference}", "amount": "5.00"}}"#
            ))
            .send()
    };
    let lost = match create("pc-dropped").await {
        Ok(r) => r.text().await.is_err(),
        Err(_) => true,
    };
    assert!(lost, "the first write's answer is lost");
    let found = c
        .get(sb.url("/reviewrover/api/v1/payments/pc-dropped"))
        .header("Authorization", "Bearer rr_demo_token")
        .send()
        .await
        .unwrap();
    assert_eq!(found.status(), 200, "but the payment was saved");
    let second = create("pc-second").await.unwrap();
    assert_eq!(second.status(), 201, "later writes are answered");
    let read = c
        .get(sb.url("/sandbox/faults/drop/k2/reviewrover/api/v1/payments?limit=1"))
        .header("Authorization", "Bearer rr_demo_token")
        .send()
        .await
        .unwrap();
    assert!(read.text().await.is_ok(), "reads are never dropped");
}

#[tokio::test]
async fn the_nth_fault_refuses_one_write_and_loses_another_by_position() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let rr = |r: reqwest::RequestBuilder| r.header("Authorization", "Bearer rr_demo_token");
    let mut ids = Vec::new();
    for n in 0..4 {
        let made: serde_json::Value = rr(c.post(sb.url("/reviewrover/api/v1/payments")))
            .json(&serde_json::json!({"contact_id": "cont_1", "amount": format!("{n}.50")}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = &made["id"];
        ids.push(id.as_str().map_or_else(|| id.to_string(), str::to_string));
    }
    let faulty = |id: &str| {
        sb.url(&format!(
            "/sandbox/faults/nth/k/2/3/reviewrover/api/v1/payments/{id}"
        ))
    };
    let plain = |id: &str| sb.url(&format!("/reviewrover/api/v1/payments/{id}"));
    // Reads before any write pass through.
    let read = rr(c.get(faulty(&ids[2]))).send().await.unwrap();
    assert_eq!(read.status(), 200);
    let first = rr(c.delete(faulty(&ids[0]))).send().await.unwrap();
    assert_eq!(first.status(), 204, "the first write is answered");
    let second = rr(c.delete(faulty(&ids[1]))).send().await.unwrap();
    assert_eq!(second.status(), 409, "the second is refused");
    assert!(second.text().await.unwrap().contains("under review"));
    let third = match rr(c.delete(faulty(&ids[2]))).send().await {
        Ok(r) => r.text().await.is_err(),
        Err(_) => true,
    };
    assert!(third, "the third's answer is lost");
    let fourth = rr(c.delete(faulty(&ids[3]))).send().await.unwrap();
    assert_eq!(fourth.status(), 204, "later writes are answered");
    // What each write did, read past the fault.
    let status = |id: String| {
        let r = rr(c.get(plain(&id)));
        async move { r.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(status(ids[0].clone()).await, 404);
    assert_eq!(status(ids[1].clone()).await, 200, "the refused one stays");
    assert_eq!(
        status(ids[2].clone()).await,
        404,
        "the lost one was deleted"
    );
    assert_eq!(status(ids[3].clone()).await, 404);
    // Through the fault, the lost one cannot be read; the others can.
    let lost = rr(c.get(faulty(&ids[2]))).send().await.unwrap();
    assert_eq!(lost.status(), 503);
    let refused = rr(c.get(faulty(&ids[1]))).send().await.unwrap();
    assert_eq!(refused.status(), 200);
    let bad = rr(c.delete(sb.url("/sandbox/faults/nth/k/x/3/reviewrover/api/v1/payments/1")))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
}

/// The routes every route-wide test walks come from the registries.
#[test]
fn every_simulator_s_declared_endpoints_are_routes() {
    assert!(
        common::ROUTES.iter().any(|(m, _)| *m != "GET"),
        "writes are walked too"
    );
    for s in payments_sandbox::SIMULATORS {
        assert!(
            common::ROUTES.iter().any(|(_, p)| p.starts_with(s.prefix)),
            "{}",
            s.prefix
        );
    }
}
