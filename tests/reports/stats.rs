//! Statistics (`report stats`) over March 2026 under the Medway procedure, the record
//! read at Fri 10 April 2026 12:00 UTC. Summer time began on Sun 29 March, so an
//! episode reported at 31 Mar 23:30 UTC was reported on 1 April in Europe/London.
//!
//! The record is that of tests/reports/daily.rs. Worked out by hand:
//!
//! | episode | child | status | risk | reported (UTC) | last seen | back | duration |
//! |---|---|---|---|---|---|---|---|
//! | E1 | C1 | looked after | medium | 20 Jan 10:00 | 09:00 | 20 Jan 20:00 | (January: not counted) |
//! | E2 | C1 | looked after | medium | 02 Mar 10:00 | 08:00 | 02 Mar 14:00 | 6 h |
//! | E4 | C2 | child in need | medium | 05 Mar 20:00 | 18:00 | 06 Mar 06:00 | 12 h |
//! | E3 | C1 | looked after | high | 10 Mar 10:00 | 06:00 | 13 Mar 06:00 | 72 h |
//! | E5 | C3 | looked after | medium | 20 Mar 09:00 | 08:00 | 22 Mar 02:00 | 42 h |
//! | E7 | C2 | child in need | high | 28 Mar 12:00 | 11:00 | still missing | - |
//! | E6 | C4 | child protection | medium | 31 Mar 23:30 = 1 Apr 00:30 BST | | | (April: not counted) |
//! | E8 | C3 | looked after | medium | 1 Apr 01:00 | | | (April: not counted) |
//!
//! - Counted: E2, E3, E4, E5, E7 = 5 episodes of 3 children (C1, C2, C3). All missing.
//!   Looked after: E2, E3, E5 = 3 episodes, 2 children; child in need: E4, E7 = 2, 1.
//!   High: E3, E7 = 2 episodes, 2 children; medium: E2, E4, E5 = 3, 3.
//! - Durations of the 4 returned (1 still missing), ascending: 6 h, 12 h, 42 h, 72 h.
//!   Nearest rank: the median (P50) is the value at rank ceil(0.5 x 4) = 2: 12 h =
//!   43,200 s; P90 is at rank ceil(0.9 x 4) = ceil(3.6) = 4: 72 h = 259,200 s.
//! - RHI within 72 h of the return, of 4 returned: E2 (done 04 Mar 10:00, 44 h after)
//!   yes; E3 (done 16 Mar 07:00, 73 h after) no; E4 declined (07 Mar 15:00, after four
//!   attempts) no; E5 never done, no. 1 of 4 = 25.0 %. Declined: 1.
//! - Repeat children: C1 has E1 (20 Jan), E2 (2 Mar), E3 (10 Mar): 3 reports within 90
//!   days ending at E3's (10 Mar - 90 d = 10 Dec 2025). C2 has 2, C3 one in March
//!   (and E8 in April, 2 in all). So C1 alone, with 3.
//! - Breaches (sourced deadlines missed, counted episodes only): E3's RHI (due 16 Mar
//!   06:00, done 07:00); E5's need-to-know (due last seen + 24 h = 21 Mar 08:00, done
//!   10:00); E5's RHI (due 25 Mar 02:00, never done). So need_to_know 1,
//!   return_home_interview 2, in all 3. E1's and E6's deadlines are outside the period.
//! - Report to first strategy meeting: E3 10 Mar 10:00 to 12 Mar 09:00 = 47 h =
//!   169,200 s; E7 28 Mar 12:00 to 30 Mar 15:00 = 51 h = 183,600 s. Held 2; the
//!   nearest-rank median of two is rank ceil(0.5 x 2) = 1, the lower: 47 h.

use crate::support::reports::medway_record;
use crate::support::t;
use chrono::NaiveDate;
use dutyboard::calendar::Calendar;
use dutyboard::procedures::{evaluate_scoped, Policy, Scope};
use dutyboard::record::{state_at, Store};
use dutyboard::render::{json, markdown};
use dutyboard::views::stats::{build, nearest_rank, Stats, Tally};
use std::process::Command;

