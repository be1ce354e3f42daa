//! The daily missing report (Medway's "daily missing report", any policy): every child
//! missing at some point in the 24 hours before `at`, or still missing at `at`, with
//! police risk, time missing, the actions due and overdue, the recommended next
//! actions (the open rule instances, most urgent first) and the allocated worker.
//!
//! [`build`] is pure: it takes the record folded at `at` and the engine's evaluation at
//! `at` with `Scope::Live` (the board's own evaluation), and returns a [`Daily`].
//! Which episodes it lists is documented in docs/INTERFACE.md ("report daily"): every
//! row the board shows at `at` is listed, with the same next action.

use super::wording::action_status;
use super::{rfc, rfc_opt};
use crate::procedures::{Evaluation, InstanceState, RuleInstance};
use crate::record::{Episode, State};
use chrono::{DateTime, Duration, Utc};
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

/// How far back the daily report looks from `at`.
pub const DAILY_WINDOW_HOURS: i64 = 24;

/// The daily missing report, ready for a renderer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Daily {
    /// The policy the record is kept under (filled in by the caller).
    pub policy: Option<String>,
    /// The one authority the report covers (`--authority`), if it covers one only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// On a record of several authorities, each with the policy it follows (filled
    /// in by the caller).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authorities: Vec<super::AuthorityPolicy>,
    /// The moment the record is read at.
    #[serde(serialize_with = "rfc")]
    pub at: DateTime<Utc>,
    /// `at` - 24 hours: the start of the window.
    #[serde(serialize_with = "rfc")]
    pub window_from: DateTime<Utc>,
    #[serde(serialize_with = "rfc")]
    pub generated_at: DateTime<Utc>,
    pub privacy: bool,
    pub summary: DailySummary,
    /// Still missing first, then away, then returned; within each, most urgent first.
    pub episodes: Vec<DailyEpisode>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DailySummary {
    /// Rows of the report.
    pub episodes: usize,
    /// Of those, not returned at `at` (missing or away).
    pub still_missing: usize,
    /// Of those still missing, graded high risk.
    pub high_risk: usize,
    /// Rows with at least one overdue action.
    pub with_overdue: usize,
    /// Open actions (due or due now) over every row.
    pub actions_due: usize,
    /// Overdue actions over every row.
    pub actions_overdue: usize,
}

/// One episode of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DailyEpisode {
    pub episode: String,
    pub child: String,
    /// The authority whose procedure the episode follows (INTERFACE).
    pub authority: String,
    /// As displayed: initials in privacy mode.
    pub name: String,
    pub status: &'static str,
    pub category: &'static str,
    /// Police risk grade at `at` (`high`, `medium`, `low`, `no_apparent_risk`).
    pub risk: &'static str,
    /// The board's label: `HIGH`, `MED`, `LOW`, `NAR`.
    pub risk_label: &'static str,
    /// `missing`, `away` (whereabouts known) or `returned`: the board's section.
    pub section: &'static str,
    #[serde(serialize_with = "rfc")]
    pub missing_since: DateTime<Utc>,
    #[serde(serialize_with = "rfc")]
    pub reported_at: DateTime<Utc>,
    #[serde(serialize_with = "rfc_opt")]
    pub returned_at: Option<DateTime<Utc>>,
    /// Seconds from last seen to the return, or to `at` if not back.
    pub elapsed_s: i64,
    pub allocated_worker: Option<String>,
    pub police_ref: Option<String>,
    /// Open actions whose deadline is still ahead (`due`, `due_now`).
    pub actions_due: u32,
    /// Open actions past their deadline.
    pub actions_overdue: u32,
    /// The board's next action: the most urgent open instance, else the next to open.
    pub next_action: Option<String>,
    pub next_title: Option<String>,
    pub next_state: Option<&'static str>,
    #[serde(serialize_with = "rfc_opt")]
    pub next_due_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "rfc_opt")]
    pub next_opens_at: Option<DateTime<Utc>>,
    /// Every open instance, most urgent first (the recommended next actions).
    pub actions: Vec<DailyAction>,
}

/// One recommended action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DailyAction {
    pub rule: String,
    pub title: String,
    /// `overdue`, `due_now` or `due`.
    pub state: &'static str,
    #[serde(serialize_with = "rfc")]
    pub opens_at: DateTime<Utc>,
    #[serde(serialize_with = "rfc")]
    pub due_at: DateTime<Utc>,
    pub asap: bool,
    pub source: String,
}

/// Whether `episode` belongs in the report at `at`: missing at some moment of
/// `[at - 24h, at]` (last seen by `at`, not back before the window began), or with
/// actions still open (as the board's "returned - actions open" section).
fn listed(episode: &Episode, at: DateTime<Utc>, has_open: bool) -> bool {
    let from = at - Duration::hours(DAILY_WINDOW_HOURS);
    let in_window =
        episode.last_seen_at <= at && episode.returned.as_ref().is_none_or(|r| r.at >= from);
    in_window || has_open
}

