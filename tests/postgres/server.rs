//! A throwaway PostgreSQL server for this test binary: `initdb` and `postgres` on a
//! Unix socket in a temporary folder (scripts/pg-throwaway.sh, which tests/pg_sql and
//! .ci/run use too; run as the `postgres` user through `runuser` when root), started
//! once and shared, each test in a database of its own. A watcher stops the server and
//! removes the folder when this process ends, however it ends.
//!
//! Without PostgreSQL's server binaries every test here skips, saying why, unless
//! DUTYBOARD_REQUIRE_PG=1 (as .ci/run sets), when a skip is a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

pub struct Server {
    /// The superuser's URL to the server's `postgres` database.
    admin: String,
}

static SERVER: OnceLock<Option<Server>> = OnceLock::new();

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pg-throwaway.sh")
}

/// The shared server, or `None` (said once on stderr) where there is none to start.
pub fn server() -> Option<&'static Server> {
    SERVER.get_or_init(start).as_ref()
}

/// The server, or return from the test having said why it skips.
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
pub(crate) use server_or_skip;

fn skip(reason: &str) -> Option<Server> {
    if std::env::var("DUTYBOARD_REQUIRE_PG").as_deref() == Ok("1") {
        panic!("DUTYBOARD_REQUIRE_PG=1 but {reason}");
    }
    eprintln!("skip: {reason} (set DUTYBOARD_REQUIRE_PG=1 to make this a failure)");
    None
}

fn start() -> Option<Server> {
    let bindir = Command::new(script()).arg("bindir").output();
    match bindir {
        Ok(out) if out.status.success() => {}
        Ok(out) => return skip(String::from_utf8_lossy(&out.stderr).trim()),
        Err(e) => return skip(&format!("cannot run scripts/pg-throwaway.sh: {e}")),
    }
    let root = std::fs::metadata("/proc/self").map(|m| {
        use std::os::unix::fs::MetadataExt;
        m.uid() == 0
    });
    let has_postgres_user = std::fs::read_to_string("/etc/passwd")
        .is_ok_and(|p| p.lines().any(|l| l.starts_with("postgres:")));
    if root.unwrap_or(false) && !has_postgres_user {
        return skip("running as root with no postgres user to run the server as");
    }
    let parent = tempfile::Builder::new()
        .prefix("dutyboard-pg-test.")
        .tempdir()
        .expect("a temporary folder")
        .keep();
    // The server runs as postgres and must reach its folder.
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o711)).unwrap();
    }
    let dir = parent.join("server");
    let out = Command::new(script())
        .arg("start")
        .arg(&dir)
        .output()
        .expect("scripts/pg-throwaway.sh runs");
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
    // Stops the server once this process has gone (a panic, kill -9 or a normal end):
    // a watcher in the background, left to itself when the shell that starts it exits.
    let watch = format!(
        "(while kill -0 {} 2>/dev/null; do sleep 0.5; done; '{}' stop '{}'; rm -rf '{}') \
         </dev/null >/dev/null 2>&1 &",
        std::process::id(),
        script().display(),
        dir.display(),
        parent.display()
    );
    let started = Command::new("sh")
        .args(["-c", &watch])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the watcher starts");
    assert!(started.success(), "the watcher did not start");
    Some(Server { admin })
}

impl Server {
    /// The superuser's URL to database `db` (which `init` or [`Server::fresh`] makes).
    pub fn url(&self, db: &str) -> String {
        self.admin.replacen("/postgres?", &format!("/{db}?"), 1)
    }

    /// The URL to `db` as the login role `user`.
    pub fn url_as(&self, db: &str, user: &str) -> String {
        self.url(db)
            .replacen("user=postgres", &format!("user={user}"), 1)
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

    /// A superuser's connection to `db`.
    pub fn client(&self, db: &str) -> postgres::Client {
        postgres::Client::connect(&self.url(db), postgres::NoTls)
            .unwrap_or_else(|e| panic!("connecting to {db}: {e}"))
    }

    /// A connection to `db` as `user`.
    pub fn client_as(&self, db: &str, user: &str) -> postgres::Client {
        postgres::Client::connect(&self.url_as(db, user), postgres::NoTls)
            .unwrap_or_else(|e| panic!("connecting to {db} as {user}: {e}"))
    }
}

impl Server {
    /// Makes (once) the login role `name`, an officer of each of `authorities` (whose
    /// roles `init` made) with the application's rights, and gives it sight of `db`.
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
