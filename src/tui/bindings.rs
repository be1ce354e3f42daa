//! How a pane binds its keys: a [`Table`] of help lines, each naming the keys it binds
//! and what they do, and the hint bar's choice of them. Each pane holds its own table
//! (`panes/*.rs`); key dispatch, the help overlay and the hint bar all read it, so
//! what a key does and what the screen says it does cannot drift apart. The lines
//! several panes share (the form keys, quit, help, scrolling) are here.

use super::action::Action;
use super::forms::FormKind;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key as it is matched: Ctrl chords apart, so Ctrl+F never opens the `f` form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Plain(KeyCode),
    Ctrl(char),
}

impl Key {
    pub fn matches(self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match self {
            Key::Plain(code) => !ctrl && key.code == code,
            Key::Ctrl(c) => ctrl && key.code == KeyCode::Char(c),
        }
    }

    /// The key as the help overlay names it.
    pub fn name(self) -> String {
        match self {
            Key::Ctrl(c) => format!("Ctrl+{}", c.to_ascii_uppercase()),
            Key::Plain(code) => match code {
                KeyCode::Up => "Up".into(),
                KeyCode::Down => "Down".into(),
                KeyCode::Left => "Left".into(),
                KeyCode::Right => "Right".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Backspace => "Backspace".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "Shift+Tab".into(),
                KeyCode::F(n) => format!("F{n}"),
                KeyCode::Char(' ') => "Space".into(),
                KeyCode::Char(c) => c.to_string(),
                other => format!("{other:?}"),
            },
        }
    }

    /// The key as the hint bar names it (the bar is short of room).
    pub fn short(self) -> String {
        match self {
            Key::Plain(KeyCode::Down) => "Dn".into(),
            key => key.name(),
        }
    }
}

/// One key and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bind {
    pub key: Key,
    pub action: Action,
}

/// One line of help: the keys as shown ("" = each key's name), what they do, and
/// the binds behind them. An empty `help` binds keys the help does not list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: &'static str,
    pub help: &'static str,
    pub binds: &'static [Bind],
}

impl Row {
    /// The keys as the help overlay shows them.
    pub fn keys(&self) -> String {
        if !self.label.is_empty() {
            return self.label.to_string();
        }
        let names: Vec<String> = self.binds.iter().map(|b| b.key.name()).collect();
        names.join(" ")
    }
}

/// What a key no row binds does on a pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Otherwise {
    Nothing,
    /// Typed into the open form.
    Form,
    /// Typed into the filter.
    Filter,
    /// Typed into the sign-in name.
    SignIn,
    /// Any key closes the help overlay.
    CloseHelp,
    /// Refused: the read-only wallboard.
    ReadOnly,
    /// Typed into the `:` command line.
    Command,
}

/// A pane's keys: its help lines in order, then the hint bar's choice of them.
#[derive(Debug)]
pub struct Table {
    pub title: &'static str,
    pub rows: &'static [&'static Row],
    /// The hint bar, in its order: the actions (joined with `/`) and a short word.
    /// The key shown is the first key bound to the action on this pane.
    pub hints: &'static [(&'static [Action], &'static str)],
    pub otherwise: Otherwise,
    /// Whether the help explains the board's words and marks too.
    pub legend: bool,
}

pub const fn bind(key: Key, action: Action) -> Bind {
    Bind { key, action }
}
pub const fn plain(code: KeyCode) -> Key {
    Key::Plain(code)
}
pub const fn ch(c: char) -> Key {
    Key::Plain(KeyCode::Char(c))
}
pub const fn opens(c: char, kind: FormKind) -> Bind {
    bind(ch(c), Action::OpenForm(kind))
}
/// A key the open form handles itself (named here for its help and hint).
pub const fn to_form(code: KeyCode, modifiers: KeyModifiers) -> Action {
    Action::FormKey(KeyEvent::new(code, modifiers))
}

use KeyCode::{End, Home, PageDown, PageUp, Up, F};

// The keys that open a form, on the board and the detail pane.
pub const REPORT: Row = line(&[opens('m', FormKind::Report)], "report a child missing");
pub const UPDATE: Row = line(&[opens('u', FormKind::Update)], "record an update");
pub const POLICE: Row = line(&[opens('p', FormKind::Police)], "police informed (ref)");
pub const RISK: Row = line(&[opens('g', FormKind::Risk)], "regrade risk");
pub const COMPLETE: Row = line(&[opens('c', FormKind::Complete)], "complete an action");
pub const WAIVE: Row = line(&[opens('w', FormKind::Waive)], "waive an action");
pub const RETURN: Row = line(&[opens('f', FormKind::Return)], "record the return");
pub const ACKNOWLEDGE: Row = line(&[opens('a', FormKind::Acknowledge)], "acknowledge a breach");
pub const RHI_ATTEMPT: Row = line(&[opens('r', FormKind::RhiAttempt)], "RHI attempt");
pub const RHI_DECLINED: Row = line(&[opens('d', FormKind::RhiDeclined)], "RHI declined");
/// Both RHI keys on one help line (the board's help fits 80x24).
pub const RHI: Row = Row {
    label: "r / d",
    help: "RHI attempt / declined",
    binds: &[
        opens('r', FormKind::RhiAttempt),
        opens('d', FormKind::RhiDeclined),
    ],
};
pub const LINK: Row = line(&[opens('l', FormKind::Link)], "link children, lead");
pub const DETAILS: Row = line(&[opens('e', FormKind::Details)], "police details");
/// Corrections (issue 12): each checks, then shows the deadlines it changes.
pub const CORRECTIONS: Row = Row {
    label: "E C X M",
    help: "edit/correct/void/merge",
    binds: &[
        opens('E', FormKind::EditChild),
        opens('C', FormKind::Correct),
        opens('X', FormKind::Void),
        opens('M', FormKind::Merge),
    ],
};

