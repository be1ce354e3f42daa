//! The ticker: one breached deadline at a time (initials, action, overdue by),
//! moving on every few seconds. Never a character-by-character marquee.

use crate::calendar::local;
use crate::calendar::time::elapsed;
use crate::tui::app::App;
use crate::tui::widgets::{fit, split_line};
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The ticker's text for item `index` (also used by tests).
pub fn text(app: &App) -> (String, String) {
    let items = &app.snapshot.board.ticker;
    if items.is_empty() {
        return (" No breached deadlines".to_string(), String::new());
    }
    let i = app.ticker_index % items.len();
    let t = &items[i];
    let ack = match (&t.acknowledged_by, t.acknowledged_at) {
        (Some(by), Some(at)) => format!("  ack by {by} {}", local(at).format("%H:%M")),
        (Some(by), None) => format!("  ack by {by}"),
        _ => String::new(),
    };
    (
        format!(
            " ! BREACH {}/{}  {}  OVERDUE {}  {}{ack}",
            i + 1,
            items.len(),
            t.initials,
            elapsed(t.overdue_s),
            t.title,
        ),
        format!(" {} ", t.episode),
    )
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.styles();
    let style = if app.snapshot.board.ticker.is_empty() {
        s.ticker_calm
    } else {
        s.ticker
    };
    let (left, right) = text(app);
    let left = fit(&left, (area.width as usize).saturating_sub(right.len()));
    let line = split_line(
        vec![Span::styled(left, style)],
        vec![Span::styled(right, style)],
        area.width,
        style,
    );
    f.render_widget(Paragraph::new(line).style(style), area);
}
