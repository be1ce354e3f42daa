//! Breach alerts: a deadline that becomes overdue while the board is open alerts once
//! (notification and bell), with no child's name in it; an acknowledged breach (`a`)
//! shows "ack by NAME HH:MM" on the ticker and alerts on no board.

use crate::support::tui::*;
use crossterm::event::KeyCode;
use dutyboard::record::EventKind;
use dutyboard::tui::ui::ticker;

/// A child reported missing 25 hours ago and only now entered: the strategy meeting
/// (due within 24 hours of the report) is already overdue when it arrives.
const NEW_BREACH: &str = r#"{"type":"child_registered","at":"2025-01-01T09:00:00Z","by":"Other Desk","child":"C900","name":"Zed Alertson","dob":"2011-05-05","status":"looked_after","authority":"Demo County Council"}
{"type":"episode_reported","at":"2026-03-01T02:00:00Z","by":"Other Desk","episode":"E900","child":"C900","category":"missing","risk":"medium","last_seen_at":"2026-03-01T01:30:00Z"}"#;

fn names(f: &Fixture) -> Vec<String> {
    f.ctl
        .app
        .snapshot
        .children
        .iter()
        .flat_map(|c| [c.name.clone(), c.initials.clone()])
        .chain(["Zed Alertson".to_string(), "Z.A.".to_string()])
        .collect()
}

#[test]
fn a_breach_arriving_from_another_desk_alerts_once_without_a_name() {
    let f = fixture();
    let (alerter, sent) = capturing_alerter(false);
    let mut f = Fixture {
        ctl: f.ctl.with_alerter(alerter),
        dir: f.dir,
    };
    // The breaches already on the board when it opened are shown, not alerted.
    assert!(sent.sent().is_empty());
    assert!(!f.ctl.take_bell());
    import_as_other_desk(&f, NEW_BREACH);
    assert!(f.ctl.poll(now()), "the poll sees the other desk's commit");
    let got = sent.sent();
    assert!(!got.is_empty(), "the new breach alerts");
    assert!(got.iter().all(|(_, body)| body.contains("E900")), "{got:?}");
    assert!(
        got.iter()
            .any(|(_, body)| body == "OVERDUE: Strategy meeting (episode E900)"),
        "{got:?}"
    );
    // The hint bar says so too.
    let text = screen(&f.ctl, 80, 24);
    assert!(text.contains("NEW BREACH"), "{text}");
    assert!(f.ctl.take_bell(), "the bell rings");
    assert!(!f.ctl.take_bell(), "once");
    for (summary, body) in &got {
        for name in names(&f) {
            assert!(
                !summary.contains(&name) && !body.contains(&name),
                "{name} in {body}"
            );
        }
    }
    // Later polls, ticks and minutes do not alert it again.
    let n = got.len();
    assert!(!f.ctl.poll(now()));
    for s in 0..130 {
        f.ctl.tick(now() + chrono::Duration::seconds(s));
    }
    assert_eq!(sent.sent().len(), n);
}

