//! The open form, as a popup over the pane: opening it on what is selected, its
//! keys, and its drawing (labels on the left, kept text-entry widgets on the right,
//! refusals in place under the field they name, the focused field's hint, and the
//! keys at the foot; long forms scroll to keep the focused field in view).

use crate::calendar::time::when;
use crate::tui::action::{Action, Effect};
use crate::tui::app::App;
use crate::tui::bindings::*;
use crate::tui::forgiving::Then;
use crate::tui::forms::{parse_time, Field, Form, FormKind, FormOutcome, Input};
use crate::tui::widgets::{centred, fit, pad, wrap};
use crossterm::event::KeyCode::{self, BackTab, Enter, Esc, Left, Right, Tab, Up, F};
use crossterm::event::{KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

const NONE: KeyModifiers = KeyModifiers::NONE;
const SAVE: Action = to_form(KeyCode::Char('s'), KeyModifiers::CONTROL);
const NEXT_FIELD: Action = to_form(Tab, NONE);
const CANCEL: Action = to_form(Esc, NONE);

pub static KEYS: Table = Table {
    title: " Keys: forms ",
    rows: &[
        &line(&[bind(plain(Tab), NEXT_FIELD)], "next field"),
        &line(
            &[bind(plain(BackTab), to_form(BackTab, KeyModifiers::SHIFT))],
            "previous field",
        ),
        &Row {
            label: "Up/Down",
            help: "previous / next field (not in multi-line text)",
            binds: &[
                bind(plain(Up), to_form(Up, NONE)),
                bind(plain(KeyCode::Down), to_form(KeyCode::Down, NONE)),
            ],
        },
        &Row {
            label: "Left/Right",
            help: "change a choice",
            binds: &[
                bind(plain(Left), to_form(Left, NONE)),
                bind(plain(Right), to_form(Right, NONE)),
            ],
        },
        &Row {
            label: "letters",
            help: "search a choice (Enter takes the match, Esc keeps it)",
            binds: &[],
        },
        &line(
            &[bind(ch(' '), to_form(KeyCode::Char(' '), NONE))],
            "tick a box / change yes-no",
        ),
        &line(
            &[bind(plain(Enter), to_form(Enter, NONE))],
            "next field (saves on the last); new line in text",
        ),
        &line(
            &[bind(Key::Ctrl('s'), SAVE)],
            "save: checked as import checks it",
        ),
        &line(
            &[bind(
                Key::Ctrl('u'),
                to_form(KeyCode::Char('u'), KeyModifiers::CONTROL),
            )],
            "clear the field, as in a shell",
        ),
        &line(
            &[bind(plain(Esc), CANCEL)],
            "cancel: nothing is written (asks if you typed)",
        ),
        &line(&[bind(plain(F(1)), Action::ToggleHelp)], "this help"),
    ],
    hints: &[
        (&[SAVE], "save"),
        (&[NEXT_FIELD], "next"),
        (&[CANCEL], "cancel"),
        (&[Action::ToggleHelp], "help"),
    ],
    otherwise: Otherwise::Form,
    legend: false,
};

/// A key typed into the open form: saving asks the controller to write.
pub fn key(app: &mut App, key: KeyEvent) -> Option<Effect> {
    let form = app.form.as_mut()?;
    match form.key(key) {
        FormOutcome::Submit => return Some(Effect::Save),
        FormOutcome::Cancel if form.has_typed() => super::confirm::ask(
            app,
            "Discard what you typed? y/n (n keeps it as a draft)".into(),
            Then::Discard,
        ),
        FormOutcome::Cancel => {
            if let Some(form) = app.form.take() {
                app.drafts.remove(&form.draft_key());
            }
            app.say("Cancelled: nothing was written", false);
        }
        FormOutcome::Changed | FormOutcome::Nothing => {}
    }
    None
}

/// The episode an acknowledgement is about: the selected child's if it has an
/// unacknowledged breach, else the ticker's current breach.
fn acknowledge_target(app: &App) -> Option<(String, Option<String>)> {
    let open = |t: &&crate::views::board::TickerItem| t.acknowledged_by.is_none();
    // In the order the ticker shows them (new unacknowledged breaches first).
    let ticker = crate::views::escalation::ticker_order(&app.snapshot.board.ticker);
    if let Some(sel) = app.selected.as_deref() {
        if ticker
            .iter()
            .copied()
            .filter(open)
            .any(|t| t.episode == sel)
        {
            return Some((sel.to_string(), None));
        }
    }
    if ticker.is_empty() {
        return None;
    }
    let start = app.ticker_index % ticker.len();
    (0..ticker.len())
        .map(|k| ticker[(start + k) % ticker.len()])
        .find(|t| open(t))
        .map(|t| (t.episode.clone(), Some(t.rule.clone())))
}

pub fn open(app: &mut App, kind: FormKind) {
    if kind.is_triage() {
        let Some(id) = app.triage_selected.clone() else {
            app.say("No police notification is waiting", true);
            return;
        };
        match Form::open_triage(
            kind,
            &app.snapshot,
            &app.policy,
            &id,
            Some(app.triage_candidate),
        ) {
            Ok(form) => show(app, form),
            Err(e) => app.say(format!("{}: {e}", kind.title()), true),
        }
        return;
    }
    let (episode, rule) = if kind == FormKind::Acknowledge {
        match acknowledge_target(app) {
            Some((e, r)) => (Some(e), r),
            None => {
                app.say("No breached deadline to acknowledge", true);
                return;
            }
        }
    } else {
        (app.selected.clone(), None)
    };
    let opened = Form::open(
        kind,
        &app.snapshot,
        &app.policy,
        episode.as_deref(),
        &app.operator,
    )
    .map(|mut form| {
        if let Some(rule) = rule {
            form.choose("rule", &rule);
        }
        form
    });
    match opened {
        Ok(form) => show(app, form),
        Err(e) => app.say(format!("{}: {e}", kind.title()), true),
    }
}

/// Puts an opened form in front, with its draft's text back if one was kept.
fn show(app: &mut App, mut form: Form) {
    if let Some(draft) = app.drafts.get(&form.draft_key()) {
        form.restore(draft);
        app.say("Your draft is back: Ctrl+S saves, Esc discards", false);
    }
    app.help = false;
    app.form = Some(form);
}

const LABEL: u16 = 24;

/// One field's place in the form: where it starts and how many rows it takes.
struct Placed {
    index: usize,
    top: u16,
    input_rows: u16,
    error_rows: Vec<String>,
    hint: Vec<String>,
}

impl Placed {
    fn rows(&self) -> u16 {
        self.input_rows + self.error_rows.len() as u16 + self.hint.len() as u16
    }
}

pub fn title(app: &App, form: &Form) -> String {
    match &form.subject {
        Some(sub) => format!(
            " {}: {} ({}) ",
            form.kind.title(),
            app.subject_name(&sub.name, &sub.initials),
            sub.episode
        ),
        None => format!(" {} ", form.kind.title()),
    }
}

pub fn draw(f: &mut Frame, app: &App, form: &Form, area: Rect) {
    let s = app.styles();
    let width = area.width.saturating_sub(4).min(100);
    let inner_w = width.saturating_sub(2);
    if inner_w < LABEL + 10 || area.height < 8 {
        return;
    }
    let input_w = inner_w - LABEL - 1;
    // General refusals, at the top.
    let mut general: Vec<String> = Vec::new();
    let moved = form.moved(&app.snapshot);
    for e in moved.iter().chain(&form.errors) {
        for (i, l) in wrap(e, inner_w as usize - 3).into_iter().enumerate() {
            general.push(format!("{}{l}", if i == 0 { "! " } else { "  " }));
        }
    }
    general.truncate(4);
    // Lay the fields out.
    let mut placed = Vec::new();
    let mut y = 0u16;
    for i in form.visible() {
        let field = &form.fields[i];
        let focused = i == form.focus;
        let error_rows = field
            .error
            .as_deref()
            .map(|e| wrap(&format!("! {e}"), input_w as usize))
            .unwrap_or_default();
        let mut hint = if focused && !field.hint.is_empty() {
            wrap(field.hint, input_w as usize)
        } else {
            Vec::new()
        };
        hint.truncate(2);
        let p = Placed {
            index: i,
            top: y,
            input_rows: field.input_height(),
            error_rows,
            hint,
        };
        y += p.rows();
        placed.push(p);
    }
    let total = y;
    let chrome = 2 + 2 + general.len() as u16 + u16::from(!general.is_empty());
    let height = (total + chrome).max(8).min(area.height.saturating_sub(2));
    let popup = centred(area, width, height);
    f.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(s.border)
        .title(Span::styled(
            fit(&title(app, form), popup.width as usize - 4),
            s.title,
        ))
        .style(s.base);
    let inner = block.inner(popup);
    f.render_widget(block, popup);
    let foot_y = inner.y + inner.height - 1;
    let foot = Line::from(vec![
        Span::styled(" Ctrl+S", s.hints_key),
        Span::styled(" save  ", s.hints),
        Span::styled("Tab", s.hints_key),
        Span::styled(" next field  ", s.hints),
        Span::styled("Esc", s.hints_key),
        Span::styled(" cancel (nothing is written)  ", s.hints),
        Span::styled("F1", s.hints_key),
        Span::styled(" help", s.hints),
    ]);
    f.render_widget(
        Paragraph::new(foot),
        Rect {
            y: foot_y,
            height: 1,
            ..inner
        },
    );
    for (i, g) in general.iter().enumerate() {
        f.buffer_mut().set_stringn(
            inner.x + 1,
            inner.y + i as u16,
            g,
            inner.width as usize - 1,
            s.error,
        );
    }
    let top = inner.y + general.len() as u16 + u16::from(!general.is_empty());
    let view = Rect {
        x: inner.x,
        y: top,
        width: inner.width,
        height: foot_y.saturating_sub(top + 1),
    };
    if view.height == 0 {
        return;
    }
    let focus_end = placed
        .iter()
        .find(|p| p.index == form.focus)
        .map_or(0, |p| p.top + p.rows());
    let offset = focus_end.saturating_sub(view.height);
    for p in &placed {
        let field = &form.fields[p.index];
        let focused = p.index == form.focus;
        let mut row = p.top;
        // The label.
        if let Some(y) = screen_y(view, offset, row) {
            let marker = if focused { ">" } else { " " };
            let req = if field.required { " *" } else { "" };
            let label = format!("{marker} {}{req}", field.label);
            let style = if focused {
                s.focus
            } else if field.error.is_some() {
                s.error
            } else {
                s.base
            };
            f.buffer_mut().set_stringn(
                view.x,
                y,
                pad(&label, LABEL as usize),
                LABEL as usize,
                style,
            );
        }
        // The input.
        let first = row.max(offset);
        let last = (row + p.input_rows).min(offset + view.height);
        if last > first {
            let rect = Rect {
                x: view.x + LABEL + 1,
                y: view.y + (first - offset),
                width: input_w,
                height: last - first,
            };
            draw_input(f, app, field, focused, rect);
        }
        row += p.input_rows;
        for e in &p.error_rows {
            if let Some(y) = screen_y(view, offset, row) {
                f.buffer_mut()
                    .set_stringn(view.x + LABEL + 1, y, e, input_w as usize, s.error);
            }
            row += 1;
        }
        for h in &p.hint {
            if let Some(y) = screen_y(view, offset, row) {
                f.buffer_mut()
                    .set_stringn(view.x + LABEL + 1, y, h, input_w as usize, s.dim);
            }
            row += 1;
        }
    }
    if total > view.height {
        let text = if offset + view.height < total {
            " more fields below (Tab) "
        } else {
            " end of form "
        };
        let w = text.len() as u16;
        f.buffer_mut().set_stringn(
            popup.x + popup.width.saturating_sub(w + 2),
            popup.y + popup.height - 1,
            text,
            w as usize,
            s.border,
        );
    }
}

fn screen_y(view: Rect, offset: u16, row: u16) -> Option<u16> {
    (row >= offset && row < offset + view.height).then(|| view.y + row - offset)
}

fn draw_input(f: &mut Frame, app: &App, field: &Field, focused: bool, rect: Rect) {
    let s = app.styles();
    let cursor = if focused {
        s.input.add_modifier(Modifier::REVERSED)
    } else {
        s.input
    };
    match &field.input {
        Input::Text { area, .. } if field.private && app.privacy => {
            // A name in privacy mode: its initials, never the name itself.
            let shown = crate::record::initials(&area.lines().join(" "));
            f.buffer_mut().set_stringn(
                rect.x,
                rect.y,
                fit(
                    &format!("{shown}  (privacy: i shows it)"),
                    rect.width as usize,
                ),
                rect.width as usize,
                s.input,
            );
        }
        Input::Text { area, .. } | Input::Time { area } => {
            let mut shown = area.clone();
            shown.set_style(if focused {
                s.input.add_modifier(Modifier::UNDERLINED)
            } else {
                s.input
            });
            shown.set_cursor_style(cursor);
            shown.set_placeholder_style(s.dim);
            let mut rect = rect;
            if let Input::Time { .. } = field.input {
                // Say how the typed time reads, beside it.
                let typed = area.lines().join(" ");
                if !typed.trim().is_empty() && rect.width > 40 {
                    let note = match parse_time(&typed, app.snapshot.now) {
                        Ok(t) => format!("= {}", when(t)),
                        Err(_) => "= ?".to_string(),
                    };
                    let w = 20u16;
                    f.buffer_mut().set_stringn(
                        rect.x + rect.width - w,
                        rect.y,
                        pad(&note, w as usize),
                        w as usize,
                        s.dim,
                    );
                    rect.width -= w + 1;
                }
            }
            f.render_widget(&shown, rect);
        }
        Input::Choice { options, index } => {
            let style = if focused {
                s.input.add_modifier(Modifier::UNDERLINED)
            } else {
                s.input
            };
            let w = rect.width as usize;
            if let (Some(search), Some(matches)) = (&field.search, field.matches()) {
                // The search line, then its matches, the highlighted one marked.
                let head = format!(
                    "find: {}_   {} of {} match",
                    search.text,
                    matches.len(),
                    options.len()
                );
                f.buffer_mut()
                    .set_stringn(rect.x, rect.y, fit(&head, w), w, style);
                let rows = rect.height.saturating_sub(1) as usize;
                if matches.is_empty() {
                    if rows > 0 {
                        f.buffer_mut().set_stringn(
                            rect.x,
                            rect.y + 1,
                            fit("(none: Backspace, or Esc keeps the choice)", w),
                            w,
                            s.dim,
                        );
                    }
                    return;
                }
                let cursor_at = search.cursor.min(matches.len() - 1);
                let start = (cursor_at + 1).saturating_sub(rows);
                for (k, &m) in matches.iter().enumerate().skip(start).take(rows) {
                    let on = k == cursor_at;
                    let text = format!(
                        "{} {}",
                        if on { ">" } else { " " },
                        options[m].shown(app.privacy)
                    );
                    f.buffer_mut().set_stringn(
                        rect.x,
                        rect.y + 1 + (k - start) as u16,
                        fit(&text, w),
                        w,
                        if on { cursor } else { s.input },
                    );
                }
                return;
            }
            let label = options
                .get(*index)
                .map(|o| o.shown(app.privacy).to_string())
                .unwrap_or_default();
            let text = if focused {
                format!("< {label} >  ({}/{})", index + 1, options.len())
            } else {
                label
            };
            f.buffer_mut()
                .set_stringn(rect.x, rect.y, fit(&text, w), w, style);
        }
        Input::Toggle(b) => {
            let text = if *b { "[x] yes" } else { "[ ] no" };
            let style = if focused { cursor } else { s.input };
            f.buffer_mut()
                .set_stringn(rect.x, rect.y, text, rect.width as usize, style);
        }
        Input::Multi {
            options,
            chosen,
            cursor: at,
        } => {
            if options.is_empty() {
                f.buffer_mut().set_stringn(
                    rect.x,
                    rect.y,
                    "(no other child is on the board)",
                    rect.width as usize,
                    s.dim,
                );
                return;
            }
            let h = rect.height as usize;
            let start = (*at + 1).saturating_sub(h);
            for (k, (o, c)) in options.iter().zip(chosen).enumerate().skip(start).take(h) {
                let text = format!("[{}] {}", if *c { "x" } else { " " }, o.shown(app.privacy));
                let style: Style = if focused && k == *at { cursor } else { s.input };
                f.buffer_mut().set_stringn(
                    rect.x,
                    rect.y + (k - start) as u16,
                    fit(&text, rect.width as usize),
                    rect.width as usize,
                    style,
                );
            }
        }
    }
}
