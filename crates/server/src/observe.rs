//! What an operations team watches. Every request gets an id (sent back
//! as `X-Request-Id`, sent on to the vendor, and named in the gateway's
//! own error messages) and one JSON log line (`tracing`: id, method,
//! route, status, time, client address; never a cookie, a header value
//! or a secret). [`Metrics`] counts requests and their latency per route,
//! forwarded requests, vendor answers and their latency per connection,
//! sign-ins by outcome, audit writes and store errors, served in
//! Prometheus' text format at `/metrics` to the addresses the policy
//! allows (this machine's by default). `/healthz` says the process
//! answers; `/readyz` that its store answers too (503 otherwise).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use http_body_util::BodyExt;

use crate::Gateway;

/// The request's id, in its extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

/// The header that carries it.
pub const REQUEST_ID: &str = "x-request-id";

/// Marks a response the gateway made itself (a refusal), so its message
/// can name the request's id.
#[derive(Clone, Copy, Debug)]
pub struct OwnRefusal;

/// Upper bounds of the latency histograms, in seconds.
const BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

#[derive(Clone, Debug, Default)]
struct Histogram {
    counts: Vec<u64>,
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        if self.counts.is_empty() {
            self.counts = vec![0; BUCKETS.len()];
        }
        for (i, le) in BUCKETS.iter().enumerate() {
            if seconds <= *le {
                self.counts[i] += 1;
            }
        }
        self.sum += seconds;
        self.count += 1;
    }
}

/// Label values, in the order of the metric's label names.
type Labels = Vec<String>;

/// The counters and histograms of one server. Every label's values come
/// from a bounded set (route templates, configured connections, status
/// codes, fixed outcomes), never from what a client sends.
#[derive(Default)]
pub struct Metrics {
    counters: Mutex<BTreeMap<(&'static str, Labels), u64>>,
    histograms: Mutex<BTreeMap<(&'static str, Labels), Histogram>>,
}

/// Each metric: its name, help and label names.
const DESCRIBED: &[(&str, &str, &[&str])] = &[
    (
        "payments_requests_total",
        "Requests answered, by route and status.",
        &["route", "status"],
    ),
    (
        "payments_request_duration_seconds",
        "Time to answer a request, by route.",
        &["route"],
    ),
    (
        "payments_forwarded_total",
        "Requests forwarded to a vendor, by connection and method.",
        &["connection", "method"],
    ),
    (
        "payments_vendor_answers_total",
        "Vendor answers, by connection and status (502: none came).",
        &["connection", "status"],
    ),
    (
        "payments_vendor_duration_seconds",
        "Time a vendor took to answer, by connection.",
        &["connection"],
    ),
    (
        "payments_sign_ins_total",
        "Sign-ins, by outcome.",
        &["outcome"],
    ),
    (
        "payments_audit_writes_total",
        "Audit rows written, by result.",
        &["result"],
    ),
    (
        "payments_store_errors_total",
        "Store operations that failed.",
        &[],
    ),
];

impl Metrics {
    /// Adds one to a counter.
    pub fn count(&self, name: &'static str, labels: &[&str]) {
        let key = (name, labels.iter().map(|l| l.to_string()).collect());
        *self
            .counters
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(key)
            .or_insert(0) += 1;
    }

    /// Records a duration in a histogram.
    pub fn time(&self, name: &'static str, labels: &[&str], took: Duration) {
        let key = (name, labels.iter().map(|l| l.to_string()).collect());
        self.histograms
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(key)
            .or_default()
            .observe(took.as_secs_f64());
    }

    /// A counter's value (for tests and the text below).
    pub fn value(&self, name: &str, labels: &[&str]) -> u64 {
        self.counters
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .find(|((n, l), _)| {
                *n == name && l.iter().map(String::as_str).eq(labels.iter().copied())
            })
            .map_or(0, |(_, v)| *v)
    }

    /// Everything, in Prometheus' text exposition format.
    pub fn text(&self) -> String {
        let counters = self
            .counters
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let histograms = self
            .histograms
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let mut out = String::new();
        for (name, help, names) in DESCRIBED {
            let histogram = name.ends_with("_seconds");
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(
                out,
                "# TYPE {name} {}",
                if histogram { "histogram" } else { "counter" }
            );
            let labels = |values: &Labels, extra: Option<(&str, String)>| {
                let mut parts: Vec<String> = names
                    .iter()
                    .zip(values)
                    .map(|(n, v)| format!("{n}=\"{}\"", escape(v)))
                    .collect();
                if let Some((n, v)) = extra {
                    parts.push(format!("{n}=\"{v}\""));
                }
                if parts.is_empty() {
                    String::new()
                } else {
                    format!("{{{}}}", parts.join(","))
                }
            };
            if histogram {
                for ((_, values), h) in histograms.iter().filter(|((n, _), _)| n == name) {
                    for (le, c) in BUCKETS.iter().zip(&h.counts) {
                        let _ = writeln!(
                            out,
                            "{name}_bucket{} {c}",
                            labels(values, Some(("le", le.to_string())))
                        );
                    }
                    let _ = writeln!(
                        out,
                        "{name}_bucket{} {}",
                        labels(values, Some(("le", "+Inf".into()))),
                        h.count
                    );
                    let _ = writeln!(out, "{name}_sum{} {}", labels(values, None), h.sum);
                    let _ = writeln!(out, "{name}_count{} {}", labels(values, None), h.count);
                }
            } else {
                let mut any = false;
                for ((_, values), v) in counters.iter().filter(|((n, _), _)| n == name) {
                    any = true;
                    let _ = writeln!(out, "{name}{} {v}", labels(values, None));
                }
                if !any && names.is_empty() {
                    let _ = writeln!(out, "{name} 0");
                }
            }
        }
        out
    }
}

/// A label value with `\`, `"` and line breaks escaped.
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// 16 random bytes as hex.
fn new_id() -> String {
    crate::random_hex(16).unwrap_or_else(|_| "0".repeat(32))
}

/// Gives the request an id, answers it, then counts it, times it, logs
/// one line, and names the id in the gateway's own refusals.
pub async fn observe(
    State(metrics): State<Arc<Metrics>>,
    mut req: Request,
    next: Next,
) -> Response {
    let id = new_id();
    req.extensions_mut().insert(RequestId(id.clone()));
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| route_of(req.uri().path()), |m| m.as_str().to_string());
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip().to_string())
        .unwrap_or_default();
    let started = Instant::now();
    let mut resp = next.run(req).await;
    if resp.extensions().get::<OwnRefusal>().is_some() {
        resp = with_request_id(resp, &id).await;
    }
    let took = started.elapsed();
    let status = resp.status().as_u16();
    metrics.count("payments_requests_total", &[&route, &status.to_string()]);
    metrics.time("payments_request_duration_seconds", &[&route], took);
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert(REQUEST_ID, v);
    }
    tracing::info!(
        request_id = %id,
        method = %method,
        route = %route,
        path = %path,
        status,
        duration_ms = took.as_secs_f64() * 1000.0,
        client = %peer,
        "request"
    );
    resp
}

