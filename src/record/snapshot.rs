//! Snapshots: the folded record kept beside the log, so a cold start folds only the
//! events stored since, not years of them.
//!
//! A snapshot is used only when it is provably the same as folding from scratch:
//! it was taken of the whole log up to `upto_seq`; the question asked is not earlier
//! than its last event (`upto_at_us`); and no event stored since is dated before that
//! (an event entered late must be folded in its place in time, so it forces a full
//! fold). Anything else, including a snapshot written by another version of this
//! program, means a full fold. Tests compare the two on random records.

use super::state::State;
use super::store::{FoldCache, LogRead, StoreError};
use chrono::{DateTime, Utc};

/// Bumped whenever [`State`]'s shape changes, so an old snapshot is never misread.
pub const FORMAT: i64 = 5;

/// Fold again from the snapshot once this many events have been stored since it.
const REFRESH_AFTER: usize = 2_000;

/// The record folded as it stood at `until` (everything, if `None`), from the
/// snapshot when it is valid, streaming the events rather than holding them.
pub fn state_at<L: LogRead + ?Sized>(
    log: &L,
    until: Option<DateTime<Utc>>,
) -> Result<State, StoreError> {
    let until_us = until.map_or(i64::MAX, |t| t.timestamp_micros());
    if let Some((mut state, events, upto_seq)) = resume(log, until_us)? {
        let mut folded = Folded {
            until,
            events,
            last_seq: upto_seq,
            last_at_us: i64::MIN,
        };
        log.visit_after(upto_seq, until, &mut |stored| {
            folded.apply(&mut state, &stored)
        })?;
        let _ = state.finish(false);
        if folded.events - events >= REFRESH_AFTER {
            keep(log, &state, &folded)?;
        }
        return Ok(state);
    }
    full_fold(log, until)
}

/// The snapshot's state, if it is valid for folding on from a moment no earlier than
/// `from_at_us`: the state, how many events it holds, and the last `seq` it covers.
/// (A check of new events starts here and walks only what was stored since.)
pub fn resume<L: LogRead + ?Sized>(
    log: &L,
    from_at_us: i64,
) -> Result<Option<(State, usize, i64)>, StoreError> {
    let Some(cache) = log.fold_cache()? else {
        return Ok(None);
    };
    if cache.format != FORMAT
        || from_at_us < cache.upto_at_us
        || log.backdated_since(cache.upto_seq, cache.upto_at_us)?
    {
        return Ok(None);
    }
    Ok(postcard::from_bytes::<State>(&cache.state)
        .ok()
        .map(|state| (state, cache.events, cache.upto_seq)))
}

/// Folds the whole log (up to `until`) from nothing, and keeps a snapshot of it when
/// it covered every event.
pub fn full_fold<L: LogRead + ?Sized>(
    log: &L,
    until: Option<DateTime<Utc>>,
) -> Result<State, StoreError> {
    let mut state = State::default();
    let mut folded = Folded {
        until,
        events: 0,
        last_seq: 0,
        last_at_us: i64::MIN,
    };
    log.visit(until, &mut |stored| folded.apply(&mut state, &stored))?;
    let _ = state.finish(false);
    keep(log, &state, &folded)?;
    Ok(state)
}

struct Folded {
    until: Option<DateTime<Utc>>,
    events: usize,
    last_seq: i64,
    last_at_us: i64,
}

impl Folded {
    fn apply(&mut self, state: &mut State, stored: &super::StoredEvent) {
        // The log filters by microsecond; an instant may carry nanoseconds.
        if self.until.is_some_and(|u| stored.event.at > u) {
            return;
        }
        // A stored event was checked when it was imported; apply it as it stands.
        let _ = state.apply(self.events, &stored.event, None);
        self.events += 1;
        self.last_seq = self.last_seq.max(stored.seq);
        self.last_at_us = self.last_at_us.max(stored.event.at.timestamp_micros());
    }
}

/// Keeps a snapshot if the fold covered the whole log (seqs run 1..=last, never deleted).
fn keep<L: LogRead + ?Sized>(log: &L, state: &State, folded: &Folded) -> Result<(), StoreError> {
    if folded.events == 0 || folded.events as i64 != log.last_seq()? {
        return Ok(());
    }
    if let Ok(bytes) = postcard::to_allocvec(state) {
        log.save_fold_cache(&FoldCache {
            format: FORMAT,
            upto_seq: folded.last_seq,
            upto_at_us: folded.last_at_us,
            events: folded.events,
            state: bytes,
        });
    }
    Ok(())
}
