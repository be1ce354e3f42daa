//! Medway Council with Kent Police (seed 002): every rule of the `medway` policy,
//! as PROCEDURES.md states it. Expected instants are worked out by hand.
//!
//! The usual episode: last seen 08:00 GMT on Monday 12 January 2026, reported 09:00.

use crate::support::*;
use serde_json::Value;

const LAST_SEEN: &str = "2026-01-12T08:00:00Z";
const REPORTED: &str = "2026-01-12T09:00:00Z";

/// A child (born 1 September 2010, so 15) of this status, missing since 08:00,
/// reported at 09:00, then `more`.
fn episode_for(child_event: Value, more: &[Value]) -> Record {
    let child_ref = child_event["child"].as_str().unwrap().to_string();
    let mut events = vec![child_event, reported("E1", &child_ref, REPORTED, LAST_SEEN)];
    events.extend_from_slice(more);
    Record::new("medway", &events)
}

fn status(s: &str) -> Value {
    child("M1", "2010-09-01", s)
}

fn looked_after(more: &[Value]) -> Record {
    episode_for(status("looked_after"), more)
}

fn uasc(more: &[Value]) -> Record {
    episode_for(
        child_flagged("M1", "2010-09-01", "looked_after", &["uasc"]),
        more,
    )
}

fn placed_by_another_la(more: &[Value]) -> Record {
    episode_for(
        child_flagged("M1", "2010-09-01", "looked_after", &["other_la_placement"]),
        more,
    )
}

// ------------------------------------------------------------------ need_to_know

#[test]
fn medway_need_to_know_for_a_looked_after_child_is_due_24_hours_after_last_seen() {
    let rec = looked_after(&[]);
    assert_times(
        rec.at(REPORTED).get("E1", "need_to_know"),
        "2026-01-12T09:00:00Z",
        Some("2026-01-13T08:00:00Z"),
    );
    rec.assert_states(
        "E1",
        "need_to_know",
        &[
            ("2026-01-12T09:00:00Z", Due),
            ("2026-01-13T08:00:00Z", Due),
            ("2026-01-13T08:00:01Z", Overdue),
        ],
    );
}

#[test]
fn medway_need_to_know_for_a_child_protection_child_is_due_24_hours_after_last_seen() {
    let rec = episode_for(status("child_protection"), &[]);
    assert_times(
        rec.at(REPORTED).get("E1", "need_to_know"),
        "2026-01-12T09:00:00Z",
        Some("2026-01-13T08:00:00Z"),
    );
}

#[test]
fn medway_need_to_know_for_other_statuses_is_asap_once_missing_24_hours() {
    for s in ["child_in_need", "care_leaver", "early_help", "not_open"] {
        let rec = episode_for(status(s), &[]);
        assert_times(
            rec.at(REPORTED).get("E1", "need_to_know"),
            "2026-01-13T08:00:00Z",
            None,
        );
        rec.assert_states(
            "E1",
            "need_to_know",
            &[
                ("2026-01-13T07:59:59Z", Upcoming),
                ("2026-01-13T08:00:00Z", DueNow),
            ],
        );
    }
}

#[test]
fn medway_need_to_know_for_other_statuses_is_not_required_when_back_within_24_hours() {
    let rec = episode_for(
        status("child_in_need"),
        &[returned("E1", "2026-01-13T07:00:00Z")],
    );
    rec.at("2026-01-13T09:00:00Z")
        .assert_not_required("E1", "need_to_know");
}

#[test]
fn medway_need_to_know_for_other_statuses_closes_on_return() {
    let rec = episode_for(
        status("child_in_need"),
        &[returned("E1", "2026-01-13T10:00:00Z")],
    );
    rec.assert_states("E1", "need_to_know", &[("2026-01-13T10:00:00Z", Closed)]);
}

#[test]
fn medway_need_to_know_for_a_looked_after_child_is_still_due_after_an_early_return() {
    // PROCEDURES.md, medway: `need_to_know` applies when `looked_after` or
    // `child_protection` (the row does not say "missing", unlike the row for other
    // statuses): the IRO / CP chair must still be told within 24 h of going missing.
    let rec = looked_after(&[returned("E1", "2026-01-12T20:00:00Z")]);
    rec.assert_states(
        "E1",
        "need_to_know",
        &[
            ("2026-01-12T21:00:00Z", Due),
            ("2026-01-13T08:00:01Z", Overdue),
        ],
    );
}

