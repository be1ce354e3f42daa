//! Text and block helpers every pane draws with: cutting and padding to a width in
//! terminal columns (not bytes), wrapping, centring a popup, and the theme's styles
//! for a risk or a countdown.

use super::theme::Styles;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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
pub fn bordered(title: &str, s: &Styles, width: u16) -> Block<'static> {
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
pub fn risk_style(s: &Styles, risk: crate::record::vocab::Risk) -> Style {
    use crate::record::vocab::Risk;
    match risk {
        Risk::High => s.risk_high,
        Risk::Medium => s.risk_medium,
        Risk::Low => s.risk_low,
        Risk::NoApparentRisk => s.risk_nar,
    }
}

/// The style of a countdown in a given state.
pub fn state_style(s: &Styles, state: crate::procedures::InstanceState) -> Style {
    use crate::procedures::InstanceState;
    match state {
        InstanceState::Overdue => s.overdue_label,
        InstanceState::DueNow => s.due_now,
        InstanceState::Due => s.due,
        InstanceState::Upcoming => s.upcoming,
        _ => s.dim,
    }
}
