//! Reading an event from JSON: the wire shape ([`RawEvent`], in [`super::schema`])
//! into the typed [`Event`], refusing any field that does not belong to the event's
//! type (a misspelt or misplaced field is an officer's entry that would otherwise be
//! silently lost), and saying which field of a line serde refused is at fault.
//! These checks need nothing but the event itself (types, names, formats); those
//! against the record are in [`super::intake`].

use super::event::{
    notification_id, ChildDetails, EpisodeFacts, Event, EventKind, FieldError, NotificationDetails,
    PoliceInfo, Screened, TriageEvent,
};
use super::schema::{EventType, RawEvent, COMMON, EVENT_TYPES, INFO_FIELDS, TYPE};
use super::vocab::{Category, Decision, Flag, Rag, Risk, Status};
use crate::calendar::time::rfc;
use chrono::{DateTime, NaiveDate, Utc};

mod diagnose;
mod shifts;
pub use diagnose::diagnose_json;

/// A field's name, from its identifier in [`RawEvent`] (a misspelt one does not compile).
macro_rules! name {
    ($f:ident) => {{
        #[allow(dead_code)]
        fn exists(r: &RawEvent) {
            let _ = &r.$f;
        }
        stringify!($f)
    }};
}

/// A required text field of a raw event, named by its identifier.
macro_rules! req {
    ($raw:ident . $f:ident) => {
        required(stringify!($f), &$raw.$f)
    };
}

/// An instant as every store and the fold order it: to the microsecond (more digits
/// are cut, as .NET, Java and Go write them), and a leap second (`:60`) refused, since
/// it shares its microsecond with the second after and would be ordered by chance.
pub fn parse_instant(field: &str, text: &str) -> Result<DateTime<Utc>, FieldError> {
    instant(field, text, true)
}

/// As [`parse_instant`]; `strict` off for an event already stored, where a leap
/// second recorded before it was refused is read as the second after (its place in
/// the store's order).
fn instant(field: &str, text: &str, strict: bool) -> Result<DateTime<Utc>, FieldError> {
    let t = DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            FieldError::field(
                field,
                format!(
                    "`{text}` is not an RFC 3339 time with an offset, such as 2026-03-02T09:00:00Z"
                ),
            )
        })?;
    if strict && t.timestamp_subsec_nanos() >= 1_000_000_000 {
        return Err(FieldError::field(
            field,
            format!("`{text}` is a leap second (:60): record it as the second after"),
        ));
    }
    DateTime::from_timestamp_micros(t.timestamp_micros())
        .ok_or_else(|| FieldError::field(field, format!("`{text}` is out of range")))
}

/// A date `YYYY-MM-DD` with a four-digit year (`11-02-28` must not become the year
/// 11); one in that form that no calendar has (`2011-02-31`) is named as not a real date.
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate, FieldError> {
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(FieldError::field(
            field,
            format!("`{text}` is not a date in the form YYYY-MM-DD (a four-digit year)"),
        ));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        FieldError::field(
            field,
            format!("`{text}` is not a real date (no such day in that month)"),
        )
    })
}

