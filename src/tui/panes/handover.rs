//! The handover pane: the shift's report on screen. What falls due in the next 12
//! hours (most urgent first), the deadlines missed in the shift, and the shift's
//! events in time order, each with who and when. Every state is a word as well as a
//! colour (`OVERDUE`, `DUE NOW`, `BREACH`, `REPORTED`...).
//!
//! The pane keeps no state of its own: the caller owns the scroll offset and may keep
//! it in range with [`max_scroll`].

use super::Handled;
use crate::calendar::time::when;
use crate::record::vocab::Risk;
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::bindings::*;
use crate::tui::forms::FormKind;
use crate::tui::theme::{Styles, Theme};
use crate::tui::widgets::{bordered, fit, pad, wrap};
use crate::views::handover::{Breach, DueItem, Entry, EntryKind, Handover};
use crate::views::wording::{
    breach_outcome, describe_entry, due_status, due_when, newlines_as_spaces, risk_label,
};
use chrono::{DateTime, Utc};
use crossterm::event::KeyCode::{Backspace, Enter, Esc};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

pub static KEYS: Table = Table {
    title: " Keys: the shift handover ",
    rows: &[
        &SCROLL,
        &SCROLL_PAGE,
        &Row {
            label: "Home/End",
            help: "top / end",
            binds: HOME_END_BINDS,
        },
        &Row {
            label: "Esc H",
            help: "back to the board",
            binds: &[
                bind(plain(Esc), Action::Back),
                bind(plain(Backspace), Action::Back),
                bind(plain(Enter), Action::Back),
                bind(ch('H'), Action::Back),
            ],
        },
        &START_SHIFT,
        &HELP,
        &QUIT,
        &CTRL_C,
    ],
    hints: &[
        (&[Action::Back], "board"),
        (&[Action::OpenForm(FormKind::Shift)], "shift"),
        (&[Action::Up, Action::Down], "scroll"),
        (&[Action::ToggleHelp], "help"),
        (&[Action::Quit], "quit"),
    ],
    otherwise: Otherwise::Nothing,
    legend: false,
};

/// Scrolling: the pane clamps the scroll to the report's length as it draws.
pub fn update(app: &mut App, action: &Action) -> Handled {
    let page = app.page() as i32;
    let by = match action {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -page,
        Action::PageDown => page,
        Action::Top => -i32::from(u16::MAX),
        Action::Bottom => i32::from(u16::MAX),
        Action::Resize(..) => 0,
        _ => return Handled::Pass,
    };
    if let Screen::Handover { scroll, .. } = &mut app.screen {
        *scroll = (i32::from(*scroll) + by).clamp(0, i32::from(u16::MAX)) as u16;
    }
    Handled::Done
}

/// Draws the handover from its first line.
pub fn draw(frame: &mut Frame, area: Rect, report: &Handover, theme: &Theme) {
    draw_scrolled(frame, area, report, theme, 0);
}

/// Draws the handover scrolled down by `scroll` lines (clamped to what there is).
pub fn draw_scrolled(frame: &mut Frame, area: Rect, report: &Handover, theme: &Theme, scroll: u16) {
    let s = &theme.styles;
    let title = format!(
        " Shift handover: {} to {} ({}) ",
        when(report.since),
        when(report.at),
        crate::calendar::local(report.at).format("%Z")
    );
    let block = bordered(&title, s, area.width);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let all = lines(report, theme, inner.width);
    let total = all.len() as u16;
    let max = total.saturating_sub(inner.height);
    let scroll = scroll.min(max);
    frame.render_widget(Paragraph::new(all).style(s.base).scroll((scroll, 0)), inner);
    if max > 0 {
        let text = if scroll < max {
            format!(
                " lines {}-{} of {} (Down/PgDn for more) ",
                scroll + 1,
                scroll + inner.height,
                total
            )
        } else {
            format!(
                " lines {}-{} of {} (end) ",
                scroll + 1,
                scroll + inner.height,
                total
            )
        };
        let text = fit(&text, area.width.saturating_sub(2) as usize);
        let w = text.width() as u16;
        frame.buffer_mut().set_stringn(
            area.x + area.width.saturating_sub(w) / 2,
            area.y + area.height - 1,
            text,
            w as usize,
            s.dim,
        );
    }
}

/// How far the pane can scroll in `area` (borders included), for the caller's key handling.
pub fn max_scroll(report: &Handover, theme: &Theme, area: Rect) -> u16 {
    let inner_w = area.width.saturating_sub(2);
    let inner_h = area.height.saturating_sub(2);
    (lines(report, theme, inner_w).len() as u16).saturating_sub(inner_h)
}

/// Width of the label column (`OVERDUE 12h 05m`, `Sun 21:15 REPORTED`).
const LABEL: usize = 19;

/// A labelled item: the label in its style, then `text` wrapped beside it, later lines
/// indented under the text.
fn item(
    label: &str,
    label_style: Style,
    text: &str,
    base: Style,
    width: u16,
) -> Vec<Line<'static>> {
    let width = width as usize;
    let label_w = LABEL.min(width / 3);
    let text_w = width.saturating_sub(label_w + 3).max(1);
    let mut out = Vec::new();
    for (n, chunk) in wrap(text, text_w).into_iter().enumerate() {
        let left = if n == 0 {
            Span::styled(format!(" {}", pad(label, label_w)), label_style)
        } else {
            Span::styled(" ".repeat(label_w + 1), base)
        };
        out.push(Line::from(vec![
            left,
            Span::styled(format!(" {chunk}"), base),
        ]));
    }
    out
}

fn heading(text: &str, s: &Styles, width: u16) -> Line<'static> {
    Line::from(Span::styled(
        format!(" {}", fit(text, (width as usize).saturating_sub(1))),
        s.section,
    ))
}

