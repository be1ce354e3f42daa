//! The board: every child currently missing, most urgent first, then the children
//! away with whereabouts known, then the returned children with actions still open.
//! Risk is a label (HIGH / MED / LOW / NAR), the countdown is words, a policy
//! violation is a `!`: colour is never the only signal.

use super::{Handled, OPEN_PANES};
use crate::calendar::local;
use crate::calendar::time::{elapsed, when};
use crate::procedures::InstanceState;
use crate::tui::action::Action;
use crate::tui::app::{App, Pane};
use crate::tui::bindings::*;
use crate::tui::forms::FormKind;
use crate::tui::widgets::{fit, pad, pad_left, risk_style, state_style};
use crate::views::board::{BoardRow, Section};
use crate::views::wording::board_countdown;
use crossterm::event::KeyCode::{Backspace, Enter, Esc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::Frame;

const SORT: Row = Row {
    label: "s / S",
    help: "sort key / reverse",
    binds: &[
        bind(ch('s'), Action::CycleSort),
        bind(ch('S'), Action::ReverseSort),
    ],
};
const FILTER: Row = Row {
    label: "/ n N :",
    help: "filter, step, commands",
    binds: &[
        bind(ch('/'), Action::StartFilter),
        bind(ch(':'), Action::StartCommand),
        bind(ch('n'), Action::NextMatch(true)),
        bind(ch('N'), Action::NextMatch(false)),
    ],
};
const BACKLOG: Row = line(
    &[bind(ch('b'), Action::ToggleBacklog)],
    "backlog: show / fold",
);

pub static KEYS: Table = Table {
    title: " Keys: the board ",
    rows: &[
        &Row {
            label: "Up/Down j/k",
            help: "move the selection",
            binds: UP_DOWN_BINDS,
        },
        &Row {
            label: "PgUp/PgDn",
            help: "a page up / down",
            binds: PAGE_BINDS,
        },
        &Row {
            label: "Home/End",
            help: "first / last child",
            binds: HOME_END_BINDS,
        },
        &line(
            &[bind(plain(Enter), Action::Open(Pane::Detail))],
            "open the detail pane",
        ),
        &FILTER,
        &SORT,
        &BACKLOG,
        &REPORT,
        &UPDATE,
        &POLICE,
        &RISK,
        &COMPLETE,
        &WAIVE,
        &RETURN,
        &ACKNOWLEDGE,
        &RHI,
        &LINK,
        &DETAILS,
        &CORRECTIONS,
        &UNDO,
        &PRIVACY,
        &THEME,
        &OPERATOR_OWNER,
        &OPEN_PANES,
        &HELP,
        &QUIT,
        &BOARD_CTRL,
        // Esc clears the filter (the `/` line says so).
        &line(
            &[
                bind(plain(Esc), Action::Back),
                bind(plain(Backspace), Action::Back),
            ],
            "",
        ),
    ],
    hints: &[
        (&[Action::Open(Pane::Detail)], "detail"),
        (&[Action::StartFilter], "filter"),
        (&[Action::OpenForm(FormKind::Report)], "missing"),
        (&[Action::OpenForm(FormKind::Update)], "update"),
        (&[Action::OpenForm(FormKind::Complete)], "done"),
        (&[Action::OpenForm(FormKind::Return)], "found"),
        (&[Action::OpenForm(FormKind::Acknowledge)], "ack"),
        (&[Action::CycleSort], "sort"),
        (&[Action::TogglePrivacy], "initials"),
        (&[Action::StartSignIn], "operator"),
        (&[Action::Open(Pane::Stats)], "stats"),
        (&[Action::ToggleHelp], "help"),
        (&[Action::Quit], "quit"),
    ],
    otherwise: Otherwise::Nothing,
    legend: true,
};

/// The board's own keys: moving the selection, and Esc clearing the filter. Sorting
/// and filtering are the list's (`filter.rs`), which works from the detail
/// pane too.
pub fn update(app: &mut App, action: &Action) -> Handled {
    match action {
        Action::Up => app.move_selection(-1),
        Action::Down => app.move_selection(1),
        Action::PageUp => app.move_selection(-app.page()),
        Action::PageDown => app.move_selection(app.page()),
        Action::Top => app.select_index(0),
        Action::Bottom => app.select_index(app.visible.len().saturating_sub(1)),
        Action::PrevChild => app.move_selection(-1),
        Action::NextChild => app.move_selection(1),
        Action::Back => {
            if app.filter.is_some() {
                app.filter = None;
                app.refresh_visible();
            }
        }
        _ => return Handled::Pass,
    }
    Handled::Done
}

/// A column: its title, width and alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Col {
    pub title: &'static str,
    pub width: u16,
    pub right: bool,
}

