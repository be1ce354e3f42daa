//! Keys to actions, per pane; and the key lists the help overlay and the hint bar
//! show (one table, so help and behaviour cannot drift apart).

use super::action::Action;
use super::app::{App, Context};
use super::forms::FormKind;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The keys that open a form, on the board and the detail pane.
pub const FORM_KEYS: &[(char, FormKind)] = &[
    ('m', FormKind::Report),
    ('u', FormKind::Update),
    ('p', FormKind::Police),
    ('g', FormKind::Risk),
    ('c', FormKind::Complete),
    ('w', FormKind::Waive),
    ('f', FormKind::Return),
    ('a', FormKind::Acknowledge),
    ('r', FormKind::RhiAttempt),
    ('d', FormKind::RhiDeclined),
    ('l', FormKind::Link),
    ('e', FormKind::Details),
];

/// The keys that open a form on the triage pane (the selected police notification).
pub const TRIAGE_KEYS: &[(char, FormKind)] = &[
    ('a', FormKind::TriageAccept),
    ('n', FormKind::TriageNew),
    ('x', FormKind::TriageDismiss),
    ('g', FormKind::TriageRate),
    ('m', FormKind::TriageDecide),
];

pub fn action_for(app: &App, key: KeyEvent) -> Action {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if app.sign_in.is_some() {
        return match key.code {
            KeyCode::Char('c') if ctrl => Action::Quit,
            KeyCode::Esc => Action::SignInCancel,
            KeyCode::Enter => Action::SignInSubmit,
            _ => Action::SignInKey(key),
        };
    }
    if key.code == KeyCode::F(1) {
        return Action::ToggleHelp;
    }
    if app.help {
        return match key.code {
            KeyCode::Char('c') if ctrl => Action::Quit,
            _ => Action::CloseHelp,
        };
    }
    match app.context() {
        Context::Form => Action::FormKey(key),
        Context::Filter => match key.code {
            KeyCode::Char('c') if ctrl => Action::Quit,
            KeyCode::Esc => Action::FilterCancel,
            KeyCode::Enter => Action::FilterApply,
            _ => Action::FilterKey(key),
        },
        Context::SignIn => Action::SignInKey(key),
        Context::Handover => match key.code {
            KeyCode::Char('c') if ctrl => Action::Quit,
            KeyCode::Char('q') => Action::Quit,
            KeyCode::Char('?') => Action::ToggleHelp,
            KeyCode::Up | KeyCode::Char('k') => Action::Up,
            KeyCode::Down | KeyCode::Char('j') => Action::Down,
            KeyCode::PageUp => Action::PageUp,
            KeyCode::PageDown | KeyCode::Char(' ') => Action::PageDown,
            KeyCode::Home => Action::Top,
            KeyCode::End => Action::Bottom,
            KeyCode::Esc | KeyCode::Backspace | KeyCode::Enter | KeyCode::Char('H') => Action::Back,
            _ => Action::Noop,
        },
        Context::Triage => {
            if let KeyCode::Char(c) = key.code {
                if let Some((_, kind)) = TRIAGE_KEYS.iter().find(|(k, _)| *k == c) {
                    return Action::OpenForm(*kind);
                }
            }
            match key.code {
                KeyCode::Char('c') if ctrl => Action::Quit,
                KeyCode::Char('q') => Action::Quit,
                KeyCode::Char('?') => Action::ToggleHelp,
                KeyCode::Char('i') => Action::TogglePrivacy,
                KeyCode::Char('t') => Action::CycleTheme,
                KeyCode::Char('o') => Action::StartSignIn,
                KeyCode::Up | KeyCode::Char('k') => Action::Up,
                KeyCode::Down | KeyCode::Char('j') => Action::Down,
                KeyCode::Home => Action::Top,
                KeyCode::End => Action::Bottom,
                KeyCode::Left | KeyCode::Char('h') => Action::PrevChild,
                KeyCode::Right | KeyCode::Char('l') => Action::NextChild,
                KeyCode::Esc | KeyCode::Backspace | KeyCode::Char('T') => Action::Back,
                _ => Action::Noop,
            }
        }
        Context::Stats => match key.code {
            KeyCode::Char('c') if ctrl => Action::Quit,
            KeyCode::Char('q') => Action::Quit,
            KeyCode::Char('?') => Action::ToggleHelp,
            KeyCode::Esc | KeyCode::Backspace | KeyCode::Enter | KeyCode::Char('G') => Action::Back,
            _ => Action::Noop,
        },
        context @ (Context::Board | Context::Detail) => {
            if ctrl {
                return match key.code {
                    KeyCode::Char('c') => Action::Quit,
                    KeyCode::Char('f') => Action::PageDown,
                    KeyCode::Char('b') => Action::PageUp,
                    _ => Action::Noop,
                };
            }
            if let KeyCode::Char(c) = key.code {
                if let Some((_, kind)) = FORM_KEYS.iter().find(|(k, _)| *k == c) {
                    return Action::OpenForm(*kind);
                }
            }
            let detail = context == Context::Detail;
            match key.code {
                KeyCode::Char('q') => Action::Quit,
                KeyCode::Char('H') => Action::OpenHandover,
                KeyCode::Char('T') => Action::OpenTriage,
                KeyCode::Char('G') => Action::OpenStats,
                KeyCode::Up | KeyCode::Char('k') => Action::Up,
                KeyCode::Down | KeyCode::Char('j') => Action::Down,
                KeyCode::PageUp => Action::PageUp,
                KeyCode::PageDown | KeyCode::Char(' ') => Action::PageDown,
                KeyCode::Home => Action::Top,
                KeyCode::End => Action::Bottom,
                KeyCode::Left if detail => Action::PrevChild,
                KeyCode::Right if detail => Action::NextChild,
                KeyCode::Enter if !detail => Action::OpenDetail,
                KeyCode::Esc | KeyCode::Backspace | KeyCode::Enter => Action::Back,
                KeyCode::Char('/') => Action::StartFilter,
                KeyCode::Char('s') => Action::CycleSort,
                KeyCode::Char('S') => Action::ReverseSort,
                KeyCode::Char('i') => Action::TogglePrivacy,
                KeyCode::Char('t') => Action::CycleTheme,
                KeyCode::Char('o') => Action::StartSignIn,
                KeyCode::Char('?') => Action::ToggleHelp,
                _ => Action::Noop,
            }
        }
    }
}

