//! Sealing small values the browser keeps for the server: ChaCha20-Poly1305
//! (from `ring`, already the TLS stack's) under a key every server
//! sharing the store shares. The first server to need it makes it and
//! keeps it in the store (`gateway_keys`); the others read it. A sealed
//! value can be neither read nor changed without the key, and one sealed
//! for one purpose does not open for another (the purpose is the
//! additional data).

use base64::Engine;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};
use sqlx::Row;

use super::store::Store;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The largest sealed value opened, in characters.
const MAX_SEALED: usize = 4096;

/// The key, ready to seal and open.
pub struct Seal {
    key: LessSafeKey,
}

impl std::fmt::Debug for Seal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Seal(..)")
    }
}

impl Seal {
    /// The store's key `name`, made by whichever server asks first.
    pub async fn load(store: &Store, name: &str) -> Result<Seal, String> {
        let e = |e: sqlx::Error| format!("the sealing key could not be read: {e}");
        let made = crate::random_hex(32)?;
        sqlx::query(
            "INSERT INTO gateway_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name.to_string())
        .bind(made)
        .execute(store.pool())
        .await
        .map_err(e)?;
        let hex: String = sqlx::query("SELECT value FROM gateway_keys WHERE name = $1")
            .bind(name.to_string())
            .fetch_one(store.pool())
            .await
            .and_then(|r| r.try_get(0))
            .map_err(e)?;
        Seal::from_hex(&hex)
    }

    fn from_hex(hex: &str) -> Result<Seal, String> {
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .filter_map(|i| {
                hex.get(i..i + 2)
                    .and_then(|b| u8::from_str_radix(b, 16).ok())
            })
            .collect();
        let key = UnboundKey::new(&CHACHA20_POLY1305, &bytes)
            .map_err(|_| "the sealing key in the store is not 32 bytes".to_string())?;
        Ok(Seal {
            key: LessSafeKey::new(key),
        })
    }

    /// `plain` sealed for `purpose`, as URL-safe text.
    pub fn seal(&self, purpose: &str, plain: &[u8]) -> Result<String, String> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::getrandom(&mut nonce).map_err(|e| format!("no randomness: {e}"))?;
        let mut sealed = plain.to_vec();
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(purpose.as_bytes()),
                &mut sealed,
            )
            .map_err(|_| "the value could not be sealed".to_string())?;
        let mut out = nonce.to_vec();
        out.extend(sealed);
        Ok(B64.encode(out))
    }

    /// What `sealed` holds, when it was sealed with this key for `purpose`.
    pub fn open(&self, purpose: &str, sealed: &str) -> Option<Vec<u8>> {
        if sealed.len() > MAX_SEALED {
            return None;
        }
        let bytes = B64.decode(sealed).ok()?;
        if bytes.len() < NONCE_LEN {
            return None;
        }
        let (nonce, rest) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut rest = rest.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(purpose.as_bytes()), &mut rest)
            .ok()?;
        Some(plain.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sealed_values_open_only_unchanged_with_the_key_and_purpose() {
        let store = Store::in_memory().await.unwrap();
        let seal = Seal::load(&store, "test").await.unwrap();
        let again = Seal::load(&store, "test").await.unwrap();
        let sealed = seal.seal("sign-on", b"state nonce verifier").unwrap();
        assert!(!sealed.contains("verifier"));
        assert_eq!(
            again.open("sign-on", &sealed).as_deref(),
            Some(&b"state nonce verifier"[..]),
            "servers sharing the store share the key"
        );
        assert_eq!(seal.open("other", &sealed), None);
        let mut bytes = B64.decode(&sealed).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert_eq!(seal.open("sign-on", &B64.encode(bytes)), None);
        let other = Seal::load(&store, "another").await.unwrap();
        assert_eq!(other.open("sign-on", &sealed), None);
        for junk in ["", "%%", "AAAA", &"A".repeat(10_000)] {
            assert_eq!(seal.open("sign-on", junk), None);
        }
    }
}
