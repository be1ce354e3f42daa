//! The statistics pane (`G`) over the Medway caseload of tests/support/reports.rs, read at
//! T = Wed 1 April 2026 12:00 UTC (13:00 BST; summer time began Sun 29 March).
//!
//! Worked out by hand:
//!
//! - The 12 weeks run Monday to Sunday (London dates), the last holding T: Mon 30
//!   March back to Mon 12 January. Reports by London date: E1 Tue 20 Jan (week of
//!   19/01); E2 Mon 2 Mar and E4 Thu 5 Mar (02/03); E3 Tue 10 Mar (09/03); E5 Fri 20
//!   Mar (16/03); E7 Sat 28 Mar (23/03); E6 31 Mar 23:30 UTC = Wed 1 Apr 00:30 BST and
//!   E8 Wed 1 Apr 01:00 (30/03). So 0,1,0,0,0,0,0,2,1,1,1,2: 8 in all.
//! - Overdue now (the header's BREACHED count): E5's RHI, due Wed 25 Mar 02:00, never
//!   done. E7's need-to-know (a child in need) is "as soon as possible", so DUE NOW,
//!   never a breach; E6's is due at 22:00. So return_home_interview 1.
//! - Missed by the weeks' episodes (now or earlier, as `report stats` counts them): E3's
//!   RHI (due 16 Mar 06:00, done 07:00), E5's need-to-know (due 21 Mar 08:00, done
//!   10:00), E5's RHI. So return_home_interview 2, need_to_know 1: 3 in all.
//! - RHI within 72 h of the return, of the 6 returned by T: E1 (14 h) yes, E2 (44 h)
//!   yes, E3 (73 h) no, E4 declined, E5 never, E8 (4 h) yes: 3 of 6 = 50.0%; 1
//!   declined.

use crate::support::reports::{medway_store as store_with, RECORD};
use crate::support::t;
use crate::support::tui::{buffer, col_of, lines, press, render, row_of, screen};
use chrono::NaiveDate;
use crossterm::event::KeyCode;
use dutyboard::calendar::Calendar;
use dutyboard::procedures::{evaluate_scoped, Policy, Scope};
use dutyboard::record::{import, state_at, Store};
use dutyboard::tui::app::Screen;
use dutyboard::tui::Controller;
use dutyboard::views::stats::{build, overview, weekly_episodes, RuleBreaches, PANE_WEEKS};
use insta::assert_snapshot;

const T: &str = "2026-04-01T12:00:00Z";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The live board over the Medway caseload at T, drawn with `theme`.
fn board(theme: &str, size: (u16, u16)) -> (tempfile::TempDir, Controller) {
    let (dir, store) = store_with(RECORD, t(T));
    let policy = Policy::shipped("medway").unwrap();
    let ctl = crate::support::tui::board_over(store, policy, "Test Officer", theme, t(T), size);
    (dir, ctl)
}

fn key(ctl: &mut Controller, code: KeyCode) {
    ctl.key(crossterm::event::KeyEvent::from(code), t(T));
}

fn weeks(list: &[(&str, usize)]) -> Vec<(NaiveDate, usize)> {
    list.iter().map(|(m, n)| (d(m), *n)).collect()
}

#[test]
fn episodes_per_week_worked_by_hand() {
    let (_dir, store) = store_with(RECORD, t(T));
    let state = state_at(&store, Some(t(T))).unwrap();
    assert_eq!(
        weekly_episodes(&state, t(T), PANE_WEEKS),
        weeks(&[
            ("2026-01-12", 0),
            ("2026-01-19", 1),
            ("2026-01-26", 0),
            ("2026-02-02", 0),
            ("2026-02-09", 0),
            ("2026-02-16", 0),
            ("2026-02-23", 0),
            ("2026-03-02", 2),
            ("2026-03-09", 1),
            ("2026-03-16", 1),
            ("2026-03-23", 1),
            ("2026-03-30", 2),
        ])
    );
}

