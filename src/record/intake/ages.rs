//! The checks on a date of birth (issue 12, "a realistic check on dates"): not after
//! the registration, not one that makes the young person 26 or older at the
//! registration or at any report (care leavers are served to 25), and, for a
//! correction, not one that makes a stored grade forbidden.

use super::grades::check_stored_grades;
use super::Rules;
use crate::calendar::age_on;
use crate::calendar::time::rfc;
use crate::record::event::FieldError;
use crate::record::fold::State;
use chrono::{DateTime, NaiveDate, Utc};

/// The age from which nobody is served: care leavers are served to 25 (002 "up to 25
/// years for ... care leavers"), so 26 at the registration or at a report is a mistake.
pub const AGE_NOT_SERVED: u32 = 26;

/// A date of birth as it stood at `at`, the registration: not after it, and not one
/// that makes the young person [`AGE_NOT_SERVED`] or older then.
pub(super) fn check_dob(dob: NaiveDate, at: DateTime<Utc>) -> Result<(), FieldError> {
    if dob > crate::calendar::local_date(at) {
        return Err(FieldError::field(
            "dob",
            format!(
                "{dob} is after the registration ({}): a date of birth cannot be in the future",
                rfc(at)
            ),
        ));
    }
    let age = age_on(dob, at);
    if age >= AGE_NOT_SERVED {
        return Err(too_old(dob, age, &format!("at {}", rfc(at))));
    }
    Ok(())
}

/// A `child_updated` of `dob` is a correction (PROCEDURES.md, Every policy, "Date of
/// birth"): the new dob is read as if it had always been so, at the registration and
/// at every report of the child, and every grade the child's episodes hold must still
/// be allowed at the age it gives.
pub(super) fn check_dob_correction(
    state: &State,
    child: &str,
    dob: NaiveDate,
    rules: &dyn Rules,
) -> Result<(), FieldError> {
    let record = &state.children[state.child_ref(child)];
    check_dob(dob, record.registered_at)?;
    for &i in &record.episodes {
        let episode = &state.episodes[i];
        let age = age_on(dob, episode.reported_at);
        if age >= AGE_NOT_SERVED {
            return Err(too_old(
                dob,
                age,
                &format!(
                    "at the report of episode `{}` ({})",
                    episode.reference,
                    rfc(episode.reported_at)
                ),
            ));
        }
        check_stored_grades(rules, episode, dob).map_err(|why| {
            FieldError::field(
                "dob",
                format!(
                    "the date of birth {dob} would make the child {age} at the report, and then {why}; regrade the episode first"
                ),
            )
        })?;
    }
    Ok(())
}

/// A report of a child whose recorded dob makes them [`AGE_NOT_SERVED`] or older at
/// the report: the dob (or the child) is wrong, since nobody that old is served.
pub(super) fn check_age_at_report(
    child: &str,
    dob: NaiveDate,
    at: DateTime<Utc>,
) -> Result<(), FieldError> {
    let age = age_on(dob, at);
    if age >= AGE_NOT_SERVED {
        return Err(FieldError::field(
            "child",
            format!(
                "child `{child}` (born {dob}) would be {age} at this report: nobody is served from {AGE_NOT_SERVED} (care leavers to 25); correct the date of birth first"
            ),
        ));
    }
    Ok(())
}

fn too_old(dob: NaiveDate, age: u32, when: &str) -> FieldError {
    FieldError::field(
        "dob",
        format!(
            "{dob} would make the young person {age} {when}: nobody is served from {AGE_NOT_SERVED} (care leavers to 25); check the year"
        ),
    )
}
