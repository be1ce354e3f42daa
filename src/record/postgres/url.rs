//! `--db postgres://...`: the connection URL as DBAs hand it out, read into the
//! client's settings with libpq's defaults (`PGHOST`, `PGPORT`, `PGUSER`,
//! `PGPASSWORD`, the login name, the server's own socket folder), and shown with any
//! password hidden. Every URL parameter is read here and nowhere else: the ones the
//! client does not take as given are taken out first and applied here, `sslmode`
//! (all six of libpq's), `sslrootcert`, `sslcert`, `sslkey` (tls.rs) and `passfile`
//! (with `PGPASSFILE` and `~/.pgpass`, pgpass.rs).

use super::{pgpass, tls};
use postgres::NoTls;
use std::path::{Path, PathBuf};
use tokio_postgres_rustls::MakeRustlsConnect;

/// Whether `--db` names a server rather than a file.
pub fn is_url(db: &Path) -> bool {
    db.to_str()
        .is_some_and(|s| s.starts_with("postgres://") || s.starts_with("postgresql://"))
}

/// A parsed connection URL.
#[derive(Clone)]
pub struct PgUrl {
    config: Connect,
    shown: String,
}

impl std::fmt::Debug for PgUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

/// The client's settings and the TLS it connects with (none over a Unix socket or
/// with `sslmode=disable`); reads as the client's settings.
#[derive(Clone)]
pub struct Connect {
    config: postgres::Config,
    tls: Option<MakeRustlsConnect>,
}

impl std::ops::Deref for Connect {
    type Target = postgres::Config;
    fn deref(&self) -> &postgres::Config {
        &self.config
    }
}

impl std::ops::DerefMut for Connect {
    fn deref_mut(&mut self) -> &mut postgres::Config {
        &mut self.config
    }
}

impl Connect {
    /// Opens a connection with these settings.
    pub fn connect(&self) -> Result<postgres::Client, postgres::Error> {
        match &self.tls {
            Some(tls) => self.config.connect(tls.clone()),
            None => self.config.connect(NoTls),
        }
    }

    /// Whether connections are made over TLS (when the server offers it, for `prefer`).
    pub fn uses_tls(&self) -> bool {
        self.tls.is_some()
    }
}

