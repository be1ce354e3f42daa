//! The app's state and the pure `update(action)`: no I/O, no clock reads. The
//! controller ([`super::Controller`]) feeds it actions, snapshots and ticks, and
//! carries out the effects it returns.

use super::action::{Action, Effect, Msg};
use super::forms::{Form, FormKind, FormOutcome};
use super::snapshot::{PolicyInfo, Snapshot};
use super::theme::{Theme, BUILT_IN};
use crate::board::{BoardRow, Section};
use crate::procedures::InstanceState;
use crate::reports::handover::Handover;
use crate::reports::stats::Overview;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::Style;
use ratatui_textarea::TextArea;
use std::path::PathBuf;

/// Seconds each ticker item stays on screen.
pub const TICKER_SECONDS: u64 = 4;
/// Seconds a confirmation stays in the hint bar.
pub const MESSAGE_SECONDS: u64 = 6;

/// The pane in front, with what only it shows: a pane cannot be open without its
/// data (the handover and the statistics are built by the controller as they open).
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    Board,
    /// The selected child's episode, scrolled down this many lines.
    Detail {
        scroll: u16,
    },
    /// The shift handover: what happened in the last 12 hours, what falls due next.
    /// The pane clamps `scroll` to the report's length when drawn.
    Handover {
        report: Box<Handover>,
        scroll: u16,
    },
    /// MASH triage: police notifications waiting, with the children each may be about.
    Triage,
    /// Statistics: episodes per week, breaches by rule, the RHI rate (they need every
    /// instance, settled ones too, which the board's snapshot does not keep).
    Stats(Box<Overview>),
}

/// The order rows take within each section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Overdue, then due now, then soonest due (the board's own order).
    Urgency,
    /// Missing longest first.
    Elapsed,
    /// Highest risk first.
    Risk,
    /// Most breaches first.
    Breaches,
    Name,
}

impl SortKey {
    pub const ALL: &'static [SortKey] = &[
        SortKey::Urgency,
        SortKey::Elapsed,
        SortKey::Risk,
        SortKey::Breaches,
        SortKey::Name,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Urgency => "urgency",
            SortKey::Elapsed => "time missing",
            SortKey::Risk => "risk",
            SortKey::Breaches => "breaches",
            SortKey::Name => "name",
        }
    }

    fn next(self) -> SortKey {
        let i = SortKey::ALL.iter().position(|k| *k == self).unwrap_or(0);
        SortKey::ALL[(i + 1) % SortKey::ALL.len()]
    }
}

#[derive(Debug, Clone)]
pub struct Filter {
    pub input: TextArea<'static>,
    pub editing: bool,
}

impl Filter {
    pub fn text(&self) -> String {
        self.input.lines().join(" ").trim().to_string()
    }
}

/// The sign-in pane: who is on the desk (at start on a shared terminal, and on `o`).
#[derive(Debug, Clone)]
pub struct SignIn {
    pub input: TextArea<'static>,
    /// At start: Esc quits (nobody may record without a name).
    pub first: bool,
    pub error: Option<String>,
}

impl SignIn {
    pub fn new(first: bool) -> SignIn {
        let mut input = TextArea::default();
        input.set_cursor_line_style(Style::default());
        input.set_placeholder_text("e.g. Sam Duty");
        SignIn {
            input,
            first,
            error: None,
        }
    }

    pub fn text(&self) -> String {
        self.input.lines().join(" ").trim().to_string()
    }
}

/// The longest operator name accepted (it is stored with every event).
pub const OPERATOR_MAX: usize = 80;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
    /// The tick after which it goes.
    pub until: u64,
}

