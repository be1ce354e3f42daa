//! Conditions read as they stood (PROCEDURES.md, "Conditions over time" and "Breaches
//! are facts of their time"): a change of status, flags or risk during an episode
//! opens a rule at the change, may bring a deadline forward, and never withdraws an
//! occurrence, moves its deadline later or erases a breach. Every instant is worked by
//! hand from the rows cited.

use crate::support::*;
use serde_json::json;

// ------------------------------------------------------------------ a breach is a fact of its time

#[test]
fn medway_looked_after_need_to_know_overdue_at_24_hours_stays_overdue_when_status_becomes_child_in_need(
) {
    // 002 "For a child in care ... informed by the social worker within 24 hours":
    // last seen 08:00 2 Mar 2026, reported 10:00, due 08:00 3 Mar. The status becomes
    // child_in_need at 14:00 3 Mar, six hours after the deadline passed.
    let rec = Record::new(
        "medway",
        &[
            child("C1", "2011-01-01", "looked_after"),
            reported("E1", "C1", "2026-03-02T10:00:00Z", "2026-03-02T08:00:00Z"),
            child_updated(
                "C1",
                "2026-03-03T14:00:00Z",
                "status",
                json!("child_in_need"),
            ),
        ],
    );
    let v = rec.at("2026-03-03T15:00:00Z");
    let i = v.get("E1", "need_to_know");
    assert_times(i, "2026-03-02T10:00:00Z", Some("2026-03-03T08:00:00Z"));
    assert_eq!(i.state, Overdue, "{}", v.dump());
    assert!(i.breached);
    // Completed later, it stays a breach of its time.
    let rec = Record::new(
        "medway",
        &[
            child("C1", "2011-01-01", "looked_after"),
            reported("E1", "C1", "2026-03-02T10:00:00Z", "2026-03-02T08:00:00Z"),
            child_updated(
                "C1",
                "2026-03-03T14:00:00Z",
                "status",
                json!("child_in_need"),
            ),
            completed("E1", "need_to_know", "2026-03-03T16:00:00Z"),
        ],
    );
    let i = rec
        .at("2026-03-03T17:00:00Z")
        .get("E1", "need_to_know")
        .clone();
    assert_eq!(i.state, Completed);
    assert!(i.breached, "completed after its deadline: still a breach");
}

#[test]
fn cambridgeshire_strategy_meeting_missed_at_24_hours_stays_a_breach_after_the_child_stops_being_looked_after(
) {
    // 000 3.2.3 "Within 24 hours ... Missing from Care Strategy Meeting": reported
    // 19:00 BST 10 Apr 2026, due 19:00 BST 11 Apr; child_in_need from 21:00 BST 11 Apr.
    let rec = Record::new(
        "cambridgeshire",
        &[
            child("C1", "2008-11-01", "looked_after"),
            reported(
                "E1",
                "C1",
                "2026-04-10T19:00:00+01:00",
                "2026-04-10T18:00:00+01:00",
            ),
            child_updated(
                "C1",
                "2026-04-11T21:00:00+01:00",
                "status",
                json!("child_in_need"),
            ),
            returned("E1", "2026-04-12T09:00:00+01:00"),
        ],
    );
    let v = rec.at("2026-04-11T22:00:00+01:00");
    let i = v.get("E1", "strategy_meeting");
    assert_times(
        i,
        "2026-04-10T19:00:00+01:00",
        Some("2026-04-11T19:00:00+01:00"),
    );
    assert_eq!(i.state, Overdue, "{}", v.dump());
    // Closed by the return the next morning: the breach stays.
    let v = rec.at("2026-04-12T10:00:00+01:00");
    let i = v.get("E1", "strategy_meeting");
    assert_eq!(i.state, Closed);
    assert!(i.breached, "{}", v.dump());
}

