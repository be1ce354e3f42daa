//! The board's list: the filter typed at the foot of the screen (`/`) and the sort
//! (`s`, `S`). They work from the detail pane too; the rows they leave are the ones
//! the board shows and the detail pane steps through.

use super::Handled;
use crate::tui::action::Action;
use crate::tui::app::{App, Filter, Screen};
use crate::tui::bindings::*;
use crossterm::event::KeyCode::{self, Enter, Esc, Up, F};
use ratatui::style::Style;
use ratatui_textarea::TextArea;

/// While the filter is being typed.
pub static KEYS: Table = Table {
    title: " Keys: the filter ",
    rows: &[
        &Row {
            label: "type",
            help: "words: name, ref, action...; risk: st: cat: auth: owner:me",
            binds: &[],
        },
        &Row {
            label: "Up/Down",
            help: "move the selection",
            binds: &[
                bind(plain(Up), Action::Up),
                bind(plain(KeyCode::Down), Action::Down),
            ],
        },
        &line(
            &[bind(plain(Enter), Action::FilterApply)],
            "keep the filter",
        ),
        &line(
            &[bind(plain(Esc), Action::FilterCancel)],
            "clear the filter",
        ),
        &CTRL_C,
        &line(&[bind(plain(F(1)), Action::ToggleHelp)], ""),
    ],
    hints: &[
        (&[Action::FilterApply], "keep"),
        (&[Action::FilterCancel], "clear"),
        (&[Action::Up, Action::Down], "move"),
    ],
    otherwise: Otherwise::Filter,
    legend: false,
};

/// The "mine" filter (`I`): the episodes the operator owns.
pub const MINE: &str = "owner:me";

/// Typing the filter, keeping or clearing it, and the sort.
pub fn update(app: &mut App, action: &Action) -> Handled {
    match action {
        Action::StartFilter => {
            app.screen = Screen::Board;
            let text = app.filter_text();
            let mut input = TextArea::new(vec![text]);
            input.move_cursor(ratatui_textarea::CursorMove::End);
            input.set_cursor_line_style(Style::default());
            app.filter = Some(Filter {
                input,
                editing: true,
            });
        }
        // Up and Down move the selection while filtering (the filter's bindings).
        Action::FilterKey(key) => {
            if let Some(f) = app.filter.as_mut() {
                f.input.input(*key);
                app.refresh_visible();
            }
        }
        Action::FilterApply => {
            if let Some(f) = app.filter.as_mut() {
                f.editing = false;
                if f.text().is_empty() {
                    app.filter = None;
                }
            }
            app.refresh_visible();
        }
        Action::FilterCancel => {
            app.filter = None;
            app.refresh_visible();
        }
        Action::NextMatch(forward) => next_match(app, *forward),
        // `I`: only the children the operator owns (the filter `owner:me`), or all again.
        Action::ToggleMine => {
            if app.filter_text() == MINE {
                app.filter = None;
                app.say("Showing every child", false);
            } else {
                let mut input = TextArea::new(vec![MINE.to_string()]);
                input.set_cursor_line_style(Style::default());
                app.filter = Some(Filter {
                    input,
                    editing: false,
                });
                app.say(
                    format!("Showing the children {} owns (I shows all)", app.operator),
                    false,
                );
            }
            app.refresh_visible();
        }
        Action::CycleSort => {
            app.sort = app.sort.next();
            app.refresh_visible();
        }
        Action::ReverseSort => {
            app.sort_reverse = !app.sort_reverse;
            app.refresh_visible();
        }
        _ => return Handled::Pass,
    }
    Handled::Done
}

/// `n` / `N`: the selection goes to the next (or previous) row the filter matches,
/// round again at the end, and the hint bar says which match it is.
fn next_match(app: &mut App, forward: bool) {
    let n = app.visible.len();
    if app.filter_text().is_empty() {
        app.say(
            "No filter: / filters the board, then n and N go from match to match",
            true,
        );
        return;
    }
    if n == 0 {
        app.say("Nothing matches the filter (Esc clears it)", true);
        return;
    }
    let i = if forward {
        (app.selected_index + 1) % n
    } else {
        (app.selected_index + n - 1) % n
    };
    app.select_index(i);
    let name = app
        .selected
        .as_deref()
        .and_then(|e| app.row(e))
        .map(|r| app.shown_name(r))
        .unwrap_or_default();
    app.say(format!("Match {} of {n}: {name}", i + 1), false);
}
