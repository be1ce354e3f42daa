//! The live working set: the evaluation a long-running desk keeps between refreshes,
//! so that a refresh costs what changed, not what was ever recorded.
//!
//! What re-evaluates what (ARCHITECTURE.md, "What re-evaluates what"):
//! - a child the caller marks touched ([`WorkingSet::touch`]: an event about it, or
//!   a correction, void or merge that changed it) is evaluated again, all its episodes
//!   together (one-per-child rules look across them);
//! - a child whose wake has come (the first instant after the last evaluation at which
//!   one of its instances opens, falls overdue or escalates) is evaluated again;
//! - [`WorkingSet::touch_all`] (a `policy_adopted` or `calendar_loaded` folded, or the
//!   clock turned back) evaluates every child again;
//! - every other child keeps what it had. A settled child (no wake: no rule can open
//!   or change an instance on it without a new event) costs nothing on a refresh.
//!
//! The result is exactly what [`super::evaluate_live_with`] gives over the whole
//! record (tests/procedures/working_set.rs checks it after random events).

use super::{urgency, Acc, Evaluation, Scope};
use crate::calendar::Calendar;
use crate::procedures::governs::Govern;
use crate::record::State;
use chrono::{DateTime, Utc};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// One child as last evaluated.
#[derive(Debug, Clone)]
struct Held {
    scope: Scope,
    /// Its episodes' references, as evaluated (what to take out when it changes).
    episodes: Vec<String>,
}

/// The evaluation kept between refreshes, and what must be evaluated again.
#[derive(Debug, Default)]
pub struct WorkingSet {
    held: HashMap<String, Held>,
    /// Children with a wake, and when (settled children are not here).
    wakes: HashMap<String, DateTime<Utc>>,
    /// The instant last evaluated at.
    at: Option<DateTime<Utc>>,
    touched: HashSet<String>,
    all: bool,
    evaluation: Evaluation,
    /// How many children the last refresh evaluated (for benches and tests).
    pub last_evaluated: usize,
    /// The children evaluated again since [`WorkingSet::take_changed`] was last
    /// called, or every child (what the live board builds rows again for).
    changed: HashSet<String>,
    changed_all: bool,
}

impl WorkingSet {
    pub fn new() -> WorkingSet {
        WorkingSet {
            all: true,
            changed_all: true,
            ..WorkingSet::default()
        }
    }

    /// `child` changed (or may have): it is evaluated again at the next refresh.
    pub fn touch(&mut self, child: &str) {
        if !self.all {
            self.touched.insert(child.to_string());
        }
    }

    /// Everything is evaluated again at the next refresh.
    pub fn touch_all(&mut self) {
        self.all = true;
        self.touched.clear();
    }

    /// The evaluation at `now`: live scope for every child, every instance for the
    /// children in `every_instance_of` (as [`super::evaluate_live_with`]).
    pub fn evaluate(
        &mut self,
        state: &State,
        policy: &dyn Govern,
        calendar: &Calendar,
        now: DateTime<Utc>,
        every_instance_of: &HashSet<&str>,
    ) -> &Evaluation {
        if self.at.is_some_and(|at| now < at) {
            // A clock turned back: instances may stand as they stood before.
            self.touch_all();
        }
        self.at = Some(now);
        let scope_of = |c: &str| {
            if every_instance_of.contains(c) {
                Scope::All
            } else {
                Scope::Live
            }
        };
        let mut again: HashSet<String> = if self.all {
            self.held
                .keys()
                .cloned()
                .chain(state.children.keys().cloned())
                .collect()
        } else {
            let mut again = std::mem::take(&mut self.touched);
            again.extend(
                self.wakes
                    .iter()
                    .filter(|(_, &w)| w <= now)
                    .map(|(c, _)| c.clone()),
            );
            // A child coming into (or going out of) the detail panes' full scope.
            again.extend(
                every_instance_of
                    .iter()
                    .filter(|c| self.held.get(**c).is_some_and(|h| h.scope != Scope::All))
                    .map(|c| c.to_string()),
            );
            again.extend(
                self.held
                    .iter()
                    .filter(|(c, h)| {
                        h.scope == Scope::All && !every_instance_of.contains(c.as_str())
                    })
                    .map(|(c, _)| c.clone()),
            );
            again
        };
        self.changed_all |= self.all;
        self.all = false;
        self.touched.clear();
        again.retain(|c| self.held.contains_key(c) || state.children.contains_key(c));
        self.last_evaluated = again.len();
        if !self.changed_all {
            self.changed.extend(again.iter().cloned());
        }
        if again.is_empty() {
            return &self.evaluation;
        }
        // Take out what the children evaluated again had.
        let mut gone: HashSet<&str> = HashSet::default();
        for c in &again {
            if let Some(h) = self.held.get(c) {
                gone.extend(h.episodes.iter().map(String::as_str));
            }
        }
        let ev = &mut self.evaluation;
        ev.instances.retain(|i| !again.contains(&i.child));
        ev.violations.retain(|v| !gone.contains(v.episode.as_str()));
        ev.errors.retain(|e| !gone.contains(e.episode.as_str()));
        ev.off_daily_report.retain(|e| !gone.contains(e.as_str()));
        for e in &gone {
            ev.governed.remove(*e);
        }
        drop(gone);
        for c in &again {
            self.held.remove(c);
            self.wakes.remove(c);
        }
        // Evaluate them again, episode by episode in the record's order.
        let mut acc = Acc::new(state, policy, calendar, now);
        for c in &again {
            let Some(child) = state.children.get(c) else {
                continue;
            };
            let scope = scope_of(c);
            let mut episodes = Vec::with_capacity(child.episodes.len());
            for &i in &child.episodes {
                let episode = &state.episodes[i];
                acc.episode(episode, child, scope);
                episodes.push(episode.reference.clone());
            }
            self.held.insert(c.clone(), Held { scope, episodes });
        }
        let (fresh, wakes) = acc.finish();
        self.wakes.extend(wakes);
        let ev = &mut self.evaluation;
        ev.instances.extend(fresh.instances);
        ev.instances.sort_by(urgency);
        ev.governed.extend(fresh.governed);
        // Violations, errors and the daily report's exceptions go in the record's
        // episode order, as a whole evaluation lists them.
        let place = |e: &str| state.episode_index.get(e).copied().unwrap_or(usize::MAX);
        ev.violations.extend(fresh.violations);
        ev.violations.sort_by_key(|v| place(&v.episode));
        ev.errors.extend(fresh.errors);
        ev.errors.sort_by_key(|e| place(&e.episode));
        ev.off_daily_report.extend(fresh.off_daily_report);
        ev.off_daily_report.sort_by_key(|e| place(e));
        &self.evaluation
    }

    /// The children evaluated again since the last call (`None`: possibly every
    /// child, as at the first evaluation), taken.
    pub fn take_changed(&mut self) -> Option<HashSet<String>> {
        let changed = std::mem::take(&mut self.changed);
        let all = std::mem::take(&mut self.changed_all);
        (!all).then_some(changed)
    }

    /// The evaluation as the last refresh left it.
    pub fn evaluation(&self) -> &Evaluation {
        &self.evaluation
    }
}
