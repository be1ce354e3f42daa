//! Owned and escalating (issue 17; INTERFACE "Shifts and acknowledgements"): every
//! episode has an owner; an acknowledgement lasts until its `until` or the end of the
//! shift it was made in, then the breach alerts again; a breach of the current or
//! previous shift left unacknowledged is escalated to the shift's duty manager, and an
//! older backlog never is; an action due within the hour is DUE SOON.

use crate::support::t;
use dutyboard::calendar::Calendar;
use dutyboard::procedures::{evaluate_events, Policy};
use dutyboard::record::import::{check_batch, parse_lines};
use dutyboard::record::Event;
use dutyboard::views::board::{Board, TickerItem};
use dutyboard::views::escalation::{escalation_banner, escalations, ticker_order, ESCALATE_AFTER};

// The strategy meeting is due 3 March 09:00 (24 hours after the report).
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

fn board(events: &[Event], at: &str) -> Board {
    let policy = Policy::shipped("cumbria").unwrap();
    let now = t(at);
    let (state, eval) = evaluate_events(events, &policy, &Calendar::embedded(), now);
    dutyboard::views::board::build(&state, &eval, now, false)
}

fn meeting(board: &Board) -> TickerItem {
    board
        .ticker
        .iter()
        .find(|i| i.rule == "strategy_meeting")
        .cloned()
        .expect("the strategy meeting is breached")
}

const ACK: &str = r#"{"type":"breach_acknowledged","at":"2026-03-04T03:12:00Z","episode":"E1","rule":"strategy_meeting""#;

#[test]
fn an_acknowledgement_lasts_until_its_until_then_the_breach_alerts_again() {
    let events = record(&format!("{ACK},\"until\":\"2026-03-04T07:00:00Z\"}}")).unwrap();
    let before = meeting(&board(&events, "2026-03-04T06:59:00Z"));
    assert_eq!(before.acknowledged_by.as_deref(), Some("Night EDT"));
    assert_eq!(before.acknowledged_until, Some(t("2026-03-04T07:00:00Z")));
    let after = meeting(&board(&events, "2026-03-04T07:00:00Z"));
    assert_eq!(after.acknowledged_by, None, "lapsed at its until");
    assert_eq!(after.lapsed_at, Some(t("2026-03-04T07:00:00Z")));
}

#[test]
fn an_acknowledgement_without_until_lapses_at_the_end_of_the_shift_it_was_made_in() {
    let events = record(&format!(
        r#"{{"type":"shift_started","at":"2026-03-03T20:00:00Z","ends_at":"2026-03-04T08:00:00Z","manager":"Dana Reed"}}
{ACK}}}"#
    ))
    .unwrap();
    let during = meeting(&board(&events, "2026-03-04T07:59:00Z"));
    assert_eq!(during.acknowledged_by.as_deref(), Some("Night EDT"));
    let next_shift = meeting(&board(&events, "2026-03-04T08:00:00Z"));
    assert_eq!(next_shift.acknowledged_by, None);
    assert_eq!(next_shift.lapsed_at, Some(t("2026-03-04T08:00:00Z")));
}

#[test]
fn with_no_shift_recorded_an_acknowledgement_never_lapses() {
    let events = record(&format!("{ACK}}}")).unwrap();
    let much_later = meeting(&board(&events, "2026-03-20T09:00:00Z"));
    assert_eq!(much_later.acknowledged_by.as_deref(), Some("Night EDT"));
    assert_eq!(much_later.lapsed_at, None);
}

#[test]
fn a_breach_of_the_previous_shift_left_unacknowledged_is_escalated_to_the_duty_manager() {
    // Day shift from 08:00 on 3 March (the meeting breaches at 09:00), night from 20:00.
    let events = record(
        r#"{"type":"shift_started","at":"2026-03-03T08:00:00Z","ends_at":"2026-03-03T20:00:00Z","manager":"Ali Day"}
{"type":"shift_started","at":"2026-03-03T20:00:00Z","ends_at":"2026-03-04T08:00:00Z","manager":"Dana Reed"}"#,
    )
    .unwrap();
    let now = t("2026-03-04T01:00:00Z");
    let b = board(&events, "2026-03-04T01:00:00Z");
    let up = escalations(&b, now, ESCALATE_AFTER);
    let e = up.iter().find(|e| e.rule == "strategy_meeting").unwrap();
    assert_eq!(
        e.manager.as_deref(),
        Some("Dana Reed"),
        "the current shift's"
    );
    for item in &b.ticker {
        let escalated = up
            .iter()
            .any(|e| e.rule == item.rule && e.due_at == item.due_at);
        assert_eq!(
            escalated,
            item.due_at >= t("2026-03-03T08:00:00Z"),
            "{}: only breaches since the previous shift began",
            item.rule
        );
    }
    let banner = escalation_banner(&up).unwrap();
    assert!(banner.contains("duty manager Dana Reed"), "{banner}");
}

#[test]
fn a_backlog_of_breaches_before_the_previous_shift_is_never_escalated() {
    // Two shifts after the meeting's breach: it is older than the previous shift.
    let events = record(
        r#"{"type":"shift_started","at":"2026-03-03T10:00:00Z","ends_at":"2026-03-03T22:00:00Z","manager":"Ali Day"}
{"type":"shift_started","at":"2026-03-03T22:00:00Z","ends_at":"2026-03-04T10:00:00Z","manager":"Dana Reed"}"#,
    )
    .unwrap();
    let now = t("2026-03-04T01:00:00Z");
    let b = board(&events, "2026-03-04T01:00:00Z");
    let up = escalations(&b, now, ESCALATE_AFTER);
    assert!(up.iter().all(|e| e.rule != "strategy_meeting"), "{up:?}");
    assert!(up.iter().all(|e| e.due_at >= t("2026-03-03T10:00:00Z")));
}