/// The URL's parameters this file applies itself, and the URL left for the client.
fn take_parameters(given: &str) -> Result<(String, tls::Settings, Option<PathBuf>), String> {
    let Some((base, query)) = given.split_once('?') else {
        return Ok((given.to_string(), tls::Settings::default(), None));
    };
    let mut settings = tls::Settings::default();
    let mut passfile = None;
    let mut kept = Vec::new();
    for kv in query.split('&').filter(|kv| !kv.is_empty()) {
        let (key, value) = kv.split_once('=').unwrap_or((kv, ""));
        let (key, value) = (percent_decode(key), percent_decode(value));
        if key == "passfile" {
            passfile = Some(PathBuf::from(value));
        } else if !settings.take(&key, &value)? {
            kept.push(kv);
        }
    }
    let rest = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Ok((rest, settings, passfile))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| Some((hex(bytes[i + 1])?, hex(bytes[i + 2])?)))
            .flatten();
        match escaped {
            Some((h, l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl PgUrl {
    pub fn parse(given: &str) -> Result<PgUrl, String> {
        let shown = hide_password(given);
        let (rest, tls, passfile) = take_parameters(given).map_err(|e| format!("{shown}: {e}"))?;
        let mut config: postgres::Config = rest
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
        if config.get_password().is_none() {
            if let Some(password) = from_password_file(&config, passfile.as_deref()) {
                config.password(password);
            }
        }
        if config.get_application_name().is_none() {
            config.application_name("dutyboard");
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(std::time::Duration::from_secs(10));
        }
        let tls = tls
            .with_environment()
            .map_err(|e| format!("{shown}: {e}"))?;
        // A Unix socket never carries TLS (libpq ignores sslmode there too).
        let sockets_only = config
            .get_hosts()
            .iter()
            .all(|h| !matches!(h, postgres::config::Host::Tcp(_)));
        let (mode, connector) = if sockets_only {
            (postgres::config::SslMode::Disable, None)
        } else {
            let connector = tls.connector().map_err(|e| format!("{shown}: {e}"))?;
            (tls.mode().client_mode(), connector)
        };
        config.ssl_mode(mode);
        let config = Connect {
            config,
            tls: connector,
        };
        Ok(PgUrl { config, shown })
    }

    /// The settings to connect with.
    pub fn config(&self) -> &Connect {
        &self.config
    }

    /// The same server and login, another database (`init` creates the record's from
    /// the server's `postgres` database).
    pub fn on_database(&self, dbname: &str) -> Connect {
        let mut config = self.config.clone();
        config.config.dbname(dbname);
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

/// The password file's password for the first host (the one most URLs name).
fn from_password_file(config: &postgres::Config, named: Option<&Path>) -> Option<String> {
    let file = pgpass::file(named)?;
    let host = match config.get_hosts().first()? {
        postgres::config::Host::Tcp(h) => h.clone(),
        #[cfg(unix)]
        postgres::config::Host::Unix(p) => p.display().to_string(),
    };
    let wanted = pgpass::Wanted {
        host: pgpass::host_name(&host, default_socket_dir()),
        port: config.get_ports().first().copied().unwrap_or(5432),
        dbname: config.get_dbname().unwrap_or_default(),
        user: config.get_user().unwrap_or_default(),
    };
    pgpass::lookup(&file, &wanted)
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

    #[test]
    fn the_parameters_dbas_hand_out_are_taken_out_and_the_rest_left_to_the_client() {
        let (rest, tls, passfile) = take_parameters(
            "postgresql://sam@db.example:5433/desk?sslmode=verify-full&sslrootcert=/etc/ca%20here.crt\
             &application_name=board&sslcert=/c.crt&sslkey=/c.key&passfile=/p",
        )
        .unwrap();
        assert_eq!(
            rest,
            "postgresql://sam@db.example:5433/desk?application_name=board"
        );
        assert_eq!(tls.mode, Some(tls::Mode::VerifyFull));
        assert_eq!(tls.rootcert.as_deref(), Some("/etc/ca here.crt"));
        assert_eq!(tls.cert.as_deref(), Some(Path::new("/c.crt")));
        assert_eq!(tls.key.as_deref(), Some(Path::new("/c.key")));
        assert_eq!(passfile.as_deref(), Some(Path::new("/p")));
    }

    #[test]
    fn verify_full_is_accepted_and_needs_tls() {
        let dir = tempfile::tempdir().unwrap();
        let ca = dir.path().join("ca.crt");
        std::fs::write(&ca, TEST_CA).unwrap();
        let url = PgUrl::parse(&format!(
            "postgresql://sam@db.example/desk?sslmode=verify-full&sslrootcert={}",
            ca.display()
        ))
        .unwrap();
        assert!(url.config().uses_tls());
        assert_eq!(
            url.config().get_ssl_mode(),
            postgres::config::SslMode::Require
        );
        assert_eq!(url.dbname(), "desk");
    }

    #[test]
    fn a_unix_socket_never_uses_tls_whatever_the_sslmode() {
        let url = PgUrl::parse("postgres:///desk?host=/tmp/sock&sslmode=require").unwrap();
        assert!(!url.config().uses_tls());
        assert_eq!(
            url.config().get_ssl_mode(),
            postgres::config::SslMode::Disable
        );
    }

    #[test]
    fn a_missing_ca_file_is_named_in_the_refusal() {
        let err = PgUrl::parse(
            "postgresql://sam:pw@db.example/desk?sslmode=verify-ca&sslrootcert=/nowhere/ca.crt",
        )
        .unwrap_err();
        assert!(
            err.starts_with("postgresql://sam:***@db.example/desk?sslmode=verify-ca&sslrootcert=/nowhere/ca.crt: sslrootcert=/nowhere/ca.crt cannot be read"),
            "{err}"
        );
        let err = PgUrl::parse("postgresql://h/db?sslmode=verify_full").unwrap_err();
        assert!(err.contains("verify-full"), "{err}");
    }

    /// A self-signed CA certificate (only ever parsed here, never trusted by a server).
    const TEST_CA: &str = "-----BEGIN CERTIFICATE-----
MIIBlzCCAT2gAwIBAgIUZzyv1LNyeWn5iC83364RAa204iowCgYIKoZIzj0EAwIw
ITEfMB0GA1UEAwwWZHV0eWJvYXJkIHVuaXQtdGVzdCBDQTAeFw0yNjEyMDQyMTUz
MjZaFw0zNjEyMDEyMTUzMjZaMCExHzAdBgNVBAMMFmR1dHlib2FyZCB1bml0LXRl
c3QgQ0EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASKCuwhcLR1IubTiOKPlKAJ
U60BJEqxT73jIJYnpuTfw25zQD9Ln6ktLb1TMipoqaTrmLD1NiXpQ6qy2G7LHCDB
o1MwUTAdBgNVHQ4EFgQUTOv2IA8zJ2aAi1IDmmgzHcprS5cwHwYDVR0jBBgwFoAU
TOv2IA8zJ2aAi1IDmmgzHcprS5cwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQD
AgNIADBFAiEAiOkINK/EPP5AKT4R96j4J7I0BNeq76gRBr+n1iOhXbMCICK/TbW0
+sNFHjvEXl7+x1BTiHyUkWNVUoCx82kwA89j
-----END CERTIFICATE-----
";
}
