//! A police notification re-sent with different content (review D4). The re-send is a
//! `notification_received` whose `supersedes` names the stored one it replaces: the
//! notification then carries the new details, and what they replaced. When it was
//! already accepted, the episode opened from it shows the police regrade until an
//! officer records a `risk_changed` or dismisses the regrade (`notification_dismissed`
//! of the accepted notification).

use super::entities::{Episode, Notification, NotificationStatus, RegradeDismissed, Revision};
use super::event::{Event, NotificationDetails};
use super::fold::State;
use super::vocab::Risk;
use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap as HashMap;

impl Notification {
    /// A second `notification_received` of this notification: a re-send that
    /// supersedes the latest replaces its details (the check refuses any other).
    pub(super) fn resent(&mut self, event: &Event, details: &NotificationDetails) {
        if details.supersedes.as_deref() != Some(self.event.as_str()) {
            return;
        }
        let before = std::mem::replace(&mut self.details, details.clone());
        self.revisions.push(Revision {
            event: std::mem::replace(&mut self.event, event.id.clone()),
            before,
            at: event.at,
            by: event.by.clone(),
        });
    }

    /// Dismisses a waiting notification; of an accepted one, the police regrade.
    pub(super) fn dismiss(&mut self, reason: &str, at: DateTime<Utc>, by: String) {
        let reason = reason.to_string();
        if matches!(self.status, NotificationStatus::Accepted { .. }) {
            self.regrade_dismissed = Some(RegradeDismissed { reason, at, by });
        } else {
            self.status = NotificationStatus::Dismissed { reason, at, by };
        }
    }
}

/// A police regrade an episode shows until an officer takes it up or dismisses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Regrade {
    pub notification: String,
    pub episode: String,
    /// The police risk when the notification was accepted, and now.
    pub from: Risk,
    pub to: Risk,
    /// When the re-send that changed it was received.
    pub at: DateTime<Utc>,
}

impl Regrade {
    /// The board's words for it (a violation on the episode's row).
    pub fn text(&self) -> String {
        format!(
            "police re-sent {} with risk {} (was {}): record the risk change, or dismiss the regrade",
            self.notification,
            self.to.as_str().to_uppercase(),
            self.from.as_str()
        )
    }
}

/// The regrade `n` brings its episode, if one is outstanding: re-sent after it was
/// accepted with another police risk, and since then no `risk_changed` on the episode
/// and no dismissal of the regrade.
pub fn outstanding(n: &Notification, episode: Option<&Episode>) -> Option<Regrade> {
    let NotificationStatus::Accepted {
        episode: reference,
        at: accepted,
        ..
    } = &n.status
    else {
        return None;
    };
    let after = n.revisions.iter().position(|r| r.at >= *accepted)?;
    let latest = n.revisions.last()?.at;
    let from = n.revisions[after].before.risk;
    if from == n.details.risk {
        return None;
    }
    if n.regrade_dismissed.as_ref().is_some_and(|d| d.at >= latest) {
        return None;
    }
    if episode.is_some_and(|e| e.regraded_at().any(|at| at >= latest)) {
        return None;
    }
    Some(Regrade {
        notification: n.id.clone(),
        episode: reference.clone(),
        from,
        to: n.details.risk,
        at: latest,
    })
}

/// [`outstanding`] for `n`, with the episode it was accepted as from `state`.
pub fn outstanding_in(state: &State, n: &Notification) -> Option<Regrade> {
    let NotificationStatus::Accepted { episode, .. } = &n.status else {
        return None;
    };
    outstanding(n, state.episode(episode))
}

/// Every outstanding regrade, by the episode it is on (one pass over the re-sent
/// notifications only).
pub fn outstanding_by_episode(state: &State) -> HashMap<String, Regrade> {
    state
        .notifications
        .iter()
        .filter(|n| !n.revisions.is_empty())
        .filter_map(|n| outstanding_in(state, n))
        .map(|r| (r.episode.clone(), r))
        .collect()
}
