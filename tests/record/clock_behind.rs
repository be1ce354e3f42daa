//! Issue 13 D7: "a desk whose clock is behind shows 'No child is missing'; an event from a
//! desk that is fast hides state elsewhere. The board never hides what is recorded:
//! events ahead of the desk clock are shown with a banner naming the skew."
//! INTERFACE "Clocks": "Without `--at`, the board and commands show events ahead of the
//! clock rather than hiding them, with a banner naming the skew."
//!
//! The clock is injected (`now`), as the live desk is driven in every test.

use chrono::{DateTime, Utc};
use dutyboard::desk::live::Live;
use dutyboard::desk::{Config, Desk};
use dutyboard::procedures::Policy;

const CHILD: &str = r#"{"type":"child_registered","at":"2026-01-05T09:00:00Z","child":"C1","name":"Amy Smith","dob":"2011-04-12","status":"looked_after"}"#;
const REPORT: &str = r#"{"type":"episode_reported","at":"2026-01-11T10:00:00Z","episode":"E1","child":"C1","last_seen_at":"2026-01-11T08:00:00Z","category":"missing","risk":"medium"}"#;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// Amy Smith reported missing at 10:00 on 11 January, on a cumbria desk.
fn desk(dir: &tempfile::TempDir) -> Desk {
    let path = dir.path().join("desk.db");
    let policy = Policy::shipped("cumbria").unwrap();
    let store = Desk::create(&path, &policy, t("2026-01-05T09:00:00Z")).unwrap();
    let config = Config {
        db: Some(path),
        operator: Some("A. Officer".into()),
        ..Config::default()
    };
    let mut desk = Desk::over(store, policy, &config).unwrap();
    let lines = format!("{CHILD}\n{REPORT}\n");
    desk.import(lines.as_bytes(), "T", t("2026-01-11T10:00:00Z"))
        .unwrap();
    desk
}

#[test]
fn a_live_board_whose_clock_is_a_day_behind_still_shows_the_child_missing() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(&dir);
    let behind = t("2026-01-10T10:00:00Z");
    let mut live = Live::open(&desk, behind).unwrap();
    let scoped = live.scoped(&desk, behind, &[], true).unwrap();
    assert!(
        scoped.board.rows.iter().any(|r| r.episode == "E1"),
        "Amy Smith is recorded missing: a slow clock must not hide her"
    );
}

#[test]
fn the_live_board_names_the_skew_in_a_banner() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(&dir);
    let behind = t("2026-01-10T10:00:00Z");
    let mut live = Live::open(&desk, behind).unwrap();
    let scoped = live.scoped(&desk, behind, &[], true).unwrap();
    let banner = scoped.board.clock_skew.expect("a banner names the skew");
    assert!(banner.contains("1 event(s)"), "{banner}");
    assert!(banner.contains("1 day ahead"), "{banner}");
    assert!(banner.contains("clock may be behind"), "{banner}");
}

/// The review: "the return, recorded on a desk 2 days fast" left Amy Smith MISSING on
/// every other desk until the clock got there.
#[test]
fn a_return_recorded_by_a_fast_desk_reaches_an_open_board_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(&dir);
    let now = t("2026-01-11T12:00:00Z");
    let mut live = Live::open(&desk, now).unwrap();
    assert!(live
        .scoped(&desk, now, &[], true)
        .unwrap()
        .board
        .clock_skew
        .is_none());
    let fast = t("2026-01-13T12:00:00Z");
    let ret = r#"{"type":"child_returned","at":"2026-01-13T12:00:00Z","episode":"E1"}"#;
    desk.import(ret.as_bytes(), "Fast desk", fast).unwrap();
    live.read(&desk, now, true).unwrap();
    assert!(live.state().episode("E1").unwrap().returned.is_some());
    let scoped = live.scoped(&desk, now, &[], true).unwrap();
    let banner = scoped.board.clock_skew.expect("the skew is named");
    assert!(banner.contains("by Fast desk"), "{banner}");
    // When the clock reaches the return, there is nothing left to warn of.
    let later = t("2026-01-13T12:00:01Z");
    live.read(&desk, later, false).unwrap();
    assert!(live
        .scoped(&desk, later, &[], true)
        .unwrap()
        .board
        .clock_skew
        .is_none());
}

/// Commands without `--at` (`board`, `due`) show the record at the desk's clock with
/// every event in it; `--at` still shows the record as it stood then.
#[test]
fn the_board_command_at_the_clock_shows_events_ahead_and_at_a_time_asked_for_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(&dir);
    let behind = t("2026-01-10T10:00:00Z");
    let (board, _) = desk.board(behind, true).unwrap();
    assert!(board.rows.iter().any(|r| r.episode == "E1"));
    assert!(board.clock_skew.unwrap().contains("1 day ahead"));
    let (asked, _) = desk.board(behind, false).unwrap();
    assert!(asked.rows.is_empty(), "--at: the record as it stood then");
    assert!(asked.clock_skew.is_none());
}
