//! Every key the board answers to, once: per pane, which keys do what, the help
//! line that says so, and the hints the foot of the screen shows. Dispatch
//! ([`action_for`]), the help overlay ([`help`]) and the hint bar ([`hints`]) all
//! read these tables, so what a key does and what the screen says it does cannot
//! drift apart.

use super::action::Action;
use super::app::Context;
use super::forms::FormKind;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key as it is matched: Ctrl chords apart, so Ctrl+F never opens the `f` form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Plain(KeyCode),
    Ctrl(char),
}

impl Key {
    fn matches(self, key: &KeyEvent) -> bool {
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
    fn short(self) -> String {
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

const fn bind(key: Key, action: Action) -> Bind {
    Bind { key, action }
}
const fn plain(code: KeyCode) -> Key {
    Key::Plain(code)
}
const fn ch(c: char) -> Key {
    Key::Plain(KeyCode::Char(c))
}
const fn open(c: char, kind: FormKind) -> Bind {
    bind(ch(c), Action::OpenForm(kind))
}
/// A key the open form handles itself (named here for its help and hint).
const fn to_form(code: KeyCode, modifiers: KeyModifiers) -> Action {
    Action::FormKey(KeyEvent::new(code, modifiers))
}

use KeyCode::{
    BackTab, Backspace, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up, F,
};

// The keys that open a form, on the board and the detail pane.
const REPORT: Row = line(&[open('m', FormKind::Report)], "report a child missing");
const UPDATE: Row = line(&[open('u', FormKind::Update)], "record an update");
const POLICE: Row = line(&[open('p', FormKind::Police)], "police informed (ref)");
const RISK: Row = line(&[open('g', FormKind::Risk)], "regrade risk");
const COMPLETE: Row = line(&[open('c', FormKind::Complete)], "complete an action");
const WAIVE: Row = line(&[open('w', FormKind::Waive)], "waive an action");
const RETURN: Row = line(&[open('f', FormKind::Return)], "record the return");
const ACKNOWLEDGE: Row = line(&[open('a', FormKind::Acknowledge)], "acknowledge a breach");
const RHI_ATTEMPT: Row = line(&[open('r', FormKind::RhiAttempt)], "RHI attempt");
const RHI_DECLINED: Row = line(&[open('d', FormKind::RhiDeclined)], "RHI declined");
const LINK: Row = line(&[open('l', FormKind::Link)], "link children, lead");
const DETAILS: Row = line(&[open('e', FormKind::Details)], "add police info");

/// A help line showing its keys' own names.
const fn line(binds: &'static [Bind], help: &'static str) -> Row {
    Row {
        label: "",
        help,
        binds,
    }
}

const PRIVACY: Row = line(&[bind(ch('i'), Action::TogglePrivacy)], "privacy: initials");
const THEME: Row = line(&[bind(ch('t'), Action::CycleTheme)], "next colour theme");
const OPERATOR: Row = line(&[bind(ch('o'), Action::StartSignIn)], "switch operator");
// One line for the three panes, so the board's help still fits 80x24.
const PANES: Row = line(
    &[
        bind(ch('H'), Action::OpenHandover),
        bind(ch('G'), Action::OpenStats),
        bind(ch('T'), Action::OpenTriage),
    ],
    "handover, stats, triage",
);
const HELP: Row = Row {
    label: "? F1",
    help: "this help",
    binds: &[
        bind(ch('?'), Action::ToggleHelp),
        bind(plain(F(1)), Action::ToggleHelp),
    ],
};
const QUIT: Row = line(&[bind(ch('q'), Action::Quit)], "quit");
const CTRL_C: Row = line(&[bind(Key::Ctrl('c'), Action::Quit)], "");

const UP_DOWN_BINDS: &[Bind] = &[
    bind(plain(Up), Action::Up),
    bind(ch('k'), Action::Up),
    bind(plain(KeyCode::Down), Action::Down),
    bind(ch('j'), Action::Down),
];
const PAGE_BINDS: &[Bind] = &[
    bind(plain(PageUp), Action::PageUp),
    bind(plain(PageDown), Action::PageDown),
    bind(ch(' '), Action::PageDown),
];
const HOME_END_BINDS: &[Bind] = &[
    bind(plain(Home), Action::Top),
    bind(plain(End), Action::Bottom),
];
// The board and the detail pane page with Ctrl+F / Ctrl+B too, as less does.
// The scrolling panes (detail, handover, stats) share these two help lines.
const SCROLL: Row = Row {
    label: "Up/Down",
    help: "scroll",
    binds: UP_DOWN_BINDS,
};
const SCROLL_PAGE: Row = Row {
    label: "PgUp/PgDn",
    help: "scroll a page",
    binds: PAGE_BINDS,
};

const BOARD_CTRL: Row = line(
    &[
        bind(Key::Ctrl('c'), Action::Quit),
        bind(Key::Ctrl('f'), Action::PageDown),
        bind(Key::Ctrl('b'), Action::PageUp),
    ],
    "",
);
const SORT: Row = Row {
    label: "s / S",
    help: "sort key / reverse",
    binds: &[
        bind(ch('s'), Action::CycleSort),
        bind(ch('S'), Action::ReverseSort),
    ],
};
const FILTER: Row = line(&[bind(ch('/'), Action::StartFilter)], "filter (Esc clears)");

pub static BOARD: Table = Table {
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
            &[bind(plain(Enter), Action::OpenDetail)],
            "open the detail pane",
        ),
        &FILTER,
        &SORT,
        &REPORT,
        &UPDATE,
        &POLICE,
        &RISK,
        &COMPLETE,
        &WAIVE,
        &RETURN,
        &ACKNOWLEDGE,
        &RHI_ATTEMPT,
        &RHI_DECLINED,
        &LINK,
        &DETAILS,
        &PRIVACY,
        &THEME,
        &OPERATOR,
        &PANES,
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
        (&[Action::OpenDetail], "detail"),
        (&[Action::StartFilter], "filter"),
        (&[Action::OpenForm(FormKind::Report)], "missing"),
        (&[Action::OpenForm(FormKind::Update)], "update"),
        (&[Action::OpenForm(FormKind::Complete)], "done"),
        (&[Action::OpenForm(FormKind::Return)], "found"),
        (&[Action::OpenForm(FormKind::Acknowledge)], "ack"),
        (&[Action::CycleSort], "sort"),
        (&[Action::TogglePrivacy], "initials"),
        (&[Action::StartSignIn], "operator"),
        (&[Action::OpenStats], "stats"),
        (&[Action::ToggleHelp], "help"),
        (&[Action::Quit], "quit"),
    ],
    otherwise: Otherwise::Nothing,
    legend: true,
};

pub static DETAIL: Table = Table {
    title: " Keys: the detail pane ",
    rows: &[
        &SCROLL,
        &SCROLL_PAGE,
        &Row {
            label: "Left/Right",
            help: "previous / next child",
            binds: &[
                bind(plain(Left), Action::PrevChild),
                bind(plain(Right), Action::NextChild),
            ],
        },
        &Row {
            label: "Esc",
            help: "back to the board",
            binds: &[
                bind(plain(Esc), Action::Back),
                bind(plain(Backspace), Action::Back),
                bind(plain(Enter), Action::Back),
            ],
        },
        &REPORT,
        &UPDATE,
        &POLICE,
        &RISK,
        &COMPLETE,
        &WAIVE,
        &RETURN,
        &ACKNOWLEDGE,
        &RHI_ATTEMPT,
        &RHI_DECLINED,
        &LINK,
        &DETAILS,
        &PRIVACY,
        &THEME,
        &OPERATOR,
        &PANES,
        &HELP,
        &QUIT,
        &BOARD_CTRL,
        // The board's keys still work from here; the help lists the pane's own.
        &line(HOME_END_BINDS, ""),
        &Row {
            label: "",
            help: "",
            binds: &[
                bind(ch('/'), Action::StartFilter),
                bind(ch('s'), Action::CycleSort),
                bind(ch('S'), Action::ReverseSort),
            ],
        },
    ],
    hints: &[
        (&[Action::Back], "board"),
        (&[Action::Up, Action::Down], "scroll"),
        (&[Action::OpenForm(FormKind::Update)], "update"),
        (&[Action::OpenForm(FormKind::Complete)], "done"),
        (&[Action::OpenForm(FormKind::Waive)], "waive"),
        (&[Action::OpenForm(FormKind::Acknowledge)], "ack"),
        (&[Action::OpenForm(FormKind::Details)], "add info"),
        (&[Action::ToggleHelp], "help"),
        (&[Action::Quit], "quit"),
    ],
    otherwise: Otherwise::Nothing,
    legend: true,
};

pub static HANDOVER: Table = Table {
    title: " Keys: the shift handover ",
    rows: &[
        &SCROLL,
        &SCROLL_PAGE,
        &Row {
            label: "Home/End",
            help: "top / end",
            binds: HOME_END_BINDS,
        },
        &Row {
            label: "Esc H",
            help: "back to the board",
            binds: &[
                bind(plain(Esc), Action::Back),
                bind(plain(Backspace), Action::Back),
                bind(plain(Enter), Action::Back),
                bind(ch('H'), Action::Back),
            ],
        },
        &HELP,
        &QUIT,
        &CTRL_C,
    ],
    hints: &[
        (&[Action::Back], "board"),
        (&[Action::Up, Action::Down], "scroll"),
        (&[Action::ToggleHelp], "help"),
        (&[Action::Quit], "quit"),
    ],
    otherwise: Otherwise::Nothing,
    legend: false,
};

pub static TRIAGE: Table = Table {
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
            &[open('a', FormKind::TriageAccept)],
            "accept onto the chosen child (opens the episode)",
        ),
        &line(
            &[open('n', FormKind::TriageNew)],
            "register a new child (status not open) and accept",
        ),
        &line(
            &[open('x', FormKind::TriageDismiss)],
            "dismiss, with a reason",
        ),
        &line(
            &[open('g', FormKind::TriageRate)],
            "RAG rating: red, amber, green",
        ),
        &line(&[open('m', FormKind::TriageDecide)], "MASH decision"),
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

pub static STATS: Table = Table {
    title: " Keys: statistics ",
    rows: &[
        &Row {
            label: "Esc G",
            help: "back to the board",
            binds: &[
                bind(plain(Esc), Action::Back),
                bind(plain(Backspace), Action::Back),
                bind(plain(Enter), Action::Back),
                bind(ch('G'), Action::Back),
            ],
        },
        &HELP,
        &QUIT,
        &CTRL_C,
    ],
    hints: &[
        (&[Action::Back], "board"),
        (&[Action::ToggleHelp], "help"),
        (&[Action::Quit], "quit"),
    ],
    otherwise: Otherwise::Nothing,
    legend: false,
};

pub static FILTERING: Table = Table {
    title: " Keys: the filter ",
    rows: &[
        &Row {
            label: "type",
            help: "filter: name, ref, status, risk, action",
            binds: &[],
        },
        &Row {
            label: "Up/Down",
            help: "move the selection",
            binds: &[
                bind(plain(Up), Action::Up),
                bind(plain(KeyCode::Down), Action::Down),
            ],
        },
        &line(
            &[bind(plain(Enter), Action::FilterApply)],
            "keep the filter",
        ),
        &line(
            &[bind(plain(Esc), Action::FilterCancel)],
            "clear the filter",
        ),
        &CTRL_C,
        &line(&[bind(plain(F(1)), Action::ToggleHelp)], ""),
    ],
    hints: &[
        (&[Action::FilterApply], "keep"),
        (&[Action::FilterCancel], "clear"),
        (&[Action::Up, Action::Down], "move"),
    ],
    otherwise: Otherwise::Filter,
    legend: false,
};

pub static SIGN_IN: Table = Table {
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

const NONE: KeyModifiers = KeyModifiers::NONE;
const SAVE: Action = to_form(KeyCode::Char('s'), KeyModifiers::CONTROL);
const NEXT_FIELD: Action = to_form(Tab, NONE);
const CANCEL: Action = to_form(Esc, NONE);

pub static FORM: Table = Table {
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
            label: "letter",
            help: "jump to a choice starting with it",
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
        &line(&[bind(plain(Esc), CANCEL)], "cancel: nothing is written"),
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

/// While the help is open: any key closes it.
pub static HELP_OPEN: Table = Table {
    title: "",
    rows: &[&line(&[bind(plain(F(1)), Action::ToggleHelp)], ""), &CTRL_C],
    hints: &[],
    otherwise: Otherwise::CloseHelp,
    legend: false,
};

/// The keys of the pane in front.
pub fn table(context: Context) -> &'static Table {
    match context {
        Context::Board => &BOARD,
        Context::Detail => &DETAIL,
        Context::Handover => &HANDOVER,
        Context::Triage => &TRIAGE,
        Context::Stats => &STATS,
        Context::Filter => &FILTERING,
        Context::Form => &FORM,
        Context::SignIn => &SIGN_IN,
    }
}

impl Table {
    fn binds(&self) -> impl Iterator<Item = &'static Bind> + '_ {
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

/// (key, what it does) for the help overlay of a pane.
pub fn help(context: Context) -> Vec<(String, &'static str)> {
    table(context).help()
}

/// The short list the hint bar shows.
pub fn hints(context: Context) -> Vec<(String, &'static str)> {
    table(context).hints()
}

/// The key that opens each form, where it opens (tests press them by kind).
pub fn form_keys() -> Vec<(char, FormKind)> {
    [&BOARD, &TRIAGE]
        .iter()
        .flat_map(|t| t.binds())
        .filter_map(|b| match (b.key, &b.action) {
            (Key::Plain(KeyCode::Char(c)), Action::OpenForm(kind)) => Some((c, *kind)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Context; 8] = [
        Context::Board,
        Context::Detail,
        Context::Handover,
        Context::Triage,
        Context::Stats,
        Context::Filter,
        Context::Form,
        Context::SignIn,
    ];

    #[test]
    fn every_key_the_help_names_is_bound_on_that_line() {
        for context in ALL {
            for row in table(context).rows.iter().filter(|r| !r.binds.is_empty()) {
                let names: Vec<String> = row.binds.iter().map(|b| b.key.name()).collect();
                for token in row.keys().split(['/', ' ']).filter(|t| !t.is_empty()) {
                    assert!(
                        names.iter().any(|n| n == token),
                        "{context:?}: help names {token:?} but the line binds {names:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_hint_names_a_key_bound_on_its_pane() {
        for context in ALL {
            let t = table(context);
            for (actions, word) in t.hints {
                for a in *actions {
                    assert!(
                        t.binds().any(|b| b.action == *a),
                        "{context:?}: hint {word:?} for {a:?}, which no key does"
                    );
                }
            }
        }
    }

    #[test]
    fn no_key_does_two_things_on_one_pane() {
        for context in ALL {
            let binds: Vec<&Bind> = table(context).binds().collect();
            for (i, b) in binds.iter().enumerate() {
                if let Some(other) = binds[i + 1..].iter().find(|o| o.key == b.key) {
                    assert_eq!(
                        other.action, b.action,
                        "{context:?}: {:?} is bound twice",
                        b.key
                    );
                }
            }
        }
    }

    #[test]
    fn ctrl_f_pages_down_and_does_not_open_the_return_form() {
        let ctrl_f = KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL);
        assert_eq!(BOARD.action(ctrl_f), Action::PageDown);
        let f = KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE);
        assert_eq!(BOARD.action(f), Action::OpenForm(FormKind::Return));
    }

    #[test]
    fn a_form_gets_the_key_as_it_came() {
        let shift_tab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(FORM.action(shift_tab), Action::FormKey(shift_tab));
        let x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(FORM.action(x), Action::FormKey(x));
        let f1 = KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE);
        assert_eq!(FORM.action(f1), Action::ToggleHelp);
    }

    #[test]
    fn any_key_closes_the_help_but_ctrl_c_quits() {
        let x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(HELP_OPEN.action(x), Action::CloseHelp);
        let c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(HELP_OPEN.action(c), Action::Quit);
    }
}
