//! The live desk: what an open board needs from the record, apart from the terminal.
//! It follows the log (reading only what was appended since it last looked), scopes
//! the engine's evaluation to what the screens show, builds the handover and the
//! statistics, watches the police inbox and decides which breaches are new.
//! It reads no clock: `now` is given, so a test can drive it minute by minute.

use super::alerts::{Alert, Alerter};
use super::{Desk, DeskError};
use crate::procedures::engine::working_set::WorkingSet;
use crate::procedures::{evaluate_scoped, Evaluation, Scope};
use crate::record::follow::Follower;
use crate::record::{Event, EventLog, State};
use crate::views::board::Board;
use crate::views::board_update::Keeper;
use crate::views::detail::{ChildChoice, Snapshot};
use crate::views::{handover, stats};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::path::Path;
use std::sync::mpsc::Receiver;

/// The record as an open board follows it, with the session's alerts and inbox.
pub struct Live {
    record: Follower,
    /// How far the record is folded: the clock, or the latest event dated after it
    /// (issue 13 D7: events ahead of a slow clock are shown as now, never hidden).
    /// It never goes back, so a clock behind the record does not refold on every read.
    horizon: DateTime<Utc>,
    /// The events folded that are dated after the clock, for the banner.
    ahead: Vec<(DateTime<Utc>, String)>,
    /// The clock at the last read (a clock turned back is looked for again).
    clock: DateTime<Utc>,
    /// Breach alerts for this session (silent unless set otherwise).
    pub alerter: Alerter,
    /// What the inbox watcher did with each file, to say in the hint bar (its thread
    /// writes the events; the poll shows them like anyone's commit).
    inbox_news: Option<Receiver<String>>,
    _inbox_watch: Option<super::inbox::WatchHandle>,
    /// The record file the board opened (device, inode): a file put in its place
    /// later is not the record this board reads and writes (review D12).
    opened: Option<(u64, u64)>,
    /// The evaluation kept between refreshes: only the children the record or the
    /// clock changed are evaluated again (procedures::engine::working_set).
    working: WorkingSet,
    /// The board kept between refreshes (views::board_update), and the last one shown
    /// when it was given back.
    keeper: Keeper,
    given_back: Option<(Board, Vec<ChildChoice>)>,
}

/// What the screens are drawn from at one instant.
pub struct Scoped<'a> {
    pub state: &'a State,
    /// What the working set keeps: the live scope, and every instance of the
    /// children of the episodes asked for in detail.
    pub evaluation: &'a Evaluation,
    pub board: Board,
    /// The record's children in name order (what the forms choose from).
    pub children: Vec<ChildChoice>,
    /// The next instant at which an instance opens, falls due or escalates.
    pub next_change: Option<DateTime<Utc>>,
    /// The events of the episodes asked for in detail, by place in the fold (empty
    /// for a first frame, which goes without timelines).
    pub timeline: &'a HashMap<usize, Event>,
}

impl Live {
    /// Reads the record up to `now`.
    pub fn open(desk: &Desk, now: DateTime<Utc>) -> Result<Live, DeskError> {
        let mut live = Live {
            record: Follower::open(&desk.store, now)?,
            horizon: now,
            ahead: Vec::new(),
            clock: now,
            alerter: Alerter::silent(),
            inbox_news: None,
            _inbox_watch: None,
            opened: file_identity(desk.store.path()),
            working: WorkingSet::new(),
            keeper: Keeper::new(),
            given_back: None,
        };
        live.take_in_ahead(desk, now)?;
        Ok(live)
    }

    /// Folds the events the follower holds back as dated after the clock, moving the
    /// horizon to the latest, and keeps who dated them for the banner.
    fn take_in_ahead(&mut self, desk: &Desk, now: DateTime<Utc>) -> Result<(), DeskError> {
        if now < self.clock {
            // A clock turned back: events folded long ago may be ahead of it again.
            self.ahead.clear();
            desk.store
                .visit_between(now, Some(self.horizon), &mut |s| {
                    self.ahead.push((s.event.at, s.event.by));
                })?;
        }
        self.clock = now;
        self.ahead.retain(|(at, _)| *at > now);
        let held = self.record.ahead();
        if let Some(last) = held.last() {
            self.horizon = self.horizon.max(last.event.at);
            self.ahead
                .extend(held.iter().map(|s| (s.event.at, s.event.by.clone())));
            self.record.catch_up(&desk.store, self.horizon)?;
        }
        Ok(())
    }

