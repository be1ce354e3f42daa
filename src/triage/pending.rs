//! The triage list: notifications with the children they may be about. Pure: the
//! same state gives the same list, so `triage list` and the board's pane agree.

use super::matching::{candidates_among, Candidate};
use crate::record::{Child, Notification, NotificationStatus, RefusedFile, State};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rustc_hash::FxHashMap as HashMap;

/// One notification as the screener sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct TriageItem {
    pub notification: Notification,
    pub candidates: Vec<Candidate>,
}

/// How long a refused file stays in the triage list and pane (all of them with `all`).
pub const REFUSALS_SHOWN_FOR: Duration = Duration::hours(24);

/// The files the inbox refused in the day before `now` (every one with `all`), the
/// latest first: whichever desk scanned them, a refusal is on every board.
pub fn recent_refusals(state: &State, now: DateTime<Utc>, all: bool) -> Vec<RefusedFile> {
    let mut out: Vec<RefusedFile> = state
        .refused_files
        .iter()
        .filter(|r| all || now - r.at <= REFUSALS_SHOWN_FOR)
        .cloned()
        .collect();
    out.reverse();
    out
}

/// How many notifications wait for a screener (the board's header count).
pub fn pending_count(state: &State) -> usize {
    state
        .notifications
        .iter()
        .filter(|n| n.status == NotificationStatus::Pending)
        .count()
}

/// The notifications waiting (every one, settled too, with `all`): the highest
/// police risk first, then the longest waiting, each with its candidate children.
pub fn triage_list(state: &State, all: bool) -> Vec<TriageItem> {
    let mut by_dob: HashMap<NaiveDate, Vec<&Child>> = HashMap::default();
    for child in state.children.values() {
        by_dob.entry(child.dob).or_default().push(child);
    }
    let mut items: Vec<TriageItem> = state
        .notifications
        .iter()
        .filter(|n| all || n.status == NotificationStatus::Pending)
        .map(|n| TriageItem {
            candidates: candidates_among(
                by_dob.get(&n.details.dob).into_iter().flatten().copied(),
                &n.details.name,
            ),
            notification: n.clone(),
        })
        .collect();
    items.sort_by(|a, b| {
        let (a, b) = (&a.notification, &b.notification);
        let pending = |n: &Notification| n.status != NotificationStatus::Pending;
        pending(a)
            .cmp(&pending(b))
            .then_with(|| b.details.risk.rank().cmp(&a.details.risk.rank()))
            .then_with(|| a.details.reported_at.cmp(&b.details.reported_at))
            .then_with(|| a.id.cmp(&b.id))
    });
    items
}