/// Terminals at least this wide get full labels.
pub const WIDE: u16 = 140;

const fn col(title: &'static str, width: u16) -> Col {
    Col {
        title,
        width,
        right: false,
    }
}

/// The columns for a given width: name, age, status, category, risk, missing since,
/// elapsed, next action (takes the rest), countdown, breaches.
pub fn columns(width: u16) -> [Col; 10] {
    let mut cols = if width >= WIDE {
        [
            col("NAME", 20),
            Col {
                right: true,
                ..col("AGE", 3)
            },
            col("STATUS", 11),
            col("CATEGORY", 15),
            col("RISK", 4),
            col("MISSING SINCE", 16),
            col("ELAPSED", 8),
            col("NEXT ACTION", 0),
            col("DUE", 16),
            Col {
                right: true,
                ..col("BR", 3)
            },
        ]
    } else {
        [
            col("NAME", 12),
            Col {
                right: true,
                ..col("AGE", 3)
            },
            col("ST", 3),
            col("CAT", 4),
            col("RISK", 4),
            col("SINCE", 9),
            col("ELAPSED", 7),
            col("NEXT ACTION", 0),
            col("DUE", 14),
            Col {
                right: true,
                ..col("BR", 2)
            },
        ]
    };
    let fixed: u16 = cols.iter().map(|c| c.width).sum::<u16>() + cols.len() as u16 - 1 + 1;
    cols[7].width = width.saturating_sub(fixed).max(6);
    cols
}

/// The columns for a given width with, on a record of several authorities
/// (`auth`), an AUTH column after the name: the authority whose procedure the
/// episode follows. The next action gives up the room it takes.
pub fn layout(width: u16, auth: bool) -> ([Col; 10], Option<Col>) {
    let mut cols = columns(width);
    if !auth {
        return (cols, None);
    }
    let a = if width >= WIDE {
        col("AUTH", 12)
    } else {
        // At 80 columns the name gives up two and the authority is cut to five (the
        // line under the board names it in full).
        cols[0].width -= 2;
        cols[7].width += 2;
        col("AUTH", 5)
    };
    cols[7].width = cols[7].width.saturating_sub(a.width + 1).max(6);
    (cols, Some(a))
}

pub use crate::tui::filtering::{category_short, status_short};

/// One line of the board's list.
#[derive(Debug, Clone, Copy)]
pub enum BoardLine<'a> {
    Section(Section, usize),
    Row(&'a BoardRow),
    Blank,
}

/// The list as lines: section titles, rows, a blank line between sections.
pub fn lines<'a>(app: &'a App) -> Vec<BoardLine<'a>> {
    let rows = app.visible_rows();
    let mut out = Vec::new();
    for section in [Section::Missing, Section::Away, Section::Returned] {
        let in_section: Vec<&BoardRow> = rows
            .iter()
            .copied()
            .filter(|r| r.section == section)
            .collect();
        if in_section.is_empty() && section != Section::Missing {
            continue;
        }
        if !out.is_empty() {
            out.push(BoardLine::Blank);
        }
        out.push(BoardLine::Section(section, in_section.len()));
        out.extend(in_section.into_iter().map(BoardLine::Row));
    }
    // The backlog: its count always, its rows only when opened (`b`).
    let backlog = app.snapshot.board.counts.backlog as usize;
    if backlog > 0 {
        out.push(BoardLine::Blank);
        out.push(BoardLine::Section(Section::Backlog, backlog));
        out.extend(
            rows.iter()
                .copied()
                .filter(|r| r.section == Section::Backlog)
                .map(BoardLine::Row),
        );
    }
    out
}

/// The countdown beside the next action, as the row shows it.
pub fn row_countdown(row: &BoardRow, now: chrono::DateTime<chrono::Utc>) -> String {
    match (row.next_state, row.next_opens_at, row.next_due_at) {
        (Some(s), Some(o), Some(d)) => board_countdown(s, o, d, now),
        _ => "-".into(),
    }
}

