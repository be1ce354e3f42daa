//! Waivers only where a seed allows a recorded decision not to act (PROCEDURES.md,
//! "Waivers"). A rule is waivable when its policy file marks it `waivable`, with the
//! decision the seed allows, its source and the facts it depends on (Camden's RHI:
//! a child under 11 at the report). A new `action_waived` of any other rule is refused,
//! saying why; a stored one the policy no longer allows stays in force and is shown as
//! a violation (INTERFACE, "Corrections and changes"), never blocking a later import.

use super::engine::PolicyViolation;
use super::policy::{Conditions, Policy, Satisfier, Waivable};
use crate::calendar::age_on;
use crate::record::{Child, Episode, Resolution};

/// The problems of a `waivable` mark, for `policy check`.
pub(super) fn check_spec(w: &Waivable, place: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if w.decision.trim().is_empty() {
        problems.push(format!(
            "{place}: field `waivable.decision` must say what decision the document allows"
        ));
    }
    if w.source.trim().is_empty() {
        problems.push(format!(
            "{place}: field `waivable.source` must cite the document and section"
        ));
    }
    let c = &w.when;
    let unread = [
        ("episodes_within", c.episodes_within.is_some()),
        ("done", c.done.is_some()),
        ("done_any", c.done_any.is_some()),
        ("first_missing_episode", c.first_missing_episode.is_some()),
        ("not_done", c.not_done.is_some()),
        ("returned_with_any", c.returned_with_any.is_some()),
        ("child_done_within", c.child_done_within.is_some()),
        ("child_not_done_within", c.child_not_done_within.is_some()),
    ];
    for (name, given) in unread {
        if given {
            problems.push(format!(
                "{place}: field `waivable.when.{name}`: a waiver's conditions may name only age_under, age_at_least, status, status_not, flags_any, category, category_not, risk and risk_not"
            ));
        }
    }
    problems
}

/// Whether the facts a waiver may depend on hold for this episode and child now.
fn holds(c: &Conditions, episode: &Episode, child: &Child) -> bool {
    let age = age_on(child.dob, episode.reported_at);
    c.age_under.is_none_or(|n| age < n)
        && c.age_at_least.is_none_or(|n| age >= n)
        && c.status.as_ref().is_none_or(|s| s.contains(&child.status))
        && c.status_not
            .as_ref()
            .is_none_or(|s| !s.contains(&child.status))
        && c.flags_any
            .as_ref()
            .is_none_or(|f| f.iter().any(|f| child.has_flag(*f)))
        && c.category
            .as_ref()
            .is_none_or(|s| s.contains(&episode.category))
        && c.category_not
            .as_ref()
            .is_none_or(|s| !s.contains(&episode.category))
        && c.risk.as_ref().is_none_or(|s| s.contains(&episode.risk))
        && c.risk_not
            .as_ref()
            .is_none_or(|s| !s.contains(&episode.risk))
}

fn names<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(" or ")
}

/// The conditions in words, and the facts of this episode they were read against.
fn describe(c: &Conditions, episode: &Episode, child: &Child) -> (String, String) {
    let mut wanted = Vec::new();
    let mut facts = Vec::new();
    if c.age_under.is_some() || c.age_at_least.is_some() {
        if let Some(n) = c.age_under {
            wanted.push(format!("the child is under {n} at the report"));
        }
        if let Some(n) = c.age_at_least {
            wanted.push(format!("the child is {n} or over at the report"));
        }
        facts.push(format!(
            "the child was {} at the report",
            age_on(child.dob, episode.reported_at)
        ));
    }
    if let Some(s) = &c.status {
        wanted.push(format!("the child's status is {}", names(s)));
    }
    if let Some(s) = &c.status_not {
        wanted.push(format!("the child's status is not {}", names(s)));
    }
    if c.status.is_some() || c.status_not.is_some() {
        facts.push(format!("the status is {}", child.status));
    }
    if let Some(f) = &c.flags_any {
        wanted.push(format!("the child is flagged {}", names(f)));
        facts.push(if child.flags.is_empty() {
            "the child has no flags".to_string()
        } else {
            format!("the child's flags are {}", names(&child.flags))
        });
    }
    if let Some(s) = &c.category {
        wanted.push(format!("the episode is {}", names(s)));
    }
    if let Some(s) = &c.category_not {
        wanted.push(format!("the episode is not {}", names(s)));
    }
    if c.category.is_some() || c.category_not.is_some() {
        facts.push(format!("it is {}", episode.category));
    }
    if let Some(s) = &c.risk {
        wanted.push(format!("the episode is graded {}", names(s)));
    }
    if let Some(s) = &c.risk_not {
        wanted.push(format!("the episode is not graded {}", names(s)));
    }
    if c.risk.is_some() || c.risk_not.is_some() {
        facts.push(format!("it is graded {}", episode.risk));
    }
    (wanted.join(" and "), facts.join(", "))
}

