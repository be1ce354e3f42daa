//! Time arithmetic through the engine (PROCEDURES.md, "Time arithmetic"): hours and
//! days are exact elapsed time across clock changes; calendar months keep the local
//! clock and clamp to the month's last day; working days skip weekends and bank
//! holidays (Easter and Christmas 2026 and 2027); counting past the calendar's
//! covered years is an error, never a guess. Every expected instant is worked out by
//! hand.

use crate::support::*;
use dutyboard::calendar::Calendar;
use serde_json::Value;

// ------------------------------------------------------------------ exact hours and days

#[test]
fn twenty_four_hours_across_the_october_clock_change_is_exact_elapsed_time() {
    // PROCEDURES.md's own example: reported 12:00 BST on 24 Oct 2026 + 24 h is 11:00 GMT.
    let rec = Record::new(
        "cumbria",
        &[
            child("C1", "2011-04-12", "looked_after"),
            reported(
                "E1",
                "C1",
                "2026-10-24T12:00:00+01:00",
                "2026-10-24T11:00:00+01:00",
            ),
        ],
    );
    let v = rec.at("2026-10-24T12:00:00+01:00");
    let i = v.get("E1", "strategy_meeting");
    assert_times(i, "2026-10-24T12:00:00+01:00", Some("2026-10-25T11:00:00Z"));
    assert_eq!(i.escalates_at, Some(t("2026-10-26T11:00:00Z")));
    // last seen 11:00 BST = 10:00 UTC: + 48 h and + 7 days in exact time.
    assert_times(v.get("E1", "need_to_know"), "2026-10-26T10:00:00Z", None);
    assert_times(
        v.get("E1", "lead_member_notified"),
        "2026-10-26T10:00:00Z",
        Some("2026-10-31T10:00:00Z"),
    );
    rec.assert_states(
        "E1",
        "strategy_meeting",
        &[
            ("2026-10-25T11:00:00Z", Due),
            ("2026-10-25T11:00:01Z", Overdue),
        ],
    );
}

#[test]
fn twenty_four_hours_across_the_march_clock_change_is_exact_elapsed_time() {
    // 12:00 GMT on Saturday 28 March 2026 + 24 h is 13:00 BST on Sunday 29 March.
    let rec = Record::new(
        "medway",
        &[
            child("M1", "2010-09-01", "looked_after"),
            reported("E1", "M1", "2026-03-28T12:30:00Z", "2026-03-28T12:00:00Z"),
        ],
    );
    assert_times(
        rec.at("2026-03-28T12:30:00Z").get("E1", "need_to_know"),
        "2026-03-28T12:30:00Z",
        Some("2026-03-29T13:00:00+01:00"),
    );
}

#[test]
fn six_hours_across_the_march_clock_change_is_exact_elapsed_time() {
    // Last seen 22:00 GMT on 28 March; 6 h later is 04:00 UTC = 05:00 BST on 29 March.
    let rec = Record::new(
        "cambridgeshire",
        &[
            child("D1", "2009-05-01", "looked_after"),
            reported("E1", "D1", "2026-03-28T23:00:00Z", "2026-03-28T22:00:00Z"),
        ],
    );
    assert_times(
        rec.at("2026-03-28T23:00:00Z").get("E1", "report_to_police"),
        "2026-03-28T22:00:00Z",
        Some("2026-03-29T05:00:00+01:00"),
    );
}

#[test]
fn seventy_two_hours_across_the_october_2027_clock_change_is_exact_elapsed_time() {
    // Last seen 18:00 BST on Saturday 30 October 2027 (clocks go back on the 31st):
    // 72 h later is 17:00 GMT on Tuesday 2 November.
    let rec = Record::new(
        "camden",
        &[
            child("K1", "2012-03-03", "child_in_need"),
            reported(
                "E1",
                "K1",
                "2027-10-30T19:00:00+01:00",
                "2027-10-30T18:00:00+01:00",
            ),
        ],
    );
    assert_times(
        rec.at("2027-10-30T19:00:00+01:00")
            .get("E1", "strategy_meeting"),
        "2027-11-02T17:00:00Z",
        None,
    );
}

#[test]
fn fourteen_days_across_the_march_clock_change_is_exact_elapsed_time() {
    // 10:00 GMT on 20 March 2026 + 14 x 24 h is 10:00 UTC = 11:00 BST on 3 April.
    let rec = Record::new(
        "medway",
        &[
            child("M1", "2010-09-01", "looked_after"),
            reported("E1", "M1", "2026-03-20T11:00:00Z", "2026-03-20T10:00:00Z"),
        ],
    );
    let v = rec.at("2026-03-20T11:00:00Z");
    assert_times(
        v.nth("E1", "missing_exploitation_discussion", 1),
        "2026-04-03T11:00:00+01:00",
        None,
    );
    assert_times(
        v.nth("E1", "missing_exploitation_discussion", 2),
        "2026-04-17T11:00:00+01:00",
        None,
    );
}

