//! A large, valid, deterministic record for benchmarks and load tests: many children,
//! years of closed episodes, and a set of children missing now. Not for the screen:
//! the names are serial numbers.

use chrono::{DateTime, Duration, Utc};
use std::fmt::Write;

/// A small deterministic generator (no randomness crate needed for test data).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub children: usize,
    pub closed_episodes: usize,
    pub open_episodes: usize,
    /// Of the closed episodes, how many were returned with the safe and well check
    /// never recorded (a backlog nobody closed: each stays on the board, due now,
    /// for months). Their police were never told by event, and no updates were kept.
    pub backlog: usize,
}

impl Shape {
    /// 200,000 events with 1,000 open episodes (the benchmark in the brief).
    pub const BENCH: Shape = Shape {
        children: 5_000,
        closed_episodes: 19_100,
        open_episodes: 1_000,
        backlog: 0,
    };

    /// About 200,000 events with 1,000 open episodes and 39,000 returned ones that
    /// keep an action open: 40,000 rows on the board (issue 15's backlog record).
    pub const BACKLOG: Shape = Shape {
        children: 5_000,
        closed_episodes: 39_000,
        open_episodes: 1_000,
        backlog: 39_000,
    };

    /// How many events [`record`] writes for this shape.
    pub fn events(&self) -> usize {
        let backlog = self.backlog.min(self.closed_episodes);
        self.children + (self.closed_episodes - backlog) * 10 + backlog * 5 + self.open_episodes * 4
    }
}

const STATUSES: &[&str] = &[
    "looked_after",
    "child_protection",
    "child_in_need",
    "care_leaver",
    "early_help",
    "not_open",
];

