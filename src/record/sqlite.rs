//! Where the record is kept: SQLite, append-only.
//!
//! The events table refuses UPDATE and DELETE in the database itself (triggers), so no
//! code path, however wrong, can edit or remove what an officer recorded. Writers take
//! the write lock up front (`BEGIN IMMEDIATE`) and check the batch against the record
//! inside that transaction, so two desks saving at once cannot both pass a check that
//! only one of them should.

use super::chain::ChainReport;
use super::event::{Event, Refusal};
use super::files;
use super::log::{AppendOutcome, Check, EventLog, FoldCache, StoreError, StoredEvent};
use super::sqlite_chain;
use super::sqlite_io::{
    adopt_empty_file, commit, companions, create_private_dir, create_private_file, not_a_record,
    retry, sql_err, tune,
};
use super::sqlite_view::{decode_rows, ConnView};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The schema, one step per version; `user_version` says how many have run.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: the log of events, and the policy the record is kept under.
    // Clustered by time (`at`, then the order stored), so reading the record in the
    // order the fold needs is one sequential scan.
    "CREATE TABLE events (
        at_us INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (at_us, seq)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX events_in_order_stored ON events (seq);
    CREATE TRIGGER events_are_never_updated BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE is refused'); END;
    CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE is refused'); END;
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TRIGGER meta_is_never_updated BEFORE UPDATE ON meta
        BEGIN SELECT RAISE(ABORT, 'the record''s settings are fixed at init: UPDATE is refused'); END;
    CREATE TRIGGER meta_is_never_deleted BEFORE DELETE ON meta
        BEGIN SELECT RAISE(ABORT, 'the record''s settings are fixed at init: DELETE is refused'); END;",
    // 2: a snapshot of the folded record, so a cold start folds only what came since.
    // It is derived from the events and nothing else: it may be replaced or dropped
    // at any time, and is the only table ever written to in place.
    "CREATE TABLE fold_cache (
        slot INTEGER PRIMARY KEY CHECK (slot = 1),
        format INTEGER NOT NULL,
        upto_seq INTEGER NOT NULL,
        upto_at_us INTEGER NOT NULL,
        events INTEGER NOT NULL,
        state BLOB NOT NULL
    );",
    // 3: the hash chain (src/record/sqlite_chain.rs).
    sqlite_chain::MIGRATION,
];

pub struct SqliteStore {
    pub(super) conn: Connection,
    pub(super) path: PathBuf,
    /// The schema version the file is at (read as it is when opened read-only).
    pub(super) version: i64,
    /// What opening it upgraded (or, read-only, could not do), in words, to be said.
    pub(super) upgraded: Option<String>,
}