#[test]
fn a_sunday_night_report_counts_in_the_london_week() {
    // Sun 4 Jan 2026 23:30 UTC is still Sunday in London (GMT): the week of Mon 29
    // Dec. Sun 29 Mar 23:30 UTC is Mon 30 Mar 00:30 BST: the week of 30 March, not 23
    // March. A report after the moment asked about is not counted.
    let record = r#"
{"type":"child_registered","at":"2026-01-01T09:00:00Z","by":"Admin","child":"C1","name":"Amy Brown","dob":"2010-01-01","status":"looked_after"}
{"type":"episode_reported","at":"2026-01-04T23:30:00Z","by":"Duty","episode":"E1","child":"C1","last_seen_at":"2026-01-04T22:00:00Z","category":"missing","risk":"medium"}
{"type":"child_returned","at":"2026-01-05T09:00:00Z","by":"Duty","episode":"E1"}
{"type":"episode_reported","at":"2026-03-29T23:30:00Z","by":"Duty","episode":"E2","child":"C1","last_seen_at":"2026-03-29T22:00:00Z","category":"missing","risk":"medium"}
{"type":"child_returned","at":"2026-03-30T09:00:00Z","by":"Duty","episode":"E2"}
{"type":"episode_reported","at":"2026-04-01T13:00:00Z","by":"Duty","episode":"E3","child":"C1","last_seen_at":"2026-04-01T12:30:00Z","category":"missing","risk":"medium"}
"#;
    let (_dir, store) = store_with(record, t("2026-04-02T00:00:00Z"));
    let state = state_at(&store, None).unwrap();
    let got = weekly_episodes(&state, t(T), 14);
    assert_eq!(got.len(), 14);
    assert_eq!(got[0], (d("2025-12-29"), 1), "{got:?}");
    assert_eq!(got[12], (d("2026-03-23"), 0), "{got:?}");
    assert_eq!(got[13], (d("2026-03-30"), 1), "E3 came after T: {got:?}");
    assert_eq!(got.iter().map(|w| w.1).sum::<usize>(), 2);
}

#[test]
fn the_panes_figures_worked_by_hand_match_report_stats() {
    let (_dir, store) = store_with(RECORD, t(T));
    let policy = Policy::shipped("medway").unwrap();
    let state = state_at(&store, Some(t(T))).unwrap();
    let evaluation = evaluate_scoped(&state, &policy, &Calendar::embedded(), t(T), Scope::All);
    let o = overview(&state, &evaluation, t(T), PANE_WEEKS);
    let title = |id: &str| {
        policy
            .rules
            .iter()
            .find(|r| r.id == id)
            .unwrap()
            .title
            .clone()
    };
    assert_eq!(
        o.breaches,
        vec![
            RuleBreaches {
                rule: "return_home_interview".into(),
                title: title("return_home_interview"),
                now: 1,
                in_weeks: 2,
            },
            RuleBreaches {
                rule: "need_to_know".into(),
                title: title("need_to_know"),
                now: 0,
                in_weeks: 1,
            },
        ]
    );
    assert_eq!((o.breached_now, o.breached_in_weeks), (1, 3));
    assert_eq!(
        (o.rhi.returned, o.rhi.within_72h, o.rhi.declined),
        (6, 3, 1)
    );
    assert_eq!(o.rhi.within_72h_percent, Some(50.0));
    // The same dates through `report stats` give the same breaches and rate.
    let period = build(
        &state,
        &evaluation,
        d("2026-01-12"),
        d("2026-04-01"),
        t(T),
        true,
    );
    assert_eq!(period.rhi, o.rhi);
    assert_eq!(period.breaches, o.breached_in_weeks);
}

#[test]
fn g_opens_the_pane_and_esc_g_or_backspace_go_back() {
    let (_dir, mut ctl) = board("default", (80, 24));
    for back in [KeyCode::Esc, KeyCode::Char('G'), KeyCode::Backspace] {
        key(&mut ctl, KeyCode::Char('G'));
        assert!(matches!(ctl.app.screen, Screen::Stats(_)));
        let text = screen(&ctl, 80, 24);
        assert!(text.contains("Statistics: 12 weeks"), "{text}");
        key(&mut ctl, back);
        assert_eq!(ctl.app.screen, Screen::Board, "{back:?} goes back");
    }
}

#[test]
fn the_breached_now_count_agrees_with_the_header() {
    let (_dir, mut ctl) = board("default", (80, 24));
    let header = ctl.app.snapshot.board.counts.breached as usize;
    assert_eq!(header, 1);
    key(&mut ctl, KeyCode::Char('G'));
    assert_eq!(ctl.app.stats().unwrap().breached_now, header);
}

#[test]
fn the_pane_fits_80x24_with_every_figure_in_words() {
    let (_dir, mut ctl) = board("default", (80, 24));
    key(&mut ctl, KeyCode::Char('G'));
    let buf = buffer(&ctl, 80, 24);
    let text = lines(&buf).join("\n");
    for week in [
        "12/01", "19/01", "02/03", "09/03", "16/03", "23/03", "30/03",
    ] {
        assert!(text.contains(week), "week {week} labelled:\n{text}");
    }
    assert!(text.contains("this week last: 8 in all"), "{text}");
    assert!(text.contains("1 overdue now, 3 in 12 weeks"), "{text}");
    assert!(text.contains("3 of 6 returns: 50.0%"), "{text}");
    assert!(text.contains("Declined: 1"), "{text}");
    // The two weeks with 2 episodes print their count in the bar.
    let y = (0..24u16)
        .rev()
        .find(|&y| lines(&buf)[y as usize].contains("02/03"))
        .unwrap();
    let x = col_of(&buf, y, "02/03").unwrap();
    let bar: String = (x..x + 5)
        .map(|x| buf[(x, y - 1)].symbol().to_string())
        .collect();
    assert!(
        bar.contains('2'),
        "the count is printed in the bar: {bar:?}"
    );
}

