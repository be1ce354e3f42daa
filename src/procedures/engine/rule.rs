//! One rule over one episode: when each occurrence opens, falls due, and how it was
//! dealt with. The conditions and satisfiers of PROCEDURES.md are read here.

use super::history::first_missing_episode;
use super::instance::*;
use super::Scope;
use crate::calendar::{Calendar, CalendarError};
use crate::procedures::completions::done_within;
use crate::procedures::expr::{Anchor, Expr, Item};
use crate::procedures::policy::{
    ByCompletion, Conditions, Phase, Policy, ReturnFact, Rule, Satisfier, Variant,
};
use crate::procedures::repeats::window_holds;
use crate::record::vocab::Category;
use crate::record::{CategoryChange, Child, Episode, Resolution, State};
use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;

/// What one rule made for one episode.
pub(super) struct Made {
    /// The first occurrence's deadline, whether or not its instance is kept.
    pub(super) first_due: Option<DateTime<Utc>>,
    pub(super) kept: Vec<RuleInstance>,
    /// The first instant after `now` at which what it made could differ with no new
    /// event: an occurrence opening, an open one falling overdue or escalating, or a
    /// later change counting towards its deadline. `None`: it is settled for good.
    pub(super) wake: Option<DateTime<Utc>>,
}

/// How a rule's first occurrence on an episode stood: the variant that opened it and
/// when, and the variants that applied from each later change.
#[derive(Debug)]
pub(super) struct Stood<'a> {
    pub(super) variant: &'a Variant,
    pub(super) opens_at: DateTime<Utc>,
    /// It opened at a change, after its sourced moment.
    pub(super) at_change: bool,
    /// Each later change with the variant that applied from it (none: the rule would
    /// not arise now, and the occurrence stands as it opened).
    pub(super) later: Vec<(DateTime<Utc>, &'a Variant)>,
}

impl Made {
    /// A rule that never opened.
    pub(super) fn none() -> Made {
        Made {
            first_due: None,
            kept: Vec::new(),
            wake: None,
        }
    }
}

pub(super) struct Ctx<'a> {
    pub(super) state: &'a State,
    pub(super) policy: &'a Policy,
    pub(super) calendar: &'a Calendar,
    pub(super) episode: &'a Episode,
    pub(super) child: &'a Child,
    pub(super) now: DateTime<Utc>,
    pub(super) dues: &'a HashMap<&'a str, DateTime<Utc>>,
    pub(super) opens_at: Option<DateTime<Utc>>,
    pub(super) scope: Scope,
    /// The rule being evaluated (its own waivers re-anchor a rolling rule).
    pub(super) rule: &'a str,
    /// The child's age at the report, worked out once per episode.
    pub(super) age: u32,
    /// When status, flags and risk are read (`None`: as they stand now).
    pub(super) facts_at: Option<DateTime<Utc>>,
    /// When those changed during the episode, in order.
    pub(super) changes: &'a [DateTime<Utc>],
    /// How the rule's first occurrence stood when it opened.
    pub(super) stood: Option<&'a Stood<'a>>,
    /// The names its instances carry: the policy, and the authority whose it is.
    pub(super) names: &'a Following,
}

impl<'a> Ctx<'a> {
    fn age(&self) -> u32 {
        self.age
    }

    /// A rule that does not name categories is about missing children: it never
    /// applies to an absence with whereabouts known (PROCEDURES.md, Every policy).
    pub(super) fn variant_holds(&self, v: &Variant) -> bool {
        if v.when.category.is_none() && self.episode.category == Category::Absent {
            return false;
        }
        if v.phase == Phase::Returned && self.episode.returned.is_none() {
            return false;
        }
        self.holds(&v.when)
    }