#[test]
fn a_lapsed_acknowledgement_escalates_only_after_the_set_time_unacknowledged_again() {
    let events = record(&format!(
        r#"{{"type":"shift_started","at":"2026-03-03T20:00:00Z","ends_at":"2026-03-04T08:00:00Z","manager":"Dana Reed"}}
{{"type":"shift_started","at":"2026-03-03T08:00:00Z","ends_at":"2026-03-03T20:00:00Z"}}
{ACK},"until":"2026-03-04T04:00:00Z"}}"#
    ))
    .unwrap();
    let escalated = |at: &str| {
        escalations(&board(&events, at), t(at), ESCALATE_AFTER)
            .iter()
            .any(|e| e.rule == "strategy_meeting")
    };
    assert!(!escalated("2026-03-04T03:30:00Z"), "acknowledged");
    assert!(!escalated("2026-03-04T04:29:00Z"), "lapsed 29 minutes ago");
    assert!(escalated("2026-03-04T04:30:00Z"), "lapsed 30 minutes ago");
}

#[test]
fn without_a_shift_nothing_is_escalated() {
    let events = record("").unwrap();
    let b = board(&events, "2026-03-05T01:00:00Z");
    assert!(!b.ticker.is_empty());
    assert!(escalations(&b, t("2026-03-05T01:00:00Z"), ESCALATE_AFTER).is_empty());
}

#[test]
fn an_action_due_within_the_hour_is_due_soon() {
    let events = record("").unwrap();
    let soon = |at: &str| {
        board(&events, at)
            .due_soon
            .iter()
            .any(|d| d.rule == "strategy_meeting")
    };
    assert!(!soon("2026-03-03T07:59:00Z"), "61 minutes ahead");
    assert!(soon("2026-03-03T08:00:00Z"), "an hour ahead");
    assert!(soon("2026-03-03T08:59:00Z"));
    assert!(!soon("2026-03-03T09:00:00Z"), "breached, not due soon");
}

#[test]
fn the_ticker_puts_new_unacknowledged_breaches_first_and_the_acknowledged_last() {
    let events = record(&format!("{ACK}}}")).unwrap();
    let b = board(&events, "2026-03-04T04:00:00Z");
    let order = ticker_order(&b.ticker);
    let first_acked = order
        .iter()
        .position(|i| i.acknowledged_by.is_some())
        .unwrap();
    assert!(order[first_acked..]
        .iter()
        .all(|i| i.acknowledged_by.is_some()));
    let open: Vec<i64> = order[..first_acked].iter().map(|i| i.overdue_s).collect();
    assert!(
        open.windows(2).all(|w| w[0] <= w[1]),
        "newest first: {open:?}"
    );
}

#[test]
fn an_episode_is_owned_by_who_reported_it_until_it_is_assigned() {
    let events = record("").unwrap();
    let b = board(&events, "2026-03-02T10:00:00Z");
    assert_eq!(b.rows[0].owner, "Night EDT");
    let events = record(
        r#"{"type":"episode_assigned","at":"2026-03-02T09:30:00Z","episode":"E1","owner":"Sam Duty"}"#,
    )
    .unwrap();
    let b = board(&events, "2026-03-02T10:00:00Z");
    assert_eq!(b.rows[0].owner, "Sam Duty");
}

#[test]
fn a_shift_ending_before_it_starts_and_an_acknowledgement_lapsing_before_it_is_made_are_refused() {
    let shift = record(
        r#"{"type":"shift_started","at":"2026-03-03T20:00:00Z","ends_at":"2026-03-03T19:00:00Z"}"#,
    )
    .unwrap_err();
    assert!(
        shift.contains("ends_at") && shift.contains("before it starts"),
        "{shift}"
    );
    let ack = record(&format!("{ACK},\"until\":\"2026-03-04T03:00:00Z\"}}")).unwrap_err();
    assert!(
        ack.contains("until") && ack.contains("before it is made"),
        "{ack}"
    );
    let nobody = record(
        r#"{"type":"episode_assigned","at":"2026-03-02T09:30:00Z","episode":"E1","owner":" "}"#,
    )
    .unwrap_err();
    assert!(nobody.contains("owner"), "{nobody}");
}

#[test]
fn the_new_events_are_written_back_as_they_were_read() {
    let events = record(&format!(
        r#"{{"type":"shift_started","at":"2026-03-03T20:00:00Z","ends_at":"2026-03-04T08:00:00Z","manager":"Dana Reed"}}
{{"type":"handover_acknowledged","at":"2026-03-03T20:05:00Z","note":"read"}}
{{"type":"episode_assigned","at":"2026-03-03T20:06:00Z","episode":"E1","owner":"Sam Duty"}}
{ACK},"until":"2026-03-04T07:00:00Z"}}"#
    ))
    .unwrap();
    for e in &events {
        let raw = dutyboard::record::RawEvent::from(e);
        assert_eq!(raw.to_event().as_ref(), Ok(e), "{}", e.type_name());
    }
}
