//! The record wherever `--db` puts it: a SQLite file ([`super::sqlite`]) or a
//! PostgreSQL server ([`super::postgres`], for a `postgres://` URL). Both keep the same
//! log with the same semantics behind [`EventLog`]; this adds what the desk and the
//! commands need of a store besides (making and opening one, its settings, its chain
//! head and check), so nothing above the record names either.

use super::chain::ChainReport;
use super::event::{Event, Refusal};
use super::log::{AppendOutcome, Check, EventLog, FoldCache, StoreError, StoredEvent};
use super::postgres::{self, PgStore};
use super::schema::EventType;
use super::sqlite::SqliteStore;
use super::sqlite_chain;
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

pub enum Store {
    File(SqliteStore),
    Server(Box<PgStore>),
}

/// The same call on whichever store it is.
macro_rules! each {
    ($self:expr, $s:ident => $call:expr) => {
        match $self {
            Store::File($s) => $call,
            Store::Server($s) => $call,
        }
    };
}

/// `--db` as given: a path, or a URL.
fn url(db: &Path) -> Option<&str> {
    postgres::is_url(db).then(|| db.to_str()).flatten()
}

impl Store {
    /// Makes a new record: a file (0600, in a 0700 folder if it has to make one), or on
    /// a server the database (when it does not exist) and the schema.
    pub fn create(db: &Path) -> Result<Store, StoreError> {
        match url(db) {
            Some(u) => PgStore::create(u).map(|s| Store::Server(Box::new(s))),
            None => SqliteStore::create(db).map(Store::File),
        }
    }

    /// Opens an existing record (a command that writes upgrades an older file here).
    pub fn open(db: &Path) -> Result<Store, StoreError> {
        match url(db) {
            Some(u) => PgStore::open(u).map(|s| Store::Server(Box::new(s))),
            None => SqliteStore::open(db).map(Store::File),
        }
    }

    /// Opens an existing record to read it, writing nothing.
    pub fn open_read_only(db: &Path) -> Result<Store, StoreError> {
        match url(db) {
            Some(u) => PgStore::open_read_only(u).map(|s| Store::Server(Box::new(s))),
            None => SqliteStore::open_read_only(db).map(Store::File),
        }
    }

    /// Another connection to the same record (the inbox watcher's, on its own thread).
    pub fn reopen(&self) -> Result<Store, StoreError> {
        match self {
            Store::File(s) => SqliteStore::open(s.path()).map(Store::File),
            Store::Server(s) => s.reopen().map(|s| Store::Server(Box::new(s))),
        }
    }

    /// Whether the record is on a server.
    pub fn on_server(&self) -> bool {
        matches!(self, Store::Server(_))
    }

    /// Whether the live board's link to the server is down (it reconnects on its own;
    /// a file is never cut off).
    pub fn connection_lost(&self) -> bool {
        match self {
            Store::File(_) => false,
            Store::Server(s) => s.connection_lost(),
        }
    }

    /// On a server: what the live board waits on beside its poll, woken when another
    /// desk's commit is notified. A file has its `-wal` watch instead (`None`).
    pub fn woken(&self) -> Option<std::sync::Arc<tokio::sync::Notify>> {
        match self {
            Store::File(_) => None,
            Store::Server(s) => Some(s.woken()),
        }
    }

    /// What opening the record upgraded (or, reading a full disk, could not do), to be said.
    pub fn upgraded(&self) -> Option<&str> {
        match self {
            Store::File(s) => s.upgraded(),
            Store::Server(_) => None,
        }
    }

    /// Where the record is, for messages: the file, or the URL with its password hidden.
    pub fn path(&self) -> &Path {
        each!(self, s => s.path())
    }

    /// The chain head; `None` for a file made before the chain, not upgraded yet.
    pub fn head(&self) -> Result<Option<String>, StoreError> {
        each!(self, s => s.head())
    }

    /// Recomputes the chain over the events as stored; `None` before the chain.
    pub fn check_chain(&self) -> Result<Option<ChainReport>, StoreError> {
        each!(self, s => s.check_chain())
    }

    /// Every event in seq order as the chain binds it, with its stored link (none for
    /// a file made before the chain).
    pub fn visit_links(
        &self,
        f: &mut dyn FnMut(super::chain::Link) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        match self {
            Store::File(s) if s.version < sqlite_chain::VERSION => Ok(()),
            Store::File(s) => sqlite_chain::links(&s.conn, &s.path, f),
            Store::Server(s) => s.visit_links(f),
        }
    }

