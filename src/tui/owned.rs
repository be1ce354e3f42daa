//! The board's settings for issue 17's "Owned" and "Escalating": how long a breach may
//! stand unacknowledged before it is escalated, and how long a shared terminal may sit
//! idle before the board asks who is there. Each is read once from the environment
//! (`DUTYBOARD_ESCALATE_MINUTES`, `DUTYBOARD_IDLE_MINUTES`), default 30 minutes.

use crate::views::board::Board;
use crate::views::escalation::{escalation_banner, escalations, Escalation};
use chrono::{DateTime, Duration, Utc};
use std::sync::OnceLock;

fn minutes(var: &str, cell: &'static OnceLock<Duration>) -> Duration {
    *cell.get_or_init(|| {
        let n = std::env::var(var)
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok())
            .filter(|n| *n > 0)
            .unwrap_or(30);
        Duration::minutes(n)
    })
}

/// How long a breach of the current or previous shift may stand unacknowledged.
pub fn escalate_after() -> Duration {
    static CELL: OnceLock<Duration> = OnceLock::new();
    minutes("DUTYBOARD_ESCALATE_MINUTES", &CELL)
}

/// How long the board may sit without a key before it asks who is there.
pub fn idle_after() -> Duration {
    static CELL: OnceLock<Duration> = OnceLock::new();
    minutes("DUTYBOARD_IDLE_MINUTES", &CELL)
}

/// The breaches escalated on `board` at `now`.
pub fn escalated(board: &Board, now: DateTime<Utc>) -> Vec<Escalation> {
    escalations(board, now, escalate_after())
}

/// The banner line every board shows while breaches are escalated.
pub fn banner(board: &Board, now: DateTime<Utc>) -> Option<String> {
    escalation_banner(&escalated(board, now)).map(|b| format!(" ! {b}"))
}
