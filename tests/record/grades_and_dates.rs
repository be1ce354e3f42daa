//! Grades judged by age and category, and dates of birth (PROCEDURES.md, Every policy,
//! "Grades" and "Date of birth"; issue 12 items 3 and 4 and "a realistic check on
//! dates"). The scenarios 09-18 and 61-62 work the seeds' cases; these pin the edges.

use crate::support::*;
use dutyboard::procedures::Policy;
use dutyboard::record::vocab::{Category, Risk};
use serde_json::{json, Value};

const LAST_SEEN: &str = "2026-01-12T08:00:00Z";
const REPORTED: &str = "2026-01-12T09:00:00Z";

fn report_graded(category: &str, risk: &str) -> Value {
    with(
        with(
            reported("E1", "C1", REPORTED, LAST_SEEN),
            "category",
            category,
        ),
        "risk",
        risk,
    )
}

fn category_changed(at: &str, category: &str) -> Value {
    json!({"type": "category_changed", "at": at, "episode": "E1", "category": category,
           "reason": "whereabouts lost"})
}

// ------------------------------------------------------------------ grades

/// PROCEDURES.md, Every policy, Grades: under cumbria a missing under-18 is graded
/// only high or medium; an absent one anything but low; from 18, any grade.
#[test]
fn cumbria_grades_follow_the_age_at_the_report_and_the_category() {
    let p = Policy::shipped("cumbria").unwrap();
    let (missing, absent) = (Category::Missing, Category::Absent);
    for risk in [Risk::High, Risk::Medium] {
        assert!(p.check_grading(risk, 14, missing).is_ok());
    }
    assert!(p.check_grading(Risk::Low, 17, missing).is_err());
    assert!(p.check_grading(Risk::NoApparentRisk, 17, missing).is_err());
    assert!(p.check_grading(Risk::NoApparentRisk, 17, absent).is_ok());
    assert!(p.check_grading(Risk::Low, 17, absent).is_err());
    assert!(p.check_grading(Risk::Low, 18, missing).is_ok());
    assert!(p.check_grading(Risk::NoApparentRisk, 18, missing).is_ok());
}

#[test]
fn camden_accepts_every_grade_at_every_age() {
    let p = Policy::shipped("camden").unwrap();
    for risk in [Risk::High, Risk::Medium, Risk::Low, Risk::NoApparentRisk] {
        assert!(p.check_grading(risk, 9, Category::Missing).is_ok());
    }
}

/// 000 1.3 and 001 "medium or high risk"; 002 "only use the category of 'missing'":
/// a missing under-18 is never `no_apparent_risk` under these three policies.
#[test]
fn a_missing_child_graded_no_apparent_risk_is_refused_under_cambridgeshire_cumbria_and_medway() {
    for policy in ["cambridgeshire", "cumbria", "medway"] {
        let r = refused(
            policy,
            &[
                child("C1", "2011-04-12", "looked_after"),
                report_graded("missing", "no_apparent_risk"),
            ],
        );
        assert_refusal(&r, 2, Some("risk"), "`no_apparent_risk` is refused");
        assert_refusal(&r, 2, Some("risk"), "episode `E1`");
    }
}

/// "An under-18 `absent` may take any grade but `low`; from 18, any."
#[test]
fn cumbria_an_absent_child_may_be_no_apparent_risk_but_not_low_and_an_adult_may_be_either() {
    Record::new(
        "cumbria",
        &[
            child("C1", "2011-04-12", "looked_after"),
            report_graded("absent", "no_apparent_risk"),
        ],
    );
    let r = refused(
        "cumbria",
        &[
            child("C1", "2011-04-12", "looked_after"),
            report_graded("absent", "low"),
        ],
    );
    assert_refusal(&r, 2, Some("risk"), "`low` is refused");
    // Born 12 January 2008: 18 on the day of the report.
    Record::new(
        "cumbria",
        &[
            child("C1", "2008-01-12", "care_leaver"),
            report_graded("missing", "no_apparent_risk"),
        ],
    );
}

/// A correction of the category is judged like the report it corrects.
#[test]
fn medway_a_correction_to_missing_of_an_absence_graded_no_apparent_risk_is_refused() {
    let correction = json!({"type": "episode_corrected", "at": "2026-01-12T10:00:00Z",
        "episode": "E1", "category": "missing", "reason": "typed as absent by mistake"});
    let r = refused(
        "medway",
        &[
            child("C1", "2011-04-12", "looked_after"),
            report_graded("absent", "no_apparent_risk"),
            correction,
        ],
    );
    assert_refusal(
        &r,
        3,
        Some("risk"),
        "episode `E1` is graded no_apparent_risk",
    );
}

/// A change to missing is judged with the grade held at the change: "needs a
/// `risk_changed` to `medium` or `high` at or before a change to `missing`".
#[test]
fn cumbria_a_change_to_missing_is_judged_by_the_grade_held_at_the_change() {
    let rec = Record::new(
        "cumbria",
        &[
            child("C1", "2011-04-12", "looked_after"),
            report_graded("absent", "no_apparent_risk"),
            risk_changed("E1", "2026-01-12T09:30:00Z", "medium"),
            category_changed("2026-01-12T10:00:00Z", "missing"),
        ],
    );
    assert!(rec
        .at("2026-01-12T11:00:00Z")
        .find("E1", "strategy_meeting")
        .is_some());
    let r = refused(
        "cumbria",
        &[
            child("C1", "2011-04-12", "looked_after"),
            report_graded("absent", "no_apparent_risk"),
            category_changed("2026-01-12T10:00:00Z", "missing"),
        ],
    );
    assert_refusal(
        &r,
        3,
        Some("category"),
        "episode `E1` graded no_apparent_risk",
    );
}

