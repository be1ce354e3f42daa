//! `--db postgres://...`: the connection URL as DBAs hand it out, read into the
//! client's settings with libpq's defaults (`PGHOST`, `PGPORT`, `PGUSER`,
//! `PGPASSWORD`, the login name, the server's own socket folder), and shown with any
//! password hidden. Every URL parameter is read here and nowhere else, so that the
//! ones the client does not take as given (`sslmode=verify-full`, `sslrootcert`, a
//! password file) can be added in this one file.

use std::path::Path;

/// Whether `--db` names a server rather than a file.
pub fn is_url(db: &Path) -> bool {
    db.to_str()
        .is_some_and(|s| s.starts_with("postgres://") || s.starts_with("postgresql://"))
}

/// A parsed connection URL.
#[derive(Clone)]
pub struct PgUrl {
    config: postgres::Config,
    shown: String,
}

impl std::fmt::Debug for PgUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

impl PgUrl {
    pub fn parse(given: &str) -> Result<PgUrl, String> {
        let shown = hide_password(given);
        let mut config: postgres::Config = given
            .parse()
            .map_err(|e| format!("{shown} is not a connection URL the client takes: {e}"))?;
        if config.get_hosts().is_empty() {
            match env("PGHOST") {
                Some(hosts) => hosts.split(',').for_each(|h| {
                    config.host(h);
                }),
                None => {
                    config.host(default_socket_dir());
                }
            }
        }
        if config.get_ports().is_empty() {
            if let Some(port) = env("PGPORT").and_then(|p| p.parse().ok()) {
                config.port(port);
            }
        }
        if config.get_user().is_none() {
            config.user(&env("PGUSER").unwrap_or_else(login_name));
        }
        if config.get_dbname().is_none() {
            let db =
                env("PGDATABASE").unwrap_or_else(|| config.get_user().unwrap_or_default().into());
            config.dbname(&db);
        }
        if config.get_password().is_none() {
            if let Some(password) = env("PGPASSWORD") {
                config.password(password);
            }
        }
        if config.get_application_name().is_none() {
            config.application_name("dutyboard");
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(std::time::Duration::from_secs(10));
        }
        Ok(PgUrl { config, shown })
    }

    /// The settings to connect with.
    pub fn config(&self) -> &postgres::Config {
        &self.config
    }

    /// The same server and login, another database (`init` creates the record's from
    /// the server's `postgres` database).
    pub fn on_database(&self, dbname: &str) -> postgres::Config {
        let mut config = self.config.clone();
        config.dbname(dbname);
        config
    }

    /// The database the URL names.
    pub fn dbname(&self) -> &str {
        self.config.get_dbname().unwrap_or_default()
    }

    /// The login the URL connects as.
    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or_default()
    }

    /// The URL as given, any password replaced by `***`: what messages name.
    pub fn shown(&self) -> &str {
        &self.shown
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// libpq's default when no host is named: the server's socket folder.
fn default_socket_dir() -> &'static str {
    ["/var/run/postgresql", "/tmp"]
        .into_iter()
        .find(|d| Path::new(d).is_dir())
        .unwrap_or("/tmp")
}

/// The login name, as libpq takes it when no user is named.
fn login_name() -> String {
    if let Some(name) = env("USER").or_else(|| env("LOGNAME")) {
        return name;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(uid) = std::fs::metadata("/proc/self").map(|m| m.uid()) {
            let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
            let name = passwd.lines().find_map(|line| {
                let fields: Vec<&str> = line.split(':').collect();
                (fields.get(2) == Some(&uid.to_string().as_str())).then(|| fields[0].to_string())
            });
            if let Some(name) = name {
                return name;
            }
        }
    }
    "postgres".into()
}

/// `postgres://sam:secret@host/db?password=x` -> `postgres://sam:***@host/db?password=***`.
pub fn hide_password(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((who, host)) => match who.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => format!("{who}@{host}"),
        },
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_string(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_never_shown() {
        assert_eq!(
            hide_password(
                "postgresql://sam:s3cret@db.example:5433/desk?password=x&sslmode=require"
            ),
            "postgresql://sam:***@db.example:5433/desk?password=***&sslmode=require"
        );
        assert_eq!(
            hide_password("postgres:///desk?host=/tmp/s"),
            "postgres:///desk?host=/tmp/s"
        );
    }

    #[test]
    fn a_socket_url_names_its_folder_database_and_user() {
        let url = PgUrl::parse("postgres:///acc_1?host=/tmp/sock&user=postgres").unwrap();
        assert_eq!(url.dbname(), "acc_1");
        assert_eq!(url.user(), "postgres");
        assert!(matches!(
            url.config().get_hosts(),
            [postgres::config::Host::Unix(p)] if p == Path::new("/tmp/sock")
        ));
    }

    #[test]
    fn only_postgres_urls_name_a_server() {
        assert!(is_url(Path::new("postgresql://h/db")));
        assert!(is_url(Path::new("postgres:///db")));
        assert!(!is_url(Path::new("/var/lib/dutyboard/desk.db")));
        assert!(!is_url(Path::new("postgres.db")));
    }
}
