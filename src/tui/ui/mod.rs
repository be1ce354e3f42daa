//! Drawing: one file per pane or popup. Every draw function takes the app by shared
//! reference and a frame, and changes nothing but the frame.

pub mod board;
pub mod detail;
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

use super::app::{App, Screen};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The smallest terminal the board is laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Draws the whole screen.
pub fn draw(f: &mut Frame, app: &App) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small::draw(f, app, area);
        return;
    }
    let s = app.styles();
    f.render_widget(Block::default().style(s.base), area);
    let errors = !app.snapshot.board.errors.is_empty();
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
    if errors {
        let e = &app.snapshot.board.errors;
        let text = format!(
            " ! {} action(s) could not be computed: {}",
            e.len(),
            e.first().map(String::as_str).unwrap_or("")
        );
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

/// `text` cut to `width` columns, with `~` where it was cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > width - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('~');
    out
}

/// `text` cut or padded to exactly `width` columns.
pub fn pad(text: &str, width: usize) -> String {
    let mut s = fit(text, width);
    let w = s.width();
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    s
}

/// `text` right-aligned in `width` columns.
pub fn pad_left(text: &str, width: usize) -> String {
    let s = fit(text, width);
    let w = s.width();
    let mut out: String = std::iter::repeat_n(' ', width.saturating_sub(w)).collect();
    out.push_str(&s);
    out
}

/// Word-wraps `text` to `width` columns (a long word is cut).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let word = fit(word, width);
            if line.is_empty() {
                line = word;
            } else if line.width() + 1 + word.width() <= width {
                line.push(' ');
                line.push_str(&word);
            } else {
                lines.push(std::mem::take(&mut line));
                line = word;
            }
        }
        lines.push(line);
    }
    lines
}

/// A bordered pane titled `title` (cut to fit `width`), in the theme's styles.
pub fn bordered(title: &str, s: &crate::tui::theme::Styles, width: u16) -> Block<'static> {
    Block::default()
        .borders(ratatui::widgets::Borders::ALL)
        .border_style(s.border)
        .title(Span::styled(
            fit(title, width.saturating_sub(2) as usize),
            s.title,
        ))
        .style(s.base)
}

/// A rectangle of at most `w` x `h` centred in `area`.
pub fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A line with `left` and `right` parts, `right` flush with the edge when there is
/// room for it.
pub fn split_line<'a>(
    left: Vec<Span<'a>>,
    right: Vec<Span<'a>>,
    width: u16,
    style: Style,
) -> Line<'a> {
    let lw: usize = left.iter().map(Span::width).sum();
    let rw: usize = right.iter().map(Span::width).sum();
    let mut spans = left;
    if lw + rw <= width as usize {
        spans.push(Span::styled(" ".repeat(width as usize - lw - rw), style));
        spans.extend(right);
    }
    Line::from(spans).style(style)
}

/// The style of a risk label.
pub fn risk_style(app: &App, risk: crate::record::vocab::Risk) -> Style {
    use crate::record::vocab::Risk;
    let s = app.styles();
    match risk {
        Risk::High => s.risk_high,
        Risk::Medium => s.risk_medium,
        Risk::Low => s.risk_low,
        Risk::NoApparentRisk => s.risk_nar,
    }
}

/// The style of a countdown in a given state.
pub fn state_style(app: &App, state: crate::procedures::InstanceState) -> Style {
    use crate::procedures::InstanceState;
    let s = app.styles();
    match state {
        InstanceState::Overdue => s.overdue_label,
        InstanceState::DueNow => s.due_now,
        InstanceState::Due => s.due,
        InstanceState::Upcoming => s.upcoming,
        _ => s.dim,
    }
}