impl SqliteStore {
    /// Creates a new database file (0600, in a 0700 folder if it has to make one).
    pub fn create(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() {
                create_private_dir(dir)?;
            }
        }
        let fresh = !path.exists();
        if fresh {
            create_private_file(path)?;
        } else {
            adopt_empty_file(path)?;
        }
        let store = SqliteStore::open_inner(path, true).inspect_err(|_| {
            if fresh {
                // Nothing half-made: a record that could not be set up is not left.
                for file in std::iter::once(path.to_path_buf()).chain(companions(path)) {
                    let _ = std::fs::remove_file(file);
                }
            }
        })?;
        // SQLite made its -wal and -shm beside a new file: the desk's mode and group
        // for them too (an existing record's files are left as their owner set them).
        for file in companions(path).iter().filter(|f| f.exists()) {
            files::restrict(file, files::sharing(), false).map_err(|e| {
                StoreError::Io(format!(
                    "cannot set who may read {}: {}",
                    file.display(),
                    files::describe_io(&e)
                ))
            })?;
        }
        Ok(store)
    }

    /// Opens an existing database.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if !path.exists() {
            if let Some(dir) = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty() && !d.is_dir())
            {
                return Err(StoreError::Io(format!(
                    "no database at {}: its folder {} does not exist",
                    path.display(),
                    dir.display()
                )));
            }
            return Err(StoreError::Missing(path.display().to_string()));
        }
        let store = SqliteStore::open_inner(path, false)?;
        if files::sharing().group.is_some() {
            // SQLite gives a new -wal the process's group unless the folder passes its
            // own on: on a shared desk, make sure the group can still read along.
            for file in companions(path).iter().filter(|f| f.exists()) {
                let _ = files::restrict(file, files::sharing(), false);
            }
        }
        Ok(store)
    }

    /// What opening the record upgraded, if anything ("upgraded ...: ..."), to be said.
    pub fn upgraded(&self) -> Option<&str> {
        self.upgraded.as_deref()
    }

    /// `new`: the file is one `init` is making (or an empty one of ours it took);
    /// otherwise a file that is not already a record is refused before anything is
    /// written to it.
    fn open_inner(path: &Path, new: bool) -> Result<SqliteStore, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )
        .map_err(|e| sql_err(path, e))?;
        let mut store = SqliteStore {
            conn,
            path: path.to_path_buf(),
            version: 0,
            upgraded: None,
        };
        store
            .conn
            .busy_timeout(Duration::from_secs(10))
            .map_err(|e| store.err(e))?;
        if !new {
            let version: i64 = retry(|| {
                store
                    .conn
                    .query_row("PRAGMA user_version", [], |r| r.get(0))
            })
            .map_err(|e| store.err(e))?;
            if version == 0 {
                return Err(not_a_record(path));
            }
        }
        retry(|| {
            store
                .conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
        })
        .map_err(|e| store.err(e))?;
        tune(&store.conn).map_err(|e| store.err(e))?;
        store.migrate()?;
        Ok(store)
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        sql_err(&self.path, e)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn view(&self) -> ConnView<'_> {
        ConnView {
            conn: &self.conn,
            path: &self.path,
            version: self.version,
        }
    }

    /// The chain head: the hash of the last event linked (the genesis when none is).
    /// `None` for a record made before the chain, not upgraded yet.
    pub fn head(&self) -> Result<Option<String>, StoreError> {
        if self.version < sqlite_chain::VERSION {
            return Ok(None);
        }
        sqlite_chain::head(&self.conn, &self.path).map(Some)
    }

    /// Recomputes the chain over the events as stored; `None` before the chain.
    pub fn check_chain(&self) -> Result<Option<ChainReport>, StoreError> {
        if self.version < sqlite_chain::VERSION {
            return Ok(None);
        }
        sqlite_chain::check(&self.conn, &self.path).map(Some)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        // Reading the header needs a read lock, which a checkpoint or recovery in
        // another process can briefly hold off.
        let version: i64 = retry(|| self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)))
            .map_err(|e| self.err(e))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew(
                self.path.display().to_string(),
                version,
                known,
            ));
        }
        self.version = version;
        if version == known {
            return Ok(());
        }
        retry(|| self.conn.execute_batch("BEGIN IMMEDIATE")).map_err(|e| self.err(e))?;
        let steps = |conn: &Connection| -> Result<(i64, i64), StoreError> {
            let e = |e| sql_err(&self.path, e);
            // Another process may have migrated while we waited for the lock.
            let version: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(e)?;
            for (i, step) in MIGRATIONS.iter().enumerate().skip(version as usize) {
                conn.execute_batch(step).map_err(e)?;
                conn.pragma_update(None, "user_version", i as i64 + 1)
                    .map_err(e)?;
            }
            // A record made before the chain is linked once, here, and says so.
            let linked = if version < sqlite_chain::VERSION {
                sqlite_chain::extend(conn, &self.path)?
            } else {
                0
            };
            if linked > 0 {
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('chain_upgraded_upto', ?1)",
                    [linked.to_string()],
                )
                .map_err(e)?;
            }
            retry(|| conn.execute_batch("COMMIT")).map_err(e)?;
            Ok((version, linked))
        };
        let (from, linked) = steps(&self.conn).inspect_err(|_| {
            let _ = self.conn.execute_batch("ROLLBACK");
        })?;
        self.version = known;
        if from > 0 {
            self.upgraded = Some(format!(
                "upgraded {} from schema {from} to {known}{}",
                self.path.display(),
                if linked > 0 {
                    format!("; the {linked} events stored before the hash chain are chained from here on (verify says so)")
                } else {
                    String::new()
                }
            ));
        }
        Ok(())
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
        let conn = &self.conn;
        let tx =
            retry(|| rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate))
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
        commit(tx).map_err(|e| sql_err(&self.path, e))
    }

    /// Adds a setting at init (settings are never changed once written).
    pub fn add_meta(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        let sql = "INSERT INTO meta (key, value) VALUES (?1, ?2)";
        let e = |e| sql_err(&self.path, e);
        self.conn
            .execute(sql, params![key, value])
            .map(|_| ())
            .map_err(e)
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

    fn visit_in(
        conn: &Connection,
        path: &Path,
        until: Option<DateTime<Utc>>,
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        let mut stmt = conn
            .prepare_cached(
                "SELECT seq, recorded_at, body FROM events WHERE at_us <= ?1 ORDER BY at_us, seq",
            )
            .map_err(|e| sql_err(path, e))?;
        let until = until.map_or(i64::MAX, |t| t.timestamp_micros());
        let rows = stmt.query([until]).map_err(|e| sql_err(path, e))?;
        decode_rows(rows, path, f)
    }

    /// The events at these places in the log's time order (0 is the earliest; the
    /// places a fold numbers its events by), given in ascending order. The places are
    /// found from the keys alone (the seq index holds each event's time and seq, a
    /// few MB where the bodies are tens), and only the events asked for are read.
    pub fn visit_places(
        &self,
        places: &[usize],
        f: &mut dyn FnMut(usize, StoredEvent),
    ) -> Result<(), StoreError> {
        if places.is_empty() {
            return Ok(());
        }
        let mut keys: Vec<(i64, i64)> = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT at_us, seq FROM events INDEXED BY events_in_order_stored")
                .map_err(|e| self.err(e))?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(|e| self.err(e))?;
            for key in rows {
                keys.push(key.map_err(|e| self.err(e))?);
            }
        }
        keys.sort_unstable();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT seq, recorded_at, body FROM events WHERE at_us = ?1 AND seq = ?2",
            )
            .map_err(|e| self.err(e))?;
        for &place in places {
            let Some(&(at_us, seq)) = keys.get(place) else {
                break;
            };
            let rows = stmt.query(params![at_us, seq]).map_err(|e| self.err(e))?;
            decode_rows(rows, &self.path, &mut |stored| f(place, stored))?;
        }
        Ok(())
    }

    fn stored_ids(
        conn: &Connection,
        path: &Path,
        batch: &[(Event, String)],
    ) -> Result<HashSet<String>, StoreError> {
        let mut stmt = conn
            .prepare_cached("SELECT 1 FROM events WHERE id = ?1")
            .map_err(|e| sql_err(path, e))?;
        let mut known = HashSet::new();
        for (event, _) in batch {
            if stmt.exists([&event.id]).map_err(|e| sql_err(path, e))? {
                known.insert(event.id.clone());
            }
        }
        Ok(known)
    }
}

