//! Forwarding one console request to its vendor.
//!
//! `/gateway/<connection>/<vendor path>?<query>` is forwarded only when
//! the person is signed in, the connection is configured, their role
//! allows the method, a write comes from the console's own page, the
//! method and path are on the vendor's allow-list
//! ([`payments_model::vendors::Profile::endpoints`]: what its requests can
//! be, each id one segment that cannot climb or split), and the
//! connection's scope reaches it ([`payments_model::vendors::Operations::reach`], with
//! [`super::scope`] looking a payment up on the scope's own list). The
//! upstream URL is always the configured base URL plus that path, so no
//! request reaches any other host. Only `Accept` and `Content-Type` go
//! along from the browser; the connection's credentials are added by the
//! vendor's own signing. Redirects are not followed, bodies are capped
//! both ways and requests time out. The vendor's status and body come
//! back with `Content-Type`, `Retry-After` and `X-Pagination-Total` only.
//!
//! Every write attempt by a signed-in person is in the audit log: a
//! refusal with its reason; a forwarded write as a row written before the
//! request leaves (if it cannot be written, nothing is forwarded) and
//! completed by a task of its own when the vendor answers, whether or not
//! the browser still waits.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{OriginalUri, State};
use axum::http::{header, HeaderMap, HeaderValue, Method as HttpMethod, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use http_body_util::BodyExt;
use payments_model::http::{percent_decode_path, HttpRequest, HttpResponse, Method};
use payments_model::vendors::Reach;
use payments_model::Connection;

use super::audit::{self, Attempt};
use super::error::{ErrorKind, GatewayError};
use super::extract::SignedIn;
use super::Gateway;
use crate::observe::{RequestId, REQUEST_ID};

/// The largest request body forwarded.
pub const MAX_BODY: usize = 1 << 20;
/// The largest answer passed back.
const MAX_ANSWER: usize = 32 << 20;
/// How long a client may take to send a request's body.
const BODY_DEADLINE: Duration = Duration::from_secs(30);
/// The headers of the vendor's answer that reach the browser.
const PASSED_BACK: &[&str] = &["content-type", "retry-after", "x-pagination-total"];

fn method(m: &HttpMethod) -> Option<Method> {
    Some(match *m {
        HttpMethod::GET => Method::Get,
        HttpMethod::POST => Method::Post,
        HttpMethod::PUT => Method::Put,
        HttpMethod::PATCH => Method::Patch,
        HttpMethod::DELETE => Method::Delete,
        _ => return None,
    })
}

/// The connection id and the vendor path (`/payments/7`) of a gateway URI
/// path, as sent (still percent-encoded).
fn split(full: &str) -> Option<(&str, &str)> {
    let rest = full.strip_prefix("/gateway/")?;
    let slash = rest.find('/')?;
    Some((&rest[..slash], &rest[slash..]))
}

/// What kind of change a write is.
fn kind(m: Method, path: &str) -> &'static str {
    match m {
        Method::Get => "read",
        Method::Post => "create",
        Method::Delete => "delete",
        Method::Put | Method::Patch if path.trim_end_matches('/').ends_with("/status") => {
            "status change"
        }
        Method::Put | Method::Patch => "edit",
    }
}

/// The payment a path names: the segment after `payments/` where the
/// vendor's pattern has an id, decoded as the vendor reads it.
fn named_payment(pattern: &str, path: &str) -> Option<String> {
    pattern
        .split('/')
        .zip(path.split('/'))
        .collect::<Vec<_>>()
        .windows(2)
        .find(|w| w[0].0 == "payments" && w[1].0 == "{}")
        .map(|w| percent_decode_path(w[1].1))
}

