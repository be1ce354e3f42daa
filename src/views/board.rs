//! The snapshot every view shares: the board's rows in screen order, the ticker's
//! breaches and the header's counts. Built from the state and the engine's
//! evaluation; the terminal, `board --format json` and the reports all read this.

use super::shift::{is_due_soon, shift_now, standing, DueSoon, ShiftNow};
use super::{rfc, rfc_opt};
use crate::calendar::age_on;
use crate::procedures::{Evaluation, InstanceState, RuleInstance};
use crate::record::vocab::{Category, Risk, Status};
use crate::record::State;
use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

/// Which part of the board a row sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Whereabouts unknown: the board's main list.
    Missing,
    /// Away from placement, whereabouts known: shown apart, no missing deadlines.
    Away,
    /// Back, with actions still open (return home interview and the rest).
    Returned,
    /// Back, and every action still open was due more than [`BACKLOG_AFTER`] ago: a
    /// backlog nobody closed, folded under a count so it cannot bury tonight's board
    /// (issue 15). Still listed in `board --format json`, with this section.
    Backlog,
}

/// How long past its deadline every open action of a returned episode must be before
/// the episode goes into the backlog: four weeks, longer than any return home
/// interview or review the procedures set after a return, so a breach of this month
/// stays on the board.
pub const BACKLOG_AFTER: chrono::Duration = chrono::Duration::days(28);

impl Section {
    pub fn title(self) -> &'static str {
        match self {
            Section::Missing => "MISSING",
            Section::Away => "AWAY - WHEREABOUTS KNOWN",
            Section::Returned => "RETURNED - ACTIONS OPEN",
            Section::Backlog => "BACKLOG - RETURNED, ACTIONS LONG PAST",
        }
    }
}

/// One row of the board. The fields are in alphabetical order because `board --format
/// json` prints them in field order and the contract's keys are sorted (tests/goldens.rs);
/// instants are RFC 3339 to the second.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardRow {
    pub age: u32,
    /// The authority whose procedure the episode follows (INTERFACE).
    pub authority: String,
    pub breaches: u32,
    pub category: Category,
    pub child: String,
    /// Time missing so far (to the return, for a returned child).
    pub elapsed_s: i64,
    pub episode: String,
    pub lead_officer: Option<String>,
    pub linked: Vec<String>,
    #[serde(serialize_with = "rfc")]
    pub missing_since: DateTime<Utc>,
    /// As displayed: initials in privacy mode.
    pub name: String,
    pub next_action: Option<String>,
    pub next_asap: bool,
    #[serde(serialize_with = "rfc_opt")]
    pub next_due_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "rfc_opt")]
    pub next_opens_at: Option<DateTime<Utc>>,
    pub next_state: Option<InstanceState>,
    pub next_title: Option<String>,
    pub open_actions: u32,
    /// The officer who owns the episode (shown on the board; not in the JSON contract).
    #[serde(skip)]
    pub owner: String,
    /// Its actions still due (rule, title, deadline): DUE SOON within the hour.
    #[serde(skip)]
    pub still_due: Vec<(String, String, DateTime<Utc>)>,
    pub police_ref: Option<String>,
    #[serde(serialize_with = "rfc")]
    pub reported_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "rfc_opt")]
    pub returned_at: Option<DateTime<Utc>>,
    pub risk: Risk,
    pub risk_label: &'static str,
    pub section: Section,
    pub status: Status,
    pub violations: Vec<String>,
}

