//! The hash chain in the SQLite store: an insert-only side table `chain (seq, hash)`,
//! extended in the same transaction as every append, and checked by `verify`. A record
//! made before the chain gets its links once, on upgrade, and says up to which seq
//! (`meta.chain_upgraded_upto`): before it, the chain proves only what was stored then.

use super::chain::{self, ChainReport, Link};
use super::log::StoreError;
use super::sqlite_io::sql_err;
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;

/// Schema step 3: the chain, the record's random id, and triggers that refuse an INSERT
/// over a stored row (REPLACE deletes without firing the DELETE triggers). The fold
/// cache is remade bound to the chain head it covers.
pub(super) const MIGRATION: &str = "
    CREATE TABLE chain (seq INTEGER PRIMARY KEY, hash TEXT NOT NULL);
    CREATE TRIGGER chain_is_never_updated BEFORE UPDATE ON chain
        BEGIN SELECT RAISE(ABORT, 'the chain is append-only: UPDATE is refused'); END;
    CREATE TRIGGER chain_is_never_deleted BEFORE DELETE ON chain
        BEGIN SELECT RAISE(ABORT, 'the chain is append-only: DELETE is refused'); END;
    CREATE TRIGGER chain_is_never_replaced BEFORE INSERT ON chain
        WHEN EXISTS (SELECT 1 FROM chain WHERE seq = NEW.seq)
        BEGIN SELECT RAISE(ABORT, 'the chain is append-only: a stored link is never replaced'); END;
    CREATE TRIGGER events_are_never_replaced BEFORE INSERT ON events
        WHEN EXISTS (SELECT 1 FROM events WHERE id = NEW.id OR seq = NEW.seq)
        BEGIN SELECT RAISE(ABORT, 'events are append-only: a stored event is never replaced'); END;
    CREATE TRIGGER meta_is_never_replaced BEFORE INSERT ON meta
        WHEN EXISTS (SELECT 1 FROM meta WHERE key = NEW.key)
        BEGIN SELECT RAISE(ABORT, 'the record''s settings are fixed at init: a setting is never replaced'); END;
    INSERT INTO meta (key, value) VALUES ('record_id', lower(hex(randomblob(16))));
    DROP TABLE fold_cache;
    CREATE TABLE fold_cache (
        slot INTEGER PRIMARY KEY CHECK (slot = 1),
        format INTEGER NOT NULL,
        upto_seq INTEGER NOT NULL,
        upto_at_us INTEGER NOT NULL,
        events INTEGER NOT NULL,
        state BLOB NOT NULL,
        head TEXT NOT NULL
    );";

/// The schema version from which the chain exists.
pub(super) const VERSION: i64 = 3;

/// Links every event stored after the last link, in seq order. Returns how many.
pub(super) fn extend(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    let e = |e| sql_err(path, e);
    let (last, mut prev) = last_link(conn, path)?;
    let mut read = conn
        .prepare_cached(
            "SELECT seq, id, recorded_at, body FROM events INDEXED BY events_in_order_stored
             WHERE seq > ?1 ORDER BY seq",
        )
        .map_err(e)?;
    let mut insert = conn
        .prepare_cached("INSERT INTO chain (seq, hash) VALUES (?1, ?2)")
        .map_err(e)?;
    let mut rows = read.query([last]).map_err(e)?;
    let mut linked = 0;
    while let Some(row) = rows.next().map_err(e)? {
        let seq: i64 = row.get(0).map_err(e)?;
        let hash = chain::link(
            &prev,
            seq,
            &row.get::<_, String>(1).map_err(e)?,
            &row.get::<_, String>(2).map_err(e)?,
            &row.get::<_, String>(3).map_err(e)?,
        );
        insert.execute(params![seq, hash]).map_err(e)?;
        prev = hash;
        linked += 1;
    }
    Ok(linked)
}

/// The last link's seq and hash (seq 0 and the genesis when nothing is linked).
fn last_link(conn: &Connection, path: &Path) -> Result<(i64, String), StoreError> {
    let e = |e| sql_err(path, e);
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(e)?;
    match last {
        Some(link) => Ok(link),
        None => Ok((0, chain::genesis(&record_id(conn, path)?))),
    }
}

