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
//! kept in the gateway's store, so servers sharing it count together and
//! a restart forgets nothing; they are forgotten [`WINDOW`] after the
//! last failure, and the table holds at most [`CAPACITY`] keys (expired
//! ones first out, then the least recently counted). A success clears the
//! count of that address and name, not the address's.

use std::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::Row;

use super::store::Store;

/// Failures of one name from one address before the waits begin.
pub const FREE_TRIES: u32 = 5;
/// Failures from one address before its waits begin.
pub const ADDRESS_FREE_TRIES: u32 = 20;
/// Failures from one address after which it is refused for the window.
pub const ADDRESS_LIMIT: u32 = 100;
/// How long a count lasts after its last failure.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Sign-ons one address may start within the window (each keeps a row
/// until it ends or expires).
pub const SIGN_ON_STARTS: u32 = 30;
/// Keys the table holds at most.
pub const CAPACITY: i64 = 50_000;
const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);

/// The failure counts, in the store.
pub struct Throttle {
    store: Store,
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

/// A key's count and when it was last counted (Unix milliseconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Count {
    n: u32,
    last: i64,
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn window_ms() -> i64 {
    i64::try_from(WINDOW.as_millis()).unwrap_or(i64::MAX)
}

/// The wait after `count` failures when `free` are allowed and each
/// `step` failures double it, at `now`.
fn backoff(count: Count, free: u32, step: u32, now: i64) -> Option<Duration> {
    let over = count.n.checked_sub(free)?;
    let wait = Duration::from_secs(1u64 << (over / step).min(10)).min(LONGEST_WAIT);
    let since = Duration::from_millis(u64::try_from(now - count.last).unwrap_or(0));
    wait.checked_sub(since).filter(|d| !d.is_zero())
}

fn address_key(address: IpAddr) -> String {
    format!("address {address}")
}

fn pair_key(address: IpAddr, name: &str) -> String {
    let name: String = name.chars().take(64).collect();
    format!("name {address} {name}")
}

fn failed(e: sqlx::Error) -> String {
    format!("the store does not answer: {e}")
}

/// The live count of `key`.
async fn get(db: &Store, key: &str, now: i64) -> sqlx::Result<Option<Count>> {
    let row = sqlx::query("SELECT n, last FROM throttle WHERE key = $1 AND last > $2")
        .bind(key.to_string())
        .bind(now - window_ms())
        .fetch_optional(db.pool())
        .await?;
    let Some(r) = row else { return Ok(None) };
    let n: i64 = r.try_get(0)?;
    Ok(Some(Count {
        n: u32::try_from(n).unwrap_or(u32::MAX),
        last: r.try_get(1)?,
    }))
}

async fn held(db: &Store) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) FROM throttle")
        .fetch_one(db.pool())
        .await?
        .try_get(0)
}

/// Counts one more for `key` (a count past the window starts again).
async fn add(db: &Store, key: &str, now: i64) -> sqlx::Result<()> {
    let known: i64 = sqlx::query("SELECT COUNT(*) FROM throttle WHERE key = $1")
        .bind(key.to_string())
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
    if known == 0 && held(db).await? >= CAPACITY {
        sqlx::query("DELETE FROM throttle WHERE last <= $1")
            .bind(now - window_ms())
            .execute(db.pool())
            .await?;
        let held = held(db).await?;
        if held >= CAPACITY {
            sqlx::query(
                "DELETE FROM throttle WHERE key IN (SELECT key FROM throttle ORDER BY last LIMIT $1)",
            )
            .bind(held / 8 + 1)
            .execute(db.pool())
            .await?;
        }
    }
    sqlx::query(
        "INSERT INTO throttle (key, n, last) VALUES ($1, 1, $2)
         ON CONFLICT (key) DO UPDATE SET
             n = CASE WHEN throttle.last <= $3 THEN 1 ELSE throttle.n + 1 END,
             last = $2",
    )
    .bind(key.to_string())
    .bind(now)
    .bind(now - window_ms())
    .execute(db.pool())
    .await
    .map(|_| ())
}

impl Throttle {
    pub fn new(store: Store) -> Throttle {
        Throttle { store }
    }

    /// Whether a sign-in for `name` from `address` must wait.
    pub async fn wait(&self, address: IpAddr, name: &str) -> Result<Option<Wait>, String> {
        let (a, p) = (address_key(address), pair_key(address, name));
        let now = now_ms();
        if let Some(c) = get(&self.store, &a, now).await.map_err(failed)? {
            if c.n >= ADDRESS_LIMIT {
                let left = window_ms() - (now - c.last);
                let left = Duration::from_millis(u64::try_from(left).unwrap_or(0));
                return Ok(Some(Wait::Refused(left.max(Duration::from_secs(1)))));
            }
            if let Some(d) = backoff(c, ADDRESS_FREE_TRIES, 5, now) {
                return Ok(Some(Wait::Address(d)));
            }
        }
        Ok(get(&self.store, &p, now)
            .await
            .map_err(failed)?
            .and_then(|c| backoff(c, FREE_TRIES, 1, now))
            .map(Wait::Name))
    }

