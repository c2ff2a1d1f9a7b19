//! Forwarding one console request to its vendor.
//!
//! `/gateway/<connection>/<vendor path>?<query>` is forwarded only when
//! the connection is configured, the person is signed in, their role
//! allows the method, a write comes from the console's own page, and the
//! method and path are on the vendor's allow-list
//! ([`payments_model::vendors::Profile::endpoints`]: what its adapter can
//! produce, each id one segment that cannot climb or split). The upstream
//! URL is always the configured base URL plus that path, so no request
//! reaches any other host. Only `Accept` and `Content-Type` go along from
//! the browser (no cookie, no hop-by-hop header, no credential of its
//! own); the connection's credentials are added by the vendor's own
//! signing. Redirects are not followed. Bodies are capped both ways and
//! requests time out. The vendor's status and body come back with
//! `Content-Type`, `Retry-After` and `X-Pagination-Total` only; a vendor
//! that does not answer is a 502 that says so. Every write is recorded.

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{header, HeaderMap, HeaderValue, Method as HttpMethod, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use payments_model::http::{HttpRequest, HttpResponse, Method};
use payments_model::Connection;

use super::audit::{self, Entry};
use super::{gateway, refusal, same_site, signed_in, Gateway};
use crate::AppState;

/// The largest request body forwarded.
pub const MAX_BODY: usize = 1 << 20;
/// The largest answer passed back.
const MAX_ANSWER: usize = 32 << 20;
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

pub async fn forward(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    http_method: HttpMethod,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let gw = match gateway(&state) {
        Ok(g) => g,
        Err(r) => return r,
    };
    let Some((id, path)) = split(uri.path()) else {
        return refusal(StatusCode::NOT_FOUND, "No such gateway address.");
    };
    let Some(conn) = gw.config.connections.iter().find(|c| c.id == id).cloned() else {
        return refusal(
            StatusCode::NOT_FOUND,
            format!("There is no connection {id:?} on this server."),
        );
    };
    let session = match signed_in(&gw, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(m) = method(&http_method) else {
        return refusal(
            StatusCode::METHOD_NOT_ALLOWED,
            "The gateway forwards GET, POST, PUT, PATCH and DELETE only.",
        );
    };
    if !session.role.may(m) {
        return refusal(
            StatusCode::FORBIDDEN,
            format!(
                "Your role ({}) may read payments, not change them.",
                session.role.name()
            ),
        );
    }
    if m != Method::Get {
        if let Err(r) = same_site(&gw, &headers, Some(&session)) {
            return r;
        }
    }
    let endpoint = conn
        .vendor
        .profile()
        .endpoints
        .iter()
        .find(|e| e.matches(m, path));
    let Some(endpoint) = endpoint else {
        return refusal(
            StatusCode::FORBIDDEN,
            format!(
                "The gateway does not forward {m:?} {path} to {}.",
                conn.vendor.display_name()
            ),
        );
    };
    let query = uri.query().filter(|q| !q.is_empty());
    let mut req = HttpRequest::new(m, format!("{}{path}", conn.root()));
    for name in [header::ACCEPT, header::CONTENT_TYPE] {
        if let Some(v) = headers.get(&name).and_then(|v| v.to_str().ok()) {
            req.headers.push((name.as_str().to_string(), v.to_string()));
        }
    }
    let req = conn.vendor.sign(&conn, req);
    let answer = send(&gw, &req, query, body).await;
    if m != Method::Get {
        let entry = Entry {
            at: Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            person: session.name.clone(),
            connection: conn.id.clone(),
            method: format!("{m:?}").to_uppercase(),
            path: match query {
                Some(q) => format!("{path}?{q}"),
                None => path.to_string(),
            },
            status: answer.as_ref().map_or(502, |a| a.status),
            payment_id: payment_id(&conn, endpoint.path, path, answer.as_ref().ok()),
        };
        if let Err(e) = state.db.write(move |db| audit::record(db, &entry)).await {
            eprintln!("payments-server: the audit log could not be written: {e}");
        }
    }
    match answer {
        Ok(a) => passed_back(a),
        Err(message) => refusal(StatusCode::BAD_GATEWAY, message),
    }
}

/// The payment a write names: the segment after `payments/` in its path,
/// or the payments its answer holds.
fn payment_id(
    conn: &Connection,
    pattern: &str,
    path: &str,
    answer: Option<&HttpResponse>,
) -> Option<String> {
    let named = pattern
        .split('/')
        .zip(path.split('/'))
        .collect::<Vec<_>>()
        .windows(2)
        .find(|w| w[0].0 == "payments" && w[1].0 == "{}")
        .map(|w| payments_model::http::percent_decode(w[1].1));
    named.or_else(|| {
        let a = answer.filter(|a| a.is_success())?;
        let ids: Vec<String> = conn
            .vendor
            .decode_written(conn, a)
            .ok()?
            .into_iter()
            .map(|p| p.id)
            .collect();
        (!ids.is_empty()).then(|| ids.join(","))
    })
}

/// Sends the signed request upstream; the answer, or why there is none.
async fn send(
    gw: &Gateway,
    req: &HttpRequest,
    query: Option<&str>,
    body: Bytes,
) -> Result<HttpResponse, String> {
    let url = match query {
        Some(q) => format!("{}?{q}", req.url),
        None => req.url.clone(),
    };
    let method = HttpMethod::from_bytes(format!("{:?}", req.method).to_uppercase().as_bytes())
        .map_err(|e| e.to_string())?;
    let timeout = std::time::Duration::from_secs(if req.method == Method::Get { 30 } else { 60 });
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
}
