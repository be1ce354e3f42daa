//! Children and episodes as the events say they stand: a fold over the log.
//!
//! Nothing here is stored; it is rebuilt from the events each time. The same fold
//! checks a batch before import (with a policy to check against), so the rules a
//! stored record obeys and the rules an import is held to cannot drift apart.

use super::event::{
    ChildDetails, Event, EventKind, FieldError, NotificationDetails, PoliceInfo, Screened,
    TriageEvent,
};
use super::vocab::{Category, Decision, Flag, Rag, Risk, Status};
use crate::calendar::age_on;
use crate::calendar::time::rfc;
use crate::procedures::Policy;
use chrono::{DateTime, NaiveDate, Utc};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Child {
    pub reference: String,
    pub name: String,
    pub dob: NaiveDate,
    pub status: Status,
    pub flags: Vec<Flag>,
    /// When each current flag was recorded (for rules that open "when the condition
    /// first holds").
    #[serde(with = "flag_times")]
    pub flags_since: Vec<(Flag, DateTime<Utc>)>,
    /// When the current status was recorded.
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub status_since: DateTime<Utc>,
    pub authority: Option<String>,
    pub allocated_worker: Option<String>,
    pub placement: Option<String>,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub registered_at: DateTime<Utc>,
    /// Indices into [`State::episodes`], in the order they were reported.
    pub episodes: Vec<usize>,
}

impl Child {
    pub fn has_flag(&self, flag: Flag) -> bool {
        self.flags.contains(&flag)
    }

    /// When a current flag was recorded.
    pub fn flag_since(&self, flag: Flag) -> Option<DateTime<Utc>> {
        self.flags_since
            .iter()
            .find(|(f, _)| *f == flag)
            .map(|(_, t)| *t)
    }

    /// "J.S." for "Jade Smith": what privacy mode shows.
    pub fn initials(&self) -> String {
        initials(&self.name)
    }
}

pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
        .flat_map(|c| c.to_uppercase())
        .map(|c| format!("{c}."))
        .collect()
}

