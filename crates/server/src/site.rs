//! What the sandbox serves besides the vendor APIs: the connections it
//! offers the console, the built console itself, and the CORS policy that
//! lets a console on another local port (tests, `trunk serve`) call it.

use std::path::PathBuf;

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use payments_model::http::{host_name, is_loopback};
use payments_model::Connection;
use tower::ServiceExt;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};

use crate::{policy, AppState, SIMULATORS};

/// The demo connections, one per vendor, with base URLs relative to the
/// sandbox's origin.
pub fn offered_connections() -> Vec<Connection> {
    SIMULATORS.iter().map(|s| (s.demo_connection)()).collect()
}

/// Whether `path` lies under a vendor API's prefix.
pub fn is_api_path(path: &str) -> bool {
    SIMULATORS.iter().any(|s| {
        let root = s.prefix.split('/').nth(1).unwrap_or_default();
        path.strip_prefix('/')
            .and_then(|p| p.strip_prefix(root))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// `/sandbox/connections.json`, and for every other path the app (or a
/// note that it is not built). Paths under a vendor's prefix that no
/// endpoint matched get a JSON 404, never the app's page.
pub fn routes(dist: Option<PathBuf>) -> Router<AppState> {
    let app = dist.filter(|d| d.join("index.html").is_file()).map(|dir| {
        let index = dir.join("index.html");
        ServeDir::new(dir)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(
                ServeFile::new(index)
                    .precompressed_br()
                    .precompressed_gzip(),
            )
    });
    Router::new()
        .route("/sandbox/connections.json", get(offered))
        .route(policy::REPORTS_PATH, post(policy::receive_report))
        .route("/sandbox/csp-reports", get(policy::list_reports))
        .fallback(move |req: Request| {
            let app = app.clone();
            async move {
                let path = req.uri().path().to_string();
                if is_api_path(&path) {
                    return (
                        StatusCode::NOT_FOUND,
                        Json(serde_json::json!({"message": format!("There is no endpoint at {path}.")})),
                    )
                        .into_response();
                }
                match app {
                    Some(serve) => match serve.oneshot(req).await {
                        Ok(r) => with_caching(&path, r.into_response()),
                        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
                    },
                    None => not_built().await,
                }
            }
        })
}

/// The demo connections, secrets included, for the browser-only mode; a
/// server that runs the gateway hands out no secret.
async fn offered(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    if state.gateway.is_some() {
        return (
            StatusCode::NOT_FOUND,
            Json(serde_json::json!({"message": "This server keeps vendor credentials: sign in at /gateway/sign-in."})),
        )
            .into_response();
    }
    Json(offered_connections()).into_response()
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

/// Whether an origin is a page on this machine (any port).
pub fn is_local_origin(origin: &str) -> bool {
    let rest = match origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    {
        Some(r) => r,
        None => return false,
    };
    host_name(rest).is_some_and(is_loopback)
}

/// CORS for local development origins only.
pub fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(|origin: &HeaderValue, _| {
            origin.to_str().map(is_local_origin).unwrap_or(false)
        }))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allow_headers(
            [header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT]
                .into_iter()
                .chain(
                    SIMULATORS
                        .iter()
                        .flat_map(|s| s.headers.iter().copied())
                        .map(HeaderName::from_static),
                )
                .collect::<Vec<_>>(),
        )
        .expose_headers([
            header::RETRY_AFTER,
            HeaderName::from_static("x-pagination-total"),
        ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths_are_the_simulators_prefixes_and_below() {
        for s in SIMULATORS {
            let root = format!("/{}", s.prefix.split('/').nth(1).unwrap_or_default());
            assert!(is_api_path(&root), "{root}");
            assert!(is_api_path(&format!("{root}/anything")));
            assert!(!is_api_path(&format!("{root}x/anything")));
        }
        assert!(!is_api_path("/connections"));
        assert!(!is_api_path("/"));
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

    #[test]
    fn only_local_origins_pass() {
        assert!(is_local_origin("http://127.0.0.1:8080"));
        assert!(is_local_origin("http://localhost:43123"));
        assert!(is_local_origin("http://localhost"));
        assert!(is_local_origin("http://[::1]:9000"));
        assert!(!is_local_origin("http://127.0.0.1.evil.test:80"));
        assert!(!is_local_origin("https://example.com"));
        assert!(!is_local_origin("http://localhost.evil.test"));
        assert!(!is_local_origin("null"));
        assert!(!is_local_origin("http://localhost:99999"));
    }
}
