//! The record itself, event by event (`dutyboard log`): what was stored, when and by
//! whom, with the voids and corrections that later put each entry right. Nothing is
//! hidden: a voided entry is listed with the id of the void that struck it out.

use crate::record::{Event, EventKind, RawEvent, State, StoredEvent};
use serde::Serialize;
use std::collections::HashMap;

/// One stored event as `log` lists it (INTERFACE.md, "Every stored event has an id").
#[derive(Debug, Clone, Serialize)]
pub struct LogLine {
    pub seq: i64,
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub at: String,
    pub by: String,
    pub recorded_at: String,
    /// The event as stored.
    pub body: RawEvent,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub voided_by: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub corrected_by: Vec<String>,
}

/// Which events to list: all, one child's (its merged duplicates' included), or one episode's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Only {
    All,
    Child(String),
    Episode(String),
}

/// The log, oldest stored first. `state` is the record folded in full: it says which
/// child an episode belongs to (after merges).
pub fn build(stored: &[StoredEvent], state: &State, only: &Only) -> Vec<LogLine> {
    let mut voided_by: HashMap<&str, Vec<String>> = HashMap::new();
    let mut corrected_by: HashMap<&str, Vec<String>> = HashMap::new();
    let by_id: HashMap<&str, &Event> = stored
        .iter()
        .map(|s| (s.event.id.as_str(), &s.event))
        .collect();
    for s in stored {
        match &s.event.kind {
            EventKind::EventVoided { event, .. } => {
                voided_by.entry(event).or_default().push(s.event.id.clone())
            }
            EventKind::EpisodeCorrected { episode, .. }
            | EventKind::CategoryChanged { episode, .. } => {
                // Its correction belongs with the report it puts right.
                if let Some(report) = stored.iter().find(|r| {
                    matches!(&r.event.kind, EventKind::EpisodeReported { episode: e, .. } if e == episode)
                }) {
                    corrected_by
                        .entry(report.event.id.as_str())
                        .or_default()
                        .push(s.event.id.clone());
                }
            }
            _ => {}
        }
    }
    let wanted = |e: &Event| -> bool {
        let e = match &e.kind {
            EventKind::EventVoided { event, .. } => by_id.get(event.as_str()).copied().unwrap_or(e),
            _ => e,
        };
        match only {
            Only::All => true,
            Only::Episode(r) => e.episode() == Some(r.as_str()),
            Only::Child(c) => {
                let c = state.child_ref(c);
                let child = match &e.kind {
                    EventKind::ChildRegistered { child, .. }
                    | EventKind::ChildUpdated { child, .. }
                    | EventKind::EpisodeReported { child, .. } => Some(state.child_ref(child)),
                    EventKind::ChildrenMerged { child, into, .. } => {
                        return state.child_ref(child) == c || state.child_ref(into) == c
                    }
                    _ => e
                        .episode()
                        .and_then(|r| state.episode(r))
                        .map(|ep| ep.child.as_str()),
                };
                child == Some(c)
            }
        }
    };
    let mut lines: Vec<LogLine> = stored
        .iter()
        .filter(|s| wanted(&s.event))
        .map(|s| LogLine {
            seq: s.seq,
            id: s.event.id.clone(),
            kind: s.event.type_name(),
            at: crate::calendar::time::rfc(s.event.at),
            by: s.event.by.clone(),
            recorded_at: s.recorded_at.clone(),
            body: RawEvent::from(&s.event),
            voided_by: voided_by.remove(s.event.id.as_str()).unwrap_or_default(),
            corrected_by: corrected_by.remove(s.event.id.as_str()).unwrap_or_default(),
        })
        .collect();
    lines.sort_by_key(|l| l.seq);
    lines
}

/// One line of the text form: seq, when, type, id, by, and what struck it out or put it right.
pub fn text_line(l: &LogLine) -> String {
    let mut s = format!(
        "{:>6}  {}  {:<22} {:<24} by {}",
        l.seq, l.at, l.kind, l.id, l.by
    );
    if !l.voided_by.is_empty() {
        s.push_str(&format!("  [VOIDED by {}]", l.voided_by.join(", ")));
    }
    if !l.corrected_by.is_empty() {
        s.push_str(&format!("  [CORRECTED by {}]", l.corrected_by.join(", ")));
    }
    s
}