#[test]
fn cambridgeshire_strategy_meeting_open_stands_with_its_deadline_when_the_status_changes_before_it()
{
    // "Once open it stands until settled or closed by its phase: a later change never
    // withdraws it." Reported 09:00 GMT 12 Jan 2026 (due 09:00 13 Jan); child_in_need
    // from 12:00 12 Jan: still due 09:00 13 Jan, overdue after.
    let rec = Record::new(
        "cambridgeshire",
        &[
            child("C1", "2008-11-01", "looked_after"),
            reported("E1", "C1", "2026-01-12T09:00:00Z", "2026-01-12T08:00:00Z"),
            child_updated(
                "C1",
                "2026-01-12T12:00:00Z",
                "status",
                json!("child_in_need"),
            ),
        ],
    );
    rec.assert_states(
        "E1",
        "strategy_meeting",
        &[
            ("2026-01-12T11:00:00Z", Due),
            ("2026-01-12T13:00:00Z", Due),
            ("2026-01-13T09:00:01Z", Overdue),
        ],
    );
    assert_times(
        rec.at("2026-01-12T13:00:00Z").get("E1", "strategy_meeting"),
        "2026-01-12T09:00:00Z",
        Some("2026-01-13T09:00:00Z"),
    );
}

// ------------------------------------------------------------------ opening at the change

/// A child in need of 13, last seen 20:00 BST 10 May 2026, reported 22:00, made
/// subject to a CP plan at `cp_at`.
fn medway_cp_plan_at(cp_at: &str) -> Record {
    Record::new(
        "medway",
        &[
            child("C1", "2012-09-30", "child_in_need"),
            reported(
                "E1",
                "C1",
                "2026-05-10T22:00:00+01:00",
                "2026-05-10T20:00:00+01:00",
            ),
            child_updated("C1", cp_at, "status", json!("child_protection")),
        ],
    )
}

#[test]
fn medway_child_in_need_made_subject_to_a_cp_plan_mid_episode_gets_need_to_know_from_the_change_by_last_seen_plus_24_hours(
) {
    // PROCEDURES: "Medway: a child in need made subject to a CP plan mid-episode gets
    // need_to_know by last_seen_at + 24 h", opening at the change (09:00 BST 11 May).
    let rec = medway_cp_plan_at("2026-05-11T09:00:00+01:00");
    // Before the plan, as a child in need: asap from last seen + 24 h, still ahead.
    assert_eq!(
        rec.at("2026-05-11T08:00:00+01:00")
            .get("E1", "need_to_know")
            .state,
        Upcoming
    );
    let v = rec.at("2026-05-11T10:00:00+01:00");
    assert_times(
        v.get("E1", "need_to_know"),
        "2026-05-11T09:00:00+01:00",
        Some("2026-05-11T20:00:00+01:00"),
    );
    rec.assert_states(
        "E1",
        "need_to_know",
        &[
            ("2026-05-11T10:00:00+01:00", Due),
            ("2026-05-11T20:00:00+01:00", Due),
            ("2026-05-11T21:00:00+01:00", Overdue),
        ],
    );
}

#[test]
fn medway_cp_plan_made_after_last_seen_plus_24_hours_makes_need_to_know_due_now_not_a_breach() {
    // "A sourced deadline already past by then makes it due at once (asap), not a
    // breach": the CIN need-to-know opened asap at 20:00 BST 11 May; the CP plan at
    // 22:00 comes after the CP deadline of 20:00.
    let rec = medway_cp_plan_at("2026-05-11T22:00:00+01:00");
    let v = rec.at("2026-05-11T22:30:00+01:00");
    let i = v.get("E1", "need_to_know");
    assert_eq!(i.state, DueNow, "{}", v.dump());
    assert!(i.asap && !i.breached);
    // Days later, still not a breach.
    let v = rec.at("2026-05-14T10:00:00+01:00");
    assert!(!v.get("E1", "need_to_know").breached);
}

