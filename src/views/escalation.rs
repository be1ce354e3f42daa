//! Escalation (issue 17): a breach of the current or previous shift left
//! unacknowledged for a set time is escalated to the shift's duty manager, on every
//! board; and the ticker's order. Pure: `now` and the setting are arguments.

use super::board::{Board, TickerItem};
use chrono::{DateTime, Duration, Utc};

pub use super::shift::ESCALATE_AFTER;

/// A breach escalated to the duty manager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    pub episode: String,
    pub rule: String,
    pub initials: String,
    pub title: String,
    pub due_at: DateTime<Utc>,
    /// Since when it has stood unacknowledged (its deadline, or its last lapse).
    pub since: DateTime<Utc>,
    pub manager: Option<String>,
}

/// The breaches escalated at `now`: of the current or previous shift (due since the
/// previous shift began: an older backlog is never escalated in a flood), not
/// acknowledged, and standing so for `after` or longer. None without a shift recorded
/// (there is no duty manager to escalate to).
pub fn escalations(board: &Board, now: DateTime<Utc>, after: Duration) -> Vec<Escalation> {
    let Some(shift) = &board.shift else {
        return Vec::new();
    };
    board
        .ticker
        .iter()
        .filter(|t| t.acknowledged_by.is_none() && t.due_at >= shift.escalates_from)
        .filter_map(|t| {
            let since = t.lapsed_at.map_or(t.due_at, |l| l.max(t.due_at));
            (now - since >= after).then(|| Escalation {
                episode: t.episode.clone(),
                rule: t.rule.clone(),
                initials: t.initials.clone(),
                title: t.title.clone(),
                due_at: t.due_at,
                since,
                manager: shift.manager.clone(),
            })
        })
        .collect()
}

/// The banner every board shows while breaches are escalated: who they went to.
pub fn escalation_banner(escalated: &[Escalation]) -> Option<String> {
    let first = escalated.first()?;
    let to = first.manager.as_deref().map_or(
        "the duty manager (none named for this shift)".to_string(),
        |m| format!("duty manager {m}"),
    );
    let what = match escalated.len() {
        1 => format!("{} {} ({})", first.initials, first.title, first.episode),
        n => format!("{n} breaches unacknowledged"),
    };
    Some(format!("ESCALATED to {to}: {what}"))
}

/// The ticker in the order the board shows it: breaches not acknowledged first, the
/// newest first (a fresh breach is never behind a day-old one), then the acknowledged.
pub fn ticker_order(ticker: &[TickerItem]) -> Vec<&TickerItem> {
    let mut items: Vec<&TickerItem> = ticker.iter().collect();
    items.sort_by(|a, b| {
        (a.acknowledged_by.is_some())
            .cmp(&b.acknowledged_by.is_some())
            .then_with(|| a.overdue_s.cmp(&b.overdue_s))
            .then_with(|| a.episode.cmp(&b.episode))
    });
    items
}