#[test]
fn a_rule_overdue_now_is_marked_and_styled_as_a_breach() {
    for theme in ["default", "mono"] {
        let (_dir, mut ctl) = board(theme, (80, 24));
        key(&mut ctl, KeyCode::Char('G'));
        let buf = buffer(&ctl, 80, 24);
        // The ticker names the rule too; the pane's row is the one below the header.
        let header = row_of(&buf, "Overdue 12 wks").expect("the table has a header");
        let y = header + 1;
        assert!(
            lines(&buf)[y as usize].contains("Return home interview"),
            "{theme}"
        );
        let x = col_of(&buf, y, "!").expect("overdue now carries a `!`");
        let cell: String = (x..x + 6)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        assert_eq!(cell, "!    1", "{theme}");
        let style = ctl.app.theme.styles.overdue_label;
        assert_eq!(buf[(x, y)].fg, style.fg.unwrap_or_default(), "{theme}");
        assert!(buf[(x, y)].modifier.contains(style.add_modifier), "{theme}");
        // A rule missed earlier but not overdue now has no mark.
        let y = header + 2;
        assert!(lines(&buf)[y as usize].contains("Need-to-know"), "{theme}");
        assert_eq!(col_of(&buf, y, "!"), None, "{theme}");
    }
}

#[test]
fn the_pane_follows_the_record() {
    let (dir, mut ctl) = board("default", (80, 24));
    key(&mut ctl, KeyCode::Char('G'));
    let line = r#"{"type":"action_completed","at":"2026-04-01T11:00:00Z","by":"Other Desk","episode":"E5","rule":"return_home_interview"}"#;
    let policy = ctl.desk.policy.clone();
    let mut other = Store::open(&dir.path().join("record.db")).unwrap();
    import::import(&mut other, line.as_bytes(), &policy, "Other Desk", t(T)).unwrap();
    assert!(ctl.poll(t(T)));
    let o = ctl.app.stats().expect("built when the pane opens");
    // E5's RHI is done, late: no longer overdue, still missed.
    assert_eq!((o.breached_now, o.breached_in_weeks), (0, 3));
    assert!(matches!(ctl.app.screen, Screen::Stats(_)));
    let text = screen(&ctl, 80, 24);
    assert!(text.contains("0 overdue now, 3 in 12 weeks"), "{text}");
}

#[test]
fn no_child_is_named_on_the_pane() {
    let mut f = crate::support::tui::fixture();
    press(&mut f.ctl, KeyCode::Char('G'));
    for (w, h) in [(80, 24), (160, 48)] {
        let text = screen(&f.ctl, w, h);
        for child in &f.ctl.app.snapshot.children {
            for part in child.name.split_whitespace() {
                assert!(!text.contains(part), "{part} on the pane:\n{text}");
            }
        }
    }
}

#[test]
fn the_pane_is_in_the_help_and_the_hint_bar() {
    let (_dir, mut ctl) = board("default", (160, 48));
    key(&mut ctl, KeyCode::Char('?'));
    assert!(screen(&ctl, 80, 24).contains("H G T       handover, stats, triage"));
    key(&mut ctl, KeyCode::Esc);
    assert!(screen(&ctl, 160, 48).contains("G stats"));
    key(&mut ctl, KeyCode::Char('G'));
    let text = screen(&ctl, 80, 24);
    assert!(text.lines().last().unwrap().contains("Esc board"), "{text}");
    key(&mut ctl, KeyCode::Char('?'));
    assert!(screen(&ctl, 80, 24).contains("Keys: statistics"));
}

#[test]
fn the_pane_at_80x24() {
    let (_dir, mut ctl) = board("default", (80, 24));
    key(&mut ctl, KeyCode::Char('G'));
    assert_snapshot!("stats_80x24", render(&ctl, 80, 24).backend());
}

#[test]
fn the_pane_at_160x48() {
    let (_dir, mut ctl) = board("default", (160, 48));
    key(&mut ctl, KeyCode::Char('G'));
    assert_snapshot!("stats_160x48", render(&ctl, 160, 48).backend());
}
