//! The running desk: the record, the policy it is kept under, the calendar and who
//! is recording. Both front-ends (the command line and the live board) work through
//! it; it is the only place the domain meets files and the database.

pub mod adopt;
pub mod alerts;
pub mod config;
pub mod error;
pub mod inbox;
pub mod live;
pub mod preview;
pub mod record;
pub mod wal_watch;
pub mod writer;

pub use config::Config;
pub use error::DeskError;

use crate::calendar::Calendar;
use crate::procedures::governs::Governs;
use crate::procedures::{evaluate_scoped, Evaluation, Policy, Scope};
use crate::record::clock::ClockSkew;
use crate::record::{Event, EventLog, State, Store};
use crate::views::board::{self, Board};
use chrono::{DateTime, Utc};
use std::path::Path;

/// Everything a query needs, opened once.
pub struct Desk {
    pub store: Store,
    /// The record's first authority's policy (or `--policy`): what a screen names
    /// when it names one.
    pub policy: Policy,
    /// Every authority's adoptions: which policy governs each episode.
    pub governs: Governs,
    /// The built-in calendar and `--bank-holidays`; the record's own calendars are
    /// added at each evaluation's instant ([`Governs::calendar_at`]).
    pub calendar: Calendar,
    pub operator: String,
    pub privacy: bool,
}

impl Desk {
    /// Opens the record `config` names, under its stored policy or `policy_override`
    /// (a shipped policy's name, to ask "what would this procedure say?").
    /// A command that writes upgrades an older record here, and says so.
    pub fn open(config: &Config, policy_override: Option<&str>) -> Result<Desk, DeskError> {
        let path = config.database_path();
        let store = Store::open(&path)?;
        if let Some(note) = store.upgraded() {
            eprintln!("dutyboard: {note}");
        }
        Desk::under(store, policy_override, config)
    }

    /// As [`Desk::open`] for a command that only reads: the file is read as it is and
    /// nothing is written to it (review D15).
    pub fn open_read_only(
        config: &Config,
        policy_override: Option<&str>,
    ) -> Result<Desk, DeskError> {
        let store = Store::open_read_only(&config.database_path())?;
        if let Some(note) = store.upgraded() {
            eprintln!("dutyboard: {note}"); // read on a full disk, as of its last write
        }
        Desk::under(store, policy_override, config)
    }

    fn under(
        store: Store,
        policy_override: Option<&str>,
        config: &Config,
    ) -> Result<Desk, DeskError> {
        let mut governs = match adopt::governs_of(&store, None) {
            Ok(g) => g,
            // No policy at all: say so as before (run init).
            Err(_) if store.meta("policy_text")?.is_none() => {
                Governs::single(config::stored_policy(&store)?)
            }
            Err(e) => return Err(e),
        };
        if let Some(name) = policy_override {
            governs = governs.overridden(config::shipped_policy(name)?);
        }
        Desk::governed(store, governs, config)
    }

    /// Creates a record at `path` kept under `policy` (it must not exist yet).
    pub fn create(path: &Path, policy: &Policy, now: DateTime<Utc>) -> Result<Store, DeskError> {
        let mut store = Store::create(path)?;
        store.initialise(&policy.name, &policy.text, now)?;
        Ok(store)
    }

    /// A desk over a store already open, under its adopted policies (`policy` for a
    /// store that holds none).
    pub fn over(store: Store, policy: Policy, config: &Config) -> Result<Desk, DeskError> {
        let governs = adopt::governs_of(&store, Some(&policy))?;
        Desk::governed(store, governs, config)
    }

    fn governed(store: Store, governs: Governs, config: &Config) -> Result<Desk, DeskError> {
        Ok(Desk {
            calendar: config.calendar(store.path())?,
            store,
            policy: governs.principal().clone(),
            governs,
            operator: config.operator(),
            privacy: config.privacy,
        })
    }

