//! What the sandbox serves besides the vendor APIs: the connections it
//! offers the console, the built console itself, and the CORS policy that
//! lets a console on another local port (tests, `trunk serve`) call it.

use std::path::PathBuf;

use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use payments_model::connection::Scope;
use payments_model::{Connection, Credentials, Vendor};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};

use crate::{credentials, AppState};

/// The demo connections, with base URLs relative to the sandbox's origin.
pub fn offered_connections() -> Vec<Connection> {
    vec![Connection {
        id: "reviewrover".into(),
        vendor: Vendor::ReviewRover,
        name: "ReviewRover".into(),
        base_url: "/reviewrover/api/v1".into(),
        credentials: Credentials::Bearer {
            token: credentials::REVIEWROVER_TOKEN.into(),
        },
        scope: Scope::All,
        currency: None,
    }]
}

/// `/sandbox/connections.json` and the app (or a note that it is not built).
pub fn routes(dist: Option<PathBuf>) -> Router<AppState> {
    let router = Router::new().route(
        "/sandbox/connections.json",
        get(|| async { Json(offered_connections()) }),
    );
    match dist.filter(|d| d.join("index.html").is_file()) {
        Some(dir) => {
            let index = dir.join("index.html");
            router.fallback_service(ServeDir::new(dir).fallback(ServeFile::new(index)))
        }
        None => router.fallback(not_built),
    }
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
    let host = match rest.strip_prefix('[') {
        Some(v6) => v6
            .split(']')
            .next()
            .map(|h| format!("[{h}]"))
            .unwrap_or_default(),
        None => rest.split(':').next().unwrap_or("").to_string(),
    };
    let port_ok = match rest.rsplit_once(':') {
        Some((_, port)) if !port.ends_with(']') => port.parse::<u16>().is_ok(),
        _ => true,
    };
    port_ok && matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]")
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
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::FROM,
            HeaderName::from_static("x-builton-api-key"),
        ])
        .expose_headers([
            header::RETRY_AFTER,
            HeaderName::from_static("x-pagination-total"),
        ])
}

#[cfg(test)]
mod tests {
    use super::*;

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
