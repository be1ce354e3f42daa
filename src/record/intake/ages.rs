//! The checks on a date of birth.

use crate::calendar::time::rfc;
use crate::record::event::FieldError;
use chrono::{DateTime, NaiveDate, Utc};

/// Applies a triage event; one the record cannot place changes nothing.
pub(super) fn check_dob(dob: NaiveDate, at: DateTime<Utc>) -> Result<(), FieldError> {
    if dob > crate::calendar::local_date(at) {
        return Err(FieldError::field(
            "dob",
            format!(
                "{dob} is after the event itself ({}): a date of birth cannot be in the future",
                rfc(at)
            ),
        ));
    }
    Ok(())
}
