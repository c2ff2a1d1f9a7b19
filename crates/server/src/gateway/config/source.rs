//! Where a configuration value comes from: written in the file (only
//! what is not secret), an environment variable, or a file's contents;
//! and [`Secrets`], the reader of the last two, which tests replace.

use std::path::Path;

use serde::Deserialize;

/// Where a credential value comes from.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum Source {
    /// Written in the file: only for values that are not secret.
    Plain(String),
    /// `{ env = "NAME" }`: an environment variable.
    Env { env: String },
    /// `{ file = "/run/secrets/x" }`: a file's contents, trimmed.
    File { file: String },
}

impl Source {
    /// The value; a secret written in the file is refused, naming
    /// `what`.
    pub fn read(&self, what: &str, secret: bool, secrets: &dyn Secrets) -> Result<String, String> {
        match self {
            Source::Plain(_) if secret => Err(format!(
                "{what} is a secret: give it as {{ env = \"NAME\" }} or {{ file = \"PATH\" }}, never in the file"
            )),
            Source::Plain(v) => Ok(v.clone()),
            Source::Env { env } => secrets
                .env(env)
                .ok_or_else(|| format!("{what}: the environment variable {env} is not set")),
            Source::File { file } => secrets
                .file(Path::new(file))
                .map(|t| t.trim().to_string())
                .ok_or_else(|| format!("{what}: cannot read {file}")),
        }
    }
}

/// Reads a value from the environment or a file.
pub trait Secrets {
    fn env(&self, name: &str) -> Option<String>;
    fn file(&self, path: &Path) -> Option<String>;
}

/// The process's environment and file system.
pub struct FromSystem;

impl Secrets for FromSystem {
    fn env(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
    fn file(&self, path: &Path) -> Option<String> {
        std::fs::read_to_string(path).ok()
    }
}
