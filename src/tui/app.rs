//! The app's state: what is on screen and what is selected. It changes only in
//! `App::update` (`super::update`), which routes each action to the pane in front
//! (`super::panes`); no I/O, no clock reads. The controller feeds it actions,
//! snapshots and ticks, and carries out the effects `update` returns.

use super::forms::Form;
use super::theme::Theme;
use crate::views::board::{BoardRow, Section};
use crate::views::detail::{PolicyInfo, Snapshot};
use crate::views::handover::Handover;
use crate::views::stats::Overview;
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
///
/// To add a pane: write `panes/NAME.rs` (its state, its `KEYS` table, its `update`
/// and its `draw`); add its variant here and to [`Pane`] (with its arm in
/// [`Screen::pane`]); and in `panes/mod.rs` declare the module, give it its arm in
/// `keys`, `draw`, `update` and `open`, and bind the key that opens it in `OPEN_PANES`.
/// Those three files are all. A pane whose data the desk must build (like the
/// handover) also needs an `Effect` and a `Msg` in `action.rs` and the desk's answer.
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
    /// Its selection lives in [`App`], so it survives the pane closing.
    Triage,
    /// Statistics: episodes per week, breaches by rule, the RHI rate (they need every
    /// instance, settled ones too, which the board's snapshot does not keep).
    Stats(Box<Overview>),
}

impl Screen {
    /// Which pane this is.
    pub fn pane(&self) -> Pane {
        match self {
            Screen::Board => Pane::Board,
            Screen::Detail { .. } => Pane::Detail,
            Screen::Handover { .. } => Pane::Handover,
            Screen::Triage => Pane::Triage,
            Screen::Stats(_) => Pane::Stats,
        }
    }
}

/// A pane by name, without its data: what a key opens, and whose keys apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Board,
    Detail,
    Handover,
    Triage,
    Stats,
}