impl Policy {
    /// Why `rule` may not be waived on this episode, or `Ok` where the procedure allows
    /// a recorded decision not to act (the rule must be one of the policy's).
    pub fn check_waiver(&self, rule: &str, episode: &Episode, child: &Child) -> Result<(), String> {
        let Some(r) = self.rule(rule) else {
            return Ok(()); // an unknown rule is refused as such, before this
        };
        let Some(w) = &r.waivable else {
            let mut instead = String::new();
            let declined = r
                .variants
                .iter()
                .any(|v| v.satisfied_by.contains(&Satisfier::RhiDeclined));
            if declined {
                instead = match self.rhi_decline_min_attempts {
                    Some(n) => format!(
                        "; a child who will not take part is recorded with `rhi_declined`, after more than {} unsuccessful contact attempts",
                        n.saturating_sub(1)
                    ),
                    None => "; a child who will not take part is recorded with `rhi_declined`".into(),
                };
            }
            let allowed: Vec<&str> = self
                .rules
                .iter()
                .filter(|r| r.waivable.is_some())
                .map(|r| r.id.as_str())
                .collect();
            return Err(format!(
                "`{rule}` cannot be waived under the {} policy: the procedure allows no recorded decision not to do it{instead}. A duty done another way is action_completed with a note; one that never applied because the record was wrong is put right with episode_corrected or event_voided. Waivable under {}: {}",
                self.name,
                self.name,
                if allowed.is_empty() { "none".to_string() } else { allowed.join(", ") }
            ));
        };
        if holds(&w.when, episode, child) {
            return Ok(());
        }
        let (wanted, facts) = describe(&w.when, episode, child);
        Err(format!(
            "`{rule}` can be waived under the {} policy only when {wanted} ({}: {}); {facts}",
            self.name, w.source, w.decision
        ))
    }

    /// The rules a waiver may be recorded for on this episode, in the policy's order.
    pub fn waivable_rules(&self, episode: &Episode, child: &Child) -> Vec<&str> {
        self.rules
            .iter()
            .filter(|r| r.waivable.is_some() && self.check_waiver(&r.id, episode, child).is_ok())
            .map(|r| r.id.as_str())
            .collect()
    }

    /// The episode's stored waivers the policy does not allow (recorded before the
    /// policy said so, or since made invalid by a correction): each stays in force and
    /// is shown as a violation, so the desk completes the rule with a note or voids it.
    pub fn waivers_not_allowed(&self, episode: &Episode, child: &Child) -> Vec<PolicyViolation> {
        let mut out: Vec<PolicyViolation> = Vec::new();
        // One violation per rule, however many waivers of it are stored.
        let mut shown: Vec<&str> = Vec::new();
        for a in &episode.actions {
            if !matches!(a.resolution, Resolution::Waived { .. })
                || shown.contains(&&a.rule[..])
                || self.check_waiver(&a.rule[..], episode, child).is_ok()
            {
                continue;
            }
            shown.push(&a.rule[..]);
            out.push(PolicyViolation {
                episode: episode.reference.clone(),
                text: format!(
                    "Waiver of `{}` not allowed by the {} policy: complete it with a note, or void the waiver",
                    a.rule, self.name
                ),
                source: "PROCEDURES.md, Waivers: accepted only where a seed allows a recorded decision not to act".into(),
            });
        }
        out
    }
}
