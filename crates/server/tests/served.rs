//! The built console is served like a production site: the brotli or
//! gzip twin a browser accepts, content-hashed files cached for good, the
//! page and loaders revalidated every time, and for a signed-in person
//! the page preloads the first list it will ask for.

mod common;

use common::{server, temp_dir, Front, Running};
use payments_server::gateway::config::GatewayConfig;
use payments_server::gateway::store::Store;
use reqwest::{Client, StatusCode};

const HASHED: &str = "/payments-console-0123456789abcdef.js";

fn dist() -> std::path::PathBuf {
    let dir = temp_dir().join("dist");
    std::fs::create_dir_all(&dir).unwrap();
    let files: [(&str, &[u8]); 8] = [
        (
            "index.html",
            b"<!doctype html><head><title>page</title></head>",
        ),
        ("index.html.br", b"BR-PAGE"),
        ("index.html.gz", b"GZ-PAGE"),
        (
            "start.js",
            b"import './payments-console-0123456789abcdef.js';",
        ),
        (
            "payments-console.js",
            b"export * from './payments-console-0123456789abcdef.js';",
        ),
        (&HASHED[1..], b"export const x = 1;"),
        ("payments-console-0123456789abcdef.js.br", b"BR-MODULE"),
        ("payments-console-0123456789abcdef.js.gz", b"GZ-MODULE"),
    ];
    for (name, body) in files {
        std::fs::write(dir.join(name), body).unwrap();
    }
    dir
}

async fn get(
    sb: &Running,
    path: &str,
    accept: Option<&str>,
) -> (StatusCode, String, String, String) {
    let mut req = Client::new().get(sb.url(path));
    if let Some(a) = accept {
        req = req.header("Accept-Encoding", a);
    }
    let r = req.send().await.unwrap();
    let header = |n: &str| {
        r.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let (status, encoding, cache) = (
        r.status(),
        header("content-encoding"),
        header("cache-control"),
    );
    (status, encoding, cache, r.text().await.unwrap())
}

#[tokio::test]
async fn the_accepted_compression_is_sent_and_hashed_files_are_immutable() {
    let sb = server(
        GatewayConfig::empty(),
        Store::in_memory().await.unwrap(),
        Some(dist()),
    )
    .await;
    let (s, enc, cache, body) = get(&sb, HASHED, Some("gzip, deflate, br")).await;
    assert_eq!(
        (s, enc.as_str(), body.as_str()),
        (StatusCode::OK, "br", "BR-MODULE")
    );
    assert_eq!(cache, "public, max-age=31536000, immutable");
    let vary = Client::new()
        .get(sb.url(HASHED))
        .send()
        .await
        .unwrap()
        .headers()
        .get_all("vary")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    assert!(
        vary.contains("accept-encoding"),
        "caches keep the encodings apart: {vary}"
    );
    let (_, enc, _, body) = get(&sb, HASHED, Some("gzip")).await;
    assert_eq!((enc.as_str(), body.as_str()), ("gzip", "GZ-MODULE"));
    let (_, enc, _, body) = get(&sb, HASHED, None).await;
    assert_eq!((enc.as_str(), body.as_str()), ("", "export const x = 1;"));
}

#[tokio::test]
async fn the_page_and_the_stable_loaders_are_revalidated() {
    let sb = server(
        GatewayConfig::empty(),
        Store::in_memory().await.unwrap(),
        Some(dist()),
    )
    .await;
    for path in [
        "/",
        "/c/reviewrover?page=2",
        "/start.js",
        "/payments-console.js",
    ] {
        let (s, _, cache, _) = get(&sb, path, Some("br")).await;
        assert_eq!((s, cache.as_str()), (StatusCode::OK, "no-cache"), "{path}");
    }
    let (_, enc, _, body) = get(&sb, "/c/reviewrover", Some("br")).await;
    assert_eq!(
        (enc.as_str(), body.as_str()),
        ("br", "BR-PAGE"),
        "the app's routes get the page, compressed"
    );
}

/// The `href` of each `<link rel="preload" … as="fetch">` in `page` for a
/// list (not the session and connections every page preloads).
fn list_preloads(page: &str) -> Vec<String> {
    page.split("<link ")
        .filter(|l| l.contains("rel=\"preload\"") && l.contains("/payments"))
        .filter_map(|l| l.split("href=\"").nth(1)?.split('"').next())
        .map(|h| h.replace("&amp;", "&"))
        .collect()
}

#[tokio::test]
async fn a_signed_in_page_preloads_the_first_list_the_console_will_ask_for() {
    let config = |vendor: &str| {
        common::parse(&format!(
            "{}{}{}",
            common::reviewrover("rr", &format!("{vendor}/reviewrover/api/v1")),
            common::reviewrover("second", &format!("{vendor}/reviewrover/api/v1")),
            common::accounts(&[("ada", "viewer")])
        ))
    };
    let f = Front::serving(config, Some(dist())).await;
    let page = |path: &'static str, who: Option<String>| {
        let f = &f;
        async move {
            let mut req = f.req(reqwest::Method::GET, path);
            if let Some(cookie) = who {
                req = req.header("Cookie", cookie);
            }
            let r = req.header("Accept-Encoding", "br").send().await.unwrap();
            let cache = r.headers()["cache-control"].to_str().unwrap().to_string();
            (cache, r.text().await.unwrap())
        }
    };

    // Signed out: the sign-in page opens no list; the page is the shared one.
    let (cache, body) = page("/c/second", None).await;
    assert_eq!((cache.as_str(), body.as_str()), ("no-cache", "BR-PAGE"));

    let ada = f.sign_in("ada").await;
    let who = Some(ada.cookie.clone());
    let (cache, body) = page("/c/second", who.clone()).await;
    assert_eq!(cache, "private, no-cache");
    let preloads = list_preloads(&body);
    assert_eq!(preloads.len(), 1, "{body}");
    assert!(
        preloads[0].starts_with("/gateway/second/payments?"),
        "{preloads:?}"
    );
    assert!(
        body.starts_with("<!doctype html><head><title>page</title>"),
        "{body}"
    );
    assert!(body.ends_with("</head>"), "{body}");
    // It is the request the console sends: the gateway answers it with the
    // first page of payments.
    let answer = ada
        .on(f.req(reqwest::Method::GET, &preloads[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(answer.text().await.unwrap().contains("contact_id"));

    // The start opens the first connection's list.
    let (_, body) = page("/", who.clone()).await;
    assert!(
        list_preloads(&body)[0].starts_with("/gateway/rr/payments?"),
        "{body}"
    );

    // Other pages, a list with filters (the console reads them itself) and
    // an unknown connection preload nothing.
    for path in [
        "/c/second?status=paid",
        "/c/none",
        "/c/rr/new",
        "/connections",
        "/all",
    ] {
        let (_, body) = page(path, who.clone()).await;
        assert!(list_preloads(&body).is_empty(), "{path}: {body}");
    }
}
