//! A council's one-page practice guidance (seed 004): every rule of the
//! `practice-guidance` policy, as PROCEDURES.md states it. Expected instants are
//! worked out by hand.
//!
//! The usual episode: a child in need (born 7 July 2013) last seen at 08:00 GMT on
//! Monday 12 January 2026 and reported at 09:00.

use crate::support::*;
use serde_json::Value;

const LAST_SEEN: &str = "2026-01-12T08:00:00Z";
const REPORTED: &str = "2026-01-12T09:00:00Z";

fn kid(status: &str) -> Value {
    child("P1", "2013-07-07", status)
}

fn episode_of(child_event: Value, more: &[Value]) -> Record {
    let mut events = vec![child_event, reported("E1", "P1", REPORTED, LAST_SEEN)];
    events.extend_from_slice(more);
    Record::new("practice-guidance", &events)
}

fn missing(more: &[Value]) -> Record {
    episode_of(kid("child_in_need"), more)
}

// ------------------------------------------------------------------ report_to_police

#[test]
fn practice_guidance_report_to_police_is_asap_at_report() {
    let rec = missing(&[]);
    assert_times(
        rec.at(REPORTED).get("E1", "report_to_police"),
        REPORTED,
        None,
    );
    rec.assert_states("E1", "report_to_police", &[(REPORTED, DueNow)]);
}

#[test]
fn practice_guidance_report_to_police_is_satisfied_by_police_informed() {
    let rec = missing(&[police_informed("E1", "2026-01-12T09:10:00Z", "PG-1")]);
    rec.assert_states(
        "E1",
        "report_to_police",
        &[
            ("2026-01-12T09:09:59Z", DueNow),
            ("2026-01-12T09:10:00Z", Completed),
        ],
    );
}

#[test]
fn practice_guidance_report_to_police_is_satisfied_by_a_report_carrying_a_police_ref() {
    let rec = Record::new(
        "practice-guidance",
        &[
            kid("child_in_need"),
            with(
                reported("E1", "P1", REPORTED, LAST_SEEN),
                "police_ref",
                "PG-1",
            ),
        ],
    );
    rec.assert_states("E1", "report_to_police", &[(REPORTED, Completed)]);
}

#[test]
fn practice_guidance_report_to_police_can_be_completed() {
    let rec = missing(&[completed("E1", "report_to_police", "2026-01-12T09:30:00Z")]);
    rec.assert_states(
        "E1",
        "report_to_police",
        &[("2026-01-12T09:30:00Z", Completed)],
    );
}

#[test]
fn practice_guidance_report_to_police_is_a_duty_only_while_missing() {
    // 004 "If missing - ... call Police (101)": back at 13:00, nothing left to call about.
    let rec = missing(&[returned("E1", "2026-01-12T13:00:00Z")]);
    rec.assert_states(
        "E1",
        "report_to_police",
        &[
            ("2026-01-12T12:59:59Z", DueNow),
            ("2026-01-12T13:00:00Z", Closed),
            ("2026-01-13T12:00:00Z", Closed),
        ],
    );
}

// ------------------------------------------------------------------ senior_leadership_alert

#[test]
fn practice_guidance_senior_leadership_alert_is_asap_after_24_hours_missing() {
    for status in [
        "looked_after",
        "child_protection",
        "child_in_need",
        "care_leaver",
        "early_help",
    ] {
        let rec = episode_of(kid(status), &[]);
        assert_times(
            rec.at(REPORTED).get("E1", "senior_leadership_alert"),
            "2026-01-13T08:00:00Z",
            None,
        );
        rec.assert_states(
            "E1",
            "senior_leadership_alert",
            &[
                ("2026-01-13T07:59:59Z", Upcoming),
                ("2026-01-13T08:00:00Z", DueNow),
            ],
        );
    }
}

#[test]
fn practice_guidance_senior_leadership_alert_is_not_for_a_child_not_open() {
    episode_of(kid("not_open"), &[])
        .at("2026-01-14T00:00:00Z")
        .assert_absent("E1", "senior_leadership_alert");
}

#[test]
fn practice_guidance_senior_leadership_alert_closes_on_return() {
    missing(&[returned("E1", "2026-01-13T07:00:00Z")])
        .at("2026-01-14T00:00:00Z")
        .assert_not_required("E1", "senior_leadership_alert");
    let rec = missing(&[returned("E1", "2026-01-13T10:00:00Z")]);
    rec.assert_states(
        "E1",
        "senior_leadership_alert",
        &[
            ("2026-01-13T09:00:00Z", DueNow),
            ("2026-01-13T10:00:00Z", Closed),
        ],
    );
}

#[test]
fn practice_guidance_senior_leadership_alert_completed() {
    let rec = missing(&[completed(
        "E1",
        "senior_leadership_alert",
        "2026-01-13T09:00:00Z",
    )]);
    rec.assert_states(
        "E1",
        "senior_leadership_alert",
        &[("2026-01-13T09:00:00Z", Completed)],
    );
}

// ------------------------------------------------------------------ strategy_meeting

