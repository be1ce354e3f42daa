//! The checks on the police notifications' triage events.

use super::unknown_child;
use crate::calendar::time::rfc;
use crate::record::entities::NotificationStatus;
use crate::record::event::{Event, FieldError, Screened, TriageEvent};
use crate::record::fold::State;

pub(super) fn check_triage(
    state: &State,
    event: &Event,
    triage: &TriageEvent,
) -> Result<(), FieldError> {
    let known = |id: &str| {
        state.notification(id).ok_or_else(|| {
            FieldError::field(
                "notification",
                format!(
                    "notification `{id}` has not been received by {}",
                    rfc(event.at)
                ),
            )
        })
    };
    let pending = |id: &str| {
        let n = known(id)?;
        match &n.status {
            NotificationStatus::Pending => Ok(n),
            NotificationStatus::Accepted {
                episode, at, by, ..
            } => Err(FieldError::field(
                "notification",
                format!(
                    "notification `{id}` was already accepted as episode `{episode}` by {by} at {}",
                    rfc(*at)
                ),
            )),
            NotificationStatus::Dismissed { at, by, .. } => Err(FieldError::field(
                "notification",
                format!(
                    "notification `{id}` was already dismissed by {by} at {}",
                    rfc(*at)
                ),
            )),
        }
    };
    let episode_known = |reference: &str| {
        state.episode(reference).ok_or_else(|| {
            FieldError::field(
                "episode",
                format!(
                    "episode `{reference}` is not reported by {}: report it first",
                    rfc(event.at)
                ),
            )
        })
    };
    match triage {
        TriageEvent::Received {
            notification,
            details,
        } => {
            let stored = state.notification(notification);
            if let Some(supersedes) = &details.supersedes {
                return resend(notification, supersedes, stored);
            }
            if let Some(n) = stored {
                return Err(FieldError::field(
                    "notification",
                    format!(
                        "notification `{notification}` was already received at {} (event `{}`)",
                        rfc(n.received_at),
                        n.event
                    ),
                ));
            }
        }
        TriageEvent::Accepted {
            notification,
            child,
            episode,
        } => {
            pending(notification)?;
            if !state.children.contains_key(child) {
                return Err(unknown_child(child));
            }
            let ep = episode_known(episode)?;
            if &ep.child != child {
                return Err(FieldError::field(
                    "episode",
                    format!(
                        "episode `{episode}` is of child `{}`, not `{child}`",
                        ep.child
                    ),
                ));
            }
        }
        TriageEvent::Dismissed { notification, .. } => {
            // Of an accepted notification, the police regrade it brought (review D4).
            let regraded = known(notification)
                .is_ok_and(|n| crate::record::regrade::outstanding_in(state, n).is_some());
            if !regraded {
                pending(notification)?;
            }
        }
        TriageEvent::Refused { .. } => {}
        TriageEvent::Rated { target, .. } | TriageEvent::Decided { target, .. } => match target {
            Screened::Notification(id) => {
                known(id)?;
            }
            Screened::Episode(reference) => {
                episode_known(reference)?;
            }
        },
    }
    Ok(())
}

/// A re-send with different content names the latest stored version it replaces.
fn resend(
    notification: &str,
    supersedes: &str,
    stored: Option<&crate::record::Notification>,
) -> Result<(), FieldError> {
    match stored {
        Some(n) if n.event == supersedes => Ok(()),
        Some(n) => Err(FieldError::field(
            "supersedes",
            format!(
                "`{supersedes}` is not the latest notification_received of `{notification}`: a re-send supersedes `{}`",
                n.event
            ),
        )),
        None => Err(FieldError::field(
            "supersedes",
            format!("`{supersedes}` is not stored: notification `{notification}` has not been received"),
        )),
    }
}
