//! Cambridgeshire & Peterborough supported lodgings (seed 000): the duties issue 12
//! item 12 gave rules, as PROCEDURES.md states them: the social worker (or EDT, or
//! Children's Services) told when the initial checks fail, the return passed on to
//! those told of the missing, an assessment considered for a child not open to social
//! care, and the risk assessment after a first missing episode.
//!
//! The usual episode: D1, 16 (born 1 May 2009), last seen 08:00 GMT on Monday 12
//! January 2026 and reported at 09:00.

use crate::support::*;
use serde_json::{json, Value};

const LAST_SEEN: &str = "2026-01-12T08:00:00Z";
const REPORTED: &str = "2026-01-12T09:00:00Z";
const BACK: &str = "2026-01-12T20:00:00Z";

fn sixteen(status: &str) -> Value {
    child("D1", "2009-05-01", status)
}

fn adult() -> Value {
    child("D1", "2007-02-01", "care_leaver")
}

fn episode_of(child_event: Value, more: &[Value]) -> Record {
    let mut events = vec![child_event, reported("E1", "D1", REPORTED, LAST_SEEN)];
    events.extend_from_slice(more);
    Record::new("cambridgeshire", &events)
}

fn detail(rec: &Record, now: &str, rule: &str) -> String {
    rec.at(now)
        .get("E1", rule)
        .detail
        .clone()
        .unwrap_or_default()
}

// ------------------------------------------------------------------ notify_social_worker

/// 000 3.2.2: "If these initial checks do not succeed in locating the child ... the
/// DSL will inform ... The social worker or the Emergency Duty Team if out of hours";
/// PROCEDURES: within the six hours of the initial checks, last seen 08:00 + 6 h =
/// 14:00.
#[test]
fn cambridgeshire_social_worker_told_within_six_hours_when_the_checks_fail() {
    let rec = episode_of(sixteen("looked_after"), &[]);
    assert_times(
        rec.at(REPORTED).get("E1", "notify_social_worker"),
        LAST_SEEN,
        Some("2026-01-12T14:00:00Z"),
    );
    rec.assert_states(
        "E1",
        "notify_social_worker",
        &[
            ("2026-01-12T14:00:00Z", Due),
            ("2026-01-12T14:00:01Z", Overdue),
        ],
    );
    let d = detail(&rec, REPORTED, "notify_social_worker");
    assert!(d.contains("Emergency Duty Team"), "{d}");
}

/// 4.2.3 for a child not looked after: Children's Services are told.
#[test]
fn cambridgeshire_childrens_services_told_for_a_child_not_looked_after() {
    let rec = episode_of(sixteen("not_open"), &[]);
    let d = detail(&rec, REPORTED, "notify_social_worker");
    assert!(d.contains("Children's Services"), "{d}");
    assert!(!d.contains("Emergency Duty Team"), "{d}");
}

/// 5.2: a young person of 18 or over has no social worker to tell.
#[test]
fn cambridgeshire_no_social_worker_told_for_an_adult() {
    episode_of(adult(), &[])
        .at(REPORTED)
        .assert_absent("E1", "notify_social_worker");
}

/// Found within the checks: nobody had to be told, so the duty closes without a
/// breach (PROCEDURES Reading: it "shares the six hours and closes on a return").
#[test]
fn cambridgeshire_child_found_within_the_checks_needs_no_social_worker_told() {
    let rec = episode_of(
        sixteen("looked_after"),
        &[returned("E1", "2026-01-12T11:00:00Z")],
    );
    let v = rec.at("2026-01-12T15:00:00Z");
    let i = v.get("E1", "notify_social_worker");
    assert_eq!(i.state, Closed);
    assert!(!i.breached);
}

// ------------------------------------------------------------------ notify_return

/// 000 3.3: "they should inform the DSL immediately who will, in turn, inform the
/// child's social worker and the police"; PROCEDURES: when `report_to_police` or
/// `notify_social_worker` was settled. Police told 10:00, back 20:00: asap.
#[test]
fn cambridgeshire_return_passed_on_to_those_told_of_the_missing() {
    let rec = episode_of(
        sixteen("looked_after"),
        &[
            police_informed("E1", "2026-01-12T10:00:00Z", "CB-1"),
            returned("E1", BACK),
        ],
    );
    assert_times(rec.at(BACK).get("E1", "notify_return"), BACK, None);
    rec.assert_states("E1", "notify_return", &[("2026-01-12T20:30:00Z", DueNow)]);
    let d = detail(&rec, BACK, "notify_return");
    assert!(d.contains("police") && d.contains("social worker"), "{d}");

    // Only the social worker was told: the return still goes back.
    let rec = episode_of(
        sixteen("looked_after"),
        &[
            completed("E1", "notify_social_worker", "2026-01-12T10:00:00Z"),
            returned("E1", BACK),
        ],
    );
    assert_times(rec.at(BACK).get("E1", "notify_return"), BACK, None);
}

