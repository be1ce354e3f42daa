//! How times read on the desk: `2d 04h`, `in 3h 12m`, `DUE NOW`, `OVERDUE 1h 05m`.

use crate::calendar::time::elapsed;
use crate::procedures::InstanceState;
use chrono::{DateTime, Utc};

/// The countdown beside the next action.
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
    }
}
