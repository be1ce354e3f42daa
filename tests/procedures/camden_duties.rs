//! Camden (seed 003): the duties issue 12 item 12 gave rules, as PROCEDURES.md states
//! them: parents told of a looked-after child classed as missing (waivable), fostering
//! and the IRO told of any missing incident or unauthorised absence, the Youth
//! Offending Service for a child on a court order who absconds, the planning meeting
//! with the IRO, the social worker's follow-up of each unauthorised absence, and a
//! declined RHI passed to the allocated social worker.
//!
//! The usual episode: K1, born 3 March 2012 (13), last seen 08:00 GMT on Monday 12
//! January 2026 and reported at 09:00.

use crate::support::*;
use serde_json::Value;

const LAST_SEEN: &str = "2026-01-12T08:00:00Z";
const REPORTED: &str = "2026-01-12T09:00:00Z";
const BACK: &str = "2026-01-13T12:00:00Z";

const MISSING_CATEGORIES: [&str; 3] = ["missing", "absconded", "abducted"];
const ABSENCES: [&str; 3] = [
    "concerning_absence_low",
    "concerning_absence_medium",
    "unauthorised_absence",
];

fn kid(status: &str) -> Value {
    child("K1", "2012-03-03", status)
}

/// K1 as given, an episode of this category reported at 09:00, then `more`.
fn episode_of(child_event: Value, category: &str, more: &[Value]) -> Record {
    let mut report = with(
        reported("E1", "K1", REPORTED, LAST_SEEN),
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

fn detail(rec: &Record, now: &str, rule: &str) -> String {
    rec.at(now)
        .get("E1", rule)
        .detail
        .clone()
        .unwrap_or_default()
}

// ------------------------------------------------------------------ notify_parents

/// 003 8.3: "The child's parents or anyone else with parental responsibility should
/// be notified only when the child is classed as missing"; absconded (2.4) and
/// abducted (2.5) are. Asap at the report.
#[test]
fn camden_parents_told_when_a_looked_after_child_is_classed_as_missing() {
    for category in MISSING_CATEGORIES {
        let rec = episode_of(kid("looked_after"), category, &[]);
        let v = rec.at("2026-01-12T09:30:00Z");
        let i = v.get("E1", "notify_parents");
        assert_times(i, REPORTED, None);
        assert_eq!(i.state, DueNow, "{category}");
    }
}

#[test]
fn camden_parents_not_told_of_an_absence() {
    for category in ABSENCES {
        let rec = episode_of(kid("looked_after"), category, &[]);
        rec.at("2026-01-12T09:30:00Z")
            .assert_absent("E1", "notify_parents");
    }
}

/// A "while missing" duty: a child back before the parents were told closes it.
#[test]
fn camden_parents_notice_closes_on_the_return() {
    let rec = episode_of(kid("looked_after"), "missing", &[returned("E1", BACK)]);
    rec.assert_states(
        "E1",
        "notify_parents",
        &[("2026-01-13T11:59:59Z", DueNow), (BACK, Closed)],
    );
}

/// 8.3 "Any decision not to inform parents must be recorded in the child's case
/// record stating the reasons for this"; PROCEDURES Waivers: camden notify_parents.
#[test]
fn camden_decision_not_to_inform_parents_is_recorded_as_a_waiver_with_its_reason() {
    let reason = "Contact with the mother would put the child at risk";
    let rec = episode_of(
        kid("looked_after"),
        "missing",
        &[waived(
            "E1",
            "notify_parents",
            "2026-01-12T10:00:00Z",
            reason,
        )],
    );
    let v = rec.at("2026-01-12T11:00:00Z");
    let i = v.get("E1", "notify_parents");
    assert_eq!(i.state, Waived);
    assert_eq!(i.waiver_reason.as_deref(), Some(reason));
    assert!(!v.listed("E1", "notify_parents"));
}

// ------------------------------------------------------------------ notify_fostering_and_iro

/// 003 8.3: "The fostering service and the child's IRO should be notified of any
/// missing incidents or periods of unauthorised absence": every category, asap.
#[test]
fn camden_fostering_and_iro_told_of_any_missing_incident_or_absence() {
    for category in MISSING_CATEGORIES.iter().chain(ABSENCES.iter()) {
        let rec = episode_of(kid("looked_after"), category, &[]);
        let v = rec.at("2026-01-12T09:30:00Z");
        let i = v.get("E1", "notify_fostering_and_iro");
        assert_times(i, REPORTED, None);
        assert_eq!(i.state, DueNow, "{category}");
    }
    let rec = episode_of(kid("child_in_need"), "missing", &[]);
    rec.at("2026-01-12T09:30:00Z")
        .assert_absent("E1", "notify_fostering_and_iro");
}

// ------------------------------------------------------------------ notify_youth_offending_service

/// 003 8.3: "If the child has been remanded into local authority care and has
/// consequently absconded whilst subject to a criminal court order, the Youth
/// Offending Service should also be notified".
#[test]
fn camden_youth_offending_service_told_when_a_child_on_a_court_order_absconds() {
    let on_order = || child_flagged("K1", "2012-03-03", "looked_after", &["court_order"]);
    let rec = episode_of(on_order(), "absconded", &[]);
    let v = rec.at("2026-01-12T09:30:00Z");
    assert_times(
        v.get("E1", "notify_youth_offending_service"),
        REPORTED,
        None,
    );

    // Missing (not absconded), or absconded with no court order: not the YOS's.
    episode_of(on_order(), "missing", &[])
        .at("2026-01-12T09:30:00Z")
        .assert_absent("E1", "notify_youth_offending_service");
    episode_of(kid("looked_after"), "absconded", &[])
        .at("2026-01-12T09:30:00Z")
        .assert_absent("E1", "notify_youth_offending_service");
}

// ------------------------------------------------------------------ planning_meeting

/// 003 8.3: "The allocated social worker should consult with the child's IRO and
/// convene a planning meeting"; PROCEDURES: looked after, any category but an
/// unauthorised absence, asap.
#[test]
fn camden_planning_meeting_convened_for_a_looked_after_child() {
    for category in ["missing", "absconded", "concerning_absence_low"] {
        let rec = episode_of(kid("looked_after"), category, &[]);
        let v = rec.at("2026-01-12T09:30:00Z");
        assert_times(v.get("E1", "planning_meeting"), REPORTED, None);
    }
    episode_of(kid("looked_after"), "unauthorised_absence", &[])
        .at("2026-01-12T09:30:00Z")
        .assert_absent("E1", "planning_meeting");
    episode_of(kid("child_protection"), "missing", &[])
        .at("2026-01-12T09:30:00Z")
        .assert_absent("E1", "planning_meeting");
}

/// PROCEDURES Waivers lists no planning meeting: a waiver is refused.
#[test]
fn camden_planning_meeting_cannot_be_waived() {
    assert_waiver_refused("planning_meeting", || {
        episode_of(
            kid("looked_after"),
            "missing",
            &[waived(
                "E1",
                "planning_meeting",
                "2026-01-12T10:00:00Z",
                "not needed",
            )],
        );
    });
}

// ------------------------------------------------------------------ follow_up_unauthorised_absence

/// 003 4: "the allocated social worker should follow up each unauthorised absence":
/// on the return, asap, for a child with an allocated social worker.
#[test]
fn camden_social_worker_follows_up_each_unauthorised_absence() {
    for status in ["looked_after", "child_protection", "child_in_need"] {
        let rec = episode_of(kid(status), "unauthorised_absence", &[returned("E1", BACK)]);
        rec.at("2026-01-13T11:00:00Z")
            .assert_absent("E1", "follow_up_unauthorised_absence");
        let v = rec.at("2026-01-13T13:00:00Z");
        let i = v.get("E1", "follow_up_unauthorised_absence");
        assert_times(i, BACK, None);
        assert_eq!(i.state, DueNow, "{status}");
    }
    for status in ["not_open", "early_help"] {
        let rec = episode_of(kid(status), "unauthorised_absence", &[returned("E1", BACK)]);
        rec.at("2026-01-13T13:00:00Z")
            .assert_absent("E1", "follow_up_unauthorised_absence");
    }
    let rec = episode_of(kid("looked_after"), "missing", &[returned("E1", BACK)]);
    rec.at("2026-01-13T13:00:00Z")
        .assert_absent("E1", "follow_up_unauthorised_absence");
}

// ------------------------------------------------------------------ return_home_interview declined

/// 003 4: "If the child declines, the Missing Outreach Worker will reallocate the RHI
/// to the allocated social worker"; PROCEDURES: for a status other than `not_open` or
/// `early_help`, `rhi_declined` does not settle the RHI, same deadline (back 12:00
/// 13 Jan, due 12:00 16 Jan).
#[test]
fn camden_declined_rhi_reallocated_to_the_allocated_social_worker_with_the_same_deadline() {
    for status in ["looked_after", "child_protection", "child_in_need"] {
        let rec = episode_of(
            kid(status),
            "missing",
            &[
                returned("E1", BACK),
                rhi_declined("E1", "2026-01-14T10:00:00Z"),
            ],
        );
        let v = rec.at("2026-01-14T11:00:00Z");
        let i = v.get("E1", "return_home_interview");
        assert_eq!(i.state, Due, "{status}");
        assert_times(i, BACK, Some("2026-01-16T12:00:00Z"));
        let d = detail(&rec, "2026-01-14T11:00:00Z", "return_home_interview");
        assert!(
            d.contains("reallocated to the allocated social worker"),
            "{d}"
        );
        rec.assert_states(
            "E1",
            "return_home_interview",
            &[("2026-01-16T12:00:01Z", Overdue)],
        );
    }
}

/// 3.2 for a child not open to (or on early help from) children's services: the
/// decline settles the RHI, and the outreach worker notifies MASH.
#[test]
fn camden_declined_rhi_settles_it_for_a_child_not_open_to_childrens_services() {
    for status in ["not_open", "early_help"] {
        let rec = episode_of(
            kid(status),
            "missing",
            &[
                returned("E1", BACK),
                rhi_declined("E1", "2026-01-14T10:00:00Z"),
            ],
        );
        rec.assert_states(
            "E1",
            "return_home_interview",
            &[
                ("2026-01-14T09:59:59Z", Due),
                ("2026-01-14T10:00:00Z", Completed),
            ],
        );
        let d = detail(&rec, "2026-01-13T13:00:00Z", "return_home_interview");
        assert!(d.contains("MASH"), "{d}");
    }
}

/// The third unauthorised absence in a month gets the RHI; declined by a looked-after
/// child it is reallocated, not settled. Absences 1, 10 and 20 Jun 2026, each back at
/// 14:00Z; the third's RHI due 14:00Z 23 Jun.
#[test]
fn camden_declined_rhi_after_a_third_unauthorised_absence_stays_due() {
    let mut events = vec![kid("looked_after")];
    for (e, day) in [("E1", "01"), ("E2", "10"), ("E3", "20")] {
        events.push(with(
            with(
                reported(
                    e,
                    "K1",
                    &format!("2026-06-{day}T10:00:00Z"),
                    &format!("2026-06-{day}T09:00:00Z"),
                ),
                "category",
                "unauthorised_absence",
            ),
            "risk",
            "no_apparent_risk",
        ));
        events.push(returned(e, &format!("2026-06-{day}T14:00:00Z")));
    }
    events.push(rhi_declined("E3", "2026-06-21T10:00:00Z"));
    let rec = Record::new("camden", &events);
    let v = rec.at("2026-06-21T11:00:00Z");
    let i = v.get("E3", "return_home_interview");
    assert_eq!(i.state, Due);
    assert_eq!(i.due_at, t("2026-06-23T14:00:00Z"));
}
