//! One event of the record, as INTERFACE.md defines it: the typed [`Event`] the
//! fold applies and the checks read. Its wire shape and names are in
//! [`super::schema`]; reading JSON into it, in [`super::json`].

use super::schema::EventType;
use super::vocab::{Category, Decision, Flag, Rag, Risk, Status};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The facts the police ask for when a child is reported, kept on the episode.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoliceInfo {
    pub last_seen_location: Option<String>,
    pub circumstances: Option<String>,
    pub with_whom: Option<String>,
    pub clothing: Option<String>,
    pub description: Option<String>,
    pub photo_ref: Option<String>,
    pub medical: Option<String>,
    pub associates: Option<String>,
    pub previous_locations: Option<String>,
    pub social_media: Option<String>,
    pub actions_taken: Option<String>,
}

impl PoliceInfo {
    /// Later details fill in what is still blank; nothing already given is replaced.
    pub fn fill_from(&mut self, other: &PoliceInfo) {
        macro_rules! fill {
            ($($f:ident),*) => { $( if other.$f.is_some() { self.$f = other.$f.clone(); } )* };
        }
        fill!(
            last_seen_location,
            circumstances,
            with_whom,
            clothing,
            description,
            photo_ref,
            medical,
            associates,
            previous_locations,
            social_media,
            actions_taken
        );
    }

    pub fn is_empty(&self) -> bool {
        *self == PoliceInfo::default()
    }