/// JSON Lines for a record valid under the `cumbria` policy (and the others that
/// grade a missing child only `medium` or `high`), every event before `now`: children
/// are under 17, so a missing episode is graded high or, twice as often, medium.
pub fn record(shape: Shape, now: DateTime<Utc>) -> String {
    assert!(
        shape.open_episodes <= shape.children,
        "each open episode needs its own child"
    );
    let mut rng = Lcg(0x5eed);
    let mut out = String::with_capacity(shape.events() * 190);
    let t = |at: DateTime<Utc>| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let start = now - Duration::days(730);
    for c in 0..shape.children {
        let age_days = 365 * 10 + rng.below(365 * 7) as i64;
        let dob = (now - Duration::days(age_days)).date_naive();
        let status = STATUSES[c % STATUSES.len()];
        let _ = writeln!(
            out,
            r#"{{"type":"child_registered","id":"c{c}","at":"{}","child":"C{c}","name":"Child {c}","dob":"{dob}","status":"{status}","by":"gen"}}"#,
            t(start - Duration::days(1))
        );
    }
    // Closed episodes: spread over two years, each child's in time order, never overlapping.
    let per_child = shape.closed_episodes.div_ceil(shape.children.max(1));
    let window_days = 700 / per_child.max(1) as i64;
    let mut e = 0;
    'outer: for round in 0..per_child {
        for c in 0..shape.children {
            if e == shape.closed_episodes {
                break 'outer;
            }
            let slot = start + Duration::days(round as i64 * window_days);
            let reported =
                slot + Duration::minutes(rng.below((window_days as u64 - 3) * 1440) as i64);
            let last_seen = reported - Duration::minutes(30 + rng.below(300) as i64);
            let returned = reported + Duration::minutes(60 + rng.below(2000) as i64);
            let risk = ["high", "medium", "medium"][rng.below(3) as usize];
            let _ = writeln!(
                out,
                r#"{{"type":"episode_reported","id":"x{e}r","at":"{}","episode":"X{e}","child":"C{c}","last_seen_at":"{}","category":"missing","risk":"{risk}","by":"gen"}}"#,
                t(reported),
                t(last_seen)
            );
            let backlog = e < shape.backlog;
            if !backlog {
                let _ = writeln!(
                    out,
                    r#"{{"type":"police_informed","id":"x{e}p","at":"{}","episode":"X{e}","police_ref":"P{e}","by":"gen"}}"#,
                    t(reported + Duration::minutes(5))
                );
            }
            for u in (0..3).filter(|_| !backlog) {
                let _ = writeln!(
                    out,
                    r#"{{"type":"update_recorded","id":"x{e}u{u}","at":"{}","episode":"X{e}","text":"Checked known addresses; no sighting yet.","by":"gen"}}"#,
                    t(reported + Duration::minutes(10 + u * 15))
                );
            }
            let _ = writeln!(
                out,
                r#"{{"type":"child_returned","id":"x{e}b","at":"{}","episode":"X{e}","by":"gen"}}"#,
                t(returned)
            );
            for (k, rule) in [
                "notify_iro",
                "safe_and_well_check",
                "return_home_interview",
                "consider_stage_one",
            ]
            .iter()
            .enumerate()
            .filter(|(_, rule)| !backlog || **rule != "safe_and_well_check")
            {
                let _ = writeln!(
                    out,
                    r#"{{"type":"action_completed","id":"x{e}a{k}","at":"{}","episode":"X{e}","rule":"{rule}","by":"gen"}}"#,
                    t(returned + Duration::minutes(30 + k as i64))
                );
            }
            e += 1;
        }
    }
    for o in 0..shape.open_episodes {
        let reported = now - Duration::minutes(30 + rng.below(10 * 1440) as i64);
        let last_seen = reported - Duration::minutes(15 + rng.below(240) as i64);
        let risk = ["high", "medium", "medium"][rng.below(3) as usize];
        let _ = writeln!(
            out,
            r#"{{"type":"episode_reported","id":"o{o}r","at":"{}","episode":"O{o}","child":"C{o}","last_seen_at":"{}","category":"missing","risk":"{risk}","by":"gen"}}"#,
            t(reported),
            t(last_seen)
        );
        let _ = writeln!(
            out,
            r#"{{"type":"police_informed","id":"o{o}p","at":"{}","episode":"O{o}","police_ref":"Q{o}","by":"gen"}}"#,
            t(reported + Duration::minutes(3))
        );
        for u in 0..2 {
            let _ = writeln!(
                out,
                r#"{{"type":"update_recorded","id":"o{o}u{u}","at":"{}","episode":"O{o}","text":"Carer called friends.","by":"gen"}}"#,
                t(reported + Duration::minutes(5 + u * 5))
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedures::Policy;
    use crate::record::import::{check_batch, parse_lines};

    #[test]
    fn a_small_synthetic_record_is_valid_and_has_the_promised_shape() {
        let shape = Shape {
            children: 40,
            closed_episodes: 150,
            open_episodes: 10,
            backlog: 0,
        };
        let now: DateTime<Utc> = "2026-11-20T12:00:00Z".parse().unwrap();
        let text = record(shape, now);
        let parsed = parse_lines(text.as_bytes(), "gen").unwrap();
        assert_eq!(parsed.len(), shape.events());
        let policy = Policy::shipped("cumbria").unwrap();
        check_batch(&[], &parsed, &policy, now).unwrap();
        let events: Vec<_> = {
            let mut e: Vec<_> = parsed.into_iter().map(|p| p.event).collect();
            e.sort_by_key(|e| e.at);
            e
        };
        let (state, _) = crate::procedures::evaluate_events(
            &events,
            &policy,
            &crate::calendar::Calendar::embedded(),
            now,
        );
        assert_eq!(state.episodes.iter().filter(|e| e.is_open()).count(), 10);
    }

    /// The backlog shape: every returned episode of the backlog keeps its safe and
    /// well check open, so the board has a row for it beside the open episodes.
    #[test]
    fn a_backlog_record_puts_every_returned_episode_with_an_open_action_on_the_board() {
        let shape = Shape {
            children: 40,
            closed_episodes: 150,
            open_episodes: 10,
            backlog: 120,
        };
        let now: DateTime<Utc> = "2026-11-20T12:00:00Z".parse().unwrap();
        let text = record(shape, now);
        let parsed = parse_lines(text.as_bytes(), "gen").unwrap();
        assert_eq!(parsed.len(), shape.events());
        let policy = Policy::shipped("cumbria").unwrap();
        check_batch(&[], &parsed, &policy, now).unwrap();
        let mut events: Vec<_> = parsed.into_iter().map(|p| p.event).collect();
        events.sort_by_key(|e| e.at);
        let (state, evaluation) = crate::procedures::evaluate_events(
            &events,
            &policy,
            &crate::calendar::Calendar::embedded(),
            now,
        );
        let board = crate::views::board::build(&state, &evaluation, now, false);
        let on_board = |e: String| board.rows.iter().any(|r| r.episode == e);
        for e in (0..120).map(|e| format!("X{e}")) {
            assert!(on_board(e.clone()), "the backlog's {e} is on the board");
        }
        for e in (0..10).map(|o| format!("O{o}")) {
            assert!(on_board(e.clone()), "the open {e} is on the board");
        }
    }
}
