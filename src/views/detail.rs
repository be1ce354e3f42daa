//! What the screen shows, computed when the record changes (or the clock moves on a
//! minute), never while drawing: the board snapshot plus the detail pane's data
//! (checklist, rule instances, timeline) of the episodes asked for: on a live board
//! the one selected, not every row (issue 15: a backlog has 40,000).

use crate::calendar::{age_on, Calendar};
use crate::procedures::governs::Govern;
use crate::procedures::{evaluate_events, Evaluation, Policy, PolicyViolation, RuleInstance};
use crate::record::event::PoliceInfo;
use crate::record::vocab::{Category, Flag, Risk, Status};
use crate::record::{Event, State};
use crate::record::{Return, RiskGrading};
use crate::views::board::{self, Board};
use chrono::{DateTime, NaiveDate, Utc};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashMap;

/// The policy facts the forms need.
#[derive(Debug, Clone, Default)]
pub struct PolicyInfo {
    pub name: String,
    pub categories: Vec<Category>,
    /// Every rule: (id, title).
    pub rules: Vec<(String, String)>,
}

impl PolicyInfo {
    pub fn of(policy: &Policy) -> PolicyInfo {
        PolicyInfo {
            name: policy.name.clone(),
            categories: if policy.categories.is_empty() {
                Category::ALL.to_vec()
            } else {
                policy.categories.clone()
            },
            rules: policy
                .rules
                .iter()
                .map(|r| (r.id.clone(), r.title.clone()))
                .collect(),
        }
    }
}

/// The procedure an episode follows (INTERFACE: its child's authority's policy in
/// force at its report): what the detail pane names and the forms offer.
#[derive(Debug, Clone, Default)]
pub struct Procedure {
    pub authority: String,
    pub policy: PolicyInfo,
    /// The adopted text's version (none for a policy given for one call).
    pub version: Option<String>,
}

/// One item of the police information checklist (PROCEDURES.md, "Every policy").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckItem {
    pub label: &'static str,
    /// The `details_added` field that fills it in, if the officer can add it later.
    pub field: Option<&'static str>,
    pub present: bool,
}

/// One line of an episode's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    /// The stored event's id (what a void names).
    pub id: String,
    /// Whether it can be marked as made in error: not a void, not voided already.
    pub voidable: bool,
    pub at: DateTime<Utc>,
    pub by: String,
    pub what: String,
    /// Voided as made in error: shown struck through, and its words say so.
    pub voided: bool,
}

/// A child the report form can choose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildChoice {
    pub child: String,
    pub name: String,
    pub initials: String,
    pub open_episode: Option<String>,
    /// When the child was registered here (an episode cannot be dated before it).
    pub registered_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct EpisodeDetail {
    pub episode: String,
    pub child: String,
    pub name: String,
    pub initials: String,
    pub dob: NaiveDate,
    pub age: u32,
    pub status: Status,
    pub flags: Vec<Flag>,
    pub authority: Option<String>,
    pub allocated_worker: Option<String>,
    pub placement: Option<String>,
    /// When the child was registered: a change "it was always so" is dated then.
    pub registered_at: DateTime<Utc>,
    pub category: Category,
    pub risk: Risk,
    pub gradings: Vec<RiskGrading>,
    pub reported_at: DateTime<Utc>,
    pub reported_by: String,
    pub last_seen_at: DateTime<Utc>,
    pub police_ref: Option<String>,
    pub police_informed_at: Option<DateTime<Utc>>,
    pub info: PoliceInfo,
    pub returned: Option<Return>,
    pub rhi_attempts: usize,
    pub rhi_declined_at: Option<DateTime<Utc>>,
    pub linked: Vec<String>,
    pub lead_officer: Option<String>,
    pub checklist: Vec<CheckItem>,
    /// Every rule instance of the episode, in any state, most urgent first.
    pub instances: Vec<RuleInstance>,
    pub violations: Vec<PolicyViolation>,
    /// A police regrade not yet taken up or dismissed (review D4): the risk form
    /// offers both.
    pub regrade: Option<crate::record::regrade::Regrade>,
    /// The rules the policy allows a waiver of on this episode (the `w` form's choices).
    pub waivable: Vec<String>,
    pub timeline: Vec<TimelineEntry>,
    /// The procedure it follows (none in a detail built by hand).
    pub procedure: Option<Procedure>,
}

impl EpisodeDetail {
    pub fn display_name(&self, privacy: bool) -> &str {
        if privacy {
            &self.initials
        } else {
            &self.name
        }
    }

