//! The desk's words, written once: an action's state and its countdown (`in 3h 12m`,
//! `DUE NOW`, `OVERDUE 1h 05m`, `opens in 2h 00m`). The board, the detail pane, the
//! forms, the handover and the daily report all say it through here. One difference
//! is left, and is written here only: the reports say `due in 3h 12m` where the
//! board says `in 3h 12m` ([`report_countdown`]); their goldens and tests pin it.

use crate::calendar::time::{elapsed, when};
use crate::procedures::{InstanceState, Policy};
use crate::record::vocab::{Category, Risk};
use crate::record::{Event, EventKind};
use crate::views::handover::{Breach, DueItem, Entry, EntryKind};
use chrono::{DateTime, Utc};
use std::fmt::Write;

const STATES: [InstanceState; 7] = [
    InstanceState::Upcoming,
    InstanceState::Due,
    InstanceState::DueNow,
    InstanceState::Overdue,
    InstanceState::Completed,
    InstanceState::Waived,
    InstanceState::Closed,
];

/// A state from its contract spelling (`due_now`), as the report models keep it.
pub fn state_named(name: &str) -> Option<InstanceState> {
    STATES.into_iter().find(|s| s.as_str() == name)
}

/// An action's state in one word, never colour alone: `OVERDUE`, `DUE NOW`, `due`,
/// `upcoming`, `done`, `waived`, `closed`.
pub fn state_label(state: InstanceState) -> &'static str {
    match state {
        InstanceState::Overdue => "OVERDUE",
        InstanceState::DueNow => "DUE NOW",
        InstanceState::Due => "due",
        InstanceState::Upcoming => "upcoming",
        InstanceState::Completed => "done",
        InstanceState::Waived => "waived",
        InstanceState::Closed => "closed",
    }
}