#[derive(Debug, Clone)]
pub struct App {
    pub snapshot: Snapshot,
    pub policy: PolicyInfo,
    pub operator: String,
    pub screen: Screen,
    pub form: Option<Form>,
    /// The sign-in pane, while someone is signing in.
    pub sign_in: Option<SignIn>,
    pub help: bool,
    pub filter: Option<Filter>,
    pub sort: SortKey,
    pub sort_reverse: bool,
    pub privacy: bool,
    pub theme: Theme,
    pub theme_dir: Option<PathBuf>,
    /// The selected episode: kept by reference, so it survives live updates.
    pub selected: Option<String>,
    /// Where the selection was, to land near it if its row goes.
    selected_index: usize,
    /// Episodes in screen order, after the filter and the sort.
    pub visible: Vec<String>,
    /// The police notification selected in the triage pane (kept by id, so it
    /// survives a notification arriving or being settled on another desk).
    pub triage_selected: Option<String>,
    /// Which of its candidate children is chosen (for `a`).
    pub triage_candidate: usize,
    pub ticks: u64,
    pub ticker_index: usize,
    pub message: Option<Message>,
    /// The terminal's size (columns, rows).
    pub size: (u16, u16),
    pub quit: bool,
    /// Something on screen changed: draw on the next turn of the loop.
    pub dirty: bool,
}

impl App {
    pub fn new(
        snapshot: Snapshot,
        policy: PolicyInfo,
        operator: String,
        theme: Theme,
        privacy: bool,
        size: (u16, u16),
    ) -> App {
        let mut app = App {
            snapshot,
            policy,
            operator,
            screen: Screen::Board,
            form: None,
            sign_in: None,
            help: false,
            filter: None,
            sort: SortKey::Urgency,
            sort_reverse: false,
            privacy,
            theme,
            theme_dir: None,
            selected: None,
            selected_index: 0,
            visible: Vec::new(),
            triage_selected: None,
            triage_candidate: 0,
            ticks: 0,
            ticker_index: 0,
            message: None,
            size,
            quit: false,
            dirty: true,
        };
        app.refresh_visible();
        app
    }

    pub fn styles(&self) -> &super::theme::Styles {
        &self.theme.styles
    }

    pub fn row(&self, episode: &str) -> Option<&BoardRow> {
        self.snapshot
            .board
            .rows
            .iter()
            .find(|r| r.episode == episode)
    }

    /// The rows in screen order.
    pub fn visible_rows(&self) -> Vec<&BoardRow> {
        let by_episode: std::collections::HashMap<&str, &BoardRow> = self
            .snapshot
            .board
            .rows
            .iter()
            .map(|r| (r.episode.as_str(), r))
            .collect();
        self.visible
            .iter()
            .filter_map(|e| by_episode.get(e.as_str()).copied())
            .collect()
    }

    /// The shift handover, while its pane is open.
    pub fn handover(&self) -> Option<&Handover> {
        match &self.screen {
            Screen::Handover { report, .. } => Some(report),
            _ => None,
        }
    }

    /// The statistics, while their pane is open.
    pub fn stats(&self) -> Option<&Overview> {
        match &self.screen {
            Screen::Stats(overview) => Some(overview),
            _ => None,
        }
    }

    pub fn filter_text(&self) -> String {
        self.filter.as_ref().map(Filter::text).unwrap_or_default()
    }

    /// The name as shown: initials in privacy mode.
    pub fn shown_name(&self, row: &BoardRow) -> String {
        self.shown(&row.name)
    }

    /// A full name as shown: initials in privacy mode.
    pub fn shown(&self, full: &str) -> String {
        if self.privacy {
            crate::record::initials(full)
        } else {
            full.to_string()
        }
    }

    /// A new snapshot (the record changed, or the clock moved on).
    pub fn set_snapshot(&mut self, snapshot: Snapshot) {
        self.snapshot = snapshot;
        if !self.snapshot.board.ticker.is_empty() {
            self.ticker_index %= self.snapshot.board.ticker.len();
        } else {
            self.ticker_index = 0;
        }
        self.refresh_visible();
        if matches!(self.screen, Screen::Detail { .. })
            && self
                .selected
                .as_deref()
                .is_none_or(|e| self.snapshot.detail(e).is_none())
        {
            self.screen = Screen::Board;
        }
        self.keep_triage_selection();
        self.dirty = true;
    }

    /// The selected notification's place in the triage list.
    pub fn triage_index(&self) -> Option<usize> {
        let id = self.triage_selected.as_deref()?;
        self.snapshot
            .triage
            .iter()
            .position(|t| t.notification.id == id)
    }

