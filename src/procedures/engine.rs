//! The procedures engine: `(state, policy, calendar, now) -> rule instances`.
//!
//! Pure: no I/O, no clock reads. The state must be folded from the events whose `at`
//! is not after `now` (see [`super::evaluate_events`]). The semantics are those of
//! PROCEDURES.md, "How a rule instance behaves"; each choice the document leaves open is
//! written down in docs/POLICY_FORMAT.md and tested in tests/.

use super::expr::{Anchor, Expr, Item};
use super::policy::{
    Conditions, Phase, Policy, RepeatAnchor, ReturnFact, Rule, Satisfier, Variant,
};
use super::repeats::window_holds;
use crate::calendar::{age_on, Calendar, CalendarError};
use crate::record::vocab::Category;
use crate::record::{Child, Episode, Resolution, State};
use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InstanceState {
    /// Not yet required (`now < opens_at`).
    Upcoming,
    /// Required, deadline still ahead.
    Due,
    /// Required "as soon as possible" (no sourced deadline) and not yet done.
    DueNow,
    /// Past a sourced deadline and not done: a breach.
    Overdue,
    Completed,
    Waived,
    /// No longer required: the child came back, or a later episode took it over.
    Closed,
}

impl InstanceState {
    /// Listed by `due`: the officer still has to act.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            InstanceState::Due | InstanceState::DueNow | InstanceState::Overdue
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InstanceState::Upcoming => "upcoming",
            InstanceState::Due => "due",
            InstanceState::DueNow => "due_now",
            InstanceState::Overdue => "overdue",
            InstanceState::Completed => "completed",
            InstanceState::Waived => "waived",
            InstanceState::Closed => "closed",
        }
    }
}

/// One action the procedure demands of one episode (or, for repeat rules, of the
/// child, named by the episode that triggered it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleInstance {
    pub episode: String,
    pub child: String,
    pub rule: String,
    pub title: String,
    /// 1 for the first time a rule opens on an episode, 2 for the next, and so on.
    pub occurrence: u32,
    pub opens_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    /// No sourced deadline: required as soon as it opens.
    pub asap: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalates_at: Option<DateTime<Utc>>,
    pub escalated: bool,
    pub state: InstanceState,
    /// When and by whom it was completed or waived, and why (for a waiver).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<DateTime<Utc>>,
    /// The sourced deadline passed before the action was dealt with (now or at any time).
    pub breached: bool,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A rule the engine could not compute, said plainly rather than guessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EngineError {
    pub episode: String,
    pub rule: String,
    pub message: String,
}

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "episode {}, rule {}: {}",
            self.episode, self.rule, self.message
        )
    }
}

/// A grading or other fact the policy says must be different.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyViolation {
    pub episode: String,
    pub text: String,
    pub source: String,
}

#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// Every instance, in any state, most urgent first.
    pub instances: Vec<RuleInstance>,
    pub violations: Vec<PolicyViolation>,
    pub errors: Vec<EngineError>,
}

impl Evaluation {
    /// The instances an officer must act on (and, with a horizon, those opening soon).
    pub fn open(
        &self,
        horizon: Option<chrono::Duration>,
        now: DateTime<Utc>,
    ) -> Vec<&RuleInstance> {
        self.instances
            .iter()
            .filter(|i| {
                i.state.is_open()
                    || (i.state == InstanceState::Upcoming
                        && horizon.is_some_and(|h| i.opens_at <= now + h))
            })
            .collect()
    }
}

/// Which instances an evaluation keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every instance in every state: for reports, audits and tests.
    All,
    /// Only what is open or still to open: for the board and `due`, which would
    /// otherwise build and discard years of settled actions on every refresh.
    Live,
}

