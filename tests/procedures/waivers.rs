//! Waivers only where PROCEDURES.md's "Waivers" table allows a recorded decision not
//! to act (issue 12 item 5); a stored waiver the policy does not allow stays in force,
//! is shown as a violation, and never blocks a later import (INTERFACE).

use crate::support::*;
use dutyboard::procedures::Policy;
use dutyboard::record::import::{check_batch, parse_lines};

const LAST_SEEN: &str = "2026-03-02T08:00:00Z";
const REPORTED: &str = "2026-03-02T10:00:00Z";

fn back_events(dob: &str, status: &str) -> Vec<serde_json::Value> {
    vec![
        child("C1", dob, status),
        reported("E1", "C1", REPORTED, LAST_SEEN),
        returned("E1", "2026-03-03T20:00:00Z"),
    ]
}

#[test]
fn medway_rhi_cannot_be_waived_a_decline_needs_more_than_three_attempts() {
    // 002 Return Home Interviews: "more than three times ... recorded as a decline";
    // Waivers: "no RHI is waived around a decline rule".
    let mut events = back_events("2012-01-01", "child_in_need");
    events.push(rhi_attempt("E1", "2026-03-04T10:00:00Z"));
    events.push(waived(
        "E1",
        "return_home_interview",
        "2026-03-04T11:00:00Z",
        "would not answer",
    ));
    let r = show(&refused("medway", &events));
    assert!(
        r.contains("`return_home_interview` cannot be waived under the medway policy"),
        "{r}"
    );
    assert!(
        r.contains("rhi_declined") && r.contains("more than 3"),
        "{r}"
    );
}

#[test]
fn camden_rhi_may_be_waived_for_a_child_under_eleven_at_the_report_only() {
    // 003 3.2: an RHI "may not be appropriate" for a child "of a very young age"; read
    // as under 11 (PROCEDURES.md, Waivers).
    let mut ten = back_events("2016-03-03", "child_in_need");
    ten.push(waived(
        "E1",
        "return_home_interview",
        "2026-03-03T21:00:00Z",
        "aged 10",
    ));
    let rec = Record::new("camden", &ten);
    assert_eq!(
        rec.at("2026-03-04T00:00:00Z")
            .get("E1", "return_home_interview")
            .state,
        Waived
    );
    // Eleven on 2 Mar 2026 (born 2 Mar 2015): refused, saying the age.
    let mut eleven = back_events("2015-03-02", "child_in_need");
    eleven.push(waived(
        "E1",
        "return_home_interview",
        "2026-03-03T21:00:00Z",
        "not needed",
    ));
    let r = show(&refused("camden", &eleven));
    assert!(
        r.contains("only when the child is under 11 at the report") && r.contains("was 11"),
        "{r}"
    );
}

#[test]
fn a_stored_waiver_the_policy_does_not_allow_stays_in_force_is_a_violation_and_never_blocks_an_import(
) {
    // INTERFACE: "A stored waiver that the policy no longer allows stays in force, is
    // shown as a violation, and never blocks the checks of a later import." Stored
    // before the table: medway's strategy meeting waived (the 05464f4 release allowed it).
    let policy = Policy::shipped("medway").unwrap();
    let base = [
        child("C1", "2010-09-01", "looked_after"),
        reported("E1", "C1", REPORTED, LAST_SEEN),
    ];
    let stored_text = jsonl(&[
        base[0].clone(),
        base[1].clone(),
        waived("E1", "strategy_meeting", "2026-03-04T09:00:00Z", "by phone"),
    ]);
    let stored: Vec<_> = parse_lines(stored_text.as_bytes(), "old release")
        .unwrap()
        .into_iter()
        .enumerate()
        .map(|(k, p)| dutyboard::record::StoredEvent {
            seq: k as i64 + 1,
            recorded_at: "2026-03-04T09:00:00Z".into(),
            event: p.event,
        })
        .collect();
    let later = parse_lines(
        jsonl(&[update("E1", "2026-03-04T10:00:00Z")]).as_bytes(),
        "test-operator",
    )
    .unwrap();
    check_batch(&stored, &later, &policy, t(WALL_CLOCK))
        .unwrap_or_else(|r| panic!("a later import was blocked:\n{}", show(&r)));
    let events: Vec<_> = stored.into_iter().map(|s| s.event).collect();
    let rec = Record {
        policy,
        calendar: dutyboard::calendar::Calendar::embedded(),
        events,
    };
    let v = rec.at("2026-03-04T12:00:00Z");
    assert_eq!(
        v.get("E1", "strategy_meeting").state,
        Waived,
        "it stays in force"
    );
    assert!(
        v.eval
            .violations
            .iter()
            .any(|x| x.episode == "E1" && x.text.contains("`strategy_meeting` not allowed")),
        "{:?}",
        v.eval.violations
    );
}
