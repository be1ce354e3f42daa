//! Conditions read as they stood (PROCEDURES.md, "Conditions over time"): the child's
//! status and flags and the episode's risk grade may change during an episode, and each
//! occurrence is decided on them as they stood when it opened.
//!
//! - A rule opens at the first instant one of its variants held and its sourced moment
//!   had come: at that moment if the conditions held then (a deadline already past is
//!   overdue at once), else at the change that made them hold, when a sourced deadline
//!   already past makes it due at once (asap), not a breach.
//! - Once open it stands: a later change never withdraws it or moves its deadline later,
//!   so a breach stays a fact of its time.
//! - A later change may bring the deadline forward: when the variant that applies from
//!   the change has an earlier deadline (an asap variant is due at the change itself),
//!   the occurrence takes it; one already overdue stays overdue.
//!
//! Everything else a condition reads (age at the report, the category, other rules
//! done, repeat windows, what was recorded on return) follows the record as it stands.

use super::rule::{Ctx, Stood};
use crate::calendar::CalendarError;
use crate::procedures::policy::{Rule, Variant};
use crate::record::vocab::{Flag, Risk, Status};
use crate::record::{Child, Episode};
use chrono::{DateTime, Utc};

/// When a variant opens: at `at`, for the moment its source names, `sourced` (earlier
/// when its conditions came to hold only at a change).
#[derive(Debug, Clone, Copy)]
struct Opening {
    at: DateTime<Utc>,
    sourced: DateTime<Utc>,
}

/// An occurrence's deadline, and the variant it comes from.
pub(super) struct Deadline<'a> {
    pub(super) due_at: DateTime<Utc>,
    pub(super) asap: bool,
    pub(super) escalates_at: Option<DateTime<Utc>>,
    pub(super) source: &'a str,
}

/// The instants after `episode`'s last sighting at which the status, flags or risk
/// its rules read changed, in order: where an evaluation must look again. (No rule
/// opens before `last_seen_at`, so what stood then stands for everything earlier.)
pub(super) fn changes(child: &Child, episode: &Episode) -> Vec<DateTime<Utc>> {
    let mut at: Vec<DateTime<Utc>> = child
        .changed_at()
        .chain(episode.regraded_at())
        .filter(|&t| t > episode.last_seen_at)
        .collect();
    at.sort();
    at.dedup();
    at
}

impl<'a> Ctx<'a> {
    pub(super) fn status(&self) -> Status {
        self.facts_at
            .map_or(self.child.status, |t| self.child.status_at(t))
    }

    pub(super) fn has_flag(&self, flag: Flag) -> bool {
        self.facts_at.map_or(self.child.has_flag(flag), |t| {
            self.child.has_flag_at(flag, t)
        })
    }

    pub(super) fn risk(&self) -> Risk {
        self.facts_at
            .map_or(self.episode.risk, |t| self.episode.risk_at(t))
    }

