//! What a correction will change, before it is saved: the engine is run on the
//! record with and without the new events, and the deadlines of the children they
//! touch are compared ("Strategy meeting due 14:10 -> 09:30"). Pure: the desk hands
//! in the stored events ([`crate::desk::Desk::preview`]); the board shows the lines
//! in its one confirmation before saving.

use crate::calendar::time::when;
use crate::calendar::{local, Calendar};
use crate::procedures::engine::evaluate_children;
use crate::procedures::governs::Govern;
use crate::procedures::{InstanceState, RuleInstance};
use crate::record::{Event, EventKind, State};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashSet};

/// One deadline a correction changes: how it stands on the record as it is, and
/// how it will stand with the correction (`None`: the rule does not apply).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineChange {
    pub episode: String,
    pub title: String,
    pub before: Option<Standing>,
    pub after: Option<Standing>,
}

/// How one rule instance stands, as far as the officer reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub state: InstanceState,
    pub opens_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub asap: bool,
    pub breached: bool,
}

impl Standing {
    fn of(i: &RuleInstance) -> Standing {
        Standing {
            state: i.state,
            opens_at: i.opens_at,
            due_at: i.due_at,
            asap: i.asap,
            breached: i.breached,
        }
    }
}

/// A time as a question reads it: `14:10` today, else `Mon 30 Nov 21:53`.
fn clock(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if local(t).date_naive() == local(now).date_naive() {
        local(t).format("%H:%M").to_string()
    } else {
        when(t)
    }
}

/// How a deadline stands, in words: "due 14:10", "OVERDUE since 09:30", "done late".
pub fn standing_words(standing: Option<&Standing>, now: DateTime<Utc>) -> String {
    let Some(s) = standing else {
        return "not required".into();
    };
    match s.state {
        InstanceState::Upcoming if s.asap => format!("opens {}", clock(s.opens_at, now)),
        InstanceState::Upcoming | InstanceState::Due => format!("due {}", clock(s.due_at, now)),
        InstanceState::DueNow => "due now".into(),
        InstanceState::Overdue => format!("OVERDUE since {}", clock(s.due_at, now)),
        InstanceState::Completed if s.breached => "done late".into(),
        InstanceState::Completed => "done".into(),
        InstanceState::Waived => "waived".into(),
        InstanceState::Closed if s.breached => "closed after its deadline".into(),
        InstanceState::Closed => "not required".into(),
    }
}

impl DeadlineChange {
    /// "Strategy meeting due 14:10 -> 09:30"; "Report to the police due now -> not
    /// required".
    pub fn line(&self, now: DateTime<Utc>) -> String {
        let before = standing_words(self.before.as_ref(), now);
        let after = standing_words(self.after.as_ref(), now);
        match (before.strip_prefix("due "), after.strip_prefix("due ")) {
            (Some(b), Some(a)) => format!("{} due {b} -> {a}", self.title),
            _ => format!("{} {before} -> {after}", self.title),
        }
    }
}

/// The deadlines that read differently in `after` than in `before` (instances of
/// the same episode, rule and occurrence compared), soonest first.
pub fn changes(
    before: &[RuleInstance],
    after: &[RuleInstance],
    now: DateTime<Utc>,
) -> Vec<DeadlineChange> {
    type Key<'a> = (&'a str, &'a str, u32);
    let mut pairs: BTreeMap<Key, (Option<&RuleInstance>, Option<&RuleInstance>)> = BTreeMap::new();
    for i in before {
        pairs
            .entry((i.episode.as_str(), i.rule.as_str(), i.occurrence))
            .or_default()
            .0 = Some(i);
    }
    for i in after {
        pairs
            .entry((i.episode.as_str(), i.rule.as_str(), i.occurrence))
            .or_default()
            .1 = Some(i);
    }
    let mut out: Vec<(DateTime<Utc>, DeadlineChange)> = pairs
        .into_values()
        .filter_map(|(b, a)| {
            let any = a.or(b)?;
            let change = DeadlineChange {
                episode: any.episode.clone(),
                title: any.title.clone(),
                before: b.map(Standing::of),
                after: a.map(Standing::of),
            };
            let same = standing_words(change.before.as_ref(), now)
                == standing_words(change.after.as_ref(), now);
            (!same).then(|| (a.map_or(any.due_at, |a| a.due_at), change))
        })
        .collect();
    out.sort_by(|x, y| x.0.cmp(&y.0).then_with(|| x.1.title.cmp(&y.1.title)));
    out.into_iter().map(|(_, c)| c).collect()
}

