//! The gateway's configuration: a TOML file naming each connection
//! (vendor, name, the vendor's real base URL, scope, currency, and
//! credentials read from environment variables or files) and each
//! account (name, role, argon2 password hash). A secret is never written
//! in the file itself: a secret credential given as plain text is
//! refused.
//!
//! ```toml
//! [gateway]
//! public_origin = "https://payments.example.com"  # optional
//! session_minutes = 480                           # optional: a session's whole life
//! idle_minutes = 30                               # optional: unused this long, it ends
//! trusted_proxies = ["10.0.0.2"]                  # optional: load balancers
//! activity_readers = ["editor", "auditor"]        # optional: who reads everyone's activity
//!
//! [[connections]]
//! id = "reviewrover"
//! vendor = "reviewrover"
//! name = "ReviewRover"
//! base_url = "https://dashboard.reviewrover.co/api/v1"
//! credentials.token = { env = "REVIEWROVER_TOKEN" }
//!
//! [[approval]]                                   # optional: four eyes (config/approvals.rs)
//! name = "Irreversible"
//! connections = ["*"]
//! operations = ["delete"]
//! approver_roles = ["editor"]
//!
//! [[accounts]]
//! name = "ada"
//! role = "editor"
//! password_hash = "$argon2id$v=19$m=19456,t=2,p=1$…"
//! ```

use std::path::Path;

use payments_model::Connection;
use serde::Deserialize;

mod accounts;
mod approvals;
mod connections;
mod oidc;
mod source;
pub use approvals::{ApprovalRule, Covered, Operation};
pub use oidc::OidcConfig;
pub use source::{FromSystem, Secrets, Source};

use super::accounts::{Account, Role};
pub use connections::RESERVED;

/// The whole file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    gateway: Settings,
    #[serde(default)]
    connections: Vec<connections::ConnectionEntry>,
    #[serde(default)]
    accounts: Vec<accounts::AccountEntry>,
    oidc: Option<oidc::OidcEntry>,
    #[serde(default)]
    approval: Vec<approvals::RuleEntry>,
}

/// `[gateway]`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Settings {
    public_origin: Option<String>,
    session_minutes: Option<u64>,
    idle_minutes: Option<u64>,
    #[serde(default)]
    trusted_proxies: Vec<String>,
    /// The roles that read everyone's activity (others read their own).
    activity_readers: Option<Vec<String>>,
    /// The shared store (`postgres://…`); a SQLite file by default.
    database_url: Option<Source>,
    /// `false` turns the accounts of this file off: single sign-on only.
    local_accounts: Option<bool>,
}

/// The gateway's settings, connections (with their secrets) and accounts.
#[derive(Clone)]
pub struct GatewayConfig {
    /// The origin people's browsers use (`https://payments.example.com`):
    /// writes must come from it, and an `https` origin makes the session
    /// cookie `Secure`. `None` takes the request's own host over `http`.
    pub public_origin: Option<String>,
    /// How long a session lasts from sign-in.
    pub session_lifetime: std::time::Duration,
    /// How long a session lasts unused.
    pub session_idle: std::time::Duration,
    /// Proxies (load balancers) whose `X-Forwarded-For` names the client:
    /// sign-in throttles count that address instead of the proxy's.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The roles that read everyone's activity; people of other roles
    /// read their own. By default editors and auditors.
    pub activity_readers: Vec<Role>,
    pub connections: Vec<Connection>,
    pub accounts: Vec<Account>,
    /// The store's URL when it is not the `--db` file:
    /// `PAYMENTS_DATABASE_URL`, else `database_url`. It may hold a
    /// password: never printed.
    pub database_url: Option<String>,
    /// Single sign-on, when `[oidc]` is given.
    pub oidc: Option<OidcConfig>,
    /// Whether the accounts of the file may sign in (with a password).
    pub local_accounts: bool,
    /// The changes that need other people's approval (`[[approval]]`).
    pub approval_rules: Vec<ApprovalRule>,
}

impl std::fmt::Debug for GatewayConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GatewayConfig")
            .field("public_origin", &self.public_origin)
            .field("session_lifetime", &self.session_lifetime)
            .field("session_idle", &self.session_idle)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("connections", &self.connections)
            .field("accounts", &self.accounts.len())
            .field("local_accounts", &self.local_accounts)
            .field("oidc", &self.oidc)
            .field("approval_rules", &self.approval_rules)
            .finish()
    }
}