    /// The record folded up to the clock.
    pub fn state(&self) -> &State {
        &self.record.state
    }

    /// Why what the board shows may no longer be the record (review D12), if it may
    /// not: the file at the record's path was replaced, moved or overwritten, or the
    /// record cannot be read. Asked once a second; a save is refused while it holds.
    pub fn trouble(&self, desk: &Desk) -> Option<String> {
        if desk.store.on_server() {
            // A server is not a file to be replaced under the board: a lost link has
            // its own banner, and it reconnects.
            return None;
        }
        let path = desk.store.path();
        let shown = crate::render::terminal::one_line(&path.display().to_string()).into_owned();
        let now = file_identity(path);
        if now.is_none() {
            return Some(format!(
                "the record {shown} was moved or removed while this board was open: this is the record as it was, and nothing can be saved; quit and open the board again"
            ));
        }
        if now != self.opened {
            return Some(format!(
                "the record {shown} was replaced while this board was open: this is the old record, and nothing can be saved; quit and open the board again"
            ));
        }
        let mut header = [0u8; 16];
        let read = std::fs::File::open(path)
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header));
        if read.is_err() || &header != b"SQLite format 3\0" {
            return Some(format!(
                "the record {shown} was overwritten and is not a dutyboard record any more: this is the record as it was, and nothing can be saved; restore it from a backup"
            ));
        }
        self.record
            .changed(&desk.store)
            .err()
            .map(|e| format!("the record cannot be read ({e}): this is the record as it was"))
    }

    /// Whether anyone (another board, `import`, a script, the inbox) committed since
    /// the last read: a cheap query, asked four times a second.
    pub fn changed(&self, desk: &Desk) -> bool {
        self.record.changed(&desk.store).unwrap_or(false)
    }

    /// Reads what the record gained since the last read if `reread` (only the events
    /// stored since: the log is append-only), and folds those the clock has reached.
    pub fn read(&mut self, desk: &Desk, now: DateTime<Utc>, reread: bool) -> Result<(), DeskError> {
        self.horizon = self.horizon.max(now);
        if reread {
            self.record.read_new(&desk.store, self.horizon)?;
        } else {
            self.record.catch_up(&desk.store, self.horizon)?;
        }
        self.take_in_ahead(desk, now)
    }

    /// The screens' data at `now`. The board needs only what is live; the detail
    /// pane every instance of its episode, and its timeline: those are made for the
    /// episodes of `detailed` only (the one selected), not for every row (issue 15).
    /// Their children are evaluated in full in the same pass as the live scope of the
    /// rest (child by child, as one-per-child rules need). The timeline events of
    /// those episodes are read from the log, and the others' let go. Without
    /// `detail` (a first frame), the board alone: the same board, sooner.
    pub fn scoped(
        &mut self,
        desk: &Desk,
        now: DateTime<Utc>,
        detailed: &[&str],
        detail: bool,
    ) -> Result<Scoped<'_>, DeskError> {
        let Desk {
            store,
            governs,
            calendar,
            ..
        } = desk;
        let calendar = &*governs.calendar_at(calendar, now);
        let policy = governs;
        let touched = self.record.take_touched();
        if touched.all {
            self.working.touch_all();
        }
        for child in &touched.children {
            self.working.touch(child);
        }
        let detailed: &[&str] = if detail { detailed } else { &[] };
        let Follower {
            state, timeline, ..
        } = &mut self.record;
        let full = children_of(state, detailed);
        self.working.evaluate(state, policy, calendar, now, &full);
        let changed = self.working.take_changed();
        let kept = self.working.evaluation();
        if detail {
            let wanted = places_of(state, detailed);
            timeline.retain(|place, _| wanted.binary_search(place).is_ok());
            read_places(store, timeline, wanted)?;
        }
        // The board uses open and upcoming instances only: the same in either scope.
        // Only the rows of the children evaluated again are built again.
        let names: Vec<&str> = governs
            .authorities
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        let (previous, children) = match self.given_back.take() {
            Some((board, children)) => (Some(board), Some(children)),
            None => (None, None),
        };
        // The children given back are the last board's, or made again in full.
        let last = previous.as_ref().is_some_and(|b| self.keeper.is_last(b));
        let children =
            crate::views::detail::choices(state, children.filter(|_| last), changed.as_ref());
        let mut board = (self.keeper)
            .board(state, kept, now, previous, changed.as_ref())
            .with_authorities(&names);
        board.clock_skew = crate::record::clock::ClockSkew::of(
            self.ahead.iter().map(|(at, by)| (*at, by.as_str())),
            now,
        )
        .map(|s| s.banner());
        let next_change = crate::views::detail::next_change(kept, now);
        Ok(Scoped {
            state,
            evaluation: kept,
            board,
            children,
            next_change,
            timeline: if detail { timeline } else { empty() },
        })
    }

    /// The board last shown and its children's list, given back when they are
    /// replaced: the next are made from them (only what changed is built again)
    /// rather than from nothing.
    pub fn give_back(&mut self, board: Board, children: Vec<ChildChoice>) {
        self.given_back = Some((board, children));
    }

    /// The board and children given back and not used (a refresh that failed).
    pub fn take_back(&mut self) -> Option<(Board, Vec<ChildChoice>)> {
        self.given_back.take()
    }

    /// How many children the last refresh evaluated, and how many episodes it built
    /// board rows for (for benches and tests).
    pub fn last_work(&self) -> (usize, usize) {
        (self.working.last_evaluated, self.keeper.last_built)
    }

    /// Adds to `snapshot` the detail panes of `episodes` it lacks (the selection moved
    /// to a row built without one), as they stood at the snapshot's instant: their
    /// children evaluated in full, their timelines read from the log.
    pub fn add_details(
        &mut self,
        desk: &Desk,
        snapshot: &mut Snapshot,
        episodes: &[&str],
    ) -> Result<(), DeskError> {
        let missing: Vec<&str> = episodes
            .iter()
            .copied()
            .filter(|e| snapshot.detail(e).is_none())
            .collect();
        if missing.is_empty() || !missing.iter().any(|e| snapshot.on_board(e)) {
            return Ok(());
        }
        let now = snapshot.now;
        let Desk {
            store,
            governs,
            calendar,
            ..
        } = desk;
        let calendar = &*governs.calendar_at(calendar, now);
        let Follower {
            state, timeline, ..
        } = &mut self.record;
        let full = children_of(state, &missing);
        let kept = self.working.evaluate(state, governs, calendar, now, &full);
        read_places(store, timeline, places_of(state, &missing))?;
        snapshot.add_details(state, kept, &|p| timeline.get(&p), governs, &missing);
        Ok(())
    }

    /// The shift handover over the last 12 hours: the folded record, and the events of
    /// those hours read from the log (the rest is not held).
    pub fn handover(
        &self,
        desk: &Desk,
        now: DateTime<Utc>,
        privacy: bool,
    ) -> Result<handover::Handover, DeskError> {
        // Every instance: a breach in those hours counts though it was dealt with since.
        let evaluation = self.everything(desk, now);
        let since = handover::shift_start(now);
        let mut recent = Vec::new();
        desk.store
            .visit_between(since, Some(now), &mut |s| recent.push(s.event))?;
        let mut report = handover::build(
            &recent,
            &self.record.state,
            &evaluation,
            since,
            now,
            now,
            privacy,
        );
        report.policy = Some(desk.policy.name.clone());
        report.authorities = crate::views::authorities_in_force(&desk.governs, now);
        Ok(report)
    }

    /// The statistics pane's figures, from every instance (the weeks' missed deadlines
    /// count though they were dealt with since), as `report stats` computes them.
    pub fn stats(&self, desk: &Desk, now: DateTime<Utc>) -> stats::Overview {
        let evaluation = self.everything(desk, now);
        stats::overview(&self.record.state, &evaluation, now, stats::PANE_WEEKS)
    }

    fn everything(&self, desk: &Desk, now: DateTime<Utc>) -> Evaluation {
        evaluate_scoped(
            &self.record.state,
            &desk.governs,
            &desk.governs.calendar_at(&desk.calendar, now),
            now,
            Scope::All,
        )
    }

    /// The breaches on `board`'s ticker that are new this session (or alert again
    /// after their acknowledgement lapsed), and the actions newly due within the hour
    /// (and alerts them).
    pub fn alerts(&mut self, board: &Board) -> Vec<Alert> {
        let mut fresh = self.alerter.observe(&board.ticker);
        fresh.extend(self.alerter.observe_due_soon(&board.due_soon));
        fresh
    }

    /// Watches the police notification inbox while the board runs: files dropped in
    /// are recorded (by the watcher's own connection) and show at the next poll; a
    /// rejected file, or an inbox that cannot be read, is news for the hint bar.
    pub fn watch_inbox(&mut self, desk: &Desk, inbox: &Path) -> Result<(), String> {
        let (tx, rx) = std::sync::mpsc::channel();
        let settings = super::inbox::Settings::new(desk.operator.clone());
        let own = desk.beside().map_err(|e| e.to_string())?;
        let handle = super::inbox::watch(
            inbox,
            own,
            settings,
            Box::new(move |result| {
                let lines = match result {
                    Ok(reports) => reports
                        .iter()
                        .filter(|r| matches!(r.outcome, super::inbox::Outcome::Rejected { .. }))
                        .map(|r| format!("Police notification file {}", r.line()))
                        .collect(),
                    Err(e) => vec![format!("The inbox could not be read: {e}")],
                };
                for line in lines {
                    let _ = tx.send(line);
                }
            }),
        )
        .map_err(|e| e.to_string())?;
        self._inbox_watch = Some(handle);
        self.inbox_news = Some(rx);
        Ok(())
    }

    /// The latest news from the inbox watcher since the last ask, if any.
    pub fn inbox_news(&mut self) -> Option<String> {
        self.inbox_news.as_ref()?.try_iter().last()
    }
}

