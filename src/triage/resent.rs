//! What a re-sent police notification changed (review D4), in words that never carry
//! a child's name or whereabouts (privacy mode shows them): "risk medium → HIGH",
//! "circumstances changed". A field the re-send leaves out is no change.

use crate::calendar::time::when;
use crate::record::event::NotificationDetails;
use crate::record::Notification;

/// What `after` changes of `before`, one short phrase each, in the format's order.
pub fn changes(before: &NotificationDetails, after: &NotificationDetails) -> Vec<String> {
    let mut out = Vec::new();
    let mut changed = |differs: bool, what: String| {
        if differs {
            out.push(what);
        }
    };
    let squash = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    // Only what the re-send carries counts (a CSV copy of a JSON one has fewer fields).
    let carried = |b: &Option<String>, a: &Option<String>| {
        a.as_deref()
            .is_some_and(|a| b.as_deref().map(squash) != Some(squash(a)))
    };
    changed(
        squash(&before.name) != squash(&after.name),
        "name changed".into(),
    );
    changed(before.dob != after.dob, "date of birth changed".into());
    changed(
        carried(&before.address, &after.address),
        "address changed".into(),
    );
    changed(
        carried(&before.placement, &after.placement),
        "placement changed".into(),
    );
    changed(
        before.last_seen_at != after.last_seen_at,
        format!(
            "last seen {} → {}",
            when(before.last_seen_at),
            when(after.last_seen_at)
        ),
    );
    changed(
        carried(&before.last_seen_location, &after.last_seen_location),
        "place last seen changed".into(),
    );
    changed(
        before.risk != after.risk,
        format!(
            "risk {} → {}",
            before.risk.as_str(),
            after.risk.as_str().to_uppercase()
        ),
    );
    changed(
        carried(&before.circumstances, &after.circumstances),
        "circumstances changed".into(),
    );
    changed(
        carried(&before.reported_by, &after.reported_by),
        "reporter changed".into(),
    );
    out
}

/// What the re-sends of a notification changed, from the first copy to the latest.
pub fn changes_since_first(n: &Notification) -> Vec<String> {
    match n.revisions.first() {
        Some(first) => changes(&first.before, &n.details),
        None => Vec::new(),
    }
}

/// Whether `sent` says nothing that one of the stored versions of `n` did not: a
/// duplicate (the first copy sent again after a re-send is one too).
pub fn already_received(n: &Notification, sent: &NotificationDetails) -> bool {
    std::iter::once(&n.details)
        .chain(n.revisions.iter().map(|r| &r.before))
        .any(|stored| changes(stored, sent).is_empty())
}
