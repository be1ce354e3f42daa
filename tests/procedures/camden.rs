//! Camden children's safeguarding (seed 003): every rule of the `camden` policy, as
//! PROCEDURES.md states it. Expected instants are worked out by hand.
//!
//! The usual episode: a child in need (born 3 March 2012, so 13) last seen at 08:00
//! GMT on Monday 12 January 2026 and reported at 09:00.

use crate::support::*;
use serde_json::Value;

const LAST_SEEN: &str = "2026-01-12T08:00:00Z";
const REPORTED: &str = "2026-01-12T09:00:00Z";

fn kid(status: &str) -> Value {
    child("K1", "2012-03-03", status)
}

/// K1 with this status, an episode of this category reported at 09:00, then `more`.
fn episode_of(child_event: Value, category: &str, more: &[Value]) -> Record {
    let child_ref = child_event["child"].as_str().unwrap().to_string();
    let mut report = with(
        reported("E1", &child_ref, REPORTED, LAST_SEEN),
        "category",
        category,
    );
    if category == "unauthorised_absence" {
        report = with(report, "risk", "no_apparent_risk");
    }
    let mut events = vec![child_event, report];
    events.extend_from_slice(more);
    Record::new("camden", &events)
}

fn missing(more: &[Value]) -> Record {
    episode_of(kid("child_in_need"), "missing", more)
}

fn detail(rec: &Record, now: &str, rule: &str) -> String {
    rec.at(now)
        .get("E1", rule)
        .detail
        .clone()
        .unwrap_or_default()
}

// ------------------------------------------------------------------ report_to_police

#[test]
fn camden_report_to_police_is_asap_at_report_for_missing_absconded_and_abducted() {
    for category in ["missing", "absconded", "abducted"] {
        let rec = episode_of(kid("child_in_need"), category, &[]);
        let v = rec.at(REPORTED);
        let i = v.get("E1", "report_to_police");
        assert_times(i, REPORTED, None);
        assert_eq!(i.state, DueNow, "{category}");
    }
}

#[test]
fn camden_report_to_police_is_not_required_for_absences() {
    for category in [
        "concerning_absence_low",
        "concerning_absence_medium",
        "unauthorised_absence",
    ] {
        let rec = episode_of(kid("child_in_need"), category, &[]);
        rec.at("2026-01-12T10:00:00Z")
            .assert_absent("E1", "report_to_police");
    }
}

#[test]
fn camden_report_to_police_is_satisfied_by_police_informed() {
    let rec = missing(&[police_informed("E1", "2026-01-12T09:20:00Z", "MPS-4471")]);
    rec.assert_states(
        "E1",
        "report_to_police",
        &[
            ("2026-01-12T09:19:59Z", DueNow),
            ("2026-01-12T09:20:00Z", Completed),
        ],
    );
    assert_eq!(
        rec.at("2026-01-12T10:00:00Z")
            .get("E1", "report_to_police")
            .resolved_at,
        Some(t("2026-01-12T09:20:00Z"))
    );
}

#[test]
fn camden_report_to_police_is_satisfied_by_a_report_carrying_a_police_ref() {
    let rec = Record::new(
        "camden",
        &[
            kid("child_in_need"),
            with(
                reported("E1", "K1", REPORTED, LAST_SEEN),
                "police_ref",
                "MPS-4471",
            ),
        ],
    );
    rec.assert_states("E1", "report_to_police", &[(REPORTED, Completed)]);
}

#[test]
fn camden_report_to_police_closes_on_the_return_without_a_breach() {
    // 003 2.1: a child "must be reported to the police as missing"; back at 15:00, the
    // duty ends with the missing (it is asap, so it never breaches).
    let rec = missing(&[returned("E1", "2026-01-12T15:00:00Z")]);
    rec.assert_states(
        "E1",
        "report_to_police",
        &[
            ("2026-01-12T14:59:59Z", DueNow),
            ("2026-01-12T15:00:00Z", Closed),
            ("2026-01-14T09:00:00Z", Closed),
        ],
    );
    assert!(!rec
        .at("2026-01-14T09:00:00Z")
        .listed("E1", "report_to_police"));
}

// ------------------------------------------------------------------ send_notifications