    /// Keeps the triage selection on a notification still waiting: the same one, or
    /// the first if it was settled (perhaps on another desk).
    fn keep_triage_selection(&mut self) {
        if self.triage_index().is_none() {
            self.triage_selected = self
                .snapshot
                .triage
                .first()
                .map(|t| t.notification.id.clone());
            self.triage_candidate = 0;
        }
        let candidates = self
            .triage_index()
            .map(|i| self.snapshot.triage[i].candidates.len())
            .unwrap_or(0);
        self.triage_candidate = self.triage_candidate.min(candidates.saturating_sub(1));
    }

    fn move_triage(&mut self, delta: isize) {
        let n = self.snapshot.triage.len();
        if n == 0 {
            return;
        }
        let at = self.triage_index().unwrap_or(0) as isize;
        let i = (at + delta).clamp(0, n as isize - 1) as usize;
        self.triage_selected = Some(self.snapshot.triage[i].notification.id.clone());
        self.triage_candidate = 0;
    }

    fn move_candidate(&mut self, delta: isize) {
        let n = self
            .triage_index()
            .map(|i| self.snapshot.triage[i].candidates.len())
            .unwrap_or(0);
        if n > 0 {
            self.triage_candidate =
                (self.triage_candidate as isize + delta).clamp(0, n as isize - 1) as usize;
        }
    }

    /// One second passed: the ticker moves on every few seconds, messages expire.
    pub fn on_tick(&mut self) {
        self.ticks += 1;
        let n = self.snapshot.board.ticker.len();
        if n > 1 && self.ticks.is_multiple_of(TICKER_SECONDS) {
            self.ticker_index = (self.ticker_index + 1) % n;
            self.dirty = true;
        }
        if self.message.as_ref().is_some_and(|m| self.ticks >= m.until) {
            self.message = None;
            self.dirty = true;
        }
    }

    pub fn say(&mut self, text: impl Into<String>, error: bool) {
        self.message = Some(Message {
            text: text.into(),
            error,
            until: self.ticks + MESSAGE_SECONDS,
        });
        self.dirty = true;
    }

    /// Recomputes the visible rows (filter, sort) and keeps the selection on the
    /// same episode, or near where it was.
    pub fn refresh_visible(&mut self) {
        let needle = self.filter_text().to_lowercase();
        let mut rows: Vec<&BoardRow> = self
            .snapshot
            .board
            .rows
            .iter()
            .filter(|r| needle.is_empty() || self.matches(r, &needle))
            .collect();
        let sort = self.sort;
        let reverse = self.sort_reverse;
        rows.sort_by(|a, b| {
            let within = match sort {
                SortKey::Urgency => std::cmp::Ordering::Equal,
                SortKey::Elapsed => b.elapsed_s.cmp(&a.elapsed_s),
                SortKey::Risk => b.risk.rank().cmp(&a.risk.rank()),
                SortKey::Breaches => b.breaches.cmp(&a.breaches),
                SortKey::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            };
            let within = if reverse { within.reverse() } else { within };
            a.section.cmp(&b.section).then(within)
        });
        if reverse && sort == SortKey::Urgency {
            // Reverse the board's own order within each section.
            let mut out: Vec<&BoardRow> = Vec::with_capacity(rows.len());
            for section in [Section::Missing, Section::Away, Section::Returned] {
                out.extend(rows.iter().rev().filter(|r| r.section == section));
            }
            rows = out;
        }
        self.visible = rows.iter().map(|r| r.episode.clone()).collect();
        match self
            .selected
            .as_ref()
            .and_then(|s| self.visible.iter().position(|e| e == s))
        {
            Some(i) => self.selected_index = i,
            None => {
                if self.visible.is_empty() {
                    self.selected = None;
                    self.selected_index = 0;
                } else {
                    let i = self.selected_index.min(self.visible.len() - 1);
                    self.selected = Some(self.visible[i].clone());
                    self.selected_index = i;
                }
            }
        }
    }

