//! The procedures engine: policies as data, and the pure function that turns the
//! record into the actions each procedure demands.

mod compile;
pub mod completions;
pub mod engine;
pub mod expr;
pub mod governs;
pub mod policy;
pub mod repeats;
pub mod waivers;

pub use engine::{
    evaluate, evaluate_scoped, EngineError, Evaluation, InstanceState, PolicyViolation,
    RuleInstance, Scope,
};
pub use policy::{Policy, PolicyError};

use crate::calendar::Calendar;
use crate::record::{Event, State};
use chrono::{DateTime, Utc};

/// The record as it stood at `now`: events after `now` are left out, then the rest
/// are folded and evaluated. `events` must be in time order.
pub fn evaluate_events(
    events: &[Event],
    policy: &Policy,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> (State, Evaluation) {
    let upto = events.partition_point(|e| e.at <= now);
    let mut state = State::fold(&events[..upto]);
    state.finish();
    let evaluation = evaluate_scoped(&state, policy, calendar, now, Scope::All);
    (state, evaluation)
}