/// Builds the daily report at `at` (`evaluation`: the engine at `at`, `Scope::Live`
/// or `Scope::All`; only open and upcoming instances are read).
pub fn build(
    state: &State,
    evaluation: &Evaluation,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    privacy: bool,
) -> Daily {
    let mut by_episode: HashMap<&str, Vec<&RuleInstance>> = HashMap::default();
    for i in &evaluation.instances {
        by_episode.entry(i.episode.as_str()).or_default().push(i);
    }
    let mut rows = Vec::new();
    for episode in &state.episodes {
        // Already most urgent first: the engine sorts every evaluation.
        let instances: &[&RuleInstance] = by_episode
            .get(episode.reference.as_str())
            .map_or(&[][..], Vec::as_slice);
        let open: Vec<&RuleInstance> = instances
            .iter()
            .copied()
            .filter(|i| i.state.is_open())
            .collect();
        if !listed(episode, at, !open.is_empty())
            || evaluation.off_daily_report.contains(&episode.reference)
        {
            continue;
        }
        let child = state.child_of(episode);
        let next = open.first().copied().or_else(|| {
            instances
                .iter()
                .copied()
                .find(|i| i.state == InstanceState::Upcoming)
        });
        let section = match (&episode.returned, episode.category) {
            (None, c) if c.is_absence() => "away",
            (None, _) => "missing",
            (Some(_), _) => "returned",
        };
        let until = episode.returned.as_ref().map_or(at, |r| r.at);
        let overdue = open
            .iter()
            .filter(|i| i.state == InstanceState::Overdue)
            .count() as u32;
        rows.push(DailyEpisode {
            episode: episode.reference.clone(),
            child: child.reference.clone(),
            authority: super::authority_of(evaluation, &episode.reference)
                .map(str::to_string)
                .or_else(|| episode.authority.clone())
                .unwrap_or_default(),
            name: if privacy {
                child.initials()
            } else {
                child.name.clone()
            },
            status: child.status.as_str(),
            category: episode.category.as_str(),
            risk: episode.risk.as_str(),
            risk_label: episode.risk.label(),
            section,
            missing_since: episode.last_seen_at,
            reported_at: episode.reported_at,
            returned_at: episode.returned.as_ref().map(|r| r.at),
            elapsed_s: (until - episode.last_seen_at).num_seconds().max(0),
            allocated_worker: child.allocated_worker.clone(),
            police_ref: episode.police_ref.clone(),
            actions_due: open.len() as u32 - overdue,
            actions_overdue: overdue,
            next_action: next.map(|i| i.rule.clone()),
            next_title: next.map(|i| i.title.clone()),
            next_state: next.map(|i| i.state.as_str()),
            next_due_at: next.map(|i| i.due_at),
            next_opens_at: next.map(|i| i.opens_at),
            actions: open
                .iter()
                .map(|i| DailyAction {
                    rule: i.rule.clone(),
                    title: i.title.clone(),
                    state: i.state.as_str(),
                    opens_at: i.opens_at,
                    due_at: i.due_at,
                    asap: i.asap,
                    source: i.source.clone(),
                })
                .collect(),
        });
    }
    rows.sort_by(|a, b| order(a, b, state));
    Daily {
        policy: None,
        authority: None,
        authorities: Vec::new(),
        at,
        window_from: at - Duration::hours(DAILY_WINDOW_HOURS),
        generated_at: now,
        privacy,
        summary: summarise(&rows),
        episodes: rows,
    }
}

impl Daily {
    /// The report for one authority (`--authority`): the episodes that follow its
    /// procedure, and the summary over them.
    pub fn for_authority(mut self, authority: &str) -> Daily {
        self.episodes.retain(|r| r.authority == authority);
        self.summary = summarise(&self.episodes);
        self.authority = Some(authority.to_string());
        self.authorities.retain(|a| a.authority == authority);
        self
    }
}

/// The summary line's counts over the report's rows.
fn summarise(rows: &[DailyEpisode]) -> DailySummary {
    DailySummary {
        episodes: rows.len(),
        still_missing: rows.iter().filter(|r| r.returned_at.is_none()).count(),
        high_risk: rows
            .iter()
            .filter(|r| r.returned_at.is_none() && r.risk == "high")
            .count(),
        with_overdue: rows.iter().filter(|r| r.actions_overdue > 0).count(),
        actions_due: rows.iter().map(|r| r.actions_due as usize).sum(),
        actions_overdue: rows.iter().map(|r| r.actions_overdue as usize).sum(),
    }
}

/// The board's order: section, then the next action's urgency, then risk (highest
/// first), then how long gone (longest first), then reference.
fn order(a: &DailyEpisode, b: &DailyEpisode, state: &State) -> std::cmp::Ordering {
    fn section(s: &str) -> u8 {
        match s {
            "missing" => 0,
            "away" => 1,
            _ => 2,
        }
    }
    fn urgency(r: &DailyEpisode) -> (u8, Option<DateTime<Utc>>) {
        match r.next_state {
            Some("overdue") => (0, r.next_due_at),
            Some("due_now") => (1, r.next_opens_at),
            Some("due") => (2, r.next_due_at),
            Some("upcoming") => (3, r.next_opens_at),
            _ => (4, None),
        }
    }
    let rank = |r: &DailyEpisode| state.episode(&r.episode).map_or(0, |e| e.risk.rank());
    section(a.section)
        .cmp(&section(b.section))
        .then_with(|| urgency(a).cmp(&urgency(b)))
        .then_with(|| rank(b).cmp(&rank(a)))
        .then_with(|| a.missing_since.cmp(&b.missing_since))
        .then_with(|| a.episode.cmp(&b.episode))
}

/// The row's next action in words (`Strategy meeting: OVERDUE 2h 00m`), or `none`.
pub fn next_text(r: &DailyEpisode, at: DateTime<Utc>) -> String {
    match (&r.next_title, r.next_state, r.next_opens_at, r.next_due_at) {
        (Some(t), Some(s), Some(o), Some(d)) => format!("{t}: {}", action_status(s, o, d, at)),
        _ => "none".into(),
    }
}

/// The recommended actions in one line: `Title (STATUS); Title (STATUS)`.
pub fn actions_text(r: &DailyEpisode, at: DateTime<Utc>) -> String {
    r.actions
        .iter()
        .map(|a| {
            format!(
                "{} ({})",
                a.title,
                action_status(a.state, a.opens_at, a.due_at, at)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}
