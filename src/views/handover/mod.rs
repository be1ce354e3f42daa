//! The shift handover: what happened since the shift began, and what falls due in the
//! next 12 hours, most urgent first.
//!
//! [`build`] is pure: it takes the events, the record folded as it stood at `at`, the
//! engine's evaluation at `at` (every instance, `Scope::All`, so that breaches already
//! dealt with are still seen) and returns a [`Handover`]. The period is half-open,
//! `since < event.at <= at`, so consecutive handovers (one's `--at` the next one's
//! `--since`) list every event exactly once.

use super::{rfc, rfc_opt};
use crate::procedures::{Evaluation, InstanceState, RuleInstance};
use crate::record::Event;
use crate::record::{initials, State};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

mod entry;
use entry::entry;

/// How far ahead the handover looks from `at`.
pub const HANDOVER_HORIZON_HOURS: i64 = 12;

/// Where a handover at `at` starts when no one says: the 12 hours before it, the span
/// the handover pane and `report handover` both show.
pub fn shift_start(at: DateTime<Utc>) -> DateTime<Utc> {
    at - Duration::hours(HANDOVER_HORIZON_HOURS)
}

/// The handover report, ready for a renderer.
#[derive(Debug, Clone, PartialEq, Serialize)]
// Fields in sorted order: JSON keys come out as declared (tests/goldens pins them).
pub struct Handover {
    /// The moment the record is read at (inclusive): the end of the shift.
    #[serde(serialize_with = "rfc")]
    pub at: DateTime<Utc>,
    /// On a record of several authorities, each with the policy it follows (filled
    /// in by the caller): the handover is the whole desk's, every authority in it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authorities: Vec<super::AuthorityPolicy>,
    /// Deadlines that passed unmet in the period, in the order they passed.
    pub breaches: Vec<Breach>,
    /// What falls due by `due_until`, already overdue included, most urgent first.
    pub due: Vec<DueItem>,
    /// The end of the look-ahead: `at` + 12 hours.
    #[serde(serialize_with = "rfc")]
    pub due_until: DateTime<Utc>,
    /// Everything recorded in the period, in time order.
    pub events: Vec<Entry>,
    /// When the report was made.
    #[serde(serialize_with = "rfc")]
    pub generated_at: DateTime<Utc>,
    /// The policy the record is kept under (filled in by the caller; `None` if unknown).
    pub policy: Option<String>,
    /// Children's names are initials.
    pub privacy: bool,
    /// `"handover"`.
    pub report: super::ReportName,
    /// When the shift began (exclusive).
    #[serde(serialize_with = "rfc")]
    pub since: DateTime<Utc>,
    pub summary: Summary,
}

/// Counts for the first line of the handover.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
// Fields in sorted order: JSON keys come out as declared (tests/goldens pins them).
pub struct Summary {
    pub acknowledged: usize,
    /// Returned episodes whose open actions were all due more than four weeks ago
    /// (the board's backlog section): counted here, their items not listed in `due`.
    #[serde(skip_serializing_if = "is_zero")]
    pub backlog: usize,
    pub breaches: usize,
    /// Breaches of the period still unacknowledged at `at`.
    pub breaches_unacknowledged: usize,
    pub completed: usize,
    /// Of those, graded high risk.
    pub high_risk_now: usize,
    /// Episodes still open at `at` whose whereabouts are unknown.
    pub missing_now: usize,
    /// Items in `due` already overdue.
    pub overdue_now: usize,
    pub regraded: usize,
    pub reported: usize,
    pub returned: usize,
    pub updates: usize,
    pub waived: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// What kind of thing an [`Entry`] records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Reported,
    Returned,
    Regraded,
    Acknowledged,
    Completed,
    Waived,
    Update,
    PoliceInformed,
    RhiAttempt,
    RhiDeclined,
    DetailsAdded,
    EpisodesLinked,
    ChildRegistered,
    ChildUpdated,
    Corrected,
    CategoryChanged,
    ChildrenMerged,
    Assigned,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Reported => "reported",
            EntryKind::Returned => "returned",
            EntryKind::Regraded => "regraded",
            EntryKind::Acknowledged => "acknowledged",
            EntryKind::Completed => "completed",
            EntryKind::Waived => "waived",
            EntryKind::Update => "update",
            EntryKind::PoliceInformed => "police_informed",
            EntryKind::RhiAttempt => "rhi_attempt",
            EntryKind::RhiDeclined => "rhi_declined",
            EntryKind::DetailsAdded => "details_added",
            EntryKind::EpisodesLinked => "episodes_linked",
            EntryKind::ChildRegistered => "child_registered",
            EntryKind::ChildUpdated => "child_updated",
            EntryKind::Corrected => "episode_corrected",
            EntryKind::CategoryChanged => "category_changed",
            EntryKind::ChildrenMerged => "children_merged",
            EntryKind::Assigned => "assigned",
        }
    }

    /// A short upper-case label, so that no screen relies on colour alone.
    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Reported => "REPORTED",
            EntryKind::Returned => "RETURNED",
            EntryKind::Regraded => "REGRADED",
            EntryKind::Acknowledged => "ACK",
            EntryKind::Completed => "DONE",
            EntryKind::Waived => "WAIVED",
            EntryKind::Update => "UPDATE",
            EntryKind::PoliceInformed => "POLICE",
            EntryKind::RhiAttempt => "RHI TRY",
            EntryKind::RhiDeclined => "RHI NO",
            EntryKind::DetailsAdded => "DETAILS",
            EntryKind::EpisodesLinked => "LINKED",
            EntryKind::ChildRegistered => "NEW CHILD",
            EntryKind::ChildUpdated => "CHILD UPD",
            EntryKind::Corrected => "CORRECTED",
            EntryKind::CategoryChanged => "CHANGED",
            EntryKind::ChildrenMerged => "MERGED",
            EntryKind::Assigned => "OWNER",
        }
    }
}

