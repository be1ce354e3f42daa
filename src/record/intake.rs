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

/// What the checks need of the procedure the record is kept under: six facts,
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
    /// Refuses a waiver of `rule` on this episode that the procedure does not allow,
    /// saying why (PROCEDURES.md, "Waivers"). Asked of new waivers only: a stored one
    /// stays in force whatever the policy says now (INTERFACE).
    fn check_waiver(
        &self,
        rule: &str,
        episode: &super::Episode,
        child: &super::Child,
    ) -> Result<(), String>;
}

/// As [`admit`], for an event not yet stored: also the checks that a stored event is
/// never held to again (a waiver the policy no longer allows stays in force, and
/// never blocks a later import: INTERFACE, "Corrections and changes").
pub fn admit_new(state: &State, event: &Event, rules: &dyn Rules) -> Result<(), FieldError> {
    admit(state, event, rules)?;
    if let EventKind::ActionWaived { episode, rule, .. } = &event.kind {
        if let Some(&i) = state.episode_index.get(episode) {
            let episode = &state.episodes[i];
            let child = &state.children[&episode.child];
            rules
                .check_waiver(rule, episode, child)
                .map_err(|r| FieldError::field("rule", r))?;
        }
    }
    Ok(())
}

/// Whether `event` may be recorded on the record as `state` holds it, under
/// `rules`: `Ok` if [`State::apply`] may apply it, else the field at fault and why.
pub fn admit(state: &State, event: &Event, rules: &dyn Rules) -> Result<(), FieldError> {
    let at = event.at;
    match &event.kind {
        EventKind::ChildRegistered { child, details } => {
            if state.children.contains_key(child) || state.merged.contains_key(child) {
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
            if !state.children.contains_key(state.child_ref(child)) {
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
            let Some(record) = state.children.get(state.child_ref(child)) else {
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
        // Whether the target exists and may be voided is a question about the whole
        // record and the batch ([`check_void`]); what the void leaves behind is checked
        // by folding the record again without its target.
        EventKind::EventVoided { .. } => Ok(()),
        EventKind::ChildrenMerged { child, into, .. } => check_merge(state, child, into),
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
        EventKind::EpisodeCorrected { correction, .. } => {
            if let Some(c) = correction.category {
                rules
                    .check_category(c)
                    .map_err(|r| FieldError::field("category", r))?;
            }
            let last_seen = correction.last_seen_at.unwrap_or(episode.last_seen_at);
            let reported = correction.reported_at.unwrap_or(episode.reported_at);
            check_episode_times(state, i, last_seen, reported)?;
            if correction.reported_at.is_some() {
                rules
                    .check_grading(episode.risk, age_on(child.dob, reported))
                    .map_err(|r| FieldError::field("risk", r))?;
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
            rules
                .check_grading(episode.risk, age_on(child.dob, at))
                .map_err(|r| {
                    FieldError::field(
                        "category",
                        format!(
                            "episode `{}` graded {} cannot become {}: {r}; regrade it first",
                            episode.reference,
                            episode.risk.as_str(),
                            category.as_str()
                        ),
                    )
                })?;
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
fn overlaps(span: (DateTime<Utc>, Option<DateTime<Utc>>), other: &super::Episode) -> bool {
    let other_end = other.returned.as_ref().map(|r| r.at);
    let starts_before_other_ends = other_end.is_none_or(|e| span.0 < e);
    let other_starts_before_end = span.1.is_none_or(|e| other.reported_at < e);
    starts_before_other_ends && other_starts_before_end
}

/// A merge names two children on the record, not the same one; the result must be a
/// valid record: no two episodes of the one child open at once.
fn check_merge(state: &State, duplicate: &str, into: &str) -> Result<(), FieldError> {
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
    target: Option<super::EventType>,
    already_voided: bool,
) -> Result<(), FieldError> {
    match target {
        None => Err(FieldError::field(
            "event",
            format!("no stored event has the id `{id}` (`dutyboard log` lists them)"),
        )),
        Some(super::EventType::EventVoided) => Err(FieldError::field(
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