/// A help line showing its keys' own names.
pub const fn line(binds: &'static [Bind], help: &'static str) -> Row {
    Row {
        label: "",
        help,
        binds,
    }
}

pub const PRIVACY: Row = line(&[bind(ch('i'), Action::TogglePrivacy)], "privacy: initials");
pub const THEME: Row = line(&[bind(ch('t'), Action::CycleTheme)], "next colour theme");
pub const OPERATOR: Row = line(&[bind(ch('o'), Action::StartSignIn)], "switch operator");
pub const HELP: Row = Row {
    label: "? F1",
    help: "this help",
    binds: &[
        bind(ch('?'), Action::ToggleHelp),
        bind(plain(F(1)), Action::ToggleHelp),
    ],
};
/// `o` switch operator, `O` assign an owner, `I` only the children I own (one line:
/// the help fits 80x24).
pub const OPERATOR_OWNER: Row = Row {
    label: "o / O / I",
    help: "switch operator/owner/me",
    binds: &[
        bind(ch('o'), Action::StartSignIn),
        opens('O', FormKind::Assign),
        bind(ch('I'), Action::ToggleMine),
    ],
};
pub const START_SHIFT: Row = line(
    &[opens('S', FormKind::Shift)],
    "start a shift (ends at, manager)",
);
pub const UNDO: Row = line(&[bind(ch('U'), Action::Undo)], "undo my save (15 min)");
pub const QUIT: Row = line(&[bind(ch('q'), Action::Quit)], "quit");
pub const CTRL_C: Row = line(&[bind(Key::Ctrl('c'), Action::Quit)], "");

pub const UP_DOWN_BINDS: &[Bind] = &[
    bind(plain(Up), Action::Up),
    bind(ch('k'), Action::Up),
    bind(plain(KeyCode::Down), Action::Down),
    bind(ch('j'), Action::Down),
];
pub const PAGE_BINDS: &[Bind] = &[
    bind(plain(PageUp), Action::PageUp),
    bind(plain(PageDown), Action::PageDown),
    bind(ch(' '), Action::PageDown),
];
pub const HOME_END_BINDS: &[Bind] = &[
    bind(plain(Home), Action::Top),
    bind(plain(End), Action::Bottom),
];
// The board and the detail pane page with Ctrl+F / Ctrl+B too, as less does.
// The scrolling panes (detail, handover, stats) share these two help lines.
pub const SCROLL: Row = Row {
    label: "Up/Down",
    help: "scroll",
    binds: UP_DOWN_BINDS,
};
pub const SCROLL_PAGE: Row = Row {
    label: "PgUp/PgDn",
    help: "scroll a page",
    binds: PAGE_BINDS,
};

pub const BOARD_CTRL: Row = line(
    &[
        bind(Key::Ctrl('c'), Action::Quit),
        bind(Key::Ctrl('f'), Action::PageDown),
        bind(Key::Ctrl('b'), Action::PageUp),
    ],
    "",
);
impl Table {
    pub fn binds(&self) -> impl Iterator<Item = &'static Bind> + '_ {
        self.rows.iter().flat_map(|r| r.binds.iter())
    }

    /// What `key` does on this pane.
    pub fn action(&self, key: KeyEvent) -> Action {
        match self.binds().find(|b| b.key.matches(&key)) {
            // The form reads the key itself, as it came (its row only names it).
            Some(Bind {
                action: Action::FormKey(_),
                ..
            }) => Action::FormKey(key),
            Some(b) => b.action.clone(),
            None => match self.otherwise {
                Otherwise::Nothing => Action::Noop,
                Otherwise::Form => Action::FormKey(key),
                Otherwise::Filter => Action::FilterKey(key),
                Otherwise::SignIn => Action::SignInKey(key),
                Otherwise::CloseHelp => Action::CloseHelp,
                Otherwise::ReadOnly => Action::ReadOnly,
                Otherwise::Command => Action::CommandKey(key),
            },
        }
    }

    /// (keys, what they do) for the help overlay.
    pub fn help(&self) -> Vec<(String, &'static str)> {
        self.rows
            .iter()
            .filter(|r| !r.help.is_empty())
            .map(|r| (r.keys(), r.help))
            .collect()
    }

    /// (key, word) for the hint bar: each action's first key on this pane.
    pub fn hints(&self) -> Vec<(String, &'static str)> {
        self.hints
            .iter()
            .map(|(actions, word)| {
                let keys: Vec<String> = actions
                    .iter()
                    .filter_map(|a| self.binds().find(|b| b.action == *a))
                    .map(|b| b.key.short())
                    .collect();
                (keys.join("/"), *word)
            })
            .collect()
    }
}
