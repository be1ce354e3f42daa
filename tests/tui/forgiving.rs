//! Issue 17, "Forgiving": a return, an RHI declined, a completion, a waiver and a
//! dismissal ask in one line naming the child and the time before they are saved;
//! Esc on typed text asks before throwing it away, and a draft is kept per form;
//! `U` undoes the operator's last save within 15 minutes by voiding its batch.

use crate::support::tui::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dutyboard::record::{EventKind, EventLog};
use dutyboard::tui::forms::Input;
use insta::assert_snapshot;

fn count(f: &Fixture) -> usize {
    f.ctl.desk.store.read_all().unwrap().len()
}

fn question(f: &Fixture) -> Option<String> {
    f.ctl.app.confirm.as_ref().map(|c| c.question.clone())
}

fn name_of(f: &Fixture, episode: &str) -> String {
    f.ctl.app.row(episode).unwrap().name.clone()
}

/// The chooser's first action, as its title reads without the state tag.
fn chosen_action(f: &Fixture) -> String {
    let form = f.ctl.app.form.as_ref().unwrap();
    match &form.field("rule").unwrap().input {
        Input::Choice { options, index } => {
            let label = &options[*index].label;
            label.split(" [").next().unwrap().to_string()
        }
        other => panic!("{other:?}"),
    }
}

fn undo_at(f: &mut Fixture, at: chrono::DateTime<chrono::Utc>) {
    f.ctl
        .key(KeyEvent::new(KeyCode::Char('U'), KeyModifiers::NONE), at);
}

