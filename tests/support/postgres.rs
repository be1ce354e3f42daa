//! Throwaway PostgreSQL servers for the test binaries that need one (tests/postgres,
//! tests/sites): `initdb` and `postgres` on a Unix socket in a temporary folder
//! (scripts/pg-throwaway.sh, which tests/pg_sql and .ci/run use too; run as the
//! `postgres` user through `runuser` when root), started once per binary and shared,
//! each test in a database of its own. A watcher stops the server and removes its
//! folder when the test process ends, however it ends.
//!
//! A binary names the server it wants in its own `server.rs` ([`Setup`]: a plain one,
//! or one with TLS and a WAL archive for the sites) and calls [`shared`] from its
//! `server()`, which [`server_or_skip!`] asks for.
//!
//! Without PostgreSQL's server binaries every test skips, saying why, unless
//! DUTYBOARD_REQUIRE_PG=1 (as .ci/run sets), when a skip is a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// What the binary's server needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setup {
    /// The socket only.
    Plain,
    /// `--tls --archive`: a CA and a server certificate for `localhost` made there by
    /// the openssl CLI, password logins over TCP with TLS only (the socket trusted),
    /// and WAL archiving for the replica and restore commands.
    TlsArchive,
}

pub struct Server {
    /// The folder the script made (the socket is here, the certificates in tls/).
    pub dir: PathBuf,
    /// The superuser's URL to the server's `postgres` database, over the socket.
    admin: String,
    /// The TCP port (the TLS URLs' and the socket's).
    pub port: u16,
}

static SERVER: OnceLock<Option<Server>> = OnceLock::new();

pub fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pg-throwaway.sh")
}

/// The binary's one server, started on first use as `setup` says, or `None` (said
/// once on stderr) where there is none to start.
pub fn shared(setup: Setup) -> Option<&'static Server> {
    SERVER.get_or_init(|| start(setup)).as_ref()
}

