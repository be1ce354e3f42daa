//! Cumbria Safeguarding Children Partnership (seed 001): every rule of the `cumbria`
//! policy, as PROCEDURES.md states it. Expected instants are worked out by hand.
//!
//! The usual episode: a looked-after child (born 12 April 2011, so 14) last seen at
//! 08:00 GMT on Monday 12 January 2026 and reported at 09:00.

use crate::support::*;
use serde_json::{json, Value};

const LAST_SEEN: &str = "2026-01-12T08:00:00Z";
const REPORTED: &str = "2026-01-12T09:00:00Z";

fn looked_after() -> Value {
    child("C1", "2011-04-12", "looked_after")
}

/// C1 (looked after, 14) missing since 08:00, reported 09:00, plus `more`.
fn episode(more: &[Value]) -> Record {
    let mut events = vec![looked_after(), reported("E1", "C1", REPORTED, LAST_SEEN)];
    events.extend_from_slice(more);
    Record::new("cumbria", &events)
}

/// One child's episodes, each `(episode, reported_at, returned_at)`, last seen an
/// hour before the report.
fn episodes_of(child_event: Value, list: &[(&str, &str, &str)]) -> Vec<Value> {
    let child_ref = child_event["child"].as_str().unwrap().to_string();
    let mut events = vec![child_event];
    for (ep, reported_at, returned_at) in list {
        let last_seen = (t(reported_at) - chrono::Duration::hours(1)).to_rfc3339();
        events.push(reported(ep, &child_ref, reported_at, &last_seen));
        events.push(returned(ep, returned_at));
    }
    events
}

// ------------------------------------------------------------------ strategy_meeting

#[test]
fn cumbria_strategy_meeting_opens_at_report_and_is_due_24_hours_later() {
    let rec = episode(&[]);
    let v = rec.at(REPORTED);
    let i = v.get("E1", "strategy_meeting");
    assert_times(i, "2026-01-12T09:00:00Z", Some("2026-01-13T09:00:00Z"));
    assert_eq!(i.escalates_at, Some(t("2026-01-14T09:00:00Z")));
    rec.assert_states(
        "E1",
        "strategy_meeting",
        &[
            ("2026-01-12T09:00:00Z", Due),
            ("2026-01-13T09:00:00Z", Due),
            ("2026-01-13T09:00:01Z", Overdue),
        ],
    );
}

#[test]
fn cumbria_strategy_meeting_escalates_48_hours_after_report() {
    let rec = episode(&[]);
    let before = rec.at("2026-01-14T08:59:59Z");
    let i = before.get("E1", "strategy_meeting");
    assert_eq!(i.state, Overdue);
    assert!(!i.escalated, "not escalated before +48 h");
    let at = rec.at("2026-01-14T09:00:00Z");
    let i = at.get("E1", "strategy_meeting");
    assert_eq!(i.state, Overdue);
    assert!(i.escalated, "escalated at +48 h (\"must\" by 48 h)");
    assert!(i.breached);
}

#[test]
fn cumbria_strategy_meeting_completed_in_time_is_not_a_breach() {
    let rec = episode(&[completed("E1", "strategy_meeting", "2026-01-12T15:00:00Z")]);
    rec.assert_states(
        "E1",
        "strategy_meeting",
        &[
            ("2026-01-12T14:59:59Z", Due),
            ("2026-01-12T15:00:00Z", Completed),
            ("2026-01-15T00:00:00Z", Completed),
        ],
    );
    let v = rec.at("2026-01-15T00:00:00Z");
    let i = v.get("E1", "strategy_meeting");
    assert!(!i.breached);
    assert!(!i.escalated);
    assert_eq!(i.resolved_at, Some(t("2026-01-12T15:00:00Z")));
}

#[test]
fn cumbria_strategy_meeting_completed_after_the_deadline_is_still_a_breach() {
    let rec = episode(&[completed("E1", "strategy_meeting", "2026-01-13T12:00:00Z")]);
    let v = rec.at("2026-01-14T00:00:00Z");
    let i = v.get("E1", "strategy_meeting");
    assert_eq!(i.state, Completed);
    assert!(
        i.breached,
        "held 27 h after the report: the 24 h deadline was missed"
    );
    assert!(!v.listed("E1", "strategy_meeting"));
}

#[test]
fn cumbria_strategy_meeting_is_not_waivable_so_a_decision_is_completed_with_a_note() {
    let reason = "found by police within the hour; manager decided no meeting";
    let rec = episode(&[completed_noted(
        "E1",
        "strategy_meeting",
        "2026-01-12T10:00:00Z",
        reason,
    )]);
    let v = rec.at("2026-01-13T10:00:00Z");
    let i = v.get("E1", "strategy_meeting");
    assert_eq!(i.state, Completed);
    assert!(!i.breached);
    assert!(!v.listed("E1", "strategy_meeting"));
}

#[test]
fn cumbria_strategy_meeting_closes_on_return_without_a_breach() {
    let rec = episode(&[returned("E1", "2026-01-12T20:00:00Z")]);
    rec.assert_states(
        "E1",
        "strategy_meeting",
        &[
            ("2026-01-12T19:59:59Z", Due),
            ("2026-01-12T20:00:00Z", Closed),
            ("2026-01-14T12:00:00Z", Closed),
        ],
    );
    let v = rec.at("2026-01-14T12:00:00Z");
    let i = v.get("E1", "strategy_meeting");
    assert!(!i.breached);
    assert!(!i.escalated);
    assert_eq!(i.closed_at, Some(t("2026-01-12T20:00:00Z")));
}

#[test]
fn cumbria_strategy_meeting_closes_on_a_return_after_its_deadline_keeping_the_breach() {
    // Back at 30 h: the 24 h deadline had passed while the child was still missing.
    // The return closes the action (no longer listed, off the ticker); the breach that
    // already happened stays on record (PROCEDURES.md: overdue is a breach; the
    // return itself causes none).
    let rec = episode(&[returned("E1", "2026-01-13T15:00:00Z")]);
    rec.assert_states(
        "E1",
        "strategy_meeting",
        &[
            ("2026-01-13T14:00:00Z", Overdue),
            ("2026-01-13T15:00:00Z", Closed),
        ],
    );
    let v = rec.at("2026-01-13T16:00:00Z");
    assert!(v.get("E1", "strategy_meeting").breached);
    assert!(!v.get("E1", "strategy_meeting").escalated);
    let board = dutyboard::views::board::build(&v.state, &v.eval, v.now, false);
    assert!(board.ticker.iter().all(|i| i.rule != "strategy_meeting"));
}

// ------------------------------------------------------------------ notify_iro

#[test]
fn cumbria_notify_iro_is_required_at_once_for_a_looked_after_child() {
    let rec = episode(&[completed("E1", "notify_iro", "2026-01-12T11:00:00Z")]);
    let v = rec.at(REPORTED);
    assert_times(v.get("E1", "notify_iro"), "2026-01-12T09:00:00Z", None);
    rec.assert_states(
        "E1",
        "notify_iro",
        &[
            ("2026-01-12T09:00:00Z", DueNow),
            ("2026-01-12T10:59:59Z", DueNow),
            ("2026-01-12T11:00:00Z", Completed),
        ],
    );
}

#[test]
fn cumbria_notify_iro_is_not_required_for_a_child_in_need() {
    let rec = Record::new(
        "cumbria",
        &[
            child("C2", "2011-04-12", "child_in_need"),
            reported("E2", "C2", REPORTED, LAST_SEEN),
        ],
    );
    rec.at("2026-01-12T10:00:00Z")
        .assert_absent("E2", "notify_iro");
}

#[test]
fn cumbria_notify_iro_is_still_required_after_the_return_until_done() {
    // PROCEDURES.md: applies when `looked_after` (not "missing"): the return does not close it.
    let rec = episode(&[returned("E1", "2026-01-12T20:00:00Z")]);
    rec.assert_states("E1", "notify_iro", &[("2026-01-12T21:00:00Z", DueNow)]);
}

