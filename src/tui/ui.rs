//! The whole screen: the header, the ticker, the pane in front, the hint bar, and
//! what opens over them. Each part draws from its file in [`super::panes`]; every
//! draw function takes the app by shared reference and changes nothing but the frame.

use super::app::App;
use super::panes::{form, header, help, hints, sign_in, too_small};
use super::widgets::fit;
use ratatui::layout::{Constraint, Layout, Rect};
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
    let mut banners = banners(&app.snapshot.board);
    if let Some(escalated) = super::owned::banner(&app.snapshot.board, app.snapshot.now) {
        banners.insert(0, escalated);
    }
    if let Some(notice) = &app.record_notice {
        banners.insert(0, format!(" ! {notice}"));
    }
    let [header_area, ticker_area, body, errors_area, hints_area] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(banners.len() as u16),
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
    if app.wallboard.is_some() {
        super::panes::wallboard::draw(f, app, body);
    } else {
        super::panes::draw(f, app, body);
    }
    for (i, text) in banners.iter().enumerate() {
        let line = Rect {
            y: errors_area.y + i as u16,
            height: 1,
            ..errors_area
        };
        f.render_widget(
            Paragraph::new(fit(text, line.width as usize)).style(s.error),
            line,
        );
    }
    hints::draw(f, app, hints_area);
    if let Some(form) = &app.form {
        form::draw(f, app, form, area);
    }
    if let Some(changes) = app.confirm.as_ref().and_then(|c| c.changes.as_ref()) {
        super::panes::confirm::draw_changes(f, app, changes, area);
    }
    if app.help {
        help::draw(f, app, area);
    }
    if let Some(s) = &app.sign_in {
        sign_in::draw(f, app, s, area);
    }
}

/// The lines above the hints that say the board is not the whole truth: events dated
/// after this desk's clock, stored events the fold could not apply (voiding the one
/// named repairs it), actions the engine could not compute. Each is one line.
fn banners(board: &crate::views::board::Board) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(skew) = &board.clock_skew {
        out.push(format!(" ! {skew}"));
    }
    if let Some(first) = board.not_applied.first() {
        let more = match board.not_applied.len() {
            1 => String::new(),
            n => format!("{n} stored events not applied; "),
        };
        out.push(format!(" ! {more}{first}: void it to repair the record"));
    }
    if let Some(first) = board.errors.first() {
        out.push(format!(
            " ! {} action(s) could not be computed: {first}",
            board.errors.len()
        ));
    }
    out
}
