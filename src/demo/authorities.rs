//! The demo desk of two authorities (issue 14): an out-of-hours desk covering its own
//! council and a neighbour with another procedure, so the board's AUTH column, the
//! header's counts per authority and each episode's own deadlines show in the demo.

use super::events_for;
use crate::procedures::Policy;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};
use std::collections::HashMap;

/// The children the neighbour is responsible for (Jade, placed here by another
/// council, among them): the rest are the desk's own council's.
const NEIGHBOURS: &[&str] = &["C104", "C107", "C110", "C111", "C116", "C120"];

/// The neighbour's procedure beside `policy`'s: Medway's, or Cumbria's on a Medway desk.
pub fn second_policy(policy: &Policy) -> &'static str {
    if policy.name == "medway" {
        "cumbria"
    } else {
        "medway"
    }
}

/// The caseload on a record of two authorities: `policy`'s (the desk's own, named as
/// `init` names it) and `second`'s, adopted by its own name, every child naming one
/// of them. Each completion is kept only if the policy its episode follows has the
/// rule, so the caseload is valid under each pair of shipped policies.
pub fn caseload_of_two(now: DateTime<Utc>, policy: &Policy, second: &Policy) -> String {
    let mut out = vec![json!({
        "type": "policy_adopted", "id": "demo-adopt-second", "by": "demo",
        "at": (now - Duration::days(401)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "authority": second.name, "policy": second.name,
    })];
    let mut follows: HashMap<String, &Policy> = HashMap::new();
    for mut ev in events_for(now, policy) {
        match ev["type"].as_str() {
            Some("child_registered") => {
                let theirs = NEIGHBOURS.contains(&ev["child"].as_str().unwrap_or(""));
                let authority = if theirs { &second.name } else { &policy.name };
                ev["authority"] = Value::from(authority.as_str());
            }
            Some("episode_reported") => {
                let theirs = NEIGHBOURS.contains(&ev["child"].as_str().unwrap_or(""));
                let episode = ev["episode"].as_str().unwrap_or("").to_string();
                follows.insert(episode, if theirs { second } else { policy });
            }
            Some("action_completed") => {
                let governing = ev["episode"]
                    .as_str()
                    .and_then(|e| follows.get(e))
                    .copied()
                    .unwrap_or(policy);
                if !ev["rule"].as_str().is_some_and(|r| governing.knows_rule(r)) {
                    continue;
                }
            }
            _ => {}
        }
        out.push(ev);
    }
    out.iter().map(|v| v.to_string() + "\n").collect()
}
