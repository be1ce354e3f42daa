//! Shown instead of the board when the terminal is smaller than 80x24.

use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::bindings::*;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

/// The smallest terminal the board is laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Whether a terminal of this size shows the board (rather than this screen).
pub fn fits(width: u16, height: u16) -> bool {
    width >= MIN_WIDTH && height >= MIN_HEIGHT
}

/// This screen hides the board, so a key would act on nothing the operator can see:
/// it takes `q` and Ctrl+C (quit) and nothing else (a resize is not a key).
pub static KEYS: Table = Table {
    title: " Keys: terminal too small ",
    rows: &[&QUIT, &CTRL_C],
    hints: &[(&[Action::Quit], "quit")],
    otherwise: Otherwise::Nothing,
    legend: false,
};

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.styles();
    let lines = vec![
        Line::styled("Terminal too small", s.error),
        Line::from(""),
        Line::styled(
            format!(
                "dutyboard needs {MIN_WIDTH}x{MIN_HEIGHT}; this window is {}x{}.",
                area.width, area.height
            ),
            s.base,
        ),
        Line::styled("Enlarge the window, or press q to quit.", s.base),
        Line::from(""),
        Line::styled(
            format!(
                "missing {}  breached {}",
                app.snapshot.board.counts.missing, app.snapshot.board.counts.breached
            ),
            s.base,
        ),
    ];
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let inner = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    f.render_widget(ratatui::widgets::Block::default().style(s.base), area);
    f.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .style(s.base),
        inner,
    );
}
