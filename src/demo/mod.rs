//! A realistic, fictional caseload for `dutyboard demo`: dated relative to `now`, so
//! the board is always live. Every name is obviously invented. The caseload is valid
//! under every shipped policy (no `low` grades for under-18s, none but `medium` or
//! `high` for a missing one, camden's own categories, RHI declines only after four
//! attempts), so `demo --policy NAME` works for each.

mod authorities;
mod children;
pub mod synthetic;

pub use authorities::{caseload_of_two, second_policy};

use children::KIDS;

use crate::record::vocab::Category;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

/// Actions the desk has long since done for the repeat child's earlier episodes, so
/// the demo's past is tidy; each is recorded only if the policy has such a rule.
const DONE_LONG_AGO: &[&str] = &[
    "report_to_police",
    "notify_iro",
    "send_notifications",
    "safe_and_well_check",
    "return_home_interview",
    "rhi_offer",
    "placement_review",
    "update_risk_assessment",
    "notify_return",
    "consider_stage_one",
    "professionals_meeting",
    "notify_home_office_return",
    "ola_found_notification",
];

/// The calls the officer who took each report made within the hour (the people told
/// that a child is missing): done for every episode reported more than three hours
/// ago, so the demo's breaches are the few its story tells, not every notice.
const TOLD_WITHIN_THE_HOUR: &[&str] = &[
    "notify_social_worker",
    "notify_parents",
    "notify_responsible_authority",
    "notify_designated_health",
    "notify_fostering_and_iro",
    "notify_youth_offending_service",
    "ola_missing_notification",
    "notify_home_office",
];

/// The caseload as JSON Lines, valid under `policy`, every time relative to `now`.
/// An action completion for a rule the policy does not have is left out.
pub fn caseload_for(now: DateTime<Utc>, policy: &crate::procedures::Policy) -> String {
    let mut out = events_for(now, policy);
    out.retain(|ev| match ev.get("rule").and_then(|r| r.as_str()) {
        Some(rule) if ev["type"] == "action_completed" => policy.knows_rule(rule),
        _ => true,
    });
    out.iter().map(|v| v.to_string() + "\n").collect()
}

