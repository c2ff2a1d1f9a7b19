//! Sends an [`HttpRequest`] with the Fetch API (through `gloo-net`) and
//! returns the answer as an [`HttpResponse`], whatever its status. Requests
//! never follow a redirect (`redirect: "error"`) and carry cookies only to
//! the console's own origin (`credentials: "same-origin"`: the gateway's
//! session), never to a vendor. A write to the gateway repeats the
//! session's CSRF token in `X-CSRF-Token`.
//!
//! The fetch is aborted when the future is dropped before it completes:
//! callers run it with `spawn_local_scoped_with_cancellation`, so a list
//! that reloads for a new query, or a component that unmounts, cancels its
//! request and a stale answer never lands on a newer view. It is also
//! aborted when no whole answer came within [`READ_TIMEOUT_MS`] (reads) or
//! [`WRITE_TIMEOUT_MS`] (writes), and an answer larger than
//! [`MAX_BODY_BYTES`] is refused.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Request, RequestBuilder};
use payments_model::message::{Message, NetworkMessage};
use payments_model::{ApiError, ErrorKind, HttpRequest, HttpResponse, Method};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// How long a read may take, answer included.
pub const READ_TIMEOUT_MS: u32 = 30_000;
/// How long a write may take, answer included.
pub const WRITE_TIMEOUT_MS: u32 = 60_000;
/// The largest answer read: a list of many thousands of payments is far
/// below it.
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Aborts the fetch it guards when dropped (unless it was disarmed after
/// the whole answer arrived), and when its time is up.
struct AbortOnDrop {
    controller: Option<web_sys::AbortController>,
    timer: Option<i32>,
    timed_out: Rc<Cell<bool>>,
    _on_time_up: Option<Closure<dyn FnMut()>>,
}

impl AbortOnDrop {
    fn new(timeout_ms: u32) -> AbortOnDrop {
        let controller = web_sys::AbortController::new().ok();
        let timed_out = Rc::new(Cell::new(false));
        let on_time_up = controller.clone().map(|c| {
            let flag = timed_out.clone();
            Closure::<dyn FnMut()>::new(move || {
                flag.set(true);
                c.abort();
            })
        });
        let timer = match (web_sys::window(), &on_time_up) {
            (Some(w), Some(f)) => w
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    f.as_ref().unchecked_ref(),
                    timeout_ms as i32,
                )
                .ok(),
            _ => None,
        };
        AbortOnDrop {
            controller,
            timer,
            timed_out,
            _on_time_up: on_time_up,
        }
    }

    /// The whole answer is in: nothing to abort any more.
    fn disarm(&mut self) {
        self.controller = None;
        self.clear_timer();
    }

    fn clear_timer(&mut self) {
        if let (Some(id), Some(w)) = (self.timer.take(), web_sys::window()) {
            w.clear_timeout_with_handle(id);
        }
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.clear_timer();
        if let Some(c) = self.controller.take() {
            c.abort();
        }
    }
}

