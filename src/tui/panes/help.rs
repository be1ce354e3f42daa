//! The `?` overlay: the keys of the pane in front, and what the board's words and
//! marks mean.

use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::bindings::*;
use crate::tui::widgets::{centred, pad};
use crossterm::event::KeyCode::F;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// While the help is open: any key closes it.
pub static KEYS: Table = Table {
    title: "",
    rows: &[&line(&[bind(plain(F(1)), Action::ToggleHelp)], ""), &CTRL_C],
    hints: &[],
    otherwise: Otherwise::CloseHelp,
    legend: false,
};

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.styles();
    let context = app.context();
    let table = super::keys(context);
    let entries = table.help();
    let popup = centred(
        area,
        area.width.saturating_sub(4).min(96),
        area.height.saturating_sub(2),
    );
    f.render_widget(Clear, popup);
    let title = table.title;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(s.border)
        .title(Span::styled(title, s.title))
        .style(s.base);
    let inner = block.inner(popup);
    let two = entries.len() > 10 && inner.width >= 70;
    let col = if two { inner.width / 2 } else { inner.width } as usize;
    let key_w = 12;
    let cell = |k: &str, v: &str| -> Vec<Span<'static>> {
        vec![
            Span::styled(format!(" {}", pad(k, key_w)), s.hints_key),
            Span::styled(pad(v, col.saturating_sub(key_w + 2)), s.base),
        ]
    };
    let mut lines: Vec<Line> = Vec::new();
    if two {
        let half = entries.len().div_ceil(2);
        for i in 0..half {
            let mut spans = cell(&entries[i].0, entries[i].1);
            if let Some((k, v)) = entries.get(i + half) {
                spans.extend(cell(k, v));
            }
            lines.push(Line::from(spans));
        }
    } else {
        for (k, v) in &entries {
            lines.push(Line::from(cell(k, v)));
        }
    }
    if table.legend {
        // The gap before the legend goes first when the keys fill the screen.
        if lines.len() + 10 <= popup.height as usize {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(vec![
            Span::raw(" "),
            Span::styled("HIGH", s.risk_high),
            Span::raw(" "),
            Span::styled("MED", s.risk_medium),
            Span::raw(" "),
            Span::styled("LOW", s.risk_low),
            Span::raw(" "),
            Span::styled("NAR", s.risk_nar),
            Span::styled(" police risk (NAR: no apparent risk)   ", s.base),
            Span::styled("!", s.violation),
            Span::styled(" policy violation", s.base),
        ]));
        lines.push(Line::from(vec![
            Span::raw(" "),
            Span::styled("OVERDUE", s.overdue_label),
            Span::styled(" past the deadline: a breach   ", s.base),
            Span::styled("DUE NOW", s.due_now),
            Span::styled(" as soon as possible", s.base),
        ]));
        for l in [
            " ST  CLA looked after, CP protection plan, CIN in need, CL care leaver,",
            "     EH early help, NO not open           BR  breaches (overdue actions)",
            " CAT MISS missing, ABS absent, UA unauthorised, CA-L/CA-M concerning",
            "     absence low/medium, ABSC absconded, ABDT abducted",
        ] {
            lines.push(Line::from(Span::styled(l, s.dim)));
        }
    }
    lines.push(Line::from(Span::styled(
        " Any key closes this help.",
        s.dim,
    )));
    let height = (lines.len() as u16 + 2).min(popup.height);
    let popup = Rect { height, ..popup };
    let popup = centred(area, popup.width, popup.height);
    let inner = block.inner(popup);
    f.render_widget(Clear, popup);
    f.render_widget(block, popup);
    f.render_widget(Paragraph::new(lines), inner);
}
