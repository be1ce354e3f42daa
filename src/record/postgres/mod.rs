//! The record on a PostgreSQL server (`--db postgres://...`): the schema of
//! sql/postgres/schema.sql, with the same record semantics as the SQLite file. A write
//! is `BEGIN; SELECT begin_append()` (the advisory lock, and the tail), the batch
//! checked whole against the record as that lock holds it, `SELECT append(batch,
//! tail)` (which refuses if the tail moved, numbers the events gap-free in commit
//! order, chains their hashes as src/record/chain.rs does and notifies the new seq),
//! `COMMIT`. The application role may not UPDATE, DELETE or TRUNCATE (and triggers
//! refuse those to everyone else), so the record is append-only on the server too.

mod append;
mod client;
mod fold;
mod hidden;
mod init;
mod listen;
pub mod migrate;
mod pgpass;
mod read;
mod tls;
pub mod url;
mod verify;

use super::log::StoreError;
use client::{Client, Param};
pub use migrate::{migrate, Migrated};
use std::cell::Cell;
use std::path::{Path, PathBuf};
pub use url::{is_url, PgUrl};

/// The schema version this program knows (`meta.schema_version`).
const SCHEMA_VERSION: i64 = 1;

pub struct PgStore {
    client: Client,
    url: PgUrl,
    /// The URL as messages name it (password hidden), as a path for the desk's messages.
    shown: PathBuf,
    /// The URL as given, to open another connection (the inbox watcher's).
    given: String,
    read_only: bool,
    /// The last seq this connection stored (its own commits change the token at once).
    own_seq: Cell<i64>,
    /// The live board's follower: LISTEN, and the slow poll.
    listener: listen::Follow,
    /// Whether the schema has the fold cache (`dutyboard.cached_fold`): a record made
    /// before it has none, and asking for it inside a write would end the transaction.
    has_fold_cache: bool,
    /// The `upto_seq` of the fold cache last read or kept valid (`None`: none was).
    fold_seen: Cell<Option<i64>>,
}

impl PgStore {
    /// Creates the database if it does not exist and the login may, and the schema in
    /// it (loading it again over a record changes nothing stored).
    pub fn create(given: &str) -> Result<PgStore, StoreError> {
        let url = parse(given)?;
        init::create_database(&url)?;
        let client = Client::connect(url.config().clone(), url.shown())?;
        init::load_schema(&client)?;
        PgStore::over(client, url, given, false)
    }

    /// Opens the record at a URL.
    pub fn open(given: &str) -> Result<PgStore, StoreError> {
        PgStore::open_as(given, false)
    }

    /// Opens the record to read it: every transaction of this connection is read-only.
    pub fn open_read_only(given: &str) -> Result<PgStore, StoreError> {
        PgStore::open_as(given, true)
    }

    fn open_as(given: &str, read_only: bool) -> Result<PgStore, StoreError> {
        let url = parse(given)?;
        let client = match Client::connect(url.config().clone(), url.shown()) {
            Ok(client) => client,
            Err(e) if e.no_database => return Err(StoreError::Missing(url.shown().into())),
            Err(e) => return Err(e.into()),
        };
        let has_schema = client
            .one(
                "SELECT to_regclass('dutyboard.meta') IS NOT NULL",
                vec![],
                |r| r.try_get::<_, bool>(0),
            )?
            .unwrap_or(false);
        if !has_schema {
            return Err(StoreError::Missing(url.shown().into()));
        }
        if read_only {
            client.run(|pg| pg.batch_execute("SET default_transaction_read_only = on"))?;
        }
        let store = PgStore::over(client, url, given, read_only)?;
        store.warn_if_unguarded()?;
        Ok(store)
    }

    fn over(
        client: Client,
        url: PgUrl,
        given: &str,
        read_only: bool,
    ) -> Result<PgStore, StoreError> {
        let mut store = PgStore {
            client,
            shown: PathBuf::from(url.shown()),
            url,
            given: given.to_string(),
            read_only,
            own_seq: Cell::new(0),
            listener: listen::Follow::default(),
            has_fold_cache: false,
            fold_seen: Cell::new(None),
        };
        store.has_fold_cache = store
            .client
            .one(
                "SELECT to_regprocedure('dutyboard.cached_fold(bigint)') IS NOT NULL",
                vec![],
                |r| r.try_get::<_, bool>(0),
            )?
            .unwrap_or(false);
        let version: i64 = store
            .meta("schema_version")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew(
                store.url.shown().into(),
                version,
                SCHEMA_VERSION,
            ));
        }
        Ok(store)
    }

    /// A login that row security and the revoked privileges do not bind works, with
    /// a warning: it can see every authority's children and could change the record.
    fn warn_if_unguarded(&self) -> Result<(), StoreError> {
        let why = self.client.one(
            "SELECT CASE WHEN r.rolsuper THEN 'a superuser'
                         WHEN r.rolbypassrls THEN 'a BYPASSRLS role'
                         WHEN pg_has_role(session_user, 'dutyboard_owner', 'MEMBER') THEN 'the owner'
                    END
             FROM pg_roles r WHERE r.rolname = session_user",
            vec![],
            |r| r.try_get::<_, Option<String>>(0),
        )?;
        if let Some(Some(what)) = why {
            eprintln!(
                "dutyboard: warning: {} connects as {} ({what}): row security and the \
                 append-only privileges do not apply to it (the triggers still refuse edits); \
                 desks should connect as officers' own login roles",
                self.url.shown(),
                self.url.user()
            );
        }
        Ok(())
    }

    /// Another connection to the same record.
    pub fn reopen(&self) -> Result<PgStore, StoreError> {
        PgStore::open_as(&self.given, self.read_only)
    }

    /// The URL, password hidden, for messages.
    pub fn path(&self) -> &Path {
        &self.shown
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        let key: Param = Box::new(key.to_string());
        self.client.one(
            "SELECT value FROM dutyboard.meta WHERE key = $1",
            vec![key],
            |r| r.try_get(0),
        )
    }

    /// Every setting the record holds, by key.
    pub fn settings(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut out = Vec::new();
        self.client.each(
            "SELECT key, value FROM dutyboard.meta ORDER BY key".into(),
            vec![],
            |r| Ok((r.try_get(0)?, r.try_get(1)?)),
            &mut |kv| {
                out.push(kv);
                Ok(())
            },
        )?;
        Ok(out)
    }

    pub fn count(&self) -> Result<i64, StoreError> {
        Ok(self
            .client
            .one("SELECT count(*) FROM dutyboard.events", vec![], |r| {
                r.try_get(0)
            })?
            .unwrap_or(0))
    }

    /// Runs a raw statement: for tests that prove the server refuses edits.
    pub fn execute_raw(&self, sql: &str) -> Result<usize, StoreError> {
        let sql = sql.to_string();
        self.client
            .run(move |pg| pg.execute(sql.as_str(), &[]))
            .map(|n| n as usize)
    }

    /// The server checks its own pages; what a file's integrity check finds has no
    /// counterpart here beyond the schema being in place.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        match self.meta("record_id")? {
            Some(_) => Ok("ok".into()),
            None => Ok("the record has no record_id".into()),
        }
    }
}

fn parse(given: &str) -> Result<PgUrl, StoreError> {
    PgUrl::parse(given).map_err(StoreError::Io)
}
