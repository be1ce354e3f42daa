//! A report entered later than it was made. The record cannot hold an episode dated
//! before its child was registered here (the fold places events in time order), yet a
//! child is often registered on the board first and the police's earlier report
//! accepted after (usability review B3), or an officer backdates a report to when the
//! desk was told. Such a report is entered when the child was registered and corrected
//! back to when it was made, in the same batch: every clock runs from the real report,
//! and the trail shows both.

use super::event::{EpisodeFacts, EventKind, NewEvent};
use crate::calendar::time::when;
use chrono::{DateTime, Utc};

/// The events that record `report` (an `episode_reported` dated when it was made) for
/// a child registered at `registered_at`: the report alone, or the report dated at the
/// registration and an `episode_corrected` dated `now` that puts its time right.
pub fn dated_report(
    mut report: NewEvent,
    registered_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Vec<NewEvent> {
    let made = report.at;
    let (Some(registered), EventKind::EpisodeReported { episode, .. }) =
        (registered_at.filter(|r| *r > made), &report.kind)
    else {
        return vec![report];
    };
    let correction = NewEvent::new(
        now,
        EventKind::EpisodeCorrected {
            episode: episode.clone(),
            reason: format!(
                "reported at {}, before the child was registered here at {}",
                when(made),
                when(registered)
            ),
            correction: Box::new(EpisodeFacts {
                reported_at: Some(made),
                ..EpisodeFacts::default()
            }),
        },
    );
    report.at = registered;
    vec![report, correction]
}