#[test]
fn medway_contact_and_referral_not_yet_open_is_decided_on_the_status_when_it_opens() {
    // 002 "Longer absences, more than 24 h": not_open or early_help children get the
    // contact and referral at last seen + 24 h (08:00 13 Jan 2026). A not_open child
    // opened as a child in need at 18:00 12 Jan, before then, never gets it; one that
    // becomes early_help at 10:00 13 Jan gets it then, at once.
    let base = |status_change: serde_json::Value| {
        Record::new(
            "medway",
            &[
                child("C1", "2011-01-01", "not_open"),
                reported("E1", "C1", "2026-01-12T09:00:00Z", "2026-01-12T08:00:00Z"),
                status_change,
            ],
        )
    };
    let rec = base(child_updated(
        "C1",
        "2026-01-12T18:00:00Z",
        "status",
        json!("child_in_need"),
    ));
    rec.at("2026-01-13T12:00:00Z")
        .assert_absent("E1", "contact_and_referral");

    let rec = Record::new(
        "medway",
        &[
            child("C1", "2011-01-01", "child_in_need"),
            reported("E1", "C1", "2026-01-12T09:00:00Z", "2026-01-12T08:00:00Z"),
            child_updated("C1", "2026-01-13T10:00:00Z", "status", json!("early_help")),
        ],
    );
    rec.at("2026-01-13T09:00:00Z")
        .assert_absent("E1", "contact_and_referral");
    let v = rec.at("2026-01-13T11:00:00Z");
    let i = v.get("E1", "contact_and_referral");
    assert_times(i, "2026-01-13T10:00:00Z", None);
    assert_eq!(i.state, DueNow);
}

#[test]
fn camden_mpu_allocation_opened_by_an_open_ce_police_report_stands_when_the_flag_is_removed() {
    // 003 9: the MPU takes a child with an open CE police report at the report
    // (09:00 GMT 12 Jan 2026), others at last seen + 48 h. The flag removed at 12:00
    // does not withdraw the allocation already due, nor move it to 08:00 14 Jan.
    let rec = Record::new(
        "camden",
        &[
            child_flagged(
                "C1",
                "2011-01-01",
                "looked_after",
                &["ce_police_report_open"],
            ),
            reported("E1", "C1", "2026-01-12T09:00:00Z", "2026-01-12T08:00:00Z"),
            child_updated("C1", "2026-01-12T12:00:00Z", "flags", json!([])),
        ],
    );
    let v = rec.at("2026-01-12T13:00:00Z");
    let i = v.get("E1", "mpu_allocation");
    assert_times(i, "2026-01-12T09:00:00Z", None);
    assert_eq!(i.state, DueNow, "{}", v.dump());
}

#[test]
fn camden_mpu_allocation_opens_when_the_ce_police_report_flag_is_added_mid_episode() {
    // The flag recorded at 12:00 GMT 12 Jan, three hours after the report: the MPU
    // allocation opens then (not at the report, nor only at last seen + 48 h).
    let rec = Record::new(
        "camden",
        &[
            child("C1", "2011-01-01", "looked_after"),
            reported("E1", "C1", "2026-01-12T09:00:00Z", "2026-01-12T08:00:00Z"),
            child_updated(
                "C1",
                "2026-01-12T12:00:00Z",
                "flags",
                json!(["ce_police_report_open"]),
            ),
        ],
    );
    assert_eq!(
        rec.at("2026-01-12T11:00:00Z")
            .get("E1", "mpu_allocation")
            .state,
        Upcoming
    );
    assert_times(
        rec.at("2026-01-12T13:00:00Z").get("E1", "mpu_allocation"),
        "2026-01-12T12:00:00Z",
        None,
    );
}

// ------------------------------------------------------------------ a deadline brought forward, never later

/// A care leaver of 19, last seen 08:00 BST 10 Jun 2026, reported 12:00, with `more`.
fn cambridgeshire_young_adult(more: &[serde_json::Value]) -> Record {
    let mut events = vec![
        child("C1", "2007-03-15", "care_leaver"),
        reported(
            "E1",
            "C1",
            "2026-06-10T12:00:00+01:00",
            "2026-06-10T08:00:00+01:00",
        ),
    ];
    events.extend_from_slice(more);
    Record::new("cambridgeshire", &events)
}