    fn matches(&self, r: &BoardRow, needle: &str) -> bool {
        let name = if self.privacy {
            crate::record::initials(&r.name)
        } else {
            r.name.clone()
        };
        let state = match r.next_state {
            Some(InstanceState::Overdue) => "overdue",
            Some(InstanceState::DueNow) => "due now",
            _ => "",
        };
        [
            name.as_str(),
            &r.child,
            &r.episode,
            r.status.label(),
            r.status.as_str(),
            r.category.label(),
            r.category.as_str(),
            r.risk_label,
            r.next_title.as_deref().unwrap_or(""),
            r.police_ref.as_deref().unwrap_or(""),
            state,
        ]
        .iter()
        .any(|h| h.to_lowercase().contains(needle))
    }

    fn select_index(&mut self, i: usize) {
        if let Some(e) = self.visible.get(i) {
            self.selected = Some(e.clone());
            self.selected_index = i;
            if let Screen::Detail { scroll } = &mut self.screen {
                *scroll = 0;
            }
        }
    }

    fn move_selection(&mut self, delta: isize) {
        if self.visible.is_empty() {
            return;
        }
        let last = self.visible.len() as isize - 1;
        let i = (self.selected_index as isize + delta).clamp(0, last) as usize;
        self.select_index(i);
    }

    /// Rows a page holds on the board.
    fn page(&self) -> isize {
        (self.size.1 as isize - 8).max(1)
    }

    /// Scrolls the pane in front by `by` lines (the board and the triage list move
    /// their selection instead). The handover pane clamps to its length when drawn.
    fn scroll(&mut self, by: i32) {
        match &mut self.screen {
            Screen::Detail { scroll } => {
                let at = i32::from(*scroll);
                let max = super::ui::detail::max_scroll(self);
                self.screen = Screen::Detail {
                    scroll: (at + by).clamp(0, i32::from(max)) as u16,
                };
            }
            Screen::Handover { scroll, .. } => {
                *scroll = (i32::from(*scroll) + by).clamp(0, i32::from(u16::MAX)) as u16;
            }
            _ => {}
        }
    }