#[test]
fn camden_send_notifications_is_asap_at_report_for_every_category_but_unauthorised_absence() {
    for category in [
        "missing",
        "concerning_absence_low",
        "concerning_absence_medium",
        "absconded",
        "abducted",
    ] {
        let rec = episode_of(kid("child_in_need"), category, &[]);
        let v = rec.at(REPORTED);
        let i = v.get("E1", "send_notifications");
        assert_times(i, REPORTED, None);
        assert_eq!(i.state, DueNow, "{category}");
    }
    let rec = episode_of(kid("child_in_need"), "unauthorised_absence", &[]);
    rec.at(REPORTED).assert_absent("E1", "send_notifications");
}

#[test]
fn camden_send_notifications_names_the_recipients_by_status() {
    for (status, section) in [
        ("child_in_need", "8.1"),
        ("child_protection", "8.2"),
        ("looked_after", "8.3"),
    ] {
        let rec = episode_of(kid(status), "missing", &[]);
        let d = detail(&rec, REPORTED, "send_notifications");
        assert!(d.contains(section), "{status}: {d}");
        for other in ["8.1", "8.2", "8.3"].iter().filter(|s| **s != section) {
            assert!(!d.contains(other), "{status}: {d}");
        }
    }
}

#[test]
fn camden_send_notifications_tells_parents_only_when_the_category_is_missing() {
    let rec = episode_of(kid("child_in_need"), "missing", &[]);
    let d = detail(&rec, REPORTED, "send_notifications");
    assert!(
        d.contains("tell the parents") && !d.contains("not tell"),
        "{d}"
    );
    for category in ["absconded", "concerning_absence_medium"] {
        let rec = episode_of(kid("child_in_need"), category, &[]);
        let d = detail(&rec, REPORTED, "send_notifications");
        assert!(d.contains("do not tell the parents"), "{category}: {d}");
    }
}

#[test]
fn camden_send_notifications_completed() {
    let rec = missing(&[completed(
        "E1",
        "send_notifications",
        "2026-01-12T10:00:00Z",
    )]);
    rec.assert_states(
        "E1",
        "send_notifications",
        &[
            ("2026-01-12T09:59:59Z", DueNow),
            ("2026-01-12T10:00:00Z", Completed),
        ],
    );
}

// ------------------------------------------------------------------ daily_update

#[test]
fn camden_daily_update_is_due_24_hours_after_the_report() {
    let rec = missing(&[]);
    assert_times(
        rec.at(REPORTED).get("E1", "daily_update"),
        REPORTED,
        Some("2026-01-13T09:00:00Z"),
    );
    rec.assert_states(
        "E1",
        "daily_update",
        &[
            ("2026-01-12T09:00:00Z", Due),
            ("2026-01-13T09:00:00Z", Due),
            ("2026-01-13T09:00:01Z", Overdue),
        ],
    );
    // A missed day stays overdue against the first deadline.
    let v = rec.at("2026-01-14T12:00:00Z");
    assert_eq!(v.get("E1", "daily_update").state, Overdue);
    assert_eq!(
        v.get("E1", "daily_update").due_at,
        t("2026-01-13T09:00:00Z")
    );
}

#[test]
fn camden_daily_update_is_due_24_hours_after_the_latest_update() {
    let rec = missing(&[
        update("E1", "2026-01-12T20:00:00Z"),
        update("E1", "2026-01-13T19:00:00Z"),
    ]);
    let v = rec.at("2026-01-13T10:00:00Z");
    assert_times(
        v.get("E1", "daily_update"),
        "2026-01-12T20:00:00Z",
        Some("2026-01-13T20:00:00Z"),
    );
    assert_eq!(v.get("E1", "daily_update").state, Due);
    let v = rec.at("2026-01-14T10:00:00Z");
    assert_times(
        v.get("E1", "daily_update"),
        "2026-01-13T19:00:00Z",
        Some("2026-01-14T19:00:00Z"),
    );
    rec.assert_states(
        "E1",
        "daily_update",
        &[
            ("2026-01-14T19:00:00Z", Due),
            ("2026-01-14T19:00:01Z", Overdue),
        ],
    );
}