#[test]
fn medway_need_to_know_completed_and_completed_noted() {
    let rec = looked_after(&[completed("E1", "need_to_know", "2026-01-12T15:00:00Z")]);
    rec.assert_states(
        "E1",
        "need_to_know",
        &[
            ("2026-01-12T14:59:59Z", Due),
            ("2026-01-12T15:00:00Z", Completed),
            ("2026-01-14T00:00:00Z", Completed),
        ],
    );
    assert!(
        !rec.at("2026-01-14T00:00:00Z")
            .get("E1", "need_to_know")
            .breached
    );

    let rec = looked_after(&[completed_noted(
        "E1",
        "need_to_know",
        "2026-01-12T15:00:00Z",
        "IRO present at the strategy discussion",
    )]);
    rec.assert_states("E1", "need_to_know", &[("2026-01-14T00:00:00Z", Completed)]);
}

// ------------------------------------------------------------------ contact_and_referral

#[test]
fn medway_contact_and_referral_is_asap_at_24_hours_for_a_child_not_open_or_early_help() {
    for s in ["not_open", "early_help"] {
        let rec = episode_for(status(s), &[]);
        assert_times(
            rec.at(REPORTED).get("E1", "contact_and_referral"),
            "2026-01-13T08:00:00Z",
            None,
        );
        rec.assert_states(
            "E1",
            "contact_and_referral",
            &[
                ("2026-01-13T07:59:59Z", Upcoming),
                ("2026-01-13T08:00:00Z", DueNow),
            ],
        );
    }
}

#[test]
fn medway_contact_and_referral_is_not_required_for_a_child_already_open() {
    for s in ["looked_after", "child_protection", "child_in_need"] {
        let rec = episode_for(status(s), &[]);
        rec.at("2026-01-14T00:00:00Z")
            .assert_absent("E1", "contact_and_referral");
    }
}

#[test]
fn medway_contact_and_referral_closes_on_return_or_is_never_required() {
    let rec = episode_for(
        status("not_open"),
        &[returned("E1", "2026-01-13T07:00:00Z")],
    );
    rec.at("2026-01-14T00:00:00Z")
        .assert_not_required("E1", "contact_and_referral");
    let rec = episode_for(
        status("not_open"),
        &[returned("E1", "2026-01-13T09:00:00Z")],
    );
    rec.assert_states(
        "E1",
        "contact_and_referral",
        &[
            ("2026-01-13T08:30:00Z", DueNow),
            ("2026-01-13T09:00:00Z", Closed),
        ],
    );
}

#[test]
fn medway_contact_and_referral_completed() {
    let rec = episode_for(
        status("not_open"),
        &[completed(
            "E1",
            "contact_and_referral",
            "2026-01-13T09:30:00Z",
        )],
    );
    rec.assert_states(
        "E1",
        "contact_and_referral",
        &[("2026-01-13T09:30:00Z", Completed)],
    );
}

// ------------------------------------------------------------------ 48 hours

#[test]
fn medway_strategy_meeting_and_head_of_service_are_asap_at_48_hours() {
    let rec = looked_after(&[]);
    for rule in ["strategy_meeting", "head_of_service_notified"] {
        assert_times(
            rec.at(REPORTED).get("E1", rule),
            "2026-01-14T08:00:00Z",
            None,
        );
        rec.assert_states(
            "E1",
            rule,
            &[
                ("2026-01-14T07:59:59Z", Upcoming),
                ("2026-01-14T08:00:00Z", DueNow),
            ],
        );
    }
}

#[test]
fn medway_strategy_meeting_and_head_of_service_are_not_required_when_back_within_48_hours() {
    let rec = looked_after(&[returned("E1", "2026-01-14T07:00:00Z")]);
    let v = rec.at("2026-01-15T00:00:00Z");
    v.assert_not_required("E1", "strategy_meeting");
    v.assert_not_required("E1", "head_of_service_notified");
}

#[test]
fn medway_strategy_meeting_and_head_of_service_close_on_return() {
    let rec = looked_after(&[returned("E1", "2026-01-14T10:00:00Z")]);
    for rule in ["strategy_meeting", "head_of_service_notified"] {
        rec.assert_states(
            "E1",
            rule,
            &[
                ("2026-01-14T09:00:00Z", DueNow),
                ("2026-01-14T10:00:00Z", Closed),
            ],
        );
    }
}