/// How an action was dealt with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resolution {
    Completed,
    Waived { reason: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionRecord {
    #[serde(deserialize_with = "interned::deserialize")]
    pub rule: Arc<str>,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub at: DateTime<Utc>,
    #[serde(deserialize_with = "interned::deserialize")]
    pub by: Arc<str>,
    pub resolution: Resolution,
    pub note: Option<String>,
}

/// Rule ids and officers' names recur on tens of thousands of actions recorded over
/// years: each distinct one is held once (a long record's fold is otherwise megabytes
/// of copies of the same few words), whether folded from events or read from a
/// snapshot.
pub mod interned {
    use rustc_hash::FxHashSet;
    use std::cell::RefCell;
    use std::sync::Arc;

    thread_local! {
        static POOL: RefCell<FxHashSet<Arc<str>>> = RefCell::new(FxHashSet::default());
    }

    /// The one shared copy of `text`.
    pub fn intern(text: &str) -> Arc<str> {
        POOL.with(|pool| {
            let mut pool = pool.borrow_mut();
            if let Some(shared) = pool.get(text) {
                return shared.clone();
            }
            let shared: Arc<str> = Arc::from(text);
            pool.insert(shared.clone());
            shared
        })
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        Ok(intern(&text))
    }
}

/// An officer has seen a breached deadline: the ticker names them and alerts stop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Acknowledgement {
    pub rule: String,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub at: DateTime<Utc>,
    pub by: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Return {
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub at: DateTime<Utc>,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub found_report_at: DateTime<Utc>,
    pub location_found: Option<String>,
    pub injured: bool,
    pub victim_of_crime: bool,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskGrading {
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub at: DateTime<Utc>,
    pub risk: Risk,
    pub by: String,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Episode {
    pub reference: String,
    pub child: String,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub reported_at: DateTime<Utc>,
    pub reported_by: String,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub last_seen_at: DateTime<Utc>,
    pub category: Category,
    pub risk: Risk,
    pub gradings: Vec<RiskGrading>,
    pub police_ref: Option<String>,
    /// When the police were known to be told (the report itself, if it carried a reference).
    #[serde(with = "chrono::serde::ts_microseconds_option")]
    pub police_informed_at: Option<DateTime<Utc>>,
    /// None until something the police need is recorded: most episodes of a long
    /// record have nothing here, and an empty box per episode is megabytes.
    pub info: Option<Box<PoliceInfo>>,
    #[serde(with = "micros_list")]
    pub updates: Vec<DateTime<Utc>>,
    pub actions: Vec<ActionRecord>,
    pub returned: Option<Return>,
    #[serde(with = "micros_list")]
    pub rhi_attempts: Vec<DateTime<Utc>>,
    #[serde(with = "chrono::serde::ts_microseconds_option")]
    pub rhi_declined_at: Option<DateTime<Utc>>,
    pub linked: BTreeSet<String>,
    pub lead_officer: Option<String>,
    pub acknowledgements: Vec<Acknowledgement>,
    /// Indices into the folded event slice: this episode's timeline.
    pub events: Vec<usize>,
}

impl Episode {
    /// The acknowledgement of a breach of `rule` whose deadline was `due_at`: the
    /// latest made after that deadline passed (an earlier one was of an earlier breach).
    pub fn acknowledgement(&self, rule: &str, due_at: DateTime<Utc>) -> Option<&Acknowledgement> {
        self.acknowledgements
            .iter()
            .rev()
            .find(|a| a.rule == rule && a.at >= due_at)
    }

    pub fn is_missing_at(&self, t: DateTime<Utc>) -> bool {
        self.returned.as_ref().is_none_or(|r| r.at > t)
    }

    pub fn is_open(&self) -> bool {
        self.returned.is_none()
    }
}

/// The record folded: every child and episode as of the last event applied.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    pub children: HashMap<String, Child>,
    pub episodes: Vec<Episode>,
    pub episode_index: HashMap<String, usize>,
    /// Links named before the episode they point to existed (checked at the end).
    pending_links: Vec<(usize, String)>,
    /// Police notifications the MASH has received, in the order received.
    pub notifications: Vec<Notification>,
    pub notification_index: HashMap<String, usize>,
    /// RAG ratings and MASH decisions recorded against episodes (not notifications).
    pub episode_screening: HashMap<String, Screening>,
}

/// Where a police notification stands in MASH triage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotificationStatus {
    Pending,
    Accepted {
        child: String,
        episode: String,
        at: DateTime<Utc>,
        by: String,
    },
    Dismissed {
        reason: String,
        at: DateTime<Utc>,
        by: String,
    },
}

impl NotificationStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            NotificationStatus::Pending => "pending",
            NotificationStatus::Accepted { .. } => "accepted",
            NotificationStatus::Dismissed { .. } => "dismissed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RagRating {
    pub rag: Rag,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MashDecision {
    pub decision: Decision,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
    pub by: String,
}

/// The latest RAG rating and MASH decision (earlier ones stay in the log).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Screening {
    pub rag: Option<RagRating>,
    pub decision: Option<MashDecision>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: String,
    pub details: NotificationDetails,
    /// The id of the `notification_received` event.
    pub event: String,
    pub received_at: DateTime<Utc>,
    pub received_by: String,
    pub status: NotificationStatus,
    pub screening: Screening,
}

impl State {
    pub fn episode(&self, reference: &str) -> Option<&Episode> {
        self.episode_index
            .get(reference)
            .map(|&i| &self.episodes[i])
    }

    pub fn child_of(&self, episode: &Episode) -> &Child {
        &self.children[&episode.child]
    }

    pub fn notification(&self, id: &str) -> Option<&Notification> {
        self.notification_index
            .get(id)
            .map(|&i| &self.notifications[i])
    }