#[test]
fn cumbria_notify_iro_done_another_way_is_completed_with_a_note() {
    let rec = episode(&[completed_noted(
        "E1",
        "notify_iro",
        "2026-01-12T09:30:00Z",
        "the IRO was in the strategy discussion",
    )]);
    rec.assert_states("E1", "notify_iro", &[("2026-01-12T09:30:00Z", Completed)]);
}

// ------------------------------------------------------------------ need_to_know

#[test]
fn cumbria_need_to_know_opens_48_hours_after_last_seen() {
    let rec = episode(&[completed("E1", "need_to_know", "2026-01-14T10:00:00Z")]);
    let v = rec.at("2026-01-14T08:00:00Z");
    assert_times(v.get("E1", "need_to_know"), "2026-01-14T08:00:00Z", None);
    rec.assert_states(
        "E1",
        "need_to_know",
        &[
            ("2026-01-12T09:00:00Z", Upcoming),
            ("2026-01-14T07:59:59Z", Upcoming),
            ("2026-01-14T08:00:00Z", DueNow),
            ("2026-01-14T09:59:59Z", DueNow),
            ("2026-01-14T10:00:00Z", Completed),
        ],
    );
}

#[test]
fn cumbria_need_to_know_is_never_required_when_the_child_returns_within_48_hours() {
    let rec = episode(&[returned("E1", "2026-01-13T12:00:00Z")]);
    rec.at("2026-01-15T00:00:00Z")
        .assert_not_required("E1", "need_to_know");
}

#[test]
fn cumbria_need_to_know_closes_on_return() {
    let rec = episode(&[returned("E1", "2026-01-14T10:00:00Z")]);
    rec.assert_states(
        "E1",
        "need_to_know",
        &[
            ("2026-01-14T09:00:00Z", DueNow),
            ("2026-01-14T10:00:00Z", Closed),
        ],
    );
    assert!(
        !rec.at("2026-01-14T11:00:00Z")
            .get("E1", "need_to_know")
            .breached
    );
}

#[test]
fn cumbria_need_to_know_done_another_way_is_completed_with_a_note() {
    let rec = episode(&[completed_noted(
        "E1",
        "need_to_know",
        "2026-01-14T09:00:00Z",
        "AD already briefed in person",
    )]);
    rec.assert_states("E1", "need_to_know", &[("2026-01-14T09:00:00Z", Completed)]);
}

// ------------------------------------------------------------------ lead_member_notified

#[test]
fn cumbria_lead_member_notified_opens_at_48_hours_and_is_due_seven_days_after_last_seen() {
    let rec = episode(&[]);
    let v = rec.at("2026-01-14T08:00:00Z");
    assert_times(
        v.get("E1", "lead_member_notified"),
        "2026-01-14T08:00:00Z",
        Some("2026-01-19T08:00:00Z"),
    );
    rec.assert_states(
        "E1",
        "lead_member_notified",
        &[
            ("2026-01-14T07:59:59Z", Upcoming),
            ("2026-01-14T08:00:00Z", Due),
            ("2026-01-19T08:00:00Z", Due),
            ("2026-01-19T08:00:01Z", Overdue),
        ],
    );
}

#[test]
fn cumbria_lead_member_notified_completed_in_time() {
    let rec = episode(&[completed(
        "E1",
        "lead_member_notified",
        "2026-01-16T10:00:00Z",
    )]);
    rec.assert_states(
        "E1",
        "lead_member_notified",
        &[("2026-01-20T00:00:00Z", Completed)],
    );
    assert!(
        !rec.at("2026-01-20T00:00:00Z")
            .get("E1", "lead_member_notified")
            .breached
    );
}

#[test]
fn cumbria_lead_member_notified_done_another_way_is_completed_with_a_note() {
    let rec = episode(&[completed_noted(
        "E1",
        "lead_member_notified",
        "2026-01-15T10:00:00Z",
        "Lead Member told at the board meeting",
    )]);
    rec.assert_states(
        "E1",
        "lead_member_notified",
        &[("2026-01-20T00:00:00Z", Completed)],
    );
}

#[test]
fn cumbria_lead_member_notified_closes_on_return_without_a_breach() {
    let rec = episode(&[returned("E1", "2026-01-16T10:00:00Z")]);
    rec.assert_states(
        "E1",
        "lead_member_notified",
        &[
            ("2026-01-16T09:00:00Z", Due),
            ("2026-01-16T10:00:00Z", Closed),
            ("2026-01-20T00:00:00Z", Closed),
        ],
    );
    assert!(
        !rec.at("2026-01-20T00:00:00Z")
            .get("E1", "lead_member_notified")
            .breached
    );
}

// ------------------------------------------------------------------ on return

#[test]
fn cumbria_safe_and_well_check_is_required_at_once_on_return() {
    let rec = episode(&[
        returned("E1", "2026-01-13T12:00:00Z"),
        completed("E1", "safe_and_well_check", "2026-01-13T14:00:00Z"),
    ]);
    rec.at("2026-01-13T11:59:59Z")
        .assert_absent("E1", "safe_and_well_check");
    assert_times(
        rec.at("2026-01-13T12:00:00Z")
            .get("E1", "safe_and_well_check"),
        "2026-01-13T12:00:00Z",
        None,
    );
    rec.assert_states(
        "E1",
        "safe_and_well_check",
        &[
            ("2026-01-13T12:00:00Z", DueNow),
            ("2026-01-13T14:00:00Z", Completed),
        ],
    );
}

#[test]
fn cumbria_return_home_interview_is_due_72_hours_after_return() {
    let rec = episode(&[returned("E1", "2026-01-13T12:00:00Z")]);
    rec.at("2026-01-13T11:00:00Z")
        .assert_absent("E1", "return_home_interview");
    assert_times(
        rec.at("2026-01-13T12:00:00Z")
            .get("E1", "return_home_interview"),
        "2026-01-13T12:00:00Z",
        Some("2026-01-16T12:00:00Z"),
    );
    rec.assert_states(
        "E1",
        "return_home_interview",
        &[
            ("2026-01-13T12:00:00Z", Due),
            ("2026-01-16T12:00:00Z", Due),
            ("2026-01-16T12:00:01Z", Overdue),
        ],
    );
}

#[test]
fn cumbria_return_home_interview_completed_within_72_hours() {
    let rec = episode(&[
        returned("E1", "2026-01-13T12:00:00Z"),
        completed("E1", "return_home_interview", "2026-01-15T16:00:00Z"),
    ]);
    rec.assert_states(
        "E1",
        "return_home_interview",
        &[("2026-01-17T00:00:00Z", Completed)],
    );
    assert!(
        !rec.at("2026-01-17T00:00:00Z")
            .get("E1", "return_home_interview")
            .breached
    );
}

#[test]
fn cumbria_return_home_interview_is_satisfied_by_a_declined_rhi() {
    // Cumbria sets no minimum number of attempts before a decline (that is Medway's rule).
    let rec = episode(&[
        returned("E1", "2026-01-13T12:00:00Z"),
        rhi_declined("E1", "2026-01-14T10:00:00Z"),
    ]);
    rec.assert_states(
        "E1",
        "return_home_interview",
        &[
            ("2026-01-14T09:59:59Z", Due),
            ("2026-01-14T10:00:00Z", Completed),
            ("2026-01-20T00:00:00Z", Completed),
        ],
    );
}

// ------------------------------------------------------------------ stage_one_meeting

/// E1 12 Jan, E2 10 Feb, E3 Wednesday 4 March 2026 10:00 GMT: three within 90 days.
fn three_episodes(third_reported: &str, third_returned: &str) -> Vec<Value> {
    episodes_of(
        looked_after(),
        &[
            ("E1", "2026-01-12T09:00:00Z", "2026-01-12T18:00:00Z"),
            ("E2", "2026-02-10T09:00:00Z", "2026-02-10T18:00:00Z"),
            ("E3", third_reported, third_returned),
        ],
    )
}

