//! Several authorities on one record (INTERFACE, "Several authorities on one record"):
//! the policies the authorities adopted and the bank holidays loaded, as the record
//! holds them. They are read from the whole log, not from a fold at `--at`: an
//! authority's first adoption counts at every `--at`, and which adoption governs an
//! episode is the procedures' question ([`crate::procedures::governs`]).

use super::event::{Event, EventKind, FieldError, Refusal};
use super::log::{EventLog, StoreError};
use super::schema::EventType;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeSet;

/// One `policy_adopted`, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Adopted {
    pub id: String,
    pub at: DateTime<Utc>,
    pub authority: String,
    /// The built-in policy it named, if it named one.
    pub name: Option<String>,
    /// The policy's full text (filled in when it was stored by name).
    pub text: Option<String>,
    pub version: Option<String>,
    pub effective_from: Option<DateTime<Utc>>,
}

/// One `calendar_loaded`, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub id: String,
    pub at: DateTime<Utc>,
    pub bank_holidays: serde_json::Value,
    pub removes: Vec<NaiveDate>,
}

/// Every adoption and calendar of a record, in record (time) order, voided ones left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordPolicies {
    pub adoptions: Vec<Adopted>,
    pub calendars: Vec<Loaded>,
}

impl RecordPolicies {
    /// Adds one event (in time order) if it is an adoption or a calendar.
    pub fn add(&mut self, event: &Event) {
        match &event.kind {
            EventKind::PolicyAdopted(a) => self.adoptions.push(Adopted {
                id: event.id.clone(),
                at: event.at,
                authority: a.authority.clone(),
                name: a.policy.clone(),
                text: a.policy_text.clone(),
                version: a.policy_version.clone(),
                effective_from: a.effective_from,
            }),
            EventKind::CalendarLoaded {
                bank_holidays,
                removes,
            } => self.calendars.push(Loaded {
                id: event.id.clone(),
                at: event.at,
                bank_holidays: bank_holidays.clone(),
                removes: removes.clone(),
            }),
            _ => {}
        }
    }

    /// Leaves out what `voided` names.
    pub fn without(mut self, voided: &BTreeSet<String>) -> RecordPolicies {
        self.adoptions.retain(|a| !voided.contains(&a.id));
        self.calendars.retain(|c| !voided.contains(&c.id));
        self
    }
}

/// The types [`read`] reads: adoptions, calendars, and the voids that may undo them.
pub const TYPES: &[EventType] = &[
    EventType::PolicyAdopted,
    EventType::CalendarLoaded,
    EventType::EventVoided,
];

/// The record's adoptions and calendars, read from the whole log.
pub fn read(log: &dyn EventLog) -> Result<RecordPolicies, StoreError> {
    let mut out = RecordPolicies::default();
    let mut voided = BTreeSet::new();
    log.visit_types(TYPES, &mut |s| {
        if let EventKind::EventVoided { event, .. } = &s.event.kind {
            voided.insert(event.clone());
        }
        out.add(&s.event);
    })?;
    Ok(out.without(&voided))
}

/// INTERFACE: "`child_registered.authority` must name an adopted authority when the
/// record has more than one; `child_updated` may move a child to another adopted
/// authority". `adopted` are the record's authorities with the batch's (an adoption of
/// any date counts); `fresh` the batch's events with their lines.
pub fn check_authorities<'a>(
    adopted: &[&str],
    fresh: impl Iterator<Item = (usize, &'a Event)>,
) -> Vec<Refusal> {
    if adopted.len() < 2 {
        return Vec::new();
    }
    let refuse = |line: usize, why: String| Refusal {
        line: Some(line),
        error: FieldError::field("authority", why),
    };
    let known = adopted.join(", ");
    let mut out = Vec::new();
    for (line, event) in fresh {
        match &event.kind {
            EventKind::ChildRegistered { child, details } => match &details.authority {
                None => out.push(refuse(
                    line,
                    format!("the record has several authorities ({known}): say which is responsible for child `{child}`"),
                )),
                Some(a) if !adopted.contains(&a.as_str()) => out.push(refuse(
                    line,
                    format!("`{a}` has adopted no policy on this record (adopted: {known}); adopt one first with `dutyboard policy adopt NAME --authority {a}`"),
                )),
                Some(_) => {}
            },
            EventKind::ChildUpdated { details, .. } => {
                if let Some(a) = details
                    .authority
                    .as_ref()
                    .filter(|a| !adopted.contains(&a.as_str()))
                {
                    out.push(refuse(
                        line,
                        format!("`{a}` has adopted no policy on this record (adopted: {known}); adopt one first with `dutyboard policy adopt NAME --authority {a}`"),
                    ));
                }
            }
            _ => {}
        }
    }
    out
}
