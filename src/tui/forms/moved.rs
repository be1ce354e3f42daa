//! What moved under an open form (issue 17, review B10: two boards both recorded
//! "Done: Need-to-know", and neither was told). A form keeps what it acts on as it
//! stood when it opened ([`Baseline`]); while it is open, anything another desk
//! recorded that changes that (the chosen action completed or waived, the child's
//! return, an entry voided, the notification settled) is said in one plain line,
//! naming who and when. The controller then wants a second Ctrl+S (`tui::stale`).

use crate::calendar::time::when;
use crate::procedures::InstanceState;
use crate::views::detail::{EpisodeDetail, Snapshot};
use std::collections::HashSet;

/// What a form acts on, as it stood when the form opened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    /// The episode's actions already completed or waived: (rule, occurrence).
    resolved: HashSet<(String, u32)>,
    returned: bool,
    /// The episode's timeline entries, and those already voided.
    entries: HashSet<String>,
    voided: HashSet<String>,
    /// The episode was on the board (a form opened on nothing has no baseline).
    on_board: bool,
    /// A triage form's notification, waiting then.
    waiting: Option<String>,
}

impl Baseline {
    pub fn of_episode(d: &EpisodeDetail) -> Baseline {
        Baseline {
            resolved: d
                .instances
                .iter()
                .filter(|i| resolved(i.state))
                .map(|i| (i.rule.clone(), i.occurrence))
                .collect(),
            returned: d.returned.is_some(),
            entries: d.timeline.iter().map(|e| e.id.clone()).collect(),
            voided: d
                .timeline
                .iter()
                .filter(|e| e.voided)
                .map(|e| e.id.clone())
                .collect(),
            on_board: true,
            waiting: None,
        }
    }

    pub fn of_notification(id: &str) -> Baseline {
        Baseline {
            waiting: Some(id.to_string()),
            ..Baseline::default()
        }
    }
}

fn resolved(state: InstanceState) -> bool {
    matches!(state, InstanceState::Completed | InstanceState::Waived)
}

/// What another desk changed under the open form since it opened, in plain words
/// naming who and when; `None` when nothing it acts on moved.
///
/// `episode` is what the form is about, `rule` the action it has chosen (if it
/// chooses one).
pub fn warning(
    base: &Baseline,
    episode: Option<&str>,
    rule: Option<&str>,
    snapshot: &Snapshot,
) -> Option<String> {
    if let Some(id) = &base.waiting {
        if !snapshot.triage.iter().any(|t| &t.notification.id == id) {
            return Some(
                "This police notification was settled on another desk while this form \
                 was open: it is no longer waiting."
                    .into(),
            );
        }
        return None;
    }
    let episode = episode.filter(|_| base.on_board)?;
    let Some(d) = snapshot.detail(episode) else {
        return Some(format!(
            "Episode {episode} left the board while this form was open (changed on another desk)."
        ));
    };
    let mut said: Vec<String> = Vec::new();
    // The action the form acts on, done or waived by someone else.
    for i in &d.instances {
        if !resolved(i.state)
            || rule != Some(i.rule.as_str())
            || base.resolved.contains(&(i.rule.clone(), i.occurrence))
        {
            continue;
        }
        let how = if i.state == InstanceState::Waived {
            "waived"
        } else {
            "done"
        };
        let who = i.resolved_by.as_deref().unwrap_or("another desk");
        let at = i.resolved_at.map(|t| format!(" at {}", when(t)));
        said.push(format!(
            "{who} recorded \"{}\" as {how}{}",
            i.title,
            at.unwrap_or_default()
        ));
    }
    if let (Some(r), false) = (&d.returned, base.returned) {
        said.push(format!("{} recorded the return at {}", r.by, when(r.at)));
    }
    let newly_voided: Vec<_> = d
        .timeline
        .iter()
        .filter(|e| e.voided && !base.voided.contains(&e.id))
        .collect();
    if let Some(first) = newly_voided.first() {
        // The void itself is the latest entry the form has not seen.
        let void = d
            .timeline
            .iter()
            .filter(|e| !base.entries.contains(&e.id) && !e.voided)
            .max_by_key(|e| e.at);
        let (who, at) = void.map_or(("another desk".to_string(), String::new()), |v| {
            (v.by.clone(), format!(" at {}", when(v.at)))
        });
        said.push(format!(
            "{who} marked \"{}\" as made in error{at}",
            first.what
        ));
    }
    if said.is_empty() {
        return None;
    }
    Some(format!(
        "While this form was open, {}. Ctrl+S again saves anyway; Esc cancels.",
        said.join("; ")
    ))
}
