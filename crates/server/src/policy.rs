//! What the server asks of browsers and refuses of requests: the
//! Content-Security-Policy and the other security headers on every page it
//! serves, a `Host` check against DNS rebinding (a hostile site whose name
//! resolves to this machine's loopback address), and the endpoint that
//! collects the browsers' CSP violation reports.

use std::collections::VecDeque;
use std::sync::Mutex;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use payments_model::http::{host_name, is_loopback};
use serde_json::{json, Value};

use crate::AppState;

/// How the server's pages may be used by browsers.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Host names (without port) the server answers besides this machine's
    /// loopback names (`localhost`, `127.0.0.1`, `[::1]`).
    pub allowed_hosts: Vec<String>,
    /// Origins the console may call besides its own (`connect-src`): the
    /// vendors' API origins when connections call them directly.
    pub connect_src: Vec<String>,
    /// Who may frame the pages (`frame-ancestors`), such as `'none'` or
    /// `'self' https://dashboard.example.com`.
    pub frame_ancestors: String,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            allowed_hosts: Vec::new(),
            connect_src: Vec::new(),
            frame_ancestors: "'self'".into(),
        }
    }
}

impl Policy {
    /// The Content-Security-Policy of the console's pages: no inline script
    /// or style, WebAssembly allowed, requests to this origin and the
    /// configured vendor origins only, violations reported to
    /// [`REPORTS_PATH`].
    pub fn content_security_policy(&self) -> String {
        let mut connect = vec!["'self'".to_string()];
        connect.extend(self.connect_src.iter().cloned());
        format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
             connect-src {}; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors {}; report-uri {REPORTS_PATH}",
            connect.join(" "),
            self.frame_ancestors
        )
    }

    /// Whether a request's `Host` names this server.
    pub fn serves_host(&self, host: &str) -> bool {
        host_name(host).is_some_and(|name| {
            is_loopback(name)
                || self
                    .allowed_hosts
                    .iter()
                    .any(|h| h.eq_ignore_ascii_case(name))
        })
    }
}

/// Where browsers send CSP violation reports.
pub const REPORTS_PATH: &str = "/csp-reports";

/// The most recent reports kept (older ones are dropped).
const KEPT_REPORTS: usize = 50;

/// The violation reports received, newest last.
#[derive(Default)]
pub struct Reports(Mutex<VecDeque<Value>>);

impl Reports {
    fn add(&self, report: Value) {
        let mut r = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if r.len() == KEPT_REPORTS {
            r.pop_front();
        }
        r.push_back(report);
    }

    /// The reports kept, oldest first.
    pub fn list(&self) -> Vec<Value> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .cloned()
            .collect()
    }
}

/// Refuses a request whose `Host` is not this server's (421), and adds the
/// security headers to every answer; pages get the CSP too.
pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()))
        .unwrap_or("");
    if !state.policy.serves_host(host) {
        return (
            StatusCode::MISDIRECTED_REQUEST,
            Json(json!({"message": "This server does not answer for that host name."})),
        )
            .into_response();
    }
    let mut resp = next.run(req).await;
    let headers = resp.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    let is_page = headers
        .get(header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .is_some_and(|c| c.starts_with("text/html"));
    if is_page {
        if let Ok(csp) = HeaderValue::from_str(&state.policy.content_security_policy()) {
            headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        }
    }
    resp
}

/// `POST /csp-reports`: keeps a browser's violation report and logs it.
pub async fn receive_report(State(state): State<AppState>, body: Bytes) -> StatusCode {
    if body.len() > 16 * 1024 {
        return StatusCode::PAYLOAD_TOO_LARGE;
    }
    let report: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let what = &report["csp-report"];
    eprintln!(
        "CSP violation: {} blocked {}",
        what["violated-directive"].as_str().unwrap_or("?"),
        what["blocked-uri"].as_str().unwrap_or("?")
    );
    state.reports.add(report);
    StatusCode::NO_CONTENT
}

/// `GET /sandbox/csp-reports`: the reports kept, for checking a page.
pub async fn list_reports(State(state): State<AppState>) -> Json<Vec<Value>> {
    Json(state.reports.list())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_machine_and_configured_names_are_served() {
        let p = Policy {
            allowed_hosts: vec!["payments.example.com".into()],
            ..Policy::default()
        };
        for ok in [
            "127.0.0.1:8080",
            "localhost:43123",
            "LOCALHOST",
            "[::1]:9000",
            "[::1]",
            "payments.example.com",
            "Payments.Example.com:443",
        ] {
            assert!(p.serves_host(ok), "{ok}");
        }
        for bad in [
            "",
            "evil.test",
            "evil.test:8080",
            "127.0.0.1.evil.test",
            "localhost.evil.test:80",
            "127.0.0.1:80:80",
            "[::1]x",
            "payments.example.com.evil.test",
        ] {
            assert!(!p.serves_host(bad), "{bad}");
        }
    }

    #[test]
    fn the_policy_allows_no_inline_code_and_names_the_vendors() {
        let p = Policy {
            connect_src: vec!["https://api.whop.com".into()],
            frame_ancestors: "'none'".into(),
            ..Policy::default()
        };
        let csp = p.content_security_policy();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{csp}"
        );
        assert!(csp.contains("style-src 'self';"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(
            csp.contains("connect-src 'self' https://api.whop.com;"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    }
}