    /// The facts from a source that answers by field name (a form's fields).
    pub fn from_fields(get: impl Fn(&str) -> Option<String>) -> PoliceInfo {
        macro_rules! read {
            ($($f:ident),*) => { PoliceInfo { $( $f: get(stringify!($f)), )* } };
        }
        read!(
            last_seen_location,
            circumstances,
            with_whom,
            clothing,
            description,
            photo_ref,
            medical,
            associates,
            previous_locations,
            social_media,
            actions_taken
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChildDetails {
    pub name: Option<String>,
    pub dob: Option<NaiveDate>,
    pub status: Option<Status>,
    pub flags: Option<Vec<Flag>>,
    pub authority: Option<String>,
    pub allocated_worker: Option<String>,
    pub placement: Option<String>,
    /// A child placed here by another council (`other_la_placement`): that council.
    pub placing_authority: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    ChildRegistered {
        child: String,
        details: Box<ChildDetails>,
    },
    ChildUpdated {
        child: String,
        details: Box<ChildDetails>,
    },
    EpisodeReported {
        episode: String,
        child: String,
        last_seen_at: DateTime<Utc>,
        category: Category,
        risk: Risk,
        police_ref: Option<String>,
        missing_with: Vec<String>,
        info: Box<PoliceInfo>,
    },
    /// Extension: more of what the police need, added after the report.
    DetailsAdded {
        episode: String,
        info: Box<PoliceInfo>,
    },
    PoliceInformed {
        episode: String,
        police_ref: String,
    },
    RiskChanged {
        episode: String,
        risk: Risk,
        reason: Option<String>,
    },
    UpdateRecorded {
        episode: String,
        text: String,
    },
    ActionCompleted {
        episode: String,
        rule: String,
    },
    ActionWaived {
        episode: String,
        rule: String,
        reason: String,
    },
    ChildReturned {
        episode: String,
        found_report_at: Option<DateTime<Utc>>,
        location_found: Option<String>,
        injured: Option<bool>,
        victim_of_crime: Option<bool>,
    },
    RhiAttempt {
        episode: String,
    },
    RhiDeclined {
        episode: String,
    },
    /// Extension: children missing together (Camden 6), with one officer as lead.
    EpisodesLinked {
        episode: String,
        with: Vec<String>,
        lead_officer: Option<String>,
    },
    /// Extension: an officer has seen a breached deadline. It stops alerting until
    /// `until` (default: the end of the shift it was made in), then alerts again.
    BreachAcknowledged {
        episode: String,
        rule: String,
        until: Option<DateTime<Utc>>,
    },
    /// The officer who owns the episode from now on.
    EpisodeAssigned {
        episode: String,
        owner: String,
    },
    /// A shift begins at `at`: acknowledgements made in it lapse at `ends_at`, and its
    /// breaches escalate to `manager`. Record-wide, like an adoption.
    ShiftStarted {
        ends_at: DateTime<Utc>,
        manager: Option<String>,
    },
    /// The operator (`by`) has read the handover at sign-in.
    HandoverAcknowledged,
    /// The episode's facts were recorded wrongly; every rule reads the corrected values.
    EpisodeCorrected {
        episode: String,
        reason: String,
        correction: Box<EpisodeFacts>,
    },
    /// The episode changed at `at`; `last_seen_at` (default `at`) starts the new clocks.
    CategoryChanged {
        episode: String,
        category: Category,
        last_seen_at: Option<DateTime<Utc>>,
        reason: Option<String>,
    },
    /// The stored event `event` was entered in error.
    EventVoided {
        event: String,
        reason: String,
    },
    /// `child` is a duplicate registration of `into`.
    ChildrenMerged {
        child: String,
        into: String,
        reason: String,
    },
    /// From `effective_from` (default `at`), episodes reported for `authority`'s
    /// children follow this policy. Stored with the policy's full text and version,
    /// so the record alone recomputes every deadline (INTERFACE).
    PolicyAdopted(Box<Adoption>),
    /// Bank holidays join the working-day calendar (and `removes` leave it).
    CalendarLoaded {
        bank_holidays: serde_json::Value,
        removes: Vec<NaiveDate>,
    },
    /// Extension: MASH triage of police notifications (one variant, so code that
    /// walks every event type has one case to consider for all of them).
    Triage(Box<TriageEvent>),
}

/// A `policy_adopted` event's fields: a built-in policy by name, or a policy file's
/// text (the desk fills in the text and version of one given by name before storing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adoption {
    pub authority: String,
    pub policy: Option<String>,
    pub policy_text: Option<String>,
    pub policy_version: Option<String>,
    pub effective_from: Option<DateTime<Utc>>,
}

/// The facts of a report that a correction may put right (each one it leaves out stands).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EpisodeFacts {
    pub last_seen_at: Option<DateTime<Utc>>,
    pub reported_at: Option<DateTime<Utc>>,
    pub category: Option<Category>,
    pub last_seen_location: Option<String>,
}

/// A police notification of a missing child, as the MASH received it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationDetails {
    pub police_force: String,
    pub police_ref: String,
    pub reported_at: DateTime<Utc>,
    pub name: String,
    pub dob: NaiveDate,
    pub address: Option<String>,
    pub placement: Option<String>,
    pub last_seen_at: DateTime<Utc>,
    pub last_seen_location: Option<String>,
    pub risk: Risk,
    pub circumstances: Option<String>,
    pub reported_by: Option<String>,
    pub source_file: Option<String>,
    /// A re-send with different content (review D4): the id of the stored
    /// `notification_received` it replaces. The desk sets it, never the police.
    pub supersedes: Option<String>,
}