/// A countdown that fits `width`: `OVERDUE 23d 04h` becomes `OVERDUE 23d`.
pub fn compact(countdown: &str, width: usize) -> String {
    if countdown.len() <= width {
        return countdown.to_string();
    }
    match countdown.rsplit_once(' ') {
        Some((head, tail)) if tail.ends_with('h') && head.ends_with('d') => head.to_string(),
        // `DUE NOW, 5h 00m` becomes `DUE NOW, 5h`.
        Some((head, tail)) if tail.ends_with('m') && head.ends_with('h') => head.to_string(),
        _ => countdown.to_string(),
    }
}

/// The line under a narrow board that says in full what the columns cut short.
pub fn focus_line(app: &App, row: &BoardRow) -> String {
    let mut parts = vec![format!("{} ({})", app.shown_name(row), row.episode)];
    if app.snapshot.board.several_authorities() {
        parts.push(row.authority.clone());
    }
    if let Some(t) = &row.next_title {
        parts.push(format!(
            "next: {t}, {}",
            row_countdown(row, app.snapshot.now)
        ));
    }
    if row.breaches > 0 {
        parts.push(format!("{} breached", row.breaches));
    }
    parts.push(format!("missing since {}", when(row.missing_since)));
    for v in &row.violations {
        parts.push(format!("! {v}"));
    }
    format!(" {}", parts.join("  |  "))
}

/// Draws the board into `area`.
pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.styles();
    let buf = f.buffer_mut();
    if area.height == 0 {
        return;
    }
    let (cols, auth) = layout(area.width, app.snapshot.board.several_authorities());
    // Column titles.
    let header = Rect { height: 1, ..area };
    buf.set_style(header, s.column_header);
    let mut x = area.x + 1;
    for (i, c) in cols.iter().enumerate() {
        let t = if c.right {
            pad_left(c.title, c.width as usize)
        } else {
            pad(c.title, c.width as usize)
        };
        buf.set_stringn(x, area.y, t, c.width as usize, s.column_header);
        x += c.width + 1;
        if let (0, Some(a)) = (i, auth) {
            buf.set_stringn(
                x,
                area.y,
                pad(a.title, a.width as usize),
                a.width as usize,
                s.column_header,
            );
            x += a.width + 1;
        }
    }
    let list = lines(app);
    let narrow = area.width < WIDE;
    let selected_row = app.selected.as_deref().and_then(|e| app.row(e));
    let focus = narrow && selected_row.is_some() && area.height > 4;
    let body = Rect {
        y: area.y + 1,
        height: area.height - 1 - u16::from(focus),
        ..area
    };
    if let (true, Some(row)) = (focus, selected_row) {
        let y = area.y + area.height - 1;
        let overdue = row.next_state == Some(InstanceState::Overdue);
        let style = if overdue { s.overdue } else { s.base };
        buf.set_stringn(
            area.x,
            y,
            fit(&focus_line(app, row), area.width as usize),
            area.width as usize,
            style.patch(s.column_header),
        );
    }
    if body.height == 0 {
        return;
    }
    let empty = app.snapshot.board.rows.is_empty();
    let selected_line = app.selected.as_ref().and_then(|sel| {
        list.iter()
            .position(|l| matches!(l, BoardLine::Row(r) if &r.episode == sel))
    });
    let overflow = list.len() > body.height as usize;
    let page = if overflow {
        body.height as usize - 1
    } else {
        body.height as usize
    }
    .max(1);
    let offset = selected_line.map_or(0, |l| (l / page) * page);
    for (i, line) in list.iter().skip(offset).take(page).enumerate() {
        let y = body.y + i as u16;
        let rect = Rect {
            y,
            height: 1,
            ..body
        };
        match line {
            BoardLine::Blank => {}
            BoardLine::Section(section, n) => {
                let title = format!(" {} ({n})", section.title());
                buf.set_stringn(body.x, y, title, body.width as usize, s.section);
                if *section == Section::Backlog && !app.backlog_open {
                    let w = body.width.saturating_sub(title_width(section, *n));
                    buf.set_stringn(
                        body.x + title_width(section, *n),
                        y,
                        "  folded: b shows them",
                        w as usize,
                        s.dim,
                    );
                }
                if *section == Section::Missing && *n == 0 {
                    let text = if empty {
                        "   No child is missing and no action is open."
                    } else {
                        "   No missing child matches the filter."
                    };
                    let w = body.width.saturating_sub(20);
                    buf.set_stringn(body.x + 20, y, text, w as usize, s.dim);
                }
            }
            BoardLine::Row(row) => {
                let selected = app.selected.as_deref() == Some(row.episode.as_str());
                draw_row(buf, app, rect, (&cols, auth), row, selected);
            }
        }
    }
    if overflow {
        let y = body.y + body.height - 1;
        let last = (offset + page).min(list.len());
        let more = if last < list.len() {
            "PgDn for more"
        } else {
            "PgUp for the rest"
        };
        let text = format!(
            " lines {}-{} of {}  ({more}) ",
            offset + 1,
            last,
            list.len()
        );
        let w = text.len() as u16;
        let x = body.x + body.width.saturating_sub(w) / 2;
        buf.set_stringn(x, y, text, body.width as usize, s.dim);
    }
}

