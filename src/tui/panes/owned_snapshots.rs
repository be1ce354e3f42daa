//! Issue 17's "Owned" and "Escalating" screens at 80x24, from hand-built data: the
//! ticker with an acknowledged breach (a mark, and who), the escalation banner naming
//! the duty manager, the idle prompt, and the handover an officer signs for.

use super::pane_snapshots::{app, hours_ago, now, text};
use crate::tui::app::{App, Screen, SignIn};
use crate::views::owned::SinceLast;
use crate::views::shift::ShiftNow;
use insta::assert_snapshot;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
use ratatui::Terminal;

/// The screen drawn part by part (not through `ui`: no panes <-> ui cycle): the
/// ticker, the board, the escalation banner and the sign-in over them.
fn screen(app: &App) -> String {
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| {
        let line = |y| Rect::new(0, y, 80, 1);
        super::ticker::draw(f, app, line(0));
        super::draw(f, app, Rect::new(0, 1, 80, 22));
        if let Some(b) = crate::tui::owned::banner(&app.snapshot.board, app.snapshot.now) {
            f.render_widget(Paragraph::new(b), line(23));
        }
        if let Some(s) = &app.sign_in {
            super::sign_in::draw(f, app, s, Rect::new(0, 0, 80, 24));
        }
    })
    .unwrap();
    text(term.backend().buffer())
}

#[test]
fn the_ticker_marks_an_acknowledged_breach_and_says_who() {
    let mut app = app(Screen::Board, (80, 24));
    let t = &mut app.snapshot.board.ticker[0];
    t.acknowledged_by = Some("Kim Night".into());
    t.acknowledged_at = Some(hours_ago(1));
    t.acknowledged_until = Some(now() + chrono::Duration::hours(4));
    let shown = screen(&app);
    assert!(shown.contains("✓ ack'd 1/1"), "{shown}");
    assert!(shown.contains("ack by Kim Night"), "{shown}");
    assert_snapshot!("owned_ticker_acknowledged_80x24", shown);
}

#[test]
fn a_breach_left_unacknowledged_is_escalated_to_the_duty_manager_on_the_board() {
    let mut app = app(Screen::Board, (80, 24));
    app.snapshot.board.shift = Some(ShiftNow {
        started_at: hours_ago(2),
        ends_at: now() + chrono::Duration::hours(10),
        manager: Some("Dana Reed".into()),
        escalates_from: hours_ago(14),
    });
    let shown = screen(&app);
    assert!(
        shown.contains("ESCALATED to duty manager Dana Reed"),
        "{shown}"
    );
    assert!(shown.contains("! ESCALATED 1/1"), "{shown}");
    assert_snapshot!("owned_escalated_80x24", shown);
}

#[test]
fn the_idle_prompt_asks_who_is_there() {
    let mut app = app(Screen::Board, (80, 24));
    let mut s = SignIn::new(false);
    s.idle = true;
    app.sign_in = Some(s);
    let shown = screen(&app);
    assert!(shown.contains("Who is there?"), "{shown}");
    assert_snapshot!("owned_idle_prompt_80x24", shown);
}

#[test]
fn the_sign_in_shows_what_changed_and_what_the_officer_owns() {
    let mut app = app(Screen::Board, (80, 24));
    let mut s = SignIn::new(false);
    s.handover = Some(SinceLast {
        since: Some(hours_ago(12)),
        reported: vec!["E-2".into()],
        returned: vec![],
        breached: vec!["E-1".into()],
        acknowledged: 0,
        owned: vec!["E-1".into(), "E-2".into()],
    });
    app.sign_in = Some(s);
    let shown = screen(&app);
    assert!(
        shown.contains("1 reported missing: Bella Shah (E-2)"),
        "{shown}"
    );
    assert!(
        shown.contains("You own 2: Alfie Evans (E-1), Bella Shah (E-2)"),
        "{shown}"
    );
    assert_snapshot!("owned_sign_in_handover_80x24", shown);
}