// ------------------------------------------------------------------ calendar months

fn medway_missing_since(last_seen: &str, reported_at: &str, flags: &[&str]) -> Record {
    Record::new(
        "medway",
        &[
            child_flagged("M1", "2010-09-01", "looked_after", flags),
            reported("E1", "M1", reported_at, last_seen),
        ],
    )
}

#[test]
fn two_months_across_the_march_clock_change_keep_the_local_clock() {
    // 09:00 GMT on 15 February + 2 months is 09:00 BST on 15 April.
    let rec = medway_missing_since("2026-02-15T09:00:00Z", "2026-02-15T10:00:00Z", &[]);
    assert_times(
        rec.at("2026-02-15T10:00:00Z")
            .get("E1", "case_review_2_months"),
        "2026-04-15T09:00:00+01:00",
        None,
    );
}

#[test]
fn two_months_across_the_october_clock_change_keep_the_local_clock() {
    // 10:00 BST on 10 September + 2 months is 10:00 GMT on 10 November.
    let rec = medway_missing_since(
        "2026-09-10T10:00:00+01:00",
        "2026-09-10T11:00:00+01:00",
        &[],
    );
    assert_times(
        rec.at("2026-09-10T11:00:00+01:00")
            .get("E1", "case_review_2_months"),
        "2026-11-10T10:00:00Z",
        None,
    );
}

#[test]
fn months_clamp_to_the_last_day_of_a_shorter_month() {
    for (last_seen, reported_at, review) in [
        // 31 Dec + 2 months: there is no 31 February.
        (
            "2026-12-31T10:00:00Z",
            "2026-12-31T11:00:00Z",
            "2027-02-28T10:00:00Z",
        ),
        // 30 Dec + 2 months.
        (
            "2026-12-30T10:00:00Z",
            "2026-12-30T11:00:00Z",
            "2027-02-28T10:00:00Z",
        ),
        // into a leap February.
        (
            "2027-12-31T10:00:00Z",
            "2027-12-31T11:00:00Z",
            "2028-02-29T10:00:00Z",
        ),
        // 31 Aug (BST) + 2 months = 31 Oct (GMT), same clock time, no clamping.
        (
            "2026-08-31T10:00:00+01:00",
            "2026-08-31T11:00:00+01:00",
            "2026-10-31T10:00:00Z",
        ),
    ] {
        let rec = medway_missing_since(last_seen, reported_at, &[]);
        assert_times(
            rec.at(reported_at).get("E1", "case_review_2_months"),
            review,
            None,
        );
    }
}

#[test]
fn uasc_meetings_add_months_to_the_28_day_point_without_drift() {
    // Last seen 10:00 GMT on 3 December 2026. 28 d: 10:00 GMT 31 December.
    // 28 d + 2 months: 28 February 2027 (clamped). 28 d + 4 months: 30 April 2027,
    // 10:00 BST (counted from 31 December, not from 28 February: no drift to the 28th).
    // 6 months: 10:00 BST on 3 June 2027.
    let rec = medway_missing_since("2026-12-03T10:00:00Z", "2026-12-03T11:00:00Z", &["uasc"]);
    let v = rec.at("2026-12-03T11:00:00Z");
    let all = v.all("E1", "uasc_professionals_meeting");
    assert_eq!(all.len(), 3, "{}", v.dump());
    assert_times(all[0], "2026-12-31T10:00:00Z", None);
    assert_times(all[1], "2027-02-28T10:00:00Z", None);
    assert_times(all[2], "2027-04-30T10:00:00+01:00", None);
    assert_times(
        v.get("E1", "six_month_meeting"),
        "2027-06-03T10:00:00+01:00",
        None,
    );
    assert_times(
        v.get("E1", "case_review_2_months"),
        "2027-02-03T10:00:00Z",
        None,
    );
}

#[test]
fn a_month_landing_in_the_spring_gap_reads_the_clock_after_the_jump() {
    // PROCEDURES.md is silent; the calendar's documented choice: 01:30 on 29 March 2026
    // does not exist in London and is read as 02:30 BST.
    let rec = medway_missing_since("2026-01-29T01:30:00Z", "2026-01-29T02:30:00Z", &[]);
    assert_times(
        rec.at("2026-01-29T02:30:00Z")
            .get("E1", "case_review_2_months"),
        "2026-03-29T02:30:00+01:00",
        None,
    );
}

