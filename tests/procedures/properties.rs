//! Properties that must hold for any record, not just the ones we thought of:
//! the engine is a pure function (same answer every time, whatever order equal-time
//! events were stored in, never a panic), and import never panics and never stores
//! part of what it refuses.

use chrono::{DateTime, Duration, Utc};
use dutyboard::calendar::Calendar;
use dutyboard::procedures::{evaluate_events, Policy};
use dutyboard::record::import::{check_batch, parse_lines};
use dutyboard::record::{Event, EventLog, Store};
use proptest::prelude::*;
use serde_json::json;

const POLICIES: &[&str] = &[
    "cambridgeshire",
    "cumbria",
    "medway",
    "camden",
    "practice-guidance",
];

fn base() -> DateTime<Utc> {
    "2026-01-10T09:00:00Z".parse().unwrap()
}

/// One step a duty desk might record, with minutes since the previous step.
#[derive(Debug, Clone)]
enum Step {
    Report {
        child: usize,
        category: usize,
        risk: usize,
        police: bool,
        seen_before: u16,
    },
    Update,
    Police,
    Regrade {
        risk: usize,
    },
    Complete {
        rule: usize,
    },
    Waive {
        rule: usize,
    },
    Return {
        injured: bool,
        found_delay: u16,
    },
    RhiAttempt,
    ChildUpdate {
        status: usize,
        flags: u8,
    },
}

fn step() -> impl Strategy<Value = (u32, Step)> {
    let s = prop_oneof![
        3 => (0..4usize, 0..7usize, 0..4usize, any::<bool>(), 0..3000u16)
            .prop_map(|(child, category, risk, police, seen_before)| Step::Report { child, category, risk, police, seen_before }),
        2 => Just(Step::Update),
        1 => Just(Step::Police),
        1 => (0..4usize).prop_map(|risk| Step::Regrade { risk }),
        3 => (0..40usize).prop_map(|rule| Step::Complete { rule }),
        1 => (0..40usize).prop_map(|rule| Step::Waive { rule }),
        2 => (any::<bool>(), 0..600u16).prop_map(|(injured, found_delay)| Step::Return { injured, found_delay }),
        1 => Just(Step::RhiAttempt),
        1 => (0..6usize, any::<u8>()).prop_map(|(status, flags)| Step::ChildUpdate { status, flags }),
    ];
    (0..20_000u32, s)
}

const CATEGORIES: &[&str] = &[
    "missing",
    "absent",
    "concerning_absence_low",
    "concerning_absence_medium",
    "unauthorised_absence",
    "absconded",
    "abducted",
];
const RISKS: &[&str] = &["high", "medium", "low", "no_apparent_risk"];
const STATUSES: &[&str] = &[
    "looked_after",
    "child_protection",
    "child_in_need",
    "care_leaver",
    "early_help",
    "not_open",
];
const FLAGS: &[&str] = &[
    "uasc",
    "other_la_placement",
    "ce_risk",
    "ce_police_report_open",
    "learning_disability",
    "mental_health",
    "court_order",
];

