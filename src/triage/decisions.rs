//! A screener's decisions as the events that record them: accept (with the episode it
//! opens, and the child it registers), dismiss, rate, decide. The command line and the
//! board's pane build the same typed events here and record them through the desk's
//! one write path, checked as an import is.

use crate::calendar::time::rfc;
use crate::record::backdate::dated_report;
use crate::record::event::{ChildDetails, PoliceInfo, Screened, TriageEvent};
use crate::record::vocab::{Category, Decision, Rag, Risk, Status};
use crate::record::{EventKind, NewEvent};
use crate::record::{NotificationStatus, State};
use chrono::{DateTime, SubsecRound, Utc};

/// A decision's own time to the microsecond: to the second it could fall before the
/// notification it settles, received earlier within the same second.
fn stamp(now: DateTime<Utc>) -> DateTime<Utc> {
    now.trunc_subsecs(6)
}

fn triage(at: DateTime<Utc>, event: TriageEvent) -> NewEvent {
    NewEvent::new(at, EventKind::Triage(Box::new(event)))
}

/// Who a notification is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Whom {
    /// A child already registered.
    Child(String),
    /// A child the service does not know, registered from the notification.
    New { status: Status },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acceptance {
    pub whom: Whom,
    pub category: Category,
    /// The new episode's reference; by default derived from the notification.
    pub episode: Option<String>,
    /// The grade the episode opens with, when the screener sets one (the police grade
    /// may be one the policy forbids for this child, review B3); by default the police's.
    pub risk: Option<Risk>,
    /// When a known child was registered here: one registered after the police reported
    /// her (review B3) has the report entered at her registration and corrected back
    /// (`record::backdate`), so her clocks run from when the police reported her.
    pub registered_at: Option<DateTime<Utc>>,
}

/// The reference a child registered from a notification gets by default.
pub fn new_child_ref(notification: &str) -> String {
    format!("C-{}", notification.trim_start_matches("N-"))
}

/// The reference of the episode a notification opens by default: derived, so
/// accepting twice can never open two episodes.
pub fn new_episode_ref(notification: &str) -> String {
    format!("E-{}", notification.trim_start_matches("N-"))
}

fn pending<'a>(state: &'a State, id: &str) -> Result<&'a crate::record::Notification, String> {
    let n = state.notification(id).ok_or_else(|| {
        format!("there is no notification `{id}` (`dutyboard triage list` shows those waiting)")
    })?;
    match &n.status {
        NotificationStatus::Pending => Ok(n),
        NotificationStatus::Accepted {
            episode, by, at, ..
        } => Err(format!(
            "notification `{id}` was already accepted as episode `{episode}` by {by} at {}",
            rfc(*at)
        )),
        NotificationStatus::Dismissed { by, at, .. } => Err(format!(
            "notification `{id}` was already dismissed by {by} at {}",
            rfc(*at)
        )),
    }
}

/// The events accepting a notification records: the child (if new), the episode,
/// reported when the police reported it with their reference, and the acceptance.
pub fn accept(
    state: &State,
    id: &str,
    how: &Acceptance,
    now: DateTime<Utc>,
) -> Result<Vec<NewEvent>, String> {
    let mut how = how.clone();
    if let Whom::Child(child) = &how.whom {
        how.registered_at = how.registered_at.or_else(|| {
            state
                .children
                .get(state.child_ref(child))
                .map(|c| c.registered_at)
        });
    }
    Ok(acceptance_events(pending(state, id)?, &how, now))
}