/// One breached deadline, for the ticker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TickerItem {
    pub episode: String,
    pub rule: String,
    pub initials: String,
    pub title: String,
    pub due_at: DateTime<Utc>,
    pub overdue_s: i64,
    /// Who acknowledged this breach, and when (it then stops alerting), while the
    /// acknowledgement is in force (`views::shift::standing`).
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// When the acknowledgement in force lapses, if it does.
    #[serde(skip)]
    pub acknowledged_until: Option<DateTime<Utc>>,
    /// When the last acknowledgement lapsed, if one has: the breach alerts again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lapsed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub missing: u32,
    pub away: u32,
    pub returned_open: u32,
    pub high_risk: u32,
    pub breached: u32,
    /// Rows in the backlog section (their breaches are not in `breached`).
    #[serde(skip_serializing_if = "is_zero")]
    pub backlog: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The header's counts over one authority's rows (a record of several authorities).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthorityCounts {
    pub authority: String,
    pub counts: Counts,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Board {
    pub now: Option<DateTime<Utc>>,
    pub rows: Vec<BoardRow>,
    pub ticker: Vec<TickerItem>,
    pub counts: Counts,
    pub errors: Vec<String>,
    /// Stored events the fold could not apply ("not applied: REASON"): never hidden.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_applied: Vec<String>,
    /// Events dated after the desk's clock, shown as now: the banner naming the skew.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock_skew: Option<String>,
    /// On a record of several authorities, each (in the record's order) with the
    /// counts over its rows: the board's AUTH column and the header's per-authority
    /// counts show then. Empty on a record of one authority.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_authority: Vec<AuthorityCounts>,
    /// Which build of a live desk's [`super::board_update::Keeper`] it is (0: none):
    /// only its last board is brought up to date, never one from elsewhere.
    #[serde(skip)]
    pub generation: u64,
    /// The shift in progress, if the record has one (`shift_started`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shift: Option<ShiftNow>,
    /// Actions due within the hour (DUE SOON, a display state: JSON keeps `due`).
    #[serde(skip)]
    pub due_soon: Vec<DueSoon>,
    /// Every officer the record names, by name (the owner chooser, the sign-in).
    #[serde(skip)]
    pub officers: Vec<(String, crate::record::Officer)>,
}

impl Board {
    /// Whether the record has several authorities (the AUTH column shows).
    pub fn several_authorities(&self) -> bool {
        !self.by_authority.is_empty()
    }

    /// The board of a record whose authorities are `names` (in the record's order):
    /// with more than one, the counts over each one's rows.
    pub fn with_authorities(mut self, names: &[&str]) -> Board {
        self.by_authority = if names.len() > 1 {
            // One look along the rows and the ticker, whatever the number of rows.
            let authority: HashMap<&str, &str> = (self.rows.iter())
                .map(|r| (r.episode.as_str(), r.authority.as_str()))
                .collect();
            names
                .iter()
                .map(|a| {
                    let rows: Vec<&BoardRow> =
                        self.rows.iter().filter(|r| r.authority == *a).collect();
                    let breached = (self.ticker.iter())
                        .filter(|t| authority.get(t.episode.as_str()) == Some(a))
                        .count() as u32;
                    AuthorityCounts {
                        authority: a.to_string(),
                        counts: counts_of(&rows, breached),
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        self
    }
}

/// The header's counts over `rows`, `breached` of their breaches in the ticker.
fn counts_of(rows: &[&BoardRow], breached: u32) -> Counts {
    let in_section = |s: Section| rows.iter().filter(|r| r.section == s).count() as u32;
    Counts {
        missing: in_section(Section::Missing),
        away: in_section(Section::Away),
        returned_open: in_section(Section::Returned),
        high_risk: rows
            .iter()
            .filter(|r| {
                matches!(r.section, Section::Missing | Section::Away) && r.risk == Risk::High
            })
            .count() as u32,
        breached,
        backlog: in_section(Section::Backlog),
    }
}

/// The returned episodes whose every open action was due more than [`BACKLOG_AFTER`]
/// before `now`: the board's backlog section, the handover's backlog count.
pub fn backlog_episodes<'a>(
    state: &'a State,
    evaluation: &Evaluation,
    now: DateTime<Utc>,
) -> std::collections::HashSet<&'a str> {
    let mut open: HashMap<&str, Vec<&RuleInstance>> = HashMap::default();
    for i in evaluation.instances.iter().filter(|i| i.state.is_open()) {
        open.entry(i.episode.as_str()).or_default().push(i);
    }
    state
        .episodes
        .iter()
        .filter(|e| {
            e.returned.is_some()
                && open
                    .get(e.reference.as_str())
                    .is_some_and(|o| long_past(o, now))
        })
        .map(|e| e.reference.as_str())
        .collect()
}

/// Whether a returned episode's open actions put it in the backlog: there are some,
/// and every one was due more than [`BACKLOG_AFTER`] before `now`.
pub(super) fn long_past(open: &[&RuleInstance], now: DateTime<Utc>) -> bool {
    !open.is_empty() && open.iter().all(|i| i.due_at < now - BACKLOG_AFTER)
}

/// Builds the board at `now`. `privacy` shows names as initials everywhere.
pub fn build(state: &State, evaluation: &Evaluation, now: DateTime<Utc>, privacy: bool) -> Board {
    build_keeping(state, evaluation, now, privacy, &mut Default::default())
}

/// As [`build`], noting in `latest` when the last open action of each returned row
/// falls due (what [`super::board_update`] needs to move it into the backlog later).
pub(super) fn build_keeping(
    state: &State,
    evaluation: &Evaluation,
    now: DateTime<Utc>,
    privacy: bool,
    latest: &mut HashMap<String, DateTime<Utc>>,
) -> Board {
    let by_episode = by_episode(evaluation.instances.iter());
    let mut violations = violations_of(evaluation.violations.iter());
    let mut rows = Vec::new();
    let mut ticker = Vec::new();
    // Only an episode still out or with an instance can have a row: the settled past
    // is not looked up episode by episode.
    let mut places: Vec<usize> = by_episode
        .keys()
        .filter_map(|e| state.episode_index.get(*e).copied())
        .collect();
    places.extend(
        (state.episodes.iter().enumerate())
            .filter(|(_, e)| e.returned.is_none())
            .map(|(k, _)| k),
    );
    places.sort_unstable();
    places.dedup();
    let mut out = Out {
        rows: &mut rows,
        ticker: &mut ticker,
        latest,
    };
    for episode in places.iter().map(|&k| &state.episodes[k]) {
        row_of(
            state,
            evaluation,
            episode,
            &by_episode,
            &mut violations,
            now,
            privacy,
            &mut out,
        );
    }
    finish(state, evaluation, rows, ticker, now)
}

/// Each episode's instances, most urgent first (as the engine sorts them).
pub(super) fn by_episode<'a>(
    instances: impl Iterator<Item = &'a RuleInstance>,
) -> HashMap<&'a str, Vec<&'a RuleInstance>> {
    let mut by_episode: HashMap<&str, Vec<&RuleInstance>> = HashMap::default();
    for i in instances {
        by_episode.entry(i.episode.as_str()).or_default().push(i);
    }
    by_episode
}

/// Each episode's violations, in words.
pub(super) fn violations_of<'a>(
    violations: impl Iterator<Item = &'a crate::procedures::PolicyViolation>,
) -> HashMap<&'a str, Vec<String>> {
    let mut by_episode: HashMap<&str, Vec<String>> = HashMap::default();
    for v in violations {
        by_episode
            .entry(v.episode.as_str())
            .or_default()
            .push(v.text.clone());
    }
    by_episode
}

