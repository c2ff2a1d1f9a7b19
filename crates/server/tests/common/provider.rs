//! A real OpenID provider (npm's `oidc-provider`, set up by
//! `scripts/setup.sh` in `tests/oidc-provider`), started as a process of
//! its own for the sign-on tests; its people are listed in
//! `provider.mjs`. Dropping it stops it.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The running provider.
pub struct Provider {
    pub base: String,
    child: Child,
}

/// The client secret the tests' provider and gateway share.
pub const CLIENT_SECRET: &str = "sso-test-client-secret";

impl Provider {
    /// Starts it on `port` for a gateway whose callback is `redirect_uri`;
    /// authorization codes live `code_ttl` seconds.
    pub async fn start(port: u16, redirect_uri: &str, code_ttl: u64) -> Provider {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/oidc-provider");
        assert!(
            dir.join("node_modules/oidc-provider").exists(),
            "oidc-provider is not installed: run the tests through scripts/test (or npm ci in {})",
            dir.display()
        );
        let child = Command::new("node")
            .arg(dir.join("provider.mjs"))
            .env("PORT", port.to_string())
            .env("REDIRECT_URI", redirect_uri)
            .env("CLIENT_SECRET", CLIENT_SECRET)
            .env("CODE_TTL", code_ttl.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("node starts");
        let base = format!("http://127.0.0.1:{port}");
        let p = Provider { base, child };
        for _ in 0..100 {
            let discovery = format!("{}/.well-known/openid-configuration", p.base);
            if reqwest::get(&discovery)
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return p;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the OpenID provider did not start");
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