/// Sends `req`; only a missing answer (offline, refused, aborted, CORS) is
/// an error here. Status codes are the vendor's to judge.
pub async fn send(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    // The browser throws on a header it cannot carry; say so instead.
    for (_, value) in &req.headers {
        if value.chars().any(|c| !(' '..='~').contains(&c)) {
            let why = header_problem(value);
            return Err(ApiError::new(
                ErrorKind::Invalid,
                NetworkMessage::NotSent { why: Box::new(why) },
            ));
        }
    }
    super::policy::watch();
    if let Some(answer) = super::carried::take(&req) {
        return Ok(answer);
    }
    let write = req.method != Method::Get;
    let timeout_ms = if write {
        WRITE_TIMEOUT_MS
    } else {
        READ_TIMEOUT_MS
    };
    let mut guard = AbortOnDrop::new(timeout_ms);
    let signal = guard.controller.as_ref().map(|c| c.signal());
    let timed_out = guard.timed_out.clone();
    let failed = move |e: gloo_net::Error| {
        if timed_out.get() {
            no_answer_in_time(write, timeout_ms)
        } else {
            ApiError::network(transport_detail(&e))
        }
    };

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
    if write && super::gateway::is_gateway_url(&url) {
        if let Some(token) = super::gateway::csrf() {
            builder = builder.header("X-CSRF-Token", &token);
        }
        // The page's own id: its stream of changes leaves this one out.
        builder = builder.header(payments_model::live::TAB_HEADER, &super::live::tab());
    }
    // A redirect would carry the credentials elsewhere; cookies go to the
    // console's own origin only (the gateway's session), never to a vendor.
    builder = builder
        .abort_signal(signal.as_ref())
        .redirect(web_sys::RequestRedirect::Error)
        .credentials(web_sys::RequestCredentials::SameOrigin);
    let sent = match req.body {
        Some(body) => {
            builder
                .header("Content-Type", "application/json")
                .body(body)
                .map_err(&failed)?
                .send()
                .await
        }
        None => builder.send().await,
    };
    let resp = match sent {
        Ok(r) => r,
        Err(e) => {
            let gave_up = guard.timed_out.get()
                || matches!(&e, gloo_net::Error::JsError(js) if js.name == "AbortError");
            let error = failed(e);
            if !gave_up {
                if let Some(origin) = super::policy::blocked(&url).await {
                    return Err(ApiError::new(
                        ErrorKind::Network,
                        NetworkMessage::BlockedByPolicy { origin },
                    ));
                }
            }
            return Err(error);
        }
    };
    let headers: Vec<(String, String)> = resp.headers().entries().collect();
    let declared = payments_model::http::find_header(&headers, "content-length")
        .and_then(|n| n.trim().parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(too_large());
    }
    // Read as bytes and decoded here: a few milliseconds for megabytes,
    // where handing the browser's decoded text to the module goes through
    // it character by character.
    let bytes = resp.binary().await.map_err(&failed)?;
    guard.disarm();
    if bytes.len() > MAX_BODY_BYTES {
        return Err(too_large());
    }
    let body = text_of(bytes);
    Ok(HttpResponse {
        status: resp.status(),
        headers,
        body,
    })
}

/// An answer's text as the browser's `text()` reads it: UTF-8, a leading
/// byte order mark dropped, each invalid sequence a replacement character.
pub fn text_of(bytes: Vec<u8>) -> String {
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    text
}

fn no_answer_in_time(write: bool, timeout_ms: u32) -> ApiError {
    let secs = u64::from(timeout_ms / 1000);
    let message = if write {
        NetworkMessage::WriteTimedOut { secs }
    } else {
        NetworkMessage::ReadTimedOut { secs }
    };
    ApiError::new(ErrorKind::Network, message)
}

fn too_large() -> ApiError {
    ApiError::new(
        ErrorKind::Decode,
        NetworkMessage::AnswerTooLarge {
            size: (MAX_BODY_BYTES / (1024 * 1024)) as u64,
        },
    )
}

/// Why a header's value cannot be sent: a character a browser refuses.
fn header_problem(value: &str) -> Message {
    match payments_model::validate::header_value(payments_model::keys::word::REQUEST_HEADER, value)
    {
        Err(m) => m.into(),
        Ok(()) => Message::said(value.to_string()),
    }
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

#[cfg(test)]
mod tests {
    use super::text_of;

    #[test]
    fn an_answer_is_read_as_the_browser_reads_its_text() {
        assert_eq!(text_of("[{\"n\":\"Zoë ✓\"}]".into()), "[{\"n\":\"Zoë ✓\"}]");
        // A byte order mark is dropped, as `text()` drops it.
        assert_eq!(text_of(b"\xEF\xBB\xBF[1]".to_vec()), "[1]");
        // Only a leading one.
        assert_eq!(text_of("[\"\u{feff}\"]".into()), "[\"\u{feff}\"]");
        // Each invalid sequence becomes a replacement character, and
        // nothing after it is lost.
        assert_eq!(
            text_of(b"[\"a\xFFb\xC3\"]".to_vec()),
            "[\"a\u{fffd}b\u{fffd}\"]"
        );
        assert_eq!(text_of(Vec::new()), "");
    }
}