#[test]
fn medway_strategy_meeting_completed_and_head_of_service_completed_noted() {
    let rec = looked_after(&[
        completed("E1", "strategy_meeting", "2026-01-14T12:00:00Z"),
        completed_noted(
            "E1",
            "head_of_service_notified",
            "2026-01-14T12:00:00Z",
            "Head of Service chaired the strategy meeting",
        ),
    ]);
    rec.assert_states(
        "E1",
        "strategy_meeting",
        &[("2026-01-14T12:00:00Z", Completed)],
    );
    rec.assert_states(
        "E1",
        "head_of_service_notified",
        &[("2026-01-14T12:00:00Z", Completed)],
    );
}

// ------------------------------------------------------------------ professionals_meeting

#[test]
fn medway_professionals_meeting_is_asap_once_missing_48_hours() {
    let rec = looked_after(&[]);
    assert_times(
        rec.at(REPORTED).get("E1", "professionals_meeting"),
        "2026-01-14T08:00:00Z",
        None,
    );
    rec.assert_states(
        "E1",
        "professionals_meeting",
        &[
            ("2026-01-14T07:59:59Z", Upcoming),
            ("2026-01-14T08:00:00Z", DueNow),
        ],
    );
}

#[test]
fn medway_professionals_meeting_stays_required_after_the_return_once_missing_48_hours() {
    // "When found, response from the police": the meeting follows the return.
    let rec = looked_after(&[returned("E1", "2026-01-14T10:00:00Z")]);
    rec.assert_states(
        "E1",
        "professionals_meeting",
        &[("2026-01-14T11:00:00Z", DueNow)],
    );
}

#[test]
fn medway_professionals_meeting_is_not_required_when_back_within_48_hours_once() {
    let rec = looked_after(&[returned("E1", "2026-01-14T07:00:00Z")]);
    rec.at("2026-01-15T00:00:00Z")
        .assert_not_required("E1", "professionals_meeting");
}

/// M1's episodes `(episode, last_seen_at, reported_at, returned_at)`.
fn episodes(list: &[(&str, &str, &str, &str)]) -> Record {
    let mut events = vec![status("looked_after")];
    for (ep, last_seen, reported_at, returned_at) in list {
        events.push(reported(ep, "M1", reported_at, last_seen));
        events.push(returned(ep, returned_at));
    }
    Record::new("medway", &events)
}

/// E1 12 Jan, E2 10 Feb, then E3 (last seen, reported, back): all back within hours.
fn three_in_90_days(third: (&str, &str, &str)) -> Record {
    episodes(&[
        (
            "E1",
            "2026-01-12T08:00:00Z",
            "2026-01-12T09:00:00Z",
            "2026-01-12T18:00:00Z",
        ),
        (
            "E2",
            "2026-02-10T08:00:00Z",
            "2026-02-10T09:00:00Z",
            "2026-02-10T18:00:00Z",
        ),
        ("E3", third.0, third.1, third.2),
    ])
}

#[test]
fn medway_professionals_meeting_is_asap_on_the_third_episode_in_90_days() {
    let rec = three_in_90_days((
        "2026-03-04T09:00:00Z",
        "2026-03-04T10:00:00Z",
        "2026-03-04T20:00:00Z",
    ));
    let v = rec.at("2026-03-04T10:00:00Z");
    assert_times(
        v.get("E3", "professionals_meeting"),
        "2026-03-04T10:00:00Z",
        None,
    );
    assert_eq!(v.get("E3", "professionals_meeting").state, DueNow);
    v.assert_absent("E1", "professionals_meeting");
    v.assert_absent("E2", "professionals_meeting");
}

#[test]
fn medway_professionals_meeting_counts_an_episode_reported_exactly_90_days_before() {
    // 90 x 24 h after 09:00 GMT on 12 January is 09:00 UTC (10:00 BST) on 12 April.
    let rec = three_in_90_days((
        "2026-04-12T08:00:00Z",
        "2026-04-12T09:00:00Z",
        "2026-04-12T20:00:00Z",
    ));
    assert_times(
        rec.at("2026-04-12T09:00:00Z")
            .get("E3", "professionals_meeting"),
        "2026-04-12T09:00:00Z",
        None,
    );
    // One second later the first episode has left the window; E3 is back at 20:00,
    // within 48 h, so nothing else opens the meeting.
    let rec = three_in_90_days((
        "2026-04-12T08:00:00Z",
        "2026-04-12T09:00:01Z",
        "2026-04-12T20:00:00Z",
    ));
    rec.at("2026-04-12T21:00:00Z")
        .assert_not_required("E3", "professionals_meeting");
}