#[test]
fn cumbria_stage_one_is_due_ten_working_days_after_third_episode() {
    // Wed 4 Mar: Thu 5, Fri 6, Mon 9 .. Fri 13, Mon 16, Tue 17, Wed 18 = 10th working day.
    let rec = Record::new(
        "cumbria",
        &three_episodes("2026-03-04T10:00:00Z", "2026-03-04T20:00:00Z"),
    );
    let v = rec.at("2026-03-04T10:00:00Z");
    assert_times(
        v.get("E3", "stage_one_meeting"),
        "2026-03-04T10:00:00Z",
        Some("2026-03-18T23:59:59Z"),
    );
    v.assert_absent("E1", "stage_one_meeting");
    v.assert_absent("E2", "stage_one_meeting");
    rec.assert_states(
        "E3",
        "stage_one_meeting",
        &[
            ("2026-03-04T10:00:00Z", Due),
            // not a "while missing" rule: the return does not close it
            ("2026-03-05T00:00:00Z", Due),
            ("2026-03-18T23:59:59Z", Due),
            ("2026-03-19T00:00:00Z", Overdue),
        ],
    );
}

#[test]
fn cumbria_stage_one_is_not_required_after_two_episodes() {
    let rec = Record::new(
        "cumbria",
        &three_episodes("2026-03-04T10:00:00Z", "2026-03-04T20:00:00Z"),
    );
    let v = rec.at("2026-03-01T00:00:00Z");
    v.assert_absent("E1", "stage_one_meeting");
    v.assert_absent("E2", "stage_one_meeting");
}

#[test]
fn cumbria_stage_one_counts_an_episode_reported_exactly_90_days_before() {
    // E1 at 09:00 GMT 12 Jan; 90 x 24 h later is 09:00 UTC (10:00 BST) on Sunday 12 April.
    // 10 working days after Sun 12 Apr: Mon 13 .. Fri 17, Mon 20 .. Fri 24.
    let rec = Record::new(
        "cumbria",
        &three_episodes("2026-04-12T09:00:00Z", "2026-04-12T20:00:00Z"),
    );
    assert_times(
        rec.at("2026-04-12T10:00:00Z")
            .get("E3", "stage_one_meeting"),
        "2026-04-12T09:00:00Z",
        Some("2026-04-24T23:59:59+01:00"),
    );
}

#[test]
fn cumbria_stage_one_does_not_count_an_episode_reported_more_than_90_days_before() {
    let rec = Record::new(
        "cumbria",
        &three_episodes("2026-04-12T09:00:01Z", "2026-04-12T20:00:00Z"),
    );
    rec.at("2026-04-13T00:00:00Z")
        .assert_absent("E3", "stage_one_meeting");
}

#[test]
fn cumbria_stage_one_completed() {
    let mut events = three_episodes("2026-03-04T10:00:00Z", "2026-03-04T20:00:00Z");
    events.push(completed("E3", "stage_one_meeting", "2026-03-12T14:00:00Z"));
    let rec = Record::new("cumbria", &events);
    rec.assert_states(
        "E3",
        "stage_one_meeting",
        &[
            ("2026-03-12T13:59:59Z", Due),
            ("2026-03-12T14:00:00Z", Completed),
            ("2026-03-20T00:00:00Z", Completed),
        ],
    );
}

#[test]
fn cumbria_stage_one_must_be_held_and_cannot_be_waived_even_with_a_rationale() {
    // 001 Stage One: "a Stage One missing meeting must be held"; PROCEDURES.md Reading:
    // the rationale belongs to consider_stage_one; after 3 in 90 days it is not waivable.
    let mut events = three_episodes("2026-03-04T10:00:00Z", "2026-03-04T20:00:00Z");
    let rationale = "team manager: placement move already agreed, risks reviewed at LAC review";
    events.push(waived(
        "E3",
        "stage_one_meeting",
        "2026-03-06T10:00:00Z",
        rationale,
    ));
    let r = show(&refused("cumbria", &events));
    assert!(r.contains("`stage_one_meeting` cannot be waived"), "{r}");

    // A waiver without a reason is refused for its reason first.
    let mut events = three_episodes("2026-03-04T10:00:00Z", "2026-03-04T20:00:00Z");
    events.push(
        json!({"type": "action_waived", "at": "2026-03-06T10:00:00Z",
                       "episode": "E3", "rule": "stage_one_meeting"}),
    );
    let line = events.len();
    let r = refused("cumbria", &events);
    assert_refusal(&r, line, Some("reason"), "reason");
}

#[test]
fn cumbria_stage_one_moves_to_the_latest_episode_when_another_comes_before_the_meeting() {
    // PROCEDURES.md: opens at the `reported_at` of the latest; due 10 working days after it.
    // E4 Monday 9 March 10:00: Tue 10 .. Fri 13, Mon 16 .. Fri 20, Mon 23 = 10th.
    let mut events = three_episodes("2026-03-04T10:00:00Z", "2026-03-04T20:00:00Z");
    events.push(reported(
        "E4",
        "C1",
        "2026-03-09T10:00:00Z",
        "2026-03-09T09:00:00Z",
    ));
    let rec = Record::new("cumbria", &events);
    let v = rec.at("2026-03-09T10:00:00Z");
    assert_times(
        v.get("E4", "stage_one_meeting"),
        "2026-03-09T10:00:00Z",
        Some("2026-03-23T23:59:59Z"),
    );
    assert_eq!(v.get("E4", "stage_one_meeting").state, Due);
    v.assert_not_required("E3", "stage_one_meeting");
    let listed: Vec<_> = v
        .eval
        .open(None, v.now)
        .into_iter()
        .filter(|i| i.rule == "stage_one_meeting")
        .collect();
    assert_eq!(listed.len(), 1, "one stage one meeting per child");
}

#[test]
fn cumbria_absent_episodes_do_not_count_towards_three_in_90_days() {
    let rec = Record::new(
        "cumbria",
        &[
            looked_after(),
            reported("E1", "C1", "2026-01-12T09:00:00Z", "2026-01-12T08:00:00Z"),
            returned("E1", "2026-01-12T18:00:00Z"),
            with(
                reported("E2", "C1", "2026-02-10T09:00:00Z", "2026-02-10T08:00:00Z"),
                "category",
                "absent",
            ),
            returned("E2", "2026-02-10T18:00:00Z"),
            reported("E3", "C1", "2026-03-04T10:00:00Z", "2026-03-04T09:00:00Z"),
        ],
    );
    let v = rec.at("2026-03-04T11:00:00Z");
    v.assert_absent("E2", "stage_one_meeting");
    v.assert_absent("E3", "stage_one_meeting");
}

// ------------------------------------------------------------------ stage_two_meeting

fn five_episodes(fifth_reported: &str) -> Vec<Value> {
    episodes_of(
        looked_after(),
        &[
            ("E1", "2026-01-12T09:00:00Z", "2026-01-12T18:00:00Z"),
            ("E2", "2026-01-20T09:00:00Z", "2026-01-20T18:00:00Z"),
            ("E3", "2026-02-02T09:00:00Z", "2026-02-02T18:00:00Z"),
            ("E4", "2026-02-16T09:00:00Z", "2026-02-16T18:00:00Z"),
            ("E5", fifth_reported, "2026-04-20T18:00:00Z"),
        ],
    )
}

#[test]
fn cumbria_stage_two_is_required_at_once_on_the_fifth_episode_in_90_days() {
    let rec = Record::new("cumbria", &five_episodes("2026-03-02T10:00:00Z"));
    let v = rec.at("2026-03-02T10:00:00Z");
    assert_times(
        v.get("E5", "stage_two_meeting"),
        "2026-03-02T10:00:00Z",
        None,
    );
    assert_eq!(v.get("E5", "stage_two_meeting").state, DueNow);
    for ep in ["E1", "E2", "E3", "E4"] {
        v.assert_absent(ep, "stage_two_meeting");
    }
}

#[test]
fn cumbria_stage_two_counts_the_first_episode_exactly_90_days_before() {
    let rec = Record::new("cumbria", &five_episodes("2026-04-12T09:00:00Z"));
    assert_eq!(
        rec.at("2026-04-12T09:00:00Z")
            .get("E5", "stage_two_meeting")
            .state,
        DueNow
    );
    let rec = Record::new("cumbria", &five_episodes("2026-04-12T09:00:01Z"));
    rec.at("2026-04-12T10:00:00Z")
        .assert_absent("E5", "stage_two_meeting");
}

