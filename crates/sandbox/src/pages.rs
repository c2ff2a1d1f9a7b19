//! What the sandbox serves besides the vendor APIs: the connections it
//! offers a browser-only console, the violation reports the server kept
//! (for tests checking a page), and the CORS policy that lets a console
//! on another local port (tests, `trunk serve`) call it.

use axum::extract::State;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use payments_model::http::{host_name, is_loopback};
use payments_model::Connection;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::{SandboxState, SIMULATORS};

/// The demo connections, one per vendor, with base URLs relative to the
/// sandbox's origin.
pub fn offered_connections() -> Vec<Connection> {
    SIMULATORS.iter().map(|s| (s.demo_connection)()).collect()
}

/// Whether `path` is the sandbox's: under a vendor API's prefix or
/// `/sandbox/`.
pub fn is_sandbox_path(path: &str) -> bool {
    path == "/sandbox"
        || path.starts_with("/sandbox/")
        || SIMULATORS.iter().any(|s| {
            let root = s.prefix.split('/').nth(1).unwrap_or_default();
            path.strip_prefix('/')
                .and_then(|p| p.strip_prefix(root))
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
}

/// `/sandbox/connections.json` and `/sandbox/csp-reports`.
pub fn routes() -> Router<SandboxState> {
    Router::new()
        .route("/sandbox/connections.json", get(offered))
        .route("/sandbox/csp-reports", get(reports))
}

/// The demo connections, secrets included, for the browser-only mode; a
/// sandbox that runs the gateway hands out no secret.
async fn offered(State(state): State<SandboxState>) -> Response {
    if !state.browser_only {
        return (
            StatusCode::NOT_FOUND,
            Json(serde_json::json!({"message": "This server keeps vendor credentials: sign in at /gateway/sign-in."})),
        )
            .into_response();
    }
    Json(offered_connections()).into_response()
}

/// The violation reports the server kept, oldest first.
async fn reports(State(state): State<SandboxState>) -> Response {
    Json(state.reports.list()).into_response()
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
    fn sandbox_paths_are_the_simulators_prefixes_and_sandbox() {
        for s in SIMULATORS {
            let root = format!("/{}", s.prefix.split('/').nth(1).unwrap_or_default());
            assert!(is_sandbox_path(&root), "{root}");
            assert!(is_sandbox_path(&format!("{root}/anything")));
            assert!(!is_sandbox_path(&format!("{root}x/anything")));
        }
        assert!(is_sandbox_path("/sandbox/faults/status/500"));
        assert!(!is_sandbox_path("/sandboxes"));
        assert!(!is_sandbox_path("/connections"));
        assert!(!is_sandbox_path("/"));
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
