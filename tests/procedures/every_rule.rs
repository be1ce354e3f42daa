//! Every rule of every shipped policy, systematically: for each rule a scenario in
//! which it is open, then the same scenario with an `action_completed` and with an
//! `action_waived` (reason recorded) at that instant: accepted only where PROCEDURES.md's
//! "Waivers" table allows it, refused for every other rule. A rule added to a policy file
//! without a scenario here fails `every_rule_of_<policy>_has_a_scenario`.
//!
//! Rolling rules (re-anchored on each completion: Camden's daily update, the
//! strategy meeting reviews) never end by completion: a completion starts the next
//! period, so there the test checks that the instance re-opens at that instant.

use crate::support::*;
use dutyboard::procedures::Policy;
use serde_json::Value;

const LAST_SEEN: &str = "2026-01-12T08:00:00Z";
const REPORTED: &str = "2026-01-12T09:00:00Z";

struct Case {
    rule: &'static str,
    episode: &'static str,
    events: Vec<Value>,
    /// An instant at which the rule is open.
    at: &'static str,
    rolling: bool,
}

fn case(rule: &'static str, events: Vec<Value>, at: &'static str) -> Case {
    Case {
        rule,
        episode: "E1",
        events,
        at,
        rolling: false,
    }
}

fn on(mut c: Case, episode: &'static str) -> Case {
    c.episode = episode;
    c
}

fn rolling(mut c: Case) -> Case {
    c.rolling = true;
    c
}

/// E1 for `child_event`, reported 09:00 12 Jan (last seen 08:00), then `more`.
fn ep(child_event: Value, more: &[Value]) -> Vec<Value> {
    let child_ref = child_event["child"].as_str().unwrap().to_string();
    let mut v = vec![child_event, reported("E1", &child_ref, REPORTED, LAST_SEEN)];
    v.extend_from_slice(more);
    v
}

fn absent(child_event: Value) -> Vec<Value> {
    let child_ref = child_event["child"].as_str().unwrap().to_string();
    vec![
        child_event,
        with(
            reported("E1", &child_ref, REPORTED, LAST_SEEN),
            "category",
            "absent",
        ),
    ]
}

/// `n` episodes of C1, 12 Jan to early March, each back after 9 hours; the last
/// (`E{n}`) reported 10:00 on 4 March 2026 and still open.
fn repeats(child_event: Value, n: usize) -> Vec<Value> {
    let dates = [
        "2026-01-12",
        "2026-01-20",
        "2026-02-02",
        "2026-02-16",
        "2026-02-23",
    ];
    let mut v = vec![child_event];
    for (k, day) in dates.iter().take(n - 1).enumerate() {
        let e = format!("E{}", k + 1);
        v.push(reported(
            &e,
            "C1",
            &format!("{day}T09:00:00Z"),
            &format!("{day}T08:00:00Z"),
        ));
        v.push(returned(&e, &format!("{day}T18:00:00Z")));
    }
    v.push(reported(
        &format!("E{n}"),
        "C1",
        "2026-03-04T10:00:00Z",
        "2026-03-04T09:00:00Z",
    ));
    v
}

/// Six episodes (see [`repeats`]), the 5th's stage two meeting held the next day, so
/// the 6th goes to the Service Manager (cumbria, "beyond this level").
fn beyond_stage_two(child_event: Value) -> Vec<Value> {
    let mut v = repeats(child_event, 6);
    let sixth = v.pop().expect("the 6th report");
    v.push(completed("E5", "stage_two_meeting", "2026-02-24T10:00:00Z"));
    v.push(sixth);
    v
}

fn back(at: &str) -> Value {
    returned("E1", at)
}