#[test]
fn medway_professionals_meeting_opens_at_the_first_of_its_two_triggers() {
    // The third episode in 90 days, still missing at 48 h: the report came first.
    let rec = Record::new(
        "medway",
        &[
            status("looked_after"),
            reported("E1", "M1", "2026-01-12T09:00:00Z", "2026-01-12T08:00:00Z"),
            returned("E1", "2026-01-12T18:00:00Z"),
            reported("E2", "M1", "2026-02-10T09:00:00Z", "2026-02-10T08:00:00Z"),
            returned("E2", "2026-02-10T18:00:00Z"),
            reported("E3", "M1", "2026-03-04T10:00:00Z", "2026-03-04T08:00:00Z"),
        ],
    );
    assert_times(
        rec.at("2026-03-07T00:00:00Z")
            .get("E3", "professionals_meeting"),
        "2026-03-04T10:00:00Z",
        None,
    );
}

#[test]
fn medway_professionals_meeting_completed() {
    let rec = looked_after(&[completed(
        "E1",
        "professionals_meeting",
        "2026-01-15T10:00:00Z",
    )]);
    rec.assert_states(
        "E1",
        "professionals_meeting",
        &[
            ("2026-01-15T09:59:59Z", DueNow),
            ("2026-01-15T10:00:00Z", Completed),
        ],
    );
}

// ------------------------------------------------------------------ missing_exploitation_discussion

#[test]
fn medway_missing_exploitation_discussion_at_14_and_28_days() {
    let rec = looked_after(&[]);
    let v = rec.at("2026-03-01T00:00:00Z");
    let all = v.all("E1", "missing_exploitation_discussion");
    assert_eq!(
        all.len(),
        2,
        "fortnightly in the first 28 days only:\n{}",
        v.dump()
    );
    assert_times(
        v.nth("E1", "missing_exploitation_discussion", 1),
        "2026-01-26T08:00:00Z",
        None,
    );
    assert_times(
        v.nth("E1", "missing_exploitation_discussion", 2),
        "2026-02-09T08:00:00Z",
        None,
    );
    let state = |now: &str, n: u32| {
        rec.at(now)
            .nth("E1", "missing_exploitation_discussion", n)
            .state
    };
    assert_eq!(state("2026-01-26T07:59:59Z", 1), Upcoming);
    assert_eq!(state("2026-01-26T08:00:00Z", 1), DueNow);
    assert_eq!(state("2026-02-09T07:59:59Z", 2), Upcoming);
    assert_eq!(state("2026-02-09T08:00:00Z", 2), DueNow);
}

#[test]
fn medway_missing_exploitation_discussion_each_is_completed_on_its_own() {
    let rec = looked_after(&[
        completed(
            "E1",
            "missing_exploitation_discussion",
            "2026-01-26T10:00:00Z",
        ),
        completed(
            "E1",
            "missing_exploitation_discussion",
            "2026-02-09T12:00:00Z",
        ),
    ]);
    let v = rec.at("2026-01-27T00:00:00Z");
    assert_eq!(
        v.nth("E1", "missing_exploitation_discussion", 1).state,
        Completed
    );
    assert_eq!(
        v.nth("E1", "missing_exploitation_discussion", 2).state,
        Upcoming
    );
    let v = rec.at("2026-02-09T08:00:00Z");
    assert_eq!(
        v.nth("E1", "missing_exploitation_discussion", 2).state,
        DueNow
    );
    assert!(v.listed("E1", "missing_exploitation_discussion"));
    let v = rec.at("2026-02-09T12:00:00Z");
    assert_eq!(
        v.nth("E1", "missing_exploitation_discussion", 2).state,
        Completed
    );
    assert!(!v.listed("E1", "missing_exploitation_discussion"));
}

#[test]
fn medway_missing_exploitation_discussion_closes_on_return() {
    let rec = looked_after(&[returned("E1", "2026-02-01T10:00:00Z")]);
    let v = rec.at("2026-02-10T00:00:00Z");
    assert_eq!(
        v.nth("E1", "missing_exploitation_discussion", 1).state,
        Closed
    );
    v.assert_not_required("E1", "missing_exploitation_discussion");
}

