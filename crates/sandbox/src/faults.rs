//! Failures on demand, for seeing and testing how a client copes: every
//! path under `/sandbox/faults/` answers with the failure its first
//! segments name, whatever follows them.
//!
//! - `/sandbox/faults/status/{code}/…`: that status, with a JSON
//!   `{"message": …}` (and `Retry-After: 1` for 429 and 503).
//! - `/sandbox/faults/garbage/…`: 200 with a body that is not JSON.
//! - `/sandbox/faults/once/{code}/{key}/…rest`: the first request for
//!   `key` gets `code` (with `Retry-After: 2` for 429 and 503); later ones
//!   are answered by the sandbox at `/…rest`, as if sent there.
//! - `/sandbox/faults/slow/{ms}/…rest`: answered by the sandbox at
//!   `/…rest` after `ms` milliseconds (at most ten seconds).
//! - `/sandbox/faults/drop/{key}/…rest`: every request is answered by the
//!   sandbox at `/…rest`, but the answer to the first write for `key` is
//!   dropped after the sandbox committed it (the connection breaks off
//!   mid-answer), as a lost answer on a real network would be.
//! - `/sandbox/faults/trouble/{refused}/{lost}/…rest`: answered by the
//!   sandbox at `/…rest`, except that a write to payment `{refused}` (the
//!   path's last segment) is refused with 409 and a reason, and the first
//!   write to payment `{lost}` is committed but its answer breaks off,
//!   after which reading `{lost}` answers 503 (the service went down for
//!   it): what a bulk action meets among many payments.
//! - `/sandbox/faults/nth/{key}/{refused}/{lost}/…rest`: the same two
//!   troubles, met by position rather than by payment: of the writes
//!   under `key`, the `{refused}`-th is refused with 409 and the
//!   `{lost}`-th is committed but its answer breaks off (reading that
//!   payment then answers 503). For a connection configured before the
//!   payments it will meet exist, as a gateway's is.
//! - `/sandbox/faults/blank/…rest`: answered by the sandbox at `/…rest`,
//!   but a write's successful answer arrives with an empty body (status
//!   kept), as services whose update answers are undocumented may send.
//! - `/sandbox/faults/odd/…rest`: answered by the sandbox at `/…rest`, but
//!   a list answer gets one record no client can read as a payment (it
//!   has no id) as its second item.

use std::collections::HashSet;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use axum::body::{Body, Bytes, HttpBody};

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use tower::ServiceExt;

/// The fault routes, forwarding "once" requests to `api` afterwards.
pub fn routes(api: Router) -> Router {
    let seen: Arc<Mutex<HashSet<String>>> = Arc::new(Mutex::new(HashSet::new()));
    Router::new().fallback(move |req: Request| {
        let (api, seen) = (api.clone(), seen.clone());
        async move { answer(api, seen, req).await }
    })
}

fn failure(code: u16, message: &str, retry_after: Option<u64>) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST);
    let mut r = (status, Json(serde_json::json!({ "message": message }))).into_response();
    if let Some(s) = retry_after.filter(|_| matches!(code, 429 | 503)) {
        if let Ok(v) = HeaderValue::from_str(&s.to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
    }
    r
}

/// A body that breaks off: the client sees its connection end before the
/// answer it was promised.
struct BrokenOff;

impl HttpBody for BrokenOff {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "the answer was dropped on purpose",
        ))))
    }
}

/// Notes `what` as seen; whether it was new.
fn remember(seen: &Mutex<HashSet<String>>, what: String) -> bool {
    seen.lock().unwrap_or_else(|p| p.into_inner()).insert(what)
}

/// Whether `what` was remembered already.
fn seen_before(seen: &Mutex<HashSet<String>>, what: &str) -> bool {
    seen.lock()
        .unwrap_or_else(|p| p.into_inner())
        .contains(what)
}

/// A vendor's refusal to change `payment`, with its reason.
fn under_review(payment: &str) -> Response {
    failure(
        409,
        &format!("Payment {payment} is under review and cannot be changed now."),
        None,
    )
}

/// What reading a payment whose write answer was lost meets.
fn down_for_it() -> Response {
    failure(503, "The service is down for this payment.", Some(1))
}

/// `answered` (committed), with its body lost: a body is promised (a 204
/// would need none), then the connection breaks off.
fn lose(answered: Response) -> Response {
    let (mut parts, _) = answered.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    if parts.status == StatusCode::NO_CONTENT {
        parts.status = StatusCode::OK;
    }
    Response::from_parts(parts, Body::new(BrokenOff))
}

/// Answers `req` with the sandbox at `/…rest`.
async fn forward(api: Router, mut req: Request, rest: &[&str]) -> Response {
    let query = req
        .uri()
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let Ok(uri) = format!("/{}{query}", rest.join("/")).parse::<Uri>() else {
        return failure(400, "That path cannot be forwarded.", None);
    };
    *req.uri_mut() = uri;
    match api.oneshot(req).await {
        Ok(r) => r,
        Err(e) => match e {},
    }
}