/// The server (`crate::server::server()`, the binary's own), or return from the test
/// having said why it skips.
#[allow(unused_macros)]
macro_rules! server_or_skip {
    () => {
        match crate::server::server() {
            Some(s) => s,
            None => {
                eprintln!("skip: no PostgreSQL server for this test");
                return;
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use server_or_skip;

fn skip(reason: &str) -> Option<Server> {
    if std::env::var("DUTYBOARD_REQUIRE_PG").as_deref() == Ok("1") {
        panic!("DUTYBOARD_REQUIRE_PG=1 but {reason}");
    }
    eprintln!("skip: {reason} (set DUTYBOARD_REQUIRE_PG=1 to make this a failure)");
    None
}

pub fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// A folder the server (run as `postgres` when root) may reach, removed at the end.
pub fn scratch(prefix: &str) -> PathBuf {
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .expect("a temporary folder")
        .keep();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o711)).unwrap();
    dir
}

/// Stops the server in `dir` and removes `parent` once this process has gone (a
/// panic, kill -9 or a normal end).
pub fn stop_when_done(dir: &Path, parent: &Path) {
    let watch = format!(
        "while kill -0 {} 2>/dev/null; do sleep 0.5; done; '{}' stop '{}'; rm -rf '{}'",
        std::process::id(),
        script().display(),
        dir.display(),
        parent.display()
    );
    // The watcher outlives this process on purpose: it is never waited for.
    #[allow(clippy::zombie_processes)]
    Command::new("sh")
        .args(["-c", &watch])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the watcher starts");
}

fn start(setup: Setup) -> Option<Server> {
    match Command::new(script()).arg("bindir").output() {
        Ok(out) if out.status.success() => {}
        Ok(out) => return skip(String::from_utf8_lossy(&out.stderr).trim()),
        Err(e) => return skip(&format!("cannot run scripts/pg-throwaway.sh: {e}")),
    }
    let tls = setup == Setup::TlsArchive;
    if tls && Command::new("openssl").arg("version").output().is_err() {
        return skip("the openssl CLI, which makes the test certificates, is not installed");
    }
    let has_postgres_user = std::fs::read_to_string("/etc/passwd")
        .is_ok_and(|p| p.lines().any(|l| l.starts_with("postgres:")));
    if is_root() && !has_postgres_user {
        return skip("running as root with no postgres user to run the server as");
    }
    let parent = scratch(if tls {
        "dutyboard-sites-test."
    } else {
        "dutyboard-pg-test."
    });
    let dir = parent.join("server");
    let mut start = Command::new(script());
    start.arg("start");
    if tls {
        start.args(["--tls", "--archive"]);
    }
    let out = start
        .arg(&dir)
        .output()
        .expect("scripts/pg-throwaway.sh runs");
    stop_when_done(&dir, &parent);
    assert!(
        out.status.success(),
        "the throwaway server did not start: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let admin = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .expect("the server's URL")
        .to_string();
    let port = admin
        .split("port=")
        .nth(1)
        .and_then(|p| p.split('&').next())
        .and_then(|p| p.parse().ok())
        .expect("the URL names its port");
    let server = Server { dir, admin, port };
    if tls {
        // initdb's pg_hba trusts TCP from this machine; here TCP is TLS with a password
        // (or a certificate) only, as between sites, so those lines go.
        let hba = server.dir.join("data/pg_hba.conf");
        let rules = std::fs::read_to_string(&hba).expect("pg_hba.conf");
        let kept: String = rules
            .lines()
            .filter(|l| !(l.starts_with("host") && l.split_whitespace().last() == Some("trust")))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&hba, kept).expect("pg_hba.conf written");
        server.sql("postgres", "SELECT pg_reload_conf()");
    }
    Some(server)
}

/// `init` on the server one at a time: the schema makes cluster-wide roles, and two
/// loads at once may both find one missing and both create it.
static INIT: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl Server {
    /// The superuser's URL to database `db` (which `init` or [`Server::fresh`] makes),
    /// over the socket.
    pub fn url(&self, db: &str) -> String {
        self.admin.replacen("/postgres?", &format!("/{db}?"), 1)
    }

    /// The URL to `db` as the login role `user`, over the socket.
    pub fn url_as(&self, db: &str, user: &str) -> String {
        self.url(db)
            .replacen("user=postgres", &format!("user={user}"), 1)
    }

    /// `dutyboard init ARGS` as the superuser on `db`.
    pub fn init(&self, db: &str, args: &[&str]) {
        let _one = INIT.lock().unwrap_or_else(|e| e.into_inner());
        let mut all = vec!["init"];
        all.extend_from_slice(args);
        crate::support::bin::succeeds(Path::new(&self.url(db)), "DBA", &all, None);
    }

    /// `CALL dutyboard.create_authority(code)` on `db` (a cluster-wide role, so one at a
    /// time as [`Server::init`]).
    pub fn create_authority(&self, db: &str, code: &str) {
        let _one = INIT.lock().unwrap_or_else(|e| e.into_inner());
        self.sql(db, &format!("CALL dutyboard.create_authority('{code}')"));
    }

    /// The server's own CA certificate (made by the script with `--tls`).
    pub fn ca(&self) -> PathBuf {
        self.dir.join("tls/ca.crt")
    }

    /// A URL over TCP to `db` as `user` with these extra parameters (no password: the
    /// password file gives it).
    pub fn tcp_url(&self, host: &str, db: &str, user: &str, params: &str) -> String {
        format!("postgresql://{user}@{host}:{}/{db}?{params}", self.port)
    }

    /// A database name of this test's own, dropped first if a run before left it.
    pub fn fresh(&self, name: &str) -> String {
        let db = format!("t_{name}");
        self.sql(
            "postgres",
            &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
        );
        db
    }

    /// Runs `sql` as the superuser on `db`.
    pub fn sql(&self, db: &str, sql: &str) {
        let mut client = self.client(db);
        client
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// One value of `sql`, as text, as the superuser on `db`.
    pub fn value(&self, db: &str, sql: &str) -> String {
        let mut client = self.client(db);
        let row = client
            .query_one(&format!("SELECT ({sql})::text"), &[])
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        row.get(0)
    }

    /// A superuser's connection to `db`, over the socket.
    pub fn client(&self, db: &str) -> ::postgres::Client {
        ::postgres::Client::connect(&self.url(db), ::postgres::NoTls)
            .unwrap_or_else(|e| panic!("connecting to {db}: {e}"))
    }

    /// A connection to `db` as `user`, over the socket.
    pub fn client_as(&self, db: &str, user: &str) -> ::postgres::Client {
        ::postgres::Client::connect(&self.url_as(db, user), ::postgres::NoTls)
            .unwrap_or_else(|e| panic!("connecting to {db} as {user}: {e}"))
    }

    /// Makes (once) the login role `name`, an officer of each of `authorities` (roles
    /// `dutyboard_la_<authority>`, which `init` made) with the application's rights.
    pub fn officer(&self, db: &str, name: &str, authorities: &[&str]) {
        let mut sql = format!(
            "DO $$ BEGIN
                 IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN
                     CREATE ROLE {name} LOGIN;
                 END IF;
             END $$;
             GRANT dutyboard_app TO {name};"
        );
        for a in authorities {
            sql.push_str(&format!("GRANT dutyboard_la_{a} TO {name};"));
        }
        self.sql(db, &sql);
    }
}

/// Runs a shell command (as the `postgres` user when root, through the script), which
/// must succeed; its stdout.
pub fn as_postgres(script_text: &str, env: &[(&str, String)]) -> String {
    let mut c = Command::new(script());
    // (A cwd the postgres user cannot read would stop pg_basebackup and initdb.)
    c.current_dir(std::env::temp_dir())
        .args(["as-postgres", "env"]);
    for (k, v) in env {
        c.arg(format!("{k}={v}"));
    }
    c.args(["bash", "-euo", "pipefail", "-c", script_text]);
    let out = c.output().expect("scripts/pg-throwaway.sh runs");
    assert!(
        out.status.success(),
        "{script_text}\nexit {:?}\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A TCP port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}
