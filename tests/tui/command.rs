//! Issue 17, "Conventions": the `:` command line, with Tab completing the command
//! and its argument: `:child C12` opens the child, `:report`, `:export`, `:theme`,
//! `:policy`, `:q`.

use crate::support::tui::*;
use crossterm::event::KeyCode;
use dutyboard::tui::app::{Context, Screen};
use dutyboard::tui::Controller;
use insta::assert_snapshot;

fn command(ctl: &mut Controller, text: &str) {
    press(ctl, KeyCode::Char(':'));
    type_text(ctl, text);
}

fn said(ctl: &Controller) -> String {
    ctl.app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn child_opens_that_childs_detail_pane() {
    let mut f = fixture();
    let row = f.ctl.app.snapshot.board.rows.last().unwrap().clone();
    command(&mut f.ctl, &format!("child {}", row.child.to_lowercase()));
    assert_eq!(f.ctl.app.context(), Context::Command);
    press(&mut f.ctl, KeyCode::Enter);
    assert!(f.ctl.app.command.is_none());
    assert!(matches!(f.ctl.app.screen, Screen::Detail { .. }));
    let chosen = f
        .ctl
        .app
        .selected
        .as_deref()
        .and_then(|e| f.ctl.app.row(e))
        .unwrap();
    assert_eq!(chosen.child, row.child);
    // A child not on the board is said, and nothing moves.
    press(&mut f.ctl, KeyCode::Esc);
    command(&mut f.ctl, "child C99999");
    press(&mut f.ctl, KeyCode::Enter);
    assert_eq!(said(&f.ctl), "No child C99999 is on the board");
}

#[test]
fn tab_completes_the_command_and_its_argument() {
    let mut f = fixture();
    command(&mut f.ctl, "rep");
    press(&mut f.ctl, KeyCode::Tab);
    assert_eq!(f.ctl.app.command.as_ref().unwrap().text(), "report ");
    press(&mut f.ctl, KeyCode::Tab);
    assert_eq!(
        f.ctl.app.command.as_ref().unwrap().offered,
        vec!["daily", "handover", "stats"]
    );
    type_text(&mut f.ctl, "h");
    press(&mut f.ctl, KeyCode::Tab);
    assert_eq!(
        f.ctl.app.command.as_ref().unwrap().text(),
        "report handover"
    );
    press(&mut f.ctl, KeyCode::Esc);
    assert!(f.ctl.app.command.is_none(), "Esc leaves it");
    command(&mut f.ctl, "child ");
    press(&mut f.ctl, KeyCode::Tab);
    let offered = f.ctl.app.command.as_ref().unwrap().offered.clone();
    assert!(offered.len() > 3, "{offered:?}");
    assert_snapshot!("command_line_80x24", render(&f.ctl, 80, 24).backend());
}

#[test]
fn report_handover_opens_its_pane_and_theme_and_q_do_what_they_say() {
    let mut f = fixture();
    command(&mut f.ctl, "report handover");
    press(&mut f.ctl, KeyCode::Enter);
    assert!(matches!(f.ctl.app.screen, Screen::Handover { .. }));
    press(&mut f.ctl, KeyCode::Esc);
    command(&mut f.ctl, "theme mono");
    press(&mut f.ctl, KeyCode::Enter);
    assert_eq!(f.ctl.app.theme.name, "mono");
    command(&mut f.ctl, "theme nosuch");
    press(&mut f.ctl, KeyCode::Enter);
    assert_eq!(f.ctl.app.theme.name, "mono");
    assert!(f.ctl.app.message.as_ref().unwrap().error);
    command(&mut f.ctl, "export");
    press(&mut f.ctl, KeyCode::Enter);
    assert!(
        said(&f.ctl).contains("export ssda903 --year"),
        "{}",
        said(&f.ctl)
    );
    command(&mut f.ctl, "policy");
    press(&mut f.ctl, KeyCode::Enter);
    assert!(said(&f.ctl).contains("cumbria"), "{}", said(&f.ctl));
    command(&mut f.ctl, "bogus");
    press(&mut f.ctl, KeyCode::Enter);
    assert!(
        said(&f.ctl).starts_with("No command :bogus"),
        "{}",
        said(&f.ctl)
    );
    assert!(!f.ctl.app.quit);
    command(&mut f.ctl, "q");
    press(&mut f.ctl, KeyCode::Enter);
    assert!(f.ctl.app.quit);
}
