//! The ticker: one breached deadline at a time (initials, action, overdue by),
//! moving on every few seconds. Never a character-by-character marquee.

use crate::calendar::local;
use crate::calendar::time::elapsed;
use crate::tui::app::App;
use crate::tui::widgets::{fit, split_line};
use crate::views::escalation::ticker_order;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The ticker's text for item `index` (also used by tests).
pub fn text(app: &App) -> (String, String) {
    // New unacknowledged breaches first, the acknowledged after (issue 17).
    let items = ticker_order(&app.snapshot.board.ticker);
    if items.is_empty() {
        return (" No breached deadlines".to_string(), String::new());
    }
    let i = app.ticker_index % items.len();
    let t = items[i];
    let escalated = crate::tui::owned::escalated(&app.snapshot.board, app.snapshot.now)
        .iter()
        .any(|e| e.episode == t.episode && e.rule == t.rule && e.due_at == t.due_at);
    let until = t
        .acknowledged_until
        .map(|u| format!(" until {}", local(u).format("%H:%M")))
        .unwrap_or_default();
    // An acknowledged breach is marked (and says who), never shown by colour alone.
    let (mark, ack) = match (&t.acknowledged_by, t.acknowledged_at) {
        (Some(by), Some(at)) => (
            "✓ ack'd",
            format!("  ack by {by} {}{until}", local(at).format("%H:%M")),
        ),
        (Some(by), None) => ("✓ ack'd", format!("  ack by {by}{until}")),
        _ if escalated => ("! ESCALATED", String::new()),
        _ => ("! BREACH", String::new()),
    };
    (
        format!(
            " {mark} {}/{}  {}  OVERDUE {}  {}{ack}",
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
