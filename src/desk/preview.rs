//! What a correction will change, asked before it is saved: the record as stored,
//! and the same with the new events, handed to the pure comparison
//! ([`crate::views::preview`]).

use super::{Desk, DeskError};
use crate::record::import::new_event_id;
use crate::record::{Event, EventLog, NewEvent};
use crate::views::preview::{deadline_changes, DeadlineChange};
use chrono::{DateTime, Utc};

impl Desk {
    /// The deadlines `events` (by `by`) would change at `now`, soonest first; nothing
    /// is stored. Every stored event is read (those dated after the clock too, as the
    /// board shows them).
    pub fn preview(
        &self,
        by: &str,
        events: &[NewEvent],
        now: DateTime<Utc>,
    ) -> Result<Vec<DeadlineChange>, DeskError> {
        let mut stored: Vec<Event> = Vec::new();
        self.store.visit(None, &mut |s| stored.push(s.event))?;
        let batch: Vec<Event> = events
            .iter()
            .map(|e| e.clone().recorded(new_event_id(), by))
            .collect();
        let calendar = self.governs.calendar_at(&self.calendar, now);
        Ok(deadline_changes(
            &stored,
            &batch,
            &self.governs,
            &calendar,
            now,
        ))
    }
}
