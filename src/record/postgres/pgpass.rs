//! The password file, as libpq reads it: `passfile=` in the URL, else `PGPASSFILE`,
//! else `~/.pgpass`; lines `host:port:database:user:password`, `*` matching anything,
//! `\:` and `\\` escaping, `#` comments. A file others may read is ignored with a
//! warning (as libpq does), so a password is never taken from a file left open.

use std::path::{Path, PathBuf};

/// What a connection is matched against.
pub struct Wanted<'a> {
    pub host: &'a str,
    pub port: u16,
    pub dbname: &'a str,
    pub user: &'a str,
}

/// The file to read: the URL's, `PGPASSFILE`, or `~/.pgpass`.
pub fn file(named: Option<&Path>) -> Option<PathBuf> {
    named
        .map(Path::to_path_buf)
        .or_else(|| {
            std::env::var_os("PGPASSFILE")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .or_else(|| dirs::home_dir().map(|h| h.join(".pgpass")))
}

/// The password the file gives for this connection, if it gives one.
pub fn lookup(path: &Path, wanted: &Wanted<'_>) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            eprintln!(
                "dutyboard: warning: password file {} is ignored: others may read it \
                 (chmod 600 {0})",
                path.display()
            );
            return None;
        }
    }
    find(&text, wanted)
}

/// The first line of `text` that matches.
pub fn find(text: &str, wanted: &Wanted<'_>) -> Option<String> {
    let port = wanted.port.to_string();
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .find_map(|line| {
            let fields = fields(line);
            let [host, p, db, user, password] = fields.as_slice() else {
                return None;
            };
            let matches = |field: &String, value: &str| field == "*" || field == value;
            (matches(host, wanted.host)
                && matches(p, &port)
                && matches(db, wanted.dbname)
                && matches(user, wanted.user))
            .then(|| password.clone())
        })
}

/// A line's five fields, escapes taken out; the fifth runs to the end of the line.
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    out.last_mut().unwrap().push(next);
                }
            }
            ':' if out.len() < 5 => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

/// The host as the file names it: `localhost` for the default socket folder (libpq's
/// rule), else the host or folder as given.
pub fn host_name<'a>(host: &'a str, default_socket_dir: &str) -> &'a str {
    if host.is_empty() || host == default_socket_dir {
        "localhost"
    } else {
        host
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted<'a>(host: &'a str, user: &'a str) -> Wanted<'a> {
        Wanted {
            host,
            port: 5432,
            dbname: "desk",
            user,
        }
    }

    const FILE: &str = "\
# the duty desk's logins
db.example:5432:desk:sam:s3cret
db.example:*:*:kim:with\\:colon\\\\and:more
*:5432:desk:*:fallback
";

    #[test]
    fn the_first_matching_line_gives_the_password() {
        assert_eq!(
            find(FILE, &wanted("db.example", "sam")).as_deref(),
            Some("s3cret")
        );
        assert_eq!(
            find(FILE, &wanted("db.example", "kim")).as_deref(),
            Some("with:colon\\and:more")
        );
        assert_eq!(
            find(FILE, &wanted("other.example", "sam")).as_deref(),
            Some("fallback")
        );
        let other_port = Wanted {
            port: 5433,
            ..wanted("other.example", "sam")
        };
        assert_eq!(find(FILE, &other_port), None);
    }

    #[test]
    fn the_default_socket_folder_is_localhost() {
        assert_eq!(
            host_name("/var/run/postgresql", "/var/run/postgresql"),
            "localhost"
        );
        assert_eq!(host_name("/tmp/sock", "/var/run/postgresql"), "/tmp/sock");
        assert_eq!(host_name("db.example", "/var/run/postgresql"), "db.example");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_may_read_is_ignored() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        std::fs::write(&path, "*:*:*:*:open\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(lookup(&path, &wanted("h", "u")), None);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(lookup(&path, &wanted("h", "u")).as_deref(), Some("open"));
    }
}
