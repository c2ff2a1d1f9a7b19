//! Writes to one payment, one at a time, across every server sharing the
//! store, so that the read, the comparison with what the write was made
//! from ([`super::versions`]) and the forwarding of one write cannot
//! interleave with another's. A [`Lease`] is a row of the store's own
//! (`payment_leases`, both engines), taken with one `INSERT … ON
//! CONFLICT DO UPDATE … WHERE expired` and given back with a `DELETE`:
//! no database lock is held across a vendor call (on SQLite the write
//! lock lasts one statement), no pooled connection is held while a lease
//! is (an advisory lock would pin one per waiting write), and a server
//! that dies holding one frees it when it expires. Within one server the
//! writes to a payment queue on a mutex first, so only one of them asks
//! the store at a time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use tokio::sync::OwnedMutexGuard;

use super::store::{now_ms, Store};

/// How long a lease lasts unless given back: longer than the read
/// before a write (30 s at most) and the write itself (60 s) together.
pub const LEASE: Duration = Duration::from_secs(100);
/// How long a write waits for a payment another write holds.
pub const WAIT: Duration = Duration::from_secs(20);

type Key = (String, String);

/// The leases of one server.
pub struct Leases {
    store: Store,
    local: Mutex<HashMap<Key, Weak<tokio::sync::Mutex<()>>>>,
}

/// Why no lease was had.
#[derive(Debug)]
pub enum LeaseError {
    /// Another write held the payment for longer than [`WAIT`].
    Busy,
    /// The store did not answer.
    Store(sqlx::Error),
}

/// One payment held for one write: given back with [`Lease::release`],
/// or when dropped.
pub struct Lease {
    store: Store,
    key: Key,
    holder: String,
    released: bool,
    _local: OwnedMutexGuard<()>,
}

impl Leases {
    pub fn new(store: Store) -> Leases {
        Leases {
            store,
            local: Mutex::new(HashMap::new()),
        }
    }

    /// This server's queue for one payment.
    fn queue(&self, key: &Key) -> Arc<tokio::sync::Mutex<()>> {
        let mut local = self.local.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(q) = local.get(key).and_then(Weak::upgrade) {
            return q;
        }
        local.retain(|_, q| q.strong_count() > 0);
        let q = Arc::new(tokio::sync::Mutex::new(()));
        local.insert(key.clone(), Arc::downgrade(&q));
        q
    }

    /// Holds payment `payment` of connection `connection`, waiting at
    /// most [`WAIT`] for another write to give it back.
    pub async fn take(&self, connection: &str, payment: &str) -> Result<Lease, LeaseError> {
        let key = (connection.to_string(), payment.to_string());
        let deadline = tokio::time::Instant::now() + WAIT;
        let local = tokio::time::timeout_at(deadline, self.queue(&key).lock_owned())
            .await
            .map_err(|_| LeaseError::Busy)?;
        let holder = crate::random_hex(16).map_err(|_| LeaseError::Busy)?;
        let mut pause = Duration::from_millis(10);
        loop {
            if self
                .try_take(&key, &holder)
                .await
                .map_err(LeaseError::Store)?
            {
                return Ok(Lease {
                    store: self.store.clone(),
                    key,
                    holder,
                    released: false,
                    _local: local,
                });
            }
            if tokio::time::Instant::now() + pause > deadline {
                return Err(LeaseError::Busy);
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_millis(200));
        }
    }

    /// One try: whether the lease is now `holder`'s.
    async fn try_take(&self, key: &Key, holder: &str) -> sqlx::Result<bool> {
        let now = now_ms();
        let until = now + LEASE.as_millis() as i64;
        let done = sqlx::query(
            "INSERT INTO payment_leases (connection, payment, holder, expires)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (connection, payment) DO UPDATE
                 SET holder = excluded.holder, expires = excluded.expires
                 WHERE payment_leases.expires < $5",
        )
        .bind(key.0.clone())
        .bind(key.1.clone())
        .bind(holder.to_string())
        .bind(until)
        .bind(now)
        .execute(self.store.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }
}

impl Lease {
    /// Gives the payment back.
    pub async fn release(mut self) {
        self.released = true;
        let _ = give_back(&self.store, &self.key, &self.holder).await;
    }
}

async fn give_back(store: &Store, key: &Key, holder: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM payment_leases WHERE connection = $1 AND payment = $2 AND holder = $3")
        .bind(key.0.clone())
        .bind(key.1.clone())
        .bind(holder.to_string())
        .execute(store.pool())
        .await
        .map(|_| ())
}

impl Drop for Lease {
    /// A lease dropped unreleased (its request was abandoned) is given
    /// back by a task of its own, rather than held until it expires.
    fn drop(&mut self) {
        if self.released {
            return;
        }
        let (store, key, holder) = (self.store.clone(), self.key.clone(), self.holder.clone());
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(async move {
                let _ = give_back(&store, &key, &holder).await;
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_write_holds_a_payment_and_the_next_waits_for_it() {
        let store = Store::in_memory().await.unwrap();
        let (a, b) = (Leases::new(store.clone()), Leases::new(store.clone()));
        let first = a.take("rr", "7").await.unwrap();
        // Another server's write to the same payment waits; to another
        // payment it does not.
        let other = b.take("rr", "8").await.unwrap();
        other.release().await;
        let waiting = tokio::spawn(async move { b.take("rr", "7").await.map(|_| ()) });
        tokio::time::sleep(Duration::from_millis(150)).await;
        assert!(!waiting.is_finished(), "the second write waits");
        first.release().await;
        waiting.await.unwrap().unwrap();
    }

    #[tokio::test]
    async fn an_abandoned_lease_is_given_back_and_an_expired_one_taken_over() {
        let store = Store::in_memory().await.unwrap();
        let leases = Leases::new(store.clone());
        drop(leases.take("rr", "7").await.unwrap());
        tokio::time::sleep(Duration::from_millis(50)).await;
        leases.take("rr", "7").await.unwrap().release().await;
        // A lease whose server died: expired, it is taken over.
        sqlx::query("INSERT INTO payment_leases VALUES ('rr', '9', 'gone', 0)")
            .execute(store.pool())
            .await
            .unwrap();
        leases.take("rr", "9").await.unwrap().release().await;
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payment_leases")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(left, 0, "every lease was given back");
    }
}
