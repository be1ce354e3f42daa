//! The triage list: notifications with the children they may be about. Pure: the
//! same state gives the same list, so `triage list` and the board's pane agree.

use super::matching::{candidates_among, Candidate};
use crate::record::{Child, Notification, NotificationStatus, State};
use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;

/// One notification as the screener sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct TriageItem {
    pub notification: Notification,
    pub candidates: Vec<Candidate>,
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
