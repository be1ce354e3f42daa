//! Issue 15: "Returned episodes whose only open actions are long past fold into a
//! 'backlog' section with a count (expand with a key), and the handover lists the
//! backlog's size. `board --format json` keeps those rows, with `section: \"backlog\"`."
//! Long past: every open action due more than four weeks ago (views/board.rs
//! BACKLOG_AFTER), so this month's breaches stay on the board.

use crate::support::*;
use dutyboard::views::board::{self, Section};
use dutyboard::views::handover;

/// Two cumbria children back home, nobody closed their return duties: Amy came back
/// on 2 January (the return home interview was due 72 h later, 5 January), Ben on
/// 20 February (due 23 February). The board is read on 2 March.
fn events() -> Vec<serde_json::Value> {
    vec![
        child("C1", "2011-04-12", "child_in_need"),
        child("C2", "2010-09-01", "child_in_need"),
        reported("E1", "C1", "2026-01-01T20:00:00Z", "2026-01-01T18:00:00Z"),
        returned("E1", "2026-01-02T10:00:00Z"),
        reported("E2", "C2", "2026-02-19T20:00:00Z", "2026-02-19T18:00:00Z"),
        returned("E2", "2026-02-20T10:00:00Z"),
    ]
}

fn record() -> Record {
    Record::new("cumbria", &events())
}

const NOW: &str = "2026-03-02T10:00:00Z";

#[test]
fn a_return_whose_actions_were_all_due_two_months_ago_is_in_the_backlog_not_the_ticker() {
    let view = record().at(NOW);
    let b = board::build(&view.state, &view.eval, view.now, false);
    let section = |e: &str| b.rows.iter().find(|r| r.episode == e).map(|r| r.section);
    assert_eq!(section("E1"), Some(Section::Backlog), "{:?}", b.rows);
    assert_eq!(
        section("E2"),
        Some(Section::Returned),
        "a breach of last week stays"
    );
    assert_eq!(b.counts.backlog, 1);
    assert!(b.ticker.iter().all(|t| t.episode != "E1"), "{:?}", b.ticker);
    assert!(b.ticker.iter().any(|t| t.episode == "E2"));
    assert_eq!(b.counts.returned_open, 1);
}

/// Four weeks to the second: an action due exactly 28 days before is not yet backlog.
#[test]
fn four_weeks_to_the_day_is_not_yet_the_backlog() {
    let view = record().at("2026-03-23T10:00:00Z");
    let b = board::build(&view.state, &view.eval, view.now, false);
    let e2 = b.rows.iter().find(|r| r.episode == "E2").unwrap();
    // E2's return duties: asap at 10:00 on 20 February, the RHI due 10:00 on 23 February.
    assert_eq!(
        e2.section,
        Section::Returned,
        "the RHI was due exactly 28 days ago"
    );
    let view = record().at("2026-03-23T10:00:01Z");
    let b = board::build(&view.state, &view.eval, view.now, false);
    let e2 = b.rows.iter().find(|r| r.episode == "E2").unwrap();
    assert_eq!(
        e2.section,
        Section::Backlog,
        "every action 28 days and a second past"
    );
}

#[test]
fn the_handover_counts_the_backlog_and_leaves_its_items_out_of_what_is_due() {
    let r = record();
    let view = r.at(NOW);
    let h = handover::build(
        &r.events,
        &view.state,
        &view.eval,
        t("2026-03-01T20:00:00Z"),
        view.now,
        view.now,
        false,
    );
    assert_eq!(h.summary.backlog, 1);
    assert!(h.due.iter().all(|d| d.episode != "E1"), "{:?}", h.due);
    assert!(h.due.iter().any(|d| d.episode == "E2"));
    let text = dutyboard::render::markdown::render(&h);
    assert!(text.contains("Backlog: **1**"), "{text}");
}

/// The JSON board keeps the backlog's rows, with their section; the text board says
/// how many there are.
#[test]
fn board_json_lists_backlog_rows_and_the_text_board_counts_them() {
    use crate::support::bin::succeeds;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    succeeds(&db, "op", &["init", "--policy", "cumbria"], None);
    succeeds(&db, "op", &["import", "-"], Some(&jsonl(&events())));
    let out = succeeds(&db, "op", &["board", "--format", "json", "--at", NOW], None);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = json.as_array().expect("board --format json is the rows");
    let e1 = rows
        .iter()
        .find(|r| r["episode"] == "E1")
        .expect("E1 is listed");
    assert_eq!(e1["section"], "backlog");
    let text = succeeds(&db, "op", &["board", "--at", NOW], None);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("BACKLOG - RETURNED, ACTIONS LONG PAST (1)"),
        "{text}"
    );
    assert!(!text.contains("Test Child C1"), "its row is folded: {text}");
}
