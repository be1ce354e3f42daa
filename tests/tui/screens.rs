//! The live board drawn into a TestBackend at a fixed moment, at 80x24 (an SSH
//! window) and 160x48: the board, the ticker, the detail pane, every form, the help,
//! and the "terminal too small" message. A change to any screen fails here until the
//! snapshot is reviewed (`cargo insta review`).

use crate::support::tui::*;
use crossterm::event::KeyCode;
use dutyboard::tui::forms::FormKind;
use insta::assert_snapshot;

#[test]
fn the_board_at_80x24() {
    let f = fixture();
    assert_snapshot!("board_80x24", render(&f.ctl, 80, 24).backend());
}

#[test]
fn the_board_at_160x48() {
    let mut f = fixture_with("cumbria", "default", (160, 48));
    f.ctl.resize(160, 48);
    assert_snapshot!("board_160x48", render(&f.ctl, 160, 48).backend());
}

#[test]
fn the_board_pages_down_at_80x24() {
    let mut f = fixture();
    press(&mut f.ctl, KeyCode::End);
    assert_snapshot!("board_last_page_80x24", render(&f.ctl, 80, 24).backend());
}

#[test]
fn privacy_mode_shows_initials_on_the_board() {
    let mut f = fixture();
    press(&mut f.ctl, KeyCode::Char('i'));
    let text = screen(&f.ctl, 80, 24);
    assert!(!text.contains("Alfie"), "{text}");
    assert!(text.contains("A.E."), "{text}");
    assert_snapshot!("board_privacy_80x24", text);
}

#[test]
fn a_filter_narrows_the_board_as_it_is_typed() {
    let mut f = fixture();
    press(&mut f.ctl, KeyCode::Char('/'));
    type_text(&mut f.ctl, "overdue");
    assert_snapshot!("board_filtering_80x24", render(&f.ctl, 80, 24).backend());
    press(&mut f.ctl, KeyCode::Enter);
    let text = screen(&f.ctl, 80, 24);
    assert!(text.contains("filter: overdue"), "{text}");
    assert!(
        !text.contains("DUE NOW"),
        "only overdue rows remain:\n{text}"
    );
}

#[test]
fn the_ticker_shows_one_breach_at_a_time_and_moves_on() {
    let mut f = fixture();
    let first = screen(&f.ctl, 80, 24).lines().nth(2).unwrap().to_string();
    assert!(first.contains("BREACH 1/"), "{first}");
    for _ in 0..dutyboard::tui::app::TICKER_SECONDS {
        f.ctl.tick(now());
    }
    let second = screen(&f.ctl, 80, 24).lines().nth(2).unwrap().to_string();
    assert!(second.contains("BREACH 2/"), "{second}");
    assert_ne!(first, second);
    assert_snapshot!("ticker_second_item", format!("{first}\n{second}"));
}

#[test]
fn the_detail_pane_at_80x24_and_160x48() {
    let mut f = fixture();
    select(&mut f.ctl, "E201");
    press(&mut f.ctl, KeyCode::Enter);
    assert_snapshot!("detail_80x24", render(&f.ctl, 80, 24).backend());
    f.ctl.resize(160, 48);
    assert_snapshot!("detail_160x48", render(&f.ctl, 160, 48).backend());
}

#[test]
fn the_detail_pane_scrolls_to_the_timeline() {
    let mut f = fixture();
    select(&mut f.ctl, "E201");
    press(&mut f.ctl, KeyCode::Enter);
    press(&mut f.ctl, KeyCode::End);
    let text = screen(&f.ctl, 80, 24);
    assert!(text.contains("TIMELINE"), "{text}");
    assert!(text.contains("Carer called known addresses"), "{text}");
    assert_snapshot!("detail_end_80x24", text);
}

#[test]
fn every_form_at_80x24() {
    // The triage forms open from the triage pane: tests/tui/triage.rs; the shift
    // form from the handover pane (S).
    for kind in (FormKind::ALL.iter()).filter(|k| !k.is_triage() && **k != FormKind::Shift) {
        let mut f = fixture();
        // A returned child for the return-home-interview forms, a missing one else.
        let episode = match kind {
            FormKind::RhiAttempt | FormKind::RhiDeclined => "E214",
            _ => "E201",
        };
        select(&mut f.ctl, episode);
        press(&mut f.ctl, KeyCode::Char(key_for(*kind)));
        assert!(f.ctl.app.form.is_some(), "{kind:?} did not open");
        let name = format!("form_{kind:?}_80x24").to_lowercase();
        assert_snapshot!(name, render(&f.ctl, 80, 24).backend());
    }
}

#[test]
fn every_form_at_160x48() {
    // The report form's large snapshot is `the_report_form_at_160x48_and_scrolled`'s.
    for kind in FormKind::ALL
        .iter()
        .filter(|k| **k != FormKind::Report && **k != FormKind::Shift && !k.is_triage())
    {
        let mut f = fixture_with("cumbria", "default", (160, 48));
        f.ctl.resize(160, 48);
        let episode = match kind {
            FormKind::RhiAttempt | FormKind::RhiDeclined => "E214",
            _ => "E201",
        };
        select(&mut f.ctl, episode);
        press(&mut f.ctl, KeyCode::Char(key_for(*kind)));
        assert!(f.ctl.app.form.is_some(), "{kind:?} did not open");
        let name = format!("form_{kind:?}_160x48").to_lowercase();
        assert_snapshot!(name, render(&f.ctl, 160, 48).backend());
    }
}