const AT: &str = "2026-04-10T12:00:00Z";

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn record() -> (tempfile::TempDir, std::path::PathBuf) {
    medway_record(t(AT))
}

fn stats_for(from: &str, to: &str) -> Stats {
    let (_dir, path) = record();
    let store = Store::open(&path).unwrap();
    let policy = Policy::shipped("medway").unwrap();
    let at = t(AT);
    let state = state_at(&store, Some(at)).unwrap();
    let evaluation = evaluate_scoped(&state, &policy, &Calendar::embedded(), at, Scope::All);
    let mut s = build(&state, &evaluation, date(from), date(to), at, false);
    s.policy = Some("medway".into());
    s
}

fn march() -> Stats {
    stats_for("2026-03-01", "2026-03-31")
}

fn tally(episodes: usize, children: usize) -> Tally {
    Tally { episodes, children }
}

#[test]
fn counts_by_category_status_and_risk() {
    let s = march();
    assert_eq!((s.episodes, s.children), (5, 3));
    assert_eq!(s.by_category.len(), 1);
    assert_eq!(s.by_category["missing"], tally(5, 3));
    assert_eq!(s.by_status["looked_after"], tally(3, 2));
    assert_eq!(s.by_status["child_in_need"], tally(2, 1));
    assert_eq!(s.by_status.len(), 2);
    assert_eq!(s.by_risk["high"], tally(2, 2));
    assert_eq!(s.by_risk["medium"], tally(3, 3));
    assert_eq!(s.by_risk.len(), 2);
}

#[test]
fn durations_use_the_nearest_rank_percentile() {
    let d = march().duration;
    assert_eq!((d.returned, d.still_missing), (4, 1));
    assert_eq!(d.median_s, Some(12 * 3_600));
    assert_eq!(d.p90_s, Some(72 * 3_600));
    // The definition itself, on the four durations in hours.
    assert_eq!(nearest_rank(&[72, 6, 42, 12], 50), Some(12));
    assert_eq!(nearest_rank(&[72, 6, 42, 12], 90), Some(72));
}

#[test]
fn return_home_interviews_repeats_breaches_and_strategy_meetings() {
    let s = march();
    assert_eq!(
        (s.rhi.returned, s.rhi.within_72h, s.rhi.declined),
        (4, 1, 1)
    );
    assert_eq!(s.rhi.within_72h_percent, Some(25.0));

    assert_eq!(s.repeat_children.len(), 1);
    assert_eq!(s.repeat_children[0].child, "C1");
    assert_eq!(s.repeat_children[0].name, "Amy Brown");
    assert_eq!(s.repeat_children[0].episodes_in_90_days, 3);

    assert_eq!(s.breaches, 3);
    let rules: Vec<(&str, usize)> = s
        .breaches_by_rule
        .iter()
        .map(|(r, n)| (r.as_str(), *n))
        .collect();
    assert_eq!(rules, [("need_to_know", 1), ("return_home_interview", 2)]);

    assert_eq!(s.strategy_meeting.held, 2);
    assert_eq!(s.strategy_meeting.median_s, Some(47 * 3_600));
}

/// Dates are Europe/London: E6, reported 31 Mar 23:30 UTC, was reported on 1 April.
#[test]
fn the_period_is_inclusive_local_dates() {
    let april_first = stats_for("2026-04-01", "2026-04-01");
    assert_eq!(april_first.episodes, 2); // E6 and E8
    assert_eq!(april_first.by_status["child_protection"], tally(1, 1));
    let one_day = stats_for("2026-03-10", "2026-03-10");
    assert_eq!(one_day.episodes, 1); // E3, both ends inclusive
    assert_eq!(one_day.duration.median_s, Some(72 * 3_600));
    assert_eq!(one_day.rhi.within_72h_percent, Some(0.0));
    let empty = stats_for("2026-02-01", "2026-02-28");
    assert_eq!(empty.episodes, 0);
    assert_eq!(empty.duration.median_s, None);
    assert_eq!(empty.rhi.within_72h_percent, None);
}

