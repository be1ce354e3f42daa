//! Every reason an event is refused against the record as it stands and the
//! policy, in one place: the "handle" half of handle and apply (the fold,
//! [`super::fold`], is the other). Checks that need only the event itself (types,
//! names, formats) come earlier, in [`super::json`]; a whole batch is checked in
//! [`super::import`].

mod ages;
mod episode;
mod grades;
mod merge;
mod triage;

pub use merge::check_void;

use super::event::{Event, EventKind, FieldError};
use super::fold::State;
use super::vocab::{Category, Risk};
use crate::calendar::age_on;
use crate::calendar::time::rfc;
use ages::{check_age_at_report, check_dob, check_dob_correction};
use episode::check_episode_event;
use merge::check_merge;
use triage::check_triage;

/// What the checks need of the procedure the record is kept under: six facts,
/// so the record knows nothing else of policies (`procedures::Policy` implements it).
pub trait Rules {
    /// The rules `event` is checked under on the record as `state` holds it: on a
    /// record of several authorities, the policy its episode follows.
    fn governing<'s>(&'s self, state: &State, event: &Event) -> &'s dyn Rules;
    /// The authorities the record has adopted (none said: one policy for every child).
    fn authorities(&self) -> Vec<&str> {
        Vec::new()
    }
    /// The policy's name, as refusals give it.
    fn name(&self) -> &str;
    /// Whether `rule` is one of the policy's rule ids.
    fn knows_rule(&self, rule: &str) -> bool;
    /// Every rule id, for the refusal of one it does not know.
    fn rule_ids(&self) -> Vec<&str>;
    /// Refuses a category the policy does not use, saying why.
    fn check_category(&self, category: Category) -> Result<(), String>;
    /// Refuses a risk grade the policy forbids at this age (at the report) on an
    /// episode of this category, saying why.
    fn check_grading(&self, risk: Risk, age: u32, category: Category) -> Result<(), String>;
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
    let rules = rules.governing(state, event);
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
    let rules = rules.governing(state, event);
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
                Some(dob) => check_dob_correction(state, child, dob, rules),
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
            check_age_at_report(child, record.dob, at)?;
            rules
                .check_category(*category)
                .map_err(|r| FieldError::field("category", r))?;
            rules
                .check_grading(*risk, age_on(record.dob, at), *category)
                .map_err(|r| FieldError::field("risk", format!("episode `{episode}`: {r}")))
        }
        EventKind::Triage(triage) => check_triage(state, event, triage),
        // Whether the target exists and may be voided is a question about the whole
        // record and the batch ([`check_void`]); what the void leaves behind is checked
        // by folding the record again without its target.
        EventKind::EventVoided { .. } => Ok(()),
        EventKind::ChildrenMerged { child, into, .. } => check_merge(state, child, into, rules),
        // The policy's text is checked (and filled in) by the desk, which reads policies.
        EventKind::PolicyAdopted(_) | EventKind::HandoverAcknowledged => Ok(()),
        EventKind::ShiftStarted { ends_at, .. } if *ends_at <= at => Err(FieldError::field(
            "ends_at",
            format!(
                "the shift would end ({}) before it starts ({})",
                rfc(*ends_at),
                rfc(at)
            ),
        )),
        EventKind::ShiftStarted { .. } => Ok(()),
        EventKind::CalendarLoaded {
            bank_holidays,
            removes,
        } => crate::calendar::Calendar::embedded()
            .loaded(bank_holidays, removes)
            .map(|_| ())
            .map_err(|e| FieldError::field("bank_holidays", e.to_string())),
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

pub(super) fn unknown_child(child: &str) -> FieldError {
    FieldError::field(
        "child",
        format!("child `{child}` is not registered (register the child first)"),
    )
}