    pub fn checklist_missing(&self) -> usize {
        self.checklist.iter().filter(|c| !c.present).count()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub now: DateTime<Utc>,
    /// Built with full names; the screens show initials in privacy mode.
    pub board: Board,
    pub details: HashMap<String, EpisodeDetail>,
    pub children: Vec<ChildChoice>,
    /// Police notifications waiting for a MASH screener, with the children each may
    /// be about (the triage pane; its length is the header's count).
    pub triage: Vec<crate::triage::pending::TriageItem>,
    /// Files the inbox refused in the last day, the latest first (review D3).
    pub refused: Vec<crate::record::RefusedFile>,
    /// The next instant at which any rule instance changes state (opens, falls due,
    /// escalates): the snapshot must be rebuilt by then.
    pub next_change: Option<DateTime<Utc>>,
}

impl Snapshot {
    /// Builds everything the screens need from the record's events (in time order).
    pub fn build(
        events: &[Event],
        policy: &Policy,
        calendar: &Calendar,
        now: DateTime<Utc>,
    ) -> Snapshot {
        let (state, evaluation) = evaluate_events(events, policy, calendar, now);
        let board = board::build(&state, &evaluation, now, false);
        Snapshot::of_state(&state, evaluation, board, &|i| events.get(i), policy, now)
    }

    /// As [`Snapshot::build`], from the record already folded and evaluated at `now`
    /// and its board (built with full names), with a detail pane for every row; `event`
    /// gives the event at a place in the fold, for the timelines of the episodes on the
    /// board (only those are asked for).
    pub fn of_state<'e>(
        state: &State,
        evaluation: Evaluation,
        board: Board,
        event: &dyn Fn(usize) -> Option<&'e Event>,
        governs: &dyn Govern,
        now: DateTime<Utc>,
    ) -> Snapshot {
        let rows: Vec<String> = board.rows.iter().map(|r| r.episode.clone()).collect();
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let next_change = next_change(&evaluation, now);
        let children = choices(state, None, None);
        let mut snapshot = Snapshot::of_board(state, board, children, next_change, now);
        snapshot.add_details(state, &evaluation, event, governs, &rows);
        snapshot
    }

    /// The screens' snapshot without a detail pane: the board, the children the forms
    /// choose from, the triage list and the inbox's refusals. A live board adds the
    /// detail of the episode selected ([`Snapshot::add_details`]), not of every row.
    /// `children` are the record's children in name order ([`choices`]).
    pub fn of_board(
        state: &State,
        board: Board,
        children: Vec<ChildChoice>,
        next_change: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Snapshot {
        Snapshot {
            now,
            board,
            details: HashMap::new(),
            children,
            triage: crate::triage::pending::triage_list(state, false),
            refused: crate::triage::pending::recent_refusals(state, now, false),
            next_change,
        }
    }

    pub fn detail(&self, episode: &str) -> Option<&EpisodeDetail> {
        self.details.get(episode)
    }

    /// Whether `episode` has a row on the board.
    pub fn on_board(&self, episode: &str) -> bool {
        self.board.rows.iter().any(|r| r.episode == episode)
    }

    /// Adds the detail pane of each of `episodes` on the board (the others are left
    /// out), from `evaluation` (which must hold every instance of their children) and
    /// `event`, which gives the events of their timelines by place in the fold.
    pub fn add_details<'e>(
        &mut self,
        state: &State,
        evaluation: &Evaluation,
        event: &dyn Fn(usize) -> Option<&'e Event>,
        governs: &dyn Govern,
        episodes: &[&str],
    ) {
        // Only episodes on the board have a pane (one look along the rows).
        let asked: FxHashSet<&str> = episodes.iter().copied().collect();
        let wanted: Vec<String> = (self.board.rows.iter())
            .map(|r| r.episode.as_str())
            .filter(|e| asked.contains(e) && !self.details.contains_key(*e))
            .map(str::to_string)
            .collect();
        if wanted.is_empty() {
            return;
        }
        let mut instances: FxHashMap<&str, Vec<RuleInstance>> =
            wanted.iter().map(|e| (e.as_str(), Vec::new())).collect();
        for i in &evaluation.instances {
            if let Some(list) = instances.get_mut(i.episode.as_str()) {
                list.push(i.clone());
            }
        }
        let mut violations: FxHashMap<&str, Vec<PolicyViolation>> =
            wanted.iter().map(|e| (e.as_str(), Vec::new())).collect();
        for v in &evaluation.violations {
            if let Some(list) = violations.get_mut(v.episode.as_str()) {
                list.push(v.clone());
            }
        }
        let mut infos: Vec<(*const Policy, PolicyInfo)> = Vec::new();
        for e in &wanted {
            let Some(episode) = state.episode(e) else {
                continue;
            };
            let detail = episode_detail(
                state,
                episode,
                instances.remove(e.as_str()).unwrap_or_default(),
                violations.remove(e.as_str()).unwrap_or_default(),
                event,
                governs,
                &mut infos,
                self.now,
            );
            self.details.insert(e.clone(), detail);
        }
    }
}