/// The children `batch` is about, as `state` (the record without it) knows them: an
/// episode's child, a child named, both children of a merge, and whatever a void's
/// target is about.
pub fn children_touched(state: &State, stored: &[Event], batch: &[Event]) -> HashSet<String> {
    let mut out = HashSet::new();
    let about = |e: &Event, out: &mut HashSet<String>| {
        if let Some(ep) = e.episode().and_then(|r| state.episode(r)) {
            out.insert(ep.child.clone());
        }
        match &e.kind {
            EventKind::ChildRegistered { child, .. }
            | EventKind::ChildUpdated { child, .. }
            | EventKind::EpisodeReported { child, .. } => {
                out.insert(state.child_ref(child).to_string());
            }
            EventKind::ChildrenMerged { child, into, .. } => {
                out.insert(state.child_ref(child).to_string());
                out.insert(state.child_ref(into).to_string());
            }
            _ => {}
        }
    };
    for e in batch {
        about(e, &mut out);
        if let EventKind::EventVoided { event, .. } = &e.kind {
            if let Some(target) = stored.iter().find(|s| s.id == *event) {
                about(target, &mut out);
            }
        }
    }
    out
}

/// `stored` (in time order) with `batch` merged in: at the same instant, stored
/// events first, then the batch in its order (as the record's checks place them).
pub fn with_batch(stored: &[Event], batch: &[Event]) -> Vec<Event> {
    let mut fresh: Vec<&Event> = batch.iter().collect();
    fresh.sort_by_key(|e| e.at);
    let mut out = Vec::with_capacity(stored.len() + batch.len());
    let mut next = 0;
    for s in stored {
        while next < fresh.len() && fresh[next].at < s.at {
            out.push(fresh[next].clone());
            next += 1;
        }
        out.push(s.clone());
    }
    out.extend(fresh[next..].iter().map(|e| (*e).clone()));
    out
}

fn folded(events: &[Event]) -> State {
    let mut state = State::fold(events);
    state.finish();
    state
}

/// The deadlines `batch` changes: every instance of the children it touches,
/// evaluated at `now` on `stored` (the whole record, in time order) and on `stored`
/// with the batch.
pub fn deadline_changes(
    stored: &[Event],
    batch: &[Event],
    policy: &dyn Govern,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Vec<DeadlineChange> {
    let before_state = folded(stored);
    let after_state = folded(&with_batch(stored, batch));
    let mut touched = children_touched(&before_state, stored, batch);
    // A merged duplicate's episodes are its kept child's afterwards.
    let kept: Vec<String> = touched
        .iter()
        .map(|c| after_state.child_ref(c).to_string())
        .collect();
    touched.extend(kept);
    let pick = |c: &crate::record::Child| touched.contains(&c.reference);
    let before = evaluate_children(&before_state, policy, calendar, now, &pick);
    let after = evaluate_children(&after_state, policy, calendar, now, &pick);
    changes(&before.instances, &after.instances, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::import::parse_lines;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn events(lines: &str) -> Vec<Event> {
        parse_lines(lines.as_bytes(), "Test Officer")
            .unwrap()
            .into_iter()
            .map(|p| p.event)
            .collect()
    }

    const RECORD: &str = r#"{"type":"child_registered","id":"r1","at":"2026-03-01T09:00:00Z","child":"C1","name":"Amy Sample","dob":"2012-05-01","status":"looked_after"}
{"type":"episode_reported","id":"e1","at":"2026-03-04T10:00:00Z","episode":"E1","child":"C1","last_seen_at":"2026-03-04T08:00:00Z","category":"missing","risk":"high"}
"#;

    #[test]
    fn a_corrected_last_seen_time_moves_the_deadlines_that_run_from_it() {
        let policy = crate::procedures::Policy::shipped("cumbria").unwrap();
        let calendar = Calendar::embedded();
        let now = at("2026-03-04T11:00:00Z");
        let stored = events(RECORD);
        let batch = events(
            r#"{"type":"episode_corrected","at":"2026-03-04T11:00:00Z","episode":"E1","reason":"typed wrong","last_seen_at":"2026-03-04T06:00:00Z"}"#,
        );
        let changes = deadline_changes(&stored, &batch, &policy, &calendar, now);
        assert!(!changes.is_empty(), "the correction moves a deadline");
        for c in &changes {
            let (b, a) = (c.before.as_ref(), c.after.as_ref());
            assert_ne!(
                standing_words(b, now),
                standing_words(a, now),
                "only changes are listed: {}",
                c.line(now)
            );
        }
        // Nothing else changes without a correction.
        assert!(deadline_changes(&stored, &[], &policy, &calendar, now).is_empty());
    }

    #[test]
    fn a_deadline_reads_before_and_after_in_local_time() {
        let now = at("2026-03-04T11:00:00Z");
        let standing = |due: &str| Standing {
            state: InstanceState::Due,
            opens_at: now,
            due_at: at(due),
            asap: false,
            breached: false,
        };
        let change = DeadlineChange {
            episode: "E1".into(),
            title: "Strategy meeting".into(),
            before: Some(standing("2026-03-04T14:10:00Z")),
            after: Some(standing("2026-03-05T09:30:00Z")),
        };
        assert_eq!(
            change.line(now),
            "Strategy meeting due 14:10 -> Thu 05 Mar 09:30"
        );
        let gone = DeadlineChange {
            after: None,
            ..change
        };
        assert_eq!(gone.line(now), "Strategy meeting due 14:10 -> not required");
    }
}
