//! The daily missing report (`report daily`), under the Medway procedure, whose main
//! report it is. Read at T = Wed 1 April 2026 12:00 UTC (13:00 BST: summer time began on
//! Sun 29 March), so the window is Tue 31 Mar 12:00 UTC to T.
//!
//! The record (Medway: need-to-know for looked-after and child-protection children is
//! due last seen + 24 h; strategy meeting, Head of Service and professionals meeting
//! open at last seen + 48 h, as soon as possible; safe and well check and, for a
//! looked-after child, telling the IRO of the return open at the return; the RHI is due
//! 72 h after the found report, which is the return here):
//!
//! - E1, E2, E3 (Amy Brown, C1), E4 (Ben Cole, C2): back long before T, every action
//!   done or satisfied (E4's RHI declined after four attempts): not listed.
//! - E7, Ben Cole (C2, child in need, worker `Lee Social, "Team B"`): last seen Sat 28
//!   Mar 11:00, reported 12:00, high risk, still missing. Elapsed at T: 4 d 1 h =
//!   349,200 s. The strategy meeting was held (Mon 30 Mar 15:00); open at T, all as soon
//!   as possible (DUE NOW): need-to-know (opened last seen + 24 h = Sun 29 Mar 11:00),
//!   Head of Service notified and professionals meeting (both last seen + 48 h = Mon 30
//!   Mar 11:00; the tie goes by rule id). 3 due, 0 overdue.
//! - E6, Dev Ellis (C4, child protection, no worker): last seen Tue 31 Mar 22:00,
//!   reported 23:30, medium, still missing. Elapsed 14 h = 50,400 s. Need-to-know due
//!   last seen + 24 h = Wed 01 Apr 22:00: due in 10 h 00 m. The +48 h actions open Thu 02
//!   Apr 22:00 (upcoming, not listed). 1 due, 0 overdue.
//! - E5, Cara <Dunn> (C3, looked after; the name tests escaping): last seen Fri 20 Mar
//!   08:00, back Sun 22 Mar 02:00: 42 h = 151,200 s. RHI never done: due Wed 25 Mar
//!   02:00, OVERDUE by 7 d 10 h at T. On the board (returned, actions open).
//! - E8, Cara <Dunn> again: last seen Wed 01 Apr 00:00, back 05:00 (5 h = 18,000 s),
//!   every action done: not on the board, but missing within the 24 hours, so listed.
//!
//! Order (the board's): missing first, E7 (DUE NOW) before E6 (due); then returned, E5
//! (overdue) before E8 (nothing open). Summary: 4 episodes, 2 still missing, 1 of them
//! high risk, 4 actions due (3 + 1), 1 overdue on 1 episode.

use crate::support::reports::medway_record;
use crate::support::t;
use dutyboard::calendar::Calendar;
use dutyboard::procedures::{evaluate_scoped, Policy, Scope};
use dutyboard::record::{state_at, Store};
use dutyboard::render::{csv, html, json, markdown};
use dutyboard::views::daily::{build, Daily};
use std::process::Command;

const T: &str = "2026-04-01T12:00:00Z";
const NOW: &str = "2026-04-10T12:00:00Z";

/// The record in a temporary database.
fn record() -> (tempfile::TempDir, std::path::PathBuf) {
    medway_record(t(NOW))
}

/// The daily report and the board at `at`, from the same evaluation as the command.
fn daily_and_board(
    path: &std::path::Path,
    at: &str,
    privacy: bool,
) -> (Daily, dutyboard::views::board::Board) {
    let store = Store::open(path).unwrap();
    let policy = Policy::shipped("medway").unwrap();
    let at = t(at);
    let state = state_at(&store, Some(at)).unwrap();
    let evaluation = evaluate_scoped(&state, &policy, &Calendar::embedded(), at, Scope::Live);
    let daily = build(&state, &evaluation, at, t(NOW), privacy);
    let board = dutyboard::views::board::build(&state, &evaluation, at, privacy);
    (daily, board)
}

/// The report at T, with its policy named as the command names it.
fn daily() -> Daily {
    let (_dir, path) = record();
    let mut d = daily_and_board(&path, T, false).0;
    d.policy = Some("medway".into());
    d
}

