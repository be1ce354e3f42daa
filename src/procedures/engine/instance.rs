//! What the engine hands out: rule instances in their states, the violations it
//! found, and the errors that stopped it. Plain data, for views and reports.

use chrono::{DateTime, Utc};
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InstanceState {
    /// Not yet required (`now < opens_at`).
    Upcoming,
    /// Required, deadline still ahead.
    Due,
    /// Required "as soon as possible" (no sourced deadline) and not yet done.
    DueNow,
    /// Past a sourced deadline and not done: a breach.
    Overdue,
    Completed,
    Waived,
    /// No longer required: the child came back, or a later episode took it over.
    Closed,
}

impl InstanceState {
    /// Listed by `due`: the officer still has to act.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            InstanceState::Due | InstanceState::DueNow | InstanceState::Overdue
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InstanceState::Upcoming => "upcoming",
            InstanceState::Due => "due",
            InstanceState::DueNow => "due_now",
            InstanceState::Overdue => "overdue",
            InstanceState::Completed => "completed",
            InstanceState::Waived => "waived",
            InstanceState::Closed => "closed",
        }
    }
}

/// One action the procedure demands of one episode (or, for repeat rules, of the
/// child, named by the episode that triggered it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleInstance {
    pub episode: String,
    pub child: String,
    pub rule: String,
    pub title: String,
    /// 1 for the first time a rule opens on an episode, 2 for the next, and so on.
    pub occurrence: u32,
    pub opens_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    /// No sourced deadline: required as soon as it opens.
    pub asap: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalates_at: Option<DateTime<Utc>>,
    pub escalated: bool,
    pub state: InstanceState,
    /// When and by whom it was completed or waived, and why (for a waiver).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<DateTime<Utc>>,
    /// The sourced deadline passed before the action was dealt with (now or at any time).
    pub breached: bool,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The policy it was worked out under, and the authority whose procedure that is.
    #[serde(skip)]
    pub policy: Arc<str>,
    #[serde(skip)]
    pub authority: Arc<str>,
}

/// What an episode follows: its authority's policy in force at its report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Following {
    pub authority: Arc<str>,
    pub policy: Arc<str>,
    pub version: Option<Arc<str>>,
}

/// A rule the engine could not compute, said plainly rather than guessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EngineError {
    pub episode: String,
    pub rule: String,
    pub message: String,
}

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "episode {}, rule {}: {}",
            self.episode, self.rule, self.message
        )
    }
}

/// A grading or other fact the policy says must be different.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyViolation {
    pub episode: String,
    pub text: String,
    pub source: String,
}

#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// Every instance, in any state, most urgent first.
    pub instances: Vec<RuleInstance>,
    /// Each episode evaluated, with the authority and the policy (and its version) it
    /// follows.
    pub governed: rustc_hash::FxHashMap<String, Following>,
    pub violations: Vec<PolicyViolation>,
    pub errors: Vec<EngineError>,
    /// Episodes the daily missing report leaves out: a rule marked
    /// `leaves_daily_report` was completed on them (medway's UASC children once the
    /// Missing Information Officer is told). The board still shows them.
    pub off_daily_report: Vec<String>,
}

impl Evaluation {
    /// The instances an officer must act on (and, with a horizon, those opening soon).
    pub fn open(
        &self,
        horizon: Option<chrono::Duration>,
        now: DateTime<Utc>,
    ) -> Vec<&RuleInstance> {
        self.instances
            .iter()
            .filter(|i| {
                i.state.is_open()
                    || (i.state == InstanceState::Upcoming
                        && horizon.is_some_and(|h| i.opens_at <= now + h))
            })
            .collect()
    }
}