/// One event of the period, with who recorded it and what it was about.
#[derive(Debug, Clone, PartialEq, Serialize)]
// Fields in sorted order: JSON keys come out as declared (tests/goldens pins them).
pub struct Entry {
    #[serde(serialize_with = "rfc")]
    pub at: DateTime<Utc>,
    pub by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    pub child: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub episode: Option<String>,
    pub kind: EntryKind,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "rfc_opt")]
    pub last_seen_at: Option<DateTime<Utc>>,
    /// As displayed: initials in privacy mode.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The grade a regrading replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_risk: Option<String>,
    /// The risk grade given by a report or a regrading.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<String>,
    /// The rule completed, waived or acknowledged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// A regrading's or waiver's reason, an update's text, a return's location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// That rule's title, when the evaluation knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// A deadline that passed unmet in the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
// Fields in sorted order: JSON keys come out as declared (tests/goldens pins them).
pub struct Breach {
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "rfc_opt")]
    pub acknowledged_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acknowledged_by: Option<String>,
    /// The authority whose procedure set the deadline.
    pub authority: String,
    pub child: String,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "rfc_opt")]
    pub closed_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "rfc")]
    pub due_at: DateTime<Utc>,
    pub episode: String,
    pub name: String,
    pub occurrence: u32,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "rfc_opt")]
    pub resolved_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_by: Option<String>,
    pub rule: String,
    /// At `at`: `overdue` (still not done), `completed` or `waived` (late), `closed`.
    pub state: &'static str,
    pub title: String,
}

/// An action that falls due within the look-ahead (or is already overdue).
#[derive(Debug, Clone, PartialEq, Serialize)]
// Fields in sorted order: JSON keys come out as declared (tests/goldens pins them).
pub struct DueItem {
    /// For an overdue item: who acknowledged the breach, if anyone has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acknowledged_by: Option<String>,
    /// No sourced deadline: required as soon as it opens (`due_at` = `opens_at`).
    pub asap: bool,
    /// The authority whose procedure sets the action.
    pub authority: String,
    pub child: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(serialize_with = "rfc")]
    pub due_at: DateTime<Utc>,
    pub episode: String,
    pub escalated: bool,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "rfc_opt")]
    pub escalates_at: Option<DateTime<Utc>>,
    pub name: String,
    #[serde(serialize_with = "rfc")]
    pub opens_at: DateTime<Utc>,
    /// The episode's police risk grade at `at` (`high`, `medium`, ...).
    pub risk: Option<String>,
    pub rule: String,
    /// At `at`: `overdue`, `due_now`, `due` or `upcoming` (opens within the look-ahead).
    pub state: &'static str,
    pub title: String,
}

/// The child's name as displayed.
fn display_name(state: &State, child: &str, privacy: bool) -> String {
    match state.children.get(child) {
        Some(c) if privacy => c.initials(),
        Some(c) => c.name.clone(),
        None if privacy => initials(child),
        None => child.to_string(),
    }
}

/// The title of `rule` as the evaluation knows it (instances carry their rule's title).
fn rule_title(evaluation: &Evaluation, rule: &str) -> Option<String> {
    evaluation
        .instances
        .iter()
        .find(|i| i.rule == rule)
        .map(|i| i.title.clone())
}