#[test]
fn cumbria_stage_two_completed() {
    let mut events = five_episodes("2026-03-02T10:00:00Z");
    events.push(completed("E5", "stage_two_meeting", "2026-03-05T10:00:00Z"));
    let rec = Record::new("cumbria", &events);
    rec.assert_states(
        "E5",
        "stage_two_meeting",
        &[
            ("2026-03-05T09:59:59Z", DueNow),
            ("2026-03-05T10:00:00Z", Completed),
        ],
    );
}

// ------------------------------------------------------------------ consider_stage_one

#[test]
fn cumbria_consider_stage_one_at_once_for_a_child_under_12() {
    // Born 1 May 2015: 10 on 12 January 2026.
    let rec = Record::new(
        "cumbria",
        &[
            child("C5", "2015-05-01", "child_in_need"),
            reported("E5", "C5", REPORTED, LAST_SEEN),
        ],
    );
    let v = rec.at(REPORTED);
    assert_times(v.get("E5", "consider_stage_one"), REPORTED, None);
    assert_eq!(v.get("E5", "consider_stage_one").state, DueNow);
}

#[test]
fn cumbria_consider_stage_one_at_once_for_a_child_flagged_ce_risk_learning_disability_or_mental_health(
) {
    for flag in ["ce_risk", "learning_disability", "mental_health"] {
        let rec = Record::new(
            "cumbria",
            &[
                child_flagged("C6", "2011-04-12", "child_in_need", &[flag]),
                with(reported("E6", "C6", REPORTED, LAST_SEEN), "risk", "high"),
            ],
        );
        let v = rec.at(REPORTED);
        let i = v.get("E6", "consider_stage_one");
        assert_times(i, REPORTED, None);
        assert_eq!(i.state, DueNow, "flag {flag}");
    }
}

#[test]
fn cumbria_consider_stage_one_when_missing_over_24_hours() {
    let rec = episode(&[]);
    let v = rec.at(REPORTED);
    assert_times(
        v.get("E1", "consider_stage_one"),
        "2026-01-13T08:00:00Z",
        None,
    );
    rec.assert_states(
        "E1",
        "consider_stage_one",
        &[
            ("2026-01-13T07:59:59Z", Upcoming),
            ("2026-01-13T08:00:00Z", DueNow),
        ],
    );
}

#[test]
fn cumbria_consider_stage_one_is_not_required_when_back_within_24_hours() {
    let rec = episode(&[returned("E1", "2026-01-13T07:00:00Z")]);
    rec.at("2026-01-14T00:00:00Z")
        .assert_not_required("E1", "consider_stage_one");
    // Back at exactly 24 h is not "missing over 24 h".
    let rec = episode(&[returned("E1", "2026-01-13T08:00:00Z")]);
    rec.at("2026-01-14T00:00:00Z")
        .assert_not_required("E1", "consider_stage_one");
}

#[test]
fn cumbria_consider_stage_one_stays_required_after_the_return_once_missing_over_24_hours() {
    let rec = episode(&[returned("E1", "2026-01-13T10:00:00Z")]);
    rec.assert_states(
        "E1",
        "consider_stage_one",
        &[("2026-01-13T11:00:00Z", DueNow)],
    );
}

#[test]
fn cumbria_consider_stage_one_when_injured_or_victim_of_crime_on_return() {
    for fact in ["injured", "victim_of_crime"] {
        let rec = episode(&[with(returned("E1", "2026-01-12T20:00:00Z"), fact, true)]);
        let v = rec.at("2026-01-12T20:00:00Z");
        let i = v.get("E1", "consider_stage_one");
        assert_times(i, "2026-01-12T20:00:00Z", None);
        assert_eq!(i.state, DueNow, "{fact}");
    }
    // Neither: a 14-year-old back after 11 hours needs no consideration.
    let rec = episode(&[with(
        returned("E1", "2026-01-12T20:00:00Z"),
        "injured",
        false,
    )]);
    rec.at("2026-01-12T21:00:00Z")
        .assert_not_required("E1", "consider_stage_one");
}

#[test]
fn cumbria_consider_stage_one_opens_when_the_first_condition_holds() {
    // Under 12 (at the report) and later missing over 24 h: the report is the first.
    let rec = Record::new(
        "cumbria",
        &[
            child("C5", "2015-05-01", "looked_after"),
            reported("E5", "C5", REPORTED, LAST_SEEN),
        ],
    );
    assert_times(
        rec.at("2026-01-14T00:00:00Z")
            .get("E5", "consider_stage_one"),
        REPORTED,
        None,
    );
}

#[test]
fn cumbria_consider_stage_one_is_a_decision_completed_or_waived_with_rationale() {
    let rec = episode(&[completed(
        "E1",
        "consider_stage_one",
        "2026-01-13T09:00:00Z",
    )]);
    rec.assert_states(
        "E1",
        "consider_stage_one",
        &[("2026-01-13T09:00:00Z", Completed)],
    );
    let rationale = "team manager: no stage one, child returned and risks addressed";
    let rec = episode(&[waived(
        "E1",
        "consider_stage_one",
        "2026-01-13T09:00:00Z",
        rationale,
    )]);
    let v = rec.at("2026-01-13T10:00:00Z");
    assert_eq!(v.get("E1", "consider_stage_one").state, Waived);
    assert_eq!(
        v.get("E1", "consider_stage_one").waiver_reason.as_deref(),
        Some(rationale)
    );
}

// ------------------------------------------------------------------ grading

#[test]
fn cumbria_ce_risk_child_not_graded_high_shows_a_violation_until_regraded() {
    let rec = Record::new(
        "cumbria",
        &[
            child_flagged("C7", "2011-04-12", "looked_after", &["ce_risk"]),
            reported("E7", "C7", REPORTED, LAST_SEEN), // medium: accepted
            risk_changed("E7", "2026-01-12T11:00:00Z", "high"),
        ],
    );
    let v = rec.at("2026-01-12T10:00:00Z");
    assert_eq!(v.violations("E7").len(), 1, "{:?}", v.violations("E7"));
    let board = dutyboard::views::board::build(&v.state, &v.eval, v.now, false);
    let row = board.rows.iter().find(|r| r.episode == "E7").unwrap();
    assert_eq!(row.violations.len(), 1, "the board shows the violation");

    let v = rec.at("2026-01-12T11:00:00Z");
    assert!(v.violations("E7").is_empty(), "{:?}", v.violations("E7"));
    let board = dutyboard::views::board::build(&v.state, &v.eval, v.now, false);
    let row = board.rows.iter().find(|r| r.episode == "E7").unwrap();
    assert!(row.violations.is_empty());
}

#[test]
fn cumbria_ce_risk_child_graded_high_shows_no_violation() {
    let rec = Record::new(
        "cumbria",
        &[
            child_flagged("C7", "2011-04-12", "looked_after", &["ce_risk"]),
            with(reported("E7", "C7", REPORTED, LAST_SEEN), "risk", "high"),
        ],
    );
    assert!(rec.at("2026-01-12T10:00:00Z").violations("E7").is_empty());
}

#[test]
fn cumbria_a_medium_grading_without_ce_risk_is_no_violation() {
    let rec = episode(&[]);
    assert!(rec.at("2026-01-12T10:00:00Z").violations("E1").is_empty());
}

// ------------------------------------------------------------------ absent

#[test]
fn cumbria_absent_episode_has_only_a_welfare_check() {
    let rec = Record::new(
        "cumbria",
        &[
            looked_after(),
            with(
                reported("E1", "C1", REPORTED, LAST_SEEN),
                "category",
                "absent",
            ),
        ],
    );
    for now in [
        "2026-01-12T09:00:00Z",
        "2026-01-14T09:00:00Z",
        "2026-01-20T09:00:00Z",
    ] {
        let v = rec.at(now);
        assert_eq!(v.rules("E1"), vec!["welfare_check"], "at {now}");
        assert_eq!(v.listed_rules("E1"), vec!["welfare_check"], "at {now}");
    }
    assert_times(rec.at(REPORTED).get("E1", "welfare_check"), REPORTED, None);
}

