//! Owned (issue 17): who owns what, and what an officer signing in finds changed since
//! they last signed in (their last `handover_acknowledged`, else their last event).
//! Pure: built from the board and `now`.

use super::board::{Board, BoardRow};
use chrono::{DateTime, Utc};

/// What an officer signing in is shown before they sign for the handover.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SinceLast {
    /// When they last signed for a handover (else their last entry); `None`: never.
    pub since: Option<DateTime<Utc>>,
    /// Children reported since (episode references).
    pub reported: Vec<String>,
    /// Children back since.
    pub returned: Vec<String>,
    /// Breaches since (the deadline passed after `since`), not acknowledged.
    pub breached: Vec<String>,
    /// Breaches acknowledged by someone since.
    pub acknowledged: usize,
    /// The episodes they own now, most urgent first.
    pub owned: Vec<String>,
}

/// What changed on `board` since `name` last signed in, and what they own.
pub fn since_last(board: &Board, name: &str) -> SinceLast {
    let since = board
        .officers
        .iter()
        .find(|(n, _)| n == name)
        .and_then(|(_, o)| o.signed_at.or(o.last_event_at));
    let after = |t: DateTime<Utc>| since.is_none_or(|s| t > s);
    let refs = |f: &dyn Fn(&BoardRow) -> bool| -> Vec<String> {
        board
            .rows
            .iter()
            .filter(|r| f(r))
            .map(|r| r.episode.clone())
            .collect()
    };
    SinceLast {
        since,
        reported: refs(&|r| since.is_some() && after(r.reported_at)),
        returned: refs(&|r| since.is_some() && r.returned_at.is_some_and(after)),
        breached: board
            .ticker
            .iter()
            .filter(|t| t.acknowledged_by.is_none() && after(t.due_at))
            .map(|t| t.episode.clone())
            .collect(),
        acknowledged: board
            .ticker
            .iter()
            .filter(|t| t.acknowledged_at.is_some_and(after))
            .count(),
        owned: refs(&|r| r.owner == name),
    }
}