/// The countdown of an action at `now`: how long overdue, due now, how long left,
/// or how long until it opens.
pub fn countdown(
    state: InstanceState,
    opens_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> String {
    match state {
        InstanceState::Overdue => format!("OVERDUE {}", elapsed((now - due_at).num_seconds())),
        InstanceState::DueNow => "DUE NOW".to_string(),
        InstanceState::Due => format!("in {}", elapsed((due_at - now).num_seconds())),
        InstanceState::Upcoming => format!("opens in {}", elapsed((opens_at - now).num_seconds())),
        InstanceState::Completed => "done".into(),
        InstanceState::Waived => "waived".into(),
        InstanceState::Closed => "closed".into(),
    }
}

/// The countdown as the board and the detail pane show it (issue 17, "Escalating"):
/// an action due within the hour is `DUE SOON 42m` (words, not colour alone), and an
/// "as soon as possible" action due for an hour or more says for how long
/// (`DUE NOW, 1d 02h`), so a day-old one never reads as nothing late.
pub fn board_countdown(
    state: InstanceState,
    opens_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> String {
    match state {
        InstanceState::Due if crate::views::shift::is_due_soon(due_at, now) => {
            format!("DUE SOON {}", elapsed((due_at - now).num_seconds()))
        }
        InstanceState::DueNow if now - opens_at >= chrono::Duration::hours(1) => {
            format!("DUE NOW, {}", elapsed((now - opens_at).num_seconds()))
        }
        _ => countdown(state, opens_at, due_at, now),
    }
}

/// The countdown as the reports write it: the board's, except that an action still
/// due reads `due in 3h 12m`.
pub fn report_countdown(
    state: InstanceState,
    opens_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> String {
    match state {
        InstanceState::Due => format!("due {}", countdown(state, opens_at, due_at, now)),
        _ => countdown(state, opens_at, due_at, now),
    }
}

/// One event in words, for the timeline.
pub fn describe(e: &Event, policy: &Policy) -> String {
    let title = |rule: &str| {
        policy
            .rule(rule)
            .map_or_else(|| rule.to_string(), |r| r.title.clone())
    };
    let note = e
        .note
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .map(|n| format!(" ({})", one_line(n)))
        .unwrap_or_default();
    let text = match &e.kind {
        EventKind::ChildRegistered { .. } => "Child registered".to_string(),
        EventKind::ChildUpdated { .. } => "Child's details updated".to_string(),
        EventKind::EpisodeReported {
            category,
            risk,
            police_ref,
            info,
            ..
        } => {
            let mut s = format!(
                "Reported {}, risk {}",
                category.label().to_lowercase(),
                risk.label()
            );
            if let Some(r) = police_ref {
                s.push_str(&format!(", police ref {r}"));
            }
            if let Some(l) = &info.last_seen_location {
                s.push_str(&format!(", last seen at {}", one_line(l)));
            }
            s
        }
        EventKind::DetailsAdded { info, .. } => {
            let n = [
                &info.last_seen_location,
                &info.circumstances,
                &info.with_whom,
                &info.clothing,
                &info.description,
                &info.photo_ref,
                &info.medical,
                &info.associates,
                &info.previous_locations,
                &info.social_media,
                &info.actions_taken,
            ]
            .iter()
            .filter(|v| v.is_some())
            .count();
            format!("Police information added ({n} item(s))")
        }
        EventKind::PoliceInformed { police_ref, .. } => {
            format!("Police informed, ref {police_ref}")
        }
        EventKind::RiskChanged { risk, reason, .. } => match reason {
            Some(r) => format!("Risk regraded to {}: {}", risk.label(), one_line(r)),
            None => format!("Risk regraded to {}", risk.label()),
        },
        EventKind::UpdateRecorded { text, .. } => format!("Update: {}", one_line(text)),
        EventKind::ActionCompleted { rule, .. } => format!("Done: {}", title(rule)),
        EventKind::ActionWaived { rule, reason, .. } => {
            format!("Waived: {} - {}", title(rule), one_line(reason))
        }
        EventKind::ChildReturned {
            location_found,
            injured,
            victim_of_crime,
            found_report_at,
            ..
        } => {
            let mut s = "Returned".to_string();
            if let Some(l) = location_found {
                s.push_str(&format!(", found at {}", one_line(l)));
            }
            if *injured == Some(true) {
                s.push_str(", INJURED");
            }
            if *victim_of_crime == Some(true) {
                s.push_str(", VICTIM OF CRIME");
            }
            if let Some(f) = found_report_at {
                s.push_str(&format!(
                    ", found report {}",
                    crate::calendar::time::when(*f)
                ));
            }
            s
        }
        EventKind::RhiAttempt { .. } => "RHI attempt, no interview".to_string(),
        EventKind::RhiDeclined { .. } => "RHI declined".to_string(),
        EventKind::BreachAcknowledged { rule, until, .. } => match until {
            Some(t) => format!(
                "Breach of {rule} acknowledged until {}",
                crate::calendar::time::when(*t)
            ),
            None => format!("Breach of {rule} acknowledged"),
        },
        EventKind::EpisodeAssigned { owner, .. } => format!("Now owned by {}", one_line(owner)),
        EventKind::ShiftStarted { ends_at, manager } => format!(
            "Shift started, ends {}{}",
            crate::calendar::time::when(*ends_at),
            manager
                .as_ref()
                .map(|m| format!(", duty manager {}", one_line(m)))
                .unwrap_or_default()
        ),
        EventKind::HandoverAcknowledged => "Signed for the handover".to_string(),
        EventKind::EpisodeCorrected {
            reason, correction, ..
        } => {
            let mut put = Vec::new();
            if let Some(t) = correction.last_seen_at {
                put.push(format!("last seen {}", crate::calendar::time::when(t)));
            }
            if let Some(t) = correction.reported_at {
                put.push(format!("reported {}", crate::calendar::time::when(t)));
            }
            if let Some(c) = correction.category {
                put.push(format!("category {}", c.label().to_lowercase()));
            }
            if let Some(l) = &correction.last_seen_location {
                put.push(format!("last seen at {}", one_line(l)));
            }
            format!(
                "Corrected (recorded wrongly): {} - {}",
                put.join(", "),
                one_line(reason)
            )
        }
        EventKind::CategoryChanged {
            category,
            last_seen_at,
            reason,
            ..
        } => {
            let mut s = format!("Now {}", category.label().to_lowercase());
            if let Some(t) = last_seen_at {
                s.push_str(&format!(", last seen {}", crate::calendar::time::when(*t)));
            }
            if let Some(r) = reason {
                s.push_str(&format!(" - {}", one_line(r)));
            }
            s
        }
        EventKind::EventVoided { event, reason } => {
            format!(
                "Voided entry {event} as made in error - {}",
                one_line(reason)
            )
        }
        EventKind::ChildrenMerged {
            child,
            into,
            reason,
        } => format!(
            "Merged duplicate {child} into {into} - {}",
            one_line(reason)
        ),
        EventKind::PolicyAdopted(a) => format!(
            "Authority {} adopted the {} policy{}",
            a.authority,
            a.policy.as_deref().unwrap_or("given"),
            a.effective_from
                .map(|t| format!(" from {}", crate::calendar::time::when(t)))
                .unwrap_or_default()
        ),
        EventKind::CalendarLoaded { removes, .. } => format!(
            "Bank holidays loaded into the calendar{}",
            if removes.is_empty() {
                String::new()
            } else {
                format!(" ({} removed)", removes.len())
            }
        ),
        EventKind::Triage(t) => t.summary(),
        EventKind::EpisodesLinked {
            with, lead_officer, ..
        } => {
            let mut parts = Vec::new();
            if !with.is_empty() {
                parts.push(format!("Linked with {}", with.join(", ")));
            }
            if let Some(l) = lead_officer {
                parts.push(format!("lead officer {l}"));
            }
            parts.join("; ")
        }
    };
    format!("{text}{note}")
}

/// Multi-line text on one line (the timeline is one line an event).
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Officer-typed text for the handover pane: nothing escaped, line breaks as spaces.
pub fn newlines_as_spaces(text: &str) -> String {
    text.replace('\n', " ")
}

/// An action's state and countdown in words, never colour alone
/// ([`report_countdown`]): `OVERDUE 2h 00m`, `DUE NOW`, `due in 3h 00m`, `opens in 1h 00m`.
pub fn action_status(
    state: &str,
    opens_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
    at: DateTime<Utc>,
) -> String {
    let state = state_named(state).unwrap_or(InstanceState::Due);
    report_countdown(state, opens_at, due_at, at)
}

// The handover's words, shared by its Markdown and its pane.

/// A risk grade as the board shows it (`HIGH`, `MED`, `LOW`, `NAR`).
pub fn risk_label(risk: &str) -> String {
    Risk::parse(risk)
        .map(|r| r.label().to_string())
        .unwrap_or_else(|_| risk.to_uppercase())
}

pub fn category_label(category: &str) -> String {
    Category::parse(category)
        .map(|c| c.label().to_string())
        .unwrap_or_else(|_| category.to_string())
}

/// What a handover entry says, without its time and recorder; `escape` makes the
/// officer-typed text safe for the output (Markdown escapes, or a screen's plain line).
pub fn describe_entry(e: &Entry, escape: fn(&str) -> String) -> String {
    let rule = || {
        e.title
            .as_deref()
            .map(escape)
            .or_else(|| e.rule.as_deref().map(escape))
            .unwrap_or_default()
    };
    let mut s = match e.kind {
        EntryKind::Reported => {
            let mut s = format!(
                "reported {}, risk {}",
                e.category
                    .as_deref()
                    .map(category_label)
                    .unwrap_or_default()
                    .to_lowercase(),
                e.risk.as_deref().map(risk_label).unwrap_or_default()
            );
            if let Some(t) = e.last_seen_at {
                let _ = write!(s, ", last seen {}", when(t));
            }
            s
        }
        EntryKind::Returned => match &e.text {
            Some(place) => format!("returned (found at {})", escape(place)),
            None => "returned".into(),
        },
        EntryKind::Regraded => {
            let to = e.risk.as_deref().map(risk_label).unwrap_or_default();
            match &e.previous_risk {
                Some(from) => format!("risk regraded {} to {to}", risk_label(from)),
                None => format!("risk regraded to {to}"),
            }
        }
        EntryKind::Acknowledged => format!("breach of \"{}\" acknowledged", rule()),
        EntryKind::Completed => format!("\"{}\" completed", rule()),
        EntryKind::Waived => format!("\"{}\" waived", rule()),
        EntryKind::Update => "update".into(),
        EntryKind::PoliceInformed => "police informed".into(),
        EntryKind::RhiAttempt => "return home interview attempted".into(),
        EntryKind::RhiDeclined => "return home interview declined".into(),
        EntryKind::DetailsAdded => "details for the police added".into(),
        EntryKind::EpisodesLinked => "episodes linked".into(),
        EntryKind::ChildRegistered => "child registered".into(),
        EntryKind::ChildUpdated => "child's details updated".into(),
        EntryKind::Corrected => "episode corrected (recorded wrongly)".into(),
        EntryKind::CategoryChanged => "episode changed category".into(),
        EntryKind::ChildrenMerged => "duplicate registration merged".into(),
        EntryKind::Assigned => "owner assigned".into(),
    };
    match (e.kind, &e.text) {
        (EntryKind::Returned, _) | (_, None) => {}
        (EntryKind::Regraded | EntryKind::Waived, Some(t)) => {
            let _ = write!(s, ": reason \"{}\"", escape(t));
        }
        (EntryKind::PoliceInformed, Some(t)) => {
            let _ = write!(s, ", reference {}", escape(t));
        }
        (_, Some(t)) => {
            let _ = write!(s, ": \"{}\"", escape(t));
        }
    }
    if let Some(n) = &e.note {
        let _ = write!(s, " (note: \"{}\")", escape(n));
    }
    s
}

/// What a breach stands at now, in words.
pub fn breach_outcome(b: &Breach, at: DateTime<Utc>, escape: fn(&str) -> String) -> String {
    let mut s = match b.state {
        "overdue" => format!(
            "still not done, overdue {}",
            elapsed((at - b.due_at).num_seconds())
        ),
        "completed" => format!(
            "done late{}{}",
            b.resolved_at
                .map(|t| format!(" at {}", when(t)))
                .unwrap_or_default(),
            b.resolved_by
                .as_deref()
                .map(|by| format!(" by {}", escape(by)))
                .unwrap_or_default()
        ),
        "waived" => format!(
            "waived late{}{}",
            b.resolved_at
                .map(|t| format!(" at {}", when(t)))
                .unwrap_or_default(),
            b.resolved_by
                .as_deref()
                .map(|by| format!(" by {}", escape(by)))
                .unwrap_or_default()
        ),
        _ => format!(
            "no longer required{}",
            b.closed_at
                .map(|t| format!(" from {}", when(t)))
                .unwrap_or_default()
        ),
    };
    match (&b.acknowledged_by, b.acknowledged_at) {
        (Some(by), Some(t)) => {
            let _ = write!(s, "; acknowledged by {} at {}", escape(by), when(t));
        }
        _ if b.state == "overdue" => s.push_str("; NOT acknowledged"),
        _ => {}
    }
    s
}

/// The state and countdown of an item due soon, e.g. `OVERDUE 6h 00m`, `DUE NOW`, `due in 1h 00m`.
pub fn due_status(d: &DueItem, at: DateTime<Utc>) -> String {
    // An upcoming action with a deadline is read by its deadline, as if already due.
    let state = match d.state {
        "upcoming" if !d.asap => "due",
        s => s,
    };
    action_status(state, d.opens_at, d.due_at, at)
}

/// When an item due soon was or is to be done by, in words.
pub fn due_when(d: &DueItem) -> String {
    match d.state {
        "overdue" => format!("was due {}", when(d.due_at)),
        "due_now" => format!("as soon as possible, open since {}", when(d.opens_at)),
        "upcoming" if d.asap => format!("as soon as possible from {}", when(d.opens_at)),
        "upcoming" => format!("opens {}, due {}", when(d.opens_at), when(d.due_at)),
        _ => format!("due {}", when(d.due_at)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_says_overdue_by_how_long() {
        let due: DateTime<Utc> = "2026-03-03T09:00:00Z".parse().unwrap();
        let now: DateTime<Utc> = "2026-03-03T10:05:00Z".parse().unwrap();
        assert_eq!(
            countdown(InstanceState::Overdue, due, due, now),
            "OVERDUE 1h 05m"
        );
        assert_eq!(
            countdown(
                InstanceState::Due,
                due,
                due,
                due - chrono::Duration::minutes(192)
            ),
            "in 3h 12m"
        );
        assert_eq!(countdown(InstanceState::DueNow, due, due, now), "DUE NOW");
        assert_eq!(
            countdown(
                InstanceState::Upcoming,
                due,
                due,
                due - chrono::Duration::hours(2)
            ),
            "opens in 2h 00m"
        );
    }

    #[test]
    fn the_reports_say_due_in_where_the_board_says_in() {
        let due: DateTime<Utc> = "2026-03-03T09:00:00Z".parse().unwrap();
        let now = due - chrono::Duration::hours(3);
        assert_eq!(countdown(InstanceState::Due, now, due, now), "in 3h 00m");
        assert_eq!(
            report_countdown(InstanceState::Due, now, due, now),
            "due in 3h 00m"
        );
        assert_eq!(
            report_countdown(InstanceState::Overdue, now, now, due),
            "OVERDUE 3h 00m"
        );
    }

    #[test]
    fn every_state_reads_back_from_its_contract_spelling() {
        for s in STATES {
            assert_eq!(state_named(s.as_str()), Some(s));
            assert!(!state_label(s).is_empty());
        }
        assert_eq!(state_named("due_now"), Some(InstanceState::DueNow));
        assert_eq!(state_named("late"), None);
    }

    #[test]
    fn the_handover_pane_shows_an_officers_name_as_typed_not_markdown_escaped() {
        // The pane once borrowed the Markdown report's words, escapes and all:
        // "acknowledged by O\\_Neill" on screen.
        let at: DateTime<Utc> = "2026-03-03T10:00:00Z".parse().unwrap();
        let breach = Breach {
            authority: "cumbria".into(),
            episode: "E1".into(),
            child: "C1".into(),
            name: "Jade Smith".into(),
            rule: "report_to_police".into(),
            title: "Report to the police".into(),
            occurrence: 1,
            due_at: at - chrono::Duration::hours(2),
            state: "overdue",
            resolved_at: None,
            resolved_by: None,
            closed_at: None,
            acknowledged_at: Some(at - chrono::Duration::hours(1)),
            acknowledged_by: Some("Sam O_Neill".into()),
        };
        let shown = breach_outcome(&breach, at, newlines_as_spaces);
        assert!(
            shown.starts_with("still not done, overdue 2h 00m; acknowledged by Sam O_Neill at "),
            "{shown}"
        );
    }
}