/// Whose keys apply, for dispatch, help and hints: the pane in front, or what is
/// open over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Pane(Pane),
    Filter,
    Form,
    SignIn,
    /// A one-line question (save? discard? undo?) waiting for y or n.
    Confirm,
    /// The read-only wallboard (`--wallboard`).
    Wallboard,
    /// The `:` command line.
    Command,
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

    pub fn next(self) -> SortKey {
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
    /// Signed in: what changed since they last did, to sign for (issue 17).
    pub handover: Option<crate::views::owned::SinceLast>,
    /// Asked because the board sat idle.
    pub idle: bool,
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
            handover: None,
            idle: false,
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
    /// The backlog section is shown row by row (`b`), not only as its count.
    pub backlog_open: bool,
    pub theme: Theme,
    pub theme_dir: Option<PathBuf>,
    /// The selected episode: kept by reference, so it survives live updates.
    pub selected: Option<String>,
    /// Where the selection was, to land near it if its row goes.
    pub selected_index: usize,
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
    /// The last key (the idle prompt asks who is there after a set time without one).
    pub last_key: Option<chrono::DateTime<chrono::Utc>>,
    /// Started with nobody named (a shared terminal): it asks who is there when idle.
    pub shared_terminal: bool,
    /// The terminal's size (columns, rows).
    pub size: (u16, u16),
    pub quit: bool,
    /// Something on screen changed: draw on the next turn of the loop.
    pub dirty: bool,
    /// The one-line question waiting for y or n, if any.
    pub confirm: Option<super::forgiving::Confirm>,
    /// Forms closed unsaved with their text kept, one per form kind and subject.
    pub drafts: super::forgiving::Drafts,
    /// What this board last saved, by whom and when (for `U`).
    pub last_save: Option<super::forgiving::LastSave>,
    /// The record itself in trouble, or a save waiting for it (review D11, D12): the
    /// first banner line while it holds.
    pub record_notice: Option<String>,
    /// The read-only wallboard's page and timing (`--wallboard`), if this is one.
    pub wallboard: Option<super::wallboard::Wall>,
    /// The `:` command line, while it is open.
    pub command: Option<super::command::CommandLine>,
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
            backlog_open: false,
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
            last_key: None,
            shared_terminal: false,
            size,
            quit: false,
            dirty: true,
            confirm: None,
            drafts: Default::default(),
            last_save: None,
            record_notice: None,
            wallboard: None,
            command: None,
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
        let by_episode: rustc_hash::FxHashMap<&str, &BoardRow> = self
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
                .is_none_or(|e| !self.snapshot.on_board(e))
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
    pub fn keep_triage_selection(&mut self) {
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

    /// One second passed: the ticker moves on every few seconds, messages expire.
    pub fn on_tick(&mut self) {
        self.ticks += 1;
        let n = self.snapshot.board.ticker.len();
        if n > 1 && self.ticks.is_multiple_of(TICKER_SECONDS) {
            self.ticker_index = (self.ticker_index + 1) % n;
            self.dirty = true;
        }
        if self.wallboard.as_mut().is_some_and(|w| w.tick(self.ticks)) {
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
        let query = super::filtering::Query::parse(&self.filter_text());
        let mut rows: Vec<&BoardRow> = self
            .snapshot
            .board
            .rows
            .iter()
            .filter(|r| query.is_empty() || self.matches(r, &query))
            .filter(|r| self.backlog_open || r.section != Section::Backlog)
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
            for section in [
                Section::Missing,
                Section::Away,
                Section::Returned,
                Section::Backlog,
            ] {
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

    /// Whether the filter's words all match `r` (`super::filtering`).
    fn matches(&self, r: &BoardRow, query: &super::filtering::Query) -> bool {
        let name = self.shown_name(r);
        let seen = super::filtering::Seen {
            name: &name,
            several_authorities: self.snapshot.board.several_authorities(),
            operator: &self.operator,
            owner: Some(&r.owner),
        };
        query.matches(r, &seen)
    }

    pub fn select_index(&mut self, i: usize) {
        if let Some(e) = self.visible.get(i) {
            self.selected = Some(e.clone());
            self.selected_index = i;
            if let Screen::Detail { scroll } = &mut self.screen {
                *scroll = 0;
            }
        }
    }

    pub fn move_selection(&mut self, delta: isize) {
        if self.visible.is_empty() {
            return;
        }
        let last = self.visible.len() as isize - 1;
        let i = (self.selected_index as isize + delta).clamp(0, last) as usize;
        self.select_index(i);
    }

    /// Rows a page holds on the board.
    pub fn page(&self) -> isize {
        (self.size.1 as isize - 8).max(1)
    }

    /// Asks who is on the desk before anything else (a shared terminal with no
    /// `--operator` and no `$DUTYBOARD_OPERATOR`).
    pub fn require_sign_in(&mut self) {
        self.sign_in = Some(SignIn::new(true));
        self.operator = String::new();
        self.shared_terminal = true;
        self.dirty = true;
    }

    /// The operator given at start: what changed since they last signed in, to sign
    /// for (once they have signed for a handover on this record before).
    pub fn offer_handover(&mut self) {
        let signed = (self.snapshot.board.officers.iter())
            .any(|(n, o)| *n == self.operator && o.signed_at.is_some());
        if !signed {
            return;
        }
        let mut s = SignIn::new(false);
        s.handover = Some(crate::views::owned::since_last(
            &self.snapshot.board,
            &self.operator,
        ));
        self.sign_in = Some(s);
        self.dirty = true;
    }

    /// The subject of a confirmation: the child's name (initials in privacy mode).
    pub fn subject_name(&self, name: &str, initials: &str) -> String {
        if self.privacy {
            initials.to_string()
        } else {
            name.to_string()
        }
    }

    /// What a form writes, in words, with whom it is for: "return recorded for Amy Smith".
    pub fn saved_what(&self, form: &Form) -> String {
        let who = form
            .subject
            .as_ref()
            .map(|s| format!(" for {}", self.subject_name(&s.name, &s.initials)))
            .unwrap_or_default();
        format!("{}{who}", form.kind.saved_by(form))
    }

    /// Called by the controller when a form's events were stored: its draft goes.
    pub fn form_saved(&mut self, select: Option<String>) {
        if let Some(form) = self.form.take() {
            self.drafts.remove(&form.draft_key());
            self.say(format!("Saved: {}", self.saved_what(&form)), false);
        }
        if let Some(e) = select {
            self.selected = Some(e);
            self.refresh_visible();
        }
    }

    /// Whose keys apply now: what is open over the pane, or the pane itself.
    pub fn context(&self) -> Context {
        if self.sign_in.is_some() {
            Context::SignIn
        } else if self.confirm.is_some() {
            Context::Confirm
        } else if self.form.is_some() {
            Context::Form
        } else if self.filter.as_ref().is_some_and(|f| f.editing) {
            Context::Filter
        } else if self.command.is_some() {
            Context::Command
        } else if self.wallboard.is_some() {
            Context::Wallboard
        } else {
            Context::Pane(self.screen.pane())
        }
    }
}

/// For tests: a key press.
pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, crossterm::event::KeyModifiers::NONE)
}
