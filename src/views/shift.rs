//! What the shifts mean at `now` (INTERFACE "Shifts and acknowledgements"; issue 17,
//! "Escalating"): when an acknowledgement lapses, the shift in progress, and which
//! actions are DUE SOON. Pure: `now` is an argument; every board reading the same
//! record agrees. What is escalated is [`super::escalation`]'s.

use crate::record::{Acknowledgement, Episode, State};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// An action due within this long is DUE SOON (a display state: JSON keeps `due`).
pub const DUE_SOON: Duration = Duration::hours(1);

/// How long a breach of the current or previous shift may stand unacknowledged
/// before it is escalated to the shift's duty manager, unless the desk sets another.
pub const ESCALATE_AFTER: Duration = Duration::minutes(30);

/// When `ack` lapses: at its `until`, else at the end of the shift it was made in (the
/// latest `shift_started` at or before it). `None`: no shift recorded, it never lapses.
pub fn lapses_at(state: &State, ack: &Acknowledgement) -> Option<DateTime<Utc>> {
    ack.until
        .or_else(|| state.shift_at(ack.at).map(|s| s.ends_at))
}

/// Where the acknowledgement of one breach stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Standing<'a> {
    /// The acknowledgement in force, if one is.
    pub current: Option<&'a Acknowledgement>,
    /// When the latest acknowledgement lapsed, if it has (the breach alerts again).
    pub lapsed_at: Option<DateTime<Utc>>,
}

/// The acknowledgement of the breach of `rule` due at `due_at`, at `now`: the latest
/// made after the deadline passed, in force until it lapses.
pub fn standing<'a>(
    state: &State,
    episode: &'a Episode,
    rule: &str,
    due_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Standing<'a> {
    let Some(ack) = episode.acknowledgement(rule, due_at) else {
        return Standing::default();
    };
    match lapses_at(state, ack) {
        Some(t) if t <= now => Standing {
            current: None,
            lapsed_at: Some(t),
        },
        _ => Standing {
            current: Some(ack),
            lapsed_at: None,
        },
    }
}

/// The shift in progress when the board was built: what escalation reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShiftNow {
    #[serde(serialize_with = "super::rfc")]
    pub started_at: DateTime<Utc>,
    #[serde(serialize_with = "super::rfc")]
    pub ends_at: DateTime<Utc>,
    pub manager: Option<String>,
    /// The previous shift's start: breaches since then may be escalated.
    #[serde(serialize_with = "super::rfc")]
    pub escalates_from: DateTime<Utc>,
}

/// The shift at `now`, if any was recorded.
pub fn shift_now(state: &State, now: DateTime<Utc>) -> Option<ShiftNow> {
    let current = state.shift_at(now)?;
    Some(ShiftNow {
        started_at: current.at,
        ends_at: current.ends_at,
        manager: current.manager.clone(),
        escalates_from: state.shift_before(now).map_or(current.at, |s| s.at),
    })
}

/// An action due soon (within [`DUE_SOON`]), for the board and its one alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueSoon {
    pub episode: String,
    pub rule: String,
    pub title: String,
    pub due_at: DateTime<Utc>,
}

/// Whether an action still due at `due_at` is DUE SOON at `now`.
pub fn is_due_soon(due_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    due_at > now && due_at - now <= DUE_SOON
}
