//! Sends an [`HttpRequest`] with the Fetch API (through `gloo-net`) and
//! returns the answer as an [`HttpResponse`], whatever its status. Requests
//! never follow a redirect (`redirect: "error"`) and never carry the
//! browser's cookies (`credentials: "omit"`).
//!
//! The fetch is aborted when the future is dropped before it completes:
//! callers run it with `spawn_local_scoped_with_cancellation`, so a list
//! that reloads for a new query, or a component that unmounts, cancels its
//! request and a stale answer never lands on a newer view.

use gloo_net::http::{Request, RequestBuilder};
use payments_model::{ApiError, ErrorKind, HttpRequest, HttpResponse, Method};

/// Aborts the fetch it guards when dropped, unless it was disarmed after
/// the whole answer arrived.
struct AbortOnDrop(Option<web_sys::AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(c) = self.0.take() {
            c.abort();
        }
    }
}

/// Sends `req`; only a missing answer (offline, refused, aborted, CORS) is
/// an error here. Status codes are the adapter's to judge.
pub async fn send(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    // The browser throws on a header it cannot carry; say so instead.
    for (name, value) in &req.headers {
        if let Err(why) = payments_model::validate::header_value(name, value) {
            return Err(ApiError::new(
                ErrorKind::Invalid,
                format!("The request was not sent. {why} Edit the connection."),
            ));
        }
    }
    let mut guard = AbortOnDrop(web_sys::AbortController::new().ok());
    let signal = guard.0.as_ref().map(|c| c.signal());

    let url = req.url_with_query();
    let mut builder: RequestBuilder = match req.method {
        Method::Get => Request::get(&url),
        Method::Post => Request::post(&url),
        Method::Put => Request::put(&url),
        Method::Patch => Request::patch(&url),
        Method::Delete => Request::delete(&url),
    };
    for (name, value) in &req.headers {
        builder = builder.header(name, value);
    }
    // A redirect would carry the credentials elsewhere, and cookies are
    // not the vendors' way of signing in: neither is followed or sent.
    builder = builder
        .abort_signal(signal.as_ref())
        .redirect(web_sys::RequestRedirect::Error)
        .credentials(web_sys::RequestCredentials::Omit);
    let sent = match req.body {
        Some(body) => {
            builder
                .header("Content-Type", "application/json")
                .body(body)
                .map_err(|e| ApiError::network(transport_detail(&e)))?
                .send()
                .await
        }
        None => builder.send().await,
    };
    let resp = sent.map_err(|e| ApiError::network(transport_detail(&e)))?;
    let headers = resp.headers().entries().collect();
    let body = resp
        .text()
        .await
        .map_err(|e| ApiError::network(transport_detail(&e)))?;
    guard.0 = None;
    Ok(HttpResponse {
        status: resp.status(),
        headers,
        body,
    })
}

/// A short reason without the URL (which could carry an id a person did
/// not type) or any header.
fn transport_detail(e: &gloo_net::Error) -> String {
    match e {
        gloo_net::Error::JsError(js) if js.name == "AbortError" => {
            "the request was cancelled".into()
        }
        gloo_net::Error::JsError(js) => js.message.clone(),
        other => other.to_string(),
    }
}
