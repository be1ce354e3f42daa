//! The checks on an event about one episode: grades, returns, RHIs, links, and the
//! corrections and changes of the episode itself.

use super::grades::{category_at, check_stored_grades};
use super::Rules;
use crate::calendar::age_on;
use crate::calendar::time::rfc;
use crate::record::event::{Event, EventKind, FieldError};
use crate::record::fold::State;
use chrono::{DateTime, Utc};

pub(super) fn check_episode_event(
    state: &State,
    i: usize,
    event: &Event,
    rules: &dyn Rules,
) -> Result<(), FieldError> {
    let episode = &state.episodes[i];
    let child = &state.children[&episode.child];
    let at = event.at;
    match &event.kind {
        EventKind::RiskChanged { risk, .. } => {
            rules
                .check_grading(
                    *risk,
                    age_on(child.dob, episode.reported_at),
                    category_at(episode, at),
                )
                .map_err(|r| {
                    FieldError::field("risk", format!("episode `{}`: {r}", episode.reference))
                })?;
        }
        EventKind::ActionCompleted { rule, .. }
        | EventKind::ActionWaived { rule, .. }
        | EventKind::BreachAcknowledged { rule, .. }
            if !rules.knows_rule(rule) =>
        {
            return Err(FieldError::field(
                "rule",
                format!(
                    "`{rule}` is not a rule of the {} policy; its rules: {}",
                    rules.name(),
                    rules.rule_ids().join(", ")
                ),
            ));
        }
        EventKind::BreachAcknowledged {
            until: Some(until), ..
        } if *until <= at => {
            return Err(FieldError::field(
                "until",
                format!(
                    "the acknowledgement would lapse ({}) before it is made ({})",
                    rfc(*until),
                    rfc(at)
                ),
            ));
        }
        EventKind::ChildReturned {
            found_report_at, ..
        } => {
            if let Some(r) = &episode.returned {
                return Err(FieldError::field(
                    "episode",
                    format!(
                        "episode `{}` already has a return recorded at {}",
                        episode.reference,
                        rfc(r.at)
                    ),
                ));
            }
            if at < episode.reported_at {
                return Err(FieldError::field(
                    "at",
                    format!(
                        "the return ({}) is before the report ({})",
                        rfc(at),
                        rfc(episode.reported_at)
                    ),
                ));
            }
            if let Some(found) = found_report_at {
                if *found < at {
                    return Err(FieldError::field(
                        "found_report_at",
                        format!(
                            "the found report ({}) cannot reach us before the return itself ({})",
                            rfc(*found),
                            rfc(at)
                        ),
                    ));
                }
            }
        }
        EventKind::RhiAttempt { .. } | EventKind::RhiDeclined { .. } => {
            match &episode.returned {
                Some(r) if r.at <= at => {}
                _ => {
                    return Err(FieldError::field(
                        "episode",
                        format!("episode `{}` has no return recorded before {}: a return home interview follows the return", episode.reference, rfc(at)),
                    ))
                }
            }
            if matches!(event.kind, EventKind::RhiDeclined { .. }) {
                if let Some(needed) = rules.rhi_decline_min_attempts() {
                    let made = episode.rhi_attempts.len() as u32;
                    if made < needed {
                        return Err(FieldError::field(
                            "type",
                            format!(
                                "under the {} policy an RHI can be recorded as declined only after more than {} unsuccessful contact attempts; {} recorded",
                                rules.name(),
                                needed - 1,
                                made
                            ),
                        ));
                    }
                }
            }
        }
        EventKind::EpisodesLinked { with, .. } => {
            for other in with {
                if !state.episode_index.contains_key(other) {
                    return Err(FieldError::field(
                        "with",
                        format!("episode `{other}` does not exist"),
                    ));
                }
                if other == &episode.reference {
                    return Err(FieldError::field(
                        "with",
                        "an episode cannot be linked to itself",
                    ));
                }
            }
        }
        EventKind::EpisodeCorrected { correction, .. } => {
            if let Some(c) = correction.category {
                rules
                    .check_category(c)
                    .map_err(|r| FieldError::field("category", r))?;
            }
            let last_seen = correction.last_seen_at.unwrap_or(episode.last_seen_at);
            let reported = correction.reported_at.unwrap_or(episode.reported_at);
            check_episode_times(state, i, last_seen, reported)?;
            if correction.reported_at.is_some() || correction.category.is_some() {
                // The episode as the fold will hold it once corrected: every grade it
                // holds is judged again at the corrected report and category.
                let mut corrected = episode.clone();
                corrected.reported_at = reported;
                if let Some(c) = correction.category {
                    corrected.category = c;
                }
                if let Some(first) = corrected.gradings.first_mut() {
                    if first.at == episode.reported_at {
                        first.at = reported;
                    }
                }
                check_stored_grades(rules, &corrected, child.dob)
                    .map_err(|r| FieldError::field("risk", format!("{r}; regrade it first")))?;
            }
        }
        EventKind::CategoryChanged {
            category,
            last_seen_at,
            ..
        } => {
            if let Some(r) = &episode.returned {
                return Err(FieldError::field(
                    "episode",
                    format!(
                        "episode `{}` ended with the return at {}: a change of category is for an episode still open (to put a wrong report right, use episode_corrected)",
                        episode.reference,
                        rfc(r.at)
                    ),
                ));
            }
            if *category == episode.category {
                return Err(FieldError::field(
                    "category",
                    format!(
                        "episode `{}` is already {}",
                        episode.reference,
                        category.as_str()
                    ),
                ));
            }
            rules
                .check_category(*category)
                .map_err(|r| FieldError::field("category", r))?;
            if let Some(seen) = last_seen_at {
                if *seen > at {
                    return Err(FieldError::field(
                        "last_seen_at",
                        format!(
                            "{} is after the change ({}): a child is last seen before the change is known",
                            rfc(*seen),
                            rfc(at)
                        ),
                    ));
                }
            }
            // The grade it holds at the change, and any regrade stored after it (a
            // backdated change), must suit the new category (age at the report).
            let age = age_on(child.dob, episode.reported_at);
            let held = episode
                .gradings
                .iter()
                .rposition(|g| g.at <= at)
                .unwrap_or(0);
            for grading in &episode.gradings[held..] {
                rules
                    .check_grading(grading.risk, age, *category)
                    .map_err(|r| {
                        FieldError::field(
                            "category",
                            format!(
                                "episode `{}` graded {} (since {}) cannot become {}: {r}; record a risk_changed to a grade the category allows at or before the change",
                                episode.reference,
                                grading.risk,
                                rfc(grading.at),
                                category.as_str()
                            ),
                        )
                    })?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The corrected times of episode `i` must still make a valid episode: last seen
/// before the report, both before its return, and not overlapping another episode of
/// the same child.
fn check_episode_times(
    state: &State,
    i: usize,
    last_seen: DateTime<Utc>,
    reported: DateTime<Utc>,
) -> Result<(), FieldError> {
    let episode = &state.episodes[i];
    let name = &episode.reference;
    if last_seen > reported {
        return Err(FieldError::field(
            "last_seen_at",
            format!(
                "episode `{name}`: last seen {} would be after the report ({})",
                rfc(last_seen),
                rfc(reported)
            ),
        ));
    }
    if let Some(r) = &episode.returned {
        for (field, t) in [("last_seen_at", last_seen), ("reported_at", reported)] {
            if t > r.at {
                return Err(FieldError::field(
                    field,
                    format!(
                        "episode `{name}`: {} would be after its return ({})",
                        rfc(t),
                        rfc(r.at)
                    ),
                ));
            }
        }
    }
    let end = episode.returned.as_ref().map(|r| r.at);
    for &j in &state.children[&episode.child].episodes {
        let other = &state.episodes[j];
        if j != i && overlaps((reported, end), other) {
            return Err(FieldError::field(
                "reported_at",
                format!(
                    "episode `{name}` would overlap episode `{}` of the same child",
                    other.reference
                ),
            ));
        }
    }
    Ok(())
}

/// Whether an episode open from `span.0` until `span.1` (still open if `None`)
/// overlaps `other`.
pub(super) fn overlaps(
    span: (DateTime<Utc>, Option<DateTime<Utc>>),
    other: &crate::record::Episode,
) -> bool {
    let other_end = other.returned.as_ref().map(|r| r.at);
    let starts_before_other_ends = other_end.is_none_or(|e| span.0 < e);
    let other_starts_before_end = span.1.is_none_or(|e| other.reported_at < e);
    starts_before_other_ends && other_starts_before_end
}
