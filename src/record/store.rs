//! Where the record is kept: SQLite, append-only.
//!
//! The events table refuses UPDATE and DELETE in the database itself (triggers), so no
//! code path, however wrong, can edit or remove what an officer recorded. Writers take
//! the write lock up front (`BEGIN IMMEDIATE`) and check the batch against the record
//! inside that transaction, so two desks saving at once cannot both pass a check that
//! only one of them should.

use super::event::{Event, RawEvent};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The schema, one step per version; `user_version` says how many have run.
const MIGRATIONS: &[&str] = &[
    // 1: the log of events, and the policy the record is kept under.
    "CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        at TEXT NOT NULL,
        at_unix INTEGER NOT NULL,
        by TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        body TEXT NOT NULL
    );
    CREATE TRIGGER events_are_never_updated BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE is refused'); END;
    CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE is refused'); END;
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TRIGGER meta_is_never_updated BEFORE UPDATE ON meta
        BEGIN SELECT RAISE(ABORT, 'the record''s settings are fixed at init: UPDATE is refused'); END;
    CREATE TRIGGER meta_is_never_deleted BEFORE DELETE ON meta
        BEGIN SELECT RAISE(ABORT, 'the record''s settings are fixed at init: DELETE is refused'); END;",
];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no database at {0}: create it with `dutyboard --db {0} init --policy NAME`")]
    Missing(String),
    #[error("{path}: {message}")]
    Sqlite { path: String, message: String },
    #[error("{0}")]
    Io(String),
    #[error("the database at {0} is already initialised (policy {1}); it is never re-initialised")]
    AlreadyInitialised(String, String),
    #[error(
        "the database at {0} was made by a newer dutyboard (schema {1}, this program knows {2})"
    )]
    TooNew(String, i64, i64),
    #[error("stored event {seq} cannot be read: {message}")]
    Corrupt { seq: i64, message: String },
}

/// An event with its place in the log.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub seq: i64,
    pub recorded_at: DateTime<Utc>,
    pub event: Event,
}

/// The narrow interface the rest of the program keeps to, so that a server database
/// can stand in for SQLite without the engine or the screens knowing.
pub trait EventLog {
    /// Runs `check` on the whole record inside the write lock, then appends `batch`
    /// (events whose id is already stored are skipped). All or nothing.
    fn append_checked<E>(
        &mut self,
        batch: &[(Event, String)],
        check: impl FnOnce(&[StoredEvent]) -> Result<(), E>,
    ) -> Result<Result<AppendOutcome, E>, StoreError>;
    /// Every event, in time order (`at`, then the order stored).
    fn read_all(&self) -> Result<Vec<StoredEvent>, StoreError>;
    /// A number that changes whenever anyone (this process or another) commits.
    fn change_token(&self) -> Result<i64, StoreError>;
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppendOutcome {
    pub stored: Vec<String>,
    pub skipped: Vec<String>,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Creates a new database file (0600, in a 0700 folder if it has to make one).
    pub fn create(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() {
                create_private_dir(dir)?;
            }
        }
        if !path.exists() {
            create_private_file(path)?;
        }
        Store::open_inner(path)
    }

