//! The sign-in pane: who is on the desk. Shown at start on a shared terminal (no
//! `--operator`, no `$DUTYBOARD_OPERATOR`) and on `o` at shift change.

use crate::tui::action::Action;
use crate::tui::app::{App, SignIn, OPERATOR_MAX};
use crate::tui::bindings::*;
use crate::tui::widgets::{centred, fit};
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

/// Typing the name, signing in, or keeping the operator (quitting at start).
pub fn update(app: &mut App, action: &Action) {
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
    app.sign_in = None;
    app.operator = name;
    app.say(format!("Signed in as {}", app.operator), false);
}

pub fn draw(f: &mut Frame, app: &App, sign_in: &SignIn, area: Rect) {
    let s = app.styles();
    let popup = centred(area, area.width.saturating_sub(4).min(60), 9);
    f.render_widget(Clear, popup);
    let title = if sign_in.first {
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
    let (first, second) = if sign_in.first {
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
