//! One event of the record, as INTERFACE.md defines it, and the checks that need
//! nothing but the event itself (types, names, formats).
//!
//! Events arrive as JSON objects. They are read into [`RawEvent`] (every field any
//! event may carry, each optional) and then into the typed [`Event`], which refuses a
//! field that does not belong to the event's type: a misspelt or misplaced field is
//! an officer's entry that would otherwise be silently lost.

use super::vocab::{Category, Flag, Risk, Status};
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
            actions_taken => "actions_taken");
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
            _ => unreachable!("checked above"),
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
