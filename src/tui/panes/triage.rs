//! The MASH triage pane: police notifications waiting for a screener, highest risk
//! first, and for the selected one what the police said and the known children it
//! may be about (same date of birth, a similar name: how similar and why). Risk and
//! RAG are words (`HIGH`, `RED`), the chosen candidate is marked `>`: never colour
//! alone. In privacy mode names are initials, here as everywhere.

use super::Handled;
use crate::calendar::time::{elapsed, when};
use crate::record::vocab::Rag;
use crate::record::Notification;
use crate::triage::pending::TriageItem;
use crate::tui::action::{Action, Effect};
use crate::tui::app::{App, Screen};
use crate::tui::bindings::*;
use crate::tui::forms::triage::decision_label;
use crate::tui::forms::FormKind;
use crate::tui::widgets::{bordered, fit, pad, risk_style, wrap};
use crossterm::event::KeyCode::{Backspace, Esc, Left, Right};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

pub static KEYS: Table = Table {
    title: " Keys: MASH triage ",
    rows: &[
        &Row {
            label: "Up/Down j/k",
            help: "the previous / next notification",
            binds: UP_DOWN_BINDS,
        },
        &Row {
            label: "Left/Right",
            help: "the previous / next candidate child",
            binds: &[
                bind(plain(Left), Action::PrevChild),
                bind(ch('h'), Action::PrevChild),
                bind(plain(Right), Action::NextChild),
                bind(ch('l'), Action::NextChild),
            ],
        },
        &line(
            &[opens('a', FormKind::TriageAccept)],
            "accept onto the chosen child (opens the episode)",
        ),
        &line(
            &[opens('n', FormKind::TriageNew)],
            "register a new child (status not open) and accept",
        ),
        &line(
            &[opens('x', FormKind::TriageDismiss)],
            "dismiss, with a reason",
        ),
        &line(
            &[opens('g', FormKind::TriageRate)],
            "RAG rating: red, amber, green",
        ),
        &line(&[opens('m', FormKind::TriageDecide)], "MASH decision"),
        &UNDO,
        &PRIVACY,
        &Row {
            label: "Esc T",
            help: "back to the board",
            binds: &[
                bind(plain(Esc), Action::Back),
                bind(plain(Backspace), Action::Back),
                bind(ch('T'), Action::Back),
            ],
        },
        &HELP,
        &QUIT,
        &CTRL_C,
        &line(
            &[
                bind(ch('t'), Action::CycleTheme),
                bind(ch('o'), Action::StartSignIn),
            ],
            "",
        ),
        &line(HOME_END_BINDS, ""),
    ],
    hints: &[
        (&[Action::Back], "board"),
        (&[Action::OpenForm(FormKind::TriageAccept)], "accept"),
        (&[Action::OpenForm(FormKind::TriageNew)], "new child"),
        (&[Action::OpenForm(FormKind::TriageDismiss)], "dismiss"),
        (&[Action::OpenForm(FormKind::TriageRate)], "RAG"),
        (&[Action::OpenForm(FormKind::TriageDecide)], "decision"),
        (&[Action::ToggleHelp], "help"),
    ],
    otherwise: Otherwise::Nothing,
    legend: false,
};

/// Opens the pane on the notification selected before, or the first waiting.
pub fn open(app: &mut App) -> Option<Effect> {
    app.help = false;
    app.screen = Screen::Triage;
    app.keep_triage_selection();
    None
}

/// Up and Down choose the notification, Left and Right the candidate child.
pub fn update(app: &mut App, action: &Action) -> Handled {
    match action {
        Action::Up => move_triage(app, -1),
        Action::Down => move_triage(app, 1),
        Action::PageUp => move_triage(app, -5),
        Action::PageDown => move_triage(app, 5),
        Action::Top => move_triage(app, isize::MIN / 2),
        Action::Bottom => move_triage(app, isize::MAX / 2),
        Action::PrevChild => move_candidate(app, -1),
        Action::NextChild => move_candidate(app, 1),
        _ => return Handled::Pass,
    }
    Handled::Done
}