fn message(f: &Fixture) -> String {
    f.ctl
        .app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn the_return_asks_naming_the_child_and_the_time_and_y_saves_it() {
    let mut f = fixture();
    select(&mut f.ctl, "E202");
    let name = name_of(&f, "E202");
    let before = count(&f);
    press(&mut f.ctl, KeyCode::Char('f'));
    ctrl(&mut f.ctl, 's');
    assert_eq!(
        question(&f).as_deref(),
        Some(format!("Record {name}'s return at 03:00? y/n").as_str())
    );
    assert_eq!(count(&f), before, "nothing is saved before the answer");
    let text = screen(&f.ctl, 80, 24);
    assert!(
        text.contains(&format!("Record {name}'s return at 03:00? y/n")),
        "{text}"
    );
    assert_snapshot!("confirm_return_80x24", render(&f.ctl, 80, 24).backend());
    press(&mut f.ctl, KeyCode::Char('y'));
    assert!(f.ctl.app.form.is_none());
    assert!(f.ctl.app.confirm.is_none());
    assert!(stored(&f.ctl, "child_returned")
        .iter()
        .any(|(by, e)| by == OPERATOR && e.episode() == Some("E202")));
}

#[test]
fn no_or_esc_on_the_question_goes_back_to_the_form_with_everything_kept() {
    let mut f = fixture();
    select(&mut f.ctl, "E202");
    let before = count(&f);
    press(&mut f.ctl, KeyCode::Char('f'));
    press(&mut f.ctl, KeyCode::Tab);
    press(&mut f.ctl, KeyCode::Tab);
    type_text(&mut f.ctl, "Friend's house");
    for answer in [KeyCode::Char('n'), KeyCode::Esc] {
        ctrl(&mut f.ctl, 's');
        assert!(question(&f).is_some());
        press(&mut f.ctl, answer);
        assert!(f.ctl.app.confirm.is_none());
        let form = f.ctl.app.form.as_ref().expect("back to the form");
        assert_eq!(form.value("location_found"), "Friend's house");
        assert_eq!(count(&f), before);
    }
    // Keys other than y, n and Esc answer nothing.
    ctrl(&mut f.ctl, 's');
    press(&mut f.ctl, KeyCode::Char('x'));
    assert!(question(&f).is_some());
    press(&mut f.ctl, KeyCode::Char('y'));
    let returned = stored(&f.ctl, "child_returned");
    match &returned.last().unwrap().1.kind {
        EventKind::ChildReturned { location_found, .. } => {
            assert_eq!(location_found.as_deref(), Some("Friend's house"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn completing_and_waiving_name_the_action_the_child_and_the_time() {
    let mut f = fixture();
    select(&mut f.ctl, "E207");
    let name = name_of(&f, "E207");
    press(&mut f.ctl, KeyCode::Char('c'));
    let action = chosen_action(&f);
    ctrl(&mut f.ctl, 's');
    assert_eq!(
        question(&f),
        Some(format!(
            "Record \"{action}\" as done for {name} at 03:00? y/n"
        ))
    );
    press(&mut f.ctl, KeyCode::Char('n'));
    press(&mut f.ctl, KeyCode::Esc);
    assert!(
        f.ctl.app.form.is_none(),
        "nothing typed: Esc closes at once"
    );
    assert!(stored(&f.ctl, "action_completed")
        .iter()
        .all(|(by, _)| by != OPERATOR));

    select(&mut f.ctl, "E201");
    let name = name_of(&f, "E201");
    press(&mut f.ctl, KeyCode::Char('w'));
    let action = chosen_action(&f);
    press(&mut f.ctl, KeyCode::Tab);
    type_text(&mut f.ctl, "Strategy discussion held by the police instead");
    ctrl(&mut f.ctl, 's');
    assert_eq!(
        question(&f),
        Some(format!("Waive \"{action}\" for {name} at 03:00? y/n"))
    );
    press(&mut f.ctl, KeyCode::Char('y'));
    assert_eq!(stored(&f.ctl, "action_waived").len(), 1);
}

#[test]
fn rhi_declined_asks_and_an_update_does_not() {
    let mut f = fixture_with("medway", "default", (80, 24));
    select(&mut f.ctl, "E214");
    let name = name_of(&f, "E214");
    press(&mut f.ctl, KeyCode::Char('d'));
    ctrl(&mut f.ctl, 's');
    assert_eq!(
        question(&f),
        Some(format!(
            "Record that {name} declined the return home interview, at 03:00? y/n"
        ))
    );
    press(&mut f.ctl, KeyCode::Esc);
    press(&mut f.ctl, KeyCode::Esc);
    press(&mut f.ctl, KeyCode::Char('u'));
    type_text(&mut f.ctl, "Called the carer");
    ctrl(&mut f.ctl, 's');
    assert!(question(&f).is_none(), "an update is easily added to");
    assert!(f.ctl.app.form.is_none());
}

#[test]
fn the_question_uses_initials_in_privacy_mode() {
    let mut f = fixture();
    select(&mut f.ctl, "E202");
    let name = name_of(&f, "E202");
    press(&mut f.ctl, KeyCode::Char('i'));
    press(&mut f.ctl, KeyCode::Char('f'));
    ctrl(&mut f.ctl, 's');
    let q = question(&f).unwrap();
    assert!(!q.contains(&name), "{q}");
    assert!(q.contains(&dutyboard::record::initials(&name)), "{q}");
}

#[test]
fn esc_on_typed_text_asks_and_y_throws_it_away() {
    let mut f = fixture();
    select(&mut f.ctl, "E202");
    let before = count(&f);
    press(&mut f.ctl, KeyCode::Char('u'));
    type_text(&mut f.ctl, "A long note about where she was seen");
    press(&mut f.ctl, KeyCode::Esc);
    assert_eq!(
        question(&f).as_deref(),
        Some("Discard what you typed? y/n (n keeps it as a draft)")
    );
    assert_snapshot!("confirm_discard_80x24", render(&f.ctl, 80, 24).backend());
    // Esc again: back to the form, the text still there.
    press(&mut f.ctl, KeyCode::Esc);
    let form = f.ctl.app.form.as_ref().expect("still open");
    assert_eq!(form.value("text"), "A long note about where she was seen");
    press(&mut f.ctl, KeyCode::Esc);
    press(&mut f.ctl, KeyCode::Char('y'));
    assert!(f.ctl.app.form.is_none());
    assert!(message(&f).contains("Discarded"));
    press(&mut f.ctl, KeyCode::Char('u'));
    assert_eq!(f.ctl.app.form.as_ref().unwrap().value("text"), "");
    assert_eq!(count(&f), before);
}

#[test]
fn a_draft_is_kept_per_form_and_child_until_it_is_saved() {
    let mut f = fixture();
    select(&mut f.ctl, "E202");
    press(&mut f.ctl, KeyCode::Char('u'));
    type_text(&mut f.ctl, "Seen near the station");
    press(&mut f.ctl, KeyCode::Esc);
    press(&mut f.ctl, KeyCode::Char('n'));
    assert!(f.ctl.app.form.is_none());
    assert!(message(&f).contains("Kept as a draft"), "{}", message(&f));
    // Another child's update form is its own.
    select(&mut f.ctl, "E201");
    press(&mut f.ctl, KeyCode::Char('u'));
    assert_eq!(f.ctl.app.form.as_ref().unwrap().value("text"), "");
    press(&mut f.ctl, KeyCode::Esc);
    // So is another form on the same child.
    select(&mut f.ctl, "E202");
    press(&mut f.ctl, KeyCode::Char('p'));
    assert_eq!(f.ctl.app.form.as_ref().unwrap().value("police_ref"), "");
    press(&mut f.ctl, KeyCode::Esc);
    // Reopening brings the text back; saving it lets the draft go.
    press(&mut f.ctl, KeyCode::Char('u'));
    assert_eq!(
        f.ctl.app.form.as_ref().unwrap().value("text"),
        "Seen near the station"
    );
    assert!(message(&f).contains("draft is back"));
    ctrl(&mut f.ctl, 's');
    assert!(f.ctl.app.form.is_none());
    assert!(stored(&f.ctl, "update_recorded")
        .iter()
        .any(|(_, e)| matches!(&e.kind, EventKind::UpdateRecorded { text, .. } if text == "Seen near the station")));
    press(&mut f.ctl, KeyCode::Char('u'));
    assert_eq!(f.ctl.app.form.as_ref().unwrap().value("text"), "");
}

/// Reports a new child missing (two events in one batch: the registration and the
/// report), as the forms test does.
fn report_new_child(f: &mut Fixture, name: &str) {
    press(&mut f.ctl, KeyCode::Char('m'));
    press(&mut f.ctl, KeyCode::Tab);
    press(&mut f.ctl, KeyCode::Tab);
    type_text(&mut f.ctl, name);
    press(&mut f.ctl, KeyCode::Tab);
    type_text(&mut f.ctl, "2012-05-04");
    press(&mut f.ctl, KeyCode::Tab);
    press(&mut f.ctl, KeyCode::Right);
    for _ in 0..6 {
        press(&mut f.ctl, KeyCode::Tab);
    }
    type_text(&mut f.ctl, "01:30");
    press(&mut f.ctl, KeyCode::Tab);
    type_text(&mut f.ctl, "Bus station");
    press(&mut f.ctl, KeyCode::Tab);
    press(&mut f.ctl, KeyCode::Tab);
    type_text(&mut f.ctl, "high"); // the chooser's search; Enter takes it
    press(&mut f.ctl, KeyCode::Enter);
    ctrl(&mut f.ctl, 's');
    assert!(f.ctl.app.form.is_none(), "reported");
}

#[test]
fn u_voids_every_event_of_the_last_save_with_the_reason_undone() {
    let mut f = fixture();
    report_new_child(&mut f, "Una Newcase");
    let batch: Vec<String> = f
        .ctl
        .desk
        .store
        .read_all()
        .unwrap()
        .into_iter()
        .filter(|s| s.event.by == OPERATOR)
        .map(|s| s.event.id)
        .collect();
    assert!(batch.len() >= 2, "a registration and a report: {batch:?}");
    assert!(f
        .ctl
        .app
        .snapshot
        .board
        .rows
        .iter()
        .any(|r| r.name == "Una Newcase"));
    undo_at(&mut f, now() + chrono::Duration::minutes(14));
    let q = question(&f).expect("asks first");
    assert!(q.starts_with("Undo your save at 03:00 ("), "{q}");
    assert!(q.ends_with("? y/n"), "{q}");
    assert!(stored(&f.ctl, "event_voided").is_empty());
    assert_snapshot!("confirm_undo_80x24", render(&f.ctl, 80, 24).backend());
    press(&mut f.ctl, KeyCode::Char('y'));
    let voids = stored(&f.ctl, "event_voided");
    let mut voided: Vec<String> = voids
        .iter()
        .map(|(by, e)| {
            assert_eq!(by, OPERATOR);
            match &e.kind {
                EventKind::EventVoided { event, reason } => {
                    assert_eq!(reason, "undone");
                    event.clone()
                }
                other => panic!("{other:?}"),
            }
        })
        .collect();
    voided.sort();
    let mut want = batch.clone();
    want.sort();
    assert_eq!(voided, want, "every event of the batch, and nothing else");
    assert!(
        !f.ctl
            .app
            .snapshot
            .board
            .rows
            .iter()
            .any(|r| r.name == "Una Newcase"),
        "the report is undone: the child leaves the board"
    );
    assert!(message(&f).starts_with("Undone: "), "{}", message(&f));
    // Undone once: there is nothing more to undo.
    press(&mut f.ctl, KeyCode::Char('U'));
    assert!(
        message(&f).starts_with("Nothing to undo"),
        "{}",
        message(&f)
    );
}

#[test]
fn n_on_the_undo_question_undoes_nothing() {
    let mut f = fixture();
    select(&mut f.ctl, "E202");
    press(&mut f.ctl, KeyCode::Char('u'));
    type_text(&mut f.ctl, "Called the school");
    ctrl(&mut f.ctl, 's');
    press(&mut f.ctl, KeyCode::Char('U'));
    let q = question(&f).unwrap();
    assert!(
        q.contains(&name_of(&f, "E202")),
        "names what is undone: {q}"
    );
    press(&mut f.ctl, KeyCode::Char('n'));
    assert!(f.ctl.app.confirm.is_none());
    assert!(stored(&f.ctl, "event_voided").is_empty());
    assert_eq!(message(&f), "Nothing undone");
}

#[test]
fn after_15_minutes_u_says_it_is_too_late() {
    let mut f = fixture();
    select(&mut f.ctl, "E202");
    press(&mut f.ctl, KeyCode::Char('u'));
    type_text(&mut f.ctl, "Called the school");
    ctrl(&mut f.ctl, 's');
    undo_at(&mut f, now() + chrono::Duration::minutes(16));
    assert!(f.ctl.app.confirm.is_none(), "nothing to ask");
    let said = message(&f);
    assert!(
        said.starts_with("Too late to undo your save at 03:00"),
        "{said}"
    );
    assert!(said.contains("15 minutes"), "{said}");
    assert!(stored(&f.ctl, "event_voided").is_empty());
}

#[test]
fn u_will_not_undo_someone_elses_save_and_says_whose_it_was() {
    let mut f = fixture();
    select(&mut f.ctl, "E202");
    press(&mut f.ctl, KeyCode::Char('u'));
    type_text(&mut f.ctl, "Called the school");
    ctrl(&mut f.ctl, 's');
    press(&mut f.ctl, KeyCode::Char('o'));
    type_text(&mut f.ctl, "Sam Day");
    press(&mut f.ctl, KeyCode::Enter);
    // Not signing for the handover now.
    press(&mut f.ctl, KeyCode::Esc);
    assert_eq!(f.ctl.app.operator, "Sam Day");
    press(&mut f.ctl, KeyCode::Char('U'));
    assert!(f.ctl.app.confirm.is_none());
    let said = message(&f);
    assert!(
        said.contains(&format!("was {OPERATOR}'s, not yours")),
        "{said}"
    );
    assert!(stored(&f.ctl, "event_voided").is_empty());
}

#[test]
fn nothing_saved_yet_means_nothing_to_undo() {
    let mut f = fixture();
    press(&mut f.ctl, KeyCode::Char('U'));
    assert!(f.ctl.app.confirm.is_none());
    assert!(
        message(&f).starts_with("Nothing to undo"),
        "{}",
        message(&f)
    );
}

#[test]
fn the_help_lists_undo_and_still_fits_80x24() {
    let mut f = fixture();
    press(&mut f.ctl, KeyCode::Char('?'));
    let text = screen(&f.ctl, 80, 24);
    assert!(text.contains("undo my save (15 min)"), "{text}");
    assert!(text.contains("Any key closes this help."), "{text}");
    // The question's own keys, in its help and hint bar.
    press(&mut f.ctl, KeyCode::Esc);
    select(&mut f.ctl, "E202");
    press(&mut f.ctl, KeyCode::Char('f'));
    ctrl(&mut f.ctl, 's');
    let bar = screen(&f.ctl, 80, 24).lines().last().unwrap().to_string();
    assert!(bar.contains("y yes") && bar.contains("n no"), "{bar}");
    press(&mut f.ctl, KeyCode::F(1));
    let text = screen(&f.ctl, 80, 24);
    assert!(text.contains("Keys: a question (y/n)"), "{text}");
}
