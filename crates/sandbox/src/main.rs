//! `payments-sandbox`: runs the sandbox APIs and serves the console.
//!
//! Options: `--port N` (or `PORT`, default 8080), `--host ADDR` (default
//! 127.0.0.1), `--db FILE` (default `.sandbox/payments.sqlite3`),
//! `--dist DIR` (default `dist`), `--reset` (seed the demo data again).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use payments_sandbox::{credentials, serve, Config};

const USAGE: &str =
    "usage: payments-sandbox [--port N] [--host ADDR] [--db FILE] [--dist DIR] [--reset]";

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
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown option {other:?}\n{USAGE}")),
        }
    }
    Ok(Config {
        addr: SocketAddr::new(host, port),
        db_path,
        reset,
        dist,
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
    let db = config.db_path.display().to_string();
    let result = serve(config, |addr| {
        println!();
        println!("  Payments Console is running at http://{addr}/");
        println!();
        println!("  Sandbox data: {db}");
        println!("  Demo credentials:");
        println!(
            "    ReviewRover   http://{addr}/reviewrover/api/v1   Authorization: Bearer {}",
            credentials::REVIEWROVER_TOKEN
        );
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