/// Builds the handover for the period `since < t <= at`.
///
/// - `events`: the record's events in time order (those outside the period are
///   ignored, so the whole record may be passed);
/// - `state`: the record folded up to `at`;
/// - `evaluation`: the engine at `at`, `Scope::All`;
/// - `now`: when the report is made (only stamped on it).
pub fn build(
    events: &[Event],
    state: &State,
    evaluation: &Evaluation,
    since: DateTime<Utc>,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    privacy: bool,
) -> Handover {
    let due_until = at + Duration::hours(HANDOVER_HORIZON_HOURS);
    let entries: Vec<Entry> = events
        .iter()
        .filter(|e| e.at > since && e.at <= at)
        .filter_map(|e| entry(e, state, evaluation, privacy))
        .collect();

    let mut breaches: Vec<Breach> = evaluation
        .instances
        .iter()
        .filter(|i| i.breached && !i.asap && i.due_at > since && i.due_at <= at)
        .map(|i| {
            let ack = state
                .episode(&i.episode)
                .and_then(|e| e.acknowledgement(&i.rule, i.due_at));
            Breach {
                authority: i.authority.to_string(),
                episode: i.episode.clone(),
                child: i.child.clone(),
                name: display_name(state, &i.child, privacy),
                rule: i.rule.clone(),
                title: i.title.clone(),
                occurrence: i.occurrence,
                due_at: i.due_at,
                state: i.state.as_str(),
                resolved_at: i.resolved_at,
                resolved_by: i.resolved_by.clone(),
                closed_at: i.closed_at,
                acknowledged_at: ack.map(|a| a.at),
                acknowledged_by: ack.map(|a| a.by.clone()),
            }
        })
        .collect();
    breaches.sort_by(|a, b| {
        (a.due_at, &a.episode, &a.rule, a.occurrence).cmp(&(
            b.due_at,
            &b.episode,
            &b.rule,
            b.occurrence,
        ))
    });

    let backlog = super::board::backlog_episodes(state, evaluation, at);
    let mut due: Vec<&RuleInstance> = evaluation
        .instances
        .iter()
        .filter(|i| {
            (i.state.is_open() || i.state == InstanceState::Upcoming)
                && deadline(i) <= due_until
                && !backlog.contains(i.episode.as_str())
        })
        .collect();
    due.sort_by(|a, b| most_urgent(a, b));
    let due: Vec<DueItem> = due
        .into_iter()
        .map(|i| {
            let episode = state.episode(&i.episode);
            let acknowledged_by = (i.state == InstanceState::Overdue)
                .then(|| episode.and_then(|e| e.acknowledgement(&i.rule, i.due_at)))
                .flatten()
                .map(|a| a.by.clone());
            DueItem {
                authority: i.authority.to_string(),
                episode: i.episode.clone(),
                child: i.child.clone(),
                name: display_name(state, &i.child, privacy),
                risk: episode.map(|e| e.risk.as_str().to_string()),
                rule: i.rule.clone(),
                title: i.title.clone(),
                state: i.state.as_str(),
                opens_at: i.opens_at,
                due_at: i.due_at,
                asap: i.asap,
                escalated: i.escalated,
                escalates_at: i.escalates_at,
                acknowledged_by,
                detail: i.detail.clone(),
            }
        })
        .collect();

    let count = |k: EntryKind| entries.iter().filter(|e| e.kind == k).count();
    let missing: Vec<_> = state
        .episodes
        .iter()
        .filter(|e| e.is_missing_at(at) && !e.category.is_absence())
        .collect();
    let summary = Summary {
        backlog: backlog.len(),
        missing_now: missing.len(),
        high_risk_now: missing
            .iter()
            .filter(|e| e.risk == crate::record::vocab::Risk::High)
            .count(),
        reported: count(EntryKind::Reported),
        returned: count(EntryKind::Returned),
        regraded: count(EntryKind::Regraded),
        breaches: breaches.len(),
        breaches_unacknowledged: breaches
            .iter()
            .filter(|b| b.acknowledged_at.is_none() && b.state == "overdue")
            .count(),
        acknowledged: count(EntryKind::Acknowledged),
        completed: count(EntryKind::Completed),
        waived: count(EntryKind::Waived),
        updates: count(EntryKind::Update),
        overdue_now: due.iter().filter(|d| d.state == "overdue").count(),
    };

    Handover {
        report: super::ReportName::Handover,
        policy: None,
        authorities: Vec::new(),
        since,
        at,
        generated_at: now,
        due_until,
        privacy,
        summary,
        events: entries,
        breaches,
        due,
    }
}

/// When an open instance has to be done by: its deadline, or when it opens if asap.
fn deadline(i: &RuleInstance) -> DateTime<Utc> {
    if i.asap {
        i.opens_at
    } else {
        i.due_at
    }
}

/// Overdue first (longest overdue first), then due now (longest open first), then
/// everything else by when it has to be done.
fn most_urgent(a: &RuleInstance, b: &RuleInstance) -> std::cmp::Ordering {
    fn rank(i: &RuleInstance) -> (u8, DateTime<Utc>) {
        match i.state {
            InstanceState::Overdue => (0, i.due_at),
            InstanceState::DueNow => (1, i.opens_at),
            _ => (2, deadline(i)),
        }
    }
    rank(a)
        .cmp(&rank(b))
        .then_with(|| a.episode.cmp(&b.episode))
        .then_with(|| a.rule.cmp(&b.rule))
        .then_with(|| a.occurrence.cmp(&b.occurrence))
}
