//! Issue 17, review B10: two boards on one record both had "Complete an action" open
//! on the same action; the first saved, and the second saved too, with no warning.
//! Now the second form says who did it and when, as soon as it sees it, and saving
//! takes a second Ctrl+S; a save the record would now refuse (a second return) is
//! refused at the first.

use crate::support::tui::*;
use crossterm::event::KeyCode;
use dutyboard::tui::Controller;

const OTHER: &str = "Sam Day";

fn warning_of(ctl: &Controller) -> Option<String> {
    let form = ctl.app.form.as_ref()?;
    form.moved(&ctl.app.snapshot)
}

/// Board 1 and board 2 both open `kind`'s key on `episode`.
fn both_open(f: &mut Fixture, key: char, episode: &str) -> Controller {
    let mut other = another_board(f, OTHER);
    for ctl in [&mut f.ctl, &mut other] {
        select(ctl, episode);
        press(ctl, KeyCode::Char(key));
        assert!(ctl.app.form.is_some(), "the form opened");
    }
    other
}

#[test]
fn an_action_another_desk_completed_while_the_form_was_open_is_said_before_saving() {
    let mut f = fixture();
    let before = stored(&f.ctl, "action_completed").len();
    let mut other = both_open(&mut f, 'c', "E207");
    assert_eq!(warning_of(&other), None, "nothing moved yet");
    // Board 2 saves first.
    ctrl(&mut other, 's');
    press(&mut other, KeyCode::Char('y'));
    assert!(other.app.form.is_none(), "board 2 saved");
    let done = stored(&f.ctl, "action_completed").len();
    assert_eq!(done, before + 1);
    // Board 1's next poll sees it, and its open form says so, naming who.
    f.ctl.poll(now());
    let said = warning_of(&f.ctl).expect("the form says the record moved");
    assert!(said.contains(OTHER), "{said}");
    assert!(said.contains("as done at"), "{said}");
    assert!(said.contains("Ctrl+S again saves anyway"), "{said}");
    let text = screen(&f.ctl, 80, 24);
    assert!(text.contains("While this form was open, Sam Day"), "{text}");
    // The first Ctrl+S saves nothing and asks nothing: the warning is the question.
    ctrl(&mut f.ctl, 's');
    assert!(f.ctl.app.confirm.is_none());
    assert!(f.ctl.app.form.is_some(), "the form stays open");
    assert_eq!(stored(&f.ctl, "action_completed").len(), done);
    // The second goes on as any save does (its own confirmation, then y).
    ctrl(&mut f.ctl, 's');
    assert!(f.ctl.app.confirm.is_some(), "the usual confirmation now");
    press(&mut f.ctl, KeyCode::Char('y'));
    assert!(f.ctl.app.form.is_none());
    assert_eq!(stored(&f.ctl, "action_completed").len(), done + 1);
}

#[test]
fn without_a_poll_the_save_itself_looks_first() {
    let mut f = fixture();
    let before = stored(&f.ctl, "action_completed").len();
    let mut other = both_open(&mut f, 'c', "E207");
    ctrl(&mut other, 's');
    press(&mut other, KeyCode::Char('y'));
    // No poll on board 1: Ctrl+S reads the record before anything else.
    ctrl(&mut f.ctl, 's');
    assert!(f.ctl.app.confirm.is_none(), "warned, not asked");
    assert!(warning_of(&f.ctl).is_some_and(|w| w.contains(OTHER)));
    assert_eq!(stored(&f.ctl, "action_completed").len(), before + 1);
}

#[test]
fn a_different_action_completed_elsewhere_is_not_a_warning() {
    let mut f = fixture();
    let mut other = both_open(&mut f, 'c', "E207");
    // Board 2 picks another action than board 1's.
    press(&mut other, KeyCode::Right);
    let theirs = other.app.form.as_ref().unwrap().value("rule");
    let ours = f.ctl.app.form.as_ref().unwrap().value("rule");
    assert_ne!(theirs, ours, "the episode has two actions open");
    ctrl(&mut other, 's');
    press(&mut other, KeyCode::Char('y'));
    f.ctl.poll(now());
    assert_eq!(warning_of(&f.ctl), None);
    ctrl(&mut f.ctl, 's');
    assert!(
        f.ctl.app.confirm.is_some(),
        "straight to the usual question"
    );
}

#[test]
fn a_return_recorded_elsewhere_refuses_the_second_at_the_first_ctrl_s() {
    let mut f = fixture();
    let before = stored(&f.ctl, "child_returned").len();
    let mut other = both_open(&mut f, 'f', "E202");
    ctrl(&mut other, 's');
    press(&mut other, KeyCode::Char('y'));
    assert_eq!(stored(&f.ctl, "child_returned").len(), before + 1);
    f.ctl.poll(now());
    let said = warning_of(&f.ctl).expect("the return is said");
    assert!(said.contains("Sam Day recorded the return at"), "{said}");
    ctrl(&mut f.ctl, 's');
    let form = f.ctl.app.form.as_ref().expect("the form stays open");
    let shown = screen(&f.ctl, 80, 24);
    let refused = form
        .errors
        .iter()
        .chain(form.fields.iter().filter_map(|x| x.error.as_ref()))
        .any(|e| e.contains("already"));
    assert!(refused, "the check's refusal is shown:\n{shown}");
    ctrl(&mut f.ctl, 's');
    assert_eq!(
        stored(&f.ctl, "child_returned").len(),
        before + 1,
        "never a second return"
    );
}