    /// Opens an existing database.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing(path.display().to_string()));
        }
        Store::open_inner(path)
    }

    fn open_inner(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )
        .map_err(|e| sql_err(path, e))?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store
            .conn
            .busy_timeout(Duration::from_secs(10))
            .map_err(|e| store.err(e))?;
        retry(|| {
            store
                .conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
        })
        .map_err(|e| store.err(e))?;
        store
            .conn
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| store.err(e))?;
        store
            .conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| store.err(e))?;
        store.migrate()?;
        Ok(store)
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        sql_err(&self.path, e)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn migrate(&self) -> Result<(), StoreError> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew(
                self.path.display().to_string(),
                version,
                known,
            ));
        }
        if version == known {
            return Ok(());
        }
        retry(|| self.conn.execute_batch("BEGIN IMMEDIATE")).map_err(|e| self.err(e))?;
        let steps = || -> rusqlite::Result<()> {
            // Another process may have migrated while we waited for the lock.
            let version: i64 = self
                .conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))?;
            for (i, step) in MIGRATIONS.iter().enumerate().skip(version as usize) {
                self.conn.execute_batch(step)?;
                self.conn
                    .pragma_update(None, "user_version", i as i64 + 1)?;
            }
            self.conn.execute_batch("COMMIT")
        };
        steps().map_err(|e| {
            let _ = self.conn.execute_batch("ROLLBACK");
            self.err(e)
        })
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Records the policy the record is kept under; done once, at init.
    pub fn initialise(
        &mut self,
        policy_name: &str,
        policy_text: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let path = self.path.display().to_string();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| sql_err(&self.path, e))?;
        let existing: Option<String> = tx
            .query_row(
                "SELECT value FROM meta WHERE key = 'policy_name'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| sql_err(&self.path, e))?;
        if let Some(name) = existing {
            return Err(StoreError::AlreadyInitialised(path, name));
        }
        for (k, v) in [
            ("policy_name", policy_name),
            ("policy_text", policy_text),
            ("created_at", &now.to_rfc3339()),
        ] {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                params![k, v],
            )
            .map_err(|e| sql_err(&self.path, e))?;
        }
        tx.commit().map_err(|e| sql_err(&self.path, e))
    }

    /// Runs a raw statement: for tests that prove the database refuses edits.
    pub fn execute_raw(&self, sql: &str) -> Result<usize, StoreError> {
        self.conn.execute(sql, []).map_err(|e| self.err(e))
    }

    pub fn count(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    pub fn integrity_check(&self) -> Result<String, StoreError> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    fn read_from(conn: &Connection, path: &Path) -> Result<Vec<StoredEvent>, StoreError> {
        let mut stmt = conn
            .prepare_cached("SELECT seq, recorded_at, body FROM events ORDER BY seq")
            .map_err(|e| sql_err(path, e))?;
        let mut rows = stmt.query([]).map_err(|e| sql_err(path, e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| sql_err(path, e))? {
            let seq: i64 = row.get(0).map_err(|e| sql_err(path, e))?;
            let recorded: String = row.get(1).map_err(|e| sql_err(path, e))?;
            let body = row
                .get_ref(2)
                .map_err(|e| sql_err(path, e))?
                .as_str()
                .map_err(|e| StoreError::Corrupt {
                    seq,
                    message: e.to_string(),
                })?;
            let raw: RawEvent = serde_json::from_str(body).map_err(|e| StoreError::Corrupt {
                seq,
                message: e.to_string(),
            })?;
            let event = raw.to_event().map_err(|e| StoreError::Corrupt {
                seq,
                message: e.to_string(),
            })?;
            let recorded_at = DateTime::parse_from_rfc3339(&recorded)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| StoreError::Corrupt {
                    seq,
                    message: e.to_string(),
                })?;
            out.push(StoredEvent {
                seq,
                recorded_at,
                event,
            });
        }
        // Stable: events at the same instant keep the order they were stored in.
        out.sort_by_key(|e| e.event.at);
        Ok(out)
    }
}

impl EventLog for Store {
    fn append_checked<E>(
        &mut self,
        batch: &[(Event, String)],
        check: impl FnOnce(&[StoredEvent]) -> Result<(), E>,
    ) -> Result<Result<AppendOutcome, E>, StoreError> {
        let path = self.path.clone();
        let conn = &self.conn;
        let tx =
            retry(|| rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate))
                .map_err(|e| sql_err(&path, e))?;
        let existing = Store::read_from(&tx, &path)?;
        if let Err(e) = check(&existing) {
            return Ok(Err(e));
        }
        let mut outcome = AppendOutcome::default();
        let recorded_at = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO events (id, type, at, at_unix, by, recorded_at, body)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO NOTHING",
                )
                .map_err(|e| sql_err(&path, e))?;
            for (event, body) in batch {
                let n = insert
                    .execute(params![
                        event.id,
                        event.type_name(),
                        event.at.to_rfc3339(),
                        event.at.timestamp(),
                        event.by,
                        recorded_at,
                        body
                    ])
                    .map_err(|e| sql_err(&path, e))?;
                if n == 1 {
                    outcome.stored.push(event.id.clone());
                } else {
                    outcome.skipped.push(event.id.clone());
                }
            }
        }
        tx.commit().map_err(|e| sql_err(&path, e))?;
        Ok(Ok(outcome))
    }

    fn read_all(&self) -> Result<Vec<StoredEvent>, StoreError> {
        Store::read_from(&self.conn, &self.path)
    }

    fn change_token(&self) -> Result<i64, StoreError> {
        // data_version changes when another connection commits; the row count and
        // last seq cover commits made through this very connection.
        let dv: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let seq: i64 = self
            .conn
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM events", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        Ok(dv.wrapping_mul(1_000_003).wrapping_add(seq))
    }
}

/// Retries a step that met a lock held past the busy timeout (bounded, with backoff),
/// so that a user never sees "database is locked".
fn retry<T>(mut step: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let mut wait = Duration::from_millis(20);
    for _ in 0..8 {
        match step() {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                std::thread::sleep(wait);
                wait = (wait * 2).min(Duration::from_secs(1));
            }
            other => return other,
        }
    }
    step()
}

fn sql_err(path: &Path, e: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(|_| ())
        .map_err(|e| StoreError::Io(format!("cannot create {}: {e}", path.display())))
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> Result<(), StoreError> {
    std::fs::File::create(path)
        .map(|_| ())
        .map_err(|e| StoreError::Io(format!("cannot create {}: {e}", path.display())))
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| StoreError::Io(format!("cannot create folder {}: {e}", dir.display())))
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| StoreError::Io(format!("cannot create folder {}: {e}", dir.display())))
}
