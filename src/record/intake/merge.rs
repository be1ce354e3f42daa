//! The checks on a merge of two children and on a void.

use super::episode::overlaps;
use super::grades::check_stored_grades;
use super::unknown_child;
use super::Rules;
use crate::record::event::FieldError;
use crate::record::fold::State;
use crate::record::EventType;

/// A merge names two children on the record, not the same one; the result must be a
/// valid record: no two episodes of the one child open at once, and no grade of the
/// duplicate's episodes forbidden at the age `into`'s dob gives.
pub(super) fn check_merge(
    state: &State,
    duplicate: &str,
    into: &str,
    rules: &dyn Rules,
) -> Result<(), FieldError> {
    let (dup_ref, into_ref) = (state.child_ref(duplicate), state.child_ref(into));
    let Some(dup) = state.children.get(dup_ref) else {
        return Err(FieldError::field("child", unknown_child(duplicate).reason));
    };
    let Some(kept) = state.children.get(into_ref) else {
        return Err(FieldError::field("into", unknown_child(into).reason));
    };
    if dup_ref == into_ref {
        return Err(FieldError::field(
            "into",
            format!("`{duplicate}` and `{into}` are already one child"),
        ));
    }
    for &i in &dup.episodes {
        let e = &state.episodes[i];
        check_stored_grades(rules, e, kept.dob).map_err(|why| {
            FieldError::field(
                "into",
                format!(
                    "merging `{duplicate}` into `{into}` reads `{into}`'s date of birth ({}) for every episode, and then {why}",
                    kept.dob
                ),
            )
        })?;
        let span = (e.reported_at, e.returned.as_ref().map(|r| r.at));
        if let Some(o) = kept
            .episodes
            .iter()
            .map(|&j| &state.episodes[j])
            .find(|o| overlaps(span, o))
        {
            return Err(FieldError::field(
                "child",
                format!(
                    "merging `{duplicate}` into `{into}` would leave two episodes open at once (`{}` and `{}`): void the duplicate's copy in the same batch, or record a return first",
                    e.reference, o.reference
                ),
            ));
        }
    }
    Ok(())
}

/// What a void may name: a stored (or earlier in the batch) event, not itself a void,
/// not voided already. `target` is the type of the event the id names, if any does.
pub fn check_void(
    id: &str,
    target: Option<EventType>,
    already_voided: bool,
) -> Result<(), FieldError> {
    match target {
        None => Err(FieldError::field(
            "event",
            format!("no stored event has the id `{id}` (`dutyboard log` lists them)"),
        )),
        Some(EventType::EventVoided) => Err(FieldError::field(
            "event",
            format!("`{id}` is itself a void: a void cannot be voided"),
        )),
        Some(_) if already_voided => Err(FieldError::field(
            "event",
            format!("`{id}` is already voided"),
        )),
        Some(_) => Ok(()),
    }
}
