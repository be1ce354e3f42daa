//! Medway (seed 002): the duties issue 12 item 12 gave rules, as PROCEDURES.md states
//! them: the placing authority's emails, the IRO and senior leadership told of a CP
//! child's return, and the Missing Information Officer told once a UASC child's review
//! has begun (the child then leaves the daily missing report).
//!
//! The usual episode: a child born 1 September 2010 (15), last seen 08:00 GMT on Monday
//! 12 January 2026 and reported at 09:00.

use crate::support::*;
use dutyboard::views::{board, daily};
use serde_json::Value;

const LAST_SEEN: &str = "2026-01-12T08:00:00Z";
const REPORTED: &str = "2026-01-12T09:00:00Z";

fn episode_for(child_event: Value, more: &[Value]) -> Record {
    let mut events = vec![child_event, reported("E1", "M1", REPORTED, LAST_SEEN)];
    events.extend_from_slice(more);
    Record::new("medway", &events)
}

fn flagged(status: &str, flags: &[&str]) -> Value {
    child_flagged("M1", "2010-09-01", status, flags)
}

fn placed_by_another_la(more: &[Value]) -> Record {
    episode_for(flagged("looked_after", &["other_la_placement"]), more)
}

/// Back at 12:00 13 Jan; the police found report reached the service at 14:00.
fn back_with_found_report() -> Value {
    with(
        returned("E1", "2026-01-13T12:00:00Z"),
        "found_report_at",
        "2026-01-13T14:00:00Z",
    )
}

// ------------------------------------------------------------------ placing authority

/// 002 "Response from Other Local Authorities placed children": "Following receipt of
/// a Missing Notification, an e-mail together with the notification, is sent to the
/// relevant Other Local Authority". Asap from the report, 09:00.
#[test]
fn medway_placing_authority_emailed_with_the_missing_notification() {
    let rec = placed_by_another_la(&[]);
    let v = rec.at("2026-01-12T09:30:00Z");
    let i = v.get("E1", "ola_missing_notification");
    assert_times(i, REPORTED, None);
    assert_eq!(i.state, DueNow);
    let d = i.detail.clone().unwrap_or_default();
    assert!(d.contains("Return Interview") || d.contains("RHI"), "{d}");

    let own = episode_for(flagged("looked_after", &[]), &[]);
    own.at("2026-01-12T09:30:00Z")
        .assert_absent("E1", "ola_missing_notification");
}

/// The email stays owed after the child is back: it is not a "while missing" duty.
#[test]
fn medway_placing_authority_email_still_owed_after_the_return() {
    let rec = placed_by_another_la(&[back_with_found_report()]);
    rec.assert_states(
        "E1",
        "ola_missing_notification",
        &[("2026-01-13T15:00:00Z", DueNow)],
    );
    let rec = placed_by_another_la(&[
        completed("E1", "ola_missing_notification", "2026-01-12T10:00:00Z"),
        back_with_found_report(),
    ]);
    rec.assert_states(
        "E1",
        "ola_missing_notification",
        &[("2026-01-13T15:00:00Z", Completed)],
    );
}

/// "The Found Notification is passed on to the Other Local Authority as it is
/// received": asap from the found report (14:00), not the return (12:00).
#[test]
fn medway_found_notification_passed_to_the_placing_authority_as_received() {
    let rec = placed_by_another_la(&[back_with_found_report()]);
    rec.at("2026-01-13T11:00:00Z")
        .assert_absent("E1", "ola_found_notification");
    let v = rec.at("2026-01-13T15:00:00Z");
    assert_times(
        v.get("E1", "ola_found_notification"),
        "2026-01-13T14:00:00Z",
        None,
    );
    rec.assert_states(
        "E1",
        "ola_found_notification",
        &[
            ("2026-01-13T13:00:00Z", Upcoming),
            ("2026-01-13T14:00:00Z", DueNow),
        ],
    );
    let own = episode_for(flagged("looked_after", &[]), &[back_with_found_report()]);
    own.at("2026-01-13T15:00:00Z")
        .assert_absent("E1", "ola_found_notification");
}

// ------------------------------------------------------------------ notify_return

/// 002 "Specific consideration for Child in Care and Children subject to a Child
/// Protection Plan": "In all cases, the Independent Reviewing Officer and the Senior
/// Leadership team should be informed of the child/ young person's return": a CP
/// child's return too, asap at the return.
#[test]
fn medway_iro_and_senior_leadership_told_of_a_child_protection_childs_return() {
    let rec = episode_for(
        flagged("child_protection", &[]),
        &[returned("E1", "2026-01-13T12:00:00Z")],
    );
    rec.at("2026-01-13T11:00:00Z")
        .assert_absent("E1", "notify_return");
    assert_times(
        rec.at("2026-01-13T12:00:00Z").get("E1", "notify_return"),
        "2026-01-13T12:00:00Z",
        None,
    );
    rec.assert_states("E1", "notify_return", &[("2026-01-13T12:30:00Z", DueNow)]);
}