/// What a RAG rating or MASH decision is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Screened {
    Notification(String),
    Episode(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum TriageEvent {
    Received {
        notification: String,
        details: Box<NotificationDetails>,
    },
    /// Matched to a child; the same batch reports the episode (and registers a new child).
    Accepted {
        notification: String,
        child: String,
        episode: String,
    },
    Dismissed {
        notification: String,
        reason: String,
    },
    /// A file the inbox refused: its name there and the reason it gave.
    Refused { file: String, reason: String },
    Rated {
        target: Screened,
        rag: Rag,
        reason: Option<String>,
    },
    Decided {
        target: Screened,
        decision: Decision,
    },
}

impl TriageEvent {
    pub fn event_type(&self) -> EventType {
        match self {
            TriageEvent::Received { .. } => EventType::NotificationReceived,
            TriageEvent::Accepted { .. } => EventType::NotificationAccepted,
            TriageEvent::Dismissed { .. } => EventType::NotificationDismissed,
            TriageEvent::Refused { .. } => EventType::NotificationRefused,
            TriageEvent::Rated { .. } => EventType::RagRated,
            TriageEvent::Decided { .. } => EventType::MashDecision,
        }
    }

    pub fn type_name(&self) -> &'static str {
        self.event_type().name()
    }

    /// One line for a timeline; never a child's name (privacy mode shows timelines).
    pub fn summary(&self) -> String {
        match self {
            TriageEvent::Received {
                notification,
                details,
            } => format!(
                "Police notification {notification} received ({} {})",
                details.police_force, details.police_ref
            ),
            TriageEvent::Accepted {
                notification,
                episode,
                ..
            } => format!("Police notification {notification} accepted as {episode}"),
            TriageEvent::Dismissed {
                notification,
                reason,
            } => format!("Police notification {notification} dismissed: {reason}"),
            // The file's name and the first line of the reason: a file is often named
            // after the child, but the inbox's name for it is what the screener finds.
            TriageEvent::Refused { file, reason } => format!(
                "Police notification file {file} refused: {}",
                reason.lines().next().unwrap_or_default()
            ),
            TriageEvent::Rated { rag, reason, .. } => match reason {
                Some(r) => format!("MASH rating {} ({r})", rag.label()),
                None => format!("MASH rating {}", rag.label()),
            },
            TriageEvent::Decided { decision, .. } => format!("MASH decision: {decision}"),
        }
    }

    /// The episode this triage event is about, if it names one.
    pub fn episode(&self) -> Option<&str> {
        match self {
            TriageEvent::Accepted { episode, .. } => Some(episode),
            TriageEvent::Rated {
                target: Screened::Episode(e),
                ..
            }
            | TriageEvent::Decided {
                target: Screened::Episode(e),
                ..
            } => Some(e),
            _ => None,
        }
    }
}

/// The notification id: the same police force, police reference and report time
/// always give the same id, however they were spelt or which file carried them, so
/// a notification dropped twice is recognised. A short hash, so a screener can type it.
pub fn notification_id(police_force: &str, police_ref: &str, reported_at: DateTime<Utc>) -> String {
    let words = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let key = format!(
        "{}|{}|{}",
        words(police_force),
        words(police_ref),
        reported_at.timestamp()
    );
    // FNV-1a: stable across versions and platforms (std's hasher is not promised to be).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("N-{:010x}", hash >> 24)
}

/// The id of a notification's `notification_received` event: derived from the
/// notification, so the store's idempotent import skips a second copy.
pub fn received_event_id(notification: &str) -> String {
    format!("received-{notification}")
}

/// One stored event: what happened, when, and who recorded it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: String,
    pub at: DateTime<Utc>,
    pub by: String,
    pub note: Option<String>,
    pub kind: EventKind,
}

/// What a writer (a form, a triage decision) builds: an event before the record
/// gives it its id and the officer who recorded it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub at: DateTime<Utc>,
    pub note: Option<String>,
    pub kind: EventKind,
}

impl NewEvent {
    pub fn new(at: DateTime<Utc>, kind: EventKind) -> NewEvent {
        NewEvent {
            at,
            note: None,
            kind,
        }
    }

    /// The event as recorded under `id` by `by`.
    pub fn recorded(self, id: String, by: &str) -> Event {
        Event {
            id,
            at: self.at,
            by: by.to_string(),
            note: self.note,
            kind: self.kind,
        }
    }
}

/// A refusal of one event: the field at fault (if one is) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Option<String>,
    pub reason: String,
}

