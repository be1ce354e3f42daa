//! `U`, carried out: the controller asks whether to undo the operator's last save
//! (what it was is [`super::forgiving::LastSave`]) and voids its batch through the
//! desk's one write path.

use super::forgiving::{cannot_undo, clock, Then, UNDONE};
use super::panes::confirm;
use super::Controller;
use crate::record::import::ImportError;
use crate::record::{EventKind, NewEvent};
use chrono::{DateTime, Utc};

impl Controller {
    /// `U`: asks whether to undo the operator's last save, or says in plain words
    /// why it cannot be undone.
    pub(super) fn offer_undo(&mut self, now: DateTime<Utc>) {
        if let Some(why) = cannot_undo(self.app.last_save.as_ref(), &self.app.operator, now) {
            self.app.say(why, true);
            return;
        }
        let Some(last) = &self.app.last_save else {
            return;
        };
        let question = format!(
            "Undo your save at {} ({})? y/n",
            clock(last.at, now),
            last.what
        );
        confirm::ask(&mut self.app, question, Then::Undo);
    }

    /// Voids every event of the last save, reason "undone", through the desk's one
    /// write path (its checks may refuse: a later event may rest on it).
    pub(super) fn undo(&mut self, now: DateTime<Utc>) {
        if let Some(why) = cannot_undo(self.app.last_save.as_ref(), &self.app.operator, now) {
            self.app.say(why, true);
            return;
        }
        let Some(last) = self.app.last_save.clone() else {
            return;
        };
        let at = chrono::SubsecRound::trunc_subsecs(now, 0);
        let voids = last
            .ids
            .iter()
            .rev()
            .map(|id| {
                NewEvent::new(
                    at,
                    EventKind::EventVoided {
                        event: id.clone(),
                        reason: UNDONE.to_string(),
                    },
                )
            })
            .collect();
        let operator = self.app.operator.clone();
        match self.desk.record(&operator, voids, now) {
            Ok(_) => {
                self.app.last_save = None;
                self.reload(now, true);
                self.app.say(format!("Undone: {}", last.what), false);
            }
            Err(ImportError::Refused(refusals)) => {
                let why = refusals
                    .first()
                    .map_or(String::new(), |r| format!(": {}", r.error.reason));
                self.app.say(format!("Not undone{why}"), true);
            }
            Err(ImportError::Store(e)) => self.app.say(format!("Not undone: {e}"), true),
        }
    }
}
