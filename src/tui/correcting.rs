//! A correction, carried out (issue 12): `E`, `C`, `X` and `M` build their events
//! like any form; before anything is saved the desk checks them exactly as it will
//! record them (a refusal is shown beside the field, in plain words), then works out
//! which deadlines they change, and the one confirmation shows them before and after
//! with a question naming the child. `y` saves through the desk's one write path.

use super::forgiving::{Changes, Then};
use super::forms::plain::plain;
use super::forms::{self, Form};
use super::panes::confirm;
use super::Controller;
use crate::record::import::{ImportError, Refusal};
use crate::record::NewEvent;
use crate::views::preview::DeadlineChange;
use chrono::{DateTime, Utc};

/// Shows the record's refusals beside the fields they name, in plain words (one
/// that names no field on the form above the fields, never with the event format's
/// name for it).
pub fn show_refusals(form: &mut Form, refusals: Vec<Refusal>, now: DateTime<Utc>) {
    for r in refusals {
        let visible = form.visible();
        let field = r
            .error
            .field
            .as_deref()
            .filter(|k| visible.iter().any(|&i| form.fields[i].key == *k));
        form.add_problem(field, plain(&r.error.reason, now));
    }
    form.focus_first_error();
}

/// The changes as the confirmation lists them; each names its episode when they
/// are of more than one (a merge).
pub fn change_lines(changes: &[DeadlineChange], now: DateTime<Utc>) -> Vec<String> {
    let mut episodes: Vec<&str> = changes.iter().map(|c| c.episode.as_str()).collect();
    episodes.sort_unstable();
    episodes.dedup();
    changes
        .iter()
        .map(|c| {
            if episodes.len() > 1 {
                format!("{}: {}", c.episode, c.line(now))
            } else {
                c.line(now)
            }
        })
        .collect()
}

impl Controller {
    /// Checks the open correction's `events` and asks, showing what they change.
    pub(super) fn confirm_correction(&mut self, events: Vec<NewEvent>, now: DateTime<Utc>) {
        let operator = self.app.operator.clone();
        let checked = self.desk.check(&operator, events.clone(), now);
        let Some(form) = self.app.form.as_mut() else {
            return;
        };
        match checked {
            Ok(()) => {}
            Err(ImportError::Refused(refusals)) => {
                show_refusals(form, refusals, now);
                self.app.dirty = true;
                return;
            }
            Err(ImportError::Store(e)) => {
                form.add_problem(None, format!("not checked: {e}"));
                self.app.dirty = true;
                return;
            }
        }
        let lines = match self.desk.preview(&operator, &events, now) {
            Ok(changes) => change_lines(&changes, now),
            Err(e) => vec![format!("The deadlines could not be worked out: {e}")],
        };
        let privacy = self.app.privacy;
        let Some(form) = self.app.form.as_ref() else {
            return;
        };
        let question = forms::confirm::question(form, &events, privacy, now)
            .unwrap_or_else(|| "Save this correction? y/n".into());
        let about = form
            .subject
            .as_ref()
            .map(|s| {
                format!(
                    "{} ({})",
                    self.app.subject_name(&s.name, &s.initials),
                    s.child
                )
            })
            .unwrap_or_default();
        confirm::ask_showing(
            &mut self.app,
            question,
            Changes { about, lines },
            Then::Save,
        );
    }
}