/// Nobody was told of the missing (found within the checks): nobody to tell of the
/// return.
#[test]
fn cambridgeshire_no_return_to_pass_on_when_nobody_was_told() {
    let rec = episode_of(
        sixteen("looked_after"),
        &[returned("E1", "2026-01-12T11:00:00Z")],
    );
    rec.at("2026-01-12T12:00:00Z")
        .assert_absent("E1", "notify_return");
}

/// 5.3 for an adult: "inform the DSL immediately who will, in turn, inform the police".
#[test]
fn cambridgeshire_adults_return_passed_on_to_the_police() {
    let rec = episode_of(
        adult(),
        &[
            police_informed("E1", "2026-01-12T10:00:00Z", "CB-2"),
            returned("E1", BACK),
        ],
    );
    let d = detail(&rec, BACK, "notify_return");
    assert!(d.contains("police") && !d.contains("social worker"), "{d}");
}

// ------------------------------------------------------------------ consider_assessment

/// 000 4.3: "When a missing child not open to Social Care has been located,
/// consideration will be given to undertaking an assessment and/or referral".
#[test]
fn cambridgeshire_not_open_child_found_gets_an_assessment_considered() {
    let rec = episode_of(sixteen("not_open"), &[returned("E1", BACK)]);
    rec.at("2026-01-12T19:00:00Z")
        .assert_absent("E1", "consider_assessment");
    assert_times(rec.at(BACK).get("E1", "consider_assessment"), BACK, None);
    for other in [sixteen("looked_after"), sixteen("child_in_need")] {
        episode_of(other, &[returned("E1", BACK)])
            .at(BACK)
            .assert_absent("E1", "consider_assessment");
    }
    episode_of(
        child("D1", "2007-02-01", "not_open"),
        &[returned("E1", BACK)],
    )
    .at(BACK)
    .assert_absent("E1", "consider_assessment");
}

// ------------------------------------------------------------------ missing_risk_assessment

/// 000 3.1.2: "(or after the first occasion when a young person has run away) ... will
/// complete a 'Missing from Care Risk Assessment and Action Plan'": on the return from
/// the first missing episode on record, asap.
#[test]
fn cambridgeshire_first_missing_episode_gets_the_missing_from_care_risk_assessment() {
    let rec = episode_of(sixteen("looked_after"), &[returned("E1", BACK)]);
    rec.at("2026-01-12T19:00:00Z")
        .assert_absent("E1", "missing_risk_assessment");
    let v = rec.at(BACK);
    let i = v.get("E1", "missing_risk_assessment");
    assert_times(i, BACK, None);
    assert_eq!(i.state, DueNow);
    episode_of(sixteen("child_in_need"), &[returned("E1", BACK)])
        .at(BACK)
        .assert_absent("E1", "missing_risk_assessment");
}

/// A second missing episode is not the first occasion.
#[test]
fn cambridgeshire_second_missing_episode_needs_no_new_risk_assessment() {
    let rec = Record::new(
        "cambridgeshire",
        &[
            sixteen("looked_after"),
            reported("E1", "D1", "2025-11-03T09:00:00Z", "2025-11-03T08:00:00Z"),
            returned("E1", "2025-11-03T20:00:00Z"),
            reported("E2", "D1", REPORTED, LAST_SEEN),
            returned("E2", BACK),
        ],
    );
    rec.at(BACK).assert_absent("E2", "missing_risk_assessment");
}

/// An earlier absence with whereabouts known is not a missing episode: this one is
/// still the first; an earlier absence that became missing is one.
#[test]
fn cambridgeshire_first_missing_episode_does_not_count_an_earlier_absence() {
    let absent = with(
        reported("E1", "D1", "2025-11-03T09:00:00Z", "2025-11-03T08:00:00Z"),
        "category",
        "absent",
    );
    let later = [
        reported("E2", "D1", REPORTED, LAST_SEEN),
        returned("E2", BACK),
    ];
    let mut events = vec![
        sixteen("looked_after"),
        absent.clone(),
        returned("E1", "2025-11-03T20:00:00Z"),
    ];
    events.extend_from_slice(&later);
    let rec = Record::new("cambridgeshire", &events);
    assert_times(
        rec.at(BACK).get("E2", "missing_risk_assessment"),
        BACK,
        None,
    );

    let mut events = vec![
        sixteen("looked_after"),
        absent,
        json!({"type": "category_changed", "at": "2025-11-03T10:00:00Z", "episode": "E1",
               "category": "missing", "reason": "no longer at the friend's house"}),
        returned("E1", "2025-11-03T20:00:00Z"),
    ];
    events.extend_from_slice(&later);
    let rec = Record::new("cambridgeshire", &events);
    rec.at(BACK).assert_absent("E2", "missing_risk_assessment");
}
