//! Who is on the desk: on a shared terminal the board asks for a name before anything
//! else (Esc quits); `o` hands the desk over at shift change without a restart; every
//! event the board writes carries the name of whoever was signed in.

use crate::support::tui::*;
use crossterm::event::KeyCode;
use insta::assert_snapshot;

#[test]
fn a_shared_terminal_asks_who_is_on_the_desk_before_anything_else() {
    let mut f = fixture();
    f.ctl.app.require_sign_in();
    assert_snapshot!("sign_in_80x24", render(&f.ctl, 80, 24).backend());
    // Board keys go to the name, not to the board.
    press(&mut f.ctl, KeyCode::Char('q'));
    assert!(!f.ctl.app.quit);
    assert!(f.ctl.app.form.is_none());
    press(&mut f.ctl, KeyCode::Backspace);
    // An empty name is refused, in place.
    press(&mut f.ctl, KeyCode::Enter);
    let text = screen(&f.ctl, 80, 24);
    assert!(text.contains("Type your name"), "{text}");
    assert!(f.ctl.app.sign_in.is_some());
    type_text(&mut f.ctl, "Sam Duty");
    press(&mut f.ctl, KeyCode::Enter);
    let text = screen(&f.ctl, 80, 24);
    assert!(text.contains("operator: Sam Duty"), "{text}");
    assert!(text.contains("Signed in as Sam Duty"), "{text}");
    // Then the handover to sign for; Esc leaves it for now.
    assert!(text.contains("Handover: Sam Duty"), "{text}");
    press(&mut f.ctl, KeyCode::Esc);
    assert!(f.ctl.app.sign_in.is_none());
    assert!(!f.ctl.app.quit);
}

#[test]
fn escape_at_sign_in_quits_without_writing() {
    let mut f = fixture();
    let before = stored(&f.ctl, "update_recorded").len();
    f.ctl.app.require_sign_in();
    type_text(&mut f.ctl, "half");
    press(&mut f.ctl, KeyCode::Esc);
    assert!(f.ctl.app.quit);
    assert_eq!(stored(&f.ctl, "update_recorded").len(), before);
}

#[test]
fn o_switches_operator_at_shift_change_and_events_carry_the_new_name() {
    let mut f = fixture();
    press(&mut f.ctl, KeyCode::Char('o'));
    assert_snapshot!("switch_operator_80x24", render(&f.ctl, 80, 24).backend());
    // Esc on a switch keeps the operator and the board.
    press(&mut f.ctl, KeyCode::Esc);
    assert!(!f.ctl.app.quit);
    assert_eq!(f.ctl.app.operator, OPERATOR);
    // The night officer takes over.
    press(&mut f.ctl, KeyCode::Char('o'));
    type_text(&mut f.ctl, "  Night Officer ");
    press(&mut f.ctl, KeyCode::Enter);
    assert_eq!(f.ctl.app.operator, "Night Officer");
    // Signed in: the handover, what changed and what they own, to sign for.
    let shown = screen(&f.ctl, 80, 24);
    assert!(shown.contains("Handover: Night Officer"), "{shown}");
    assert!(shown.contains("You own no child's episode"), "{shown}");
    assert_snapshot!("sign_in_handover_80x24", render(&f.ctl, 80, 24).backend());
    press(&mut f.ctl, KeyCode::Enter);
    assert!(f.ctl.app.sign_in.is_none(), "signed for");
    let signed = stored(&f.ctl, "handover_acknowledged");
    assert_eq!(
        signed.last().map(|(by, _)| by.as_str()),
        Some("Night Officer")
    );
    assert!(screen(&f.ctl, 80, 24).contains("operator: Night Officer"));
    select(&mut f.ctl, "E202");
    press(&mut f.ctl, KeyCode::Char('u'));
    type_text(&mut f.ctl, "Handed over at 03:00.");
    ctrl(&mut f.ctl, 's');
    assert!(f.ctl.app.form.is_none());
    let updates = stored(&f.ctl, "update_recorded");
    let (by, _) = updates
        .iter()
        .find(|(_, e)| e.episode() == Some("E202") && e.at == now())
        .expect("stored");
    assert_eq!(by, "Night Officer");
}

#[test]
fn help_lists_acknowledge_and_switch_operator() {
    let mut f = fixture();
    press(&mut f.ctl, KeyCode::Char('?'));
    let text = screen(&f.ctl, 160, 48);
    assert!(text.contains("acknowledge a breach"), "{text}");
    assert!(text.contains("switch operator"), "{text}");
    assert!(text.contains("RHI attempt"), "{text}");
}
