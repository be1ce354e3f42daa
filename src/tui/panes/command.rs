//! The `:` command line at the foot of the screen: typing, Tab completing, Enter
//! carrying it out (`crate::tui::command` reads it), Esc leaving it.

use crate::tui::action::{Action, Effect};
use crate::tui::app::{App, Screen};
use crate::tui::bindings::*;
use crate::tui::command::{self, Command, CommandLine, REPORTS};
use crate::tui::theme::{self, Theme};
use crate::tui::widgets::fit;
use crossterm::event::KeyCode::{Enter, Esc, Tab, F};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use ratatui_textarea::TextArea;

pub static KEYS: Table = Table {
    title: " Keys: the command line (:) ",
    rows: &[
        &Row {
            label: "type",
            help: ":child C12  :report daily  :export  :theme NAME  :policy  :q",
            binds: &[],
        },
        &line(&[bind(plain(Tab), Action::CommandComplete)], "complete"),
        &line(&[bind(plain(Enter), Action::CommandRun)], "run it"),
        &line(&[bind(plain(Esc), Action::CommandCancel)], "leave it"),
        &CTRL_C,
        &line(&[bind(plain(F(1)), Action::ToggleHelp)], ""),
    ],
    hints: &[
        (&[Action::CommandComplete], "complete"),
        (&[Action::CommandRun], "run"),
        (&[Action::CommandCancel], "leave"),
    ],
    otherwise: Otherwise::Command,
    legend: false,
};

pub fn update(app: &mut App, action: &Action) -> Option<Effect> {
    match action {
        Action::StartCommand => {
            let mut input = TextArea::default();
            input.set_cursor_line_style(Style::default());
            app.command = Some(CommandLine {
                input,
                offered: Vec::new(),
            });
        }
        Action::CommandKey(key) => {
            if let Some(c) = app.command.as_mut() {
                c.input.input(*key);
                c.offered.clear();
            }
        }
        Action::CommandComplete => {
            let choices = |word: &str| choices(app, word);
            let line = app.command.as_ref().map(CommandLine::text)?;
            let (done, offered) = command::complete(&line, &choices);
            if let Some(c) = app.command.as_mut() {
                let mut input = TextArea::new(vec![done]);
                input.move_cursor(ratatui_textarea::CursorMove::End);
                input.set_cursor_line_style(Style::default());
                c.input = input;
                c.offered = if offered.len() > 1 {
                    offered
                } else {
                    Vec::new()
                };
            }
        }
        Action::CommandCancel => app.command = None,
        Action::CommandRun => {
            let line = app.command.take().map(|c| c.text()).unwrap_or_default();
            return match command::parse(&line) {
                Ok(cmd) => run(app, cmd),
                Err(e) => {
                    app.say(e, true);
                    None
                }
            };
        }
        _ => {}
    }
    None
}

/// What Tab offers after `word`: the children on the board, the reports, the themes.
fn choices(app: &App, word: &str) -> Vec<String> {
    match word {
        "child" | "c" => {
            let mut refs: Vec<String> = app
                .snapshot
                .board
                .rows
                .iter()
                .map(|r| r.child.clone())
                .collect();
            refs.sort();
            refs.dedup();
            refs
        }
        "report" | "r" => REPORTS.iter().map(|r| r.to_string()).collect(),
        "theme" => theme::available(app.theme_dir.as_deref()),
        _ => Vec::new(),
    }
}

fn run(app: &mut App, cmd: Command) -> Option<Effect> {
    match cmd {
        Command::Child(wanted) => {
            let found = app
                .snapshot
                .board
                .rows
                .iter()
                .find(|r| {
                    r.child.eq_ignore_ascii_case(&wanted) || r.episode.eq_ignore_ascii_case(&wanted)
                })
                .map(|r| r.episode.clone());
            let Some(episode) = found else {
                app.say(format!("No child {wanted} is on the board"), true);
                return None;
            };
            if !app.visible.contains(&episode) {
                // Hidden by the filter or folded in the backlog: shown, then selected.
                app.filter = None;
                app.backlog_open = true;
            }
            app.selected = Some(episode);
            app.refresh_visible();
            app.screen = Screen::Detail { scroll: 0 };
            None
        }
        Command::Report(which) => match which.as_str() {
            "handover" => Some(Effect::Handover),
            "stats" => Some(Effect::Stats),
            _ => {
                app.say(
                    "The daily report is printed, not shown: dutyboard report daily [--format markdown|json]",
                    false,
                );
                None
            }
        },
        Command::Export => {
            app.say(
                "The SSDA903 return: dutyboard export ssda903 --year YYYY (the year the collection ends)",
                false,
            );
            None
        }
        Command::Theme(name) => {
            match Theme::resolve(Some(&name), false, app.theme_dir.as_deref()) {
                Ok(t) => {
                    app.theme = t;
                    app.say(format!("Theme: {name}"), false);
                }
                Err(e) => app.say(e, true),
            }
            None
        }
        Command::Policy => {
            let text = match app.snapshot.board.by_authority.len() {
                0 => format!("Policy: {} (dutyboard policy show prints it)", app.policy.name),
                n => format!(
                    "{n} authorities, each under its own procedure (the detail pane names it; dutyboard policy show prints one)"
                ),
            };
            app.say(text, false);
            None
        }
        Command::Quit => {
            app.quit = true;
            None
        }
    }
}

/// The command line in the hint bar, with what Tab offered after it.
pub fn draw(f: &mut Frame, app: &App, c: &CommandLine, area: Rect) {
    let s = app.styles();
    f.render_widget(
        Paragraph::new(" :").style(s.focus),
        Rect { width: 2, ..area },
    );
    let typed = c.text();
    let w = (typed.chars().count() as u16 + 1).min(area.width.saturating_sub(3));
    let mut input = c.input.clone();
    input.set_style(s.input);
    f.render_widget(
        &input,
        Rect {
            x: area.x + 2,
            width: w.max(1),
            ..area
        },
    );
    let rest = area.width.saturating_sub(w + 4);
    let tail = if c.offered.is_empty() {
        "  Tab completes, Enter runs, Esc leaves".to_string()
    } else {
        format!("  {}", c.offered.join(" "))
    };
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(fit(&tail, rest as usize), s.dim))),
        Rect {
            x: area.x + 3 + w,
            width: rest,
            ..area
        },
    );
}
