//! The fold cache on the server (sql/postgres/schema.sql, `dutyboard.fold_cache`): the
//! record folded as this login sees it, one row per login, so a write's check walks
//! only the events stored since rather than the whole record (each `import` is a
//! process of its own, so a cache in memory would start empty every time). The server
//! hands it back only while the event it was folded up to keeps its hash (the chain
//! head it covers) and the login sees the same children; what src/record/fold_cache.rs
//! checks besides (its format, nothing backdated or voided since) applies as on a file.
//!
//! After each write the cache is brought up to the tail once [`REFRESH_AFTER`] events
//! have been stored since it: the writers keep it near the tail for one another. A
//! command that only reads (opened read-only) keeps none.

use super::client::Param;
use super::PgStore;
use crate::record::fold_cache;
use crate::record::log::{FoldCache, StoreError};

/// Fold on from the cache and keep it again after this many events stored since.
pub(super) const REFRESH_AFTER: i64 = 200;

impl PgStore {
    /// The login's fold, if the server still holds it valid.
    pub(super) fn cached_fold(&self) -> Result<Option<FoldCache>, StoreError> {
        if !self.has_fold_cache {
            return Ok(None);
        }
        let format: Param = Box::new(fold_cache::FORMAT);
        let cache = self.client.one(
            "SELECT format, upto_seq, upto_at_us, events, state
             FROM dutyboard.cached_fold($1)",
            vec![format],
            |r| {
                Ok(FoldCache {
                    format: r.try_get(0)?,
                    upto_seq: r.try_get(1)?,
                    upto_at_us: r.try_get(2)?,
                    events: r.try_get::<_, i64>(3)? as usize,
                    state: r.try_get(4)?,
                })
            },
        )?;
        self.fold_seen.set(cache.as_ref().map(|c| c.upto_seq));
        Ok(cache)
    }

    /// What the login sees (`dutyboard.sight()`: everything, or a digest of the
    /// children it may see), which the live board compares to notice a child newly
    /// shared with it; `None` on a schema made before it.
    pub(super) fn login_sight(&self) -> Result<Option<String>, StoreError> {
        if !self.has_fold_cache {
            return Ok(None);
        }
        self.client
            .one("SELECT dutyboard.sight()", vec![], |r| r.try_get(0))
    }

    /// Keeps the login's fold; the server refuses it (and nothing is said) if it no
    /// longer covers what the login sees, and a read-only connection keeps none.
    pub(super) fn keep_fold(&self, cache: &FoldCache) {
        if !self.has_fold_cache || self.read_only {
            return;
        }
        let params: Vec<Param> = vec![
            Box::new(cache.format),
            Box::new(cache.upto_seq),
            Box::new(cache.upto_at_us),
            Box::new(cache.events as i64),
            Box::new(cache.state.clone()),
        ];
        let kept = self.client.one(
            "SELECT dutyboard.keep_fold($1, $2, $3, $4, $5)",
            params,
            |r| r.try_get::<_, bool>(0),
        );
        if let Ok(Some(true)) = kept {
            self.fold_seen.set(Some(cache.upto_seq));
        }
    }

    /// After a write that stored up to `last`: folds on from the cache (from nothing
    /// if there is none) and keeps it once it is [`REFRESH_AFTER`] events behind. A failure
    /// here leaves the write as it is (stored) and the next check folding further.
    pub(super) fn refresh_fold(&self, last: i64) {
        if !self.has_fold_cache || self.read_only {
            return;
        }
        let behind = last - self.fold_seen.get().unwrap_or(0);
        if behind >= REFRESH_AFTER {
            let _ = fold_cache::refresh(self);
        }
    }
}