    /// Notes a failed sign-in.
    pub async fn failed(&self, address: IpAddr, name: &str) -> Result<(), String> {
        let (a, p) = (address_key(address), pair_key(address, name));
        let now = now_ms();
        add(&self.store, &a, now).await.map_err(failed)?;
        add(&self.store, &p, now).await.map_err(failed)
    }

    /// Notes a try made while it had to wait: it counts against the
    /// address, so hammering through the waits ends in a refusal.
    pub async fn waited(&self, address: IpAddr) -> Result<(), String> {
        add(&self.store, &address_key(address), now_ms())
            .await
            .map_err(failed)
    }

    /// Counts a single sign-on started from `address`; whether it may
    /// start (at most [`SIGN_ON_STARTS`] within the window).
    pub async fn started_sign_on(&self, address: IpAddr) -> Result<bool, String> {
        let key = format!("sign-on {address}");
        let now = now_ms();
        add(&self.store, &key, now).await.map_err(failed)?;
        let count = get(&self.store, &key, now).await.map_err(failed)?;
        Ok(count.is_none_or(|c| c.n <= SIGN_ON_STARTS))
    }

    /// Clears the count of this address and name after a success.
    pub async fn succeeded(&self, address: IpAddr, name: &str) -> Result<(), String> {
        sqlx::query("DELETE FROM throttle WHERE key = $1")
            .bind(pair_key(address, name))
            .execute(self.store.pool())
            .await
            .map(|_| ())
            .map_err(failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));
    const GUESSER: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2));

    async fn throttle() -> Throttle {
        Throttle::new(Store::in_memory().await.unwrap())
    }

    #[tokio::test]
    async fn guessing_one_name_slows_that_address_only() {
        let t = throttle().await;
        for _ in 0..FREE_TRIES {
            assert!(t.wait(GUESSER, "ada").await.unwrap().is_none());
            t.failed(GUESSER, "ada").await.unwrap();
        }
        assert!(matches!(
            t.wait(GUESSER, "ada").await.unwrap(),
            Some(Wait::Name(_))
        ));
        assert!(
            t.wait(HOME, "ada").await.unwrap().is_none(),
            "ada from home is not locked out"
        );
        assert!(
            t.wait(GUESSER, "grace").await.unwrap().is_none(),
            "per name and address"
        );
        t.succeeded(GUESSER, "ada").await.unwrap();
        assert!(t.wait(GUESSER, "ada").await.unwrap().is_none());
    }

    #[tokio::test]
    async fn many_names_from_one_address_are_slowed_then_refused() {
        let t = throttle().await;
        for n in 0..ADDRESS_FREE_TRIES {
            t.failed(GUESSER, &format!("name{n}")).await.unwrap();
        }
        assert!(matches!(
            t.wait(GUESSER, "new").await.unwrap(),
            Some(Wait::Address(_))
        ));
        for _ in ADDRESS_FREE_TRIES..ADDRESS_LIMIT {
            t.waited(GUESSER).await.unwrap();
        }
        let refused = t.wait(GUESSER, "new").await.unwrap().unwrap();
        assert!(matches!(refused, Wait::Refused(_)));
        assert!(refused.duration() > Duration::from_secs(60));
        assert!(t.wait(HOME, "new").await.unwrap().is_none());
    }

    #[tokio::test]
    async fn a_flood_of_addresses_never_grows_the_table_past_its_capacity() {
        let store = Store::in_memory().await.unwrap();
        let now = now_ms();
        for i in 0..(CAPACITY + 100) {
            let key = format!("address 10.{}.{}.{}", i >> 16, (i >> 8) & 255, i & 255);
            add(&store, &key, now + i).await.unwrap();
        }
        let held = held(&store).await.unwrap();
        assert!(held <= CAPACITY, "{held}");
    }

    #[test]
    fn waits_double_past_the_free_tries() {
        let now = 1_000_000;
        let c = |n| Count { n, last: now };
        assert_eq!(backoff(c(4), 5, 1, now), None);
        assert_eq!(backoff(c(5), 5, 1, now), Some(Duration::from_secs(1)));
        assert_eq!(backoff(c(7), 5, 1, now), Some(Duration::from_secs(4)));
        assert_eq!(backoff(c(7), 5, 1, now + 4_000), None, "waited out");
    }
}
