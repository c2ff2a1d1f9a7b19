//! Query parameters as the vendors read them: the last value of a name
//! wins, and presence flags (`?reversed`) count as set. A simulated
//! vendor refuses a bad parameter in its own words (English, as the real
//! services write), not in the console's catalog.

use payments_model::http::parse_query;

/// The decoded query string of one request.
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Parses the raw query string, if any.
    pub fn parse(raw: Option<&str>) -> Params {
        Params(parse_query(raw.unwrap_or("")))
    }

    /// The last non-empty value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// A presence flag: `?name`, `?name=1` and `?name=true` are set;
    /// `0`/`false` or absence are not; anything else is an error.
    pub fn flag(&self, name: &str) -> Result<bool, String> {
        match self.0.iter().rev().find(|(k, _)| k == name) {
            None => Ok(false),
            Some((_, v)) => match v.as_str() {
                "" | "1" | "true" => Ok(true),
                "0" | "false" => Ok(false),
                other => Err(format!(
                    "{name} is a flag: send it bare, or as 1 or true (not {other:?})."
                )),
            },
        }
    }
}

/// A parameter that must be a whole number from `min` to `max`.
pub fn whole_number_in(name: &str, text: &str, min: u64, max: u64) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "{name} must be a whole number from {min} to {max}."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_take_the_three_documented_forms() {
        for q in ["reversed", "reversed=1", "reversed=true", "a=b&reversed"] {
            assert_eq!(Params::parse(Some(q)).flag("reversed"), Ok(true), "{q}");
        }
        assert_eq!(
            Params::parse(Some("reversed=0")).flag("reversed"),
            Ok(false)
        );
        assert_eq!(Params::parse(None).flag("reversed"), Ok(false));
        assert!(Params::parse(Some("reversed=yes"))
            .flag("reversed")
            .is_err());
        assert_eq!(Params::parse(Some("a=1&a=2&a=")).get("a"), Some("2"));
    }
}