/// The children of `episodes` (those in the record).
fn children_of<'s>(state: &'s State, episodes: &[&str]) -> rustc_hash::FxHashSet<&'s str> {
    episodes
        .iter()
        .filter_map(|e| state.episode(e))
        .map(|e| e.child.as_str())
        .collect()
}

/// The places in the fold of the events of `episodes`, in order.
fn places_of(state: &State, episodes: &[&str]) -> Vec<usize> {
    let mut places: Vec<usize> = episodes
        .iter()
        .filter_map(|e| state.episode(e))
        .flat_map(|e| e.events.iter().copied())
        .collect();
    places.sort_unstable();
    places.dedup();
    places
}

/// Reads into `timeline` the events at `places` it does not hold yet.
fn read_places(
    store: &crate::record::Store,
    timeline: &mut HashMap<usize, Event>,
    places: Vec<usize>,
) -> Result<(), DeskError> {
    let missing: Vec<usize> = places
        .into_iter()
        .filter(|p| !timeline.contains_key(p))
        .collect();
    if !missing.is_empty() {
        store.visit_places(&missing, &mut |place, stored| {
            timeline.insert(place, stored.event);
        })?;
    }
    Ok(())
}

/// The timeline of a first frame: none.
fn empty() -> &'static HashMap<usize, Event> {
    static EMPTY: std::sync::OnceLock<HashMap<usize, Event>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(HashMap::new)
}

