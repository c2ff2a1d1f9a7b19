//! The deterministic demo data set: the same payments on every machine,
//! seeded once into an empty database (or again after `--reset`).

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection as Sqlite};

use crate::db::Db;

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

/// Seeds every vendor's demo data that is not there yet (`count` payments
/// each, or each simulator's demo count); `reset` empties the database
/// first.
pub fn ensure(db: &Db, reset: bool, count: Option<usize>) -> rusqlite::Result<()> {
    if reset {
        db.write_now(|tx| {
            for s in crate::SIMULATORS {
                for t in s.tables {
                    tx.execute(&format!("DELETE FROM {t}"), [])?;
                    tx.execute("DELETE FROM sqlite_sequence WHERE name = ?1", params![t])?;
                }
            }
            tx.execute("DELETE FROM meta", []).map(|_| ())
        })?;
    }
    for s in crate::SIMULATORS {
        let vendor = s.vendor.slug();
        db.write_now(|tx| {
            if !is_seeded(tx, vendor)? {
                (s.seed)(tx, count.unwrap_or(s.demo_count))?;
                mark_seeded(tx, vendor)?;
            }
            Ok::<_, rusqlite::Error>(())
        })?;
    }
    Ok(())
}

fn is_seeded(db: &Sqlite, vendor: &str) -> rusqlite::Result<bool> {
    let n: i64 = db.query_row(
        "SELECT COUNT(*) FROM meta WHERE key = ?1",
        params![format!("seeded:{vendor}")],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

fn mark_seeded(db: &Sqlite, vendor: &str) -> rusqlite::Result<()> {
    db.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, '1')",
        params![format!("seeded:{vendor}")],
    )?;
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
