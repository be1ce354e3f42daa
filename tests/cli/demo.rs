//! The demo caseload is what a new user sees first: it must be valid under every
//! shipped policy and show the situations a duty desk meets.

use chrono::{DateTime, Utc};
use dutyboard::calendar::Calendar;
use dutyboard::procedures::policy::SHIPPED;
use dutyboard::procedures::{evaluate_events, InstanceState, Policy};
use dutyboard::record::import::{check_batch, parse_lines};
use dutyboard::record::Event;

fn now() -> DateTime<Utc> {
    "2026-11-23T03:00:00Z".parse().unwrap()
}

fn demo(policy: &Policy) -> Vec<Event> {
    let text = dutyboard::demo::caseload_for(now(), policy);
    let parsed = parse_lines(text.as_bytes(), "demo").unwrap();
    check_batch(&[], &parsed, policy, now()).unwrap_or_else(|r| panic!("{}: {:?}", policy.name, r));
    let mut events: Vec<Event> = parsed.into_iter().map(|p| p.event).collect();
    events.sort_by_key(|e| e.at);
    events
}

#[test]
fn the_demo_caseload_imports_under_every_shipped_policy() {
    for (name, _) in SHIPPED {
        let policy = Policy::shipped(name).unwrap();
        assert!(!demo(&policy).is_empty(), "{name}");
    }
}

#[test]
fn the_demo_shows_breaches_returns_awaiting_interviews_a_repeat_child_and_children_missing_together(
) {
    let policy = Policy::shipped("cumbria").unwrap();
    let events = demo(&policy);
    let (state, eval) = evaluate_events(&events, &policy, &Calendar::embedded(), now());
    let children = state.children.len();
    assert!((15..=30).contains(&children), "{children} children");
    assert!(
        eval.instances
            .iter()
            .any(|i| i.state == InstanceState::Overdue),
        "some breached"
    );
    assert!(
        eval.instances
            .iter()
            .any(|i| i.rule == "return_home_interview" && i.state == InstanceState::Due),
        "a returned child awaiting an RHI"
    );
    assert!(
        eval.instances.iter().any(|i| i.rule == "stage_one_meeting"),
        "a repeat child"
    );
    assert!(
        state
            .episodes
            .iter()
            .any(|e| !e.linked.is_empty() && e.lead_officer.is_some()),
        "missing together"
    );
    let statuses: std::collections::HashSet<_> =
        state.children.values().map(|c| c.status).collect();
    assert!(statuses.len() >= 5, "statuses across the range");
    assert!(
        state
            .episodes
            .iter()
            .any(|e| e.category.is_whereabouts_known()),
        "an absence"
    );
    // Names are obviously fictional.
    assert!(state
        .children
        .values()
        .all(|c| c.name.split_whitespace().count() == 2));
}