#[test]
fn a_is_acknowledge_it_is_stored_shown_on_the_ticker_and_stops_alerting() {
    let mut f = fixture();
    select(&mut f.ctl, "E201");
    press(&mut f.ctl, KeyCode::Char('a'));
    let form = f.ctl.app.form.as_ref().expect("the acknowledge form opens");
    assert_eq!(form.value("rule"), "strategy_meeting");
    // Past "Until" (left blank: the end of the shift) to the note.
    press(&mut f.ctl, KeyCode::Tab);
    press(&mut f.ctl, KeyCode::Tab);
    type_text(&mut f.ctl, "Meeting being arranged");
    ctrl(&mut f.ctl, 's');
    assert!(f.ctl.app.form.is_none(), "saved");
    let acks = stored(&f.ctl, "breach_acknowledged");
    let (by, event) = acks.last().expect("stored");
    assert_eq!(by, OPERATOR);
    match &event.kind {
        EventKind::BreachAcknowledged { episode, rule, .. } => {
            assert_eq!(episode, "E201");
            assert_eq!(rule, "strategy_meeting");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(event.note.as_deref(), Some("Meeting being arranged"));
    // The ticker says who saw it and when (local time).
    // The ticker shows new unacknowledged breaches first, the acknowledged after.
    let i = dutyboard::views::escalation::ticker_order(&f.ctl.app.snapshot.board.ticker)
        .iter()
        .position(|t| t.episode == "E201")
        .expect("still a breach: acknowledging completes nothing");
    f.ctl.app.ticker_index = i;
    let (left, _) = ticker::text(&f.ctl.app);
    assert!(left.contains("ack by Test Officer 03:00"), "{left}");
    // Another board that alerts every breach it sees alerts all but this one.
    let (alerter, sent) = capturing_alerter(true);
    let other = another_board(&f, "Other Desk").with_alerter(alerter);
    let got = sent.sent();
    let breaches = other.app.snapshot.board.ticker.len();
    assert_eq!(got.len(), breaches - 1, "{got:?}");
    assert!(!got.iter().any(|(_, b)| b.contains("E201")), "{got:?}");
}

#[test]
fn an_acknowledgement_by_another_desk_stops_the_alert_here() {
    let f = fixture();
    let (alerter, sent) = capturing_alerter(false);
    let mut f = Fixture {
        ctl: f.ctl.with_alerter(alerter),
        dir: f.dir,
    };
    // The breach and its acknowledgement arrive together: nothing alerts.
    let lines = format!(
        "{NEW_BREACH}\n{}",
        r#"{"type":"breach_acknowledged","at":"2026-03-02T02:59:00Z","episode":"E900","rule":"strategy_meeting","by":"Other Desk"}"#
    );
    import_as_other_desk(&f, &lines);
    f.ctl.poll(now());
    let got = sent.sent();
    assert!(
        !got.iter()
            .any(|(_, b)| b.contains("Strategy meeting (episode E900)")),
        "{got:?}"
    );
    let t = f
        .ctl
        .app
        .snapshot
        .board
        .ticker
        .iter()
        .find(|t| t.episode == "E900" && t.rule == "strategy_meeting")
        .expect("the breach is on the ticker");
    assert_eq!(t.acknowledged_by.as_deref(), Some("Other Desk"));
}

#[test]
fn a_press_of_a_with_no_breach_anywhere_says_so() {
    let mut f = fixture_with("cumbria", "default", (80, 24));
    // Clear every breach away from the board by moving the ticker to empty.
    f.ctl.app.snapshot.board.ticker.clear();
    press(&mut f.ctl, KeyCode::Char('a'));
    assert!(f.ctl.app.form.is_none());
    assert!(screen(&f.ctl, 80, 24).contains("No breached deadline to acknowledge"));
}

#[test]
fn a_deadline_passing_while_the_board_is_open_alerts_once() {
    let f = fixture();
    let (alerter, sent) = capturing_alerter(false);
    let mut f = Fixture {
        ctl: f.ctl.with_alerter(alerter),
        dir: f.dir,
    };
    assert!(screen(&f.ctl, 80, 24).contains("in 6h 00m"));
    // No one writes anything: the clock alone takes Gus's strategy meeting overdue.
    let later = now() + chrono::Duration::hours(6) + chrono::Duration::seconds(1);
    f.ctl.tick(later);
    let got = sent.sent();
    assert!(
        got.iter()
            .any(|(_, b)| b.starts_with("OVERDUE: Strategy meeting")),
        "{got:?}"
    );
    assert!(f.ctl.take_bell());
    let n = got.len();
    f.ctl.tick(later + chrono::Duration::seconds(60));
    f.ctl.tick(later + chrono::Duration::seconds(120));
    assert_eq!(sent.sent().len(), n, "once");
}
