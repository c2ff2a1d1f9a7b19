//! `payments-server`: the server a company runs. It serves the console
//! and the gateway for the connections and accounts of `--config FILE`
//! (see `gateway::config`), keeping its store (audit log, sessions,
//! throttles) in the SQLite file `--db FILE`, or in the PostgreSQL
//! database `PAYMENTS_DATABASE_URL` or `database_url` names, which
//! several servers share. It holds no simulated vendor; the demo is
//! `payments-sandbox`.
//!
//! `payments-server hash-password` reads a password from standard input
//! and prints its argon2 hash for the configuration.
//! `payments-server totp-secret NAME` makes a one-time-code secret for a
//! local account and prints it with its `otpauth://` URI.
//! `payments-server verify-audit --db FILE` (or the store
//! `PAYMENTS_DATABASE_URL` names) walks the audit log's hash chain and prints
//! `audit log intact: N rows` or the first row that does not match,
//! exiting non-zero.
//!
//! It logs one JSON line per request on standard error (`PAYMENTS_LOG`
//! sets the level: `error`, `warn`, `info`, `debug`), and answers
//! `/healthz`, `/readyz` and `/metrics` (see `observe`).
//!
//! Options: `--config FILE` (required), `--db FILE` (default
//! `payments-gateway.sqlite3`), `--port N` (or `PORT`, default 8080),
//! `--host ADDR` (default 127.0.0.1), `--dist DIR` (default `dist`),
//! `--no-app`, `--allowed-host NAME` (a host name to answer besides this
//! machine's loopback names; repeatable), `--connect-src ORIGIN` (a vendor
//! origin the console's pages may call; repeatable) and
//! `--frame-ancestors SOURCES` (who may frame the pages, default
//! `'self'`) and `--metrics-from ADDR` (an address that may read
//! `/metrics`, repeatable; default this machine's loopback addresses).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use payments_server::cli::Shared;
use payments_server::gateway::audit::chain::Verdict;
use payments_server::gateway::config::{FromSystem, GatewayConfig};
use payments_server::gateway::store::Location;
use payments_server::policy::Policy;
use payments_server::{Gateway, ServerState};

const USAGE: &str =
    "usage: payments-server --config FILE [--db FILE] [--port N] [--host ADDR] [--dist DIR] [--no-app]\n\
     [--allowed-host NAME]... [--connect-src ORIGIN]... [--frame-ancestors SOURCES] [--metrics-from ADDR]...\n\
     payments-server hash-password   (reads a password on standard input, prints its hash)\n\
     payments-server verify-audit --db FILE [--config FILE]   (checks the audit log's hash chain)\n\
     payments-server totp-secret NAME   (makes a one-time-code secret for account NAME)";

struct Options {
    addr: SocketAddr,
    config: PathBuf,
    db: PathBuf,
    dist: Option<PathBuf>,
    policy: Policy,
}

fn parse_args() -> Result<Options, String> {
    let mut shared = Shared::from_env()?;
    let mut config = None;
    let mut db = PathBuf::from("payments-gateway.sqlite3");
    let mut dist = Some(PathBuf::from("dist"));
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value\n{USAGE}"));
        if shared.take(&arg, &mut value)? {
            continue;
        }
        match arg.as_str() {
            "--config" => config = Some(PathBuf::from(value("--config")?)),
            "--db" => db = PathBuf::from(value("--db")?),
            "--dist" => dist = Some(PathBuf::from(value("--dist")?)),
            "--no-app" => dist = None,
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown option {other:?}\n{USAGE}")),
        }
    }
    let config = config.ok_or(format!(
        "--config FILE is required: the connections and accounts this server serves\n\
         (for the demo with simulated vendors, run ./scripts/run)\n{USAGE}"
    ))?;
    Ok(Options {
        addr: shared.addr(),
        config,
        db,
        dist,
        policy: shared.policy,
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

/// `totp-secret NAME`: a new one-time-code secret for account NAME, with
/// its `otpauth://` URI and how to configure it.
fn totp_secret() -> ExitCode {
    let Some(name) = std::env::args().nth(2).filter(|n| !n.trim().is_empty()) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let secret = match payments_server::gateway::totp::new_secret() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("payments-server totp-secret: {e}");
            return ExitCode::FAILURE;
        }
    };
    let text = payments_server::gateway::totp::base32_encode(&secret);
    println!("secret: {text}");
    println!(
        "uri: {}",
        payments_server::gateway::totp::uri(&name, &secret)
    );
    println!();
    println!("Give the URI to {name}'s authenticator app (as a QR code, or the secret by hand),");
    println!("keep the secret in the environment or a file, and add to {name}'s account:");
    println!(
        "  totp_secret = {{ env = \"TOTP_{}\" }}",
        name.to_ascii_uppercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    );
    ExitCode::SUCCESS
}

/// `verify-audit`: walks the chain of the store `--db` names.
async fn verify_audit() -> ExitCode {
    let mut db = PathBuf::from("payments-gateway.sqlite3");
    let mut args = std::env::args().skip(2);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--db", Some(v)) => db = PathBuf::from(v),
            // The configuration names no store; it is taken so that the
            // same options as the server's work here.
            ("--config", Some(_)) => {}
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let at = match std::env::var("PAYMENTS_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => Location::Url(url),
        _ => Location::File(db),
    };
    match payments_server::gateway::audit::chain::verify_at(&at).await {
        Ok(Verdict::Intact { rows, hash }) => {
            println!("audit log intact: {rows} rows (last hash {hash})");
            ExitCode::SUCCESS
        }
        Ok(Verdict::Broken { seq, why }) => {
            match seq {
                Some(seq) => println!("audit log broken at row {seq}: {why}"),
                None => println!("audit log broken: {why}"),
            }
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("payments-server verify-audit: {e}");
            ExitCode::from(2)
        }
    }
}

async fn run(o: Options) -> Result<(), String> {
    payments_server::observe::start_logging();
    let config = GatewayConfig::load(&o.config, &FromSystem)?;
    let at = match &config.database_url {
        Some(url) => Location::Url(url.clone()),
        None => Location::File(o.db.clone()),
    };
    let store = payments_server::gateway::audit::open_store(&at).await?;
    let gateway = Arc::new(Gateway::new(config, store)?);
    let listener = tokio::net::TcpListener::bind(o.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", o.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!();
    println!("  Payments Console is running at http://{addr}/");
    println!(
        "  Gateway: {} connections, {} accounts; audit log in {}",
        gateway.config.connections.len(),
        gateway.config.accounts.len(),
        at.shown()
    );
    println!();
    let stop = payments_server::stop_signal(Some(gateway.clone()));
    let app = payments_server::router(ServerState::new(o.policy), Some(gateway), o.dist, None);
    payments_server::serve(listener, app, stop).await
}

#[tokio::main]
async fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        Some("hash-password") => return hash_password(),
        Some("verify-audit") => return verify_audit().await,
        Some("totp-secret") => return totp_secret(),
        _ => {}
    }
    let options = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match run(options).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("payments-server: {e}");
            ExitCode::FAILURE
        }
    }
}