#[test]
fn cumbria_absent_episode_welfare_check_closes_on_return_and_no_return_actions_follow() {
    let rec = Record::new(
        "cumbria",
        &[
            looked_after(),
            with(
                reported("E1", "C1", REPORTED, LAST_SEEN),
                "category",
                "absent",
            ),
            returned("E1", "2026-01-12T18:00:00Z"),
        ],
    );
    let v = rec.at("2026-01-12T19:00:00Z");
    assert_eq!(v.get("E1", "welfare_check").state, Closed);
    assert!(v.listed_rules("E1").is_empty(), "{}", v.dump());
}

#[test]
fn cumbria_consider_stage_one_opens_when_a_ce_risk_flag_is_first_recorded() {
    // PROCEDURES.md: consider_stage_one opens "when the condition first holds". A child
    // flagged ce_risk at 15:00, six hours into the episode, first meets the condition
    // at 15:00 (not at the 09:00 report, when nobody knew of the risk).
    let rec = episode(&[child_updated(
        "C1",
        "2026-01-12T15:00:00Z",
        "flags",
        json!(["ce_risk"]),
    )]);
    // Before the flag, only the "missing over 24 h" trigger is ahead.
    assert_times(
        rec.at("2026-01-12T12:00:00Z")
            .get("E1", "consider_stage_one"),
        "2026-01-13T08:00:00Z",
        None,
    );
    let v = rec.at("2026-01-12T16:00:00Z");
    assert_eq!(v.violations("E1").len(), 1, "ce_risk and graded medium");
    let i = v.get("E1", "consider_stage_one");
    assert_eq!(i.state, DueNow);
    assert_times(i, "2026-01-12T15:00:00Z", None);
}

// ------------------------------------------------------------------ the due list and ticker

/// C1 (E1, reported 09:00) and C2 (E2, reported 06:00, last seen 05:00) on 12 Jan.
fn two_children() -> Record {
    Record::new(
        "cumbria",
        &[
            looked_after(),
            child("C2", "2011-04-12", "child_in_need"),
            reported("E1", "C1", REPORTED, LAST_SEEN),
            reported("E2", "C2", "2026-01-12T06:00:00Z", "2026-01-12T05:00:00Z"),
        ],
    )
}

#[test]
fn cumbria_due_lists_the_longest_overdue_first_then_due_now_then_due() {
    // At 10:00 on 13 Jan: E2's strategy meeting (due 06:00) and E1's (due 09:00) are
    // overdue; E1's notify_iro and both consider_stage_one instances are due now.
    let v = two_children().at("2026-01-13T10:00:00Z");
    let open = v.eval.open(None, v.now);
    let order: Vec<(String, String, &str)> = open
        .iter()
        .map(|i| (i.episode.clone(), i.rule.clone(), i.state.as_str()))
        .collect();
    assert_eq!(
        order[0],
        ("E2".into(), "strategy_meeting".into(), "overdue"),
        "{order:?}"
    );
    assert_eq!(
        order[1],
        ("E1".into(), "strategy_meeting".into(), "overdue"),
        "{order:?}"
    );
    let rank = |s: &str| match s {
        "overdue" => 0,
        "due_now" => 1,
        "due" => 2,
        _ => 3,
    };
    assert!(
        order.windows(2).all(|w| rank(w[0].2) <= rank(w[1].2)),
        "{order:?}"
    );
    assert!(order.iter().all(|o| o.2 != "upcoming"));
}

#[test]
fn cumbria_a_breached_deadline_is_on_the_ticker_with_its_exact_lateness() {
    let v = two_children().at("2026-01-13T10:00:00Z");
    let board = dutyboard::views::board::build(&v.state, &v.eval, v.now, false);
    let items: Vec<(String, String, i64)> = board
        .ticker
        .iter()
        .map(|i| (i.episode.clone(), i.rule.clone(), i.overdue_s))
        .collect();
    assert_eq!(
        items,
        vec![
            ("E2".to_string(), "strategy_meeting".to_string(), 4 * 3600),
            ("E1".to_string(), "strategy_meeting".to_string(), 3600),
        ]
    );
    assert_eq!(board.counts.breached, 2);
}

#[test]
fn cumbria_a_completion_records_who_and_when() {
    let rec = episode(&[
        with(
            completed("E1", "strategy_meeting", "2026-01-12T15:00:00Z"),
            "by",
            "J. Okafor",
        ),
        completed("E1", "notify_iro", "2026-01-12T09:30:00Z"),
    ]);
    let v = rec.at("2026-01-12T16:00:00Z");
    let sm = v.get("E1", "strategy_meeting");
    assert_eq!(sm.resolved_by.as_deref(), Some("J. Okafor"));
    assert_eq!(sm.resolved_at, Some(t("2026-01-12T15:00:00Z")));
    let iro = v.get("E1", "notify_iro");
    assert_eq!(iro.resolved_by.as_deref(), Some("test-operator"));
}

#[test]
fn cumbria_stage_two_stays_open_from_the_fifth_episode_when_a_sixth_follows() {
    // PROCEDURES.md: stage_two_meeting opens at the `reported_at` of the 5th episode
    // (stage one, by contrast, at "the latest"). A sixth episode before the meeting is
    // held does not make the meeting any less overdue: it is still required since the
    // 5th report (2 March, 10:00).
    let mut events = episodes_of(
        looked_after(),
        &[
            ("E1", "2026-01-12T09:00:00Z", "2026-01-12T18:00:00Z"),
            ("E2", "2026-01-20T09:00:00Z", "2026-01-20T18:00:00Z"),
            ("E3", "2026-02-02T09:00:00Z", "2026-02-02T18:00:00Z"),
            ("E4", "2026-02-16T09:00:00Z", "2026-02-16T18:00:00Z"),
            ("E5", "2026-03-02T10:00:00Z", "2026-03-02T18:00:00Z"),
        ],
    );
    events.push(reported(
        "E6",
        "C1",
        "2026-03-09T10:00:00Z",
        "2026-03-09T09:00:00Z",
    ));
    let rec = Record::new("cumbria", &events);
    // Six episodes in 90 days: the stage two meeting has not been held.
    let v = rec.at("2026-03-09T11:00:00Z");
    let open: Vec<_> = v
        .eval
        .open(None, v.now)
        .into_iter()
        .filter(|i| i.rule == "stage_two_meeting")
        .collect();
    assert!(
        open.iter()
            .any(|i| i.opens_at == t("2026-03-02T10:00:00Z") && i.state == DueNow),
        "expected the stage two meeting still due since the 5th report:\n{}",
        v.dump()
    );
}

// ------------------------------------------------------------------ a stage one meeting stands for the strategy meeting

/// Issue 12 item 10; 001 Actions when the whereabouts is not known: "there must be a
/// strategy meeting or stage one missing meeting if the child is not located within 24
/// hours". E3 reported 10:00 GMT Wednesday 4 March 2026 (third in 90 days), still missing.
fn third_episode_still_missing(more: &[Value]) -> Record {
    let mut events = episodes_of(
        looked_after(),
        &[
            ("E1", "2026-01-12T09:00:00Z", "2026-01-12T18:00:00Z"),
            ("E2", "2026-02-10T09:00:00Z", "2026-02-10T18:00:00Z"),
        ],
    );
    events.push(reported(
        "E3",
        "C1",
        "2026-03-04T10:00:00Z",
        "2026-03-04T09:00:00Z",
    ));
    events.extend_from_slice(more);
    Record::new("cumbria", &events)
}

