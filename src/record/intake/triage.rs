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
        TriageEvent::Received { notification, .. } => {
            if let Some(n) = state.notification(notification) {
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
            pending(notification)?;
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
