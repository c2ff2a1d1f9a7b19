//! Counters keyed by what clients send (addresses, names), bounded in
//! size and in time: a count is forgotten [`Counts::window`] after its
//! last increment, and a full table drops expired entries first, then
//! the eighth least recently counted, so no flood of distinct keys can
//! grow it past its capacity.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One key's count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count {
    pub n: u32,
    /// When it was last counted.
    pub last: Instant,
}

/// A bounded table of counts.
pub struct Counts<K> {
    capacity: usize,
    window: Duration,
    map: Mutex<HashMap<K, Count>>,
}

impl<K: Hash + Eq + Clone> Counts<K> {
    /// A table of at most `capacity` keys whose counts last `window`.
    pub fn new(capacity: usize, window: Duration) -> Counts<K> {
        Counts {
            capacity: capacity.max(1),
            window,
            map: Mutex::new(HashMap::new()),
        }
    }

    /// How long a count lasts after its last increment.
    pub fn window(&self) -> Duration {
        self.window
    }

    fn live(&self, c: &Count, now: Instant) -> bool {
        now.duration_since(c.last) < self.window
    }

    /// The key's count, if it has one that has not expired.
    pub fn get(&self, key: &K) -> Option<Count> {
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key)
            .copied()
            .filter(|c| self.live(c, Instant::now()))
    }

    /// Counts one more for `key`; its new count.
    pub fn add(&self, key: &K) -> Count {
        let now = Instant::now();
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if !map.contains_key(key) && map.len() >= self.capacity {
            map.retain(|_, c| now.duration_since(c.last) < self.window);
            if map.len() >= self.capacity {
                let mut lasts: Vec<Instant> = map.values().map(|c| c.last).collect();
                lasts.sort_unstable();
                let cut = lasts[(lasts.len() / 8).min(lasts.len() - 1)];
                map.retain(|_, c| c.last > cut);
            }
        }
        let entry = map.entry(key.clone()).or_insert(Count { n: 0, last: now });
        if !self.live(entry, now) {
            entry.n = 0;
        }
        entry.n = entry.n.saturating_add(1);
        entry.last = now;
        *entry
    }

    /// Forgets the key.
    pub fn clear(&self, key: &K) {
        self.map
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
    }

    /// How many keys are held.
    pub fn len(&self) -> usize {
        self.map.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Whether no key is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_grow_and_clear() {
        let c: Counts<&str> = Counts::new(10, Duration::from_secs(60));
        assert_eq!(c.add(&"a").n, 1);
        assert_eq!(c.add(&"a").n, 2);
        assert_eq!(c.get(&"a").map(|c| c.n), Some(2));
        c.clear(&"a");
        assert_eq!(c.get(&"a"), None);
    }

    #[test]
    fn a_flood_of_keys_never_grows_the_table_past_its_capacity() {
        let c: Counts<u32> = Counts::new(1000, Duration::from_secs(60));
        for k in 0..100_000 {
            c.add(&k);
            assert!(c.len() <= 1000);
        }
        assert!(c.get(&99_999).is_some(), "the newest key is kept");
    }

    #[test]
    fn counts_expire_after_the_window() {
        let c: Counts<&str> = Counts::new(10, Duration::from_millis(20));
        c.add(&"a");
        c.add(&"a");
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(c.get(&"a"), None);
        assert_eq!(c.add(&"a").n, 1, "an expired count starts again");
    }
}