#[test]
fn cumbria_a_stage_one_meeting_held_within_24_hours_of_the_report_is_the_strategy_meeting() {
    // Stage one held 08:00 GMT 5 March, 22 h after the report: the strategy meeting (due
    // 10:00 GMT 5 March) is settled then, on time, and so is the stage one meeting itself.
    let rec = third_episode_still_missing(&[completed(
        "E3",
        "stage_one_meeting",
        "2026-03-05T08:00:00Z",
    )]);
    let v = rec.at("2026-03-05T11:00:00Z");
    let i = v.get("E3", "strategy_meeting");
    assert_eq!(i.state, Completed, "{}", v.dump());
    assert_eq!(i.resolved_at, Some(t("2026-03-05T08:00:00Z")));
    assert!(!i.breached);
    assert!(i
        .resolved_by
        .as_deref()
        .is_some_and(|by| by.contains("stage_one_meeting")));
    assert!(!v.listed("E3", "strategy_meeting"));
    assert!(!v.listed("E3", "stage_one_meeting"));
}

#[test]
fn cumbria_a_stage_one_meeting_at_exactly_24_hours_counts_and_one_a_second_later_does_not() {
    // "within 24 hours": reported_at + 24 h is the strategy meeting's own deadline, at
    // which it is still due; a stage one meeting then is in time. After it, 001: "If there
    // has not been a strategy meeting within 24 hours there must a strategy meeting
    // within 48 hours": only a strategy meeting settles it.
    let rec = third_episode_still_missing(&[completed(
        "E3",
        "stage_one_meeting",
        "2026-03-05T10:00:00Z",
    )]);
    let v = rec.at("2026-03-05T11:00:00Z");
    assert_eq!(v.get("E3", "strategy_meeting").state, Completed);
    let rec = third_episode_still_missing(&[completed(
        "E3",
        "stage_one_meeting",
        "2026-03-05T10:00:01Z",
    )]);
    let v = rec.at("2026-03-05T11:00:00Z");
    let i = v.get("E3", "strategy_meeting");
    assert_eq!(i.state, Overdue);
    assert_eq!(i.due_at, t("2026-03-05T10:00:00Z"));
    assert!(v.listed("E3", "strategy_meeting"));
}

#[test]
fn cumbria_a_stage_one_meeting_held_on_judgement_within_24_hours_settles_the_strategy_meeting() {
    // PROCEDURES cumbria: a stage one meeting "raised by a window or not". Born 1 March
    // 2015, so 10: consider_stage_one opens at the report; the meeting held at 20:00 GMT
    // settles it and the strategy meeting (due 09:00 GMT 13 January).
    let rec = Record::new(
        "cumbria",
        &[
            child("C1", "2015-03-01", "child_in_need"),
            reported("E1", "C1", REPORTED, LAST_SEEN),
            completed("E1", "stage_one_meeting", "2026-01-12T20:00:00Z"),
        ],
    );
    let v = rec.at("2026-01-12T19:00:00Z");
    assert_eq!(v.get("E1", "consider_stage_one").state, DueNow);
    assert_eq!(v.get("E1", "strategy_meeting").state, Due);
    let v = rec.at("2026-01-13T10:00:00Z");
    assert_eq!(v.get("E1", "strategy_meeting").state, Completed);
    assert_eq!(v.get("E1", "consider_stage_one").state, Completed);
    v.assert_absent("E1", "stage_one_meeting");
}

#[test]
fn cumbria_a_stage_one_meeting_recorded_on_another_episode_of_the_child_counts_within_the_24_hours()
{
    // "action_completed for stage_one_meeting on an episode of the child": the meeting is
    // about the child, whichever of its episodes it was entered against.
    let rec = third_episode_still_missing(&[completed(
        "E2",
        "stage_one_meeting",
        "2026-03-04T16:00:00Z",
    )]);
    let v = rec.at("2026-03-05T11:00:00Z");
    assert_eq!(v.get("E3", "strategy_meeting").state, Completed);
    assert_eq!(
        v.get("E3", "strategy_meeting").resolved_at,
        Some(t("2026-03-04T16:00:00Z"))
    );
}

#[test]
fn cumbria_a_stage_one_meeting_held_before_the_report_settles_neither_its_strategy_meeting_nor_its_judgement(
) {
    // A stage one meeting held on E1 (for a child under 12) before E2 was reported does not
    // stand for E2's strategy meeting or E2's consider_stage_one: "held at or after an
    // episode's reported_at".
    let rec = Record::new(
        "cumbria",
        &[
            child("C1", "2015-03-01", "child_in_need"),
            reported("E1", "C1", REPORTED, LAST_SEEN),
            completed("E1", "stage_one_meeting", "2026-01-12T12:00:00Z"),
            returned("E1", "2026-01-12T18:00:00Z"),
            reported("E2", "C1", "2026-01-20T09:00:00Z", "2026-01-20T08:00:00Z"),
        ],
    );
    let v = rec.at("2026-01-21T10:00:00Z");
    assert_eq!(v.get("E1", "strategy_meeting").state, Completed);
    assert_eq!(v.get("E2", "strategy_meeting").state, Overdue);
    assert_eq!(v.get("E2", "consider_stage_one").state, DueNow);
}

// ------------------------------------------------------------------ told when missing
// 001, Actions when the whereabouts is not known: "The individuals and agencies who
// should be contacted when a child is missing: The local police; The authority
// responsible for the child's placement ...; The parents ...; The IRO".

/// C1 registered with `flags`, E1 reported 09:00 (last seen 08:00) graded `risk`.
fn flagged_episode(status: &str, flags: &[&str], risk: &str, more: &[Value]) -> Record {
    let mut events = vec![
        child_flagged("C1", "2011-04-12", status, flags),
        with(reported("E1", "C1", REPORTED, LAST_SEEN), "risk", risk),
    ];
    events.extend_from_slice(more);
    Record::new("cumbria", &events)
}

#[test]
fn cumbria_every_agency_tells_the_police_at_once_that_a_child_is_missing() {
    // "Every agency has a duty to inform the Police that a child is missing"; the initial
    // checks' length is left to a risk assessment, so no sourced deadline (asap).
    let rec = Record::new(
        "cumbria",
        &[
            child("C1", "2011-04-12", "child_in_need"),
            reported("E1", "C1", REPORTED, LAST_SEEN),
        ],
    );
    let v = rec.at("2026-01-12T10:00:00Z");
    let i = v.get("E1", "report_to_police");
    assert_times(i, REPORTED, None);
    assert_eq!(i.state, DueNow);
    assert!(v.listed("E1", "report_to_police"));
}

#[test]
fn cumbria_police_informed_or_a_police_reference_settles_the_police_report() {
    let rec = episode(&[police_informed("E1", "2026-01-12T09:20:00Z", "CU-7")]);
    let v = rec.at("2026-01-12T10:00:00Z");
    let i = v.get("E1", "report_to_police");
    assert_eq!(i.state, Completed);
    assert_eq!(i.resolved_at, Some(t("2026-01-12T09:20:00Z")));

    let rec = Record::new(
        "cumbria",
        &[
            looked_after(),
            with(
                reported("E1", "C1", REPORTED, LAST_SEEN),
                "police_ref",
                "CU-8",
            ),
        ],
    );
    let v = rec.at("2026-01-12T10:00:00Z");
    assert_eq!(v.get("E1", "report_to_police").state, Completed);
    assert!(!v.listed("E1", "report_to_police"));
}

#[test]
fn cumbria_a_child_back_before_the_police_were_told_closes_the_police_report_without_a_breach() {
    let rec = episode(&[returned("E1", "2026-01-12T09:40:00Z")]);
    let v = rec.at("2026-01-12T12:00:00Z");
    let i = v.get("E1", "report_to_police");
    assert_eq!(i.state, Closed);
    assert!(!i.breached);
    assert!(!v.listed("E1", "report_to_police"));
}

#[test]
fn cumbria_the_placing_authority_is_told_when_a_child_placed_by_another_council_goes_missing() {
    let rec = flagged_episode("looked_after", &["other_la_placement"], "medium", &[]);
    let v = rec.at("2026-01-12T10:00:00Z");
    let i = v.get("E1", "notify_responsible_authority");
    assert_times(i, REPORTED, None);
    assert_eq!(i.state, DueNow);
}

#[test]
fn cumbria_the_councils_own_looked_after_child_has_no_placing_authority_to_tell() {
    // PROCEDURES Reading: the responsible authority keeps this record.
    let v = episode(&[]).at("2026-01-12T10:00:00Z");
    v.assert_absent("E1", "notify_responsible_authority");
}

