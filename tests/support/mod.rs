//! The one support module every test binary shares (`#[path = "../support/mod.rs"]`):
//! `bin` runs the binary, `postgres` starts a throwaway server, `concurrency` is the
//! many-writers test on either store, `tmux` drives a real terminal, `tui` the board
//! on a TestBackend, `reports` the Medway caseload of the report tests. This file
//! holds the procedure tests' record builders and the one `t()`.
//!
//! A test builds a record from JSON events (exactly as they would arrive in an
//! import), checks it the way an import would, and evaluates it at given instants.
//! Every expected time in the tests is worked out by hand from PROCEDURES.md and
//! written as a literal RFC 3339 instant: nothing here computes a deadline.

#![allow(dead_code)]

pub mod bin;
pub mod concurrency;
pub mod faults;
pub mod postgres;
pub mod reports;
pub mod tmux;
pub mod tui;

use chrono::{DateTime, Utc};
use dutyboard::calendar::Calendar;
use dutyboard::procedures::{evaluate_events, Evaluation, InstanceState, Policy, RuleInstance};
use dutyboard::record::import::{check_batch, parse_lines, Refusal};
use dutyboard::record::{Event, State};
use serde_json::{json, Value};

#[allow(unused_imports)]
pub use dutyboard::procedures::InstanceState::{
    Closed, Completed, Due, DueNow, Overdue, Upcoming, Waived,
};

/// The wall clock the import checks run against: far enough ahead that events in
/// 2027 and 2028 are not "in the future". The future-event test uses its own clock.
pub const WALL_CLOCK: &str = "2030-01-01T00:00:00Z";

/// When the test children are registered (before every episode in the tests).
pub const REGISTERED_AT: &str = "2020-01-06T09:00:00Z";

pub fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("bad instant in a test: {s}: {e}"))
        .with_timezone(&Utc)
}

// ------------------------------------------------------------------ event builders

pub fn child(id: &str, dob: &str, status: &str) -> Value {
    json!({"type": "child_registered", "at": REGISTERED_AT, "child": id,
           "name": format!("Test Child {id}"), "dob": dob, "status": status})
}

pub fn child_flagged(id: &str, dob: &str, status: &str, flags: &[&str]) -> Value {
    with(child(id, dob, status), "flags", json!(flags))
}

pub fn child_updated(child: &str, at: &str, field: &str, value: Value) -> Value {
    with(
        json!({"type": "child_updated", "at": at, "child": child}),
        field,
        value,
    )
}

/// A `missing` episode graded `medium`, with no police reference.
pub fn reported(episode: &str, child: &str, at: &str, last_seen_at: &str) -> Value {
    json!({"type": "episode_reported", "at": at, "episode": episode, "child": child,
           "last_seen_at": last_seen_at, "category": "missing", "risk": "medium"})
}

pub fn returned(episode: &str, at: &str) -> Value {
    json!({"type": "child_returned", "at": at, "episode": episode})
}

pub fn completed(episode: &str, rule: &str, at: &str) -> Value {
    json!({"type": "action_completed", "at": at, "episode": episode, "rule": rule})
}

pub fn waived(episode: &str, rule: &str, at: &str, reason: &str) -> Value {
    json!({"type": "action_waived", "at": at, "episode": episode, "rule": rule, "reason": reason})
}

pub fn police_informed(episode: &str, at: &str, police_ref: &str) -> Value {
    json!({"type": "police_informed", "at": at, "episode": episode, "police_ref": police_ref})
}

pub fn update(episode: &str, at: &str) -> Value {
    json!({"type": "update_recorded", "at": at, "episode": episode, "text": "checked in with the police"})
}

pub fn risk_changed(episode: &str, at: &str, risk: &str) -> Value {
    json!({"type": "risk_changed", "at": at, "episode": episode, "risk": risk})
}

pub fn rhi_attempt(episode: &str, at: &str) -> Value {
    json!({"type": "rhi_attempt", "at": at, "episode": episode})
}

pub fn rhi_declined(episode: &str, at: &str) -> Value {
    json!({"type": "rhi_declined", "at": at, "episode": episode})
}

/// The event with one field set (or replaced).
pub fn with(mut v: Value, key: &str, value: impl Into<Value>) -> Value {
    v.as_object_mut()
        .expect("an event is a JSON object")
        .insert(key.to_string(), value.into());
    v
}

/// The event with one field removed.
pub fn without(mut v: Value, key: &str) -> Value {
    v.as_object_mut()
        .expect("an event is a JSON object")
        .remove(key);
    v
}

pub fn jsonl(events: &[Value]) -> String {
    events
        .iter()
        .map(|e| serde_json::to_string(e).expect("serialisable") + "\n")
        .collect()
}

