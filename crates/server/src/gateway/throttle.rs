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
//! An address is an IPv4 address or an IPv6 address's /64 (one network's
//! share: whoever holds one address of it holds 2^64). Counting and
//! recording a failure is one statement for both its keys (returning the
//! counts), so servers racing on one store count every failure.
//! Tries made during a wait count against the address too. Counts are
//! kept in the gateway's store, so servers sharing it count together and
//! a restart forgets nothing; they are forgotten [`WINDOW`] after the
//! last failure, and the table holds at most [`CAPACITY`] keys (expired
//! ones first out, then the least recently counted). A success clears the
//! count of that address and name, not the address's.

use std::net::IpAddr;
use std::time::Duration;

use sqlx::Row;

use super::store::{now_ms, Store};

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

/// What counts as one client: an IPv4 address (an IPv6 address that
/// maps one included), or an IPv6 address's /64.
pub fn client_of(address: IpAddr) -> String {
    match address {
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => match a.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = a.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

fn address_key(address: IpAddr) -> String {
    format!("address {}", client_of(address))
}

fn pair_key(address: IpAddr, name: &str) -> String {
    let name: String = name.chars().take(64).collect();
    format!("name {} {name}", client_of(address))
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

/// Makes room for `keys` when the table is full: expired keys first
/// out, then the least recently counted.
async fn make_room(db: &Store, keys: &[String], now: i64) -> sqlx::Result<()> {
    if held(db).await? < CAPACITY - i64::try_from(keys.len()).unwrap_or(0) {
        return Ok(());
    }
    sqlx::query("DELETE FROM throttle WHERE last <= $1")
        .bind(now - window_ms())
        .execute(db.pool())
        .await?;
    let held = held(db).await?;
    if held >= CAPACITY - 2 {
        sqlx::query(
            "DELETE FROM throttle WHERE key IN (SELECT key FROM throttle ORDER BY last LIMIT $1)",
        )
        .bind(held / 8 + 2)
        .execute(db.pool())
        .await?;
    }
    Ok(())
}

/// Counts one more for each of `keys` (distinct; a count past the
/// window starts again) in one statement; their counts now.
async fn add(db: &Store, keys: &[String], now: i64) -> sqlx::Result<Vec<u32>> {
    make_room(db, keys, now).await?;
    let rows: Vec<String> = (0..keys.len())
        .map(|i| format!("(${}, 1, $1)", i + 3))
        .collect();
    let sql = format!(
        "INSERT INTO throttle (key, n, last) VALUES {}
         ON CONFLICT (key) DO UPDATE SET
             n = CASE WHEN throttle.last <= $2 THEN 1 ELSE throttle.n + 1 END,
             last = $1
         RETURNING n",
        rows.join(", ")
    );
    let mut q = sqlx::query(&sql).bind(now).bind(now - window_ms());
    for k in keys {
        q = q.bind(k.clone());
    }
    let counted = q.fetch_all(db.pool()).await?;
    counted
        .iter()
        .map(|r| {
            r.try_get::<i64, _>(0)
                .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
        })
        .collect()
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
        let keys = [address_key(address), pair_key(address, name)];
        add(&self.store, &keys, now_ms())
            .await
            .map(|_| ())
            .map_err(failed)
    }

    /// Notes a try made while it had to wait: it counts against the
    /// address, so hammering through the waits ends in a refusal.
    pub async fn waited(&self, address: IpAddr) -> Result<(), String> {
        add(&self.store, &[address_key(address)], now_ms())
            .await
            .map(|_| ())
            .map_err(failed)
    }

    /// Counts a single sign-on started from `address`; whether it may
    /// start (at most [`SIGN_ON_STARTS`] within the window).
    pub async fn started_sign_on(&self, address: IpAddr) -> Result<bool, String> {
        let key = format!("sign-on {}", client_of(address));
        let counts = add(&self.store, &[key], now_ms()).await.map_err(failed)?;
        Ok(counts.iter().all(|n| *n <= SIGN_ON_STARTS))
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
            add(&store, &[key], now + i).await.unwrap();
        }
        let held = held(&store).await.unwrap();
        assert!(held <= CAPACITY, "{held}");
    }

    #[test]
    fn an_ipv6_network_counts_as_one_client() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff:ffff:ffff:ffff".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_of(a), client_of(b));
        assert_ne!(client_of(a), client_of(other));
        assert_eq!(client_of("::ffff:10.0.0.1".parse().unwrap()), "10.0.0.1");
        assert_eq!(pair_key(a, "ada"), pair_key(b, "ada"));
    }

    #[tokio::test]
    async fn sign_on_starts_from_one_ipv6_network_are_counted_together() {
        let t = throttle().await;
        for i in 0..SIGN_ON_STARTS {
            let from: IpAddr = format!("2001:db8::{i:x}").parse().unwrap();
            assert!(t.started_sign_on(from).await.unwrap());
        }
        let next: IpAddr = "2001:db8::ffff:1".parse().unwrap();
        assert!(
            !t.started_sign_on(next).await.unwrap(),
            "the /64 is one client"
        );
        let colleague: IpAddr = "2001:db8:0:1::1".parse().unwrap();
        assert!(t.started_sign_on(colleague).await.unwrap());
    }

    #[tokio::test]
    async fn one_statement_counts_both_keys_of_a_failure() {
        let t = throttle().await;
        let counts = add(
            &t.store,
            &[address_key(GUESSER), pair_key(GUESSER, "ada")],
            now_ms(),
        )
        .await
        .unwrap();
        assert_eq!(counts, [1, 1]);
        t.failed(GUESSER, "ada").await.unwrap();
        let now = now_ms();
        let n = |k: String| {
            let store = &t.store;
            async move { get(store, &k, now).await.unwrap().unwrap().n }
        };
        assert_eq!(n(address_key(GUESSER)).await, 2);
        assert_eq!(n(pair_key(GUESSER, "ada")).await, 2);
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