/// Turns steps into events, keeping only those the policy's checks accept, so the
/// result is a valid record built the way a desk builds one: event by event.
fn build_record(policy: &Policy, steps: &[(u32, Step)]) -> Vec<Event> {
    let mut lines: Vec<serde_json::Value> = Vec::new();
    for (i, c) in ["C1", "C2", "C3", "C4"].iter().enumerate() {
        let dob = ["2010-05-05", "2014-02-28", "2008-12-31", "2016-07-01"][i];
        lines.push(
            json!({"type": "child_registered", "id": format!("r{i}"), "at": "2025-06-01T00:00:00Z",
            "child": c, "name": format!("Child {c}"), "dob": dob,
            "status": STATUSES[i % STATUSES.len()]}),
        );
    }
    let mut accepted = lines.clone();
    let mut t = base();
    let mut episode: Option<String> = None;
    let mut n = 0;
    let rules = policy.rule_ids();
    for (gap, s) in steps {
        t += Duration::minutes(i64::from(*gap));
        n += 1;
        let at = t.to_rfc3339();
        let id = format!("s{n}");
        let ep = episode.clone().unwrap_or_else(|| "E0".into());
        let candidate = match s {
            Step::Report {
                child,
                category,
                risk,
                police,
                seen_before,
            } => {
                let e = format!("E{n}");
                let mut v = json!({"type": "episode_reported", "id": id, "at": at, "episode": e,
                    "child": format!("C{}", child + 1), "category": CATEGORIES[*category], "risk": RISKS[*risk],
                    "last_seen_at": (t - Duration::minutes(i64::from(*seen_before))).to_rfc3339()});
                if *police {
                    v["police_ref"] = json!(format!("P{n}"));
                }
                v
            }
            Step::Update => {
                json!({"type": "update_recorded", "id": id, "at": at, "episode": ep, "text": "update"})
            }
            Step::Police => {
                json!({"type": "police_informed", "id": id, "at": at, "episode": ep, "police_ref": format!("P{n}")})
            }
            Step::Regrade { risk } => {
                json!({"type": "risk_changed", "id": id, "at": at, "episode": ep, "risk": RISKS[*risk]})
            }
            Step::Complete { rule } => {
                json!({"type": "action_completed", "id": id, "at": at, "episode": ep, "rule": rules[rule % rules.len()]})
            }
            Step::Waive { rule } => {
                json!({"type": "action_waived", "id": id, "at": at, "episode": ep, "rule": rules[rule % rules.len()], "reason": "decided"})
            }
            Step::Return {
                injured,
                found_delay,
            } => json!({"type": "child_returned", "id": id, "at": at, "episode": ep,
                "injured": injured, "found_report_at": (t + Duration::minutes(i64::from(*found_delay))).to_rfc3339()}),
            Step::RhiAttempt => json!({"type": "rhi_attempt", "id": id, "at": at, "episode": ep}),
            Step::ChildUpdate { status, flags } => {
                let flags: Vec<&str> = FLAGS
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| flags & (1 << i) != 0)
                    .map(|(_, f)| *f)
                    .collect();
                json!({"type": "child_updated", "id": id, "at": at, "child": "C1", "status": STATUSES[*status], "flags": flags})
            }
        };
        let mut trial = accepted.clone();
        trial.push(candidate.clone());
        let text: String = trial.iter().map(|v| v.to_string() + "\n").collect();
        let parsed = parse_lines(text.as_bytes(), "prop").expect("every generated line parses");
        let far_future: DateTime<Utc> = "2030-01-01T00:00:00Z".parse().unwrap();
        if check_batch(&[], &parsed, policy, far_future).is_ok() {
            if let Step::Report { .. } = s {
                episode = candidate["episode"].as_str().map(str::to_string);
            }
            accepted = trial;
        }
    }
    let text: String = accepted.iter().map(|v| v.to_string() + "\n").collect();
    let mut events: Vec<Event> = parse_lines(text.as_bytes(), "prop")
        .unwrap()
        .into_iter()
        .map(|p| p.event)
        .collect();
    events.sort_by_key(|e| e.at);
    events
}

