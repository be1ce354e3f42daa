//! A screener's decisions as the events that record them: accept (with the episode it
//! opens, and the child it registers), dismiss, rate, decide. The command line and the
//! board's pane build the same events here and store them through the checked import.

use crate::calendar::time::rfc;
use crate::record::import::{self, Parsed, Refusal};
use crate::record::vocab::{Category, Decision, Rag, Status};
use crate::record::{EventType, RawEvent};
use crate::record::{NotificationStatus, State};
use chrono::{DateTime, Utc};

/// A decision's own time to the microsecond: to the second it could fall before the
/// notification it settles, received earlier within the same second.
fn stamp(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
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
) -> Result<Vec<RawEvent>, String> {
    Ok(acceptance_events(pending(state, id)?, how, now))
}

/// The events accepting the pending notification `n` records (the board's pane
/// holds the notification, not the whole state; the record's checks refuse it if
/// another desk settled it meanwhile).
pub fn acceptance_events(
    n: &crate::record::Notification,
    how: &Acceptance,
    now: DateTime<Utc>,
) -> Vec<RawEvent> {
    let id = n.id.as_str();
    let d = &n.details;
    let reported = rfc(d.reported_at);
    let episode = how.episode.clone().unwrap_or_else(|| new_episode_ref(id));
    let mut events = Vec::new();
    let child = match &how.whom {
        Whom::Child(child) => child.clone(),
        Whom::New { status } => {
            let child = new_child_ref(id);
            events.push(RawEvent {
                kind: Some(EventType::ChildRegistered.name().into()),
                at: Some(reported.clone()),
                child: Some(child.clone()),
                name: Some(d.name.clone()),
                dob: Some(d.dob.to_string()),
                status: Some(status.as_str().into()),
                placement: d.placement.clone().or_else(|| d.address.clone()),
                note: Some(format!("registered from police notification {id}")),
                ..RawEvent::default()
            });
            child
        }
    };
    events.push(RawEvent {
        kind: Some(EventType::EpisodeReported.name().into()),
        at: Some(reported),
        episode: Some(episode.clone()),
        child: Some(child.clone()),
        last_seen_at: Some(rfc(d.last_seen_at)),
        category: Some(how.category.as_str().into()),
        risk: Some(d.risk.as_str().into()),
        police_ref: Some(d.police_ref.clone()),
        last_seen_location: d.last_seen_location.clone(),
        circumstances: d.circumstances.clone(),
        note: Some(format!("from police notification {id}")),
        ..RawEvent::default()
    });
    events.push(RawEvent {
        kind: Some(EventType::NotificationAccepted.name().into()),
        at: Some(stamp(now)),
        notification: Some(id.to_string()),
        child: Some(child),
        episode: Some(episode),
        ..RawEvent::default()
    });
    events
}

pub fn dismiss(
    state: &State,
    id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<RawEvent, String> {
    pending(state, id)?;
    if reason.trim().is_empty() {
        return Err("a dismissal needs a reason (--reason TEXT)".into());
    }
    Ok(dismissal(id, reason, now))
}

/// The dismissal of notification `id` (the record refuses it if it is not waiting).
pub fn dismissal(id: &str, reason: &str, now: DateTime<Utc>) -> RawEvent {
    RawEvent {
        kind: Some(EventType::NotificationDismissed.name().into()),
        at: Some(stamp(now)),
        notification: Some(id.to_string()),
        reason: Some(reason.to_string()),
        ..RawEvent::default()
    }
}

/// A notification id or an episode reference, as the record knows it.
fn target(state: &State, id: &str, event: &mut RawEvent) -> Result<(), String> {
    if state.notification(id).is_some() {
        event.notification = Some(id.to_string());
    } else if state.episode(id).is_some() {
        event.episode = Some(id.to_string());
    } else {
        return Err(format!(
            "`{id}` is neither a notification nor an episode in the record"
        ));
    }
    Ok(())
}

pub fn rate(
    state: &State,
    id: &str,
    rag: Rag,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<RawEvent, String> {
    let mut event = rating(rag, reason, now);
    target(state, id, &mut event)?;
    Ok(event)
}

/// A RAG rating, its notification or episode still to be named.
pub fn rating(rag: Rag, reason: Option<&str>, now: DateTime<Utc>) -> RawEvent {
    RawEvent {
        kind: Some(EventType::RagRated.name().into()),
        at: Some(stamp(now)),
        rag: Some(rag.as_str().into()),
        reason: reason.map(str::to_string),
        ..RawEvent::default()
    }
}

pub fn decide(
    state: &State,
    id: &str,
    decision: Decision,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<RawEvent, String> {
    let mut event = decision_event(decision, note, now);
    target(state, id, &mut event)?;
    Ok(event)
}

/// A MASH decision, its notification or episode still to be named.
pub fn decision_event(decision: Decision, note: Option<&str>, now: DateTime<Utc>) -> RawEvent {
    RawEvent {
        kind: Some(EventType::MashDecision.name().into()),
        at: Some(stamp(now)),
        decision: Some(decision.as_str().into()),
        note: note.map(str::to_string),
        ..RawEvent::default()
    }
}

/// The events ready for [`import::append`]: line N is the Nth event, so a refusal
/// names the event at fault.
pub fn parsed(events: &[RawEvent], operator: &str) -> Result<Vec<Parsed>, Vec<Refusal>> {
    let mut out = Vec::new();
    let mut refusals = Vec::new();
    for (i, raw) in events.iter().enumerate() {
        match import::parse_raw(raw.clone(), operator) {
            Ok((event, body)) => out.push(Parsed {
                line: i + 1,
                event,
                body,
            }),
            Err(error) => refusals.push(Refusal {
                line: Some(i + 1),
                error,
            }),
        }
    }
    if refusals.is_empty() {
        Ok(out)
    } else {
        Err(refusals)
    }
}