async fn answer(api: Router, seen: Arc<Mutex<HashSet<String>>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let code = |s: &str| s.parse::<u16>().ok().filter(|c| (400..600).contains(c));
    match parts.as_slice() {
        ["status", c, ..] => match code(c) {
            Some(c) => failure(c, &format!("Injected failure: HTTP {c}."), Some(1)),
            None => failure(
                400,
                "The fault's status must be a number from 400 to 599.",
                None,
            ),
        },
        ["garbage", ..] => (
            [(header::CONTENT_TYPE, "application/json")],
            "<html><body>Gateway page, not JSON</body></html>",
        )
            .into_response(),
        ["once", c, key, rest @ ..] => {
            let Some(c) = code(c) else {
                return failure(
                    400,
                    "The fault's status must be a number from 400 to 599.",
                    None,
                );
            };
            if remember(&seen, (*key).to_string()) {
                return failure(c, &format!("Injected failure: HTTP {c}, once."), Some(2));
            }
            forward(api, req, rest).await
        }
        ["slow", ms, rest @ ..] => {
            let Some(ms) = ms.parse::<u64>().ok().filter(|ms| *ms <= 10_000) else {
                return failure(400, "The fault's wait must be milliseconds, at most 10000.", None);
            };
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
            forward(api, req, rest).await
        }
        ["drop", key, rest @ ..] => {
            let write = req.method() != axum::http::Method::GET;
            let first = write && remember(&seen, format!("drop:{key}"));
            let answered = forward(api, req, rest).await;
            if !first {
                return answered;
            }
            // Committed: now lose the answer.
            let (mut parts, _) = answered.into_parts();
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::new(BrokenOff))
        }
        ["trouble", refused, lost, rest @ ..] => {
            let target = rest.last().copied().unwrap_or_default();
            let write = req.method() != axum::http::Method::GET;
            if write && target == *refused {
                return under_review(refused);
            }
            if target == *lost {
                let key = format!("trouble:{lost}");
                if !write {
                    // Down for it only once its write's answer was lost.
                    return if seen_before(&seen, &key) {
                        down_for_it()
                    } else {
                        forward(api, req, rest).await
                    };
                }
                let first = remember(&seen, key);
                let answered = forward(api, req, rest).await;
                return if first { lose(answered) } else { answered };
            }
            forward(api, req, rest).await
        }
        ["nth", key, refused, lost, rest @ ..] => {
            let (Ok(refused), Ok(lost)) = (refused.parse::<usize>(), lost.parse::<usize>()) else {
                return failure(400, "The fault's positions must be numbers.", None);
            };
            let target = rest.last().copied().unwrap_or_default();
            let gone = format!("nth-lost:{key}:{target}");
            if req.method() == axum::http::Method::GET {
                if seen_before(&seen, &gone) {
                    return down_for_it();
                }
                return forward(api, req, rest).await;
            }
            let n = (1..)
                .find(|n| remember(&seen, format!("nth:{key}:{n}")))
                .unwrap_or(0);
            if n == refused {
                return under_review(target);
            }
            if n == lost {
                remember(&seen, gone);
                return lose(forward(api, req, rest).await);
            }
            forward(api, req, rest).await
        }
        ["odd", rest @ ..] => {
            let answered = forward(api, req, rest).await;
            let (mut parts, body) = answered.into_parts();
            let Ok(bytes) = axum::body::to_bytes(body, 32 << 20).await else {
                return failure(502, "The answer could not be read.", None);
            };
            let Ok(mut json) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
                return Response::from_parts(parts, Body::from(bytes));
            };
            let odd = serde_json::json!({"note": "a record without an id", "amount": "1.00"});
            let list = match &mut json {
                serde_json::Value::Array(items) => Some(items),
                serde_json::Value::Object(o) => {
                    let key = ["payments", "data"].into_iter().find(|k| o.get(*k).is_some_and(|v| v.is_array()));
                    key.and_then(|k| o.get_mut(k)).and_then(|v| v.as_array_mut())
                }
                _ => None,
            };
            if let Some(items) = list {
                items.insert(items.len().min(1), odd);
            }
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(json.to_string()))
        }
        ["blank", rest @ ..] => {
            let write = req.method() != axum::http::Method::GET;
            let answered = forward(api, req, rest).await;
            if !write || !answered.status().is_success() {
                return answered;
            }
            let (mut parts, _) = answered.into_parts();
            parts.headers.remove(header::CONTENT_LENGTH);
            parts.headers.remove(header::CONTENT_TYPE);
            Response::from_parts(parts, Body::empty())
        }
        _ => failure(
            404,
            "Unknown fault: use status/{code}, garbage, once/{code}/{key}, slow/{ms}, drop/{key}, blank or odd.",
            None,
        ),
    }
}