    /// Folds events already in time order, applying each without checks
    /// (a stored record was checked when it was imported).
    pub fn fold(events: &[Event]) -> State {
        let mut state = State::default();
        for (i, event) in events.iter().enumerate() {
            let _ = state.apply(i, event, None);
        }
        state
    }

    /// Applies one event. With a policy, the event is first checked against the record
    /// as it stands and the policy; a refused event changes nothing.
    pub fn apply(
        &mut self,
        index: usize,
        event: &Event,
        policy: Option<&Policy>,
    ) -> Result<(), FieldError> {
        let checking = policy.is_some();
        let at = event.at;
        match &event.kind {
            EventKind::ChildRegistered { child, details } => {
                if checking && self.children.contains_key(child) {
                    return Err(FieldError::field(
                        "child",
                        format!("child `{child}` is already registered"),
                    ));
                }
                let (Some(name), Some(dob), Some(status)) =
                    (&details.name, details.dob, details.status)
                else {
                    return Err(FieldError::general(
                        "child_registered needs name, dob and status",
                    ));
                };
                if checking {
                    check_dob(dob, at)?;
                }
                self.children.insert(
                    child.clone(),
                    Child {
                        reference: child.clone(),
                        name: name.clone(),
                        dob,
                        status,
                        flags: details.flags.clone().unwrap_or_default(),
                        flags_since: details.flags.iter().flatten().map(|f| (*f, at)).collect(),
                        status_since: at,
                        authority: details.authority.clone(),
                        allocated_worker: details.allocated_worker.clone(),
                        placement: details.placement.clone(),
                        registered_at: at,
                        episodes: Vec::new(),
                    },
                );
            }
            EventKind::ChildUpdated { child, details } => {
                let Some(record) = self.children.get_mut(child) else {
                    return Err(unknown_child(child));
                };
                if checking {
                    if let Some(dob) = details.dob {
                        check_dob(dob, at)?;
                    }
                }
                apply_child_details(record, details, at);
            }
            EventKind::EpisodeReported {
                episode,
                child,
                last_seen_at,
                category,
                risk,
                police_ref,
                missing_with,
                info,
            } => {
                if self.episode_index.contains_key(episode) {
                    return Err(FieldError::field(
                        "episode",
                        format!("episode `{episode}` is already reported"),
                    ));
                }
                let Some(record) = self.children.get(child) else {
                    return Err(unknown_child(child));
                };
                if let Some(p) = policy {
                    if *last_seen_at > at {
                        return Err(FieldError::field(
                            "last_seen_at",
                            format!("{} is after the report ({}): a child is last seen before being reported missing", rfc(*last_seen_at), rfc(at)),
                        ));
                    }
                    if let Some(open) = record
                        .episodes
                        .iter()
                        .map(|&i| &self.episodes[i])
                        .find(|e| e.is_open())
                    {
                        return Err(FieldError::field(
                            "child",
                            format!("child `{child}` already has an open episode `{}`: record its return first", open.reference),
                        ));
                    }
                    p.check_category(*category)
                        .map_err(|r| FieldError::field("category", r))?;
                    p.check_grading(*risk, age_on(record.dob, at))
                        .map_err(|r| FieldError::field("risk", r))?;
                }
                let i = self.episodes.len();
                for other in missing_with {
                    self.pending_links.push((i, other.clone()));
                }
                self.episodes.push(Episode {
                    reference: episode.clone(),
                    child: child.clone(),
                    reported_at: at,
                    reported_by: event.by.clone(),
                    last_seen_at: *last_seen_at,
                    category: *category,
                    risk: *risk,
                    gradings: vec![RiskGrading {
                        at,
                        risk: *risk,
                        by: event.by.clone(),
                        reason: None,
                    }],
                    police_ref: police_ref.clone(),
                    police_informed_at: police_ref.as_ref().map(|_| at),
                    info: (!info.is_empty()).then(|| info.clone()),
                    updates: Vec::new(),
                    actions: Vec::new(),
                    returned: None,
                    rhi_attempts: Vec::new(),
                    rhi_declined_at: None,
                    linked: BTreeSet::new(),
                    lead_officer: None,
                    acknowledgements: Vec::new(),
                    events: vec![index],
                });
                self.episode_index.insert(episode.clone(), i);
                self.children
                    .get_mut(child)
                    .expect("checked above")
                    .episodes
                    .push(i);
            }
            EventKind::Triage(triage) => {
                if checking {
                    self.check_triage(event, triage)?;
                }
                self.apply_triage(index, event, triage);
            }
            other => {
                let reference = event.episode().expect("every other event names an episode");
                let Some(&i) = self.episode_index.get(reference) else {
                    return Err(FieldError::field(
                        "episode",
                        format!(
                            "episode `{reference}` is not reported by {}: report it first (an event about an episode cannot be dated before its report)",
                            rfc(at)
                        ),
                    ));
                };
                if let Some(p) = policy {
                    self.check_episode_event(i, event, p)?;
                }
                self.apply_episode_event(i, index, event, other);
            }
        }
        Ok(())
    }

