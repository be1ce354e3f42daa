//! The live board brought up to date rather than built again (issue 15): a refresh
//! rebuilds the rows of the children the working set evaluated again, and moves the
//! others on with the clock (time missing, how long overdue, a returned row whose
//! actions are now long past going into the backlog). The result is exactly
//! [`super::board::build`] on the same evaluation (tests/procedures/working_set.rs).

use super::board::{self, Board, Section, BACKLOG_AFTER};
use crate::procedures::Evaluation;
use crate::record::{Episode, State};
use chrono::{DateTime, Utc};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// What a live desk keeps between boards.
#[derive(Debug, Default)]
pub struct Keeper {
    /// Each returned row's latest open deadline: once it is [`BACKLOG_AFTER`] past,
    /// the row goes into the backlog.
    latest: HashMap<String, DateTime<Utc>>,
    /// The board last built (a board given back that is not it is built afresh).
    generation: u64,
    /// How many episodes the last board built rows for (for benches and tests).
    pub last_built: usize,
}

impl Keeper {
    pub fn new() -> Keeper {
        Keeper::default()
    }

    /// Whether `board` is the last this keeper built.
    pub fn is_last(&self, board: &Board) -> bool {
        self.generation != 0 && board.generation == self.generation
    }

    /// The board at `now` from `evaluation`. `previous` is the board this keeper
    /// built last, given back, and `changed` the children evaluated again since (none:
    /// every child): only their rows are built again. Without either, the whole board.
    pub fn board(
        &mut self,
        state: &State,
        evaluation: &Evaluation,
        now: DateTime<Utc>,
        previous: Option<Board>,
        changed: Option<&HashSet<String>>,
    ) -> Board {
        let previous = previous.filter(|b| self.is_last(b) && b.now.is_some_and(|t| t <= now));
        self.generation += 1;
        let mut board = match (previous, changed) {
            (Some(previous), Some(changed)) => {
                self.update(state, evaluation, now, previous, changed)
            }
            _ => {
                self.latest.clear();
                let board = board::build_keeping(state, evaluation, now, false, &mut self.latest);
                self.last_built = board.rows.len();
                board
            }
        };
        board.generation = self.generation;
        board
    }

    fn update(
        &mut self,
        state: &State,
        evaluation: &Evaluation,
        now: DateTime<Utc>,
        previous: Board,
        changed: &HashSet<String>,
    ) -> Board {
        let Board {
            mut rows,
            mut ticker,
            ..
        } = previous;
        // The episodes of the children evaluated again, as the record has them now.
        let mut episodes: Vec<&Episode> = changed
            .iter()
            .filter_map(|c| state.children.get(c))
            .flat_map(|c| c.episodes.iter().map(|&i| &state.episodes[i]))
            .collect();
        episodes.sort_by_key(|e| state.episode_index.get(&e.reference).copied());
        let refs: HashSet<&str> = episodes.iter().map(|e| e.reference.as_str()).collect();
        // Their rows go (by the child they had too: a merge moves episodes).
        let mut gone: HashSet<String> = HashSet::default();
        rows.retain(|r| {
            let keep = !changed.contains(&r.child) && !refs.contains(r.episode.as_str());
            if !keep {
                gone.insert(r.episode.clone());
            }
            keep
        });
        // The rest move on with the clock.
        let cutoff = now - BACKLOG_AFTER;
        for r in rows.iter_mut() {
            if r.returned_at.is_none() {
                r.elapsed_s = (now - r.missing_since).num_seconds().max(0);
            }
            if r.section == Section::Returned
                && self.latest.get(&r.episode).is_some_and(|due| *due < cutoff)
            {
                // A backlog's breaches are counted on its rows, not shouted.
                r.section = Section::Backlog;
                gone.insert(r.episode.clone());
            }
        }
        ticker.retain(|t| !gone.contains(&t.episode));
        for t in ticker.iter_mut() {
            t.overdue_s = (now - t.due_at).num_seconds();
        }
        self.latest.retain(|e, _| !gone.contains(e));
        // The children evaluated again get their rows built.
        let by_episode = board::by_episode(
            (evaluation.instances.iter()).filter(|i| refs.contains(i.episode.as_str())),
        );
        let mut violations = board::violations_of(
            (evaluation.violations.iter()).filter(|v| refs.contains(v.episode.as_str())),
        );
        let before = rows.len();
        let mut out = board::Out {
            rows: &mut rows,
            ticker: &mut ticker,
            latest: &mut self.latest,
        };
        for episode in episodes {
            board::row_of(
                state,
                evaluation,
                episode,
                &by_episode,
                &mut violations,
                now,
                false,
                &mut out,
            );
        }
        self.last_built = rows.len() - before;
        board::finish(state, evaluation, rows, ticker, now)
    }
}
