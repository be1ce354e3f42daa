//! Signing for the handover, and the idle prompt (issue 17, "Owned"): the operator
//! signs for what changed since they last signed in (`handover_acknowledged`, through
//! the one write path); a shared terminal left without a key for a set time asks who
//! is there.

use super::app::SignIn;
use super::Controller;
use crate::record::{EventKind, ImportError, NewEvent};
use chrono::{DateTime, Utc};

impl Controller {
    /// Records that the operator has read the handover.
    pub(super) fn sign_handover(&mut self, now: DateTime<Utc>) {
        let at = chrono::SubsecRound::trunc_subsecs(now, 0);
        let operator = self.app.operator.clone();
        let event = NewEvent::new(at, EventKind::HandoverAcknowledged);
        match self.desk.record(&operator, vec![event], now) {
            Ok(_) => {
                self.app.sign_in = None;
                self.reload(now, true);
                self.app
                    .say(format!("{operator} signed for the handover"), false);
            }
            Err(ImportError::Refused(refusals)) => {
                let why = refusals
                    .first()
                    .map_or(String::new(), |r| format!(": {}", r.error.reason));
                self.app.say(format!("Not signed{why}"), true);
            }
            Err(ImportError::Store(e)) => self.app.say(format!("Not signed: {e}"), true),
        }
    }

    /// After [`super::owned::idle_after`] without a key, the board asks who is there
    /// (the name in, the same operator carries on; another signs in).
    pub(super) fn ask_if_idle(&mut self, now: DateTime<Utc>) {
        if !self.app.shared_terminal || self.app.wallboard.is_some() || self.app.sign_in.is_some() {
            return;
        }
        let last = *self.app.last_key.get_or_insert(now);
        if now - last < super::owned::idle_after() {
            return;
        }
        let mut s = SignIn::new(false);
        s.idle = true;
        self.app.sign_in = Some(s);
        self.app.help = false;
        self.app.dirty = true;
    }
}