#[test]
fn cumbria_a_placing_authority_told_before_the_police_is_completed_with_a_note() {
    // "if they have not already been notified prior to the police being informed".
    let rec = flagged_episode(
        "looked_after",
        &["other_la_placement"],
        "medium",
        &[completed_noted(
            "E1",
            "notify_responsible_authority",
            "2026-01-12T09:05:00Z",
            "Lancashire's duty team told by the carer at 08:45",
        )],
    );
    let v = rec.at("2026-01-12T10:00:00Z");
    assert_eq!(v.get("E1", "notify_responsible_authority").state, Completed);
    assert!(!v.listed("E1", "notify_responsible_authority"));
}

#[test]
fn cumbria_parents_of_a_looked_after_child_are_told_while_the_child_is_missing() {
    let rec = episode(&[returned("E1", "2026-01-12T15:00:00Z")]);
    let v = rec.at("2026-01-12T10:00:00Z");
    let i = v.get("E1", "notify_parents");
    assert_times(i, REPORTED, None);
    assert_eq!(i.state, DueNow);
    // Back before they were told: nothing left to tell of a missing child.
    let v = rec.at("2026-01-12T16:00:00Z");
    assert_eq!(v.get("E1", "notify_parents").state, Closed);
    assert!(!v.listed("E1", "notify_parents"));
}

#[test]
fn cumbria_parents_not_told_when_not_reasonably_practicable_is_a_recorded_waiver() {
    // "unless it is not reasonably practicable ... or would be inconsistent with the
    // child's welfare": the one Cumbria duty besides consider_stage_one a waiver settles.
    let reason = "No contact details for either parent: not reasonably practicable";
    let rec = episode(&[waived(
        "E1",
        "notify_parents",
        "2026-01-12T09:30:00Z",
        reason,
    )]);
    let v = rec.at("2026-01-12T10:00:00Z");
    let i = v.get("E1", "notify_parents");
    assert_eq!(i.state, Waived);
    assert_eq!(i.waiver_reason.as_deref(), Some(reason));
    assert!(!v.listed("E1", "notify_parents"));
    // The IRO must still be told.
    assert_eq!(v.get("E1", "notify_iro").state, DueNow);
    assert!(v.violations("E1").is_empty(), "{:?}", v.violations("E1"));
}

#[test]
fn cumbria_the_iro_cannot_be_waived_only_completed_with_a_note() {
    let r = show(&refused(
        "cumbria",
        &[
            looked_after(),
            reported("E1", "C1", REPORTED, LAST_SEEN),
            waived("E1", "notify_iro", "2026-01-12T09:30:00Z", "IRO on leave"),
        ],
    ));
    assert!(r.contains("`notify_iro` cannot be waived"), "{r}");
    assert!(
        r.contains("notify_parents"),
        "names what can be waived: {r}"
    );
}

#[test]
fn cumbria_parents_and_iro_are_told_only_for_looked_after_children() {
    let rec = Record::new(
        "cumbria",
        &[
            child("C1", "2011-04-12", "child_in_need"),
            reported("E1", "C1", REPORTED, LAST_SEEN),
        ],
    );
    let v = rec.at("2026-01-12T10:00:00Z");
    v.assert_absent("E1", "notify_parents");
    v.assert_absent("E1", "notify_iro");
}

// ------------------------------------------------------------------ designated health

#[test]
fn cumbria_designated_health_professionals_are_told_of_a_looked_after_child_graded_high() {
    // "Designated health professionals for Cared For Children should be informed of
    // children missing from care who are deemed to be 'high risk'".
    let rec = flagged_episode("looked_after", &[], "high", &[]);
    let v = rec.at("2026-01-12T10:00:00Z");
    let i = v.get("E1", "notify_designated_health");
    assert_times(i, REPORTED, None);
    assert_eq!(i.state, DueNow);
    let detail = i.detail.as_deref().unwrap_or("");
    assert!(detail.contains("Cared For Children"), "{detail}");
}

#[test]
fn cumbria_nhs_named_professionals_are_told_of_a_child_missing_from_home_graded_high() {
    // Children Missing from Home: "NHS designated and named professionals ... must be
    // included ... for children deemed to be at high risk".
    let rec = flagged_episode("child_in_need", &[], "high", &[]);
    let v = rec.at("2026-01-12T10:00:00Z");
    let i = v.get("E1", "notify_designated_health");
    assert_eq!(i.state, DueNow);
    let detail = i.detail.as_deref().unwrap_or("");
    assert!(detail.contains("NHS designated and named"), "{detail}");
}

#[test]
fn cumbria_designated_health_is_not_told_of_a_medium_risk_child() {
    let v = episode(&[]).at("2026-01-12T10:00:00Z");
    v.assert_absent("E1", "notify_designated_health");
}

#[test]
fn cumbria_designated_health_is_told_from_the_regrade_to_high() {
    let rec = episode(&[risk_changed("E1", "2026-01-12T14:00:00Z", "high")]);
    rec.at("2026-01-12T13:00:00Z")
        .assert_absent("E1", "notify_designated_health");
    let v = rec.at("2026-01-12T14:30:00Z");
    let i = v.get("E1", "notify_designated_health");
    assert_times(i, "2026-01-12T14:00:00Z", None);
    assert_eq!(i.state, DueNow);
}

#[test]
fn cumbria_designated_health_closes_on_the_return() {
    let rec = flagged_episode(
        "looked_after",
        &[],
        "high",
        &[returned("E1", "2026-01-12T11:00:00Z")],
    );
    let v = rec.at("2026-01-12T12:00:00Z");
    assert_eq!(v.get("E1", "notify_designated_health").state, Closed);
    assert!(!v.listed("E1", "notify_designated_health"));
}

// ------------------------------------------------------------------ told when found

#[test]
fn cumbria_the_social_worker_and_iro_are_told_promptly_when_a_looked_after_child_returns() {
    // Actions when found: "carers/parents should promptly inform the child's social
    // worker and the independent reviewing officer that the child has returned".
    let rec = episode(&[returned("E1", "2026-01-13T12:00:00Z")]);
    rec.at("2026-01-13T11:00:00Z")
        .assert_absent("E1", "notify_return");
    let v = rec.at("2026-01-13T13:00:00Z");
    let i = v.get("E1", "notify_return");
    assert_times(i, "2026-01-13T12:00:00Z", None);
    assert_eq!(i.state, DueNow);
}

#[test]
fn cumbria_no_return_notice_for_a_child_not_looked_after() {
    let rec = Record::new(
        "cumbria",
        &[
            child("C1", "2011-04-12", "child_in_need"),
            reported("E1", "C1", REPORTED, LAST_SEEN),
            returned("E1", "2026-01-13T12:00:00Z"),
        ],
    );
    rec.at("2026-01-13T13:00:00Z")
        .assert_absent("E1", "notify_return");
}

#[test]
fn cumbria_a_declined_rhi_asks_the_parents_and_carers_what_they_know() {
    // "Where children refuse to engage with the interview, parents and/or carers should
    // be offered the opportunity to provide any relevant information".
    let rec = episode(&[
        returned("E1", "2026-01-13T12:00:00Z"),
        rhi_declined("E1", "2026-01-14T15:00:00Z"),
    ]);
    rec.at("2026-01-14T14:00:00Z")
        .assert_absent("E1", "rhi_parent_carer_offer");
    let v = rec.at("2026-01-14T16:00:00Z");
    let i = v.get("E1", "rhi_parent_carer_offer");
    assert_times(i, "2026-01-14T15:00:00Z", None);
    assert_eq!(i.state, DueNow);
    assert_eq!(v.get("E1", "return_home_interview").state, Completed);
}

#[test]
fn cumbria_an_rhi_held_asks_nothing_of_the_parents() {
    let rec = episode(&[
        returned("E1", "2026-01-13T12:00:00Z"),
        completed("E1", "return_home_interview", "2026-01-14T15:00:00Z"),
    ]);
    rec.at("2026-01-20T00:00:00Z")
        .assert_absent("E1", "rhi_parent_carer_offer");
}

