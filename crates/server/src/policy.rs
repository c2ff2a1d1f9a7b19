//! What the server asks of browsers and refuses of requests: the
//! Content-Security-Policy and the other security headers on every page it
//! serves, a `Host` check against DNS rebinding (a hostile site whose name
//! resolves to this machine's loopback address), and the endpoint that
//! collects the browsers' CSP violation reports.

use std::collections::VecDeque;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use http_body_util::BodyExt;
use payments_model::http::{host_name, is_loopback};
use serde_json::Value;

use crate::bounded::Counts;
use crate::ServerState;

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
    /// Addresses that may read `/metrics`; none given means this
    /// machine's loopback addresses only.
    pub metrics_from: Vec<IpAddr>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            allowed_hosts: Vec::new(),
            connect_src: Vec::new(),
            frame_ancestors: "'self'".into(),
            metrics_from: Vec::new(),
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

    /// Whether `/metrics` answers a request from `ip`.
    pub fn may_read_metrics(&self, ip: IpAddr) -> bool {
        if self.metrics_from.is_empty() {
            ip.is_loopback()
        } else {
            self.metrics_from.contains(&ip)
        }
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

/// The largest report read; a longer body is refused unread.
pub const MAX_REPORT: usize = 16 * 1024;
/// The most recent reports kept (older ones are dropped).
const KEPT_REPORTS: usize = 50;
/// Reports taken from one address in [`REPORT_WINDOW`]; more get 429.
pub const REPORTS_PER_ADDRESS: u32 = 20;
/// Reports taken from everyone in [`REPORT_WINDOW`].
const REPORTS_IN_ALL: u32 = 200;
const REPORT_WINDOW: Duration = Duration::from_secs(60);

/// The violation reports received (the newest [`KEPT_REPORTS`]), and the
/// counts that limit how many are taken.
pub struct Reports {
    kept: Mutex<VecDeque<Value>>,
    per_address: Counts<IpAddr>,
    in_all: Counts<()>,
}

impl Default for Reports {
    fn default() -> Self {
        Reports {
            kept: Mutex::default(),
            per_address: Counts::new(10_000, REPORT_WINDOW),
            in_all: Counts::new(1, REPORT_WINDOW),
        }
    }
}

impl Reports {
    /// Counts a report from `from`; whether it may be taken.
    fn admit(&self, from: IpAddr) -> bool {
        let mine = self.per_address.add(&from).n;
        let all = self.in_all.add(&()).n;
        mine <= REPORTS_PER_ADDRESS && all <= REPORTS_IN_ALL
    }

    fn add(&self, report: Value) {
        let mut r = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if r.len() == KEPT_REPORTS {
            r.pop_front();
        }
        r.push_back(report);
    }

    /// The reports kept, oldest first. No route of this crate lists
    /// them; the sandbox does, for tests that check a page.
    pub fn list(&self) -> Vec<Value> {
        self.kept
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .cloned()
            .collect()
    }
}

/// `POST /csp-reports`.
pub fn routes() -> Router<ServerState> {
    Router::new().route(REPORTS_PATH, post(receive_report))
}

/// One field of a report for the log: control characters and quotes
/// escaped, at most 200 characters, so no report can forge a log line.
pub fn log_field(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Null => "?".to_string(),
        other => other.to_string(),
    };
    let short: String = text.chars().take(200).collect();
    short.escape_default().to_string()
}

/// Refuses a request whose `Host` is not this server's (421), and adds the
/// security headers to every answer; pages get the CSP too.
pub async fn guard(State(state): State<ServerState>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()))
        .unwrap_or("");
    if !state.policy.serves_host(host) {
        return crate::gateway::error::refusal(
            StatusCode::MISDIRECTED_REQUEST,
            payments_model::message::GatewayMessage::ForeignHost,
        );
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

/// `POST /csp-reports`: reads at most [`MAX_REPORT`] bytes, takes at most
/// [`REPORTS_PER_ADDRESS`] a minute from one address, logs the report's
/// directive and blocked address escaped, and keeps it.
async fn receive_report(
    State(state): State<ServerState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Body,
) -> StatusCode {
    if !state.reports.admit(peer.ip()) {
        return StatusCode::TOO_MANY_REQUESTS;
    }
    let limited = http_body_util::Limited::new(body, MAX_REPORT);
    let read = tokio::time::timeout(Duration::from_secs(10), limited.collect()).await;
    let Ok(Ok(collected)) = read else {
        return StatusCode::PAYLOAD_TOO_LARGE;
    };
    let report: Value = serde_json::from_slice(&collected.to_bytes()).unwrap_or(Value::Null);
    let what = &report["csp-report"];
    tracing::warn!(
        directive = %log_field(&what["violated-directive"]),
        blocked = %log_field(&what["blocked-uri"]),
        document = %log_field(&what["document-uri"]),
        "CSP violation"
    );
    state.reports.add(report);
    StatusCode::NO_CONTENT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_logged_field_cannot_forge_a_line() {
        let forged = log_field(&Value::String("x\nCSP violation: forged \"line\"".into()));
        assert!(!forged.contains('\n'), "{forged}");
        assert!(forged.starts_with("x\\nCSP"), "{forged}");
        assert_eq!(
            log_field(&Value::String("é".repeat(500))),
            "\\u{e9}".repeat(200)
        );
    }

    #[test]
    fn one_address_is_limited_and_others_still_report() {
        let r = Reports::default();
        let a: IpAddr = [127, 0, 0, 2].into();
        let b: IpAddr = [127, 0, 0, 3].into();
        for _ in 0..REPORTS_PER_ADDRESS {
            assert!(r.admit(a));
        }
        assert!(!r.admit(a));
        assert!(r.admit(b));
    }

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
