//! The header: policy, operator, local date and time, and the counts.

use super::split_line;
use crate::calendar::local;
use crate::tui::app::App;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.styles();
    let now = local(app.snapshot.now);
    let line1 = split_line(
        vec![
            Span::styled(" DUTYBOARD", s.header),
            Span::styled(format!("  policy: {}", app.policy.name), s.header),
            Span::styled(
                if app.operator.is_empty() {
                    "  NOT SIGNED IN".to_string()
                } else {
                    format!("  operator: {}", app.operator)
                },
                s.header,
            ),
        ],
        vec![Span::styled(
            format!("{} ", now.format("%a %d %b %Y %H:%M %Z")),
            s.header,
        )],
        area.width,
        s.header,
    );
    let c = app.snapshot.board.counts;
    let breached = if c.breached > 0 {
        s.header_alert
    } else {
        s.header
    };
    let mut right = Vec::new();
    let filter = app.filter_text();
    if !filter.is_empty() {
        right.push(Span::styled(format!("filter: {filter} "), s.header));
    }
    right.push(Span::styled(
        format!(
            " sort: {}{}",
            app.sort.label(),
            if app.sort_reverse { " (rev)" } else { "" }
        ),
        s.header,
    ));
    if app.privacy {
        right.push(Span::styled("  PRIVACY", s.header));
    }
    right.push(Span::styled(" ", s.header));
    let left = vec![
        Span::styled(format!(" MISSING {}", c.missing), s.header),
        Span::styled(format!("  HIGH RISK {}", c.high_risk), s.header),
        Span::styled("  ", s.header),
        Span::styled(format!("BREACHED {}", c.breached), breached),
        Span::styled(format!("  away {}", c.away), s.header),
        Span::styled(format!("  returned {}", c.returned_open), s.header),
        // Police notifications waiting for the MASH (T opens them); in capitals
        // when there is something to do.
        Span::styled(
            match app.snapshot.triage.len() {
                0 => "  triage 0".to_string(),
                n => format!("  TRIAGE {n}"),
            },
            s.header,
        ),
    ];
    let line2 = split_line(left.clone(), right, area.width, s.header);
    // When the right part does not fit, keep the counts and the filter if any.
    let line2 = if line2.spans.len() == left.len() && !filter.is_empty() {
        split_line(
            left,
            vec![Span::styled(format!("filter: {filter} "), s.header)],
            area.width,
            s.header,
        )
    } else {
        line2
    };
    f.render_widget(
        Paragraph::new(vec![line1, Line::from(line2.spans).style(s.header)]).style(s.header),
        area,
    );
}
