//! Issue 14 on the board, from hand-built data: on a record of several authorities
//! the AUTH column, the header's counts per authority, the `auth:` filter and the
//! detail pane naming the procedure (authority, policy, version) the episode follows.
//! On a record of one authority none of it shows (the 80-column board is unchanged).

use super::pane_snapshots::{app, detail, draw, text};
use crate::tui::app::{App, Filter, Screen};
use crate::views::detail::{PolicyInfo, Procedure};
use insta::assert_snapshot;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;

/// The hand-built board with Bella's episode under Medway's procedure, on a record
/// whose authorities are Medway and Cumbria.
fn two_authorities(screen: Screen, size: (u16, u16)) -> App {
    let mut app = app(screen, size);
    let board = &mut app.snapshot.board;
    board.rows[1].authority = "medway".into();
    app.snapshot.board = std::mem::take(board).with_authorities(&["medway", "cumbria"]);
    app.refresh_visible();
    app
}

fn filtered(app: &mut App, text: &str) {
    let mut input = ratatui_textarea::TextArea::new(vec![text.to_string()]);
    input.move_cursor(ratatui_textarea::CursorMove::End);
    app.filter = Some(Filter {
        input,
        editing: false,
    });
    app.refresh_visible();
}

#[test]
fn the_board_of_two_authorities_shows_whose_procedure_each_row_follows() {
    let app = two_authorities(Screen::Board, (80, 10));
    let screen = text(&draw(&app, 80, 10));
    assert!(screen.lines().next().unwrap().contains("AUTH"), "{screen}");
    // Cut to five at 80 columns; the line under the board names it in full.
    let bella = screen.lines().find(|l| l.starts_with(" Bella")).unwrap();
    assert!(bella.contains(" medw~ "), "{screen}");
    assert_snapshot!("pane_board_two_authorities_80x10", screen);
}

#[test]
fn the_board_of_one_authority_has_no_auth_column_at_80_columns() {
    let app = app(Screen::Board, (80, 10));
    let screen = text(&draw(&app, 80, 10));
    assert!(!screen.contains("AUTH"), "{screen}");
    assert!(!app.snapshot.board.several_authorities());
}

#[test]
fn the_auth_filter_leaves_the_episodes_of_that_authority() {
    let mut app = two_authorities(Screen::Board, (80, 10));
    filtered(&mut app, "auth:medway");
    assert_eq!(app.visible, ["E-2"]);
    let screen = text(&draw(&app, 80, 10));
    assert!(
        screen.contains("Bella") && !screen.contains("Alfie"),
        "{screen}"
    );
    assert_snapshot!("pane_board_auth_filter_80x10", screen);
    filtered(&mut app, "auth:cumbria");
    assert_eq!(app.visible, ["E-1"]);
}

#[test]
fn the_header_of_two_authorities_counts_each() {
    let app = two_authorities(Screen::Board, (100, 2));
    let mut term = Terminal::new(TestBackend::new(100, 2)).unwrap();
    term.draw(|f| super::header::draw(f, &app, Rect::new(0, 0, 100, 2)))
        .unwrap();
    let screen = text(term.backend().buffer());
    assert!(
        screen.contains("missing: medway 1, cumbria 1 (1 BREACHED)"),
        "{screen}"
    );
    assert!(!screen.contains("policy:"), "{screen}");
    assert!(screen.contains("Wed 04 Mar 2026 12:00"), "{screen}");
    assert_snapshot!("header_two_authorities_100x2", screen);
}

#[test]
fn a_header_too_narrow_for_each_authority_keeps_the_clock_and_the_operator() {
    let app = two_authorities(Screen::Board, (80, 2));
    let mut term = Terminal::new(TestBackend::new(80, 2)).unwrap();
    term.draw(|f| super::header::draw(f, &app, Rect::new(0, 0, 80, 2)))
        .unwrap();
    let screen = text(term.backend().buffer());
    let first = screen.lines().next().unwrap();
    assert!(
        first.contains("2 authorities")
            && first.contains("operator: Sam Duty")
            && first.contains("Wed 04 Mar 2026 12:00"),
        "{screen}"
    );
}

#[test]
fn the_detail_pane_names_the_procedure_and_its_version() {
    let mut app = app(Screen::Detail { scroll: 0 }, (80, 30));
    let mut d = detail();
    d.procedure = Some(Procedure {
        authority: "westshire".into(),
        policy: PolicyInfo {
            name: "cumbria".into(),
            ..PolicyInfo::default()
        },
        version: Some("sha256:0a1b2c3d4e5f".into()),
    });
    app.snapshot.details.insert("E-1".into(), d);
    let screen = text(&draw(&app, 80, 30));
    assert!(
        screen.contains("ACTIONS  (westshire: policy cumbria, sha256:0a1b2c3d4e5f)"),
        "{screen}"
    );
    assert_snapshot!("pane_detail_procedure_80x30", screen);
}
