//! Issue 12 item 8: `report stats` and the engine agree at the 90-day window boundary.
//! PROCEDURES.md, Repeat windows: "N episodes within D days" holds at a report R when
//! at least N of the child's episodes were reported in the closed interval
//! [R − D × 24 h, R]: "one reported exactly 90 × 24 h before counts, one a second
//! earlier does not ... The same window is used everywhere: rules, board, reports and
//! statistics (`report stats` repeat children included)."

use crate::support::*;
use chrono::NaiveDate;
use dutyboard::views::stats;

/// A looked-after 17-year-old (cambridgeshire 000 3.4, "three missing episodes within
/// 90 days") with three episodes, the first at `first`, the third at 09:00Z 2 Mar 2026.
fn three_reports(first: &str) -> Record {
    Record::new(
        "cambridgeshire",
        &[
            child("C1", "2008-11-01", "looked_after"),
            with(reported("E1", "C1", first, first), "police_ref", "CB-1"),
            returned("E1", "2025-12-02T12:00:00Z"),
            with(
                reported("E2", "C1", "2026-01-15T09:00:00Z", "2026-01-15T08:00:00Z"),
                "police_ref",
                "CB-2",
            ),
            returned("E2", "2026-01-15T12:00:00Z"),
            with(
                reported("E3", "C1", "2026-03-02T09:00:00Z", "2026-03-02T08:00:00Z"),
                "police_ref",
                "CB-3",
            ),
        ],
    )
}

fn march_repeat_children(view: &View) -> Vec<(String, usize)> {
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    stats::build(
        &view.state,
        &view.eval,
        day("2026-03-01"),
        day("2026-03-31"),
        view.now,
        false,
    )
    .repeat_children
    .into_iter()
    .map(|r| (r.child, r.episodes_in_90_days))
    .collect()
}

#[test]
fn cambridgeshire_episode_exactly_ninety_days_before_counts_for_the_rule_and_the_stats() {
    // 2 Dec 2025 09:00Z is 29 + 31 + 28 + 2 = 90 days before 2 Mar 2026 09:00Z.
    let view = three_reports("2025-12-02T09:00:00Z").at("2026-03-02T10:00:00Z");
    assert_eq!(view.get("E3", "repeat_strategy_meeting").state, DueNow);
    assert_eq!(march_repeat_children(&view), [("C1".to_string(), 3)]);
}

#[test]
fn cambridgeshire_episode_one_second_short_of_ninety_days_counts_for_neither() {
    let view = three_reports("2025-12-02T08:59:59Z").at("2026-03-02T10:00:00Z");
    view.assert_absent("E3", "repeat_strategy_meeting");
    assert_eq!(march_repeat_children(&view), []);
}

#[test]
fn an_absence_neither_counts_towards_nor_ends_the_stats_window_as_in_the_rules() {
    // PROCEDURES: "Only episodes of a missing category count, unless the window names
    // categories"; every policy's `absent` produces only `welfare_check`.
    let mut absent = reported("E3", "C1", "2026-03-02T09:00:00Z", "2026-03-02T08:00:00Z");
    absent = with(absent, "category", "absent");
    let rec = Record::new(
        "cambridgeshire",
        &[
            child("C1", "2008-11-01", "looked_after"),
            with(
                reported("E1", "C1", "2026-01-10T09:00:00Z", "2026-01-10T08:00:00Z"),
                "police_ref",
                "CB-1",
            ),
            returned("E1", "2026-01-10T12:00:00Z"),
            with(
                reported("E2", "C1", "2026-02-10T09:00:00Z", "2026-02-10T08:00:00Z"),
                "police_ref",
                "CB-2",
            ),
            returned("E2", "2026-02-10T12:00:00Z"),
            absent,
        ],
    );
    let view = rec.at("2026-03-02T10:00:00Z");
    view.assert_absent("E3", "repeat_strategy_meeting");
    assert_eq!(march_repeat_children(&view), []);
}
