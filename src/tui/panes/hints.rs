//! The key-hint bar at the foot of the screen; the filter line while filtering;
//! confirmations and refusals for a few seconds.

use crate::tui::app::{App, Context, Pane};
use crate::tui::widgets::fit;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.styles();
    if let Some(filter) = app.filter.as_ref().filter(|f| f.editing) {
        if app.form.is_none() {
            let [label, input, help] = Layout::horizontal([
                Constraint::Length(9),
                Constraint::Min(10),
                Constraint::Length(28),
            ])
            .areas(area);
            f.render_widget(Paragraph::new(" Filter: ").style(s.focus), label);
            let mut input_area = filter.input.clone();
            input_area.set_style(s.input);
            f.render_widget(&input_area, input);
            f.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(" Enter", s.hints_key),
                    Span::styled(" keep  ", s.hints),
                    Span::styled("Esc", s.hints_key),
                    Span::styled(" clear ", s.hints),
                    Span::styled(format!("{:>3}", app.visible.len()), s.hints),
                ]))
                .style(s.hints),
                help,
            );
            return;
        }
    }
    if let Some(c) = app.command.as_ref().filter(|_| app.form.is_none()) {
        super::command::draw(f, app, c, area);
        return;
    }
    if let Some(confirm) = &app.confirm {
        super::confirm::draw(f, app, confirm, area);
        return;
    }
    if let Some(m) = &app.message {
        let style = if m.error { s.error } else { s.ok };
        f.render_widget(
            Paragraph::new(fit(&format!(" {}", m.text), area.width as usize)).style(style),
            area,
        );
        return;
    }
    let context = app.context();
    if app.sign_in.as_ref().is_some_and(|s| s.first) {
        let line = Line::from(vec![
            Span::styled(" Enter", s.hints_key),
            Span::styled(" sign in  ", s.hints),
            Span::styled("Esc", s.hints_key),
            Span::styled(" quit", s.hints),
        ]);
        f.render_widget(Paragraph::new(line).style(s.hints), area);
        return;
    }
    // The last two hints (help, quit or cancel) always show; the rest as they fit.
    let all = super::keys(context).hints();
    let (first, last) = all.split_at(all.len().saturating_sub(2));
    let width_of =
        |h: &[(String, &str)]| h.iter().map(|(k, w)| k.len() + w.len() + 3).sum::<usize>();
    let room = (area.width as usize).saturating_sub(1 + width_of(last));
    let mut spans = vec![Span::styled(" ", s.hints)];
    let mut width = 0;
    let mut shown: Vec<(&str, &str)> = Vec::new();
    for (key, what) in first {
        let w = key.len() + what.len() + 3;
        if width + w > room {
            break;
        }
        width += w;
        shown.push((key.as_str(), *what));
    }
    shown.extend(last.iter().map(|(k, w)| (k.as_str(), *w)));
    for (key, what) in shown {
        spans.push(Span::styled(key, s.hints_key));
        spans.push(Span::styled(format!(" {what}  "), s.hints));
    }
    if context == Context::Pane(Pane::Board)
        && app.visible.is_empty()
        && !app.filter_text().is_empty()
    {
        spans = vec![Span::styled(
            " No child matches the filter.  Esc clears it.",
            s.error,
        )];
    }
    f.render_widget(Paragraph::new(Line::from(spans)).style(s.hints), area);
}
