//! Cambridgeshire & Peterborough supported lodgings (seed 000): every rule of the
//! `cambridgeshire` policy, as PROCEDURES.md states it. Expected instants are worked
//! out by hand.
//!
//! The usual episode: last seen 08:00 GMT on Monday 12 January 2026, reported 09:00.
//! The young person is 16 (born 1 May 2009) and looked after, or 18 (born 1 February
//! 2007) and a care leaver.

use crate::support::*;
use serde_json::Value;

const LAST_SEEN: &str = "2026-01-12T08:00:00Z";
const REPORTED: &str = "2026-01-12T09:00:00Z";

fn sixteen() -> Value {
    child("D1", "2009-05-01", "looked_after")
}

fn adult() -> Value {
    child("D1", "2007-02-01", "care_leaver")
}

/// D1 as given, reported missing (graded `risk`) at 09:00, then `more`.
fn episode_of(child_event: Value, risk: &str, more: &[Value]) -> Record {
    let mut events = vec![
        child_event,
        with(reported("E1", "D1", REPORTED, LAST_SEEN), "risk", risk),
    ];
    events.extend_from_slice(more);
    Record::new("cambridgeshire", &events)
}

fn under_18(more: &[Value]) -> Record {
    episode_of(sixteen(), "medium", more)
}

// ------------------------------------------------------------------ report_to_police

#[test]
fn cambridgeshire_report_to_police_under_18_is_due_6_hours_after_last_seen() {
    let rec = under_18(&[]);
    assert_times(
        rec.at(REPORTED).get("E1", "report_to_police"),
        "2026-01-12T08:00:00Z",
        Some("2026-01-12T14:00:00Z"),
    );
    rec.assert_states(
        "E1",
        "report_to_police",
        &[
            ("2026-01-12T09:00:00Z", Due),
            ("2026-01-12T14:00:00Z", Due),
            ("2026-01-12T14:00:01Z", Overdue),
        ],
    );
}

#[test]
fn cambridgeshire_report_to_police_is_satisfied_by_police_informed() {
    let rec = under_18(&[police_informed("E1", "2026-01-12T11:00:00Z", "CAM-12")]);
    rec.assert_states(
        "E1",
        "report_to_police",
        &[
            ("2026-01-12T10:59:59Z", Due),
            ("2026-01-12T11:00:00Z", Completed),
            ("2026-01-13T00:00:00Z", Completed),
        ],
    );
    assert!(
        !rec.at("2026-01-13T00:00:00Z")
            .get("E1", "report_to_police")
            .breached
    );
}

#[test]
fn cambridgeshire_report_to_police_informed_after_6_hours_is_a_breach() {
    let rec = under_18(&[police_informed("E1", "2026-01-12T15:00:00Z", "CAM-12")]);
    let v = rec.at("2026-01-13T00:00:00Z");
    let i = v.get("E1", "report_to_police");
    assert_eq!(i.state, Completed);
    assert!(i.breached);
}

#[test]
fn cambridgeshire_report_to_police_is_satisfied_by_a_report_carrying_a_police_ref() {
    let rec = Record::new(
        "cambridgeshire",
        &[
            sixteen(),
            with(
                reported("E1", "D1", REPORTED, LAST_SEEN),
                "police_ref",
                "CAM-12",
            ),
        ],
    );
    rec.assert_states("E1", "report_to_police", &[(REPORTED, Completed)]);
}

#[test]
fn cambridgeshire_report_to_police_can_be_completed() {
    let rec = under_18(&[completed("E1", "report_to_police", "2026-01-12T10:00:00Z")]);
    rec.assert_states(
        "E1",
        "report_to_police",
        &[("2026-01-12T10:00:00Z", Completed)],
    );
}

#[test]
fn cambridgeshire_report_to_police_18_and_over_is_due_24_hours_after_last_seen() {
    let rec = episode_of(adult(), "medium", &[]);
    assert_times(
        rec.at(REPORTED).get("E1", "report_to_police"),
        "2026-01-12T08:00:00Z",
        Some("2026-01-13T08:00:00Z"),
    );
    rec.assert_states(
        "E1",
        "report_to_police",
        &[
            ("2026-01-12T09:00:00Z", Due),
            ("2026-01-13T08:00:00Z", Due),
            ("2026-01-13T08:00:01Z", Overdue),
        ],
    );
}

