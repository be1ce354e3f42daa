//! One handover line: what an event recorded in the shift says, as the handover lists it.

use super::{display_name, rule_title, Entry, EntryKind};
use crate::procedures::Evaluation;
use crate::record::{Event, EventKind, State};

pub(super) fn entry(
    e: &Event,
    state: &State,
    evaluation: &Evaluation,
    privacy: bool,
) -> Option<Entry> {
    if state.voided.contains(&e.id) {
        return None;
    }
    let child_of = |episode: &str| state.episode(episode).map(|ep| ep.child.clone());
    let mut out = Entry {
        at: e.at,
        kind: EntryKind::Update,
        by: e.by.clone(),
        episode: None,
        child: String::new(),
        name: String::new(),
        rule: None,
        title: None,
        risk: None,
        previous_risk: None,
        category: None,
        last_seen_at: None,
        text: None,
        note: e.note.clone(),
    };
    let episode_ref: Option<&str> = match &e.kind {
        EventKind::ChildRegistered { child, .. } => {
            out.kind = EntryKind::ChildRegistered;
            out.child = child.clone();
            None
        }
        EventKind::ChildUpdated { child, .. } => {
            out.kind = EntryKind::ChildUpdated;
            out.child = child.clone();
            None
        }
        EventKind::EpisodeReported {
            episode,
            last_seen_at,
            category,
            risk,
            ..
        } => {
            out.kind = EntryKind::Reported;
            out.category = Some(category.as_str().to_string());
            out.risk = Some(risk.as_str().to_string());
            out.last_seen_at = Some(*last_seen_at);
            Some(episode)
        }
        EventKind::DetailsAdded { episode, .. } => {
            out.kind = EntryKind::DetailsAdded;
            Some(episode)
        }
        EventKind::PoliceInformed {
            episode,
            police_ref,
        } => {
            out.kind = EntryKind::PoliceInformed;
            out.text = Some(police_ref.clone());
            Some(episode)
        }
        EventKind::RiskChanged {
            episode,
            risk,
            reason,
        } => {
            out.kind = EntryKind::Regraded;
            out.risk = Some(risk.as_str().to_string());
            out.text = reason.clone();
            out.previous_risk = state.episode(episode).and_then(|ep| {
                let pos = ep
                    .gradings
                    .iter()
                    .position(|g| g.at == e.at && g.risk == *risk && g.by == e.by)?;
                pos.checked_sub(1)
                    .map(|p| ep.gradings[p].risk.as_str().to_string())
            });
            Some(episode)
        }
        EventKind::UpdateRecorded { episode, text } => {
            out.kind = EntryKind::Update;
            out.text = Some(text.clone());
            Some(episode)
        }
        EventKind::ActionCompleted { episode, rule } => {
            out.kind = EntryKind::Completed;
            out.rule = Some(rule.clone());
            Some(episode)
        }
        EventKind::ActionWaived {
            episode,
            rule,
            reason,
        } => {
            out.kind = EntryKind::Waived;
            out.rule = Some(rule.clone());
            out.text = Some(reason.clone());
            Some(episode)
        }
        EventKind::ChildReturned {
            episode,
            location_found,
            ..
        } => {
            out.kind = EntryKind::Returned;
            out.text = location_found.clone();
            Some(episode)
        }
        EventKind::RhiAttempt { episode } => {
            out.kind = EntryKind::RhiAttempt;
            Some(episode)
        }
        EventKind::RhiDeclined { episode } => {
            out.kind = EntryKind::RhiDeclined;
            Some(episode)
        }
        EventKind::EpisodesLinked {
            episode,
            with,
            lead_officer,
        } => {
            out.kind = EntryKind::EpisodesLinked;
            let mut parts = Vec::new();
            if !with.is_empty() {
                parts.push(format!("with {}", with.join(", ")));
            }
            if let Some(lead) = lead_officer {
                parts.push(format!("lead officer {lead}"));
            }
            out.text = (!parts.is_empty()).then(|| parts.join("; "));
            Some(episode)
        }
        EventKind::BreachAcknowledged { episode, rule, .. } => {
            out.kind = EntryKind::Acknowledged;
            out.rule = Some(rule.clone());
            Some(episode)
        }
        EventKind::EpisodeAssigned { episode, owner } => {
            out.kind = EntryKind::Assigned;
            out.text = Some(owner.clone());
            Some(episode)
        }
        EventKind::EpisodeCorrected {
            episode,
            reason,
            correction,
        } => {
            out.kind = EntryKind::Corrected;
            out.category = correction.category.map(|c| c.as_str().to_string());
            out.last_seen_at = correction.last_seen_at;
            out.text = Some(reason.clone());
            Some(episode)
        }
        EventKind::CategoryChanged {
            episode,
            category,
            last_seen_at,
            reason,
        } => {
            out.kind = EntryKind::CategoryChanged;
            out.category = Some(category.as_str().to_string());
            out.last_seen_at = *last_seen_at;
            out.text = reason.clone();
            Some(episode)
        }
        EventKind::ChildrenMerged { into, reason, .. } => {
            out.kind = EntryKind::ChildrenMerged;
            out.child = state.child_ref(into).to_string();
            out.text = Some(reason.clone());
            None
        }
        // MASH triage is the MASH's own list (`triage list`); the episode it opens is
        // reported here as any other. A void's target is left out (it never happened);
        // the void itself is the record's, shown in the timeline and `log`.
        // An adoption or a calendar is the record's, not a shift's news (`log` shows it).
        EventKind::Triage(_)
        | EventKind::EventVoided { .. }
        | EventKind::PolicyAdopted(_)
        | EventKind::CalendarLoaded { .. }
        | EventKind::ShiftStarted { .. }
        | EventKind::HandoverAcknowledged => return None,
    };
    if let Some(episode) = episode_ref {
        out.episode = Some(episode.to_string());
        out.child = child_of(episode)?;
    }
    out.name = display_name(state, &out.child, privacy);
    if let Some(rule) = &out.rule {
        out.title = rule_title(evaluation, rule);
    }
    Some(out)
}
