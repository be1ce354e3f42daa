//! The fold: children, episodes and notifications as the events say they stand.
//!
//! Nothing here is stored; it is rebuilt from the events each time (or resumed from
//! the fold cache, [`super::fold_cache`]). [`State::apply`] only applies: it needs no
//! policy and refuses nothing. Whether an event may be recorded at all is decided
//! before, by [`super::intake::admit`]; an event the record cannot place (a stored
//! event naming an episode that is not there) changes nothing but is kept, with its
//! reason, in [`State::not_applied`] (never dropped silently).

use super::entities::interned;
use super::entities::{
    Acknowledgement, ActionRecord, CategoryChange, Child, Episode, MashDecision, Notification,
    NotificationStatus, Officer, RagRating, RefusedFile, Resolution, Return, RiskGrading,
    Screening, Shift,
};
use super::event::{Event, EventKind, Screened, TriageEvent};
use super::not_applied::NotApplied;
use child::apply_child_details;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

mod child;
mod shifts;

/// The record folded: every child and episode as of the last event applied.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    pub children: HashMap<String, Child>,
    pub episodes: Vec<Episode>,
    pub episode_index: HashMap<String, usize>,
    /// Links named before the episode they point to existed (checked at the end).
    pub(super) pending_links: Vec<(usize, String)>,
    /// Police notifications the MASH has received, in the order received.
    pub notifications: Vec<Notification>,
    pub notification_index: HashMap<String, usize>,
    /// RAG ratings and MASH decisions recorded against episodes (not notifications).
    pub episode_screening: HashMap<String, Screening>,
    /// Files the inbox refused, in the order refused (whichever desk scanned them).
    #[serde(default)]
    pub refused_files: Vec<RefusedFile>,
    /// Ids of events voided in the record being folded: set before the fold (see
    /// [`State::voiding`]), since a void undoes an event folded before it.
    pub voided: BTreeSet<String>,
    /// Duplicate registrations merged: the duplicate's reference to the child kept.
    pub merged: HashMap<String, String>,
    /// Stored events the fold could not place, in fold order, with the reason.
    pub not_applied: Vec<NotApplied>,
    /// The episode (its place) of each voided event that named one, so the void joins
    /// that episode's timeline beside the entry it struck out.
    pub(super) voided_in: HashMap<String, usize>,
    /// Every `shift_started`, in time order (record-wide, like an adoption).
    pub shifts: Vec<Shift>,
    /// Every officer an event names as its `by`: their last event, their last sign-in.
    pub officers: HashMap<String, Officer>,
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

    /// The child a reference names now: a merged duplicate names the child it was merged into.
    pub fn child_ref<'a>(&'a self, reference: &'a str) -> &'a str {
        let mut r = reference;
        while let Some(into) = self.merged.get(r) {
            r = into;
        }
        r
    }

    /// An empty state that will fold the record as if the `voided` events were never
    /// recorded (the targets of every `event_voided` the fold will see).
    pub fn voiding(voided: BTreeSet<String>) -> State {
        State {
            voided,
            ..State::default()
        }
    }

    /// Folds events already in time order (a stored record was checked when it was
    /// imported); [`State::finish`] then resolves the links.
    pub fn fold(events: &[Event]) -> State {
        let mut state = State::voiding(void_targets(events.iter()));
        for (i, event) in events.iter().enumerate() {
            state.apply(i, event);
        }
        state
    }

    /// Applies one event, the `index`-th of the fold (episodes keep their events'
    /// places: their timelines). An event the record cannot place changes nothing.
    pub fn apply(&mut self, index: usize, event: &Event) {
        if self.voided.contains(&event.id) {
            // Never happened, for every rule; but the entry stays in its episode's
            // timeline, struck through beside the void that says who and why.
            if let Some(&i) = event.episode().and_then(|e| self.episode_index.get(e)) {
                self.episodes[i].events.push(index);
                self.voided_in.insert(event.id.clone(), i);
            }
            return;
        }
        let at = event.at;
        self.note_officer(event);
        match &event.kind {
            EventKind::ChildRegistered { child, details } => {
                let (Some(name), Some(dob), Some(status)) =
                    (&details.name, details.dob, details.status)
                else {
                    return self.not_placed(
                        index,
                        event,
                        "the registration has no name, date of birth or status".into(),
                    );
                };
                if self.children.contains_key(child) {
                    return self.not_placed(
                        index,
                        event,
                        format!("child {child} is already registered"),
                    );
                }
                self.children.insert(
                    child.clone(),
                    Child {
                        reference: child.clone(),
                        name: name.clone(),
                        dob,
                        status,
                        flags: details.flags.clone().unwrap_or_default(),
                        status_history: vec![(at, status)],
                        flags_history: vec![(at, details.flags.clone().unwrap_or_default())],
                        authority: details.authority.clone(),
                        allocated_worker: details.allocated_worker.clone(),
                        placement: details.placement.clone(),
                        placing_authority: details.placing_authority.clone(),
                        registered_at: at,
                        episodes: Vec::new(),
                    },
                );
            }
            EventKind::ChildUpdated { child, details } => {
                let child = self.child_ref(child).to_string();
                match self.children.get_mut(&child) {
                    Some(record) => apply_child_details(record, details, at),
                    None => {
                        self.not_placed(index, event, format!("child {child} is not registered"))
                    }
                }
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
                    return self.not_placed(
                        index,
                        event,
                        format!("episode {episode} is already reported"),
                    );
                }
                let child = &self.child_ref(child).to_string();
                let Some(record) = self.children.get_mut(child) else {
                    return self.not_placed(
                        index,
                        event,
                        format!("child {child} is not registered"),
                    );
                };
                let i = self.episodes.len();
                record.episodes.push(i);
                let authority = record.authority.clone();
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
                    owner: event.by.clone(),
                    acknowledgements: Vec::new(),
                    events: vec![index],
                    changed: None,
                    authority,
                });
                self.episode_index.insert(episode.clone(), i);
            }
            EventKind::Triage(triage) => self.apply_triage(index, event, triage),
            // Its target was left out of the fold from the start (`voided`); the void
            // joins the target's episode timeline, if it has one.
            EventKind::EventVoided { event: target, .. } => {
                if let Some(&i) = self.voided_in.get(target) {
                    self.episodes[i].events.push(index);
                }
            }
            EventKind::ChildrenMerged { child, into, .. } => self.merge(child, into),
            // Adoptions and calendars are the evaluation's, not the fold's: they are
            // read from the whole record (record::adoption, procedures::governs).
            EventKind::PolicyAdopted(_) | EventKind::CalendarLoaded { .. } => {}
            // Shifts and sign-ins are the officers' ([`State::note_officer`]).
            EventKind::ShiftStarted { .. } | EventKind::HandoverAcknowledged => {}
            other => {
                let reference = event.episode().expect("every other event names an episode");
                match self.episode_index.get(reference) {
                    Some(&i) => self.apply_episode_event(i, index, event, other),
                    None => self.not_placed(
                        index,
                        event,
                        format!("episode {reference} is not reported before it"),
                    ),
                }
            }
        }
    }

    /// Keeps a stored event the fold cannot place, with the reason (the board, the
    /// timeline and `verify` show it; a void repairs it).
    fn not_placed(&mut self, index: usize, event: &Event, reason: String) {
        self.not_applied.push(NotApplied {
            index,
            id: event.id.clone(),
            event_type: event.type_name().to_string(),
            at: event.at,
            episode: event.episode().map(str::to_string),
            reason,
        });
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
                if let Some(first) = &episode.returned {
                    let reason = format!(
                        "episode {} already returned at {}",
                        episode.reference,
                        crate::calendar::time::rfc(first.at)
                    );
                    episode.events.pop();
                    return self.not_placed(index, event, reason);
                }
                {
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
            EventKind::BreachAcknowledged { rule, until, .. } => {
                episode.acknowledgements.push(Acknowledgement {
                    rule: rule.clone(),
                    at,
                    by: event.by.clone(),
                    note: event.note.clone(),
                    until: *until,
                })
            }
            EventKind::EpisodeAssigned { owner, .. } => episode.owner = owner.clone(),
            EventKind::EpisodeCorrected { correction, .. } => {
                // As if it had been reported so: every clock reads the corrected facts.
                if let Some(t) = correction.last_seen_at {
                    episode.last_seen_at = t;
                }
                if let Some(t) = correction.reported_at {
                    let was = episode.reported_at;
                    episode.reported_at = t;
                    if episode.police_informed_at == Some(was) && episode.police_ref.is_some() {
                        episode.police_informed_at = Some(t);
                    }
                    if let Some(first) = episode.gradings.first_mut() {
                        if first.at == was {
                            first.at = t;
                        }
                    }
                }
                if let Some(c) = correction.category {
                    episode.category = c;
                }
                if let Some(place) = &correction.last_seen_location {
                    episode
                        .info
                        .get_or_insert_with(Box::default)
                        .last_seen_location = Some(place.clone());
                }
            }
            EventKind::CategoryChanged {
                category,
                last_seen_at,
                ..
            } => {
                let from = episode
                    .changed
                    .as_ref()
                    .map_or(episode.category, |c| c.from);
                episode.changed = Some(CategoryChange {
                    from,
                    at,
                    last_seen_at: last_seen_at.unwrap_or(at),
                });
                episode.category = *category;
            }
            EventKind::ChildRegistered { .. }
            | EventKind::ChildUpdated { .. }
            | EventKind::EpisodeReported { .. }
            | EventKind::EventVoided { .. }
            | EventKind::ChildrenMerged { .. }
            | EventKind::PolicyAdopted(_)
            | EventKind::CalendarLoaded { .. }
            | EventKind::ShiftStarted { .. }
            | EventKind::HandoverAcknowledged
            | EventKind::Triage(_) => {}
        }
    }

    /// One child registered twice: the duplicate's episodes become `into`'s (in the
    /// order reported) and the duplicate leaves the record's children.
    fn merge(&mut self, duplicate: &str, into: &str) {
        let into = self.child_ref(into).to_string();
        let duplicate = self.child_ref(duplicate).to_string();
        if duplicate == into || !self.children.contains_key(&into) {
            return;
        }
        let Some(dup) = self.children.remove(&duplicate) else {
            return;
        };
        for &i in &dup.episodes {
            self.episodes[i].child = into.clone();
        }
        let episodes = &self.episodes;
        let kept = self.children.get_mut(&into).expect("checked above");
        kept.episodes.extend(dup.episodes);
        kept.episodes.sort_by_key(|&i| (episodes[i].reported_at, i));
        self.merged.insert(duplicate, into);
    }

    /// Refuses a triage event the record does not allow: a notification received
    /// twice, or settled twice; a notification, child or episode that is not there.
    fn apply_triage(&mut self, index: usize, event: &Event, triage: &TriageEvent) {
        let (at, by) = (event.at, event.by.clone());
        match triage {
            TriageEvent::Received {
                notification,
                details,
            } => {
                if let Some(&i) = self.notification_index.get(notification) {
                    return self.notifications[i].resent(event, details);
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
                    revisions: Vec::new(),
                    regrade_dismissed: None,
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
            TriageEvent::Refused { file, reason } => self.refused_files.push(RefusedFile {
                event: event.id.clone(),
                file: file.clone(),
                reason: reason.clone(),
                at,
                by,
            }),
            TriageEvent::Dismissed {
                notification,
                reason,
            } => {
                if let Some(n) = self.notification_mut(notification) {
                    n.dismiss(reason, at, by);
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

    /// Resolves the `missing_with` links once every event is in (a link to an
    /// episode that never appears is left out: [`super::intake::check_links`]
    /// refuses one in a batch).
    pub fn finish(&mut self) {
        let pending = std::mem::take(&mut self.pending_links);
        for (i, other) in pending {
            if self.episode_index.contains_key(&other) {
                self.link(i, &other);
            }
        }
    }
}

/// The ids the `event_voided` events among `events` name: what a fold of them leaves out.
pub fn void_targets<'a>(events: impl Iterator<Item = &'a Event>) -> BTreeSet<String> {
    events
        .filter_map(|e| match &e.kind {
            EventKind::EventVoided { event, .. } => Some(event.clone()),
            _ => None,
        })
        .collect()
}
