//! `payments-server`: the console's server. It serves the console, a
//! gateway that holds the vendors' secrets and signs staff in, and the
//! vendor simulators.
//!
//! Gateway: `--config FILE` (connections and accounts, see
//! `gateway::config`); with none, a demo gateway for the simulators with
//! accounts `editor` and `viewer` (password from `PAYMENTS_DEMO_PASSWORD`
//! or made up and printed); `--no-gateway` for the browser-only demo, in
//! which the server hands its demo credentials to the console.
//! `payments-server hash-password` reads a password from standard input
//! and prints its argon2 hash for the configuration.
//!
//! Other options: `--port N` (or `PORT`, default 8080), `--host ADDR` (default
//! 127.0.0.1), `--db FILE` (default `.sandbox/payments.sqlite3`),
//! `--dist DIR` (default `dist`), `--no-app`, `--reset` (seed the demo data
//! again), `--demo-payments N` (seed N payments per vendor instead of the
//! demo set's own counts, for measuring big accounts), `--rate-limit N` (requests per key in 10 s for the vendors that
//! limit them, default 20), `--allowed-host NAME` (a host name to answer
//! besides this machine's loopback names; repeatable), `--connect-src
//! ORIGIN` (a vendor origin the console's pages may call; repeatable) and
//! `--frame-ancestors SOURCES` (who may frame the pages, default `'self'`).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use payments_server::{serve, Config, GatewayMode, SIMULATORS};

const USAGE: &str =
    "usage: payments-server [--port N] [--host ADDR] [--db FILE] [--dist DIR] [--no-app] [--reset]\n\
     [--demo-payments N]\n\
     [--rate-limit N] [--allowed-host NAME]... [--connect-src ORIGIN]... [--frame-ancestors SOURCES]\n\
     [--config FILE | --no-gateway]\n\
     payments-server hash-password   (reads a password on standard input, prints its hash)";

fn parse_args() -> Result<Config, String> {
    let mut port: u16 = match std::env::var("PORT") {
        Ok(p) => p
            .parse()
            .map_err(|_| format!("PORT={p:?} is not a port number"))?,
        Err(_) => 8080,
    };
    let mut host: IpAddr = IpAddr::from([127, 0, 0, 1]);
    let mut db_path = PathBuf::from(".sandbox/payments.sqlite3");
    let mut dist = Some(PathBuf::from("dist"));
    let mut reset = false;
    let mut demo_payments = None;
    let mut rate_limit = payments_server::rate_limit::DEFAULT_LIMIT;
    let mut policy = payments_server::policy::Policy::default();
    let mut gateway = GatewayMode::Demo {
        password: std::env::var("PAYMENTS_DEMO_PASSWORD")
            .ok()
            .filter(|p| !p.is_empty()),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--port" => {
                let v = value("--port")?;
                port = v
                    .parse()
                    .map_err(|_| format!("--port {v:?} is not a port number"))?;
            }
            "--host" => {
                let v = value("--host")?;
                host = v
                    .parse()
                    .map_err(|_| format!("--host {v:?} is not an IP address"))?;
            }
            "--db" => db_path = PathBuf::from(value("--db")?),
            "--dist" => dist = Some(PathBuf::from(value("--dist")?)),
            "--no-app" => dist = None,
            "--reset" => reset = true,
            "--demo-payments" => {
                let v = value("--demo-payments")?;
                demo_payments = Some(
                    v.parse()
                        .ok()
                        .filter(|n| (1..=1_000_000).contains(n))
                        .ok_or(format!(
                            "--demo-payments {v:?} is not a number from 1 to 1000000"
                        ))?,
                );
            }
            "--rate-limit" => {
                let v = value("--rate-limit")?;
                rate_limit = v
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(format!("--rate-limit {v:?} is not a positive number"))?;
            }
            "--allowed-host" => policy.allowed_hosts.push(value("--allowed-host")?),
            "--connect-src" => policy.connect_src.push(value("--connect-src")?),
            "--frame-ancestors" => policy.frame_ancestors = value("--frame-ancestors")?,
            "--config" => gateway = GatewayMode::File(PathBuf::from(value("--config")?)),
            "--no-gateway" => gateway = GatewayMode::Off,
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown option {other:?}\n{USAGE}")),
        }
    }
    Ok(Config {
        addr: SocketAddr::new(host, port),
        db_path,
        reset,
        demo_payments,
        dist,
        rate_limit,
        policy,
        gateway,
    })
}

/// `hash-password`: one line from standard input, its hash on standard
/// output.
fn hash_password() -> ExitCode {
    let mut line = String::new();
    if std::io::stdin().read_line(&mut line).is_err()
        || line.trim_end_matches(['\r', '\n']).is_empty()
    {
        eprintln!("payments-server hash-password: type the password on standard input");
        return ExitCode::from(2);
    }
    match payments_server::gateway::accounts::hash_password(line.trim_end_matches(['\r', '\n'])) {
        Ok(h) => {
            println!("{h}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("payments-server hash-password: {e}");
            ExitCode::FAILURE
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("hash-password") {
        return hash_password();
    }
    let config = match parse_args() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let db = config.db_path.display().to_string();
    let embed_page = config
        .dist
        .as_ref()
        .is_some_and(|d| d.join("embed").join("index.html").is_file());
    let browser_only = matches!(config.gateway, GatewayMode::Off);
    let result = serve(config, |started| {
        let addr = started.addr;
        println!();
        println!("  Payments Console is running at http://{addr}/");
        if embed_page {
            println!("  Embedded in an example host page: http://{addr}/embed/");
        }
        println!();
        match (&started.gateway, &started.demo_password) {
            (Some(_), Some(password)) => {
                println!("  Sign in as editor or viewer, password {password}");
                println!("  (the demo gateway: vendor secrets stay on this server)");
            }
            (Some(g), None) => {
                println!(
                    "  Gateway: {} connections, {} accounts",
                    g.config.connections.len(),
                    g.config.accounts.len()
                );
            }
            (None, _) => {
                println!("  Browser-only mode: the console holds the vendors' demo credentials.")
            }
        }
        println!();
        println!("  Sandbox data: {db}");
        println!("  Vendor simulators (base URL, then how to sign in to it directly):");
        for s in SIMULATORS {
            println!(
                "    {:<17} http://{addr}{}",
                s.vendor.display_name(),
                s.prefix
            );
            println!("    {:<17} {}", "", (s.sign_in)());
        }
        if browser_only {
            println!("  Demo connections for the browser: http://{addr}/sandbox/connections.json");
        }
        println!();
        println!("  Press Ctrl-C to stop.");
    })
    .await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("payments-server: {e}");
            ExitCode::FAILURE
        }
    }
}