/// Every instance, in every state.
pub fn evaluate(
    state: &State,
    policy: &Policy,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Evaluation {
    evaluate_scoped(state, policy, calendar, now, Scope::All)
}

pub fn evaluate_scoped(
    state: &State,
    policy: &Policy,
    calendar: &Calendar,
    now: DateTime<Utc>,
    scope: Scope,
) -> Evaluation {
    evaluate_where(state, policy, calendar, now, &|_| Some(scope))
}

/// Every instance, in every state, of the episodes of the children `include` picks:
/// what the live board's detail pane shows of the episodes on it, without settling
/// years of every other child's actions on each refresh. A child's episodes are
/// evaluated together (one-per-child rules look across them), so each instance is
/// exactly as [`evaluate`] has it.
pub fn evaluate_children(
    state: &State,
    policy: &Policy,
    calendar: &Calendar,
    now: DateTime<Utc>,
    include: &dyn Fn(&Child) -> bool,
) -> Evaluation {
    evaluate_where(state, policy, calendar, now, &|c| {
        include(c).then_some(Scope::All)
    })
}

/// The live scope for every child but those `every_instance_of` picks, whose
/// instances are all kept (in one pass, what [`evaluate_scoped`] in live scope and
/// [`evaluate_children`] give apart): the live board's children keep their settled
/// actions for the detail pane, and no episode is evaluated twice.
pub fn evaluate_live_with(
    state: &State,
    policy: &Policy,
    calendar: &Calendar,
    now: DateTime<Utc>,
    every_instance_of: &dyn Fn(&Child) -> bool,
) -> Evaluation {
    evaluate_where(state, policy, calendar, now, &|c| {
        Some(if every_instance_of(c) {
            Scope::All
        } else {
            Scope::Live
        })
    })
}

/// Evaluates each child's episodes in the scope `scope_of` gives it (none: left out).
fn evaluate_where(
    state: &State,
    policy: &Policy,
    calendar: &Calendar,
    now: DateTime<Utc>,
    scope_of: &dyn Fn(&Child) -> Option<Scope>,
) -> Evaluation {
    let mut out = Evaluation::default();
    // Beside each instance, whether its child is in live scope (settled ones go once
    // repeats are superseded, which needs the settled one-per-child instances).
    let mut live: Vec<bool> = Vec::new();
    for episode in &state.episodes {
        let child = &state.children[&episode.child];
        let Some(scope) = scope_of(child) else {
            continue;
        };
        let mut dues: HashMap<&str, DateTime<Utc>> = HashMap::default();
        let base = Ctx {
            state,
            policy,
            calendar,
            episode,
            child,
            now,
            dues: &HashMap::default(),
            opens_at: None,
            scope,
            rule: "",
            age: age_on(child.dob, episode.reported_at),
        };
        for rule in &policy.rules {
            let ctx = Ctx {
                dues: &dues,
                rule: rule.id.as_str(),
                ..base
            };
            let Some(variant) = rule.variants.iter().find(|v| ctx.variant_holds(v)) else {
                continue;
            };
            match ctx.instances(rule, variant) {
                Ok(made) => {
                    if let Some(first_due) = made.first_due {
                        dues.insert(rule.id.as_str(), first_due);
                    }
                    live.resize(live.len() + made.kept.len(), scope == Scope::Live);
                    out.instances.extend(made.kept);
                }
                Err(e) => out.errors.push(EngineError {
                    episode: episode.reference.clone(),
                    rule: rule.id.clone(),
                    message: e.to_string(),
                }),
            }
        }
        for v in &policy.violations {
            if base.holds(&v.when) {
                out.violations.push(PolicyViolation {
                    episode: episode.reference.clone(),
                    text: v.text.clone(),
                    source: v.source.clone(),
                });
            }
        }
    }
    supersede_repeats(&mut out.instances, policy);
    if live.contains(&true) {
        // `retain` visits each instance once, in order: the flags line up.
        let mut flags = live.into_iter();
        out.instances.retain(|i| {
            !flags.next().unwrap_or(false)
                || i.state.is_open()
                || i.state == InstanceState::Upcoming
        });
    }
    out.instances.sort_by(urgency);
    out
}

/// Most urgent first: overdue (longest overdue first), due now, due (soonest first),
/// upcoming, then everything already dealt with.
pub fn urgency(a: &RuleInstance, b: &RuleInstance) -> std::cmp::Ordering {
    fn rank(i: &RuleInstance) -> (u8, DateTime<Utc>) {
        match i.state {
            InstanceState::Overdue => (0, i.due_at),
            InstanceState::DueNow => (1, i.opens_at),
            InstanceState::Due => (2, i.due_at),
            InstanceState::Upcoming => (3, i.opens_at),
            _ => (4, i.opens_at),
        }
    }
    rank(a)
        .cmp(&rank(b))
        .then_with(|| a.episode.cmp(&b.episode))
        .then_with(|| a.rule.cmp(&b.rule))
        .then_with(|| a.occurrence.cmp(&b.occurrence))
}

/// A repeat rule marked `one_per_child` stands once per child. Its instances for one
/// child are taken in the order they were triggered:
/// - one triggered before an earlier instance was dealt with is covered by that
///   meeting (it was held knowing of this episode);
/// - `first` ("from the 3rd episode"): while an earlier instance is open, later
///   triggers are covered by it;
/// - `latest` ("within 10 working days of the last episode"): a later trigger takes
///   over an earlier instance not yet dealt with.
fn supersede_repeats(instances: &mut [RuleInstance], policy: &Policy) {
    let modes: HashMap<&str, RepeatAnchor> = policy
        .rules
        .iter()
        .filter_map(|r| {
            r.variants
                .iter()
                .find_map(|v| v.one_per_child)
                .map(|m| (r.id.as_str(), m))
        })
        .collect();
    if modes.is_empty() {
        return;
    }
    let mut groups: HashMap<(String, String), Vec<usize>> = HashMap::default();
    for (k, i) in instances.iter().enumerate() {
        if modes.contains_key(i.rule.as_str()) {
            groups
                .entry((i.child.clone(), i.rule.clone()))
                .or_default()
                .push(k);
        }
    }
    for ((_, rule), mut members) in groups {
        members.sort_by_key(|&k| (instances[k].opens_at, instances[k].episode.clone()));
        let mode = modes[rule.as_str()];
        for (pos, &k) in members.iter().enumerate() {
            if instances[k].resolved_at.is_some() || instances[k].closed_at.is_some() {
                continue;
            }
            let opened = instances[k].opens_at;
            let earlier = &members[..pos];
            let covered_by_meeting = earlier
                .iter()
                .filter_map(|&e| instances[e].resolved_at)
                .find(|&r| r >= opened);
            let earlier_open = earlier
                .iter()
                .any(|&e| instances[e].resolved_at.is_none() && instances[e].closed_at.is_none());
            let later = members[pos + 1..].first().map(|&l| instances[l].opens_at);
            let closed_at = match (covered_by_meeting, mode) {
                (Some(held), _) => Some(held),
                (None, RepeatAnchor::First) if earlier_open => Some(opened),
                (None, RepeatAnchor::Latest) => later,
                _ => None,
            };
            if let Some(at) = closed_at {
                let i = &mut instances[k];
                i.closed_at = Some(at);
                i.state = InstanceState::Closed;
                i.escalated = false;
                i.breached = !i.asap && at > i.due_at;
            }
        }
    }
}

/// What one rule made for one episode.
struct Made {
    /// The first occurrence's deadline, whether or not its instance is kept.
    first_due: Option<DateTime<Utc>>,
    kept: Vec<RuleInstance>,
}

struct Ctx<'a> {
    state: &'a State,
    policy: &'a Policy,
    calendar: &'a Calendar,
    episode: &'a Episode,
    child: &'a Child,
    now: DateTime<Utc>,
    dues: &'a HashMap<&'a str, DateTime<Utc>>,
    opens_at: Option<DateTime<Utc>>,
    scope: Scope,
    /// The rule being evaluated (its own waivers re-anchor a rolling rule).
    rule: &'a str,
    /// The child's age at the report, worked out once per episode.
    age: u32,
}