impl FieldError {
    pub fn field(field: &str, reason: impl Into<String>) -> Self {
        FieldError {
            field: Some(field.to_string()),
            reason: reason.into(),
        }
    }
    pub fn general(reason: impl Into<String>) -> Self {
        FieldError {
            field: None,
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "field `{}`: {}", field, self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

impl Event {
    /// Its type, as the table in [`super::schema`] names it.
    pub fn event_type(&self) -> EventType {
        self.kind.event_type()
    }

    /// Its name in the `type` field.
    pub fn type_name(&self) -> &'static str {
        self.event_type().name()
    }
}

impl EventKind {
    /// Its type, as the table in [`super::schema`] names it.
    pub fn event_type(&self) -> EventType {
        match self {
            EventKind::ChildRegistered { .. } => EventType::ChildRegistered,
            EventKind::ChildUpdated { .. } => EventType::ChildUpdated,
            EventKind::EpisodeReported { .. } => EventType::EpisodeReported,
            EventKind::DetailsAdded { .. } => EventType::DetailsAdded,
            EventKind::PoliceInformed { .. } => EventType::PoliceInformed,
            EventKind::RiskChanged { .. } => EventType::RiskChanged,
            EventKind::UpdateRecorded { .. } => EventType::UpdateRecorded,
            EventKind::ActionCompleted { .. } => EventType::ActionCompleted,
            EventKind::ActionWaived { .. } => EventType::ActionWaived,
            EventKind::ChildReturned { .. } => EventType::ChildReturned,
            EventKind::RhiAttempt { .. } => EventType::RhiAttempt,
            EventKind::RhiDeclined { .. } => EventType::RhiDeclined,
            EventKind::EpisodesLinked { .. } => EventType::EpisodesLinked,
            EventKind::BreachAcknowledged { .. } => EventType::BreachAcknowledged,
            EventKind::EpisodeCorrected { .. } => EventType::EpisodeCorrected,
            EventKind::CategoryChanged { .. } => EventType::CategoryChanged,
            EventKind::EventVoided { .. } => EventType::EventVoided,
            EventKind::ChildrenMerged { .. } => EventType::ChildrenMerged,
            EventKind::PolicyAdopted(_) => EventType::PolicyAdopted,
            EventKind::CalendarLoaded { .. } => EventType::CalendarLoaded,
            EventKind::EpisodeAssigned { .. } => EventType::EpisodeAssigned,
            EventKind::ShiftStarted { .. } => EventType::ShiftStarted,
            EventKind::HandoverAcknowledged => EventType::HandoverAcknowledged,
            EventKind::Triage(t) => t.event_type(),
        }
    }
}

impl Event {
    /// The episode this event is about, if any.
    pub fn episode(&self) -> Option<&str> {
        match &self.kind {
            EventKind::ChildRegistered { .. }
            | EventKind::ChildUpdated { .. }
            | EventKind::EventVoided { .. }
            | EventKind::ChildrenMerged { .. }
            | EventKind::PolicyAdopted(_)
            | EventKind::CalendarLoaded { .. }
            | EventKind::ShiftStarted { .. }
            | EventKind::HandoverAcknowledged => None,
            EventKind::EpisodeReported { episode, .. }
            | EventKind::DetailsAdded { episode, .. }
            | EventKind::PoliceInformed { episode, .. }
            | EventKind::RiskChanged { episode, .. }
            | EventKind::UpdateRecorded { episode, .. }
            | EventKind::ActionCompleted { episode, .. }
            | EventKind::ActionWaived { episode, .. }
            | EventKind::ChildReturned { episode, .. }
            | EventKind::RhiAttempt { episode }
            | EventKind::RhiDeclined { episode }
            | EventKind::EpisodesLinked { episode, .. }
            | EventKind::BreachAcknowledged { episode, .. }
            | EventKind::EpisodeAssigned { episode, .. }
            | EventKind::EpisodeCorrected { episode, .. }
            | EventKind::CategoryChanged { episode, .. } => Some(episode),
            EventKind::Triage(t) => t.episode(),
        }
    }
}

/// One reason a batch was refused: where (line, field) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// 1-based line of the input; `None` for a problem with the record as a whole.
    pub line: Option<usize>,
    pub error: FieldError,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.error),
            None => write!(f, "{}", self.error),
        }
    }
}