#[test]
fn camden_daily_update_restarts_when_completed() {
    let rec = missing(&[completed("E1", "daily_update", "2026-01-13T10:00:00Z")]);
    let v = rec.at("2026-01-13T10:00:00Z");
    assert_times(
        v.get("E1", "daily_update"),
        "2026-01-13T10:00:00Z",
        Some("2026-01-14T10:00:00Z"),
    );
    assert_eq!(v.get("E1", "daily_update").state, Due);
}

#[test]
fn camden_daily_update_closes_on_return() {
    let rec = missing(&[returned("E1", "2026-01-13T06:00:00Z")]);
    rec.assert_states(
        "E1",
        "daily_update",
        &[
            ("2026-01-13T05:00:00Z", Due),
            ("2026-01-13T06:00:00Z", Closed),
            ("2026-01-14T00:00:00Z", Closed),
        ],
    );
    assert!(
        !rec.at("2026-01-14T00:00:00Z")
            .get("E1", "daily_update")
            .breached
    );
}

#[test]
fn camden_daily_update_applies_to_every_category_but_unauthorised_absence() {
    for category in ["concerning_absence_low", "absconded", "abducted"] {
        let rec = episode_of(kid("child_in_need"), category, &[]);
        assert_times(
            rec.at(REPORTED).get("E1", "daily_update"),
            REPORTED,
            Some("2026-01-13T09:00:00Z"),
        );
    }
    let rec = episode_of(kid("child_in_need"), "unauthorised_absence", &[]);
    rec.at("2026-01-14T00:00:00Z")
        .assert_absent("E1", "daily_update");
}

// ------------------------------------------------------------------ strategy_meeting

#[test]
fn camden_strategy_meeting_is_asap_once_missing_three_days() {
    let rec = missing(&[completed("E1", "strategy_meeting", "2026-01-15T14:00:00Z")]);
    assert_times(
        rec.at(REPORTED).get("E1", "strategy_meeting"),
        "2026-01-15T08:00:00Z",
        None,
    );
    rec.assert_states(
        "E1",
        "strategy_meeting",
        &[
            ("2026-01-15T07:59:59Z", Upcoming),
            ("2026-01-15T08:00:00Z", DueNow),
            ("2026-01-15T14:00:00Z", Completed),
        ],
    );
}

#[test]
fn camden_strategy_meeting_is_not_required_when_back_within_three_days_and_closes_on_return() {
    let rec = missing(&[returned("E1", "2026-01-15T07:00:00Z")]);
    rec.at("2026-01-16T00:00:00Z")
        .assert_not_required("E1", "strategy_meeting");
    let rec = missing(&[returned("E1", "2026-01-15T09:00:00Z")]);
    rec.assert_states(
        "E1",
        "strategy_meeting",
        &[("2026-01-15T09:00:00Z", Closed)],
    );
}

#[test]
fn camden_strategy_meeting_review_is_weekly_after_a_meeting_was_held() {
    let rec = missing(&[
        completed("E1", "strategy_meeting", "2026-01-15T14:00:00Z"),
        completed("E1", "strategy_meeting_review", "2026-01-21T10:00:00Z"),
    ]);
    rec.at("2026-01-15T13:59:59Z")
        .assert_absent("E1", "strategy_meeting_review");
    assert_times(
        rec.at("2026-01-15T14:00:00Z")
            .get("E1", "strategy_meeting_review"),
        "2026-01-15T14:00:00Z",
        Some("2026-01-22T14:00:00Z"),
    );
    assert_times(
        rec.at("2026-01-21T10:00:00Z")
            .get("E1", "strategy_meeting_review"),
        "2026-01-21T10:00:00Z",
        Some("2026-01-28T10:00:00Z"),
    );
    rec.assert_states(
        "E1",
        "strategy_meeting_review",
        &[
            ("2026-01-15T14:00:00Z", Due),
            ("2026-01-28T10:00:00Z", Due),
            ("2026-01-28T10:00:01Z", Overdue),
        ],
    );
}

