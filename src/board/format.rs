//! How times read on the desk: `2d 04h`, `in 3h 12m`, `DUE NOW`, `OVERDUE 1h 05m`.

use crate::calendar::local;
use crate::procedures::InstanceState;
use chrono::{DateTime, Utc};

/// Elapsed time, coarse enough to read at a glance: `45m`, `3h 12m`, `2d 04h`.
pub fn elapsed(seconds: i64) -> String {
    let s = seconds.max(0);
    let (d, h, m) = (s / 86_400, (s % 86_400) / 3_600, (s % 3_600) / 60);
    if d > 0 {
        format!("{d}d {h:02}h")
    } else if h > 0 {
        format!("{h}h {m:02}m")
    } else {
        format!("{m}m")
    }
}

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

/// A local date and time as the desk reads it: `Mon 02 Mar 09:00`.
pub fn when(t: DateTime<Utc>) -> String {
    local(t).format("%a %d %b %H:%M").to_string()
}

/// A local time with its zone, for reports and the detail pane.
pub fn when_full(t: DateTime<Utc>) -> String {
    local(t).format("%Y-%m-%d %H:%M %Z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elapsed_reads_days_and_hours_with_padding() {
        assert_eq!(elapsed(2 * 86_400 + 4 * 3_600 + 59), "2d 04h");
        assert_eq!(elapsed(3 * 3_600 + 12 * 60), "3h 12m");
        assert_eq!(elapsed(65 * 60), "1h 05m");
        assert_eq!(elapsed(59), "0m");
    }

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