fn record_id(conn: &Connection, path: &Path) -> Result<String, StoreError> {
    conn.query_row("SELECT value FROM meta WHERE key = 'record_id'", [], |r| {
        r.get(0)
    })
    .map_err(|e| sql_err(path, e))
}

/// The chain head: the last link's hash, or the genesis of a record with no events.
pub(super) fn head(conn: &Connection, path: &Path) -> Result<String, StoreError> {
    last_link(conn, path).map(|(_, hash)| hash)
}

/// Recomputes the chain from the genesis over the events as stored, against the links.
pub(super) fn check(conn: &Connection, path: &Path) -> Result<ChainReport, StoreError> {
    let e = |e| sql_err(path, e);
    let mut prev = chain::genesis(&record_id(conn, path)?);
    let upgraded_upto = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'chain_upgraded_upto'",
            [],
            |r| r.get::<_, String>(0),
        )
        .optional()
        .map_err(e)?
        .and_then(|v| v.parse().ok());
    let mut stmt = conn
        .prepare(
            "SELECT e.seq, e.id, e.recorded_at, e.body, c.hash
             FROM events e LEFT JOIN chain c ON c.seq = e.seq ORDER BY e.seq",
        )
        .map_err(e)?;
    let mut rows = stmt.query([]).map_err(e)?;
    let mut events = 0;
    let mut broken = None;
    while let Some(row) = rows.next().map_err(e)? {
        events += 1;
        let seq: i64 = row.get(0).map_err(e)?;
        let id: String = row.get(1).map_err(e)?;
        let hash = chain::link(
            &prev,
            seq,
            &id,
            &row.get::<_, String>(2).map_err(e)?,
            &row.get::<_, String>(3).map_err(e)?,
        );
        let stored: Option<String> = row.get(4).map_err(e)?;
        if broken.is_none() {
            if seq != events {
                broken = Some(format!(
                    "seq {events} is missing: event {id} is stored as seq {seq}"
                ));
            } else if stored.as_deref() != Some(hash.as_str()) {
                broken = Some(match stored {
                    None => format!("event {id} (seq {seq}) has no link in the chain"),
                    Some(_) => format!(
                        "event {id} (seq {seq}) no longer matches the chain: it was changed \
                         after it was stored"
                    ),
                });
            }
        }
        prev = hash;
    }
    if broken.is_none() {
        let links: i64 = conn
            .query_row("SELECT COUNT(*) FROM chain", [], |r| r.get(0))
            .map_err(e)?;
        if links != events {
            broken = Some(format!(
                "the chain holds {links} links for {events} events: an event was removed"
            ));
        }
    }
    Ok(ChainReport {
        events,
        head: prev,
        upgraded_upto,
        broken,
    })
}

/// Every event in seq order, with its stored link.
pub(super) fn links(
    conn: &Connection,
    path: &Path,
    f: &mut dyn FnMut(Link) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let e = |e| sql_err(path, e);
    let mut stmt = conn
        .prepare(
            "SELECT e.seq, e.id, e.recorded_at, e.body, c.hash
             FROM events e LEFT JOIN chain c ON c.seq = e.seq ORDER BY e.seq",
        )
        .map_err(e)?;
    let mut rows = stmt.query([]).map_err(e)?;
    while let Some(row) = rows.next().map_err(e)? {
        f(Link {
            seq: row.get(0).map_err(e)?,
            id: row.get(1).map_err(e)?,
            recorded_at: row.get(2).map_err(e)?,
            body: row.get(3).map_err(e)?,
            hash: row.get(4).map_err(e)?,
        })?;
    }
    Ok(())
}

/// Every setting the record holds (what `migrate` copies with the chain).
pub(super) fn settings(
    conn: &Connection,
    path: &Path,
) -> Result<Vec<(String, String)>, StoreError> {
    let e = |e| sql_err(path, e);
    let mut stmt = conn
        .prepare("SELECT key, value FROM meta ORDER BY key")
        .map_err(e)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(e)?;
    rows.collect::<Result<_, _>>().map_err(e)
}