// ------------------------------------------------------------------ records

/// A checked record under one shipped policy, ready to evaluate at any instant.
pub struct Record {
    pub policy: Policy,
    pub calendar: Calendar,
    pub events: Vec<Event>,
}

impl Record {
    /// Parses and checks the events as an import would (against [`WALL_CLOCK`]);
    /// panics, listing every refusal, if the import would be refused.
    pub fn new(policy: &str, events: &[Value]) -> Record {
        Record::under(Policy::shipped(policy).expect("a shipped policy"), events)
    }

    /// As [`Record::new`], under any policy (e.g. one parsed from a test's own text).
    pub fn under(policy: Policy, events: &[Value]) -> Record {
        let parsed = parse_lines(jsonl(events).as_bytes(), "test-operator")
            .unwrap_or_else(|r| panic!("the events did not parse:\n{}", show(&r)));
        if let Err(r) = check_batch(&[], &parsed, &policy, t(WALL_CLOCK)) {
            panic!("the import was refused:\n{}", show(&r));
        }
        let mut events: Vec<Event> = parsed.into_iter().map(|p| p.event).collect();
        events.sort_by_key(|e| e.at); // stable: same-instant events keep file order
        Record {
            policy,
            calendar: Calendar::embedded(),
            events,
        }
    }

    /// The record as it stood at `now` (later events left out), evaluated.
    pub fn at(&self, now: &str) -> View {
        let now = t(now);
        let (state, eval) = evaluate_events(&self.events, &self.policy, &self.calendar, now);
        View { state, eval, now }
    }

    /// Asserts the state of the one instance of `rule` on `episode` at each instant.
    pub fn assert_states(&self, episode: &str, rule: &str, expected: &[(&str, InstanceState)]) {
        for (now, state) in expected {
            let view = self.at(now);
            let got = view.get(episode, rule).state;
            assert_eq!(
                got, *state,
                "{episode}/{rule} at {now}: expected {state:?}, got {got:?}"
            );
            assert_eq!(
                view.listed(episode, rule),
                state.is_open(),
                "{episode}/{rule} at {now}: `due` listing disagrees with state {state:?}"
            );
        }
    }
}

/// The refusals of an import of these events under a policy (panics if accepted).
pub fn refused(policy: &str, events: &[Value]) -> Vec<Refusal> {
    refused_at(policy, events, WALL_CLOCK)
}

pub fn refused_at(policy: &str, events: &[Value], wall_clock: &str) -> Vec<Refusal> {
    let policy = Policy::shipped(policy).expect("a shipped policy");
    let parsed = match parse_lines(jsonl(events).as_bytes(), "test-operator") {
        Ok(p) => p,
        Err(r) => return r,
    };
    match check_batch(&[], &parsed, &policy, t(wall_clock)) {
        Ok(()) => panic!("the import should have been refused but was accepted"),
        Err(r) => r,
    }
}