/// Where the rows built go.
pub(super) struct Out<'o> {
    pub rows: &'o mut Vec<BoardRow>,
    pub ticker: &'o mut Vec<TickerItem>,
    /// A returned row's latest open deadline.
    pub latest: &'o mut HashMap<String, DateTime<Utc>>,
}

/// The row of `episode` (none if it is back with nothing open) and its breaches for
/// the ticker.
#[allow(clippy::too_many_arguments)]
pub(super) fn row_of(
    state: &State,
    evaluation: &Evaluation,
    episode: &crate::record::Episode,
    by_episode: &HashMap<&str, Vec<&RuleInstance>>,
    violations: &mut HashMap<&str, Vec<String>>,
    now: DateTime<Utc>,
    privacy: bool,
    out: &mut Out,
) {
    let instances: &[&RuleInstance] = by_episode
        .get(episode.reference.as_str())
        .map_or(&[][..], Vec::as_slice);
    let open: Vec<&RuleInstance> = instances
        .iter()
        .copied()
        .filter(|i| i.state.is_open())
        .collect();
    let section = match (&episode.returned, episode.category) {
        (None, c) if c.is_absence() => Section::Away,
        (None, _) => Section::Missing,
        (Some(_), _) if long_past(&open, now) => Section::Backlog,
        (Some(_), _) if !open.is_empty() => Section::Returned,
        (Some(_), _) => return,
    };
    if section == Section::Returned {
        if let Some(latest) = open.iter().map(|i| i.due_at).max() {
            out.latest.insert(episode.reference.clone(), latest);
        }
    }
    let child = state.child_of(episode);
    // Instances arrive most urgent first (the engine sorts them).
    let next = open.first().copied().or_else(|| {
        instances
            .iter()
            .copied()
            .find(|i| i.state == InstanceState::Upcoming)
    });
    let breaches = open
        .iter()
        .filter(|i| i.state == InstanceState::Overdue)
        .count() as u32;
    // A backlog's breaches are counted on its rows, not shouted in the ticker.
    let shouted = if section == Section::Backlog {
        &[][..]
    } else {
        &open[..]
    };
    for i in shouted.iter().filter(|i| i.state == InstanceState::Overdue) {
        out.ticker.push(TickerItem {
            episode: i.episode.clone(),
            rule: i.rule.clone(),
            initials: child.initials(),
            title: i.title.clone(),
            due_at: i.due_at,
            overdue_s: (now - i.due_at).num_seconds(),
            // Where its acknowledgement stands is said at `now` by [`finish`].
            acknowledged_by: None,
            acknowledged_at: None,
            acknowledged_until: None,
            lapsed_at: None,
        });
    }
    let until = episode.returned.as_ref().map_or(now, |r| r.at);
    out.rows.push(BoardRow {
        authority: evaluation
            .governed
            .get(&episode.reference)
            .map(|f| f.authority.to_string())
            .or_else(|| episode.authority.clone())
            .unwrap_or_default(),
        episode: episode.reference.clone(),
        child: child.reference.clone(),
        name: if privacy {
            child.initials()
        } else {
            child.name.clone()
        },
        age: age_on(child.dob, episode.reported_at),
        status: child.status,
        category: episode.category,
        risk: episode.risk,
        risk_label: episode.risk.label(),
        section,
        missing_since: episode.last_seen_at,
        reported_at: episode.reported_at,
        returned_at: episode.returned.as_ref().map(|r| r.at),
        elapsed_s: (until - episode.last_seen_at).num_seconds().max(0),
        next_action: next.map(|i| i.rule.clone()),
        next_title: next.map(|i| i.title.clone()),
        next_due_at: next.map(|i| i.due_at),
        next_opens_at: next.map(|i| i.opens_at),
        next_state: next.map(|i| i.state),
        next_asap: next.is_some_and(|i| i.asap),
        open_actions: open.len() as u32,
        owner: episode.owner.clone(),
        still_due: shouted
            .iter()
            .filter(|i| i.state == InstanceState::Due)
            .map(|i| (i.rule.clone(), i.title.clone(), i.due_at))
            .collect(),
        breaches,
        violations: violations
            .remove(episode.reference.as_str())
            .unwrap_or_default(),
        police_ref: episode.police_ref.clone(),
        linked: episode.linked.iter().cloned().collect(),
        lead_officer: episode.lead_officer.clone(),
    });
}

