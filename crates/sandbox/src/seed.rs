//! The deterministic demo data set: the same payments on every machine,
//! seeded once into an empty database (or again after `--reset`).

use chrono::{DateTime, Duration, SecondsFormat, TimeZone, Utc};
use rusqlite::{params, Connection};

use crate::db::Db;

/// How many ReviewRover payments the demo set holds.
pub const REVIEWROVER_COUNT: usize = 240;

/// A small deterministic generator (SplitMix64), so the demo data needs no
/// randomness crate and is identical everywhere.
pub struct DemoRng(u64);

impl DemoRng {
    pub fn new(seed: u64) -> Self {
        DemoRng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// One of `items`, chosen with the given weights.
    pub fn weighted<'a, T>(&mut self, items: &'a [(T, u64)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, w)| w).sum();
        let mut pick = self.below(total);
        for (item, w) in items {
            if pick < *w {
                return item;
            }
            pick -= w;
        }
        &items[items.len() - 1].0
    }

    /// `len` characters from an id alphabet.
    pub fn token(&mut self, len: usize) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..len)
            .map(|_| ALPHABET[self.below(ALPHABET.len() as u64) as usize] as char)
            .collect()
    }
}

/// RFC 3339 in UTC with a `Z`, as the vendors print it.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Seeds every vendor's demo data that is not there yet; `reset` empties
/// the database first.
pub fn ensure(db: &Db, reset: bool) -> rusqlite::Result<()> {
    let mut conn = db.lock();
    if reset {
        conn.execute_batch(
            "DELETE FROM reviewrover_payments; DELETE FROM meta;
             DELETE FROM sqlite_sequence WHERE name = 'reviewrover_payments';",
        )?;
    }
    if !is_seeded(&conn, "reviewrover")? {
        let tx = conn.transaction()?;
        seed_reviewrover(&tx)?;
        mark_seeded(&tx, "reviewrover")?;
        tx.commit()?;
    }
    Ok(())
}

fn is_seeded(conn: &Connection, vendor: &str) -> rusqlite::Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT COUNT(*) FROM meta WHERE key = ?1",
        params![format!("seeded:{vendor}")],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

fn mark_seeded(conn: &Connection, vendor: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, '1')",
        params![format!("seeded:{vendor}")],
    )?;
    Ok(())
}

fn seed_reviewrover(conn: &Connection) -> rusqlite::Result<()> {
    let mut rng = DemoRng::new(0x5EED_0001);
    let contacts: Vec<String> = (0..60).map(|_| format!("cont_{}", rng.token(18))).collect();
    let statuses = [
        ("completed", 70),
        ("pending", 15),
        ("refunded", 10),
        ("failed", 5),
    ];
    let tags = ["vip", "repeat", "online", "in-store", "referral"];
    let start = Utc
        .with_ymd_and_hms(2025, 1, 6, 9, 0, 0)
        .single()
        .unwrap_or_default();
    let mut stmt = conn.prepare(
        "INSERT INTO reviewrover_payments
           (external_id, amount, status, tags, contact_id, event_date, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for i in 0..REVIEWROVER_COUNT {
        // Spread over about ten months, in time order.
        let minutes = (i as i64) * 1_800 + rng.below(1_200) as i64;
        let event = start + Duration::minutes(minutes);
        let created = event + Duration::minutes(30 + rng.below(600) as i64);
        let status = *rng.weighted(&statuses);
        let updated = if status == "refunded" {
            created + Duration::days(1 + rng.below(20) as i64)
        } else {
            created
        };
        let cents = 500 + rng.below(49_500) as i64;
        let amount = rust_decimal::Decimal::new(cents, 2).to_string();
        let external_id = (rng.below(10) != 0).then(|| format!("pay_{:04}", i + 1));
        let chosen: Vec<&str> = tags.iter().copied().filter(|_| rng.below(5) == 0).collect();
        let contact = &contacts[rng.below(contacts.len() as u64) as usize];
        stmt.execute(params![
            external_id,
            amount,
            status,
            serde_json::to_string(&chosen).unwrap_or_else(|_| "[]".into()),
            contact,
            rfc3339(
                event
                    .with_timezone(&Utc)
                    .date_naive()
                    .and_hms_opt(0, 0, 0)
                    .map(|n| n.and_utc())
                    .unwrap_or(event)
            ),
            rfc3339(created),
            rfc3339(updated),
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_deterministic() {
        let mut a = DemoRng::new(7);
        let mut b = DemoRng::new(7);
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs[0], xs[1]);
        assert_eq!(a.token(6).len(), 6);
        assert!(a.below(3) < 3);
    }

    #[test]
    fn weighted_choice_respects_zero_weights() {
        let mut r = DemoRng::new(1);
        for _ in 0..100 {
            assert_eq!(*r.weighted(&[("never", 0), ("always", 5)]), "always");
        }
    }
}
