//! Issue 17, "Conventions": the board's filter folds accents (`zoe` finds Zoë), reads
//! field filters (`risk:high st:cla cat:miss auth:NAME owner:me`, every word must
//! match), and `n` / `N` go from match to match, round again.

use crate::support::tui::*;
use crossterm::event::KeyCode;
use dutyboard::record::vocab::{Risk, Status};
use dutyboard::tui::Controller;

fn filter(ctl: &mut Controller, text: &str) {
    press(ctl, KeyCode::Char('/'));
    // Clear what was typed before.
    for _ in 0..40 {
        press(ctl, KeyCode::Backspace);
    }
    type_text(ctl, text);
    press(ctl, KeyCode::Enter);
}

fn shown(ctl: &Controller) -> Vec<String> {
    ctl.app.visible.clone()
}

#[test]
fn accents_and_case_are_ignored_both_ways() {
    let mut f = fixture();
    let i = 0;
    f.ctl.app.snapshot.board.rows[i].name = "Zoë Élodie Brontë".into();
    let episode = f.ctl.app.snapshot.board.rows[i].episode.clone();
    f.ctl.app.refresh_visible();
    for typed in ["zoe", "ZOË", "elodie bronte", "Bronte zoë"] {
        filter(&mut f.ctl, typed);
        assert_eq!(shown(&f.ctl), vec![episode.clone()], "{typed}");
    }
}

#[test]
fn field_filters_each_narrow_the_board_and_combine() {
    let mut f = fixture();
    let rows = f.ctl.app.snapshot.board.rows.clone();
    let on_board = |e: &String| rows.iter().find(|r| &r.episode == e).unwrap();
    filter(&mut f.ctl, "risk:high");
    let high = shown(&f.ctl);
    assert!(!high.is_empty());
    assert!(high.iter().all(|e| on_board(e).risk == Risk::High));
    let all_high = rows
        .iter()
        .filter(|r| r.risk == Risk::High && r.section != dutyboard::views::board::Section::Backlog)
        .count();
    assert_eq!(high.len(), all_high, "every high-risk row is shown");
    filter(&mut f.ctl, "st:cla");
    let cla = shown(&f.ctl);
    assert!(!cla.is_empty());
    assert!(cla
        .iter()
        .all(|e| on_board(e).status == Status::LookedAfter));
    filter(&mut f.ctl, "risk:high st:cla");
    let both = shown(&f.ctl);
    assert!(both.iter().all(|e| high.contains(e) && cla.contains(e)));
    assert_eq!(
        both.len(),
        high.iter().filter(|e| cla.contains(e)).count(),
        "the words are and-ed"
    );
    filter(&mut f.ctl, "status:looked");
    assert_eq!(shown(&f.ctl), cla, "status: takes the word too");
    filter(&mut f.ctl, "cat:miss");
    assert!(shown(&f.ctl)
        .iter()
        .all(|e| on_board(e).category == dutyboard::record::vocab::Category::Missing));
    filter(&mut f.ctl, "risk:nosuch");
    assert!(shown(&f.ctl).is_empty());
}

#[test]
fn owner_me_matches_nothing_until_the_rows_carry_an_owner() {
    // The hook for issue 17's "Owned" (episode_assigned): the board's rows have no
    // owner yet, so `owner:me` shows no row rather than every row.
    let mut f = fixture();
    filter(&mut f.ctl, "owner:me");
    assert!(shown(&f.ctl).is_empty());
}

#[test]
fn n_and_shift_n_go_from_match_to_match_round_again() {
    let mut f = fixture();
    press(&mut f.ctl, KeyCode::Char('n'));
    let said = f.ctl.app.message.as_ref().unwrap().text.clone();
    assert!(said.starts_with("No filter"), "{said}");
    filter(&mut f.ctl, "risk:high");
    let matches = shown(&f.ctl);
    assert!(matches.len() >= 3, "{matches:?}");
    press(&mut f.ctl, KeyCode::Home);
    press(&mut f.ctl, KeyCode::Char('n'));
    assert_eq!(f.ctl.app.selected.as_ref(), Some(&matches[1]));
    let said = f.ctl.app.message.as_ref().unwrap().text.clone();
    assert!(
        said.starts_with(&format!("Match 2 of {}", matches.len())),
        "{said}"
    );
    press(&mut f.ctl, KeyCode::Char('N'));
    press(&mut f.ctl, KeyCode::Char('N'));
    assert_eq!(
        f.ctl.app.selected.as_ref(),
        matches.last(),
        "round to the last"
    );
    press(&mut f.ctl, KeyCode::Char('n'));
    assert_eq!(
        f.ctl.app.selected.as_ref(),
        Some(&matches[0]),
        "and round again"
    );
}

/// The help at 80x24 lists every key line of the pane in front: the board (with
/// `n`/`N` now), the detail pane, a form, and the wallboard.
#[test]
fn the_help_fits_80x24_and_lists_every_key_line() {
    use dutyboard::tui::app::{Context, Pane};
    use dutyboard::tui::panes::keys;
    let mut f = fixture();
    let check = |ctl: &Controller, context: Context| {
        assert_eq!(ctl.app.context(), context);
        let text = screen(ctl, 80, 24);
        assert!(
            text.contains("Any key closes this help."),
            "{context:?}:\n{text}"
        );
        for (k, what) in keys(context).help() {
            // A long line may be cut at its column's end: its first words show.
            let start: String = what.chars().take(18).collect();
            assert!(
                text.contains(&k) && text.contains(start.trim_end()),
                "{context:?}: {k} {what} is not in the help:\n{text}"
            );
        }
    };
    press(&mut f.ctl, KeyCode::Char('?'));
    check(&f.ctl, Context::Pane(Pane::Board));
    press(&mut f.ctl, KeyCode::Esc);
    press(&mut f.ctl, KeyCode::Enter);
    press(&mut f.ctl, KeyCode::Char('?'));
    check(&f.ctl, Context::Pane(Pane::Detail));
    press(&mut f.ctl, KeyCode::Esc);
    press(&mut f.ctl, KeyCode::Esc);
    press(&mut f.ctl, KeyCode::Char('u'));
    press(&mut f.ctl, KeyCode::F(1));
    check(&f.ctl, Context::Form);
    press(&mut f.ctl, KeyCode::Esc);
    press(&mut f.ctl, KeyCode::Esc);
    f.ctl.app.form = None;
    f.ctl.app.wallboard = Some(dutyboard::tui::wallboard::Wall::new(15));
    press(&mut f.ctl, KeyCode::Char('?'));
    check(&f.ctl, Context::Wallboard);
}
