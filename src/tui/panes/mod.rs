//! The panes, one file each: its keys (a `Table`), its `update` (what its keys do to
//! the app) and its `draw` (which takes the app by shared reference and changes
//! nothing but the frame). The bars (header, ticker, hints) and what opens over a
//! pane (a form, the help, the sign-in) are here too, in files of their own.
//!
//! This file is the register: which table, update, draw and opening belong to which
//! pane. Adding a pane is described at `Screen` (`super::app`).

pub mod board;
pub mod command;
pub mod confirm;
pub mod detail;
pub mod filter;
pub mod form;
pub mod handover;
pub mod header;
pub mod help;
pub mod hints;
pub mod sign_in;
pub mod stats;
pub mod ticker;
pub mod too_small;
pub mod triage;
pub mod wallboard;

use super::action::{Action, Effect};
use super::app::{App, Context, Pane, Screen};
use super::bindings::{bind, ch, line, Key, Row, Table};
use super::forms::FormKind;
use crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::Frame;

/// The keys that open the panes, on the board and the detail pane (one help line,
/// so the board's help still fits 80x24).
pub const OPEN_PANES: Row = line(
    &[
        bind(ch('H'), Action::Open(Pane::Handover)),
        bind(ch('G'), Action::Open(Pane::Stats)),
        bind(ch('T'), Action::Open(Pane::Triage)),
    ],
    "handover, stats, triage",
);

/// What a pane did with an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    /// Applied: nothing more to do.
    Done,
    /// Applied, and the world must do this.
    Ask(Effect),
    /// Not this pane's: the board's list (sort, filter) and Back are tried next.
    Pass,
}

/// The keys of whatever is in front.
pub fn keys(context: Context) -> &'static Table {
    match context {
        Context::Pane(Pane::Board) => &board::KEYS,
        Context::Pane(Pane::Detail) => &detail::KEYS,
        Context::Pane(Pane::Handover) => &handover::KEYS,
        Context::Pane(Pane::Triage) => &triage::KEYS,
        Context::Pane(Pane::Stats) => &stats::KEYS,
        Context::Filter => &filter::KEYS,
        Context::Form => &form::KEYS,
        Context::SignIn => &sign_in::KEYS,
        Context::Confirm => &confirm::KEYS,
        Context::Wallboard => &wallboard::KEYS,
        Context::Command => &command::KEYS,
    }
}

/// Opens a pane: at once when the snapshot has its data, or by asking the world to
/// build it (it comes back as a `Msg`).
pub fn open(app: &mut App, pane: Pane) -> Option<Effect> {
    match pane {
        Pane::Board => {
            app.screen = Screen::Board;
            None
        }
        Pane::Detail => detail::open(app),
        Pane::Handover => Some(Effect::Handover),
        Pane::Triage => triage::open(app),
        Pane::Stats => stats::open(app),
    }
}

/// Hands an action to the pane in front. What it passes, the board's list takes
/// (sorting and filtering work from the detail pane too), and Back goes to the board.
pub fn update(app: &mut App, action: &Action) -> Option<Effect> {
    let handled = match app.screen.pane() {
        Pane::Board => board::update(app, action),
        Pane::Detail => detail::update(app, action),
        Pane::Handover => handover::update(app, action),
        Pane::Triage => triage::update(app, action),
        Pane::Stats => Handled::Pass,
    };
    let handled = match handled {
        Handled::Pass => filter::update(app, action),
        other => other,
    };
    match handled {
        Handled::Ask(effect) => Some(effect),
        Handled::Done => None,
        Handled::Pass => {
            if *action == Action::Back {
                app.screen = Screen::Board;
            }
            None
        }
    }
}

/// Draws the pane in front into `body`.
pub fn draw(f: &mut Frame, app: &App, body: Rect) {
    match &app.screen {
        Screen::Board => board::draw(f, app, body),
        Screen::Detail { scroll } => detail::draw(f, app, *scroll, body),
        Screen::Triage => triage::draw(f, app, body),
        // The pane clamps the scroll to its length as it draws.
        Screen::Handover { report, scroll } => {
            handover::draw_scrolled(f, body, report, &app.theme, *scroll)
        }
        Screen::Stats(overview) => stats::draw(f, body, overview, &app.theme),
    }
}

/// The key that opens each form, where it opens (tests press them by kind).
pub fn form_keys() -> Vec<(char, FormKind)> {
    [&board::KEYS, &triage::KEYS]
        .iter()
        .flat_map(|t| t.binds())
        .filter_map(|b| match (b.key, &b.action) {
            (Key::Plain(KeyCode::Char(c)), Action::OpenForm(kind)) => Some((c, *kind)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod authority_snapshots;
#[cfg(test)]
mod owned_snapshots;
#[cfg(test)]
mod pane_snapshots;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::bindings::Bind;
    use crossterm::event::{KeyEvent, KeyModifiers};

    const ALL: [Context; 11] = [
        Context::Pane(Pane::Board),
        Context::Pane(Pane::Detail),
        Context::Pane(Pane::Handover),
        Context::Pane(Pane::Triage),
        Context::Pane(Pane::Stats),
        Context::Filter,
        Context::Form,
        Context::SignIn,
        Context::Confirm,
        Context::Wallboard,
        Context::Command,
    ];

    #[test]
    fn every_key_the_help_names_is_bound_on_that_line() {
        for context in ALL {
            for row in keys(context).rows.iter().filter(|r| !r.binds.is_empty()) {
                let names: Vec<String> = row.binds.iter().map(|b| b.key.name()).collect();
                for token in row.keys().split(['/', ' ']).filter(|t| !t.is_empty()) {
                    assert!(
                        names.iter().any(|n| n == token),
                        "{context:?}: help names {token:?} but the line binds {names:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_hint_names_a_key_bound_on_its_pane() {
        for context in ALL {
            let t = keys(context);
            for (actions, word) in t.hints {
                for a in *actions {
                    assert!(
                        t.binds().any(|b| b.action == *a),
                        "{context:?}: hint {word:?} for {a:?}, which no key does"
                    );
                }
            }
        }
    }

    #[test]
    fn no_key_does_two_things_on_one_pane() {
        for context in ALL {
            let binds: Vec<&Bind> = keys(context).binds().collect();
            for (i, b) in binds.iter().enumerate() {
                if let Some(other) = binds[i + 1..].iter().find(|o| o.key == b.key) {
                    assert_eq!(
                        other.action, b.action,
                        "{context:?}: {:?} is bound twice",
                        b.key
                    );
                }
            }
        }
    }

    #[test]
    fn ctrl_f_pages_down_and_does_not_open_the_return_form() {
        let ctrl_f = KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL);
        assert_eq!(board::KEYS.action(ctrl_f), Action::PageDown);
        let f = KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE);
        assert_eq!(board::KEYS.action(f), Action::OpenForm(FormKind::Return));
    }

    #[test]
    fn a_form_gets_the_key_as_it_came() {
        let shift_tab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(form::KEYS.action(shift_tab), Action::FormKey(shift_tab));
        let x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(form::KEYS.action(x), Action::FormKey(x));
        let f1 = KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE);
        assert_eq!(form::KEYS.action(f1), Action::ToggleHelp);
    }

    #[test]
    fn any_key_closes_the_help_but_ctrl_c_quits() {
        let x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(help::KEYS.action(x), Action::CloseHelp);
        let c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(help::KEYS.action(c), Action::Quit);
    }
}
