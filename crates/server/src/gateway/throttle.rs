//! Slowing down and refusing guessed sign-ins, by the address they come
//! from, never by the name alone (which would let anyone lock a person
//! out by guessing their name from elsewhere):
//!
//! - per address and name: after [`FREE_TRIES`] failures, each try must
//!   wait 1 s after the last failure, doubling with each further failure
//!   (up to 15 minutes);
//! - per address, whatever the names: after [`ADDRESS_FREE_TRIES`]
//!   failures the same waits begin (doubling every five failures), and
//!   after [`ADDRESS_LIMIT`] every sign-in from that address is refused
//!   until it has tried nothing for the window.
//!
//! Tries made during a wait count against the address too. Counts are
//! forgotten [`WINDOW`] after the last failure, and both
//! tables are bounded ([`crate::bounded`]). A success clears the count of
//! that address and name, not the address's.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use crate::bounded::{Count, Counts};

/// Failures of one name from one address before the waits begin.
pub const FREE_TRIES: u32 = 5;
/// Failures from one address before its waits begin.
pub const ADDRESS_FREE_TRIES: u32 = 20;
/// Failures from one address after which it is refused for the window.
pub const ADDRESS_LIMIT: u32 = 100;
/// How long a count lasts after its last failure.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Keys each table holds at most.
const CAPACITY: usize = 50_000;
const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);

/// The failure counts.
pub struct Throttle {
    pairs: Counts<(IpAddr, String)>,
    addresses: Counts<IpAddr>,
}

impl Default for Throttle {
    fn default() -> Self {
        Throttle {
            pairs: Counts::new(CAPACITY, WINDOW),
            addresses: Counts::new(CAPACITY, WINDOW),
        }
    }
}

/// Why a sign-in may not be tried now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// This name from this address: wait this long.
    Name(Duration),
    /// This address: wait this long.
    Address(Duration),
    /// This address is refused for this long.
    Refused(Duration),
}

impl Wait {
    pub fn duration(self) -> Duration {
        match self {
            Wait::Name(d) | Wait::Address(d) | Wait::Refused(d) => d,
        }
    }
}

/// The wait after `count` failures when `free` are allowed and each
/// `step` failures double it.
fn backoff(count: Count, free: u32, step: u32) -> Option<Duration> {
    let over = count.n.checked_sub(free)?;
    let wait = Duration::from_secs(1u64 << (over / step).min(10)).min(LONGEST_WAIT);
    wait.checked_sub(Instant::now().duration_since(count.last))
        .filter(|d| !d.is_zero())
}

fn key(name: &str) -> String {
    name.chars().take(64).collect()
}

impl Throttle {
    /// Whether a sign-in for `name` from `address` must wait.
    pub fn wait(&self, address: IpAddr, name: &str) -> Option<Wait> {
        if let Some(c) = self.addresses.get(&address) {
            if c.n >= ADDRESS_LIMIT {
                let left = WINDOW.saturating_sub(Instant::now().duration_since(c.last));
                return Some(Wait::Refused(left.max(Duration::from_secs(1))));
            }
            if let Some(d) = backoff(c, ADDRESS_FREE_TRIES, 5) {
                return Some(Wait::Address(d));
            }
        }
        let pair = self.pairs.get(&(address, key(name)))?;
        backoff(pair, FREE_TRIES, 1).map(Wait::Name)
    }

    /// Notes a failed sign-in.
    pub fn failed(&self, address: IpAddr, name: &str) {
        self.addresses.add(&address);
        self.pairs.add(&(address, key(name)));
    }

    /// Notes a try made while it had to wait: it counts against the
    /// address, so hammering through the waits ends in a refusal.
    pub fn waited(&self, address: IpAddr) {
        self.addresses.add(&address);
    }

    /// Clears the count of this address and name after a success.
    pub fn succeeded(&self, address: IpAddr, name: &str) {
        self.pairs.clear(&(address, key(name)));
    }

    /// How many addresses and pairs are counted (for tests and metrics).
    pub fn sizes(&self) -> (usize, usize) {
        (self.addresses.len(), self.pairs.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));
    const GUESSER: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2));

    #[test]
    fn guessing_one_name_slows_that_address_only() {
        let t = Throttle::default();
        for _ in 0..FREE_TRIES {
            assert!(t.wait(GUESSER, "ada").is_none());
            t.failed(GUESSER, "ada");
        }
        assert!(matches!(t.wait(GUESSER, "ada"), Some(Wait::Name(_))));
        assert!(
            t.wait(HOME, "ada").is_none(),
            "ada from home is not locked out"
        );
        assert!(t.wait(GUESSER, "grace").is_none(), "per name and address");
        t.succeeded(GUESSER, "ada");
        assert!(t.wait(GUESSER, "ada").is_none());
    }

    #[test]
    fn many_names_from_one_address_are_slowed_then_refused() {
        let t = Throttle::default();
        for n in 0..ADDRESS_FREE_TRIES {
            t.failed(GUESSER, &format!("name{n}"));
        }
        assert!(matches!(t.wait(GUESSER, "new"), Some(Wait::Address(_))));
        for n in ADDRESS_FREE_TRIES..ADDRESS_LIMIT {
            t.failed(GUESSER, &format!("name{n}"));
        }
        let refused = t.wait(GUESSER, "new").unwrap();
        assert!(matches!(refused, Wait::Refused(_)));
        assert!(refused.duration() > Duration::from_secs(60));
        assert!(t.wait(HOME, "new").is_none());
    }
}