#[test]
fn camden_strategy_meeting_review_is_overdue_when_a_week_passes_without_one() {
    let rec = missing(&[completed("E1", "strategy_meeting", "2026-01-15T14:00:00Z")]);
    rec.assert_states(
        "E1",
        "strategy_meeting_review",
        &[
            ("2026-01-22T14:00:00Z", Due),
            ("2026-01-22T14:00:01Z", Overdue),
        ],
    );
}

#[test]
fn camden_strategy_meeting_review_closes_on_return() {
    let rec = missing(&[
        completed("E1", "strategy_meeting", "2026-01-15T14:00:00Z"),
        returned("E1", "2026-01-18T10:00:00Z"),
    ]);
    rec.assert_states(
        "E1",
        "strategy_meeting_review",
        &[
            ("2026-01-18T09:00:00Z", Due),
            ("2026-01-18T10:00:00Z", Closed),
            ("2026-01-25T00:00:00Z", Closed),
        ],
    );
}

#[test]
fn camden_strategy_meeting_cannot_be_waived_a_review_follows_only_a_held_meeting() {
    // PROCEDURES.md: reviews follow "after a strategy meeting was held", weekly from
    // the last *held* meeting; and the meeting cannot be waived (PROCEDURES.md,
    // Waivers: camden allows only notify_parents and an under-11's RHI).
    assert_waiver_refused("strategy_meeting", || {
        missing(&[waived(
            "E1",
            "strategy_meeting",
            "2026-01-15T09:00:00Z",
            "child seen by police, whereabouts now known",
        )]);
    });
}

#[test]
fn camden_mpu_allocation_is_asap_at_48_hours() {
    let rec = missing(&[]);
    assert_times(
        rec.at(REPORTED).get("E1", "mpu_allocation"),
        "2026-01-14T08:00:00Z",
        None,
    );
    rec.assert_states(
        "E1",
        "mpu_allocation",
        &[
            ("2026-01-14T07:59:59Z", Upcoming),
            ("2026-01-14T08:00:00Z", DueNow),
        ],
    );
}

#[test]
fn camden_mpu_allocation_is_asap_at_report_with_an_open_police_exploitation_report() {
    let rec = episode_of(
        child_flagged(
            "K1",
            "2012-03-03",
            "child_in_need",
            &["ce_police_report_open"],
        ),
        "missing",
        &[completed("E1", "mpu_allocation", "2026-01-12T11:00:00Z")],
    );
    assert_times(rec.at(REPORTED).get("E1", "mpu_allocation"), REPORTED, None);
    rec.assert_states(
        "E1",
        "mpu_allocation",
        &[
            ("2026-01-12T09:00:00Z", DueNow),
            ("2026-01-12T11:00:00Z", Completed),
        ],
    );
}

#[test]
fn camden_mpu_allocation_is_not_required_when_back_within_48_hours_and_closes_on_return() {
    let rec = missing(&[returned("E1", "2026-01-14T07:00:00Z")]);
    rec.at("2026-01-15T00:00:00Z")
        .assert_not_required("E1", "mpu_allocation");
    let rec = missing(&[returned("E1", "2026-01-14T09:00:00Z")]);
    rec.assert_states("E1", "mpu_allocation", &[("2026-01-14T09:00:00Z", Closed)]);
}

// ------------------------------------------------------------------ national_alert

#[test]
fn camden_national_alert_is_asap_at_five_days_for_looked_after_and_child_protection() {
    for status in ["looked_after", "child_protection"] {
        let rec = episode_of(kid(status), "missing", &[]);
        assert_times(
            rec.at(REPORTED).get("E1", "national_alert"),
            "2026-01-17T08:00:00Z",
            None,
        );
        rec.assert_states(
            "E1",
            "national_alert",
            &[
                ("2026-01-17T07:59:59Z", Upcoming),
                ("2026-01-17T08:00:00Z", DueNow),
            ],
        );
    }
}

#[test]
fn camden_national_alert_is_not_required_for_a_child_in_need() {
    missing(&[])
        .at("2026-01-18T00:00:00Z")
        .assert_absent("E1", "national_alert");
}