// ------------------------------------------------------------------ the MIO and the daily report

/// 002 UASC: "When an Unaccompanied Asylum Seeking Child is missing for 28 days, a
/// multi-disciplinary professionals meeting must be held ... The Missing Information
/// officer must be informed that the review process has commenced". The meeting is
/// held at 10:00 on 10 Feb (day 29): the MIO notice opens then, asap.
#[test]
fn medway_missing_information_officer_told_once_the_uasc_review_has_commenced() {
    let rec = episode_for(
        flagged("looked_after", &["uasc"]),
        &[completed(
            "E1",
            "uasc_professionals_meeting",
            "2026-02-10T10:00:00Z",
        )],
    );
    rec.at("2026-02-10T09:00:00Z")
        .assert_absent("E1", "notify_missing_information_officer");
    let v = rec.at("2026-02-10T11:00:00Z");
    let i = v.get("E1", "notify_missing_information_officer");
    assert_times(i, "2026-02-10T10:00:00Z", None);
    assert_eq!(i.state, DueNow);
}

/// The review commenced at the first meeting: a second one (the next point, 28 days
/// + 2 months, held 10:00Z 9 Apr) does not move when the MIO should have been told.
#[test]
fn medway_missing_information_officer_owed_since_the_first_uasc_meeting() {
    let rec = episode_for(
        flagged("looked_after", &["uasc"]),
        &[
            completed("E1", "uasc_professionals_meeting", "2026-02-10T10:00:00Z"),
            completed("E1", "uasc_professionals_meeting", "2026-04-09T10:00:00Z"),
        ],
    );
    let v = rec.at("2026-04-09T11:00:00Z");
    let i = v.get("E1", "notify_missing_information_officer");
    assert_times(i, "2026-02-10T10:00:00Z", None);
    assert_eq!(i.state, DueNow);
}

/// Without the meeting there is no review to tell the MIO of; a child who is not UASC
/// never has one.
#[test]
fn medway_missing_information_officer_not_told_before_any_uasc_meeting() {
    let rec = episode_for(flagged("looked_after", &["uasc"]), &[]);
    rec.at("2026-02-12T09:00:00Z")
        .assert_absent("E1", "notify_missing_information_officer");
    let rec = episode_for(
        flagged("looked_after", &[]),
        &[completed(
            "E1",
            "uasc_professionals_meeting",
            "2026-02-10T10:00:00Z",
        )],
    );
    rec.at("2026-02-10T11:00:00Z")
        .assert_absent("E1", "notify_missing_information_officer");
}

fn daily_lists(rec: &Record, now: &str) -> bool {
    let v = rec.at(now);
    let report = daily::build(&v.state, &v.eval, v.now, v.now, false);
    report.episodes.iter().any(|e| e.episode == "E1")
}

/// "... as the child will then be removed from the daily missing report"; PROCEDURES
/// medway: "A UASC child leaves it once `notify_missing_information_officer` is
/// completed; the episode stays on the board". Told at 11:00 10 Feb.
#[test]
fn medway_uasc_child_leaves_the_daily_report_once_the_mio_is_told() {
    let rec = episode_for(
        flagged("looked_after", &["uasc"]),
        &[
            completed("E1", "uasc_professionals_meeting", "2026-02-10T10:00:00Z"),
            completed(
                "E1",
                "notify_missing_information_officer",
                "2026-02-10T11:00:00Z",
            ),
        ],
    );
    assert!(daily_lists(&rec, "2026-02-10T10:30:00Z"));
    assert!(!daily_lists(&rec, "2026-02-10T11:00:00Z"));
    assert!(!daily_lists(&rec, "2026-02-20T09:00:00Z"));
    let v = rec.at("2026-02-20T09:00:00Z");
    let board = board::build(&v.state, &v.eval, v.now, false);
    assert!(board.rows.iter().any(|r| r.episode == "E1"), "{board:?}");
}

/// A UASC child whose review has not begun stays on the daily report.
#[test]
fn medway_uasc_child_stays_on_the_daily_report_until_the_mio_is_told() {
    let rec = episode_for(
        flagged("looked_after", &["uasc"]),
        &[completed(
            "E1",
            "uasc_professionals_meeting",
            "2026-02-10T10:00:00Z",
        )],
    );
    assert!(daily_lists(&rec, "2026-02-11T09:00:00Z"));
}
