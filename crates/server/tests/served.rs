//! The built console is served like a production site: the brotli or
//! gzip twin a browser accepts, content-hashed files cached for good, and
//! the page and loaders revalidated every time.

mod common;

use common::{server, temp_dir, Running};
use payments_server::gateway::config::GatewayConfig;
use payments_server::gateway::store::Store;
use reqwest::{Client, StatusCode};

const HASHED: &str = "/payments-console-0123456789abcdef.js";

fn dist() -> std::path::PathBuf {
    let dir = temp_dir().join("dist");
    std::fs::create_dir_all(&dir).unwrap();
    let files: [(&str, &[u8]); 8] = [
        ("index.html", b"<!doctype html><title>page</title>"),
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