// ------------------------------------------------------------------ dates of birth

/// "A `child_updated` of `dob` is a correction: refused when it would make a stored
/// grade forbidden"; the refusal names the episode and the event that set the grade.
#[test]
fn medway_a_dob_correction_that_makes_a_stored_regrade_to_low_forbidden_names_the_regrade() {
    let r = refused(
        "medway",
        &[
            // 18 at the report (born 10 January 2008); the correction makes them 17.
            child("C1", "2008-01-10", "care_leaver"),
            reported("E1", "C1", REPORTED, LAST_SEEN),
            risk_changed("E1", "2026-01-12T10:00:00Z", "low"),
            child_updated("C1", "2026-01-12T11:00:00Z", "dob", json!("2008-06-10")),
        ],
    );
    assert_refusal(
        &r,
        4,
        Some("dob"),
        "episode `E1` is graded low by a regrade",
    );
    assert_refusal(&r, 4, Some("dob"), "risk_changed");
}

/// Each grade is judged under the category it stood under: an absence graded
/// `no_apparent_risk`, regraded `medium` before it became missing, stays valid when
/// the dob is corrected to another day of the same year.
#[test]
fn cumbria_a_dob_correction_judges_each_grade_under_the_category_it_stood_under() {
    Record::new(
        "cumbria",
        &[
            child("C1", "2011-04-12", "looked_after"),
            report_graded("absent", "no_apparent_risk"),
            risk_changed("E1", "2026-01-12T09:30:00Z", "medium"),
            category_changed("2026-01-12T10:00:00Z", "missing"),
            child_updated("C1", "2026-01-12T11:00:00Z", "dob", json!("2011-05-12")),
        ],
    );
}

/// Care leavers are served to 25: 25 on the eve of the 26th birthday is accepted, 26
/// on the day is refused, at the registration or at a later report.
#[test]
fn medway_a_dob_making_the_young_person_26_at_the_registration_or_a_report_is_refused() {
    // Registered 6 January 2020 (support::REGISTERED_AT).
    Record::new("medway", &[child("C1", "1994-01-07", "care_leaver")]);
    let r = refused("medway", &[child("C1", "1994-01-06", "care_leaver")]);
    assert_refusal(&r, 1, Some("dob"), "would make the young person 26");
    let r = refused(
        "medway",
        &[
            child("C1", "2000-06-01", "care_leaver"),
            reported("E1", "C1", REPORTED, LAST_SEEN),
            child_updated("C1", "2026-01-12T10:00:00Z", "dob", json!("2000-01-12")),
        ],
    );
    assert_refusal(&r, 3, Some("dob"), "26 at the report of episode `E1`");
    // A report of a young person the recorded dob makes 26 is refused too.
    let r = refused(
        "medway",
        &[
            child("C1", "1999-06-01", "care_leaver"),
            with(reported("E1", "C1", REPORTED, LAST_SEEN), "risk", "low"),
        ],
    );
    assert_refusal(&r, 2, Some("child"), "would be 26 at this report");
}

/// A dob correction is read as if it had always been so: one after the registration
/// is refused, even when it is before the correction itself.
#[test]
fn a_dob_correction_to_a_date_after_the_registration_is_refused() {
    let r = refused(
        "cumbria",
        &[
            child("C1", "2011-04-12", "looked_after"),
            child_updated("C1", "2026-01-12T10:00:00Z", "dob", json!("2021-03-03")),
        ],
    );
    assert_refusal(&r, 2, Some("dob"), "after the registration");
}

/// "a dob typed `11-02-28` became year 0011": a year must have four digits.
#[test]
fn a_dob_with_a_two_digit_year_is_refused_not_read_as_the_year_11() {
    let r = refused("cumbria", &[child("C1", "11-02-28", "looked_after")]);
    assert_refusal(&r, 1, Some("dob"), "four-digit year");
}

/// "2011-02-31" is in the form but not a real date; 29 February is real only in a
/// leap year.
#[test]
fn an_impossible_dob_is_named_not_a_real_date() {
    for dob in ["2011-02-31", "2011-02-29", "2011-13-01"] {
        let r = refused("cumbria", &[child("C1", dob, "looked_after")]);
        assert_refusal(&r, 1, Some("dob"), "is not a real date");
    }
    Record::new("cumbria", &[child("C1", "2012-02-29", "looked_after")]);
}

/// "Refused when the result is invalid: ... a grade forbidden at `into`'s age."
#[test]
fn cambridgeshire_a_merge_is_refused_when_intos_dob_makes_a_duplicates_grade_forbidden() {
    let r = refused(
        "cambridgeshire",
        &[
            child("C1", "2009-03-01", "looked_after"),
            // The duplicate's dob made them 18 at the report, so low was accepted.
            child("C2", "2008-01-01", "care_leaver"),
            with(reported("E1", "C2", REPORTED, LAST_SEEN), "risk", "low"),
            returned("E1", "2026-01-12T12:00:00Z"),
            json!({"type": "children_merged", "at": "2026-01-13T09:00:00Z", "child": "C2",
                   "into": "C1", "reason": "registered twice"}),
        ],
    );
    assert_refusal(&r, 5, Some("into"), "episode `E1` is graded low");
}