/// One episode's detail pane: its child, its police information, every instance
/// given (most urgent first) and its timeline, the events the fold could not apply
/// in their places.
#[allow(clippy::too_many_arguments)]
fn episode_detail<'e>(
    state: &State,
    episode: &crate::record::Episode,
    instances: Vec<RuleInstance>,
    violations: Vec<PolicyViolation>,
    event: &dyn Fn(usize) -> Option<&'e Event>,
    governs: &dyn Govern,
    infos: &mut Vec<(*const Policy, PolicyInfo)>,
    now: DateTime<Utc>,
) -> EpisodeDetail {
    let child = state.child_of(episode);
    let governed = governs.govern(episode, now);
    let policy = governed.policy;
    let info = match infos.iter().find(|(p, _)| std::ptr::eq(*p, policy)) {
        Some((_, info)) => info.clone(),
        None => {
            let info = PolicyInfo::of(policy);
            infos.push((policy, info.clone()));
            info
        }
    };
    let procedure = Procedure {
        authority: governed.authority.to_string(),
        policy: info,
        version: governed.version.map(str::to_string),
    };
    // A stored event naming this episode that the fold could not apply stays in
    // the timeline, in its place, saying so (issue 13 D1: never hidden).
    let mut places: Vec<(usize, Option<&str>)> =
        episode.events.iter().map(|&i| (i, None)).collect();
    places.extend(
        state
            .not_applied
            .iter()
            .filter(|n| n.episode.as_deref() == Some(episode.reference.as_str()))
            .map(|n| (n.index, Some(n.reason.as_str()))),
    );
    places.sort_by_key(|&(i, _)| i);
    let timeline = places
        .into_iter()
        .filter_map(|(i, not_applied)| event(i).map(|e| (e, not_applied)))
        .map(|(e, not_applied)| {
            let voided = state.voided.contains(&e.id);
            let what = super::wording::describe(e, policy);
            TimelineEntry {
                id: e.id.clone(),
                voidable: !voided
                    && !matches!(e.kind, crate::record::EventKind::EventVoided { .. }),
                at: e.at,
                by: e.by.clone(),
                what: match (not_applied, voided) {
                    (_, true) => format!("VOIDED (entry {}): {what}", e.id),
                    (Some(reason), false) => format!("NOT APPLIED ({reason}): {what}"),
                    (None, false) => what,
                },
                voided,
            }
        })
        .collect();
    EpisodeDetail {
        episode: episode.reference.clone(),
        child: child.reference.clone(),
        name: child.name.clone(),
        initials: child.initials(),
        dob: child.dob,
        age: age_on(child.dob, episode.reported_at),
        status: child.status,
        flags: child.flags.clone(),
        authority: child.authority.clone(),
        allocated_worker: child.allocated_worker.clone(),
        placement: child.placement.clone(),
        registered_at: child.registered_at,
        category: episode.category,
        risk: episode.risk,
        gradings: episode.gradings.clone(),
        reported_at: episode.reported_at,
        reported_by: episode.reported_by.clone(),
        last_seen_at: episode.last_seen_at,
        police_ref: episode.police_ref.clone(),
        police_informed_at: episode.police_informed_at,
        info: episode.info.as_deref().cloned().unwrap_or_default(),
        returned: episode.returned.clone(),
        rhi_attempts: episode.rhi_attempts.len(),
        rhi_declined_at: episode.rhi_declined_at,
        linked: episode.linked.iter().cloned().collect(),
        lead_officer: episode.lead_officer.clone(),
        checklist: checklist(
            child,
            episode.info.as_deref().unwrap_or(&PoliceInfo::default()),
        ),
        instances,
        violations,
        // Only re-sent notifications can hold one: a look along those, not all.
        regrade: (state.notifications.iter())
            .filter(|n| !n.revisions.is_empty())
            .filter_map(|n| crate::record::regrade::outstanding_in(state, n))
            .find(|r| r.episode == episode.reference),
        waivable: policy
            .waivable_rules(episode, child)
            .into_iter()
            .map(str::to_string)
            .collect(),
        timeline,
        procedure: Some(procedure),
    }
}