#[test]
fn medway_exploitation_discussions_held_on_days_two_and_five_settle_only_the_fourteen_day_point() {
    // Issue 12 item 6; 002 "When to review": fortnightly in the first 28 days. PROCEDURES:
    // one recorded before the first point settles the first; if that is already settled,
    // the completion settles nothing more and is never carried forward to a later point.
    // Points: 08:00 GMT 26 Jan (14 d) and 9 Feb (28 d).
    let rec = looked_after(&[
        completed(
            "E1",
            "missing_exploitation_discussion",
            "2026-01-14T10:00:00Z",
        ),
        completed(
            "E1",
            "missing_exploitation_discussion",
            "2026-01-17T10:00:00Z",
        ),
    ]);
    let v = rec.at("2026-01-27T00:00:00Z");
    let first = v.nth("E1", "missing_exploitation_discussion", 1);
    assert_eq!(first.state, Completed);
    assert_eq!(first.resolved_at, Some(t("2026-01-14T10:00:00Z")));
    assert!(!v.listed("E1", "missing_exploitation_discussion"));
    let v = rec.at("2026-02-09T08:00:00Z");
    let second = v.nth("E1", "missing_exploitation_discussion", 2);
    assert_eq!(second.state, DueNow, "{}", v.dump());
    assert_eq!(second.resolved_at, None);
    assert!(v.listed("E1", "missing_exploitation_discussion"));
}

#[test]
fn medway_a_discussion_between_points_after_the_first_was_held_leaves_the_28_day_one_due() {
    // Held at the 14-day point, then again on day 20: the second is "a meeting between
    // points" and does not stand for the 28-day discussion.
    let rec = looked_after(&[
        completed(
            "E1",
            "missing_exploitation_discussion",
            "2026-01-26T10:00:00Z",
        ),
        completed(
            "E1",
            "missing_exploitation_discussion",
            "2026-02-01T10:00:00Z",
        ),
    ]);
    let v = rec.at("2026-02-09T09:00:00Z");
    assert_eq!(
        v.nth("E1", "missing_exploitation_discussion", 1)
            .resolved_at,
        Some(t("2026-01-26T10:00:00Z"))
    );
    assert_eq!(
        v.nth("E1", "missing_exploitation_discussion", 2).state,
        DueNow
    );
}

#[test]
fn medway_an_unheld_fourteen_day_discussion_closes_when_the_28_day_one_opens() {
    // PROCEDURES: each point stands until the next point opens; an unsettled one then
    // closes, not done. A discussion held on day 30 settles the 28-day point only.
    let rec = looked_after(&[completed(
        "E1",
        "missing_exploitation_discussion",
        "2026-02-11T10:00:00Z",
    )]);
    let v = rec.at("2026-02-09T07:59:59Z");
    assert_eq!(
        v.nth("E1", "missing_exploitation_discussion", 1).state,
        DueNow
    );
    let v = rec.at("2026-02-09T08:00:00Z");
    let first = v.nth("E1", "missing_exploitation_discussion", 1);
    assert_eq!(first.state, Closed);
    assert_eq!(first.closed_at, Some(t("2026-02-09T08:00:00Z")));
    assert!(!first.breached, "an asap discussion never breaches");
    assert_eq!(
        v.nth("E1", "missing_exploitation_discussion", 2).state,
        DueNow
    );
    let v = rec.at("2026-02-12T00:00:00Z");
    assert_eq!(
        v.nth("E1", "missing_exploitation_discussion", 1).state,
        Closed
    );
    assert_eq!(
        v.nth("E1", "missing_exploitation_discussion", 2).state,
        Completed
    );
}

// ------------------------------------------------------------------ case_review_2_months

#[test]
fn medway_case_review_is_asap_two_calendar_months_after_last_seen() {
    let rec = looked_after(&[]);
    assert_times(
        rec.at(REPORTED).get("E1", "case_review_2_months"),
        "2026-03-12T08:00:00Z",
        None,
    );
    rec.assert_states(
        "E1",
        "case_review_2_months",
        &[
            ("2026-03-12T07:59:59Z", Upcoming),
            ("2026-03-12T08:00:00Z", DueNow),
        ],
    );
}

#[test]
fn medway_case_review_closes_on_return_and_can_be_completed() {
    let rec = looked_after(&[returned("E1", "2026-03-13T10:00:00Z")]);
    rec.assert_states(
        "E1",
        "case_review_2_months",
        &[("2026-03-13T10:00:00Z", Closed)],
    );
    let rec = looked_after(&[completed(
        "E1",
        "case_review_2_months",
        "2026-03-12T15:00:00Z",
    )]);
    rec.assert_states(
        "E1",
        "case_review_2_months",
        &[("2026-03-12T15:00:00Z", Completed)],
    );
}

// ------------------------------------------------------------------ UASC