#[test]
fn cambridgeshire_report_to_police_18_and_over_at_high_risk_is_asap_at_report() {
    let rec = episode_of(adult(), "high", &[]);
    assert_times(
        rec.at(REPORTED).get("E1", "report_to_police"),
        REPORTED,
        None,
    );
    rec.assert_states("E1", "report_to_police", &[(REPORTED, DueNow)]);
}

#[test]
fn cambridgeshire_report_to_police_variant_follows_age_at_the_report() {
    // Born 12 January 2008: 18 on the day of the report.
    let rec = episode_of(child("D1", "2008-01-12", "care_leaver"), "medium", &[]);
    assert_times(
        rec.at(REPORTED).get("E1", "report_to_police"),
        "2026-01-12T08:00:00Z",
        Some("2026-01-13T08:00:00Z"),
    );
    // Born 13 January 2008: still 17.
    let rec = episode_of(child("D1", "2008-01-13", "looked_after"), "medium", &[]);
    assert_times(
        rec.at(REPORTED).get("E1", "report_to_police"),
        "2026-01-12T08:00:00Z",
        Some("2026-01-12T14:00:00Z"),
    );
}

#[test]
fn cambridgeshire_report_to_police_closes_without_a_breach_when_found_within_the_initial_checks() {
    // 000 3.2.2: the police are told "if these initial checks do not succeed"; back at
    // 12:00, inside the six hours (due 14:00), never reported: closed, no breach.
    let rec = under_18(&[returned("E1", "2026-01-12T12:00:00Z")]);
    rec.assert_states(
        "E1",
        "report_to_police",
        &[
            ("2026-01-12T11:59:59Z", Due),
            ("2026-01-12T12:00:00Z", Closed),
            ("2026-01-13T00:00:00Z", Closed),
        ],
    );
    let v = rec.at("2026-01-13T00:00:00Z");
    assert!(!v.get("E1", "report_to_police").breached);
    assert!(!v.listed("E1", "report_to_police"));
}

#[test]
fn cambridgeshire_report_to_police_18_and_over_closes_on_a_return_within_the_24_hours() {
    // 000 5.2.3: "usually after 24 hours"; back at 20:00, due 08:00 the next day.
    let rec = episode_of(adult(), "medium", &[returned("E1", "2026-01-12T20:00:00Z")]);
    let v = rec.at("2026-01-13T09:00:00Z");
    let i = v.get("E1", "report_to_police");
    assert_eq!(i.state, Closed);
    assert!(!i.breached);
}

#[test]
fn cambridgeshire_report_to_police_missed_and_then_returned_stays_a_breach() {
    // PROCEDURES: "A return after its deadline leaves the breach". Due 14:00, back 16:00.
    let rec = under_18(&[returned("E1", "2026-01-12T16:00:00Z")]);
    let v = rec.at("2026-01-12T17:00:00Z");
    let i = v.get("E1", "report_to_police");
    assert_eq!(i.state, Closed);
    assert_eq!(i.closed_at, Some(t("2026-01-12T16:00:00Z")));
    assert!(i.breached);
    assert!(!v.listed("E1", "report_to_police"));
}

// ------------------------------------------------------------------ strategy_meeting

