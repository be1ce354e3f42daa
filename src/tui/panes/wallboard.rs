//! The wallboard (`dutyboard --wallboard`, issue 17): the office's big screen.
//! Read-only: no form opens and every key that would write is refused with a short
//! message. Large rows (three lines a child), and the sections (missing, returned,
//! triage, backlog) take turns every few seconds, page by page, under the header's
//! clock and the ticker. Names are initials from the start (a wall is read by anyone
//! walking past); `i` shows them.

use super::board::row_countdown;
use crate::calendar::time::{elapsed, when};
use crate::procedures::InstanceState;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::bindings::*;
use crate::tui::widgets::{fit, pad, risk_style, state_style};
use crate::views::board::{BoardRow, Section};
use crossterm::event::KeyCode::{Left, Right};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::Frame;

/// The sections it takes turns through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Missing,
    Returned,
    Triage,
    Backlog,
}

pub const PARTS: [Part; 4] = [Part::Missing, Part::Returned, Part::Triage, Part::Backlog];

impl Part {
    pub fn title(self) -> &'static str {
        match self {
            Part::Missing => "MISSING",
            Part::Returned => "RETURNED",
            Part::Triage => "TRIAGE",
            Part::Backlog => "BACKLOG",
        }
    }
}

const REFUSED: &str = "Wallboard: read-only, nothing can be recorded here (q quits)";

pub static KEYS: Table = Table {
    title: " Keys: the wallboard (read-only) ",
    rows: &[
        &Row {
            label: "Left/Right",
            help: "previous / next page",
            binds: &[
                bind(plain(Left), Action::WallPage(false)),
                bind(plain(Right), Action::WallPage(true)),
            ],
        },
        &PRIVACY,
        &THEME,
        &HELP,
        &QUIT,
        &CTRL_C,
        &Row {
            label: "other keys",
            help: "refused: nothing is recorded here",
            binds: &[],
        },
    ],
    hints: &[
        (&[Action::WallPage(true)], "next page"),
        (&[Action::TogglePrivacy], "names"),
        (&[Action::ToggleHelp], "help"),
        (&[Action::Quit], "quit"),
    ],
    otherwise: Otherwise::ReadOnly,
    legend: true,
};

/// The wallboard's own actions: whether it took `action` (the rest are applied as
/// anywhere: quit, help, theme, privacy).
pub fn update(app: &mut App, action: &Action) -> bool {
    if app.wallboard.is_none() {
        return false;
    }
    match action {
        Action::ReadOnly => app.say(REFUSED, true),
        Action::WallPage(forward) => {
            let n = pages(app).len().max(1);
            let ticks = app.ticks;
            if let Some(wall) = app.wallboard.as_mut() {
                let at = wall.step % n;
                wall.step = if *forward { at + 1 } else { at + n - 1 } % n;
                wall.since = ticks;
            }
        }
        _ => return false,
    }
    app.dirty = true;
    true
}

/// Lines each child takes: name and risk; the next action and its countdown; a gap.
const ROW_LINES: u16 = 3;

/// The rows of the body a page can hold (the screen less header, ticker, tabs, hints).
fn per_page(app: &App) -> usize {
    (app.size.1.saturating_sub(6) / ROW_LINES).max(1) as usize
}

fn rows(app: &App, part: Part) -> Vec<&BoardRow> {
    let section = match part {
        Part::Missing => Section::Missing,
        Part::Returned => Section::Returned,
        Part::Backlog => Section::Backlog,
        Part::Triage => return Vec::new(),
    };
    app.snapshot
        .board
        .rows
        .iter()
        .filter(|r| r.section == section || (part == Part::Missing && r.section == Section::Away))
        .collect()
}

fn count(app: &App, part: Part) -> usize {
    match part {
        Part::Triage => app.snapshot.triage.len(),
        _ => rows(app, part).len(),
    }
}

/// Every page in turn: (section, page within it); an empty section is one page.
pub fn pages(app: &App) -> Vec<(Part, usize)> {
    let per = per_page(app);
    PARTS
        .iter()
        .flat_map(|&p| (0..count(app, p).div_ceil(per).max(1)).map(move |k| (p, k)))
        .collect()
}

/// The page up now.
pub fn page(app: &App) -> (Part, usize) {
    let pages = pages(app);
    let step = app.wallboard.map_or(0, |w| w.step);
    pages[step % pages.len()]
}

