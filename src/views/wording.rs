//! The desk's words, written once: an action's state and its countdown (`in 3h 12m`,
//! `DUE NOW`, `OVERDUE 1h 05m`, `opens in 2h 00m`). The board, the detail pane, the
//! forms, the handover and the daily report all say it through here. One difference
//! is left, and is written here only: the reports say `due in 3h 12m` where the
//! board says `in 3h 12m` ([`report_countdown`]); their goldens and tests pin it.

use crate::calendar::time::elapsed;
use crate::procedures::InstanceState;
use chrono::{DateTime, Utc};

const STATES: [InstanceState; 7] = [
    InstanceState::Upcoming,
    InstanceState::Due,
    InstanceState::DueNow,
    InstanceState::Overdue,
    InstanceState::Completed,
    InstanceState::Waived,
    InstanceState::Closed,
];

/// A state from its contract spelling (`due_now`), as the report models keep it.
pub fn state_named(name: &str) -> Option<InstanceState> {
    STATES.into_iter().find(|s| s.as_str() == name)
}

/// An action's state in one word, never colour alone: `OVERDUE`, `DUE NOW`, `due`,
/// `upcoming`, `done`, `waived`, `closed`.
pub fn state_label(state: InstanceState) -> &'static str {
    match state {
        InstanceState::Overdue => "OVERDUE",
        InstanceState::DueNow => "DUE NOW",
        InstanceState::Due => "due",
        InstanceState::Upcoming => "upcoming",
        InstanceState::Completed => "done",
        InstanceState::Waived => "waived",
        InstanceState::Closed => "closed",
    }
}

/// The countdown of an action at `now`: how long overdue, due now, how long left,
/// or how long until it opens.
pub fn countdown(
    state: InstanceState,
    opens_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> String {
    match state {
        InstanceState::Overdue => format!("OVERDUE {}", elapsed((now - due_at).num_seconds())),
        InstanceState::DueNow => "DUE NOW".to_string(),
        InstanceState::Due => format!("in {}", elapsed((due_at - now).num_seconds())),
        InstanceState::Upcoming => format!("opens in {}", elapsed((opens_at - now).num_seconds())),
        InstanceState::Completed => "done".into(),
        InstanceState::Waived => "waived".into(),
        InstanceState::Closed => "closed".into(),
    }
}

/// The countdown as the reports write it: the board's, except that an action still
/// due reads `due in 3h 12m`.
pub fn report_countdown(
    state: InstanceState,
    opens_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> String {
    match state {
        InstanceState::Due => format!("due {}", countdown(state, opens_at, due_at, now)),
        _ => countdown(state, opens_at, due_at, now),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_says_overdue_by_how_long() {
        let due: DateTime<Utc> = "2026-03-03T09:00:00Z".parse().unwrap();
        let now: DateTime<Utc> = "2026-03-03T10:05:00Z".parse().unwrap();
        assert_eq!(
            countdown(InstanceState::Overdue, due, due, now),
            "OVERDUE 1h 05m"
        );
        assert_eq!(
            countdown(
                InstanceState::Due,
                due,
                due,
                due - chrono::Duration::minutes(192)
            ),
            "in 3h 12m"
        );
        assert_eq!(countdown(InstanceState::DueNow, due, due, now), "DUE NOW");
        assert_eq!(
            countdown(
                InstanceState::Upcoming,
                due,
                due,
                due - chrono::Duration::hours(2)
            ),
            "opens in 2h 00m"
        );
    }

    #[test]
    fn the_reports_say_due_in_where_the_board_says_in() {
        let due: DateTime<Utc> = "2026-03-03T09:00:00Z".parse().unwrap();
        let now = due - chrono::Duration::hours(3);
        assert_eq!(countdown(InstanceState::Due, now, due, now), "in 3h 00m");
        assert_eq!(
            report_countdown(InstanceState::Due, now, due, now),
            "due in 3h 00m"
        );
        assert_eq!(
            report_countdown(InstanceState::Overdue, now, now, due),
            "OVERDUE 3h 00m"
        );
    }

    #[test]
    fn every_state_reads_back_from_its_contract_spelling() {
        for s in STATES {
            assert_eq!(state_named(s.as_str()), Some(s));
            assert!(!state_label(s).is_empty());
        }
        assert_eq!(state_named("due_now"), Some(InstanceState::DueNow));
        assert_eq!(state_named("late"), None);
    }
}
