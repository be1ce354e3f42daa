//! The statistics pane (`G`): episodes reported per week for the last 12 weeks as a
//! bar chart, deadlines breached by rule, and the return home interview rate. The
//! figures are built by the controller when the pane opens
//! ([`crate::views::stats::overview`], from every instance); this file
//! only draws them. Every figure is printed as a number, so the pane reads the same
//! in a mono theme; a rule overdue now is marked `!` as well as coloured. No child is
//! named here, so privacy mode has nothing to hide.

use crate::tui::action::{Action, Effect};
use crate::tui::app::App;
use crate::tui::bindings as keys;
use crate::tui::theme::{Styles, Theme};
use crate::tui::widgets::{bordered, fit};
use crate::views::stats::{Overview, RuleBreaches};
use crossterm::event::KeyCode::{Backspace, Enter, Esc};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Cell, Gauge, Paragraph, Row, Table};
use ratatui::Frame;

/// Width of the return home interview box.
const RHI_WIDTH: u16 = 28;

pub static KEYS: keys::Table = keys::Table {
    title: " Keys: statistics ",
    rows: &[
        &keys::Row {
            label: "Esc G",
            help: "back to the board",
            binds: &[
                keys::bind(keys::plain(Esc), Action::Back),
                keys::bind(keys::plain(Backspace), Action::Back),
                keys::bind(keys::plain(Enter), Action::Back),
                keys::bind(keys::ch('G'), Action::Back),
            ],
        },
        &keys::HELP,
        &keys::QUIT,
        &keys::CTRL_C,
    ],
    hints: &[
        (&[Action::Back], "board"),
        (&[Action::ToggleHelp], "help"),
        (&[Action::Quit], "quit"),
    ],
    otherwise: keys::Otherwise::Nothing,
    legend: false,
};

/// The controller builds the figures from every instance, then opens the pane.
pub fn open(app: &mut App) -> Option<Effect> {
    app.help = false;
    Some(Effect::Stats)
}

pub fn draw(frame: &mut Frame, area: Rect, o: &Overview, theme: &Theme) {
    let s = &theme.styles;
    let last = crate::calendar::local_date(o.at);
    let first = o.weeks.first().map_or(last, |w| w.0);
    let title = format!(
        " Statistics: {} weeks, Mon {} to {} ({}) ",
        o.weeks.len(),
        first.format("%d/%m/%Y"),
        last.format("%a %d/%m/%Y"),
        crate::calendar::local(o.at).format("%Z")
    );
    let block = bordered(&title, s, area.width);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width < 20 || inner.height < 6 {
        return;
    }
    let bottom = (o.breaches.len().max(1) as u16 + 3).clamp(7, inner.height / 2);
    let [summary, chart, lower] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(bottom),
    ])
    .areas(inner);
    let total: usize = o.weeks.iter().map(|w| w.1).sum();
    let text =
        format!(" Episodes reported per week (Mon-Sun, London), this week last: {total} in all");
    frame.render_widget(
        Paragraph::new(fit(&text, summary.width as usize)).style(s.section),
        summary,
    );
    weeks_chart(frame, chart, o, s);
    let rhi_w = RHI_WIDTH.min(lower.width / 2);
    let [left, right] =
        Layout::horizontal([Constraint::Min(20), Constraint::Length(rhi_w)]).areas(lower);
    breaches(frame, left, o, s);
    rhi(frame, right, o, s);
}

