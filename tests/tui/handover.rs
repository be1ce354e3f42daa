//! The shift handover on the board: `H` opens it from the record as it stands, it
//! follows the record while open, and Esc goes back to the board.

use crate::support::tui::*;
use crossterm::event::KeyCode;
use dutyboard::tui::app::Screen;

#[test]
fn h_opens_the_shift_handover_and_esc_goes_back_to_the_board() {
    let mut f = fixture();
    press(&mut f.ctl, KeyCode::Char('H'));
    assert!(matches!(f.ctl.app.screen, Screen::Handover { .. }));
    let report = f
        .ctl
        .app
        .handover()
        .expect("the report is built when the pane opens");
    assert_eq!(report.at, now());
    assert_eq!(report.since, now() - chrono::Duration::hours(12));
    assert!(
        !report.due.is_empty(),
        "the demo caseload has actions falling due"
    );
    let text = screen(&f.ctl, 80, 24);
    assert!(text.to_lowercase().contains("handover"), "{text}");
    press(&mut f.ctl, KeyCode::Esc);
    assert_eq!(f.ctl.app.screen, Screen::Board);
    assert!(f.ctl.app.handover().is_none());
}

#[test]
fn the_open_handover_shows_what_another_desk_records() {
    let mut f = fixture();
    press(&mut f.ctl, KeyCode::Char('H'));
    let before = f.ctl.app.handover().unwrap().events.len();
    let episode = f.ctl.app.snapshot.board.rows[0].episode.clone();
    let line = format!(
        r#"{{"type":"update_recorded","at":"{}","episode":"{episode}","text":"Seen near the station.","by":"Other Desk"}}"#,
        (now() - chrono::Duration::minutes(5)).to_rfc3339()
    );
    import_as_other_desk(&f, &line);
    assert!(f.ctl.poll(now()), "the change is noticed");
    let after = f.ctl.app.handover().unwrap();
    assert_eq!(
        after.events.len(),
        before + 1,
        "the new update is in the open handover"
    );
}

#[test]
fn the_handover_keys_are_in_its_help() {
    let mut f = fixture();
    press(&mut f.ctl, KeyCode::Char('H'));
    press(&mut f.ctl, KeyCode::Char('?'));
    let text = screen(&f.ctl, 80, 24);
    assert!(text.contains("Keys: the shift handover"), "{text}");
}