pub fn parse_word<T>(
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
                    let flag = parse_word(name!(flags), f, Flag::parse)?;
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
                .map(|d| parse_date(name!(dob), d))
                .transpose()?,
            status: self
                .status
                .as_deref()
                .map(|s| parse_word(name!(status), s, Status::parse))
                .transpose()?,
            flags,
            authority: self.authority.clone(),
            allocated_worker: self.allocated_worker.clone(),
            placement: self.placement.clone(),
            placing_authority: non_blank(&self.placing_authority, name!(placing_authority))?,
        })
    }

    /// An optional instant field, read if given.
    fn instant(
        &self,
        field: &str,
        value: &Option<String>,
    ) -> Result<Option<DateTime<Utc>>, FieldError> {
        value
            .as_deref()
            .map(|t| parse_instant(field, t))
            .transpose()
    }

    /// The reason a correction must give: the trail says why the record was put right.
    fn reason_given(&self, what: &str) -> Result<String, FieldError> {
        match self.reason.as_deref().map(str::trim) {
            Some(r) if !r.is_empty() => Ok(self.reason.clone().unwrap_or_default()),
            _ => Err(FieldError::field(
                name!(reason),
                format!("{what} needs a recorded reason (non-empty)"),
            )),
        }
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
        let kind_name = required(TYPE, &self.kind)?;
        let Some(ty) = EventType::named(kind_name) else {
            return Err(FieldError::field(
                TYPE,
                format!(
                    "`{kind_name}` is not an event type; expected one of {}",
                    EVENT_TYPES.join(", ")
                ),
            ));
        };
        let (own, with_info) = (ty.fields(), ty.carries_police_info());
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
        let at = instant(name!(at), req!(self.at)?, strict)?;
        let id = req!(self.id)?.to_string();
        let by = req!(self.by)?.to_string();
        let episode = || req!(self.episode).map(str::to_string);
        let rule = || req!(self.rule).map(str::to_string);
        let kind = match ty {
            EventType::ChildRegistered => {
                let child = req!(self.child)?.to_string();
                req!(self.name)?;
                req!(self.dob)?;
                req!(self.status)?;
                EventKind::ChildRegistered {
                    child,
                    details: Box::new(self.child_details()?),
                }
            }
            EventType::ChildUpdated => {
                let child = req!(self.child)?.to_string();
                let details = self.child_details()?;
                if strict
                    && self
                        .present()
                        .iter()
                        .all(|f| COMMON.contains(f) || *f == name!(child))
                {
                    return Err(FieldError::general(
                        "a child_updated event must change at least one of name, dob, status, flags, authority, allocated_worker, placement, placing_authority",
                    ));
                }
                if let Some(name) = &details.name {
                    if name.trim().is_empty() {
                        return Err(FieldError::field(name!(name), "must not be empty"));
                    }
                }
                EventKind::ChildUpdated {
                    child,
                    details: Box::new(details),
                }
            }
            EventType::EpisodeReported => EventKind::EpisodeReported {
                episode: episode()?,
                child: req!(self.child)?.to_string(),
                last_seen_at: instant(name!(last_seen_at), req!(self.last_seen_at)?, strict)?,
                category: parse_word(name!(category), req!(self.category)?, Category::parse)?,
                risk: parse_word(name!(risk), req!(self.risk)?, Risk::parse)?,
                police_ref: non_blank(&self.police_ref, name!(police_ref))?,
                missing_with: self.missing_with.clone().unwrap_or_default(),
                info: Box::new(self.info()),
            },
            EventType::DetailsAdded => {
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
            EventType::PoliceInformed => EventKind::PoliceInformed {
                episode: episode()?,
                police_ref: req!(self.police_ref)?.to_string(),
            },
            EventType::RiskChanged => EventKind::RiskChanged {
                episode: episode()?,
                risk: parse_word(name!(risk), req!(self.risk)?, Risk::parse)?,
                reason: self.reason.clone(),
            },
            EventType::UpdateRecorded => EventKind::UpdateRecorded {
                episode: episode()?,
                text: req!(self.text)?.to_string(),
            },
            EventType::ActionCompleted => EventKind::ActionCompleted {
                episode: episode()?,
                rule: rule()?,
            },
            EventType::ActionWaived => EventKind::ActionWaived {
                episode: episode()?,
                rule: rule()?,
                reason: req!(self.reason)
                    .map_err(|_| {
                        FieldError::field(
                            name!(reason),
                            "a waiver needs a recorded reason (non-empty)",
                        )
                    })?
                    .to_string(),
            },
            EventType::ChildReturned => EventKind::ChildReturned {
                episode: episode()?,
                found_report_at: self
                    .found_report_at
                    .as_deref()
                    .map(|t| instant(name!(found_report_at), t, strict))
                    .transpose()?,
                location_found: self.location_found.clone(),
                injured: self.injured,
                victim_of_crime: self.victim_of_crime,
            },
            EventType::RhiAttempt => EventKind::RhiAttempt {
                episode: episode()?,
            },
            EventType::RhiDeclined => EventKind::RhiDeclined {
                episode: episode()?,
            },
            EventType::EpisodesLinked => {
                let with = self.with.clone().unwrap_or_default();
                if with.is_empty() && self.lead_officer.is_none() {
                    return Err(FieldError::general(
                        "an episodes_linked event must name other episodes in `with` or a `lead_officer`",
                    ));
                }
                EventKind::EpisodesLinked {
                    episode: episode()?,
                    with,
                    lead_officer: non_blank(&self.lead_officer, name!(lead_officer))?,
                }
            }
            EventType::BreachAcknowledged => EventKind::BreachAcknowledged {
                episode: episode()?,
                rule: rule()?,
                until: self.instant(name!(until), &self.until)?,
            },
            EventType::EpisodeAssigned
            | EventType::ShiftStarted
            | EventType::HandoverAcknowledged => self.shift_kind(ty)?,
            EventType::EpisodeCorrected => {
                let correction = EpisodeFacts {
                    last_seen_at: self.instant(name!(last_seen_at), &self.last_seen_at)?,
                    reported_at: self.instant(name!(reported_at), &self.reported_at)?,
                    category: self
                        .category
                        .as_deref()
                        .map(|c| parse_word(name!(category), c, Category::parse))
                        .transpose()?,
                    last_seen_location: non_blank(
                        &self.last_seen_location,
                        name!(last_seen_location),
                    )?,
                };
                if correction == EpisodeFacts::default() {
                    return Err(FieldError::general(
                        "an episode_corrected event must correct at least one of last_seen_at, reported_at, category, last_seen_location",
                    ));
                }
                EventKind::EpisodeCorrected {
                    episode: episode()?,
                    reason: self.reason_given("a correction")?,
                    correction: Box::new(correction),
                }
            }
            EventType::CategoryChanged => EventKind::CategoryChanged {
                episode: episode()?,
                category: parse_word(name!(category), req!(self.category)?, Category::parse)?,
                last_seen_at: self.instant(name!(last_seen_at), &self.last_seen_at)?,
                reason: non_blank(&self.reason, name!(reason))?,
            },
            EventType::EventVoided => EventKind::EventVoided {
                event: req!(self.event)?.to_string(),
                reason: self.reason_given("a void")?,
            },
            EventType::ChildrenMerged => EventKind::ChildrenMerged {
                child: req!(self.child)?.to_string(),
                into: req!(self.into)?.to_string(),
                reason: self.reason_given("a merge")?,
            },
            EventType::PolicyAdopted => {
                let authority = req!(self.authority)?.to_string();
                if self.policy.is_none() && self.policy_text.is_none() {
                    return Err(FieldError::general(
                        "a policy_adopted event names `policy` (a built-in policy) or gives `policy_text` (a policy file's text)",
                    ));
                }
                EventKind::PolicyAdopted(Box::new(super::event::Adoption {
                    authority,
                    policy: non_blank(&self.policy, name!(policy))?,
                    policy_text: non_blank(&self.policy_text, name!(policy_text))?,
                    policy_version: non_blank(&self.policy_version, name!(policy_version))?,
                    effective_from: self.instant(name!(effective_from), &self.effective_from)?,
                }))
            }
            EventType::CalendarLoaded => {
                let bank_holidays = self.bank_holidays.clone().ok_or_else(|| {
                    FieldError::field(name!(bank_holidays), "is required for this event type")
                })?;
                let mut removes = Vec::new();
                for d in self.removes.iter().flatten() {
                    removes.push(parse_date(name!(removes), d)?);
                }
                EventKind::CalendarLoaded {
                    bank_holidays,
                    removes,
                }
            }
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
    fn triage(&self, kind: EventType, at: DateTime<Utc>) -> Result<TriageEvent, FieldError> {
        let notification = || req!(self.notification).map(str::to_string);
        let target = || match (&self.notification, &self.episode) {
            (Some(_), Some(_)) | (None, None) => Err(FieldError::general(format!(
                "a {} event names exactly one of `{}` or `{}`",
                kind.name(),
                name!(notification),
                name!(episode)
            ))),
            (Some(_), None) => notification().map(Screened::Notification),
            (None, Some(_)) => req!(self.episode).map(|e| Screened::Episode(e.to_string())),
        };
        Ok(match kind {
            EventType::NotificationReceived => {
                let details = self.notification_details(at)?;
                let id = notification();
                let expected = notification_id(
                    &details.police_force,
                    &details.police_ref,
                    details.reported_at,
                );
                if id? != expected {
                    return Err(FieldError::field(name!(notification),
                        format!("must be `{expected}`, the id of this police force, police_ref and reported_at (so the same notification received twice is recognised)"),
                    ));
                }
                TriageEvent::Received {
                    notification: expected,
                    details: Box::new(details),
                }
            }
            EventType::NotificationAccepted => TriageEvent::Accepted {
                notification: notification()?,
                child: req!(self.child)?.to_string(),
                episode: req!(self.episode)?.to_string(),
            },
            EventType::NotificationRefused => TriageEvent::Refused {
                file: req!(self.file)?.to_string(),
                reason: req!(self.reason)?.to_string(),
            },
            EventType::NotificationDismissed => TriageEvent::Dismissed {
                notification: notification()?,
                reason: req!(self.reason)
                    .map_err(|_| {
                        FieldError::field(
                            name!(reason),
                            "a dismissal needs a recorded reason (non-empty)",
                        )
                    })?
                    .to_string(),
            },
            EventType::RagRated => TriageEvent::Rated {
                target: target()?,
                rag: parse_word(name!(rag), req!(self.rag)?, Rag::parse)?,
                reason: non_blank(&self.reason, name!(reason))?,
            },
            EventType::MashDecision => TriageEvent::Decided {
                target: target()?,
                decision: parse_word(name!(decision), req!(self.decision)?, Decision::parse)?,
            },
            other => unreachable!("{other:?} is not a triage event"),
        })
    }

    /// A notification's fields, checked as the notification format checks them:
    /// times in order and none after `received` (the event's own time).
    pub fn notification_details(
        &self,
        received: DateTime<Utc>,
    ) -> Result<NotificationDetails, FieldError> {
        let reported_at = parse_instant(name!(reported_at), req!(self.reported_at)?)?;
        let last_seen_at = parse_instant(name!(last_seen_at), req!(self.last_seen_at)?)?;
        let dob = parse_date(name!(dob), req!(self.dob)?)?;
        if let Some(why) = super::clock::too_far_ahead(reported_at, received) {
            return Err(FieldError::field(
                name!(reported_at),
                format!("{} {why}", rfc(reported_at)),
            ));
        }
        if last_seen_at > reported_at {
            return Err(FieldError::field(name!(last_seen_at),
                format!(
                    "{} is after the report ({}): a child is last seen before being reported missing",
                    rfc(last_seen_at),
                    rfc(reported_at)
                ),
            ));
        }
        if dob > crate::calendar::local_date(reported_at) {
            return Err(FieldError::field(
                name!(dob),
                format!(
                    "{dob} is after the report ({}): a date of birth cannot be in the future",
                    rfc(reported_at)
                ),
            ));
        }
        Ok(NotificationDetails {
            police_force: req!(self.police_force)?.trim().to_string(),
            police_ref: req!(self.police_ref)?.trim().to_string(),
            reported_at,
            name: req!(self.name)?.trim().to_string(),
            dob,
            address: non_blank(&self.address, name!(address))?,
            placement: non_blank(&self.placement, name!(placement))?,
            last_seen_at,
            last_seen_location: self.last_seen_location.clone(),
            risk: parse_word(name!(risk), req!(self.risk)?, police_risk)?,
            circumstances: self.circumstances.clone(),
            reported_by: self.reported_by.clone(),
            source_file: self.source_file.clone(),
            supersedes: self.supersedes.clone(),
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

fn non_blank(value: &Option<String>, field: &str) -> Result<Option<String>, FieldError> {
    match value {
        Some(v) if v.trim().is_empty() => {
            Err(FieldError::field(field, "must not be empty when given"))
        }
        other => Ok(other.clone()),
    }
}
