//! The log of events, as every store keeps it: one trait, [`EventLog`], so that a
//! server database can stand in for SQLite ([`super::sqlite`]) without the fold,
//! the checks, the engine or the screens knowing. [`MemoryLog`] keeps one in memory
//! (checks of a batch on its own, and tests). Nothing here names SQLite.

use super::event::{Event, EventKind, Refusal};
use chrono::{DateTime, Utc};
use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no database at {0}: create it with `dutyboard --db {0} init --policy NAME`")]
    Missing(String),
    #[error("{path}: {message}")]
    Sqlite { path: String, message: String },
    #[error("{url}: {message}")]
    Server { url: String, message: String },
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
    /// When it was typed in (RFC 3339, UTC), as against `event.at`, when it happened.
    pub recorded_at: String,
    pub event: Event,
}

/// Reading the record: what every log offers, and what a check made inside the write
/// lock sees (so the check reads exactly what the append will be added to).
/// The check a write runs inside the write lock: given the batch's ids already
/// stored and the record as the lock holds it, `Ok` or every reason to refuse.
pub type Check<'c> = dyn FnMut(&HashSet<String>, &dyn EventLog) -> Result<(), Vec<Refusal>> + 'c;

/// Reading and appending to the record. Object-safe: `&dyn EventLog` is what a
/// check made inside the write lock reads (so it reads exactly what the append will
/// be added to), and what the fold and the follower walk.
pub trait EventLog {
    /// Every event whose `at` is not after `until` (all, if `None`), in time order
    /// (`at`, then the order stored).
    fn visit(
        &self,
        until: Option<DateTime<Utc>>,
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError>;
    /// Events stored after `seq` whose `at` is not after `until`, in time order.
    fn visit_after(
        &self,
        seq: i64,
        until: Option<DateTime<Utc>>,
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError>;
    /// Every event dated after `since` and not after `until`, in time order: a
    /// recent stretch (the handover's twelve hours) read without walking the rest.
    fn visit_between(
        &self,
        since: DateTime<Utc>,
        until: Option<DateTime<Utc>>,
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError>;
    /// The last `seq` stored (0 for an empty log); every event has a `seq` from 1 up.
    fn last_seq(&self) -> Result<i64, StoreError>;
    /// Whether any event stored after `seq` is dated before `at_us` (entered late).
    fn backdated_since(&self, seq: i64, at_us: i64) -> Result<bool, StoreError>;
    /// A number that changes whenever anyone (this process or another) commits.
    fn change_token(&self) -> Result<i64, StoreError>;
    /// How many events the log holds as this reader sees it (a file: every one, and
    /// seqs run 1..=n, so its last seq; a server under row security: fewer).
    fn visible_count(&self) -> Result<i64, StoreError> {
        self.last_seq()
    }
    /// What this reader may see of the log, where that can change below what it has
    /// read: on a server under row security a child newly shared with the login's
    /// authority (moved or placed there) brings its whole history into sight, at seqs
    /// long read. `None` where the reader always sees every event (a file).
    fn sight(&self) -> Result<Option<String>, StoreError> {
        Ok(None)
    }
    /// The fold cache, if one is kept (see [`super::fold_cache`]).
    fn fold_cache(&self) -> Result<Option<FoldCache>, StoreError> {
        Ok(None)
    }
    /// Keeps a fold cache; a log that cannot (read-only, busy) simply does not.
    fn save_fold_cache(&self, _cache: &FoldCache) {}
    /// Inside the write lock: finds which of the batch's ids are already stored, runs
    /// `check` (given those ids and the record as the lock holds it), then appends the
    /// batch less the ids already stored. All or nothing.
    fn append_checked(
        &mut self,
        batch: &[(Event, String)],
        check: &mut Check<'_>,
    ) -> Result<Result<AppendOutcome, Vec<Refusal>>, StoreError>;

    /// The stored events with these ids (a re-sent id is compared with what is stored).
    /// One walk of the record; only a batch holding stored ids asks.
    fn stored_with_ids(&self, ids: &HashSet<String>) -> Result<Vec<Event>, StoreError> {
        let mut out = Vec::new();
        if !ids.is_empty() {
            self.visit(None, &mut |s| {
                if ids.contains(&s.event.id) {
                    out.push(s.event);
                }
            })?;
        }
        Ok(out)
    }

    /// The ids that `event_voided` events dated not after `until` name: what a fold
    /// of the record as it stood then leaves out.
    fn voids(&self, until: Option<DateTime<Utc>>) -> Result<BTreeSet<String>, StoreError> {
        let mut out = BTreeSet::new();
        self.visit(until, &mut |s| {
            if let EventKind::EventVoided { event, .. } = s.event.kind {
                out.insert(event);
            }
        })?;
        Ok(out)
    }

    /// Every event of these types, in time order (the record's adoptions and
    /// calendars, read without folding the rest).
    fn visit_types(
        &self,
        types: &[super::schema::EventType],
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        self.visit(None, &mut |s| {
            if types.contains(&s.event.event_type()) {
                f(s)
            }
        })
    }

    /// Every event, in time order (materialised: prefer [`EventLog::visit`] on a large record).
    fn read_all(&self) -> Result<Vec<StoredEvent>, StoreError> {
        let mut out = Vec::new();
        self.visit(None, &mut |e| out.push(e))?;
        Ok(out)
    }
}

/// The folded record as of a point in the log (see `record::fold_cache`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoldCache {
    pub format: i64,
    pub upto_seq: i64,
    pub upto_at_us: i64,
    pub events: usize,
    pub state: Vec<u8>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppendOutcome {
    pub stored: Vec<String>,
    pub skipped: Vec<String>,
}

/// A log held in memory: stored events in time order (borrowed, or owned once
/// appended to). No fold cache.
#[derive(Debug, Clone, Default)]
pub struct MemoryLog<'a> {
    events: Cow<'a, [StoredEvent]>,
}

impl<'a> MemoryLog<'a> {
    /// A log of these stored events, already in time order.
    pub fn of(events: &'a [StoredEvent]) -> MemoryLog<'a> {
        MemoryLog {
            events: Cow::Borrowed(events),
        }
    }

    fn walk(&self, keep: impl Fn(&StoredEvent) -> bool, f: &mut dyn FnMut(StoredEvent)) {
        self.events.iter().filter(|s| keep(s)).cloned().for_each(f);
    }
}

impl EventLog for MemoryLog<'_> {
    fn visit(
        &self,
        until: Option<DateTime<Utc>>,
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        self.visit_after(0, until, f)
    }
    fn visit_after(
        &self,
        seq: i64,
        until: Option<DateTime<Utc>>,
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        self.walk(|s| s.seq > seq && until.is_none_or(|u| s.event.at <= u), f);
        Ok(())
    }
    fn visit_between(
        &self,
        since: DateTime<Utc>,
        until: Option<DateTime<Utc>>,
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        self.walk(
            |s| s.event.at > since && until.is_none_or(|u| s.event.at <= u),
            f,
        );
        Ok(())
    }
    fn last_seq(&self) -> Result<i64, StoreError> {
        Ok(self.events.iter().map(|s| s.seq).max().unwrap_or(0))
    }
    fn backdated_since(&self, seq: i64, at_us: i64) -> Result<bool, StoreError> {
        Ok(self
            .events
            .iter()
            .any(|s| s.seq > seq && s.event.at.timestamp_micros() < at_us))
    }
    fn change_token(&self) -> Result<i64, StoreError> {
        self.last_seq()
    }
    fn append_checked(
        &mut self,
        batch: &[(Event, String)],
        check: &mut Check<'_>,
    ) -> Result<Result<AppendOutcome, Vec<Refusal>>, StoreError> {
        let known: HashSet<String> = batch
            .iter()
            .filter(|(e, _)| self.events.iter().any(|s| s.event.id == e.id))
            .map(|(e, _)| e.id.clone())
            .collect();
        if let Err(refusals) = check(&known, &*self) {
            return Ok(Err(refusals));
        }
        let recorded_at = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let mut seq = self.last_seq()?;
        let mut outcome = AppendOutcome::default();
        let events = self.events.to_mut();
        for (event, _) in batch {
            if known.contains(&event.id) || events.iter().any(|s| s.event.id == event.id) {
                outcome.skipped.push(event.id.clone());
                continue;
            }
            seq += 1;
            let at = (event.at, seq);
            let place = events.partition_point(|s| (s.event.at, s.seq) < at);
            events.insert(
                place,
                StoredEvent {
                    seq,
                    recorded_at: recorded_at.clone(),
                    event: event.clone(),
                },
            );
            outcome.stored.push(event.id.clone());
        }
        Ok(Ok(outcome))
    }
}
