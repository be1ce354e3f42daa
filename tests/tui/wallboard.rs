//! Issue 17, "Wallboard": `dutyboard --wallboard` for the office's big screen. It is
//! read-only (every key that would write is refused in words, no form opens), its
//! rows are large, and its sections take turns every few seconds under the header's
//! clock and the ticker.

use crate::support::tui::*;
use crossterm::event::KeyCode;
use dutyboard::record::EventLog;
use dutyboard::tui::panes::wallboard::{self, Part};
use dutyboard::tui::wallboard::Wall;
use insta::assert_snapshot;

fn wall(f: &mut Fixture) {
    f.ctl.app.wallboard = Some(Wall::new(15));
    f.ctl.app.privacy = true;
    f.ctl.app.dirty = true;
}

#[test]
fn the_wallboard_at_80x24_shows_the_clock_the_ticker_and_large_rows() {
    let mut f = fixture();
    wall(&mut f);
    let text = screen(&f.ctl, 80, 24);
    assert!(text.contains("Mon 02 Mar 2026 03:00"), "the clock:\n{text}");
    assert!(text.contains("BREACH"), "the ticker:\n{text}");
    assert!(text.contains(" MISSING "), "{text}");
    assert!(text.contains("TRIAGE"), "{text}");
    assert_snapshot!("wallboard_80x24", render(&f.ctl, 80, 24).backend());
}

#[test]
fn every_key_that_would_write_is_refused_and_records_nothing() {
    let mut f = fixture();
    wall(&mut f);
    let before = f.ctl.desk.store.read_all().unwrap().len();
    for c in [
        'm', 'u', 'p', 'g', 'c', 'w', 'f', 'a', 'r', 'd', 'l', 'e', 'E', 'C', 'X', 'M', 'U', 'o',
        'y', '/',
    ] {
        press(&mut f.ctl, KeyCode::Char(c));
        assert!(f.ctl.app.form.is_none(), "{c} opened a form");
        assert!(f.ctl.app.sign_in.is_none(), "{c} asked to sign in");
        assert!(f.ctl.app.confirm.is_none(), "{c} asked a question");
        let said = f.ctl.app.message.as_ref().map(|m| m.text.clone());
        assert!(
            said.as_deref().is_some_and(|m| m.contains("read-only")),
            "{c}: {said:?}"
        );
    }
    press(&mut f.ctl, KeyCode::Enter);
    ctrl(&mut f.ctl, 's');
    f.ctl.paste("E202\n", now());
    assert!(f.ctl.app.form.is_none());
    assert_eq!(f.ctl.desk.store.read_all().unwrap().len(), before);
    assert!(!f.ctl.app.quit);
    press(&mut f.ctl, KeyCode::Char('q'));
    assert!(f.ctl.app.quit, "q still quits");
}

#[test]
fn the_sections_take_turns_every_n_seconds_and_by_hand() {
    let mut f = fixture();
    wall(&mut f);
    let pages = wallboard::pages(&f.ctl.app);
    let parts: Vec<Part> = pages.iter().map(|p| p.0).collect();
    for part in [Part::Missing, Part::Returned, Part::Triage, Part::Backlog] {
        assert!(parts.contains(&part), "{part:?} has a page: {pages:?}");
    }
    assert_eq!(wallboard::page(&f.ctl.app), pages[0]);
    for _ in 0..14 {
        f.ctl.app.on_tick();
    }
    assert_eq!(wallboard::page(&f.ctl.app), pages[0], "still up at 14 s");
    f.ctl.app.on_tick();
    assert_eq!(wallboard::page(&f.ctl.app), pages[1], "the next at 15 s");
    press(&mut f.ctl, KeyCode::Left);
    assert_eq!(wallboard::page(&f.ctl.app), pages[0], "Left goes back");
    for _ in 0..pages.len() {
        press(&mut f.ctl, KeyCode::Right);
    }
    assert_eq!(wallboard::page(&f.ctl.app), pages[0], "round again");
    // Names are initials; `i` shows them (it writes nothing).
    let text = screen(&f.ctl, 80, 24);
    let row = f
        .ctl
        .app
        .snapshot
        .board
        .rows
        .iter()
        .find(|r| r.section == dutyboard::views::board::Section::Missing)
        .unwrap();
    let name = row.name.clone();
    assert!(!text.contains(&name), "{text}");
    press(&mut f.ctl, KeyCode::Char('i'));
    assert!(screen(&f.ctl, 80, 24).contains(&name));
}

#[test]
fn the_wallboard_help_fits_80x24_and_says_it_is_read_only() {
    let mut f = fixture();
    wall(&mut f);
    press(&mut f.ctl, KeyCode::Char('?'));
    let text = screen(&f.ctl, 80, 24);
    assert!(text.contains("Keys: the wallboard (read-only)"), "{text}");
    assert!(text.contains("refused: nothing is recorded here"), "{text}");
    assert!(text.contains("Any key closes this help."), "{text}");
}