/// The children the report form and the choosers offer, in name order: every child of
/// the record, or (a live board) `previous` with the children in `changed` made again
/// (the others are as they were: a choice reads its own child only).
pub fn choices(
    state: &State,
    previous: Option<Vec<ChildChoice>>,
    changed: Option<&FxHashSet<String>>,
) -> Vec<ChildChoice> {
    let choice = |c: &crate::record::Child| ChildChoice {
        child: c.reference.clone(),
        name: c.name.clone(),
        initials: c.initials(),
        open_episode: (c.episodes.iter())
            .map(|&i| &state.episodes[i])
            .find(|e| e.is_open())
            .map(|e| e.reference.clone()),
        registered_at: c.registered_at,
    };
    let order =
        |a: &ChildChoice, b: &ChildChoice| a.name.cmp(&b.name).then_with(|| a.child.cmp(&b.child));
    match (previous, changed) {
        (Some(mut children), Some(changed)) => {
            children.retain(|c| !changed.contains(&c.child));
            for c in changed.iter().filter_map(|c| state.children.get(c)) {
                let c = choice(c);
                let at = children.partition_point(|o| order(o, &c).is_lt());
                children.insert(at, c);
            }
            children
        }
        _ => {
            let mut children: Vec<ChildChoice> = state.children.values().map(choice).collect();
            children.sort_by(order);
            children
        }
    }
}

/// The next instant after `now` at which any instance of `evaluation` opens, falls
/// due or escalates. Only an instance still to be dealt with (upcoming or open)
/// changes then: a completed, waived or closed one stays as it is, so the same
/// instant comes out whether the detail panes' instances are in or not.
pub fn next_change(evaluation: &Evaluation, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    evaluation
        .instances
        .iter()
        .filter(|i| i.state.is_open() || i.state == crate::procedures::InstanceState::Upcoming)
        .flat_map(|i| [Some(i.opens_at), Some(i.due_at), i.escalates_at])
        .flatten()
        .filter(|t| *t > now)
        .min()
}

/// What the police need when a child is reported (PROCEDURES.md, "Every policy"),
/// and whether the record has it.
pub fn checklist(child: &crate::record::Child, info: &PoliceInfo) -> Vec<CheckItem> {
    let has = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    vec![
        CheckItem {
            label: "Name",
            field: None,
            present: !child.name.trim().is_empty(),
        },
        CheckItem {
            label: "Date of birth",
            field: None,
            present: true,
        },
        CheckItem {
            label: "Status",
            field: None,
            present: true,
        },
        CheckItem {
            label: "Responsible authority",
            field: None,
            present: has(&child.authority),
        },
        CheckItem {
            label: "Where last seen",
            field: Some("last_seen_location"),
            present: has(&info.last_seen_location),
        },
        CheckItem {
            label: "When last seen",
            field: None,
            present: true,
        },
        CheckItem {
            label: "With whom",
            field: Some("with_whom"),
            present: has(&info.with_whom),
        },
        CheckItem {
            label: "Clothing, belongings",
            field: Some("clothing"),
            present: has(&info.clothing),
        },
        CheckItem {
            label: "Description",
            field: Some("description"),
            present: has(&info.description),
        },
        CheckItem {
            label: "Photo reference",
            field: Some("photo_ref"),
            present: has(&info.photo_ref),
        },
        CheckItem {
            label: "Medical, mental health",
            field: Some("medical"),
            present: has(&info.medical),
        },
        CheckItem {
            label: "Circumstances",
            field: Some("circumstances"),
            present: has(&info.circumstances),
        },
        CheckItem {
            label: "Associates",
            field: Some("associates"),
            present: has(&info.associates),
        },
        CheckItem {
            label: "Previous locations found",
            field: Some("previous_locations"),
            present: has(&info.previous_locations),
        },
        CheckItem {
            label: "Social media",
            field: Some("social_media"),
            present: has(&info.social_media),
        },
        CheckItem {
            label: "Actions taken so far",
            field: Some("actions_taken"),
            present: has(&info.actions_taken),
        },
    ]
}