/// Draws the body: the sections' tabs, then the page up.
pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.styles();
    if area.height < 2 {
        return;
    }
    let (part, k) = page(app);
    let per = per_page(app);
    let buf = f.buffer_mut();
    // The tabs: every section with its count, the one up in reverse.
    let mut x = area.x + 1;
    for p in PARTS {
        let pages = count(app, p).div_ceil(per).max(1);
        let counts = &app.snapshot.board.counts;
        let n = match p {
            Part::Missing if counts.away > 0 => format!("{} +{} away", counts.missing, counts.away),
            _ => count(app, p).to_string(),
        };
        let label = if p == part && pages > 1 {
            format!(" {} {n} ({}/{pages}) ", p.title(), k + 1)
        } else {
            format!(" {} {n} ", p.title())
        };
        let style = if p == part {
            s.section.add_modifier(Modifier::REVERSED)
        } else {
            s.section
        };
        let w = label.chars().count() as u16;
        if x + w > area.x + area.width {
            break;
        }
        buf.set_stringn(x, area.y, &label, w as usize, style);
        x += w + 1;
    }
    if let Some(wall) = app.wallboard {
        let left = wall.left(app.ticks);
        let text = format!("next in {left:>2}s ");
        let w = text.len() as u16;
        if x + w <= area.x + area.width {
            buf.set_stringn(area.x + area.width - w, area.y, &text, w as usize, s.dim);
        }
    }
    let body = Rect {
        y: area.y + 2,
        height: area.height - 2,
        ..area
    };
    let mut y = body.y;
    if part == Part::Triage {
        let items = app.snapshot.triage.iter().skip(k * per).take(per);
        let mut any = false;
        for t in items {
            any = true;
            let d = &t.notification.details;
            put(
                buf,
                body,
                y,
                &format!(
                    "  {}  {}",
                    pad(&app.shown(&d.name), 28),
                    d.risk.label().to_uppercase()
                ),
                s.base.add_modifier(Modifier::BOLD),
            );
            put(
                buf,
                body,
                y + 1,
                &format!(
                    "    {} {}  reported {}  waiting for MASH",
                    d.police_force,
                    d.police_ref,
                    when(d.reported_at)
                ),
                s.base,
            );
            y += ROW_LINES;
        }
        if !any {
            put(buf, body, y, "  No police notification is waiting.", s.dim);
        }
        return;
    }
    let list = rows(app, part);
    if list.is_empty() {
        let text = match part {
            Part::Missing => "  No child is missing.",
            Part::Returned => "  No returned child has an action open.",
            _ => "  Nothing in the backlog.",
        };
        put(buf, body, y, text, s.dim);
        return;
    }
    let now = app.snapshot.now;
    for row in list.into_iter().skip(k * per).take(per) {
        let overdue = row.next_state == Some(InstanceState::Overdue);
        let name_style = if overdue { s.overdue } else { s.base }.add_modifier(Modifier::BOLD);
        let since = match (row.section, row.returned_at) {
            (Section::Away, _) => format!("away {}, whereabouts known", elapsed(row.elapsed_s)),
            (_, Some(back)) => format!("back {}", when(back)),
            _ => format!("missing {}", elapsed(row.elapsed_s)),
        };
        put(
            buf,
            body,
            y,
            &format!(
                "  {}  {}  {since}",
                pad(&app.shown_name(row), 24),
                pad("", 4)
            ),
            name_style,
        );
        buf.set_stringn(
            body.x + 28,
            y,
            row.risk_label,
            4,
            name_style.patch(risk_style(s, row.risk)),
        );
        let next = row.next_title.as_deref().unwrap_or("nothing open");
        let countdown = row_countdown(row, now);
        let room = (body.width as usize).saturating_sub(12 + countdown.chars().count());
        let line = format!("    next: {}", fit(next, room));
        put(buf, body, y + 1, &line, s.base);
        let cx = body.x + line.chars().count() as u16 + 2;
        if cx < body.x + body.width {
            let w = (body.x + body.width - cx) as usize;
            let style = row
                .next_state
                .map_or(s.base, |st| s.base.patch(state_style(s, st)));
            buf.set_stringn(cx, y + 1, fit(&countdown, w), w, style);
        }
        y += ROW_LINES;
    }
}

/// One line of the body, if it is still on screen.
fn put(buf: &mut ratatui::buffer::Buffer, body: Rect, y: u16, text: &str, style: Style) {
    if y < body.y + body.height {
        let w = body.width as usize;
        buf.set_stringn(body.x, y, fit(text, w), w, style);
    }
}
