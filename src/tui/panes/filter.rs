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
            help: "filter: name, ref, status, risk, action; auth:NAME",
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
