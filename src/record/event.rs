//! One event of the record, as INTERFACE.md defines it, and the checks that need
//! nothing but the event itself (types, names, formats).
//!
//! Events arrive as JSON objects. They are read into [`RawEvent`] (every field any
//! event may carry, each optional) and then into the typed [`Event`], which refuses a
//! field that does not belong to the event's type: a misspelt or misplaced field is
//! an officer's entry that would otherwise be silently lost.

use super::vocab::{Category, Decision, Flag, Rag, Risk, Status};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Every field any event type may carry, as it travels in JSON.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dob: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocated_worker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placement: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub episode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub police_ref: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen_location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub circumstances: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_with: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found_report_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_found: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub injured: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub victim_of_crime: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_officer: Option<String>,
    // What the police need to know (PROCEDURES.md, "Every policy"), beyond the core fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with_whom: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clothing: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo_ref: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub medical: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub associates: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_locations: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub social_media: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actions_taken: Option<String>,
    // MASH triage of police notifications (docs/NOTIFICATIONS.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub police_force: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
}

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
    /// Extension: an officer has seen a breached deadline (it stops alerting).
    BreachAcknowledged {
        episode: String,
        rule: String,
    },
    /// Extension: MASH triage of police notifications (one variant, so code that
    /// walks every event type has one case to consider for all of them).
    Triage(Box<TriageEvent>),
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
    pub fn type_name(&self) -> &'static str {
        match self {
            TriageEvent::Received { .. } => "notification_received",
            TriageEvent::Accepted { .. } => "notification_accepted",
            TriageEvent::Dismissed { .. } => "notification_dismissed",
            TriageEvent::Rated { .. } => "rag_rated",
            TriageEvent::Decided { .. } => "mash_decision",
        }
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

pub const EVENT_TYPES: &[&str] = &[
    "child_registered",
    "child_updated",
    "episode_reported",
    "details_added",
    "police_informed",
    "risk_changed",
    "update_recorded",
    "action_completed",
    "action_waived",
    "child_returned",
    "rhi_attempt",
    "rhi_declined",
    "episodes_linked",
    "breach_acknowledged",
    "notification_received",
    "notification_accepted",
    "notification_dismissed",
    "rag_rated",
    "mash_decision",
];

const COMMON: &[&str] = &["type", "at", "id", "by", "note"];
const CHILD_FIELDS: &[&str] = &[
    "child",
    "name",
    "dob",
    "status",
    "flags",
    "authority",
    "allocated_worker",
    "placement",
];
/// What the police need to know beyond the core report (PROCEDURES.md, "Every policy").
pub const INFO_FIELDS: &[&str] = &[
    "last_seen_location",
    "circumstances",
    "with_whom",
    "clothing",
    "description",
    "photo_ref",
    "medical",
    "associates",
    "previous_locations",
    "social_media",
    "actions_taken",
];

/// The fields of a `notification_received` event (the notification format's own
/// fields, docs/NOTIFICATIONS.md, and the id and source file).
pub const NOTIFICATION_FIELDS: &[&str] = &[
    "notification",
    "police_force",
    "police_ref",
    "reported_at",
    "name",
    "dob",
    "address",
    "placement",
    "last_seen_at",
    "last_seen_location",
    "risk",
    "circumstances",
    "reported_by",
    "source_file",
];

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

pub fn parse_instant(field: &str, text: &str) -> Result<DateTime<Utc>, FieldError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            FieldError::field(
                field,
                format!(
                    "`{text}` is not an RFC 3339 time with an offset, such as 2026-03-02T09:00:00Z"
                ),
            )
        })
}

fn parse_date(field: &str, text: &str) -> Result<NaiveDate, FieldError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        FieldError::field(
            field,
            format!("`{text}` is not a date in the form YYYY-MM-DD"),
        )
    })
}