#[test]
fn camden_national_alert_closes_on_return_and_can_be_completed() {
    let rec = episode_of(
        kid("looked_after"),
        "missing",
        &[returned("E1", "2026-01-17T10:00:00Z")],
    );
    rec.assert_states("E1", "national_alert", &[("2026-01-17T10:00:00Z", Closed)]);
    let rec = episode_of(
        kid("looked_after"),
        "missing",
        &[completed("E1", "national_alert", "2026-01-17T09:00:00Z")],
    );
    rec.assert_states(
        "E1",
        "national_alert",
        &[("2026-01-17T09:00:00Z", Completed)],
    );
}

// ------------------------------------------------------------------ absences: no missing-only duties

/// 003 2.2 and 2.3: a concerning or unauthorised absence has whereabouts known. 9's MPU
/// takes children "reported missing", its meeting is for a child "missing for 3 days"
/// (reviewed weekly "whilst a child remains missing"), and 11's alert asks for "help in
/// locating a missing child": none applies to an absence (PROCEDURES.md camden, Reading).
#[test]
fn camden_absences_get_no_mpu_strategy_meeting_review_or_national_alert() {
    for category in [
        "concerning_absence_low",
        "concerning_absence_medium",
        "unauthorised_absence",
    ] {
        for status in ["looked_after", "child_protection", "child_in_need"] {
            // Six days away, a meeting held anyway on day 3: nothing missing-only follows.
            let rec = episode_of(
                kid(status),
                category,
                &[completed("E1", "strategy_meeting", "2026-01-15T10:00:00Z")],
            );
            let v = rec.at("2026-01-18T09:00:00Z");
            for rule in [
                "mpu_allocation",
                "strategy_meeting",
                "strategy_meeting_review",
                "national_alert",
            ] {
                v.assert_absent("E1", rule);
            }
        }
    }
}

/// 003 9: "Children with an open Child Exploitation police report ... will be allocated
/// to the MPU at the point of being reported missing": a medium concerning absence of
/// such a child is not reported missing, so no MPU at the report either.
#[test]
fn camden_concerning_absence_with_an_open_police_exploitation_report_gets_no_mpu() {
    let rec = episode_of(
        child_flagged(
            "K1",
            "2012-03-03",
            "child_protection",
            &["ce_risk", "ce_police_report_open"],
        ),
        "concerning_absence_medium",
        &[],
    );
    rec.at(REPORTED).assert_absent("E1", "mpu_allocation");
    rec.at("2026-01-15T09:00:00Z")
        .assert_absent("E1", "mpu_allocation");
}

/// 003 2.4, 2.5: absconded and abducted children are "reported as missing": the MPU
/// (48 h), the 3-day meeting and, looked after, the 5-day alert apply as for `missing`.
#[test]
fn camden_absconded_and_abducted_get_the_missing_only_duties() {
    for category in ["absconded", "abducted"] {
        let rec = episode_of(kid("looked_after"), category, &[]);
        let v = rec.at(REPORTED);
        assert_times(v.get("E1", "mpu_allocation"), "2026-01-14T08:00:00Z", None);
        assert_times(
            v.get("E1", "strategy_meeting"),
            "2026-01-15T08:00:00Z",
            None,
        );
        assert_times(v.get("E1", "national_alert"), "2026-01-17T08:00:00Z", None);
    }
}

/// PROCEDURES.md camden Reading: "Whereabouts lost: `category_changed` to `missing`";
/// category_changed: "duties only it has start, with `last_seen_at` anchors at the
/// change's `last_seen_at`". Away since 09:00 12 Jan; missing from 10:00 13 Jan, last
/// seen 08:00 13 Jan: the MPU at 08:00 15 Jan (+ 48 h), the meeting at 08:00 16 Jan
/// (+ 72 h) and, looked after, the alert at 08:00 18 Jan (+ 5 days).
#[test]
fn camden_unauthorised_absence_that_becomes_missing_starts_the_missing_only_duties_at_the_change() {
    let rec = episode_of(
        kid("looked_after"),
        "unauthorised_absence",
        &[serde_json::json!({
            "type": "category_changed", "at": "2026-01-13T10:00:00Z", "episode": "E1",
            "category": "missing", "last_seen_at": "2026-01-13T08:00:00Z",
            "reason": "left the friend's flat; whereabouts unknown"
        })],
    );
    let before = rec.at("2026-01-13T09:00:00Z");
    before.assert_absent("E1", "mpu_allocation");
    before.assert_absent("E1", "strategy_meeting");
    let v = rec.at("2026-01-13T10:00:00Z");
    assert_times(v.get("E1", "mpu_allocation"), "2026-01-15T08:00:00Z", None);
    assert_times(
        v.get("E1", "strategy_meeting"),
        "2026-01-16T08:00:00Z",
        None,
    );
    assert_times(v.get("E1", "national_alert"), "2026-01-18T08:00:00Z", None);
}