fn move_triage(app: &mut App, delta: isize) {
    let n = app.snapshot.triage.len();
    if n == 0 {
        return;
    }
    let at = app.triage_index().unwrap_or(0) as isize;
    let i = (at + delta).clamp(0, n as isize - 1) as usize;
    app.triage_selected = Some(app.snapshot.triage[i].notification.id.clone());
    app.triage_candidate = 0;
}

fn move_candidate(app: &mut App, delta: isize) {
    let n = app
        .triage_index()
        .map(|i| app.snapshot.triage[i].candidates.len())
        .unwrap_or(0);
    if n > 0 {
        app.triage_candidate =
            (app.triage_candidate as isize + delta).clamp(0, n as isize - 1) as usize;
    }
}

/// Rows the list of notifications may take before the selected one's details.
const LIST_ROWS: u16 = 6;
/// The width of the labels before the selected notification's details.
const LABEL: usize = 16;

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.styles();
    let items = &app.snapshot.triage;
    let refused = match app.snapshot.refused.first() {
        Some(r) => format!(
            "; {} file(s) refused in the last day, latest {} (`triage list`) ",
            app.snapshot.refused.len(),
            if app.privacy { "withheld" } else { &r.file }
        ),
        None => String::new(),
    };
    let title = format!(
        " MASH triage: {} police notification{} waiting {refused}",
        items.len(),
        if items.len() == 1 { "" } else { "s" }
    );
    let block = bordered(&title, s, area.width);
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if items.is_empty() {
        let text = vec![
            Line::from(""),
            Line::styled(" No police notification is waiting.", s.base),
            Line::styled(
                " Files dropped into the inbox appear here within seconds (see `dutyboard triage`).",
                s.dim,
            ),
        ];
        f.render_widget(Paragraph::new(text).style(s.base), inner);
        return;
    }
    let selected = app.triage_index().unwrap_or(0);
    let list_rows = (items.len() as u16 + 1)
        .min(LIST_ROWS)
        .min(inner.height / 2);
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Length(list_rows), Constraint::Min(1)]).areas(inner);
    draw_list(f, app, list_area, selected);
    if let Some(item) = items.get(selected) {
        draw_selected(f, app, detail_area, item);
    }
}

/// One line a notification: risk, waiting time, force and reference, name, date of
/// birth, RAG if rated.
fn draw_list(f: &mut Frame, app: &App, area: Rect, selected: usize) {
    let s = app.styles();
    let w = area.width as usize;
    let mut lines = vec![Line::styled(
        pad(
            " RISK WAITING  POLICE REF       NAME                      DOB        RAG",
            w,
        ),
        s.column_header,
    )];
    let rows = area.height.saturating_sub(1) as usize;
    // Keep the selection in view.
    let first = selected.saturating_sub(rows.saturating_sub(1));
    for (i, item) in app
        .snapshot
        .triage
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
    {
        let n = &item.notification;
        let d = &n.details;
        let mark = if i == selected { ">" } else { " " };
        let waiting = elapsed((app.snapshot.now - n.received_at).num_seconds());
        let rag = n
            .screening
            .rag
            .as_ref()
            .map(|r| r.rag.label())
            .unwrap_or("-");
        let row_style = if i == selected { s.selected } else { s.base };
        let spans = vec![
            Span::styled(mark, row_style),
            Span::styled(pad(d.risk.label(), 5), risk_style(app.styles(), d.risk)),
            Span::styled(pad(&waiting, 9), row_style),
            Span::styled(pad(&d.police_ref, 17), row_style),
            Span::styled(pad(&app.shown(&d.name), 26), row_style),
            Span::styled(pad(&d.dob.format("%d/%m/%Y").to_string(), 11), row_style),
            Span::styled(pad(rag, 6), rag_style(app, n)),
        ];
        let used: usize = spans.iter().map(Span::width).sum();
        let mut spans = spans;
        spans.push(Span::styled(" ".repeat(w.saturating_sub(used)), row_style));
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines).style(s.base), area);
}