    /// The category change that started this rule's clocks: one the episode's first
    /// category did not call for (INTERFACE, `category_changed`). A rule the episode
    /// had from its report keeps its clocks.
    fn started_by_change(&self) -> Option<&CategoryChange> {
        let change = self.episode.changed.as_ref()?;
        let rule = self.policy.rule(self.rule)?;
        let from = change.from;
        let had_it = rule.variants.iter().any(|v| {
            let c = &v.when;
            (c.category.is_some() || from != Category::Absent)
                && c.category.as_ref().is_none_or(|s| s.contains(&from))
                && c.category_not.as_ref().is_none_or(|s| !s.contains(&from))
        });
        (!had_it).then_some(change)
    }

    pub(super) fn holds(&self, c: &Conditions) -> bool {
        let e = self.episode;
        c.age_under.is_none_or(|n| self.age() < n)
            && c.age_at_least.is_none_or(|n| self.age() >= n)
            && c.status.as_ref().is_none_or(|s| s.contains(&self.status()))
            && c.status_not
                .as_ref()
                .is_none_or(|s| !s.contains(&self.status()))
            && c.flags_any
                .as_ref()
                .is_none_or(|f| f.iter().any(|f| self.has_flag(*f)))
            && c.category.as_ref().is_none_or(|s| s.contains(&e.category))
            && c.category_not
                .as_ref()
                .is_none_or(|s| !s.contains(&e.category))
            && c.risk.as_ref().is_none_or(|s| s.contains(&self.risk()))
            && c.risk_not
                .as_ref()
                .is_none_or(|s| !s.contains(&self.risk()))
            && c.episodes_within
                .as_ref()
                .is_none_or(|w| window_holds(self.state, e, w))
            && c.child_done_within
                .as_ref()
                .is_none_or(|d| done_within(self.state, e, d))
            && c.child_not_done_within
                .as_ref()
                .is_none_or(|d| !done_within(self.state, e, d))
            && c.done
                .as_ref()
                .is_none_or(|rules| rules.iter().all(|r| self.is_done(r, false)))
            && c.done_any
                .as_ref()
                .is_none_or(|rules| rules.iter().any(|r| self.is_done(r, false)))
            && c.not_done
                .as_ref()
                .is_none_or(|rules| !rules.iter().any(|r| self.is_done(r, true)))
            && c.first_missing_episode
                .is_none_or(|first| first_missing_episode(self.state, e) == first)
            && c.returned_with_any.as_ref().is_none_or(|facts| {
                e.returned.as_ref().is_some_and(|r| {
                    facts.iter().any(|f| match f {
                        ReturnFact::Injured => r.injured,
                        ReturnFact::VictimOfCrime => r.victim_of_crime,
                    })
                })
            })
    }