#[test]
fn cambridgeshire_strategy_meeting_for_a_looked_after_child_is_due_24_hours_after_report() {
    let rec = under_18(&[]);
    assert_times(
        rec.at(REPORTED).get("E1", "strategy_meeting"),
        REPORTED,
        Some("2026-01-13T09:00:00Z"),
    );
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
fn cambridgeshire_strategy_meeting_is_only_for_looked_after_children() {
    episode_of(adult(), "medium", &[])
        .at("2026-01-12T10:00:00Z")
        .assert_absent("E1", "strategy_meeting");
    episode_of(child("D1", "2009-05-01", "child_in_need"), "medium", &[])
        .at("2026-01-12T10:00:00Z")
        .assert_absent("E1", "strategy_meeting");
}

#[test]
fn cambridgeshire_strategy_meeting_completed_with_a_note_or_closed_on_return() {
    let rec = under_18(&[completed("E1", "strategy_meeting", "2026-01-12T15:00:00Z")]);
    rec.assert_states(
        "E1",
        "strategy_meeting",
        &[("2026-01-12T15:00:00Z", Completed)],
    );
    // No waiver (PROCEDURES.md, Waivers: no cambridgeshire row): done another way, completed with a note.
    let rec = under_18(&[completed_noted(
        "E1",
        "strategy_meeting",
        "2026-01-12T10:00:00Z",
        "found within the hour",
    )]);
    rec.assert_states(
        "E1",
        "strategy_meeting",
        &[("2026-01-12T10:00:00Z", Completed)],
    );
    let rec = under_18(&[returned("E1", "2026-01-12T20:00:00Z")]);
    rec.assert_states(
        "E1",
        "strategy_meeting",
        &[
            ("2026-01-12T20:00:00Z", Closed),
            ("2026-01-14T00:00:00Z", Closed),
        ],
    );
    assert!(
        !rec.at("2026-01-14T00:00:00Z")
            .get("E1", "strategy_meeting")
            .breached
    );
}

// ------------------------------------------------------------------ strategy_meeting_review

#[test]
fn cambridgeshire_strategy_meeting_review_every_5_days_after_a_held_meeting() {
    let rec = under_18(&[
        completed("E1", "strategy_meeting", "2026-01-12T15:00:00Z"),
        completed("E1", "strategy_meeting_review", "2026-01-17T10:00:00Z"),
        completed("E1", "strategy_meeting_review", "2026-01-22T09:00:00Z"),
    ]);
    rec.at("2026-01-12T14:59:59Z")
        .assert_absent("E1", "strategy_meeting_review");
    assert_times(
        rec.at("2026-01-12T15:00:00Z")
            .get("E1", "strategy_meeting_review"),
        "2026-01-12T15:00:00Z",
        Some("2026-01-17T15:00:00Z"),
    );
    assert_times(
        rec.at("2026-01-17T10:00:00Z")
            .get("E1", "strategy_meeting_review"),
        "2026-01-17T10:00:00Z",
        Some("2026-01-22T10:00:00Z"),
    );
    assert_times(
        rec.at("2026-01-22T09:00:00Z")
            .get("E1", "strategy_meeting_review"),
        "2026-01-22T09:00:00Z",
        Some("2026-01-27T09:00:00Z"),
    );
    rec.assert_states(
        "E1",
        "strategy_meeting_review",
        &[
            ("2026-01-12T15:00:00Z", Due),
            ("2026-01-17T09:59:59Z", Due),
            ("2026-01-27T09:00:00Z", Due),
            ("2026-01-27T09:00:01Z", Overdue),
        ],
    );
}

#[test]
fn cambridgeshire_strategy_meeting_review_is_overdue_5_days_after_the_meeting() {
    let rec = under_18(&[completed("E1", "strategy_meeting", "2026-01-12T15:00:00Z")]);
    rec.assert_states(
        "E1",
        "strategy_meeting_review",
        &[
            ("2026-01-17T15:00:00Z", Due),
            ("2026-01-17T15:00:01Z", Overdue),
        ],
    );
}

#[test]
fn cambridgeshire_strategy_meeting_review_closes_on_return() {
    let rec = under_18(&[
        completed("E1", "strategy_meeting", "2026-01-12T15:00:00Z"),
        returned("E1", "2026-01-15T10:00:00Z"),
    ]);
    rec.assert_states(
        "E1",
        "strategy_meeting_review",
        &[
            ("2026-01-15T09:59:59Z", Due),
            ("2026-01-15T10:00:00Z", Closed),
            ("2026-01-20T00:00:00Z", Closed),
        ],
    );
    assert!(
        !rec.at("2026-01-20T00:00:00Z")
            .get("E1", "strategy_meeting_review")
            .breached
    );
}

#[test]
fn cambridgeshire_strategy_meeting_cannot_be_waived_a_review_follows_only_a_held_meeting() {
    // PROCEDURES.md: reviews follow "after a strategy meeting was held", every 5 days
    // from the last *held* meeting; and the meeting cannot be waived (PROCEDURES.md,
    // Waivers: no cambridgeshire row), so no "decided no meeting" can stop the reviews.
    assert_waiver_refused("strategy_meeting", || {
        under_18(&[waived(
            "E1",
            "strategy_meeting",
            "2026-01-12T10:00:00Z",
            "located within the hour; manager decided no meeting",
        )]);
    });
}

#[test]
fn cambridgeshire_safe_and_well_check_is_asap_on_return_under_18() {
    let rec = under_18(&[
        returned("E1", "2026-01-13T12:00:00Z"),
        completed("E1", "safe_and_well_check", "2026-01-13T13:00:00Z"),
    ]);
    rec.at("2026-01-13T11:00:00Z")
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
            ("2026-01-13T13:00:00Z", Completed),
        ],
    );
}