/// A file's device and inode, if it is there (the record's path followed).
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::Config;
    use crate::record::{EventKind, NewEvent};

    /// The live desk follows what is recorded, with no terminal: an update recorded
    /// through the desk is seen as a change, read, and shown on its episode's timeline.
    #[test]
    fn an_update_recorded_through_the_desk_reaches_the_episode_timeline() {
        let now: DateTime<Utc> = "2026-03-02T09:00:00Z".parse().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        let (name, _) = crate::procedures::policy::SHIPPED[0];
        let policy = crate::procedures::Policy::shipped(name).unwrap();
        let lines = crate::demo::caseload_for(now, &policy);
        let store = Desk::create(&path, &policy, now).unwrap();
        let config = Config {
            db: Some(path),
            operator: Some("A. Officer".into()),
            ..Config::default()
        };
        let mut desk = Desk::over(store, policy, &config).unwrap();
        desk.import(lines.as_bytes(), "demo", now).unwrap();

        let mut live = Live::open(&desk, now).unwrap();
        let episode = {
            let scoped = live.scoped(&desk, now, &[], true).unwrap();
            scoped
                .board
                .rows
                .first()
                .expect("the demo has children missing")
                .episode
                .clone()
        };
        assert!(!live.changed(&desk), "nothing recorded since it opened");

        let update = NewEvent::new(
            now,
            EventKind::UpdateRecorded {
                episode: episode.clone(),
                text: "Seen at the station".into(),
            },
        );
        let recorded = desk.record("A. Officer", vec![update], now).unwrap();
        assert_eq!(recorded.len(), 1);
        assert_eq!(recorded[0].by, "A. Officer");

        assert!(live.changed(&desk));
        live.read(&desk, now, true).unwrap();
        let scoped = live.scoped(&desk, now, &[episode.as_str()], true).unwrap();
        let on_timeline = scoped.timeline.values().any(|e| {
            e.id == recorded[0].id
                && matches!(&e.kind, EventKind::UpdateRecorded { text, .. } if text == "Seen at the station")
        });
        assert!(on_timeline, "the update is on {episode}'s timeline");
    }
}