fn draw_row(
    buf: &mut Buffer,
    app: &App,
    rect: Rect,
    (cols, auth): (&[Col; 10], Option<Col>),
    row: &BoardRow,
    selected: bool,
) {
    let s = app.styles();
    let now = app.snapshot.now;
    let overdue = row.next_state == Some(InstanceState::Overdue);
    let mut row_style = s.base;
    if overdue {
        row_style = row_style.patch(s.overdue);
    }
    if selected {
        row_style = row_style.patch(s.selected);
    }
    buf.set_style(rect, row_style);
    let wide = rect.width >= WIDE;
    let name = app.shown_name(row);
    let violation = !row.violations.is_empty();
    let since = if wide {
        when(row.missing_since)
    } else if now - row.missing_since < chrono::Duration::days(6) {
        local(row.missing_since).format("%a %H:%M").to_string()
    } else {
        // A weekday alone would be ambiguous a week or more back: give the date.
        local(row.missing_since).format("%d %b").to_string()
    };
    let due = compact(&row_countdown(row, now), cols[8].width as usize);
    let next = row.next_title.as_deref().unwrap_or("-");
    let (status, category) = if wide {
        (row.status.label(), row.category.label())
    } else {
        (status_short(row.status), category_short(row.category))
    };
    let age = row.age.to_string();
    let el = elapsed(row.elapsed_s);
    let breaches = row.breaches.to_string();
    let cells: [(&str, Style); 10] = [
        (&name, row_style),
        (&age, row_style),
        (status, row_style),
        (category, row_style),
        (row.risk_label, row_style.patch(risk_style(s, row.risk))),
        (&since, row_style),
        (&el, row_style),
        (next, row_style),
        (
            &due,
            row.next_state
                .map_or(row_style, |st| row_style.patch(state_style(s, st))),
        ),
        (
            &breaches,
            if row.breaches > 0 {
                row_style.patch(s.overdue)
            } else {
                row_style
            },
        ),
    ];
    let mut x = rect.x + 1;
    for (i, (c, (text, style))) in cols.iter().zip(cells.iter()).enumerate() {
        let width = c.width as usize;
        if i == 0 && violation {
            // The name, then a `!` for a policy violation.
            let shown = pad(&fit(text, width.saturating_sub(2)), width.saturating_sub(2));
            buf.set_stringn(x, rect.y, &shown, width, *style);
            buf.set_stringn(
                x + c.width - 1,
                rect.y,
                "!",
                1,
                row_style.patch(s.violation),
            );
        } else {
            if i == 4 || i == 8 {
                // A risk label or countdown is styled on its text only.
                buf.set_stringn(x, rect.y, fit(text, width), width, *style);
            } else {
                let t = if c.right {
                    pad_left(text, width)
                } else {
                    pad(text, width)
                };
                buf.set_stringn(x, rect.y, &t, width, *style);
            }
        }
        x += c.width + 1;
        if let (0, Some(a)) = (i, auth) {
            let width = a.width as usize;
            buf.set_stringn(
                x,
                rect.y,
                pad(&fit(&row.authority, width), width),
                width,
                row_style,
            );
            x += a.width + 1;
        }
    }
    if selected {
        buf.set_stringn(rect.x, rect.y, ">", 1, row_style);
    }
}

/// The columns a section's title takes (" TITLE (n)").
fn title_width(section: &Section, n: usize) -> u16 {
    format!(" {} ({n})", section.title()).chars().count() as u16
}
