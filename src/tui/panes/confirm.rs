//! The one-line question in the hint bar (issue 17, "Forgiving"): before a save
//! that is hard to take back, before typed text is thrown away, before an undo.
//! `y` goes ahead; `n` and Esc go back to what was open, with everything kept (a
//! discard's `n` closes the form and keeps what was typed as a draft).

use crate::tui::action::{Action, Effect};
use crate::tui::app::App;
use crate::tui::bindings::*;
use crate::tui::forgiving::{Changes, Confirm, Then};
use crossterm::event::KeyCode::{Esc, F};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

pub static KEYS: Table = Table {
    title: " Keys: a question (y/n) ",
    rows: &[
        &Row {
            label: "y",
            help: "yes: save, discard or undo, as asked",
            binds: &[
                bind(ch('y'), Action::ConfirmYes),
                bind(ch('Y'), Action::ConfirmYes),
            ],
        },
        &Row {
            label: "n",
            help: "no: back, everything kept (discard: keep a draft)",
            binds: &[
                bind(ch('n'), Action::ConfirmNo),
                bind(ch('N'), Action::ConfirmNo),
            ],
        },
        &line(&[bind(plain(Esc), Action::ConfirmBack)], "back to the form"),
        &line(&[bind(plain(F(1)), Action::ToggleHelp)], "this help"),
    ],
    hints: &[
        (&[Action::ConfirmYes], "yes"),
        (&[Action::ConfirmNo], "no"),
        (&[Action::ConfirmBack], "back"),
    ],
    otherwise: Otherwise::Nothing,
    legend: false,
};

/// Asks `question`; `y` will do `then`.
pub fn ask(app: &mut App, question: String, then: Then) {
    app.confirm = Some(Confirm {
        question,
        then,
        changes: None,
    });
    app.message = None;
    app.dirty = true;
}

/// Asks `question` with what saving will change shown above it (a correction's one
/// confirmation); `y` will do `then`.
pub fn ask_showing(app: &mut App, question: String, changes: Changes, then: Then) {
    ask(app, question, then);
    if let Some(c) = app.confirm.as_mut() {
        c.changes = Some(changes);
    }
}

/// The most lines of changes the pane lists (the rest are counted).
const MOST: usize = 6;

/// What a correction will change, in a pane above the hint bar, over what is open.
pub fn draw_changes(f: &mut Frame, app: &App, changes: &Changes, area: Rect) {
    let s = app.styles();
    let width = area.width.saturating_sub(4).min(100);
    let text_w = (width as usize).saturating_sub(5).max(10);
    let mut lines: Vec<Line> = Vec::new();
    if changes.lines.is_empty() {
        lines.push(Line::from(Span::styled(" No deadline changes.", s.dim)));
    }
    // Each change whole, wrapped under itself.
    for l in changes.lines.iter().take(MOST) {
        for (k, part) in crate::tui::widgets::wrap(l, text_w).into_iter().enumerate() {
            let lead = if k == 0 { " " } else { "   " };
            lines.push(Line::from(Span::styled(format!("{lead}{part}"), s.base)));
        }
    }
    if changes.lines.len() > MOST {
        lines.push(Line::from(Span::styled(
            format!(" ... and {} more", changes.lines.len() - MOST),
            s.dim,
        )));
    }
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(4));
    if width < 20 || height < 3 {
        return;
    }
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + area.height.saturating_sub(height + 1),
        width,
        height,
    };
    let title = crate::tui::widgets::fit(
        &format!(" Deadlines for {}: before -> after ", changes.about),
        width as usize - 4,
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(s.border)
        .title(Span::styled(title, s.title))
        .style(s.base);
    f.render_widget(Clear, popup);
    let inner = block.inner(popup);
    f.render_widget(block, popup);
    f.render_widget(Paragraph::new(lines), inner);
}

/// The answer to the question waiting.
pub fn update(app: &mut App, action: &Action) -> Option<Effect> {
    let confirm = app.confirm.take()?;
    match (confirm.then, action) {
        (Then::Save, Action::ConfirmYes) => {
            if let Some(form) = app.form.as_mut() {
                form.confirmed = true;
                return Some(Effect::Save);
            }
        }
        (Then::Undo, Action::ConfirmYes) => return Some(Effect::Undo),
        (Then::Undo, _) => app.say("Nothing undone", false),
        (Then::Discard, Action::ConfirmYes) => {
            if let Some(form) = app.form.take() {
                app.drafts.remove(&form.draft_key());
            }
            app.say("Discarded: nothing was written", false);
        }
        (Then::Discard, Action::ConfirmNo) => {
            if let Some(form) = app.form.take() {
                let key = super::form_keys()
                    .iter()
                    .find(|(_, k)| *k == form.kind)
                    .map(|(c, _)| format!(" ({c} brings it back)"))
                    .unwrap_or_default();
                app.drafts.insert(form.draft_key(), form);
                app.say(format!("Kept as a draft, nothing was written{key}"), false);
            }
        }
        // Back to the form as it was.
        (Then::Save | Then::Discard, _) => {}
    }
    None
}

/// The question, then its keys, in the hint bar.
pub fn draw(f: &mut Frame, app: &App, confirm: &Confirm, area: Rect) {
    let s = app.styles();
    let question = format!(" {}  ", confirm.question);
    let mut width = question.chars().count();
    let mut spans = vec![Span::styled(question, s.focus)];
    // The question always shows whole (it ends "y/n"); its keys as they fit.
    for (key, what) in KEYS.hints() {
        width += key.chars().count() + what.chars().count() + 3;
        if width > area.width as usize {
            break;
        }
        spans.push(Span::styled(key, s.hints_key));
        spans.push(Span::styled(format!(" {what}  "), s.hints));
    }
    f.render_widget(Paragraph::new(Line::from(spans)).style(s.hints), area);
}