fn risk_style(s: &Styles, risk: &str) -> Style {
    match Risk::parse(risk) {
        Ok(Risk::High) => s.risk_high,
        Ok(Risk::Medium) => s.risk_medium,
        Ok(Risk::Low) => s.risk_low,
        _ => s.risk_nar,
    }
}

fn due_lines(d: &DueItem, at: DateTime<Utc>, s: &Styles, width: u16) -> Vec<Line<'static>> {
    let style = match d.state {
        "overdue" => s.overdue_label,
        "due_now" => s.due_now,
        "upcoming" => s.upcoming,
        _ => s.due,
    };
    let mut text = format!("{} - {} ({}, {})", d.title, d.name, d.child, d.episode);
    if let Some(r) = &d.risk {
        text.push_str(&format!(" risk {}", risk_label(r)));
    }
    text.push_str(&format!("; {}", due_when(d)));
    if d.escalated {
        text.push_str("; ESCALATED");
    }
    match &d.acknowledged_by {
        Some(by) => text.push_str(&format!("; ack by {by}")),
        None if d.state == "overdue" => text.push_str("; NOT acknowledged"),
        None => {}
    }
    let mut lines = item(&due_status(d, at), style, &text, s.base, width);
    // The risk grade in its colour too, where it is on the first line.
    if let (Some(r), Some(first)) = (&d.risk, lines.first_mut()) {
        let label = risk_label(r);
        let needle = format!(" risk {label}");
        let last = first.spans.pop().expect("an item line has two spans");
        let content = last.content.to_string();
        if let Some(pos) = content.find(&needle) {
            let (a, rest) = content.split_at(pos + 6);
            let (b, c) = rest.split_at(label.len());
            first.spans.push(Span::styled(a.to_string(), s.base));
            first
                .spans
                .push(Span::styled(b.to_string(), risk_style(s, r)));
            first.spans.push(Span::styled(c.to_string(), s.base));
        } else {
            first.spans.push(last);
        }
    }
    lines
}

fn breach_lines(b: &Breach, at: DateTime<Utc>, s: &Styles, width: u16) -> Vec<Line<'static>> {
    let text = format!(
        "{} - {} ({}, {}), due {}: {}",
        b.title,
        b.name,
        b.child,
        b.episode,
        when(b.due_at),
        breach_outcome(b, at, newlines_as_spaces)
    );
    let style = if b.state == "overdue" && b.acknowledged_by.is_none() {
        s.overdue_label
    } else {
        s.violation
    };
    item("BREACH", style, &text, s.base, width)
}

fn entry_lines(e: &Entry, s: &Styles, width: u16) -> Vec<Line<'static>> {
    let label = format!(
        "{} {}",
        crate::calendar::local(e.at).format("%a %H:%M"),
        e.kind.label()
    );
    let style = match e.kind {
        EntryKind::Reported => s.risk_high,
        EntryKind::Returned | EntryKind::Completed | EntryKind::Waived => s.ok,
        EntryKind::Regraded => s.due_now,
        EntryKind::Acknowledged => s.violation,
        _ => s.dim,
    };
    let subject = match &e.episode {
        Some(ep) => format!("{} ({}, {})", e.name, e.child, ep),
        None => format!("{} ({})", e.name, e.child),
    };
    let text = format!(
        "{subject}: {}. By {}.",
        describe_entry(e, newlines_as_spaces),
        e.by
    );
    item(&label, style, &text, s.base, width)
}

/// Every line of the pane at `width` columns, already wrapped.
pub fn lines(report: &Handover, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    let s = &theme.styles;
    let h = report;
    let mut out = Vec::new();
    let sum = &h.summary;
    let summary = format!(
        "Missing now {} ({} high risk). Shift: {} reported, {} returned, {} regraded, \
         {} breach(es) ({} not acknowledged), {} done, {} waived, {} update(s).",
        sum.missing_now,
        sum.high_risk_now,
        sum.reported,
        sum.returned,
        sum.regraded,
        sum.breaches,
        sum.breaches_unacknowledged,
        sum.completed,
        sum.waived,
        sum.updates
    );
    let summary = if sum.backlog > 0 {
        format!(
            "{summary} Backlog: {} returned, actions long past.",
            sum.backlog
        )
    } else {
        summary
    };
    for l in wrap(&summary, (width as usize).saturating_sub(2)) {
        out.push(Line::from(Span::styled(format!(" {l}"), s.base)));
    }
    out.push(Line::from(""));
    out.push(heading(
        &format!(
            "DUE BY {}, MOST URGENT FIRST ({})",
            when(h.due_until),
            h.due.len()
        ),
        s,
        width,
    ));
    if h.due.is_empty() {
        out.push(Line::from(Span::styled(
            " Nothing is overdue or falls due.",
            s.dim,
        )));
    }
    for d in &h.due {
        out.extend(due_lines(d, h.at, s, width));
    }
    out.push(Line::from(""));
    out.push(heading(
        &format!("DEADLINES MISSED IN THE SHIFT ({})", h.breaches.len()),
        s,
        width,
    ));
    if h.breaches.is_empty() {
        out.push(Line::from(Span::styled(" None.", s.dim)));
    }
    for b in &h.breaches {
        out.extend(breach_lines(b, h.at, s, width));
    }
    out.push(Line::from(""));
    out.push(heading(
        &format!("WHAT HAPPENED, IN TIME ORDER ({})", h.events.len()),
        s,
        width,
    ));
    if h.events.is_empty() {
        out.push(Line::from(Span::styled(
            " Nothing was recorded in the shift.",
            s.dim,
        )));
    }
    for e in &h.events {
        out.extend(entry_lines(e, s, width));
    }
    out
}