    /// A second desk over the same record, with a connection of its own (the inbox
    /// watcher's, on its own thread): the same policy, calendar and operator.
    pub fn beside(&self) -> Result<Desk, DeskError> {
        Ok(Desk {
            store: self.store.reopen()?,
            policy: self.policy.clone(),
            governs: self.governs.clone(),
            calendar: self.calendar.clone(),
            operator: self.operator.clone(),
            privacy: self.privacy,
        })
    }

    /// The record folded at `now`, and the open (live) instances.
    pub fn evaluate(&self, now: DateTime<Utc>) -> Result<(State, Evaluation), DeskError> {
        self.evaluate_in(now, Scope::Live)
    }

    /// The record folded at `at`, and the instances in `scope` (reports that count
    /// what was settled too ask for all of them).
    pub fn evaluate_in(
        &self,
        at: DateTime<Utc>,
        scope: Scope,
    ) -> Result<(State, Evaluation), DeskError> {
        let state = crate::record::state_at(&self.store, Some(at))?;
        let calendar = self.governs.calendar_at(&self.calendar, at);
        let evaluation = evaluate_scoped(&state, &self.governs, &calendar, at, scope);
        Ok((state, evaluation))
    }

    /// The record at the desk's own clock `now` (no `--at`): every event stored,
    /// those dated after the clock too, shown as now (issue 13 D7: a desk whose clock
    /// is behind must not show "No child is missing"), with the skew they show.
    pub fn evaluate_now(
        &self,
        now: DateTime<Utc>,
    ) -> Result<(State, Evaluation, Option<ClockSkew>), DeskError> {
        let mut ahead = Vec::new();
        self.store.visit_between(now, None, &mut |s| {
            ahead.push((s.event.at, s.event.by));
        })?;
        let until = if ahead.is_empty() { Some(now) } else { None };
        let state = crate::record::state_at(&self.store, until)?;
        let calendar = self.governs.calendar_at(&self.calendar, now);
        let evaluation = evaluate_scoped(&state, &self.governs, &calendar, now, Scope::Live);
        let skew = ClockSkew::of(ahead.iter().map(|(at, by)| (*at, by.as_str())), now);
        Ok((state, evaluation, skew))
    }

    /// The record for a command: as it stood at the time `asked` for (`--at`), or at
    /// the desk's clock `now` with every event shown and the skew they show.
    pub fn evaluate_asked(
        &self,
        asked: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(State, Evaluation, Option<ClockSkew>), DeskError> {
        match asked {
            None => self.evaluate_now(now),
            Some(at) => {
                let (state, evaluation) = self.evaluate(at)?;
                Ok((state, evaluation, None))
            }
        }
    }

    /// The board at `now`: at the desk's clock (`at_clock`, every event shown and the
    /// skew named), or at a time asked for (`--at`: the record as it stood then).
    pub fn board(
        &self,
        now: DateTime<Utc>,
        at_clock: bool,
    ) -> Result<(Board, Evaluation), DeskError> {
        let (state, evaluation, skew) = self.evaluate_asked((!at_clock).then_some(now), now)?;
        let mut board = board::build(&state, &evaluation, now, self.privacy)
            .with_authorities(&self.authority_names());
        board.clock_skew = skew.map(|s| s.banner());
        Ok((board, evaluation))
    }

    /// The events dated after `since` up to `at`: a shift's stretch of the log only
    /// (read from 1 µs early: the log keys on microseconds).
    pub fn events_between(
        &self,
        since: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Result<Vec<Event>, DeskError> {
        let mut events = Vec::new();
        let from = since - chrono::Duration::microseconds(1);
        self.store.visit_between(from, Some(at), &mut |e| {
            if e.event.at > since {
                events.push(e.event);
            }
        })?;
        Ok(events)
    }
}

/// An action the engine could not compute is an error, never a guess: the caller
/// has shown the rest; this says what failed (and the exit status says so).
pub fn engine_errors(evaluation: &Evaluation) -> Result<(), DeskError> {
    if evaluation.errors.is_empty() {
        Ok(())
    } else {
        Err(DeskError::Engine(evaluation.errors.clone()))
    }
}