#[test]
fn cambridgeshire_young_adult_regraded_high_is_reported_at_once_and_regraded_back_stays_due_now() {
    // 000 5.2.2 "usually after 24 hours": due 08:00 BST 11 Jun; 5.2.3 "immediate
    // concern ... contact the police immediately": regraded high at 15:00, due at once;
    // back to medium at 16:00, "a later change never ... moves its deadline later".
    let rec = cambridgeshire_young_adult(&[
        risk_changed("E1", "2026-06-10T15:00:00+01:00", "high"),
        risk_changed("E1", "2026-06-10T16:00:00+01:00", "medium"),
    ]);
    let v = rec.at("2026-06-10T13:00:00+01:00");
    assert_times(
        v.get("E1", "report_to_police"),
        "2026-06-10T08:00:00+01:00",
        Some("2026-06-11T08:00:00+01:00"),
    );
    for now in ["2026-06-10T15:30:00+01:00", "2026-06-10T16:30:00+01:00"] {
        let v = rec.at(now);
        let i = v.get("E1", "report_to_police");
        assert_eq!(i.state, DueNow, "at {now}: {}", v.dump());
        assert!(i.asap);
        assert_eq!(
            i.opens_at,
            t("2026-06-10T08:00:00+01:00"),
            "it opened at last seen"
        );
        assert_eq!(
            i.due_at,
            t("2026-06-10T15:00:00+01:00"),
            "due at the regrade"
        );
    }
    // Told the police at 17:00: settled, and asap instances never breach.
    let rec = cambridgeshire_young_adult(&[
        risk_changed("E1", "2026-06-10T15:00:00+01:00", "high"),
        police_informed("E1", "2026-06-10T17:00:00+01:00", "CB-9"),
    ]);
    let i = rec
        .at("2026-06-10T18:00:00+01:00")
        .get("E1", "report_to_police")
        .clone();
    assert_eq!(i.state, Completed);
    assert!(!i.breached);
}

#[test]
fn cambridgeshire_young_adult_reported_high_and_regraded_medium_stays_due_now() {
    // Reported high at 12:00 BST: asap from the report (5.2.3). Regraded medium at
    // 14:00: the 24-hour variant would be later, so the deadline does not move.
    let high = Record::new(
        "cambridgeshire",
        &[
            child("C1", "2007-03-15", "care_leaver"),
            with(
                reported(
                    "E1",
                    "C1",
                    "2026-06-10T12:00:00+01:00",
                    "2026-06-10T08:00:00+01:00",
                ),
                "risk",
                "high",
            ),
            risk_changed("E1", "2026-06-10T14:00:00+01:00", "medium"),
        ],
    );
    let v = high.at("2026-06-10T15:00:00+01:00");
    let i = v.get("E1", "report_to_police");
    assert_times(i, "2026-06-10T12:00:00+01:00", None);
    assert_eq!(i.state, DueNow, "{}", v.dump());
    // Never regraded: the 24-hour deadline.
    assert_eq!(
        cambridgeshire_young_adult(&[])
            .at("2026-06-10T15:00:00+01:00")
            .get("E1", "report_to_police")
            .state,
        Due
    );
}

#[test]
fn cambridgeshire_young_adult_regraded_high_after_the_24_hours_stays_overdue() {
    // "An occurrence already overdue stays overdue": due 08:00 BST 11 Jun, regraded high
    // at 10:00 11 Jun. The breach stands, dated at 08:00.
    let rec =
        cambridgeshire_young_adult(&[risk_changed("E1", "2026-06-11T10:00:00+01:00", "high")]);
    let v = rec.at("2026-06-11T11:00:00+01:00");
    let i = v.get("E1", "report_to_police");
    assert_eq!(i.state, Overdue, "{}", v.dump());
    assert_eq!(i.due_at, t("2026-06-11T08:00:00+01:00"));
    assert!(i.breached);
}