    fn check_episode_event(
        &self,
        i: usize,
        event: &Event,
        policy: &Policy,
    ) -> Result<(), FieldError> {
        let episode = &self.episodes[i];
        let child = &self.children[&episode.child];
        let at = event.at;
        match &event.kind {
            EventKind::RiskChanged { risk, .. } => {
                policy
                    .check_grading(*risk, age_on(child.dob, episode.reported_at))
                    .map_err(|r| FieldError::field("risk", r))?;
            }
            EventKind::ActionCompleted { rule, .. }
            | EventKind::ActionWaived { rule, .. }
            | EventKind::BreachAcknowledged { rule, .. }
                if !policy.knows_rule(rule) =>
            {
                return Err(FieldError::field(
                    "rule",
                    format!(
                        "`{rule}` is not a rule of the {} policy; its rules: {}",
                        policy.name,
                        policy.rule_ids().join(", ")
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
                            format!("the found report ({}) cannot reach us before the return itself ({})", rfc(*found), rfc(at)),
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
                    if let Some(needed) = policy.rhi_decline_min_attempts() {
                        let made = episode.rhi_attempts.len() as u32;
                        if made < needed {
                            return Err(FieldError::field(
                                "type",
                                format!(
                                    "under the {} policy an RHI can be recorded as declined only after more than {} unsuccessful contact attempts; {} recorded",
                                    policy.name,
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
                    if !self.episode_index.contains_key(other) {
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

    fn apply_episode_event(&mut self, i: usize, index: usize, event: &Event, kind: &EventKind) {
        let at = event.at;
        let episode = &mut self.episodes[i];
        episode.events.push(index);
        match kind {
            EventKind::DetailsAdded { info, .. } => episode
                .info
                .get_or_insert_with(Box::default)
                .fill_from(info),
            EventKind::PoliceInformed { police_ref, .. } => {
                if episode.police_ref.is_none() {
                    episode.police_ref = Some(police_ref.clone());
                }
                if episode.police_informed_at.is_none() {
                    episode.police_informed_at = Some(at);
                }
            }
            EventKind::RiskChanged { risk, reason, .. } => {
                episode.risk = *risk;
                episode.gradings.push(RiskGrading {
                    at,
                    risk: *risk,
                    by: event.by.clone(),
                    reason: reason.clone(),
                });
            }
            EventKind::UpdateRecorded { .. } => episode.updates.push(at),
            EventKind::ActionCompleted { rule, .. } => episode.actions.push(ActionRecord {
                rule: interned::intern(rule),
                at,
                by: interned::intern(&event.by),
                resolution: Resolution::Completed,
                note: event.note.clone(),
            }),
            EventKind::ActionWaived { rule, reason, .. } => episode.actions.push(ActionRecord {
                rule: interned::intern(rule),
                at,
                by: interned::intern(&event.by),
                resolution: Resolution::Waived {
                    reason: reason.clone(),
                },
                note: event.note.clone(),
            }),
            EventKind::ChildReturned {
                found_report_at,
                location_found,
                injured,
                victim_of_crime,
                ..
            } => {
                if episode.returned.is_none() {
                    episode.returned = Some(Return {
                        at,
                        found_report_at: found_report_at.unwrap_or(at),
                        location_found: location_found.clone(),
                        injured: injured.unwrap_or(false),
                        victim_of_crime: victim_of_crime.unwrap_or(false),
                        by: event.by.clone(),
                    });
                }
            }
            EventKind::RhiAttempt { .. } => episode.rhi_attempts.push(at),
            EventKind::RhiDeclined { .. } => {
                if episode.rhi_declined_at.is_none() {
                    episode.rhi_declined_at = Some(at);
                }
            }
            EventKind::EpisodesLinked {
                with, lead_officer, ..
            } => {
                if lead_officer.is_some() {
                    episode.lead_officer = lead_officer.clone();
                }
                for other in with.clone() {
                    self.link(i, &other);
                }
            }
            EventKind::BreachAcknowledged { rule, .. } => {
                episode.acknowledgements.push(Acknowledgement {
                    rule: rule.clone(),
                    at,
                    by: event.by.clone(),
                    note: event.note.clone(),
                })
            }
            EventKind::ChildRegistered { .. }
            | EventKind::ChildUpdated { .. }
            | EventKind::EpisodeReported { .. }
            | EventKind::Triage(_) => {}
        }
    }

    /// Refuses a triage event the record does not allow: a notification received
    /// twice, or settled twice; a notification, child or episode that is not there.
    fn check_triage(&self, event: &Event, triage: &TriageEvent) -> Result<(), FieldError> {
        let known = |id: &str| {
            self.notification(id).ok_or_else(|| {
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
            self.episode(reference).ok_or_else(|| {
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
                if let Some(n) = self.notification(notification) {
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
                if !self.children.contains_key(child) {
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
            TriageEvent::Rated { target, .. } | TriageEvent::Decided { target, .. } => match target
            {
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
    fn apply_triage(&mut self, index: usize, event: &Event, triage: &TriageEvent) {
        let (at, by) = (event.at, event.by.clone());
        match triage {
            TriageEvent::Received {
                notification,
                details,
            } => {
                if self.notification_index.contains_key(notification) {
                    return;
                }
                self.notification_index
                    .insert(notification.clone(), self.notifications.len());
                self.notifications.push(Notification {
                    id: notification.clone(),
                    details: (**details).clone(),
                    event: event.id.clone(),
                    received_at: at,
                    received_by: by,
                    status: NotificationStatus::Pending,
                    screening: Screening::default(),
                });
            }
            TriageEvent::Accepted {
                notification,
                child,
                episode,
            } => {
                if let Some(&i) = self.episode_index.get(episode) {
                    self.episodes[i].events.push(index);
                }
                if let Some(n) = self.notification_mut(notification) {
                    n.status = NotificationStatus::Accepted {
                        child: child.clone(),
                        episode: episode.clone(),
                        at,
                        by,
                    };
                }
            }
            TriageEvent::Dismissed {
                notification,
                reason,
            } => {
                if let Some(n) = self.notification_mut(notification) {
                    n.status = NotificationStatus::Dismissed {
                        reason: reason.clone(),
                        at,
                        by,
                    };
                }
            }
            TriageEvent::Rated {
                target,
                rag,
                reason,
            } => {
                let rating = RagRating {
                    rag: *rag,
                    reason: reason.clone(),
                    at,
                    by,
                };
                if let Some(s) = self.screening_mut(target, index) {
                    s.rag = Some(rating);
                }
            }
            TriageEvent::Decided { target, decision } => {
                let decided = MashDecision {
                    decision: *decision,
                    note: event.note.clone(),
                    at,
                    by,
                };
                if let Some(s) = self.screening_mut(target, index) {
                    s.decision = Some(decided);
                }
            }
        }
    }

    fn notification_mut(&mut self, id: &str) -> Option<&mut Notification> {
        let i = *self.notification_index.get(id)?;
        Some(&mut self.notifications[i])
    }

    /// Where a rating or decision is kept; an episode's also joins its timeline.
    fn screening_mut(&mut self, target: &Screened, index: usize) -> Option<&mut Screening> {
        match target {
            Screened::Notification(id) => self.notification_mut(id).map(|n| &mut n.screening),
            Screened::Episode(reference) => {
                let &i = self.episode_index.get(reference)?;
                self.episodes[i].events.push(index);
                Some(self.episode_screening.entry(reference.clone()).or_default())
            }
        }
    }

    fn link(&mut self, i: usize, other: &str) {
        if let Some(&j) = self.episode_index.get(other) {
            if i != j {
                let a = self.episodes[i].reference.clone();
                self.episodes[i].linked.insert(other.to_string());
                self.episodes[j].linked.insert(a);
            }
        }
    }

    /// Resolves the `missing_with` links once every event is in; with checks on,
    /// a link to an episode that never appears is refused.
    pub fn finish(&mut self, checking: bool) -> Result<(), (usize, FieldError)> {
        let pending = std::mem::take(&mut self.pending_links);
        for (i, other) in pending {
            if !self.episode_index.contains_key(&other) {
                if checking {
                    let first_event = self.episodes[i].events[0];
                    return Err((
                        first_event,
                        FieldError::field(
                            "missing_with",
                            format!("episode `{other}` does not exist"),
                        ),
                    ));
                }
                continue;
            }
            self.link(i, &other);
        }
        Ok(())
    }
}

fn apply_child_details(record: &mut Child, details: &ChildDetails, at: DateTime<Utc>) {
    if let Some(name) = &details.name {
        record.name = name.clone();
    }
    if let Some(dob) = details.dob {
        record.dob = dob;
    }
    if let Some(status) = details.status {
        if status != record.status {
            record.status_since = at;
        }
        record.status = status;
    }
    if let Some(flags) = &details.flags {
        // A flag kept keeps its time; a flag added is dated now; a flag removed goes.
        let mut since: Vec<(Flag, DateTime<Utc>)> = Vec::with_capacity(flags.len());
        for flag in flags {
            let kept = record
                .flags_since
                .iter()
                .find(|(f, _)| f == flag)
                .map(|(_, t)| *t);
            since.push((*flag, kept.unwrap_or(at)));
        }
        record.flags_since = since;
        record.flags = flags.clone();
    }
    if details.authority.is_some() {
        record.authority = details.authority.clone();
    }
    if details.allocated_worker.is_some() {
        record.allocated_worker = details.allocated_worker.clone();
    }
    if details.placement.is_some() {
        record.placement = details.placement.clone();
    }
}

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

/// Lists of instants as microseconds, for compact snapshots.
mod micros_list {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(list: &[DateTime<Utc>], s: S) -> Result<S::Ok, S::Error> {
        list.iter()
            .map(|t| t.timestamp_micros())
            .collect::<Vec<i64>>()
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<DateTime<Utc>>, D::Error> {
        let micros = Vec::<i64>::deserialize(d)?;
        micros
            .into_iter()
            .map(|m| {
                DateTime::from_timestamp_micros(m)
                    .ok_or_else(|| serde::de::Error::custom("instant out of range"))
            })
            .collect()
    }
}

/// Flags with the instants they were recorded, as microseconds.
mod flag_times {
    use crate::record::vocab::Flag;
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(
        list: &[(Flag, DateTime<Utc>)],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        list.iter()
            .map(|(f, t)| (*f, t.timestamp_micros()))
            .collect::<Vec<_>>()
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<(Flag, DateTime<Utc>)>, D::Error> {
        Vec::<(Flag, i64)>::deserialize(d)?
            .into_iter()
            .map(|(f, m)| {
                DateTime::from_timestamp_micros(m)
                    .map(|t| (f, t))
                    .ok_or_else(|| serde::de::Error::custom("instant out of range"))
            })
            .collect()
    }
}