/// The caseload's events, the categories `policy` uses, with every completion (the
/// caller leaves out those of rules the episode's policy does not have).
fn events_for(now: DateTime<Utc>, policy: &crate::procedures::Policy) -> Vec<Value> {
    let mut out = Vec::new();
    let h = |hours: i64| now - Duration::minutes((hours as f64 * 60.0) as i64);
    let hm = |minutes: i64| now - Duration::minutes(minutes);
    let t = |at: DateTime<Utc>| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let registered = now - Duration::days(400);
    for k in KIDS {
        // Born a little over `age_years` ago, never on the registration day.
        let dob = (now - Duration::days(k.age_years * 365 + k.age_years / 4 + 40)).date_naive();
        let mut ev = json!({
            "type": "child_registered", "id": format!("demo-{}-reg", k.child), "at": t(registered),
            "by": "demo", "child": k.child, "name": k.name, "dob": dob.to_string(), "status": k.status,
            "flags": k.flags, "placement": k.placement, "authority": "Demo County Council",
        });
        if !k.worker.is_empty() {
            ev["allocated_worker"] = json!(k.worker);
        }
        // A child placed here by another council carries that council (INTERFACE).
        if k.flags.contains(&"other_la_placement") {
            ev["placing_authority"] = json!("Another Demo Council");
        }
        out.push(ev);
    }
    let mut n = 0;
    let mut push = |out: &mut Vec<Value>, mut ev: Value| {
        n += 1;
        ev["id"] = json!(format!("demo-{n:03}"));
        ev["by"] = ev.get("by").cloned().unwrap_or(json!("demo"));
        out.push(ev);
    };
    let report = |episode: &str,
                  child: &str,
                  last_seen: DateTime<Utc>,
                  reported: DateTime<Utc>,
                  category: &str,
                  risk: &str,
                  police_ref: Option<&str>,
                  location: &str,
                  circumstances: &str| {
        // Away with whereabouts known: camden has no `absent` (its scale, 003 2.1-2.5);
        // a child staying somewhere known without agreement is its unauthorised absence.
        let category = match category {
            "absent" if !policy.categories.contains(&Category::Absent) => "unauthorised_absence",
            other => other,
        };
        let mut ev = json!({
            "type": "episode_reported", "at": t(reported), "episode": episode, "child": child,
            "last_seen_at": t(last_seen), "category": category, "risk": risk,
            "last_seen_location": location, "circumstances": circumstances, "by": "Sam Duty",
        });
        if let Some(r) = police_ref {
            ev["police_ref"] = json!(r);
        }
        ev
    };

    // Alfie: CE risk graded medium (a Cumbria violation), missing 2 days, strategy meeting breached.
    push(
        &mut out,
        report(
            "E201",
            "C101",
            h(52),
            h(50),
            "missing",
            "medium",
            Some("PD-4401"),
            "Larch House",
            "Left after a phone call; believed collected by a car",
        ),
    );
    push(
        &mut out,
        json!({"type": "update_recorded", "at": t(h(30)), "episode": "E201", "text": "Carer called known addresses; no sighting.", "by": "Priya Worker"}),
    );
    // Bella: missing 5 hours, high risk, police told.
    push(
        &mut out,
        report(
            "E202",
            "C102",
            h(5),
            hm(270),
            "missing",
            "high",
            Some("PD-4410"),
            "Town centre bus station",
            "Did not return from school",
        ),
    );
    // Cody and Lola (+Milo): Milo and Lola missing together from the same home.
    push(
        &mut out,
        report(
            "E203",
            "C112",
            h(9),
            h(8),
            "missing",
            "high",
            Some("PD-4412"),
            "Larch House",
            "Left together after an argument",
        ),
    );
    push(
        &mut out,
        report(
            "E204",
            "C113",
            h(9),
            h(8),
            "missing",
            "high",
            Some("PD-4413"),
            "Larch House",
            "Left together after an argument",
        ),
    );
    push(
        &mut out,
        json!({"type": "episodes_linked", "at": t(hm(470)), "episode": "E203", "with": ["E204"], "lead_officer": "Sam Duty", "by": "Sam Duty"}),
    );
    // Cody: CP child, missing 26 hours, no police reference yet recorded.
    push(
        &mut out,
        report(
            "E205",
            "C103",
            h(26),
            h(25),
            "missing",
            "medium",
            None,
            "Skate park",
            "Argument at home",
        ),
    );
    push(
        &mut out,
        json!({"type": "police_informed", "at": t(h(24)), "episode": "E205", "police_ref": "PD-4390", "by": "EDT Night"}),
    );
    // Daisy: CIN with mental health needs, missing 3 hours, regraded to high.
    push(
        &mut out,
        report(
            "E206",
            "C104",
            h(3),
            hm(150),
            "missing",
            "medium",
            Some("PD-4420"),
            "Home",
            "Left a worrying note",
        ),
    );
    push(
        &mut out,
        json!({"type": "risk_changed", "at": t(h(2)), "episode": "E206", "risk": "high", "reason": "Note suggests intent to self-harm", "by": "EDT Night"}),
    );
    // Eddie: 11, looked after, missing 30 minutes.
    push(
        &mut out,
        report(
            "E207",
            "C105",
            hm(45),
            hm(30),
            "missing",
            "medium",
            None,
            "Foster home",
            "Did not come in from the garden",
        ),
    );
    // Freya: care leaver, 17, missing 8 days (long-running).
    push(
        &mut out,
        report(
            "E208",
            "C106",
            h(8 * 24 + 3),
            h(8 * 24),
            "missing",
            "medium",
            Some("PD-4100"),
            "Supported lodgings",
            "Took belongings; believed in another city",
        ),
    );
    push(
        &mut out,
        json!({"type": "action_completed", "at": t(h(7 * 24)), "episode": "E208", "rule": "strategy_meeting", "by": "Lee Pathway"}),
    );
    // Gus: not open, missing 20 hours.
    push(
        &mut out,
        report(
            "E209",
            "C107",
            h(20),
            h(18),
            "missing",
            "medium",
            Some("PD-4415"),
            "Park",
            "Parents report he stayed out",
        ),
    );
    // Hattie: away from placement, whereabouts known.
    push(
        &mut out,
        report(
            "E210",
            "C108",
            h(4),
            h(3),
            "absent",
            "no_apparent_risk",
            None,
            "Aunt's house",
            "Staying with aunt without agreement; aunt answering phone",
        ),
    );
    // Isaac: UASC, missing 30 days.
    push(
        &mut out,
        report(
            "E211",
            "C109",
            h(30 * 24),
            h(30 * 24 - 2),
            "missing",
            "high",
            Some("PD-3900"),
            "Supported accommodation",
            "Left with two adults; trafficking concern",
        ),
    );
    push(
        &mut out,
        json!({"type": "action_completed", "at": t(h(29 * 24)), "episode": "E211", "rule": "strategy_meeting", "by": "Lee Pathway"}),
    );
    // Jade: placed by another LA, returned 20 days ago, RHI never done.
    push(
        &mut out,
        report(
            "E212",
            "C110",
            h(23 * 24),
            h(23 * 24 - 1),
            "missing",
            "medium",
            Some("PD-3950"),
            "Birch House",
            "Went to see friends in home town",
        ),
    );
    push(
        &mut out,
        json!({"type": "child_returned", "at": t(h(21 * 24)), "episode": "E212", "location_found": "Friend's flat", "injured": false, "victim_of_crime": false, "by": "EDT Night"}),
    );
    // Kai: CP, learning disability, returned 10 hours ago: RHI due, safe and well open.
    push(
        &mut out,
        report(
            "E213",
            "C111",
            h(30),
            h(29),
            "missing",
            "high",
            Some("PD-4380"),
            "School",
            "Ran from school at lunch",
        ),
    );
    push(
        &mut out,
        json!({"type": "child_returned", "at": t(h(10)), "episode": "E213", "location_found": "Railway station", "injured": true, "victim_of_crime": false, "by": "EDT Night"}),
    );
    // Nina: returned 4 days ago, RHI attempts made, RHI overdue.
    push(
        &mut out,
        report(
            "E214",
            "C114",
            h(6 * 24),
            h(6 * 24 - 1),
            "missing",
            "medium",
            Some("PD-4300"),
            "Home",
            "Stayed out overnight",
        ),
    );
    push(
        &mut out,
        json!({"type": "child_returned", "at": t(h(4 * 24)), "episode": "E214", "location_found": "Friend's house", "by": "Jo Allocated"}),
    );
    push(
        &mut out,
        json!({"type": "rhi_attempt", "at": t(h(3 * 24)), "episode": "E214", "note": "No answer at home", "by": "Jo Allocated"}),
    );
    // Otis: the repeat child: three episodes in the last 60 days, missing again now.
    push(
        &mut out,
        report(
            "E215",
            "C115",
            h(60 * 24),
            h(60 * 24 - 2),
            "missing",
            "medium",
            Some("PD-3700"),
            "Foster home",
            "Out late",
        ),
    );
    push(
        &mut out,
        json!({"type": "child_returned", "at": t(h(59 * 24)), "episode": "E215", "by": "EDT Night"}),
    );
    push(
        &mut out,
        json!({"type": "action_completed", "at": t(h(58 * 24)), "episode": "E215", "rule": "return_home_interview", "by": "Lee Pathway"}),
    );
    push(
        &mut out,
        report(
            "E216",
            "C115",
            h(30 * 24),
            h(30 * 24 - 2),
            "missing",
            "medium",
            Some("PD-3960"),
            "Foster home",
            "Out late again",
        ),
    );
    push(
        &mut out,
        json!({"type": "child_returned", "at": t(h(29 * 24)), "episode": "E216", "by": "EDT Night"}),
    );
    push(
        &mut out,
        json!({"type": "action_completed", "at": t(h(28 * 24)), "episode": "E216", "rule": "return_home_interview", "by": "Lee Pathway"}),
    );
    push(
        &mut out,
        report(
            "E217",
            "C115",
            h(14),
            h(13),
            "missing",
            "high",
            Some("PD-4418"),
            "Foster home",
            "Third time in two months; seen with older youths",
        ),
    );
    // Poppy: returned yesterday, RHI due.
    push(
        &mut out,
        report(
            "E218",
            "C116",
            h(40),
            h(39),
            "missing",
            "medium",
            Some("PD-4370"),
            "Home",
            "Argument with parent",
        ),
    );
    push(
        &mut out,
        json!({"type": "child_returned", "at": t(h(20)), "episode": "E218", "location_found": "Grandparent's house", "by": "EDT Night"}),
    );
    // Quinn: court order, 17, missing 12 hours.
    push(
        &mut out,
        report(
            "E219",
            "C117",
            h(12),
            h(11),
            "missing",
            "high",
            Some("PD-4416"),
            "Semi-independent flat",
            "Breached residence requirement",
        ),
    );
    // Rosa: not open, returned 2 hours ago.
    push(
        &mut out,
        report(
            "E220",
            "C118",
            h(16),
            h(15),
            "missing",
            "medium",
            Some("PD-4414"),
            "Home",
            "Did not return after a party",
        ),
    );
    push(
        &mut out,
        json!({"type": "child_returned", "at": t(h(2)), "episode": "E220", "location_found": "Friend's house", "victim_of_crime": true, "by": "EDT Night"}),
    );
    // Stan: early help, away with whereabouts known (at a friend's).
    push(
        &mut out,
        report(
            "E221",
            "C119",
            h(6),
            h(5),
            "absent",
            "no_apparent_risk",
            None,
            "Friend's house",
            "Refusing to come home; friend's parent in contact",
        ),
    );
    // Tia: missing 50 hours, high risk, strategy meeting held.
    push(
        &mut out,
        report(
            "E222",
            "C120",
            h(50),
            h(49),
            "missing",
            "high",
            Some("PD-4392"),
            "Foster home",
            "Went out and did not return",
        ),
    );
    push(
        &mut out,
        json!({"type": "action_completed", "at": t(h(30)), "episode": "E222", "rule": "strategy_meeting", "by": "Priya Worker"}),
    );
    push(
        &mut out,
        json!({"type": "update_recorded", "at": t(h(6)), "episode": "E222", "text": "Sighting reported near the retail park; police attending.", "by": "EDT Night"}),
    );

    let reported: Vec<(String, DateTime<Utc>)> = out
        .iter()
        .filter(|ev| ev["type"] == "episode_reported")
        .filter_map(|ev| {
            let at = ev["at"].as_str()?.parse::<DateTime<Utc>>().ok()?;
            Some((ev["episode"].as_str()?.to_string(), at))
        })
        .filter(|(_, at)| *at < h(3))
        .collect();
    for (episode, at) in reported {
        for rule in TOLD_WITHIN_THE_HOUR {
            push(
                &mut out,
                json!({"type": "action_completed", "at": t(at + Duration::minutes(45)),
                "episode": episode, "rule": rule, "by": "Sam Duty"}),
            );
        }
    }
    for (episode, returned_days_ago) in [("E215", 59), ("E216", 29)] {
        for rule in DONE_LONG_AGO {
            push(
                &mut out,
                json!({"type": "action_completed", "at": t(h(returned_days_ago * 24 - 2)),
                "episode": episode, "rule": rule, "by": "Lee Pathway"}),
            );
        }
    }
    out
}