#[test]
fn cambridgeshire_return_home_interview_under_18_is_due_72_hours_after_return() {
    let rec = under_18(&[returned("E1", "2026-01-13T12:00:00Z")]);
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
fn cambridgeshire_return_home_interview_completed_or_declined() {
    let rec = under_18(&[
        returned("E1", "2026-01-13T12:00:00Z"),
        completed("E1", "return_home_interview", "2026-01-15T12:00:00Z"),
    ]);
    rec.assert_states(
        "E1",
        "return_home_interview",
        &[("2026-01-15T12:00:00Z", Completed)],
    );
    let rec = under_18(&[
        returned("E1", "2026-01-13T12:00:00Z"),
        rhi_declined("E1", "2026-01-14T12:00:00Z"),
    ]);
    rec.assert_states(
        "E1",
        "return_home_interview",
        &[("2026-01-14T12:00:00Z", Completed)],
    );
}

#[test]
fn cambridgeshire_no_safe_and_well_check_or_rhi_for_18_and_over() {
    let rec = episode_of(adult(), "medium", &[returned("E1", "2026-01-13T12:00:00Z")]);
    let v = rec.at("2026-01-13T13:00:00Z");
    v.assert_absent("E1", "safe_and_well_check");
    v.assert_absent("E1", "return_home_interview");
}

#[test]
fn cambridgeshire_placement_review_is_asap_on_return_at_any_age() {
    for young_person in [sixteen(), adult()] {
        let rec = episode_of(
            young_person,
            "medium",
            &[
                returned("E1", "2026-01-13T12:00:00Z"),
                completed("E1", "placement_review", "2026-01-14T12:00:00Z"),
            ],
        );
        rec.at("2026-01-13T11:00:00Z")
            .assert_absent("E1", "placement_review");
        assert_times(
            rec.at("2026-01-13T12:00:00Z").get("E1", "placement_review"),
            "2026-01-13T12:00:00Z",
            None,
        );
        rec.assert_states(
            "E1",
            "placement_review",
            &[
                ("2026-01-13T12:00:00Z", DueNow),
                ("2026-01-14T12:00:00Z", Completed),
            ],
        );
    }
}

// ------------------------------------------------------------------ repeat_strategy_meeting

fn three_episodes(child_event: Value, third_reported: &str) -> Record {
    Record::new(
        "cambridgeshire",
        &[
            child_event,
            reported("E1", "D1", "2026-01-12T09:00:00Z", "2026-01-12T08:00:00Z"),
            returned("E1", "2026-01-12T18:00:00Z"),
            reported("E2", "D1", "2026-02-10T09:00:00Z", "2026-02-10T08:00:00Z"),
            returned("E2", "2026-02-10T18:00:00Z"),
            reported("E3", "D1", third_reported, "2026-03-04T08:00:00Z"),
            returned("E3", "2026-04-12T20:00:00Z"),
        ],
    )
}

#[test]
fn cambridgeshire_repeat_strategy_meeting_is_asap_on_the_third_episode_in_90_days() {
    let rec = three_episodes(sixteen(), "2026-03-04T10:00:00Z");
    let v = rec.at("2026-03-04T10:00:00Z");
    assert_times(
        v.get("E3", "repeat_strategy_meeting"),
        "2026-03-04T10:00:00Z",
        None,
    );
    assert_eq!(v.get("E3", "repeat_strategy_meeting").state, DueNow);
    v.assert_absent("E1", "repeat_strategy_meeting");
    v.assert_absent("E2", "repeat_strategy_meeting");
    // not a "while missing" rule: still required after the return
    rec.assert_states(
        "E3",
        "repeat_strategy_meeting",
        &[("2026-04-13T00:00:00+01:00", DueNow)],
    );
}

#[test]
fn cambridgeshire_repeat_strategy_meeting_90_day_boundary() {
    // 90 x 24 h after 09:00 GMT on 12 January is 09:00 UTC on 12 April.
    let rec = three_episodes(sixteen(), "2026-04-12T09:00:00Z");
    assert_eq!(
        rec.at("2026-04-12T09:00:00Z")
            .get("E3", "repeat_strategy_meeting")
            .state,
        DueNow
    );
    let rec = three_episodes(sixteen(), "2026-04-12T09:00:01Z");
    rec.at("2026-04-12T10:00:00Z")
        .assert_absent("E3", "repeat_strategy_meeting");
}

#[test]
fn cambridgeshire_repeat_strategy_meeting_is_only_for_looked_after_children() {
    let rec = three_episodes(adult(), "2026-03-04T10:00:00Z");
    rec.at("2026-03-04T11:00:00Z")
        .assert_absent("E3", "repeat_strategy_meeting");
}

#[test]
fn cambridgeshire_repeat_strategy_meeting_completed() {
    let rec = Record::new(
        "cambridgeshire",
        &[
            sixteen(),
            reported("E1", "D1", "2026-01-12T09:00:00Z", "2026-01-12T08:00:00Z"),
            returned("E1", "2026-01-12T18:00:00Z"),
            reported("E2", "D1", "2026-02-10T09:00:00Z", "2026-02-10T08:00:00Z"),
            returned("E2", "2026-02-10T18:00:00Z"),
            reported("E3", "D1", "2026-03-04T10:00:00Z", "2026-03-04T08:00:00Z"),
            completed("E3", "repeat_strategy_meeting", "2026-03-06T10:00:00Z"),
        ],
    );
    rec.assert_states(
        "E3",
        "repeat_strategy_meeting",
        &[
            ("2026-03-06T09:59:59Z", DueNow),
            ("2026-03-06T10:00:00Z", Completed),
        ],
    );
}

#[test]
fn cambridgeshire_repeat_strategy_meeting_stays_open_from_the_third_episode_when_a_fourth_follows()
{
    // PROCEDURES.md: repeat_strategy_meeting opens at the `reported_at` of the 3rd
    // episode. A 4th before the meeting is held does not reset it: it is still
    // required since the 3rd report (4 March, 10:00).
    let rec = Record::new(
        "cambridgeshire",
        &[
            sixteen(),
            reported("E1", "D1", "2026-01-12T09:00:00Z", "2026-01-12T08:00:00Z"),
            returned("E1", "2026-01-12T18:00:00Z"),
            reported("E2", "D1", "2026-02-10T09:00:00Z", "2026-02-10T08:00:00Z"),
            returned("E2", "2026-02-10T18:00:00Z"),
            reported("E3", "D1", "2026-03-04T10:00:00Z", "2026-03-04T08:00:00Z"),
            returned("E3", "2026-03-04T18:00:00Z"),
            reported("E4", "D1", "2026-03-09T10:00:00Z", "2026-03-09T09:00:00Z"),
        ],
    );
    let v = rec.at("2026-03-09T11:00:00Z");
    let open: Vec<_> = v
        .eval
        .open(None, v.now)
        .into_iter()
        .filter(|i| i.rule == "repeat_strategy_meeting")
        .collect();
    assert!(
        open.iter()
            .any(|i| i.opens_at == t("2026-03-04T10:00:00Z") && i.state == DueNow),
        "expected the repeat strategy meeting still due since the 3rd report:\n{}",
        v.dump()
    );
}

// ------------------------------------------------------------------ absent

#[test]
fn cambridgeshire_absent_episode_has_only_a_welfare_check() {
    let rec = Record::new(
        "cambridgeshire",
        &[
            sixteen(),
            with(
                reported("E1", "D1", REPORTED, LAST_SEEN),
                "category",
                "absent",
            ),
        ],
    );
    for now in [
        "2026-01-12T09:00:00Z",
        "2026-01-12T15:00:00Z",
        "2026-01-20T09:00:00Z",
    ] {
        let v = rec.at(now);
        assert_eq!(v.rules("E1"), vec!["welfare_check"], "at {now}");
        assert_eq!(v.listed_rules("E1"), vec!["welfare_check"], "at {now}");
    }
    assert_times(rec.at(REPORTED).get("E1", "welfare_check"), REPORTED, None);
}