    /// What the variants of `rule` list in one field, all variants together (a
    /// completion satisfier discharges the rule whichever variant holds).
    fn across_variants<T: 'a>(
        &self,
        rule: &str,
        field: impl Fn(&'a Variant) -> &'a [T],
    ) -> Vec<&'a T> {
        let policy: &'a Policy = self.policy;
        policy
            .rule(rule)
            .map(|r| r.variants.iter().flat_map(|v| field(v).iter()).collect())
            .unwrap_or_default()
    }

    /// The variant of `rule` that applies to this episode: the first whose conditions
    /// hold, as the engine picks it for the rule's own instances. (`policy check`
    /// refuses `done` conditions that go round in a circle, so this ends.)
    fn applying_variant(&self, rule: &str) -> Option<&'a Variant> {
        let policy: &'a Policy = self.policy;
        let r = policy.rule(rule)?;
        let ctx = Ctx {
            rule: r.id.as_str(),
            ..*self
        };
        r.variants.iter().find(|v| ctx.variant_holds(v))
    }

    /// The events that discharge `rule`: those of the variant that applies (camden: a
    /// declined RHI settles it only for a child with no allocated social worker).
    fn satisfiers(&self, rule: &str) -> &'a [Satisfier] {
        self.applying_variant(rule)
            .map_or(&[][..], |v| v.satisfied_by.as_slice())
    }

    /// Other rules whose completion, held within bounds, also settles `rule`.
    fn by_completion(&self, rule: &str) -> Vec<&'a ByCompletion> {
        self.across_variants(rule, |v| &v.satisfied_by_completion)
    }

    /// The earliest `action_completed` for `s.rule` on any of the child's episodes,
    /// held within `s`'s bounds as they fall on this episode (a bound that does not
    /// exist yet, such as a return still to come, means none counts).
    fn completed_within(&self, s: &ByCompletion) -> Option<(DateTime<Utc>, &'a str)> {
        let bound = |e: &Option<Expr>| match e {
            None => Some(None),
            Some(e) => self.eval(e).ok().flatten().map(Some),
        };
        let from = bound(&s.from)?;
        let until = bound(&s.until)?;
        let state: &'a State = self.state;
        let child: &'a Child = self.child;
        child
            .episodes
            .iter()
            .flat_map(|&i| state.episodes[i].actions.iter())
            .filter(|a| {
                *a.rule == *s.rule
                    && a.resolution == Resolution::Completed
                    && from.is_none_or(|f| a.at >= f)
                    && until.is_none_or(|u| a.at <= u)
            })
            .min_by_key(|a| a.at)
            .map(|a| (a.at, &*a.by))
    }

    fn satisfier_time(&self, s: Satisfier) -> Option<DateTime<Utc>> {
        match s {
            Satisfier::PoliceInformed => self.episode.police_informed_at,
            Satisfier::RhiDeclined => self.episode.rhi_declined_at,
        }
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
                .iter()
                .any(|&s| self.satisfier_time(s).is_some())
            || self
                .by_completion(rule)
                .into_iter()
                .any(|s| self.completed_within(s).is_some())
    }

    pub(super) fn eval(&self, expr: &Expr) -> Result<Option<DateTime<Utc>>, CalendarError> {
        let e = self.episode;
        let base = match &expr.anchor {
            Anchor::LastSeenAt => Some(
                self.started_by_change()
                    .map_or(e.last_seen_at, |c| c.last_seen_at),
            ),
            Anchor::ReportedAt => Some(self.started_by_change().map_or(e.reported_at, |c| c.at)),
            Anchor::ReturnedAt => e.returned.as_ref().map(|r| r.at),
            Anchor::FoundReportAt => e.returned.as_ref().map(|r| r.found_report_at),
            Anchor::RhiDeclinedAt => e.rhi_declined_at,
            Anchor::OpensAt => self.opens_at,
            Anchor::DueOf(rule) => self.dues.get(rule.as_str()).copied(),
            Anchor::FirstDone(rule) => e
                .actions
                .iter()
                .filter(|a| *a.rule == **rule && a.resolution == Resolution::Completed)
                .map(|a| a.at)
                .min(),
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

    pub(super) fn with_opens(&self, opens: DateTime<Utc>) -> Ctx<'_> {
        Ctx {
            opens_at: Some(opens),
            ..*self
        }
    }

    /// When each occurrence opens: the first as the rule stood ([`Ctx::as_stood`]),
    /// each later one only if its variant holds as things stand at its opening (an
    /// occurrence is decided when it opens).
    fn openings(&self, v: &Variant) -> Result<Vec<DateTime<Utc>>, CalendarError> {
        let Some(first) = self.stood.map(|s| s.opens_at) else {
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
        opens.retain(|&t| {
            t == first
                || self.changes.is_empty()
                || Ctx {
                    facts_at: Some(t),
                    ..*self
                }
                .variant_holds(v)
        });
        Ok(opens)
    }

    /// When, by whom and (for a waiver) why `rule` was resolved, earliest first:
    /// borrowed from the record, copied only into the instances that keep them.
    fn resolutions(
        &self,
        rule: &str,
        satisfied_by: &[Satisfier],
    ) -> Vec<(DateTime<Utc>, Cow<'a, str>, Option<&'a str>)> {
        let episode: &'a Episode = self.episode;
        let mut out: Vec<(DateTime<Utc>, Cow<'a, str>, Option<&'a str>)> = episode
            .actions
            .iter()
            .filter(|a| *a.rule == *rule)
            .map(|a| {
                let reason = match &a.resolution {
                    Resolution::Completed => None,
                    Resolution::Waived { reason } => Some(reason.as_str()),
                };
                (a.at, Cow::Borrowed(&*a.by), reason)
            })
            .collect();
        for &s in satisfied_by {
            if let Some(t) = self.satisfier_time(s) {
                let by = match s {
                    Satisfier::PoliceInformed => "police informed",
                    Satisfier::RhiDeclined => "RHI declined",
                };
                out.push((t, Cow::Borrowed(by), None));
            }
        }
        for s in self.by_completion(rule) {
            if let Some((t, by)) = self.completed_within(s) {
                out.push((t, Cow::Owned(format!("{by} ({})", s.rule)), None));
            }
        }
        out.sort_by_key(|r| r.0);
        out
    }

    pub(super) fn instances(&self, rule: &Rule, v: &Variant) -> Result<Made, CalendarError> {
        let openings = self.openings(v)?;
        let mut made = Made::none();
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
            self.resolutions(&rule.id, &v.satisfied_by)
        };
        // The child came back before a later point was ever required: it never opens.
        let openings: Vec<DateTime<Utc>> = openings
            .into_iter()
            .filter(|&o| closed_at.is_none_or(|c| c > o))
            .collect();
        let settling = settling(&openings, &resolutions);
        let mut detail: Option<Option<String>> = None;
        for (k, &opens_at) in openings.iter().enumerate() {
            // A fixed review point stands until the next point opens; unsettled, it
            // then closes, not done (PROCEDURES.md, "Rules that open more than once").
            let next = openings.get(k + 1).copied().filter(|&n| n <= self.now);
            let closed_at = match (closed_at, next) {
                (Some(c), Some(n)) => Some(c.min(n)),
                (c, n) => c.or(n),
            };
            let resolution = settling[k].map(|r| &resolutions[r]);
            let now = self.now;
            let ended = resolution.map(|r| r.0).or(closed_at).unwrap_or(now);
            let mut wake = |t: DateTime<Utc>| {
                if t > now {
                    made.wake = Some(made.wake.map_or(t, |w| w.min(t)));
                }
            };
            // Opening (and closing the occurrence before it) at its time.
            wake(opens_at);
            let unended = resolution.is_none() && closed_at.is_none();
            if unended && k == 0 {
                // A change after now would count towards the first deadline.
                for &(change, _) in self.stood.map_or(&[][..], |s| s.later.as_slice()) {
                    wake(change);
                }
            }
            let Some(deadline) = self.deadline(v, opens_at, k == 0, ended)? else {
                continue;
            };
            if unended {
                // Overdue (and breached) once now is past the deadline.
                wake(deadline.due_at + chrono::Duration::nanoseconds(1));
                if let Some(e) = deadline.escalates_at {
                    wake(e);
                }
            }
            let (due_at, asap, escalates_at) =
                (deadline.due_at, deadline.asap, deadline.escalates_at);
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
                source: deadline.source.to_string(),
                detail,
                policy: self.names.policy.clone(),
                authority: self.names.authority.clone(),
            });
        }
        Ok(made)
    }
}

/// Which resolution settles each occurrence (an index into `resolutions`, which are
/// earliest first). A resolution settles the occurrence standing at its `at`: the
/// latest opened by then, or the first if none has opened yet (a meeting held early
/// counts). One made while that occurrence is already settled settles nothing (a
/// duplicate entry, or a meeting between points): it is never carried forward to a
/// later point. A rule that opens once is settled by its first resolution.
fn settling<B, R>(
    openings: &[DateTime<Utc>],
    resolutions: &[(DateTime<Utc>, B, R)],
) -> Vec<Option<usize>> {
    let mut settled: Vec<Option<usize>> = vec![None; openings.len()];
    for (r, (at, _, _)) in resolutions.iter().enumerate() {
        let standing = openings.partition_point(|o| o <= at).saturating_sub(1);
        if let Some(slot) = settled.get_mut(standing) {
            slot.get_or_insert(r);
        }
    }
    settled
}