    /// This context with status, flags and risk read as they stood at `t`.
    fn stood_at(&self, t: DateTime<Utc>) -> Ctx<'a> {
        Ctx {
            facts_at: Some(t),
            ..*self
        }
    }

    /// The variant that applies at `t`: the first whose conditions held then.
    fn variant_at(&self, rule: &'a Rule, t: DateTime<Utc>) -> Option<&'a Variant> {
        let then = self.stood_at(t);
        rule.variants.iter().find(|v| then.variant_holds(v))
    }

    /// When `rule` first opens on this episode, on the conditions as they stood: each
    /// stretch between two changes is read with the facts of its start, and the first
    /// whose variant opens within it opens the rule. `None`: it never opens.
    pub(super) fn as_stood(&self, rule: &'a Rule) -> Result<Option<Stood<'a>>, CalendarError> {
        let cuts = self.changes;
        for k in 0..=cuts.len() {
            let start = k.checked_sub(1).map(|p| cuts[p]);
            let end = cuts.get(k).copied();
            // With nothing changed since the last sighting, the facts are as they stand.
            let then = match start {
                None if cuts.is_empty() => Ctx { ..*self },
                None => self.stood_at(self.episode.last_seen_at),
                Some(t) => self.stood_at(t),
            };
            let Some(variant) = rule.variants.iter().find(|v| then.variant_holds(v)) else {
                continue;
            };
            let Some(opening) = then.opening(variant, start, end)? else {
                continue;
            };
            let later = cuts[k..]
                .iter()
                .filter_map(|&c| self.variant_at(rule, c).map(|v| (c, v)))
                .collect();
            return Ok(Some(Stood {
                variant,
                opens_at: opening.at,
                at_change: opening.at > opening.sourced,
                later,
            }));
        }
        Ok(None)
    }

    /// The earliest trigger of `v` that holds, opening no earlier than `start` and
    /// before `end`.
    fn opening(
        &self,
        v: &Variant,
        start: Option<DateTime<Utc>>,
        end: Option<DateTime<Utc>>,
    ) -> Result<Option<Opening>, CalendarError> {
        let mut first: Option<Opening> = None;
        for trigger in &v.triggers {
            if !self.holds(&trigger.when) {
                continue;
            }
            let Some(sourced) = self.eval(&trigger.at)? else {
                continue;
            };
            let t = start.map_or(sourced, |s| s.max(sourced));
            if end.is_some_and(|e| t >= e) {
                continue;
            }
            // A duty of the missing period opens at a change only while the child is
            // still missing ("mid-episode"): a status given after the return does not
            // open it then.
            let e = self.episode;
            if t > sourced && e.is_missing_at(sourced) && !e.is_missing_at(t) {
                continue;
            }
            if trigger.missing_at_trigger && !self.episode.is_missing_at(t) {
                continue;
            }
            if first.is_none_or(|f| t < f.at) {
                first = Some(Opening { at: t, sourced });
            }
        }
        Ok(first)
    }

    /// The deadline of the occurrence of `v` opening at `opens_at`; `None` when it has
    /// none yet (an anchor still to come). The first occurrence of a rule read as it
    /// stood also takes the earlier deadline of a variant that applied from a change
    /// made before `until` (when it was dealt with, closed, or now).
    pub(super) fn deadline(
        &self,
        v: &'a Variant,
        opens_at: DateTime<Utc>,
        first: bool,
        until: DateTime<Utc>,
    ) -> Result<Option<Deadline<'a>>, CalendarError> {
        let Some(mut d) = self.plain_deadline(v, opens_at)? else {
            return Ok(None);
        };
        let Some(stood) = self.stood.filter(|_| first) else {
            return Ok(Some(d));
        };
        if stood.at_change && !d.asap && d.due_at < opens_at {
            // Its conditions came to hold after its sourced deadline: due at once.
            d.due_at = opens_at;
            d.asap = true;
        }
        for &(change, w) in &stood.later {
            if change > until {
                break;
            }
            let Some(mut then) = self.stood_at(change).plain_deadline(w, opens_at)? else {
                continue;
            };
            if then.asap {
                // As soon as possible, from the change (or from its own opening, if later).
                let Some(opening) = self.stood_at(change).opening(w, None, None)? else {
                    continue;
                };
                then.due_at = opening.sourced.max(change);
            } else if then.due_at < change {
                then.due_at = change;
                then.asap = true;
            }
            if then.due_at < d.due_at {
                d = then;
            }
        }
        Ok(Some(d))
    }

    fn plain_deadline(
        &self,
        v: &'a Variant,
        opens_at: DateTime<Utc>,
    ) -> Result<Option<Deadline<'a>>, CalendarError> {
        let ctx = self.with_opens(opens_at);
        let (due_at, asap) = match &v.due {
            Some(e) => match ctx.eval(e)? {
                Some(t) => (t, false),
                None => return Ok(None),
            },
            None => (opens_at, true),
        };
        let escalates_at = match &v.escalates {
            Some(e) => ctx.eval(e)?,
            None => None,
        };
        Ok(Some(Deadline {
            due_at,
            asap,
            escalates_at,
            source: &v.source,
        }))
    }
}