/// (key, what it does) for the help overlay of a pane.
pub fn help(context: Context) -> Vec<(&'static str, &'static str)> {
    let forms: Vec<(&'static str, &'static str)> = vec![
        ("m", "report a child missing"),
        ("u", "record an update"),
        ("p", "police informed (ref)"),
        ("g", "regrade risk"),
        ("c", "complete an action"),
        ("w", "waive an action"),
        ("f", "record the return"),
        ("a", "acknowledge a breach"),
        ("r", "RHI attempt"),
        ("d", "RHI declined"),
        ("l", "link children, lead"),
        ("e", "add police info"),
    ];
    let common: Vec<(&'static str, &'static str)> = vec![
        ("i", "privacy: initials"),
        ("t", "next colour theme"),
        ("o", "switch operator"),
        // One line for the three panes, so the board's help still fits 80x24.
        ("H G T", "handover, stats, triage"),
        ("? F1", "this help"),
        ("q", "quit"),
    ];
    match context {
        Context::Board => {
            let mut v = vec![
                ("Up/Down j/k", "move the selection"),
                ("PgUp/PgDn", "a page up / down"),
                ("Home/End", "first / last child"),
                ("Enter", "open the detail pane"),
                ("/", "filter (Esc clears)"),
                ("s / S", "sort key / reverse"),
            ];
            v.extend(forms);
            v.extend(common);
            v
        }
        Context::Detail => {
            let mut v = vec![
                ("Up/Down", "scroll"),
                ("PgUp/PgDn", "scroll a page"),
                ("Left/Right", "previous / next child"),
                ("Esc", "back to the board"),
            ];
            v.extend(forms);
            v.extend(common);
            v
        }
        Context::Handover => vec![
            ("Up/Down", "scroll"),
            ("PgUp/PgDn", "scroll a page"),
            ("Home/End", "top / end"),
            ("Esc H", "back to the board"),
            ("? F1", "this help"),
            ("q", "quit"),
        ],
        Context::Triage => vec![
            ("Up/Down j/k", "the previous / next notification"),
            ("Left/Right", "the previous / next candidate child"),
            ("a", "accept onto the chosen child (opens the episode)"),
            ("n", "register a new child (status not open) and accept"),
            ("x", "dismiss, with a reason"),
            ("g", "RAG rating: red, amber, green"),
            ("m", "MASH decision"),
            ("i", "privacy: initials"),
            ("Esc T", "back to the board"),
            ("? F1", "this help"),
            ("q", "quit"),
        ],
        Context::Stats => vec![
            ("Esc G", "back to the board"),
            ("? F1", "this help"),
            ("q", "quit"),
        ],
        Context::Filter => vec![
            ("type", "filter: name, ref, status, risk, action"),
            ("Up/Down", "move the selection"),
            ("Enter", "keep the filter"),
            ("Esc", "clear the filter"),
        ],
        Context::SignIn => vec![
            ("type", "your name: recorded with every entry"),
            ("Enter", "sign in"),
            ("Esc", "quit (at start) / keep the operator"),
        ],
        Context::Form => vec![
            ("Tab", "next field"),
            ("Shift+Tab", "previous field"),
            ("Up/Down", "previous / next field (not in multi-line text)"),
            ("Left/Right", "change a choice"),
            ("letter", "jump to a choice starting with it"),
            ("Space", "tick a box / change yes-no"),
            ("Enter", "next field (saves on the last); new line in text"),
            ("Ctrl+S", "save: checked as import checks it"),
            ("Esc", "cancel: nothing is written"),
            ("F1", "this help"),
        ],
    }
}

/// The short list the hint bar shows.
pub fn hints(context: Context) -> Vec<(&'static str, &'static str)> {
    match context {
        Context::Board => vec![
            ("Enter", "detail"),
            ("/", "filter"),
            ("m", "missing"),
            ("u", "update"),
            ("c", "done"),
            ("f", "found"),
            ("a", "ack"),
            ("s", "sort"),
            ("i", "initials"),
            ("o", "operator"),
            ("G", "stats"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Context::Detail => vec![
            ("Esc", "board"),
            ("Up/Dn", "scroll"),
            ("u", "update"),
            ("c", "done"),
            ("w", "waive"),
            ("a", "ack"),
            ("e", "add info"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Context::Handover => vec![
            ("Esc", "board"),
            ("Up/Dn", "scroll"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Context::Triage => vec![
            ("Esc", "board"),
            ("a", "accept"),
            ("n", "new child"),
            ("x", "dismiss"),
            ("g", "RAG"),
            ("m", "decision"),
            ("?", "help"),
        ],
        Context::Stats => vec![("Esc", "board"), ("?", "help"), ("q", "quit")],
        Context::Filter => vec![("Enter", "keep"), ("Esc", "clear"), ("Up/Dn", "move")],
        Context::SignIn => vec![("Enter", "sign in"), ("Esc", "cancel")],
        Context::Form => vec![
            ("Ctrl+S", "save"),
            ("Tab", "next"),
            ("Esc", "cancel"),
            ("F1", "help"),
        ],
    }
}