impl GatewayConfig {
    /// Reads and checks a configuration file; every problem is named.
    pub fn load(path: &Path, secrets: &dyn Secrets) -> Result<GatewayConfig, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        GatewayConfig::parse(&text, secrets).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Checks a configuration's text.
    pub fn parse(text: &str, secrets: &dyn Secrets) -> Result<GatewayConfig, String> {
        let file: File = toml::from_str(text).map_err(|e| e.message().to_string())?;
        let connections = connections::read(file.connections, secrets)?;
        let accounts = accounts::read(file.accounts, secrets)?;
        let s = file.gateway;
        if let Some(origin) = &s.public_origin {
            if !(origin.starts_with("https://") || origin.starts_with("http://"))
                || origin.ends_with('/')
            {
                return Err(format!(
                    "public_origin {origin:?} must be an origin such as https://payments.example.com"
                ));
            }
        }
        let trusted_proxies = s
            .trusted_proxies
            .iter()
            .map(|p| {
                p.parse()
                    .map_err(|_| format!("trusted_proxies: {p:?} is not an IP address"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let activity_readers = match &s.activity_readers {
            None => default_activity_readers(),
            Some(names) => accounts::roles("activity_readers", names)?,
        };
        let database_url = match (
            secrets
                .env("PAYMENTS_DATABASE_URL")
                .filter(|u| !u.trim().is_empty()),
            &s.database_url,
        ) {
            (Some(url), _) => Some(url),
            (None, Some(source)) => Some(database_url(source, secrets)?),
            (None, None) => None,
        };
        let oidc = file.oidc.map(|o| o.check(secrets)).transpose()?;
        let local_accounts = s.local_accounts.unwrap_or(true);
        if !local_accounts && oidc.is_none() {
            return Err(
                "local_accounts = false leaves no way to sign in: add an [oidc] section".into(),
            );
        }
        let approval_rules =
            approvals::read(file.approval, &connections, &accounts, oidc.is_none())?;
        Ok(GatewayConfig {
            approval_rules,
            database_url,
            oidc,
            local_accounts,
            public_origin: s.public_origin,
            trusted_proxies,
            activity_readers,
            session_lifetime: minutes(s.session_minutes.unwrap_or(480)),
            session_idle: minutes(s.idle_minutes.unwrap_or(30)),
            connections,
            accounts,
        })
    }
}

/// `n` minutes, from one to a week.
fn minutes(n: u64) -> std::time::Duration {
    std::time::Duration::from_secs(60 * n.clamp(1, 7 * 24 * 60))
}

/// Editors and auditors read everyone's activity.
fn default_activity_readers() -> Vec<Role> {
    vec![Role::Editor, Role::Auditor]
}

impl GatewayConfig {
    /// Whether people of `role` read everyone's activity.
    pub fn reads_everyone(&self, role: Role) -> bool {
        self.activity_readers.contains(&role)
    }

    /// A configuration with no connection and no account, for building
    /// one in code (the sandbox's demo does).
    pub fn empty() -> GatewayConfig {
        GatewayConfig {
            public_origin: None,
            session_lifetime: std::time::Duration::from_secs(8 * 3600),
            session_idle: std::time::Duration::from_secs(30 * 60),
            trusted_proxies: Vec::new(),
            activity_readers: default_activity_readers(),
            connections: Vec::new(),
            accounts: Vec::new(),
            database_url: None,
            oidc: None,
            local_accounts: true,
            approval_rules: Vec::new(),
        }
    }
}

/// `database_url`: written in the file only without a password.
fn database_url(source: &Source, secrets: &dyn Secrets) -> Result<String, String> {
    let url = source.read("database_url", false, secrets)?;
    let has_password = url
        .split_once("://")
        .and_then(|(_, rest)| rest.split('/').next())
        .and_then(|authority| authority.rsplit_once('@'))
        .is_some_and(|(user, _)| user.contains(':'));
    if matches!(source, Source::Plain(_)) && has_password {
        return Err("database_url holds a password: give it as { env = \"NAME\" } or { file = \"PATH\" } (or set PAYMENTS_DATABASE_URL), never in the file".into());
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Fake(HashMap<&'static str, &'static str>);

    impl Secrets for Fake {
        fn env(&self, name: &str) -> Option<String> {
            self.0.get(name).map(|v| v.to_string())
        }
        fn file(&self, path: &Path) -> Option<String> {
            self.0.get(path.to_str()?).map(|v| format!("{v}\n"))
        }
    }

    fn fake() -> Fake {
        Fake(HashMap::from([
            ("RR_TOKEN", "rr-secret"),
            ("/run/tc", "tc-secret"),
            ("OIDC_CLIENT_SECRET", "oidc-secret"),
        ]))
    }

    const GOOD: &str = r#"
        [gateway]
        session_minutes = 30

        [[connections]]
        id = "rr"
        vendor = "reviewrover"
        name = "ReviewRover"
        base_url = "https://dashboard.reviewrover.co/api/v1"
        credentials.token = { env = "RR_TOKEN" }

        [[connections]]
        id = "gifts"
        vendor = "twocloud"
        name = "Gifts"
        base_url = "https://api.2cloud.example/v1"
        scope = "campaign"
        scope_id = "7"
        credentials = { username = "ada", secret = { file = "/run/tc" }, device_id = "desk-1", access = "administrator" }
    "#;

    #[test]
    fn connections_take_secrets_from_the_environment_and_files() {
        let c = GatewayConfig::parse(GOOD, &fake()).unwrap();
        assert_eq!(c.session_lifetime.as_secs(), 30 * 60);
        assert_eq!(c.connections[0].credentials.get("token"), "rr-secret");
        assert_eq!(c.connections[1].credentials.get("secret"), "tc-secret");
        assert_eq!(
            c.connections[1].scope,
            payments_model::connection::Scope::named("campaign", "7")
        );
        assert!(
            !format!("{c:?}").contains("secret\""),
            "Debug shows no secret: {c:?}"
        );
        assert!(!format!("{c:?}").contains("rr-secret"));
    }

    /// The deployment guide's example configuration, one connection per vendor,
    /// is one the server accepts.
    #[test]
    fn the_readme_example_is_a_working_configuration() {
        let readme = include_str!("../../../../../docs/deploying.md");
        let start = readme.find("```toml\n[gateway]").expect("the example") + "```toml\n".len();
        let text = &readme[start..];
        let text = &text[..text.find("```").expect("its end")];
        let hash = super::super::accounts::hash_password("x").unwrap();
        let text: String = text
            .lines()
            .map(|l| {
                if l.starts_with("password_hash") {
                    format!("password_hash = \"{hash}\"")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        struct Any;
        impl Secrets for Any {
            fn env(&self, name: &str) -> Option<String> {
                Some(format!("value-of-{name}"))
            }
            fn file(&self, _: &Path) -> Option<String> {
                Some("from-a-file".into())
            }
        }
        let c = GatewayConfig::parse(&text, &Any).unwrap();
        let mut vendors: Vec<_> = c.connections.iter().map(|c| c.vendor.slug()).collect();
        vendors.sort_unstable();
        let mut all: Vec<_> = payments_model::vendors::ALL
            .iter()
            .map(|v| v.slug())
            .collect();
        all.sort_unstable();
        assert_eq!(vendors, all, "one example per vendor");
        assert_eq!(c.accounts.len(), 1);
    }

    /// The end-to-end journeys' configurations (`tests/fixtures/`), their
    /// names filled in as `scripts/test` does, are ones the server accepts.
    #[test]
    fn the_journeys_configurations_are_working_ones() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");
        let mut read = 0;
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let filled = text
                .replace("@SIMULATORS@", "http://127.0.0.1:1")
                .replace("@PROVIDER@", "http://127.0.0.1:2")
                .replace("@FAULT@", "bulk-1");
            assert!(!filled.contains('@'), "{:?} names more", entry.path());
            let c = GatewayConfig::parse(&filled, &fake())
                .unwrap_or_else(|e| panic!("{:?}: {e}", entry.path()));
            assert!(!c.connections.is_empty());
            read += 1;
        }
        assert!(read >= 1, "no fixture was read");
    }

    #[test]
    fn the_documented_sign_on_example_is_a_working_section() {
        let doc = include_str!("../../../../../docs/deploying.md");
        let start = doc.find("```toml\n[oidc]").expect("the example") + "```toml\n".len();
        let text = &doc[start..];
        let text = &text[..text.find("```").expect("its end")];
        let config = GatewayConfig::parse(text, &fake()).unwrap();
        let oidc = config.oidc.expect("the section");
        assert_eq!(oidc.name, "Company SSO");
        assert_eq!(oidc.client_secret, "oidc-secret");
        assert!(config.local_accounts);
        assert_eq!(
            GatewayConfig::parse("[gateway]\nlocal_accounts = false\n", &fake())
                .err()
                .unwrap(),
            "local_accounts = false leaves no way to sign in: add an [oidc] section"
        );
        let with_password = "[gateway]\ndatabase_url = \"postgres://u:p@db/x\"\n";
        assert!(GatewayConfig::parse(with_password, &fake())
            .err()
            .unwrap()
            .contains("holds a password"));
    }

    #[test]
    fn a_secret_in_clear_and_other_mistakes_are_named() {
        let clear = GOOD.replace(r#"{ env = "RR_TOKEN" }"#, r#""rr-secret""#);
        assert!(GatewayConfig::parse(&clear, &fake())
            .unwrap_err()
            .contains("is a secret"));
        let unset = GOOD.replace("RR_TOKEN", "MISSING");
        assert!(GatewayConfig::parse(&unset, &fake())
            .unwrap_err()
            .contains("MISSING is not set"));
        let http = GOOD.replace("https://dashboard", "http://dashboard");
        assert!(GatewayConfig::parse(&http, &fake())
            .unwrap_err()
            .contains("base_url"));
        let reserved = GOOD.replace(r#"id = "rr""#, r#"id = "session""#);
        assert!(GatewayConfig::parse(&reserved, &fake())
            .unwrap_err()
            .contains("id must be"));
        let vendor = GOOD.replace(r#"vendor = "reviewrover""#, r#"vendor = "acme""#);
        assert!(GatewayConfig::parse(&vendor, &fake())
            .unwrap_err()
            .contains("not one of"));
        let unknown = format!("{GOOD}\nsurprise = 1");
        assert!(GatewayConfig::parse(&unknown, &fake()).is_err());
    }

    #[test]
    fn approval_rules_are_read_and_every_mistake_is_named() {
        let rule = |body: &str| format!("{GOOD}\n[[approval]]\nname = \"Big\"\n{body}\n");
        let good = rule(
            "connections = [\"rr\"]\noperations = [\"delete\", \"status\"]\namount_at_least = { USD = \"1000.00\" }\nbulk_at_least = 10\napprovers = 2\napprover_roles = [\"editor\", \"auditor\"]\nexpires_after = \"2h\"",
        );
        let c = GatewayConfig::parse(&good, &fake()).unwrap();
        let r = &c.approval_rules[0];
        assert_eq!(r.operations, [Operation::Delete, Operation::Status]);
        assert_eq!(r.amount_at_least[0].1.to_string(), "1000.00");
        assert_eq!((r.approvers, r.expires_after.as_secs()), (2, 7200));
        assert!(r.covers("rr") && !r.covers("gifts"));
        let refused = |body: &str, says: &str| {
            let e = GatewayConfig::parse(&rule(body), &fake()).unwrap_err();
            assert!(e.contains(says), "{body}: {e}");
        };
        let roles = "approver_roles = [\"editor\"]";
        refused(
            &format!("connections = [\"*\"]\noperations = [\"refund\"]\n{roles}"),
            "\"refund\" is none of",
        );
        refused(
            &format!("connections = [\"*\"]\namount_at_least = {{ XYZ = \"1\" }}\n{roles}"),
            "no ISO 4217",
        );
        refused(
            &format!("connections = [\"*\"]\namount_at_least = {{ USD = \"lots\" }}\n{roles}"),
            "is no amount",
        );
        refused(
            &format!("connections = [\"*\"]\n{roles}"),
            "catches nothing",
        );
        refused(
            &format!("connections = [\"nope\"]\noperations = [\"delete\"]\n{roles}"),
            "no connection \"nope\"",
        );
        refused(
            "connections = [\"*\"]\noperations = [\"delete\"]",
            "approver_roles",
        );
        refused(
            &format!("connections = [\"*\"]\noperations = [\"delete\"]\napprovers = 0\n{roles}"),
            "approvers must be",
        );
        refused(&format!("connections = [\"*\"]\noperations = [\"delete\"]\nexpires_after = \"soon\"\n{roles}"), "expires_after");
        refused(
            "connections = [\"*\"]\noperations = [\"delete\"]\napprover_roles = [\"boss\"]",
            "is not a role",
        );
        let twice = format!("{}\n[[approval]]\nname = \"Big\"\nconnections = [\"*\"]\noperations = [\"edit\"]\n{roles}\n", rule(&format!("connections = [\"*\"]\noperations = [\"delete\"]\n{roles}")));
        assert!(GatewayConfig::parse(&twice, &fake())
            .unwrap_err()
            .contains("named twice"));
    }

    #[test]
    fn a_rule_nobody_could_approve_is_refused() {
        let hash = crate::gateway::accounts::hash_password("x").unwrap();
        let people = |names: &[(&str, &str)]| -> String {
            names
                .iter()
                .map(|(n, r)| format!("[[accounts]]\nname = \"{n}\"\nrole = \"{r}\"\npassword_hash = \"{hash}\"\n"))
                .collect()
        };
        let rule = "[[approval]]\nname = \"Two\"\nconnections = [\"*\"]\noperations = [\"delete\"]\napprovers = 2\napprover_roles = [\"editor\"]\n";
        let two = format!(
            "{GOOD}\n{}{rule}",
            people(&[("ada", "editor"), ("bob", "editor")])
        );
        let e = GatewayConfig::parse(&two, &fake()).unwrap_err();
        assert!(e.contains("nobody could approve \"ada\"'s requests"), "{e}");
        let three = format!(
            "{GOOD}\n{}{rule}",
            people(&[("ada", "editor"), ("bob", "editor"), ("cy", "editor")])
        );
        assert!(GatewayConfig::parse(&three, &fake()).is_ok());
    }
}
