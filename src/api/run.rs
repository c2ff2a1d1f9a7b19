//! Runs one request to its decoded result: sends it, decodes the answer
//! with the vendor's functions (or, for the gateway's own refusal, by
//! its code), and for reads that failed with a 429 or a
//! 5xx waits (as the server asked, or with backoff) and tries again,
//! reporting how long it is waiting through a [`Progress`] callback.

use payments_model::message::{Message, NetworkMessage};
use payments_model::{ApiError, HttpRequest, HttpResponse};

use super::retry::retry_wait;
use super::send;

/// Told what a request is waiting for (`None` once it is not waiting any
/// more).
pub type Progress<'a> = &'a dyn Fn(Option<Message>);

/// A [`Progress`] that tells no one.
pub fn quietly(_: Option<Message>) {}

/// Clears its timer when dropped, so a cancelled wait leaves none behind.
struct TimerGuard(Option<i32>);

impl Drop for TimerGuard {
    fn drop(&mut self) {
        if let (Some(id), Some(w)) = (self.0, web_sys::window()) {
            w.clear_timeout_with_handle(id);
        }
    }
}

/// Sleeps in the browser's event loop; dropping the future (an unmount, a
/// new query) clears the timer.
pub async fn sleep_ms(ms: u32) {
    let mut id = None;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            id = w
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32)
                .ok();
        }
    });
    let mut guard = TimerGuard(id);
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    guard.0 = None;
}

/// Sends `req` and decodes the answer, retrying safe reads; `progress`
/// counts down each wait in words.
pub async fn run<T>(
    req: HttpRequest,
    decode: impl Fn(&HttpResponse) -> Result<T, ApiError>,
    progress: Progress<'_>,
) -> Result<T, ApiError> {
    let mut attempt = 1;
    loop {
        let result = match send(req.clone()).await {
            // The gateway's own refusal is read by its code, before the
            // vendor's decoder could take it for the vendor's words.
            Ok(resp) => match ApiError::from_refusal(&resp) {
                Some(refusal) => Err(refusal),
                None => decode(&resp),
            },
            Err(e) => Err(e),
        };
        let error = match result {
            Ok(v) => {
                progress(None);
                return Ok(v);
            }
            Err(e) => e,
        };
        let Some(secs) = retry_wait(req.method, &error, attempt) else {
            progress(None);
            return Err(error);
        };
        let slow_down = error.status == Some(429);
        for seconds in (1..=secs).rev() {
            progress(Some(if slow_down {
                NetworkMessage::RetrySlowDown { seconds }.into()
            } else {
                NetworkMessage::RetryServerFailed { seconds }.into()
            }));
            sleep_ms(1000).await;
        }
        attempt += 1;
    }
}
