//! The whole screen: the header, the ticker, the pane in front, the hint bar, and
//! what opens over them. Each part draws from its file in [`super::panes`]; every
//! draw function takes the app by shared reference and changes nothing but the frame.

use super::app::App;
use super::panes::{form, header, help, hints, sign_in, too_small};
use super::widgets::fit;
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

// Callers that draw one part alone know them by these paths.
pub use super::panes::{handover, ticker};

/// Draws the whole screen.
pub fn draw(f: &mut Frame, app: &App) {
    let area = f.area();
    if !too_small::fits(area.width, area.height) {
        too_small::draw(f, app, area);
        return;
    }
    let s = app.styles();
    f.render_widget(Block::default().style(s.base), area);
    let errors =
        !app.snapshot.board.errors.is_empty() || !app.snapshot.board.not_applied.is_empty();
    let [header_area, ticker_area, body, errors_area, hints_area] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(u16::from(errors)),
        Constraint::Length(1),
    ])
    .areas(area);
    header::draw(f, app, header_area);
    if let Some(first) = app.sign_in.as_ref().filter(|s| s.first) {
        // Nobody is signed in yet: no child's name or breach on screen until someone is.
        hints::draw(f, app, hints_area);
        sign_in::draw(f, app, first, area);
        return;
    }
    ticker::draw(f, app, ticker_area);
    super::panes::draw(f, app, body);
    if errors {
        let board = &app.snapshot.board;
        let (e, n) = (&board.errors, &board.not_applied);
        // A record the fold cannot wholly apply comes first: something recorded is
        // not on the board, and voiding the event named repairs it.
        let text = match n.first() {
            Some(first) => format!(
                " ! {} {first}: void it to repair the record",
                if n.len() > 1 {
                    format!("{} stored events not applied;", n.len())
                } else {
                    String::new()
                },
            ),
            None => format!(
                " ! {} action(s) could not be computed: {}",
                e.len(),
                e.first().map(String::as_str).unwrap_or("")
            ),
        };
        f.render_widget(
            Paragraph::new(fit(&text, errors_area.width as usize)).style(s.error),
            errors_area,
        );
    }
    hints::draw(f, app, hints_area);
    if let Some(form) = &app.form {
        form::draw(f, app, form, area);
    }
    if app.help {
        help::draw(f, app, area);
    }
    if let Some(s) = &app.sign_in {
        sign_in::draw(f, app, s, area);
    }
}