    /// Applies one action, or an effect's result: the only place the app changes.
    /// Returns what the world must do, if anything.
    pub fn update(&mut self, msg: impl Into<Msg>) -> Option<Effect> {
        let action = match msg.into() {
            Msg::Act(action) => action,
            Msg::Handover(report) => {
                self.screen = match std::mem::replace(&mut self.screen, Screen::Board) {
                    Screen::Handover { scroll, .. } => Screen::Handover { report, scroll },
                    _ => Screen::Handover { report, scroll: 0 },
                };
                self.dirty = true;
                return None;
            }
            Msg::Stats(overview) => {
                self.screen = Screen::Stats(overview);
                self.dirty = true;
                return None;
            }
        };
        if action != Action::Noop {
            self.dirty = true;
        }
        match action {
            Action::Noop => {}
            Action::Quit => self.quit = true,
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.scroll(0);
            }
            Action::Up => match self.screen {
                Screen::Board => self.move_selection(-1),
                Screen::Triage => self.move_triage(-1),
                _ => self.scroll(-1),
            },
            Action::Down => match self.screen {
                Screen::Board => self.move_selection(1),
                Screen::Triage => self.move_triage(1),
                _ => self.scroll(1),
            },
            Action::PageUp => match self.screen {
                Screen::Board => self.move_selection(-self.page()),
                Screen::Triage => self.move_triage(-5),
                _ => self.scroll(-(self.page() as i32)),
            },
            Action::PageDown => match self.screen {
                Screen::Board => self.move_selection(self.page()),
                Screen::Triage => self.move_triage(5),
                _ => self.scroll(self.page() as i32),
            },
            Action::Top => match self.screen {
                Screen::Board => self.select_index(0),
                Screen::Triage => self.move_triage(isize::MIN / 2),
                _ => self.scroll(-i32::from(u16::MAX)),
            },
            Action::Bottom => match self.screen {
                Screen::Board => self.select_index(self.visible.len().saturating_sub(1)),
                Screen::Triage => self.move_triage(isize::MAX / 2),
                _ => self.scroll(i32::from(u16::MAX)),
            },
            // The controller builds the figures from every instance, then opens it.
            Action::OpenStats => {
                self.help = false;
                return Some(Effect::Stats);
            }
            Action::OpenHandover => return Some(Effect::Handover),
            Action::OpenTriage => {
                self.help = false;
                self.screen = Screen::Triage;
                self.keep_triage_selection();
            }
            Action::PrevChild if self.screen == Screen::Triage => self.move_candidate(-1),
            Action::NextChild if self.screen == Screen::Triage => self.move_candidate(1),
            Action::PrevChild => self.move_selection(-1),
            Action::NextChild => self.move_selection(1),
            Action::OpenDetail => {
                if self.selected.is_some() {
                    self.screen = Screen::Detail { scroll: 0 };
                } else {
                    self.say("No child is selected", true);
                }
            }
            Action::Back => match self.screen {
                Screen::Board => {
                    if self.filter.is_some() {
                        self.filter = None;
                        self.refresh_visible();
                    }
                }
                _ => self.screen = Screen::Board,
            },
            Action::StartFilter => {
                self.screen = Screen::Board;
                let text = self.filter_text();
                let mut input = TextArea::new(vec![text]);
                input.move_cursor(ratatui_textarea::CursorMove::End);
                input.set_cursor_line_style(Style::default());
                self.filter = Some(Filter {
                    input,
                    editing: true,
                });
            }
            // Up and Down move the selection while filtering (the filter's bindings).
            Action::FilterKey(key) => {
                if let Some(f) = self.filter.as_mut() {
                    f.input.input(key);
                    self.refresh_visible();
                }
            }
            Action::FilterApply => {
                if let Some(f) = self.filter.as_mut() {
                    f.editing = false;
                    if f.text().is_empty() {
                        self.filter = None;
                    }
                }
                self.refresh_visible();
            }
            Action::FilterCancel => {
                self.filter = None;
                self.refresh_visible();
            }
            Action::CycleSort => {
                self.sort = self.sort.next();
                self.refresh_visible();
            }
            Action::ReverseSort => {
                self.sort_reverse = !self.sort_reverse;
                self.refresh_visible();
            }
            Action::TogglePrivacy => {
                self.privacy = !self.privacy;
                self.refresh_visible();
                self.say(
                    if self.privacy {
                        "Privacy on: initials only"
                    } else {
                        "Privacy off: full names"
                    },
                    false,
                );
            }
            Action::CycleTheme => {
                let i = BUILT_IN
                    .iter()
                    .position(|(n, _)| *n == self.theme.name)
                    .map_or(0, |i| (i + 1) % BUILT_IN.len());
                let name = BUILT_IN[i].0;
                if let Some(t) = Theme::built_in(name) {
                    self.theme = t;
                    self.say(format!("Theme: {name}"), false);
                }
            }
            Action::ToggleHelp => self.help = !self.help,
            Action::CloseHelp => self.help = false,
            Action::OpenForm(kind) => self.open_form(kind),
            Action::StartSignIn => {
                self.help = false;
                self.sign_in = Some(SignIn::new(false));
            }
            Action::SignInKey(key) => {
                if let Some(s) = self.sign_in.as_mut() {
                    s.input.input(key);
                    s.error = None;
                }
            }
            Action::SignInSubmit => self.sign_in_submit(),
            Action::SignInCancel => match self.sign_in.take() {
                Some(s) if s.first => self.quit = true,
                Some(_) => self.say(format!("Still signed in as {}", self.operator), false),
                None => {}
            },
            Action::FormKey(key) => {
                if let Some(form) = self.form.as_mut() {
                    match form.key(key) {
                        FormOutcome::Submit => return Some(Effect::Save),
                        FormOutcome::Cancel => {
                            self.form = None;
                            self.say("Cancelled: nothing was written", false);
                        }
                        FormOutcome::Changed | FormOutcome::Nothing => {}
                    }
                }
            }
        }
        None
    }

    /// Asks who is on the desk before anything else (a shared terminal with no
    /// `--operator` and no `$DUTYBOARD_OPERATOR`).
    pub fn require_sign_in(&mut self) {
        self.sign_in = Some(SignIn::new(true));
        self.operator = String::new();
        self.dirty = true;
    }

    fn sign_in_submit(&mut self) {
        let Some(s) = self.sign_in.as_mut() else {
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
        self.sign_in = None;
        self.operator = name;
        self.say(format!("Signed in as {}", self.operator), false);
    }

    /// The episode an acknowledgement is about: the selected child's if it has an
    /// unacknowledged breach, else the ticker's current breach.
    fn acknowledge_target(&self) -> Option<(String, Option<String>)> {
        let open = |t: &&crate::board::TickerItem| t.acknowledged_by.is_none();
        let ticker = &self.snapshot.board.ticker;
        if let Some(sel) = self.selected.as_deref() {
            if ticker.iter().filter(open).any(|t| t.episode == sel) {
                return Some((sel.to_string(), None));
            }
        }
        if ticker.is_empty() {
            return None;
        }
        let start = self.ticker_index % ticker.len();
        (0..ticker.len())
            .map(|k| &ticker[(start + k) % ticker.len()])
            .find(open)
            .map(|t| (t.episode.clone(), Some(t.rule.clone())))
    }

    fn open_form(&mut self, kind: FormKind) {
        if kind.is_triage() {
            let Some(id) = self.triage_selected.clone() else {
                self.say("No police notification is waiting", true);
                return;
            };
            match Form::open_triage(
                kind,
                &self.snapshot,
                &self.policy,
                &id,
                Some(self.triage_candidate),
            ) {
                Ok(form) => {
                    self.help = false;
                    self.form = Some(form);
                }
                Err(e) => self.say(format!("{}: {e}", kind.title()), true),
            }
            return;
        }
        let (episode, rule) = if kind == FormKind::Acknowledge {
            match self.acknowledge_target() {
                Some((e, r)) => (Some(e), r),
                None => {
                    self.say("No breached deadline to acknowledge", true);
                    return;
                }
            }
        } else {
            (self.selected.clone(), None)
        };
        let opened = Form::open(
            kind,
            &self.snapshot,
            &self.policy,
            episode.as_deref(),
            &self.operator,
        )
        .map(|mut form| {
            if let Some(rule) = rule {
                form.choose("rule", &rule);
            }
            form
        });
        match opened {
            Ok(form) => {
                self.help = false;
                self.form = Some(form);
            }
            Err(e) => self.say(format!("{}: {e}", kind.title()), true),
        }
    }

    /// The subject of a confirmation: the child's name (initials in privacy mode).
    pub fn subject_name(&self, name: &str, initials: &str) -> String {
        if self.privacy {
            initials.to_string()
        } else {
            name.to_string()
        }
    }

    /// Called by the controller when a form's events were stored.
    pub fn form_saved(&mut self, select: Option<String>) {
        if let Some(form) = self.form.take() {
            let who = form
                .subject
                .as_ref()
                .map(|s| format!(" for {}", self.subject_name(&s.name, &s.initials)))
                .unwrap_or_default();
            self.say(format!("Saved: {}{who}", form.kind.saved()), false);
        }
        if let Some(e) = select {
            self.selected = Some(e);
            self.refresh_visible();
        }
    }

    /// The key that opens a form on this screen matters for help; this is the
    /// context the help and the hint bar describe.
    pub fn context(&self) -> Context {
        if self.sign_in.is_some() {
            Context::SignIn
        } else if self.form.is_some() {
            Context::Form
        } else if self.filter.as_ref().is_some_and(|f| f.editing) {
            Context::Filter
        } else {
            match self.screen {
                Screen::Board => Context::Board,
                Screen::Detail { .. } => Context::Detail,
                Screen::Handover { .. } => Context::Handover,
                Screen::Triage => Context::Triage,
                Screen::Stats(_) => Context::Stats,
            }
        }
    }
}

/// The pane in front, for keys, help and hints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Board,
    Detail,
    Handover,
    Triage,
    Stats,
    Filter,
    Form,
    SignIn,
}

/// For tests: a key press.
pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, crossterm::event::KeyModifiers::NONE)
}