#[test]
fn a_month_landing_in_the_repeated_autumn_hour_takes_the_first_occurrence() {
    // PROCEDURES.md is silent; the calendar's documented choice: 01:30 on 25 October
    // 2026 happens twice; the first (BST, the earlier deadline) is taken.
    let rec = medway_missing_since(
        "2026-08-25T01:30:00+01:00",
        "2026-08-25T02:30:00+01:00",
        &[],
    );
    assert_times(
        rec.at("2026-08-25T02:30:00+01:00")
            .get("E1", "case_review_2_months"),
        "2026-10-25T01:30:00+01:00",
        None,
    );
}

// ------------------------------------------------------------------ working days

fn practice_reported(reported_at: &str, last_seen: &str) -> Record {
    Record::new(
        "practice-guidance",
        &[
            child("P1", "2013-07-07", "child_in_need"),
            reported("E1", "P1", reported_at, last_seen),
        ],
    )
}

fn practice_strategy_due(
    reported_at: &str,
    last_seen: &str,
) -> dutyboard::procedures::RuleInstance {
    practice_reported(reported_at, last_seen)
        .at(reported_at)
        .get("E1", "strategy_meeting")
        .clone()
}

/// C1 (cumbria) with two earlier episodes in the 90 days before `third`.
fn cumbria_third_episode(first: &str, second: &str, third: &str) -> Record {
    let ls = |s: &str| (t(s) - chrono::Duration::hours(1)).to_rfc3339();
    let back = |s: &str| (t(s) + chrono::Duration::hours(6)).to_rfc3339();
    let events: Vec<Value> = vec![
        child("C1", "2011-04-12", "looked_after"),
        reported("E1", "C1", first, &ls(first)),
        returned("E1", &back(first)),
        reported("E2", "C1", second, &ls(second)),
        returned("E2", &back(second)),
        reported("E3", "C1", third, &ls(third)),
    ];
    Record::new("cumbria", &events)
}

#[test]
fn working_days_skip_good_friday_and_easter_monday_2026() {
    // Thu 2 April 2026: Fri 3 and Mon 6 are bank holidays; Tue 7, Wed 8, Thu 9.
    let i = practice_strategy_due("2026-04-02T10:00:00+01:00", "2026-04-02T07:30:00+01:00");
    assert_times(
        &i,
        "2026-04-02T10:00:00+01:00",
        Some("2026-04-09T23:59:59+01:00"),
    );
}

#[test]
fn stage_one_ten_working_days_over_easter_2026() {
    // Wed 1 April: Thu 2 (1), [Fri 3, Mon 6 bank holidays], Tue 7 .. Fri 10 (5),
    // Mon 13 .. Fri 17 (10).
    let rec = cumbria_third_episode(
        "2026-02-02T09:00:00Z",
        "2026-03-02T09:00:00Z",
        "2026-04-01T09:00:00+01:00",
    );
    assert_times(
        rec.at("2026-04-01T09:00:00+01:00")
            .get("E3", "stage_one_meeting"),
        "2026-04-01T09:00:00+01:00",
        Some("2026-04-17T23:59:59+01:00"),
    );
}

#[test]
fn working_days_skip_good_friday_and_easter_monday_2027_across_the_clock_change() {
    // Thu 25 March 2027 (GMT): Fri 26 and Mon 29 are bank holidays, clocks go forward
    // on Sunday 28; Tue 30, Wed 31, Thu 1 April; due 23:59:59 BST.
    let i = practice_strategy_due("2027-03-25T14:00:00Z", "2027-03-25T12:00:00Z");
    assert_times(
        &i,
        "2027-03-25T14:00:00Z",
        Some("2027-04-01T23:59:59+01:00"),
    );
}

#[test]
fn stage_one_ten_working_days_over_easter_2027() {
    // Wed 24 March 2027: Thu 25 (1), [Fri 26, Mon 29], Tue 30 (2), Wed 31 (3),
    // Thu 1 (4), Fri 2 (5), Mon 5 .. Fri 9 April (10).
    let rec = cumbria_third_episode(
        "2027-01-25T09:00:00Z",
        "2027-02-22T09:00:00Z",
        "2027-03-24T10:00:00Z",
    );
    assert_times(
        rec.at("2027-03-24T10:00:00Z")
            .get("E3", "stage_one_meeting"),
        "2027-03-24T10:00:00Z",
        Some("2027-04-09T23:59:59+01:00"),
    );
}