fn bin(path: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_dutyboard"))
        .arg("--db")
        .arg(path)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn lists_the_children_missing_in_the_24_hours_or_still_missing() {
    let d = daily();
    assert_eq!(d.window_from, t("2026-03-31T12:00:00Z"));
    let refs: Vec<&str> = d.episodes.iter().map(|e| e.episode.as_str()).collect();
    assert_eq!(refs, ["E7", "E6", "E5", "E8"]);
    let s = d.summary;
    assert_eq!(
        (
            s.episodes,
            s.still_missing,
            s.high_risk,
            s.with_overdue,
            s.actions_due,
            s.actions_overdue
        ),
        (4, 2, 1, 1, 4, 1)
    );

    let e7 = &d.episodes[0];
    assert_eq!(
        (e7.risk, e7.risk_label, e7.section),
        ("high", "HIGH", "missing")
    );
    assert_eq!(e7.elapsed_s, 4 * 86_400 + 3_600);
    assert_eq!(
        e7.allocated_worker.as_deref(),
        Some("Lee Social, \"Team B\"")
    );
    assert_eq!((e7.actions_due, e7.actions_overdue), (3, 0));
    let rules: Vec<&str> = e7.actions.iter().map(|a| a.rule.as_str()).collect();
    assert_eq!(
        rules,
        [
            "need_to_know",
            "head_of_service_notified",
            "professionals_meeting"
        ]
    );
    assert!(e7.actions.iter().all(|a| a.state == "due_now" && a.asap));
    assert_eq!(e7.actions[0].opens_at, t("2026-03-29T11:00:00Z"));
    assert_eq!(e7.actions[1].opens_at, t("2026-03-30T11:00:00Z"));
    assert_eq!(e7.next_action.as_deref(), Some("need_to_know"));

    let e6 = &d.episodes[1];
    assert_eq!(e6.elapsed_s, 14 * 3_600);
    assert_eq!(e6.allocated_worker, None);
    assert_eq!((e6.actions_due, e6.actions_overdue), (1, 0));
    assert_eq!(e6.next_state, Some("due"));
    assert_eq!(e6.next_due_at, Some(t("2026-04-01T22:00:00Z")));

    let e5 = &d.episodes[2];
    assert_eq!(e5.section, "returned");
    assert_eq!(e5.returned_at, Some(t("2026-03-22T02:00:00Z")));
    assert_eq!(e5.elapsed_s, 42 * 3_600);
    assert_eq!((e5.actions_due, e5.actions_overdue), (0, 1));
    assert_eq!(e5.next_action.as_deref(), Some("return_home_interview"));
    assert_eq!(e5.next_due_at, Some(t("2026-03-25T02:00:00Z")));

    let e8 = &d.episodes[3];
    assert_eq!(e8.elapsed_s, 5 * 3_600);
    assert!(e8.actions.is_empty());
    assert_eq!(e8.next_action, None);
}

#[test]
fn markdown_reads_risk_breaches_and_actions_as_text() {
    let md = markdown::render_daily(&daily());
    assert!(md.starts_with("# Daily missing report\n"));
    assert!(md.contains(
        "Children missing between **2026-03-31 13:00 BST** and **2026-04-01 13:00 BST**, or still missing, medway policy."
    ));
    assert!(md.contains(
        "Episodes: **4**. Still missing: **2** (1 high risk). Actions due: 4. Actions overdue: 1 (on 1 episode(s))."
    ));
    assert!(md.contains(
        "| HIGH | Ben Cole (C2) | E7 | Missing | Sat 28 Mar 11:00 | STILL MISSING | 4d 01h | 3 | 0 | Need-to-know: IRO / CP chair and senior leadership: DUE NOW | Lee Social, \"Team B\" |"
    ));
    assert!(md.contains(
        "| MED | Dev Ellis (C4) | E6 | Missing | Tue 31 Mar 23:00 | STILL MISSING | 14h 00m | 1 | 0 | Need-to-know: IRO / CP chair and senior leadership: due in 10h 00m | none |"
    ));
    assert!(md.contains(
        "| MED | Cara \\<Dunn\\> (C3) | E5 | Missing | Fri 20 Mar 08:00 | Sun 22 Mar 02:00 | 1d 18h | 0 | 1 | Return home interview (72 h from the found report): OVERDUE 7d 10h | none |"
    ));
    assert!(md.contains(
        "1. **DUE NOW**: Need-to-know: IRO / CP chair and senior leadership (as soon as possible, open since Sun 29 Mar 12:00)."
    ));
    assert!(md.contains(
        "1. **due in 10h 00m**: Need-to-know: IRO / CP chair and senior leadership (due Wed 01 Apr 23:00)."
    ));
    assert!(md.contains("### Cara \\<Dunn\\> (C3, E8), risk MED\n\nNo action open."));
    assert!(!md.contains("<Dunn>"));
}

/// The CSV, worked out by hand from the record (see the top of this file).
const EXPECTED_CSV: &str = "episode,child,name,status,category,risk,section,missing_since,reported_at,returned_at,elapsed_s,allocated_worker,police_ref,actions_due,actions_overdue,next_action,next_state,next_due_at,recommended_actions\r\n\
E7,C2,Ben Cole,child_in_need,missing,high,missing,2026-03-28T11:00:00Z,2026-03-28T12:00:00Z,,349200,\"Lee Social, \"\"Team B\"\"\",,3,0,need_to_know,due_now,2026-03-29T11:00:00Z,Need-to-know: IRO / CP chair and senior leadership (DUE NOW); Head of Service notified (DUE NOW); Professionals meeting (police liaison officer) (DUE NOW)\r\n\
E6,C4,Dev Ellis,child_protection,missing,medium,missing,2026-03-31T22:00:00Z,2026-03-31T23:30:00Z,,50400,,,1,0,need_to_know,due,2026-04-01T22:00:00Z,Need-to-know: IRO / CP chair and senior leadership (due in 10h 00m)\r\n\
E5,C3,Cara <Dunn>,looked_after,missing,medium,returned,2026-03-20T08:00:00Z,2026-03-20T09:00:00Z,2026-03-22T02:00:00Z,151200,,,0,1,return_home_interview,overdue,2026-03-25T02:00:00Z,Return home interview (72 h from the found report) (OVERDUE 7d 10h)\r\n\
E8,C3,Cara <Dunn>,looked_after,missing,medium,returned,2026-04-01T00:00:00Z,2026-04-01T01:00:00Z,2026-04-01T05:00:00Z,18000,,,0,0,,,,\r\n";

#[test]
fn csv_is_one_row_per_episode_with_the_documented_header() {
    assert_eq!(csv::render_daily(&daily()), EXPECTED_CSV);
    assert_eq!(csv::DAILY_HEADER.len(), 19);
}

#[test]
fn json_carries_the_rows_and_summary() {
    let v: serde_json::Value = serde_json::from_str(&json::render_daily(&daily())).unwrap();
    assert_eq!(v["report"], "daily");
    assert_eq!(v["policy"], "medway");
    assert_eq!(v["at"], T);
    assert_eq!(v["window_from"], "2026-03-31T12:00:00Z");
    assert_eq!(v["summary"]["actions_due"], 4);
    assert_eq!(v["episodes"].as_array().unwrap().len(), 4);
    let e7 = &v["episodes"][0];
    assert_eq!(e7["episode"], "E7");
    assert_eq!(e7["risk"], "high");
    assert_eq!(e7["elapsed_s"], 349_200);
    assert_eq!(e7["returned_at"], serde_json::Value::Null);
    assert_eq!(e7["actions"][2]["rule"], "professionals_meeting");
    assert_eq!(e7["actions"][2]["state"], "due_now");
    assert_eq!(
        v["episodes"][2]["actions"][0]["due_at"],
        "2026-03-25T02:00:00Z"
    );
}

#[test]
fn html_is_one_self_contained_escaped_page() {
    let page = html::render_daily(&daily());
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
    assert!(page.trim_end().ends_with("</html>"));
    assert!(page.contains("<style>"));
    for external in [
        "<script", "<link", "src=", "href=", "http://", "https://", "url(",
    ] {
        assert!(!page.contains(external), "{external} in the page");
    }
    // Names and workers from the record are escaped.
    assert!(page.contains("Cara &lt;Dunn&gt; (C3)"));
    assert!(!page.contains("<Dunn>"));
    assert!(page.contains("Lee Social, &quot;Team B&quot;"));
    // Risk and breaches are written, not only coloured.
    assert!(page.contains("<td class=\"risk-high\">HIGH</td><td>Ben Cole (C2)</td>"));
    assert!(page.contains("<span class=\"overdue\">OVERDUE 7d 10h</span>"));
    assert!(page.contains("<td>1 OVERDUE</td>"));
    assert!(page.contains("STILL MISSING"));
    assert_eq!(page.matches("<tr><td").count(), 4);
}

/// Every child on the board at a moment is in the daily report at that moment, with the
/// same next action and deadline, at several moments of the record.
#[test]
fn the_daily_report_and_the_board_agree() {
    let (_dir, path) = record();
    for at in [
        "2026-03-02T12:00:00Z",
        "2026-03-10T12:00:00Z",
        "2026-03-12T08:00:00Z",
        "2026-03-21T12:00:00Z",
        "2026-03-30T12:00:00Z",
        T,
        "2026-04-03T00:00:00Z",
        NOW,
    ] {
        let (daily, board) = daily_and_board(&path, at, false);
        assert!(
            !board.rows.is_empty(),
            "{at}: an empty board proves nothing"
        );
        for row in &board.rows {
            let d = daily
                .episodes
                .iter()
                .find(|e| e.episode == row.episode)
                .unwrap_or_else(|| {
                    panic!("{at}: {} is on the board, not in the report", row.episode)
                });
            assert_eq!(d.next_action, row.next_action, "{at} {}", row.episode);
            assert_eq!(d.next_due_at, row.next_due_at, "{at} {}", row.episode);
            assert_eq!(
                d.next_state,
                row.next_state.map(|s| s.as_str()),
                "{at} {}",
                row.episode
            );
            assert_eq!(d.risk_label, row.risk_label);
            assert_eq!(d.elapsed_s, row.elapsed_s);
        }
        // The board's rows come first in the report, in the board's order.
        let listed: Vec<&str> = daily
            .episodes
            .iter()
            .map(|e| e.episode.as_str())
            .filter(|e| board.rows.iter().any(|r| r.episode == *e))
            .collect();
        let shown: Vec<&str> = board.rows.iter().map(|r| r.episode.as_str()).collect();
        assert_eq!(listed, shown, "{at}");
    }
}

#[test]
fn the_command_prints_every_format() {
    let (_dir, path) = record();
    let csv_out = bin(&path, &["report", "daily", "--at", T, "--format", "csv"]);
    assert_eq!(csv_out, EXPECTED_CSV);

    let md = bin(&path, &["report", "daily", "--at", T]);
    assert!(md.contains("Episodes: **4**. Still missing: **2** (1 high risk)."));
    assert!(md.contains("medway policy"));

    let v: serde_json::Value = serde_json::from_str(&bin(
        &path,
        &["report", "daily", "--at", T, "--format", "json"],
    ))
    .unwrap();
    assert_eq!(v["report"], "daily");
    assert_eq!(v["policy"], "medway");
    assert_eq!(v["episodes"][0]["episode"], "E7");

    let page = bin(&path, &["report", "daily", "--at", T, "--format", "html"]);
    assert!(page.contains("<h1>Daily missing report</h1>"));

    // Privacy: initials everywhere, the name nowhere.
    let private = bin(
        &path,
        &["--privacy", "report", "daily", "--at", T, "--format", "csv"],
    );
    assert!(private.contains("E7,C2,B.C.,"));
    assert!(!private.contains("Ben Cole"));

    // --policy overrides the stored policy for the call.
    let other = bin(
        &path,
        &[
            "report", "daily", "--at", T, "--format", "json", "--policy", "cumbria",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&other).unwrap();
    assert_eq!(v["policy"], "cumbria");
}

/// The window is closed at both ends: E8, back at Wed 01 Apr 05:00, is listed at Thu 02
/// Apr 05:00 (exactly 24 hours later) and not one second after.
#[test]
fn a_return_exactly_24_hours_before_is_still_listed() {
    let (_dir, path) = record();
    let listed = |at: &str| {
        daily_and_board(&path, at, false)
            .0
            .episodes
            .iter()
            .any(|e| e.episode == "E8")
    };
    assert!(listed("2026-04-02T05:00:00Z"));
    assert!(!listed("2026-04-02T05:00:01Z"));
    // Before E8 was reported it is not in the record at all.
    assert!(!listed("2026-03-31T23:59:59Z"));
}