// ------------------------------------------------------------------ return_home_interview

#[test]
fn camden_return_home_interview_is_due_72_hours_after_return() {
    for category in ["missing", "concerning_absence_low", "absconded"] {
        let rec = episode_of(
            kid("child_in_need"),
            category,
            &[returned("E1", "2026-01-13T12:00:00Z")],
        );
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
}

#[test]
fn camden_return_home_interview_completed_or_declined() {
    let rec = missing(&[
        returned("E1", "2026-01-13T12:00:00Z"),
        completed("E1", "return_home_interview", "2026-01-15T12:00:00Z"),
    ]);
    rec.assert_states(
        "E1",
        "return_home_interview",
        &[("2026-01-15T12:00:00Z", Completed)],
    );
    // Declined by a child not open to children's services: settled (3.2). A child
    // with a social worker keeps it, reallocated (camden_duties.rs).
    let rec = episode_of(
        kid("not_open"),
        "missing",
        &[
            returned("E1", "2026-01-13T12:00:00Z"),
            rhi_declined("E1", "2026-01-14T12:00:00Z"),
        ],
    );
    rec.assert_states(
        "E1",
        "return_home_interview",
        &[("2026-01-14T12:00:00Z", Completed)],
    );
}

#[test]
fn camden_return_home_interview_by_the_social_worker_under_11() {
    // Born 1 February 2016: 9 at the report.
    let rec = episode_of(
        child("K1", "2016-02-01", "child_in_need"),
        "missing",
        &[returned("E1", "2026-01-13T12:00:00Z")],
    );
    let d = detail(&rec, "2026-01-13T12:00:00Z", "return_home_interview");
    assert!(d.contains("allocated social worker"), "{d}");
    assert!(!d.contains("outreach"), "{d}");
}

#[test]
fn camden_return_home_interview_by_the_missing_outreach_worker_at_12_and_over() {
    // Born 3 March 2012 (13) and 12 January 2014 (12 on the day of the report).
    for dob in ["2012-03-03", "2014-01-12"] {
        let rec = episode_of(
            child("K1", dob, "child_in_need"),
            "missing",
            &[returned("E1", "2026-01-13T12:00:00Z")],
        );
        let d = detail(&rec, "2026-01-13T12:00:00Z", "return_home_interview");
        assert!(d.contains("by the missing outreach worker"), "{dob}: {d}");
        assert!(!d.contains("by the allocated social worker"), "{dob}: {d}");
    }
}

#[test]
fn camden_return_home_interview_at_11_names_both_workers() {
    // PROCEDURES.md is silent on age 11 ("under 11" / "12 and over"); the policy's
    // choice, from seed 003: the outreach worker if in secondary school, otherwise
    // the allocated social worker. Born 13 January 2014: 11 at the report.
    let rec = episode_of(
        child("K1", "2014-01-13", "child_in_need"),
        "missing",
        &[returned("E1", "2026-01-13T12:00:00Z")],
    );
    let d = detail(&rec, "2026-01-13T12:00:00Z", "return_home_interview");
    assert!(
        d.contains("outreach worker") && d.contains("allocated social worker"),
        "{d}"
    );
}

#[test]
fn camden_a_single_unauthorised_absence_needs_no_return_home_interview() {
    let rec = episode_of(
        kid("looked_after"),
        "unauthorised_absence",
        &[returned("E1", "2026-01-12T18:00:00Z")],
    );
    rec.at("2026-01-13T00:00:00Z")
        .assert_absent("E1", "return_home_interview");
}

/// K1's unauthorised absences `(episode, last_seen_at, reported_at, returned_at)`,
/// then `more`.
fn unauthorised(list: &[(&str, &str, &str, &str)], more: &[Value]) -> Record {
    let mut events = vec![kid("looked_after")];
    for (ep, last_seen, reported_at, returned_at) in list {
        events.push(with(
            with(
                reported(ep, "K1", reported_at, last_seen),
                "category",
                "unauthorised_absence",
            ),
            "risk",
            "no_apparent_risk",
        ));
        events.push(returned(ep, returned_at));
    }
    events.extend_from_slice(more);
    Record::new("camden", &events)
}

#[test]
fn camden_return_home_interview_after_three_unauthorised_absences_in_one_month() {
    let rec = unauthorised(
        &[
            (
                "U1",
                "2026-03-02T09:00:00Z",
                "2026-03-02T10:00:00Z",
                "2026-03-02T18:00:00Z",
            ),
            (
                "U2",
                "2026-03-10T09:00:00Z",
                "2026-03-10T10:00:00Z",
                "2026-03-10T18:00:00Z",
            ),
            (
                "U3",
                "2026-03-25T09:00:00Z",
                "2026-03-25T10:00:00Z",
                "2026-03-25T18:00:00Z",
            ),
        ],
        &[],
    );
    let v = rec.at("2026-03-25T18:00:00Z");
    v.assert_absent("U1", "return_home_interview");
    v.assert_absent("U2", "return_home_interview");
    let i = v.get("U3", "return_home_interview");
    assert_times(i, "2026-03-25T18:00:00Z", Some("2026-03-28T18:00:00Z"));
    assert_eq!(i.state, Due);
    rec.assert_states(
        "U3",
        "return_home_interview",
        &[
            ("2026-03-28T18:00:00Z", Due),
            ("2026-03-28T18:00:01Z", Overdue),
        ],
    );
}

#[test]
fn camden_three_unauthorised_absences_in_a_month_spanning_two_calendar_months() {
    // PROCEDURES.md says "within one calendar month"; seed 003 says "in a period of
    // one month". The engine's reading: the month before (and including) the third
    // report, on the local calendar. 18 Feb 10:00 to 18 Mar 10:00.
    let list = |first: &'static str| {
        [
            ("U1", "2026-02-18T09:00:00Z", first, "2026-02-18T18:00:00Z"),
            (
                "U2",
                "2026-03-01T09:00:00Z",
                "2026-03-01T10:00:00Z",
                "2026-03-01T18:00:00Z",
            ),
            (
                "U3",
                "2026-03-18T09:00:00Z",
                "2026-03-18T10:00:00Z",
                "2026-03-18T18:00:00Z",
            ),
        ]
    };
    let rec = unauthorised(&list("2026-02-18T10:00:00Z"), &[]);
    assert_times(
        rec.at("2026-03-18T18:00:00Z")
            .get("U3", "return_home_interview"),
        "2026-03-18T18:00:00Z",
        Some("2026-03-21T18:00:00Z"),
    );
    let rec = unauthorised(&list("2026-02-18T09:59:59Z"), &[]);
    rec.at("2026-03-18T18:00:00Z")
        .assert_absent("U3", "return_home_interview");
}

