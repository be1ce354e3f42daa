//! What makes the board forgiving (issue 17): the one-line question before a save
//! that is hard to take back, before typed text is thrown away, and before an undo;
//! the drafts kept of forms closed unsaved; and what the last save was, for `U`.
//!
//! The state lives in [`super::app::App`]; the question's keys are the confirm
//! pane's (`panes/confirm.rs`); the controller asks and carries out the undo
//! (`undo.rs`).

pub use super::forms::confirm::clock;
use super::forms::{Form, FormKind};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;

/// How long after a save `U` can undo it.
pub const UNDO_WINDOW: Duration = Duration::minutes(15);

/// The reason every void of an undo carries (INTERFACE.md, "Corrections and changes").
pub const UNDONE: &str = "undone";

/// A one-line question waiting for y or n, and what y does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub question: String,
    pub then: Then,
    /// A correction's confirmation also shows what it will change, line by line
    /// (the deadlines before and after); `None` for a question alone.
    pub changes: Option<Changes>,
}

/// What a correction will change, shown above its question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Whom it is about ("Amy Smith (C12)").
    pub about: String,
    /// "Strategy meeting due 14:10 -> 09:30", soonest first.
    pub lines: Vec<String>,
}

/// What answering yes does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    /// Save the open form (n or Esc: back to it, everything kept).
    Save,
    /// Throw away what was typed into the open form (n: close it, kept as a draft;
    /// Esc: back to it).
    Discard,
    /// Void every event of the last save (n or Esc: nothing undone).
    Undo,
}

/// A draft is kept per form kind and what the form is about (an episode or a
/// police notification; nothing for a child reported missing).
pub type DraftKey = (FormKind, String);

/// The forms closed unsaved, with what was typed into them.
pub type Drafts = HashMap<DraftKey, Form>;

/// What this board last saved: by whom, when it was stored, the ids it was stored
/// under (the batch), and what it was, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastSave {
    pub by: String,
    pub at: DateTime<Utc>,
    pub ids: Vec<String>,
    pub what: String,
}

/// Why `U` cannot undo `last` now, in plain words; `None` when it can.
pub fn cannot_undo(last: Option<&LastSave>, operator: &str, now: DateTime<Utc>) -> Option<String> {
    let Some(last) = last else {
        return Some(
            "Nothing to undo: nothing has been saved on this board since it opened".into(),
        );
    };
    if last.by != operator {
        return Some(format!(
            "Nothing undone: the last save on this board ({} at {}) was {}'s, not yours; only {} can undo it",
            last.what,
            clock(last.at, now),
            last.by,
            last.by
        ));
    }
    if now - last.at > UNDO_WINDOW {
        return Some(format!(
            "Too late to undo your save at {} ({}): undo lasts 15 minutes; it stays in the record",
            clock(last.at, now),
            last.what
        ));
    }
    None
}
