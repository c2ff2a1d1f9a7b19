//! `[[connections]]`: each connection's vendor, name, real base URL,
//! scope, currency and credentials (secrets from the environment or
//! files, never the file itself), checked by the vendor's own rules.

use std::collections::BTreeMap;

use payments_model::connection::{check_base_url, Scope};
use payments_model::{vendors, Connection, Currency};
use serde::Deserialize;

use super::source::{Secrets, Source};

/// Names the gateway's own routes use, which a connection id may not take.
/// (A test of the gateway's routes holds every first segment of them
/// here.)
pub const RESERVED: &[&str] = &[
    "session",
    "sessions",
    "me",
    "sign-in",
    "sign-out",
    "oidc",
    "connections",
    "activity",
    "activity.csv",
    "preferences",
    "approvals",
    "runs",
    "events",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ConnectionEntry {
    id: String,
    vendor: String,
    name: String,
    base_url: String,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    scope_id: Option<String>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    credentials: BTreeMap<String, Source>,
}

/// Every connection of the file, checked; ids are unique.
pub(super) fn read(
    entries: Vec<ConnectionEntry>,
    secrets: &dyn Secrets,
) -> Result<Vec<Connection>, String> {
    let mut connections: Vec<Connection> = Vec::new();
    for entry in entries {
        let id = entry.id.clone();
        let conn = connection(entry, secrets).map_err(|e| format!("connection {id:?}: {e}"))?;
        if connections.iter().any(|c| c.id == conn.id) {
            return Err(format!("connection {id:?} is named twice"));
        }
        connections.push(conn);
    }
    Ok(connections)
}

fn connection(entry: ConnectionEntry, secrets: &dyn Secrets) -> Result<Connection, String> {
    let id_ok = !entry.id.is_empty()
        && entry.id.len() <= 40
        && entry
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !id_ok || RESERVED.contains(&entry.id.as_str()) {
        return Err(
            "id must be 1 to 40 of a-z, 0-9, - and _, and not one of the gateway's own names"
                .into(),
        );
    }
    let vendor = vendors::find(&entry.vendor).ok_or_else(|| {
        let known: Vec<_> = vendors::ALL.iter().map(|v| v.slug()).collect();
        format!(
            "vendor {:?} is not one of {}",
            entry.vendor,
            known.join(", ")
        )
    })?;
    if !entry.base_url.starts_with("https://") && !entry.base_url.starts_with("http://") {
        return Err("base_url must be the vendor's full https:// address".into());
    }
    check_base_url(&entry.base_url).map_err(|e| format!("base_url: {e}"))?;
    let scheme = vendor.profile().credentials;
    let mut values = BTreeMap::new();
    for (name, source) in entry.credentials {
        let field = scheme
            .fields
            .iter()
            .find(|f| f.name == name)
            .ok_or_else(|| format!("{} takes no credential {name:?}", vendor.display_name()))?;
        let value = source.read(&format!("credential {name:?}"), field.secret, secrets)?;
        values.insert(name, value.trim().to_string());
    }
    let credentials = vendor
        .profile()
        .credentials
        .credentials_from(&values)
        .map_err(|errs| {
            errs.0
                .iter()
                .map(|e| format!("credential {:?}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; ")
        })?;
    let scope_name = entry.scope.unwrap_or_default();
    let spec = vendor.profile().chosen_scope(&scope_name).map_err(|e| {
        format!(
            "scope {scope_name:?} is not one of {}'s: {e}",
            vendor.display_name()
        )
    })?;
    let scope_name = spec.name;
    let scope_id = entry.scope_id.unwrap_or_default();
    if spec.id_label.is_some() && scope_id.trim().is_empty() {
        return Err(format!("scope {scope_name:?} needs a scope_id"));
    }
    let currency = match entry.currency {
        None => None,
        Some(code) => Some(
            Currency::from_code(&code)
                .ok_or_else(|| format!("currency {code:?} is not a known code"))?,
        ),
    };
    Ok(Connection {
        id: entry.id,
        vendor,
        name: entry.name,
        base_url: entry.base_url,
        credentials,
        scope: Scope::named(scope_name, scope_id.trim()),
        currency,
    })
}

#[cfg(test)]
mod tests {
    use super::RESERVED;

    /// Every first segment of the gateway's own routes is a name no
    /// connection may take, so none is shadowed by a route.
    #[test]
    fn the_gateway_s_own_names_are_reserved() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/gateway/handlers");
        let mut segments = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for part in text.split(".route(\"/").skip(1) {
                let first = part.split(['/', '"']).next().unwrap_or("");
                if !first.starts_with('{') {
                    segments.push(first.to_string());
                }
            }
        }
        assert!(segments.len() >= 8, "{segments:?}");
        for s in &segments {
            assert!(RESERVED.contains(&s.as_str()), "{s} is not reserved");
        }
    }
}