fn snapshot(events: &[Event], policy: &Policy, cal: &Calendar, now: DateTime<Utc>) -> String {
    let (state, eval) = evaluate_events(events, policy, cal, now);
    let board = dutyboard::views::board::build(&state, &eval, now, false);
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}",
        eval.instances, eval.violations, eval.errors, board.rows
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_record_evaluates_the_same_every_time_and_never_panics(
        policy_index in 0..POLICIES.len(),
        steps in prop::collection::vec(step(), 1..40),
        probes in prop::collection::vec(0..200_000i64, 1..4),
    ) {
        let policy = Policy::shipped(POLICIES[policy_index]).unwrap();
        let cal = Calendar::embedded();
        let events = build_record(&policy, &steps);
        for minutes in probes {
            let now = base() + Duration::minutes(minutes);
            let first = snapshot(&events, &policy, &cal, now);
            let second = snapshot(&events, &policy, &cal, now);
            prop_assert_eq!(&first, &second);
            // The order events were stored in does not matter, only their times:
            // reversing the storage order (then sorting by time) gives the same answer.
            let mut reversed: Vec<Event> = events.iter().rev().cloned().collect();
            reversed.sort_by_key(|e| e.at);
            let distinct_times = events.windows(2).all(|w| w[0].at != w[1].at);
            if distinct_times {
                prop_assert_eq!(&first, &snapshot(&reversed, &policy, &cal, now));
            }
        }
    }

    #[test]
    fn an_instance_is_never_due_before_it_opens_and_overdue_only_past_its_deadline(
        policy_index in 0..POLICIES.len(),
        steps in prop::collection::vec(step(), 1..30),
        minutes in 0..200_000i64,
    ) {
        use dutyboard::procedures::InstanceState::*;
        let policy = Policy::shipped(POLICIES[policy_index]).unwrap();
        let events = build_record(&policy, &steps);
        let now = base() + Duration::minutes(minutes);
        let (_, eval) = evaluate_events(&events, &policy, &Calendar::embedded(), now);
        for i in &eval.instances {
            match i.state {
                Upcoming => prop_assert!(now < i.opens_at),
                Due => prop_assert!(i.opens_at <= now && now <= i.due_at && !i.asap),
                DueNow => prop_assert!(i.opens_at <= now && i.asap),
                Overdue => prop_assert!(now > i.due_at && !i.asap),
                Completed | Waived => prop_assert!(i.resolved_at.is_some_and(|t| t <= now)),
                Closed => prop_assert!(i.closed_at.is_some()),
            }
        }
    }
}

fn fresh_store(dir: &tempfile::TempDir, policy: &Policy) -> Store {
    let mut store = Store::create(&dir.path().join("t.db")).unwrap();
    store
        .initialise(&policy.name, &policy.text, Utc::now())
        .unwrap();
    let seed = r#"{"type":"child_registered","id":"seed","at":"2026-01-01T00:00:00Z","child":"C1","name":"Seed Child","dob":"2012-01-01","status":"looked_after"}"#;
    dutyboard::record::import(&mut store, seed.as_bytes(), policy, "t", Utc::now()).unwrap();
    store
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_to_import_give_a_clear_error_and_change_nothing(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let policy = Policy::shipped("cumbria").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut store = fresh_store(&dir, &policy);
        let before = store.count().unwrap();
        let result = dutyboard::record::import(&mut store, &bytes, &policy, "fuzz", Utc::now());
        if let Err(e) = result {
            let message = e.to_string();
            prop_assert!(!message.trim().is_empty());
            prop_assert!(message.contains("line") || message.contains("no events"), "{}", message);
            prop_assert_eq!(store.count().unwrap(), before);
        }
    }

    #[test]
    fn a_mangled_event_line_is_refused_by_line_and_field_and_changes_nothing(
        cut in 0usize..200, insert in any::<char>(), at in 0usize..200,
    ) {
        let policy = Policy::shipped("cumbria").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut store = fresh_store(&dir, &policy);
        let good = r#"{"type":"episode_reported","at":"2026-02-02T10:00:00Z","episode":"E1","child":"C1","last_seen_at":"2026-02-02T09:00:00Z","category":"missing","risk":"high"}"#;
        let mut chars: Vec<char> = good.chars().collect();
        let cut = cut % chars.len();
        chars.remove(cut);
        let at = at % chars.len();
        chars.insert(at, insert);
        let line: String = chars.into_iter().collect();
        let input = format!("{good_child}\n{line}\n", good_child = r#"{"type":"update_recorded","at":"2026-01-02T00:00:00Z","episode":"NOPE","text":"x"}"#);
        let before = store.count().unwrap();
        let result = dutyboard::record::import(&mut store, input.as_bytes(), &policy, "fuzz", Utc::now());
        // Line 1 names an episode that does not exist, so the batch is always refused:
        // by line 2 if the mangling broke it (parsing comes first), else by line 1. An
        // inserted line break splits the mangled line in two, so line 3 may be named.
        let message = result.expect_err("line 1 is invalid").to_string();
        let split = insert == '\n';
        prop_assert!(
            message.starts_with("line 1: ")
                || message.starts_with("line 2: ")
                || (split && message.starts_with("line 3: ")),
            "{}",
            message
        );
        prop_assert_eq!(store.count().unwrap(), before);
        let _ = store.read_all().unwrap();
    }
}
