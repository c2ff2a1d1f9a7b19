//! A second factor for local accounts: time-based one-time codes (RFC
//! 6238: HMAC-SHA1 over 30-second steps, six digits), as every
//! authenticator app makes them. An account with a `totp_secret` signs in
//! with its password and the code of the moment (the step before and
//! after are taken too, for clocks a little apart); a code, once used,
//! is not taken again. `payments-server totp-secret NAME` makes a secret
//! and prints it with its `otpauth://` URI for the app.

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Seconds a code lasts.
pub const STEP: u64 = 30;
/// Digits of a code.
pub const DIGITS: u32 = 6;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32, without padding (as authenticator apps take it).
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for b in bytes {
        buffer = (buffer << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            out.push(ALPHABET[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Reads base32 in any case, spaces and padding ignored; `None` if any
/// other character is in it.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = ALPHABET
            .iter()
            .position(|a| *a as char == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            out.push(((buffer >> (bits - 8)) & 0xff) as u8);
            bits -= 8;
        }
    }
    Some(out)
}

/// The code for time step `step` (RFC 4226's dynamic truncation).
pub fn code_at(secret: &[u8], step: u64, digits: u32) -> u32 {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else {
        return u32::MAX;
    };
    mac.update(&step.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = (h[19] & 0x0f) as usize;
    let binary = (u32::from(h[offset]) & 0x7f) << 24
        | u32::from(h[offset + 1]) << 16
        | u32::from(h[offset + 2]) << 8
        | u32::from(h[offset + 3]);
    binary % 10u32.pow(digits)
}

/// The step `code` is right for at `now` (Unix seconds): this step, or
/// the one before or after.
pub fn check(secret: &[u8], code: &str, now: u64) -> Option<u64> {
    let code = code.trim();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let typed: u32 = code.parse().ok()?;
    let step = now / STEP;
    [step.saturating_sub(1), step, step + 1]
        .into_iter()
        .find(|s| code_at(secret, *s, DIGITS) == typed)
}

/// Whether `code` is `name`'s code of the moment and not used before (on
/// any server sharing `store`); takes it if so, in one statement, so two
/// servers cannot both take it.
pub async fn take(
    store: &super::store::Store,
    name: &str,
    secret: &[u8],
    code: &str,
) -> Result<bool, String> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let Some(step) = check(secret, code, now) else {
        return Ok(false);
    };
    let step = i64::try_from(step).map_err(|e| e.to_string())?;
    let taken = sqlx::query(
        "INSERT INTO totp_used (name, step) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET step = excluded.step WHERE totp_used.step < excluded.step
         RETURNING step",
    )
    .bind(name.to_string())
    .bind(step)
    .fetch_optional(store.pool())
    .await
    .map_err(|e| e.to_string())?;
    Ok(taken.is_some())
}

/// A new secret: 20 random bytes.
pub fn new_secret() -> Result<Vec<u8>, String> {
    let mut bytes = vec![0u8; 20];
    getrandom::getrandom(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    Ok(bytes)
}

/// The `otpauth://` URI an authenticator app reads (usually as a QR
/// code) for account `name`.
pub fn uri(name: &str, secret: &[u8]) -> String {
    let label = payments_model::http::percent_encode(&format!("Payments Console:{name}"));
    format!(
        "otpauth://totp/{label}?secret={}&issuer=Payments%20Console&algorithm=SHA1&digits={DIGITS}&period={STEP}",
        base32_encode(secret)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238's test vectors for SHA-1 (eight digits).
    #[test]
    fn the_rfc_vectors() {
        let secret = b"12345678901234567890";
        for (time, code) in [
            (59u64, 94_287_082u32),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
            (20_000_000_000, 65_353_130),
        ] {
            assert_eq!(code_at(secret, time / STEP, 8), code, "at {time}");
        }
    }

    #[test]
    fn a_code_is_taken_one_step_either_side_and_no_further() {
        let secret = b"12345678901234567890";
        let now = 1_111_111_109;
        let code = |step: u64| format!("{:06}", code_at(secret, step, DIGITS));
        assert_eq!(check(secret, &code(now / STEP), now), Some(now / STEP));
        assert!(check(secret, &code(now / STEP - 1), now).is_some());
        assert!(check(secret, &code(now / STEP + 1), now).is_some());
        assert_eq!(check(secret, &code(now / STEP - 2), now), None);
        assert_eq!(check(secret, "12345", now), None);
        assert_eq!(check(secret, "abcdef", now), None);
    }

    #[test]
    fn base32_round_trips_and_the_uri_names_the_account() {
        let bytes = b"\x00\x01\xfe\xffhello, world";
        assert_eq!(base32_decode(&base32_encode(bytes)).unwrap(), bytes);
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_decode("mzxw 6ytb oi======").unwrap(), b"foobar");
        assert_eq!(base32_decode("1"), None);
        let u = uri("ada", b"12345678901234567890");
        assert!(u.starts_with("otpauth://totp/Payments%20Console%3Aada?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer="), "{u}");
    }
}
