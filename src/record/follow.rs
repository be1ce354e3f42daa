//! Following the log: the record folded up to a clock, kept current as events are
//! stored (by this desk or any other) and as the clock moves on, without holding
//! every event (a large record would not fit, and refolding years of it on every
//! save would stall the desk).
//!
//! Events newer than the fold go on top of it; an event dated ahead of the clock
//! waits until the clock reaches it; an event entered late (dated before what is
//! already folded), a log shorter than the one read, a change in what the reader may
//! see (a child newly shared under row security on a server brings its whole history
//! into sight), or a clock turned back sends the follower back to the log to fold
//! afresh. Whichever way, the state is what a
//! full fold of every event up to the clock gives.

use super::event::Event;
use super::fold::State;
use super::fold_cache::{fold_at, FoldPoint};
use super::log::{EventLog, StoreError, StoredEvent};
use super::touches::Touched;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// The record as a live desk holds it: folded up to its clock, with what it takes
/// to fold newer events on top.
#[derive(Debug, Default)]
pub struct Follower {
    /// The record folded up to the clock.
    pub state: State,
    /// Where the fold stands.
    pub point: FoldPoint,
    /// The events folded on top since the last fold afresh, by place in the fold;
    /// the caller may add (its screens' timelines) or let go of any of them.
    pub timeline: HashMap<usize, Event>,
    /// Stored but dated after the clock, in the log's order (at, then seq): folded
    /// when the clock reaches them.
    ahead: Vec<StoredEvent>,
    /// The highest seq read from the log.
    read_seq: i64,
    /// The log's change token when it was last read.
    token: i64,
    /// The children changed since the caller last took them ([`Follower::take_touched`]).
    touched: Touched,
    /// What the reader could see of the log when it was last folded afresh
    /// ([`EventLog::sight`]): when that changes, events stored long ago may have come
    /// into sight (a child newly shared under row security), which only a fold afresh
    /// can place.
    sight: Option<String>,
}

impl Follower {
    /// Folds `log` up to `now` and reads what was stored after the fold.
    pub fn open(log: &dyn EventLog, now: DateTime<Utc>) -> Result<Follower, StoreError> {
        let mut follower = Follower {
            token: log.change_token()?,
            ..Follower::default()
        };
        follower.refold(log, now)?;
        follower.read_new(log, now)?;
        Ok(follower)
    }

    /// Whether anyone (this process or another) has committed since the last read.
    pub fn changed(&self, log: &dyn EventLog) -> Result<bool, StoreError> {
        Ok(log.change_token()? != self.token)
    }

    /// The children the fold changed since the last call (what a desk keeping its
    /// evaluation between refreshes evaluates again).
    pub fn take_touched(&mut self) -> Touched {
        std::mem::take(&mut self.touched)
    }

    /// Events stored and dated after the clock, waiting for it.
    pub fn ahead(&self) -> &[StoredEvent] {
        &self.ahead
    }

    /// Folds the record up to `now` afresh (from the fold cache when it is valid),
    /// forgetting what was held, then reads what was stored after the fold.
    pub fn refold(&mut self, log: &dyn EventLog, now: DateTime<Utc>) -> Result<(), StoreError> {
        loop {
            // Asked before the fold: a share committed meanwhile shows as a change next time.
            self.sight = log.sight()?;
            let (state, point) = fold_at(log, Some(now))?;
            // Everything stored up to the last seq folded was either folded or is dated
            // after `now`; later seqs are read as new.
            let mut ahead = Vec::new();
            let just_before = now - chrono::Duration::microseconds(1);
            log.visit_between(just_before, None, &mut |s| {
                if s.seq <= point.last_seq && s.event.at > now {
                    ahead.push(s);
                }
            })?;
            let mut state = state;
            self.touched.add_changed(&mut self.state, &mut state);
            self.state = state;
            self.point = point;
            self.ahead = ahead;
            self.read_seq = point.last_seq;
            self.timeline = HashMap::new();
            // Another desk may have entered an event late while this one folded.
            if !self.read_after(log)? {
                return Ok(());
            }
        }
    }

    /// Takes in the events stored since the last read and folds those now due. An
    /// event dated before the last one folded (entered late) must go in its place in
    /// time, as a full fold would put it: the record is then folded afresh.
    pub fn read_new(&mut self, log: &dyn EventLog, now: DateTime<Utc>) -> Result<(), StoreError> {
        let token = log.change_token()?;
        let last = log.last_seq()?;
        // What the reader may see changed (a child shared with it, its whole history
        // with it), or a log shorter than the one read is not that log (restored from a
        // backup?): both fold afresh.
        let late = log.sight()? != self.sight || last < self.read_seq || self.read_after(log)?;
        self.token = token;
        if late {
            self.refold(log, now)?;
        }
        self.catch_up(log, now)
    }

    /// Reads the events stored after the last seq read into those held ahead, in the
    /// log's order (time, then seq); true if one is dated before the last event
    /// folded, which only a fold afresh can place.
    fn read_after(&mut self, log: &dyn EventLog) -> Result<bool, StoreError> {
        let mut late = false;
        let mut read_seq = self.read_seq;
        let folded_to = self.point.last_at_us;
        let ahead = &mut self.ahead;
        log.visit_after(self.read_seq, None, &mut |stored| {
            read_seq = read_seq.max(stored.seq);
            let key = (stored.event.at.timestamp_micros(), stored.seq);
            // A void undoes an event already folded: only a fold afresh can leave it out.
            let voids = matches!(stored.event.kind, super::EventKind::EventVoided { .. });
            if key.0 < folded_to || voids {
                late = true;
            } else if !late {
                let i = ahead.partition_point(|s| (s.event.at.timestamp_micros(), s.seq) < key);
                ahead.insert(i, stored);
            }
        })?;
        self.read_seq = read_seq;
        Ok(late)
    }

    /// Folds the events held ahead that `now` has reached; a clock turned back
    /// before the last event folded folds afresh.
    pub fn catch_up(&mut self, log: &dyn EventLog, now: DateTime<Utc>) -> Result<(), StoreError> {
        if now.timestamp_micros() < self.point.last_at_us {
            return self.refold(log, now);
        }
        let due = self.ahead.partition_point(|s| s.event.at <= now);
        if due == 0 {
            return Ok(());
        }
        let void_due = self.ahead[..due]
            .iter()
            .any(|s| matches!(s.event.kind, super::EventKind::EventVoided { .. }));
        if void_due {
            return self.refold(log, now);
        }
        for stored in self.ahead.drain(..due) {
            let point = &mut self.point;
            // A stored event was checked when it was imported; apply it as it stands.
            self.state.apply(point.events, &stored.event);
            self.touched.add_event(&self.state, &stored.event);
            point.last_seq = point.last_seq.max(stored.seq);
            point.last_at_us = point.last_at_us.max(stored.event.at.timestamp_micros());
            self.timeline.insert(point.events, stored.event);
            point.events += 1;
        }
        self.state.finish();
        Ok(())
    }
}
