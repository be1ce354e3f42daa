//! Opening a record to read it, writing nothing (review D15), and reading it still when
//! the disk is full (review D22): a write that met the full disk can leave SQLite's
//! shared-memory file (`-shm`) cut short, and every later reader then failed with "I/O
//! error", so on a full disk nobody could open the board to see who is missing.

use super::log::StoreError;
use super::sqlite::{SqliteStore, MIGRATIONS};
use super::sqlite_io::{companions, disk_full, not_a_record, retry, sql_err};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

impl SqliteStore {
    /// Opens an existing record to read it, as it is: nothing is written to the file (no
    /// schema step, no journal mode, no fold cache), and a file that is not a dutyboard
    /// record is refused untouched.
    pub fn open_read_only(path: &Path) -> Result<SqliteStore, StoreError> {
        if !path.exists() {
            return SqliteStore::open(path);
        }
        match read_only(path, false) {
            Err(e) if matches!(e, StoreError::Sqlite { .. }) && full_with_empty_journal(path) => {
                // Every committed event is in the file itself (the journal is empty),
                // and while the disk is full nothing newer can be committed: read the
                // file as it stands, without the shared memory a full disk refuses.
                let mut store = read_only(path, true)?;
                store.upgraded = Some(format!(
                    "the disk is full (the device holding {}): the record was read as of its last \
                     completed write (nothing can be saved until space is freed)",
                    super::sqlite_io::folder(path).display()
                ));
                Ok(store)
            }
            other => other,
        }
    }
}

fn read_only(path: &Path, immutable: bool) -> Result<SqliteStore, StoreError> {
    let conn = if immutable {
        Connection::open_with_flags(
            format!("file:{}?immutable=1", uri_path(path)),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
        )
    } else {
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
    }
    .map_err(|e| sql_err(path, e))?;
    conn.busy_timeout(Duration::from_secs(10))
        .map_err(|e| sql_err(path, e))?;
    let version: i64 = retry(|| conn.query_row("PRAGMA user_version", [], |r| r.get(0)))
        .map_err(|e| sql_err(path, e))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::TooNew(
            path.display().to_string(),
            version,
            known,
        ));
    }
    let has_meta: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| sql_err(path, e))?;
    if version == 0 || !has_meta {
        return Err(not_a_record(path));
    }
    Ok(SqliteStore {
        conn,
        path: path.to_path_buf(),
        version,
        upgraded: None,
    })
}

/// The disk is full and the journal holds nothing (missing or empty): the only state
/// in which reading the file alone shows every committed event.
fn full_with_empty_journal(path: &Path) -> bool {
    let [wal, _shm] = companions(path);
    let empty = std::fs::metadata(&wal).map_or(true, |m| m.len() == 0);
    empty && disk_full(path)
}

/// The path as a `file:` URI's path: the characters a URI gives meaning escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.display().to_string().chars() {
        match c {
            '?' | '#' | '%' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri_path;
    use std::path::Path;

    #[test]
    fn a_path_with_uri_characters_is_escaped_for_sqlite() {
        assert_eq!(uri_path(Path::new("/a/b?c#d%e.db")), "/a/b%3Fc%23d%25e.db");
    }
}