impl EventLog for SqliteStore {
    fn append_checked(
        &mut self,
        batch: &[(Event, String)],
        check: &mut Check<'_>,
    ) -> Result<Result<AppendOutcome, Vec<Refusal>>, StoreError> {
        let path = self.path.clone();
        let conn = &self.conn;
        let tx =
            retry(|| rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate))
                .map_err(|e| sql_err(&path, e))?;
        let known = SqliteStore::stored_ids(&tx, &path, batch)?;
        let view = ConnView {
            conn: &tx,
            path: &path,
            version: self.version,
        };
        // The store's own connection is inside the transaction: what the check reads
        // through it is what the append will be added to.
        if let Err(e) = check(&known, &*self) {
            return Ok(Err(e));
        }
        let mut outcome = AppendOutcome::default();
        let recorded_at = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let mut seq = view.last_seq()?;
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO events (at_us, seq, id, type, at, by, recorded_at, body)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id) DO NOTHING",
                )
                .map_err(|e| sql_err(&path, e))?;
            let mut in_batch = HashSet::new();
            for (event, body) in batch {
                if known.contains(&event.id) || !in_batch.insert(event.id.as_str()) {
                    outcome.skipped.push(event.id.clone());
                    continue;
                }
                seq += 1;
                let n = insert
                    .execute(params![
                        event.at.timestamp_micros(),
                        seq,
                        event.id,
                        event.type_name(),
                        event.at.to_rfc3339(),
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
        sqlite_chain::extend(&tx, &path)?;
        commit(tx).map_err(|e| sql_err(&path, e))?;
        Ok(Ok(outcome))
    }

    fn visit(
        &self,
        until: Option<DateTime<Utc>>,
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        SqliteStore::visit_in(&self.conn, &self.path, until, f)
    }

    fn visit_after(
        &self,
        seq: i64,
        until: Option<DateTime<Utc>>,
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        self.view().visit_after(seq, until, f)
    }

    fn last_seq(&self) -> Result<i64, StoreError> {
        self.view().last_seq()
    }

    fn backdated_since(&self, seq: i64, at_us: i64) -> Result<bool, StoreError> {
        self.view().backdated_since(seq, at_us)
    }

    fn fold_cache(&self) -> Result<Option<FoldCache>, StoreError> {
        self.view().fold_cache()
    }

    fn save_fold_cache(&self, cache: &FoldCache) {
        self.view().save_fold_cache(cache)
    }

    fn visit_between(
        &self,
        since: DateTime<Utc>,
        until: Option<DateTime<Utc>>,
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT seq, recorded_at, body FROM events
                 WHERE at_us > ?1 AND at_us <= ?2 ORDER BY at_us, seq",
            )
            .map_err(|e| self.err(e))?;
        let until = until.map_or(i64::MAX, |t| t.timestamp_micros());
        let rows = stmt
            .query(params![since.timestamp_micros(), until])
            .map_err(|e| self.err(e))?;
        decode_rows(rows, &self.path, f)
    }

    fn visit_types(
        &self,
        types: &[super::schema::EventType],
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        self.view().visit_types(types, f)
    }

    fn change_token(&self) -> Result<i64, StoreError> {
        // data_version changes when another connection commits; the row count and
        // last seq cover commits made through this very connection.
        let dv: i64 = self
            .conn
            .prepare_cached("PRAGMA data_version")
            .and_then(|mut stmt| stmt.query_row([], |r| r.get(0)))
            .map_err(|e| self.err(e))?;
        let seq = self.view().last_seq()?;
        Ok(dv.wrapping_mul(1_000_003).wrapping_add(seq))
    }
}
