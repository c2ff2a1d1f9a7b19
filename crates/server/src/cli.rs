//! The command-line options both programs take (`payments-server` and
//! the sandbox's `payments-sandbox`): where to listen and what the pages
//! allow browsers. Each program reads its own options and hands the rest
//! to [`Shared::take`].

use std::net::{IpAddr, SocketAddr};

use crate::policy::Policy;

/// Where to listen, and the browser policy.
pub struct Shared {
    pub port: u16,
    pub host: IpAddr,
    pub policy: Policy,
}

/// The help text's line for these options.
pub const USAGE: &str = "[--port N] [--host ADDR] [--allowed-host NAME]... [--connect-src ORIGIN]... [--frame-ancestors SOURCES] [--metrics-from ADDR]...";

impl Shared {
    /// Port 8080 (or `PORT`) on 127.0.0.1, the default policy.
    pub fn from_env() -> Result<Shared, String> {
        let port = match std::env::var("PORT") {
            Ok(p) => p
                .parse()
                .map_err(|_| format!("PORT={p:?} is not a port number"))?,
            Err(_) => 8080,
        };
        Ok(Shared {
            port,
            host: IpAddr::from([127, 0, 0, 1]),
            policy: Policy::default(),
        })
    }

    /// The address to listen on.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::new(self.host, self.port)
    }

    /// Takes `arg` if it is one of these options, reading its value with
    /// `value`; whether it was.
    pub fn take(
        &mut self,
        arg: &str,
        mut value: impl FnMut(&str) -> Result<String, String>,
    ) -> Result<bool, String> {
        match arg {
            "--port" => {
                let v = value(arg)?;
                self.port = v
                    .parse()
                    .map_err(|_| format!("--port {v:?} is not a port number"))?;
            }
            "--host" => {
                let v = value(arg)?;
                self.host = v
                    .parse()
                    .map_err(|_| format!("--host {v:?} is not an IP address"))?;
            }
            "--allowed-host" => self.policy.allowed_hosts.push(value(arg)?),
            "--connect-src" => self.policy.connect_src.push(value(arg)?),
            "--frame-ancestors" => self.policy.frame_ancestors = value(arg)?,
            "--metrics-from" => {
                let v = value(arg)?;
                self.policy.metrics_from.push(
                    v.parse()
                        .map_err(|_| format!("--metrics-from {v:?} is not an IP address"))?,
                );
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_options_are_taken_and_others_left() {
        let mut s = Shared {
            port: 8080,
            host: IpAddr::from([127, 0, 0, 1]),
            policy: Policy::default(),
        };
        assert_eq!(s.take("--port", |_| Ok("9000".into())), Ok(true));
        assert_eq!(
            s.take("--connect-src", |_| Ok("https://a.test".into())),
            Ok(true)
        );
        assert_eq!(s.take("--config", |_| Ok("x".into())), Ok(false));
        assert!(s.take("--host", |_| Ok("nowhere".into())).is_err());
        assert_eq!(s.addr().to_string(), "127.0.0.1:9000");
        assert_eq!(s.policy.connect_src, ["https://a.test"]);
    }
}
