//! The sign-in pane: who is on the desk. Shown at start on a shared terminal (no
//! `--operator`, no `$DUTYBOARD_OPERATOR`) and on `o` at shift change.

use crate::calendar::time::when;
use crate::tui::action::{Action, Effect};
use crate::tui::app::{App, SignIn, OPERATOR_MAX};
use crate::tui::bindings::*;
use crate::tui::widgets::{centred, fit};
use crate::views::owned::SinceLast;
use crossterm::event::KeyCode::{Enter, Esc};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

pub static KEYS: Table = Table {
    title: " Keys: sign in ",
    rows: &[
        &Row {
            label: "type",
            help: "your name: recorded with every entry",
            binds: &[],
        },
        &line(&[bind(plain(Enter), Action::SignInSubmit)], "sign in"),
        &line(
            &[bind(plain(Esc), Action::SignInCancel)],
            "quit (at start) / keep the operator",
        ),
        &CTRL_C,
    ],
    hints: &[
        (&[Action::SignInSubmit], "sign in"),
        (&[Action::SignInCancel], "cancel"),
    ],
    otherwise: Otherwise::SignIn,
    legend: false,
};

/// Typing the name, signing in, or keeping the operator (quitting at start); then
/// signing for the handover (Enter) or not now (Esc).
pub fn update(app: &mut App, action: &Action) -> Option<Effect> {
    if app.sign_in.as_ref().is_some_and(|s| s.handover.is_some()) {
        match action {
            Action::SignInSubmit => return Some(Effect::SignHandover),
            Action::SignInCancel => {
                app.sign_in = None;
                app.say("Handover not signed for (o signs in again)", false);
            }
            _ => {}
        }
        return None;
    }
    match action {
        Action::StartSignIn => {
            app.help = false;
            app.sign_in = Some(SignIn::new(false));
        }
        Action::SignInKey(key) => {
            if let Some(s) = app.sign_in.as_mut() {
                s.input.input(*key);
                s.error = None;
            }
        }
        Action::SignInSubmit => submit(app),
        Action::SignInCancel => match app.sign_in.take() {
            Some(s) if s.first => app.quit = true,
            Some(_) => app.say(format!("Still signed in as {}", app.operator), false),
            None => {}
        },
        _ => {}
    }
    None
}

fn submit(app: &mut App) {
    let Some(s) = app.sign_in.as_mut() else {
        return;
    };
    let name = s.text();
    if name.is_empty() {
        s.error = Some("Type your name: it is recorded with every entry".into());
        return;
    }
    if name.chars().count() > OPERATOR_MAX {
        s.error = Some(format!("At most {OPERATOR_MAX} characters"));
        return;
    }
    let since = crate::views::owned::since_last(&app.snapshot.board, &name);
    s.handover = Some(since);
    s.error = None;
    app.operator = name;
    app.say(format!("Signed in as {}", app.operator), false);
}

/// The handover an operator signs for: what changed since they last signed in, and
/// what they own now.
pub fn handover_lines(app: &App, h: &SinceLast) -> Vec<String> {
    let list = |refs: &[String]| -> String {
        let names: Vec<String> = refs
            .iter()
            .map(|e| match app.row(e) {
                Some(r) => format!("{} ({e})", app.shown_name(r)),
                None => e.clone(),
            })
            .collect();
        names.join(", ")
    };
    let mut out = vec![match h.since {
        Some(t) => format!(" Since you last signed in ({}):", when(t)),
        None => " Your first sign-in on this record. On the board now:".to_string(),
    }];
    let count = |n: usize, what: &str, refs: &[String]| match n {
        0 => format!("  no {what}"),
        _ => format!("  {n} {what}: {}", list(refs)),
    };
    if h.since.is_some() {
        out.push(count(h.reported.len(), "reported missing", &h.reported));
        out.push(count(h.returned.len(), "returned", &h.returned));
    }
    out.push(count(
        h.breached.len(),
        "breach(es) not acknowledged",
        &h.breached,
    ));
    if h.acknowledged > 0 {
        out.push(format!(
            "  {} breach(es) acknowledged by the desk",
            h.acknowledged
        ));
    }
    out.push(match h.owned.len() {
        0 => " You own no child's episode (O assigns one).".to_string(),
        n => format!(" You own {n}: {}", list(&h.owned)),
    });
    out
}

fn draw_handover(f: &mut Frame, app: &App, h: &SinceLast, area: Rect) {
    let s = app.styles();
    let text = handover_lines(app, h);
    let height = (text.len() as u16 + 5).min(area.height);
    let popup = centred(area, area.width.saturating_sub(4).min(76), height);
    f.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(s.border)
        .title(Span::styled(
            format!(" Handover: {} ", app.operator),
            s.title,
        ))
        .style(s.base);
    let inner = block.inner(popup);
    f.render_widget(block, popup);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = text
        .iter()
        .map(|t| Line::styled(fit(t, w), s.base))
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled(" Enter", s.hints_key),
        Span::styled(" sign for the handover  ", s.hints),
        Span::styled("Esc", s.hints_key),
        Span::styled(" not now", s.hints),
    ]));
    f.render_widget(Paragraph::new(lines).style(s.base), inner);
}

pub fn draw(f: &mut Frame, app: &App, sign_in: &SignIn, area: Rect) {
    if let Some(h) = &sign_in.handover {
        return draw_handover(f, app, h, area);
    }
    let s = app.styles();
    let popup = centred(area, area.width.saturating_sub(4).min(60), 9);
    f.render_widget(Clear, popup);
    let title = if sign_in.idle {
        " Who is there? "
    } else if sign_in.first {
        " Sign in "
    } else {
        " Switch operator "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(s.border)
        .title(Span::styled(title, s.title))
        .style(s.base);
    let inner = block.inner(popup);
    f.render_widget(block, popup);
    let w = inner.width as usize;
    let (first, second) = if sign_in.idle {
        (
            format!(
                " The board has sat idle {} min. Is {} still here?",
                crate::tui::owned::idle_after().num_minutes(),
                app.operator
            ),
            " Type your name to carry on, or who takes the desk.",
        )
    } else if sign_in.first {
        (
            " Who is on the desk? Your name is recorded".to_string(),
            " with every entry you make.",
        )
    } else {
        (
            format!(" Signed in: {}.", app.operator),
            " Who takes the desk? Their name goes with every entry.",
        )
    };
    let mut lines = vec![
        Line::styled(fit(&first, w), s.base),
        Line::styled(fit(second, w), s.base),
        Line::from(""),
        Line::styled(" Name:", s.focus),
    ];
    let error = sign_in.error.clone().unwrap_or_default();
    lines.push(Line::from(""));
    lines.push(Line::styled(
        fit(
            &if error.is_empty() {
                String::new()
            } else {
                format!(" ! {error}")
            },
            w,
        ),
        s.error,
    ));
    let esc = if sign_in.first { " quit" } else { " cancel" };
    lines.push(Line::from(vec![
        Span::styled(" Enter", s.hints_key),
        Span::styled(" sign in  ", s.hints),
        Span::styled("Esc", s.hints_key),
        Span::styled(esc, s.hints),
    ]));
    f.render_widget(Paragraph::new(lines).style(s.base), inner);
    // The name being typed, beside its label.
    let input = Rect {
        x: inner.x + 7,
        y: inner.y + 3,
        width: inner.width.saturating_sub(8),
        height: 1,
    };
    let mut area = sign_in.input.clone();
    area.set_style(s.input);
    f.render_widget(&area, input);
}
