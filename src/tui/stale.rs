//! A form the record moved under (issue 17, review B10): the form says what moved
//! (`forms::moved`), and saving then takes a second Ctrl+S, or is refused at once if
//! the record's check would now refuse it anyway.

use super::Controller;
use crate::record::import::ImportError;
use crate::record::NewEvent;
use chrono::{DateTime, Utc};

impl Controller {
    /// Whether the open form must not be saved yet because the record moved under
    /// it: the first Ctrl+S after the move says so (or shows the check's refusal if
    /// the record would now refuse it), the second goes on. The board first reads
    /// whatever another desk stored since the last poll, so the warning is never
    /// a quarter-second late.
    pub(super) fn stale_holds(&mut self, events: &[NewEvent], now: DateTime<Utc>) -> bool {
        if self.live.changed(&self.desk) {
            self.reload(now, true);
        }
        let Some(form) = self.app.form.as_ref() else {
            return true;
        };
        let Some(said) = form.moved(&self.app.snapshot) else {
            return false;
        };
        if form.stale_seen.as_deref() == Some(said.as_str()) {
            return false;
        }
        let checked = self.desk.check(&self.app.operator, events.to_vec(), now);
        let Some(form) = self.app.form.as_mut() else {
            return true;
        };
        form.stale_seen = Some(said);
        match checked {
            Ok(()) => {}
            Err(ImportError::Refused(refusals)) => {
                super::correcting::show_refusals(form, refusals, now)
            }
            Err(ImportError::Store(e)) => form.add_problem(None, format!("not checked: {e}")),
        }
        self.app.dirty = true;
        true
    }
}