#[test]
fn camden_one_month_before_31_march_is_28_february() {
    // Month-end clamping of the window: 31 March 10:00 BST less a month is 28 February
    // 10:00 GMT (there is no 31 February).
    let list = |first: &'static str| {
        [
            ("U1", "2026-02-28T09:00:00Z", first, "2026-02-28T18:00:00Z"),
            (
                "U2",
                "2026-03-15T09:00:00Z",
                "2026-03-15T10:00:00Z",
                "2026-03-15T18:00:00Z",
            ),
            (
                "U3",
                "2026-03-31T09:00:00+01:00",
                "2026-03-31T10:00:00+01:00",
                "2026-03-31T18:00:00+01:00",
            ),
        ]
    };
    let rec = unauthorised(&list("2026-02-28T10:00:00Z"), &[]);
    assert_times(
        rec.at("2026-03-31T18:00:00+01:00")
            .get("U3", "return_home_interview"),
        "2026-03-31T18:00:00+01:00",
        Some("2026-04-03T18:00:00+01:00"),
    );
    let rec = unauthorised(&list("2026-02-28T09:59:59Z"), &[]);
    rec.at("2026-03-31T19:00:00+01:00")
        .assert_absent("U3", "return_home_interview");
}

#[test]
fn camden_only_unauthorised_absences_count_towards_the_three() {
    let rec = Record::new(
        "camden",
        &[
            kid("looked_after"),
            with(
                with(
                    reported("U1", "K1", "2026-03-02T10:00:00Z", "2026-03-02T09:00:00Z"),
                    "category",
                    "unauthorised_absence",
                ),
                "risk",
                "no_apparent_risk",
            ),
            returned("U1", "2026-03-02T18:00:00Z"),
            reported("M2", "K1", "2026-03-10T10:00:00Z", "2026-03-10T09:00:00Z"),
            returned("M2", "2026-03-10T18:00:00Z"),
            with(
                with(
                    reported("U3", "K1", "2026-03-25T10:00:00Z", "2026-03-25T09:00:00Z"),
                    "category",
                    "unauthorised_absence",
                ),
                "risk",
                "no_apparent_risk",
            ),
            returned("U3", "2026-03-25T18:00:00Z"),
        ],
    );
    let v = rec.at("2026-03-25T19:00:00Z");
    v.assert_absent("U3", "return_home_interview");
    // the missing episode has its own RHI
    assert_eq!(v.get("M2", "return_home_interview").state, Overdue);
}

