//! The record as one connection sees it (the store's own, or a write transaction's),
//! and the rows it reads turned into events. Used only by [`super::sqlite`].

use super::log::{FoldCache, StoreError, StoredEvent};
use super::schema::RawEvent;
use super::sqlite_io::sql_err;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use std::time::Duration;

/// The record as one connection sees it: the store's own, or a write transaction's.
pub(super) struct ConnView<'a> {
    pub(super) conn: &'a Connection,
    pub(super) path: &'a Path,
    /// The schema version: before the chain, no fold cache is trusted.
    pub(super) version: i64,
}

impl ConnView<'_> {
    pub(super) fn visit_after(
        &self,
        seq: i64,
        until: Option<DateTime<Utc>>,
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                // Few rows come after a snapshot: find them by seq, not by a scan in time order.
                "SELECT seq, recorded_at, body FROM events INDEXED BY events_in_order_stored
                 WHERE seq > ?1 AND at_us <= ?2 ORDER BY at_us, seq",
            )
            .map_err(|e| sql_err(self.path, e))?;
        let until = until.map_or(i64::MAX, |t| t.timestamp_micros());
        let rows = stmt
            .query(params![seq, until])
            .map_err(|e| sql_err(self.path, e))?;
        decode_rows(rows, self.path, f)
    }

    /// Every event of these types, in time order (a few among many: by the type column).
    pub(super) fn visit_types(
        &self,
        types: &[super::schema::EventType],
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        let names: Vec<&str> = types.iter().map(|t| t.name()).collect();
        let marks = vec!["?"; names.len()].join(", ");
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT seq, recorded_at, body FROM events WHERE type IN ({marks}) ORDER BY at_us, seq"
            ))
            .map_err(|e| sql_err(self.path, e))?;
        let rows = stmt
            .query(rusqlite::params_from_iter(names))
            .map_err(|e| sql_err(self.path, e))?;
        decode_rows(rows, self.path, f)
    }

    pub(super) fn last_seq(&self) -> Result<i64, StoreError> {
        // Asked on every poll of a live board: prepared once per connection.
        self.conn
            .prepare_cached("SELECT COALESCE(MAX(seq), 0) FROM events")
            .and_then(|mut stmt| stmt.query_row([], |r| r.get(0)))
            .map_err(|e| sql_err(self.path, e))
    }

    pub(super) fn backdated_since(&self, seq: i64, at_us: i64) -> Result<bool, StoreError> {
        self.conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM events INDEXED BY events_in_order_stored
                                WHERE seq > ?1 AND at_us < ?2)",
                params![seq, at_us],
                |r| r.get(0),
            )
            .map_err(|e| sql_err(self.path, e))
    }

    pub(super) fn fold_cache(&self) -> Result<Option<FoldCache>, StoreError> {
        if self.version < super::sqlite_chain::VERSION {
            return Ok(None);
        }
        // Bound to the chain head it covers: a snapshot copied from another record, or
        // of events since changed, is not this record's and is ignored.
        self.conn
            .query_row(
                "SELECT f.format, f.upto_seq, f.upto_at_us, f.events, f.state
                 FROM fold_cache f JOIN chain c ON c.seq = f.upto_seq AND c.hash = f.head
                 WHERE f.slot = 1",
                [],
                |r| {
                    Ok(FoldCache {
                        format: r.get(0)?,
                        upto_seq: r.get(1)?,
                        upto_at_us: r.get(2)?,
                        events: r.get::<_, i64>(3)? as usize,
                        state: r.get(4)?,
                    })
                },
            )
            .optional()
            .map_err(|e| sql_err(self.path, e))
    }

    pub(super) fn save_fold_cache(&self, cache: &FoldCache) {
        if self.version < super::sqlite_chain::VERSION {
            return;
        }
        // A cache is worth no waiting: if another desk holds the write lock, skip.
        let _ = self.conn.busy_timeout(Duration::from_millis(0));
        let _ = self.conn.execute(
            "INSERT INTO fold_cache (slot, format, upto_seq, upto_at_us, events, state, head)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, (SELECT hash FROM chain WHERE seq = ?2))
             ON CONFLICT (slot) DO UPDATE SET format = ?1, upto_seq = ?2, upto_at_us = ?3,
                 events = ?4, state = ?5, head = (SELECT hash FROM chain WHERE seq = ?2)",
            params![
                cache.format,
                cache.upto_seq,
                cache.upto_at_us,
                cache.events as i64,
                cache.state
            ],
        );
        let _ = self.conn.busy_timeout(Duration::from_secs(10));
    }
}

/// Turns rows of (seq, recorded_at, body) into events, one at a time.
pub(super) fn decode_rows(
    mut rows: rusqlite::Rows<'_>,
    path: &Path,
    f: &mut dyn FnMut(StoredEvent),
) -> Result<(), StoreError> {
    while let Some(row) = rows.next().map_err(|e| sql_err(path, e))? {
        f(decode_row(row, path)?);
    }
    Ok(())
}

fn decode_row(row: &rusqlite::Row<'_>, path: &Path) -> Result<StoredEvent, StoreError> {
    let seq: i64 = row.get(0).map_err(|e| sql_err(path, e))?;
    let recorded_at: String = row.get(1).map_err(|e| sql_err(path, e))?;
    let corrupt = |message: String| StoreError::Corrupt { seq, message };
    let body = row
        .get_ref(2)
        .map_err(|e| sql_err(path, e))?
        .as_str()
        .map_err(|e| corrupt(e.to_string()))?;
    let raw: RawEvent = serde_json::from_str(body).map_err(|e| corrupt(e.to_string()))?;
    let event = raw.to_stored_event().map_err(|e| corrupt(e.to_string()))?;
    Ok(StoredEvent {
        seq,
        recorded_at,
        event,
    })
}
