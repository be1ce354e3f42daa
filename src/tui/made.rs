//! The screens' snapshot as the live board makes it: the board brought up to date
//! and the detail pane of the episode selected only (issue 15), with the others made
//! when they are selected or asked for.

use super::Controller;
use crate::desk::DeskError;
use crate::views::detail::{EpisodeDetail, Snapshot};
use chrono::{DateTime, Utc};

impl Controller {
    /// The screens' snapshot at `now`, from the live desk's scoped evaluation; with
    /// `detail`, the detail pane of the episode selected (a first frame goes without:
    /// the board is the same). Other rows get theirs when selected
    /// ([`Controller::ensure_detail`]).
    pub(super) fn snapshot(
        &mut self,
        now: DateTime<Utc>,
        detail: bool,
    ) -> Result<Snapshot, DeskError> {
        let wanted = self.wanted();
        let wanted: Vec<&str> = wanted.iter().map(String::as_str).collect();
        // The board on screen (and the children's list) is brought up to date, not
        // built again.
        let board = std::mem::take(&mut self.app.snapshot.board);
        let children = std::mem::take(&mut self.app.snapshot.children);
        self.live.give_back(board, children);
        let scoped = match self.live.scoped(&self.desk, now, &wanted, detail) {
            Ok(scoped) => scoped,
            Err(e) => {
                // The board stays on screen as it was.
                if let Some((board, children)) = self.live.take_back() {
                    self.app.snapshot.board = board;
                    self.app.snapshot.children = children;
                }
                return Err(e);
            }
        };
        let timeline = scoped.timeline;
        let mut snapshot = Snapshot::of_board(
            scoped.state,
            scoped.board,
            scoped.children,
            scoped.next_change,
            now,
        );
        if detail {
            snapshot.add_details(
                scoped.state,
                scoped.evaluation,
                &|p| timeline.get(&p),
                &self.desk.governs,
                &wanted,
            );
        }
        Ok(snapshot)
    }

    /// How many children the last refresh evaluated, and how many episodes it built
    /// board rows for (for benches and tests).
    pub fn last_work(&self) -> (usize, usize) {
        self.live.last_work()
    }

    /// The episodes whose detail the screens need: the one selected.
    fn wanted(&self) -> Vec<String> {
        self.app.selected.iter().cloned().collect()
    }

    /// Makes the detail pane of the episode selected if the snapshot lacks it (the
    /// selection moved, or its row went and the next was selected). A first frame
    /// waits for [`Controller::complete`].
    pub fn ensure_detail(&mut self) {
        if self.partial {
            return;
        }
        let wanted = self.wanted();
        let wanted: Vec<&str> = wanted.iter().map(String::as_str).collect();
        if let Err(e) = self
            .live
            .add_details(&self.desk, &mut self.app.snapshot, &wanted)
        {
            self.app
                .say(format!("The record could not be read: {e}"), true);
        }
    }

    /// The detail pane of `episode` on the board as the snapshot stands, made if it
    /// was not (the screens make only the selected one's).
    pub fn detail(&mut self, episode: &str) -> Option<EpisodeDetail> {
        if let Err(e) = self
            .live
            .add_details(&self.desk, &mut self.app.snapshot, &[episode])
        {
            self.app
                .say(format!("The record could not be read: {e}"), true);
        }
        self.app.snapshot.detail(episode).cloned()
    }
}
