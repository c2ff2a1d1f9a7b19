//! The gateway's one way out to the vendors: [`VendorClient`] sends a
//! request a vendor's module built and signed, and reads the answer. It
//! follows no redirect (a vendor's answer cannot send the gateway, or
//! the credentials it signed with, elsewhere), reads no answer larger
//! than [`MAX_ANSWER`], gives up after 30 s for a read and 60 s for a
//! write, and passes back only the headers of [`PASSED_BACK`]. Forwarding
//! ([`super::handlers::forward`]), the scope checks ([`super::scope`])
//! and the reads before a write use it.

use std::time::Duration;

use axum::body::Bytes;
use axum::http::Method as HttpMethod;
use payments_model::http::{HttpRequest, HttpResponse, Method};
use payments_model::keys::word;
use payments_model::message::GatewayMessage;

use crate::observe::Metrics;

/// The largest answer passed back.
pub const MAX_ANSWER: usize = 32 << 20;
/// The headers of the vendor's answer that reach the browser.
pub const PASSED_BACK: &[&str] = &["content-type", "retry-after", "x-pagination-total"];

/// The HTTP client the gateway talks to vendors with.
pub struct VendorClient {
    http: reqwest::Client,
}

impl VendorClient {
    pub fn new() -> Result<VendorClient, String> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .no_proxy()
            .build()
            .map_err(|e| format!("cannot make the HTTP client: {e}"))?;
        Ok(VendorClient { http })
    }

    /// [`VendorClient::send`], counted and timed for connection
    /// `connection` in `metrics`.
    pub async fn send_for(
        &self,
        metrics: &Metrics,
        connection: &str,
        req: &HttpRequest,
        query: Option<&str>,
        body: Bytes,
    ) -> Result<HttpResponse, GatewayMessage> {
        let started = std::time::Instant::now();
        let answer = self.send(req, query, body).await;
        let status = answer.as_ref().map_or(502, |a| a.status).to_string();
        metrics.count("payments_vendor_answers_total", &[connection, &status]);
        metrics.time(
            "payments_vendor_duration_seconds",
            &[connection],
            started.elapsed(),
        );
        answer
    }

    /// Sends a signed request upstream (with the browser's query, if
    /// any); the answer, or why there is none.
    pub async fn send(
        &self,
        req: &HttpRequest,
        query: Option<&str>,
        body: Bytes,
    ) -> Result<HttpResponse, GatewayMessage> {
        let mut url = req.url_with_query();
        if let Some(q) = query {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(q);
        }
        let method = HttpMethod::from_bytes(req.method.as_str().as_bytes())
            .map_err(|_| GatewayMessage::MethodNotForwarded)?;
        let timeout = Duration::from_secs(if req.method == Method::Get { 30 } else { 60 });
        let mut out = self.http.request(method, &url).timeout(timeout);
        for (k, v) in &req.headers {
            out = out.header(k.as_str(), v.as_str());
        }
        if !body.is_empty() {
            out = out.body(body);
        }
        let mut resp = out
            .send()
            .await
            .map_err(|e| GatewayMessage::VendorNoAnswer { reason: reason(&e) })?;
        let status = resp.status().as_u16();
        if (300..400).contains(&status) {
            return Err(GatewayMessage::VendorRedirect);
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
            .map_err(|e| GatewayMessage::VendorBrokeOff { reason: reason(&e) })?
        {
            if bytes.len() + chunk.len() > MAX_ANSWER {
                return Err(GatewayMessage::VendorTooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(HttpResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }
}

/// Why a request failed, in words that name no URL.
fn reason(e: &reqwest::Error) -> payments_model::keys::Key {
    if e.is_timeout() {
        word::REASON_TOO_LONG
    } else if e.is_connect() {
        word::REASON_UNREACHABLE
    } else if e.is_body() || e.is_decode() {
        word::REASON_UNREADABLE
    } else {
        word::REASON_CONNECTION_FAILED
    }
}