impl<'a> Ctx<'a> {
    fn age(&self) -> u32 {
        self.age
    }

    /// A rule that does not name categories is about missing children: it never
    /// applies to an absence with whereabouts known (PROCEDURES.md, Every policy).
    fn variant_holds(&self, v: &Variant) -> bool {
        if v.when.category.is_none() && self.episode.category == Category::Absent {
            return false;
        }
        if v.phase == Phase::Returned && self.episode.returned.is_none() {
            return false;
        }
        self.holds(&v.when)
    }

    fn holds(&self, c: &Conditions) -> bool {
        let e = self.episode;
        let child = self.child;
        c.age_under.is_none_or(|n| self.age() < n)
            && c.age_at_least.is_none_or(|n| self.age() >= n)
            && c.status.as_ref().is_none_or(|s| s.contains(&child.status))
            && c.status_not
                .as_ref()
                .is_none_or(|s| !s.contains(&child.status))
            && c.flags_any
                .as_ref()
                .is_none_or(|f| f.iter().any(|f| child.has_flag(*f)))
            && c.category.as_ref().is_none_or(|s| s.contains(&e.category))
            && c.category_not
                .as_ref()
                .is_none_or(|s| !s.contains(&e.category))
            && c.risk.as_ref().is_none_or(|s| s.contains(&e.risk))
            && c.risk_not.as_ref().is_none_or(|s| !s.contains(&e.risk))
            && c.episodes_within
                .as_ref()
                .is_none_or(|w| window_holds(self.state, e, w))
            && c.done
                .as_ref()
                .is_none_or(|rules| rules.iter().all(|r| self.is_done(r, false)))
            && c.not_done
                .as_ref()
                .is_none_or(|rules| !rules.iter().any(|r| self.is_done(r, true)))
            && c.returned_with_any.as_ref().is_none_or(|facts| {
                e.returned.as_ref().is_some_and(|r| {
                    facts.iter().any(|f| match f {
                        ReturnFact::Injured => r.injured,
                        ReturnFact::VictimOfCrime => r.victim_of_crime,
                    })
                })
            })
    }