    /// Every setting the record holds, by key (what `migrate` copies).
    pub fn settings(&self) -> Result<Vec<(String, String)>, StoreError> {
        match self {
            Store::File(s) => sqlite_chain::settings(&s.conn, &s.path),
            Store::Server(s) => s.settings(),
        }
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        each!(self, s => s.meta(key))
    }

    /// Records the policy the record is kept under; done once, at init.
    pub fn initialise(
        &mut self,
        policy_name: &str,
        policy_text: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        each!(self, s => s.initialise(policy_name, policy_text, now))
    }

    /// Adds a setting at init (settings are never changed once written).
    pub fn add_meta(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        each!(self, s => s.add_meta(key, value))
    }

    /// The authority `init` names. On a server: its role and its place among the
    /// record's authorities (which row security reads); a file needs nothing more.
    pub fn note_authority(&mut self, authority: &str) -> Result<(), StoreError> {
        match self {
            Store::File(_) => Ok(()),
            Store::Server(s) => s.note_authority(authority),
        }
    }

    /// Runs a raw statement: for tests that prove the store refuses edits.
    pub fn execute_raw(&self, sql: &str) -> Result<usize, StoreError> {
        each!(self, s => s.execute_raw(sql))
    }

    pub fn count(&self) -> Result<i64, StoreError> {
        each!(self, s => s.count())
    }

    pub fn integrity_check(&self) -> Result<String, StoreError> {
        each!(self, s => s.integrity_check())
    }

    /// The events at these places in the log's time order (0 is the earliest), given
    /// in ascending order.
    pub fn visit_places(
        &self,
        places: &[usize],
        f: &mut dyn FnMut(usize, StoredEvent),
    ) -> Result<(), StoreError> {
        each!(self, s => s.visit_places(places, f))
    }

    /// A whole copy of a file record at `to` (review D22), proved by its chain. A
    /// server is backed up with the server's own tools.
    pub fn backup_to(&self, to: &Path) -> Result<super::Backup, StoreError> {
        match self {
            Store::File(s) => s.backup_to(to),
            Store::Server(_) => Err(StoreError::Io(
                "the record is on a PostgreSQL server: back it up with the server's own \
                 tools (pg_basebackup and WAL archiving, docs/DEPLOYMENT.md \"Point-in-time \
                 backup\"), which keep every commit"
                    .into(),
            )),
        }
    }
}

impl EventLog for Store {
    fn visit(
        &self,
        until: Option<DateTime<Utc>>,
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        each!(self, s => s.visit(until, f))
    }
    fn visit_after(
        &self,
        seq: i64,
        until: Option<DateTime<Utc>>,
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        each!(self, s => s.visit_after(seq, until, f))
    }
    fn visit_between(
        &self,
        since: DateTime<Utc>,
        until: Option<DateTime<Utc>>,
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        each!(self, s => s.visit_between(since, until, f))
    }
    fn last_seq(&self) -> Result<i64, StoreError> {
        each!(self, s => s.last_seq())
    }
    fn backdated_since(&self, seq: i64, at_us: i64) -> Result<bool, StoreError> {
        each!(self, s => s.backdated_since(seq, at_us))
    }
    fn change_token(&self) -> Result<i64, StoreError> {
        each!(self, s => s.change_token())
    }
    fn visible_count(&self) -> Result<i64, StoreError> {
        each!(self, s => s.visible_count())
    }
    fn sight(&self) -> Result<Option<String>, StoreError> {
        each!(self, s => s.sight())
    }
    fn fold_cache(&self) -> Result<Option<FoldCache>, StoreError> {
        each!(self, s => s.fold_cache())
    }
    fn save_fold_cache(&self, cache: &FoldCache) {
        each!(self, s => s.save_fold_cache(cache))
    }
    fn append_checked(
        &mut self,
        batch: &[(Event, String)],
        check: &mut Check<'_>,
    ) -> Result<Result<AppendOutcome, Vec<Refusal>>, StoreError> {
        each!(self, s => s.append_checked(batch, check))
    }
    fn stored_with_ids(&self, ids: &HashSet<String>) -> Result<Vec<Event>, StoreError> {
        each!(self, s => s.stored_with_ids(ids))
    }
    fn voids(&self, until: Option<DateTime<Utc>>) -> Result<BTreeSet<String>, StoreError> {
        each!(self, s => s.voids(until))
    }
    fn visit_types(
        &self,
        types: &[EventType],
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        each!(self, s => s.visit_types(types, f))
    }
}