#[test]
fn working_days_skip_christmas_and_boxing_day_substitute_2026() {
    // Wed 23 Dec 2026: Thu 24 (1), [Fri 25, Mon 28 bank holidays], Tue 29 (2), Wed 30 (3).
    let i = practice_strategy_due("2026-12-23T10:00:00Z", "2026-12-23T08:00:00Z");
    assert_times(&i, "2026-12-23T10:00:00Z", Some("2026-12-30T23:59:59Z"));
}

#[test]
fn stage_one_ten_working_days_over_christmas_and_new_year_2026() {
    // Mon 21 Dec 2026: Tue 22, Wed 23, Thu 24 (3), [25, 28], Tue 29, Wed 30, Thu 31 (6),
    // [Fri 1 Jan], Mon 4, Tue 5, Wed 6, Thu 7 (10).
    let rec = cumbria_third_episode(
        "2026-10-26T09:00:00Z",
        "2026-11-23T09:00:00Z",
        "2026-12-21T10:00:00Z",
    );
    assert_times(
        rec.at("2026-12-21T10:00:00Z")
            .get("E3", "stage_one_meeting"),
        "2026-12-21T10:00:00Z",
        Some("2027-01-07T23:59:59Z"),
    );
}

#[test]
fn working_days_skip_the_christmas_substitutes_2027() {
    // Thu 23 Dec 2027: Fri 24 (1), [Mon 27, Tue 28: substitutes for 25 and 26 Dec],
    // Wed 29 (2), Thu 30 (3).
    let i = practice_strategy_due("2027-12-23T10:00:00Z", "2027-12-23T08:00:00Z");
    assert_times(&i, "2027-12-23T10:00:00Z", Some("2027-12-30T23:59:59Z"));
}

#[test]
fn stage_one_ten_working_days_over_christmas_2027_and_new_year_2028() {
    // Thu 23 Dec 2027: Fri 24 (1), [27, 28], Wed 29, Thu 30, Fri 31 (4),
    // [Mon 3 Jan 2028: New Year's Day substitute, from the shipped GOV.UK data],
    // Tue 4 .. Fri 7 (8), Mon 10 (9), Tue 11 (10).
    let rec = cumbria_third_episode(
        "2027-10-25T09:00:00Z",
        "2027-11-22T09:00:00Z",
        "2027-12-23T10:00:00Z",
    );
    assert_times(
        rec.at("2027-12-23T10:00:00Z")
            .get("E3", "stage_one_meeting"),
        "2027-12-23T10:00:00Z",
        Some("2028-01-11T23:59:59Z"),
    );
}

#[test]
fn working_days_from_a_weekend_report_before_a_bank_holiday_monday() {
    // Sat 2 May 2026: [Mon 4 May bank holiday], Tue 5, Wed 6, Thu 7.
    let i = practice_strategy_due("2026-05-02T10:00:00+01:00", "2026-05-02T08:00:00+01:00");
    assert_times(
        &i,
        "2026-05-02T10:00:00+01:00",
        Some("2026-05-07T23:59:59+01:00"),
    );
}

#[test]
fn working_days_count_from_the_local_date_not_the_utc_date() {
    // 23:30 UTC on Thu 4 June 2026 is 00:30 BST on Fri 5 June: the report's own day
    // is Friday, so Mon 8, Tue 9, Wed 10 (not Fri 5, Mon 8, Tue 9).
    let i = practice_strategy_due("2026-06-04T23:30:00Z", "2026-06-04T22:00:00Z");
    assert_times(
        &i,
        "2026-06-04T23:30:00Z",
        Some("2026-06-10T23:59:59+01:00"),
    );
}

#[test]
fn working_days_late_in_the_last_covered_year_are_computed() {
    // Fri 22 Dec 2028: [Mon 25, Tue 26 Dec 2028], Wed 27, Thu 28, Fri 29.
    let i = practice_strategy_due("2028-12-22T10:00:00Z", "2028-12-22T08:00:00Z");
    assert_times(&i, "2028-12-22T10:00:00Z", Some("2028-12-29T23:59:59Z"));
}