/// What the police said, the screening so far, and the candidate children.
fn draw_selected(f: &mut Frame, app: &App, area: Rect, item: &TriageItem) {
    let s = app.styles();
    let n = &item.notification;
    let d = &n.details;
    let w = area.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let label = |text: &str| Span::styled(pad(text, LABEL), s.dim);
    lines.push(Line::styled(
        fit(
            &format!(
                " {} ({}), born {}",
                app.shown(&d.name),
                n.id,
                d.dob.format("%d/%m/%Y")
            ),
            w,
        ),
        s.section,
    ));
    lines.push(Line::from(vec![
        label(" Reported"),
        Span::styled(
            fit(
                &format!(
                    "{} by {} ({}), police risk {}",
                    when(d.reported_at),
                    d.reported_by.as_deref().unwrap_or("-"),
                    d.police_force,
                    d.risk.label()
                ),
                w.saturating_sub(LABEL),
            ),
            s.base,
        ),
    ]));
    let seen = match &d.last_seen_location {
        Some(place) => format!("{} at {place}", when(d.last_seen_at)),
        None => when(d.last_seen_at),
    };
    lines.push(Line::from(vec![
        label(" Last seen"),
        Span::styled(fit(&seen, w.saturating_sub(LABEL)), s.base),
    ]));
    if let Some(place) = d.placement.as_deref().or(d.address.as_deref()) {
        // An address identifies a child as surely as a name does.
        let place = if app.privacy { "(hidden)" } else { place };
        lines.push(Line::from(vec![
            label(" Address"),
            Span::styled(fit(place, w.saturating_sub(LABEL)), s.base),
        ]));
    }
    let changes = crate::triage::resent::changes_since_first(n);
    if !changes.is_empty() {
        lines.push(Line::from(vec![
            label(" Re-sent"),
            Span::styled(
                fit(&changes.join(", "), w.saturating_sub(LABEL)),
                risk_style(app.styles(), d.risk),
            ),
        ]));
    }
    if let Some(text) = d.circumstances.as_deref() {
        for (i, line) in wrap(text, w.saturating_sub(LABEL))
            .into_iter()
            .take(2)
            .enumerate()
        {
            lines.push(Line::from(vec![
                label(if i == 0 { " Circumstances" } else { "" }),
                Span::styled(line, s.base),
            ]));
        }
    }
    let rag = match &n.screening.rag {
        Some(r) => format!("{} by {}", r.rag.label(), r.by),
        None => "not rated (g)".to_string(),
    };
    let decision = match &n.screening.decision {
        Some(m) => format!("{} by {}", decision_label(m.decision), m.by),
        None => "none yet (m)".to_string(),
    };
    lines.push(Line::from(vec![
        label(" RAG"),
        Span::styled(pad(&rag, 24), rag_style(app, n)),
        Span::styled("Decision ", s.dim),
        Span::styled(fit(&decision, w.saturating_sub(LABEL + 24 + 9)), s.base),
    ]));
    lines.push(Line::styled(
        pad(
            &format!(
                " Known children it may be about: {} (Left/Right choose, a accept, n new child)",
                item.candidates.len()
            ),
            w,
        ),
        s.column_header,
    ));
    if item.candidates.is_empty() {
        lines.push(Line::styled(
            fit(
                " none with this date of birth and a similar name: n registers a new child",
                w,
            ),
            s.dim,
        ));
    }
    for (i, c) in item.candidates.iter().enumerate() {
        let chosen = i == app.triage_candidate;
        let style = if chosen { s.selected } else { s.base };
        let head = format!(
            "{} {}. {} ({}) {:>3}% match",
            if chosen { ">" } else { " " },
            i + 1,
            app.shown(&c.name),
            c.child,
            c.similarity,
        );
        let one_line = format!("{head}: {}", c.reason);
        if one_line.width() <= w {
            lines.push(Line::styled(pad(&one_line, w), style));
        } else {
            // Why it matched is what the screener judges by: never cut it off.
            lines.push(Line::styled(pad(&head, w), style));
            for part in wrap(&c.reason, w.saturating_sub(6)) {
                lines.push(Line::styled(pad(&format!("      {part}"), w), style));
            }
        }
    }
    f.render_widget(Paragraph::new(lines).style(s.base), area);
}

/// RED carries the breach colour; the word is always there too.
fn rag_style(app: &App, n: &Notification) -> Style {
    let s = app.styles();
    match n.screening.rag.as_ref().map(|r| r.rag) {
        Some(Rag::Red) => s.risk_high,
        Some(Rag::Amber) => s.risk_medium,
        Some(Rag::Green) => s.risk_low,
        None => s.dim,
    }
}