#[test]
fn medway_uasc_professionals_meeting_at_28_days_then_every_two_months_before_six() {
    // 28 d after 08:00 GMT 12 Jan: 08:00 GMT 9 Feb. Then 2 and 4 calendar months on
    // the local clock: 08:00 BST on 9 April and 9 June. 28 d + 6 months is past 6 months.
    let rec = uasc(&[]);
    let v = rec.at("2026-09-01T00:00:00+01:00");
    let all = v.all("E1", "uasc_professionals_meeting");
    assert_eq!(all.len(), 3, "{}", v.dump());
    assert_times(all[0], "2026-02-09T08:00:00Z", None);
    assert_times(all[1], "2026-04-09T08:00:00+01:00", None);
    assert_times(all[2], "2026-06-09T08:00:00+01:00", None);
    let state = |now: &str, n: u32| rec.at(now).nth("E1", "uasc_professionals_meeting", n).state;
    assert_eq!(state("2026-02-09T07:59:59Z", 1), Upcoming);
    assert_eq!(state("2026-02-09T08:00:00Z", 1), DueNow);
    assert_eq!(state("2026-04-09T07:59:59+01:00", 2), Upcoming);
    assert_eq!(state("2026-04-09T08:00:00+01:00", 2), DueNow);
    assert_eq!(state("2026-06-09T08:00:00+01:00", 3), DueNow);
}

#[test]
fn medway_uasc_professionals_meeting_typed_in_twice_leaves_the_two_month_point_due() {
    // Issue 12 item 6; 002 UASC: "reviewed on a bi-monthly basis for the first 6 months".
    // The 28-day meeting (08:00 GMT 9 Feb) entered twice: the duplicate settles nothing,
    // so the meeting 2 months on (08:00 BST 9 April) still opens.
    let rec = uasc(&[
        completed("E1", "uasc_professionals_meeting", "2026-02-09T12:00:00Z"),
        completed("E1", "uasc_professionals_meeting", "2026-02-09T12:05:00Z"),
    ]);
    let v = rec.at("2026-02-10T00:00:00Z");
    assert_eq!(
        v.nth("E1", "uasc_professionals_meeting", 1).state,
        Completed
    );
    assert!(!v.listed("E1", "uasc_professionals_meeting"));
    let v = rec.at("2026-04-09T08:00:00+01:00");
    let second = v.nth("E1", "uasc_professionals_meeting", 2);
    assert_eq!(second.state, DueNow, "{}", v.dump());
    assert!(v.listed("E1", "uasc_professionals_meeting"));
    assert_eq!(v.nth("E1", "uasc_professionals_meeting", 3).state, Upcoming);
}

#[test]
fn medway_six_month_meeting_for_a_uasc_child_six_calendar_months_after_last_seen() {
    let rec = uasc(&[]);
    assert_times(
        rec.at(REPORTED).get("E1", "six_month_meeting"),
        "2026-07-12T08:00:00+01:00",
        None,
    );
    rec.assert_states(
        "E1",
        "six_month_meeting",
        &[
            ("2026-07-12T07:59:59+01:00", Upcoming),
            ("2026-07-12T08:00:00+01:00", DueNow),
        ],
    );
    let rec = uasc(&[completed(
        "E1",
        "six_month_meeting",
        "2026-07-13T10:00:00+01:00",
    )]);
    rec.assert_states(
        "E1",
        "six_month_meeting",
        &[("2026-07-13T10:00:00+01:00", Completed)],
    );
}

#[test]
fn medway_uasc_meetings_are_not_required_for_other_children() {
    let v = looked_after(&[]).at("2026-08-01T00:00:00+01:00");
    v.assert_absent("E1", "uasc_professionals_meeting");
    v.assert_absent("E1", "six_month_meeting");
}

#[test]
fn medway_uasc_meetings_close_on_return() {
    let rec = uasc(&[returned("E1", "2026-03-01T10:00:00Z")]);
    let v = rec.at("2026-08-01T00:00:00+01:00");
    assert_eq!(v.nth("E1", "uasc_professionals_meeting", 1).state, Closed);
    v.assert_not_required("E1", "uasc_professionals_meeting");
    v.assert_not_required("E1", "six_month_meeting");
}

#[test]
fn medway_uasc_professionals_meetings_are_completed_one_by_one() {
    let rec = uasc(&[completed(
        "E1",
        "uasc_professionals_meeting",
        "2026-02-10T10:00:00Z",
    )]);
    let v = rec.at("2026-04-09T09:00:00+01:00");
    assert_eq!(
        v.nth("E1", "uasc_professionals_meeting", 1).state,
        Completed
    );
    assert_eq!(v.nth("E1", "uasc_professionals_meeting", 2).state, DueNow);
    assert_eq!(v.nth("E1", "uasc_professionals_meeting", 3).state, Upcoming);
}