// ------------------------------------------------------------------ children subject to restriction

#[test]
fn cumbria_the_home_office_is_told_when_a_restricted_looked_after_child_goes_missing_and_returns() {
    // "The local authority will also notify the Home Office Evidence and Enquiry Unit
    // when a child in their care goes missing or when a missing child returns or is found."
    let rec = flagged_episode(
        "looked_after",
        &["immigration_restriction"],
        "medium",
        &[returned("E1", "2026-01-13T12:00:00Z")],
    );
    let v = rec.at("2026-01-12T10:00:00Z");
    let i = v.get("E1", "notify_home_office");
    assert_times(i, REPORTED, None);
    assert_eq!(i.state, DueNow);
    v.assert_absent("E1", "notify_home_office_return");

    let v = rec.at("2026-01-13T13:00:00Z");
    assert_eq!(v.get("E1", "notify_home_office").state, Closed);
    let i = v.get("E1", "notify_home_office_return");
    assert_times(i, "2026-01-13T12:00:00Z", None);
    assert_eq!(i.state, DueNow);
}

#[test]
fn cumbria_an_asylum_seeking_child_without_a_restriction_has_no_home_office_notice() {
    // PROCEDURES Vocabulary: `uasc` does not imply `immigration_restriction`.
    let rec = flagged_episode(
        "looked_after",
        &["uasc"],
        "medium",
        &[returned("E1", "2026-01-13T12:00:00Z")],
    );
    let v = rec.at("2026-01-13T13:00:00Z");
    v.assert_absent("E1", "notify_home_office");
    v.assert_absent("E1", "notify_home_office_return");
}

// ------------------------------------------------------------------ repeat episodes

#[test]
fn cumbria_three_episodes_in_90_days_are_referred_to_the_safeguarding_hub_immediately() {
    // Stage One: "If at this stage the child has not been referred to the Safeguarding
    // Hub as a result of repeat episodes, this MUST be referred immediately".
    let rec = Record::new(
        "cumbria",
        &three_episodes("2026-03-04T10:00:00Z", "2026-03-04T20:00:00Z"),
    );
    let v = rec.at("2026-03-04T11:00:00Z");
    let i = v.get("E3", "safeguarding_hub_referral");
    assert_times(i, "2026-03-04T10:00:00Z", None);
    assert_eq!(i.state, DueNow);
    v.assert_absent("E2", "safeguarding_hub_referral");
    rec.at("2026-03-01T00:00:00Z")
        .assert_absent("E2", "safeguarding_hub_referral");
}

#[test]
fn cumbria_a_fourth_episode_before_the_hub_referral_is_covered_by_it() {
    let mut events = three_episodes("2026-03-04T10:00:00Z", "2026-03-04T20:00:00Z");
    events.push(reported(
        "E4",
        "C1",
        "2026-03-06T10:00:00Z",
        "2026-03-06T09:00:00Z",
    ));
    let v = Record::new("cumbria", &events).at("2026-03-06T11:00:00Z");
    assert_eq!(v.get("E3", "safeguarding_hub_referral").state, DueNow);
    v.assert_not_required("E4", "safeguarding_hub_referral");
}

/// Weekly episodes of C1 (child in need) from Monday 5 Jan 2026, each back by 20:00;
/// the 5th (2 Feb) had its stage one and stage two meetings on 4 Feb (PROCEDURES
/// service_manager_review; scenario 51).
fn beyond_stage_two() -> Vec<Value> {
    let mut events = episodes_of(
        child("C1", "2012-06-01", "child_in_need"),
        &[
            ("E1", "2026-01-05T10:00:00Z", "2026-01-05T20:00:00Z"),
            ("E2", "2026-01-12T10:00:00Z", "2026-01-12T20:00:00Z"),
            ("E3", "2026-01-19T10:00:00Z", "2026-01-19T20:00:00Z"),
            ("E4", "2026-01-26T10:00:00Z", "2026-01-26T20:00:00Z"),
            ("E5", "2026-02-02T10:00:00Z", "2026-02-02T20:00:00Z"),
        ],
    );
    events.push(completed("E5", "stage_one_meeting", "2026-02-04T10:00:00Z"));
    events.push(completed("E5", "stage_two_meeting", "2026-02-04T11:00:00Z"));
    events
}

#[test]
fn cumbria_missing_again_after_a_stage_two_meeting_goes_to_the_service_manager() {
    // "If a child continues to be reported missing beyond this level the relevant
    // Service Manager must consider the case": 6 episodes in 90 days, a stage two held
    // 12 days before E6's report.
    let mut events = beyond_stage_two();
    events.push(reported(
        "E6",
        "C1",
        "2026-02-16T10:00:00Z",
        "2026-02-16T09:00:00Z",
    ));
    let rec = Record::new("cumbria", &events);
    let v = rec.at("2026-02-16T11:00:00Z");
    let i = v.get("E6", "service_manager_review");
    assert_times(i, "2026-02-16T10:00:00Z", None);
    assert_eq!(i.state, DueNow);
    // Raised instead of the stage meetings and the hub referral.
    v.assert_absent("E6", "stage_one_meeting");
    v.assert_absent("E6", "stage_two_meeting");
    v.assert_absent("E6", "safeguarding_hub_referral");
    // The stage two meeting held for E5 stays as held.
    assert_eq!(v.get("E5", "stage_two_meeting").state, Completed);
    v.assert_absent("E5", "service_manager_review");
}

#[test]
fn cumbria_a_stage_two_held_exactly_90_days_before_the_report_still_counts() {
    // Held 11:00Z 4 Feb; 90 x 24 h later is 11:00Z (12:00 BST) on Tuesday 5 May 2026.
    // E6 1 May, E7 4 May (E5 of 2 Feb is then out of the window), E8 5 May: three.
    let mut events = beyond_stage_two();
    for (ep, at) in [
        ("E6", "2026-05-01T10:00:00Z"),
        ("E7", "2026-05-04T10:00:00Z"),
        ("E8", "2026-05-05T11:00:00Z"),
    ] {
        let last_seen = (t(at) - chrono::Duration::hours(1)).to_rfc3339();
        events.push(reported(ep, "C1", at, &last_seen));
        events.push(returned(
            ep,
            &(t(at) + chrono::Duration::hours(2)).to_rfc3339(),
        ));
    }
    let v = Record::new("cumbria", &events).at("2026-05-05T12:00:00Z");
    assert_eq!(v.get("E8", "service_manager_review").state, DueNow);
    v.assert_absent("E8", "stage_one_meeting");
}

#[test]
fn cumbria_a_stage_two_more_than_90_days_before_leaves_the_stage_one_meeting_due() {
    // The same, E8 one second later than 90 x 24 h after the stage two meeting: the
    // child is back at stage one (3 episodes in 90 days), not beyond stage two.
    let mut events = beyond_stage_two();
    for (ep, at) in [
        ("E6", "2026-05-01T10:00:00Z"),
        ("E7", "2026-05-04T10:00:00Z"),
        ("E8", "2026-05-05T11:00:01Z"),
    ] {
        let last_seen = (t(at) - chrono::Duration::hours(1)).to_rfc3339();
        events.push(reported(ep, "C1", at, &last_seen));
        events.push(returned(
            ep,
            &(t(at) + chrono::Duration::hours(2)).to_rfc3339(),
        ));
    }
    let v = Record::new("cumbria", &events).at("2026-05-05T12:00:00Z");
    v.assert_absent("E8", "service_manager_review");
    assert_eq!(v.get("E8", "stage_one_meeting").state, Due);
}

#[test]
fn cumbria_a_stage_two_meeting_held_for_this_episode_does_not_withdraw_it() {
    // The window is the 90 days before the report: E5's own meeting, held after E5 was
    // reported, leaves E5's stage two completed, not replaced by a Service Manager review.
    let v = Record::new("cumbria", &beyond_stage_two()).at("2026-02-05T00:00:00Z");
    assert_eq!(v.get("E5", "stage_two_meeting").state, Completed);
    v.assert_absent("E5", "service_manager_review");
}