/// The events accepting the pending notification `n` records (the board's pane
/// holds the notification, not the whole state; the record's checks refuse it if
/// another desk settled it meanwhile).
pub fn acceptance_events(
    n: &crate::record::Notification,
    how: &Acceptance,
    now: DateTime<Utc>,
) -> Vec<NewEvent> {
    let id = n.id.as_str();
    let d = &n.details;
    // The episode is dated as the police reported it, to the second.
    let reported = d.reported_at.trunc_subsecs(0);
    let episode = how.episode.clone().unwrap_or_else(|| new_episode_ref(id));
    let mut events = Vec::new();
    let child = match &how.whom {
        Whom::Child(child) => child.clone(),
        Whom::New { status } => {
            let child = new_child_ref(id);
            let details = ChildDetails {
                name: Some(d.name.clone()),
                dob: Some(d.dob),
                status: Some(*status),
                flags: None,
                authority: None,
                allocated_worker: None,
                placing_authority: None,
                placement: d.placement.clone().or_else(|| d.address.clone()),
            };
            let mut registered = NewEvent::new(
                reported,
                EventKind::ChildRegistered {
                    child: child.clone(),
                    details: Box::new(details),
                },
            );
            registered.note = Some(format!("registered from police notification {id}"));
            events.push(registered);
            child
        }
    };
    let info = PoliceInfo {
        last_seen_location: d.last_seen_location.clone(),
        circumstances: d.circumstances.clone(),
        ..PoliceInfo::default()
    };
    let mut reported_missing = NewEvent::new(
        reported,
        EventKind::EpisodeReported {
            episode: episode.clone(),
            child: child.clone(),
            last_seen_at: d.last_seen_at.trunc_subsecs(0),
            category: how.category,
            risk: how.risk.unwrap_or(d.risk),
            police_ref: Some(d.police_ref.clone()),
            missing_with: Vec::new(),
            info: Box::new(info),
        },
    );
    reported_missing.note = Some(match how.risk.filter(|r| *r != d.risk) {
        Some(_) => format!(
            "from police notification {id} (the police graded the risk {})",
            d.risk.label()
        ),
        None => format!("from police notification {id}"),
    });
    // A child registered here only after the police reported her: entered at her
    // registration and corrected back to the police's time (record::backdate).
    let registered_at = match how.whom {
        Whom::Child(_) => how.registered_at,
        Whom::New { .. } => None,
    };
    events.extend(dated_report(reported_missing, registered_at, stamp(now)));
    events.push(triage(
        stamp(now),
        TriageEvent::Accepted {
            notification: id.to_string(),
            child,
            episode,
        },
    ));
    events
}

pub fn dismiss(
    state: &State,
    id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<NewEvent, String> {
    // An accepted notification the police re-sent with another risk: what is
    // dismissed is the regrade (review D4); the episode stays as it is.
    let regraded = state
        .notification(id)
        .is_some_and(|n| crate::record::regrade::outstanding_in(state, n).is_some());
    if !regraded {
        pending(state, id)?;
    }
    if reason.trim().is_empty() {
        return Err("a dismissal needs a reason (--reason TEXT)".into());
    }
    Ok(dismissal(id, reason, now))
}

/// The dismissal of notification `id` (the record refuses it if it is not waiting).
pub fn dismissal(id: &str, reason: &str, now: DateTime<Utc>) -> NewEvent {
    triage(
        stamp(now),
        TriageEvent::Dismissed {
            notification: id.to_string(),
            reason: reason.to_string(),
        },
    )
}

/// A notification id or an episode reference, as the record knows it.
fn target(state: &State, id: &str) -> Result<Screened, String> {
    if state.notification(id).is_some() {
        Ok(Screened::Notification(id.to_string()))
    } else if state.episode(id).is_some() {
        Ok(Screened::Episode(id.to_string()))
    } else {
        Err(format!(
            "`{id}` is neither a notification nor an episode in the record"
        ))
    }
}

pub fn rate(
    state: &State,
    id: &str,
    rag: Rag,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<NewEvent, String> {
    Ok(rating(target(state, id)?, rag, reason, now))
}

/// A RAG rating of `target`.
pub fn rating(target: Screened, rag: Rag, reason: Option<&str>, now: DateTime<Utc>) -> NewEvent {
    triage(
        stamp(now),
        TriageEvent::Rated {
            target,
            rag,
            reason: reason.map(str::to_string),
        },
    )
}

pub fn decide(
    state: &State,
    id: &str,
    decision: Decision,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<NewEvent, String> {
    Ok(decision_event(target(state, id)?, decision, note, now))
}

/// A MASH decision on `target`.
pub fn decision_event(
    target: Screened,
    decision: Decision,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> NewEvent {
    let mut event = triage(stamp(now), TriageEvent::Decided { target, decision });
    event.note = note.map(str::to_string);
    event
}