pub fn show(refusals: &[Refusal]) -> String {
    refusals
        .iter()
        .map(|r| format!("  {r}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts that one refusal names this line and field and says something containing
/// `reason` (case-insensitive).
pub fn assert_refusal(refusals: &[Refusal], line: usize, field: Option<&str>, reason: &str) {
    let found = refusals.iter().any(|r| {
        r.line == Some(line)
            && r.error.field.as_deref() == field
            && r.error
                .reason
                .to_lowercase()
                .contains(&reason.to_lowercase())
    });
    assert!(
        found,
        "expected a refusal at line {line}, field {field:?}, saying {reason:?}; got:\n{}",
        show(refusals)
    );
}

// ------------------------------------------------------------------ evaluations

pub struct View {
    pub state: State,
    pub eval: Evaluation,
    pub now: DateTime<Utc>,
}

impl View {
    /// Every instance of a rule on an episode, by occurrence.
    pub fn all(&self, episode: &str, rule: &str) -> Vec<&RuleInstance> {
        let mut v: Vec<&RuleInstance> = self
            .eval
            .instances
            .iter()
            .filter(|i| i.episode == episode && i.rule == rule)
            .collect();
        v.sort_by_key(|i| i.occurrence);
        v
    }

    pub fn find(&self, episode: &str, rule: &str) -> Option<&RuleInstance> {
        let all = self.all(episode, rule);
        assert!(
            all.len() <= 1,
            "{episode}/{rule}: expected at most one instance, got {}:\n{}",
            all.len(),
            self.dump()
        );
        all.first().copied()
    }

    /// The one instance of a rule on an episode (panics if there is none or several).
    pub fn get(&self, episode: &str, rule: &str) -> &RuleInstance {
        self.find(episode, rule).unwrap_or_else(|| {
            panic!(
                "{episode}/{rule}: no instance at {}:\n{}",
                self.now,
                self.dump()
            )
        })
    }

    /// Occurrence `n` (1-based) of a repeating rule.
    pub fn nth(&self, episode: &str, rule: &str, n: u32) -> &RuleInstance {
        self.all(episode, rule)
            .into_iter()
            .find(|i| i.occurrence == n)
            .unwrap_or_else(|| {
                panic!(
                    "{episode}/{rule}: no occurrence {n} at {}:\n{}",
                    self.now,
                    self.dump()
                )
            })
    }

    /// Whether `due` (no horizon) lists this rule for this episode.
    pub fn listed(&self, episode: &str, rule: &str) -> bool {
        self.eval
            .open(None, self.now)
            .iter()
            .any(|i| i.episode == episode && i.rule == rule)
    }

    /// The rule ids `due` lists for an episode, sorted.
    pub fn listed_rules(&self, episode: &str) -> Vec<String> {
        let mut v: Vec<String> = self
            .eval
            .open(None, self.now)
            .iter()
            .filter(|i| i.episode == episode)
            .map(|i| i.rule.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Every rule id with an instance (in any state) on an episode, sorted.
    pub fn rules(&self, episode: &str) -> Vec<String> {
        let mut v: Vec<String> = self
            .eval
            .instances
            .iter()
            .filter(|i| i.episode == episode)
            .map(|i| i.rule.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Asserts the rule is not required of the episode: no instance that is open or
    /// still to open (a closed or superseded one is allowed).
    pub fn assert_not_required(&self, episode: &str, rule: &str) {
        for i in self.all(episode, rule) {
            assert!(
                !i.state.is_open() && i.state != Upcoming,
                "{episode}/{rule} should not be required at {}, but is {:?}:\n{}",
                self.now,
                i.state,
                self.dump()
            );
        }
        assert!(!self.listed(episode, rule));
    }

    /// Asserts no instance of the rule exists on the episode at all.
    pub fn assert_absent(&self, episode: &str, rule: &str) {
        let all = self.all(episode, rule);
        assert!(
            all.is_empty(),
            "{episode}/{rule} should have no instance at {}:\n{}",
            self.now,
            self.dump()
        );
    }

    pub fn violations(&self, episode: &str) -> Vec<String> {
        self.eval
            .violations
            .iter()
            .filter(|v| v.episode == episode)
            .map(|v| v.text.clone())
            .collect()
    }

    pub fn dump(&self) -> String {
        let mut out = String::new();
        for i in &self.eval.instances {
            out.push_str(&format!(
                "  {} {} #{} {:?} opens {} due {}{}{}\n",
                i.episode,
                i.rule,
                i.occurrence,
                i.state,
                i.opens_at.to_rfc3339(),
                i.due_at.to_rfc3339(),
                if i.asap { " asap" } else { "" },
                if i.breached { " breached" } else { "" },
            ));
        }
        for e in &self.eval.errors {
            out.push_str(&format!("  error: {e}\n"));
        }
        out
    }
}

/// Asserts an instance's opening and deadline (`due` = None means "asap": the
/// deadline is the opening itself).
pub fn assert_times(i: &RuleInstance, opens_at: &str, due: Option<&str>) {
    assert_eq!(
        i.opens_at,
        t(opens_at),
        "{}/{} #{}: opens_at",
        i.episode,
        i.rule,
        i.occurrence
    );
    match due {
        Some(due) => {
            assert!(
                !i.asap,
                "{}/{}: expected a sourced deadline, got asap",
                i.episode, i.rule
            );
            assert_eq!(i.due_at, t(due), "{}/{}: due_at", i.episode, i.rule);
        }
        None => {
            assert!(
                i.asap,
                "{}/{}: expected asap, got a deadline at {}",
                i.episode, i.rule, i.due_at
            );
            assert_eq!(
                i.due_at,
                t(opens_at),
                "{}/{}: an asap instance is due when it opens",
                i.episode,
                i.rule
            );
        }
    }
}

/// `action_completed` with a note: how a duty done another way is recorded where the
/// procedure allows no waiver (PROCEDURES.md, "Waivers").
pub fn completed_noted(episode: &str, rule: &str, at: &str, note: &str) -> Value {
    with(completed(episode, rule, at), "note", note)
}

/// Building the record panics with the import's refusal, which names `rule` and says
/// it cannot be waived (PROCEDURES.md, "Waivers": any other waiver is refused).
pub fn assert_waiver_refused(rule: &str, build: impl FnOnce() + std::panic::UnwindSafe) {
    let err = std::panic::catch_unwind(build).expect_err("the waiver should have been refused");
    let text = err.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        text.contains(&format!("`{rule}` cannot be waived")),
        "{text}"
    );
}
