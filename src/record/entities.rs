//! What the record says of each child, episode and police notification: the
//! entities the fold ([`super::fold`]) builds from the events and the procedures
//! read. Nothing here is stored except in the fold cache (which is derived).

use super::event::{NotificationDetails, PoliceInfo};
use super::vocab::{Category, Decision, Flag, Rag, Risk, Status};
use chrono::{DateTime, NaiveDate, Utc};
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
    /// The status as it stood over time: the first entry (the registration's) stands
    /// from the start, each later one from its `at` (a `child_updated` that changed it).
    /// Rules read the status as it stood when they opened (PROCEDURES.md, "Conditions
    /// over time").
    #[serde(with = "timed")]
    pub status_history: Vec<(DateTime<Utc>, Status)>,
    /// The flags as they stood over time, read as [`Child::status_history`] is.
    #[serde(with = "timed")]
    pub flags_history: Vec<(DateTime<Utc>, Vec<Flag>)>,
    pub authority: Option<String>,
    pub allocated_worker: Option<String>,
    pub placement: Option<String>,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub registered_at: DateTime<Utc>,
    /// Indices into [`State::episodes`], in the order they were reported.
    pub episodes: Vec<usize>,
    /// The council that placed the child here (`other_la_placement`), if recorded.
    pub placing_authority: Option<String>,
}

impl Child {
    pub fn has_flag(&self, flag: Flag) -> bool {
        self.flags.contains(&flag)
    }

    /// The status as it stood at `t`.
    pub fn status_at(&self, t: DateTime<Utc>) -> Status {
        as_of(&self.status_history, t)
            .copied()
            .unwrap_or(self.status)
    }

    /// Whether the child had `flag` at `t`.
    pub fn has_flag_at(&self, flag: Flag, t: DateTime<Utc>) -> bool {
        as_of(&self.flags_history, t).map_or(self.has_flag(flag), |f| f.contains(&flag))
    }

    /// The instants at which the status or flags changed after the registration.
    pub fn changed_at(&self) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        changes(&self.status_history).chain(changes(&self.flags_history))
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

/// The value of a history (oldest first) as it stood at `t`: the latest entry dated at
/// or before `t`, else the first, which stands from the start (the registration's or
/// the report's value, and a change dated at that same instant: "it was always so").
fn as_of<T>(history: &[(DateTime<Utc>, T)], t: DateTime<Utc>) -> Option<&T> {
    let (first, later) = history.split_first()?;
    let t = t.max(first.0);
    Some(
        later
            .iter()
            .rev()
            .find(|(at, _)| *at <= t)
            .map_or(&first.1, |(_, v)| v),
    )
}

/// When each entry of a history after the first took effect.
fn changes<T>(history: &[(DateTime<Utc>, T)]) -> impl Iterator<Item = DateTime<Utc>> + '_ {
    history.iter().skip(1).map(|(t, _)| *t)
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
    /// When it lapses, if it said (else at the end of the shift it was made in).
    #[serde(with = "chrono::serde::ts_microseconds_option")]
    pub until: Option<DateTime<Utc>>,
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
    /// The officer who owns it: who reported it, until an `episode_assigned`.
    pub owner: String,
    pub acknowledgements: Vec<Acknowledgement>,
    /// Indices into the folded event slice: this episode's timeline.
    pub events: Vec<usize>,
    /// The category it was reported under, and when and from what it changed, if it did.
    pub changed: Option<CategoryChange>,
    /// The child's authority when it was reported: the procedure it follows for its
    /// whole life (a later move to another authority never changes it).
    pub authority: Option<String>,
}

/// An episode that became another kind of episode (`category_changed`): the clocks
/// its new category starts run from here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryChange {
    /// The category it had before the first change.
    pub from: Category,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub at: DateTime<Utc>,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub last_seen_at: DateTime<Utc>,
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

    /// The risk grade as it stood at `t`: the report's grade from the start (even a
    /// corrected `reported_at`), each regrade from its `at`.
    pub fn risk_at(&self, t: DateTime<Utc>) -> Risk {
        let Some((first, later)) = self.gradings.split_first() else {
            return self.risk;
        };
        let t = t.max(first.at);
        later
            .iter()
            .rev()
            .find(|g| g.at <= t)
            .map_or(first.risk, |g| g.risk)
    }

    /// The instants at which the episode was regraded.
    pub fn regraded_at(&self) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        self.gradings.iter().skip(1).map(|g| g.at)
    }
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

/// A file the inbox refused (`notification_refused`): nothing from it is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusedFile {
    /// The `notification_refused` event's id.
    pub event: String,
    /// Its name in the inbox (it is now in `rejected/`, perhaps with a suffix).
    pub file: String,
    pub reason: String,
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
    /// What each re-send with different content replaced, oldest first (review D4):
    /// `details` is the latest.
    pub revisions: Vec<Revision>,
    /// An officer dismissed the police regrade of the episode opened from it.
    pub regrade_dismissed: Option<RegradeDismissed>,
}

/// A re-sent notification replaced `before` (received in the event `event`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// The replaced `notification_received` event's id.
    pub event: String,
    pub before: NotificationDetails,
    /// When the re-send that replaced it was received, and by whom.
    pub at: DateTime<Utc>,
    pub by: String,
}

/// A `notification_dismissed` of an accepted notification: the police regrade it
/// brought is not taken up (the episode keeps its risk).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegradeDismissed {
    pub reason: String,
    pub at: DateTime<Utc>,
    pub by: String,
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

/// Histories of values with the instants they took effect, as microseconds.
mod timed {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer, T: Serialize>(
        list: &[(DateTime<Utc>, T)],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        list.iter()
            .map(|(t, v)| (t.timestamp_micros(), v))
            .collect::<Vec<_>>()
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Vec<(DateTime<Utc>, T)>, D::Error> {
        Vec::<(i64, T)>::deserialize(d)?
            .into_iter()
            .map(|(m, v)| {
                DateTime::from_timestamp_micros(m)
                    .map(|t| (t, v))
                    .ok_or_else(|| serde::de::Error::custom("instant out of range"))
            })
            .collect()
    }
}

/// One `shift_started`: from `at` to `ends_at`, with its duty manager.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shift {
    pub id: String,
    pub at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub manager: Option<String>,
    pub by: String,
}

/// What the record says of one officer (an event's `by`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Officer {
    /// The latest `at` of an event they recorded.
    pub last_event_at: Option<DateTime<Utc>>,
    /// The latest `handover_acknowledged` they recorded.
    pub signed_at: Option<DateTime<Utc>>,
}