// ------------------------------------------------------------------ notify_return

#[test]
fn camden_notify_return_is_asap_when_notifications_had_been_sent() {
    let rec = missing(&[
        completed("E1", "send_notifications", "2026-01-12T10:00:00Z"),
        returned("E1", "2026-01-13T12:00:00Z"),
        completed("E1", "notify_return", "2026-01-13T13:00:00Z"),
    ]);
    rec.at("2026-01-13T11:00:00Z")
        .assert_absent("E1", "notify_return");
    assert_times(
        rec.at("2026-01-13T12:00:00Z").get("E1", "notify_return"),
        "2026-01-13T12:00:00Z",
        None,
    );
    rec.assert_states(
        "E1",
        "notify_return",
        &[
            ("2026-01-13T12:00:00Z", DueNow),
            ("2026-01-13T13:00:00Z", Completed),
        ],
    );
}

#[test]
fn camden_notify_return_is_not_required_when_no_notifications_were_sent() {
    let rec = missing(&[returned("E1", "2026-01-13T12:00:00Z")]);
    rec.at("2026-01-13T13:00:00Z")
        .assert_absent("E1", "notify_return");
}

#[test]
fn camden_notifications_cannot_be_waived_so_notify_return_follows_only_sent_ones() {
    // PROCEDURES.md: notify_return applies when "notifications had been sent"; the
    // notifications themselves cannot be waived (Waivers: not a camden row).
    assert_waiver_refused("send_notifications", || {
        missing(&[
            waived(
                "E1",
                "send_notifications",
                "2026-01-12T10:00:00Z",
                "child found within the hour, before anyone was told",
            ),
            returned("E1", "2026-01-13T12:00:00Z"),
        ]);
    });
}

/// 003 2.1-2.5 is camden's scale: `missing` and five kinds of absence, no `absent`
/// (PROCEDURES.md, Vocabulary). An away-with-whereabouts-known child is one of the
/// absences, so `absent` is refused at the report and as a change.
#[test]
fn camden_refuses_absent_as_not_on_its_scale_at_the_report_and_as_a_change() {
    let report = with(
        reported("E1", "K1", REPORTED, LAST_SEEN),
        "category",
        "absent",
    );
    let refusals = refused("camden", &[kid("looked_after"), report]);
    assert_refusal(&refusals, 2, Some("category"), "`absent` is not a category");
    let change = serde_json::json!({"type": "category_changed", "at": "2026-01-12T10:00:00Z",
        "episode": "E1", "category": "absent", "reason": "seen at a friend's"});
    let refusals = refused(
        "camden",
        &[
            kid("looked_after"),
            reported("E1", "K1", REPORTED, LAST_SEEN),
            change,
        ],
    );
    assert_refusal(&refusals, 3, Some("category"), "`absent` is not a category");
}
