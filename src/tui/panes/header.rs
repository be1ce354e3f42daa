//! The header: policy (or, on a record of several authorities, each one's counts),
//! operator, local date and time, and the counts.

use crate::calendar::local;
use crate::tui::app::App;
use crate::tui::widgets::split_line;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.styles();
    let now = local(app.snapshot.now);
    let operator = Span::styled(
        if app.operator.is_empty() {
            "  NOT SIGNED IN".to_string()
        } else {
            format!("  operator: {}", app.operator)
        },
        s.header,
    );
    let clock = vec![Span::styled(
        format!("{} ", now.format("%a %d %b %Y %H:%M %Z")),
        s.header,
    )];
    let by_authority = &app.snapshot.board.by_authority;
    let mut first = vec![Span::styled(" DUTYBOARD", s.header)];
    if by_authority.is_empty() {
        first.push(Span::styled(
            format!("  policy: {}", app.policy.name),
            s.header,
        ));
    } else {
        // A record of several authorities: each one's missing and breached, in the
        // record's order.
        first.push(Span::styled("  missing:", s.header));
        for (k, a) in by_authority.iter().enumerate() {
            let sep = if k == 0 { " " } else { ", " };
            first.push(Span::styled(
                format!("{sep}{} {}", a.authority, a.counts.missing),
                s.header,
            ));
            if a.counts.breached > 0 {
                first.push(Span::styled(
                    format!(" ({} BREACHED)", a.counts.breached),
                    s.header_alert,
                ));
            }
        }
        let width: usize =
            first.iter().chain(&clock).map(Span::width).sum::<usize>() + operator.width();
        if width > area.width as usize {
            // Too narrow for them all: the clock and the operator stay.
            first.truncate(1);
            first.push(Span::styled(
                format!("  {} authorities", by_authority.len()),
                s.header,
            ));
        }
    }
    first.push(operator);
    let line1 = split_line(first, clock, area.width, s.header);
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
    ];
    // Police notifications waiting for the MASH (T opens them), when there are any.
    let waiting = app.snapshot.triage.len();
    let triage = (waiting > 0).then(|| Span::styled(format!("  TRIAGE {waiting}"), s.header));
    let with_triage: Vec<Span> = left.iter().cloned().chain(triage.clone()).collect();
    let filter_only = vec![Span::styled(format!("filter: {filter} "), s.header)];
    // When not everything fits, what goes last is the sort, then the triage count
    // (the pane's own title repeats it); the counts and an active filter stay.
    let width = |spans: &[Span]| spans.iter().map(Span::width).sum::<usize>();
    let fits = |l: &[Span], r: &[Span]| width(l) + width(r) <= area.width as usize;
    let (l, r) = if fits(&with_triage, &right) {
        (with_triage, right)
    } else if filter.is_empty() {
        (with_triage, Vec::new())
    } else if fits(&with_triage, &filter_only) {
        (with_triage, filter_only)
    } else {
        (left, filter_only)
    };
    let line2 = split_line(l, r, area.width, s.header);
    f.render_widget(
        Paragraph::new(vec![line1, Line::from(line2.spans).style(s.header)]).style(s.header),
        area,
    );
}
