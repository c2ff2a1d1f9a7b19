//! A throwaway PostgreSQL server from the machine's own installation
//! (Debian's `postgresql` package, which `scripts/setup.sh` installs):
//! a cluster made with `initdb` in a fresh folder, on a free port,
//! listening on loopback only, run as the `postgres` user when the tests
//! run as root (PostgreSQL refuses root). Dropping it stops it and the
//! folder goes with the tests' temp files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The password in [`Postgres::url`].
pub const PASSWORD: &str = "pg-password-never-printed";

/// A running (or stopped) cluster.
pub struct Postgres {
    /// `postgres://…` for the gateway.
    pub url: String,
    bin: PathBuf,
    data: PathBuf,
    log: PathBuf,
    port: u16,
    as_postgres: bool,
}

/// The newest installed server's programs.
fn bin_dir() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (scripts/setup.sh installs Debian's postgresql)")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found
        .pop()
        .expect("an initdb under /usr/lib/postgresql/*/bin")
        .1
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl Postgres {
    /// Makes and starts a cluster.
    pub fn start() -> Postgres {
        let dir = super::temp_dir();
        let as_postgres = running_as_root();
        if as_postgres {
            let done = Command::new("chown")
                .arg("postgres:")
                .arg(&dir)
                .status()
                .unwrap();
            assert!(done.success(), "chown of {}", dir.display());
        }
        let pg = Postgres {
            url: String::new(),
            bin: bin_dir(),
            data: dir.join("data"),
            log: dir.join("postgres.log"),
            port: super::free_port(),
            as_postgres,
        };
        let data = pg.data.to_string_lossy().into_owned();
        pg.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        let mut pg = pg;
        // The cluster trusts loopback; the password is there to show it is
        // never printed.
        pg.url = format!(
            "postgres://postgres:{PASSWORD}@127.0.0.1:{}/postgres",
            pg.port
        );
        pg.up();
        pg
    }

    fn run(&self, program: &str, args: &[&str]) -> Output {
        let path = self.bin.join(program);
        let out = if self.as_postgres {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&path)
                .args(args)
                .output()
        } else {
            Command::new(&path).args(args).output()
        }
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            out.status.success(),
            "{program} {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn dir(&self) -> &Path {
        self.data.parent().unwrap()
    }

    /// Starts the server and waits until it takes connections.
    pub fn up(&self) {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off -c max_connections=60",
            self.port,
            self.dir().display()
        );
        let (data, log) = (
            self.data.to_string_lossy().into_owned(),
            self.log.to_string_lossy().into_owned(),
        );
        self.run(
            "pg_ctl",
            &["-D", &data, "-l", &log, "-o", &options, "-w", "start"],
        );
    }

    /// Stops the server at once (as a crash or a lost database would).
    pub fn down(&self) {
        let data = self.data.to_string_lossy().into_owned();
        self.run("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.data.to_string_lossy().into_owned();
        let path = self.bin.join("pg_ctl");
        let args = ["-D", data.as_str(), "-m", "immediate", "stop"];
        let _ = if self.as_postgres {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&path)
                .args(args)
                .output()
        } else {
            Command::new(&path).args(args).output()
        };
    }
}