fn parse_word<T>(
    field: &str,
    text: &str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<T, FieldError> {
    parse(text).map_err(|reason| FieldError::field(field, reason))
}

fn required<'a>(field: &str, value: &'a Option<String>) -> Result<&'a str, FieldError> {
    match value.as_deref() {
        None => Err(FieldError::field(field, "is required for this event type")),
        Some(v) if v.trim().is_empty() => Err(FieldError::field(field, "must not be empty")),
        Some(v) => Ok(v),
    }
}

impl RawEvent {
    /// The names of the fields this raw event carries.
    fn present(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        macro_rules! mark {
            ($($f:ident => $n:literal),*) => { $( if self.$f.is_some() { out.push($n); } )* };
        }
        mark!(kind => "type", at => "at", id => "id", by => "by", note => "note", child => "child",
            name => "name", dob => "dob", status => "status", flags => "flags", authority => "authority",
            allocated_worker => "allocated_worker", placement => "placement", episode => "episode",
            last_seen_at => "last_seen_at", category => "category", risk => "risk", police_ref => "police_ref",
            last_seen_location => "last_seen_location", circumstances => "circumstances",
            missing_with => "missing_with", reason => "reason", text => "text", rule => "rule",
            found_report_at => "found_report_at", location_found => "location_found", injured => "injured",
            victim_of_crime => "victim_of_crime", with => "with", lead_officer => "lead_officer",
            with_whom => "with_whom", clothing => "clothing", description => "description",
            photo_ref => "photo_ref", medical => "medical", associates => "associates",
            previous_locations => "previous_locations", social_media => "social_media",
            actions_taken => "actions_taken", notification => "notification",
            police_force => "police_force", reported_at => "reported_at", address => "address",
            reported_by => "reported_by", source_file => "source_file", rag => "rag",
            decision => "decision");
        out
    }

    fn info(&self) -> PoliceInfo {
        PoliceInfo {
            last_seen_location: self.last_seen_location.clone(),
            circumstances: self.circumstances.clone(),
            with_whom: self.with_whom.clone(),
            clothing: self.clothing.clone(),
            description: self.description.clone(),
            photo_ref: self.photo_ref.clone(),
            medical: self.medical.clone(),
            associates: self.associates.clone(),
            previous_locations: self.previous_locations.clone(),
            social_media: self.social_media.clone(),
            actions_taken: self.actions_taken.clone(),
        }
    }

    fn child_details(&self) -> Result<ChildDetails, FieldError> {
        let flags = match &self.flags {
            None => None,
            Some(list) => {
                let mut flags = Vec::new();
                for f in list {
                    let flag = parse_word("flags", f, Flag::parse)?;
                    if !flags.contains(&flag) {
                        flags.push(flag);
                    }
                }
                Some(flags)
            }
        };
        Ok(ChildDetails {
            name: self.name.clone(),
            dob: self
                .dob
                .as_deref()
                .map(|d| parse_date("dob", d))
                .transpose()?,
            status: self
                .status
                .as_deref()
                .map(|s| parse_word("status", s, Status::parse))
                .transpose()?,
            flags,
            authority: self.authority.clone(),
            allocated_worker: self.allocated_worker.clone(),
            placement: self.placement.clone(),
        })
    }

    /// The typed event, refusing any field that does not belong to its type.
    /// `id` and `by` must already be filled in.
    pub fn to_event(&self) -> Result<Event, FieldError> {
        self.convert(true)
    }

    /// The typed event from the record itself, checked when it was imported.
    pub fn to_stored_event(&self) -> Result<Event, FieldError> {
        self.convert(false)
    }