fn cases(policy: &str) -> Vec<Case> {
    let lac = || child("C1", "2011-04-12", "looked_after");
    let flagged = |f: &[&str]| child_flagged("C1", "2011-04-12", "looked_after", f);
    match policy {
        "cumbria" => vec![
            case("strategy_meeting", ep(lac(), &[]), "2026-01-12T10:00:00Z"),
            case("notify_iro", ep(lac(), &[]), "2026-01-12T10:00:00Z"),
            case("need_to_know", ep(lac(), &[]), "2026-01-14T09:00:00Z"),
            case(
                "lead_member_notified",
                ep(lac(), &[]),
                "2026-01-14T09:00:00Z",
            ),
            case(
                "safe_and_well_check",
                ep(lac(), &[back("2026-01-13T12:00:00Z")]),
                "2026-01-13T13:00:00Z",
            ),
            case(
                "return_home_interview",
                ep(lac(), &[back("2026-01-13T12:00:00Z")]),
                "2026-01-13T13:00:00Z",
            ),
            on(
                case(
                    "stage_one_meeting",
                    repeats(lac(), 3),
                    "2026-03-04T11:00:00Z",
                ),
                "E3",
            ),
            case("consider_stage_one", ep(lac(), &[]), "2026-01-13T09:00:00Z"),
            on(
                case(
                    "stage_two_meeting",
                    repeats(lac(), 5),
                    "2026-03-04T11:00:00Z",
                ),
                "E5",
            ),
            case("welfare_check", absent(lac()), "2026-01-12T10:00:00Z"),
            case("report_to_police", ep(lac(), &[]), "2026-01-12T10:00:00Z"),
            case(
                "notify_responsible_authority",
                ep(flagged(&["other_la_placement"]), &[]),
                "2026-01-12T10:00:00Z",
            ),
            // Waivable: "not reasonably practicable" (PROCEDURES.md, Waivers).
            case("notify_parents", ep(lac(), &[]), "2026-01-12T10:00:00Z"),
            case(
                "notify_designated_health",
                ep(lac(), &[risk_changed("E1", "2026-01-12T09:30:00Z", "high")]),
                "2026-01-12T10:00:00Z",
            ),
            case(
                "notify_return",
                ep(lac(), &[back("2026-01-13T12:00:00Z")]),
                "2026-01-13T13:00:00Z",
            ),
            case(
                "rhi_parent_carer_offer",
                ep(
                    lac(),
                    &[
                        back("2026-01-13T12:00:00Z"),
                        rhi_declined("E1", "2026-01-14T12:00:00Z"),
                    ],
                ),
                "2026-01-14T13:00:00Z",
            ),
            on(
                case(
                    "safeguarding_hub_referral",
                    repeats(lac(), 3),
                    "2026-03-04T11:00:00Z",
                ),
                "E3",
            ),
            on(
                case(
                    "service_manager_review",
                    beyond_stage_two(lac()),
                    "2026-03-04T11:00:00Z",
                ),
                "E6",
            ),
            case(
                "notify_home_office",
                ep(flagged(&["immigration_restriction"]), &[]),
                "2026-01-12T10:00:00Z",
            ),
            case(
                "notify_home_office_return",
                ep(
                    flagged(&["immigration_restriction"]),
                    &[back("2026-01-13T12:00:00Z")],
                ),
                "2026-01-13T13:00:00Z",
            ),
        ],
        "medway" => {
            let not_open = || child("C1", "2011-04-12", "not_open");
            let uasc = || child_flagged("C1", "2011-04-12", "looked_after", &["uasc"]);
            let ola = || child_flagged("C1", "2011-04-12", "looked_after", &["other_la_placement"]);
            vec![
                case("need_to_know", ep(lac(), &[]), "2026-01-12T10:00:00Z"),
                case(
                    "contact_and_referral",
                    ep(not_open(), &[]),
                    "2026-01-13T09:00:00Z",
                ),
                case("strategy_meeting", ep(lac(), &[]), "2026-01-14T09:00:00Z"),
                case(
                    "head_of_service_notified",
                    ep(lac(), &[]),
                    "2026-01-14T09:00:00Z",
                ),
                case(
                    "professionals_meeting",
                    ep(lac(), &[]),
                    "2026-01-14T09:00:00Z",
                ),
                case(
                    "missing_exploitation_discussion",
                    ep(lac(), &[]),
                    "2026-01-26T09:00:00Z",
                ),
                case(
                    "case_review_2_months",
                    ep(lac(), &[]),
                    "2026-03-12T09:00:00Z",
                ),
                case(
                    "uasc_professionals_meeting",
                    ep(uasc(), &[]),
                    "2026-02-09T09:00:00Z",
                ),
                case(
                    "six_month_meeting",
                    ep(uasc(), &[]),
                    "2026-07-12T09:00:00+01:00",
                ),
                case(
                    "safe_and_well_check",
                    ep(lac(), &[back("2026-01-13T12:00:00Z")]),
                    "2026-01-13T13:00:00Z",
                ),
                case(
                    "return_home_interview",
                    ep(lac(), &[back("2026-01-13T12:00:00Z")]),
                    "2026-01-13T13:00:00Z",
                ),
                case(
                    "ola_rhi_reminder",
                    ep(ola(), &[back("2026-01-13T12:00:00Z")]),
                    "2026-01-31T09:00:00Z",
                ),
                case(
                    "notify_return",
                    ep(lac(), &[back("2026-01-13T12:00:00Z")]),
                    "2026-01-13T13:00:00Z",
                ),
                case(
                    "notify_missing_information_officer",
                    ep(
                        uasc(),
                        &[completed(
                            "E1",
                            "uasc_professionals_meeting",
                            "2026-02-09T10:00:00Z",
                        )],
                    ),
                    "2026-02-09T11:00:00Z",
                ),
                case(
                    "ola_missing_notification",
                    ep(ola(), &[]),
                    "2026-01-12T10:00:00Z",
                ),
                case(
                    "ola_found_notification",
                    ep(ola(), &[back("2026-01-13T12:00:00Z")]),
                    "2026-01-13T13:00:00Z",
                ),
                case("welfare_check", absent(lac()), "2026-01-12T10:00:00Z"),
            ]
        }
        "camden" => {
            let cp = || child("C1", "2011-04-12", "child_protection");
            vec![
                case("report_to_police", ep(cp(), &[]), "2026-01-12T10:00:00Z"),
                case("send_notifications", ep(cp(), &[]), "2026-01-12T10:00:00Z"),
                rolling(case("daily_update", ep(cp(), &[]), "2026-01-12T10:00:00Z")),
                case("strategy_meeting", ep(cp(), &[]), "2026-01-15T09:00:00Z"),
                rolling(case(
                    "strategy_meeting_review",
                    ep(
                        cp(),
                        &[completed("E1", "strategy_meeting", "2026-01-15T10:00:00Z")],
                    ),
                    "2026-01-16T10:00:00Z",
                )),
                case("mpu_allocation", ep(cp(), &[]), "2026-01-14T09:00:00Z"),
                case("national_alert", ep(cp(), &[]), "2026-01-17T09:00:00Z"),
                // Under 11 at the report: the one child whose RHI camden allows to be
                // waived (003 3.2, "of a very young age"; PROCEDURES.md, Waivers).
                case(
                    "return_home_interview",
                    ep(
                        child("C1", "2016-03-01", "child_protection"),
                        &[back("2026-01-13T12:00:00Z")],
                    ),
                    "2026-01-13T13:00:00Z",
                ),
                case(
                    "notify_return",
                    ep(
                        cp(),
                        &[
                            completed("E1", "send_notifications", "2026-01-12T10:00:00Z"),
                            back("2026-01-13T12:00:00Z"),
                        ],
                    ),
                    "2026-01-13T13:00:00Z",
                ),
                case("notify_parents", ep(lac(), &[]), "2026-01-12T10:00:00Z"),
                case(
                    "notify_fostering_and_iro",
                    ep(lac(), &[]),
                    "2026-01-12T10:00:00Z",
                ),
                case(
                    "notify_youth_offending_service",
                    ep(
                        child_flagged("C1", "2011-04-12", "looked_after", &["court_order"]),
                        &[],
                    )
                    .into_iter()
                    .map(|e| match e["type"].as_str() {
                        Some("episode_reported") => with(e, "category", "absconded"),
                        _ => e,
                    })
                    .collect(),
                    "2026-01-12T10:00:00Z",
                ),
                case("planning_meeting", ep(lac(), &[]), "2026-01-12T10:00:00Z"),
                case(
                    "follow_up_unauthorised_absence",
                    vec![
                        cp(),
                        with(
                            with(
                                reported("E1", "C1", REPORTED, LAST_SEEN),
                                "category",
                                "unauthorised_absence",
                            ),
                            "risk",
                            "no_apparent_risk",
                        ),
                        back("2026-01-12T14:00:00Z"),
                    ],
                    "2026-01-12T15:00:00Z",
                ),
            ]
        }
        "cambridgeshire" => {
            let sixteen = || child("C1", "2009-05-01", "looked_after");
            vec![
                case(
                    "report_to_police",
                    ep(sixteen(), &[]),
                    "2026-01-12T10:00:00Z",
                ),
                case(
                    "strategy_meeting",
                    ep(sixteen(), &[]),
                    "2026-01-12T10:00:00Z",
                ),
                rolling(case(
                    "strategy_meeting_review",
                    ep(
                        sixteen(),
                        &[completed("E1", "strategy_meeting", "2026-01-12T15:00:00Z")],
                    ),
                    "2026-01-13T10:00:00Z",
                )),
                case(
                    "safe_and_well_check",
                    ep(sixteen(), &[back("2026-01-13T12:00:00Z")]),
                    "2026-01-13T13:00:00Z",
                ),
                case(
                    "return_home_interview",
                    ep(sixteen(), &[back("2026-01-13T12:00:00Z")]),
                    "2026-01-13T13:00:00Z",
                ),
                case(
                    "placement_review",
                    ep(sixteen(), &[back("2026-01-13T12:00:00Z")]),
                    "2026-01-13T13:00:00Z",
                ),
                on(
                    case(
                        "repeat_strategy_meeting",
                        repeats(sixteen(), 3),
                        "2026-03-04T11:00:00Z",
                    ),
                    "E3",
                ),
                case(
                    "notify_social_worker",
                    ep(sixteen(), &[]),
                    "2026-01-12T10:00:00Z",
                ),
                case(
                    "notify_return",
                    ep(
                        sixteen(),
                        &[
                            police_informed("E1", "2026-01-12T10:00:00Z", "CB-1"),
                            back("2026-01-13T12:00:00Z"),
                        ],
                    ),
                    "2026-01-13T13:00:00Z",
                ),
                case(
                    "consider_assessment",
                    ep(
                        child("C1", "2009-05-01", "not_open"),
                        &[back("2026-01-13T12:00:00Z")],
                    ),
                    "2026-01-13T13:00:00Z",
                ),
                case(
                    "missing_risk_assessment",
                    ep(sixteen(), &[back("2026-01-13T12:00:00Z")]),
                    "2026-01-13T13:00:00Z",
                ),
                case("welfare_check", absent(sixteen()), "2026-01-12T10:00:00Z"),
            ]
        }
        "practice-guidance" => {
            let cin = || child("C1", "2011-04-12", "child_in_need");
            vec![
                case("report_to_police", ep(cin(), &[]), "2026-01-12T10:00:00Z"),
                case(
                    "senior_leadership_alert",
                    ep(cin(), &[]),
                    "2026-01-13T09:00:00Z",
                ),
                case("strategy_meeting", ep(cin(), &[]), "2026-01-12T10:00:00Z"),
                case(
                    "rhi_offer",
                    ep(cin(), &[back("2026-01-13T12:00:00Z")]),
                    "2026-01-13T13:00:00Z",
                ),
                case(
                    "update_risk_assessment",
                    ep(cin(), &[back("2026-01-13T12:00:00Z")]),
                    "2026-01-13T13:00:00Z",
                ),
                case("welfare_check", absent(cin()), "2026-01-12T10:00:00Z"),
            ]
        }
        other => panic!("no cases for {other}"),
    }
}

