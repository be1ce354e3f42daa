//! An officer acknowledges a breach: a `breach_acknowledged` event that the ticker
//! shows ("ack by NAME 03:12") on every board.

use crate::support::t;
use dutyboard::calendar::Calendar;
use dutyboard::procedures::{evaluate_events, Policy};
use dutyboard::record::import::{check_batch, parse_lines};
use dutyboard::record::Event;

const SETUP: &str = r#"{"type":"child_registered","at":"2026-01-05T10:00:00Z","child":"C1","name":"Test Child","dob":"2011-04-12","status":"looked_after"}
{"type":"episode_reported","at":"2026-03-02T09:00:00Z","episode":"E1","child":"C1","last_seen_at":"2026-03-02T08:00:00Z","category":"missing","risk":"high","police_ref":"P1"}
"#;

fn record(extra: &str) -> Result<Vec<Event>, String> {
    let policy = Policy::shipped("cumbria").unwrap();
    let text = format!("{SETUP}{extra}");
    let parsed = parse_lines(text.as_bytes(), "Night EDT").map_err(|r| format!("{r:?}"))?;
    check_batch(&[], &parsed, &policy, t("2030-01-01T00:00:00Z")).map_err(|r| format!("{r:?}"))?;
    let mut events: Vec<Event> = parsed.into_iter().map(|p| p.event).collect();
    events.sort_by_key(|e| e.at);
    Ok(events)
}

fn ticker(events: &[Event], at: &str) -> Vec<dutyboard::views::board::TickerItem> {
    let policy = Policy::shipped("cumbria").unwrap();
    let now = t(at);
    let (state, eval) = evaluate_events(events, &policy, &Calendar::embedded(), now);
    dutyboard::views::board::build(&state, &eval, now, false).ticker
}

#[test]
fn a_breach_acknowledged_after_its_deadline_shows_who_and_when_on_the_ticker() {
    // The strategy meeting was due 3 March 09:00; acknowledged at 03:12 the next night.
    let events = record(r#"{"type":"breach_acknowledged","at":"2026-03-04T03:12:00Z","episode":"E1","rule":"strategy_meeting","note":"Chasing the team manager"}"#).unwrap();
    let before = ticker(&events, "2026-03-04T03:00:00Z");
    let item = before
        .iter()
        .find(|i| i.rule == "strategy_meeting")
        .unwrap();
    assert_eq!(item.acknowledged_by, None);
    let after = ticker(&events, "2026-03-04T04:00:00Z");
    let item = after.iter().find(|i| i.rule == "strategy_meeting").unwrap();
    assert_eq!(item.acknowledged_by.as_deref(), Some("Night EDT"));
    assert_eq!(item.acknowledged_at, Some(t("2026-03-04T03:12:00Z")));
    assert_eq!(
        item.initials, "T.C.",
        "the ticker names the child by initials only"
    );
}

#[test]
fn an_acknowledgement_made_before_the_deadline_does_not_cover_the_breach() {
    let events = record(r#"{"type":"breach_acknowledged","at":"2026-03-02T12:00:00Z","episode":"E1","rule":"strategy_meeting"}"#).unwrap();
    let items = ticker(&events, "2026-03-04T04:00:00Z");
    let item = items.iter().find(|i| i.rule == "strategy_meeting").unwrap();
    assert_eq!(item.acknowledged_by, None);
}

#[test]
fn acknowledging_a_rule_the_policy_does_not_know_is_refused() {
    let err = record(r#"{"type":"breach_acknowledged","at":"2026-03-04T03:12:00Z","episode":"E1","rule":"strategy_meting"}"#).unwrap_err();
    assert!(err.contains("is not a rule of the cumbria policy"), "{err}");
}