    fn convert(&self, strict: bool) -> Result<Event, FieldError> {
        let kind_name = required("type", &self.kind)?;
        let Some((own, with_info)) = fields_of(kind_name) else {
            return Err(FieldError::field(
                "type",
                format!(
                    "`{kind_name}` is not an event type; expected one of {}",
                    EVENT_TYPES.join(", ")
                ),
            ));
        };
        if strict {
            let belongs = |f: &str| {
                COMMON.contains(&f) || own.contains(&f) || (with_info && INFO_FIELDS.contains(&f))
            };
            if let Some(field) = self.present().into_iter().find(|f| !belongs(f)) {
                let mut allowed: Vec<&str> = own.to_vec();
                if with_info {
                    allowed.extend_from_slice(INFO_FIELDS);
                }
                return Err(FieldError::field(
                    field,
                    format!(
                        "does not belong to a {kind_name} event (its fields: {})",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        let at = parse_instant("at", required("at", &self.at)?)?;
        let id = required("id", &self.id)?.to_string();
        let by = required("by", &self.by)?.to_string();
        let episode = || required("episode", &self.episode).map(str::to_string);
        let rule = || required("rule", &self.rule).map(str::to_string);
        let kind = match kind_name {
            "child_registered" => {
                let child = required("child", &self.child)?.to_string();
                required("name", &self.name)?;
                required("dob", &self.dob)?;
                required("status", &self.status)?;
                EventKind::ChildRegistered {
                    child,
                    details: Box::new(self.child_details()?),
                }
            }
            "child_updated" => {
                let child = required("child", &self.child)?.to_string();
                let details = self.child_details()?;
                if strict
                    && self
                        .present()
                        .iter()
                        .all(|f| COMMON.contains(f) || *f == "child")
                {
                    return Err(FieldError::general(
                        "a child_updated event must change at least one of name, dob, status, flags, authority, allocated_worker, placement",
                    ));
                }
                if let Some(name) = &details.name {
                    if name.trim().is_empty() {
                        return Err(FieldError::field("name", "must not be empty"));
                    }
                }
                EventKind::ChildUpdated {
                    child,
                    details: Box::new(details),
                }
            }
            "episode_reported" => EventKind::EpisodeReported {
                episode: episode()?,
                child: required("child", &self.child)?.to_string(),
                last_seen_at: parse_instant(
                    "last_seen_at",
                    required("last_seen_at", &self.last_seen_at)?,
                )?,
                category: parse_word(
                    "category",
                    required("category", &self.category)?,
                    Category::parse,
                )?,
                risk: parse_word("risk", required("risk", &self.risk)?, Risk::parse)?,
                police_ref: non_blank(&self.police_ref, "police_ref")?,
                missing_with: self.missing_with.clone().unwrap_or_default(),
                info: Box::new(self.info()),
            },
            "details_added" => {
                let info = self.info();
                if info.is_empty() {
                    return Err(FieldError::general(format!(
                        "a details_added event must carry at least one of {}",
                        INFO_FIELDS.join(", ")
                    )));
                }
                EventKind::DetailsAdded {
                    episode: episode()?,
                    info: Box::new(info),
                }
            }
            "police_informed" => EventKind::PoliceInformed {
                episode: episode()?,
                police_ref: required("police_ref", &self.police_ref)?.to_string(),
            },
            "risk_changed" => EventKind::RiskChanged {
                episode: episode()?,
                risk: parse_word("risk", required("risk", &self.risk)?, Risk::parse)?,
                reason: self.reason.clone(),
            },
            "update_recorded" => EventKind::UpdateRecorded {
                episode: episode()?,
                text: required("text", &self.text)?.to_string(),
            },
            "action_completed" => EventKind::ActionCompleted {
                episode: episode()?,
                rule: rule()?,
            },
            "action_waived" => EventKind::ActionWaived {
                episode: episode()?,
                rule: rule()?,
                reason: required("reason", &self.reason)
                    .map_err(|_| {
                        FieldError::field("reason", "a waiver needs a recorded reason (non-empty)")
                    })?
                    .to_string(),
            },
            "child_returned" => EventKind::ChildReturned {
                episode: episode()?,
                found_report_at: self
                    .found_report_at
                    .as_deref()
                    .map(|t| parse_instant("found_report_at", t))
                    .transpose()?,
                location_found: self.location_found.clone(),
                injured: self.injured,
                victim_of_crime: self.victim_of_crime,
            },
            "rhi_attempt" => EventKind::RhiAttempt {
                episode: episode()?,
            },
            "rhi_declined" => EventKind::RhiDeclined {
                episode: episode()?,
            },
            "episodes_linked" => {
                let with = self.with.clone().unwrap_or_default();
                if with.is_empty() && self.lead_officer.is_none() {
                    return Err(FieldError::general(
                        "an episodes_linked event must name other episodes in `with` or a `lead_officer`",
                    ));
                }
                EventKind::EpisodesLinked {
                    episode: episode()?,
                    with,
                    lead_officer: non_blank(&self.lead_officer, "lead_officer")?,
                }
            }
            "breach_acknowledged" => EventKind::BreachAcknowledged {
                episode: episode()?,
                rule: rule()?,
            },
            triage => EventKind::Triage(Box::new(self.triage(triage, at)?)),
        };
        Ok(Event {
            id,
            at,
            by,
            note: self.note.clone(),
            kind,
        })
    }
}

impl RawEvent {
    fn triage(&self, kind: &str, at: DateTime<Utc>) -> Result<TriageEvent, FieldError> {
        let notification = || required("notification", &self.notification).map(str::to_string);
        let target = || match (&self.notification, &self.episode) {
            (Some(_), Some(_)) | (None, None) => Err(FieldError::general(format!(
                "a {kind} event names exactly one of `notification` or `episode`"
            ))),
            (Some(_), None) => notification().map(Screened::Notification),
            (None, Some(_)) => {
                required("episode", &self.episode).map(|e| Screened::Episode(e.to_string()))
            }
        };
        Ok(match kind {
            "notification_received" => {
                let details = self.notification_details(at)?;
                let id = notification();
                let expected = notification_id(
                    &details.police_force,
                    &details.police_ref,
                    details.reported_at,
                );
                if id? != expected {
                    return Err(FieldError::field(
                        "notification",
                        format!("must be `{expected}`, the id of this police force, police_ref and reported_at (so the same notification received twice is recognised)"),
                    ));
                }
                TriageEvent::Received {
                    notification: expected,
                    details: Box::new(details),
                }
            }
            "notification_accepted" => TriageEvent::Accepted {
                notification: notification()?,
                child: required("child", &self.child)?.to_string(),
                episode: required("episode", &self.episode)?.to_string(),
            },
            "notification_dismissed" => TriageEvent::Dismissed {
                notification: notification()?,
                reason: required("reason", &self.reason)
                    .map_err(|_| {
                        FieldError::field(
                            "reason",
                            "a dismissal needs a recorded reason (non-empty)",
                        )
                    })?
                    .to_string(),
            },
            "rag_rated" => TriageEvent::Rated {
                target: target()?,
                rag: parse_word("rag", required("rag", &self.rag)?, Rag::parse)?,
                reason: non_blank(&self.reason, "reason")?,
            },
            "mash_decision" => TriageEvent::Decided {
                target: target()?,
                decision: parse_word(
                    "decision",
                    required("decision", &self.decision)?,
                    Decision::parse,
                )?,
            },
            other => unreachable!("`{other}` was checked against EVENT_TYPES"),
        })
    }

    /// A notification's fields, checked as the notification format checks them:
    /// times in order and none after `received` (the event's own time).
    pub fn notification_details(
        &self,
        received: DateTime<Utc>,
    ) -> Result<NotificationDetails, FieldError> {
        let reported_at =
            parse_instant("reported_at", required("reported_at", &self.reported_at)?)?;
        let last_seen_at = parse_instant(
            "last_seen_at",
            required("last_seen_at", &self.last_seen_at)?,
        )?;
        let dob = parse_date("dob", required("dob", &self.dob)?)?;
        if reported_at > received {
            return Err(FieldError::field(
                "reported_at",
                format!(
                    "{} is in the future (received {}): a notification reports what has happened",
                    crate::calendar::time::rfc(reported_at),
                    crate::calendar::time::rfc(received)
                ),
            ));
        }
        if last_seen_at > reported_at {
            return Err(FieldError::field(
                "last_seen_at",
                format!(
                    "{} is after the report ({}): a child is last seen before being reported missing",
                    crate::calendar::time::rfc(last_seen_at),
                    crate::calendar::time::rfc(reported_at)
                ),
            ));
        }
        if dob > crate::calendar::local_date(reported_at) {
            return Err(FieldError::field(
                "dob",
                format!(
                    "{dob} is after the report ({}): a date of birth cannot be in the future",
                    crate::calendar::time::rfc(reported_at)
                ),
            ));
        }
        Ok(NotificationDetails {
            police_force: required("police_force", &self.police_force)?
                .trim()
                .to_string(),
            police_ref: required("police_ref", &self.police_ref)?.trim().to_string(),
            reported_at,
            name: required("name", &self.name)?.trim().to_string(),
            dob,
            address: non_blank(&self.address, "address")?,
            placement: non_blank(&self.placement, "placement")?,
            last_seen_at,
            last_seen_location: self.last_seen_location.clone(),
            risk: parse_word("risk", required("risk", &self.risk)?, police_risk)?,
            circumstances: self.circumstances.clone(),
            reported_by: self.reported_by.clone(),
            source_file: self.source_file.clone(),
        })
    }
}

/// The police risk grade in the project's words. Forces write "High", "No apparent
/// risk" or "NAR"; "absent" was withdrawn as a police grade and is refused by name.
pub fn police_risk(text: &str) -> Result<Risk, String> {
    let word = text.trim().to_lowercase().replace([' ', '-'], "_");
    match word.as_str() {
        "nar" => Ok(Risk::NoApparentRisk),
        "absent" => Err(format!(
            "`{text}` is no longer a police risk grade (now `no_apparent_risk`); expected one of high, medium, low, no_apparent_risk"
        )),
        w => Risk::parse(w).map_err(|_| {
            format!("`{text}` is not a police risk grade; expected one of high, medium, low, no_apparent_risk")
        }),
    }
}

/// The fields each event type may carry besides the common ones, and whether it also
/// carries the police information fields ([`INFO_FIELDS`]).
fn fields_of(kind: &str) -> Option<(&'static [&'static str], bool)> {
    let with_info = matches!(kind, "episode_reported" | "details_added");
    let own: &'static [&'static str] = match kind {
        "child_registered" | "child_updated" => CHILD_FIELDS,
        "episode_reported" => &[
            "episode",
            "child",
            "last_seen_at",
            "category",
            "risk",
            "police_ref",
            "missing_with",
        ],
        "details_added" => &["episode"],
        "police_informed" => &["episode", "police_ref"],
        "risk_changed" => &["episode", "risk", "reason"],
        "update_recorded" => &["episode", "text"],
        "action_completed" => &["episode", "rule"],
        "action_waived" => &["episode", "rule", "reason"],
        "child_returned" => &[
            "episode",
            "found_report_at",
            "location_found",
            "injured",
            "victim_of_crime",
        ],
        "rhi_attempt" | "rhi_declined" => &["episode"],
        "episodes_linked" => &["episode", "with", "lead_officer"],
        "breach_acknowledged" => &["episode", "rule"],
        "notification_received" => NOTIFICATION_FIELDS,
        "notification_accepted" => &["notification", "child", "episode"],
        "notification_dismissed" => &["notification", "reason"],
        "rag_rated" => &["notification", "episode", "rag", "reason"],
        "mash_decision" => &["notification", "episode", "decision"],
        _ => return None,
    };
    Some((own, with_info))
}

fn non_blank(value: &Option<String>, field: &str) -> Result<Option<String>, FieldError> {
    match value {
        Some(v) if v.trim().is_empty() => {
            Err(FieldError::field(field, "must not be empty when given"))
        }
        other => Ok(other.clone()),
    }
}

impl Event {
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            EventKind::ChildRegistered { .. } => "child_registered",
            EventKind::ChildUpdated { .. } => "child_updated",
            EventKind::EpisodeReported { .. } => "episode_reported",
            EventKind::DetailsAdded { .. } => "details_added",
            EventKind::PoliceInformed { .. } => "police_informed",
            EventKind::RiskChanged { .. } => "risk_changed",
            EventKind::UpdateRecorded { .. } => "update_recorded",
            EventKind::ActionCompleted { .. } => "action_completed",
            EventKind::ActionWaived { .. } => "action_waived",
            EventKind::ChildReturned { .. } => "child_returned",
            EventKind::RhiAttempt { .. } => "rhi_attempt",
            EventKind::RhiDeclined { .. } => "rhi_declined",
            EventKind::EpisodesLinked { .. } => "episodes_linked",
            EventKind::BreachAcknowledged { .. } => "breach_acknowledged",
            EventKind::Triage(t) => t.type_name(),
        }
    }

    /// The episode this event is about, if any.
    pub fn episode(&self) -> Option<&str> {
        match &self.kind {
            EventKind::ChildRegistered { .. } | EventKind::ChildUpdated { .. } => None,
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
            | EventKind::BreachAcknowledged { episode, .. } => Some(episode),
            EventKind::Triage(t) => t.episode(),
        }
    }
}

/// Diagnoses a line serde refused, naming the field at fault where it can.
pub fn diagnose_json(line: &str, serde_error: &serde_json::Error) -> FieldError {
    let value: serde_json::Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return FieldError::general(format!("not valid JSON: {e}")),
    };
    let Some(object) = value.as_object() else {
        return FieldError::general("each line must be one JSON object");
    };
    for (key, v) in object {
        let expected = match key.as_str() {
            "flags" | "missing_with" | "with" => "an array of strings",
            "injured" | "victim_of_crime" => "true or false",
            _ => "a string",
        };
        let ok = match expected {
            "an array of strings" => v
                .as_array()
                .is_some_and(|a| a.iter().all(|x| x.is_string())),
            "true or false" => v.is_boolean(),
            _ => v.is_string(),
        };
        let is_known = RAW_FIELDS.contains(&key.as_str());
        if !is_known {
            return FieldError::field(key, "is not a field of any event type");
        }
        if !ok && !v.is_null() {
            // The kind of value, never the value: it may be a child's name in the
            // wrong field, and error messages go to logs and terminals.
            let found = match v {
                serde_json::Value::Bool(_) => "true or false",
                serde_json::Value::Number(_) => "a number",
                serde_json::Value::String(_) => "a string",
                serde_json::Value::Array(_) => "an array holding something other than strings",
                _ => "an object",
            };
            return FieldError::field(key, format!("must be {expected}, not {found}"));
        }
    }
    FieldError::general(serde_error.to_string())
}

const RAW_FIELDS: &[&str] = &[
    "type",
    "at",
    "id",
    "by",
    "note",
    "child",
    "name",
    "dob",
    "status",
    "flags",
    "authority",
    "allocated_worker",
    "placement",
    "episode",
    "last_seen_at",
    "category",
    "risk",
    "police_ref",
    "last_seen_location",
    "circumstances",
    "missing_with",
    "reason",
    "text",
    "rule",
    "found_report_at",
    "location_found",
    "injured",
    "victim_of_crime",
    "with",
    "lead_officer",
    "with_whom",
    "clothing",
    "description",
    "photo_ref",
    "medical",
    "associates",
    "previous_locations",
    "social_media",
    "actions_taken",
];