#[test]
fn a_working_day_deadline_past_the_covered_years_is_an_error_not_a_guess() {
    // Thu 28 Dec 2028: Fri 29 (1), then 2029, which the shipped calendar does not cover.
    let rec = practice_reported("2028-12-28T10:00:00Z", "2028-12-28T08:00:00Z");
    let v = rec.at("2028-12-28T10:00:00Z");
    v.assert_absent("E1", "strategy_meeting");
    let errors: Vec<_> = v
        .eval
        .errors
        .iter()
        .filter(|e| e.episode == "E1" && e.rule == "strategy_meeting")
        .collect();
    assert_eq!(errors.len(), 1, "{}", v.dump());
    assert!(errors[0].message.contains("2029"), "{}", errors[0].message);
    // The rest of the episode is still worked out.
    assert_eq!(v.get("E1", "report_to_police").state, DueNow);
}

#[test]
fn stage_one_past_the_covered_years_is_an_error_not_a_guess() {
    // Wed 20 Dec 2028: Thu 21, Fri 22, [25, 26], Wed 27, Thu 28, Fri 29 (5), then 2029.
    let rec = cumbria_third_episode(
        "2028-10-23T09:00:00Z",
        "2028-11-20T09:00:00Z",
        "2028-12-20T10:00:00Z",
    );
    let v = rec.at("2028-12-20T10:00:00Z");
    v.assert_absent("E3", "stage_one_meeting");
    assert!(
        v.eval
            .errors
            .iter()
            .any(|e| e.episode == "E3" && e.rule == "stage_one_meeting"),
        "{}",
        v.dump()
    );
}

#[test]
fn a_newer_bank_holiday_file_extends_the_covered_years() {
    // With 2029 loaded (New Year's Day, Mon 1 Jan 2029): Thu 28 Dec 2028: Fri 29 (1),
    // [Mon 1 Jan], Tue 2 (2), Wed 3 (3).
    let newer = r#"{"england-and-wales":{"division":"england-and-wales","events":[
        {"title":"New Year’s Day","date":"2029-01-01","notes":"","bunting":true}]}}"#;
    let mut rec = practice_reported("2028-12-28T10:00:00Z", "2028-12-28T08:00:00Z");
    rec.calendar = Calendar::embedded().merged(Calendar::from_gov_uk_json(newer).unwrap());
    let v = rec.at("2028-12-28T10:00:00Z");
    assert!(v.eval.errors.is_empty(), "{}", v.dump());
    assert_times(
        v.get("E1", "strategy_meeting"),
        "2028-12-28T10:00:00Z",
        Some("2029-01-03T23:59:59Z"),
    );
}

#[test]
fn a_working_day_deadline_before_the_covered_years_is_an_error_not_a_guess() {
    // The shipped calendar starts in 2023: a report in June 2022 cannot be counted.
    let rec = practice_reported("2022-06-01T10:00:00+01:00", "2022-06-01T08:00:00+01:00");
    let v = rec.at("2022-06-01T10:00:00+01:00");
    v.assert_absent("E1", "strategy_meeting");
    assert!(
        v.eval
            .errors
            .iter()
            .any(|e| e.rule == "strategy_meeting" && e.message.contains("2022")),
        "{}",
        v.dump()
    );
}

/// A one-rule policy (as data) whose action opens a calendar month after last seen.
fn one_month_policy() -> dutyboard::procedures::Policy {
    dutyboard::procedures::Policy::parse(
        r#"
name = "one-month-test"
title = "Test: a rule one calendar month after going missing"
document = "none"

[[rule]]
id = "month_review"
title = "Review after a month"
source = "test"
phase = "missing"
opens = "last_seen_at + 1mo"
"#,
    )
    .expect("the test policy parses")
}

#[test]
fn thirty_first_of_january_plus_one_month_is_the_last_day_of_february() {
    for (last_seen, expected) in [
        ("2026-01-31T10:00:00Z", "2026-02-28T10:00:00Z"),
        ("2028-01-31T10:00:00Z", "2028-02-29T10:00:00Z"),
        // 31 March (BST) + 1 month: 30 April, same local clock.
        ("2026-03-31T10:00:00+01:00", "2026-04-30T10:00:00+01:00"),
        // 31 October (GMT, after the change) + 1 month: 30 November.
        ("2026-10-31T10:00:00Z", "2026-11-30T10:00:00Z"),
        // 30 September (BST) + 1 month: 30 October, 10:00 GMT (clock kept).
        ("2026-09-30T10:00:00+01:00", "2026-10-30T10:00:00Z"),
    ] {
        let reported_at = (t(last_seen) + chrono::Duration::hours(1)).to_rfc3339();
        let rec = Record::under(
            one_month_policy(),
            &[
                child("C1", "2011-04-12", "looked_after"),
                reported("E1", "C1", &reported_at, last_seen),
            ],
        );
        assert_times(
            rec.at(&reported_at).get("E1", "month_review"),
            expected,
            None,
        );
    }
}
