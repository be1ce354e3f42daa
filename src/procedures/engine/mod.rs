//! The procedures engine: `(state, policy, calendar, now) -> rule instances`.
//!
//! Pure: no I/O, no clock reads. The state must be folded from the events whose `at`
//! is not after `now` (see [`super::evaluate_events`]). The semantics are those of
//! PROCEDURES.md, "How a rule instance behaves"; each choice the document leaves open is
//! written down in docs/POLICY_FORMAT.md and tested in tests/.

mod as_stood;
mod history;
mod instance;
mod rule;
pub mod working_set;

use crate::calendar::{age_on, Calendar};
use crate::procedures::governs::Govern;
use crate::procedures::policy::{Policy, RepeatAnchor};
use crate::record::{Child, Episode, Resolution, State};
use chrono::{DateTime, Utc};
pub use instance::*;
use rule::Ctx;
use rustc_hash::FxHashMap as HashMap;

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
    policy: &dyn Govern,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Evaluation {
    evaluate_scoped(state, policy, calendar, now, Scope::All)
}

pub fn evaluate_scoped(
    state: &State,
    policy: &dyn Govern,
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
    policy: &dyn Govern,
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
    policy: &dyn Govern,
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
    policy: &dyn Govern,
    calendar: &Calendar,
    now: DateTime<Utc>,
    scope_of: &dyn Fn(&Child) -> Option<Scope>,
) -> Evaluation {
    let mut acc = Acc::new(state, policy, calendar, now);
    for episode in &state.episodes {
        let child = &state.children[&episode.child];
        if let Some(scope) = scope_of(child) {
            acc.episode(episode, child, scope);
        }
    }
    acc.finish().0
}

/// One evaluation being made, episode by episode (a child's episodes all go through
/// the same one: one-per-child rules look across them).
pub(crate) struct Acc<'a> {
    state: &'a State,
    governs: &'a dyn Govern,
    calendar: &'a Calendar,
    now: DateTime<Utc>,
    out: Evaluation,
    // Beside each instance, whether its child is in live scope (settled ones go once
    // repeats are superseded, which needs the settled one-per-child instances).
    live: Vec<bool>,
    // The names each (authority, policy) pair gives its instances, made once.
    names: Vec<(Following, *const Policy)>,
    policies: Vec<&'a Policy>,
    /// By child, the first instant after `now` at which its instances could differ
    /// with no new event (an opening, a deadline, an escalation).
    wakes: HashMap<String, DateTime<Utc>>,
    /// Police regrades not yet taken up, by episode (review D4).
    regrades: HashMap<String, crate::record::regrade::Regrade>,
}