    fn satisfiers(&self, rule: &str) -> Vec<Satisfier> {
        self.policy
            .rule(rule)
            .map(|r| {
                r.variants
                    .iter()
                    .flat_map(|v| v.satisfied_by.iter().copied())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn satisfier_time(&self, s: Satisfier) -> Option<DateTime<Utc>> {
        match s {
            Satisfier::PoliceInformed => self.episode.police_informed_at,
            Satisfier::RhiDeclined => self.episode.rhi_declined_at,
        }
    }

    /// Since when the changeable facts a condition reads (flags, status, risk grade)
    /// have stood as they are now; `None` if it reads none of them.
    fn recorded_since(&self, c: &Conditions) -> Option<DateTime<Utc>> {
        let mut since: Option<DateTime<Utc>> = None;
        let mut later = |t: DateTime<Utc>| since = Some(since.map_or(t, |s| s.max(t)));
        if let Some(flags) = &c.flags_any {
            // The condition first held when the earliest of the present flags was recorded.
            if let Some(t) = flags.iter().filter_map(|f| self.child.flag_since(*f)).min() {
                later(t);
            }
        }
        if c.status.is_some() || c.status_not.is_some() {
            later(self.child.status_since);
        }
        if c.risk.is_some() || c.risk_not.is_some() {
            if let Some(g) = self.episode.gradings.last() {
                later(g.at);
            }
        }
        since
    }

    /// Whether a rule was done: completed, or discharged by a satisfying event. A
    /// waiver is a decision not to act, so it counts only where `waived_counts` (for
    /// `not_done`: nothing is left to remind anyone of), never as "held" or "sent".
    fn is_done(&self, rule: &str, waived_counts: bool) -> bool {
        self.episode
            .actions
            .iter()
            .any(|a| *a.rule == *rule && (waived_counts || a.resolution == Resolution::Completed))
            || self
                .satisfiers(rule)
                .into_iter()
                .any(|s| self.satisfier_time(s).is_some())
    }

    fn eval(&self, expr: &Expr) -> Result<Option<DateTime<Utc>>, CalendarError> {
        let e = self.episode;
        let base = match &expr.anchor {
            Anchor::LastSeenAt => Some(e.last_seen_at),
            Anchor::ReportedAt => Some(e.reported_at),
            Anchor::ReturnedAt => e.returned.as_ref().map(|r| r.at),
            Anchor::FoundReportAt => e.returned.as_ref().map(|r| r.found_report_at),
            Anchor::OpensAt => self.opens_at,
            Anchor::DueOf(rule) => self.dues.get(rule.as_str()).copied(),
            Anchor::Latest(items) => items
                .iter()
                .filter_map(|item| match item {
                    Item::Anchor(a) => self
                        .eval(&Expr {
                            anchor: a.clone(),
                            spans: vec![],
                        })
                        .ok()
                        .flatten(),
                    Item::UpdateRecorded => e.updates.last().copied(),
                    // A meeting waived was not held; only a rolling rule's own waiver
                    // (this occurrence decided against) starts its next occurrence.
                    Item::Done(rule) => e
                        .actions
                        .iter()
                        .filter(|a| {
                            *a.rule == **rule
                                && (a.resolution == Resolution::Completed || rule == self.rule)
                        })
                        .map(|a| a.at)
                        .max(),
                })
                .max(),
        };
        let Some(mut t) = base else { return Ok(None) };
        for span in &expr.spans {
            t = self.calendar.add(t, *span)?;
        }
        Ok(Some(t))
    }

    fn with_opens(&self, opens: DateTime<Utc>) -> Ctx<'_> {
        Ctx {
            opens_at: Some(opens),
            ..*self
        }
    }

    /// When the rule first opens: the earliest trigger that holds.
    fn first_opening(&self, v: &Variant) -> Result<Option<DateTime<Utc>>, CalendarError> {
        let mut first: Option<DateTime<Utc>> = None;
        for trigger in &v.triggers {
            if !self.holds(&trigger.when) {
                continue;
            }
            let Some(at) = self.eval(&trigger.at)? else {
                continue;
            };
            // "When the condition first holds": not before the facts it rests on
            // were recorded (a flag added mid-episode opens the rule then).
            let t = self
                .recorded_since(&trigger.when)
                .map_or(at, |since| at.max(since));
            if trigger.missing_at_trigger && !self.episode.is_missing_at(t) {
                continue;
            }
            first = Some(first.map_or(t, |f| f.min(t)));
        }
        Ok(first)
    }

    fn openings(&self, v: &Variant) -> Result<Vec<DateTime<Utc>>, CalendarError> {
        let Some(first) = self.first_opening(v)? else {
            return Ok(vec![]);
        };
        let mut opens = vec![first];
        for e in &v.then_at {
            if let Some(t) = self.eval(e)? {
                opens.push(t);
            }
        }
        if let (Some(every), Some(until)) = (v.every, &v.until) {
            if let Some(until) = self.eval(until)? {
                // Each repeat is counted from the first opening (k x the interval), so
                // month-end clamping never drifts from one repeat to the next.
                for k in 1..=1000 {
                    let t = self.calendar.add(first, every.times(k))?;
                    if t >= until {
                        break;
                    }
                    opens.push(t);
                }
            }
        }
        opens.sort();
        opens.dedup();
        Ok(opens)
    }

    /// When, by whom and (for a waiver) why `rule` was resolved, earliest first:
    /// borrowed from the record, copied only into the instances that keep them.
    fn resolutions(&self, rule: &str) -> Vec<(DateTime<Utc>, &'a str, Option<&'a str>)> {
        let episode: &'a Episode = self.episode;
        let mut out: Vec<(DateTime<Utc>, &'a str, Option<&'a str>)> = episode
            .actions
            .iter()
            .filter(|a| *a.rule == *rule)
            .map(|a| {
                let reason = match &a.resolution {
                    Resolution::Completed => None,
                    Resolution::Waived { reason } => Some(reason.as_str()),
                };
                (a.at, &*a.by, reason)
            })
            .collect();
        for s in self.satisfiers(rule) {
            if let Some(t) = self.satisfier_time(s) {
                let by = match s {
                    Satisfier::PoliceInformed => "police informed",
                    Satisfier::RhiDeclined => "RHI declined",
                };
                out.push((t, by, None));
            }
        }
        out.sort_by_key(|r| r.0);
        out
    }

    fn instances(&self, rule: &Rule, v: &Variant) -> Result<Made, CalendarError> {
        let openings = self.openings(v)?;
        let mut made = Made {
            first_due: None,
            kept: Vec::new(),
        };
        if openings.is_empty() {
            return Ok(made);
        }
        let closed_at = match v.phase {
            Phase::Missing => self.episode.returned.as_ref().map(|r| r.at),
            _ => None,
        };
        let resolutions = if v.rolling {
            vec![]
        } else {
            self.resolutions(&rule.id)
        };
        let mut detail: Option<Option<String>> = None;
        for (k, &opens_at) in openings.iter().enumerate() {
            if closed_at.is_some_and(|c| c <= opens_at) {
                // The child came back before this was ever required.
                continue;
            }
            let ctx = self.with_opens(opens_at);
            let (due_at, asap) = match &v.due {
                Some(e) => match ctx.eval(e)? {
                    Some(t) => (t, false),
                    None => continue,
                },
                None => (opens_at, true),
            };
            let escalates_at = match &v.escalates {
                Some(e) => ctx.eval(e)?,
                None => None,
            };
            let resolution = resolutions.get(k);
            let now = self.now;
            let state = match (resolution, closed_at) {
                (Some((_, _, Some(_))), _) => InstanceState::Waived,
                (Some(_), _) => InstanceState::Completed,
                (None, Some(_)) => InstanceState::Closed,
                (None, None) if now < opens_at => InstanceState::Upcoming,
                (None, None) if asap => InstanceState::DueNow,
                (None, None) if now > due_at => InstanceState::Overdue,
                (None, None) => InstanceState::Due,
            };
            made.first_due.get_or_insert(due_at);
            let settled = !(state.is_open() || state == InstanceState::Upcoming);
            if settled && self.scope == Scope::Live && v.one_per_child.is_none() {
                continue;
            }
            let detail = detail
                .get_or_insert_with(|| {
                    let texts: Vec<&str> = v
                        .details
                        .iter()
                        .filter(|(c, _)| self.holds(c))
                        .map(|(_, t)| t.as_str())
                        .collect();
                    (!texts.is_empty()).then(|| texts.join("; "))
                })
                .clone();
            let ended = resolution.map(|r| r.0).or(closed_at).unwrap_or(now);
            made.kept.push(RuleInstance {
                episode: self.episode.reference.clone(),
                child: self.child.reference.clone(),
                rule: rule.id.clone(),
                title: rule.title.clone(),
                occurrence: k as u32 + 1,
                opens_at,
                due_at,
                asap,
                escalates_at,
                escalated: state.is_open() && escalates_at.is_some_and(|e| now >= e),
                state,
                resolved_at: resolution.map(|r| r.0),
                resolved_by: resolution.map(|r| r.1.to_string()),
                waiver_reason: resolution.and_then(|r| r.2.map(str::to_string)),
                closed_at: if resolution.is_none() {
                    closed_at
                } else {
                    None
                },
                breached: !asap && ended > due_at,
                source: v.source.clone(),
                detail,
            });
        }
        Ok(made)
    }
}