/// The board of `rows` and `ticker` at `now`: both in screen order, the counts, the
/// evaluation's errors and what the fold could not apply.
pub(super) fn finish(
    state: &State,
    evaluation: &Evaluation,
    mut rows: Vec<BoardRow>,
    mut ticker: Vec<TickerItem>,
    now: DateTime<Utc>,
) -> Board {
    rows.sort_by(|a, b| row_order(a, b, now));
    // An acknowledgement lapses with the clock (its until, the end of its shift): said
    // afresh at each board, kept or built (the ticker is short).
    for t in ticker.iter_mut() {
        let Some(episode) = state.episode(&t.episode) else {
            continue;
        };
        let ack = standing(state, episode, &t.rule, t.due_at, now);
        t.acknowledged_by = ack.current.map(|a| a.by.clone());
        t.acknowledged_at = ack.current.map(|a| a.at);
        t.acknowledged_until = ack.current.and_then(|a| super::shift::lapses_at(state, a));
        t.lapsed_at = ack.lapsed_at;
    }
    // DUE SOON: an action still due within the hour (as the clock reaches it).
    let due_soon = (rows.iter())
        .flat_map(|r| r.still_due.iter().map(move |d| (r, d)))
        .filter(|(_, (_, _, due_at))| is_due_soon(*due_at, now))
        .map(|(r, (rule, title, due_at))| DueSoon {
            episode: r.episode.clone(),
            rule: rule.clone(),
            title: title.clone(),
            due_at: *due_at,
        })
        .collect();
    ticker.sort_by(|a, b| {
        b.overdue_s
            .cmp(&a.overdue_s)
            .then_with(|| a.episode.cmp(&b.episode))
    });
    let counts = counts_of(&rows.iter().collect::<Vec<_>>(), ticker.len() as u32);
    Board {
        now: Some(now),
        rows,
        ticker,
        counts,
        errors: evaluation.errors.iter().map(|e| e.to_string()).collect(),
        not_applied: state.not_applied.iter().map(|n| n.describe()).collect(),
        clock_skew: None,
        by_authority: Vec::new(),
        generation: 0,
        shift: shift_now(state, now),
        due_soon,
        officers: officers(state),
    }
}

/// Every officer the record names, by name.
fn officers(state: &State) -> Vec<(String, crate::record::Officer)> {
    let mut out: Vec<(String, crate::record::Officer)> = (state.officers.iter())
        .map(|(name, o)| (name.clone(), o.clone()))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Screen order: by section, then overdue (longest first), due now, soonest due,
/// then by risk and how long the child has been gone.
pub fn row_order(a: &BoardRow, b: &BoardRow, _now: DateTime<Utc>) -> std::cmp::Ordering {
    fn urgency(r: &BoardRow) -> (u8, Option<DateTime<Utc>>) {
        match r.next_state {
            Some(InstanceState::Overdue) => (0, r.next_due_at),
            Some(InstanceState::DueNow) => (1, r.next_opens_at),
            Some(InstanceState::Due) => (2, r.next_due_at),
            Some(InstanceState::Upcoming) => (3, r.next_opens_at),
            _ => (4, None),
        }
    }
    a.section
        .cmp(&b.section)
        .then_with(|| urgency(a).cmp(&urgency(b)))
        .then_with(|| b.risk.rank().cmp(&a.risk.rank()))
        .then_with(|| a.missing_since.cmp(&b.missing_since))
        .then_with(|| a.episode.cmp(&b.episode))
}