/// The route a path no route matched belongs to, for the metrics: a
/// bounded set, whatever the path.
fn route_of(path: &str) -> String {
    if path.starts_with("/gateway/") {
        "/gateway (unmatched)".into()
    } else {
        "(console)".into()
    }
}

/// Adds `(request <id>)` to a refusal's message and `request_id` to its
/// JSON.
async fn with_request_id(resp: Response, id: &str) -> Response {
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = body.collect().await.map(|c| c.to_bytes()) else {
        return Response::from_parts(parts, Body::empty());
    };
    let mut v: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(_) => return Response::from_parts(parts, Body::from(bytes)),
    };
    if let Some(m) = v["message"].as_str() {
        v["message"] = serde_json::Value::String(format!("{m} (request {id})"));
    }
    v["request_id"] = serde_json::Value::String(id.to_string());
    let text = v.to_string();
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(text))
}

/// `/healthz`, `/readyz` and `/metrics`.
pub fn routes(gateway: Option<Arc<Gateway>>, metrics: Arc<Metrics>) -> Router<crate::ServerState> {
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route(
            "/readyz",
            get(move || {
                let gateway = gateway.clone();
                async move { ready(gateway.as_deref()).await }
            }),
        )
        .route(
            "/metrics",
            get(
                move |State(state): State<crate::ServerState>,
                      ConnectInfo(peer): ConnectInfo<SocketAddr>| {
                    let metrics = metrics.clone();
                    async move {
                        if !state.policy.may_read_metrics(peer.ip()) {
                            return crate::not_found("/metrics");
                        }
                        (
                            [(
                                header::CONTENT_TYPE,
                                "text/plain; version=0.0.4; charset=utf-8",
                            )],
                            metrics.text(),
                        )
                            .into_response()
                    }
                },
            ),
        )
}

/// Whether the store answers (within two seconds).
async fn ready(gateway: Option<&Gateway>) -> Response {
    let Some(gw) = gateway else {
        return Json(serde_json::json!({"ready": true})).into_response();
    };
    let check = gw.store.check();
    match tokio::time::timeout(Duration::from_secs(2), check).await {
        Ok(Ok(_)) => Json(serde_json::json!({"ready": true})).into_response(),
        Ok(Err(e)) => {
            gw.metrics.count("payments_store_errors_total", &[]);
            not_ready(&format!("The store does not answer: {e}"))
        }
        Err(_) => not_ready("The store did not answer within 2 s."),
    }
}

fn not_ready(message: &str) -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(serde_json::json!({"ready": false, "message": message})),
    )
        .into_response()
}

/// Starts the JSON log lines on standard error (the level from
/// `RUST_LOG`-style `PAYMENTS_LOG`, `info` by default).
pub fn start_logging() {
    let level = std::env::var("PAYMENTS_LOG")
        .ok()
        .and_then(|l| l.parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::INFO);
    let _ = tracing_subscriber::fmt()
        .json()
        .with_max_level(level)
        .with_current_span(false)
        .with_writer(std::io::stderr)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_and_histograms_are_written_as_prometheus_reads_them() {
        let m = Metrics::default();
        m.count("payments_sign_ins_total", &["wrong password"]);
        m.count("payments_sign_ins_total", &["wrong password"]);
        m.time(
            "payments_request_duration_seconds",
            &["/gateway/session"],
            Duration::from_millis(30),
        );
        let text = m.text();
        assert!(
            text.contains("payments_sign_ins_total{outcome=\"wrong password\"} 2\n"),
            "{text}"
        );
        assert!(text.contains("payments_request_duration_seconds_bucket{route=\"/gateway/session\",le=\"0.05\"} 1\n"), "{text}");
        assert!(text.contains("payments_request_duration_seconds_bucket{route=\"/gateway/session\",le=\"0.025\"} 0\n"), "{text}");
        assert!(
            text.contains(
                "payments_request_duration_seconds_count{route=\"/gateway/session\"} 1\n"
            ),
            "{text}"
        );
        assert!(text.contains("payments_store_errors_total 0\n"), "{text}");
        assert_eq!(m.value("payments_sign_ins_total", &["wrong password"]), 2);
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
