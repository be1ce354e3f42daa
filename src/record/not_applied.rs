//! Stored events the fold could not apply.
//!
//! Every event was checked when it was stored, so a stored event the fold cannot place
//! (a return naming an episode not yet reported, a second registration of one child)
//! means the record was written by a desk with a bug (issue 13 D1: a check and a store
//! that ordered one batch differently). The fold never drops such an event silently and
//! never stops on it either: it is kept here with the reason, shown on the board, in the
//! episode's timeline and by `verify`, and voiding it (or the event it conflicts with)
//! repairs the record.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One stored event the fold left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotApplied {
    /// Its place in the fold (the index the timeline uses).
    pub index: usize,
    pub id: String,
    pub event_type: String,
    pub at: DateTime<Utc>,
    /// The episode it names, if any, so the episode's timeline can show it.
    pub episode: Option<String>,
    pub reason: String,
}

impl NotApplied {
    /// The banner's words: "not applied: REASON".
    pub fn describe(&self) -> String {
        format!(
            "stored event `{}` ({}) not applied: {}",
            self.id, self.event_type, self.reason
        )
    }
}
