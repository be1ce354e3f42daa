//! Every reason an event is refused against the record as it stands and the
//! policy, in one place: the "handle" half of handle and apply (the fold,
//! [`super::fold`], is the other). Checks that need only the event itself (types,
//! names, formats) come earlier, in [`super::json`]; a whole batch is checked in
//! [`super::import`].

use super::entities::NotificationStatus;
use super::event::{Event, EventKind, FieldError, Screened, TriageEvent};
use super::fold::State;
use super::vocab::{Category, Risk};
use crate::calendar::age_on;
use crate::calendar::time::rfc;
use chrono::{DateTime, NaiveDate, Utc};

/// What the checks need of the procedure the record is kept under: five facts,
/// so the record knows nothing else of policies (`procedures::Policy` implements it).
pub trait Rules {
    /// The policy's name, as refusals give it.
    fn name(&self) -> &str;
    /// Whether `rule` is one of the policy's rule ids.
    fn knows_rule(&self, rule: &str) -> bool;
    /// Every rule id, for the refusal of one it does not know.
    fn rule_ids(&self) -> Vec<&str>;
    /// Refuses a category the policy does not use, saying why.
    fn check_category(&self, category: Category) -> Result<(), String>;
    /// Refuses a risk grade the policy forbids at this age, saying why.
    fn check_grading(&self, risk: Risk, age: u32) -> Result<(), String>;
    /// How many RHI attempts must be recorded before a decline, if the policy says.
    fn rhi_decline_min_attempts(&self) -> Option<u32>;
}

/// Whether `event` may be recorded on the record as `state` holds it, under
/// `rules`: `Ok` if [`State::apply`] may apply it, else the field at fault and why.
pub fn admit(state: &State, event: &Event, rules: &dyn Rules) -> Result<(), FieldError> {
    let at = event.at;
    match &event.kind {
        EventKind::ChildRegistered { child, details } => {
            if state.children.contains_key(child) {
                return Err(FieldError::field(
                    "child",
                    format!("child `{child}` is already registered"),
                ));
            }
            let (Some(_), Some(dob), Some(_)) = (&details.name, details.dob, details.status) else {
                return Err(FieldError::general(
                    "child_registered needs name, dob and status",
                ));
            };
            check_dob(dob, at)
        }
        EventKind::ChildUpdated { child, details } => {
            if !state.children.contains_key(child) {
                return Err(unknown_child(child));
            }
            match details.dob {
                Some(dob) => check_dob(dob, at),
                None => Ok(()),
            }
        }
        EventKind::EpisodeReported {
            episode,
            child,
            last_seen_at,
            category,
            risk,
            ..
        } => {
            if state.episode_index.contains_key(episode) {
                return Err(FieldError::field(
                    "episode",
                    format!("episode `{episode}` is already reported"),
                ));
            }
            let Some(record) = state.children.get(child) else {
                return Err(unknown_child(child));
            };
            if *last_seen_at > at {
                return Err(FieldError::field(
                    "last_seen_at",
                    format!("{} is after the report ({}): a child is last seen before being reported missing", rfc(*last_seen_at), rfc(at)),
                ));
            }
            if let Some(open) = record
                .episodes
                .iter()
                .map(|&i| &state.episodes[i])
                .find(|e| e.is_open())
            {
                return Err(FieldError::field(
                    "child",
                    format!(
                        "child `{child}` already has an open episode `{}`: record its return first",
                        open.reference
                    ),
                ));
            }
            rules
                .check_category(*category)
                .map_err(|r| FieldError::field("category", r))?;
            rules
                .check_grading(*risk, age_on(record.dob, at))
                .map_err(|r| FieldError::field("risk", r))
        }
        EventKind::Triage(triage) => check_triage(state, event, triage),
        _ => {
            let reference = event.episode().expect("every other event names an episode");
            let Some(&i) = state.episode_index.get(reference) else {
                return Err(FieldError::field(
                    "episode",
                    format!(
                        "episode `{reference}` is not reported by {}: report it first (an event about an episode cannot be dated before its report)",
                        rfc(at)
                    ),
                ));
            };
            check_episode_event(state, i, event, rules)
        }
    }
}

/// The first `missing_with` link of the fold that names an episode never reported:
/// the place in the fold of the episode's report, and the refusal.
pub fn check_links(state: &State) -> Result<(), (usize, FieldError)> {
    for (i, other) in &state.pending_links {
        if !state.episode_index.contains_key(other) {
            return Err((
                state.episodes[*i].events[0],
                FieldError::field("missing_with", format!("episode `{other}` does not exist")),
            ));
        }
    }
    Ok(())
}

fn check_episode_event(
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
                .check_grading(*risk, age_on(child.dob, episode.reported_at))
                .map_err(|r| FieldError::field("risk", r))?;
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
        _ => {}
    }
    Ok(())
}

fn check_triage(state: &State, event: &Event, triage: &TriageEvent) -> Result<(), FieldError> {
    let known = |id: &str| {
        state.notification(id).ok_or_else(|| {
            FieldError::field(
                "notification",
                format!(
                    "notification `{id}` has not been received by {}",
                    rfc(event.at)
                ),
            )
        })
    };
    let pending = |id: &str| {
        let n = known(id)?;
        match &n.status {
            NotificationStatus::Pending => Ok(n),
            NotificationStatus::Accepted {
                episode, at, by, ..
            } => Err(FieldError::field(
                "notification",
                format!(
                    "notification `{id}` was already accepted as episode `{episode}` by {by} at {}",
                    rfc(*at)
                ),
            )),
            NotificationStatus::Dismissed { at, by, .. } => Err(FieldError::field(
                "notification",
                format!(
                    "notification `{id}` was already dismissed by {by} at {}",
                    rfc(*at)
                ),
            )),
        }
    };
    let episode_known = |reference: &str| {
        state.episode(reference).ok_or_else(|| {
            FieldError::field(
                "episode",
                format!(
                    "episode `{reference}` is not reported by {}: report it first",
                    rfc(event.at)
                ),
            )
        })
    };
    match triage {
        TriageEvent::Received { notification, .. } => {
            if let Some(n) = state.notification(notification) {
                return Err(FieldError::field(
                    "notification",
                    format!(
                        "notification `{notification}` was already received at {} (event `{}`)",
                        rfc(n.received_at),
                        n.event
                    ),
                ));
            }
        }
        TriageEvent::Accepted {
            notification,
            child,
            episode,
        } => {
            pending(notification)?;
            if !state.children.contains_key(child) {
                return Err(unknown_child(child));
            }
            let ep = episode_known(episode)?;
            if &ep.child != child {
                return Err(FieldError::field(
                    "episode",
                    format!(
                        "episode `{episode}` is of child `{}`, not `{child}`",
                        ep.child
                    ),
                ));
            }
        }
        TriageEvent::Dismissed { notification, .. } => {
            pending(notification)?;
        }
        TriageEvent::Rated { target, .. } | TriageEvent::Decided { target, .. } => match target {
            Screened::Notification(id) => {
                known(id)?;
            }
            Screened::Episode(reference) => {
                episode_known(reference)?;
            }
        },
    }
    Ok(())
}

/// Applies a triage event; one the record cannot place changes nothing.
fn check_dob(dob: NaiveDate, at: DateTime<Utc>) -> Result<(), FieldError> {
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

fn unknown_child(child: &str) -> FieldError {
    FieldError::field(
        "child",
        format!("child `{child}` is not registered (register the child first)"),
    )
}
