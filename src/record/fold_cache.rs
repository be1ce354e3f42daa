//! The fold cache: the folded record kept beside the log, so a cold start folds only the
//! events stored since, not years of them.
//!
//! A snapshot is used only when it is provably the same as folding from scratch:
//! it was taken of the whole log up to `upto_seq`; the question asked is not earlier
//! than its last event (`upto_at_us`); and no event stored since is dated before that
//! (an event entered late must be folded in its place in time, so it forces a full
//! fold). Anything else, including a snapshot written by another version of this
//! program, means a full fold. Tests compare the two on random records.

use super::fold::State;
use super::log::{EventLog, FoldCache, StoreError};
use chrono::{DateTime, Utc};

/// Bumped whenever [`State`]'s shape changes, so an old snapshot is never misread.
pub const FORMAT: i64 = 13;

/// Fold again from the snapshot once this many events have been stored since it.
const REFRESH_AFTER: usize = 2_000;

/// The record folded as it stood at `until` (everything, if `None`), from the
/// snapshot when it is valid, streaming the events rather than holding them.
pub fn state_at<L: EventLog + ?Sized>(
    log: &L,
    until: Option<DateTime<Utc>>,
) -> Result<State, StoreError> {
    fold_at(log, until).map(|(state, _)| state)
}

/// Where a fold stopped, so that a caller holding the state can fold newer events
/// on top of it in their place: an event stored after `last_seq` dated at or after
/// `last_at_us` comes after everything folded (the log orders by time, then seq).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoldPoint {
    /// How many events the state holds (the next event's index in the fold).
    pub events: usize,
    /// The highest seq folded: every event stored up to it is folded, or dated after `until`.
    pub last_seq: i64,
    /// The latest `at` folded, in microseconds (`i64::MIN` when nothing was).
    pub last_at_us: i64,
}

impl Default for FoldPoint {
    /// Nothing folded.
    fn default() -> FoldPoint {
        FoldPoint {
            events: 0,
            last_seq: 0,
            last_at_us: i64::MIN,
        }
    }
}

/// As [`state_at`], also saying where the fold stopped.
pub fn fold_at<L: EventLog + ?Sized>(
    log: &L,
    until: Option<DateTime<Utc>>,
) -> Result<(State, FoldPoint), StoreError> {
    fold_keeping(log, until, REFRESH_AFTER)
}

/// Brings the snapshot up to the tail (folded on from it when it is valid, from
/// nothing when not) and keeps it: what a store whose writers are processes of their
/// own (the server) does after a write, so the next write's check starts near the tail.
pub fn refresh<L: EventLog + ?Sized>(log: &L) -> Result<(), StoreError> {
    fold_keeping(log, None, 0).map(|_| ())
}

/// As [`fold_at`], keeping the snapshot again once `refresh_after` events have been
/// folded on from it.
fn fold_keeping<L: EventLog + ?Sized>(
    log: &L,
    until: Option<DateTime<Utc>>,
    refresh_after: usize,
) -> Result<(State, FoldPoint), StoreError> {
    let until_us = until.map_or(i64::MAX, |t| t.timestamp_micros());
    if let Some((mut state, cache)) = resume_cache(log, until_us)? {
        let mut folded = Folded {
            until,
            point: FoldPoint {
                events: cache.events,
                last_seq: cache.upto_seq,
                last_at_us: cache.upto_at_us,
            },
        };
        log.visit_after(cache.upto_seq, until, &mut |stored| {
            folded.apply(&mut state, &stored)
        })?;
        state.finish();
        if folded.point.events - cache.events >= refresh_after {
            keep(log, &state, &folded)?;
        }
        return Ok((state, folded.point));
    }
    full_fold_at(log, until)
}

/// The snapshot's state, if it is valid for folding on from a moment no earlier than
/// `from_at_us`: the state, how many events it holds, and the last `seq` it covers.
/// (A check of new events starts here and walks only what was stored since.)
pub fn resume<L: EventLog + ?Sized>(
    log: &L,
    from_at_us: i64,
) -> Result<Option<(State, usize, i64)>, StoreError> {
    Ok(resume_cache(log, from_at_us)?.map(|(state, cache)| (state, cache.events, cache.upto_seq)))
}

/// The snapshot's state with what the snapshot says of itself (its blob emptied:
/// the state is decoded from it and the bytes dropped at once, never two copies kept).
fn resume_cache<L: EventLog + ?Sized>(
    log: &L,
    from_at_us: i64,
) -> Result<Option<(State, FoldCache)>, StoreError> {
    let Some(mut cache) = log.fold_cache()? else {
        return Ok(None);
    };
    if cache.format != FORMAT
        || from_at_us < cache.upto_at_us
        || log.backdated_since(cache.upto_seq, cache.upto_at_us)?
    {
        return Ok(None);
    }
    let bytes = std::mem::take(&mut cache.state);
    let state = postcard::from_bytes::<State>(&bytes).ok();
    drop(bytes);
    // A void stored since undoes an event the snapshot holds: fold afresh without it.
    let Some(state) = state else {
        return Ok(None);
    };
    if state.voided != log.voids(None)? {
        return Ok(None);
    }
    Ok(Some((state, cache)))
}

/// Folds the whole log (up to `until`) from nothing, and keeps a snapshot of it when
/// it covered every event.
pub fn full_fold<L: EventLog + ?Sized>(
    log: &L,
    until: Option<DateTime<Utc>>,
) -> Result<State, StoreError> {
    full_fold_at(log, until).map(|(state, _)| state)
}

fn full_fold_at<L: EventLog + ?Sized>(
    log: &L,
    until: Option<DateTime<Utc>>,
) -> Result<(State, FoldPoint), StoreError> {
    let mut state = State::voiding(log.voids(until)?);
    let mut folded = Folded {
        until,
        point: FoldPoint::default(),
    };
    log.visit(until, &mut |stored| folded.apply(&mut state, &stored))?;
    state.finish();
    keep(log, &state, &folded)?;
    Ok((state, folded.point))
}

/// A fold under way: up to `until`, and how far it has come.
struct Folded {
    until: Option<DateTime<Utc>>,
    point: FoldPoint,
}

impl Folded {
    fn apply(&mut self, state: &mut State, stored: &super::StoredEvent) {
        // The log filters by microsecond; an instant may carry nanoseconds.
        if self.until.is_some_and(|u| stored.event.at > u) {
            return;
        }
        // A stored event was checked when it was imported; apply it as it stands.
        let p = &mut self.point;
        state.apply(p.events, &stored.event);
        p.events += 1;
        p.last_seq = p.last_seq.max(stored.seq);
        p.last_at_us = p.last_at_us.max(stored.event.at.timestamp_micros());
    }
}

/// Keeps a snapshot if the fold covered the whole log as this reader sees it (on a
/// file seqs run 1..=last, never deleted; on a server row security may hide some).
fn keep<L: EventLog + ?Sized>(log: &L, state: &State, folded: &Folded) -> Result<(), StoreError> {
    let p = &folded.point;
    if p.events == 0 || p.events as i64 != log.visible_count()? {
        return Ok(());
    }
    if let Ok(bytes) = postcard::to_allocvec(state) {
        log.save_fold_cache(&FoldCache {
            format: FORMAT,
            upto_seq: p.last_seq,
            upto_at_us: p.last_at_us,
            events: p.events,
            state: bytes,
        });
    }
    Ok(())
}