pub async fn forward(
    State(gw): State<Arc<Gateway>>,
    SignedIn(session): SignedIn,
    request_id: Option<axum::Extension<RequestId>>,
    OriginalUri(uri): OriginalUri,
    http_method: HttpMethod,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, GatewayError> {
    let (id, path) =
        split(uri.path()).ok_or_else(|| GatewayError::not_found("No such gateway address."))?;
    let conn = gw
        .config
        .connections
        .iter()
        .find(|c| c.id == id)
        .cloned()
        .ok_or_else(|| {
            GatewayError::not_found(format!("There is no connection {id:?} on this server."))
        })?;
    let m = method(&http_method).ok_or_else(|| {
        GatewayError::new(
            ErrorKind::MethodNotAllowed,
            "The gateway forwards GET, POST, PUT, PATCH and DELETE only.",
        )
    })?;
    let query = uri.query().filter(|q| !q.is_empty()).map(str::to_string);
    let mut attempt = Attempt {
        at: Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        person: session.name.clone(),
        connection: conn.id.clone(),
        method: m.as_str().into(),
        path: match &query {
            Some(q) => format!("{path}?{q}"),
            None => path.to_string(),
        },
        kind: kind(m, path).into(),
        ..Attempt::default()
    };
    let body = match read_body(body).await {
        Ok(b) => b,
        Err(e) => return refuse(&gw, m, &attempt, e).await,
    };
    if m != Method::Get {
        let secrets = conn.secret_values();
        attempt.sent = audit::sent_fields(&body, &secrets);
    }
    let endpoint = conn
        .vendor
        .profile()
        .endpoints
        .iter()
        .find(|e| e.matches(m, path));
    if let Some(e) = endpoint {
        attempt.payment_id = named_payment(e.path, path);
    }
    if let Err(e) = check(
        &gw,
        &session,
        &headers,
        &conn,
        m,
        path,
        endpoint.is_some(),
        &body,
    )
    .await
    {
        return refuse(&gw, m, &attempt, e).await;
    }
    let mut req = HttpRequest::new(m, format!("{}{path}", conn.root()));
    if let Some(axum::Extension(RequestId(id))) = &request_id {
        req.headers.push((REQUEST_ID.to_string(), id.clone()));
    }
    for name in [header::ACCEPT, header::CONTENT_TYPE] {
        if let Some(v) = headers.get(&name).and_then(|v| v.to_str().ok()) {
            req.headers.push((name.as_str().to_string(), v.to_string()));
        }
    }
    let req = conn.vendor.sign(&conn, req);
    gw.metrics
        .count("payments_forwarded_total", &[&conn.id, m.as_str()]);
    if m == Method::Get {
        return Ok(
            match send_for(&gw, &conn.id, &req, query.as_deref(), Bytes::new()).await {
                Ok(a) => passed_back(a),
                Err(message) => GatewayError::new(ErrorKind::Vendor, message).into_response(),
            },
        );
    }
    if matches!(m, Method::Put | Method::Patch) {
        attempt.before = before(&gw, &conn, path, &attempt.sent).await;
    }
    let seq = audit::begin(&gw.store, &attempt).await;
    gw.metrics.count(
        "payments_audit_writes_total",
        &[if seq.is_ok() { "written" } else { "failed" }],
    );
    let seq = seq.map_err(|e| {
        gw.metrics.count("payments_store_errors_total", &[]);
        GatewayError::unavailable(format!(
            "Nothing was sent to the vendor: the audit log could not be written ({e})."
        ))
    })?;
    // The vendor's answer is awaited and recorded by a task of its own,
    // so a browser that gives up does not leave the attempt unanswered.
    let (tell, heard) = tokio::sync::oneshot::channel();
    let task_gw = gw.clone();
    tokio::spawn(async move {
        let answer = send_for(&task_gw, &conn.id, &req, query.as_deref(), body).await;
        let recorded = match &answer {
            Ok(a) if a.is_success() => audit::Answer {
                status: a.status,
                answered: true,
                reason: None,
                payment_id: written_ids(&conn, a),
            },
            Ok(a) => audit::Answer {
                status: a.status,
                answered: true,
                reason: conn
                    .vendor
                    .operations()
                    .decode_written(&conn, a)
                    .err()
                    .map(|e| e.message),
                payment_id: None,
            },
            Err(message) => audit::Answer {
                status: 502,
                answered: false,
                reason: Some(message.clone()),
                payment_id: None,
            },
        };
        let done = audit::answered(&task_gw.store, seq, &attempt, &recorded).await;
        task_gw.metrics.count(
            "payments_audit_writes_total",
            &[if done.is_ok() { "written" } else { "failed" }],
        );
        if let Err(e) = done {
            task_gw.metrics.count("payments_store_errors_total", &[]);
            tracing::error!(row = seq, error = %e, "the answer to an audit row could not be recorded");
        }
        let _ = tell.send(answer);
    });
    Ok(match heard.await {
        Ok(Ok(a)) => passed_back(a),
        Ok(Err(message)) => GatewayError::new(ErrorKind::Vendor, message).into_response(),
        Err(_) => {
            GatewayError::new(ErrorKind::Vendor, "The vendor's answer was lost.").into_response()
        }
    })
}

/// The checks a request must pass, in order: role, same site (writes),
/// allow-list, scope.
#[allow(clippy::too_many_arguments)]
async fn check(
    gw: &Gateway,
    session: &super::sessions::Session,
    headers: &HeaderMap,
    conn: &Connection,
    m: Method,
    path: &str,
    allowed: bool,
    body: &[u8],
) -> Result<(), GatewayError> {
    if !session.role.may(m) {
        return Err(GatewayError::forbidden(format!(
            "Your role ({}) may read payments, not change them.",
            session.role.name()
        )));
    }
    if m != Method::Get {
        gw.same_site(headers, Some(session))?;
    }
    if !allowed {
        return Err(GatewayError::forbidden(format!(
            "The gateway does not forward {} {path} to {}.",
            m.as_str(),
            conn.vendor.display_name()
        )));
    }
    match conn.vendor.operations().reach(conn, m, path, body) {
        Reach::Inside => Ok(()),
        Reach::Outside(why) => Err(GatewayError::forbidden(why)),
        Reach::IfListed { id, list } => match super::scope::listed(gw, conn, &id, list).await {
            Ok(true) => Ok(()),
            Ok(false) => Err(GatewayError::forbidden(format!(
                "Payment {id} is not within {}, so the gateway does not forward this.",
                conn.scope.words(conn.vendor)
            ))),
            Err(e) => Err(GatewayError::new(
                ErrorKind::Vendor,
                format!("The gateway could not check that payment {id} is within this connection's scope: {e}"),
            )),
        },
    }
}

/// Refuses `e`, recording it first when it is a write.
async fn refuse(
    gw: &Gateway,
    m: Method,
    attempt: &Attempt,
    e: GatewayError,
) -> Result<Response, GatewayError> {
    if m != Method::Get {
        let written = audit::refused(&gw.store, attempt, &e.message).await;
        gw.metrics.count(
            "payments_audit_writes_total",
            &[if written.is_ok() { "written" } else { "failed" }],
        );
        if let Err(err) = written {
            gw.metrics.count("payments_store_errors_total", &[]);
            tracing::error!(error = %err, "a refusal could not be recorded");
        }
    }
    Err(e)
}

/// Reads the request's body: at most [`MAX_BODY`] bytes within
/// [`BODY_DEADLINE`].
async fn read_body(body: Body) -> Result<Bytes, GatewayError> {
    let limited = http_body_util::Limited::new(body, MAX_BODY);
    match tokio::time::timeout(BODY_DEADLINE, limited.collect()).await {
        Ok(Ok(c)) => Ok(c.to_bytes()),
        Ok(Err(_)) => Err(GatewayError::new(
            ErrorKind::TooLarge,
            format!("The request's body is larger than {} KB.", MAX_BODY / 1024),
        )),
        Err(_) => Err(GatewayError::new(
            ErrorKind::BadRequest,
            "The request's body did not arrive in time.",
        )),
    }
}

/// The values an edit's fields had, read from the vendor where it can
/// fetch the payment at the same path; empty otherwise.
async fn before(
    gw: &Gateway,
    conn: &Connection,
    path: &str,
    sent: &audit::Fields,
) -> audit::Fields {
    let readable = conn
        .vendor
        .profile()
        .endpoints
        .iter()
        .any(|e| e.matches(Method::Get, path));
    if !readable || sent.is_empty() {
        return Vec::new();
    }
    let req = conn.vendor.sign(
        conn,
        HttpRequest::new(Method::Get, format!("{}{path}", conn.root())),
    );
    let Ok(answer) = send(gw, &req, None, Bytes::new()).await else {
        return Vec::new();
    };
    let Ok(payment) = conn.vendor.operations().decode_payment(conn, &answer) else {
        return Vec::new();
    };
    let mut held = Vec::new();
    let obj: serde_json::Map<String, serde_json::Value> = payment.fields.into_iter().collect();
    audit::flatten("", &obj, &mut held);
    audit::before_values(sent, &held)
}

/// The payments a successful write's answer holds, as `id,id`.
fn written_ids(conn: &Connection, a: &HttpResponse) -> Option<String> {
    let ids: Vec<String> = conn
        .vendor
        .operations()
        .decode_written(conn, a)
        .ok()?
        .into_iter()
        .map(|p| p.id)
        .collect();
    (!ids.is_empty()).then(|| ids.join(","))
}

/// [`send`], counted and timed for connection `connection` in the
/// metrics.
pub async fn send_for(
    gw: &Gateway,
    connection: &str,
    req: &HttpRequest,
    query: Option<&str>,
    body: Bytes,
) -> Result<HttpResponse, String> {
    let started = std::time::Instant::now();
    let answer = send(gw, req, query, body).await;
    let status = answer.as_ref().map_or(502, |a| a.status).to_string();
    gw.metrics
        .count("payments_vendor_answers_total", &[connection, &status]);
    gw.metrics.time(
        "payments_vendor_duration_seconds",
        &[connection],
        started.elapsed(),
    );
    answer
}

/// Sends a signed request upstream (with the browser's query, if any);
/// the answer, or why there is none.
pub async fn send(
    gw: &Gateway,
    req: &HttpRequest,
    query: Option<&str>,
    body: Bytes,
) -> Result<HttpResponse, String> {
    let mut url = req.url_with_query();
    if let Some(q) = query {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(q);
    }
    let method =
        HttpMethod::from_bytes(req.method.as_str().as_bytes()).map_err(|e| e.to_string())?;
    let timeout = Duration::from_secs(if req.method == Method::Get { 30 } else { 60 });
    let mut out = gw.client.request(method, &url).timeout(timeout);
    for (k, v) in &req.headers {
        out = out.header(k.as_str(), v.as_str());
    }
    if !body.is_empty() {
        out = out.body(body);
    }
    let mut resp = out
        .send()
        .await
        .map_err(|e| format!("The vendor did not answer: {}.", reason(&e)))?;
    let status = resp.status().as_u16();
    if (300..400).contains(&status) {
        return Err(
            "The vendor answered with a redirect, which the gateway does not follow.".into(),
        );
    }
    let headers = PASSED_BACK
        .iter()
        .filter_map(|name| {
            let v = resp.headers().get(*name)?.to_str().ok()?;
            Some((name.to_string(), v.to_string()))
        })
        .collect();
    let mut bytes = Vec::new();
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| format!("The vendor's answer broke off: {}.", reason(&e)))?
    {
        if bytes.len() + chunk.len() > MAX_ANSWER {
            return Err(
                "The vendor's answer is larger than 32 MB; the gateway does not pass it on.".into(),
            );
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(HttpResponse {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    })
}

/// Why a request failed, in words that name no URL.
fn reason(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "it took too long"
    } else if e.is_connect() {
        "it could not be reached"
    } else if e.is_body() || e.is_decode() {
        "its answer could not be read"
    } else {
        "the connection failed"
    }
}

fn passed_back(a: HttpResponse) -> Response {
    let status = StatusCode::from_u16(a.status).unwrap_or(StatusCode::BAD_GATEWAY);
    let mut r = (status, a.body).into_response();
    let h = r.headers_mut();
    h.remove(header::CONTENT_TYPE);
    for (k, v) in a.headers {
        if let (Ok(name), Ok(value)) = (
            header::HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(&v),
        ) {
            h.insert(name, value);
        }
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connection_and_vendor_path_are_split_as_sent() {
        assert_eq!(
            split("/gateway/rr/payments/inv%2F7"),
            Some(("rr", "/payments/inv%2F7"))
        );
        assert_eq!(split("/gateway/rr"), None);
    }

    #[test]
    fn a_path_names_its_payment_as_the_vendor_reads_it() {
        assert_eq!(
            named_payment("/payments/{}", "/payments/a+b%2Bc").as_deref(),
            Some("a+b+c")
        );
        assert_eq!(
            named_payment("/payments/{}/status", "/payments/7/status").as_deref(),
            Some("7")
        );
        assert_eq!(
            named_payment("/customers/{}/payments/", "/customers/7/payments/"),
            None
        );
    }

    #[test]
    fn writes_are_named_by_kind() {
        assert_eq!(kind(Method::Post, "/payments"), "create");
        assert_eq!(kind(Method::Put, "/payments/7/status"), "status change");
        assert_eq!(kind(Method::Patch, "/payments/7"), "edit");
        assert_eq!(kind(Method::Delete, "/payments/7"), "delete");
    }
}