// ------------------------------------------------------------------ the fold keeps what stood

#[test]
fn the_fold_keeps_the_status_flags_and_risk_as_they_stood_at_each_moment() {
    let rec = Record::new(
        "medway",
        &[
            child_flagged("C1", "2011-01-01", "looked_after", &["uasc"]),
            reported("E1", "C1", "2026-03-02T10:00:00Z", "2026-03-02T08:00:00Z"),
            child_updated(
                "C1",
                "2026-03-03T14:00:00Z",
                "status",
                json!("child_in_need"),
            ),
            child_updated("C1", "2026-03-04T14:00:00Z", "flags", json!([])),
            risk_changed("E1", "2026-03-03T18:00:00Z", "high"),
        ],
    );
    let v = rec.at("2026-03-05T00:00:00Z");
    let c = &v.state.children["C1"];
    use dutyboard::record::vocab::{Flag, Risk, Status};
    assert_eq!(c.status_at(t("2020-01-01T00:00:00Z")), Status::LookedAfter);
    assert_eq!(c.status_at(t("2026-03-03T13:59:59Z")), Status::LookedAfter);
    assert_eq!(c.status_at(t("2026-03-03T14:00:00Z")), Status::ChildInNeed);
    assert!(c.has_flag_at(Flag::Uasc, t("2026-03-04T13:59:59Z")));
    assert!(!c.has_flag_at(Flag::Uasc, t("2026-03-04T14:00:00Z")));
    let e = v.state.episode("E1").unwrap();
    assert_eq!(e.risk_at(t("2026-03-02T08:00:00Z")), Risk::Medium);
    assert_eq!(e.risk_at(t("2026-03-03T18:00:00Z")), Risk::High);
}

#[test]
fn a_status_change_dated_at_the_registration_stands_from_the_start() {
    // "It was always so": the board's edit records the correction dated at the
    // registration, so the record reads it for every earlier moment too.
    let rec = Record::new(
        "medway",
        &[
            child("C1", "2011-01-01", "child_in_need"),
            child_updated("C1", REGISTERED_AT, "status", json!("looked_after")),
        ],
    );
    let v = rec.at("2026-03-05T00:00:00Z");
    let c = &v.state.children["C1"];
    use dutyboard::record::vocab::Status;
    assert_eq!(c.status_at(t("2019-01-01T00:00:00Z")), Status::LookedAfter);
    assert_eq!(c.status_at(t(REGISTERED_AT)), Status::LookedAfter);
}

#[test]
fn medway_child_looked_after_only_after_the_return_gets_no_need_to_know_of_the_missing_but_the_return_is_passed_on(
) {
    // The need-to-know of a looked-after child's missing (002 "Longer absences") is of
    // the missing period: a child in need back at 10:00 BST 11 May, taken into care at
    // 12:00, is not then due one. The return is passed on (`notify_return`, returned,
    // looked after): it opens at the change, at once.
    let rec = Record::new(
        "medway",
        &[
            child("C1", "2012-09-30", "child_in_need"),
            reported(
                "E1",
                "C1",
                "2026-05-10T22:00:00+01:00",
                "2026-05-10T20:00:00+01:00",
            ),
            returned("E1", "2026-05-11T10:00:00+01:00"),
            child_updated(
                "C1",
                "2026-05-11T12:00:00+01:00",
                "status",
                json!("looked_after"),
            ),
        ],
    );
    let v = rec.at("2026-05-11T13:00:00+01:00");
    v.assert_not_required("E1", "need_to_know");
    let i = v.get("E1", "notify_return");
    assert_times(i, "2026-05-11T12:00:00+01:00", None);
    assert_eq!(i.state, DueNow, "{}", v.dump());
}
