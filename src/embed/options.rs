//! The options a host page passes to `mount` or sets as attributes of
//! `<payments-console>`, read from plain JSON (camelCase keys) and checked
//! like the Connections form. Plain data, tested natively.

use payments_model::connection::ConnectionDraft;
use payments_model::Connection;
use serde_json::Value;

use payments_model::language::{Language, LANGUAGES};
use payments_model::vendors;

use crate::routing::{Route, RoutingMode};

/// The option a credential value is passed as: `api_key` is `apiKey`.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for ch in name.chars() {
        match ch {
            '_' => upper = true,
            c if upper => {
                out.push(c.to_ascii_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// How the console picks light or dark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Follow the system setting.
    Auto,
    Light,
    Dark,
}

impl Theme {
    /// The `data-theme` attribute value, `None` for auto.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::Auto => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }
}

/// Everything a host decides about one embedded console.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbedOptions {
    pub connection: Connection,
    pub mode: RoutingMode,
    /// The console link to open first.
    pub start: String,
    pub theme: Theme,
    /// The language the host speaks (`de`), instead of the person's or the
    /// browser's; `None` when the host leaves it to them.
    pub locale: Option<&'static Language>,
}

impl EmbedOptions {
    /// Reads the options; `id` becomes the connection's id and
    /// `has_token_callback` lets the token be left out.
    pub fn from_json(
        v: &Value,
        id: &str,
        has_token_callback: bool,
    ) -> Result<EmbedOptions, String> {
        let text = |k: &str| match v.get(k) {
            Some(Value::String(s)) => s.trim().to_string(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let vendor = text("vendor");
        let found = vendors::find(&vendor);
        let mut draft = ConnectionDraft {
            id: Some(id.to_string()),
            vendor: vendor.clone(),
            name: text("name"),
            base_url: text("baseUrl"),
            credentials: Default::default(),
            scope: text("scope"),
            scope_id: text("scopeId"),
            currency: text("currency"),
        };
        if let Some(v) = found {
            let scheme = v.profile().credentials;
            for f in scheme.fields {
                draft
                    .credentials
                    .insert(f.name.to_string(), text(&camel_case(f.name)));
            }
            if has_token_callback && draft.credential(scheme.token_field).is_empty() {
                // Replaced before every request by the host's callback.
                draft.credentials.insert(
                    scheme.token_field.to_string(),
                    "(from the host)".to_string(),
                );
            }
        }
        if draft.name.is_empty() {
            draft.name =
                found.map_or_else(|| "Payments".to_string(), |v| v.display_name().to_string());
        }
        let connection = draft.validate(&[]).map_err(|errs| {
            let parts: Vec<String> = errs.0.iter().map(|e| e.message.to_string()).collect();
            format!("Payments Console cannot start: {}", parts.join(" "))
        })?;
        let routing = text("routing");
        let mode = RoutingMode::parse(if routing.is_empty() { "memory" } else { &routing })
            .ok_or_else(|| format!("Payments Console: routing must be memory, hash, history or history:/base, not {routing:?}."))?;
        let connection_id = id.to_string();
        let start = match text("start").as_str() {
            "" | "list" => Route::List { connection_id }.path(),
            "new" => Route::New { connection_id }.path(),
            "connections" => Route::Connections.path(),
            path if path.starts_with('/') => path.to_string(),
            other => {
                return Err(format!(
                "Payments Console: start must be list, new, connections or a path, not {other:?}."
            ))
            }
        };
        let theme = match text("theme").as_str() {
            "" | "auto" => Theme::Auto,
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            other => {
                return Err(format!(
                    "Payments Console: theme must be auto, light or dark, not {other:?}."
                ))
            }
        };
        let locale = match text("locale").as_str() {
            "" => None,
            tag => Some(Language::find(tag).ok_or_else(|| {
                let known: Vec<&str> = LANGUAGES.iter().map(|l| l.tag).collect();
                format!(
                    "Payments Console: locale must be one of {}, not {tag:?}.",
                    known.join(", ")
                )
            })?),
        };
        Ok(EmbedOptions {
            connection,
            mode,
            start,
            theme,
            locale,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use payments_model::connection::Scope;
    use payments_model::Credentials;
    use serde_json::json;

    #[test]
    fn a_minimal_host_gets_memory_routing_and_the_list() {
        let o = EmbedOptions::from_json(
            &json!({"vendor": "whop", "baseUrl": "https://api.whop.com/api/v5", "token": "k", "scope": "company"}),
            "embedded",
            false,
        )
        .unwrap();
        assert_eq!(o.connection.vendor.slug(), "whop");
        assert_eq!(o.connection.name, "Whop");
        assert_eq!(o.connection.id, "embedded");
        assert_eq!(o.connection.scope, Scope::named("company", ""));
        assert_eq!(o.mode, RoutingMode::Memory);
        assert_eq!(o.start, "/c/embedded");
        assert_eq!(o.theme, Theme::Auto);
    }

    #[test]
    fn every_option_is_read() {
        let o = EmbedOptions::from_json(
            &json!({"vendor": "twocloud", "name": "Gifts", "baseUrl": "/twocloud", "username": "ada",
                    "secret": "s", "deviceId": "d", "scope": "campaign", "scopeId": 7,
                    "routing": "history:/admin/payments", "start": "new", "theme": "dark", "locale": "fr-CA"}),
            "embedded-2",
            false,
        )
        .unwrap();
        assert_eq!(
            o.connection.credentials,
            Credentials::new(
                "basic",
                [
                    ("access", ""),
                    ("device_id", "d"),
                    ("secret", "s"),
                    ("username", "ada")
                ]
            )
        );
        assert_eq!(o.connection.scope, Scope::named("campaign", "7"));
        assert_eq!(
            o.mode,
            RoutingMode::History {
                base: "/admin/payments".into()
            }
        );
        assert_eq!(o.start, "/c/embedded-2/new");
        assert_eq!(o.theme.attribute(), Some("dark"));
        assert_eq!(o.locale.map(|l| l.tag), Some("fr"));
    }

    #[test]
    fn a_token_callback_stands_in_for_the_token() {
        let v = json!({"vendor": "reviewrover", "baseUrl": "/reviewrover/api/v1"});
        let err = EmbedOptions::from_json(&v, "e", false).unwrap_err();
        assert_eq!(err, "Payments Console cannot start: Token is required.");
        assert!(EmbedOptions::from_json(&v, "e", true).is_ok());
    }

    #[test]
    fn credential_options_are_camel_case() {
        assert_eq!(camel_case("api_key"), "apiKey");
        assert_eq!(camel_case("device_id"), "deviceId");
        assert_eq!(camel_case("token"), "token");
    }

    #[test]
    fn mistakes_are_named() {
        let base = json!({"vendor": "reviewrover", "baseUrl": "/rr", "token": "t"});
        let with = |k: &str, v: &str| {
            let mut o = base.clone();
            o[k] = json!(v);
            EmbedOptions::from_json(&o, "e", false).unwrap_err()
        };
        assert!(with("routing", "sideways").contains("routing must be"));
        assert!(with("theme", "pink").contains("theme must be"));
        assert!(with("locale", "tlh").contains("locale must be one of en, de, fr, es"));
        assert!(with("start", "somewhere").contains("start must be"));
        assert!(with("vendor", "stripe").contains("Choose a vendor."));
        assert!(with("baseUrl", "").contains("Base URL is required."));
    }
}
