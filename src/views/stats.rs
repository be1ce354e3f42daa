//! Statistics over a period: episodes and children by category, status and risk,
//! durations, return home interviews, repeat children, breaches by rule and the time
//! to the first strategy meeting. Every figure is defined in docs/INTERFACE.md
//! ("report stats").
//!
//! [`build`] is pure: the record folded at `at`, the engine's evaluation at `at` with
//! `Scope::All`, and the period's first and last dates (Europe/London, inclusive).

use super::rfc;
use crate::calendar::local_date;
use crate::procedures::policy::Window;
use crate::procedures::repeats::counted_at;
use crate::procedures::{Evaluation, InstanceState};
use crate::record::{Resolution, State};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The return home interview rule, and how soon after the return it counts as timely.
pub const RHI_RULE: &str = "return_home_interview";
pub const RHI_WITHIN_HOURS: i64 = 72;
/// The strategy meeting rule.
pub const STRATEGY_RULE: &str = "strategy_meeting";
/// Repeat children: this many episodes ...
pub const REPEAT_EPISODES: usize = 3;
/// ... reported within this many days.
pub const REPEAT_DAYS: i64 = 90;

#[derive(Debug, Clone, PartialEq, Serialize)]
// Fields in sorted order: JSON keys come out as declared (tests/goldens pins them).
pub struct Stats {
    /// The record as it stood at this moment.
    #[serde(serialize_with = "rfc")]
    pub at: DateTime<Utc>,
    /// On a record of several authorities, each with the policy it follows (filled
    /// in by the caller).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authorities: Vec<super::AuthorityPolicy>,
    /// The one authority the figures cover (`--authority`), if they cover one only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    pub breaches: usize,
    /// Breached deadlines of the period's episodes, by rule id.
    pub breaches_by_rule: BTreeMap<String, usize>,
    pub by_category: BTreeMap<String, Tally>,
    pub by_risk: BTreeMap<String, Tally>,
    pub by_status: BTreeMap<String, Tally>,
    pub children: usize,
    pub duration: Durations,
    pub episodes: usize,
    /// First and last dates of the period (Europe/London), inclusive.
    pub from: NaiveDate,
    pub policy: Option<String>,
    pub repeat_children: Vec<RepeatChild>,
    /// `"stats"`.
    pub report: super::ReportName,
    pub rhi: Rhi,
    pub strategy_meeting: StrategyMeeting,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
// Fields in sorted order: JSON keys come out as declared (tests/goldens pins them).
pub struct Tally {
    pub children: usize,
    pub episodes: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
// Fields in sorted order: JSON keys come out as declared (tests/goldens pins them).
pub struct Durations {
    /// Nearest-rank 50th percentile, seconds (`None` when nothing returned).
    pub median_s: Option<i64>,
    /// Nearest-rank 90th percentile, seconds.
    pub p90_s: Option<i64>,
    /// Episodes returned by `at` (the only ones with a duration).
    pub returned: usize,
    /// Episodes not returned by `at`.
    pub still_missing: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
// Fields in sorted order: JSON keys come out as declared (tests/goldens pins them).
pub struct Rhi {
    /// Of those, RHI declined.
    pub declined: usize,
    /// Returned episodes (the denominator).
    pub returned: usize,
    /// Of those, RHI completed within 72 hours of the return.
    pub within_72h: usize,
    /// `within_72h / returned * 100`, rounded to one decimal (`None` if none returned).
    pub within_72h_percent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
// Fields in sorted order: JSON keys come out as declared (tests/goldens pins them).
pub struct RepeatChild {
    pub child: String,
    /// The most episodes reported within any 90 days ending at a report in the period.
    pub episodes_in_90_days: usize,
    pub name: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
// Fields in sorted order: JSON keys come out as declared (tests/goldens pins them).
pub struct StrategyMeeting {
    /// Episodes with a strategy meeting recorded by `at`.
    pub held: usize,
    /// Nearest-rank median of report -> first strategy meeting completed, seconds.
    pub median_s: Option<i64>,
}

/// The nearest-rank `p`th percentile (0 < p <= 100) of `values`: the value at rank
/// `ceil(p / 100 * n)` (1-based) in ascending order; `None` for no values.
pub fn nearest_rank(values: &[i64], p: u32) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    let rank = (p as usize * n).div_ceil(100).max(1);
    Some(v[rank.min(n) - 1])
}

/// "3 episodes within 90 days", as the policy language writes it: the window the
/// repeat rules use, counted by [`counted_at`].
pub fn repeat_window() -> Window {
    Window {
        count: REPEAT_EPISODES as u32,
        days: Some(REPEAT_DAYS as u32),
        months: None,
        categories: None,
    }
}

/// Builds the statistics for episodes reported on local dates `from..=to`.
pub fn build(
    state: &State,
    evaluation: &Evaluation,
    from: NaiveDate,
    to: NaiveDate,
    at: DateTime<Utc>,
    privacy: bool,
) -> Stats {
    build_for(state, evaluation, (from, to), at, privacy, None)
}

/// As [`build`], over the episodes that follow `authority`'s procedure only when one
/// is given (`report stats --authority A`). A repeat child's window still counts the
/// child's episodes under every authority (PROCEDURES: "windows count the child's
/// episodes under every policy").
pub fn build_for(
    state: &State,
    evaluation: &Evaluation,
    (from, to): (NaiveDate, NaiveDate),
    at: DateTime<Utc>,
    privacy: bool,
    authority: Option<&str>,
) -> Stats {
    let episodes: Vec<_> = state
        .episodes
        .iter()
        .filter(|e| {
            let d = local_date(e.reported_at);
            d >= from && d <= to && e.reported_at <= at
        })
        .filter(|e| {
            authority.is_none_or(|a| super::authority_of(evaluation, &e.reference) == Some(a))
        })
        .collect();
    let refs: BTreeSet<&str> = episodes.iter().map(|e| e.reference.as_str()).collect();
    let children: BTreeSet<&str> = episodes.iter().map(|e| e.child.as_str()).collect();

    let mut tallies: [BTreeMap<String, (usize, BTreeSet<&str>)>; 3] = Default::default();
    for e in &episodes {
        let child = state.child_of(e);
        let keys = [e.category.as_str(), child.status.as_str(), e.risk.as_str()];
        for (t, k) in tallies.iter_mut().zip(keys) {
            let slot = t.entry(k.to_string()).or_default();
            slot.0 += 1;
            slot.1.insert(e.child.as_str());
        }
    }
    let [by_category, by_status, by_risk] = tallies.map(|t| {
        t.into_iter()
            .map(|(k, (n, c))| {
                (
                    k,
                    Tally {
                        episodes: n,
                        children: c.len(),
                    },
                )
            })
            .collect::<BTreeMap<_, _>>()
    });

    let returned: Vec<_> = episodes
        .iter()
        .filter_map(|e| e.returned.as_ref().filter(|r| r.at <= at).map(|r| (e, r)))
        .collect();
    let durations: Vec<i64> = returned
        .iter()
        .map(|(e, r)| (r.at - e.last_seen_at).num_seconds().max(0))
        .collect();
    let duration = Durations {
        returned: returned.len(),
        still_missing: episodes.len() - returned.len(),
        median_s: nearest_rank(&durations, 50),
        p90_s: nearest_rank(&durations, 90),
    };

    let within = returned
        .iter()
        .filter(|(e, r)| {
            e.actions.iter().any(|a| {
                *a.rule == *RHI_RULE
                    && a.resolution == Resolution::Completed
                    && a.at <= r.at + Duration::hours(RHI_WITHIN_HOURS)
            })
        })
        .count();
    let rhi = Rhi {
        returned: returned.len(),
        within_72h: within,
        within_72h_percent: (!returned.is_empty())
            .then(|| (within as f64 * 1000.0 / returned.len() as f64).round() / 10.0),
        declined: returned
            .iter()
            .filter(|(e, _)| e.rhi_declined_at.is_some_and(|d| d <= at))
            .count(),
    };

    // The engine's own window (closed, missing categories only), so the figure and the
    // repeat rules never disagree at the boundary (issue 12 item 8).
    let window = repeat_window();
    let mut repeat_children = Vec::new();
    for child_ref in &children {
        let Some(child) = state.children.get(*child_ref) else {
            continue;
        };
        let most = episodes
            .iter()
            .filter(|e| e.child == *child_ref)
            .filter_map(|e| counted_at(state, e, &window))
            .max()
            .unwrap_or(0) as usize;
        if most >= REPEAT_EPISODES {
            repeat_children.push(RepeatChild {
                child: child.reference.clone(),
                name: if privacy {
                    child.initials()
                } else {
                    child.name.clone()
                },
                episodes_in_90_days: most,
            });
        }
    }

    let mut breaches_by_rule: BTreeMap<String, usize> = BTreeMap::new();
    for i in &evaluation.instances {
        if i.breached && !i.asap && refs.contains(i.episode.as_str()) {
            *breaches_by_rule.entry(i.rule.clone()).or_default() += 1;
        }
    }

    let to_meeting: Vec<i64> = episodes
        .iter()
        .filter_map(|e| {
            e.actions
                .iter()
                .filter(|a| {
                    *a.rule == *STRATEGY_RULE && a.resolution == Resolution::Completed && a.at <= at
                })
                .map(|a| a.at)
                .min()
                .map(|m| (m - e.reported_at).num_seconds().max(0))
        })
        .collect();

    Stats {
        report: super::ReportName::Stats,
        policy: None,
        authorities: Vec::new(),
        authority: authority.map(str::to_string),
        from,
        to,
        at,
        episodes: episodes.len(),
        children: children.len(),
        by_category,
        by_status,
        by_risk,
        duration,
        rhi,
        repeat_children,
        breaches: breaches_by_rule.values().sum(),
        breaches_by_rule,
        strategy_meeting: StrategyMeeting {
            held: to_meeting.len(),
            median_s: nearest_rank(&to_meeting, 50),
        },
    }
}

/// The statistics pane's span: this many weeks, the current one last.
pub const PANE_WEEKS: usize = 12;

/// The Monday of the week holding `date` (weeks run Monday to Sunday).
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// The Monday that starts `weeks` whole weeks ending with the week holding `last`: the
/// statistics pane's first week, and `report stats`'s default `--from`.
pub fn first_monday(last: NaiveDate, weeks: usize) -> NaiveDate {
    week_start(last) - Duration::weeks(weeks.max(1) as i64 - 1)
}

/// Episodes reported by `at` in each of the `weeks` weeks ending with the one holding
/// `at`, oldest first: (the week's Monday, how many). Weeks and report dates are
/// Europe/London, so a report at 23:30 UTC on a summer Sunday counts in the next week.
pub fn weekly_episodes(state: &State, at: DateTime<Utc>, weeks: usize) -> Vec<(NaiveDate, usize)> {
    let weeks = weeks.max(1);
    let first = first_monday(local_date(at), weeks);
    let mut counts = vec![0usize; weeks];
    for e in state.episodes.iter().filter(|e| e.reported_at <= at) {
        // Days since the first Monday; before it (negative) is outside the weeks.
        let days = (local_date(e.reported_at) - first).num_days();
        if let Some(slot) = usize::try_from(days)
            .ok()
            .and_then(|d| counts.get_mut(d / 7))
        {
            *slot += 1;
        }
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(n, c)| (first + Duration::weeks(n as i64), c))
        .collect()
}

/// The board's statistics pane: the weeks' episodes, breaches by rule and the RHI
/// rate, over the [`PANE_WEEKS`] weeks to `at`. Names never appear in it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overview {
    pub at: DateTime<Utc>,
    /// (Monday, episodes reported that week), oldest first.
    pub weeks: Vec<(NaiveDate, usize)>,
    /// Every rule breached now or by an episode of these weeks, most breached now first.
    pub breaches: Vec<RuleBreaches>,
    /// Deadlines overdue now, any episode (the header's `BREACHED` count).
    pub breached_now: usize,
    /// Deadlines missed by the episodes of these weeks, now or earlier.
    pub breached_in_weeks: usize,
    /// Return home interviews of the episodes of these weeks, as `report stats` counts them.
    pub rhi: Rhi,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleBreaches {
    pub rule: String,
    /// The policy's title for the rule.
    pub title: String,
    /// Deadlines of this rule overdue now (any episode).
    pub now: usize,
    /// Deadlines of this rule missed by the episodes of these weeks.
    pub in_weeks: usize,
}

/// Builds the pane's figures from the record folded at `at` and the engine's
/// evaluation at `at` (`Scope::All`). The weeks' breaches and RHI rate are those of
/// [`build`] over the same dates, so they match `report stats --from MONDAY --to TODAY`.
pub fn overview(
    state: &State,
    evaluation: &Evaluation,
    at: DateTime<Utc>,
    weeks: usize,
) -> Overview {
    let weeks = weekly_episodes(state, at, weeks);
    let from = weeks.first().map_or(local_date(at), |w| w.0);
    let period = build(state, evaluation, from, local_date(at), at, true);
    let mut by_rule: BTreeMap<&str, RuleBreaches> = BTreeMap::new();
    for i in &evaluation.instances {
        let overdue = i.state == InstanceState::Overdue;
        if overdue || period.breaches_by_rule.contains_key(&i.rule) {
            let entry = by_rule
                .entry(i.rule.as_str())
                .or_insert_with(|| RuleBreaches {
                    rule: i.rule.clone(),
                    title: i.title.clone(),
                    now: 0,
                    in_weeks: period.breaches_by_rule.get(&i.rule).copied().unwrap_or(0),
                });
            if overdue {
                entry.now += 1;
            }
        }
    }
    let mut breaches: Vec<RuleBreaches> = by_rule.into_values().collect();
    breaches.sort_by(|a, b| {
        (b.now, b.in_weeks)
            .cmp(&(a.now, a.in_weeks))
            .then_with(|| a.title.cmp(&b.title))
    });
    Overview {
        at,
        weeks,
        breached_now: breaches.iter().map(|b| b.now).sum(),
        breached_in_weeks: period.breaches,
        breaches,
        rhi: period.rhi,
    }
}

#[cfg(test)]
mod tests {
    use super::nearest_rank;

    #[test]
    fn nearest_rank_percentiles() {
        // n = 10: P50 is rank 5, P90 rank 9.
        let v: Vec<i64> = (1..=10).rev().collect();
        assert_eq!(nearest_rank(&v, 50), Some(5));
        assert_eq!(nearest_rank(&v, 90), Some(9));
        // n = 3: P50 rank ceil(1.5) = 2, P90 rank ceil(2.7) = 3.
        assert_eq!(nearest_rank(&[30, 10, 20], 50), Some(20));
        assert_eq!(nearest_rank(&[30, 10, 20], 90), Some(30));
        assert_eq!(nearest_rank(&[7], 90), Some(7));
        assert_eq!(nearest_rank(&[], 50), None);
    }
}