#[test]
fn practice_guidance_strategy_meeting_is_due_3_working_days_after_report() {
    // Monday 12 Jan: Tue 13, Wed 14, Thu 15; due 23:59:59 GMT on Thursday.
    let rec = missing(&[]);
    assert_times(
        rec.at(REPORTED).get("E1", "strategy_meeting"),
        REPORTED,
        Some("2026-01-15T23:59:59Z"),
    );
    rec.assert_states(
        "E1",
        "strategy_meeting",
        &[
            ("2026-01-12T09:00:00Z", Due),
            ("2026-01-15T23:59:59Z", Due),
            ("2026-01-16T00:00:00Z", Overdue),
        ],
    );
}

#[test]
fn practice_guidance_strategy_meeting_skips_the_weekend() {
    // Friday 16 Jan 2026: Mon 19, Tue 20, Wed 21.
    let rec = Record::new(
        "practice-guidance",
        &[
            kid("child_in_need"),
            reported("E1", "P1", "2026-01-16T16:00:00Z", "2026-01-16T15:00:00Z"),
        ],
    );
    assert_times(
        rec.at("2026-01-16T16:00:00Z").get("E1", "strategy_meeting"),
        "2026-01-16T16:00:00Z",
        Some("2026-01-21T23:59:59Z"),
    );
}

#[test]
fn practice_guidance_strategy_meeting_completed_with_a_note_or_closed_on_return() {
    let rec = missing(&[completed("E1", "strategy_meeting", "2026-01-14T11:00:00Z")]);
    rec.assert_states(
        "E1",
        "strategy_meeting",
        &[("2026-01-14T11:00:00Z", Completed)],
    );
    let rec = missing(&[completed_noted(
        "E1",
        "strategy_meeting",
        "2026-01-12T10:00:00Z",
        "found within the hour, no concerns",
    )]);
    rec.assert_states(
        "E1",
        "strategy_meeting",
        &[("2026-01-12T10:00:00Z", Completed)],
    );
    let rec = missing(&[returned("E1", "2026-01-13T10:00:00Z")]);
    rec.assert_states(
        "E1",
        "strategy_meeting",
        &[
            ("2026-01-13T10:00:00Z", Closed),
            ("2026-01-17T00:00:00Z", Closed),
        ],
    );
    assert!(
        !rec.at("2026-01-17T00:00:00Z")
            .get("E1", "strategy_meeting")
            .breached
    );
}

// ------------------------------------------------------------------ on return

#[test]
fn practice_guidance_rhi_offer_is_due_24_hours_after_return() {
    let rec = missing(&[returned("E1", "2026-01-13T12:00:00Z")]);
    rec.at("2026-01-13T11:00:00Z")
        .assert_absent("E1", "rhi_offer");
    assert_times(
        rec.at("2026-01-13T12:00:00Z").get("E1", "rhi_offer"),
        "2026-01-13T12:00:00Z",
        Some("2026-01-14T12:00:00Z"),
    );
    rec.assert_states(
        "E1",
        "rhi_offer",
        &[
            ("2026-01-13T12:00:00Z", Due),
            ("2026-01-14T12:00:00Z", Due),
            ("2026-01-14T12:00:01Z", Overdue),
        ],
    );
}

#[test]
fn practice_guidance_rhi_offer_completed_or_declined() {
    let rec = missing(&[
        returned("E1", "2026-01-13T12:00:00Z"),
        completed("E1", "rhi_offer", "2026-01-13T18:00:00Z"),
    ]);
    rec.assert_states("E1", "rhi_offer", &[("2026-01-13T18:00:00Z", Completed)]);
    let rec = missing(&[
        returned("E1", "2026-01-13T12:00:00Z"),
        rhi_declined("E1", "2026-01-13T18:00:00Z"),
    ]);
    rec.assert_states("E1", "rhi_offer", &[("2026-01-13T18:00:00Z", Completed)]);
}

#[test]
fn practice_guidance_update_risk_assessment_is_asap_on_return() {
    let rec = missing(&[
        returned("E1", "2026-01-13T12:00:00Z"),
        completed("E1", "update_risk_assessment", "2026-01-14T09:00:00Z"),
    ]);
    rec.at("2026-01-13T11:00:00Z")
        .assert_absent("E1", "update_risk_assessment");
    assert_times(
        rec.at("2026-01-13T12:00:00Z")
            .get("E1", "update_risk_assessment"),
        "2026-01-13T12:00:00Z",
        None,
    );
    rec.assert_states(
        "E1",
        "update_risk_assessment",
        &[
            ("2026-01-13T12:00:00Z", DueNow),
            ("2026-01-14T09:00:00Z", Completed),
        ],
    );
}

// ------------------------------------------------------------------ absent

#[test]
fn practice_guidance_absent_episode_has_only_a_welfare_check() {
    let rec = Record::new(
        "practice-guidance",
        &[
            kid("looked_after"),
            with(
                reported("E1", "P1", REPORTED, LAST_SEEN),
                "category",
                "absent",
            ),
        ],
    );
    for now in [
        "2026-01-12T09:00:00Z",
        "2026-01-13T09:00:00Z",
        "2026-01-20T09:00:00Z",
    ] {
        let v = rec.at(now);
        assert_eq!(v.rules("E1"), vec!["welfare_check"], "at {now}");
        assert_eq!(v.listed_rules("E1"), vec!["welfare_check"], "at {now}");
    }
    assert_times(rec.at(REPORTED).get("E1", "welfare_check"), REPORTED, None);
    let rec = Record::new(
        "practice-guidance",
        &[
            kid("looked_after"),
            with(
                reported("E1", "P1", REPORTED, LAST_SEEN),
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
