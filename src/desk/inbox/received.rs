//! What the inbox records of a file's notifications, and the sidecar that says so.

use super::Received;
use crate::calendar::time::rfc;
use crate::desk::record::Keyed;
use crate::record::event::{received_event_id, NotificationDetails, TriageEvent};
use crate::record::import::Resent;
use crate::record::{EventKind, NewEvent, State};
use crate::triage::notification::Incoming;
use crate::triage::resent::already_received;
use chrono::{DateTime, Utc};

/// "; control characters replaced by U+FFFD in name (line 2)", or nothing.
pub(super) fn replaced_note(received: &[Received]) -> String {
    let notes: Vec<String> = received
        .iter()
        .filter(|r| !r.replaced.is_empty())
        .map(|r| format!("{} (line {})", r.replaced.join(", "), r.line))
        .collect();
    if notes.is_empty() {
        String::new()
    } else {
        format!(
            "; control characters replaced by U+FFFD in {}",
            notes.join("; ")
        )
    }
}

/// The `notification_received` events for a file's notifications, each under the id
/// its notification gives it (so a second copy is skipped by the store); a
/// notification repeated within the file is recorded once and marked a duplicate.
/// One the record holds already with other content is a re-send (review D4): stored
/// under an id of its content, superseding the latest version; one that says nothing
/// new of a stored version is a duplicate.
pub(super) fn events(
    incoming: &[Incoming],
    source: &str,
    now: DateTime<Utc>,
    stored: &State,
) -> (Vec<Keyed>, Vec<Received>) {
    let mut keyed: Vec<Keyed> = Vec::new();
    let mut received: Vec<Received> = Vec::new();
    for n in incoming {
        let mut details = n.details.clone();
        // A file name is the sender's too: a control character in it is replaced, never
        // a reason to refuse the notification.
        details.source_file = Some(
            crate::record::characters::replace_controls(source, false)
                .unwrap_or_else(|| source.to_string()),
        );
        let first = received_event_id(&n.notification);
        let event = match stored.notification(&n.notification) {
            Some(known) if already_received(known, &details) => known.event.clone(),
            Some(known) => {
                details.supersedes = Some(known.event.clone());
                format!("{first}-{}", content_hash(&details))
            }
            None => first,
        };
        let duplicate = received.iter().any(|r| r.notification == n.notification);
        received.push(Received {
            notification: n.notification.clone(),
            event: event.clone(),
            duplicate,
            line: n.line.max(1),
            replaced: n.replaced.clone(),
        });
        if duplicate {
            continue;
        }
        keyed.push(Keyed {
            id: event,
            resent: Resent::SameId,
            line: Some(n.line.max(1)),
            event: NewEvent::new(
                now,
                EventKind::Triage(Box::new(TriageEvent::Received {
                    notification: n.notification.clone(),
                    details: Box::new(details),
                })),
            ),
        });
    }
    (keyed, received)
}

/// A short hash of what a re-send says (its file name aside), for its event id: the
/// same re-send scanned twice has the same id, and is skipped by the store.
fn content_hash(details: &NotificationDetails) -> String {
    use sha2::{Digest, Sha256};
    let mut d = details.clone();
    d.source_file = None;
    let text = serde_json::to_string(&d).unwrap_or_default();
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(4).map(|b| format!("{b:02x}")).collect()
}

pub(super) fn sidecar_text(name: &str, now: DateTime<Utc>, received: &[Received]) -> String {
    let mut text = format!(
        "# dutyboard processed {name} at {}: one line per notification\n# notification event line what\n",
        rfc(now)
    );
    for r in received {
        let what = if r.duplicate {
            format!("duplicate of the stored event {}", r.event)
        } else {
            "stored".to_string()
        };
        text.push_str(&format!(
            "{} {} line {} {what}\n",
            r.notification, r.event, r.line
        ));
    }
    text
}
