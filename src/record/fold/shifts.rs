//! Shifts and the officers on them, as the fold keeps them (INTERFACE "Shifts and
//! acknowledgements"): each `shift_started`, and for each officer the last event they
//! recorded and the last handover they signed for. What they mean at a given `now`
//! (an acknowledgement lapsed, a breach escalated) is the views' (`views::shift`).

use super::super::entities::Shift;
use super::super::event::{Event, EventKind};
use super::State;
use chrono::{DateTime, Utc};

impl State {
    /// The shift in progress at `t`: the latest started at or before it.
    pub fn shift_at(&self, t: DateTime<Utc>) -> Option<&Shift> {
        self.shifts.iter().rev().find(|s| s.at <= t)
    }

    /// The shift before the one in progress at `t`.
    pub fn shift_before(&self, t: DateTime<Utc>) -> Option<&Shift> {
        self.shifts.iter().rev().filter(|s| s.at <= t).nth(1)
    }

    /// Every officer the record has seen, by name, in order.
    pub fn officer_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.officers.keys().map(String::as_str).collect();
        names.sort_unstable();
        names
    }

    /// Notes who recorded `event`, and a shift or a signed handover it records.
    pub(super) fn note_officer(&mut self, event: &Event) {
        let officer = match self.officers.get_mut(&event.by) {
            Some(o) => o,
            None => self.officers.entry(event.by.clone()).or_default(),
        };
        if officer.last_event_at.is_none_or(|t| t < event.at) {
            officer.last_event_at = Some(event.at);
        }
        match &event.kind {
            EventKind::HandoverAcknowledged if officer.signed_at.is_none_or(|t| t < event.at) => {
                officer.signed_at = Some(event.at);
            }
            EventKind::ShiftStarted { ends_at, manager } => {
                let shift = Shift {
                    id: event.id.clone(),
                    at: event.at,
                    ends_at: *ends_at,
                    manager: manager.clone(),
                    by: event.by.clone(),
                };
                // In time order (an event entered late folds afresh, but keep it so).
                let place = self.shifts.partition_point(|s| s.at <= shift.at);
                self.shifts.insert(place, shift);
            }
            _ => {}
        }
    }
}
