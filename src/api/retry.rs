//! When to try a request again: only requests that are safe to repeat
//! (reads), only after a 429 or a 5xx, at most [`MAX_ATTEMPTS`] times in
//! all, waiting what the server asked (`Retry-After`) or else 1, 2, 4 s.

use payments_model::{ApiError, Method};

/// Attempts in all, the first included.
pub const MAX_ATTEMPTS: u32 = 4;

/// Seconds to wait before attempt `attempt + 1`, or `None` to give up.
pub fn retry_wait(method: Method, error: &ApiError, attempt: u32) -> Option<u64> {
    if !method.is_safe_to_retry() || !error.is_transient() || attempt >= MAX_ATTEMPTS {
        return None;
    }
    Some(error.wait_before_retry(attempt))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_retry_with_backoff_or_the_servers_wait() {
        let busy = ApiError::from_status(503, None);
        assert_eq!(retry_wait(Method::Get, &busy, 1), Some(1));
        assert_eq!(retry_wait(Method::Get, &busy, 2), Some(2));
        assert_eq!(retry_wait(Method::Get, &busy, 3), Some(4));
        assert_eq!(retry_wait(Method::Get, &busy, MAX_ATTEMPTS), None);
        let mut limited = ApiError::from_status(429, None);
        limited.retry_after_secs = Some(7);
        assert_eq!(retry_wait(Method::Get, &limited, 1), Some(7));
    }

    #[test]
    fn writes_and_lasting_errors_are_not_retried() {
        let busy = ApiError::from_status(503, None);
        assert_eq!(retry_wait(Method::Post, &busy, 1), None);
        assert_eq!(retry_wait(Method::Delete, &busy, 1), None);
        assert_eq!(
            retry_wait(Method::Get, &ApiError::from_status(404, None), 1),
            None
        );
        assert_eq!(
            retry_wait(Method::Get, &ApiError::network("offline"), 1),
            None
        );
    }
}