const REASON: &str = "manager's recorded decision: not needed in this case";

fn check_policy(policy: &str) {
    let mut covered: Vec<&str> = Vec::new();
    for c in cases(policy) {
        covered.push(c.rule);
        let what = format!("{policy}/{}", c.rule);

        // Open at the instant.
        let rec = Record::new(policy, &c.events);
        let v = rec.at(c.at);
        let open = v
            .all(c.episode, c.rule)
            .into_iter()
            .find(|i| i.state.is_open())
            .unwrap_or_else(|| panic!("{what}: not open at {}:\n{}", c.at, v.dump()))
            .clone();
        assert!(v.listed(c.episode, c.rule), "{what}: not listed by due");

        // Completed at the instant.
        let mut events = c.events.clone();
        events.push(completed(c.episode, c.rule, c.at));
        let v = Record::new(policy, &events).at(c.at);
        let i = v.nth(c.episode, c.rule, open.occurrence);
        if c.rolling {
            assert_eq!(
                i.opens_at,
                t(c.at),
                "{what}: a completion restarts the period"
            );
            assert_eq!(i.state, Due, "{what}");
        } else {
            assert_eq!(i.state, Completed, "{what}");
            assert_eq!(i.resolved_at, Some(t(c.at)), "{what}");
            assert_eq!(i.waiver_reason, None, "{what}");
            assert!(
                !v.all(c.episode, c.rule)
                    .iter()
                    .any(|x| x.occurrence == open.occurrence && x.state.is_open()),
                "{what}"
            );
        }

        // Waived at the instant, with the reason kept, only where PROCEDURES.md's
        // "Waivers" table allows it; any other waiver is refused, naming the rule.
        let mut events = c.events.clone();
        events.push(waived(c.episode, c.rule, c.at, REASON));
        let waivable = Policy::shipped(policy)
            .unwrap()
            .rule(c.rule)
            .is_some_and(|r| r.waivable.is_some());
        if !waivable {
            let r = show(&refused(policy, &events));
            assert!(
                r.contains(&format!("`{}` cannot be waived", c.rule)),
                "{what}: {r}"
            );
            continue;
        }
        let v = Record::new(policy, &events).at(c.at);
        let i = v.nth(c.episode, c.rule, open.occurrence);
        assert_eq!(i.state, Waived, "{what}");
        assert_eq!(i.waiver_reason.as_deref(), Some(REASON), "{what}");
        assert!(!i.breached, "{what}: waived before its deadline");
        assert!(
            !v.listed(c.episode, c.rule) || v.all(c.episode, c.rule).len() > 1,
            "{what}"
        );
    }
    let shipped = Policy::shipped(policy).unwrap();
    let mut ids: Vec<&str> = shipped.rule_ids();
    ids.sort();
    covered.sort();
    assert_eq!(covered, ids, "{policy}: every rule needs a scenario here");
}

#[test]
fn every_rule_of_cumbria_has_a_scenario_and_can_be_completed_or_waived() {
    check_policy("cumbria");
}

#[test]
fn every_rule_of_medway_has_a_scenario_and_can_be_completed_or_waived() {
    check_policy("medway");
}

#[test]
fn every_rule_of_camden_has_a_scenario_and_can_be_completed_or_waived() {
    check_policy("camden");
}

#[test]
fn every_rule_of_cambridgeshire_has_a_scenario_and_can_be_completed_or_waived() {
    check_policy("cambridgeshire");
}

#[test]
fn every_rule_of_practice_guidance_has_a_scenario_and_can_be_completed_or_waived() {
    check_policy("practice-guidance");
}