/// One bar per week, labelled with its Monday (`dd/mm`), its count printed in it.
fn weeks_chart(frame: &mut Frame, area: Rect, o: &Overview, s: &Styles) {
    let n = o.weeks.len().max(1) as u16;
    let gap = 1;
    let width = ((area.width.saturating_sub(1) + gap) / n)
        .saturating_sub(gap)
        .clamp(1, 11);
    let bars: Vec<Bar> = o
        .weeks
        .iter()
        .map(|(monday, count)| {
            Bar::default()
                .value(*count as u64)
                .label(Line::from(monday.format("%d/%m").to_string()))
                .style(s.due)
                .value_style(s.selected)
        })
        .collect();
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(width)
        .bar_gap(gap)
        .bar_style(s.due)
        .value_style(s.selected)
        .label_style(s.dim)
        .style(s.base);
    // A little room on the left, as the summary line above is indented.
    let area = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(1),
        ..area
    };
    frame.render_widget(chart, area);
}

/// The breaches, one rule a row: overdue now (marked `!`) and missed in the weeks.
fn breaches(frame: &mut Frame, area: Rect, o: &Overview, s: &Styles) {
    let title = format!(
        " Breaches by rule: {} overdue now, {} in {} weeks ",
        o.breached_now,
        o.breached_in_weeks,
        o.weeks.len()
    );
    let block = bordered(&title, s, area.width);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if o.breaches.is_empty() {
        frame.render_widget(
            Paragraph::new(" None: no deadline overdue or missed.").style(s.ok),
            inner,
        );
        return;
    }
    let room = inner.height.saturating_sub(1) as usize;
    let (shown, more) = if o.breaches.len() > room {
        (
            &o.breaches[..room.saturating_sub(1)],
            o.breaches.len() + 1 - room,
        )
    } else {
        (&o.breaches[..], 0)
    };
    let title_w = inner.width.saturating_sub(7 + 7 + 2) as usize;
    let mut rows: Vec<Row> = shown.iter().map(|b| rule_row(b, s, title_w)).collect();
    if more > 0 {
        rows.push(Row::new(vec![Cell::from(format!("... and {more} more rule(s)"))]).style(s.dim));
    }
    let header = Row::new(vec!["Rule", "Overdue", "12 wks"]).style(s.column_header);
    let table = Table::new(
        rows,
        [
            Constraint::Min(10),
            Constraint::Length(7),
            Constraint::Length(7),
        ],
    )
    .header(header)
    .column_spacing(1)
    .style(s.base);
    frame.render_widget(table, inner);
}

fn rule_row<'a>(b: &RuleBreaches, s: &Styles, title_w: usize) -> Row<'a> {
    let now = if b.now > 0 {
        Cell::from(format!("! {:>4}", b.now)).style(s.overdue_label)
    } else {
        Cell::from(format!("{:>6}", 0)).style(s.dim)
    };
    Row::new(vec![
        Cell::from(fit(&b.title, title_w)),
        now,
        Cell::from(format!("{:>6}", b.in_weeks)),
    ])
}

/// The return home interview rate: done within 72 hours of the return, of the weeks'
/// returned episodes (as `report stats` counts it), in words and as a gauge.
fn rhi(frame: &mut Frame, area: Rect, o: &Overview, s: &Styles) {
    let block = bordered(" Return home interviews ", s, area.width);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let r = &o.rhi;
    let Some(percent) = r.within_72h_percent else {
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(" No returns in these weeks,"),
                Line::from(" so no rate yet."),
            ])
            .style(s.dim),
            inner,
        );
        return;
    };
    let lines = vec![
        Line::from(" Within 72 h of the return:"),
        Line::from(Span::styled(
            format!(" {} of {} returns: {percent:.1}%", r.within_72h, r.returned),
            s.section,
        )),
        Line::from(format!(" Declined: {}", r.declined)),
    ];
    let [text, gauge] = Layout::vertical([
        Constraint::Length(lines.len() as u16),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(lines).style(s.base), text);
    let gauge = Rect {
        x: gauge.x + 1,
        width: gauge.width.saturating_sub(2),
        ..gauge
    };
    frame.render_widget(
        Gauge::default()
            .ratio((percent / 100.0).clamp(0.0, 1.0))
            .label(format!("{percent:.1}%"))
            .gauge_style(s.ok)
            .style(Style::default()),
        gauge,
    );
}
