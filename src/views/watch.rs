//! What changed on the record, one line a change, for `dutyboard watch`: a log file,
//! a screen reader, or a second screen follows the desk without the full board. Two
//! kinds of change: an event someone recorded, and an action whose state moved (it
//! opened, fell due now, was breached, escalated) as the clock ran or the record changed.
//! Nothing already so when the watch began is said again.

use crate::calendar::time::{rfc, when};
use crate::procedures::engine::{Evaluation, InstanceState, RuleInstance};
use crate::procedures::Policy;
use crate::record::{initials, Event, EventKind, State};
use crate::views::wording::{describe, one_line, state_label};
use serde::Serialize;
use std::collections::HashMap;

/// One change, as `--format json` writes it (text is [`Change::line`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// An event was recorded (by this desk or any other).
    Event {
        seq: i64,
        at: String,
        #[serde(rename = "type")]
        event_type: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        episode: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        child: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        text: String,
        by: String,
    },
    /// An action's state moved: `due`, `due_now`, `overdue`, or `escalated`.
    Action {
        at: String,
        episode: String,
        child: String,
        name: String,
        rule: String,
        title: String,
        state: String,
        due_at: String,
    },
}

impl Change {
    /// The change in words, local time first: `21:50  E1 A.S.: Reported missing ...`.
    pub fn line(&self) -> String {
        match self {
            Change::Event {
                at,
                episode,
                name,
                text,
                by,
                ..
            } => {
                let whom = match (episode, name) {
                    (Some(e), Some(n)) => format!("{e} {n}: "),
                    (None, Some(n)) => format!("{n}: "),
                    (Some(e), None) => format!("{e}: "),
                    (None, None) => String::new(),
                };
                format!("{}  {whom}{text} (by {by})", local(at))
            }
            Change::Action {
                at,
                episode,
                name,
                title,
                state,
                due_at,
                ..
            } => {
                let label = match state.as_str() {
                    "escalated" => "ESCALATED",
                    "overdue" => "OVERDUE",
                    "due_now" => "DUE NOW",
                    _ => "due",
                };
                let due = due_at.parse().map(when).unwrap_or_else(|_| due_at.clone());
                let tail = match state.as_str() {
                    "overdue" | "escalated" => format!("was due {due}"),
                    "due_now" => "as soon as possible".to_string(),
                    _ => format!("due {due}"),
                };
                format!("{}  {label}  {episode} {name}: {title} ({tail})", local(at))
            }
        }
    }
}

fn local(at: &str) -> String {
    at.parse().map(when).unwrap_or_else(|_| at.to_string())
}

/// What each open action's state was at the last look: only a move is a change.
#[derive(Debug, Default)]
pub struct Seen {
    states: HashMap<(String, String, u32), Moment>,
}

/// The part of an action's state a watcher is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Moment {
    Quiet,
    Due,
    DueNow,
    Overdue,
    Escalated,
}

impl Moment {
    fn of(i: &RuleInstance) -> Moment {
        match i.state {
            InstanceState::Overdue if i.escalated => Moment::Escalated,
            InstanceState::Overdue => Moment::Overdue,
            InstanceState::DueNow => Moment::DueNow,
            InstanceState::Due => Moment::Due,
            // Upcoming is not yet news; done, waived and closed arrive as the events
            // that settled them.
            _ => Moment::Quiet,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Moment::Escalated => "escalated",
            Moment::Overdue => "overdue",
            Moment::DueNow => "due_now",
            Moment::Due => "due",
            Moment::Quiet => "",
        }
    }
}

impl Seen {
    /// Remembers every action's state without saying anything (the watch's start).
    pub fn primed(evaluation: &Evaluation) -> Seen {
        let mut seen = Seen::default();
        for i in &evaluation.instances {
            seen.states.insert(key(i), Moment::of(i));
        }
        seen
    }

    /// The actions whose state moved since the last look, most urgent first (the
    /// evaluation's order), and remembers the new states.
    pub fn moved(
        &mut self,
        state: &State,
        evaluation: &Evaluation,
        now: chrono::DateTime<chrono::Utc>,
        privacy: bool,
    ) -> Vec<Change> {
        let mut out = Vec::new();
        let mut next = HashMap::with_capacity(evaluation.instances.len());
        for i in &evaluation.instances {
            let moment = Moment::of(i);
            let before = self.states.get(&key(i)).copied().unwrap_or(Moment::Quiet);
            if moment != before && moment != Moment::Quiet {
                out.push(Change::Action {
                    at: rfc(now),
                    episode: i.episode.clone(),
                    child: i.child.clone(),
                    name: name(state, &i.child, privacy).unwrap_or_default(),
                    rule: i.rule.clone(),
                    title: i.title.clone(),
                    state: moment.word().to_string(),
                    due_at: rfc(i.due_at),
                });
            }
            next.insert(key(i), moment);
        }
        self.states = next;
        out
    }
}

fn key(i: &RuleInstance) -> (String, String, u32) {
    (i.episode.clone(), i.rule.clone(), i.occurrence)
}

fn name(state: &State, child: &str, privacy: bool) -> Option<String> {
    let c = state.children.get(state.child_ref(child))?;
    Some(if privacy {
        initials(&c.name)
    } else {
        one_line(&c.name)
    })
}

/// An event someone recorded, in words, naming the child it is about.
pub fn recorded(seq: i64, event: &Event, state: &State, policy: &Policy, privacy: bool) -> Change {
    let episode = event.episode().map(str::to_string);
    let child = episode
        .as_deref()
        .and_then(|e| state.episode(e))
        .map(|e| e.child.clone())
        .or_else(|| child_named(event).map(str::to_string));
    Change::Event {
        seq,
        at: rfc(event.at),
        event_type: event.event_type().name().to_string(),
        name: child.as_deref().and_then(|c| name(state, c, privacy)),
        episode,
        child,
        text: describe(event, policy),
        by: event.by.clone(),
    }
}

/// The child an event names directly (one about an episode names it through the episode).
fn child_named(event: &Event) -> Option<&str> {
    match &event.kind {
        EventKind::ChildRegistered { child, .. }
        | EventKind::ChildUpdated { child, .. }
        | EventKind::ChildrenMerged { child, .. } => Some(child),
        _ => None,
    }
}

/// How many children are missing and how many actions are overdue: the watch's first line.
pub fn summary(state: &State, evaluation: &Evaluation) -> String {
    let missing = state.episodes.iter().filter(|e| e.is_open()).count();
    let overdue = evaluation
        .instances
        .iter()
        .filter(|i| i.state == InstanceState::Overdue)
        .count();
    format!(
        "{missing} open episode(s), {overdue} action(s) {}",
        state_label(InstanceState::Overdue)
    )
}
