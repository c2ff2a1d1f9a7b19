//! `payments-sandbox`: the demo. It serves the vendor simulators and, in
//! front of them, the gateway with two demo accounts, `editor` and
//! `viewer` (password from `PAYMENTS_DEMO_PASSWORD` or made up and
//! printed), and the built console; `--no-gateway` for the browser-only
//! demo, in which the sandbox hands its demo credentials to the console.
//! A company runs `payments-server --config …` instead, which holds no
//! simulator.
//!
//! Options: `--port N` (or `PORT`, default 8080), `--host ADDR` (default
//! 127.0.0.1), `--db FILE` (the simulators' data, default
//! `.sandbox/payments.sqlite3`), `--gateway-db FILE` (the demo gateway's
//! store, default `gateway.sqlite3` beside it), `--dist DIR` (default
//! `dist`), `--no-app`, `--reset` (seed the demo data again),
//! `--demo-payments N` (seed N payments per vendor instead of the demo
//! set's own counts, for measuring big accounts), `--rate-limit N`
//! (requests per key in 10 s for the vendors that limit them, default
//! 20), `--allowed-host NAME`, `--connect-src ORIGIN` and
//! `--frame-ancestors SOURCES` (as for `payments-server`).

use std::path::PathBuf;
use std::process::ExitCode;

use payments_sandbox::demo::{serve, Config, Mode};
use payments_sandbox::{Data, SIMULATORS};
use payments_server::cli::Shared;

const USAGE: &str =
    "usage: payments-sandbox [--port N] [--host ADDR] [--db FILE] [--gateway-db FILE] [--dist DIR] [--no-app]\n\
     [--reset] [--demo-payments N] [--rate-limit N]\n\
     [--allowed-host NAME]... [--connect-src ORIGIN]... [--frame-ancestors SOURCES] [--no-gateway]";

fn parse_args() -> Result<Config, String> {
    let mut shared = Shared::from_env()?;
    let mut data = Data {
        db_path: PathBuf::from(".sandbox/payments.sqlite3"),
        reset: false,
        demo_payments: None,
        rate_limit: payments_sandbox::rate_limit::DEFAULT_LIMIT,
    };
    let mut gateway_db = None;
    let mut dist = Some(PathBuf::from("dist"));
    let mut gateway = Mode::Gateway {
        password: std::env::var("PAYMENTS_DEMO_PASSWORD")
            .ok()
            .filter(|p| !p.is_empty()),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value\n{USAGE}"));
        if shared.take(&arg, &mut value)? {
            continue;
        }
        match arg.as_str() {
            "--db" => data.db_path = PathBuf::from(value("--db")?),
            "--gateway-db" => gateway_db = Some(PathBuf::from(value("--gateway-db")?)),
            "--dist" => dist = Some(PathBuf::from(value("--dist")?)),
            "--no-app" => dist = None,
            "--reset" => data.reset = true,
            "--demo-payments" => {
                let v = value("--demo-payments")?;
                data.demo_payments = Some(
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
                data.rate_limit = v
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(format!("--rate-limit {v:?} is not a positive number"))?;
            }
            "--no-gateway" => gateway = Mode::BrowserOnly,
            "--config" => {
                return Err(format!(
                    "--config is for payments-server, the server a company runs; the sandbox is the demo\n{USAGE}"
                ))
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown option {other:?}\n{USAGE}")),
        }
    }
    Ok(Config {
        addr: shared.addr(),
        data,
        gateway_db,
        dist,
        policy: shared.policy,
        gateway,
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match parse_args() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let db = config.data.db_path.display().to_string();
    let embed_page = config
        .dist
        .as_ref()
        .is_some_and(|d| d.join("embed").join("index.html").is_file());
    let result = serve(config, |started| {
        let addr = started.addr;
        println!();
        println!("  Payments Console (demo) is running at http://{addr}/");
        if embed_page {
            println!("  Embedded in an example host page: http://{addr}/embed/");
        }
        println!();
        match &started.password {
            Some(password) => {
                println!("  Sign in as editor, editor-2, viewer or auditor, password {password}");
                println!("  (the demo gateway: vendor secrets stay on this server)");
            }
            None => {
                println!("  Browser-only mode: the console holds the vendors' demo credentials.");
                println!(
                    "  Demo connections for the browser: http://{addr}/sandbox/connections.json"
                );
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
        println!();
        println!("  Press Ctrl-C to stop.");
    })
    .await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("payments-sandbox: {e}");
            ExitCode::FAILURE
        }
    }
}