#[test]
fn markdown_states_every_figure() {
    let md = markdown::render_stats(&march());
    for line in [
        "Episodes reported from **2026-03-01** to **2026-03-31** inclusive (Europe/London dates), medway policy;",
        "Episodes: **5**. Distinct children: **3**.",
        "| looked\\_after | 3 | 2 |",
        "| child\\_in\\_need | 2 | 1 |",
        "| high | 2 | 2 |",
        "| medium | 3 | 3 |",
        "Returned: 4. Still missing: 1. Median: 12h 00m. 90th percentile: 3d 00h (nearest rank).",
        "Done within 72 hours of the return: 1 of 4 returned (25.0%). Declined: 1.",
        "## Children missing 3 or more times in 90 days (1)",
        "- Amy Brown (C1): 3 episodes",
        "## Breaches by rule (3)",
        "- need\\_to\\_know: 1",
        "- return\\_home\\_interview: 2",
        "Held: 2. Median time from report: 1d 23h (nearest rank).",
    ] {
        assert!(md.contains(line), "missing {line:?} in\n{md}");
    }
}

#[test]
fn json_carries_every_figure() {
    let v: serde_json::Value = serde_json::from_str(&json::render_stats(&march())).unwrap();
    assert_eq!(v["report"], "stats");
    assert_eq!(v["from"], "2026-03-01");
    assert_eq!(v["to"], "2026-03-31");
    assert_eq!(v["at"], AT);
    assert_eq!(v["episodes"], 5);
    assert_eq!(v["by_status"]["looked_after"]["children"], 2);
    assert_eq!(v["duration"]["median_s"], 43_200);
    assert_eq!(v["duration"]["p90_s"], 259_200);
    assert_eq!(v["rhi"]["within_72h_percent"], 25.0);
    assert_eq!(v["repeat_children"][0]["child"], "C1");
    assert_eq!(v["breaches_by_rule"]["return_home_interview"], 2);
    assert_eq!(v["strategy_meeting"]["median_s"], 169_200);
}

#[test]
fn the_command_prints_md_and_json() {
    let (_dir, path) = record();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_dutyboard"))
            .arg("--db")
            .arg(&path)
            .args(args)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let base = [
        "report",
        "stats",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--at",
        AT,
    ];
    let (code, out) = run(&[&base[..], &["--format", "json"]].concat());
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let expected: serde_json::Value = serde_json::from_str(&json::render_stats(&march())).unwrap();
    assert_eq!(v, expected);

    let (code, md) = run(&base);
    assert_eq!(code, Some(0));
    assert_eq!(md, markdown::render_stats(&march()));

    let (code, private) = run(&[&base[..], &["--privacy"]].concat());
    assert_eq!(code, Some(0));
    assert!(private.contains("- A.B. (C1): 3 episodes"));
    assert!(!private.contains("Amy Brown"));

    // A period that ends before it begins is bad usage.
    let (code, _) = run(&[
        "report",
        "stats",
        "--from",
        "2026-03-31",
        "--to",
        "2026-03-01",
    ]);
    assert_eq!(code, Some(2));
}

/// Issue 17: "`report stats` gets defaults ... like their panes (the last 12 weeks)".
/// At Friday 10 April 2026 the pane's 12 weeks run from Monday 19 January to that day.
#[test]
fn report_stats_without_dates_covers_the_twelve_weeks_the_pane_shows() {
    let (_dir, path) = record();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_dutyboard"))
            .arg("--db")
            .arg(&path)
            .args(["report", "stats", "--at", AT, "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let defaulted = run(&[]);
    assert_eq!(defaulted["from"], "2026-01-19");
    assert_eq!(defaulted["to"], "2026-04-10");
    assert_eq!(
        defaulted,
        run(&["--from", "2026-01-19", "--to", "2026-04-10"])
    );
    // --to alone moves the 12 weeks with it: the week of Sunday 15 March 2026 began on
    // Monday 9 March, and 11 weeks before that is Monday 22 December 2025.
    let march = run(&["--to", "2026-03-15"]);
    assert_eq!(march["from"], "2025-12-22");
    assert_eq!(march["to"], "2026-03-15");
}