// ------------------------------------------------------------------ on return

#[test]
fn medway_safe_and_well_check_is_asap_on_return() {
    let rec = looked_after(&[returned("E1", "2026-01-13T12:00:00Z")]);
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
        &[("2026-01-13T12:00:00Z", DueNow)],
    );
}

#[test]
fn medway_return_home_interview_is_due_72_hours_after_the_found_report() {
    let rec = looked_after(&[with(
        returned("E1", "2026-01-13T12:00:00Z"),
        "found_report_at",
        "2026-01-13T18:00:00Z",
    )]);
    assert_times(
        rec.at("2026-01-13T12:00:00Z")
            .get("E1", "return_home_interview"),
        "2026-01-13T18:00:00Z",
        Some("2026-01-16T18:00:00Z"),
    );
    rec.assert_states(
        "E1",
        "return_home_interview",
        &[
            ("2026-01-13T12:00:00Z", Upcoming),
            ("2026-01-13T18:00:00Z", Due),
            ("2026-01-16T18:00:00Z", Due),
            ("2026-01-16T18:00:01Z", Overdue),
        ],
    );
}

#[test]
fn medway_return_home_interview_found_report_defaults_to_the_return() {
    let rec = looked_after(&[returned("E1", "2026-01-13T12:00:00Z")]);
    assert_times(
        rec.at("2026-01-13T12:00:00Z")
            .get("E1", "return_home_interview"),
        "2026-01-13T12:00:00Z",
        Some("2026-01-16T12:00:00Z"),
    );
}

#[test]
fn medway_return_home_interview_is_satisfied_by_a_decline_after_four_attempts() {
    let rec = looked_after(&[
        returned("E1", "2026-01-13T12:00:00Z"),
        rhi_attempt("E1", "2026-01-14T10:00:00Z"),
        rhi_attempt("E1", "2026-01-14T12:00:00Z"),
        rhi_attempt("E1", "2026-01-14T14:00:00Z"),
        rhi_attempt("E1", "2026-01-14T16:00:00Z"),
        rhi_declined("E1", "2026-01-14T17:00:00Z"),
    ]);
    rec.assert_states(
        "E1",
        "return_home_interview",
        &[
            ("2026-01-14T16:59:59Z", Due),
            ("2026-01-14T17:00:00Z", Completed),
            ("2026-01-20T00:00:00Z", Completed),
        ],
    );
}

#[test]
fn medway_return_home_interview_completed() {
    let rec = looked_after(&[
        returned("E1", "2026-01-13T12:00:00Z"),
        completed("E1", "return_home_interview", "2026-01-15T12:00:00Z"),
    ]);
    rec.assert_states(
        "E1",
        "return_home_interview",
        &[("2026-01-15T12:00:00Z", Completed)],
    );
}

#[test]
fn medway_notify_return_is_asap_for_a_looked_after_child_not_a_child_in_need() {
    let rec = looked_after(&[returned("E1", "2026-01-13T12:00:00Z")]);
    assert_times(
        rec.at("2026-01-13T12:00:00Z").get("E1", "notify_return"),
        "2026-01-13T12:00:00Z",
        None,
    );
    rec.assert_states("E1", "notify_return", &[("2026-01-13T12:00:00Z", DueNow)]);
    let rec = episode_for(
        status("child_in_need"),
        &[returned("E1", "2026-01-13T12:00:00Z")],
    );
    rec.at("2026-01-13T13:00:00Z")
        .assert_absent("E1", "notify_return");
}

// ------------------------------------------------------------------ ola_rhi_reminder

#[test]
fn medway_ola_rhi_reminder_opens_14_days_after_the_rhi_deadline_and_escalates_at_28() {
    // RHI due 12:00 16 Jan; reminder 12:00 30 Jan; escalation 12:00 13 Feb.
    let rec = placed_by_another_la(&[returned("E1", "2026-01-13T12:00:00Z")]);
    let v = rec.at("2026-01-20T00:00:00Z");
    let i = v.get("E1", "ola_rhi_reminder");
    assert_times(i, "2026-01-30T12:00:00Z", None);
    assert_eq!(i.escalates_at, Some(t("2026-02-13T12:00:00Z")));
    rec.assert_states(
        "E1",
        "ola_rhi_reminder",
        &[
            ("2026-01-30T11:59:59Z", Upcoming),
            ("2026-01-30T12:00:00Z", DueNow),
            ("2026-02-13T12:00:00Z", DueNow),
        ],
    );
    assert!(
        !rec.at("2026-02-13T11:59:59Z")
            .get("E1", "ola_rhi_reminder")
            .escalated
    );
    assert!(
        rec.at("2026-02-13T12:00:00Z")
            .get("E1", "ola_rhi_reminder")
            .escalated
    );
}