#[test]
fn the_ticker_and_help_at_160x48() {
    let mut f = fixture_with("cumbria", "default", (160, 48));
    f.ctl.resize(160, 48);
    let ticker = lines(&buffer(&f.ctl, 160, 48))[2].clone();
    assert_snapshot!("ticker_160x48", ticker);
    press(&mut f.ctl, KeyCode::Enter);
    press(&mut f.ctl, KeyCode::Char('?'));
    assert_snapshot!("help_detail_160x48", render(&f.ctl, 160, 48).backend());
    press(&mut f.ctl, KeyCode::Esc);
    press(&mut f.ctl, KeyCode::Char('u'));
    press(&mut f.ctl, KeyCode::F(1));
    assert_snapshot!("help_form_160x48", render(&f.ctl, 160, 48).backend());
}

#[test]
fn the_report_form_at_160x48_and_scrolled() {
    let mut f = fixture_with("cumbria", "default", (160, 48));
    press(&mut f.ctl, KeyCode::Char('m'));
    assert_snapshot!("form_report_160x48", render(&f.ctl, 160, 48).backend());
    for _ in 0..20 {
        press(&mut f.ctl, KeyCode::Tab);
    }
    assert_snapshot!(
        "form_report_scrolled_80x24",
        render(&f.ctl, 80, 24).backend()
    );
}

#[test]
fn refusals_show_in_place_beside_the_field() {
    let mut f = fixture();
    select(&mut f.ctl, "E201");
    press(&mut f.ctl, KeyCode::Char('w'));
    ctrl(&mut f.ctl, 's');
    let text = screen(&f.ctl, 80, 24);
    assert!(text.contains("! is required"), "{text}");
    assert_snapshot!("form_waive_refused_80x24", text);
}

#[test]
fn help_for_the_board_the_detail_pane_and_forms() {
    let mut f = fixture();
    press(&mut f.ctl, KeyCode::Char('?'));
    assert_snapshot!("help_board_80x24", render(&f.ctl, 80, 24).backend());
    assert_snapshot!("help_board_160x48", render(&f.ctl, 160, 48).backend());
    press(&mut f.ctl, KeyCode::Esc);
    assert!(!f.ctl.app.help);
    press(&mut f.ctl, KeyCode::Enter);
    press(&mut f.ctl, KeyCode::Char('?'));
    assert_snapshot!("help_detail_80x24", render(&f.ctl, 80, 24).backend());
    press(&mut f.ctl, KeyCode::Esc);
    press(&mut f.ctl, KeyCode::Char('u'));
    press(&mut f.ctl, KeyCode::F(1));
    assert_snapshot!("help_form_80x24", render(&f.ctl, 80, 24).backend());
}

#[test]
fn a_small_terminal_says_so_plainly() {
    let f = fixture();
    let text = screen(&f.ctl, 60, 20);
    assert!(text.contains("Terminal too small"), "{text}");
    assert!(text.contains("60x20"), "{text}");
    assert_snapshot!("too_small_60x20", render(&f.ctl, 60, 20).backend());
    // One column short is still too small; 80x24 is enough.
    assert!(screen(&f.ctl, 79, 24).contains("Terminal too small"));
    assert!(!screen(&f.ctl, 80, 24).contains("Terminal too small"));
}

#[test]
fn the_board_lists_sections_and_most_urgent_first() {
    let f = fixture();
    let text = screen(&f.ctl, 160, 48);
    let missing = text.find("MISSING (").unwrap();
    let away = text.find("AWAY - WHEREABOUTS KNOWN").unwrap();
    let returned = text.find("RETURNED - ACTIONS OPEN").unwrap();
    assert!(missing < away && away < returned, "{text}");
    // Overdue rows come before due-now rows, which come before rows with time left.
    let overdue = text.find("OVERDUE").unwrap();
    let due_now = text.find("DUE NOW").unwrap();
    assert!(overdue < due_now, "{text}");
    // The risk is a word, never a colour alone.
    for label in ["HIGH", "MED", "NAR"] {
        assert!(text.contains(label), "{label} missing:\n{text}");
    }
}

/// Issue 13 / reliability review: the "terminal too small" screen hides the board, so
/// a key pressed there acts on nothing the operator can see. It takes `q` and a
/// resize, nothing else ("Enlarge the window, or press q to quit").
#[test]
fn the_too_small_screen_takes_no_key_but_q() {
    let mut f = fixture_with("cumbria", "default", (60, 20));
    f.ctl.resize(60, 20);
    for c in ['u', 'a', 'r', '?', '/', 'j'] {
        press(&mut f.ctl, KeyCode::Char(c));
    }
    press(&mut f.ctl, KeyCode::Enter);
    assert!(
        f.ctl.app.form.is_none(),
        "no form opened behind the message"
    );
    assert!(!f.ctl.app.help, "no help opened behind the message");
    assert!(!f.ctl.app.quit);
    // Enlarged, the board is as it was: the keys did nothing.
    f.ctl.resize(80, 24);
    let after = screen(&f.ctl, 80, 24);
    assert_eq!(after, screen(&fixture().ctl, 80, 24));
    f.ctl.resize(60, 20);
    press(&mut f.ctl, KeyCode::Char('q'));
    assert!(f.ctl.app.quit, "q still quits from the too-small screen");
    // Ctrl+C quits everywhere else on the board; a small window must not trap the officer.
    let mut g = fixture();
    g.ctl.resize(60, 20);
    ctrl(&mut g.ctl, 'c');
    assert!(g.ctl.app.quit, "Ctrl+C quits from the too-small screen");
}
