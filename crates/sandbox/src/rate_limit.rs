//! A rate limit as vendors apply it: at most a number of requests per key
//! in a sliding window of ten seconds, answered with how long to wait.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Requests per key in [`WINDOW`] before 429s start (Whop's documented 20).
pub const DEFAULT_LIMIT: usize = 20;
/// The window the limit counts in.
pub const WINDOW: Duration = Duration::from_secs(10);

/// A sliding window of request times per key.
pub struct RateLimit {
    limit: usize,
    seen: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimit {
    pub fn new(limit: usize) -> RateLimit {
        RateLimit {
            limit,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a request; `Err(seconds)` to wait when over the limit.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let times = seen.entry(key.to_string()).or_default();
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= WINDOW)
        {
            times.pop_front();
        }
        if times.len() >= self.limit {
            let oldest = times.front().copied().unwrap_or(now);
            let wait = WINDOW.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs().max(1));
        }
        times.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_allows_the_limit_then_says_how_long_to_wait() {
        let limit = RateLimit::new(3);
        for _ in 0..3 {
            assert_eq!(limit.check("k"), Ok(()));
        }
        let wait = limit.check("k").unwrap_err();
        assert!((1..=10).contains(&wait), "{wait}");
        assert_eq!(limit.check("other"), Ok(()), "keys are counted apart");
    }
}