#[test]
fn medway_ola_rhi_reminder_counts_from_the_rhi_deadline_set_by_the_found_report() {
    let rec = placed_by_another_la(&[with(
        returned("E1", "2026-01-13T12:00:00Z"),
        "found_report_at",
        "2026-01-13T18:00:00Z",
    )]);
    let v = rec.at("2026-01-20T00:00:00Z");
    let i = v.get("E1", "ola_rhi_reminder");
    assert_times(i, "2026-01-30T18:00:00Z", None);
    assert_eq!(i.escalates_at, Some(t("2026-02-13T18:00:00Z")));
}

#[test]
fn medway_ola_rhi_reminder_closes_when_the_rhi_is_done() {
    let rec = placed_by_another_la(&[
        returned("E1", "2026-01-13T12:00:00Z"),
        completed("E1", "return_home_interview", "2026-02-01T10:00:00Z"),
    ]);
    assert_eq!(
        rec.at("2026-01-31T00:00:00Z")
            .get("E1", "ola_rhi_reminder")
            .state,
        DueNow
    );
    rec.at("2026-02-01T10:00:00Z")
        .assert_not_required("E1", "ola_rhi_reminder");
    rec.at("2026-02-20T00:00:00Z")
        .assert_not_required("E1", "ola_rhi_reminder");
}

#[test]
fn medway_ola_rhi_reminder_closes_when_the_rhi_is_declined() {
    let rec = placed_by_another_la(&[
        returned("E1", "2026-01-13T12:00:00Z"),
        rhi_attempt("E1", "2026-01-20T10:00:00Z"),
        rhi_attempt("E1", "2026-01-22T10:00:00Z"),
        rhi_attempt("E1", "2026-01-26T10:00:00Z"),
        rhi_attempt("E1", "2026-01-29T10:00:00Z"),
        rhi_declined("E1", "2026-02-02T10:00:00Z"),
    ]);
    assert_eq!(
        rec.at("2026-02-01T00:00:00Z")
            .get("E1", "ola_rhi_reminder")
            .state,
        DueNow
    );
    rec.at("2026-02-02T10:00:00Z")
        .assert_not_required("E1", "ola_rhi_reminder");
}

#[test]
fn medway_ola_rhi_reminder_is_never_required_when_the_rhi_is_done_in_time() {
    let rec = placed_by_another_la(&[
        returned("E1", "2026-01-13T12:00:00Z"),
        completed("E1", "return_home_interview", "2026-01-15T12:00:00Z"),
    ]);
    rec.at("2026-02-20T00:00:00Z")
        .assert_not_required("E1", "ola_rhi_reminder");
}

#[test]
fn medway_ola_rhi_reminder_is_only_for_children_placed_by_another_authority() {
    let rec = looked_after(&[returned("E1", "2026-01-13T12:00:00Z")]);
    rec.at("2026-02-20T00:00:00Z")
        .assert_absent("E1", "ola_rhi_reminder");
}

// ------------------------------------------------------------------ absent

#[test]
fn medway_absent_episode_has_only_a_welfare_check() {
    let rec = Record::new(
        "medway",
        &[
            child_flagged(
                "M1",
                "2010-09-01",
                "looked_after",
                &["uasc", "other_la_placement"],
            ),
            with(
                reported("E1", "M1", REPORTED, LAST_SEEN),
                "category",
                "absent",
            ),
        ],
    );
    for now in [
        "2026-01-12T09:00:00Z",
        "2026-01-14T09:00:00Z",
        "2026-03-20T09:00:00Z",
        "2026-08-01T09:00:00+01:00",
    ] {
        let v = rec.at(now);
        assert_eq!(v.rules("E1"), vec!["welfare_check"], "at {now}");
        assert_eq!(v.listed_rules("E1"), vec!["welfare_check"], "at {now}");
    }
    assert_times(rec.at(REPORTED).get("E1", "welfare_check"), REPORTED, None);
}