impl<'a> Acc<'a> {
    pub(crate) fn new(
        state: &'a State,
        governs: &'a dyn Govern,
        calendar: &'a Calendar,
        now: DateTime<Utc>,
    ) -> Acc<'a> {
        Acc {
            state,
            governs,
            calendar,
            now,
            out: Evaluation::default(),
            live: Vec::new(),
            names: Vec::new(),
            policies: Vec::new(),
            wakes: HashMap::default(),
            regrades: crate::record::regrade::outstanding_by_episode(state),
        }
    }

    pub(crate) fn episode(&mut self, episode: &'a Episode, child: &'a Child, scope: Scope) {
        let (state, calendar, now) = (self.state, self.calendar, self.now);
        let out = &mut self.out;
        let governed = self.governs.govern(episode, now);
        let policy = governed.policy;
        let found = self.names.iter().position(|(f, p)| {
            std::ptr::eq(*p, policy)
                && &*f.authority == governed.authority
                && f.version.as_deref() == governed.version
        });
        let k = found.unwrap_or_else(|| {
            self.names.push((
                Following {
                    authority: governed.authority.into(),
                    policy: policy.name.as_str().into(),
                    version: governed.version.map(Into::into),
                },
                policy,
            ));
            if !self.policies.iter().any(|p| std::ptr::eq(*p, policy)) {
                self.policies.push(policy);
            }
            self.names.len() - 1
        });
        let following = &self.names[k].0;
        out.governed
            .insert(episode.reference.clone(), following.clone());
        let mut dues: HashMap<&str, DateTime<Utc>> = HashMap::default();
        let mut wake: Option<DateTime<Utc>> = None;
        let changes = as_stood::changes(child, episode);
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
            facts_at: None,
            changes: &changes,
            stood: None,
            names: following,
        };
        for rule in &policy.rules {
            let ctx = Ctx {
                dues: &dues,
                rule: rule.id.as_str(),
                ..base
            };
            // Each rule is decided on the conditions as they stood when it opened.
            let made = ctx.as_stood(rule).and_then(|stood| match &stood {
                Some(s) => Ctx {
                    stood: Some(s),
                    ..ctx
                }
                .instances(rule, s.variant),
                None => Ok(rule::Made::none()),
            });
            match made {
                Ok(made) => {
                    if let Some(first_due) = made.first_due {
                        dues.insert(rule.id.as_str(), first_due);
                    }
                    wake = earliest(wake, made.wake);
                    self.live
                        .resize(self.live.len() + made.kept.len(), scope == Scope::Live);
                    out.instances.extend(made.kept);
                }
                Err(e) => out.errors.push(EngineError {
                    episode: episode.reference.clone(),
                    rule: rule.id.clone(),
                    message: e.to_string(),
                }),
            }
        }
        if let Some(w) = wake {
            let at = self.wakes.entry(child.reference.clone()).or_insert(w);
            *at = (*at).min(w);
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
        out.violations
            .extend(policy.waivers_not_allowed(episode, child));
        out.violations
            .extend(crate::procedures::governs::placing_authority_missing(
                episode, child,
            ));
        if let Some(regrade) = self.regrades.remove(episode.reference.as_str()) {
            out.violations.push(PolicyViolation {
                episode: episode.reference.clone(),
                text: regrade.text(),
                source: "INTERFACE: a police notification re-sent with different content".into(),
            });
        }
        let off_daily = policy.rules.iter().any(|r| {
            r.leaves_daily_report
                && episode
                    .actions
                    .iter()
                    .any(|a| *a.rule == *r.id && a.resolution == Resolution::Completed)
        });
        if off_daily {
            out.off_daily_report.push(episode.reference.clone());
        }
    }

    /// The evaluation, most urgent first, and each child's next wake.
    pub(crate) fn finish(self) -> (Evaluation, HashMap<String, DateTime<Utc>>) {
        let Acc {
            mut out,
            live,
            policies,
            wakes,
            ..
        } = self;
        supersede_repeats(&mut out.instances, &policies);
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
        (out, wakes)
    }
}

/// The earlier of two instants, either of which may be missing.
pub(crate) fn earliest(
    a: Option<DateTime<Utc>>,
    b: Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
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
fn supersede_repeats(instances: &mut [RuleInstance], policies: &[&Policy]) {
    // By policy: an episode's repeat rule is its own policy's (PROCEDURES.md).
    let modes: HashMap<(&str, &str), RepeatAnchor> = policies
        .iter()
        .flat_map(|p| {
            p.rules.iter().filter_map(|r| {
                r.variants
                    .iter()
                    .find_map(|v| v.one_per_child)
                    .map(|m| ((p.name.as_str(), r.id.as_str()), m))
            })
        })
        .collect();
    if modes.is_empty() {
        return;
    }
    let mut groups: HashMap<(String, String, std::sync::Arc<str>), Vec<usize>> = HashMap::default();
    for (k, i) in instances.iter().enumerate() {
        if modes.contains_key(&(&*i.policy, i.rule.as_str())) {
            groups
                .entry((i.child.clone(), i.rule.clone(), i.policy.clone()))
                .or_default()
                .push(k);
        }
    }
    for ((_, rule, policy), mut members) in groups {
        members.sort_by_key(|&k| (instances[k].opens_at, instances[k].episode.clone()));
        let mode = modes[&(&*policy, rule.as_str())];
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
