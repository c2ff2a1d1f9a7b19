//! Serving the built console (Trunk's `dist/`, readied by
//! `scripts/setup.sh`'s `finish_dist`) like a production site: the
//! brotli or gzip twin a browser accepts, content-hashed files cached for
//! good, the page and the stable loaders revalidated on every use, and
//! the page itself for every address the console routes.

use std::path::PathBuf;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// The files of a built console, or `None` when there is none to serve.
pub type App = Option<ServeDir<ServeFile>>;

/// The built console in `dist`, when it holds an `index.html`.
pub fn app(dist: Option<PathBuf>) -> App {
    dist.filter(|d| d.join("index.html").is_file()).map(|dir| {
        let index = dir.join("index.html");
        ServeDir::new(dir)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(
                ServeFile::new(index)
                    .precompressed_br()
                    .precompressed_gzip(),
            )
    })
}

/// Answers `req` with a file of the console (or its page).
pub async fn serve_app(app: App, req: Request) -> Response {
    let path = req.uri().path().to_string();
    match app {
        Some(serve) => match serve.oneshot(req).await {
            Ok(r) => with_caching(&path, r.into_response()),
            Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
        },
        None => not_built().await,
    }
}

/// Whether a file of the built app has a content hash in its name (the
/// module and wasm as `finish_dist` names them, wasm-bindgen's snippets),
/// so it can be cached for good.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let hashed_name = stem
        .rsplit_once('-')
        .is_some_and(|(_, h)| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()));
    hashed_name || path.starts_with("/snippets/")
}

/// The page for a signed-in person whose first list's request is known:
/// the built page with a `<link rel="preload">` for `list` (an address on
/// this server) before its `</head>`. It depends on the session, so it
/// is private and revalidated, and sent uncompressed (it is 2 KB).
pub async fn page_with_preload(dist: &std::path::Path, list: &str) -> Option<Response> {
    let page = tokio::fs::read_to_string(dist.join("index.html"))
        .await
        .ok()?;
    let at = page.find("</head>")?;
    let link = format!(
        "<link rel=\"preload\" href=\"{}\" as=\"fetch\" crossorigin=\"anonymous\" />\n  ",
        attribute(list)
    );
    let body = format!("{}{link}{}", &page[..at], &page[at..]);
    Some(
        (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "private, no-cache"),
                (header::VARY, "cookie"),
            ],
            body,
        )
            .into_response(),
    )
}

/// `text` escaped for a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Hashed files are cached for a year and never revalidated; everything
/// else (the page, the stable loaders) is revalidated on every use, so a
/// new build is picked up at once.
fn with_caching(path: &str, mut r: Response) -> Response {
    let value = if is_hashed(path) && r.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    // The same address answers brotli, gzip or plain by Accept-Encoding.
    r.headers_mut()
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    r
}

async fn not_built() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "The console is not built here. Run ./scripts/run from the project folder to build and serve it.\n",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_in_an_attribute_cannot_end_it() {
        assert_eq!(
            attribute("/gateway/rr/payments?a=1&b=\"><script>"),
            "/gateway/rr/payments?a=1&amp;b=&quot;&gt;&lt;script&gt;"
        );
    }

    #[test]
    fn only_content_hashed_files_are_cached_for_good() {
        assert!(is_hashed("/payments-console-0123456789abcdef.js"));
        assert!(is_hashed("/payments-console_bg-0123456789abcdef.wasm"));
        assert!(is_hashed(
            "/snippets/payments-console-e8fc680458f81947/inline0.js"
        ));
        assert!(!is_hashed("/payments-console.js"));
        assert!(!is_hashed("/start.js"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/c/reviewrover"));
        assert!(!is_hashed("/payments-console-notahash.js"));
    }
}
